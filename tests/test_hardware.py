"""Hardware detection: every platform's parsing from recorded outputs, the provider decision,
and the real probe on this machine (no GPU). Readers and runners are injected, not mocked."""

from __future__ import annotations

import ast
import ctypes
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

import agentic_desk
from agentic_desk.core import hardware as hw
from agentic_desk.core.hardware import (
    CommandResult,
    GenaiBuilds,
    GpuInfo,
    HostEnv,
    LibraryCheck,
)

DATA = Path(__file__).parent / "data" / "hardware"
GIB = 1024**3
MIB = 1024**2


def data(name: str) -> str:
    return (DATA / name).read_text("utf-8")


def build_tree(root: Path, spec_name: str) -> Path:
    """Build a fake filesystem (files and relative symlinks) from a JSON description."""
    spec = json.loads(data(spec_name))
    for rel, content in spec["files"].items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, "ascii")
    for rel, target in spec["symlinks"].items():
        link = root / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)
        assert link.resolve().exists(), f"dangling symlink in the fixture: {rel} -> {target}"
    return root


class Runner:
    """A command runner answering from a table keyed by the command name."""

    def __init__(self, answers: Mapping[str, CommandResult | BaseException] | None = None):
        self.answers = dict(answers or {})
        self.calls: list[list[str]] = []

    def __call__(self, argv: Sequence[str]) -> CommandResult:
        self.calls.append(list(argv))
        answer = self.answers.get(argv[0])
        if answer is None:
            raise FileNotFoundError(2, "No such file or directory", argv[0])
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def ran(self, name: str) -> bool:
        return any(call[0] == name for call in self.calls)


def ok(stdout: str) -> CommandResult:
    return CommandResult(0, stdout, "")


# --------------------------------------------------------------------- a fake pynvml


class FakeNVMLError(Exception):
    """Like pynvml.NVMLError: str() is NVML's own text."""


class FakeMemory:
    def __init__(self, total: int, free: int) -> None:
        self.total, self.free, self.used = total, free, total - free


class FakePci:
    def __init__(self, combined: int, bus: bytes) -> None:
        self.pciDeviceId = combined
        self.busId = bus


class FakeNvml:
    """The pynvml functions the reader uses, answering from a list of GPUs."""

    def __init__(
        self,
        gpus: Sequence[dict[str, Any]] = (),
        *,
        init_error: str | None = None,
        driver: str | bytes = "552.22",
    ) -> None:
        self.gpus = list(gpus)
        self.init_error = init_error
        self.driver = driver
        self.shutdown_calls = 0

    def nvmlInit(self) -> None:
        if self.init_error:
            raise FakeNVMLError(self.init_error)

    def nvmlShutdown(self) -> None:
        self.shutdown_calls += 1

    def nvmlSystemGetDriverVersion(self) -> str | bytes:
        return self.driver

    def nvmlDeviceGetCount(self) -> int:
        return len(self.gpus)

    def nvmlDeviceGetHandleByIndex(self, index: int) -> dict[str, Any]:
        return self.gpus[index]

    def nvmlDeviceGetName(self, handle: dict[str, Any]) -> str | bytes:
        return handle["name"]  # type: ignore[no-any-return]

    def nvmlDeviceGetMemoryInfo(self, handle: dict[str, Any]) -> FakeMemory:
        if "memory_error" in handle:
            raise FakeNVMLError(handle["memory_error"])
        return FakeMemory(handle["total"], handle["free"])

    def nvmlDeviceGetPciInfo(self, handle: dict[str, Any]) -> FakePci:
        return FakePci(handle["pci"], b"00000000:01:00.0")


RTX_4090 = {
    "name": "NVIDIA GeForce RTX 4090",
    "total": 24 * GIB,
    "free": 22 * GIB,
    "pci": 0x268410DE,
}


# ------------------------------------------------------------------------- nvidia-smi


def test_nvidia_smi_one_gpu() -> None:
    (gpu,) = hw.parse_nvidia_smi(data("nvidia-smi-1gpu.csv"))
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
    gpus = hw.parse_nvidia_smi(data("nvidia-smi-2gpus.csv"))
    assert [g.name for g in gpus] == ["NVIDIA GeForce RTX 3090", "NVIDIA GeForce GTX 1080 Ti"]
    assert [g.pci_device_id for g in gpus] == [0x2204, 0x1B06]
    assert gpus[1].vram_total_bytes == 11264 * MIB
    assert gpus[1].vram_free_bytes == 11041 * MIB
    assert all(g.driver_version == "535.104.05" for g in gpus)


def test_nvidia_smi_not_available_fields_are_none() -> None:
    gt710, k80 = hw.parse_nvidia_smi(data("nvidia-smi-na.csv"))
    assert gt710.vram_total_bytes == 2048 * MIB
    assert gt710.vram_free_bytes is None  # [Not Supported]
    assert gt710.pci_device_id == 0x128B
    assert k80.name == "Tesla K80"
    assert (k80.driver_version, k80.vram_total_bytes, k80.vram_free_bytes) == (None, None, None)
    assert (k80.pci_vendor_id, k80.pci_device_id) == (0x10DE, None)


def test_nvidia_smi_ignores_lines_that_are_not_data() -> None:
    assert hw.parse_nvidia_smi("No devices were found\n\n") == []


def test_nvidia_smi_failing_to_reach_the_driver_is_a_note() -> None:
    runner = Runner({"nvidia-smi": CommandResult(9, "", data("nvidia-smi-failed.stderr.txt"))})
    gpus, notes = hw.probe_nvidia(
        lambda: hw.read_nvml(FakeNvml(init_error="Driver Not Loaded")), runner
    )
    assert gpus == []
    assert notes == [
        "NVML: Driver Not Loaded",
        "nvidia-smi: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA "
        "driver. Make sure that the latest NVIDIA driver is installed and running. "
        "(exit code 9)",
    ]
    assert runner.calls == [list(hw.NVIDIA_SMI_QUERY)]


def test_nvidia_smi_query_is_the_documented_one() -> None:
    assert hw.NVIDIA_SMI_QUERY == (
        "nvidia-smi",
        "--query-gpu=name,driver_version,memory.total,memory.free,pci.device_id",
        "--format=csv,noheader,nounits",
    )


# ------------------------------------------------------------------------------- NVML


def test_nvml_reads_gpus_and_shuts_down() -> None:
    fake = FakeNvml([RTX_4090], driver=b"552.22")
    reading = hw.read_nvml(fake)
    assert fake.shutdown_calls == 1
    (gpu,) = hw.gpus_from_nvml(reading)
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
    gpus, notes = hw.probe_nvidia(lambda: hw.read_nvml(FakeNvml([RTX_4090])), runner)
    assert [g.source for g in gpus] == ["nvml"]
    assert notes == []
    assert runner.calls == []


@pytest.mark.parametrize(
    "message", ["NVML Shared Library Not Found", "Driver Not Loaded", "Unknown Error"]
)
def test_nvml_errors_become_a_note_and_fall_back_to_nvidia_smi(message: str) -> None:
    fake = FakeNvml(init_error=message)
    runner = Runner({"nvidia-smi": ok(data("nvidia-smi-1gpu.csv"))})
    gpus, notes = hw.probe_nvidia(lambda: hw.read_nvml(fake), runner)
    assert notes == [f"NVML: {message}"]
    assert [(g.name, g.source) for g in gpus] == [("NVIDIA GeForce RTX 4090", "nvidia-smi")]
    assert fake.shutdown_calls == 0  # never initialised


def test_nvml_device_errors_are_kept_per_gpu() -> None:
    broken = {**RTX_4090, "name": "NVIDIA A100", "memory_error": "Not Supported"}
    gpus, notes = hw.probe_nvidia(lambda: hw.read_nvml(FakeNvml([broken])), Runner())
    assert gpus[0].name == "NVIDIA A100"
    assert gpus[0].vram_total_bytes is None
    assert notes == ["NVML: NVIDIA A100: memory: Not Supported"]


def test_nvml_with_no_gpus_says_so_without_nvidia_smi() -> None:
    runner = Runner()
    gpus, notes = hw.probe_nvidia(lambda: hw.read_nvml(FakeNvml([])), runner)
    assert (gpus, notes, runner.calls) == ([], ["NVML: no NVIDIA GPU"], [])


def test_the_real_pynvml_error_text_is_used() -> None:
    """On this machine (no NVIDIA driver) the real pynvml fails with its own words."""
    with pytest.raises(hw.ProbeError) as info:
        hw.read_nvml()
    assert str(info.value) in {"NVML Shared Library Not Found", "Driver Not Loaded"}


# ------------------------------------------------------------------------------- DXGI


def test_dxgi_adapters() -> None:
    nvidia, intel, basic = hw.gpus_from_dxgi(json.loads(data("dxgi-adapters.json")))
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
        pytest.skip("64-bit layout")
    desc = hw.DXGI_ADAPTER_DESC1
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
    desc = hw.DXGI_ADAPTER_DESC1()
    units = "Intel(R) UHD Graphics 770".encode("utf-16-le")
    ctypes.memmove(ctypes.addressof(desc), units, len(units))
    desc.VendorId, desc.DeviceId, desc.Flags = 0x8086, 0x4680, 0
    desc.DedicatedVideoMemory, desc.SharedSystemMemory = 128 * MIB, 16 * GIB
    desc.AdapterLuid.LowPart, desc.AdapterLuid.HighPart = 0xF0C2, 0
    item = hw.adapter_desc_to_dict(desc)
    assert item["description"] == "Intel(R) UHD Graphics 770"
    assert (item["vendor_id"], item["device_id"], item["flags"]) == (0x8086, 0x4680, 0)
    assert item["adapter_luid"] == "0x000000000000f0c2"
    (gpu,) = hw.gpus_from_dxgi([item])
    assert (gpu.vendor, gpu.vram_total_bytes, gpu.shared_memory_bytes) == (
        "Intel",
        128 * MIB,
        16 * GIB,
    )


def test_guids_have_the_windows_byte_layout() -> None:
    for text in (hw.IID_IDXGIFACTORY1, hw.IID_IDXGIDEVICE):
        assert bytes(hw.GUID.parse(text)) == uuid.UUID(text).bytes_le


def test_driver_version_from_the_packed_large_integer() -> None:
    assert hw._umd_version((31 << 48) | (0 << 32) | (15 << 16) | 5222) == "31.0.15.5222"


def test_the_dxgi_reader_only_runs_on_windows() -> None:
    if sys.platform == "win32":
        pytest.skip("this checks the guard on other platforms")
    with pytest.raises(hw.ProbeError, match="only available on Windows"):
        hw.read_dxgi_adapters()


# ----------------------------------------------------------------------------- macOS


def test_system_profiler_apple_m2() -> None:
    (gpu,) = hw.parse_system_profiler(data("system_profiler-m2.json"))
    assert (gpu.vendor, gpu.name, gpu.cores) == ("Apple", "Apple M2", 10)
    assert gpu.unified_memory
    assert gpu.vram_total_bytes is None
    assert gpu.notes and "unified memory" in gpu.notes[0]


def test_system_profiler_intel_mac_with_radeon() -> None:
    intel, amd = hw.parse_system_profiler(data("system_profiler-intel-amd.json"))
    assert (intel.vendor, intel.name, intel.pci_device_id) == (
        "Intel",
        "Intel UHD Graphics 630",
        0x3E9B,
    )
    assert (intel.vram_total_bytes, intel.shared_memory_bytes) == (None, 1536 * MIB)
    assert (amd.vendor, amd.name, amd.vram_total_bytes) == ("AMD", "AMD Radeon Pro 5500M", 8 * GIB)
    assert amd.pci_device_id == 0x7340
    assert not amd.unified_memory and not intel.unified_memory


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8 GB", 8 * GIB), ("1536 MB", 1536 * MIB), ("1,5 GB", 3 * GIB // 2), ("lots", None)],
)
def test_sizes(text: str, expected: int | None) -> None:
    assert hw.parse_size(text) == expected


def test_older_vendor_strings_with_pci_ids() -> None:
    text = json.dumps(
        {
            "SPDisplaysDataType": [
                {
                    "sppci_model": "NVIDIA GeForce GT 750M",
                    "spdisplays_vendor": "NVIDIA (0x10de)",
                    "spdisplays_vram": "2048 MB",
                }
            ]
        }
    )
    (gpu,) = hw.parse_system_profiler(text)
    assert (gpu.vendor, gpu.pci_vendor_id, gpu.vram_total_bytes) == ("NVIDIA", 0x10DE, 2 * GIB)


# ----------------------------------------------------------------------------- sysfs


def test_sysfs_cards_and_not_connectors(tmp_path: Path) -> None:
    root = build_tree(tmp_path, "sysfs-amd-intel.json")
    entries = hw.read_sysfs_gpus(root)
    assert [e["card"] for e in entries] == ["card0", "card1"]
    assert entries[1]["slot"] == "0000:03:00.0"
    intel, amd = hw.gpus_from_sysfs(entries)
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
    amd, virtio = hw.gpus_from_sysfs(entries)
    assert (amd.name, amd.vendor, amd.vram_total_bytes) == ("AMD GPU 0x73ff", "AMD", None)
    assert (virtio.name, virtio.vendor) == ("GPU 0x1af4:0x1050", "unknown")


def test_sysfs_without_drm_is_an_error_for_the_caller(tmp_path: Path) -> None:
    with pytest.raises(hw.ProbeError, match="does not exist"):
        hw.read_sysfs_gpus(tmp_path)


# ------------------------------------------------------------------------------ CPU


def test_cpuinfo_x86_with_avx512() -> None:
    cpu = hw.parse_cpuinfo(data("cpuinfo-x86_64.txt"), "x86_64")
    assert cpu.name == "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz"
    assert (cpu.avx, cpu.avx2, cpu.avx512, cpu.fma, cpu.neon) == (True, True, True, True, False)


def test_cpuinfo_x86_without_avx() -> None:
    cpu = hw.parse_cpuinfo(data("cpuinfo-x86_64-old.txt"), "x86_64")
    assert (cpu.avx, cpu.avx2, cpu.avx512, cpu.fma) == (False, False, False, False)


def test_cpuinfo_aarch64() -> None:
    cpu = hw.parse_cpuinfo(data("cpuinfo-aarch64.txt"), "aarch64")
    assert cpu.name == "ARM Neoverse-N1"
    assert (cpu.avx, cpu.avx2, cpu.avx512, cpu.fma, cpu.neon) == (False, False, False, False, True)


def test_cpuinfo_guesses_the_architecture_and_keeps_unknowns() -> None:
    assert hw.parse_cpuinfo(data("cpuinfo-aarch64.txt")).neon is True
    assert hw.parse_cpuinfo(data("cpuinfo-x86_64.txt")).avx2 is True
    empty = hw.parse_cpuinfo("", "")
    assert (empty.avx, empty.avx2, empty.avx512, empty.fma, empty.neon) == (None,) * 5


def test_sysctl_apple_silicon() -> None:
    cpu = hw.cpu_from_sysctl(hw.parse_sysctl(data("sysctl-m2.txt")), "arm64")
    assert cpu.name == "Apple M2"
    assert (cpu.avx, cpu.avx2, cpu.avx512, cpu.neon) == (False, False, False, True)


def test_sysctl_intel_mac() -> None:
    cpu = hw.cpu_from_sysctl(hw.parse_sysctl(data("sysctl-intel-mac.txt")), "x86_64")
    assert cpu.name == "Intel(R) Core(TM) i9-9880H CPU @ 2.30GHz"
    assert (cpu.avx, cpu.avx2, cpu.avx512, cpu.fma, cpu.neon) == (True, True, False, True, False)
    partial = hw.cpu_from_sysctl({"machdep.cpu.brand_string": "x"}, "x86_64")
    assert partial.avx2 is None  # a missing oid is unknown, not False


def test_windows_cpu_features() -> None:
    cpu = hw.cpu_from_windows(json.loads(data("windows-cpu-x64.json")), "AMD64")
    assert cpu.name == "13th Gen Intel(R) Core(TM) i7-13700K"
    assert (cpu.avx, cpu.avx2, cpu.avx512, cpu.fma, cpu.neon) == (True, True, False, True, False)


def test_windows_too_old_to_report_avx_gives_unknown() -> None:
    cpu = hw.cpu_from_windows(json.loads(data("windows-cpu-old-os.json")), "AMD64")
    assert (cpu.avx, cpu.avx2, cpu.avx512, cpu.fma, cpu.neon) == (None, None, None, None, False)


def test_windows_on_arm() -> None:
    cpu = hw.cpu_from_windows(json.loads(data("windows-cpu-arm64.json")), "ARM64")
    assert (cpu.avx, cpu.avx2, cpu.neon) == (False, False, True)


def test_windows_feature_codes() -> None:
    assert hw.PF_AVX2_INSTRUCTIONS_AVAILABLE == 40
    assert hw.PF_AVX512F_INSTRUCTIONS_AVAILABLE == 41
    assert hw.PF_ARM_NEON_INSTRUCTIONS_AVAILABLE == 19


# ---------------------------------------------------------------------------- merge


def test_merge_fills_gaps_for_the_same_gpu() -> None:
    nvml = hw.gpus_from_nvml(hw.read_nvml(FakeNvml([RTX_4090])))
    sysfs = hw.gpus_from_sysfs(
        [
            {"card": "card0", "vendor": "0x10de", "device": "0x2684", "driver": "nvidia"},
            {"card": "card1", "vendor": "0x8086", "device": "0x4680", "driver": "i915"},
        ]
    )
    merged = hw.merge_gpus(nvml, sysfs)
    assert [(g.name, g.source, g.driver) for g in merged] == [
        ("NVIDIA GeForce RTX 4090", "nvml", "nvidia"),
        ("Intel UHD Graphics 770", "sysfs", "i915"),
    ]
    assert merged[0].vram_total_bytes == 24 * GIB


def test_merge_keeps_two_identical_cards() -> None:
    two = hw.parse_nvidia_smi(data("nvidia-smi-1gpu.csv") * 2)
    sysfs = hw.gpus_from_sysfs([{"vendor": "0x10de", "device": "0x2684"}] * 2)
    assert len(hw.merge_gpus(two, sysfs)) == 2


def test_merge_by_name_when_ids_are_missing() -> None:
    smi = hw.parse_nvidia_smi("NVIDIA GeForce RTX 4090, 552.22, 24564, 23012, [N/A]\n")
    dxgi = [g for g in hw.gpus_from_dxgi(json.loads(data("dxgi-adapters.json")))]
    renamed = [GpuInfo("NVIDIA", "NVIDIA GeForce RTX 4090", "dxgi", shared_memory_bytes=1)]
    merged = hw.merge_gpus(smi, renamed + dxgi[1:])
    assert [g.name for g in merged] == [
        "NVIDIA GeForce RTX 4090",
        "Intel(R) UHD Graphics 770",
        "Microsoft Basic Render Driver",
    ]
    assert merged[0].shared_memory_bytes == 1


# ------------------------------------------------------------------------ providers

CPU_BUILD = GenaiBuilds("0.18.0", cuda=False, dml=False)
CUDA_BUILD = GenaiBuilds("0.18.0", cuda=True, dml=False)
DML_BUILD = GenaiBuilds("0.18.0", cuda=False, dml=True)
NVIDIA_GPU = GpuInfo(
    "NVIDIA", "NVIDIA GeForce RTX 4090", "nvml", pci_vendor_id=0x10DE, pci_device_id=0x2684
)


def library(path: str | None, error: str | None) -> Callable[[], LibraryCheck]:
    return lambda: LibraryCheck(path, error)


def never_loaded() -> LibraryCheck:
    raise AssertionError("the CUDA library must not be loaded when CUDA is already ruled out")


def test_cpu_build_without_nvidia_gpu() -> None:
    info = hw.decide_providers(
        sys_platform="linux",
        machine="x86_64",
        builds=CPU_BUILD,
        nvidia_notes=["NVML: Driver Not Loaded"],
        cuda_library=never_loaded,
    )
    assert (info.usable, info.engine_pick) == (["cpu"], "cpu")
    assert info.compiled == {"cuda": False, "dml": False, "cpu": True}
    assert info.reasons == {
        "cuda": "CUDA: this installation has the CPU build of onnxruntime-genai; "
        "no NVIDIA GPU found (NVML: Driver Not Loaded)",
        "dml": "DirectML: only available on Windows",
    }


def test_cpu_build_with_an_nvidia_gpu_says_what_to_install() -> None:
    info = hw.decide_providers(
        sys_platform="linux",
        machine="x86_64",
        builds=CPU_BUILD,
        nvidia_gpus=[NVIDIA_GPU],
        cuda_library=never_loaded,
    )
    assert info.reasons["cuda"] == (
        "CUDA: this installation has the CPU build of onnxruntime-genai "
        "(install agentic-desk[cuda])"
    )


def test_cuda_build_with_gpu_but_missing_cudnn() -> None:
    error = "libcudnn.so.9: cannot open shared object file: No such file or directory"
    info = hw.decide_providers(
        sys_platform="linux",
        machine="x86_64",
        builds=CUDA_BUILD,
        nvidia_gpus=[NVIDIA_GPU],
        cuda_library=library("/x/libonnxruntime_providers_cuda.so", error),
    )
    assert info.usable == ["cpu"]
    assert info.cuda_library == "/x/libonnxruntime_providers_cuda.so"
    assert info.reasons["cuda"].startswith(
        "CUDA: the CUDA provider library /x/libonnxruntime_providers_cuda.so cannot be loaded "
        f"({error})"
    )


def test_cuda_build_with_gpu_and_libraries_is_the_pick() -> None:
    info = hw.decide_providers(
        sys_platform="linux",
        machine="x86_64",
        builds=CUDA_BUILD,
        nvidia_gpus=[NVIDIA_GPU],
        cuda_library=library("/x/libonnxruntime_providers_cuda.so", None),
    )
    assert (info.usable, info.engine_pick) == (["cuda", "cpu"], "cuda")
    assert "cuda" not in info.reasons


def test_cuda_build_whose_gpu_driver_does_not_answer() -> None:
    info = hw.decide_providers(
        sys_platform="linux",
        machine="x86_64",
        builds=CUDA_BUILD,
        nvidia_notes=["NVML: Driver Not Loaded", "nvidia-smi: not found"],
        nvidia_elsewhere=True,
        cuda_library=never_loaded,
    )
    assert info.reasons["cuda"] == (
        "CUDA: an NVIDIA GPU is present but its driver does not answer "
        "(NVML: Driver Not Loaded; nvidia-smi: not found)"
    )


def test_directml_needs_a_hardware_adapter() -> None:
    basic = [g for g in hw.gpus_from_dxgi(json.loads(data("dxgi-adapters.json"))) if g.software]
    info = hw.decide_providers(
        sys_platform="win32", machine="AMD64", builds=DML_BUILD, dxgi_gpus=basic
    )
    assert (info.usable, info.engine_pick) == (["cpu"], "cpu")
    assert info.reasons["dml"] == (
        "DirectML: no hardware GPU adapter, only the Microsoft Basic Render Driver"
    )


def test_directml_with_hardware_adapters() -> None:
    adapters = hw.gpus_from_dxgi(json.loads(data("dxgi-adapters.json")))
    info = hw.decide_providers(
        sys_platform="win32", machine="AMD64", builds=DML_BUILD, dxgi_gpus=adapters
    )
    assert (info.usable, info.engine_pick) == (["dml", "cpu"], "dml")
    cpu_build = hw.decide_providers(
        sys_platform="win32", machine="AMD64", builds=CPU_BUILD, dxgi_gpus=adapters
    )
    assert cpu_build.reasons["dml"] == (
        "DirectML: this installation has the CPU build of onnxruntime-genai "
        "(install agentic-desk[default])"
    )


def test_macos_has_neither() -> None:
    info = hw.decide_providers(sys_platform="darwin", machine="arm64", builds=CPU_BUILD)
    assert info.usable == ["cpu"]
    assert set(info.reasons) == {"cuda", "dml"}


def test_a_broken_engine_install_is_explained() -> None:
    info = hw.decide_providers(
        sys_platform="linux", machine="x86_64", builds=None, builds_error="DLL load failed"
    )
    assert info.compiled == {"cuda": False, "dml": False, "cpu": False}
    assert "onnxruntime-genai could not be loaded (DLL load failed)" in info.reasons["cuda"]


# ------------------------------------------------------------- CUDA provider library


def test_no_cuda_provider_library(tmp_path: Path) -> None:
    check = hw.check_cuda_provider_library([tmp_path])
    assert check.path is None
    assert check.error is not None and "onnxruntime_providers_cuda" in check.error


def test_a_cuda_provider_library_that_cannot_load_reports_the_loader_error(
    tmp_path: Path,
) -> None:
    name = (
        "onnxruntime_providers_cuda.dll"
        if sys.platform == "win32"
        else ("libonnxruntime_providers_cuda.so")
    )
    (tmp_path / name).write_bytes(b"not a shared library")
    check = hw.check_cuda_provider_library([tmp_path])  # the real ctypes loader
    assert check.path == str(tmp_path / name)
    assert check.error  # e.g. "... invalid ELF header"


def test_the_bridge_library_is_loaded_first(tmp_path: Path) -> None:
    for name in ("libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so"):
        (tmp_path / name).write_bytes(b"")
    loaded: list[str] = []

    def load(path: str) -> object:
        loaded.append(Path(path).name)
        if "cuda" in path:
            raise OSError("libcublasLt.so.12: cannot open shared object file")
        return object()

    check = hw.check_cuda_provider_library([tmp_path], load)
    assert loaded == ["libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so"]
    assert check.error == "libcublasLt.so.12: cannot open shared object file"


def test_the_real_search_looks_next_to_the_installed_packages() -> None:
    dirs = hw.runtime_library_dirs()
    assert any(d.name == "onnxruntime_genai" for d in dirs)
    assert any(d.name == "capi" and d.parent.name == "onnxruntime" for d in dirs)


# -------------------------------------------------------------------- whole detection


def fake_env(**overrides: Any) -> HostEnv:
    def unavailable() -> Any:
        raise hw.ProbeError("not on this platform")

    values: dict[str, Any] = {
        "os_info": lambda: hw.OsInfo("Windows", "10", "10.0.22631", "AMD64", "3.11.9", "Win 11"),
        "cpu_counts": lambda: (8, 16),
        "memory": lambda: (32 * GIB, 20 * GIB),
        "windows_cpu": lambda: json.loads(data("windows-cpu-x64.json")),
        "nvml": unavailable,
        "dxgi": unavailable,
        "genai_builds": lambda: CPU_BUILD,
        "cuda_library": never_loaded,
    }
    values.update(overrides)
    return HostEnv(**values)


def test_windows_with_nvidia_intel_and_the_cuda_build(tmp_path: Path) -> None:
    env = fake_env(
        sys_platform="win32",
        machine="AMD64",
        nvml=lambda: hw.read_nvml(
            FakeNvml([{**RTX_4090, "name": "NVIDIA GeForce RTX 3070", "pci": 0x248410DE}])
        ),
        dxgi=lambda: json.loads(data("dxgi-adapters.json")),
        genai_builds=lambda: CUDA_BUILD,
        cuda_library=library("C:/x/onnxruntime_providers_cuda.dll", None),
    )
    runner = Runner()
    report = hw.detect_hardware(tmp_path, runner=runner, env=env)
    assert runner.calls == []
    assert [(g.name, g.source) for g in report.gpus] == [
        ("NVIDIA GeForce RTX 3070", "nvml"),
        ("Intel(R) UHD Graphics 770", "dxgi"),
        ("Microsoft Basic Render Driver", "dxgi"),
    ]
    assert report.gpus[0].shared_memory_bytes == 17045651456  # filled in from DXGI
    assert report.providers.usable == ["cuda", "cpu"]
    assert report.providers.engine_pick == "cuda"
    assert report.providers.reasons == {
        "dml": "DirectML: this installation has the CUDA build of onnxruntime-genai "
        "(install agentic-desk[default])"
    }
    assert report.cpu.avx2 is True and report.cpu.logical_cores == 16
    text = hw.format_report(report)
    assert "NVIDIA GeForce RTX 3070 (NVIDIA)" in text
    assert "the engine's pick (auto): CUDA" in text


def test_linux_with_amd_card_and_broken_nvidia_tools(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "root", "sysfs-amd-intel.json")
    (root / "proc").mkdir()
    (root / "proc" / "cpuinfo").write_text(data("cpuinfo-x86_64.txt"))
    env = fake_env(
        sys_platform="linux",
        machine="x86_64",
        root=root,
        nvml=lambda: hw.read_nvml(FakeNvml(init_error="NVML Shared Library Not Found")),
    )
    runner = Runner({"nvidia-smi": subprocess.TimeoutExpired(["nvidia-smi"], 5)})
    report = hw.detect_hardware(tmp_path / "models", runner=runner, env=env)
    assert report.cpu.name == "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz"
    assert [g.vendor for g in report.gpus] == ["Intel", "AMD"]
    assert report.probe_notes == [
        "NVML: NVML Shared Library Not Found",
        "nvidia-smi: no answer within 5 s",
    ]
    assert report.providers.usable == ["cpu"]
    assert report.disk.probed_path == str(tmp_path)
    assert report.disk.path == str(tmp_path / "models")


def test_macos(tmp_path: Path) -> None:
    runner = Runner(
        {
            "system_profiler": ok(data("system_profiler-m2.json")),
            "sysctl": CommandResult(
                1, data("sysctl-m2.txt"), "sysctl: unknown oid 'hw.optional.avx1_0'"
            ),
        }
    )
    env = fake_env(sys_platform="darwin", machine="arm64")
    report = hw.detect_hardware(tmp_path, runner=runner, env=env)
    assert report.cpu.name == "Apple M2" and report.cpu.neon is True
    assert [g.name for g in report.gpus] == ["Apple M2"]
    assert not runner.ran("nvidia-smi")
    assert report.probe_notes == []
    assert "unified memory" in hw.format_report(report)


def test_detection_never_raises(tmp_path: Path) -> None:
    def boom(*_args: Any) -> Any:
        raise RuntimeError("boom")

    for sys_platform in ("linux", "win32", "darwin", "sunos5"):
        env = HostEnv(
            sys_platform=sys_platform,
            machine="",
            root=tmp_path / "nothing",
            os_info=boom,
            cpu_counts=boom,
            memory=boom,
            windows_cpu=boom,
            nvml=boom,
            dxgi=boom,
            genai_builds=boom,
            cuda_library=boom,
        )
        report = hw.detect_hardware(tmp_path / "models", runner=boom, env=env)
        assert report.providers.usable == ["cpu"]
        assert report.memory.total_bytes is None
        assert report.probe_notes
        json.dumps(report.to_dict())
        hw.format_report(report)


def test_a_bug_in_detection_still_returns_a_report(tmp_path: Path) -> None:
    broken = fake_env(sys_platform=None)  # not a string: a bug outside any probe's guard
    report = hw.detect_hardware(tmp_path, runner=Runner(), env=broken)
    assert report.probe_notes == [
        "hardware detection failed: AttributeError: 'NoneType' object has no attribute 'startswith'"
    ]
    assert report.providers.engine_pick == "cpu"


# ------------------------------------------------------------------ the real machine


def test_real_detection_on_this_machine(tmp_path: Path) -> None:
    if os.path.exists("/dev/nvidiactl") or sys.platform != "linux":
        pytest.skip("expects the project's CPU-only Linux test machine")
    report = hw.detect_hardware(tmp_path / "models")
    assert report.os.system == "Linux"
    assert report.os.python
    assert report.cpu.name
    assert report.cpu.logical_cores and report.cpu.logical_cores >= 1
    assert report.cpu.avx is not None and report.cpu.neon is not None
    assert report.memory.total_bytes and report.memory.available_bytes
    assert 0 < report.memory.available_bytes <= report.memory.total_bytes
    assert report.disk.free_bytes and report.disk.total_bytes
    assert report.gpus == []
    assert report.providers.usable == ["cpu"]
    assert report.providers.engine_pick == "cpu"
    assert report.providers.compiled == {"cuda": False, "dml": False, "cpu": True}
    assert report.providers.genai_version
    assert set(report.providers.reasons) == {"cuda", "dml"}
    assert report.providers.reasons["cuda"].startswith("CUDA: ")
    assert any(note.startswith("NVML: ") for note in report.probe_notes)

    as_dict = report.to_dict()
    assert json.loads(json.dumps(as_dict)) == as_dict
    text = hw.format_report(report)
    for label in ("OS:", "CPU:", "RAM:", "Disk:", "GPUs:      none found", "Providers:"):
        assert label in text
    assert "the engine's pick (auto): CPU" in text


def test_hw_command(tmp_path: Path) -> None:
    parsed = json.loads(hw.hw_command(True, tmp_path))
    assert set(parsed) == {"os", "cpu", "memory", "disk", "gpus", "providers", "probe_notes"}
    assert parsed["providers"]["engine_pick"] in {"cuda", "dml", "cpu"}
    assert hw.hw_command(False, tmp_path).startswith("OS:")


def test_the_real_command_runner() -> None:
    result = hw.run_command([sys.executable, "-c", "print('hi')"])
    assert (result.returncode, result.stdout.strip()) == (0, "hi")
    _result, note = hw._run(hw.run_command, ["agentic-desk-no-such-tool"], "tool")
    assert note == "tool: not found (not installed or not on PATH)"


def test_genai_is_only_reached_through_the_engine_doorway() -> None:
    source = Path(agentic_desk.__file__).parent / "core" / "hardware.py"
    imported: list[str] = []
    for node in ast.walk(ast.parse(source.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            imported += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.append(node.module)
    assert not [n for n in imported if n.split(".")[0] in {"onnxruntime", "onnxruntime_genai"}]
