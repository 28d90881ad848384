"""Cloud/local-server chat providers against real local HTTP servers (provider_servers).

Nothing here sleeps or asserts on time: slow replies are `Hold` seams the test releases,
retry waits go through an injected waiter, and the one timeout test waits for the
client's own (short) read timeout.
"""

from __future__ import annotations

import ast
import contextlib
import logging
import pickle
import socket
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import agentic_desk.core.providers as providers_package
from agentic_desk.core.engine.protocol import ChatMessage, GenerationParams
from agentic_desk.core.providers.config import ProviderConfig
from agentic_desk.core.providers.errors import ProviderError
from agentic_desk.core.providers.events import Finished, TextDelta, Usage
from agentic_desk.core.providers.factory import make_provider
from agentic_desk.core.providers.http import CloudStream, HTTPProvider
from agentic_desk.core.providers.sse import (
    SSECutShort,
    SSEDecodeError,
    SSEEvent,
    SSEParser,
    iter_events,
)
from agentic_desk.core.retry import Backoff
from provider_servers import AnthropicServer, Hold, OpenAIServer, Reply

OPENAI_KEY = "sk-or-v1-SECRET-0123456789abcdef"
ANTHROPIC_KEY = "sk-ant-api03-SECRET-fedcba9876543210"
SAFE = 10.0  # upper bound for waits on events that the code under test must set

CONVERSATION = (
    ChatMessage("system", "You are terse."),
    ChatMessage("user", "Say hello."),
    ChatMessage("assistant", "Hi."),
    ChatMessage("user", "Again, longer."),
)
PARAMS = GenerationParams(
    max_new_tokens=64, temperature=0.5, top_p=0.9, top_k=20, seed=7, stop=("\n\n", "END")
)


class Waits:
    """Stands in for the retry wait: records each wait and returns at once."""

    def __init__(self, before: Callable[[], None] | None = None) -> None:
        self.calls: list[float] = []
        self.before = before

    def __call__(self, cancel: threading.Event, seconds: float) -> bool:
        self.calls.append(seconds)
        if self.before is not None:
            self.before()
        return cancel.is_set()


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    with OpenAIServer(api_key=OPENAI_KEY, models=("gpt-test", "other/model")) as server:
        yield server


@pytest.fixture
def anthropic_server() -> Iterator[AnthropicServer]:
    with AnthropicServer(api_key=ANTHROPIC_KEY, models=("claude-test",)) as server:
        yield server


@pytest.fixture
def providers() -> Iterator[list[HTTPProvider]]:
    made: list[HTTPProvider] = []
    yield made
    for provider in made:
        provider.close()


@pytest.fixture
def make(providers: list[HTTPProvider]) -> Callable[..., HTTPProvider]:
    """make(server, name=..., key=..., wait=..., backoff=..., **config fields) -> a provider."""

    def build(
        server: OpenAIServer | AnthropicServer,
        *,
        name: str | None = None,
        key: str | None = "default",
        wait: Callable[[threading.Event, float], bool] | None = None,
        backoff: Backoff | None = None,
        **fields: Any,
    ) -> HTTPProvider:
        anthropic = isinstance(server, AnthropicServer)
        if key == "default":
            key = ANTHROPIC_KEY if anthropic else OPENAI_KEY
        values: dict[str, Any] = {
            "name": name or ("anthropic" if anthropic else "openrouter"),
            "kind": "anthropic" if anthropic else "openai",
            "base_url": server.base_url,
            "model": "claude-test" if anthropic else "gpt-test",
            "max_retries": 0,
        }
        values.update(fields)
        provider = make_provider(
            ProviderConfig(**values), key, wait=wait or Waits(), backoff=backoff
        )
        providers.append(provider)
        return provider

    return build


def run(stream: CloudStream) -> tuple[str, Finished]:
    """All the text and the final event; checks the event order on the way."""
    events = list(stream)
    assert events, "a stream always ends with Finished"
    *deltas, last = events
    assert isinstance(last, Finished), events
    assert all(isinstance(d, TextDelta) for d in deltas), events
    return "".join(d.text for d in deltas if isinstance(d, TextDelta)), last


def fails(call: Callable[[], object]) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        call()
    return info.value


def failure(stream: CloudStream) -> ProviderError:
    return fails(lambda: list(stream))


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# ---- the SSE parser -------------------------------------------------------------------


def test_sse_fields_comments_multiline_data_and_line_endings() -> None:
    stream = (
        b"\xef\xbb\xbf: a comment\r\n"
        b"event: first\r\nid: 7\r\ndata: one\r\ndata:two\r\n\r\n"
        b"retry: 10\nnonsense line\nunknown: field\n\n"  # no data: nothing dispatched
        b"data: three\rdata:  four \r\r"
        b"event: only-a-name\n\n"  # no data: nothing dispatched
        b"data\n\n"  # a bare field name is an empty value
    )
    expected = [
        SSEEvent("first", "one\ntwo", "7"),
        SSEEvent("message", "three\n four ", "7"),
        SSEEvent("message", "", "7"),
    ]
    assert list(iter_events([stream])) == expected
    # the same bytes split everywhere (CRLF and the BOM too) give the same events
    assert list(iter_events(stream[i : i + 1] for i in range(len(stream)))) == expected
    assert list(iter_events([stream.decode("utf-8")])) == expected


def test_sse_events_come_out_as_soon_as_their_blank_line_arrives() -> None:
    parser = SSEParser()
    assert parser.feed(b"data: a\n") == []
    assert parser.feed(b"\n") == [SSEEvent(data="a")]
    assert parser.feed(b"data: b\r") == []  # CR: maybe CRLF, wait for the next byte
    assert parser.feed(b"\n\r") == []
    assert parser.close() == [SSEEvent(data="b")]  # a final lone CR ends the line


@pytest.mark.parametrize(
    ("tail", "pending"),
    [
        (b"data: whole line\n", SSEEvent(data="whole line")),  # no blank line after it
        (b'data: {"half', SSEEvent(data='{"half')),  # cut inside the line
        (b"event: x\n", None),  # an event begun, no data yet
    ],
)
def test_sse_a_stream_that_ends_inside_an_event_is_cut_short(
    tail: bytes, pending: SSEEvent | None
) -> None:
    events: list[SSEEvent] = []
    with pytest.raises(SSECutShort) as info:
        events.extend(iter_events([b"data: done\n\n", tail]))
    assert events == [SSEEvent(data="done")]
    assert info.value.pending == pending


def test_sse_a_trailing_comment_is_not_a_cut_and_bad_utf8_is_an_error() -> None:
    assert list(iter_events([b"data: x\n\n: bye\n"])) == [SSEEvent(data="x")]
    with pytest.raises(SSEDecodeError):
        list(iter_events([b"data: \xff\xfe\n\n"]))


# ---- OpenAI-compatible: replies ------------------------------------------------------


def test_openai_streams_the_reply_in_order_with_usage_and_sends_a_proper_request(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    openai_server.queue(Reply(pieces=("The", " quick", " brown", " fox"), prompt_tokens=31))
    provider = make(openai_server)
    events = list(provider.start(CONVERSATION, PARAMS))
    assert events == [
        TextDelta("The"),
        TextDelta(" quick"),
        TextDelta(" brown"),
        TextDelta(" fox"),
        Finished("end_of_text", Usage(31, 4), "gpt-test"),
    ]
    assert type(events[-1].stop_reason) is str  # a plain value, as the app stores it
    (request,) = openai_server.requests
    assert (request.method, request.path) == ("POST", "/v1/chat/completions")
    assert request.headers["authorization"] == f"Bearer {OPENAI_KEY}"
    assert request.headers["accept"] == "text/event-stream"
    assert request.headers["content-type"] == "application/json"
    assert request.body == {
        "model": "gpt-test",
        "messages": [
            {"role": "system", "content": "You are terse."},  # the system prompt stays first
            {"role": "user", "content": "Say hello."},
            {"role": "assistant", "content": "Hi."},
            {"role": "user", "content": "Again, longer."},
        ],
        "stream": True,
        "stream_options": {"include_usage": True},
        "max_tokens": 64,
        "temperature": 0.5,
        "top_p": 0.9,
        "stop": ["\n\n", "END"],
        "seed": 7,
    }


@pytest.mark.parametrize(
    ("finish", "stop_reason"),
    [
        ("stop", "end_of_text"),
        ("length", "length"),
        ("content_filter", "error"),
        ("tool_calls", "end_of_text"),
    ],
)
def test_openai_finish_reasons(
    openai_server: OpenAIServer,
    make: Callable[..., HTTPProvider],
    finish: str,
    stop_reason: str,
) -> None:
    openai_server.queue(Reply(finish=finish, model="gpt-test-2025-01-01"))
    text, last = run(make(openai_server).start(CONVERSATION, PARAMS))
    assert text == "Hello, world!"
    assert last == Finished(stop_reason, Usage(12, 4), "gpt-test-2025-01-01")


def test_openai_extra_headers_are_sent_and_no_authorization_without_a_key(
    make: Callable[..., HTTPProvider],
) -> None:
    with OpenAIServer(api_key=None) as server:  # like Ollama: no key needed
        provider = make(
            server,
            name="ollama",
            key=None,
            headers={"HTTP-Referer": "https://agentic-desk.example", "X-Title": "Agentic Desk"},
        )
        text, _ = run(provider.start(CONVERSATION, PARAMS))
        assert text == "Hello, world!"
        (request,) = server.requests
    assert "authorization" not in request.headers
    assert request.headers["http-referer"] == "https://agentic-desk.example"
    assert request.headers["x-title"] == "Agentic Desk"
    assert "api_key=none" in repr(provider)


def test_openai_keep_alive_comments_and_garbage_lines_are_skipped(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    openai_server.queue(
        Reply(comments=3, garbage_at=2, garbage=b"this is not a field line\nid: 3\n\n")
    )
    text, last = run(make(openai_server).start(CONVERSATION, PARAMS))
    assert (text, last.stop_reason) == ("Hello, world!", "end_of_text")


def test_openai_server_that_rejects_stream_options_is_asked_again_without(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    openai_server.reject_stream_options = True
    provider = make(openai_server)
    text, last = run(provider.start(CONVERSATION, PARAMS))
    assert (text, last.usage) == ("Hello, world!", None)  # no usage without the option
    first, second = openai_server.requests
    assert first.status == 400 and "stream_options" in first.body
    assert second.status == 200 and "stream_options" not in second.body
    run(provider.start(CONVERSATION, PARAMS))  # learned: asks without it straight away
    assert "stream_options" not in openai_server.requests[2].body
    assert len(openai_server.requests) == 3


def test_openai_a_400_for_another_reason_is_not_blamed_on_stream_options(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    openai_server.queue(Reply(status=400), Reply(status=400))
    provider = make(openai_server)
    assert failure(provider.start(CONVERSATION, PARAMS)).kind == "bad_request"
    assert len(openai_server.requests) == 2  # once more without stream_options, no more
    run(provider.start(CONVERSATION, PARAMS))
    assert "stream_options" in openai_server.requests[2].body  # not learned


def test_openai_reply_without_usage_or_done_still_finishes(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    openai_server.queue(Reply(omit_usage=True, omit_done=True, finish="length"))
    text, last = run(make(openai_server).start(CONVERSATION, PARAMS))
    assert (text, last) == ("Hello, world!", Finished("length", None, "gpt-test"))


def test_openai_server_that_ignores_stream_sends_one_json_completion(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    openai_server.queue(Reply(as_json=True, prompt_tokens=5))
    events = list(make(openai_server).start(CONVERSATION, PARAMS))
    assert events == [TextDelta("Hello, world!"), Finished("end_of_text", Usage(5, 4), "gpt-test")]


# ---- OpenAI-compatible: errors -------------------------------------------------------

OPENROUTER_HINT_KEY = (
    "Check the key in Settings → Providers, or run 'agentic-desk keys set openrouter'."
)
BAD_REQUEST_HINT = (
    "Check the model name and the reply settings for this provider (such as the maximum "
    "reply length) in Settings → Providers."
)


@pytest.mark.parametrize(
    ("reply", "kind", "status", "message", "hint"),
    [
        (
            Reply(status=400, error_message="'max_tokens' is too large"),
            "bad_request",
            400,
            "OpenRouter rejected the request (HTTP 400): 'max_tokens' is too large.",
            BAD_REQUEST_HINT,
        ),
        (
            Reply(status=403),
            "auth",
            403,
            "OpenRouter refused access (HTTP 403): You are not allowed to sample from this model.",
            "Check that the API key may use the model 'gpt-test' (see Settings → Providers), "
            "or pick another model.",
        ),
        (
            Reply(status=402, error_message="Insufficient credits", error_code=402),
            "auth",
            402,
            "OpenRouter says the account is out of credits (HTTP 402).",
            "Add credits to your OpenRouter account, then try again.",
        ),
        (
            Reply(status=413),
            "bad_request",
            413,
            "The conversation is too large for OpenRouter (HTTP 413).",
            "Start a new chat or shorten the longest messages, then try again.",
        ),
        (
            Reply(status=429, retry_after="20"),
            "rate_limited",
            429,
            "OpenRouter is rate-limiting requests; try again in 20 s.",
            "If this keeps happening, check your plan's rate limits with OpenRouter.",
        ),
        (
            Reply(status=429),
            "rate_limited",
            429,
            "OpenRouter is rate-limiting requests (HTTP 429).",
            "Wait a minute and try again; if this keeps happening, check your plan's rate "
            "limits with OpenRouter.",
        ),
        (
            Reply(status=500),
            "server",
            500,
            "OpenRouter had an internal error (HTTP 500).",
            "The problem is on OpenRouter's side; try again in a minute.",
        ),
        (
            Reply(status=503),
            "server",
            503,
            "OpenRouter is unavailable right now (HTTP 503).",
            "Try again in a minute; if it persists, check OpenRouter's status page.",
        ),
    ],
    ids=lambda v: str(v.status) if isinstance(v, Reply) else None,
)
def test_openai_error_statuses_are_explained(
    openai_server: OpenAIServer,
    make: Callable[..., HTTPProvider],
    reply: Reply,
    kind: str,
    status: int,
    message: str,
    hint: str,
) -> None:
    openai_server.queue(reply, reply)  # a 400 is asked again once without stream_options
    error = failure(make(openai_server).start(CONVERSATION, PARAMS))
    assert (error.kind, error.status, error.message, error.hint) == (kind, status, message, hint)
    assert str(error) == f"{message} {hint}"
    assert error.partial_text == ""


def test_openai_wrong_key_unknown_model_and_wrong_url(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    error = failure(make(openai_server, key="sk-wrong-key-123456").start(CONVERSATION, PARAMS))
    assert (error.kind, error.status, error.message, error.hint) == (
        "auth",
        401,
        "OpenRouter rejected the API key (HTTP 401).",
        OPENROUTER_HINT_KEY,
    )
    error = failure(make(openai_server, key=None).start(CONVERSATION, PARAMS))
    assert (error.kind, error.message, error.hint) == (
        "auth",
        "OpenRouter needs an API key (HTTP 401).",
        "Add the key in Settings → Providers, or run 'agentic-desk keys set openrouter'.",
    )
    error = failure(make(openai_server, model="nope/model").start(CONVERSATION, PARAMS))
    assert (error.kind, error.status, error.message, error.hint) == (
        "not_found",
        404,
        "OpenRouter does not know the model 'nope/model' (HTTP 404).",
        "Check the model name in Settings → Providers; it must be one that OpenRouter offers.",
    )
    provider = make(openai_server, base_url=openai_server.origin)  # forgot the /v1
    error = failure(provider.start(CONVERSATION, PARAMS))
    assert (error.kind, error.status, error.message, error.hint) == (
        "not_found",
        404,
        f"OpenRouter has no chat endpoint at {openai_server.origin}/chat/completions (HTTP 404).",
        "Check the base URL in Settings → Providers; for OpenAI-compatible servers it usually "
        "ends in /v1 (e.g. http://localhost:11434/v1 for Ollama).",
    )


def test_openai_quota_exhausted_is_not_retried(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    openai_server.queue(
        Reply(status=429, error_code="insufficient_quota", error_message="You exceeded your quota")
    )
    waits = Waits()
    error = failure(
        make(openai_server, name="openai", max_retries=2, wait=waits).start(CONVERSATION, PARAMS)
    )
    assert (error.kind, error.message, error.hint) == (
        "rate_limited",
        "OpenAI says the account has no quota left (HTTP 429).",
        "Check your plan and billing with OpenAI.",
    )
    assert waits.calls == [] and len(openai_server.requests) == 1


def test_connection_refused_is_retried_then_explained(
    make: Callable[..., HTTPProvider],
) -> None:
    waits = Waits()
    with OpenAIServer() as server:  # only for the make() helper's defaults
        port = closed_port()
        provider = make(
            server,
            name="ollama",
            key=None,
            base_url=f"http://127.0.0.1:{port}/v1",
            max_retries=2,
            wait=waits,
        )
        error = failure(provider.start(CONVERSATION, PARAMS))
    assert (error.kind, error.status, error.message, error.hint) == (
        "connection",
        None,
        f"Could not connect to Ollama at http://127.0.0.1:{port}/v1 (connection refused).",
        "Make sure the server is running (for Ollama: 'ollama serve') and that the address "
        "and port in Settings → Providers are right.",
    )
    assert len(waits.calls) == 2
    assert 0.5 <= waits.calls[0] <= 1.0 and 1.0 <= waits.calls[1] <= 2.0  # backoff, jitter


def test_read_timeout_is_explained_and_not_retried(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    hold = Hold()  # never released: the reply stalls after the first text
    openai_server.queue(Reply(hold_at=2, hold=hold))
    waits = Waits()
    provider = make(openai_server, timeout_s=0.5, max_retries=2, wait=waits)
    error = failure(provider.start(CONVERSATION, PARAMS))
    assert (error.kind, error.message, error.hint, error.partial_text) == (
        "timeout",
        "OpenRouter did not respond within 0.5 s.",
        "Check your connection and try again, or give OpenRouter a longer timeout in "
        "Settings → Providers.",
        "Hello",
    )
    assert waits.calls == [] and len(openai_server.requests) == 1


# ---- retries --------------------------------------------------------------------------


def test_retries_429_and_5xx_before_the_first_token_honouring_retry_after(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    openai_server.queue(
        Reply(status=429, retry_after="7"), Reply(status=503), Reply(pieces=("once",))
    )
    waits = Waits()
    exact = Backoff(jitter=False)
    provider = make(openai_server, max_retries=2, wait=waits, backoff=exact)
    text, last = run(provider.start(CONVERSATION, PARAMS))
    assert (text, last.stop_reason) == ("once", "end_of_text")
    assert [r.status for r in openai_server.requests] == [429, 503, 200]
    assert waits.calls == [7.0, 2.0]  # Retry-After, exactly; then the second back-off


def test_retry_after_as_an_http_date(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    openai_server.queue(
        Reply(status=503, retry_after="Wed, 21 Oct 2015 07:28:00 GMT"), Reply(pieces=("ok",))
    )
    waits = Waits()
    assert run(make(openai_server, max_retries=1, wait=waits).start(CONVERSATION, PARAMS))[0] == (
        "ok"
    )
    assert waits.calls == [0.0]  # a date in the past: at once
    openai_server.queue(Reply(status=503, retry_after="Fri, 01 Jan 2100 00:00:00 GMT"))
    error = failure(make(openai_server, max_retries=1, wait=waits).start(CONVERSATION, PARAMS))
    assert (error.kind, error.retryable) == ("server", False)  # far beyond the cap: at once
    assert error.retry_after is not None and error.retry_after > 60
    assert waits.calls == [0.0] and len(openai_server.requests) == 3


def test_a_cancel_during_the_retry_wait_ends_the_stream_cancelled(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    openai_server.queue(Reply(status=503), Reply())
    waits = Waits()
    stream = make(openai_server, max_retries=2, wait=waits).start(CONVERSATION, PARAMS)
    waits.before = stream.cancel  # the user presses Stop while the provider waits
    assert list(stream) == [Finished("cancelled", None, "gpt-test")]
    assert len(waits.calls) == 1 and len(openai_server.requests) == 1


def test_retries_give_up_after_max_retries(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    openai_server.queue(Reply(status=500), Reply(status=502), Reply(status=500))
    waits = Waits()
    error = failure(make(openai_server, max_retries=2, wait=waits).start(CONVERSATION, PARAMS))
    assert (error.kind, error.status) == ("server", 500)
    assert len(waits.calls) == 2 and len(openai_server.requests) == 3


def test_a_retry_after_beyond_60_s_fails_at_once_naming_the_wait(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    openai_server.queue(Reply(status=429, retry_after="125"))
    waits = Waits()
    error = failure(make(openai_server, max_retries=2, wait=waits).start(CONVERSATION, PARAMS))
    assert error.message == "OpenRouter is rate-limiting requests; try again in 3 min."
    assert error.retry_after == 125.0
    assert waits.calls == [] and len(openai_server.requests) == 1


def test_an_error_event_before_any_text_is_retried(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    openai_server.queue(Reply(error_at=1), Reply())  # error right after the role chunk
    text, _ = run(make(openai_server, max_retries=1).start(CONVERSATION, PARAMS))
    assert text == "Hello, world!"
    assert len(openai_server.requests) == 2


@pytest.mark.parametrize(
    ("reply", "kind", "message"),
    [
        (
            Reply(error_at=3),  # role, "Hello", ",", then the error
            "server",
            "OpenRouter had an internal error.",
        ),
        (
            Reply(error_at=3, error_type="rate_limit_error", error_code=429),  # OpenRouter
            "rate_limited",
            "OpenRouter is rate-limiting requests.",
        ),
        (
            Reply(cut_at=3),
            "cut_short",
            "The reply from OpenRouter was cut short: the connection closed before it finished.",
        ),
    ],
)
def test_no_retry_once_text_has_arrived_and_the_text_is_kept(
    openai_server: OpenAIServer,
    make: Callable[..., HTTPProvider],
    reply: Reply,
    kind: str,
    message: str,
) -> None:
    openai_server.queue(reply)
    waits = Waits()
    stream = make(openai_server, max_retries=2, wait=waits).start(CONVERSATION, PARAMS)
    seen: list[str] = []
    with pytest.raises(ProviderError) as info:
        for event in stream:
            assert isinstance(event, TextDelta)
            seen.append(event.text)
    assert seen == ["Hello", ","]
    assert (info.value.kind, info.value.message, info.value.partial_text) == (
        kind,
        message,
        "Hello,",
    )
    assert info.value.status is None
    assert waits.calls == [] and len(openai_server.requests) == 1


# ---- cut short, malformed ----------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        Reply(cut_at=3, cut_mid_line=True),  # connection dropped inside a data line
        Reply(cut_at=3, cut_mid_line=True, end_body_at_cut=True),  # body ends mid-event
        Reply(omit_finish=True, omit_usage=True, omit_done=True),  # ends with no end marker
    ],
    ids=["dropped-mid-line", "body-ends-mid-event", "no-finish-no-done"],
)
def test_openai_cut_short_keeps_the_partial_text(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider], reply: Reply
) -> None:
    openai_server.queue(reply)
    error = failure(make(openai_server).start(CONVERSATION, PARAMS))
    assert error.kind == "cut_short"
    assert error.message == (
        "The reply from OpenRouter was cut short: the connection closed before it finished."
    )
    assert error.hint == "Ask again for a complete reply; the text received so far is kept."
    expected = "Hello, world!" if reply.omit_done else "Hello,"
    assert error.partial_text == expected


@pytest.mark.parametrize(
    "garbage",
    [b'data: {"choices": [oops\n\n', b"data: " + b"[" * 100_000 + b"]" * 100_000 + b"\n\n"],
    ids=["not-json", "nested-100000-deep"],
)
def test_openai_malformed_event(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider], garbage: bytes
) -> None:
    openai_server.queue(Reply(garbage_at=2, garbage=garbage))
    error = failure(make(openai_server).start(CONVERSATION, PARAMS))
    assert (error.kind, error.message, error.hint, error.partial_text) == (
        "malformed",
        "OpenRouter sent a reply this app could not read (an event that is not valid JSON).",
        f"Check that the base URL {openai_server.base_url} belongs to an OpenAI-compatible API.",
        "Hello",
    )


# ---- cancel ---------------------------------------------------------------------------


def consume_in_thread(
    stream: CloudStream, signal_after: int
) -> tuple[list[Any], threading.Event, threading.Thread]:
    events: list[Any] = []
    got = threading.Event()

    def consume() -> None:
        try:
            for event in stream:
                events.append(event)
                if len(events) == signal_after:
                    got.set()
        except BaseException as exc:  # reported through `events` for the assertions
            events.append(exc)
        got.set()

    thread = threading.Thread(target=consume)
    thread.start()
    return events, got, thread


def test_cancel_from_another_thread_closes_the_connection_at_once_openai(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    hold = Hold()  # the server stalls after two pieces, until released (never, here)
    openai_server.queue(Reply(pieces=("Hel", "lo", " there"), hold_at=3, hold=hold))
    stream = make(openai_server).start(CONVERSATION, PARAMS)
    events, got_two, thread = consume_in_thread(stream, signal_after=2)
    assert hold.reached.wait(SAFE) and got_two.wait(SAFE)
    stream.cancel()
    (record,) = openai_server.requests
    assert record.client_disconnected.wait(SAFE)  # seen by the server while still held
    assert not hold.released
    thread.join(SAFE)
    assert not thread.is_alive()
    assert events == [TextDelta("Hel"), TextDelta("lo"), Finished("cancelled", None, "gpt-test")]


def test_cancel_while_waiting_for_the_response_headers(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    hold = Hold()
    openai_server.queue(Reply(hold_headers=hold))
    stream = make(openai_server).start(CONVERSATION, PARAMS)
    events, _, thread = consume_in_thread(stream, signal_after=1)
    assert hold.reached.wait(SAFE)
    stream.cancel()
    assert openai_server.requests[0].client_disconnected.wait(SAFE)
    thread.join(SAFE)
    assert not thread.is_alive()
    assert events == [Finished("cancelled", None, "gpt-test")]


def test_cancel_from_another_thread_closes_the_connection_at_once_anthropic(
    anthropic_server: AnthropicServer, make: Callable[..., HTTPProvider]
) -> None:
    hold = Hold()  # message_start, block start, ping, "Hel", then the stall
    anthropic_server.queue(Reply(pieces=("Hel", "lo"), hold_at=4, hold=hold, prompt_tokens=30))
    stream = make(anthropic_server).start(CONVERSATION, PARAMS)
    events, got_one, thread = consume_in_thread(stream, signal_after=1)
    assert hold.reached.wait(SAFE) and got_one.wait(SAFE)
    stream.cancel()
    assert anthropic_server.requests[0].client_disconnected.wait(SAFE)
    thread.join(SAFE)
    assert not thread.is_alive()
    # the usage known so far: the prompt, and the output tokens counted at the start
    assert events == [TextDelta("Hel"), Finished("cancelled", Usage(30, 1), "claude-test")]


def test_cancel_in_the_consuming_thread_and_before_starting(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    provider = make(openai_server)
    stream = provider.start(CONVERSATION, PARAMS)
    events: list[Any] = []
    for event in stream:
        events.append(event)
        if len(events) == 1:
            stream.cancel()
    assert events == [TextDelta("Hello"), Finished("cancelled", None, "gpt-test")]
    before = provider.start(CONVERSATION, PARAMS)
    before.cancel()
    assert list(before) == [Finished("cancelled", None, "gpt-test")]
    assert len(openai_server.requests) == 1  # nothing was sent for the second
    with pytest.raises(RuntimeError):
        list(before)  # a stream is iterated once


def test_cancel_interrupts_a_retry_wait(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    openai_server.queue(Reply(status=503, retry_after="30"))
    waiting = threading.Event()

    def real_wait(cancel: threading.Event, seconds: float) -> bool:
        waiting.set()
        return cancel.wait(seconds)  # the provider's own kind of wait, on the cancel event

    stream = make(openai_server, max_retries=2, wait=real_wait).start(CONVERSATION, PARAMS)
    events, _, thread = consume_in_thread(stream, signal_after=1)
    assert waiting.wait(SAFE)
    stream.cancel()
    thread.join(SAFE)
    assert not thread.is_alive()
    assert events == [Finished("cancelled", None, "gpt-test")]
    assert len(openai_server.requests) == 1


# ---- test_connection (OpenAI-compatible) -----------------------------------------------


def test_openai_test_connection(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    assert make(openai_server).test_connection() == (
        "Connected to OpenRouter: 2 models available, including 'gpt-test'."
    )
    (request,) = openai_server.requests
    assert (request.method, request.path) == ("GET", "/v1/models")
    assert request.headers["authorization"] == f"Bearer {OPENAI_KEY}"

    error = fails(make(openai_server, key="sk-wrong-000000000").test_connection)
    assert (error.kind, error.message) == ("auth", "OpenRouter rejected the API key (HTTP 401).")

    error = fails(make(openai_server, model="gpt-9").test_connection)
    assert (error.kind, error.message, error.hint) == (
        "not_found",
        "OpenRouter does not know the model 'gpt-9'.",
        "Pick one that OpenRouter offers in Settings → Providers (e.g. 'gpt-test', 'other/model').",
    )

    provider = make(openai_server, base_url=openai_server.origin)
    error = fails(provider.test_connection)
    assert (error.kind, error.message) == (
        "not_found",
        f"OpenRouter has no model list at {openai_server.origin}/models (HTTP 404).",
    )

    port = closed_port()
    provider = make(openai_server, name="lmstudio", base_url=f"http://localhost:{port}/v1")
    error = fails(provider.test_connection)
    assert error.kind == "connection"
    assert error.message.startswith(f"Could not connect to LM Studio at http://localhost:{port}/v1")


# ---- Anthropic -------------------------------------------------------------------------


def test_anthropic_streams_the_reply_and_sends_a_proper_request(
    anthropic_server: AnthropicServer, make: Callable[..., HTTPProvider]
) -> None:
    anthropic_server.queue(Reply(pieces=("Bonjour", " à", " tous"), prompt_tokens=21))
    events = list(make(anthropic_server).start(CONVERSATION, PARAMS))
    assert events == [
        TextDelta("Bonjour"),
        TextDelta(" à"),
        TextDelta(" tous"),
        Finished("end_of_text", Usage(21, 3), "claude-test"),
    ]
    (request,) = anthropic_server.requests
    assert (request.method, request.path) == ("POST", "/v1/messages")
    assert request.headers["x-api-key"] == ANTHROPIC_KEY
    assert request.headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in request.headers
    assert request.body == {
        "model": "claude-test",
        "system": "You are terse.",  # top level, not a message
        "messages": [
            {"role": "user", "content": "Say hello."},
            {"role": "assistant", "content": "Hi."},
            {"role": "user", "content": "Again, longer."},
        ],
        "max_tokens": 64,
        "stream": True,
        "temperature": 0.5,
        "top_p": 0.9,
        "top_k": 20,
        "stop_sequences": ["END"],  # blank stop sequences are refused by the API
    }


@pytest.mark.parametrize(
    ("stop", "stop_reason"),
    [
        ("end_turn", "end_of_text"),
        ("max_tokens", "length"),
        ("stop_sequence", "stop_string"),
        ("refusal", "error"),
    ],
)
def test_anthropic_stop_reasons(
    anthropic_server: AnthropicServer,
    make: Callable[..., HTTPProvider],
    stop: str,
    stop_reason: str,
) -> None:
    anthropic_server.queue(Reply(finish=stop, completion_tokens=9))
    text, last = run(make(anthropic_server).start(CONVERSATION, PARAMS))
    assert (text, last) == ("Hello, world!", Finished(stop_reason, Usage(12, 9), "claude-test"))


def test_anthropic_base_url_with_v1_and_a_missing_message_stop(
    anthropic_server: AnthropicServer, make: Callable[..., HTTPProvider]
) -> None:
    anthropic_server.queue(Reply(omit_done=True, finish="max_tokens"))
    provider = make(anthropic_server, base_url=anthropic_server.origin + "/v1/")
    text, last = run(provider.start(CONVERSATION, PARAMS))
    assert (text, last.stop_reason) == ("Hello, world!", "length")  # message_delta said so
    assert anthropic_server.requests[0].path == "/v1/messages"


def test_anthropic_model_that_refuses_top_p_with_temperature(
    anthropic_server: AnthropicServer, make: Callable[..., HTTPProvider]
) -> None:
    anthropic_server.reject_top_p_with_temperature = True
    provider = make(anthropic_server)
    text, _ = run(provider.start(CONVERSATION, PARAMS))
    assert text == "Hello, world!"
    first, second = anthropic_server.requests
    assert first.status == 400 and "top_p" in first.body
    assert second.status == 200 and "top_p" not in second.body
    assert second.body["temperature"] == 0.5


@pytest.mark.parametrize(
    ("reply", "kind", "status", "message", "hint"),
    [
        (
            Reply(status=529),
            "server",
            529,
            "Anthropic is overloaded right now (HTTP 529).",
            "Try again in a minute.",
        ),
        (
            Reply(status=500),
            "server",
            500,
            "Anthropic had an internal error (HTTP 500).",
            "The problem is on Anthropic's side; try again in a minute.",
        ),
        (
            Reply(status=429, retry_after="4"),
            "rate_limited",
            429,
            "Anthropic is rate-limiting requests; try again in 4 s.",
            "If this keeps happening, check your plan's rate limits with Anthropic.",
        ),
        (
            Reply(status=403),
            "auth",
            403,
            "Anthropic refused access (HTTP 403): Your API key does not have permission to use "
            "this resource.",
            "Check that the API key may use the model 'claude-test' (see Settings → Providers), "
            "or pick another model.",
        ),
        (
            Reply(status=400, error_message="messages: text content blocks must be non-empty"),
            "bad_request",
            400,
            "Anthropic rejected the request (HTTP 400): messages: text content blocks must be "
            "non-empty.",
            BAD_REQUEST_HINT,
        ),
    ],
    ids=lambda v: str(v.status) if isinstance(v, Reply) else None,
)
def test_anthropic_error_statuses_are_explained(
    anthropic_server: AnthropicServer,
    make: Callable[..., HTTPProvider],
    reply: Reply,
    kind: str,
    status: int,
    message: str,
    hint: str,
) -> None:
    anthropic_server.queue(reply)
    error = failure(make(anthropic_server).start(CONVERSATION, PARAMS))
    assert (error.kind, error.status, error.message, error.hint) == (kind, status, message, hint)


def test_anthropic_wrong_key_and_unknown_model(
    anthropic_server: AnthropicServer, make: Callable[..., HTTPProvider]
) -> None:
    error = failure(make(anthropic_server, key="sk-ant-wrong-999").start(CONVERSATION, PARAMS))
    assert (error.kind, error.status, error.message, error.hint) == (
        "auth",
        401,
        "Anthropic rejected the API key (HTTP 401).",
        "Check the key in Settings → Providers, or run 'agentic-desk keys set anthropic'.",
    )
    error = failure(make(anthropic_server, model="claude-nope").start(CONVERSATION, PARAMS))
    assert (error.kind, error.status, error.message) == (
        "not_found",
        404,
        "Anthropic does not know the model 'claude-nope' (HTTP 404).",
    )


def test_anthropic_overloaded_529_is_retried(
    anthropic_server: AnthropicServer, make: Callable[..., HTTPProvider]
) -> None:
    anthropic_server.queue(Reply(status=529), Reply(status=529, retry_after="0"), Reply())
    waits = Waits()
    text, _ = run(make(anthropic_server, max_retries=2, wait=waits).start(CONVERSATION, PARAMS))
    assert text == "Hello, world!"
    assert [r.status for r in anthropic_server.requests] == [529, 529, 200]
    assert 0.5 <= waits.calls[0] <= 1.0 and waits.calls[1] == 0.0


def test_anthropic_error_event_mid_stream(
    anthropic_server: AnthropicServer, make: Callable[..., HTTPProvider]
) -> None:
    anthropic_server.queue(Reply(error_at=5))  # after "Hello" and ","
    waits = Waits()
    stream = make(anthropic_server, max_retries=2, wait=waits).start(CONVERSATION, PARAMS)
    error = failure(stream)
    assert (error.kind, error.status, error.message, error.hint, error.partial_text) == (
        "server",
        None,
        "Anthropic is overloaded right now.",
        "Try again in a minute.",
        "Hello,",
    )
    assert waits.calls == [] and len(anthropic_server.requests) == 1
    # the same event before any text: retried, as a 529 would be
    anthropic_server.queue(Reply(error_at=2), Reply())
    text, _ = run(make(anthropic_server, max_retries=1).start(CONVERSATION, PARAMS))
    assert text == "Hello, world!"


def test_anthropic_cut_short_and_malformed(
    anthropic_server: AnthropicServer, make: Callable[..., HTTPProvider]
) -> None:
    anthropic_server.queue(
        Reply(cut_at=4, cut_mid_line=True),
        Reply(garbage_at=4, garbage=b"event: content_block_delta\ndata: {nope}\n\n"),
    )
    provider = make(anthropic_server)
    error = failure(provider.start(CONVERSATION, PARAMS))
    assert (error.kind, error.partial_text) == ("cut_short", "Hello")
    assert error.message == (
        "The reply from Anthropic was cut short: the connection closed before it finished."
    )
    error = failure(provider.start(CONVERSATION, PARAMS))
    assert (error.kind, error.message, error.partial_text) == (
        "malformed",
        "Anthropic sent a reply this app could not read (an event that is not valid JSON).",
        "Hello",
    )


def test_anthropic_test_connection(
    anthropic_server: AnthropicServer, make: Callable[..., HTTPProvider]
) -> None:
    anthropic_server.queue(Reply(pieces=("Hi",), finish="max_tokens"))
    assert (
        make(anthropic_server).test_connection()
        == "Connected to Anthropic: 'claude-test' answered."
    )
    (request,) = anthropic_server.requests
    assert request.body["max_tokens"] == 1
    error = fails(make(anthropic_server, key="sk-ant-nope-1234").test_connection)
    assert (error.kind, error.message) == ("auth", "Anthropic rejected the API key (HTTP 401).")


# ---- keys never leak, errors travel ------------------------------------------------------


def test_keys_never_appear_in_reprs_errors_or_logs(
    openai_server: OpenAIServer,
    anthropic_server: AnthropicServer,
    make: Callable[..., HTTPProvider],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # httpx, httpcore and ours, all of it
    leaky = Reply(status=400, error_message=f"Header 'Authorization: Bearer {OPENAI_KEY}' is bad")
    openai_server.queue(
        leaky,
        leaky,  # the 400 is asked again once without stream_options
        Reply(status=429, retry_after="0"),
        Reply(status=500),
        Reply(error_at=2),
        Reply(cut_at=3),
        Reply(garbage_at=2, garbage=b"data: nope\n\n"),
    )
    anthropic_server.queue(
        Reply(status=529),
        Reply(error_at=4, error_message=f"bad key {ANTHROPIC_KEY}", error_type="api_error"),
    )
    openai = make(openai_server, max_retries=1)
    anthropic = make(anthropic_server)
    errors: list[ProviderError] = [
        failure(openai.start(CONVERSATION, PARAMS)) for _ in range(5)
    ]  # 400 (twice), 429 then 500, error event, cut, garbage
    errors += [failure(anthropic.start(CONVERSATION, PARAMS)) for _ in range(2)]
    errors.append(fails(make(openai_server, model="x").test_connection))
    errors.append(failure(make(openai_server, key=OPENAI_KEY + "x").start(CONVERSATION, PARAMS)))
    port = closed_port()
    errors.append(
        failure(
            make(openai_server, base_url=f"http://127.0.0.1:{port}/v1").start(CONVERSATION, PARAMS)
        )
    )
    assert {e.kind for e in errors} >= {
        "bad_request",
        "server",
        "cut_short",
        "malformed",
        "not_found",
        "auth",
        "connection",
    }
    assert "***" in errors[0].message  # the server's text, with the key scrubbed
    texts = [repr(openai), repr(anthropic), caplog.text]
    for error in errors:
        texts += [str(error), repr(error), error.hint, "".join(traceback.format_exception(error))]
    for text in texts:
        assert OPENAI_KEY not in text and ANTHROPIC_KEY not in text
        assert "SECRET" not in text


def test_provider_errors_pickle_with_their_fields() -> None:
    error = ProviderError(
        "m", "h", kind="rate_limited", status=429, retry_after=3.0, partial_text="abc"
    )
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.hint, copy.kind, copy.status, copy.retry_after) == (
        "m",
        "h",
        "rate_limited",
        429,
        3.0,
    )
    assert copy.partial_text == "abc"
    with pytest.raises(ValueError):
        ProviderError("m", kind="weird")


def test_make_provider_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown provider kind"):
        make_provider(ProviderConfig("x", "gemini", "https://example.invalid", "m"), None)


def test_an_injected_client_is_used_and_not_closed(openai_server: OpenAIServer) -> None:
    with httpx.Client() as client:
        config = ProviderConfig("openrouter", "openai", openai_server.base_url, "gpt-test")
        provider = make_provider(config, OPENAI_KEY, client=client)
        text, _ = run(provider.start(CONVERSATION, PARAMS))
        provider.close()
        assert text == "Hello, world!" and not client.is_closed
        with contextlib.closing(provider):
            assert run(provider.start(CONVERSATION, PARAMS))[0] == "Hello, world!"


def test_provider_modules_import_one_another_without_a_circle() -> None:
    """No provider module imports, directly or through others, one that imports it
    (function-level imports included), and none imports from the package itself."""
    folder = Path(providers_package.__file__).parent
    package = "agentic_desk.core.providers"
    graph: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        modules = {
            node.module
            for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert package not in modules, path.name
        graph[path.stem] = {m.removeprefix(package + ".") for m in modules if m.startswith(package)}
    assert graph["__init__"] == set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, f"import circle: {' -> '.join((*trail, name))}"
        for child in graph.get(name, set()):
            visit(child, (*trail, name))

    for name in graph:
        visit(name, ())


# ---- continuing a reply cut short ------------------------------------------------------------

PARTIAL = [
    ChatMessage("system", "Be brief."),
    ChatMessage("user", "Write a letter"),
    ChatMessage("assistant", "Dear aunt, the garden is "),
]


def test_anthropic_continues_the_partial_reply_as_an_assistant_prefill(
    anthropic_server: AnthropicServer, make: Callable[..., HTTPProvider]
) -> None:
    provider = make(anthropic_server)
    text, finished = run(provider.start(PARTIAL, GenerationParams(), continue_last=True))
    assert text == "Hello, world!" and finished.stop_reason == "end_of_text"
    (request,) = anthropic_server.requests
    assert request.body["system"] == "Be brief."
    # The partial reply goes last, as the assistant's: the API continues it (prefill);
    # the white space it ends in is left off (the API refuses it).
    assert request.body["messages"] == [
        {"role": "user", "content": "Write a letter"},
        {"role": "assistant", "content": "Dear aunt, the garden is"},
    ]


def test_openai_compatible_gets_the_partial_reply_then_a_request_to_go_on(
    openai_server: OpenAIServer, make: Callable[..., HTTPProvider]
) -> None:
    provider = make(openai_server)
    text, _finished = run(provider.start(PARTIAL, GenerationParams(), continue_last=True))
    assert text == "Hello, world!"
    (request,) = openai_server.requests
    assert request.body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Write a letter"},
        {"role": "assistant", "content": "Dear aunt, the garden is "},
        {"role": "user", "content": HTTPProvider.CONTINUE_REQUEST},
    ]
    run(provider.start(PARTIAL, GenerationParams()))  # without the flag: sent as it is
    assert openai_server.requests[1].body["messages"][-1]["role"] == "assistant"
