"""Automatic conversation titles: made from the first message, kept once renamed."""

from __future__ import annotations

import pytest

from agentic_desk.core.conversations import DEFAULT_TITLE, ConversationStore, make_title
from conversation_helpers import (  # noqa: F401 (fixtures)
    FakeClock,
    clock_fixture,
    db_path_fixture,
    store_fixture,
)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("how do I bake sourdough bread?", "How do I bake sourdough bread?"),
        (
            "please explain the difference between processes and threads in python",
            "Please explain the difference between processes and threads",
        ),
        (
            "## **Fix** my `parse()` function\n```python\ndef parse(): ...\n```",
            "Fix my parse() function",
        ),
        ("summarise https://example.com/a/very/long/path?q=1 for me", "Summarise for me"),
        ("see [the docs](https://docs.python.org) and ![img](x.png)", "See the docs and img"),
        ("> quoted\n- item one\n- item two", "Quoted item one item two"),
        ("```\nonly code\n```", DEFAULT_TITLE),
        ("https://example.com", DEFAULT_TITLE),
        ("   ", DEFAULT_TITLE),
        ("???", DEFAULT_TITLE),
        ("a" * 100, "A" + "a" * 59),
        (
            "internationalisation localisation accessibility documentation performance",
            "Internationalisation localisation accessibility",
        ),
        ("élan vital, and more words here to trim away", "Élan vital, and more words here to trim"),
        ("what is love,", "What is love"),
    ],
)
def test_make_title(text: str, title: str) -> None:
    made = make_title(text)
    assert made == title
    assert len(made) <= 60
    assert len(made.split()) <= 8


def test_auto_title(store: ConversationStore, clock: FakeClock) -> None:
    conversation = store.create_conversation()
    assert store.auto_title(conversation.id) == DEFAULT_TITLE  # no message yet
    store.add_user_message(conversation.id, "what's the **best** way to learn Rust quickly?")
    reply = store.begin_reply(conversation.id)
    store.finish_reply(reply.id, "Practice.")
    store.add_user_message(conversation.id, "and then what")
    updated_at = store.get_conversation(conversation.id).updated_at
    clock.advance(10)
    assert store.auto_title(conversation.id) == "What's the best way to learn Rust quickly?"
    got = store.get_conversation(conversation.id)
    assert (got.title, got.title_is_auto, got.updated_at) == (
        "What's the best way to learn Rust quickly?",
        True,
        updated_at,
    )
    hits = store.search("rust")
    assert [h.message_id for h in hits if h.message_id is None] == [None]  # the title
    assert any("«Rust»" in h.snippet for h in hits if h.message_id is None)
    store.rename(conversation.id, "Learning Rust")
    assert store.auto_title(conversation.id) == "Learning Rust"
    assert store.get_conversation(conversation.id).title == "Learning Rust"
