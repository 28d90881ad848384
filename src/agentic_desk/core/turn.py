"""One chat turn of a saved conversation, for every front end (no Qt).

A :class:`ChatTurn` takes a conversation and what the user did — a new message
(:class:`Send`), another reply (:class:`Regenerate`), an edited question
(:class:`EditQuestion`), more of a reply cut short (:class:`Continue`) or a rewrite of a
reply or a passage of it (:class:`Rewrite`) — and:

1. saves the user's text first, durably (nothing typed is ever lost);
2. raises the conversation's privacy if what it holds must stay here (sticky privacy);
3. builds the history from the path through the conversation's tree that leads to the
   new reply — never from other versions — with the system prompt, and routes it: the
   routing decision covers every byte the request carries;
4. streams the reply into a new message (a version beside the old one for Regenerate,
   Edit and Rewrite: nothing is deleted), saving it every ``checkpoint_s`` seconds on a
   timer thread, even while no token arrives;
5. records how it ended: complete, stopped (cancelled), interrupted with the reason and
   the text so far, or an error (see :func:`reply_record`).

A conversation that uses document libraries (``ConversationStore.libraries_of``; the
turn is given the app's :class:`~agentic_desk.core.library.service.Libraries`) gets the
passages that best match the question in the prompt, within a share of the model's
context (:mod:`agentic_desk.core.library.retrieval`): they are added to the question the
model reads (never to the stored message), so the routing decision scans them like any
text sent; a library whose files hold sensitive data raises the conversation to private
first; the reply's meta records its ``citations`` and ``library_context``, and the
:class:`Retrieved` event says which passages went in and how much room they took.

The reply settings are the conversation's own (``Conversation.params``: chosen from a
template or for that conversation) over the defaults the caller passes.

:meth:`ChatTurn.run` blocks (call it on a worker thread); :func:`run_in_loop` is the
adapter for an asyncio event loop (the window's qasync loop, the API server's loop):
it runs the turn on a thread and hands its events to the loop as they happen.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from agentic_desk.core.chat import CancelToken, ChatRequest, ChatResult, Plan
from agentic_desk.core.conversations import ConversationStore, Message
from agentic_desk.core.conversations.pseudonyms import Pseudonyms
from agentic_desk.core.conversations.sticky import Raised, apply_sticky_privacy, stays_local
from agentic_desk.core.engine.protocol import (
    ChatMessage,
    GenerationParams,
    PrefillProgress,
    PromptReady,
)
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.generation import FIELDS, InvalidGenerationParams, with_overrides

if TYPE_CHECKING:
    from agentic_desk.core.library.retrieval import Retrieval

CHECKPOINT_S = 0.5  # how often a streaming reply is saved

# Rewrite instructions offered by name (the user may also write their own).
REWRITES: dict[str, str] = {
    "shorter": "Make it shorter: keep every fact, cut the words.",
    "formal": "Make it more formal, as for a professional letter.",
    "friendlier": "Make it friendlier and warmer, still clear and respectful.",
    "grammar": "Fix spelling, grammar and punctuation only; change nothing else.",
}


# ---- what the user did ------------------------------------------------------------------


@dataclass(frozen=True)
class Send:
    """A new message after the last one shown."""

    text: str


@dataclass(frozen=True)
class Regenerate:
    """Another reply to the question ``reply_id`` answers (a new version of the reply);
    ``reply_id`` None: a reply to the conversation as shown (its last message)."""

    reply_id: str | None = None


@dataclass(frozen=True)
class EditQuestion:
    """A new version of the question ``message_id`` with ``text``, and a reply to it."""

    message_id: str
    text: str


@dataclass(frozen=True)
class Continue:
    """More of the reply ``message_id`` (cut short by Stop, the length limit or a
    failure): the model goes on from its last word and the text joins the same reply."""

    message_id: str


@dataclass(frozen=True)
class Rewrite:
    """A new version of the reply ``message_id`` rewritten as ``instruction`` says (a
    key of :data:`REWRITES` or the user's own words). ``start``/``end``: only that passage
    of the reply's text is rewritten (the rest stays as it is); None: the whole reply."""

    message_id: str
    instruction: str
    start: int | None = None
    end: int | None = None


Action = Send | Regenerate | EditQuestion | Continue | Rewrite


@dataclass
class TurnSpec:
    conversation_id: str
    privacy: str  # the conversation's level as the user has it now
    message_privacy: str | None  # the new message's own level, if the user set one
    complexity: str | None
    params: GenerationParams  # the app's reply settings; the conversation's own win
    provider: str | None = None  # use this provider (if routing allows it)
    # Send to the cloud with personal details replaced: None, the conversation's own
    # choice (off unless the user turned it on); True/False for this turn only.
    pseudonymise: bool | None = None


# ---- what a turn reports ------------------------------------------------------------------


@dataclass(frozen=True)
class UserSaved:
    """The user's message was saved (its id; ``replaces``: the question it is a version of)."""

    message_id: str
    replaces: str | None = None


@dataclass(frozen=True)
class ReplyStarted:
    conversation_id: str
    message_id: str
    replaces: str | None = None  # the reply this one is a new version of


@dataclass(frozen=True)
class Prefill:
    message_id: str
    done: int
    total: int


@dataclass(frozen=True)
class Waiting:
    """What the turn waits for or had to do before the reply (loading a model, the
    context grew, the oldest turns were left out)."""

    text: str


@dataclass(frozen=True)
class Checkpointed:
    """The streaming reply was saved with this many characters."""

    message_id: str
    characters: int


@dataclass(frozen=True)
class PrivacyRaised:
    """The conversation was raised (sticky privacy): what it holds must stay here."""

    raised: Raised


@dataclass(frozen=True)
class Retrieved:
    """Passages from the conversation's libraries went into the prompt: ``citations`` as
    the reply's meta records them, the ``tokens`` they took of ``budget_tokens`` (the
    share of the model's context they may take)."""

    citations: tuple[dict[str, Any], ...]
    tokens: int
    budget_tokens: int


TurnEvent = UserSaved | ReplyStarted | Prefill | Waiting | Checkpointed | PrivacyRaised | Retrieved


@dataclass
class TurnOutcome:
    """How the turn ended. ``status``: "complete" (also at the length limit),
    "cancelled", "interrupted" or "error" (see :func:`reply_record`)."""

    message_id: str
    result: ChatResult
    status: str
    meta: dict[str, Any]
    text: str  # the whole reply as saved
    user_message_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def error(self) -> AgenticDeskError | None:
        return self.result.error


def reply_record(
    result: ChatResult, text: str, earlier: Mapping[str, Any] | None = None
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


def conversation_params(defaults: GenerationParams, saved: Mapping[str, Any]) -> GenerationParams:
    """The reply settings for a conversation: its own (``saved``) over ``defaults``. A
    saved value that is no longer valid (e.g. from an older release's limits) is left
    out, field by field, so a conversation never stops working because of one."""
    params = defaults
    for name in FIELDS:
        value = saved.get(name)
        if value is None:
            continue
        try:
            params = with_overrides(params, **{name: value})
        except (InvalidGenerationParams, TypeError, ValueError):
            continue
    return params


def rewrite_prompt(instruction: str, reply: str, start: int | None, end: int | None) -> str:
    """The message that asks the model for a rewrite (never stored: the result is)."""
    how = REWRITES.get(instruction, instruction.strip())
    if start is None or end is None:
        return (
            f"Rewrite your last reply. {how}\n"
            "Answer with the rewritten text only, in the same format (Markdown), "
            "with nothing before or after it."
        )
    passage = reply[start:end]
    return (
        f"Rewrite this passage of your last reply. {how}\n"
        "Answer with the rewritten passage only, with nothing before or after it.\n\n"
        f"Passage:\n{passage}"
    )


class _Checkpoints:
    """Saves the streaming reply every ``interval`` seconds on its own thread."""

    def __init__(
        self,
        store: ConversationStore,
        message_id: str,
        text: Callable[[], str],
        report: Callable[[TurnEvent], None],
        interval: float,
    ) -> None:
        self._store = store
        self._message_id = message_id
        self._text = text
        self._report = report
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="reply-checkpoints", daemon=True)

    def __enter__(self) -> _Checkpoints:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        last = -1
        while not self._stop.wait(self._interval):
            text = self._text()
            if len(text) == last:
                continue
            try:
                saved = self._store.checkpoint_reply(self._message_id, text)
            except AgenticDeskError:  # the final save reports a disk that fails
                continue
            if saved:
                last = len(text)
                self._report(Checkpointed(self._message_id, len(text)))


class ChatTurn:
    """Runs turns of saved conversations through a chat service (see the module docs).

    ``service``: a :class:`~agentic_desk.core.chat.ChatService` (anything with its
    ``send``). ``prepare``: called on the turn's thread before the reply with a function
    that says what it waits for (e.g. loading the model).
    """

    def __init__(
        self,
        store: ConversationStore,
        service: Any,
        *,
        prepare: Callable[[Callable[[str], None]], None] | None = None,
        checkpoint_s: float = CHECKPOINT_S,
        libraries: Any = None,
    ) -> None:
        self.store = store
        self.service = service
        self.prepare = prepare
        self.checkpoint_s = checkpoint_s
        # the app's core.library.service.Libraries (anything with ``retriever()``), or None
        self.libraries = libraries

    def run(
        self,
        spec: TurnSpec,
        action: Action,
        *,
        on_text: Callable[[str], None] = lambda _t: None,
        report: Callable[[TurnEvent], None] = lambda _e: None,
        cancel: CancelToken | None = None,
        engine_events: Callable[[object], None] | None = None,
    ) -> TurnOutcome:
        """Run one turn to its end (blocks). ``on_text`` gets the reply's new text as it
        streams (after a Rewrite of a passage: the new passage), ``report`` the
        :data:`TurnEvent` s, ``engine_events`` every event of the provider as it is
        (e.g. the engine's test hooks). Raises :class:`AgenticDeskError` only when nothing could
        start (the conversation is gone, the disk refuses the user's message); a reply
        that fails is an outcome with ``status`` "error" or "interrupted"."""
        store = self.store
        cancel = cancel or CancelToken()
        conv_id = spec.conversation_id
        user_id: str | None = None
        replaces: str | None = None
        if isinstance(action, Send):
            user = store.add_user_message(conv_id, action.text, privacy=spec.message_privacy)
            user_id = user.id
            store.save_draft(conv_id, "")
            report(UserSaved(user.id))
        elif isinstance(action, EditQuestion):
            old = store.get_message(action.message_id)
            user = store.add_user_message(
                conv_id, action.text, privacy=spec.message_privacy, parent_id=old.parent_id
            )
            user_id = user.id
            report(UserSaved(user.id, replaces=old.id))
        # Sticky privacy, before anything is routed: what the conversation holds keeps it here.
        privacy = spec.privacy
        raised = self._stick(conv_id, report)
        if raised is not None and not stays_local(privacy):
            privacy = raised.to_level
        if self.prepare is not None:
            self.prepare(lambda text: report(Waiting(text)))

        prefix = ""  # a Continue goes on from the reply's text
        earlier: dict[str, Any] | None = None
        extra_user: str | None = None  # a Rewrite's instruction (never stored)
        rewrite_of: Message | None = None
        if isinstance(action, Continue):
            reply = store.get_message(action.message_id)
            history = store.path_to(reply.id)[:-1]
            prefix, earlier = reply.content, dict(reply.meta)
            store.set_message_status(reply.id, "streaming")
            message_id = reply.id
        elif isinstance(action, Rewrite):
            rewrite_of = store.get_message(action.message_id)
            history = store.path_to(rewrite_of.id)
            extra_user = rewrite_prompt(
                action.instruction, rewrite_of.content, action.start, action.end
            )
            message_id = store.begin_reply(conv_id, parent_id=rewrite_of.parent_id).id
            replaces = rewrite_of.id
        else:
            parent: str | None = user_id
            old_reply: Message | None = None
            if isinstance(action, Regenerate):
                shown = store.messages(conv_id)
                if action.reply_id is not None:
                    old_reply = store.get_message(action.reply_id)
                elif shown and shown[-1].role == "assistant":
                    old_reply = shown[-1]
                if old_reply is not None:
                    parent, replaces = old_reply.parent_id, old_reply.id
                else:
                    parent = shown[-1].id if shown else None
            history = store.path_to(parent) if parent is not None else []
            message_id = store.begin_reply(conv_id, parent_id=parent).id
            if (
                old_reply is not None
                and old_reply.status in ("error", "interrupted")
                and not old_reply.content
            ):
                # a reply that failed before writing a word is no version worth keeping
                store.truncate_after(conv_id, old_reply.id, inclusive=True)
        report(ReplyStarted(conv_id, message_id, replaces))

        retrieval = None
        if not prefix and extra_user is None:  # a Continue or Rewrite asks nothing new
            retrieval = self._retrieve(spec, history, report)
            if retrieval is not None:
                lifted = self._stick_libraries(conv_id, retrieval.findings, report)
                if lifted is not None and not stays_local(privacy):
                    privacy = lifted.to_level
        request = self._request(spec, privacy, history, prefix, extra_user, retrieval)
        written = [prefix]
        lock = threading.Lock()

        def so_far() -> str:
            with lock:
                return "".join(written)

        def text_in(piece: str) -> None:
            with lock:
                written.append(piece)
            on_text(piece)

        def engine_event(event: object) -> None:
            if isinstance(event, PrefillProgress):
                report(Prefill(message_id, event.done, event.total))
            elif isinstance(event, PromptReady):
                report(Prefill(message_id, event.reused_tokens, event.prompt_tokens))
                if event.notes():  # the context grew, or the oldest turns were left out
                    report(Waiting("\n".join(event.notes())))
            if engine_events is not None:
                engine_events(event)

        try:
            with _Checkpoints(store, message_id, so_far, report, self.checkpoint_s):
                result: ChatResult = self.service.send(
                    request, text_in, cancel, on_event=engine_event
                )
        except AgenticDeskError as refused:  # e.g. no model can take it: routing refused
            # Never leave the reply "streaming": a rewrite's version goes, a reply with text
            # (a Continue) keeps it as interrupted, an empty one is a failed reply.
            if rewrite_of is not None:
                store.truncate_after(conv_id, message_id, inclusive=True)
                store.choose(rewrite_of.id)
                raise
            text = so_far()
            ended = "interrupted" if text else "error"
            store.finish_reply(
                message_id,
                text,
                status=ended,
                meta={
                    **(earlier or {}),
                    "stop_reason": ended,
                    "error": refused.message,
                    "error_hint": refused.hint,
                },
                error_message=refused.message,
            )
            raise
        if result.plan.sends_pseudonymised and result.plan.pseudonymised is not None:
            # the placeholders the cloud saw stay the same in the conversation's next turns
            Pseudonyms(store).save(conv_id, result.plan.pseudonymised.mapping)
        full = so_far()
        status, meta = reply_record(result, full, earlier)
        meta["params"] = _params_record(request)
        if retrieval is not None:
            meta["citations"] = retrieval.citations()
            meta["library_context"] = {
                "passages": len(retrieval.passages),
                "tokens": retrieval.tokens,
                "budget_tokens": retrieval.budget_tokens,
            }
        if rewrite_of is not None and isinstance(action, Rewrite):
            full = _rewritten(rewrite_of.content, full, action)
            meta.update(
                rewrite_of=rewrite_of.id,
                instruction=action.instruction,
                passage=[action.start, action.end] if action.start is not None else None,
            )
            if status in ("interrupted", "cancelled", "error"):
                # a rewrite cut short is not a version: the reply stays as it was
                store.truncate_after(conv_id, message_id, inclusive=True)
                store.choose(rewrite_of.id)
                return TurnOutcome(message_id, result, status, meta, "", user_id)
        store.finish_reply(
            message_id,
            full,
            status=status,
            meta=meta,
            error_message=result.error.message if result.error else None,
        )
        self._stick(conv_id, report)  # the reply may hold sensitive data too
        if user_id is not None:
            store.auto_title(conv_id)
        if result.info is not None:  # the conversation remembers the model that answered
            store.set_model(conv_id, result.info.model)
        return TurnOutcome(message_id, result, status, meta, full, user_id)

    def _request(
        self,
        spec: TurnSpec,
        privacy: str,
        history: list[Message],
        prefix: str,
        extra_user: str | None,
        retrieval: Retrieval | None = None,
    ) -> ChatRequest:
        conversation = self.store.get_conversation(spec.conversation_id)
        pseudonyms = Pseudonyms(self.store)
        pseudonymise = spec.pseudonymise
        if pseudonymise is None:
            pseudonymise = pseudonyms.settings(spec.conversation_id).enabled
        sent = [
            m
            for m in history
            if m.role in ("system", "user", "assistant") and (m.content or m.role == "user")
        ]
        messages = [ChatMessage(m.role, m.content) for m in sent]
        levels: list[str | None] = [m.privacy for m in sent]  # each message's own level
        if prefix:  # the model goes on with the same reply: no new turn
            messages.append(ChatMessage("assistant", prefix))
            levels.append(None)
        if extra_user is not None:
            messages.append(ChatMessage("user", extra_user))
            levels.append(None)
        if retrieval is not None:  # the passages, then the question (never stored)
            from agentic_desk.core.library.retrieval import with_passages

            messages = with_passages(messages, retrieval)
        if conversation.system_prompt:
            messages.insert(0, ChatMessage("system", conversation.system_prompt))
            levels.insert(0, None)
        return ChatRequest(
            messages,
            conversation_params(spec.params, conversation.params),
            privacy=privacy,
            message_privacy=spec.message_privacy,
            message_levels=levels,
            complexity=spec.complexity,
            provider=spec.provider,
            conversation_id=spec.conversation_id,
            continue_reply=bool(prefix),
            pseudonymise=pseudonymise,
            # kept also when a routing rule pseudonymises: the same placeholders every turn
            pseudonyms=pseudonyms.load(spec.conversation_id),
        )

    def preview(self, spec: TurnSpec, text: str) -> Plan:
        """What sending ``text`` as the next message would do, without saving or sending
        anything: the routing decision and, when it goes with personal details replaced
        (``plan.sends_pseudonymised``), exactly the messages that would leave
        (``plan.pseudonymised.messages``) — for the preview the user confirms."""
        history = self.store.messages(spec.conversation_id)
        # the passages of its libraries leave with it: the preview shows them too
        retrieval = self._retrieve(spec, history, lambda _event: None, question=text)
        request = self._request(spec, spec.privacy, history, "", text, retrieval)
        return self.service.plan(request)  # type: ignore[no-any-return]

    def _retrieve(
        self,
        spec: TurnSpec,
        history: list[Message],
        report: Callable[[TurnEvent], None],
        question: str | None = None,
    ) -> Retrieval | None:
        """The passages of the conversation's libraries for its newest question (None:
        it uses none, or no libraries were given to the turn)."""
        if self.libraries is None:
            return None
        conversation = self.store.get_conversation(spec.conversation_id)
        library_ids = self.store.libraries_of(conversation.id)
        if question is None:
            question = next((m.content for m in reversed(history) if m.role == "user"), "")
        if not library_ids or not question:
            return None
        from agentic_desk.core.library.retrieval import retrieve_for_prompt

        retrieval = retrieve_for_prompt(
            self.libraries.retriever(),
            library_ids,
            question,
            engine=getattr(self.service, "engine", None),
            texts=[m.content for m in history] + [conversation.system_prompt or ""],
            reply_tokens=conversation_params(spec.params, conversation.params).max_new_tokens,
        )
        report(Retrieved(tuple(retrieval.citations()), retrieval.tokens, retrieval.budget_tokens))
        return retrieval

    def _stick_libraries(
        self,
        conversation_id: str,
        findings: Mapping[str, Mapping[str, int]],
        report: Callable[[TurnEvent], None],
    ) -> Raised | None:
        """Raise the conversation if a library it uses holds sensitive data (see
        :mod:`agentic_desk.core.library.privacy`) and say so."""
        from agentic_desk.core.library.privacy import raise_for_libraries

        raised = raise_for_libraries(self.store, conversation_id, findings)
        if raised is not None:
            report(PrivacyRaised(raised))
        return raised

    def _stick(self, conversation_id: str, report: Callable[[TurnEvent], None]) -> Raised | None:
        """Raise the conversation if it holds sensitive data (see
        :mod:`agentic_desk.core.conversations.sticky`) and say so."""
        detector_on = bool(getattr(self.service, "detector_enabled", True))
        raised = apply_sticky_privacy(self.store, conversation_id, detect_data=detector_on)
        if raised is not None:
            report(PrivacyRaised(raised))
        return raised


def discard_rewrite(store: ConversationStore, outcome: TurnOutcome) -> None:
    """Throw away a rewrite the user did not accept: its version goes, the reply it
    rewrote is shown again."""
    original = outcome.meta.get("rewrite_of")
    if not isinstance(original, str):
        raise ValueError("not the outcome of a rewrite")
    conversation_id = store.get_message(outcome.message_id).conversation_id
    store.truncate_after(conversation_id, outcome.message_id, inclusive=True)
    store.choose(original)


def _params_record(request: ChatRequest) -> dict[str, Any]:
    params = request.params
    return {name: getattr(params, name) for name in ("temperature", "max_new_tokens", "top_p")}


def _rewritten(original: str, output: str, action: Rewrite) -> str:
    """The new version of a reply: the rewritten passage in place of the old one (or
    the whole rewritten reply)."""
    text = output.strip("\n")
    if action.start is None or action.end is None:
        return text
    return original[: action.start] + text + original[action.end :]


# ---- the asyncio adapter ----------------------------------------------------------------


@dataclass(frozen=True)
class TextPiece:
    """New reply text (the async adapter delivers text as events too)."""

    text: str


@dataclass(frozen=True)
class Ended:
    """The last event of :func:`run_in_loop`: the outcome."""

    outcome: TurnOutcome


async def run_in_loop(
    turn: ChatTurn, spec: TurnSpec, action: Action, cancel: CancelToken | None = None
) -> AsyncIterator[TurnEvent | TextPiece | Ended]:
    """Run ``turn`` on a worker thread and yield its events on the running asyncio loop
    (qasync's in the window, the server's), in order, ending with :class:`Ended`. An
    error before the reply could start is raised here. Closing the iterator early
    cancels the reply and waits for the turn to save what it has."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[TurnEvent | TextPiece | Ended | BaseException] = asyncio.Queue()
    cancel = cancel or CancelToken()

    def put(item: TurnEvent | TextPiece | Ended | BaseException) -> None:
        loop.call_soon_threadsafe(queue.put_nowait, item)

    def work() -> None:
        try:
            outcome = turn.run(
                spec, action, on_text=lambda t: put(TextPiece(t)), report=put, cancel=cancel
            )
        except BaseException as exc:  # handed to the loop, raised there
            put(exc)
        else:
            put(Ended(outcome))

    worker = loop.run_in_executor(None, work)
    try:
        while True:
            item = await queue.get()
            if isinstance(item, BaseException):
                raise item
            yield item
            if isinstance(item, Ended):
                return
    finally:
        if not worker.done():
            cancel.cancel()
        await worker


__all__ = [
    "CHECKPOINT_S",
    "REWRITES",
    "Action",
    "ChatTurn",
    "Checkpointed",
    "Continue",
    "EditQuestion",
    "Ended",
    "Prefill",
    "PrivacyRaised",
    "Regenerate",
    "ReplyStarted",
    "Retrieved",
    "Rewrite",
    "Send",
    "TextPiece",
    "TurnEvent",
    "TurnOutcome",
    "TurnSpec",
    "UserSaved",
    "Waiting",
    "conversation_params",
    "discard_rewrite",
    "reply_record",
    "rewrite_prompt",
    "run_in_loop",
]
