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
* deleting a conversation moves it to the Trash (:meth:`~ConversationStore.trash`,
  :meth:`~ConversationStore.restore`) until the Trash is emptied
  (:meth:`~ConversationStore.empty_trash`, or :meth:`~ConversationStore.purge_deleted`
  after the ``privacy.trash_days`` setting): then its text is overwritten on disk
  (``secure_delete``, search indexes rebuilt, log truncated, ``VACUUM`` when worth it).

The database runs in WAL mode with foreign keys on, ``synchronous=NORMAL`` by default
and a busy timeout. Its schema and migrations are :mod:`.schema`'s: an existing
database is upgraded on open, one from a newer app is refused and left untouched.

Full-text search (:meth:`ConversationStore.search`) turns user input into quoted terms
(:func:`fts_query`), so FTS syntax in a query is just text.

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
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import tzinfo
from pathlib import Path
from typing import Any

from agentic_desk.core.conversations import driver, tree
from agentic_desk.core.conversations.database import BUSY_TIMEOUT_S, Database
from agentic_desk.core.conversations.errors import (
    ConversationNotFoundError,
    MessageNotFoundError,
    StorageError,
)
from agentic_desk.core.conversations.export_import import (
    export_document,
    parse_export,
    render_markdown,
)
from agentic_desk.core.conversations.schema import refuse_newer, upgrade, user_version
from agentic_desk.core.conversations.sticky import (
    PrivacyReason,
    Raised,
    must_raise,
    privacy_reasons,
)
from agentic_desk.core.conversations.titles import DEFAULT_TITLE, make_title
from agentic_desk.core.conversations.values import (
    FINISH_STATUSES,
    STATUSES,
    Conversation,
    Message,
    PrivacyChange,
    SearchHit,
)
from agentic_desk.core.i18n import N_, t
from agentic_desk.core.paths import make_private
from agentic_desk.core.privacy.levels import COMPLEXITY_LEVELS, PRIVACY_LEVELS, Privacy

HIGHLIGHT_OPEN = "«"  # search snippets mark the matched words with these
HIGHLIGHT_CLOSE = "»"
SNIPPET_ELLIPSIS = "…"
SNIPPET_TOKENS = 12

VACUUM_FREE_SHARE = 0.25  # a purge compacts the file when more of its pages are free

Clock = Callable[[], float]

_CONVERSATION_COLUMNS = (
    "id, title, title_is_auto, system_prompt, privacy, complexity, model, params, pinned, "
    "created_at, updated_at, deleted_at, template"
)
_MESSAGE_COLUMNS = (
    "id, conversation_id, seq, role, content, privacy, created_at, updated_at, status, "
    "error_message, meta, parent_id, chosen_at"
)
_MESSAGE_VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"


class _Leaf:
    """``parent_id`` default: after the last message of the path shown."""


AFTER_SHOWN = _Leaf()


class ConversationStore(Database):
    """Conversations, messages and drafts in the SQLite file at ``path``.

    Thread-safe: one connection shared under a re-entrant lock (see the module docs).
    Close it with :meth:`close` (or use it as a context manager).
    """

    def __init__(self, path: Path, *, clock: Clock = time.time, key: str | None = None) -> None:
        # ``key``: open (or create) the file encrypted with SQLCipher, with this raw key
        # (64 hex digits, see :mod:`.driver`); without it, plain SQLite. The library index
        # beside it uses the same key (core.library). Opening: the shared Database base.
        self._clock = clock
        where = Path(path)
        self._connect(
            where,
            key,
            cannot_create=lambda reason: StorageError(
                t(
                    "Could not create the conversation database {path}: {reason}.",
                    path=where,
                    reason=reason,
                ),
                t("Check that the data folder is writable."),
            ),
            cannot_open=lambda exc: StorageError(
                t("Could not open the conversation database {path}: {exc}.", path=where, exc=exc),
                t("Check that the file and its folder are readable and writable."),
            ),
        )

    # ---- opening and closing -----------------------------------------------------------

    def _open(self) -> None:
        conn = self._conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            # Read the version before changing anything: a newer database stays untouched.
            version = user_version(conn)
        except driver.DATABASE_ERRORS as exc:
            raise StorageError(
                t(
                    "{path} is not a conversation database that can be read ({exc}).",
                    path=self.path,
                    exc=exc,
                ),
                t(
                    "The file was left as it is. Move it away to start with an empty history, or "
                    "restore a backup.",
                ),
            ) from exc
        refuse_newer(version, self.path)
        try:
            mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA secure_delete = ON")  # purged text is overwritten on disk
        except driver.DATABASE_ERRORS as exc:
            raise StorageError(
                t(
                    "Could not set up the conversation database {path}: {exc}.",
                    path=self.path,
                    exc=exc,
                ),
                t("Check that the file and its folder are writable."),
            ) from exc
        if mode != "wal":
            raise StorageError(
                t(
                    "The conversation database {path} cannot use write-ahead logging (journal "
                    "mode {mode!r}).",
                    path=self.path,
                    mode=mode,
                ),
                t("Keep the data folder on a local disk (not a network share)."),
            )
        upgrade(conn, self.path, version)
        self._ensure_library_links()

    # ---- the libraries a conversation uses (issue 17; core.library) ----------------------
    # Kept in their own table, created when missing (no schema version of its own): a
    # conversation's links go with it (ON DELETE CASCADE, so purging it removes them).

    def _ensure_library_links(self) -> None:
        with self._storage_errors("set up the conversation database"):
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS conversation_libraries ("
                " conversation_id TEXT NOT NULL"
                "  REFERENCES conversations (id) ON DELETE CASCADE ON UPDATE CASCADE,"
                " library_id TEXT NOT NULL,"
                " PRIMARY KEY (conversation_id, library_id))"
            )

    def set_libraries(self, conversation_id: str, library_ids: Sequence[str]) -> None:
        """The document libraries the conversation uses (replaces the list)."""
        with self._write("save the conversation's libraries") as conn:
            self._conversation_row(conn, conversation_id)  # a clear error if it is gone
            conn.execute(
                "DELETE FROM conversation_libraries WHERE conversation_id = ?", (conversation_id,)
            )
            conn.executemany(
                "INSERT INTO conversation_libraries (conversation_id, library_id) VALUES (?, ?)",
                [(conversation_id, library_id) for library_id in dict.fromkeys(library_ids)],
            )

    def libraries_of(self, conversation_id: str) -> list[str]:
        """The ids of the libraries the conversation uses."""
        with self._read("read the conversation's libraries") as conn:
            rows = conn.execute(
                "SELECT library_id FROM conversation_libraries WHERE conversation_id = ? "
                "ORDER BY rowid",
                (conversation_id,),
            ).fetchall()
        return [str(row[0]) for row in rows]

    def _make_files_private(self) -> None:
        super()._make_files_private()
        for backup in self.path.parent.glob(f"{self.path.name}.v*.bak"):  # before upgrades
            make_private(backup)

    # ---- plumbing -----------------------------------------------------------------------

    def _now(self) -> float:
        return float(self._clock())

    @contextlib.contextmanager
    def _storage_errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except driver.BUG_ERRORS:
            raise  # a bug, not the disk
        except driver.DATABASE_ERRORS as exc:
            raise StorageError(
                t(
                    "Could not {doing}: {exc}.",
                    doing=t(doing),
                    exc=exc,
                ),
                t(
                    "Check free disk space and that the data folder is writable; if the file is "
                    "damaged, restore a backup.",
                ),
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
        with self._write(N_("save the conversation")) as conn:
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
        parent_id: str | _Leaf | None = AFTER_SHOWN,
        meta: Mapping[str, Any] | None = None,
    ) -> Message:
        self._conversation_row(conn, conversation_id)
        if isinstance(parent_id, _Leaf):
            parent_id = tree.leaf_id(self._all_messages(conn, conversation_id))
        elif parent_id is not None:
            parent = self._message_row(conn, parent_id)
            if parent["conversation_id"] != conversation_id:
                raise MessageNotFoundError(parent_id)
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
            meta=dict(meta or {}),
            parent_id=parent_id,
            chosen_at=self._next_choice(conn, conversation_id, now),
        )
        conn.execute(
            f"INSERT INTO messages ({_MESSAGE_COLUMNS}) VALUES ({_MESSAGE_VALUES})",
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
                _dump_json(message.meta),
                parent_id,
                message.chosen_at,
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
        privacy: str = Privacy.NORMAL.value,
        complexity: str | None = None,
        model: str | None = None,
        params: Mapping[str, Any] | None = None,
        template: str | None = None,
    ) -> Conversation:
        """A new, empty conversation. Without a title it is titled automatically later.
        ``template``: the name of the assistant template it starts from."""
        _check_choice("privacy", privacy, PRIVACY_LEVELS)
        _check_optional_choice("complexity", complexity, COMPLEXITY_LEVELS)
        clean_title = (title or "").strip()
        now = self._now()
        conversation_id = _new_id()
        with self._write(N_("create a conversation")) as conn:
            conn.execute(
                f"INSERT INTO conversations ({_CONVERSATION_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
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
                    template or None,
                ),
            )
            return _conversation(self._conversation_row(conn, conversation_id))

    def get_conversation(self, conversation_id: str) -> Conversation:
        """The conversation (also while soft-deleted); :class:`ConversationNotFoundError`."""
        with self._read(N_("read the conversation")) as conn:
            return _conversation(self._conversation_row(conn, conversation_id))

    def list_conversations(self, *, include_deleted: bool = False) -> list[Conversation]:
        """Pinned first, then the most recently active first."""
        where = "" if include_deleted else "WHERE deleted_at IS NULL"
        with self._read(N_("list the conversations")) as conn:
            rows = conn.execute(
                f"SELECT {_CONVERSATION_COLUMNS} FROM conversations {where} "
                "ORDER BY pinned DESC, updated_at DESC, num DESC"
            ).fetchall()
        return [_conversation(row) for row in rows]

    def rename(self, conversation_id: str, title: str) -> Conversation:
        """The user's own title (no longer automatic). An empty title makes it automatic
        again (see :meth:`auto_title`)."""
        clean = " ".join(title.split())
        with self._write(N_("rename the conversation")) as conn:
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

    # ---- sticky privacy (see .sticky) ---------------------------------------------------

    def raise_privacy(
        self, conversation_id: str, level: Privacy, reasons: Sequence[PrivacyReason]
    ) -> Raised | None:
        """Raise the conversation to ``level`` because of ``reasons`` and record it; never
        lowers (None when it already is at least that private, or its level is unknown)."""
        with self._write(N_("save the conversation's privacy"), durable=True) as conn:
            return self._raise_in(conn, conversation_id, level, reasons)

    def _raise_in(
        self,
        conn: sqlite3.Connection,
        conversation_id: str,
        level: Privacy,
        reasons: Sequence[PrivacyReason],
    ) -> Raised | None:
        current = str(self._conversation_row(conn, conversation_id)["privacy"])
        if not must_raise(current, reasons) or Privacy.parse(current).rank >= level.rank:
            return None
        listed = tuple(reason.describe() for reason in reasons)
        covers = [key for reason in reasons for key in reason.keys]
        conn.execute(
            "UPDATE conversations SET privacy = ? WHERE id = ?", (level.value, conversation_id)
        )
        self._record_change(conn, conversation_id, "raised", current, level.value, listed, covers)
        return Raised(conversation_id, current, level.value, listed)

    def lower_privacy(
        self,
        conversation_id: str,
        level: str,
        *,
        listed: Sequence[str],
        covers: Sequence[str],
    ) -> None:
        """The user confirmed lowering the conversation to ``level`` after being shown
        ``listed``; recorded with the findings it ``covers`` (they no longer raise it)."""
        _check_choice("privacy", level, PRIVACY_LEVELS)
        with self._write(N_("save the conversation's privacy"), durable=True) as conn:
            current = str(self._conversation_row(conn, conversation_id)["privacy"])
            conn.execute(
                "UPDATE conversations SET privacy = ? WHERE id = ?", (level, conversation_id)
            )
            self._record_change(
                conn, conversation_id, "lowered", current, level, tuple(listed), list(covers)
            )

    def _record_change(
        self,
        conn: sqlite3.Connection,
        conversation_id: str,
        kind: str,
        from_level: str,
        to_level: str,
        listed: Sequence[str],
        covers: Sequence[str],
    ) -> None:
        conn.execute(
            "INSERT INTO privacy_changes "
            "(conversation_id, changed_at, kind, from_level, to_level, listed, covers) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                conversation_id,
                self._now(),
                kind,
                from_level,
                to_level,
                json.dumps(list(listed), ensure_ascii=False),
                json.dumps(list(covers), ensure_ascii=False),
            ),
        )

    def privacy_changes(self, conversation_id: str) -> list[PrivacyChange]:
        """The conversation's recorded raises and lowerings, oldest first."""
        with self._read(N_("read the conversation's privacy changes")) as conn:
            self._conversation_row(conn, conversation_id)
            rows = conn.execute(
                "SELECT conversation_id, changed_at, kind, from_level, to_level, listed, covers "
                "FROM privacy_changes WHERE conversation_id = ? ORDER BY num",
                (conversation_id,),
            ).fetchall()
        return [
            PrivacyChange(
                conversation_id=str(row["conversation_id"]),
                changed_at=float(row["changed_at"]),
                kind=str(row["kind"]),
                from_level=str(row["from_level"]),
                to_level=str(row["to_level"]),
                listed=tuple(str(x) for x in _load_list(row["listed"])),
                covers=tuple(str(x) for x in _load_list(row["covers"])),
            )
            for row in rows
        ]

    def acknowledged_findings(self, conversation_id: str) -> set[str]:
        """The findings' keys the user acknowledged by lowering the level (see :mod:`.sticky`)."""
        return {
            key
            for change in self.privacy_changes(conversation_id)
            if change.kind == "lowered"
            for key in change.covers
        }

    def set_complexity(self, conversation_id: str, complexity: str | None) -> None:
        _check_optional_choice("complexity", complexity, COMPLEXITY_LEVELS)
        self._update_conversation(conversation_id, "complexity", complexity)

    def set_model(self, conversation_id: str, model: str | None) -> None:
        self._update_conversation(conversation_id, "model", model)

    def set_system_prompt(self, conversation_id: str, system_prompt: str | None) -> None:
        self._update_conversation(conversation_id, "system_prompt", system_prompt or None)

    def set_template(self, conversation_id: str, template: str | None) -> None:
        """Record the assistant template (its name) the conversation came from."""
        self._update_conversation(conversation_id, "template", template or None)

    def set_params(self, conversation_id: str, params: Mapping[str, Any]) -> None:
        self._update_conversation(conversation_id, "params", _dump_json(params))

    # ---- the Trash --------------------------------------------------------------------------

    def delete_conversation(self, conversation_id: str) -> None:
        """Move the conversation to the Trash: hidden from lists and search, kept (with
        its messages) until :meth:`restore` or it is emptied (:meth:`purge_deleted`,
        :meth:`empty_trash`)."""
        now = self._now()
        with self._write(N_("delete the conversation")) as conn:
            self._conversation_row(conn, conversation_id)
            conn.execute(
                "UPDATE conversations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (now, conversation_id),
            )

    def trash(self) -> list[Conversation]:
        """The conversations in the Trash, the most recently deleted first."""
        with self._read(N_("list the Trash")) as conn:
            rows = conn.execute(
                f"SELECT {_CONVERSATION_COLUMNS} FROM conversations "
                "WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, num DESC"
            ).fetchall()
        return [_conversation(row) for row in rows]

    def restore(self, conversation_id: str) -> Conversation:
        """Take the conversation out of the Trash (a conversation not in it is left as it
        is); :class:`ConversationNotFoundError` once the Trash was emptied."""
        with self._write(N_("restore the conversation")) as conn:
            self._conversation_row(conn, conversation_id)
            conn.execute(
                "UPDATE conversations SET deleted_at = NULL WHERE id = ?", (conversation_id,)
            )
            return _conversation(self._conversation_row(conn, conversation_id))

    def undo_delete(self, conversation_id: str) -> None:
        """:meth:`restore` (the name the window's Undo uses)."""
        self.restore(conversation_id)

    def empty_trash(self) -> int:
        """Remove every conversation in the Trash for good; returns how many."""
        return self.purge_deleted(0)

    def purge_deleted(self, older_than_s: float) -> int:
        """Remove for good the conversations in the Trash for at least ``older_than_s``
        seconds: their rows, messages, drafts and full-text index entries; returns how
        many. Their text is overwritten on disk, not just unlinked: ``secure_delete``
        zeroes freed pages, the search indexes are rebuilt (``optimize``) so no old index
        segment keeps a word, the file is compacted (``VACUUM``) when much of it is free,
        and the write-ahead log is checkpointed and truncated so no old copy stays there."""
        cutoff = self._now() - max(0.0, older_than_s)
        with self._write(N_("remove deleted conversations")) as conn:
            ids = [
                str(row[0])
                for row in conn.execute(
                    "SELECT id FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= ?",
                    (cutoff,),
                )
            ]
            for conversation_id in ids:
                conn.execute("DELETE FROM drafts WHERE conversation_id = ?", (conversation_id,))
                conn.execute("DELETE FROM messages WHERE conversation_id = ?", (conversation_id,))
                conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
            if ids:
                conn.execute("INSERT INTO messages_fts (messages_fts) VALUES ('optimize')")
                conn.execute("INSERT INTO titles_fts (titles_fts) VALUES ('optimize')")
        if ids:
            self._compact()
        return len(ids)

    def _compact(self) -> None:
        """After a purge: ``VACUUM`` when more than :data:`VACUUM_FREE_SHARE` of the
        pages are free, then checkpoint the log into the file and truncate it."""
        with self._lock, self._storage_errors(N_("tidy the database")):
            conn = self._conn
            pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
            free = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
            if pages and free / pages > VACUUM_FREE_SHARE:
                # busy (another process reading): skipped, the freed pages are zeroed anyway
                with contextlib.suppress(sqlite3.OperationalError):
                    conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._make_files_private()

    # ---- messages -------------------------------------------------------------------------

    def add_user_message(
        self,
        conversation_id: str,
        text: str,
        *,
        privacy: str | None = None,
        parent_id: str | _Leaf | None = AFTER_SHOWN,
    ) -> Message:
        """Store the user's message durably (fsync'd) — call it before generating.
        ``parent_id``: the message it follows (default: the last one shown; the parent of
        a question being edited makes the new one its version)."""
        _check_optional_choice("privacy", privacy, PRIVACY_LEVELS)
        now = self._now()
        with self._write(N_("save your message"), durable=True) as conn:
            return self._insert_message(
                conn,
                conversation_id,
                role="user",
                content=text,
                status="complete",
                now=now,
                privacy=privacy,
                parent_id=parent_id,
            )

    def begin_reply(
        self, conversation_id: str, *, parent_id: str | _Leaf | None = AFTER_SHOWN
    ) -> Message:
        """An empty assistant message with status ``streaming``, after ``parent_id``
        (default: the last message shown; a question's id gives it another reply)."""
        now = self._now()
        with self._write(N_("start the reply")) as conn:
            return self._insert_message(
                conn,
                conversation_id,
                role="assistant",
                content="",
                status="streaming",
                now=now,
                parent_id=parent_id,
            )

    def add_version(
        self, message_id: str, text: str, *, meta: Mapping[str, Any] | None = None
    ) -> Message:
        """A new version of a message with ``text`` (e.g. a reply the user edited, or a
        rewrite of it): a sibling with the same role, shown from now on; the old version
        stays. Later turns continue from the new one. Stored durably."""
        now = self._now()
        with self._write(N_("save the new version"), durable=True) as conn:
            old = _message(self._message_row(conn, message_id))
            extra = {
                key: value
                for key, value in old.meta.items()
                if key in ("where", "provider", "model", "execution_provider", "notice")
            }
            return self._insert_message(
                conn,
                old.conversation_id,
                role=old.role,
                content=text,
                status="complete",
                now=now,
                privacy=old.privacy,
                parent_id=old.parent_id,
                meta={**extra, "version_of": old.id, **(meta or {})},
            )

    def choose(self, message_id: str) -> list[Message]:
        """Show ``message_id``'s version (and the path down to it, e.g. from a search hit
        in another version). Returns the conversation's path as now shown."""
        now = self._now()
        with self._write(N_("switch versions")) as conn:
            row = self._message_row(conn, message_id)
            conversation_id = str(row["conversation_id"])
            chain = tree.ancestors(self._all_messages(conn, conversation_id), message_id)
            chosen = self._next_choice(conn, conversation_id, now)
            conn.executemany(
                "UPDATE messages SET chosen_at = ? WHERE id = ?",
                [(chosen, m.id) for m in chain],
            )
            return tree.shown_path(self._all_messages(conn, conversation_id))

    def versions(self, message_id: str) -> tree.Versions:
        """Where ``message_id`` stands among its versions (◀ 2/3 ▶)."""
        with self._read(N_("read the versions")) as conn:
            row = self._message_row(conn, message_id)
            return tree.versions(self._all_messages(conn, str(row["conversation_id"])), message_id)

    def path_to(self, message_id: str) -> list[Message]:
        """The messages from the first down to ``message_id``, inclusive."""
        with self._read(N_("read the messages")) as conn:
            row = self._message_row(conn, message_id)
            return tree.ancestors(self._all_messages(conn, str(row["conversation_id"])), message_id)

    def _next_choice(self, conn: sqlite3.Connection, conversation_id: str, now: float) -> float:
        """A ``chosen_at`` later than every one in the conversation: the clock's time, or
        just after the latest when the clock has not moved on (a coarse clock, a clock
        set back) — the latest choice must always win."""
        latest = conn.execute(
            "SELECT MAX(chosen_at) FROM messages WHERE conversation_id = ?", (conversation_id,)
        ).fetchone()[0]
        return now if latest is None or now > latest else float(latest) + 0.001

    def _all_messages(self, conn: sqlite3.Connection, conversation_id: str) -> list[Message]:
        rows = conn.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY seq",
            (conversation_id,),
        ).fetchall()
        return [_message(row) for row in rows]

    def checkpoint_reply(self, message_id: str, text: str) -> bool:
        """Save the text streamed so far (one UPDATE). False if the message is no longer
        streaming (finished, or removed by a regenerate): nothing is changed then."""
        now = self._now()
        with self._write(N_("save the reply so far")) as conn:
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
        with self._write(N_("save the reply"), durable=True) as conn:
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
        with self._write(N_("save the message")) as conn:
            cursor = conn.execute(
                "UPDATE messages SET status = ?, updated_at = ? WHERE id = ?",
                (status, now, message_id),
            )
            if cursor.rowcount == 0:
                raise MessageNotFoundError(message_id)

    def recover_interrupted(self) -> list[Message]:
        """Call once at start-up: replies still ``streaming`` (the app died while writing
        them) become ``interrupted``, keeping their text, with the reason recorded
        (``error_message``, ``meta["error"]``; ``meta["stop_reason"]`` "interrupted").
        Returns them (now interrupted)."""
        now = self._now()
        recovered: list[Message] = []
        with self._write(N_("recover interrupted replies")) as conn:
            rows = conn.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE status = 'streaming' "
                "ORDER BY conversation_id, seq"
            ).fetchall()
            for row in rows:
                message = _message(row)
                meta = {**message.meta, "stop_reason": "interrupted", "error": APP_CLOSED}
                conn.execute(
                    "UPDATE messages SET status = 'interrupted', updated_at = ?, meta = ?, "
                    "error_message = ? WHERE id = ?",
                    (now, _dump_json(meta), APP_CLOSED, message.id),
                )
                recovered.append(
                    dataclasses.replace(
                        message,
                        status="interrupted",
                        updated_at=now,
                        meta=meta,
                        error_message=APP_CLOSED,
                    )
                )
        return recovered

    def get_message(self, message_id: str) -> Message:
        with self._read(N_("read the message")) as conn:
            return _message(self._message_row(conn, message_id))

    def messages(self, conversation_id: str) -> list[Message]:
        """The conversation's messages as shown: one path through its versions, first to
        last (see :mod:`.tree`)."""
        with self._read(N_("read the messages")) as conn:
            self._conversation_row(conn, conversation_id)
            return tree.shown_path(self._all_messages(conn, conversation_id))

    def all_messages(self, conversation_id: str) -> list[Message]:
        """Every message of the conversation, every version, in the order made."""
        with self._read(N_("read the messages")) as conn:
            self._conversation_row(conn, conversation_id)
            return self._all_messages(conn, conversation_id)

    def truncate_after(
        self, conversation_id: str, message_id: str, *, inclusive: bool = False
    ) -> int:
        """Remove every message below ``message_id`` in the tree (and it too, with
        ``inclusive``). The window makes versions instead; this is for tools that want a
        branch gone. Returns how many were removed."""
        now = self._now()
        with self._write(N_("remove the later messages")) as conn:
            row = self._message_row(conn, message_id)
            if row["conversation_id"] != conversation_id:
                raise MessageNotFoundError(message_id)
            doomed = tree.descendants(self._all_messages(conn, conversation_id), message_id)
            if inclusive:
                doomed.append(message_id)
            conn.executemany("DELETE FROM messages WHERE id = ?", [(i,) for i in doomed])
            self._touch(conn, conversation_id, now)
            return len(doomed)

    def edit_message(self, message_id: str, text: str) -> Message:
        """Replace a message's text (stored durably, like a new user message)."""
        now = self._now()
        with self._write(N_("save the edited message"), durable=True) as conn:
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
        with self._write(N_("save the draft")) as conn:
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
        with self._read(N_("read the draft")) as conn:
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
        with self._read(N_("search the conversations")) as conn:
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
        with self._write(N_("title the conversation")) as conn:
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
        """The conversation as shown (one path through its versions) as a Markdown
        document (times in ``tz``, default local)."""
        conversation = self.get_conversation(conversation_id)
        messages = self.messages(conversation_id)
        return render_markdown(conversation, messages, tz=tz)

    def export_json(self, conversation_id: str) -> dict[str, Any]:
        """The conversation as a versioned, JSON-ready dict (see :meth:`import_json`), with
        every version of every message (the whole tree)."""
        conversation = self.get_conversation(conversation_id)
        messages = self.all_messages(conversation_id)
        return export_document(conversation, messages, exported_at=self._now())

    def import_json(self, data: object) -> Conversation:
        """Add a conversation exported by :meth:`export_json` (new ids; order, statuses,
        times and metadata kept; a reply caught ``streaming`` becomes ``interrupted``).
        :class:`ConversationImportError` names the first bad field; nothing is stored then.

        Sticky privacy: a conversation with sensitive data (or a message marked private)
        in any message is raised to high on import; its own level is never lowered."""
        conv, messages = parse_export(data, self._now())
        conversation_id = _new_id()
        message_ids = [_new_id() for _ in messages]
        parents = [None if m["parent"] is None else message_ids[m["parent"]] for m in messages]
        reasons = privacy_reasons(
            Message(
                id=message_id,
                conversation_id=conversation_id,
                seq=seq,
                role=m["role"],
                content=m["content"],
                privacy=m["privacy"],
                created_at=m["created_at"],
                updated_at=m["updated_at"],
                status=m["status"],
            )
            for seq, (message_id, m) in enumerate(zip(message_ids, messages, strict=True), 1)
        )
        with self._write(N_("import the conversation")) as conn:
            conn.execute(
                f"INSERT INTO conversations ({_CONVERSATION_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
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
                    conv["template"],
                ),
            )
            for seq, (message_id, m) in enumerate(zip(message_ids, messages, strict=True), 1):
                conn.execute(
                    f"INSERT INTO messages ({_MESSAGE_COLUMNS}) VALUES ({_MESSAGE_VALUES})",
                    (
                        message_id,
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
                        parents[seq - 1],
                        m["chosen_at"],
                    ),
                )
            self._raise_in(conn, conversation_id, Privacy.HIGH, reasons)
            return _conversation(self._conversation_row(conn, conversation_id))


# ---- rows -> records --------------------------------------------------------------------


APP_CLOSED = "The app closed before the reply was finished."


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


def _load_list(text: object) -> list[Any]:
    try:
        value = json.loads(str(text))
    except ValueError:
        return []
    return value if isinstance(value, list) else []


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
        template=row["template"],
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
        parent_id=row["parent_id"],
        chosen_at=float(row["chosen_at"]),
    )


def _check_choice(name: str, value: object, choices: Sequence[str]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


def _check_optional_choice(name: str, value: object, choices: Sequence[str]) -> None:
    if value is not None:
        _check_choice(name, value, choices)


# ---- search queries -------------------------------------------------------------------------

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


__all__ = [
    "BUSY_TIMEOUT_S",
    "HIGHLIGHT_CLOSE",
    "HIGHLIGHT_OPEN",
    "SNIPPET_ELLIPSIS",
    "SNIPPET_TOKENS",
    "Clock",
    "ConversationStore",
    "fts_query",
]
