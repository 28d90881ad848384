"""How long a conversation a model may hold on this machine: the one place that decides.

onnxruntime-genai allocates the whole KV cache for ``max_length`` when a generator is
created (ARCHITECTURE Fact 9), so the context is a memory decision, not a property of
the model: Phi-4-mini's 131,072 tokens would take ~69 GB of cache on a CPU. The engine
(at load), the catalog's fit verdict, the recommendation and every front end use
:func:`choose_context`, so what the model manager promises is what the worker allocates.

Memory model (checked against real workers, see README "Context and memory"):

    need = weights + KV cache + runtime overhead
    KV cache = 2 (keys and values) x layers x KV heads x head size x tokens x bytes per value
    runtime overhead = onnxruntime's working copy of the weights (measured: a worker holds
                       about twice the weight files once loaded, SmolLM2 and Phi-4-mini's
                       shape alike) + a fixed part (Python, onnxruntime) + the tokenizer
                       (vocabulary x 320 bytes) + one prefill step: its activations (chunk x
                       hidden size x 16 x 4 bytes) and its logits (chunk x vocabulary x 4
                       bytes, or one position when the model runs with the last-position
                       graph: core/engine/lastlogits.py ``plan`` decides, for the engine and
                       the estimate alike)

and the budget is the memory available now minus a headroom kept for the rest of the
system: a fifth of it, and at least 1 GiB.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

from agentic_desk.core.i18n import format_decimal, t

GIB = 1024**3
MIB = 1024**2

DEFAULT_CONTEXT = 16_384  # what a conversation gets when memory allows (the setting can raise it)
MIN_CONTEXT = 2_048  # less than this is not a useful chat: refuse to load instead
FIXED_OVERHEAD = 100 * MIB  # tokenizer, Python, onnxruntime's own (measured 80-100 MB)
HEADROOM_SHARE = 0.2  # of the available memory, kept for the rest of the system ...
HEADROOM_MIN = 1 * GIB  # ... and at least this much
STEP = 1_024  # contexts are whole multiples of this (small models: of 256)
PREFILL_CHUNK = 256  # the engine's default prefill chunk (its logits are part of the overhead)
# Measured on the Phi-4-mini shape (README "Context and memory"): onnxruntime-genai's
# tokenizer holds 62 MB for a 200,064-token vocabulary (21 MB for SmolLM2's 49,152), and a
# worker after a reply holds 0.17 MB more per prompt-chunk token (3,072 hidden: 14 values).
TOKENIZER_BYTES_PER_TOKEN = 320
ACTIVATION_VALUES = 16  # float32 values per hidden unit and chunk token, kept by the arena

# Bytes per KV value by ONNX element type (TensorProto.DataType).
ONNX_ELEMENT_BYTES = {1: 4, 10: 2, 16: 2, 11: 8}


@dataclass(frozen=True)
class KvGeometry:
    """What the KV cache of one token costs, and how long the model can go."""

    layers: int
    kv_heads: int
    head_size: int
    bytes_per_value: int  # 4 for fp32 (CPU builds), 2 for fp16/bf16 (GPU builds)
    model_context: int  # the longest context the model supports
    vocab_size: int = 0
    hidden_size: int = 0  # 0: not known (no activations counted)

    @property
    def bytes_per_token(self) -> int:
        return 2 * self.layers * self.kv_heads * self.head_size * self.bytes_per_value

    def kv_bytes(self, tokens: int) -> int:
        return self.bytes_per_token * tokens


@dataclass(frozen=True)
class ContextChoice:
    """The context a model gets here, what it costs, and why (in words)."""

    tokens: int  # the context the engine loads with (0 when it cannot load)
    ceiling: int  # the longest the conversation may grow to in memory available now
    model_context: int
    weights_bytes: int
    kv_bytes: int
    overhead_bytes: int
    available_bytes: int | None  # memory free when decided (None: unknown)
    budget_bytes: int | None  # available minus the headroom
    limited_by: str  # "model", "default", "memory", "setting", "unknown memory", "too large"
    reason: str
    logits_bytes: int = 0  # of the overhead: the logits buffer of one prefill step
    last_logits: bool | None = None  # runs with the last-position graph (None: not known)
    memory_reason: str = ""  # what the memory need is made of, in words

    @property
    def fits(self) -> bool:
        return self.tokens > 0

    @property
    def need_bytes(self) -> int:
        return self.weights_bytes + self.kv_bytes + self.overhead_bytes

    def to_json(self) -> dict[str, object]:
        return {
            "context_tokens": self.tokens,
            "context_ceiling": self.ceiling,
            "model_context": self.model_context,
            "weights_bytes": self.weights_bytes,
            "kv_cache_bytes": self.kv_bytes,
            "overhead_bytes": self.overhead_bytes,
            "memory_needed_bytes": self.need_bytes,
            "memory_available_bytes": self.available_bytes,
            "limited_by": self.limited_by,
            "reason": self.reason,
            "logits_bytes": self.logits_bytes,
            "last_position_graph": self.last_logits,
            "memory_reason": self.memory_reason,
        }


def gb(nbytes: int | float) -> str:
    """Bytes as a short size in words ("3.4 GB", "620 MB")."""
    if nbytes >= GIB:
        return t("{size} GB", size=format_decimal(nbytes / GIB))
    return t("{size} MB", size=format_decimal(max(nbytes, 0) / MIB, 0))


def short_tokens(tokens: int) -> str:
    """16384 -> "16K", 1536 -> "1.5K", 256 -> "256"."""
    if tokens < 1024:
        return str(tokens)
    thousands = round(tokens / 1024, 1)
    return format_decimal(thousands, 0 if thousands.is_integer() else 1) + "K"


def logits_bytes(
    geometry: KvGeometry | None, prefill_chunk: int = PREFILL_CHUNK, last_logits: bool = False
) -> int:
    """The logits buffer of one prefill step: ``prefill_chunk`` positions x vocabulary x 4
    bytes, or one position with the last-position graph."""
    vocab = geometry.vocab_size if geometry is not None else 0
    return (1 if last_logits else prefill_chunk) * vocab * 4


def overhead_bytes(
    geometry: KvGeometry | None,
    weights_bytes: int,
    prefill_chunk: int = PREFILL_CHUNK,
    last_logits: bool = False,
) -> int:
    """Everything but the weight files and the cache: onnxruntime's working copy of the
    weights, a fixed part, the tokenizer, one prefill step's activations and its logits
    (:func:`logits_bytes`)."""
    vocab = geometry.vocab_size if geometry is not None else 0
    hidden = geometry.hidden_size if geometry is not None else 0
    return (
        weights_bytes
        + FIXED_OVERHEAD
        + vocab * TOKENIZER_BYTES_PER_TOKEN
        + prefill_chunk * hidden * ACTIVATION_VALUES * 4
        + logits_bytes(geometry, prefill_chunk, last_logits)
    )


def memory_reason(
    weights_bytes: int,
    kv_bytes: int,
    overhead: int,
    logits: int,
    prefill_chunk: int,
    last_logits: bool | None,
    last_logits_note: str = "",
) -> str:
    """What the memory need is made of, in words: the parts, and which logits the runtime
    holds (one position with the last-position graph, a whole prefill chunk without)."""
    if last_logits:
        logits_words = t(
            "the logits of the last position only ({gb}): the model runs with the "
            "last-position graph",
            gb=gb(logits),
        )
    else:
        logits_words = t(
            "the logits of a {chunk}-token prefill chunk ({gb})", chunk=prefill_chunk, gb=gb(logits)
        )
        if last_logits is False:
            logits_words += t(": the model runs with its own graph")
            if last_logits_note:
                logits_words += t(" ({note})", note=last_logits_note)
    return t(
        "About {need} in all: {weights} of weights, {cache} of cache and {runtime} for the "
        "runtime, with {logits_words}.",
        need=gb(weights_bytes + kv_bytes + overhead),
        weights=gb(weights_bytes),
        cache=gb(kv_bytes),
        runtime=gb(overhead),
        logits_words=logits_words,
    )


def budget_of(available: int) -> int:
    """What a model may use of ``available`` bytes: all but the headroom."""
    return max(0, available - max(HEADROOM_MIN, int(available * HEADROOM_SHARE)))


def _round_down(tokens: int, model_context: int) -> int:
    step = STEP if model_context >= 4 * STEP else 256
    return tokens // step * step


def choose_context(
    geometry: KvGeometry | None,
    weights_bytes: int,
    available_bytes: int | None,
    *,
    requested: int | None = None,
    prefill_chunk: int = PREFILL_CHUNK,
    default: int = DEFAULT_CONTEXT,
    last_logits: bool | None = None,
    last_logits_note: str = "",
) -> ContextChoice:
    """Decide the context for a model with ``geometry`` and ``weights_bytes`` of weights when
    ``available_bytes`` of memory is free (RAM for CPU models, GPU memory for GPU ones).

    ``requested`` is the user's explicit setting (``engine.max_context_tokens``): honoured
    up to the model's own limit when it fits, refused (``tokens == 0``) when it does not.
    Otherwise the context is the model's limit, ``default`` (:data:`DEFAULT_CONTEXT`) or as
    much as fits,
    whichever is least; below :data:`MIN_CONTEXT` (or the model's limit, if shorter) the
    model is refused. ``ceiling`` is how far a conversation may grow later.

    ``last_logits`` is whether the model will run with the last-position graph
    (:func:`agentic_desk.core.engine.lastlogits.plan`): its logits then take one position, not
    a prefill chunk. None (not known, e.g. a catalog model not downloaded yet) counts the
    chunk; ``last_logits_note`` says why not, for :attr:`ContextChoice.memory_reason`.
    """
    logits = logits_bytes(geometry, prefill_chunk, bool(last_logits))
    overhead = overhead_bytes(geometry, weights_bytes, prefill_chunk, bool(last_logits))

    def described(choice: ContextChoice) -> ContextChoice:
        words = memory_reason(
            weights_bytes,
            choice.kv_bytes,
            overhead,
            logits,
            prefill_chunk,
            last_logits,
            last_logits_note,
        )
        return dataclasses.replace(
            choice,
            logits_bytes=logits,
            last_logits=last_logits,
            memory_reason=words if choice.fits else "",  # a refusal's reason has the numbers
        )

    if geometry is None:
        # Geometry unknown (a folder without the fields): trust the model's context.
        tokens = requested or default
        return described(
            ContextChoice(
                tokens,
                tokens,
                0,
                weights_bytes,
                0,
                overhead,
                available_bytes,
                None,
                "unknown memory",
                t(
                    "{tokens:,} tokens; the model does not say how much memory its cache takes.",
                    tokens=tokens,
                ),
            )
        )
    model_max = geometry.model_context
    fixed = weights_bytes + overhead
    budget = budget_of(available_bytes) if available_bytes is not None else None
    by_memory = (
        model_max
        if budget is None
        else _round_down(max(0, budget - fixed) // max(1, geometry.bytes_per_token), model_max)
    )
    ceiling = min(model_max, by_memory)

    def choice(tokens: int, limited_by: str, reason: str) -> ContextChoice:
        return described(
            ContextChoice(
                tokens,
                max(ceiling, tokens) if tokens else ceiling,
                model_max,
                weights_bytes,
                geometry.kv_bytes(tokens),
                overhead,
                available_bytes,
                budget,
                limited_by,
                reason,
            )
        )

    def needs(tokens: int) -> str:
        return t(
            "{gb} ({gb2} of weights, {gb3} of cache for {tokens:,} tokens and {gb4} for the "
            "runtime)",
            gb=gb(fixed + geometry.kv_bytes(tokens)),
            gb2=gb(weights_bytes),
            gb3=gb(geometry.kv_bytes(tokens)),
            tokens=tokens,
            gb4=gb(overhead),
        )

    free_words = (
        "" if available_bytes is None else t("{gb} of memory is free", gb=gb(available_bytes))
    )
    if requested is not None:
        tokens = min(requested, model_max)
        if (
            budget is not None
            and available_bytes is not None
            and fixed + geometry.kv_bytes(tokens) > budget
        ):
            return choice(
                0,
                "too large",
                t(
                    "The context set in Settings ({requested:,} tokens) needs {needs}, but "
                    "{free_words} and {gb} of it is kept for the rest of the system{value}",
                    requested=requested,
                    needs=needs(tokens),
                    free_words=free_words,
                    gb=gb(available_bytes - budget),
                    value=t("; {ceiling:,} tokens would fit.", ceiling=ceiling)
                    if ceiling >= STEP // 4
                    else ".",
                ),
            )
        capped = (
            t(" (the model's limit; {requested:,} was asked)", requested=requested)
            if requested > model_max
            else ""
        )
        return choice(
            tokens,
            "setting",
            t(
                "{tokens:,} tokens, set in Settings{capped}: {gb} of cache.",
                tokens=tokens,
                capped=capped,
                gb=gb(geometry.kv_bytes(tokens)),
            ),
        )
    floor = min(MIN_CONTEXT, model_max)
    if budget is not None and ceiling < floor:
        return choice(
            0,
            "too large",
            t(
                "This model needs at least {needs}, but {free_words} and {gb} of it is kept for "
                "the rest of the system.",
                needs=needs(floor),
                free_words=free_words,
                gb=gb(available_bytes - budget if available_bytes else 0),
            ),
        )
    tokens = min(model_max, default, ceiling)
    cache = gb(geometry.kv_bytes(tokens))
    if tokens == model_max:
        limited_by, why = "model", t("the model's own limit")
    elif tokens == default:
        limited_by, why = (
            "default",
            t("the default (the model can go to {model_max:,})", model_max=model_max),
        )
    else:
        limited_by, why = (
            "memory",
            t("as much as fits in memory (the model can go to {model_max:,})", model_max=model_max),
        )
    room = ""
    if budget is not None and ceiling > tokens:
        room = t(
            "; a conversation may grow to {ceiling:,} tokens in the memory free now",
            ceiling=ceiling,
        )
    return choice(
        tokens,
        limited_by,
        t(
            "{tokens:,} tokens, {why}: {cache} of cache{room}.",
            tokens=tokens,
            why=why,
            cache=cache,
            room=room,
        ),
    )


def fits_now(extra_bytes: int, available_bytes: int) -> bool:
    """Would ``extra_bytes`` more fit in memory, keeping the headroom?"""
    return extra_bytes <= budget_of(available_bytes)


AVAILABLE_MEMORY_ENV = "AGENTIC_DESK_TEST_AVAILABLE_MEMORY"  # bytes; honoured with test hooks only


def available_memory(test_hooks: bool | None = None) -> int | None:
    """Memory the system can give a process now (psutil's "available"), in bytes; None when
    it cannot be read. With test hooks on (``test_hooks``, or when None the environment's
    ``AGENTIC_DESK_TEST_HOOKS=1``), ``AGENTIC_DESK_TEST_AVAILABLE_MEMORY`` stands in for it,
    so tests can play a small machine in every process of the app."""
    if test_hooks is None:
        test_hooks = os.environ.get("AGENTIC_DESK_TEST_HOOKS") == "1"
    if test_hooks and os.environ.get(AVAILABLE_MEMORY_ENV):
        return int(os.environ[AVAILABLE_MEMORY_ENV])
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except Exception:
        return None
