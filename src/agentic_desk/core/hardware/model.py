"""What a hardware report is made of: the dataclasses (each with ``to_dict``), vendor
names, CPU families and byte units. No probing here."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

GIB = 1024**3
MIB = 1024**2

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


def vendor_name(vendor_id: int | None) -> str:
    """The vendor of a PCI vendor id ("unknown" when not known or not given)."""
    return PCI_VENDORS.get(vendor_id, UNKNOWN) if vendor_id is not None else UNKNOWN


def arch_family(machine: str) -> str:
    """The CPU family of a ``platform.machine()`` value: "x86", "arm", "other" or "unknown"."""
    m = machine.strip().lower()
    if m in {"x86_64", "amd64", "x64", "i386", "i486", "i586", "i686", "x86"}:
        return "x86"
    if m.startswith(("arm", "aarch64")):
        return "arm"
    return "other" if m else "unknown"


# ---------------------------------------------------------------------------- report


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
