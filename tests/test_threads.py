"""The engine asks onnxruntime for one compute thread per physical core (left alone,
onnxruntime-genai ran on one of this machine's two cores: README "Speed at real model
scale"), unless the model folder's own configuration says otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import psutil
import pytest

import tiny_models as tm
from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine, ReplyConsumer
from agentic_desk.core.engine.genai import compute_threads

pytestmark = pytest.mark.engine  # also run against the oldest onnxruntime-genai (its overlay)


def test_one_thread_per_physical_core_unless_the_model_says(tmp_path: Path) -> None:
    model = tm.build_scripted_model(tmp_path / "m")
    cores = psutil.cpu_count(logical=False) or 1
    assert compute_threads(model) == min(cores, 16)
    config = json.loads((model / "genai_config.json").read_text())
    config["model"]["decoder"].setdefault("session_options", {})["intra_op_num_threads"] = 1
    (model / "genai_config.json").write_text(json.dumps(config))
    assert compute_threads(model) is None  # the model's own setting is kept
    with LocalEngine() as engine:  # and it loads and answers either way
        engine.load(model)
        reply = ReplyConsumer().consume(
            engine.chat([ChatMessage("user", "Hi")], GenerationParams(temperature=0.0))
        )
    assert reply.error is None and reply.text == tm.SENTENCE
