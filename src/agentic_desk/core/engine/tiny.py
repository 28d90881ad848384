"""A tiny but real onnxruntime-genai model, built in milliseconds without downloads.

:func:`build_scripted_model` writes a complete model folder (``genai_config.json``,
``model.onnx``, ``tokenizer.json``, ``tokenizer_config.json``, ``special_tokens_map.json``) with
``onnx.helper``, numpy and the ``tokenizers`` library (ARCHITECTURE Fact 5). After any prompt
ending in the ChatML generation prompt, greedy search produces exactly ``sentence`` and then EOS.

The app's ``--self-test`` builds one into a temporary folder to prove that the installed (or
packaged) engine loads a model and generates; the test suite builds the same models (and more,
see ``tests/tiny_models.py``, which re-exports this module).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import onnx
from onnx import TensorProto, helper, numpy_helper
from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, trainers

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
    "build_scripted_model",
]

SENTENCE = "The quick brown fox jumps over the lazy dog. Café 🙂 done"
"""Default scripted reply: one token per ASCII word, ``é`` as 2 byte tokens, ``🙂`` as 4."""

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
"""A standard ChatML chat template (as in Qwen2 / SmolLM2 without their default system prompt)."""

GENERATION_PROMPT = "<|im_start|>assistant\n"

SPECIAL_TOKENS = ("<|endoftext|>", "<|im_start|>", "<|im_end|>")
"""Added special tokens; they get ids 0, 1 and 2 in every tiny tokenizer."""
ENDOFTEXT_ID = 0
IM_START_ID = 1
IM_END_ID = 2
EOS_TOKEN_ID = IM_END_ID
"""``eos_token_id`` (and ``pad_token_id``) of every tiny model: ``<|im_end|>``."""
BOS_TOKEN_ID = IM_START_ID
"""``bos_token_id`` as ChatML models declare it; the tokenizer never adds it by itself."""

TemplateFile = Literal["tokenizer_config", "jinja", "none"]

VOCAB_SIZE = 384
"""Target vocabulary size of the tiny tokenizers (bytes + specials + learnt merges)."""

_MODEL_FILE = "model.onnx"
_LAYER_NAMES = ("past_key_values.%d.key", "past_key_values.%d.value")
_PRESENT_NAMES = ("present.%d.key", "present.%d.value")
_RECENT = 3
"""How many recent positions the history model's ``recent_v`` term sums."""

# English text for the BPE merges (ASCII only, so no merge ever joins the bytes of a multi-byte
# character) plus the ChatML role names, so prompts tokenize into a realistic mix of tokens.
_CORPUS = """\
system user assistant tool
You are a helpful assistant. Answer the question in one short paragraph.
Once upon a time there was a small village at the edge of a great forest. Every morning the
people of the village walked to the river to fetch water, and every evening they told stories
about the animals that lived among the trees. The children liked the story of the old owl best,
because the owl knew the names of all the stars and never forgot a face.
Please write a short poem about the sea. What is the capital of France? Paris is the capital.
How many days are there in a week? There are seven days in a week. Thank you very much!
Can you help me with my homework? Of course, I would be happy to help. Let us start with the
first problem and work through it step by step. Numbers like 1, 2, 3, 10 and 2024 are common.
Hello there, how are you today? I am fine, thanks for asking. Goodbye and see you tomorrow.
"""


# --------------------------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------------------------


def _ascii_runs(sentence: str) -> list[str]:
    """The ASCII stretches of each pre-token of ``sentence`` (each should become one token)."""
    pre = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    runs: list[str] = []
    for word, _span in pre.pre_tokenize_str(sentence):
        # pre-tokens come back in byte-level alphabet; map them back to text
        text = bytes(_BYTE_DECODER[ch] for ch in word).decode("utf-8", errors="replace")
        current = ""
        for ch in text:
            if ch.isascii() and ch != "\ufffd":
                current += ch
            else:
                if current:
                    runs.append(current)
                current = ""
        if current:
            runs.append(current)
    return runs


def _bytes_to_unicode() -> dict[int, str]:
    """GPT-2's byte -> printable character table (what ``ByteLevel`` uses)."""
    printable = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("¡"), ord("¬") + 1))
        + list(range(ord("®"), ord("ÿ") + 1))
    )
    chars = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            chars.append(256 + extra)
            extra += 1
    return {byte: chr(ch) for byte, ch in zip(printable, chars, strict=True)}


_BYTE_ENCODER = _bytes_to_unicode()
_BYTE_DECODER = {ch: byte for byte, ch in _BYTE_ENCODER.items()}


@functools.lru_cache(maxsize=16)
def _tokenizer_json(sentence: str) -> str:
    """Train a byte-level BPE tokenizer in which each ASCII word of ``sentence`` is one token."""
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        special_tokens=[AddedToken(t, special=True, normalized=False) for t in SPECIAL_TOKENS],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    # Each run on its own line, many times over: the trainer merges every run into one token.
    lines = _CORPUS.splitlines() + [run for run in _ascii_runs(sentence) for _ in range(40)]
    tokenizer.train_from_iterator(lines, trainer)
    return tokenizer.to_str()


# --------------------------------------------------------------------------------------------
# Folder files
# --------------------------------------------------------------------------------------------


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_tokenizer_files(
    dest: Path,
    tokenizer_json: str,
    *,
    context_length: int,
    chat_template: str | None,
    template_file: TemplateFile,
) -> None:
    if template_file not in ("tokenizer_config", "jinja", "none"):
        raise ValueError(
            f"template_file must be 'tokenizer_config', 'jinja' or 'none', not {template_file!r}"
        )
    if template_file == "none" and chat_template is not None:
        raise ValueError("template_file='none' needs chat_template=None")
    (dest / "tokenizer.json").write_text(tokenizer_json, encoding="utf-8")
    bos, endoftext, eos = SPECIAL_TOKENS[IM_START_ID], SPECIAL_TOKENS[0], SPECIAL_TOKENS[IM_END_ID]
    config: dict[str, Any] = {
        "add_bos_token": False,
        "add_eos_token": False,
        "add_prefix_space": False,
        "bos_token": bos,
        "eos_token": eos,
        "pad_token": eos,
        "unk_token": endoftext,
        "clean_up_tokenization_spaces": False,
        "model_max_length": context_length,
        "tokenizer_class": "GPT2Tokenizer",
        "additional_special_tokens": [bos, eos],
    }
    if chat_template is not None and template_file == "tokenizer_config":
        config["chat_template"] = chat_template
    _write_json(dest / "tokenizer_config.json", config)
    if chat_template is not None and template_file == "jinja":
        (dest / "chat_template.jinja").write_text(chat_template, encoding="utf-8")
    _write_json(
        dest / "special_tokens_map.json",
        {
            "bos_token": bos,
            "eos_token": eos,
            "pad_token": eos,
            "unk_token": endoftext,
            "additional_special_tokens": [bos, eos],
        },
    )


def _write_genai_config(
    dest: Path,
    *,
    model_type: str,
    context_length: int,
    vocab_size: int,
    head_size: int,
    share_buffer: bool,
    with_attention_mask: bool,
) -> None:
    inputs: dict[str, str] = {"input_ids": "input_ids"}
    if with_attention_mask:
        inputs["attention_mask"] = "attention_mask"
    inputs["past_key_names"] = _LAYER_NAMES[0]
    inputs["past_value_names"] = _LAYER_NAMES[1]
    config = {
        "model": {
            "bos_token_id": BOS_TOKEN_ID,
            "context_length": context_length,
            "decoder": {
                "session_options": {"log_id": "onnxruntime-genai", "provider_options": []},
                "filename": _MODEL_FILE,
                "head_size": head_size,
                "hidden_size": head_size,
                "inputs": inputs,
                "outputs": {
                    "logits": "logits",
                    "present_key_names": _PRESENT_NAMES[0],
                    "present_value_names": _PRESENT_NAMES[1],
                },
                "num_attention_heads": 1,
                "num_hidden_layers": 1,
                "num_key_value_heads": 1,
            },
            "eos_token_id": EOS_TOKEN_ID,
            "pad_token_id": EOS_TOKEN_ID,
            "type": model_type,
            "vocab_size": vocab_size,
        },
        "search": {
            "diversity_penalty": 0.0,
            "do_sample": False,
            "early_stopping": True,
            "length_penalty": 1.0,
            "max_length": context_length,
            "min_length": 0,
            "no_repeat_ngram_size": 0,
            "num_beams": 1,
            "num_return_sequences": 1,
            "past_present_share_buffer": share_buffer,
            "repetition_penalty": 1.0,
            "temperature": 1.0,
            "top_k": 1,
            "top_p": 1.0,
        },
    }
    _write_json(dest / "genai_config.json", config)


# --------------------------------------------------------------------------------------------
# Graphs
# --------------------------------------------------------------------------------------------

_Float = npt.NDArray[np.float32]


def _io(name: str, elem_type: int, shape: Sequence[str | int]) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info(name, elem_type, list(shape))


def _kv_io(head_size: int) -> tuple[list[onnx.ValueInfoProto], list[onnx.ValueInfoProto]]:
    past = [
        _io(n % 0, TensorProto.FLOAT, ["batch", 1, "past_seq", head_size]) for n in _LAYER_NAMES
    ]
    present = [
        _io(n % 0, TensorProto.FLOAT, ["batch", 1, "total_seq", head_size]) for n in _PRESENT_NAMES
    ]
    return past, present


def _save(graph: onnx.GraphProto, dest: Path) -> None:
    # opset 17 and IR 8 load in every onnxruntime that genai 0.11 to 0.18 ships with
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="tiny_models"
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(dest / _MODEL_FILE))


def _scripted_graph(embedding: _Float, lm_head: _Float) -> onnx.GraphProto:
    """logits = Gather(embedding, ids) @ lm_head; present = Concat(past, emb) (never read)."""
    vocab, hidden = embedding.shape
    past, present = _kv_io(hidden)
    nodes = [
        helper.make_node("Gather", ["embedding", "input_ids"], ["hidden"]),
        helper.make_node("MatMul", ["hidden", "lm_head"], ["logits"]),
        helper.make_node("Unsqueeze", ["hidden", "axis1"], ["new_kv"]),
        helper.make_node("Concat", [past[0].name, "new_kv"], [present[0].name], axis=2),
        helper.make_node("Concat", [past[1].name, "new_kv"], [present[1].name], axis=2),
    ]
    return helper.make_graph(
        nodes,
        "tiny_scripted",
        [_io("input_ids", TensorProto.INT64, ["batch", "seq"]), *past],
        [_io("logits", TensorProto.FLOAT, ["batch", "seq", vocab]), *present],
        initializer=[
            numpy_helper.from_array(embedding, "embedding"),
            numpy_helper.from_array(lm_head, "lm_head"),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
        ],
    )


# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------


def build_scripted_model(
    dest: Path,
    *,
    sentence: str = SENTENCE,
    context_length: int = 256,
    chat_template: str | None = CHATML_TEMPLATE,
    template_file: TemplateFile = "tokenizer_config",
    model_type: str = "llama",
) -> Path:
    """Write a model that answers any ChatML prompt with exactly ``sentence``, then EOS.

    Logits depend only on the current token: each token of the sentence points at the next one,
    the last one at EOS (``<|im_end|>``), every other token at the sentence's first token. So the
    tokenizer is trained to make each ASCII word of ``sentence`` a single token, while non-ASCII
    characters stay split into their separate UTF-8 byte tokens (a streaming decoder must hold
    them back). Raises ValueError if ``sentence`` would repeat a token or contains a token of the
    generation prompt's end (a newline). ``template_file`` says where ``chat_template`` goes:
    ``tokenizer_config.json``, ``chat_template.jinja`` or nowhere ("none", which needs
    ``chat_template=None``). ``model_type`` is written as genai_config's ``type`` unchecked.
    Returns ``dest`` (created if needed).
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    tokenizer_json = _tokenizer_json(sentence)
    tokenizer = Tokenizer.from_str(tokenizer_json)
    vocab = tokenizer.get_vocab_size()
    encoding = tokenizer.encode(sentence, add_special_tokens=False)
    ids, tokens = list(encoding.ids), list(encoding.tokens)
    prompt_end = tokenizer.encode(GENERATION_PROMPT, add_special_tokens=False).ids[-1]
    if not ids:
        raise ValueError("sentence must not be empty")
    if len(set(ids)) != len(ids):
        repeated = sorted({t for t in tokens if tokens.count(t) > 1})
        raise ValueError(f"sentence repeats tokens {repeated}; each token may appear only once")
    if prompt_end in ids or any(i < len(SPECIAL_TOKENS) for i in ids):
        raise ValueError("sentence must not contain a newline or a special token")
    if tokenizer.decode(ids, skip_special_tokens=False) != sentence:
        raise ValueError("sentence does not survive a tokenizer round trip")

    # class 0: "not in the sentence" -> first token; class i + 1: sentence[i] -> sentence[i + 1]
    hidden = len(ids) + 1
    embedding = np.zeros((vocab, hidden), dtype=np.float32)
    embedding[:, 0] = 1.0
    lm_head = np.zeros((hidden, vocab), dtype=np.float32)
    lm_head[0, ids[0]] = 10.0
    for i, token in enumerate(ids):
        embedding[token, 0] = 0.0
        embedding[token, i + 1] = 1.0
        lm_head[i + 1, ids[i + 1] if i + 1 < len(ids) else EOS_TOKEN_ID] = 10.0

    _save(_scripted_graph(embedding, lm_head), dest)
    _write_genai_config(
        dest,
        model_type=model_type,
        context_length=context_length,
        vocab_size=vocab,
        head_size=hidden,
        share_buffer=False,
        with_attention_mask=False,
    )
    _write_tokenizer_files(
        dest,
        tokenizer_json,
        context_length=context_length,
        chat_template=chat_template,
        template_file=template_file,
    )
    return dest
