"""Reading the text in and around a candidate value, shared by the recognisers: the window
before it, its digits, cue-word boundaries, and whether digit groups read as a date."""

from __future__ import annotations

from typing import TypeAlias

__all__ = [
    "CUE_END",
    "CUE_START",
    "CUE_WORD_GAP",
    "DASH",
    "NON_WORD",
    "SPACE",
    "Span",
    "digits",
    "looks_like_date",
    "plausible_date",
    "window_before",
]

Span: TypeAlias = tuple[int, int]
"""Where a value is: ``text[start:end]``."""

# Word boundaries for cue words that also split identifiers: ONCALL_PHONE, date_of_birth.
CUE_START = r"(?<![^\W_])"
CUE_END = r"(?![^\W_])"
CUE_WORD_GAP = r"[\s_\-]+"  # between the words of a cue: "date of birth", "date_of_birth"
NON_WORD = r"[\W_]"
SPACE = "[ \u00a0]"
DASH = "[\\-/\u2010\u2011\u2012\u2013]"


def window_before(text: str, start: int, size: int, *, lines: int = 1) -> str:
    """Up to ``size`` characters before ``start``, within the last ``lines`` lines."""
    window = text[max(0, start - size) : start]
    cut = len(window)
    for _ in range(lines):
        cut = window.rfind("\n", 0, cut)
        if cut < 0:
            return window
    return window[cut + 1 :]


def digits(s: str) -> str:
    """The ASCII digits of ``s``, in order."""
    return "".join(ch for ch in s if "0" <= ch <= "9")


def plausible_date(a: int, b: int, year: int, year_digits: int) -> bool:
    """Is (a, b, year) a date as day-month or month-day?"""
    if year_digits == 4 and not 1850 <= year <= 2100:
        return False
    return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)


def looks_like_date(groups: list[str]) -> bool:
    """Do the first three digit groups of a number read as a date?"""
    if len(groups) < 3:
        return False
    g0, g1, g2 = groups[0], groups[1], groups[2]
    if not (g0.isdigit() and g1.isdigit() and g2.isdigit()):
        return False
    if len(g0) == 4 and len(g1) <= 2 and len(g2) <= 2:
        return 1850 <= int(g0) <= 2100 and 1 <= int(g1) <= 12 and 1 <= int(g2) <= 31
    if len(g0) <= 2 and len(g1) <= 2 and len(g2) == 4:
        return plausible_date(int(g0), int(g1), int(g2), 4)
    return False
