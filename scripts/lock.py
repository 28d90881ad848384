"""The lock of every bundle's whole dependency set, per platform and flavour: write or check it.

    python scripts/lock.py            # (re)write locks/*.txt and locks/inputs.txt (needs uv)
    python scripts/lock.py --check    # offline: do the locks match pyproject.toml? (exit 1 if not)
    python scripts/lock.py --only linux-x86_64-cpu   # one lock

Each bundle (packaging/build.py) installs exactly the pins of ``locks/PLATFORM-FLAVOUR.txt``
(with their hashes, so a changed file on the index is refused) instead of whatever resolves
on the day. The locks are written by ``uv pip compile pyproject.toml --extra FLAVOUR-EXTRA
--extra build --python-version 3.11 --python-platform TARGET --generate-hashes``, one per row
of :data:`LOCKS`; ``scripts/check_flavours.py --locks`` then proves each lock holds exactly
its one onnxruntime flavour (``uv pip compile`` ignores ``[tool.uv].conflicts``: asked for
two engine extras at once it pins both, which that check refuses).

``locks/inputs.txt`` records what the locks were made from: the requirements of
``[project].dependencies`` and of the extras used, normalised. ``--check`` compares it with
pyproject.toml and names every requirement added, removed or changed since: a dependency
added to pyproject.toml without running this script fails CI (tests/test_lock.py) until the
locks are written again.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCKS_DIR = ROOT / "locks"
PYTHON_VERSION = "3.11"
#: the extra each flavour is installed with (directml: the `default` extra on Windows x64)
FLAVOUR_EXTRAS = {"cpu": "cpu", "cuda": "cuda", "directml": "default"}
#: extras every bundle carries besides its flavour's
BUNDLE_EXTRAS = ("build",)
COMMAND = "python scripts/lock.py"


@dataclass(frozen=True)
class Lock:
    """One bundle's lock: ``locks/{platform}-{flavour}.txt``."""

    platform: str  # linux-x86_64, windows-x86_64, macos-arm64 ... (packaging/build.py's key)
    flavour: str
    target: str  # uv's --python-platform
    macos: str | None = None  # MACOSX_DEPLOYMENT_TARGET

    @property
    def name(self) -> str:
        return f"{self.platform}-{self.flavour}"

    @property
    def path(self) -> Path:
        return LOCKS_DIR / f"{self.name}.txt"

    @property
    def extras(self) -> tuple[str, ...]:
        return (FLAVOUR_EXTRAS[self.flavour], *BUNDLE_EXTRAS)


# Targets carry a glibc / macOS version: uv's plain `linux` target means manylinux_2_28,
# where PySide6 stops at 6.9.3 (its 6.10+ x86_64 wheels are manylinux_2_34), and without a
# macOS version uv assumes an old one (ARCHITECTURE.md, Fact 8). glibc 2.34 is
# onnxruntime-genai's floor on x86_64; aarch64's wheels need 2.39. Intel Macs: 13.0 (genai
# 0.11.4, its last release for them); Apple Silicon: 14.0 (genai 0.18 needs it). No CUDA
# on macOS: there is no such build (the cuda extra resolves no engine there), so no lock.
LOCKS: tuple[Lock, ...] = (
    Lock("linux-x86_64", "cpu", "x86_64-manylinux_2_34"),
    Lock("linux-x86_64", "cuda", "x86_64-manylinux_2_34"),
    Lock("linux-aarch64", "cpu", "aarch64-manylinux_2_39"),
    Lock("linux-aarch64", "cuda", "aarch64-manylinux_2_39"),
    Lock("windows-x86_64", "directml", "x86_64-pc-windows-msvc"),
    Lock("windows-x86_64", "cpu", "x86_64-pc-windows-msvc"),
    Lock("windows-x86_64", "cuda", "x86_64-pc-windows-msvc"),
    Lock("macos-arm64", "cpu", "aarch64-apple-darwin", macos="14.0"),
    Lock("macos-x86_64", "cpu", "x86_64-apple-darwin", macos="13.0"),
)
#: why a flavour has no lock on a platform (packaging/build.py says the same)
NO_LOCK = {
    ("macos", "cuda"): "NVIDIA CUDA has no macOS build (onnxruntime-genai-cuda publishes "
    "no macOS wheels: the cuda extra would install no engine at all)",
    ("macos", "directml"): "DirectML is Windows only",
    ("linux", "directml"): "DirectML is Windows only",
}


def find(platform: str, flavour: str) -> Lock:
    """The lock of ``platform`` (``linux-x86_64`` ...) and ``flavour``, or SystemExit saying
    why there is none."""
    for lock in LOCKS:
        if lock.platform == platform and lock.flavour == flavour:
            return lock
    why = NO_LOCK.get((platform.split("-", maxsplit=1)[0], flavour), "no bundle is built for it")
    raise SystemExit(f"error: no {flavour} bundle for {platform}: {why}")


def normalise(requirement: str) -> str:
    """One requirement as recorded: name lower-cased and PEP 503 normalised, no spaces."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)(.*)", requirement)
    if match is None:
        raise ValueError(f"not a requirement: {requirement!r}")
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    rest = re.sub(r"\s+", "", match.group(2)).replace("'", '"')
    return name + rest


def inputs(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """What the locks are made from, as ``locks/inputs.txt`` records it."""
    project = tomllib.loads(pyproject.read_text("utf-8"))["project"]
    extras = sorted({extra for lock in LOCKS for extra in lock.extras})
    lines = [
        "# What the locks in this folder were made from (python scripts/lock.py writes it;",
        "# `python scripts/lock.py --check` compares it with pyproject.toml).",
        f"python {PYTHON_VERSION} (requires-python {project.get('requires-python', '')})",
        "[dependencies]",
        *sorted(normalise(r) for r in project.get("dependencies", [])),
    ]
    for extra in extras:
        requirements = project["optional-dependencies"][extra]
        lines += [f"[{extra}]", *sorted(normalise(r) for r in requirements)]
    return "\n".join(lines) + "\n"


def find_uv() -> str:
    scripts = Path(sys.executable).parent
    for candidate in (scripts / "uv", scripts / "uv.exe"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("uv")
    if found is None:
        raise SystemExit("error: uv not found (python -m pip install uv)")
    return found


def write(lock: Lock, uv: str) -> None:
    env = dict(os.environ)
    if lock.macos:
        env["MACOSX_DEPLOYMENT_TARGET"] = lock.macos
    extras = [arg for extra in lock.extras for arg in ("--extra", extra)]
    cmd = [
        uv, "pip", "compile", "pyproject.toml", *extras,
        "--python-version", PYTHON_VERSION, "--python-platform", lock.target,
        "--generate-hashes", "--no-emit-package", "agentic-desk", "--quiet",
        "--custom-compile-command", f"{COMMAND} --only {lock.name}",
        "--output-file", str(lock.path.relative_to(ROOT)),
    ]  # fmt: skip
    print(f"{lock.name}: {lock.target}" + (f" (macOS {lock.macos})" if lock.macos else ""))
    done = subprocess.run(cmd, cwd=ROOT, env=env, check=False, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"error: uv pip compile failed for {lock.name}:\n{done.stderr}")


def check(pyproject: Path = ROOT / "pyproject.toml", locks_dir: Path = LOCKS_DIR) -> list[str]:
    """What is out of date (empty: the locks match pyproject.toml)."""
    problems = []
    missing = [lock.name for lock in LOCKS if not (locks_dir / lock.path.name).is_file()]
    if missing:
        problems.append(f"no lock for {', '.join(missing)}")
    recorded_path = locks_dir / "inputs.txt"
    recorded = recorded_path.read_text("utf-8") if recorded_path.is_file() else ""
    current = inputs(pyproject)
    if recorded != current:
        diff = difflib.unified_diff(
            recorded.splitlines(), current.splitlines(), "locks/inputs.txt", "pyproject.toml",
            lineterm="", n=0,
        )  # fmt: skip
        changed = [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        problems.append(
            "pyproject.toml's dependencies are not what the locks were made from:\n"
            + "\n".join(f"    {line}" for line in changed)
        )
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only check, offline")
    parser.add_argument("--only", action="append", metavar="NAME", help="e.g. linux-x86_64-cpu")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(f"locks out of date: {problem}")
        if problems:
            print(f"error: run `{COMMAND}` and commit locks/")
            return 1
        print(f"locks/: {len(LOCKS)} locks match pyproject.toml")
        return 0
    chosen = list(LOCKS)
    if args.only:
        chosen = []
        for name in args.only:
            platform, _, flavour = name.rpartition("-")
            chosen.append(find(platform, flavour))
    uv = find_uv()
    LOCKS_DIR.mkdir(exist_ok=True)
    for lock in chosen:
        write(lock, uv)
    (LOCKS_DIR / "inputs.txt").write_text(inputs(), "utf-8")
    print(f"wrote {len(chosen)} lock(s) and locks/inputs.txt; now python scripts/check_flavours.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
