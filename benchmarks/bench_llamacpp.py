"""The app's local API server against llama.cpp's OpenAI-compatible server, same model.

    python benchmarks/bench_llamacpp.py --model GENAI_FOLDER --gguf FILE.gguf
        [--runs 5] [--tokens 200] [--context 4096] [--threads 2] [--json]

Both servers run at once (one model each, loaded once), both streamed over HTTP with the
same requests (OpenAI chat completions, greedy, the same ``max_tokens``), alternating which
goes first (ABBA) and reporting medians. Every request starts with a line of its own
("Request 7.") so neither server can answer from a prompt cache: each measures real work.

- decode: tokens/s from the first streamed token to the last of a ``--tokens`` reply
  (completion tokens as each server reports them, minus one, over that time);
- prompt processing: prompt tokens / time to the first token of a ~1,500-token prompt
  (``max_tokens`` 1; the prompt's token count is the app's, the same text and template for
  both: the GGUF carries the same tokenizer and chat template);
- first token: time to the first streamed token of a short prompt.

llama.cpp runs ``python -m llama_cpp.server`` from llama-cpp-python (a separate venv:
``python benchmarks/build_scale_model.py --llamacpp-venv``) with ``n_threads`` and
``n_threads_batch`` = ``--threads``; the app's worker uses onnxruntime's default intra-op
threads (one per physical core: 2 here).
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psutil

from agentic_desk.core.bench import DECODE_PROMPT, FILLER, SHORT_PROMPT
from agentic_desk.core.context import AppContext
from agentic_desk.core.engine import LocalEngine
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import SettingsStore
from agentic_desk.server import ApiServer

TOKEN = "adk-bench-" + "c" * 40
LLAMACPP_VENV = Path.home() / ".cache/agentic-desk/llamacpp-venv"

TARGETS = {"decode": ">= 1.0", "prompt_processing": ">= 1.2", "first_token": "<= 1.0"}


def say(msg: str) -> None:
    print(f"bench-llamacpp: {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def llamacpp_server(gguf: Path, context: int, threads: int, python: Path) -> Iterator[str]:
    port = free_port()
    cmd = [str(python), "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--n_ctx", str(context), "--n_threads", str(threads)]
    cmd += ["--n_threads_batch", str(threads), "--verbose", "False"]
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (kept open while the server runs)
        prefix="llamacpp-server-", suffix=".log", delete=False
    )
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"llama.cpp server exited ({proc.returncode}); see {log.name}")
            try:
                if httpx.get(f"{url}/v1/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"llama.cpp server did not start; see {log.name}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextmanager
def app_server(model: Path, context: int) -> Iterator[tuple[str, LocalEngine]]:
    with tempfile.TemporaryDirectory(prefix="bench-llamacpp-") as home:
        paths = AppPaths.for_root(Path(home))
        store = SettingsStore(paths.settings_file)
        app_context = AppContext(paths, store, store.load().settings)
        with LocalEngine() as engine:  # the app's settings, as `agentic-desk serve` uses them
            engine.load(model, max_context_tokens=context)
            server = ApiServer(app_context, engine, port=0, token=TOKEN)
            url = server.start()
            try:
                yield url, engine
            finally:
                server.stop()


def stream_chat(client: httpx.Client, url: str, prompt: str, max_tokens: int) -> dict[str, Any]:
    """One streamed chat completion: time to first text, time of the last, token counts."""
    body = {
        "model": "local",
        "messages": [{"role": "user", "content": prompt}],
        "max_tokens": max_tokens,
        "temperature": 0,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    started = time.perf_counter()
    first: float | None = None
    last: float | None = None
    chunks = 0
    usage: dict[str, int] = {}
    pieces: list[str] = []
    with client.stream("POST", f"{url}/v1/chat/completions", json=body) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data: ") or line.strip() == "data: [DONE]":
                continue
            chunk = json.loads(line[6:])
            if chunk.get("usage"):
                usage = chunk["usage"]
            for choice in chunk.get("choices", []):
                text = (choice.get("delta") or {}).get("content")
                if text:
                    now = time.perf_counter()
                    first = first or now
                    last = now
                    chunks += 1
                    pieces.append(text)
    end = time.perf_counter()
    return {
        "first_ms": ((first or end) - started) * 1000,
        "decode_s": (last or end) - (first or end),
        "chunks": chunks,
        "completion_tokens": usage.get("completion_tokens", chunks),
        "prompt_tokens": usage.get("prompt_tokens"),
        "text": "".join(pieces),
    }


def long_prompt(tokens: int, count: Callable[[str], int]) -> str:
    text = FILLER
    while count(text) < tokens:
        text += FILLER
    return text


def run(
    model: Path,
    gguf: Path,
    *,
    runs: int,
    tokens: int,
    context: int,
    threads: int,
    prefill_tokens: int = 1500,
    python: Path = LLAMACPP_VENV / "bin/python",
) -> dict[str, Any]:
    samples: dict[str, dict[str, list[float]]] = {"app": {}, "llamacpp": {}}
    counts: dict[str, dict[str, list[int]]] = {"app": {}, "llamacpp": {}}
    request = 0

    def add(side: str, key: str, value: float) -> None:
        samples[side].setdefault(key, []).append(value)

    say(
        f"starting llama.cpp's server ({gguf.name}, {threads} threads) and the app's ({model.name})"
    )
    with (
        llamacpp_server(gguf, context, threads, python) as llama_url,
        app_server(model, context) as (
            app_url,
            engine,
        ),
    ):
        assert engine.loaded is not None
        headers = {"Authorization": f"Bearer {TOKEN}"}
        with httpx.Client(headers=headers, timeout=1800) as client:
            urls = {"app": app_url, "llamacpp": llama_url}
            # the long prompt's token count, as the app's server reports it
            probe = stream_chat(client, app_url, "Request 0.\n" + FILLER, 1)
            per_filler = max(1, (probe["prompt_tokens"] or 100) - 20)
            long_text = FILLER * max(1, round(prefill_tokens / per_filler))
            for side_url in urls.values():  # warm-up: one short request each
                stream_chat(client, side_url, "Request 0.\nHello", 2)
            order = ["app", "llamacpp"]
            for index in range(runs):
                sides = order if index % 2 == 0 else order[::-1]
                say(f"run {index + 1}/{runs} ({' then '.join(sides)})")
                for side in sides:
                    for name, prompt, max_tokens in (
                        ("decode", DECODE_PROMPT, tokens),
                        ("prefill", long_text, 1),
                        ("first", SHORT_PROMPT, 1),
                    ):
                        request += 1
                        result = stream_chat(
                            client, urls[side], f"Request {request}.\n{prompt}", max_tokens
                        )
                        if name == "decode":
                            n = result["completion_tokens"]
                            counts[side].setdefault("decode_tokens", []).append(n)
                            add(
                                side,
                                "decode_tps",
                                (n - 1) / result["decode_s"] if n > 1 else float("nan"),
                            )
                        elif name == "prefill":
                            add(side, "prefill_ms", result["first_ms"])
                            if result["prompt_tokens"]:
                                counts[side].setdefault("prefill_prompt_tokens", []).append(
                                    result["prompt_tokens"]
                                )
                        else:
                            add(side, "first_token_ms", result["first_ms"])
    med = {
        side: {k: statistics.median(v) for k, v in values.items()}
        for side, values in samples.items()
    }
    prompt_tokens = statistics.median(counts["app"]["prefill_prompt_tokens"])
    for values in med.values():
        values["prefill_tps"] = prompt_tokens / (values["prefill_ms"] / 1000)
    return {
        "model": str(model),
        "gguf": str(gguf),
        "runs": runs,
        "threads": {
            "llamacpp": threads,
            "app": f"onnxruntime default, one per core ({psutil.cpu_count(logical=False)})",
        },
        "context": context,
        "decode_tokens": {side: counts[side]["decode_tokens"] for side in counts},
        "prefill_prompt_tokens": {
            side: counts[side].get("prefill_prompt_tokens") for side in counts
        },
        "app": {k: round(v, 1) for k, v in med["app"].items()},
        "llamacpp": {k: round(v, 1) for k, v in med["llamacpp"].items()},
        "ratios": {
            "decode": round(med["app"]["decode_tps"] / med["llamacpp"]["decode_tps"], 3),
            "prompt_processing": round(
                med["app"]["prefill_tps"] / med["llamacpp"]["prefill_tps"], 3
            ),
            "first_token": round(
                med["app"]["first_token_ms"] / med["llamacpp"]["first_token_ms"], 3
            ),
        },
        "targets": TARGETS,
        "samples": {
            side: {k: [round(x, 1) for x in v] for k, v in values.items()}
            for side, values in samples.items()
        },
    }


def table(result: dict[str, Any]) -> str:
    a, b, r = result["app"], result["llamacpp"], result["ratios"]
    rows = [
        ("decode tok/s", a["decode_tps"], b["decode_tps"], r["decode"], ">= 1.0"),
        (
            "prompt processing tok/s",
            a["prefill_tps"],
            b["prefill_tps"],
            r["prompt_processing"],
            ">= 1.2",
        ),
        (
            "first token ms (short prompt)",
            a["first_token_ms"],
            b["first_token_ms"],
            r["first_token"],
            "<= 1.0",
        ),
    ]
    lines = [f"{'':<30} {'app':>9} {'llama.cpp':>10} {'ratio':>7}  target"]
    lines += [f"{n:<30} {x:>9} {y:>10} {z:>7}  {t}" for n, x, y, z, t in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--gguf", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--context", type=int, default=4096)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--llamacpp-python", type=Path, default=LLAMACPP_VENV / "bin/python")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(
        args.model,
        args.gguf,
        runs=args.runs,
        tokens=args.tokens,
        context=args.context,
        threads=args.threads,
        python=args.llamacpp_python,
    )
    print(json.dumps(result) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
