"""The local API server against real clients: the OpenAI client library and curl, on a real
uvicorn at 127.0.0.1 serving a real tiny model (the scripted model answers every prompt with
tiny_models.SENTENCE, 19 tokens)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from openai import APIStatusError, AuthenticationError, OpenAI

import tiny_models as tm
from agentic_desk.server import LAN_WARNING, ApiServer
from server_helpers import (
    TOKEN,
    chat_text,
    raw_request,
    read_all,
    serve,
    sse_events,
    status_of,
)

SENTENCE_TOKENS = 19
HELLO = [{"role": "user", "content": "Hello there"}]

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ApiServer]:
    model = tm.build_scripted_model(tmp_path_factory.mktemp("models") / "scripted")
    changes = {
        "api.allowed_origins": ["http://localhost:3000"],
        "api.max_body_bytes": 4096,
        "api.max_tokens_limit": 64,
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AGENTIC_DESK_HOME", str(tmp_path_factory.mktemp("server-home")))
        with serve(model, changes=changes) as (server, engine, _recorder):
            yield server
        assert engine.worker_pid is None  # the worker is gone


@pytest.fixture(autouse=True)
def _no_leaked_processes() -> Iterator[None]:
    """The module's server (and its worker) live across tests: the shared check in
    conftest would count its worker as a leak of the first test."""
    yield


def client(server: ApiServer, token: str = TOKEN) -> OpenAI:
    return OpenAI(base_url=f"{server.url}/v1", api_key=token, max_retries=0)


def curl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["curl", "-sS", "--max-time", "60", *args], capture_output=True, text=True, check=False
    )


def auth() -> list[str]:
    return ["-H", f"Authorization: Bearer {TOKEN}"]


# ---- real clients --------------------------------------------------------------------------


def test_openai_client_chat_non_streaming_with_usage(served: ApiServer) -> None:
    reply = client(served).chat.completions.create(model="anything", messages=HELLO)
    assert reply.choices[0].message.content == tm.SENTENCE
    assert reply.choices[0].message.role == "assistant"
    assert reply.choices[0].finish_reason == "stop"
    assert reply.model == "scripted"
    assert reply.usage is not None
    assert reply.usage.completion_tokens == SENTENCE_TOKENS
    assert reply.usage.prompt_tokens > 0
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + SENTENCE_TOKENS


def test_openai_client_chat_streaming_with_usage(served: ApiServer) -> None:
    stream = client(served).chat.completions.create(
        model="scripted",
        messages=HELLO,
        stream=True,
        stream_options={"include_usage": True},
    )
    pieces, finish, usage = [], [], None
    for chunk in stream:
        if chunk.usage is not None:
            usage = chunk.usage
        for choice in chunk.choices:
            if choice.delta.content:
                pieces.append(choice.delta.content)
            if choice.finish_reason:
                finish.append(choice.finish_reason)
    assert "".join(pieces) == tm.SENTENCE
    assert len(pieces) > 5  # streamed, not one lump
    assert finish == ["stop"]
    assert usage is not None and usage.completion_tokens == SENTENCE_TOKENS


def test_openai_client_length_limit_and_legacy_completions(served: ApiServer) -> None:
    openai = client(served)
    short = openai.chat.completions.create(model="scripted", messages=HELLO, max_tokens=4)
    assert short.choices[0].message.content == "The quick brown fox"
    assert short.choices[0].finish_reason == "length"
    assert short.usage is not None and short.usage.completion_tokens == 4

    completion = openai.completions.create(model="scripted", prompt="Say it", max_tokens=64)
    assert completion.choices[0].text == tm.SENTENCE
    assert completion.usage is not None
    assert completion.usage.completion_tokens == SENTENCE_TOKENS
    streamed = "".join(
        c.choices[0].text
        for c in openai.completions.create(model="scripted", prompt="Say it", stream=True)
        if c.choices
    )
    assert streamed == tm.SENTENCE


def test_openai_client_models_and_errors(served: ApiServer) -> None:
    openai = client(served)
    [model] = openai.models.list()
    assert model.id == "scripted"
    assert model.model_extra == {"context_length": 256}  # the context the engine chose here
    with pytest.raises(AuthenticationError):
        client(served, token="adk-wrong-" + "w" * 40).models.list()
    with pytest.raises(APIStatusError) as too_long:
        openai.chat.completions.create(model="scripted", messages=HELLO, max_tokens=65)
    assert too_long.value.status_code == 400
    assert "at most 64 tokens" in too_long.value.message


def test_curl_chat_non_streaming_and_streaming(served: ApiServer) -> None:
    body = json.dumps({"model": "scripted", "messages": HELLO})
    plain = curl(*auth(), "-H", "Content-Type: application/json", "-d", body,
                 f"{served.url}/v1/chat/completions")  # fmt: skip
    assert plain.returncode == 0, plain.stderr
    data = json.loads(plain.stdout)
    assert data["object"] == "chat.completion"
    assert data["choices"][0]["message"]["content"] == tm.SENTENCE
    assert data["usage"]["completion_tokens"] == SENTENCE_TOKENS

    body = json.dumps(
        {"messages": HELLO, "stream": True, "stream_options": {"include_usage": True}}
    )
    streamed = curl("-N", "-i", *auth(), "-d", body, f"{served.url}/v1/chat/completions")
    head, _, text = streamed.stdout.partition("\n\n")  # text mode: \r\n is \n
    assert "content-type: text/event-stream" in head.lower()
    assert "x-agentic-desk-route: local" in head.lower()
    events = sse_events(text)
    assert events[-1] == (None, "[DONE]")
    assert chat_text(events) == tm.SENTENCE
    usage = json.loads(events[-2][1])["usage"]
    assert usage["completion_tokens"] == SENTENCE_TOKENS


def test_curl_anthropic_messages(served: ApiServer) -> None:
    body = {
        "model": "scripted",
        "max_tokens": 5,
        "system": "Be brief.",
        "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}],
    }
    key = ["-H", f"x-api-key: {TOKEN}", "-H", "anthropic-version: 2023-06-01"]
    plain = json.loads(curl(*key, "-d", json.dumps(body), f"{served.url}/v1/messages").stdout)
    assert plain["type"] == "message"
    assert plain["content"] == [{"type": "text", "text": "The quick brown fox jumps"}]
    assert plain["stop_reason"] == "max_tokens"
    assert plain["usage"]["output_tokens"] == 5

    body["stream"] = True
    body["max_tokens"] = 64
    events = sse_events(
        curl("-N", *key, "-d", json.dumps(body), f"{served.url}/v1/messages").stdout
    )
    names = [name for name, _ in events]
    assert names[:3] == ["message_start", "content_block_start", "ping"]
    assert names[-3:] == ["content_block_stop", "message_delta", "message_stop"]
    text = "".join(
        json.loads(data)["delta"]["text"] for name, data in events if name == "content_block_delta"
    )
    assert text == tm.SENTENCE
    delta = json.loads(events[-2][1])
    assert delta["delta"]["stop_reason"] == "end_turn"
    assert delta["usage"]["output_tokens"] == SENTENCE_TOKENS


def test_health_is_open_and_says_nothing_more(served: ApiServer) -> None:
    result = curl(f"{served.url}/health")
    assert json.loads(result.stdout) == {"status": "ok"}


# ---- security ------------------------------------------------------------------------------


def test_binds_loopback_only(served: ApiServer) -> None:
    assert served.host == "127.0.0.1"
    assert served.url.startswith("http://127.0.0.1:")
    assert served.warnings == []
    assert served._server is not None
    bound = [s.getsockname() for srv in served._server.servers for s in srv.sockets]
    assert bound == [("127.0.0.1", served.port)]


def test_lan_exposure_is_explicit_warned_and_still_checks_host(
    scripted_model: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AGENTIC_DESK_HOME", str(tmp_path))
    with serve(scripted_model, changes={"api.allow_lan": True}) as (server, _engine, _rec):
        assert server.host == "0.0.0.0"
        assert server.warnings == [LAN_WARNING]
        assert server._server is not None
        bound = [s.getsockname() for srv in server._server.servers for s in srv.sockets]
        assert bound == [("0.0.0.0", server.port)]
        # (connections stay on loopback here; the Host names a LAN client would use)
        name = socket.gethostname().lower()
        for host, status in ((f"{name}:{server.port}", 200), (f"evil.example:{server.port}", 421)):
            with raw_request(server.port, {"messages": HELLO}, host=host) as sock:
                assert status_of(read_all(sock)) == status, host


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ([], 401),
        (["-H", "Authorization: Bearer adk-wrong-" + "w" * 40], 401),
        (["-H", f"Authorization: Basic {TOKEN}"], 401),
        (["-H", "Authorization: Bearer "], 401),
        (["-H", f"x-api-key: {TOKEN}"], 200),
        (["-H", f"Authorization: Bearer {TOKEN}"], 200),
    ],
)
def test_token_is_required(served: ApiServer, headers: list[str], status: int) -> None:
    result = curl("-o", "/dev/null", "-w", "%{http_code}", *headers, f"{served.url}/v1/models")
    assert int(result.stdout) == status


def test_no_token_and_wrong_token_get_no_reply(served: ApiServer) -> None:
    body = json.dumps({"messages": HELLO})
    result = curl("-i", "-d", body, f"{served.url}/v1/chat/completions")
    assert result.stdout.startswith("HTTP/1.1 401")
    assert 'www-authenticate: bearer realm="agentic-desk"' in result.stdout.lower()
    assert "quick brown" not in result.stdout
    assert "agentic-desk api token show" in result.stdout


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("evil.example:{port}", 421),  # DNS rebinding: the attacker's name, our address
        ("evil.example", 421),
        ("127.0.0.1.evil.example:{port}", 421),
        ("localhost:1", 421),  # the right name, another port
        ("", 400),  # empty
        ("localhost:{port}", 200),
        ("127.0.0.1:{port}", 200),
        ("LOCALHOST:{port}", 200),
    ],
)
def test_host_header_allow_list(served: ApiServer, host: str, status: int) -> None:
    sock = raw_request(served.port, {"messages": HELLO}, host=host.format(port=served.port))
    with sock:
        reply = read_all(sock)
    assert status_of(reply) == status
    if status != 200:
        assert b"quick brown" not in reply


def test_missing_host_header_is_refused(served: ApiServer) -> None:
    with socket.create_connection(("127.0.0.1", served.port)) as sock:
        sock.sendall(f"GET /v1/models HTTP/1.0\r\nAuthorization: Bearer {TOKEN}\r\n\r\n".encode())
        reply = read_all(sock)
    assert status_of(reply) == 400
    assert b"Host header is missing" in reply


def test_hostile_origin_is_refused_and_no_wildcard_cors(served: ApiServer) -> None:
    body = json.dumps({"messages": HELLO})
    for origin in ("http://evil.example", "null", "http://localhost:3001"):
        result = curl("-i", *auth(), "-H", f"Origin: {origin}", "-d", body,
                      f"{served.url}/v1/chat/completions")  # fmt: skip
        assert result.stdout.startswith("HTTP/1.1 403"), origin
        assert "access-control-allow-origin" not in result.stdout.lower()
        assert "quick brown" not in result.stdout
        preflight = curl("-i", "-X", "OPTIONS", "-H", f"Origin: {origin}",
                         "-H", "Access-Control-Request-Method: POST",
                         f"{served.url}/v1/chat/completions")  # fmt: skip
        assert preflight.stdout.startswith("HTTP/1.1 403"), origin


def test_allowed_origin_gets_cors_for_itself_only(served: ApiServer) -> None:
    origin = "http://localhost:3000"
    preflight = curl("-i", "-X", "OPTIONS", "-H", f"Origin: {origin}",
                     "-H", "Access-Control-Request-Method: POST",
                     "-H", "Access-Control-Request-Headers: authorization, content-type",
                     f"{served.url}/v1/chat/completions")  # fmt: skip
    assert preflight.stdout.startswith("HTTP/1.1 200")
    assert f"access-control-allow-origin: {origin}" in preflight.stdout.lower()
    result = curl("-i", *auth(), "-H", f"Origin: {origin}", f"{served.url}/v1/models")
    assert result.stdout.startswith("HTTP/1.1 200")
    assert f"access-control-allow-origin: {origin}" in result.stdout.lower()
    assert "access-control-allow-origin: *" not in result.stdout.lower()


def test_oversized_body_is_refused(served: ApiServer, tmp_path: Path) -> None:
    big = json.dumps({"messages": [{"role": "user", "content": "x" * 5000}]})
    declared = curl("-i", *auth(), "-d", big, f"{served.url}/v1/chat/completions")
    assert declared.stdout.startswith("HTTP/1.1 413")
    assert "4,096 bytes" in declared.stdout
    # chunked: no Content-Length, the limit is enforced while the body arrives
    (tmp_path / "big.json").write_text(big)
    chunked = curl("-i", *auth(), "-H", "Transfer-Encoding: chunked",
                   "--data-binary", f"@{tmp_path / 'big.json'}",
                   f"{served.url}/v1/chat/completions")  # fmt: skip
    assert chunked.stdout.startswith("HTTP/1.1 413")


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (
            {"messages": [{"role": "user", "content": [
                {"type": "image_url", "image_url": {"url": "http://127.0.0.1:1/x.png"}}]}]},
            "only text content",
        ),
        ({"messages": [{"role": "user", "content": [{"type": "file", "file": {}}]}]}, "only text"),
        ({"messages": HELLO, "n": 2}, "'n' must be 1"),
        ({"messages": HELLO, "tools": [{"type": "function"}]}, "not supported"),
        ({"messages": []}, "non-empty list"),
        ({"messages": HELLO, "temperature": 9}, "between 0 and 2"),
        ({"messages": [{"role": "tool", "content": "x"}]}, "not supported"),
    ],
)  # fmt: skip
def test_bad_requests_are_explained(
    served: ApiServer, body: dict[str, object], needle: str
) -> None:
    result = httpx.post(
        f"{served.url}/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert result.status_code == 400
    assert needle in result.json()["error"]["message"]


def test_a_model_name_is_never_a_path(served: ApiServer, tmp_path: Path) -> None:
    other = tm.build_scripted_model(tmp_path / "other", sentence="Another model speaking")
    reply = client(served).chat.completions.create(model=str(other), messages=HELLO)
    assert reply.choices[0].message.content == tm.SENTENCE  # the loaded model answered
    assert reply.model == "scripted"


def test_invalid_json_and_unknown_paths(served: ApiServer) -> None:
    result = curl("-i", *auth(), "-d", "{not json", f"{served.url}/v1/chat/completions")
    assert result.stdout.startswith("HTTP/1.1 400")
    assert "not valid JSON" in result.stdout
    assert curl("-o", "/dev/null", "-w", "%{http_code}", *auth(),
                f"{served.url}/v1/files").stdout == "404"  # fmt: skip
    assert curl("-o", "/dev/null", "-w", "%{http_code}",
                f"{served.url}/v1/files").stdout == "401"  # fmt: skip


def test_replies_are_not_held_back_by_nagles_algorithm(served: ApiServer) -> None:
    # asyncio sets TCP_NODELAY on accepted connections only when the listening socket
    # says IPPROTO_TCP; otherwise each frame on a kept-alive connection can wait for the
    # client's delayed ACK (measured: 45 ms instead of 15 ms per 1-token request).
    uvicorn_server = served._server
    assert uvicorn_server is not None
    listening = [s for server in uvicorn_server.servers for s in server.sockets]
    assert listening and all(s.proto == socket.IPPROTO_TCP for s in listening)
