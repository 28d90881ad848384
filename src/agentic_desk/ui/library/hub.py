"""The window's one handle on the document libraries (issue 17): :class:`LibraryHub`.

It holds the app's :class:`~agentic_desk.core.library.service.Libraries` and runs every
piece of work on it off the GUI thread with a :class:`~agentic_desk.ui.jobs.JobRunner`:
reads (the libraries and their files), writes (create, remove) and indexing. Indexing runs
one job at a time, in the order asked (a queue); each job's progress events reach the GUI
thread as :attr:`LibraryHub.progress`. Building a job is done on a worker thread too (it
may start the embedding worker process). :meth:`LibraryHub.resume` picks up, at start,
every library's files an earlier run left pending.

The Documents view (:mod:`.view`) and the chat pane's library picker (:mod:`.chat`) both
listen to :attr:`LibraryHub.changed`, so they show the same libraries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.library.indexer import IndexJob, IndexProgress, IndexResult
from agentic_desk.core.library.service import Libraries
from agentic_desk.core.library.store import FileRecord, Library
from agentic_desk.ui.jobs import JobRunner, Run

CLOSE_WAIT_MS = 10_000  # closing: how long a cancelled indexing job may take to stop
REFRESH_MS = 500  # while indexing, the files that ended are read again at most this often


@dataclass(frozen=True)
class LibraryRow:
    """One library as the views show it: the library and its files."""

    library: Library
    files: tuple[FileRecord, ...]

    @property
    def name(self) -> str:
        return self.library.name

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)

    @property
    def chunks(self) -> int:
        return sum(f.chunk_count for f in self.files)

    @property
    def with_findings(self) -> list[FileRecord]:
        return [f for f in self.files if f.findings]

    @property
    def failed(self) -> int:
        return sum(f.status == "error" for f in self.files)

    @property
    def pending(self) -> int:
        return sum(f.status == "pending" for f in self.files)


def read_rows(libraries: Libraries) -> list[LibraryRow]:
    """Worker thread: every library with its files."""
    return [
        LibraryRow(library, tuple(libraries.store.files(library.id)))
        for library in libraries.store.libraries()
    ]


def read_files(libraries: Libraries, library_id: str, paths: Sequence[str]) -> list[FileRecord]:
    """Worker thread: these files of a library as now stored (the ones still there)."""
    records = (libraries.store.file(library_id, path) for path in paths)
    return [record for record in records if record is not None]


def patch_rows(
    rows: Sequence[LibraryRow], records: Sequence[FileRecord]
) -> list[LibraryRow] | None:
    """``rows`` with ``records`` in place of the files of the same library and path; None
    when one of them is not among its library's files (the rows must be read again)."""
    by_library: dict[str, dict[str, FileRecord]] = {}
    for record in records:
        by_library.setdefault(record.library_id, {})[record.path] = record
    patched = list(rows)
    for at, row in enumerate(rows):
        fresh = by_library.pop(row.library.id, None)
        if not fresh:
            continue
        files = list(row.files)
        for index, old in enumerate(files):
            if old.path in fresh:
                files[index] = fresh.pop(old.path)
        if fresh:
            return None  # a file not listed yet
        patched[at] = LibraryRow(row.library, tuple(files))
    return None if by_library else patched


class LibraryHub(QObject):
    """The libraries for the window's views (see the module docs).

    Signals:
        changed(object rows): the libraries as now stored (a list of :class:`LibraryRow`),
            after any change and after :meth:`refresh`
        indexing_started(str name, int queued): a job for library ``name`` began
            (``queued``: jobs still waiting after it)
        progress(str name, object event): an :class:`IndexProgress` of the running job
        indexing_ended(str name, str state, object result): "done" (``result``: an
            :class:`IndexResult`), "cancelled" or "failed" (``result``: the error)
        failed(object error): a known error of a read or write, for the view to show
        idle(): nothing is being indexed or waiting to be
    """

    changed = Signal(object)
    indexing_started = Signal(str, int)
    progress = Signal(str, object)
    indexing_ended = Signal(str, str, object)
    failed = Signal(object)
    idle = Signal()

    def __init__(self, libraries: Libraries, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryHub")
        self.libraries = libraries
        self.jobs = JobRunner(self)
        self.rows: list[LibraryRow] = []  # as last read
        self.running: Run[IndexResult, IndexProgress] | None = None
        self.running_name = ""
        self._preparing = False  # a job is being built on a worker thread
        self._queue: list[tuple[str, tuple[Path, ...] | None]] = []  # None: a resume
        self._closed = False
        # while indexing, the files that ended are read again (only they: a library of
        # 1,000 files is not read and compared whole each time one ends), every REFRESH_MS
        self._ended_files: dict[str, set[str]] = {}  # library name: paths
        self._listed = False  # the running job's files were read since its first event
        self._reads = 0  # reads started (full or of some files): their order
        self._full_read = 0  # the latest full read applied
        self._file_reads: list[tuple[int, list[FileRecord]]] = []  # applied since it started
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh_ended_files)

    # ---- reads and writes -------------------------------------------------------------------

    def call(
        self, work: Callable[..., Any], *args: Any, then: Callable[[Any], None] | None = None
    ) -> None:
        """``work(*args)`` on a worker thread, ``then(result)`` here; the libraries are read
        again afterwards (a known error goes to :attr:`failed`)."""

        def done(result: Any) -> None:
            if then is not None:
                then(result)
            self.refresh()

        self.jobs.call(work, *args, owner=self, done=done, failed=self.failed.emit)

    @Slot()
    def refresh(self) -> None:
        """Read the libraries and their files again (then :attr:`changed`)."""
        if self._closed:
            return
        self._reads += 1
        started = self._reads
        self.jobs.call(
            read_rows,
            self.libraries,
            owner=self,
            done=lambda rows: self._on_rows(rows, started),
            failed=self.failed.emit,
        )

    def _on_rows(self, rows: list[LibraryRow], started: int) -> None:
        if started < self._full_read:
            return  # a later full read is already shown
        self._full_read = started
        # files read on their own after this read started are newer than what it has
        self._file_reads = [(n, records) for n, records in self._file_reads if n > started]
        for _n, records in self._file_reads:
            rows = patch_rows(rows, records) or rows
        self.rows = rows
        self.changed.emit(rows)

    @Slot()
    def _refresh_ended_files(self) -> None:
        """Read again only the files that ended since the last time (then :attr:`changed`
        with them in place); all of them when one is not listed yet."""
        ended, self._ended_files = self._ended_files, {}
        by_name = {row.name: row for row in self.rows}
        if self._closed or not ended:
            return
        if any(name not in by_name for name in ended):
            self.refresh()
            return
        self._reads += 1
        started = self._reads

        def read() -> list[FileRecord]:
            return [
                record
                for name, paths in ended.items()
                for record in read_files(self.libraries, by_name[name].library.id, sorted(paths))
            ]

        self.jobs.call(
            read,
            owner=self,
            done=lambda records: self._on_files(records, started),
            failed=self.failed.emit,
        )

    def _on_files(self, records: list[FileRecord], started: int) -> None:
        rows = patch_rows(self.rows, records)
        if rows is None:
            self.refresh()
            return
        self._file_reads.append((started, records))
        self.rows = rows
        self.changed.emit(rows)

    def create(self, name: str, then: Callable[[Library], None] | None = None) -> None:
        self.call(self.libraries.create, name, then=then)

    def rename(
        self, name: str, new_name: str, then: Callable[[Library], None] | None = None
    ) -> None:
        """Give library ``name`` another name (conversations that use it keep it)."""
        self.call(self.libraries.rename, name, new_name, then=then)

    def remove(self, name: str, path: str | None = None) -> None:
        """A library (``path`` None) or one of its files, with its passages and vectors.
        A job indexing it is stopped first (on the worker thread: the core waits for it);
        a library's jobs still waiting in the queue are dropped."""
        if path is None:
            self._queue = [(queued, paths) for queued, paths in self._queue if queued != name]
        self.call(self.libraries.remove, name, path)

    # ---- indexing ---------------------------------------------------------------------------

    def add(self, name: str, paths: Sequence[Path]) -> None:
        """Index ``paths`` (files or folders) into ``name``, after what is already queued."""
        self._queue.append((name, tuple(Path(p) for p in paths)))
        self._next()

    def resume(self, names: Sequence[str] | None = None) -> None:
        """Go on with the files left pending (all libraries' when ``names`` is None)."""
        if names is None:
            self.jobs.call(
                lambda: [row.name for row in read_rows(self.libraries) if row.pending],
                owner=self,
                done=self.resume,
                failed=self.failed.emit,
            )
            return
        for name in names:
            if not any(queued == name for queued, _ in self._queue) and name != self.running_name:
                self._queue.append((name, None))
        self._next()

    @property
    def busy(self) -> bool:
        return self.running is not None or self._preparing or bool(self._queue)

    @property
    def queued(self) -> int:
        return len(self._queue)

    @Slot()
    def cancel(self) -> None:
        """Stop the running job (its files not yet done stay pending) and drop the queue."""
        self._queue.clear()
        if self.running is not None:
            self.running.cancel()

    def _next(self) -> None:
        if self._closed or self.running is not None or self._preparing or not self._queue:
            if not self.busy:
                self.idle.emit()
            return
        name, paths = self._queue.pop(0)
        self._preparing = True
        self.running_name = name

        def build() -> IndexJob | None:  # may start the embedding worker: not here
            if paths is None:
                return self.libraries.resume(name)
            return self.libraries.add(name, paths)

        self.jobs.call(
            build,
            owner=self,
            done=lambda job: self._start(name, job),
            failed=lambda error: self._not_started(name, error),
        )

    def _not_started(self, name: str, error: AgenticDeskError) -> None:
        self._preparing = False
        self.running_name = ""
        self.indexing_ended.emit(name, "failed", error)
        self.failed.emit(error)
        self.refresh()
        self._next()

    def _start(self, name: str, job: IndexJob | None) -> None:
        self._preparing = False
        if job is None or self._closed:  # nothing pending any more
            self.running_name = ""
            self.refresh()
            self._next()
            return
        self._listed = False
        self.running = self.jobs.start(
            job,
            owner=self,
            progress=lambda event: self._on_progress(name, event),
            done=lambda result: self.indexing_ended.emit(name, "done", result),
            cancelled=lambda error: self.indexing_ended.emit(name, "cancelled", error),
            failed=lambda error: self._index_failed(name, error),
            after=self._ended,
        )
        self.indexing_started.emit(name, len(self._queue))
        self.refresh()  # the files are listed (pending) as soon as the job has them

    def _on_progress(self, name: str, event: IndexProgress) -> None:
        self.progress.emit(name, event)
        if not self._listed:  # the job has put its files in the library: list them
            self._listed = True
            self.refresh()
        if event.stage in ("indexed", "error", "skipped"):
            self._ended_files.setdefault(name, set()).add(event.file)
            if not self._refresh_timer.isActive():
                self._refresh_timer.start()  # the file's row shows how it ended (soon)

    def _index_failed(self, name: str, error: AgenticDeskError) -> None:
        self.indexing_ended.emit(name, "failed", error)
        self.failed.emit(error)

    def _ended(self) -> None:
        self._refresh_timer.stop()
        self._ended_files.clear()  # the full read below has them
        self.running = None
        self.running_name = ""
        self.refresh()
        self._next()

    # ---- closing ----------------------------------------------------------------------------

    def close(self) -> None:
        """Stop indexing (what is left stays pending: the next start resumes it), wait for
        the work to end, and close the libraries (and the embedding worker)."""
        if self._closed:
            return
        self._closed = True
        self._queue.clear()
        self.jobs.cancel_all()
        self.jobs.wait_idle(CLOSE_WAIT_MS)
        self.libraries.close()


__all__ = ["LibraryHub", "LibraryRow", "patch_rows", "read_files", "read_rows"]
