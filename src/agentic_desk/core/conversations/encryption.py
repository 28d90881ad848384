"""Encryption at rest for the conversation database (opt-in): the key, opening, converting.

* **The key** is 32 random bytes (64 hex digits) kept only in the OS keyring, under the
  service ``agentic-desk`` and the username :data:`KEY_NAME` (:class:`DatabaseKey`),
  never in a file. Without a usable keyring encryption cannot be turned on
  (:class:`~agentic_desk.core.secrets.KeyringUnavailable` says what to do) and nothing
  is changed.
* **Opening** (:func:`open_store`): the file decides. A plain SQLite file is opened plain;
  an encrypted (or new, when the setting is on) one with the key from the keyring. So an
  interrupted switch never makes the app take an encrypted file for a damaged one.
* **Converting** (:class:`ConversionJob`, a :class:`~agentic_desk.core.jobs.Job`): the
  database is exported into a new file next to it (``SELECT sqlcipher_export(...)`` into an
  attached database with the new key, or with none to decrypt), the copy is verified
  (opened with its key, ``integrity_check``, the same row count in every table, the
  same full-text search answers), then swapped in atomically and the old file is removed
  securely (its bytes overwritten with zeros and synced before it is unlinked, with its
  ``-wal``/``-shm``). A failure or a cancel before the swap leaves the original as it
  was and removes the partial copy. Only after the swap is the setting
  ``privacy.encrypt_conversations`` changed and, when turning encryption off, the key
  deleted from the keyring.
* **Companions**: the databases kept under the same key beside it (the library index,
  :data:`COMPANION_DATABASES`) are converted by the same job, the same way: after the
  conversations when encrypting (until then a plain index is read plain), before them
  when decrypting (that needs the key, deleted at the end). An index an earlier run left
  unconverted is converted when the conversations already are as asked.

No other process may have the database open while it is converted (a running window
would go on writing to the old file): :func:`refuse_if_open` checks SQLite's own lock on
the ``-shm`` file and the job refuses with :class:`DatabaseInUseError`. The window converts
its own open store with :class:`LiveConversionJob` (the store closed and reopened around
the conversion, under its lock).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
import secrets as _random
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agentic_desk.core.conversations import driver
from agentic_desk.core.conversations.database import Database
from agentic_desk.core.conversations.driver import EncryptionUnavailable, WrongKeyError
from agentic_desk.core.conversations.errors import ConversationError, StorageError
from agentic_desk.core.conversations.store import ConversationStore, fts_query
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t
from agentic_desk.core.jobs import Job, JobCancelled

if TYPE_CHECKING:
    from agentic_desk.core.secrets import SecretStore

log = logging.getLogger(__name__)

#: The keyring username (service ``agentic-desk``) of the database key.
KEY_NAME = "conversations-db-key"

#: Databases beside the conversations kept under the same key, converted with them (the
#: library index, ``core.library.store.FILE_NAME``).
COMPANION_DATABASES = ("library.db",)
_CONVERTING_SUFFIX = ".converting"  # the copy being made
_REPLACED_SUFFIX = ".replaced"  # the old file between the swap and its removal
_COMPANIONS = ("-wal", "-shm", "-journal")
_PROGRESS_STEPS = 100  # SQLite virtual-machine steps between cancel checks while copying
_WORD = re.compile(r"\w{3,}")


class MissingKeyError(ConversationError):
    """The database is encrypted but the keyring holds no key for it."""


class AlreadyError(ConversationError):
    """The database already is in the state asked for."""


class DatabaseInUseError(ConversationError):
    """Another program (the window, the API server) has the database open."""


_SHM_DMS_BYTE = 128  # SQLite's unix VFS: every open WAL connection read-locks this byte


def refuse_if_open(path: Path) -> None:
    """:class:`DatabaseInUseError` when another process has ``path`` open. Every SQLite
    connection in WAL mode holds a shared lock on one byte of the ``-shm`` file while it is
    open; if that byte cannot be write-locked, someone else is using the database (the
    same process's locks do not count: close this process's stores first). POSIX only;
    a process that opens the database after this check is not seen."""
    if os.name != "posix":  # pragma: no cover - SQLCipher wheels exist for Linux only
        return
    import fcntl

    shm = path.with_name(path.name + "-shm")
    try:
        fd = os.open(shm, os.O_RDWR)
    except FileNotFoundError:
        return
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_BYTE)
        except OSError:
            raise DatabaseInUseError(
                t(
                    "The conversation database {path} is open in another program (the Agentic "
                    "Desk window or its API server).",
                    path=path,
                ),
                t(
                    "Quit Agentic Desk (and stop `agentic-desk serve`), then try again; nothing "
                    "was changed.",
                ),
            ) from None
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _SHM_DMS_BYTE)
    finally:
        os.close(fd)


# ---- the key ----------------------------------------------------------------------------


@contextlib.contextmanager
def _about_the_database_key() -> Iterator[None]:
    """:class:`KeyringUnavailable` worded for the database key (the secrets module speaks
    of API keys), with its steps to fix it kept."""
    from agentic_desk.core.secrets import KeyringUnavailable

    try:
        yield
    except KeyringUnavailable as exc:
        reason = exc.message.split(": ", 1)[-1]
        raise KeyringUnavailable(
            t(
                "No OS keyring is available for the conversation database key, which is kept "
                "only there: {reason}",
                reason=reason,
            ),
            exc.hint,
        ) from None


class DatabaseKey:
    """The database key in the OS keyring (``secrets``: a :class:`SecretStore`)."""

    def __init__(self, secrets: SecretStore) -> None:
        self._secrets = secrets

    def check(self) -> None:
        """:class:`KeyringUnavailable` (with the steps to fix it) when the keyring cannot
        be used now."""
        with _about_the_database_key():
            self._secrets.check()

    def get(self) -> str | None:
        with _about_the_database_key():
            return self._secrets.get(KEY_NAME)

    def create(self) -> str:
        """A new random key, stored in the keyring and read back."""
        key = _random.token_hex(32)
        with _about_the_database_key():
            self._secrets.set(KEY_NAME, key)
            kept = self._secrets.get(KEY_NAME)
        if kept != key:
            raise StorageError(
                t("The keyring did not keep the new conversation database key."),
                t("Check that the keyring is unlocked and writable; nothing was changed."),
            )
        return key

    def delete(self) -> bool:
        with _about_the_database_key():
            return self._secrets.delete(KEY_NAME)


def _missing_key(path: Path) -> MissingKeyError:
    return MissingKeyError(
        t(
            "The conversation database {path} is encrypted, but the keyring holds no key for it "
            "(agentic-desk / {key_name}).",
            path=path,
            key_name=KEY_NAME,
        ),
        t(
            "Unlock the keyring you used when encryption was turned on (or restore its entry "
            "from a backup); without the key the conversations cannot be read. The file was left "
            "as it is.",
        ),
    )


# ---- opening ------------------------------------------------------------------------------


def open_store(
    path: Path,
    *,
    encrypt: bool,
    secrets: SecretStore,
    clock: Callable[[], float] = time.time,
    key: str | None = None,
) -> ConversationStore:
    """The store at ``path``, encrypted or not as the file is (see the module doc);
    ``encrypt`` (the setting) makes a new database encrypted. Raises
    :class:`MissingKeyError`, :class:`WrongKeyError`, :class:`KeyringUnavailable`,
    :class:`EncryptionUnavailable` or the store's own errors, each with what to do.
    ``key``: the database key itself (unwrapped by the app lock), not from the keyring."""
    plain = driver.is_plain(path)
    if plain or (plain is None and not encrypt):
        if plain and encrypt:
            log.warning("the conversation database is not encrypted although the setting is on")
        return ConversationStore(path, clock=clock)
    if key is not None:
        return ConversationStore(path, clock=clock, key=key)
    from agentic_desk.core.secrets import KeyringUnavailable

    keys = DatabaseKey(secrets)
    try:
        key = keys.get()
    except KeyringUnavailable:
        if encrypt:
            raise
        key = None  # setting off and no keyring: a file that is not SQLite is handled as before
    if key is None:
        if plain is None:  # a new database with the setting on
            key = keys.create()
        elif not encrypt:  # not plain, setting off, no key: as before (damaged, or not ours)
            return ConversationStore(path, clock=clock)
        else:
            raise _missing_key(path)
    return ConversationStore(path, clock=clock, key=key)


# ---- converting ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ConversionProgress:
    """Where a conversion is: ``stage`` is ``"counting"``, ``"copying"``, ``"verifying"``
    (one event per table checked, ``rows_done`` growing) or ``"swapping"``."""

    stage: str
    tables_done: int = 0
    tables_total: int = 0
    rows_done: int = 0
    rows_total: int = 0
    table: str = ""


@dataclasses.dataclass(frozen=True)
class ConversionResult:
    encrypted: bool  # the state the database is in now
    tables: int
    rows: int


def _tables(conn: sqlite3.Connection, schema: str = "main") -> list[str]:
    """Ordinary tables (with the search index's shadow tables), not virtual ones."""
    rows = conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
    ).fetchall()
    return [str(row[0]) for row in rows]


def _count(conn: sqlite3.Connection, table: str, schema: str = "main") -> int:
    return int(conn.execute(f'SELECT COUNT(*) FROM {schema}."{table}"').fetchone()[0])


_PROBES = (  # (search table, its source table, the texts a probe word comes from)
    ("messages_fts", "messages", "SELECT content FROM messages WHERE content != '' LIMIT 20"),
    ("titles_fts", "conversations", "SELECT title FROM conversations WHERE title != '' LIMIT 20"),
    ("chunks_fts", "chunks", "SELECT text FROM chunks WHERE text != '' LIMIT 20"),  # library
)


def _search_probes(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(search table, query) pairs answered by both files in the verification: a word from
    a message, one from a title (the conversations) and one from a passage (the library
    index), when there are any."""
    probes: list[tuple[str, str]] = []
    present = set(_tables(conn))
    for table, source, sql in _PROBES:
        if source not in present:
            continue
        for (text,) in conn.execute(sql).fetchall():
            word = _WORD.search(str(text))
            query = fts_query(word.group(0)) if word else None
            if query:
                probes.append((table, query))
                break
    return probes


def _search(conn: sqlite3.Connection, table: str, query: str) -> list[int]:
    rows = conn.execute(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid", (query,)
    ).fetchall()
    return [int(row[0]) for row in rows]


def _sync_folder(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows cannot open a folder to fsync it
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def shred(path: Path) -> None:
    """Overwrite ``path``'s bytes with zeros, sync them to disk, then unlink it (missing:
    nothing to do). On SSDs and copy-on-write file systems the old blocks may survive
    elsewhere; this is the best a program can do, full-disk encryption covers the rest."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with path.open("r+b") as file:
        chunk = b"\0" * (1 << 20)
        left = size
        while left > 0:
            written = file.write(chunk[: min(left, len(chunk))])
            left -= written
        file.flush()
        os.fsync(file.fileno())
    path.unlink()


def _shred_with_companions(path: Path) -> None:
    for suffix in _COMPANIONS:
        shred(path.with_name(path.name + suffix))
    shred(path)


class ConversionJob(Job[ConversionResult, ConversionProgress]):
    """Encrypt (``encrypt=True``) or decrypt the database at ``path``; see the module doc.

    ``commit_setting(encrypted)`` saves ``privacy.encrypt_conversations`` after the swap.
    ``during_copy`` is a test seam, called once from inside the copy (the job can be
    held there on an event while a test cancels it)."""

    def __init__(
        self,
        path: Path,
        *,
        encrypt: bool,
        secrets: SecretStore,
        commit_setting: Callable[[bool], None],
        during_copy: Callable[[], None] | None = None,
        companions: Sequence[Path] | None = None,
    ) -> None:
        super().__init__(
            "Encrypting your conversations" if encrypt else "Decrypting your conversations"
        )
        self.path = Path(path)
        self.encrypt = encrypt
        self._secrets = secrets
        self._keys = DatabaseKey(secrets)
        # the databases kept under the same key beside it (the library index)
        self.companions = [
            Path(p)
            for p in (
                companions
                if companions is not None
                else [self.path.with_name(name) for name in COMPANION_DATABASES]
            )
        ]
        self._commit_setting = commit_setting
        self._during_copy = during_copy
        self.partial = self.path.with_name(self.path.name + _CONVERTING_SUFFIX)

    # ---- the steps ---------------------------------------------------------------------

    def work(self) -> ConversionResult:
        driver.sqlcipher()  # EncryptionUnavailable before anything is touched
        self._keys.check()  # KeyringUnavailable before anything is touched
        refuse_if_open(self.path)
        for companion in self.companions:
            refuse_if_open(companion)
        plain = driver.is_plain(self.path)
        if plain is None:  # no database yet: the next one is made as the setting says
            if self.encrypt and self._keys.get() is None:
                self._keys.create()
            self._commit_setting(self.encrypt)
            if not self.encrypt:
                self._keys.delete()
            return ConversionResult(self.encrypt, 0, 0)
        if plain == (not self.encrypt):
            self._commit_setting(self.encrypt)  # the file already is as asked
            key = self._keys.get()
            if key is not None and self._companions_to_convert():
                # an earlier run converted the conversations but not the library index
                tables, rows = self._convert_companions(key)
                if not self.encrypt:
                    self._keys.delete()
                return ConversionResult(self.encrypt, tables, rows)
            raise AlreadyError(
                t(
                    "The conversations are already {value}.",
                    value="encrypted" if self.encrypt else "plain",
                ),
                t("Nothing was changed."),
            )
        created = False
        key = self._keys.get()
        if self.encrypt and key is None:
            key = self._keys.create()
            created = True
        elif key is None:
            raise _missing_key(self.path)
        try:
            if not self.encrypt:  # first: decrypting them needs the key, deleted at the end
                self._convert_companions(key)
            result, replaced = self._convert(key)
        except BaseException:
            with contextlib.suppress(OSError):
                _shred_with_companions(self.partial)
            if created:
                with contextlib.suppress(Exception):
                    self._keys.delete()
            raise
        # The converted file is in place: from here on nothing is undone.
        self._commit_setting(self.encrypt)
        if not self.encrypt:
            self._keys.delete()
        self._remove_replaced(replaced)
        if self.encrypt:  # after: until then a plain index beside them is still read plain
            try:
                self._convert_companions(key, cancellable=False)
            except AgenticDeskError as exc:
                raise StorageError(
                    t(
                        "The conversations are encrypted, but the library index could not be: "
                        "{reason}",
                        reason=exc.message,
                    ),
                    t(
                        "Turn encryption on again to finish (the index is read unencrypted "
                        "until then)."
                    ),
                ) from exc
        return result

    def _companions_to_convert(self) -> list[Path]:
        """The companion databases not yet as asked (a missing one is made as it should be)."""
        return [p for p in self.companions if driver.is_plain(p) is self.encrypt]

    def _convert_companions(self, key: str, *, cancellable: bool = True) -> tuple[int, int]:
        """Convert each companion database like the main one (exported, verified, swapped,
        the old file shredded); the tables and rows converted."""
        tables = rows = 0
        for path in self._companions_to_convert():
            job = ConversionJob(
                path,
                encrypt=self.encrypt,
                secrets=self._secrets,
                commit_setting=lambda _encrypted: None,
                companions=(),
            )
            if cancellable:
                self.on_cancel(job.cancel)
            with contextlib.suppress(OSError):
                _shred_with_companions(job.partial)
            try:
                result, replaced = job._convert(key)
            except BaseException:
                with contextlib.suppress(OSError):
                    _shred_with_companions(job.partial)
                raise
            job._remove_replaced(replaced)
            tables += result.tables
            rows += result.rows
        return tables, rows

    def run(self) -> ConversionResult:
        """As :meth:`Job.run`, but a cancel that comes after the swap is too late to
        undo anything, so the result stands."""
        self.check()
        return self.work()

    def _convert(self, key: str) -> tuple[ConversionResult, Path]:
        _shred_with_companions(self.partial)  # a copy left by a crash
        source_key = None if self.encrypt else key
        target_key = key if self.encrypt else None
        counts, probes = self._export(source_key, target_key)
        self.check()
        self._verify(target_key, counts, probes)
        self.check()
        self.report(
            ConversionProgress(
                "swapping", len(counts), len(counts), sum(counts.values()), sum(counts.values())
            )
        )
        replaced = self._swap()
        return ConversionResult(self.encrypt, len(counts), sum(counts.values())), replaced

    def _open(self, path: Path, key: str | None) -> sqlite3.Connection:
        module = driver.sqlcipher()
        conn: sqlite3.Connection = module.connect(str(path), isolation_level=None)
        driver.quiet(conn)
        if key is not None:
            try:
                conn.execute(driver.key_pragma(key))
                conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            except BaseException:
                conn.close()
                raise
        return conn

    def _export(
        self, source_key: str | None, target_key: str | None
    ) -> tuple[dict[str, int], list[tuple[str, str, list[int]]]]:
        """Copy the database into :attr:`partial`; the row counts and search answers of
        the original, to check the copy against."""
        module = driver.sqlcipher()
        try:
            conn = self._open(self.path, source_key)
        except module.DatabaseError:
            raise WrongKeyError(
                t(
                    "The conversation database {path} cannot be read with the key in the keyring.",
                    path=self.path,
                ),
                t("Restore the matching key or a backup; nothing was changed."),
            ) from None
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            counts = {table: _count(conn, table) for table in _tables(conn)}
            probes = [(t, q, _search(conn, t, q)) for t, q in _search_probes(conn)]
            total = sum(counts.values())
            self.report(ConversionProgress("counting", 0, len(counts), 0, total))
            self.check()
            attach_key = f"x'{target_key}'" if target_key else ""
            if target_key is not None:
                driver.key_pragma(target_key)  # checks the form before it goes into SQL
            conn.execute(f'ATTACH DATABASE ? AS converted KEY "{attach_key}"', (str(self.partial),))
            self.report(ConversionProgress("copying", 0, len(counts), 0, total))
            first = [True]

            def step() -> int:  # runs inside sqlcipher_export: cancel stops the copy
                if first[0] and self._during_copy is not None:
                    first[0] = False
                    self._during_copy()
                return 1 if self.cancelled else 0

            conn.set_progress_handler(step, _PROGRESS_STEPS)
            try:
                conn.execute("SELECT sqlcipher_export('converted')").fetchall()
            finally:
                conn.set_progress_handler(None, 0)
            self.check()
            conn.execute(f"PRAGMA converted.user_version = {version}")
            conn.execute("DETACH DATABASE converted")
        except module.DatabaseError as exc:
            if self.cancelled:
                raise JobCancelled() from None
            raise StorageError(
                t(
                    "Could not copy the conversation database: {exc}.",
                    exc=exc,
                ),
                t(
                    "Check free disk space (the copy needs as much as the database); nothing was "
                    "changed.",
                ),
            ) from exc
        finally:
            conn.close()
        return counts, probes

    def _verify(
        self,
        key: str | None,
        counts: dict[str, int],
        probes: list[tuple[str, str, list[int]]],
    ) -> None:
        """Check the copy against the original (:class:`StorageError` if it differs)."""
        module = driver.sqlcipher()
        total = sum(counts.values())

        def differs(what: str) -> StorageError:
            return StorageError(
                t(
                    "The converted copy of the conversation database is not the same ({what}).",
                    what=what,
                ),
                t("Nothing was changed; please report this."),
            )

        try:
            conn = self._open(self.partial, key)
        except module.DatabaseError as exc:
            raise differs(t("it cannot be opened: {exc}", exc=exc)) from None
        try:
            check = [str(row[0]) for row in conn.execute("PRAGMA integrity_check").fetchall()]
            if check != ["ok"]:
                raise differs(t("integrity check: {check}", check="; ".join(check[:3])))
            tables = _tables(conn)
            if tables != list(counts):
                raise differs(
                    t("tables {tables} instead of {counts}", tables=tables, counts=list(counts))
                )
            done = 0
            for index, table in enumerate(tables, 1):
                self.check()
                rows = _count(conn, table)
                if rows != counts[table]:
                    raise differs(
                        t(
                            "{rows} rows in {table} instead of {counts}",
                            rows=rows,
                            table=table,
                            counts=counts[table],
                        )
                    )
                done += rows
                self.report(ConversionProgress("verifying", index, len(tables), done, total, table))
            for table, query, expected in probes:
                if _search(conn, table, query) != expected:
                    raise differs(
                        t(
                            "the search {query} in {table} answers differently",
                            query=query,
                            table=table,
                        )
                    )
        except module.DatabaseError as exc:
            raise differs(str(exc)) from None
        finally:
            conn.close()

    def _swap(self) -> Path:
        """Put the verified copy in place of the original atomically; returns where the
        original is now (hard-linked aside first, so that the rename over it never leaves
        a moment without a database at :attr:`path`), for :meth:`_remove_replaced`."""
        replaced = self.path.with_name(self.path.name + _REPLACED_SUFFIX)
        try:
            with self.partial.open("rb+") as file:
                os.fsync(file.fileno())
            _shred_with_companions(replaced)
            os.link(self.path, replaced)
            for suffix in _COMPANIONS:  # the original's (empty after the checkpoint)
                shred(self.path.with_name(self.path.name + suffix))
            os.replace(self.partial, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                if replaced.exists() and not self.path.exists():
                    os.replace(replaced, self.path)
                replaced.unlink(missing_ok=True)
            raise StorageError(
                t(
                    "Could not put the converted conversation database in place: {reason}.",
                    reason=exc.strerror or exc,
                ),
                t("Check that the data folder is writable."),
            ) from exc
        try:  # swapped: nothing after this point may undo it
            _sync_folder(self.path.parent)
        except OSError as exc:
            log.warning("could not sync the data folder after the swap: %s", exc)
        return replaced

    def _remove_replaced(self, replaced: Path) -> None:
        """Remove the original securely (after the swap)."""
        try:
            shred(replaced)
            _sync_folder(self.path.parent)
        except OSError as exc:
            log.warning("the old conversation database could not be removed: %s", exc)
            raise StorageError(
                t(
                    "The conversations were converted, but the old file {replaced} could not be "
                    "removed ({reason}).",
                    replaced=replaced,
                    reason=exc.strerror or exc,
                ),
                t("Delete it yourself (it holds the conversations as they were)."),
            ) from exc


class LiveConversionJob(Job[ConversionResult, ConversionProgress]):
    """``conversion`` run under an open ``store`` (the window's): the store's lock is held
    and its connection closed for the whole conversion (other threads using the store wait),
    then the store is opened again on the file as it is now, with the key it needs, so
    every holder of the store keeps working. After a failure or a cancel it is opened on
    the untouched original."""

    def __init__(
        self,
        store: ConversationStore,
        conversion: ConversionJob,
        *,
        also: Sequence[Database] = (),
    ) -> None:
        super().__init__(conversion.title)
        self._store = store
        self._also = list(also)  # the open companions (the window's library index)
        self._inner = conversion
        conversion.on_progress(self.report)
        self.on_cancel(conversion.cancel)

    def run(self) -> ConversionResult:
        self.check()  # a cancel after the swap is too late (see ConversionJob.run)
        return self.work()

    def work(self) -> ConversionResult:
        store, inner = self._store, self._inner
        with contextlib.ExitStack() as held:
            for database in [store, *self._also]:
                held.enter_context(database._lock)
                database.close()
            try:
                return inner.run()
            finally:
                for database in [store, *self._also]:
                    self._reopen(database)

    def _reopen(self, database: Database) -> None:
        plain = driver.is_plain(database.path)
        key = None if plain is not False else self._inner._keys.get()
        if plain is False and key is None:
            raise _missing_key(database.path)
        database.reopen(key)


def plain_copies(path: Path) -> list[Path]:
    """Plain SQLite copies beside ``path`` that encryption does not touch: backups made
    before a schema upgrade (``.v<N>.bak``) and files kept aside as damaged. They hold
    conversations as they were, unencrypted; the user decides what to do with them."""
    found = []
    for candidate in sorted(path.parent.glob(f"{path.name}.*")):
        if candidate.name.endswith(_COMPANIONS) or not candidate.is_file():
            continue
        if driver.is_plain(candidate):
            found.append(candidate)
    return found


def status(path: Path, secrets: SecretStore | None) -> dict[str, Any]:
    """What ``conversations encrypt status`` shows: the file's state and the key's."""
    plain = driver.is_plain(path)
    state = t("none yet") if plain is None else (t("plain") if plain else t("encrypted"))
    key: str
    if secrets is None:
        key = t("not checked")
    else:
        try:
            from agentic_desk.core.applock import WRAPPED_NAME

            if DatabaseKey(secrets).get():
                key = t("in the keyring")
            elif secrets.get(WRAPPED_NAME):
                key = t("in the keyring, locked with a passphrase (app lock)")
            else:
                key = "none"
        except Exception as exc:  # KeyringUnavailable: said, not raised
            key = t("keyring unavailable ({getattr})", getattr=getattr(exc, "message", exc))
    return {
        "file": str(path),
        "database": state,
        "key": key,
        "sqlcipher": driver.available(),
        "plain copies": [str(p) for p in plain_copies(path)],
    }


__all__ = [
    "COMPANION_DATABASES",
    "KEY_NAME",
    "AlreadyError",
    "ConversionJob",
    "ConversionProgress",
    "ConversionResult",
    "DatabaseInUseError",
    "DatabaseKey",
    "EncryptionUnavailable",
    "LiveConversionJob",
    "MissingKeyError",
    "WrongKeyError",
    "open_store",
    "plain_copies",
    "refuse_if_open",
    "shred",
    "status",
]
