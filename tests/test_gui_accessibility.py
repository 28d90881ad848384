"""What a screen reader gets from the real window (issue 16), read through Qt's
accessibility interface: every control one can Tab to on the chat, Models and Settings
pages has a name; message controls say which message they act on; a finished reply is
announced once (not per token); states are said in words, not by colour alone."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from agentic_desk.ui import accessibility
from agentic_desk.ui.main_window import MainWindow
from agentic_desk.ui.messages import MessageWidget
from gui_helpers import replies, send

Name = QAccessible.Text.Name
Role = QAccessible.Role


def name_of(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None and iface.isValid()
    return iface.text(Name).strip()


def role_of(widget: QWidget) -> Role:
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None
    return iface.role()


def focusable(widget: QWidget) -> bool:
    policy = widget.focusPolicy().value
    return bool(policy & Qt.FocusPolicy.TabFocus.value) and widget.isVisible()


def unnamed(window: MainWindow) -> list[str]:
    """The visible controls one can Tab to that a screen reader would not name."""
    return [
        f"{type(w).__name__} {w.objectName()!r} (role {role_of(w).name}) in "
        f"{type(w.parentWidget()).__name__}"
        for w in window.findChildren(QWidget)
        if focusable(w) and not name_of(w)
    ]


def test_every_control_on_every_page_has_a_name(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    send(qtbot, window, "Tell me about ```python\nprint(1)\n``` please")
    with qtbot.waitSignals([window.controller.reply_finished, window.view_ready], timeout=60_000):
        replies(window)[-1].buttons["regenerate"].click()  # ◀ 2/2 ▶ shown
    seen = 0
    missing = unnamed(window)
    seen += sum(focusable(w) for w in window.findChildren(QWidget))
    with qtbot.waitSignal(window.sidebar.conversation_deleted, timeout=30_000):
        window.delete_conversation(window.current_id)  # the undo bar shows
    assert window.undo_bar.isVisible()
    window.show_models()
    tabs = window.models_panel.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        missing += unnamed(window)
        seen += sum(focusable(w) for w in window.findChildren(QWidget))
    window.show_settings()
    view = window.settings_view
    for row in range(view.nav.count()):
        view.nav.setCurrentRow(row)
        missing += unnamed(window)
        seen += sum(focusable(w) for w in window.findChildren(QWidget))
    window.show_documents()  # issue 17: the Documents page
    missing += unnamed(window)
    seen += sum(focusable(w) for w in window.findChildren(QWidget))
    assert seen > 60  # the walk did reach the pages' controls
    assert sorted(set(missing)) == []


def test_message_controls_have_roles_and_say_which_message(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    send(qtbot, window, "What is the capital of France?")
    user, reply = (
        next(w for w in window.widgets.values() if w.role == r) for r in ("user", "assistant")
    )
    assert role_of(window.input) == Role.EditableText
    assert name_of(window.input) == "Message"
    assert name_of(user) == "Your message “What is the capital of France?”"
    for message in (user, reply):
        for button in message.buttons.values():
            assert role_of(button) in (Role.PushButton, Role.ButtonMenu)
            assert name_of(button).endswith(f" — {message.describe()}")
    assert name_of(reply.buttons["rewrite"]).startswith("Rewrite — reply “")
    assert name_of(window.undo_bar.undo_button) == "Undo"


def test_a_finished_reply_is_announced_once(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    said: list[str] = []
    pieces: list[str] = []

    def watch(message_id: str, piece: str) -> None:  # the reply's widget, once it shows
        if not pieces:
            window.widgets[message_id].announced.connect(said.append)
        pieces.append(piece)

    window.controller.text_appended.connect(watch)
    send(qtbot, window, "Hello there")
    assert pieces  # it streamed...
    assert said == ["Reply finished."]  # ...and was announced once, when done
    assert accessibility.HAS_ANNOUNCEMENTS  # Qt ≥ 6.8: QAccessibleAnnouncementEvent
    said.clear()
    pieces.clear()
    send(qtbot, window, "Again")
    assert said == ["Reply finished."]  # the next reply: once again


def test_announce_sets_the_description(qtbot: Any) -> None:
    widget = MessageWidget("m1", "assistant", "Done", status="cancelled")
    qtbot.addWidget(widget)
    widget.announce_finished()
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface.text(QAccessible.Text.Description) == (
        "Reply finished. Stopped. Continue goes on from where it stopped."
    )


@pytest.mark.parametrize(
    ("status", "meta", "words"),
    [
        ("interrupted", {}, "Interrupted."),
        ("cancelled", {}, "Stopped."),
        ("error", {"error": "The model failed."}, "The model failed."),
        ("complete", {"stop_reason": "length"}, "Cut short at the length limit"),
    ],
)
def test_a_reply_status_is_said_in_words_not_only_colour(
    qtbot: Any, status: str, meta: dict[str, Any], words: str
) -> None:
    widget = MessageWidget("m1", "assistant", "Some text", status=status, meta=meta)
    qtbot.addWidget(widget)
    assert widget.status_label.text().startswith(words)
    assert not widget.status_label.isHidden()
