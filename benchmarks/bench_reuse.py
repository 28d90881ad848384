"""KV cache reuse: first-token time of a second turn, reused against a fresh start, and
whether the replies are the same (README, "How the engine works").

    python benchmarks/bench_reuse.py [--model FOLDER] [--rounds 5] [--json]

Each round: a first turn (a ~270-token prompt, a 40-token greedy reply), then the second
turn (the reply and a short question) straight away, the same second turn again after a
pause of 0.5 s (the worker re-reads a finished reply when no request comes), and the
second turn from an empty cache. Back to back: different short questions sent one after
the other (an API client's pattern). Medians; numbers on shared machines swing ±15%.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from agentic_desk.core.engine import (
    ChatMessage,
    GenerationParams,
    LocalEngine,
    Reply,
    ReplyConsumer,
)

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT.parent / "shared/models/smollm2-135m-instruct-cpu-int4"
NOTES = (
    "Here are my notes from the harbour: the boats came in at dawn, the fishermen sorted the "
    "catch, the gulls circled the market, and the lighthouse keeper painted the railings. "
) * 6
QUESTIONS = [
    "Why is the sky blue?",
    "Write a haiku about rain.",
    "Name three colours and say why you like them.",
    "Describe a lighthouse.",
]


def ask(engine: LocalEngine, messages: list[ChatMessage], tokens: int, reuse: bool = True) -> Reply:
    params = GenerationParams(temperature=0.0, max_new_tokens=tokens)
    reply = ReplyConsumer().consume(engine.chat(messages, params, reuse_cache=reuse))
    assert reply.error is None and reply.stats is not None and reply.prompt is not None
    return reply


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    times: dict[str, list[float]] = {
        "at_once": [],
        "after_pause": [],
        "fresh": [],
        "back_to_back": [],
    }
    reused: dict[str, int] = {}
    same = True
    with LocalEngine() as engine:
        engine.load(args.model, max_context_tokens=2048)
        for i in range(args.rounds):
            first = [ChatMessage("user", NOTES + f"Summarise them ({i}).")]
            one = ask(engine, first, 40)
            second = [*first, ChatMessage("assistant", one.text), ChatMessage("user", "In French.")]
            replies = {}
            for name in ("at_once", "after_pause", "fresh"):
                if name == "after_pause":
                    ask(engine, first, 40)  # the first turn again, then a pause
                    time.sleep(0.5)
                replies[name] = ask(engine, second, 8, reuse=name != "fresh")
            for name, reply in replies.items():
                assert reply.stats is not None and reply.prompt is not None
                times[name].append(reply.stats.ttft_ms)
                reused[name] = reply.prompt.reused_tokens
                reused["prompt"] = reply.prompt.prompt_tokens
            same &= len({r.text for r in replies.values()}) == 1
        for i in range(4 * args.rounds):
            reply = ask(engine, [ChatMessage("user", QUESTIONS[i % 4])], 60)
            if i >= 2 and reply.first_token_s is not None:
                times["back_to_back"].append(reply.first_token_s * 1000)
    result = {
        "first_token_ms": {k: round(statistics.median(v), 1) for k, v in times.items()},
        "reused_tokens": reused,
        "replies_identical": same,
    }
    if args.json:
        print(json.dumps(result))
        return
    for name, ms in result["first_token_ms"].items():
        print(f"{name:>12}: first token {ms:7.1f} ms (reused {reused.get(name, '-')})")
    print(f"second-turn prompt {reused['prompt']} tokens; replies identical: {same}")


if __name__ == "__main__":
    main()
