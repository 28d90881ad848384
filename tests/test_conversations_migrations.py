"""The conversation database's schema versions: upgrades, backups, rollbacks, refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from agentic_desk.core.conversations import (
    ConversationStore,
    DatabaseTooNewError,
    StorageError,
)
from agentic_desk.core.conversations import schema as schema_mod
from agentic_desk.core.errors import AgenticDeskError
from conversation_helpers import (  # noqa: F401 (fixtures)
    FakeClock,
    chat,
    clock_fixture,
    db_path_fixture,
    file_digest,
    pragma,
    store_fixture,
)

CURRENT = schema_mod.schema_version()  # the lead renumbers steps at merge; tests follow


def test_upgrade_from_version_0(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 0
    raw.close()
    with ConversationStore(db_path) as s:
        assert pragma(s, "user_version") == schema_mod.schema_version() == CURRENT
        tables = {
            row[0] for row in s._conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        assert {
            "conversations",
            "messages",
            "drafts",
            "messages_fts",
            "titles_fts",
            "privacy_changes",
        } <= tables
        assert s.list_conversations() == []
    assert not list(db_path.parent.glob("*.bak"))  # nothing to keep from an empty file


def test_upgrade_keeps_data_and_a_backup(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    with ConversationStore(db_path, clock=clock) as s:
        conversation = chat(s, "keep me", "kept")

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE conversations ADD COLUMN colour TEXT")

    monkeypatch.setattr(schema_mod, "MIGRATIONS", [*schema_mod.MIGRATIONS, add_column])
    with ConversationStore(db_path, clock=clock) as s:
        assert pragma(s, "user_version") == CURRENT + 1
        assert [m.content for m in s.messages(conversation.id)] == ["keep me", "kept"]
    backup = db_path.with_name(db_path.name + f".v{CURRENT}.bak")
    with sqlite3.connect(backup) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == CURRENT
        assert raw.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 2
    raw.close()


def test_a_failing_migration_is_rolled_back(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with ConversationStore(db_path) as s:
        conversation = s.create_conversation(title="Safe")

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE conversations ADD COLUMN half_done TEXT")
        conn.execute("THIS IS NOT SQL")

    monkeypatch.setattr(schema_mod, "MIGRATIONS", [*schema_mod.MIGRATIONS, broken])
    with pytest.raises(StorageError, match=f"from schema {CURRENT} to {CURRENT + 1}"):
        ConversationStore(db_path)
    monkeypatch.undo()
    with ConversationStore(db_path) as s:
        assert pragma(s, "user_version") == CURRENT
        columns = {row[1] for row in s._conn.execute("PRAGMA table_info(conversations)")}
        assert "half_done" not in columns
        assert s.get_conversation(conversation.id).title == "Safe"


def test_a_newer_database_is_refused_and_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as raw:
        raw.execute("CREATE TABLE future (x)")
        raw.execute("PRAGMA user_version = 99")
    raw.close()
    before = file_digest(db_path)
    with pytest.raises(DatabaseTooNewError) as caught:
        ConversationStore(db_path)
    assert isinstance(caught.value, AgenticDeskError)
    assert "newer version" in caught.value.message
    assert "99" in caught.value.message
    assert "not changed" in caught.value.hint
    assert file_digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_a_file_that_is_not_a_database(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is not sqlite, it is a shopping list\n" * 100)
    before = file_digest(db_path)
    with pytest.raises(StorageError, match="not a conversation database"):
        ConversationStore(db_path)
    assert file_digest(db_path) == before


def _version_1_database(db_path: Path) -> None:
    """A database as version 1 of the schema left it, with one conversation."""
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as raw:
        schema_mod.MIGRATIONS[0](raw)
        raw.execute(
            "INSERT INTO conversations (id, title, privacy, created_at, updated_at) "
            "VALUES ('c1', 'Old', 'normal', 1, 1)"
        )
        raw.execute(
            "INSERT INTO messages (id, conversation_id, seq, role, content, created_at, "
            "updated_at) VALUES ('m1', 'c1', 1, 'user', 'my card is 4111 1111 1111 1111', 1, 1)"
        )
        raw.execute("PRAGMA user_version = 1")
    raw.close()


def test_upgrade_from_version_1_adds_the_privacy_record(db_path: Path, clock: FakeClock) -> None:
    _version_1_database(db_path)
    with ConversationStore(db_path, clock=clock) as s:
        assert pragma(s, "user_version") == CURRENT
        columns = {row[1] for row in s._conn.execute("PRAGMA table_info(privacy_changes)")}
        assert {"conversation_id", "changed_at", "kind", "from_level", "to_level"} <= columns
        assert {"listed", "covers"} <= columns
        assert s.get_conversation("c1").privacy == "normal"  # upgrading changes no level
        assert s.privacy_changes("c1") == []
        assert [m.content for m in s.messages("c1")] == ["my card is 4111 1111 1111 1111"]
    assert db_path.with_name(db_path.name + ".v1.bak").is_file()


def _version_2_database(db_path: Path) -> None:
    """A database as the release before conversation trees and templates left it
    (schema 2): a conversation of two turns, its params copied from the settings of the
    day, and one with a system prompt."""
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as raw:
        schema_mod.MIGRATIONS[0](raw)
        schema_mod.MIGRATIONS[1](raw)
        raw.execute(
            "INSERT INTO conversations (id, title, privacy, params, created_at, updated_at) "
            "VALUES ('c1', 'Letter', 'normal', '{\"max_new_tokens\": 512}', 1, 4)"
        )
        for seq, (role, text) in enumerate(
            [
                ("user", "draft a letter"),
                ("assistant", "Dear Sir"),
                ("user", "shorter"),
                ("assistant", "Sir"),
            ],
            1,
        ):
            raw.execute(
                "INSERT INTO messages (id, conversation_id, seq, role, content, created_at, "
                "updated_at) VALUES (?, 'c1', ?, ?, ?, ?, ?)",
                (f"m{seq}", seq, role, text, seq, seq),
            )
        raw.execute(
            "INSERT INTO conversations (id, title, system_prompt, privacy, created_at, "
            "updated_at) VALUES ('c2', 'Letter', 'Be formal.', 'high', 1, 1)"
        )
        raw.execute(
            "INSERT INTO messages (id, conversation_id, seq, role, content, created_at, "
            "updated_at) VALUES ('m0', 'c2', 1, 'user', 'Dear landlord', 1, 1)"
        )
        raw.execute("PRAGMA user_version = 2")
    raw.close()


def test_upgrade_from_version_2_makes_each_history_one_path(
    db_path: Path, clock: FakeClock
) -> None:
    _version_2_database(db_path)
    with ConversationStore(db_path, clock=clock) as s:
        assert pragma(s, "user_version") == CURRENT
        shown = s.messages("c1")
        assert [m.content for m in shown] == ["draft a letter", "Dear Sir", "shorter", "Sir"]
        assert [m.parent_id for m in shown] == [None, "m1", "m2", "m3"]
        assert s.get_conversation("c1").params == {}  # a copy of old settings, not a choice
        newer = s.add_version("m2", "Dear Madam")  # versions work on upgraded data
        assert [m.content for m in s.messages("c1")] == ["draft a letter", "Dear Madam"]
        assert s.versions(newer.id).ids == ("m2", newer.id)
        s.choose("m4")
        assert [m.id for m in s.messages("c1")] == ["m1", "m2", "m3", "m4"]
    backup = db_path.with_name(db_path.name + ".v2.bak")
    with sqlite3.connect(backup) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 2
        assert raw.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 5
    raw.close()


def test_upgrade_from_version_2_adds_the_template_column(db_path: Path, clock: FakeClock) -> None:
    _version_2_database(db_path)
    with ConversationStore(db_path, clock=clock) as s:
        assert pragma(s, "user_version") == CURRENT
        columns = {row[1] for row in s._conn.execute("PRAGMA table_info(conversations)")}
        assert "template" in columns
        old = s.get_conversation("c2")
        assert old.template is None  # nothing was started from a template before
        assert (old.system_prompt, old.privacy, old.title) == ("Be formal.", "high", "Letter")
        assert [m.content for m in s.messages("c2")] == ["Dear landlord"]
        s.set_template("c2", "Formal letter")
        assert s.get_conversation("c2").template == "Formal letter"
        made = s.create_conversation(template="Complaint", system_prompt="Be firm.")
        assert s.get_conversation(made.id).template == "Complaint"
    backup = db_path.with_name(db_path.name + ".v2.bak")
    with sqlite3.connect(backup) as raw:
        columns = {row[1] for row in raw.execute("PRAGMA table_info(conversations)")}
        assert "template" not in columns  # the copy kept from before the upgrade
    raw.close()
