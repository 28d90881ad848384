"""``agentic-desk`` with no arguments: the desktop window, on a qasync event loop."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agentic_desk.core.context import AppContext
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.generation import params_from_settings
from agentic_desk.core.paths import AppPaths, private_umask

if TYPE_CHECKING:
    from agentic_desk.core.conversations import ConversationStore
    from agentic_desk.core.startup import StartupProblem

LIGHT = """
QWidget { font-size: 10.5pt; }
#sidebar { background: #f3f4f6; }
#chatTitle { font-size: 13pt; font-weight: 600; }
#userMessage { background: #e8f0fe; border-radius: 10px; }
#assistantMessage { background: #ffffff; border: 1px solid #e5e7eb; border-radius: 10px; }
#messageRole { color: #6b7280; font-weight: 600; }
#badge { color: #6b7280; font-size: 9pt; }
#messageStatus { color: #b45309; }
#codeBlock { background: #1f2430; border-radius: 6px; }
#codeBlock QPlainTextEdit { background: #1f2430; color: #e6e6e6; border: none; }
#codeLanguage { color: #c8ccd4; font-size: 9pt; }
#banner { padding: 8px; border-radius: 6px; background: #fff7ed; color: #7c2d12; }
#draftWarning { padding: 6px 8px; border-radius: 6px; background: #eff6ff; color: #1e3a8a; }
#localOnly { color: #047857; font-weight: 600; }
#emptyState { color: #6b7280; font-size: 12pt; padding: 80px; }
QPushButton#messageAction { border: none; color: #2563eb; padding: 2px 6px; }
#pageTitle { font-size: 15pt; font-weight: 600; }
QPushButton#navButton:checked { background: #dbeafe; color: #1e3a8a; font-weight: 600; }
#card { background: #ffffff; border: 1px solid #e5e7eb; border-radius: 10px; }
#cardTitle { font-weight: 600; color: #374151; }
#fieldName { color: #6b7280; }
#muted { color: #6b7280; }
QPushButton#primary { background: #2563eb; color: white; border-radius: 6px; padding: 6px 14px; }
QPushButton#primary:disabled { background: #93c5fd; }
QLabel[error="true"] { color: #b91c1c; }
#banner[error="true"], #settingsBanner[error="true"] { background: #fef2f2; color: #991b1b; }
QListView::item { padding: 5px 4px; }
#settingsNav { background: #f3f4f6; border: none; padding-top: 8px; outline: none; }
#settingsNav::item { padding: 8px 14px; }
#settingsTitle { font-size: 15pt; font-weight: 600; }
#settingsCard { background: #ffffff; border: 1px solid #e5e7eb; border-radius: 8px; }
#settingsCardTitle { font-size: 11.5pt; font-weight: 600; }
#fieldHelp { color: #6b7280; font-size: 9.5pt; }
#fieldError, #testResult[ok="false"], #fileResult[ok="false"],
#moveStatus[ok="false"] { color: #b91c1c; }
#testResult[ok="true"], #fileResult[ok="true"], #moveStatus[ok="true"],
#keyState[stored="true"] { color: #047857; }
QLineEdit[invalid="true"] { border: 1px solid #dc2626; border-radius: 3px; }
#noticeBox, #restartBanner, #settingsBanner {
    padding: 8px; border-radius: 6px; background: #fff7ed; color: #7c2d12; }
#cloudState[on="true"] { color: #b45309; }
#cloudState[on="false"], #spendText { color: #047857; }
#cloudSwitch, #consentTitle { font-weight: 600; }
#consentTitle { font-size: 13pt; }
#tryResult { padding: 8px; border-radius: 6px; background: #f3f4f6; }
QPushButton#primaryButton {
    background: #2563eb; color: #ffffff; border: none; border-radius: 4px; padding: 5px 14px;
}
"""

DARK = """
QWidget { font-size: 10.5pt; }
#sidebar { background: #1b1d23; }
#chatTitle { font-size: 13pt; font-weight: 600; }
#userMessage { background: #1e3a5f; border-radius: 10px; }
#assistantMessage { background: #23262e; border: 1px solid #30343d; border-radius: 10px; }
#messageRole { color: #9ca3af; font-weight: 600; }
#badge { color: #9ca3af; font-size: 9pt; }
#messageStatus { color: #fbbf24; }
#codeBlock { background: #111318; border-radius: 6px; }
#codeBlock QPlainTextEdit { background: #111318; color: #e6e6e6; border: none; }
#codeLanguage { color: #9ca3af; font-size: 9pt; }
#banner { padding: 8px; border-radius: 6px; background: #3b2a14; color: #fde68a; }
#draftWarning { padding: 6px 8px; border-radius: 6px; background: #172554; color: #bfdbfe; }
#localOnly { color: #34d399; font-weight: 600; }
#emptyState { color: #9ca3af; font-size: 12pt; padding: 80px; }
QPushButton#messageAction { border: none; color: #60a5fa; padding: 2px 6px; }
#pageTitle { font-size: 15pt; font-weight: 600; }
QPushButton#navButton:checked { background: #1e3a5f; color: #e5e7eb; font-weight: 600; }
#card { background: #1b1d23; border: 1px solid #30343d; border-radius: 10px; }
#cardTitle { font-weight: 600; color: #d1d5db; }
#fieldName { color: #9ca3af; }
#muted { color: #9ca3af; }
QPushButton#primary { background: #2563eb; color: white; border-radius: 6px; padding: 6px 14px; }
QPushButton#primary:disabled { background: #1e3a8a; color: #9ca3af; }
QLabel[error="true"] { color: #f87171; }
#banner[error="true"], #settingsBanner[error="true"] { background: #3b1414; color: #fecaca; }
QListView::item { padding: 5px 4px; }
#settingsNav { background: #1b1d23; border: none; padding-top: 8px; outline: none; }
#settingsView QCheckBox { spacing: 6px; padding: 2px 0; }
#settingsNav::item { padding: 8px 14px; }
#settingsTitle { font-size: 15pt; font-weight: 600; }
#settingsCard { background: #1b1d23; border: 1px solid #30343d; border-radius: 8px; }
#settingsCardTitle { font-size: 11.5pt; font-weight: 600; }
#fieldHelp { color: #9ca3af; font-size: 9.5pt; }
#fieldError, #testResult[ok="false"], #fileResult[ok="false"],
#moveStatus[ok="false"] { color: #f87171; }
#testResult[ok="true"], #fileResult[ok="true"], #moveStatus[ok="true"],
#keyState[stored="true"] { color: #34d399; }
QLineEdit[invalid="true"] { border: 1px solid #f87171; border-radius: 3px; }
#noticeBox, #restartBanner, #settingsBanner {
    padding: 8px; border-radius: 6px; background: #3b2a14; color: #fde68a; }
#cloudState[on="true"] { color: #fbbf24; }
#cloudState[on="false"], #spendText { color: #34d399; }
#cloudSwitch, #consentTitle { font-weight: 600; }
#consentTitle { font-size: 13pt; }
#tryResult { padding: 8px; border-radius: 6px; background: #23262e; }
QPushButton#primaryButton {
    background: #2563eb; color: #ffffff; border: none; border-radius: 4px; padding: 5px 14px;
}
"""


def apply_theme(app: Any, theme: str) -> str:
    """Follow the system (its high-contrast setting, else its light or dark scheme) unless
    the user chose a theme; returns the one used: "light", "dark" or "high_contrast". The
    colours and the controls' states come from :mod:`agentic_desk.ui.theme`."""
    from agentic_desk.ui import theme as themes

    theme = themes.resolve(app, theme)
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(themes.palette(theme))
    sheet = {"dark": DARK, "high_contrast": themes.HIGH_CONTRAST_SHEET}.get(theme, LIGHT)
    app.setStyleSheet(sheet + themes.state_rules(theme))
    themes.redraw_rich_text(app)
    return theme


def resources_dir() -> Path:
    """The app's ``resources/`` (icons, samples): inside the bundle when packaged
    (PyInstaller's ``sys._MEIPASS``), else the checkout's."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    return Path(__file__).resolve().parents[3] / "resources"


def app_icon() -> Any:
    """The window icon (``resources/icons/agentic-desk.svg``); a null QIcon when missing."""
    from PySide6.QtGui import QIcon

    return QIcon(str(resources_dir() / "icons" / "agentic-desk.svg"))


DAY_S = 86_400.0


def empty_old_trash(conversations: ConversationStore, days: int) -> int:
    """Erase the conversations in the Trash for ``privacy.trash_days`` days or more (0:
    all of them); the window does it at start and when it closes. A disk problem is
    logged, not shown: the Trash is emptied next time."""
    try:
        return conversations.purge_deleted(days * DAY_S)
    except AgenticDeskError as exc:
        logging.getLogger(__name__).warning("Could not empty the Trash: %s", exc.message)
        return 0


class ModelChoice:
    """The model the chat loads when none is loaded; the model manager may change it."""

    def __init__(self, model: str | None) -> None:
        self.model = model


def build_window(
    loop: asyncio.AbstractEventLoop,
    *,
    model: str | None = None,
    catalog: Any = None,
    download_options: Any = None,
    api_port: int | None = None,
    ask_hub: bool = True,
    db_key: str | None = None,
) -> Any:
    """Everything the window needs, from the data folder; returns (window, engine, theme).
    ``loop`` is the qasync loop the caller runs (it drives Qt's event loop, which delivers
    what the window's job runners hand back).
    ``catalog`` and ``download_options`` replace the shipped catalog and the download
    defaults (tests point them at a local Hub server); ``api_port`` overrides ``api.port``;
    ``ask_hub=False`` keeps a first run from asking the Hub for the catalog (the self-test);
    ``db_key`` is the database key the app lock's dialog unwrapped."""
    from agentic_desk.core.models.manager import ModelManager
    from agentic_desk.ui.api_server_box import ApiServerBox
    from agentic_desk.ui.main_window import MainWindow
    from agentic_desk.ui.models import ModelsPanel
    from agentic_desk.ui.settings_view import SettingsView

    context = AppContext.load(AppPaths.from_env().ensure())
    paths, settings_store, settings = context.paths, context.settings_store, context.settings
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from agentic_desk.ui import i18n

    qt_app = QApplication.instance()
    if qt_app is not None:  # before any widget is built: they take their texts at once
        i18n.install(qt_app, settings.ui.language)
    conversations = context.conversation_store(key=db_key)
    conversations.recover_interrupted()
    empty_old_trash(conversations, settings.privacy.trash_days)
    models = context.model_store()
    manager = ModelManager(
        models, settings_store, paths.cache_dir, catalog=catalog, options=download_options
    )
    engine = context.make_engine(models)
    choice = ModelChoice(context.default_model(model, store=models))
    first_run = choice.model is None
    service = context.chat_service(engine, assume_local_model=not first_run, follow_settings=True)
    load_lock = threading.Lock()

    def load(model_id: str) -> Any:
        with load_lock:
            return context.load_model(engine, model_id)

    def prepare(say: Any = None) -> None:
        """Runs on a worker thread before each turn: load the model the first time."""
        with load_lock:
            if choice.model is not None and not engine.has_model:
                if say is not None:
                    say(
                        QCoreApplication.translate(
                            "app", "Loading {name}… (the first reply takes a moment)"
                        ).format(name=Path(choice.model).name)
                    )
                # engine.cpu_int8_compute: the first load makes the 8-bit copy (minutes)
                name = Path(choice.model).name
                if say is not None:
                    engine.on_load_progress = lambda p: say(
                        QCoreApplication.translate(
                            "app",
                            "Making the 8-bit copy of {name} (once): {done} of {total} "
                            "products… Stop cancels.",
                        ).format(name=name, done=p.done, total=p.total)
                    )
                try:
                    loaded = context.load_model(engine, choice.model)
                finally:
                    engine.on_load_progress = None
                if say is not None and engine.cpu_int8 and not loaded.cpu_int8:
                    say(
                        QCoreApplication.translate(
                            "app", "8-bit compute is not used for {name}: {reason}"
                        ).format(name=name, reason=loaded.cpu_int8_note)
                    )
                if say is not None and loaded.context_reason:
                    say(
                        QCoreApplication.translate(
                            "app", "{name} is loaded. Context: {context_reason}"
                        ).format(name=Path(choice.model).name, context_reason=loaded.context_reason)
                    )

    def make_api_server() -> Any:
        """Worker thread: the local API server over this window's engine and settings."""
        from agentic_desk.server.runner import ApiServer

        def service() -> Any:
            prepare()  # a request before any chat loads the default model too
            return context.chat_service(engine, assume_local_model=choice.model is not None)

        return ApiServer(
            context,
            engine,
            port=api_port,
            service_factory=service,
            libraries=library_hub.libraries,  # issue 17: requests may answer from them
        )

    def save_api_enabled(enabled: bool) -> None:
        settings_store.update({"api.enabled": enabled})

    api_box = ApiServerBox(make_api_server, save_enabled=save_api_enabled)
    panel = ModelsPanel(manager, engine=engine, load_model=load)
    if model:  # issue 16: a model given from outside (AGENTIC_DESK_MODEL) shows as in use
        from_env = model == os.environ.get("AGENTIC_DESK_MODEL")
        panel.external_model = (model, "AGENTIC_DESK_MODEL" if from_env else "the command line")
    settings_view = SettingsView(context)
    settings_view.conversations = conversations
    settings_view.api_server_layout.addWidget(api_box)
    settings_view.api_server_box.show()
    # issue 17: document libraries beside the conversations (same folder and encryption)
    from agentic_desk.core.library.service import Libraries
    from agentic_desk.ui.library import DocumentsView, LibraryHub

    library_hub = LibraryHub(Libraries.beside(conversations, models.root))
    settings_view.library_store = library_hub.libraries.store  # converted with the conversations
    documents_view = DocumentsView(library_hub)
    window = MainWindow(
        conversations,
        service,
        state_file=paths.state_file,
        models_page=panel,
        settings_page=settings_view,
        documents_page=documents_view,
        default_privacy=settings.privacy.default_level,
        default_system_prompt=settings.chat.default_system_prompt,
        templates=settings_view.templates.manager.library,
    )
    window.controller.prepare = prepare
    window.controller.cancel_load = engine.cancel_load  # Stop while the model loads
    # issue 17: the turn reads the conversation's libraries; the header picks them
    library_hub.setParent(window)
    window.library_hub = library_hub
    window.documents_view = documents_view
    window.controller.libraries = library_hub.libraries
    window.chat.use_libraries(library_hub)
    window.close_hooks.append(library_hub.close)
    library_hub.refresh()
    library_hub.resume()  # files an earlier run left pending (cancelled, or the app stopped)
    window.generation = params_from_settings(settings.engine)
    window.models_panel = panel
    window.model_manager = manager
    window.close_hooks.append(manager.close)
    window.close_hooks.append(api_box.shutdown)
    window.close_hooks.append(
        lambda: empty_old_trash(conversations, context.settings.privacy.trash_days)
    )
    window.api_box = api_box
    window.settings_view = settings_view
    window.idle_lock = None
    if settings.privacy.app_lock:
        from agentic_desk.ui.applock import IdleLock

        window.idle_lock = IdleLock(window, context.app_lock(), settings.privacy.lock_after_minutes)
        window.close_hooks.append(window.idle_lock.stop)

    from PySide6.QtCore import Slot

    def settings_applied(new: Any) -> None:
        """Settings that apply at once in the window: the next reply uses them."""
        window.chat.set_model_available(choice.model is not None or new.cloud.enabled)
        window.generation = params_from_settings(new.engine)
        window.default_privacy = new.privacy.default_level
        window.default_system_prompt = new.chat.default_system_prompt
        if window.idle_lock is not None:
            window.idle_lock.set_minutes(new.privacy.lock_after_minutes)
        folder = paths.models_folder(new.models_dir)
        if folder != models.root:  # the models were moved: use them from there
            models.root = folder
            panel.refresh_installed()

    @Slot()
    def router_changed() -> None:
        service.config = settings_view.router

    @Slot(str)
    def theme_changed(theme: str) -> None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            apply_theme(app, theme)

    settings_view.live.add("models_dir")
    context.subscribe(settings_applied)
    settings_view.settings_changed.connect(context.apply_settings)
    settings_view.router_changed.connect(router_changed)
    settings_view.theme_changed.connect(theme_changed)
    if settings.api.enabled:
        api_box.switch.setChecked(True)  # it was on when the app last ran

    @Slot(str)
    def model_ready(model_id: str) -> None:
        was_first = choice.model is None
        choice.model = model_id
        service.assume_local_model = True
        window.chat.set_model_available(True)  # Send works now, no restart
        if was_first:
            window.show_chat()
            window.show_notice(
                QCoreApplication.translate("app", "{display_name} is ready: say hello!").format(
                    display_name=panel.display_name(model_id)
                )
            )

    panel.model_ready.connect(model_ready)

    # issue 18: "Use for names" in Models saves the setting; the detector takes it at once
    @Slot(str)
    def names_model_chosen(folder: str) -> None:
        def saved(_settings: Any) -> None:
            panel.show_banner(
                QCoreApplication.translate(
                    "app", "The privacy detector now finds names with {name}."
                ).format(name=Path(folder).name)
            )
            panel.refresh_installed()
            settings_view.reload()

        settings_view.change(
            {"privacy.names_model_path": folder, "privacy.names_model": True},
            refused=panel.fail,
            saved=saved,
        )

    panel.names_model_chosen.connect(names_model_chosen)
    window.chat.set_model_available(not first_run or settings.cloud.enabled)
    if first_run:
        window.show_models()
    panel.start(first_run=first_run, ask_hub=ask_hub)
    return window, engine, settings.ui.theme


def open_window(
    loop: asyncio.AbstractEventLoop,
    *,
    ask: Callable[[StartupProblem], bool] | None = None,
    unlock: Callable[[Any], str | None] | None = None,
    **build: Any,
) -> tuple[Any, Any, str] | None:
    """Start the app in a window: damaged files are offered to be kept aside (``ask``,
    default: a dialog), then the window is built and told what was kept aside (a damaged
    routing file opens the Routing settings). None when the user chose to quit. Known
    errors that stop the start raise :class:`AgenticDeskError`. With the app lock on,
    ``unlock(lock)`` (default: the passphrase dialog) gives the database key before the
    store is opened; None (Quit) returns None."""
    from agentic_desk.core.startup import DamagedFile, check_startup, keep_aside
    from agentic_desk.ui.startup import ask_with_dialog

    paths = AppPaths.from_env().ensure()
    notices: list[str] = []
    routing_damaged = False
    for problem in check_startup(paths):
        if not (ask or ask_with_dialog)(problem):
            return None
        moved = keep_aside(problem.path)
        notices.append(f"{problem.title}: the damaged file was kept as {moved}.")
        routing_damaged |= problem.kind is DamagedFile.ROUTER_CONFIG
    context = AppContext.load(paths)
    if context.settings.privacy.app_lock:
        from agentic_desk.ui.applock import ask_passphrase

        key = (unlock or ask_passphrase)(context.app_lock())
        if key is None:
            return None
        build["db_key"] = key
    window, engine, theme = build_window(loop, **build)
    notices += window.settings_view.context.problems  # a damaged settings file, kept aside
    if notices:
        window.show_notice("\n".join(notices), sticky=True)
    if routing_damaged:
        window.show_settings()
        window.settings_view.show_section("Routing")
    return window, engine, theme


def run(argv: list[str] | None = None) -> int:
    import qasync
    from PySide6.QtWidgets import QApplication

    from agentic_desk.core import diagnostics
    from agentic_desk.ui.crash import CrashReporter
    from agentic_desk.ui.startup import show_fatal

    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(sys.argv[:1] + list(argv or []))
    )
    app.setApplicationName("Agentic Desk")
    app.setOrganizationName("AgenticDesk")
    app.setWindowIcon(app_icon())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    private_umask()  # what libraries write in the data folder is private too (POSIX)
    try:
        logs_dir = AppPaths.from_env().ensure().logs_dir
        diagnostics.setup_logging(logs_dir)
        diagnostics.install_excepthooks()
        reporter = CrashReporter(logs_dir)
        opened = open_window(loop, model=os.environ.get("AGENTIC_DESK_MODEL"))
    except AgenticDeskError as exc:
        show_fatal(exc)
        return 2
    if opened is None:
        return 2
    window, engine, theme = opened
    apply_theme(app, theme)
    window.show()
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    with loop:
        loop.run_until_complete(closed.wait())
    engine.close()
    reporter.close()
    return 0


__all__ = [
    "Path",
    "app_icon",
    "apply_theme",
    "build_window",
    "open_window",
    "resources_dir",
    "run",
]
