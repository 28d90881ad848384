"""Start-up time of the packaged app vs the virtual environment, alternating runs, medians.

    python benchmarks/bench_startup.py [--bundle dist/cpu/agentic-desk/agentic-desk]
                                       [--venv .venv-build-cpu] [--runs 9] [--json]

Each run is a new process (warm page cache: the files were read by an earlier run; a truly
cold disk cache cannot be had on a shared machine). Two commands are timed, wall clock from
spawn to exit:

* ``--version``: interpreter start, imports of the CLI and the flavour check;
* ``--self-test``: that plus a tiny model built, loaded in a spawned worker process (which
  starts the app's executable a second time) and run, the main window opened off-screen and
  closed, the keyring and server checks.

The two sides alternate (bundle, venv, bundle, venv, ...) so drifts on a shared machine hit
both; medians are reported with the ratio bundle / venv.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist/cpu/agentic-desk/agentic-desk")
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv-build-cpu")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    venv_exe = args.venv / ("Scripts/agentic-desk.exe" if os.name == "nt" else "bin/agentic-desk")
    for exe in (args.bundle, venv_exe):
        if not exe.exists():
            raise SystemExit(f"error: {exe} does not exist (build the bundle / the venv first)")
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    results: dict[str, dict[str, float]] = {}
    for flag in ("--version", "--self-test"):
        sides: dict[str, list[float]] = {"bundle": [], "venv": []}
        timed([str(args.bundle), flag], env)  # warm the page cache for both
        timed([str(venv_exe), flag], env)
        for _ in range(args.runs):
            sides["bundle"].append(timed([str(args.bundle), flag], env))
            sides["venv"].append(timed([str(venv_exe), flag], env))
        bundle, venv = statistics.median(sides["bundle"]), statistics.median(sides["venv"])
        results[flag] = {"bundle_s": bundle, "venv_s": venv, "ratio": bundle / venv}
    if args.json:
        print(json.dumps({"runs": args.runs, **results}))
        return 0
    print(f"{'command':<12} {'bundle':>9} {'venv':>9} {'bundle/venv':>12}   ({args.runs} runs)")
    for flag, r in results.items():
        print(f"{flag:<12} {r['bundle_s']:>8.3f}s {r['venv_s']:>8.3f}s {r['ratio']:>12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
