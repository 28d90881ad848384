"""Embedding models through the model manager: a repo laid out like the ONNX exports of
sentence-embedding models (tokenizer.json at the root, the model in onnx/) is one
"embedding" variant, downloaded and verified like any model from the local Hub server,
then found and run by the libraries."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from agentic_desk.core.library.embedding import OnnxEmbedder
from agentic_desk.core.library.service import find_embedding_model, is_embedding_model
from agentic_desk.core.library.tiny_embedder import build_tiny_embedder
from agentic_desk.core.models import catalog as cat
from agentic_desk.core.models import hub
from agentic_desk.core.models.store import file_sha256
from hub_server import HubServer, download_verified

REPO = "agentic-desk-tests/tiny-embedder"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The repo's files: like Xenova's exports, with a quantized model that is not taken."""
    built = build_tiny_embedder(tmp_path / "built")
    root = tmp_path / "repo"
    (root / "onnx").mkdir(parents=True)
    shutil.copy(built / "tokenizer.json", root / "tokenizer.json")
    shutil.copy(built / "model.onnx", root / "onnx" / "model.onnx")
    shutil.copy(built / "model.onnx", root / "onnx" / "model_quantized.onnx")
    (root / "config.json").write_text(json.dumps({"model_type": "bert"}))
    (root / "README.md").write_text("A tiny embedding model for tests.")
    return root


@pytest.fixture
def server(repo: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer({REPO: repo}) as srv:
        monkeypatch.setenv("HF_ENDPOINT", srv.endpoint)
        yield srv


def test_an_embedding_repo_is_one_embedding_variant(server: HubServer) -> None:
    snapshot = hub.fetch_snapshot(REPO)
    [variant] = snapshot.variants
    assert (variant.kind, variant.folder) == ("embedding", "")
    assert sorted(f.path for f in variant.files) == [
        "config.json",
        "onnx/model.onnx",
        "tokenizer.json",
    ]
    assert snapshot.variant("embedding") is variant


def test_download_verifies_installs_and_the_libraries_find_it(
    server: HubServer, repo: Path, tmp_path: Path
) -> None:
    store, model = download_verified(tmp_path / "models", REPO, "embedding")
    assert model.verified and model.kind == "embedding"
    assert file_sha256(model.path / "onnx" / "model.onnx") == file_sha256(
        repo / "onnx" / "model.onnx"
    )
    assert not (model.path / "onnx" / "model_quantized.onnx").exists()
    assert is_embedding_model(model.path)
    assert find_embedding_model(store.root) == model.path
    vectors = OnnxEmbedder(model.path).embed(["the deposit is returned"])
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-5)


def test_the_catalog_lists_embedding_models_apart_from_chat_models() -> None:
    entries = cat.shipped_entries()
    embedding = {e.repo_id: e for e in entries if e.kind == "embedding"}
    assert set(embedding) == {
        "Xenova/bge-small-en-v1.5",
        "Xenova/all-MiniLM-L6-v2",
        "Xenova/multilingual-e5-small",
    }
    assert embedding["Xenova/all-MiniLM-L6-v2"].licence == "Apache-2.0"
    variant = hub.RemoteVariant(
        "", "embedding", (hub.ModelFile("onnx/model.onnx", 90_000_000, "a" * 64, None),)
    )
    machine = cat.Machine(
        ram_available=8 * 1024**3, disk_free=50 * 1024**3, usable_providers=("cpu",)
    )
    assert cat.fit(variant, machine).verdict == "fits"
    snapshot = hub.RepoSnapshot("Xenova/all-MiniLM-L6-v2", "0" * 40, [variant])
    view = cat.CatalogView(embedding["Xenova/all-MiniLM-L6-v2"], snapshot)
    assert cat.recommend([view], machine) is None  # never recommended for chat


def test_a_download_in_progress_is_not_taken_for_a_model(tmp_path: Path) -> None:
    partial = tmp_path / "models" / ".partial" / "x"
    build_tiny_embedder(partial)
    assert find_embedding_model(tmp_path / "models") is None
