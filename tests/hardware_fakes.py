"""Recorded outputs and fakes shared by the ``test_hardware*`` modules (no tests here):
a command runner answering from a table, a fake pynvml, onnxruntime-genai builds."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from agentic_desk.core.hardware.probing import CommandResult
from agentic_desk.core.hardware.providers import GenaiBuilds, LibraryCheck

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


# ------------------------------------------------------------------------- a fake pynvml


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


# -------------------------------------- onnxruntime-genai builds and CUDA library checks


CPU_BUILD = GenaiBuilds("0.18.0", cuda=False, dml=False)
CUDA_BUILD = GenaiBuilds("0.18.0", cuda=True, dml=False)
DML_BUILD = GenaiBuilds("0.18.0", cuda=False, dml=True)


def library(path: str | None, error: str | None) -> Callable[[], LibraryCheck]:
    return lambda: LibraryCheck(path, error)


def never_loaded() -> LibraryCheck:
    raise AssertionError("the CUDA library must not be loaded when CUDA is already ruled out")
