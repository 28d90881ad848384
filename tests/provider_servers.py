"""Local stand-ins for chat APIs, for provider tests that must not touch the network.

Two real HTTP/1.1 servers on 127.0.0.1 (stdlib ``ThreadingHTTPServer``, port 0), each
speaking its protocol as documented:

* `OpenAIServer` - OpenAI Chat Completions: ``POST /v1/chat/completions`` streams
  ``data: {chat.completion.chunk}`` events (a first chunk with ``delta.role``, one
  chunk per text piece, a chunk with ``finish_reason``, with ``stream_options:
  {"include_usage": true}`` a last chunk with empty ``choices`` and ``usage``, then
  ``data: [DONE]``); ``GET /v1/models`` lists the models. Errors use OpenAI's body
  ``{"error": {"message", "type", "param", "code"}}``; a mid-stream error is a
  ``data: {"error": {...}}`` event.
* `AnthropicServer` - Anthropic Messages: ``POST /v1/messages`` streams named events
  ``message_start`` (``usage.input_tokens``), ``content_block_start``, ``ping``,
  ``content_block_delta`` (``text_delta``), ``content_block_stop``, ``message_delta``
  (``stop_reason``, ``usage.output_tokens``) and ``message_stop``; errors use
  ``{"type": "error", "error": {"type", "message"}, "request_id"}``, and a mid-stream
  error is an ``event: error``. It requires ``anthropic-version`` and ``max_tokens``
  and refuses a "system" role in ``messages``, as the real API does.

Both check the API key (OpenAI: ``Authorization: Bearer``; Anthropic: ``x-api-key``)
when constructed with one, answering 401 with the API's own error body; unknown models
get the API's 404. Each POST takes the next queued `Reply` (or ``server.default``),
which scripts the text pieces, usage and stop reason, and injects faults: an error
status (with ``Retry-After``), a dropped connection after N events or in the middle of
a data line, raw garbage bytes, an error event, and `Hold` - a pause before event N
that the test releases (no sleeps anywhere; a held reply also notices the client
going away). ``server.requests`` records every request (headers, JSON body) and
whether the client disconnected.

Streams are sent with ``Transfer-Encoding: chunked``, one HTTP chunk per event.
Event indexes count the events as listed above (for OpenAI without ``stream_options``
there is no usage event; keep-alive comments are not counted).
"""

from __future__ import annotations

import contextlib
import json
import select
import socket
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, ClassVar, Self

__all__ = [
    "AnthropicServer",
    "Hold",
    "OpenAIServer",
    "ProviderServer",
    "Reply",
    "RequestRecord",
]

_SAFETY_S = 30.0  # a held reply gives up after this (only if a test forgot to release it)


class Hold:
    """A pause in a reply: the server stops before an event until `release` (or until
    the client disconnects, which it records). ``reached`` is set when it stops."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self._released = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        self._lock = threading.Lock()
        self._closed = False

    @property
    def released(self) -> bool:
        return self._released.is_set()

    def release(self) -> None:
        self._released.set()
        with self._lock:
            if not self._closed:
                with contextlib.suppress(OSError):
                    self._wake_w.send(b"x")

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._wake_r.close()
                self._wake_w.close()

    def wait(self, conn: socket.socket) -> bool:
        """Server side: True once released, False if the client went away first."""
        self.reached.set()
        while not self._released.is_set():
            readable, _, _ = select.select([conn, self._wake_r], [], [], _SAFETY_S)
            if not readable:
                return True  # forgotten: go on rather than hang the test run
            if conn in readable:
                try:
                    data = conn.recv(4096)
                except OSError:
                    data = b""
                if not data:
                    return False
        return True


@dataclass
class Reply:
    """What the server does with one chat request."""

    pieces: Sequence[str] = ("Hello", ",", " world", "!")
    status: int = 200  # anything else: an error response with the API's error body
    error_type: str | None = None  # API error type (default: the one for the status)
    error_message: str | None = None
    error_code: str | int | None = None  # OpenAI's error.code, e.g. "insufficient_quota"
    retry_after: str | None = None  # a Retry-After header (error statuses)
    finish: str | None = None  # finish_reason / stop_reason (default "stop" / "end_turn")
    stop_sequence: str | None = None  # Anthropic: the stop sequence that matched
    prompt_tokens: int = 12
    completion_tokens: int | None = None  # default: one per piece
    model: str | None = None  # the model the reply names (default: the one asked for)
    hold_headers: Hold | None = None  # pause before even the status line
    hold_at: int | None = None  # pause before event #hold_at...
    hold: Hold | None = None  # ...on this
    cut_at: int | None = None  # drop the connection instead of sending event #cut_at
    cut_mid_line: bool = False  # ...after sending the first half of it
    end_body_at_cut: bool = False  # ...but end the HTTP body properly (no dropped socket)
    garbage_at: int | None = None  # send `garbage` (raw bytes) before event #garbage_at
    garbage: bytes = b""
    error_at: int | None = None  # an error event instead of event #error_at, then the end
    comments: int = 0  # keep-alive comments (": OPENROUTER PROCESSING") before the events
    omit_finish: bool = False  # OpenAI: no finish_reason chunk; Anthropic: no message_delta
    omit_usage: bool = False  # OpenAI: no usage chunk even when asked for
    omit_done: bool = False  # OpenAI: no [DONE]; Anthropic: no message_stop
    as_json: bool = False  # OpenAI: one JSON completion, as if "stream" had been ignored


@dataclass
class RequestRecord:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: Any  # the decoded JSON body (None when there was none)
    raw: bytes = b""  # the body's exact bytes, as received
    status: int = 0
    events_sent: int = 0
    client_disconnected: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)


class _Abort(Exception):
    """Drop the connection now (a fault, or the client went away)."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True  # server_close() joins the handler threads

    def __init__(self, owner: ProviderServer) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # dropped connections are what these tests are about


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.owner._track(self.connection, add=True)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        self.server.owner._track(self.connection, add=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.owner._handle(self, "GET")

    def do_POST(self) -> None:
        self.server.owner._handle(self, "POST")

    # ---- writing ----------------------------------------------------------------

    def send_json(
        self,
        record: RequestRecord,
        status: int,
        payload: Any,
        headers: dict[str, str] | None = None,
    ) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        record.status = status

    def start_stream(self, record: RequestRecord) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream; charset=utf-8")
        self.send_header("cache-control", "no-cache")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        record.status = 200

    def chunk(self, data: bytes) -> None:
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def end_body(self) -> None:
        self.wfile.write(b"0\r\n\r\n")


class ProviderServer:
    """What both servers share: lifecycle, the reply queue, the request log, holds."""

    def __init__(
        self, *, api_key: str | None = "sk-test-key", models: Sequence[str] = ("test-model",)
    ) -> None:
        self.api_key = api_key
        self.models = list(models)
        self.default = Reply()
        self._queue: deque[Reply] = deque()
        self._requests: list[RequestRecord] = []
        self._holds: list[Hold] = []
        self._conns: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._server: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle ----------------------------------------------------------------

    def start(self) -> Self:
        self._server = _HTTPServer(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"{type(self).__name__}",
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            holds = list(self._holds)
            self._holds.clear()
            for reply in self._queue:
                holds += [h for h in (reply.hold, reply.hold_headers) if h is not None]
        for hold in holds:
            hold.release()
        if self._server is not None:
            self._server.shutdown()
            with self._lock:
                conns = list(self._conns)
            for conn in conns:  # idle keep-alive connections would block the join
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        for hold in holds:
            hold.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        assert self._server is not None, "the server is not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        raise NotImplementedError

    # ---- scripting and records ----------------------------------------------------

    def queue(self, *replies: Reply) -> None:
        """Replies for the next chat requests, in order (then ``default``)."""
        with self._lock:
            self._queue.extend(replies)
            for reply in replies:
                self._holds += [h for h in (reply.hold, reply.hold_headers) if h is not None]

    @property
    def requests(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._requests)

    def _next_reply(self) -> Reply:
        with self._lock:
            return self._queue.popleft() if self._queue else self.default

    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._conns.add(conn)
            else:
                self._conns.discard(conn)

    # ---- handling -----------------------------------------------------------------

    def _handle(self, handler: _Handler, method: str) -> None:
        length = int(handler.headers.get("content-length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        record = RequestRecord(
            method=method,
            path=handler.path,
            headers={k.lower(): v for k, v in handler.headers.items()},
            body=body,
            raw=raw,
        )
        with self._lock:
            self._requests.append(record)
        try:
            self.route(handler, method, record)
        except _Abort:
            handler.close_connection = True
        except OSError:  # the client went away while we wrote
            record.client_disconnected.set()
            handler.close_connection = True
        finally:
            record.done.set()

    def route(self, handler: _Handler, method: str, record: RequestRecord) -> None:
        raise NotImplementedError

    def _stream(
        self,
        handler: _Handler,
        record: RequestRecord,
        reply: Reply,
        events: list[bytes],
        error_event: bytes,
    ) -> None:
        if reply.hold_headers is not None and not reply.hold_headers.wait(handler.connection):
            record.client_disconnected.set()
            raise _Abort
        handler.start_stream(record)
        for _ in range(reply.comments):
            handler.chunk(b": OPENROUTER PROCESSING\n\n")
        for index in range(len(events) + 1):
            if reply.garbage_at == index:
                handler.chunk(reply.garbage)
            held = reply.hold_at == index and reply.hold is not None
            if held and reply.hold is not None and not reply.hold.wait(handler.connection):
                record.client_disconnected.set()
                raise _Abort
            if reply.error_at == index:
                handler.chunk(error_event)
                break
            if reply.cut_at == index:
                if reply.cut_mid_line and index < len(events):
                    handler.chunk(events[index][: len(events[index]) // 2])
                if reply.end_body_at_cut:
                    break
                raise _Abort
            if index == len(events):
                break
            handler.chunk(events[index])
            record.events_sent += 1
        handler.end_body()


def _completion_tokens(reply: Reply) -> int:
    return len(reply.pieces) if reply.completion_tokens is None else reply.completion_tokens


# ---- OpenAI -------------------------------------------------------------------------

_OPENAI_ERRORS: dict[int, tuple[str, str, str | None]] = {  # status: (type, message, code)
    400: ("invalid_request_error", "Invalid request.", None),
    403: ("invalid_request_error", "You are not allowed to sample from this model.", None),
    404: ("invalid_request_error", "The model does not exist.", "model_not_found"),
    429: ("requests", "Rate limit reached for requests.", "rate_limit_exceeded"),
    500: (
        "server_error",
        "The server had an error while processing your request. Sorry about that!",
        None,
    ),
    503: ("server_error", "The engine is currently overloaded, please try again later.", None),
}


def _openai_error(message: str, type_: str, code: str | int | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


def _mask(key: str) -> str:
    return key[:3] + "*" * max(0, len(key) - 7) + key[-4:] if len(key) > 8 else "***"


def _sse(payload: Any, event: str | None = None) -> bytes:
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {json.dumps(payload)}\n\n".encode()


class OpenAIServer(ProviderServer):
    """An OpenAI-compatible server (``base_url`` ends in ``/v1``)."""

    ROLES: ClassVar[frozenset[str]] = frozenset(
        {"system", "developer", "user", "assistant", "tool"}
    )

    def __init__(
        self, *, api_key: str | None = "sk-test-key", models: Sequence[str] = ("gpt-test",)
    ) -> None:
        super().__init__(api_key=api_key, models=models)
        self.reject_stream_options = False  # answer 400 to a request that has it

    @property
    def base_url(self) -> str:
        return self.origin + "/v1"

    def route(self, handler: _Handler, method: str, record: RequestRecord) -> None:
        path = record.path.split("?")[0]
        if not self._authorized(handler, record):
            return
        if method == "GET" and path == "/v1/models":
            data = [
                {"id": m, "object": "model", "created": 1700000000, "owned_by": "test"}
                for m in self.models
            ]
            handler.send_json(record, 200, {"object": "list", "data": data})
        elif method == "POST" and path == "/v1/chat/completions":
            self._chat(handler, record)
        else:
            message = f"Invalid URL ({method} {path})"
            handler.send_json(record, 404, _openai_error(message, "invalid_request_error"))

    def _authorized(self, handler: _Handler, record: RequestRecord) -> bool:
        if self.api_key is None:
            return True
        given = record.headers.get("authorization")
        if given == f"Bearer {self.api_key}":
            return True
        if not given:
            message = (
                "You didn't provide an API key. You need to provide your API key in an "
                "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
            )
            payload = _openai_error(message, "invalid_request_error")
        else:
            message = (
                f"Incorrect API key provided: {_mask(given.removeprefix('Bearer '))}. You can "
                "find your API key at https://platform.openai.com/account/api-keys."
            )
            payload = _openai_error(message, "invalid_request_error", "invalid_api_key")
        handler.send_json(record, 401, payload)
        return False

    def _chat(self, handler: _Handler, record: RequestRecord) -> None:
        body = record.body
        problem = self._invalid(body)
        if problem:
            handler.send_json(record, 400, _openai_error(problem, "invalid_request_error"))
            return
        if body["model"] not in self.models:
            message = f"The model `{body['model']}` does not exist or you do not have access to it."
            error = _openai_error(message, "invalid_request_error", "model_not_found")
            handler.send_json(record, 404, error)
            return
        if self.reject_stream_options and "stream_options" in body:
            message = "Unrecognized request argument supplied: stream_options"
            handler.send_json(record, 400, _openai_error(message, "invalid_request_error"))
            return
        reply = self._next_reply()
        model = reply.model or body["model"]
        if reply.status != 200:
            type_, message, code = _OPENAI_ERRORS.get(
                reply.status,
                (
                    "server_error" if reply.status >= 500 else "invalid_request_error",
                    f"Error {reply.status}.",
                    None,
                ),
            )
            headers = {"retry-after": reply.retry_after} if reply.retry_after else {}
            payload = _openai_error(
                reply.error_message or message,
                reply.error_type or type_,
                reply.error_code if reply.error_code is not None else code,
            )
            handler.send_json(record, reply.status, payload, headers)
            return
        prompt, completion = reply.prompt_tokens, _completion_tokens(reply)
        usage = {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }
        if not body.get("stream") or reply.as_json:
            handler.send_json(
                record,
                200,
                {
                    "id": "chatcmpl-test",
                    "object": "chat.completion",
                    "created": 1700000000,
                    "model": model,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": "".join(reply.pieces)},
                            "logprobs": None,
                            "finish_reason": reply.finish or "stop",
                        }
                    ],
                    "usage": usage,
                },
            )
            return
        options = body.get("stream_options")
        include_usage = isinstance(options, dict) and options.get("include_usage") is True

        def chunk(choices: list[dict[str, Any]], **extra: Any) -> bytes:
            payload: dict[str, Any] = {
                "id": "chatcmpl-test",
                "object": "chat.completion.chunk",
                "created": 1700000000,
                "model": model,
                "system_fingerprint": "fp_test",
                "choices": choices,
            }
            if include_usage:
                payload["usage"] = None
            payload.update(extra)
            return _sse(payload)

        def choice(delta: dict[str, Any], finish: str | None = None) -> list[dict[str, Any]]:
            return [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]

        events = [chunk(choice({"role": "assistant", "content": ""}))]
        events += [chunk(choice({"content": piece})) for piece in reply.pieces]
        if not reply.omit_finish:
            events.append(chunk(choice({}, reply.finish or "stop")))
        if include_usage and not reply.omit_usage:
            events.append(chunk([], usage=usage))
        if not reply.omit_done:
            events.append(b"data: [DONE]\n\n")
        error_event = _sse(
            _openai_error(
                reply.error_message or "The server had an error while processing your request.",
                reply.error_type or "server_error",
                reply.error_code,
            )
        )
        self._stream(handler, record, reply, events, error_event)

    def _invalid(self, body: Any) -> str | None:
        if not isinstance(body, dict):
            return "We could not parse the JSON body of your request."
        if not isinstance(body.get("model"), str):
            return "you must provide a model parameter"
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return "Missing required parameter: 'messages'."
        for i, m in enumerate(messages):
            if not isinstance(m, dict) or m.get("role") not in self.ROLES:
                return f"Invalid value for 'messages[{i}].role'."
            if not isinstance(m.get("content"), str):
                return f"Invalid type for 'messages[{i}].content'."
        return None


# ---- Anthropic ----------------------------------------------------------------------

_ANTHROPIC_ERRORS: dict[int, tuple[str, str]] = {  # status: (type, message)
    400: ("invalid_request_error", "Invalid request."),
    403: ("permission_error", "Your API key does not have permission to use this resource."),
    404: ("not_found_error", "Not found."),
    413: ("request_too_large", "Request exceeds the maximum allowed number of bytes."),
    429: ("rate_limit_error", "Number of request tokens has exceeded your rate limit."),
    500: ("api_error", "Internal server error"),
    529: ("overloaded_error", "Overloaded"),
}


class AnthropicServer(ProviderServer):
    """An Anthropic Messages API server (``base_url`` is the origin, like
    ``https://api.anthropic.com``)."""

    VERSION = "2023-06-01"

    def __init__(
        self, *, api_key: str | None = "sk-ant-test-key", models: Sequence[str] = ("claude-test",)
    ) -> None:
        super().__init__(api_key=api_key, models=models)
        self.reject_top_p_with_temperature = False  # like newer models: one or the other
        self._ids = 0

    @property
    def base_url(self) -> str:
        return self.origin

    def _error(
        self,
        handler: _Handler,
        record: RequestRecord,
        status: int,
        type_: str,
        message: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        with self._lock:
            self._ids += 1
            request_id = f"req_test_{self._ids:04d}"
        payload = {
            "type": "error",
            "error": {"type": type_, "message": message},
            "request_id": request_id,
        }
        handler.send_json(record, status, payload, headers)

    def route(self, handler: _Handler, method: str, record: RequestRecord) -> None:
        path = record.path.split("?")[0]
        if method != "POST" or path != "/v1/messages":
            self._error(handler, record, 404, "not_found_error", "Not Found")
            return
        if record.headers.get("anthropic-version") != self.VERSION:
            message = "anthropic-version: header is required"
            self._error(handler, record, 400, "invalid_request_error", message)
            return
        if self.api_key is not None:
            given = record.headers.get("x-api-key")
            if given != self.api_key:
                message = "x-api-key header is required" if not given else "invalid x-api-key"
                self._error(handler, record, 401, "authentication_error", message)
                return
        problem = self._invalid(record.body)
        if problem:
            self._error(handler, record, 400, "invalid_request_error", problem)
            return
        body = record.body
        if body["model"] not in self.models:
            self._error(handler, record, 404, "not_found_error", f"model: {body['model']}")
            return
        reply = self._next_reply()
        if reply.status != 200:
            type_, message = _ANTHROPIC_ERRORS.get(
                reply.status,
                ("api_error" if reply.status >= 500 else "invalid_request_error", "Error."),
            )
            headers = {"retry-after": reply.retry_after} if reply.retry_after else {}
            self._error(
                handler,
                record,
                reply.status,
                reply.error_type or type_,
                reply.error_message or message,
                headers,
            )
            return
        model = reply.model or body["model"]
        events = [
            _sse(
                {
                    "type": "message_start",
                    "message": {
                        "id": "msg_test",
                        "type": "message",
                        "role": "assistant",
                        "content": [],
                        "model": model,
                        "stop_reason": None,
                        "stop_sequence": None,
                        "usage": {"input_tokens": reply.prompt_tokens, "output_tokens": 1},
                    },
                },
                "message_start",
            ),
            _sse(
                {
                    "type": "content_block_start",
                    "index": 0,
                    "content_block": {"type": "text", "text": ""},
                },
                "content_block_start",
            ),
            _sse({"type": "ping"}, "ping"),
        ]
        events += [
            _sse(
                {
                    "type": "content_block_delta",
                    "index": 0,
                    "delta": {"type": "text_delta", "text": piece},
                },
                "content_block_delta",
            )
            for piece in reply.pieces
        ]
        events.append(_sse({"type": "content_block_stop", "index": 0}, "content_block_stop"))
        if not reply.omit_finish:
            events.append(
                _sse(
                    {
                        "type": "message_delta",
                        "delta": {
                            "stop_reason": reply.finish or "end_turn",
                            "stop_sequence": reply.stop_sequence,
                        },
                        "usage": {"output_tokens": _completion_tokens(reply)},
                    },
                    "message_delta",
                )
            )
        if not reply.omit_done:
            events.append(_sse({"type": "message_stop"}, "message_stop"))
        error_event = _sse(
            {
                "type": "error",
                "error": {
                    "type": reply.error_type or "overloaded_error",
                    "message": reply.error_message or "Overloaded",
                },
            },
            "error",
        )
        self._stream(handler, record, reply, events, error_event)

    def _invalid(self, body: Any) -> str | None:
        if not isinstance(body, dict):
            return "Request body is not valid JSON."
        if not isinstance(body.get("model"), str):
            return "model: Field required"
        if not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 1:
            return "max_tokens: Field required"
        if body.get("stream") is not True:
            return "this test server only streams"
        if "system" in body and not isinstance(body["system"], str | list):
            return "system: Input should be a valid string"
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return "messages: Field required"
        for i, m in enumerate(messages):
            if not isinstance(m, dict) or m.get("role") not in ("user", "assistant"):
                role = m.get("role") if isinstance(m, dict) else None
                return (
                    f'messages.{i}.role: Unexpected role "{role}". The Messages API accepts a '
                    'top-level `system` parameter, not "system" as an input message role.'
                )
            if not isinstance(m.get("content"), str | list):
                return f"messages.{i}.content: Input should be a valid list"
        temperature = body.get("temperature", 1.0)
        if not isinstance(temperature, int | float) or not 0 <= temperature <= 1:
            return "temperature: Input should be less than or equal to 1"
        if self.reject_top_p_with_temperature and "top_p" in body and "temperature" in body:
            return (
                "`temperature` and `top_p` cannot both be specified for this model. "
                "Please use only one."
            )
        return None
