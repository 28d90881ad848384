"""Where an export goes, and a reply onto the clipboard.

:class:`ExportFileChooser` asks with a save dialog that starts in the user's Documents
folder, filters by format (Word, OpenDocument, PDF, Markdown, JSON), and adds the
format's suffix when the name has none. Its :meth:`~ExportFileChooser.run` (show the
dialog, say whether it was accepted) is the one seam tests replace: they fill in the
real, configured dialog instead of a person. The export itself is the core's
(:mod:`agentic_desk.core.documents`).

:func:`copy_message` puts a message on the clipboard as rich text (HTML made from its
Markdown, raw HTML escaped) and as Markdown (``text/plain`` and ``text/markdown``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMimeData, QStandardPaths, QStringListModel
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from agentic_desk.core.documents import FORMATS, format_of_path, markdown_to_html
from agentic_desk.core.i18n import t

ALL_FORMATS = ("docx", "odt", "pdf", "md", "json")
MESSAGE_FORMATS = ("docx", "odt", "pdf", "md")  # JSON is a whole conversation's


@dataclass(frozen=True)
class ExportChoice:
    path: Path
    key: str  # the format: docx, odt, pdf, md or json


def name_filter(key: str) -> str:
    fmt = FORMATS[key]
    return f"{t(fmt.label)} (*{fmt.suffix})"  # the label is the core's, in its language


def documents_folder() -> Path:
    """The user's Documents folder (the home folder where there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def safe_file_name(title: str, fallback: str = "conversation") -> str:
    """A title as a file name: no path separators or characters Windows refuses."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).strip(" .")
    return " ".join(name.split())[:80] or fallback


def resolve_choice(chosen: str, selected_filter: str, keys: Sequence[str]) -> ExportChoice:
    """The file and format from what was chosen in the dialog: a name ending in one of the
    offered suffixes keeps it (and its format); any other name gets the selected filter's
    suffix added."""
    path = Path(chosen)
    typed = format_of_path(path)
    if typed is not None and typed.key in keys:
        return ExportChoice(path, typed.key)
    key = next((k for k in keys if name_filter(k) == selected_filter), keys[0])
    return ExportChoice(path.with_name(path.name + FORMATS[key].suffix), key)


class ExportFileChooser:
    """Asks where to save an export. Tests replace :meth:`run`."""

    def __init__(self) -> None:
        self.last_dialog: QFileDialog | None = None  # the dialog last asked (for tests)

    def make_dialog(
        self, parent: QWidget | None, caption: str, base_name: str, keys: Sequence[str]
    ) -> QFileDialog:
        dialog = QFileDialog(parent, caption)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDirectory(str(documents_folder()))
        dialog.setNameFilters([name_filter(key) for key in keys])
        dialog.selectNameFilter(name_filter(keys[0]))
        dialog.selectFile(safe_file_name(base_name))
        return dialog

    def run(self, dialog: QFileDialog) -> bool:
        """Show the dialog; True when a file was chosen."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def choose(
        self, parent: QWidget | None, caption: str, base_name: str, keys: Sequence[str]
    ) -> ExportChoice | None:
        """The file and format chosen, or None when the dialog was cancelled."""
        dialog = self.make_dialog(parent, caption, base_name, keys)
        self.last_dialog = dialog
        try:
            if not self.run(dialog):
                return None
            files = dialog.selectedFiles()
            if not files:
                return None
            return resolve_choice(files[0], dialog.selectedNameFilter(), keys)
        finally:
            dialog.deleteLater()


def _mime_data_made_by_qt() -> QMimeData:
    """An empty QMimeData created by Qt's C++, not by Python. The clipboard keeps what it is
    given until the application object is destroyed, after Python has shut down; a
    QMimeData made in Python calls back into Python when deleted, and the process then
    crashes on exit (PySide6 6.11: a segmentation fault after any rich copy). An item
    model's ``mimeData`` is one that C++ makes."""
    model = QStringListModel([""])
    mime = model.mimeData([model.index(0)])
    for name in mime.formats():
        mime.removeFormat(name)
    return mime


def copy_message(text: str, *, markdown: bool = True) -> None:
    """Put a message on the clipboard: rich text and its Markdown. ``markdown`` False: the
    text is plain (a message of the user's), shown as typed in the rich version too."""
    mime = _mime_data_made_by_qt()
    if markdown:
        rich = markdown_to_html(text)
    else:
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        rich = "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)
    mime.setHtml(rich)
    mime.setText(text)
    mime.setData("text/markdown", text.encode("utf-8"))
    QGuiApplication.clipboard().setMimeData(mime)  # the clipboard owns it now


__all__ = [
    "ALL_FORMATS",
    "MESSAGE_FORMATS",
    "ExportChoice",
    "ExportFileChooser",
    "copy_message",
    "documents_folder",
    "name_filter",
    "resolve_choice",
    "safe_file_name",
]
