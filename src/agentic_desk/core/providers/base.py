"""Chat providers reached over HTTP: cloud APIs and local OpenAI-compatible servers.

A provider turns a conversation into a :class:`CloudStream`. Iterating the stream
sends the request and yields :class:`TextDelta` pieces, then exactly one
:class:`Finished` (also after :meth:`CloudStream.cancel`); a failure raises
:class:`ProviderError`, whose ``message`` and ``hint`` are written for the user and
name the provider. Text is never repeated: a failed request is retried (429, 5xx,
connection errors, with back-off) only while no text has been yielded.

This module holds what every protocol shares: the configuration, the events, the
errors and their wording, the cancellable stream and the request/retry loop.
:mod:`.openai_compat` and :mod:`.anthropic` supply the wire formats.

API keys are kept in one private attribute and only ever sent in a request header:
they are not in ``repr``, in logs or in any error (text a server sends back is
scrubbed of the key before it is shown).
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import logging
import math
import random
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, Self
from urllib.parse import urlsplit

import httpx

from agentic_desk.core.engine.protocol import ChatMessage, GenerationParams, StopReason
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.providers.sse import SSECutShort, SSEDecodeError, SSEEvent, iter_events

__all__ = [
    "ERROR_KINDS",
    "MAX_RETRY_AFTER_S",
    "PROVIDER_KINDS",
    "ChatProvider",
    "CloudStream",
    "Finished",
    "HTTPProvider",
    "ProviderConfig",
    "ProviderError",
    "StreamEvent",
    "TextDelta",
    "Usage",
    "Waiter",
    "make_provider",
]

log = logging.getLogger(__name__)

PROVIDER_KINDS = ("openai", "anthropic")
ERROR_KINDS = (
    "auth",
    "not_found",
    "rate_limited",
    "server",
    "timeout",
    "connection",
    "cut_short",
    "malformed",
    "bad_request",
)
MAX_RETRY_AFTER_S = 60.0  # a longer Retry-After fails at once, naming the wait
BACKOFF_BASE_S = 1.0  # retry n waits between half and all of min(cap, base * 2**n)
BACKOFF_CAP_S = 16.0
_ERROR_BODY_LIMIT = 64 * 1024
_JSON_BODY_LIMIT = 16 * 1024 * 1024
_DETAIL_LIMIT = 300
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})

_DISPLAY_NAMES = {
    "openai": "OpenAI",
    "openrouter": "OpenRouter",
    "anthropic": "Anthropic",
    "ollama": "Ollama",
    "lmstudio": "LM Studio",
    "lm-studio": "LM Studio",
    "llamacpp": "llama.cpp",
    "llama.cpp": "llama.cpp",
    "vllm": "vLLM",
    "groq": "Groq",
    "mistral": "Mistral",
    "deepseek": "DeepSeek",
    "together": "Together AI",
    "fireworks": "Fireworks AI",
    "xai": "xAI",
    "gemini": "Gemini",
}


# ---- configuration ----------------------------------------------------------------


@dataclass(frozen=True)
class ProviderConfig:
    """One configured provider. The API key is not part of it (see :func:`make_provider`)."""

    name: str  # the user's name for it, e.g. "openrouter"
    kind: str  # "openai" (any OpenAI-compatible server) or "anthropic"
    base_url: str  # e.g. "https://openrouter.ai/api/v1", "http://localhost:11434/v1"
    model: str
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)  # extra headers
    timeout_s: float = 60.0  # connect and read timeout
    max_retries: int = 2  # for 429/5xx/connection errors before any text arrived

    @property
    def display_name(self) -> str:
        """How messages name the provider: "OpenRouter" for "openrouter", else the name."""
        name = self.name.strip()
        return _DISPLAY_NAMES.get(name.lower(), name or "The provider")

    @property
    def is_local(self) -> bool:
        """True when the server runs on this computer (e.g. Ollama, LM Studio)."""
        return (urlsplit(self.base_url).hostname or "").lower() in _LOCAL_HOSTS


# ---- events -----------------------------------------------------------------------


@dataclass(frozen=True)
class TextDelta:
    text: str


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class Finished:
    """The last event of a stream. ``stop_reason`` is a :class:`StopReason` value:
    "end_of_text", "length", "stop_string", "cancelled" or "error" (the provider
    stopped the reply itself, e.g. a content filter or a refusal)."""

    stop_reason: str
    usage: Usage | None  # what the provider reported (so far, when cancelled)
    model: str  # the model that answered, as the provider names it


StreamEvent = TextDelta | Finished


# ---- errors -----------------------------------------------------------------------


class ProviderError(AgenticDeskError):
    """A provider request failed. ``kind`` is one of :data:`ERROR_KINDS`; ``status`` the
    HTTP status (``None`` for transport errors and errors sent inside the stream);
    ``retry_after`` the wait the provider asked for, in seconds; ``partial_text`` the
    text already yielded when the reply broke off; ``retryable`` whether sending the
    same request again may succeed (used before any text arrived)."""

    def __init__(
        self,
        message: str,
        hint: str = "",
        *,
        kind: str,
        status: int | None = None,
        retry_after: float | None = None,
        partial_text: str = "",
        retryable: bool = False,
    ) -> None:
        super().__init__(message, hint)
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown provider error kind {kind!r}")
        self.kind = kind
        self.status = status
        self.retry_after = retry_after
        self.partial_text = partial_text
        self.retryable = retryable

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_error,
            (
                self.message,
                self.hint,
                self.kind,
                self.status,
                self.retry_after,
                self.partial_text,
                self.retryable,
            ),
        )


def _rebuild_error(
    message: str,
    hint: str,
    kind: str,
    status: int | None,
    retry_after: float | None,
    partial_text: str,
    retryable: bool,
) -> ProviderError:
    return ProviderError(
        message,
        hint,
        kind=kind,
        status=status,
        retry_after=retry_after,
        partial_text=partial_text,
        retryable=retryable,
    )


@dataclass(frozen=True)
class ApiErrorInfo:
    """The useful parts of an error body (OpenAI, Anthropic, OpenRouter and vLLM shapes)."""

    detail: str = ""  # the server's message, cleaned and scrubbed of the key
    code: str = ""  # e.g. "model_not_found", "insufficient_quota", "overloaded_error"
    type: str = ""  # e.g. "invalid_request_error", "overloaded_error"
    number: int | None = None  # a numeric code (OpenRouter puts the HTTP status there)


_TYPE_STATUS = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "invalid_api_key": 401,
    "billing_error": 402,
    "permission_error": 403,
    "not_found_error": 404,
    "model_not_found": 404,
    "request_too_large": 413,
    "rate_limit_error": 429,
    "rate_limit_exceeded": 429,
    "insufficient_quota": 429,
    "api_error": 500,
    "server_error": 500,
    "timeout_error": 504,
    "overloaded_error": 529,
}


def error_info(payload: Any, secret: str | None) -> ApiErrorInfo:
    """Pick the message and codes out of a decoded error body (anything goes)."""
    if not isinstance(payload, dict):
        return ApiErrorInfo()
    inner = payload.get("error")
    source: Mapping[str, Any]
    if isinstance(inner, dict):
        source = inner
    elif isinstance(inner, str):
        source = {**payload, "message": inner}
    else:
        source = payload  # vLLM: {"object": "error", "message": ..., "code": 400}
    message = source.get("message")
    if not isinstance(message, str):
        message = payload.get("detail") if isinstance(payload.get("detail"), str) else ""
    raw_code = source.get("code")
    raw_type = source.get("type")
    number = raw_code if isinstance(raw_code, int) and not isinstance(raw_code, bool) else None
    return ApiErrorInfo(
        detail=clean_detail(str(message), secret),
        code=raw_code if isinstance(raw_code, str) else "",
        type=raw_type if isinstance(raw_type, str) and raw_type != "error" else "",
        number=number,
    )


def clean_detail(text: str, secret: str | None) -> str:
    """A server's message made fit to show: one line, short, no key in it."""
    text = " ".join(text.split())
    if secret:
        text = text.replace(secret, "***")
    if len(text) > _DETAIL_LIMIT:
        text = text[: _DETAIL_LIMIT - 1].rstrip() + "…"
    if text and text[-1] not in ".!?…":
        text += "."
    return text


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``retry-after`` (seconds or an HTTP date)."""
    millis = headers.get("retry-after-ms")
    if millis:
        with contextlib.suppress(ValueError):
            value = float(millis) / 1000
            if math.isfinite(value):
                return max(0.0, value)
    text = headers.get("retry-after")
    if not text:
        return None
    with contextlib.suppress(ValueError):
        value = float(text)
        return max(0.0, value) if math.isfinite(value) else None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def format_wait(seconds: float) -> str:
    whole = max(1, math.ceil(seconds))
    return f"{whole} s" if whole < 120 else f"{math.ceil(whole / 60)} min"


class Explainer:
    """Writes the user-facing :class:`ProviderError` for each failure of one provider."""

    def __init__(
        self,
        config: ProviderConfig,
        *,
        has_key: bool,
        api_label: str,
        base_url_hint: str,
    ) -> None:
        self.config = config
        self.p = config.display_name
        self.has_key = has_key
        self.api_label = api_label  # e.g. "an OpenAI-compatible API"
        self.base_url_hint = base_url_hint

    def status(
        self,
        status: int,
        info: ApiErrorInfo,
        *,
        retry_after: float | None = None,
        url: str = "",
        what: str = "chat endpoint",
        http: bool = True,
    ) -> ProviderError:
        """An HTTP error status, or (``http=False``) an error sent inside the stream,
        given the status it stands for."""
        p, name, model = self.p, self.config.name, self.config.model
        shown = f" (HTTP {status})" if http else ""
        code = info.code or info.type
        kwargs: dict[str, Any] = {"status": status if http else None, "retry_after": retry_after}
        said = f": {info.detail}" if info.detail else "."
        settings = "Settings → Providers"
        if status == 401:
            if self.has_key:
                return ProviderError(
                    f"{p} rejected the API key{shown}.",
                    f"Check the key in {settings}, or run 'agentic-desk keys set {name}'.",
                    kind="auth",
                    **kwargs,
                )
            return ProviderError(
                f"{p} needs an API key{shown}.",
                f"Add the key in {settings}, or run 'agentic-desk keys set {name}'.",
                kind="auth",
                **kwargs,
            )
        if status == 402:
            return ProviderError(
                f"{p} says the account is out of credits{shown}.",
                f"Add credits to your {p} account, then try again.",
                kind="auth",
                **kwargs,
            )
        if status == 403:
            return ProviderError(
                f"{p} refused access{shown}{said}",
                f"Check that the API key may use the model '{model}' (see {settings}), "
                "or pick another model.",
                kind="auth",
                **kwargs,
            )
        if status == 404:
            names_model = code == "model_not_found" or bool(model and model in info.detail)
            if what == "chat endpoint" and names_model:
                return ProviderError(
                    f"{p} does not know the model '{model}'{shown}.",
                    f"Check the model name in {settings}; it must be one that {p} offers.",
                    kind="not_found",
                    **kwargs,
                )
            where = f" at {url}" if url else ""
            return ProviderError(
                f"{p} has no {what}{where}{shown}.",
                self.base_url_hint,
                kind="not_found",
                **kwargs,
            )
        if status == 408:
            return ProviderError(
                f"{p} gave up waiting for the request{shown}.",
                "Try again; if it keeps happening, check your connection.",
                kind="timeout",
                **kwargs,
            )
        if status == 413:
            return ProviderError(
                f"The conversation is too large for {p}{shown}.",
                "Start a new chat or shorten the longest messages, then try again.",
                kind="bad_request",
                **kwargs,
            )
        if status == 429:
            if code == "insufficient_quota":
                return ProviderError(
                    f"{p} says the account has no quota left{shown}.",
                    f"Check your plan and billing with {p}.",
                    kind="rate_limited",
                    **kwargs,
                )
            if retry_after is not None:
                return ProviderError(
                    f"{p} is rate-limiting requests; try again in {format_wait(retry_after)}.",
                    f"If this keeps happening, check your plan's rate limits with {p}.",
                    kind="rate_limited",
                    retryable=retry_after <= MAX_RETRY_AFTER_S,
                    **kwargs,
                )
            return ProviderError(
                f"{p} is rate-limiting requests{shown}.",
                "Wait a minute and try again; if this keeps happening, check your plan's "
                f"rate limits with {p}.",
                kind="rate_limited",
                retryable=True,
                **kwargs,
            )
        if status >= 500:
            retryable = status not in (501, 505) and (
                retry_after is None or retry_after <= MAX_RETRY_AFTER_S
            )
            later = (
                f"try again in {format_wait(retry_after)}"
                if retry_after is not None
                else "try again in a minute"
            )
            if status == 529:
                message, hint = f"{p} is overloaded right now{shown}.", f"{later.capitalize()}."
            elif status in (502, 503, 504):
                message = f"{p} is unavailable right now{shown}."
                hint = f"{later.capitalize()}; if it persists, check {p}'s status page."
            else:
                message = f"{p} had an internal error{shown}."
                hint = f"The problem is on {p}'s side; {later}."
            return ProviderError(message, hint, kind="server", retryable=retryable, **kwargs)
        if 300 <= status < 400:
            return ProviderError(
                f"{p} redirected the request elsewhere{shown}.",
                self.base_url_hint,
                kind="not_found",
                **kwargs,
            )
        return ProviderError(
            f"{p} rejected the request{shown}{said}",
            f"Check the model name and the reply settings for this provider (such as the "
            f"maximum reply length) in {settings}.",
            kind="bad_request",
            **kwargs,
        )

    def in_stream(self, info: ApiErrorInfo) -> ProviderError:
        """An error object sent inside a stream that had started fine."""
        status = info.number if info.number is not None and 400 <= info.number <= 599 else None
        if status is None:
            status = _TYPE_STATUS.get(info.code) or _TYPE_STATUS.get(info.type) or 500
        return self.status(status, info, http=False)

    def transport(self, exc: Exception, *, reply_started: bool) -> ProviderError:
        """A network failure: while sending (``reply_started=False``) or mid-reply."""
        p, base, t = self.p, self.config.base_url, f"{self.config.timeout_s:g}"
        slow_hint = (
            f"Check your connection and try again, or give {p} a longer timeout in "
            "Settings → Providers."
        )
        if isinstance(exc, httpx.ConnectTimeout):
            return ProviderError(
                f"Could not connect to {p} at {base} within {t} s.",
                self._connect_hint(""),
                kind="timeout",
                retryable=True,
            )
        if isinstance(exc, httpx.TimeoutException):
            return ProviderError(f"{p} did not respond within {t} s.", slow_hint, kind="timeout")
        if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
            return ProviderError(
                f"The base URL for {p} is not a web address: {base}",
                "Use an address that starts with http:// or https:// in Settings → Providers.",
                kind="connection",
            )
        if reply_started:
            return self.cut_short()
        if isinstance(exc, (httpx.ConnectError, httpx.ProxyError)) or not isinstance(
            exc, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)
        ):
            reason = _connect_reason(exc)
            return ProviderError(
                f"Could not connect to {p} at {base}{reason}.",
                self._connect_hint(reason),
                kind="connection",
                retryable=True,
            )
        return ProviderError(
            f"The connection to {p} broke before it answered.",
            "Check your connection and try again.",
            kind="connection",
            retryable=True,
        )

    def cut_short(self) -> ProviderError:
        return ProviderError(
            f"The reply from {self.p} was cut short: the connection closed before it finished.",
            "Ask again for a complete reply; the text received so far is kept.",
            kind="cut_short",
        )

    def malformed(self, what: str) -> ProviderError:
        return ProviderError(
            f"{self.p} sent a reply this app could not read ({what}).",
            f"Check that the base URL {self.config.base_url} belongs to {self.api_label}.",
            kind="malformed",
        )

    def _connect_hint(self, reason: str) -> str:
        if "resolved" in reason:
            return "Check the base URL in Settings → Providers, and your internet connection."
        if self.config.is_local:
            return (
                "Make sure the server is running (for Ollama: 'ollama serve') and that the "
                "address and port in Settings → Providers are right."
            )
        return "Check your internet connection (and any proxy or firewall), then try again."


def _connect_reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return " (connection refused)"
    if any(
        s in text
        for s in ("name or service not known", "nodename nor servname", "getaddrinfo", "resolve")
    ):
        return " (the host name could not be resolved)"
    if "certificate" in text:
        return " (its TLS certificate was not accepted)"
    return ""


# ---- the stream -------------------------------------------------------------------


class _Cancelled(Exception):
    """Internal: the stream was cancelled while a request was under way."""


def _shutdown(sock: socket.socket) -> None:
    # The plain socket call, also for TLS sockets: it wakes a thread blocked in a read
    # on this socket at once (on Linux close() alone would not), and it leaves the TLS
    # object alone for that thread to fail on cleanly.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    if sys.platform == "win32":
        # Winsock may not wake a select() blocked on a socket that was only shut down;
        # closing it does. (Not exercised by the tests, which run on Linux.)
        with contextlib.suppress(OSError):
            socket.socket.close(sock)


class CloudStream:
    """One reply. Iterate it (once) for events; it ends with :class:`Finished` or raises
    :class:`ProviderError`. The request is sent when iteration starts.

    :meth:`cancel` may be called from any thread: it shuts down the connection at
    once (waking a read that is waiting for the server) and interrupts a retry wait;
    the iterating thread then gets ``Finished(stop_reason="cancelled")`` with the
    usage known so far, not an exception.
    """

    def __init__(
        self, produce: Callable[[CloudStream], Iterator[StreamEvent]], *, model: str
    ) -> None:
        self._produce = produce
        self.model = model
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._iterated = False

    def __iter__(self) -> Iterator[StreamEvent]:
        with self._lock:
            if self._iterated:
                raise RuntimeError("a CloudStream can be iterated only once")
            self._iterated = True
        return self._produce(self)

    def cancel(self) -> None:
        with self._lock:  # held while shutting down: see _detach
            self._cancel.set()
            for sock in self._sockets:
                _shutdown(sock)
            self._sockets.clear()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def cancel_event(self) -> threading.Event:
        """Set by :meth:`cancel`; retry waits wait on it."""
        return self._cancel

    # ---- used by the providers: which sockets carry this stream's request --------

    def trace(self, name: str, info: Mapping[str, Any]) -> None:
        """httpx/httpcore ``trace`` extension: notes each connection opened for us."""
        if name in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            self._attach(info.get("return_value"))

    def attach_response(self, response: httpx.Response) -> None:
        """Notes the connection a response arrived on (also a reused keep-alive one)."""
        self._attach(response.extensions.get("network_stream"))

    def detach(self) -> None:
        """The request is over: :meth:`cancel` must not touch its connection any more
        (a keep-alive pool may hand it to another request)."""
        with self._lock:
            self._sockets.clear()

    def _attach(self, network_stream: object) -> None:
        get_extra_info = getattr(network_stream, "get_extra_info", None)
        if get_extra_info is None:
            return
        sock = get_extra_info("socket")
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            if self._cancel.is_set():
                _shutdown(sock)
            elif sock not in self._sockets:
                self._sockets.append(sock)


# ---- providers --------------------------------------------------------------------

Waiter = Callable[[threading.Event, float], bool]
"""``wait(cancel_event, seconds) -> cancelled``: how a provider waits before a retry."""


def _event_wait(cancel: threading.Event, seconds: float) -> bool:
    return cancel.wait(seconds)


class ChatProvider(Protocol):
    config: ProviderConfig

    def start(self, messages: Sequence[ChatMessage], params: GenerationParams) -> CloudStream:
        """A stream for one reply (nothing is sent until it is iterated)."""
        ...

    def test_connection(self) -> str:
        """A short success text, or raises :class:`ProviderError`."""
        ...


@dataclass
class StreamState:
    """What one reply has produced so far (kept across retries)."""

    model: str
    text: list[str] = field(default_factory=list)
    usage: Usage | None = None
    leave_out: set[str] = field(default_factory=set)  # optional request fields to omit

    def finished(self, stop_reason: str) -> Finished:
        return Finished(str(stop_reason), self.usage, self.model)  # a plain str, not the enum


class HTTPProvider:
    """The request/retry/cancel machinery; subclasses speak one wire protocol."""

    api_label: ClassVar[str] = "a chat API"
    base_url_hint: ClassVar[str] = "Check the base URL in Settings → Providers."

    def __init__(
        self,
        config: ProviderConfig,
        api_key: str | None,
        *,
        client: httpx.Client | None = None,
        wait: Waiter | None = None,
    ) -> None:
        self.config = config
        self._api_key = api_key or None
        self._owns_client = client is None
        # No idle keep-alive connections: every request opens its own connection, so
        # cancel() can shut it down even before the response headers arrive; and a
        # provider that is never closed holds no sockets.
        if client is None:
            client = httpx.Client(
                timeout=httpx.Timeout(config.timeout_s),
                limits=httpx.Limits(max_keepalive_connections=0),
            )
        self._client = client
        self._wait = wait or _event_wait
        self._random = random.Random()
        self._unsupported: set[str] = set()  # optional fields this server rejected
        self.explain = Explainer(
            config,
            has_key=self._api_key is not None,
            api_label=self.api_label,
            base_url_hint=self.base_url_hint,
        )

    def __repr__(self) -> str:
        c = self.config
        return (
            f"{type(self).__name__}(name={c.name!r}, base_url={c.base_url!r}, "
            f"model={c.model!r}, api_key={'set' if self._api_key else 'none'})"
        )

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, messages: Sequence[ChatMessage], params: GenerationParams) -> CloudStream:
        conversation = tuple(messages)
        return CloudStream(
            lambda stream: self._run(stream, conversation, params), model=self.config.model
        )

    def test_connection(self) -> str:
        raise NotImplementedError

    # ---- what a protocol supplies ------------------------------------------------

    def endpoint(self) -> str:
        raise NotImplementedError

    def body(
        self, messages: Sequence[ChatMessage], params: GenerationParams, leave_out: set[str]
    ) -> dict[str, Any]:
        raise NotImplementedError

    def protocol_headers(self) -> dict[str, str]:
        return {}

    def auth_headers(self, api_key: str) -> dict[str, str]:
        raise NotImplementedError

    def parse(self, events: Iterator[SSEEvent], state: StreamState) -> Iterator[StreamEvent]:
        raise NotImplementedError

    def parse_json(self, payload: Any, state: StreamState) -> Iterator[StreamEvent]:
        """A 200 reply that is one JSON document instead of a stream."""
        raise self.explain.malformed("a JSON document instead of an event stream")

    def optional_field_to_drop(self, error: ProviderError, body: Mapping[str, Any]) -> str | None:
        """A field of ``body`` to leave out and send again without, when a server
        rejected the request because of it (each field once)."""
        return None

    # ---- shared helpers ----------------------------------------------------------

    def headers(self, *, streaming: bool = True) -> httpx.Headers:
        accept = "text/event-stream" if streaming else "application/json"
        headers = httpx.Headers({"accept": accept})
        headers.update(self.protocol_headers())
        headers.update(dict(self.config.headers))
        if self._api_key:
            headers.update(self.auth_headers(self._api_key))
        return headers

    def error_info(self, payload: Any) -> ApiErrorInfo:
        return error_info(payload, self._api_key)

    def status_error(
        self,
        status: int,
        content: bytes,
        headers: httpx.Headers,
        url: str,
        *,
        what: str = "chat endpoint",
    ) -> ProviderError:
        try:
            payload = json.loads(content) if content else None
        except ValueError:
            payload = None
        return self.explain.status(
            status,
            self.error_info(payload),
            retry_after=parse_retry_after(headers),
            url=url,
            what=what,
        )

    def backoff(self, attempt: int) -> float:
        delay = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2.0**attempt)
        return delay / 2 + self._random.uniform(0, delay / 2)

    # ---- the request loop ---------------------------------------------------------

    def _run(
        self, stream: CloudStream, messages: tuple[ChatMessage, ...], params: GenerationParams
    ) -> Iterator[StreamEvent]:
        state = StreamState(model=self.config.model, leave_out=set(self._unsupported))
        attempt = 0
        while True:
            if stream.cancelled:
                yield state.finished(StopReason.CANCELLED)
                return
            body = self.body(messages, params, state.leave_out)
            try:
                yield from self._attempt(stream, body, state)
                self._unsupported |= state.leave_out
                return
            except _Cancelled:
                yield state.finished(StopReason.CANCELLED)
                return
            except ProviderError as error:
                if stream.cancelled:
                    yield state.finished(StopReason.CANCELLED)
                    return
                if state.text:
                    error.partial_text = "".join(state.text)
                    raise
                dropped = self.optional_field_to_drop(error, body)
                if dropped is not None and dropped not in state.leave_out:
                    log.info("%s: sending again without %s", self.config.name, dropped)
                    state.leave_out.add(dropped)
                    continue
                if not error.retryable or attempt >= self.config.max_retries:
                    raise
                delay = error.retry_after
                if delay is None:
                    delay = self.backoff(attempt)
                attempt += 1
                log.info(
                    "%s: %s; retry %d of %d in %.1f s",
                    self.config.name,
                    error.message,
                    attempt,
                    self.config.max_retries,
                    delay,
                )
                if self._wait(stream.cancel_event, delay):
                    yield state.finished(StopReason.CANCELLED)
                    return
            except Exception:
                if stream.cancelled:  # whatever a shut-down socket raised on its way out
                    yield state.finished(StopReason.CANCELLED)
                    return
                raise

    def _attempt(
        self, stream: CloudStream, body: dict[str, Any], state: StreamState
    ) -> Iterator[StreamEvent]:
        url = self.endpoint()
        try:
            request = self._client.build_request(
                "POST", url, json=body, headers=self.headers(), extensions={"trace": stream.trace}
            )
            response = self._client.send(request, stream=True)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            if stream.cancelled:
                raise _Cancelled from None
            raise self.explain.transport(exc, reply_started=False) from exc
        try:
            stream.attach_response(response)
            if not 200 <= response.status_code < 300:
                content = self._read_limited(response, _ERROR_BODY_LIMIT)
                raise self.status_error(response.status_code, content, response.headers, url)
            yield from self._read(stream, response, state)
        finally:
            stream.detach()
            response.close()

    def _read(
        self, stream: CloudStream, response: httpx.Response, state: StreamState
    ) -> Iterator[StreamEvent]:
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type == "application/json":
            content = self._read_limited(response, _JSON_BODY_LIMIT, strict=True)
            try:
                payload = json.loads(content)
            except ValueError:
                raise self.explain.malformed("a JSON document that does not parse") from None
            if isinstance(payload, dict) and (
                payload.get("error") or payload.get("type") == "error"
            ):
                raise self.explain.in_stream(self.error_info(payload))
            items = self.parse_json(payload, state)
        else:
            items = self.parse(iter_events(self._chunks(stream, response)), state)
        try:
            for item in items:
                if stream.cancelled:
                    raise _Cancelled
                if isinstance(item, TextDelta):
                    state.text.append(item.text)
                yield item
                if isinstance(item, Finished):
                    return
                if stream.cancelled:
                    raise _Cancelled
        except SSEDecodeError:
            raise self.explain.malformed("text that is not UTF-8") from None
        except SSECutShort:
            raise self.explain.cut_short() from None
        raise self.explain.cut_short()  # a parser that ran out without finishing

    def _chunks(self, stream: CloudStream, response: httpx.Response) -> Iterator[bytes]:
        try:
            for chunk in response.iter_bytes():
                if stream.cancelled:
                    raise _Cancelled
                yield chunk
        except httpx.DecodingError:
            if stream.cancelled:
                raise _Cancelled from None
            raise self.explain.malformed("a body that does not decode") from None
        except httpx.HTTPError as exc:
            if stream.cancelled:
                raise _Cancelled from None
            raise self.explain.transport(exc, reply_started=True) from exc

    def _read_limited(self, response: httpx.Response, limit: int, *, strict: bool = False) -> bytes:
        """Up to ``limit`` bytes of a body; on a network error, what arrived (or, with
        ``strict``, the error)."""
        data = bytearray()
        try:
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) >= limit:
                    if strict:
                        raise self.explain.malformed("a JSON document that is far too large")
                    break
        except httpx.HTTPError as exc:
            if strict:
                raise self.explain.transport(exc, reply_started=True) from exc
        return bytes(data[:limit])


def make_provider(
    config: ProviderConfig,
    api_key: str | None,
    *,
    client: httpx.Client | None = None,
    wait: Waiter | None = None,
) -> HTTPProvider:
    """The provider for ``config.kind``. ``api_key`` may be ``None`` (local servers).
    ``client`` is used instead of the provider's own (which it then does not close);
    ``wait`` replaces the retry wait (tests)."""
    if config.kind == "openai":
        from agentic_desk.core.providers.openai_compat import OpenAICompatProvider

        return OpenAICompatProvider(config, api_key, client=client, wait=wait)
    if config.kind == "anthropic":
        from agentic_desk.core.providers.anthropic import AnthropicProvider

        return AnthropicProvider(config, api_key, client=client, wait=wait)
    raise ValueError(
        f"unknown provider kind {config.kind!r} (expected one of {', '.join(PROVIDER_KINDS)})"
    )
