"""The chat pane: one conversation's header (title, privacy, complexity), its transcript,
the message box and Send/Stop. Reading and writing the conversation runs on worker threads
(the pane's :class:`~agentic_desk.ui.jobs.JobRunner`); replies stream through the
:class:`~agentic_desk.ui.controller.ChatController`.

Sticky privacy (:mod:`agentic_desk.core.conversations.sticky`): the header follows a
conversation raised because of what it holds; lowering it below high asks first
(:class:`~agentic_desk.ui.privacy_dialog.LowerPrivacyDialog`). The draft is checked for
sensitive data while it is typed (debounced, on a worker thread; a result for text that
has changed since is dropped) and a warning shows before Send.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.conversations import ConversationStore, tree
from agentic_desk.core.conversations.sticky import (
    PrivacyReason,
    Raised,
    join_words,
    privacy_reasons,
    stays_local,
    with_article,
)
from agentic_desk.core.documents import chosen_format, export_message, save_export
from agentic_desk.core.engine.protocol import GenerationParams
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.privacy.levels import PRIVACY_LEVELS, Privacy
from agentic_desk.core.privacy.scanning import detect
from agentic_desk.core.turn import TurnOutcome, discard_rewrite
from agentic_desk.ui import errors
from agentic_desk.ui.assistant_templates import ConversationPromptBar
from agentic_desk.ui.controller import ChatController, TurnSpec
from agentic_desk.ui.export_dialog import MESSAGE_FORMATS, ExportFileChooser, copy_message
from agentic_desk.ui.i18n import QT_TRANSLATE_NOOP, conversation_title
from agentic_desk.ui.icons import set_mark
from agentic_desk.ui.jobs import JobRunner
from agentic_desk.ui.layout import FlowLayout, ReadingColumn, centred
from agentic_desk.ui.messages import LINK_SCHEMES, MessageWidget
from agentic_desk.ui.privacy_dialog import LowerPrivacyDialog
from agentic_desk.ui.pseudonymise_ui import PseudonymiseControls
from agentic_desk.ui.rewrite_dialog import RewriteDialog
from agentic_desk.ui.settings.common import (
    COMPLEXITY_LABELS,
    PRIVACY_LABELS,
    explain_privacy_items,
    privacy_explanation,
    shown,
)

PRIVACY_CHOICES = [(text, level.value) for level, text in PRIVACY_LABELS.items()]
COMPLEXITY_CHOICES = [
    (QT_TRANSLATE_NOOP("common", "Complexity: auto"), None),
    *[(text, level.value) for level, text in COMPLEXITY_LABELS.items()],
]

# conversation, the messages shown, its draft, each shown message's versions
ViewData = tuple[Any, list[Any], str | None, dict[str, tree.Versions]]
LoweringCheck = tuple[list[PrivacyReason], list[str]]  # reasons now, lines listed earlier
DRAFT_CHECK_MS = 300  # the draft is checked for sensitive data this long after typing stops


def draft_warning_text(kinds: list[str], replaced: bool = False) -> str:
    """E.g. "This message holds a card number: it will stay on this computer."; with the
    conversation's "personal details replaced" switch on (``replaced``), that it goes to
    the cloud only with placeholders instead."""
    what = join_words([with_article(kind) for kind in kinds])
    if replaced:
        return QCoreApplication.translate(
            "chat_pane",
            "This message holds {what}: if it goes to the cloud, placeholders go in its "
            "place, and the real values stay on this computer.",
        ).format(what=what)
    return QCoreApplication.translate(
        "chat_pane", "This message holds {what}: it will stay on this computer."
    ).format(what=what)


class MessageInput(QPlainTextEdit):
    """Enter sends, Shift+Enter makes a new line, Esc stops the reply. Tab and Shift+Tab
    move focus out of the box; Ctrl+Tab types a tab character (keys: ui/shortcuts.py)."""

    def __init__(self, pane: ChatPane) -> None:
        super().__init__()
        self._pane = pane
        self.setPlaceholderText(
            QCoreApplication.translate(
                "chat_pane", "Message (Enter to send, Shift+Enter for a new line)"
            )
        )
        self.setAccessibleName(QCoreApplication.translate("chat_pane", "Message"))
        self.setAccessibleDescription(
            "Enter sends, Shift+Enter starts a new line, Tab moves on, Ctrl+Tab types a tab"
        )
        self.setFixedHeight(84)
        self.setTabChangesFocus(True)  # keyboard: Tab leaves the box

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Tab and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.insertPlainText("\t")  # keyboard: Ctrl+Tab, a literal tab
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self._pane.send_current()
            return
        if event.key() == Qt.Key.Key_Escape:
            if self._pane.editing_id and not self._pane.controller.busy:
                self._pane.cancel_edit()
                return
            self._pane.controller.stop()
            return
        super().keyPressEvent(event)


class ChatPane(QWidget):
    """Signals: ``view_ready(conversation_id)`` once a conversation is on screen;
    ``opened(conversation_id)`` when the pane switches to one; ``list_changed()`` when the
    conversation list should be read again (a reply finished, a title may have changed);
    ``lowering_asked(dialog)`` when lowering the privacy asks first; ``privacy_saved(str
    conversation_id)`` once a lowering the user confirmed is stored;
    ``draft_checked(str text, bool applied)`` when a check of the draft came back
    (``applied`` False: the draft had changed meanwhile, the result was dropped);
    ``rewrite_offered(dialog)`` when a rewrite is shown for the user to keep or discard;
    ``exported(str path)`` once a message was exported (Export on a reply).

    Versions (see :mod:`agentic_desk.core.conversations.tree`): Regenerate and Edit add a
    version and show it; ◀ ▶ on a message switch between its versions; nothing is deleted.
    """

    view_ready = Signal(str)
    opened = Signal(str)
    list_changed = Signal()
    lowering_asked = Signal(object)
    privacy_saved = Signal(str)
    draft_checked = Signal(str, bool)
    rewrite_offered = Signal(object)
    exported = Signal(str)
    models_requested = Signal()  # "Go to Models" (no model yet)
    documents_requested = Signal()  # issue 17: the picker's "Manage documents…"
    passage_shown = Signal(object)  # issue 17: a source's PassageDialog is open

    def __init__(self, store: ConversationStore, service: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chatPane")
        self.store = store
        self.jobs = JobRunner(self)
        self.controller = ChatController(store, service, self)
        self.generation = GenerationParams()  # the settings' defaults (build_window sets them)
        self.current_id: str | None = None
        self.widgets: dict[str, MessageWidget] = {}
        self._shown_privacy: str = Privacy.NORMAL.value  # the level the header stands for
        self.lowering_dialog: LowerPrivacyDialog | None = None
        self._lowering: tuple[str, str, list[PrivacyReason]] | None = None
        self._saving_privacy = False  # a confirmed lowering is being stored: Send waits
        # The question being edited (Send makes a new version of it), and the draft the
        # input box held before (Esc gives it back)
        self.editing_id = ""
        self._draft_before_edit = ""
        self.rewrite_dialog: RewriteDialog | None = None
        # Asks for a rewrite instruction of the user's own (None: cancelled); a test seam
        self.ask_instruction: Callable[[], str | None] = self._ask_instruction
        self._raised_notice = ""  # said once the turn is over (a reply's start hides it)
        # Called on the worker thread with the draft before it is checked (a test seam).
        self.draft_check_hook: Callable[[str], None] | None = None
        self.file_chooser = ExportFileChooser()  # asks where an export goes (a test seam)
        self._draft_generation = 0
        # issue 16: a link in a reply (test seams: the question asked, what opens it)
        self.confirm_link: Callable[[str], bool] = self._confirm_link
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.library_picker: Any = None  # issue 17: use_libraries() puts it in the header
        self.passage_dialog: Any = None  # issue 17: the source shown (PassageDialog)
        self._build()
        self.controller.reply_started.connect(self._on_reply_started)
        self.controller.version_started.connect(self._on_version_started)
        self.controller.text_appended.connect(self._on_text)
        self.controller.prefill_progress.connect(self._on_prefill)
        self.controller.notice.connect(self._on_notice)
        self.controller.status.connect(self.show_notice)
        self.controller.reply_finished.connect(self._on_finished)
        self.controller.failed.connect(self._on_failed)
        self.controller.privacy_raised.connect(self._on_privacy_raised)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(500)
        self._draft_timer.timeout.connect(self._save_draft)
        self.input.textChanged.connect(self._draft_timer.start)
        self._draft_check_timer = QTimer(self)
        self._draft_check_timer.setSingleShot(True)
        self._draft_check_timer.setInterval(DRAFT_CHECK_MS)
        self._draft_check_timer.timeout.connect(self.check_draft)
        self.input.textChanged.connect(self._draft_check_timer.start)

    # ---- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = QLabel(QCoreApplication.translate("chat_pane", "New chat"))
        self.title.setObjectName("chatTitle")
        self.privacy = QComboBox()
        self.privacy.setAccessibleName(
            QCoreApplication.translate("chat_pane", "Privacy of this conversation")
        )
        for label, value in PRIVACY_CHOICES:
            self.privacy.addItem(shown(label), value)
        self.privacy.currentIndexChanged.connect(self._on_privacy)
        self.local_badge = QLabel(QCoreApplication.translate("chat_pane", "Local only"))
        self.local_badge.setObjectName("localOnly")
        set_mark(self.local_badge, "lock")
        self.complexity = QComboBox()
        self.complexity.setAccessibleName(QCoreApplication.translate("chat_pane", "Complexity"))
        for name, level in COMPLEXITY_CHOICES:
            self.complexity.addItem(shown(name), level)
        # layout (issue 16): the title wraps and the controls go onto a second row
        # when the window is narrow
        self.title.setWordWrap(True)
        header.addWidget(self.title, 1)
        # issue 16: what the privacy levels mean (item tooltips, and a window on "?")
        explain_privacy_items(self.privacy)
        self.privacy_help = QToolButton()
        self.privacy_help.setText("?")
        self.privacy_help.setAccessibleName(
            QCoreApplication.translate("chat_pane", "What do the privacy levels mean?")
        )
        self.privacy_help.setToolTip(privacy_explanation())
        self.privacy_help.clicked.connect(self.explain_privacy)
        controls = FlowLayout(spacing=6)
        controls.addWidget(self.local_badge)
        controls.addWidget(self.privacy)
        controls.addWidget(self.privacy_help)
        # issue 18: send to the cloud with personal details replaced (and its preview)
        self.pseudonymise = PseudonymiseControls(self)
        controls.addWidget(self.pseudonymise)
        controls.addWidget(self.complexity)
        header.addLayout(controls)
        self.header_controls = controls
        layout.addLayout(header)
        # templates: which one the conversation came from, its system prompt (open, edit)
        self.prompt_bar = ConversationPromptBar(self.store, self)
        self.prompt_bar.failed.connect(self.show_error)
        layout.addWidget(self.prompt_bar)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self._sticky_banner = False
        layout.addWidget(self.banner)
        self.transcript_scroll = QScrollArea()
        self.transcript_scroll.setWidgetResizable(True)
        self.transcript_scroll.setAccessibleName(
            QCoreApplication.translate("chat_pane", "Messages")
        )
        self.transcript = QWidget()
        # layout (issue 16): the messages sit in a centred column no wider than a
        # comfortable reading width; the chat never scrolls sideways
        self.transcript_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.transcript_column = ReadingColumn()
        centred(self.transcript, self.transcript_column)
        self.transcript_layout = QVBoxLayout(self.transcript_column)
        self.transcript_layout.addStretch(1)
        self.transcript_scroll.setWidget(self.transcript)
        layout.addWidget(self.transcript_scroll, 1)
        self.empty = QLabel(
            QCoreApplication.translate(
                "chat_pane",
                "Nothing you type here leaves this computer unless you turn "
                "cloud providers on.\nAsk anything to start.",
            )
        )
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.transcript_layout.insertWidget(0, self.empty)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(
            QCoreApplication.translate("chat_pane", "Reading your prompt")
        )
        self.progress.setFormat("Reading your prompt… %p%")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.draft_warning = QLabel()
        self.draft_warning.setObjectName("draftWarning")
        self.draft_warning.setAccessibleName(
            QCoreApplication.translate("chat_pane", "Sensitive data in your message")
        )
        self.draft_warning.setWordWrap(True)
        set_mark(self.draft_warning, "lock")
        self.draft_warning.hide()
        layout.addWidget(self.draft_warning)
        # ---- first run: no model yet (issue 16) ----
        self.model_available = True  # False: Send is off and the line below says why
        self.no_model = QFrame()
        self.no_model.setObjectName("noModel")
        no_model_row = QHBoxLayout(self.no_model)
        no_model_row.setContentsMargins(0, 0, 0, 0)
        self.no_model_text = QLabel(
            QCoreApplication.translate(
                "chat_pane",
                "No model is set up yet, so nothing can answer. Download or import one on the "
                "Models page: it runs on this computer. (Or turn cloud providers on in Settings.)",
            )
        )
        self.no_model_text.setWordWrap(True)
        self.go_to_models = QPushButton(QCoreApplication.translate("chat_pane", "Go to Models"))
        self.go_to_models.clicked.connect(self.models_requested)
        no_model_row.addWidget(self.no_model_text, 1)
        no_model_row.addWidget(self.go_to_models)
        self.no_model.hide()
        layout.addWidget(self.no_model)
        # ---- end of first run ----
        row = QHBoxLayout()
        self.input = MessageInput(self)
        self.message_private = QComboBox()
        self.message_private.setAccessibleName(
            QCoreApplication.translate("chat_pane", "Privacy of this message")
        )
        self.message_private.addItem(
            QCoreApplication.translate("chat_pane", "This message: as the chat"), None
        )
        self.message_private.addItem(
            QCoreApplication.translate("chat_pane", "This message: local only"),
            Privacy.LOCAL_ONLY.value,
        )
        explain_privacy_items(self.message_private)
        self.send_button = QPushButton(QCoreApplication.translate("chat_pane", "Send"))
        self.send_button.setAccessibleName(QCoreApplication.translate("chat_pane", "Send (Enter)"))
        self.send_button.clicked.connect(self.send_current)
        self.stop_button = QPushButton(QCoreApplication.translate("chat_pane", "Stop"))
        self.stop_button.setAccessibleName(QCoreApplication.translate("chat_pane", "Stop (Esc)"))
        self.stop_button.clicked.connect(self.controller.stop)
        self.stop_button.setEnabled(False)
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.message_private)
        row.addWidget(self.input, 1)
        row.addLayout(buttons)
        layout.addLayout(row)

    # ---- background work -------------------------------------------------------------------

    def _io(self, work: Any, *args: Any, then: Any) -> None:
        """Run ``work(*args)`` (disk) on a worker thread; ``then(result)`` on the GUI thread;
        a known error in the banner."""
        self.jobs.call(work, *args, owner=self, done=then, failed=self.show_error)

    # ---- the banner ------------------------------------------------------------------------

    @Slot(str)
    def show_notice(self, text: str, kind: str = "notice", *, sticky: bool = False) -> None:
        """``sticky``: it stays while conversations are opened, until a reply starts (what
        happened at start-up must not vanish before it is read)."""
        self._sticky_banner = sticky
        errors.show_message(self.banner, text)
        self.banner.setProperty("kind", kind)
        if kind == "privacy":
            set_mark(self.banner, "lock")  # an SVG mark, not an emoji

    @Slot(object)
    def show_error(self, error: AgenticDeskError) -> None:
        self._sticky_banner = False
        errors.show_error(self.banner, error)
        self.banner.setProperty("kind", "error")

    def _show_error(self, message: str, hint: str) -> None:
        self.show_error(AgenticDeskError(message, hint))

    # ---- showing a conversation ------------------------------------------------------------

    def open_conversation(self, conv_id: str, *, keep_banner: bool = False) -> None:
        """Show a conversation. Reading it happens on a worker thread; ``view_ready`` is
        emitted once it is on screen."""
        switching = conv_id != self.current_id
        # What is in the box now: text typed while no conversation was shown (first run)
        # has no draft to go to yet and goes with the conversation that opens; text typed
        # while this one is read (it differs from this at render) is kept too.
        at_open = self.input.toPlainText()
        carried = at_open if self.current_id is None else ""
        if switching:
            self._save_draft()
        self.current_id = conv_id
        self.opened.emit(conv_id)
        if self.library_picker is not None:  # issue 17
            self.library_picker.show_conversation(conv_id)
        self._io(
            self._read_view,
            conv_id,
            switching,
            then=lambda data: self._render(conv_id, data, keep_banner, switching, carried, at_open),
        )

    @Slot(str, str)
    def set_title(self, conv_id: str, title: str) -> None:
        if conv_id == self.current_id:
            self.title.setText(conversation_title(title))

    def _read_view(self, conv_id: str, with_draft: bool) -> ViewData:
        """Worker thread: everything the view needs from the database."""
        conv = self.store.get_conversation(conv_id)
        everything = self.store.all_messages(conv_id)
        messages = [m for m in tree.shown_path(everything) if m.role in ("user", "assistant")]
        every_version = tree.all_versions(everything)
        versions = {m.id: every_version[m.id] for m in messages}
        draft = self.store.load_draft(conv_id) if with_draft else None
        return conv, messages, draft, versions

    def _render(
        self,
        conv_id: str,
        data: ViewData,
        keep_banner: bool,
        switching: bool,
        carried: str = "",
        at_open: str | None = None,
    ) -> None:
        if conv_id != self.current_id:
            return  # the user has moved on to another conversation meanwhile
        conv, messages, draft, versions = data
        self.title.setText(conversation_title(conv.title))
        self.prompt_bar.show_conversation(conv)  # templates
        self.privacy.blockSignals(True)
        while self.privacy.count() > len(PRIVACY_LEVELS):  # an unknown level shown before
            self.privacy.removeItem(self.privacy.count() - 1)
        if self.privacy.findData(conv.privacy) < 0:  # kept as it is: sending is refused
            self.privacy.addItem(
                QCoreApplication.translate("chat_pane", "Unknown level: {level}").format(
                    level=conv.privacy
                ),
                conv.privacy,
            )
        self.privacy.setCurrentIndex(self.privacy.findData(conv.privacy))
        self.privacy.blockSignals(False)
        self._shown_privacy = conv.privacy
        self.pseudonymise.show_conversation(conv_id)  # issue 18
        self.complexity.setCurrentIndex(max(0, self.complexity.findData(conv.complexity)))
        self._update_local_badge()
        for widget in self.widgets.values():
            widget.hide()
            self.transcript_layout.removeWidget(widget)
            widget.deleteLater()
        self.widgets = {}
        if not keep_banner and not self._sticky_banner:
            self.banner.hide()
        for message in messages:
            widget = self._add_message(
                message.id, message.role, message.content, message.status, message.meta
            )
            found = versions.get(message.id)
            if found is not None:
                widget.set_versions(found.ids, found.index)
        self.empty.setVisible(not self.widgets)
        if switching and draft is not None:  # a refresh must not touch what is being typed
            typed = self.input.toPlainText()
            typed_meanwhile = at_open is not None and typed and typed != at_open
            keep = typed if typed_meanwhile else (draft or carried)  # what is typed is kept
            self.input.blockSignals(True)
            self.input.setPlainText(keep)
            self.input.blockSignals(False)
            self._draft_check_timer.start()
            if keep != draft:
                self._save_draft()
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
        widget.link_clicked.connect(self.open_link)  # issue 16: links ask first
        widget.source_opened.connect(self.show_passage)  # issue 17
        self.transcript_layout.insertWidget(self.transcript_layout.count() - 1, widget)
        widget.show()  # now, not on the layout's queued show
        self.widgets[message_id] = widget
        self.empty.hide()
        return widget

    @Slot()
    def _on_privacy(self) -> None:
        level = self.privacy.currentData()
        previous = self._shown_privacy
        if (
            self.current_id
            and level in PRIVACY_LEVELS
            and stays_local(previous)
            and not stays_local(level)
        ):
            # Sticky privacy: shown as it was until the check (and the user) say otherwise.
            self._show_privacy(previous)
            conv_id = self.current_id
            self._io(
                self._lowering_check,
                conv_id,
                then=lambda check: self._ask_lowering(conv_id, level, check),
            )
            return
        self._shown_privacy = level
        if self.current_id:
            self._io(self.store.set_privacy, self.current_id, level, then=lambda _r: None)
        self._update_local_badge()

    def _show_privacy(self, level: str) -> None:
        """The header shows ``level`` (without counting as the user's choice)."""
        self.privacy.blockSignals(True)
        index = self.privacy.findData(level)
        if index >= 0:
            self.privacy.setCurrentIndex(index)
        self.privacy.blockSignals(False)
        self._shown_privacy = level
        self._update_local_badge()

    def _lowering_check(self, conv_id: str) -> LoweringCheck:
        """Worker thread: why the conversation is private now, and what raised it earlier
        that is no longer there (edited away)."""
        reasons = privacy_reasons(self.store.messages(conv_id))
        libraries = self.controller.libraries  # issue 17: its documents' findings count too
        if libraries is not None:
            from agentic_desk.core.library.privacy import library_reasons

            used = self.store.libraries_of(conv_id)
            reasons += library_reasons(libraries.store.findings(used)) if used else []
        now = {reason.describe() for reason in reasons}
        earlier: list[str] = []
        for change in self.store.privacy_changes(conv_id):
            if change.kind == "raised":
                earlier += [line for line in change.listed if line not in now]
        return reasons, list(dict.fromkeys(earlier))

    def _ask_lowering(self, conv_id: str, level: str, check: LoweringCheck) -> None:
        if conv_id != self.current_id:
            return
        reasons, earlier = check
        if not reasons and not earlier:  # nothing sensitive in it: the user's own choice
            self._show_privacy(level)
            self._io(self.store.set_privacy, conv_id, level, then=lambda _r: None)
            return
        listed = [reason.describe() for reason in reasons]
        dialog = LowerPrivacyDialog(listed, earlier, level, self)
        self.lowering_dialog = dialog
        self._lowering = (conv_id, level, reasons)
        dialog.finished.connect(self._on_lowering_answered)
        dialog.open()
        self.lowering_asked.emit(dialog)

    @Slot(int)
    def _on_lowering_answered(self, result: int) -> None:
        dialog, self.lowering_dialog = self.lowering_dialog, None
        pending, self._lowering = self._lowering, None
        if dialog is not None:
            dialog.deleteLater()
        if pending is None or dialog is None or result != LowerPrivacyDialog.DialogCode.Accepted:
            return  # kept: the header already shows the level it had
        conv_id, level, reasons = pending
        listed = [*dialog.listed, *dialog.earlier]
        covers = [key for reason in reasons for key in reason.keys]

        def lower() -> None:
            self.store.lower_privacy(conv_id, level, listed=listed, covers=covers)

        if conv_id == self.current_id:
            self._show_privacy(level)
        self._saving_privacy = True  # a message sent now must see the choice stored
        self.jobs.call(
            lower,
            owner=self,
            done=lambda _r: self._privacy_stored(conv_id),
            failed=self.show_error,
            after=self._privacy_stored,
        )

    def _privacy_stored(self, conv_id: str = "") -> None:
        self._saving_privacy = False
        if conv_id:
            self.privacy_saved.emit(conv_id)

    @Slot(object)
    def _on_privacy_raised(self, raised: Raised) -> None:
        if raised.conversation_id != self.current_id:
            return
        self._show_privacy(raised.to_level)
        if self.controller.busy:  # told with the turn's other notices once it ends
            self._raised_notice = raised.describe()
        else:
            self.show_notice(raised.describe(), "privacy")

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
            self.generation,  # the app's; the conversation's own win (core.turn)
            pseudonymise=self.pseudonymise.switch.isChecked(),  # issue 18
        )

    # ---- sending ---------------------------------------------------------------------------

    @Slot()
    def send_current(self) -> None:
        text = self.input.toPlainText().strip()
        if not text or self.controller.busy or self.current_id is None or self._saving_privacy:
            return
        if not self.model_available:  # nothing could answer: the text stays, the line says why
            return
        if not self.editing_id and self.pseudonymise.intercept(text):
            return  # issue 18: the preview first; its Send sends the text still in the box
        self.input.blockSignals(True)
        self.input.clear()
        self.input.blockSignals(False)
        self._clear_draft_warning()
        editing, self.editing_id = self.editing_id, ""
        if editing in self.widgets:
            self._drop_from(editing)  # the view shows the new version; the old one stays
        temp_id = f"pending-{time.monotonic_ns()}"
        self._add_message(temp_id, "user", text)
        self._busy(True)
        spec = self._spec()
        if editing:
            self.controller.edit_question(spec, editing, text)
        else:
            self.controller.send(spec, text)

    def _busy(self, busy: bool) -> None:
        self.send_button.setEnabled(not busy and self.model_available)
        self.stop_button.setEnabled(busy)

    def set_model_available(self, available: bool) -> None:
        """Issue 16: with no model (and cloud off) Send is off and a line says what to do
        next; once a model is ready, Send works at once."""
        self.model_available = available
        self.no_model.setVisible(not available)
        self.send_button.setEnabled(available and not self.controller.busy)
        self.send_button.setToolTip("" if available else "First set up a model on the Models page")

    @Slot(str, str)
    def _on_version_started(self, _message_id: str, replaces: str) -> None:
        """A new version of ``replaces`` is being written: the view shows it in its place
        (the old one and its later turns stay in the conversation, behind ◀ ▶)."""
        if replaces in self.widgets:
            self._drop_from(replaces)

    @Slot(str, str)
    def _on_reply_started(self, conv_id: str, message_id: str) -> None:
        if conv_id != self.current_id:
            return
        widget = self.widgets.get(message_id)
        if widget is None:
            self._add_message(message_id, "assistant", "", "streaming")
        else:
            widget.set_status("streaming", {})
        self._sticky_banner = False
        self.banner.hide()

    def _following(self) -> bool:
        bar = self.transcript_scroll.verticalScrollBar()
        return bar.value() >= bar.maximum() - 40

    def _scroll_to_bottom(self) -> None:
        QTimer.singleShot(
            0,
            self,
            lambda: self.transcript_scroll.verticalScrollBar().setValue(
                self.transcript_scroll.verticalScrollBar().maximum()
            ),
        )

    @Slot(str, str)
    def _on_text(self, message_id: str, text: str) -> None:
        widget = self.widgets.get(message_id)
        if widget is None:
            return
        follow = self._following()
        self.progress.hide()
        widget.append(text)
        if follow:
            self._scroll_to_bottom()

    @Slot(str, int, int)
    def _on_prefill(self, _message_id: str, done: int, total: int) -> None:
        if total > 256 and done < total:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.show()

    @Slot(str)
    def _on_notice(self, text: str) -> None:
        self.show_notice(text, "privacy")

    @Slot(str, object)
    def _on_finished(self, message_id: str, result: Any) -> None:
        self.progress.hide()
        self._busy(False)
        widget = self.widgets.get(message_id)
        outcome = self.controller.outcomes.get(message_id)
        if widget is not None and outcome is not None:  # at once; the sync brings the rest
            widget.set_status(*outcome)
        if widget is not None:  # accessibility: said once per reply, not per token
            widget.announce_finished()
        outcome_of_turn = self.controller.last_outcome
        offer: Callable[[], None] | None = None
        if (
            outcome_of_turn is not None
            and outcome_of_turn.message_id == message_id
            and outcome_of_turn.meta.get("rewrite_of")
            and outcome_of_turn.status == "complete"
        ):
            rewrite = outcome_of_turn
            offer = lambda: self._offer_rewrite(rewrite)  # noqa: E731 (once the view shows it)
        if self.current_id:
            self._sync_with_store(self.current_id, then=offer)
        self.list_changed.emit()
        raised, self._raised_notice = self._raised_notice, ""
        if result.error is not None:
            self.show_error(result.error)
        elif raised:
            said = self.banner.text() if self.banner.isVisibleTo(self) else ""
            self.show_notice(f"{said}\n{raised}" if said else raised, "privacy")

    def _sync_with_store(self, conv_id: str, then: Callable[[], None] | None = None) -> None:
        """After a turn: give the widgets their stored ids, status and badge without
        re-rendering them (a long message re-rendered is a visible hitch); reload only if
        the view and the store disagree. Emits ``view_ready``; then calls ``then``."""

        def apply(data: ViewData) -> None:
            self._apply_sync(conv_id, data)
            if then is not None:
                then()

        self._io(self._read_view, conv_id, False, then=apply)

    def _apply_sync(self, conv_id: str, data: ViewData) -> None:
        if conv_id != self.current_id:
            return
        conv, messages, _draft, versions = data
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
            found = versions.get(message.id)
            if found is not None:
                widget.set_versions(found.ids, found.index)
            self.widgets[message.id] = widget
        self.title.setText(conversation_title(conv.title))
        self.prompt_bar.show_conversation(conv)  # templates
        self.view_ready.emit(conv_id)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        """The turn ended without a reply: a known error (shown), or None after a bug (the
        one report has shown it); either way the conversation is shown as saved."""
        self._raised_notice = ""  # the header shows the raised level; the error comes first
        self.progress.hide()
        self._busy(False)
        if self.current_id:
            self.open_conversation(self.current_id, keep_banner=True)
        if isinstance(error, AgenticDeskError):
            self.show_error(error)

    # ---- links in replies (issue 16) ---------------------------------------------------------

    @Slot(str)
    def open_link(self, url: str) -> None:
        """A link in a reply: only web and mail addresses, and only once the user has seen
        the full address and said yes (a reply's link text can say anything)."""
        target = QUrl(url)
        if target.scheme().lower() not in LINK_SCHEMES:
            self._show_error(
                QCoreApplication.translate("chat_pane", "This link was not opened."),
                QCoreApplication.translate(
                    "chat_pane", "Only web and e-mail links open from a reply; this one is: {url}"
                ).format(url=url),
            )
            return
        if self.confirm_link(url):
            self.open_url(target)

    def _confirm_link(self, url: str) -> bool:
        answer = QMessageBox.question(
            self,
            QCoreApplication.translate("chat_pane", "Open link"),
            QCoreApplication.translate(
                "chat_pane", "Open this address in your browser?\n\n{url}"
            ).format(url=url),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Open

    # ---- end of links in replies -----------------------------------------------------------

    # ---- chat with documents (issue 17; see ui/library/chat.py) -----------------------------

    def use_libraries(self, hub: Any) -> None:
        """Put the conversation's library picker in the header (a LibraryHub's libraries)."""
        from agentic_desk.ui.library.chat import LibraryPicker

        picker = LibraryPicker(self.store, hub, self)
        picker.privacy_raised.connect(self._on_privacy_raised)
        picker.failed.connect(self.show_error)
        picker.manage_requested.connect(self.documents_requested)
        self.header_controls.addWidget(picker)
        self.library_picker = picker
        picker.show_conversation(self.current_id)

    @Slot(object)
    def show_passage(self, citation: dict[str, Any]) -> None:
        """A source under a reply: the passage, and Open file (through :attr:`open_url`)."""
        from agentic_desk.ui.library.chat import PassageDialog

        if self.passage_dialog is not None:
            self.passage_dialog.close()
        dialog = PassageDialog(citation, self, open_url=self.open_url)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "passage_dialog", None))
        self.passage_dialog = dialog
        dialog.open()
        self.passage_shown.emit(dialog)

    # ---- end of chat with documents -----------------------------------------------------------

    @Slot()
    def explain_privacy(self) -> None:
        """What do the privacy levels mean? (issue 16)"""
        QMessageBox.information(
            self,
            QCoreApplication.translate("chat_pane", "What do the privacy levels mean?"),
            privacy_explanation(),
        )

    # ---- message actions -------------------------------------------------------------------

    # -- copy and export (documents) --
    def _copy_or_export(self, name: str, message_id: str) -> None:
        widget = self.widgets.get(message_id)
        if widget is None:
            return
        if name == "copy":
            copy_message(widget.text, markdown=widget.role == "assistant")
            self.show_notice(QCoreApplication.translate("chat_pane", "Copied"), "info")
        else:
            self.export_message(message_id)

    def export_message(
        self, message_id: str, kind: str | None = None, path: str | None = None
    ) -> None:
        """Export one message as ``kind`` (docx, odt, pdf or md; by default the suffix says)
        to ``path``; without ``path`` a save dialog asks (:attr:`file_chooser`). Then
        ``exported`` and a "Saved to" notice."""
        conv_id = self.current_id
        if conv_id is None:
            return
        if path is None:
            name = QCoreApplication.translate("chat_pane", "{title} - reply").format(
                title=self.title.text() or QCoreApplication.translate("chat_pane", "Reply")
            )
            choice = self.file_chooser.choose(
                self, QCoreApplication.translate("chat_pane", "Export reply"), name, MESSAGE_FORMATS
            )
            if choice is None:
                return
            path, kind = str(choice.path), choice.key
        target = Path(path)
        key = chosen_format(kind, target).key

        def write() -> None:
            conversation = self.store.get_conversation(conv_id)
            message = self.store.get_message(message_id)
            save_export(target, export_message(conversation, message, key))

        def after(_result: object) -> None:
            self.show_notice(
                QCoreApplication.translate("chat_pane", "Saved to {name}.").format(
                    name=target.name
                ),
                "info",
            )
            self.exported.emit(str(target))

        self._io(write, then=after)

    # -- regenerate, edit, versions, rewrite, continue --

    def _drop_from(self, message_id: str) -> None:
        """Take a message and everything after it off the view (the store keeps them)."""
        ids = list(self.widgets)
        for mid in ids[ids.index(message_id) :]:
            widget = self.widgets.pop(mid)
            widget.hide()
            self.transcript_layout.removeWidget(widget)
            widget.deleteLater()
        self.empty.setVisible(not self.widgets)

    def _reopen(self, _result: object = None) -> None:
        if self.current_id:
            self.open_conversation(self.current_id, keep_banner=True)

    @Slot(str, str)
    def _on_message_action(self, name: str, message_id: str) -> None:
        if name in ("copy", "export"):  # they change nothing: fine while a reply streams
            self._copy_or_export(name, message_id)
            return
        if self.current_id is None or self.controller.busy:
            return
        widget = self.widgets[message_id]
        if name == "regenerate":
            self._busy(True)
            self.controller.regenerate(self._spec(), message_id)
        elif name == "edit" and widget.role == "user":
            self.start_edit(message_id)
        elif name == "edit":
            widget.start_editing()
        elif name == "save edit":
            text = widget.edited_markdown()
            if text is None or text == widget.text.strip():
                widget.stop_editing()  # nothing changed: no new version
            else:
                self._io(self.store.add_version, message_id, text, then=self._reopen)
        elif name == "cancel edit":
            widget.stop_editing()
        elif name in ("previous version", "next version"):
            target = widget.version_step(-1 if name == "previous version" else 1)
            if target is not None:
                self._io(self.store.choose, target, then=self._reopen)
        elif name.startswith("rewrite:"):
            self._rewrite(widget, name.split(":", 1)[1])
        elif name == "continue":
            self._busy(True)
            self.controller.continue_reply(self._spec(), message_id)

    # ---- editing a question, rewriting a reply -----------------------------------------

    def start_edit(self, message_id: str) -> None:
        """Put the question in the message box: Send makes it a new version (the old one
        and its reply stay, behind ◀ ▶); Esc gives back the draft that was there."""
        widget = self.widgets[message_id]
        if not self.editing_id:
            self._draft_before_edit = self.input.toPlainText()
        self.editing_id = message_id
        self.input.setPlainText(widget.text)
        self.input.setFocus()
        self.show_notice(
            QCoreApplication.translate(
                "chat_pane",
                "Editing your message. Send saves it as a new version and answers it; the "
                "earlier version stays (the arrows on the message). Esc cancels.",
            )
        )

    def cancel_edit(self) -> None:
        self.editing_id = ""
        self.input.setPlainText(self._draft_before_edit)
        self._draft_before_edit = ""
        self.banner.hide()

    def _ask_instruction(self) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(
            self,
            QCoreApplication.translate("chat_pane", "Rewrite"),
            QCoreApplication.translate(
                "chat_pane", "How should it be rewritten? (e.g. “for a ten-year-old”)"
            ),
        )
        return text.strip() if ok and text.strip() else None

    def _rewrite(self, widget: MessageWidget, key: str) -> None:
        instruction = self.ask_instruction() if key == "custom" else key
        if not instruction:
            return
        start: int | None = None
        end: int | None = None
        selected = widget.selected_text().strip()
        if selected:
            at = widget.text.find(selected)
            if at >= 0 and widget.text.find(selected, at + 1) < 0:
                start, end = at, at + len(selected)
            else:  # shown differently from the Markdown (emphasis, links): the whole reply
                self.show_notice(
                    QCoreApplication.translate(
                        "chat_pane",
                        "The selection could not be matched to the reply's text, so the whole "
                        "reply is rewritten.",
                    )
                )
        self._busy(True)
        self.controller.rewrite(self._spec(), widget.message_id, instruction, start, end)

    def _offer_rewrite(self, outcome: TurnOutcome) -> None:
        original = str(outcome.meta.get("rewrite_of"))
        self._io(
            self.store.get_message,
            original,
            then=lambda old: self._show_rewrite(outcome, old.content),
        )

    def _show_rewrite(self, outcome: TurnOutcome, old_text: str) -> None:
        dialog = RewriteDialog(old_text, outcome.text, self)
        self.rewrite_dialog = dialog

        def answered(result: int) -> None:
            self.rewrite_dialog = None
            dialog.deleteLater()
            if result != RewriteDialog.DialogCode.Accepted:
                self._io(discard_rewrite, self.store, outcome, then=self._reopen)

        dialog.finished.connect(answered)
        dialog.open()
        self.rewrite_offered.emit(dialog)

    # ---- the draft -------------------------------------------------------------------------

    @Slot()
    def check_draft(self) -> None:
        """Look for sensitive data in the draft on a worker thread (see the module)."""
        self._draft_check_timer.stop()
        self._draft_generation += 1
        generation = self._draft_generation
        text = self.input.toPlainText()
        if not text.strip() or not bool(getattr(self.controller.service, "detector_enabled", True)):
            self._clear_draft_warning()
            self.draft_checked.emit(text, True)
            return
        self.jobs.call(
            self._detect_in_draft,
            text,
            owner=self,
            done=lambda kinds: self._on_draft_checked(generation, text, kinds),
        )

    def _detect_in_draft(self, text: str) -> list[str]:
        """Worker thread: the kinds of sensitive data in ``text``, in the order found."""
        if self.draft_check_hook is not None:
            self.draft_check_hook(text)
        return list(dict.fromkeys(finding.category for finding in detect(text)))

    def _on_draft_checked(self, generation: int, text: str, kinds: list[str]) -> None:
        applied = generation == self._draft_generation and text == self.input.toPlainText()
        if applied:
            if kinds:
                replaced = self.pseudonymise.switch.isChecked()  # issue 18
                self.draft_warning.setText(draft_warning_text(kinds, replaced))
                self.draft_warning.show()
            else:
                self.draft_warning.hide()
        self.draft_checked.emit(text, applied)

    def _clear_draft_warning(self) -> None:
        self._draft_check_timer.stop()
        self._draft_generation += 1  # whatever is still being checked is out of date
        self.draft_warning.hide()
        self.draft_warning.clear()

    @Slot()
    def _save_draft(self) -> None:
        """The unsent text survives a restart; written on a worker thread."""
        if self.current_id is None:
            return
        self._io(self.store.save_draft, self.current_id, self.input.toPlainText(), then=None)

    def close_down(self) -> None:
        """The window closes: write the draft now (not on a thread), stop the reply."""
        self._draft_timer.stop()
        if self.current_id is not None:
            self.store.save_draft(self.current_id, self.input.toPlainText())
        self.controller.stop()


__all__ = [
    "COMPLEXITY_CHOICES",
    "DRAFT_CHECK_MS",
    "PRIVACY_CHOICES",
    "ChatPane",
    "MessageInput",
    "draft_warning_text",
]
