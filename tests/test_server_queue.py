"""The API server sharing one local model: a client that goes away cancels its reply at once
(streaming or not, running or waiting), the queue is bounded (429 with Retry-After) and
fair (round-robin between clients), and eight concurrent streaming clients each get their
own complete reply. Races are driven through the engine's hold points, never timing."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from openai import OpenAI

import tiny_models as tm
from agentic_desk.core.engine import ChatMessage, GenerationParams, ReplyConsumer
from agentic_desk.core.engine.client import TEST_HOLD_ENV
from agentic_desk.core.engine.protocol import Held
from agentic_desk.server import ServerEvent
from agentic_desk.server.queue import FairQueue, QueueFull
from server_helpers import TOKEN, raw_request, read_all, serve, status_of

HELLO = [{"role": "user", "content": "Hello there"}]


def held(events: list[ServerEvent]) -> list[ServerEvent]:
    return [e for e in events if e.kind == "engine" and isinstance(e.detail, Held)]


def of(kind: str, events: list[ServerEvent]) -> list[ServerEvent]:
    return [e for e in events if e.kind == kind]


@pytest.mark.parametrize("stream", [True, False])
def test_a_client_that_disconnects_cancels_its_reply_at_once(
    scripted_model: Path, monkeypatch: pytest.MonkeyPatch, stream: bool
) -> None:
    # The worker stops after the 3rd token and waits there until the request is cancelled:
    # only the server noticing the closed connection can end this reply.
    monkeypatch.setenv(TEST_HOLD_ENV, "decode:3:cancel")
    with serve(scripted_model, test_hooks=True) as (server, _engine, recorder):
        sock = raw_request(server.port, {"messages": HELLO, "stream": stream})
        recorder.wait_for(held, "the worker holding")
        if stream:
            sock.settimeout(60)
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")  # the reply was under way
        sock.close()
        [finished] = recorder.wait_for(lambda ev: of("finished", ev), "the reply ending")
        result = finished.detail
        assert result.info.stop_reason == "cancelled"
        assert result.text == "The quick brown"
        assert server.queue_waiting == 0


def test_queue_is_bounded_fair_and_forgets_who_leaves(
    scripted_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every reply holds after its first token until its client leaves, so the test decides
    # exactly when the model becomes free.
    monkeypatch.setenv(TEST_HOLD_ENV, "decode:1:cancel")
    changes = {"api.max_queue": 4}
    with serve(scripted_model, changes=changes, test_hooks=True) as (server, _e, recorder):
        port = server.port
        running = raw_request(port, {"messages": HELLO, "stream": True, "user": "a"})
        recorder.wait_for(lambda ev: len(held(ev)) == 1, "a's reply holding")
        waiting: dict[str, Any] = {}
        for number, name in enumerate(["x1", "x2", "y1", "w1"], start=1):
            waiting[name] = raw_request(port, {"messages": HELLO, "user": name[0]})
            recorder.wait_for(lambda ev, n=number: len(of("queued", ev)) == n, f"{name} queued")

        full = httpx.post(
            f"{server.url}/v1/chat/completions",
            json={"messages": HELLO, "user": "z"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert full.status_code == 429
        assert int(full.headers["retry-after"]) >= 1
        assert "busy" in full.json()["error"]["message"]
        assert full.json()["error"]["type"] == "rate_limit_error"

        waiting["w1"].close()  # w gives up while waiting: its place goes
        recorder.wait_for(lambda ev: of("abandoned", ev), "w leaving the line")
        assert [e.client for e in of("abandoned", recorder.events)] == ["w"]

        # Free the model three times; round-robin serves x, y, then x's second request
        # (first-come-first-served would give x, x, y).
        current = running
        for turn, (name, client) in enumerate([("x1", "x"), ("y1", "y"), ("x2", "x")], start=2):
            current.close()
            recorder.wait_for(lambda ev, t=turn: len(held(ev)) == t, f"{name} holding")
            assert of("started", recorder.events)[-1].client == client
            current = waiting[name]
        current.close()
        recorder.wait_for(lambda ev: len(of("finished", ev)) == 4, "every reply ending")
        assert [e.client for e in of("started", recorder.events)] == ["a", "x", "y", "x"]
        assert server.queue_waiting == 0


def test_fair_queue_round_robin_bound_and_abandon() -> None:
    async def scenario() -> None:
        queue = FairQueue(max_waiting=6)
        first = queue.admit("a")
        assert first.granted
        tickets = [queue.admit(c) for c in ["x", "x", "x", "y", "z", "y"]]
        with pytest.raises(QueueFull) as full:
            queue.admit("q")
        assert full.value.waiting == 6 and full.value.retry_after >= 1
        order = []
        current = first
        for _ in tickets:
            current.release()
            [current] = [t for t in tickets if t.granted and not t.released]
            order.append(current.client)
        assert order == ["x", "y", "z", "x", "y", "x"]
        current.release()
        assert queue.running == 0 and queue.waiting == 0

        # a waiter that is cancelled leaves the line; the next one gets the model
        busy = queue.admit("a")
        leaving = queue.admit("b")
        staying = queue.admit("c")
        task = asyncio.get_running_loop().create_task(leaving.wait())
        await asyncio.sleep(0)  # let the task start waiting (a yield, not a timed wait)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert queue.waiting == 1
        busy.release()
        assert staying.granted and not leaving.granted

    asyncio.run(scenario())


def test_eight_concurrent_streaming_clients_each_get_their_own_reply(
    history_model: Path,
) -> None:
    # The history model's reply depends on the whole prompt, so each client expects a
    # different text; a mix-up or a lost piece shows.
    prompts = [f"Question {i}: " + "what comes next? " * (i % 3 + 1) + str(i) for i in range(8)]
    params = GenerationParams(max_new_tokens=24, temperature=0.0)
    with serve(history_model) as (server, engine, recorder):
        expected = [
            ReplyConsumer().consume(engine.chat([ChatMessage("user", p)], params)).text
            for p in prompts
        ]
        assert len(set(expected)) == 8
        barrier = threading.Barrier(8)
        results: list[dict[str, Any]] = [{} for _ in prompts]

        def run(index: int) -> None:
            try:
                openai = OpenAI(base_url=f"{server.url}/v1", api_key=TOKEN, max_retries=0)
                barrier.wait()
                stream = openai.chat.completions.create(
                    model="history",
                    messages=[{"role": "user", "content": prompts[index]}],
                    stream=True,
                    max_tokens=24,
                    temperature=0,
                    stream_options={"include_usage": True},
                    user=f"client-{index}",
                )
                pieces, finish = [], []
                for chunk in stream:
                    if chunk.usage is not None:
                        results[index]["usage"] = chunk.usage.completion_tokens
                    for choice in chunk.choices:
                        pieces.append(choice.delta.content or "")
                        if choice.finish_reason:
                            finish.append(choice.finish_reason)
                results[index]["text"] = "".join(pieces)
                results[index]["finish"] = finish
            except Exception as exc:  # reported by the assertions below
                results[index]["error"] = exc

        threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for index, result in enumerate(results):
            assert "error" not in result, result
            assert result["text"] == expected[index], index
            assert result["finish"] == ["length"]
            assert result["usage"] == 24
        assert sorted(e.client for e in recorder.of("started")) == sorted(
            f"client-{i}" for i in range(8)
        )


def test_stop_cancels_replies_in_progress(
    scripted_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TEST_HOLD_ENV, "decode:2:cancel")
    with serve(scripted_model, test_hooks=True) as (server, _engine, recorder):
        sock = raw_request(server.port, {"messages": HELLO})
        recorder.wait_for(held, "the worker holding")
        server.stop()  # returns only when the held reply was cancelled and the port closed
        [finished] = recorder.of("finished")
        assert finished.detail.info.stop_reason == "cancelled"
        reply = read_all(sock)
        sock.close()
        assert status_of(reply) == 503
        assert b"the API server is stopping" in reply


def test_sensitive_data_from_an_api_client_is_flagged(scripted_model: Path) -> None:
    with serve(scripted_model) as (server, _engine, _recorder):
        reply = httpx.post(
            f"{server.url}/v1/chat/completions",
            json={"messages": [{"role": "user", "content": "My card is 4111 1111 1111 1111"}]},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert reply.status_code == 200
        assert "payment card" in reply.headers["x-agentic-desk-privacy"].lower()
        assert reply.headers["x-agentic-desk-route"].startswith("Local")
        assert json.loads(reply.text)["choices"][0]["message"]["content"] == tm.SENTENCE
