"""The conversation database's SQLite schema and its ``user_version`` migrations.

The schema is versioned with ``PRAGMA user_version``: :data:`MIGRATIONS` upgrades it step
by step, each step in its own transaction (an existing database is copied aside before it
is upgraded, see :func:`upgrade`); a database from a newer app is refused with a
:class:`DatabaseTooNewError` and left untouched (:func:`refuse_newer`).

Full-text search uses two external-content FTS5 tables (message text, conversation
titles) kept in step by triggers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from agentic_desk.core.conversations import driver
from agentic_desk.core.conversations.errors import DatabaseTooNewError, StorageError
from agentic_desk.core.i18n import t

_FTS_TOKENIZER = "unicode61 remove_diacritics 2"

_SCHEMA_V1: tuple[str, ...] = (
    """
    CREATE TABLE conversations (
        num INTEGER PRIMARY KEY,  -- stable rowid for the FTS index (survives VACUUM)
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',  -- '' = untitled (shown as DEFAULT_TITLE)
        title_is_auto INTEGER NOT NULL DEFAULT 1,
        system_prompt TEXT,
        privacy TEXT NOT NULL DEFAULT 'normal',
        complexity TEXT,
        model TEXT,
        params TEXT NOT NULL DEFAULT '{}',
        pinned INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        deleted_at REAL
    )
    """,
    "CREATE INDEX conversations_listing ON conversations (deleted_at, pinned, updated_at)",
    """
    CREATE TABLE messages (
        num INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL
            REFERENCES conversations (id) ON DELETE CASCADE ON UPDATE CASCADE,
        seq INTEGER NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL DEFAULT '',
        privacy TEXT,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        status TEXT NOT NULL DEFAULT 'complete',
        error_message TEXT,
        meta TEXT NOT NULL DEFAULT '{}',
        UNIQUE (conversation_id, seq)
    )
    """,
    "CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming'",
    """
    CREATE TABLE drafts (
        conversation_id TEXT PRIMARY KEY,  -- '' = the new chat not created yet
        text TEXT NOT NULL,
        updated_at REAL NOT NULL
    )
    """,
    f"""
    CREATE VIRTUAL TABLE messages_fts USING fts5 (
        content, content='messages', content_rowid='num', tokenize='{_FTS_TOKENIZER}'
    )
    """,
    f"""
    CREATE VIRTUAL TABLE titles_fts USING fts5 (
        title, content='conversations', content_rowid='num', tokenize='{_FTS_TOKENIZER}'
    )
    """,
    """
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, content) VALUES (new.num, new.content);
    END
    """,
    """
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content)
            VALUES ('delete', old.num, old.content);
    END
    """,
    """
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content)
            VALUES ('delete', old.num, old.content);
        INSERT INTO messages_fts (rowid, content) VALUES (new.num, new.content);
    END
    """,
    """
    CREATE TRIGGER titles_fts_insert AFTER INSERT ON conversations BEGIN
        INSERT INTO titles_fts (rowid, title) VALUES (new.num, new.title);
    END
    """,
    """
    CREATE TRIGGER titles_fts_delete AFTER DELETE ON conversations BEGIN
        INSERT INTO titles_fts (titles_fts, rowid, title) VALUES ('delete', old.num, old.title);
    END
    """,
    """
    CREATE TRIGGER titles_fts_update AFTER UPDATE OF title ON conversations BEGIN
        INSERT INTO titles_fts (titles_fts, rowid, title) VALUES ('delete', old.num, old.title);
        INSERT INTO titles_fts (rowid, title) VALUES (new.num, new.title);
    END
    """,
)


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA_V1:
        conn.execute(statement)


_SCHEMA_V2: tuple[str, ...] = (
    # Sticky privacy (see .sticky): every time a conversation's level was raised because
    # of what it holds, or lowered by the user through the confirmation dialog.
    """
    CREATE TABLE privacy_changes (
        num INTEGER PRIMARY KEY,
        conversation_id TEXT NOT NULL
            REFERENCES conversations (id) ON DELETE CASCADE ON UPDATE CASCADE,
        changed_at REAL NOT NULL,
        kind TEXT NOT NULL,  -- 'raised' or 'lowered'
        from_level TEXT NOT NULL,
        to_level TEXT NOT NULL,
        listed TEXT NOT NULL DEFAULT '[]',  -- JSON: what was listed (kinds, places; no values)
        covers TEXT NOT NULL DEFAULT '[]'  -- JSON: the findings' keys it covers
    )
    """,
    "CREATE INDEX privacy_changes_by_conversation ON privacy_changes (conversation_id, num)",
)


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA_V2:
        conn.execute(statement)


_SCHEMA_V3: tuple[str, ...] = (
    # Conversations as a tree (see .tree): a message's parent is the message it answers or
    # follows (NULL: the first message); versions of a message are siblings. The path the
    # user sees goes, from the top, to the child most recently chosen (``chosen_at``).
    "ALTER TABLE messages ADD COLUMN parent_id TEXT",
    "ALTER TABLE messages ADD COLUMN chosen_at REAL NOT NULL DEFAULT 0",
    # Linear histories: each message follows the one before it; the latest is chosen.
    """
    UPDATE messages SET
        parent_id = (SELECT p.id FROM messages AS p
                      WHERE p.conversation_id = messages.conversation_id
                        AND p.seq < messages.seq ORDER BY p.seq DESC LIMIT 1),
        chosen_at = created_at
    """,
    "CREATE INDEX messages_children ON messages (conversation_id, parent_id)",
    # ``params`` becomes the conversation's own reply settings, which its turns honour
    # (see agentic_desk.core.turn). Until now every turn wrote the app's settings of the
    # moment into it: honoured, those copies would freeze old conversations at old
    # settings, so they go (each reply's metadata says what it was made with).
    "UPDATE conversations SET params = '{}'",
)


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA_V3:
        conn.execute(statement)


def _migrate_3_to_4(conn: sqlite3.Connection) -> None:
    # The assistant template a conversation was started from (its name; NULL: none).
    conn.execute("ALTER TABLE conversations ADD COLUMN template TEXT")


def _migrate_4_to_5(conn: sqlite3.Connection) -> None:
    # Pseudonymised sending (see .pseudonyms): whether the conversation may go to the cloud
    # with personal details replaced, whether its preview was confirmed, and its mapping
    # placeholder <-> real value (JSON; in this file, so encrypted when the store is).
    conn.execute(
        """
        CREATE TABLE pseudonyms (
            conversation_id TEXT PRIMARY KEY
                REFERENCES conversations (id) ON DELETE CASCADE ON UPDATE CASCADE,
            enabled INTEGER NOT NULL DEFAULT 0,
            confirmed INTEGER NOT NULL DEFAULT 0,
            mapping TEXT NOT NULL DEFAULT ''
        )
        """
    )


Migration = Callable[[sqlite3.Connection], None]

# MIGRATIONS[n] upgrades a database from version n to n + 1 (inside a transaction that
# also sets ``user_version``). Append only; never edit a released step.
MIGRATIONS: list[Migration] = [
    _migrate_0_to_1,
    _migrate_1_to_2,
    _migrate_2_to_3,
    _migrate_3_to_4,
    _migrate_4_to_5,
]


def schema_version() -> int:
    """The schema version this app writes."""
    return len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version of the open database (0 for a new, empty file). Raises
    :class:`sqlite3.DatabaseError` when the file is not a database."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def refuse_newer(version: int, path: Path) -> None:
    """:class:`DatabaseTooNewError` if ``version`` is newer than this app writes; call it
    before changing anything in the file."""
    current = schema_version()
    if version > current:
        raise DatabaseTooNewError(
            t(
                "The conversation database {path} was written by a newer version of Agentic Desk "
                "(schema {version}; this version understands up to {current}).",
                path=path,
                version=version,
                current=current,
            ),
            t("Update Agentic Desk to open it. The file was not changed."),
        )


def upgrade(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Bring the database at ``path`` (open as ``conn``, in autocommit mode) from
    ``version`` to :func:`schema_version`. A database with data is first copied to
    ``<name>.v<version>.bak``; each step commits on its own, so a failed step leaves the
    last complete version (:class:`StorageError`)."""
    current = schema_version()
    if 0 < version < current:
        _backup_before_migration(conn, path, version)
    for step in range(version, current):
        _migrate(conn, path, step)


def _backup_before_migration(conn: sqlite3.Connection, path: Path, version: int) -> None:
    backup_path = path.with_name(f"{path.name}.v{version}.bak")
    try:
        driver.backup_to(conn, backup_path)  # an encrypted database's copy is encrypted
    except driver.ERRORS as exc:
        raise StorageError(
            t(
                "Could not copy the conversation database to {backup_path} before upgrading it: "
                "{exc}.",
                backup_path=backup_path,
                exc=exc,
            ),
            t("Free some disk space and start the app again; nothing was changed."),
        ) from exc


def _migrate(conn: sqlite3.Connection, path: Path, step: int) -> None:
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[step](conn)
            conn.execute(f"PRAGMA user_version = {step + 1}")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except driver.ERRORS as exc:
        raise StorageError(
            t(
                "Could not upgrade the conversation database {path} from schema {step} to "
                "{step2}: {exc}.",
                path=path,
                step=step,
                step2=step + 1,
                exc=exc,
            ),
            t("The database was left at the last complete version; please report this."),
        ) from exc


__all__ = [
    "MIGRATIONS",
    "Migration",
    "refuse_newer",
    "schema_version",
    "upgrade",
    "user_version",
]
