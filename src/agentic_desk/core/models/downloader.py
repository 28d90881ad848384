"""Resumable, verified downloads of model variants from the Hub.

Why not ``huggingface_hub.snapshot_download``: it writes each file to a
process-unique ``*.incomplete`` file that it deletes on failure, so nothing
survives a restart, and a transfer in progress cannot be paused or cancelled
(ARCHITECTURE Fact 4). Users' most common complaint about local-LLM apps is
downloads that do not survive sleep, a network change or a restart. So:

* metadata (commit, file list, sizes, LFS sha256) comes from huggingface_hub;
* bytes are fetched with httpx ``Range`` requests into ``.part`` files in a
  staging folder (``models/.partial/<id>/``) next to a ``download.json`` that
  records the pinned commit and what is expected, so a download resumes after a
  dropped connection, a stalled one (read-timeout watchdog), a full disk, or the
  app being killed, without fetching again what is already on disk;
* every file is hashed while it is written (sha256, or the git blob id for small
  non-LFS files) and checked; a bad file is fetched again, alone;
* the model appears as installed only when every file is verified: the staging
  folder gets its manifest and is renamed into place in one step;
* a file lock on the staging folder keeps two processes from downloading the same
  variant; within a process the same variant is one job.

A :class:`DownloadJob` is a :class:`~agentic_desk.core.jobs.Job`: its own progress
listeners (``on_progress``) get the same :class:`Progress` values as the downloader's
listeners, ``cancel()`` sets the job's cancel state and runs its ``on_cancel`` hooks, and
``run()`` waits for it on the downloader's threads, then returns the installed model or
raises :class:`DownloadCancelled`, :class:`DownloadPaused` or the error it failed with.
"""

from __future__ import annotations

import collections
import contextlib
import enum
import errno
import hashlib
import json
import os
import queue
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
from filelock import FileLock, Timeout

from agentic_desk.core.atomic import atomic_write_json
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t
from agentic_desk.core.jobs import Job, JobCancelled
from agentic_desk.core.models import hub
from agentic_desk.core.models.store import InstalledModel, ModelFile, ModelStore, model_id_for
from agentic_desk.core.retry import Backoff, Waiter, retry_after_from_headers, wait_unless_cancelled

STATE_FILE = "download.json"
PART_SUFFIX = ".part"
CHUNK = 1024 * 1024
DISK_MARGIN = 64 * 1024 * 1024


class DownloadError(AgenticDeskError):
    pass


class NotEnoughDisk(DownloadError):
    pass


class DiskFull(DownloadError):
    pass


class AlreadyDownloading(DownloadError):
    pass


class DownloadFailed(DownloadError):
    pass


class DownloadCancelled(DownloadError, JobCancelled):
    """:meth:`DownloadJob.run` of a cancelled download: what it had downloaded was deleted.
    (A :class:`JobCancelled`, so a job runner treats it as a cancel, not a failure.)"""


class DownloadPaused(DownloadError):
    """:meth:`DownloadJob.run` of a paused download: it has no result (yet); what it
    downloaded is kept, and ``resume()`` continues it (a new ``run()`` then waits again)."""


class _Stop(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class Status(enum.StrEnum):
    QUEUED = "queued"
    DOWNLOADING = "downloading"
    RETRYING = "retrying"
    VERIFYING = "verifying"
    PAUSED = "paused"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Progress:
    """A snapshot of one download, sent to listeners on every change."""

    job_id: str
    repo_id: str
    variant: str
    status: Status
    total_bytes: int
    done_bytes: int
    files_total: int
    files_done: int
    current_file: str | None = None
    file_bytes: int = 0
    file_total: int = 0
    speed_bps: float = 0.0
    eta_s: float | None = None
    message: str = ""  # what happened, for failures and retries
    hint: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


Listener = Callable[[Progress], None]


@dataclass
class DownloadOptions:
    connect_timeout: float = 15.0
    read_timeout: float = 30.0  # the stall watchdog: no byte for this long -> reconnect
    max_retries: int = 8
    backoff_first: float = 0.5  # the wait before the first retry (then doubling, with jitter)
    backoff_max: float = 30.0  # the longest back-off (a server's Retry-After: up to a minute)
    max_bad_hash: int = 2  # times a file may arrive damaged before giving up
    report_interval: float = 0.1  # at most this often a progress event per job (0: every write)
    disk_margin: int = DISK_MARGIN  # kept free beyond what the download needs

    @property
    def backoff(self) -> Backoff:
        return Backoff(first_s=self.backoff_first, cap_s=self.backoff_max)


@dataclass
class _State:
    """``download.json``: what this staging folder is a download of."""

    repo_id: str
    revision: str
    variant: str
    kind: str
    files: list[ModelFile]
    started_at: float = field(default_factory=time.time)

    def save(self, folder: Path) -> None:
        atomic_write_json(folder / STATE_FILE, asdict(self))

    @classmethod
    def load(cls, folder: Path) -> _State:
        data = json.loads((folder / STATE_FILE).read_text("utf-8"))
        data["files"] = [ModelFile(**f) for f in data["files"]]
        return cls(**data)


class DownloadJob(Job[InstalledModel, Progress]):
    """One variant being downloaded, on the downloader's threads (it is queued as soon as
    it is made). ``pause``, ``resume`` and ``cancel`` may be called from any thread; the
    transfer notices within one chunk (or one read timeout, for a connection that went
    silent).

    As a :class:`~agentic_desk.core.jobs.Job`: ``on_progress`` listeners get every
    :class:`Progress` of this job (after the downloader's own listeners, on the same
    thread); ``cancel()`` also sets :attr:`cancelled` and runs the ``on_cancel`` hooks;
    :meth:`run` waits for the end and returns the installed model or raises. ``result``
    and ``error`` keep holding how it ended, for callers that watch the listeners instead.
    """

    def __init__(self, manager: ModelDownloader, job_id: str, repo_id: str, variant: str) -> None:
        super().__init__(
            t("Downloading {repo_id} ({variant})", repo_id=repo_id, variant=variant or "main")
        )
        self.manager = manager
        self.id = job_id
        self.repo_id = repo_id
        self.variant = variant
        self._wake = threading.Event()  # set to interrupt a back-off wait
        self._paused = threading.Event()
        self._done = threading.Event()  # the transfer ended (its files are settled)
        self._settled = threading.Event()  # ... and its last progress event was sent
        # How it ended (None while it runs), with _done changed together under this lock,
        # so a cancel, a resume and the transfer's own end never miss one another.
        self._end_lock = threading.RLock()  # re-entrant: cancel() may run in a signal handler
        self._outcome: Status | None = None
        self.progress = Progress(job_id, repo_id, variant, Status.QUEUED, 0, 0, 0, 0)
        self.result: InstalledModel | None = None
        self._unreported = 0  # bytes received since the last progress event
        self._reported_at = 0.0
        self.error: AgenticDeskError | None = None
        self.future: Future[None] | None = None

    # ---- control (any thread) -----------------------------------------------------

    def pause(self) -> None:
        self._paused.set()
        self._wake.set()

    def resume(self) -> None:
        """Continue a paused job (or retry a failed one) from where it stopped."""
        with self._end_lock:
            self._paused.clear()
            outcome = self._outcome
            restart = self._done.is_set() and outcome in (Status.PAUSED, Status.FAILED)
            if restart:
                self._done.clear()
                self._settled.clear()
                self._outcome = None
        if restart:
            try:
                self.manager._submit(self)
            except BaseException:  # the downloader was closed: it stays as it was
                with self._end_lock:
                    self._outcome = outcome
                    self._done.set()
                    self._settled.set()
                raise

    def cancel(self) -> None:
        """Stop and delete what was downloaded (also of a paused or failed job); safe from
        any thread. Sets the job's cancel state and runs its ``on_cancel`` hooks."""
        with self._end_lock:
            self._cancel.set()
            discard = self._done.is_set() and self._outcome in (Status.PAUSED, Status.FAILED)
            if discard:  # it is not running: delete here (a running one deletes on its own)
                self._outcome = Status.CANCELLED
                self._settled.clear()
        self._wake.set()
        super().cancel()
        if discard:
            try:
                self.manager._discard(self)
            finally:
                self._settled.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    def run(self) -> InstalledModel:
        """Wait until the download has ended on the downloader's threads (and its last
        progress event was sent), then: the installed model; :class:`DownloadCancelled`
        after a cancel (its files are deleted by then); :class:`DownloadPaused` when it is
        paused (what it downloaded is kept: :meth:`resume`, then ``run()`` again); or the
        :class:`~agentic_desk.core.errors.AgenticDeskError` it failed with (its data is
        kept for a retry with :meth:`resume`)."""
        while True:
            self._settled.wait()
            with self._end_lock:
                if self._settled.is_set():
                    outcome, result, error = self._outcome, self.result, self.error
                    break
        name = f"{self.repo_id} ({self.variant.rsplit('/', 1)[-1] or 'main'})"
        if outcome is Status.COMPLETED and result is not None:
            return result
        if outcome is Status.CANCELLED:
            raise DownloadCancelled(
                t(
                    "The download of {name} was cancelled.",
                    name=name,
                ),
                t("What it had downloaded was deleted."),
            )
        if outcome is Status.PAUSED:
            raise DownloadPaused(
                t(
                    "The download of {name} is paused.",
                    name=name,
                ),
                t("What was downloaded is kept: resume it to continue from there."),
            )
        if error is not None:
            raise error
        raise DownloadFailed(
            t(
                "The download of {name} stopped unexpectedly.",
                name=name,
            ),
            t("Try again."),
        )

    def _checkpoint(self) -> None:
        """Between steps of the transfer: stop it if it was cancelled or paused."""
        if self._cancel.is_set():
            raise _Stop("cancelled")
        if self._paused.is_set():
            raise _Stop("paused")

    def sleep(self, seconds: float) -> None:
        """Back-off wait that pause/cancel interrupt at once."""
        self._wake.clear()
        self._checkpoint()
        self.manager._wait(self._wake, seconds)
        self._checkpoint()


class ModelDownloader:
    """Queue of variant downloads into a :class:`ModelStore` (``max_parallel`` at a time)."""

    def __init__(
        self,
        store: ModelStore,
        *,
        max_parallel: int = 2,
        options: DownloadOptions | None = None,
        listener: Listener | None = None,
        wait: Waiter | None = None,
    ) -> None:
        """``wait`` replaces the wait before a retry (tests)."""
        self.store = store
        self.options = options or DownloadOptions()
        self._wait = wait or wait_unless_cancelled
        self._listeners: list[Listener] = [listener] if listener else []
        self._pool = ThreadPoolExecutor(
            max_workers=max_parallel, thread_name_prefix="model-download"
        )
        self._jobs: dict[str, DownloadJob] = {}
        self._lock = threading.Lock()

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def close(self) -> None:
        """Pause every running job (their data is kept for resume) and stop the threads."""
        with self._lock:
            jobs = list(self._jobs.values())
        for job in jobs:
            if not job.finished:
                job.pause()
        self._pool.shutdown(wait=True)

    def __enter__(self) -> ModelDownloader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- starting ------------------------------------------------------------------

    def download(
        self, repo_id: str, variant: str = "cpu", snapshot: hub.RepoSnapshot | None = None
    ) -> DownloadJob:
        """Queue a variant (by kind cpu/cuda/dml, or by folder). Returns at once."""
        snap = snapshot or hub.fetch_snapshot(repo_id)
        chosen = snap.variant(variant)
        job_id = model_id_for(repo_id, chosen.folder)
        with self._lock:
            existing = self._jobs.get(job_id)
            if existing is not None and not existing.finished:
                return existing
            job = DownloadJob(self, job_id, repo_id, chosen.folder)
            self._jobs[job_id] = job
        staging = self.store.staging_dir(job_id)
        staging.mkdir(parents=True, exist_ok=True)
        state_path = staging / STATE_FILE
        if state_path.exists():
            state = _State.load(staging)
            if state.revision != snap.revision:  # the repo changed: start that variant afresh
                self._clear_staging(staging)
                state_path = staging / STATE_FILE
        if not state_path.exists():
            _State(repo_id, snap.revision, chosen.folder, chosen.kind, list(chosen.files)).save(
                staging
            )
        self._submit(job)
        return job

    def job(self, job_id: str) -> DownloadJob | None:
        """The job of this run with that id, if any."""
        with self._lock:
            return self._jobs.get(job_id)

    def pending(self) -> list[str]:
        """Ids of downloads left unfinished by an earlier run (resume with :meth:`resume`)."""
        root = self.store.root / ".partial"
        if not root.is_dir():
            return []
        return sorted(p.name for p in root.iterdir() if (p / STATE_FILE).is_file())

    def resume(self, job_id: str) -> DownloadJob:
        """Continue a download left by an earlier run of the app (no Hub metadata call)."""
        staging = self.store.staging_dir(job_id)
        state = _State.load(staging)
        with self._lock:
            existing = self._jobs.get(job_id)
            if existing is not None and not existing.finished:
                return existing
            job = DownloadJob(self, job_id, state.repo_id, state.variant)
            self._jobs[job_id] = job
        self._submit(job)
        return job

    def _submit(self, job: DownloadJob) -> None:
        self._emit(job, status=Status.QUEUED, message="", hint="")
        job.future = self._pool.submit(self._run, job)

    # ---- the transfer -----------------------------------------------------------------

    def _emit(self, job: DownloadJob, **changes: Any) -> None:
        progress = job.progress = replace(job.progress, **changes)
        for listener in self._listeners:
            listener(progress)
        job.report(progress)

    def _run(self, job: DownloadJob) -> None:
        final: dict[str, Any] = {}
        staging = self.store.staging_dir(job.id)
        lock = FileLock(str(staging) + ".lock")
        locked = False  # its files are this job's to delete
        try:
            try:
                lock.acquire(timeout=0)
                locked = True
            except Timeout:
                raise AlreadyDownloading(
                    t(
                        "{repo_id} ({variant}) is already being downloaded by another Agentic "
                        "Desk window.",
                        repo_id=job.repo_id,
                        variant=job.variant,
                    ),
                    t("Let that download finish, or close the other window."),
                ) from None
            try:
                final = self._transfer(job, staging)
            finally:
                lock.release()
        except _Stop as stop:
            if stop.why == "cancelled":
                self._clear_staging(staging)
                final = {"status": Status.CANCELLED}
            else:
                final = {"status": Status.PAUSED}
        except AgenticDeskError as exc:
            job.error = exc
            final = {"status": Status.FAILED, "message": exc.message, "hint": exc.hint}
        except Exception as exc:  # a bug: still never leave the job hanging
            job.error = DownloadFailed(
                t(
                    "The download stopped unexpectedly: {exc!r}",
                    exc=exc,
                ),
                t("Try again; the data downloaded so far is kept."),
            )
            final = {
                "status": Status.FAILED,
                "message": job.error.message,
                "hint": job.error.hint,
            }
        finally:
            with job._end_lock:
                stopped = final.get("status") in (Status.PAUSED, Status.FAILED)
                if locked and stopped and job.cancelled:
                    # cancelled as it was pausing or failing: a cancel still deletes
                    self._clear_staging(staging)
                    job.error = None
                    final = {"status": Status.CANCELLED, "message": "", "hint": ""}
                if not staging.exists():  # installed or cancelled: the lock file is not needed
                    with contextlib.suppress(OSError):
                        Path(str(staging) + ".lock").unlink()
                # Listeners hear of the end only once it is over: the job counts as finished
                # (a new download of the same model starts afresh) and its files are settled.
                job._outcome = final.get("status")
                job._done.set()
            try:
                if final:
                    self._emit(job, speed_bps=0.0, eta_s=None, **final)
            finally:
                job._settled.set()

    def _clear_staging(self, staging: Path) -> None:
        shutil.rmtree(staging, ignore_errors=True)

    def _discard(self, job: DownloadJob) -> None:
        """Cancel of a job that is not running (paused or failed): delete its files, unless
        another window is downloading that variant (then they are that window's)."""
        staging = self.store.staging_dir(job.id)
        lock = FileLock(str(staging) + ".lock")
        try:
            lock.acquire(timeout=0)
        except Timeout:
            pass
        else:
            try:
                self._clear_staging(staging)
            finally:
                lock.release()
            with contextlib.suppress(OSError):
                Path(str(staging) + ".lock").unlink()
        self._emit(job, status=Status.CANCELLED)

    def _transfer(self, job: DownloadJob, staging: Path) -> dict[str, Any]:
        state = _State.load(staging)
        total = sum(f.size for f in state.files)
        have = {f.path: _part_size(staging, f) for f in state.files}
        self._check_disk(total - sum(have.values()))
        self._emit(
            job,
            status=Status.DOWNLOADING,
            total_bytes=total,
            done_bytes=sum(have.values()),
            files_total=len(state.files),
            files_done=sum(1 for f in state.files if _is_final(staging, f)),
        )
        timeout = httpx.Timeout(self.options.read_timeout, connect=self.options.connect_timeout)
        meter = _SpeedMeter()
        with httpx.Client(
            headers=hub.auth_headers(), follow_redirects=True, timeout=timeout
        ) as client:
            for expected in state.files:
                job._checkpoint()
                if _is_final(staging, expected):
                    continue
                self._fetch_verified(job, client, state, staging, expected, meter)
                done = sum(1 for f in state.files if _is_final(staging, f))
                self._emit(job, files_done=done)
        job._checkpoint()
        self._emit(job, status=Status.VERIFYING, current_file=None, speed_bps=0.0, eta_s=0.0)
        (staging / STATE_FILE).unlink()
        model = InstalledModel(
            id=job.id,
            name=f"{state.repo_id} ({state.variant.rsplit('/', 1)[-1] or 'main'})",
            kind=state.kind,
            source="hub",
            location="",
            repo_id=state.repo_id,
            variant=state.variant,
            revision=state.revision,
            installed_at=time.time(),
            verified_at=time.time(),
            verified=True,
            files=state.files,
        )
        job.result = self.store.install(staging, model)
        return {"status": Status.COMPLETED, "done_bytes": total, "files_done": len(state.files)}

    def _check_disk(self, needed: int) -> None:
        free = shutil.disk_usage(self.store.root).free
        margin = self.options.disk_margin
        if needed + margin > free:
            raise NotEnoughDisk(
                t(
                    "Not enough disk space: the download needs {gb} more, and {gb2} is free "
                    "where models are stored ({root}).",
                    gb=_gb(needed),
                    gb2=_gb(free),
                    root=self.store.root,
                ),
                t(
                    "Free at least {gb} on that drive, or choose another models folder in "
                    "Settings.",
                    gb=_gb(needed + margin - free),
                ),
            )

    def _fetch_verified(
        self,
        job: DownloadJob,
        client: httpx.Client,
        state: _State,
        staging: Path,
        expected: ModelFile,
        meter: _SpeedMeter,
    ) -> None:
        part = staging / (expected.path + PART_SUFFIX)
        part.parent.mkdir(parents=True, exist_ok=True)
        for bad in range(self.options.max_bad_hash + 1):
            digest = self._fetch(job, client, state, part, expected, meter)
            if _matches(digest, expected):
                os.replace(part, staging / expected.path)
                return
            part.unlink()  # fetched wrong bytes: fetch this file again, alone
            self._emit(
                job,
                status=Status.RETRYING,
                done_bytes=job.progress.done_bytes - digest.size,
                message=t(
                    "{path} arrived damaged; fetching it again ({bad}/{max_bad_hash}).",
                    path=expected.path,
                    bad=bad + 1,
                    max_bad_hash=self.options.max_bad_hash,
                ),
            )
        raise DownloadFailed(
            t(
                "{path} arrived damaged {max_bad_hash} times in a row.",
                path=expected.path,
                max_bad_hash=self.options.max_bad_hash + 1,
            ),
            t(
                "Something between you and the Hub alters the data (a proxy or antivirus?). Try "
                "another network.",
            ),
        )

    def _fetch(
        self,
        job: DownloadJob,
        client: httpx.Client,
        state: _State,
        part: Path,
        expected: ModelFile,
        meter: _SpeedMeter,
    ) -> _Digest:
        """Bring ``part`` to the full size (resuming), returning the hash of its bytes."""
        url = hub.file_url(
            state.repo_id,
            state.revision,
            f"{state.variant}/{expected.path}" if state.variant else expected.path,
        )
        digest = _Digest(expected)
        try:
            return self._fetch_into(job, client, url, state, part, expected, meter, digest)
        except BaseException:
            digest.close()
            raise

    def _fetch_into(
        self,
        job: DownloadJob,
        client: httpx.Client,
        url: str,
        state: _State,
        part: Path,
        expected: ModelFile,
        meter: _SpeedMeter,
        digest: _Digest,
    ) -> _Digest:
        have = _hash_existing(part, digest)
        failures = 0
        while have < expected.size:
            job._checkpoint()
            headers = {"Range": f"bytes={have}-"} if have else {}
            try:
                with client.stream("GET", url, headers=headers) as response:
                    self._raise_for_status(response, state, expected, failures)
                    if have and response.status_code == 200:  # the server ignored Range
                        self._emit(job, done_bytes=job.progress.done_bytes - have)
                        digest.close()
                        digest = _Digest(expected)
                        have = 0
                        part.write_bytes(b"")
                    # unbuffered: what the progress says is written is on disk (survives a kill)
                    with part.open("ab", buffering=0) as out:
                        # Network-sized pieces, written as they come: after a drop or a kill
                        # only what was still in flight has to be fetched again.
                        for chunk in response.iter_bytes():
                            job._checkpoint()
                            _write(out, chunk)
                            digest.update(chunk)
                            have += len(chunk)
                            failures = 0
                            self._report(job, expected, have, meter, len(chunk))
                if have > expected.size:
                    raise httpx.RemoteProtocolError("the server sent more bytes than expected")
            except (httpx.TransportError, _Retryable) as exc:
                failures += 1
                if failures > self.options.max_retries:
                    raise DownloadFailed(
                        t(
                            "The download of {path} keeps failing ({why}).",
                            path=expected.path,
                            why=_why(exc),
                        ),
                        t(
                            "Check your connection and resume the download: what was downloaded "
                            "is kept.",
                        ),
                    ) from None
                retry_after = exc.retry_after if isinstance(exc, _Retryable) else None
                delay = self.options.backoff.delay(failures - 1, retry_after)
                self._emit(
                    job,
                    status=Status.RETRYING,
                    speed_bps=0.0,
                    message=t(
                        "Connection problem ({why}); retrying in {delay:.0f} s "
                        "({failures}/{max_retries}).",
                        why=_why(exc),
                        delay=delay,
                        failures=failures,
                        max_retries=self.options.max_retries,
                    ),
                )
                job.sleep(delay)
                # The part file holds exactly the bytes hashed so far (chunks are written
                # whole and the file is closed on error), so carry on from there.
                self._emit(job, status=Status.DOWNLOADING, message="")
        return digest

    def _raise_for_status(
        self, response: httpx.Response, state: _State, expected: ModelFile, failures: int
    ) -> None:
        code = response.status_code
        if code in (200, 206):
            return
        if code in (401, 403):
            raise hub.HubAccessDenied(
                t(
                    "The Hub refused to send {path} of {repo_id} (HTTP {code}).",
                    path=expected.path,
                    repo_id=state.repo_id,
                    code=code,
                ),
                t(
                    "This model may be gated: accept its licence on its Hugging Face page and "
                    "set HF_TOKEN to your access token.",
                ),
            )
        if code == 404:
            raise hub.HubNotFound(
                t(
                    "{path} is no longer in {repo_id} at the pinned revision.",
                    path=expected.path,
                    repo_id=state.repo_id,
                ),
                t("Cancel this download and start it again."),
            )
        if code == 416:
            raise _Retryable("the server did not accept the resume position", None)
        raise _Retryable(f"HTTP {code}", retry_after_from_headers(response.headers))

    def _report(
        self, job: DownloadJob, expected: ModelFile, have: int, meter: _SpeedMeter, added: int
    ) -> None:
        speed = meter.add(added)
        job._unreported += added
        now = time.monotonic()
        if now - job._reported_at < self.options.report_interval and have < expected.size:
            return  # listeners hear at most ~10 times a second per job, and at each file's end
        job._reported_at = now
        done = job.progress.done_bytes + job._unreported
        job._unreported = 0
        remaining = job.progress.total_bytes - done
        self._emit(
            job,
            status=Status.DOWNLOADING,
            done_bytes=done,
            current_file=expected.path,
            file_bytes=have,
            file_total=expected.size,
            speed_bps=speed,
            eta_s=remaining / speed if speed > 0 else None,
        )


class _Retryable(Exception):
    def __init__(self, why: str, retry_after: float | None) -> None:
        super().__init__(why)
        self.retry_after = retry_after


class _Digest:
    """sha256 for LFS files, the git blob id for the others; size only where neither.

    Hashing runs on its own thread, fed through a queue, so it overlaps the network
    (hashlib releases the GIL on large buffers): on two cores it costs almost no
    throughput. :meth:`hexdigest` waits for it to catch up.
    """

    def __init__(self, expected: ModelFile) -> None:
        self.kind = "sha256" if expected.sha256 else "git" if expected.git_oid else "size"
        self._hash = (
            hashlib.sha256() if self.kind == "sha256" else hashlib.sha1(usedforsecurity=False)
        )
        if self.kind == "git":
            self._hash.update(b"blob %d\0" % expected.size)
        self.size = 0
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def _drain(self) -> None:
        while (block := self._queue.get()) is not None:
            self._hash.update(block)

    def update(self, data: bytes) -> None:
        self.size += len(data)
        if self.kind == "size":
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._drain, name="hash", daemon=True)
            self._thread.start()
        self._queue.put(data)

    def hexdigest(self) -> str:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        return self._hash.hexdigest()

    def close(self) -> None:
        """Stop the hashing thread without a result (the transfer was abandoned)."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None


def _matches(digest: _Digest, expected: ModelFile) -> bool:
    if digest.size != expected.size:
        return False
    if digest.kind == "sha256":
        return digest.hexdigest() == expected.sha256
    if digest.kind == "git":
        return digest.hexdigest() == expected.git_oid
    return True


class _SpeedMeter:
    """Bytes per second over the last few seconds (O(1) per sample)."""

    def __init__(self, window: float = 3.0) -> None:
        self._window = window
        self._samples: collections.deque[tuple[float, int]] = collections.deque()
        self._bytes = 0  # sum of the samples after the first

    def add(self, nbytes: int) -> float:
        now = time.monotonic()
        self._samples.append((now, nbytes))
        self._bytes += nbytes
        while len(self._samples) > 1 and now - self._samples[0][0] > self._window:
            self._samples.popleft()
            self._bytes -= self._samples[0][1]
        span = now - self._samples[0][0]
        return self._bytes / span if span > 0 else 0.0


def _write(out: Any, chunk: bytes) -> None:
    """Write all of ``chunk`` to an unbuffered file (a raw write may be partial)."""
    view = memoryview(chunk)
    try:
        while view:
            written = out.write(view)
            view = view[written or 0 :]
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull(
                t("The disk became full during the download."),
                t("Free some space, then resume: what was downloaded so far is kept."),
            ) from None
        raise


def _hash_existing(part: Path, digest: _Digest) -> int:
    if not part.exists():
        return 0
    with part.open("rb") as fh:
        while block := fh.read(4 * CHUNK):
            digest.update(block)
    return digest.size


def _part_size_path(part: Path) -> int:
    return part.stat().st_size if part.exists() else 0


def _part_size(staging: Path, expected: ModelFile) -> int:
    if _is_final(staging, expected):
        return expected.size
    return _part_size_path(staging / (expected.path + PART_SUFFIX))


def _is_final(staging: Path, expected: ModelFile) -> bool:
    final = staging / expected.path
    return final.is_file() and final.stat().st_size == expected.size


def _why(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return t("no data for too long")
    if isinstance(exc, httpx.ConnectError):
        return t("cannot connect")
    if isinstance(exc, httpx.TransportError):
        return t("connection lost")
    return str(exc)


def _gb(nbytes: int) -> str:
    if nbytes >= 1024**3:
        return f"{nbytes / 1024**3:.1f} GB"
    return f"{max(nbytes, 0) / 1024**2:.0f} MB"
