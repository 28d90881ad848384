"""The detector over a whole conversation: first scan vs re-scan with the per-message cache.

    python benchmarks/bench_payload_scan.py [--turns 50] [--runs 7] [--json]

``ChatService.plan`` scans every message it is about to send (the whole history, the
system prompt, the stop sequences), so each new turn re-reads the conversation. A
conversation of ``--turns`` turns (user messages and replies of realistic length: prose,
code and a few sensitive values) is planned:

* **first scan**: the cache emptied, every message is run through the detector (what the
  first turn after a start costs);
* **re-scan**: the same conversation plus one new user message, with the cache warm (what
  every following turn costs);
* **boundary check**: the last check of the exact request body in the HTTP provider, with
  the cache warm.

Medians of ``--runs`` runs, in the same process; the ratio first / re-scan is printed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import time

from agentic_desk.core.chat import ChatRequest, ChatService
from agentic_desk.core.engine.protocol import ChatMessage
from agentic_desk.core.privacy.payload import clear_cache
from agentic_desk.core.providers.errors import SensitiveDataBlocked
from agentic_desk.core.providers.http import encode_body, refuse_sensitive_body
from agentic_desk.core.routing.config import RouterConfig
from agentic_desk.core.routing.costs import PriceTable, SpendLedger

PROSE = (
    "The committee reviewed the quarterly figures and asked for a shorter summary. "
    "Please keep the tone neutral, mention the delays in the second phase, and list "
    "the three open questions at the end. "
)
CODE = "```python\ndef total(items):\n    return sum(i.price * i.quantity for i in items)\n```\n"
SENSITIVE = (
    "Patient NHS number 943 476 5919, contact jane.doe@example.org. ",
    "Card 4111 1111 1111 1111 was charged twice. ",
    "SSN 078-05-1120 on the form. ",
)


def _words(rng: random.Random, text: str, times: int) -> str:
    words = (text * times).split()
    rng.shuffle(words)
    return " ".join(words) + "\n"


def conversation(turns: int, seed: int = 7) -> list[ChatMessage]:
    rng = random.Random(seed)
    messages = [ChatMessage("system", "You are a careful assistant. " * 4)]
    for turn in range(turns):
        # Every message is different (no two share a cache entry).
        user = f"Turn {turn}: " + _words(rng, PROSE, rng.randint(1, 3))
        if turn % 10 == 3:
            user += rng.choice(SENSITIVE)
        reply = _words(rng, PROSE, rng.randint(3, 8)) + (CODE if turn % 3 == 0 else "")
        messages += [ChatMessage("user", user), ChatMessage("assistant", reply)]
    return messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        service = ChatService(
            engine=None,
            router_config=RouterConfig(),
            cloud_enabled=False,
            keys=lambda _name, _env: None,
            prices=PriceTable(),
            ledger=SpendLedger(Path(tmp) / "spend.json"),
            assume_local_model=True,
        )
        history = conversation(args.turns)
        chars = sum(len(m.content) for m in history)
        first: list[float] = []
        again: list[float] = []
        boundary: list[float] = []
        for run in range(args.runs):
            clear_cache()
            started = time.perf_counter()
            plan = service.plan(ChatRequest(history))
            first.append(time.perf_counter() - started)
            follow = [*history, ChatMessage("user", f"Thanks, now make it shorter ({run}).")]
            started = time.perf_counter()
            again_plan = service.plan(ChatRequest(follow))
            again.append(time.perf_counter() - started)
            body = encode_body(
                {"model": "m", "messages": [{"role": m.role, "content": m.content} for m in follow]}
            )
            started = time.perf_counter()
            with contextlib.suppress(SensitiveDataBlocked):  # it holds sensitive data
                refuse_sensitive_body("bench", body)
            boundary.append(time.perf_counter() - started)
            assert plan.decision.is_local and again_plan.decision.is_local
            assert {f.category for f in plan.findings} == {f.category for f in again_plan.findings}

    result = {
        "turns": args.turns,
        "messages": len(history),
        "characters": chars,
        "findings": len(plan.findings),
        "first_scan_ms": statistics.median(first) * 1000,
        "rescan_ms": statistics.median(again) * 1000,
        "boundary_check_ms": statistics.median(boundary) * 1000,
    }
    result["ratio"] = result["first_scan_ms"] / result["rescan_ms"]
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"{args.turns} turns, {len(history)} messages, {chars} characters, "
            f"{result['findings']} findings; medians of {args.runs} runs"
        )
        print(f"first scan (cache empty):        {result['first_scan_ms']:8.2f} ms")
        print(f"re-scan, one new message:        {result['rescan_ms']:8.2f} ms")
        print(f"boundary check of the body:      {result['boundary_check_ms']:8.2f} ms")
        print(f"first / re-scan:                 {result['ratio']:8.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
