"""The model manager panel: hardware, the catalog with fit badges and the recommended model,
live downloads, installed models. A thin layer over :class:`core.models.manager.ModelManager`;
everything that touches the disk, the Hub or the hardware runs on a worker thread."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.models import catalog as cat
from agentic_desk.core.models.downloader import Progress, Status
from agentic_desk.core.models.manager import CatalogState, ModelManager
from agentic_desk.core.models.store import InstalledModel
from agentic_desk.ui.tasks import run_in_background

FIT_STYLE = {  # verdict -> (label, colour)
    "fits": ("✔ Fits", "#15803d"),
    "tight": ("● Tight", "#b45309"),
    "will not fit": ("✖ Will not fit", "#b91c1c"),
    "unknown": ("? Unknown", "#6b7280"),
}
ACTIVE = {Status.QUEUED, Status.DOWNLOADING, Status.RETRYING, Status.VERIFYING}
STATUS_TEXT = {
    Status.QUEUED: "Waiting",
    Status.DOWNLOADING: "Downloading",
    Status.RETRYING: "Reconnecting",
    Status.VERIFYING: "Checking files",
    Status.PAUSED: "Paused",
    Status.COMPLETED: "Done",
    Status.FAILED: "Failed",
    Status.CANCELLED: "Cancelled",
}


def size_text(nbytes: float | None) -> str:
    if nbytes is None:
        return "—"
    if nbytes >= 1024**3:
        return f"{nbytes / 1024**3:.2f} GB"
    if nbytes >= 1024**2:
        return f"{nbytes / 1024**2:.1f} MB"
    return f"{nbytes / 1024:.0f} KB"


def eta_text(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds} s"


def failure_advice(progress: Progress) -> str:
    """What a failed download means and what to do, in words."""
    text = progress.message or "The download stopped."
    return f"{text} {progress.hint}".strip()


class DownloadsModel(QAbstractTableModel):
    """One row per download, fed with the core's progress events (on the GUI thread)."""

    COLUMNS = ("Model", "Status", "Progress", "Downloaded", "Speed", "Time left")
    ROLE_PROGRESS = Qt.ItemDataRole.UserRole + 10

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Progress] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        p = self.rows[index.row()]
        column = index.column()
        if role == self.ROLE_PROGRESS:
            return p.done_bytes / p.total_bytes if p.total_bytes else 0.0
        if role == Qt.ItemDataRole.ToolTipRole:
            return failure_advice(p) if p.status == Status.FAILED else p.current_file or None
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            if p.status == Status.FAILED:
                return QColor("#b91c1c")
            if p.status == Status.COMPLETED:
                return QColor("#15803d")
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return f"{p.repo_id.split('/')[-1]}  ·  {p.variant or 'root'}"
        if column == 1:
            status = STATUS_TEXT[p.status]
            return f"{status}: {p.message}" if p.status == Status.RETRYING and p.message else status
        if column == 2:
            return f"{100 * p.done_bytes / p.total_bytes:.0f}%" if p.total_bytes else ""
        if column == 3:
            return f"{size_text(p.done_bytes)} of {size_text(p.total_bytes)}"
        if column == 4:
            if p.status != Status.DOWNLOADING or not p.speed_bps:
                return ""
            return f"{size_text(p.speed_bps)}/s"
        if column == 5:
            return eta_text(p.eta_s) if p.status == Status.DOWNLOADING else ""
        return None

    def update(self, progress: Progress) -> int:
        for row, old in enumerate(self.rows):
            if old.job_id == progress.job_id:
                self.rows[row] = progress
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
                return row
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(progress)
        self.endInsertRows()
        return len(self.rows) - 1

    def remove(self, job_id: str) -> None:
        for row, old in enumerate(self.rows):
            if old.job_id == job_id:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()
                return

    def progress(self, job_id: str) -> Progress | None:
        return next((p for p in self.rows if p.job_id == job_id), None)


class ProgressDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        bar = QStyleOptionProgressBar()
        rect = QRect(option.rect)  # type: ignore[attr-defined]
        bar.rect = rect.adjusted(4, 6, -4, -6)  # type: ignore[attr-defined]
        bar.minimum = 0
        bar.maximum = 1000
        bar.progress = int(1000 * float(index.data(DownloadsModel.ROLE_PROGRESS) or 0.0))
        bar.text = str(index.data() or "")
        bar.textVisible = True
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal  # type: ignore[attr-defined]
        QApplication.style().drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)


class _Bridge(QObject):
    """Carries core events from the downloader's threads to the GUI thread (queued)."""

    progress = Signal(object)
    convert_progress = Signal(object)


def _table(columns: tuple[str, ...], name: str, stretch: int) -> QTableWidget:
    """A read-only, single-row-selection table; column ``stretch`` takes the spare width."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _item(text: str, data: Any = None, tip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if tip:
        item.setToolTip(tip)
    return item


class ModelsPanel(QWidget):
    """Signals (for the window and for tests): ``hardware_ready``, ``catalog_ready``,
    ``installed_ready`` after each refresh is on screen; ``download_changed(job_id, status)``
    after a download's row changed; ``model_ready(model_id)`` when a model became the one the
    chat uses; ``action_done(name)`` after load/unload/verify/remove/import/default;
    ``failed(message, hint)`` for anything that went wrong."""

    hardware_ready = Signal()
    catalog_ready = Signal()
    installed_ready = Signal()
    download_changed = Signal(str, str)
    model_ready = Signal(str)
    action_done = Signal(str)
    failed = Signal(str, str)
    convert_changed = Signal(str)  # "started", "progress", "done", "failed", "cancelled"

    def __init__(
        self,
        manager: ModelManager,
        loop: asyncio.AbstractEventLoop,
        *,
        engine: Any = None,
        load_model: Callable[[str], Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("modelsPanel")
        self.manager = manager
        self.loop = loop
        self.engine = engine
        self.load_model = load_model
        self.confirm: Callable[[str, str], bool] = self._ask
        self.catalog: CatalogState | None = None
        self.models: list[InstalledModel] = []
        self.default_id: str | None = None
        self.first_run = False
        self.ask_hub = True
        self._first_run_handled = False
        self._bridge = _Bridge()
        self._bridge.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        manager.add_listener(self._bridge.progress.emit)
        self._bridge.convert_progress.connect(
            self._on_convert_progress, Qt.ConnectionType.QueuedConnection
        )
        self.conversion: Any = None
        from agentic_desk.core.models.convert import REQUIREMENTS

        # test seams: the modules the convert extra must provide; a stage to hold at
        self.convert_requirements: tuple[tuple[str, str], ...] = tuple(REQUIREMENTS)
        self.convert_hold: str | None = None
        self._build()
        self._memory_timer = QTimer(self)
        self._memory_timer.setInterval(2000)
        self._memory_timer.timeout.connect(
            lambda: self._show_worker_memory() if self.isVisible() else None
        )
        self._memory_timer.start()

    # ---- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        title = QLabel("Models")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)

        top = QHBoxLayout()
        top.setSpacing(12)
        self.recommend_card = QFrame()
        self.recommend_card.setObjectName("card")
        card = QVBoxLayout(self.recommend_card)
        heading = QLabel("Recommended for this computer")
        heading.setObjectName("cardTitle")
        self.recommend_text = QLabel("Looking at this computer…")
        self.recommend_text.setWordWrap(True)
        self.recommend_text.setTextFormat(Qt.TextFormat.RichText)
        buttons = QHBoxLayout()
        self.get_button = QPushButton("Get the recommended model")
        self.get_button.setObjectName("primary")
        self.get_button.setEnabled(False)
        self.get_button.clicked.connect(self.download_recommended)
        self.import_button = QPushButton("Import a model folder…")
        self.import_button.clicked.connect(self.choose_folder_to_import)
        self.refresh_catalog_button = QPushButton("Check Hugging Face again")
        self.refresh_catalog_button.clicked.connect(lambda: self.refresh_catalog(refresh=True))
        buttons.addWidget(self.get_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.refresh_catalog_button)
        buttons.addStretch(1)
        card.addWidget(heading)
        card.addWidget(self.recommend_text)
        card.addStretch(1)
        card.addLayout(buttons)
        top.addWidget(self.recommend_card, 11)

        self.hardware_card = QFrame()
        self.hardware_card.setObjectName("card")
        hw = QVBoxLayout(self.hardware_card)
        hw_head = QHBoxLayout()
        hw_title = QLabel("This computer")
        hw_title.setObjectName("cardTitle")
        self.hw_refresh = QPushButton("Refresh")
        self.hw_refresh.setAccessibleName("Refresh hardware")
        self.hw_refresh.clicked.connect(lambda: self.refresh_hardware(refresh=True))
        hw_head.addWidget(hw_title)
        hw_head.addStretch(1)
        hw_head.addWidget(self.hw_refresh)
        self.hw_grid = QGridLayout()
        self.hw_grid.setColumnStretch(1, 1)
        self.hw_labels: dict[str, QLabel] = {}
        for row, name in enumerate(("CPU", "Memory", "Disk for models", "GPUs", "Runs on")):
            key = QLabel(name)
            key.setObjectName("fieldName")
            value = QLabel("…")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.hw_grid.addWidget(key, row, 0, Qt.AlignmentFlag.AlignTop)
            self.hw_grid.addWidget(value, row, 1)
            self.hw_labels[name] = value
        hw.addLayout(hw_head)
        hw.addLayout(self.hw_grid)
        top.addWidget(self.hardware_card, 9)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_installed(), "Installed")
        self.tabs.addTab(self._build_downloads(), "Downloads")
        self.tabs.addTab(self._build_catalog(), "Catalog")
        layout.addWidget(self.tabs, 1)

    def _build_catalog(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.catalog_table = _table(
            ("Model", "Variant", "Download size", "Fit", "Why", "Licence"),
            "Model catalog",
            stretch=4,
        )
        self.catalog_table.itemSelectionChanged.connect(self._catalog_selection)
        self.catalog_table.doubleClicked.connect(lambda _i: self.download_selected())
        row = QHBoxLayout()
        self.catalog_note = QLabel()
        self.catalog_note.setObjectName("muted")
        self.catalog_note.setWordWrap(True)
        self.download_button = QPushButton("Download")
        self.download_button.setEnabled(False)
        self.download_button.clicked.connect(self.download_selected)
        row.addWidget(self.catalog_note, 1)
        row.addWidget(self.download_button)
        layout.addWidget(self.catalog_table, 1)
        layout.addLayout(row)
        return page

    def _build_downloads(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.downloads = DownloadsModel()
        self.downloads_view = QTableView()
        self.downloads_view.setModel(self.downloads)
        self.downloads_view.setAccessibleName("Downloads")
        self.downloads_view.setItemDelegateForColumn(2, ProgressDelegate(self.downloads_view))
        self.downloads_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.downloads_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.downloads_view.verticalHeader().hide()
        header = self.downloads_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.downloads_view.selectionModel().selectionChanged.connect(self._download_selection)
        self.downloads.dataChanged.connect(self._download_selection)
        self.download_detail = QLabel("No downloads yet. Pick a model in the Catalog tab.")
        self.download_detail.setObjectName("muted")
        self.download_detail.setWordWrap(True)
        row = QHBoxLayout()
        self.pause_button = QPushButton("Pause")
        self.resume_button = QPushButton("Resume")
        self.cancel_button = QPushButton("Cancel")
        self.retry_button = QPushButton("Retry")
        self.clear_button = QPushButton("Clear finished")
        for button, slot in (
            (self.pause_button, self.pause_selected),
            (self.resume_button, self.resume_selected),
            (self.retry_button, self.resume_selected),
            (self.cancel_button, self.cancel_selected),
            (self.clear_button, self.clear_finished),
        ):
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addWidget(self.downloads_view, 1)
        layout.addWidget(self.download_detail)
        layout.addLayout(row)
        self._download_selection()
        return page

    def _build_installed(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.installed_table = _table(
            ("Model", "Built for", "Size", "Files", "Source", "In use"),
            "Installed models",
            stretch=0,
        )
        self.installed_table.itemSelectionChanged.connect(self._installed_selection)
        self.installed_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        row = QHBoxLayout()
        self.load_button = QPushButton("Load")
        self.unload_button = QPushButton("Unload")
        self.default_button = QPushButton("Use for new chats")
        self.verify_button = QPushButton("Verify files")
        self.remove_button = QPushButton("Remove…")
        self.import_button2 = QPushButton("Import a folder…")
        self.gguf_button = QPushButton("Import a GGUF file…")
        self.gguf_button.setToolTip(
            "Convert a .gguf file (from LM Studio, Ollama or Jan) into a model this app runs."
        )
        for button, slot in (
            (self.load_button, self.load_selected),
            (self.unload_button, self.unload),
            (self.default_button, self.default_selected),
            (self.verify_button, self.verify_selected),
            (self.remove_button, self.remove_selected),
            (self.import_button2, self.choose_folder_to_import),
            (self.gguf_button, self.choose_gguf_to_import),
        ):
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        self.worker_memory = QLabel()
        self.worker_memory.setObjectName("muted")
        self.convert_row = QWidget()
        convert_layout = QHBoxLayout(self.convert_row)
        convert_layout.setContentsMargins(0, 0, 0, 0)
        self.convert_label = QLabel()
        self.convert_bar = QProgressBar()
        self.convert_bar.setRange(0, 1000)
        self.convert_bar.setTextVisible(False)
        self.convert_cancel = QPushButton("Cancel conversion")
        self.convert_cancel.clicked.connect(self.cancel_conversion)
        convert_layout.addWidget(self.convert_label, 2)
        convert_layout.addWidget(self.convert_bar, 1)
        convert_layout.addWidget(self.convert_cancel)
        self.convert_row.hide()
        layout.addWidget(self.installed_table, 1)
        layout.addLayout(row)
        layout.addWidget(self.convert_row)
        layout.addWidget(self.worker_memory)
        self._installed_selection()
        return page

    # ---- background work -------------------------------------------------------------------

    def _io(self, work: Callable[..., Any], *args: Any, then: Callable[[Any], None]) -> None:
        run_in_background(self.loop, work, *args, then=then, fail=self._fail_with)

    def _fail_with(self, error: BaseException) -> None:
        """An error from background work, in words."""
        if isinstance(error, AgenticDeskError):
            self._fail(error.message, error.hint)
        elif isinstance(error, OSError):
            self._fail(
                f"The disk could not be used: {error.strerror or error}.",
                "Check that the models folder exists and has free space.",
            )
        else:
            self._fail(f"Something went wrong: {error}.", "Try again.")

    def _fail(self, message: str, hint: str) -> None:
        self.show_banner(f"{message} {hint}".strip(), error=True)
        self.failed.emit(message, hint)

    def show_banner(self, text: str, *, error: bool = False) -> None:
        self.banner.setProperty("error", error)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    # ---- start-up ----------------------------------------------------------------------------

    def start(self, *, first_run: bool = False, ask_hub: bool = True) -> None:
        """Fill the panel: hardware, installed models, the catalog (asking the Hub once on a
        first run: no model installed or chosen), and downloads left unfinished by the last
        run, resumed."""
        self.first_run = first_run
        self.ask_hub = ask_hub
        self.refresh_hardware()
        self.refresh_installed()
        self._io(self.manager.resume_unfinished, then=self._resumed)

    def _resumed(self, jobs: list[Any]) -> None:
        for job in jobs:
            self.downloads.update(job.progress)
        if jobs:
            self.tabs.setCurrentIndex(1)
            self.show_banner(
                f"Resumed {len(jobs)} download{'s' if len(jobs) != 1 else ''} left unfinished "
                "last time, from where it stopped."
            )

    # ---- hardware ----------------------------------------------------------------------------

    def refresh_hardware(self, *, refresh: bool = False) -> None:
        self.hw_refresh.setEnabled(False)
        self._io(lambda: self.manager.hardware(refresh=refresh), then=self._show_hardware)

    def _show_hardware(self, report: Any) -> None:
        self.hw_refresh.setEnabled(True)
        cpu = report.cpu
        features = [n for n in ("avx2", "avx512", "neon") if getattr(cpu, n, False)]
        self.hw_labels["CPU"].setText(
            f"{cpu.name} · {cpu.physical_cores} cores, {cpu.logical_cores} threads"
            + (f" · {', '.join(f.upper() for f in features)}" if features else "")
        )
        mem = report.memory
        self.hw_labels["Memory"].setText(
            f"{size_text(mem.available_bytes)} free of {size_text(mem.total_bytes)}"
        )
        self.hw_labels["Disk for models"].setText(
            f"{size_text(report.disk.free_bytes)} free ({report.disk.path})"
        )
        gpus = [
            f"{g.name} ({g.vendor}"
            + (f", {size_text(g.vram_total_bytes)} VRAM" if g.vram_total_bytes else "")
            + (f", {size_text(g.vram_free_bytes)} free" if g.vram_free_bytes else "")
            + ")"
            for g in report.gpus
        ]
        self.hw_labels["GPUs"].setText("\n".join(gpus) or "None found (models run on the CPU)")
        providers = report.providers
        names = {"cpu": "CPU", "cuda": "NVIDIA CUDA", "dml": "DirectML"}
        usable = ", ".join(names.get(p, p) for p in providers.usable)
        self.hw_labels["Runs on"].setText(
            f"{usable} (in use: {names.get(providers.engine_pick, providers.engine_pick)})"
        )
        self.hw_labels["Runs on"].setToolTip("\n".join(providers.reasons.values()))
        self.hardware_ready.emit()

    # ---- catalog -------------------------------------------------------------------------------

    def refresh_catalog(self, *, refresh: bool = False) -> None:
        self.refresh_catalog_button.setEnabled(False)
        if refresh:
            self.recommend_text.setText("Asking Hugging Face about the catalog's models…")
        self._io(lambda: self.manager.catalog_state(refresh=refresh), then=self._show_catalog)

    def _show_catalog(self, state: CatalogState) -> None:
        self.catalog = state
        self.refresh_catalog_button.setEnabled(True)
        table = self.catalog_table
        table.setRowCount(0)
        best = state.recommendation
        for view in state.views:
            entry = view.entry
            variants = view.snapshot.variants if view.snapshot else ()
            if not variants:
                row = table.rowCount()
                table.insertRow(row)
                table.setItem(row, 0, _item(entry.name, None, entry.description))
                table.setItem(row, 1, _item("—"))
                table.setItem(row, 2, _item(cat.UNKNOWN_SIZE))
                table.setItem(row, 3, _item(FIT_STYLE["unknown"][0]))
                why = "Hugging Face could not be reached." if view.error else "Not asked yet."
                table.setItem(row, 4, _item(why, None, view.error))
                table.setItem(row, 5, _item(entry.licence))
                continue
            for variant in variants:
                verdict = state.fit(variant)
                label, colour = FIT_STYLE.get(verdict.verdict, FIT_STYLE["unknown"])
                row = table.rowCount()
                table.insertRow(row)
                recommended = (
                    best is not None
                    and best.entry.repo_id == entry.repo_id
                    and best.variant.folder == variant.folder
                )
                name = _item(
                    ("★ " if recommended else "") + entry.name,
                    (entry.repo_id, variant.folder),
                    f"{entry.description}\n{entry.repo_id}/{variant.folder}",
                )
                table.setItem(row, 0, name)
                table.setItem(row, 1, _item(f"{variant.kind.upper()}  {variant.folder}"))
                table.setItem(row, 2, _item(size_text(variant.size)))
                badge = _item(label, None, verdict.reason)
                badge.setForeground(QColor(colour))
                table.setItem(row, 3, badge)
                table.setItem(row, 4, _item(verdict.reason, None, verdict.reason))
                table.setItem(row, 5, _item(entry.licence))
        self._show_recommendation(state)
        self.catalog_ready.emit()

    def _show_recommendation(self, state: CatalogState) -> None:
        best = state.recommendation
        if best is not None:
            self.recommend_text.setText(
                f"<b>{best.entry.name}</b> · {best.variant.kind.upper()} · "
                f"{size_text(best.variant.size)} download<br>{best.entry.description}<br>"
                f"<span style='color:#6b7280'>{best.fit.reason} Chosen as {best.why}.</span>"
            )
            have = any(
                m.repo_id == best.entry.repo_id and m.variant == best.variant.folder
                for m in self.models
            )
            self.get_button.setText(
                f"✔ {best.entry.name} is installed"
                if have
                else f"Get {best.entry.name} ({size_text(best.variant.size)})"
            )
            self.get_button.setEnabled(not have)
            self.get_button.show()
            self.catalog_note.setText("★ marks the recommended model for this computer.")
            return
        self.get_button.setEnabled(False)
        self.get_button.setText("Get the recommended model")
        if state.offline:
            self.get_button.hide()
            self.recommend_text.setText(
                "<b>You appear to be offline.</b> Agentic Desk could not reach Hugging Face "
                f"({state.problems[0].split(': ', 1)[-1]}), so it cannot show sizes or download "
                "models now. Connect and press <i>Check Hugging Face again</i>, or import a "
                "model folder you already have."
            )
            self.catalog_note.setText(f"Sizes: {cat.UNKNOWN_SIZE}.")
        elif all(v.snapshot is None for v in state.views):
            self.recommend_text.setText(
                "Agentic Desk has not asked Hugging Face about the catalog yet. Press "
                "<i>Check Hugging Face again</i> to see sizes and what fits this computer."
            )
            self.catalog_note.setText(f"Sizes: {cat.UNKNOWN_SIZE}.")
        else:
            self.recommend_text.setText(
                "None of the catalog's models fits this computer as it is now (see the "
                "reasons in the Catalog tab). Closing other apps frees memory."
            )

    def _catalog_selection(self) -> None:
        self.download_button.setEnabled(self._selected_variant() is not None)

    def _selected_variant(self) -> tuple[str, str] | None:
        rows = self.catalog_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.catalog_table.item(rows[0].row(), 0)
        data = item.data(Qt.ItemDataRole.UserRole) if item else None
        return tuple(data) if data else None  # type: ignore[return-value]

    # ---- downloads ------------------------------------------------------------------------------

    def download_recommended(self) -> None:
        best = self.catalog.recommendation if self.catalog else None
        if best is not None:
            self.download(best.entry.repo_id, best.variant.folder)

    def download_selected(self) -> None:
        chosen = self._selected_variant()
        if chosen is not None:
            self.download(*chosen)

    def download(self, repo_id: str, folder: str) -> None:
        self.tabs.setCurrentIndex(1)
        self.show_banner("")
        self._io(self.manager.download, repo_id, folder, then=self._download_started)

    def _download_started(self, job: Any) -> None:
        row = self.downloads.update(job.progress)
        self.downloads_view.selectRow(row)

    def _on_progress(self, progress: Progress) -> None:
        row = self.downloads.update(progress)
        if not self.downloads_view.selectionModel().hasSelection():
            self.downloads_view.selectRow(row)
        self.tabs.setTabText(1, self._downloads_tab_text())
        if progress.status == Status.COMPLETED:
            self.refresh_installed(then_default=self.default_id is None)
        elif progress.status == Status.FAILED:
            name = progress.repo_id.split("/")[-1]
            self._fail(f"The download of {name} stopped. {progress.message}", progress.hint)
        self.download_changed.emit(progress.job_id, progress.status.value)

    def _downloads_tab_text(self) -> str:
        active = sum(1 for p in self.downloads.rows if p.status in ACTIVE)
        return f"Downloads ({active})" if active else "Downloads"

    def _selected_download(self) -> Progress | None:
        rows = self.downloads_view.selectionModel().selectedRows()
        return self.downloads.rows[rows[0].row()] if rows else None

    def _download_selection(self, *_args: Any) -> None:
        p = self._selected_download()
        status = p.status if p else None
        self.pause_button.setEnabled(status in ACTIVE)
        self.resume_button.setEnabled(status == Status.PAUSED)
        self.retry_button.setEnabled(status == Status.FAILED)
        self.cancel_button.setEnabled(status in ACTIVE | {Status.PAUSED, Status.FAILED})
        self.clear_button.setEnabled(
            any(r.status in (Status.COMPLETED, Status.CANCELLED) for r in self.downloads.rows)
        )
        if p is None:
            return
        if status == Status.FAILED:
            self.download_detail.setText(failure_advice(p))
        elif status == Status.PAUSED:
            self.download_detail.setText(
                "Paused. What was downloaded is kept, also if you quit: Resume continues from "
                "there."
            )
        elif status == Status.RETRYING:
            self.download_detail.setText(
                f"The connection dropped ({p.message}); reconnecting and continuing where it "
                "stopped."
            )
        elif status == Status.COMPLETED:
            self.download_detail.setText("Downloaded and checked. It is in the Installed tab.")
        else:
            self.download_detail.setText(
                f"{p.files_done} of {p.files_total} files"
                + (f" · {p.current_file}" if p.current_file else "")
            )

    def _job(self, job_id: str) -> Any:
        return self.manager.downloader.job(job_id)

    def pause_selected(self) -> None:
        p = self._selected_download()
        job = self._job(p.job_id) if p else None
        if job is not None:
            job.pause()

    def resume_selected(self) -> None:
        p = self._selected_download()
        if p is None:
            return
        job = self._job(p.job_id)
        if job is not None:
            job.resume()
        else:
            self._io(self.manager.downloader.resume, p.job_id, then=self._download_started)

    def cancel_selected(self) -> None:
        p = self._selected_download()
        job = self._job(p.job_id) if p else None
        if job is not None:
            job.cancel()

    def clear_finished(self) -> None:
        for p in list(self.downloads.rows):
            if p.status in (Status.COMPLETED, Status.CANCELLED):
                self.downloads.remove(p.job_id)
        self._download_selection()

    # ---- installed --------------------------------------------------------------------------

    def refresh_installed(
        self, *, then_default: bool = False, then: Callable[[], None] | None = None
    ) -> None:
        def read() -> tuple[list[InstalledModel], str | None]:
            return self.manager.installed(), self.manager.default_model()

        def show(result: tuple[list[InstalledModel], str | None]) -> None:
            self._show_installed(*result)
            if then_default and result[1] is not None:
                self.set_default(result[1])
            if then is not None:
                then()

        self._io(read, then=show)

    def _show_installed(self, models: list[InstalledModel], default_id: str | None) -> None:
        self.models = models
        self.default_id = default_id
        selected = self._selected_model()
        table = self.installed_table
        table.setRowCount(0)
        loaded_path = self._loaded_path()
        for model in models:
            row = table.rowCount()
            table.insertRow(row)
            name = ("★ " if model.id == default_id else "") + model.name
            table.setItem(row, 0, _item(name, model.id, model.location))
            table.setItem(row, 1, _item(model.kind.upper(), None, model.variant))
            table.setItem(row, 2, _item(size_text(model.size_bytes)))
            state = {True: "✔ verified", False: "✖ damaged", None: "not checked"}[model.verified]
            when = (
                f" on {time.strftime('%d %b %Y', time.localtime(model.verified_at))}"
                if model.verified_at
                else ""
            )
            verified = _item(state, None, f"Checked{when}" if when else None)
            if model.verified is False:
                verified.setForeground(QColor("#b91c1c"))
            table.setItem(row, 3, verified)
            source = model.repo_id or ("imported" if model.source == "import" else model.source)
            table.setItem(row, 4, _item(source))
            uses = []
            if loaded_path is not None and Path(model.location) == loaded_path:
                uses.append("loaded")
            if model.id == default_id:
                uses.append("new chats")
            table.setItem(row, 5, _item(", ".join(uses)))
        if selected is not None:
            self.select_installed(selected)
        if self.catalog is not None:
            self._show_recommendation(self.catalog)
        self.tabs.setTabText(0, f"Installed ({len(models)})")
        self._installed_selection()
        self._show_worker_memory()
        if self.first_run and not models and not self._first_run_handled:
            self._first_run_handled = True
            self.show_banner(
                "Welcome! No model is installed yet. Get the recommended model below (one "
                "download, then you can chat offline), or import a model folder you already have."
            )
            self.tabs.setCurrentIndex(2)
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

    def _loaded_path(self) -> Path | None:
        return self.engine.model_path if self.engine is not None else None

    def _selected_model(self) -> str | None:
        rows = self.installed_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.installed_table.item(rows[0].row(), 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _installed_selection(self) -> None:
        chosen = self._selected_model() is not None
        for button in (self.load_button, self.default_button, self.verify_button):
            button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
        self.unload_button.setEnabled(self._loaded_path() is not None)

    def select_installed(self, model_id: str) -> None:
        for row in range(self.installed_table.rowCount()):
            item = self.installed_table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == model_id:
                self.installed_table.selectRow(row)
                return

    def _show_worker_memory(self) -> None:
        pid = getattr(self.engine, "worker_pid", None) if self.engine else None
        loaded = self._loaded_path()
        if pid is None or loaded is None:
            self.worker_memory.setText("No model loaded: the inference worker uses no memory.")
            return
        try:
            rss = psutil.Process(pid).memory_info().rss
        except (psutil.Error, OSError):
            self.worker_memory.setText("The inference worker is starting…")
            return
        self.worker_memory.setText(
            f"Loaded: {loaded.name} · the inference worker (process {pid}) uses "
            f"{size_text(rss)} of memory."
        )

    def _after(self, name: str, message: str = "") -> Callable[[Any], None]:
        def done(_result: Any) -> None:
            if message:
                self.show_banner(message)
            self.refresh_installed(then=lambda: self.action_done.emit(name))

        return done

    def load_selected(self) -> None:
        model_id = self._selected_model()
        if model_id is None or self.load_model is None:
            return
        self.show_banner(f"Loading {model_id}…")
        self._io(self.load_model, model_id, then=self._after("load", f"{model_id} is loaded."))

    def unload(self) -> None:
        if self.engine is None:
            return
        self._io(
            self.engine.unload,
            then=self._after("unload", "Model unloaded; its memory is back with the system."),
        )

    def default_selected(self) -> None:
        model_id = self._selected_model()
        if model_id is not None:
            self.set_default(model_id)

    def set_default(self, model_id: str) -> None:
        def done(_result: Any) -> None:
            self.default_id = model_id

            def shown() -> None:
                self.model_ready.emit(model_id)
                self.action_done.emit("default")

            self.refresh_installed(then=shown)

        self._io(self.manager.set_default, model_id, then=done)

    def verify_selected(self) -> None:
        model_id = self._selected_model()
        if model_id is None:
            return
        self.show_banner(f"Checking the files of {model_id}…")

        def done(result: Any) -> None:
            if result.ok:
                self.show_banner(f"{model_id}: every file is complete and unchanged.")
            else:
                self.show_banner(
                    f"{model_id} is damaged: {'; '.join(result.problems[:3])}. Remove it and "
                    "download it again.",
                    error=True,
                )
            self.refresh_installed(then=lambda: self.action_done.emit("verify"))

        self._io(self.manager.verify, model_id, then=done)

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        model_id = self._selected_model()
        if model_id is None:
            return
        model = next((m for m in self.models if m.id == model_id), None)
        where = (
            "Its folder stays where it is (it was imported in place)."
            if model is not None and model.in_place
            else f"This deletes {size_text(model.size_bytes if model else 0)} from the disk."
        )
        if not self.confirm("Remove model", f"Remove {model_id}? {where}"):
            return
        self._io(self.manager.remove, model_id, then=self._after("remove", f"Removed {model_id}."))

    def choose_folder_to_import(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a model folder")
        if folder:
            self.import_folder(folder)

    def import_folder(self, folder: str) -> None:
        self.show_banner(f"Importing {folder}… (the files are checked and copied)")

        def done(model: InstalledModel) -> None:
            self.show_banner(f"Imported {model.name}.")
            self.refresh_installed(
                then_default=self.default_id is None,
                then=lambda: self.action_done.emit("import"),
            )

        self._io(self.manager.import_folder, Path(folder), then=done)

    # ---- GGUF import --------------------------------------------------------------------

    def choose_gguf_to_import(self) -> None:
        from agentic_desk.core.models import convert

        missing = convert.convert_requirements_missing(self.convert_requirements)
        if missing:
            error = convert.requirements_error(missing)
            self._fail(error.message, error.hint)
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, "Import a GGUF file", "", "GGUF models (*.gguf);;All files (*)"
        )
        if not path:
            return
        dialog = GgufOptionsDialog(self, self._usable_kinds())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.import_gguf(path, dialog.variant(), dialog.precision())

    def _usable_kinds(self) -> tuple[str, ...]:
        machine = self.catalog.machine if self.catalog else None
        return machine.usable_providers if machine else ("cpu",)

    def import_gguf(self, path: str, variant: str = "cpu", precision: str = "int4") -> None:
        """Convert a GGUF file into an installed model in a worker process, with progress
        and Cancel; the result is checked like any imported folder."""
        from agentic_desk.core.models.convert import GgufConverter

        if self.conversion is not None:
            self._fail("A GGUF file is already being converted.", "Wait for it, or cancel it.")
            return
        self.tabs.setCurrentIndex(0)
        self.show_banner("")
        self.convert_label.setText(f"Converting {Path(path).name}: starting…")
        self.convert_bar.setValue(0)
        self.convert_row.show()
        self.gguf_button.setEnabled(False)

        def start() -> Any:
            converter = GgufConverter(
                self.manager.store, hold=self.convert_hold, requirements=self.convert_requirements
            )
            return converter.start(path, variant, precision, self._bridge.convert_progress.emit)

        def started(handle: Any) -> None:
            self.conversion = handle
            self.convert_changed.emit("started")
            run_in_background(
                self.loop, handle.wait, then=self._converted, fail=self._convert_failed
            )

        run_in_background(self.loop, start, then=started, fail=self._convert_failed)

    def _on_convert_progress(self, progress: Any) -> None:
        if self.conversion is None and not self.convert_row.isVisible():
            return
        self.convert_bar.setValue(int(1000 * progress.fraction))
        detail = f" ({progress.detail})" if progress.detail else ""
        name = Path(self.conversion.source).name if self.conversion else "the GGUF file"
        self.convert_label.setText(
            f"Converting {name}: {progress.label}{detail} · {100 * progress.fraction:.0f}%"
        )
        self.convert_changed.emit("progress")

    def _converted(self, model: InstalledModel) -> None:
        handle, self.conversion = self.conversion, None
        self._end_conversion()
        seconds = handle.report.seconds if handle is not None else 0.0
        quant = (model.origin or {}).get("quant_type") if hasattr(model, "origin") else None
        self.show_banner(
            f"Imported {model.name} from its GGUF file"
            + (f" ({quant})" if quant else "")
            + f" in {seconds:.0f} s. It runs like any other model here."
        )
        self.refresh_installed(
            then_default=self.default_id is None, then=lambda: self.convert_changed.emit("done")
        )

    def _convert_failed(self, error: BaseException) -> None:
        from agentic_desk.core.models.convert import ConversionCancelled

        self.conversion = None
        self._end_conversion()
        if isinstance(error, ConversionCancelled):
            self.show_banner("Conversion cancelled; its temporary files were removed.")
            self.convert_changed.emit("cancelled")
            return
        if isinstance(error, AgenticDeskError):
            self._fail(error.message, error.hint)
        else:
            self._fail(f"The conversion stopped: {error}.", "Try again.")
        self.convert_changed.emit("failed")

    def _end_conversion(self) -> None:
        self.convert_row.hide()
        self.gguf_button.setEnabled(True)

    def cancel_conversion(self) -> None:
        if self.conversion is not None:
            self.convert_label.setText("Cancelling…")
            self.conversion.cancel()


class GgufOptionsDialog(QDialog):
    """What to build from a GGUF file: the variant (where it will run) and the precision."""

    def __init__(self, parent: QWidget | None, usable: tuple[str, ...]) -> None:
        from agentic_desk.core.models.convert import VALID_COMBINATIONS

        super().__init__(parent)
        self.setWindowTitle("Import a GGUF file")
        self.combinations = VALID_COMBINATIONS
        form = QFormLayout(self)
        self.variant_box = QComboBox()
        names = {"cpu": "CPU", "cuda": "NVIDIA GPU (CUDA)", "dml": "GPU on Windows (DirectML)"}
        for kind in VALID_COMBINATIONS:
            note = "" if kind in usable else " (not usable on this computer)"
            self.variant_box.addItem(names.get(kind, kind) + note, kind)
        self.precision_box = QComboBox()
        self.variant_box.currentIndexChanged.connect(self._fill_precisions)
        self._fill_precisions()
        form.addRow("Run on", self.variant_box)
        form.addRow("Precision", self.precision_box)
        note = QLabel(
            "int4 is smallest and fastest; fp16/fp32 keep more of the original quality. "
            "Converting takes a few minutes and needs free disk and memory of a few times "
            "the model's size: it is checked before anything is written."
        )
        note.setWordWrap(True)
        note.setObjectName("muted")
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Convert")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _fill_precisions(self) -> None:
        self.precision_box.clear()
        for precision in self.combinations[self.variant()]:
            self.precision_box.addItem(precision, precision)

    def variant(self) -> str:
        return str(self.variant_box.currentData() or "cpu")

    def precision(self) -> str:
        return str(self.precision_box.currentData() or "int4")


__all__ = ["DownloadsModel", "GgufOptionsDialog", "ModelsPanel", "eta_text", "size_text"]
