"""macOS: the GPUs from ``system_profiler`` and the CPU from ``sysctl``."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from agentic_desk.core.hardware.model import (
    AMD,
    APPLE,
    GIB,
    INTEL,
    MIB,
    NVIDIA,
    UNKNOWN,
    CpuInfo,
    GpuInfo,
    arch_family,
    vendor_name,
)
from agentic_desk.core.hardware.probing import parse_int

# --------------------------------------------------------------- GPUs: system_profiler

SYSTEM_PROFILER_QUERY: tuple[str, ...] = ("system_profiler", "SPDisplaysDataType", "-json")
_SIZE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([KMGT]?)B?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "K": 1024, "M": MIB, "G": GIB, "T": 1024**4}


def parse_size(text: Any) -> int | None:
    """``"8 GB"`` / ``"1536 MB"`` as bytes (binary units, as macOS means them)."""
    if not isinstance(text, str):
        return None
    match = _SIZE.match(text)
    if not match:
        return None
    number = float(match.group(1).replace(",", "."))
    return round(number * _UNITS[match.group(2).upper()])


def _vendor_from_text(text: str, name: str) -> tuple[str, int | None]:
    """A vendor from system_profiler's ``spdisplays_vendor`` ("sppci_vendor_Apple",
    "sppci_vendor_amd", "NVIDIA (0x10de)"), else from the model name."""
    lowered = text.strip().lower().removeprefix("sppci_vendor_")
    match = re.search(r"\(0x([0-9a-f]{4})\)", lowered)
    if match:
        vendor_id = int(match.group(1), 16)
        return vendor_name(vendor_id), vendor_id
    for candidate in (lowered, name.strip().lower()):
        for prefix, vendor in (
            ("apple", APPLE),
            ("amd", AMD),
            ("ati", AMD),
            ("radeon", AMD),
            ("intel", INTEL),
            ("nvidia", NVIDIA),
        ):
            if candidate.startswith(prefix):
                return vendor, None
    return UNKNOWN, None


def parse_system_profiler(text: str) -> list[GpuInfo]:
    """Parse ``system_profiler SPDisplaysDataType -json``."""
    data = json.loads(text)
    entries = data.get("SPDisplaysDataType", []) if isinstance(data, dict) else []
    gpus: list[GpuInfo] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        name = str(entry.get("sppci_model") or entry.get("_name") or "GPU")
        vendor, vendor_id = _vendor_from_text(str(entry.get("spdisplays_vendor", "")), name)
        device_id = parse_int(entry.get("spdisplays_device-id"), 16)
        vram = parse_size(entry.get("spdisplays_vram"))
        shared = parse_size(entry.get("spdisplays_vram_shared")) or parse_size(
            entry.get("_spdisplays_vram")
        )
        cores = parse_int(entry.get("sppci_cores"))
        unified = vendor == APPLE and vram is None
        notes = (
            ("unified memory: the GPU uses the system RAM (no separate VRAM)",) if unified else ()
        )
        gpus.append(
            GpuInfo(
                vendor=vendor,
                name=name,
                source="system_profiler",
                vram_total_bytes=vram,
                shared_memory_bytes=shared,
                unified_memory=unified,
                pci_vendor_id=vendor_id,
                pci_device_id=device_id,
                cores=cores,
                notes=notes,
            )
        )
    return gpus


# ------------------------------------------------------------------------- CPU: sysctl

SYSCTL_QUERY: tuple[str, ...] = (
    "sysctl",
    "machdep.cpu.brand_string",
    "hw.optional.avx1_0",
    "hw.optional.avx2_0",
    "hw.optional.avx512f",
    "hw.optional.fma",
    "hw.optional.neon",
    "sysctl.proc_translated",
)


def parse_sysctl(text: str) -> dict[str, str]:
    """``name: value`` lines from ``sysctl name...`` (names it does not know are left out:
    macOS prints "unknown oid" on stderr for them and goes on)."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            values[key.strip()] = value.strip()
    return values


def cpu_from_sysctl(values: Mapping[str, str], machine: str) -> CpuInfo:
    """macOS: name from ``machdep.cpu.brand_string``, features from ``hw.optional.*``."""

    def flag(key: str) -> bool | None:
        value = values.get(key)
        return None if value is None else value.strip() == "1"

    name = values.get("machdep.cpu.brand_string") or None
    if arch_family(machine) == "arm":
        neon = flag("hw.optional.neon")
        return CpuInfo(
            name=name,
            avx=False,
            avx2=False,
            avx512=False,
            fma=False,
            neon=True if neon is None else neon,  # Advanced SIMD is part of arm64
            source="sysctl",
        )
    return CpuInfo(
        name=name,
        avx=flag("hw.optional.avx1_0"),
        avx2=flag("hw.optional.avx2_0"),
        avx512=flag("hw.optional.avx512f"),
        fma=flag("hw.optional.fma"),
        neon=False if arch_family(machine) == "x86" else None,
        source="sysctl",
    )
