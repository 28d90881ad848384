"""Worker memory against max_length, with onnxruntime-genai alone (no app code).

    python benchmarks/measure_kv_rss.py --model FOLDER [--max-length 2048 8192 16384] [--json]

For each max_length, in a fresh process: load the model (og.Config + og.Model), one
generator with ``search.max_length`` set, append a 500-token prompt, generate one token,
then read the process's memory (/proc/self/status: VmRSS, RssAnon, RssFile, VmHWM). Beside
it, the estimate weights + KV with KV = 2 x layers x KV heads x head size x max_length x 4
bytes (fp32 KV on CPU; past_present_share_buffer allocates it all up front), and what is
left over (runtime overhead).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PROMPT_TOKENS = 500


def status_mb() -> dict[str, float]:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in {"VmRSS", "RssAnon", "RssFile", "VmHWM"}:
            fields[key] = round(int(value.split()[0]) / 1024, 1)
    return fields


def one(model: Path, max_length: int) -> dict[str, Any]:
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    import onnxruntime_genai as og

    before = status_mb()
    started = time.perf_counter()
    m = og.Model(og.Config(str(model)))
    load_s = time.perf_counter() - started
    loaded = status_mb()
    tok = og.Tokenizer(m)
    text = "The quick brown fox jumps over the lazy dog while the engine reads its prompt. " * 60
    ids = list(tok.encode(text))[:PROMPT_TOKENS]
    params = og.GeneratorParams(m)
    params.set_search_options(max_length=max_length, do_sample=False)
    gen = og.Generator(m, params)
    created = status_mb()
    started = time.perf_counter()
    gen.append_tokens(ids)
    gen.generate_next_token()
    prefill_s = time.perf_counter() - started
    after = status_mb()
    return {
        "max_length": max_length,
        "prompt_tokens": len(ids),
        "load_s": round(load_s, 2),
        "prefill_s": round(prefill_s, 2),
        "rss_mb": {"start": before, "loaded": loaded, "generator": created, "after_prompt": after},
    }


def geometry(model: Path) -> dict[str, int]:
    config = json.loads((model / "genai_config.json").read_text())["model"]["decoder"]
    return {
        "layers": config["num_hidden_layers"],
        "kv_heads": config["num_key_value_heads"],
        "head_size": config["head_size"],
    }


def measure(model: Path, lengths: list[int]) -> dict[str, Any]:
    geo = geometry(model)
    weights_mb = sum(p.stat().st_size for p in model.glob("*.onnx*")) / 2**20
    rows = []
    for length in lengths:
        out = subprocess.run(
            [sys.executable, __file__, "--model", str(model), "--one", str(length)],
            check=True,
            capture_output=True,
            text=True,
        )
        row = json.loads(out.stdout)
        kv_mb = 2 * geo["layers"] * geo["kv_heads"] * geo["head_size"] * length * 4 / 2**20
        rss = row["rss_mb"]["after_prompt"]["VmRSS"]
        row["estimate_mb"] = {
            "weights": round(weights_mb),
            "kv": round(kv_mb),
            "weights_plus_kv": round(weights_mb + kv_mb),
            "overhead": round(rss - weights_mb - kv_mb),
        }
        rows.append(row)
        print(
            f"max_length {length}: RSS {rss:.0f} MB, weights+KV {weights_mb + kv_mb:.0f} MB",
            file=sys.stderr,
        )
    return {"model": str(model), "geometry": geo, "weights_mb": round(weights_mb), "runs": rows}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--max-length", type=int, nargs="+", default=[2048, 8192, 16384])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.model, args.one)))
        return 0
    print(json.dumps(measure(args.model, args.max_length), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
