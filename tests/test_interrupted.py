"""A reply cut short (the inference worker killed mid-reply, Stop, the length limit) is
told apart from a finished one by every front end, and Continue goes on with the same
reply: the model continues from the partial text, no new turn.

The worker is stopped at a known token by the engine's test hook (``hold``) and killed
there with SIGKILL: no sleeps, no timing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import tiny_models as tm
from agentic_desk.core.chat import CancelToken, ChatRequest, ChatService
from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine, ReplyConsumer
from agentic_desk.core.engine.client import TEST_HOLD_ENV, TEST_HOOKS_ENV
from agentic_desk.core.engine.errors import WorkerCrashed
from agentic_desk.core.engine.protocol import Held, HoldPoint, StopReason
from agentic_desk.core.routing.config import RouterConfig
from agentic_desk.core.routing.costs import PriceTable, SpendLedger
from agentic_desk.server import ServerEvent
from conversation_helpers import local_service
from server_helpers import raw_request, read_all, serve, sse_events, status_of

HELLO = [ChatMessage("user", "Hello there")]
GREEDY = GenerationParams(temperature=0.0, max_new_tokens=64)


def partial_of(model: Path, tokens: int) -> str:
    """The scripted reply's text after its first ``tokens`` tokens."""
    return tm.decode(model, tm.scripted_token_ids(model)[:tokens])


# ---- core: the engine continues an assistant message --------------------------------------


@pytest.mark.parametrize("tokens", [1, 3, 9])
def test_the_engine_continues_a_partial_reply_with_the_rest_of_it(
    engine: LocalEngine, scripted_model: Path, tokens: int
) -> None:
    engine.load(scripted_model)
    partial = partial_of(scripted_model, tokens)
    assert tm.SENTENCE.startswith(partial) and partial != tm.SENTENCE
    messages = [*HELLO, ChatMessage("assistant", partial)]
    reply = ReplyConsumer().consume(engine.chat(messages, GREEDY, continue_last=True))
    assert reply.error is None
    assert partial + reply.text == tm.SENTENCE
    assert reply.stop_reason is StopReason.END_OF_TEXT
    # The prompt is the history with the generation prompt, then the partial text: no new turn.
    assert reply.stats is not None and reply.prompt is not None
    history = [{"role": "user", "content": "Hello there"}]
    expected = tm.encode(scripted_model, tm.chatml_prompt(history) + partial)
    assert reply.prompt.prompt_tokens == len(expected)


def test_continue_needs_an_assistant_message_last(
    engine: LocalEngine, scripted_model: Path
) -> None:
    engine.load(scripted_model)
    with pytest.raises(ValueError, match="assistant"):
        engine.chat(HELLO, GREEDY, continue_last=True)


# ---- core: ChatService, a killed worker, and Continue after each way a reply stops -------


def _send(
    service: ChatService,
    messages: list[ChatMessage],
    params: GenerationParams = GREEDY,
    *,
    continue_reply: bool = False,
    on_event: object = None,
    cancel: CancelToken | None = None,
) -> tuple[str, object]:
    pieces: list[str] = []
    request = ChatRequest(messages, params, continue_reply=continue_reply)
    result = service.send(request, pieces.append, cancel, on_event=on_event)  # type: ignore[arg-type]
    assert "".join(pieces) == result.text
    return result.text, result


def test_chat_service_worker_killed_mid_reply_then_continue(
    scripted_model: Path, tmp_path: Path
) -> None:
    with LocalEngine(test_hooks=True, stream_interval_ms=0) as engine:
        engine.load(scripted_model)
        engine.default_hold = HoldPoint("decode", 3)
        service = local_service(engine, tmp_path)
        killed: list[int] = []

        def kill_when_held(event: object) -> None:
            if isinstance(event, Held):
                assert engine.worker_pid is not None
                killed.append(engine.worker_pid)
                os.kill(engine.worker_pid, signal.SIGKILL)

        text, result = _send(service, list(HELLO), on_event=kill_when_held)
        assert killed
        assert text == partial_of(scripted_model, 3)
        assert isinstance(result.error, WorkerCrashed)  # type: ignore[attr-defined]
        assert result.info is None  # type: ignore[attr-defined]  # never a normal finish

        engine.default_hold = None
        rest, again = _send(service, [*HELLO, ChatMessage("assistant", text)], continue_reply=True)
        assert again.error is None  # type: ignore[attr-defined]
        assert text + rest == tm.SENTENCE
        assert again.info.stop_reason == "end_of_text"  # type: ignore[attr-defined]
        assert engine.worker_pid not in (None, *killed)  # a fresh worker continued it


def test_chat_service_continue_after_stop_and_after_the_length_limit(
    scripted_model: Path, tmp_path: Path
) -> None:
    with LocalEngine(test_hooks=True, stream_interval_ms=0) as engine:
        engine.load(scripted_model)
        service = local_service(engine, tmp_path)
        engine.default_hold = HoldPoint("decode", 2, until_cancel=True)
        token = CancelToken()

        def stop_when_held(event: object) -> None:
            if isinstance(event, Held):
                token.cancel()

        stopped, result = _send(service, list(HELLO), on_event=stop_when_held, cancel=token)
        assert stopped == partial_of(scripted_model, 2)
        assert result.info.stop_reason == "cancelled"  # type: ignore[attr-defined]
        engine.default_hold = None
        rest, _ = _send(service, [*HELLO, ChatMessage("assistant", stopped)], continue_reply=True)
        assert stopped + rest == tm.SENTENCE

        short = GenerationParams(temperature=0.0, max_new_tokens=5)
        cut, result = _send(service, list(HELLO), short)
        assert cut == partial_of(scripted_model, 5)
        assert result.info.stop_reason == "length"  # type: ignore[attr-defined]
        more, result = _send(
            service, [*HELLO, ChatMessage("assistant", cut)], short, continue_reply=True
        )
        assert more == tm.decode(scripted_model, tm.scripted_token_ids(scripted_model)[5:10])
        assert cut + more == partial_of(scripted_model, 10)
        assert result.info.stop_reason == "length"  # type: ignore[attr-defined]


def test_chat_service_refuses_continue_without_a_partial_reply(
    engine: LocalEngine, scripted_model: Path, tmp_path: Path
) -> None:
    engine.load(scripted_model)
    with pytest.raises(ValueError, match="partial reply"):
        _send(local_service(engine, tmp_path), list(HELLO), continue_reply=True)


# ---- the API server: an error in each protocol's own shape, never a normal finish --------


def held(events: list[ServerEvent]) -> list[ServerEvent]:
    return [e for e in events if e.kind == "engine" and isinstance(e.detail, Held)]


# A SIGKILL is what Linux's out-of-memory killer sends: the likely cause is said.
CRASH = (
    "The model's process was stopped by the system, most likely because the computer ran "
    "out of memory."
)


@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/completions", "/v1/messages"])
@pytest.mark.parametrize("stream", [True, False], ids=["streaming", "whole"])
def test_api_worker_killed_mid_reply_ends_with_an_error(
    scripted_model: Path, monkeypatch: pytest.MonkeyPatch, stream: bool, path: str
) -> None:
    monkeypatch.setenv(TEST_HOLD_ENV, "decode:3")
    body: dict[str, object] = {"stream": stream, "max_tokens": 64}
    if path == "/v1/completions":
        body["prompt"] = "Hello there"
    else:
        body["messages"] = [{"role": "user", "content": "Hello there"}]
    anthropic = path == "/v1/messages"
    with serve(scripted_model, test_hooks=True) as (server, engine, recorder):
        sock = raw_request(server.port, body, path=path)
        recorder.wait_for(held, "the worker holding after 3 tokens")
        assert engine.worker_pid is not None
        os.kill(engine.worker_pid, signal.SIGKILL)
        data = read_all(sock)
        sock.close()
    _head, _, payload = data.decode().partition("\r\n\r\n")
    if not stream:
        assert status_of(data) == 500  # never 200 with a "stop"
        error = json.loads(payload)
        if anthropic:
            assert error["type"] == "error" and error["error"]["type"] == "api_error"
            message = error["error"]["message"]
        else:
            assert error["error"]["type"] == "server_error"
            message = error["error"]["message"]
        assert message.startswith(CRASH)
        return
    assert status_of(data) == 200  # the stream had started
    events = sse_events(_unchunk(payload))
    texts = []
    for name, item in events:
        assert item != "[DONE]"  # no normal end
        frame = json.loads(item)
        if anthropic:
            assert name not in ("message_delta", "message_stop", "content_block_stop")
            if name == "content_block_delta":
                texts.append(frame["delta"]["text"])
        else:
            for choice in frame.get("choices", []):
                assert choice["finish_reason"] is None  # never "stop" or "length"
                texts.append(choice.get("delta", {}).get("content") or choice.get("text") or "")
    assert "".join(texts) == partial_of(scripted_model, 3)
    name, last = events[-1]
    error = json.loads(last)
    if anthropic:
        assert name == "error"
        assert error["type"] == "error" and error["error"]["type"] == "api_error"
        assert error["error"]["message"].startswith(CRASH)
    else:
        assert name is None
        assert error["error"]["type"] == "server_error"
        assert error["error"]["message"].startswith(CRASH)


def _unchunk(body: str) -> str:
    """The body of a chunked HTTP response, without the chunk sizes."""
    out, rest = [], body
    while rest:
        size_line, _, rest = rest.partition("\r\n")
        size = int(size_line, 16)
        if size == 0:
            break
        raw = rest.encode()[:size]
        out.append(raw.decode())
        rest = rest.encode()[size + 2 :].decode()
    return "".join(out)


# ---- the CLI: the reason, and a non-zero exit ---------------------------------------------


def test_cli_worker_killed_mid_reply_prints_the_reason_and_exits_1(scripted_model: Path) -> None:
    """The worker holds after 3 tokens (test hook) and says its pid; the test kills it."""
    env = {**os.environ, TEST_HOOKS_ENV: "1", TEST_HOLD_ENV: "decode:3"}
    command = [sys.executable, "-m", "agentic_desk", "chat", "--model", str(scripted_model)]
    with subprocess.Popen(
        [*command, "--temperature", "0", "hello"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as proc:
        assert proc.stderr is not None
        seen = []
        for line in proc.stderr:
            seen.append(line)
            if line.startswith("test-hook: held at decode 3 (worker pid "):
                pid = int(line.rsplit(" ", 1)[1].rstrip(")\n"))
                assert pid != proc.pid
                os.kill(pid, signal.SIGKILL)
                break
        out, err = proc.communicate(timeout=60)
    err = "".join(seen) + err
    assert proc.returncode == 1, err
    assert out == partial_of(scripted_model, 3) + "\n"  # the text so far is kept
    assert "interrupted: the reply above is incomplete." in err
    assert f"error: {CRASH}" in err
    assert "Traceback" not in err


def test_chat_service_continues_on_a_cloud_provider(tmp_path: Path) -> None:
    """The flag reaches the provider: an OpenAI-compatible one is asked to go on after the
    partial reply (see HTTPProvider.continuation)."""
    from agentic_desk.core.providers.http import HTTPProvider
    from agentic_desk.core.routing.config import ProviderEntry
    from provider_servers import OpenAIServer

    with OpenAIServer(api_key="sk-test-continue-4242", models=("gpt-4o-mini",)) as server:
        entry = ProviderEntry(
            "testai", "openai", server.base_url, "gpt-4o-mini", api_key="${TESTAI_KEY}"
        )
        service = ChatService(
            engine=None,
            router_config=RouterConfig(
                default_provider="testai", fallback_chain=(), providers={"testai": entry}
            ),
            cloud_enabled=True,
            keys=lambda _name, _env: "sk-test-continue-4242",
            prices=PriceTable(),
            ledger=SpendLedger(tmp_path / "spend.json"),
        )
        partial = [*HELLO, ChatMessage("assistant", "Hello")]
        text, result = _send(service, partial, continue_reply=True)
        assert text == "Hello, world!" and result.error is None  # type: ignore[attr-defined]
        (request,) = server.requests
        assert [m["role"] for m in request.body["messages"]] == ["user", "assistant", "user"]
        assert request.body["messages"][-1]["content"] == HTTPProvider.CONTINUE_REQUEST


def test_api_openai_client_raises_on_a_stream_cut_by_a_killed_worker(
    scripted_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OpenAI's own client library: the text so far arrives, then an APIError (not a
    finished reply)."""
    from openai import APIError, OpenAI

    from server_helpers import TOKEN

    monkeypatch.setenv(TEST_HOLD_ENV, "decode:3")
    with serve(scripted_model, test_hooks=True) as (server, engine, recorder):
        client = OpenAI(base_url=f"{server.url}/v1", api_key=TOKEN, max_retries=0)
        stream = client.chat.completions.create(
            model="local", messages=[{"role": "user", "content": "Hello there"}], stream=True
        )
        texts: list[str] = []
        finishes: list[object] = []
        with pytest.raises(APIError) as failed:
            for chunk in stream:
                for choice in chunk.choices:
                    texts.append(choice.delta.content or "")
                    finishes.append(choice.finish_reason)
                if "".join(texts) == partial_of(scripted_model, 3):
                    recorder.wait_for(held, "the worker holding")
                    assert engine.worker_pid is not None
                    os.kill(engine.worker_pid, signal.SIGKILL)
        stream.close()
    assert failed.value.message.startswith(CRASH)
    assert "".join(texts) == partial_of(scripted_model, 3)
    assert set(finishes) == {None}


# ---- the stored record ---------------------------------------------------------------------


def test_the_store_keeps_why_a_reply_was_interrupted(tmp_path: Path) -> None:
    from agentic_desk.core.conversations import ConversationStore
    from agentic_desk.core.conversations.store import APP_CLOSED

    with ConversationStore(tmp_path / "c.db") as store:
        conv = store.create_conversation()
        store.add_user_message(conv.id, "hello")
        killed = store.begin_reply(conv.id)
        meta = {"stop_reason": "interrupted", "error": CRASH}
        store.finish_reply(
            killed.id, "The quick", status="interrupted", meta=meta, error_message=CRASH
        )
        store.add_user_message(conv.id, "again")
        closed = store.begin_reply(conv.id)
        store.checkpoint_reply(closed.id, "The quick brown")
        [recovered] = store.recover_interrupted()  # the app was closed mid-reply
        assert recovered.id == closed.id and recovered.error_message == APP_CLOSED
        markdown = store.export_markdown(conv.id)
    assert f"interrupted: {CRASH}" in markdown
    assert f"interrupted: {APP_CLOSED}" in markdown


def test_cli_interactive_continue_goes_on_with_the_last_reply(scripted_model: Path) -> None:
    command = [sys.executable, "-m", "agentic_desk", "chat", "--model", str(scripted_model)]
    done = subprocess.run(
        [*command, "--temperature", "0", "--max-tokens", "3"],
        input="/continue\nhello\n/continue\n/continue\n",
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    first, second, third = (partial_of(scripted_model, n) for n in (3, 6, 9))
    replies = [f"you> {first}", f"you> {second[len(first) :]}", f"you> {third[len(second) :]}"]
    assert done.stdout == "you> " + "\n".join(replies) + "\nyou> "  # input() prompts on stdout
    assert "(there is no reply to continue)" in done.stderr  # before anything was said
    assert done.stderr.count("· length limit]") == 3
