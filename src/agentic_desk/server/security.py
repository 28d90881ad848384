"""The server's gates, as ASGI middleware, outermost first:

1. :class:`RequestGuard`: the ``Host`` header must name this server (a DNS-rebinding page
   sends its own domain and is refused; so is an empty or missing ``Host``); a browser's
   ``Origin`` must be on the allow-list (no wildcard, ``null`` refused); the body may not
   exceed the size limit (checked from ``Content-Length`` and while it arrives).
2. Starlette's ``CORSMiddleware`` with exactly the allowed origins (preflights).
3. :class:`BearerAuth`: ``Authorization: Bearer <token>`` (or Anthropic's ``x-api-key``),
   compared in constant time. Only ``GET /health`` is open.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable, Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agentic_desk.server.formats import ApiError, error_body

OPEN_PATHS = frozenset({"/health"})


async def send_error(send: Send, scope: Scope, error: ApiError) -> None:
    body = json.dumps(error_body(error, scope.get("path", "").startswith("/v1/messages")))
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in error.headers.items()),
    ]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body.encode()})


def _header(scope: Scope, name: bytes) -> str | None:
    values = [v for k, v in scope.get("headers", []) if k == name]
    if len(values) != 1:
        return None if not values else ""  # a repeated header counts as unusable
    return str(values[0].decode("latin-1"))


def split_host(host: str) -> tuple[str, int | None] | None:
    """``"localhost:8765"`` -> ("localhost", 8765); ``"[::1]:80"`` -> ("::1", 80). None when
    it is not a host[:port]."""
    host = host.strip().lower()
    port_text = ""
    if host.startswith("["):
        end = host.find("]")
        if end < 0:
            return None
        name, rest = host[1:end], host[end + 1 :]
        if rest:
            if not rest.startswith(":"):
                return None
            port_text = rest[1:]
    else:
        name, _, port_text = host.partition(":")
    if not name:
        return None
    if port_text:
        if not port_text.isdigit() or len(port_text) > 5:
            return None
        return name, int(port_text)
    return name, None


class RequestGuard:
    """Host allow-list, Origin allow-list and body size limit (see the module doc)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        hosts: Callable[[], Iterable[str]],
        port: Callable[[], int],
        origins: Iterable[str],
        max_body_bytes: int,
    ) -> None:
        self.app = app
        self._hosts = hosts
        self._port = port
        self._origins = frozenset(o.lower().rstrip("/") for o in origins)
        self._max_body = max_body_bytes

    def _host_allowed(self, host: str | None) -> bool:
        if not host:
            return False
        parsed = split_host(host)
        if parsed is None:
            return False
        name, port = parsed
        if port is not None and port != self._port():
            return False
        return name in {h.lower() for h in self._hosts()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host")
        if not self._host_allowed(host):
            await send_error(
                send,
                scope,
                ApiError(
                    421 if host else 400,
                    "This server answers only requests addressed to it by a local name "
                    "(e.g. http://127.0.0.1:PORT); the Host header "
                    f"{'is missing' if not host else repr(host) + ' is not one of them'}.",
                    "invalid_request_error",
                ),
            )
            return
        origin = _header(scope, b"origin")
        if origin is not None and origin.lower().rstrip("/") not in self._origins:
            await send_error(
                send,
                scope,
                ApiError(
                    403,
                    f"Requests from the web page {origin!r} are not allowed. Add its origin "
                    "to the setting api.allowed_origins to allow it.",
                    "permission_error",
                ),
            )
            return
        length = _header(scope, b"content-length")
        if length is not None:
            if not length.isdigit():
                await send_error(send, scope, ApiError(400, "Content-Length is not a number."))
                return
            if int(length) > self._max_body:
                await send_error(send, scope, self._too_large())
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self._max_body:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLarge:
            await send_error(send, scope, self._too_large())

    def _too_large(self) -> ApiError:
        return ApiError(
            413,
            f"The request is larger than this server accepts ({self._max_body:,} bytes; "
            "setting api.max_body_bytes).",
            "invalid_request_error",
        )


class BodyTooLarge(Exception):
    """The body grew past the limit while it arrived."""


class BearerAuth:
    """Every path but ``/health`` needs the token (constant-time comparison)."""

    def __init__(self, app: ASGIApp, *, token: Callable[[], str]) -> None:
        self.app = app
        self._token = token

    def _authorized(self, scope: Scope) -> bool:
        expected = self._token().encode()
        given: str | None = None
        auth = _header(scope, b"authorization")
        if auth:
            scheme, _, value = auth.partition(" ")
            if scheme.lower() == "bearer":
                given = value.strip()
        if given is None:
            given = _header(scope, b"x-api-key")
        return bool(given) and hmac.compare_digest(given.encode(), expected)  # type: ignore[union-attr]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        if not self._authorized(scope):
            error = ApiError(
                401,
                "A valid access token is required: send 'Authorization: Bearer <token>'. "
                "Get the token with 'agentic-desk api token show' or from the app's settings.",
                "authentication_error",
                headers={"WWW-Authenticate": 'Bearer realm="agentic-desk"'},
            )
            await send_error(send, scope, error)
            return
        await self.app(scope, receive, send)
