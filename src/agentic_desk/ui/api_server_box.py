"""The settings view's section for the local API server: a switch (off by default), where it
listens, and the access token (shown on request, copyable, rotatable)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.secrets import KeyringUnavailable
from agentic_desk.ui import errors
from agentic_desk.ui.jobs import JobRunner
from agentic_desk.ui.layout import WrappingCheckBox


class ApiServerBox(QWidget):
    """``make_server()`` builds an ``ApiServer`` from the current settings (it is called on a
    worker thread). Signals: ``state_changed(running)`` after a start or stop took effect,
    ``failed(message, hint)`` after a known error was shown in the status line."""

    state_changed = Signal(bool)
    failed = Signal(str, str)

    def __init__(
        self,
        make_server: Callable[[], Any],
        *,
        save_enabled: Callable[[bool], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.make_server = make_server
        self.jobs = JobRunner(self)
        self.save_enabled = save_enabled
        self.server: Any = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.switch = WrappingCheckBox(
            QCoreApplication.translate(
                "api_server_box", "Let other programs on this computer use the local model"
            )
        )
        self.switch.setAccessibleName(
            QCoreApplication.translate("api_server_box", "Local API server")
        )
        self.switch.toggled.connect(self._toggled)
        explain = QLabel(
            QCoreApplication.translate(
                "api_server_box",
                "An OpenAI-compatible API (also Anthropic's Messages API) on 127.0.0.1 only. "
                "Programs need the access token below; web pages are refused. API clients use "
                "the local model only unless you also allow them cloud providers.",
            )
        )
        explain.setObjectName("muted")
        explain.setWordWrap(True)
        self.status = QLabel(QCoreApplication.translate("api_server_box", "Off."))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        token_row = QHBoxLayout()
        self.token_field = QLineEdit()
        self.token_field.setReadOnly(True)
        self.token_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_field.setPlaceholderText(
            QCoreApplication.translate("api_server_box", "made when the server first starts")
        )
        self.token_field.setAccessibleName(
            QCoreApplication.translate("api_server_box", "API access token")
        )
        self.show_button = QPushButton(QCoreApplication.translate("api_server_box", "Show"))
        self.show_button.setCheckable(True)
        self.show_button.toggled.connect(self._show_token)
        self.copy_button = QPushButton(QCoreApplication.translate("api_server_box", "Copy"))
        self.copy_button.clicked.connect(self.copy_token)
        self.rotate_button = QPushButton(QCoreApplication.translate("api_server_box", "New token"))
        self.rotate_button.setToolTip(
            QCoreApplication.translate(
                "api_server_box", "Programs using the old token are refused from now on."
            )
        )
        self.rotate_button.clicked.connect(self.rotate_token)
        for widget in (self.token_field, self.show_button, self.copy_button, self.rotate_button):
            token_row.addWidget(widget)
        layout.addWidget(self.switch)
        layout.addWidget(explain)
        layout.addWidget(self.status)
        # issue 16: what went wrong, technically, only when asked
        self.details_button = QPushButton(QCoreApplication.translate("api_server_box", "Details"))
        self.details_button.setCheckable(True)
        self.details_button.setAccessibleName(
            QCoreApplication.translate("api_server_box", "Show the technical details")
        )
        self.details_button.hide()
        self.details = QLabel()
        self.details.setObjectName("muted")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        self.details_button.toggled.connect(self.details.setVisible)
        details_row = QHBoxLayout()
        details_row.addWidget(self.details_button)
        details_row.addStretch(1)
        layout.addLayout(details_row)
        layout.addWidget(self.details)
        layout.addLayout(token_row)
        self._set_token_enabled(False)

    # ---- background work -------------------------------------------------------------------

    def _io(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        self.jobs.call(work, owner=self, done=then, failed=self._failed, after=self._sync_switch)

    def _failed(self, error: AgenticDeskError) -> None:
        """Said plainly in a sentence or two with the next step; the technical text is
        behind Details (issue 16)."""
        if isinstance(error, KeyringUnavailable):
            plain = AgenticDeskError(
                "The API server needs your system's keyring to keep its access token safe, "
                "and no keyring can be used right now.",
                "Start or unlock your keyring (for example GNOME Keyring, KWallet or the "
                "login Keychain), then turn this on again.",
            )
            errors.show_error(self.status, plain)
        else:
            errors.show_error(self.status, error)
        self.details.setText(f"{error.message}\n{error.hint}".strip())
        self.details_button.show()
        self.failed.emit(error.message, error.hint)

    def _hide_details(self) -> None:
        self.details_button.setChecked(False)
        self.details_button.hide()
        self.details.clear()

    def _sync_switch(self) -> None:
        """After any start or stop (one that failed too): the switch says what is true."""
        self.switch.blockSignals(True)
        self.switch.setChecked(self.server is not None and self.server.running)
        self.switch.blockSignals(False)

    def _set_token_enabled(self, enabled: bool) -> None:
        for widget in (self.show_button, self.copy_button, self.rotate_button):
            widget.setEnabled(enabled)

    # ---- actions ---------------------------------------------------------------------------

    @Slot(bool)
    def _toggled(self, on: bool) -> None:
        if on:
            self.start()
        else:
            self.stop()

    def start(self) -> None:
        self._hide_details()
        errors.show_message(self.status, "Starting…")

        def work() -> tuple[Any, str, str, list[str]]:
            server = self.make_server()
            url = server.start()
            if self.save_enabled is not None:
                self.save_enabled(True)
            return server, url, server.token, list(server.warnings)

        def started(result: tuple[Any, str, str, list[str]]) -> None:
            self.server, url, token, warnings = result
            self.token_field.setText(token)
            self._set_token_enabled(True)
            text = f"On: {url}/v1 (OpenAI) · {url} (Anthropic)"
            if warnings:
                text += "\nWarning: " + " ".join(warnings)
            errors.show_message(self.status, text)
            self.switch.blockSignals(True)
            self.switch.setChecked(True)
            self.switch.blockSignals(False)
            self.state_changed.emit(True)

        self._io(work, started)

    def stop(self) -> None:
        server = self.server
        errors.show_message(self.status, "Stopping…")

        def work() -> None:
            if server is not None:
                server.stop()
            if self.save_enabled is not None:
                self.save_enabled(False)

        def stopped(_result: None) -> None:
            self.server = None
            errors.show_message(self.status, "Off.")
            self.token_field.clear()
            self.show_button.setChecked(False)
            self._set_token_enabled(False)
            self.state_changed.emit(False)

        self._io(work, stopped)

    def shutdown(self) -> None:
        """At exit: stop the server now (the window is closing)."""
        if self.server is not None:
            self.server.stop()
            self.server = None

    @Slot(bool)
    def _show_token(self, shown: bool) -> None:
        self.token_field.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.show_button.setText("Hide" if shown else "Show")

    @Slot()
    def copy_token(self) -> None:
        if self.token_field.text():
            QGuiApplication.clipboard().setText(self.token_field.text())
            errors.show_message(self.status, self.status.text().split("\n")[0] + "\nToken copied.")

    @Slot()
    def rotate_token(self) -> None:
        server = self.server
        if server is None:
            return

        def rotated(token: str) -> None:
            self.token_field.setText(token)
            errors.show_message(
                self.status,
                self.status.text().split("\n")[0]
                + "\nNew token in force: programs using the old one are refused.",
            )

        self._io(server.rotate_token, rotated)


__all__ = ["ApiServerBox"]
