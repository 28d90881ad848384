"""A copy of the model's graph that computes the logits of the last prompt position only.

The graphs onnxruntime-genai's model builder writes (the catalog's models among them)
compute the logits of every prompt position, though generation only reads the last: for
Phi-4-mini that is a 200,064 x 3,072 product per prompt token, about a sixth of a prefill's
arithmetic (README "Speed at real model scale"). The builder's ``prune_lm_head`` option
avoids it with a ``Gather`` of the last position before the LM head; this module makes the
same change to a graph the user already has.

The original files are never touched. The rewritten graph is a new file beside them
(``model.last-logits.onnx`` for ``model.onnx``) that names the same external weight files,
so it costs the graph's size on disk (tens of MB), not the weights'. A small record beside
it (``model.last-logits.json``) holds the SHA-256 of the graph it was made from and of
itself; the engine uses the copy only while both still match, and otherwise makes it again
(or, in a folder it cannot write to, uses the original). Deleting the two files undoes it.

onnxruntime-genai reads logits of shape ``[batch, 1, vocab]`` during a prefill from 0.12
on; 0.11 refuses them ("Got invalid dimensions for output: logits ... Got: 23 Expected:
1"), so with 0.11 the original graph is used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentic_desk.core.engine import genai
from agentic_desk.core.i18n import N_, t

FORMAT = 1
SUFFIX = ".last-logits"
MIN_GENAI = (0, 12)
# Element-wise steps the builder may put between the LM head's product and the logits
# (bias, scale, mask, soft cap, cast): they act on each position alone.
_ELEMENTWISE = {"Add", "Mul", "Div", "Tanh", "Where", "Cast"}
_GATHER = "/lm_head/last_position/Gather"
_UNSQUEEZE = "/lm_head/last_position/Unsqueeze"


@dataclass(frozen=True)
class LastLogits:
    """The graph to load and whether it computes the last position's logits only."""

    graph: Path
    pruned: bool
    note: str = ""  # why not, when it could not be used


def pruned_name(decoder_file: Path) -> Path:
    return decoder_file.with_name(decoder_file.stem + SUFFIX + ".onnx")


def record_name(decoder_file: Path) -> Path:
    return decoder_file.with_name(decoder_file.stem + SUFFIX + ".json")


def genai_supports() -> bool:
    try:
        parts = tuple(int(p) for p in genai.installed_version().split(".")[:2])
    except ValueError:
        return False
    return parts >= MIN_GENAI


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _logits_name(folder: Path) -> str:
    try:
        config = json.loads((folder / "genai_config.json").read_text("utf-8"))
        name = config["model"]["decoder"]["outputs"]["logits"]
    except (OSError, ValueError, KeyError, TypeError):
        return "logits"
    return name if isinstance(name, str) else "logits"


def _valid(decoder_file: Path) -> bool:
    """Whether the rewritten copy beside ``decoder_file`` was made from it and is whole."""
    pruned, record = pruned_name(decoder_file), record_name(decoder_file)
    try:
        facts = json.loads(record.read_text("utf-8"))
        return (
            isinstance(facts, dict)
            and facts.get("format") == FORMAT
            and facts.get("source") == decoder_file.name
            and facts.get("source_sha256") == _sha256(decoder_file)
            and facts.get("sha256") == _sha256(pruned)
        )
    except (OSError, ValueError, RecursionError):
        return False


def _lm_head(graph: Any, logits: str) -> tuple[Any, list[Any]] | None:
    """The product that makes ``logits`` and the nodes from it to the logits, when the graph
    is of the shape :func:`rewrite` knows (a ``MatMul``/``MatMulNBits`` over ``[batch,
    sequence, hidden]``, then only element-wise steps); else None. Changes nothing."""
    producer = {out: node for node in graph.node for out in node.output}
    constants = {t.name for t in graph.initializer} | {
        out for n in graph.node if n.op_type == "Constant" for out in n.output
    }
    node = producer.get(logits)
    chain = []
    while node is not None and node.op_type in _ELEMENTWISE:
        chain.append(node)
        flowing = [i for i in node.input if i and i not in constants]
        if len(flowing) != 1 or flowing[0] not in producer:
            return None  # it mixes in something else computed per position
        node = producer[flowing[0]]
    if node is None or node.op_type not in ("MatMul", "MatMulNBits"):
        return None
    chain.append(node)
    outputs = [o for o in graph.output if o.name == logits]
    if len(outputs) != 1 or len(outputs[0].type.tensor_type.shape.dim) != 3:
        return None
    return node, chain


def graph_shape(graph: Any, decoder_file: Path, logits: str = "logits") -> str:
    """What this module can do with ``graph`` (the ``onnx.GraphProto`` of ``decoder_file``,
    read without its weights): "already" (it computes the last position's logits as it is),
    "linked" (its weights are links out of its folder: onnxruntime would refuse a copy),
    "unknown" (an LM head of a shape :func:`rewrite` does not know) or "rewritable".
    Read once with the folder (:func:`agentic_desk.core.engine.folder.check_model_folder`)."""
    if _already(graph, logits):
        return "already"
    # onnxruntime refuses weights outside the graph's folder; links to the weights (the
    # original graph is read through its link too) would be followed out of it
    inside = decoder_file.parent.resolve()
    for tensor in graph.initializer:
        for entry in tensor.external_data:
            if entry.key == "location":
                target = (decoder_file.parent / entry.value).resolve()
                if not target.is_relative_to(inside):
                    return "linked"
    return "rewritable" if _lm_head(graph, logits) is not None else "unknown"


def rewrite(graph: Any, logits: str = "logits") -> bool:
    """Make ``graph`` (an ``onnx.GraphProto``) compute ``logits`` for the last position only.

    Returns False, leaving the graph as it was, when it is not the shape this knows: the
    logits made by a ``MatMul``/``MatMulNBits`` over ``[batch, sequence, hidden]`` (then
    only element-wise steps), or already pruned."""
    from onnx import TensorProto, helper

    found = _lm_head(graph, logits)
    if found is None or _already(graph, logits):
        return False  # not a known shape, or the builder's prune_lm_head (or this) is there
    node, chain = found
    outputs = [o for o in graph.output if o.name == logits]
    hidden = node.input[0]
    last, axes = "/lm_head/last_position/index", "/lm_head/last_position/axes"
    graph.initializer.extend(
        [
            helper.make_tensor(last, TensorProto.INT64, [], [-1]),
            helper.make_tensor(axes, TensorProto.INT64, [1], [1]),
        ]
    )
    gathered, unsqueezed = f"{_GATHER}/output_0", f"{_UNSQUEEZE}/output_0"
    at = list(graph.node).index(node)
    graph.node.insert(at, helper.make_node("Unsqueeze", [gathered, axes], [unsqueezed], _UNSQUEEZE))
    graph.node.insert(at, helper.make_node("Gather", [hidden, last], [gathered], _GATHER, axis=1))
    node.input[0] = unsqueezed
    dim = outputs[0].type.tensor_type.shape.dim[1]
    dim.Clear()
    dim.dim_value = 1
    # shapes recorded for the tensors between the product and the logits are now wrong
    stale = {out for n in chain for out in n.output}
    kept = [v for v in graph.value_info if v.name not in stale]
    del graph.value_info[:]
    graph.value_info.extend(kept)
    return True


def _already(graph: Any, logits: str) -> bool:
    """Whether ``graph`` computes the logits of one position only (the builder's
    ``prune_lm_head``)."""
    outputs = [o for o in graph.output if o.name == logits]
    dims = outputs[0].type.tensor_type.shape.dim if len(outputs) == 1 else []
    return len(dims) == 3 and dims[1].dim_value == 1


def _write(decoder_file: Path, logits: str) -> str:
    """Write the rewritten copy and its record: "written", or "already" (the graph computes
    the last position only as it is), "linked" (its weights are links out of the folder)
    or "unknown" (a graph this does not know)."""
    import onnx

    model = onnx.load(str(decoder_file), load_external_data=False)
    shape = graph_shape(model.graph, decoder_file, logits)
    if shape != "rewritable":
        return shape
    if not rewrite(model.graph, logits):
        return "unknown"
    pruned, record = pruned_name(decoder_file), record_name(decoder_file)
    source_sha = _sha256(decoder_file)
    temp = pruned.with_name(f".{pruned.name}.{os.getpid()}.tmp")
    try:
        temp.write_bytes(model.SerializeToString())
        sha = _sha256(temp)
        os.replace(temp, pruned)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    facts = {
        "format": FORMAT,
        "source": decoder_file.name,
        "source_sha256": source_sha,
        "sha256": sha,
        "what": "the source graph computing the logits of the last position only "
        "(written by Agentic Desk; delete this file and the .onnx beside it to undo)",
    }
    temp_record = record.with_name(f".{record.name}.{os.getpid()}.tmp")
    temp_record.write_text(json.dumps(facts, indent=2), "utf-8")
    os.replace(temp_record, record)
    return "written"


def _writable(folder: Path) -> bool:
    """Whether we may add files to ``folder``: the user (or the system) lets us, and the
    folder is not marked read-only (its mode has no write bit: root could write anyway)."""
    try:
        return os.access(folder, os.W_OK) and bool(folder.stat().st_mode & 0o222)
    except OSError:
        return False


_NOTES = {
    "linked": N_("the weights are links to another folder"),
    "unknown": N_("the graph's LM head is not of a known shape"),
}


def plan(
    folder: Path, decoder_file: Path, shape: str | None, *, enabled: bool = True
) -> LastLogits:
    """Whether the model in ``folder`` will run with the last-position graph: the one
    decision, used by the engine (:func:`prepare`, before it loads) and by the memory
    estimate (:func:`agentic_desk.core.budget.choose_context`, ``last_logits``). Writes
    nothing: a copy still to be made counts as made when the folder can take it.

    ``shape`` is :func:`graph_shape` of the decoder graph (None: not known, the graph is
    read here); ``enabled`` False is the engine's setting to keep the model's own graph."""
    if not enabled:
        return LastLogits(decoder_file, False)  # the engine was asked for the model's own
    if not genai_supports():
        return LastLogits(
            decoder_file,
            False,
            t("onnxruntime-genai {version} < 0.12", version=genai.installed_version()),
        )
    if shape is None:
        shape = _read_shape(folder, decoder_file)
    if shape == "already":
        return LastLogits(decoder_file, True)
    if shape != "rewritable":
        return LastLogits(decoder_file, False, t(_NOTES.get(shape, _NOTES["unknown"])))
    if _writable(folder) or _valid(decoder_file):
        return LastLogits(pruned_name(decoder_file), True)
    return LastLogits(decoder_file, False, t("the model's folder is read-only"))


def _read_shape(folder: Path, decoder_file: Path) -> str:
    import onnx

    try:
        model = onnx.load(str(decoder_file), load_external_data=False)
    except Exception:
        return "unknown"
    return graph_shape(model.graph, decoder_file, _logits_name(folder))


def prepare(
    folder: Path, decoder_file: Path, shape: str | None = None, *, enabled: bool = True
) -> LastLogits:
    """The graph the engine should load for the model in ``folder``: the last-position copy
    when :func:`plan` says so and it is (or can now be made) valid, else the original."""
    decided = plan(folder, decoder_file, shape, enabled=enabled)
    if not decided.pruned or decided.graph == decoder_file or _valid(decoder_file):
        return decided
    try:
        made = _write(decoder_file, _logits_name(folder))
    except Exception as exc:  # a full disk, a graph onnx cannot read: the original works
        return LastLogits(decoder_file, False, t("could not write the copy ({exc})", exc=exc))
    if made == "already":
        return LastLogits(decoder_file, True)
    if made in _NOTES:
        return LastLogits(decoder_file, False, t(_NOTES[made]))
    return decided if _valid(decoder_file) else LastLogits(decoder_file, False)
