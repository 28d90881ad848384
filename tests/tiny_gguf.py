"""Tiny GGUF files written with the ``gguf`` package, as llama.cpp's converter writes them.

A random llama (or qwen2) decoder with a few layers, the tiny byte-level BPE tokenizer of
``tiny_models`` embedded as GGUF metadata, and the ChatML template. The weights are kept in
Hugging Face layout (``TinyGguf.hf_weights``, exactly the values the file holds after
de-quantisation) so a test can build the same model in torch and compare outputs:
the file stores ``attn_q``/``attn_k`` permuted the way llama.cpp's ``convert_hf_to_gguf.py``
does, so a converter that forgets to undo it fails the comparison.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import tiny_models as tm

HIDDEN = 64
HEADS = 4
KV_HEADS = 2
HEAD_DIM = HIDDEN // HEADS
FFN = 256  # a multiple of 256, so ffn_down can hold K-quant blocks
LAYERS = 2
CONTEXT = 256
ROPE_THETA = 10000.0
RMS_EPS = 1e-5
SENTENCE = "The quick brown fox jumps over the lazy dog."


@dataclass
class TinyGguf:
    path: Path
    architecture: str
    config: dict[str, Any]  # a transformers config dict for the same model
    hf_weights: dict[str, np.ndarray] = field(default_factory=dict)


def _permute(w: np.ndarray, n_head: int) -> np.ndarray:
    """llama.cpp's q/k permutation (convert_hf_to_gguf.py, LlamaModel.permute)."""
    return (
        w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:])
        .swapaxes(1, 2)
        .reshape(w.shape)
    )


def tokenizer_parts() -> tuple[list[str], list[int], list[str]]:
    """tokens (by id), token types (1 normal, 3 control) and merges of the tiny tokenizer."""
    data = json.loads(tm._tokenizer_json(SENTENCE))
    vocab: dict[str, int] = dict(data["model"]["vocab"])
    for added in data.get("added_tokens", []):
        vocab[added["content"]] = added["id"]
    tokens = [""] * len(vocab)
    for token, index in vocab.items():
        tokens[index] = token
    types = [3 if t in tm.SPECIAL_TOKENS else 1 for t in tokens]
    merges = [m if isinstance(m, str) else " ".join(m) for m in data["model"]["merges"]]
    return tokens, types, merges


def write_tiny_gguf(
    path: Path,
    *,
    architecture: str = "llama",
    weight_type: str = "F32",
    seed: int = 0,
    raw_tensor_type: str | None = None,
    tied: bool = False,
    kquants: bool = False,
) -> TinyGguf:
    """Write a tiny model. ``weight_type`` (F32, F16, Q8_0, Q4_0, ...) is used for the
    2-D weight matrices; norms stay F32 as in real files. ``raw_tensor_type`` stores the
    first layer's ffn_down as raw bytes of that GGML type (for refusal tests). ``kquants``
    stores ffn_down as Q4_K (layer 0) and Q6_K (layer 1), the types of a Q4_K_M file: the
    gguf package cannot quantise to them, so the blocks are made up (random quants, small
    scales) and the reference takes the values gguf de-quantises them to."""
    import gguf

    tokens, types, merges = tokenizer_parts()
    vocab = len(tokens)
    rng = np.random.default_rng(seed)
    qtype = gguf.GGMLQuantizationType[weight_type]

    def mat(rows: int, cols: int, scale: float = 0.15) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) * scale).astype(np.float32)

    def norm(n: int) -> np.ndarray:
        return (1.0 + 0.1 * rng.standard_normal(n)).astype(np.float32)

    writer = gguf.GGUFWriter(str(path), architecture)
    writer.add_name(f"tiny-{architecture}")
    writer.add_block_count(LAYERS)
    writer.add_context_length(CONTEXT)
    writer.add_embedding_length(HIDDEN)
    writer.add_feed_forward_length(FFN)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(KV_HEADS)
    writer.add_rope_freq_base(ROPE_THETA)
    writer.add_layer_norm_rms_eps(RMS_EPS)
    writer.add_rope_dimension_count(HEAD_DIM)
    writer.add_vocab_size(vocab)
    writer.add_file_type(int(gguf.LlamaFileType.ALL_F32))
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges(merges)
    writer.add_bos_token_id(tm.BOS_TOKEN_ID)
    writer.add_eos_token_id(tm.EOS_TOKEN_ID)
    writer.add_pad_token_id(tm.EOS_TOKEN_ID)
    writer.add_add_bos_token(False)
    writer.add_chat_template(tm.CHATML_TEMPLATE)

    hf: dict[str, np.ndarray] = {}

    def put(gguf_name: str, hf_name: str, value: np.ndarray, *, permute: int = 0) -> None:
        """Store ``value`` (HF layout); remember what the file really holds."""
        stored = _permute(value, permute) if permute else value
        if value.ndim == 2 and weight_type != "F32":
            if qtype == gguf.GGMLQuantizationType.F16:
                data = stored.astype(np.float16)
                back = data.astype(np.float32)
            else:
                data = gguf.quants.quantize(stored, qtype)
                back = gguf.quants.dequantize(data, qtype).reshape(stored.shape)
            writer.add_tensor(gguf_name, data, raw_dtype=qtype if data.dtype == np.uint8 else None)
            stored_back = back
        else:
            writer.add_tensor(gguf_name, stored)
            stored_back = stored
        # undo the permutation to get the HF-layout values the file stands for
        if permute:
            n = permute
            stored_back = (
                stored_back.reshape(n, stored_back.shape[0] // n // 2, 2, *stored_back.shape[1:])
                .swapaxes(1, 2)
                .reshape(stored_back.shape)
            )
        hf[hf_name] = stored_back.astype(np.float32)

    put("token_embd.weight", "model.embed_tokens.weight", mat(vocab, HIDDEN, 0.5))
    for i in range(LAYERS):
        p = f"model.layers.{i}."
        put(f"blk.{i}.attn_norm.weight", p + "input_layernorm.weight", norm(HIDDEN))
        q = mat(HEADS * HEAD_DIM, HIDDEN)
        k = mat(KV_HEADS * HEAD_DIM, HIDDEN)
        v = mat(KV_HEADS * HEAD_DIM, HIDDEN)
        if architecture == "llama":
            put(f"blk.{i}.attn_q.weight", p + "self_attn.q_proj.weight", q, permute=HEADS)
            put(f"blk.{i}.attn_k.weight", p + "self_attn.k_proj.weight", k, permute=KV_HEADS)
        else:  # qwen2 keeps HF's layout, and has q/k/v biases
            put(f"blk.{i}.attn_q.weight", p + "self_attn.q_proj.weight", q)
            put(f"blk.{i}.attn_k.weight", p + "self_attn.k_proj.weight", k)
            for name, hf_name, n in (
                ("attn_q", "q_proj", HEADS),
                ("attn_k", "k_proj", KV_HEADS),
                ("attn_v", "v_proj", KV_HEADS),
            ):
                bias = (0.1 * rng.standard_normal(n * HEAD_DIM)).astype(np.float32)
                put(f"blk.{i}.{name}.bias", p + f"self_attn.{hf_name}.bias", bias)
        put(f"blk.{i}.attn_v.weight", p + "self_attn.v_proj.weight", v)
        put(f"blk.{i}.attn_output.weight", p + "self_attn.o_proj.weight", mat(HIDDEN, HIDDEN))
        put(f"blk.{i}.ffn_norm.weight", p + "post_attention_layernorm.weight", norm(HIDDEN))
        put(f"blk.{i}.ffn_gate.weight", p + "mlp.gate_proj.weight", mat(FFN, HIDDEN))
        put(f"blk.{i}.ffn_up.weight", p + "mlp.up_proj.weight", mat(FFN, HIDDEN))
        if kquants:
            kind = gguf.GGMLQuantizationType.Q4_K if i == 0 else gguf.GGMLQuantizationType.Q6_K
            data = _kquant_blocks(kind, HIDDEN, FFN, rng)
            writer.add_tensor(f"blk.{i}.ffn_down.weight", data, raw_dtype=kind)
            back = gguf.quants.dequantize(data, kind).reshape(HIDDEN, FFN)
            hf[p + "mlp.down_proj.weight"] = back.astype(np.float32)
        elif i == 0 and raw_tensor_type is not None:
            raw = gguf.GGMLQuantizationType[raw_tensor_type]
            block, nbytes = gguf.GGML_QUANT_SIZES[raw]
            data = np.zeros((HIDDEN, FFN // block * nbytes), dtype=np.uint8)
            writer.add_tensor(f"blk.{i}.ffn_down.weight", data, raw_dtype=raw)
        else:
            put(f"blk.{i}.ffn_down.weight", p + "mlp.down_proj.weight", mat(HIDDEN, FFN))
    put("output_norm.weight", "model.norm.weight", norm(HIDDEN))
    if not tied:
        put("output.weight", "lm_head.weight", mat(vocab, HIDDEN, 0.5))

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()

    config = {
        "model_type": architecture,
        "architectures": ["LlamaForCausalLM" if architecture == "llama" else "Qwen2ForCausalLM"],
        "vocab_size": vocab,
        "hidden_size": HIDDEN,
        "intermediate_size": FFN,
        "num_hidden_layers": LAYERS,
        "num_attention_heads": HEADS,
        "num_key_value_heads": KV_HEADS,
        "head_dim": HEAD_DIM,
        "max_position_embeddings": CONTEXT,
        "rms_norm_eps": RMS_EPS,
        "rope_theta": ROPE_THETA,
        "tie_word_embeddings": tied,
        "bos_token_id": tm.BOS_TOKEN_ID,
        "eos_token_id": tm.EOS_TOKEN_ID,
    }
    if tied:
        hf["lm_head.weight"] = hf["model.embed_tokens.weight"]
    return TinyGguf(path, architecture, config, hf)


def _kquant_blocks(kind: Any, rows: int, cols: int, rng: np.random.Generator) -> np.ndarray:
    """Made-up but valid Q4_K / Q6_K blocks (256 values each) for a rows x cols matrix."""
    import gguf

    n_blocks = rows * cols // 256
    if kind == gguf.GGMLQuantizationType.Q4_K:  # d, dmin (f16), 12 bytes of scales, 128 of quants
        head = np.array([0.0005, 0.0003], dtype=np.float16).view(np.uint8)
        body = rng.integers(0, 256, size=(n_blocks, 12 + 128), dtype=np.uint8)
        blocks = np.concatenate([np.tile(head, (n_blocks, 1)), body], axis=1)
    else:  # Q6_K: 128 + 64 bytes of quants, 16 int8 scales, d (f16)
        quants = rng.integers(0, 256, size=(n_blocks, 192), dtype=np.uint8)
        scales = rng.integers(-10, 11, size=(n_blocks, 16)).astype(np.int8).view(np.uint8)
        tail = np.array([0.0005], dtype=np.float16).view(np.uint8)
        blocks = np.concatenate([quants, scales, np.tile(tail, (n_blocks, 1))], axis=1)
    return np.ascontiguousarray(blocks.reshape(rows, -1))


def reference_greedy(tiny: TinyGguf, prompt_ids: list[int], steps: int) -> list[int]:
    """Greedy continuation computed by transformers from the weights the file stands for."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    config = AutoConfig.for_model(**tiny.config)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in tiny.hf_weights.items()}
    model.load_state_dict(state, strict=True)
    model.eval()
    ids = list(prompt_ids)
    with torch.no_grad():
        for _ in range(steps):
            logits = model(torch.tensor([ids])).logits[0, -1]
            ids.append(int(torch.argmax(logits)))
    return ids[len(prompt_ids) :]
