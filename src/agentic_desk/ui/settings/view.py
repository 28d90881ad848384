"""The settings view: a list of sections on the left, the section on the right.

Every control edits the real settings (``settings.json`` through
:class:`~agentic_desk.core.settings.SettingsStore`), routing configuration
(``router.config.json``) or keyring, through the core. Disk, keyring and network work
runs on worker threads through the view's :class:`~agentic_desk.ui.jobs.JobRunner`;
results come back on the GUI thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLayout,
    QListWidget,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.context import AppContext
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.jobs import Job, JobCancelled, call_job
from agentic_desk.core.models.store import ModelStore
from agentic_desk.core.routing import config as rc
from agentic_desk.core.settings import Settings, SettingsValueError, apply_changes
from agentic_desk.ui import errors
from agentic_desk.ui.i18n import QT_TRANSLATE_NOOP
from agentic_desk.ui.icons import set_mark
from agentic_desk.ui.jobs import JobRunner, Run
from agentic_desk.ui.settings.common import RESTART, FieldRow, error_text, label, shown
from agentic_desk.ui.settings.general import GeneralPage, PrivacyCloudPage, value_of
from agentic_desk.ui.settings.models_folder import ModelsFolderPage
from agentic_desk.ui.settings.providers import ProvidersPage
from agentic_desk.ui.settings.routing import RoutingPage
from agentic_desk.ui.settings.sent import SentPage
from agentic_desk.ui.settings.templates import TemplatesPage

T = TypeVar("T")
P = TypeVar("P")


@dataclass
class Snapshot:
    """Everything the pages show, read on a worker thread."""

    settings: Settings  # what the file holds
    effective: Settings  # with this run's environment overrides
    env_overrides: dict[str, str] = field(default_factory=dict)  # setting -> variable
    problems: list[str] = field(default_factory=list)
    router: rc.RouterConfig = field(default_factory=rc.RouterConfig)
    router_error: AgenticDeskError | None = None
    spent_today: float = 0.0
    spent_month: float = 0.0
    keyring_error: AgenticDeskError | None = None
    key_states: dict[str, str] = field(default_factory=dict)  # provider -> where its key is
    keys_read: bool = False  # key_states came from the keyring (see keys_needed_at_start)
    models_dir: Path = Path()
    models_count: int = 0
    models_bytes: int = 0


def models_dir_of(context: AppContext, settings: Settings) -> Path:
    return context.paths.models_folder(settings.models_dir)


def read_key_states(
    context: AppContext, router: rc.RouterConfig
) -> tuple[dict[str, str], AgenticDeskError | None]:
    """Where each provider's key comes from ("keyring", "environment (VAR)", "none"
    or "not needed"), and the keyring's problem if it cannot be used. Never a key."""
    from agentic_desk.core.secrets import KeyringUnavailable

    store = context.secrets()
    problem: AgenticDeskError | None = None
    try:
        store.check()
    except KeyringUnavailable as exc:
        problem = exc
    states: dict[str, str] = {}
    for name, entry in router.providers.items():
        if entry.is_local:
            continue
        variable = entry.env_var() or _default_env(name)
        if variable and os.environ.get(variable, "").strip():
            states[name] = f"environment ({variable})"
        elif problem is None and store.has(name):
            states[name] = "keyring"
        elif not entry.needs_key:
            states[name] = "not needed"
        else:
            states[name] = "none"
    return states, problem


def keys_needed_at_start(settings: Settings, router: rc.RouterConfig) -> bool:
    """Whether the view may ask the keyring while the window starts: only when cloud is on
    and a cloud provider needs a key that no environment variable gives. Otherwise the
    keyring is first touched when the user opens Providers, so a fresh desktop login does
    not pop up "choose a password for the new keyring" for an app that needs no key."""
    if not settings.cloud.enabled:
        return False
    for name, entry in router.providers.items():
        if entry.is_local or not entry.needs_key:
            continue
        variable = entry.env_var() or _default_env(name)
        if not (variable and os.environ.get(variable, "").strip()):
            return True
    return False


def _default_env(name: str) -> str | None:
    from agentic_desk.core.secrets import env_var_for

    return env_var_for(name)


class SettingsView(QWidget):
    """The settings view.

    Signals:
        settings_changed(object): the new effective :class:`Settings`, after a save.
        theme_changed(str): "system", "light" or "dark", after the theme was saved.
        restart_needed(str): what needs a restart to take effect, in words.
        router_changed(): ``router.config.json`` was saved (rules, providers, budgets...).
        work_done(str): a background job finished (its name: "load", "save", "router",
            "key", "test", "explain", "import", "export", "move", "audit", "verify"); for
            tests and the lead's status bar.

    Hooks: :meth:`add_section` adds a section (the local API server's, issue 7);
    ``api_server_box`` / ``api_server_layout`` is an empty card on the Privacy & cloud
    page, hidden until something is put in it.
    """

    settings_changed = Signal(object)
    theme_changed = Signal(str)
    restart_needed = Signal(str)
    router_changed = Signal()
    work_done = Signal(str)

    SECTIONS = (  # English names (show_section takes them); shown translated
        QT_TRANSLATE_NOOP("view", "General"),
        QT_TRANSLATE_NOOP("view", "Templates"),
        QT_TRANSLATE_NOOP("view", "Privacy & cloud"),
        QT_TRANSLATE_NOOP("view", "Providers"),
        QT_TRANSLATE_NOOP("view", "Routing"),
        QT_TRANSLATE_NOOP("view", "Models folder"),
        QT_TRANSLATE_NOOP("view", "What left this computer"),
    )

    def __init__(self, context: AppContext, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsView")
        self.context = context
        self.jobs = JobRunner(self)
        # The window's conversation store (set by build_window): encrypting it from the
        # Privacy page converts it under the open store (LiveConversionJob).
        self.conversations: Any = None
        # The window's library index (library.db, same key): converted with it (issue 17)
        self.library_store: Any = None
        self.file_settings: Settings = context.settings
        self.effective: Settings = context.settings
        self.snapshot: Snapshot | None = None
        self._save_lock = threading.Lock()
        self._restart: list[str] = []
        self._started: Settings = context.settings  # what the running app was started with
        # settings the window applies while it runs, though they need a restart elsewhere
        self.live: set[str] = set()
        # the keyring is read only once keys matter: Providers opened, a key saved, or
        # cloud on with a provider that needs one (see keys_needed_at_start)
        self.keys_wanted = False
        self._build()
        self.reload()

    # ---- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("settingsNav")
        self.nav.setAccessibleName(QCoreApplication.translate("view", "Settings sections"))
        self.nav.setFixedWidth(160)  # layout (issue 16): narrower, its words wrap
        self.nav.setWordWrap(True)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.nav)
        right = QVBoxLayout()
        right.setContentsMargins(24, 16, 24, 12)
        right.setSpacing(8)
        self.title = label(QCoreApplication.translate("view", "Settings"), "settingsTitle")
        right.addWidget(self.title)
        # layout (issue 16): in a narrow window the list of sections becomes this menu
        # above the page, which leaves the page the whole width
        self.section_menu = QComboBox()
        self.section_menu.setObjectName("settingsSectionMenu")
        self.section_menu.setAccessibleName(QCoreApplication.translate("view", "Settings section"))
        self.section_menu.hide()
        self.section_menu.activated.connect(self.nav.setCurrentRow)
        self.nav.currentRowChanged.connect(self._sync_section_menu)
        right.addWidget(self.section_menu)
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.banner = label("", "settingsBanner")
        self.banner.hide()
        right.addWidget(self.banner)
        restart = QHBoxLayout()
        self.restart_banner = label("", "restartBanner")
        self.restart_banner.hide()
        restart.addWidget(self.restart_banner, 1)
        right.addLayout(restart)
        self.pages = QStackedWidget()
        right.addWidget(self.pages, 1)
        outer.addLayout(right, 1)
        self.general = GeneralPage(self)
        self.templates = TemplatesPage(self)
        self.privacy = PrivacyCloudPage(self)
        self.providers = ProvidersPage(self)
        self.routing = RoutingPage(self)
        self.models_folder = ModelsFolderPage(self)
        self.sent = SentPage(self)
        self.api_server_box = self.privacy.api_server_box
        self.api_server_layout = self.privacy.api_server_layout
        for title, page in zip(
            self.SECTIONS,
            (
                self.general,
                self.templates,
                self.privacy,
                self.providers,
                self.routing,
                self.models_folder,
                self.sent,
            ),
            strict=True,
        ):
            self.add_section(title, page)
        self.nav.currentRowChanged.connect(self._show_section)
        self.nav.setCurrentRow(0)

    def add_section(self, title: str, widget: QWidget, *, scroll: bool = True) -> int:
        """Add a section (e.g. the local API server's) to the list; returns its index."""
        page: QWidget = widget
        words = QCoreApplication.translate("view", title)
        if scroll:
            area = QScrollArea()
            area.setObjectName("settingsScroll")
            area.setAccessibleName(
                QCoreApplication.translate("view", "{section} settings").format(section=words)
            )
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            area.setWidget(widget)
            page = area
        self.nav.addItem(words)
        self.nav.item(self.nav.count() - 1).setData(Qt.ItemDataRole.UserRole, title)
        self.section_menu.addItem(words, title)
        return self.pages.addWidget(page)

    NARROW_BELOW = 640  # narrower than this, the sections are a menu above the page

    def minimumSizeHint(self) -> QSize:
        """As narrow as the page alone (the section list becomes a menu)."""
        hint = super().minimumSizeHint()
        return QSize(
            max(0, hint.width() - (self.nav.width() if self.nav.isVisible() else 0)), hint.height()
        )

    def resizeEvent(self, event: Any) -> None:
        narrow = self.width() < self.NARROW_BELOW
        if narrow != self.nav.isHidden():
            self.nav.setVisible(not narrow)
            self.section_menu.setVisible(narrow)
        super().resizeEvent(event)

    @Slot(int)
    def _sync_section_menu(self, row: int) -> None:
        if row >= 0 and self.section_menu.currentIndex() != row:
            self.section_menu.setCurrentIndex(row)

    def show_section(self, title: str) -> None:
        """Show the section called ``title`` (its English name, or as shown)."""
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if title in (item.data(Qt.ItemDataRole.UserRole), item.text()):
                self.nav.setCurrentItem(item)
                return

    @Slot(int)
    def _show_section(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self._show_restart()  # issue 16: the notice of this page only
        item = self.nav.item(index)
        self.title.setText(
            item.text() if item is not None else QCoreApplication.translate("view", "Settings")
        )
        self._read_keys_if_shown()

    def _read_keys_if_shown(self) -> None:
        """Opening Providers reads the key states the start-up snapshot left out."""
        snap = self.snapshot
        shown = self.nav.currentItem()
        if (
            snap is not None
            and not snap.keys_read
            and shown is not None
            and shown.data(Qt.ItemDataRole.UserRole) == "Providers"
        ):
            self.providers.refresh_key_state()

    # ---- background work -------------------------------------------------------------------

    def io(
        self,
        name: str,
        work: Callable[..., T],
        *args: Any,
        then: Callable[[T], None],
        fail: Callable[[AgenticDeskError], None] | None = None,
    ) -> None:
        """Run ``work(*args)`` on a worker thread; ``then(result)`` on the GUI thread, or
        ``fail(error)`` (default: the banner) for a known error. ``work_done(name)`` after."""
        self.start_job(name, call_job(name, lambda: work(*args)), done=then, failed=fail)

    def start_job(
        self,
        name: str,
        job: Job[T, P],
        *,
        done: Callable[[T], None],
        progress: Callable[[P], None] | None = None,
        failed: Callable[[AgenticDeskError], None] | None = None,
        cancelled: Callable[[JobCancelled], None] | None = None,
        after: Callable[[], None] | None = None,
        owner: QObject | None = None,
    ) -> Run[T, P]:
        """Run ``job`` with the view's runner (for ``owner``, default the view): a known
        error goes to ``failed`` (default: the banner), a bug to the one report; then
        ``after()`` whatever happened, then ``work_done(name)``."""

        def ended() -> None:
            if after is not None:
                after()
            self.work_done.emit(name)

        return self.jobs.start(
            job,
            owner=owner or self,
            done=done,
            progress=progress,
            failed=failed or self.show_error,
            cancelled=cancelled,
            after=ended,
        )

    def show_error(self, error: AgenticDeskError) -> None:
        errors.show_error(self.banner, error)

    def clear_error(self) -> None:
        errors.show_message(self.banner, "")

    # ---- reading -----------------------------------------------------------------------------

    def reload(self) -> None:
        self.io("load", self._read, then=self._show)

    def _read(self) -> Snapshot:
        loaded = self.context.settings_store.load()
        snap = Snapshot(
            settings=loaded.file_settings,
            effective=loaded.settings,
            env_overrides=dict(loaded.env_overrides),
            problems=list(loaded.problems),
        )
        try:
            snap.router = self.context.router()
        except AgenticDeskError as exc:
            snap.router_error = exc
        ledger = self.context.ledger()
        snap.spent_today, snap.spent_month = ledger.today(), ledger.month()
        if self.keys_wanted or keys_needed_at_start(snap.effective, snap.router):
            snap.key_states, snap.keyring_error = read_key_states(self.context, snap.router)
            snap.keys_read = True
        snap.models_dir = models_dir_of(self.context, loaded.file_settings)
        installed = ModelStore(snap.models_dir).installed()
        snap.models_count = len(installed)
        snap.models_bytes = sum(m.size_bytes for m in installed if not m.in_place)
        return snap

    def _show(self, snap: Snapshot) -> None:
        old = self.snapshot
        if not snap.keys_read and old is not None and old.keys_read:
            # a reload started before the keys were wanted: keep what was last read
            snap.key_states, snap.keyring_error = old.key_states, old.keyring_error
            snap.keys_read = True
        self.snapshot = snap
        self.file_settings = snap.settings
        self.effective = snap.effective
        self.context.settings = snap.effective
        if snap.problems:
            errors.show_message(self.banner, "\n".join(snap.problems))
            set_mark(self.banner, "warning")
        for page in (
            self.general,
            self.templates,
            self.privacy,
            self.providers,
            self.routing,
            self.models_folder,
            self.sent,
        ):
            page.show_snapshot(snap)
        self._read_keys_if_shown()

    # ---- changing settings -----------------------------------------------------------------

    def commit_row(self, row: FieldRow, value: object) -> None:
        """A row was edited: check the value with the core, then save it."""
        dotted = row.dotted

        def saved(settings: Settings) -> None:
            row.saved(value_of(settings, dotted))

        self.change(
            {dotted: value},
            refused=lambda error: row.show_error(error_text(error, dotted)),
            saved=saved,
        )

    def change(
        self,
        changes: Mapping[str, object],
        *,
        refused: Callable[[AgenticDeskError], None],
        saved: Callable[[Settings], None] | None = None,
    ) -> None:
        """Check ``changes`` (dotted names) with the core's validation; refused: nothing is
        saved and ``refused(error)`` is called (a :class:`SettingsValueError`'s
        ``problems`` name each refused setting); else they are saved on a worker thread
        and ``saved(effective settings)`` called."""
        try:
            apply_changes(self.file_settings, changes)
        except SettingsValueError as exc:
            refused(exc)
            return
        self.io(
            "save",
            self._save_changes,
            dict(changes),
            then=lambda result: self.settings_saved(changes, result, saved),
            fail=refused,
        )

    def _save_changes(self, changes: dict[str, object]) -> tuple[Settings, Settings]:
        with self._save_lock:  # one read-modify-write at a time
            self.context.settings_store.update(changes)
            loaded = self.context.settings_store.load()
        return loaded.file_settings, loaded.settings

    def settings_saved(
        self,
        changes: Mapping[str, object],
        result: tuple[Settings, Settings],
        saved: Callable[[Settings], None] | None,
    ) -> None:
        """Settings were written: keep them, tell the pages and the window."""
        self.file_settings, self.effective = result
        self.context.settings = self.effective
        if self.snapshot is not None:
            self.snapshot.settings, self.snapshot.effective = result
        if saved is not None:
            saved(self.effective)
        self.settings_changed.emit(self.effective)
        if "ui.theme" in changes:
            self.theme_changed.emit(self.effective.ui.theme)
        for dotted in changes:
            if dotted in RESTART and dotted not in self.live:
                # issue 16: only a value that differs from the one the app started with
                changed = value_of(self.effective, dotted) != value_of(self._started, dotted)
                if changed:
                    self.note_restart(RESTART[dotted])
                else:
                    self._drop_restart(RESTART[dotted])

    def note_restart(self, what: str) -> None:
        if what not in self._restart:
            self._restart.append(what)
        self._show_restart()
        self.restart_needed.emit(what)

    # ---- the restart notice: real changes only, on the page they concern (issue 16) ----

    def _drop_restart(self, what: str) -> None:
        """A setting put back to the value the app runs with needs no restart."""
        if what in self._restart:
            self._restart.remove(what)
        self._show_restart()

    def _restart_on_page(self, index: int) -> list[str]:
        """The pending restarts that concern the page at ``index``."""
        page = self.pages.widget(index)
        inner = page.widget() if isinstance(page, QScrollArea) else page
        rows = getattr(inner, "rows", {})
        names = {RESTART[d] for d in rows if d in RESTART}
        if inner is self.models_folder:
            names.add(RESTART["models_dir"])
        return [what for what in self._restart if what in names]

    def _show_restart(self) -> None:
        here = self._restart_on_page(self.pages.currentIndex())
        self.restart_banner.setText(
            QCoreApplication.translate("view", "Restart Agentic Desk to apply: {what}.").format(
                what=", ".join(shown(what) for what in here)
            )
            if here
            else ""
        )
        self.restart_banner.setVisible(bool(here))

    # ---- end of the restart notice ----

    # ---- routing configuration ------------------------------------------------------------

    def save_router(
        self,
        config: rc.RouterConfig,
        *,
        then: Callable[[rc.RouterConfig], None] | None = None,
        refused: Callable[[AgenticDeskError], None] | None = None,
        name: str = "router",
    ) -> None:
        """Check ``config`` the way an import would, then write ``router.config.json``.
        While the file on disk cannot be read, nothing is written over it (an import can
        replace it). Refused: ``refused(error)`` (a :class:`~agentic_desk.core.routing.
        config.RouterConfigError`'s ``problems`` name each bad field), or the banner."""
        try:
            damaged = self.snapshot.router_error if self.snapshot is not None else None
            if damaged is not None:
                raise AgenticDeskError(
                    f"{damaged.message} It is left as it is, so this change was not saved.",
                    "Fix the file, or import a routing configuration (Routing → Import…).",
                )
            checked = rc.parse_config(rc.to_json(config))
        except AgenticDeskError as exc:
            if refused is not None:
                refused(exc)
            else:
                self.show_error(exc)
            return

        def write() -> rc.RouterConfig:
            with self._save_lock:
                self.context.save_router(checked)
            return checked

        def written(saved: rc.RouterConfig) -> None:
            if self.snapshot is not None:
                self.snapshot.router = saved
            self.routing.router_saved(saved)
            self.providers.router_saved(saved)
            if then is not None:
                then(saved)
            self.router_changed.emit()

        self.io(name, write, then=written)

    @property
    def router(self) -> rc.RouterConfig:
        return self.snapshot.router if self.snapshot is not None else rc.RouterConfig()


__all__ = ["SettingsView", "Snapshot"]
