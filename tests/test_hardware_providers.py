"""Which execution provider is usable and why not, and the CUDA provider library check."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from agentic_desk.core.hardware.model import GpuInfo
from agentic_desk.core.hardware.providers import (
    check_cuda_provider_library,
    decide_providers,
    runtime_library_dirs,
)
from agentic_desk.core.hardware.windows import gpus_from_dxgi
from hardware_fakes import CPU_BUILD, CUDA_BUILD, DML_BUILD, data, library, never_loaded

NVIDIA_GPU = GpuInfo(
    "NVIDIA", "NVIDIA GeForce RTX 4090", "nvml", pci_vendor_id=0x10DE, pci_device_id=0x2684
)


# -------------------------------------------------------------------------- the decision


def test_cpu_build_without_nvidia_gpu() -> None:
    info = decide_providers(
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
    info = decide_providers(
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
    info = decide_providers(
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
    info = decide_providers(
        sys_platform="linux",
        machine="x86_64",
        builds=CUDA_BUILD,
        nvidia_gpus=[NVIDIA_GPU],
        cuda_library=library("/x/libonnxruntime_providers_cuda.so", None),
    )
    assert (info.usable, info.engine_pick) == (["cuda", "cpu"], "cuda")
    assert "cuda" not in info.reasons


def test_cuda_build_whose_gpu_driver_does_not_answer() -> None:
    info = decide_providers(
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
    basic = [g for g in gpus_from_dxgi(json.loads(data("dxgi-adapters.json"))) if g.software]
    info = decide_providers(
        sys_platform="win32", machine="AMD64", builds=DML_BUILD, dxgi_gpus=basic
    )
    assert (info.usable, info.engine_pick) == (["cpu"], "cpu")
    assert info.reasons["dml"] == (
        "DirectML: no hardware GPU adapter, only the Microsoft Basic Render Driver"
    )


def test_directml_with_hardware_adapters() -> None:
    adapters = gpus_from_dxgi(json.loads(data("dxgi-adapters.json")))
    info = decide_providers(
        sys_platform="win32", machine="AMD64", builds=DML_BUILD, dxgi_gpus=adapters
    )
    assert (info.usable, info.engine_pick) == (["dml", "cpu"], "dml")
    cpu_build = decide_providers(
        sys_platform="win32", machine="AMD64", builds=CPU_BUILD, dxgi_gpus=adapters
    )
    assert cpu_build.reasons["dml"] == (
        "DirectML: this installation has the CPU build of onnxruntime-genai "
        "(install agentic-desk[default])"
    )


def test_macos_has_neither() -> None:
    info = decide_providers(sys_platform="darwin", machine="arm64", builds=CPU_BUILD)
    assert info.usable == ["cpu"]
    assert set(info.reasons) == {"cuda", "dml"}


def test_a_broken_engine_install_is_explained() -> None:
    info = decide_providers(
        sys_platform="linux", machine="x86_64", builds=None, builds_error="DLL load failed"
    )
    assert info.compiled == {"cuda": False, "dml": False, "cpu": False}
    assert "onnxruntime-genai could not be loaded (DLL load failed)" in info.reasons["cuda"]


# ----------------------------------------------------------------- CUDA provider library


def test_no_cuda_provider_library(tmp_path: Path) -> None:
    check = check_cuda_provider_library([tmp_path])
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
    check = check_cuda_provider_library([tmp_path])  # the real ctypes loader
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

    check = check_cuda_provider_library([tmp_path], load)
    assert loaded == ["libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so"]
    assert check.error == "libcublasLt.so.12: cannot open shared object file"


def test_the_real_search_looks_next_to_the_installed_packages() -> None:
    dirs = runtime_library_dirs()
    assert any(d.name == "onnxruntime_genai" for d in dirs)
    assert any(d.name == "capi" and d.parent.name == "onnxruntime" for d in dirs)
