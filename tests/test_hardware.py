"""Hardware detection as a whole: every platform's detection with injected readers and
runners (not mocks), the real probe on this machine (no GPU), and the real command runner."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import agentic_desk
from agentic_desk.core.hardware.describe import format_report
from agentic_desk.core.hardware.detect import HostEnv, detect_hardware
from agentic_desk.core.hardware.model import OsInfo
from agentic_desk.core.hardware.nvidia import read_nvml
from agentic_desk.core.hardware.probing import CommandResult, ProbeError, run_command, run_or_note
from hardware_fakes import (
    CPU_BUILD,
    CUDA_BUILD,
    GIB,
    RTX_4090,
    FakeNvml,
    Runner,
    build_tree,
    data,
    library,
    never_loaded,
    ok,
)

REPORT_KEYS = {"os", "cpu", "memory", "disk", "gpus", "providers", "probe_notes"}


def fake_env(**overrides: Any) -> HostEnv:
    def unavailable() -> Any:
        raise ProbeError("not on this platform")

    values: dict[str, Any] = {
        "os_info": lambda: OsInfo("Windows", "10", "10.0.22631", "AMD64", "3.11.9", "Win 11"),
        "cpu_counts": lambda: (8, 16),
        "memory": lambda: (32 * GIB, 20 * GIB),
        "windows_cpu": lambda: json.loads(data("windows-cpu-x64.json")),
        "nvml": unavailable,
        "dxgi": unavailable,
        "genai_builds": lambda: CPU_BUILD,
        "cuda_library": never_loaded,
    }
    values.update(overrides)
    return HostEnv(**values)


def test_windows_with_nvidia_intel_and_the_cuda_build(tmp_path: Path) -> None:
    env = fake_env(
        sys_platform="win32",
        machine="AMD64",
        nvml=lambda: read_nvml(
            FakeNvml([{**RTX_4090, "name": "NVIDIA GeForce RTX 3070", "pci": 0x248410DE}])
        ),
        dxgi=lambda: json.loads(data("dxgi-adapters.json")),
        genai_builds=lambda: CUDA_BUILD,
        cuda_library=library("C:/x/onnxruntime_providers_cuda.dll", None),
    )
    runner = Runner()
    report = detect_hardware(tmp_path, runner=runner, env=env)
    assert runner.calls == []
    assert [(g.name, g.source) for g in report.gpus] == [
        ("NVIDIA GeForce RTX 3070", "nvml"),
        ("Intel(R) UHD Graphics 770", "dxgi"),
        ("Microsoft Basic Render Driver", "dxgi"),
    ]
    assert report.gpus[0].shared_memory_bytes == 17045651456  # filled in from DXGI
    assert report.providers.usable == ["cuda", "cpu"]
    assert report.providers.engine_pick == "cuda"
    assert report.providers.reasons == {
        "dml": "DirectML: this installation has the CUDA build of onnxruntime-genai "
        "(install agentic-desk[default])"
    }
    assert report.cpu.avx2 is True and report.cpu.logical_cores == 16
    text = format_report(report)
    assert "NVIDIA GeForce RTX 3070 (NVIDIA)" in text
    assert "the engine's pick (auto): CUDA" in text


def test_linux_with_amd_card_and_broken_nvidia_tools(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "root", "sysfs-amd-intel.json")
    (root / "proc").mkdir()
    (root / "proc" / "cpuinfo").write_text(data("cpuinfo-x86_64.txt"))
    env = fake_env(
        sys_platform="linux",
        machine="x86_64",
        root=root,
        nvml=lambda: read_nvml(FakeNvml(init_error="NVML Shared Library Not Found")),
    )
    runner = Runner({"nvidia-smi": subprocess.TimeoutExpired(["nvidia-smi"], 5)})
    report = detect_hardware(tmp_path / "models", runner=runner, env=env)
    assert report.cpu.name == "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz"
    assert [g.vendor for g in report.gpus] == ["Intel", "AMD"]
    assert report.probe_notes == [
        "NVML: NVML Shared Library Not Found",
        "nvidia-smi: no answer within 5 s",
    ]
    assert report.providers.usable == ["cpu"]
    assert report.disk.probed_path == str(tmp_path)
    assert report.disk.path == str(tmp_path / "models")


def test_macos(tmp_path: Path) -> None:
    runner = Runner(
        {
            "system_profiler": ok(data("system_profiler-m2.json")),
            "sysctl": CommandResult(
                1, data("sysctl-m2.txt"), "sysctl: unknown oid 'hw.optional.avx1_0'"
            ),
        }
    )
    env = fake_env(sys_platform="darwin", machine="arm64")
    report = detect_hardware(tmp_path, runner=runner, env=env)
    assert report.cpu.name == "Apple M2" and report.cpu.neon is True
    assert [g.name for g in report.gpus] == ["Apple M2"]
    assert not runner.ran("nvidia-smi")
    assert report.probe_notes == []
    assert "unified memory" in format_report(report)


def test_detection_never_raises(tmp_path: Path) -> None:
    def boom(*_args: Any) -> Any:
        raise RuntimeError("boom")

    for sys_platform in ("linux", "win32", "darwin", "sunos5"):
        env = HostEnv(
            sys_platform=sys_platform,
            machine="",
            root=tmp_path / "nothing",
            os_info=boom,
            cpu_counts=boom,
            memory=boom,
            windows_cpu=boom,
            nvml=boom,
            dxgi=boom,
            genai_builds=boom,
            cuda_library=boom,
        )
        report = detect_hardware(tmp_path / "models", runner=boom, env=env)
        assert report.providers.usable == ["cpu"]
        assert report.memory.total_bytes is None
        assert report.probe_notes
        assert set(json.loads(json.dumps(report.to_dict()))) == REPORT_KEYS
        assert format_report(report).startswith("OS:")


def test_a_bug_in_detection_still_returns_a_report(tmp_path: Path) -> None:
    broken = fake_env(sys_platform=None)  # not a string: a bug outside any probe's guard
    report = detect_hardware(tmp_path, runner=Runner(), env=broken)
    assert report.probe_notes == [
        "hardware detection failed: AttributeError: 'NoneType' object has no attribute 'startswith'"
    ]
    assert report.providers.engine_pick == "cpu"


# ---------------------------------------------------------------------- the real machine


def test_real_detection_on_this_machine(tmp_path: Path) -> None:
    if os.path.exists("/dev/nvidiactl") or sys.platform != "linux":
        pytest.skip("other platform: expects the project's CPU-only Linux test machine")
    report = detect_hardware(tmp_path / "models")
    assert report.os.system == "Linux"
    assert report.os.python
    assert report.cpu.name
    assert report.cpu.logical_cores and report.cpu.logical_cores >= 1
    assert report.cpu.avx is not None and report.cpu.neon is not None
    assert report.memory.total_bytes and report.memory.available_bytes
    assert 0 < report.memory.available_bytes <= report.memory.total_bytes
    assert report.disk.free_bytes and report.disk.total_bytes
    assert report.gpus == []
    assert report.providers.usable == ["cpu"]
    assert report.providers.engine_pick == "cpu"
    assert report.providers.compiled == {"cuda": False, "dml": False, "cpu": True}
    assert report.providers.genai_version
    assert set(report.providers.reasons) == {"cuda", "dml"}
    assert report.providers.reasons["cuda"].startswith("CUDA: ")
    assert any(note.startswith("NVML: ") for note in report.probe_notes)

    as_dict = report.to_dict()
    assert json.loads(json.dumps(as_dict)) == as_dict
    assert set(as_dict) == REPORT_KEYS
    text = format_report(report)
    assert text.startswith("OS:")
    for label in ("OS:", "CPU:", "RAM:", "Disk:", "GPUs:      none found", "Providers:"):
        assert label in text
    assert "the engine's pick (auto): CPU" in text


# ------------------------------------------------------------------------------ commands


def test_the_real_command_runner() -> None:
    result = run_command([sys.executable, "-c", "print('hi')"])
    assert (result.returncode, result.stdout.strip()) == (0, "hi")
    _result, note = run_or_note(run_command, ["agentic-desk-no-such-tool"], "tool")
    assert note == "tool: not found (not installed or not on PATH)"


def test_genai_is_only_reached_through_the_engine_doorway() -> None:
    sources = sorted((Path(agentic_desk.__file__).parent / "core" / "hardware").glob("*.py"))
    assert sources
    imported: list[str] = []
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.append(node.module)
    assert not [n for n in imported if n.split(".")[0] in {"onnxruntime", "onnxruntime_genai"}]
