"""Which execution providers (CUDA, DirectML, CPU) can really run here, which one the
engine's "auto" picks, and in words why the others cannot.

onnxruntime-genai is only reached through :mod:`agentic_desk.core.engine.genai`
(telemetry off); onnxruntime is never imported here (only its files are looked at)."""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from agentic_desk.core.hardware.model import GpuInfo, ProvidersInfo, arch_family
from agentic_desk.core.hardware.probing import error_text
from agentic_desk.core.i18n import t


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
        return LibraryCheck(str(library), error_text(exc))
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
    broken = t(
        "onnxruntime-genai could not be loaded ({error})",
        error=builds_error or t("unknown error"),
    )

    # CUDA
    if sys_platform == "darwin":
        reasons["cuda"] = t("CUDA: not available on macOS")
    else:
        problems: list[str] = []
        nvidia_present = bool(nvidia_gpus) or nvidia_elsewhere
        if builds is None:
            problems.append(broken)
        elif not builds.cuda:
            text = t(
                "this installation has the {build} build of onnxruntime-genai",
                build=_build_label(builds),
            )
            problems.append(text + (t(" (install agentic-desk[cuda])") if nvidia_present else ""))
        if not nvidia_gpus:
            detail = "; ".join(nvidia_notes) or t("NVML and nvidia-smi list none")
            if nvidia_elsewhere:
                problems.append(
                    t(
                        "an NVIDIA GPU is present but its driver does not answer ({detail})",
                        detail=detail,
                    )
                )
            else:
                problems.append(t("no NVIDIA GPU found ({detail})", detail=detail))
        if not problems:
            check = cuda_library()
            library_path = check.path
            if check.error is not None and check.path is None:
                problems.append(t("{error} (reinstall agentic-desk[cuda])", error=check.error))
            elif check.error is not None:
                problems.append(
                    t(
                        "the CUDA provider library {path} cannot be loaded ({error}); install the "
                        "NVIDIA CUDA runtime, cuBLAS and cuDNN versions that onnxruntime-gpu needs",
                        path=check.path,
                        error=check.error,
                    )
                )
        if problems:
            reasons["cuda"] = t("CUDA: {problems}", problems="; ".join(problems))
        else:
            usable.append("cuda")

    # DirectML
    if sys_platform != "win32":
        reasons["dml"] = t("DirectML: only available on Windows")
    else:
        problems = []
        hardware = [g for g in dxgi_gpus if not g.software]
        if builds is None:
            problems.append(broken)
        elif not builds.dml:
            text = t(
                "this installation has the {build} build of onnxruntime-genai",
                build=_build_label(builds),
            )
            if hardware and arch_family(machine) == "x86":
                text += t(" (install agentic-desk[default])")
            elif hardware:
                text += t(" (DirectML builds are only published for Windows x64)")
            problems.append(text)
        if not hardware:
            if dxgi_note:
                problems.append(
                    t("the graphics adapters could not be listed ({note})", note=dxgi_note)
                )
            elif dxgi_gpus:
                problems.append(
                    t("no hardware GPU adapter, only the Microsoft Basic Render Driver")
                )
            else:
                problems.append(t("no GPU adapter found"))
        if problems:
            reasons["dml"] = t("DirectML: {problems}", problems="; ".join(problems))
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
