"""Download benchmark against a local Hub-protocol server (tests/hub_server.py).

    python benchmarks/bench_download.py [--runs 5] [--json]

* throughput of the app's downloader (Range requests, sha256 while writing, verification,
  atomic install) vs a plain streaming HTTP GET of the same files from the same server, no
  hashing; alternating runs, medians; each client runs in its own process so its CPU time
  can be measured (CPU seconds per GB);
* bytes fetched twice after the downloading process is killed mid-file and started again.

The payload is ../shared/models/smollm2-135m-instruct-cpu-int4 (86 MB), laid out like the
official ONNX repos.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from hub_server import HubServer  # noqa: E402

MODEL = ROOT.parent / "shared/models/smollm2-135m-instruct-cpu-int4"
REPO = "bench/SmolLM2-135M-Instruct-onnx"
FOLDER = "cpu_and_mobile/cpu-int4-rtn-block-32"

CLIENT = r"""
import json, sys, time, httpx
from pathlib import Path
mode, endpoint, target = sys.argv[1], sys.argv[2], Path(sys.argv[3])
import os; os.environ["HF_ENDPOINT"] = endpoint
from agentic_desk.core.models.downloader import DownloadOptions, ModelDownloader
from agentic_desk.core.models.store import ModelStore
from agentic_desk.core.models import hub
meta = 0.0
if mode == "app":
    m0 = time.perf_counter()
    snapshot = hub.fetch_snapshot(sys.argv[4])  # the Hub metadata calls, timed apart
    meta = time.perf_counter() - m0
cpu0, t0 = time.process_time(), time.perf_counter()
if mode == "app":
    store = ModelStore(target); store.ensure()
    with ModelDownloader(store, options=DownloadOptions(disk_margin=0)) as d:
        job = d.download(sys.argv[4], "cpu", snapshot=snapshot); job.wait()
    assert job.result is not None, job.error
    nbytes = job.result.size_bytes
else:
    urls = json.loads(sys.argv[4]); nbytes = 0
    target.mkdir(parents=True, exist_ok=True)
    with httpx.Client(follow_redirects=True, timeout=30) as client:
        for name, url in urls:
            with client.stream("GET", url) as r, open(target / name, "wb") as out:
                r.raise_for_status()
                for chunk in r.iter_bytes():
                    out.write(chunk); nbytes += len(chunk)
print(json.dumps({"seconds": time.perf_counter() - t0, "cpu": time.process_time() - cpu0,
                  "bytes": nbytes, "meta": meta}))
"""


def layout(base: Path) -> Path:
    repo = base / "repo"
    (repo / FOLDER).mkdir(parents=True)
    for item in MODEL.iterdir():
        (repo / FOLDER / item.name).symlink_to(item)
    return repo


def client(mode: str, endpoint: str, target: Path, arg: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CLIENT, mode, endpoint, str(target), arg],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def kill_and_resume(server: HubServer, base: Path) -> dict[str, float]:
    env = {**os.environ, "HF_ENDPOINT": server.endpoint, "AGENTIC_DESK_HOME": str(base / "k")}
    server.faults.requests.clear()
    cmd = [
        sys.executable,
        "-m",
        "agentic_desk",
        "models",
        "download",
        REPO,
        "--json-progress",
        "--progress-interval",
        "0",
    ]
    with subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            event = json.loads(line)
            if event["current_file"] == "model.onnx.data" and event["file_bytes"] > 30 * 2**20:
                proc.send_signal(signal.SIGKILL)  # mid-file, at no particular byte
                break
        proc.wait()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    size = (MODEL / "model.onnx.data").stat().st_size
    gets = [
        r
        for r in server.requests
        if r.path.startswith("/cdn/") and r.method == "GET" and "model.onnx.data" in r.path
    ]
    return {
        "fetched_twice_bytes": sum(r.bytes_sent for r in gets) - size,
        "resume_range": gets[-1].range,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not MODEL.is_dir():
        print(f"the payload model is missing: {MODEL}", file=sys.stderr)
        return 2
    base = Path(tempfile.mkdtemp(prefix="bench-download-"))
    try:
        with HubServer({REPO: layout(base)}) as server:
            urls = json.dumps(
                [
                    (p.name, server.resolve_url(REPO, f"{FOLDER}/{p.name}"))
                    for p in sorted(MODEL.iterdir())
                ]
            )
            app, plain = [], []
            for run in range(args.runs):
                plain.append(client("plain", server.endpoint, base / f"plain{run}", urls))
                shutil.rmtree(base / f"plain{run}")
                app.append(client("app", server.endpoint, base / f"app{run}", REPO))
                shutil.rmtree(base / f"app{run}")
            killed = kill_and_resume(server, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    def mbps(r: dict[str, float]) -> float:
        return r["bytes"] / r["seconds"] / 2**20

    app_mbps = statistics.median(mbps(r) for r in app)
    plain_mbps = statistics.median(mbps(r) for r in plain)
    result = {
        "runs": args.runs,
        "payload_bytes": int(app[0]["bytes"]),
        "app_mb_s": round(app_mbps, 1),
        "plain_get_mb_s": round(plain_mbps, 1),
        "throughput_ratio": round(app_mbps / plain_mbps, 3),
        "metadata_ms": round(statistics.median(r["meta"] for r in app) * 1000, 1),
        "end_to_end_ratio": round(
            statistics.median(r["bytes"] / (r["seconds"] + r["meta"]) for r in app)
            / 2**20
            / plain_mbps,
            3,
        ),
        "app_cpu_s_per_gb": round(statistics.median(r["cpu"] / r["bytes"] * 2**30 for r in app), 2),
        "plain_cpu_s_per_gb": round(
            statistics.median(r["cpu"] / r["bytes"] * 2**30 for r in plain), 2
        ),
        **killed,
        "targets": {"throughput_ratio": ">= 0.9", "fetched_twice_bytes": "< one chunk (1 MiB)"},
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:<22} {value}")
    return 0


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"(took {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    sys.exit(code)
