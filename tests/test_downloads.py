"""Downloads from a local server that speaks the Hub's protocol, with injected faults.

After every fault the model is complete and verified, or the error is clear and nothing
half-done is listed as installed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock

import tiny_models as tm
from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine, ReplyConsumer
from agentic_desk.core.jobs import Job, JobCancelled
from agentic_desk.core.models import hub
from agentic_desk.core.models.downloader import (
    AlreadyDownloading,
    DiskFull,
    DownloadCancelled,
    DownloadFailed,
    DownloadJob,
    DownloadOptions,
    DownloadPaused,
    ModelDownloader,
    NotEnoughDisk,
    Progress,
    Status,
)
from agentic_desk.core.models.store import ModelStore, file_sha256, model_id_for
from hub_server import HubServer

TINY = "agentic-desk-tests/tiny-onnx"
GATED = "agentic-desk-tests/tiny-gated"
REAL = "agentic-desk-tests/SmolLM2-135M-Instruct-onnx"
TOKEN = "hf_test_token_0123456789"
CPU_FOLDER = "cpu_and_mobile/cpu-int4-rtn-block-32"
CUDA_FOLDER = "cuda/cuda-int4-rtn-block-32"
FAST = DownloadOptions(
    backoff_first=0.001, backoff_max=0.01, read_timeout=5.0, report_interval=0.0, disk_margin=0
)


def official_layout(root: Path, model: Path, *, link: bool) -> Path:
    """A repo laid out like Microsoft's ONNX repos: one folder per variant."""
    for folder in (CPU_FOLDER, CUDA_FOLDER):
        dest = root / folder
        dest.mkdir(parents=True)
        for item in model.iterdir():
            if link:
                (dest / item.name).symlink_to(item)
            else:
                shutil.copy2(item, dest / item.name)
    config = json.loads((root / CUDA_FOLDER / "genai_config.json").read_text())
    config["model"]["decoder"].setdefault("session_options", {})["provider_options"] = [
        {"cuda": {}}
    ]
    (root / CUDA_FOLDER / "genai_config.json").unlink()
    (root / CUDA_FOLDER / "genai_config.json").write_text(json.dumps(config))
    (root / "README.md").write_text("# test repo\n")
    return root


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("hub")
    tiny_model = tm.build_scripted_model(base / "tiny-model")
    # a larger weights file so faults land mid-file (the scripted model ignores it)
    (tiny_model / "extra.data").write_bytes(os.urandom(3 * 1024 * 1024))
    out = {
        TINY: official_layout(base / "tiny", tiny_model, link=False),
        GATED: official_layout(base / "gated", tiny_model, link=False),
    }
    real = Path(__file__).resolve().parents[2] / "shared/models/smollm2-135m-instruct-cpu-int4"
    if real.is_dir():
        out[REAL] = official_layout(base / "real", real, link=True)
    return out


@pytest.fixture
def server(repos: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer(repos, gated={GATED}, token=TOKEN) as srv:
        monkeypatch.setenv("HF_ENDPOINT", srv.endpoint)
        monkeypatch.delenv("HF_TOKEN", raising=False)
        yield srv


@pytest.fixture
def store(tmp_path: Path) -> ModelStore:
    models = ModelStore(tmp_path / "models")
    models.ensure()
    return models


class Recorder:
    def __init__(self) -> None:
        self.events: list[Progress] = []

    def __call__(self, progress: Progress) -> None:
        self.events.append(progress)

    def statuses(self) -> list[Status]:
        out: list[Status] = []
        for event in self.events:
            if not out or out[-1] != event.status:
                out.append(event.status)
        return out


class Waits:
    """Stands in for the back-off wait: records each wait and returns at once (after
    ``then``, e.g. a cancel that arrives mid-wait)."""

    def __init__(self) -> None:
        self.calls: list[float] = []
        self.then: Callable[[], None] | None = None

    def __call__(self, wake: threading.Event, seconds: float) -> bool:
        self.calls.append(seconds)
        if self.then is not None:
            self.then()
        return wake.is_set()


def run(
    store: ModelStore,
    repo: str = TINY,
    variant: str = "cpu",
    options: DownloadOptions = FAST,
    wait: Waits | None = None,
) -> tuple[DownloadJob, Recorder]:
    recorder = Recorder()
    with ModelDownloader(store, options=options, listener=recorder, wait=wait) as downloader:
        job = downloader.download(repo, variant)
        assert job.wait(60)
    return job, recorder


def cdn_gets(server: HubServer, name: str) -> list[tuple[str | None, int, int]]:
    return [
        (r.range, r.status, r.bytes_sent)
        for r in server.requests
        if r.path.startswith("/cdn/") and name in r.path and r.method == "GET"
    ]


def assert_installed(store: ModelStore, repo: Path, folder: str = CPU_FOLDER) -> None:
    [model] = store.installed()
    assert model.verified is True
    source = repo / folder
    for item in source.iterdir():
        assert file_sha256(model.path / item.name) == file_sha256(item), item.name
    assert not list((store.root / ".partial").iterdir())


# ---- metadata ------------------------------------------------------------------------------


def test_snapshot_lists_variants_with_sizes_and_hashes(
    server: HubServer, repos: dict[str, Path]
) -> None:
    snap = hub.fetch_snapshot(TINY)
    assert len(snap.revision) == 40
    kinds = {v.folder: v.kind for v in snap.variants}
    assert kinds == {CPU_FOLDER: "cpu", CUDA_FOLDER: "cuda"}
    cpu = snap.variant("cpu")
    by_name = {f.path: f for f in cpu.files}
    data = repos[TINY] / CPU_FOLDER / "extra.data"
    assert by_name["extra.data"].sha256 == file_sha256(data)
    assert by_name["extra.data"].size == data.stat().st_size
    assert by_name["tokenizer_config.json"].sha256 is None  # small git file: blob id instead
    assert by_name["tokenizer_config.json"].git_oid
    assert cpu.context_length == 256 and cpu.num_layers == 1


def test_gated_repo_needs_a_token(server: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(hub.HubAccessDenied) as err:
        hub.fetch_snapshot(GATED)
    assert err.value.message == (
        "agentic-desk-tests/tiny-gated is a gated model: its authors "
        "ask you to accept their licence first."
    )
    assert "HF_TOKEN" in err.value.hint
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    assert hub.fetch_snapshot(GATED).variant("cpu").files


def test_gated_download_with_a_token(
    server: HubServer, store: ModelStore, monkeypatch: pytest.MonkeyPatch, repos: dict[str, Path]
) -> None:
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    job, _ = run(store, GATED)
    assert job.progress.status is Status.COMPLETED
    assert_installed(store, repos[GATED])


def test_unknown_repo_and_offline(server: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(hub.HubNotFound, match="was not found"):
        hub.fetch_snapshot("nobody/nothing")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    with pytest.raises(hub.HubUnreachable) as err:
        hub.fetch_snapshot(TINY)
    assert err.value.message.startswith("The model hub at http://127.0.0.1:9 cannot be reached")


# ---- the happy path ------------------------------------------------------------------------


def test_download_installs_a_verified_model(
    server: HubServer, store: ModelStore, repos: dict[str, Path]
) -> None:
    job, recorder = run(store)
    assert job.progress.status is Status.COMPLETED, job.error
    assert recorder.statuses() == [
        Status.QUEUED,
        Status.DOWNLOADING,
        Status.VERIFYING,
        Status.COMPLETED,
    ]
    assert_installed(store, repos[TINY])
    last = recorder.events[-1]
    assert last.done_bytes == last.total_bytes == job.result.size_bytes  # type: ignore[union-attr]
    assert all(e.done_bytes <= e.total_bytes for e in recorder.events)
    model = store.installed()[0]
    assert (model.id, model.kind, model.repo_id, model.variant) == (
        "agentic-desk-tests--tiny-onnx--cpu-int4-rtn-block-32",
        "cpu",
        TINY,
        CPU_FOLDER,
    )
    # the same variant again is refused rather than silently duplicated
    again, _ = run(store)
    assert again.progress.status is Status.FAILED
    assert again.progress.message.endswith("is already installed.")


def test_download_then_chat_with_it(server: HubServer, store: ModelStore) -> None:
    job, _ = run(store, variant=CUDA_FOLDER.rsplit("/", 1)[-1])  # by folder name
    assert job.progress.status is Status.COMPLETED
    assert store.installed()[0].kind == "cuda"
    job, _ = run(store, variant="cpu")
    model_id = job.result.id  # type: ignore[union-attr]
    with LocalEngine(store=store) as engine:
        engine.load(model_id, ["cpu"])
        reply = ReplyConsumer().consume(
            engine.chat([ChatMessage("user", "hi")], GenerationParams(temperature=0))
        )
    assert reply.text == tm.SENTENCE


@pytest.mark.real_model
def test_real_model_download_and_answer(
    server: HubServer, store: ModelStore, repos: dict[str, Path]
) -> None:
    if REAL not in repos:
        pytest.skip("../shared/models is not here")
    options = DownloadOptions(report_interval=0.1)
    job, _ = run(store, REAL, "cpu", options)
    assert job.progress.status is Status.COMPLETED, job.error
    with LocalEngine(store=store) as engine:
        engine.load(job.id, max_context_tokens=1024)
        reply = ReplyConsumer().consume(
            engine.chat(
                [ChatMessage("user", "What is the capital of France?")],
                GenerationParams(temperature=0, max_new_tokens=12),
            )
        )
    assert "Paris" in reply.text


# ---- faults --------------------------------------------------------------------------------


def test_dropped_connection_resumes_where_it_stopped(
    server: HubServer, store: ModelStore, repos: dict[str, Path]
) -> None:
    server.faults.drop_after("extra.data", 1_000_000)
    job, recorder = run(store)
    assert job.progress.status is Status.COMPLETED
    assert Status.RETRYING in recorder.statuses()
    gets = cdn_gets(server, "extra.data")
    assert gets[0] == (None, 200, 1_000_000)
    assert gets[1][0] == "bytes=1000000-" and gets[1][1] == 206  # nothing fetched twice
    assert_installed(store, repos[TINY])


def test_connection_reset_resumes(
    server: HubServer, store: ModelStore, repos: dict[str, Path]
) -> None:
    server.faults.reset_after("extra.data", 700_000)
    job, _ = run(store)
    assert job.progress.status is Status.COMPLETED
    gets = cdn_gets(server, "extra.data")
    assert len(gets) == 2 and gets[1][1] == 206
    fetched = sum(sent for _, _, sent in gets)
    # a reset throws away what sat unread in the socket: at most that is fetched again
    assert fetched - (repos[TINY] / CPU_FOLDER / "extra.data").stat().st_size < 1024 * 1024
    assert_installed(store, repos[TINY])


def test_server_errors_are_retried_with_backoff(
    server: HubServer, store: ModelStore, repos: dict[str, Path]
) -> None:
    server.faults.error_burst("extra.data", status=503, times=3)
    job, recorder = run(store)
    assert job.progress.status is Status.COMPLETED
    retries = [e.message for e in recorder.events if e.status is Status.RETRYING]
    assert retries[0].startswith("Connection problem (HTTP 503); retrying in")
    assert_installed(store, repos[TINY])


def test_retry_after_is_honoured_up_to_a_minute(
    server: HubServer, store: ModelStore, repos: dict[str, Path]
) -> None:
    server.faults.error_burst("extra.data", status=503, times=1, retry_after=7)
    server.faults.error_burst("extra.data", status=429, times=1, retry_after=3600)
    waits = Waits()
    job, recorder = run(store, wait=waits)
    assert job.progress.status is Status.COMPLETED
    assert waits.calls == [7.0, 60.0]  # what the Hub asked for; an hour is capped
    assert [e.message for e in recorder.events if e.status is Status.RETRYING] == [
        "Connection problem (HTTP 503); retrying in 7 s (1/8).",
        "Connection problem (HTTP 429); retrying in 60 s (2/8).",
    ]
    assert_installed(store, repos[TINY])


def test_cancel_during_a_retry_wait_stops_the_download_at_once(
    server: HubServer, store: ModelStore
) -> None:
    server.faults.error_burst("extra.data", status=503, times=None, retry_after=30)
    waits = Waits()
    with ModelDownloader(store, options=FAST, wait=waits) as downloader:

        def cancel() -> None:
            job = downloader.job(model_id_for(TINY, CPU_FOLDER))
            assert job is not None
            job.cancel()

        waits.then = cancel
        job = downloader.download(TINY, "cpu")
        assert job.wait(60)
    assert job.progress.status is Status.CANCELLED
    assert waits.calls == [30.0]
    assert len(server.faults.requests.matching("extra.data", method="GET")) == 1
    assert not store.staging_dir(job.id).exists() and store.installed() == []


def test_persistent_server_errors_fail_clearly_and_keep_data(
    server: HubServer, store: ModelStore
) -> None:
    server.faults.drop_after("extra.data", 500_000, times=1)
    job, _ = run(store, options=DownloadOptions(max_retries=0, disk_margin=0))
    assert job.progress.status is Status.FAILED
    assert isinstance(job.error, DownloadFailed)
    assert job.error.message == "The download of extra.data keeps failing (connection lost)."
    assert job.error.hint.startswith("Check your connection and resume the download")
    assert store.installed() == []
    part = store.staging_dir(job.id) / "extra.data.part"
    assert part.stat().st_size == 500_000  # kept for resume
    server.faults.error_burst("extra.data", status=500, times=None)
    job, _ = run(
        store,
        options=DownloadOptions(
            backoff_first=0.001, backoff_max=0.001, max_retries=2, disk_margin=0
        ),
    )
    assert job.error is not None
    assert job.error.message == "The download of extra.data keeps failing (HTTP 500)."
    assert part.stat().st_size == 500_000


def test_stalled_transfer_is_caught_by_the_watchdog(
    server: HubServer, store: ModelStore, repos: dict[str, Path]
) -> None:
    stall = server.faults.stall_after("extra.data", 600_000)
    options = DownloadOptions(read_timeout=0.3, backoff_first=0.001, disk_margin=0)
    try:
        job, recorder = run(store, options=options)
    finally:
        stall.release()
    assert job.progress.status is Status.COMPLETED
    assert any("no data for too long" in e.message for e in recorder.events)
    # the reconnect asked only for the rest (the stalled response may still be parked)
    assert "bytes=600000-" in [r for r, _, _ in cdn_gets(server, "extra.data")]
    assert_installed(store, repos[TINY])


def test_wrong_bytes_are_fetched_again_alone(
    server: HubServer, store: ModelStore, repos: dict[str, Path]
) -> None:
    server.faults.corrupt("extra.data", times=1)
    job, recorder = run(store)
    assert job.progress.status is Status.COMPLETED
    assert any("extra.data arrived damaged" in e.message for e in recorder.events)
    assert len(cdn_gets(server, "extra.data")) == 2
    assert len(cdn_gets(server, "model.onnx")) == 1  # the other files were not fetched again
    assert_installed(store, repos[TINY])


def test_always_wrong_bytes_fail_without_installing(server: HubServer, store: ModelStore) -> None:
    server.faults.corrupt("extra.data", times=None)
    job, _ = run(store)
    assert job.progress.status is Status.FAILED
    assert job.progress.message == "extra.data arrived damaged 3 times in a row."
    assert store.installed() == []


def test_not_enough_disk_is_refused_before_starting(server: HubServer, store: ModelStore) -> None:
    huge = DownloadOptions(disk_margin=shutil.disk_usage(store.root).free)
    job, _ = run(store, options=huge)
    assert isinstance(job.error, NotEnoughDisk)
    assert job.error.message.startswith("Not enough disk space: the download needs ")
    assert cdn_gets(server, "") == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small-disk"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {result.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_midway_keeps_the_data_then_resumes(
    server: HubServer, small_disk: Path, repos: dict[str, Path]
) -> None:
    store = ModelStore(small_disk / "models")
    store.ensure()
    hold = server.faults.wait_before_body("extra.data")
    recorder = Recorder()
    with ModelDownloader(store, options=FAST, listener=recorder) as downloader:
        job = downloader.download(TINY, "cpu")
        assert hold.wait_reached(30)
        free = shutil.disk_usage(small_disk).free
        ballast = small_disk / "ballast"
        ballast.write_bytes(b"\0" * (free - 1024 * 1024))  # leave 1 MB: less than the file
        hold.release()
        assert job.wait(60)
        assert isinstance(job.error, DiskFull)
        assert job.progress.message == "The disk became full during the download."
        part = store.staging_dir(job.id) / "extra.data.part"
        kept = part.stat().st_size
        assert kept > 0
        assert store.installed() == []
        ballast.unlink()
        job.resume()
        assert job.wait(60)
    assert job.progress.status is Status.COMPLETED
    assert cdn_gets(server, "extra.data")[-1][0] == f"bytes={kept}-"
    assert_installed(store, repos[TINY])


# ---- control -------------------------------------------------------------------------------


def test_pause_resume_and_cancel_from_another_thread(
    server: HubServer, store: ModelStore, repos: dict[str, Path]
) -> None:
    hold = server.faults.wait_before_body("extra.data")
    recorder = Recorder()
    with ModelDownloader(store, options=FAST, listener=recorder) as downloader:
        job = downloader.download(TINY, "cpu")
        assert hold.wait_reached(30)
        job.pause()
        hold.release()
        assert job.wait(30)
        assert job.progress.status is Status.PAUSED
        assert store.installed() == []
        assert (store.staging_dir(job.id) / "download.json").is_file()
        job.resume()
        assert job.wait(30)
    assert job.progress.status is Status.COMPLETED
    assert_installed(store, repos[TINY])


def test_cancel_deletes_the_partial_download(server: HubServer, store: ModelStore) -> None:
    hold = server.faults.wait_before_body("extra.data")
    with ModelDownloader(store, options=FAST) as downloader:
        job = downloader.download(TINY, "cpu")
        assert hold.wait_reached(30)
        job.cancel()
        hold.release()
        assert job.wait(30)
    assert job.progress.status is Status.CANCELLED
    assert not store.staging_dir(job.id).exists()
    assert store.installed() == []


def test_same_variant_twice_is_one_job_and_the_queue_has_a_limit(
    server: HubServer, store: ModelStore
) -> None:
    hold = server.faults.wait_before_body("extra.data", times=None)
    with ModelDownloader(store, options=FAST, max_parallel=1) as downloader:
        first = downloader.download(TINY, "cpu")
        assert downloader.download(TINY, "cpu") is first
        second = downloader.download(TINY, "cuda")
        assert hold.wait_reached(30)
        assert second.progress.status is Status.QUEUED  # waits for the first
        assert store.installed() == []  # nothing half-done is listed
        hold.release()
        assert first.wait(30) and second.wait(30)
    assert {m.kind for m in store.installed()} == {"cpu", "cuda"}


def test_another_process_downloading_the_same_variant(server: HubServer, store: ModelStore) -> None:
    job_id = "agentic-desk-tests--tiny-onnx--cpu-int4-rtn-block-32"
    store.staging_dir(job_id).mkdir(parents=True)
    with FileLock(str(store.staging_dir(job_id)) + ".lock"):
        job, _ = run(store)
    assert isinstance(job.error, AlreadyDownloading)
    assert job.error.message.endswith("is already being downloaded by another Agentic Desk window.")


# ---- the download as a Job ------------------------------------------------------------------


def _nothing_partial(store: ModelStore) -> bool:
    """No staging folder, no lock file: nothing of a download is left on disk."""
    partial = store.root / ".partial"
    return not partial.exists() or list(partial.iterdir()) == []


def test_a_download_is_a_job_run_returns_the_installed_model(
    server: HubServer, store: ModelStore, repos: dict[str, Path]
) -> None:
    hold = server.faults.wait_before_body("extra.data")
    everyone = Recorder()  # the downloader's listener, as the Downloads tab has it
    mine = Recorder()
    with ModelDownloader(store, options=FAST, listener=everyone) as downloader:
        job = downloader.download(TINY, "cpu")
        assert isinstance(job, Job)
        job.on_progress(mine)
        assert hold.wait_reached(30)  # the big file has not started: its events are all mine
        hold.release()
        model = job.run()  # waits for the downloader's thread
        # run() returns once the last event was sent: this one is the end, and the same value
        # the downloader's listener got
        assert mine.events[-1].status is Status.COMPLETED
        tail = everyone.events[-len(mine.events) :]
        assert all(a is b for a, b in zip(mine.events, tail, strict=True))
        assert any(e.current_file == "extra.data" for e in mine.events)
        assert {e.job_id for e in mine.events} == {job.id}
        assert model == job.result == store.get(job.id)
        assert model.verified and model.repo_id == TINY
        job.cancel()  # after the end a cancel deletes nothing, and run() still has the result
        assert job.cancelled and job.run() == model
    assert_installed(store, repos[TINY])


def test_cancel_mid_transfer_makes_run_raise_a_job_cancel_and_leaves_no_files(
    server: HubServer, store: ModelStore
) -> None:
    stall = server.faults.stall_after("extra.data", 600_000)  # holds mid-file until released
    options = DownloadOptions(read_timeout=120.0, report_interval=0.0, disk_margin=0)
    mid_file = threading.Event()
    hooks: list[str] = []

    def watch(progress: Progress) -> None:
        if progress.current_file == "extra.data" and progress.file_bytes >= 600_000:
            mid_file.set()

    recorder = Recorder()
    with ModelDownloader(store, options=options) as downloader:
        try:
            job = downloader.download(TINY, "cpu")
            job.on_progress(watch)
            job.on_progress(recorder)
            job.on_cancel(lambda: hooks.append("cancelled"))
            assert mid_file.wait(60)  # 600 000 bytes of the file are on disk, the rest held
            assert (store.staging_dir(job.id) / "extra.data.part").stat().st_size == 600_000
            job.cancel()
            assert job.cancelled and hooks == ["cancelled"]
            stall.release()  # the next bytes arrive; the transfer sees the cancel
            with pytest.raises(DownloadCancelled) as caught:
                job.run()
        finally:
            stall.release()  # also when an assertion failed: the downloader can close
    assert isinstance(caught.value, JobCancelled)
    assert caught.value.message == (
        "The download of agentic-desk-tests/tiny-onnx (cpu-int4-rtn-block-32) was cancelled."
    )
    assert caught.value.hint == "What it had downloaded was deleted."
    assert recorder.events[-1].status is Status.CANCELLED
    assert job.progress.status is Status.CANCELLED and job.result is None
    assert _nothing_partial(store) and store.installed() == []


def test_a_failed_download_run_raises_its_typed_error(server: HubServer, store: ModelStore) -> None:
    server.faults.error_burst("extra.data", status=404, times=None, method="GET")
    recorder = Recorder()
    with ModelDownloader(store, options=FAST) as downloader:
        job = downloader.download(TINY, "cpu")
        job.on_progress(recorder)
        with pytest.raises(hub.HubNotFound) as caught:
            job.run()
        assert caught.value is job.error
        assert caught.value.message == (
            "extra.data is no longer in agentic-desk-tests/tiny-onnx at the pinned revision."
        )
        assert recorder.events[-1].status is Status.FAILED
        assert (store.staging_dir(job.id) / "download.json").is_file()  # kept for a retry
        # a cancel of the failed job deletes what it had downloaded
        job.cancel()
        with pytest.raises(DownloadCancelled):
            job.run()
    assert recorder.events[-1].status is Status.CANCELLED
    assert _nothing_partial(store) and store.installed() == []


def test_damaged_bytes_make_run_raise_download_failed(server: HubServer, store: ModelStore) -> None:
    server.faults.corrupt("extra.data", times=None)
    with ModelDownloader(store, options=FAST) as downloader:
        job = downloader.download(TINY, "cpu")
        with pytest.raises(DownloadFailed) as caught:
            job.run()
    assert not isinstance(caught.value, JobCancelled)
    assert caught.value.message == "extra.data arrived damaged 3 times in a row."
    assert store.installed() == []


def test_a_paused_download_run_raises_paused_and_resume_then_run_finishes(
    server: HubServer, store: ModelStore, repos: dict[str, Path]
) -> None:
    hold = server.faults.wait_before_body("extra.data")
    recorder = Recorder()
    with ModelDownloader(store, options=FAST) as downloader:
        job = downloader.download(TINY, "cpu")
        job.on_progress(recorder)
        assert hold.wait_reached(30)
        job.pause()
        hold.release()
        with pytest.raises(DownloadPaused) as caught:
            job.run()
        assert not isinstance(caught.value, JobCancelled)  # paused is not cancelled
        assert caught.value.message == (
            "The download of agentic-desk-tests/tiny-onnx (cpu-int4-rtn-block-32) is paused."
        )
        assert caught.value.hint == (
            "What was downloaded is kept: resume it to continue from there."
        )
        assert recorder.events[-1].status is Status.PAUSED
        assert (store.staging_dir(job.id) / "download.json").is_file()
        job.resume()
        model = job.run()
    statuses = recorder.statuses()
    resumed = statuses[statuses.index(Status.PAUSED) :]
    assert resumed[:2] == [Status.PAUSED, Status.QUEUED] and resumed[-1] is Status.COMPLETED
    assert model.id == job.id and not job.cancelled
    assert_installed(store, repos[TINY])


def test_cancel_of_a_paused_download_deletes_it_and_run_raises_a_job_cancel(
    server: HubServer, store: ModelStore
) -> None:
    hold = server.faults.wait_before_body("extra.data")
    hooks: list[str] = []
    with ModelDownloader(store, options=FAST) as downloader:
        job = downloader.download(TINY, "cpu")
        job.on_cancel(lambda: hooks.append("cancelled"))
        assert hold.wait_reached(30)
        job.pause()
        hold.release()
        with pytest.raises(DownloadPaused):
            job.run()
        assert store.staging_dir(job.id).is_dir()
        job.cancel()
        assert hooks == ["cancelled"]
        with pytest.raises(DownloadCancelled):
            job.run()
        job.resume()  # a cancelled download does not come back
        with pytest.raises(DownloadCancelled):
            job.run()
    assert job.progress.status is Status.CANCELLED
    assert _nothing_partial(store) and store.installed() == []


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "agentic_desk", *args]


def test_killed_and_restarted_download_fetches_nothing_twice(
    server: HubServer, repos: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI is killed mid-file (held by the server right after 1 MB, so the test knows
    exactly what it had written), then run again: it asks only for the rest."""
    stall = server.faults.stall_after("extra.data", 1_048_576)
    with subprocess.Popen(
        cli("models", "download", TINY, "--json-progress", "--progress-interval", "0"),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            event = json.loads(line)
            if event["current_file"] == "extra.data" and event["file_bytes"] >= 1_048_576:
                proc.send_signal(signal.SIGKILL)
                break
        proc.wait(30)
    stall.release()
    home = Path(os.environ["AGENTIC_DESK_HOME"])
    listed = subprocess.run(cli("models", "list"), capture_output=True, text=True, check=True)
    assert "unfinished download" in listed.stdout
    assert "verified" not in listed.stdout  # nothing half-done is listed as installed
    done = subprocess.run(
        cli("models", "download", TINY), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Installed agentic-desk-tests--tiny-onnx--cpu-int4-rtn-block-32" in done.stderr
    gets = cdn_gets(server, "extra.data")
    size = (repos[TINY] / CPU_FOLDER / "extra.data").stat().st_size
    # resumed exactly where the killed process had written up to: not one byte twice
    assert gets[-1] == ("bytes=1048576-", 206, size - 1_048_576)
    assert_installed(ModelStore(home / "models"), repos[TINY])
