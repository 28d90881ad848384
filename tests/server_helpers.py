"""Helpers for the API server tests: a served engine, raw HTTP over sockets, SSE parsing,
and a recorder of the server's events that tests wait on (no sleeps)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from agentic_desk.core.context import AppContext
from agentic_desk.core.engine import LocalEngine
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import SettingsStore, apply_changes
from agentic_desk.server import ApiServer, ServerEvent

TOKEN = "adk-test-" + "t" * 40
WAIT_S = 60.0  # an upper bound for things that happen at once; never a timing assertion


def make_context(changes: dict[str, object] | None = None) -> AppContext:
    paths = AppPaths.from_env()
    store = SettingsStore(paths.settings_file)
    settings = store.load().settings
    if changes:
        settings = apply_changes(settings, changes)
        store.save(settings)
    return AppContext(paths, store, settings)


class Recorder:
    """Collects ServerEvents; ``wait_for`` blocks until a predicate over them holds."""

    def __init__(self) -> None:
        self.events: list[ServerEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: ServerEvent) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait_for(
        self, predicate: Callable[[list[ServerEvent]], Any], what: str = "an event"
    ) -> Any:
        with self._cond:
            result = self._cond.wait_for(lambda: predicate(self.events), WAIT_S)
        assert result, f"the server never reported {what}; events: {self.kinds()}"
        return result

    def kinds(self) -> list[tuple[str, str]]:
        with self._cond:
            return [(e.kind, e.client) for e in self.events]

    def of(self, kind: str) -> list[ServerEvent]:
        with self._cond:
            return [e for e in self.events if e.kind == kind]


@contextmanager
def serve(
    model: Path,
    *,
    changes: dict[str, object] | None = None,
    test_hooks: bool = False,
    **kwargs: Any,
) -> Iterator[tuple[ApiServer, LocalEngine, Recorder]]:
    recorder = Recorder()
    context = make_context(changes)
    with LocalEngine(stream_interval_ms=0, test_hooks=test_hooks) as engine:
        engine.load(model)
        kwargs.setdefault("token", TOKEN)
        server = ApiServer(context, engine, port=0, observer=recorder, **kwargs)
        server.start()
        try:
            yield server, engine, recorder
        finally:
            server.stop()


def raw_request(
    port: int,
    body: dict[str, Any] | bytes,
    *,
    path: str = "/v1/chat/completions",
    token: str | None = TOKEN,
    host: str | None = None,
    extra: str = "",
) -> socket.socket:
    """Send a POST on a new connection and return the socket (the caller reads or closes)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    lines = [f"POST {path} HTTP/1.1", f"Host: {f'127.0.0.1:{port}' if host is None else host}"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    lines += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
    head = "\r\n".join(lines) + "\r\n" + extra + "\r\n"
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(head.encode() + data)
    return sock


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    sock.settimeout(WAIT_S)
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        if b"\r\n\r\n" in b"".join(chunks) and _complete(b"".join(chunks)):
            return b"".join(chunks)


def _complete(data: bytes) -> bool:
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return False


def status_of(data: bytes) -> int:
    return int(data.split(b" ", 2)[1])


def sse_events(text: str) -> list[tuple[str | None, str]]:
    """``(event name or None, data)`` of each SSE event in ``text``."""
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        event, data = None, []
        for line in block.split("\n"):
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
        if data:
            out.append((event, "\n".join(data)))
    return out


def chat_text(events: list[tuple[str | None, str]]) -> str:
    pieces = []
    for _event, data in events:
        if data == "[DONE]":
            continue
        for choice in json.loads(data).get("choices", []):
            pieces.append(choice.get("delta", {}).get("content") or choice.get("text") or "")
    return "".join(pieces)
