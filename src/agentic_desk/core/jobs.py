"""The one shape of long work: a :class:`Job`.

A download, a conversion, moving the models folder, indexing, a reply: each is a job
with

* **progress events**: immutable values handed to listeners (``on_progress``) from the
  thread doing the work; the UI's runner carries them to the GUI thread;
* **cancel()**: safe from any thread (and from a signal handler); work checks
  :meth:`Job.check` between steps, and a blocking step can register what stops it with
  :meth:`Job.on_cancel`;
* **a result or a typed error**: :meth:`Job.run` returns the result, raises
  :class:`JobCancelled` after a cancel, an :class:`AgenticDeskError` for failures a user
  can act on, and anything else is a bug (logged and shown in the crash dialog).

The core never starts threads for a job: the caller decides (the CLI runs jobs in its
own thread, the window through ``agentic_desk.ui.jobs.JobRunner``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from agentic_desk.core.errors import AgenticDeskError

T = TypeVar("T")
P = TypeVar("P")


class JobCancelled(AgenticDeskError):
    """The job was cancelled by the user; nothing it started is left behind."""

    def __init__(self, message: str = "Cancelled.", hint: str = "") -> None:
        super().__init__(message, hint)


class Job(Generic[T, P]):
    """A long piece of work with progress events, cancel and a result or a typed error.

    Subclass and implement :meth:`work`, or wrap a function with :class:`FunctionJob`.
    ``title`` names the job for a person ("Moving your models").
    """

    def __init__(self, title: str) -> None:
        self.title = title
        self._cancel = threading.Event()
        self._lock = threading.RLock()  # re-entrant: cancel() may run in a signal handler
        self._progress: list[Callable[[P], None]] = []
        self._cancel_hooks: list[Callable[[], None]] = []

    # ---- progress ------------------------------------------------------------------------

    def on_progress(self, listener: Callable[[P], None]) -> None:
        """Call ``listener(progress)`` for every progress event (on the worker's thread)."""
        with self._lock:
            self._progress.append(listener)

    def report(self, progress: P) -> None:
        """Hand ``progress`` to every listener. Called by the work itself."""
        with self._lock:
            listeners = list(self._progress)
        for listener in listeners:
            listener(progress)

    # ---- cancel --------------------------------------------------------------------------

    def cancel(self) -> None:
        """Ask the job to stop; safe from any thread. Runs the registered cancel hooks."""
        self._cancel.set()
        with self._lock:
            hooks = list(self._cancel_hooks)
        for hook in hooks:
            hook()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def cancel_event(self) -> threading.Event:
        """Set once :meth:`cancel` was called (for code that waits on an event)."""
        return self._cancel

    def on_cancel(self, hook: Callable[[], None]) -> None:
        """Run ``hook()`` when the job is cancelled (at once if it already is): how a
        blocking step (a socket, a child process) is interrupted."""
        with self._lock:
            self._cancel_hooks.append(hook)
        if self._cancel.is_set():
            hook()

    def check(self) -> None:
        """Raise :class:`JobCancelled` if the job was cancelled. Call between steps."""
        if self._cancel.is_set():
            raise JobCancelled()

    # ---- running -------------------------------------------------------------------------

    def work(self) -> T:  # pragma: no cover - abstract
        raise NotImplementedError

    def run(self) -> T:
        """Do the work on the calling thread: the result, or :class:`JobCancelled`, an
        :class:`AgenticDeskError`, or a bug's exception."""
        self.check()
        result = self.work()
        self.check()
        return result


class FunctionJob(Job[T, P]):
    """A job whose work is ``function(job)``; the function reports progress with
    ``job.report(...)`` and checks ``job.check()`` between steps."""

    def __init__(self, title: str, function: Callable[[FunctionJob[T, P]], T]) -> None:
        super().__init__(title)
        self._function = function

    def work(self) -> T:
        return self._function(self)


def call_job(title: str, function: Callable[[], T]) -> FunctionJob[T, object]:
    """A job around a plain call with no progress (a disk probe, a key lookup)."""
    return FunctionJob(title, lambda _job: function())


__all__ = ["FunctionJob", "Job", "JobCancelled", "call_job"]
