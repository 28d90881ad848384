"""Documents in a conversation (issue 17): which libraries it uses, and a reply's sources.

* :class:`LibraryPicker` sits in the chat pane's header: a button whose menu ticks the
  libraries this conversation uses (stored with ``ConversationStore.set_libraries``; the
  core's chat turn then puts their best passages in the prompt), *Attach a file…* (the
  file goes into a library of its own, made for this conversation and ticked), and
  *Manage documents…* (the Documents page). A library whose files hold sensitive data
  raises the conversation to private (high) as soon as it is picked (as the turn would
  before routing), and the button says so.
* :class:`SourcesBox` goes under a reply whose meta has ``citations``: each source (file,
  page or heading, the start of the quoted passage) is a button that opens
  :class:`PassageDialog` (the whole passage, and *Open file*, which opens the file with
  the system's viewer), and a line says how many passages went into the prompt and how
  much of the room kept for them they took.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.conversations.sticky import Raised
from agentic_desk.core.library.privacy import describe_findings, raise_for_libraries
from agentic_desk.ui.i18n import format_int
from agentic_desk.ui.icons import set_mark
from agentic_desk.ui.library.files import DocumentChooser
from agentic_desk.ui.library.hub import LibraryHub, LibraryRow

EXCERPT_CHARS = 90  # a source's button shows this much of its passage


class LibraryPicker(QPushButton):
    """The conversation's libraries (see the module docs).

    Signals:
        manage_requested(): *Manage documents…* (show the Documents page)
        privacy_raised(object raised): picking a library with findings raised the
            conversation (a :class:`Raised`; the chat pane shows the level and says why)
        libraries_saved(str conversation_id, object names): the choice is stored
        failed(object error): a known error, for the chat pane's banner
    """

    manage_requested = Signal()
    privacy_raised = Signal(object)
    libraries_saved = Signal(str, object)
    failed = Signal(object)

    def __init__(self, store: ConversationStore, hub: LibraryHub, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("libraryPicker")
        self.store = store
        self.hub = hub
        self.conversation_id: str | None = None
        self.chosen: list[str] = []  # library ids this conversation uses
        self.rows: list[LibraryRow] = list(hub.rows)
        self.chooser = DocumentChooser()  # Attach a file… (a test seam)
        self.menu_ = QMenu(self)
        self.menu_.aboutToShow.connect(self._fill_menu)
        self.setMenu(self.menu_)
        hub.changed.connect(self._on_rows)
        self._show()

    # ---- what is shown -----------------------------------------------------------------------

    def _names(self) -> list[str]:
        by_id = {row.library.id: row.name for row in self.rows}
        return [by_id[i] for i in self.chosen if i in by_id]

    def _show(self) -> None:
        names = self._names()
        if not names:
            text = QCoreApplication.translate("library", "Documents: none")
        elif len(names) == 1:
            text = QCoreApplication.translate("library", "Documents: {name}").format(name=names[0])
        else:
            text = QCoreApplication.translate("library", "Documents: {n} libraries").format(
                n=len(names)
            )
        self.setText(text)
        self.setAccessibleName(
            QCoreApplication.translate(
                "library", "Documents this conversation uses: {names}"
            ).format(names=", ".join(names) or QCoreApplication.translate("library", "none"))
        )
        private = self.findings()
        tip = QCoreApplication.translate(
            "library", "Choose the libraries this conversation answers from, or attach a file."
        )
        if private:
            tip += "\n" + QCoreApplication.translate(
                "library",
                "Sensitive data in {files}: this conversation stays on this computer "
                "(private, high).",
            ).format(files=", ".join(sorted(private)))
        self.setToolTip(tip)
        self.setProperty("sensitive", bool(private))

    def findings(self) -> dict[str, dict[str, int]]:
        """The chosen libraries' files with findings (``{file: {kind: count}}``)."""
        chosen = set(self.chosen)
        return {
            f.name: dict(f.findings)
            for row in self.rows
            if row.library.id in chosen
            for f in row.files
            if f.findings
        }

    @Slot(object)
    def _on_rows(self, rows: list[LibraryRow]) -> None:
        before = self.findings()
        self.rows = list(rows)
        self._show()
        found = self.findings()
        if found and found != before:  # a chosen library's file was just indexed with some
            self._raise(found)

    def _raise(self, findings: dict[str, dict[str, int]]) -> None:
        conversation_id = self.conversation_id
        if conversation_id is None:
            return

        def raised(result: Raised | None) -> None:
            if result is not None:
                self.privacy_raised.emit(result)

        self.hub.jobs.call(
            raise_for_libraries,
            self.store,
            conversation_id,
            findings,
            owner=self,
            done=raised,
            failed=self.failed.emit,
        )

    @Slot()
    def _fill_menu(self) -> None:
        menu = self.menu_
        menu.clear()
        chosen = set(self.chosen)
        if not self.rows:
            empty = menu.addAction(QCoreApplication.translate("library", "No libraries yet"))
            empty.setEnabled(False)
        for row in self.rows:
            words = row.name
            if row.with_findings:
                words = QCoreApplication.translate(
                    "library", "{name} (sensitive data: stays local)"
                ).format(name=row.name)
            action = menu.addAction(words)
            action.setCheckable(True)
            action.setChecked(row.library.id in chosen)
            action.setData(row.library.id)
            action.toggled.connect(
                lambda on, library_id=row.library.id: self.choose(library_id, on)
            )
        menu.addSeparator()
        attach = menu.addAction(QCoreApplication.translate("library", "Attach a file…"))
        attach.triggered.connect(self.attach_file)
        manage = menu.addAction(QCoreApplication.translate("library", "Manage documents…"))
        manage.triggered.connect(self.manage_requested)

    def actions_shown(self) -> list[QAction]:
        """The menu's entries as they would be shown now (for tests and screen readers)."""
        self._fill_menu()
        return list(self.menu_.actions())

    # ---- the conversation --------------------------------------------------------------------

    def show_conversation(self, conversation_id: str | None) -> None:
        """Read which libraries ``conversation_id`` uses (worker thread)."""
        self.conversation_id = conversation_id
        self.chosen = []
        self._show()
        if conversation_id is None:
            return

        def shown(ids: list[str]) -> None:
            if conversation_id == self.conversation_id:
                self.chosen = ids
                self._show()

        self.hub.jobs.call(
            self.store.libraries_of,
            conversation_id,
            owner=self,
            done=shown,
            failed=self.failed.emit,
        )

    def choose(self, library_id: str, on: bool) -> None:
        chosen = [i for i in self.chosen if i != library_id] + ([library_id] if on else [])
        self.set_libraries(chosen)

    def set_libraries(self, library_ids: Sequence[str]) -> None:
        """Store the conversation's libraries; raise its privacy for their findings."""
        conversation_id = self.conversation_id
        if conversation_id is None:
            return
        self.chosen = list(dict.fromkeys(library_ids))
        self._show()
        findings = self.findings()
        names = self._names()

        chosen = list(self.chosen)

        def save() -> Raised | None:
            self.store.set_libraries(conversation_id, chosen)
            return raise_for_libraries(self.store, conversation_id, findings)

        def saved(raised: Raised | None) -> None:
            self.libraries_saved.emit(conversation_id, names)
            if raised is not None:
                self.privacy_raised.emit(raised)

        self.hub.jobs.call(save, owner=self, done=saved, failed=self.failed.emit)

    @Slot()
    def attach_file(self) -> None:
        """A file for this conversation only: a library of its own, ticked here."""
        if self.conversation_id is None:
            return
        chosen = self.chooser.choose(self, single=True)
        if chosen:
            self.attach(chosen[0])

    def attach(self, path: Path) -> None:
        conversation_id = self.conversation_id
        if conversation_id is None:
            return
        taken = {row.name for row in self.rows}
        base = QCoreApplication.translate("library", "{file} (attached)").format(file=path.name)
        name, n = base, 2
        while name in taken:
            name, n = f"{base} {n}", n + 1

        def made(library: Any) -> None:
            if conversation_id == self.conversation_id:
                self.set_libraries([*self.chosen, library.id])
            else:
                self.hub.call(self.store.set_libraries, conversation_id, [library.id])
            self.hub.add(name, [path])

        self.hub.create(name, then=made)


# ---- a reply's sources ------------------------------------------------------------------------


def where_text(citation: Mapping[str, Any]) -> str:
    """``report.pdf, page 3`` or ``notes.md, Medication > Dosage``."""
    parts = [str(citation.get("file") or "")]
    if citation.get("page") is not None:
        parts.append(
            QCoreApplication.translate("library", "page {page}").format(page=citation["page"])
        )
    if citation.get("heading"):
        parts.append(str(citation["heading"]))
    return ", ".join(p for p in parts if p)


def passage_body(citation: Mapping[str, Any]) -> str:
    """The passage without its heading line when the source already names that heading."""
    text = str(citation.get("text", ""))
    heading = str(citation.get("heading") or "").split(" > ")[-1].strip()
    first, _, rest = text.lstrip().partition("\n")
    if heading and first.lstrip("# ").strip() == heading and rest.strip():
        return rest
    return text


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a passage on one line (a Markdown heading's marks left out)."""
    words = " ".join(text.lstrip("# ").split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def context_line(meta: Mapping[str, Any]) -> str:
    """How many passages went into the prompt and how much of the context they took
    (``meta["library_context"]``: passages, tokens, budget_tokens, as the core records)."""
    used = meta.get("library_context") or {}
    passages = int(used.get("passages", len(meta.get("citations") or ())))
    tokens = int(used.get("tokens", 0))
    budget = int(used.get("budget_tokens", 0))
    line = QCoreApplication.translate(
        "library", "{n} passages from your documents were put into the prompt"
    ).format(n=passages)
    if tokens:
        line += QCoreApplication.translate("library", ": {tokens} tokens").format(
            tokens=format_int(tokens)
        )
        if budget:
            line += QCoreApplication.translate(
                "library", " ({share}% of the {budget} the model's context had room for)"
            ).format(share=round(100 * tokens / budget), budget=format_int(budget))
    return line + "."


class SourcesBox(QFrame):
    """A reply's sources (see the module docs). Signals: ``opened(object citation)``."""

    opened = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sources")
        self.citations: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        self.heading = QLabel(QCoreApplication.translate("library", "Sources"))
        self.heading.setObjectName("messageRole")
        layout.addWidget(self.heading)
        self.links: list[QLabel] = []  # one per source: its place is a link
        self.list_layout = QVBoxLayout()
        self.list_layout.setSpacing(2)
        layout.addLayout(self.list_layout)
        self.context = QLabel()
        self.context.setObjectName("badge")
        self.context.setWordWrap(True)
        layout.addWidget(self.context)

    def set_meta(self, meta: Mapping[str, Any]) -> None:
        citations = [dict(c) for c in meta.get("citations") or () if isinstance(c, Mapping)]
        self.context.setText(context_line(meta) if citations else "")
        if citations == self.citations and self.links:
            return
        self.citations = citations
        for link in self.links:
            link.hide()
            link.deleteLater()
        self.links = []
        for index, citation in enumerate(citations):
            n = citation.get("n", index + 1)
            where = html.escape(where_text(citation))
            quoted = html.escape(excerpt(passage_body(citation)))
            link = QLabel(f'<a href="{index}">[{n}] {where}</a> — “{quoted}”')
            link.setObjectName("sourceLink")
            link.setWordWrap(True)
            link.setTextFormat(Qt.TextFormat.RichText)
            link.setTextInteractionFlags(
                Qt.TextInteractionFlag.LinksAccessibleByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            )
            link.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # keyboard: Tab, then Enter
            link.setToolTip(QCoreApplication.translate("library", "Show the passage"))
            link.setAccessibleName(
                QCoreApplication.translate("library", "Source {n}: {where}").format(
                    n=n, where=where_text(citation)
                )
            )
            link.linkActivated.connect(self._on_link)
            self.list_layout.addWidget(link)
            self.links.append(link)
        self.setVisible(bool(citations))

    @Slot(str)
    def _on_link(self, href: str) -> None:
        if href.isdigit() and int(href) < len(self.citations):
            self.open(int(href))

    def open(self, index: int) -> None:
        """Show source ``index`` (0-based), as clicking it does."""
        self.opened.emit(self.citations[index])


class PassageDialog(QDialog):
    """One source: where it is, the whole passage, and *Open file* (the system's viewer,
    through ``open_url``: :meth:`QDesktopServices.openUrl` unless a test gives its own)."""

    def __init__(
        self,
        citation: Mapping[str, Any],
        parent: QWidget | None = None,
        *,
        open_url: Callable[[QUrl], object] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passageDialog")
        self.citation = dict(citation)
        self.open_url = open_url
        self.setWindowTitle(
            QCoreApplication.translate("library", "Source: {file}").format(
                file=citation.get("file", "")
            )
        )
        layout = QVBoxLayout(self)
        where = QLabel(where_text(citation))
        where.setObjectName("cardTitle")
        where.setWordWrap(True)
        layout.addWidget(where)
        library = citation.get("library")
        if library:
            from_library = QLabel(
                QCoreApplication.translate("library", "From the library “{name}”").format(
                    name=library
                )
            )
            from_library.setObjectName("muted")
            from_library.setWordWrap(True)
            layout.addWidget(from_library)
        self.passage = QPlainTextEdit(str(citation.get("text", "")))
        self.passage.setReadOnly(True)
        self.passage.setAccessibleName(QCoreApplication.translate("library", "The passage"))
        layout.addWidget(self.passage, 1)
        self.path_label = QLabel(str(citation.get("path", "")))
        self.path_label.setObjectName("muted")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.path_label)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.hide()
        layout.addWidget(self.missing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton(
            QCoreApplication.translate("library", "Open file"),
            QDialogButtonBox.ButtonRole.ActionRole,
        )
        self.open_button.clicked.connect(self.open_file)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 420)

    @Slot()
    def open_file(self) -> None:
        path = Path(str(self.citation.get("path", "")))
        if not path.is_file():
            self.missing.setText(
                QCoreApplication.translate(
                    "library", "{file} is no longer there. It may have been moved or deleted."
                ).format(file=path)
            )
            set_mark(self.missing, "warning")
            self.missing.show()
            return
        self.open_url(QUrl.fromLocalFile(str(path)))


def findings_words(findings: Mapping[str, Mapping[str, int]]) -> str:
    """``notes.md: e-mail address (2)`` per file, for a notice."""
    return "; ".join(f"{name}: {describe_findings(kinds)}" for name, kinds in findings.items())


__all__ = [
    "LibraryPicker",
    "PassageDialog",
    "SourcesBox",
    "context_line",
    "where_text",
]
