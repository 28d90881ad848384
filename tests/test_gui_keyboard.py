"""Keyboard-only use of the real window (issue 16), by real key presses: Tab leaves the
message box, every action on a message is reachable and pressable, the search box's keys,
Undo from anywhere (and the undo bar's button), and Help → Keyboard shortcuts listing
exactly what the window binds."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from agentic_desk.ui.main_window import MainWindow
from agentic_desk.ui.shortcuts import SHORTCUTS, ShortcutsDialog, window_shortcuts
from gui_helpers import TIMEOUT, replies, send

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def ready(qtbot: Any, window: MainWindow) -> None:
    """Make the window the active one (keys go to the focused widget of the active window;
    the offscreen platform, with no window manager, sometimes drops the activation)."""

    def active() -> bool:
        if QApplication.activeWindow() is not window:
            window.activateWindow()
            return False
        return True

    qtbot.waitUntil(active)


def tab(qtbot: Any, backwards: bool = False) -> QWidget:
    widget = focused()
    assert widget is not None
    qtbot.keyClick(
        widget,
        Key.Key_Backtab if backwards else Key.Key_Tab,
        SHIFT if backwards else Qt.KeyboardModifier.NoModifier,
    )
    now = focused()
    assert now is not None
    return now


def tab_cycle(qtbot: Any, window: MainWindow, limit: int = 200) -> list[QWidget]:
    """Tab from the message box until focus comes back to it: every stop on the way."""
    window.input.setFocus()
    stops: list[QWidget] = []
    for _ in range(limit):
        widget = tab(qtbot)
        if widget is window.input:
            return stops
        stops.append(widget)
    raise AssertionError("Tab never came back to the message box")


def test_tab_leaves_the_message_box_and_ctrl_tab_types_a_tab(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    ready(qtbot, window)
    window.input.setFocus()
    qtbot.keyClicks(window.input, "hello")
    after = tab(qtbot)
    assert after is not window.input
    assert after is window.chat.send_button  # the next control in reading order
    assert "\t" not in window.input.toPlainText()
    assert tab(qtbot, backwards=True) is window.input
    qtbot.keyClick(window.input, Key.Key_Tab, CTRL)
    assert focused() is window.input
    assert window.input.toPlainText() == "hello\t"


def test_every_action_on_a_message_is_reached_by_tab_and_pressed_by_keys(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    ready(qtbot, window)
    send(qtbot, window, "Tell me about Paris")
    reply = replies(window)[-1]
    with qtbot.waitSignals([window.controller.reply_finished, window.view_ready], timeout=60_000):
        reply.buttons["regenerate"].click()  # two versions: ◀ ▶ are shown
    reply = replies(window)[-1]
    qtbot.waitUntil(reply.previous_button.isVisible)
    ready(qtbot, window)

    stops = tab_cycle(qtbot, window)
    wanted = [
        reply.previous_button,
        reply.buttons["copy"],
        reply.buttons["export"],
        reply.buttons["edit"],
        reply.buttons["rewrite"],
        reply.buttons["regenerate"],
    ]
    for widget in wanted:
        assert widget in stops, widget.accessibleName()
    positions = [stops.index(w) for w in wanted]
    assert positions == sorted(positions)  # versions first, then the buttons as shown
    user = next(w for w in window.widgets.values() if w.role == "user")
    assert stops.index(user.buttons["copy"]) < stops.index(reply.buttons["copy"])
    # each says which message it belongs to
    assert reply.buttons["copy"].accessibleName() == f"Copy — {reply.describe()}"
    assert reply.describe().startswith("reply “")
    assert user.buttons["edit"].accessibleName() == "Edit — your message “Tell me about Paris”"

    # Enter and Space press them
    QGuiApplication.clipboard().clear()
    reply.buttons["copy"].setFocus()
    with qtbot.waitSignal(reply.action, timeout=TIMEOUT) as pressed:
        qtbot.keyClick(reply.buttons["copy"], Key.Key_Return)
    assert pressed.args == ["copy", reply.message_id]
    assert QGuiApplication.clipboard().text() == reply.text
    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(reply.action, timeout=TIMEOUT) as pressed:
        qtbot.keyClick(reply.buttons["copy"], Key.Key_Space)
    assert QGuiApplication.clipboard().text() == reply.text
    reply.previous_button.setFocus()
    with qtbot.waitSignal(window.view_ready, timeout=TIMEOUT):
        qtbot.keyClick(reply.previous_button, Key.Key_Enter)
    assert replies(window)[-1].version_index == 0


def test_search_box_down_enter_and_escape(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    ready(qtbot, window)
    send(qtbot, window, "apples are red")
    apples = window.current_id
    window.new_chat()
    send(qtbot, window, "pears are green")
    assert window.current_id != apples
    ready(qtbot, window)  # (the offscreen platform drops activation while a reply streams)
    window.input.setFocus()

    qtbot.keyClick(window.input, Key.Key_F, CTRL)
    assert focused() is window.search
    with qtbot.waitSignal(
        window.list_ready, timeout=TIMEOUT, check_params_cb=lambda q: q == "apples"
    ):
        qtbot.keyClicks(window.search, "apples")
    # Enter opens the (first) result
    with qtbot.waitSignal(window.view_ready, timeout=TIMEOUT) as shown:
        qtbot.keyClick(window.search, Key.Key_Return)
    assert shown.args == [apples]
    # Down moves into the results, on a conversation row
    ready(qtbot, window)
    window.search.setFocus()
    qtbot.keyClick(window.search, Key.Key_Down)
    assert focused() is window.sidebar.list_view
    assert window.sidebar.list_view.currentIndex().data(Qt.ItemDataRole.UserRole) == apples
    # Esc clears the search; a second Esc goes back to the message box
    window.search.setFocus()
    with qtbot.waitSignal(window.list_ready, timeout=TIMEOUT, check_params_cb=lambda q: q == ""):
        qtbot.keyClick(window.search, Key.Key_Escape)
    assert window.search.text() == ""
    assert focused() is window.search
    qtbot.keyClick(window.search, Key.Key_Escape)
    assert focused() is window.input


def test_ctrl_z_in_the_message_box_undoes_a_delete_unless_the_box_has_typing(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    ready(qtbot, window)
    send(qtbot, window, "keep me")
    first = window.current_id
    window.new_chat()
    with qtbot.waitSignal(window.sidebar.trash_changed, timeout=TIMEOUT):
        window.delete_conversation(first)
    ready(qtbot, window)
    window.input.setFocus()
    qtbot.keyClicks(window.input, "abc")
    # the box's own typing wins while it has something to undo
    qtbot.keyClick(window.input, Key.Key_Z, CTRL)
    assert window.input.toPlainText() == ""
    assert [c.id for c in window.trash_items] == [first]
    # then the window's Undo delete
    with qtbot.waitSignal(window.sidebar.conversation_restored, timeout=TIMEOUT) as restored:
        qtbot.keyClick(window.input, Key.Key_Z, CTRL)
    assert restored.args == [first]


def test_the_undo_bar_stays_when_the_list_is_clicked_and_its_button_undoes(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    ready(qtbot, window)
    send(qtbot, window, "first one")
    first = window.current_id
    window.new_chat()
    send(qtbot, window, "second one")
    second = window.current_id
    with qtbot.waitSignal(window.sidebar.conversation_deleted, timeout=TIMEOUT):
        window.delete_conversation(second)
    bar = window.undo_bar
    assert bar.isVisible()
    assert bar.label.text().startswith("Moved “Second one” to the Trash.")
    assert bar.undo_button.accessibleName() == "Undo deleting “Second one”"

    # clicking the list (opening another conversation) leaves it there
    view = window.sidebar.list_view
    rect = view.visualRect(window.list_model.index(window.list_model.row_of(first)))
    with qtbot.waitSignal(window.view_ready, timeout=TIMEOUT):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert bar.isVisible()
    window.show_models()
    assert bar.isVisible()

    bar.undo_button.setFocus()
    with qtbot.waitSignal(window.sidebar.conversation_restored, timeout=TIMEOUT) as restored:
        qtbot.keyClick(bar.undo_button, Key.Key_Space)
    assert restored.args == [second]
    assert not bar.isVisible()


def test_the_undo_bar_goes_when_the_trash_is_emptied(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    send(qtbot, window, "gone soon")
    with qtbot.waitSignal(window.sidebar.conversation_deleted, timeout=TIMEOUT):
        window.delete_conversation(window.current_id)
    assert window.undo_bar.isVisible()
    with qtbot.waitSignal(window.sidebar.trash_changed, timeout=TIMEOUT):
        window.empty_trash(confirm=False)
    assert not window.undo_bar.isVisible()


def bound_keys(window: MainWindow) -> set[str]:
    """Every key sequence the window binds: its menus' actions and its shortcuts."""
    found: set[str] = set()
    for action in window.findChildren(QAction):
        found |= {k.toString() for k in action.shortcuts() if not k.isEmpty()}
    for item in window.findChildren(QShortcut):
        found.add(item.key().toString())
    return found


def test_the_shortcuts_window_lists_exactly_what_the_window_binds(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    ready(qtbot, window)
    defined = {QKeySequence(k).toString() for s in window_shortcuts() for k in s.keys}
    assert bound_keys(window) == defined

    window.input.setFocus()
    qtbot.keyClick(window.input, Key.Key_F1)
    dialog = window.shortcuts_dialog
    assert isinstance(dialog, ShortcutsDialog) and dialog.isVisible()
    rows = dialog.rows()
    assert len(rows) == len(SHORTCUTS)
    shown_keys = " ".join(keys for keys, _what, _where in rows)
    for keys in bound_keys(window):
        assert QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) in shown_keys
    assert ("Ctrl+Tab", "Type a tab character", "Message box") in rows
    dialog.close()
    qtbot.keyClick(window.input, Key.Key_Slash, CTRL)
    assert dialog.isVisible()
    dialog.close()
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert [a.text() for a in help_menu.actions()] == ["Keyboard shortcuts"]
