"""The API server's cost: the same greedy replies through the server (HTTP, SSE, the
ChatService, the fair queue) and from the engine directly (LocalEngine + ReplyConsumer, the
path the CLI and GUI use), alternating in one process, medians.

python benchmarks/bench_server.py [--model ../shared/models/smollm2-135m-instruct-cpu-int4]
                                  [--runs 5] [--tokens 200] [--short-runs 15] [--json]

Reports tokens/s of a 200-token reply (tokens / time from sending the request to the last
token) on both paths and their ratio (target >= 0.95), first-token latency on both, and the
latency the server adds per request (the difference of medians, for the long reply and for a
1-token reply, which isolates the fixed cost of a request).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from agentic_desk.core.bench import DECODE_PROMPT
from agentic_desk.core.context import AppContext
from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine, ReplyConsumer
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import SettingsStore
from agentic_desk.server import ApiServer

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "shared/models/smollm2-135m-instruct-cpu-int4"
TOKEN = "adk-bench-" + "b" * 40


def direct(engine: LocalEngine, prompt: str, tokens: int) -> dict[str, Any]:
    started = time.perf_counter()
    first: list[float] = []

    def on_text(_text: str) -> None:
        if not first:
            first.append(time.perf_counter())

    params = GenerationParams(temperature=0.0, max_new_tokens=tokens)
    reply = ReplyConsumer(on_text=on_text).consume(
        engine.chat([ChatMessage("user", prompt)], params)
    )
    end = time.perf_counter()
    assert reply.stats is not None
    return {
        "text": reply.text,
        "tokens": reply.stats.generated_tokens,
        "total_s": end - started,
        "first_ms": (first[0] - started) * 1000 if first else float("nan"),
    }


def through_server(client: httpx.Client, url: str, prompt: str, tokens: int) -> dict[str, Any]:
    body = {
        "model": "local",
        "messages": [{"role": "user", "content": prompt}],
        "max_tokens": tokens,
        "temperature": 0,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    pieces: list[str] = []
    usage = 0
    first: float | None = None
    started = time.perf_counter()
    with client.stream("POST", f"{url}/v1/chat/completions", json=body) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            chunk = json.loads(line[6:])
            if chunk.get("usage"):
                usage = chunk["usage"]["completion_tokens"]
            for choice in chunk["choices"]:
                text = choice["delta"].get("content")
                if text:
                    if first is None:
                        first = time.perf_counter()
                    pieces.append(text)
    end = time.perf_counter()
    return {
        "text": "".join(pieces),
        "tokens": usage,
        "total_s": end - started,
        "first_ms": ((first or end) - started) * 1000,
    }


def median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def run(model: Path, runs: int, tokens: int, short_runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-server-") as home:
        paths = AppPaths.for_root(Path(home))
        store = SettingsStore(paths.settings_file)
        context = AppContext(paths, store, store.load().settings)
        with LocalEngine() as engine:  # the app's stream interval, as the CLI and GUI use it
            loaded = engine.load(model)
            server = ApiServer(context, engine, port=0, token=TOKEN)
            url = server.start()
            try:
                headers = {"Authorization": f"Bearer {TOKEN}"}
                with httpx.Client(headers=headers, timeout=300) as client:
                    # warm-up: both paths once (model pages, imports, the connection)
                    direct(engine, DECODE_PROMPT, 8)
                    through_server(client, url, DECODE_PROMPT, 8)
                    long_direct, long_server, short_direct, short_server = [], [], [], []
                    for index in range(runs):
                        pair = [
                            lambda: long_direct.append(direct(engine, DECODE_PROMPT, tokens)),
                            lambda: long_server.append(
                                through_server(client, url, DECODE_PROMPT, tokens)
                            ),
                        ]
                        for step in pair if index % 2 == 0 else pair[::-1]:
                            step()
                    for index in range(short_runs):
                        pair = [
                            lambda: short_direct.append(direct(engine, DECODE_PROMPT, 1)),
                            lambda: short_server.append(
                                through_server(client, url, DECODE_PROMPT, 1)
                            ),
                        ]
                        for step in pair if index % 2 == 0 else pair[::-1]:
                            step()
            finally:
                server.stop()
    same = all(d["text"] == s["text"] for d, s in zip(long_direct, long_server, strict=True))
    for sample in (*long_direct, *long_server):
        sample["tps"] = sample["tokens"] / sample["total_s"]
    direct_tps = median(long_direct, "tps")
    server_tps = median(long_server, "tps")
    return {
        "model": Path(loaded.model_path).name,
        "runs": runs,
        "tokens": int(median(long_server, "tokens")),
        "direct_tps": round(direct_tps, 1),
        "server_tps": round(server_tps, 1),
        "tps_ratio": round(server_tps / direct_tps, 3),
        "direct_first_token_ms": round(median(long_direct, "first_ms"), 1),
        "server_first_token_ms": round(median(long_server, "first_ms"), 1),
        "added_ms_long_request": round(
            (median(long_server, "total_s") - median(long_direct, "total_s")) * 1000, 1
        ),
        "short_runs": short_runs,
        "direct_short_ms": round(median(short_direct, "total_s") * 1000, 1),
        "server_short_ms": round(median(short_server, "total_s") * 1000, 1),
        "added_ms_per_request": round(
            (median(short_server, "total_s") - median(short_direct, "total_s")) * 1000, 1
        ),
        "same_text": same,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--runs", type=int, default=5, help="alternating 200-token runs")
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--short-runs", type=int, default=15, help="alternating 1-token runs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (args.model / "genai_config.json").is_file():
        print(f"no model at {args.model} (pass --model)", file=sys.stderr)
        return 2
    result = run(args.model, args.runs, args.tokens, args.short_runs)
    if args.json:
        print(json.dumps(result))
        return 0
    rows = [
        ("tok/s (direct / server)", f"{result['direct_tps']} / {result['server_tps']}",
         f"ratio {result['tps_ratio']} (target >= 0.95)"),
        ("first token ms (direct / server)",
         f"{result['direct_first_token_ms']} / {result['server_first_token_ms']}", ""),
        ("1-token request ms (direct / server)",
         f"{result['direct_short_ms']} / {result['server_short_ms']}",
         f"added {result['added_ms_per_request']} ms per request"),
        (f"{result['tokens']}-token request, added", f"{result['added_ms_long_request']} ms", ""),
        ("same text both ways", str(result["same_text"]), ""),
    ]  # fmt: skip
    for name, value, note in rows:
        print(f"{name:<38} {value:<20} {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
