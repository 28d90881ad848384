"""The bridge between the core and the widgets.

A chat turn is the core's :class:`~agentic_desk.core.turn.ChatTurn` (it saves, routes,
streams, checkpoints and records how the reply ended), run as a
:class:`~agentic_desk.core.jobs.Job` by the controller's
:class:`~agentic_desk.ui.jobs.JobRunner` on a worker thread; what it reports comes back to
the GUI thread as the job's progress events, delivered into ``@Slot`` receivers and
emitted as Qt signals. Streamed text is coalesced: a burst of tokens becomes one signal,
so the GUI repaints at most once per event-loop turn, not once per token.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from agentic_desk.core.chat import CancelToken
from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.jobs import FunctionJob
from agentic_desk.core.turn import (
    Action,
    ChatTurn,
    Checkpointed,
    Continue,
    EditQuestion,
    Prefill,
    PrivacyRaised,
    Regenerate,
    ReplyStarted,
    Rewrite,
    Send,
    TurnEvent,
    TurnOutcome,
    TurnSpec,
    UserSaved,
    Waiting,
    reply_record,
)
from agentic_desk.ui.jobs import JobRunner


@dataclass(frozen=True)
class TextWaiting:
    """New text is in the buffer (one event per burst: the GUI thread takes it all)."""


TurnJob = FunctionJob[TurnOutcome, TurnEvent | TextWaiting]


class ChatController(QObject):
    """Runs chat turns off the GUI thread and reports back.

    Signals:
        user_saved(str message_id, str replaces): the user's message is stored (``replaces``:
            the question it is a new version of, or "")
        reply_started(str conversation_id, str message_id)
        version_started(str message_id, str replaces): the reply is a new version of
            ``replaces`` (Regenerate, Edit, Rewrite)
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

    user_saved = Signal(str, str)
    reply_started = Signal(str, str)
    version_started = Signal(str, str)
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
        self.last_outcome: TurnOutcome | None = None
        self.busy = False
        # called on the worker thread before a turn (loads the model) with a function that
        # tells the window what it is waiting for
        self.prepare: Any = None
        self.cancel_load: Any = None  # stops a model load in progress (the 8-bit copy)
        # issue 17: the app's document libraries (core.library.service.Libraries), or None;
        # a conversation that uses some gets their passages in its prompt (core.turn)
        self.libraries: Any = None

    # ---- GUI thread ------------------------------------------------------------------------

    def send(self, spec: TurnSpec, text: str | None) -> None:
        """Start a turn. ``text`` None: reply to the conversation as it is (regenerate)."""
        self.run(spec, Send(text) if text is not None else Regenerate())

    def continue_reply(self, spec: TurnSpec, message_id: str) -> None:
        """Continue a reply cut short: generate more after its text."""
        self.run(spec, Continue(message_id))

    def regenerate(self, spec: TurnSpec, reply_id: str) -> None:
        """Another version of the reply ``reply_id`` (the old one stays)."""
        self.run(spec, Regenerate(reply_id))

    def edit_question(self, spec: TurnSpec, message_id: str, text: str) -> None:
        """A new version of the question ``message_id``, and a reply to it."""
        self.run(spec, EditQuestion(message_id, text))

    def rewrite(
        self,
        spec: TurnSpec,
        message_id: str,
        instruction: str,
        start: int | None = None,
        end: int | None = None,
    ) -> None:
        """A rewritten version of a reply (or of a passage of it)."""
        self.run(spec, Rewrite(message_id, instruction, start, end))

    def run(self, spec: TurnSpec, action: Action) -> None:
        if self.busy:
            return
        self.busy = True
        token = self._token = CancelToken()
        job: TurnJob = FunctionJob("Chat reply", lambda job: self._turn(job, spec, action, token))
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
        if self.cancel_load is not None:
            self.cancel_load()

    def _on_event(self, event: TurnEvent | TextWaiting) -> None:
        if isinstance(event, TextWaiting):
            self._flush()
        elif isinstance(event, Prefill):
            self.prefill_progress.emit(event.message_id, event.done, event.total)
        elif isinstance(event, UserSaved):
            self.user_saved.emit(event.message_id, event.replaces or "")
        elif isinstance(event, ReplyStarted):
            if event.replaces:
                self.version_started.emit(event.message_id, event.replaces)
            self.reply_started.emit(event.conversation_id, event.message_id)
        elif isinstance(event, Waiting):
            self.status.emit(event.text)
        elif isinstance(event, PrivacyRaised):
            self.privacy_raised.emit(event.raised)
        elif isinstance(event, Checkpointed):
            self.checkpointed.emit(event.message_id, event.characters)

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

    def _finish(self, outcome: TurnOutcome) -> None:
        self._flush()
        self.busy = False
        self.last_outcome = outcome
        result = outcome.result
        if result.plan.notice:
            self.notice.emit(result.plan.notice)
        self.reply_finished.emit(outcome.message_id, result)

    def _ended(self) -> None:
        if self.busy:  # neither finished nor failed: a bug, already reported
            self.busy = False
            self.failed.emit(None)

    # ---- worker thread ---------------------------------------------------------------------

    def _turn(
        self, job: TurnJob, spec: TurnSpec, action: Action, token: CancelToken
    ) -> TurnOutcome:
        def on_text(piece: str) -> None:
            with self._lock:
                self._pending += piece
                schedule = not self._flush_scheduled
                self._flush_scheduled = True
            if schedule:
                job.report(TextWaiting())

        def report(event: TurnEvent) -> None:
            if isinstance(event, ReplyStarted):
                with self._lock:
                    self._message_id = event.message_id
                    self._pending = ""
            job.report(event)

        turn = ChatTurn(self.store, self.service, prepare=self.prepare, libraries=self.libraries)
        outcome = turn.run(spec, action, on_text=on_text, report=report, cancel=token)
        with self._lock:
            self.outcomes[outcome.message_id] = (outcome.status, outcome.meta)
        return outcome


__all__ = ["ChatController", "TextWaiting", "TurnSpec", "reply_record"]
