"""The main window: the shell around the sidebar (:mod:`agentic_desk.ui.sidebar`), the chat
pane (:mod:`agentic_desk.ui.chat_pane`), the model manager and the settings view; its menus
(the Edit menu's Undo delete, Trash and Empty Trash work from anywhere in the window),
shortcuts, navigation between the pages, and its size and layout across restarts."""

from __future__ import annotations

import base64
import json
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.assistants import Filled, TemplateLibrary, new_conversation
from agentic_desk.core.atomic import atomic_write_json
from agentic_desk.core.conversations import Conversation, ConversationStore
from agentic_desk.core.engine.protocol import GenerationParams
from agentic_desk.core.privacy.levels import Privacy
from agentic_desk.ui.chat_pane import COMPLEXITY_CHOICES, PRIVACY_CHOICES, ChatPane
from agentic_desk.ui.controller import ChatController
from agentic_desk.ui.i18n import conversation_title
from agentic_desk.ui.messages import MessageWidget
from agentic_desk.ui.shortcuts import ShortcutsDialog, shortcut
from agentic_desk.ui.sidebar import ConversationListModel, Sidebar
from agentic_desk.ui.undo_bar import UndoBar

if TYPE_CHECKING:
    from agentic_desk.core.models.manager import ModelManager
    from agentic_desk.ui.api_server_box import ApiServerBox
    from agentic_desk.ui.applock import IdleLock
    from agentic_desk.ui.library import DocumentsView, LibraryHub
    from agentic_desk.ui.models import ModelsPanel
    from agentic_desk.ui.settings_view import SettingsView

CHAT, MODELS, SETTINGS = 0, 1, 2  # the pages, in the order of the sidebar's buttons
DOCUMENTS = 3  # issue 17: the Documents page (ui/library), after them
TRASH_MENU_ITEMS = 20  # the Edit menu's Trash lists this many conversations


class UndoFallsThrough(QObject):
    """Ctrl+Z in a text box that has nothing of its own to undo goes on to the window's
    Undo delete (a text box otherwise keeps Ctrl+Z for itself, even with nothing to undo)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
            and not _undo_available(watched)
        ):
            event.ignore()
            return True  # not the text box's: the shortcut runs
        return False


def _undo_available(widget: QObject) -> bool:
    if isinstance(widget, QLineEdit):
        return widget.isUndoAvailable()
    if isinstance(widget, QPlainTextEdit):
        return widget.document().isUndoAvailable()
    return True


class MainWindow(QMainWindow):
    """Signals: view_ready(str conversation_id) once a conversation is on screen;
    list_ready(str query) once the conversation list (query "") or search results are shown;
    exported(str path) after a conversation or a message was exported;
    template_picker_ready(object dialog) once New chat from a template shows its list."""

    view_ready = Signal(str)
    exported = Signal(str)  # the path a conversation or a message was exported to
    list_ready = Signal(str)  # the search text it shows results for ("" for the full list)
    template_picker_ready = Signal(object)  # New from a template: the dialog, its list shown

    # The pages and services build_window hands the shell (ui/app.py).
    models_panel: ModelsPanel
    model_manager: ModelManager
    api_box: ApiServerBox
    idle_lock: IdleLock | None  # the app lock's idle timer, when the lock is on
    settings_view: SettingsView
    library_hub: LibraryHub  # issue 17
    documents_view: DocumentsView

    def __init__(
        self,
        store: ConversationStore,
        service: Any,
        *,
        state_file: Any = None,
        models_page: QWidget | str = "",
        settings_page: QWidget | str = "",
        documents_page: QWidget | str = "",
        default_privacy: str = Privacy.NORMAL,
        default_system_prompt: str | None = None,
        templates: TemplateLibrary | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(QCoreApplication.translate("main_window", "Agentic Desk"))
        self.store = store
        self.state_file = state_file
        self.default_privacy = default_privacy
        self.default_system_prompt = default_system_prompt  # settings: chat.*
        self.templates = templates  # None: no "From a template…" (a window without a data folder)
        self.template_picker: Any = None  # the New-from-template dialog while it is open
        self._prompt_after_open: str | None = None  # open its system prompt once shown
        self.close_hooks: list[Any] = []  # called when the window closes (downloads, server)
        self.sidebar = Sidebar(store)
        self.chat = ChatPane(store, service)
        self.undo_bar = UndoBar()  # keyboard: "Moved … to the Trash" + Undo, until used
        self.shortcuts_dialog: ShortcutsDialog | None = None  # Help → Keyboard shortcuts
        self._build(models_page, settings_page, documents_page)
        self._connect()
        for name, slot in (  # keys: ui/shortcuts.py (one table, also the Help window's)
            ("search", self.sidebar.focus_search),
            ("settings", self.show_settings),
            ("documents", self.show_documents),  # issue 17
        ):
            for keys in shortcut(name).sequences:
                QShortcut(keys, self, slot)
        self._undo_falls_through = UndoFallsThrough(self)
        for box in (self.chat.input, self.sidebar.search):
            box.installEventFilter(self._undo_falls_through)
        self.refresh_list()
        self.sidebar.refresh_trash()
        conversations = store.list_conversations()
        if conversations:
            self.open_conversation(conversations[0].id)
        else:
            self.new_chat()
        self._restore_state()

    # ---- layout ----------------------------------------------------------------------------

    def _build(
        self,
        models_page: QWidget | str,
        settings_page: QWidget | str,
        documents_page: QWidget | str = "",
    ) -> None:
        file_menu = self.menuBar().addMenu(QCoreApplication.translate("main_window", "&File"))
        keys = {name: shortcut(name).sequences[0] for name in ("new chat", "new from template")}
        keys |= {name: shortcut(name).sequences[0] for name in ("export", "quit", "undo delete")}
        file_menu.addAction(
            QCoreApplication.translate("main_window", "New chat"), keys["new chat"], self.new_chat
        )
        file_menu.addAction(
            QCoreApplication.translate("main_window", "New chat from a template…"),
            keys["new from template"],
            self.new_chat_from_template,
        )
        file_menu.addAction(
            QCoreApplication.translate("main_window", "Import conversation (JSON)…"),
            self.import_conversation,
        )
        file_menu.addAction(  # Word, OpenDocument, PDF, Markdown or JSON (the dialog asks)
            "Export conversation…", keys["export"], self.export_current
        )
        file_menu.addSeparator()
        file_menu.addAction(
            QCoreApplication.translate("main_window", "Quit"), keys["quit"], self.close
        )
        edit_menu = self.menuBar().addMenu(QCoreApplication.translate("main_window", "&Edit"))
        # Ctrl+Z is the window's (a text box with its own undo keeps it while focused).
        self.undo_delete_action: QAction = edit_menu.addAction(
            QCoreApplication.translate("main_window", "Undo delete"),
            keys["undo delete"],
            self.undo_delete,
        )
        self.undo_delete_action.setEnabled(False)
        self.trash_menu: QMenu = edit_menu.addMenu(
            QCoreApplication.translate("main_window", "Trash")
        )
        self.trash_menu.setEnabled(False)
        edit_menu.addSeparator()
        self.empty_trash_action: QAction = edit_menu.addAction(
            QCoreApplication.translate("main_window", "Empty Trash…"), self._ask_empty_trash
        )
        self.empty_trash_action.setEnabled(False)
        help_menu = self.menuBar().addMenu(QCoreApplication.translate("main_window", "&Help"))
        self.shortcuts_action: QAction = help_menu.addAction(
            QCoreApplication.translate("main_window", "Keyboard shortcuts"), self.show_shortcuts
        )
        self.shortcuts_action.setShortcuts(shortcut("shortcuts").sequences)
        splitter = QSplitter()
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.sidebar)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.chat)
        for content in (models_page, settings_page, documents_page):
            self.pages.addWidget(content if isinstance(content, QWidget) else placeholder(content))
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 1020])
        # layout (issue 16): dragging the splitter never hides the sidebar (its page
        # buttons are the way to Models and Settings); View → Conversation list (Ctrl+B)
        # folds the list away and keeps the page buttons
        splitter.setCollapsible(0, False)
        splitter.setCollapsible(1, False)
        view_menu = QMenu(QCoreApplication.translate("main_window", "&View"), self)
        self.menuBar().insertMenu(help_menu.menuAction(), view_menu)  # Help stays last
        self.sidebar_action: QAction = view_menu.addAction(
            QCoreApplication.translate("main_window", "Conversation list")
        )
        self.sidebar_action.setCheckable(True)
        self.sidebar_action.setChecked(True)
        self.sidebar_action.setShortcuts(shortcut("conversation list").sequences)
        self.sidebar_action.toggled.connect(lambda shown: self.sidebar.set_collapsed(not shown))
        self.sidebar.collapsed_changed.connect(
            lambda collapsed: self.sidebar_action.setChecked(not collapsed)
        )
        self.splitter = splitter
        central = QWidget()  # the undo bar (keyboard) above the splitter
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.undo_bar)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _connect(self) -> None:
        sidebar, chat = self.sidebar, self.chat
        sidebar.new_chat_requested.connect(self.new_chat)
        sidebar.new_from_template_requested.connect(self.new_chat_from_template)
        sidebar.system_prompt_requested.connect(self.open_system_prompt)
        chat.view_ready.connect(self._open_pending_prompt)
        sidebar.conversation_chosen.connect(self._on_chosen)
        sidebar.conversation_restored.connect(self.open_conversation)
        sidebar.conversation_renamed.connect(chat.set_title)
        sidebar.conversation_deleted.connect(self._on_deleted)
        sidebar.page_requested.connect(self.pages.setCurrentIndex)
        chat.models_requested.connect(self.show_models)  # issue 16: no model yet
        chat.documents_requested.connect(self.show_documents)  # issue 17
        sidebar.notice.connect(self._on_sidebar_notice)
        sidebar.trash_changed.connect(self._on_trash_changed)
        sidebar.failed.connect(chat.show_error)
        sidebar.list_ready.connect(self.list_ready)
        sidebar.exported.connect(self.exported)
        chat.exported.connect(self.exported)
        chat.file_chooser = sidebar.file_chooser  # one place to ask where exports go
        chat.opened.connect(sidebar.set_current)
        chat.list_changed.connect(sidebar.refresh_list)
        chat.view_ready.connect(self.view_ready)
        self.pages.currentChanged.connect(sidebar.show_page)
        # keyboard: the undo bar, and Esc on an empty search goes back to the message box
        self.undo_bar.undo_requested.connect(self.undo_delete)
        sidebar.search_left.connect(self.show_chat)

    # ---- navigation --------------------------------------------------------------------------

    @Slot()
    def new_chat(self) -> None:
        self.start_conversation(None)

    # ---- templates ----------------------------------------------------------------------------

    @Slot()
    def new_chat_from_template(self) -> None:
        """Open the template picker; accepting it starts the conversation."""
        from agentic_desk.ui.assistant_templates import TemplatePicker

        if self.templates is None:
            return
        picker = TemplatePicker(self.templates, self)
        self.template_picker = picker
        picker.accepted.connect(lambda: self.start_conversation(picker.filled))
        picker.finished.connect(lambda _r: setattr(self, "template_picker", None))
        picker.loaded.connect(lambda: self.template_picker_ready.emit(picker))
        picker.open()

    @Slot(str)
    def open_system_prompt(self, conv_id: str) -> None:
        """Show the conversation and open its system prompt in the header's editor."""
        self.show_chat()
        if conv_id == self.chat.current_id and self.chat.prompt_bar.conversation is not None:
            self.chat.prompt_bar.open_editor()
            return
        self._prompt_after_open = conv_id
        self.open_conversation(conv_id)

    @Slot(str)
    def _open_pending_prompt(self, conv_id: str) -> None:
        if conv_id == self._prompt_after_open:
            self._prompt_after_open = None
            self.chat.prompt_bar.open_editor()

    def start_conversation(self, filled: Filled | None) -> None:
        """A new conversation: from a template with its fields filled in (its system
        prompt, privacy, reply settings; its first message in the input box), or plain
        (the default system prompt and privacy)."""
        setup = new_conversation(
            filled,
            default_system_prompt=self.default_system_prompt,
            default_privacy=self.default_privacy,
        )
        conv = self.store.create_conversation(
            system_prompt=setup.system_prompt,
            privacy=setup.privacy,
            params=setup.params,
            template=setup.template,
        )
        if setup.first_message:
            self.store.save_draft(conv.id, setup.first_message)  # shown when it opens
        self.refresh_list()
        self.open_conversation(conv.id)
        self.show_chat()

    @Slot()
    def show_settings(self) -> None:
        self.pages.setCurrentIndex(SETTINGS)

    @Slot()
    def show_documents(self) -> None:
        """Issue 17: the Documents page (libraries of the user's files)."""
        self.pages.setCurrentIndex(DOCUMENTS)

    @Slot()
    def show_models(self) -> None:
        self.pages.setCurrentIndex(MODELS)

    @Slot()
    def show_chat(self) -> None:
        self.pages.setCurrentIndex(CHAT)
        self.chat.input.setFocus()

    @Slot(str)
    def open_conversation(self, conv_id: str, *, keep_banner: bool = False) -> None:
        self.chat.open_conversation(conv_id, keep_banner=keep_banner)

    @Slot(str)
    def _on_chosen(self, conv_id: str) -> None:
        self.open_conversation(conv_id)
        self.show_chat()

    @Slot(str, object)
    def _on_deleted(self, conv_id: str, remaining: list[Conversation]) -> None:
        gone = next((c for c in self.sidebar.trash_items if c.id == conv_id), None)
        self.undo_bar.offer(
            conv_id,
            conversation_title(gone.title if gone else ""),
        )
        if conv_id == self.chat.current_id:
            if remaining:
                self.open_conversation(remaining[0].id, keep_banner=True)
            else:
                self.new_chat()

    @Slot(object)
    def _on_trash_changed(self, items: list[Conversation]) -> None:
        """The Edit menu follows the Trash: Undo names what it brings back; the Trash
        submenu restores any of it."""
        self.undo_delete_action.setEnabled(bool(items))
        self.undo_bar.trash_changed({conv.id for conv in items})
        self.undo_delete_action.setText(
            QCoreApplication.translate("main_window", "Undo delete “{title}”").format(
                title=conversation_title(items[0].title)
            )
            if items
            else QCoreApplication.translate("main_window", "Undo delete")
        )
        self.empty_trash_action.setEnabled(bool(items))
        self.trash_menu.setEnabled(bool(items))
        self.trash_menu.clear()
        for conv in items[:TRASH_MENU_ITEMS]:
            self.trash_menu.addAction(
                QCoreApplication.translate("main_window", "Restore “{title}”").format(
                    title=conversation_title(conv.title)
                ),
                partial(self.restore_conversation, conv.id),
            )
        if len(items) > TRASH_MENU_ITEMS:
            more = self.trash_menu.addAction(
                QCoreApplication.translate("main_window", "… and {count} more").format(
                    count=len(items) - TRASH_MENU_ITEMS
                )
            )
            more.setEnabled(False)

    @Slot(str)
    def _on_sidebar_notice(self, text: str) -> None:
        self.chat.show_notice(text, "info")

    # ---- what build_window, tests and benchmarks use (the panes' own parts) ----------------

    @property
    def controller(self) -> ChatController:
        return self.chat.controller

    @property
    def current_id(self) -> str | None:
        return self.chat.current_id

    @property
    def widgets(self) -> dict[str, MessageWidget]:
        return self.chat.widgets

    @property
    def generation(self) -> GenerationParams:
        return self.chat.generation

    @generation.setter
    def generation(self, params: GenerationParams) -> None:
        self.chat.generation = params

    @property
    def input(self) -> QPlainTextEdit:
        return self.chat.input

    @property
    def title(self) -> QLabel:
        return self.chat.title

    @property
    def banner(self) -> QLabel:
        return self.chat.banner

    @property
    def privacy(self) -> QComboBox:
        return self.chat.privacy

    @property
    def local_badge(self) -> QLabel:
        return self.chat.local_badge

    @property
    def search(self) -> QLineEdit:
        return self.sidebar.search

    @property
    def list_model(self) -> ConversationListModel:
        return self.sidebar.list_model

    def refresh_list(self) -> None:
        self.sidebar.refresh_list()

    def send_current(self) -> None:
        self.chat.send_current()

    def show_notice(self, text: str, *, sticky: bool = False) -> None:
        self.chat.show_notice(text, sticky=sticky)

    def _show_error(self, message: str, hint: str) -> None:
        self.chat._show_error(message, hint)

    def _add_message(self, *args: Any, **kwargs: Any) -> MessageWidget:
        return self.chat._add_message(*args, **kwargs)

    def rename_conversation(self, conv_id: str, title: str | None = None) -> None:
        self.sidebar.rename_conversation(conv_id, title)

    def edit_system_prompt(self, conv_id: str, prompt: str | None = None) -> None:
        self.sidebar.edit_system_prompt(conv_id, prompt)

    def pin_conversation(self, conv_id: str, pinned: bool) -> None:
        self.sidebar.pin_conversation(conv_id, pinned)

    def delete_conversation(self, conv_id: str) -> None:
        self.sidebar.delete_conversation(conv_id)

    @Slot()
    def undo_delete(self) -> None:
        self.undo_bar.dismiss()
        self.sidebar.undo_delete()

    @Slot()
    def show_shortcuts(self) -> None:
        """Help → Keyboard shortcuts (F1, Ctrl+/): the table of ui/shortcuts.py."""
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.show()
        self.shortcuts_dialog.activateWindow()

    def restore_conversation(self, conv_id: str) -> None:
        self.sidebar.restore_conversation(conv_id)

    def empty_trash(self, *, confirm: bool = True) -> None:
        self.sidebar.empty_trash(confirm=confirm)

    @Slot()
    def _ask_empty_trash(self) -> None:
        self.sidebar.empty_trash(confirm=True)

    @property
    def trash_items(self) -> list[Conversation]:
        return self.sidebar.trash_items

    @Slot()
    def import_conversation(self, path: str | None = None) -> None:
        self.sidebar.import_conversation(path)

    def export_conversation(
        self, conv_id: str, kind: str | None = None, path: str | None = None
    ) -> None:
        self.sidebar.export_conversation(conv_id, kind, path)

    @Slot()
    def export_current(self) -> None:
        """Export the conversation on screen (File → Export conversation…)."""
        if self.chat.current_id is not None:
            self.sidebar.export_conversation(self.chat.current_id)

    # ---- state -------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        if self.state_file is None or not self.state_file.is_file():
            self.resize(1280, 800)
            return
        try:
            state = json.loads(self.state_file.read_text("utf-8"))
            self.restoreGeometry(base64.b64decode(state["geometry"]))
            self.splitter.restoreState(base64.b64decode(state["splitter"]))
            self.sidebar.set_collapsed(bool(state.get("sidebar_collapsed", False)))
        except (OSError, ValueError, KeyError):
            self.resize(1280, 800)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.chat.close_down()
        for hook in self.close_hooks:
            hook()
        if self.state_file is not None:
            state = {
                "geometry": base64.b64encode(bytes(self.saveGeometry().data())).decode(),
                "splitter": base64.b64encode(bytes(self.splitter.saveState().data())).decode(),
                "sidebar_collapsed": self.sidebar.collapsed,
            }
            self.state_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic_write_json(self.state_file, state)
        super().closeEvent(event)


def placeholder(text: str) -> QLabel:
    """A page that only says something (when the window is built without that page)."""
    from PySide6.QtCore import Qt

    page = QLabel(text)
    page.setWordWrap(True)
    page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    page.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    page.setMargin(24)
    return page


__all__ = ["COMPLEXITY_CHOICES", "PRIVACY_CHOICES", "MainWindow"]
