"""The vocabulary of refused values, shared by settings, routing rules and reply settings.

* :class:`Problem`: one thing wrong with one field, as its dotted path and a reason in
  user words. Code that shows a form puts the reason next to the field it names, instead
  of taking a joined message apart.
* :class:`InvalidValuesError`: a known error that carries its problems.
* :class:`Limit`: an allowed range of numbers, which both checks a value and says the range
  in words (``"a number between 0 and 2"``), so a limit is written once and every check
  of it says the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import annotated_types

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t


@dataclass(frozen=True)
class Problem:
    """One refused value: ``field`` is its dotted path (``"engine.temperature"``,
    ``"routing.rules[0].action.temperature"``; ``""`` for the whole document) and
    ``message`` the reason without the field's name (``"must be between 0 and 2 (got 5)"``)."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message

    def within(self, field: str) -> bool:
        """True if this problem is about ``field`` or something inside it (a problem of
        ``engine.stop[1]`` or ``engine.stop.x`` is within ``engine.stop``)."""
        if not field or self.field == field:
            return True
        return self.field.startswith(f"{field}.") or self.field.startswith(f"{field}[")


class InvalidValuesError(AgenticDeskError):
    """Values that were refused. ``message`` says it all in one text; ``problems`` says
    the same per field, for forms that show each reason next to its field."""

    def __init__(self, message: str, hint: str = "", problems: Iterable[Problem] = ()) -> None:
        super().__init__(message, hint)
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.args = (message, hint, self.problems)  # so it pickles with its problems

    def problems_for(self, field: str) -> tuple[Problem, ...]:
        """The problems of ``field`` and of anything inside it."""
        return tuple(problem for problem in self.problems if problem.within(field))


def _num(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def shown(value: object) -> str:
    """A refused value as the user wrote it: ``5`` (also for 5.0), ``'hot'``, ``true``,
    ``null``."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return f"'{value}'"
    return repr(value)


@dataclass(frozen=True)
class Limit:
    """The numbers a field allows: ``minimum`` up to ``maximum`` (``None``: no upper
    bound), whole numbers only when ``whole``; ``minimum_exclusive`` leaves the minimum
    itself out. ``True``/``False`` are never numbers."""

    minimum: float
    maximum: float | None = None
    whole: bool = False
    minimum_exclusive: bool = False

    def allows(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if not math.isfinite(value):
            return False
        if self.whole and not float(value).is_integer():
            return False
        if value < self.minimum or (self.minimum_exclusive and value == self.minimum):
            return False
        return self.maximum is None or value <= self.maximum

    def refusal(self, value: object) -> str | None:
        """Why ``value`` is refused (``"must be a number between 0 and 2 (got 7)"``), or
        None when it is allowed."""
        if self.allows(value):
            return None
        return t("must be {describe} (got {value})", describe=self.describe(), value=shown(value))

    def describe(self) -> str:
        """``"a number between 0 and 2"``, ``"a whole number of 0 or more"``, ..."""
        kind = t("a whole number") if self.whole else t("a number")
        low = _num(self.minimum)
        if self.maximum is None:
            return (
                t("{kind} greater than {low}", kind=kind, low=low)
                if self.minimum_exclusive
                else t("{kind} of {low} or more", kind=kind, low=low)
            )
        high = _num(self.maximum)
        if self.minimum_exclusive:
            return t("{kind} greater than {low} and at most {high}", kind=kind, low=low, high=high)
        return t("{kind} between {low} and {high}", kind=kind, low=low, high=high)

    def interval(self) -> annotated_types.Interval:
        """The limit as a pydantic constraint: ``Annotated[float, TEMPERATURE.interval()]``."""
        exclusive = self.minimum_exclusive
        return annotated_types.Interval(
            gt=self.minimum if exclusive else None,
            ge=None if exclusive else self.minimum,
            le=self.maximum,
        )


__all__ = ["InvalidValuesError", "Limit", "Problem", "shown"]
