"""The last-position graph (core/engine/lastlogits.py) on a real builder model (SmolLM2,
int4, shared KV buffer): made once beside the weights without touching the original
files, remade when it no longer matches, left alone in a read-only folder, and giving the
same greedy replies as the model's own graph (the reuse tests in test_kv_reuse_real.py
run on it too)."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import onnx
import pytest

import tiny_models as tm
from agentic_desk.core.engine import (
    ChatMessage,
    GenerationParams,
    LocalEngine,
    ReplyConsumer,
    lastlogits,
)

pytestmark = [pytest.mark.engine, pytest.mark.real_model]

CONTEXT = 2048


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def model_copy(real_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("lastlogits") / "smollm2"
    shutil.copytree(real_model, dest)
    for item in [dest, *dest.iterdir()]:
        item.chmod(0o755 if item.is_dir() else 0o644)
    return dest


@pytest.fixture(scope="module")
def engines(model_copy: Path) -> Iterator[tuple[LocalEngine, LocalEngine]]:
    """One engine on the last-position graph, one on the model's own (same chunks)."""

    def start(last_logits: bool) -> LocalEngine:
        engine = LocalEngine(prefill_chunk_tokens=16, stream_interval_ms=0, last_logits=last_logits)
        loaded = engine.load(model_copy, max_context_tokens=CONTEXT)
        assert loaded.last_logits is (last_logits and lastlogits.genai_supports())
        return engine

    with start(True) as pruned, start(False) as whole:
        yield pruned, whole


@pytest.fixture(autouse=True)
def _no_leaked_processes() -> Iterator[None]:
    yield  # the module's workers live across tests (closed with the module)


def ask(engine: LocalEngine, messages: list[ChatMessage], tokens: int) -> tuple[str, int]:
    params = GenerationParams(temperature=0.0, max_new_tokens=tokens)
    reply = ReplyConsumer().consume(engine.chat(messages, params))
    assert reply.error is None and reply.stats is not None
    return reply.text, reply.stats.generated_tokens


@pytest.mark.skipif(not lastlogits.genai_supports(), reason="onnxruntime-genai < 0.12")
def test_the_copy_is_made_beside_the_weights_and_the_originals_are_untouched(
    real_model: Path, model_copy: Path, engines: tuple[LocalEngine, LocalEngine]
) -> None:
    for name in ("model.onnx", "model.onnx.data", "genai_config.json"):
        assert sha(model_copy / name) == sha(real_model / name)
    pruned = model_copy / "model.last-logits.onnx"
    assert (model_copy / "model.last-logits.json").is_file()
    graph = onnx.load(str(pruned), load_external_data=False).graph
    logits = next(o for o in graph.output if o.name == "logits")
    assert [d.dim_value or d.dim_param for d in logits.type.tensor_type.shape.dim][1] == 1
    # it names the same weights file: no second copy of the weights
    locations = {
        entry.value
        for tensor in graph.initializer
        for entry in tensor.external_data
        if entry.key == "location"
    }
    assert locations == {"model.onnx.data"}
    assert pruned.stat().st_size < 2 * (model_copy / "model.onnx").stat().st_size


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "Tell me a joke about cats.",
        "Write a long paragraph about the history of the printing press in Europe, "
        "with names and dates, and explain why it mattered for science.",
    ],
)
def test_same_greedy_reply_as_the_models_own_graph(
    engines: tuple[LocalEngine, LocalEngine], question: str
) -> None:
    pruned, whole = engines
    messages = [ChatMessage("user", question)]
    assert ask(pruned, messages, 40) == ask(whole, messages, 40)


def test_same_reply_on_a_second_turn_that_reuses_the_cache(
    engines: tuple[LocalEngine, LocalEngine],
) -> None:
    pruned, whole = engines
    first = [ChatMessage("user", "Name three colours.")]
    reply = ask(pruned, first, 24)
    assert reply == ask(whole, first, 24)
    second = [*first, ChatMessage("assistant", reply[0]), ChatMessage("user", "And three fruits?")]
    assert ask(pruned, second, 24) == ask(whole, second, 24)


@pytest.mark.skipif(not lastlogits.genai_supports(), reason="onnxruntime-genai < 0.12")
def test_a_copy_that_no_longer_matches_is_made_again(tmp_path: Path, real_model: Path) -> None:
    folder = tmp_path / "m"
    shutil.copytree(real_model, folder)
    folder.chmod(0o755)
    decoder = folder / "model.onnx"
    made = lastlogits.prepare(folder, decoder)
    assert made.pruned and made.graph == folder / "model.last-logits.onnx"
    first = sha(made.graph)
    # a damaged copy is not used as is
    made.graph.chmod(0o644)
    made.graph.write_bytes(made.graph.read_bytes()[:1000])
    again = lastlogits.prepare(folder, decoder)
    assert again.pruned and sha(again.graph) == first
    # a changed original (here: its doc string) gets a new copy made from it
    proto = onnx.load(str(decoder), load_external_data=False)
    proto.doc_string = "changed"
    decoder.chmod(0o644)
    onnx.save(proto, str(decoder))
    changed = lastlogits.prepare(folder, decoder)
    assert changed.pruned and sha(changed.graph) != first
    assert onnx.load(str(changed.graph), load_external_data=False).doc_string == "changed"


def test_a_read_only_folder_keeps_the_models_own_graph(tmp_path: Path, real_model: Path) -> None:
    folder = tmp_path / "m"
    shutil.copytree(real_model, folder)
    folder.chmod(0o555)  # read-only (also for root, who could write anyway: not done)
    try:
        made = lastlogits.prepare(folder, folder / "model.onnx")
        assert not made.pruned and made.graph == folder / "model.onnx"
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            p.name for p in real_model.iterdir()
        )
        if lastlogits.genai_supports():
            assert "read-only" in made.note
    finally:
        folder.chmod(0o755)


def test_a_graph_not_of_the_known_shape_is_left_as_it_is(tmp_path: Path) -> None:
    model = tm.build_scripted_model(tmp_path / "scripted")
    proto = onnx.load(str(model / "model.onnx"), load_external_data=False)
    # the logits made by something other than a product: not rewritten
    for node in proto.graph.node:
        if "logits" in node.output:
            node.op_type = "Identity"
            del node.input[1:]
    assert not lastlogits.rewrite(proto.graph)
    # logits mixed with another tensor computed per position after the product (the
    # history model that stops after "." adds a boost to end-of-text): not rewritten
    history = tm.build_history_model(tmp_path / "history", stop_after=".")
    proto = onnx.load(str(history / "model.onnx"), load_external_data=False)
    assert not lastlogits.rewrite(proto.graph)
    # a graph already computing the last position only is not rewritten twice
    proto = onnx.load(str(model / "model.onnx"), load_external_data=False)
    assert lastlogits.rewrite(proto.graph)
    assert not lastlogits.rewrite(proto.graph)


@pytest.mark.skipif(not lastlogits.genai_supports(), reason="onnxruntime-genai < 0.12")
def test_a_graph_built_with_the_last_position_only_is_loaded_as_it_is(tmp_path: Path) -> None:
    model = tm.build_scripted_model(tmp_path / "scripted")
    proto = onnx.load(str(model / "model.onnx"))
    assert lastlogits.rewrite(proto.graph)  # as the builder's prune_lm_head writes it
    onnx.save(proto, str(model / "model.onnx"))
    made = lastlogits.prepare(model, model / "model.onnx")
    assert made.pruned and made.graph == model / "model.onnx"
    assert not (model / "model.last-logits.onnx").exists()
    with LocalEngine(stream_interval_ms=0) as engine:
        assert engine.load(model).last_logits
        reply = ReplyConsumer().consume(engine.chat([ChatMessage("user", "Hi")]))
        assert reply.error is None and reply.text == tm.SENTENCE


@pytest.mark.skipif(not lastlogits.genai_supports(), reason="onnxruntime-genai < 0.12")
def test_weights_linked_from_another_folder_keep_the_models_own_graph(
    tmp_path: Path, real_model: Path
) -> None:
    # onnxruntime refuses a graph whose weights resolve outside its folder (the model's
    # own graph, a link too, is read from where it points)
    folder = tmp_path / "linked"
    folder.mkdir()
    for item in real_model.iterdir():
        if item.name in ("model.onnx", "model.onnx.data"):
            (folder / item.name).symlink_to(item)
        else:
            shutil.copy(item, folder / item.name)
    made = lastlogits.prepare(folder, folder / "model.onnx")
    assert not made.pruned and "links" in made.note
    assert not (folder / "model.last-logits.onnx").exists()
    with LocalEngine(stream_interval_ms=0) as engine:
        assert not engine.load(folder, max_context_tokens=CONTEXT).last_logits
        text, _ = ask(engine, [ChatMessage("user", "Hi")], 4)
        assert text
