"""The Installed list reads each model folder once (core/engine/folder.py, FolderCache): a
refresh with unchanged folders parses no ONNX graph and no tokenizer, and a file that is
touched, replaced or cut short is read again. Parses are counted on the functions that do
them (the ONNX graph's and the tokenizer's), which still run."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import onnx
import pytest

import tiny_models as tm
from agentic_desk.core.engine import folder as folder_mod
from agentic_desk.core.engine import lastlogits
from agentic_desk.core.models.manager import ModelManager
from agentic_desk.core.models.store import ModelStore
from agentic_desk.core.settings import SettingsStore

MODELS = 4


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each model folder's graph and tokenizer were parsed."""
    counts: Counter[str] = Counter()
    graph, tokenizer = folder_mod._external_data_needs, folder_mod._check_tokenizer

    def counted_graph(model_file: Path) -> Any:
        counts[f"graph:{model_file.parent.name}"] += 1
        return graph(model_file)

    def counted_tokenizer(folder: Path) -> None:
        counts[f"tokenizer:{folder.name}"] += 1
        tokenizer(folder)

    monkeypatch.setattr(folder_mod, "_external_data_needs", counted_graph)
    monkeypatch.setattr(folder_mod, "_check_tokenizer", counted_tokenizer)
    return counts


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[ModelManager]:
    store = ModelStore(tmp_path / "models")
    store.ensure()
    built = tm.build_scripted_model(tmp_path / "built" / "scripted")
    external = tm.copy_with_external_weights(built, tmp_path / "built" / "external")
    for n in range(MODELS - 1):
        store.import_folder(built, name=f"tiny-{n}")
    store.import_folder(external, name="tiny-external")
    models = ModelManager(store, SettingsStore(tmp_path / "settings.json"), tmp_path / "cache")
    yield models
    models.close()


def touch(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_second_refresh_parses_nothing(manager: ModelManager, parses: Counter[str]) -> None:
    models = manager.installed()
    first = manager.contexts(models)
    assert len(first) == MODELS and all(c is not None and c.fits for c in first.values())
    assert sum(parses.values()) == 2 * MODELS  # each graph and tokenizer once
    parses.clear()
    again = manager.contexts(manager.installed())
    assert sum(parses.values()) == 0
    # the same estimates, from what was read the first time
    assert {k: c and c.need_bytes for k, c in again.items()} == {
        k: c and c.need_bytes for k, c in first.items()
    }


def test_a_touched_or_replaced_file_is_read_again(
    manager: ModelManager, parses: Counter[str]
) -> None:
    by_id = {m.id: m for m in manager.installed()}
    manager.contexts(list(by_id.values()))
    parses.clear()
    # the graph touched (same bytes, newer time): that folder alone is read again
    touch(by_id["tiny-0"].path / "model.onnx")
    manager.contexts(list(by_id.values()))
    assert parses == Counter({"graph:tiny-0": 1, "tokenizer:tiny-0": 1})
    parses.clear()
    # the graph replaced by one that computes the last position only (as the builder's
    # prune_lm_head writes it): what is shown comes from the new graph
    graph = by_id["tiny-1"].path / "model.onnx"
    proto = onnx.load(str(graph))
    assert lastlogits.rewrite(proto.graph)
    replacement = graph.with_name("new.onnx")
    onnx.save(proto, str(replacement))
    os.replace(replacement, graph)
    contexts = manager.contexts(list(by_id.values()))
    assert parses == Counter({"graph:tiny-1": 1, "tokenizer:tiny-1": 1})
    assert manager._folders.check(graph.parent).graph_shape == "already"
    # a bigger vocabulary in genai_config.json: more logits counted
    config = by_id["tiny-2"].path / "genai_config.json"
    data = json.loads(config.read_text())
    data["model"]["vocab_size"] *= 2
    config.write_text(json.dumps(data))
    parses.clear()
    grown = manager.contexts(list(by_id.values()))
    assert parses == Counter({"graph:tiny-2": 1, "tokenizer:tiny-2": 1})
    before, after = contexts["tiny-2"], grown["tiny-2"]
    assert before is not None and after is not None
    assert after.logits_bytes == 2 * before.logits_bytes
    # a weights file cut short: the folder is not shown as fine from memory
    data_file = by_id["tiny-external"].path / "model.onnx.data"
    data_file.write_bytes(data_file.read_bytes()[:100])
    assert manager.contexts(list(by_id.values()))["tiny-external"] is None
