"""The library index: libraries, their files, chunks, keyword index and vectors, in SQLite.

``library.db`` sits in the data folder beside ``conversations.db`` and is kept the same
way (see :mod:`agentic_desk.core.conversations.store`): mode ``0600`` for the file and
its ``-wal``/``-shm``, WAL with ``secure_delete`` on, and encrypted with SQLCipher under
the conversation database's key when that one is (:func:`open_beside`).

Tables: ``libraries`` (name, the embedding model its vectors came from), ``files``
(path, content hash, status, the error a user reads, what the sensitive-data detector
found), ``chunks`` (text, page, heading, character offsets, the vector as a ``float32``
BLOB, and its context: the file's name, its title and the headings, which the keyword
index and the vector also cover) and ``chunks_fts`` (FTS5, external content, kept in step
by triggers).

Search (:meth:`LibraryStore.search`): keyword (FTS5 BM25 over the question's words,
any of them), vector (exact cosine over every chunk's vector, numpy) or hybrid, both
fused by reciprocal rank (:func:`reciprocal_rank_fusion`).

Removing a file or a library (:meth:`LibraryStore.remove_file`,
:meth:`LibraryStore.remove_library`) deletes its chunks and vectors, rebuilds the
keyword index (``optimize``), compacts the file when much of it is free and truncates the
write-ahead log, so no text of a removed document stays in the database's bytes.

Thread-safe: one connection under a re-entrant lock, like the conversation store.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from agentic_desk.core.conversations import driver
from agentic_desk.core.conversations.database import BUSY_TIMEOUT_S, Database
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t

FILE_NAME = "library.db"
RRF_K = 60  # reciprocal rank fusion's constant (Cormack et al. 2009)
CANDIDATES = 50  # each ranking's depth before fusion
VACUUM_FREE_SHARE = 0.25
SCHEMA_VERSION = 1
MODES = ("hybrid", "keyword", "vector")
MAX_NAME_CHARS = 120

_SCHEMA = (
    """
    CREATE TABLE libraries (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        model_id TEXT,  -- the embedding model of its vectors
        created_at REAL NOT NULL
    )
    """,
    """
    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        library_id TEXT NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT '',
        size INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT,
        status TEXT NOT NULL DEFAULT 'pending',  -- pending, indexed, error
        error TEXT,
        hint TEXT,
        findings TEXT NOT NULL DEFAULT '{}',  -- {category: count}
        pages INTEGER NOT NULL DEFAULT 0,
        chunk_count INTEGER NOT NULL DEFAULT 0,
        indexed_at REAL,
        UNIQUE (library_id, path)
    )
    """,
    """
    CREATE TABLE chunks (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        page INTEGER,
        heading TEXT NOT NULL DEFAULT '',
        context TEXT NOT NULL DEFAULT '',  -- the file, its title and the headings
        text TEXT NOT NULL,
        vector BLOB
    )
    """,
    "CREATE INDEX chunks_file ON chunks (file_id, seq)",
    """
    CREATE VIRTUAL TABLE chunks_fts USING fts5 (
        text, context, content='chunks', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
        INSERT INTO chunks_fts (rowid, text, context) VALUES (new.id, new.text, new.context);
    END
    """,
    """
    CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
        INSERT INTO chunks_fts (chunks_fts, rowid, text, context)
        VALUES ('delete', old.id, old.text, old.context);
    END
    """,
)

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "about",
        "after",
        "before",
        "into",
        "over",
        "under",
        "any",
        "all",
        "not",
        "no",
        "yes",
        "should",
        "could",
        "may",
        "might",
        "must",
        "shall",
    ]
)
_WORD = re.compile(r"\w+", re.UNICODE)


class LibraryError(AgenticDeskError):
    """A library operation that cannot be done (the message says why)."""


class LibraryNotFound(LibraryError):
    pass


@dataclass(frozen=True)
class Library:
    id: str
    name: str
    model_id: str | None
    created_at: float


@dataclass(frozen=True)
class FileRecord:
    id: int
    library_id: str
    path: str
    name: str
    kind: str
    size: int
    sha256: str | None
    status: str  # "pending", "indexed", "error"
    error: str | None
    hint: str | None
    findings: dict[str, int]
    pages: int
    chunk_count: int
    indexed_at: float | None


@dataclass(frozen=True)
class ChunkRow:
    """A chunk to store (its vector row-aligned in the caller's array)."""

    seq: int
    start: int
    end: int
    page: int | None
    heading: str
    text: str
    context: str = ""  # what situates it: the file's name, its title, the headings


@dataclass(frozen=True)
class Hit:
    """A search result: a chunk, where it is, and how it ranked."""

    chunk_id: int
    library: str
    file_id: int
    file: str  # the file's name
    path: str
    page: int | None
    heading: str
    text: str
    start: int
    end: int
    score: float  # the fused score (hybrid) or the ranking's own
    keyword_rank: int | None = None  # 1-based
    vector_rank: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "chunk_id": self.chunk_id,
            "library": self.library,
            "file": self.file,
            "path": self.path,
            "page": self.page,
            "heading": self.heading,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 6),
        }


@dataclass
class _VectorCache:
    generation: int = -1
    ids: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    matrix: npt.NDArray[np.float32] = field(
        default_factory=lambda: np.zeros((0, 0), dtype=np.float32)
    )


def check_name(name: str) -> str:
    """A library's name as stored (spaces collapsed), or :class:`LibraryError` saying
    what is wrong with it."""
    name = " ".join(str(name).split())
    if not name:
        raise LibraryError(t("A library needs a name."), t("Give it a short name."))
    if len(name) > MAX_NAME_CHARS:
        raise LibraryError(
            t("A library's name can be at most {count} characters.", count=MAX_NAME_CHARS),
            t("Choose a shorter name."),
        )
    return name


def name_problem(name: str, names: Sequence[str], *, current: str | None = None) -> str:
    """What is wrong with ``name`` for a library, "" when nothing: empty, too long, or
    one of ``names`` already (any case; ``current``, the library's own, does not count).
    The window checks a name as it is typed with this; the store checks it again."""
    try:
        cleaned = check_name(name)
    except LibraryError as exc:
        return exc.message
    for other in names:
        if other != current and other.casefold() == cleaned.casefold():
            return t("There is already a library called “{name}”.", name=other)
    return ""


def keyword_query(text: str) -> str | None:
    """An FTS5 expression matching chunks with any of the question's words (quoted, so
    FTS syntax is just text), stop words left out; None if nothing is left."""
    words = [w.lower() for w in _WORD.findall(text)]
    kept = [w for w in dict.fromkeys(words) if w not in _STOPWORDS]
    if not kept:
        kept = list(dict.fromkeys(words))
    if not kept:
        return None
    return " OR ".join('"' + w.replace('"', "") + '"' for w in kept)


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: int = RRF_K) -> dict[int, float]:
    """``{id: sum over rankings of 1 / (k + rank)}`` (ranks from 1)."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores


class LibraryStore(Database):
    """The library index in the SQLite file at ``path`` (see the module docs).
    ``key``: SQLCipher's raw key (the conversation database's), None for plain SQLite."""

    def __init__(self, path: Path, *, key: str | None = None) -> None:
        # the key is also handed to the indexing process over its pipe (database_key)
        self._generation = 0  # bumped on every change of chunks (the vector cache)
        self._cache: dict[tuple[str, ...], _VectorCache] = {}
        where = Path(path)

        def cannot(reason: object) -> LibraryError:
            return LibraryError(
                t("Could not open the library index {path}: {reason}.", path=where, reason=reason),
                t("Check that the data folder is writable."),
            )

        self._connect(where, key, cannot_create=cannot, cannot_open=cannot)

    def _open(self) -> None:
        conn = self._conn
        with self._errors(t("set up the library index")):
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA secure_delete = ON")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise LibraryError(
                    t(
                        "The library index {path} was written by a newer version of Agentic Desk.",
                        path=self.path,
                    ),
                    t("Update Agentic Desk to use it. The file was not changed."),
                )
            if version == 0:
                conn.execute("BEGIN IMMEDIATE")
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
        self._generation += 1  # a reopened file: cached vectors are read again

    # ---- plumbing --------------------------------------------------------------------------

    @contextlib.contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except driver.BUG_ERRORS:
            raise
        except driver.DATABASE_ERRORS as exc:
            raise LibraryError(
                t("Could not {doing}: {reason}.", doing=doing, reason=exc),
                t("Check free disk space and that the data folder is writable."),
            ) from exc

    @contextlib.contextmanager
    def _write(self, doing: str) -> Iterator[sqlite3.Connection]:
        with self._lock, self._errors(doing):
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def changed_elsewhere(self) -> None:
        """Another connection (the indexing process) changed chunks: forget cached vectors."""
        with self._lock:
            self._generation += 1

    # ---- libraries ----------------------------------------------------------------------------

    def create_library(self, name: str) -> Library:
        name = check_name(name)
        with self._write(t("create the library")) as conn:
            if conn.execute("SELECT 1 FROM libraries WHERE name = ?", (name,)).fetchone():
                raise LibraryError(
                    t("There is already a library called “{name}”.", name=name),
                    t("Choose another name, or add files to that one."),
                )
            library = Library(uuid.uuid4().hex, name, None, time.time())
            conn.execute(
                "INSERT INTO libraries (id, name, model_id, created_at) VALUES (?, ?, ?, ?)",
                (library.id, library.name, None, library.created_at),
            )
        return library

    def rename_library(self, library_id: str, new_name: str) -> Library:
        """Give the library another name (see :func:`check_name`). Conversations refer to
        libraries by id, so those that use it keep using it."""
        name = check_name(new_name)
        with self._write(t("rename the library")) as conn:
            row = conn.execute(
                "SELECT id, name, model_id, created_at FROM libraries WHERE id = ?", (library_id,)
            ).fetchone()
            if row is None:
                raise LibraryNotFound(
                    t("That library no longer exists."),
                    t("See the libraries with: agentic-desk library list"),
                )
            taken = conn.execute(
                "SELECT name FROM libraries WHERE name = ? COLLATE NOCASE AND id != ?",
                (name, library_id),
            ).fetchone()
            if taken is not None:
                raise LibraryError(
                    t("There is already a library called “{name}”.", name=str(taken[0])),
                    t("Choose another name."),
                )
            conn.execute("UPDATE libraries SET name = ? WHERE id = ?", (name, library_id))
        return Library(str(row[0]), name, row[2], float(row[3]))

    def has_library(self, library_id: str) -> bool:
        with self._lock, self._errors(t("read the libraries")):
            row = self._conn.execute(
                "SELECT 1 FROM libraries WHERE id = ?", (library_id,)
            ).fetchone()
        return row is not None

    def libraries(self) -> list[Library]:
        with self._lock, self._errors(t("read the libraries")):
            rows = self._conn.execute(
                "SELECT id, name, model_id, created_at FROM libraries ORDER BY name COLLATE NOCASE"
            ).fetchall()
        return [Library(str(r[0]), str(r[1]), r[2], float(r[3])) for r in rows]

    def library(self, name_or_id: str) -> Library:
        with self._lock, self._errors(t("read the libraries")):
            row = self._conn.execute(
                "SELECT id, name, model_id, created_at FROM libraries WHERE id = ? OR name = ?",
                (name_or_id, name_or_id),
            ).fetchone()
        if row is None:
            raise LibraryNotFound(
                t("There is no library called “{name}”.", name=name_or_id),
                t("See the libraries with: agentic-desk library list"),
            )
        return Library(str(row[0]), str(row[1]), row[2], float(row[3]))

    def set_model(self, library_id: str, model_id: str) -> None:
        """Record the embedding model of the library's vectors; a different model than
        before drops the old vectors (they are recomputed on the next indexing)."""
        with self._write(t("update the library")) as conn:
            row = conn.execute(
                "SELECT model_id FROM libraries WHERE id = ?", (library_id,)
            ).fetchone()
            if row is not None and row[0] is not None and row[0] != model_id:
                conn.execute(
                    "UPDATE files SET sha256 = NULL, status = 'pending' WHERE library_id = ?",
                    (library_id,),
                )
            conn.execute("UPDATE libraries SET model_id = ? WHERE id = ?", (model_id, library_id))

    def remove_library(self, library_id: str) -> None:
        """The library, its files, chunks and vectors, for good (see the module docs)."""
        with self._write(t("remove the library")) as conn:
            conn.execute(
                "DELETE FROM chunks WHERE file_id IN (SELECT id FROM files WHERE library_id = ?)",
                (library_id,),
            )
            conn.execute("DELETE FROM files WHERE library_id = ?", (library_id,))
            conn.execute("DELETE FROM libraries WHERE id = ?", (library_id,))
        self._purged()

    # ---- files ----------------------------------------------------------------------------------

    def files(self, library_id: str) -> list[FileRecord]:
        with self._lock, self._errors(t("read the library's files")):
            rows = self._conn.execute(
                f"SELECT {_FILE_COLUMNS} FROM files WHERE library_id = ? ORDER BY path",
                (library_id,),
            ).fetchall()
        return [_file(row) for row in rows]

    def file(self, library_id: str, path: str) -> FileRecord | None:
        with self._lock, self._errors(t("read the library's files")):
            row = self._conn.execute(
                f"SELECT {_FILE_COLUMNS} FROM files WHERE library_id = ? AND path = ?",
                (library_id, path),
            ).fetchone()
        return _file(row) if row is not None else None

    def add_pending(self, library_id: str, path: str, name: str, kind: str, size: int) -> int:
        """A file the indexer will read (kept if already there); returns its id."""
        with self._write(t("add the file")) as conn:
            conn.execute(
                "INSERT INTO files (library_id, path, name, kind, size) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (library_id, path) DO UPDATE SET size = excluded.size",
                (library_id, path, name, kind, size),
            )
            row = conn.execute(
                "SELECT id FROM files WHERE library_id = ? AND path = ?", (library_id, path)
            ).fetchone()
        return int(row[0])

    def record_error(self, file_id: int, message: str, hint: str, sha256: str | None) -> None:
        """The file could not be indexed: its old chunks go, the reason stays."""
        with self._write(t("record the file's state")) as conn:
            conn.execute("DELETE FROM chunks WHERE file_id = ?", (file_id,))
            conn.execute(
                "UPDATE files SET status = 'error', error = ?, hint = ?, sha256 = ?, "
                "chunk_count = 0, findings = '{}', indexed_at = ? WHERE id = ?",
                (message, hint, sha256, time.time(), file_id),
            )
            self._generation += 1

    def replace_chunks(
        self,
        file_id: int,
        chunks: Sequence[ChunkRow],
        vectors: npt.NDArray[np.float32],
        *,
        sha256: str,
        kind: str,
        pages: int,
        findings: dict[str, int],
    ) -> bool:
        """The file's new chunks and vectors, in one transaction (a crash keeps the old);
        False, writing nothing, when the file was removed meanwhile (by another program:
        checked in the same transaction, so a removal is never undone)."""
        if len(chunks) != len(vectors):
            raise ValueError("one vector per chunk")
        with self._write(t("save the file's passages")) as conn:
            if conn.execute("SELECT 1 FROM files WHERE id = ?", (file_id,)).fetchone() is None:
                return False
            conn.execute("DELETE FROM chunks WHERE file_id = ?", (file_id,))
            conn.executemany(
                "INSERT INTO chunks "
                "(file_id, seq, start, end, page, heading, context, text, vector) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        file_id,
                        c.seq,
                        c.start,
                        c.end,
                        c.page,
                        c.heading,
                        c.context,
                        c.text,
                        np.asarray(vectors[i], dtype=np.float32).tobytes(),
                    )
                    for i, c in enumerate(chunks)
                ],
            )
            conn.execute(
                "UPDATE files SET status = 'indexed', error = NULL, hint = NULL, sha256 = ?, "
                "kind = ?, pages = ?, findings = ?, chunk_count = ?, indexed_at = ? WHERE id = ?",
                (
                    sha256,
                    kind,
                    pages,
                    json.dumps(findings, sort_keys=True),
                    len(chunks),
                    time.time(),
                    file_id,
                ),
            )
            self._generation += 1
        return True

    def remove_file(self, library_id: str, path: str) -> bool:
        """The file's record, chunks and vectors, for good; False if it was not there."""
        with self._write(t("remove the file")) as conn:
            row = conn.execute(
                "SELECT id FROM files WHERE library_id = ? AND path = ?", (library_id, path)
            ).fetchone()
            if row is None:
                return False
            conn.execute("DELETE FROM chunks WHERE file_id = ?", (row[0],))
            conn.execute("DELETE FROM files WHERE id = ?", (row[0],))
        self._purged()
        return True

    def _purged(self) -> None:
        """After a removal: the keyword index rebuilt, the file compacted when worth it,
        the log checkpointed and truncated (no old copy of the text stays)."""
        with self._lock, self._errors(t("tidy the library index")):
            self._generation += 1
            conn = self._conn
            conn.execute("INSERT INTO chunks_fts (chunks_fts) VALUES ('optimize')")
            pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
            free = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
            if pages and free / pages > VACUUM_FREE_SHARE:
                with contextlib.suppress(sqlite3.OperationalError):
                    conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._make_files_private()

    def vectors_match(self, library_ids: Sequence[str], model_id: str) -> bool:
        """Whether every one of these libraries has its vectors from ``model_id`` (else
        only keyword search is meaningful until they are indexed again)."""
        if not library_ids:
            return False
        marks = ",".join("?" * len(library_ids))
        with self._lock, self._errors(t("read the libraries")):
            rows = self._conn.execute(
                f"SELECT model_id FROM libraries WHERE id IN ({marks})", tuple(library_ids)
            ).fetchall()
        return bool(rows) and all(row[0] == model_id for row in rows)

    def findings(self, library_ids: Sequence[str]) -> dict[str, dict[str, int]]:
        """``{file name: {category: count}}`` for the files with detector findings."""
        out: dict[str, dict[str, int]] = {}
        for library_id in library_ids:
            for record in self.files(library_id):
                if record.findings:
                    out[record.name] = dict(record.findings)
        return out

    def chunk(self, chunk_id: int) -> Hit | None:
        with self._lock, self._errors(t("read the passage")):
            row = self._conn.execute(
                f"SELECT {_HIT_COLUMNS} {_HIT_FROM} WHERE c.id = ?", (chunk_id,)
            ).fetchone()
        return _hit(row, 0.0) if row is not None else None

    def chunk_count(self, library_ids: Sequence[str]) -> int:
        with self._lock, self._errors(t("read the library")):
            marks = ",".join("?" * len(library_ids))
            row = self._conn.execute(
                f"SELECT COUNT(*) FROM chunks c JOIN files f ON f.id = c.file_id "
                f"WHERE f.library_id IN ({marks})",
                tuple(library_ids),
            ).fetchone()
        return int(row[0])

    # ---- search ---------------------------------------------------------------------------------

    def keyword_ranking(self, library_ids: Sequence[str], query: str, limit: int) -> list[int]:
        expression = keyword_query(query)
        if expression is None or not library_ids:
            return []
        marks = ",".join("?" * len(library_ids))
        with self._lock, self._errors(t("search the library")):
            rows = self._conn.execute(
                "SELECT c.id FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid "
                f"JOIN files f ON f.id = c.file_id WHERE chunks_fts MATCH ? "
                f"AND f.library_id IN ({marks}) ORDER BY bm25(chunks_fts, 1.0, 0.5) LIMIT ?",
                (expression, *library_ids, limit),
            ).fetchall()
        return [int(r[0]) for r in rows]

    def vector_ranking(
        self,
        library_ids: Sequence[str],
        query_vector: npt.NDArray[np.float32],
        limit: int,
    ) -> list[tuple[int, float]]:
        ids, matrix = self._vectors(tuple(sorted(library_ids)))
        if not len(ids) or matrix.shape[1] != query_vector.shape[-1]:
            return []
        scores = matrix @ np.asarray(query_vector, dtype=np.float32).reshape(-1)
        top = min(limit, len(scores))
        best = np.argpartition(-scores, top - 1)[:top]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(ids[i]), float(scores[i])) for i in best]

    def _vectors(
        self, library_ids: tuple[str, ...]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        with self._lock:
            cache = self._cache.get(library_ids)
            if cache is not None and cache.generation == self._generation:
                return cache.ids, cache.matrix
            marks = ",".join("?" * len(library_ids))
            with self._errors(t("search the library")):
                rows = self._conn.execute(
                    f"SELECT c.id, c.vector FROM chunks c JOIN files f ON f.id = c.file_id "
                    f"WHERE f.library_id IN ({marks}) AND c.vector IS NOT NULL ORDER BY c.id",
                    library_ids,
                ).fetchall()
            ids = np.array([int(r[0]) for r in rows], dtype=np.int64)
            if rows:
                matrix = np.stack([np.frombuffer(r[1], dtype=np.float32) for r in rows])
            else:
                matrix = np.zeros((0, 0), dtype=np.float32)
            self._cache[library_ids] = _VectorCache(self._generation, ids, matrix)
            return ids, matrix

    def search(
        self,
        library_ids: Sequence[str],
        query: str,
        *,
        query_vector: npt.NDArray[np.float32] | None = None,
        limit: int = 5,
        mode: str = "hybrid",
    ) -> list[Hit]:
        """The best ``limit`` chunks for ``query`` in these libraries. ``mode``:
        "keyword", "vector" (needs ``query_vector``) or "hybrid" (both, fused by
        reciprocal rank; keyword only when there is no vector)."""
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}")
        keyword: list[int] = []
        vector: list[tuple[int, float]] = []
        if mode in ("keyword", "hybrid"):
            keyword = self.keyword_ranking(library_ids, query, CANDIDATES)
        if mode in ("vector", "hybrid") and query_vector is not None:
            vector = self.vector_ranking(library_ids, query_vector, CANDIDATES)
        keyword_rank = {cid: rank for rank, cid in enumerate(keyword, start=1)}
        vector_rank = {cid: rank for rank, (cid, _s) in enumerate(vector, start=1)}
        if mode == "keyword":
            scored = [(cid, 1.0 / (RRF_K + rank)) for cid, rank in keyword_rank.items()]
        elif mode == "vector":
            scored = list(vector)
        else:
            fused = reciprocal_rank_fusion([keyword, [cid for cid, _s in vector]])
            scored = sorted(fused.items(), key=lambda item: -item[1])
        scored = scored[:limit]
        hits = self._hits([cid for cid, _s in scored])
        out: list[Hit] = []
        for cid, score in scored:
            hit = hits.get(cid)
            if hit is None:
                continue
            out.append(
                Hit(
                    **{
                        **hit.__dict__,
                        "score": score,
                        "keyword_rank": keyword_rank.get(cid),
                        "vector_rank": vector_rank.get(cid),
                    }
                )
            )
        return out

    def _hits(self, chunk_ids: Sequence[int]) -> dict[int, Hit]:
        if not chunk_ids:
            return {}
        marks = ",".join("?" * len(chunk_ids))
        with self._lock, self._errors(t("read the passages")):
            rows = self._conn.execute(
                f"SELECT {_HIT_COLUMNS} {_HIT_FROM} WHERE c.id IN ({marks})", tuple(chunk_ids)
            ).fetchall()
        return {int(row[0]): _hit(row, 0.0) for row in rows}


_FILE_COLUMNS = (
    "id, library_id, path, name, kind, size, sha256, status, error, hint, findings, pages, "
    "chunk_count, indexed_at"
)
_HIT_COLUMNS = "c.id, l.name, f.id, f.name, f.path, c.page, c.heading, c.text, c.start, c.end"
_HIT_FROM = "FROM chunks c JOIN files f ON f.id = c.file_id JOIN libraries l ON l.id = f.library_id"


def _file(row: Sequence[Any]) -> FileRecord:
    try:
        findings = {str(k): int(v) for k, v in json.loads(row[10] or "{}").items()}
    except (ValueError, AttributeError):
        findings = {}
    return FileRecord(
        int(row[0]),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        str(row[4]),
        int(row[5]),
        row[6],
        str(row[7]),
        row[8],
        row[9],
        findings,
        int(row[11]),
        int(row[12]),
        row[13],
    )


def _hit(row: Sequence[Any], score: float) -> Hit:
    return Hit(
        int(row[0]),
        str(row[1]),
        int(row[2]),
        str(row[3]),
        str(row[4]),
        None if row[5] is None else int(row[5]),
        str(row[6]),
        str(row[7]),
        int(row[8]),
        int(row[9]),
        score,
    )


def library_path(data_folder: Path) -> Path:
    return Path(data_folder) / FILE_NAME


def open_beside(conversations: Any) -> LibraryStore:
    """The library index beside an open :class:`ConversationStore`: in its folder, and
    encrypted with its key when it is encrypted."""
    key = getattr(conversations, "database_key", None)
    path = library_path(Path(conversations.path).parent)
    if key is not None and driver.is_plain(path):
        key = None  # an index made before encryption was turned on stays readable
    return LibraryStore(path, key=key)


__all__ = [
    "CANDIDATES",
    "FILE_NAME",
    "MODES",
    "RRF_K",
    "ChunkRow",
    "FileRecord",
    "Hit",
    "Library",
    "LibraryError",
    "LibraryNotFound",
    "LibraryStore",
    "check_name",
    "keyword_query",
    "library_path",
    "name_problem",
    "open_beside",
    "reciprocal_rank_fusion",
]
