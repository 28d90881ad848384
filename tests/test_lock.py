"""locks/: every bundle's whole dependency set, per platform and flavour (scripts/lock.py).

Offline: the locks match pyproject.toml (a dependency added without `scripts/lock.sh` fails
here, naming it), each lock holds exactly its one onnxruntime flavour. With the package index:
uv's `pip compile` ignores `[tool.uv].conflicts` and resolves two engine extras together, which
the lock check and the app's start-up check both refuse; and the cuda extra on macOS resolves
no engine at all, so there is no macOS CUDA lock and packaging/build.py refuses to build one.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.flavour import check_single_flavour
from index_helpers import unreachable_reason

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scripts() -> Iterator[tuple[ModuleType, ModuleType]]:
    saved = list(sys.path)
    try:
        yield load("lock"), load("check_flavours")
    finally:
        sys.path[:] = saved
        sys.modules.pop("lock", None)
        sys.modules.pop("check_flavours", None)


def test_the_locks_match_pyproject() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "lock.py"), "--check"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "locks/: 9 locks match pyproject.toml"


def test_a_dependency_added_without_relocking_is_named(
    scripts: tuple[ModuleType, ModuleType], tmp_path: Path
) -> None:
    lock, _ = scripts
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    changed = text.replace("dependencies = [\n", 'dependencies = [\n    "odfpy>=1.4",\n', 1)
    changed = changed.replace('"fpdf2>=2.8",', '"fpdf2>=2.9",', 1)
    assert changed.count("odfpy") == 1 and '"fpdf2>=2.9"' in changed
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(changed, "utf-8")

    problems = lock.check(pyproject)

    assert len(problems) == 1
    assert problems[0].splitlines() == [
        "pyproject.toml's dependencies are not what the locks were made from:",
        "    -fpdf2>=2.8",
        "    +fpdf2>=2.9",
        "    +odfpy>=1.4",
    ]
    assert lock.check(ROOT / "pyproject.toml") == []


def test_every_lock_holds_exactly_its_flavour(scripts: tuple[ModuleType, ModuleType]) -> None:
    lock, check_flavours = scripts
    names = {(entry.platform, entry.flavour) for entry in lock.LOCKS}
    assert names == {
        ("linux-x86_64", "cpu"), ("linux-x86_64", "cuda"),
        ("linux-aarch64", "cpu"), ("linux-aarch64", "cuda"),
        ("windows-x86_64", "directml"), ("windows-x86_64", "cpu"), ("windows-x86_64", "cuda"),
        ("macos-arm64", "cpu"), ("macos-x86_64", "cpu"),
    }  # fmt: skip
    for entry in lock.LOCKS:
        result = check_flavours.check_lock("uv", entry, wheels=False)
        assert result.problems == [], entry.name
        runtime, genai = check_flavours.FLAVOURS[entry.flavour]
        assert runtime in result.pins and genai in result.pins
    # PySide6 is the same everywhere: the Linux targets name glibc 2.34, where its 6.10+
    # wheels start (uv's plain `linux` means manylinux_2_28, which stops at 6.9.3)
    qt = {entry.name: check_flavours.check_lock("uv", entry, False).pins["pyside6-essentials"]
          for entry in lock.LOCKS}  # fmt: skip
    assert len(set(qt.values())) == 1, qt


def test_a_lock_with_two_flavours_is_refused(
    scripts: tuple[ModuleType, ModuleType], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock, check_flavours = scripts
    entry = lock.find("linux-x86_64", "cpu")
    mixed = tmp_path / entry.path.name
    mixed.write_text(entry.path.read_text("utf-8") + "onnxruntime-genai-cuda==0.18.0\n", "utf-8")
    monkeypatch.setattr(lock, "LOCKS_DIR", tmp_path)

    result = check_flavours.check_lock("uv", entry, wheels=False)

    assert result.problems == [
        "expected exactly one onnxruntime-genai flavour (onnxruntime-genai), got: "
        "onnxruntime-genai==0.18.0, onnxruntime-genai-cuda==0.18.0"
    ]


def test_no_cuda_lock_for_macos_and_why(scripts: tuple[ModuleType, ModuleType]) -> None:
    lock, _ = scripts
    with pytest.raises(SystemExit) as raised:
        lock.find("macos-arm64", "cuda")
    assert str(raised.value) == (
        "error: no cuda bundle for macos-arm64: NVIDIA CUDA has no macOS build "
        "(onnxruntime-genai-cuda publishes no macOS wheels: the cuda extra would install no "
        "engine at all)"
    )


# --- what uv resolves (needs the package index; uv's cache makes it quick) -------------------


def compile_pins(check_flavours: ModuleType, target: str, *extras: str) -> dict[str, str]:
    uv = check_flavours.find_uv()
    if uv is None:
        pytest.fail("uv is not installed (it is in the dev extra)")
    env = {**os.environ, "MACOSX_DEPLOYMENT_TARGET": "14.0"}
    done = subprocess.run(
        [uv, "pip", "compile", str(ROOT / "pyproject.toml"),
         *(arg for extra in extras for arg in ("--extra", extra)),
         "--python-version", "3.11", "--python-platform", target, "--no-header", "--quiet"],
        capture_output=True, text=True, check=False, timeout=300, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pins: dict[str, str] = check_flavours.parse_pins(done.stdout)
    return pins


@pytest.mark.timeout(600)
@pytest.mark.usefixtures("index_reachable")
def test_uv_resolves_two_engine_extras_and_both_checks_refuse_it(
    scripts: tuple[ModuleType, ModuleType],
) -> None:
    _, check_flavours = scripts
    pins = compile_pins(check_flavours, "x86_64-manylinux_2_34", "default", "cuda")
    # uv pip compile ignored [tool.uv].conflicts: both flavours are pinned
    assert {"onnxruntime-genai", "onnxruntime-genai-cuda"} <= pins.keys()
    row = check_flavours.Row("x86_64-manylinux_2_34", "default+cuda", *check_flavours.CPU)
    assert len(check_flavours.flavour_problems(row, pins)) == 2  # runtime and genai
    # and an environment installed from it does not start
    with pytest.raises(AgenticDeskError, match="More than one onnxruntime flavour"):
        check_single_flavour(pins.get)


@pytest.mark.timeout(600)
@pytest.mark.usefixtures("index_reachable")
def test_the_cuda_extra_on_macos_resolves_no_engine(
    scripts: tuple[ModuleType, ModuleType],
) -> None:
    _, check_flavours = scripts
    pins = compile_pins(check_flavours, "aarch64-apple-darwin", "cuda")
    flavours = set(check_flavours.RUNTIME_PACKAGES + check_flavours.GENAI_PACKAGES)
    assert flavours.isdisjoint(pins), sorted(flavours & pins.keys())


@pytest.fixture(scope="module")
def index_reachable() -> None:
    reason = unreachable_reason()
    if reason is not None:
        pytest.skip(reason)
