"""Reuse is identical to a fresh start on a real builder model (SmolLM2, int4,
``past_present_share_buffer: true``), through the public engine API.

onnxruntime-genai computes a one-token call differently from a longer one (measured:
re-running only the last prompt token after a rewind moves that token's logits by up to
0.5 and flips the greedy reply to "What is the capital of France?"), and a reply's tokens
are computed one at a time. So a reply that reuses the cache is only the same as a fresh
one if the engine reuses exactly what a fresh prefill would have computed, and pre-fills
the rest in the same shapes. Each test below compares the engine that reuses its cache
with a second engine started afresh for every reply (``reuse_cache=False``: the
generator rewound to zero, the whole prompt pre-filled in the same chunks): the greedy
text, the token count and the stop reason must be equal.

The tiny test models (tests/test_kv_reuse.py) do not use a shared buffer and compute a
one-token call like a longer one, so only a real model catches these mistakes.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import tiny_models as tm
from agentic_desk.core.engine import (
    ChatMessage,
    GenerationParams,
    HoldPoint,
    LocalEngine,
    Reply,
    ReplyConsumer,
    StopReason,
    genai,
    lastlogits,
)
from agentic_desk.core.engine.protocol import Held
from agentic_desk.core.engine.templates import load_chat_template
from agentic_desk.core.engine.worker import ModelSession
from server_helpers import raw_request, read_all, serve, status_of

pytestmark = [pytest.mark.engine, pytest.mark.real_model]

CHUNK = 32  # small chunks: prompts here span several, and reuse points fall inside them
CONTEXT = 2048


@dataclass
class Engines:
    reused: LocalEngine  # keeps its cache between replies, as the app does
    fresh: LocalEngine  # every reply from an empty cache


@pytest.fixture(scope="module")
def engines(real_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engines]:
    # A writable copy, as the app's models folder is: the engine loads the graph that
    # computes the last prompt position's logits only (core/engine/lastlogits.py), as the
    # app does, so reuse is checked on that graph.
    folder = tmp_path_factory.mktemp("reuse") / "smollm2"
    shutil.copytree(real_model, folder)
    for item in [folder, *folder.iterdir()]:
        item.chmod(0o755 if item.is_dir() else 0o644)

    def start() -> LocalEngine:
        engine = LocalEngine(test_hooks=True, prefill_chunk_tokens=CHUNK, stream_interval_ms=0)
        loaded = engine.load(folder, max_context_tokens=CONTEXT)
        assert loaded.last_logits is lastlogits.genai_supports()
        return engine

    with start() as reused, start() as fresh:
        yield Engines(reused, fresh)


@pytest.fixture(autouse=True)
def _no_leaked_processes() -> Iterator[None]:
    """The module's two workers live across tests: the shared check in conftest would
    count them as leaks of the first test (they are closed with the module)."""
    yield


def user(text: str) -> ChatMessage:
    return ChatMessage("user", text)


def assistant(text: str) -> ChatMessage:
    return ChatMessage("assistant", text)


def ask(
    engine: LocalEngine, messages: list[ChatMessage], tokens: int, *, reuse: bool = True
) -> Reply:
    params = GenerationParams(temperature=0.0, max_new_tokens=tokens)
    reply = ReplyConsumer().consume(engine.chat(messages, params, reuse_cache=reuse))
    assert reply.error is None and reply.stats is not None and reply.prompt is not None
    return reply


def same_as_fresh(engines: Engines, messages: list[ChatMessage], tokens: int) -> Reply:
    """Ask the reusing engine, then a fresh start, and check the replies are the same."""
    reused = ask(engines.reused, messages, tokens)
    fresh = ask(engines.fresh, messages, tokens, reuse=False)
    assert fresh.prompt is not None and fresh.prompt.reused_tokens == 0
    assert reused.stats is not None and fresh.stats is not None
    assert reused.text == fresh.text
    assert reused.stats.generated_tokens == fresh.stats.generated_tokens
    assert reused.stats.stop_reason == fresh.stats.stop_reason
    assert reused.stats.prompt_tokens == fresh.stats.prompt_tokens
    return reused


def cancelled_at(
    engine: LocalEngine, messages: list[ChatMessage], tokens: int, hold: HoldPoint
) -> Reply:
    """A reply cancelled where the worker holds (after a prefill chunk or a token)."""
    stream = engine.chat(
        messages, GenerationParams(temperature=0.0, max_new_tokens=tokens), hold=hold
    )

    def on_event(event: object) -> None:
        if isinstance(event, Held):
            stream.cancel()
            stream.release()

    reply = ReplyConsumer(on_event=on_event).consume(stream)
    assert reply.stats is not None and reply.stats.stop_reason is StopReason.CANCELLED
    return reply


def reused_tokens(reply: Reply) -> int:
    assert reply.prompt is not None
    return reply.prompt.reused_tokens


# Prompts whose greedy reply at 20 tokens differed when the cache held the same prompt
# (measured before the fix: 18 tokens and end-of-text instead of 20 for the first).
FLIPPING = ["What is the capital of France?", "Tell me a joke about cats."]


@pytest.mark.parametrize("question", FLIPPING)
def test_identical_repeat_with_the_prompt_fully_cached(engines: Engines, question: str) -> None:
    messages = [user(question)]
    first = same_as_fresh(engines, messages, 20)
    again = same_as_fresh(engines, messages, 20)
    assert first.prompt is not None and again.prompt is not None
    # all of it was in the cache: only the tail of the prompt was run again
    assert reused_tokens(again) >= again.prompt.prompt_tokens - 2


def test_after_a_reply_cut_by_the_length_limit(engines: Engines) -> None:
    first = [user("Tell me a joke about cats.")]
    cut = same_as_fresh(engines, first, 20)
    assert cut.stats is not None and cut.stats.stop_reason is StopReason.LENGTH
    follow_up = [*first, assistant(cut.text), user("Explain the joke.")]
    reply = same_as_fresh(engines, follow_up, 24)
    assert reused_tokens(reply) > 0


def test_after_a_reply_that_ended_at_end_of_text(engines: Engines) -> None:
    first = [user("Give me a word that rhymes with moon.")]
    ended = same_as_fresh(engines, first, 40)
    assert ended.stats is not None and ended.stats.stop_reason is StopReason.END_OF_TEXT
    follow_up = [*first, assistant(ended.text), user("And one that rhymes with star?")]
    reply = same_as_fresh(engines, follow_up, 24)
    assert reused_tokens(reply) > 0


def test_after_cancel_mid_prefill(engines: Engines) -> None:
    long_message = [
        user(
            "Here are my notes from the harbour: the boats came in at dawn, the fishermen "
            "sorted the catch, the gulls circled the market, and the lighthouse keeper "
            "painted the railings again. " * 3 + "Summarise them in two sentences."
        )
    ]
    cancelled = cancelled_at(engines.reused, long_message, 24, HoldPoint("prefill", 2))
    assert cancelled.prompt is not None
    stopped_at = cancelled.prompt.prompt_tokens
    reply = same_as_fresh(engines, long_message, 24)
    # what the cancelled prefill had computed was kept, and not the whole prompt
    assert cancelled.prompt.reused_tokens < reused_tokens(reply) < stopped_at - CHUNK


def test_after_cancel_mid_decode(engines: Engines) -> None:
    question = [user("Describe a lighthouse in one sentence.")]
    partial = cancelled_at(engines.reused, question, 30, HoldPoint("decode", 6))
    assert partial.stats is not None and partial.stats.generated_tokens == 6
    # the same question again, then a conversation that keeps the cut reply
    same_as_fresh(engines, question, 30)
    partial = cancelled_at(engines.reused, question, 30, HoldPoint("decode", 6))
    follow_up = [*question, assistant(partial.text), user("Go on.")]
    reply = same_as_fresh(engines, follow_up, 24)
    assert reused_tokens(reply) > 0


def test_rewind_after_an_earlier_turn_is_edited(engines: Engines) -> None:
    conversation = [user("Name three colours.")]
    for follow_up in ("Which one is the warmest?", "Write a sentence using it."):
        reply = same_as_fresh(engines, conversation, 24)
        conversation += [assistant(reply.text), user(follow_up)]
    whole = same_as_fresh(engines, conversation, 24)
    edited = [user("Name three animals."), *conversation[1:]]
    reply = same_as_fresh(engines, edited, 24)
    assert 0 < reused_tokens(reply) < reused_tokens(whole)
    # an edit further on: the middle question
    edited_later = [*edited[:3], user("Which one is the fastest?"), *edited[4:]]
    same_as_fresh(engines, edited_later, 24)


def test_a_six_turn_conversation(engines: Engines) -> None:
    conversation: list[ChatMessage] = []
    for question in GARDEN:
        conversation.append(user(question))
        reply = same_as_fresh(engines, conversation, 20)
        conversation.append(assistant(reply.text))
    assert reused_tokens(reply) > 0


GARDEN = [
    "I am planning a garden. What should I plant first?",
    "How often should I water it?",
    "What about tomatoes?",
    "Which pests should I watch for?",
    "How do I keep them away without chemicals?",
    "Summarise your advice in one sentence.",
]


@pytest.mark.parametrize("settle", [False, True])
def test_session_turns_with_and_without_settling(real_model: Path, settle: bool) -> None:
    """Below the worker, with nothing racing: each turn reuses the last one's cache,
    the reply unsettled (pre-filled again with the next prompt) or settled (pre-filled
    again right after it ended, as the worker does between requests); against a second
    session that starts every reply from an empty cache."""
    config = json.loads((real_model / "genai_config.json").read_text("utf-8"))
    opened = genai.open_model(real_model, ["cpu"])
    template = load_chat_template(real_model)
    eos = {int(config["model"]["eos_token_id"])}
    reusing = ModelSession(opened, template, CONTEXT, eos, share_buffer=True)
    fresh = ModelSession(opened, template, CONTEXT, eos, share_buffer=True)
    assert config["search"]["past_present_share_buffer"] is True
    conversation: list[ChatMessage] = []
    last_prompt = 0
    for question in GARDEN[:3]:
        conversation.append(user(question))
        reused, text, ids = tm.session_turn(reusing, conversation, 20, CHUNK)
        fresh_reused, fresh_text, fresh_ids = tm.session_turn(
            fresh, conversation, 20, CHUNK, reuse=False
        )
        assert fresh_reused == 0
        assert (text, ids) == (fresh_text, fresh_ids)
        if last_prompt:
            # unsettled, the last reply is pre-filled again; settled, it is reused
            assert (reused > last_prompt) if settle else (0 < reused <= last_prompt)
        last_prompt = reusing.sequence_length - len(ids)
        conversation.append(assistant(text))
        if settle:
            while reusing.settle_step():
                pass


def test_an_unsettled_reply_is_never_reused(real_model: Path) -> None:
    """A long prompt, then a short unrelated one: the cache is rewound far back and the
    short prompt's reply is written where the long prompt was. Its tokens, computed one
    at a time, must not count as reusable on the next turn unless settled."""
    config = json.loads((real_model / "genai_config.json").read_text("utf-8"))
    opened = genai.open_model(real_model, ["cpu"])
    eos = {int(config["model"]["eos_token_id"])}
    session = ModelSession(opened, load_chat_template(real_model), CONTEXT, eos)
    tm.session_turn(session, [user("Summarise these notes: " + "the boats came in. " * 60)], 1)
    short = [user(FLIPPING[1])]
    _reused, text, ids = tm.session_turn(session, short, 20, CHUNK)
    prompt = session.sequence_length - len(ids)
    reused, _text, _ids = tm.session_turn(
        session, [*short, assistant(text), user("Another one.")], 1, CHUNK
    )
    assert 0 < reused <= prompt


def test_settling_a_one_token_reply(real_model: Path) -> None:
    """A reply cut after one token: its token is not in the shared cache yet, and
    settling it alone would be a one-token call; the prompt's last token goes with it."""
    config = json.loads((real_model / "genai_config.json").read_text("utf-8"))
    opened = genai.open_model(real_model, ["cpu"])
    eos = {int(config["model"]["eos_token_id"])}
    session = ModelSession(opened, load_chat_template(real_model), CONTEXT, eos)
    question = [user(FLIPPING[0])]
    _reused, text, ids = tm.session_turn(session, question, 1, CHUNK)
    assert len(ids) == 1
    prompt = session.sequence_length - 1
    assert not session.settle_step()  # one call: the prompt's last token and the reply's
    follow_up = [*question, assistant(text), user("Go on.")]
    reused, _text, _ids = tm.session_turn(session, follow_up, 1, CHUNK)
    assert reused > prompt


def test_api_server_same_prompt_twice_or_after_another(real_model: Path) -> None:
    """Temperature 0 through the OpenAI-compatible endpoint: the reply to a prompt does
    not depend on what the previous request left in the cache."""

    def complete(port: int, content: str) -> tuple[str, int, str]:
        body = {
            "model": "local",
            "messages": [{"role": "user", "content": content}],
            "temperature": 0,
            "max_tokens": 20,
        }
        with raw_request(port, body) as sock:
            data = read_all(sock)
        assert status_of(data) == 200, data
        answer = json.loads(data.partition(b"\r\n\r\n")[2])
        choice = answer["choices"][0]
        return (
            choice["message"]["content"],
            answer["usage"]["completion_tokens"],
            choice["finish_reason"],
        )

    with serve(real_model) as (server, _engine, _recorder):
        port = server.port
        complete(port, "Why is the sky blue?")
        after_another = complete(port, FLIPPING[0])
        repeated = complete(port, FLIPPING[0])
    assert repeated == after_another
