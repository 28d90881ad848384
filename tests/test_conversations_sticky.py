"""Sticky conversation privacy in the core: raised on findings and private marks, kept
through edits and imports, lowered only by a recorded choice; titles never hold findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentic_desk.core.conversations import ConversationStore, make_title
from agentic_desk.core.conversations.sticky import (
    apply_sticky_privacy,
    privacy_reasons,
    reasons_to_raise,
)
from conversation_helpers import (  # noqa: F401 (fixtures)
    FakeClock,
    clock_fixture,
    db_path_fixture,
    store_fixture,
)

SSN = "078-05-1120"
CARD = "4111 1111 1111 1111"
EMAIL = "alice@example.org"


def _exchange(store: ConversationStore, conv_id: str, question: str, answer: str) -> None:
    store.add_user_message(conv_id, question)
    reply = store.begin_reply(conv_id)
    store.finish_reply(reply.id, answer)


def test_reasons_name_kinds_and_places_never_values(store: ConversationStore) -> None:
    conv = store.create_conversation()
    _exchange(store, conv.id, "hello", "hi")
    _exchange(store, conv.id, f"my SSN is {SSN}", f"Write to {EMAIL} and keep {CARD}")
    store.add_user_message(conv.id, "nothing here", privacy="local_only")
    reasons = privacy_reasons(store.messages(conv.id))
    assert [r.describe() for r in reasons] == [
        "turn 2: a national ID number",
        "the reply in turn 2: an e-mail address and a payment card number",
        "turn 3: marked local only",
    ]
    for line in (r.describe() for r in reasons):
        assert SSN not in line and EMAIL not in line and "1111" not in line
    assert privacy_reasons(store.messages(conv.id), detect_data=False)[0].marked == "local_only"


def test_a_finding_in_a_user_message_raises_and_is_recorded(
    db_path: Path, clock: FakeClock
) -> None:
    with ConversationStore(db_path, clock=clock) as store:
        conv = store.create_conversation()
        store.add_user_message(conv.id, f"my SSN is {SSN}")
        raised = apply_sticky_privacy(store, conv.id)
        assert raised is not None
        assert (raised.from_level, raised.to_level) == ("normal", "high")
        assert raised.reasons == ("turn 1: a national ID number",)
        assert apply_sticky_privacy(store, conv.id) is None  # already high: nothing to do
    with ConversationStore(db_path, clock=clock) as store:  # saved, not just shown
        assert store.get_conversation(conv.id).privacy == "high"
        [change] = store.privacy_changes(conv.id)
        assert change.kind == "raised" and change.changed_at == clock.now
        assert (change.from_level, change.to_level) == ("normal", "high")
        assert change.listed == ("turn 1: a national ID number",)
        assert SSN not in repr(change)


def test_a_finding_in_a_reply_raises(store: ConversationStore) -> None:
    conv = store.create_conversation(privacy="low")
    _exchange(store, conv.id, "who do I write to?", f"Write to {EMAIL} please")
    raised = apply_sticky_privacy(store, conv.id)
    assert raised is not None and raised.reasons == ("the reply in turn 1: an e-mail address",)
    assert store.get_conversation(conv.id).privacy == "high"


def test_a_message_marked_local_only_raises(store: ConversationStore) -> None:
    conv = store.create_conversation()
    store.add_user_message(conv.id, "plain words", privacy="local_only")
    assert apply_sticky_privacy(store, conv.id, detect_data=False) is not None
    assert store.get_conversation(conv.id).privacy == "high"


def test_never_lowered_by_raising(store: ConversationStore) -> None:
    conv = store.create_conversation(privacy="local_only")
    store.add_user_message(conv.id, f"card {CARD}")
    assert apply_sticky_privacy(store, conv.id) is None
    assert store.get_conversation(conv.id).privacy == "local_only"
    assert store.privacy_changes(conv.id) == []


def test_edit_and_truncate_keep_the_level(store: ConversationStore) -> None:
    conv = store.create_conversation()
    store.add_user_message(conv.id, f"card {CARD}")
    apply_sticky_privacy(store, conv.id)
    [message] = store.messages(conv.id)
    store.edit_message(message.id, "no card after all")
    assert apply_sticky_privacy(store, conv.id) is None
    assert store.get_conversation(conv.id).privacy == "high"
    store.truncate_after(conv.id, message.id, inclusive=True)
    assert store.get_conversation(conv.id).privacy == "high"


def test_lowering_is_recorded_and_acknowledges_what_was_listed(
    store: ConversationStore, clock: FakeClock
) -> None:
    conv = store.create_conversation()
    store.add_user_message(conv.id, f"my SSN is {SSN}")
    apply_sticky_privacy(store, conv.id)
    reasons = privacy_reasons(store.messages(conv.id))
    clock.advance(60)
    store.lower_privacy(
        conv.id,
        "normal",
        listed=[r.describe() for r in reasons],
        covers=[k for r in reasons for k in r.keys],
    )
    _raised, lowered = store.privacy_changes(conv.id)
    assert lowered.kind == "lowered" and lowered.changed_at == clock.now
    assert (lowered.from_level, lowered.to_level) == ("high", "normal")
    assert lowered.listed == ("turn 1: a national ID number",)
    assert store.get_conversation(conv.id).privacy == "normal"
    # What the user acknowledged does not raise it again ...
    assert reasons_to_raise(reasons, store.acknowledged_findings(conv.id)) == []
    assert apply_sticky_privacy(store, conv.id) is None
    # ... new sensitive data does.
    store.add_user_message(conv.id, f"and my card {CARD}")
    again = apply_sticky_privacy(store, conv.id)
    assert again is not None and again.reasons == ("turn 2: a payment card number",)
    assert store.get_conversation(conv.id).privacy == "high"


def test_import_raises_and_never_lowers(store: ConversationStore) -> None:
    plain = store.create_conversation(privacy="low")
    _exchange(store, plain.id, "who do I write to?", f"Write to {EMAIL} please")
    document = store.export_json(plain.id)  # exported before it was raised: level "low"
    imported = store.import_json(document)
    assert imported.privacy == "high"
    [change] = store.privacy_changes(imported.id)
    assert change.listed == ("the reply in turn 1: an e-mail address",)
    document["conversation"]["privacy"] = "local_only"
    assert store.import_json(document).privacy == "local_only"  # never lowered
    document["messages"][1]["content"] = "nothing to see"
    document["conversation"]["privacy"] = "normal"
    assert store.import_json(document).privacy == "normal"  # nothing in it: as it was


def test_an_unknown_level_is_left_alone(store: ConversationStore) -> None:
    conv = store.create_conversation()
    store.add_user_message(conv.id, f"card {CARD}")
    store._conn.execute("UPDATE conversations SET privacy = 'secret' WHERE id = ?", (conv.id,))
    assert apply_sticky_privacy(store, conv.id) is None
    assert store.get_conversation(conv.id).privacy == "secret"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (f"letter about {CARD} for the bank", "Letter about [card number] for the bank"),
        (f"my SSN is {SSN}", "My SSN is [national ID number]"),
        (f"mail {EMAIL} **today**", "Mail [e-mail address] today"),
        ("card 4111 1111 **1111** 1111", "Card [card number]"),  # joined by cleaning
        (CARD, "[card number]"),
    ],
)
def test_titles_never_hold_findings(text: str, title: str) -> None:
    assert make_title(text) == title


def test_auto_title_is_masked(store: ConversationStore) -> None:
    conv = store.create_conversation()
    _exchange(store, conv.id, f"letter about {CARD}", "ok")
    assert store.auto_title(conv.id) == "Letter about [card number]"
    assert "1111" not in store.get_conversation(conv.id).title
    assert store.search("1111") == [] or all(
        hit.message_id is not None for hit in store.search("1111")
    )


def test_an_edited_message_is_checked_again(store: ConversationStore) -> None:
    conv = store.create_conversation()
    store.add_user_message(conv.id, f"my SSN is {SSN}")
    apply_sticky_privacy(store, conv.id)  # remembered: the same text is not scanned again
    reasons = privacy_reasons(store.messages(conv.id))
    store.lower_privacy(
        conv.id, "normal", listed=["x"], covers=[k for r in reasons for k in r.keys]
    )
    [message] = store.messages(conv.id)
    store.edit_message(message.id, f"my SSN is {SSN} and my card {CARD}")
    again = apply_sticky_privacy(store, conv.id)
    assert again is not None and again.reasons == (
        "turn 1: a national ID number and a payment card number",
    )
