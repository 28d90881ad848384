"""Passages from a conversation's libraries for one question, for the prompt and citations.

:class:`Retriever` searches the libraries a conversation uses (hybrid search, see
:mod:`.store`) for the user's question and keeps the best passages that fit in the
character budget it is given (the chat turn gives it a share of the model's context, see
:func:`passage_budget_chars`). :meth:`Retrieval.prompt_text` is the message the model
reads — each passage numbered with its source marker (file, page or heading) — and
:meth:`Retrieval.citations` what the reply records in its meta (file, page, heading,
quoted text, chunk id), so a front end can show and open each source.

A library with sensitive-data findings makes the conversation private
(:meth:`Retrieval.findings`; the chat turn raises the conversation), and the passages are
part of the request, so the routing payload scan reads them like any message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from agentic_desk.core.library.embedding import Embedder
from agentic_desk.core.library.store import Hit, LibraryStore

PASSAGES = 5
CONTEXT_SHARE = 0.3  # at most this share of the model's context goes to passages
CHARS_PER_TOKEN = 4
MAX_PASSAGE_CHARS = 8000

PROMPT_HEADER = (
    "Passages from the user's documents that may answer the next question. Answer from "
    "them when they do, cite them by number like [1], and say so when they do not hold "
    "the answer."
)


def passage_budget_chars(
    context_tokens: int | None, prompt_tokens: int = 0, reply_tokens: int = 0
) -> int:
    """Characters of passages that fit: :data:`CONTEXT_SHARE` of the context left after
    the conversation so far (``prompt_tokens``) and the room kept for the reply
    (``reply_tokens``), at most :data:`MAX_PASSAGE_CHARS`."""
    if not context_tokens:
        return MAX_PASSAGE_CHARS
    left = max(0, context_tokens - prompt_tokens - reply_tokens)
    return max(0, min(MAX_PASSAGE_CHARS, int(left * CONTEXT_SHARE) * CHARS_PER_TOKEN))


@dataclass(frozen=True)
class Retrieval:
    passages: tuple[Hit, ...]
    findings: dict[str, dict[str, int]] = field(default_factory=dict)  # file: {kind: n}
    budget_chars: int = 0

    def prompt_text(self) -> str:
        """The passages as the model reads them, each with its source marker."""
        if not self.passages:
            return ""
        parts = [PROMPT_HEADER]
        for number, hit in enumerate(self.passages, start=1):
            parts.append(f"[{number}] {source_marker(hit)}\n{hit.text.strip()}")
        return "\n\n".join(parts)

    def citations(self) -> list[dict[str, Any]]:
        """One entry per passage given to the model, numbered as in the prompt."""
        return [
            {
                "n": number,
                "file": hit.file,
                "path": hit.path,
                "page": hit.page,
                "heading": hit.heading,
                "text": hit.text,
                "chunk_id": hit.chunk_id,
                "library": hit.library,
                "start": hit.start,
                "end": hit.end,
            }
            for number, hit in enumerate(self.passages, start=1)
        ]

    @property
    def characters(self) -> int:
        return len(self.prompt_text())


def source_marker(hit: Hit) -> str:
    """``report.pdf, page 3`` or ``notes.md, Medication > Dosage``."""
    where = [hit.file]
    if hit.page is not None:
        where.append(f"page {hit.page}")
    if hit.heading:
        where.append(hit.heading)
    return ", ".join(where)


class Retriever:
    """Searches libraries for a question (see the module docs)."""

    def __init__(self, store: LibraryStore, embedder: Embedder | None) -> None:
        self.store = store
        self.embedder = embedder

    def retrieve(
        self,
        library_ids: Sequence[str],
        question: str,
        *,
        budget_chars: int = MAX_PASSAGE_CHARS,
        limit: int = PASSAGES,
    ) -> Retrieval:
        ids = list(library_ids)
        findings = self.store.findings(ids)
        if not ids or not question.strip():
            return Retrieval((), findings, budget_chars)
        vector = None
        if self.embedder is not None:
            vector = self.embedder.embed([question])[0]
        hits = self.store.search(ids, question, query_vector=vector, limit=limit)
        kept: list[Hit] = []
        used = len(PROMPT_HEADER)
        for hit in hits:
            cost = len(hit.text) + len(source_marker(hit)) + 8
            if used + cost > budget_chars:
                continue
            kept.append(hit)
            used += cost
        return Retrieval(tuple(kept), findings, budget_chars)


__all__ = [
    "CONTEXT_SHARE",
    "PASSAGES",
    "PROMPT_HEADER",
    "Retrieval",
    "Retriever",
    "passage_budget_chars",
    "source_marker",
]
