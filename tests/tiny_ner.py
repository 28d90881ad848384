"""A tiny BERT token classifier laid out like Xenova's ONNX exports of NER models
(``tokenizer.json`` and ``config.json`` at the root, ``onnx/model.onnx``), built here so the
names-model path is tested without the Hub (issue 18).

It is a real ``BertForTokenClassification`` (one layer, random attention) exported with
``torch.onnx.export``, with its weights set so that every token's label follows a known
rule, :data:`TOKEN_LABELS`: a token's embedding is one-hot at its label's index, the
layer's output projections are zero (so the residual carries the embedding through), and the
classifier reads the label off that index. A test can then say exactly which spans the
detector must report. Its position table is short (:data:`POSITIONS`), so a paragraph is
already read in several windows.

    python tests/tiny_ner.py DIR     # build it into DIR (for benchmarks/bench_recogniser.py)
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

LABELS = ("O", "B-MISC", "I-MISC", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
#: Each token of the vocabulary and the label the model gives it (cased, like bert-base-NER).
TOKEN_LABELS: dict[str, str] = {
    "Priyanka": "B-PER",
    "Chau": "I-PER",
    "##dhary": "I-PER",
    "Tan": "B-PER",
    "##aka": "O",  # a word takes its first token's label: "Tanaka" is one person
    "Zo": "B-PER",
    "##ë": "I-PER",
    "Ångström": "I-PER",
    "Acme": "B-ORG",
    "Widgets": "I-ORG",
    "Ltd": "I-ORG",
    "Paris": "B-LOC",
    "London": "B-LOC",
    "Baker": "B-LOC",
    "Street": "I-LOC",
    "Olympics": "B-MISC",
    "met": "O",
    "at": "O",
    "in": "O",
    "lives": "O",
    "the": "O",
    "and": "O",
    "works": "O",
    "for": "O",
    "visited": "O",
    "221": "O",
    "NW1": "O",
    "6XE": "O",
    ".": "O",
    ",": "O",
}
POSITIONS = 40  # the longest run: 38 tokens and [CLS], [SEP]
HIDDEN = 12


def build(dest: Path) -> Path:
    """Build the model into ``dest`` (kept when already built there); returns ``dest``."""
    if (dest / "onnx" / "model.onnx").is_file() and (dest / "config.json").is_file():
        return dest
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertForTokenClassification

    vocab = {token: i for i, token in enumerate([*SPECIALS, *TOKEN_LABELS])}
    tokenizer = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=False, strip_accents=False)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])],
    )
    tokenizer.decoder = decoders.WordPiece()
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=HIDDEN,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=24,
        max_position_embeddings=POSITIONS,
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
        architectures=["BertForTokenClassification"],
    )
    torch.manual_seed(18)
    model = BertForTokenClassification(config).eval()
    with torch.no_grad():
        embeddings = model.bert.embeddings
        embeddings.word_embeddings.weight.zero_()
        for token, index in vocab.items():
            label = TOKEN_LABELS.get(token, "O")
            embeddings.word_embeddings.weight[index, LABELS.index(label)] = 1.0
        embeddings.position_embeddings.weight.zero_()
        embeddings.token_type_embeddings.weight.zero_()
        layer = model.bert.encoder.layer[0]
        for dense in (layer.attention.output.dense, layer.output.dense):
            dense.weight.zero_()
            dense.bias.zero_()
        model.classifier.weight.zero_()
        model.classifier.bias.zero_()
        for i in range(len(LABELS)):
            model.classifier.weight[i, i] = 1.0
    staging = dest.with_name(dest.name + ".building")
    (staging / "onnx").mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(staging / "tokenizer.json"))
    config_data = config.to_dict()
    config_data["_name_or_path"] = "tiny-ner"
    (staging / "config.json").write_text(json.dumps(config_data, indent=2), encoding="utf-8")
    ids = torch.tensor([[vocab["[CLS]"], vocab["Priyanka"], vocab["[SEP]"]]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's deprecation notes
        torch.onnx.export(
            model,
            (ids, torch.ones_like(ids), torch.zeros_like(ids)),
            str(staging / "onnx" / "model.onnx"),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["logits"],
            dynamic_axes={
                name: {0: "batch", 1: "sequence"}
                for name in ("input_ids", "attention_mask", "token_type_ids", "logits")
            },
            opset_version=17,
            dynamo=False,
        )
    staging.rename(dest)
    return dest


if __name__ == "__main__":
    print(build(Path(sys.argv[1]).resolve()))
