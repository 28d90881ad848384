"""The settings view's switch for the local API server: off by default, starts the real server
over the window's engine, shows and rotates the token, and comes back on after a restart."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import tiny_models as tm
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import SettingsStore
from agentic_desk.ui.app import build_window
from agentic_desk.ui.main_window import MainWindow

pytestmark = pytest.mark.skipif(
    not os.environ.get("DBUS_SESSION_BUS_ADDRESS"),
    reason="needs a Secret Service for the token (run under scripts/with-secret-service.sh)",
)


@pytest.fixture
def open_window(qtbot: Any, loop: asyncio.AbstractEventLoop, scripted_model: Path) -> Iterator[Any]:
    made: list[tuple[MainWindow, Any]] = []

    def make() -> MainWindow:
        window, engine, _theme = build_window(loop, model=str(scripted_model), api_port=0)
        qtbot.addWidget(window)
        made.append((window, engine))
        with qtbot.waitSignal(window.view_ready, timeout=30_000):
            window.show()
        return window

    yield make
    for window, engine in made:
        window.close()
        engine.close()


def ask(url: str, token: str) -> httpx.Response:
    return httpx.post(
        f"{url}/v1/chat/completions",
        headers={"Authorization": f"Bearer {token}"},
        json={"messages": [{"role": "user", "content": "hello"}]},
        timeout=60,
    )


def api_enabled() -> bool:
    return SettingsStore(AppPaths.from_env().settings_file).load().settings.api.enabled


def test_the_switch_starts_the_server_shows_and_rotates_the_token(
    qtbot: Any, open_window: Any
) -> None:
    window = open_window()
    box = window.api_box
    assert not box.switch.isChecked() and box.server is None  # off by default
    assert not box.copy_button.isEnabled()
    with qtbot.waitSignal(box.state_changed, timeout=30_000) as started:
        box.switch.setChecked(True)
    assert started.args == [True]
    assert api_enabled()
    url = box.server.url
    assert url.startswith("http://127.0.0.1:") and url in box.status.text()
    token = box.token_field.text()
    assert len(token) >= 32
    assert box.token_field.echoMode() == box.token_field.EchoMode.Password
    box.show_button.click()
    assert box.token_field.echoMode() == box.token_field.EchoMode.Normal
    box.copy_button.click()
    assert window.windowHandle() is not None
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == token
    reply = ask(url, token)
    assert reply.status_code == 200, reply.text
    assert reply.json()["choices"][0]["message"]["content"] == tm.SENTENCE
    assert ask(url, "x" * 40).status_code == 401
    with qtbot.waitSignal(box.token_field.textChanged, timeout=30_000):
        box.rotate_button.click()
    fresh = box.token_field.text()
    assert fresh != token
    assert ask(url, token).status_code == 401
    assert ask(url, fresh).status_code == 200
    with qtbot.waitSignal(box.state_changed, timeout=30_000) as stopped:
        box.switch.setChecked(False)
    assert stopped.args == [False]
    assert not api_enabled()
    assert box.token_field.text() == ""
    with pytest.raises(httpx.ConnectError):
        ask(url, fresh)


def test_it_comes_back_on_after_a_restart(qtbot: Any, open_window: Any) -> None:
    SettingsStore(AppPaths.from_env().settings_file).update({"api.enabled": True})
    window = open_window()
    box = window.api_box
    if box.server is None:
        with qtbot.waitSignal(box.state_changed, timeout=30_000):
            pass
    assert box.switch.isChecked() and box.server.running
    assert ask(box.server.url, box.token_field.text()).status_code == 200
