"""The one way the window runs long work: :class:`JobRunner`.

``runner.start(job, owner=widget, done=..., progress=..., failed=...)`` runs a core
:class:`~agentic_desk.core.jobs.Job` on a worker thread of the app's thread pool (never on
the GUI thread) and hands everything back on the GUI thread, through queued signals into
``@Slot`` receivers:

* ``progress(event)`` for each event the job reports, in order;
* then exactly one of ``done(result)``, ``cancelled(error)`` (a
  :class:`~agentic_desk.core.jobs.JobCancelled`; ignored when not given),
  ``failed(error)`` (a known :class:`~agentic_desk.core.errors.AgenticDeskError`, or an
  ``OSError`` about the disk in words; shown with :func:`agentic_desk.ui.errors.show_error`
  when not given), or, for a bug, :func:`agentic_desk.ui.errors.report_unexpected`;
* then ``after()``, whatever the outcome (to re-enable a button, say a job is over).

Every run belongs to an **owner** (a QObject of the GUI thread, usually the widget that
shows the result). Its receiver is a child of the owner: once the owner is destroyed Qt
drops whatever is still queued for it, and no callback of that run is called. The work
itself is not stopped (a save goes on; call ``run.cancel()`` to stop it).

``runner.call(function, *args, owner=..., done=...)`` is the short form for a plain call
(a disk read, a keyring lookup). Tests wait with ``runner.wait_idle()`` or on the
``finished(run)`` / ``idle()`` signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    Qt,
    QThread,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QWidget

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.jobs import Job, JobCancelled, call_job
from agentic_desk.ui import errors

T = TypeVar("T")
P = TypeVar("P")

MAX_THREADS = 16  # long waits (a reply, a conversion) must not starve quick disk reads
_POOL: list[QThreadPool] = []


def thread_pool() -> QThreadPool:
    """The app's pool of worker threads (made on first use; it goes with the application)."""
    if _POOL and shiboken6.isValid(_POOL[0]):
        return _POOL[0]
    pool = QThreadPool(QCoreApplication.instance())
    pool.setObjectName("agenticDeskJobs")
    pool.setMaxThreadCount(MAX_THREADS)
    _POOL[:] = [pool]
    return pool


class Run(Generic[T, P]):
    """A job started by a :class:`JobRunner`: cancel it, or see how it ended.

    ``state`` is "running", then "done", "cancelled", "failed" (a known error) or "bug";
    ``result`` / ``error`` hold what it ended with; ``delivered`` says whether its callbacks
    were called (False: its owner was gone by then)."""

    def __init__(
        self,
        job: Job[T, P],
        *,
        done: Callable[[T], None] | None,
        progress: Callable[[P], None] | None,
        failed: Callable[[AgenticDeskError], None] | None,
        cancelled: Callable[[JobCancelled], None] | None,
        after: Callable[[], None] | None,
    ) -> None:
        self.job = job
        self.state = "running"
        self.result: T | None = None
        self.error: BaseException | None = None
        self.delivered = False
        self._done = done
        self._progress = progress
        self._failed = failed
        self._cancelled = cancelled
        self._after = after
        self._emitter: _Emitter | None = None

    def cancel(self) -> None:
        """Ask the job to stop (see :meth:`Job.cancel`); safe from any thread."""
        self.job.cancel()

    @property
    def running(self) -> bool:
        return self.state == "running"

    def __repr__(self) -> str:
        return f"<Run {self.job.title!r} {self.state}>"

    # ---- worker thread -----------------------------------------------------------------------

    def _work(self) -> None:
        try:
            self.result = self.job.run()
            self.state = "done"
        except JobCancelled as exc:
            self.state, self.error = "cancelled", exc
        except BaseException as exc:  # a worker thread must never raise
            known = errors.known_error(exc)
            self.state = "bug" if known is None else "failed"
            self.error = exc if known is None else known
        emitter = self._emitter
        if emitter is not None:
            emitter.ended.emit(self)

    # ---- GUI thread --------------------------------------------------------------------------

    def _deliver_progress(self, event: Any) -> None:
        if self._progress is not None:
            _call(self._progress, event)

    def _deliver_end(self, owner: QObject | None) -> None:
        self.delivered = True
        error = self.error
        if self.state == "done":
            if self._done is not None:
                _call(self._done, self.result)
        elif self.state == "cancelled":
            if self._cancelled is not None and isinstance(error, JobCancelled):
                _call(self._cancelled, error)
        elif self.state == "failed" and isinstance(error, AgenticDeskError):
            if self._failed is not None:
                _call(self._failed, error)
            else:
                errors.show_error(owner if isinstance(owner, QWidget) else None, error)
        elif error is not None:
            errors.report_unexpected(error)
        if self._after is not None:
            _call(self._after)


def _call(callback: Callable[..., None], *args: Any) -> None:
    """A callback on the GUI thread; its own bug goes where every bug goes."""
    try:
        callback(*args)
    except Exception as exc:
        errors.report_unexpected(exc)


class _Emitter(QObject):
    """A run's sender: the worker thread emits, the receivers (GUI thread) get them queued."""

    progress = Signal(object)
    ended = Signal(object)


class _Delivery(QObject):
    """A run's receiver, a child of the run's owner: gone with it, and with it whatever is
    still queued for it."""

    def __init__(self, run: Run[Any, Any], owner: QObject) -> None:
        super().__init__(owner)
        self.setObjectName("jobDelivery")
        self._run: Run[Any, Any] | None = run

    @Slot(object)
    def on_progress(self, event: object) -> None:
        if self._run is not None:
            self._run._deliver_progress(event)

    @Slot(object)
    def on_ended(self, _run: object) -> None:
        run, self._run = self._run, None
        if run is None:
            return
        run._deliver_end(self.parent())
        if shiboken6.isValid(self):  # a callback may have closed the owner (and this)
            self.deleteLater()


class JobRunner(QObject):
    """Starts jobs on the app's worker threads and delivers what they report to the GUI
    thread (see the module's description).

    Signals: ``started(run)``; ``finished(run)`` after a run's callbacks were called (or
    dropped, its owner being gone); ``idle()`` when no run of this runner is left."""

    started = Signal(object)
    finished = Signal(object)
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobRunner")
        self._runs: list[Run[Any, Any]] = []

    def start(
        self,
        job: Job[T, P],
        *,
        owner: QObject,
        done: Callable[[T], None] | None = None,
        progress: Callable[[P], None] | None = None,
        failed: Callable[[AgenticDeskError], None] | None = None,
        cancelled: Callable[[JobCancelled], None] | None = None,
        after: Callable[[], None] | None = None,
    ) -> Run[T, P]:
        """Run ``job`` on a worker thread; the callbacks are called on the GUI thread while
        ``owner`` exists (see the module's description). Call from the GUI thread."""
        if QThread.currentThread() is not self.thread() or owner.thread() is not self.thread():
            raise RuntimeError("jobs are started from the GUI thread, for an owner living there")
        run: Run[T, P] = Run(
            job, done=done, progress=progress, failed=failed, cancelled=cancelled, after=after
        )
        emitter = _Emitter()
        delivery = _Delivery(run, owner)
        queued = Qt.ConnectionType.QueuedConnection
        emitter.progress.connect(delivery.on_progress, queued)
        emitter.ended.connect(delivery.on_ended, queued)
        emitter.ended.connect(self._on_ended, queued)  # after the delivery (same queue)
        run._emitter = emitter
        if progress is not None:
            job.on_progress(emitter.progress.emit)
        self._runs.append(run)
        thread_pool().start(run._work)
        self.started.emit(run)
        return run

    def call(
        self,
        function: Callable[..., T],
        *args: Any,
        owner: QObject,
        done: Callable[[T], None] | None = None,
        failed: Callable[[AgenticDeskError], None] | None = None,
        after: Callable[[], None] | None = None,
    ) -> Run[T, object]:
        """:meth:`start` for a plain call ``function(*args)`` with no progress."""
        title = getattr(function, "__name__", "work")
        return self.start(
            call_job(title, lambda: function(*args)),
            owner=owner,
            done=done,
            failed=failed,
            after=after,
        )

    @Slot(object)
    def _on_ended(self, run: object) -> None:
        if not isinstance(run, Run) or run not in self._runs:
            return
        self._runs.remove(run)
        emitter, run._emitter = run._emitter, None
        if emitter is not None and shiboken6.isValid(emitter):
            emitter.deleteLater()
        self.finished.emit(run)
        if not self._runs:
            self.idle.emit()

    @property
    def active(self) -> int:
        """How many runs have not been delivered yet."""
        return len(self._runs)

    def runs(self) -> list[Run[Any, Any]]:
        return list(self._runs)

    def cancel_all(self) -> None:
        for run in list(self._runs):
            run.cancel()

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Process events until every run was delivered (for tests); False on timeout."""
        if not self._runs:
            return True
        loop = QEventLoop()
        timer = QTimer(loop)
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        self.idle.connect(loop.quit)
        timer.start(timeout_ms)
        try:
            if self._runs:
                loop.exec()
        finally:
            self.idle.disconnect(loop.quit)
        return not self._runs


__all__ = ["JobRunner", "Run", "thread_pool"]
