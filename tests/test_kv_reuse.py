"""Multi-turn KV cache reuse: a reused-cache reply is identical to a fresh one.

The tiny history model's output depends on everything in its KV cache (so a wrong
rewind changes the reply); it uses ``past_present_share_buffer: false``. The real
model, built by the onnxruntime-genai builder, uses ``true``: the other cache path, and
numerics where how a token is computed matters (tests/test_kv_reuse_real.py).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import tiny_models as tm
from agentic_desk.core.engine import (
    ChatMessage,
    GenerationParams,
    LocalEngine,
    ReplyConsumer,
    genai,
)
from agentic_desk.core.engine.protocol import Reply
from agentic_desk.core.engine.templates import load_chat_template
from agentic_desk.core.engine.worker import ModelSession, fresh_shaped_start, prefill_chunks

pytestmark = pytest.mark.engine


def ask(
    engine: LocalEngine, messages: list[ChatMessage], tokens: int, *, reuse: bool = True
) -> Reply:
    params = GenerationParams(temperature=0.0, max_new_tokens=tokens)
    reply = ReplyConsumer().consume(engine.chat(messages, params, reuse_cache=reuse))
    assert reply.error is None and reply.stats is not None and reply.prompt is not None
    return reply


def check_reuse_matches_fresh(engine: LocalEngine, tokens: int) -> None:
    first_turn = [ChatMessage("user", "Tell me about the harbour and the boats.")]
    one = ask(engine, first_turn, tokens)
    assert one.text

    second_turn = [
        *first_turn,
        ChatMessage("assistant", one.text),
        ChatMessage("user", "And what about the lighthouse?"),
    ]
    reused = ask(engine, second_turn, tokens)
    assert reused.prompt is not None and reused.prompt.reused_tokens > 0
    fresh = ask(engine, second_turn, tokens, reuse=False)
    assert fresh.prompt is not None and fresh.prompt.reused_tokens == 0
    assert reused.text == fresh.text
    assert reused.stats is not None and fresh.stats is not None
    assert reused.stats.generated_tokens == fresh.stats.generated_tokens

    # Regenerate: the same prompt again rewinds over the reply just written.
    again = ask(engine, second_turn, tokens)
    assert again.text == fresh.text

    # Edit the first message: only the part before the edit is reused.
    edited = [ChatMessage("user", "Tell me about the market and the bakery."), *second_turn[1:]]
    edited_reused = ask(engine, edited, tokens)
    assert edited_reused.prompt is not None
    assert 0 < edited_reused.prompt.reused_tokens < reused.prompt.reused_tokens
    assert edited_reused.text == ask(engine, edited, tokens, reuse=False).text


def test_tiny_model_reuse_equals_fresh(history_model: Path) -> None:
    assert tm.read_genai_config(history_model)["search"]["past_present_share_buffer"] is False
    with LocalEngine() as engine:
        engine.load(history_model)
        check_reuse_matches_fresh(engine, tokens=12)


def test_reused_reply_matches_an_independent_reference(history_model: Path) -> None:
    """Cross-check against plain onnxruntime running the whole sequence with no cache."""
    messages = [ChatMessage("user", "Tell me about the harbour and the boats.")]
    with LocalEngine() as engine:
        engine.load(history_model)
        one = ask(engine, messages, 10)
        messages += [ChatMessage("assistant", one.text), ChatMessage("user", "And then?")]
        two = ask(engine, messages, 10)
    prompt = tm.chatml_prompt([{"role": m.role, "content": m.content} for m in messages])
    expected = tm.reference_generate(history_model, tm.encode(history_model, prompt), 10)
    assert two.text == tm.decode(history_model, expected)


@pytest.mark.parametrize("cut_at", [1, 3])
def test_reuse_after_a_reply_cut_short_by_the_length_limit(
    scripted_model: Path, cut_at: int
) -> None:
    """Through the engine: the reply after a cut one is right, and at least the first
    prompt was reused (more when the worker had time to pre-fill the cut reply again)."""
    assert tm.read_genai_config(scripted_model)["search"]["past_present_share_buffer"] is False
    with LocalEngine() as engine:
        engine.load(scripted_model)
        first = [ChatMessage("user", "hello")]
        cut = ask(engine, first, cut_at)
        assert cut.text == " ".join(tm.SENTENCE.split()[:cut_at])
        follow_up = [*first, ChatMessage("assistant", cut.text), ChatMessage("user", "hello")]
        reused = ask(engine, follow_up, 64)
        assert reused.prompt is not None
        first_prompt = tm.encode(
            scripted_model, tm.chatml_prompt([{"role": "user", "content": "hello"}])
        )
        assert reused.prompt.reused_tokens >= len(first_prompt) - 1
        assert reused.text == tm.SENTENCE


def scripted_session(model: Path) -> ModelSession:
    return ModelSession(
        genai.open_model(model, ["cpu"]),
        load_chat_template(model),
        128,
        {tm.EOS_TOKEN_ID},
        share_buffer=bool(tm.read_genai_config(model)["search"]["past_present_share_buffer"]),
    )


@pytest.mark.parametrize("cut_at", [1, 3, 4])
@pytest.mark.parametrize("settle", [False, True])
def test_the_cache_after_a_cut_reply(scripted_model: Path, cut_at: int, settle: bool) -> None:
    """The last generated token is not in the cache yet, and with a non-shared buffer the
    library can only rewind to two tokens before the end (a wrong rewind raises inside
    onnxruntime-genai). Unsettled, the reply is pre-filled again with the next prompt
    (it was computed one token at a time, unlike a fresh prefill): what is reused is the
    first prompt, but for the token the library cannot rewind to after a one-token
    reply. Settled (the worker's work between requests), the reply is reused too."""
    session = scripted_session(scripted_model)
    first = [ChatMessage("user", "hello")]
    _reused, cut, _ids = tm.session_turn(session, first, cut_at)
    assert cut == " ".join(tm.SENTENCE.split()[:cut_at])
    if settle:
        # the reply (and the one prompt token the rewind cannot keep after a one-token
        # reply), in calls of at most three tokens and never of one (4 = 2 + 2)
        while session.settle_step(3):
            pass
        assert not session.settle_step(3)  # nothing left
    follow_up = [*first, ChatMessage("assistant", cut), ChatMessage("user", "hello")]
    reused, text, _ids = tm.session_turn(session, follow_up, 64)
    first_prompt = tm.encode(
        scripted_model, tm.chatml_prompt([{"role": "user", "content": "hello"}])
    )
    if settle:
        assert reused == len(first_prompt) + cut_at
    else:
        assert reused == len(first_prompt) - (1 if cut_at == 1 else 0)
    assert text == tm.SENTENCE


def test_reuse_after_a_reply_that_ended_with_end_of_text(tmp_path: Path) -> None:
    model = tm.build_history_model(tmp_path / "h", stop_after=".")
    with LocalEngine() as engine:
        engine.load(model)
        check_reuse_matches_fresh(engine, tokens=40)


def test_prefill_chunks_are_those_of_a_fresh_prefill() -> None:
    """From any reuse point, every chunk is the end of the chunk a prefill from an empty
    cache runs there (boundaries at multiples of the chunk size), and, once the reuse
    point is moved by fresh_shaped_start, a one-token call happens only where a fresh
    prefill has one too (onnxruntime-genai computes a lone token differently)."""
    for chunk in (1, 2, 3, 8):
        for end in range(1, 30):
            fresh = prefill_chunks(0, end, chunk)
            assert fresh[0][0] == 0 and fresh[-1][1] == end
            fresh_of = {b: a for a, b in fresh}
            for start in range(end):
                for shaped in (start, fresh_shaped_start(start, end, chunk)):
                    chunks = prefill_chunks(shaped, end, chunk)
                    assert chunks[0][0] == shaped and chunks[-1][1] == end
                    assert all(a2 == b1 for (_a1, b1), (a2, _b2) in itertools.pairwise(chunks))
                    assert all(b in fresh_of and fresh_of[b] <= a for a, b in chunks)
                moved = fresh_shaped_start(start, end, chunk)
                assert start - 1 <= moved <= start
                for a, b in prefill_chunks(moved, end, chunk):
                    if b - a == 1 and a > 0:
                        assert fresh_of[b] == a  # the fresh chunk is a lone token as well
