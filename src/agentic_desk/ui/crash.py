"""The crash dialog: what the window shows when something went wrong that the app did not
expect (a bug), with what to attach to a bug report.

:class:`CrashReporter` listens to :mod:`agentic_desk.core.diagnostics` (which has already
written the traceback to the log) and, on the GUI thread, opens one :class:`CrashDialog`;
more errors while it is open are counted in it rather than stacking dialogs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core import diagnostics
from agentic_desk.ui.i18n import plural


class CrashDialog(QDialog):
    """Says that something unexpected happened, that the user's work is saved, and what
    to attach to a report (debug info, copied with one button, and the log file)."""

    def __init__(self, error: BaseException, logs_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("Agentic Desk ran into a problem"))
        self.logs_dir = logs_dir
        self.count = 1
        layout = QVBoxLayout(self)
        self.headline = QLabel(
            self.tr(
                "<b>Something went wrong that Agentic Desk did not expect.</b><br>"
                "Your conversations are saved. You can keep working; if the problem comes "
                "back, please report it."
            )
        )
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.what = QLabel()
        self.what.setObjectName("crashWhat")
        self.what.setWordWrap(True)
        self.what.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.what)
        self.attach = QLabel(
            self.tr(
                "To report it, attach the debug info below (Copy debug info) and the log file "
                "<code>{log_file}</code>. Neither holds your messages or your keys."
            ).format(log_file=diagnostics.log_file(logs_dir))
        )
        self.attach.setWordWrap(True)
        self.attach.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.attach)
        self.details = QPlainTextEdit()
        self.details.setObjectName("crashDetails")
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(160)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("Copy debug info"))
        self.open_logs_button = QPushButton(self.tr("Open log folder"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_logs_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.copy_button.clicked.connect(self.copy_debug_info)
        self.open_logs_button.clicked.connect(self.open_logs)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 420)
        self.show_error(error)

    def show_error(self, error: BaseException) -> None:
        self.error = error
        summary = diagnostics.redact(f"{type(error).__name__}: {error}")
        if self.count > 1:
            what = plural(
                self.tr("What happened (%n problem(s) so far): {summary}", "", self.count),
                self.count,
            )
        else:
            what = self.tr("What happened: {summary}")
        self.what.setText(what.format(summary=summary))
        self.details.setPlainText(diagnostics.debug_info(error, self.logs_dir))

    def add_error(self, error: BaseException) -> None:
        self.count += 1
        self.show_error(error)

    @Slot()
    def copy_debug_info(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText(self.tr("Copied"))

    @Slot()
    def open_logs(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.logs_dir)))


class CrashReporter(QObject):
    """Shows a :class:`CrashDialog` for every unexpected error reported through
    :mod:`agentic_desk.core.diagnostics`, from whichever thread it happened on.

    Signals:
        crashed(object): an unexpected error arrived on the GUI thread (the exception).
    """

    crashed = Signal(object)
    _arrived = Signal(object)

    def __init__(self, logs_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.logs_dir = logs_dir
        self.dialog: CrashDialog | None = None
        self._arrived.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._remove = diagnostics.on_unexpected(self._arrived.emit)

    def close(self) -> None:
        self._remove()

    @Slot(object)
    def _show(self, error: BaseException) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_error(error)
        else:
            # top-level: it must show even when no window is up (a start-up bug)
            self.dialog = CrashDialog(error, self.logs_dir)
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog.destroyed.connect(self._forget)
            self.dialog.show()
        self.crashed.emit(error)

    @Slot()
    def _forget(self) -> None:
        self.dialog = None


__all__ = ["CrashDialog", "CrashReporter"]
