"""Import a GGUF model (LM Studio, Ollama, Jan) by converting it to an ONNX Runtime GenAI folder.

The conversion follows ``shared/REAL_MODEL.md``: transformers de-quantises the GGUF into a
plain Hugging Face folder (fp32 safetensors, tokenizer, chat template), then
onnxruntime-genai's model builder turns that folder into a genai folder for the chosen
variant (cpu, cuda, dml) and precision. The result is checked like any imported folder
and added to the :class:`ModelStore` with its source recorded (file name, sha256,
quantisation types, architecture).

All of the heavy work runs in a separate process
(``python -m agentic_desk.core.models.convert_worker``) that reports progress as JSON
lines, so no torch, transformers or gguf import ever happens in the app's process, a
crash cannot take the app down, and cancel is "end the process tree, delete the
temporary folder". This module only starts that process, reads its events and
installs the result: it is plain Python with no heavy imports, usable by the CLI and
the GUI alike.

Typical use::

    missing = convert_requirements_missing()      # None when the 'convert' extra is there
    handle = GgufConverter(store).start(path, "cpu", "int4", on_progress=print)
    model = handle.wait()                          # InstalledModel, or raises ConvertError
    handle.cancel()                                # from any thread; temp files are removed

or, as the app's one shape of long work (a :class:`~agentic_desk.core.jobs.Job`)::

    job = GgufConverter(store).job(path, "cpu", "int4")
    job.on_progress(print)
    model = job.run()                              # starts the worker, waits; or raises
    job.cancel()                                   # from any thread, also before it started

``on_progress`` is called on the handle's reader thread (a GUI must hand it over to its
own thread, e.g. with a queued signal).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import psutil

from agentic_desk.core.engine.folder import check_model_folder
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import N_, t
from agentic_desk.core.jobs import Job, JobCancelled
from agentic_desk.core.models.store import (
    PARTIAL_DIR,
    AlreadyInstalled,
    InstalledModel,
    ModelStore,
    StoreError,
    folder_files,
    safe_id,
)

GIB = 1024**3

VARIANTS = ("cpu", "cuda", "dml")
PRECISIONS = ("int4", "fp16", "fp32")
# What onnxruntime-genai's model builder can make (its own list of valid combinations).
VALID_COMBINATIONS = {
    "cpu": ("int4", "fp32"),
    "cuda": ("int4", "fp16", "fp32"),
    "dml": ("int4", "fp16"),
}


@dataclass(frozen=True)
class Architecture:
    gguf_name: str  # general.architecture in the GGUF file
    model_types: tuple[str, ...]  # transformers' model_type for it; the builder must know it
    verified: bool  # converted and chatted with by this project's tests
    note: str = ""


# GGUF architectures that transformers can de-quantise AND onnxruntime-genai's builder
# can build. "verified" ones are converted by tests (tests/test_convert.py).
ARCHITECTURES: dict[str, Architecture] = {
    a.gguf_name: a
    for a in (
        Architecture(
            "llama",
            ("llama", "mistral"),
            True,
            "Llama 2/3, SmolLM2, TinyLlama; Mistral files also say llama",
        ),
        Architecture("qwen2", ("qwen2",), True, "Qwen 2 / 2.5"),
        Architecture("qwen3", ("qwen3",), False, "Qwen 3 (dense)"),
        Architecture("mistral", ("mistral",), False),
        Architecture("phi3", ("phi3",), False, "Phi-3 / Phi-3.5 mini"),
        Architecture("gemma2", ("gemma2",), False),
        Architecture("gemma3", ("gemma3_text",), False, "text part only"),
    )
}

# GGML tensor types the conversion de-quantises (the gguf package's numpy code).
SUPPORTED_QUANT_TYPES = (
    "F32",
    "F16",
    "BF16",
    "Q4_0",
    "Q4_1",
    "Q5_0",
    "Q5_1",
    "Q8_0",
    "Q2_K",
    "Q3_K",
    "Q4_K",
    "Q5_K",
    "Q6_K",
)

# (module to look for, what pip installs it as): the 'convert' extra.
REQUIREMENTS: tuple[tuple[str, str], ...] = (
    ("torch", "torch"),
    ("transformers", "transformers"),
    ("gguf", "gguf"),
    ("accelerate", "accelerate"),
    ("onnx_ir", "onnx-ir"),
    ("onnxscript", "onnxscript"),
    ("onnxruntime_genai", "onnxruntime-genai"),
)
INSTALL_HINT = (
    'Install the convert extra: pip install "agentic-desk[convert]" (from a checkout: '
    'pip install -e ".[convert]"). It brings PyTorch, transformers, gguf and the model '
    "builder's requirements (about 1 GB with the CPU build of PyTorch)."
)

# Test seam: set in the environment of the child to stop it at a stage (see Hold).
WORKER_MODULE = "agentic_desk.core.models.convert_worker"
WORK_PREFIX = ".convert-"


# ---- errors -------------------------------------------------------------------------


class ConvertError(StoreError):
    """A GGUF file cannot be converted; the message says why and what to do."""


class ConvertRequirementsMissing(ConvertError):
    pass


class GgufUnreadable(ConvertError):
    pass


class UnsupportedArchitecture(ConvertError):
    pass


class UnsupportedQuantization(ConvertError):
    pass


class UnsupportedCombination(ConvertError):
    pass


class NotEnoughDisk(ConvertError):
    pass


class NotEnoughMemory(ConvertError):
    pass


class ConversionFailed(ConvertError):
    pass


class ConversionCancelled(ConvertError, JobCancelled):
    """The conversion was cancelled; its worker processes are gone and its temporary files
    removed. (A :class:`JobCancelled`, so a job runner treats it as a cancel, not a
    failure.)"""


ERROR_TYPES: dict[str, type[AgenticDeskError]] = {
    cls.__name__: cls
    for cls in (
        ConvertError,
        ConvertRequirementsMissing,
        GgufUnreadable,
        UnsupportedArchitecture,
        UnsupportedQuantization,
        UnsupportedCombination,
        NotEnoughDisk,
        NotEnoughMemory,
        ConversionFailed,
        ConversionCancelled,
        AlreadyInstalled,
    )
}


# ---- requirements -------------------------------------------------------------------


def convert_requirements_missing(
    requirements: Sequence[tuple[str, str]] = REQUIREMENTS,
) -> list[str] | None:
    """The pip names of the convert extra's packages that are not installed (None: all are).

    Only looks the modules up (nothing is imported), so it is cheap enough for a UI to
    call when it draws the import button."""
    missing = [pip for module, pip in requirements if importlib.util.find_spec(module) is None]
    return missing or None


def requirements_error(missing: Sequence[str]) -> ConvertRequirementsMissing:
    """The error (message + what to install) for missing packages of the extra."""
    return ConvertRequirementsMissing(
        t(
            "Converting a GGUF file needs packages that are not installed: {missing}.",
            missing=", ".join(missing),
        ),
        INSTALL_HINT,
    )


# ---- what the file is and whether it can be converted ----------------------------------


@dataclass(frozen=True)
class GgufInfo:
    """What the GGUF header says (read by the worker with the gguf package)."""

    file_name: str
    size_bytes: int
    architecture: str
    model_name: str
    parameter_count: int
    tensor_types: dict[str, int]  # GGML type name -> number of tensors of that type
    context_length: int | None
    block_count: int | None
    vocab_size: int | None
    has_chat_template: bool

    @property
    def main_quant_type(self) -> str:
        """The type that holds most of the tensors besides F32 (norms are always F32)."""
        types = {k: v for k, v in self.tensor_types.items() if k != "F32"} or self.tensor_types
        return max(sorted(types), key=lambda k: types[k]) if types else "unknown"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GgufInfo:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def _names(items: Sequence[str]) -> str:
    return ", ".join(items)


def supported_architectures_text() -> str:
    verified = [a.gguf_name for a in ARCHITECTURES.values() if a.verified]
    others = [a.gguf_name for a in ARCHITECTURES.values() if not a.verified]
    return t(
        "{names} (tested here); also accepted, untested: {names2}",
        names=_names(verified),
        names2=_names(others),
    )


def check_combination(variant: str, precision: str) -> None:
    if variant not in VALID_COMBINATIONS:
        raise UnsupportedCombination(
            t(
                "'{variant}' is not a variant the converter can build.",
                variant=variant,
            ),
            t(
                "Choose one of: {names}.",
                names=_names(VARIANTS),
            ),
        )
    allowed = VALID_COMBINATIONS[variant]
    if precision not in allowed:
        raise UnsupportedCombination(
            t(
                "The model builder cannot make a {precision} model for {variant}.",
                precision=precision,
                variant=variant,
            ),
            t(
                "For {variant} choose {allowed}{value}",
                variant=variant,
                allowed=" or ".join(allowed),
                value=t(" (fp16 needs a GPU variant: cuda or dml).")
                if precision == "fp16"
                else t("."),
            ),
        )


def check_gguf_supported(info: GgufInfo) -> None:
    """Refuse architectures and tensor types the conversion cannot handle, naming them."""
    if info.architecture not in ARCHITECTURES:
        raise UnsupportedArchitecture(
            t(
                "{file_name} is a '{architecture}' model, and converting that architecture is "
                "not supported.",
                file_name=info.file_name,
                architecture=info.architecture,
            ),
            t(
                "Supported architectures: {supported_architectures_text}.",
                supported_architectures_text=supported_architectures_text(),
            ),
        )
    bad = sorted(t for t in info.tensor_types if t not in SUPPORTED_QUANT_TYPES)
    if bad:
        counts = ", ".join(f"{t} ({info.tensor_types[t]} tensors)" for t in bad)
        raise UnsupportedQuantization(
            t(
                "{file_name} uses quantisation types the converter cannot de-quantise: {counts}.",
                file_name=info.file_name,
                counts=counts,
            ),
            t(
                "Supported types: {names}. Download a file of this model in one of them (e.g. "
                "Q4_K_M, Q8_0 or F16).",
                names=_names(SUPPORTED_QUANT_TYPES),
            ),
        )


# ---- disk and memory --------------------------------------------------------------------


@dataclass(frozen=True)
class Resources:
    """Free disk space where the models live and available memory (a test seam too)."""

    disk_free: int
    ram_available: int

    @classmethod
    def measure(cls, folder: Path) -> Resources:
        probe = folder
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        return cls(shutil.disk_usage(probe).free, int(psutil.virtual_memory().available))


# Bytes per parameter of the builder's output (weights, scales; embeddings and small
# tensors kept in float make int4 larger than 0.5).
_OUTPUT_BYTES_PER_PARAM = {"int4": 1.0, "fp16": 2.1, "fp32": 4.1}
_MARGIN = 256 * 1024**2
_BASE_MEMORY = 5 * GIB // 4  # Python, torch, transformers and the builder themselves


@dataclass(frozen=True)
class Needs:
    hf_copy_bytes: int  # the de-quantised fp32 Hugging Face folder (temporary)
    output_bytes: int  # the converted model (kept)
    ram_bytes: int

    @property
    def disk_bytes(self) -> int:
        return self.hf_copy_bytes + self.output_bytes + _MARGIN


def estimate_needs(parameter_count: int, precision: str) -> Needs:
    """Disk and memory a conversion needs. Measured on SmolLM2-135M (135M parameters):
    peak RSS 1.1 GB de-quantising and 1.7 GB in the builder, a 538 MB fp32 copy, 86 MB of
    int4 output; the estimate (1.9 GB, 0.9 GB) is on the safe side of that."""
    hf = 4 * parameter_count
    out = int(_OUTPUT_BYTES_PER_PARAM.get(precision, 4.1) * parameter_count)
    ram = _BASE_MEMORY + 5 * parameter_count  # the fp32 weights plus working copies
    return Needs(hf_copy_bytes=hf, output_bytes=out, ram_bytes=ram)


def _gb(n: float) -> str:
    mib = n / 1024**2
    if n >= GIB:
        return f"{n / GIB:.1f} GB"
    return f"{mib:.0f} MB" if mib >= 10 else f"{mib:.1f} MB"


def check_resources(needs: Needs, have: Resources, models_dir: Path) -> None:
    if have.disk_free < needs.disk_bytes:
        raise NotEnoughDisk(
            t(
                "Converting needs about {gb} free on the disk that holds {models_dir} ({gb2} for "
                "a temporary de-quantised copy, {gb3} for the converted model), but only {gb4} "
                "are free.",
                gb=_gb(needs.disk_bytes),
                models_dir=models_dir,
                gb2=_gb(needs.hf_copy_bytes),
                gb3=_gb(needs.output_bytes),
                gb4=_gb(have.disk_free),
            ),
            t(
                "Free up {gb} there, or set models_dir to a folder on a larger disk.",
                gb=_gb(needs.disk_bytes - have.disk_free),
            ),
        )
    if have.ram_available < needs.ram_bytes:
        raise NotEnoughMemory(
            t(
                "Converting needs about {gb} of memory (the de-quantised weights are held in "
                "fp32), but only {gb2} are available.",
                gb=_gb(needs.ram_bytes),
                gb2=_gb(have.ram_available),
            ),
            t(
                "Close other programs and try again, or convert on a computer with more memory "
                "(the converted folder can be copied and imported anywhere).",
            ),
        )


# ---- progress ----------------------------------------------------------------------------


class Stage(StrEnum):
    CHECK = "check"
    HASH = "hash"
    DEQUANTIZE = "dequantize"
    SAVE = "save"
    BUILD = "build"
    VALIDATE = "validate"
    INSTALL = "install"


STAGE_LABELS = {
    Stage.CHECK: N_("Checking the GGUF file"),
    Stage.HASH: N_("Computing its SHA-256"),
    Stage.DEQUANTIZE: N_("De-quantising the weights"),
    Stage.SAVE: N_("Writing a temporary Hugging Face copy"),
    Stage.BUILD: N_("Building the ONNX model"),
    Stage.VALIDATE: N_("Checking the converted model"),
    Stage.INSTALL: N_("Adding it to your models"),
}
# Share of the whole job (roughly what each took for SmolLM2-135M here).
_STAGE_WEIGHTS = {
    Stage.CHECK: 0.08,
    Stage.HASH: 0.02,
    Stage.DEQUANTIZE: 0.45,
    Stage.SAVE: 0.05,
    Stage.BUILD: 0.36,
    Stage.VALIDATE: 0.02,
    Stage.INSTALL: 0.02,
}


def overall_fraction(stage: Stage, stage_fraction: float) -> float:
    done = 0.0
    for s in Stage:
        if s is stage:
            return min(1.0, done + _STAGE_WEIGHTS[s] * max(0.0, min(1.0, stage_fraction)))
        done += _STAGE_WEIGHTS[s]
    return 1.0


@dataclass(frozen=True)
class ConvertProgress:
    stage: Stage
    stage_fraction: float  # 0..1 within the stage
    fraction: float  # 0..1 of the whole conversion
    detail: str = ""  # e.g. "120 of 272 tensors"

    @property
    def label(self) -> str:
        return t(STAGE_LABELS[self.stage])

    def line(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{100 * self.fraction:5.1f}%  {self.label}{detail}"


@dataclass
class ConversionReport:
    """Numbers about a finished conversion (also kept in the model's manifest)."""

    seconds: float = 0.0
    peak_rss_bytes: int | None = None  # the larger of the two below (None on Windows)
    peak_rss: dict[str, int] = field(default_factory=dict)  # "worker", "builder"
    stage_seconds: dict[str, float] = field(default_factory=dict)


# ---- the running conversion --------------------------------------------------------------


class ConversionHandle:
    """One conversion in progress. ``wait`` returns the installed model or raises.

    ``cancel`` may be called from any thread (or a signal handler): the worker's process
    tree is ended and every temporary file is removed before ``wait`` raises
    :class:`ConversionCancelled`. Cancel after the model was installed does nothing.
    """

    def __init__(
        self,
        converter: GgufConverter,
        source: Path,
        model_id: str,
        variant: str,
        precision: str,
        work_dir: Path,
        on_progress: Callable[[ConvertProgress], None] | None,
    ) -> None:
        self._converter = converter
        self.source = source
        self.model_id = model_id
        self.variant = variant
        self.precision = precision
        self.work_dir = work_dir
        self._on_progress = on_progress
        # Re-entrant: cancel() may run in a signal handler on a thread that holds it.
        self._lock = threading.RLock()
        self._finished = threading.Event()
        self._cancelled = False
        self._installing = False
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.progress: ConvertProgress | None = None
        self.info: GgufInfo | None = None
        self.held_at: str | None = None
        self._held = threading.Condition(self._lock)
        self.result: InstalledModel | None = None
        self.error: AgenticDeskError | None = None
        self.report = ConversionReport()
        self.sha256: str | None = None
        self.log_file: Path | None = None  # kept when a conversion fails
        self._started = time.monotonic()
        self._stage_started = time.monotonic()
        self._thread: threading.Thread | None = None
        self._killed: list[psutil.Process] = []

    # -- public --------------------------------------------------------------------------

    def done(self) -> bool:
        return self._finished.is_set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait until the conversion has ended (however it ended); True if it has."""
        return self._finished.wait(timeout)

    def wait(self, timeout: float | None = None) -> InstalledModel:
        """The installed model; raises the conversion's error (a ConvertError subclass)."""
        if not self._finished.wait(timeout):
            raise TimeoutError("the conversion is still running")
        if self._thread is not None:
            self._thread.join()
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result

    def cancel(self) -> None:
        """Returns at once (a GUI thread may call it); the reader thread cleans up."""
        with self._lock:
            if self._finished.is_set() or self._installing:
                return
            self._cancelled = True
            if self._proc is not None:
                self._killed.extend(_kill_tree(self._proc.pid))

    @property
    def worker_pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def wait_held(self, timeout: float | None = None) -> str:
        """Test seam: block until the worker stops at its hold point; returns the stage."""
        with self._held:
            if not self._held.wait_for(
                lambda: self.held_at is not None or self._finished.is_set(), timeout
            ):
                raise TimeoutError("the worker did not reach its hold point")
        if self.held_at is None:
            raise RuntimeError(f"the conversion ended before its hold point: {self.error}")
        return self.held_at

    def release(self) -> None:
        """Test seam: let a worker stopped at its hold point go on."""
        proc = self._proc
        if proc is not None and proc.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                proc.stdin.write(b"go\n")
                proc.stdin.flush()

    # -- internals -----------------------------------------------------------------------

    def _launch(self, args: dict[str, Any]) -> None:
        self.work_dir.mkdir(parents=True)
        self._log = (self.work_dir / "convert.log").open("wb")
        env = dict(os.environ)
        # Everything is local: never let transformers or the builder ask the Hub.
        env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", HF_HUB_DISABLE_TELEMETRY="1")
        env["ORT_DISABLE_TELEMETRY"] = "1"
        env["PYTHONUNBUFFERED"] = "1"
        kwargs: dict[str, Any] = {}
        if sys.platform == "win32":
            kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
        else:
            kwargs["start_new_session"] = True  # Ctrl+C in a terminal does not reach it
        try:
            with self._lock:
                if self._cancelled:
                    raise ConversionCancelled(t("The conversion was cancelled."), "")
                self._proc = subprocess.Popen(
                    [sys.executable, "-m", WORKER_MODULE, json.dumps(args)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=self._log,
                    env=env,
                    **kwargs,
                )
                if self._cancelled:  # a signal handler on this thread cancelled meanwhile
                    self._killed.extend(_kill_tree(self._proc.pid))
        except BaseException:
            self._log.close()
            raise
        self._thread = threading.Thread(
            target=self._run, name=f"convert-{self.model_id}", daemon=True
        )
        self._thread.start()

    def _emit(self, stage: Stage, stage_fraction: float, detail: str = "") -> None:
        now = time.monotonic()
        if self.progress is not None and self.progress.stage is not stage:
            key = self.progress.stage.value
            self.report.stage_seconds[key] = self.report.stage_seconds.get(key, 0.0) + (
                now - self._stage_started
            )
            self._stage_started = now
        elif self.progress is None:
            self._stage_started = now
        progress = ConvertProgress(
            stage, stage_fraction, overall_fraction(stage, stage_fraction), detail
        )
        self.progress = progress
        if self._on_progress is not None:
            self._on_progress(progress)

    def _run(self) -> None:
        try:
            output = self._read_events()
            with self._lock:
                if self._cancelled:
                    raise ConversionCancelled(t("The conversion was cancelled."), "")
                self._installing = True
            self.result = self._install(output)
        except AgenticDeskError as exc:
            self.error = exc
        except Exception as exc:  # a bug: still clean up and report it in words
            self.error = ConversionFailed(
                t(
                    "The conversion failed unexpectedly ({name}: {exc}).",
                    name=type(exc).__name__,
                    exc=exc,
                ),
                t("Please report this with the log shown by 'agentic-desk models import'."),
            )
        finally:
            self._finish()

    def _read_events(self) -> Path:
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        output: Path | None = None
        error: AgenticDeskError | None = None
        for raw in proc.stdout:
            try:
                event = json.loads(raw)
            except ValueError:
                continue
            kind = event.get("type")
            if kind == "progress":
                self._emit(Stage(event["stage"]), float(event["fraction"]), event.get("detail", ""))
            elif kind == "info":
                self.info = GgufInfo.from_json(event["info"])
            elif kind == "held":
                with self._held:
                    self.held_at = str(event["stage"])
                    self._held.notify_all()
            elif kind == "error":
                cls = ERROR_TYPES.get(event.get("error", ""), ConversionFailed)
                error = cls(event.get("message", ""), event.get("hint", ""))
            elif kind == "done":
                output = Path(event["output"])
                self.sha256 = event.get("sha256")
                peaks = {str(k): int(v) for k, v in (event.get("peak_rss") or {}).items()}
                self.report.peak_rss = peaks
                self.report.peak_rss_bytes = max(peaks.values()) if peaks else None
        code = proc.wait()
        with self._lock:
            cancelled = self._cancelled
        if cancelled:
            raise ConversionCancelled(
                t("The conversion was cancelled."), t("Its temporary files were removed.")
            )
        if error is not None:
            raise error
        if code in (-9, 137) and output is None:  # SIGKILL we did not send
            raise ConversionFailed(
                t(
                    "The conversion process was stopped by the system, most likely because the "
                    "computer ran out of memory.",
                ),
                t(
                    "Close other programs and try again, or convert on a computer with more "
                    "memory.",
                ),
            )
        if code != 0 or output is None:
            raise ConversionFailed(
                t(
                    "The conversion process stopped unexpectedly (exit code {code}).",
                    code=code,
                ),
                t(
                    "The last lines of its log: {log_tail}",
                    log_tail=self._log_tail(),
                ),
            )
        return output

    def _log_tail(self, lines: int = 5) -> str:
        try:
            text = (self.work_dir / "convert.log").read_text("utf-8", errors="replace")
        except OSError:
            return "(no log)"
        kept = [line.strip() for line in text.splitlines() if line.strip()]
        return " | ".join(kept[-lines:]) or "(empty)"

    def _install(self, output: Path) -> InstalledModel:
        self._emit(Stage.VALIDATE, 0.0)
        info = check_model_folder(output)
        files = folder_files(info.path)
        self._emit(Stage.VALIDATE, 1.0)
        self._emit(Stage.INSTALL, 0.0)
        gguf = self.info
        self.report.seconds = time.monotonic() - self._started
        origin: dict[str, Any] = {
            "format": "gguf",
            "file_name": self.source.name,
            "path": str(self.source),
            "sha256": self.sha256,
            "variant": self.variant,
            "precision": self.precision,
            "converted_at": time.time(),
            "conversion_seconds": round(self.report.seconds, 1),
            "peak_rss_bytes": self.report.peak_rss_bytes,
        }
        if gguf is not None:
            origin.update(
                architecture=gguf.architecture,
                model_name=gguf.model_name,
                quant_type=gguf.main_quant_type,
                tensor_types=gguf.tensor_types,
                parameter_count=gguf.parameter_count,
            )
        model = InstalledModel(
            id=self.model_id,
            name=self.model_id,
            kind=self.variant,
            source="gguf",
            location="",
            installed_at=time.time(),
            verified=None,  # built here: no published checksum to verify it against
            files=files,
            origin=origin,
        )
        installed = self._converter.store.install(output, model)
        self._emit(Stage.INSTALL, 1.0)
        return installed

    def _finish(self) -> None:
        proc = self._proc
        if proc is not None:
            if proc.poll() is None:
                self._killed.extend(_kill_tree(proc.pid))
            proc.wait()
        # Every killed process (the builder too) must be gone before its files are deleted.
        with self._lock:
            killed = list(self._killed)
        psutil.wait_procs(killed, timeout=30)
        if proc is not None:
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError, ValueError):
                        stream.close()
        if self._log is not None:
            self._log.close()
        if self.error is not None and not isinstance(self.error, ConversionCancelled):
            self._keep_log()
        shutil.rmtree(self.work_dir, ignore_errors=True)
        with self._held:
            self._finished.set()
            self._held.notify_all()

    def _keep_log(self) -> None:
        """A failed conversion's log is kept (one file, next to the models) for a report."""
        log = self.work_dir / "convert.log"
        target = self._converter.store.root / PARTIAL_DIR / f"convert-{self.model_id}.log"
        with contextlib.suppress(OSError):
            shutil.copyfile(log, target)
            self.log_file = target


def _kill_tree(pid: int) -> list[psutil.Process]:
    """Kill a process and its descendants (the builder); returns them, without waiting."""
    try:
        parent = psutil.Process(pid)
        procs = [*parent.children(recursive=True), parent]
    except psutil.Error:
        return []
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    return procs


class ConversionJob(Job[InstalledModel, ConvertProgress]):
    """A GGUF conversion as a :class:`~agentic_desk.core.jobs.Job` (see
    :meth:`GgufConverter.job`): ``on_progress`` listeners get every
    :class:`ConvertProgress`; :meth:`run` starts the worker process (unless :meth:`start`
    did) and waits for the installed model; ``cancel()``, from any thread (or a signal
    handler), also before the worker started, ends the worker's process tree and removes
    the temporary files, after which :meth:`run` raises :class:`ConversionCancelled`.

    The running conversion is :attr:`handle` (None until started): its report, log file
    and test seams (``wait_held``, ``release``)."""

    def __init__(
        self,
        converter: GgufConverter,
        source: str | os.PathLike[str],
        variant: str = "cpu",
        precision: str = "int4",
        *,
        name: str | None = None,
    ) -> None:
        super().__init__(f"Converting {Path(source).name}")
        self.converter = converter
        self.source = source
        self.variant = variant
        self.precision = precision
        self.name = name
        self.handle: ConversionHandle | None = None
        self._start_lock = threading.Lock()

    def start(self) -> ConversionHandle:
        """Start the worker process (once; later calls return the same handle). Raises at
        once what :meth:`GgufConverter.start` raises at once, and
        :class:`ConversionCancelled` when the job was cancelled before it started."""
        with self._start_lock:
            if self.handle is not None:
                return self.handle
            if self.cancelled:
                raise ConversionCancelled(t("The conversion was cancelled."), "")
            handle, args = self.converter._prepare(
                self.source, self.variant, self.precision, self.report, name=self.name
            )
            # Known before the first event (a listener may look at it), and cancellable: a
            # cancel from now on stops the launch or ends the process tree.
            self.handle = handle
            self.on_cancel(handle.cancel)
            try:
                self.converter._launch(handle, args)
            except BaseException:
                self.handle = None  # never ran: nothing to wait for
                raise
            return handle

    def run(self) -> InstalledModel:
        """The installed model, or :class:`ConversionCancelled` (everything cleaned up by
        then), or the :class:`ConvertError` it failed with. No check after the wait: a
        model that was installed is the result even if a cancel came in meanwhile (as
        :meth:`ConversionHandle.cancel` does nothing then)."""
        return self.start().wait()


class GgufConverter:
    """Converts GGUF files into installed ONNX Runtime GenAI models of a :class:`ModelStore`.

    ``resources`` replaces the measured free disk and memory (a seam for tests and for a
    UI that wants to show the check's verdict for another folder); ``hold`` stops the
    worker at the start of a stage until :meth:`ConversionHandle.release` (tests only);
    ``requirements`` is the list of modules the extra must provide (a seam for tests).
    """

    def __init__(
        self,
        store: ModelStore,
        *,
        resources: Resources | None = None,
        hold: str | None = None,
        requirements: Sequence[tuple[str, str]] = REQUIREMENTS,
    ) -> None:
        self.store = store
        self.resources = resources
        self.hold = hold
        self.requirements = tuple(requirements)

    def model_id_for(self, source: Path, variant: str, precision: str) -> str:
        name = source.name
        stem = name[: -len(".gguf")] if name.lower().endswith(".gguf") else name
        return safe_id(f"{stem}-{variant}-{precision}")

    def start(
        self,
        source: str | os.PathLike[str],
        variant: str = "cpu",
        precision: str = "int4",
        on_progress: Callable[[ConvertProgress], None] | None = None,
        *,
        name: str | None = None,
    ) -> ConversionHandle:
        """Check what can be checked at once, then convert in a worker process.

        Raises at once (before any process starts) when the extra is missing, the file is
        not there, the variant/precision pair cannot be built, or the id is taken. Errors
        found by reading the file (architecture, quantisation types, disk, memory) and
        during the conversion come from :meth:`ConversionHandle.wait`."""
        handle, args = self._prepare(source, variant, precision, on_progress, name=name)
        self._launch(handle, args)
        return handle

    def job(
        self,
        source: str | os.PathLike[str],
        variant: str = "cpu",
        precision: str = "int4",
        *,
        name: str | None = None,
    ) -> ConversionJob:
        """The conversion as a :class:`~agentic_desk.core.jobs.Job` (nothing starts until
        its :meth:`ConversionJob.start` or :meth:`ConversionJob.run`)."""
        return ConversionJob(self, source, variant, precision, name=name)

    def _prepare(
        self,
        source: str | os.PathLike[str],
        variant: str,
        precision: str,
        on_progress: Callable[[ConvertProgress], None] | None,
        *,
        name: str | None,
    ) -> tuple[ConversionHandle, dict[str, Any]]:
        """The checks :meth:`start` makes at once, and the handle and the worker's
        arguments (nothing is started)."""
        missing = convert_requirements_missing(self.requirements)
        if missing:
            raise requirements_error(missing)
        path = Path(source).expanduser().absolute()
        if not path.is_file():
            what = t("is a folder, not a GGUF file") if path.is_dir() else t("does not exist")
            raise GgufUnreadable(
                t(
                    "{path} {what}.",
                    path=path,
                    what=what,
                ),
                t("Choose the .gguf file of the model."),
            )
        check_combination(variant, precision)
        model_id = safe_id(name) if name else self.model_id_for(path, variant, precision)
        if self.store.folder(model_id).exists():
            raise AlreadyInstalled(
                t(
                    "A model with the id {model_id} is already installed.",
                    model_id=model_id,
                ),
                t("Remove it first, or import under another name (--name)."),
            )
        self.store.ensure()
        self.clean_stale()
        with contextlib.suppress(OSError):  # the log of an earlier failed try
            (self.store.root / PARTIAL_DIR / f"convert-{model_id}.log").unlink()
        work = self.store.root / PARTIAL_DIR / f"{WORK_PREFIX}{model_id}.{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        handle = ConversionHandle(self, path, model_id, variant, precision, work, on_progress)
        args: dict[str, Any] = {
            "source": str(path),
            "work_dir": str(work),
            "variant": variant,
            "precision": precision,
            "models_dir": str(self.store.root),
            "hold": self.hold,
            "resources": asdict(self.resources) if self.resources else None,
        }
        return handle, args

    def _launch(self, handle: ConversionHandle, args: dict[str, Any]) -> None:
        try:
            handle._launch(args)
        except BaseException:
            shutil.rmtree(handle.work_dir, ignore_errors=True)
            raise

    def convert(
        self,
        source: str | os.PathLike[str],
        variant: str = "cpu",
        precision: str = "int4",
        on_progress: Callable[[ConvertProgress], None] | None = None,
        *,
        name: str | None = None,
    ) -> InstalledModel:
        """``start`` + ``wait`` (blocking)."""
        return self.start(source, variant, precision, on_progress, name=name).wait()

    def clean_stale(self) -> list[Path]:
        """Remove work folders left by conversions whose process is gone (a crash, a kill)."""
        removed: list[Path] = []
        partial = self.store.root / PARTIAL_DIR
        if not partial.is_dir():
            return removed
        for entry in partial.iterdir():
            if not entry.name.startswith(WORK_PREFIX):
                continue
            pid_text = entry.name.rsplit(".", 1)[-1]
            if pid_text.isdigit() and psutil.pid_exists(int(pid_text)):
                continue
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
        return removed
