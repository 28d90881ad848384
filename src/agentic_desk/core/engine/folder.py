"""Checks a model folder before the native library sees it.

onnxruntime-genai reports a broken folder with a native message (or worse, a
crash). Each problem a user can actually have is detected here first, in plain
Python, and reported with its own message and fix.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentic_desk.core import jsonload
from agentic_desk.core.budget import ONNX_ELEMENT_BYTES, KvGeometry
from agentic_desk.core.engine import errors as e
from agentic_desk.core.engine import lastlogits
from agentic_desk.core.i18n import t

CONFIG_NAME = "genai_config.json"

_REQUIRED_FIELDS = (
    "model.type",
    "model.context_length",
    "model.vocab_size",
    "model.eos_token_id",
    "model.decoder.filename",
)


@dataclass(frozen=True)
class ModelFolderInfo:
    """What the engine needs to know about a checked model folder."""

    path: Path
    model_type: str
    context_length: int
    vocab_size: int
    decoder_file: Path
    weights_bytes: int
    chat_template_source: str  # "tokenizer_config", "jinja" or "builtin"
    kv: KvGeometry | None = None  # what the KV cache costs per token (None: not stated)
    # what the last-position graph can do with the decoder graph (lastlogits.graph_shape:
    # "already", "rewritable", "linked", "unknown"; None: not read)
    graph_shape: str | None = None
    # every file the check read or looked for (a :class:`FolderCache` entry holds while
    # none of them changes)
    files: tuple[Path, ...] = ()


def _lookup(config: dict[str, Any], dotted: str) -> Any:
    node: Any = config
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _external_data_needs(model_file: Path) -> tuple[dict[str, int], Any]:
    """Map each external data file the graph names to the bytes it must hold; and the graph."""
    import onnx

    try:
        proto = onnx.load(str(model_file), load_external_data=False)
    except Exception as exc:
        raise e.ModelFileMissing(
            t(
                "The model file {name} is damaged and cannot be read ({exc}).",
                name=model_file.name,
                exc=exc,
            ),
            t("Download the model again, or import a complete copy of the folder."),
        ) from None
    needs: dict[str, int] = {}
    for tensor in proto.graph.initializer:
        if tensor.data_location != onnx.TensorProto.EXTERNAL:
            continue
        entries = {item.key: item.value for item in tensor.external_data}
        location = entries.get("location", "")
        end = int(entries.get("offset", "0") or 0) + int(entries.get("length", "0") or 0)
        needs[location] = max(needs.get(location, 0), end)
    return needs, proto.graph


def _positive(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def kv_geometry(config: dict[str, Any], graph: Any, context_length: int) -> KvGeometry | None:
    """The KV cache's shape from ``genai_config.json`` and its element type from the graph's
    first past-key input (fp32 in the builder's CPU models, fp16 in its GPU ones)."""
    decoder = _lookup(config, "model.decoder") or {}
    layers = _positive(decoder.get("num_hidden_layers"))
    heads = _positive(decoder.get("num_attention_heads"))
    kv_heads = _positive(decoder.get("num_key_value_heads")) or heads
    head_size = _positive(decoder.get("head_size"))
    hidden = _positive(decoder.get("hidden_size"))
    if head_size is None and hidden and heads:
        head_size = hidden // heads
    if not (layers and kv_heads and head_size):
        return None
    pattern = str(
        _lookup(config, "model.decoder.inputs.past_key_names") or "past_key_values.%d.key"
    )
    first = pattern.replace("%d", "0")
    element = 4
    for item in getattr(graph, "input", ()):
        if item.name == first:
            element = ONNX_ELEMENT_BYTES.get(item.type.tensor_type.elem_type, 4)
            break
    return KvGeometry(
        layers=layers,
        kv_heads=kv_heads,
        head_size=head_size,
        bytes_per_value=element,
        model_context=context_length,
        vocab_size=_positive(_lookup(config, "model.vocab_size")) or 0,
        hidden_size=hidden or (heads or 0) * head_size,
    )


def check_model_folder(path: Path | str, *, max_length: int | None = None) -> ModelFolderInfo:
    """Check everything about a model folder that can be checked without loading it.

    Raises a :class:`ModelFolderError` subclass naming the problem and the fix.
    """
    folder = Path(path).expanduser()
    if not folder.is_dir():
        what = t("is a file, not a folder") if folder.exists() else t("does not exist")
        raise e.FolderMissing(
            t(
                "The model folder {folder} {what}.",
                folder=folder,
                what=what,
            ),
            t("Check the path, or choose the model again in the model manager."),
        )
    config_path = folder / CONFIG_NAME
    if not config_path.is_file():
        raise e.ConfigMissing(
            t(
                "{folder} has no {config_name}, so it is not an ONNX Runtime GenAI model folder.",
                folder=folder,
                config_name=CONFIG_NAME,
            ),
            t(
                "Choose the folder that contains genai_config.json (official ONNX repos keep one "
                "per variant sub-folder, e.g. cpu-int4-rtn-block-32), or download the model "
                "again.",
            ),
        )
    try:
        config = jsonload.loads(config_path.read_bytes(), what=f"{CONFIG_NAME} in {folder}")
    except jsonload.JsonUnreadable as exc:
        raise e.ConfigInvalid(
            exc.message, t("The file is damaged: download the model again or restore the file.")
        ) from None
    if not isinstance(config, dict):
        raise e.ConfigInvalid(
            t(
                "{config_name} in {folder} does not hold a JSON object.",
                config_name=CONFIG_NAME,
                folder=folder,
            ),
            t("The file is damaged: download the model again or restore the file."),
        )
    missing = [name for name in _REQUIRED_FIELDS if _lookup(config, name) is None]
    if missing:
        raise e.ConfigFieldsMissing(
            t(
                "{config_name} in {folder} lacks required fields: {missing}.",
                config_name=CONFIG_NAME,
                folder=folder,
                missing=", ".join(missing),
            ),
            t("The file is incomplete: download the model again or restore the file."),
        )
    model_type = str(_lookup(config, "model.type"))
    context_length = _lookup(config, "model.context_length")
    vocab_size = _lookup(config, "model.vocab_size")
    if not isinstance(context_length, int) or context_length <= 0:
        raise e.ConfigInvalid(
            t(
                "{config_name} in {folder}: model.context_length must be a positive whole number "
                "(got {context_length!r}).",
                config_name=CONFIG_NAME,
                folder=folder,
                context_length=context_length,
            ),
            t("The file is damaged: download the model again or restore the file."),
        )
    decoder_file = folder / str(_lookup(config, "model.decoder.filename"))
    if not decoder_file.is_file():
        raise e.ModelFileMissing(
            t(
                "The model file {name} named in {config_name} is missing from {folder}.",
                name=decoder_file.name,
                config_name=CONFIG_NAME,
                folder=folder,
            ),
            t(
                "The download is incomplete: download the model again, or copy the missing file "
                "into the folder.",
            ),
        )
    weights = decoder_file.stat().st_size
    needs, graph = _external_data_needs(decoder_file)
    for location, needed in sorted(needs.items()):
        data_file = folder / location
        if not data_file.is_file():
            raise e.ExternalWeightsMissing(
                t(
                    "The weights file {location} that {name} needs is missing from {folder}.",
                    location=location,
                    name=decoder_file.name,
                    folder=folder,
                ),
                t(
                    "The download is incomplete: download the model again, or copy the missing "
                    "file into the folder.",
                ),
            )
        size = data_file.stat().st_size
        if size < needed:
            raise e.ExternalWeightsTruncated(
                t(
                    "The weights file {location} is cut short: it holds {size:,} bytes but the "
                    "model needs {needed:,}.",
                    location=location,
                    size=size,
                    needed=needed,
                ),
                t("The download did not finish: download the model again (or resume it)."),
            )
        weights += size
    _check_tokenizer(folder)
    if max_length is not None and max_length > context_length:
        raise e.ContextTooLong(
            t(
                "The requested context of {max_length:,} tokens is longer than this model's "
                "{context_length:,}.",
                max_length=max_length,
                context_length=context_length,
            ),
            t(
                "Set the maximum context to {context_length:,} tokens or less.",
                context_length=context_length,
            ),
        )
    if (folder / "chat_template.jinja").is_file():
        template_source = "jinja"
    elif _tokenizer_config_template(folder) is not None:
        template_source = "tokenizer_config"
    else:
        template_source = "builtin"
    return ModelFolderInfo(
        path=folder,
        model_type=model_type,
        context_length=context_length,
        vocab_size=int(vocab_size),
        decoder_file=decoder_file,
        weights_bytes=weights,
        chat_template_source=template_source,
        kv=kv_geometry(config, graph, context_length),
        graph_shape=lastlogits.graph_shape(graph, decoder_file, _logits_name(config)),
        files=(
            config_path,
            decoder_file,
            *(folder / location for location in sorted(needs)),
            *(folder / name for name in _TOKENIZER_FILES),
        ),
    )


# read (or looked for) by the tokenizer and chat template checks
_TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer.model",
    "tokenizer_config.json",
    "chat_template.jinja",
)

Stamp = tuple[int, int] | None  # (size, mtime_ns); None: absent


def _stamp(path: Path) -> Stamp:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


class FolderCache:
    """:func:`check_model_folder` remembered per folder, keyed by the (path, size, mtime_ns)
    of every file it read: a second look at an unchanged folder parses nothing (no ONNX
    graph, no tokenizer.json); a file replaced, touched, added or removed is read again.

    The model manager keeps one, so refreshing the Installed list with many models does not
    read every graph again. Thread-safe; only folders that passed the check are kept."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[tuple[tuple[Path, Stamp], ...], ModelFolderInfo]] = {}
        self._lock = threading.Lock()

    def check(self, path: Path | str) -> ModelFolderInfo:
        folder = Path(path).expanduser()
        with self._lock:
            entry = self._entries.get(folder)
        if entry is not None and all(_stamp(file) == stamp for file, stamp in entry[0]):
            return entry[1]
        # stamps taken before the check too: a file changed while it was read is not kept
        known = [folder / CONFIG_NAME, *(folder / name for name in _TOKENIZER_FILES)]
        if entry is not None:
            known += [file for file, _ in entry[0]]
        before = {file: _stamp(file) for file in known}
        try:
            info = check_model_folder(folder)
        except Exception:
            with self._lock:
                self._entries.pop(folder, None)
            raise
        stamps = tuple((file, _stamp(file)) for file in info.files)
        with self._lock:
            if all(before.get(file, stamp) == stamp for file, stamp in stamps):
                self._entries[folder] = (stamps, info)
            else:
                self._entries.pop(folder, None)
        return info


def _logits_name(config: dict[str, Any]) -> str:
    name = _lookup(config, "model.decoder.outputs.logits")
    return name if isinstance(name, str) else "logits"


def _check_tokenizer(folder: Path) -> None:
    tokenizer_json = folder / "tokenizer.json"
    if not tokenizer_json.is_file():
        if (folder / "tokenizer.model").is_file():
            return  # a SentencePiece model: onnxruntime-genai reads it natively
        raise e.TokenizerMissing(
            t(
                "{folder} has no tokenizer (tokenizer.json or tokenizer.model).",
                folder=folder,
            ),
            t(
                "The download is incomplete: download the model again, or copy the tokenizer "
                "files into the folder.",
            ),
        )
    try:
        with tokenizer_json.open("rb") as fh:
            data = json.load(fh)
    except (ValueError, RecursionError, OSError) as exc:  # ValueError: JSON, UTF-8
        if isinstance(exc, RecursionError):
            exc = ValueError("its data is nested far too deep")
        raise e.TokenizerUnreadable(
            t(
                "tokenizer.json in {folder} cannot be read ({exc}).",
                folder=folder,
                exc=exc,
            ),
            t("The file is damaged: download the model again or restore the file."),
        ) from None
    if not isinstance(data, dict) or "model" not in data:
        raise e.TokenizerUnreadable(
            t(
                "tokenizer.json in {folder} is not a tokenizer definition.",
                folder=folder,
            ),
            t("The file is damaged: download the model again or restore the file."),
        )


def read_tokenizer_config(folder: Path) -> dict[str, Any]:
    """tokenizer_config.json as a dict ({} when absent or unreadable)."""
    path = folder / "tokenizer_config.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _tokenizer_config_template(folder: Path) -> str | None:
    template = read_tokenizer_config(folder).get("chat_template")
    if isinstance(template, str) and template.strip():
        return template
    if isinstance(template, list):  # [{"name": "default", "template": "..."}, ...]
        for item in template:
            if isinstance(item, dict) and item.get("name") == "default":
                value = item.get("template")
                return value if isinstance(value, str) else None
    return None
