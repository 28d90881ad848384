"""What a context costs, and what growing it costs (README "Context and memory").

python benchmarks/bench_context.py [--model ../shared/models/smollm2-135m-instruct-cpu-int4]
                                   [--runs 3] [--grow-at 2048] [--json]

1. **The price of a longer context, unused.** The same model folder, told it supports
   131,072 tokens, loaded at 4,096 / 16,384 / 65,536 tokens: load time, the worker's memory
   and the first token of a short prompt (one process per context, alternating, medians).
   onnxruntime-genai allocates the whole cache up front (Fact 9): this is why the context is
   chosen from memory and the default is 16,384, not the model's maximum.
2. **Growing.** A conversation that outgrows its context (the engine started at
   ``--grow-at`` tokens) makes the engine raise the context and read the whole conversation
   again: the growing turn's first token against the same turn on an engine already at the
   larger context (which reuses its cache). The ratio is the cost of growing, once.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine, ReplyConsumer
from agentic_desk.core.engine.protocol import PromptReady

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "shared/models/smollm2-135m-instruct-cpu-int4"
SHORT = [ChatMessage("user", "What is the capital of France?")]
GREEDY = GenerationParams(temperature=0.0, max_new_tokens=8)


def claims(model: Path, dest: Path, tokens: int) -> Path:
    """The model's files, with a config that says ``tokens`` of context."""
    dest.mkdir(parents=True, exist_ok=True)
    for item in model.iterdir():
        if item.name != "genai_config.json" and not (dest / item.name).exists():
            (dest / item.name).symlink_to(item.resolve())
    config = json.loads((model / "genai_config.json").read_text())
    config["model"]["context_length"] = config["search"]["max_length"] = tokens
    (dest / "genai_config.json").write_text(json.dumps(config))
    return dest


def first_token_ms(engine: LocalEngine, messages: list[ChatMessage]) -> tuple[float, Any]:
    started = time.perf_counter()
    first: list[float] = []
    ready: list[PromptReady] = []

    def on_text(_piece: str) -> None:
        if not first:
            first.append(time.perf_counter())

    def on_event(event: object) -> None:
        if isinstance(event, PromptReady):
            ready.append(event)

    reply = ReplyConsumer(on_text=on_text, on_event=on_event).consume(engine.chat(messages, GREEDY))
    if reply.error is not None:
        raise SystemExit(f"reply failed: {reply.error}")
    return ((first[0] if first else time.perf_counter()) - started) * 1000, ready[-1]


def unused_context(folder: Path, runs: int) -> list[dict[str, Any]]:
    sizes = (4096, 16_384, 65_536)
    samples: dict[int, dict[str, list[float]]] = {
        n: {"load": [], "rss": [], "ttft": []} for n in sizes
    }
    for _ in range(runs):
        for tokens in sizes:
            with LocalEngine() as engine:
                loaded = engine.load(folder, max_context_tokens=tokens)
                ttft, _ready = first_token_ms(engine, SHORT)
                pid = engine.worker_pid
                rss = psutil.Process(pid).memory_info().rss if pid else 0
                samples[tokens]["load"].append(loaded.load_s * 1000)
                samples[tokens]["rss"].append(rss / 1024**2)
                samples[tokens]["ttft"].append(ttft)
    return [
        {
            "context": n,
            "load_ms": statistics.median(samples[n]["load"]),
            "worker_rss_mb": statistics.median(samples[n]["rss"]),
            "first_token_ms": statistics.median(samples[n]["ttft"]),
        }
        for n in sizes
    ]


def growing(folder: Path, runs: int, grow_at: int) -> dict[str, Any]:
    """A first turn that nearly fills ``grow_at`` tokens, then a second that does not fit."""
    filler = "Please keep this paragraph in mind for the letter. " * (grow_at // 20)
    turn1 = [ChatMessage("user", filler)]
    grow_ms: list[float] = []
    reuse_ms: list[float] = []
    grown = ""
    for _ in range(runs):
        # The engine that must grow: it starts at grow_at tokens.
        with LocalEngine(default_context=grow_at) as engine:
            engine.load(folder)
            _t, _r = first_token_ms(engine, turn1)
            second = [*turn1, ChatMessage("assistant", "Noted."), ChatMessage("user", filler)]
            ms, ready = first_token_ms(engine, second)
            grow_ms.append(ms)
            grown = f"{ready.context_grown_from:,} -> {ready.context_tokens:,} tokens"
            if not ready.context_grown_from:
                raise SystemExit("the context did not grow: raise --grow-at or the memory")
        # The same turns on an engine already at the larger context: the second turn reuses.
        with LocalEngine(default_context=ready.context_tokens) as engine:
            engine.load(folder)
            first_token_ms(engine, turn1)
            ms, _ready = first_token_ms(engine, second)
            reuse_ms.append(ms)
    grow, reuse = statistics.median(grow_ms), statistics.median(reuse_ms)
    return {
        "grew": grown,
        "prompt_tokens": ready.prompt_tokens,
        "growing_turn_first_token_ms": grow,
        "same_turn_without_growing_ms": reuse,
        "ratio": grow / reuse if reuse else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--grow-at", type=int, default=2048)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = claims(args.model, Path(tmp) / "claims-128k", 131_072)
        result = {
            "model": args.model.name,
            "unused_context": unused_context(folder, args.runs),
            "growing": growing(folder, args.runs, args.grow_at),
        }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['model']} (config says 131,072 tokens), medians of {args.runs}")
    print(f"{'context':>8} {'load ms':>9} {'worker MB':>10} {'1st token ms':>13}")
    for row in result["unused_context"]:
        print(
            f"{row['context']:>8,} {row['load_ms']:>9.0f} {row['worker_rss_mb']:>10.0f} "
            f"{row['first_token_ms']:>13.0f}"
        )
    g = result["growing"]
    print(
        f"growing {g['grew']} at a {g['prompt_tokens']:,}-token prompt: first token "
        f"{g['growing_turn_first_token_ms']:.0f} ms against {g['same_turn_without_growing_ms']:.0f}"
        f" ms without growing ({g['ratio']:.1f}x, once)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
