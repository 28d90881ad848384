"""The user's own always-sensitive terms (client names, a project's code name), found as
``custom_term``.

A term matches case-insensitively (Unicode case folding: "MÜLLER", "müller" and "Müller"
are one term) on word boundaries in any script: "Falcon" is found in "Project Falcon's
budget" but not in "Falconry"; white space inside a term matches any run of white space
("Project  Falcon", a line break between the words). Longer terms win where two overlap
("Acme Holdings" before "Acme").

The terms are as sensitive as what they name: they are never logged, never part of an
error message, and a :class:`TermList`'s ``repr`` shows only how many there are.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator

from agentic_desk.core.privacy.masking import BULLET
from agentic_desk.core.privacy.recognisers.text import Span

__all__ = ["MAX_TERMS", "MAX_TERM_LENGTH", "TermList", "clean_terms", "mask_term"]

MAX_TERMS = 500
MAX_TERM_LENGTH = 100
_SPACE_RUN = re.compile(r"\s+")


def clean_terms(terms: Iterable[str]) -> tuple[str, ...]:
    """The terms with surrounding and doubled white space removed, empty ones and
    case-insensitive duplicates left out, in the order given."""
    seen: set[str] = set()
    out: list[str] = []
    for term in terms:
        cleaned = _SPACE_RUN.sub(" ", term).strip()
        key = cleaned.casefold()
        if cleaned and key not in seen:
            seen.add(key)
            out.append(cleaned)
    return tuple(out)


class TermList:
    """A compiled list of terms; :meth:`find` gives their spans in a text."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self.terms = clean_terms(terms)
        # A digest of the terms (never the terms) tells two lists apart in caches.
        self.fingerprint = hashlib.blake2b(
            "\x00".join(sorted(t.casefold() for t in self.terms)).encode("utf-8", "surrogatepass"),
            digest_size=12,
        ).hexdigest()
        self._pattern: re.Pattern[str] | None = None
        if self.terms:
            # Longest first, so that "Acme Holdings" wins over "Acme" at the same place.
            ordered = sorted(self.terms, key=len, reverse=True)
            alternatives = "|".join(
                r"\s+".join(re.escape(word) for word in term.split(" ")) for term in ordered
            )
            # \w is Unicode-aware for str patterns: the boundaries hold in any script.
            self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __repr__(self) -> str:  # never the terms themselves
        return f"TermList({len(self.terms)} terms)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TermList) and other.fingerprint == self.fingerprint

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def find(self, text: str) -> Iterator[Span]:
        """Where the terms are in ``text``."""
        if self._pattern is None or not text:
            return
        for m in self._pattern.finditer(text):
            yield m.start(), m.end()


def mask_term(text: str) -> str:
    """Only the first letter."""
    return "".join(ch if i == 0 or not ch.isalnum() else BULLET for i, ch in enumerate(text))
