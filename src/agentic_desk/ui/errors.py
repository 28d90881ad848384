"""How the window shows what went wrong: one wording for a known error, one place for a bug.

* A **known error** (:class:`~agentic_desk.core.errors.AgenticDeskError`) is shown with
  :func:`show_error`, always the same way: "what happened" (after a warning mark, see
  :mod:`agentic_desk.ui.icons`) and, on the next line, what to do next (the hint). In a
  label (a banner or a status line, styled as an error through its ``error`` property)
  or, where there is none, in a message box with the same two texts.
* An **unexpected** exception is a bug: :func:`report_unexpected` logs it and says so. It is
  the one hook for the crash dialog and log.
"""

from __future__ import annotations

import errno
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from agentic_desk.core import diagnostics
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.ui.icons import set_mark

log = logging.getLogger("agentic_desk")

ERROR_PROPERTY = "error"  # a label showing an error has error="true" (the style sheet's hook)
# OSErrors that are about the disk, not a bug: said in words like a known error
DISK_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}
)


class DiskError(AgenticDeskError):
    """A file or folder could not be read or written (an ``OSError`` from disk work)."""


def known_error(exc: BaseException) -> AgenticDeskError | None:
    """``exc`` as an error a user can act on, or None when it is a bug. An ``OSError`` about
    a file (it names one, or the disk is full, read-only or refused access) is known."""
    if isinstance(exc, AgenticDeskError):
        return exc
    if isinstance(exc, OSError) and (exc.filename is not None or exc.errno in DISK_ERRNOS):
        where = f" ({exc.filename})" if exc.filename is not None else ""
        return DiskError(
            f"The disk could not be used: {exc.strerror or exc}{where}.",
            "Check that the folder exists, that there is free space and that you may write "
            "there, then try again.",
        )
    return None


def error_text(error: AgenticDeskError) -> str:
    """The one wording of a known error: the message, then the hint on the next line
    (a label that shows it gets the warning mark: :func:`show_error`)."""
    text = error.message
    return f"{text}\n{error.hint}" if error.hint else text


_OPEN: list[QMessageBox] = []  # boxes without a parent window stay alive while shown


def _open(box: QMessageBox) -> None:
    """Show ``box`` without blocking; it is deleted once closed."""
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _OPEN.append(box)
    box.finished.connect(lambda _result: _OPEN.remove(box) if box in _OPEN else None)
    box.open()


def _restyle(label: QLabel, error: bool) -> None:
    label.setProperty(ERROR_PROPERTY, error)
    set_mark(label, "warning" if error else None)  # an SVG mark, not a "⚠" a font may lack
    style = label.style()
    style.unpolish(label)
    style.polish(label)


def show_error(place: QWidget | None, error: AgenticDeskError) -> None:
    """Show a known error: inline when ``place`` is a label (shown, styled as an error),
    else in a message box over ``place`` (not blocking: the window goes on)."""
    if isinstance(place, QLabel):
        place.setText(error_text(error))
        _restyle(place, True)
        place.show()
        return
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Agentic Desk",
        error.message,  # the box has its own warning icon
        QMessageBox.StandardButton.Ok,
        place,
    )
    box.setObjectName("knownError")
    box.setInformativeText(error.hint)
    _open(box)


def show_message(label: QLabel, text: str) -> None:
    """Show ``text`` (not an error) in a label that also shows errors; hidden when empty."""
    label.setText(text)
    _restyle(label, False)
    label.setVisible(bool(text))


def report_unexpected(exc: BaseException) -> None:
    """A bug: to :func:`agentic_desk.core.diagnostics.report_unexpected`, which writes the
    traceback to the log file and tells the window's crash reporter (the crash dialog,
    ``ui/crash.py``). The window goes on. The one place unexpected errors go."""
    diagnostics.report_unexpected(exc, "the window")


__all__ = [
    "DiskError",
    "error_text",
    "known_error",
    "report_unexpected",
    "show_error",
    "show_message",
]
