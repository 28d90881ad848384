"""The one typed doorway to onnxruntime-genai (an untyped native module).

Everything the engine asks of the library goes through here, so API changes
between the releases we allow (0.11 to 0.18) are handled in one place, and
telemetry is switched off before the library is first imported.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from agentic_desk.core.engine import errors as e
from agentic_desk.core.i18n import t

PROVIDERS = ("cuda", "dml", "cpu")
PROVIDER_LABELS = {"cuda": "CUDA", "dml": "DirectML", "cpu": "CPU"}


@cache
def module() -> Any:
    """Import onnxruntime_genai with telemetry off (ARCHITECTURE Fact 6)."""
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    import onnxruntime_genai as og

    disable = getattr(og, "disable_telemetry_events", None)
    if disable is not None:
        disable()
    return og


def version() -> str:
    return str(getattr(module(), "__version__", "unknown"))


def installed_version() -> str:
    """The version of onnxruntime-genai installed here, read from its package metadata when
    it is there, so the app process need not load the native library (only the worker
    does: a damaged library then fails the load, in words, not the app)."""
    from importlib import metadata

    for dist in ("onnxruntime-genai", "onnxruntime-genai-cuda", "onnxruntime-genai-directml"):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    try:
        return version()
    except Exception:  # not importable here: the worker says why when it loads
        return "unknown"


def provider_built(name: str) -> bool:
    """Whether this install of onnxruntime-genai was built with the provider
    (not whether the hardware is there: that is only known by trying)."""
    og = module()
    if name == "cpu":
        return True
    probe = {"cuda": "is_cuda_available", "dml": "is_dml_available"}[name]
    check = getattr(og, probe, None)
    return bool(check()) if check is not None else False


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@dataclass
class OpenedModel:
    model: Any
    tokenizer: Any  # onnxruntime-genai's Tokenizer, or a HfTokenizer fallback
    provider: str
    notes: list[str] = field(default_factory=list)

    def encode(self, text: str) -> list[int]:
        return [int(t) for t in self.tokenizer.encode(text)]

    def decode(self, ids: Sequence[int]) -> str:
        if not ids:
            return ""
        return str(self.tokenizer.decode(np.asarray(ids, dtype=np.int32)))


class HfTokenizer:
    """``tokenizer.json`` read by Hugging Face's ``tokenizers`` (the reference reader),
    with the same encode/decode surface as onnxruntime-genai's Tokenizer. Used when the
    installed onnxruntime-genai does not know the folder's tokenizer class (0.11 rejects
    ``TokenizersBackend``, which recent transformers write), so older engines still run
    newer model folders without touching the user's files."""

    def __init__(self, path: Path) -> None:
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(path))

    def encode(self, text: str) -> list[int]:
        return list(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def decode(self, ids: Any) -> str:
        return str(self._tokenizer.decode([int(i) for i in ids], skip_special_tokens=True))


def provider_candidates(requested: Sequence[str]) -> tuple[list[str], list[str]]:
    """The providers to try in order, and notes on requested ones that cannot be tried."""
    wanted = [p.lower() for p in requested] or ["auto"]
    notes: list[str] = []
    if wanted == ["auto"]:
        return [p for p in PROVIDERS if provider_built(p)], notes
    candidates: list[str] = []
    for name in wanted:
        if name not in PROVIDERS:
            notes.append(
                t("'{name}' is not an execution provider (use cuda, dml or cpu).", name=name)
            )
        elif not provider_built(name):
            notes.append(
                t(
                    "{provider_labels} is not part of this installation (onnxruntime-genai "
                    "{version} was built without it).",
                    provider_labels=PROVIDER_LABELS[name],
                    version=version(),
                )
            )
        elif name not in candidates:
            candidates.append(name)
    return candidates, notes


def compute_threads(path: Path) -> int | None:
    """The onnxruntime compute threads to ask for: one per physical core (at most 16),
    unless the model's own ``genai_config.json`` sets them. Left alone, onnxruntime-genai ran
    the Phi-4-mini-shaped model on one of this machine's two cores (prefill 16 against 34
    tokens/s, decode 4.3 against 8.0 with two threads: README "Speed at real model scale")."""
    try:
        config = json.loads((path / "genai_config.json").read_text(encoding="utf-8"))
        options = config["model"]["decoder"].get("session_options", {})
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    if isinstance(options, dict) and "intra_op_num_threads" in options:
        return None
    try:
        import psutil

        cores = psutil.cpu_count(logical=False) or os.cpu_count()
    except Exception:
        cores = os.cpu_count()
    return max(1, min(int(cores or 1), 16))


def open_model(
    path: Path, requested: Sequence[str], decoder_file: str | None = None
) -> OpenedModel:
    """Load the model on the first provider that starts, falling back in order.
    ``decoder_file``: a graph in the folder to load instead of the config's (the
    last-position copy of :mod:`~.lastlogits`)."""
    og = module()
    candidates, notes = provider_candidates(requested)
    for name in candidates:
        try:
            config = og.Config(str(path))
            config.clear_providers()
            if name != "cpu":
                config.append_provider(name)
            decoder: dict[str, Any] = {}
            threads = compute_threads(path)
            if threads is not None:
                decoder["session_options"] = {"intra_op_num_threads": threads}
            if decoder_file is not None:
                decoder["filename"] = decoder_file
            if decoder:
                config.overlay(json.dumps({"model": {"decoder": decoder}}))
            model = og.Model(config)
        except Exception as exc:
            reason = _first_line(exc)
            if "Unsupported model_type" in reason:
                raise e.UnsupportedModelType(
                    t(
                        "This model's architecture is not supported by onnxruntime-genai "
                        "{version} ({reason}).",
                        version=version(),
                        reason=reason,
                    ),
                    t(
                        "Update Agentic Desk, or choose a model of a supported family (Phi, "
                        "Llama, Mistral, Qwen, Gemma, ...).",
                    ),
                ) from None
            if name == "cpu":
                raise e.ModelLoadFailed(
                    t(
                        "The model could not be loaded: {reason}",
                        reason=reason,
                    ),
                    t(
                        "The folder may be damaged or made for another version: download or "
                        "import the model again.",
                    ),
                ) from None
            notes.append(
                t(
                    "{provider_labels} could not start ({reason}).",
                    provider_labels=PROVIDER_LABELS[name],
                    reason=reason,
                )
            )
            continue
        fell_back = bool(notes)  # notes so far are about providers that could not be used
        tokenizer_note = False
        try:
            tokenizer: Any = og.Tokenizer(model)
        except Exception as exc:
            reason = _first_line(exc)
            if "Unsupported tokenizer class" in reason and (path / "tokenizer.json").is_file():
                tokenizer = HfTokenizer(path / "tokenizer.json")
                notes.append(
                    t(
                        "onnxruntime-genai {version} cannot read this tokenizer ({reason}); "
                        "using the tokenizers library instead.",
                        version=version(),
                        reason=reason,
                    )
                )
                tokenizer_note = True
            else:
                raise e.TokenizerUnreadable(
                    t(
                        "The model's tokenizer could not be loaded: {reason}",
                        reason=reason,
                    ),
                    t(
                        "The tokenizer files are damaged or of a kind this version cannot read: "
                        "download the model again, or update Agentic Desk.",
                    ),
                ) from None
        if fell_back:
            notes.insert(
                len(notes) - (1 if tokenizer_note else 0), f"Using {PROVIDER_LABELS[name]} instead."
            )
        return OpenedModel(model, tokenizer, name, notes)
    wanted = ", ".join(requested) or "auto"
    raise e.ProviderUnavailable(
        t(
            "None of the requested execution providers ({wanted}) can run here. {notes}",
            wanted=wanted,
            notes=" ".join(notes),
        ),
        t(
            "Choose 'auto' or 'cpu' as the execution provider (setting "
            "engine.execution_providers or ONNX_EXECUTION_PROVIDERS), or install the matching "
            "flavour of Agentic Desk.",
        ),
    )


def new_generator(model: OpenedModel, search: dict[str, Any]) -> Any:
    og = module()
    params = og.GeneratorParams(model.model)
    params.set_search_options(**search)
    return og.Generator(model.model, params)


def append_tokens(generator: Any, ids: Sequence[int]) -> None:
    generator.append_tokens(np.asarray(ids, dtype=np.int32))


def next_token(generator: Any) -> int:
    generator.generate_next_token()
    return int(generator.get_next_tokens()[0])


def is_done(generator: Any) -> bool:
    return bool(generator.is_done())


def rewind(generator: Any, length: int) -> None:
    generator.rewind_to(length)
