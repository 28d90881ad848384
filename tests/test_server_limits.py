"""The API server against clients that misbehave or ask too much, over real sockets to a
real uvicorn serving a real tiny model: a prompt longer than the context (400 with the
numbers), JSON nested absurdly deep (400), a client that leaves mid-body (no traceback in
the log), connections that send half a request and wait (closed after the deadline)."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from openai import BadRequestError, OpenAI

import tiny_models as tm
from agentic_desk.server import ApiServer
from server_helpers import TOKEN, WAIT_S, raw_request, read_all, serve, status_of

REQUEST_TIMEOUT_S = 0.5  # the test server's deadline for a request to arrive
LONG = "word " * 2000  # far more tokens than the scripted model's 256-token context


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    model = tm.build_scripted_model(tmp_path_factory.mktemp("models") / "scripted")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AGENTIC_DESK_HOME", str(tmp_path_factory.mktemp("server-home")))
        with serve(model, request_timeout_s=REQUEST_TIMEOUT_S) as (server, _engine, _rec):
            yield server


@pytest.fixture(autouse=True)
def _no_leaked_processes() -> Iterator[None]:
    """The module's server (and its worker) live across tests."""
    yield


class Records(logging.Handler):
    """Every log record any logger (uvicorn's, the app's) emits while installed."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def loud(self) -> list[str]:
        """What would reach the log at INFO or above, or carries a traceback."""
        return [
            f"{r.name} {r.levelname}: {r.getMessage()}"
            for r in self.records
            if r.levelno >= logging.INFO or r.exc_info
        ]


@pytest.fixture
def records() -> Iterator[Records]:
    handler = Records()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


def chat(server: ApiServer, content: str, stream: bool = False) -> str:
    """The reply's text, through the OpenAI client library (closed after)."""
    with OpenAI(base_url=f"{server.url}/v1", api_key=TOKEN, max_retries=0) as client:
        messages: Any = [{"role": "user", "content": content}]
        if not stream:
            reply = client.chat.completions.create(model="local", messages=messages)
            return reply.choices[0].message.content or ""
        with client.chat.completions.create(
            model="local", messages=messages, stream=True
        ) as chunks:
            return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def answer(sock: socket.socket) -> tuple[int, dict[str, object]]:
    data = read_all(sock)
    sock.close()
    return status_of(data), json.loads(data.partition(b"\r\n\r\n")[2])


# ---- a prompt longer than the context -------------------------------------------------------


@pytest.mark.parametrize("stream", [False, True])
def test_prompt_longer_than_the_context_is_the_clients_error(
    served: ApiServer, stream: bool
) -> None:
    with pytest.raises(BadRequestError) as err:
        chat(served, LONG, stream)
    assert err.value.status_code == 400
    body = err.value.body
    assert isinstance(body, dict)
    assert body["type"] == "invalid_request_error"
    assert body["code"] == "context_length_exceeded"
    assert body["param"] == "messages"
    message = str(body["message"])
    assert message.startswith("This message is too long for the model: with the conversation's")
    assert "the model can read at most" in message and "(256 in all)" in message
    assert "Shorten the message" in message
    # the server is fine afterwards
    assert chat(served, "Hello") == tm.SENTENCE


@pytest.mark.parametrize("stream", [False, True])
def test_prompt_longer_than_the_context_in_anthropics_shape(
    served: ApiServer, stream: bool
) -> None:
    body = {
        "model": "local",
        "max_tokens": 16,
        "stream": stream,
        "messages": [{"role": "user", "content": LONG}],
    }
    status, data = answer(raw_request(served.port, body, path="/v1/messages"))
    assert status == 400
    assert data["type"] == "error"
    error = data["error"]
    assert isinstance(error, dict) and error["type"] == "invalid_request_error"
    assert "(256 in all)" in str(error["message"])


# ---- JSON nested absurdly deep ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "anthropic"), [("/v1/chat/completions", False), ("/v1/messages", True)]
)
def test_json_nested_100000_deep_is_refused_without_a_traceback(
    served: ApiServer, records: Records, path: str, anthropic: bool
) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    status, data = answer(raw_request(served.port, deep, path=path))
    assert status == 400
    if anthropic:
        assert data["type"] == "error"
        error = data["error"]
        assert isinstance(error, dict) and error["type"] == "invalid_request_error"
    else:
        error = data["error"]
        assert isinstance(error, dict) and error["type"] == "invalid_request_error"
    assert error["message"] == (
        "The request body cannot be used: its data is nested more than 64 levels deep, far "
        "more than any real file or request needs."
    )
    assert records.loud() == []


def test_json_nested_just_past_the_limit_is_refused(served: ApiServer) -> None:
    # shallow enough for Python's parser, too deep for the limit
    nested = "[" * 70 + "1" + "]" * 70
    body = f'{{"messages": [{{"role": "user", "content": "hi"}}], "x": {nested}}}'.encode()
    status, data = answer(raw_request(served.port, body))
    assert status == 400
    error = data["error"]
    assert isinstance(error, dict) and "nested more than 64 levels" in str(error["message"])


# ---- clients that leave or stall ----------------------------------------------------------


def test_client_that_disconnects_mid_body_leaves_no_traceback(
    served: ApiServer, records: Records
) -> None:
    body = json.dumps({"messages": [{"role": "user", "content": "x" * 2000}]}).encode()
    for _ in range(5):
        head = (
            f"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
            f"Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        sock = socket.create_connection(("127.0.0.1", served.port))
        sock.sendall(head + body[: len(body) // 2])
        sock.close()  # gone before the rest of the body
    # a complete request afterwards is answered (and proves the others were handled)
    assert chat(served, "Hello") == tm.SENTENCE
    assert records.loud() == []


def _wait_closed(sock: socket.socket) -> bytes:
    """What the server sends until it closes the connection (b'' for nothing). The socket
    timeout is a generous bound, never the thing measured."""
    sock.settimeout(WAIT_S)
    received = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return received
        received += chunk


@pytest.mark.parametrize(
    "sent",
    [
        b"",  # connects and says nothing
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n",  # half a head
        b"GET /health HTTP/1.1\r\n",  # a request line only
    ],
    ids=["nothing", "partial-headers", "request-line"],
)
def test_a_request_that_never_arrives_is_cut_off(
    served: ApiServer, records: Records, sent: bytes
) -> None:
    sock = socket.create_connection(("127.0.0.1", served.port))
    try:
        sock.sendall(sent)
        assert _wait_closed(sock) == b""  # closed by the server, nothing answered
    finally:
        sock.close()
    assert records.loud() == []


def test_a_body_that_stops_arriving_is_cut_off(served: ApiServer, records: Records) -> None:
    head = (
        f"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
        f"Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n"
        "Content-Length: 1000\r\n\r\n"
    ).encode()
    sock = socket.create_connection(("127.0.0.1", served.port))
    try:
        sock.sendall(head + b'{"messages": [')
        assert _wait_closed(sock) == b""
    finally:
        sock.close()
    assert records.loud() == []


def test_a_kept_alive_connection_is_served_then_cut_off_when_it_stalls(
    served: ApiServer,
) -> None:
    """The deadline is per request: a slow reply is not cut, and after a reply the next
    request gets its own deadline (here: half a head, never finished)."""
    sock = socket.create_connection(("127.0.0.1", served.port))
    try:
        request = (f"GET /health HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n").encode()
        sock.sendall(request)
        sock.settimeout(WAIT_S)
        first = b""
        while b'{"status":"ok"}' not in first:
            chunk = sock.recv(65536)
            assert chunk, f"closed before the reply: {first!r}"
            first += chunk
        assert first.startswith(b"HTTP/1.1 200")
        sock.sendall(b"GET /health HTTP/1.1\r\n")
        assert _wait_closed(sock) == b""
    finally:
        sock.close()
