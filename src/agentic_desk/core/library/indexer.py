"""Indexing files into a library: a :class:`~agentic_desk.core.jobs.Job` with progress.

:class:`IndexJob` takes files and folders (folders are walked for the supported
formats), records each as ``pending`` first — so a job cancelled or killed part-way is
resumed by the next one (:meth:`IndexJob.resume`, or adding anything to that library) —
then for each file, in order:

1. refuses it with a clear per-file error if it is too large or not a supported format
   (the rest go on);
2. hashes its bytes; a file whose hash matches what was indexed is skipped;
3. parses it (:mod:`.parsing`), scans its text with the sensitive-data detector (what was
   found is stored per file: a conversation that uses the library is then private),
   chunks it (:mod:`.chunking`) and embeds the chunks in batches (cancel is checked
   between batches);
4. replaces the file's chunks and vectors in one transaction.

Progress (:class:`IndexProgress`) is reported per file and overall (bytes done of bytes
to do). The result (:class:`IndexResult`) counts what was indexed, skipped and refused,
with each refusal's message.

**In a process of its own.** Parsing, the detector, chunking and the database writes all
hold the GIL, so :meth:`IndexJob.work` runs them in a spawned child process (at a lower
priority, ignoring Ctrl+C: the parent cancels) and only relays its messages over a pipe:
the child opens the same ``library.db`` (the SQLCipher key, when there is one, goes over
the pipe, never on a command line) and is its only writer while it runs; it asks the
parent for vectors (``("embed", texts)``: the parent's embedder, usually the embedding
worker process, answers); every progress event is acknowledged by the parent before the
child goes on, so events arrive in order and a cancel made while handling one is seen
before the next step. A cancel sets a shared flag the child checks between steps (a child
that does not stop within :data:`CANCEL_GRACE_S` is killed; its open transaction is
rolled back); a child that dies is reported as :class:`IndexingStopped`. Either way the
files not done stay ``pending`` for the next run. ``in_process=True`` runs the work on the
calling thread instead (what the child itself does).
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import multiprocessing.connection
import os
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t
from agentic_desk.core.jobs import Job, JobCancelled
from agentic_desk.core.library.chunking import chunk_document
from agentic_desk.core.library.embedding import Embedder, EmbeddingError, Vectors
from agentic_desk.core.library.parsing import (
    MAX_FILE_BYTES,
    DocumentError,
    ParsedDocument,
    is_supported,
    parse,
)
from agentic_desk.core.library.store import ChunkRow, Library, LibraryError, LibraryStore

EMBED_BATCH = 32
SCAN_PIECE = 8000  # characters the detector reads at a time (see IndexJob._scan)
HASH_BLOCK = 1024 * 1024
CANCEL_GRACE_S = 5.0  # after a cancel, how long the indexing process may take to stop
POLL_S = 0.2
STOP_POLL_S = 0.05  # how often the indexing process looks at the parent's cancel


class IndexingStopped(AgenticDeskError):
    """The indexing process ended without finishing (killed, or out of memory)."""


class LibraryRemoved(JobCancelled):
    """The library was removed (by another program) while the job indexed it: the job
    stopped at its next safe point, as after a cancel, and wrote nothing more."""


@dataclass(frozen=True)
class IndexProgress:
    """Where indexing is. ``stage``: "reading", "embedding", "indexed", "skipped",
    "error" (``message`` says why) or "done" (the last event)."""

    file: str  # the file's path
    file_index: int  # 0-based
    files_total: int
    stage: str
    file_fraction: float  # of this file
    bytes_done: int  # of every file, finished ones
    bytes_total: int
    message: str = ""

    @property
    def overall(self) -> float:
        if self.files_total == 0:
            return 1.0
        return min(1.0, (self.file_index + self.file_fraction) / self.files_total)


@dataclass
class IndexResult:
    indexed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unchanged since last time
    failed: dict[str, str] = field(default_factory=dict)  # path: the message
    chunks: int = 0
    pages: int = 0
    bytes: int = 0


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the supported files under folders named (sorted, no duplicates)."""
    found: dict[str, Path] = {}
    for named in paths:
        path = Path(named).expanduser()
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    child = Path(root) / name
                    if not name.startswith(".") and is_supported(child):
                        found.setdefault(str(child.resolve()), child.resolve())
        else:
            resolved = path.resolve()
            found.setdefault(str(resolved), resolved)
    return list(found.values())


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


class IndexJob(Job[IndexResult, IndexProgress]):
    """Index ``paths`` into ``library`` with ``embedder`` (see the module docs); with no
    paths, the library's files still pending (a resume)."""

    def __init__(
        self,
        store: LibraryStore,
        library: Library,
        paths: Sequence[Path],
        embedder: Embedder,
        *,
        max_bytes: int = MAX_FILE_BYTES,
        detect_data: bool = True,
        in_process: bool = False,
    ) -> None:
        super().__init__(t("Indexing {name}", name=library.name))
        self.store = store
        self.library = library
        self.paths = list(paths)
        self.embedder = embedder
        self.max_bytes = max_bytes
        self.detect_data = detect_data
        self.in_process = in_process
        self.pid: int | None = None  # the indexing process's, while it runs
        self._idle = threading.Event()  # set while the job is not running
        self._idle.set()
        self._ran = False
        # tests: the child kills itself once it has reported this file (0-based) done
        self.test_kill_after_file: int | None = None

    @classmethod
    def resume(cls, store: LibraryStore, library: Library, embedder: Embedder) -> IndexJob:
        """A job for the library's files left pending (cancelled, or the app stopped)."""
        return cls(store, library, [], embedder)

    def run(self) -> IndexResult:
        self._idle.clear()
        self._ran = True
        try:
            return super().run()
        finally:
            self._idle.set()

    @property
    def running(self) -> bool:
        return not self._idle.is_set()

    @property
    def ended(self) -> bool:
        """It ran and is not running now (or it was cancelled before it started)."""
        return self._idle.is_set() and (self._ran or self.cancelled)

    def stop_and_wait(self, timeout: float) -> bool:
        """Cancel the job and wait (at most ``timeout`` seconds) until it is not running;
        True when it has stopped. A job not started yet never writes anything: its
        :meth:`run` raises :class:`JobCancelled` before the first step."""
        self.cancel()
        return self._idle.wait(timeout)

    def work(self) -> IndexResult:
        if self.in_process:
            return self._work_here()
        try:
            return self._work_in_child()
        finally:
            self.store.changed_elsewhere()

    def _work_in_child(self) -> IndexResult:
        """Start the indexing process and relay its messages (see the module docs)."""
        context = multiprocessing.get_context("spawn")
        connection, child_end = context.Pipe()
        # a plain shared byte, not an Event: setting an Event whose waiter died (the child
        # killed while it waited) blocks for ever
        stop = context.RawValue("b", 0)
        process = context.Process(
            target=_child_main, args=(child_end, stop), name="indexing", daemon=True
        )
        process.start()
        child_end.close()
        self.pid = process.pid
        self.on_cancel(lambda: setattr(stop, "value", 1))
        embed_failure: BaseException | None = None
        cancelled_at: float | None = None
        try:
            connection.send(
                {
                    "path": str(self.store.path),
                    "key": self.store.database_key,
                    "library": self.library.id,
                    "paths": [str(p) for p in self.paths],
                    "model_id": self.embedder.model_id,
                    "dimension": self.embedder.dimension,
                    "max_bytes": self.max_bytes,
                    "detect_data": self.detect_data,
                    "kill_after": self.test_kill_after_file,
                }
            )
            while True:
                if not connection.poll(POLL_S):
                    if self.cancelled:
                        cancelled_at = cancelled_at or time.monotonic()
                        if time.monotonic() - cancelled_at > CANCEL_GRACE_S:
                            process.kill()
                            raise JobCancelled()
                    if not process.is_alive() and not connection.poll(0):
                        raise EOFError
                    continue
                message = connection.recv()
                kind = message[0]
                if kind == "progress":
                    self.report(message[1])
                    connection.send(("ack",))
                elif kind == "embed":
                    try:
                        vectors = self.embedder.embed(message[1])
                    except AgenticDeskError as exc:
                        embed_failure = exc
                        connection.send(("failed", exc.message, exc.hint))
                    else:
                        connection.send(("vectors", vectors))
                elif kind == "done":
                    result: IndexResult = message[1]
                    return result
                elif kind == "cancelled":
                    raise JobCancelled()
                elif kind == "removed":
                    raise LibraryRemoved(message[1], message[2])
                elif kind == "error":
                    if embed_failure is not None:
                        raise embed_failure
                    raise LibraryError(message[1], message[2])
                else:  # "bug": the child's traceback
                    raise RuntimeError(t("The indexing process failed:") + "\n" + message[1])
        except (EOFError, OSError) as exc:
            if self.cancelled:
                raise JobCancelled() from exc
            raise IndexingStopped(
                t(
                    "Indexing {name} stopped unexpectedly (the indexing process ended).",
                    name=self.library.name,
                ),
                t(
                    "The files not done yet are kept: add files or resume indexing to go on. "
                    "If it keeps happening, the computer may be short of memory."
                ),
            ) from exc
        finally:
            self.pid = None
            process.join(timeout=CANCEL_GRACE_S)
            if process.is_alive():
                process.kill()
                process.join()
            connection.close()

    def _work_here(self) -> IndexResult:
        store, library = self.store, self.library
        self._check_library()
        store.set_model(library.id, self.embedder.model_id)
        for path in expand(self.paths):
            size = _size(path)
            store.add_pending(library.id, str(path), path.name, path.suffix.lower()[1:], size)
        todo = [Path(f.path) for f in store.files(library.id) if f.status == "pending"]
        # named files already indexed are checked again (a changed file is re-indexed)
        named = {str(p) for p in expand(self.paths)}
        todo += [
            Path(f.path)
            for f in store.files(library.id)
            if f.status != "pending" and f.path in named
        ]
        sizes = [_size(p) for p in todo]
        total = sum(s for s in sizes if s <= self.max_bytes)
        result = IndexResult()
        done_bytes = 0
        for index, path in enumerate(todo):
            self.check()
            self._check_library()

            def report(
                stage: str,
                fraction: float,
                message: str = "",
                *,
                i: int = index,
                p: Path = path,
                done: int = done_bytes,
            ) -> None:
                self.report(
                    IndexProgress(str(p), i, len(todo), stage, fraction, done, total, message)
                )

            self._index_one(path, report, result)
            if sizes[index] <= self.max_bytes:
                done_bytes += sizes[index]
        self.report(IndexProgress("", len(todo), len(todo), "done", 1.0, done_bytes, total))
        return result

    def _scan(self, text: str) -> dict[str, int]:
        """The detector's findings in ``text``, counted by kind. The text is scanned in
        pieces of at most :data:`SCAN_PIECE` characters cut at line ends: a regular
        expression holds the GIL for as long as it runs, and the window's thread must not
        wait that long (a cue word and its value stay on one line)."""
        from agentic_desk.core.privacy.detector import detect

        counts: Counter[str] = Counter()
        start = 0
        while start < len(text):
            end = min(len(text), start + SCAN_PIECE)
            if end < len(text):
                cut = text.rfind("\n", start + SCAN_PIECE // 2, end)
                end = cut + 1 if cut != -1 else end
            counts.update(f.category for f in detect(text[start:end]))
            self.check()
            start = end
        return dict(counts)

    def _check_library(self) -> None:
        """A safe point: the library was removed (by another program, e.g. ``agentic-desk
        library remove`` while the window indexes it): stop, as after a cancel."""
        if not self.store.has_library(self.library.id):
            raise LibraryRemoved(
                t("“{name}” was removed while it was being indexed.", name=self.library.name),
                t("Nothing of it was kept."),
            )

    def _index_one(self, path: Path, report: Callable[..., None], result: IndexResult) -> None:
        store, library = self.store, self.library
        record = store.file(library.id, str(path))
        if record is None:  # removed since it was listed (another program): not added back
            self._check_library()
            result.skipped.append(str(path))
            report("skipped", 1.0)
            return
        file_id = record.id
        report("reading", 0.0)
        digest: str | None = None
        try:
            size = _size(path)
            if is_supported(path) and 0 < size <= self.max_bytes and path.is_file():
                digest = file_hash(path)
                if (
                    record is not None
                    and record.sha256 == digest
                    and record.status in ("indexed", "error")
                ):
                    result.skipped.append(str(path))
                    report("skipped", 1.0)
                    return
            document = parse(path, max_bytes=self.max_bytes)
            self.check()
            findings: dict[str, int] = {}
            if self.detect_data:
                findings = self._scan(document.text)
            chunks = chunk_document(document)
            title = document_title(document)
            rows = [
                ChunkRow(
                    c.index,
                    c.start,
                    c.end,
                    c.page,
                    c.heading,
                    c.text,
                    chunk_context(path, title, c.heading),
                )
                for c in chunks
            ]
            report("embedding", 0.1)
            vectors = []
            for begin in range(0, len(rows), EMBED_BATCH):
                self.check()
                batch = rows[begin : begin + EMBED_BATCH]
                vectors.append(self.embedder.embed([_embedded_text(r) for r in batch]))
                report("embedding", 0.1 + 0.85 * min(1.0, (begin + len(batch)) / len(rows)))
            import numpy as np

            matrix = np.concatenate(vectors) if vectors else np.zeros((0, 1), np.float32)
            self.check()
            saved = store.replace_chunks(
                file_id,
                rows,
                matrix,
                sha256=digest or file_hash(path),
                kind=document.kind,
                pages=document.pages,
                findings=findings,
            )
            if not saved:  # removed meanwhile (another program): nothing was written
                self._check_library()
                result.skipped.append(str(path))
                report("skipped", 1.0)
                return
        except (DocumentError, LibraryError) as exc:
            if isinstance(exc, LibraryError):
                raise
            store.record_error(file_id, exc.message, exc.hint, digest)
            result.failed[str(path)] = str(exc)
            report("error", 1.0, str(exc))
            return
        except AgenticDeskError:
            raise  # the embedder failed, or the job was cancelled: the file stays pending
        except OSError as exc:
            message = t(
                "{name} could not be read ({reason}).", name=path.name, reason=exc.strerror or exc
            )
            store.record_error(file_id, message, "", digest)
            result.failed[str(path)] = message
            report("error", 1.0, message)
            return
        result.indexed.append(str(path))
        result.chunks += len(rows)
        result.pages += document.pages
        result.bytes += _size(path)
        report("indexed", 1.0)


# ---- the indexing process ------------------------------------------------------------------


class _PipeEmbedder:
    """In the indexing process: the parent's embedder, asked over the pipe."""

    def __init__(
        self, connection: multiprocessing.connection.Connection, model_id: str, dimension: int
    ) -> None:
        self._connection = connection
        self.model_id = model_id
        self.dimension = dimension

    def embed(self, texts: Sequence[str]) -> Vectors:
        self._connection.send(("embed", list(texts)))
        reply = self._connection.recv()
        if reply[0] != "vectors":
            raise EmbeddingError(reply[1], reply[2])
        vectors: Vectors = reply[1]
        return vectors


def _child_main(
    connection: multiprocessing.connection.Connection, stop: Any
) -> None:  # pragma: no cover - runs in the child process (the tests cover it from outside)
    """The indexing process: index as the parent's setup message says, reporting over
    ``connection``; ``stop`` (a shared byte, 1: cancel) is the parent's cancel."""
    import signal

    from agentic_desk.core.library.embedding import _lower_priority

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C: the parent cancels
    _lower_priority()
    setup = connection.recv()
    store: LibraryStore | None = None
    try:
        store = LibraryStore(Path(setup["path"]), key=setup["key"])
        job = IndexJob(
            store,
            store.library(setup["library"]),
            [Path(p) for p in setup["paths"]],
            _PipeEmbedder(connection, setup["model_id"], setup["dimension"]),
            max_bytes=setup["max_bytes"],
            detect_data=setup["detect_data"],
            in_process=True,
        )
        kill_after = setup["kill_after"]

        def relay(progress: IndexProgress) -> None:
            connection.send(("progress", progress))
            connection.recv()  # the parent's ack: events stay in step with its cancel
            if stop.value:
                job.cancel()
            if (
                kill_after is not None
                and progress.file_index == kill_after
                and progress.stage in ("indexed", "skipped", "error")
            ):
                _kill_self()

        job.on_progress(relay)
        watcher = _StopWatcher(stop, job)
        watcher.start()
        try:
            result = job.run()
        finally:
            watcher.done()
        connection.send(("done", result))
    except LibraryRemoved as exc:
        connection.send(("removed", exc.message, exc.hint))
    except JobCancelled:
        connection.send(("cancelled",))
    except AgenticDeskError as exc:
        connection.send(("error", exc.message, exc.hint))
    except Exception:
        connection.send(("bug", traceback.format_exc()))
    finally:
        if store is not None:
            with contextlib.suppress(Exception):
                store.close()
        connection.close()


class _StopWatcher:
    """A thread in the indexing process that cancels the job when the parent's event is
    set (the job checks between steps)."""

    def __init__(self, stop: Any, job: IndexJob) -> None:
        import threading

        self._stop = stop
        self._job = job
        self._finished = False
        self._thread = threading.Thread(target=self._watch, name="index-stop", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _watch(self) -> None:
        while not self._finished:
            if self._stop.value:
                self._job.cancel()
                return
            time.sleep(STOP_POLL_S)

    def done(self) -> None:
        self._finished = True


def _kill_self() -> None:  # pragma: no cover - the tests' crash
    import signal

    if hasattr(signal, "SIGKILL"):
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(70)


def document_title(document: ParsedDocument) -> str:
    """The document's first heading, else its first line (at most 120 characters)."""
    for block in document.blocks:
        if block.is_heading:
            return document.text[block.start : block.end].lstrip("# ").strip()[:120]
    first = document.text.strip().split("\n", 1)[0]
    return first.strip()[:120]


def chunk_context(path: Path, title: str, heading: str) -> str:
    """What situates a passage that does not name its subject (a "Medication" section of
    a letter about someone): the file's name, the document's title and the headings."""
    parts = [path.stem.replace("_", " ").replace("-", " "), title, *heading.split(" > ")]
    return " > ".join(p for p in dict.fromkeys(p.strip() for p in parts) if p)


def _embedded_text(row: ChunkRow) -> str:
    """What is embedded for a chunk: its context, then its text."""
    return f"{row.context}\n{row.text}" if row.context else row.text


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


__all__ = [
    "EMBED_BATCH",
    "IndexJob",
    "IndexProgress",
    "IndexResult",
    "IndexingStopped",
    "LibraryRemoved",
    "chunk_context",
    "document_title",
    "expand",
    "file_hash",
]
