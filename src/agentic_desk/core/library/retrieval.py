"""Passages from a conversation's libraries for one question, for the prompt and citations.

:class:`Retriever` searches the libraries a conversation uses (hybrid search, see
:mod:`.store`) for the user's question and keeps the best passages that fit in the
token budget it is given (the chat turn gives it a share of the model's context, see
:func:`passage_budget_tokens`, counted with the local model's own tokenizer when
there is one). :meth:`Retrieval.prompt_text` is the message the model
reads — each passage numbered with its source marker (file, page or heading) — and
:meth:`Retrieval.citations` what the reply records in its meta (file, page, heading,
quoted text, chunk id), so a front end can show and open each source.

A library with sensitive-data findings makes the conversation private
(:meth:`Retrieval.findings`; the chat turn raises the conversation), and the passages are
part of the request, so the routing payload scan reads them like any message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agentic_desk.core.engine.protocol import ChatMessage
from agentic_desk.core.library.embedding import Embedder
from agentic_desk.core.library.store import Hit, LibraryStore

PASSAGES = 5
CONTEXT_SHARE = 0.5  # at most this share of the context left goes to passages
CHARS_PER_TOKEN = 3  # the estimate without a tokenizer (English is about 4 with most)
MAX_PASSAGE_TOKENS = 2000

PROMPT_HEADER = (
    "Passages from the user's documents. Answer from them, cite them like [1], and say "
    "so if they do not hold the answer."
)

TokenCounter = Callable[[str], int]


def estimate_tokens(text: str) -> int:
    """Tokens in ``text`` without a tokenizer (on the safe side)."""
    return len(text) // CHARS_PER_TOKEN + 1


def tokenizer_counter(model_folder: str | Path | None) -> TokenCounter:
    """Exact token counts with the local model's ``tokenizer.json`` (an estimate when
    there is none, e.g. for a cloud model)."""
    if model_folder is None:
        return estimate_tokens
    path = Path(model_folder) / "tokenizer.json"
    return _cached_counter(str(path)) if path.is_file() else estimate_tokens


@functools.lru_cache(maxsize=4)
def _cached_counter(path: str) -> TokenCounter:
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(path)
    except Exception:  # a tokenizer this library cannot read: estimate
        return estimate_tokens
    return lambda text: len(tokenizer.encode(text, add_special_tokens=False).ids)


def passage_budget_tokens(
    context_tokens: int | None, prompt_tokens: int = 0, reply_tokens: int = 0
) -> int:
    """Tokens of passages that fit: :data:`CONTEXT_SHARE` of the context left after
    the conversation so far (``prompt_tokens``) and the room kept for the reply
    (``reply_tokens``), at most :data:`MAX_PASSAGE_TOKENS`."""
    if not context_tokens:
        return MAX_PASSAGE_TOKENS
    left = max(0, context_tokens - prompt_tokens - reply_tokens)
    return max(0, min(MAX_PASSAGE_TOKENS, int(left * CONTEXT_SHARE)))


@dataclass(frozen=True)
class Retrieval:
    passages: tuple[Hit, ...]
    findings: dict[str, dict[str, int]] = field(default_factory=dict)  # file: {kind: n}
    budget_tokens: int = 0
    tokens: int = 0  # what prompt_text() takes

    def prompt_text(self) -> str:
        """The passages as the model reads them, each with its source marker."""
        if not self.passages:
            return ""
        return render(self.passages)

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


def render(passages: Sequence[Hit]) -> str:
    parts = [PROMPT_HEADER]
    for number, hit in enumerate(passages, start=1):
        parts.append(f"[{number}] {source_marker(hit)}\n{hit.text.strip()}")
    return "\n\n".join(parts)


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
        budget_tokens: int = MAX_PASSAGE_TOKENS,
        count_tokens: TokenCounter = estimate_tokens,
        limit: int = PASSAGES,
    ) -> Retrieval:
        """The best passages for ``question`` whose text, as the model reads it
        (:meth:`Retrieval.prompt_text`), takes at most ``budget_tokens`` by
        ``count_tokens``. A passage that does not fit is left out; a shorter one after it
        may still go in."""
        ids = list(library_ids)
        findings = self.store.findings(ids)
        if not ids or not question.strip():
            return Retrieval((), findings, budget_tokens)
        vector = None  # the question's vector, when the libraries' come from the same model
        if self.embedder is not None and self.store.vectors_match(ids, self.embedder.model_id):
            vector = self.embedder.embed([question])[0]
        # more candidates than needed: a passage too long for the budget leaves room
        hits = self.store.search(ids, question, query_vector=vector, limit=limit * 4)
        kept: list[Hit] = []
        used = 0
        for hit in hits:
            if len(kept) == limit:
                break
            cost = count_tokens(render([*kept, hit]))
            if cost > budget_tokens:
                continue
            kept.append(hit)
            used = cost
        return Retrieval(tuple(kept), findings, budget_tokens, used)


def retrieve_for_prompt(
    retriever: Retriever,
    library_ids: Sequence[str],
    question: str,
    *,
    engine: Any,
    texts: Sequence[str],
    reply_tokens: int,
) -> Retrieval:
    """The passages for ``question`` that fit beside ``texts`` (the conversation so far,
    its system prompt) and the reply's room in the model ``engine`` has loaded, counted
    with its tokenizer (:func:`passage_budget_tokens`). What the chat turn (the CLI's
    ``chat --library``, the window) and the API server's library requests both do."""
    loaded = getattr(engine, "loaded", None)
    context_tokens = getattr(loaded, "context_length", None)
    count = tokenizer_counter(getattr(loaded, "model_path", None))
    used = sum(count(text) + 8 for text in texts if text)  # 8: the template's marks
    budget = passage_budget_tokens(context_tokens, used, reply_tokens)
    return retriever.retrieve(library_ids, question, budget_tokens=budget, count_tokens=count)


def with_passages(messages: Sequence[ChatMessage], retrieval: Retrieval) -> list[ChatMessage]:
    """``messages`` with the passages put before the newest question (never stored)."""
    out = list(messages)
    if not retrieval.passages:
        return out
    last = max((i for i, m in enumerate(out) if m.role == "user"), default=None)
    if last is not None:
        question = out[last].content
        out[last] = ChatMessage("user", f"{retrieval.prompt_text()}\n\nQuestion: {question}")
    return out


__all__ = [
    "CONTEXT_SHARE",
    "MAX_PASSAGE_TOKENS",
    "PASSAGES",
    "PROMPT_HEADER",
    "Retrieval",
    "Retriever",
    "estimate_tokens",
    "passage_budget_tokens",
    "render",
    "retrieve_for_prompt",
    "source_marker",
    "tokenizer_counter",
    "with_passages",
]
