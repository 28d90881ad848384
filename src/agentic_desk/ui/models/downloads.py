"""The Downloads tab: one row per download with live progress (the core's progress events,
carried from the downloader's threads by a queued signal), and Pause, Resume, Retry,
Cancel, Clear finished."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.models.downloader import Progress, Status
from agentic_desk.ui.i18n import QT_TRANSLATE_NOOP
from agentic_desk.ui.layout import FlowLayout
from agentic_desk.ui.models.common import eta_text, size_text

if TYPE_CHECKING:
    from agentic_desk.ui.models.panel import ModelsPanel

ACTIVE = {Status.QUEUED, Status.DOWNLOADING, Status.RETRYING, Status.VERIFYING}
STATUS_TEXT = {  # translated where shown (QCoreApplication.translate("downloads", ...))
    Status.QUEUED: QT_TRANSLATE_NOOP("downloads", "Waiting"),
    Status.DOWNLOADING: QT_TRANSLATE_NOOP("downloads", "Downloading"),
    Status.RETRYING: QT_TRANSLATE_NOOP("downloads", "Reconnecting"),
    Status.VERIFYING: QT_TRANSLATE_NOOP("downloads", "Checking files"),
    Status.PAUSED: QT_TRANSLATE_NOOP("downloads", "Paused"),
    Status.COMPLETED: QT_TRANSLATE_NOOP("downloads", "Done"),
    Status.FAILED: QT_TRANSLATE_NOOP("downloads", "Failed"),
    Status.CANCELLED: QT_TRANSLATE_NOOP("downloads", "Cancelled"),
}


def failure_advice(progress: Progress) -> str:
    """What a failed download means and what to do, in words."""
    text = progress.message or QCoreApplication.translate("downloads", "The download stopped.")
    return f"{text} {progress.hint}".strip()


class DownloadsModel(QAbstractTableModel):
    """One row per download, fed with the core's progress events (on the GUI thread)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("downloads", "Model"),
        QT_TRANSLATE_NOOP("downloads", "Status"),
        QT_TRANSLATE_NOOP("downloads", "Progress"),
        QT_TRANSLATE_NOOP("downloads", "Downloaded"),
        QT_TRANSLATE_NOOP("downloads", "Speed"),
        QT_TRANSLATE_NOOP("downloads", "Time left"),
    )
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
            return QCoreApplication.translate("downloads", self.COLUMNS[section])
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
            status = QCoreApplication.translate("downloads", STATUS_TEXT[p.status])
            return f"{status}: {p.message}" if p.status == Status.RETRYING and p.message else status
        if column == 2:
            return f"{100 * p.done_bytes / p.total_bytes:.0f}%" if p.total_bytes else ""
        if column == 3:
            return QCoreApplication.translate("downloads", "{done} of {total}").format(
                done=size_text(p.done_bytes), total=size_text(p.total_bytes)
            )
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
        rect = QRect(option.rect)
        bar.rect = rect.adjusted(4, 6, -4, -6)
        bar.minimum = 0
        bar.maximum = 1000
        bar.progress = int(1000 * float(index.data(DownloadsModel.ROLE_PROGRESS) or 0.0))
        bar.text = str(index.data() or "")
        bar.textVisible = True
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        QApplication.style().drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)


class _Bridge(QObject):
    """Carries the downloader's progress events from its threads to the GUI thread."""

    progress = Signal(object)


class DownloadsTab(QWidget):
    def __init__(self, panel: ModelsPanel) -> None:
        super().__init__()
        self.panel = panel
        self._bridge = _Bridge()
        self._bridge.progress.connect(self.on_progress, Qt.ConnectionType.QueuedConnection)
        panel.manager.add_listener(self._bridge.progress.emit)
        layout = QVBoxLayout(self)
        self.model = DownloadsModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(QCoreApplication.translate("downloads", "Downloads"))
        self.view.setItemDelegateForColumn(2, ProgressDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.dataChanged.connect(self._rows_changed)
        self.detail = QLabel(
            QCoreApplication.translate(
                "downloads", "No downloads yet. Pick a model in the Catalog tab."
            )
        )
        self.detail.setObjectName("muted")
        self.detail.setWordWrap(True)
        row = FlowLayout()  # wraps when the window is narrow
        self.pause_button = QPushButton(QCoreApplication.translate("downloads", "Pause"))
        self.resume_button = QPushButton(QCoreApplication.translate("downloads", "Resume"))
        self.cancel_button = QPushButton(QCoreApplication.translate("downloads", "Cancel"))
        self.retry_button = QPushButton(QCoreApplication.translate("downloads", "Retry"))
        self.clear_button = QPushButton(QCoreApplication.translate("downloads", "Clear finished"))
        for button, slot in (
            (self.pause_button, self.pause_selected),
            (self.resume_button, self.resume_selected),
            (self.retry_button, self.resume_selected),
            (self.cancel_button, self.cancel_selected),
            (self.clear_button, self.clear_finished),
        ):
            button.clicked.connect(slot)
            row.addWidget(button)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        layout.addLayout(row)
        self.update_buttons()

    # ---- rows ------------------------------------------------------------------------------

    def start(self, repo_id: str, folder: str) -> None:
        self.panel.io(self.panel.manager.download, repo_id, folder, then=self.show_job, owner=self)

    def show_job(self, job: Any) -> None:
        row = self.model.update(job.progress)
        self.view.selectRow(row)

    @Slot(object)
    def on_progress(self, progress: Progress) -> None:
        panel = self.panel
        row = self.model.update(progress)
        if not self.view.selectionModel().hasSelection():
            self.view.selectRow(row)
        panel.tabs.setTabText(panel.tabs.indexOf(self), self.tab_text())
        if progress.status == Status.COMPLETED:
            panel.refresh_installed(then_default=panel.default_id is None)
        elif progress.status == Status.FAILED:
            name = progress.repo_id.split("/")[-1]
            panel.fail(
                AgenticDeskError(
                    QCoreApplication.translate(
                        "downloads", "The download of {name} stopped. {message}"
                    ).format(name=name, message=progress.message),
                    progress.hint,
                )
            )
        panel.download_changed.emit(progress.job_id, progress.status.value)

    def tab_text(self) -> str:
        active = sum(1 for p in self.model.rows if p.status in ACTIVE)
        if active:
            return QCoreApplication.translate("downloads", "Downloads ({count})").format(
                count=active
            )
        return QCoreApplication.translate("downloads", "Downloads")

    def selected(self) -> Progress | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    @Slot()
    def _selection_changed(self) -> None:
        self.update_buttons()

    @Slot()
    def _rows_changed(self) -> None:
        self.update_buttons()

    def update_buttons(self) -> None:
        p = self.selected()
        status = p.status if p else None
        self.pause_button.setEnabled(status in ACTIVE)
        self.resume_button.setEnabled(status == Status.PAUSED)
        self.retry_button.setEnabled(status == Status.FAILED)
        self.cancel_button.setEnabled(status in ACTIVE | {Status.PAUSED, Status.FAILED})
        self.clear_button.setEnabled(
            any(r.status in (Status.COMPLETED, Status.CANCELLED) for r in self.model.rows)
        )
        if p is None:
            return
        if status == Status.FAILED:
            self.detail.setText(failure_advice(p))
        elif status == Status.PAUSED:
            self.detail.setText(
                QCoreApplication.translate(
                    "downloads",
                    "Paused. What was downloaded is kept, also if you quit: Resume continues from "
                    "there.",
                )
            )
        elif status == Status.RETRYING:
            self.detail.setText(
                QCoreApplication.translate(
                    "downloads",
                    "The connection dropped ({message}); reconnecting and "
                    "continuing where it stopped.",
                ).format(message=p.message)
            )
        elif status == Status.COMPLETED:
            self.detail.setText(
                QCoreApplication.translate(
                    "downloads", "Downloaded and checked. It is in the Installed tab."
                )
            )
        else:
            self.detail.setText(
                QCoreApplication.translate("downloads", "{done} of {total} files").format(
                    done=p.files_done, total=p.files_total
                )
                + (f" · {p.current_file}" if p.current_file else "")
            )

    # ---- actions ---------------------------------------------------------------------------

    def _job(self, job_id: str) -> Any:
        return self.panel.manager.downloader.job(job_id)

    @Slot()
    def pause_selected(self) -> None:
        p = self.selected()
        job = self._job(p.job_id) if p else None
        if job is not None:
            job.pause()

    @Slot()
    def resume_selected(self) -> None:
        p = self.selected()
        if p is None:
            return
        job = self._job(p.job_id)
        if job is not None:
            job.resume()
        else:
            downloader = self.panel.manager.downloader
            self.panel.io(downloader.resume, p.job_id, then=self.show_job, owner=self)

    @Slot()
    def cancel_selected(self) -> None:
        p = self.selected()
        job = self._job(p.job_id) if p else None
        if job is not None:
            job.cancel()

    @Slot()
    def clear_finished(self) -> None:
        for p in list(self.model.rows):
            if p.status in (Status.COMPLETED, Status.CANCELLED):
                self.model.remove(p.job_id)
        self.update_buttons()


__all__ = ["ACTIVE", "STATUS_TEXT", "DownloadsModel", "DownloadsTab", "failure_advice"]
