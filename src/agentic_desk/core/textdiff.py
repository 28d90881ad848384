"""A word-level difference between two versions of a text, for showing a rewrite.

:func:`word_diff` splits both texts into words and the spaces between them and returns
runs of ("same" | "removed" | "added", text); joining the "same" and "removed" runs gives
the old text back, the "same" and "added" runs the new one.
"""

from __future__ import annotations

import difflib
import re

_TOKENS = re.compile(r"\s+|[^\s]+")


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Runs of ``(kind, text)`` in order; kind is "same", "removed" or "added"."""
    a, b = _tokens(old), _tokens(new)
    runs: list[tuple[str, str]] = []

    def add(kind: str, text: str) -> None:
        if not text:
            return
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + text)
        else:
            runs.append((kind, text))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add("same", "".join(a[i1:i2]))
        else:
            add("removed", "".join(a[i1:i2]))
            add("added", "".join(b[j1:j2]))
    return runs


def changed_words(runs: list[tuple[str, str]]) -> tuple[int, int]:
    """(words removed, words added) in ``runs``."""
    removed = sum(len(text.split()) for kind, text in runs if kind == "removed")
    added = sum(len(text.split()) for kind, text in runs if kind == "added")
    return removed, added


__all__ = ["changed_words", "word_diff"]
