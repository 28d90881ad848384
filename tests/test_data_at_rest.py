"""Data at rest: everything the app writes in its data folder is the user's alone (folders
0700, files 0600 on POSIX, whatever the umask), checked on a real run: the window in its
own process sends a message to a tiny model, exports the conversation and saves a setting;
the command line chats and manages the Trash. Each process runs with umask 022, so a file
the app does not make private shows up as 0644."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import tiny_models as tm
from agentic_desk.core import diagnostics
from agentic_desk.core.atomic import atomic_write_text
from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.paths import AppPaths

pytestmark = [
    pytest.mark.engine,
    pytest.mark.skipif(os.name == "nt", reason="other platform: POSIX file modes"),
]

SRC = str(Path(__file__).resolve().parents[1] / "src")

WINDOW_SCRIPT = """
import asyncio, sys
from pathlib import Path
import qasync
from PySide6.QtWidgets import QApplication
app = QApplication([])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import SettingsStore
from agentic_desk.ui.app import build_window
window, engine, _theme = build_window(loop, model=sys.argv[1])
window.show()
export = Path(sys.argv[2])

def exported(path):
    print("exported", path, flush=True)
    SettingsStore(AppPaths.from_env().settings_file).update({"ui.theme": "dark"})
    window.close()
    engine.close()
    app.quit()

def replied(conv_id_unused, result):
    print("replied", flush=True)
    window.export_conversation(window.current_id, "md", str(export))

window.exported.connect(exported)
window.controller.reply_finished.connect(replied)
window.input.setPlainText("a private question")
window.send_current()
app.aboutToQuit.connect(loop.stop)
with loop:
    loop.run_forever()
print("closed", flush=True)
"""


def _umask_022() -> None:
    os.umask(0o022)


def run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "AGENTIC_DESK_HOME": str(home),
        "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")]),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        preexec_fn=_umask_022,  # only sets the umask
    )


def loose_modes(home: Path) -> list[str]:
    """Every folder under ``home`` (and itself) not 0700 and every file not 0600."""
    loose: list[str] = []
    for folder, folders, files in os.walk(home):
        for name in [".", *folders]:
            path = Path(folder, name)
            if stat.S_IMODE(path.lstat().st_mode) != 0o700:
                loose.append(f"{path} {oct(stat.S_IMODE(path.lstat().st_mode))}")
        for name in files:
            path = Path(folder, name)
            if stat.S_IMODE(path.lstat().st_mode) != 0o600:
                loose.append(f"{path} {oct(stat.S_IMODE(path.lstat().st_mode))}")
    return loose


def test_a_real_run_leaves_only_private_files(tmp_path: Path, scripted_model: Path) -> None:
    home = tmp_path / "home"
    export = home / "exports-by-default.md"
    window = run(["-c", WINDOW_SCRIPT, str(scripted_model), str(export)], home)
    assert window.returncode == 0, window.stderr
    assert "replied" in window.stdout and "closed" in window.stdout, window.stderr
    assert "a private question" in export.read_text("utf-8")
    assert json.loads((home / "settings.json").read_text())["ui"]["theme"] == "dark"

    chat = run(
        ["-m", "agentic_desk", "chat", "--model", str(scripted_model), "--temperature", "0", "hi"],
        home,
    )
    assert chat.returncode == 0, chat.stderr
    assert chat.stdout == tm.SENTENCE + "\n"
    listed = run(["-m", "agentic_desk", "conversations", "list"], home)
    assert listed.returncode == 0, listed.stderr
    ids = [line.split()[0] for line in listed.stdout.splitlines()]
    assert len(ids) == 2  # the window's conversation and the one the terminal chat saved
    conv_id = ids[0]
    out = home / "cli-export.json"
    exported = run(
        ["-m", "agentic_desk", "conversations", "export", conv_id, "--format", "json",
         "--output", str(out)],
        home,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert json.loads(out.read_text())["format"] == "agentic-desk-conversation"

    written = {p.relative_to(home).as_posix() for p in home.rglob("*")}
    for expected in ("settings.json", "state.json", "conversations.db", "logs", "cache"):
        assert expected in written, sorted(written)
    assert loose_modes(home) == []


def test_folders_made_private_whatever_the_umask_and_tightened(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        root = tmp_path / "data"
        (root / "logs").mkdir(parents=True)  # from an older version: 0755
        (root / "logs").chmod(0o755)
        root.chmod(0o755)
        old_settings = root / "settings.json"
        old_settings.write_text("{}")
        old_settings.chmod(0o644)
        old_log = root / "logs" / "agentic-desk.log.1"
        old_log.write_text("old")
        old_log.chmod(0o644)
        elsewhere = tmp_path / "shared-models"
        elsewhere.mkdir(mode=0o755)
        elsewhere.chmod(0o755)
        paths = AppPaths.for_root(root).ensure()
        for folder in (paths.root, paths.logs_dir, paths.cache_dir, paths.models_dir):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        for old_file in (old_settings, old_log):  # left by an older version: tightened
            assert stat.S_IMODE(old_file.stat().st_mode) == 0o600, old_file
        AppPaths.for_root(root, elsewhere).ensure()
        assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o755  # the user's own folder
        created = tmp_path / "new-models"
        AppPaths.for_root(root, created).ensure()
        assert stat.S_IMODE(created.stat().st_mode) == 0o700

        target = root / "settings.json"
        target.write_text("{}")
        target.chmod(0o644)
        atomic_write_text(target, "{}\n")  # replaced: private
        atomic_write_text(root / "new.json", "{}\n")
        for path in (target, root / "new.json"):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path

        log_path = diagnostics.setup_logging(paths.logs_dir)
        try:
            logging.getLogger("agentic_desk.test").warning("a line")
            assert stat.S_IMODE(log_path.stat().st_mode) == 0o600
        finally:
            diagnostics.stop_logging()

        with ConversationStore(paths.conversations_db):
            pass
        assert loose_modes(root) == []
    finally:
        os.umask(old)


def test_the_trash_from_the_command_line(tmp_path: Path) -> None:
    """conversations delete / trash list / restore / empty, as a user runs them."""
    home = tmp_path / "home"
    source = tmp_path / "elsewhere.db"
    with ConversationStore(source) as store:
        conv = store.create_conversation(title="Trip notes")
        store.add_user_message(conv.id, "pack the zqxvcli marker")
        exported = tmp_path / "trip.json"
        exported.write_text(json.dumps(store.export_json(conv.id)), "utf-8")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        result = run(["-m", "agentic_desk", "conversations", *args], home)
        assert result.returncode == 0, result.stderr
        return result

    conv_id = cli("import", str(exported)).stdout.strip()
    cli("delete", conv_id)
    assert cli("list").stdout == ""
    assert conv_id in cli("trash", "list").stdout and "Trip notes" in cli("trash").stdout
    cli("trash", "restore", conv_id)
    assert conv_id in cli("list").stdout and cli("trash", "list").stdout == ""
    cli("delete", conv_id)
    assert "1 conversation(s) erased" in cli("trash", "empty").stderr
    assert cli("trash", "list").stdout == "" and cli("list").stdout == ""
    missing = run(["-m", "agentic_desk", "conversations", "trash", "restore", conv_id], home)
    assert missing.returncode == 2 and "error:" in missing.stderr
    raw = b"".join(p.read_bytes() for p in home.iterdir() if p.name.startswith("conversations.db"))
    assert b"zqxvcli" not in raw
    assert loose_modes(home) == []
