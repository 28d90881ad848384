"""The conversation store: every conversation, message and draft, in one SQLite file.

The app's promise is that nothing the user typed is ever lost, so:

* a user's message is committed *before* a reply is generated, and that commit is made
  with ``synchronous=FULL`` (SQLite fsyncs the write-ahead log), so it survives a crash,
  a kill and a power cut;
* a reply is a row from its first token: :meth:`ConversationStore.begin_reply` creates
  it as ``streaming``, :meth:`~ConversationStore.checkpoint_reply` saves its text every
  half second or so (one UPDATE, ``synchronous=NORMAL``: safe against the app dying,
  cheap enough to call often), :meth:`~ConversationStore.finish_reply` closes it;
* on start-up :meth:`~ConversationStore.recover_interrupted` turns every reply still
  ``streaming`` (the app was killed mid-reply) into ``interrupted``, keeping its text;
* the unsent text of the input box is a draft, one per conversation (``""`` for a new
  chat);
* deleting a conversation is a soft delete (undo is possible) until
  :meth:`~ConversationStore.purge_deleted`.

The database runs in WAL mode with foreign keys on, ``synchronous=NORMAL`` by default
and a busy timeout. Its schema is versioned with ``PRAGMA user_version``: :data:`MIGRATIONS`
upgrades it step by step, each step in its own transaction (an existing database is
copied aside before it is upgraded); a database from a newer app is refused with a
:class:`DatabaseTooNewError` and left untouched.

Full-text search uses two external-content FTS5 tables (message text, conversation
titles) kept in step by triggers; user input is turned into quoted terms, so FTS syntax
in a query is just text.

Thread-safety: one connection (``check_same_thread=False``) guarded by a re-entrant
lock; every public method takes the lock, so a store can be shared by the GUI thread
and worker threads. Methods are short; the lock is never held while waiting on anything
but SQLite.

All timestamps are UTC epoch seconds (floats) from an injectable clock.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import re
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agentic_desk.core.errors import AgenticDeskError

if TYPE_CHECKING:
    from agentic_desk.core.chat import ReplyInfo

# ---- vocabulary -----------------------------------------------------------------------

PRIVACY_LEVELS: tuple[str, ...] = ("low", "normal", "high", "local_only")
COMPLEXITY_LEVELS: tuple[str, ...] = ("low", "medium", "high")
ROLES: tuple[str, ...] = ("system", "user", "assistant")
STATUSES: tuple[str, ...] = ("complete", "streaming", "interrupted", "error", "cancelled")
FINISH_STATUSES: tuple[str, ...] = ("complete", "cancelled", "error", "interrupted")

DEFAULT_TITLE = "New chat"
TITLE_MAX_WORDS = 8
TITLE_MAX_CHARS = 60

HIGHLIGHT_OPEN = "«"  # search snippets mark the matched words with these
HIGHLIGHT_CLOSE = "»"
SNIPPET_ELLIPSIS = "…"
SNIPPET_TOKENS = 12

EXPORT_FORMAT = "agentic-desk-conversation"
EXPORT_VERSION = 1

BUSY_TIMEOUT_S = 5.0

Clock = Callable[[], float]


# ---- errors ---------------------------------------------------------------------------


class ConversationError(AgenticDeskError):
    """Base of the conversation store's errors."""


class ConversationNotFoundError(ConversationError):
    def __init__(self, conversation_id: str) -> None:
        super().__init__(
            f"The conversation {conversation_id!r} does not exist.",
            "It may have been deleted for good; choose another conversation.",
        )


class MessageNotFoundError(ConversationError):
    def __init__(self, message_id: str) -> None:
        super().__init__(
            f"The message {message_id!r} does not exist.",
            "It may have been removed by a regenerate or an edit.",
        )


class DatabaseTooNewError(ConversationError):
    """The database was written by a newer version of the app; it is left untouched."""


class StorageError(ConversationError):
    """SQLite could not read or write the database (disk full, locked, damaged...)."""


class ConversationImportError(ConversationError):
    """An exported conversation could not be imported; the message names the field."""


# ---- records --------------------------------------------------------------------------


@dataclass(frozen=True)
class Conversation:
    id: str
    title: str  # never empty: DEFAULT_TITLE until a title is made or chosen
    title_is_auto: bool  # False once the user renamed it
    system_prompt: str | None
    privacy: str  # one of PRIVACY_LEVELS
    complexity: str | None  # None or one of COMPLEXITY_LEVELS
    model: str | None
    params: dict[str, Any]
    pinned: bool
    created_at: float
    updated_at: float  # last change to its messages (settings and renames do not count)
    deleted_at: float | None = None  # set while soft-deleted

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True)
class Message:
    id: str
    conversation_id: str
    seq: int  # order within the conversation, from 1
    role: str  # one of ROLES
    content: str
    privacy: str | None  # this message's own level, if the user set one
    created_at: float
    updated_at: float
    status: str  # one of STATUSES
    error_message: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # ReplyInfo fields, notice, findings


@dataclass(frozen=True)
class SearchHit:
    conversation_id: str
    message_id: str | None  # None: the conversation's title matched
    title: str
    snippet: str  # matched words between HIGHLIGHT_OPEN and HIGHLIGHT_CLOSE
    rank: float  # bm25: smaller is better; hits come best first


# ---- schema and migrations --------------------------------------------------------------

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


Migration = Callable[[sqlite3.Connection], None]

# MIGRATIONS[n] upgrades a database from version n to n + 1 (inside a transaction that
# also sets ``user_version``). Append only; never edit a released step.
MIGRATIONS: list[Migration] = [_migrate_0_to_1]


def schema_version() -> int:
    """The schema version this app writes."""
    return len(MIGRATIONS)


# ---- the store ------------------------------------------------------------------------

_CONVERSATION_COLUMNS = (
    "id, title, title_is_auto, system_prompt, privacy, complexity, model, params, pinned, "
    "created_at, updated_at, deleted_at"
)
_MESSAGE_COLUMNS = (
    "id, conversation_id, seq, role, content, privacy, created_at, updated_at, status, "
    "error_message, meta"
)


class ConversationStore:
    """Conversations, messages and drafts in the SQLite file at ``path``.

    Thread-safe: one connection shared under a re-entrant lock (see the module docs).
    Close it with :meth:`close` (or use it as a context manager).
    """

    def __init__(self, path: Path, *, clock: Clock = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"Could not create the folder for the conversations ({self.path.parent}): "
                f"{exc.strerror or exc}.",
                "Check that the data folder is writable.",
            ) from exc
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,  # autocommit; transactions are explicit
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise StorageError(
                f"Could not open the conversation database {self.path}: {exc}.",
                "Check that the file and its folder are readable and writable.",
            ) from exc
        self._conn = conn
        try:
            self._open()
        except BaseException:
            conn.close()
            raise

    # ---- opening and closing -----------------------------------------------------------

    def _open(self) -> None:
        conn = self._conn
        conn.row_factory = sqlite3.Row
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            # Read the version before changing anything: a newer database stays untouched.
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise StorageError(
                f"{self.path} is not a conversation database that can be read ({exc}).",
                "The file was left as it is. Move it away to start with an empty history, "
                "or restore a backup.",
            ) from exc
        current = schema_version()
        if version > current:
            raise DatabaseTooNewError(
                f"The conversation database {self.path} was written by a newer version of "
                f"Agentic Desk (schema {version}; this version understands up to {current}).",
                "Update Agentic Desk to open it. The file was not changed.",
            )
        try:
            mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA secure_delete = ON")  # purged text is overwritten on disk
        except sqlite3.DatabaseError as exc:
            raise StorageError(
                f"Could not set up the conversation database {self.path}: {exc}.",
                "Check that the file and its folder are writable.",
            ) from exc
        if mode != "wal":
            raise StorageError(
                f"The conversation database {self.path} cannot use write-ahead logging "
                f"(journal mode {mode!r}).",
                "Keep the data folder on a local disk (not a network share).",
            )
        if 0 < version < current:
            self._backup_before_migration(version)
        for step in range(version, current):
            self._migrate(step)

    def _backup_before_migration(self, version: int) -> None:
        backup_path = self.path.with_name(f"{self.path.name}.v{version}.bak")
        try:
            with contextlib.closing(sqlite3.connect(backup_path)) as target:
                self._conn.backup(target)
        except sqlite3.Error as exc:
            raise StorageError(
                f"Could not copy the conversation database to {backup_path} before "
                f"upgrading it: {exc}.",
                "Free some disk space and start the app again; nothing was changed.",
            ) from exc

    def _migrate(self, step: int) -> None:
        conn = self._conn
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
        except sqlite3.Error as exc:
            raise StorageError(
                f"Could not upgrade the conversation database {self.path} from schema "
                f"{step} to {step + 1}: {exc}.",
                "The database was left at the last complete version; please report this.",
            ) from exc

    def close(self) -> None:
        with self._lock:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("PRAGMA optimize")
            self._conn.close()

    def __enter__(self) -> ConversationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- plumbing -----------------------------------------------------------------------

    def _now(self) -> float:
        return float(self._clock())

    @contextlib.contextmanager
    def _storage_errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise  # a bug, not the disk
        except sqlite3.DatabaseError as exc:
            raise StorageError(
                f"Could not {doing}: {exc}.",
                "Check free disk space and that the data folder is writable; "
                "if the file is damaged, restore a backup.",
            ) from exc

    @contextlib.contextmanager
    def _write(self, doing: str, *, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """One write transaction. ``durable``: fsync the log at commit (synchronous=FULL)."""
        with self._lock, self._storage_errors(doing):
            conn = self._conn
            if durable:
                conn.execute("PRAGMA synchronous = FULL")
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            finally:
                if durable:
                    conn.execute("PRAGMA synchronous = NORMAL")

    @contextlib.contextmanager
    def _read(self, doing: str) -> Iterator[sqlite3.Connection]:
        with self._lock, self._storage_errors(doing):
            yield self._conn

    def _conversation_row(self, conn: sqlite3.Connection, conversation_id: str) -> sqlite3.Row:
        row: sqlite3.Row | None = conn.execute(
            f"SELECT {_CONVERSATION_COLUMNS} FROM conversations WHERE id = ?",
            (conversation_id,),
        ).fetchone()
        if row is None:
            raise ConversationNotFoundError(conversation_id)
        return row

    def _message_row(self, conn: sqlite3.Connection, message_id: str) -> sqlite3.Row:
        row: sqlite3.Row | None = conn.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE id = ?", (message_id,)
        ).fetchone()
        if row is None:
            raise MessageNotFoundError(message_id)
        return row

    def _touch(self, conn: sqlite3.Connection, conversation_id: str, now: float) -> None:
        conn.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (now, conversation_id))

    def _update_conversation(self, conversation_id: str, column: str, value: object) -> None:
        with self._write("save the conversation") as conn:
            cursor = conn.execute(
                f"UPDATE conversations SET {column} = ? WHERE id = ?", (value, conversation_id)
            )
            if cursor.rowcount == 0:
                raise ConversationNotFoundError(conversation_id)

    def _insert_message(
        self,
        conn: sqlite3.Connection,
        conversation_id: str,
        *,
        role: str,
        content: str,
        status: str,
        now: float,
        privacy: str | None = None,
    ) -> Message:
        self._conversation_row(conn, conversation_id)
        seq = int(
            conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE conversation_id = ?",
                (conversation_id,),
            ).fetchone()[0]
        )
        message = Message(
            id=_new_id(),
            conversation_id=conversation_id,
            seq=seq,
            role=role,
            content=content,
            privacy=privacy,
            created_at=now,
            updated_at=now,
            status=status,
        )
        conn.execute(
            f"INSERT INTO messages ({_MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                message.id,
                conversation_id,
                seq,
                role,
                content,
                privacy,
                now,
                now,
                status,
                None,
                "{}",
            ),
        )
        self._touch(conn, conversation_id, now)
        return message

    # ---- conversations ------------------------------------------------------------------

    def create_conversation(
        self,
        *,
        title: str | None = None,
        system_prompt: str | None = None,
        privacy: str = "normal",
        complexity: str | None = None,
        model: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Conversation:
        """A new, empty conversation. Without a title it is titled automatically later."""
        _check_choice("privacy", privacy, PRIVACY_LEVELS)
        _check_optional_choice("complexity", complexity, COMPLEXITY_LEVELS)
        clean_title = (title or "").strip()
        now = self._now()
        conversation_id = _new_id()
        with self._write("create a conversation") as conn:
            conn.execute(
                f"INSERT INTO conversations ({_CONVERSATION_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                (
                    conversation_id,
                    clean_title,
                    0 if clean_title else 1,
                    system_prompt,
                    privacy,
                    complexity,
                    model,
                    _dump_json(params or {}),
                    0,
                    now,
                    now,
                ),
            )
            return _conversation(self._conversation_row(conn, conversation_id))

    def get_conversation(self, conversation_id: str) -> Conversation:
        """The conversation (also while soft-deleted); :class:`ConversationNotFoundError`."""
        with self._read("read the conversation") as conn:
            return _conversation(self._conversation_row(conn, conversation_id))

    def list_conversations(self, *, include_deleted: bool = False) -> list[Conversation]:
        """Pinned first, then the most recently active first."""
        where = "" if include_deleted else "WHERE deleted_at IS NULL"
        with self._read("list the conversations") as conn:
            rows = conn.execute(
                f"SELECT {_CONVERSATION_COLUMNS} FROM conversations {where} "
                "ORDER BY pinned DESC, updated_at DESC, num DESC"
            ).fetchall()
        return [_conversation(row) for row in rows]

    def rename(self, conversation_id: str, title: str) -> Conversation:
        """The user's own title (no longer automatic). An empty title makes it automatic
        again (see :meth:`auto_title`)."""
        clean = " ".join(title.split())
        with self._write("rename the conversation") as conn:
            cursor = conn.execute(
                "UPDATE conversations SET title = ?, title_is_auto = ? WHERE id = ?",
                (clean, 0 if clean else 1, conversation_id),
            )
            if cursor.rowcount == 0:
                raise ConversationNotFoundError(conversation_id)
            return _conversation(self._conversation_row(conn, conversation_id))

    def set_pinned(self, conversation_id: str, pinned: bool) -> None:
        self._update_conversation(conversation_id, "pinned", 1 if pinned else 0)

    def set_privacy(self, conversation_id: str, privacy: str) -> None:
        _check_choice("privacy", privacy, PRIVACY_LEVELS)
        self._update_conversation(conversation_id, "privacy", privacy)

    def set_complexity(self, conversation_id: str, complexity: str | None) -> None:
        _check_optional_choice("complexity", complexity, COMPLEXITY_LEVELS)
        self._update_conversation(conversation_id, "complexity", complexity)

    def set_model(self, conversation_id: str, model: str | None) -> None:
        self._update_conversation(conversation_id, "model", model)

    def set_system_prompt(self, conversation_id: str, system_prompt: str | None) -> None:
        self._update_conversation(conversation_id, "system_prompt", system_prompt or None)

    def set_params(self, conversation_id: str, params: Mapping[str, Any]) -> None:
        self._update_conversation(conversation_id, "params", _dump_json(params))

    def delete_conversation(self, conversation_id: str) -> None:
        """Soft delete: hidden from lists and search until :meth:`undo_delete` or
        :meth:`purge_deleted`."""
        now = self._now()
        with self._write("delete the conversation") as conn:
            self._conversation_row(conn, conversation_id)
            conn.execute(
                "UPDATE conversations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (now, conversation_id),
            )

    def undo_delete(self, conversation_id: str) -> None:
        self._update_conversation(conversation_id, "deleted_at", None)

    def purge_deleted(self, older_than_s: float) -> int:
        """Remove for good the conversations deleted at least ``older_than_s`` seconds ago
        (their messages and drafts too); returns how many. The text is overwritten on disk
        (``secure_delete``, search index optimised, log checkpointed)."""
        cutoff = self._now() - older_than_s
        with self._write("remove deleted conversations") as conn:
            ids = [
                str(row[0])
                for row in conn.execute(
                    "SELECT id FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= ?",
                    (cutoff,),
                )
            ]
            for conversation_id in ids:
                conn.execute("DELETE FROM drafts WHERE conversation_id = ?", (conversation_id,))
                conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
            if ids:
                conn.execute("INSERT INTO messages_fts (messages_fts) VALUES ('optimize')")
                conn.execute("INSERT INTO titles_fts (titles_fts) VALUES ('optimize')")
        if ids:
            with self._read("tidy the database"):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return len(ids)

    # ---- messages -------------------------------------------------------------------------

    def add_user_message(
        self, conversation_id: str, text: str, *, privacy: str | None = None
    ) -> Message:
        """Store the user's message durably (fsync'd) — call it before generating."""
        _check_optional_choice("privacy", privacy, PRIVACY_LEVELS)
        now = self._now()
        with self._write("save your message", durable=True) as conn:
            return self._insert_message(
                conn,
                conversation_id,
                role="user",
                content=text,
                status="complete",
                now=now,
                privacy=privacy,
            )

    def begin_reply(self, conversation_id: str) -> Message:
        """An empty assistant message with status ``streaming``."""
        now = self._now()
        with self._write("start the reply") as conn:
            return self._insert_message(
                conn, conversation_id, role="assistant", content="", status="streaming", now=now
            )

    def checkpoint_reply(self, message_id: str, text: str) -> bool:
        """Save the text streamed so far (one UPDATE). False if the message is no longer
        streaming (finished, or removed by a regenerate): nothing is changed then."""
        now = self._now()
        with self._write("save the reply so far") as conn:
            cursor = conn.execute(
                "UPDATE messages SET content = ?, updated_at = ? "
                "WHERE id = ? AND status = 'streaming'",
                (text, now, message_id),
            )
            return cursor.rowcount > 0

    def finish_reply(
        self,
        message_id: str,
        text: str,
        *,
        status: str = "complete",
        meta: Mapping[str, Any] | None = None,
        error_message: str | None = None,
    ) -> Message:
        """The reply's final text, status and metadata (see :func:`reply_meta`)."""
        _check_choice("status", status, FINISH_STATUSES)
        now = self._now()
        with self._write("save the reply", durable=True) as conn:
            row = self._message_row(conn, message_id)
            conn.execute(
                "UPDATE messages SET content = ?, status = ?, meta = ?, error_message = ?, "
                "updated_at = ? WHERE id = ?",
                (text, status, _dump_json(meta or {}), error_message, now, message_id),
            )
            self._touch(conn, str(row["conversation_id"]), now)
            return _message(self._message_row(conn, message_id))

    def set_message_status(self, message_id: str, status: str) -> None:
        """Change a message's status only (e.g. back to ``streaming`` to continue an
        interrupted reply)."""
        _check_choice("status", status, STATUSES)
        now = self._now()
        with self._write("save the message") as conn:
            cursor = conn.execute(
                "UPDATE messages SET status = ?, updated_at = ? WHERE id = ?",
                (status, now, message_id),
            )
            if cursor.rowcount == 0:
                raise MessageNotFoundError(message_id)

    def recover_interrupted(self) -> list[Message]:
        """Call once at start-up: replies still ``streaming`` (the app died while writing
        them) become ``interrupted``, keeping their text. Returns them (now interrupted)."""
        now = self._now()
        with self._write("recover interrupted replies") as conn:
            rows = conn.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE status = 'streaming' "
                "ORDER BY conversation_id, seq"
            ).fetchall()
            conn.execute(
                "UPDATE messages SET status = 'interrupted', updated_at = ? "
                "WHERE status = 'streaming'",
                (now,),
            )
        return [
            dataclasses.replace(_message(row), status="interrupted", updated_at=now) for row in rows
        ]

    def get_message(self, message_id: str) -> Message:
        with self._read("read the message") as conn:
            return _message(self._message_row(conn, message_id))

    def messages(self, conversation_id: str) -> list[Message]:
        """The conversation's messages in order."""
        with self._read("read the messages") as conn:
            self._conversation_row(conn, conversation_id)
            rows = conn.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY seq",
                (conversation_id,),
            ).fetchall()
        return [_message(row) for row in rows]

    def truncate_after(
        self, conversation_id: str, message_id: str, *, inclusive: bool = False
    ) -> int:
        """Remove every message after ``message_id`` (and it too, with ``inclusive``), for
        regenerate and edit-and-resend. Returns how many were removed."""
        now = self._now()
        with self._write("remove the later messages") as conn:
            row = self._message_row(conn, message_id)
            if row["conversation_id"] != conversation_id:
                raise MessageNotFoundError(message_id)
            cursor = conn.execute(
                "DELETE FROM messages WHERE conversation_id = ? AND seq >= ?",
                (conversation_id, int(row["seq"]) + (0 if inclusive else 1)),
            )
            self._touch(conn, conversation_id, now)
            return cursor.rowcount

    def edit_message(self, message_id: str, text: str) -> Message:
        """Replace a message's text (stored durably, like a new user message)."""
        now = self._now()
        with self._write("save the edited message", durable=True) as conn:
            row = self._message_row(conn, message_id)
            conn.execute(
                "UPDATE messages SET content = ?, updated_at = ? WHERE id = ?",
                (text, now, message_id),
            )
            self._touch(conn, str(row["conversation_id"]), now)
            return _message(self._message_row(conn, message_id))

    # ---- drafts ---------------------------------------------------------------------------

    def save_draft(self, conversation_id: str | None, text: str) -> None:
        """The unsent text of the input box (``None``: the new chat). Empty text clears it."""
        key = conversation_id or ""
        now = self._now()
        with self._write("save the draft") as conn:
            if text:
                conn.execute(
                    "INSERT INTO drafts (conversation_id, text, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (conversation_id) DO UPDATE "
                    "SET text = excluded.text, updated_at = excluded.updated_at",
                    (key, text, now),
                )
            else:
                conn.execute("DELETE FROM drafts WHERE conversation_id = ?", (key,))

    def load_draft(self, conversation_id: str | None) -> str:
        with self._read("read the draft") as conn:
            row = conn.execute(
                "SELECT text FROM drafts WHERE conversation_id = ?", (conversation_id or "",)
            ).fetchone()
        return "" if row is None else str(row[0])

    # ---- search ---------------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Full-text search over message text and titles of conversations not deleted.

        Every word of ``query`` must match (the last one as a prefix); text in double
        quotes is a phrase. Anything else (operators, ``*``, ``NEAR(``, columns) is just
        text. Title matches count double. Best hits first.
        """
        match = fts_query(query)
        if match is None or limit <= 0:
            return []
        sql = f"""
            SELECT c.id AS conversation_id, NULL AS message_id, c.title AS title,
                   highlight(titles_fts, 0, :open, :close) AS snippet,
                   bm25(titles_fts) * 2.0 AS rank
              FROM titles_fts JOIN conversations AS c ON c.num = titles_fts.rowid
             WHERE titles_fts MATCH :match AND c.deleted_at IS NULL
            UNION ALL
            SELECT m.conversation_id, m.id, c.title,
                   snippet(messages_fts, 0, :open, :close, :ellipsis, {SNIPPET_TOKENS}),
                   bm25(messages_fts)
              FROM messages_fts
              JOIN messages AS m ON m.num = messages_fts.rowid
              JOIN conversations AS c ON c.id = m.conversation_id
             WHERE messages_fts MATCH :match AND c.deleted_at IS NULL
            ORDER BY rank LIMIT :limit
        """
        params = {
            "open": HIGHLIGHT_OPEN,
            "close": HIGHLIGHT_CLOSE,
            "ellipsis": SNIPPET_ELLIPSIS,
            "match": match,
            "limit": limit,
        }
        with self._read("search the conversations") as conn:
            rows = conn.execute(sql, params).fetchall()
        return [
            SearchHit(
                conversation_id=str(row["conversation_id"]),
                message_id=None if row["message_id"] is None else str(row["message_id"]),
                title=str(row["title"]) or DEFAULT_TITLE,
                snippet=str(row["snippet"]),
                rank=float(row["rank"]),
            )
            for row in rows
        ]

    # ---- titles ---------------------------------------------------------------------------

    def auto_title(self, conversation_id: str) -> str:
        """If the title is automatic, make it from the first user message (locally, see
        :func:`make_title`). Returns the conversation's title either way."""
        with self._write("title the conversation") as conn:
            conversation = _conversation(self._conversation_row(conn, conversation_id))
            if not conversation.title_is_auto:
                return conversation.title
            row = conn.execute(
                "SELECT content FROM messages WHERE conversation_id = ? AND role = 'user' "
                "ORDER BY seq LIMIT 1",
                (conversation_id,),
            ).fetchone()
            title = make_title(str(row[0]) if row is not None else "")
            stored = "" if title == DEFAULT_TITLE else title
            conn.execute(
                "UPDATE conversations SET title = ? WHERE id = ? AND title != ?",
                (stored, conversation_id, stored),
            )
            return title

    # ---- export and import ------------------------------------------------------------

    def export_markdown(self, conversation_id: str, *, tz: tzinfo | None = None) -> str:
        """The conversation as a Markdown document (times in ``tz``, default local)."""
        conversation = self.get_conversation(conversation_id)
        messages = self.messages(conversation_id)
        return render_markdown(conversation, messages, tz=tz)

    def export_json(self, conversation_id: str) -> dict[str, Any]:
        """The conversation as a versioned, JSON-ready dict (see :meth:`import_json`)."""
        conversation = self.get_conversation(conversation_id)
        messages = self.messages(conversation_id)
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": self._now(),
            "conversation": {
                "id": conversation.id,
                "title": conversation.title,
                "title_is_auto": conversation.title_is_auto,
                "system_prompt": conversation.system_prompt,
                "privacy": conversation.privacy,
                "complexity": conversation.complexity,
                "model": conversation.model,
                "params": conversation.params,
                "pinned": conversation.pinned,
                "created_at": conversation.created_at,
                "updated_at": conversation.updated_at,
            },
            "messages": [
                {
                    "id": m.id,
                    "seq": m.seq,
                    "role": m.role,
                    "content": m.content,
                    "privacy": m.privacy,
                    "created_at": m.created_at,
                    "updated_at": m.updated_at,
                    "status": m.status,
                    "error_message": m.error_message,
                    "meta": m.meta,
                }
                for m in messages
            ],
        }

    def import_json(self, data: object) -> Conversation:
        """Add a conversation exported by :meth:`export_json` (new ids; order, statuses,
        times and metadata kept; a reply caught ``streaming`` becomes ``interrupted``).
        :class:`ConversationImportError` names the first bad field; nothing is stored then."""
        conv, messages = _validate_export(data, self._now())
        conversation_id = _new_id()
        with self._write("import the conversation") as conn:
            conn.execute(
                f"INSERT INTO conversations ({_CONVERSATION_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                (
                    conversation_id,
                    conv["title"],
                    1 if conv["title_is_auto"] else 0,
                    conv["system_prompt"],
                    conv["privacy"],
                    conv["complexity"],
                    conv["model"],
                    _dump_json(conv["params"]),
                    1 if conv["pinned"] else 0,
                    conv["created_at"],
                    conv["updated_at"],
                ),
            )
            for seq, m in enumerate(messages, start=1):
                conn.execute(
                    f"INSERT INTO messages ({_MESSAGE_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        _new_id(),
                        conversation_id,
                        seq,
                        m["role"],
                        m["content"],
                        m["privacy"],
                        m["created_at"],
                        m["updated_at"],
                        m["status"],
                        m["error_message"],
                        _dump_json(m["meta"]),
                    ),
                )
            return _conversation(self._conversation_row(conn, conversation_id))


# ---- rows -> records --------------------------------------------------------------------


def _new_id() -> str:
    return str(uuid.uuid4())


def _dump_json(value: Mapping[str, Any]) -> str:
    # An odd value in the metadata must never cost the user their reply: objects JSON
    # does not know become text, NaN and infinities become null.
    return json.dumps(_plain(dict(value)), ensure_ascii=False, default=str, allow_nan=False)


def _plain(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value))
    return value


def _load_json(text: object) -> dict[str, Any]:
    try:
        value = json.loads(str(text))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _conversation(row: sqlite3.Row) -> Conversation:
    return Conversation(
        id=str(row["id"]),
        title=str(row["title"]) or DEFAULT_TITLE,
        title_is_auto=bool(row["title_is_auto"]),
        system_prompt=row["system_prompt"],
        privacy=str(row["privacy"]),
        complexity=row["complexity"],
        model=row["model"],
        params=_load_json(row["params"]),
        pinned=bool(row["pinned"]),
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
        deleted_at=None if row["deleted_at"] is None else float(row["deleted_at"]),
    )


def _message(row: sqlite3.Row) -> Message:
    return Message(
        id=str(row["id"]),
        conversation_id=str(row["conversation_id"]),
        seq=int(row["seq"]),
        role=str(row["role"]),
        content=str(row["content"]),
        privacy=row["privacy"],
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
        status=str(row["status"]),
        error_message=row["error_message"],
        meta=_load_json(row["meta"]),
    )


def _check_choice(name: str, value: object, choices: Sequence[str]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


def _check_optional_choice(name: str, value: object, choices: Sequence[str]) -> None:
    if value is not None:
        _check_choice(name, value, choices)


# ---- reply metadata -----------------------------------------------------------------------


def reply_meta(
    info: ReplyInfo | None, *, notice: str = "", findings: Sequence[Any] = ()
) -> dict[str, Any]:
    """The ``meta`` of a finished reply: the :class:`~agentic_desk.core.chat.ReplyInfo`
    fields, the routing notice and a summary of the detector's findings (categories
    only, never the sensitive text itself)."""
    meta: dict[str, Any] = dataclasses.asdict(info) if info is not None else {}
    meta["notice"] = notice
    categories = sorted({str(getattr(f, "category", f)) for f in findings})
    if categories:
        meta["findings"] = categories
    return meta


def badge_line(meta: Mapping[str, Any]) -> str:
    """The one-line summary of a reply, e.g. ``Local · rule 2: privacy high · 42 tokens ·
    120 tok/s``; ``""`` when the metadata says nothing about where it ran."""
    where = meta.get("where")
    if not where:
        return ""
    parts = [str(where)]
    model = meta.get("model")
    if model:
        parts.append(str(model).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1])
    parts.append(f"{_as_int(meta.get('completion_tokens'))} tokens")
    speed = _as_float(meta.get("tokens_per_s"))
    if speed > 0:
        parts.append(f"{speed:.0f} tok/s")
    provider = meta.get("provider")
    if provider and provider != "local":
        if meta.get("cost_known", True):
            parts.append(f"${_as_float(meta.get('cost')):.4f}")
        else:
            parts.append("cost unknown")
    return " · ".join(parts)


def _as_int(value: object) -> int:
    return int(_as_float(value))


def _as_float(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return 0.0
    try:
        number = float(value)
    except ValueError:
        return 0.0
    return number if math.isfinite(number) else 0.0


# ---- search queries -----------------------------------------------------------------------

_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|([^\s"]+)')
_WORD = re.compile(r"\w+")


def fts_query(text: str) -> str | None:
    """A safe FTS5 MATCH expression for what the user typed, or None if it has no words.

    Words become quoted strings (so ``AND``, ``NEAR(``, ``*``, ``col:`` are plain text),
    text between double quotes a phrase; all must match; the last bare word is a prefix.
    """
    terms: list[tuple[str, bool]] = []  # (quoted FTS string, is a bare word)
    for match in _PHRASE_OR_WORD.finditer(text):
        phrase, chunk = match.group(1), match.group(2)
        if phrase is not None:
            words = _WORD.findall(phrase)
            if words:
                terms.append(('"' + " ".join(words) + '"', False))
        else:
            terms.extend(('"' + word + '"', True) for word in _WORD.findall(chunk))
    if not terms:
        return None
    last, bare = terms[-1]
    if bare:
        terms[-1] = (last + "*", bare)
    return " ".join(term for term, _ in terms)


# ---- automatic titles -------------------------------------------------------------------

_FENCED_CODE = re.compile(r"(^|\n)\s*(```|~~~).*?(\n\s*\2[^\n]*(?=\n|$)|$)", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"<?\b(?:https?|ftp)://[^\s>]+>?|<?\bwww\.[^\s>]+>?", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LINE_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)+", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|~~|`+)")
_TITLE_SOURCE_CHARS = 10_000  # only the start of a long message is looked at
_TRAILING = " \t,;:.-\u2013\u2014(/\\|"


def make_title(text: str) -> str:
    """A short title from a user's first message, made locally: code blocks, URLs and
    Markdown removed, at most :data:`TITLE_MAX_WORDS` words and :data:`TITLE_MAX_CHARS`
    characters (cut at a word boundary), first letter capitalised. :data:`DEFAULT_TITLE`
    when nothing is left."""
    cleaned = _FENCED_CODE.sub("\n", text[:_TITLE_SOURCE_CHARS])
    cleaned = _IMAGE.sub(r"\1", cleaned)
    cleaned = _LINK.sub(r"\1", cleaned)
    cleaned = _URL.sub(" ", cleaned)
    cleaned = _HTML_TAG.sub(" ", cleaned)
    cleaned = _LINE_MARKUP.sub("", cleaned)
    cleaned = _EMPHASIS.sub("", cleaned)
    words = cleaned.split()
    title = ""
    for count, word in enumerate(words):
        if count >= TITLE_MAX_WORDS:
            break
        candidate = f"{title} {word}" if title else word
        if len(candidate) > TITLE_MAX_CHARS:
            if not title:  # one very long word: cut it
                title = word[:TITLE_MAX_CHARS]
            break
        title = candidate
    title = title.rstrip(_TRAILING)
    if not title.strip(_TRAILING + "?!'\"*_`[](){}<>"):
        return DEFAULT_TITLE
    return title[0].upper() + title[1:]


# ---- grouping ---------------------------------------------------------------------------

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


# ---- Markdown export ----------------------------------------------------------------------

_ROLE_HEADINGS = {"user": "You", "assistant": "Assistant", "system": "System"}
_STATUS_NOTES = {
    "streaming": "still being written",
    "interrupted": "interrupted: the app closed before this reply was finished",
    "cancelled": "stopped",
    "error": "failed",
}


def _format_time(timestamp: float, tz: tzinfo | None) -> str:
    moment = datetime.fromtimestamp(timestamp, tz=UTC).astimezone(tz)
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip()


def _italic(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("_", "\\_").replace("*", "\\*")
    return f"_{escaped}_"


def render_markdown(
    conversation: Conversation, messages: Sequence[Message], *, tz: tzinfo | None = None
) -> str:
    """A conversation as Markdown: title, settings, system prompt, then each message
    under a role heading, replies followed by their badge line."""
    lines = [f"# {conversation.title}", ""]
    lines.append(f"- Created: {_format_time(conversation.created_at, tz)}")
    lines.append(f"- Updated: {_format_time(conversation.updated_at, tz)}")
    lines.append(f"- Privacy: {conversation.privacy}")
    if conversation.complexity:
        lines.append(f"- Complexity: {conversation.complexity}")
    if conversation.model:
        lines.append(f"- Model: {conversation.model}")
    if conversation.pinned:
        lines.append("- Pinned")
    lines.append("")
    if conversation.system_prompt:
        lines += ["## System prompt", ""]
        lines += [f"> {line}".rstrip() for line in conversation.system_prompt.splitlines()]
        lines.append("")
    for message in messages:
        lines += ["---", "", f"### {_ROLE_HEADINGS.get(message.role, message.role.title())}", ""]
        if message.privacy:
            lines += [_italic(f"Privacy for this message: {message.privacy}"), ""]
        notice = message.meta.get("notice")
        if notice:
            lines += [f"> {line}".rstrip() for line in str(notice).splitlines()]
            lines.append("")
        if message.content:
            lines += [message.content.rstrip("\n"), ""]
        note = _STATUS_NOTES.get(message.status)
        if note:
            if message.status == "error" and message.error_message:
                note = f"failed: {message.error_message}"
            lines += [f"({_italic(note)})", ""]
        badge = badge_line(message.meta) if message.role == "assistant" else ""
        if badge:
            lines += [_italic(badge), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# ---- import validation ----------------------------------------------------------------------


def _bad(field_name: str, problem: str) -> ConversationImportError:
    return ConversationImportError(
        f"This is not a conversation that can be imported: {field_name} {problem}.",
        "Choose a file exported by Agentic Desk (Export as JSON).",
    )


def _get(
    obj: Mapping[str, Any],
    key: str,
    where: str,
    kinds: tuple[type, ...],
    default: object = ...,
) -> Any:
    name = f"{where}.{key}" if where else key
    if key not in obj:
        if default is ...:
            raise _bad(name, "is missing")
        return default
    value = obj[key]
    if value is None and type(None) in kinds:
        return None
    if isinstance(value, bool) and bool not in kinds:
        raise _bad(name, f"must be {_kind_names(kinds)}, not {value!r}")
    if not isinstance(value, kinds):
        raise _bad(name, f"must be {_kind_names(kinds)}, not {type(value).__name__}")
    return value


def _kind_names(kinds: tuple[type, ...]) -> str:
    names = {
        str: "text",
        bool: "true or false",
        int: "a number",
        float: "a number",
        dict: "an object",
        list: "a list",
        type(None): "null",
    }
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


def _get_choice(
    obj: Mapping[str, Any], key: str, where: str, choices: Sequence[str], default: object
) -> Any:
    nullable = default is None
    kinds: tuple[type, ...] = (str, type(None)) if nullable else (str,)
    value = _get(obj, key, where, kinds, default)
    if value is not None and value not in choices:
        raise _bad(f"{where}.{key}", f"must be one of {', '.join(choices)}, not {value!r}")
    return value


def _get_time(obj: Mapping[str, Any], key: str, where: str, default: float) -> float:
    value = _get(obj, key, where, (int, float), default)
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise _bad(f"{where}.{key}", "must be a time (seconds since 1970)")
    return number


def _validate_export(data: object, now: float) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    if not isinstance(data, Mapping):
        raise _bad("the file", "must be a JSON object")
    if data.get("format") != EXPORT_FORMAT:
        raise _bad("format", f"must be {EXPORT_FORMAT!r}")
    version = _get(data, "version", "", (int,))
    if version > EXPORT_VERSION:
        raise ConversationImportError(
            f"This conversation was exported by a newer version of Agentic Desk "
            f"(format version {version}; this version reads up to {EXPORT_VERSION}).",
            "Update Agentic Desk to import it.",
        )
    if version < 1:
        raise _bad("version", f"must be at least 1, not {version}")
    raw = _get(data, "conversation", "", (dict,))
    where = "conversation"
    created = _get_time(raw, "created_at", where, now)
    title = " ".join(_get(raw, "title", where, (str, type(None)), "").split())
    title_is_auto = _get(raw, "title_is_auto", where, (bool,), title in ("", DEFAULT_TITLE))
    if title_is_auto and title == DEFAULT_TITLE:
        title = ""
    conv: dict[str, Any] = {
        "title": title,
        "title_is_auto": title_is_auto or not title,
        "system_prompt": _get(raw, "system_prompt", where, (str, type(None)), None),
        "privacy": _get_choice(raw, "privacy", where, PRIVACY_LEVELS, "normal"),
        "complexity": _get_choice(raw, "complexity", where, COMPLEXITY_LEVELS, None),
        "model": _get(raw, "model", where, (str, type(None)), None),
        "params": _get(raw, "params", where, (dict,), {}),
        "pinned": _get(raw, "pinned", where, (bool,), False),
        "created_at": created,
        "updated_at": _get_time(raw, "updated_at", where, created),
    }
    raw_messages = _get(data, "messages", "", (list,))
    messages: list[dict[str, Any]] = []
    for index, item in enumerate(raw_messages):
        where = f"messages[{index}]"
        if not isinstance(item, dict):
            raise _bad(where, "must be an object")
        status = _get_choice(item, "status", where, STATUSES, "complete")
        message_created = _get_time(item, "created_at", where, created)
        messages.append(
            {
                "role": _get_choice(item, "role", where, ROLES, ...),
                "content": _get(item, "content", where, (str,)),
                "privacy": _get_choice(item, "privacy", where, PRIVACY_LEVELS, None),
                "status": "interrupted" if status == "streaming" else status,
                "error_message": _get(item, "error_message", where, (str, type(None)), None),
                "meta": _get(item, "meta", where, (dict,), {}),
                "created_at": message_created,
                "updated_at": _get_time(item, "updated_at", where, message_created),
            }
        )
    return conv, messages
