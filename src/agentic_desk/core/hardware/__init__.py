"""What this computer has, and which execution providers can really run here.

:func:`detect_hardware` never raises: every probe that fails degrades to "unknown"
(``None``) and leaves a note saying why. Each probe is split in two:

* a small *reader* that talks to the platform (NVML, ``nvidia-smi``, DXGI through ctypes,
  ``system_profiler``, sysfs, ``/proc/cpuinfo``, ``sysctl``, the Windows registry) and
  returns plain data (text, dicts);
* a pure *parser* that turns that data into the dataclasses of :mod:`.model`.

So every platform's parsing is tested on any machine with recorded outputs, and
:func:`detect_hardware` takes its readers as parameters (``runner`` for commands,
``env`` for everything else).

Modules: :mod:`.model` (the report), :mod:`.probing` (commands, notes), :mod:`.linux`,
:mod:`.windows`, :mod:`.macos`, :mod:`.nvidia`, :mod:`.system` (OS, RAM, disk),
:mod:`.providers` (which execution provider, and why), :mod:`.merge` (one entry per GPU),
:mod:`.detect` (all of it, per platform), :mod:`.describe` (text for people).
"""

from __future__ import annotations

from agentic_desk.core.hardware.describe import format_report
from agentic_desk.core.hardware.detect import HostEnv, detect_hardware
from agentic_desk.core.hardware.model import (
    CpuInfo,
    DiskInfo,
    GpuInfo,
    HardwareReport,
    MemoryInfo,
    OsInfo,
    ProvidersInfo,
)
from agentic_desk.core.hardware.probing import CommandResult, ProbeError, Runner, run_command

__all__ = [
    "CommandResult",
    "CpuInfo",
    "DiskInfo",
    "GpuInfo",
    "HardwareReport",
    "HostEnv",
    "MemoryInfo",
    "OsInfo",
    "ProbeError",
    "ProvidersInfo",
    "Runner",
    "detect_hardware",
    "format_report",
    "run_command",
]
