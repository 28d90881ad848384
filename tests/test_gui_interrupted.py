"""The window, with real widgets and the real worker: a reply cut short by a killed worker
is shown interrupted with the reason in words and a Continue button; Continue (after an
interruption, after Stop, after the length limit) goes on with the same stored message,
and the continuation is the rest of the model's known sentence.

The worker holds at a known token (test hook) and the test kills it there: no sleeps."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("qasync")

from PySide6.QtCore import Qt

import tiny_models as tm
from agentic_desk.core.engine import GenerationParams, LocalEngine
from agentic_desk.core.engine.protocol import HoldPoint
from agentic_desk.ui.app import build_window
from agentic_desk.ui.main_window import MainWindow
from gui_helpers import finished, replies, send
from shots import save_shot

# A SIGKILL is what Linux's out-of-memory killer sends: the likely cause is said.
CRASH = (
    "The model's process was stopped by the system, most likely because the computer ran "
    "out of memory."
)


@pytest.fixture
def window(
    qtbot: Any,
    loop: asyncio.AbstractEventLoop,
    scripted_model: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[MainWindow, LocalEngine]]:
    monkeypatch.setenv("AGENTIC_DESK_TEST_HOOKS", "1")
    made, engine, _theme = build_window(loop, model=str(scripted_model))
    qtbot.addWidget(made)
    made.resize(1000, 700)
    with qtbot.waitSignal(made.view_ready, timeout=30_000):
        made.show()
    made.generation = GenerationParams(temperature=0.0, max_new_tokens=64)
    try:
        yield made, engine
    finally:
        made.close()
        engine.close()


def partial_of(model: Path, tokens: int) -> str:
    return tm.decode(model, tm.scripted_token_ids(model)[:tokens])


def type_and_wait_for_text(qtbot: Any, window: MainWindow, text: str, partial: str) -> None:
    """Send ``text`` and wait until the reply shows ``partial`` (the worker then holds)."""
    seen: list[str] = []

    def all_of_it(_mid: str, piece: str) -> bool:
        seen.append(piece)
        return "".join(seen) == partial

    window.input.setPlainText(text)
    with qtbot.waitSignal(
        window.controller.text_appended, timeout=60_000, check_params_cb=all_of_it
    ):
        qtbot.keyClick(window.input, Qt.Key.Key_Return)


def stored(window: MainWindow, message_id: str) -> Any:
    return window.controller.store.get_message(message_id)


def press_continue(qtbot: Any, window: MainWindow, reply: Any) -> Any:
    message_id = reply.message_id
    assert reply.buttons["continue"].isVisibleTo(window)
    with finished(qtbot, window):
        reply.buttons["continue"].click()
    return window.widgets[message_id]


def test_worker_killed_mid_reply_is_interrupted_with_the_reason_then_continued(
    qtbot: Any, window: tuple[MainWindow, LocalEngine], scripted_model: Path
) -> None:
    win, engine = window
    engine.default_hold = HoldPoint("decode", 3)
    partial = partial_of(scripted_model, 3)
    type_and_wait_for_text(qtbot, win, "tell me something", partial)
    pid = engine.worker_pid
    assert pid is not None
    with finished(qtbot, win):
        os.kill(pid, signal.SIGKILL)

    [reply] = replies(win)
    assert reply.text == partial
    assert reply.status == "interrupted"
    label = reply.status_label.text()
    assert label.startswith(f"Interrupted. {CRASH}") and "Continue" in label
    assert reply.status_label.isVisibleTo(win)  # in words on screen, not only a tooltip
    assert reply.buttons["continue"].isVisibleTo(win)
    record = stored(win, reply.message_id)
    assert (record.status, record.content) == ("interrupted", partial)
    assert record.meta["stop_reason"] == "interrupted"
    assert record.meta["error"] == CRASH and record.error_message == CRASH
    save_shot(win, "interrupted-reply")

    engine.default_hold = None
    done = press_continue(qtbot, win, reply)
    assert done.text == tm.SENTENCE  # the same message, with the rest of the sentence
    assert done.status == "complete" and not done.buttons["continue"].isVisibleTo(win)
    assert not done.status_label.isVisibleTo(win)
    assert [w.role for w in win.widgets.values()] == ["user", "assistant"]  # no new turn
    record = stored(win, done.message_id)
    assert (record.status, record.content) == ("complete", tm.SENTENCE)
    assert record.meta["stop_reason"] == "end_of_text" and record.meta["continued"] == 1
    assert engine.worker_pid not in (None, pid)


def test_continue_after_stop(
    qtbot: Any, window: tuple[MainWindow, LocalEngine], scripted_model: Path
) -> None:
    win, engine = window
    engine.default_hold = HoldPoint("decode", 4, until_cancel=True)
    partial = partial_of(scripted_model, 4)
    type_and_wait_for_text(qtbot, win, "stop me", partial)
    with finished(qtbot, win):
        qtbot.keyClick(win.input, Qt.Key.Key_Escape)
    [reply] = replies(win)
    assert reply.text == partial and reply.status == "cancelled"
    assert reply.status_label.text() == "Stopped. Continue goes on from where it stopped."
    assert stored(win, reply.message_id).meta["stop_reason"] == "cancelled"

    engine.default_hold = None
    done = press_continue(qtbot, win, reply)
    assert done.text == tm.SENTENCE and done.status == "complete"
    assert len(replies(win)) == 1


def test_continue_after_the_length_limit(
    qtbot: Any, window: tuple[MainWindow, LocalEngine], scripted_model: Path
) -> None:
    win, _engine = window
    win.generation = GenerationParams(temperature=0.0, max_new_tokens=5)
    send(qtbot, win, "write a letter")
    [reply] = replies(win)
    assert reply.text == partial_of(scripted_model, 5)
    assert reply.status == "complete"
    assert reply.status_label.text() == (
        "Cut short at the length limit (5 tokens). Continue writes more."
    )
    save_shot(win, "length-limit-reply")

    done = press_continue(qtbot, win, reply)
    assert done.text == partial_of(scripted_model, 10)  # five more tokens, same message
    assert "(10 tokens)" in done.status_label.text()  # both parts counted
    win.generation = GenerationParams(temperature=0.0, max_new_tokens=64)
    done = press_continue(qtbot, win, done)
    assert done.text == tm.SENTENCE and not done.buttons["continue"].isVisibleTo(win)
    record = stored(win, done.message_id)
    assert record.meta["continued"] == 2 and record.meta["stop_reason"] == "end_of_text"
    assert len(replies(win)) == 1
