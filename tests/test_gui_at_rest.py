"""The window's side of data at rest: the Trash (Undo delete from anywhere in the window,
restore after a restart, Empty Trash, emptying after privacy.trash_days) and no keyring
call at start-up when cloud is off."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.compat import properties
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from agentic_desk.core.conversations import (
    ConversationNotFoundError,
    ConversationStore,
)
from agentic_desk.core.paths import AppPaths
from agentic_desk.ui.app import build_window
from agentic_desk.ui.main_window import MainWindow
from gui_helpers import send


class RecordingKeyring(KeyringBackend):
    """A real keyring backend that stores nothing and records every call made to it:
    the test's proof of whether the app touched the keyring."""

    @properties.classproperty
    def priority(cls) -> float:
        # Not viable for keyring's own choice of a backend: only the fixture installs it.
        raise RuntimeError("installed by the test only")

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, str, str]] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append(("get", service, username))
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append(("set", service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.calls.append(("delete", service, username))


@pytest.fixture
def recording_keyring() -> Iterator[RecordingKeyring]:
    original = keyring.get_keyring()
    backend = RecordingKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(original)


@pytest.fixture
def make_window(qtbot: Any, loop: asyncio.AbstractEventLoop, scripted_model: Path) -> Iterator[Any]:
    made: list[tuple[MainWindow, Any]] = []

    def make() -> MainWindow:
        window, engine, _theme = build_window(loop, model=str(scripted_model))
        qtbot.addWidget(window)
        made.append((window, engine))
        with qtbot.waitSignal(window.view_ready, timeout=30_000):
            window.show()
        return window

    yield make
    for window, engine in made:
        if window.isVisible():
            window.close()
        engine.close()


def wait_trash(qtbot: Any, window: MainWindow, action: Any, count: int) -> None:
    """Run ``action`` and wait until the Edit menu shows ``count`` conversations in the Trash."""
    with qtbot.waitSignal(
        window.sidebar.trash_changed,
        timeout=30_000,
        check_params_cb=lambda items: len(items) == count,
    ):
        action()


def box_keeps_ctrl_z(box: QWidget) -> bool:
    """Whether a focused text box takes Ctrl+Z for itself (else the window's shortcut runs)."""
    event = QKeyEvent(
        QEvent.Type.ShortcutOverride, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
    )
    QApplication.sendEvent(box, event)
    return event.isAccepted()


def write_settings(changes: dict[str, Any]) -> None:
    path = AppPaths.from_env().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema_version": 1, **changes}), "utf-8")


def test_undo_delete_from_anywhere_restore_after_restart_and_empty_trash(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    send(qtbot, window, "first conversation")
    first = window.current_id
    window.new_chat()
    send(qtbot, window, "second conversation")
    second = window.current_id
    assert not window.undo_delete_action.isEnabled()

    wait_trash(qtbot, window, lambda: window.delete_conversation(first), 1)
    wait_trash(qtbot, window, lambda: window.delete_conversation(second), 2)
    assert [c.id for c in window.trash_items] == [second, first]
    assert window.undo_delete_action.isEnabled()
    assert window.undo_delete_action.shortcut().toString() == "Ctrl+Z"
    assert window.undo_delete_action.text() == "Undo delete “Second conversation”"
    assert [a.text() for a in window.trash_menu.actions()] == [
        "Restore “Second conversation”",
        "Restore “First conversation”",
    ]

    # the Edit menu's action, from the Settings page (not the list): the latest comes back
    window.show_settings()
    with qtbot.waitSignal(window.sidebar.conversation_restored, timeout=30_000) as restored:
        window.undo_delete_action.trigger()
    assert restored.args == [second]
    qtbot.waitUntil(lambda: [c.id for c in window.trash_items] == [first])

    # Ctrl+Z in the message box with nothing of its own to undo is left to the window's
    # Undo delete (Qt asks the focused box first, with a ShortcutOverride event)
    window.show_chat()
    for box in (window.input, window.search):
        assert not box_keeps_ctrl_z(box)
    qtbot.keyClicks(window.input, "typed")
    assert box_keeps_ctrl_z(window.input)  # now it has its own undo: it keeps Ctrl+Z
    window.input.clear()
    wait_trash(qtbot, window, lambda: window.delete_conversation(first), 1)
    window.close()

    # after a restart the one still in the Trash can be restored, from its menu
    again = make_window()
    qtbot.waitUntil(lambda: [c.id for c in again.trash_items] == [first])
    assert again.list_model.row_of(first) == -1
    with qtbot.waitSignal(again.sidebar.conversation_restored, timeout=30_000) as restored:
        again.trash_menu.actions()[0].trigger()
    assert restored.args == [first]
    qtbot.waitUntil(lambda: again.list_model.row_of(first) >= 0)

    wait_trash(qtbot, again, lambda: again.delete_conversation(first), 1)
    wait_trash(qtbot, again, lambda: again.empty_trash(confirm=False), 0)
    assert "Emptied the Trash: 1 conversation(s) erased." in again.banner.text()
    assert not again.undo_delete_action.isEnabled() and not again.empty_trash_action.isEnabled()
    with pytest.raises(ConversationNotFoundError):
        again.store.get_conversation(first)


def test_trash_days_empties_the_trash_at_start_and_close(qtbot: Any, make_window: Any) -> None:
    paths = AppPaths.from_env().ensure()
    with ConversationStore(paths.conversations_db, clock=lambda: 1_000.0) as store:
        old = store.create_conversation(title="old one")
        store.delete_conversation(old.id)  # deleted long ago (the clock's 1970)
    with ConversationStore(paths.conversations_db) as store:
        recent = store.create_conversation(title="recent one")
        store.delete_conversation(recent.id)
    write_settings({"privacy": {"trash_days": 30}})
    window = make_window()  # at start: more than 30 days in the Trash is erased
    qtbot.waitUntil(lambda: [c.id for c in window.trash_items] == [recent.id])

    write_settings({"privacy": {"trash_days": 0}})  # 0: emptied when the app closes
    view = window.settings_view
    with qtbot.waitSignal(view.work_done, timeout=30_000, check_params_cb=lambda n: n == "load"):
        view.reload()
    assert [c.id for c in window.store.trash()] == [recent.id]  # Undo works until then
    window.close()
    with ConversationStore(paths.conversations_db) as store:
        assert store.trash() == []
        with pytest.raises(ConversationNotFoundError):
            store.get_conversation(recent.id)


def test_the_window_starts_without_touching_the_keyring_when_cloud_is_off(
    qtbot: Any, make_window: Any, recording_keyring: RecordingKeyring
) -> None:
    window = make_window()
    view = window.settings_view
    with qtbot.waitSignal(view.work_done, timeout=30_000, check_params_cb=lambda n: n == "load"):
        view.reload()  # a whole snapshot read, as at start
    window.show_settings()
    view.show_section("General")
    assert recording_keyring.calls == []

    # opening Providers is what reads the key states
    with qtbot.waitSignal(view.work_done, timeout=30_000, check_params_cb=lambda n: n == "key"):
        view.show_section("Providers")
    assert recording_keyring.calls != []


def test_keys_are_read_at_start_only_with_cloud_on_and_a_key_to_find(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from agentic_desk.core.routing.config import parse_config
    from agentic_desk.core.secrets import env_var_for
    from agentic_desk.core.settings import Settings
    from agentic_desk.ui.settings.view import keys_needed_at_start

    sample = Path(__file__).resolve().parents[1] / "resources" / "router.config.sample.json"
    config = parse_config(json.loads(sample.read_text()))
    variables = {
        entry.env_var() or env_var_for(name)
        for name, entry in config.providers.items()
        if not entry.is_local and entry.needs_key
    }
    assert variables and None not in variables
    for variable in variables:
        monkeypatch.delenv(str(variable), raising=False)
    cloud_on = Settings.model_validate({"cloud": {"enabled": True}})
    assert not keys_needed_at_start(Settings(), config)  # cloud off: never
    assert keys_needed_at_start(cloud_on, config)  # on, and keys to look up
    for variable in variables:
        monkeypatch.setenv(str(variable), "sk-from-the-environment")
    assert not keys_needed_at_start(cloud_on, config)  # every key comes from the environment
