"""The OS, RAM, CPU core counts and free disk space: the same on every platform."""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
from pathlib import Path

from agentic_desk.core.hardware.model import UNKNOWN, DiskInfo, OsInfo
from agentic_desk.core.hardware.probing import ProbeError, error_text, parse_int


def read_os_info() -> OsInfo:
    system = platform.system() or UNKNOWN
    release, version = platform.release(), platform.version()
    description: str | None = None
    with contextlib.suppress(Exception):
        if system == "Linux":
            description = platform.freedesktop_os_release().get("PRETTY_NAME")
        elif system == "Darwin":
            mac = platform.mac_ver()[0]
            description = f"macOS {mac}" if mac else None
        elif system == "Windows":
            build = parse_int(version.split(".")[-1]) or 0
            name = "Windows 11" if release == "10" and build >= 22000 else f"Windows {release}"
            edition = platform.win32_edition()
            description = f"{name} {edition}".strip() if edition else name
    return OsInfo(
        system=system,
        release=release,
        version=version,
        machine=platform.machine(),
        python=platform.python_version(),
        description=description,
    )


def read_memory() -> tuple[int, int]:
    import psutil

    memory = psutil.virtual_memory()
    return int(memory.total), int(memory.available)


def read_cpu_counts() -> tuple[int | None, int | None]:
    import psutil

    physical = psutil.cpu_count(logical=False)
    logical = psutil.cpu_count(logical=True) or os.cpu_count()
    return (int(physical) if physical else None), (int(logical) if logical else None)


def probe_disk(models_dir: Path) -> tuple[DiskInfo, str]:
    """Free space where models go: the models folder, or its nearest existing parent.
    Returns the info and a note ("" when all went well)."""
    path = str(models_dir)
    try:
        target = Path(os.path.abspath(os.path.expanduser(models_dir)))
        probe = target
        while not probe.exists():
            if probe.parent == probe:
                raise ProbeError(f"no part of {target} exists")
            probe = probe.parent
        usage = shutil.disk_usage(probe)
    except Exception as exc:
        return DiskInfo(path, None, None, None), f"disk: {error_text(exc)}"
    return DiskInfo(path, str(probe), int(usage.free), int(usage.total)), ""
