"""The names model: an optional token classifier that finds people's names, postal addresses
and organisations the rules miss (a name with no "Mr" or "Dear" before it).

It is an ONNX model run with onnxruntime in a thread of its own (:class:`EntityWorker`), never
on the window's thread: a scan asks the worker and waits for its answer (the detector already
runs off the window's thread). The model is optional: without it the rules of
:mod:`agentic_desk.core.privacy.recognisers.names` and ``.addresses`` still run, and
:func:`coverage_notice` says what is then not seen.

A names model is a folder with

* ``model.onnx``: input ``features`` (int64, ``[1, tokens, FEATURES]``), output ``logits``
  (float, ``[1, tokens, labels]``);
* ``entity_model.json``: ``{"format": 1, "labels": ["O", "B-PER", ...], "name": ...,
  "licence": ...}``.

The features are computed here (:func:`tokenize`, :func:`features`), the same for training
(``benchmarks/build_entity_model.py``) and for use: a hash of the word, its shape
(``Xxxx``, ``dd``), a hash of its first and last three letters, and whether it starts a
sentence. No vocabulary file, so the model works on any script.

The app ships a small one (:data:`SHIPPED_FOLDER`, built by
``benchmarks/build_entity_model.py --ship`` from the repository's own lists, ~9.5 MB), so
names are seen out of the box; one installed in ``<models folder>/names-model/`` is used
instead.

A larger one can be downloaded in Models (issue 18): a BERT token classifier in ONNX laid
out like Xenova's exports (:class:`TokenClassifierModel`). ``privacy.names_model_path``
chooses it (:func:`configured_finder`); one that cannot be used gives way to the built-in
model, and :func:`coverage_notice` and :func:`in_use_text` say so.
"""

from __future__ import annotations

import json
import logging
import queue
import re
import threading
import zlib
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeAlias

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t

log = logging.getLogger(__name__)

__all__ = [
    "BUCKETS",
    "BUILT_IN",
    "FEATURES",
    "FOLDER_NAME",
    "LABEL_CATEGORIES",
    "Entity",
    "EntityFinder",
    "EntityModel",
    "EntityModelError",
    "EntityWorker",
    "TokenClassifierModel",
    "close_all",
    "configured_finder",
    "coverage_notice",
    "features",
    "in_use_text",
    "installed_finder",
    "is_token_classifier",
    "load_names_model",
    "model_folder",
    "spans_from_labels",
    "tokenize",
]

FOLDER_NAME = "names-model"
SHIPPED_FOLDER = Path(__file__).resolve().parent / "names_model"
"""The small names model that comes with the app (used when none is installed)."""
MODEL_FILE = "model.onnx"
INFO_FILE = "entity_model.json"
FORMAT = 1
FEATURES_VERSION = 1  # bump when tokenize() or features() change: models must be rebuilt
WORD_BUCKETS = 30011
AFFIX_BUCKETS = 5003
SHAPE_BUCKETS = 257
#: How many values each feature takes (the embedding sizes), in feature order.
BUCKETS: tuple[int, ...] = (WORD_BUCKETS, SHAPE_BUCKETS, AFFIX_BUCKETS, AFFIX_BUCKETS, 5)
FEATURES = len(BUCKETS)
#: The model's entity types, as the detector's categories.
LABEL_CATEGORIES = {"PER": "person", "ADDR": "address", "ORG": "organisation"}
MAX_TOKENS = 2048  # tokens per run; a longer text is read in windows
_WINDOW_OVERLAP = 64
WAIT_S = 30.0  # longest a scan waits for the model's answer
LOWER_CASE_SURE = 0.8  # how sure the model must be of a name in a text with no capitals

_TOKEN_RE = re.compile(r"\w+(?:['\u2019.\-]\w+)*\.?|[^\w\s]")
_SENTENCE_END = frozenset(".!?:\n")
_HEAD_WORD = re.compile(r"(\S+)\s+(?=\S)")


Entity: TypeAlias = tuple[str, int, int, float]
"""(category, start, end, confidence) of one entity the model found."""


class EntityModelError(AgenticDeskError):
    """The names model cannot be used (missing, damaged or failed)."""


class EntityFinder(Protocol):
    """What the detector asks for names, addresses and organisations."""

    @property
    def key(self) -> str:
        """Tells models apart in the detector's cache."""
        ...

    def find(self, text: str) -> list[Entity]:
        """(category, start, end, confidence) of each entity in ``text``."""
        ...


# ---- features -------------------------------------------------------------------------


def tokenize(text: str) -> list[tuple[int, int]]:
    """Words (with inner apostrophes, dots and hyphens: "O'Brien", "St.", "Jean-Luc") and
    single punctuation marks, as spans."""
    return [(m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def _bucket(text: str, size: int) -> int:
    return 1 + zlib.crc32(text.encode("utf-8", "surrogatepass")) % (size - 1)


def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word[:8]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c or len(out) < 2:
            out.append(c)
    return "".join(out) + ("+" if len(word) > 8 else "")


def features(text: str, spans: Sequence[tuple[int, int]]) -> list[list[int]]:
    """One row of :data:`FEATURES` ints per token."""
    rows: list[list[int]] = []
    for start, end in spans:
        word = text[start:end]
        lower = word.lower()
        before = text[max(0, start - 3) : start].rstrip(" \t")
        starts_sentence = not before or before[-1] in _SENTENCE_END or start == 0
        rows.append(
            [
                _bucket(lower, WORD_BUCKETS),
                _bucket(_shape(word), SHAPE_BUCKETS),
                _bucket("<" + lower[:3], AFFIX_BUCKETS),
                _bucket(lower[-3:] + ">", AFFIX_BUCKETS),
                1 + int(starts_sentence) + 2 * int("\n" in text[max(0, start - 2) : start]),
            ]
        )
    return rows


def spans_from_labels(
    text: str,
    spans: Sequence[tuple[int, int]],
    labels: Sequence[str],
    confidences: Sequence[float] | None = None,
) -> list[Entity]:
    """BIO labels per token (``B-PER``, ``I-PER``, ``O``...) as (category, start, end,
    confidence: the lowest of its tokens'); an ``I-`` after another type starts a new
    entity. Trailing punctuation and a possessive "'s" are left out."""
    sure = confidences if confidences is not None else [1.0] * len(spans)
    found: list[Entity] = []
    current: list[Any] | None = None  # [type, start, end, confidence]

    def close() -> None:
        if current is not None:
            found.append((str(current[0]), int(current[1]), int(current[2]), float(current[3])))

    for (start, end), label, p in zip(spans, labels, sure, strict=True):
        kind = label[2:] if len(label) > 2 else ""
        if label.startswith("B-") or (
            label.startswith("I-") and (current is None or current[0] != kind)
        ):
            close()
            current = [kind, start, end, p]
        elif label.startswith("I-") and current is not None:
            current[2] = end
            current[3] = min(current[3], p)
        else:
            close()
            current = None
    close()
    out: list[Entity] = []
    for kind, start, found_end, p in found:
        category = LABEL_CATEGORIES.get(kind)
        end = found_end
        while end > start and not text[end - 1].isalnum():
            end -= 1
        possessive = text[end - 2 : end] in ("'s", "\u2019s") and end - 2 > start
        if possessive and category in ("person", "organisation"):
            end -= 2  # "Al-Farsi's mother": the name without the possessive
        if category and end > start:
            out.append((category, start, end, p))
    return out


def tidy(text: str, found: Sequence[Entity]) -> list[Entity]:
    """The model's entities made plausible: pieces of one name next to each other joined
    ("Priyanka" + "Chaudhary", even when one piece was read as an organisation), and left
    out what cannot be one: a name or organisation that does not start with a capital
    letter, a lone function word, month or greeting ("My", "May", "Hi"), an organisation
    of one word with no legal form, an address with no number or no word in it.

    Ordinary chat turns (issue 18): a message's first word is capitalised because it starts
    the message, so a lone common English word ("Done.", "Sure.", "Rewrite it.", "# Summary":
    :data:`~agentic_desk.core.privacy.recognisers.common_words.COMMON_WORDS`) is no name,
    and one in front of a longer name is left out ("Compare these" then starts with a
    lower-case word and is dropped). A name after a title or greeting is the rules' finding
    and stays.

    A text with no capital letter at all ("tell priya the build is broken"): its writer does
    not use capitals, so a lower-case name stays when the model is sure of it
    (:data:`LOWER_CASE_SURE`), none of its words (nor a part of a hyphenated one:
    "claude-test") is a common word and it has no digit."""
    from agentic_desk.core.privacy.recognisers.common_words import COMMON_WORDS
    from agentic_desk.core.privacy.recognisers.names import COMMON_CAPITALISED

    def common(word: str) -> bool:
        return word in COMMON_CAPITALISED or word.casefold() in COMMON_WORDS

    joined: list[list[Any]] = []
    for category, start, end, p in sorted(found, key=lambda f: f[1]):
        last = joined[-1] if joined else None
        if (
            last is not None
            and {last[0], category} <= {"person", "organisation"}
            and 0 < start - last[2] <= 1
            and text[last[2] : start] in (" ", "-")
        ):
            last[0] = "person" if "person" in (last[0], category) else category
            last[2] = end
            last[3] = min(last[3], p)
            continue
        joined.append([category, start, end, p])
    # A text typed all in lower case ("tell priya the build is broken"): capitals say
    # nothing there, so a name the model is sure of stays (issue 18).
    typed_lower = not any(ch.isupper() for ch in text)
    out: list[Entity] = []
    for category, first, end, p in joined:
        start = first
        while category != "address":  # "My Toyota" is not a name that starts with "My"
            head = _HEAD_WORD.match(text, start, end)  # "Summary\nThandiwe": the heading
            if head is None or not common(head.group(1)):
                break
            start = head.end()
        value = text[start:end]
        words = value.split()
        if category in ("person", "organisation"):
            lower_ok = (
                typed_lower
                and category == "person"
                and p >= LOWER_CASE_SURE
                and not any(common(part) for word in words for part in word.split("-"))
                and not any(ch.isdigit() for ch in value)  # "claude-test", "gpt-4o": no names
            )
            if not (value[:1].isupper() or lower_ok) or (len(words) == 1 and common(value)):
                continue
            if category == "organisation" and len(words) < 2:
                continue
        if category == "address" and not (
            any(ch.isdigit() for ch in value) and any(ch.isalpha() for ch in value)
        ):  # an address has a number and a name: "2" of a numbered list is none
            continue
        out.append((category, start, end, p))
    return out


# ---- the model ------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelInfo:
    name: str
    labels: tuple[str, ...]
    licence: str


def read_info(folder: Path) -> ModelInfo:
    """The model's description; :class:`EntityModelError` when the folder is not one."""
    try:
        data = json.loads((folder / INFO_FILE).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError("unknown format")
        labels = tuple(str(label) for label in data["labels"])
        if not (folder / MODEL_FILE).is_file() or "O" not in labels:
            raise ValueError("incomplete")
        return ModelInfo(str(data.get("name", folder.name)), labels, str(data.get("licence", "")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EntityModelError(
            t("The names model in {path} cannot be read ({reason}).", path=folder, reason=exc),
            t("Remove that folder, or install the names model again."),
        ) from exc


class EntityModel:
    """The ONNX session and its labels. Not thread-safe by itself: :class:`EntityWorker`
    owns one and is the only thread that calls it."""

    def __init__(self, folder: Path) -> None:
        self.info = read_info(folder)
        import os

        os.environ["ORT_DISABLE_TELEMETRY"] = "1"  # also set when the package is imported
        import onnxruntime as ort

        disable = getattr(ort, "disable_telemetry_events", None)
        if callable(disable):
            disable()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # a small model; leave the cores to the chat model
        options.inter_op_num_threads = 1
        try:
            self.session = ort.InferenceSession(
                str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own types for a damaged file
            raise EntityModelError(
                t("The names model in {path} could not be loaded.", path=folder),
                t("Remove that folder, or install the names model again."),
            ) from exc

    def find(self, text: str) -> list[Entity]:
        import numpy as np

        spans = tokenize(text)
        if not spans:
            return []
        labels: list[str] = ["O"] * len(spans)
        sure: list[float] = [1.0] * len(spans)
        step = MAX_TOKENS - _WINDOW_OVERLAP
        for first in range(0, len(spans), step):
            window = spans[first : first + MAX_TOKENS]
            rows = np.asarray([features(text, window)], dtype=np.int64)
            (logits,) = self.session.run(["logits"], {"features": rows})
            scores = logits[0] - logits[0].max(axis=-1, keepdims=True)
            probabilities = np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)
            best = probabilities.argmax(axis=-1)
            keep_from = 0 if first == 0 else _WINDOW_OVERLAP // 2
            for i in range(keep_from, len(window)):
                labels[first + i] = self.info.labels[int(best[i])]
                sure[first + i] = float(probabilities[i, best[i]])
            if first + MAX_TOKENS >= len(spans):
                break
        return tidy(text, spans_from_labels(text, spans, labels, sure))


# ---- token classifiers: a names model from the model manager (issue 18) -------------------
# A BERT-style token classifier exported to ONNX the way Xenova's repos are laid out
# (``tokenizer.json`` and ``config.json`` with ``id2label`` at the root, the graph in
# ``onnx/model.onnx`` or ``model.onnx``), e.g. Xenova/bert-base-NER, downloaded in Models as a
# "names" model. Its WordPiece tokens are read with the ``tokenizers`` library, whose offsets
# are character positions in the original text; each word takes the label of its first
# token; BIO labels become entities as for the built-in model. PER is a person, ORG an
# organisation; LOC is a place, which is personal data only as part of a postal address: it
# becomes an address only where the address rules find one over it (a town in general prose
# is not reported). MISC is left out.

CLASSIFIER_FILES = ("onnx/model.onnx", "model.onnx")
_BERT_WINDOW = 512  # tokens per run with [CLS] and [SEP], unless the config says fewer
_BERT_OVERLAP = 64
#: Entity types of token classifiers, as the built-in model's (LOC is checked, see above).
_CLASSIFIER_TYPES = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "LOC": "ADDR",
    "LOCATION": "ADDR",
    "GPE": "ADDR",
}


def classifier_file(folder: Path) -> Path | None:
    """The ONNX graph of a token classifier's folder, ``None`` when it has none."""
    return next((folder / p for p in CLASSIFIER_FILES if (folder / p).is_file()), None)


def is_token_classifier(folder: Path) -> bool:
    """Whether ``folder`` holds a token-classification names model (not the built-in kind,
    not an embedding model): a tokenizer, a graph and a config whose labels name people."""
    from agentic_desk.core.models.hub import is_names_config

    if not (folder / "tokenizer.json").is_file() or classifier_file(folder) is None:
        return False
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(config, dict) and is_names_config(config)


def _broken(folder: Path, reason: object) -> EntityModelError:
    return EntityModelError(
        t("The names model in {path} cannot be used ({reason}).", path=folder, reason=reason),
        t("Download it again in Models, or choose the built-in names model in Settings."),
    )


class TokenClassifierModel:
    """A token classifier's ONNX session, tokenizer and labels. Like :class:`EntityModel`,
    used by one :class:`EntityWorker` thread only."""

    def __init__(self, folder: Path) -> None:
        from agentic_desk.core.models.hub import is_names_config

        graph = classifier_file(folder)
        if not folder.is_dir():
            raise _broken(folder, t("the folder does not exist"))
        if graph is None:
            raise _broken(folder, t("it has no onnx/model.onnx"))
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            if not isinstance(config, dict) or not is_names_config(config):
                raise ValueError(t("its config.json names no person label (B-PER)"))
            id2label = {int(k): str(v) for k, v in config["id2label"].items()}
            labels = tuple(id2label.get(i, "O") for i in range(max(id2label) + 1))
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        except Exception as exc:  # the tokenizers library raises plain Exception
            raise _broken(folder, exc) from exc
        tokenizer.no_truncation()
        tokenizer.no_padding()
        specials = [
            next((i for i in (tokenizer.token_to_id(n) for n in names) if i is not None), None)
            for names in (("[CLS]", "<s>"), ("[SEP]", "</s>"))
        ]
        if specials[0] is None or specials[1] is None:
            raise _broken(folder, t("its tokenizer has no [CLS] or [SEP] token"))
        self.cls_id, self.sep_id = int(specials[0]), int(specials[1])
        self.tokenizer = tokenizer
        self.labels = labels
        positions = config.get("max_position_embeddings")
        self.window = min(_BERT_WINDOW, positions if isinstance(positions, int) else _BERT_WINDOW)
        self.info = ModelInfo(str(config.get("_name_or_path") or folder.name), labels, "")
        import os

        os.environ["ORT_DISABLE_TELEMETRY"] = "1"
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        try:
            self.session = ort.InferenceSession(
                str(graph), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own types for a damaged file
            raise _broken(folder, t("its model.onnx could not be loaded")) from exc
        self.inputs = {i.name for i in self.session.get_inputs()}
        if "input_ids" not in self.inputs:
            raise _broken(folder, t("its model.onnx takes no input_ids"))

    def _run(self, ids: Sequence[int]) -> Any:
        """Label probabilities for ``ids`` (without [CLS] and [SEP]), one row per id."""
        import numpy as np

        row = np.asarray([[self.cls_id, *ids, self.sep_id]], dtype=np.int64)
        feed = {"input_ids": row}
        if "attention_mask" in self.inputs:
            feed["attention_mask"] = np.ones_like(row)
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.zeros_like(row)
        logits = self.session.run(None, feed)[0][0, 1:-1]
        scores = logits - logits.max(axis=-1, keepdims=True)
        return np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)

    def token_labels(self, text: str) -> tuple[list[tuple[int, int]], list[str], list[float]]:
        """Words of ``text`` (character spans, as the tokenizer splits them) with the label
        and confidence of each word's first token; long texts in overlapping windows."""
        encoding = self.tokenizer.encode(text, add_special_tokens=False)
        ids, offsets, words = encoding.ids, encoding.offsets, encoding.word_ids
        labels: list[int] = [0] * len(ids)
        sure: list[float] = [1.0] * len(ids)
        size = max(2, self.window - 2)
        overlap = min(_BERT_OVERLAP, size // 4)
        for first in range(0, len(ids), size - overlap):
            probabilities = self._run(ids[first : first + size])
            best = probabilities.argmax(axis=-1)
            keep_from = 0 if first == 0 else overlap // 2
            for i in range(keep_from, len(best)):
                labels[first + i] = int(best[i])
                sure[first + i] = float(probabilities[i, best[i]])
            if first + size >= len(ids):
                break
        spans: list[tuple[int, int]] = []
        names: list[str] = []
        confidences: list[float] = []
        last_word: int | None = None
        for i, word in enumerate(words):
            start, end = offsets[i]
            if word is not None and word == last_word and spans:
                spans[-1] = (spans[-1][0], max(spans[-1][1], end))  # "##ing": the same word
                continue
            last_word = word
            spans.append((start, end))
            names.append(self.labels[labels[i]] if labels[i] < len(self.labels) else "O")
            confidences.append(sure[i])
        return spans, names, confidences

    def find(self, text: str) -> list[Entity]:
        spans, names, confidences = self.token_labels(text)
        if not spans:
            return []
        bio: list[str] = []
        for name in names:
            prefix, _, kind = name.partition("-")
            mapped = _CLASSIFIER_TYPES.get(kind.upper()) if prefix in ("B", "I") else None
            bio.append(f"{prefix}-{mapped}" if mapped else "O")
        found = spans_from_labels(text, spans, bio, confidences)
        return tidy(text, _places_as_addresses(text, found))


def _places_as_addresses(text: str, found: Sequence[Entity]) -> list[Entity]:
    """People and organisations as found; a place only where the address rules find an
    address over it, as that address (a town named in prose is no personal data)."""
    from agentic_desk.core.privacy.recognisers.addresses import find_addresses

    addresses: list[tuple[int, int]] | None = None
    out: list[Entity] = []
    for category, start, end, p in found:
        if category != "address":
            out.append((category, start, end, p))
            continue
        if addresses is None:
            addresses = list(find_addresses(text))
        over = next(((s, e) for s, e in addresses if s < end and start < e), None)
        if over is not None and all(o[1:3] != over for o in out):
            out.append(("address", over[0], over[1], p))
    return out


def usable(folder: Path) -> bool:
    """Whether ``folder`` looks like a names model of either kind (its files are there; it
    is not loaded)."""
    built_in_kind = (folder / INFO_FILE).is_file() and (folder / MODEL_FILE).is_file()
    return built_in_kind or is_token_classifier(folder)


def load_names_model(folder: Path) -> EntityModel | TokenClassifierModel:
    """The names model in ``folder``, of whichever kind it is (the built-in kind has an
    ``entity_model.json``); :class:`EntityModelError` when it cannot be used."""
    if (folder / INFO_FILE).is_file():
        return EntityModel(folder)
    return TokenClassifierModel(folder)


class EntityWorker:
    """Runs an :class:`EntityModel` in a thread of its own, loaded on first use.

    :meth:`find` hands the text to the thread and waits for the answer; when the model
    cannot be loaded or fails, :meth:`find` returns nothing and :attr:`error` says why
    (the rules still run; :func:`coverage_notice` tells the user). :meth:`close` stops the
    thread."""

    def __init__(self, folder: Path, fallback: Path | None = None) -> None:
        self.folder = folder
        self.key = f"names-model:{folder}"
        self.error: str | None = None
        # issue 18: a chosen names model that cannot be used gives way to ``fallback`` (the
        # built-in one); ``notice`` then says so (shown in the privacy explanation)
        self.fallback = fallback
        self.notice: str | None = None
        self.in_use: Path | None = None  # the folder whose model answers, once loaded
        self._requests: queue.Queue[tuple[str, Future[list[Entity]]] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="names-model", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        model: EntityModel | TokenClassifierModel | None = None
        try:
            model = load_names_model(self.folder)
            self.in_use = self.folder
        except EntityModelError as exc:
            log.warning("names model not loaded: %s", exc.message)
            if self.fallback is not None and self.fallback != self.folder:
                try:
                    model = load_names_model(self.fallback)
                    self.in_use = self.fallback
                    self.notice = t(
                        "{reason} The built-in names model is used instead.", reason=exc.message
                    )
                except EntityModelError as second:
                    self.error = second.message
            else:
                self.error = exc.message
        while True:
            item = self._requests.get()
            if item is None:
                return
            text, future = item
            if model is None:
                future.set_result([])
                continue
            try:
                future.set_result(model.find(text))
            except Exception as exc:  # a failed run must not stop the detector's rules
                self.error = t("The names model failed on a text.")
                log.warning("names model failed: %s", type(exc).__name__)
                future.set_result([])

    def find(self, text: str) -> list[Entity]:
        if not text.strip():
            return []
        self._start()
        future: Future[list[Entity]] = Future()
        self._requests.put((text, future))
        return future.result(timeout=WAIT_S)

    @property
    def loaded(self) -> bool:
        return self._thread is not None and self.error is None

    def close(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._requests.put(None)
            thread.join(timeout=WAIT_S)


# ---- where the model is -----------------------------------------------------------------

_workers: dict[Path, EntityWorker] = {}
_workers_lock = threading.Lock()


def close_all() -> None:
    """Stop every names-model thread of this process (the app at exit; tests between
    tests). A worker asked again later starts again."""
    with _workers_lock:
        workers = list(_workers.values())
    for worker in workers:
        worker.close()


def model_folder(models_folder: Path) -> Path:
    """Where the names model is installed in a models folder."""
    return models_folder / FOLDER_NAME


def installed_finder(models_folder: Path) -> EntityWorker | None:
    """The worker for the names model installed in ``models_folder``, else for the one the
    app ships (one per folder and process, started on first use); ``None`` when neither is
    there (a damaged install)."""
    folder = model_folder(models_folder)
    if not (folder / MODEL_FILE).is_file():
        folder = SHIPPED_FOLDER
    if not (folder / MODEL_FILE).is_file():
        return None
    with _workers_lock:
        worker = _workers.get(folder)
        if worker is None:
            worker = _workers[folder] = EntityWorker(folder)
        return worker


BUILT_IN = "built-in"
"""``privacy.names_model_path`` for the names model the app ships (or one installed in
``<models folder>/names-model/``)."""


def configured_finder(models_folder: Path, choice: str = BUILT_IN) -> EntityWorker | None:
    """The worker for the names model ``privacy.names_model_path`` names: :data:`BUILT_IN`,
    or the folder of a names model (a token classifier downloaded in Models, or one of the
    built-in kind). A folder that cannot be used gives way to the built-in model
    (:attr:`EntityWorker.notice` says why, once it has been asked)."""
    built_in = installed_finder(models_folder)
    if not choice.strip() or choice.strip() == BUILT_IN:
        return built_in
    folder = Path(choice.strip()).expanduser()
    if not folder.is_absolute():  # a model id of the models folder
        folder = models_folder / folder
    with _workers_lock:
        worker = _workers.get(folder)
        if worker is None:
            fallback = built_in.folder if built_in is not None else None
            worker = _workers[folder] = EntityWorker(folder, fallback=fallback)
        return worker


def in_use_text(finder: EntityFinder | None) -> str:
    """Which names model the detector uses, in a sentence (Settings, ``route explain``)."""
    if finder is None:
        return t("Names model: none (rules only).")
    folder = getattr(finder, "in_use", None) or getattr(finder, "folder", None)
    notice = getattr(finder, "notice", None) or getattr(finder, "error", None)
    if folder is None:
        return ""
    fallback = getattr(finder, "fallback", None)
    if getattr(finder, "in_use", None) is None and fallback is not None and not usable(folder):
        # not loaded yet, and it will not load: say now what the first scan will find
        notice = _broken(Path(folder), t("it is not a names model folder")).message
        notice = t("{reason} The built-in names model is used instead.", reason=notice)
        folder = fallback
    if folder == SHIPPED_FOLDER or Path(folder).name == FOLDER_NAME:
        text = t("Names model: the built-in one (small, from the app).")
    else:
        text = t("Names model: {name} ({path}).", name=Path(folder).name, path=folder)
    return f"{text} {notice}" if notice else text


def coverage_notice(finder: EntityFinder | None) -> str:
    """What the detector cannot see, for the privacy explanation and ``route explain``
    ("" when the names model is in use; when a chosen names model could not be used and the
    built-in one answers instead, why)."""
    error = getattr(finder, "error", None)
    notice = getattr(finder, "notice", None)
    if finder is not None and not error:
        return str(notice) if notice else ""
    why = (
        t("The names model could not be used: {reason}", reason=error)
        if error
        else t("No names model is installed.")
    )
    return " ".join(
        [
            why,
            t(
                "People's names, addresses and organisations are found by rules only: a "
                "name after a title or greeting (Mr, Dr, Dear), a street address or "
                "postcode, a company with its legal form (Ltd, GmbH). A name written "
                "without such a cue may not be seen; add it to your sensitive terms."
            ),
        ]
    )
