"""Every keyboard shortcut of the window, defined once: the main window binds the
"Window" ones from :data:`SHORTCUTS` (menus and :class:`~PySide6.QtGui.QShortcut`), the
widgets handle the others themselves, and Help → Keyboard shortcuts
(:class:`ShortcutsDialog`) lists this same table, so the list cannot drift from what the
window does."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.ui.i18n import QT_TRANSLATE_NOOP

WINDOW = QT_TRANSLATE_NOOP("shortcuts", "Anywhere in the window")


@dataclass(frozen=True)
class Shortcut:
    """One shortcut: its keys (Qt's portable text, e.g. "Ctrl+Shift+N"; several keys do
    the same), what it does, and where it works. ``name`` is how the code refers to it."""

    name: str
    keys: tuple[str, ...]
    action: str
    where: str = WINDOW

    @property
    def sequences(self) -> list[QKeySequence]:
        return [QKeySequence(k) for k in self.keys]

    def shown_keys(self) -> str:
        """The keys as the user's platform writes them (e.g. "Ctrl+/ or F1")."""
        return QCoreApplication.translate("shortcuts", " or ").join(
            QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) or k for k in self.keys
        )


SHORTCUTS: tuple[Shortcut, ...] = (
    # -- bound by the main window (menus and window shortcuts) --
    Shortcut("new chat", ("Ctrl+N",), QT_TRANSLATE_NOOP("shortcuts", "Start a new chat")),
    Shortcut(
        "new from template",
        ("Ctrl+Shift+N",),
        QT_TRANSLATE_NOOP("shortcuts", "New chat from a template"),
    ),
    Shortcut(
        "export",
        ("Ctrl+Shift+E",),
        QT_TRANSLATE_NOOP("shortcuts", "Export the conversation on screen"),
    ),
    Shortcut("quit", ("Ctrl+Q",), QT_TRANSLATE_NOOP("shortcuts", "Quit Agentic Desk")),
    Shortcut(
        "undo delete",
        ("Ctrl+Z",),
        QT_TRANSLATE_NOOP(
            "shortcuts", "Undo deleting a conversation (in a text box: first undoes its own typing)"
        ),
    ),
    Shortcut("search", ("Ctrl+F",), QT_TRANSLATE_NOOP("shortcuts", "Search all conversations")),
    Shortcut("settings", ("Ctrl+,",), QT_TRANSLATE_NOOP("shortcuts", "Open Settings")),
    Shortcut(
        "documents",
        ("Ctrl+Shift+D",),
        QT_TRANSLATE_NOOP("shortcuts", "Open Documents (libraries of your files to chat with)"),
    ),
    Shortcut(
        "shortcuts",
        ("F1", "Ctrl+/"),
        QT_TRANSLATE_NOOP("shortcuts", "Show this list of keyboard shortcuts"),
    ),
    Shortcut(
        "conversation list",
        ("Ctrl+B",),
        QT_TRANSLATE_NOOP("shortcuts", "Fold the conversation list away, or back"),
    ),
    # -- handled by the widgets themselves --
    Shortcut(
        "next control",
        ("Tab",),
        QT_TRANSLATE_NOOP("shortcuts", "Move to the next control"),
        QT_TRANSLATE_NOOP("shortcuts", "Anywhere"),
    ),
    Shortcut(
        "previous control",
        ("Shift+Tab",),
        QT_TRANSLATE_NOOP("shortcuts", "Move to the previous control"),
        QT_TRANSLATE_NOOP("shortcuts", "Anywhere"),
    ),
    Shortcut(
        "press",
        ("Space", "Enter"),
        QT_TRANSLATE_NOOP("shortcuts", "Press the focused button"),
        QT_TRANSLATE_NOOP("shortcuts", "A button"),
    ),
    Shortcut(
        "send",
        ("Enter",),
        QT_TRANSLATE_NOOP("shortcuts", "Send the message"),
        QT_TRANSLATE_NOOP("shortcuts", "Message box"),
    ),
    Shortcut(
        "new line",
        ("Shift+Enter",),
        QT_TRANSLATE_NOOP("shortcuts", "Start a new line"),
        QT_TRANSLATE_NOOP("shortcuts", "Message box"),
    ),
    Shortcut(
        "tab character",
        ("Ctrl+Tab",),
        QT_TRANSLATE_NOOP("shortcuts", "Type a tab character"),
        QT_TRANSLATE_NOOP("shortcuts", "Message box"),
    ),
    Shortcut(
        "stop",
        ("Esc",),
        QT_TRANSLATE_NOOP("shortcuts", "Stop the reply (while editing a message: cancel the edit)"),
        QT_TRANSLATE_NOOP("shortcuts", "Message box"),
    ),
    Shortcut(
        "previous version",
        ("Alt+Left",),
        QT_TRANSLATE_NOOP("shortcuts", "Show the previous version"),
        QT_TRANSLATE_NOOP("shortcuts", "A message"),
    ),
    Shortcut(
        "next version",
        ("Alt+Right",),
        QT_TRANSLATE_NOOP("shortcuts", "Show the next version"),
        QT_TRANSLATE_NOOP("shortcuts", "A message"),
    ),
    Shortcut(
        "to results",
        ("Down",),
        QT_TRANSLATE_NOOP("shortcuts", "Move into the results"),
        QT_TRANSLATE_NOOP("shortcuts", "Search box"),
    ),
    Shortcut(
        "open result",
        ("Enter",),
        QT_TRANSLATE_NOOP("shortcuts", "Open the selected conversation"),
        QT_TRANSLATE_NOOP("shortcuts", "Search box, list"),
    ),
    Shortcut(
        "clear search",
        ("Esc",),
        QT_TRANSLATE_NOOP("shortcuts", "Clear the search; pressed again: back to the message box"),
        QT_TRANSLATE_NOOP("shortcuts", "Search box"),
    ),
)


def shortcut(name: str) -> Shortcut:
    for item in SHORTCUTS:
        if item.name == name:
            return item
    raise KeyError(name)


def window_shortcuts() -> list[Shortcut]:
    """The shortcuts the main window binds (the others are the widgets' own keys)."""
    return [s for s in SHORTCUTS if s.where == WINDOW]


class ShortcutsDialog(QDialog):
    """Help → Keyboard shortcuts: a table of :data:`SHORTCUTS` (keys, what, where)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("shortcuts", "Keyboard shortcuts"))
        self.setAccessibleName(QCoreApplication.translate("shortcuts", "Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            QCoreApplication.translate(
                "shortcuts",
                "Everything in Agentic Desk can be done with the keyboard. Tab and Shift+Tab "
                "move between controls, Space or Enter presses the focused one.",
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(SHORTCUTS), 3)
        self.table.setAccessibleName(QCoreApplication.translate("shortcuts", "Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("shortcuts", "Keys"),
                QCoreApplication.translate("shortcuts", "What it does"),
                QCoreApplication.translate("shortcuts", "Where"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        for row, item in enumerate(SHORTCUTS):
            words = (
                item.shown_keys(),
                QCoreApplication.translate("shortcuts", item.action),
                QCoreApplication.translate("shortcuts", item.where),
            )
            for column, text in enumerate(words):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.name)
                self.table.setItem(row, column, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def rows(self) -> list[tuple[str, str, str]]:
        """What the table shows: (keys, what it does, where) per row."""
        out: list[tuple[str, str, str]] = []
        for row in range(self.table.rowCount()):
            keys, what, where = (self.table.item(row, c) for c in range(3))
            assert keys is not None and what is not None and where is not None
            out.append((keys.text(), what.text(), where.text()))
        return out


__all__ = ["SHORTCUTS", "Shortcut", "ShortcutsDialog", "shortcut", "window_shortcuts"]
