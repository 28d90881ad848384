"""Helpers the GUI tests share: sending a message and waiting for its reply, and running
the settings view's background jobs to the end."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from agentic_desk.core.paths import AppPaths
from agentic_desk.ui.main_window import MainWindow
from agentic_desk.ui.settings_view import SettingsView

TIMEOUT = 30_000


def finished(qtbot: Any, window: MainWindow) -> Any:
    """Wait for a reply to finish and for the view to be reloaded from the store."""
    return qtbot.waitSignals([window.controller.reply_finished, window.view_ready], timeout=60_000)


def send(qtbot: Any, window: MainWindow, text: str) -> Any:
    results: list[Any] = []

    def keep(_message_id: str, result: Any) -> None:
        results.append(result)

    window.controller.reply_finished.connect(keep)
    window.input.setPlainText(text)
    try:
        with finished(qtbot, window):
            qtbot.keyClick(window.input, Qt.Key.Key_Return)
    finally:
        window.controller.reply_finished.disconnect(keep)
    return results[-1]


def replies(window: MainWindow) -> list[Any]:
    return [w for w in window.widgets.values() if w.role == "assistant"]


class Jobs:
    """Runs an action and waits (on the view's work_done signal) for named jobs to end."""

    def __init__(self, qtbot: Any, view: SettingsView) -> None:
        self.qtbot = qtbot
        self.view = view
        self.seen: list[str] = []
        view.work_done.connect(self.seen.append)

    def run(self, action: Callable[[], object], *names: str) -> None:
        start = len(self.seen)

        def pending() -> list[str]:
            todo = list(names)
            for name in self.seen[start:]:
                if name in todo:
                    todo.remove(name)
            return todo

        action()
        while pending():
            with self.qtbot.waitSignal(self.view.work_done, timeout=TIMEOUT):
                pass


def settings_file() -> dict[str, Any]:
    return json.loads(AppPaths.from_env().settings_file.read_text("utf-8"))


def router_file() -> dict[str, Any]:
    return json.loads((AppPaths.from_env().root / "router.config.json").read_text("utf-8"))


def open_consent(qtbot: Any, view: SettingsView) -> Any:
    page = view.privacy
    view.show_section("Privacy & cloud")
    with qtbot.waitSignal(page.consent_shown, timeout=TIMEOUT) as shown:
        page.cloud_switch.click()
    dialog = shown.args[0]
    assert dialog.isVisible()
    return dialog


def save_provider(
    qtbot: Any,
    view: SettingsView,
    jobs: Jobs,
    name: str,
    url: str,
    model: str,
    kind: str = "openai",
) -> None:
    page = view.providers
    shown = view.nav.currentItem()
    # opening Providers reads the key states, when no snapshot has them yet
    reads_keys = (
        view.snapshot is not None
        and not view.snapshot.keys_read
        and (shown is None or shown.text() != "Providers")
    )
    jobs.run(lambda: view.show_section("Providers"), *(["key"] if reads_keys else []))
    page.add_button.click()
    page.name.setText(name)
    page.kind.setCurrentIndex(page.kind.findData(kind))
    page.base_url.setText(url)
    page.model.setText(model)
    jobs.run(page.save_button.click, "router", "key")  # saved, then its key state read


def reload_list(
    qtbot: Any, window: MainWindow, action: Any, query: str = "", until: Any = None
) -> None:
    """Run ``action`` and wait until the list shows the results for ``query`` (and, when
    given, ``until()`` holds: an earlier reload may still be on its way)."""

    def ready(shown: str) -> bool:
        return shown == query and (until is None or until())

    with qtbot.waitSignal(window.list_ready, timeout=30_000, check_params_cb=ready):
        action()
