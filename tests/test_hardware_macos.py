"""macOS: system_profiler's GPUs and sysctl's CPU, from recorded outputs."""

from __future__ import annotations

import json

import pytest

from agentic_desk.core.hardware.macos import (
    cpu_from_sysctl,
    parse_size,
    parse_sysctl,
    parse_system_profiler,
)
from hardware_fakes import GIB, MIB, data

# ----------------------------------------------------------------------- system_profiler


def test_system_profiler_apple_m2() -> None:
    (gpu,) = parse_system_profiler(data("system_profiler-m2.json"))
    assert (gpu.vendor, gpu.name, gpu.cores) == ("Apple", "Apple M2", 10)
    assert gpu.unified_memory
    assert gpu.vram_total_bytes is None
    assert gpu.notes and "unified memory" in gpu.notes[0]


def test_system_profiler_intel_mac_with_radeon() -> None:
    intel, amd = parse_system_profiler(data("system_profiler-intel-amd.json"))
    assert (intel.vendor, intel.name, intel.pci_device_id) == (
        "Intel",
        "Intel UHD Graphics 630",
        0x3E9B,
    )
    assert (intel.vram_total_bytes, intel.shared_memory_bytes) == (None, 1536 * MIB)
    assert (amd.vendor, amd.name, amd.vram_total_bytes) == ("AMD", "AMD Radeon Pro 5500M", 8 * GIB)
    assert amd.pci_device_id == 0x7340
    assert not amd.unified_memory and not intel.unified_memory


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8 GB", 8 * GIB), ("1536 MB", 1536 * MIB), ("1,5 GB", 3 * GIB // 2), ("lots", None)],
)
def test_sizes(text: str, expected: int | None) -> None:
    assert parse_size(text) == expected


def test_older_vendor_strings_with_pci_ids() -> None:
    text = json.dumps(
        {
            "SPDisplaysDataType": [
                {
                    "sppci_model": "NVIDIA GeForce GT 750M",
                    "spdisplays_vendor": "NVIDIA (0x10de)",
                    "spdisplays_vram": "2048 MB",
                }
            ]
        }
    )
    (gpu,) = parse_system_profiler(text)
    assert (gpu.vendor, gpu.pci_vendor_id, gpu.vram_total_bytes) == ("NVIDIA", 0x10DE, 2 * GIB)


# -------------------------------------------------------------------------------- sysctl


def test_sysctl_apple_silicon() -> None:
    cpu = cpu_from_sysctl(parse_sysctl(data("sysctl-m2.txt")), "arm64")
    assert cpu.name == "Apple M2"
    assert (cpu.avx, cpu.avx2, cpu.avx512, cpu.neon) == (False, False, False, True)


def test_sysctl_intel_mac() -> None:
    cpu = cpu_from_sysctl(parse_sysctl(data("sysctl-intel-mac.txt")), "x86_64")
    assert cpu.name == "Intel(R) Core(TM) i9-9880H CPU @ 2.30GHz"
    assert (cpu.avx, cpu.avx2, cpu.avx512, cpu.fma, cpu.neon) == (True, True, False, True, False)
    partial = cpu_from_sysctl({"machdep.cpu.brand_string": "x"}, "x86_64")
    assert partial.avx2 is None  # a missing oid is unknown, not False
