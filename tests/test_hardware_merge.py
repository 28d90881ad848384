"""One GPU seen by two probes becomes one entry; two identical cards stay two."""

from __future__ import annotations

import json

from agentic_desk.core.hardware.linux import gpus_from_sysfs
from agentic_desk.core.hardware.merge import merge_gpus
from agentic_desk.core.hardware.model import GpuInfo
from agentic_desk.core.hardware.nvidia import gpus_from_nvml, parse_nvidia_smi, read_nvml
from agentic_desk.core.hardware.windows import gpus_from_dxgi
from hardware_fakes import GIB, RTX_4090, FakeNvml, data


def test_merge_fills_gaps_for_the_same_gpu() -> None:
    nvml = gpus_from_nvml(read_nvml(FakeNvml([RTX_4090])))
    sysfs = gpus_from_sysfs(
        [
            {"card": "card0", "vendor": "0x10de", "device": "0x2684", "driver": "nvidia"},
            {"card": "card1", "vendor": "0x8086", "device": "0x4680", "driver": "i915"},
        ]
    )
    merged = merge_gpus(nvml, sysfs)
    assert [(g.name, g.source, g.driver) for g in merged] == [
        ("NVIDIA GeForce RTX 4090", "nvml", "nvidia"),
        ("Intel UHD Graphics 770", "sysfs", "i915"),
    ]
    assert merged[0].vram_total_bytes == 24 * GIB


def test_merge_keeps_two_identical_cards() -> None:
    two = parse_nvidia_smi(data("nvidia-smi-1gpu.csv") * 2)
    sysfs = gpus_from_sysfs([{"vendor": "0x10de", "device": "0x2684"}] * 2)
    assert len(merge_gpus(two, sysfs)) == 2


def test_merge_by_name_when_ids_are_missing() -> None:
    smi = parse_nvidia_smi("NVIDIA GeForce RTX 4090, 552.22, 24564, 23012, [N/A]\n")
    dxgi = [g for g in gpus_from_dxgi(json.loads(data("dxgi-adapters.json")))]
    renamed = [GpuInfo("NVIDIA", "NVIDIA GeForce RTX 4090", "dxgi", shared_memory_bytes=1)]
    merged = merge_gpus(smi, renamed + dxgi[1:])
    assert [g.name for g in merged] == [
        "NVIDIA GeForce RTX 4090",
        "Intel(R) UHD Graphics 770",
        "Microsoft Basic Render Driver",
    ]
    assert merged[0].shared_memory_bytes == 1
