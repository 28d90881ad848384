"""NVIDIA GPUs: nvidia-smi's output, NVML through a fake pynvml, and the fallback between them."""

from __future__ import annotations

import pytest

from agentic_desk.core.hardware.model import GpuInfo
from agentic_desk.core.hardware.nvidia import (
    NVIDIA_SMI_QUERY,
    gpus_from_nvml,
    parse_nvidia_smi,
    probe_nvidia,
    read_nvml,
)
from agentic_desk.core.hardware.probing import CommandResult, ProbeError
from hardware_fakes import GIB, MIB, RTX_4090, FakeNvml, Runner, data, ok

# ---------------------------------------------------------------------------- nvidia-smi


def test_nvidia_smi_one_gpu() -> None:
    (gpu,) = parse_nvidia_smi(data("nvidia-smi-1gpu.csv"))
    assert gpu == GpuInfo(
        vendor="NVIDIA",
        name="NVIDIA GeForce RTX 4090",
        source="nvidia-smi",
        driver_version="552.22",
        vram_total_bytes=24564 * MIB,
        vram_free_bytes=23012 * MIB,
        pci_vendor_id=0x10DE,
        pci_device_id=0x2684,
    )


def test_nvidia_smi_two_gpus_with_trailing_spaces() -> None:
    gpus = parse_nvidia_smi(data("nvidia-smi-2gpus.csv"))
    assert [g.name for g in gpus] == ["NVIDIA GeForce RTX 3090", "NVIDIA GeForce GTX 1080 Ti"]
    assert [g.pci_device_id for g in gpus] == [0x2204, 0x1B06]
    assert gpus[1].vram_total_bytes == 11264 * MIB
    assert gpus[1].vram_free_bytes == 11041 * MIB
    assert all(g.driver_version == "535.104.05" for g in gpus)


def test_nvidia_smi_not_available_fields_are_none() -> None:
    gt710, k80 = parse_nvidia_smi(data("nvidia-smi-na.csv"))
    assert gt710.vram_total_bytes == 2048 * MIB
    assert gt710.vram_free_bytes is None  # [Not Supported]
    assert gt710.pci_device_id == 0x128B
    assert k80.name == "Tesla K80"
    assert (k80.driver_version, k80.vram_total_bytes, k80.vram_free_bytes) == (None, None, None)
    assert (k80.pci_vendor_id, k80.pci_device_id) == (0x10DE, None)


def test_nvidia_smi_ignores_lines_that_are_not_data() -> None:
    assert parse_nvidia_smi("No devices were found\n\n") == []


def test_nvidia_smi_failing_to_reach_the_driver_is_a_note() -> None:
    runner = Runner({"nvidia-smi": CommandResult(9, "", data("nvidia-smi-failed.stderr.txt"))})
    gpus, notes = probe_nvidia(lambda: read_nvml(FakeNvml(init_error="Driver Not Loaded")), runner)
    assert gpus == []
    assert notes == [
        "NVML: Driver Not Loaded",
        "nvidia-smi: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA "
        "driver. Make sure that the latest NVIDIA driver is installed and running. "
        "(exit code 9)",
    ]
    assert runner.calls == [list(NVIDIA_SMI_QUERY)]


def test_nvidia_smi_query_is_the_documented_one() -> None:
    assert NVIDIA_SMI_QUERY == (
        "nvidia-smi",
        "--query-gpu=name,driver_version,memory.total,memory.free,pci.device_id",
        "--format=csv,noheader,nounits",
    )


# ---------------------------------------------------------------------------------- NVML


def test_nvml_reads_gpus_and_shuts_down() -> None:
    fake = FakeNvml([RTX_4090], driver=b"552.22")
    reading = read_nvml(fake)
    assert fake.shutdown_calls == 1
    (gpu,) = gpus_from_nvml(reading)
    assert gpu == GpuInfo(
        vendor="NVIDIA",
        name="NVIDIA GeForce RTX 4090",
        source="nvml",
        driver_version="552.22",
        vram_total_bytes=24 * GIB,
        vram_free_bytes=22 * GIB,
        pci_vendor_id=0x10DE,
        pci_device_id=0x2684,
    )


def test_nvml_success_does_not_run_nvidia_smi() -> None:
    runner = Runner()
    gpus, notes = probe_nvidia(lambda: read_nvml(FakeNvml([RTX_4090])), runner)
    assert [g.source for g in gpus] == ["nvml"]
    assert notes == []
    assert runner.calls == []


@pytest.mark.parametrize(
    "message", ["NVML Shared Library Not Found", "Driver Not Loaded", "Unknown Error"]
)
def test_nvml_errors_become_a_note_and_fall_back_to_nvidia_smi(message: str) -> None:
    fake = FakeNvml(init_error=message)
    runner = Runner({"nvidia-smi": ok(data("nvidia-smi-1gpu.csv"))})
    gpus, notes = probe_nvidia(lambda: read_nvml(fake), runner)
    assert notes == [f"NVML: {message}"]
    assert [(g.name, g.source) for g in gpus] == [("NVIDIA GeForce RTX 4090", "nvidia-smi")]
    assert fake.shutdown_calls == 0  # never initialised


def test_nvml_device_errors_are_kept_per_gpu() -> None:
    broken = {**RTX_4090, "name": "NVIDIA A100", "memory_error": "Not Supported"}
    gpus, notes = probe_nvidia(lambda: read_nvml(FakeNvml([broken])), Runner())
    assert gpus[0].name == "NVIDIA A100"
    assert gpus[0].vram_total_bytes is None
    assert notes == ["NVML: NVIDIA A100: memory: Not Supported"]


def test_nvml_with_no_gpus_says_so_without_nvidia_smi() -> None:
    runner = Runner()
    gpus, notes = probe_nvidia(lambda: read_nvml(FakeNvml([])), runner)
    assert (gpus, notes, runner.calls) == ([], ["NVML: no NVIDIA GPU"], [])


def test_the_real_pynvml_error_text_is_used() -> None:
    """On this machine (no NVIDIA driver) the real pynvml fails with its own words."""
    with pytest.raises(ProbeError) as info:
        read_nvml()
    assert str(info.value) in {"NVML Shared Library Not Found", "Driver Not Loaded"}
