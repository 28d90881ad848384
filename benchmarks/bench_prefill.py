"""Prompt processing, first token and decode: the app's engine against llama.cpp, library
against library, one engine working at a time.

    python benchmarks/bench_prefill.py --model GENAI_FOLDER --gguf FILE.gguf
        [--runs 3] [--prompt-tokens 500] [--tokens 64] [--context 2048] [--threads 2]
        [--variant own] [--int8] [--gguf OTHER.gguf] [--chunk 256 --chunk 1024] [--json]

The app runs through ``LocalEngine`` (the path every face uses: chat template,
tokenisation, the worker process and its pipe, the prefill in chunks), once per app
variant: ``last`` (the default: the graph that computes the last prompt position's logits
only, core/engine/lastlogits.py) and, with ``--variant own``, also the model's own graph,
each in its own worker; with ``--int8``, also ``int8``: the last-position graph with its
int4 products run as int8 products (setting ``engine.cpu_int8_compute``,
core/engine/int8graph.py; the copy is made on the first load and its time reported).
``--gguf`` may be given more than once (e.g. Q4_0 and Q8_0): each is a llama.cpp side, and
the ratios are to the first; without it only the app's variants run (ratios to the first:
llama.cpp's threads suffer most on a machine loaded by other jobs). Each side's peak
memory (``VmHWM`` of its process) is reported at the end. llama.cpp runs through
llama-cpp-python's ``Llama`` (in its own venv: ``python benchmarks/build_scale_model.py
--llamacpp-venv``), ``n_threads`` = ``n_threads_batch`` = ``--threads``, in a child
process driven over a pipe.

Like for like: the same chat messages go to both (each side applies its chat template: the
GGUF carries the same one; the prompt token counts each side reports are shown), every
request starts from an empty cache on both sides (the app with ``reuse_cache=False``,
llama.cpp after ``Llama.reset()``), and each opens with a line of its own. The sides
alternate (A B C, then C B A, ...) and medians are reported, with the load average.

- prompt processing: the prompt's tokens / time to the first token, of a message of about
  ``--prompt-tokens`` tokens, one token generated;
- first token: time to the first token of a short message (SHORT_PROMPT);
- decode: tokens/s from the first token to the last of a ``--tokens`` reply (app: as the
  engine reports it; llama.cpp: from the streamed chunks' times).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

from agentic_desk.core.bench import DECODE_PROMPT, FILLER, SHORT_PROMPT
from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine, ReplyConsumer
from agentic_desk.core.paths import AppPaths

LLAMACPP_VENV = Path.home() / ".cache/agentic-desk/llamacpp-venv"

# The llama.cpp side: one JSON request per line in, one JSON result per line out.
LLAMA_CHILD = textwrap.dedent(
    """
    import json, sys, time
    from llama_cpp import Llama
    gguf, context, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    llm = Llama(model_path=gguf, n_ctx=context, n_threads=threads, n_threads_batch=threads,
                verbose=False)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        llm.reset()  # an empty cache: nothing of the previous request is reused
        started = time.perf_counter()
        times = []
        for chunk in llm.create_chat_completion(
            messages=req["messages"], max_tokens=req["max_tokens"], temperature=0.0,
            stream=True,
        ):
            if chunk["choices"][0]["delta"].get("content"):
                times.append(time.perf_counter())
        print(json.dumps({"started": started, "times": times, "n_tokens": int(llm.n_tokens)}),
              flush=True)
    """
)


def say(msg: str) -> None:
    print(f"bench-prefill: {msg}", file=sys.stderr, flush=True)


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


class LlamaSide:
    def __init__(self, gguf: Path, context: int, threads: int, python: Path) -> None:
        self.proc = subprocess.Popen(
            [str(python), "-c", LLAMA_CHILD, str(gguf), str(context), str(threads)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        ready = json.loads(self.proc.stdout.readline() or "{}")
        if not ready.get("ready"):
            raise RuntimeError("llama.cpp did not start")

    def ask(self, messages: list[dict[str, str]], max_tokens: int) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"messages": messages, "max_tokens": max_tokens}) + "\n")
        self.proc.stdin.flush()
        result = json.loads(self.proc.stdout.readline())
        times = result["times"]
        generated = len(times)
        return {
            "first_s": times[0] - result["started"] if times else float("nan"),
            "decode_tps": (generated - 1) / (times[-1] - times[0]) if generated > 1 else 0.0,
            # n_tokens counts the prompt and the generated tokens but the last
            "prompt_tokens": result["n_tokens"] - max(0, generated - 1),
            "generated": generated,
        }

    def max_rss_mb(self) -> float | None:
        return max_rss_mb(self.proc.pid)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(60)


def max_rss_mb(pid: int | None) -> float | None:
    """The peak resident memory of process ``pid`` (Linux: VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError):
        pass
    return None


class AppSide:
    def __init__(
        self, model: Path, context: int, last_logits: bool, chunk: int, int8: bool = False
    ) -> None:
        self.engine = LocalEngine(
            last_logits=last_logits,
            prefill_chunk_tokens=chunk,
            cpu_int8=int8,
            cache_dir=AppPaths.from_env().cache_dir,  # the app's, for a read-only model folder
        )
        started = time.perf_counter()
        self.loaded = self.engine.load(model, max_context_tokens=context)
        self.load_s = round(time.perf_counter() - started, 1)
        if last_logits and not self.loaded.last_logits:
            say(f"the last-position graph could not be used: {self.loaded.last_logits_note}")
        if int8 and not self.loaded.cpu_int8:
            raise SystemExit(f"int8 compute could not be used: {self.loaded.cpu_int8_note}")

    def max_rss_mb(self) -> float | None:
        return max_rss_mb(self.engine.worker_pid)

    def ask(self, messages: list[dict[str, str]], max_tokens: int) -> dict[str, Any]:
        chat = [ChatMessage(m["role"], m["content"]) for m in messages]
        params = GenerationParams(temperature=0.0, max_new_tokens=max_tokens)
        reply = ReplyConsumer().consume(self.engine.chat(chat, params, reuse_cache=False))
        assert reply.error is None and reply.stats is not None and reply.prompt is not None
        assert reply.first_token_s is not None
        return {
            "first_s": reply.first_token_s,
            "decode_tps": reply.stats.decode_tps,
            "prompt_tokens": reply.prompt.prompt_tokens,
            "generated": reply.stats.generated_tokens,
        }

    def close(self) -> None:
        self.engine.close()


def long_message(tokens: int) -> str:
    """About ``tokens`` tokens of FILLER (about 4 characters a token for this text)."""
    text = FILLER
    while len(text) < tokens * 4:
        text += " " + FILLER
    return text[: tokens * 4]


def run(
    model: Path,
    ggufs: list[Path],
    *,
    runs: int,
    prompt_tokens: int,
    tokens: int,
    context: int,
    threads: int,
    variants: list[str],
    chunks: list[int],
    python: Path,
) -> dict[str, Any]:
    sides: dict[str, Any] = {}
    load_s: dict[str, float] = {}
    base_name = "llama.cpp"
    for gguf in ggufs:
        name = "llama.cpp" if len(ggufs) == 1 else f"llama.cpp {gguf.stem.rsplit('-', 1)[-1]}"
        base_name = base_name if sides else name
        say(f"loading {name} ({gguf.name}, {threads} threads); load average {load_average()}")
        sides[name] = LlamaSide(gguf, context, threads, python)
    for variant in variants:
        for chunk in chunks:
            name = f"app {variant} chunk {chunk}"
            say(f"loading {name}")
            sides[name] = AppSide(
                model, context, variant in ("last", "int8"), chunk, int8=variant == "int8"
            )
            load_s[name] = sides[name].load_s
            base_name = base_name if ggufs or len(sides) > 1 else name
    samples: dict[str, dict[str, list[float]]] = {name: {} for name in sides}
    loads: list[float] = []
    request = 0
    body = long_message(prompt_tokens)
    try:
        for side in sides.values():  # warm-up
            side.ask([{"role": "user", "content": "Hello"}], 2)
        order = list(sides)
        for index in range(runs):
            this = order if index % 2 == 0 else order[::-1]
            loads.append(load_average())
            say(f"run {index + 1}/{runs}: {', '.join(this)}; load average {loads[-1]}")
            for name in this:
                for kind, text, max_tokens in (
                    ("prefill", body, 1),
                    ("first", SHORT_PROMPT, 1),
                    ("decode", DECODE_PROMPT, tokens),
                ):
                    request += 1
                    message = [{"role": "user", "content": f"Request {request}.\n{text}"}]
                    got = sides[name].ask(message, max_tokens)
                    put = samples[name].setdefault
                    if kind == "prefill":
                        put("prefill_tps", []).append(got["prompt_tokens"] / got["first_s"])
                        put("prefill_prompt_tokens", []).append(got["prompt_tokens"])
                    elif kind == "first":
                        put("first_token_ms", []).append(got["first_s"] * 1000)
                        put("first_prompt_tokens", []).append(got["prompt_tokens"])
                    else:
                        put("decode_tps", []).append(got["decode_tps"])
                    say(f"  {name} {kind}: {got}")
        loads.append(load_average())
    finally:
        peak = {name: side.max_rss_mb() for name, side in sides.items()}
        for side in sides.values():
            side.close()
    med = {n: {k: round(statistics.median(v), 2) for k, v in s.items()} for n, s in samples.items()}
    base = med[base_name]
    ratios = {
        n: {
            "prompt_processing": round(m["prefill_tps"] / base["prefill_tps"], 3),
            "first_token": round(m["first_token_ms"] / base["first_token_ms"], 3),
            "decode": round(m["decode_tps"] / base["decode_tps"], 3),
        }
        for n, m in med.items()
        if n != base_name
    }
    return {
        "model": str(model),
        "gguf": [str(g) for g in ggufs],
        "baseline": base_name,
        "load_s": load_s,
        "max_rss_mb": peak,
        "runs": runs,
        "threads": threads,
        "context": context,
        "load_average": loads,
        "medians": med,
        "ratios_to_llamacpp": ratios,
        "samples": {
            n: {k: [round(x, 2) for x in v] for k, v in s.items()} for n, s in samples.items()
        },
    }


def table(result: dict[str, Any]) -> str:
    lines = [
        f"load average during the runs: {result['load_average']}",
        f"{'':<24} {'prompt tok/s':>12} {'first ms':>9} {'decode tok/s':>12} {'peak MB':>8}"
        f"   ratios to {result['baseline']} (prompt, first, decode)",
    ]
    for name, m in result["medians"].items():
        r = result["ratios_to_llamacpp"].get(name)
        ratio = f"{r['prompt_processing']}, {r['first_token']}, {r['decode']}" if r else ""
        peak = result["max_rss_mb"].get(name)
        lines.append(
            f"{name:<24} {m['prefill_tps']:>12} {m['first_token_ms']:>9} {m['decode_tps']:>12}"
            f" {peak or '':>8}   {ratio}"
        )
    if result["load_s"]:
        lines.append(
            f"app load seconds (the int8 copy is made on its first load): {result['load_s']}"
        )
    lines.append("targets: prompt processing >= 1.2, first token <= 1.0, decode >= 1.0")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument(
        "--gguf", type=Path, action="append", default=[], help="none: the app's variants only"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--prompt-tokens", type=int, default=500)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--context", type=int, default=2048)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--variant",
        action="append",
        choices=["own"],
        default=[],
        help="also the app on the model's own graph (logits for every prompt position)",
    )
    parser.add_argument(
        "--int8", action="store_true", help="also the app with int8 compute (cpu_int8_compute)"
    )
    parser.add_argument("--chunk", type=int, action="append", help="prefill chunk (default 256)")
    parser.add_argument("--llamacpp-python", type=Path, default=LLAMACPP_VENV / "bin/python")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = run(
        args.model,
        args.gguf,
        runs=args.runs,
        prompt_tokens=args.prompt_tokens,
        tokens=args.tokens,
        context=args.context,
        threads=args.threads,
        variants=["last", *args.variant, *(["int8"] if args.int8 else [])],
        chunks=args.chunk or [256],
        python=args.llamacpp_python,
    )
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
