"""Windows: DXGI adapters (and the ctypes layout of their descriptor), the CPU's feature codes."""

from __future__ import annotations

import ctypes
import json
import sys
import uuid

import pytest

from agentic_desk.core.hardware.model import GpuInfo
from agentic_desk.core.hardware.probing import ProbeError
from agentic_desk.core.hardware.windows import (
    DXGI_ADAPTER_DESC1,
    GUID,
    IID_IDXGIDEVICE,
    IID_IDXGIFACTORY1,
    PF_ARM_NEON_INSTRUCTIONS_AVAILABLE,
    PF_AVX2_INSTRUCTIONS_AVAILABLE,
    PF_AVX512F_INSTRUCTIONS_AVAILABLE,
    _umd_version,
    adapter_desc_to_dict,
    cpu_from_windows,
    gpus_from_dxgi,
    read_dxgi_adapters,
)
from hardware_fakes import GIB, MIB, data

# ---------------------------------------------------------------------------------- DXGI


def test_dxgi_adapters() -> None:
    nvidia, intel, basic = gpus_from_dxgi(json.loads(data("dxgi-adapters.json")))
    assert nvidia == GpuInfo(
        vendor="NVIDIA",
        name="NVIDIA GeForce RTX 3070",
        source="dxgi",
        driver_version="31.0.15.5222",
        vram_total_bytes=8432648192,
        shared_memory_bytes=17045651456,
        pci_vendor_id=0x10DE,
        pci_device_id=0x2484,
    )
    assert (intel.vendor, intel.name, intel.vram_total_bytes) == (
        "Intel",
        "Intel(R) UHD Graphics 770",
        128 * MIB,
    )
    assert not intel.software
    assert (basic.vendor, basic.software, basic.vram_total_bytes) == ("Microsoft", True, None)


def test_dxgi_descriptor_layout_matches_windows_x64() -> None:
    """The struct is built from fixed-size types, so its layout is checked here."""
    if ctypes.sizeof(ctypes.c_void_p) != 8:
        pytest.skip("other platform: the struct layout is checked on 64-bit builds")
    desc = DXGI_ADAPTER_DESC1
    assert ctypes.sizeof(desc) == 312
    offsets = {name: getattr(desc, name).offset for name, *_ in desc._fields_}
    assert offsets == {
        "Description": 0,
        "VendorId": 256,
        "DeviceId": 260,
        "SubSysId": 264,
        "Revision": 268,
        "DedicatedVideoMemory": 272,
        "DedicatedSystemMemory": 280,
        "SharedSystemMemory": 288,
        "AdapterLuid": 296,
        "Flags": 304,
    }


def test_dxgi_descriptor_to_dict() -> None:
    desc = DXGI_ADAPTER_DESC1()
    units = "Intel(R) UHD Graphics 770".encode("utf-16-le")
    ctypes.memmove(ctypes.addressof(desc), units, len(units))
    desc.VendorId, desc.DeviceId, desc.Flags = 0x8086, 0x4680, 0
    desc.DedicatedVideoMemory, desc.SharedSystemMemory = 128 * MIB, 16 * GIB
    desc.AdapterLuid.LowPart, desc.AdapterLuid.HighPart = 0xF0C2, 0
    item = adapter_desc_to_dict(desc)
    assert item["description"] == "Intel(R) UHD Graphics 770"
    assert (item["vendor_id"], item["device_id"], item["flags"]) == (0x8086, 0x4680, 0)
    assert item["adapter_luid"] == "0x000000000000f0c2"
    (gpu,) = gpus_from_dxgi([item])
    assert (gpu.vendor, gpu.vram_total_bytes, gpu.shared_memory_bytes) == (
        "Intel",
        128 * MIB,
        16 * GIB,
    )


def test_guids_have_the_windows_byte_layout() -> None:
    for text in (IID_IDXGIFACTORY1, IID_IDXGIDEVICE):
        assert bytes(GUID.parse(text)) == uuid.UUID(text).bytes_le


def test_driver_version_from_the_packed_large_integer() -> None:
    assert _umd_version((31 << 48) | (0 << 32) | (15 << 16) | 5222) == "31.0.15.5222"


def test_the_dxgi_reader_only_runs_on_windows() -> None:
    if sys.platform == "win32":
        pytest.skip("other platform: this checks the guard where DXGI is absent")
    with pytest.raises(ProbeError, match="only available on Windows"):
        read_dxgi_adapters()


# ----------------------------------------------------------------------------------- CPU


def test_windows_cpu_features() -> None:
    cpu = cpu_from_windows(json.loads(data("windows-cpu-x64.json")), "AMD64")
    assert cpu.name == "13th Gen Intel(R) Core(TM) i7-13700K"
    assert (cpu.avx, cpu.avx2, cpu.avx512, cpu.fma, cpu.neon) == (True, True, False, True, False)


def test_windows_too_old_to_report_avx_gives_unknown() -> None:
    cpu = cpu_from_windows(json.loads(data("windows-cpu-old-os.json")), "AMD64")
    assert (cpu.avx, cpu.avx2, cpu.avx512, cpu.fma, cpu.neon) == (None, None, None, None, False)


def test_windows_on_arm() -> None:
    cpu = cpu_from_windows(json.loads(data("windows-cpu-arm64.json")), "ARM64")
    assert (cpu.avx, cpu.avx2, cpu.neon) == (False, False, True)


def test_windows_feature_codes() -> None:
    assert PF_AVX2_INSTRUCTIONS_AVAILABLE == 40
    assert PF_AVX512F_INSTRUCTIONS_AVAILABLE == 41
    assert PF_ARM_NEON_INSTRUCTIONS_AVAILABLE == 19
