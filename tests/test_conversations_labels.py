"""The sidebar's date sections for conversations (agentic_desk.ui.conversation_labels)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from agentic_desk.core.conversations import Conversation, ConversationStore
from agentic_desk.ui.conversation_labels import group_by_date
from conversation_helpers import (  # noqa: F401 (fixtures)
    DAY,
    T0,
    FakeClock,
    clock_fixture,
    db_path_fixture,
    store_fixture,
)


def make_conversation(title: str, updated_at: float, *, pinned: bool = False) -> Conversation:
    return Conversation(
        id=title,
        title=title,
        title_is_auto=False,
        system_prompt=None,
        privacy="normal",
        complexity=None,
        model=None,
        params={},
        pinned=pinned,
        created_at=updated_at,
        updated_at=updated_at,
    )


def test_group_by_date_labels() -> None:
    now = T0  # 2026-10-20 12:00 UTC
    start_of_today = datetime(2026, 10, 20, tzinfo=UTC).timestamp()
    conversations = [
        make_conversation("august", datetime(2026, 8, 31, 23, tzinfo=UTC).timestamp()),
        make_conversation("today-early", start_of_today),
        make_conversation("pinned-old", now - 400 * DAY, pinned=True),
        make_conversation("yesterday-late", start_of_today - 1),
        make_conversation("today", now - 60),
        make_conversation("three-days", now - 3 * DAY),
        make_conversation("seven-days", start_of_today - 6 * DAY - 1),
        make_conversation("twenty-days", now - 20 * DAY),
        make_conversation("thirty-days", start_of_today - 29 * DAY - 1),
        make_conversation("december", datetime(2025, 12, 5, tzinfo=UTC).timestamp()),
        make_conversation("september", datetime(2026, 9, 1, tzinfo=UTC).timestamp()),
        make_conversation("future", now + 3600),  # a clock that was ahead
    ]
    groups = group_by_date(conversations, now, tz=UTC)
    assert [(label, [c.title for c in items]) for label, items in groups] == [
        ("Pinned", ["pinned-old"]),
        ("Today", ["future", "today", "today-early"]),
        ("Yesterday", ["yesterday-late"]),
        ("Previous 7 days", ["three-days", "seven-days"]),
        ("Previous 30 days", ["twenty-days", "thirty-days"]),
        ("September 2026", ["september"]),
        ("August 2026", ["august"]),
        ("December 2025", ["december"]),
    ]
    assert group_by_date([], now) == []


def test_group_by_date_uses_the_time_zone() -> None:
    tokyo = timezone(timedelta(hours=9))
    now = datetime(2026, 10, 20, 16, 0, tzinfo=UTC).timestamp()  # 01:00 on the 21st in Tokyo
    late = make_conversation("late", datetime(2026, 10, 20, 14, 0, tzinfo=UTC).timestamp())
    assert [label for label, _ in group_by_date([late], now, tz=UTC)] == ["Today"]
    assert [label for label, _ in group_by_date([late], now, tz=tokyo)] == ["Yesterday"]


def test_store_listing_groups(store: ConversationStore, clock: FakeClock) -> None:
    old = store.create_conversation(title="old")
    clock.advance(40 * DAY)
    store.create_conversation(title="fresh")
    groups = group_by_date(store.list_conversations(), clock.now, tz=UTC)
    assert [(label, [c.title for c in items]) for label, items in groups] == [
        ("Today", ["fresh"]),
        ("October 2026", ["old"]),
    ]
    assert old.updated_at == T0
