"""Moving the models folder: checks before the move, copy + verify, cancel, undo."""

from __future__ import annotations

import json
import threading
from pathlib import Path

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
