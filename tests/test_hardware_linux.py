"""Linux: sysfs GPUs (from a fake /sys tree) and /proc/cpuinfo, from recorded outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentic_desk.core.hardware.linux import gpus_from_sysfs, parse_cpuinfo, read_sysfs_gpus
from agentic_desk.core.hardware.model import GpuInfo
from agentic_desk.core.hardware.probing import ProbeError
from hardware_fakes import GIB, build_tree, data

# --------------------------------------------------------------------------------- sysfs


def test_sysfs_cards_and_not_connectors(tmp_path: Path) -> None:
    root = build_tree(tmp_path, "sysfs-amd-intel.json")
    entries = read_sysfs_gpus(root)
    assert [e["card"] for e in entries] == ["card0", "card1"]
    assert entries[1]["slot"] == "0000:03:00.0"
    intel, amd = gpus_from_sysfs(entries)
    assert intel == GpuInfo(
        vendor="Intel",
        name="Intel UHD Graphics 770",
        source="sysfs",
        pci_vendor_id=0x8086,
        pci_device_id=0x4680,
        driver="i915",
    )
    assert (amd.vendor, amd.name, amd.driver) == (
        "AMD",
        "AMD Radeon RX 6800/6800 XT/6900 XT",
        "amdgpu",
    )
    assert amd.vram_total_bytes == 17163091968
    assert amd.vram_free_bytes == 17163091968 - GIB


def test_sysfs_names_unknown_devices_by_id() -> None:
    entries = [
        {"card": "card0", "vendor": "0x1002", "device": "0x73ff"},
        {"card": "card1", "vendor": "0x1af4", "device": "0x1050", "driver": "virtio-pci"},
        {"card": "card2"},  # no PCI ids: simple-framebuffer
    ]
    amd, virtio = gpus_from_sysfs(entries)
    assert (amd.name, amd.vendor, amd.vram_total_bytes) == ("AMD GPU 0x73ff", "AMD", None)
    assert (virtio.name, virtio.vendor) == ("GPU 0x1af4:0x1050", "unknown")


def test_sysfs_without_drm_is_an_error_for_the_caller(tmp_path: Path) -> None:
    with pytest.raises(ProbeError, match="does not exist"):
        read_sysfs_gpus(tmp_path)


# ------------------------------------------------------------------------- /proc/cpuinfo


def test_cpuinfo_x86_with_avx512() -> None:
    cpu = parse_cpuinfo(data("cpuinfo-x86_64.txt"), "x86_64")
    assert cpu.name == "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz"
    assert (cpu.avx, cpu.avx2, cpu.avx512, cpu.fma, cpu.neon) == (True, True, True, True, False)


def test_cpuinfo_x86_without_avx() -> None:
    cpu = parse_cpuinfo(data("cpuinfo-x86_64-old.txt"), "x86_64")
    assert (cpu.avx, cpu.avx2, cpu.avx512, cpu.fma) == (False, False, False, False)


def test_cpuinfo_aarch64() -> None:
    cpu = parse_cpuinfo(data("cpuinfo-aarch64.txt"), "aarch64")
    assert cpu.name == "ARM Neoverse-N1"
    assert (cpu.avx, cpu.avx2, cpu.avx512, cpu.fma, cpu.neon) == (False, False, False, False, True)


def test_cpuinfo_guesses_the_architecture_and_keeps_unknowns() -> None:
    assert parse_cpuinfo(data("cpuinfo-aarch64.txt")).neon is True
    assert parse_cpuinfo(data("cpuinfo-x86_64.txt")).avx2 is True
    empty = parse_cpuinfo("", "")
    assert (empty.avx, empty.avx2, empty.avx512, empty.fma, empty.neon) == (None,) * 5
