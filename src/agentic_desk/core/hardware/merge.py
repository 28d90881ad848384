"""One GPU seen by two probes (NVML and DXGI, say) becomes one entry."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from agentic_desk.core.hardware.model import GpuInfo


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
