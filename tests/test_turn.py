"""The core's chat turn over a saved conversation (no Qt): the tree of versions it makes,
the history it sends (only the path to the new reply), Continue, rewrites, the
conversation's own reply settings, checkpoints, and the asyncio adapter.

Real parts: a real ``LocalEngine`` worker with tiny onnxruntime-genai models the tests
build (the scripted model always says ``SENTENCE``; the history model's words depend on
everything in its KV cache, so a wrong history or a wrong rewind shows as other words),
the real conversation store, the real ChatService."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import tiny_models as tm
from agentic_desk.core.chat import CancelToken
from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine, ReplyConsumer
from agentic_desk.core.engine.protocol import Held, HoldPoint
from agentic_desk.core.privacy.levels import Privacy
from agentic_desk.core.turn import (
    ChatTurn,
    Checkpointed,
    Continue,
    EditQuestion,
    Ended,
    Regenerate,
    ReplyStarted,
    Rewrite,
    Send,
    TextPiece,
    TurnEvent,
    TurnOutcome,
    TurnSpec,
    UserSaved,
    conversation_params,
    discard_rewrite,
    run_in_loop,
)
from conversation_helpers import local_service

GREEDY = GenerationParams(temperature=0.0, max_new_tokens=64)
SHORT = GenerationParams(temperature=0.0, max_new_tokens=12)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    with ConversationStore(tmp_path / "conversations.db") as s:
        yield s


def spec(conversation_id: str, params: GenerationParams = GREEDY) -> TurnSpec:
    return TurnSpec(conversation_id, Privacy.NORMAL.value, None, None, params)


def run(
    turn: ChatTurn, conversation_id: str, action: object, **kw: object
) -> tuple[TurnOutcome, list[TurnEvent], str]:
    events: list[TurnEvent] = []
    pieces: list[str] = []
    outcome = turn.run(
        spec(conversation_id, kw.pop("params", GREEDY)),  # type: ignore[arg-type]
        action,  # type: ignore[arg-type]
        on_text=pieces.append,
        report=events.append,
        **kw,  # type: ignore[arg-type]
    )
    return outcome, events, "".join(pieces)


# ---- the scripted model: the tree the turns make --------------------------------------------


@pytest.fixture
def scripted_turn(
    engine: LocalEngine, scripted_model: Path, store: ConversationStore, tmp_path: Path
) -> ChatTurn:
    engine.load(scripted_model)
    return ChatTurn(store, local_service(engine, tmp_path))


def test_send_saves_the_question_then_the_reply(
    scripted_turn: ChatTurn, store: ConversationStore
) -> None:
    conv = store.create_conversation()
    outcome, events, streamed = run(scripted_turn, conv.id, Send("Hello there"))
    assert outcome.status == "complete" and streamed == outcome.text == tm.SENTENCE
    question, reply = store.messages(conv.id)
    assert (question.content, question.parent_id) == ("Hello there", None)
    assert (reply.id, reply.parent_id, reply.content) == (
        outcome.message_id,
        question.id,
        tm.SENTENCE,
    )
    assert reply.meta["params"]["max_new_tokens"] == 64
    assert isinstance(events[0], UserSaved) and events[0].message_id == question.id
    assert any(isinstance(e, ReplyStarted) and e.replaces is None for e in events)
    assert store.get_conversation(conv.id).title == "Hello there"


def test_regenerate_adds_a_version_and_switching_back_shows_the_old_one(
    scripted_turn: ChatTurn, store: ConversationStore
) -> None:
    conv = store.create_conversation()
    first, _, _ = run(scripted_turn, conv.id, Send("Hello there"))
    second, events, _ = run(scripted_turn, conv.id, Regenerate(first.message_id))
    assert any(isinstance(e, ReplyStarted) and e.replaces == first.message_id for e in events)
    shown = store.messages(conv.id)
    assert [m.id for m in shown][-1] == second.message_id
    versions = store.versions(second.message_id)
    assert versions.ids == (first.message_id, second.message_id) and versions.label() == "2/2"
    store.choose(first.message_id)
    assert store.messages(conv.id)[-1].id == first.message_id
    assert store.versions(first.message_id).label() == "1/2"
    assert len(store.all_messages(conv.id)) == 3  # nothing was deleted


def test_regenerate_without_an_id_answers_the_last_question_again(
    scripted_turn: ChatTurn, store: ConversationStore
) -> None:
    conv = store.create_conversation()
    first, _, _ = run(scripted_turn, conv.id, Send("Hello there"))
    again, _, _ = run(scripted_turn, conv.id, Regenerate())
    assert store.versions(again.message_id).ids == (first.message_id, again.message_id)


def test_a_reply_that_failed_empty_is_replaced_not_kept_as_a_version(
    scripted_turn: ChatTurn, store: ConversationStore
) -> None:
    conv = store.create_conversation()
    question = store.add_user_message(conv.id, "Hello there")
    failed = store.begin_reply(conv.id)
    store.finish_reply(failed.id, "", status="error", meta={"error": "No model was loaded."})
    outcome, _, _ = run(scripted_turn, conv.id, Regenerate(failed.id))
    assert [m.id for m in store.all_messages(conv.id)] == [question.id, outcome.message_id]


def test_edit_question_adds_a_version_with_its_own_reply(
    scripted_turn: ChatTurn, store: ConversationStore
) -> None:
    conv = store.create_conversation()
    first, _, _ = run(scripted_turn, conv.id, Send("Hello there"))
    second, _, _ = run(scripted_turn, conv.id, Send("And again"))
    old_question = store.messages(conv.id)[2]
    edited, events, _ = run(scripted_turn, conv.id, EditQuestion(old_question.id, "Edited"))
    saved = next(e for e in events if isinstance(e, UserSaved))
    assert saved.replaces == old_question.id
    shown = store.messages(conv.id)
    assert [m.content for m in shown] == ["Hello there", tm.SENTENCE, "Edited", tm.SENTENCE]
    assert shown[-1].id == edited.message_id
    assert store.versions(saved.message_id).ids == (old_question.id, saved.message_id)
    # The old question keeps its own reply: switching back shows both again.
    store.choose(old_question.id)
    assert [m.id for m in store.messages(conv.id)][-2:] == [old_question.id, second.message_id]
    assert first.message_id in {m.id for m in store.messages(conv.id)}


def test_the_history_sent_is_the_path_to_the_reply(
    scripted_turn: ChatTurn, store: ConversationStore, scripted_model: Path
) -> None:
    """Only the messages on the path reach the model: the prompt's token count is the
    template over exactly those messages (another version's text would add tokens)."""
    conv = store.create_conversation(system_prompt="Be brief.")
    run(scripted_turn, conv.id, Send("Hello there"))
    run(scripted_turn, conv.id, Send("a long question " * 20))
    long_question = store.messages(conv.id)[2]
    run(scripted_turn, conv.id, EditQuestion(long_question.id, "short"))
    outcome, _, _ = run(scripted_turn, conv.id, Send("last"))
    history = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hello there"},
        {"role": "assistant", "content": tm.SENTENCE},
        {"role": "user", "content": "short"},
        {"role": "assistant", "content": tm.SENTENCE},
        {"role": "user", "content": "last"},
    ]
    expected = len(tm.encode(scripted_model, tm.chatml_prompt(history)))
    assert outcome.meta["prompt_tokens"] == expected


@contextlib.contextmanager
def engine_events(turn: ChatTurn, watch: Callable[[object], None]) -> Iterator[None]:
    """The engine's events of the turns run inside also go to ``watch`` (it sees the
    test hook's ``Held`` and acts on it: cancels, or waits for a checkpoint)."""
    service = turn.service
    original = service.send

    def send(request: Any, on_text: Any, token: Any, on_event: Any = None) -> Any:
        def both(event: object) -> None:
            if on_event is not None:
                on_event(event)
            watch(event)

        return original(request, on_text, token, on_event=both)

    service.send = send
    try:
        yield
    finally:
        service.send = original


def stop_at(
    turn: ChatTurn, engine: LocalEngine, conversation_id: str, action: Any, token: int
) -> TurnOutcome:
    """Run ``action`` and press Stop when the reply holds at its ``token``-th token."""
    cancel = CancelToken()
    engine.default_hold = HoldPoint("decode", token, until_cancel=True)

    def stop_when_held(event: object) -> None:
        if isinstance(event, Held):
            cancel.cancel()

    try:
        with engine_events(turn, stop_when_held):
            return turn.run(spec(conversation_id), action, cancel=cancel)
    finally:
        engine.default_hold = None


def test_continue_after_stop_goes_on_with_the_same_reply(
    engine: LocalEngine, scripted_model: Path, store: ConversationStore, tmp_path: Path
) -> None:
    engine.load(scripted_model)
    turn = ChatTurn(store, local_service(engine, tmp_path))
    conv = store.create_conversation()
    stopped = stop_at(turn, engine, conv.id, Send("Hello there"), 3)
    assert stopped.status == "cancelled" and tm.SENTENCE.startswith(stopped.text)
    assert stopped.text and stopped.text != tm.SENTENCE
    more, _, streamed = run(turn, conv.id, Continue(stopped.message_id))
    assert more.message_id == stopped.message_id and more.status == "complete"
    assert stopped.text + streamed == tm.SENTENCE
    reply = store.get_message(stopped.message_id)
    assert reply.content == tm.SENTENCE and reply.meta["continued"] == 1
    assert len(store.all_messages(conv.id)) == 2  # the same reply, no new message


def test_the_conversations_own_settings_win(
    scripted_turn: ChatTurn, store: ConversationStore
) -> None:
    conv = store.create_conversation(params={"max_new_tokens": 3, "temperature": "hot"})
    outcome, _, _ = run(scripted_turn, conv.id, Send("Hello there"))
    assert outcome.meta["completion_tokens"] == 3 and outcome.meta["stop_reason"] == "length"
    assert outcome.meta["params"]["max_new_tokens"] == 3
    # an unusable saved value is left out, not fatal
    assert conversation_params(GREEDY, {"temperature": "hot"}).temperature == 0.0
    assert conversation_params(GREEDY, {"top_k": 5}).top_k == 5


def test_rewrite_of_a_passage_is_a_new_version_and_can_be_discarded(
    scripted_turn: ChatTurn, store: ConversationStore
) -> None:
    conv = store.create_conversation()
    run(scripted_turn, conv.id, Send("Hello there"))
    reply = store.messages(conv.id)[-1]
    edited = store.add_version(reply.id, "Dear landlord,\n\nThe boiler is broken.\n\nRegards")
    start = edited.content.index("The boiler")
    end = start + len("The boiler is broken.")
    outcome, events, streamed = run(
        scripted_turn, conv.id, Rewrite(edited.id, "formal", start, end)
    )
    assert streamed == tm.SENTENCE  # the model wrote only the passage
    assert outcome.text == f"Dear landlord,\n\n{tm.SENTENCE}\n\nRegards"
    assert any(isinstance(e, ReplyStarted) and e.replaces == edited.id for e in events)
    assert outcome.meta["rewrite_of"] == edited.id and outcome.meta["instruction"] == "formal"
    assert store.messages(conv.id)[-1].content == outcome.text
    assert store.versions(outcome.message_id).label() == "3/3"
    discard_rewrite(store, outcome)
    assert store.messages(conv.id)[-1].id == edited.id
    assert store.versions(edited.id).label() == "2/2"


def test_a_whole_reply_rewrite_replaces_the_text(
    scripted_turn: ChatTurn, store: ConversationStore
) -> None:
    conv = store.create_conversation()
    run(scripted_turn, conv.id, Send("Hello there"))
    reply = store.messages(conv.id)[-1]
    outcome, _, _ = run(scripted_turn, conv.id, Rewrite(reply.id, "make it rhyme"))
    assert outcome.text == tm.SENTENCE and outcome.meta["passage"] is None
    assert store.versions(outcome.message_id).ids == (reply.id, outcome.message_id)


def test_a_rewrite_cut_short_leaves_no_version(
    engine: LocalEngine, scripted_model: Path, store: ConversationStore, tmp_path: Path
) -> None:
    engine.load(scripted_model)
    turn = ChatTurn(store, local_service(engine, tmp_path))
    conv = store.create_conversation()
    run(turn, conv.id, Send("Hello there"))
    reply = store.messages(conv.id)[-1]
    outcome = stop_at(turn, engine, conv.id, Rewrite(reply.id, "shorter"), 2)
    assert outcome.status == "cancelled"
    assert [m.id for m in store.all_messages(conv.id)][-1] == reply.id
    assert store.messages(conv.id)[-1].id == reply.id


def test_checkpoints_save_the_reply_while_it_streams(
    engine: LocalEngine, scripted_model: Path, store: ConversationStore, tmp_path: Path
) -> None:
    """Held at the fourth token, the turn's checkpoint thread saves the text so far; the
    test waits for that save (an event, not a sleep), then stops the reply."""
    engine.load(scripted_model)
    turn = ChatTurn(store, local_service(engine, tmp_path), checkpoint_s=0.01)
    conv = store.create_conversation()
    engine.default_hold = HoldPoint("decode", 4, until_cancel=True)
    saved = threading.Event()
    seen: list[Checkpointed] = []
    cancel = CancelToken()

    partial = tm.decode(scripted_model, tm.scripted_token_ids(scripted_model)[:4])

    def report(event: TurnEvent) -> None:
        if isinstance(event, Checkpointed):
            seen.append(event)
            if event.characters == len(partial):  # (an earlier save may hold less)
                saved.set()

    def stop_after_a_checkpoint(event: object) -> None:
        if isinstance(event, Held):
            assert saved.wait(60), "no checkpoint of the held text while the reply was held"
            stored = store.get_message(seen[-1].message_id)
            assert stored.status == "streaming" and stored.content == partial
            cancel.cancel()

    with engine_events(turn, stop_after_a_checkpoint):
        outcome = turn.run(spec(conv.id), Send("Hello there"), report=report, cancel=cancel)
    assert outcome.status == "cancelled" and outcome.text == partial
    assert seen[-1].message_id == outcome.message_id
    assert seen[-1].characters == len(partial)


def test_the_asyncio_adapter_delivers_events_in_order(
    scripted_turn: ChatTurn, store: ConversationStore
) -> None:
    conv = store.create_conversation()

    async def drive() -> list[object]:
        got: list[object] = []
        async for item in run_in_loop(scripted_turn, spec(conv.id), Send("Hello there")):
            got.append(item)
        return got

    items = asyncio.run(drive())
    assert isinstance(items[0], UserSaved) and isinstance(items[-1], Ended)
    text = "".join(i.text for i in items if isinstance(i, TextPiece))
    assert text == tm.SENTENCE == items[-1].outcome.text


def test_the_asyncio_adapter_raises_what_stopped_the_turn(
    scripted_turn: ChatTurn, store: ConversationStore
) -> None:
    from agentic_desk.core.conversations import ConversationNotFoundError

    async def drive() -> None:
        async for _item in run_in_loop(scripted_turn, spec("no-such-id"), Send("hi")):
            pass

    with pytest.raises(ConversationNotFoundError):
        asyncio.run(drive())


# ---- the history model: rewinds give what a fresh start gives ---------------------------


@pytest.fixture(scope="module")
def history_shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tm.build_history_model(
        tmp_path_factory.mktemp("models") / "history-shared", share_buffer=True, seed=3
    )


def test_switching_versions_then_going_on_matches_a_fresh_engine(
    history_shared: Path, store: ConversationStore, tmp_path: Path
) -> None:
    """The app's engine keeps its cache between turns and rewinds to where the new path
    leaves the old one; after versions and switches, each reply is word for word what a
    fresh engine says to the same history (the history model's words depend on all of
    its cache, so a wrong rewind or a wrong history shows)."""
    with (
        LocalEngine(prefill_chunk_tokens=8, stream_interval_ms=0) as reused,
        LocalEngine(stream_interval_ms=0) as fresh,
    ):
        reused.load(history_shared)
        fresh.load(history_shared)
        turn = ChatTurn(store, local_service(reused, tmp_path))
        conv = store.create_conversation()

        def check(outcome: TurnOutcome) -> None:
            history = [
                ChatMessage(m.role, m.content) for m in store.path_to(outcome.message_id)[:-1]
            ]
            expected = ReplyConsumer().consume(fresh.chat(history, SHORT, reuse_cache=False))
            assert outcome.text == expected.text, [
                m.content for m in store.path_to(outcome.message_id)
            ]

        first, _, _ = run(turn, conv.id, Send("the first question"), params=SHORT)
        check(first)
        second, _, _ = run(turn, conv.id, Send("a second one"), params=SHORT)
        check(second)
        again, _, _ = run(turn, conv.id, Regenerate(first.message_id), params=SHORT)
        check(again)
        store.choose(second.message_id)  # back to the first branch, deepest turn
        third, _, _ = run(turn, conv.id, Send("and a third"), params=SHORT)
        check(third)
        assert [m.content for m in store.path_to(third.message_id)][:4] == [
            "the first question",
            first.text,
            "a second one",
            second.text,
        ]
        question = store.path_to(second.message_id)[2]
        edited, _, _ = run(turn, conv.id, EditQuestion(question.id, "changed"), params=SHORT)
        check(edited)


def test_a_refused_turn_never_leaves_a_reply_streaming(
    engine: LocalEngine, scripted_model: Path, store: ConversationStore, tmp_path: Path
) -> None:
    """Routing refuses when no model is loaded (cloud off): the new reply is stored as
    failed; a Continue keeps its text as interrupted; a rewrite leaves no version."""
    from agentic_desk.core.errors import AgenticDeskError

    engine.load(scripted_model)
    turn = ChatTurn(store, local_service(engine, tmp_path))
    conv = store.create_conversation()
    cut = stop_at(turn, engine, conv.id, Send("Hello there"), 3)
    engine.unload()
    with pytest.raises(AgenticDeskError):
        run(turn, conv.id, Send("and now?"))
    failed = store.messages(conv.id)[-1]
    assert (failed.role, failed.status, failed.content) == ("assistant", "error", "")
    with pytest.raises(AgenticDeskError):
        run(turn, conv.id, Continue(cut.message_id))
    kept = store.get_message(cut.message_id)
    assert (kept.status, kept.content) == ("interrupted", cut.text) and kept.meta["error"]
    with pytest.raises(AgenticDeskError):
        run(turn, conv.id, Rewrite(cut.message_id, "shorter"))
    assert store.versions(cut.message_id).count == 1
    assert not [m for m in store.all_messages(conv.id) if m.status == "streaming"]
