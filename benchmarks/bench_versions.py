"""Versions and the inference cache: how much of the prompt the engine keeps when the user
switches to another version of an earlier reply and goes on, against a fresh start
(README, "The desktop window": versions).

    python benchmarks/bench_versions.py [--model FOLDER] [--rounds 5] [--json]

Each round, through the core's ChatTurn over a real conversation store: a long first
question (~270 tokens of notes), its reply, a follow-up and its reply; then Regenerate of
the first reply (a new version), then a switch back to the first version and a new
question under it. The new question's prompt shares everything up to the end of the
first branch with what the engine last saw only up to the first question, so it is the
rewind case: the engine keeps the common prefix. Reported: the prompt tokens, the tokens
reused from the cache, and the first-token time against the same prompt on a fresh
engine (alternating, medians). Numbers on shared machines swing ±15%.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path
from typing import Any

from bench_reuse import MODEL, NOTES  # the same model and notes as the reuse benchmark

from agentic_desk.core.chat import ChatService
from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine, ReplyConsumer
from agentic_desk.core.privacy.levels import Privacy
from agentic_desk.core.routing.config import RouterConfig
from agentic_desk.core.routing.costs import PriceTable, SpendLedger
from agentic_desk.core.turn import ChatTurn, Regenerate, Send, TurnSpec

PARAMS = GenerationParams(temperature=0.0, max_new_tokens=32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    reused: list[int] = []
    prompts: list[int] = []
    app_ttft: list[float] = []
    fresh_ttft: list[float] = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        LocalEngine() as engine,
        LocalEngine() as fresh,
    ):
        engine.load(args.model)
        fresh.load(args.model)
        service = ChatService(
            engine=engine,
            router_config=RouterConfig(default_provider="local", fallback_chain=()),
            cloud_enabled=False,
            keys=lambda _name, _env: None,
            prices=PriceTable(),
            ledger=SpendLedger(Path(tmp) / "spend.json"),
        )
        with ConversationStore(Path(tmp) / "conversations.db") as store:
            turn = ChatTurn(store, service)
            for round_ in range(args.rounds):
                conv = store.create_conversation()
                spec = TurnSpec(conv.id, Privacy.NORMAL.value, None, None, PARAMS)
                first = turn.run(spec, Send(f"{NOTES}\nSummarise my notes ({round_})."))
                turn.run(spec, Send("Now in one sentence."))
                turn.run(spec, Regenerate(first.message_id))
                store.choose(first.message_id)  # back to the first version
                outcome = turn.run(spec, Send("Which boats came in?"))
                meta: dict[str, Any] = outcome.meta
                prompts.append(int(meta["prompt_tokens"]))
                reused.append(int(meta["reused_tokens"]))
                app_ttft.append(float(meta["ttft_ms"]))
                history = [
                    ChatMessage(m.role, m.content) for m in store.path_to(outcome.message_id)[:-1]
                ]
                reply = ReplyConsumer().consume(fresh.chat(history, PARAMS, reuse_cache=False))
                assert reply.stats is not None and reply.text == outcome.text
                fresh_ttft.append(reply.stats.ttft_ms)
    result = {
        "prompt_tokens": statistics.median(prompts),
        "reused_tokens": statistics.median(reused),
        "first_token_ms_after_switch": round(statistics.median(app_ttft), 1),
        "first_token_ms_fresh": round(statistics.median(fresh_ttft), 1),
        "ratio_fresh_over_switch": round(
            statistics.median(fresh_ttft) / statistics.median(app_ttft), 2
        ),
        "same_text_as_fresh": True,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
