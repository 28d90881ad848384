"""The memory estimate against a real worker on Phi-4-mini's real per-layer shape and
vocabulary (random weights, two layers: ``benchmarks/build_scale_model.py``; the scale stage
of .ci/run builds it). The stated tolerance: the estimate the model manager shows is never
below what the worker really holds after a reply, and at most 25% above it (counting the
logits of the graph that runs: the last-position graph's one position)."""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest

from agentic_desk.core import budget as b
from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine, ReplyConsumer
from agentic_desk.core.engine import errors as e

TOLERANCE = 1.25


def rss_after_a_reply(engine: LocalEngine) -> int:
    reply = ReplyConsumer().consume(
        engine.chat(
            [ChatMessage("user", "Write a short letter to my landlord. " * 40)],
            GenerationParams(temperature=0.0, max_new_tokens=8),
        )
    )
    assert reply.error is None and reply.stats is not None
    assert reply.stats.prompt_tokens > 256  # at least one whole prefill chunk of logits
    pid = engine.worker_pid
    assert pid is not None
    return int(psutil.Process(pid).memory_info().rss)


def test_the_worker_stays_within_the_estimate_the_manager_shows(scale_model: Path) -> None:
    with LocalEngine() as engine:
        for setting in (4096, None):
            loaded = engine.load(scale_model, max_context_tokens=setting)
            choice = engine.context_choice
            assert choice is not None and choice.fits
            assert loaded.context_length == (setting or min(b.DEFAULT_CONTEXT, choice.ceiling))
            assert choice.kv_bytes == 2 * 2 * 8 * 128 * 4 * loaded.context_length
            # the logits counted are those of the graph the worker runs: one position with
            # the last-position graph (0.8 MB), not a 256-token chunk's (195 MB)
            assert choice.last_logits is loaded.last_logits is True
            assert choice.logits_bytes == 200_064 * 4
            rss = rss_after_a_reply(engine)
            assert rss <= choice.need_bytes <= TOLERANCE * rss, (setting, rss, choice)


def test_the_scale_model_is_refused_when_memory_is_short(
    scale_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(b.AVAILABLE_MEMORY_ENV, str(2 * b.GIB))
    with LocalEngine(test_hooks=True) as engine:
        with pytest.raises(e.NotEnoughMemory) as refused:
            engine.load(scale_model)
        assert engine.worker_pid is None
        assert "2.0 GB of memory is free and 1.0 GB of it is kept" in refused.value.message
