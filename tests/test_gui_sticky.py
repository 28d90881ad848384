"""Sticky conversation privacy in the window (offscreen Qt, tiny scripted models): raised
on what a conversation holds, lowered only through the dialog, and the warning about the
draft before Send."""

from __future__ import annotations

import asyncio
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("qasync")

from PySide6.QtWidgets import QApplication

import tiny_models as tm
from agentic_desk.ui.app import apply_theme, build_window
from agentic_desk.ui.main_window import MainWindow
from gui_helpers import finished, send
from shots import save_shot

SSN = "078-05-1120"
EMAIL = "alice@example.org"
CARD = "4111 1111 1111 1111"
TIMEOUT = 30_000


@pytest.fixture(scope="session")
def email_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model whose every reply holds an e-mail address."""
    return tm.build_scripted_model(
        tmp_path_factory.mktemp("models") / "email", sentence=f"Write to {EMAIL} please"
    )


@pytest.fixture
def make_window(qtbot: Any, loop: asyncio.AbstractEventLoop, scripted_model: Path) -> Iterator[Any]:
    made: list[tuple[MainWindow, Any]] = []

    def make(model: Path = scripted_model) -> MainWindow:
        window, engine, _theme = build_window(loop, model=str(model))
        qtbot.addWidget(window)
        window.resize(1280, 800)
        made.append((window, engine))
        with qtbot.waitSignal(window.view_ready, timeout=TIMEOUT):
            window.show()
        return window

    yield make
    for window, engine in made:
        window.close()
        engine.close()


def shown_level(window: MainWindow) -> str:
    return str(window.privacy.currentData())


def stored_level(window: MainWindow) -> str:
    assert window.current_id is not None
    return window.store.get_conversation(window.current_id).privacy


def ask_to_lower(qtbot: Any, window: MainWindow, level: str = "normal") -> Any:
    with qtbot.waitSignal(window.chat.lowering_asked, timeout=TIMEOUT) as asked:
        window.privacy.setCurrentIndex(window.privacy.findData(level))
    dialog = asked.args[0]
    assert dialog.isVisible()
    return dialog


def test_a_finding_in_your_message_raises_before_routing_and_stays(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    assert shown_level(window) == "normal" and not window.local_badge.isVisibleTo(window)
    result = send(qtbot, window, f"my SSN is {SSN}")
    assert stored_level(window) == "high"
    assert shown_level(window) == "high" and window.local_badge.isVisibleTo(window)
    assert result.plan.decision.privacy == "high"  # raised before it was routed
    assert "national ID" in window.banner.text()  # the detector's notice ...
    assert "now stays on this computer (turn 1: a national ID number)" in window.banner.text()
    [change] = window.store.privacy_changes(window.current_id)
    assert change.kind == "raised" and change.listed == ("turn 1: a national ID number",)
    # the title is made without the number, in the header and in the list
    assert window.title.text() == "My SSN is [national ID number]"
    assert SSN not in window.windowTitle()

    def titles() -> list[str]:
        model = window.list_model
        return [str(model.index(r).data()) for r in range(model.rowCount())]

    # the list reloads on a worker thread after the reply: wait for it to show the title
    qtbot.waitUntil(lambda: "My SSN is [national ID number]" in titles(), timeout=30_000)
    assert not any(SSN in t for t in titles())
    conversation = window.current_id
    window.close()
    again = make_window()  # the store opened afresh
    assert again.current_id == conversation
    assert shown_level(again) == "high" and again.local_badge.isVisibleTo(again)


def test_an_earlier_finding_raises_before_the_next_message_is_routed(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    store = window.store
    old = store.create_conversation()  # e.g. written before sticky privacy existed
    store.add_user_message(old.id, f"my SSN is {SSN}")
    reply = store.begin_reply(old.id)
    store.finish_reply(reply.id, "Noted.")
    with qtbot.waitSignal(window.view_ready, timeout=TIMEOUT):
        window.open_conversation(old.id)
    assert shown_level(window) == "normal"
    result = send(qtbot, window, "hello again")  # nothing sensitive in this one
    assert [f.where for f in result.plan.findings] == ["turn 1"]  # the whole payload
    assert result.plan.decision.privacy == "high"  # the conversation's level, raised first
    assert stored_level(window) == "high" and shown_level(window) == "high"


def test_a_message_marked_local_only_raises(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    window.chat.message_private.setCurrentIndex(1)  # "This message: local only"
    send(qtbot, window, "plain words, but private")
    assert stored_level(window) == "high" and shown_level(window) == "high"
    assert "turn 1: marked local only" in window.banner.text()


def test_a_finding_in_a_reply_raises(qtbot: Any, make_window: Any, email_model: Path) -> None:
    window = make_window(email_model)
    result = send(qtbot, window, "who should I write to?")
    assert EMAIL in result.text
    assert stored_level(window) == "high" and shown_level(window) == "high"
    assert "the reply in turn 1: an e-mail address" in window.banner.text()
    assert EMAIL not in window.banner.text()


def test_lowering_asks_first_records_the_choice_and_cancel_keeps_it(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    apply_theme(QApplication.instance(), "light")  # before the dialog is made and sized
    send(qtbot, window, f"my SSN is {SSN}")
    conversation = window.current_id
    dialog = ask_to_lower(qtbot, window)
    assert shown_level(window) == "high"  # not lowered while it asks
    text = dialog.plain_text()
    assert "turn 1: a national ID number" in text
    assert "can leave this computer" in text
    assert SSN not in text and "1120" not in text
    save_shot(dialog, "lower-privacy-dialog-light", "light")
    dialog.keep_button.click()  # cancel
    assert shown_level(window) == "high" and stored_level(window) == "high"
    assert [c.kind for c in window.store.privacy_changes(conversation)] == ["raised"]

    dialog = ask_to_lower(qtbot, window)
    with qtbot.waitSignal(window.chat.privacy_saved, timeout=TIMEOUT):
        dialog.lower_button.click()
    assert shown_level(window) == "normal" and stored_level(window) == "normal"
    assert not window.local_badge.isVisibleTo(window)
    raised, lowered = window.store.privacy_changes(conversation)
    assert (lowered.kind, lowered.from_level, lowered.to_level) == ("lowered", "high", "normal")
    assert lowered.listed == ("turn 1: a national ID number",)
    assert lowered.changed_at >= raised.changed_at
    send(qtbot, window, "thanks")  # what was acknowledged does not raise it again
    assert stored_level(window) == "normal"


def test_lowering_without_findings_does_not_ask(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    send(qtbot, window, "nothing private")
    window.privacy.setCurrentIndex(window.privacy.findData("high"))
    window.chat.jobs.wait_idle()
    asked: list[Any] = []
    window.chat.lowering_asked.connect(asked.append)
    window.privacy.setCurrentIndex(window.privacy.findData("normal"))
    window.chat.jobs.wait_idle()
    assert asked == [] and shown_level(window) == "normal" and stored_level(window) == "normal"


def test_editing_the_message_away_keeps_the_level(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    send(qtbot, window, f"card {CARD}")
    user = next(w for w in window.widgets.values() if w.role == "user")
    user.buttons["edit"].click()
    assert stored_level(window) == "high" and shown_level(window) == "high"
    send(qtbot, window, "no card after all")  # a new version: the card is no longer shown
    assert window.store.messages(window.current_id)[0].content == "no card after all"
    assert stored_level(window) == "high"
    dialog = ask_to_lower(qtbot, window)  # what raised it is still listed
    assert "Found earlier" in dialog.plain_text()
    assert "turn 1: a payment card number" in dialog.plain_text()
    dialog.keep_button.click()


def test_an_import_with_findings_is_raised(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    window = make_window()
    document = {
        "format": "agentic-desk-conversation",
        "version": 1,
        "conversation": {"title": "Imported", "privacy": "low"},
        "messages": [
            {"role": "user", "content": "who?"},
            {"role": "assistant", "content": f"Write to {EMAIL}"},
        ],
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document), "utf-8")
    before = window.current_id
    with qtbot.waitSignal(
        window.view_ready, timeout=TIMEOUT, check_params_cb=lambda conv: conv != before
    ):
        window.import_conversation(str(path))
    assert stored_level(window) == "high" and shown_level(window) == "high"


def test_the_draft_warning_shows_before_send_and_goes_away(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    pane = window.chat
    with qtbot.waitSignal(pane.draft_checked, timeout=TIMEOUT) as checked:
        window.input.setPlainText(f"my card is {CARD}")  # the debounce timer runs it
    assert checked.args[1] is True
    assert pane.draft_warning.isVisibleTo(window)
    assert pane.draft_warning.text() == (
        "This message holds a card number: it will stay on this computer."
    )
    assert "1111" not in pane.draft_warning.text()
    assert window.store.messages(window.current_id) == []  # nothing sent
    apply_theme(QApplication.instance(), "light")
    save_shot(pane, "draft-warning-light", "light")
    with qtbot.waitSignal(pane.draft_checked, timeout=TIMEOUT):
        window.input.setPlainText("my card is safe at home")
    assert not pane.draft_warning.isVisibleTo(window)


def test_the_warning_is_cleared_on_send(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    pane = window.chat
    with qtbot.waitSignal(pane.draft_checked, timeout=TIMEOUT):
        window.input.setPlainText(f"SSN {SSN}")
    assert pane.draft_warning.isVisibleTo(window)
    with finished(qtbot, window):
        pane.send_button.click()
        assert not pane.draft_warning.isVisibleTo(window)  # at once, not on a later check
    assert not pane.draft_warning.isVisibleTo(window)


def test_a_stale_draft_result_is_dropped(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    pane = window.chat
    hold = threading.Event()

    threads: list[threading.Thread] = []

    def hook(text: str) -> None:
        threads.append(threading.current_thread())
        if CARD in text:
            hold.wait(TIMEOUT / 1000)

    pane.draft_check_hook = hook
    try:
        window.input.setPlainText(f"my card is {CARD}")
        pane.check_draft()  # held on the worker thread
        window.input.setPlainText("nothing here")
        with qtbot.waitSignal(
            pane.draft_checked,
            timeout=TIMEOUT,
            check_params_cb=lambda text, _applied: text == "nothing here",
        ) as fresh:
            pane.check_draft()
        assert fresh.args[1] is True and not pane.draft_warning.isVisibleTo(window)
        with qtbot.waitSignal(
            pane.draft_checked, timeout=TIMEOUT, check_params_cb=lambda text, _a: CARD in text
        ) as stale:
            hold.set()
        assert stale.args[1] is False  # the draft changed meanwhile: dropped
        assert not pane.draft_warning.isVisibleTo(window)
        assert threads and threading.main_thread() not in threads  # off the GUI thread
    finally:
        hold.set()
        pane.draft_check_hook = None
