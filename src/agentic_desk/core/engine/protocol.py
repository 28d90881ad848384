"""What travels over the pipe between the app and the inference worker.

Plain, picklable dataclasses: commands go to the worker, events come back.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from agentic_desk.core.i18n import t

if TYPE_CHECKING:
    from agentic_desk.core.engine.folder import ModelFolderInfo


class StopReason(enum.StrEnum):
    END_OF_TEXT = "end_of_text"
    LENGTH = "length"
    STOP_STRING = "stop_string"
    CANCELLED = "cancelled"
    ERROR = "error"


@dataclass(frozen=True)
class GenerationParams:
    """Sampling and length settings for one reply. ``temperature == 0`` is greedy."""

    max_new_tokens: int = 512
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    repetition_penalty: float = 1.0
    seed: int | None = None
    stop: tuple[str, ...] = ()

    @property
    def greedy(self) -> bool:
        return self.temperature <= 0.0


@dataclass(frozen=True)
class ChatMessage:
    role: str  # "system", "user" or "assistant"
    content: str


@dataclass(frozen=True)
class HoldPoint:
    """Test seam: the worker stops at this point, reports :class:`Held`, and waits
    for a release command (or, with ``until_cancel``, until the request is
    cancelled). ``phase`` is "prefill" (after chunk ``index``, counting from 1) or
    "decode" (after generated token ``index``). Honoured only when the engine runs
    with test hooks on."""

    phase: str
    index: int
    until_cancel: bool = False

    @classmethod
    def parse(cls, text: str) -> HoldPoint:
        """``"decode:3"`` or ``"prefill:2:cancel"`` (the form of AGENTIC_DESK_TEST_HOLD)."""
        phase, index, *rest = text.split(":")
        return cls(phase, int(index), until_cancel=rest == ["cancel"])


# ---- commands (app -> worker) -------------------------------------------------


@dataclass(frozen=True)
class LoadCommand:
    model_path: str
    providers: tuple[str, ...] = ("auto",)
    max_context_tokens: int | None = None  # the context to load with (None: the model's own)
    # How far the context may grow when a conversation outgrows it (0: never grow); the
    # worker checks the memory free at that moment before growing.
    context_ceiling: int = 0
    # The folder as the app already checked it (the check parses the graph: ~0.2-0.7 s for a
    # 3.8B model), so the worker does not do it again; None: the worker checks it.
    folder: ModelFolderInfo | None = None
    # Load the copy of the graph that computes the last prompt position's logits only
    # (core/engine/lastlogits.py), making it beside the weights if need be.
    last_logits: bool = True
    # Run the int4 products as int8 products on the CPU (core/engine/int8graph.py, setting
    # engine.cpu_int8_compute): the copy is made on first load (beside the weights, or in
    # ``cache_dir`` when the model's folder is read-only), with LoadProgress events.
    cpu_int8: bool = False
    cache_dir: str | None = None


@dataclass(frozen=True)
class ChatCommand:
    request_id: int
    messages: tuple[ChatMessage, ...]
    params: GenerationParams
    prefill_chunk_tokens: int = 256
    hold: HoldPoint | None = None
    reuse_cache: bool = True  # False: start from an empty KV cache (benchmarks)
    stream_interval_ms: float = 0.0  # coalesce tokens arriving faster than this; 0 = each
    # The last message is an assistant reply cut short (stopped, length limit, a crash):
    # the model goes on writing it (no new turn) instead of answering after it.
    continue_last: bool = False


@dataclass(frozen=True)
class ReleaseCommand:
    """Lets a worker stopped at a :class:`HoldPoint` go on."""


@dataclass(frozen=True)
class UnloadCommand:
    """Drop the model and exit the worker."""


# ---- events (worker -> app) ---------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    model_path: str
    model_type: str
    provider: str  # the execution provider in use, e.g. "cpu", "cuda", "dml"
    provider_notes: tuple[str, ...]  # why a preferred provider was not used
    context_length: int  # the usable context (model's, or the smaller setting)
    load_s: float
    worker_rss_mb: float
    chat_template_source: str
    last_logits: bool = False  # the last-position graph is the one loaded
    last_logits_note: str = ""  # why not, when it was asked for and could not be used
    cpu_int8: bool = False  # the int8 copy of the graph is the one loaded
    cpu_int8_note: str = ""  # why not, when it was asked for and could not be used
    # Filled in by the app side from its ContextChoice (core/budget.py):
    context_reason: str = ""  # why this context, in words
    memory_needed_bytes: int = 0  # the estimate: weights + KV cache + runtime
    kv_cache_bytes: int = 0


@dataclass(frozen=True)
class LoadProgress:
    """A long step of a load: ``stage`` "int8" (making the int8 copy of the graph),
    ``done`` of ``total`` products converted."""

    stage: str
    done: int
    total: int


@dataclass(frozen=True)
class Failed:
    """A request (or load) failed; ``kind`` rebuilds the typed error on the app side."""

    request_id: int  # 0 for a load
    kind: str
    message: str
    hint: str


@dataclass(frozen=True)
class PromptReady:
    request_id: int
    prompt_tokens: int
    reused_tokens: int  # tokens whose KV cache was kept from the previous turn
    trimmed_messages: int  # oldest messages left out to fit the context
    trimmed_tokens: int
    context_tokens: int = 0  # the context in use for this reply
    context_grown_from: int = 0  # the context before this reply grew it (0: it did not)

    def notes(self) -> list[str]:
        """What happened to the conversation to fit the context, in words (every front
        end shows these)."""
        out = []
        if self.context_grown_from:
            out.append(
                t(
                    "The conversation outgrew {context_grown_from:,} tokens, so the model's "
                    "context was raised to {context_tokens:,} (it read the whole conversation "
                    "again once).",
                    context_grown_from=self.context_grown_from,
                    context_tokens=self.context_tokens,
                )
            )
        if self.trimmed_messages:
            out.append(
                t(
                    "The {trimmed_messages} oldest messages ({trimmed_tokens:,} tokens) were "
                    "left out to fit the model's context ({context_tokens:,} tokens).",
                    trimmed_messages=self.trimmed_messages,
                    trimmed_tokens=self.trimmed_tokens,
                    context_tokens=self.context_tokens,
                )
            )
        return out


@dataclass(frozen=True)
class PrefillProgress:
    request_id: int
    done: int
    total: int


@dataclass(frozen=True)
class TokenText:
    request_id: int
    text: str  # the new text (may be empty: a token may complete no character yet)
    tokens: int  # generated tokens so far (one event may carry several tokens' text)


@dataclass(frozen=True)
class Held:
    request_id: int
    phase: str
    index: int


@dataclass(frozen=True)
class ReplyStats:
    prompt_tokens: int
    generated_tokens: int
    reused_tokens: int
    ttft_ms: float  # request received by the worker -> first token generated
    prefill_ms: float
    decode_tps: float
    total_ms: float
    provider: str
    stop_reason: StopReason
    stop_string: str | None = None


@dataclass(frozen=True)
class Finished:
    request_id: int
    stats: ReplyStats


@dataclass(frozen=True)
class Unloaded:
    reason: str  # "idle", "requested"


@dataclass
class Reply:
    """Everything the app knows about one reply when it ends (also after a failure)."""

    text: str = ""
    stats: ReplyStats | None = None
    error: Exception | None = None
    prompt: PromptReady | None = None
    first_token_s: float | None = None  # app-side: submit -> first visible text
    token_times: list[float] = field(default_factory=list)

    @property
    def stop_reason(self) -> StopReason:
        if self.stats is not None:
            return self.stats.stop_reason
        return StopReason.ERROR
