"""The local engine as a chat provider.

:class:`LocalProvider` wraps a :class:`~agentic_desk.core.engine.client.LocalEngine`;
its stream yields the same events as every other provider's (:mod:`.events`). This is
the one place where the worker's wire events become provider events:

* ``TokenText`` -> :class:`~.events.TextDelta` (empty pieces are dropped);
* ``Finished`` -> :class:`~.events.Finished` with the stop reason, the usage (prompt
  and generated tokens) and :class:`~.events.LocalStats` (time to first token, decode
  speed, reused prompt tokens, execution provider);
* ``Failed`` -> the typed :class:`~agentic_desk.core.engine.errors.EngineError` it
  stands for, raised;
* anything else (``PromptReady``, ``PrefillProgress``, ``Held``) -> :class:`~.events.Note`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

from agentic_desk.core.engine import errors as e
from agentic_desk.core.engine import protocol as wire
from agentic_desk.core.engine.client import LocalEngine, ReplyStream
from agentic_desk.core.engine.protocol import ChatMessage, GenerationParams
from agentic_desk.core.i18n import t
from agentic_desk.core.providers.events import (
    Finished,
    LocalStats,
    Note,
    StreamEvent,
    TextDelta,
    Usage,
)

__all__ = ["LocalProvider", "LocalStream", "finished_event"]


class LocalProvider:
    """Replies from the local engine. The engine is shared: :meth:`close` leaves it be."""

    billed = False  # replies cost nothing

    def __init__(self, engine: LocalEngine, *, name: str = "local") -> None:
        self.engine = engine
        self._name = name

    def __repr__(self) -> str:
        return f"LocalProvider(model={self.model!r})"

    @property
    def name(self) -> str:
        return self._name

    @property
    def model(self) -> str | None:
        """The folder of the loaded model (``None`` while none is loaded)."""
        loaded = self.engine.loaded
        return loaded.model_path if loaded is not None else None

    def start(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        *,
        continue_last: bool = False,
    ) -> LocalStream:
        return LocalStream(self.engine, tuple(messages), params, continue_last=continue_last)

    def close(self) -> None:
        pass


class LocalStream:
    """One local reply. The request goes to the worker when iteration starts (the engine
    serves one reply at a time, and is free again when the stream ends). :meth:`cancel`
    may be called from any thread, also before iteration: the worker then stops the
    reply at once and reports it finished, "cancelled", with what it had counted."""

    def __init__(
        self,
        engine: LocalEngine,
        messages: tuple[ChatMessage, ...],
        params: GenerationParams,
        *,
        continue_last: bool = False,
    ) -> None:
        self._engine = engine
        self._continue_last = continue_last
        self._messages = messages
        self._params = params
        self._lock = threading.Lock()
        self._cancelled = False
        self._reply: ReplyStream | None = None
        self._iterated = False

    def __iter__(self) -> Iterator[StreamEvent]:
        with self._lock:
            if self._iterated:
                raise RuntimeError("a LocalStream can be iterated only once")
            self._iterated = True
        return self._events()

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            reply = self._reply
        if reply is not None:
            reply.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def _events(self) -> Iterator[StreamEvent]:
        with self._lock:
            cancelled_before = self._cancelled
        if cancelled_before:  # Stop before the request left: nothing is generated at all
            yield Finished(str(wire.StopReason.CANCELLED), Usage(0, 0), self._model())
            return
        reply = self._engine.chat(  # typed errors on failure
            self._messages, self._params, continue_last=self._continue_last
        )
        with self._lock:
            self._reply = reply
            cancelled = self._cancelled
        if cancelled:
            reply.cancel()
        try:
            for event in reply:
                if isinstance(event, wire.TokenText):
                    if event.text:
                        yield TextDelta(event.text)
                elif isinstance(event, wire.Finished):
                    yield finished_event(event.stats, self._model())
                    return
                elif isinstance(event, wire.Failed):
                    raise e.error_from_kind(event.kind, event.message, event.hint)
                else:
                    yield Note(event)
        finally:
            reply.close()  # frees the engine (after stopping the reply, if it still runs)
        raise e.GenerationFailed(  # not reached: the worker always ends a reply
            t("The model process ended the reply without finishing it."), t("Send again to retry.")
        )

    def _model(self) -> str:
        loaded = self._engine.loaded
        return loaded.model_path if loaded is not None else ""


def finished_event(stats: wire.ReplyStats, model: str) -> Finished:
    """The provider event for the worker's statistics of a finished reply."""
    return Finished(
        stop_reason=str(stats.stop_reason),
        usage=Usage(stats.prompt_tokens, stats.generated_tokens),
        model=model,
        local=LocalStats(
            ttft_ms=stats.ttft_ms,
            decode_tps=stats.decode_tps,
            reused_tokens=stats.reused_tokens,
            execution_provider=stats.provider,
        ),
    )
