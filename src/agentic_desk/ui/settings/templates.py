"""The Templates page of the settings view: the default system prompt of new
conversations (``chat.default_system_prompt``) and the templates manager."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from agentic_desk.core.assistants import TemplateLibrary
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.settings import Settings
from agentic_desk.ui.settings.common import error_text, label, section_box

if TYPE_CHECKING:
    from agentic_desk.ui.settings.view import SettingsView, Snapshot

DEFAULT_PROMPT = "chat.default_system_prompt"


class TemplatesPage(QWidget):
    def __init__(self, view: SettingsView) -> None:
        super().__init__()
        self.view = view
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        box, inner = section_box(QCoreApplication.translate("templates", "Default system prompt"))
        inner.addWidget(
            label(
                QCoreApplication.translate(
                    "templates",
                    "Instructions the model gets at the start of every new conversation that has "
                    "none of its own (a template's system prompt replaces it). Empty: none. "
                    "Applies to new conversations.",
                ),
                "fieldHelp",
            )
        )
        self.default_prompt = QPlainTextEdit()
        self.default_prompt.setAccessibleName(
            QCoreApplication.translate("templates", "Default system prompt")
        )
        self.default_prompt.setPlaceholderText(
            QCoreApplication.translate("templates", "e.g. Answer in British English, briefly.")
        )
        self.default_prompt.setFixedHeight(110)
        inner.addWidget(self.default_prompt)
        row = QHBoxLayout()
        self.save_button = QPushButton(QCoreApplication.translate("templates", "Save"))
        self.save_button.setAccessibleName(
            QCoreApplication.translate("templates", "Save the default system prompt")
        )
        self.save_button.clicked.connect(self.save_default_prompt)
        row.addWidget(self.save_button)
        self.status = label("", "fieldHelp")
        row.addWidget(self.status, 1)
        inner.addLayout(row)
        layout.addWidget(box)
        box, inner = section_box(QCoreApplication.translate("templates", "Templates"))
        inner.addWidget(
            label(
                QCoreApplication.translate(
                    "templates",
                    "Start a conversation from one with New chat ▸ From a template. The ones "
                    "that come with the app cannot be changed: editing one saves your own copy.",
                ),
                "fieldHelp",
            )
        )
        # here, not at the top: assistant_templates uses settings.common (an import cycle)
        from agentic_desk.ui.assistant_templates import TemplatesManager

        self.manager = TemplatesManager(TemplateLibrary.in_data_folder(view.context.paths.root))
        inner.addWidget(self.manager)
        layout.addWidget(box)
        layout.addStretch(1)

    def show_snapshot(self, snap: Snapshot) -> None:
        self.default_prompt.setPlainText(snap.effective.chat.default_system_prompt or "")

    @Slot()
    def save_default_prompt(self) -> None:
        text = self.default_prompt.toPlainText().strip()

        def saved(settings: Settings) -> None:
            shown = settings.chat.default_system_prompt
            self.status.setObjectName("fieldHelp")
            self.status.setText(
                QCoreApplication.translate("templates", "Saved.")
                if shown
                else QCoreApplication.translate("templates", "Saved: new conversations get none.")
            )
            self.status.style().polish(self.status)

        def refused(error: AgenticDeskError) -> None:
            self.status.setObjectName("fieldError")
            self.status.setText(error_text(error, DEFAULT_PROMPT))
            self.status.style().polish(self.status)

        self.view.change({DEFAULT_PROMPT: text or None}, refused=refused, saved=saved)
