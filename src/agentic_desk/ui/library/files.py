"""Choosing documents to add (issue 17): an open dialog that starts in the Documents folder
and offers the formats a library reads. :meth:`DocumentChooser.run` (show the dialog, say
whether it was accepted) is the seam tests replace, filling in the real dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from agentic_desk.core.library.parsing import SUFFIXES
from agentic_desk.ui.export_dialog import documents_folder


def documents_filter() -> str:
    """``Documents (*.txt *.md *.docx *.pdf *.odt *.html *.htm)``."""
    patterns = " ".join(f"*{suffix}" for suffix in SUFFIXES)
    return QCoreApplication.translate("library", "Documents ({patterns})").format(patterns=patterns)


class DocumentChooser:
    """Asks which files (or which folder) to add. Tests replace :meth:`run`."""

    def __init__(self) -> None:
        self.last_dialog: QFileDialog | None = None  # the dialog last asked (for tests)

    def make_dialog(self, parent: QWidget | None, *, folder: bool) -> QFileDialog:
        caption = (
            QCoreApplication.translate("library", "Add a folder of documents")
            if folder
            else QCoreApplication.translate("library", "Add documents")
        )
        dialog = QFileDialog(parent, caption)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setDirectory(str(documents_folder()))
        if folder:
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
            dialog.setNameFilters(
                [documents_filter(), QCoreApplication.translate("library", "All files (*)")]
            )
            dialog.selectNameFilter(documents_filter())
        return dialog

    def run(self, dialog: QFileDialog) -> bool:
        """Show the dialog; True when something was chosen."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def choose(
        self, parent: QWidget | None, *, folder: bool = False, single: bool = False
    ) -> list[Path]:
        """The files (or the folder) chosen; empty when the dialog was cancelled."""
        dialog = self.make_dialog(parent, folder=folder)
        if single:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.last_dialog = dialog
        try:
            if not self.run(dialog):
                return []
            return [Path(p) for p in dialog.selectedFiles()]
        finally:
            dialog.deleteLater()


__all__ = ["DocumentChooser", "documents_filter"]
