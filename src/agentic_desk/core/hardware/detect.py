""":func:`detect_hardware`: every probe this platform has, merged into one report.

Each reader (command runner, NVML, DXGI, ...) is a parameter, so tests run any
platform's detection on any machine."""

from __future__ import annotations

import contextlib
import dataclasses
import platform
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agentic_desk.core.hardware.linux import gpus_from_sysfs, parse_cpuinfo, read_sysfs_gpus
from agentic_desk.core.hardware.macos import (
    SYSCTL_QUERY,
    SYSTEM_PROFILER_QUERY,
    cpu_from_sysctl,
    parse_sysctl,
    parse_system_profiler,
)
from agentic_desk.core.hardware.merge import merge_gpus
from agentic_desk.core.hardware.model import (
    NVIDIA,
    UNKNOWN,
    CpuInfo,
    DiskInfo,
    GpuInfo,
    HardwareReport,
    MemoryInfo,
    OsInfo,
    ProvidersInfo,
)
from agentic_desk.core.hardware.nvidia import probe_nvidia, read_nvml
from agentic_desk.core.hardware.probing import (
    Runner,
    command_failure,
    error_text,
    run_command,
    run_or_note,
)
from agentic_desk.core.hardware.providers import (
    GenaiBuilds,
    LibraryCheck,
    check_cuda_provider_library,
    decide_providers,
    read_genai_builds,
)
from agentic_desk.core.hardware.system import probe_disk, read_cpu_counts, read_memory, read_os_info
from agentic_desk.core.hardware.windows import (
    cpu_from_windows,
    gpus_from_dxgi,
    read_dxgi_adapters,
    read_windows_cpu,
)


@dataclass(frozen=True)
class HostEnv:
    """Everything :func:`detect_hardware` asks the machine, replaceable in tests.

    ``sys_platform`` is ``sys.platform`` ("linux", "win32", "darwin"); ``root`` is where
    ``proc/cpuinfo`` and ``sys/class/drm`` are read from."""

    sys_platform: str = sys.platform
    machine: str = field(default_factory=platform.machine)
    root: Path = Path("/")
    os_info: Callable[[], OsInfo] = read_os_info
    cpu_counts: Callable[[], tuple[int | None, int | None]] = read_cpu_counts
    memory: Callable[[], tuple[int, int]] = read_memory
    windows_cpu: Callable[[], Mapping[str, Any]] = read_windows_cpu
    nvml: Callable[[], Mapping[str, Any]] = read_nvml
    dxgi: Callable[[], Sequence[Mapping[str, Any]]] = read_dxgi_adapters
    genai_builds: Callable[[], GenaiBuilds] = read_genai_builds
    cuda_library: Callable[[], LibraryCheck] = check_cuda_provider_library


def _fallback_cpu() -> CpuInfo:
    name: str | None = None
    with contextlib.suppress(Exception):
        name = platform.processor() or None
    return CpuInfo(name=name, source="platform")


def _probe_cpu(host: HostEnv, runner: Runner, notes: list[str]) -> CpuInfo:
    cpu = _fallback_cpu()
    try:
        if host.sys_platform.startswith("linux"):
            text = (host.root / "proc" / "cpuinfo").read_text("utf-8", "replace")
            cpu = parse_cpuinfo(text, host.machine)
        elif host.sys_platform == "darwin":
            result, problem = run_or_note(runner, SYSCTL_QUERY, "sysctl")
            if result is None:
                notes.append(f"CPU: {problem}")
            else:
                values = parse_sysctl(result.stdout)
                if not values:
                    notes.append(f"CPU: {command_failure('sysctl', result)}")
                else:
                    cpu = cpu_from_sysctl(values, host.machine)
                    if values.get("sysctl.proc_translated") == "1":
                        notes.append(
                            "CPU: this Python runs under Rosetta 2 (x86_64 on Apple Silicon); "
                            "an arm64 Python is much faster"
                        )
        elif host.sys_platform == "win32":
            cpu = cpu_from_windows(host.windows_cpu(), host.machine)
    except Exception as exc:
        notes.append(f"CPU: {error_text(exc)}")
    if cpu.name is None:
        cpu = dataclasses.replace(cpu, name=_fallback_cpu().name)
    try:
        physical, logical = host.cpu_counts()
        cpu = dataclasses.replace(cpu, physical_cores=physical, logical_cores=logical)
    except Exception as exc:
        notes.append(f"CPU cores: {error_text(exc)}")
    return cpu


def _probe_memory(host: HostEnv, notes: list[str]) -> MemoryInfo:
    try:
        total, available = host.memory()
        return MemoryInfo(int(total), int(available))
    except Exception as exc:
        notes.append(f"memory: {error_text(exc)}")
        return MemoryInfo(None, None)


def _platform_gpus(
    host: HostEnv, runner: Runner, notes: list[str]
) -> tuple[list[GpuInfo], list[GpuInfo], str]:
    """GPUs from the platform's own probe, the DXGI adapters (Windows), and the DXGI note."""
    if host.sys_platform == "win32":
        try:
            dxgi = gpus_from_dxgi(host.dxgi())
        except Exception as exc:
            note = f"DXGI: {error_text(exc)}"
            notes.append(note)
            return [], [], note
        return dxgi, dxgi, ""
    if host.sys_platform == "darwin":
        result, problem = run_or_note(runner, SYSTEM_PROFILER_QUERY, "system_profiler")
        if result is None:
            notes.append(problem)
        elif result.returncode != 0:
            notes.append(command_failure("system_profiler", result))
        else:
            try:
                return parse_system_profiler(result.stdout), [], ""
            except Exception as exc:
                notes.append(f"system_profiler: unreadable output ({error_text(exc)})")
        return [], [], ""
    if host.sys_platform.startswith("linux"):
        try:
            return gpus_from_sysfs(read_sysfs_gpus(host.root)), [], ""
        except Exception as exc:
            notes.append(f"sysfs: {error_text(exc)}")
    return [], [], ""


def _detect(models_dir: Path, runner: Runner, host: HostEnv) -> HardwareReport:
    notes: list[str] = []
    try:
        os_info = host.os_info()
    except Exception as exc:
        notes.append(f"OS: {error_text(exc)}")
        os_info = OsInfo(UNKNOWN, "", "", host.machine, platform.python_version())
    cpu = _probe_cpu(host, runner, notes)
    memory = _probe_memory(host, notes)
    disk, disk_note = probe_disk(models_dir)
    if disk_note:
        notes.append(disk_note)

    nvidia: list[GpuInfo] = []
    nvidia_notes: list[str] = []
    if host.sys_platform == "win32" or host.sys_platform.startswith("linux"):
        nvidia, nvidia_notes = probe_nvidia(host.nvml, runner)
        notes.extend(nvidia_notes)
    platform_gpus, dxgi_gpus, dxgi_note = _platform_gpus(host, runner, notes)
    gpus = merge_gpus(nvidia, platform_gpus)
    nvidia_elsewhere = any(g.vendor == NVIDIA and not g.software for g in platform_gpus)

    builds: GenaiBuilds | None = None
    builds_error = ""
    try:
        builds = host.genai_builds()
    except Exception as exc:
        builds_error = error_text(exc)
        notes.append(f"onnxruntime-genai: {builds_error}")
    providers = decide_providers(
        sys_platform=host.sys_platform,
        machine=host.machine,
        builds=builds,
        builds_error=builds_error,
        nvidia_gpus=nvidia,
        nvidia_notes=nvidia_notes,
        nvidia_elsewhere=nvidia_elsewhere,
        dxgi_gpus=dxgi_gpus,
        dxgi_note=dxgi_note,
        cuda_library=host.cuda_library,
    )
    return HardwareReport(os_info, cpu, memory, disk, gpus, providers, notes)


def detect_hardware(
    models_dir: Path, *, runner: Runner = run_command, env: HostEnv | None = None
) -> HardwareReport:
    """Probe this machine (see the module docstring). Never raises."""
    host = env if env is not None else HostEnv()
    try:
        return _detect(models_dir, runner, host)
    except Exception as exc:  # a bug in a probe must not take the app down
        return HardwareReport(
            os=OsInfo(UNKNOWN, "", "", "", platform.python_version()),
            cpu=CpuInfo(name=None),
            memory=MemoryInfo(None, None),
            disk=DiskInfo(str(models_dir), None, None, None),
            gpus=[],
            providers=ProvidersInfo(
                compiled={"cuda": False, "dml": False, "cpu": False},
                usable=["cpu"],
                engine_pick="cpu",
                reasons={},
            ),
            probe_notes=[f"hardware detection failed: {type(exc).__name__}: {error_text(exc)}"],
        )
