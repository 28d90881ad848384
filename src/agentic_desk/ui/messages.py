"""Message widgets: Markdown text, syntax-highlighted code blocks with a copy button, and
the badge under each reply. A streaming message only re-renders its last segment."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QPalette,
    QSyntaxHighlighter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextTable,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.ui.accessibility import announce
from agentic_desk.ui.i18n import QT_TRANSLATE_NOOP
from agentic_desk.ui.icons import icon
from agentic_desk.ui.layout import FlowLayout

# The Rewrite menu: (label, instruction key of agentic_desk.core.turn.REWRITES, or
# "custom": the user writes it).
REWRITE_CHOICES: tuple[tuple[str, str], ...] = (  # labels translated where shown
    (QT_TRANSLATE_NOOP("messages", "Shorter"), "shorter"),
    (QT_TRANSLATE_NOOP("messages", "More formal"), "formal"),
    (QT_TRANSLATE_NOOP("messages", "Friendlier"), "friendlier"),
    (QT_TRANSLATE_NOOP("messages", "Fix grammar"), "grammar"),
    (QT_TRANSLATE_NOOP("messages", "Your own instruction…"), "custom"),
)
# the message buttons' words, by name
BUTTON_WORDS = {
    "show all": QT_TRANSLATE_NOOP("messages", "Show all"),
    "copy": QT_TRANSLATE_NOOP("messages", "Copy"),
    "export": QT_TRANSLATE_NOOP("messages", "Export"),
    "edit": QT_TRANSLATE_NOOP("messages", "Edit"),
    "rewrite": QT_TRANSLATE_NOOP("messages", "Rewrite…"),
    "regenerate": QT_TRANSLATE_NOOP("messages", "Regenerate"),
    "continue": QT_TRANSLATE_NOOP("messages", "Continue"),
    "save edit": QT_TRANSLATE_NOOP("messages", "Save edit"),
    "cancel edit": QT_TRANSLATE_NOOP("messages", "Cancel edit"),
}

COLLAPSE_AT = 1500  # characters of a user's message shown before "Show all"

# ---- Markdown in replies (issue 16) ------------------------------------------------------
# A fence opens with ``` or ~~~ (three or more, indented or not: a fence inside a list
# item is a code block too) and closes with a line of the same character, at least as long.
_FENCE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)$")


def split_segments(text: str) -> list[tuple[str, str, str]]:
    """[(kind, language, content)], kind "text" or "code"; an unclosed fence (still
    streaming) is a code block up to the end. CRLF line ends count as LF."""
    out: list[tuple[str, str, str]] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    prose: list[str] = []
    index = 0
    while index < len(lines):
        opened = _FENCE_OPEN.match(lines[index])
        info = opened.group("info") if opened else ""
        if (
            opened is None
            or (opened.group("fence")[0] == "`" and "`" in info)
            or index == len(lines) - 1  # the opening line is still being written
        ):
            prose.append(lines[index])
            index += 1
            continue
        fence = opened.group("fence")
        indent = len(lines[index]) - len(lines[index].lstrip(" \t"))
        closer = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        code: list[str] = []
        index += 1
        while index < len(lines) and not closer.match(lines[index]):
            line = lines[index]
            # a fence inside a list item: its lines lose the fence's indentation
            code.append(line[min(indent, len(line) - len(line.lstrip(" \t"))) :])
            index += 1
        index += 1  # the closing fence (or past the end: still streaming)
        if prose:
            out.append(("text", "", "\n".join(prose)))
            prose = []
        language = info.split()[0] if info.split() else ""
        out.append(("code", language, "\n".join(code).rstrip("\n")))
    if prose and (out == [] or "".join(prose).strip()):
        out.append(("text", "", "\n".join(prose)))
    return out or [("text", "", "")]


_MARKDOWN_FEATURES = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
    | QTextDocument.MarkdownFeature.MarkdownNoHTML.value
)
_BODY_STYLE = re.compile(r"<body style=\"[^\"]*\">")
LINK_SCHEMES = ("http", "https", "mailto")  # what a link in a reply may open


def markdown_document(text: str) -> QTextDocument:
    """A reply's Markdown as a document: raw HTML is text (``<b>x</b>`` shows as typed),
    a table's header cells take their column's alignment, a ``\\|`` in a cell is a pipe,
    and task-list items start with ☐ / ☑ (drawn as text, not as a marker)."""
    doc = QTextDocument()
    doc.setMarkdown(text.replace("\r\n", "\n"), _MARKDOWN_FEATURES)
    block = doc.begin()
    tables: dict[int, QTextTable] = {}
    while block.isValid():
        cursor = QTextCursor(block)
        table = cursor.currentTable()
        if table is not None:
            tables.setdefault(table.firstPosition(), table)
        marker = block.blockFormat().marker()
        if marker != QTextBlockFormat.MarkerType.NoMarker:
            fmt = block.blockFormat()
            fmt.setMarker(QTextBlockFormat.MarkerType.NoMarker)
            cursor.setBlockFormat(fmt)
            checked = marker == QTextBlockFormat.MarkerType.Checked
            cursor.insertText("☑ " if checked else "☐ ")
        block = block.next()
    for table in tables.values():
        _tidy_table(table)
    return doc


def _tidy_table(table: QTextTable) -> None:
    for column in range(table.columns()):
        if table.rows() > 1:
            body = table.cellAt(1, column).firstCursorPosition().blockFormat().alignment()
            head = table.cellAt(0, column).firstCursorPosition()
            fmt = head.blockFormat()
            fmt.setAlignment(body)
            head.setBlockFormat(fmt)
        for row in range(table.rows()):
            cell = table.cellAt(row, column)
            found = cell.firstCursorPosition()
            while True:
                found = table.document().find("\\|", found)
                if found.isNull() or found.position() > cell.lastCursorPosition().position():
                    break
                found.insertText("|")


def markdown_html(text: str) -> str:
    """The rich text a reply's label shows (the label's own font and colours apply)."""
    return _BODY_STYLE.sub("<body>", markdown_document(text).toHtml(), count=1)


def shown_text(label: QLabel) -> str:
    """What a text label shows, as plain text (for tests and accessibility checks)."""
    if label.textFormat() == Qt.TextFormat.PlainText:
        return label.text()
    doc = QTextDocument()
    doc.setHtml(label.text())
    return doc.toPlainText()


# ---- end of Markdown in replies ----------------------------------------------------------


class PygmentsHighlighter(QSyntaxHighlighter):
    """Colours code with pygments' lexer for the block's language."""

    COLOURS: ClassVar[dict[str, str]] = {
        "Keyword": "#c678dd",
        "Name.Builtin": "#56b6c2",
        "Name.Function": "#61afef",
        "Name.Class": "#e5c07b",
        "String": "#98c379",
        "Number": "#d19a66",
        "Comment": "#7f848e",
        "Operator": "#56b6c2",
        "Name.Decorator": "#e5c07b",
    }

    def __init__(self, document: Any, language: str) -> None:
        super().__init__(document)
        from pygments.lexers import TextLexer, get_lexer_by_name
        from pygments.util import ClassNotFound

        try:
            self._lexer = get_lexer_by_name(language) if language else TextLexer()
        except ClassNotFound:
            self._lexer = TextLexer()
        self._formats: dict[str, QTextCharFormat] = {}
        for name, colour in self.COLOURS.items():
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(colour))
            self._formats[name] = fmt

    def _format_for(self, token: Any) -> QTextCharFormat | None:
        while token is not None:
            text = str(token).removeprefix("Token.")
            if text in self._formats:
                return self._formats[text]
            token = token.parent
        return None

    def highlightBlock(self, text: str) -> None:
        index = 0
        for token, value in self._lexer.get_tokens(text):
            fmt = self._format_for(token)
            if fmt is not None:
                self.setFormat(index, len(value), fmt)
            index += len(value)


class CodeBlock(QFrame):
    def __init__(self, language: str, code: str) -> None:
        super().__init__()
        self.setObjectName("codeBlock")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        header = QHBoxLayout()
        header.setContentsMargins(8, 2, 4, 2)
        self.language = QLabel(language or "code")
        self.language.setObjectName("codeLanguage")
        copy = QPushButton(QCoreApplication.translate("messages", "Copy"))
        copy.setAccessibleName(f"Copy {language or 'code'} block")
        copy.setCursor(Qt.CursorShape.PointingHandCursor)
        copy.clicked.connect(self.copy)
        self.copy_button = copy
        header.addWidget(self.language)
        header.addStretch(1)
        header.addWidget(copy)
        layout.addLayout(header)
        self.editor = QPlainTextEdit()
        self.editor.setReadOnly(True)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setFont(QFont("monospace"))
        self.editor.setAccessibleName(f"{language or 'code'} block")
        self.editor.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._highlighter = PygmentsHighlighter(self.editor.document(), language)
        self.editor.installEventFilter(self)
        layout.addWidget(self.editor)
        self.set_code(code)

    def set_code(self, code: str) -> None:
        if self.editor.toPlainText() == code:
            return
        self.editor.setPlainText(code)
        self._fit()

    def _fit(self) -> None:
        """Show every line (up to a limit, then scroll), whatever the font and scaling."""
        lines = max(1, self.editor.blockCount())
        metrics = self.editor.fontMetrics()
        frame = int(self.editor.document().documentMargin() * 2) + 2 * self.editor.frameWidth()
        scrollbar = self.editor.horizontalScrollBar().sizeHint().height()
        document = self.editor.document()
        line = max(  # a block is laid out taller than the font's line spacing
            metrics.lineSpacing(),
            math.ceil(document.documentLayout().blockBoundingRect(document.firstBlock()).height()),
        )
        height = line * lines + frame + scrollbar + metrics.descent()
        self.editor.setFixedHeight(height)  # every line: the chat's scroll bar is the only one

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        """The editor's own font comes from the style sheet when it is polished: fit again."""
        from PySide6.QtCore import QEvent

        if watched is self.editor and event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
            QEvent.Type.Polish,
            QEvent.Type.Show,
        ):
            self._fit()
        return False

    @Slot()
    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.editor.toPlainText())
        self.copy_button.setText(QCoreApplication.translate("messages", "Copied"))


def _text_label(text: str, *, markdown: bool = True) -> QLabel:
    """Replies are Markdown; the user's own text is shown exactly as typed (plain text is
    also several times cheaper to lay out, which matters for a long pasted prompt)."""
    label = QLabel()
    # Markdown is turned into rich text here (markdown_html), not by Qt's MarkdownText:
    # that one renders raw HTML from the reply.
    label.setTextFormat(Qt.TextFormat.RichText if markdown else Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    label.setOpenExternalLinks(False)  # a link goes through MessageWidget.link_clicked
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    _set_label_text(label, text)
    return label


def _set_label_text(label: QLabel, text: str) -> None:
    rich = label.textFormat() == Qt.TextFormat.RichText
    label.setText(markdown_html(text) if rich else text)


def badge_text(meta: dict[str, Any]) -> tuple[str, str]:
    """(compact badge, tooltip with the details) for a reply's metadata."""
    if not meta or not meta.get("where"):
        return "", ""
    parts = [str(meta["where"])]
    model = str(meta.get("model") or "")
    if model:
        parts.append(model.rsplit("/", 1)[-1])
    if meta.get("execution_provider"):
        parts.append(str(meta["execution_provider"]).upper())
    if meta.get("tokens_per_s"):
        parts.append(f"{float(meta['tokens_per_s']):.0f} tok/s")
    parts.append(
        QCoreApplication.translate("messages", "{count} tokens").format(
            count=meta.get("completion_tokens", 0)
        )
    )
    if meta.get("provider") != "local":
        parts.append(
            f"${float(meta.get('cost', 0.0)):.4f}"
            if meta.get("cost_known", True)
            else QCoreApplication.translate("messages", "cost unknown")
        )
    provider = str(meta.get("provider")) + (
        f" ({meta['execution_provider']})" if meta.get("execution_provider") else ""
    )
    prompt = str(meta.get("prompt_tokens", 0)) + (
        QCoreApplication.translate("messages", " ({count} cached)").format(
            count=meta["reused_tokens"]
        )
        if meta.get("reused_tokens")
        else ""
    )
    details = [
        QCoreApplication.translate("messages", "Where: {where}").format(where=meta["where"]),
        QCoreApplication.translate("messages", "Model: {model}").format(model=model or "-"),
        QCoreApplication.translate("messages", "Provider: {provider}").format(provider=provider),
        QCoreApplication.translate("messages", "Prompt tokens: {count}").format(count=prompt),
        QCoreApplication.translate("messages", "Reply tokens: {count}").format(
            count=meta.get("completion_tokens", 0)
        ),
        QCoreApplication.translate("messages", "Speed: {speed} tokens/s").format(
            speed=f"{float(meta.get('tokens_per_s', 0.0)):.1f}"
        ),
        QCoreApplication.translate("messages", "First token: {ms} ms").format(
            ms=f"{float(meta.get('ttft_ms', 0.0)):.0f}"
        ),
        QCoreApplication.translate("messages", "Cost: ${cost}").format(
            cost=f"{float(meta.get('cost', 0.0)):.4f}"
        ),
        QCoreApplication.translate("messages", "Stopped: {reason}").format(
            reason=str(meta.get("stop_reason", "")).replace("_", " ")
        ),
    ]
    details += [
        QCoreApplication.translate("messages", "Fallback: {attempt}").format(attempt=f)
        for f in meta.get("failed_attempts", [])
    ]
    return " · ".join(parts), "\n".join(details)


def can_continue(status: str, meta: dict[str, Any]) -> bool:
    """A reply cut short can be continued: interrupted (a failure, or the app was closed
    or killed), stopped, or cut at the length limit."""
    if status in ("interrupted", "cancelled"):
        return True
    return status == "complete" and meta.get("stop_reason") == "length"


def status_note(status: str, meta: dict[str, Any]) -> str:
    """What the line under a reply says about how it ended ("" for a finished reply)."""
    if status == "interrupted":
        reason = str(
            meta.get("error")
            or QCoreApplication.translate("messages", "It stopped before it was finished.")
        )
        return QCoreApplication.translate(
            "messages",
            "Interrupted. {reason} Continue goes on from where it stopped; "
            "Regenerate writes it again.",
        ).format(reason=reason)
    if status == "cancelled":
        return QCoreApplication.translate(
            "messages", "Stopped. Continue goes on from where it stopped."
        )
    if status == "error":
        return str(meta.get("error") or QCoreApplication.translate("messages", "The reply failed."))
    if status == "complete" and meta.get("stop_reason") == "length":
        tokens = int(meta.get("completion_tokens", 0) or 0)
        if tokens:
            return QCoreApplication.translate(
                "messages", "Cut short at the length limit ({tokens} tokens). Continue writes more."
            ).format(tokens=tokens)
        return QCoreApplication.translate(
            "messages", "Cut short at the length limit. Continue writes more."
        )
    return ""


class MessageWidget(QFrame):
    """One message. Signals: action(str name, str message_id) for copy, export,
    regenerate, edit, continue, "previous version", "next version", "save edit", "cancel edit" and
    "rewrite:<key>" (a key of :data:`REWRITE_CHOICES`).

    A message with versions shows ◀ 2/3 ▶ (Alt+Left / Alt+Right while it has focus). A
    reply can be edited in place (:meth:`start_editing`): a rich editor over its Markdown.

    Keyboard and screen readers: Tab goes ◀ ▶, the text, then the buttons in the order
    shown; Space or Enter presses a button; each button's accessible name says which
    message it acts on ("Copy — reply “Paris is…”"). ``announced(str text)`` follows a
    finished reply's announcement (:meth:`announce_finished`).
    """

    action = Signal(str, str)
    announced = Signal(str)
    link_clicked = Signal(str)  # a link in the reply was clicked (the chat pane asks first)
    source_opened = Signal(object)  # issue 17: a source under the reply (a citation dict)

    def __init__(
        self,
        message_id: str,
        role: str,
        text: str,
        *,
        status: str = "complete",
        meta: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.message_id = message_id
        self.role = role
        self.text = ""
        self.status = status
        self.setObjectName("userMessage" if role == "user" else "assistantMessage")
        self.setAccessibleName(
            QCoreApplication.translate("messages", "Your message")
            if role == "user"
            else QCoreApplication.translate("messages", "Reply")
        )
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 8)
        outer.setSpacing(6)
        top = QHBoxLayout()
        self.who = QLabel(
            QCoreApplication.translate("messages", "You")
            if role == "user"
            else QCoreApplication.translate("messages", "Assistant")
        )
        self.who.setObjectName("messageRole")
        top.addWidget(self.who, 1)
        self.version_ids: tuple[str, ...] = ()
        self.version_index = 0
        # SVG arrows (issue 16), not "◀ ▶" characters a font may draw as emoji
        self.previous_button = QPushButton()
        self.previous_button.setObjectName("messageAction")
        self.previous_button.setAccessibleName(
            QCoreApplication.translate("messages", "Previous version (Alt+Left)")
        )
        self.previous_button.setToolTip(
            QCoreApplication.translate("messages", "Previous version (Alt+Left)")
        )
        self.previous_button.clicked.connect(self._emitter("previous version"))
        self.version_label = QLabel()
        self.version_label.setObjectName("versionLabel")
        self.next_button = QPushButton()
        self.next_button.setObjectName("messageAction")
        self.next_button.setAccessibleName(
            QCoreApplication.translate("messages", "Next version (Alt+Right)")
        )
        self.next_button.setToolTip(
            QCoreApplication.translate("messages", "Next version (Alt+Right)")
        )
        self.next_button.clicked.connect(self._emitter("next version"))
        self._draw_arrows()
        for widget in (self.previous_button, self.version_label, self.next_button):
            widget.hide()
            top.addWidget(widget)
        for button in (self.previous_button, self.next_button):
            button.setAutoDefault(True)  # keyboard: Enter presses it, as Space does
        outer.addLayout(top)
        self.editor: QTextEdit | None = None  # while the reply is edited in place
        self.body = QVBoxLayout()
        self.body.setSpacing(6)
        outer.addLayout(self.body)
        self._segments: list[tuple[str, str, QWidget]] = []
        self.status_label = QLabel()
        self.status_label.setObjectName("messageStatus")
        self.status_label.setWordWrap(True)
        outer.addWidget(self.status_label)
        # layout (issue 16): the badge wraps on a line of its own and the buttons wrap
        # onto a second row when the window is narrow, so nothing is cut off at 800x600
        self.badge = QLabel()
        self.badge.setObjectName("badge")
        self.badge.setWordWrap(True)
        outer.addWidget(self.badge)
        footer = FlowLayout()
        self.buttons: dict[str, QPushButton] = {}
        self.expanded = False
        names = (
            ["show all", "copy", "edit"]
            if role == "user"
            else [
                "copy",
                "export",  # a save dialog (chat pane)
                "edit",
                "rewrite",
                "regenerate",
                "continue",
                "save edit",
                "cancel edit",
            ]
        )
        for name in names:
            button = QPushButton(QCoreApplication.translate("messages", BUTTON_WORDS[name]))
            button.setVisible(name not in ("show all", "save edit", "cancel edit"))
            button.setObjectName("messageAction")
            button.setAutoDefault(True)  # keyboard: Enter presses it, as Space does
            if name == "rewrite":
                menu = QMenu(button)
                for label, key in REWRITE_CHOICES:
                    chosen = menu.addAction(QCoreApplication.translate("messages", label))
                    chosen.triggered.connect(self._emitter(f"rewrite:{key}"))
                button.setMenu(menu)
                button.setToolTip(
                    QCoreApplication.translate(
                        "messages", "Rewrite the selected passage, or the whole reply"
                    )
                )
            else:
                button.clicked.connect(self._emitter(name))
            footer.addWidget(button)
            self.buttons[name] = button
        if "save edit" in self.buttons:
            self.buttons["save edit"].setText(
                QCoreApplication.translate("messages", "Save as a new version")
            )
            self.buttons["cancel edit"].setText(QCoreApplication.translate("messages", "Cancel"))
        outer.addLayout(footer)
        self._named_for: str | None = None  # what the accessible names were made for
        self.set_text(text)
        self.set_status(status, meta or {})

    # ---- keyboard and accessibility --------------------------------------------------------

    def describe(self) -> str:
        """Which message this is, for screen readers: "reply “Paris is the…”"."""
        words = " ".join(self.text[:200].split())  # (cheap while a reply streams)
        excerpt = words[:40].rstrip() + ("…" if len(words) > 40 else "")
        who = "your message" if self.role == "user" else "reply"
        return f"{who} “{excerpt}”" if excerpt else who

    def _name_controls(self) -> None:
        """Accessible names that say which message a control acts on; focus in reading
        order (versions, text, buttons)."""
        about = self.describe()
        if about == self._named_for:
            return
        self._named_for = about
        self.setAccessibleName(about[0].upper() + about[1:])
        for button in self.buttons.values():
            button.setAccessibleName(f"{button.text().rstrip('…')} — {about}")
        for button, what, key in (
            (self.previous_button, "Previous", "Left"),
            (self.next_button, "Next", "Right"),
        ):
            button.setAccessibleName(f"{what} version (Alt+{key}) — {about}")
        self._order_focus()

    def _order_focus(self) -> None:
        chain: list[QWidget] = [self.previous_button, self.next_button]
        for _kind, _lang, widget in self._segments:
            chain += (
                [widget.copy_button, widget.editor] if isinstance(widget, CodeBlock) else [widget]
            )
        if self.editor is not None:
            chain.append(self.editor)
        chain += list(self.buttons.values())
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def announce_finished(self) -> None:
        """Say once that the reply is done (and how it ended), politely."""
        note = status_note(self.status, self._meta)
        text = (
            QCoreApplication.translate("messages", "Reply finished. {note}")
            .format(note=note)
            .strip()
            if self.status != "error"
            else note
        )
        announce(self, text)
        self.announced.emit(text)

    def _draw_arrows(self) -> None:
        """The version arrows in the theme's link colour (again when the theme changes)."""
        colour = self.palette().color(QPalette.ColorRole.Link)
        self.previous_button.setIcon(icon("previous", colour))
        self.next_button.setIcon(icon("next", colour))

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._draw_arrows()

    def _emitter(self, name: str) -> Callable[[], None]:
        if name == "show all":
            return self.toggle_expanded
        return lambda: self.action.emit(name, self.message_id)

    def toggle_expanded(self) -> None:
        """A long message of the user's is shown shortened (laying out a pasted document
        costs tens of milliseconds on the GUI thread); this shows all of it, or less."""
        self.expanded = not self.expanded
        self.buttons["show all"].setText(
            QCoreApplication.translate("messages", "Show less")
            if self.expanded
            else QCoreApplication.translate("messages", "Show all")
        )
        self._named_for = None  # its accessible name follows its text
        self.set_text(self.text)

    def set_text(self, text: str) -> None:
        """Re-render; while streaming only the last segment changes, so only it is touched."""
        self.text = text
        if self.role == "user":
            shown = text
            if len(text) > COLLAPSE_AT and not self.expanded:
                cut = text.rfind(" ", 0, COLLAPSE_AT)
                shown = text[: cut if cut > 0 else COLLAPSE_AT].rstrip() + " …"
            self.buttons["show all"].setVisible(len(text) > COLLAPSE_AT)
            segments = [("text", "", shown)]
        else:
            segments = split_segments(text)
        same_shape = len(segments) >= len(self._segments) and all(
            kind == old_kind and lang == old_lang
            for (kind, lang, _), (old_kind, old_lang, _w) in zip(
                segments, self._segments, strict=False
            )
        )
        if not same_shape:
            for _kind, _lang, widget in self._segments:
                widget.deleteLater()
            self._segments = []
        start = max(0, len(self._segments) - 1)
        for index in range(start, len(segments)):
            kind, lang, content = segments[index]
            if index < len(self._segments):
                widget = self._segments[index][2]
                if isinstance(widget, CodeBlock):
                    widget.set_code(content)
                elif isinstance(widget, QLabel):
                    _set_label_text(widget, content)
                continue
            widget = (
                CodeBlock(lang, content)
                if kind == "code"
                else _text_label(content, markdown=self.role != "user")
            )
            if isinstance(widget, QLabel):
                widget.linkActivated.connect(self.link_clicked)
            self.body.addWidget(widget)
            self._segments.append((kind, lang, widget))
            self._named_for = None  # a new part: put it in the focus order
        self._name_controls()

    def append(self, piece: str) -> None:
        self.set_text(self.text + piece)

    # ---- versions ------------------------------------------------------------------------

    def set_versions(self, ids: tuple[str, ...], index: int) -> None:
        """◀ index+1/len ▶ (hidden for a message with one version)."""
        self.version_ids, self.version_index = ids, index
        several = len(ids) > 1
        self.version_label.setText(f"{index + 1}/{len(ids)}")
        self.version_label.setAccessibleName(
            QCoreApplication.translate("messages", "Version {index} of {count}").format(
                index=index + 1, count=len(ids)
            )
        )
        for widget in (self.previous_button, self.version_label, self.next_button):
            widget.setVisible(several)
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index + 1 < len(ids))

    def version_step(self, step: int) -> str | None:
        """The id of the version ``step`` away (-1: previous), or None at either end."""
        target = self.version_index + step
        if len(self.version_ids) > 1 and 0 <= target < len(self.version_ids):
            return self.version_ids[target]
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and event.key() == Qt.Key.Key_Left and self.version_step(-1):
            self.action.emit("previous version", self.message_id)
            return
        if alt and event.key() == Qt.Key.Key_Right and self.version_step(1):
            self.action.emit("next version", self.message_id)
            return
        super().keyPressEvent(event)

    # ---- selection and editing in place --------------------------------------------------

    def selected_text(self) -> str:
        """The text selected in the message (labels or code blocks), or ""."""
        for _kind, _lang, widget in self._segments:
            if isinstance(widget, QLabel) and widget.hasSelectedText():
                return widget.selectedText()
            if isinstance(widget, CodeBlock):
                chosen = widget.editor.textCursor().selectedText()
                if chosen:
                    return chosen.replace("\u2029", "\n")
        return ""

    def start_editing(self) -> None:
        """Show the reply in a rich editor (its Markdown: headings, lists, emphasis, code
        and tables kept) with Save as a new version / Cancel."""
        if self.editor is not None or self.role == "user":
            return
        editor = QTextEdit()
        editor.setAccessibleName(QCoreApplication.translate("messages", "Edit the reply"))
        editor.setAcceptRichText(True)
        editor.setMarkdown(self.text)
        editor.document().setModified(False)
        editor.setMinimumHeight(160)
        self.editor = editor
        self.body.addWidget(editor)
        for _kind, _lang, widget in self._segments:
            widget.hide()
        for name, button in self.buttons.items():
            button.setVisible(name in ("save edit", "cancel edit"))
        editor.setFocus()

    def edited_markdown(self) -> str | None:
        """The edited reply as Markdown, or None if nothing was changed."""
        if self.editor is None or not self.editor.document().isModified():
            return None
        return self.editor.toMarkdown(QTextDocument.MarkdownFeature.MarkdownDialectGitHub).strip()

    def stop_editing(self) -> None:
        if self.editor is None:
            return
        self.editor.hide()
        self.body.removeWidget(self.editor)
        self.editor.deleteLater()
        self.editor = None
        for _kind, _lang, widget in self._segments:
            widget.show()
        for name, button in self.buttons.items():
            button.setVisible(name not in ("show all", "save edit", "cancel edit"))
        self.set_status(self.status, self._meta)

    def set_status(self, status: str, meta: dict[str, Any]) -> None:
        self.status = status
        self._meta = meta
        note = status_note(status, meta)
        self.status_label.setText(note)
        self.status_label.setVisible(bool(note))
        badge, tooltip = badge_text(meta)
        self.badge.setText(badge)
        self.badge.setVisible(bool(badge))
        self.badge.setToolTip(tooltip)
        self._show_sources(meta)  # issue 17
        if "continue" in self.buttons and self.editor is None:
            self.buttons["continue"].setVisible(can_continue(status, meta))
        for name, button in self.buttons.items():
            if name != "continue":
                button.setEnabled(status != "streaming")
        self._show_failed_empty()

    # ---- chat with documents (issue 17): the reply's sources, above its badge ------------

    def _show_sources(self, meta: dict[str, Any]) -> None:
        box = getattr(self, "sources", None)
        if box is None and not meta.get("citations"):
            return
        if box is None:
            from agentic_desk.ui.library.chat import SourcesBox

            box = self.sources = SourcesBox(self)
            box.opened.connect(self.source_opened)
            outer = self.layout()
            assert isinstance(outer, QVBoxLayout)
            outer.insertWidget(outer.indexOf(self.badge), box)
        box.set_meta(meta)

    # ---- end of the reply's sources --------------------------------------------------------

    # ---- a reply that failed before writing anything (issue 16) --------------------------

    @property
    def failed_empty(self) -> bool:
        """A reply that failed before its first word: shown as "No reply" with the reason
        and Try again (Regenerate), never as an empty bubble."""
        return (
            self.role == "assistant"
            and self.status in ("error", "interrupted")
            and not self.text.strip()
        )

    def _show_failed_empty(self) -> None:
        if self.role != "assistant" or self.editor is not None:
            return
        failed = self.failed_empty
        self.setProperty("failed", failed)
        self.who.setText(
            QCoreApplication.translate("messages", "No reply")
            if failed
            else QCoreApplication.translate("messages", "Assistant")
        )
        for _kind, _lang, widget in self._segments:
            widget.setVisible(not failed)
        regenerate = self.buttons["regenerate"]
        regenerate.setText(
            QCoreApplication.translate("messages", "Try again")
            if failed
            else QCoreApplication.translate("messages", "Regenerate")
        )
        self._named_for = None  # the button's accessible name follows its text and message
        self._name_controls()
        for name, button in self.buttons.items():
            if name in ("save edit", "cancel edit") or (name == "continue" and not failed):
                continue
            button.setVisible(name == "regenerate" or not failed)
        if failed and not self.status_label.text():
            self.status_label.setText(
                QCoreApplication.translate("messages", "The reply failed before it began.")
            )
            self.status_label.show()

    # ---- end of a failed reply -----------------------------------------------------------
