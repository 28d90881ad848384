"""Pseudonymised sending in the window (issue 18): the conversation's switch, the preview
before the first send (exactly the text the loopback cloud then receives, placeholders
highlighted; Don't send sends nothing), and the reply with real values restored and an
invented placeholder marked. Offscreen Qt, the tiny scripted local model, a real
loopback OpenAI-compatible server."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("qasync")

from PySide6.QtCore import Qt

from agentic_desk.core.privacy.pseudonymise import MARK_CLOSE, MARK_OPEN
from agentic_desk.core.routing.config import ProviderEntry, RouterConfig
from agentic_desk.ui.app import build_window
from agentic_desk.ui.main_window import MainWindow
from agentic_desk.ui.pseudonymise_ui import HIGHLIGHT, PseudonymPreviewDialog
from gui_helpers import finished, replies
from provider_servers import OpenAIServer, Reply

KEY = "sk-test-openai-4242424242"
EMAIL = "jane.doe@example.org"
NHS = "943 476 5919"
TIMEOUT = 30_000


@pytest.fixture
def cloud() -> Iterator[OpenAIServer]:
    with OpenAIServer(api_key=KEY, models=("gpt-4o-mini",)) as srv:
        yield srv


@pytest.fixture
def window(
    qtbot: Any, loop: asyncio.AbstractEventLoop, scripted_model: Path, cloud: OpenAIServer
) -> Iterator[MainWindow]:
    win, engine, _theme = build_window(loop, model=str(scripted_model))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    with qtbot.waitSignal(win.view_ready, timeout=TIMEOUT):
        win.show()
    service = win.chat.controller.service
    service.config = RouterConfig(
        default_provider="oa",
        fallback_chain=("local",),
        providers={"oa": ProviderEntry("oa", "openai", cloud.base_url, "gpt-4o-mini")},
    )
    service.cloud_enabled = True
    service.keys = lambda name, _env: KEY if name == "oa" else None
    yield win
    win.close()
    engine.close()


def highlighted_runs(dialog: PseudonymPreviewDialog) -> list[str]:
    """The runs of text the dialog shows with the placeholder highlight."""
    runs: list[str] = []
    block = dialog.view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().background().color() == HIGHLIGHT:
                runs.append(fragment.text())
            it += 1
        block = block.next()
    return runs


def test_switch_preview_and_restored_reply(
    qtbot: Any, window: MainWindow, cloud: OpenAIServer
) -> None:
    controls = window.chat.pseudonymise
    assert not controls.switch.isChecked()  # off by default
    with qtbot.waitSignal(controls.changed, timeout=TIMEOUT):
        controls.switch.click()
    text = f"Write to {EMAIL} about NHS number {NHS}."

    # the draft warning says what happens with the switch on (not "it will stay here")
    with qtbot.waitSignal(window.chat.draft_checked, timeout=TIMEOUT):
        window.input.setPlainText(text)
    warning = window.chat.draft_warning.text()
    assert "placeholders go in its place" in warning and "will stay on this" not in warning
    # Send: the preview first; "Don't send" sends nothing and keeps the text
    window.input.setPlainText(text)
    with qtbot.waitSignal(controls.preview_asked, timeout=TIMEOUT) as asked:
        qtbot.keyClick(window.input, Qt.Key.Key_Return)
    dialog = asked.args[0]
    assert dialog.isVisible()
    shown = dialog.view.toPlainText()
    assert EMAIL not in shown and NHS not in shown
    assert "Write to [EMAIL_1] about NHS number [NHS_NUMBER_1]." in shown
    assert highlighted_runs(dialog) == ["[EMAIL_1]", "[NHS_NUMBER_1]"]
    dialog.cancel_button.click()
    assert cloud.requests == [] and window.input.toPlainText() == text

    # Preview… shows it on demand and sends nothing
    with qtbot.waitSignal(controls.preview_asked, timeout=TIMEOUT) as asked:
        controls.preview_button.click()
    shown_on_demand = asked.args[0]
    assert shown_on_demand.view.toPlainText() == shown
    assert not shown_on_demand.cancel_button.isVisibleTo(shown_on_demand)
    shown_on_demand.send_button.click()  # "Close"
    assert cloud.requests == []

    # again, and Send on the dialog sends exactly what it showed
    with qtbot.waitSignal(controls.preview_asked, timeout=TIMEOUT) as asked:
        qtbot.keyClick(window.input, Qt.Key.Key_Return)
    dialog = asked.args[0]
    previewed = dialog.messages()
    cloud.queue(Reply(pieces=["Dear **[email", "_1]**, about [NHS_NUMBER_1] and ", "[PERSON_4]."]))
    with finished(qtbot, window):
        dialog.send_button.click()
    [request] = cloud.requests
    assert [("this message", m["content"]) for m in request.body["messages"]] == previewed
    assert EMAIL.encode() not in request.raw
    # the reply shows the real values; the invented placeholder is marked, and said
    [reply] = replies(window)
    stored = window.store.get_message(reply.message_id).content
    assert stored == f"Dear **{EMAIL}**, about {NHS} and {MARK_OPEN}PERSON_4{MARK_CLOSE}."
    assert reply.text == stored
    assert f"{MARK_OPEN}PERSON_4{MARK_CLOSE}" in window.chat.banner.text()
    meta = window.store.get_message(reply.message_id).meta
    assert "personal details replaced" in str(meta["where"])

    # the preview was confirmed once: the next message goes without asking
    asked_again: list[Any] = []
    controls.preview_asked.connect(asked_again.append)
    cloud.queue(Reply(pieces=["Noted, [EMAIL_1]."]))
    window.input.setPlainText("And copy bob@example.net.")
    with finished(qtbot, window):
        qtbot.keyClick(window.input, Qt.Key.Key_Return)
    assert asked_again == []
    assert cloud.requests[-1].body["messages"][-1]["content"] == "And copy [EMAIL_2]."
    assert replies(window)[-1].text == f"Noted, {EMAIL}."
