"""Conversations as a tree in the store: versions, the path shown, switching, search into
another version, the whole tree through JSON export and import, and removing a branch."""

from __future__ import annotations

import json

import pytest

from agentic_desk.core.conversations import ConversationImportError, ConversationStore, tree
from conversation_helpers import (  # noqa: F401 (fixtures)
    FakeClock,
    clock_fixture,
    db_path_fixture,
    store_fixture,
)


def letter(store: ConversationStore) -> tuple[str, list[str]]:
    """A conversation: question, reply, follow-up, reply; then a second version of the
    first reply (the follow-up stays under the first). Returns (id, [q1, r1, q2, r2, r1b])."""
    conv = store.create_conversation()
    q1 = store.add_user_message(conv.id, "draft a letter to my landlord")
    r1 = store.begin_reply(conv.id)
    store.finish_reply(r1.id, "Dear landlord, the boiler is broken.")
    q2 = store.add_user_message(conv.id, "mention the damp")
    r2 = store.begin_reply(conv.id)
    store.finish_reply(r2.id, "Dear landlord, the boiler is broken and the walls are damp.")
    r1b = store.add_version(r1.id, "Dear Ms Smith, the boiler has failed.")
    return conv.id, [q1.id, r1.id, q2.id, r2.id, r1b.id]


def test_versions_and_the_path_shown(store: ConversationStore, clock: FakeClock) -> None:
    conv, (q1, r1, q2, r2, r1b) = letter(store)
    assert [m.id for m in store.messages(conv)] == [q1, r1b]
    assert store.versions(r1b).ids == (r1, r1b) and store.versions(r1b).label() == "2/2"
    assert store.versions(q1).count == 1
    assert store.get_message(r1b).meta["version_of"] == r1
    clock.advance(1)
    store.choose(r1)  # the first version comes back with the turns after it
    assert [m.id for m in store.messages(conv)] == [q1, r1, q2, r2]
    assert [m.id for m in store.path_to(r2)] == [q1, r1, q2, r2]
    # a new message goes after the last one shown
    q3 = store.add_user_message(conv, "thanks")
    assert store.get_message(q3.id).parent_id == r2


def test_choose_shows_a_message_deep_in_another_version(
    store: ConversationStore, clock: FakeClock
) -> None:
    conv, (_q1, r1, _q2, r2, _r1b) = letter(store)
    assert r2 not in {m.id for m in store.messages(conv)}
    [hit] = [h for h in store.search("damp walls") if h.message_id == r2]
    clock.advance(1)
    store.choose(hit.message_id or "")  # opening a search hit shows its version
    assert [m.id for m in store.messages(conv)][-1] == r2
    assert store.versions(r1).label() == "1/2"


def test_the_latest_choice_wins_even_when_the_clock_stands_still(
    store: ConversationStore,
) -> None:
    conv, (_q1, r1, _q2, _r2, r1b) = letter(store)
    for target in (r1, r1b, r1):  # the fake clock never moves in this test
        store.choose(target)
        assert store.messages(conv)[1].id == target


def test_json_export_keeps_the_whole_tree_and_import_rebuilds_it(
    store: ConversationStore, clock: FakeClock
) -> None:
    conv, ids = letter(store)
    exported = json.loads(json.dumps(store.export_json(conv)))
    assert len(exported["messages"]) == 5
    assert [m["parent"] for m in exported["messages"]] == [None, ids[0], ids[1], ids[2], ids[0]]
    imported = store.import_json(exported)
    before = store.all_messages(conv)
    after = store.all_messages(imported.id)
    assert [m.content for m in after] == [m.content for m in before]
    old_to_new = {old.id: new.id for old, new in zip(before, after, strict=True)}
    assert [m.parent_id for m in after] == [
        None if m.parent_id is None else old_to_new[m.parent_id] for m in before
    ]
    assert [m.content for m in store.messages(imported.id)] == [
        m.content for m in store.messages(conv)
    ]  # the same version is shown
    # the Markdown export is the path shown, not every version
    text = store.export_markdown(conv)
    assert "Dear Ms Smith" in text and "walls are damp" not in text


def test_import_refuses_a_parent_that_is_not_an_earlier_message(
    store: ConversationStore,
) -> None:
    document = {
        "format": "agentic-desk-conversation",
        "version": 2,
        "conversation": {"title": "Loop"},
        "messages": [
            {"id": "a", "parent": "b", "role": "user", "content": "hi"},
            {"id": "b", "parent": "a", "role": "assistant", "content": "hello"},
        ],
    }
    with pytest.raises(ConversationImportError, match=r"messages\[0\]\.parent"):
        store.import_json(document)
    assert store.list_conversations() == []


def test_removing_a_branch_takes_only_what_is_below_it(store: ConversationStore) -> None:
    conv, (q1, r1, _q2, _r2, r1b) = letter(store)
    assert store.truncate_after(conv, r1, inclusive=False) == 2  # q2 and r2
    assert {m.id for m in store.all_messages(conv)} == {q1, r1, r1b}
    assert tree.descendants(store.all_messages(conv), q1) == [r1, r1b]
