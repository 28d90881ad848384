"""What the app's SQLite files share: :class:`Database`, one file behind one connection.

The conversation store (:class:`~.store.ConversationStore`) and the library index
(:class:`~agentic_desk.core.library.store.LibraryStore`) are both one SQLite file in the
data folder, private (``0600`` for it and its ``-wal``/``-shm``), plain or encrypted with
SQLCipher under the conversation database's key (:mod:`.driver`), used through one
connection under a re-entrant lock. This base opens, reopens (after the file was
encrypted or decrypted, :class:`~.encryption.LiveConversionJob`) and closes it; each
subclass sets its connection up in :meth:`Database._open` (pragmas, schema).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Self

from agentic_desk.core.conversations import driver
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.paths import PRIVATE_DIR_MODE, make_private, private_file

BUSY_TIMEOUT_S = 5.0

#: Builds the error a user reads from the reason (an OSError's or SQLite's).
Failure = Callable[[object], AgenticDeskError]


class Database:
    """One SQLite file at :attr:`path` (SQLCipher when :attr:`database_key` is set).

    Subclasses call :meth:`_connect` from their ``__init__`` and set the connection up in
    :meth:`_open`. Thread-safe as far as this class goes: every use of :attr:`_conn`
    takes :attr:`_lock`."""

    path: Path
    database_key: str | None  # the raw key (64 hex digits), None for plain SQLite
    encrypted: bool
    _conn: sqlite3.Connection
    _lock: threading.RLock

    def _connect(
        self, path: Path, key: str | None, *, cannot_create: Failure, cannot_open: Failure
    ) -> None:
        """Make the folder and the file private, connect (keyed when ``key`` is given), then
        :meth:`_open`; the errors are the subclass's (``cannot_create``: the folder or the
        file could not be made; ``cannot_open``: SQLite could not open it)."""
        self.path = Path(path)
        self.database_key = key
        self.encrypted = key is not None
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
            # Private before SQLite opens it (it gives -wal/-shm the file's mode too).
            private_file(self.path)
        except OSError as exc:
            raise cannot_create(exc.strerror or exc) from exc
        try:
            self._conn = self._connection(key)
        except driver.ERRORS as exc:
            raise cannot_open(exc) from exc
        try:
            self._open()
        except BaseException:
            self._conn.close()
            raise
        self._make_files_private()

    def _connection(self, key: str | None) -> sqlite3.Connection:
        return driver.connect(
            self.path,
            key,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,  # autocommit; transactions are explicit
            check_same_thread=False,
        )

    def _open(self) -> None:
        """Set the new connection up (pragmas, schema). Called with the lock free or held."""

    def _make_files_private(self) -> None:
        """``0600`` for the database and its ``-wal``/``-shm`` (POSIX; see core.paths)."""
        for suffix in ("", "-wal", "-shm"):
            make_private(self.path.with_name(self.path.name + suffix))

    def reopen(self, key: str | None) -> None:
        """Connect again to the file as it is now (encrypted or decrypted meanwhile), with
        ``key`` (None: plain). Users of this object keep working; the lock is held."""
        with self._lock:
            with contextlib.suppress(*driver.ERRORS):
                self._conn.close()
            self._conn = self._connection(key)
            self.database_key = key
            self.encrypted = key is not None
            self._open()
            self._make_files_private()

    def close(self) -> None:
        with self._lock:
            with contextlib.suppress(*driver.ERRORS):
                self._conn.execute("PRAGMA optimize")
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["BUSY_TIMEOUT_S", "Database"]
