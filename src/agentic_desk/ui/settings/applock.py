"""The app lock on the Privacy & cloud page: "Ask for a passphrase" (see
:mod:`agentic_desk.core.applock`), a dialog to set or change the passphrase, and how long
the window waits without input before it locks itself. The slow work (scrypt, the
keyring) runs as a job on the view's one runner."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.applock import AppLockError, check_passphrase
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.jobs import call_job
from agentic_desk.ui.errors import error_text
from agentic_desk.ui.settings.common import label

if TYPE_CHECKING:
    from agentic_desk.ui.settings.view import SettingsView


class PassphraseDialog(QDialog):
    """Asks for the current passphrase (``current``), a new one twice (``new``), or both."""

    def __init__(self, *, current: bool, new: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(
            QCoreApplication.translate("applock", "Change the passphrase")
            if current and new
            else QCoreApplication.translate("applock", "Set a passphrase")
            if new
            else QCoreApplication.translate("applock", "Turn the app lock off")
        )
        layout = QVBoxLayout(self)
        if new:
            intro = QLabel(
                QCoreApplication.translate(
                    "applock",
                    "The passphrase is asked for when Agentic Desk starts (and after a while "
                    "without use). It is not stored anywhere: forget it and the conversations "
                    "cannot be read.",
                )
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        form = QFormLayout()
        self.current = self._field(
            "currentPassphrase", QCoreApplication.translate("applock", "Current passphrase")
        )
        self.new = self._field(
            "newPassphrase", QCoreApplication.translate("applock", "New passphrase")
        )
        self.again = self._field(
            "againPassphrase", QCoreApplication.translate("applock", "New passphrase again")
        )
        if current:
            form.addRow(QCoreApplication.translate("applock", "Current passphrase:"), self.current)
        if new:
            form.addRow(QCoreApplication.translate("applock", "New passphrase:"), self.new)
            form.addRow(QCoreApplication.translate("applock", "Again:"), self.again)
        layout.addLayout(form)
        self.wants_new = new
        self.error = QLabel("")
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(
            QCoreApplication.translate("applock", "Change")
            if current and new
            else QCoreApplication.translate("applock", "Turn on")
            if new
            else QCoreApplication.translate("applock", "Turn off")
        )
        self.buttons.accepted.connect(self.check_and_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    @staticmethod
    def _field(name: str, accessible: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setAccessibleName(accessible)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    @Slot()
    def check_and_accept(self) -> None:
        if self.wants_new:
            try:
                check_passphrase(self.new.text())
                if self.new.text() != self.again.text():
                    raise AppLockError(
                        QCoreApplication.translate("applock", "The two new passphrases differ."),
                        QCoreApplication.translate("applock", "Type the same one in both fields."),
                    )
            except AppLockError as error:
                self.error.setText(error_text(error))
                self.error.show()
                self.adjustSize()
                return
        self.accept()


class AppLockSection:
    """The switch, its state, Change passphrase…, and the idle minutes, in ``layout``."""

    def __init__(self, view: SettingsView, layout: Any, minutes_row: QWidget) -> None:
        self.view = view
        self.busy = False
        self.dialog: PassphraseDialog | None = None
        # How the dialog is asked (a test seam: tests answer it without exec()).
        self.ask: Any = self._ask
        self.switch = QCheckBox(QCoreApplication.translate("applock", "Ask for a passphrase"))
        self.switch.setObjectName("appLockSwitch")
        self.switch.setAccessibleName(QCoreApplication.translate("applock", "Ask for a passphrase"))
        self.switch.toggled.connect(self.on_toggled)
        layout.addWidget(self.switch)
        self.state = label("", "appLockState")
        layout.addWidget(self.state)
        self.change_button = QPushButton(
            QCoreApplication.translate("applock", "Change passphrase…")
        )
        self.change_button.setObjectName("changePassphrase")
        self.change_button.clicked.connect(self.on_change)
        layout.addWidget(self.change_button)
        self.error = label("", "fieldError")
        self.error.hide()
        layout.addWidget(self.error)
        layout.addWidget(minutes_row)

    def show(self, text: str = "") -> None:
        on = self.view.context.settings.privacy.app_lock
        store = self.view.conversations
        encrypted = (
            bool(store.encrypted)
            if store is not None
            else self.view.context.settings.privacy.encrypt_conversations
        )
        self.switch.blockSignals(True)
        self.switch.setChecked(on)
        self.switch.blockSignals(False)
        self.switch.setEnabled(not self.busy and (on or encrypted))
        self.change_button.setVisible(on)
        self.change_button.setEnabled(not self.busy)
        if not text:
            text = (
                QCoreApplication.translate(
                    "applock",
                    "ON: the database key is in the keyring only encrypted with your passphrase, "
                    "which is asked for at start.",
                )
                if on
                else QCoreApplication.translate(
                    "applock", "OFF: whoever can unlock your keyring can open the conversations."
                )
                if encrypted
                else QCoreApplication.translate(
                    "applock", "Needs the conversation database to be encrypted (above)."
                )
            )
        self.state.setText(text)

    def _ask(self, *, current: bool, new: bool) -> PassphraseDialog | None:
        dialog = PassphraseDialog(current=current, new=new, parent=self.view)
        self.dialog = dialog
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.dialog = None
        return dialog if accepted else None

    def _run(self, title: str, work: Any, then_on: bool | None) -> None:
        context = self.view.context
        self.busy = True
        self.error.hide()
        self.show(f"{title}…")

        def done(_result: object) -> None:
            self.busy = False
            if then_on is not None:
                context.set_app_lock(then_on)
                self.view.reload()
            self.show(
                QCoreApplication.translate("applock", "The passphrase was changed.")
                if then_on is None
                else ""
            )

        def failed(error: AgenticDeskError) -> None:
            self.busy = False
            self.error.setText(error_text(error))
            self.error.show()
            self.show()

        self.view.start_job(
            "applock", call_job(title, work), owner=self.switch, done=done, failed=failed
        )

    @Slot(bool)
    def on_toggled(self, checked: bool) -> None:
        lock = self.view.context.app_lock()
        store = self.view.conversations
        encrypted = (
            bool(store.encrypted)
            if store is not None
            else self.view.context.settings.privacy.encrypt_conversations
        )
        dialog = self.ask(current=not checked, new=checked)
        if dialog is None:
            self.show()
            return
        if checked:
            passphrase = dialog.new.text()
            self._run(
                QCoreApplication.translate("applock", "Locking the key"),
                lambda: lock.turn_on(passphrase, encrypted=encrypted),
                True,
            )
        else:
            passphrase = dialog.current.text()
            self._run(
                QCoreApplication.translate("applock", "Unlocking the key"),
                lambda: lock.turn_off(passphrase),
                False,
            )

    @Slot()
    def on_change(self) -> None:
        lock = self.view.context.app_lock()
        dialog = self.ask(current=True, new=True)
        if dialog is None:
            return
        old, new = dialog.current.text(), dialog.new.text()
        self._run(
            QCoreApplication.translate("applock", "Changing the passphrase"),
            lambda: lock.change(old, new),
            None,
        )


__all__ = ["AppLockSection", "PassphraseDialog"]
