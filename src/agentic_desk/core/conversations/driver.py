"""The conversation database's connection: plain ``sqlite3``, or SQLCipher when a key is given.

SQLCipher (``sqlcipher3-binary``, the optional ``encryption`` extra) is SQLite with every
page encrypted (AES-256); its Python module is a copy of ``sqlite3`` with its own classes,
so the store catches the errors of both through :data:`ERRORS`, :data:`DATABASE_ERRORS`
and :data:`BUG_ERRORS`, and takes its row class from :func:`connect`'s connection.

The key is 32 random bytes, given to SQLCipher as a raw key (``PRAGMA key = "x'<hex>'"``,
no passphrase derivation); where it is kept is :mod:`.encryption`'s business.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from agentic_desk.core.conversations.errors import ConversationError
from agentic_desk.core.i18n import t

try:  # the optional ``encryption`` extra
    import sqlcipher3.dbapi2 as _sqlcipher
except ImportError:  # pragma: no cover - the extra is installed where tests run
    _sqlcipher = None

SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every plain SQLite file

_KEY = re.compile(r"^[0-9a-f]{64}$")


def _errors(name: str) -> tuple[type[BaseException], ...]:
    found: list[type[BaseException]] = [getattr(sqlite3, name)]
    if _sqlcipher is not None:
        found.append(getattr(_sqlcipher, name))
    return tuple(found)


#: Any error either driver raises.
ERRORS = _errors("Error")
#: A database (disk, file, lock) error of either driver.
DATABASE_ERRORS = _errors("DatabaseError")
#: Errors that are bugs in the calling code, not the disk.
BUG_ERRORS = _errors("IntegrityError") + _errors("ProgrammingError") + _errors("InterfaceError")


class EncryptionUnavailable(ConversationError):
    """SQLCipher is not installed, so an encrypted database cannot be opened or made."""


class WrongKeyError(ConversationError):
    """The encrypted database could not be read with the key given."""


def available() -> bool:
    """Whether SQLCipher is installed (encryption at rest can be used)."""
    return _sqlcipher is not None


def sqlcipher() -> ModuleType:
    """``sqlcipher3.dbapi2``, or :class:`EncryptionUnavailable` saying how to install it."""
    if _sqlcipher is None:
        raise EncryptionUnavailable(
            t("Encrypting the conversations needs SQLCipher, which is not installed."),
            t('Install it with `pip install "agentic-desk[encryption]"` (Linux x86-64 only).'),
        )
    return cast(ModuleType, _sqlcipher)


def key_pragma(key: str) -> str:
    """``PRAGMA key`` for a raw key (64 lower-case hex digits)."""
    if not _KEY.match(key):
        raise WrongKeyError(
            t("The conversation database key in the keyring is not a valid key."),
            t(
                "Restore the key (keyring entry agentic-desk / conversations-db-key) or restore "
                "a plain backup of the conversations.",
            ),
        )
    return f"PRAGMA key = \"x'{key}'\""


def is_plain(path: Path) -> bool | None:
    """True: ``path`` is a plain SQLite file; False: it is not (encrypted, or not a
    database); None: it is missing or empty (a new database)."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return None
    if not head:
        return None
    return head == SQLITE_HEADER


def connect(path: Path, key: str | None, **options: Any) -> sqlite3.Connection:
    """A connection to ``path`` with ``options`` (as :func:`sqlite3.connect`) and its row
    factory set; with ``key``, SQLCipher's, keyed and checked (:class:`WrongKeyError`)."""
    if key is None:
        conn: sqlite3.Connection = sqlite3.connect(path, **options)
        conn.row_factory = sqlite3.Row
        return conn
    module = sqlcipher()
    pragma = key_pragma(key)
    conn = cast(sqlite3.Connection, module.connect(str(path), **options))
    try:
        quiet(conn)
        conn.execute(pragma)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except module.DatabaseError:
        conn.close()
        raise WrongKeyError(
            t(
                "The conversation database {path} cannot be read with the key in the keyring.",
                path=path,
            ),
            t(
                "The key does not match this file (another computer's keyring, or a restored "
                "file). Restore the matching key or a backup of the conversations; the file was "
                "left as it is.",
            ),
        ) from None
    conn.row_factory = module.Row
    return conn


def quiet(conn: sqlite3.Connection) -> None:
    """Keep SQLCipher from writing to stderr (a wrong key is our error, said in words)."""
    conn.execute("PRAGMA cipher_log_level = NONE")


def is_encrypted(conn: sqlite3.Connection) -> bool:
    return _sqlcipher is not None and isinstance(conn, _sqlcipher.Connection)


def backup_to(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the open database to ``target``. An encrypted database's copy is encrypted
    with the same key (SQLCipher's export into an attached database, which uses the main
    database's key when none is given), never a plain file."""
    if not is_encrypted(conn):
        with contextlib.closing(sqlite3.connect(target)) as plain:
            conn.backup(plain)
        return
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    conn.execute("ATTACH DATABASE ? AS backup", (str(target),))
    try:
        conn.execute("SELECT sqlcipher_export('backup')").fetchall()
        conn.execute(f"PRAGMA backup.user_version = {version}")
    finally:
        conn.execute("DETACH DATABASE backup")


__all__ = [
    "BUG_ERRORS",
    "DATABASE_ERRORS",
    "ERRORS",
    "SQLITE_HEADER",
    "EncryptionUnavailable",
    "WrongKeyError",
    "available",
    "backup_to",
    "connect",
    "is_encrypted",
    "is_plain",
    "key_pragma",
    "sqlcipher",
]
