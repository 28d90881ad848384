"""Any server that speaks OpenAI's Chat Completions API: OpenAI, OpenRouter, Ollama,
LM Studio, llama.cpp, vLLM...

``POST {base_url}/chat/completions`` with ``"stream": true`` answers with server-sent
events, each ``data: {chunk}`` a ``chat.completion.chunk`` whose
``choices[0].delta.content`` is the next piece of text; the chunk that ends the reply
carries ``choices[0].finish_reason``; ``stream_options: {"include_usage": true}`` adds
a last chunk with empty ``choices`` and the ``usage`` of the whole request; then comes
``data: [DONE]``. A server that fails mid-reply sends a chunk with an ``error`` object.
A server that rejects ``stream_options`` (HTTP 400) is asked again once without it
(and, if that works, never again).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import httpx

from agentic_desk.core.engine.protocol import ChatMessage, GenerationParams, StopReason
from agentic_desk.core.i18n import N_, t
from agentic_desk.core.providers.errors import ProviderError
from agentic_desk.core.providers.events import Finished, StreamEvent, TextDelta, Usage
from agentic_desk.core.providers.http import HTTPProvider, StreamState
from agentic_desk.core.providers.sse import SSECutShort, SSEEvent

__all__ = ["FINISH_REASONS", "OpenAICompatProvider"]

FINISH_REASONS: Mapping[str, str] = {
    "stop": StopReason.END_OF_TEXT,  # also a stop string: the API does not tell them apart
    "length": StopReason.LENGTH,
    "content_filter": StopReason.ERROR,
    "tool_calls": StopReason.END_OF_TEXT,
    "function_call": StopReason.END_OF_TEXT,
    "error": StopReason.ERROR,
}


class OpenAICompatProvider(HTTPProvider):
    api_label = N_("an OpenAI-compatible API")
    base_url_hint = N_(
        "Check the base URL in Settings → Providers; for OpenAI-compatible servers it "
        "usually ends in /v1 (e.g. http://localhost:11434/v1 for Ollama)."
    )

    def _base(self) -> str:
        return self.config.base_url.rstrip("/")

    def endpoint(self) -> str:
        return self._base() + "/chat/completions"

    def auth_headers(self, api_key: str) -> dict[str, str]:
        return {"authorization": f"Bearer {api_key}"}

    def body(
        self, messages: Sequence[ChatMessage], params: GenerationParams, leave_out: set[str]
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.config.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "stream": True,
            "max_tokens": params.max_new_tokens,
            "temperature": params.temperature,
            "top_p": params.top_p,
        }
        if "stream_options" not in leave_out:
            body["stream_options"] = {"include_usage": True}
        if params.stop:
            body["stop"] = list(params.stop)
        if params.seed is not None:
            body["seed"] = params.seed
        return body

    def optional_field_to_drop(self, error: ProviderError, body: Mapping[str, Any]) -> str | None:
        if error.status == 400 and "stream_options" in body:
            return "stream_options"
        return None

    def parse(self, events: Iterator[SSEEvent], state: StreamState) -> Iterator[StreamEvent]:
        finish: str | None = None
        try:
            for event in events:
                if event.data.strip() == "[DONE]":
                    yield self._finished(finish, state)
                    return
                chunk = self._decode(event.data)
                for text, reason in self._chunk(chunk, state):
                    if text:
                        yield TextDelta(text)
                    if reason:
                        finish = reason
        except SSECutShort as cut:
            done = cut.pending is not None and cut.pending.data.strip() == "[DONE]"
            if finish is None and not done:
                raise self.explain.cut_short() from None
        if finish is None:
            raise self.explain.cut_short()
        # The reply was complete; only the end of the stream (usage, [DONE]) was missing.
        yield self._finished(finish, state)

    def parse_json(self, payload: Any, state: StreamState) -> Iterator[StreamEvent]:
        """A server that ignored ``"stream": true`` and sent the whole completion."""
        if not isinstance(payload, dict) or not isinstance(payload.get("choices"), list):
            raise self.explain.malformed(t("a JSON document of the wrong shape"))
        self._usage(payload, state)
        finish = None
        for choice in payload["choices"]:
            if not isinstance(choice, dict) or choice.get("index", 0) != 0:
                continue
            message = choice.get("message")
            content = message.get("content") if isinstance(message, dict) else None
            if isinstance(content, str) and content:
                yield TextDelta(content)
            if isinstance(choice.get("finish_reason"), str):
                finish = choice["finish_reason"]
        yield self._finished(finish, state)

    def _decode(self, data: str) -> dict[str, Any]:
        try:
            chunk = json.loads(data)
        except (ValueError, RecursionError):  # RecursionError: nested absurdly deep
            raise self.explain.malformed(t("an event that is not valid JSON")) from None
        if not isinstance(chunk, dict):
            raise self.explain.malformed(t("an event of the wrong shape"))
        if chunk.get("error") or chunk.get("object") == "error":
            raise self.explain.in_stream(self.error_info(chunk))
        return chunk

    def _chunk(self, chunk: dict[str, Any], state: StreamState) -> Iterator[tuple[str, str]]:
        """(text, finish_reason) for choice 0 of one chunk; records model and usage."""
        model = chunk.get("model")
        if isinstance(model, str) and model:
            state.model = model
        self._usage(chunk, state)
        choices = chunk.get("choices")
        if choices is None:
            return
        if not isinstance(choices, list):
            raise self.explain.malformed(t("an event of the wrong shape"))
        for choice in choices:
            if not isinstance(choice, dict):
                raise self.explain.malformed(t("an event of the wrong shape"))
            if choice.get("index", 0) != 0:
                continue
            delta = choice.get("delta")
            content = delta.get("content") if isinstance(delta, dict) else None
            reason = choice.get("finish_reason")
            yield (
                content if isinstance(content, str) else "",
                reason if isinstance(reason, str) else "",
            )

    def _usage(self, chunk: dict[str, Any], state: StreamState) -> None:
        usage = chunk.get("usage")
        if isinstance(usage, dict):
            prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
            if isinstance(prompt, int) and isinstance(completion, int):
                state.usage = Usage(prompt, completion)

    def _finished(self, finish: str | None, state: StreamState) -> Finished:
        return state.finished(FINISH_REASONS.get(finish or "stop", StopReason.END_OF_TEXT))

    def test_connection(self) -> str:
        """``GET {base_url}/models``: the server answers, accepts the key, and (when it
        lists models) offers the configured one."""
        url = self._base() + "/models"
        try:
            response = self._client.get(url, headers=self.headers(streaming=False))
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise self.explain.transport(exc, reply_started=False) from exc
        if response.status_code != 200:
            raise self.status_error(
                response.status_code, response.content, response.headers, url, what=N_("model list")
            )
        try:
            payload = response.json()
        except ValueError:
            raise self.explain.malformed(t("a model list that is not JSON")) from None
        data = payload.get("data") if isinstance(payload, dict) else None
        if not isinstance(data, list):
            raise self.explain.malformed(t("a model list of the wrong shape"))
        ids = [str(m["id"]) for m in data if isinstance(m, dict) and "id" in m]
        p, model = self.config.display_name, self.config.model
        if not ids:
            return t("Connected to {p}.", p=p)
        if model in ids:
            if len(ids) == 1:
                return t(
                    "Connected to {p}: 1 model available, including '{model}'.", p=p, model=model
                )
            return t(
                "Connected to {p}: {count} models available, including '{model}'.",
                p=p,
                count=len(ids),
                model=model,
            )
        examples = ", ".join(f"'{i}'" for i in ids[:3])
        raise ProviderError(
            t(
                "{p} does not know the model '{model}'.",
                p=p,
                model=model,
            ),
            t(
                "Pick one that {p} offers in Settings → Providers (e.g. {examples}).",
                p=p,
                examples=examples,
            ),
            kind="not_found",
        )
