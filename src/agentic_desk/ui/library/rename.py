"""Renaming a library in the Documents page (issue 17): :class:`RenameLibraryDialog` (the
new name, checked as it is typed with the core's own rule,
:func:`~agentic_desk.core.library.store.name_problem`) and :func:`install`, which gives the
page its *Rename…* button and the library list its context menu (*Rename…*, *Remove
library…*). Conversations that use the library keep using it: they refer to it by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPoint, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.library.store import check_name, name_problem

if TYPE_CHECKING:
    from agentic_desk.ui.library.hub import LibraryRow
    from agentic_desk.ui.library.view import DocumentsView


def _tr(text: str) -> str:
    return QCoreApplication.translate("library", text)


class RenameLibraryDialog(QDialog):
    """The library's new name; *Rename* is enabled only for a name that can be used, and
    what is wrong with one is said under the field as it is typed."""

    def __init__(self, current: str, names: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("renameLibraryDialog")
        self.setWindowTitle(_tr("Rename library"))
        self.current = current
        self.names = list(names)
        layout = QVBoxLayout(self)
        label = QLabel(_tr("A new name for “{name}”:").format(name=current))
        label.setWordWrap(True)
        layout.addWidget(label)
        self.field = QLineEdit(current)
        self.field.setAccessibleName(_tr("New name"))
        self.field.selectAll()
        label.setBuddy(self.field)
        layout.addWidget(self.field)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_tr("Rename"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._check)
        self._check(current)

    @Slot(str)
    def _check(self, text: str) -> None:
        problem = name_problem(text, self.names, current=self.current)
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        self.ok.setEnabled(not problem and self.new_name() != self.current)

    def new_name(self) -> str:
        """The name as it will be stored (spaces collapsed); "" when it cannot be used."""
        return "" if name_problem(self.field.text(), []) else check_name(self.field.text())


def ask_new_name(view: DocumentsView, row: LibraryRow) -> str | None:
    """The dialog, modal over the page; the new name, or None (cancelled)."""
    dialog = RenameLibraryDialog(row.name, [r.name for r in view.rows], view)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.new_name() if accepted else None


def rename_current(view: DocumentsView) -> None:
    """Ask for the chosen library's new name (``view.ask_new_name``, a test seam) and
    rename it off the GUI thread; the list shows it, still chosen."""
    row = view.current
    if row is None:
        return
    name = view.ask_new_name(row)
    if not name or name == row.name:
        return
    view.banner.hide()
    view._select_after = name
    view.hub.rename(row.name, name)


def install(view: DocumentsView) -> QPushButton:
    """The page's *Rename…* button (returned, for its row of buttons) and the library
    list's context menu."""
    button = QPushButton(_tr("Rename…"))
    button.setObjectName("renameLibraryButton")
    button.setAutoDefault(True)
    button.clicked.connect(lambda: rename_current(view))
    libraries = view.library_list
    libraries.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def menu_at(point: QPoint) -> None:
        item = libraries.itemAt(point)
        if item is None:
            return
        libraries.setCurrentItem(item)
        menu = library_menu(view)
        menu.exec(libraries.viewport().mapToGlobal(point))

    libraries.customContextMenuRequested.connect(menu_at)
    return button


def library_menu(view: DocumentsView) -> QMenu:
    """*Rename…* and *Remove library…* for the chosen library."""
    menu = QMenu(view)
    menu.setObjectName("libraryMenu")
    menu.addAction(_tr("Rename…"), lambda: rename_current(view))
    menu.addAction(_tr("Remove library…"), view.remove_library)
    return menu


__all__ = [
    "RenameLibraryDialog",
    "ask_new_name",
    "install",
    "library_menu",
    "rename_current",
]
