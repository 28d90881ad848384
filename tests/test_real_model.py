"""A few checks on the real SmolLM2-135M-Instruct model (../shared/models)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentic_desk.core.engine import (
    ChatMessage,
    GenerationParams,
    LocalEngine,
    ReplyConsumer,
    StopReason,
)

pytestmark = [pytest.mark.engine, pytest.mark.real_model]


def test_a_factual_question_gets_a_sensible_answer(real_model: Path) -> None:
    with LocalEngine() as engine:
        loaded = engine.load(real_model)
        reply = ReplyConsumer().consume(
            engine.chat(
                [ChatMessage("user", "What is the capital of France?")],
                GenerationParams(temperature=0, max_new_tokens=40),
            )
        )
    assert loaded.provider == "cpu"
    assert loaded.chat_template_source == "chat_template.jinja"
    assert reply.error is None
    assert reply.text.startswith("The capital of France is Paris")
    assert reply.stats is not None and reply.stats.generated_tokens > 5


def test_sampling_with_a_seed_is_reproducible(real_model: Path) -> None:
    params = GenerationParams(temperature=0.9, top_p=0.95, top_k=40, seed=7, max_new_tokens=20)
    messages = [ChatMessage("user", "Write a short poem about the sea.")]
    with LocalEngine() as engine:
        engine.load(real_model, max_context_tokens=1024)
        first = ReplyConsumer().consume(engine.chat(messages, params))
        second = ReplyConsumer().consume(engine.chat(messages, params))
    assert first.text == second.text
    assert first.stats is not None and first.stats.stop_reason in (
        StopReason.LENGTH,
        StopReason.END_OF_TEXT,
    )
