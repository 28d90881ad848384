"""The first run with no model (issue 16): Send is off with a line that says what to do
and a button to the Models page; a model imported there makes Send work at once; a reply
that fails before writing anything is "No reply" with the reason and Try again, never an
empty bubble; and the errors the app can show are worded without exception class names."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt

from agentic_desk.core.models import hub
from agentic_desk.core.providers.config import ProviderConfig
from agentic_desk.core.providers.errors import Explainer
from agentic_desk.core.routing.config import RouterConfig
from agentic_desk.core.routing.router import RouteContext, RouteRequest, RoutingError, route
from agentic_desk.ui.app import build_window
from agentic_desk.ui.main_window import MainWindow
from gui_helpers import finished, replies

CHAT, MODELS = 0, 1


@pytest.fixture
def first_run(qtbot: Any, loop: asyncio.AbstractEventLoop) -> Iterator[Any]:
    """The real window from an empty data folder, without asking the Hub."""
    made: list[tuple[MainWindow, Any]] = []

    def make() -> MainWindow:
        window, engine, _theme = build_window(loop, ask_hub=False)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        made.append((window, engine))
        with qtbot.waitSignal(window.models_panel.installed_ready, timeout=60_000):
            window.show()
        return window

    yield make
    for window, engine in made:
        window.close()
        engine.close()


def import_model(qtbot: Any, window: MainWindow, folder: Path) -> None:
    with qtbot.waitSignal(window.models_panel.model_ready, timeout=60_000):
        window.models_panel.import_folder(str(folder))


def test_without_a_model_send_is_off_and_says_what_to_do(
    qtbot: Any, first_run: Any, scripted_model: Path
) -> None:
    window = first_run()
    chat = window.chat
    window.show_chat()
    assert chat.no_model.isVisible()
    assert "Models page" in chat.no_model_text.text()
    assert not chat.send_button.isEnabled()
    chat.input.setPlainText("hello?")
    qtbot.keyClick(chat.input, Qt.Key.Key_Return)  # Enter does not send either
    assert not chat.widgets  # no bubble, no empty "Assistant"
    assert chat.input.toPlainText() == "hello?"  # the question is kept
    qtbot.mouseClick(chat.go_to_models, Qt.MouseButton.LeftButton)
    assert window.pages.currentIndex() == MODELS
    import_model(qtbot, window, scripted_model)  # becomes the default: no restart
    assert window.pages.currentIndex() == CHAT
    assert not chat.no_model.isVisible() and chat.send_button.isEnabled()
    # what was typed before any conversation was shown is still there (seen lost once)
    assert chat.input.toPlainText() == "hello?"
    with finished(qtbot, window):
        qtbot.keyClick(chat.input, Qt.Key.Key_Return)
    (reply,) = replies(window)
    assert reply.text.strip() and not reply.failed_empty


def test_a_reply_that_fails_before_writing_is_no_empty_bubble(
    qtbot: Any, first_run: Any, scripted_model: Path
) -> None:
    window = first_run()
    chat = window.chat
    window.show_chat()
    chat.set_model_available(True)  # as if cloud were on: the turn itself must fail
    chat.input.setPlainText("hello?")
    failures: list[object] = []
    window.controller.failed.connect(failures.append)
    # the view read again after the turn failed (not one shown while it ran)
    with qtbot.waitSignal(window.view_ready, timeout=30_000, check_params_cb=lambda _c: failures):
        qtbot.keyClick(chat.input, Qt.Key.Key_Return)
    (reply,) = replies(window)
    assert reply.failed_empty  # stored as failed, not left "streaming" (core.turn)
    assert reply.who.text() == "No reply"
    assert all(not w.isVisible() for _k, _l, w in reply._segments)  # no empty bubble text
    visible = [b.text() for b in reply.buttons.values() if b.isVisible()]
    assert visible == ["Try again"]
    assert "No model is ready to answer yet." in chat.banner.text()
    assert "Models page" in chat.banner.text()
    assert "No provider can take" not in chat.banner.text()
    assert [w.role for w in chat.widgets.values()] == ["user", "assistant"]  # the question stays
    import_model(qtbot, window, scripted_model)
    with finished(qtbot, window):
        qtbot.mouseClick(reply.buttons["regenerate"], Qt.MouseButton.LeftButton)
    shown = list(chat.widgets.values())
    assert [w.role for w in shown] == ["user", "assistant"]
    assert shown[1].text.strip() and not shown[1].failed_empty
    assert shown[1].who.text() == "Assistant"


# ---- the wording of the errors a user can see ------------------------------------------

CLASS_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+(?:Error|Exception|Timeout|Refused)\b"
    r"|\b(?:Connect|Read|Write|Proxy|OS|Value|Type|Key|Runtime|HTTP|Http)Error\b"
    r"|\)\.\)|\.\)\."
)


def shown_errors() -> list[str]:
    """Errors the window can show: routing, hub and provider failures, as message+hint."""
    out: list[str] = []
    try:
        route(RouterConfig(), RouteRequest(), RouteContext(local_available=False))
    except RoutingError as error:
        out.append(f"{error.message} {error.hint}")
    request = httpx.Request("GET", "https://huggingface.co/api/models/x")
    for exc in (
        httpx.ConnectError("[Errno 111] Connection refused", request=request),
        httpx.ConnectError("[Errno -2] Name or service not known", request=request),
        httpx.ReadTimeout("timed out", request=request),
        OSError("network is unreachable"),
    ):
        error = hub._translate(exc, "org/model")
        out.append(f"{error.message} {error.hint}")
        offline = f"could not reach Hugging Face ({error.message.rstrip('.')}), so"
        out.append(offline)
    explainer = Explainer(
        ProviderConfig("openrouter", "openai", "https://x.invalid/v1", "m"),
        has_key=True,
        api_label="an OpenAI-compatible API",
        base_url_hint="",
    )
    for exc in (
        httpx.ConnectError("[Errno 111] Connection refused", request=request),
        httpx.ConnectTimeout("timed out", request=request),
        httpx.ReadError("reset", request=request),
        httpx.RemoteProtocolError("peer closed", request=request),
    ):
        error = explainer.transport(exc, reply_started=False)
        out.append(f"{error.message} {error.hint}")
    return out


def test_errors_a_user_sees_name_no_exception_class() -> None:
    texts = shown_errors()
    assert len(texts) >= 10
    for text in texts:
        assert not CLASS_NAME.search(text), text


def test_the_class_name_check_can_fail() -> None:
    assert CLASS_NAME.search("The model hub at x cannot be reached (ConnectError).")
    assert CLASS_NAME.search("Hugging Face (cannot be reached (ConnectError).).")


def test_an_interrupted_reply_with_no_text_is_no_empty_bubble_either(qtbot: Any) -> None:
    from agentic_desk.ui.messages import MessageWidget

    meta = {"error": "The model process stopped unexpectedly."}
    widget = MessageWidget("r1", "assistant", "", status="interrupted", meta=meta)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.failed_empty and widget.who.text() == "No reply"
    assert [b.text() for b in widget.buttons.values() if b.isVisible()] == ["Try again"]
    assert "stopped unexpectedly" in widget.status_label.text()
    widget.set_text("Partial words")  # with text it is an ordinary interrupted reply
    widget.set_status("interrupted", meta)
    assert not widget.failed_empty and widget.who.text() == "Assistant"
    assert widget.buttons["continue"].isVisible() and widget.buttons["copy"].isVisible()


def test_text_typed_while_a_conversation_is_read_is_kept(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read of a conversation being opened is held on its worker thread while the
    user types; when it lands, the typed text stays (it used to be replaced by the stored
    draft: seen once as a lost first question)."""
    import threading

    window = make_window()
    chat = window.chat
    held, release = threading.Event(), threading.Event()
    original = chat._read_view

    def slow_read(conv_id: str, with_draft: bool) -> Any:
        held.set()
        assert release.wait(30)
        return original(conv_id, with_draft)

    monkeypatch.setattr(chat, "_read_view", slow_read)
    window.new_chat()
    assert held.wait(30)
    chat.input.setPlainText("typed while it opened")
    with qtbot.waitSignal(window.view_ready, timeout=30_000):
        release.set()
    assert chat.input.toPlainText() == "typed while it opened"
