"""A copy of the model's graph whose int4 products run as int8 products on the CPU
(``engine.cpu_int8_compute``, off by default).

A prefill of an int4 model is almost all onnxruntime's ``MatMulNBits`` (int4 weights in
blocks of 32), and that kernel is compute-bound on a CPU: a 3,072 x 8,192 product of 256
tokens took 59 ms on two cores of the development machine, where the same product as
``MatMulInteger`` (uint8 activations, int8 weights; onnxruntime's QGEMM, which uses
AMX/VNNI where the CPU has them) took 11.6 ms (README "Speed at real model scale").

For every ``MatMulNBits`` but the LM head, the copy holds the product's weights dequantised
from int4 and quantised again to int8 with one scale per output column (symmetric), and
quantises the activations per token (symmetric, zero point 128) right before the product:

    a  ->  s_a = max|a| / 127 per token;  q_a = round(a / s_a) + 128  (uint8)
    y  =  MatMulInteger(q_a, W8, 128) * (s_a * s_w)

The nodes that read the same input share one quantisation. The costs: the int8 weights
are about 1.6x the int4 ones (memory and disk: :func:`plan` counts them), the conversion
takes minutes for a 4B model (on first load, with progress, cancellable), and the answers
differ slightly from the int4 model's (SmolLM2: NLL on README text 4.52 -> 4.58).

The original files are never touched. The copy is written beside the graph it was made
from (``model.last-logits.int8.onnx`` + ``.onnx.data`` for the last-position graph of
:mod:`~.lastlogits`, whose output it composes with), or in the app's cache folder when
the model's folder is read-only (then holding every weight, since onnxruntime refuses
weights outside a graph's folder). A record beside it (``....int8.json``) holds the
SHA-256 of the source graph and of the copy's graph and the size of its weights; the copy
is used only while they all match, and is otherwise made again. Files are written under
temporary names and renamed when whole: a conversion stopped midway leaves nothing that is
used next time (stale temporary files are removed before the next one).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agentic_desk.core.engine import errors as e
from agentic_desk.core.i18n import t

FORMAT = 1
SUFFIX = ".int8"
_MS = "com.microsoft"
_SKIP = ("lm_head",)  # the LM head stays int4 (last position only; quality of the logits)

Progress = Callable[[int, int], None]  # (products converted, products to convert)


class ConversionCancelled(Exception):
    """The conversion was stopped by ``cancelled()``; nothing half-written is left in use."""


@dataclass(frozen=True)
class Int8Graph:
    """The graph to load, whether it is the int8 copy, and why not when it is not."""

    graph: Path
    int8: bool
    note: str = ""


@dataclass
class Plan:
    """What converting a graph means: the products to convert, or why it cannot be."""

    nodes: list[str] = field(default_factory=list)
    int4_bytes: int = 0  # weights + scales (+ zero points) of the products converted
    int8_bytes: int = 0  # their int8 weights + column scales
    reason: str = ""  # non-empty: the graph cannot be converted

    @property
    def extra_bytes(self) -> int:
        """Memory (and disk) the int8 copy costs over the int4 weights it replaces."""
        return max(0, self.int8_bytes - self.int4_bytes)


def graph_name(source: Path, folder: Path | None = None) -> Path:
    return (folder or source.parent) / (source.stem + SUFFIX + ".onnx")


def data_name(graph: Path) -> Path:
    return graph.with_name(graph.name + ".data")


def record_name(graph: Path) -> Path:
    return graph.with_name(graph.name.removesuffix(".onnx") + ".json")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _attrs(node: Any) -> dict[str, Any]:
    from onnx import helper

    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _skip(node: Any) -> bool:
    return any(k in node.name for k in _SKIP)


def plan_graph(graph: Any) -> Plan:
    """The :class:`Plan` for an ``onnx.GraphProto`` (weights need not be loaded)."""
    from onnx import TensorProto

    inits = {i.name: i for i in graph.initializer}
    out = Plan()
    for node in graph.node:
        if node.op_type != "MatMulNBits" or node.domain != _MS or _skip(node):
            continue
        at = _attrs(node)
        k, n, bits, block = (int(at.get(x, 0)) for x in ("K", "N", "bits", "block_size"))
        inputs = list(node.input) + [""] * (6 - len(node.input))
        if bits != 4:
            out.reason = t("it has {bits}-bit weights (only 4-bit ones are converted)", bits=bits)
        elif inputs[4]:
            out.reason = t("its weights are reordered (g_idx), which is not converted")
        elif inputs[1] not in inits or inputs[2] not in inits:
            out.reason = t("its weights are computed, not stored")
        elif inits[inputs[2]].data_type != TensorProto.FLOAT:
            out.reason = t("its weights are scaled in 16-bit floats (a GPU build)")
        elif inputs[3] and (
            inputs[3] not in inits or inits[inputs[3]].data_type != TensorProto.UINT8
        ):
            out.reason = t("its zero points are not stored as 4-bit integers")
        elif inputs[5] and inputs[5] not in inits:
            out.reason = t("its bias is computed, not stored")
        if out.reason:
            return out
        blocks = -(-k // block)
        out.nodes.append(node.name)
        out.int4_bytes += n * blocks * (block // 2 + 4) + (n * -(-blocks // 2) if inputs[3] else 0)
        out.int8_bytes += k * n + 4 * n
    if not out.nodes and not out.reason:
        out.reason = t("it has no int4 products to convert")
    return out


def plan(source: Path) -> Plan:
    """The :class:`Plan` for the graph file ``source`` (parses the graph, not the weights;
    uses the record of an existing valid copy when there is one)."""
    import onnx

    # the copy of the graph or of its last-position copy (the same products are converted)
    for graph in (source, source.with_name(source.stem + ".last-logits.onnx")):
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
            facts = json.loads(record_name(graph_name(graph)).read_text("utf-8"))
            if facts.get("format") == FORMAT and facts.get("source") == str(graph):
                return Plan(
                    list(facts["nodes"]), int(facts["int4_bytes"]), int(facts["int8_bytes"])
                )
    model = onnx.load(str(source), load_external_data=False)
    return plan_graph(model.graph)


_EXTRA: dict[tuple[str, int, int], int] = {}  # (graph, size, mtime_ns) -> extra bytes


def extra_memory_bytes(source: Path) -> int:
    """Memory the int8 copy of ``source`` needs beyond the int4 weights (0: not convertible).
    Read once per version of the graph file: the estimate asks at every load."""
    try:
        stat = source.stat()
    except OSError:
        return 0
    key = (str(source), stat.st_size, stat.st_mtime_ns)
    if key not in _EXTRA:
        try:
            found = plan(source)
        except Exception:
            return 0
        _EXTRA[key] = 0 if found.reason else found.extra_bytes
    return _EXTRA[key]


# ---- the conversion -----------------------------------------------------------------------


class _Weights:
    """Reads initializers of the source graph (inline or external) and writes those of the
    copy to one data file."""

    def __init__(self, source: Path, out: Any) -> None:
        self.base = source.parent
        self.out = out
        self.handles: dict[str, Any] = {}

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()

    def _external(self, tensor: Any) -> tuple[str, int, int]:
        entries = {x.key: x.value for x in tensor.external_data}
        return entries["location"], int(entries.get("offset", 0)), int(entries.get("length", -1))

    def raw(self, tensor: Any) -> bytes:
        from onnx import TensorProto

        if tensor.data_location != TensorProto.EXTERNAL:
            from onnx import numpy_helper

            return bytes(numpy_helper.to_array(tensor).tobytes())
        location, offset, length = self._external(tensor)
        handle = self.handles.get(location)
        if handle is None:
            handle = self.handles[location] = (self.base / location).open("rb")
        handle.seek(offset)
        return bytes(handle.read() if length < 0 else handle.read(length))

    def array(self, tensor: Any) -> Any:
        import numpy as np
        from onnx import helper

        dtype = helper.tensor_dtype_to_np_dtype(tensor.data_type)
        return np.frombuffer(self.raw(tensor), dtype=dtype).reshape(tuple(tensor.dims))

    def put(self, tensor: Any, raw: bytes, location: str) -> Any:
        """``tensor`` with its data moved to the data file (at an aligned offset)."""
        from onnx import TensorProto

        pad = -self.out.tell() % 64
        self.out.write(b"\0" * pad)
        offset = self.out.tell()
        self.out.write(raw)
        tensor.ClearField("raw_data")
        for name in ("float_data", "int32_data", "int64_data", "double_data", "uint64_data"):
            tensor.ClearField(name)
        del tensor.external_data[:]
        tensor.data_location = TensorProto.EXTERNAL
        for key, value in (("location", location), ("offset", offset), ("length", len(raw))):
            entry = tensor.external_data.add()
            entry.key, entry.value = key, str(value)
        return tensor


def _dequantise(node: Any, weights: _Weights, inits: dict[str, Any]) -> Any:
    """The [N, K] float32 weights of an int4 ``MatMulNBits``."""
    import numpy as np

    at = _attrs(node)
    k, n, block = int(at["K"]), int(at["N"]), int(at["block_size"])
    q = weights.array(inits[node.input[1]]).reshape(n, -1, block // 2)
    scales = weights.array(inits[node.input[2]]).astype(np.float32).reshape(n, -1)
    blocks = q.shape[1]
    values = np.empty((n, blocks, block), np.float32)
    values[..., 0::2] = q & 0x0F
    values[..., 1::2] = q >> 4
    if len(node.input) > 3 and node.input[3]:
        packed = weights.array(inits[node.input[3]]).reshape(n, -1)
        zero = np.empty((n, packed.shape[1] * 2), np.float32)
        zero[:, 0::2] = packed & 0x0F
        zero[:, 1::2] = packed >> 4
        values -= zero[:, :blocks, None]
    else:
        values -= 8.0
    values *= scales[:, :blocks, None]
    return values.reshape(n, -1)[:, :k]


def _opset(model: Any) -> int:
    return max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), default=0)


def convert(
    source: Path,
    dest: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Plan:
    """Write the int8 copy of the graph ``source`` to ``dest`` (+ ``.data``) and its
    record. Raises :class:`ConversionCancelled` (nothing left at the final names) when
    ``cancelled()`` turns true, ValueError when the graph cannot be converted."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(source), load_external_data=False)
    found = plan_graph(model.graph)
    if found.reason:
        raise ValueError(found.reason)
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    same_folder = dest.parent.resolve() == source.parent.resolve()
    data = data_name(dest)
    tag = f".{os.getpid()}.tmp"
    temp_data = data.with_name(f".{data.name}{tag}")
    temp_graph = dest.with_name(f".{dest.name}{tag}")
    for stale in dest.parent.glob(f".{dest.name}*.tmp"):  # a conversion stopped before
        with contextlib.suppress(OSError):
            stale.unlink()
    for stale in dest.parent.glob(f".{data.name}*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
    new_inits: list[Any] = []
    replaced: set[str] = set()
    quantised: dict[str, str] = {}
    nodes: list[Any] = []
    axes_input = _opset(model) >= 18
    wanted = set(found.nodes)
    done = 0
    try:
        with temp_data.open("wb") as out:
            weights = _Weights(source, out)
            try:

                def const(name: str, array: Any) -> str:
                    new_inits.append(numpy_helper.from_array(np.asarray(array), name))
                    return name

                const("int8/inv127", np.array(1 / 127, np.float32))
                const("int8/eps", np.array(1e-10, np.float32))
                const("int8/f128", np.array(128, np.float32))
                const("int8/zp", np.array(128, np.uint8))
                const("int8/axes", np.array([-1], np.int64))
                for node in graph.node:
                    if node.name not in wanted or node.op_type != "MatMulNBits":
                        nodes.append(node)
                        continue
                    if cancelled is not None and cancelled():
                        raise ConversionCancelled
                    w = _dequantise(node, weights, inits)  # [N, K]
                    scale = np.maximum(np.abs(w).max(axis=1), 1e-12) / 127
                    w8 = np.clip(np.round(w / scale[:, None]), -127, 127).astype(np.int8).T
                    del w
                    base = "int8/" + node.name.strip("/").replace("/", "_")
                    w_name, s_name = base + ".weight", base + ".scale"
                    tensor = numpy_helper.from_array(np.ascontiguousarray(w8), w_name)
                    weights.put(tensor, tensor.raw_data, data.name)
                    new_inits.append(tensor)
                    new_inits.append(numpy_helper.from_array(scale.astype(np.float32), s_name))
                    replaced.update(x for x in node.input[1:4] if x)
                    a = node.input[0]
                    if a not in quantised:
                        p = "int8/q/" + a.strip("/").replace("/", "_")
                        reduce = (
                            helper.make_node(
                                "ReduceMax", [p + "/abs", "int8/axes"], [p + "/amax"], keepdims=1
                            )
                            if axes_input
                            else helper.make_node(
                                "ReduceMax", [p + "/abs"], [p + "/amax"], keepdims=1, axes=[-1]
                            )
                        )
                        nodes += [
                            helper.make_node("Abs", [a], [p + "/abs"]),
                            reduce,
                            helper.make_node("Mul", [p + "/amax", "int8/inv127"], [p + "/s0"]),
                            helper.make_node("Max", [p + "/s0", "int8/eps"], [p + "/s"]),
                            helper.make_node("Div", [a, p + "/s"], [p + "/d"]),
                            helper.make_node("Round", [p + "/d"], [p + "/r"]),
                            helper.make_node("Add", [p + "/r", "int8/f128"], [p + "/r2"]),
                            helper.make_node("Cast", [p + "/r2"], [p + "/q"], to=TensorProto.UINT8),
                        ]
                        quantised[a] = p
                    p = quantised[a]
                    o = node.output[0]
                    bias = node.input[5] if len(node.input) > 5 and node.input[5] else ""
                    product = o + "/int8" if bias else o
                    nodes += [
                        helper.make_node(
                            "MatMulInteger", [p + "/q", w_name, "int8/zp"], [o + "/i32"]
                        ),
                        helper.make_node("Cast", [o + "/i32"], [o + "/f"], to=TensorProto.FLOAT),
                        helper.make_node("Mul", [p + "/s", s_name], [o + "/ss"]),
                        helper.make_node("Mul", [o + "/f", o + "/ss"], [product]),
                    ]
                    if bias:
                        # Sum, not Add: onnxruntime 1.32 fuses this Add into its
                        # MatMulIntegerToFloat and loses the bias (tests/test_int8graph.py)
                        nodes.append(helper.make_node("Sum", [product, bias], [o]))
                    done += 1
                    if progress is not None:
                        progress(done, len(found.nodes))
                # a weight used also elsewhere stays (e.g. a tied embedding)
                still_used = {x for n in nodes for x in n.input}
                kept = [
                    i for i in graph.initializer if i.name not in replaced or i.name in still_used
                ]
                if not same_folder:  # every weight must live beside the copy
                    for tensor in kept:
                        if tensor.data_location == TensorProto.EXTERNAL:
                            weights.put(tensor, weights.raw(tensor), data.name)
            finally:
                weights.close()
            out.flush()
            os.fsync(out.fileno())
        if cancelled is not None and cancelled():
            raise ConversionCancelled
        del graph.node[:]
        graph.node.extend(nodes)
        del graph.initializer[:]
        graph.initializer.extend(kept + new_inits)
        temp_graph.write_bytes(model.SerializeToString())
        facts = {
            "format": FORMAT,
            "source": str(source),
            "source_sha256": _sha256(source),
            "sha256": _sha256(temp_graph),
            "data_bytes": temp_data.stat().st_size,
            "nodes": found.nodes,
            "int4_bytes": found.int4_bytes,
            "int8_bytes": found.int8_bytes,
            "what": "the source graph with its int4 products as int8 products (written by "
            "Agentic Desk, setting engine.cpu_int8_compute; delete this file and the two "
            "beside it to undo)",
        }
        os.replace(temp_data, data)
        os.replace(temp_graph, dest)
        record = record_name(dest)
        temp_record = record.with_name(f".{record.name}{tag}")
        temp_record.write_text(json.dumps(facts, indent=2), "utf-8")
        os.replace(temp_record, record)
    finally:
        for temp in (temp_data, temp_graph):
            with contextlib.suppress(OSError):
                temp.unlink()
    return found


def valid(source: Path, dest: Path) -> bool:
    """Whether the copy at ``dest`` was made from ``source`` as it is now and is whole."""
    try:
        facts = json.loads(record_name(dest).read_text("utf-8"))
        return (
            isinstance(facts, dict)
            and facts.get("format") == FORMAT
            and facts.get("source") == str(source)
            and facts.get("source_sha256") == _sha256(source)
            and facts.get("sha256") == _sha256(dest)
            and facts.get("data_bytes") == data_name(dest).stat().st_size
        )
    except (OSError, ValueError, RecursionError):
        return False


def _writable(folder: Path) -> bool:
    try:
        return os.access(folder, os.W_OK) and bool(folder.stat().st_mode & 0o222)
    except OSError:
        return False


def cache_folder(cache_dir: Path, model_folder: Path) -> Path:
    key = hashlib.sha256(str(model_folder.resolve()).encode()).hexdigest()[:16]
    return cache_dir / "int8" / f"{model_folder.name}-{key}"


def destination(model_folder: Path, source: Path, cache_dir: Path | None) -> Path | None:
    """Where the copy of ``source`` lives: beside it, or in the cache (None: nowhere)."""
    if _writable(source.parent):
        return graph_name(source)
    if cache_dir is None:
        return None
    return graph_name(source, cache_folder(cache_dir, model_folder))


def _gb(value: int) -> str:
    return f"{value / 1e9:.1f}"


def check_disk(source: Path, dest: Path, found: Plan) -> None:
    """Raise ModelLoadFailed with the numbers when the copy will not fit on the disk."""
    need = found.int8_bytes + source.stat().st_size
    if dest.parent.resolve() != source.parent.resolve():
        need += sum(p.stat().st_size for p in source.parent.glob("*.data") if p.is_file())
    with contextlib.suppress(OSError):
        old = data_name(dest)
        need -= old.stat().st_size if old.exists() else 0  # replaced once the new one is whole
    free = shutil.disk_usage(dest.parent).free
    if need > free:
        raise e.ModelLoadFailed(
            t(
                "The int8 copy of this model needs {need} GB of disk space in {folder}, "
                "and {free} GB is free.",
                need=_gb(need),
                folder=str(dest.parent),
                free=_gb(free),
            ),
            t("Free some disk space, or turn off int8 compute in Settings."),
        )


def uses_cpu(providers: Sequence[str]) -> bool:
    """Whether a load asking for ``providers`` runs on the CPU (the only place the copy
    is used: GPUs run the int4 graph)."""
    from agentic_desk.core.engine import genai

    try:
        candidates, _notes = genai.provider_candidates(providers)
    except Exception:
        return False
    return bool(candidates) and candidates[0] == "cpu"


def prepare(
    model_folder: Path,
    source: Path,
    *,
    providers: Sequence[str] = ("cpu",),
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Int8Graph:
    """The graph the engine should load: the int8 copy of ``source`` (the graph that would
    otherwise run) when it is (or can now be made) valid, else ``source`` with the reason.
    Raises ModelLoadFailed when the disk is too full for the copy, ConversionCancelled."""
    if not uses_cpu(providers):
        return Int8Graph(source, False, t("int8 compute is used on the CPU only"))
    dest = destination(model_folder, source, cache_dir)
    if dest is None:
        return Int8Graph(source, False, t("the model's folder is read-only"))
    if valid(source, dest):
        return Int8Graph(dest, True)
    import onnx

    try:
        found = plan_graph(onnx.load(str(source), load_external_data=False).graph)
    except Exception as exc:
        return Int8Graph(source, False, t("the graph could not be read ({exc})", exc=exc))
    if found.reason:
        return Int8Graph(
            source, False, t("the graph is not converted: {reason}", reason=found.reason)
        )
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return Int8Graph(source, False, t("could not write the copy ({exc})", exc=exc))
    check_disk(source, dest, found)
    try:
        convert(source, dest, progress=progress, cancelled=cancelled)
    except ConversionCancelled:
        raise
    except Exception as exc:  # a full disk, a graph onnx cannot read: the int4 graph works
        return Int8Graph(source, False, t("could not write the copy ({exc})", exc=exc))
    if valid(source, dest):
        return Int8Graph(dest, True)
    return Int8Graph(source, False, t("the copy did not match its record"))
