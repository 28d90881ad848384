"""The bridge between the core and the widgets.

Work that blocks (inference, HTTP, disk) runs on executor threads of the qasync event
loop; its results come back to the GUI thread with ``loop.call_soon_threadsafe`` and are
then emitted as Qt signals. Streamed text is coalesced: a burst of tokens becomes one
signal, so the GUI repaints at most once per event-loop turn, not once per token.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from agentic_desk.core.chat import CancelToken, ChatRequest, ChatResult
from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.engine.protocol import (
    ChatMessage,
    GenerationParams,
    PrefillProgress,
    PromptReady,
)
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.generation import params_as_dict

CHECKPOINT_S = 0.5  # how often a streaming reply is saved


@dataclass
class TurnSpec:
    conversation_id: str
    privacy: str
    message_privacy: str | None
    complexity: str | None
    params: GenerationParams


class ChatController(QObject):
    """Runs chat turns off the GUI thread and reports back.

    Signals:
        reply_started(str conversation_id, str message_id)
        text_appended(str message_id, str text): new text, coalesced
        prefill_progress(str message_id, int done, int total)
        notice(str text): e.g. what the sensitive-data detector found
        reply_finished(str message_id, object result): a ChatResult
        failed(str message, str hint): could not even start
        checkpointed(str message_id, int characters): the streaming reply was saved
    """

    reply_started = Signal(str, str)
    text_appended = Signal(str, str)
    prefill_progress = Signal(str, int, int)
    notice = Signal(str)
    reply_finished = Signal(str, object)
    failed = Signal(str, str)
    checkpointed = Signal(str, int)
    status = Signal(str)  # what the turn waits for before the reply starts (loading a model)

    def __init__(
        self, store: ConversationStore, service: Any, loop: asyncio.AbstractEventLoop
    ) -> None:
        super().__init__()
        self.store = store
        self.service = service
        self.loop = loop
        self._token: CancelToken | None = None
        self._lock = threading.Lock()
        self._pending = ""
        self._flush_scheduled = False
        self._message_id = ""
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
        if self.busy:
            return
        self.busy = True
        self._token = CancelToken()
        self.loop.run_in_executor(None, self._run_turn, spec, text, self._token, "")

    def continue_reply(self, spec: TurnSpec, message_id: str) -> None:
        """Continue an interrupted reply: generate more after its partial text."""
        if self.busy:
            return
        self.busy = True
        self._token = CancelToken()
        self.loop.run_in_executor(None, self._run_turn, spec, None, self._token, message_id)

    def stop(self) -> None:
        if self._token is not None:
            self._token.cancel()

    def _checkpoint(self) -> None:
        """GUI thread: hand the text so far to a worker thread to save."""
        with self._lock:
            text = "".join(self._written)
            message_id = self._message_id
        if message_id:
            self.loop.run_in_executor(None, self._save_checkpoint, message_id, text)

    def _save_checkpoint(self, message_id: str, text: str) -> None:
        if self.store.checkpoint_reply(message_id, text):
            self._post(self.checkpointed.emit, message_id, len(text))

    def _flush(self) -> None:
        with self._lock:
            text, self._pending = self._pending, ""
            self._flush_scheduled = False
            message_id = self._message_id
        if text:
            self.text_appended.emit(message_id, text)

    # ---- worker thread ---------------------------------------------------------------------

    def _post(self, callback: Any, *args: Any) -> None:
        self.loop.call_soon_threadsafe(callback, *args)

    def _run_turn(
        self, spec: TurnSpec, text: str | None, token: CancelToken, continue_id: str
    ) -> None:
        try:
            self._turn(spec, text, token, continue_id)
        except AgenticDeskError as exc:
            self._post(self._fail, exc.message, exc.hint)
        except Exception as exc:  # a bug: say so in words, keep the app alive
            self._post(
                self._fail,
                f"Something went wrong: {exc!r}",
                "Please report this; your messages are saved.",
            )

    def _fail(self, message: str, hint: str) -> None:
        self.busy = False
        self.failed.emit(message, hint)

    def _finish(self, message_id: str, result: ChatResult) -> None:
        self._flush()
        self.busy = False
        self.reply_finished.emit(message_id, result)

    def _turn(self, spec: TurnSpec, text: str | None, token: CancelToken, continue_id: str) -> None:
        store = self.store
        if text is not None:  # saved before anything else can fail
            store.add_user_message(spec.conversation_id, text, privacy=spec.message_privacy)
            store.save_draft(spec.conversation_id, "")
        if self.prepare is not None:
            self.prepare(lambda text: self._post(self.status.emit, text))
        history = [
            m
            for m in store.messages(spec.conversation_id)
            if m.id != continue_id and m.role in ("system", "user", "assistant")
        ]
        prefix = ""
        if continue_id:
            reply = next(m for m in store.messages(spec.conversation_id) if m.id == continue_id)
            prefix = reply.content
            history = [m for m in history if m.seq < reply.seq]
            store.set_message_status(continue_id, "streaming")
            message_id = continue_id
        else:
            message_id = store.begin_reply(spec.conversation_id).id
        with self._lock:
            self._message_id = message_id
        self._post(self.reply_started.emit, spec.conversation_id, message_id)
        messages = [
            ChatMessage(m.role, m.content) for m in history if m.content or m.role == "user"
        ]
        if prefix:
            messages.append(ChatMessage("user", "Continue exactly where you stopped."))
        conversation = store.get_conversation(spec.conversation_id)
        if conversation.system_prompt:
            messages.insert(0, ChatMessage("system", conversation.system_prompt))
        request = ChatRequest(
            messages,
            spec.params,
            privacy=spec.privacy,
            message_privacy=spec.message_privacy,
            complexity=spec.complexity,
        )
        written = [prefix]
        with self._lock:
            self._written = written
        self._post(self._checkpoints.start)

        def on_text(piece: str) -> None:
            with self._lock:
                written.append(piece)
                self._pending += piece
                schedule = not self._flush_scheduled
                self._flush_scheduled = True
            if schedule:
                self._post(self._flush)

        def on_event(event: object) -> None:
            if isinstance(event, PrefillProgress):
                self._post(self.prefill_progress.emit, message_id, event.done, event.total)
            elif isinstance(event, PromptReady):
                self._post(
                    self.prefill_progress.emit, message_id, event.reused_tokens, event.prompt_tokens
                )

        try:
            result: ChatResult = self.service.send(request, on_text, token, on_event=on_event)
        finally:
            self._post(self._checkpoints.stop)
        if result.plan.notice:
            self._post(self.notice.emit, result.plan.notice)
        full = "".join(written)
        meta: dict[str, Any] = {"notice": result.plan.notice}
        status = "complete"
        if result.info is not None:
            meta.update(vars(result.info))
            if result.info.stop_reason == "cancelled":
                status = "cancelled"
        if result.error is not None:
            status = "error" if not result.text else "interrupted"
        store.finish_reply(
            message_id,
            full,
            status=status,
            meta=meta,
            error_message=result.error.message if result.error else None,
        )
        if text is not None:
            store.auto_title(spec.conversation_id)
        if result.info is not None:  # the conversation remembers its model and settings
            store.set_model(spec.conversation_id, result.info.model)
            store.set_params(spec.conversation_id, params_as_dict(spec.params))
        self._post(self._finish, message_id, result)
