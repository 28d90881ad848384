"""The sidebar: New chat, search, the conversation list (grouped by date, with its context
menu: rename, system prompt, pin, export, delete), the Trash behind it (restore, empty)
and the buttons that switch between Chat, Models and Settings. Reading and writing
conversations runs on worker threads (the sidebar's :class:`~agentic_desk.ui.jobs.JobRunner`)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QEvent,
    QMargins,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.conversations import Conversation, ConversationStore
from agentic_desk.core.conversations.export_import import read_export_file
from agentic_desk.core.documents import chosen_format, export_conversation, save_export
from agentic_desk.ui.conversation_labels import group_by_date
from agentic_desk.ui.export_dialog import ALL_FORMATS, ExportFileChooser, documents_folder
from agentic_desk.ui.i18n import QT_TRANSLATE_NOOP, conversation_title
from agentic_desk.ui.icons import icon
from agentic_desk.ui.jobs import JobRunner
from agentic_desk.ui.layout import FlowLayout

ROLE_ID = Qt.ItemDataRole.UserRole
# the date sections' words (conversation_labels, plain Python), translated where shown
_SECTION_WORDS = (
    QT_TRANSLATE_NOOP("sidebar", "Pinned"),
    QT_TRANSLATE_NOOP("sidebar", "Today"),
    QT_TRANSLATE_NOOP("sidebar", "Yesterday"),
    QT_TRANSLATE_NOOP("sidebar", "Previous 7 days"),
    QT_TRANSLATE_NOOP("sidebar", "Previous 30 days"),
    QT_TRANSLATE_NOOP("sidebar", "January"),
    QT_TRANSLATE_NOOP("sidebar", "February"),
    QT_TRANSLATE_NOOP("sidebar", "March"),
    QT_TRANSLATE_NOOP("sidebar", "April"),
    QT_TRANSLATE_NOOP("sidebar", "May"),
    QT_TRANSLATE_NOOP("sidebar", "June"),
    QT_TRANSLATE_NOOP("sidebar", "July"),
    QT_TRANSLATE_NOOP("sidebar", "August"),
    QT_TRANSLATE_NOOP("sidebar", "September"),
    QT_TRANSLATE_NOOP("sidebar", "October"),
    QT_TRANSLATE_NOOP("sidebar", "November"),
    QT_TRANSLATE_NOOP("sidebar", "December"),
)


def section_words(label: str) -> str:
    """A date section ("Today", "October 2026") in the window's language."""
    month, _, year = label.rpartition(" ")
    if month and year.isdigit():
        return f"{QCoreApplication.translate('sidebar', month)} {year}"
    return QCoreApplication.translate("sidebar", label)


ROLE_HEADER = Qt.ItemDataRole.UserRole + 1
QWIDGETSIZE_MAX = 16_777_215  # Qt's "no maximum" size
# the nav buttons, in the window's page order (Documents: issue 17)
PAGES = ("Chat", "Models", "Settings", "Documents")
# the nav buttons' words, for pyside6-lupdate (PAGES are translated where they are shown)
_PAGE_WORDS = (
    QT_TRANSLATE_NOOP("sidebar", "Chat"),
    QT_TRANSLATE_NOOP("sidebar", "Models"),
    QT_TRANSLATE_NOOP("sidebar", "Settings"),
    QT_TRANSLATE_NOOP("sidebar", "Documents"),
)
_SHOW_PAGE = (
    QT_TRANSLATE_NOOP("sidebar", "Show chat"),
    QT_TRANSLATE_NOOP("sidebar", "Show models"),
    QT_TRANSLATE_NOOP("sidebar", "Show settings"),
    QT_TRANSLATE_NOOP("sidebar", "Show documents (Ctrl+Shift+D)"),
)


def _fit_bold(button: QPushButton) -> None:
    """Room for the button's words in bold (the page shown is bold, not colour alone)."""
    bold = QFont(button.font())
    bold.setBold(True)
    button.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(button.text()) + 30)


class ConversationListModel(QAbstractListModel):
    """Conversations grouped by date (header rows are not selectable)."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[str, Conversation | None]] = []
        self._snippets: dict[str, str] = {}
        self._searching = False

    def set_conversations(
        self, conversations: list[Conversation], snippets: dict[str, str] | None = None
    ) -> None:
        """Grouped by date; with ``snippets`` (search results) one "Results" group whose
        rows show where the words were found."""
        self.beginResetModel()
        self._rows = []
        self._snippets = snippets or {}
        self._searching = snippets is not None
        if snippets is not None:  # issue 16: "1 result", not "1 RESULTS"
            found = len(conversations)
            words = (
                QCoreApplication.translate("sidebar", "1 result")
                if found == 1
                else QCoreApplication.translate("sidebar", "{count} results").format(count=found)
            )
            self._rows.append((words, None))
            self._rows += [("results", conv) for conv in conversations]
        else:
            for label, items in group_by_date(conversations, time.time()):
                self._rows.append((section_words(label), None))
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
                return label if self._searching else label.upper()
            title = conversation_title(conv.title)
            snippet = self._snippets.get(conv.id)
            return f"{title}\n    {snippet}" if snippet else title
        if role == Qt.ItemDataRole.DecorationRole and conv is not None and conv.pinned:
            return icon("pin")  # a bundled SVG, not an emoji a font may lack
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
            # the theme's secondary text colour (readable on the list in every theme)
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (
                label
                if conv is None
                else QCoreApplication.translate("sidebar", "Conversation: {title}").format(
                    title=conversation_title(conv.title)
                )
                + (QCoreApplication.translate("sidebar", " (pinned)") if conv.pinned else "")
            )
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


class Sidebar(QWidget):
    """Signals:
    new_chat_requested(): the New chat button.
    new_from_template_requested(): the From a template… button.
    system_prompt_requested(str id): the list's "System prompt…" (open it and its editor).
    conversation_chosen(str id): picked in the list (open it and show the chat).
    conversation_restored(str id): back after an undo or an import (open it).
    conversation_renamed(str id, str title): at once, before it is saved.
    conversation_deleted(str id, object remaining): deleted; the conversations left.
    page_requested(int index): a nav button (0 chat, 1 models, 2 settings, 3 documents).
    list_ready(str query): the list (query "") or search results are on screen.
    exported(str path): a conversation was written there.
    notice(str text) / failed(object error): for the chat pane's banner.
    trash_changed(object items): the conversations in the Trash (latest first) changed.
    search_left(): Esc in an empty search box (the window puts focus back in the chat).
    collapsed_changed(bool collapsed): the conversation list was folded away or back.
    """

    new_chat_requested = Signal()
    new_from_template_requested = Signal()
    system_prompt_requested = Signal(str)
    conversation_chosen = Signal(str)
    conversation_restored = Signal(str)
    conversation_renamed = Signal(str, str)
    conversation_deleted = Signal(str, object)
    page_requested = Signal(int)
    list_ready = Signal(str)
    exported = Signal(str)
    notice = Signal(str)
    failed = Signal(object)
    trash_changed = Signal(object)
    search_left = Signal()
    collapsed_changed = Signal(bool)

    def __init__(self, store: ConversationStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.store = store
        # search hits in a version that is not shown: conversation id -> message id
        self.hidden_hits: dict[str, str] = {}
        self.jobs = JobRunner(self)
        self.current_id: str | None = None  # the conversation the chat pane shows
        self._list_generation = 0
        self._last_deleted: str | None = None
        self.trash_items: list[Conversation] = []  # the Trash as last read, latest first
        self.file_chooser = ExportFileChooser()  # asks where an export goes (a test seam)
        layout = QVBoxLayout(self)
        new = QPushButton(QCoreApplication.translate("sidebar", "New chat"))
        new.setAccessibleName(QCoreApplication.translate("sidebar", "New chat (Ctrl+N)"))
        new.clicked.connect(self.new_chat_requested)
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            QCoreApplication.translate("sidebar", "Search all conversations (Ctrl+F)")
        )
        self.search.setAccessibleName(QCoreApplication.translate("sidebar", "Search conversations"))
        self.search.textChanged.connect(self._on_search)
        self.search.installEventFilter(self)  # keyboard: Down, Enter, Esc (eventFilter)
        self.list_model = ConversationListModel()
        self.list_view = QListView()
        self.list_view.setModel(self.list_model)
        self.list_view.setAccessibleName(QCoreApplication.translate("sidebar", "Conversations"))
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list_view.setUniformItemSizes(False)
        self.list_view.clicked.connect(self._on_list_clicked)
        self.list_view.activated.connect(self._on_list_clicked)  # Enter on a row
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list_view.customContextMenuRequested.connect(self._list_menu)
        # layout (issue 16): a button that folds the conversation list away (Ctrl+B);
        # the Chat / Models / Settings buttons stay, one above the other
        self.collapse_button = QToolButton()
        self.collapse_button.setObjectName("sidebarToggle")
        self.collapse_button.setIcon(icon("sidebar"))
        self.collapse_button.setCheckable(True)
        self.collapse_button.setToolTip(
            QCoreApplication.translate("sidebar", "Hide the conversation list (Ctrl+B)")
        )
        self.collapse_button.setAccessibleName(
            QCoreApplication.translate("sidebar", "Hide the conversation list (Ctrl+B)")
        )
        self.collapse_button.toggled.connect(self.set_collapsed)
        self.collapse_button.installEventFilter(self)  # its icon follows the theme
        self.conversation_part = QWidget()
        part = QVBoxLayout(self.conversation_part)
        part.setContentsMargins(0, 0, 0, 0)
        new_row = FlowLayout()
        new_row.addWidget(new)
        self.from_template = QPushButton(QCoreApplication.translate("sidebar", "From a template…"))
        self.from_template.setAccessibleName(
            QCoreApplication.translate("sidebar", "New chat from a template (Ctrl+Shift+N)")
        )
        self.from_template.clicked.connect(self.new_from_template_requested)
        new_row.addWidget(self.from_template)
        part.addLayout(new_row)
        part.addWidget(self.search)
        part.addWidget(self.list_view, 1)
        top = QHBoxLayout()
        top.addWidget(self.collapse_button)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.conversation_part, 1)
        self.nav_spacer = QWidget()  # keeps the nav at the bottom while the list is hidden
        self.nav_spacer.hide()
        layout.addWidget(self.nav_spacer, 1)
        # issue 17: four pages, on two rows (Chat, Documents / Models, Settings) so the
        # sidebar stays narrow; folded, each row stands on end (one button above the other)
        nav = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.nav_layout = nav
        self.nav_rows = [QBoxLayout(QBoxLayout.Direction.LeftToRight) for _ in range(2)]
        for nav_row in self.nav_rows:
            nav.addLayout(nav_row)
        self.nav_buttons: list[QPushButton] = []
        for index, label in enumerate(PAGES):
            button = QPushButton(QCoreApplication.translate("sidebar", label))
            button.setObjectName("navButton")
            button.setCheckable(True)
            button.setAccessibleName(QCoreApplication.translate("sidebar", _SHOW_PAGE[index]))
            # the page shown is bold (not colour alone): room for its bold words
            button.setProperty("boldWhenChecked", True)
            button.installEventFilter(self)  # _fit_nav_button when its font changes
            button.clicked.connect(lambda _=False, i=index: self.page_requested.emit(i))
            self.nav_buttons.append(button)
        for row, indexes in zip(self.nav_rows, ((0, 3), (1, 2)), strict=True):
            for index in indexes:
                row.addWidget(self.nav_buttons[index])
        layout.addLayout(nav)

    def _restyle(self, watched: Any, event: Any) -> bool:
        """The collapse button's mark and the page buttons' fit follow theme and font
        changes (called from :meth:`eventFilter`; never consumes the event)."""
        if watched is self.collapse_button and event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.StyleChange,
        ):  # the mark in the theme's text colour
            colour = watched.palette().color(QPalette.ColorRole.ButtonText)
            watched.setIcon(icon("sidebar", colour))
            return False
        if watched in getattr(self, "nav_buttons", ()) and event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
            QEvent.Type.Polish,
        ):
            _fit_bold(watched)
        return False

    @Slot(bool)
    def set_collapsed(self, collapsed: bool) -> None:
        """Fold the conversation list away (or back); the page buttons stay reachable."""
        if self.collapse_button.isChecked() != collapsed:
            self.collapse_button.setChecked(collapsed)  # comes back here through toggled
            return
        self.conversation_part.setVisible(not collapsed)
        self.nav_spacer.setVisible(collapsed)
        for nav_row in self.nav_rows:
            nav_row.setDirection(
                QBoxLayout.Direction.TopToBottom if collapsed else QBoxLayout.Direction.LeftToRight
            )
        words = (
            QCoreApplication.translate("sidebar", "Show the conversation list (Ctrl+B)")
            if collapsed
            else QCoreApplication.translate("sidebar", "Hide the conversation list (Ctrl+B)")
        )
        self.collapse_button.setToolTip(words)
        self.collapse_button.setAccessibleName(words)
        layout = self.layout()
        assert layout is not None
        # issue 17: a narrow rail when folded (four page buttons, "Documents" the widest)
        if not hasattr(self, "_open_margins"):
            self._open_margins = layout.contentsMargins()
        layout.setContentsMargins(QMargins(4, 4, 4, 4) if collapsed else self._open_margins)
        layout.invalidate()
        layout.activate()
        self.setMaximumWidth(layout.minimumSize().width() if collapsed else QWIDGETSIZE_MAX)
        self.collapsed_changed.emit(collapsed)

    @property
    def collapsed(self) -> bool:
        return self.collapse_button.isChecked()

    def _io(self, work: Any, *args: Any, then: Any) -> None:
        """Run ``work(*args)`` (disk) on a worker thread; ``then(result)`` on the GUI thread;
        a known error goes to ``failed``."""
        self.jobs.call(work, *args, owner=self, done=then, failed=self.failed.emit)

    @Slot(int)
    def show_page(self, index: int) -> None:
        """Check the nav button of the page on screen."""
        for i, button in enumerate(self.nav_buttons):
            button.setChecked(i == index)

    # ---- the list --------------------------------------------------------------------------

    @Slot()
    def refresh_list(self) -> None:
        """Reload the conversation list (read on a worker thread); emits ``list_ready``.
        Only the newest of overlapping reloads (and searches) is shown; while a search is
        in the box, a reload runs the search again (a full list must never replace its
        results)."""
        if self.search.text().strip():
            self._on_search(self.search.text())
            return
        self._list_generation += 1
        generation = self._list_generation

        def show(conversations: list[Conversation]) -> None:
            if generation == self._list_generation:
                self.show_list(conversations)

        self._io(self.store.list_conversations, then=show)

    def show_list(
        self,
        conversations: list[Conversation],
        snippets: dict[str, str] | None = None,
        query: str = "",
    ) -> None:
        self.list_model.set_conversations(conversations, snippets)
        self.set_current(self.current_id)
        self.list_ready.emit(query)

    @Slot(str)
    def set_current(self, conv_id: str | None) -> None:
        """Select the conversation the chat pane shows (when it is in the list)."""
        self.current_id = conv_id
        if conv_id:
            row = self.list_model.row_of(conv_id)
            if row >= 0:
                self.list_view.setCurrentIndex(self.list_model.index(row))

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ---- keyboard: the search box ----------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search box: Down moves into the results, Enter opens the selected (or
        first) one, Esc clears the search, and Esc in an empty box emits search_left. The
        collapse and page buttons follow theme and font changes (:meth:`_restyle`)."""
        self._restyle(watched, event)
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Down:
                self._select_result(self.list_view.currentIndex())
                self.list_view.setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                index = self._select_result(self.list_view.currentIndex())
                if index.isValid():
                    self._on_list_clicked(index)
                return True
            if key == Qt.Key.Key_Escape:
                if self.search.text():
                    self.search.clear()
                else:
                    self.search_left.emit()
                return True
        return super().eventFilter(watched, event)

    def _select_result(self, index: QModelIndex) -> QModelIndex:
        """Make ``index`` (or else the first conversation row) current; returns it."""
        if not (index.isValid() and index.data(ROLE_ID)):
            rows = range(self.list_model.rowCount())
            row = next((r for r in rows if self.list_model.index(r).data(ROLE_ID)), -1)
            index = self.list_model.index(row) if row >= 0 else QModelIndex()
        if index.isValid():
            self.list_view.setCurrentIndex(index)
        return index

    @Slot(QModelIndex)
    def _on_list_clicked(self, index: QModelIndex) -> None:
        conv_id = index.data(ROLE_ID)
        hidden = self.hidden_hits.get(conv_id) if self.search.text() else None
        if conv_id and hidden:  # the match is in another version: show that one
            self._io(
                self.store.choose, hidden, then=lambda _p: self.conversation_chosen.emit(conv_id)
            )
        elif conv_id:
            self.conversation_chosen.emit(conv_id)

    def run_menu(self, menu: Any, where: QPoint) -> None:
        """Show a context menu (a test seam: tests replace it to choose without a modal)."""
        menu.exec(where)

    @Slot(QPoint)
    def _list_menu(self, pos: QPoint) -> None:
        conv_id = self.list_view.indexAt(pos).data(ROLE_ID)
        if not conv_id:
            return
        from PySide6.QtWidgets import QMenu

        conv = self.list_model.conversation(conv_id)
        if conv is None:
            return
        menu = QMenu(self)
        menu.addAction(
            QCoreApplication.translate("sidebar", "Rename…"),
            lambda: self.rename_conversation(conv_id),
        )
        # the chat header's editor (templates): opens the conversation, then its prompt
        menu.addAction(
            QCoreApplication.translate("sidebar", "System prompt…"),
            lambda: self.system_prompt_requested.emit(conv_id),
        )
        menu.addAction(
            "Unpin" if conv.pinned else "Pin",
            lambda: self.pin_conversation(conv_id, not conv.pinned),
        )
        menu.addAction(
            QCoreApplication.translate("sidebar", "Export…"),
            lambda: self.export_conversation(conv_id),
        )
        menu.addSeparator()
        menu.addAction(
            QCoreApplication.translate("sidebar", "Delete"),
            lambda: self.delete_conversation(conv_id),
        )
        self.run_menu(menu, self.list_view.viewport().mapToGlobal(pos))
        # issue 16: the right-click selected that row; the highlight follows what is shown
        self.set_current(self.current_id)

    # ---- one conversation ------------------------------------------------------------------

    def rename_conversation(self, conv_id: str, title: str | None = None) -> None:
        if title is None:
            from PySide6.QtWidgets import QInputDialog

            known = self.list_model.conversation(conv_id)
            current = known.title if known else ""
            title, ok = QInputDialog.getText(
                self,
                QCoreApplication.translate("sidebar", "Rename conversation"),
                QCoreApplication.translate("sidebar", "Title:"),
                text=current,
            )
            if not ok:
                return
        self.conversation_renamed.emit(conv_id, title)
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
        """Move it to the Trash; Undo (Ctrl+Z, Edit menu) brings it back."""
        self._last_deleted = conv_id  # the window's undo bar says it was moved

        def after(result: tuple[list[Conversation], list[Conversation]]) -> None:
            remaining, trash = result
            self._show_trash(trash)
            self.conversation_deleted.emit(conv_id, remaining)
            self.show_list(remaining)

        self._io(self._delete_and_list, conv_id, then=after)

    def _delete_and_list(self, conv_id: str) -> tuple[list[Conversation], list[Conversation]]:
        self.store.delete_conversation(conv_id)
        return self.store.list_conversations(), self.store.trash()

    # ---- the Trash ---------------------------------------------------------------------------

    @Slot()
    def refresh_trash(self) -> None:
        """Read the Trash (worker thread); emits ``trash_changed``."""
        self._io(self.store.trash, then=self._show_trash)

    def _show_trash(self, items: list[Conversation]) -> None:
        self.trash_items = list(items)
        self.trash_changed.emit(self.trash_items)

    @Slot()
    def undo_delete(self) -> None:
        """Restore the conversation deleted last, while it is in the Trash (also one
        deleted before the app was restarted)."""
        conv_id = self._last_deleted
        self._last_deleted = None
        self._restore(conv_id)

    def restore_conversation(self, conv_id: str) -> None:
        """Take this conversation out of the Trash and open it."""
        if self._last_deleted == conv_id:
            self._last_deleted = None
        self._restore(conv_id)

    def _restore(self, conv_id: str | None) -> None:
        def after(result: tuple[Conversation | None, list[Conversation]]) -> None:
            restored, trash = result
            self._show_trash(trash)
            if restored is None:
                self.notice.emit(
                    QCoreApplication.translate("sidebar", "Nothing to undo: the Trash is empty.")
                )
                return
            self.refresh_list()
            self.conversation_restored.emit(restored.id)
            self.notice.emit(
                QCoreApplication.translate("sidebar", "Restored “{title}” from the Trash.").format(
                    title=conversation_title(restored.title)
                )
            )

        self._io(self._restore_and_trash, conv_id, then=after)

    def _restore_and_trash(
        self, conv_id: str | None
    ) -> tuple[Conversation | None, list[Conversation]]:
        if conv_id is None:
            trash = self.store.trash()
            if not trash:
                return None, trash
            conv_id = trash[0].id
        restored = self.store.restore(conv_id)
        return restored, self.store.trash()

    def empty_trash(self, *, confirm: bool = True) -> None:
        """Erase every conversation in the Trash for good (after asking, unless
        ``confirm`` is False)."""
        if confirm:
            from PySide6.QtWidgets import QMessageBox

            count = len(self.trash_items)
            answer = QMessageBox.question(
                self,
                QCoreApplication.translate("sidebar", "Empty the Trash"),
                QCoreApplication.translate(
                    "sidebar",
                    "Erase the {count} conversation(s) in the Trash for good? "
                    "They cannot be restored afterwards.",
                ).format(count=count),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._last_deleted = None

        def after(erased: int) -> None:
            self._show_trash([])
            self.notice.emit(
                QCoreApplication.translate(
                    "sidebar", "Emptied the Trash: {count} conversation(s) erased."
                ).format(count=erased)
                if erased
                else QCoreApplication.translate("sidebar", "The Trash is already empty.")
            )

        self._io(self.store.empty_trash, then=after)

    def import_conversation(self, path: str | None = None) -> None:
        """Bring back a conversation exported as JSON (it gets new ids)."""
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getOpenFileName(
                self, "Import conversation", str(documents_folder()), "Conversations (*.json)"
            )
            if not path:
                return

        def read_and_import(source: str) -> Conversation:
            return self.store.import_json(read_export_file(Path(source)))

        def after(conv: Conversation) -> None:
            self.refresh_list()
            self.conversation_restored.emit(conv.id)

        self._io(read_and_import, path, then=after)

    def export_conversation(
        self, conv_id: str, kind: str | None = None, path: str | None = None
    ) -> None:
        """Export a conversation (the path shown) to ``path`` as ``kind`` (docx, odt, pdf, md
        or json; by default the file's suffix says); without ``path``, a save dialog asks
        (:attr:`file_chooser`). ``exported`` and a "Saved to" notice follow."""
        if path is None:
            known = self.list_model.conversation(conv_id)
            title = (known.title if known else "") or "conversation"
            choice = self.file_chooser.choose(self, "Export conversation", title, ALL_FORMATS)
            if choice is None:
                return
            path, kind = str(choice.path), choice.key
        target = Path(path)
        key = chosen_format(kind, target).key

        def write() -> None:
            save_export(target, export_conversation(self.store, conv_id, key))

        def after(_result: object) -> None:
            self.notice.emit(
                QCoreApplication.translate("sidebar", "Saved to {name}.").format(name=target.name)
            )
            self.exported.emit(str(target))

        self._io(write, then=after)

    # ---- search ------------------------------------------------------------------------------

    @Slot(str)
    def _on_search(self, text: str) -> None:
        if not text.strip():
            self.refresh_list()
            return
        self._list_generation += 1  # a full-list reload still on its way is out of date
        generation = self._list_generation
        self._io(
            self._read_search,
            text,
            then=lambda found: self._show_search(text, found, generation),
        )

    def _read_search(self, text: str) -> tuple[list[Conversation], dict[str, str]]:
        """Worker thread: the conversations that match, best first, with a snippet each.
        A best match in a version not shown (see core.conversations.tree) is remembered:
        opening the result shows that version."""
        seen: dict[str, Conversation] = {}
        snippets: dict[str, str] = {}
        hidden: dict[str, str] = {}
        for hit in self.store.search(text):
            if hit.conversation_id in seen:
                continue
            seen[hit.conversation_id] = self.store.get_conversation(hit.conversation_id)
            snippet = " ".join(hit.snippet.split())[:90]
            shown = {m.id for m in self.store.messages(hit.conversation_id)}
            if hit.message_id is not None and hit.message_id not in shown:
                hidden[hit.conversation_id] = hit.message_id
                snippet = f"{snippet} (another version)"
            snippets[hit.conversation_id] = snippet
        self.hidden_hits = hidden
        return list(seen.values()), snippets

    def _show_search(
        self, text: str, found: tuple[list[Conversation], dict[str, str]], generation: int
    ) -> None:
        if text != self.search.text() or generation != self._list_generation:
            return  # a newer search or reload is on its way
        self.show_list(*found, query=text)


__all__ = ["ROLE_ID", "ConversationListModel", "Sidebar"]
