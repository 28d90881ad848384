"""scripts/check_flavours.py: every (platform, extra) resolves to exactly one engine flavour.

The end-to-end test asks the package index through uv (a few seconds with uv's cache, ~20 s
cold) and skips when the index cannot be reached. The parsing/assertion helpers of the script
are also tested offline.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from index_helpers import unreachable_reason

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check_flavours.py"

CPU = ("onnxruntime", "onnxruntime-genai")
CUDA = ("onnxruntime-gpu", "onnxruntime-genai-cuda")
DIRECTML = ("onnxruntime-directml", "onnxruntime-genai-directml")

# What each installer target must get; written out here independently of the script's table.
EXPECTED: dict[tuple[str, str], tuple[str, str]] = {
    ("x86_64-pc-windows-msvc", "default"): DIRECTML,
    ("x86_64-pc-windows-msvc", "cpu"): CPU,
    ("x86_64-pc-windows-msvc", "cuda"): CUDA,
    ("aarch64-apple-darwin", "default"): CPU,
    ("aarch64-apple-darwin", "cpu"): CPU,
    ("x86_64-apple-darwin", "default"): CPU,
    ("x86_64-manylinux_2_34", "default"): CPU,
    ("x86_64-manylinux_2_34", "cpu"): CPU,
    ("x86_64-manylinux_2_34", "cuda"): CUDA,
    ("aarch64-manylinux_2_39", "default"): CPU,
    ("aarch64-manylinux_2_39", "cpu"): CPU,
    ("aarch64-manylinux_2_39", "cuda"): CUDA,
}


@pytest.fixture(scope="module")
def index_reachable() -> None:
    reason = unreachable_reason()
    if reason is not None:
        pytest.skip(reason)


@pytest.mark.timeout(600)
@pytest.mark.usefixtures("index_reachable")
def test_every_target_resolves_to_its_one_flavour() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--resolve"],
        check=False,
        capture_output=True,
        text=True,
        timeout=590,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {
        (parts[0], parts[1]): parts[2:]
        for parts in (line.split() for line in done.stdout.splitlines())
        if len(parts) >= 5
    }
    for (target, extra), (runtime, genai) in EXPECTED.items():
        assert (target, extra) in rows, f"no row for {target} [{extra}] in:\n{done.stdout}"
        found_runtime, found_genai, status = rows[target, extra][:3]
        assert found_runtime.startswith(f"{runtime}=="), (target, extra, found_runtime)
        assert found_genai.startswith(f"{genai}=="), (target, extra, found_genai)
        assert status == "ok"
    assert "rows ok in" in done.stdout


# --- the script's helpers, offline --------------------------------------------------------------


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_flavours", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_parse_pins_reads_uv_output(script: ModuleType) -> None:
    text = (
        "# comment\n"
        "numpy==2.4.6\n"
        "ONNXRuntime_GenAI==0.18.0    # via agentic-desk\n"
        "onnxruntime-gpu==1.31.1 ; sys_platform == 'linux'\n"
        "-e file:///work/main\n"
        "    # via onnx\n"
    )
    assert script.parse_pins(text) == {
        "numpy": "2.4.6",
        "onnxruntime-genai": "0.18.0",
        "onnxruntime-gpu": "1.31.1",
    }


def test_flavour_problems_accepts_the_expected_pair(script: ModuleType) -> None:
    row = script.Row("x86_64-manylinux_2_34", "cuda", *CUDA)
    pins = {"onnxruntime-gpu": "1.31.1", "onnxruntime-genai-cuda": "0.18.0", "numpy": "2"}
    assert script.flavour_problems(row, pins) == []


def test_flavour_problems_reports_a_second_flavour(script: ModuleType) -> None:
    row = script.Row("x86_64-manylinux_2_34", "cuda", *CUDA)
    pins = {
        "onnxruntime": "1.31.1",
        "onnxruntime-gpu": "1.31.1",
        "onnxruntime-genai-cuda": "0.18.0",
    }
    assert script.flavour_problems(row, pins) == [
        "expected exactly one onnxruntime flavour (onnxruntime-gpu), "
        "got: onnxruntime==1.31.1, onnxruntime-gpu==1.31.1"
    ]


def test_flavour_problems_reports_a_wrong_or_missing_flavour(script: ModuleType) -> None:
    row = script.Row("x86_64-pc-windows-msvc", "default", *DIRECTML)
    pins = {"onnxruntime": "1.31.1"}
    assert script.flavour_problems(row, pins) == [
        "expected onnxruntime-directml, got onnxruntime==1.31.1",
        "expected exactly one onnxruntime-genai flavour (onnxruntime-genai-directml), got: none",
    ]


def test_script_table_covers_the_expected_rows(script: ModuleType) -> None:
    table = {(row.target, row.extra): (row.runtime, row.genai) for row in script.ROWS}
    for key, flavour in EXPECTED.items():
        assert table.get(key) == flavour, key
    # macOS needs a deployment target, or uv assumes old tags and picks old releases.
    assert all(row.macos for row in script.ROWS if "apple-darwin" in row.target)
