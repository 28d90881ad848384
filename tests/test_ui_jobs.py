"""The window's one job runner (agentic_desk.ui.jobs): real QObjects, real worker threads,
pytest-qt's waitSignal; no sleeps (threading.Event seams where an order matters)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

import shiboken6
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.jobs import FunctionJob, JobCancelled
from agentic_desk.ui import errors
from agentic_desk.ui.crash import CrashReporter
from agentic_desk.ui.jobs import JobRunner, Run

TIMEOUT_MS = 10_000
GUI = threading.get_ident()  # pytest runs the tests (and Qt's GUI thread) on the main thread


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[JobRunner]:
    runner = JobRunner()
    yield runner
    assert runner.wait_idle(TIMEOUT_MS), f"runs left: {runner.runs()}"


@pytest.fixture
def owner(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def bugs(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """What reached report_unexpected (replaced: no message box)."""
    seen: list[BaseException] = []
    monkeypatch.setattr(errors, "report_unexpected", seen.append)
    return seen


def finish(qtbot: Any, runner: JobRunner, start: Any) -> Run[Any, Any]:
    """Start a run with ``start()`` and wait until it was delivered (or dropped)."""
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS) as ended:
        started = start()
    assert ended.args[0] is started
    return started  # type: ignore[no-any-return]


def test_progress_and_the_result_arrive_in_order_on_the_gui_thread(
    qtbot: Any, runner: JobRunner, owner: QWidget
) -> None:
    worker: list[int] = []
    seen: list[tuple[str, object, int]] = []

    def work(job: FunctionJob[str, int]) -> str:
        worker.append(threading.get_ident())
        for step in range(3):
            job.report(step)
        return "result"

    run = finish(
        qtbot,
        runner,
        lambda: runner.start(
            FunctionJob("count", work),
            owner=owner,
            progress=lambda step: seen.append(("progress", step, threading.get_ident())),
            done=lambda value: seen.append(("done", value, threading.get_ident())),
            after=lambda: seen.append(("after", None, threading.get_ident())),
        ),
    )
    assert worker and worker[0] != GUI  # the work ran off the GUI thread
    assert seen == [
        ("progress", 0, GUI),
        ("progress", 1, GUI),
        ("progress", 2, GUI),
        ("done", "result", GUI),
        ("after", None, GUI),
    ]
    assert run.state == "done" and run.result == "result" and run.delivered
    assert runner.active == 0


def test_the_gui_thread_goes_on_while_a_job_works(
    qtbot: Any, runner: JobRunner, owner: QWidget
) -> None:
    """start() returns at once; the job waits for the GUI thread to release it."""
    gate = threading.Event()
    got: list[str] = []
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS):
        runner.call(
            lambda: gate.wait(TIMEOUT_MS / 1000) and "released", owner=owner, done=got.append
        )
        assert runner.active == 1 and got == []
        gate.set()  # only reachable because start() did not block
    assert got == ["released"]


def test_a_known_error_is_shown_with_its_message_and_hint(
    qtbot: Any, runner: JobRunner, bugs: list[BaseException]
) -> None:
    label = QLabel()
    qtbot.addWidget(label)

    def fail() -> None:
        raise AgenticDeskError("The models folder is full.", "Free some space, then retry.")

    # no failed= callback: the owner (a label) shows it, the one way
    finish(qtbot, runner, lambda: runner.call(fail, owner=label))
    assert label.text() == "The models folder is full.\nFree some space, then retry."
    assert label.property("error") is True and not label.isHidden()
    errors.show_message(label, "All good.")
    assert label.property("error") is False and label.text() == "All good."
    # with failed=: the caller gets the error (and shows it with show_error itself)
    caught: list[AgenticDeskError] = []
    finish(qtbot, runner, lambda: runner.call(fail, owner=label, failed=caught.append))
    assert [e.hint for e in caught] == ["Free some space, then retry."]
    assert bugs == []


def test_a_known_error_without_a_label_is_shown_in_a_box(
    qtbot: Any, runner: JobRunner, owner: QWidget
) -> None:
    def fail() -> None:
        raise AgenticDeskError("The catalog cannot be read.", "Check Hugging Face again.")

    finish(qtbot, runner, lambda: runner.call(fail, owner=owner))
    [box] = [w for w in QApplication.topLevelWidgets() if w.objectName() == "knownError"]
    assert isinstance(box, QMessageBox) and box.isVisible() and box.parent() is owner
    assert (box.text(), box.informativeText()) == (
        "The catalog cannot be read.",
        "Check Hugging Face again.",
    )
    box.close()


def test_an_os_error_about_a_file_is_a_known_error(
    qtbot: Any, runner: JobRunner, owner: QWidget, bugs: list[BaseException]
) -> None:
    def denied() -> None:
        raise PermissionError(13, "Permission denied", "/models/x.onnx")

    caught: list[AgenticDeskError] = []
    finish(qtbot, runner, lambda: runner.call(denied, owner=owner, failed=caught.append))
    [error] = caught
    assert isinstance(error, errors.DiskError)
    assert error.message == "The disk could not be used: Permission denied (/models/x.onnx)."
    assert bugs == []


def test_an_unexpected_error_goes_to_report_unexpected_only(
    qtbot: Any, runner: JobRunner, owner: QWidget, bugs: list[BaseException]
) -> None:
    boom = ValueError("a bug")

    def work() -> None:
        raise boom

    outcome: list[object] = []
    run = finish(
        qtbot,
        runner,
        lambda: runner.call(
            work,
            owner=owner,
            done=outcome.append,
            failed=outcome.append,
            after=lambda: outcome.append("after"),
        ),
    )
    assert bugs == [boom] and outcome == ["after"] and run.state == "bug"
    # a bug in a callback on the GUI thread goes there too
    bugs.clear()
    finish(qtbot, runner, lambda: runner.call(lambda: 1, owner=owner, done=lambda n: 1 // 0))
    assert [type(e) for e in bugs] == [ZeroDivisionError]


def test_report_unexpected_logs_and_opens_the_crash_dialog(
    qtbot: Any, caplog: pytest.LogCaptureFixture, tmp_path: Path, unexpected: list[BaseException]
) -> None:
    reporter = CrashReporter(tmp_path / "logs")
    try:
        try:
            raise RuntimeError("the index is broken")
        except RuntimeError as exc:
            with (
                caplog.at_level(logging.ERROR, logger="agentic_desk"),
                qtbot.waitSignal(reporter.crashed, timeout=TIMEOUT_MS),
            ):
                errors.report_unexpected(exc)
    finally:
        reporter.close()
    [record] = caplog.records
    assert record.name == "agentic_desk" and record.exc_info is not None
    assert record.getMessage() == "unexpected error in the window: RuntimeError"
    dialog = reporter.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.what.text() == "What happened: RuntimeError: the index is broken"
    dialog.close()
    assert [str(e) for e in unexpected] == ["the index is broken"]
    unexpected.clear()  # seen: this test is about it


def test_cancel_stops_the_job_and_calls_cancelled(
    qtbot: Any, runner: JobRunner, owner: QWidget, bugs: list[BaseException]
) -> None:
    waiting = threading.Event()

    def wait_for_cancel(job: FunctionJob[str, str]) -> str:
        job.report("waiting")
        waiting.set()
        job.cancel_event.wait(TIMEOUT_MS / 1000)
        job.check()
        return "not cancelled"

    outcome: list[object] = []
    run = runner.start(
        FunctionJob("wait", wait_for_cancel),
        owner=owner,
        progress=outcome.append,
        done=outcome.append,
        cancelled=outcome.append,
    )
    assert waiting.wait(TIMEOUT_MS / 1000)  # the job is blocked in its step
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS):
        run.cancel()
    assert outcome[0] == "waiting" and isinstance(outcome[1], JobCancelled)
    assert len(outcome) == 2 and run.state == "cancelled" and bugs == []


def test_a_deleted_owner_gets_no_delivery(
    qtbot: Any, runner: JobRunner, bugs: list[BaseException]
) -> None:
    """The job blocks until the test has deleted the owner, then reports and ends: none of
    the run's callbacks is called, the runner still counts the run as over."""
    owner = QWidget()
    gate = threading.Event()

    def work(job: FunctionJob[str, int]) -> str:
        assert gate.wait(TIMEOUT_MS / 1000)
        job.report(1)
        return "late"

    called: list[object] = []
    run = runner.start(
        FunctionJob("late", work),
        owner=owner,
        progress=called.append,
        done=called.append,
        after=lambda: called.append("after"),
    )
    shiboken6.delete(owner)
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS):
        gate.set()
    assert called == [] and run.state == "done" and not run.delivered and bugs == []
    assert runner.active == 0


def test_a_delivery_already_queued_is_dropped_when_the_owner_goes(
    qtbot: Any, runner: JobRunner, bugs: list[BaseException]
) -> None:
    """The progress event is queued for the GUI thread (the runner's listener ran first),
    then the owner is deleted before the GUI thread gets to it."""
    owner = QWidget()
    queued, release = threading.Event(), threading.Event()

    def work(job: FunctionJob[str, int]) -> str:
        job.on_progress(lambda _step: queued.set())  # after the runner's own listener
        job.report(1)
        assert release.wait(TIMEOUT_MS / 1000)
        return "done"

    called: list[object] = []
    run = runner.start(
        FunctionJob("queued", work), owner=owner, progress=called.append, done=called.append
    )
    assert queued.wait(TIMEOUT_MS / 1000)
    shiboken6.delete(owner)  # at once: no event is processed in between
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT_MS):
        release.set()
    assert called == [] and not run.delivered and bugs == []


def test_wait_idle_waits_for_every_delivery(runner: JobRunner, owner: QWidget) -> None:
    gates = [threading.Event() for _ in range(3)]
    got: list[int] = []
    for number, gate in enumerate(gates):
        runner.call(
            lambda g=gate, n=number: g.wait(TIMEOUT_MS / 1000) and n, owner=owner, done=got.append
        )
    assert not runner.wait_idle(50)  # all three are held
    for gate in gates:
        gate.set()
    assert runner.wait_idle(TIMEOUT_MS)
    assert sorted(got) == [0, 1, 2] and runner.active == 0


def test_start_refuses_another_thread(runner: JobRunner, owner: QWidget) -> None:
    refused: list[BaseException] = []

    def start_from_a_worker() -> None:
        try:
            runner.call(lambda: None, owner=owner)
        except RuntimeError as exc:
            refused.append(exc)

    thread = threading.Thread(target=start_from_a_worker)
    thread.start()
    thread.join()
    assert refused and "GUI thread" in str(refused[0])
