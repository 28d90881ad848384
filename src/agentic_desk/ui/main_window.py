"""The main window: conversation list, chat pane, model manager panel, settings view."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QCloseEvent, QColor, QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.conversations import Conversation, ConversationStore
from agentic_desk.core.engine.protocol import GenerationParams
from agentic_desk.core.privacy.levels import PRIVACY_LEVELS, Privacy
from agentic_desk.ui.controller import ChatController, TurnSpec
from agentic_desk.ui.conversation_labels import group_by_date
from agentic_desk.ui.messages import MessageWidget
from agentic_desk.ui.settings.common import COMPLEXITY_LABELS, PRIVACY_LABELS
from agentic_desk.ui.tasks import run_in_background

PRIVACY_CHOICES = [(text, level.value) for level, text in PRIVACY_LABELS.items()]
COMPLEXITY_CHOICES = [
    ("Complexity: auto", None),
    *[(text, level.value) for level, text in COMPLEXITY_LABELS.items()],
]
ROLE_ID = Qt.ItemDataRole.UserRole
ROLE_HEADER = Qt.ItemDataRole.UserRole + 1


class ConversationListModel(QAbstractListModel):
    """Conversations grouped by date (header rows are not selectable)."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[str, Conversation | None]] = []
        self._snippets: dict[str, str] = {}

    def set_conversations(
        self, conversations: list[Conversation], snippets: dict[str, str] | None = None
    ) -> None:
        """Grouped by date; with ``snippets`` (search results) one "Results" group whose
        rows show where the words were found."""
        self.beginResetModel()
        self._rows = []
        self._snippets = snippets or {}
        if snippets is not None:
            self._rows.append((f"{len(conversations)} results", None))
            self._rows += [("results", conv) for conv in conversations]
        else:
            for label, items in group_by_date(conversations, time.time()):
                self._rows.append((label, None))
                self._rows += [(label, conv) for conv in items]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        label, conv = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if conv is None:
                return label.upper()
            title = ("📌 " if conv.pinned else "") + (conv.title or "New chat")
            snippet = self._snippets.get(conv.id)
            return f"{title}\n    {snippet}" if snippet else title
        if role == ROLE_ID:
            return conv.id if conv else None
        if role == ROLE_HEADER:
            return conv is None
        if conv is None and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setPointSizeF(8.5)
            font.setBold(True)
            return font
        if conv is None and role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#8b93a1")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return label if conv is None else f"Conversation: {conv.title}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if index.isValid() and self._rows[index.row()][1] is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def conversation(self, conversation_id: str) -> Conversation | None:
        for _label, conv in self._rows:
            if conv is not None and conv.id == conversation_id:
                return conv
        return None

    def row_of(self, conversation_id: str) -> int:
        for row, (_label, conv) in enumerate(self._rows):
            if conv is not None and conv.id == conversation_id:
                return row
        return -1


class MessageInput(QPlainTextEdit):
    """Enter sends, Shift+Enter makes a new line, Esc stops the reply."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self._window = window
        self.setPlaceholderText("Message (Enter to send, Shift+Enter for a new line)")
        self.setAccessibleName("Message")
        self.setFixedHeight(84)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self._window.send_current()
            return
        if event.key() == Qt.Key.Key_Escape:
            self._window.controller.stop()
            return
        super().keyPressEvent(event)


class MainWindow(QMainWindow):
    """Signals: view_ready(str conversation_id) once a conversation is on screen;
    list_ready(str query) once the conversation list (query "") or search results are shown."""

    view_ready = Signal(str)
    exported = Signal(str)  # the path a conversation was exported to
    list_ready = Signal(str)  # the search text it shows results for ("" for the full list)

    def __init__(
        self,
        store: ConversationStore,
        service: Any,
        loop: asyncio.AbstractEventLoop,
        *,
        state_file: Any = None,
        models_page: QWidget | str = "",
        settings_page: QWidget | str = "",
        default_privacy: str = Privacy.NORMAL,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Agentic Desk")
        self.store = store
        self.loop = loop
        self.state_file = state_file
        self.default_privacy = default_privacy
        self.generation = GenerationParams()  # the settings' defaults (build_window sets them)
        self.controller = ChatController(store, service, loop)
        self.current_id: str | None = None
        self.widgets: dict[str, MessageWidget] = {}
        self._list_generation = 0
        self.close_hooks: list[Any] = []  # called when the window closes (downloads, server)
        self._build(models_page, settings_page)
        self.controller.reply_started.connect(self._on_reply_started)
        self.controller.text_appended.connect(self._on_text)
        self.controller.prefill_progress.connect(self._on_prefill)
        self.controller.notice.connect(self._on_notice)
        self.controller.status.connect(self.show_notice)
        self.controller.reply_finished.connect(self._on_finished)
        self.controller.failed.connect(self._on_failed)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(500)
        self._draft_timer.timeout.connect(self._save_draft)
        self.input.textChanged.connect(self._draft_timer.start)
        for keys, slot in (
            ("Ctrl+F", self.focus_search),
            ("Ctrl+,", self.show_settings),
            ("Ctrl+Z", self.undo_delete),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot)
        self.refresh_list()
        conversations = store.list_conversations()
        if conversations:
            self.open_conversation(conversations[0].id)
        else:
            self.new_chat()
        self._restore_state()

    # ---- layout ----------------------------------------------------------------------------

    def _build(self, models_page: QWidget | str, settings_page: QWidget | str) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction("New chat", QKeySequence("Ctrl+N"), self.new_chat)
        file_menu.addAction("Import conversation (JSON)…", self.import_conversation)
        file_menu.addSeparator()
        file_menu.addAction("Quit", QKeySequence("Ctrl+Q"), self.close)
        splitter = QSplitter()
        splitter.setObjectName("mainSplitter")
        side = QWidget()
        side.setObjectName("sidebar")
        side_layout = QVBoxLayout(side)
        new = QPushButton("New chat")
        new.setAccessibleName("New chat (Ctrl+N)")
        new.clicked.connect(self.new_chat)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search all conversations (Ctrl+F)")
        self.search.setAccessibleName("Search conversations")
        self.search.textChanged.connect(self._on_search)
        self.list_model = ConversationListModel()
        self.list_view = QListView()
        self.list_view.setModel(self.list_model)
        self.list_view.setAccessibleName("Conversations")
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list_view.setUniformItemSizes(False)
        self.list_view.clicked.connect(self._on_list_clicked)
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list_view.customContextMenuRequested.connect(self._list_menu)
        self.results = QListView()
        self.results.setAccessibleName("Search results")
        self.results.hide()
        side_layout.addWidget(new)
        side_layout.addWidget(self.search)
        side_layout.addWidget(self.list_view, 1)
        nav = QHBoxLayout()
        self.pages = QStackedWidget()
        self.nav_buttons: list[QPushButton] = []
        for label, index in (("Chat", 0), ("Models", 1), ("Settings", 2)):
            button = QPushButton(label)
            button.setObjectName("navButton")
            button.setCheckable(True)
            button.setAccessibleName(f"Show {label.lower()}")
            button.clicked.connect(lambda _=False, i=index: self.pages.setCurrentIndex(i))
            nav.addWidget(button)
            self.nav_buttons.append(button)
        self.pages.currentChanged.connect(self._on_page)
        side_layout.addLayout(nav)
        splitter.addWidget(side)
        self.pages.addWidget(self._build_chat())
        for content in (models_page, settings_page):
            if isinstance(content, QWidget):
                self.pages.addWidget(content)
                continue
            page = QLabel(content)
            page.setWordWrap(True)
            page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            page.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            page.setMargin(24)
            self.pages.addWidget(page)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 1020])
        self.splitter = splitter
        self.setCentralWidget(splitter)

    def _build_chat(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        header = QHBoxLayout()
        self.title = QLabel("New chat")
        self.title.setObjectName("chatTitle")
        self.privacy = QComboBox()
        self.privacy.setAccessibleName("Privacy of this conversation")
        for label, value in PRIVACY_CHOICES:
            self.privacy.addItem(label, value)
        self.privacy.currentIndexChanged.connect(self._on_privacy)
        self.local_badge = QLabel("🔒 Local only")
        self.local_badge.setObjectName("localOnly")
        self.complexity = QComboBox()
        self.complexity.setAccessibleName("Complexity")
        for label, value in COMPLEXITY_CHOICES:
            self.complexity.addItem(label, value)
        header.addWidget(self.title, 1)
        header.addWidget(self.local_badge)
        header.addWidget(self.privacy)
        header.addWidget(self.complexity)
        layout.addLayout(header)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName("Messages")
        self.transcript = QWidget()
        self.transcript_layout = QVBoxLayout(self.transcript)
        self.transcript_layout.addStretch(1)
        self.scroll.setWidget(self.transcript)
        layout.addWidget(self.scroll, 1)
        self.empty = QLabel(
            "Nothing you type here leaves this computer unless you turn "
            "cloud providers on.\nAsk anything to start."
        )
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.transcript_layout.insertWidget(0, self.empty)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Reading your prompt")
        self.progress.setFormat("Reading your prompt… %p%")
        self.progress.hide()
        layout.addWidget(self.progress)
        row = QHBoxLayout()
        self.input = MessageInput(self)
        self.message_private = QComboBox()
        self.message_private.setAccessibleName("Privacy of this message")
        self.message_private.addItem("This message: as the chat", None)
        self.message_private.addItem(
            f"This message: {PRIVACY_LABELS[Privacy.LOCAL_ONLY].lower()}", Privacy.LOCAL_ONLY.value
        )
        self.send_button = QPushButton("Send")
        self.send_button.setAccessibleName("Send (Enter)")
        self.send_button.clicked.connect(self.send_current)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setAccessibleName("Stop (Esc)")
        self.stop_button.clicked.connect(self.controller.stop)
        self.stop_button.setEnabled(False)
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.message_private)
        row.addWidget(self.input, 1)
        row.addLayout(buttons)
        layout.addLayout(row)
        return page

    # ---- conversations -------------------------------------------------------------------

    def refresh_list(self) -> None:
        """Reload the conversation list (read on a worker thread); emits ``list_ready``.
        Only the newest of overlapping reloads is shown."""
        self._list_generation += 1
        generation = self._list_generation

        def show(conversations: list[Conversation]) -> None:
            if generation == self._list_generation:
                self._show_list(conversations)

        self._io(self.store.list_conversations, then=show)

    def _show_list(
        self,
        conversations: list[Conversation],
        snippets: dict[str, str] | None = None,
        query: str = "",
    ) -> None:
        self.list_model.set_conversations(conversations, snippets)
        if self.current_id:
            row = self.list_model.row_of(self.current_id)
            if row >= 0:
                self.list_view.setCurrentIndex(self.list_model.index(row))
        self.list_ready.emit(query)

    @Slot()
    def new_chat(self) -> None:
        conv = self.store.create_conversation(privacy=self.default_privacy)
        self.refresh_list()
        self.open_conversation(conv.id)
        self.show_chat()

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_page(self, index: int) -> None:
        for i, button in enumerate(self.nav_buttons):
            button.setChecked(i == index)

    @Slot()
    def show_settings(self) -> None:
        self.pages.setCurrentIndex(2)

    @Slot()
    def show_models(self) -> None:
        self.pages.setCurrentIndex(1)

    @Slot()
    def show_chat(self) -> None:
        self.pages.setCurrentIndex(0)
        self.input.setFocus()

    def _on_list_clicked(self, index: QModelIndex) -> None:
        conv_id = index.data(ROLE_ID)
        if conv_id:
            self.open_conversation(conv_id)
            self.show_chat()

    def _io(self, work: Any, *args: Any, then: Any) -> None:
        """Run ``work(*args)`` (disk) on a worker thread; ``then(result)`` on the GUI thread."""

        def fail(error: BaseException) -> None:
            self._show_error(getattr(error, "message", str(error)), getattr(error, "hint", ""))

        run_in_background(self.loop, work, *args, then=then, fail=fail)

    def open_conversation(self, conv_id: str, *, keep_banner: bool = False) -> None:
        """Show a conversation. Reading it happens on a worker thread; ``view_ready`` is
        emitted once it is on screen."""
        switching = conv_id != self.current_id
        if switching:
            self._save_draft()
        self.current_id = conv_id
        self._io(
            self._read_view,
            conv_id,
            switching,
            then=lambda data: self._render(conv_id, data, keep_banner, switching),
        )

    def _read_view(self, conv_id: str, with_draft: bool) -> tuple[Any, list[Any], str | None]:
        """Worker thread: everything the view needs from the database."""
        conv = self.store.get_conversation(conv_id)
        messages = [m for m in self.store.messages(conv_id) if m.role in ("user", "assistant")]
        return conv, messages, self.store.load_draft(conv_id) if with_draft else None

    def _render(
        self,
        conv_id: str,
        data: tuple[Any, list[Any], str | None],
        keep_banner: bool,
        switching: bool,
    ) -> None:
        if conv_id != self.current_id:
            return  # the user has moved on to another conversation meanwhile
        conv, messages, draft = data
        self.title.setText(conv.title or "New chat")
        self.privacy.blockSignals(True)
        while self.privacy.count() > len(PRIVACY_LEVELS):  # an unknown level shown before
            self.privacy.removeItem(self.privacy.count() - 1)
        if self.privacy.findData(conv.privacy) < 0:  # kept as it is: sending is refused
            self.privacy.addItem(f"Unknown level: {conv.privacy}", conv.privacy)
        self.privacy.setCurrentIndex(self.privacy.findData(conv.privacy))
        self.privacy.blockSignals(False)
        self.complexity.setCurrentIndex(max(0, self.complexity.findData(conv.complexity)))
        self._update_local_badge()
        for widget in self.widgets.values():
            widget.hide()
            self.transcript_layout.removeWidget(widget)
            widget.deleteLater()
        self.widgets = {}
        if not keep_banner:
            self.banner.hide()
        for message in messages:
            self._add_message(
                message.id, message.role, message.content, message.status, message.meta
            )
        self.empty.setVisible(not self.widgets)
        if switching and draft is not None:  # a refresh must not touch what is being typed
            self.input.blockSignals(True)
            self.input.setPlainText(draft)
            self.input.blockSignals(False)
        self._scroll_to_bottom()
        self.view_ready.emit(conv_id)

    def _add_message(
        self,
        message_id: str,
        role: str,
        text: str,
        status: str = "complete",
        meta: dict[str, Any] | None = None,
    ) -> MessageWidget:
        widget = MessageWidget(message_id, role, text, status=status, meta=meta)
        widget.action.connect(self._on_message_action)
        self.transcript_layout.insertWidget(self.transcript_layout.count() - 1, widget)
        widget.show()  # now, not on the layout's queued show
        self.widgets[message_id] = widget
        self.empty.hide()
        return widget

    def _on_privacy(self) -> None:
        if self.current_id:
            self._io(
                self.store.set_privacy,
                self.current_id,
                self.privacy.currentData(),
                then=lambda _r: None,
            )
        self._update_local_badge()

    def _update_local_badge(self) -> None:
        level = self.privacy.currentData()
        self.local_badge.setVisible(level in PRIVACY_LEVELS and Privacy(level).stays_local)

    def _spec(self) -> TurnSpec:
        assert self.current_id is not None
        if self.current_id:
            self._io(
                self.store.set_complexity,
                self.current_id,
                self.complexity.currentData(),
                then=lambda _r: None,
            )
        return TurnSpec(
            self.current_id,
            self.privacy.currentData(),
            self.message_private.currentData(),
            self.complexity.currentData(),
            self.generation,
        )

    # ---- sending ---------------------------------------------------------------------------

    @Slot()
    def send_current(self) -> None:
        text = self.input.toPlainText().strip()
        if not text or self.controller.busy or self.current_id is None:
            return
        self.input.blockSignals(True)
        self.input.clear()
        self.input.blockSignals(False)
        temp_id = f"pending-{time.monotonic_ns()}"
        self._add_message(temp_id, "user", text)
        self._busy(True)
        self.controller.send(self._spec(), text)

    def _busy(self, busy: bool) -> None:
        self.send_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)

    def _on_reply_started(self, conv_id: str, message_id: str) -> None:
        if conv_id != self.current_id:
            return
        widget = self.widgets.get(message_id)
        if widget is None:
            self._add_message(message_id, "assistant", "", "streaming")
        else:
            widget.set_status("streaming", {})
        self.banner.hide()

    def _following(self) -> bool:
        bar = self.scroll.verticalScrollBar()
        return bar.value() >= bar.maximum() - 40

    def _scroll_to_bottom(self) -> None:
        QTimer.singleShot(
            0,
            lambda: self.scroll.verticalScrollBar().setValue(
                self.scroll.verticalScrollBar().maximum()
            ),
        )

    def _on_text(self, message_id: str, text: str) -> None:
        widget = self.widgets.get(message_id)
        if widget is None:
            return
        follow = self._following()
        self.progress.hide()
        widget.append(text)
        if follow:
            self._scroll_to_bottom()

    def _on_prefill(self, _message_id: str, done: int, total: int) -> None:
        if total > 256 and done < total:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.show()

    def _on_notice(self, text: str) -> None:
        self.banner.setText("🔒 " + text)
        self.banner.setProperty("kind", "privacy")
        self.banner.show()

    def _on_finished(self, message_id: str, result: Any) -> None:
        self.progress.hide()
        self._busy(False)
        widget = self.widgets.get(message_id)
        if widget is not None:  # at once; the reload below brings the stored version
            status = "complete"
            if result.error is not None:
                status = "error" if not result.text else "interrupted"
            elif result.info is not None and result.info.stop_reason == "cancelled":
                status = "cancelled"
            widget.set_status(status, vars(result.info) if result.info else {})
        if self.current_id:
            self._sync_with_store(self.current_id)
        self.refresh_list()
        if result.error is not None:
            self._show_error(result.error.message, result.error.hint)

    def _sync_with_store(self, conv_id: str) -> None:
        """After a turn: give the widgets their stored ids, status and badge without
        re-rendering them (a long message re-rendered is a visible hitch); reload only if
        the view and the store disagree. Emits ``view_ready``."""
        self._io(self._read_view, conv_id, False, then=lambda data: self._apply_sync(conv_id, data))

    def _apply_sync(self, conv_id: str, data: tuple[Any, list[Any], str | None]) -> None:
        if conv_id != self.current_id:
            return
        conv, messages, _draft = data
        widgets = list(self.widgets.values())
        if [w.role for w in widgets] != [m.role for m in messages]:
            self._render(conv_id, data, True, False)
            return
        self.widgets = {}
        for widget, message in zip(widgets, messages, strict=True):
            widget.message_id = message.id
            if widget.text != message.content:
                widget.set_text(message.content)
            widget.set_status(message.status, message.meta)
            self.widgets[message.id] = widget
        self.title.setText(conv.title or "New chat")
        self.view_ready.emit(conv_id)

    def _on_failed(self, message: str, hint: str) -> None:
        self.progress.hide()
        self._busy(False)
        if self.current_id:
            self.open_conversation(self.current_id, keep_banner=True)
        self._show_error(message, hint)

    def show_notice(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setProperty("kind", "notice")
        self.banner.show()

    def _show_error(self, message: str, hint: str) -> None:
        self.banner.setText(f"⚠ {message}\n{hint}".strip())
        self.banner.setProperty("kind", "error")
        self.banner.show()

    def _truncate(self, conv_id: str, message_id: str) -> int:
        return self.store.truncate_after(conv_id, message_id, inclusive=True)

    def _drop_from(self, message_id: str) -> None:
        """Remove a message and everything after it from the view (the store follows)."""
        ids = list(self.widgets)
        for mid in ids[ids.index(message_id) :]:
            widget = self.widgets.pop(mid)
            widget.hide()
            self.transcript_layout.removeWidget(widget)
            widget.deleteLater()
        self.empty.setVisible(not self.widgets)

    def _on_message_action(self, name: str, message_id: str) -> None:
        if self.current_id is None or self.controller.busy:
            return
        widget = self.widgets[message_id]
        if name == "copy":
            from PySide6.QtGui import QGuiApplication

            QGuiApplication.clipboard().setText(widget.text)
        elif name == "regenerate":
            self._drop_from(message_id)
            self._busy(True)
            spec = self._spec()
            self._io(
                self._truncate,
                self.current_id,
                message_id,
                then=lambda _n: self.controller.send(spec, None),
            )
        elif name == "edit":
            self._drop_from(message_id)
            self.input.setPlainText(widget.text)
            self.input.setFocus()
            self._io(self._truncate, self.current_id, message_id, then=lambda _n: None)
        elif name == "continue":
            self._busy(True)
            self.controller.continue_reply(self._spec(), message_id)

    def _list_menu(self, pos: Any) -> None:
        conv_id = self.list_view.indexAt(pos).data(ROLE_ID)
        if not conv_id:
            return
        from PySide6.QtWidgets import QMenu

        conv = self.list_model.conversation(conv_id)
        if conv is None:
            return
        menu = QMenu(self)
        menu.addAction("Rename…", lambda: self.rename_conversation(conv_id))
        menu.addAction("System prompt…", lambda: self.edit_system_prompt(conv_id))
        menu.addAction(
            "Unpin" if conv.pinned else "Pin",
            lambda: self.pin_conversation(conv_id, not conv.pinned),
        )
        menu.addAction("Export as Markdown…", lambda: self.export_conversation(conv_id, "md"))
        menu.addAction("Export as JSON…", lambda: self.export_conversation(conv_id, "json"))
        menu.addSeparator()
        menu.addAction("Delete", lambda: self.delete_conversation(conv_id))
        menu.exec(self.list_view.viewport().mapToGlobal(pos))

    def rename_conversation(self, conv_id: str, title: str | None = None) -> None:
        if title is None:
            from PySide6.QtWidgets import QInputDialog

            known = self.list_model.conversation(conv_id)
            current = known.title if known else ""
            title, ok = QInputDialog.getText(self, "Rename conversation", "Title:", text=current)
            if not ok:
                return
        if conv_id == self.current_id:
            self.title.setText(title or "New chat")
        self._io(self.store.rename, conv_id, title, then=lambda _c: self.refresh_list())

    def edit_system_prompt(self, conv_id: str, prompt: str | None = None) -> None:
        """The instructions the model gets at the start of this conversation."""
        if prompt is None:
            from PySide6.QtWidgets import QInputDialog

            known = self.list_model.conversation(conv_id)
            current = (known.system_prompt if known else None) or ""
            prompt, ok = QInputDialog.getMultiLineText(
                self, "System prompt", "Instructions for the model in this conversation:", current
            )
            if not ok:
                return
        self._io(
            self.store.set_system_prompt,
            conv_id,
            prompt.strip() or None,
            then=lambda _r: self.refresh_list(),
        )

    def pin_conversation(self, conv_id: str, pinned: bool) -> None:
        self._io(self.store.set_pinned, conv_id, pinned, then=lambda _r: self.refresh_list())

    def delete_conversation(self, conv_id: str) -> None:
        """Soft delete; Ctrl+Z brings it back."""
        known = self.list_model.conversation(conv_id)
        title = known.title if known else "the conversation"
        self._last_deleted = conv_id
        self.banner.setText(f"Deleted “{title}”. Press Ctrl+Z to undo.")
        self.banner.setProperty("kind", "info")
        self.banner.show()

        def after(remaining: list[Conversation]) -> None:
            if conv_id == self.current_id:
                if remaining:
                    self.open_conversation(remaining[0].id, keep_banner=True)
                else:
                    self.new_chat()
            self._show_list(remaining)

        self._io(self._delete_and_list, conv_id, then=after)

    def _delete_and_list(self, conv_id: str) -> list[Conversation]:
        self.store.delete_conversation(conv_id)
        return self.store.list_conversations()

    @Slot()
    def undo_delete(self) -> None:
        conv_id = getattr(self, "_last_deleted", None)
        if conv_id:
            self._last_deleted = None

            def after(_result: object) -> None:
                self.refresh_list()
                self.open_conversation(conv_id)

            self._io(self.store.undo_delete, conv_id, then=after)

    @Slot()
    def import_conversation(self, path: str | None = None) -> None:
        """Bring back a conversation exported as JSON (it gets new ids)."""
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getOpenFileName(
                self, "Import conversation", "", "Conversations (*.json)"
            )
            if not path:
                return

        def read_and_import(source: str) -> Conversation:
            from pathlib import Path

            try:
                data = json.loads(Path(source).read_text("utf-8"))
            except (OSError, ValueError) as exc:
                from agentic_desk.core.errors import AgenticDeskError

                raise AgenticDeskError(
                    f"{source} cannot be read as JSON ({exc}).",
                    "Choose a file exported by Agentic Desk.",
                ) from None
            return self.store.import_json(data)

        def after(conv: Conversation) -> None:
            self.refresh_list()
            self.open_conversation(conv.id)

        self._io(read_and_import, path, then=after)

    def export_conversation(self, conv_id: str, kind: str, path: str | None = None) -> None:
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            known = self.list_model.conversation(conv_id)
            title = (known.title if known else "") or "conversation"
            path, _ = QFileDialog.getSaveFileName(self, "Export conversation", f"{title}.{kind}")
            if not path:
                return
        target = path

        def write() -> None:
            from pathlib import Path

            if kind == "md":
                text = self.store.export_markdown(conv_id)
            else:
                text = json.dumps(self.store.export_json(conv_id), indent=2, ensure_ascii=False)
            Path(target).write_text(text, "utf-8")

        self._io(write, then=lambda _r: self.exported.emit(target))

    # ---- search ------------------------------------------------------------------------------

    def _on_search(self, text: str) -> None:
        if not text.strip():
            self.refresh_list()
            return
        self._io(self._read_search, text, then=lambda found: self._show_search(text, found))

    def _read_search(self, text: str) -> tuple[list[Conversation], dict[str, str]]:
        seen: dict[str, Conversation] = {}
        snippets: dict[str, str] = {}
        for hit in self.store.search(text):
            if hit.conversation_id not in seen:
                seen[hit.conversation_id] = self.store.get_conversation(hit.conversation_id)
                snippets[hit.conversation_id] = " ".join(hit.snippet.split())[:90]
        return list(seen.values()), snippets

    def _show_search(self, text: str, found: tuple[list[Conversation], dict[str, str]]) -> None:
        if text != self.search.text():
            return  # a newer search is on its way
        self._show_list(*found, query=text)

    # ---- state -------------------------------------------------------------------------------

    def _save_draft(self) -> None:
        """The unsent text survives a restart; written on a worker thread."""
        if self.current_id is None:
            return
        try:
            self.loop.run_in_executor(
                None, self.store.save_draft, self.current_id, self.input.toPlainText()
            )
        except RuntimeError:  # the loop is shutting down: write it now
            self.store.save_draft(self.current_id, self.input.toPlainText())

    def _restore_state(self) -> None:
        if self.state_file is None or not self.state_file.is_file():
            self.resize(1280, 800)
            return
        try:
            state = json.loads(self.state_file.read_text("utf-8"))
            self.restoreGeometry(base64.b64decode(state["geometry"]))
            self.splitter.restoreState(base64.b64decode(state["splitter"]))
        except (OSError, ValueError, KeyError):
            self.resize(1280, 800)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._draft_timer.stop()
        if self.current_id is not None:  # at exit, write it now rather than on a thread
            self.store.save_draft(self.current_id, self.input.toPlainText())
        self.controller.stop()
        for hook in self.close_hooks:
            hook()
        if self.state_file is not None:
            state = {
                "geometry": base64.b64encode(bytes(self.saveGeometry().data())).decode(),
                "splitter": base64.b64encode(bytes(self.splitter.saveState().data())).decode(),
            }
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            self.state_file.write_text(json.dumps(state), "utf-8")
        super().closeEvent(event)


__all__ = ["MainWindow", "QFrame"]
