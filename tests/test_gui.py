"""The desktop window under pytest-qt, with the tiny scripted model (offscreen Qt)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
qasync = pytest.importorskip("qasync")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import tiny_models as tm  # noqa: E402
from agentic_desk.ui.app import apply_theme  # noqa: E402
from gui_helpers import finished, reload_list, replies, send  # noqa: E402
from shots import LIGHT_MIN, SHOTS, luminance, save_shot  # noqa: E402

CODE_REPLY = (
    "Here is a function that reads a file safely:\n\n```python\nfrom pathlib import Path\n\n\n"
    "def read(path: str) -> str:\n    # never crash on a missing file\n    p = Path(path)\n"
    '    return p.read_text() if p.exists() else ""\n```\n\nIt returns an empty string when '
    "the file is missing."
)


def test_send_streams_a_reply_with_its_badge(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    result = send(qtbot, window, "hello there")
    assert result.text == tm.SENTENCE
    [reply] = replies(window)
    assert reply.text == tm.SENTENCE and reply.status == "complete"
    assert reply.badge.text().startswith("Local · ")
    assert "tokens" in reply.badge.text() and "Speed:" in reply.badge.toolTip()
    assert window.title.text() == "Hello there"
    conv = window.store.get_conversation(window.current_id)
    assert conv.model and conv.model.endswith("scripted")
    assert conv.params == {}  # the app's settings: nothing chosen for this conversation
    stored = window.store.messages(window.current_id)[-1]
    assert stored.meta["params"]["max_new_tokens"] == 512  # the settings' default
    assert window.list_model.rowCount() == 2  # "Today" + the conversation


def test_privacy_control_and_sensitive_data_notice(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    window.privacy.setCurrentIndex(window.privacy.findData("local_only"))
    assert window.local_badge.isVisibleTo(window)
    send(qtbot, window, "my card is 4111 1111 1111 1111")
    assert window.banner.isVisibleTo(window)
    assert "payment card number" in window.banner.text()


def test_conversations_and_drafts_survive_a_restart(qtbot: Any, make_window: Any) -> None:
    first = make_window()
    send(qtbot, first, "remember this")
    first.input.setPlainText("half-written thought")
    conversation = first.current_id
    first.close()
    second = make_window()
    assert second.current_id == conversation
    assert [w.text for w in second.widgets.values()] == ["remember this", tm.SENTENCE]
    assert second.input.toPlainText() == "half-written thought"


def test_regenerate_and_edit_make_versions(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    send(qtbot, window, "first question")
    [reply] = replies(window)
    first_reply = reply.message_id
    assert not reply.version_label.isVisibleTo(reply)  # one version: no ◀ ▶
    with finished(qtbot, window):
        reply.buttons["regenerate"].click()
    window.chat.jobs.wait_idle()
    assert [w.text for w in window.widgets.values()] == ["first question", tm.SENTENCE]
    [reply] = replies(window)
    assert reply.message_id != first_reply
    assert reply.version_label.text() == "2/2" and reply.version_label.isVisibleTo(reply)
    with qtbot.waitSignal(window.chat.view_ready, timeout=10_000):
        reply.previous_button.click()  # back to the first version: nothing was deleted
    [reply] = replies(window)
    assert reply.message_id == first_reply and reply.version_label.text() == "1/2"
    with qtbot.waitSignal(window.chat.view_ready, timeout=10_000):
        qtbot.keyClick(reply, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    [reply] = replies(window)
    assert reply.message_id != first_reply and reply.version_label.text() == "2/2"

    user = next(w for w in window.widgets.values() if w.role == "user")
    question = user.message_id
    user.buttons["edit"].click()
    assert window.input.toPlainText() == "first question"
    assert len(window.widgets) == 2  # nothing leaves the view until Send
    send(qtbot, window, "edited question")
    window.chat.jobs.wait_idle()
    assert [w.text for w in window.widgets.values()] == ["edited question", tm.SENTENCE]
    user = next(w for w in window.widgets.values() if w.role == "user")
    assert user.version_label.text() == "2/2"
    with qtbot.waitSignal(window.chat.view_ready, timeout=10_000):
        user.previous_button.click()
    texts = [w.text for w in window.widgets.values()]
    assert texts == ["first question", tm.SENTENCE]  # the old question with its own reply
    assert next(iter(window.widgets)) == question
    assert len(window.store.all_messages(window.current_id)) == 5  # 2 questions, 3 replies


def test_edit_is_cancelled_with_escape_and_gives_the_draft_back(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    send(qtbot, window, "a question")
    window.input.setPlainText("a draft in progress")
    user = next(w for w in window.widgets.values() if w.role == "user")
    user.buttons["edit"].click()
    assert window.input.toPlainText() == "a question"
    qtbot.keyClick(window.input, Qt.Key.Key_Escape)
    assert window.input.toPlainText() == "a draft in progress"
    assert window.chat.editing_id == ""


def test_search_finds_across_conversations(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    send(qtbot, window, "notes about the lighthouse keeper")
    window.new_chat()
    send(qtbot, window, "something else entirely")
    # A reload from the second send (its title) may land after the search's first one.
    reload_list(
        qtbot,
        window,
        lambda: window.search.setText("lighthouse"),
        "lighthouse",
        until=lambda: window.list_model.rowCount() == 2,
    )
    assert window.list_model.rowCount() == 2
    reload_list(
        qtbot,
        window,
        lambda: window.search.setText(""),
        until=lambda: window.list_model.rowCount() == 3,
    )
    assert window.list_model.rowCount() == 3


def test_a_full_list_read_that_ends_after_a_search_does_not_replace_its_results(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list read a finished reply starts is held on its worker thread until the search
    has shown its results; released, it must not put the full list back."""
    window = make_window()
    send(qtbot, window, "notes about the lighthouse keeper")
    window.new_chat()
    send(qtbot, window, "something else entirely")
    held, release = threading.Event(), threading.Event()
    original = window.store.list_conversations

    def slow_list(**kwargs: Any) -> Any:
        held.set()
        assert release.wait(30)
        return original(**kwargs)

    monkeypatch.setattr(window.store, "list_conversations", slow_list)
    window.sidebar.refresh_list()  # as after a reply; its read now waits
    assert held.wait(30)
    reload_list(qtbot, window, lambda: window.search.setText("lighthouse"), "lighthouse")
    assert window.list_model.rowCount() == 2  # the "Results" heading and one conversation
    monkeypatch.setattr(window.store, "list_conversations", original)
    release.set()
    assert window.sidebar.jobs.wait_idle()  # the held read is delivered (or dropped)
    assert window.list_model.rowCount() == 2, "the full list replaced the search's results"


def test_screenshots(qtbot: Any, make_window: Any, qapp: QApplication) -> None:
    """Writes build/screenshots/*.png (light and dark) for a person to look at; each is
    checked to be written afresh, not blank, and in its theme's colours."""
    window = make_window()
    send(qtbot, window, "Notes about the lighthouse keeper and his logbook")
    for theme in ("light", "dark"):
        apply_theme(qapp, theme)
        with qtbot.waitSignal(window.view_ready, timeout=30_000):
            window.new_chat()
        qapp.processEvents()
        save_shot(window, f"empty-{theme}", theme)
        window._add_message("u1", "user", "How do I read a file safely in Python?")
        streaming = window._add_message("a1", "assistant", CODE_REPLY, "streaming")
        streaming.set_status("streaming", {})
        qapp.processEvents()
        save_shot(window, f"streaming-code-{theme}", theme)
        reload_list(qtbot, window, lambda: window.search.setText("lighthouse"), "lighthouse")
        qapp.processEvents()
        save_shot(window, f"search-{theme}", theme)
        reload_list(qtbot, window, lambda: window.search.setText(""))
        window._show_error(
            "The model process stopped unexpectedly (exit code -9).",
            "Whatever text it had written is kept. Send again to retry.",
        )
        qapp.processEvents()
        save_shot(window, f"error-{theme}", theme)


def test_rename_pin_delete_undo_and_export(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    window = make_window()
    send(qtbot, window, "keep this conversation")
    conv = window.current_id
    window.rename_conversation(conv, "Case notes")
    assert window.title.text() == "Case notes"
    reload_list(
        qtbot,
        window,
        lambda: window.edit_system_prompt(conv, "Answer in French."),
        until=lambda: window.store.get_conversation(conv).system_prompt == "Answer in French.",
    )
    reload_list(
        qtbot,
        window,
        lambda: window.pin_conversation(conv, True),
        until=lambda: window.list_model.index(0).data() == "PINNED",
    )
    assert window.list_model.index(0).data() == "PINNED"
    reload_list(
        qtbot,
        window,
        lambda: window.delete_conversation(conv),
        until=lambda: window.list_model.row_of(conv) == -1,
    )
    assert window.list_model.row_of(conv) == -1
    assert window.undo_bar.isVisible() and "Ctrl+Z" in window.undo_bar.label.text()
    reload_list(
        qtbot, window, window.undo_delete, until=lambda: window.list_model.row_of(conv) >= 0
    )
    assert window.current_id == conv and window.list_model.row_of(conv) >= 0
    with qtbot.waitSignal(window.exported, timeout=30_000):
        window.export_conversation(conv, "md", str(tmp_path / "notes.md"))
    with qtbot.waitSignal(window.exported, timeout=30_000):
        window.export_conversation(conv, "json", str(tmp_path / "notes.json"))
    assert "keep this conversation" in (tmp_path / "notes.md").read_text()
    exported = json.loads((tmp_path / "notes.json").read_text())
    assert exported["format"] == "agentic-desk-conversation"
    with qtbot.waitSignal(
        window.view_ready, timeout=30_000, check_params_cb=lambda cid: cid != conv
    ):
        window.import_conversation(str(tmp_path / "notes.json"))
    assert window.current_id != conv  # a copy, with new ids
    assert [w.text for w in window.widgets.values()] == ["keep this conversation", tm.SENTENCE]
    assert window.title.text() == "Case notes"


APP_SCRIPT = """
import asyncio, os, sys
import qasync
from PySide6.QtWidgets import QApplication
app = QApplication([])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
from agentic_desk.ui.app import build_window
window, engine, _theme = build_window(loop, model=sys.argv[1])
window.show()
window.controller.checkpointed.connect(
    lambda mid, n: print(f"checkpointed {mid} {n}", flush=True))
window.input.setPlainText("tell me something")
window.send_current()
with loop:
    loop.run_forever()
"""


def test_killed_mid_reply_the_partial_reply_comes_back_interrupted(
    qtbot: Any, make_window: Any, scripted_model: Path
) -> None:
    """The real app in its own process: the worker is held after 4 tokens (test hook), the
    app saves the partial reply, then the whole process group is killed. On restart the
    partial reply is there, marked interrupted, with Continue offered."""
    import signal
    import subprocess
    import sys

    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "AGENTIC_DESK_TEST_HOOKS": "1",
        "AGENTIC_DESK_TEST_HOLD": "decode:4:cancel",
    }
    partial = tm.decode(scripted_model, tm.scripted_token_ids(scripted_model)[:4])
    with subprocess.Popen(
        [sys.executable, "-c", APP_SCRIPT, str(scripted_model)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("checkpointed") and int(line.split()[2]) >= len(partial):
                os.killpg(proc.pid, signal.SIGKILL)
                break
        proc.wait(30)
    window = make_window()
    [user, reply] = list(window.widgets.values())
    assert user.text == "tell me something"
    assert reply.text == partial
    assert reply.status == "interrupted"
    assert reply.buttons["continue"].isVisibleTo(window)
    assert reply.status_label.text().startswith(
        "Interrupted. The app closed before the reply was finished."
    )


def test_continue_an_interrupted_reply(qtbot: Any, make_window: Any, scripted_model: Path) -> None:
    """A reply the app was killed in the middle of (recovered as interrupted on the next
    start): Continue goes on with the same message, and the model writes the rest."""
    from agentic_desk.core.conversations import ConversationStore
    from agentic_desk.core.paths import AppPaths

    partial = tm.decode(scripted_model, tm.scripted_token_ids(scripted_model)[:4])
    store = ConversationStore(AppPaths.from_env().ensure().conversations_db)
    conv = store.create_conversation()
    store.add_user_message(conv.id, "tell me a story")
    reply = store.begin_reply(conv.id)
    store.checkpoint_reply(reply.id, partial)
    store.recover_interrupted()
    store.close()
    window = make_window()
    widget = window.widgets[reply.id]
    assert widget.status == "interrupted"
    with finished(qtbot, window):
        widget.buttons["continue"].click()
    done = window.widgets[reply.id]
    assert done.text == tm.SENTENCE
    assert done.status == "complete"


SCALED_SCRIPT = """
import asyncio, json, sys
import qasync
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
app = QApplication([])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
from agentic_desk.ui.app import apply_theme, build_window
window, engine, theme = build_window(loop, model=sys.argv[1])
apply_theme(app, "light")
window.resize(1280, 800)
ready = loop.create_future()
window.view_ready.connect(lambda _cid: ready.done() or ready.set_result(True))
window.show()
loop.run_until_complete(ready)
window._add_message("u", "user", "Check the layout at 200% scaling.")
window._add_message("a", "assistant", "Code:\\n\\n```python\\nprint('hello')\\n```\\n\\nDone.")
app.processEvents()
image = window.grab()
image.save(sys.argv[2])
bubbles = [w for w in window.findChildren(QWidget) if w.objectName() == "userMessage"]
area = next(a for a in window.findChildren(QScrollArea) if a.isAncestorOf(bubbles[0]))
view = area.viewport()
right = bubbles[0].mapTo(view, bubbles[0].rect().topRight()).x()
print(json.dumps({
    "size": [image.width(), image.height()], "ratio": image.devicePixelRatio(),
    "logical": [window.width(), window.height()],
    "font_px": app.fontMetrics().height(),
    "hscroll": area.horizontalScrollBar().isVisible(),
    "bubble_right": right, "viewport_width": view.width(),
}))
window.close()
engine.close()
loop.close()
"""


def _render_at(scale: str, model: Path, target: Path) -> dict[str, Any]:
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale}
    out = subprocess.run(
        [sys.executable, "-c", SCALED_SCRIPT, str(model), str(target)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_layout_at_200_percent_scaling(scripted_model: Path, tmp_path: Path) -> None:
    """At 200% the same window is drawn with twice the pixels: the same logical layout, text
    twice as tall in device pixels, and the chat still fits (no sideways scrolling, the
    message bubble inside the visible area)."""
    one = _render_at("1", scripted_model, tmp_path / "scale-100.png")
    SHOTS.mkdir(parents=True, exist_ok=True)
    two = _render_at("2", scripted_model, SHOTS / "scale-200-light.png")
    assert one["size"] == [1280, 800] and two["size"] == [2560, 1600]
    assert two["ratio"] == 2.0 and two["logical"] == one["logical"] == [1280, 800]
    assert two["font_px"] == one["font_px"]  # logical pixels: the layout did not reflow
    for run in (one, two):
        assert run["hscroll"] is False
        assert 0 < run["bubble_right"] <= run["viewport_width"]
    image = QImage(str(SHOTS / "scale-200-light.png"))
    assert image.width() == 2560 and luminance(image) > LIGHT_MIN


def test_stop_keeps_the_partial_reply(
    qtbot: Any, make_window: Any, scripted_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker is held after 3 tokens until the reply is cancelled (test hook): Esc stops
    it, and the 3 tokens' text stays, marked stopped."""
    monkeypatch.setenv("AGENTIC_DESK_TEST_HOOKS", "1")
    monkeypatch.setenv("AGENTIC_DESK_TEST_HOLD", "decode:3:cancel")
    window = make_window()
    partial = tm.decode(scripted_model, tm.scripted_token_ids(scripted_model)[:3])
    window.input.setPlainText("stop me")
    seen: list[str] = []

    def all_three_tokens(_mid: str, text: str) -> bool:
        seen.append(text)  # the worker cannot go past token 3 before the cancel
        return "".join(seen) == partial

    with qtbot.waitSignal(
        window.controller.text_appended, timeout=60_000, check_params_cb=all_three_tokens
    ):
        qtbot.keyClick(window.input, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.controller.reply_finished, timeout=60_000) as done:
        qtbot.keyClick(window.input, Qt.Key.Key_Escape)
    assert done.args[1].text == partial
    [reply] = replies(window)
    assert reply.text == partial and reply.status == "cancelled"
    assert reply.status_label.text() == "Stopped. Continue goes on from where it stopped."
    assert reply.buttons["continue"].isVisibleTo(window)


def test_a_long_message_of_yours_is_shortened_until_you_ask(qtbot: Any, make_window: Any) -> None:
    from agentic_desk.ui.messages import COLLAPSE_AT, MessageWidget

    make_window()
    long_text = "word " * 1000
    widget = MessageWidget("m", "user", long_text)
    qtbot.addWidget(widget)
    label = widget._segments[0][2]
    assert len(label.text()) < COLLAPSE_AT + 5 and label.text().endswith("…")
    assert widget.text == long_text  # Copy and Edit still get all of it
    widget.buttons["show all"].click()
    assert widget._segments[0][2].text() == long_text
    assert widget.buttons["show all"].text() == "Show less"


def test_the_window_says_when_the_oldest_turns_were_left_out(qtbot: Any, make_window: Any) -> None:
    window = make_window()  # the scripted model: 256 tokens, its own limit (nothing to grow to)
    statuses: list[str] = []
    window.controller.status.connect(statuses.append)
    send(qtbot, window, "a" * 90)
    assert not any("left out" in s for s in statuses)
    result = send(qtbot, window, "b" * 90)
    assert result.error is None and result.text == tm.SENTENCE
    [said] = [s for s in statuses if "left out" in s]
    assert said == (
        "The 2 oldest messages (" + said.split("(")[1].split(")")[0] + ") were left out to "
        "fit the model's context (256 tokens)."
    )
    assert window.banner.text() == said and window.banner.isVisibleTo(window)
