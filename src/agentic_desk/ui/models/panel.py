"""The model manager panel: a thin layer composing its sections (recommended model, this
computer, and the Installed, Downloads and Catalog tabs) over
:class:`core.models.manager.ModelManager`. Everything that touches the disk, the Hub or the
hardware runs on worker threads through the panel's :class:`~agentic_desk.ui.jobs.JobRunner`;
a known error is shown in the panel's banner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.models.manager import CatalogState, ModelManager
from agentic_desk.core.models.store import InstalledModel
from agentic_desk.ui import errors
from agentic_desk.ui.i18n import plural
from agentic_desk.ui.jobs import JobRunner
from agentic_desk.ui.layout import StackingRow
from agentic_desk.ui.models.catalog import CatalogTab
from agentic_desk.ui.models.downloads import DownloadsTab
from agentic_desk.ui.models.hardware import HardwareCard
from agentic_desk.ui.models.installed import InstalledTab
from agentic_desk.ui.models.recommended import RecommendedCard

T = TypeVar("T")
INSTALLED, DOWNLOADS, CATALOG = 0, 1, 2  # the tabs


class ModelsPanel(QWidget):
    """Signals (for the window and for tests): ``hardware_ready``, ``catalog_ready``,
    ``installed_ready`` after each refresh is on screen; ``download_changed(job_id, status)``
    after a download's row changed; ``model_ready(model_id)`` when a model became the one the
    chat uses; ``action_done(name)`` after load/unload/verify/remove/import/default;
    ``names_model_chosen(folder)`` when "Use for names" was pressed on a names model (the
    window saves ``privacy.names_model_path``);
    ``failed(message, hint)`` after a known error was shown in the banner;
    ``convert_changed(state)`` as a GGUF conversion goes."""

    hardware_ready = Signal()
    catalog_ready = Signal()
    installed_ready = Signal()
    download_changed = Signal(str, str)
    model_ready = Signal(str)
    action_done = Signal(str)
    names_model_chosen = Signal(str)
    failed = Signal(str, str)
    convert_changed = Signal(str)  # "started", "progress", "done", "failed", "cancelled"

    def __init__(
        self,
        manager: ModelManager,
        *,
        engine: Any = None,
        load_model: Callable[[str], Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("modelsPanel")
        self.manager = manager
        self.engine = engine
        self.load_model = load_model
        self.jobs = JobRunner(self)
        self.confirm: Callable[[str, str], bool] = self._ask
        self.catalog: CatalogState | None = None
        self.models: list[InstalledModel] = []
        self.names_model = "built-in"  # privacy.names_model_path, as last read
        self.default_id: str | None = None
        self.first_run = False
        self.ask_hub = True
        # (model, where it was given) when the model in use is not in the store (issue 16)
        self.external_model: tuple[str, str] | None = None
        self._first_run_handled = False
        from agentic_desk.core.models.convert import REQUIREMENTS

        # test seams: the modules the convert extra must provide; a stage to hold at
        self.convert_requirements: tuple[tuple[str, str], ...] = tuple(REQUIREMENTS)
        self.convert_hold: str | None = None
        self._build()

    # ---- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        # layout (issue 16): the page scrolls up and down (never sideways) and the two
        # cards stack when the window is narrow, so nothing is cut off at 800x600
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setObjectName("modelsScroll")
        scroll.setAccessibleName("Models")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        content.setObjectName("modelsContent")
        scroll.setWidget(content)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        title = QLabel(QCoreApplication.translate("panel", "Models"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        top = StackingRow(min_each=320)
        self.recommended = RecommendedCard(self)
        self.hardware = HardwareCard(self)
        top.add(self.recommended, 11)
        top.add(self.hardware, 9)
        # issue 16: the cards keep their widths (the stretch alone decides them) whatever
        # their text says after "Check Hugging Face again"
        for card in (self.recommended, self.hardware):
            card.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(top)
        self.installed = InstalledTab(self)
        self.downloads_tab = DownloadsTab(self)
        self.catalog_tab = CatalogTab(self)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(
            QCoreApplication.translate("panel", "Models: installed, downloads and catalog")
        )
        self.tabs.addTab(self.installed, QCoreApplication.translate("panel", "Installed"))
        self.tabs.addTab(self.downloads_tab, QCoreApplication.translate("panel", "Downloads"))
        self.tabs.addTab(self.catalog_tab, QCoreApplication.translate("panel", "Catalog"))
        self.tabs.setMinimumHeight(300)  # the lists stay usable when the page scrolls
        layout.addWidget(self.tabs, 1)
        # the sections' parts by the names the window's tests and benchmarks use
        self.recommend_text = self.recommended.text
        self.get_button = self.recommended.get_button
        self.import_button = self.recommended.import_button
        self.hw_refresh = self.hardware.refresh_button
        self.hw_labels = self.hardware.labels
        self.catalog_table = self.catalog_tab.table
        self.downloads = self.downloads_tab.model
        self.downloads_view = self.downloads_tab.view
        self.download_detail = self.downloads_tab.detail
        self.pause_button = self.downloads_tab.pause_button
        self.resume_button = self.downloads_tab.resume_button
        self.retry_button = self.downloads_tab.retry_button
        self.cancel_button = self.downloads_tab.cancel_button
        self.installed_table = self.installed.table
        self.load_button = self.installed.load_button
        self.unload_button = self.installed.unload_button
        self.verify_button = self.installed.verify_button
        self.remove_button = self.installed.remove_button
        self.gguf_button = self.installed.gguf_button
        self.worker_memory = self.installed.worker_memory
        self.convert_row = self.installed.convert
        self.convert_cancel = self.installed.convert.cancel_button

    # ---- background work and what went wrong -----------------------------------------------

    def io(
        self,
        work: Callable[..., T],
        *args: Any,
        then: Callable[[T], None],
        owner: QObject | None = None,
        after: Callable[[], None] | None = None,
    ) -> None:
        """Run ``work(*args)`` on a worker thread; ``then(result)`` on the GUI thread (while
        ``owner``, default the panel, exists); a known error in the banner."""
        self.jobs.call(work, *args, owner=owner or self, done=then, failed=self.fail, after=after)

    def fail(self, error: AgenticDeskError) -> None:
        """A known error: in the banner, and ``failed(message, hint)``."""
        errors.show_error(self.banner, error)
        self.failed.emit(error.message, error.hint)

    def show_banner(self, text: str) -> None:
        errors.show_message(self.banner, text)

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    # ---- start-up ----------------------------------------------------------------------------

    def start(self, *, first_run: bool = False, ask_hub: bool = True) -> None:
        """Fill the panel: hardware, installed models, the catalog (asking the Hub once on a
        first run: no model installed or chosen), and downloads left unfinished by the last
        run, resumed."""
        self.first_run = first_run
        self.ask_hub = ask_hub
        self.refresh_hardware()
        self.refresh_installed()
        self.io(self.manager.resume_unfinished, then=self._resumed)

    def _resumed(self, jobs: list[Any]) -> None:
        for job in jobs:
            self.downloads.update(job.progress)
        if jobs:
            self.tabs.setCurrentIndex(DOWNLOADS)
            self.show_banner(
                plural(
                    self.tr(
                        "Resumed %n download(s) left unfinished last time, from where it stopped.",
                        "",
                        len(jobs),
                    ),
                    len(jobs),
                )
            )

    def refresh_hardware(self, *, refresh: bool = False) -> None:
        self.hardware.refresh(refresh=refresh)

    # ---- catalog -----------------------------------------------------------------------------

    def refresh_catalog(self, *, refresh: bool = False) -> None:
        button = self.recommended.refresh_button
        button.setEnabled(False)
        if refresh:
            self.recommended.asking()
        manager = self.manager
        self.io(
            lambda: manager.catalog_state(refresh=refresh),
            then=self._show_catalog,
            after=lambda: button.setEnabled(True),
        )

    def _show_catalog(self, state: CatalogState) -> None:
        self.catalog = state
        self.catalog_tab.show_state(state)
        self._show_recommendation(state)
        self.catalog_ready.emit()

    def _show_recommendation(self, state: CatalogState) -> None:
        self.recommended.show_state(state, self.models)
        self.catalog_tab.show_note(state)

    # ---- downloads ---------------------------------------------------------------------------

    @Slot()
    def download_recommended(self) -> None:
        best = self.catalog.recommendation if self.catalog else None
        if best is not None:
            self.download(best.entry.repo_id, best.variant.folder)

    def download(self, repo_id: str, folder: str) -> None:
        self.tabs.setCurrentIndex(DOWNLOADS)
        self.show_banner("")
        self.downloads_tab.start(repo_id, folder)

    # ---- installed ---------------------------------------------------------------------------

    def refresh_installed(
        self, *, then_default: bool = False, then: Callable[[], None] | None = None
    ) -> None:
        manager = self.manager

        def read() -> tuple[list[InstalledModel], str | None, dict[str, Any], str]:
            models = manager.installed()
            return models, manager.default_model(), manager.contexts(models), manager.names_model()

        def show(result: tuple[list[InstalledModel], str | None, dict[str, Any], str]) -> None:
            self.names_model = result[3]
            self._show_installed(*result[:3])
            if then_default and result[1] is not None:
                self.set_default(result[1])
            if then is not None:
                then()

        self.io(read, then=show)

    def _show_installed(
        self,
        models: list[InstalledModel],
        default_id: str | None,
        contexts: dict[str, Any] | None = None,
    ) -> None:
        self.models = models
        self.default_id = default_id
        self.installed.show_models(models, default_id, contexts)
        if self.catalog is not None:
            self._show_recommendation(self.catalog)
        # issue 16: a model in use from outside the store (AGENTIC_DESK_MODEL) is shown
        external = self.external_model
        known = external is not None and any(
            m.id == external[0] or Path(m.location) == Path(external[0]) for m in models
        )
        if external is not None and not known:
            self.installed.add_external(*external)
            self.tabs.setTabText(
                INSTALLED,
                QCoreApplication.translate("panel", "Installed ({count}) · 1 in use").format(
                    count=len(models)
                ),
            )
        else:
            self.tabs.setTabText(
                INSTALLED,
                QCoreApplication.translate("panel", "Installed ({count})").format(
                    count=len(models)
                ),
            )
        if self.first_run and not models and not self._first_run_handled:
            self._first_run_handled = True
            self.show_banner(
                QCoreApplication.translate(
                    "panel",
                    "Welcome! No model is installed yet. Get the recommended model below (one "
                    "download, then you can chat offline), or import a model folder you already "
                    "have.",
                )
            )
            self.tabs.setCurrentIndex(CATALOG)
            self.refresh_catalog(refresh=self.ask_hub and self.manager.needs_first_refresh())
        elif self.catalog is None:
            self._first_run_handled = True
            self.refresh_catalog()
        self.installed_ready.emit()

    def display_name(self, model_id: str) -> str:
        """A model's name as people know it: the catalog's, else the store's."""
        model = next((m for m in self.models if m.id == model_id), None)
        if model is None:
            return Path(model_id).name
        views = self.catalog.views if self.catalog else []
        entry = next((v.entry for v in views if v.entry.repo_id == model.repo_id), None)
        return entry.name if entry is not None else model.name

    def set_default(self, model_id: str) -> None:
        def done(_result: Any) -> None:
            self.default_id = model_id

            def shown() -> None:
                self.model_ready.emit(model_id)
                self.action_done.emit("default")

            self.refresh_installed(then=shown)

        self.io(self.manager.set_default, model_id, then=done)

    def select_installed(self, model_id: str) -> None:
        self.installed.select(model_id)

    def _show_worker_memory(self) -> None:
        self.installed.show_worker_memory()

    @Slot()
    def choose_folder_to_import(self) -> None:
        self.installed.choose_folder_to_import()

    def import_folder(self, folder: str) -> None:
        self.installed.import_folder(folder)

    # ---- GGUF import --------------------------------------------------------------------

    def usable_kinds(self) -> tuple[str, ...]:
        machine = self.catalog.machine if self.catalog else None
        return machine.usable_providers if machine else ("cpu",)

    def import_gguf(self, path: str, variant: str = "cpu", precision: str = "int4") -> None:
        self.installed.convert.start(path, variant, precision)

    @property
    def conversion(self) -> Any:
        """The GGUF conversion under way (its handle), or None."""
        return self.installed.convert.conversion


__all__ = ["ModelsPanel"]
