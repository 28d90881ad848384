"""Windows: the graphics adapters through DXGI (ctypes, no extra package) and the CPU
from the registry and ``IsProcessorFeaturePresent``."""

from __future__ import annotations

import contextlib
import ctypes
import platform
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from agentic_desk.core.hardware.model import CpuInfo, GpuInfo, arch_family, vendor_name
from agentic_desk.core.hardware.probing import ProbeError, parse_int

# -------------------------------------------------------------------------- GPUs: DXGI

DXGI_ADAPTER_FLAG_SOFTWARE = 2
DXGI_ERROR_NOT_FOUND = 0x887A0002
IID_IDXGIFACTORY1 = "770aae78-f26f-4dba-a829-253c83d1b387"
IID_IDXGIDEVICE = "54ec77fa-1377-44e6-8c32-88fd5f44c84c"
_VTBL_RELEASE = 2  # IUnknown::Release
_VTBL_ENUM_ADAPTERS1 = 12  # IDXGIFactory1::EnumAdapters1
_VTBL_CHECK_INTERFACE_SUPPORT = 9  # IDXGIAdapter::CheckInterfaceSupport
_VTBL_GET_DESC1 = 10  # IDXGIAdapter1::GetDesc1


class GUID(ctypes.Structure):
    _fields_ = (
        ("Data1", ctypes.c_uint32),
        ("Data2", ctypes.c_uint16),
        ("Data3", ctypes.c_uint16),
        ("Data4", ctypes.c_uint8 * 8),
    )

    @classmethod
    def parse(cls, text: str) -> GUID:
        hex_digits = text.strip("{}").replace("-", "")
        data4 = (ctypes.c_uint8 * 8)(*bytes.fromhex(hex_digits[16:]))
        return cls(
            int(hex_digits[:8], 16), int(hex_digits[8:12], 16), int(hex_digits[12:16], 16), data4
        )


class LUID(ctypes.Structure):
    _fields_ = (("LowPart", ctypes.c_uint32), ("HighPart", ctypes.c_int32))


class DXGI_ADAPTER_DESC1(ctypes.Structure):  # named as in the Windows SDK
    # Fixed-size types (WCHAR = UTF-16 unit, UINT = 32 bits, SIZE_T = pointer size) so the
    # layout is the same as on Windows wherever it is built, and can be tested anywhere.
    _fields_ = (
        ("Description", ctypes.c_uint16 * 128),
        ("VendorId", ctypes.c_uint32),
        ("DeviceId", ctypes.c_uint32),
        ("SubSysId", ctypes.c_uint32),
        ("Revision", ctypes.c_uint32),
        ("DedicatedVideoMemory", ctypes.c_size_t),
        ("DedicatedSystemMemory", ctypes.c_size_t),
        ("SharedSystemMemory", ctypes.c_size_t),
        ("AdapterLuid", LUID),
        ("Flags", ctypes.c_uint32),
    )


def adapter_desc_to_dict(desc: DXGI_ADAPTER_DESC1) -> dict[str, Any]:
    """A DXGI_ADAPTER_DESC1 as the plain dict :func:`gpus_from_dxgi` reads."""
    units = bytes(desc.Description)
    text = units.decode("utf-16-le", "replace").split("\x00", 1)[0].strip()
    luid = (int(desc.AdapterLuid.HighPart) << 32) | int(desc.AdapterLuid.LowPart)
    return {
        "description": text,
        "vendor_id": int(desc.VendorId),
        "device_id": int(desc.DeviceId),
        "subsys_id": int(desc.SubSysId),
        "revision": int(desc.Revision),
        "dedicated_video_memory": int(desc.DedicatedVideoMemory),
        "dedicated_system_memory": int(desc.DedicatedSystemMemory),
        "shared_system_memory": int(desc.SharedSystemMemory),
        "adapter_luid": f"0x{luid & 0xFFFFFFFFFFFFFFFF:016x}",
        "flags": int(desc.Flags),
    }


def _umd_version(value: int) -> str:
    """The user-mode driver version packed in a LARGE_INTEGER, as "31.0.15.5222"."""
    high, low = (value >> 32) & 0xFFFFFFFF, value & 0xFFFFFFFF
    return f"{high >> 16}.{high & 0xFFFF}.{low >> 16}.{low & 0xFFFF}"


def read_dxgi_adapters() -> list[dict[str, Any]]:
    """Every adapter DXGI lists (Windows only), as dicts from :func:`adapter_desc_to_dict`
    plus ``driver_version`` (the user-mode driver version, when DXGI gives it)."""
    if sys.platform != "win32":
        raise ProbeError("DXGI is only available on Windows")

    def method(obj: ctypes.c_void_p, index: int, restype: Any, *argtypes: Any) -> Any:
        # A COM object starts with a pointer to its table of function pointers.
        vtable = ctypes.cast(obj, ctypes.POINTER(ctypes.POINTER(ctypes.c_void_p))).contents
        prototype = ctypes.WINFUNCTYPE(restype, ctypes.c_void_p, *argtypes)
        return prototype(vtable[index])

    def release(obj: ctypes.c_void_p) -> None:
        if obj.value:
            method(obj, _VTBL_RELEASE, ctypes.c_uint32)(obj)

    def hresult_text(hr: int) -> str:
        return f"HRESULT 0x{hr & 0xFFFFFFFF:08X}"

    dxgi = ctypes.WinDLL("dxgi.dll")
    create = dxgi.CreateDXGIFactory1
    create.restype = ctypes.c_int32
    create.argtypes = [ctypes.POINTER(GUID), ctypes.POINTER(ctypes.c_void_p)]
    factory = ctypes.c_void_p()
    iid_factory = GUID.parse(IID_IDXGIFACTORY1)
    hr = create(ctypes.byref(iid_factory), ctypes.byref(factory))
    if hr != 0 or not factory.value:
        raise ProbeError(f"CreateDXGIFactory1 failed ({hresult_text(hr)})")
    adapters: list[dict[str, Any]] = []
    try:
        enum_adapters = method(
            factory,
            _VTBL_ENUM_ADAPTERS1,
            ctypes.c_int32,
            ctypes.c_uint32,
            ctypes.POINTER(ctypes.c_void_p),
        )
        for index in range(64):
            adapter = ctypes.c_void_p()
            hr = enum_adapters(factory, index, ctypes.byref(adapter))
            if hr & 0xFFFFFFFF == DXGI_ERROR_NOT_FOUND:
                break
            if hr != 0 or not adapter.value:
                raise ProbeError(f"EnumAdapters1({index}) failed ({hresult_text(hr)})")
            try:
                desc = DXGI_ADAPTER_DESC1()
                get_desc = method(
                    adapter, _VTBL_GET_DESC1, ctypes.c_int32, ctypes.POINTER(DXGI_ADAPTER_DESC1)
                )
                hr = get_desc(adapter, ctypes.byref(desc))
                if hr != 0:
                    continue
                item = adapter_desc_to_dict(desc)
                item["driver_version"] = None
                with contextlib.suppress(Exception):
                    check = method(
                        adapter,
                        _VTBL_CHECK_INTERFACE_SUPPORT,
                        ctypes.c_int32,
                        ctypes.POINTER(GUID),
                        ctypes.POINTER(ctypes.c_int64),
                    )
                    umd = ctypes.c_int64()
                    iid_device = GUID.parse(IID_IDXGIDEVICE)
                    if check(adapter, ctypes.byref(iid_device), ctypes.byref(umd)) == 0:
                        item["driver_version"] = _umd_version(umd.value)
                adapters.append(item)
            finally:
                release(adapter)
    finally:
        release(factory)
    return adapters


def gpus_from_dxgi(adapters: Iterable[Mapping[str, Any]]) -> list[GpuInfo]:
    gpus: list[GpuInfo] = []
    for item in adapters:
        vendor_id = parse_int(item.get("vendor_id"))
        device_id = parse_int(item.get("device_id"))
        flags = parse_int(item.get("flags")) or 0
        software = bool(flags & DXGI_ADAPTER_FLAG_SOFTWARE) or (
            vendor_id == 0x1414 and device_id == 0x008C  # Microsoft Basic Render Driver
        )
        dedicated = parse_int(item.get("dedicated_video_memory"))
        shared = parse_int(item.get("shared_system_memory"))
        gpus.append(
            GpuInfo(
                vendor=vendor_name(vendor_id),
                name=str(item.get("description") or "").strip() or "unnamed adapter",
                source="dxgi",
                driver_version=item.get("driver_version") or None,
                vram_total_bytes=dedicated if dedicated else None,
                shared_memory_bytes=shared if shared else None,
                software=software,
                pci_vendor_id=vendor_id,
                pci_device_id=device_id,
            )
        )
    return gpus


# ------------------------------------------- CPU: registry and IsProcessorFeaturePresent

PF_ARM_NEON_INSTRUCTIONS_AVAILABLE = 19
PF_SSE4_1_INSTRUCTIONS_AVAILABLE = 37
PF_AVX_INSTRUCTIONS_AVAILABLE = 39
PF_AVX2_INSTRUCTIONS_AVAILABLE = 40
PF_AVX512F_INSTRUCTIONS_AVAILABLE = 41
WINDOWS_CPU_FEATURES = (
    PF_ARM_NEON_INSTRUCTIONS_AVAILABLE,
    PF_SSE4_1_INSTRUCTIONS_AVAILABLE,
    PF_AVX_INSTRUCTIONS_AVAILABLE,
    PF_AVX2_INSTRUCTIONS_AVAILABLE,
    PF_AVX512F_INSTRUCTIONS_AVAILABLE,
)


def read_windows_cpu() -> dict[str, Any]:
    """Windows: ``{"name": ProcessorNameString from the registry (or None),
    "features": {PF_*: IsProcessorFeaturePresent(PF_*)}}``."""
    if sys.platform != "win32":
        raise ProbeError("only available on Windows")
    import winreg

    name: str | None = None
    with contextlib.suppress(OSError):
        key_path = r"HARDWARE\DESCRIPTION\System\CentralProcessor\0"
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, key_path) as key:
            value, _kind = winreg.QueryValueEx(key, "ProcessorNameString")
            name = str(value).strip() or None
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    present = kernel32.IsProcessorFeaturePresent
    present.argtypes = [ctypes.c_uint32]
    present.restype = ctypes.c_int32
    features = {feature: bool(present(feature)) for feature in WINDOWS_CPU_FEATURES}
    return {"name": name, "features": features}


def cpu_from_windows(reading: Mapping[str, Any], machine: str) -> CpuInfo:
    """From :func:`read_windows_cpu`. Windows releases older than the AVX feature codes
    answer ``False`` to all of them, so when even SSE4.1 is "absent" the x86 features
    are reported unknown. FMA has no feature code: AVX2 implies it (every AVX2 CPU has
    FMA3), no AVX rules it out, otherwise it is unknown."""
    raw = reading.get("features") or {}
    features = {int(k): bool(v) for k, v in raw.items()}
    name = reading.get("name") or platform.processor() or None
    if arch_family(machine) == "arm":
        neon = features.get(PF_ARM_NEON_INSTRUCTIONS_AVAILABLE)
        return CpuInfo(
            name=name, avx=False, avx2=False, avx512=False, fma=False, neon=neon, source="windows"
        )
    if not features.get(PF_SSE4_1_INSTRUCTIONS_AVAILABLE):
        return CpuInfo(name=name, neon=False, source="windows")
    avx = features.get(PF_AVX_INSTRUCTIONS_AVAILABLE)
    avx2 = features.get(PF_AVX2_INSTRUCTIONS_AVAILABLE)
    fma = True if avx2 else False if avx is False else None
    return CpuInfo(
        name=name,
        avx=avx,
        avx2=avx2,
        avx512=features.get(PF_AVX512F_INSTRUCTIONS_AVAILABLE),
        fma=fma,
        neon=False,
        source="windows",
    )
