"""The bridge between the core and the widgets.

A chat turn is a :class:`~agentic_desk.core.jobs.Job` run by the controller's
:class:`~agentic_desk.ui.jobs.JobRunner` on a worker thread (it waits on the engine's reader
thread or a provider); what it has to say comes back to the GUI thread as the job's progress
events, delivered into ``@Slot`` receivers and emitted as Qt signals. Streamed text is
coalesced: a burst of tokens becomes one signal, so the GUI repaints at most once per
event-loop turn, not once per token.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from agentic_desk.core.chat import CancelToken, ChatRequest, ChatResult
from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.conversations.sticky import Raised, apply_sticky_privacy, stays_local
from agentic_desk.core.engine.protocol import (
    ChatMessage,
    GenerationParams,
    PrefillProgress,
    PromptReady,
)
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.generation import params_as_dict
from agentic_desk.core.jobs import FunctionJob
from agentic_desk.ui.jobs import JobRunner

CHECKPOINT_S = 0.5  # how often a streaming reply is saved


@dataclass
class TurnSpec:
    conversation_id: str
    privacy: str
    message_privacy: str | None
    complexity: str | None
    params: GenerationParams


# ---- what a turn reports (its job's progress events) -------------------------------------


@dataclass(frozen=True)
class ReplyStarted:
    conversation_id: str
    message_id: str


@dataclass(frozen=True)
class TextWaiting:
    """New text is in the buffer (one event per burst: the GUI thread takes it all)."""


@dataclass(frozen=True)
class Prefill:
    message_id: str
    done: int
    total: int


@dataclass(frozen=True)
class Waiting:
    """What the turn waits for before the reply starts (loading a model)."""

    text: str


@dataclass(frozen=True)
class Streaming:
    """The reply streams (True: save it every CHECKPOINT_S) or stopped streaming."""

    on: bool


@dataclass(frozen=True)
class PrivacyRaised:
    """The conversation was raised (sticky privacy): what it holds must stay here."""

    raised: Raised


TurnEvent = ReplyStarted | TextWaiting | Prefill | Waiting | Streaming | PrivacyRaised
TurnJob = FunctionJob[tuple[str, ChatResult], TurnEvent]


def reply_record(
    result: ChatResult, text: str, earlier: dict[str, Any] | None = None
) -> tuple[str, dict[str, Any]]:
    """How a reply ended, as the conversation store keeps it: ``(status, meta)``.

    status: "complete" (also at the length limit: ``meta["stop_reason"]`` says "length"),
    "cancelled" (Stop), "interrupted" (a failure cut it short; the text so far is kept)
    or "error" (nothing was written). ``meta["stop_reason"]`` is the engine's reason, or
    "interrupted" with the reason in words in ``meta["error"]`` (and the hint in
    ``meta["error_hint"]``). ``earlier``: the meta of the part a Continue went on from;
    the reply's token count then covers every part, ``meta["continued"]`` counts them.
    """
    meta: dict[str, Any] = {"notice": result.plan.notice}
    status = "complete"
    if result.info is not None:
        meta.update(vars(result.info))
        if result.info.stop_reason == "cancelled":
            status = "cancelled"
    if result.error is not None:
        status = "interrupted" if text else "error"
        meta["stop_reason"] = "interrupted" if text else "error"
        meta["error"] = result.error.message
        meta["error_hint"] = result.error.hint
    if earlier is not None:
        meta["continued"] = int(earlier.get("continued", 0)) + 1
        before = int(earlier.get("completion_tokens", 0) or 0)
        if result.info is None:  # keep what is known of the parts before
            for key in ("where", "provider", "model", "execution_provider"):
                if key in earlier:
                    meta[key] = earlier[key]
        meta["completion_tokens"] = before + int(meta.get("completion_tokens", 0) or 0)
    return status, meta


class ChatController(QObject):
    """Runs chat turns off the GUI thread and reports back.

    Signals:
        reply_started(str conversation_id, str message_id)
        text_appended(str message_id, str text): new text, coalesced
        prefill_progress(str message_id, int done, int total)
        notice(str text): e.g. what the sensitive-data detector found
        reply_finished(str message_id, object result): a ChatResult
        failed(object error): the turn ended without a reply: a known
            :class:`AgenticDeskError` to show, or None after a bug (already reported)
        checkpointed(str message_id, int characters): the streaming reply was saved
        status(str text): what the turn waits for before the reply starts
        privacy_raised(object raised): a conversation was raised to high because of what
            it holds (a :class:`~agentic_desk.core.conversations.sticky.Raised`)
    """

    reply_started = Signal(str, str)
    text_appended = Signal(str, str)
    prefill_progress = Signal(str, int, int)
    notice = Signal(str)
    reply_finished = Signal(str, object)
    failed = Signal(object)
    checkpointed = Signal(str, int)
    status = Signal(str)  # what the turn waits for before the reply starts (loading a model)
    privacy_raised = Signal(object)

    def __init__(
        self, store: ConversationStore, service: Any, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.service = service
        self.jobs = JobRunner(self)
        self._token: CancelToken | None = None
        self._lock = threading.Lock()
        self._pending = ""
        self._flush_scheduled = False
        self._message_id = ""
        # How each reply of this session ended: (status, meta), as stored (see reply_record)
        self.outcomes: dict[str, tuple[str, dict[str, Any]]] = {}
        self.busy = False
        # called on the worker thread before a turn (loads the model) with a function that
        # tells the window what it is waiting for
        self.prepare: Any = None
        # The streaming reply is saved every CHECKPOINT_S, even while no token arrives (a
        # long prefill, a stalled provider), so a crash or kill loses at most that much.
        self._written: list[str] = []
        self._checkpoints = QTimer(self)
        self._checkpoints.setInterval(int(CHECKPOINT_S * 1000))
        self._checkpoints.timeout.connect(self._checkpoint)

    # ---- GUI thread ------------------------------------------------------------------------

    def send(self, spec: TurnSpec, text: str | None) -> None:
        """Start a turn. ``text`` None: reply to the conversation as it is (regenerate)."""
        self._start(spec, text, "")

    def continue_reply(self, spec: TurnSpec, message_id: str) -> None:
        """Continue an interrupted reply: generate more after its partial text."""
        self._start(spec, None, message_id)

    def _start(self, spec: TurnSpec, text: str | None, continue_id: str) -> None:
        if self.busy:
            return
        self.busy = True
        token = self._token = CancelToken()
        job: TurnJob = FunctionJob(
            "Chat reply", lambda job: self._turn(job, spec, text, token, continue_id)
        )
        self.jobs.start(
            job,
            owner=self,
            progress=self._on_event,
            done=self._finish,
            failed=self._fail,
            after=self._ended,
        )

    @Slot()
    def stop(self) -> None:
        """Stop the reply: it ends with the text so far (the turn itself finishes)."""
        if self._token is not None:
            self._token.cancel()

    @Slot()
    def _checkpoint(self) -> None:
        """GUI thread: hand the text so far to a worker thread to save."""
        with self._lock:
            text = "".join(self._written)
            message_id = self._message_id
        if message_id:
            self.jobs.call(
                self.store.checkpoint_reply,
                message_id,
                text,
                owner=self,
                done=lambda saved: self._saved(message_id, len(text), saved),
            )

    def _saved(self, message_id: str, characters: int, saved: bool) -> None:
        if saved:
            self.checkpointed.emit(message_id, characters)

    def _on_event(self, event: TurnEvent) -> None:
        if isinstance(event, TextWaiting):
            self._flush()
        elif isinstance(event, Prefill):
            self.prefill_progress.emit(event.message_id, event.done, event.total)
        elif isinstance(event, ReplyStarted):
            self.reply_started.emit(event.conversation_id, event.message_id)
        elif isinstance(event, Waiting):
            self.status.emit(event.text)
        elif isinstance(event, PrivacyRaised):
            self.privacy_raised.emit(event.raised)
        elif isinstance(event, Streaming):
            if event.on:
                self._checkpoints.start()
            else:
                self._checkpoints.stop()

    def _flush(self) -> None:
        with self._lock:
            text, self._pending = self._pending, ""
            self._flush_scheduled = False
            message_id = self._message_id
        if text:
            self.text_appended.emit(message_id, text)

    def _fail(self, error: AgenticDeskError) -> None:
        self.busy = False
        self.failed.emit(error)

    def _finish(self, outcome: tuple[str, ChatResult]) -> None:
        message_id, result = outcome
        self._flush()
        self.busy = False
        if result.plan.notice:
            self.notice.emit(result.plan.notice)
        self.reply_finished.emit(message_id, result)

    def _ended(self) -> None:
        self._checkpoints.stop()
        if self.busy:  # neither finished nor failed: a bug, already reported
            self.busy = False
            self.failed.emit(None)

    # ---- worker thread ---------------------------------------------------------------------

    def _turn(
        self,
        job: TurnJob,
        spec: TurnSpec,
        text: str | None,
        token: CancelToken,
        continue_id: str,
    ) -> tuple[str, ChatResult]:
        store = self.store
        if text is not None:  # saved before anything else can fail
            store.add_user_message(spec.conversation_id, text, privacy=spec.message_privacy)
            store.save_draft(spec.conversation_id, "")
        # Sticky privacy, before anything is routed: what the conversation holds keeps it here.
        privacy = spec.privacy
        raised = self._stick(job, spec.conversation_id)
        if raised is not None and not stays_local(privacy):
            privacy = raised.to_level
        if self.prepare is not None:
            self.prepare(lambda text: job.report(Waiting(text)))
        history = [
            m
            for m in store.messages(spec.conversation_id)
            if m.id != continue_id and m.role in ("system", "user", "assistant")
        ]
        prefix = ""
        earlier: dict[str, Any] | None = None  # the meta of the reply a Continue goes on with
        if continue_id:
            reply = store.get_message(continue_id)
            prefix, earlier = reply.content, dict(reply.meta)
            history = [m for m in history if m.seq < reply.seq]
            store.set_message_status(continue_id, "streaming")
            message_id = continue_id
        else:
            message_id = store.begin_reply(spec.conversation_id).id
        with self._lock:
            self._message_id = message_id
        job.report(ReplyStarted(spec.conversation_id, message_id))
        sent = [m for m in history if m.content or m.role == "user"]
        messages = [ChatMessage(m.role, m.content) for m in sent]
        levels: list[str | None] = [m.privacy for m in sent]  # each message's own level
        if prefix:  # the model goes on with the same reply: no new turn
            messages.append(ChatMessage("assistant", prefix))
            levels.append(None)
        conversation = store.get_conversation(spec.conversation_id)
        if conversation.system_prompt:
            messages.insert(0, ChatMessage("system", conversation.system_prompt))
            levels.insert(0, None)
        request = ChatRequest(
            messages,
            spec.params,
            privacy=privacy,
            message_privacy=spec.message_privacy,
            message_levels=levels,
            complexity=spec.complexity,
            conversation_id=spec.conversation_id,
            continue_reply=bool(prefix),
        )
        written = [prefix]
        with self._lock:
            self._written = written
        job.report(Streaming(True))

        def on_text(piece: str) -> None:
            with self._lock:
                written.append(piece)
                self._pending += piece
                schedule = not self._flush_scheduled
                self._flush_scheduled = True
            if schedule:
                job.report(TextWaiting())

        def on_event(event: object) -> None:
            if isinstance(event, PrefillProgress):
                job.report(Prefill(message_id, event.done, event.total))
            elif isinstance(event, PromptReady):
                job.report(Prefill(message_id, event.reused_tokens, event.prompt_tokens))
                if event.notes():  # the context grew, or the oldest turns were left out
                    job.report(Waiting("\n".join(event.notes())))

        try:
            result: ChatResult = self.service.send(request, on_text, token, on_event=on_event)
        finally:
            job.report(Streaming(False))
        full = "".join(written)
        status, meta = reply_record(result, full, earlier)
        with self._lock:
            self.outcomes[message_id] = (status, meta)
        store.finish_reply(
            message_id,
            full,
            status=status,
            meta=meta,
            error_message=result.error.message if result.error else None,
        )
        self._stick(job, spec.conversation_id)  # the reply may hold sensitive data too
        if text is not None:
            store.auto_title(spec.conversation_id)
        if result.info is not None:  # the conversation remembers its model and settings
            store.set_model(spec.conversation_id, result.info.model)
            store.set_params(spec.conversation_id, params_as_dict(spec.params))
        return message_id, result

    def _stick(self, job: TurnJob, conversation_id: str) -> Raised | None:
        """Worker thread: raise the conversation if it holds sensitive data (see
        :mod:`agentic_desk.core.conversations.sticky`) and tell the window."""
        detector_on = bool(getattr(self.service, "detector_enabled", True))
        raised = apply_sticky_privacy(self.store, conversation_id, detect_data=detector_on)
        if raised is not None:
            job.report(PrivacyRaised(raised))
        return raised
