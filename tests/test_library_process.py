"""Indexing in a process of its own: progress in order, cancel, a killed process, Ctrl+C
and priority (issue 17: the window's thread must not stall while a library indexes)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import psutil
import pytest

from agentic_desk.core.jobs import JobCancelled
from agentic_desk.core.library.embedding import OnnxEmbedder
from agentic_desk.core.library.indexer import IndexingStopped, IndexJob, IndexProgress
from agentic_desk.core.library.store import LibraryStore
from agentic_desk.core.library.tiny_embedder import build_tiny_embedder

FINISHED = ("indexed", "skipped", "error")


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> OnnxEmbedder:
    folder = build_tiny_embedder(tmp_path_factory.mktemp("embedder") / "tiny-embedder")
    return OnnxEmbedder(folder, threads=1)


@pytest.fixture
def store(tmp_path: Path) -> LibraryStore:
    with LibraryStore(tmp_path / "library.db") as opened:
        yield opened


def _notes(folder: Path, count: int, paragraphs: int = 1) -> list[Path]:
    files = []
    for i in range(count):
        path = folder / f"n{i}.txt"
        body = "\n\n".join(
            f"Note {i}, part {p}: the boiler in flat {i} was serviced on day {p}. " * 12
            for p in range(paragraphs)
        )
        path.write_text(body)
        files.append(path)
    return files


def test_progress_comes_from_another_process_in_order(
    tmp_path: Path, store: LibraryStore, embedder: OnnxEmbedder
) -> None:
    files = _notes(tmp_path, 3, paragraphs=60)  # several embedding batches each
    library = store.create_library("Notes")
    job = IndexJob(store, library, files, embedder)
    seen: list[IndexProgress] = []
    pids: set[int | None] = set()

    def record(progress: IndexProgress) -> None:
        seen.append(progress)
        pids.add(job.pid)

    job.on_progress(record)
    result = job.run()
    assert len(result.indexed) == 3
    assert pids and None not in pids and os.getpid() not in pids
    assert seen[-1].stage == "done"
    for index in range(3):
        stages = [p.stage for p in seen if p.file_index == index and p.stage != "done"]
        assert stages[0] == "reading" and stages[-1] == "indexed"
        assert set(stages[1:-1]) == {"embedding"} and len(stages) > 3
        fractions = [p.file_fraction for p in seen if p.file_index == index]
        assert fractions == sorted(fractions)
    assert [p.file_index for p in seen] == sorted(p.file_index for p in seen)
    # the child's writes are seen here at once, searches included
    assert [f.status for f in store.files(library.id)] == ["indexed"] * 3
    assert store.search([library.id], "boiler", query_vector=embedder.embed(["boiler"])[0])
    assert job.pid is None
    job.cancel()  # after the end (a window closing): returns at once, changes nothing


def test_cancel_reaches_the_process_and_unfinished_files_stay_pending(
    tmp_path: Path, store: LibraryStore, embedder: OnnxEmbedder
) -> None:
    files = _notes(tmp_path, 3, paragraphs=60)
    library = store.create_library("Notes")
    job = IndexJob(store, library, files, embedder)
    seen: list[IndexProgress] = []
    child: list[psutil.Process] = []

    def cancel_mid_second_file(progress: IndexProgress) -> None:
        seen.append(progress)
        if not child and job.pid is not None:
            child.append(psutil.Process(job.pid))
        if progress.file_index == 1 and progress.stage == "embedding":
            job.cancel()

    job.on_progress(cancel_mid_second_file)
    with pytest.raises(JobCancelled):
        job.run()
    # nothing after the cancel: the process stopped at its next step
    assert seen[-1].file_index == 1 and seen[-1].stage == "embedding"
    assert not child[0].is_running() or child[0].status() == psutil.STATUS_ZOMBIE
    assert [f.status for f in store.files(library.id)] == ["indexed", "pending", "pending"]
    assert [f.chunk_count > 0 for f in store.files(library.id)] == [True, False, False]
    result = IndexJob.resume(store, library, embedder).run()
    assert len(result.indexed) == 2
    assert [f.status for f in store.files(library.id)] == ["indexed"] * 3


def test_a_killed_indexing_process_is_a_clear_error_and_the_rest_resumes(
    tmp_path: Path, store: LibraryStore, embedder: OnnxEmbedder
) -> None:
    files = _notes(tmp_path, 4)
    library = store.create_library("Notes")
    job = IndexJob(store, library, files, embedder)
    job.test_kill_after_file = 1  # the child kills itself once the second file is in
    with pytest.raises(IndexingStopped) as raised:
        job.run()
    assert "stopped unexpectedly" in raised.value.message
    assert "resume" in raised.value.hint
    job.cancel()  # the process died while watching for a cancel: this must not block
    assert [f.status for f in store.files(library.id)] == [
        "indexed",
        "indexed",
        "pending",
        "pending",
    ]
    result = IndexJob.resume(store, library, embedder).run()
    assert sorted(Path(p).name for p in result.indexed) == ["n2.txt", "n3.txt"]
    assert store.search([library.id], "flat 3", mode="keyword")


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name == "nt", reason="POSIX signals")
def test_the_process_ignores_ctrl_c_and_runs_at_lower_priority(
    tmp_path: Path, store: LibraryStore, embedder: OnnxEmbedder
) -> None:
    files = _notes(tmp_path, 2)
    library = store.create_library("Notes")
    job = IndexJob(store, library, files, embedder)
    niceness: list[int] = []

    def interrupt(progress: IndexProgress) -> None:
        if progress.file_index == 0 and progress.stage == "reading" and job.pid is not None:
            niceness.append(psutil.Process(job.pid).nice())
            os.kill(job.pid, signal.SIGINT)  # as a Ctrl+C in the terminal reaches it

    job.on_progress(interrupt)
    result = job.run()
    assert len(result.indexed) == 2
    assert niceness and niceness[0] > psutil.Process().nice()
