"""Pseudonymised sending in the window (issue 18): the conversation's switch "Send to the
cloud with personal details replaced" (off by default), the preview of exactly what will
leave (placeholders highlighted) before the first such send in a conversation and on
demand, and a line under the reply about what was restored and what was marked.

The decisions are the core's (:mod:`agentic_desk.core.privacy.pseudonymise`,
:meth:`agentic_desk.core.turn.ChatTurn.preview`); this module only shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.chat import Plan
from agentic_desk.core.conversations.pseudonyms import Pseudonyms, PseudonymSettings
from agentic_desk.core.privacy.payload import parts_of
from agentic_desk.core.privacy.pseudonymise import placeholder_spans, unknown_note
from agentic_desk.core.turn import ChatTurn

if TYPE_CHECKING:
    from agentic_desk.ui.chat_pane import ChatPane

# The highlight of a placeholder in the preview (readable on light and dark).
HIGHLIGHT = QColor("#ffd54f")


class PseudonymPreviewDialog(QDialog):
    """Exactly the text that will leave, message by message, placeholders highlighted.
    Accept: send it; anything else: nothing is sent."""

    def __init__(self, plan: Plan, parent: QWidget | None = None, *, on_demand: bool = False):
        super().__init__(parent)
        assert plan.pseudonymised is not None
        self.setObjectName("pseudonymPreviewDialog")
        self.setWindowTitle(self.tr("What will leave this computer"))
        self.setModal(True)
        self.resize(640, 480)
        pseudonymised = plan.pseudonymised
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "This is exactly the text that will be sent to {provider}. The highlighted "
                "placeholders stand for personal details; their real values stay on this "
                "computer and are put back into the reply."
            ).format(provider=plan.decision.provider)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.view = QTextEdit()
        self.view.setReadOnly(True)
        self.view.setAccessibleName(self.tr("Text that will be sent"))
        layout.addWidget(self.view, 1)
        self.highlighted: list[str] = []
        cursor = self.view.textCursor()
        plain = QTextCharFormat()
        marked = QTextCharFormat()
        marked.setBackground(HIGHLIGHT)
        marked.setForeground(QColor("#000000"))
        marked.setFontWeight(700)
        self.parts = parts_of(pseudonymised.messages)
        for index, part in enumerate(self.parts):
            if index:
                cursor.insertText("\n\n", plain)
            cursor.insertText(f"— {part.where} —\n", plain)
            position = 0
            for start, end in placeholder_spans(part.text, pseudonymised.mapping):
                cursor.insertText(part.text[position:start], plain)
                cursor.insertText(part.text[start:end], marked)
                self.highlighted.append(part.text[start:end])
                position = end
            cursor.insertText(part.text[position:], plain)
        self.view.moveCursor(QTextCursor.MoveOperation.Start)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Don't send"))
        self.send_button = QPushButton(self.tr("Close") if on_demand else self.tr("Send"))
        self.send_button.setObjectName("primaryButton")
        self.cancel_button.setDefault(True)  # Enter sends nothing
        self.send_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.send_button.clicked.connect(self.accept)
        if not on_demand:
            buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        layout.addLayout(buttons)

    def messages(self) -> list[tuple[str, str]]:
        """The (role, text) pairs shown: what the request will carry."""
        assert self.parts is not None
        return [(part.where, part.text) for part in self.parts]


class PseudonymiseControls(QWidget):
    """The switch and its Preview button in the chat header.

    Signals: ``preview_asked(dialog)`` when the preview is shown (before the first
    pseudonymised send of a conversation, or on demand); ``changed(bool)`` when the
    switch was stored.
    """

    preview_asked = Signal(object)
    changed = Signal(bool)

    def __init__(self, pane: ChatPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.records = Pseudonyms(pane.store)
        self.settings = PseudonymSettings()
        self.dialog: PseudonymPreviewDialog | None = None
        self._conversation = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.switch = QCheckBox(self.tr("Cloud with personal details replaced"))
        self.switch.setAccessibleName(self.tr("Send to the cloud with personal details replaced"))
        self.switch.setToolTip(
            self.tr(
                "Names, e-mail addresses, numbers and other personal details are replaced "
                "by placeholders such as [PERSON_1] before a request leaves; the reply shows "
                "the real values again. Local only never leaves."
            )
        )
        self.switch.toggled.connect(self._on_toggled)
        self.preview_button = QToolButton()
        self.preview_button.setText(self.tr("Preview…"))
        self.preview_button.setAccessibleName(self.tr("Preview what will leave this computer"))
        self.preview_button.clicked.connect(self.preview_draft)
        layout.addWidget(self.switch)
        layout.addWidget(self.preview_button)
        self.preview_button.setEnabled(False)
        pane.controller.reply_finished.connect(self._on_reply_finished)

    # ---- the conversation's choice -------------------------------------------------------

    def show_conversation(self, conversation_id: str) -> None:
        self._conversation = conversation_id

        def shown(settings: PseudonymSettings) -> None:
            if conversation_id != self.pane.current_id:
                return
            self.settings = settings
            self.switch.blockSignals(True)
            self.switch.setChecked(settings.enabled)
            self.switch.blockSignals(False)
            self.preview_button.setEnabled(settings.enabled)

        self.pane._io(self.records.settings, conversation_id, then=shown)

    @Slot(bool)
    def _on_toggled(self, checked: bool) -> None:
        conversation_id = self.pane.current_id
        self.preview_button.setEnabled(checked)
        if not conversation_id:
            return
        self.settings = PseudonymSettings(checked, False)

        def stored(_result: object) -> None:
            self.changed.emit(checked)

        self.pane._io(self.records.set_enabled, conversation_id, checked, then=stored)

    # ---- the preview ---------------------------------------------------------------------

    def needs_preview(self) -> bool:
        """Send must first show the preview (on, and not yet confirmed here)."""
        return self.switch.isChecked() and not self.settings.confirmed

    def intercept(self, text: str) -> bool:
        """Called by Send: True when the preview is shown first (the text stays in the
        box; Send on the dialog sends it)."""
        if not self.needs_preview() or self.pane.current_id is None:
            return False
        self._preview(text, on_demand=False, then=self._confirmed)
        return True

    @Slot()
    def preview_draft(self) -> None:
        text = self.pane.input.toPlainText().strip()
        if self.pane.current_id is None:
            return
        self._preview(text, on_demand=True, then=None)

    def _preview(self, text: str, *, on_demand: bool, then: Callable[[], None] | None) -> None:
        spec = self.pane._spec()
        turn = ChatTurn(self.pane.store, self.pane.controller.service)
        conversation_id = spec.conversation_id
        spec.pseudonymise = True

        def show(plan: Plan) -> None:
            if conversation_id != self.pane.current_id:
                return
            if not plan.sends_pseudonymised or plan.pseudonymised is None:
                # nothing would leave pseudonymised (it stays here): no preview to confirm
                if on_demand:
                    self.pane.show_notice(
                        self.tr("This message would not leave this computer: {why}").format(
                            why=plan.decision.label
                        ),
                        "privacy",
                    )
                elif then is not None:
                    then()
                return
            dialog = PseudonymPreviewDialog(plan, self.pane, on_demand=on_demand)
            self.dialog = dialog

            def answered(result: int) -> None:
                self.dialog = None
                dialog.deleteLater()
                if result == QDialog.DialogCode.Accepted and then is not None:
                    then()

            dialog.finished.connect(answered)
            dialog.open()
            self.preview_asked.emit(dialog)

        self.pane._io(turn.preview, spec, text or "", then=show)

    def _confirmed(self) -> None:
        conversation_id = self.pane.current_id
        if conversation_id is None:
            return
        self.settings = PseudonymSettings(True, True)

        def stored(_result: object) -> None:
            self.pane.send_current()

        self.pane._io(self.records.confirm_preview, conversation_id, then=stored)

    # ---- the reply -----------------------------------------------------------------------

    @Slot(str, object)
    def _on_reply_finished(self, _message_id: str, result: Any) -> None:
        info = getattr(result, "info", None)
        summary = getattr(info, "pseudonymised", None)
        if not summary:
            return
        note = unknown_note(summary)
        banner = self.pane.banner
        said = banner.text() if banner.isVisibleTo(self.pane) else ""
        self.pane.show_notice(f"{said}\n{note}" if said else note, "privacy")


__all__ = ["HIGHLIGHT", "PseudonymPreviewDialog", "PseudonymiseControls"]
