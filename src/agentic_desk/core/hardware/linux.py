"""Linux: the GPUs from sysfs (``/sys/class/drm``) and the CPU from ``/proc/cpuinfo``."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from agentic_desk.core.hardware.model import UNKNOWN, CpuInfo, GpuInfo, arch_family, vendor_name
from agentic_desk.core.hardware.probing import ProbeError, parse_int

# ------------------------------------------------------------------------- GPUs: sysfs

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
        vendor_id = parse_int(item.get("vendor"), 16)
        device_id = parse_int(item.get("device"), 16)
        if vendor_id is None:
            continue  # not a PCI device (e.g. simple-framebuffer)
        total = parse_int(item.get("mem_info_vram_total"))
        used = parse_int(item.get("mem_info_vram_used"))
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


# -------------------------------------------------------------------- CPU: /proc/cpuinfo

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


def parse_cpuinfo(text: str, machine: str = "") -> CpuInfo:
    """Name and features from Linux ``/proc/cpuinfo`` (x86 ``flags``, Arm ``Features``)."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if sep and key and key not in fields:
            fields[key] = value.strip()
    arch = arch_family(machine)
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
            implementer = parse_int(fields.get("cpu implementer"), 16)
            part = parse_int(fields.get("cpu part"), 16)
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
