"""Start-up in a window: problems that stop the app from starting are said in a dialog,
never only on stderr (a desktop launch has no terminal).

* A damaged file the app can start without (:mod:`agentic_desk.core.startup`): a dialog
  says what is wrong and offers to keep the file aside and go on, or to quit
  (``agentic_desk.ui.app.open_window`` asks it).
* A known error that stops the start (an unwritable data folder, a database from a newer
  version): a dialog with the message and what to do, then the app exits.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.startup import StartupProblem


class StartupProblemDialog(QMessageBox):
    """What is wrong with a file the app needs, and the way out: keep it aside and go on
    (:attr:`keep_button`), or quit (:attr:`quit_button`)."""

    def __init__(self, problem: StartupProblem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problem = problem
        self.setObjectName("startupProblem")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(
            QCoreApplication.translate("startup", "Agentic Desk cannot start as it is")
        )
        self.setText(f"<b>{problem.title}.</b>")
        self.setInformativeText(f"{problem.error.message}\n\n{problem.way_out}")
        self.keep_button = self.addButton(problem.action, QMessageBox.ButtonRole.AcceptRole)
        self.quit_button = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.keep_button)

    def keep_aside_chosen(self) -> bool:
        return self.clickedButton() is self.keep_button


def ask_with_dialog(problem: StartupProblem) -> bool:
    """Show the problem's dialog and wait; True when the user chose to keep it aside."""
    dialog = StartupProblemDialog(problem)
    dialog.exec()
    return dialog.keep_aside_chosen()


def show_fatal(error: AgenticDeskError) -> None:
    """A known error that stops the start: on stderr (for a terminal) and in a dialog."""
    print(f"error: {error.message}\n  {error.hint}", file=sys.stderr)
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("startup", "Agentic Desk cannot start"),
        error.message,
    )
    box.setObjectName("startupFatal")
    box.setInformativeText(error.hint)
    box.exec()


__all__ = ["StartupProblemDialog", "ask_with_dialog", "show_fatal"]
