"""The app lock in the window (see :mod:`agentic_desk.core.applock`).

* :class:`UnlockDialog`: a passphrase field, **Unlock** and **Quit**. A wrong passphrase
  is said inline and the user tries again; after :data:`MAX_TRIES` wrong tries the
  **Unlock** button rests for :data:`COOL_DOWN_MS` (a timer, never a sleep). Unlocking
  runs scrypt on the UI thread (a tenth of a second) so the dialog answers at once.
* :func:`ask_passphrase`: the dialog at start (``open_window``), the raw key or None.
* :class:`IdleLock`: after ``privacy.lock_after_minutes`` without input (an event filter on
  the application restarts a single-shot timer), the window's content and menus are
  hidden and the dialog asks again (``locked`` / ``unlocked`` signals).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.applock import AppLock, WrongPassphrase
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.ui.errors import error_text

MAX_TRIES = 5
COOL_DOWN_MS = 30_000

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class UnlockDialog(QDialog):
    """Asks for the passphrase; :attr:`key` holds the unwrapped key once accepted."""

    def __init__(
        self, lock: AppLock, parent: QWidget | None = None, *, again: bool = False
    ) -> None:
        super().__init__(parent)
        self.lock = lock
        self.key: str | None = None
        self.wrong_tries = 0
        self.setObjectName("unlockDialog")
        self.setWindowTitle(QCoreApplication.translate("applock", "Agentic Desk is locked"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        title = QLabel(
            QCoreApplication.translate("applock", "<b>Your conversations are locked.</b>")
            if not again
            else QCoreApplication.translate(
                "applock", "<b>Agentic Desk locked itself after a while without use.</b>"
            )
        )
        layout.addWidget(title)
        intro = QLabel(QCoreApplication.translate("applock", "Type your passphrase to open them."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(QCoreApplication.translate("applock", "Passphrase"))
        self.passphrase.setPlaceholderText(QCoreApplication.translate("applock", "Passphrase"))
        self.passphrase.returnPressed.connect(self.try_unlock)
        layout.addWidget(self.passphrase)
        self.error = QLabel("")
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.quit_button = QPushButton(QCoreApplication.translate("applock", "Quit"))
        self.quit_button.setObjectName("quitButton")
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        self.unlock_button = QPushButton(QCoreApplication.translate("applock", "Unlock"))
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        self.cool_down = QTimer(self)
        self.cool_down.setSingleShot(True)
        self.cool_down.setInterval(COOL_DOWN_MS)
        self.cool_down.timeout.connect(self.end_cool_down)
        self.setMinimumWidth(380)

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.adjustSize()  # room for the message, never over the field

    @Slot()
    def try_unlock(self) -> None:
        if self.cool_down.isActive():
            return
        text = self.passphrase.text()
        try:
            key = self.lock.unlock(text)
        except WrongPassphrase as wrong:
            self.wrong_tries += 1
            self.passphrase.clear()
            self.passphrase.setFocus()
            if self.wrong_tries >= MAX_TRIES:
                self.wrong_tries = 0
                self.unlock_button.setEnabled(False)
                self.passphrase.setEnabled(False)
                self.cool_down.start()
                self._say(
                    wrong.message
                    + "\n"
                    + QCoreApplication.translate(
                        "applock", "Too many wrong tries: wait {seconds} seconds, then try again."
                    ).format(seconds=COOL_DOWN_MS // 1000)
                )
            else:
                self._say(error_text(wrong))
            return
        except AgenticDeskError as error:
            self._say(error_text(error))
            return
        self.key = key
        self.passphrase.clear()
        self.error.hide()
        self.accept()

    @Slot()
    def end_cool_down(self) -> None:
        self.cool_down.stop()
        self.unlock_button.setEnabled(True)
        self.passphrase.setEnabled(True)
        self.passphrase.setFocus()
        self.error.setText(QCoreApplication.translate("applock", "You can try again now."))


def ask_passphrase(lock: AppLock) -> str | None:
    """The start-up question: the unwrapped key, or None when the user quits."""
    dialog = UnlockDialog(lock)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.key
    return None


class IdleLock(QObject):
    """Locks ``window`` after ``minutes`` without input (0: never while it runs).

    ``locked`` is emitted once the content is hidden and the dialog is up; ``unlocked``
    when the right passphrase was typed. Quit in the dialog closes the window."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: Any, lock: AppLock, minutes: int) -> None:
        super().__init__(window)
        self.window = window
        self.lock = lock
        self.dialog: UnlockDialog | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock_now)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        if minutes > 0:
            self.timer.setInterval(minutes * 60_000)
            if not self.is_locked:
                self.timer.start()
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and not self.is_locked and self.minutes > 0:
            self.timer.start()  # restart: the idle time counts from the last input
        return False

    @Slot()
    def lock_now(self) -> None:
        if self.is_locked:
            return
        self.timer.stop()
        self.window.centralWidget().hide()
        self.window.menuBar().setEnabled(False)
        self.window.menuBar().hide()
        dialog = UnlockDialog(self.lock, self.window, again=True)
        dialog.accepted.connect(self.on_unlocked)
        dialog.rejected.connect(self.on_quit)
        self.dialog = dialog
        dialog.open()
        self.locked.emit()

    @Slot()
    def on_unlocked(self) -> None:
        self.dialog = None
        self.window.menuBar().setEnabled(True)
        self.window.menuBar().show()
        self.window.centralWidget().show()
        if self.minutes > 0:
            self.timer.start()
        self.unlocked.emit()

    @Slot()
    def on_quit(self) -> None:
        self.window.close()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


__all__ = ["COOL_DOWN_MS", "MAX_TRIES", "IdleLock", "UnlockDialog", "ask_passphrase"]
