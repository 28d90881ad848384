"""The GGUF conversion worker: ``python -m agentic_desk.core.models.convert_worker ARGS_JSON``.

Started by :class:`agentic_desk.core.models.convert.GgufConverter`; never imported by the
app itself. It writes one JSON object per line to its standard output (progress, the
file's header, a hold point, an error, done) and everything libraries print goes to
standard error (the parent keeps that as a log). Steps, as in ``shared/REAL_MODEL.md``:

1. read the GGUF header with the gguf package; refuse unsupported architectures and
   tensor types; check disk and memory against estimates;
2. SHA-256 of the file (recorded with the model);
3. transformers de-quantises the GGUF (``from_pretrained(gguf_file=...)``); the weights
   are moved into a plain model of the same class (no copy) and saved, fp32 safetensors
   plus tokenizer and chat template, into a temporary Hugging Face folder;
4. ``python -m onnxruntime_genai.models.builder`` makes the genai folder.

torch, transformers and gguf are only imported here (they are the ``convert`` extra).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t
from agentic_desk.core.models.convert import (
    ARCHITECTURES,
    ConversionFailed,
    GgufInfo,
    GgufUnreadable,
    Resources,
    Stage,
    UnsupportedArchitecture,
    check_gguf_supported,
    check_resources,
    estimate_needs,
    requirements_error,
)

HASH_BLOCK = 8 * 1024 * 1024
READERS: dict[str, Any] = {}  # path -> the gguf.GGUFReader the header was read with


class Channel:
    """JSON lines to the parent on a private copy of stdout; stdout itself goes to stderr,
    so nothing a library prints can corrupt the protocol."""

    def __init__(self) -> None:
        self._out: IO[str] = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
        os.dup2(2, 1)
        sys.stdout = sys.stderr

    def send(self, **event: Any) -> None:
        self._out.write(json.dumps(event) + "\n")
        self._out.flush()

    def progress(self, stage: Stage, fraction: float, detail: str = "") -> None:
        self.send(type="progress", stage=stage.value, fraction=round(fraction, 4), detail=detail)


def hold_point(channel: Channel, hold: str | None, stage: Stage) -> None:
    """Test seam: stop at the start of ``stage`` until the parent writes a line."""
    if hold != stage.value:
        return
    channel.send(type="held", stage=stage.value)
    if not sys.stdin.readline():
        raise SystemExit(3)  # the parent went away


# ---- 1. the header ------------------------------------------------------------------------


def _field(reader: Any, key: str) -> Any:
    f = reader.fields.get(key)
    if f is None:
        return None
    try:
        return f.contents()
    except Exception:
        return None


def read_header(path: Path) -> GgufInfo:
    import gguf
    import numpy as np

    try:
        reader = gguf.GGUFReader(str(path))
        READERS[str(path.resolve())] = reader
    except Exception as exc:
        raise GgufUnreadable(
            t(
                "{name} is not a readable GGUF file ({name2}: {exc}).",
                name=path.name,
                name2=type(exc).__name__,
                exc=exc,
            ),
            t("The file may be damaged or cut short: download it again."),
        ) from None
    arch = _field(reader, "general.architecture")
    if not isinstance(arch, str):
        raise GgufUnreadable(
            t(
                "{name} has no general.architecture entry, so it is not a model GGUF file.",
                name=path.name,
            ),
            t("Choose the model's .gguf file (not a LoRA adapter or a vision projector)."),
        )
    types: dict[str, int] = {}
    params = 0
    for tensor in reader.tensors:
        name = tensor.tensor_type.name
        types[name] = types.get(name, 0) + 1
        params += int(np.prod(tensor.shape, dtype=np.int64))
    size = path.stat().st_size
    for tensor in reader.tensors:  # a file cut short: the last tensor runs past the end
        end = int(tensor.data_offset) + int(tensor.n_bytes)
        if end > size:
            raise GgufUnreadable(
                t(
                    "{name} is cut short: tensor {name2} needs bytes up to {end:,} but the file "
                    "holds {size:,}.",
                    name=path.name,
                    name2=tensor.name,
                    end=end,
                    size=size,
                ),
                t("The download did not finish: download the file again."),
            )
    name = _field(reader, "general.name")
    tokens = reader.fields.get("tokenizer.ggml.tokens")
    return GgufInfo(
        file_name=path.name,
        size_bytes=size,
        architecture=arch,
        model_name=name if isinstance(name, str) else path.stem,
        parameter_count=params,
        tensor_types=types,
        context_length=_int_or_none(_field(reader, f"{arch}.context_length")),
        block_count=_int_or_none(_field(reader, f"{arch}.block_count")),
        vocab_size=len(tokens.data) if tokens is not None else None,
        has_chat_template=reader.fields.get("tokenizer.chat_template") is not None,
    )


def _int_or_none(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) else None


# ---- 2. the checksum ----------------------------------------------------------------------


def sha256_of(path: Path, channel: Channel) -> str:
    digest = hashlib.sha256()
    total = max(1, path.stat().st_size)
    done = 0
    last = 0.0
    with path.open("rb") as fh:
        while block := fh.read(HASH_BLOCK):
            digest.update(block)
            done += len(block)
            now = time.monotonic()
            if now - last > 0.2:
                channel.progress(Stage.HASH, done / total, f"{done / 1024**2:.0f} MB")
                last = now
    channel.progress(Stage.HASH, 1.0)
    return digest.hexdigest()


# ---- 3. de-quantise to a Hugging Face folder ----------------------------------------------


def dequantize_to_hf(path: Path, info: GgufInfo, hf_dir: Path, channel: Channel) -> None:
    import gguf
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    # transformers builds the same tensor-name map once per module of the model (seconds
    # for a small model); the map depends only on its arguments, so remember it.
    if hasattr(gguf, "get_tensor_name_map"):
        gguf.get_tensor_name_map = functools.lru_cache(maxsize=None)(gguf.get_tensor_name_map)

    # transformers opens the file once for the configuration and once for the weights; a
    # reader parses every metadata entry (seconds for a 150k-token vocabulary), so the
    # header read for the checks is handed out again instead (it only memory-maps tensors).
    if READERS:
        original_reader = gguf.GGUFReader

        def cached_reader(path: Any, mode: str = "r") -> Any:
            key = str(Path(path).resolve())
            return READERS.get(key) or original_reader(path, mode)

        gguf.GGUFReader = cached_reader

    # Count de-quantised tensors for progress (transformers calls gguf.dequantize per tensor).
    total = max(1, sum(info.tensor_types.values()))
    state = {"done": 0, "last": 0.0}
    original = gguf.dequantize

    def counting(data: Any, qtype: Any) -> Any:
        result = original(data, qtype)
        state["done"] += 1
        now = time.monotonic()
        if now - state["last"] > 0.1:
            state["last"] = now
            channel.progress(
                Stage.DEQUANTIZE,
                0.2 + 0.75 * state["done"] / total,
                f"{state['done']} of {total} tensors",
            )
        return result

    gguf.dequantize = counting

    folder, name = str(path.parent), path.name
    channel.progress(Stage.DEQUANTIZE, 0.0, t("reading the configuration"))
    try:
        config = AutoConfig.from_pretrained(folder, gguf_file=name)
    except ValueError as exc:
        raise UnsupportedArchitecture(
            t(
                "transformers cannot read {name} ({exc}).",
                name=name,
                exc=exc,
            ),
            t(
                "Supported architectures: {architectures}.",
                architectures=", ".join(ARCHITECTURES),
            ),
        ) from None
    model_type = str(getattr(config, "model_type", "?"))
    expected = ARCHITECTURES[info.architecture].model_types
    if model_type not in expected:
        raise UnsupportedArchitecture(
            t(
                "{name} turned into a '{model_type}' model, which this converter does not build "
                "(expected {expected}).",
                name=name,
                model_type=model_type,
                expected=" or ".join(expected),
            ),
            t("Choose another model file."),
        )
    channel.progress(Stage.DEQUANTIZE, 0.1, t("converting the tokenizer"))
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    channel.progress(Stage.DEQUANTIZE, 0.2, f"0 of {total} tensors")
    model = AutoModelForCausalLM.from_pretrained(
        folder, gguf_file=name, config=config, dtype=torch.float32
    )
    gguf.dequantize = original
    channel.progress(Stage.DEQUANTIZE, 1.0)

    # A model loaded from GGUF refuses save_pretrained while it carries its GGUF
    # quantisation config: move its (already de-quantised) weights into a plain model of
    # the same class, built on the meta device so no second copy is allocated.
    channel.progress(Stage.SAVE, 0.0)
    plain_config = model.config.to_dict()
    plain_config.pop("quantization_config", None)
    clean = type(model.config).from_dict(plain_config)
    with torch.device("meta"):
        plain = type(model)(clean)
    plain.load_state_dict(model.state_dict(), strict=True, assign=True)
    if getattr(clean, "tie_word_embeddings", False):
        plain.tie_weights()
    plain.generation_config = model.generation_config
    del model
    gc.collect()
    channel.progress(Stage.SAVE, 0.3, "weights")
    plain.save_pretrained(str(hf_dir))
    del plain
    gc.collect()
    channel.progress(Stage.SAVE, 0.9, "tokenizer")
    tokenizer.save_pretrained(str(hf_dir))
    channel.progress(Stage.SAVE, 1.0)


# ---- 4. the model builder -------------------------------------------------------------------

_QUANTIZE_LINE = re.compile(r"start to quantize", re.IGNORECASE)
_ERROR_LINE = re.compile(r"^\w*(Error|Exception)\b.*", re.MULTILINE)


def run_builder(
    hf_dir: Path,
    out_dir: Path,
    cache_dir: Path,
    variant: str,
    precision: str,
    layers: int,
    channel: Channel,
) -> None:
    command = [
        sys.executable,
        "-m",
        "onnxruntime_genai.models.builder",
        "-i",
        str(hf_dir),
        "-o",
        str(out_dir),
        "-p",
        precision,
        "-e",
        variant,
        "-c",
        str(cache_dir),
        "--extra_options",
        "hf_token=false",
    ]
    # int4: the builder logs one line per MatMul it quantises (about 5 per layer + lm_head).
    expected = max(1, 5 * layers + 1)
    quantized = 0
    channel.progress(Stage.BUILD, 0.0, t("loading the weights"))
    tail: list[str] = []
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace"
    )
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            sys.stderr.write(line)
            tail = [*tail[-40:], line.rstrip()]
            if precision == "int4" and _QUANTIZE_LINE.search(line):
                quantized += 1
                channel.progress(
                    Stage.BUILD,
                    0.2 + 0.7 * min(1.0, quantized / expected),
                    t(
                        "quantised {quantized} of about {expected} weight matrices",
                        quantized=quantized,
                        expected=expected,
                    ),
                )
            elif line.startswith("Saving GenAI config"):
                channel.progress(Stage.BUILD, 0.95, t("writing genai_config.json"))
        code = proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if code != 0:
        errors = [t for t in tail if _ERROR_LINE.match(t)]
        reason = errors[-1] if errors else (tail[-1] if tail else t("exit code {code}", code=code))
        raise ConversionFailed(
            t(
                "The ONNX model builder failed: {reason}",
                reason=reason,
            ),
            t(
                "This model may use a feature the builder does not support for "
                "{variant}/{precision}; try another variant or precision.",
                variant=variant,
                precision=precision,
            ),
        )
    channel.progress(Stage.BUILD, 1.0)


def peak_rss_bytes() -> dict[str, int]:
    """Peak resident memory of this worker (de-quantising) and of the builder process."""
    try:
        import resource
    except ImportError:  # Windows
        return {}
    scale = 1 if sys.platform == "darwin" else 1024  # macOS reports bytes, Linux KiB
    return {
        "worker": int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale),
        "builder": int(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale),
    }


def convert(args: dict[str, Any], channel: Channel) -> None:
    source = Path(args["source"])
    work = Path(args["work_dir"])
    variant, precision, hold = args["variant"], args["precision"], args.get("hold")

    hold_point(channel, hold, Stage.CHECK)
    channel.progress(Stage.CHECK, 0.0, t("reading the header"))
    try:
        import gguf  # noqa: F401
    except ImportError as exc:
        raise requirements_error([exc.name or str(exc)]) from None
    info = read_header(source)
    channel.send(type="info", info=info.to_json())
    check_gguf_supported(info)
    needs = estimate_needs(info.parameter_count, precision)
    given = args.get("resources")
    have = Resources(**given) if given else Resources.measure(work)
    check_resources(needs, have, Path(args["models_dir"]))
    channel.progress(Stage.CHECK, 1.0)

    hold_point(channel, hold, Stage.HASH)
    sha = sha256_of(source, channel)

    hold_point(channel, hold, Stage.DEQUANTIZE)
    channel.progress(Stage.DEQUANTIZE, 0.0, t("loading PyTorch and transformers"))
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        raise requirements_error([exc.name or str(exc)]) from None
    hf_dir = work / "hf"
    dequantize_to_hf(source, info, hf_dir, channel)

    hold_point(channel, hold, Stage.BUILD)
    out_dir = work / "out"
    run_builder(
        hf_dir, out_dir, work / "cache", variant, precision, info.block_count or 32, channel
    )
    # The temporary copy is not needed any more: give the disk space back at once.
    import shutil

    shutil.rmtree(hf_dir, ignore_errors=True)
    shutil.rmtree(work / "cache", ignore_errors=True)
    hold_point(channel, hold, Stage.VALIDATE)
    channel.send(type="done", output=str(out_dir), sha256=sha, peak_rss=peak_rss_bytes())


def main(argv: list[str] | None = None) -> int:
    args = json.loads((argv or sys.argv[1:])[0])
    channel = Channel()
    try:
        convert(args, channel)
    except AgenticDeskError as exc:
        with contextlib.suppress(OSError):
            channel.send(type="error", error=type(exc).__name__, message=exc.message, hint=exc.hint)
        return 1
    except BrokenPipeError:
        return 2  # the app went away; it cleans up what is left
    except MemoryError:
        with contextlib.suppress(OSError):
            channel.send(
                type="error",
                error="NotEnoughMemory",
                message=t("The conversion ran out of memory."),
                hint=t("Close other programs and try again, or convert on a bigger computer."),
            )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
