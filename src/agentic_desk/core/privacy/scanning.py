"""Find sensitive data in a chat message before the message is routed.

If :func:`detect` finds anything, the message is kept on the local model and the user is
told what was found and where (:func:`describe`). Precision matters as much as recall: a
clinician's or a lawyer's drafts are full of numbers that are not sensitive, so every
category needs either a self-validating format (a check digit, a known prefix, a strict
layout) or a cue word next to the value. A :class:`Finding` spans the value only, never
its cue word. Cue words are also recognised inside identifiers (``ONCALL_PHONE=``,
``date_of_birth:``, ``"nhs_number":``), so configs, JSON and logs are covered.

What each category accepts and rejects is documented in its recogniser's module
(:mod:`agentic_desk.core.privacy.recognisers`):

* ``email``, ``phone``: :mod:`~agentic_desk.core.privacy.recognisers.contact`
* ``national_id``: :mod:`~agentic_desk.core.privacy.recognisers.national_ids`
* ``payment_card``, ``iban``: :mod:`~agentic_desk.core.privacy.recognisers.payment`
* ``ip_address``: :mod:`~agentic_desk.core.privacy.recognisers.network`
* ``date_of_birth``: :mod:`~agentic_desk.core.privacy.recognisers.dates_of_birth`
* ``medical_record``, ``icd_code``: :mod:`~agentic_desk.core.privacy.recognisers.medical`
* ``secret``: :mod:`~agentic_desk.core.privacy.recognisers.credentials`
* ``person``, ``organisation``: :mod:`~agentic_desk.core.privacy.recognisers.names` (rules),
  and the optional names model (:mod:`agentic_desk.core.privacy.entities`)
* ``address``: :mod:`~agentic_desk.core.privacy.recognisers.addresses` (and the model)
* ``custom_term``: the user's own terms (:mod:`agentic_desk.core.privacy.terms`)

Check digits are computed in :mod:`agentic_desk.core.privacy.checksums`.

Overlaps are resolved by preferring the more specific category (the order of
``_PRIORITY``), then the longer match. Names, addresses, organisations and the user's terms
share one rank, so the longer of two wins there ("John Smith" over a term "Smith"): a
placeholder must cover the whole of what identifies someone. All patterns are precompiled,
bounded and free of nested quantifiers, so the scan is linear in the text's length (about
10-20 ms for 20 KB).
"""

from __future__ import annotations

import dataclasses
import threading
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agentic_desk.core.i18n import N_, t
from agentic_desk.core.privacy.masking import mask_default
from agentic_desk.core.privacy.recognisers import RECOGNISERS, Recogniser
from agentic_desk.core.privacy.terms import TermList, mask_term

if TYPE_CHECKING:
    from agentic_desk.core.privacy.entities import EntityFinder

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "DetectorOptions",
    "Finding",
    "configure",
    "configured",
    "describe",
    "detect",
]

CATEGORIES: tuple[str, ...] = (
    "email",
    "phone",
    "national_id",
    "payment_card",
    "iban",
    "ip_address",
    "date_of_birth",
    "medical_record",
    "icd_code",
    "secret",
    "person",
    "address",
    "organisation",
    "custom_term",
)

CATEGORY_LABELS: dict[str, str] = {
    "email": N_("e-mail address"),
    "phone": N_("phone number"),
    "national_id": N_("national ID number (e.g. US SSN)"),
    "payment_card": N_("payment card number"),
    "iban": N_("IBAN"),
    "ip_address": N_("IP address"),
    "date_of_birth": N_("date of birth"),
    "medical_record": N_("medical record number"),
    "icd_code": N_("diagnosis code (ICD)"),
    "secret": N_("API key or secret"),
    "person": N_("person's name"),
    "address": N_("postal address"),
    "organisation": N_("organisation's name"),
    "custom_term": N_("term from your list of sensitive terms"),
}

_PLURAL_LABELS: dict[str, str] = {
    "email": N_("e-mail addresses"),
    "phone": N_("phone numbers"),
    "national_id": N_("national ID numbers (e.g. US SSN)"),
    "payment_card": N_("payment card numbers"),
    "iban": N_("IBANs"),
    "ip_address": N_("IP addresses"),
    "date_of_birth": N_("dates of birth"),
    "medical_record": N_("medical record numbers"),
    "icd_code": N_("diagnosis codes (ICD)"),
    "secret": N_("API keys or secrets"),
    "person": N_("people's names"),
    "address": N_("postal addresses"),
    "organisation": N_("organisations' names"),
    "custom_term": N_("terms from your list of sensitive terms"),
}

_AN_LABELS = frozenset({"email", "iban", "ip_address", "secret", "organisation"})

# Most specific first: decides overlaps, and the order of describe()'s summary (the
# most sensitive kinds are named first).
_PRIORITY: tuple[str, ...] = (
    "secret",
    "iban",
    "payment_card",
    "medical_record",
    "national_id",
    "date_of_birth",
    "email",
    "ip_address",
    "icd_code",
    "phone",
    "custom_term",
    "person",
    "address",
    "organisation",
)
# Who someone is: one rank, so the longer of two overlapping findings wins.
_IDENTITY = frozenset({"custom_term", "person", "address", "organisation"})
# Which of two findings on the same span is kept: the user's term, then an organisation (the
# rules report one only with its legal form, which the model may read as a name), then the
# order of _PRIORITY.
_ORDER = {
    category: rank
    for rank, category in enumerate(
        ("custom_term", "organisation", *(c for c in _PRIORITY if c not in _IDENTITY))
    )
}
_RANK = {
    category: (_PRIORITY.index("custom_term") if category in _IDENTITY else rank)
    for rank, category in enumerate(_PRIORITY)
}

_FIRST_PASS = tuple(r for r in RECOGNISERS if not r.runs_last)
_LAST_PASS = tuple(r for r in RECOGNISERS if r.runs_last)
_MASKERS = {r.category: r.mask for r in RECOGNISERS}
_MASKERS["custom_term"] = mask_term
# Stands in for text already found: not a word character, digit or space, so no recogniser
# of the last pass reads it as part of a value.
_BLANK = "\ue000"
_MAX_LINES_LISTED = 5


@dataclass(frozen=True)
class Finding:
    """One piece of sensitive data: its category, where it is (``text[start:end]``) and how
    sure the detector is: 1.0 for what the rules and the user's terms find (a format, a
    check digit, a cue word, a listed term), the names model's probability for what only
    it found (the lowest of the entity's words)."""

    category: str
    start: int
    end: int
    text: str
    confidence: float = 1.0

    def masked(self) -> str:
        """The finding with most of it hidden, safe to show on screen or in a log."""
        return _MASKERS.get(self.category, mask_default)(self.text)


@dataclass(frozen=True)
class DetectorOptions:
    """Which categories :func:`detect` reports (all by default; an unknown name in
    ``enabled`` is a :class:`ValueError`, so a typo cannot switch a check off), the user's
    sensitive terms and the names model. ``terms`` and ``entities`` left ``None`` mean the
    ones the app configured (:func:`configure`); a :class:`TermList` of none, or
    ``entities=False``, means none."""

    enabled: frozenset[str] = frozenset(CATEGORIES)
    terms: TermList | None = None
    entities: EntityFinder | bool | None = None

    def __post_init__(self) -> None:
        unknown = set(self.enabled) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown sensitive-data categories: {sorted(unknown)}")

    def resolved(self) -> tuple[TermList, EntityFinder | None]:
        """The terms and the names model this scan uses."""
        terms = self.terms if self.terms is not None else _configured.terms
        entities: EntityFinder | None
        if self.entities is None or self.entities is True:
            entities = _configured.entities
        elif self.entities is False:
            entities = None
        else:
            entities = self.entities
        return terms, entities

    def cache_key(self) -> tuple[object, ...]:
        """What a cached result depends on besides the text (no term itself, only a
        digest of the list)."""
        terms, entities = self.resolved()
        return (self.enabled, terms.fingerprint, entities.key if entities else None)


class _Configured:
    """The terms and names model of this process, set by the app from its settings."""

    terms: TermList = TermList()
    entities: EntityFinder | None = None


_configure_lock = threading.Lock()


def configure(
    *, terms: TermList | None = None, entities: EntityFinder | bool | None = True
) -> None:
    """Set this process's sensitive terms (``None``: keep them) and names model (``True``:
    keep it, ``None``/``False``: none). Every later :func:`detect` without its own options
    uses them."""
    with _configure_lock:
        if terms is not None:
            _configured.terms = terms
        if entities is not True:
            _configured.entities = entities or None


def configured() -> tuple[TermList, EntityFinder | None]:
    """The terms and names model :func:`detect` uses by default."""
    return _configured.terms, _configured.entities


_configured = _Configured()


def detect(text: str, options: DetectorOptions | None = None) -> list[Finding]:
    """Every piece of sensitive data in ``text``, sorted by start, never overlapping.

    All categories are looked for and overlaps resolved first (so a number recognised as
    an IBAN is not reported as a phone number when IBANs are disabled); then only the
    enabled categories are kept. The user's terms and the names model's findings (when a
    model is configured) join the rules' before overlaps are settled.
    """
    opts = options or DetectorOptions()
    enabled = opts.enabled
    if not text or not enabled:
        return []
    terms, entities = opts.resolved()
    candidates = [f for r in _FIRST_PASS for f in _find(r, text)]
    if terms:
        candidates.extend(Finding("custom_term", s, e, text[s:e]) for s, e in terms.find(text))
    if entities is not None:
        candidates.extend(
            Finding(category, s, e, text[s:e], p) for category, s, e, p in entities.find(text)
        )
    kept = _resolve_overlaps(candidates)
    if _LAST_PASS:
        # With everything found so far blanked out: a number written right after a card
        # number or an IBAN must not be read as part of it.
        blanked = _blank_out(text, kept)
        kept = _resolve_overlaps([*kept, *(f for r in _LAST_PASS for f in _find(r, blanked))])
    return [_with_text(f, text) for f in kept if f.category in enabled]


def _find(recogniser: Recogniser, text: str) -> list[Finding]:
    category = recogniser.category
    return [Finding(category, start, end, text[start:end]) for start, end in recogniser.find(text)]


def _blank_out(text: str, findings: list[Finding]) -> str:
    parts = []
    position = 0
    for f in findings:
        parts.append(text[position : f.start])
        parts.append(_BLANK * (f.end - f.start))
        position = f.end
    parts.append(text[position:])
    return "".join(parts)


def _with_text(finding: Finding, text: str) -> Finding:
    value = text[finding.start : finding.end]
    return finding if value == finding.text else dataclasses.replace(finding, text=value)


def _resolve_overlaps(candidates: list[Finding]) -> list[Finding]:
    """Keep the most specific, then the longest, candidates that do not overlap."""
    ordered = sorted(
        set(candidates),
        # On the same span, the user's term before a name (the order of _PRIORITY).
        key=lambda f: (
            _RANK.get(f.category, len(_RANK)),
            f.start - f.end,
            f.start,
            _ORDER.get(f.category, len(_ORDER)),
        ),
    )
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Finding] = []
    for finding in ordered:
        i = bisect_right(starts, finding.start)
        if i > 0 and ends[i - 1] > finding.start:
            continue
        if i < len(starts) and starts[i] < finding.end:
            continue
        starts.insert(i, finding.start)
        ends.insert(i, finding.end)
        kept.insert(i, finding)
    return kept


def describe(findings: list[Finding], text: str) -> str:
    """A summary for the user: what kinds of data were found, on which lines (1-based).

    Kinds are named most sensitive first, e.g. "Found 2 kinds of sensitive data: a
    payment card number (line 3) and an e-mail address (line 1). This message stays on
    this computer."
    """
    if not findings:
        return t("No sensitive data found.")
    by_category: dict[str, list[Finding]] = {}
    for finding in findings:
        by_category.setdefault(finding.category, []).append(finding)
    order = sorted(by_category, key=lambda c: (_RANK.get(c, len(_RANK)), c))
    parts = []
    for category in order:
        items = by_category[category]
        lines = sorted({text.count("\n", 0, f.start) + 1 for f in items})
        if len(items) == 1:
            label = t(CATEGORY_LABELS.get(category, category))
            if category in _AN_LABELS:
                what = t("an {label}", label=label)
            else:
                what = t("a {label}", label=label)
        else:
            what = t(
                "{count} {labels}",
                count=len(items),
                labels=t(_PLURAL_LABELS.get(category, category)),
            )
        parts.append(f"{what} ({_lines_phrase(lines)})")
    kinds = len(order)
    noun = t("kind") if kinds == 1 else t("kinds")
    return t(
        "Found {kinds} {noun} of sensitive data: {parts}. This message stays on this computer.",
        kinds=kinds,
        noun=noun,
        parts=_join_words(parts),
    )


def _lines_phrase(lines: list[int]) -> str:
    if len(lines) == 1:
        return t("line {line}", line=lines[0])
    words = [str(n) for n in lines]
    if len(words) > _MAX_LINES_LISTED:
        shown = words[:_MAX_LINES_LISTED]
        return t(
            "lines {lines} and {count} more",
            lines=", ".join(shown),
            count=len(words) - len(shown),
        )
    return t("lines {lines}", lines=_join_words(words))


def _join_words(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return t("{first} and {last}", first=", ".join(words[:-1]), last=words[-1])
