"""What "verified" means for an installed model, in every front end's words: checked
against its source's hashes (a download: the Hub's LFS SHA-256). A folder imported from
disk has no source hashes: it is "unverified", even when its weights are garbage (4 MB of
0xFF written into SmolLM2's model.onnx.data), and says so in `models import`, `models
list`, `models list --json` and `models verify` (the window: test_gui_models)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import tiny_models as tm
from agentic_desk import cli
from agentic_desk.core.atomic import atomic_write_json
from agentic_desk.core.models.store import MANIFEST, ModelStore, verification
from agentic_desk.core.paths import AppPaths
from hub_server import HubServer

TINY = "agentic-desk-tests/tiny-onnx"
CPU_FOLDER = "cpu_and_mobile/cpu-int4-rtn-block-32"
GARBAGE = b"\xff" * (4 * 1024 * 1024)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def listed(capsys: pytest.CaptureFixture[str]) -> tuple[str, list[dict[str, object]]]:
    code, text, err = run(capsys, "models", "list")
    assert code == 0, err
    code, data, err = run(capsys, "models", "list", "--json")
    assert code == 0, err
    return text, json.loads(data)


def damage(folder: Path, garbage: bytes = GARBAGE) -> None:
    """Overwrite the middle of model.onnx.data (same size: the folder checks pass)."""
    data = folder / "model.onnx.data"
    data.chmod(0o644)
    with data.open("r+b") as fh:
        fh.seek((data.stat().st_size - len(garbage)) // 2)
        fh.write(garbage)


def test_a_corrupted_copy_of_smollm2_is_refused_and_the_intact_one_is_unverified(
    real_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "smollm2-damaged"
    shutil.copytree(real_model, damaged)
    damage(damaged)
    code, out, err = run(capsys, "models", "import", str(damaged), "--name", "damaged")
    assert code == 2 and out == ""
    assert err.startswith(f"error: The model in {damaged} is damaged: ")
    assert "of its weight tensors hold values that are not numbers (NaN), in model.onnx.data" in err
    assert "(the first: model.layers." in err
    assert "Nothing was imported." in err and "Traceback" not in err
    assert listed(capsys)[1] == []
    # the intact model (referenced in place: nothing copied) is imported, as unverified
    code, out, err = run(capsys, "models", "import", str(real_model), "--in-place")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(f"Imported {real_model.name} (cpu, ")
    assert lines[0].endswith("), unverified.")
    assert "comes with no checksums to verify it against" in lines[1]
    assert (
        "floating-point weights hold no NaN; the weights themselves were not verified" in (lines[1])
    )
    text, data_json = listed(capsys)
    assert text.splitlines()[1].split(", ")[2] == "unverified (imported)"
    assert " verified" not in text.replace("unverified", "")
    [entry] = data_json
    assert entry["verified"] is None and entry["verification"] == "unverified"
    assert "no checksums" in str(entry["verification_note"])
    # `models verify` can only say the files did not change since the import
    code, out, _err = run(capsys, "models", "verify", real_model.name)
    assert code == 0
    assert "unchanged since it was added. It stays unverified" in out
    assert listed(capsys)[1][0]["verification"] == "unverified"


@pytest.fixture
def external(tmp_path: Path, scripted_model: Path) -> Path:
    """A copy of the scripted model with its (float) weights in model.onnx.data."""
    return tm.copy_with_external_weights(scripted_model, tmp_path / "external")


def test_garbage_in_float_weights_is_refused_zeros_are_not_seen(
    external: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    size = (external / "model.onnx.data").stat().st_size
    zeros = external.parent / "zeros"
    shutil.copytree(external, zeros)
    damage(zeros, b"\x00" * (size // 4))
    damage(external, b"\xff" * (size // 4))
    code, _out, err = run(capsys, "models", "import", str(external))
    assert code == 2 and "hold values that are not numbers (NaN)" in err
    # zeroed weights are numbers: this check cannot see them, and the import says so
    code, out, err = run(capsys, "models", "import", str(zeros))
    assert code == 0, err
    assert out.startswith("Imported zeros (cpu, ") and "unverified" in out


def test_an_imported_tiny_model_is_unverified_until_changed_then_damaged(
    scripted_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "models", "import", str(scripted_model), "--name", "tiny")
    assert code == 0, err
    assert out.startswith("Imported tiny (cpu, ") and "unverified" in out
    _text, [entry] = listed(capsys)
    assert (entry["verified"], entry["verification"]) == (None, "unverified")
    store = ModelStore(AppPaths.from_env().models_dir)
    onnx = store.get("tiny").path / "model.onnx"
    onnx.write_bytes(onnx.read_bytes()[:-1] + b"\x00")
    code, out, _err = run(capsys, "models", "verify", "tiny")
    assert code == 1
    assert out.splitlines()[-1] == "Import or convert the model again (remove it first)."
    text, [entry] = listed(capsys)
    assert (entry["verified"], entry["verification"]) == (False, "damaged")
    assert ", DAMAGED, " in text


def test_an_old_manifest_that_called_an_import_verified_is_read_as_unverified(
    scripted_model: Path,
) -> None:
    store = ModelStore(AppPaths.from_env().models_dir)
    store.ensure()
    model = store.import_folder(scripted_model, name="old")
    manifest = store.folder("old") / MANIFEST
    data = json.loads(manifest.read_text())
    data["verified"] = True  # what imports recorded before
    atomic_write_json(manifest, data)
    assert store.get("old").verified is None
    assert verification(store.get("old")).label == "unverified (imported)"
    assert model.id == "old"


# ---- a download is verified ----------------------------------------------------------------


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    model = tm.build_scripted_model(tmp_path / "tiny-model")
    repo = tmp_path / "repo"
    shutil.copytree(model, repo / CPU_FOLDER)
    (repo / CPU_FOLDER / "weights.data").write_bytes(os.urandom(256 * 1024))  # an LFS file
    with HubServer({TINY: repo}) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
        monkeypatch.delenv("HF_TOKEN", raising=False)
        yield server


def test_a_download_from_the_hub_is_verified(
    hub: HubServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "models", "download", TINY, "--variant", CPU_FOLDER)
    assert code == 0, err
    assert err.splitlines()[-1].endswith(", verified).")
    text, [entry] = listed(capsys)
    assert text.splitlines()[1].split(", ")[2] == "verified"
    assert (entry["verified"], entry["verification"]) == (True, "verified")
    assert "the Hub published" in str(entry["verification_note"])
    model_id = str(entry["id"])
    code, out, _err = run(capsys, "models", "verify", model_id)
    assert (code, out) == (0, f"{model_id}: all files verified.\n")
