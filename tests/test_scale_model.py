"""The app's engine on a model with a real model's shape (benchmarks/build_scale_model.py):
Phi-4-mini's per-layer geometry and 200,064-token vocabulary with two layers and random
weights, built by the onnxruntime-genai model builder. Its text is nonsense; its size is
real. Runs in .ci/run's scale stage (AGENTIC_DESK_SCALE_TESTS=1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine, ReplyConsumer

pytestmark = [pytest.mark.engine, pytest.mark.timeout(900)]  # the first use builds the model


def test_the_engine_loads_the_scale_model_and_generates(scale_model: Path) -> None:
    config = json.loads((scale_model / "genai_config.json").read_text())["model"]
    decoder = config["decoder"]
    assert (decoder["hidden_size"], decoder["num_key_value_heads"], decoder["head_size"]) == (
        3072,
        8,
        128,
    )
    assert config["vocab_size"] == 200064
    weights_mb = sum(p.stat().st_size for p in scale_model.glob("model.onnx*")) / 2**20
    context = 2048
    with LocalEngine() as engine:
        loaded = engine.load(scale_model, max_context_tokens=context)
        assert loaded.context_length == context
        params = GenerationParams(temperature=0.0, max_new_tokens=5)
        reply = ReplyConsumer().consume(engine.chat([ChatMessage("user", "Hello there")], params))
    assert reply.stats is not None
    assert reply.stats.generated_tokens == 5  # random weights: end-of-text is 1 in 200,064
    assert reply.text.strip()
    # The worker holds the weights (int4, ~0.5 GB for two layers and the vocabulary) and
    # the KV cache (2 x 2 layers x 8 KV heads x 128 x 2,048 tokens x 4 bytes = 32 MB):
    # its RSS at load is at least the weights and well under what fp32 weights would take.
    kv_mb = 2 * decoder["num_hidden_layers"] * 8 * 128 * context * 4 / 2**20
    assert weights_mb * 0.8 < loaded.worker_rss_mb < (weights_mb + kv_mb) * 4 + 1024, (
        f"worker RSS {loaded.worker_rss_mb:.0f} MB for {weights_mb:.0f} MB of weights"
    )
