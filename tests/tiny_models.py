"""Tiny but real onnxruntime-genai model folders, built in milliseconds.

Each builder writes a complete model folder (``genai_config.json``, ``model.onnx``,
``tokenizer.json``, ``tokenizer_config.json``, ``special_tokens_map.json`` and, when asked,
``chat_template.jinja``) using only ``onnx.helper``, numpy and the ``tokenizers`` library: no torch,
no downloads. The folders load in onnxruntime-genai (0.11.4 to 0.18.0) like any builder output.

* :func:`build_scripted_model` - after any prompt ending in the ChatML generation prompt
  (``<|im_start|>assistant\\n``) greedy search produces exactly ``sentence`` and then EOS. Logits
  depend only on the current token, so the KV cache is carried but never read.
* :func:`build_history_model` - the logits depend on the whole KV cache (running means of the cached
  keys and values, the last few values), so a wrong cache (a broken rewind, a lost chunk) changes
  the greedy output. It never generates a special token, so it runs until ``max_length``, unless
  built with ``stop_after`` (EOS right after that token).

Observed in genai 0.11.4 and 0.18.0 (see ``test_tiny_models.py``): when the caller stops a reply
before EOS / ``max_length``, the last token of ``get_sequence`` is not in the KV cache yet. A next
turn must ``rewind_to`` at most ``len(sequence) - 1`` (shared buffer; without a rewind the output is
silently wrong) or ``len(sequence) - 2`` (no shared buffer; other values raise RuntimeError).

Helpers read a built folder back without onnxruntime-genai: :func:`encode`, :func:`decode`,
:func:`scripted_token_ids` (what the scripted model will generate) and :func:`reference_generate`
(greedy search by full recomputation with plain onnxruntime, no KV cache reuse, for comparison).

The scripted model's builder, the tokenizer and the folder writers live in the package
(:mod:`agentic_desk.core.engine.tiny`, which the app's ``--self-test`` uses); this module
re-exports them. It has no pytest dependency so benchmarks and scripts can use it too.
"""

from __future__ import annotations

import functools
import importlib
import json
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import onnx
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer

from agentic_desk.core.engine.tiny import (
    _BYTE_DECODER,
    _LAYER_NAMES,
    _MODEL_FILE,
    _RECENT,
    BOS_TOKEN_ID,
    CHATML_TEMPLATE,
    ENDOFTEXT_ID,
    EOS_TOKEN_ID,
    GENERATION_PROMPT,
    IM_END_ID,
    IM_START_ID,
    SENTENCE,
    SPECIAL_TOKENS,
    VOCAB_SIZE,
    TemplateFile,
    _Float,
    _io,
    _kv_io,
    _save,
    _tokenizer_json,
    _write_genai_config,
    _write_tokenizer_files,
    build_scripted_model,
)

__all__ = [
    "BOS_TOKEN_ID",
    "CHATML_TEMPLATE",
    "ENDOFTEXT_ID",
    "EOS_TOKEN_ID",
    "GENERATION_PROMPT",
    "IM_END_ID",
    "IM_START_ID",
    "SENTENCE",
    "SPECIAL_TOKENS",
    "VOCAB_SIZE",
    "TemplateFile",
    "build_history_model",
    "build_scripted_model",
    "chatml_prompt",
    "decode",
    "encode",
    "read_genai_config",
    "reference_generate",
    "scripted_token_ids",
]


@functools.lru_cache(maxsize=32)
def _load_tokenizer(path: str, _mtime_ns: int) -> Tokenizer:
    return Tokenizer.from_file(path)


def _tokenizer(model_dir: Path) -> Tokenizer:
    path = Path(model_dir) / "tokenizer.json"
    return _load_tokenizer(str(path), path.stat().st_mtime_ns)


def encode(model_dir: Path, text: str) -> list[int]:
    """Token ids of ``text`` with the folder's tokenizer (special tokens are recognised)."""
    return list(_tokenizer(model_dir).encode(text, add_special_tokens=False).ids)


def decode(model_dir: Path, ids: Sequence[int], *, skip_special_tokens: bool = True) -> str:
    """Text of ``ids`` with the folder's tokenizer."""
    return str(_tokenizer(model_dir).decode(list(ids), skip_special_tokens=skip_special_tokens))


def chatml_prompt(
    messages: Sequence[Mapping[str, str]], *, add_generation_prompt: bool = True
) -> str:
    """What :data:`CHATML_TEMPLATE` renders for ``messages`` (without needing Jinja)."""
    text = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return text + (GENERATION_PROMPT if add_generation_prompt else "")


def copy_with_external_weights(model_dir: Path, dest: Path) -> Path:
    """A copy of ``model_dir`` whose weights live in ``model.onnx.data`` (as the builder's
    models keep them), for tests that damage or inspect that file."""
    shutil.copytree(model_dir, dest)
    proto = onnx.load(str(dest / "model.onnx"))
    (dest / "model.onnx").unlink()
    onnx.save_model(
        proto,
        str(dest / "model.onnx"),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location="model.onnx.data",
        size_threshold=1024,
    )
    return dest


def read_genai_config(model_dir: Path) -> dict[str, Any]:
    """``genai_config.json`` of a folder as a dict."""
    data: dict[str, Any] = json.loads((Path(model_dir) / "genai_config.json").read_text("utf-8"))
    return data


def _history_graph(weights: Mapping[str, _Float], *, share_buffer: bool) -> onnx.GraphProto:
    """A one-layer decoder whose logits read the whole KV cache.

    For each new position t (absolute position p = past_len + t)::

        x_t = E[id_t];  k_t = x_t Wk;  v_t = x_t Wv
        mk_t, mv_t = mean(k_0..k_p), mean(v_0..v_p)       # from the cache + the new keys
        rv_t = v_(p-2) + v_(p-1) + v_p                    # the last _RECENT values
        pos_t = sin(p * freq + phase)
        logits_t = tanh(x_t A + mk_t Bk + mv_t Bv + rv_t R + pos_t P) Out + bias
                   (+ a large EOS logit if id_t is the ``stop_after`` token)

    Without a shared buffer, present = Concat(past, new) and past_len = past.shape[2]. With a shared
    buffer, past is preallocated to max_length, total = attention_mask.shape[1], past_len =
    total - seq, the new keys are written into slots [past_len, total) and slots at or after
    ``total`` (stale or unused) are never read.
    """
    vocab, hidden = weights["embedding"].shape
    past, present = _kv_io(hidden)
    if share_buffer:
        for info in (*past, *present):
            info.type.tensor_type.shape.dim[2].dim_param = "max_length"
    n = helper.make_node
    nodes = [
        n("Gather", ["embedding", "input_ids"], ["x"]),
        n("MatMul", ["x", "w_key"], ["k"]),
        n("MatMul", ["x", "w_value"], ["v"]),
        n("Unsqueeze", ["k", "axis1"], ["k4"]),
        n("Unsqueeze", ["v", "axis1"], ["v4"]),
        # seq = input_ids.shape[1] (as a 1-element tensor)
        n("Shape", ["input_ids"], ["ids_shape"]),
        n("Gather", ["ids_shape", "index1"], ["seq"]),
    ]
    if share_buffer:
        nodes += [
            n("Shape", ["attention_mask"], ["mask_shape"]),
            n("Gather", ["mask_shape", "index1"], ["total"]),
            n("Sub", ["total", "seq"], ["past_len"]),
            n("Shape", [past[0].name], ["past_shape"]),
            n("Gather", ["past_shape", "index2"], ["max_len"]),
            # new keys padded to [B, 1, max_len, D] at [past_len, total)
            n("Sub", ["max_len", "total"], ["after"]),
            n(
                "Concat",
                ["zeros2", "past_len", "zero1", "zeros2", "after", "zero1"],
                ["pads"],
                axis=0,
            ),
            n("Pad", ["k4", "pads"], ["k_full"]),
            n("Pad", ["v4", "pads"], ["v_full"]),
            n("Squeeze", ["max_len"], ["max_len_s"]),
            n("Range", ["zero_s", "max_len_s", "one_s"], ["slots"]),
            n("GreaterOrEqual", ["slots", "past_len"], ["after_past"]),
            n("Less", ["slots", "total"], ["before_total"]),
            n("And", ["after_past", "before_total"], ["is_new"]),
            n("Reshape", ["is_new", "slot_shape"], ["is_new4"]),
            n("Where", ["is_new4", "k_full", past[0].name], [present[0].name]),
            n("Where", ["is_new4", "v_full", past[1].name], [present[1].name]),
        ]
    else:
        nodes += [
            n("Shape", [past[0].name], ["past_shape"]),
            n("Gather", ["past_shape", "index2"], ["past_len"]),
            n("Add", ["past_len", "seq"], ["total"]),
            n("Concat", [past[0].name, "k4"], [present[0].name], axis=2),
            n("Concat", [past[1].name, "v4"], [present[1].name], axis=2),
        ]
    nodes += [
        # running sums over the cache, read at the new positions [past_len, total)
        n("CumSum", [present[0].name, "axis2_s"], ["cum_k"]),
        n("CumSum", [present[1].name, "axis2_s"], ["cum_v"]),
        n("Slice", ["cum_k", "past_len", "total", "axis2"], ["sum_k4"]),
        n("Slice", ["cum_v", "past_len", "total", "axis2"], ["sum_v4"]),
        n("Squeeze", ["sum_k4", "axis1"], ["sum_k"]),
        n("Squeeze", ["sum_v4", "axis1"], ["sum_v"]),
        # counts p + 1 for each new position, as [seq, 1] floats
        n("Add", ["past_len", "one1"], ["first_count"]),
        n("Add", ["total", "one1"], ["end_count"]),
        n("Squeeze", ["first_count"], ["first_count_s"]),
        n("Squeeze", ["end_count"], ["end_count_s"]),
        n("Range", ["first_count_s", "end_count_s", "one_s"], ["counts_i"]),
        n("Cast", ["counts_i"], ["counts_f"], to=TensorProto.FLOAT),
        n("Unsqueeze", ["counts_f", "axis1"], ["counts"]),
        n("Div", ["sum_k", "counts"], ["mean_k"]),
        n("Div", ["sum_v", "counts"], ["mean_v"]),
        # recent_v: sum of the values of the last RECENT positions, cum_v[p] - cum_v[p - RECENT]
        n("Pad", ["cum_v", "recent_pads"], ["cum_v_shifted"]),
        n("Slice", ["cum_v_shifted", "past_len", "total", "axis2"], ["old_v4"]),
        n("Squeeze", ["old_v4", "axis1"], ["old_v"]),
        n("Sub", ["sum_v", "old_v"], ["recent_v"]),
        # positional features sin(p * freq + phase), p = absolute position
        n("Sub", ["counts", "one_f"], ["positions"]),
        n("Mul", ["positions", "freq"], ["angles_0"]),
        n("Add", ["angles_0", "phase"], ["angles"]),
        n("Sin", ["angles"], ["pos_features"]),
        n("MatMul", ["x", "w_token"], ["h_token"]),
        n("MatMul", ["mean_k", "w_hist_key"], ["h_key"]),
        n("MatMul", ["mean_v", "w_hist_value"], ["h_value"]),
        n("MatMul", ["recent_v", "w_recent"], ["h_recent"]),
        n("MatMul", ["pos_features", "w_position"], ["h_position"]),
        n("Sum", ["h_token", "h_key", "h_value", "h_recent", "h_position"], ["h_sum"]),
        n("Tanh", ["h_sum"], ["h"]),
        n("MatMul", ["h", "lm_head"], ["raw_logits"]),
    ]
    if "stop_gate" in weights:
        # after the stop token, EOS wins: logits += stop_gate[id] * eos_boost
        nodes += [
            n("Add", ["raw_logits", "bias"], ["biased_logits"]),
            n("Gather", ["stop_gate", "input_ids"], ["stop"]),
            n("Unsqueeze", ["stop", "axis2"], ["stop3"]),
            n("Mul", ["stop3", "eos_boost"], ["boost"]),
            n("Add", ["biased_logits", "boost"], ["logits"]),
        ]
    else:
        nodes.append(n("Add", ["raw_logits", "bias"], ["logits"]))
    ints = {
        "axis1": [1],
        "index1": [1],
        "index2": [2],
        "axis2": [2],
        "one1": [1],
        "zeros2": [0, 0],
        "zero1": [0],
        "slot_shape": [1, 1, -1, 1],
        "recent_pads": [0, 0, _RECENT, 0, 0, 0, 0, 0],
    }
    scalars = {"axis2_s": 2, "zero_s": 0, "one_s": 1}
    initializer = [numpy_helper.from_array(w, name) for name, w in weights.items()]
    initializer.append(numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one_f"))
    for name, value in [*ints.items(), *scalars.items()]:
        initializer.append(numpy_helper.from_array(np.array(value, dtype=np.int64), name))
    inputs = [_io("input_ids", TensorProto.INT64, ["batch", "seq"])]
    if share_buffer:
        inputs.append(_io("attention_mask", TensorProto.INT64, ["batch", "total_seq"]))
    used = {name for node in nodes for name in node.input}
    return helper.make_graph(
        nodes,
        "tiny_history",
        [*inputs, *past],
        [_io("logits", TensorProto.FLOAT, ["batch", "seq", vocab]), *present],
        initializer=[t for t in initializer if t.name in used],
    )


def build_history_model(
    dest: Path,
    *,
    context_length: int = 512,
    seed: int = 0,
    share_buffer: bool = False,
    chat_template: str | None = CHATML_TEMPLATE,
    hidden_size: int = 16,
    printable_only: bool = True,
    stop_after: str | None = None,
) -> Path:
    """Write a model whose greedy output depends on the whole KV cache (see :func:`_history_graph`).

    Weights come from ``numpy.random.default_rng(seed)``; the same seed gives the same outputs with
    or without ``share_buffer`` (genai's preallocated past of ``max_length`` slots plus an
    ``attention_mask`` input). Special tokens get a large negative bias, so the model never stops
    by itself; with ``printable_only`` (the default) so do tokens holding anything but printable
    ASCII and newlines, so every generated text decodes cleanly. The chat template, if any, goes
    into ``tokenizer_config.json``. ``stop_after`` (text of a single token) makes the model emit
    EOS right after that token, so it can also stop by itself. Returns ``dest``.
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    tokenizer_json = _tokenizer_json(SENTENCE)
    vocab = Tokenizer.from_str(tokenizer_json).get_vocab_size()
    rng = np.random.default_rng(seed)

    def normal(*shape: int, scale: float) -> _Float:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    d = hidden_size
    weights = {
        "embedding": normal(vocab, d, scale=1.0),
        "w_key": normal(d, d, scale=1.0 / np.sqrt(d)),
        "w_value": normal(d, d, scale=1.0 / np.sqrt(d)),
        "w_token": normal(d, d, scale=0.7 / np.sqrt(d)),
        "w_hist_key": normal(d, d, scale=3.0 / np.sqrt(d)),
        "w_hist_value": normal(d, d, scale=3.0 / np.sqrt(d)),
        "w_recent": normal(d, d, scale=1.0 / np.sqrt(d)),
        "w_position": normal(d, d, scale=1.0 / np.sqrt(d)),
        "freq": rng.uniform(0.05, 1.5, d).astype(np.float32),
        "phase": rng.uniform(0.0, 2 * np.pi, d).astype(np.float32),
        "lm_head": normal(d, vocab, scale=3.0 / np.sqrt(d)),
        "bias": np.zeros(vocab, dtype=np.float32),
    }
    weights["bias"][: len(SPECIAL_TOKENS)] = -1.0e4
    if printable_only:
        for token, token_id in Tokenizer.from_str(tokenizer_json).get_vocab().items():
            if token_id < len(SPECIAL_TOKENS):
                continue
            raw = bytes(_BYTE_DECODER[ch] for ch in token)
            if not all(0x20 <= b < 0x7F or b == 0x0A for b in raw):
                weights["bias"][token_id] = -1.0e4
    if stop_after is not None:
        stop_ids = (
            Tokenizer.from_str(tokenizer_json).encode(stop_after, add_special_tokens=False).ids
        )
        if len(stop_ids) != 1:
            raise ValueError(f"stop_after must be a single token, {stop_after!r} is {stop_ids}")
        weights["stop_gate"] = np.zeros(vocab, dtype=np.float32)
        weights["stop_gate"][stop_ids[0]] = 1.0
        weights["eos_boost"] = np.zeros(vocab, dtype=np.float32)
        weights["eos_boost"][EOS_TOKEN_ID] = 2.0e4
    _save(_history_graph(weights, share_buffer=share_buffer), dest)
    _write_genai_config(
        dest,
        model_type="llama",
        context_length=context_length,
        vocab_size=vocab,
        head_size=d,
        share_buffer=share_buffer,
        with_attention_mask=share_buffer,
    )
    _write_tokenizer_files(
        dest,
        tokenizer_json,
        context_length=context_length,
        chat_template=chat_template,
        template_file="tokenizer_config" if chat_template is not None else "none",
    )
    return dest


# --------------------------------------------------------------------------------------------
# Reading a built model back
# --------------------------------------------------------------------------------------------


def _initializers(model_dir: Path) -> dict[str, _Float]:
    proto = onnx.load(str(Path(model_dir) / _MODEL_FILE))
    return {t.name: numpy_helper.to_array(t) for t in proto.graph.initializer}


def scripted_token_ids(model_dir: Path) -> list[int]:
    """The ids a scripted model generates after the generation prompt, excluding the EOS.

    Read from the weights (follow the argmax chain from the prompt's last token), so it is what
    the model will do, not what the builder meant it to do.
    """
    if onnx.load(str(Path(model_dir) / _MODEL_FILE)).graph.name != "tiny_scripted":
        raise ValueError(f"{model_dir} is not a scripted model")
    weights = _initializers(model_dir)
    embedding, lm_head = weights["embedding"], weights["lm_head"]
    token = encode(model_dir, GENERATION_PROMPT)[-1]
    out: list[int] = []
    for _ in range(embedding.shape[0]):
        token = int(np.argmax(embedding[token] @ lm_head))
        if token == EOS_TOKEN_ID:
            return out
        out.append(token)
    raise ValueError(f"{model_dir} is not a scripted model: its chain never reaches EOS")


def reference_generate(
    model_dir: Path, prompt_ids: Sequence[int], max_new_tokens: int
) -> list[int]:
    """Greedy ids after ``prompt_ids`` computed with plain onnxruntime, without KV cache reuse.

    Every step runs the whole sequence through ``model.onnx`` with an empty (or, for a shared
    buffer, all-unused) past, so it is independent of genai's cache handling. Stops after
    ``max_new_tokens`` or after an EOS, which is included (as ``get_next_tokens`` reports it;
    genai's ``get_sequence`` does not append the EOS).
    """
    ort: Any = importlib.import_module("onnxruntime")  # untyped; imported only when needed

    config = read_genai_config(model_dir)
    decoder = config["model"]["decoder"]
    share = bool(config["search"]["past_present_share_buffer"])
    max_length = int(config["search"]["max_length"])
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(
        str(Path(model_dir) / decoder["filename"]), options, providers=["CPUExecutionProvider"]
    )
    input_names = {i.name for i in session.get_inputs()}
    head_size = int(decoder["head_size"])
    sequence = [int(i) for i in prompt_ids]
    generated: list[int] = []
    for _ in range(max_new_tokens):
        feeds: dict[str, npt.NDArray[Any]] = {"input_ids": np.array([sequence], dtype=np.int64)}
        past_len = max_length if share else 0
        for name in _LAYER_NAMES:
            feeds[name % 0] = np.zeros((1, 1, past_len, head_size), dtype=np.float32)
        if "attention_mask" in input_names:
            feeds["attention_mask"] = np.ones((1, len(sequence)), dtype=np.int64)
        logits = session.run(["logits"], feeds)[0]
        token = int(np.argmax(logits[0, -1]))
        generated.append(token)
        sequence.append(token)
        if token in _eos_ids(config):
            break
    return generated


def _eos_ids(config: Mapping[str, Any]) -> set[int]:
    eos = config["model"]["eos_token_id"]
    return {int(i) for i in eos} if isinstance(eos, list) else {int(eos)}


def session_turn(
    session: Any, messages: Sequence[Any], tokens: int, chunk: int = 256, *, reuse: bool = True
) -> tuple[int, str, list[int]]:
    """One greedy reply the way the worker runs it, on a ``ModelSession`` without the
    worker (so nothing settles between replies unless the test says so): how many tokens
    were reused, the text, and the token ids."""
    from agentic_desk.core.engine import GenerationParams
    from agentic_desk.core.engine.worker import prefill_chunks

    params = GenerationParams(temperature=0.0, max_new_tokens=tokens)
    ids = session.plan_prompt(messages, params).ids
    reused = session.prepare(ids, params, reuse=reuse, chunk=chunk)
    for start, end in prefill_chunks(reused, len(ids), chunk):
        session.append(ids[start:end])
    out: list[int] = []
    while len(out) < tokens and not session.done():
        token = session.generate()
        if token in session.eos_ids:
            break
        out.append(token)
    return reused, session.opened.decode(out), out
