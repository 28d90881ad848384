"""What this computer has, and which execution providers can really run here.

:func:`detect_hardware` never raises: every probe that fails degrades to "unknown"
(``None``) and leaves a note saying why. Each probe is split in two:

* a small *reader* that talks to the platform (NVML, ``nvidia-smi``, DXGI through ctypes,
  ``system_profiler``, sysfs, ``/proc/cpuinfo``, ``sysctl``, the Windows registry) and
  returns plain data (text, dicts);
* a pure *parser* that turns that data into the dataclasses below.

So every platform's parsing is tested on any machine with recorded outputs, and
:func:`detect_hardware` takes its readers as parameters (``runner`` for commands,
``env`` for everything else).

onnxruntime-genai is only reached through :mod:`agentic_desk.core.engine.genai`
(telemetry off); onnxruntime is never imported here (only its files are looked at).
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import importlib
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GIB = 1024**3
MIB = 1024**2
COMMAND_TIMEOUT_S = 5.0

NVIDIA = "NVIDIA"
AMD = "AMD"
INTEL = "Intel"
APPLE = "Apple"
MICROSOFT = "Microsoft"
QUALCOMM = "Qualcomm"
UNKNOWN = "unknown"

PCI_VENDORS: dict[int, str] = {
    0x10DE: NVIDIA,
    0x1002: AMD,
    0x1022: AMD,
    0x8086: INTEL,
    0x106B: APPLE,
    0x1414: MICROSOFT,
    0x5143: QUALCOMM,
    0x4D4F4351: QUALCOMM,  # "QCOM": what DXGI reports for Adreno on Windows on Arm
}

# A few common GPUs, so sysfs (which only gives PCI ids) can show a name.
KNOWN_GPUS: dict[tuple[int, int], str] = {
    (0x1002, 0x73BF): "AMD Radeon RX 6800/6800 XT/6900 XT",
    (0x1002, 0x73DF): "AMD Radeon RX 6700/6700 XT/6750 XT",
    (0x1002, 0x744C): "AMD Radeon RX 7900 XT/7900 XTX",
    (0x1002, 0x1681): "AMD Radeon 680M",
    (0x1002, 0x15BF): "AMD Radeon 780M",
    (0x8086, 0x3E92): "Intel UHD Graphics 630",
    (0x8086, 0x4680): "Intel UHD Graphics 770",
    (0x8086, 0x9A49): "Intel Iris Xe Graphics",
    (0x8086, 0x46A6): "Intel Iris Xe Graphics",
    (0x8086, 0xA7A0): "Intel Iris Xe Graphics",
    (0x8086, 0x56A0): "Intel Arc A770",
    (0x10DE, 0x2684): "NVIDIA GeForce RTX 4090",
    (0x10DE, 0x2704): "NVIDIA GeForce RTX 4080",
    (0x10DE, 0x2204): "NVIDIA GeForce RTX 3090",
    (0x10DE, 0x2206): "NVIDIA GeForce RTX 3080",
}

# CPU part numbers of ARM Ltd. (implementer 0x41) cores, for /proc/cpuinfo on aarch64.
ARM_PARTS: dict[int, str] = {
    0xD03: "Cortex-A53",
    0xD05: "Cortex-A55",
    0xD07: "Cortex-A57",
    0xD08: "Cortex-A72",
    0xD0B: "Cortex-A76",
    0xD0C: "Neoverse-N1",
    0xD40: "Neoverse-V1",
    0xD49: "Neoverse-N2",
    0xD4F: "Neoverse-V2",
}
ARM_IMPLEMENTERS: dict[int, str] = {
    0x41: "ARM",
    0x42: "Broadcom",
    0x48: "HiSilicon",
    0x4E: "NVIDIA",
    0x51: "Qualcomm",
    0x61: "Apple",
    0xC0: "Ampere",
}


class ProbeError(Exception):
    """A probe could not answer; ``str()`` is the reason, as shown in the notes."""


# --------------------------------------------------------------------------- data


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


class _Serialisable:
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types only (dicts, lists, str, int, bool, None)."""
        result = _jsonable(self)
        assert isinstance(result, dict)
        return result


@dataclass(frozen=True)
class OsInfo(_Serialisable):
    system: str  # "Linux", "Windows", "Darwin" (platform.system())
    release: str
    version: str
    machine: str  # "x86_64", "AMD64", "arm64", "aarch64"
    python: str
    description: str | None = None  # "Ubuntu 24.04 LTS", "Windows 11", "macOS 14.5"


@dataclass(frozen=True)
class CpuInfo(_Serialisable):
    """The CPU. Features: ``True``/``False`` when known, ``None`` when unknown.

    ``avx``, ``avx2``, ``avx512`` (AVX-512F) and ``fma`` (FMA3) are x86 extensions, so
    ``False`` on Arm; ``neon`` (Advanced SIMD) is ``False`` on x86."""

    name: str | None
    physical_cores: int | None = None
    logical_cores: int | None = None
    avx: bool | None = None
    avx2: bool | None = None
    avx512: bool | None = None
    fma: bool | None = None
    neon: bool | None = None
    source: str = "unknown"  # "/proc/cpuinfo", "sysctl", "windows", "platform"


@dataclass(frozen=True)
class MemoryInfo(_Serialisable):
    total_bytes: int | None
    available_bytes: int | None


@dataclass(frozen=True)
class DiskInfo(_Serialisable):
    path: str  # the models folder asked about
    probed_path: str | None  # its nearest existing parent (the folder itself when it exists)
    free_bytes: int | None
    total_bytes: int | None


@dataclass(frozen=True)
class GpuInfo(_Serialisable):
    vendor: str  # NVIDIA, AMD, Intel, Apple, Microsoft (software adapter), Qualcomm, unknown
    name: str
    source: str  # "nvml", "nvidia-smi", "dxgi", "system_profiler", "sysfs"
    driver_version: str | None = None
    vram_total_bytes: int | None = None  # dedicated memory; None where not reported
    vram_free_bytes: int | None = None
    shared_memory_bytes: int | None = None  # system memory the GPU may borrow, when reported
    unified_memory: bool = False  # Apple Silicon: GPU and CPU share all of the RAM
    software: bool = False  # a software rasteriser (Microsoft Basic Render Driver)
    pci_vendor_id: int | None = None
    pci_device_id: int | None = None
    driver: str | None = None  # kernel driver name (sysfs), e.g. "amdgpu"
    cores: int | None = None  # GPU cores (Apple)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProvidersInfo(_Serialisable):
    compiled: dict[str, bool]  # what the installed onnxruntime-genai was built with
    usable: list[str]  # really usable here, in preference order (cuda, dml, cpu)
    engine_pick: str  # first usable: what the engine's "auto" would use
    reasons: dict[str, str]  # why each provider that is not usable is not
    genai_version: str | None = None
    cuda_library: str | None = None  # the CUDA provider library tried, when it was


@dataclass(frozen=True)
class HardwareReport(_Serialisable):
    os: OsInfo
    cpu: CpuInfo
    memory: MemoryInfo
    disk: DiskInfo
    gpus: list[GpuInfo]
    providers: ProvidersInfo
    probe_notes: list[str]


# ------------------------------------------------------------------------ helpers


def _error_text(exc: BaseException) -> str:
    """The first line of an exception's text (its class name when it has none)."""
    try:
        text = str(exc).strip()
    except Exception:
        text = ""
    line = text.splitlines()[0].strip() if text else ""
    return line or type(exc).__name__


def _first_line(*texts: str) -> str:
    for text in texts:
        for line in text.splitlines():
            if line.strip():
                return line.strip()
    return ""


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").strip()
    return str(value).strip()


def _int(value: Any, base: int = 10) -> int | None:
    try:
        return int(str(value).strip(), base)
    except (TypeError, ValueError):
        return None


def vendor_name(vendor_id: int | None) -> str:
    return PCI_VENDORS.get(vendor_id, UNKNOWN) if vendor_id is not None else UNKNOWN


def _arch(machine: str) -> str:
    m = machine.strip().lower()
    if m in {"x86_64", "amd64", "x64", "i386", "i486", "i586", "i686", "x86"}:
        return "x86"
    if m.startswith(("arm", "aarch64")):
        return "arm"
    return "other" if m else "unknown"


# ------------------------------------------------------------------------ commands


@dataclass(frozen=True)
class CommandResult:
    returncode: int
    stdout: str
    stderr: str


Runner = Callable[[Sequence[str]], CommandResult]
_CREATE_NO_WINDOW = 0x08000000  # Windows: no console window flashes up in the GUI app


def run_command(argv: Sequence[str]) -> CommandResult:
    """Run a command: no shell, 5 s timeout, text output. Raises what subprocess raises
    (``FileNotFoundError``, ``subprocess.TimeoutExpired``...); see :func:`_run`."""
    completed = subprocess.run(
        list(argv),
        capture_output=True,
        stdin=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=COMMAND_TIMEOUT_S,
        check=False,
        shell=False,
        creationflags=_CREATE_NO_WINDOW if sys.platform == "win32" else 0,
    )
    return CommandResult(completed.returncode, completed.stdout or "", completed.stderr or "")


def _run(runner: Runner, argv: Sequence[str], label: str) -> tuple[CommandResult | None, str]:
    """``(result, "")``, or ``(None, note)`` when the command could not be run at all."""
    try:
        return runner(argv), ""
    except FileNotFoundError:
        return None, f"{label}: not found (not installed or not on PATH)"
    except subprocess.TimeoutExpired:
        return None, f"{label}: no answer within {COMMAND_TIMEOUT_S:g} s"
    except Exception as exc:
        return None, f"{label}: could not run ({_error_text(exc)})"


def _command_failure(label: str, result: CommandResult) -> str:
    reason = _first_line(result.stderr, result.stdout) or "no output"
    return f"{label}: {reason} (exit code {result.returncode})"


# ---------------------------------------------------------------- NVIDIA: NVML


def read_nvml(nvml: Any = None) -> dict[str, Any]:
    """Ask NVML (``pynvml``, or a module with the same functions) about NVIDIA GPUs.

    Returns ``{"driver_version": str | None, "gpus": [{"index", "name", "memory_total",
    "memory_free", "pci_device_id", "bus_id"}], "errors": [str]}``; raises
    :class:`ProbeError` (with NVML's own text, e.g. "Driver Not Loaded") when NVML cannot
    start or count the GPUs."""
    if nvml is None:
        try:
            nvml = importlib.import_module("pynvml")
        except ImportError:
            raise ProbeError("the pynvml module (nvidia-ml-py) is not installed") from None
    try:
        nvml.nvmlInit()
    except Exception as exc:
        raise ProbeError(_error_text(exc)) from None
    errors: list[str] = []
    gpus: list[dict[str, Any]] = []
    try:
        driver: str | None = None
        try:
            driver = _text(nvml.nvmlSystemGetDriverVersion()) or None
        except Exception as exc:
            errors.append(f"driver version: {_error_text(exc)}")
        try:
            count = int(nvml.nvmlDeviceGetCount())
        except Exception as exc:
            raise ProbeError(_error_text(exc)) from None
        for index in range(count):
            try:
                handle = nvml.nvmlDeviceGetHandleByIndex(index)
                name = _text(nvml.nvmlDeviceGetName(handle))
            except Exception as exc:
                errors.append(f"GPU {index}: {_error_text(exc)}")
                continue
            gpu: dict[str, Any] = {
                "index": index,
                "name": name,
                "memory_total": None,
                "memory_free": None,
                "pci_device_id": None,
                "bus_id": None,
            }
            try:
                memory = nvml.nvmlDeviceGetMemoryInfo(handle)
                gpu["memory_total"] = int(memory.total)
                gpu["memory_free"] = int(memory.free)
            except Exception as exc:
                errors.append(f"{name}: memory: {_error_text(exc)}")
            get_pci = getattr(nvml, "nvmlDeviceGetPciInfo", None)
            if get_pci is not None:
                with contextlib.suppress(Exception):
                    pci = get_pci(handle)
                    gpu["pci_device_id"] = int(pci.pciDeviceId)
                    gpu["bus_id"] = _text(pci.busId)
            gpus.append(gpu)
    finally:
        with contextlib.suppress(Exception):
            nvml.nvmlShutdown()
    return {"driver_version": driver, "gpus": gpus, "errors": errors}


def _split_pci_id(combined: int | None) -> tuple[int | None, int | None]:
    """NVIDIA's 32-bit PCI id (device << 16 | vendor) as (vendor, device)."""
    if combined is None or combined <= 0:
        return None, None
    return combined & 0xFFFF, (combined >> 16) & 0xFFFF


def gpus_from_nvml(reading: Mapping[str, Any]) -> list[GpuInfo]:
    driver = reading.get("driver_version") or None
    gpus: list[GpuInfo] = []
    for item in reading.get("gpus", []):
        vendor_id, device_id = _split_pci_id(item.get("pci_device_id"))
        gpus.append(
            GpuInfo(
                vendor=NVIDIA,
                name=str(item.get("name") or "NVIDIA GPU"),
                source="nvml",
                driver_version=str(driver) if driver else None,
                vram_total_bytes=item.get("memory_total"),
                vram_free_bytes=item.get("memory_free"),
                pci_vendor_id=vendor_id if vendor_id is not None else 0x10DE,
                pci_device_id=device_id,
            )
        )
    return gpus


# ----------------------------------------------------------- NVIDIA: nvidia-smi

NVIDIA_SMI_QUERY: tuple[str, ...] = (
    "nvidia-smi",
    "--query-gpu=name,driver_version,memory.total,memory.free,pci.device_id",
    "--format=csv,noheader,nounits",
)


def _smi_value(raw: str) -> str | None:
    value = raw.strip()
    if not value or value.startswith("[") or value.upper() == "N/A":
        return None  # "[N/A]", "[Not Supported]", "[Unknown Error]", "[Insufficient Permissions]"
    return value


def _smi_mib(raw: str) -> int | None:
    value = _smi_value(raw)
    try:
        return round(float(value) * MIB) if value is not None else None
    except ValueError:
        return None


def parse_nvidia_smi(text: str) -> list[GpuInfo]:
    """Parse the output of :data:`NVIDIA_SMI_QUERY` (one GPU a line, memory in MiB)."""
    gpus: list[GpuInfo] = []
    for line in text.splitlines():
        parts = line.strip().rsplit(",", 4)
        if len(parts) != 5 or not parts[0].strip():
            continue
        name, driver, total, free, pci = parts
        pci_value = _smi_value(pci)
        vendor_id, device_id = _split_pci_id(_int(pci_value, 16) if pci_value else None)
        gpus.append(
            GpuInfo(
                vendor=NVIDIA,
                name=_smi_value(name) or "NVIDIA GPU",
                source="nvidia-smi",
                driver_version=_smi_value(driver),
                vram_total_bytes=_smi_mib(total),
                vram_free_bytes=_smi_mib(free),
                pci_vendor_id=vendor_id if vendor_id is not None else 0x10DE,
                pci_device_id=device_id,
            )
        )
    return gpus


def probe_nvidia(
    nvml: Callable[[], Mapping[str, Any]], runner: Runner
) -> tuple[list[GpuInfo], list[str]]:
    """NVIDIA GPUs from NVML, or from ``nvidia-smi`` when NVML fails. Never raises."""
    notes: list[str] = []
    try:
        reading = nvml()
        gpus = gpus_from_nvml(reading)
    except Exception as exc:
        notes.append(f"NVML: {_error_text(exc)}")
    else:
        notes.extend(f"NVML: {error}" for error in reading.get("errors", []))
        if not gpus:
            notes.append("NVML: no NVIDIA GPU")
        return gpus, notes
    result, problem = _run(runner, NVIDIA_SMI_QUERY, "nvidia-smi")
    if result is None:
        return [], [*notes, problem]
    if result.returncode != 0:
        return [], [*notes, _command_failure("nvidia-smi", result)]
    try:
        gpus = parse_nvidia_smi(result.stdout)
    except Exception as exc:
        return [], [*notes, f"nvidia-smi: unreadable output ({_error_text(exc)})"]
    if not gpus:
        notes.append(f"nvidia-smi: no GPU listed ({_first_line(result.stdout) or 'no output'})")
    return gpus, notes


# ------------------------------------------------------------------ Windows: DXGI

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
        vendor_id = _int(item.get("vendor_id"))
        device_id = _int(item.get("device_id"))
        flags = _int(item.get("flags")) or 0
        software = bool(flags & DXGI_ADAPTER_FLAG_SOFTWARE) or (
            vendor_id == 0x1414 and device_id == 0x008C  # Microsoft Basic Render Driver
        )
        dedicated = _int(item.get("dedicated_video_memory"))
        shared = _int(item.get("shared_system_memory"))
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


# ------------------------------------------------------- macOS: system_profiler

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
        device_id = _int(entry.get("spdisplays_device-id"), 16)
        vram = parse_size(entry.get("spdisplays_vram"))
        shared = parse_size(entry.get("spdisplays_vram_shared")) or parse_size(
            entry.get("_spdisplays_vram")
        )
        cores = _int(entry.get("sppci_cores"))
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


# -------------------------------------------------------------------- Linux: sysfs

_CARD = re.compile(r"card(\d+)")
_SYSFS_KEYS = ("vendor", "device", "mem_info_vram_total", "mem_info_vram_used")


def read_sysfs_gpus(root: Path = Path("/")) -> list[dict[str, str]]:
    """The raw sysfs values of each ``/sys/class/drm/cardN`` (connectors such as
    ``card0-HDMI-A-1`` skipped): the files in ``device/`` that exist, ``driver`` (the
    name the ``device/driver`` link points to) and ``slot`` (the PCI address)."""
    drm = root / "sys" / "class" / "drm"
    if not drm.is_dir():
        raise ProbeError(f"{drm} does not exist (no display devices)")
    cards = [p for p in drm.iterdir() if _CARD.fullmatch(p.name)]
    cards.sort(key=lambda p: int(p.name[4:]))
    entries: list[dict[str, str]] = []
    for card in cards:
        device = card / "device"
        item = {"card": card.name}
        for key in _SYSFS_KEYS:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                item[key] = (device / key).read_text("ascii").strip()
        with contextlib.suppress(OSError):
            item["driver"] = Path(os.readlink(device / "driver")).name
        with contextlib.suppress(OSError):
            if device.is_symlink():
                item["slot"] = Path(os.path.realpath(device)).name
        entries.append(item)
    return entries


def gpu_name(vendor_id: int | None, device_id: int | None) -> str:
    """A readable name from PCI ids: a known model, else e.g. "AMD GPU 0x73ff"."""
    if vendor_id is not None and device_id is not None:
        known = KNOWN_GPUS.get((vendor_id, device_id))
        if known:
            return known
    vendor = vendor_name(vendor_id)
    if vendor == UNKNOWN:
        vendor_text = f"0x{vendor_id:04x}:" if vendor_id is not None else ""
        device_text = f"0x{device_id:04x}" if device_id is not None else "?"
        return f"GPU {vendor_text}{device_text}"
    return f"{vendor} GPU 0x{device_id:04x}" if device_id is not None else f"{vendor} GPU"


def gpus_from_sysfs(entries: Iterable[Mapping[str, str]]) -> list[GpuInfo]:
    gpus: list[GpuInfo] = []
    for item in entries:
        vendor_id = _int(item.get("vendor"), 16)
        device_id = _int(item.get("device"), 16)
        if vendor_id is None:
            continue  # not a PCI device (e.g. simple-framebuffer)
        total = _int(item.get("mem_info_vram_total"))
        used = _int(item.get("mem_info_vram_used"))
        free = total - used if total is not None and used is not None else None
        gpus.append(
            GpuInfo(
                vendor=vendor_name(vendor_id),
                name=gpu_name(vendor_id, device_id),
                source="sysfs",
                vram_total_bytes=total,
                vram_free_bytes=free,
                pci_vendor_id=vendor_id,
                pci_device_id=device_id,
                driver=item.get("driver") or None,
            )
        )
    return gpus


# ----------------------------------------------------------------------------- CPU


def parse_cpuinfo(text: str, machine: str = "") -> CpuInfo:
    """Name and features from Linux ``/proc/cpuinfo`` (x86 ``flags``, Arm ``Features``)."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if sep and key and key not in fields:
            fields[key] = value.strip()
    arch = _arch(machine)
    if arch == "unknown":
        arch = "x86" if "flags" in fields else "arm" if "features" in fields else "unknown"
    name = fields.get("model name") or fields.get("hardware") or fields.get("cpu") or None
    if arch == "x86":
        raw = fields.get("flags")
        flags = set(raw.split()) if raw is not None else None

        def has(flag: str) -> bool | None:
            return None if flags is None else flag in flags

        return CpuInfo(
            name=name,
            avx=has("avx"),
            avx2=has("avx2"),
            avx512=has("avx512f"),
            fma=has("fma"),
            neon=False,
            source="/proc/cpuinfo",
        )
    if arch == "arm":
        raw = fields.get("features")
        neon = None if raw is None else bool({"asimd", "neon"} & set(raw.split()))
        if name is None:
            implementer = _int(fields.get("cpu implementer"), 16)
            part = _int(fields.get("cpu part"), 16)
            maker = ARM_IMPLEMENTERS.get(implementer) if implementer is not None else None
            core = ARM_PARTS.get(part) if implementer == 0x41 and part is not None else None
            if maker and core:
                name = f"{maker} {core}"
            elif implementer is not None:
                part_text = f"0x{part:03x}" if part is not None else "?"
                name = f"{maker or 'Arm'} CPU (implementer 0x{implementer:02x}, part {part_text})"
        return CpuInfo(
            name=name,
            avx=False,
            avx2=False,
            avx512=False,
            fma=False,
            neon=neon,
            source="/proc/cpuinfo",
        )
    known = arch == "other"
    return CpuInfo(
        name=name,
        avx=False if known else None,
        avx2=False if known else None,
        avx512=False if known else None,
        fma=False if known else None,
        neon=False if known else None,
        source="/proc/cpuinfo",
    )


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
    if _arch(machine) == "arm":
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
        neon=False if _arch(machine) == "x86" else None,
        source="sysctl",
    )


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
    if _arch(machine) == "arm":
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


# ------------------------------------------------------------------ OS, RAM, disk


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
            build = _int(version.split(".")[-1]) or 0
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
        return DiskInfo(path, None, None, None), f"disk: {_error_text(exc)}"
    return DiskInfo(path, str(probe), int(usage.free), int(usage.total)), ""


# ------------------------------------------------------------------- providers


@dataclass(frozen=True)
class GenaiBuilds:
    version: str | None
    cuda: bool
    dml: bool


def read_genai_builds() -> GenaiBuilds:
    from agentic_desk.core.engine import genai

    return GenaiBuilds(genai.version(), genai.provider_built("cuda"), genai.provider_built("dml"))


@dataclass(frozen=True)
class LibraryCheck:
    path: str | None  # the library tried (None when none was found)
    error: str | None  # None when it loaded


_LOAD_WITH_ALTERED_SEARCH_PATH = 0x00000008  # Windows: the DLL's own folder, then PATH


def _load_library(path: str) -> object:
    if sys.platform == "win32":
        return ctypes.CDLL(path, winmode=_LOAD_WITH_ALTERED_SEARCH_PATH)
    return ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)


def runtime_library_dirs() -> list[Path]:
    """The onnxruntime_genai package folder and onnxruntime's ``capi`` folder (found
    without importing either)."""
    dirs: list[Path] = []
    for package, sub in (("onnxruntime_genai", ""), ("onnxruntime", "capi")):
        with contextlib.suppress(Exception):
            spec = importlib.util.find_spec(package)
            if spec is not None:
                dirs.extend(Path(loc) / sub for loc in spec.submodule_search_locations or [])
    return dirs


_CUDA_PROVIDER_NAMES = ("libonnxruntime_providers_cuda.so", "onnxruntime_providers_cuda.dll")
_SHARED_PROVIDER_NAMES = ("libonnxruntime_providers_shared.so", "onnxruntime_providers_shared.dll")


def check_cuda_provider_library(
    search_dirs: Sequence[Path] | None = None,
    load: Callable[[str], object] = _load_library,
) -> LibraryCheck:
    """Find onnxruntime's CUDA provider library and load it: it loads only when its
    dependencies (CUDA runtime, cuBLAS, cuDNN) resolve, which is what CUDA needs to start.
    The provider bridge library next to it is loaded first, as onnxruntime does."""
    dirs = list(search_dirs) if search_dirs is not None else runtime_library_dirs()
    found = [d / n for d in dirs for n in _CUDA_PROVIDER_NAMES if (d / n).is_file()]
    if not found:
        return LibraryCheck(
            None,
            "the CUDA provider library (onnxruntime_providers_cuda) is not installed next to "
            "onnxruntime or onnxruntime_genai",
        )
    library = found[0]
    for name in _SHARED_PROVIDER_NAMES:
        shared = library.parent / name
        if shared.is_file():
            with contextlib.suppress(Exception):
                load(str(shared))
    try:
        load(str(library))
    except Exception as exc:
        return LibraryCheck(str(library), _error_text(exc))
    return LibraryCheck(str(library), None)


def _build_label(builds: GenaiBuilds) -> str:
    return "CUDA" if builds.cuda else "DirectML" if builds.dml else "CPU"


def decide_providers(
    *,
    sys_platform: str,
    machine: str,
    builds: GenaiBuilds | None,
    builds_error: str = "",
    nvidia_gpus: Sequence[GpuInfo] = (),
    nvidia_notes: Sequence[str] = (),
    nvidia_elsewhere: bool = False,
    dxgi_gpus: Sequence[GpuInfo] = (),
    dxgi_note: str = "",
    cuda_library: Callable[[], LibraryCheck] = check_cuda_provider_library,
) -> ProvidersInfo:
    """Which providers are really usable here, and in words why the others are not.

    ``nvidia_gpus``: NVIDIA GPUs seen by NVML or nvidia-smi; ``nvidia_elsewhere``: an
    NVIDIA GPU seen only by another probe (its driver does not answer); ``dxgi_gpus``:
    the adapters DXGI listed. The CUDA library is only loaded when everything else is
    there."""
    compiled = {
        "cuda": bool(builds and builds.cuda),
        "dml": bool(builds and builds.dml),
        "cpu": builds is not None,
    }
    reasons: dict[str, str] = {}
    usable: list[str] = []
    library_path: str | None = None
    broken = f"onnxruntime-genai could not be loaded ({builds_error or 'unknown error'})"

    # CUDA
    if sys_platform == "darwin":
        reasons["cuda"] = "CUDA: not available on macOS"
    else:
        problems: list[str] = []
        nvidia_present = bool(nvidia_gpus) or nvidia_elsewhere
        if builds is None:
            problems.append(broken)
        elif not builds.cuda:
            text = f"this installation has the {_build_label(builds)} build of onnxruntime-genai"
            problems.append(text + (" (install agentic-desk[cuda])" if nvidia_present else ""))
        if not nvidia_gpus:
            detail = "; ".join(nvidia_notes) or "NVML and nvidia-smi list none"
            if nvidia_elsewhere:
                problems.append(
                    f"an NVIDIA GPU is present but its driver does not answer ({detail})"
                )
            else:
                problems.append(f"no NVIDIA GPU found ({detail})")
        if not problems:
            check = cuda_library()
            library_path = check.path
            if check.error is not None and check.path is None:
                problems.append(f"{check.error} (reinstall agentic-desk[cuda])")
            elif check.error is not None:
                problems.append(
                    f"the CUDA provider library {check.path} cannot be loaded ({check.error}); "
                    "install the NVIDIA CUDA runtime, cuBLAS and cuDNN versions that "
                    "onnxruntime-gpu needs"
                )
        if problems:
            reasons["cuda"] = "CUDA: " + "; ".join(problems)
        else:
            usable.append("cuda")

    # DirectML
    if sys_platform != "win32":
        reasons["dml"] = "DirectML: only available on Windows"
    else:
        problems = []
        hardware = [g for g in dxgi_gpus if not g.software]
        if builds is None:
            problems.append(broken)
        elif not builds.dml:
            text = f"this installation has the {_build_label(builds)} build of onnxruntime-genai"
            if hardware and _arch(machine) == "x86":
                text += " (install agentic-desk[default])"
            elif hardware:
                text += " (DirectML builds are only published for Windows x64)"
            problems.append(text)
        if not hardware:
            if dxgi_note:
                problems.append(f"the graphics adapters could not be listed ({dxgi_note})")
            elif dxgi_gpus:
                problems.append("no hardware GPU adapter, only the Microsoft Basic Render Driver")
            else:
                problems.append("no GPU adapter found")
        if problems:
            reasons["dml"] = "DirectML: " + "; ".join(problems)
        else:
            usable.append("dml")

    usable.append("cpu")  # onnxruntime-genai always has the CPU provider
    return ProvidersInfo(
        compiled=compiled,
        usable=usable,
        engine_pick=usable[0],
        reasons=reasons,
        genai_version=builds.version if builds else None,
        cuda_library=library_path,
    )


# ------------------------------------------------------------------------- merging


def _name_key(name: str) -> str:
    lowered = re.sub(r"\((r|tm)\)", " ", name.lower())
    return " ".join(re.findall(r"[a-z0-9]+", lowered))


def _same_gpu(a: GpuInfo, b: GpuInfo) -> bool:
    ids_a = (a.pci_vendor_id, a.pci_device_id)
    ids_b = (b.pci_vendor_id, b.pci_device_id)
    if None not in ids_a and None not in ids_b:
        return ids_a == ids_b
    return a.vendor == b.vendor and _name_key(a.name) == _name_key(b.name)


def _combine(primary: GpuInfo, other: GpuInfo) -> GpuInfo:
    """``primary`` with the gaps filled in from ``other`` (the same GPU, another probe)."""
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(primary):
        if getattr(primary, f.name) is None and getattr(other, f.name) is not None:
            changes[f.name] = getattr(other, f.name)
    changes["software"] = primary.software or other.software
    changes["unified_memory"] = primary.unified_memory or other.unified_memory
    changes["notes"] = tuple(dict.fromkeys(primary.notes + other.notes))
    return dataclasses.replace(primary, **changes)


def merge_gpus(primary: Sequence[GpuInfo], others: Sequence[GpuInfo]) -> list[GpuInfo]:
    """``primary`` plus the GPUs of ``others`` (one probe's list) not already in it.

    A GPU of ``others`` matching one of ``primary`` (same PCI ids, else same vendor and
    name) fills in that entry's gaps instead; each entry of ``primary`` matches at most
    one, so two identical cards stay two."""
    merged = list(primary)
    free = list(range(len(merged)))
    for gpu in others:
        index = next((i for i in free if _same_gpu(merged[i], gpu)), None)
        if index is None:
            merged.append(gpu)
        else:
            merged[index] = _combine(merged[index], gpu)
            free.remove(index)
    return merged


# ---------------------------------------------------------------------- detection


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
            result, problem = _run(runner, SYSCTL_QUERY, "sysctl")
            if result is None:
                notes.append(f"CPU: {problem}")
            else:
                values = parse_sysctl(result.stdout)
                if not values:
                    notes.append(f"CPU: {_command_failure('sysctl', result)}")
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
        notes.append(f"CPU: {_error_text(exc)}")
    if cpu.name is None:
        cpu = dataclasses.replace(cpu, name=_fallback_cpu().name)
    try:
        physical, logical = host.cpu_counts()
        cpu = dataclasses.replace(cpu, physical_cores=physical, logical_cores=logical)
    except Exception as exc:
        notes.append(f"CPU cores: {_error_text(exc)}")
    return cpu


def _probe_memory(host: HostEnv, notes: list[str]) -> MemoryInfo:
    try:
        total, available = host.memory()
        return MemoryInfo(int(total), int(available))
    except Exception as exc:
        notes.append(f"memory: {_error_text(exc)}")
        return MemoryInfo(None, None)


def _platform_gpus(
    host: HostEnv, runner: Runner, notes: list[str]
) -> tuple[list[GpuInfo], list[GpuInfo], str]:
    """GPUs from the platform's own probe, the DXGI adapters (Windows), and the DXGI note."""
    if host.sys_platform == "win32":
        try:
            dxgi = gpus_from_dxgi(host.dxgi())
        except Exception as exc:
            note = f"DXGI: {_error_text(exc)}"
            notes.append(note)
            return [], [], note
        return dxgi, dxgi, ""
    if host.sys_platform == "darwin":
        result, problem = _run(runner, SYSTEM_PROFILER_QUERY, "system_profiler")
        if result is None:
            notes.append(problem)
        elif result.returncode != 0:
            notes.append(_command_failure("system_profiler", result))
        else:
            try:
                return parse_system_profiler(result.stdout), [], ""
            except Exception as exc:
                notes.append(f"system_profiler: unreadable output ({_error_text(exc)})")
        return [], [], ""
    if host.sys_platform.startswith("linux"):
        try:
            return gpus_from_sysfs(read_sysfs_gpus(host.root)), [], ""
        except Exception as exc:
            notes.append(f"sysfs: {_error_text(exc)}")
    return [], [], ""


def _detect(models_dir: Path, runner: Runner, host: HostEnv) -> HardwareReport:
    notes: list[str] = []
    try:
        os_info = host.os_info()
    except Exception as exc:
        notes.append(f"OS: {_error_text(exc)}")
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
        builds_error = _error_text(exc)
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
            probe_notes=[f"hardware detection failed: {type(exc).__name__}: {_error_text(exc)}"],
        )


# ---------------------------------------------------------------------- reporting

PROVIDER_LABELS = {"cuda": "CUDA", "dml": "DirectML", "cpu": "CPU"}


def _gb(value: int | None) -> str:
    """Binary units, as Windows and macOS show memory ("16.0 GB" for 16 GiB)."""
    if value is None:
        return "?"
    if value < GIB:
        return f"{value / MIB:.0f} MB"
    return f"{value / GIB:.1f} GB"


def _yes_no(value: bool | None) -> str:
    return "?" if value is None else "yes" if value else "no"


def _describe_gpu(gpu: GpuInfo) -> str:
    parts = [f"{gpu.name} ({gpu.vendor}{', software' if gpu.software else ''})"]
    if gpu.unified_memory:
        parts.append("unified memory")
    elif gpu.vram_total_bytes is not None:
        free = f", {_gb(gpu.vram_free_bytes)} free" if gpu.vram_free_bytes is not None else ""
        parts.append(f"{_gb(gpu.vram_total_bytes)} VRAM{free}")
    else:
        parts.append("VRAM not reported")
    if gpu.shared_memory_bytes:
        parts.append(f"{_gb(gpu.shared_memory_bytes)} shared")
    if gpu.cores:
        parts.append(f"{gpu.cores} cores")
    if gpu.driver_version or gpu.driver:
        driver = " ".join(p for p in (gpu.driver, gpu.driver_version) if p)
        parts.append(f"driver {driver}")
    return ", ".join(parts) + f" [{gpu.source}]"


def format_report(report: HardwareReport) -> str:
    """The report as readable text (``agentic-desk hw``)."""
    o, c, m, d, p = report.os, report.cpu, report.memory, report.disk, report.providers
    os_line = f"{o.system} {o.release}".strip()
    if o.description:
        os_line = f"{o.description} ({os_line})"
    cores = []
    if c.physical_cores is not None:
        cores.append(f"{c.physical_cores} cores")
    if c.logical_cores is not None:
        cores.append(f"{c.logical_cores} threads")
    features = ", ".join(
        f"{label} {_yes_no(value)}"
        for label, value in (
            ("AVX", c.avx),
            ("AVX2", c.avx2),
            ("AVX-512", c.avx512),
            ("FMA", c.fma),
            ("NEON", c.neon),
        )
    )
    disk = f"{_gb(d.free_bytes)} free of {_gb(d.total_bytes)} for models in {d.path}"
    if d.probed_path and os.path.abspath(d.path) != d.probed_path:
        disk += f" (measured at {d.probed_path}, the folder does not exist yet)"
    lines = [
        f"OS:        {os_line}, {o.machine}, Python {o.python}",
        f"CPU:       {c.name or 'unknown'}" + (f", {', '.join(cores)}" if cores else ""),
        f"           {features}",
        f"RAM:       {_gb(m.total_bytes)} total, {_gb(m.available_bytes)} available",
        f"Disk:      {disk}",
    ]
    if report.gpus:
        lines.append("GPUs:")
        for index, gpu in enumerate(report.gpus, 1):
            lines.append(f"  {index}. {_describe_gpu(gpu)}")
            lines.extend(f"     {note}" for note in gpu.notes)
    else:
        lines.append("GPUs:      none found")
    build = (
        f"onnxruntime-genai {p.genai_version}, built with "
        + ", ".join(PROVIDER_LABELS[k] for k, v in p.compiled.items() if v)
        if p.genai_version is not None or any(p.compiled.values())
        else "onnxruntime-genai not available"
    )
    lines.append(f"Engine:    {build}")
    usable = ", ".join(PROVIDER_LABELS.get(u, u) for u in p.usable)
    lines.append(
        f"Providers: usable here: {usable}; the engine's pick (auto): "
        f"{PROVIDER_LABELS.get(p.engine_pick, p.engine_pick)}"
    )
    lines.extend(f"  {reason}" for reason in p.reasons.values())
    if report.probe_notes:
        lines.append("Notes:")
        lines.extend(f"  - {note}" for note in report.probe_notes)
    return "\n".join(lines)


def hw_command(args_json: bool, models_dir: Path) -> str:
    """What ``agentic-desk hw [--json]`` prints."""
    report = detect_hardware(models_dir)
    if args_json:
        return json.dumps(report.to_dict(), indent=2)
    return format_report(report)
