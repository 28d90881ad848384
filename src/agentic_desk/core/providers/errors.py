"""Why a provider request failed, in words for the user.

:class:`ProviderError` is the one error a provider raises: its ``message`` and ``hint``
name the provider and say what to do, and ``kind`` (one of :data:`ERROR_KINDS`) says
what went wrong for the code. :class:`Explainer` writes them: from an HTTP status and
the error body the server sent (:func:`error_info` reads OpenAI, Anthropic, OpenRouter
and vLLM shapes), from an error sent inside a stream, or from a transport failure.
Text a server sends back is scrubbed of the API key before it is shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import N_, t
from agentic_desk.core.providers.config import ProviderConfig
from agentic_desk.core.retry import MAX_RETRY_AFTER_S

__all__ = [
    "ERROR_KINDS",
    "ApiErrorInfo",
    "Explainer",
    "ProviderError",
    "SensitiveDataBlocked",
    "clean_detail",
    "error_info",
    "format_wait",
]

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
_DETAIL_LIMIT = 300


class SensitiveDataBlocked(AgenticDeskError):
    """The last check before a request leaves found sensitive data in the exact body
    about to be sent: nothing was sent. ``categories`` names the kinds found (never the
    values)."""

    def __init__(self, provider: str, categories: tuple[str, ...]) -> None:
        from agentic_desk.core.privacy.payload import short_label

        kinds = ", ".join(short_label(c) for c in categories)
        super().__init__(
            t(
                "Nothing was sent to {provider}: the request held sensitive data ({kinds}).",
                provider=provider,
                kinds=kinds,
            ),
            t(
                "It stays on this computer: the local model can answer it. (This last check runs "
                "on every cloud request, after routing.)",
            ),
        )
        self.provider = provider
        self.categories = categories

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.provider, self.categories))


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
        max_retry_after_s: float = MAX_RETRY_AFTER_S,
    ) -> None:
        self.config = config
        self.p = config.display_name
        self.has_key = has_key
        self.api_label = api_label  # e.g. "an OpenAI-compatible API"
        self.base_url_hint = base_url_hint
        self.max_retry_after_s = max_retry_after_s  # a longer wait fails at once, naming it

    def status(
        self,
        status: int,
        info: ApiErrorInfo,
        *,
        retry_after: float | None = None,
        url: str = "",
        what: str = N_("chat endpoint"),
        http: bool = True,
    ) -> ProviderError:
        """An HTTP error status, or (``http=False``) an error sent inside the stream,
        given the status it stands for."""
        p, name, model = self.p, self.config.name, self.config.model
        shown = f" (HTTP {status})" if http else ""
        code = info.code or info.type
        kwargs: dict[str, Any] = {"status": status if http else None, "retry_after": retry_after}
        said = f": {info.detail}" if info.detail else "."
        settings = t("Settings → Providers")
        if status == 401:
            if self.has_key:
                return ProviderError(
                    t(
                        "{p} rejected the API key{shown}.",
                        p=p,
                        shown=shown,
                    ),
                    t(
                        "Check the key in {settings}, or run 'agentic-desk keys set {name}'.",
                        settings=settings,
                        name=name,
                    ),
                    kind="auth",
                    **kwargs,
                )
            return ProviderError(
                t(
                    "{p} needs an API key{shown}.",
                    p=p,
                    shown=shown,
                ),
                t(
                    "Add the key in {settings}, or run 'agentic-desk keys set {name}'.",
                    settings=settings,
                    name=name,
                ),
                kind="auth",
                **kwargs,
            )
        if status == 402:
            return ProviderError(
                t(
                    "{p} says the account is out of credits{shown}.",
                    p=p,
                    shown=shown,
                ),
                t(
                    "Add credits to your {p} account, then try again.",
                    p=p,
                ),
                kind="auth",
                **kwargs,
            )
        if status == 403:
            return ProviderError(
                t(
                    "{p} refused access{shown}{said}",
                    p=p,
                    shown=shown,
                    said=said,
                ),
                t(
                    "Check that the API key may use the model '{model}' (see {settings}), or "
                    "pick another model.",
                    model=model,
                    settings=settings,
                ),
                kind="auth",
                **kwargs,
            )
        if status == 404:
            names_model = code == "model_not_found" or bool(model and model in info.detail)
            if what == "chat endpoint" and names_model:
                return ProviderError(
                    t(
                        "{p} does not know the model '{model}'{shown}.",
                        p=p,
                        model=model,
                        shown=shown,
                    ),
                    t(
                        "Check the model name in {settings}; it must be one that {p} offers.",
                        settings=settings,
                        p=p,
                    ),
                    kind="not_found",
                    **kwargs,
                )
            where = t(" at {url}", url=url) if url else ""
            return ProviderError(
                t(
                    "{p} has no {what}{where}{shown}.",
                    p=p,
                    what=t(what),
                    where=where,
                    shown=shown,
                ),
                t(self.base_url_hint),
                kind="not_found",
                **kwargs,
            )
        if status == 408:
            return ProviderError(
                t(
                    "{p} gave up waiting for the request{shown}.",
                    p=p,
                    shown=shown,
                ),
                t("Try again; if it keeps happening, check your connection."),
                kind="timeout",
                **kwargs,
            )
        if status == 413:
            return ProviderError(
                t(
                    "The conversation is too large for {p}{shown}.",
                    p=p,
                    shown=shown,
                ),
                t("Start a new chat or shorten the longest messages, then try again."),
                kind="bad_request",
                **kwargs,
            )
        if status == 429:
            if code == "insufficient_quota":
                return ProviderError(
                    t(
                        "{p} says the account has no quota left{shown}.",
                        p=p,
                        shown=shown,
                    ),
                    t(
                        "Check your plan and billing with {p}.",
                        p=p,
                    ),
                    kind="rate_limited",
                    **kwargs,
                )
            if retry_after is not None:
                return ProviderError(
                    t(
                        "{p} is rate-limiting requests; try again in {format_wait}.",
                        p=p,
                        format_wait=format_wait(retry_after),
                    ),
                    t(
                        "If this keeps happening, check your plan's rate limits with {p}.",
                        p=p,
                    ),
                    kind="rate_limited",
                    retryable=retry_after <= self.max_retry_after_s,
                    **kwargs,
                )
            return ProviderError(
                t(
                    "{p} is rate-limiting requests{shown}.",
                    p=p,
                    shown=shown,
                ),
                t(
                    "Wait a minute and try again; if this keeps happening, check your plan's "
                    "rate limits with {p}.",
                    p=p,
                ),
                kind="rate_limited",
                retryable=True,
                **kwargs,
            )
        if status >= 500:
            retryable = status not in (501, 505) and (
                retry_after is None or retry_after <= self.max_retry_after_s
            )
            later = (
                t("try again in {wait}", wait=format_wait(retry_after))
                if retry_after is not None
                else t("try again in a minute")
            )
            if status == 529:
                message = t("{p} is overloaded right now{shown}.", p=p, shown=shown)
                hint = t("{later}.", later=later[:1].upper() + later[1:])
            elif status in (502, 503, 504):
                message = t("{p} is unavailable right now{shown}.", p=p, shown=shown)
                hint = t(
                    "{later}; if it persists, check {p}'s status page.",
                    later=later[:1].upper() + later[1:],
                    p=p,
                )
            else:
                message = t("{p} had an internal error{shown}.", p=p, shown=shown)
                hint = t("The problem is on {p}'s side; {later}.", p=p, later=later)
            return ProviderError(message, hint, kind="server", retryable=retryable, **kwargs)
        if 300 <= status < 400:
            return ProviderError(
                t(
                    "{p} redirected the request elsewhere{shown}.",
                    p=p,
                    shown=shown,
                ),
                t(self.base_url_hint),
                kind="not_found",
                **kwargs,
            )
        return ProviderError(
            t(
                "{p} rejected the request{shown}{said}",
                p=p,
                shown=shown,
                said=said,
            ),
            t(
                "Check the model name and the reply settings for this provider (such as the "
                "maximum reply length) in {settings}.",
                settings=settings,
            ),
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
        p, base, timeout = self.p, self.config.base_url, f"{self.config.timeout_s:g}"
        slow_hint = t(
            "Check your connection and try again, or give {p} a longer timeout in "
            "Settings → Providers.",
            p=p,
        )
        if isinstance(exc, httpx.ConnectTimeout):
            return ProviderError(
                t(
                    "Could not connect to {p} at {base} within {timeout} s.",
                    p=p,
                    base=base,
                    timeout=timeout,
                ),
                self._connect_hint(""),
                kind="timeout",
                retryable=True,
            )
        if isinstance(exc, httpx.TimeoutException):
            return ProviderError(
                t(
                    "{p} did not respond within {timeout} s.",
                    p=p,
                    timeout=timeout,
                ),
                slow_hint,
                kind="timeout",
            )
        if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
            return ProviderError(
                t(
                    "The base URL for {p} is not a web address: {base}",
                    p=p,
                    base=base,
                ),
                t("Use an address that starts with http:// or https:// in Settings → Providers."),
                kind="connection",
            )
        if reply_started:
            return self.cut_short()
        if isinstance(exc, (httpx.ConnectError, httpx.ProxyError)) or not isinstance(
            exc, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)
        ):
            reason = _connect_reason(exc)
            return ProviderError(
                t(
                    "Could not connect to {p} at {base}{reason}.",
                    p=p,
                    base=base,
                    reason=t(reason),
                ),
                self._connect_hint(reason),
                kind="connection",
                retryable=True,
            )
        return ProviderError(
            t(
                "The connection to {p} broke before it answered.",
                p=p,
            ),
            t("Check your connection and try again."),
            kind="connection",
            retryable=True,
        )

    def cut_short(self) -> ProviderError:
        return ProviderError(
            t(
                "The reply from {p} was cut short: the connection closed before it finished.",
                p=self.p,
            ),
            t("Ask again for a complete reply; the text received so far is kept."),
            kind="cut_short",
        )

    def malformed(self, what: str) -> ProviderError:
        return ProviderError(
            t(
                "{p} sent a reply this app could not read ({what}).",
                p=self.p,
                what=what,
            ),
            t(
                "Check that the base URL {base_url} belongs to {api_label}.",
                base_url=self.config.base_url,
                api_label=t(self.api_label),
            ),
            kind="malformed",
        )

    def _connect_hint(self, reason: str) -> str:
        if "resolved" in reason:
            return t("Check the base URL in Settings → Providers, and your internet connection.")
        if self.config.is_local:
            return t(
                "Make sure the server is running (for Ollama: 'ollama serve') and that the "
                "address and port in Settings → Providers are right."
            )
        return t("Check your internet connection (and any proxy or firewall), then try again.")


def _connect_reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return N_(" (connection refused)")
    if any(
        s in text
        for s in ("name or service not known", "nodename nor servname", "getaddrinfo", "resolve")
    ):
        return N_(" (the host name could not be resolved)")
    if "certificate" in text:
        return N_(" (its TLS certificate was not accepted)")
    return ""
