"""What can be checked in a model's weights without a source hash: floating-point weights
that are not numbers (NaN).

A folder imported from disk comes with no checksums. Damage the engine's own checks
cannot see (the graph parses, every weight file has the size the graph declares) can
still be found where it breaks the numbers: real weights are never NaN, while bytes
overwritten by garbage (0xFF runs, random data) make NaNs in any float tensor they touch
(a float32 whose exponent bits are all ones; random bytes do that once in 256 values).
Integer tensors (int4 packed weights) have no invalid values, so their damage is not
found here: such an import stays "unverified", which is what it says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CHUNK = 8 * 1024 * 1024  # values checked at a time (bounded memory for big tensors)


@dataclass(frozen=True)
class NanTensor:
    file: str  # the weights file (relative to the folder)
    tensor: str


def _float_dtypes() -> dict[int, np.dtype[np.generic]]:
    import onnx

    return {
        onnx.TensorProto.FLOAT: np.dtype("<f4"),
        onnx.TensorProto.FLOAT16: np.dtype("<f2"),
        onnx.TensorProto.DOUBLE: np.dtype("<f8"),
        onnx.TensorProto.BFLOAT16: np.dtype("<u2"),  # checked by its bits
    }


def _has_nan(values: np.ndarray[tuple[int], np.dtype[np.generic]], bfloat16: bool) -> bool:
    for start in range(0, values.shape[0], CHUNK):
        part = values[start : start + CHUNK]
        if bfloat16:
            if bool(np.any((part.view(np.uint16) & 0x7FFF) > 0x7F80)):
                return True
        elif bool(np.any(np.isnan(part))):
            return True
    return False


def nan_tensors(folder: Path) -> Iterator[NanTensor]:
    """Every float initializer, in every ``*.onnx`` graph under ``folder``, that holds a
    NaN. Files the graph names are assumed present and large enough (the engine's folder
    check says so first); a tensor that cannot be read is skipped."""
    import onnx
    from onnx import numpy_helper

    dtypes = _float_dtypes()
    for graph_file in sorted(folder.rglob("*.onnx")):
        proto = onnx.load(str(graph_file), load_external_data=False)
        for tensor in proto.graph.initializer:
            dtype = dtypes.get(tensor.data_type)
            if dtype is None:
                continue
            bfloat16 = tensor.data_type == onnx.TensorProto.BFLOAT16
            if tensor.data_location == onnx.TensorProto.EXTERNAL:
                entries = {item.key: item.value for item in tensor.external_data}
                location = entries.get("location", "")
                data_file = graph_file.parent / location
                offset = int(entries.get("offset", "0") or 0)
                length = int(entries.get("length", "0") or 0)
                count = length // dtype.itemsize
                if not count or not data_file.is_file():
                    continue
                values = np.memmap(data_file, dtype=dtype, mode="r", offset=offset, shape=(count,))
                try:
                    found = _has_nan(values, bfloat16)
                finally:
                    del values
                if found:
                    yield NanTensor(str(data_file.relative_to(folder)), tensor.name)
                continue
            if tensor.raw_data:
                inline = np.frombuffer(tensor.raw_data, dtype=dtype)
            elif bfloat16:
                continue  # stored as int32 fields: rare, and not worth a special case
            else:
                inline = numpy_helper.to_array(tensor).reshape(-1)
            if inline.size and _has_nan(inline, bfloat16):
                yield NanTensor(str(graph_file.relative_to(folder)), tensor.name)


__all__ = ["NanTensor", "nan_tensors"]
