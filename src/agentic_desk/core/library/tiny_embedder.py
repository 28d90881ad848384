"""A tiny but real ONNX sentence-embedding model, built in a second without downloads.

:func:`build_tiny_embedder` writes a model folder in the layout
:class:`~agentic_desk.core.library.embedding.OnnxEmbedder` reads (``model.onnx``,
``tokenizer.json``): a WordPiece tokenizer trained with the ``tokenizers`` library on
``training_text`` and a graph that looks each token up in a fixed random table (seeded)
and masks the padding. Mean-pooled, a text's vector is a random projection of its bag of
word pieces: texts that share words are close. It is what the tests, CI and
``--self-test``-style checks use; answers about meaning need a real model (the catalog's
embedding models).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers

DEFAULT_TEXT = (
    "The patient was seen in clinic on Monday and the referral letter was sent to the "
    "consultant. The contract between the parties sets out the payment terms, the notice "
    "period and the termination clause. The annual report describes revenue, costs, staff, "
    "risks and the plans for next year. Medication, dosage, allergy, diagnosis, follow-up "
    "appointment, blood pressure, tenancy, landlord, deposit, invoice, warranty, liability."
)


def build_tiny_embedder(
    folder: Path,
    *,
    dimension: int = 64,
    vocab_size: int = 4000,
    training_text: Iterable[str] = (DEFAULT_TEXT,),
    seed: int = 7,
) -> Path:
    """Write the model into ``folder`` (created) and return it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.WordPieceTrainer(
        vocab_size=vocab_size, special_tokens=["[PAD]", "[UNK]"], min_frequency=1
    )
    tokenizer.train_from_iterator(list(training_text), trainer=trainer)
    tokenizer.save(str(folder / "tokenizer.json"))
    size = tokenizer.get_vocab_size()
    table = np.random.default_rng(seed).standard_normal((size, dimension)).astype(np.float32)
    table[0] = 0.0  # [PAD]
    table[1] *= 0.1  # [UNK] says little
    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["states"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "last_axis"], ["mask_3d"]),
        helper.make_node("Mul", ["states", "mask_3d"], ["last_hidden_state"]),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny-embedder",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
            helper.make_tensor_value_info(
                "attention_mask", TensorProto.INT64, ["batch", "sequence"]
            ),
        ],
        [
            helper.make_tensor_value_info(
                "last_hidden_state", TensorProto.FLOAT, ["batch", "sequence", dimension]
            )
        ],
        initializer=[
            numpy_helper.from_array(table, "table"),
            numpy_helper.from_array(np.array([-1], dtype=np.int64), "last_axis"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(folder / "model.onnx"))
    return folder


__all__ = ["DEFAULT_TEXT", "build_tiny_embedder"]
