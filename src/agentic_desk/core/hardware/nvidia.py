"""NVIDIA GPUs on Linux and Windows: NVML first, ``nvidia-smi`` when NVML cannot answer."""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Mapping
from typing import Any

from agentic_desk.core.hardware.model import MIB, NVIDIA, GpuInfo
from agentic_desk.core.hardware.probing import (
    ProbeError,
    Runner,
    command_failure,
    error_text,
    first_line,
    parse_int,
    run_or_note,
)

# ---------------------------------------------------------------------------------- NVML


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").strip()
    return str(value).strip()


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
        raise ProbeError(error_text(exc)) from None
    errors: list[str] = []
    gpus: list[dict[str, Any]] = []
    try:
        driver: str | None = None
        try:
            driver = _text(nvml.nvmlSystemGetDriverVersion()) or None
        except Exception as exc:
            errors.append(f"driver version: {error_text(exc)}")
        try:
            count = int(nvml.nvmlDeviceGetCount())
        except Exception as exc:
            raise ProbeError(error_text(exc)) from None
        for index in range(count):
            try:
                handle = nvml.nvmlDeviceGetHandleByIndex(index)
                name = _text(nvml.nvmlDeviceGetName(handle))
            except Exception as exc:
                errors.append(f"GPU {index}: {error_text(exc)}")
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
                errors.append(f"{name}: memory: {error_text(exc)}")
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


# ---------------------------------------------------------------------------- nvidia-smi

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
        vendor_id, device_id = _split_pci_id(parse_int(pci_value, 16) if pci_value else None)
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
        notes.append(f"NVML: {error_text(exc)}")
    else:
        notes.extend(f"NVML: {error}" for error in reading.get("errors", []))
        if not gpus:
            notes.append("NVML: no NVIDIA GPU")
        return gpus, notes
    result, problem = run_or_note(runner, NVIDIA_SMI_QUERY, "nvidia-smi")
    if result is None:
        return [], [*notes, problem]
    if result.returncode != 0:
        return [], [*notes, command_failure("nvidia-smi", result)]
    try:
        gpus = parse_nvidia_smi(result.stdout)
    except Exception as exc:
        return [], [*notes, f"nvidia-smi: unreadable output ({error_text(exc)})"]
    if not gpus:
        notes.append(f"nvidia-smi: no GPU listed ({first_line(result.stdout) or 'no output'})")
    return gpus, notes
