"""The bar under the window's menu that says "Moved … to the Trash" with an Undo button.
It stays (whatever page or conversation is opened) until the undo is used or no longer
possible (the conversation left the Trash: restored or erased), or it is closed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class UndoBar(QFrame):
    """Signals: undo_requested() when its Undo button is pressed."""

    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.conversation_id: str | None = None  # the conversation the undo brings back
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        self.label = QLabel()
        self.label.setObjectName("undoText")
        self.label.setWordWrap(True)
        self.undo_button = QPushButton(QCoreApplication.translate("undo_bar", "Undo"))
        self.undo_button.setAutoDefault(True)  # Enter presses it, as Space does
        self.undo_button.setToolTip(
            QCoreApplication.translate("undo_bar", "Bring the conversation back (Ctrl+Z)")
        )
        self.undo_button.clicked.connect(self.undo_requested)
        self.close_button = QPushButton(QCoreApplication.translate("undo_bar", "Close"))
        self.close_button.setAutoDefault(True)
        self.close_button.setAccessibleName(
            QCoreApplication.translate("undo_bar", "Close the undo bar")
        )
        self.close_button.clicked.connect(self.dismiss)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.undo_button)
        layout.addWidget(self.close_button)
        self.hide()

    def offer(self, conversation_id: str, title: str) -> None:
        self.conversation_id = conversation_id
        self.label.setText(
            QCoreApplication.translate(
                "undo_bar", "Moved “{title}” to the Trash. Press Ctrl+Z or Undo to bring it back."
            ).format(title=title)
        )
        self.undo_button.setAccessibleName(
            QCoreApplication.translate("undo_bar", "Undo deleting “{title}”").format(title=title)
        )
        self.show()

    @Slot()
    def dismiss(self) -> None:
        self.conversation_id = None
        self.hide()

    def trash_changed(self, ids: set[str]) -> None:
        """The Trash now holds ``ids``: the bar goes once its conversation is not there."""
        if self.conversation_id is not None and self.conversation_id not in ids:
            self.dismiss()


__all__ = ["UndoBar"]
