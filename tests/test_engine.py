"""The local engine end to end: worker process, pipe, consumer, on tiny real models."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

import tiny_models as tm
from agentic_desk.core.engine import (
    ChatMessage,
    GenerationParams,
    HoldPoint,
    LocalEngine,
    ReplyConsumer,
    StopReason,
)
from agentic_desk.core.engine import errors as e
from agentic_desk.core.engine.protocol import (
    Failed,
    Finished,
    Held,
    PrefillProgress,
    PromptReady,
    TokenText,
)

pytestmark = pytest.mark.engine

GREEDY = GenerationParams(temperature=0.0, max_new_tokens=64)
HELLO = [ChatMessage("user", "hello")]


def collect(
    engine: LocalEngine,
    messages: list[ChatMessage],
    params: GenerationParams = GREEDY,
    **kwargs: object,
) -> tuple[list[object], object]:
    events: list[object] = []
    reply = ReplyConsumer(on_event=events.append).consume(engine.chat(messages, params, **kwargs))  # type: ignore[arg-type]
    return events, reply


def test_streams_the_scripted_sentence_in_order(engine: LocalEngine, scripted_model: Path) -> None:
    engine.load(scripted_model)
    texts: list[str] = []
    events, reply = collect(engine, HELLO)
    expected_ids = tm.scripted_token_ids(scripted_model)

    kinds = [type(ev).__name__ for ev in events]
    assert kinds[0] == "PromptReady"
    assert kinds[-1] == "Finished"
    first_token = kinds.index("TokenText")
    assert set(kinds[1:first_token]) == {"PrefillProgress"}
    assert set(kinds[first_token:-1]) == {"TokenText"}

    texts = [ev.text for ev in events if isinstance(ev, TokenText)]
    assert "".join(texts) == tm.SENTENCE == reply.text  # type: ignore[attr-defined]
    assert all("\ufffd" not in t for t in texts)
    assert any("🙂" in t for t in texts)  # the emoji's byte tokens arrive as one character
    counts = [ev.tokens for ev in events if isinstance(ev, TokenText)]
    assert counts == list(range(1, len(expected_ids) + 1))

    stats = reply.stats  # type: ignore[attr-defined]
    assert stats.stop_reason is StopReason.END_OF_TEXT
    assert stats.generated_tokens == len(expected_ids)
    prompt_ids = tm.encode(scripted_model, tm.chatml_prompt([{"role": "user", "content": "hello"}]))
    assert stats.prompt_tokens == len(prompt_ids)
    assert stats.provider == "cpu"
    assert stats.ttft_ms > 0 and stats.decode_tps > 0


def test_length_limit(engine: LocalEngine, scripted_model: Path) -> None:
    engine.load(scripted_model)
    _events, reply = collect(engine, HELLO, GenerationParams(temperature=0, max_new_tokens=3))
    ids = tm.scripted_token_ids(scripted_model)
    assert reply.text == tm.decode(scripted_model, ids[:3])  # type: ignore[attr-defined]
    assert reply.stats.stop_reason is StopReason.LENGTH  # type: ignore[attr-defined]
    assert reply.stats.generated_tokens == 3  # type: ignore[attr-defined]


def test_stop_string_ends_the_reply(engine: LocalEngine, scripted_model: Path) -> None:
    engine.load(scripted_model)
    params = GenerationParams(temperature=0, max_new_tokens=64, stop=("lazy",))
    _events, reply = collect(engine, HELLO, params)
    assert reply.text == "The quick brown fox jumps over the "  # type: ignore[attr-defined]
    assert reply.stats.stop_reason is StopReason.STOP_STRING  # type: ignore[attr-defined]
    assert reply.stats.stop_string == "lazy"  # type: ignore[attr-defined]


def test_possible_stop_string_is_held_back_then_released(
    engine: LocalEngine, scripted_model: Path
) -> None:
    engine.load(scripted_model)
    params = GenerationParams(temperature=0, max_new_tokens=64, stop=("lazy cat",))
    events, reply = collect(engine, HELLO, params)
    texts = [ev.text for ev in events if isinstance(ev, TokenText)]
    assert reply.text == tm.SENTENCE  # type: ignore[attr-defined]
    assert not any(t.endswith("lazy") for t in texts)  # never shown while it could match
    assert any(t.startswith("lazy dog") for t in texts)  # released with the next token
    assert reply.stats.stop_reason is StopReason.END_OF_TEXT  # type: ignore[attr-defined]


def test_cancel_mid_decode_stops_at_that_token(engine: LocalEngine, scripted_model: Path) -> None:
    engine.load(scripted_model)
    stream = engine.chat(HELLO, GREEDY, hold=HoldPoint("decode", 3))
    events: list[object] = []
    for event in stream:
        events.append(event)
        if isinstance(event, Held):
            stream.cancel()
            stream.release()
    finished = events[-1]
    assert isinstance(finished, Finished)
    assert finished.stats.stop_reason is StopReason.CANCELLED
    assert finished.stats.generated_tokens == 3
    text = "".join(ev.text for ev in events if isinstance(ev, TokenText))
    assert text == tm.decode(scripted_model, tm.scripted_token_ids(scripted_model)[:3])
    # the worker is immediately usable again
    _events, reply = collect(engine, HELLO)
    assert reply.text == tm.SENTENCE  # type: ignore[attr-defined]


def test_cancel_mid_prefill_between_chunks(engine: LocalEngine, scripted_model: Path) -> None:
    engine.load(scripted_model)
    long_message = [ChatMessage("user", "the quick brown fox " * 12)]
    stream = engine.chat(long_message, GREEDY, prefill_chunk_tokens=8, hold=HoldPoint("prefill", 2))
    events: list[object] = []
    for event in stream:
        events.append(event)
        if isinstance(event, Held):
            assert event.phase == "prefill"
            stream.cancel()
            stream.release()
    progress = [ev for ev in events if isinstance(ev, PrefillProgress)]
    prompt = next(ev for ev in events if isinstance(ev, PromptReady))
    first = (prompt.reused_tokens // 8 + 1) * 8  # chunks end at multiples of 8, as from 0
    assert [p.done for p in progress] == [first, first + 8]
    assert prompt.prompt_tokens > first + 8  # it stopped part-way
    assert not any(isinstance(ev, TokenText) for ev in events)
    finished = events[-1]
    assert isinstance(finished, Finished)
    assert finished.stats.stop_reason is StopReason.CANCELLED
    assert finished.stats.generated_tokens == 0
    _events, reply = collect(engine, long_message)
    assert reply.text == tm.SENTENCE  # type: ignore[attr-defined]


def test_prefill_reports_progress_in_chunks(engine: LocalEngine, scripted_model: Path) -> None:
    engine.load(scripted_model)
    events, _reply = collect(engine, [ChatMessage("user", "fox " * 30)], prefill_chunk_tokens=8)
    prompt = next(ev for ev in events if isinstance(ev, PromptReady))
    done = [ev.done for ev in events if isinstance(ev, PrefillProgress)]
    assert done[-1] == prompt.prompt_tokens
    assert done == sorted(done)
    assert len(done) == -(-(prompt.prompt_tokens - prompt.reused_tokens) // 8)


def test_killed_worker_keeps_the_partial_reply_and_the_next_request_restarts_it(
    engine: LocalEngine, scripted_model: Path
) -> None:
    engine.load(scripted_model)
    first_pid = engine.worker_pid
    assert first_pid is not None
    shown: list[str] = []

    def kill_when_held(event: object) -> None:
        if isinstance(event, Held):
            os.kill(first_pid, signal.SIGKILL)

    reply = ReplyConsumer(on_text=shown.append, on_event=kill_when_held).consume(
        engine.chat(HELLO, GREEDY, hold=HoldPoint("decode", 4))
    )
    ids = tm.scripted_token_ids(scripted_model)
    assert reply.text == "".join(shown) == tm.decode(scripted_model, ids[:4])
    assert isinstance(reply.error, e.WorkerCrashed)
    assert reply.error.message == (
        "The model's process was stopped by the system, most likely because the computer "
        "ran out of memory."
    )
    assert reply.stop_reason is StopReason.ERROR

    _events, again = collect(engine, HELLO)
    assert again.text == tm.SENTENCE  # type: ignore[attr-defined]
    assert engine.worker_pid not in (None, first_pid)
    assert engine.restarts == 1


def test_worker_ignores_sigint(engine: LocalEngine, scripted_model: Path) -> None:
    engine.load(scripted_model)
    stream = engine.chat(HELLO, GREEDY, hold=HoldPoint("decode", 2))
    events: list[object] = []
    for event in stream:
        events.append(event)
        if isinstance(event, Held):
            os.kill(engine.worker_pid or 0, signal.SIGINT)  # as Ctrl+C in a terminal would
            stream.release()
    finished = events[-1]
    assert isinstance(finished, Finished)
    assert finished.stats.stop_reason is StopReason.END_OF_TEXT


def test_idle_unload_then_transparent_reload(scripted_model: Path) -> None:
    with LocalEngine(idle_unload_minutes=0.5 / 60) as engine:
        engine.load(scripted_model)
        first = engine._worker
        assert first is not None
        first.process.join(30)  # the worker leaves by itself after half a second idle
        assert first.process.exitcode == 0
        _events, reply = collect(engine, HELLO)
        assert reply.text == tm.SENTENCE  # type: ignore[attr-defined]
        assert engine.worker_pid != first.process.pid


def test_switching_models_replaces_the_worker(
    engine: LocalEngine, scripted_model: Path, history_model: Path
) -> None:
    engine.load(scripted_model)
    first = engine._worker
    assert first is not None
    loaded = engine.load(history_model)
    assert loaded.model_path == str(history_model)
    assert not first.process.is_alive()
    engine.unload()
    assert engine.worker_pid is None
    with pytest.raises(e.NoModelLoaded):
        engine.chat(HELLO, GREEDY)


def test_a_failed_request_leaves_the_engine_usable(
    engine: LocalEngine, scripted_model: Path
) -> None:
    engine.load(scripted_model, max_context_tokens=128)
    events, reply = collect(engine, [ChatMessage("user", "fox " * 300)])
    assert isinstance(events[-1], Failed)
    assert isinstance(reply.error, e.PromptTooLong)  # type: ignore[attr-defined]
    assert reply.error.message.startswith("This message is too long for the model")  # type: ignore[attr-defined]
    _events, ok = collect(engine, HELLO)
    assert ok.text == tm.SENTENCE  # type: ignore[attr-defined]


def test_fast_tokens_are_coalesced_first_one_goes_at_once(scripted_model: Path) -> None:
    with LocalEngine(stream_interval_ms=60_000) as engine:
        engine.load(scripted_model)
        events, reply = collect(engine, HELLO)
    tokens = [ev for ev in events if isinstance(ev, TokenText)]
    n = len(tm.scripted_token_ids(scripted_model))
    assert [ev.tokens for ev in tokens] == [1, n]
    assert tokens[0].text == "The"
    assert reply.text == tm.SENTENCE  # type: ignore[attr-defined]
