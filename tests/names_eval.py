"""The labelled set for names, addresses, organisations and free-text dates of birth
(``tests/data/names_eval.txt``, written by hand apart from the recognisers and the names
model's training lists), and how findings are scored against it.

Matching: a finding is a true positive when it has the labelled span's category and overlaps
at least half of it; a finding that matches no labelled span is a false positive of its own
category; a labelled span no finding matches is a false negative. Only the categories of
:data:`CATEGORIES` are scored (a phone number found in the set is neither).

Groups: a comment line ``#! group: NAME`` puts the documents after it (up to the next
``# ----`` section) in a group; the ``chat`` group holds ordinary chat turns ("Done.",
"Rewrite it shorter.", "# Summary"), where any finding is a false positive and
:func:`group_findings` lists the people and organisations found there (issue 18).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "names_eval.txt"
CATEGORIES = ("person", "address", "organisation", "date_of_birth")
MIN_OVERLAP = 0.5
CHAT = "chat"
_GROUP = re.compile(r"#!\s*group:\s*(?P<name>\w+)")
_LABEL = re.compile(r"\[\[(?P<cat>[a-z_]+):(?P<value>.*?)\]\]", re.DOTALL)


@dataclass(frozen=True)
class Doc:
    text: str
    spans: tuple[tuple[str, int, int], ...]  # (category, start, end)
    group: str = ""


def load(path: Path = DATA) -> list[Doc]:
    docs: list[Doc] = []
    group = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if directive := _GROUP.match(line):
            group = directive.group("name")
        elif line.startswith("# ----"):
            group = ""
        if not line.strip() or line.startswith("#"):
            continue
        raw = line.replace("\\n", "\n")
        text = ""
        spans: list[tuple[str, int, int]] = []
        position = 0
        for m in _LABEL.finditer(raw):
            text += raw[position : m.start()]
            start = len(text)
            text += m.group("value")
            spans.append((m.group("cat"), start, len(text)))
            position = m.end()
        text += raw[position:]
        docs.append(Doc(text, tuple(spans), group))
    return docs


@dataclass
class Score:
    labels: int = 0
    found: int = 0
    findings: int = 0
    true_findings: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.labels if self.labels else 1.0

    @property
    def precision(self) -> float:
        return self.true_findings / self.findings if self.findings else 1.0


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score(
    docs: Iterable[Doc], find: Callable[[str], Iterable[tuple[str, int, int]]]
) -> dict[str, Score]:
    """Per category, how ``find`` (text -> (category, start, end)) does on ``docs``."""
    scores = {c: Score() for c in CATEGORIES}
    for doc in docs:
        found = [f for f in find(doc.text) if f[0] in scores]
        matched: set[int] = set()
        for category, start, end in doc.spans:
            scores[category].labels += 1
            hit = False
            for i, (fc, fs, fe) in enumerate(found):
                if fc == category and _overlap((start, end), (fs, fe)) >= MIN_OVERLAP * (
                    end - start
                ):
                    matched.add(i)
                    hit = True
            if hit:
                scores[category].found += 1
            else:
                scores[category].misses.append(f"{doc.text[start:end]!r} in {doc.text!r}")
        for i, (fc, fs, fe) in enumerate(found):
            scores[fc].findings += 1
            if i in matched:
                scores[fc].true_findings += 1
            else:
                scores[fc].false_positives.append(f"{doc.text[fs:fe]!r} in {doc.text!r}")
    return scores


def group_findings(
    docs: Iterable[Doc],
    find: Callable[[str], Iterable[tuple[str, int, int]]],
    group: str = CHAT,
    categories: tuple[str, ...] = ("person", "organisation"),
) -> list[str]:
    """Each finding of ``categories`` in the documents of ``group`` (all false positives
    there: the chat group has no labels), as "'Done' (person) in 'Done.'"."""
    out: list[str] = []
    for doc in docs:
        if doc.group != group:
            continue
        out += [
            f"{doc.text[s:e]!r} ({c}) in {doc.text!r}"
            for c, s, e in find(doc.text)
            if c in categories
        ]
    return out


def table(title: str, scores: dict[str, Score]) -> str:
    lines = [
        title,
        f"{'category':<14} {'labels':>6} {'recall':>7} {'findings':>8} {'precision':>9}",
    ]
    for category, s in scores.items():
        lines.append(
            f"{category:<14} {s.labels:>6} {s.recall:>7.3f} {s.findings:>8} {s.precision:>9.3f}"
        )
    return "\n".join(lines)
