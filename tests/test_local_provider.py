"""The local engine as a provider: the same events as every HTTP provider, on a tiny real
model (text deltas, notes, one Finished with stop reason, usage and local stats; typed
errors)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

import tiny_models as tm
from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine
from agentic_desk.core.engine import errors as e
from agentic_desk.core.engine.client import TEST_HOLD_ENV
from agentic_desk.core.engine.protocol import Held, PrefillProgress, PromptReady
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.providers.events import Finished, Note, StreamEvent, TextDelta, Usage
from agentic_desk.core.providers.local import LocalProvider

pytestmark = pytest.mark.engine

GREEDY = GenerationParams(temperature=0.0, max_new_tokens=64)
HELLO = [ChatMessage("user", "hello")]


@pytest.fixture
def held_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalEngine]:
    """An engine whose every reply holds after its third token until it is cancelled."""
    monkeypatch.setenv(TEST_HOLD_ENV, "decode:3:cancel")
    with LocalEngine(test_hooks=True, stream_interval_ms=0) as eng:
        yield eng


def split(events: list[StreamEvent]) -> tuple[list[object], str, Finished]:
    """(note details, the text, the Finished event); checks that Finished comes last, once."""
    *rest, last = events
    assert isinstance(last, Finished), events
    assert not any(isinstance(event, Finished) for event in rest)
    assert all(event.text for event in rest if isinstance(event, TextDelta))
    notes = [event.detail for event in rest if isinstance(event, Note)]
    text = "".join(event.text for event in rest if isinstance(event, TextDelta))
    return notes, text, last


def test_a_reply_is_text_deltas_then_finished_with_usage_and_local_stats(
    engine: LocalEngine, scripted_model: Path
) -> None:
    engine.load(scripted_model)
    provider = LocalProvider(engine)
    assert (provider.name, provider.model, provider.billed) == ("local", str(scripted_model), False)

    notes, text, finished = split(list(provider.start(HELLO, GREEDY)))
    ids = tm.scripted_token_ids(scripted_model)
    prompt_ids = tm.encode(scripted_model, tm.chatml_prompt([{"role": "user", "content": "hello"}]))
    assert text == tm.SENTENCE
    assert (finished.stop_reason, finished.usage) == (
        "end_of_text",
        Usage(len(prompt_ids), len(ids)),
    )
    assert type(finished.stop_reason) is str  # a plain str, as from every provider
    assert finished.model == str(scripted_model)
    local = finished.local
    assert local is not None
    assert local.execution_provider == "cpu"
    assert local.ttft_ms > 0 and local.decode_tps > 0
    # the engine's own progress comes along as notes, before the text
    prompt = notes[0]
    assert isinstance(prompt, PromptReady) and prompt.prompt_tokens == len(prompt_ids)
    assert local.reused_tokens == prompt.reused_tokens < len(prompt_ids)
    assert all(isinstance(n, PromptReady | PrefillProgress) for n in notes)

    # the next turn reuses the KV cache of this one: the stats say how much
    follow_up = [*HELLO, ChatMessage("assistant", text), ChatMessage("user", "again")]
    _notes, again, finished = split(list(provider.start(follow_up, GREEDY)))
    assert again == tm.SENTENCE
    assert finished.local is not None and finished.local.reused_tokens >= len(prompt_ids)


def test_stop_reasons_length_and_stop_string(engine: LocalEngine, scripted_model: Path) -> None:
    engine.load(scripted_model)
    provider = LocalProvider(engine)
    _notes, text, finished = split(
        list(provider.start(HELLO, GenerationParams(temperature=0.0, max_new_tokens=3)))
    )
    ids = tm.scripted_token_ids(scripted_model)
    assert text == tm.decode(scripted_model, ids[:3])
    assert finished.stop_reason == "length"
    assert finished.usage is not None and finished.usage.completion_tokens == 3
    stop = GenerationParams(temperature=0.0, max_new_tokens=64, stop=("lazy",))
    _notes, text, finished = split(list(provider.start(HELLO, stop)))
    assert finished.stop_reason == "stop_string"
    assert text == tm.SENTENCE[: tm.SENTENCE.index("lazy")]


def test_cancel_mid_reply_finishes_cancelled_with_the_usage_so_far(
    held_engine: LocalEngine, scripted_model: Path
) -> None:
    held_engine.load(scripted_model)
    stream = LocalProvider(held_engine).start(HELLO, GREEDY)
    events: list[StreamEvent] = []
    for event in stream:
        events.append(event)
        if isinstance(event, Note) and isinstance(event.detail, Held):
            stream.cancel()  # the worker holds until it sees the cancel
    notes, text, finished = split(events)
    assert any(isinstance(n, Held) for n in notes)
    ids = tm.scripted_token_ids(scripted_model)
    assert text == tm.decode(scripted_model, ids[:3])
    assert finished.stop_reason == "cancelled"
    assert finished.usage is not None and finished.usage.completion_tokens == 3


def test_cancel_before_the_reply_starts(engine: LocalEngine, scripted_model: Path) -> None:
    engine.load(scripted_model)
    provider = LocalProvider(engine)
    stream = provider.start(HELLO, GREEDY)
    stream.cancel()  # e.g. the user pressed Stop while the request was being routed
    _notes, text, finished = split(list(stream))
    assert (text, finished.stop_reason) == ("", "cancelled")
    assert finished.usage is not None and finished.usage.completion_tokens == 0
    with pytest.raises(RuntimeError):
        list(stream)  # a stream is iterated once
    assert split(list(provider.start(HELLO, GREEDY)))[1] == tm.SENTENCE  # the engine is free


def test_an_abandoned_stream_frees_the_engine(engine: LocalEngine, scripted_model: Path) -> None:
    engine.load(scripted_model)
    provider = LocalProvider(engine)
    events = iter(provider.start(HELLO, GREEDY))
    next(events)
    events.close()  # e.g. the caller's callback raised: the reply is stopped
    assert split(list(provider.start(HELLO, GREEDY)))[1] == tm.SENTENCE


def test_failures_are_typed_errors(
    held_engine: LocalEngine, scripted_model: Path, engine: LocalEngine
) -> None:
    with pytest.raises(e.NoModelLoaded) as nothing:
        list(LocalProvider(engine).start(HELLO, GREEDY))
    assert nothing.value.message == "No model is loaded."

    held_engine.load(scripted_model)
    provider = LocalProvider(held_engine)
    text: list[str] = []
    with pytest.raises(AgenticDeskError) as crashed:
        for event in provider.start(HELLO, GREEDY):
            if isinstance(event, TextDelta):
                text.append(event.text)
            if isinstance(event, Note) and isinstance(event.detail, Held):
                pid = held_engine.worker_pid
                assert pid is not None
                os.kill(pid, signal.SIGKILL)
    assert isinstance(crashed.value, e.WorkerCrashed)
    assert crashed.value.message.startswith("The model's process was stopped by the system")
    assert "".join(text) == tm.decode(scripted_model, tm.scripted_token_ids(scripted_model)[:3])
    # the next reply starts a new worker (it holds again: cancel it there)
    stream = provider.start(HELLO, GREEDY)
    for event in stream:
        if isinstance(event, Note) and isinstance(event.detail, Held):
            stream.cancel()
    assert held_engine.restarts == 1
