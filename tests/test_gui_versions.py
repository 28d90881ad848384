"""Versions in the window: a reply edited in place, a rewrite of a selected passage kept or
discarded through its word diff, a search hit in a version not shown, and screenshots of
both (light and dark) for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLabel

import tiny_models as tm
from agentic_desk.ui.app import apply_theme
from agentic_desk.ui.main_window import MainWindow
from agentic_desk.ui.messages import shown_text
from agentic_desk.ui.rewrite_dialog import RewriteDialog
from gui_helpers import finished, reload_list, replies, send
from shots import save_shot

TIMEOUT = 30_000


@pytest.fixture(scope="module")
def scripted_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scripted model with room for a rewrite's instructions (its tokenizer spends
    about a token per letter on words outside its sentence)."""
    return tm.build_scripted_model(
        tmp_path_factory.mktemp("models") / "scripted-1k", context_length=1024
    )


def reopened(qtbot: Any, window: MainWindow) -> Any:
    return qtbot.waitSignal(window.view_ready, timeout=TIMEOUT)


def test_a_reply_edited_in_place_is_a_new_version_the_chat_goes_on_from(
    qtbot: Any, make_window: Any, scripted_model: Any
) -> None:
    window = make_window()
    send(qtbot, window, "hello")
    [reply] = replies(window)
    original = reply.message_id
    reply.buttons["edit"].click()
    assert reply.editor is not None and reply.buttons["save edit"].isVisibleTo(reply)
    assert not reply.buttons["regenerate"].isVisibleTo(reply)
    reply.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(reply.editor, " Kind regards")
    with reopened(qtbot, window):
        reply.buttons["save edit"].click()
    [reply] = replies(window)
    edited = window.store.get_message(reply.message_id)
    assert reply.message_id != original and edited.content.endswith("Kind regards")
    assert edited.meta["version_of"] == original
    assert reply.version_label.text() == "2/2" and reply.editor is None
    result = send(qtbot, window, "thanks")
    history = [
        {"role": "user", "content": "hello"},
        {"role": "assistant", "content": edited.content},
        {"role": "user", "content": "thanks"},
    ]
    assert result.info.prompt_tokens == len(tm.encode(scripted_model, tm.chatml_prompt(history)))


def test_cancelling_an_edit_changes_nothing(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    send(qtbot, window, "hello")
    [reply] = replies(window)
    reply.buttons["edit"].click()
    qtbot.keyClicks(reply.editor, "scribble")
    reply.buttons["cancel edit"].click()
    assert reply.editor is None and reply.text == tm.SENTENCE
    assert len(window.store.all_messages(window.current_id)) == 2


def _select(reply: Any, passage: str) -> None:
    label = next(w for _k, _l, w in reply._segments if isinstance(w, QLabel))
    start = shown_text(label).index(passage)  # a reply's label holds rich text
    label.setSelection(start, len(passage))
    assert reply.selected_text() == passage


def _rewrite(qtbot: Any, window: MainWindow, reply: Any, key: str) -> RewriteDialog:
    menu = reply.buttons["rewrite"].menu()
    action = next(a for a in menu.actions() if a.text() == key)
    with qtbot.waitSignal(window.chat.rewrite_offered, timeout=60_000) as offered:
        action.trigger()
    dialog = offered.args[0]
    assert isinstance(dialog, RewriteDialog)
    return dialog


def test_rewrite_a_selection_then_discard_or_keep_it(
    qtbot: Any, make_window: Any, qapp: QApplication
) -> None:
    window = make_window()
    send(qtbot, window, "hello")
    [reply] = replies(window)
    original = reply.message_id
    _select(reply, "quick brown")
    dialog = _rewrite(qtbot, window, reply, "Shorter")
    expected = tm.SENTENCE.replace("quick brown", tm.SENTENCE, 1)
    [shown] = replies(window)
    assert shown.text == expected and shown.version_label.text() == "2/2"
    html = dialog.view.toHtml()
    assert "underline" in html  # added words are underlined (the model's sentence)
    added = len(tm.SENTENCE.split()) - 2  # two words became the whole sentence
    assert f"{added} words added (underlined), no words removed" in dialog.summary.text()
    for theme in ("light", "dark"):
        apply_theme(qapp, theme)
        qapp.processEvents()
        save_shot(dialog, f"rewrite-diff-{theme}", theme)
    apply_theme(qapp, "light")
    dialog.discard.click()
    qtbot.waitUntil(lambda: [w.message_id for w in replies(window)] == [original], timeout=TIMEOUT)
    [reply] = replies(window)
    assert reply.text == tm.SENTENCE
    assert len(window.store.all_messages(window.current_id)) == 2  # the rewrite is gone

    dialog = _rewrite(qtbot, window, reply, "More formal")  # no selection: the whole reply
    dialog.keep.click()
    qtbot.waitUntil(lambda: replies(window)[0].version_label.text() == "2/2", timeout=TIMEOUT)
    [reply] = replies(window)
    assert reply.message_id != original
    stored = window.store.get_message(reply.message_id)
    assert stored.meta["rewrite_of"] == original and stored.meta["instruction"] == "formal"


def test_a_custom_rewrite_instruction_is_asked_for(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    send(qtbot, window, "hello")
    [reply] = replies(window)
    window.chat.ask_instruction = lambda: None  # the user cancels the question
    reply.buttons["rewrite"].menu().actions()[-1].trigger()
    assert not window.controller.busy and len(window.store.all_messages(window.current_id)) == 2
    window.chat.ask_instruction = lambda: "for a ten-year-old"
    dialog = _rewrite(qtbot, window, reply, "Your own instruction…")
    stored = window.store.messages(window.current_id)[-1]
    assert stored.meta["instruction"] == "for a ten-year-old"
    dialog.keep.click()


def test_a_search_hit_in_another_version_opens_that_version(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    send(qtbot, window, "hello")
    [reply] = replies(window)
    store = window.store
    other = store.add_version(reply.message_id, "Meet me at the zebra crossing.")
    store.choose(reply.message_id)  # the zebra version is not the one shown
    window.new_chat()
    reload_list(qtbot, window, lambda: window.search.setText("zebra"), "zebra")
    assert window.list_model.rowCount() == 2  # the "Results" heading and one conversation
    index = window.list_model.index(1)
    assert window.sidebar.hidden_hits == {window.current_id or "": other.id} or (
        other.id in window.sidebar.hidden_hits.values()
    )
    window.sidebar._on_list_clicked(index)
    qtbot.waitUntil(lambda: [w.message_id for w in replies(window)] == [other.id], timeout=TIMEOUT)
    assert [w.text for w in replies(window)] == ["Meet me at the zebra crossing."]


def test_screenshots_of_versions(qtbot: Any, make_window: Any, qapp: QApplication) -> None:
    window = make_window()
    send(qtbot, window, "Draft a short letter to my landlord about the broken boiler.")
    [reply] = replies(window)
    with finished(qtbot, window):
        reply.buttons["regenerate"].click()
    window.chat.jobs.wait_idle()
    [reply] = replies(window)
    assert reply.version_label.isVisibleTo(reply)
    for theme in ("light", "dark"):
        apply_theme(qapp, theme)
        qapp.processEvents()
        save_shot(window, f"versions-{theme}", theme)
    apply_theme(qapp, "light")
