"""The conversation store: the database, conversations, messages, drafts, crash safety,
search."""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

from agentic_desk.core.chat import ReplyInfo
from agentic_desk.core.conversations import (
    DEFAULT_TITLE,
    HIGHLIGHT_CLOSE,
    HIGHLIGHT_OPEN,
    Conversation,
    ConversationNotFoundError,
    ConversationStore,
    MessageNotFoundError,
    fts_query,
    reply_meta,
    schema_version,
)
from agentic_desk.core.conversations.store import APP_CLOSED
from agentic_desk.core.errors import AgenticDeskError
from conversation_helpers import (  # noqa: F401 (fixtures)
    FakeClock,
    chat,
    clock_fixture,
    db_path_fixture,
    fts_ok,
    pragma,
    store_fixture,
)

SRC = Path(__file__).resolve().parents[1] / "src"


# ---- the database itself ------------------------------------------------------------------


def test_pragmas_wal_foreign_keys_synchronous_busy_timeout(store: ConversationStore) -> None:
    assert pragma(store, "journal_mode") == "wal"
    assert pragma(store, "foreign_keys") == 1
    assert pragma(store, "synchronous") == 1  # NORMAL
    assert pragma(store, "busy_timeout") == 5000
    assert pragma(store, "user_version") == schema_version() == 5
    # WAL is a property of the file: a fresh connection sees it too.
    with sqlite3.connect(store.path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()


def test_foreign_keys_are_enforced_and_cascade(store: ConversationStore) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store._conn.execute(
            "INSERT INTO messages (id, conversation_id, seq, role, created_at, updated_at) "
            "VALUES ('m', 'no-such-conversation', 1, 'user', 0, 0)"
        )
    conversation = chat(store, "hello", "hi")
    store._conn.execute("DELETE FROM conversations WHERE id = ?", (conversation.id,))
    assert store._conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0
    fts_ok(store)


def test_durable_write_restores_synchronous_normal(store: ConversationStore) -> None:
    conversation = store.create_conversation()
    store.add_user_message(conversation.id, "important")
    assert pragma(store, "synchronous") == 1
    with pytest.raises(ConversationNotFoundError):
        store.add_user_message("missing", "text")
    assert pragma(store, "synchronous") == 1
    assert not store._conn.in_transaction


def test_creates_the_folder_and_reopens(db_path: Path, clock: FakeClock) -> None:
    assert not db_path.parent.exists()
    with ConversationStore(db_path, clock=clock) as s:
        conversation = chat(s, "first question", "first answer", privacy="high")
        s.set_pinned(conversation.id, True)
        s.save_draft(conversation.id, "half a thought")
        s.save_draft(None, "new chat draft")
    with ConversationStore(db_path, clock=clock) as s:
        again = s.get_conversation(conversation.id)
        assert again == dataclasses.replace(conversation, pinned=True)
        assert [m.content for m in s.messages(conversation.id)] == [
            "first question",
            "first answer",
        ]
        assert s.load_draft(conversation.id) == "half a thought"
        assert s.load_draft(None) == "new chat draft"
        assert s.search("answer")[0].message_id is not None


# ---- conversations --------------------------------------------------------------------------


def test_create_and_get(store: ConversationStore, clock: FakeClock) -> None:
    conversation = store.create_conversation(
        system_prompt="Be brief.",
        privacy="high",
        complexity="medium",
        model="phi-4-mini",
        params={"temperature": 0.2},
    )
    assert conversation.title == DEFAULT_TITLE
    assert conversation.title_is_auto
    assert conversation.system_prompt == "Be brief."
    assert (conversation.privacy, conversation.complexity) == ("high", "medium")
    assert conversation.model == "phi-4-mini"
    assert conversation.params == {"temperature": 0.2}
    assert not conversation.pinned
    assert conversation.created_at == conversation.updated_at == clock.now
    assert conversation.deleted_at is None
    assert not conversation.deleted
    assert store.get_conversation(conversation.id) == conversation
    titled = store.create_conversation(title="  My plan  ")
    assert (titled.title, titled.title_is_auto) == ("My plan", False)


def test_unknown_ids_and_bad_values(store: ConversationStore) -> None:
    with pytest.raises(ConversationNotFoundError) as caught:
        store.get_conversation("nope")
    assert isinstance(caught.value, AgenticDeskError)
    assert caught.value.hint
    for call in (
        lambda: store.messages("nope"),
        lambda: store.rename("nope", "x"),
        lambda: store.set_pinned("nope", True),
        lambda: store.delete_conversation("nope"),
        lambda: store.undo_delete("nope"),
        lambda: store.begin_reply("nope"),
        lambda: store.auto_title("nope"),
        lambda: store.export_json("nope"),
    ):
        with pytest.raises(ConversationNotFoundError):
            call()
    for message_call in (
        lambda: store.finish_reply("nope", "x"),
        lambda: store.edit_message("nope", "x"),
        lambda: store.get_message("nope"),
        lambda: store.set_message_status("nope", "complete"),
    ):
        with pytest.raises(MessageNotFoundError):
            message_call()
    with pytest.raises(ValueError, match="privacy"):
        store.create_conversation(privacy="secret")
    with pytest.raises(ValueError, match="complexity"):
        store.create_conversation(complexity="extreme")


def test_levels_are_the_privacy_modules() -> None:
    """One definition of the levels: the store validates against core.privacy.levels."""
    from agentic_desk.core import conversations
    from agentic_desk.core.privacy import levels

    assert conversations.PRIVACY_LEVELS is levels.PRIVACY_LEVELS
    assert conversations.COMPLEXITY_LEVELS is levels.COMPLEXITY_LEVELS


def test_list_pinned_first_then_most_recent(store: ConversationStore, clock: FakeClock) -> None:
    old = store.create_conversation(title="old")
    clock.advance(10)
    middle = store.create_conversation(title="middle")
    clock.advance(10)
    new = store.create_conversation(title="new")
    assert [c.title for c in store.list_conversations()] == ["new", "middle", "old"]
    clock.advance(10)
    store.add_user_message(old.id, "activity moves it up")
    assert [c.title for c in store.list_conversations()] == ["old", "new", "middle"]
    store.set_pinned(middle.id, True)
    assert [c.title for c in store.list_conversations()] == ["middle", "old", "new"]
    store.delete_conversation(new.id)
    assert [c.title for c in store.list_conversations()] == ["middle", "old"]
    everything = store.list_conversations(include_deleted=True)
    assert [c.title for c in everything] == ["middle", "old", "new"]
    assert everything[-1].deleted


def test_setters(store: ConversationStore, clock: FakeClock) -> None:
    conversation = store.create_conversation()
    clock.advance(60)
    renamed = store.rename(conversation.id, "  Trip   to Lisbon ")
    assert (renamed.title, renamed.title_is_auto) == ("Trip to Lisbon", False)
    store.set_pinned(conversation.id, True)
    store.set_privacy(conversation.id, "local_only")
    store.set_complexity(conversation.id, "high")
    store.set_model(conversation.id, "qwen")
    store.set_system_prompt(conversation.id, "You are a travel agent.")
    store.set_params(conversation.id, {"max_new_tokens": 64})
    got = store.get_conversation(conversation.id)
    assert got.pinned
    assert (got.privacy, got.complexity, got.model) == ("local_only", "high", "qwen")
    assert got.system_prompt == "You are a travel agent."
    assert got.params == {"max_new_tokens": 64}
    assert got.updated_at == conversation.updated_at  # settings do not count as activity
    store.set_complexity(conversation.id, None)
    store.set_system_prompt(conversation.id, "")
    store.set_model(conversation.id, None)
    store.set_pinned(conversation.id, False)
    got = store.get_conversation(conversation.id)
    assert (got.complexity, got.system_prompt, got.model, got.pinned) == (None, None, None, False)
    with pytest.raises(ValueError):
        store.set_privacy(conversation.id, "public")
    with pytest.raises(ValueError):
        store.set_complexity(conversation.id, "huge")
    back_to_auto = store.rename(conversation.id, "   ")
    assert (back_to_auto.title, back_to_auto.title_is_auto) == (DEFAULT_TITLE, True)


def test_soft_delete_undo_and_purge(store: ConversationStore, clock: FakeClock) -> None:
    doomed = chat(store, "delete this llama conversation", "ok")
    kept = chat(store, "keep this llama conversation", "ok")
    store.save_draft(doomed.id, "unsent llama words")
    store.delete_conversation(doomed.id)
    deleted = store.get_conversation(doomed.id)
    assert deleted.deleted_at == clock.now
    assert [c.id for c in store.list_conversations()] == [kept.id]
    assert {h.conversation_id for h in store.search("llama")} == {kept.id}

    store.undo_delete(doomed.id)
    assert store.get_conversation(doomed.id).deleted_at is None
    assert {h.conversation_id for h in store.search("llama")} == {kept.id, doomed.id}

    store.delete_conversation(doomed.id)
    clock.advance(100)
    assert store.purge_deleted(older_than_s=3600) == 0  # too recent
    assert store.get_conversation(doomed.id).deleted
    clock.advance(3600)
    assert store.purge_deleted(older_than_s=3600) == 1
    with pytest.raises(ConversationNotFoundError):
        store.get_conversation(doomed.id)
    assert store.load_draft(doomed.id) == ""
    assert store._conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 2
    assert [c.id for c in store.list_conversations(include_deleted=True)] == [kept.id]
    fts_ok(store)
    assert store.purge_deleted(0) == 0


# ---- messages -----------------------------------------------------------------------------


def test_a_turn_from_user_message_to_finished_reply(
    store: ConversationStore, clock: FakeClock
) -> None:
    conversation = store.create_conversation()
    clock.advance(1)
    user = store.add_user_message(conversation.id, "What is WAL?", privacy="high")
    assert (user.role, user.status, user.seq, user.privacy) == ("user", "complete", 1, "high")
    assert store.get_conversation(conversation.id).updated_at == clock.now
    # Committed before generation starts: another connection already sees it.
    with sqlite3.connect(store.path) as other:
        assert other.execute("SELECT content FROM messages").fetchall() == [("What is WAL?",)]
    other.close()

    clock.advance(1)
    reply = store.begin_reply(conversation.id)
    assert (reply.role, reply.status, reply.content, reply.seq) == (
        "assistant",
        "streaming",
        "",
        2,
    )
    clock.advance(0.5)
    assert store.checkpoint_reply(reply.id, "Write-ahead")
    checkpointed = store.get_message(reply.id)
    assert (checkpointed.content, checkpointed.updated_at) == ("Write-ahead", clock.now)
    assert checkpointed.status == "streaming"

    clock.advance(0.5)
    meta = reply_meta(
        ReplyInfo(where="Local · rule 1", provider="local", model="m", completion_tokens=3),
        notice="Found an email address.",
    )
    done = store.finish_reply(reply.id, "Write-ahead logging.", meta=meta)
    assert (done.status, done.content, done.error_message) == (
        "complete",
        "Write-ahead logging.",
        None,
    )
    assert done.meta["completion_tokens"] == 3
    assert done.meta["notice"] == "Found an email address."
    assert done.meta["failed_attempts"] == []
    assert store.get_conversation(conversation.id).updated_at == clock.now
    # A late checkpoint (the worker's last tick) must not undo the final text.
    assert not store.checkpoint_reply(reply.id, "Write-")
    assert store.get_message(reply.id).content == "Write-ahead logging."
    assert [m.id for m in store.messages(conversation.id)] == [user.id, reply.id]


def test_finish_statuses(store: ConversationStore) -> None:
    conversation = store.create_conversation()
    cancelled = store.begin_reply(conversation.id)
    assert store.finish_reply(cancelled.id, "Half", status="cancelled").status == "cancelled"
    failed = store.begin_reply(conversation.id)
    error = store.finish_reply(failed.id, "", status="error", error_message="No network.")
    assert (error.status, error.error_message) == ("error", "No network.")
    broken = store.begin_reply(conversation.id)
    assert store.finish_reply(broken.id, "partial", status="interrupted").status == "interrupted"
    with pytest.raises(ValueError, match="status"):
        store.finish_reply(broken.id, "x", status="streaming")
    odd = store.begin_reply(conversation.id)
    meta = {"tokens_per_s": float("nan"), "when": datetime(2026, 1, 1), "pair": (1, 2)}
    kept = store.finish_reply(odd.id, "text survives odd metadata", meta=meta)
    assert kept.content == "text survives odd metadata"
    assert kept.meta["tokens_per_s"] is None
    assert kept.meta["pair"] == [1, 2]
    assert kept.meta["when"].startswith("2026-01-01")


def test_set_message_status_to_continue_a_reply(store: ConversationStore) -> None:
    conversation = store.create_conversation()
    reply = store.begin_reply(conversation.id)
    store.checkpoint_reply(reply.id, "Once upon")
    assert [m.id for m in store.recover_interrupted()] == [reply.id]
    store.set_message_status(reply.id, "streaming")
    assert store.checkpoint_reply(reply.id, "Once upon a time")
    store.finish_reply(reply.id, "Once upon a time, the end.")
    assert store.get_message(reply.id).status == "complete"
    with pytest.raises(ValueError):
        store.set_message_status(reply.id, "lost")


def test_recover_interrupted(store: ConversationStore, clock: FakeClock) -> None:
    first = store.create_conversation()
    second = store.create_conversation()
    store.add_user_message(first.id, "q1")
    a = store.begin_reply(first.id)
    store.checkpoint_reply(a.id, "partial one")
    b = store.begin_reply(second.id)
    done = store.begin_reply(second.id)
    store.finish_reply(done.id, "finished")
    clock.advance(5)
    recovered = store.recover_interrupted()
    assert {m.id: m.content for m in recovered} == {a.id: "partial one", b.id: ""}
    assert all(m.status == "interrupted" and m.updated_at == clock.now for m in recovered)
    assert store.get_message(a.id).status == "interrupted"
    for message in (*recovered, store.get_message(a.id)):  # how it ended, and why
        assert message.meta["stop_reason"] == "interrupted"
        assert message.meta["error"] == message.error_message == APP_CLOSED
    assert store.get_message(done.id).status == "complete"
    assert store.recover_interrupted() == []


def test_truncate_after_and_edit(store: ConversationStore, clock: FakeClock) -> None:
    conversation = store.create_conversation()
    q1 = store.add_user_message(conversation.id, "first")
    a1 = store.begin_reply(conversation.id)
    store.finish_reply(a1.id, "answer one")
    q2 = store.add_user_message(conversation.id, "second")
    a2 = store.begin_reply(conversation.id)
    store.finish_reply(a2.id, "answer two")
    # Regenerate the last answer: drop everything after the question.
    assert store.truncate_after(conversation.id, q2.id) == 1
    assert [m.id for m in store.messages(conversation.id)] == [q1.id, a1.id, q2.id]
    # Edit and resend the first question.
    clock.advance(30)
    edited = store.edit_message(q1.id, "first, reworded")
    assert (edited.content, edited.updated_at, edited.created_at) == (
        "first, reworded",
        clock.now,
        q1.created_at,
    )
    assert store.truncate_after(conversation.id, q1.id) == 2
    assert [m.content for m in store.messages(conversation.id)] == ["first, reworded"]
    # New messages continue the order after what was removed.
    again = store.begin_reply(conversation.id)
    assert again.seq == 2
    assert store.search("reworded")[0].message_id == q1.id
    assert store.search("answer") == []
    other = store.create_conversation()
    with pytest.raises(MessageNotFoundError):
        store.truncate_after(other.id, q1.id)
    fts_ok(store)


def test_drafts(store: ConversationStore) -> None:
    conversation = store.create_conversation()
    assert store.load_draft(None) == ""
    assert store.load_draft(conversation.id) == ""
    store.save_draft(None, "an idea for a new chat")
    store.save_draft(conversation.id, "a reply I am still writing")
    store.save_draft(conversation.id, "a reply I am still writing, longer")
    assert store.load_draft(None) == "an idea for a new chat"
    assert store.load_draft("") == "an idea for a new chat"
    assert store.load_draft(conversation.id) == "a reply I am still writing, longer"
    store.save_draft(None, "")
    assert store.load_draft(None) == ""
    assert store.load_draft(conversation.id) == "a reply I am still writing, longer"


def test_many_threads_share_one_store(store: ConversationStore) -> None:
    shared = store.create_conversation()
    own = [store.create_conversation() for _ in range(4)]
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def work(index: int) -> None:
        try:
            start.wait()
            for n in range(25):
                store.add_user_message(shared.id, f"t{index} n{n}")
                reply = store.begin_reply(own[index].id)
                store.checkpoint_reply(reply.id, "x" * n)
                store.finish_reply(reply.id, f"done {n}")
                store.save_draft(own[index].id, str(n))
                store.search(f"t{index}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [m.seq for m in store.messages(shared.id)] == list(range(1, 101))
    for index, conversation in enumerate(own):
        replies = store.messages(conversation.id)
        assert [m.content for m in replies] == [f"done {n}" for n in range(25)]
        assert store.load_draft(conversation.id) == "24"
        assert sum(1 for m in store.messages(shared.id) if m.content.startswith(f"t{index} ")) == 25
    fts_ok(store)


# ---- crash safety -----------------------------------------------------------------------------

CRASH_SCRIPT = """
import json, sys
from pathlib import Path
from agentic_desk.core.conversations import ConversationStore

store = ConversationStore(Path(sys.argv[1]))
conversation = store.create_conversation()
user = store.add_user_message(conversation.id, "Please remember this question.")
reply = store.begin_reply(conversation.id)
store.checkpoint_reply(reply.id, "The answer so")
store.checkpoint_reply(reply.id, "The answer so far is")
store.save_draft(conversation.id, "and a follow-up I was typing")
print(json.dumps([conversation.id, user.id, reply.id]), flush=True)
sys.stdin.readline()  # stay alive, mid-reply, until killed
"""


def test_nothing_is_lost_when_the_app_is_killed_mid_reply(db_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASH_SCRIPT, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
    finally:
        proc.kill()  # SIGKILL: no cleanup, no close, no final checkpoint
        proc.communicate()
    assert proc.returncode != 0
    conversation_id, user_id, reply_id = json.loads(line)
    assert db_path.with_name(db_path.name + "-wal").exists()  # the data is in the log

    with ConversationStore(db_path) as s:
        recovered = s.recover_interrupted()
        assert [(m.id, m.status, m.content) for m in recovered] == [
            (reply_id, "interrupted", "The answer so far is")
        ]
        messages = s.messages(conversation_id)
        assert [(m.id, m.role, m.content, m.status) for m in messages] == [
            (user_id, "user", "Please remember this question.", "complete"),
            (reply_id, "assistant", "The answer so far is", "interrupted"),
        ]
        assert s.load_draft(conversation_id) == "and a follow-up I was typing"
        fts_ok(s)


# ---- search --------------------------------------------------------------------------------


@pytest.fixture
def searchable(store: ConversationStore) -> dict[str, Conversation]:
    return {
        "bread": chat(
            store,
            "How do I bake sourdough bread?",
            "Feed the starter, then mix flour and water and wait for the dough to rise.",
        ),
        "garden": chat(
            store,
            "Which tomatoes grow near a wall?",
            "Cherry tomatoes do well near a warm wall; water them in the morning.",
            title="Garden plans",
        ),
        "cafe": chat(store, "Best café near the station?", "Try the one with the blue door."),
    }


def test_search_snippets_across_conversations(
    store: ConversationStore, searchable: dict[str, Conversation]
) -> None:
    hits = store.search("water")
    assert {h.conversation_id for h in hits} == {
        searchable["bread"].id,
        searchable["garden"].id,
    }
    for hit in hits:
        assert hit.message_id is not None
        assert f"{HIGHLIGHT_OPEN}water{HIGHLIGHT_CLOSE}" in hit.snippet
        assert hit.title == store.get_conversation(hit.conversation_id).title
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)

    title_hits = [h for h in store.search("garden") if h.message_id is None]
    assert [(h.conversation_id, h.snippet) for h in title_hits] == [
        (searchable["garden"].id, "«Garden» plans")
    ]
    # Every word must match; the last one is a prefix.
    assert {h.conversation_id for h in store.search("starter flo")} == {searchable["bread"].id}
    assert store.search("starter tomato") == []
    # A quoted phrase.
    assert len(store.search('"warm wall"')) == 1
    assert store.search('"wall warm"') == []
    # Accents do not matter.
    assert {h.conversation_id for h in store.search("cafe")} == {searchable["cafe"].id}
    assert len(store.search("the", limit=2)) == 2
    assert store.search("the", limit=0) == []
    assert store.search("   ") == []


def test_long_messages_get_short_snippets(store: ConversationStore) -> None:
    filler = " ".join(f"word{i}" for i in range(200))
    chat(store, f"{filler} needle {filler}", "ok")
    (hit,) = store.search("needle")
    assert "«needle»" in hit.snippet
    assert "…" in hit.snippet
    assert len(hit.snippet.split()) <= 14


def test_search_ignores_soft_deleted_conversations(
    store: ConversationStore, searchable: dict[str, Conversation]
) -> None:
    store.delete_conversation(searchable["garden"].id)
    assert {h.conversation_id for h in store.search("water")} == {searchable["bread"].id}
    assert store.search("garden") == []
    store.undo_delete(searchable["garden"].id)
    assert [h.message_id for h in store.search("garden")] == [None]  # the title


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        '"unbalanced',
        "AND",
        "OR",
        "NOT",
        "water AND",
        "AND water",
        "*",
        "wat*",
        "NEAR(",
        "NEAR(water wall, 2)",
        "content:water",
        "^water",
        "-water",
        "water)",
        "(((",
        "'; DROP TABLE messages; --",
        "{content}: water",
        "\x00",
        "ümlaut ß 水",
    ],
)
def test_search_is_safe_against_fts_syntax(
    store: ConversationStore, searchable: dict[str, Conversation], query: str
) -> None:
    hits = store.search(query)
    assert isinstance(hits, list)
    assert store._conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 6


def test_operators_are_searched_as_words(
    store: ConversationStore, searchable: dict[str, Conversation]
) -> None:
    assert {h.conversation_id for h in store.search("NEAR(")} == {
        searchable["garden"].id,
        searchable["cafe"].id,
    }
    and_hits = store.search("AND")
    assert {h.conversation_id for h in and_hits} == {searchable["bread"].id}
    assert "«and»" in and_hits[0].snippet
    assert {h.conversation_id for h in store.search('water "AND"')} == {searchable["bread"].id}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("water", '"water"*'),
        ("warm wall", '"warm" "wall"*'),
        ('"warm wall"', '"warm wall"'),
        ('"warm wall" tom', '"warm wall" "tom"*'),
        ("NEAR(a, b)", '"NEAR" "a" "b"*'),
        ('say "hi', '"say" "hi"*'),
        ('a"b', '"a" "b"*'),
        ("col:term*", '"col" "term"*'),
        ("*", None),
        ("", None),
        ('" "', None),
    ],
)
def test_fts_query(text: str, expected: str | None) -> None:
    assert fts_query(text) == expected
