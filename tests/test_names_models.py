"""Names models through the model manager (issue 18): a repo laid out like Xenova's ONNX
exports of NER models (tokenizer.json, config.json with id2label at the root, the model in
onnx/) is one "names" variant, downloaded and verified like any model from the local Hub
server, then run by the detector (core.privacy.entities.TokenClassifierModel) with its spans
mapped back to the text. The model is a tiny BERT built here (tests/tiny_ner.py), whose
labels follow a known rule, so the expected spans are exact."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from agentic_desk.core.library.service import find_embedding_model, is_embedding_model
from agentic_desk.core.models import catalog as cat
from agentic_desk.core.models import hub
from agentic_desk.core.models.convert import convert_requirements_missing
from agentic_desk.core.models.store import NOT_FOR_CHAT, file_sha256
from agentic_desk.core.privacy import entities
from agentic_desk.core.privacy.scanning import DetectorOptions, detect
from hub_server import HubServer, download_verified

pytestmark = pytest.mark.skipif(
    convert_requirements_missing() is not None,
    reason="building the tiny BERT needs the convert extra (torch, transformers)",
)

REPO = "agentic-desk-tests/tiny-ner"
TEXT = (
    "Priyanka Chaudhary met Zoë Ångström at Acme Widgets Ltd in Paris. "
    "Tanaka lives at 221 Baker Street, London NW1 6XE."
)


@pytest.fixture(scope="module")
def tiny_ner(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import tiny_ner

    return tiny_ner.build(tmp_path_factory.mktemp("tiny-ner") / "model")


@pytest.fixture
def repo(tiny_ner: Path, tmp_path: Path) -> Path:
    """The repo's files, like Xenova's: a quantized model beside the full one (not taken)."""
    root = tmp_path / "repo"
    shutil.copytree(tiny_ner, root)
    shutil.copy(root / "onnx" / "model.onnx", root / "onnx" / "model_quantized.onnx")
    (root / "README.md").write_text("A tiny names model for tests.")
    return root


@pytest.fixture
def server(repo: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer({REPO: repo}) as srv:
        monkeypatch.setenv("HF_ENDPOINT", srv.endpoint)
        yield srv


@pytest.fixture
def worker(tiny_ner: Path) -> Iterator[entities.EntityWorker]:
    found = entities.EntityWorker(tiny_ner)
    yield found
    found.close()


def spans(found: list[tuple[str, int, int, float]], text: str) -> list[tuple[str, str]]:
    return [(category, text[start:end]) for category, start, end, _p in found]


def test_a_token_classifier_repo_is_one_names_variant(server: HubServer) -> None:
    snapshot = hub.fetch_snapshot(REPO)
    [variant] = snapshot.variants
    assert (variant.kind, variant.folder) == ("names", "")
    assert sorted(f.path for f in variant.files) == [
        "config.json",
        "onnx/model.onnx",
        "tokenizer.json",
    ]
    assert snapshot.variant("names") is variant


def test_download_verifies_installs_and_it_is_no_chat_or_embedding_model(
    server: HubServer, repo: Path, tmp_path: Path
) -> None:
    store, model = download_verified(tmp_path / "models", REPO, "names")
    assert model.verified and model.kind == "names" and model.kind in NOT_FOR_CHAT
    assert file_sha256(model.path / "onnx" / "model.onnx") == file_sha256(
        repo / "onnx" / "model.onnx"
    )
    assert not (model.path / "onnx" / "model_quantized.onnx").exists()
    assert entities.is_token_classifier(model.path)
    assert not is_embedding_model(model.path)  # same layout, but the libraries leave it
    assert find_embedding_model(store.root) is None
    finder = entities.configured_finder(store.root, str(model.path))
    assert finder is not None
    try:
        assert ("person", "Priyanka Chaudhary") in spans(finder.find(TEXT), TEXT)
        assert finder.in_use == model.path and not finder.notice
        assert model.path.name in entities.in_use_text(finder)
    finally:
        finder.close()


def test_spans_map_back_to_the_original_characters(worker: entities.EntityWorker) -> None:
    found = worker.find(TEXT)
    assert worker.error is None, worker.error
    assert spans(found, TEXT) == [
        ("person", "Priyanka Chaudhary"),  # "Chau" + "##dhary": one word
        ("person", "Zoë Ångström"),  # offsets in characters, not bytes
        ("organisation", "Acme Widgets Ltd"),
        ("person", "Tanaka"),  # "Tan" B-PER + "##aka" O: the word takes its first label
        # a place is an address only where the address rules find one over it: "Paris" in
        # the prose is not reported, "Baker Street, London" is, as the rules' whole address
        ("address", "221 Baker Street, London NW1 6XE"),
    ]
    assert all(0.0 < p <= 1.0 for *_rest, p in found)


def test_a_long_text_is_read_in_overlapping_windows(worker: entities.EntityWorker) -> None:
    sentence = "Priyanka Chaudhary met Zoë in Paris and "  # 10 tokens; a window holds 38
    text = sentence * 25 + "Acme Widgets Ltd."
    found = spans(worker.find(text), text)
    assert found.count(("person", "Priyanka Chaudhary")) == 25
    assert found.count(("person", "Zoë")) == 25
    assert found[-1] == ("organisation", "Acme Widgets Ltd")
    assert len(found) == 51


def test_the_detector_uses_the_chosen_model(worker: entities.EntityWorker) -> None:
    findings = detect(TEXT, DetectorOptions(entities=worker))
    found = {(f.category, f.text) for f in findings}
    assert ("person", "Zoë Ångström") in found
    assert ("organisation", "Acme Widgets Ltd") in found
    assert not any(f.text == "Paris" for f in findings)


@pytest.mark.parametrize("damage", ["missing", "no graph", "bad graph", "no person label"])
def test_a_broken_names_model_falls_back_to_the_built_in_one(
    damage: str, tiny_ner: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "broken"
    if damage != "missing":
        shutil.copytree(tiny_ner, folder)
    if damage == "no graph":
        (folder / "onnx" / "model.onnx").unlink()
    elif damage == "bad graph":
        (folder / "onnx" / "model.onnx").write_bytes(b"not an onnx graph")
    elif damage == "no person label":
        config = json.loads((folder / "config.json").read_text())
        config["id2label"] = {"0": "O", "1": "B-LOC", "2": "I-LOC"}
        (folder / "config.json").write_text(json.dumps(config))
    finder = entities.configured_finder(tmp_path / "models", str(folder))
    assert finder is not None and finder.fallback == entities.SHIPPED_FOLDER
    before = entities.in_use_text(finder)
    try:
        found = spans(finder.find("Dear Ms Example, Priyanka Chaudhary called."), "")
        assert finder.in_use == entities.SHIPPED_FOLDER
        assert finder.error is None
        assert finder.notice is not None
        assert str(folder) in finder.notice
        assert "The built-in names model is used instead." in finder.notice
        assert entities.coverage_notice(finder) == finder.notice
        assert entities.in_use_text(finder).startswith(
            "Names model: the built-in one (small, from the app)."
        )
        if damage in ("missing", "no graph", "no person label"):  # seen before loading
            assert "built-in one" in before and str(folder) in before
        assert isinstance(found, list)
    finally:
        finder.close()


def test_built_in_is_the_default_choice(tmp_path: Path) -> None:
    finder = entities.configured_finder(tmp_path, entities.BUILT_IN)
    assert finder is not None and finder.folder == entities.SHIPPED_FOLDER
    assert entities.in_use_text(finder) == "Names model: the built-in one (small, from the app)."
    assert entities.in_use_text(None) == "Names model: none (rules only)."


def test_the_catalog_lists_names_models_apart_from_chat_models() -> None:
    entries = cat.shipped_entries()
    names = {e.repo_id: e for e in entries if e.kind == "names"}
    assert set(names) == {"Xenova/bert-base-NER", "Xenova/bert-base-multilingual-cased-ner-hrl"}
    assert names["Xenova/bert-base-NER"].licence == "MIT"
    assert names["Xenova/bert-base-multilingual-cased-ner-hrl"].licence == "AFL-3.0"
    variant = hub.RemoteVariant(
        "", "names", (hub.ModelFile("onnx/model.onnx", 431_000_000, "a" * 64, None),)
    )
    machine = cat.Machine(
        ram_available=8 * 1024**3, disk_free=50 * 1024**3, usable_providers=("cpu",)
    )
    verdict = cat.fit(variant, machine)
    assert verdict.verdict == "fits" and "names model" in verdict.reason
    view = cat.CatalogView(
        names["Xenova/bert-base-NER"], hub.RepoSnapshot("x", "0" * 40, [variant])
    )
    assert cat.recommend([view], machine) is None  # never recommended for chat


def test_names_config_is_told_from_other_configs() -> None:
    ner = {
        "architectures": ["BertForTokenClassification"],
        "id2label": {"0": "O", "1": "B-PER", "2": "I-PER"},
    }
    assert hub.is_names_config(ner)
    assert not hub.is_names_config({"model_type": "bert"})  # an embedding model
    assert not hub.is_names_config({**ner, "architectures": ["BertForSequenceClassification"]})
    assert not hub.is_names_config({**ner, "id2label": {"0": "NEGATIVE", "1": "POSITIVE"}})
