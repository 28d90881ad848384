"""The local model store (import, list, verify, remove) and the catalog with fit verdicts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import tiny_models as tm
from agentic_desk.core.engine import LocalEngine
from agentic_desk.core.engine import errors as engine_errors
from agentic_desk.core.models import catalog as cat
from agentic_desk.core.models import hub
from agentic_desk.core.models.store import (
    ModelInUse,
    ModelNotInstalled,
    ModelStore,
    verification,
)
from hub_server import HubServer

GB = 1024**3


@pytest.fixture
def store(tmp_path: Path) -> ModelStore:
    models = ModelStore(tmp_path / "models")
    models.ensure()
    return models


# ---- store -----------------------------------------------------------------------------------


def test_import_copies_and_lists(store: ModelStore, scripted_model: Path) -> None:
    model = store.import_folder(scripted_model, name="my tiny")
    assert model.id == "my-tiny"
    assert model.kind == "cpu" and model.source == "import" and model.verified is None
    assert verification(model).key == "unverified"
    [listed] = store.installed()
    assert listed.id == "my-tiny"
    assert listed.path == store.root / "my-tiny"
    assert listed.size_bytes == sum(p.stat().st_size for p in scripted_model.iterdir())
    assert store.resolve("my-tiny") == store.root / "my-tiny"
    assert store.resolve(str(scripted_model)) == scripted_model


def test_import_in_place_references_the_folder(store: ModelStore, scripted_model: Path) -> None:
    model = store.import_folder(scripted_model, in_place=True)
    assert model.in_place and model.path == scripted_model
    assert sorted(p.name for p in (store.root / model.id).iterdir()) == ["agentic-desk-model.json"]
    store.remove(model.id)
    assert scripted_model.is_dir()  # removing a reference never deletes the user's folder
    assert store.installed() == []


def test_import_refuses_a_broken_folder(store: ModelStore, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    with pytest.raises(engine_errors.ConfigMissing):
        store.import_folder(broken)
    assert store.installed() == []


def test_verify_detects_a_damaged_file(store: ModelStore, scripted_model: Path) -> None:
    model = store.import_folder(scripted_model)
    assert store.verify(model.id).ok
    onnx_file = model.path / "model.onnx"
    data = bytearray(onnx_file.read_bytes())
    data[100] ^= 0xFF
    onnx_file.write_bytes(bytes(data))
    result = store.verify(model.id)
    assert not result.ok
    assert result.problems == ["model.onnx is damaged (its SHA-256 does not match)"]
    assert store.get(model.id).verified is False
    (model.path / "tokenizer.json").unlink()
    assert "tokenizer.json is missing" in store.verify(model.id).problems


def test_remove_refuses_while_loaded(store: ModelStore, scripted_model: Path) -> None:
    model = store.import_folder(scripted_model, name="tiny")
    with LocalEngine(store=store) as engine:
        engine.load("tiny")
        with pytest.raises(ModelInUse) as err:
            store.remove("tiny")
        assert err.value.message.startswith("The model tiny is loaded (process ")
        engine.unload()
        store.remove("tiny")
    assert not model.path.exists()
    with pytest.raises(ModelNotInstalled):
        store.get("tiny")


def test_stale_in_use_markers_are_ignored(store: ModelStore, scripted_model: Path) -> None:
    model = store.import_folder(scripted_model, name="tiny")
    marker_dir = store.root / ".in-use"
    marker_dir.mkdir()
    name = store._marker_name(model.path)
    (marker_dir / f"{name}.999999999").write_text("x")  # a process that no longer exists
    store.remove("tiny")
    assert not list(marker_dir.iterdir())


# ---- catalog and fit -------------------------------------------------------------------------


ENTRY = cat.CatalogEntry(
    repo_id="agentic-desk-tests/tiny-onnx",
    name="Tiny",
    family="test",
    licence="MIT",
    parameters_b=0.0001,
    context_length=256,
    rank=1,
    description="a test model",
)


@pytest.fixture
def hub_repo(tmp_path: Path, scripted_model: Path) -> Path:
    root = tmp_path / "repo"
    for folder, provider in (("cpu_and_mobile/cpu-int4", None), ("cuda/cuda-fp16", "cuda")):
        dest = root / folder
        dest.mkdir(parents=True)
        for item in scripted_model.iterdir():
            (dest / item.name).write_bytes(item.read_bytes())
        if provider:
            config = json.loads((dest / "genai_config.json").read_text())
            config["model"]["decoder"]["session_options"] = {"provider_options": [{provider: {}}]}
            (dest / "genai_config.json").write_text(json.dumps(config))
    return root


@pytest.fixture
def online(hub_repo: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer({ENTRY.repo_id: hub_repo}) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
        yield server


def test_shipped_catalog_has_the_phi_family() -> None:
    entries = {e.repo_id: e for e in cat.shipped_entries()}
    for repo in (
        "microsoft/Phi-4-mini-instruct-onnx",
        "microsoft/Phi-3.5-mini-instruct-onnx",
        "microsoft/Phi-3-mini-4k-instruct-onnx",
        "microsoft/Phi-3-mini-128k-instruct-onnx",
    ):
        assert entries[repo].licence == "MIT"
    assert entries["microsoft/Phi-3-mini-4k-instruct-onnx"].context_length == 4096


def test_offline_catalog_says_size_unknown(tmp_path: Path) -> None:
    catalog = cat.Catalog.load(tmp_path, [ENTRY])
    [view] = catalog.views()
    assert not view.sizes_known
    assert cat.size_text(view) == "size unknown until online"


def test_refresh_then_offline_keeps_the_last_state(
    tmp_path: Path, online: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = cat.Catalog.load(tmp_path, [ENTRY])
    assert catalog.refresh() == []
    [view] = catalog.views()
    assert {v.kind for v in view.snapshot.variants} == {"cpu", "cuda"}  # type: ignore[union-attr]
    sizes = {v.folder: v.size for v in view.snapshot.variants}  # type: ignore[union-attr]
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # offline now
    problems = catalog.refresh()
    assert problems[0].startswith("Tiny: The model hub at http://127.0.0.1:9 cannot be reached")
    [view] = catalog.views()
    assert {v.folder: v.size for v in view.snapshot.variants} == sizes  # type: ignore[union-attr]
    assert view.error is not None


def variant(
    kind: str = "cpu",
    weights: int = 2 * GB,
    layers: int = 32,
    kv_heads: int = 8,
    head: int = 128,
    context: int = 131072,
) -> hub.RemoteVariant:
    from agentic_desk.core.models.store import ModelFile

    return hub.RemoteVariant(
        f"{kind}/{kind}-int4",
        kind,
        (ModelFile("model.onnx.data", weights),),
        context,
        layers,
        kv_heads,
        head,
    )


def machine(
    ram: int = 16 * GB,
    disk: int = 100 * GB,
    providers: tuple[str, ...] = ("cpu",),
    vram: int | None = None,
) -> cat.Machine:
    return cat.Machine(ram, disk, providers, vram)


def test_kv_cache_size() -> None:
    # 2 (k, v) x 32 layers x 8 heads x 128 x 4096 tokens x 4 bytes (fp32 on CPU)
    assert cat.kv_cache_bytes(variant(), 4096) == 2 * 32 * 8 * 128 * 4096 * 4
    assert cat.kv_cache_bytes(variant("cuda"), 4096) == 2 * 32 * 8 * 128 * 4096 * 2


def test_fit_verdicts_with_reasons() -> None:
    # Phi-4-mini's shape: 256 KiB of fp32 cache a token, a 131,072-token model.
    fits = cat.fit(variant(), machine(ram=16 * GB))
    assert fits.verdict == "fits"
    assert fits.context is not None and fits.context.tokens == 16_384  # not 131,072
    assert fits.reason.startswith(
        "Fits 16,384-token conversations: about 8.1 GB (2.0 GB of weights, 4.0 GB of cache, "
        "2.1 GB for the runtime) of the 16.0 GB of memory (RAM) free now. 16,384 tokens, the "
        "default (the model can go to 131,072): 4.0 GB of cache; a conversation may grow to "
    )
    tight = cat.fit(variant(), machine(ram=7 * GB))
    assert tight.verdict == "tight"
    assert tight.context is not None and tight.context.tokens == 6_144
    assert tight.reason.startswith("Tight: only 6,144-token conversations")
    assert tight.reason.endswith("Close other apps for longer conversations.")
    no = cat.fit(variant(), machine(ram=5 * GB))
    assert no.verdict == "will not fit"
    assert no.reason == (
        "This model needs at least 4.6 GB (2.0 GB of weights, 512 MB of cache for 2,048 tokens "
        "and 2.1 GB for the runtime), but 5.0 GB of memory is free and 1.0 GB of it is kept "
        "for the rest of the system."
    )
    disk = cat.fit(variant(), machine(disk=1 * GB))
    assert disk.verdict == "will not fit"
    assert disk.reason.startswith("The download needs 2.0 GB of disk and only 1.0 GB is free")
    gpu = cat.fit(variant("cuda"), machine())
    assert gpu.reason == "This variant needs an NVIDIA GPU with CUDA, which is not usable here."
    on_gpu = cat.fit(variant("cuda"), machine(providers=("cuda", "cpu"), vram=8 * GB))
    assert on_gpu.verdict == "fits" and "of GPU memory free now" in on_gpu.reason
    unknown = cat.fit(variant(layers=0), machine())
    assert unknown.verdict == "unknown"


def test_the_context_setting_changes_the_verdict() -> None:
    assert cat.fit(variant(), machine(ram=8 * GB), 4096).verdict == "fits"
    too_long = cat.fit(variant(), machine(ram=8 * GB), 65536)
    assert too_long.verdict == "will not fit"
    assert too_long.reason.startswith(
        "The context set in Settings (65,536 tokens) needs 20.1 GB (2.0 GB of weights, "
        "16.0 GB of cache for 65,536 tokens and 2.1 GB for the runtime), but 8.0 GB of "
        "memory is free and 1.6 GB of it is kept for the rest of the system; "
    )


def test_recommendation_prefers_rank_then_gpu(tmp_path: Path) -> None:
    snap = hub.RepoSnapshot("a/b", "0" * 40, [variant("cpu"), variant("cuda")], 1.0)
    big = hub.RepoSnapshot("c/d", "1" * 40, [variant("cpu", weights=40 * GB)], 1.0)
    views = [
        cat.CatalogView(cat.CatalogEntry("c/d", "Big", "x", "MIT", 70, 4096, 1, ""), big),
        cat.CatalogView(ENTRY, snap),
    ]
    cpu_only = cat.recommend(views, machine())
    assert cpu_only is not None
    assert (cpu_only.entry.name, cpu_only.variant.kind) == ("Tiny", "cpu")  # Big does not fit
    with_gpu = cat.recommend(views, machine(providers=("cuda", "cpu"), vram=12 * GB))
    assert with_gpu is not None and with_gpu.variant.kind == "cuda"
    assert cat.recommend([cat.CatalogView(ENTRY, None)], machine()) is None


# ---- the CLI ---------------------------------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agentic_desk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=dict(os.environ),
    )


def test_cli_hw_reports_this_machine() -> None:
    text = cli("hw")
    assert text.returncode == 0, text.stderr
    assert "CPU" in text.stdout and "RAM" in text.stdout
    data = json.loads(cli("hw", "--json").stdout)
    assert data["providers"]["usable"][-1] == "cpu"
    assert data["memory"]["total_bytes"] > 0


def test_cli_import_list_verify_remove(scripted_model: Path) -> None:
    assert cli("models", "list").stdout.startswith("No models installed.")
    imported = cli("models", "import", str(scripted_model), "--name", "tiny")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("Imported tiny (cpu, ")
    listing = cli("models", "list")
    assert listing.stdout.splitlines()[0] == "tiny"
    assert "cpu" in listing.stdout and "unverified (imported)" in listing.stdout
    assert cli("models", "verify", "tiny").stdout == (
        "tiny: its files are unchanged since it was added. It stays unverified: there are no "
        "checksums from its source to check it against.\n"
    )
    chat = cli("chat", "--model", "tiny", "--temperature", "0", "hi")
    assert chat.stdout == tm.SENTENCE + "\n"
    refused = cli("models", "remove", "tiny")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert cli("models", "remove", "tiny", "--yes").stdout == "Removed tiny.\n"
    missing = cli("models", "remove", "tiny", "--yes")
    assert missing.returncode == 2
    assert "No installed model has the id 'tiny'." in missing.stderr


def test_cli_catalog_offline_and_online(hub_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    offline = cli("models", "catalog", "--json", "--refresh")
    data = json.loads(offline.stdout)
    assert data["models"][0]["repo_id"] == "microsoft/Phi-4-mini-instruct-onnx"
    assert all(not m["sizes_known"] for m in data["models"])
    assert data["recommended"] is None
    assert "warning: could not refresh Phi-4 mini instruct: The model hub" in offline.stderr
    assert "size unknown until online" in cli("models", "catalog").stdout
    # The test server plays one catalog entry (the tiny model under Phi-3-mini-4k's name).
    phi3 = "microsoft/Phi-3-mini-4k-instruct-onnx"
    with HubServer({phi3: hub_repo}) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
        online = cli("models", "catalog", "--refresh", "--json")
    data = json.loads(online.stdout)
    entry = next(m for m in data["models"] if m["repo_id"] == phi3)
    assert entry["sizes_known"]
    assert {(v["kind"], v["fit"]) for v in entry["variants"]} == {
        ("cpu", "fits"),
        ("cuda", "will not fit"),
    }
    assert data["recommended"]["repo_id"] == phi3
    assert data["recommended"]["kind"] == "cpu"
    # offline again: the last fetched state is still shown
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    text = cli("models", "catalog").stdout
    assert "Recommended here: Phi-3 mini 4k instruct, cpu_and_mobile/cpu-int4 (cpu)" in text
