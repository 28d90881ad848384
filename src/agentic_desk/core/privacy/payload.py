"""The detector over a whole outgoing payload: every message of the conversation (your
turns and the replies), the system prompt and anything else added to the request (stop
sequences). What is decided is what is sent: a finding anywhere keeps the request local,
and the decision says where it is ("turn 1: a national ID number").

Each text's findings are cached (an LRU keyed by a hash of the text and the enabled
categories), so re-scanning a long conversation for its next turn only scans the new
messages; :func:`scan_texts` also serves the last check before a cloud request leaves
(:mod:`agentic_desk.core.providers.http`).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from agentic_desk.core.i18n import N_, t

if TYPE_CHECKING:
    from agentic_desk.core.privacy.scanning import DetectorOptions, Finding

__all__ = [
    "NEWEST",
    "STOP_SEQUENCES",
    "SYSTEM_PROMPT",
    "Located",
    "Marked",
    "Part",
    "PayloadScan",
    "clear_cache",
    "describe_payload",
    "describe_places",
    "detect_cached",
    "parts_of",
    "scan_parts",
    "scan_texts",
    "short_label",
]

SYSTEM_PROMPT = N_("the system prompt")
NEWEST = N_("this message")
STOP_SEQUENCES = N_("the stop sequences")
_MAX_PLACES = 3  # places a reason names before "and N more"


class _Message(Protocol):
    @property
    def role(self) -> str: ...
    @property
    def content(self) -> str: ...


@dataclass(frozen=True)
class Part:
    """One piece of text that will be sent, and how a user names where it is."""

    where: str  # "turn 1", "this message", "the system prompt", "the stop sequences"
    text: str


@dataclass(frozen=True)
class Located:
    """A detector finding, and where in the payload it is."""

    where: str
    finding: Finding

    @property
    def category(self) -> str:
        return self.finding.category


@dataclass(frozen=True)
class Marked:
    """A message in the history whose own privacy level was set (e.g. local-only)."""

    where: str
    level: str


@dataclass(frozen=True)
class PayloadScan:
    parts: tuple[Part, ...]
    found: tuple[Located, ...]

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(sorted({f.category for f in self.found}))


def parts_of(messages: Sequence[_Message], extras: Iterable[Part] = ()) -> list[Part]:
    """The payload's texts in order, each named: system messages are "the system
    prompt"; the others are numbered turns, except a last user message, which is
    "this message" (the one being sent)."""
    parts: list[Part] = []
    turn = 0
    last = len(messages) - 1
    for index, message in enumerate(messages):
        if message.role == "system":
            parts.append(Part(SYSTEM_PROMPT, message.content))
            continue
        if message.role != "assistant" or turn == 0:
            turn += 1  # a turn is the user's message and the reply to it
        if index == last and message.role == "user":
            parts.append(Part(NEWEST, message.content))
        elif message.role == "assistant":
            parts.append(Part(t("the reply in turn {turn}", turn=turn), message.content))
        else:
            parts.append(Part(t("turn {turn}", turn=turn), message.content))
    parts.extend(extras)
    return parts


# ---- the cache ------------------------------------------------------------------------

_CACHE_SIZE = 4096
_cache: OrderedDict[tuple[bytes, tuple[object, ...]], tuple[Finding, ...]] = OrderedDict()
_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every cached result (benchmarks and tests)."""
    with _lock:
        _cache.clear()


def detect_cached(text: str, options: DetectorOptions | None = None) -> tuple[Finding, ...]:
    """:func:`~agentic_desk.core.privacy.scanning.detect`, remembered per text (by its
    BLAKE2 hash, so the cache keeps no message text as a key), enabled categories, the
    user's terms (a digest of the list) and the names model in use."""
    from agentic_desk.core.privacy.scanning import DetectorOptions, detect

    opts = options or DetectorOptions()
    if not text:
        return ()
    key = (hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest(),
           opts.cache_key())  # fmt: skip
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    found = tuple(detect(text, opts))
    with _lock:
        _cache[key] = found
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return found


# ---- scanning -------------------------------------------------------------------------


def scan_parts(parts: Sequence[Part], options: DetectorOptions | None = None) -> PayloadScan:
    found = tuple(Located(p.where, f) for p in parts for f in detect_cached(p.text, options))
    return PayloadScan(tuple(parts), found)


def scan_texts(texts: Iterable[str], options: DetectorOptions | None = None) -> list[Finding]:
    """Every finding in any of ``texts`` (the boundary check: no places needed)."""
    return [f for text in texts for f in detect_cached(text, options)]


# ---- words ----------------------------------------------------------------------------

_PAREN = re.compile(r"\s*\([^)]*\)")


def short_label(category: str) -> str:
    """ "a national ID number" for ``national_id`` (no "(e.g. ...)"), for reasons."""
    from agentic_desk.core.privacy.scanning import CATEGORY_LABELS

    label = _PAREN.sub("", t(CATEGORY_LABELS.get(category, category)))
    english = CATEGORY_LABELS.get(category, category)
    if english[:1].lower() in "aeiou":
        return t("an {label}", label=label)
    return t("a {label}", label=label)


def _join(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return t("{first} and {last}", first=", ".join(words[:-1]), last=words[-1])


def describe_places(found: Iterable[tuple[str, str]]) -> str:
    """(where, category) pairs as "turn 1: a national ID number; the system prompt: an
    e-mail address" (places in order of first appearance, at most three named)."""
    by_place: dict[str, list[str]] = {}
    for where, category in found:
        labels = by_place.setdefault(where, [])
        if category not in labels:
            labels.append(category)
    items = [
        f"{t(where)}: {_join([short_label(c) for c in cats])}" for where, cats in by_place.items()
    ]
    if len(items) > _MAX_PLACES:
        more = len(items) - _MAX_PLACES
        more_places = (
            t("and {count} more places", count=more)
            if more > 1
            else t("and {count} more place", count=more)
        )
        items = [*items[:_MAX_PLACES], more_places]
    return "; ".join(items)


def describe_payload(scan: PayloadScan) -> str:
    """The user's notice, in :func:`~agentic_desk.core.privacy.scanning.describe`'s
    words. When everything found is in the message being sent, exactly ``describe``'s
    text; otherwise each kind names its places, e.g. "Found 1 kind of sensitive data in
    this conversation: a national ID number (e.g. US SSN) (turn 1, line 1). This message
    stays on this computer." ("" when nothing was found.)"""
    from agentic_desk.core.privacy.scanning import describe

    if not scan.found:
        return ""
    places = {f.where for f in scan.found}
    if places == {NEWEST}:
        newest = next(p.text for p in scan.parts if p.where == NEWEST)
        return describe([f.finding for f in scan.found], newest)
    texts = {p.where: p.text for p in scan.parts}
    by_category: dict[str, list[Located]] = {}
    for located in scan.found:
        by_category.setdefault(located.category, []).append(located)
    parts: list[str] = []
    for items in by_category.values():
        # describe() words a kind ("a payment card number", "2 IBANs") and its lines;
        # here each place's lines are named after the place.
        head = describe([i.finding for i in items], "").split(": ", 1)[1]
        what = head.rsplit(" (", 1)[0]
        where: dict[str, set[int]] = {}
        for i in items:
            text = texts.get(i.where, "")
            where.setdefault(i.where, set()).add(text.count("\n", 0, i.finding.start) + 1)
        phrases = []
        for place, lines in where.items():
            ordered = sorted(lines)
            word = t("line") if len(ordered) == 1 else t("lines")
            phrases.append(f"{t(place)}, {word} {_join([str(n) for n in ordered])}")
        parts.append(f"{what} ({'; '.join(phrases)})")
    kinds = len(by_category)
    noun = t("kind") if kinds == 1 else t("kinds")
    return t(
        "Found {kinds} {noun} of sensitive data in this conversation: {parts}. This message "
        "stays on this computer.",
        kinds=kinds,
        noun=noun,
        parts=_join(parts),
    )
