"""Moving the models folder: checks before the move, copy + verify, cancel, undo."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from agentic_desk.core.models import relocate
from agentic_desk.core.models.relocate import (
    MoveCancelled,
    MoveProgress,
    RelocateError,
    copy_models,
    plan_move,
    remove_old,
)
from agentic_desk.core.models.store import MANIFEST, ModelStore


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def models(tmp_path: Path, scripted_model: Path) -> Path:
    """A models folder with a real imported model, a referenced one, a partial download
    and an in-use marker of a process that is gone."""
    root = tmp_path / "models"
    store = ModelStore(root)
    store.ensure()
    store.import_folder(scripted_model, name="scripted")
    store.import_folder(scripted_model, name="referenced", in_place=True)
    partial = root / ".partial" / "big--cpu"
    partial.mkdir(parents=True)
    (partial / "model.onnx.data.part").write_bytes(b"x" * (3 * relocate.CHUNK + 17))
    (root / ".in-use").mkdir()
    (root / ".in-use" / "abc.999999999").write_text("gone")
    return root


def test_a_move_copies_verifies_rewrites_manifests_then_removes_the_old_folder(
    models: Path, tmp_path: Path, scripted_model: Path
) -> None:
    before = snapshot(models)
    target = tmp_path / "elsewhere" / "models"
    plan = plan_move(models, target)
    assert plan.models == 2
    assert plan.total_bytes == sum(len(v) for k, v in before.items() if ".in-use" not in k)
    seen: list[MoveProgress] = []
    copy_models(plan, progress=seen.append)
    assert snapshot(models) == before  # the old folder is untouched until remove_old
    assert {p.phase for p in seen} == {"copying", "verifying"}
    assert seen[-1].done_bytes == plan.total_bytes
    moved = ModelStore(target)
    assert [m.id for m in moved.installed()] == ["referenced", "scripted"]
    assert moved.get("scripted").path == target / "scripted"
    assert moved.get("referenced").path == scripted_model  # referenced in place: unchanged
    assert moved.verify("scripted").ok
    assert (target / ".partial/big--cpu/model.onnx.data.part").stat().st_size == (
        3 * relocate.CHUNK + 17
    )
    assert not (target / ".in-use").exists()
    remove_old(plan)
    assert not models.exists()


def test_cancel_removes_the_partial_copy_and_keeps_the_old_folder(
    models: Path, tmp_path: Path
) -> None:
    before = snapshot(models)
    target = tmp_path / "new"
    plan = plan_move(models, target)
    cancel = threading.Event()

    def progress(p: MoveProgress) -> None:
        if p.phase == "copying" and p.done_bytes >= relocate.CHUNK:  # mid-way, in a big file
            cancel.set()

    with pytest.raises(MoveCancelled) as info:
        copy_models(plan, cancel=cancel, progress=progress)
    assert info.value.hint == "The models are still in the old folder."
    assert not target.exists()  # it did not exist before: removed entirely
    assert snapshot(models) == before


def test_cancel_keeps_an_existing_empty_destination(models: Path, tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(MoveCancelled):
        copy_models(plan_move(models, target), cancel=cancel)
    assert target.is_dir() and list(target.iterdir()) == []


def test_not_enough_space_is_refused_with_the_numbers(models: Path, tmp_path: Path) -> None:
    asked: list[Path] = []

    def free(folder: Path) -> int:
        asked.append(folder)
        return 1024 * 1024

    with pytest.raises(RelocateError) as info:
        plan_move(models, tmp_path / "a" / "b", free_space=free)
    assert asked == [tmp_path]  # the nearest folder that exists
    assert "There is not enough free space at" in info.value.message
    assert "only 1.0 MB is free" in info.value.message
    assert info.value.hint == "Free some space there, or choose a folder on another disk."
    assert not (tmp_path / "a").exists()


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("same", "is already the models folder"),
        ("inside", "is inside the current models folder"),
        ("nonempty", "is not empty"),
        ("file", "is a file, not a folder"),
    ],
)
def test_bad_destinations_are_refused(
    models: Path, tmp_path: Path, where: str, expected: str
) -> None:
    target = {
        "same": models,
        "inside": models / "sub",
        "nonempty": tmp_path / "full",
        "file": tmp_path / "afile",
    }[where]
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    (tmp_path / "afile").write_text("x")
    with pytest.raises(RelocateError, match=expected):
        plan_move(models, target)


def test_a_loaded_model_is_not_moved(models: Path, tmp_path: Path) -> None:
    store = ModelStore(models)
    with store.mark_in_use(store.get("scripted").path), pytest.raises(RelocateError) as info:
        plan_move(models, tmp_path / "new")
    assert info.value.message == "The model scripted is loaded, so its files cannot be moved now."


def test_a_copy_that_does_not_match_is_undone(models: Path, tmp_path: Path) -> None:
    """A file that changes under the copy (as a failing disk would make it) fails the check."""
    target = tmp_path / "new"
    plan = plan_move(models, target)
    damaged: list[str] = []

    def progress(p: MoveProgress) -> None:
        if p.phase == "verifying" and not damaged:
            copy = target / p.current
            copy.write_bytes(b"?" + copy.read_bytes()[1:])
            damaged.append(p.current)

    with pytest.raises(RelocateError, match="does not match the original"):
        copy_models(plan, progress=progress)
    assert not target.exists()
    assert json.loads((models / "scripted" / MANIFEST).read_text())["location"] == str(
        models / "scripted"
    )


def test_an_empty_models_folder_moves_too(tmp_path: Path) -> None:
    source = tmp_path / "models"
    ModelStore(source).ensure()
    plan = plan_move(source, tmp_path / "new")
    copy_models(plan)
    remove_old(plan)
    assert (tmp_path / "new" / ".partial").is_dir() and not source.exists()


# ---- the job and `agentic-desk models move` ---------------------------------------------------


def test_the_move_job_switches_then_removes_and_a_failed_switch_keeps_everything(
    models: Path, tmp_path: Path
) -> None:
    before = snapshot(models)
    target = tmp_path / "new"

    def refuse(_destination: Path) -> None:
        raise RelocateError("The settings could not be saved.", "Try again.")

    job = relocate.MoveModelsJob(plan_move(models, target), refuse)
    with pytest.raises(RelocateError, match="settings could not be saved"):
        job.run()
    assert snapshot(models) == before and not target.exists()

    switched: list[Path] = []
    seen: list[MoveProgress] = []
    job = relocate.MoveModelsJob(plan_move(models, target), switched.append)
    job.on_progress(seen.append)
    assert job.run().destination == target
    assert switched == [target] and not models.exists()
    assert ModelStore(target).verify("scripted").ok
    permilles = [p.permille for p in seen]
    assert permilles == sorted(permilles) and permilles[-1] == 1000
    assert len(seen) < 1000  # reported as the numbers move, not for every block


def test_a_cancelled_move_job_is_a_job_cancel(models: Path, tmp_path: Path) -> None:
    from agentic_desk.core.jobs import JobCancelled

    before = snapshot(models)
    job = relocate.MoveModelsJob(plan_move(models, tmp_path / "new"), lambda _d: None)

    def cancel_mid_copy(p: MoveProgress) -> None:
        if p.phase == "copying" and p.done_bytes:
            job.cancel()

    job.on_progress(cancel_mid_copy)
    with pytest.raises(JobCancelled) as info:
        job.run()
    assert isinstance(info.value, MoveCancelled)
    assert info.value.hint == "The models are still in the old folder."
    assert snapshot(models) == before and not (tmp_path / "new").exists()


def desk_cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "agentic_desk", *args]


@pytest.fixture
def home_models(scripted_model: Path) -> Path:
    """The scripted model in the default models folder of the test's data root, and a
    3 MiB partial download (so a copy can be caught mid-way)."""
    root = Path(os.environ["AGENTIC_DESK_HOME"]) / "models"
    store = ModelStore(root)
    store.ensure()
    store.import_folder(scripted_model, name="scripted")
    partial = root / ".partial" / "big"
    partial.mkdir(parents=True)
    (partial / "weights.part").write_bytes(os.urandom(3 * relocate.CHUNK))
    return root


def settings_json() -> dict[str, Any]:
    path = Path(os.environ["AGENTIC_DESK_HOME"]) / "settings.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def test_cli_move_copies_switches_the_setting_and_lists_from_there(
    home_models: Path, tmp_path: Path
) -> None:
    target = tmp_path / "other-disk" / "models"
    done = subprocess.run(
        desk_cli("models", "move", str(target)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Moving 1 model (" in done.stderr and f"to {target}…" in done.stderr
    assert "100%  Checking" in done.stderr  # progress on stderr, one line per 10% off a tty
    assert done.stdout == f"Moved 1 model to {target}; the settings point there now.\n"
    assert settings_json()["models_dir"] == str(target)
    assert not home_models.exists()
    assert ModelStore(target).verify("scripted").ok
    listed = subprocess.run(
        desk_cli("models", "list"), capture_output=True, text=True, timeout=120, check=True
    )
    assert listed.stdout.startswith("scripted\n") and "verified" in listed.stdout


def test_cli_move_refuses_a_folder_inside_and_changes_nothing(
    home_models: Path, tmp_path: Path
) -> None:
    before = snapshot(home_models)
    refused = subprocess.run(
        desk_cli("models", "move", str(home_models / "inner")),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 2
    assert refused.stderr.startswith(
        f"error: {home_models / 'inner'} is inside the current models folder"
    )
    assert "  Choose a folder outside it" in refused.stderr
    assert snapshot(home_models) == before and "models_dir" not in settings_json()


def test_cli_move_without_room_says_so(
    home_models: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from agentic_desk.cli import main

    monkeypatch.setattr(relocate, "disk_free", lambda _folder: 1024 * 1024)
    assert main(["models", "move", str(tmp_path / "small")]) == 2
    err = capsys.readouterr().err
    assert "error: There is not enough free space at" in err and "only 1.0 MB is free" in err
    assert not (tmp_path / "small").exists() and "models_dir" not in settings_json()


def test_cli_move_ctrl_c_cancels_and_keeps_the_old_folder(
    home_models: Path, tmp_path: Path
) -> None:
    """The copy is held after its first block (test hook) until the cancel arrives, so the
    test does not depend on timing; Ctrl+C reaches the process group, as in a terminal."""
    before = snapshot(home_models)
    target = tmp_path / "new"
    env = {**os.environ, "AGENTIC_DESK_TEST_HOOKS": "1", "AGENTIC_DESK_TEST_MOVE_HOLD": "copying"}
    with subprocess.Popen(
        desk_cli("models", "move", str(target)),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as proc:
        assert proc.stderr is not None and proc.stdout is not None
        lines = []
        for line in proc.stderr:
            lines.append(line)
            if "held mid-copy" in line:
                os.killpg(proc.pid, signal.SIGINT)
                break
        rest = proc.stderr.read()
        assert proc.wait(60) == 130, "".join(lines) + rest
        assert proc.stdout.read() == ""
    assert rest.strip().endswith("The move was cancelled. The models are still in the old folder.")
    assert snapshot(home_models) == before
    assert not target.exists() and "models_dir" not in settings_json()
