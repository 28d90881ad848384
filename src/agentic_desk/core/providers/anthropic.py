"""Anthropic's Messages API.

``POST {base_url}/v1/messages`` with the ``x-api-key`` and ``anthropic-version:
2023-06-01`` headers; the system prompt is the top-level ``system`` field (the API has
no "system" role) and ``max_tokens`` is required. With ``"stream": true`` the reply is
a series of named server-sent events: ``message_start`` (the message, with
``usage.input_tokens``), then per content block ``content_block_start``,
``content_block_delta`` (``text_delta`` pieces) and ``content_block_stop``, then
``message_delta`` (``stop_reason`` and the cumulative ``usage.output_tokens``) and
``message_stop``; ``ping`` events may come at any time, and an ``error`` event (e.g.
``overloaded_error``) may end the stream.

Some models reject ``temperature`` and ``top_p`` together (HTTP 400 naming
``top_p``): the request is then sent again once without ``top_p``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from agentic_desk.core.engine.protocol import ChatMessage, GenerationParams, StopReason
from agentic_desk.core.i18n import N_, t
from agentic_desk.core.providers.errors import ProviderError
from agentic_desk.core.providers.events import Finished, StreamEvent, TextDelta, Usage
from agentic_desk.core.providers.http import HTTPProvider, StreamState
from agentic_desk.core.providers.sse import SSECutShort, SSEEvent

__all__ = ["ANTHROPIC_VERSION", "STOP_REASONS", "AnthropicProvider"]

ANTHROPIC_VERSION = "2023-06-01"

STOP_REASONS: Mapping[str, str] = {
    "end_turn": StopReason.END_OF_TEXT,
    "max_tokens": StopReason.LENGTH,
    "stop_sequence": StopReason.STOP_STRING,
    "tool_use": StopReason.END_OF_TEXT,
    "pause_turn": StopReason.END_OF_TEXT,
    "refusal": StopReason.ERROR,
    "model_context_window_exceeded": StopReason.LENGTH,
}


class AnthropicProvider(HTTPProvider):
    api_label = N_("the Anthropic API")
    base_url_hint = N_(
        "Check the base URL in Settings → Providers; for Anthropic it is https://api.anthropic.com."
    )

    def endpoint(self) -> str:
        base = self.config.base_url.rstrip("/")
        base = base.removesuffix("/v1")
        return base + "/v1/messages"

    def protocol_headers(self) -> dict[str, str]:
        return {"anthropic-version": ANTHROPIC_VERSION}

    def auth_headers(self, api_key: str) -> dict[str, str]:
        return {"x-api-key": api_key}

    def continuation(self, messages: Sequence[ChatMessage]) -> tuple[ChatMessage, ...]:
        """The Messages API continues a final assistant message (prefill); it refuses one
        that ends in white space, so that is left off (the reply may start with it)."""
        *history, partial = messages
        return (*history, ChatMessage("assistant", partial.content.rstrip()))

    def body(
        self, messages: Sequence[ChatMessage], params: GenerationParams, leave_out: set[str]
    ) -> dict[str, Any]:
        system = "\n\n".join(m.content for m in messages if m.role == "system" and m.content)
        body: dict[str, Any] = {
            "model": self.config.model,
            "max_tokens": params.max_new_tokens,
            "messages": [
                {"role": m.role, "content": m.content} for m in messages if m.role != "system"
            ],
            "stream": True,
            "temperature": min(1.0, max(0.0, params.temperature)),  # the API's range
        }
        if system:
            body["system"] = system
        if 0.0 < params.top_p < 1.0 and "top_p" not in leave_out:
            body["top_p"] = params.top_p
        if params.top_k > 0:
            body["top_k"] = params.top_k
        stops = [s for s in params.stop if s.strip()]  # the API refuses blank ones
        if stops:
            body["stop_sequences"] = stops
        return body

    def optional_field_to_drop(self, error: ProviderError, body: Mapping[str, Any]) -> str | None:
        if error.status == 400 and "top_p" in body and "top_p" in error.message:
            return "top_p"
        return None

    def parse(self, events: Iterator[SSEEvent], state: StreamState) -> Iterator[StreamEvent]:
        stop_reason: str | None = None
        prompt_tokens = 0
        try:
            for event in events:
                payload = self._decode(event.data)
                kind = payload.get("type", event.event)
                if kind == "ping":
                    continue
                if kind == "error":
                    raise self.explain.in_stream(self.error_info(payload))
                if kind == "message_start":
                    message = self._object(payload, "message")
                    model = message.get("model")
                    if isinstance(model, str) and model:
                        state.model = model
                    usage = message.get("usage")
                    if isinstance(usage, dict):
                        prompt_tokens = _input_tokens(usage)
                        state.usage = Usage(prompt_tokens, _int(usage.get("output_tokens")))
                elif kind == "content_block_start":
                    block = self._object(payload, "content_block")
                    text = block.get("text")
                    if block.get("type") == "text" and isinstance(text, str) and text:
                        yield TextDelta(text)
                elif kind == "content_block_delta":
                    delta = self._object(payload, "delta")
                    if delta.get("type") == "text_delta":
                        text = delta.get("text")
                        if not isinstance(text, str):
                            raise self.explain.malformed(t("an event of the wrong shape"))
                        if text:
                            yield TextDelta(text)
                elif kind == "message_delta":
                    delta = self._object(payload, "delta")
                    if isinstance(delta.get("stop_reason"), str):
                        stop_reason = delta["stop_reason"]
                    usage = payload.get("usage")
                    if isinstance(usage, dict):
                        if "input_tokens" in usage:  # newer servers repeat it here
                            prompt_tokens = _input_tokens(usage) or prompt_tokens
                        state.usage = Usage(prompt_tokens, _int(usage.get("output_tokens")))
                elif kind == "message_stop":
                    yield self._finished(stop_reason, state)
                    return
                # content_block_stop and event types added later need nothing
        except SSECutShort:
            if stop_reason is None:
                raise self.explain.cut_short() from None
        if stop_reason is None:
            raise self.explain.cut_short()
        # message_delta said how the reply ended; only message_stop was missing
        yield self._finished(stop_reason, state)

    def _decode(self, data: str) -> dict[str, Any]:
        try:
            payload = json.loads(data)
        except (ValueError, RecursionError):  # RecursionError: nested absurdly deep
            raise self.explain.malformed(t("an event that is not valid JSON")) from None
        if not isinstance(payload, dict):
            raise self.explain.malformed(t("an event of the wrong shape"))
        return payload

    def _object(self, payload: dict[str, Any], key: str) -> dict[str, Any]:
        value = payload.get(key)
        if not isinstance(value, dict):
            raise self.explain.malformed(t("an event of the wrong shape"))
        return value

    def _finished(self, stop_reason: str | None, state: StreamState) -> Finished:
        return state.finished(STOP_REASONS.get(stop_reason or "end_turn", StopReason.END_OF_TEXT))

    def test_connection(self) -> str:
        """A one-token message: the key, the model and the endpoint all work."""
        stream = self.start(
            [ChatMessage("user", "Hi")],
            GenerationParams(max_new_tokens=1, temperature=0.0, top_p=1.0, top_k=0),
        )
        for event in stream:
            if isinstance(event, Finished):
                return t(
                    "Connected to {p}: '{model}' answered.",
                    p=self.config.display_name,
                    model=event.model,
                )
        raise self.explain.cut_short()  # not reached: a stream ends with Finished


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _input_tokens(usage: Mapping[str, Any]) -> int:
    """All prompt tokens: the uncached ones plus those written to or read from the cache."""
    return (
        _int(usage.get("input_tokens"))
        + _int(usage.get("cache_creation_input_tokens"))
        + _int(usage.get("cache_read_input_tokens"))
    )
