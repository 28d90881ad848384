"""Conversations out and back in: JSON export and import (and what an import refuses),
the Markdown export and its badge lines."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

import pytest

from agentic_desk.core.chat import ReplyInfo
from agentic_desk.core.conversations import (
    DEFAULT_TITLE,
    PRIVACY_LEVELS,
    Conversation,
    ConversationImportError,
    ConversationStore,
    badge_line,
    reply_meta,
)
from agentic_desk.core.errors import AgenticDeskError
from conversation_helpers import (  # noqa: F401 (fixtures)
    LOCAL_META,
    T0,
    FakeClock,
    clock_fixture,
    db_path_fixture,
    store_fixture,
)


def rich_conversation(store: ConversationStore, clock: FakeClock) -> Conversation:
    conversation = store.create_conversation(
        system_prompt="Answer like a pirate.\nKeep it short.",
        privacy="high",
        complexity="low",
        model="smollm2",
        params={"temperature": 0.5},
    )
    clock.advance(1)
    store.add_user_message(conversation.id, "Where is the treasure?", privacy="local_only")
    reply = store.begin_reply(conversation.id)
    clock.advance(2)
    store.finish_reply(reply.id, "Arr, under the **palm tree**.", meta=LOCAL_META)
    clock.advance(1)
    store.add_user_message(conversation.id, "And the map?")
    failed = store.begin_reply(conversation.id)
    store.finish_reply(failed.id, "", status="error", error_message="The model stopped.")
    stuck = store.begin_reply(conversation.id)
    store.checkpoint_reply(stuck.id, "The map be")
    store.rename(conversation.id, "Treasure hunt")
    store.set_pinned(conversation.id, True)
    return store.get_conversation(conversation.id)


def test_export_json_import_round_trip(store: ConversationStore, clock: FakeClock) -> None:
    original = rich_conversation(store, clock)
    exported = store.export_json(original.id)
    assert exported["format"] == "agentic-desk-conversation"
    assert exported["version"] == 2
    data = json.loads(json.dumps(exported))  # through a real file format
    clock.advance(1000)
    imported = store.import_json(data)

    assert imported.id != original.id
    for name in (
        "title",
        "title_is_auto",
        "system_prompt",
        "privacy",
        "complexity",
        "model",
        "params",
        "pinned",
        "created_at",
        "updated_at",
    ):
        assert getattr(imported, name) == getattr(original, name), name
    before = store.messages(original.id)
    after = store.messages(imported.id)
    assert [m.id for m in after] != [m.id for m in before]
    assert not {m.id for m in after} & {m.id for m in before}
    assert [m.seq for m in after] == [1, 2, 3, 4, 5]
    for old, new in zip(before, after, strict=True):
        for name in ("role", "content", "privacy", "created_at", "updated_at", "meta"):
            assert getattr(new, name) == getattr(old, name), name
        assert new.error_message == old.error_message
    assert [m.status for m in before][-1] == "streaming"
    assert [m.status for m in after] == [
        "complete",
        "complete",
        "complete",
        "error",
        "interrupted",  # an import is never mid-reply
    ]
    assert store.recover_interrupted()[0].conversation_id == original.id
    assert {h.conversation_id for h in store.search("treasure")} == {original.id, imported.id}
    assert store.export_json(imported.id)["messages"][1]["meta"] == LOCAL_META


def test_import_minimal_and_defaults(store: ConversationStore, clock: FakeClock) -> None:
    imported = store.import_json(
        {
            "format": "agentic-desk-conversation",
            "version": 1,
            "conversation": {"title": "New chat"},
            "messages": [{"role": "user", "content": "hi"}],
        }
    )
    assert (imported.title, imported.title_is_auto) == (DEFAULT_TITLE, True)
    assert (imported.privacy, imported.created_at) == ("normal", clock.now)
    (message,) = store.messages(imported.id)
    assert (message.status, message.meta, message.created_at) == ("complete", {}, clock.now)


def good_export() -> dict[str, Any]:
    return {
        "format": "agentic-desk-conversation",
        "version": 1,
        "conversation": {"title": "Fine", "privacy": "normal", "created_at": T0},
        "messages": [
            {"role": "user", "content": "one"},
            {"role": "assistant", "content": "two", "status": "complete", "meta": {}},
        ],
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.pop("format"), "format"),
        (lambda d: d.update(format="something-else"), "format"),
        (lambda d: d.update(version="1"), "version"),
        (lambda d: d.update(version=0), "version"),
        (lambda d: d.pop("conversation"), "conversation"),
        (lambda d: d.update(conversation=[]), "conversation"),
        (lambda d: d["conversation"].update(privacy="secret"), "conversation.privacy"),
        (lambda d: d["conversation"].update(complexity=3), "conversation.complexity"),
        (lambda d: d["conversation"].update(pinned="yes"), "conversation.pinned"),
        (lambda d: d["conversation"].update(params=[1]), "conversation.params"),
        (lambda d: d["conversation"].update(created_at=True), "conversation.created_at"),
        (lambda d: d["conversation"].update(created_at=-5), "conversation.created_at"),
        (lambda d: d.update(messages={}), "messages"),
        (lambda d: d["messages"].append("text"), "messages[2]"),
        (lambda d: d["messages"][1].update(role="robot"), "messages[1].role"),
        (lambda d: d["messages"][0].pop("role"), "messages[0].role"),
        (lambda d: d["messages"][0].update(content=None), "messages[0].content"),
        (lambda d: d["messages"][1].update(status="done"), "messages[1].status"),
        (lambda d: d["messages"][1].update(meta="x"), "messages[1].meta"),
        (lambda d: d["messages"][1].update(privacy="max"), "messages[1].privacy"),
        (lambda d: d["messages"][1].update(updated_at="now"), "messages[1].updated_at"),
    ],
)
def test_import_names_the_bad_field(store: ConversationStore, change: Any, field: str) -> None:
    data = good_export()
    change(data)
    with pytest.raises(ConversationImportError) as caught:
        store.import_json(data)
    assert isinstance(caught.value, AgenticDeskError)
    assert field in caught.value.message
    assert caught.value.hint
    assert store.list_conversations(include_deleted=True) == []  # nothing half-imported


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        (lambda d: d["conversation"].update(privacy="secret"), "conversation.privacy", "'secret'"),
        (lambda d: d["conversation"].update(privacy=""), "conversation.privacy", "''"),
        (lambda d: d["conversation"].update(privacy=None), "conversation.privacy", "None"),
        (lambda d: d["conversation"].update(privacy=2), "conversation.privacy", "2"),
        (lambda d: d["messages"][0].update(privacy="public"), "messages[0].privacy", "'public'"),
        (lambda d: d["messages"][1].update(privacy=True), "messages[1].privacy", "True"),
    ],
)
def test_import_refuses_an_unknown_privacy_level(
    store: ConversationStore, change: Any, field: str, value: str
) -> None:
    """A level this app does not know is an error, never read as "normal": it could be
    more private than anything listed here."""
    data = good_export()
    change(data)
    with pytest.raises(ConversationImportError) as caught:
        store.import_json(data)
    message = caught.value.message
    assert f"{field} must be one of {', '.join(PRIVACY_LEVELS)}" in message
    assert f"not {value}." in message
    assert store.list_conversations(include_deleted=True) == []  # nothing half-imported


def test_import_a_missing_privacy_level_is_the_default(store: ConversationStore) -> None:
    data = good_export()
    del data["conversation"]["privacy"]
    assert store.import_json(data).privacy == "normal"
    data["messages"][0]["privacy"] = "local_only"
    data["messages"][1]["privacy"] = None
    imported = store.import_json(data)
    assert imported.privacy == "high"  # sticky: a message marked local only raises it
    assert [m.privacy for m in store.messages(imported.id)] == ["local_only", None]


def test_import_refuses_a_newer_format_and_non_objects(store: ConversationStore) -> None:
    data = good_export()
    data["version"] = 3
    with pytest.raises(ConversationImportError, match="newer version"):
        store.import_json(data)
    with pytest.raises(ConversationImportError, match="JSON object"):
        store.import_json([good_export()])
    assert store.import_json(good_export()).title == "Fine"


def test_export_markdown(store: ConversationStore, clock: FakeClock) -> None:
    conversation = rich_conversation(store, clock)
    text = store.export_markdown(conversation.id, tz=UTC)
    assert text.startswith("# Treasure hunt\n\n- Created: 2026-10-20 12:00 UTC\n")
    for piece in (
        "- Privacy: high\n",
        "- Complexity: low\n",
        "- Model: smollm2\n",
        "- Pinned\n",
        "## System prompt\n\n> Answer like a pirate.\n> Keep it short.\n",
        "### You\n\n_Privacy for this message: local\\_only_\n\nWhere is the treasure?\n",
        "### Assistant\n\nArr, under the **palm tree**.\n\n"
        "_Local · rule 2: privacy high · 42 tokens · 120 tok/s_\n",
        "(_failed: The model stopped._)",
        "The map be\n\n(_still being written_)",
    ):
        assert piece in text, piece
    assert text.count("### You") == 2
    assert text.count("### Assistant") == 3
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_badge_line_and_reply_meta() -> None:
    assert badge_line(LOCAL_META) == "Local · rule 2: privacy high · 42 tokens · 120 tok/s"
    assert badge_line({}) == ""
    cloud = reply_meta(
        ReplyInfo(
            where="Cloud · rule 4: complexity high",
            provider="openai",
            model="openai/gpt-4o-mini",
            completion_tokens=10,
            cost=0.00123,
        ),
        findings=[type("Finding", (), {"category": "email"})(), "phone"],
    )
    assert cloud["findings"] == ["email", "phone"]
    assert (
        badge_line(cloud) == "Cloud · rule 4: complexity high · gpt-4o-mini · 10 tokens · $0.0012"
    )
    cloud["cost_known"] = False
    assert badge_line(cloud).endswith("· cost unknown")
    assert reply_meta(None, notice="n") == {"notice": "n"}


def test_the_template_a_conversation_came_from_round_trips(store: ConversationStore) -> None:
    made = store.create_conversation(
        system_prompt="Write formally.", privacy="high", template="Formal letter"
    )
    exported = store.export_json(made.id)
    assert exported["conversation"]["template"] == "Formal letter"
    imported = store.import_json(json.loads(json.dumps(exported)))
    assert (imported.template, imported.system_prompt) == ("Formal letter", "Write formally.")
    del exported["conversation"]["template"]  # an export from before templates
    assert store.import_json(exported).template is None
