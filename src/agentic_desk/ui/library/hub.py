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
REFRESH_MS = 500  # while indexing, the files are read again at most this often


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
        # while indexing, a file's end asks for the rows again, at most every REFRESH_MS
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)

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
        self.jobs.call(
            read_rows, self.libraries, owner=self, done=self._on_rows, failed=self.failed.emit
        )

    def _on_rows(self, rows: list[LibraryRow]) -> None:
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
        if event.stage in ("indexed", "error", "skipped") and not self._refresh_timer.isActive():
            self._refresh_timer.start()  # the file's row shows how it ended (soon)

    def _index_failed(self, name: str, error: AgenticDeskError) -> None:
        self.indexing_ended.emit(name, "failed", error)
        self.failed.emit(error)

    def _ended(self) -> None:
        self._refresh_timer.stop()
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


__all__ = ["LibraryHub", "LibraryRow", "read_rows"]
