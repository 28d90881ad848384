"""Start-up failures are said in a window with a way out that keeps the damaged file;
unexpected errors reach the log (no keys) and the crash dialog, from any thread."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from agentic_desk.core import diagnostics
from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.startup import DamagedFile, StartupProblem, check_startup, keep_aside
from agentic_desk.ui.app import open_window
from agentic_desk.ui.crash import CrashDialog, CrashReporter
from agentic_desk.ui.startup import StartupProblemDialog

NOT_A_DATABASE = b"this is not an SQLite database, it is a letter to my landlord\n" * 40


@pytest.fixture
def paths() -> AppPaths:
    return AppPaths.from_env().ensure()


# ---- core: finding and keeping aside ------------------------------------------------------


def test_a_healthy_data_folder_has_no_startup_problems(paths: AppPaths) -> None:
    ConversationStore(paths.conversations_db).close()
    assert check_startup(paths) == []


def test_damaged_router_config_and_database_are_found(paths: AppPaths) -> None:
    (paths.root / "router.config.json").write_text("{ not json", "utf-8")
    paths.conversations_db.write_bytes(NOT_A_DATABASE)
    problems = check_startup(paths)
    assert [p.kind for p in problems] == [DamagedFile.ROUTER_CONFIG, DamagedFile.CONVERSATIONS_DB]
    assert "router.config.json" in problems[0].error.message
    assert "not a conversation database" in problems[1].error.message


def test_keep_aside_moves_the_file_and_its_sqlite_companions(paths: AppPaths) -> None:
    db = paths.conversations_db
    db.write_bytes(NOT_A_DATABASE)
    db.with_name(db.name + "-wal").write_bytes(b"wal")
    moved = keep_aside(db, clock=lambda: datetime(2026, 12, 6, 11, 30, 0))
    assert moved.name == "conversations.db.damaged-20261206-113000"
    assert moved.read_bytes() == NOT_A_DATABASE
    assert moved.with_name(moved.name + "-wal").read_bytes() == b"wal"
    assert not db.exists() and not db.with_name(db.name + "-wal").exists()
    db.write_bytes(b"again")  # a second damaged file the same second keeps both
    again = keep_aside(db, clock=lambda: datetime(2026, 12, 6, 11, 30, 0))
    assert again != moved and moved.exists() and again.read_bytes() == b"again"


# ---- the window: a dialog and a way out ---------------------------------------------------


def _choose(button: str, seen: list[StartupProblemDialog]) -> Any:
    """The real dialog, answered by clicking one of its buttons."""

    def ask(problem: StartupProblem) -> bool:
        dialog = StartupProblemDialog(problem)
        seen.append(dialog)
        getattr(dialog, button).click()
        return dialog.keep_aside_chosen()

    return ask


@pytest.fixture
def opened(qtbot: Any, loop: asyncio.AbstractEventLoop) -> Iterator[list[Any]]:
    windows: list[Any] = []
    yield windows
    for window, engine, _theme in windows:
        window.close()
        engine.close()


def test_damaged_routing_file_opens_routing_settings_after_keeping_it_aside(
    qtbot: Any, loop: asyncio.AbstractEventLoop, paths: AppPaths, opened: list[Any]
) -> None:
    router = paths.root / "router.config.json"
    router.write_text('{"routing": {"rules": [', "utf-8")
    dialogs: list[StartupProblemDialog] = []
    result = open_window(loop, ask=_choose("keep_button", dialogs), ask_hub=False)
    assert result is not None
    opened.append(result)
    window = result[0]
    qtbot.addWidget(window)
    assert dialogs[0].text() == "<b>Your routing settings cannot be read.</b>"
    assert "router.config.json" in dialogs[0].informativeText()
    assert dialogs[0].keep_button.text() == "Keep it aside and open Routing settings"
    assert not router.exists()
    kept = list(paths.root.glob("router.config.json.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text("utf-8") == '{"routing": {"rules": ['
    assert window.pages.currentWidget() is window.settings_view
    assert window.settings_view.title.text() == "Routing"
    assert kept[0].name in window.banner.text()


def test_quitting_at_the_dialog_leaves_the_damaged_file_alone(
    qtbot: Any, loop: asyncio.AbstractEventLoop, paths: AppPaths
) -> None:
    paths.conversations_db.write_bytes(NOT_A_DATABASE)
    dialogs: list[StartupProblemDialog] = []
    assert open_window(loop, ask=_choose("quit_button", dialogs), ask_hub=False) is None
    assert dialogs[0].text() == "<b>Your conversation history cannot be opened.</b>"
    assert paths.conversations_db.read_bytes() == NOT_A_DATABASE
    assert not list(paths.root.glob("*.damaged-*"))


def test_a_database_that_is_not_one_is_kept_and_a_new_history_starts(
    qtbot: Any, loop: asyncio.AbstractEventLoop, paths: AppPaths, opened: list[Any]
) -> None:
    paths.conversations_db.write_bytes(NOT_A_DATABASE)
    result = open_window(loop, ask=_choose("keep_button", []), ask_hub=False)
    assert result is not None
    opened.append(result)
    qtbot.addWidget(result[0])
    kept = list(paths.root.glob("conversations.db.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == NOT_A_DATABASE
    store = ConversationStore(paths.conversations_db)  # a real, new, empty database
    try:
        assert [c.title for c in store.list_conversations()] == ["New chat"]
    finally:
        store.close()


def test_a_damaged_settings_file_is_said_in_the_window_not_only_in_settings(
    qtbot: Any,
    loop: asyncio.AbstractEventLoop,
    paths: AppPaths,
    opened: list[Any],
    scripted_model: Path,
) -> None:
    paths.settings_file.write_text('{"engine": {"temperature": "hot"', "utf-8")
    result = open_window(
        loop, ask=_choose("quit_button", []), ask_hub=False, model=str(scripted_model)
    )
    assert result is not None  # settings are not a start-up problem: defaults, file kept
    opened.append(result)
    window = result[0]
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.view_ready, timeout=30_000):
        window.show()
    kept = list(paths.root.glob("settings.corrupt-*.json"))
    assert len(kept) == 1
    assert window.banner.isVisible()
    assert kept[0].name in window.banner.text()


# ---- unexpected errors: the log and the crash dialog ---------------------------------------

KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"


@pytest.fixture
def logs(paths: AppPaths) -> Iterator[Path]:
    path = diagnostics.setup_logging(paths.logs_dir)
    yield path
    diagnostics.stop_logging()


def test_a_bug_on_a_thread_reaches_the_log_and_the_crash_dialog(
    qtbot: Any, qapp: Any, paths: AppPaths, logs: Path, unexpected: list[BaseException]
) -> None:
    reporter = CrashReporter(paths.logs_dir)
    previous = threading.excepthook
    diagnostics.install_excepthooks()
    try:

        def buggy() -> None:
            raise ValueError(f"bad state while using {KEY}")

        with qtbot.waitSignal(reporter.crashed, timeout=10_000) as crashed:
            thread = threading.Thread(target=buggy, name="model-refresh")
            thread.start()
            thread.join()
    finally:
        diagnostics.uninstall_excepthooks()
        threading.excepthook = previous
        reporter.close()
    assert isinstance(crashed.args[0], ValueError)
    dialog = reporter.dialog
    assert isinstance(dialog, CrashDialog)
    assert dialog.isVisible()
    assert dialog.what.text() == "What happened: ValueError: bad state while using [redacted]"
    assert str(logs) in dialog.attach.text()
    dialog.copy_button.click()
    copied = qapp.clipboard().text()
    assert copied.startswith("Agentic Desk ")
    assert f"Log file: {logs}" in copied and "Traceback" in copied
    assert KEY not in copied
    for handler in logging.getLogger("agentic_desk").handlers:
        handler.flush()
    text = logs.read_text("utf-8")
    assert "unexpected error in model-refresh: ValueError" in text
    assert 'raise ValueError(f"bad state while using {KEY}")' in text  # the traceback
    assert KEY not in text and "[redacted]" in text
    dialog.close()
    assert [type(e) for e in unexpected] == [ValueError]
    unexpected.clear()


def test_more_errors_while_the_dialog_is_open_are_counted_not_stacked(
    qtbot: Any, paths: AppPaths, logs: Path, unexpected: list[BaseException]
) -> None:
    reporter = CrashReporter(paths.logs_dir)
    try:
        for number in range(3):
            with qtbot.waitSignal(reporter.crashed, timeout=10_000):
                diagnostics.report_unexpected(RuntimeError(f"problem {number}"))
    finally:
        reporter.close()
    dialog = reporter.dialog
    assert dialog is not None
    assert dialog.what.text() == "What happened (3 problems so far): RuntimeError: problem 2"
    dialog.close()
    assert len(unexpected) == 3
    unexpected.clear()


def test_redact_blanks_keys_and_bearer_tokens_but_not_words() -> None:
    assert diagnostics.redact(f"Authorization: Bearer {KEY}") == "Authorization: Bearer [redacted]"
    assert diagnostics.redact("hf_abcdefghijklmnop12") == "[redacted]"
    assert (
        diagnostics.redact("a normal sentence about sk-ills") == "a normal sentence about sk-ills"
    )
