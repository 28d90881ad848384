"""The wire formats: OpenAI's chat completions and completions, Anthropic's messages.

Parsing turns a request body into a :class:`Parsed` (messages and reply settings, all
validated and bounded); a :class:`Renderer` turns a reply into a JSON body or SSE frames.
Only text travels: content parts that are images, files or URLs are refused, so no
request can make the server read a path or fetch an address.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from agentic_desk.core import generation as gen
from agentic_desk.core import jsonload
from agentic_desk.core.chat import ChatResult
from agentic_desk.core.engine.protocol import ChatMessage, GenerationParams
from agentic_desk.core.validation import Limit

MAX_STOP_SEQUENCES = 4

# What the wire formats accept, from the app's one set of limits (core.generation). Two
# differ from it on purpose, as the OpenAI API does: top_p may be 0 (taken as the
# smallest allowed value) and a seed may be any 64-bit number (folded into SEED's range).
WIRE_TOP_P = Limit(0.0, gen.TOP_P.maximum)
WIRE_SEED = Limit(-(2**63), 2**63 - 1, whole=True)


class ApiError(Exception):
    """A request the server refuses: HTTP ``status``, a message for the client's developer,
    an OpenAI-style error ``kind``, the offending ``param`` and OpenAI's error ``code``
    (e.g. "context_length_exceeded"), if any."""

    def __init__(
        self,
        status: int,
        message: str,
        kind: str = "invalid_request_error",
        param: str | None = None,
        headers: Mapping[str, str] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind
        self.param = param
        self.code = code
        self.headers = dict(headers or {})


ANTHROPIC_KINDS = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    503: "overloaded_error",
}


def error_body(error: ApiError, anthropic: bool) -> dict[str, Any]:
    if anthropic:
        kind = ANTHROPIC_KINDS.get(error.status, "api_error")
        return {"type": "error", "error": {"type": kind, "message": error.message}}
    return {
        "error": {
            "message": error.message,
            "type": error.kind,
            "param": error.param,
            "code": error.code,
        }
    }


@dataclass
class Parsed:
    messages: list[ChatMessage]
    params: GenerationParams
    stream: bool
    include_usage: bool
    model: str | None
    user: str | None  # the client's own name for its end user: its line in the queue
    libraries: tuple[str, ...] = ()  # "agentic_desk": {"libraries": [...]}: answer from them


EXTENSION = "agentic_desk"  # the request's and the reply's field for the app's own options
MAX_LIBRARIES = 8


def parse_extension(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The app's own options in a request body (``"agentic_desk": {"libraries": [NAME…]}``,
    the document libraries to answer from); () when there are none."""
    extension = data.get(EXTENSION)
    if extension is None:
        return ()
    example = '{"libraries": ["Case notes"]}'
    if not isinstance(extension, dict):
        raise ApiError(400, f"'{EXTENSION}' must be an object, e.g. {example}.", param=EXTENSION)
    unknown = sorted(set(extension) - {"libraries"})
    if unknown:
        raise ApiError(
            400,
            f"'{EXTENSION}' has fields this server does not know: {', '.join(unknown)} "
            "(it knows: libraries).",
            param=EXTENSION,
        )
    names = extension.get("libraries", [])
    if (
        not isinstance(names, list)
        or len(names) > MAX_LIBRARIES
        or not all(isinstance(n, str) and n.strip() for n in names)
    ):
        raise ApiError(
            400,
            f"'{EXTENSION}.libraries' must be a list of up to {MAX_LIBRARIES} library names "
            "(see GET /v1/libraries).",
            param=f"{EXTENSION}.libraries",
        )
    return tuple(dict.fromkeys(" ".join(n.split()) for n in names))


def parse_json(body: bytes) -> dict[str, Any]:
    try:
        data = jsonload.loads(body, what="The request body")
    except jsonload.JsonUnreadable as exc:
        raise ApiError(400, exc.message) from None
    if not isinstance(data, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    return data


def _number(data: Mapping[str, Any], name: str, limit: Limit) -> float | None:
    value = data.get(name)
    if value is None:
        return None
    if not limit.allows(value):
        raise ApiError(400, f"'{name}' must be {limit.describe()}.", param=name)
    return float(value)


def _integer(data: Mapping[str, Any], name: str, limit: Limit) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or not limit.allows(value):
        raise ApiError(400, f"'{name}' must be {limit.describe()}.", param=name)
    return value


def _stop(data: Mapping[str, Any], name: str) -> tuple[str, ...] | None:
    value = data.get(name)
    if value is None:
        return None
    items = [value] if isinstance(value, str) else value
    if (
        not isinstance(items, list)
        or len(items) > MAX_STOP_SEQUENCES
        or not all(isinstance(s, str) and s for s in items)
    ):
        raise ApiError(
            400,
            f"'{name}' must be a text or a list of up to {MAX_STOP_SEQUENCES} non-empty texts.",
            param=name,
        )
    return tuple(items)


def _text(content: object, where: str) -> str:
    """A message's content as text: a string, or a list of text parts. Anything else
    (images, files, audio, URLs) is refused."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        pieces: list[str] = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "text":
                kind = part.get("type") if isinstance(part, dict) else type(part).__name__
                raise ApiError(
                    400,
                    f"{where}: only text content is supported (got a part of type {kind!r}).",
                    param="messages",
                )
            text = part.get("text")
            if not isinstance(text, str):
                raise ApiError(400, f"{where}: a text part needs a 'text' string.")
            pieces.append(text)
        return "".join(pieces)
    raise ApiError(400, f"{where}: 'content' must be a text or a list of text parts.")


_ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}


def _messages(raw: object, name: str = "messages") -> list[ChatMessage]:
    if not isinstance(raw, list) or not raw:
        raise ApiError(400, f"'{name}' must be a non-empty list of messages.", param=name)
    out: list[ChatMessage] = []
    for index, message in enumerate(raw):
        where = f"{name}[{index}]"
        if not isinstance(message, dict):
            raise ApiError(400, f"{where} must be an object.", param=name)
        role = _ROLES.get(str(message.get("role")))
        if role is None:
            raise ApiError(
                400,
                f"{where}: role {message.get('role')!r} is not supported "
                "(system, developer, user or assistant).",
                param=name,
            )
        out.append(ChatMessage(role, _text(message.get("content"), where)))
    return out


def _user(data: Mapping[str, Any]) -> str | None:
    user = data.get("user")
    if user is None:
        metadata = data.get("metadata")
        user = metadata.get("user_id") if isinstance(metadata, dict) else None
    return user[:128] if isinstance(user, str) and user else None


def _model(data: Mapping[str, Any]) -> str | None:
    model = data.get("model")
    if model is not None and not isinstance(model, str):
        raise ApiError(400, "'model' must be a text.", param="model")
    return model or None


def _common(
    data: Mapping[str, Any],
    defaults: GenerationParams,
    max_tokens_limit: int,
    *,
    token_names: tuple[str, ...],
    stop_name: str,
) -> GenerationParams:
    max_tokens: int | None = None
    for name in token_names:
        value = data.get(name)
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ApiError(400, f"'{name}' must be a whole number of at least 1.", param=name)
            if value > max_tokens_limit:
                raise ApiError(
                    400,
                    f"'{name}' is {value}, but this server allows at most {max_tokens_limit} "
                    "tokens per reply (setting api.max_tokens_limit).",
                    param=name,
                )
            max_tokens = value
            break
    temperature = _number(data, "temperature", gen.TEMPERATURE)
    top_p = _number(data, "top_p", WIRE_TOP_P)
    top_k = _integer(data, "top_k", gen.TOP_K)
    seed = _integer(data, "seed", WIRE_SEED)
    stop = _stop(data, stop_name)
    return gen.with_overrides(
        defaults,
        max_new_tokens=max_tokens or min(defaults.max_new_tokens, max_tokens_limit),
        temperature=temperature,
        top_p=None if top_p is None else (top_p if top_p > 0 else 1e-6),
        top_k=top_k,
        seed=None if seed is None else seed % (gen.SEED_MAX + 1),
        stop=stop,
    )


def _openai_checks(data: Mapping[str, Any]) -> None:
    n = data.get("n")
    if n is not None and n != 1:
        raise ApiError(400, "'n' must be 1: this server writes one reply per request.", param="n")
    if data.get("tools") or data.get("functions"):
        raise ApiError(400, "Tools and functions are not supported by this server.", param="tools")


def _stream_flags(data: Mapping[str, Any]) -> tuple[bool, bool]:
    stream = data.get("stream", False)
    if not isinstance(stream, bool):
        raise ApiError(400, "'stream' must be true or false.", param="stream")
    options = data.get("stream_options")
    include = isinstance(options, dict) and options.get("include_usage") is True
    return stream, include


def parse_chat(
    data: Mapping[str, Any], defaults: GenerationParams, max_tokens_limit: int
) -> Parsed:
    """OpenAI ``POST /v1/chat/completions``."""
    _openai_checks(data)
    messages = _messages(data.get("messages"))
    params = _common(
        data,
        defaults,
        max_tokens_limit,
        token_names=("max_completion_tokens", "max_tokens"),
        stop_name="stop",
    )
    stream, include = _stream_flags(data)
    return Parsed(
        messages, params, stream, include, _model(data), _user(data), parse_extension(data)
    )


def parse_completion(
    data: Mapping[str, Any], defaults: GenerationParams, max_tokens_limit: int
) -> Parsed:
    """OpenAI ``POST /v1/completions``: the prompt is sent to the model as one user
    message (the local engine always applies the model's chat template)."""
    _openai_checks(data)
    prompt = data.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if not isinstance(prompt, str) or not prompt:
        raise ApiError(400, "'prompt' must be a non-empty text.", param="prompt")
    if data.get("echo") or data.get("suffix") or data.get("logprobs"):
        raise ApiError(400, "'echo', 'suffix' and 'logprobs' are not supported.")
    params = _common(
        data, defaults, max_tokens_limit, token_names=("max_tokens",), stop_name="stop"
    )
    stream, include = _stream_flags(data)
    messages = [ChatMessage("user", prompt)]
    return Parsed(
        messages, params, stream, include, _model(data), _user(data), parse_extension(data)
    )


def parse_messages(
    data: Mapping[str, Any], defaults: GenerationParams, max_tokens_limit: int
) -> Parsed:
    """Anthropic ``POST /v1/messages``."""
    if data.get("max_tokens") is None:
        raise ApiError(400, "'max_tokens' is required.", param="max_tokens")
    if data.get("tools"):
        raise ApiError(400, "Tools are not supported by this server.", param="tools")
    messages = _messages(data.get("messages"))
    if any(m.role == "system" for m in messages):
        raise ApiError(400, "Put the system prompt in 'system', not in 'messages'.")
    system = data.get("system")
    if system is not None:
        text = _text(system, "system")
        if text:
            messages.insert(0, ChatMessage("system", text))
    params = _common(
        data, defaults, max_tokens_limit, token_names=("max_tokens",), stop_name="stop_sequences"
    )
    stream = data.get("stream", False)
    if not isinstance(stream, bool):
        raise ApiError(400, "'stream' must be true or false.", param="stream")
    return Parsed(messages, params, stream, True, _model(data), _user(data), parse_extension(data))


# ---- rendering ---------------------------------------------------------------------------


def sse(data: Mapping[str, Any] | str, event: str | None = None) -> bytes:
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}\n\n".encode()


def _usage(result: ChatResult) -> tuple[int, int]:
    info = result.info
    return (info.prompt_tokens, info.completion_tokens) if info else (0, 0)


def _openai_finish(result: ChatResult) -> str:
    reason = result.info.stop_reason if result.info else "end_of_text"
    return "length" if reason == "length" else "stop"


class Renderer:
    """Turns one reply into a JSON body or SSE frames. Subclasses: one per API."""

    anthropic = False

    def __init__(self, model: str, include_usage: bool) -> None:
        self.model = model
        self.include_usage = include_usage
        self.created = int(time.time())
        self.id = self.prefix + secrets.token_hex(12)

    prefix = "chatcmpl-"
    chunk_object = "chat.completion.chunk"
    # the app's own reply fields (the citations of a library request), or None
    extension: dict[str, Any] | None = None

    def start(self) -> list[bytes]:
        return []

    def finished(self, result: ChatResult) -> list[bytes]:
        """:meth:`finish`, with the :attr:`extension` frame before the last one."""
        frames = self.finish(result)
        if self.extension is not None:
            frames.insert(len(frames) - 1, self.extension_frame(self.extension))
        return frames

    def extension_frame(self, extension: dict[str, Any]) -> bytes:
        """A chunk with no choices (like OpenAI's usage chunk) holding ``agentic_desk``."""
        return sse(
            {
                "id": self.id,
                "object": self.chunk_object,
                "created": self.created,
                "model": self.model,
                "choices": [],
                EXTENSION: extension,
            }
        )

    def whole_body(self, result: ChatResult) -> dict[str, Any]:
        """:meth:`whole`, with the :attr:`extension` as its ``agentic_desk`` field."""
        body = self.whole(result)
        if self.extension is not None:
            body[EXTENSION] = self.extension
        return body

    def delta(self, text: str) -> bytes:
        raise NotImplementedError

    def finish(self, result: ChatResult) -> list[bytes]:
        raise NotImplementedError

    def failure(self, error: ApiError) -> bytes:
        return sse(error_body(error, self.anthropic))

    def whole(self, result: ChatResult) -> dict[str, Any]:
        raise NotImplementedError


class ChatRenderer(Renderer):
    def _chunk(self, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "system_fingerprint": None,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }

    def start(self) -> list[bytes]:
        return [sse(self._chunk({"role": "assistant", "content": ""}, None))]

    def delta(self, text: str) -> bytes:
        return sse(self._chunk({"content": text}, None))

    def finish(self, result: ChatResult) -> list[bytes]:
        frames = [sse(self._chunk({}, _openai_finish(result)))]
        if self.include_usage:
            prompt, completion = _usage(result)
            usage_chunk = self._chunk({}, None)
            usage_chunk["choices"] = []
            usage_chunk["usage"] = {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            }
            frames.append(sse(usage_chunk))
        frames.append(sse("[DONE]"))
        return frames

    def whole(self, result: ChatResult) -> dict[str, Any]:
        prompt, completion = _usage(result)
        return {
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "system_fingerprint": None,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": result.text},
                    "logprobs": None,
                    "finish_reason": _openai_finish(result),
                }
            ],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            },
        }


class CompletionRenderer(Renderer):
    prefix = "cmpl-"
    chunk_object = "text_completion"

    def _body(self, text: str, finish: str | None) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "text_completion",
            "created": self.created,
            "model": self.model,
            "choices": [{"index": 0, "text": text, "logprobs": None, "finish_reason": finish}],
        }

    def delta(self, text: str) -> bytes:
        return sse(self._body(text, None))

    def finish(self, result: ChatResult) -> list[bytes]:
        last = self._body("", _openai_finish(result))
        if self.include_usage:
            prompt, completion = _usage(result)
            last["usage"] = {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            }
        return [sse(last), sse("[DONE]")]

    def whole(self, result: ChatResult) -> dict[str, Any]:
        prompt, completion = _usage(result)
        body = self._body(result.text, _openai_finish(result))
        body["usage"] = {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }
        return body


def _anthropic_stop(result: ChatResult) -> str:
    reason = result.info.stop_reason if result.info else "end_of_text"
    return {"length": "max_tokens", "stop_string": "stop_sequence"}.get(reason, "end_turn")


class MessagesRenderer(Renderer):
    prefix = "msg_"
    anthropic = True

    def start(self) -> list[bytes]:
        message: dict[str, Any] = {
            "id": self.id,
            "type": "message",
            "role": "assistant",
            "model": self.model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": 0, "output_tokens": 0},
        }
        block = {
            "type": "content_block_start",
            "index": 0,
            "content_block": {"type": "text", "text": ""},
        }
        return [
            sse({"type": "message_start", "message": message}, "message_start"),
            sse(block, "content_block_start"),
            sse({"type": "ping"}, "ping"),
        ]

    def delta(self, text: str) -> bytes:
        delta = {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "text_delta", "text": text},
        }
        return sse(delta, "content_block_delta")

    def finish(self, result: ChatResult) -> list[bytes]:
        prompt, completion = _usage(result)
        message_delta = {
            "type": "message_delta",
            "delta": {"stop_reason": _anthropic_stop(result), "stop_sequence": None},
            "usage": {"input_tokens": prompt, "output_tokens": completion},
        }
        return [
            sse({"type": "content_block_stop", "index": 0}, "content_block_stop"),
            sse(message_delta, "message_delta"),
            sse({"type": "message_stop"}, "message_stop"),
        ]

    def failure(self, error: ApiError) -> bytes:
        return sse(error_body(error, anthropic=True), "error")

    def extension_frame(self, extension: dict[str, Any]) -> bytes:
        return sse({"type": EXTENSION, EXTENSION: extension}, EXTENSION)

    def whole(self, result: ChatResult) -> dict[str, Any]:
        prompt, completion = _usage(result)
        return {
            "id": self.id,
            "type": "message",
            "role": "assistant",
            "model": self.model,
            "content": [{"type": "text", "text": result.text}],
            "stop_reason": _anthropic_stop(result),
            "stop_sequence": None,
            "usage": {"input_tokens": prompt, "output_tokens": completion},
        }
