"""The events of one streamed reply, the same for every provider (the local engine and
the HTTP providers alike), and the interface that produces them.

A provider's :meth:`ChatProvider.start` returns an :class:`EventStream`. Iterating it
yields :class:`TextDelta` pieces (and, from some providers, :class:`Note` s), then
exactly one :class:`Finished` (also after :meth:`EventStream.cancel`: its
``stop_reason`` is then "cancelled"). A failure raises a typed
:class:`~agentic_desk.core.errors.AgenticDeskError` whose message and hint are written
for the user; text already yielded is never repeated.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from agentic_desk.core.engine.protocol import ChatMessage, GenerationParams

__all__ = [
    "ChatProvider",
    "EventStream",
    "Finished",
    "LocalStats",
    "Note",
    "StreamEvent",
    "TextDelta",
    "Usage",
]


@dataclass(frozen=True)
class TextDelta:
    """The next piece of the reply's text (never empty)."""

    text: str


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class LocalStats:
    """What the local engine measured itself (HTTP providers report none)."""

    ttft_ms: float  # request received by the worker -> first token generated
    decode_tps: float  # generated tokens per second
    reused_tokens: int  # prompt tokens whose KV cache was kept from the last turn
    execution_provider: str  # "cpu", "cuda", "dml"


@dataclass(frozen=True)
class Finished:
    """The last event of a stream. ``stop_reason`` is a
    :class:`~agentic_desk.core.engine.protocol.StopReason` value, as a plain ``str``:
    "end_of_text", "length", "stop_string", "cancelled" or "error" (the provider
    stopped the reply itself, e.g. a content filter or a refusal)."""

    stop_reason: str
    usage: Usage | None  # what the provider reported (so far, when cancelled)
    model: str  # the model that answered, as the provider names it
    local: LocalStats | None = None  # the local engine's own measurements


@dataclass(frozen=True)
class Note:
    """Something a provider reports along the way that is neither text nor the end, for
    whoever follows the reply closely: the local engine's ``PromptReady``,
    ``PrefillProgress`` and ``Held`` events (``detail``)."""

    detail: object


StreamEvent = TextDelta | Note | Finished


class EventStream(Protocol):
    """One reply. Iterate it once; :meth:`cancel` may be called from any thread."""

    def __iter__(self) -> Iterator[StreamEvent]: ...

    def cancel(self) -> None: ...


class ChatProvider(Protocol):
    """Anything that can write a reply: the local engine or an HTTP provider."""

    @property
    def name(self) -> str:
        """How routing names it: "local", or the configured provider's name."""
        ...

    @property
    def model(self) -> str | None:
        """The model replies are recorded under (read after a reply: the local engine
        may have loaded its model for it)."""
        ...

    @property
    def billed(self) -> bool:
        """Whether replies may cost money (their price is looked up and added to the
        spend ledger)."""
        ...

    def start(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        *,
        continue_last: bool = False,
    ) -> EventStream:
        """A stream for one reply (nothing is sent until it is iterated). With
        ``continue_last`` the last message is an assistant reply cut short and the stream
        carries only what continues it (see README, "Continue")."""
        ...

    def close(self) -> None:
        """Let go of what the provider holds (connections); streams are over by then."""
        ...
