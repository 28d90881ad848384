"""The Trash: deleted conversations are kept, listed and restorable until it is emptied;
emptying removes their text from the database file and its write-ahead log, byte for byte."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from agentic_desk.core.conversations import ConversationNotFoundError, ConversationStore
from conversation_helpers import (  # noqa: F401 (fixtures)
    FakeClock,
    chat,
    clock_fixture,
    db_path_fixture,
    fts_ok,
    store_fixture,
)

MARKER = "zqxvmarker7741plum"  # in no other test, no model, no schema


def raw_bytes(db_path: Path) -> bytes:
    """The database file and its log, as they are on disk right now."""
    data = b""
    for suffix in ("", "-wal"):
        part = db_path.with_name(db_path.name + suffix)
        if part.exists():
            data += part.read_bytes()
    return data


def test_trash_lists_restores_and_empties(store: ConversationStore, clock: FakeClock) -> None:
    first = chat(store, "first llama", "ok")
    second = chat(store, "second llama", "ok")
    kept = chat(store, "kept llama", "ok")
    assert store.trash() == []
    store.delete_conversation(first.id)
    clock.advance(10)
    store.delete_conversation(second.id)
    assert [c.id for c in store.trash()] == [second.id, first.id]  # latest first
    assert all(c.deleted for c in store.trash())
    assert [c.id for c in store.list_conversations()] == [kept.id]

    restored = store.restore(second.id)
    assert not restored.deleted
    assert [c.id for c in store.trash()] == [first.id]
    assert {c.id for c in store.list_conversations()} == {kept.id, second.id}
    assert {h.conversation_id for h in store.search("llama")} == {kept.id, second.id}

    assert store.empty_trash() == 1
    assert store.trash() == []
    with pytest.raises(ConversationNotFoundError):
        store.restore(first.id)
    with pytest.raises(ConversationNotFoundError):
        store.restore("nope")
    fts_ok(store)
    assert store.empty_trash() == 0


def test_purge_follows_the_age_in_the_trash(store: ConversationStore, clock: FakeClock) -> None:
    old = chat(store, "old", "ok")
    store.delete_conversation(old.id)
    clock.advance(3 * 86400)
    recent = chat(store, "recent", "ok")
    store.delete_conversation(recent.id)
    assert store.purge_deleted(2 * 86400) == 1
    assert [c.id for c in store.trash()] == [recent.id]


def test_emptied_text_is_gone_from_the_file_and_the_log(db_path: Path, clock: FakeClock) -> None:
    store = ConversationStore(db_path, clock=clock)
    doomed = chat(store, f"my secret {MARKER} words", f"noted: {MARKER}")
    store.rename(doomed.id, f"about {MARKER}")
    store.save_draft(doomed.id, f"draft {MARKER}")
    for n in range(40):  # other conversations, so the purge frees only part of the file
        chat(store, f"other conversation {n} " + "filler text " * 50, "ok")
    store.delete_conversation(doomed.id)
    assert MARKER.encode() in raw_bytes(db_path)  # the control: deleted is not gone
    assert store.search(MARKER) == []

    assert store.empty_trash() == 1
    assert MARKER.encode() not in raw_bytes(db_path)  # while open: the file and its log
    store.close()
    assert MARKER.encode() not in raw_bytes(db_path)
    with ConversationStore(db_path, clock=clock) as reopened:
        assert reopened.search(MARKER) == []
        assert len(reopened.list_conversations()) == 40


def test_a_large_purge_compacts_the_file(db_path: Path, clock: FakeClock) -> None:
    with ConversationStore(db_path, clock=clock) as store:
        for n in range(30):
            conv = chat(store, f"conversation {n} " + "words " * 400, "ok")
            store.delete_conversation(conv.id)
        chat(store, "the one kept", "ok")
        before = store._conn.execute("PRAGMA page_count").fetchone()[0]
        assert store.empty_trash() == 30
        after = store._conn.execute("PRAGMA page_count").fetchone()[0]
        assert store._conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        assert after < before / 2
        wal = db_path.with_name(db_path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0  # checkpointed and truncated


@pytest.mark.skipif(os.name == "nt", reason="other platform: POSIX file modes")
def test_database_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        folder = tmp_path / "data"
        with ConversationStore(folder / "conversations.db") as store:
            chat(store, "hello", "hi")
            files = sorted(folder.iterdir())
            assert [f.name for f in files] == [
                "conversations.db",
                "conversations.db-shm",
                "conversations.db-wal",
            ]
            for path in files:
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        os.umask(old)
