"""The context a model gets is decided from its KV geometry and the memory free
(core/budget.py), and the engine, the catalog, the CLI and the window all use that decision.

The memory model is checked against real workers: a copy of SmolLM2 whose config claims
131,072 tokens (what made `agentic-desk chat` take 6.2 GB before) loads at the default
16,384, and the worker's memory grows by the cache the estimate says.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tiny_models as tm
from agentic_desk.core import budget as b
from agentic_desk.core.engine import (
    ChatMessage,
    GenerationParams,
    LocalEngine,
    ReplyConsumer,
    lastlogits,
)
from agentic_desk.core.engine import errors as e
from agentic_desk.core.engine.folder import check_model_folder
from agentic_desk.core.engine.protocol import PromptReady
from agentic_desk.core.models.manager import installed_context
from agentic_desk.core.models.store import InstalledModel

GB = 1024**3
MB = 1024**2
# Phi-4-mini-instruct's CPU int4 build: 32 layers, 8 KV heads of 128, fp32 cache, 128K.
PHI4_MINI = b.KvGeometry(32, 8, 128, 4, 131_072, 200_064)
PHI4_WEIGHTS = int(2.8 * GB)


# ---- the decision ---------------------------------------------------------------------------


def test_the_cache_formula_matches_the_measured_sizes() -> None:
    assert PHI4_MINI.bytes_per_token == 256 * 1024
    assert PHI4_MINI.kv_bytes(131_072) == 32 * GB  # 34.4 GB: never allocate that
    smol = b.KvGeometry(30, 3, 64, 4, 8192)
    assert smol.kv_bytes(8192) == 377_487_360  # measured: 377 MB at 8k (ARCHITECTURE Fact 9)


def test_a_128k_model_gets_the_default_not_its_whole_context() -> None:
    choice = b.choose_context(PHI4_MINI, PHI4_WEIGHTS, 14 * GB)
    assert (choice.tokens, choice.limited_by) == (16_384, "default")
    assert choice.need_bytes < b.budget_of(14 * GB)
    # the runtime: onnxruntime's working copy of the weights, 100 MB, the tokenizer (320
    # bytes a vocabulary entry), one chunk's logits (no activations: hidden size not given)
    assert choice.overhead_bytes == PHI4_WEIGHTS + 100 * MB + 200_064 * 320 + 256 * 200_064 * 4
    # it may grow as far as the memory free now holds, in whole steps of 1,024
    room = b.budget_of(14 * GB) - PHI4_WEIGHTS - choice.overhead_bytes
    assert choice.ceiling == room // PHI4_MINI.bytes_per_token // 1024 * 1024
    assert choice.reason == (
        "16,384 tokens, the default (the model can go to 131,072): 4.0 GB of cache; a "
        f"conversation may grow to {choice.ceiling:,} tokens in the memory free now."
    )


def test_less_memory_gives_as_much_as_fits_and_too_little_refuses_with_the_numbers() -> None:
    laptop = b.choose_context(PHI4_MINI, PHI4_WEIGHTS, 10 * GB)  # a 16 GB laptop, in use
    assert (laptop.tokens, laptop.limited_by) == (8192, "memory")
    assert laptop.need_bytes <= b.budget_of(10 * GB)
    assert laptop.tokens % 1024 == 0 and laptop.ceiling == laptop.tokens
    refused = b.choose_context(PHI4_MINI, PHI4_WEIGHTS, 7 * GB)
    assert not refused.fits and refused.limited_by == "too large"
    assert refused.reason == (
        "This model needs at least 6.4 GB (2.8 GB of weights, 512 MB of cache for 2,048 tokens "
        "and 3.1 GB for the runtime), but 7.0 GB of memory is free and 1.4 GB of it is kept "
        "for the rest of the system."
    )


def test_a_small_model_gets_its_whole_context() -> None:
    smol = b.KvGeometry(30, 3, 64, 4, 8192, 49_152)
    choice = b.choose_context(smol, 86 * MB, 8 * GB)
    assert (choice.tokens, choice.limited_by, choice.ceiling) == (8192, "model", 8192)


def test_the_setting_is_honoured_up_to_the_models_limit_and_refused_when_it_does_not_fit() -> None:
    assert b.choose_context(PHI4_MINI, PHI4_WEIGHTS, 16 * GB, requested=4096).tokens == 4096
    smol = b.KvGeometry(30, 3, 64, 4, 8192, 49_152)
    capped = b.choose_context(smol, 86 * MB, 8 * GB, requested=32_768)
    assert capped.tokens == 8192 and "the model's limit; 32,768 was asked" in capped.reason
    refused = b.choose_context(PHI4_MINI, PHI4_WEIGHTS, 16 * GB, requested=131_072)
    assert not refused.fits
    assert refused.reason.startswith(
        "The context set in Settings (131,072 tokens) needs 37.9 GB (2.8 GB of weights, "
        "32.0 GB of cache for 131,072 tokens and 3.1 GB for the runtime), but 16.0 GB of "
        "memory is free and 3.2 GB of it is kept for the rest of the system; "
    )
    assert refused.reason.endswith(" tokens would fit.")


def test_unknown_memory_or_geometry_falls_back_to_the_default() -> None:
    assert b.choose_context(PHI4_MINI, PHI4_WEIGHTS, None).tokens == 16_384
    assert b.choose_context(None, PHI4_WEIGHTS, 16 * GB).tokens == 16_384


# ---- the folder's geometry --------------------------------------------------------------------


def test_the_geometry_is_read_from_the_config_and_the_graph(real_model: Path) -> None:
    info = check_model_folder(real_model)
    assert info.kv == b.KvGeometry(30, 3, 64, 4, 8192, 49_152, hidden_size=576)


def claims_128k(real_model: Path, dest: Path) -> Path:
    """SmolLM2's weights with a config that says 131,072 tokens (the shape of the
    catalog's 128K models: Fact 9)."""
    dest.mkdir()
    for item in real_model.iterdir():
        if item.name != "genai_config.json":
            (dest / item.name).symlink_to(item)
    config = json.loads((real_model / "genai_config.json").read_text())
    config["model"]["context_length"] = config["search"]["max_length"] = 131_072
    (dest / "genai_config.json").write_text(json.dumps(config))
    return dest


def test_a_128k_config_loads_at_the_default_and_the_worker_holds_the_cache_it_was_told(
    real_model: Path, tmp_path: Path
) -> None:
    folder = claims_128k(real_model, tmp_path / "smol-128k")
    with LocalEngine() as engine:
        small = engine.load(folder, max_context_tokens=4096)
        assert small.context_length == 4096
        loaded = engine.load(folder)
        choice = engine.context_choice
        assert choice is not None and loaded.context_length == choice.tokens == 16_384
        assert loaded.context_reason == choice.reason and loaded.kv_cache_bytes == 720 * MB
        # The estimate holds the real worker (after warm-up the cache is allocated) ...
        assert loaded.worker_rss_mb * MB <= choice.need_bytes
        # ... and the worker grew by the cache the estimate says (12,288 tokens more):
        grown = (loaded.worker_rss_mb - small.worker_rss_mb) * MB
        expected = choice.kv_bytes - b.KvGeometry(30, 3, 64, 4, 0).kv_bytes(4096)
        assert 0.8 * expected <= grown <= 1.2 * expected


# ---- the engine refuses, before any worker allocates ---------------------------------------


def test_a_model_that_does_not_fit_is_refused_with_the_numbers(
    real_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = claims_128k(real_model, tmp_path / "smol-128k")
    monkeypatch.setenv(b.AVAILABLE_MEMORY_ENV, str(1_400 * MB))
    with LocalEngine(test_hooks=True) as engine:
        with pytest.raises(e.NotEnoughMemory) as refused:
            engine.load(folder)
        assert engine.worker_pid is None  # nothing was started
        assert refused.value.message.startswith("This model needs at least ")
        assert "1.4 GB of memory is free and 1.0 GB of it is kept" in refused.value.message
        assert refused.value.hint == "Close other apps to free memory, or choose a smaller model."
        with pytest.raises(e.NotEnoughMemory) as too_long:
            engine.load(folder, max_context_tokens=65_536)
        assert too_long.value.message.startswith("The context set in Settings (65,536 tokens)")
        assert "set a shorter context in Settings" in too_long.value.hint


def test_the_cli_refuses_a_model_that_does_not_fit(real_model: Path, tmp_path: Path) -> None:
    folder = claims_128k(real_model, tmp_path / "smol-128k")
    env = dict(
        os.environ,
        AGENTIC_DESK_TEST_HOOKS="1",
        **{b.AVAILABLE_MEMORY_ENV: str(1_400 * MB)},
    )
    done = subprocess.run(
        [sys.executable, "-m", "agentic_desk", "chat", "--model", str(folder), "Hello"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2  # the CLI's code for an error it explains
    assert "This model needs at least " in done.stderr
    assert "Close other apps to free memory" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_cli_says_the_context_it_chose(real_model: Path, tmp_path: Path) -> None:
    folder = claims_128k(real_model, tmp_path / "smol-128k")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "agentic_desk",
            "chat",
            "--model",
            str(folder),
            "Hi",
            "--max-tokens",
            "4",
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (
        "Context: 16,384 tokens, the default (the model can go to 131,072): 720 MB of cache"
        in done.stderr
    )


# ---- a conversation that outgrows its context ----------------------------------------------


def long_prompt(tokens_at_least: int) -> str:
    # Non-sentence words are split into one token per byte by the tiny tokenizer.
    return "q" * tokens_at_least


def test_a_conversation_that_outgrows_its_context_grows_it_when_memory_allows(
    tmp_path: Path,
) -> None:
    model = tm.build_scripted_model(tmp_path / "long", context_length=65_536)
    notes: list[PromptReady] = []

    def keep(event: object) -> None:
        if isinstance(event, PromptReady):
            notes.append(event)

    with LocalEngine() as engine:
        loaded = engine.load(model)
        assert loaded.context_length == 16_384  # the default, though the model allows 65,536
        params = GenerationParams(temperature=0.0, max_new_tokens=64)
        reply = ReplyConsumer(on_event=keep).consume(
            engine.chat([ChatMessage("user", long_prompt(20_000))], params)
        )
        assert reply.error is None and reply.text == tm.SENTENCE
        ready = notes[-1]
        assert (ready.context_grown_from, ready.context_tokens) == (16_384, 32_768)
        assert ready.trimmed_messages == 0
        assert ready.notes() == [
            "The conversation outgrew 16,384 tokens, so the model's context was raised to "
            "32,768 (it read the whole conversation again once)."
        ]
        # The next turn keeps the larger context (and its cache).
        ReplyConsumer(on_event=keep).consume(
            engine.chat(
                [
                    ChatMessage("user", long_prompt(20_000)),
                    ChatMessage("assistant", reply.text),
                    ChatMessage("user", "again"),
                ],
                params,
            )
        )
        assert notes[-1].context_grown_from == 0 and notes[-1].context_tokens == 32_768
        assert notes[-1].reused_tokens > 20_000


def test_at_the_models_limit_the_oldest_turns_are_left_out_and_the_user_is_told(
    scripted_model: Path,
) -> None:
    notes: list[PromptReady] = []
    with LocalEngine() as engine:
        engine.load(scripted_model)  # 256 tokens: the model's own limit, nothing to grow to
        history = []
        for _ in range(6):
            history += [ChatMessage("user", "x" * 40), ChatMessage("assistant", "y" * 40)]
        history.append(ChatMessage("user", "last"))
        ReplyConsumer(
            on_event=lambda ev: notes.append(ev) if isinstance(ev, PromptReady) else None
        ).consume(engine.chat(history, GenerationParams(temperature=0.0, max_new_tokens=16)))
    ready = notes[-1]
    assert ready.context_grown_from == 0 and ready.trimmed_messages > 0
    assert ready.notes() == [
        f"The {ready.trimmed_messages} oldest messages ({ready.trimmed_tokens:,} tokens) were "
        "left out to fit the model's context (256 tokens)."
    ]


def test_a_gpu_build_is_judged_by_the_gpus_memory_when_a_gpu_may_run_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(b.AVAILABLE_MEMORY_ENV, str(5 * GB))
    fp16 = b.KvGeometry(32, 8, 128, 2, 131_072)
    fp32 = b.KvGeometry(32, 8, 128, 4, 131_072)

    def broken() -> int | None:
        raise OSError("NVML went away")

    with LocalEngine(test_hooks=True, gpu_memory=lambda: 12 * GB) as engine:
        assert engine._free_memory(fp16, ("auto",)) == 12 * GB
        assert engine._free_memory(fp16, ("cuda", "cpu")) == 12 * GB
        assert engine._free_memory(fp16, ("cpu",)) == 5 * GB  # told to run on the CPU
        assert engine._free_memory(fp32, ("auto",)) == 5 * GB  # a CPU build
    with LocalEngine(test_hooks=True, gpu_memory=broken) as engine:
        assert engine._free_memory(fp16, ("auto",)) == 5 * GB


# ---- the logits the estimate counts: those of the graph that will run ----------------------

needs_genai_012 = pytest.mark.skipif(
    not lastlogits.genai_supports(), reason="onnxruntime-genai < 0.12"
)


def as_installed(folder: Path) -> InstalledModel:
    return InstalledModel(folder.name, folder.name, "cpu", "import", str(folder))


@needs_genai_012
def test_the_estimate_counts_one_position_of_logits_when_the_last_position_graph_runs(
    tmp_path: Path,
) -> None:
    model = tm.build_scripted_model(tmp_path / "tiny")
    vocab = check_model_folder(model).vocab_size
    last = installed_context(as_installed(model), None, 8 * GB)
    assert last is not None and last.last_logits is True
    assert last.logits_bytes == vocab * 4  # [batch 1, one position, vocabulary] of float32
    assert "the logits of the last position only" in last.memory_reason
    model.chmod(0o555)  # read-only: the copy cannot be made, the model's own graph runs
    try:
        own = installed_context(as_installed(model), None, 8 * GB)
    finally:
        model.chmod(0o755)
    assert own is not None and own.last_logits is False
    assert own.logits_bytes == b.PREFILL_CHUNK * vocab * 4
    assert own.need_bytes - last.need_bytes == (b.PREFILL_CHUNK - 1) * vocab * 4
    assert own.overhead_bytes - last.overhead_bytes == (b.PREFILL_CHUNK - 1) * vocab * 4
    assert "a 256-token prefill chunk" in own.memory_reason
    assert "its own graph (the model's folder is read-only)" in own.memory_reason
    # the prompt chunk set in Settings is the one counted
    wide = installed_context(as_installed(model), None, 8 * GB, prefill_chunk=512)
    assert wide is not None and wide.logits_bytes == vocab * 4
    assert (wide.to_json()["last_position_graph"], wide.to_json()["logits_bytes"]) == (
        True,
        vocab * 4,
    )


@needs_genai_012
def test_the_engine_counts_the_logits_of_the_graph_it_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = tm.build_scripted_model(tmp_path / "tiny")
    vocab = check_model_folder(model).vocab_size
    monkeypatch.setenv(b.AVAILABLE_MEMORY_ENV, str(8 * GB))
    choices = {}
    for last_logits in (True, False):
        with LocalEngine(test_hooks=True, last_logits=last_logits) as engine:
            loaded = engine.load(model)
            choice = engine.context_choice
            assert choice is not None
            # what the estimate counted is what the worker loaded
            assert loaded.last_logits is last_logits and choice.last_logits is last_logits
            assert choice.logits_bytes == (1 if last_logits else b.PREFILL_CHUNK) * vocab * 4
            assert loaded.memory_needed_bytes == choice.need_bytes
            choices[last_logits] = choice
    assert choices[False].need_bytes - choices[True].need_bytes == (b.PREFILL_CHUNK - 1) * vocab * 4
    # the model manager shows the engine's estimate (its engine runs the last-position graph)
    shown = installed_context(as_installed(model), None, 8 * GB)
    assert shown is not None and shown.need_bytes == choices[True].need_bytes
    assert shown.memory_reason == choices[True].memory_reason
