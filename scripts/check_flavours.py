"""Check that every bundle's lock, and every (platform, extra), has one onnxruntime flavour.

By default it checks the locks the bundles are built from (``locks/*.txt``, written by
``scripts/lock.py``): each must pin exactly its flavour's onnxruntime and onnxruntime-genai
packages and nothing of another flavour, and every pin must have a wheel for its platform
(step 3 below). ``uv pip compile`` ignores ``[tool.uv].conflicts``, so a lock compiled with
two engine extras would pin both flavours: this check is what refuses it.

With ``--resolve`` it checks what pip and uv users get instead: for each row of :data:`ROWS`

1. runs ``uv pip compile pyproject.toml --extra X --python-version 3.11 --python-platform T``
   (with ``MACOSX_DEPLOYMENT_TARGET`` for macOS rows) and parses the pinned output;
2. asserts that exactly one onnxruntime package (``onnxruntime``, ``onnxruntime-gpu``,
   ``onnxruntime-directml``) and exactly one onnxruntime-genai package (``onnxruntime-genai``,
   ``onnxruntime-genai-cuda``, ``onnxruntime-genai-directml``) were pinned, and that they are the
   ones the row expects;
3. checks that every pinned package has a wheel for that platform: ``uv pip install --dry-run
   --only-binary :all: --no-deps --python-platform T`` of the compiled pins into a throwaway
   ``--target`` directory (nothing is downloaded or installed; uv fails if a pin has no wheel).

It prints one line per row and exits 1 if any row fails (2 if uv is missing). It talks to the
package index only through uv, so it honours uv's cache and index settings (``UV_CACHE_DIR``,
``UV_INDEX_URL``, ...). Run it from anywhere::

    python scripts/check_flavours.py             # the locks
    python scripts/check_flavours.py --resolve   # the extras, resolved now
    python scripts/check_flavours.py --jobs 1    # one uv process at a time
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lock as locks  # scripts/lock.py

PYTHON_VERSION = "3.11"
RUNTIME_PACKAGES = ("onnxruntime", "onnxruntime-gpu", "onnxruntime-directml")
GENAI_PACKAGES = ("onnxruntime-genai", "onnxruntime-genai-cuda", "onnxruntime-genai-directml")
UV_TIMEOUT_SECONDS = 240

CPU = ("onnxruntime", "onnxruntime-genai")
CUDA = ("onnxruntime-gpu", "onnxruntime-genai-cuda")
DIRECTML = ("onnxruntime-directml", "onnxruntime-genai-directml")
FLAVOURS = {"cpu": CPU, "cuda": CUDA, "directml": DIRECTML}


@dataclass(frozen=True)
class Row:
    """One (platform, extra) pair and the flavour it must resolve to."""

    target: str
    extra: str
    runtime: str
    genai: str
    macos: str | None = None  # MACOSX_DEPLOYMENT_TARGET for macOS targets

    @property
    def label(self) -> str:
        return f"{self.target} [{self.extra}]"


def _rows(target: str, macos: str | None = None, **extras: tuple[str, str]) -> list[Row]:
    return [Row(target, extra, rt, genai, macos) for extra, (rt, genai) in extras.items()]


# Targets carry a glibc / macOS version: without one uv assumes old platform tags and picks old
# releases (ARCHITECTURE.md, Fact 8). Windows on Arm is not a supported target yet: it has no
# DirectML or CUDA wheels (its `default` extra resolves to the CPU build), and some of the app's
# other dependencies (pyyaml, via tokenizers) publish no win_arm64 wheel for Python 3.11.
ROWS: tuple[Row, ...] = (
    *_rows("x86_64-pc-windows-msvc", default=DIRECTML, cpu=CPU, cuda=CUDA),
    *_rows("aarch64-apple-darwin", "14.0", default=CPU, cpu=CPU),
    *_rows("x86_64-apple-darwin", "14.0", default=CPU, cpu=CPU),
    *_rows("x86_64-manylinux_2_34", default=CPU, cpu=CPU, cuda=CUDA),
    *_rows("aarch64-manylinux_2_39", default=CPU, cpu=CPU, cuda=CUDA),
)


@dataclass(frozen=True)
class Result:
    row: Row
    pins: dict[str, str]
    problems: list[str]

    def pin(self, candidates: Sequence[str]) -> str:
        found = [f"{name}=={self.pins[name]}" for name in candidates if name in self.pins]
        return ", ".join(found) if found else "-"


def normalize(name: str) -> str:
    """PEP 503 name normalisation (``ONNXRuntime_GenAI`` -> ``onnxruntime-genai``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_pins(text: str) -> dict[str, str]:
    """Read ``name==version`` lines of a requirements file written by ``uv pip compile``."""
    pins: dict[str, str] = {}
    for raw in text.splitlines():
        # a hashed lock continues each pin with " \\" and --hash lines
        line = raw.split("#", 1)[0].split(";", 1)[0].strip().removesuffix("\\").strip()
        if not line or line.startswith("-") or "==" not in line:
            continue
        name, version = line.split("==", 1)
        name = name.split("[", 1)[0]
        pins[normalize(name)] = version.strip()
    return pins


def flavour_problems(row: Row, pins: dict[str, str]) -> list[str]:
    """What is wrong with the onnxruntime packages of one resolution (empty list: all good)."""
    problems: list[str] = []
    for kind, candidates, expected in (
        ("onnxruntime", RUNTIME_PACKAGES, row.runtime),
        ("onnxruntime-genai", GENAI_PACKAGES, row.genai),
    ):
        found = [name for name in candidates if name in pins]
        if len(found) != 1:
            shown = ", ".join(f"{name}=={pins[name]}" for name in found) or "none"
            problems.append(f"expected exactly one {kind} flavour ({expected}), got: {shown}")
        elif found[0] != expected:
            problems.append(f"expected {expected}, got {found[0]}=={pins[found[0]]}")
    return problems


def find_uv() -> str | None:
    """The uv next to this interpreter (a virtualenv's uv), else the one on PATH."""
    scripts = Path(sys.executable).parent
    for name in ("uv.exe", "uv") if os.name == "nt" else ("uv",):
        candidate = scripts / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("uv")


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


def _run(cmd: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            cmd, check=False, capture_output=True, text=True, env=env, timeout=UV_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, 124, "", f"timed out after {UV_TIMEOUT_SECONDS}s")


def check_row(uv: str, pyproject: Path, row: Row) -> Result:
    """Compile one row, check its flavour, then check that every pinned wheel exists."""
    env = dict(os.environ)
    if row.macos:
        env["MACOSX_DEPLOYMENT_TARGET"] = row.macos
    platform_args = ["--python-version", PYTHON_VERSION, "--python-platform", row.target]
    compile_cmd = [
        uv, "pip", "compile", str(pyproject), "--extra", row.extra, *platform_args,
        "--no-header", "--no-annotate", "--quiet",
    ]  # fmt: skip
    # No `-o -`: uv 0.13 takes "-" as a file name there; without -o the pins go to stdout.
    done = _run(compile_cmd, env)
    if done.returncode != 0:
        problem = f"uv pip compile failed (exit {done.returncode}):\n{_tail(done.stderr)}"
        return Result(row, {}, [problem])
    pins = parse_pins(done.stdout)
    problems = flavour_problems(row, pins)
    with tempfile.TemporaryDirectory(prefix="check-flavours-") as tmp:
        requirements = Path(tmp, "requirements.txt")
        requirements.write_text(done.stdout, encoding="utf-8")
        problems += wheel_problems(uv, row, requirements, env)
    return Result(row, pins, problems)


def wheel_problems(uv: str, row: Row, requirements: Path, env: dict[str, str]) -> list[str]:
    """Whether every pin of ``requirements`` has a wheel for ``row``'s platform."""
    platform_args = ["--python-version", PYTHON_VERSION, "--python-platform", row.target]
    with tempfile.TemporaryDirectory(prefix="check-flavours-") as tmp:
        install_cmd = [
            uv, "pip", "install", "--dry-run", "--only-binary", ":all:", "--no-deps",
            "--target", str(Path(tmp, "target")), "--python", sys.executable, *platform_args,
            "--quiet", "-r", str(requirements),
        ]  # fmt: skip
        # The compile has just cached the index pages of every pin, so try without the network
        # first; the pins are exact, so being offline cannot change the answer, only fail it.
        installed = _run([*install_cmd, "--offline"], env)
        if installed.returncode != 0:
            installed = _run(install_cmd, env)
    if installed.returncode != 0:
        return [
            f"a pinned package has no wheel for {row.target} "
            f"(uv pip install --dry-run --only-binary :all: failed):\n{_tail(installed.stderr)}"
        ]
    return []


def check_lock(uv: str, lock: locks.Lock, wheels: bool = True) -> Result:
    """One lock: exactly its flavour's two packages, and (``wheels``) a wheel for every pin."""
    runtime, genai = FLAVOURS[lock.flavour]
    row = Row(lock.target, lock.name, runtime, genai, lock.macos)
    if not lock.path.is_file():
        return Result(row, {}, [f"no lock file {lock.path.name} (run python scripts/lock.py)"])
    pins = parse_pins(lock.path.read_text("utf-8"))
    problems = flavour_problems(row, pins)
    if wheels:
        env = dict(os.environ)
        if lock.macos:
            env["MACOSX_DEPLOYMENT_TARGET"] = lock.macos
        problems += wheel_problems(uv, row, lock.path, env)
    return Result(row, pins, problems)


def format_table(results: Sequence[Result]) -> str:
    header = ("target", "extra", "onnxruntime flavour", "onnxruntime-genai flavour", "check")
    lines = [header]
    for result in results:
        lines.append(
            (
                result.row.target,
                result.row.extra,
                result.pin(RUNTIME_PACKAGES),
                result.pin(GENAI_PACKAGES),
                "FAIL" if result.problems else "ok",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--pyproject",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "pyproject.toml",
        help="the pyproject.toml to check (default: the repository's)",
    )
    parser.add_argument("--jobs", type=int, default=3, help="uv processes run at once (default: 3)")
    parser.add_argument(
        "--resolve", action="store_true", help="resolve the extras now instead of the locks"
    )
    parser.add_argument(
        "--no-wheels", action="store_true", help="locks only: skip the wheel check (offline)"
    )
    args = parser.parse_args(argv)

    uv = find_uv()
    if uv is None:
        print("error: uv not found next to the interpreter or on PATH (pip install uv)")
        return 2
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        if args.resolve:
            results = list(pool.map(lambda row: check_row(uv, args.pyproject, row), ROWS))
        else:
            wheels = not args.no_wheels
            results = list(pool.map(lambda lock: check_lock(uv, lock, wheels), locks.LOCKS))
    elapsed = time.monotonic() - started

    print(format_table(results))
    failed = [result for result in results if result.problems]
    for result in failed:
        print(f"\nFAIL {result.row.label}:")
        for problem in result.problems:
            print(f"  - {problem}")
    print(
        f"\n{len(results) - len(failed)}/{len(results)} rows ok in {elapsed:.1f}s "
        f"(Python {PYTHON_VERSION}, {uv})"
    )
    if failed:
        print(f"error: {len(failed)} row(s) failed: " + ", ".join(r.row.label for r in failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
