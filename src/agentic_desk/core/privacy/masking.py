"""Hiding most of a sensitive value so it is safe to show on screen or in a log.

Each recogniser masks its own category (it knows the value's layout); these are the pieces
they share.
"""

from __future__ import annotations

__all__ = ["BULLET", "mask_alnum", "mask_default"]

BULLET = "\u2022"


def mask_alnum(text: str, keep_head: int, keep_tail: int) -> str:
    """Hide every letter and digit except the first ``keep_head`` and last ``keep_tail``."""
    positions = [i for i, ch in enumerate(text) if ch.isalnum()]
    total = len(positions)
    if keep_head + keep_tail >= total:  # never show all of it
        keep_head, keep_tail = 0, min(keep_tail, total // 3)
    hidden = set(positions[keep_head : total - keep_tail])
    return "".join(BULLET if i in hidden else ch for i, ch in enumerate(text))


def mask_default(text: str) -> str:
    """Everything hidden but the last two letters or digits (and never all of a short value)."""
    return mask_alnum(text, 0, 2)
