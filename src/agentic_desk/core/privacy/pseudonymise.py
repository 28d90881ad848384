"""Pseudonymised sending: every detector finding in a payload replaced by a stable
placeholder of its kind (``[PERSON_1]``, ``[EMAIL_2]``, ``[NHS_NUMBER_1]``), and the
placeholders in a streaming reply replaced by the real values again, on this computer.

* :class:`PseudonymMap`: the conversation's mapping, placeholder <-> real value. The same
  value (also written differently: ``John.Smith@Example.com`` and ``john.smith@example.com``,
  ``943 476 5919`` and ``9434765919``) always gets the same placeholder, across every turn
  of the conversation. It is kept locally with the conversation (see
  :mod:`agentic_desk.core.conversations.pseudonyms`) and never sent.
* :func:`pseudonymise_messages`: the whole payload (system prompt, history, the new
  message) with every finding replaced, and whether the result is *clean*: the detector
  finds nothing in it any more, no real value of the mapping is left in it, and every
  finding was classified with confidence. Only a clean payload may leave (see
  :func:`agentic_desk.core.routing.router.route`).
* :class:`Restorer`: the reply's text, chunk by chunk, with placeholders replaced by the
  real values. It tolerates case and spacing changes (``[person_1]``, ``[ PERSON_1 ]``,
  ``PERSON_1``, ``PERSON\\_1``), Markdown around a placeholder (``**[PERSON_1]**``) and a
  placeholder split across chunks: it holds back only the end of a chunk that could still
  be the start of a placeholder, never anything else. A placeholder that is not in the
  mapping (one the model invented, ``[PERSON_9]``, or mangled, ``[PERSN_1]``) is never
  guessed: it is shown marked, ``⟦PERSON_9⟧``.

Pure Python, no Qt; nothing here writes to disk or the network.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from agentic_desk.core.engine.protocol import ChatMessage
from agentic_desk.core.privacy.checksums import nhs_mod11_ok

if TYPE_CHECKING:
    from agentic_desk.core.privacy.scanning import Finding

__all__ = [
    "MARK_CLOSE",
    "MARK_OPEN",
    "MIN_CONFIDENCE",
    "Pseudonym",
    "PseudonymMap",
    "Pseudonymised",
    "Restorer",
    "kind_of",
    "placeholder_spans",
    "pseudonymise_messages",
    "pseudonymise_text",
    "real_values_in",
    "restore_text",
    "unknown_note",
]

# An unknown placeholder is shown between these (never guessed).
MARK_OPEN = "\u27e6"
MARK_CLOSE = "\u27e7"
# A finding whose recogniser reports a confidence (``confidence`` or ``score``) below this
# is not classified with confidence: the request stays local.
MIN_CONFIDENCE = 0.7

# The placeholder kind for each detector category; a category not listed (a recogniser
# added later) is named after itself (``organisation`` -> ``ORGANISATION``).
_KINDS: dict[str, str] = {
    "email": "EMAIL",
    "phone": "PHONE",
    "national_id": "NATIONAL_ID",
    "payment_card": "CARD_NUMBER",
    "iban": "IBAN",
    "ip_address": "IP_ADDRESS",
    "date_of_birth": "DATE",
    "medical_record": "MEDICAL_RECORD",
    "icd_code": "DIAGNOSIS_CODE",
    "secret": "SECRET",
    "person": "PERSON",
    "name": "PERSON",
    "address": "ADDRESS",
    "location": "ADDRESS",
    "organisation": "ORGANISATION",
    "organization": "ORGANISATION",
    "date": "DATE",
}
KNOWN_KINDS: frozenset[str] = frozenset({*_KINDS.values(), "NHS_NUMBER", "TERM"})
# Values compared without their separators (``943 476 5919`` is ``9434765919``).
_COMPACT = frozenset(
    {"phone", "national_id", "payment_card", "iban", "medical_record", "ip_address"}
)
_NOT_KIND = re.compile(r"[^A-Z0-9]+")
_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")


def kind_of(category: str, value: str = "") -> str:
    """The placeholder kind of a finding: ``PERSON``, ``EMAIL``, ``NHS_NUMBER``..."""
    if category == "medical_record":
        digits = "".join(ch for ch in value if ch.isdigit())
        if len(digits) == 10 and nhs_mod11_ok(digits):
            return "NHS_NUMBER"
    kind = _KINDS.get(category)
    if kind is None:
        kind = _NOT_KIND.sub("_", category.upper()).strip("_") or "DETAIL"
    return kind


def _normalised(category: str, value: str) -> str:
    """What two spellings of the same value share."""
    if category in _COMPACT or category in ("date_of_birth", "date"):
        return _NOT_ALNUM.sub("", value).upper()
    return _SPACES.sub(" ", value).strip().strip(".,;:").casefold()


@dataclass(frozen=True)
class Pseudonym:
    """One real value and the placeholder that stands for it (``name``: ``PERSON_1``)."""

    name: str
    kind: str
    category: str
    value: str

    @property
    def placeholder(self) -> str:
        return f"[{self.name}]"


class PseudonymMap:
    """A conversation's placeholders and the real values they stand for (see the module
    docs). Kept on this computer only; :meth:`to_json` / :meth:`from_json` for the
    conversation store."""

    VERSION = 1

    def __init__(self, entries: Iterable[Pseudonym] = ()) -> None:
        self._by_key: dict[str, Pseudonym] = {}
        self._by_name: dict[str, Pseudonym] = {}
        self._counts: dict[str, int] = {}
        self._values: tuple[re.Pattern[str] | None, dict[str, Pseudonym]] | None = None
        for entry in entries:
            self._add(entry)

    def values_pattern(self) -> tuple[re.Pattern[str] | None, dict[str, Pseudonym]]:
        """One pattern for every real value (as a whole word, any case, any white space
        between its words; longest first) and the entries by :func:`_folded` value."""
        if self._values is None:
            entries = sorted(
                (e for e in self._by_name.values() if e.value.strip()), key=lambda e: -len(e.value)
            )
            lookup: dict[str, Pseudonym] = {}
            for entry in entries:
                lookup.setdefault(_folded(entry.value), entry)
            pattern = None
            if entries:
                words = [r"\s+".join(re.escape(w) for w in e.value.split()) for e in entries]
                pattern = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)
            self._values = (pattern, lookup)
        return self._values

    def _add(self, entry: Pseudonym) -> None:
        self._values = None
        self._by_key[f"{entry.kind}:{_normalised(entry.category, entry.value)}"] = entry
        self._by_name[entry.name] = entry
        number = int(entry.name.rsplit("_", 1)[1])
        self._counts[entry.kind] = max(self._counts.get(entry.kind, 0), number)

    def __len__(self) -> int:
        return len(self._by_name)

    def __iter__(self) -> Any:
        return iter(list(self._by_name.values()))

    def copy(self) -> PseudonymMap:
        return PseudonymMap(self._by_name.values())

    def placeholder_for(self, category: str, value: str) -> str:
        """The placeholder for ``value`` (a new one the first time it is met)."""
        kind = kind_of(category, value)
        key = f"{kind}:{_normalised(category, value)}"
        entry = self._by_key.get(key)
        if entry is None:
            number = self._counts.get(kind, 0) + 1
            entry = Pseudonym(f"{kind}_{number}", kind, category, value)
            self._add(entry)
        return entry.placeholder

    def get(self, name: str) -> Pseudonym | None:
        """The entry for ``PERSON_1`` (no brackets), if there is one."""
        return self._by_name.get(name)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self._counts)

    def to_json(self) -> str:
        entries = [
            {"name": e.name, "kind": e.kind, "category": e.category, "value": e.value}
            for e in self._by_name.values()
        ]
        return json.dumps({"version": self.VERSION, "entries": entries}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> PseudonymMap:
        """The map :meth:`to_json` wrote; :class:`ValueError` if ``text`` is not one."""
        data = json.loads(text) if text else {"version": cls.VERSION, "entries": []}
        if not isinstance(data, dict) or data.get("version") != cls.VERSION:
            raise ValueError("not a pseudonym map this version understands")
        entries = []
        for item in ensure(data.get("entries"), list, "entries"):
            row = ensure(item, dict, "entry")
            name = ensure(row.get("name"), str, "name")
            if not _NAME.fullmatch(name):
                raise ValueError(f"not a placeholder name: {name!r}")
            entries.append(
                Pseudonym(
                    name,
                    ensure(row.get("kind"), str, "kind"),
                    ensure(row.get("category"), str, "category"),
                    ensure(row.get("value"), str, "value"),
                )
            )
        return cls(entries)


_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_[0-9]+")


def ensure(value: object, kind: type[Any], what: str) -> Any:
    if not isinstance(value, kind):
        raise ValueError(f"{what}: expected {kind.__name__}")
    return value


# ---- pseudonymising ---------------------------------------------------------------------


def _confident(finding: Finding) -> bool:
    for attribute in ("confidence", "score"):
        value = getattr(finding, attribute, None)
        if isinstance(value, int | float):
            return float(value) >= MIN_CONFIDENCE
    return True


def _folded(value: str) -> str:
    return _SPACES.sub(" ", value).strip().casefold()


def pseudonymise_text(
    text: str, findings: Sequence[Finding], mapping: PseudonymMap
) -> tuple[str, int]:
    """``text`` with every finding replaced by its placeholder (new ones are added to
    ``mapping``), then every other occurrence of a value already in ``mapping`` too (a
    name the detector found in one turn, written again in another). Returns the text and
    how many findings were not classified with confidence."""
    pieces: list[tuple[bool, str]] = []  # (is a placeholder, text)
    uncertain = 0
    position = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < position:
            continue  # never overlapping; defensive
        if not _confident(finding):
            uncertain += 1
        pieces.append((False, text[position : finding.start]))
        pieces.append((True, mapping.placeholder_for(finding.category, finding.text)))
        position = finding.end
    pieces.append((False, text[position:]))
    # Values already in the map, wherever else they appear (longest first).
    pattern, lookup = mapping.values_pattern()
    if pattern is None:
        return "".join(piece for _, piece in pieces), uncertain

    def known(m: re.Match[str]) -> str:
        entry = lookup.get(_folded(m.group(0)))
        return entry.placeholder if entry is not None else m.group(0)

    out = [
        piece if is_placeholder else pattern.sub(known, piece) for is_placeholder, piece in pieces
    ]
    return "".join(out), uncertain


def real_values_in(texts: Iterable[str], mapping: PseudonymMap) -> list[Pseudonym]:
    """The entries of ``mapping`` whose real value is in any of ``texts`` (as a whole
    word, in any case): the boundary's last check before a pseudonymised request leaves."""
    pattern, lookup = mapping.values_pattern()
    if pattern is None:
        return []
    found: dict[str, Pseudonym] = {}
    for text in texts:
        for m in pattern.finditer(text):
            entry = lookup.get(_folded(m.group(0)))
            if entry is not None:
                found.setdefault(entry.name, entry)
    return list(found.values())


@dataclass(frozen=True)
class Pseudonymised:
    """A payload with its findings replaced. ``clean``: it may leave (nothing the detector
    finds, no real value of ``mapping``, every finding classified with confidence);
    ``leftover``: the categories still found after replacing; ``uncertain``: findings not
    classified with confidence."""

    messages: tuple[ChatMessage, ...]
    mapping: PseudonymMap
    used: tuple[str, ...]  # the placeholders the payload holds, in order of first use
    leftover: tuple[str, ...] = ()
    uncertain: int = 0
    stop: tuple[str, ...] = field(default_factory=tuple)

    @property
    def clean(self) -> bool:
        return not self.leftover and self.uncertain == 0


def pseudonymise_messages(
    messages: Sequence[ChatMessage],
    mapping: PseudonymMap,
    *,
    stop: Sequence[str] = (),
) -> Pseudonymised:
    """Every message of the payload (and the stop sequences) with its findings replaced
    (``mapping`` is extended), and whether the result is clean (see
    :class:`Pseudonymised`). The detector runs with every category, whatever the
    detector setting: pseudonymising needs it."""
    from agentic_desk.core.privacy.payload import detect_cached

    out: list[ChatMessage] = []
    uncertain = 0
    texts: list[str] = []
    for message in messages:
        text, unsure = pseudonymise_text(message.content, detect_cached(message.content), mapping)
        uncertain += unsure
        out.append(ChatMessage(message.role, text))
        texts.append(text)
    # A second pass: a value met for the first time in a later message is replaced in
    # the earlier ones too (the map only grows, so this settles at once).
    final = [ChatMessage(m.role, pseudonymise_text(m.content, (), mapping)[0]) for m in out]
    texts = [m.content for m in final]
    # What is still found once replaced. The placeholders are read as the plain word "it":
    # a names model would otherwise take "[EMAIL_1], please" for an address, while a
    # real name next to one ("[PERSON_1] Smith") is still seen.
    leftover = {f.category for text in texts for f in detect_cached(placeholders_as_words(text))}
    stops = tuple(stop)
    leftover |= {f.category for s in stops for f in detect_cached(s)}
    if real_values_in([*texts, *stops], mapping):
        leftover.add("pseudonymised value")
    used: list[str] = []
    for text in texts:
        for m in _PLAIN_PLACEHOLDER.finditer(text):
            if mapping.get(m.group(1)) is not None and m.group(0) not in used:
                used.append(m.group(0))
    return Pseudonymised(
        tuple(final), mapping, tuple(used), tuple(sorted(leftover)), uncertain, stops
    )


_PLAIN_PLACEHOLDER = re.compile(r"\[([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_[0-9]+)\]")


def placeholders_as_words(text: str) -> str:
    """``text`` with each placeholder read as the plain word "it", for scanning a
    pseudonymised payload: a names model would take "[EMAIL_1], please" for an address,
    while a real value beside one ("[PERSON_1] Smith") is still seen."""
    return _PLAIN_PLACEHOLDER.sub("it", text)


def placeholder_spans(text: str, mapping: PseudonymMap) -> list[tuple[int, int]]:
    """Where ``text`` (a pseudonymised payload) holds placeholders of ``mapping``: for
    highlighting them in the preview."""
    return [
        (m.start(), m.end())
        for m in _PLAIN_PLACEHOLDER.finditer(text)
        if mapping.get(m.group(1)) is not None
    ]


# ---- restoring --------------------------------------------------------------------------

_SEP = r"(?:\\?_|[ \-])"
# A placeholder as a model may write it back: in brackets (any case, spaces inside,
# escaped for Markdown: ``\[PERSON\_1\]``), or bare in capitals (``PERSON_1``).
_PLACEHOLDER = re.compile(
    r"(?P<open>\\?\[)[ \t]*(?P<kind>[A-Za-z]+(?:" + _SEP + r"[A-Za-z]+)*)" + _SEP + r"?"
    r"(?P<num>[0-9]{1,5})[ \t]*\\?\]"
    r"|(?<![A-Za-z0-9\[\\])(?P<bkind>[A-Z]+(?:\\?_[A-Z]+)*)\\?_(?P<bnum>[0-9]{1,5})"
    r"(?![A-Za-z0-9])"
)
# What could still become a placeholder (checked on the end of the text that arrived).
_PARTIAL = re.compile(
    r"\\?(?:\[[ \t]*)?(?:[A-Za-z](?:[A-Za-z]|\\?_|\\|[ \-])*(?:[0-9]+[ \t]*\\?)?)?"
)
_MAX_PENDING = 64  # longer than any placeholder a model writes back


_KIND_SEPARATORS = re.compile(r"(?:\\?_|[ \-\\])+")
_SPACE_OR_DASH = re.compile(r"[ \-]")


def _kind_key(raw: str) -> str:
    return _KIND_SEPARATORS.sub("_", raw).strip("_").upper()


@dataclass
class RestoreStats:
    restored: int = 0
    unknown: list[str] = field(default_factory=list)  # placeholder names shown marked


def restore_text(text: str, mapping: PseudonymMap, stats: RestoreStats | None = None) -> str:
    """``text`` (complete) with every placeholder of ``mapping`` replaced by its real
    value and every unknown one marked (see the module docs)."""
    kinds = KNOWN_KINDS | mapping.kinds

    def replace(m: re.Match[str]) -> str:
        if m.group("open") is not None:
            raw_kind, number = m.group("kind"), m.group("num")
        else:
            raw_kind, number = m.group("bkind"), m.group("bnum")
        kind = _kind_key(raw_kind)
        name = f"{kind}_{int(number)}"
        entry = mapping.get(name)
        if entry is not None:
            if stats is not None:
                stats.restored += 1
            return entry.value
        if kind in kinds or (m.group("open") is not None and _looks_made_up(raw_kind)):
            if stats is not None and name not in stats.unknown:
                stats.unknown.append(name)
            return f"{MARK_OPEN}{name}{MARK_CLOSE}"
        return m.group(0)  # "[Step 1]", "MAX_SIZE_2": not a placeholder

    return _PLACEHOLDER.sub(replace, text)


def unknown_note(summary: dict[str, object]) -> str:
    """What to tell the user about a pseudonymised reply (``ReplyInfo.pseudonymised``)."""
    from agentic_desk.core.i18n import t

    unknown = summary.get("unknown") or []
    restored = summary.get("restored", 0)
    placeholders = summary.get("placeholders", 0)
    text = t(
        "Sent with personal details replaced ({placeholders} placeholders); "
        "{restored} restored in the reply.",
        placeholders=placeholders,
        restored=restored,
    )
    if isinstance(unknown, list) and unknown:
        names = ", ".join(f"{MARK_OPEN}{name}{MARK_CLOSE}" for name in unknown)
        text += " " + t(
            "Not in this conversation, so shown marked and not guessed: {names}.", names=names
        )
    return text


def _looks_made_up(raw_kind: str) -> bool:
    """``[PERSN_1]``: capitals joined by underscores, like a placeholder (not "[Step 1]")."""
    return raw_kind.isupper() and len(raw_kind) >= 3


class Restorer:
    """Restores placeholders in a reply as it streams (see the module docs).

    ``feed`` returns the text that can be shown now; ``flush`` the rest at the end.
    ``stats`` counts what was restored and lists the unknown placeholders shown marked.
    """

    def __init__(self, mapping: PseudonymMap) -> None:
        self.mapping = mapping
        self.stats = RestoreStats()
        self._pending = ""
        self._kinds = KNOWN_KINDS | mapping.kinds

    def feed(self, chunk: str) -> str:
        text = self._pending + chunk
        cut = self._hold_from(text)
        self._pending = text[cut:]
        return restore_text(text[:cut], self.mapping, self.stats)

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return restore_text(text, self.mapping, self.stats)

    def _hold_from(self, text: str) -> int:
        """Where the end of ``text`` that could still become a placeholder starts
        (``len(text)``: nothing to hold back)."""
        start = max(0, len(text) - _MAX_PENDING)
        for i in range(start, len(text)):
            ch = text[i]
            if ch in "\\[":
                pass
            elif ch.isascii() and ch.isalpha():
                before = text[i - 1] if i > 0 else ""
                if before.isalnum() or before == "\\":
                    continue
            else:
                continue
            if self._could_start(text[i:]):
                return i
        return len(text)

    def _could_start(self, tail: str) -> bool:
        if _PARTIAL.fullmatch(tail) is None:
            return False
        bracketed = "[" in tail
        if not bracketed and tail.startswith("\\"):
            return tail == "\\"  # a lone backslash may be "\[" to come
        body = tail.lstrip("\\").lstrip("[").lstrip(" \t")
        letters = body.rstrip("0123456789 \t\\")
        has_number = len(letters) < len(body.rstrip(" \t\\"))
        if not bracketed:
            if not letters or not letters[0].isupper() or _SPACE_OR_DASH.search(body):
                return False
            if any(ch.isalpha() and not ch.isupper() for ch in letters):
                return False
        if not letters:
            return bracketed  # "[" or "\[" so far
        kind = _kind_key(letters)
        if has_number:
            if kind in self._kinds:
                return True
            return bracketed and _looks_made_up(letters)
        if any(known.startswith(kind) for known in self._kinds):
            return True
        return bracketed and letters.replace("_", "").replace("\\", "").isupper()
