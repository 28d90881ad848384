"""The base of every "known" error: one the app expects and can explain to a user.

A known error carries two texts written for the user: ``message`` says what happened,
``hint`` says what to do next. Modules subclass :class:`AgenticDeskError` for their
own errors; anything else that escapes is a bug.
"""

from __future__ import annotations


class AgenticDeskError(Exception):
    """An expected failure, explained in words a user understands.

    ``str(error)`` is the message followed by the hint. The constructor's arguments
    are kept in ``args``, so errors pickle (e.g. across a worker's pipe).
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if not self.hint:
            return self.message
        return f"{self.message} {self.hint}"
