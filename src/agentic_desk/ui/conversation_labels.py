"""How the sidebar labels conversations: date sections ("Pinned", "Today", "Yesterday",
"Previous 7 days", ...). Presentation only, and plain Python (no Qt), so it is tested
without a window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo

from agentic_desk.core.conversations import Conversation

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _local_date(timestamp: float, tz: tzinfo | None) -> date:
    moment = datetime.fromtimestamp(timestamp, tz=UTC)
    return moment.astimezone(tz).date()  # tz None: the computer's local time zone


def group_by_date(
    conversations: Sequence[Conversation], now: float, *, tz: tzinfo | None = None
) -> list[tuple[str, list[Conversation]]]:
    """Sidebar sections: "Pinned", "Today", "Yesterday", "Previous 7 days", "Previous 30
    days", then one per month ("October 2026"), newest first; empty sections are left
    out. Dates are by ``updated_at`` in ``tz`` (default: local time)."""
    today = _local_date(now, tz)
    ordered = sorted(conversations, key=lambda c: c.updated_at, reverse=True)
    groups: dict[str, list[Conversation]] = {}
    months: dict[str, tuple[int, int]] = {}
    for conversation in ordered:
        if conversation.pinned:
            label = "Pinned"
        else:
            day = _local_date(conversation.updated_at, tz)
            age = (today - day).days
            if age <= 0:
                label = "Today"
            elif age == 1:
                label = "Yesterday"
            elif age <= 7:
                label = "Previous 7 days"
            elif age <= 30:
                label = "Previous 30 days"
            else:
                label = f"{MONTH_NAMES[day.month - 1]} {day.year}"
                months[label] = (day.year, day.month)
        groups.setdefault(label, []).append(conversation)
    fixed = ["Pinned", "Today", "Yesterday", "Previous 7 days", "Previous 30 days"]
    labels = [label for label in fixed if label in groups]
    labels += sorted(months, key=lambda label: months[label], reverse=True)
    return [(label, groups[label]) for label in labels]


__all__ = ["MONTH_NAMES", "group_by_date"]
