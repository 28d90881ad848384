"""The machinery every HTTP provider shares: the cancellable :class:`CloudStream` and
:class:`HTTPProvider`'s request/retry loop. :mod:`.openai_compat` and :mod:`.anthropic`
supply the wire formats.

Iterating a stream sends the request and yields :class:`~.events.TextDelta` pieces,
then exactly one :class:`~.events.Finished` (also after :meth:`CloudStream.cancel`); a
failure raises :class:`~.errors.ProviderError`. Text is never repeated: a failed
request is retried (429, 5xx, connection errors; the waits are :mod:`agentic_desk.core.retry`'s,
honouring ``Retry-After``) only while no text has been yielded.

API keys are kept in one private attribute and only ever sent in a request header:
they are not in ``repr``, in logs or in any error (text a server sends back is
scrubbed of the key before it is shown).
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Self

import httpx

from agentic_desk.core.engine.protocol import ChatMessage, GenerationParams, StopReason
from agentic_desk.core.i18n import N_, t
from agentic_desk.core.providers.config import ProviderConfig
from agentic_desk.core.providers.errors import (
    ApiErrorInfo,
    Explainer,
    ProviderError,
    SensitiveDataBlocked,
    error_info,
)
from agentic_desk.core.providers.events import Finished, StreamEvent, TextDelta, Usage
from agentic_desk.core.providers.sse import SSECutShort, SSEDecodeError, SSEEvent, iter_events

if TYPE_CHECKING:
    from agentic_desk.core.privacy.pseudonymise import PseudonymMap
from agentic_desk.core.retry import Backoff, Waiter, retry_after_from_headers, wait_unless_cancelled

__all__ = [
    "CloudStream",
    "HTTPProvider",
    "SentRequest",
    "StreamState",
    "encode_body",
    "refuse_sensitive_body",
]

log = logging.getLogger(__name__)

_ERROR_BODY_LIMIT = 64 * 1024
_JSON_BODY_LIMIT = 16 * 1024 * 1024


# ---- the last check before a request leaves -----------------------------------------


def encode_body(body: Any) -> bytes:
    """The request body exactly as it is written to the socket (httpx's own JSON form)."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def refuse_sensitive_body(
    provider: str, content: bytes, pseudonyms: PseudonymMap | None = None
) -> None:
    """Defence in depth, after routing: decode the exact bytes about to be sent and run
    the detector on every string in them (message contents, the system prompt, stop
    sequences...). Raises :class:`SensitiveDataBlocked` if anything is found; then
    nothing is sent. Texts routing already scanned are cached, so this is cheap.
    ``pseudonyms``: a pseudonymised request's mapping; any of its real values in the
    body is refused the same way."""
    from agentic_desk.core.privacy.payload import scan_texts

    strings = list(_strings(json.loads(content)))
    if pseudonyms is not None:  # its own placeholders are not personal data
        from agentic_desk.core.privacy.pseudonymise import placeholders_as_words

        found = scan_texts([placeholders_as_words(s) for s in strings])
    else:
        found = scan_texts(strings)
    if found:
        raise SensitiveDataBlocked(provider, tuple(sorted({f.category for f in found})))
    if pseudonyms is not None and len(pseudonyms):
        from agentic_desk.core.privacy.pseudonymise import real_values_in

        leaked = real_values_in(strings, pseudonyms)
        if leaked:
            raise SensitiveDataBlocked(provider, tuple(sorted({e.category for e in leaked})))


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


@dataclass(frozen=True)
class SentRequest:
    """One request as it goes out: the exact body bytes, where to, for which model.
    Given to ``HTTPProvider.on_request_sent`` (the record of what left this computer)."""

    body: bytes
    host: str
    model: str


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
    """The request/retry/cancel machinery; subclasses speak one wire protocol.

    ``client`` is used instead of the provider's own (which it then does not close);
    ``wait`` replaces the wait before a retry and ``backoff`` the retry policy (tests).
    ``on_request_sent`` is called with every request's exact body bytes as it is sent
    (each retry too), on the iterating thread, after the check below.

    Every request body is checked for sensitive data just before it is sent
    (:func:`refuse_sensitive_body`). ``unsafe_skip_sensitive_data_check=True`` switches
    that off; no code of the app passes it (a test makes sure).
    """

    api_label: ClassVar[str] = N_("a chat API")
    base_url_hint: ClassVar[str] = N_("Check the base URL in Settings → Providers.")
    billed: ClassVar[bool] = True  # replies may cost money

    def __init__(
        self,
        config: ProviderConfig,
        api_key: str | None,
        *,
        client: httpx.Client | None = None,
        wait: Waiter | None = None,
        backoff: Backoff | None = None,
        on_request_sent: Callable[[SentRequest], None] | None = None,
        unsafe_skip_sensitive_data_check: bool = False,
    ) -> None:
        self.config = config
        self.on_request_sent = on_request_sent
        # Set for a pseudonymised request: its real values must not be in the body.
        self.pseudonyms: PseudonymMap | None = None
        self._check_outgoing = not unsafe_skip_sensitive_data_check
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
        self._wait = wait or wait_unless_cancelled
        self.backoff = backoff or Backoff()
        self._unsupported: set[str] = set()  # optional fields this server rejected
        self.explain = Explainer(
            config,
            has_key=self._api_key is not None,
            api_label=self.api_label,
            base_url_hint=self.base_url_hint,
            max_retry_after_s=self.backoff.max_retry_after_s,
        )

    def __repr__(self) -> str:
        c = self.config
        return (
            f"{type(self).__name__}(name={c.name!r}, base_url={c.base_url!r}, "
            f"model={c.model!r}, api_key={'set' if self._api_key else 'none'})"
        )

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def model(self) -> str:
        return self.config.model

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        *,
        continue_last: bool = False,
    ) -> CloudStream:
        conversation = self.continuation(messages) if continue_last else tuple(messages)
        return CloudStream(
            lambda stream: self._run(stream, conversation, params), model=self.config.model
        )

    # What a continued reply is sent as (the last message is the assistant's partial
    # reply). OpenAI's Chat Completions API has no way to say "go on with this message":
    # a final assistant message is taken as a finished turn. So the partial reply goes as
    # the assistant's turn, then a short request to carry on from its last word; the
    # model's answer is the continuation. AnthropicProvider overrides this: its API
    # continues a final assistant message itself (prefill).
    CONTINUE_REQUEST = (
        "Your last reply was cut off. Continue it exactly where it stopped, mid-word if "
        "need be: do not repeat any of it and do not comment, write only what comes next."
    )

    def continuation(self, messages: Sequence[ChatMessage]) -> tuple[ChatMessage, ...]:
        return (*messages, ChatMessage("user", self.CONTINUE_REQUEST))

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
        raise self.explain.malformed(t("a JSON document instead of an event stream"))

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
        what: str = N_("chat endpoint"),
    ) -> ProviderError:
        try:
            payload = json.loads(content) if content else None
        except (ValueError, RecursionError):  # RecursionError: nested absurdly deep
            payload = None
        return self.explain.status(
            status,
            self.error_info(payload),
            retry_after=retry_after_from_headers(headers),
            url=url,
            what=what,
        )

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
                delay = self.backoff.delay(attempt, error.retry_after)
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
        content = encode_body(body)
        if self._check_outgoing:
            refuse_sensitive_body(self.config.display_name, content, self.pseudonyms)
        headers = self.headers()
        headers["content-type"] = "application/json"
        try:
            request = self._client.build_request(
                "POST", url, content=content, headers=headers, extensions={"trace": stream.trace}
            )
            if self.on_request_sent is not None:
                model = str(body.get("model", self.config.model))
                self.on_request_sent(SentRequest(request.content, request.url.host, model))
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
            except (ValueError, RecursionError):  # RecursionError: nested absurdly deep
                raise self.explain.malformed(t("a JSON document that does not parse")) from None
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
            raise self.explain.malformed(t("text that is not UTF-8")) from None
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
            raise self.explain.malformed(t("a body that does not decode")) from None
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
                        raise self.explain.malformed(t("a JSON document that is far too large"))
                    break
        except httpx.HTTPError as exc:
            if strict:
                raise self.explain.transport(exc, reply_started=True) from exc
        return bytes(data[:limit])
