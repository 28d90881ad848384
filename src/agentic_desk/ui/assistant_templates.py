"""Assistant templates in the window ("Templates" to the user; see
:mod:`agentic_desk.core.assistants`):

* :class:`TemplatePicker`: New chat from a template: the templates with their
  descriptions, and the chosen one's fill-in fields as inputs.
* :class:`TemplatesManager`: create, edit, duplicate, delete, import and export (on the
  Settings view's Templates page); :class:`TemplateEditor` is its form.
* :class:`ConversationPromptBar`: the line under the chat's title that says which
  template a conversation came from and whether a system prompt is in effect, with a
  button to open and edit it (:class:`SystemPromptDialog`).

Reading and writing template files runs on worker threads (:class:`JobRunner`).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.assistants import (
    AssistantTemplate,
    Filled,
    FillField,
    Listing,
    MissingFields,
    TemplateError,
    TemplateLibrary,
)
from agentic_desk.core.conversations import Conversation, ConversationStore
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.privacy.levels import Privacy
from agentic_desk.ui.export_dialog import documents_folder
from agentic_desk.ui.i18n import QT_TRANSLATE_NOOP
from agentic_desk.ui.jobs import JobRunner
from agentic_desk.ui.layout import FlowLayout
from agentic_desk.ui.settings.common import PRIVACY_LABELS, shown

ROLE_TEMPLATE = Qt.ItemDataRole.UserRole
REPLY_WORDS = {
    "max_new_tokens": QT_TRANSLATE_NOOP("assistant_templates", "longest reply (tokens)"),
    "top_p": "top-p",
    "top_k": "top-k",
}


def _reply_word(key: str) -> str:
    """A reply setting's name, as shown (in the window's language)."""
    return QCoreApplication.translate(
        "assistant_templates", REPLY_WORDS.get(key, key.replace("_", " "))
    )


def _error_text(error: AgenticDeskError) -> str:
    return f"{error.message} {error.hint}".strip()


def _template_of(item: QListWidgetItem | None) -> AssistantTemplate | None:
    found = None if item is None else item.data(ROLE_TEMPLATE)
    return found if isinstance(found, AssistantTemplate) else None


def _documents() -> str:
    return str(documents_folder())


# ---- New chat from a template ------------------------------------------------------------------


class TemplatePicker(QDialog):
    """Pick a template and fill in its fields. ``filled`` holds the result once accepted.

    Signals: loaded(): the list of templates is on screen (read on a worker thread)."""

    loaded = Signal()

    def __init__(self, library: TemplateLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templatePicker")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(
            QCoreApplication.translate("assistant_templates", "New chat from a template")
        )
        self.resize(820, 560)
        self.library = library
        self.jobs = JobRunner(self)
        self.filled: Filled | None = None
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        layout = QVBoxLayout(self)
        body = QHBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("templateList")
        self.list.setAccessibleName(QCoreApplication.translate("assistant_templates", "Templates"))
        self.list.setFixedWidth(240)
        self.list.currentItemChanged.connect(self._on_current)
        self.list.itemDoubleClicked.connect(lambda _item: self.start())
        body.addWidget(self.list)
        right = QVBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("settingsCardTitle")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setObjectName("fieldHelp")
        self.facts.setWordWrap(True)
        right.addWidget(self.heading)
        right.addWidget(self.description)
        right.addWidget(self.facts)
        self.form_box = QWidget()
        self.form = QFormLayout(self.form_box)
        self.form.setContentsMargins(0, 8, 0, 0)
        right.addWidget(self.form_box)
        self.legend = QLabel(QCoreApplication.translate("assistant_templates", "* required"))
        self.legend.setObjectName("fieldHelp")
        right.addWidget(self.legend)
        right.addStretch(1)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        right.addWidget(self.error)
        body.addLayout(right, 1)
        layout.addLayout(body, 1)
        self.skipped = QLabel()
        self.skipped.setObjectName("fieldHelp")
        self.skipped.setWordWrap(True)
        self.skipped.hide()
        layout.addWidget(self.skipped)
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton(
            QCoreApplication.translate("assistant_templates", "Start conversation"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.start_button.setObjectName("primaryButton")
        self.start_button.setEnabled(False)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.jobs.call(
            library.listing, owner=self, done=self._show_listing, failed=self._show_error
        )

    def _show_listing(self, listing: Listing) -> None:
        for template in listing.templates:
            item = QListWidgetItem(template.name)
            item.setData(ROLE_TEMPLATE, template)
            item.setToolTip(template.description)
            self.list.addItem(item)
        if listing.problems:
            self.skipped.setText(
                QCoreApplication.translate("assistant_templates", "Skipped: ")
                + "; ".join(f"{p.file} ({p.message})" for p in listing.problems)
            )
            self.skipped.show()
        if self.list.count():
            self.list.setCurrentRow(0)
        self.loaded.emit()

    def _show_error(self, error: AgenticDeskError) -> None:
        self.error.setText(_error_text(error))
        self.error.show()

    @property
    def template(self) -> AssistantTemplate | None:
        item = self.list.currentItem()
        return _template_of(item)

    def select(self, name: str) -> None:
        """Show the template called ``name`` (for tests and a remembered choice)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None and item.text() == name:
                self.list.setCurrentRow(row)
                return
        raise KeyError(name)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_current(self, current: QListWidgetItem | None, _old: Any = None) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}
        self.error.hide()
        template: AssistantTemplate | None = (
            None if current is None else current.data(ROLE_TEMPLATE)
        )
        self.start_button.setEnabled(template is not None)
        if template is None:
            return
        self.legend.setVisible(any(f.required and f.default is None for f in template.fields))
        self.heading.setText(template.name)
        self.description.setText(template.description)
        privacy = shown(PRIVACY_LABELS.get(Privacy.parse(template.privacy), template.privacy))
        facts = [
            QCoreApplication.translate("assistant_templates", "Privacy: {privacy}").format(
                privacy=privacy
            )
        ]
        if template.reply:
            facts.append(
                QCoreApplication.translate("assistant_templates", "Reply settings: ")
                + ", ".join(f"{_reply_word(k)} {v}" for k, v in template.reply.items())
            )
        facts.append(
            QCoreApplication.translate("assistant_templates", "Comes with Agentic Desk")
            if template.starter
            else QCoreApplication.translate("assistant_templates", "Your template")
        )
        self.facts.setText(" · ".join(facts))
        for f in template.fields:
            editor: QLineEdit | QPlainTextEdit
            if f.multiline:
                editor = QPlainTextEdit()
                editor.setFixedHeight(96)
                editor.setTabChangesFocus(True)
                if f.default:
                    editor.setPlaceholderText(f.default)
            else:
                editor = QLineEdit()
                if f.default:
                    editor.setPlaceholderText(f.default)
            editor.setAccessibleName(f.label)
            needed = f.required and f.default is None
            title = QLabel(f"{f.label}{' *' if needed else ''}")
            title.setBuddy(editor)
            self.form.addRow(title, editor)
            title.show()  # now, not on the layout's queued show
            editor.show()
            self.editors[f.name] = editor

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, editor in self.editors.items():
            out[name] = (
                editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
            )
        return out

    def set_values(self, values: dict[str, str]) -> None:
        for name, value in values.items():
            editor = self.editors[name]
            if isinstance(editor, QPlainTextEdit):
                editor.setPlainText(value)
            else:
                editor.setText(value)

    @Slot()
    def start(self) -> None:
        template = self.template
        if template is None:
            return
        for editor in self.editors.values():
            editor.setProperty("invalid", False)
        try:
            self.filled = template.fill(self.values())
        except MissingFields as exc:
            for name in exc.missing:
                self.editors[name].setProperty("invalid", True)
                self.editors[name].style().polish(self.editors[name])
            self.editors[exc.missing[0]].setFocus()
            self._show_error(exc)
            return
        except TemplateError as exc:
            self._show_error(exc)
            return
        self.accept()


# ---- the header line of a conversation ----------------------------------------------------------


class SystemPromptDialog(QDialog):
    """Open and edit a conversation's system prompt."""

    def __init__(self, prompt: str, template: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("systemPromptDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(QCoreApplication.translate("assistant_templates", "System prompt"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        intro = (
            QCoreApplication.translate(
                "assistant_templates", "Started from the template “{template}”. "
            ).format(template=template)
            if template
            else ""
        ) + QCoreApplication.translate(
            "assistant_templates",
            "The model reads these instructions before every reply in this conversation.",
        )
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.editor = QPlainTextEdit(prompt)
        self.editor.setAccessibleName(
            QCoreApplication.translate("assistant_templates", "System prompt")
        )
        self.editor.setPlaceholderText(
            QCoreApplication.translate(
                "assistant_templates", "No system prompt: the model gets only your messages."
            )
        )
        layout.addWidget(self.editor, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def prompt(self) -> str:
        return self.editor.toPlainText().strip()


class ConversationPromptBar(QWidget):
    """Which template a conversation came from and whether a system prompt is in effect;
    "System prompt…" opens it for editing.

    Signals: saved(str conversation_id): an edited prompt is stored;
    failed(object error): storing it failed (for the pane's banner);
    dialog_opened(object dialog): the editor is on screen (tests)."""

    saved = Signal(str)
    failed = Signal(object)
    dialog_opened = Signal(object)

    def __init__(self, store: ConversationStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptBar")
        self.store = store
        self.jobs = JobRunner(self)
        self.conversation: Conversation | None = None
        self.dialog: SystemPromptDialog | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel()
        self.text.setObjectName("promptBarText")
        self.text.setAccessibleName(
            QCoreApplication.translate("assistant_templates", "Template and system prompt")
        )
        self.button = QPushButton(
            QCoreApplication.translate("assistant_templates", "System prompt…")
        )
        self.button.setAccessibleName(
            QCoreApplication.translate("assistant_templates", "Open and edit the system prompt")
        )
        self.button.clicked.connect(self.open_editor)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)

    def show_conversation(self, conversation: Conversation) -> None:
        self.conversation = conversation
        parts = []
        if conversation.template:
            parts.append(
                QCoreApplication.translate("assistant_templates", "Template: {name}").format(
                    name=conversation.template
                )
            )
        prompt = (conversation.system_prompt or "").strip()
        if prompt:
            first = " ".join(prompt.split())
            parts.append(
                QCoreApplication.translate("assistant_templates", "System prompt: ")
                + (first if len(first) <= 70 else first[:69] + "…")
            )
        else:
            parts.append(QCoreApplication.translate("assistant_templates", "No system prompt"))
        self.text.setText(" · ".join(parts))
        self.text.setToolTip(prompt)

    @Slot()
    def open_editor(self) -> None:
        conv = self.conversation
        if conv is None:
            return
        dialog = SystemPromptDialog(conv.system_prompt or "", conv.template, self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._save(conv.id, dialog.prompt()))
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _save(self, conv_id: str, prompt: str) -> None:

        def save() -> Conversation:
            self.store.set_system_prompt(conv_id, prompt or None)
            return self.store.get_conversation(conv_id)

        def done(conversation: Conversation) -> None:
            if self.conversation is not None and self.conversation.id == conv_id:
                self.show_conversation(conversation)
            self.saved.emit(conv_id)

        self.jobs.call(save, owner=self, done=done, failed=self.failed.emit)


# ---- the manager --------------------------------------------------------------------------------


class TemplateEditor(QDialog):
    """The form for one template: name, description, system prompt, first message,
    privacy, reply length and temperature, and the fill-in fields (a table)."""

    FIELD_COLUMNS = (
        QT_TRANSLATE_NOOP("assistant_templates", "Name"),
        QT_TRANSLATE_NOOP("assistant_templates", "Label"),
        QT_TRANSLATE_NOOP("assistant_templates", "Default"),
        QT_TRANSLATE_NOOP("assistant_templates", "Several lines"),
        QT_TRANSLATE_NOOP("assistant_templates", "Required"),
    )

    def __init__(self, template: AssistantTemplate | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("templateEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(
            QCoreApplication.translate("assistant_templates", "Edit template")
            if template
            else QCoreApplication.translate("assistant_templates", "New template")
        )
        self.resize(760, 680)
        self.original = template
        self.result_template: AssistantTemplate | None = None
        layout = QVBoxLayout(self)
        if template is not None and template.starter:
            note = QLabel(
                QCoreApplication.translate(
                    "assistant_templates",
                    "This template comes with Agentic Desk: your changes are saved as a new "
                    "template of your own.",
                )
            )
            note.setWordWrap(True)
            note.setObjectName("fieldHelp")
            layout.addWidget(note)
        form = QFormLayout()
        self.name = QLineEdit(template.name if template else "")
        self.name.setAccessibleName(QCoreApplication.translate("assistant_templates", "Name"))
        self.description = QLineEdit(template.description if template else "")
        self.description.setAccessibleName(
            QCoreApplication.translate("assistant_templates", "Description")
        )
        self.system_prompt = QPlainTextEdit(template.system_prompt if template else "")
        self.system_prompt.setAccessibleName(
            QCoreApplication.translate("assistant_templates", "System prompt")
        )
        self.system_prompt.setPlaceholderText(
            QCoreApplication.translate(
                "assistant_templates", "Instructions for the model; {{field}} fills in"
            )
        )
        self.first_message = QPlainTextEdit(template.first_message if template else "")
        self.first_message.setAccessibleName(
            QCoreApplication.translate("assistant_templates", "First message")
        )
        self.first_message.setFixedHeight(70)
        self.first_message.setPlaceholderText(
            QCoreApplication.translate(
                "assistant_templates", "Optional: the start of your first message"
            )
        )
        self.privacy = QComboBox()
        self.privacy.setAccessibleName(QCoreApplication.translate("assistant_templates", "Privacy"))
        for level, text in PRIVACY_LABELS.items():
            self.privacy.addItem(shown(text), level.value)
        self.privacy.setCurrentIndex(
            max(0, self.privacy.findData(template.privacy if template else "normal"))
        )
        reply = dict(template.reply) if template else {}
        self.temperature = QLineEdit(str(reply.get("temperature", "")))
        self.temperature.setAccessibleName(
            QCoreApplication.translate("assistant_templates", "Temperature")
        )
        self.temperature.setPlaceholderText(
            QCoreApplication.translate("assistant_templates", "empty: the settings' own")
        )
        self.max_tokens = QLineEdit(str(reply.get("max_new_tokens", "")))
        self.max_tokens.setAccessibleName(
            QCoreApplication.translate("assistant_templates", "Longest reply (tokens)")
        )
        self.max_tokens.setPlaceholderText(
            QCoreApplication.translate("assistant_templates", "empty: the settings' own")
        )
        self._other_reply = {
            k: v for k, v in reply.items() if k not in ("temperature", "max_new_tokens")
        }
        form.addRow(QCoreApplication.translate("assistant_templates", "Name"), self.name)
        form.addRow(
            QCoreApplication.translate("assistant_templates", "Description"), self.description
        )
        form.addRow(
            QCoreApplication.translate("assistant_templates", "System prompt"), self.system_prompt
        )
        form.addRow(
            QCoreApplication.translate("assistant_templates", "First message"), self.first_message
        )
        form.addRow(QCoreApplication.translate("assistant_templates", "Privacy"), self.privacy)
        form.addRow(
            QCoreApplication.translate("assistant_templates", "Temperature"), self.temperature
        )
        form.addRow(
            QCoreApplication.translate("assistant_templates", "Longest reply (tokens)"),
            self.max_tokens,
        )
        layout.addLayout(form, 1)
        layout.addWidget(
            QLabel(
                QCoreApplication.translate(
                    "assistant_templates",
                    "Fill-in fields (used as {{name}} in the prompt or message):",
                )
            )
        )
        self.fields = QTableWidget(0, len(self.FIELD_COLUMNS))
        self.fields.setAccessibleName(
            QCoreApplication.translate("assistant_templates", "Fill-in fields")
        )
        self.fields.setHorizontalHeaderLabels(
            [QCoreApplication.translate("assistant_templates", c) for c in self.FIELD_COLUMNS]
        )
        self.fields.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.fields.setFixedHeight(150)
        for f in template.fields if template else ():
            self.add_field(f)
        layout.addWidget(self.fields)
        field_buttons = QHBoxLayout()
        add = QPushButton(QCoreApplication.translate("assistant_templates", "Add field"))
        add.clicked.connect(lambda: self.add_field(None))
        remove = QPushButton(QCoreApplication.translate("assistant_templates", "Remove field"))
        remove.clicked.connect(self._remove_field)
        field_buttons.addWidget(add)
        field_buttons.addWidget(remove)
        field_buttons.addStretch(1)
        layout.addLayout(field_buttons)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def add_field(self, f: FillField | None) -> None:
        row = self.fields.rowCount()
        self.fields.insertRow(row)
        for column, value in enumerate(
            (f.name if f else "", f.label if f else "", (f.default or "") if f else "")
        ):
            self.fields.setItem(row, column, QTableWidgetItem(value))
        for column, checked in ((3, f.multiline if f else False), (4, f.required if f else True)):
            box = QCheckBox()
            box.setChecked(checked)
            self.fields.setCellWidget(row, column, box)

    @Slot()
    def _remove_field(self) -> None:
        row = self.fields.currentRow()
        if row >= 0:
            self.fields.removeRow(row)

    def _cell(self, row: int, column: int) -> str:
        item = self.fields.item(row, column)
        return item.text().strip() if item is not None else ""

    def template(self) -> AssistantTemplate:
        """What the form says (not checked yet). Numbers that are not numbers stay text,
        so the core's check names them."""
        reply: dict[str, Any] = dict(self._other_reply)
        for key, editor, kind in (
            ("temperature", self.temperature, float),
            ("max_new_tokens", self.max_tokens, int),
        ):
            text = editor.text().strip()
            if text:
                try:
                    reply[key] = kind(text)
                except ValueError:
                    reply[key] = text
        fields = []
        for row in range(self.fields.rowCount()):
            name = self._cell(row, 0)
            if not name:
                continue
            multiline = self.fields.cellWidget(row, 3)
            required = self.fields.cellWidget(row, 4)
            fields.append(
                FillField(
                    name,
                    self._cell(row, 1) or name,
                    self._cell(row, 2) or None,
                    isinstance(multiline, QCheckBox) and multiline.isChecked(),
                    isinstance(required, QCheckBox) and required.isChecked(),
                )
            )
        base = self.original or AssistantTemplate(name="", system_prompt="")
        return dataclasses.replace(
            base,
            name=self.name.text().strip(),
            description=self.description.text().strip(),
            system_prompt=self.system_prompt.toPlainText().strip(),
            first_message=self.first_message.toPlainText().strip(),
            privacy=str(self.privacy.currentData()),
            reply=reply,
            fields=tuple(fields),
        )

    @Slot()
    def save(self) -> None:
        from agentic_desk.core.assistants import check

        try:
            self.result_template = check(self.template())
        except AgenticDeskError as exc:
            self.error.setText(_error_text(exc))
            self.error.show()
            return
        self.accept()


class TemplatesManager(QWidget):
    """The templates, with New, Edit, Duplicate, Delete, Import… and Export….

    Signals: changed(): the list was read again after a change (or at first);
    dialog_opened(object dialog): an editor or file dialog is on screen (tests answer it);
    failed(object error): a change was refused (also shown in the manager)."""

    changed = Signal()
    dialog_opened = Signal(object)
    failed = Signal(object)

    def __init__(self, library: TemplateLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templatesManager")
        self.library = library
        self.jobs = JobRunner(self)
        self.listing = Listing(())
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setObjectName("templatesList")
        self.list.setAccessibleName(QCoreApplication.translate("assistant_templates", "Templates"))
        self.list.setMinimumHeight(200)
        self.list.currentItemChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda _i: self.edit())
        layout.addWidget(self.list)
        row = FlowLayout()  # wraps in a narrow window
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("new", QCoreApplication.translate("assistant_templates", "New…"), self.new),
            ("edit", QCoreApplication.translate("assistant_templates", "Edit…"), self.edit),
            (
                "duplicate",
                QCoreApplication.translate("assistant_templates", "Duplicate"),
                self.duplicate,
            ),
            ("delete", QCoreApplication.translate("assistant_templates", "Delete"), self.delete),
            (
                "import",
                QCoreApplication.translate("assistant_templates", "Import…"),
                self.import_file,
            ),
            (
                "export",
                QCoreApplication.translate("assistant_templates", "Export…"),
                self.export_file,
            ),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setObjectName("fieldHelp")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.refresh()

    # -- the list

    def refresh(self, select: str | None = None) -> None:
        self.jobs.call(
            self.library.listing,
            owner=self,
            done=lambda listing: self._show(listing, select),
            failed=self._refused,
        )

    def _show(self, listing: Listing, select: str | None) -> None:
        current = select or (self.current.id if self.current else None)
        self.listing = listing
        self.list.clear()
        for template in listing.templates:
            suffix = (
                "  " + QCoreApplication.translate("assistant_templates", "(comes with the app)")
                if template.starter
                else ""
            )
            item = QListWidgetItem(template.name + suffix)
            item.setData(ROLE_TEMPLATE, template)
            item.setToolTip(template.description)
            self.list.addItem(item)
            if template.id == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        if listing.problems:
            self._say(
                QCoreApplication.translate(
                    "assistant_templates",
                    "Some template files could not be read and are not listed: ",
                )
                + "; ".join(f"{p.file}: {p.message}" for p in listing.problems),
                error=True,
            )
        self._update_buttons()
        self.changed.emit()

    @property
    def current(self) -> AssistantTemplate | None:
        item = self.list.currentItem()
        return _template_of(item)

    def select(self, name: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None and item.data(ROLE_TEMPLATE).name == name:
                self.list.setCurrentRow(row)
                return
        raise KeyError(name)

    def names(self) -> list[str]:
        return [t.name for t in self.listing.templates]

    @Slot()
    def _update_buttons(self, *_args: Any) -> None:
        template = self.current
        for key in ("edit", "duplicate", "export"):
            self.buttons[key].setEnabled(template is not None)
        self.buttons["delete"].setEnabled(template is not None and not template.starter)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setObjectName("fieldError" if error else "fieldHelp")
        self.message.style().polish(self.message)
        self.message.show()

    def _refused(self, error: AgenticDeskError) -> None:
        self._say(_error_text(error), error=True)
        self.failed.emit(error)

    def _run(self, work: Any, *args: Any, said: Any) -> None:
        """``work(*args)`` on a worker thread; then the list again, with ``said(result)``
        (the text to show, and the template to select)."""

        def done(result: Any) -> None:
            text, select = said(result)
            self._say(text)
            self.refresh(select)

        self.jobs.call(work, *args, owner=self, done=done, failed=self._refused)

    # -- actions

    @Slot()
    def new(self) -> None:
        self._open_editor(None)

    @Slot()
    def edit(self) -> None:
        if self.current is not None:
            self._open_editor(self.current)

    def _open_editor(self, template: AssistantTemplate | None) -> None:
        editor = TemplateEditor(template, self)
        self.dialog = editor

        def accepted() -> None:
            made = editor.result_template
            assert made is not None
            if template is None:
                self._run(
                    self.library.create,
                    made,
                    said=lambda t: (
                        QCoreApplication.translate(
                            "assistant_templates", "Created “{name}”."
                        ).format(name=t.name),
                        t.id,
                    ),
                )
            else:
                self._run(
                    self.library.update,
                    template.id,
                    made,
                    said=lambda t: (
                        QCoreApplication.translate(
                            "assistant_templates",
                            "Saved as a new template, “{name}” (the original comes with the app).",
                        ).format(name=t.name)
                        if template.starter
                        else QCoreApplication.translate(
                            "assistant_templates", "Saved “{name}”."
                        ).format(name=t.name),
                        t.id,
                    ),
                )

        editor.accepted.connect(accepted)
        editor.open()
        self.dialog_opened.emit(editor)

    @Slot()
    def duplicate(self) -> None:
        if self.current is not None:
            self._run(
                self.library.duplicate,
                self.current.id,
                said=lambda t: (
                    QCoreApplication.translate("assistant_templates", "Made “{name}”.").format(
                        name=t.name
                    ),
                    t.id,
                ),
            )

    @Slot()
    def delete(self) -> None:
        template = self.current
        if template is None or template.starter:
            return
        self._run(
            self.library.delete,
            template.id,
            said=lambda _r: (
                QCoreApplication.translate("assistant_templates", "Deleted “{name}”.").format(
                    name=template.name
                ),
                None,
            ),
        )

    @Slot()
    def import_file(self) -> None:
        dialog = QFileDialog(
            self,
            QCoreApplication.translate("assistant_templates", "Import a template"),
            _documents(),
            QCoreApplication.translate("assistant_templates", "Templates (*.json)"),
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog

        def chosen(path: str) -> None:
            self._run(
                self.library.import_file,
                Path(path),
                said=lambda t: (
                    QCoreApplication.translate("assistant_templates", "Imported “{name}”.").format(
                        name=t.name
                    ),
                    t.id,
                ),
            )

        dialog.fileSelected.connect(chosen)
        dialog.open()
        self.dialog_opened.emit(dialog)

    @Slot()
    def export_file(self) -> None:
        template = self.current
        if template is None:
            return
        start = str(Path(_documents()) / f"{template.id}.json")
        dialog = QFileDialog(
            self,
            QCoreApplication.translate("assistant_templates", "Export the template"),
            start,
            QCoreApplication.translate("assistant_templates", "Templates (*.json)"),
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("json")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog

        def chosen(path: str) -> None:
            self._run(
                self.library.export,
                template.id,
                Path(path),
                said=lambda t: (
                    QCoreApplication.translate(
                        "assistant_templates", "Exported “{name}” to {path}."
                    ).format(name=t.name, path=path),
                    t.id,
                ),
            )

        dialog.fileSelected.connect(chosen)
        dialog.open()
        self.dialog_opened.emit(dialog)


__all__ = [
    "ConversationPromptBar",
    "SystemPromptDialog",
    "TemplateEditor",
    "TemplatePicker",
    "TemplatesManager",
]
