"""The one entry point front ends use for libraries: :class:`Libraries`.

It owns the index (:class:`~.store.LibraryStore`, opened beside the conversation store
so it shares its folder and encryption) and starts the embedding worker process the
first time something needs vectors (indexing or a search), then keeps it until
:meth:`Libraries.close`. The embedding model is the one the model manager installed
(:func:`find_embedding_model`: a folder in the models folder with ``tokenizer.json`` and
an ONNX model but no ``genai_config.json``), or the folder named by
``AGENTIC_DESK_EMBEDDING_MODEL``. Without one, libraries still work with keyword search
only, and :attr:`Libraries.embedding_note` says how to get better answers.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentic_desk.core.i18n import t
from agentic_desk.core.library.embedding import Embedder, EmbeddingWorker, default_threads
from agentic_desk.core.library.indexer import CANCEL_GRACE_S, IndexJob
from agentic_desk.core.library.retrieval import Retriever
from agentic_desk.core.library.store import (
    FileRecord,
    Hit,
    Library,
    LibraryError,
    LibraryStore,
    open_beside,
)

EMBEDDING_MODEL_ENV = "AGENTIC_DESK_EMBEDDING_MODEL"
# Preferred when several are installed (the catalog's embedding models, best first).
PREFERRED = ("bge-small-en-v1.5", "all-minilm-l6-v2", "multilingual-e5-small")
STOP_WAIT_S = CANCEL_GRACE_S * 3  # removing: how long a cancelled indexing job may take


def is_embedding_model(folder: Path) -> bool:
    from agentic_desk.core.privacy.entities import is_token_classifier

    return (
        (folder / "tokenizer.json").is_file()
        and ((folder / "model.onnx").is_file() or (folder / "onnx" / "model.onnx").is_file())
        and not (folder / "genai_config.json").exists()
        and not is_token_classifier(folder)  # a names model (issue 18) has the same layout
    )


def find_embedding_model(models_dir: Path | None) -> Path | None:
    """The embedding model to use (see the module docs), None when there is none."""
    named = os.environ.get(EMBEDDING_MODEL_ENV)
    if named:
        return Path(named)
    if models_dir is None or not Path(models_dir).is_dir():
        return None
    found: list[Path] = []
    for root, dirs, _files in os.walk(models_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # downloads in progress
        depth = len(Path(root).relative_to(models_dir).parts)
        if depth >= 3:
            dirs[:] = []
        if is_embedding_model(Path(root)):
            found.append(Path(root))
            dirs[:] = []

    def rank(path: Path) -> tuple[int, str]:
        text = str(path).lower()
        for index, name in enumerate(PREFERRED):
            if name.lower() in text:
                return index, text
        return len(PREFERRED), text

    return min(found, key=rank) if found else None


@dataclass(frozen=True)
class LibrarySummary:
    library: Library
    files: int
    indexed: int
    failed: int
    pending: int
    chunks: int
    with_findings: int
    indexing: bool = False  # a job of this program is indexing it now

    @property
    def status(self) -> str:
        """ "indexing", "waiting" (files pending, nothing indexing them here: resumed by
        the next add or start), "ready" or "empty" (no files)."""
        if self.indexing:
            return "indexing"
        if self.pending:
            return "waiting"
        return "ready" if self.files else "empty"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.library.id,
            "name": self.library.name,
            "status": self.status,
            "files": self.files,
            "indexed": self.indexed,
            "failed": self.failed,
            "pending": self.pending,
            "passages": self.chunks,
            "files_with_findings": self.with_findings,
            "embedding_model": self.library.model_id,
        }


class Libraries:
    """Libraries for a front end (see the module docs and :mod:`agentic_desk.core.library`)."""

    def __init__(self, store: LibraryStore, model_folder: Path | None, *, threads: int = 0) -> None:
        self.store = store
        self.model_folder = model_folder
        self.threads = threads or default_threads()
        self._embedder: Embedder | None = None
        self._lock = threading.Lock()
        self._jobs: list[IndexJob] = []  # the indexing jobs made here (remove stops them)

    @classmethod
    def beside(cls, conversations: Any, models_dir: Path | None) -> Libraries:
        """The libraries of the conversation store's data folder (same encryption)."""
        return cls(open_beside(conversations), find_embedding_model(models_dir))

    @property
    def embedding_note(self) -> str:
        """Empty, or why search is keyword only and what to do."""
        if self.model_folder is not None:
            return ""
        return t(
            "No embedding model is installed, so libraries use keyword search only. "
            "Download one (e.g. all-MiniLM-L6-v2) in Models for better answers."
        )

    def embedder(self) -> Embedder | None:
        """The embedding worker, started on first use (None: no model, keyword only)."""
        with self._lock:
            if self._embedder is None and self.model_folder is not None:
                self._embedder = EmbeddingWorker(self.model_folder, threads=self.threads)
            return self._embedder

    def set_embedder(self, embedder: Embedder) -> None:
        """Use ``embedder`` instead of starting a worker (tests, benchmarks)."""
        with self._lock:
            self._embedder = embedder

    # ---- libraries and files ----------------------------------------------------------------

    def create(self, name: str) -> Library:
        return self.store.create_library(name)

    def get(self, name: str) -> Library:
        return self.store.library(name)

    def summaries(self) -> list[LibrarySummary]:
        return [self.summary(library) for library in self.store.libraries()]

    def summary(self, library: Library) -> LibrarySummary:
        files = self.store.files(library.id)
        return LibrarySummary(
            library,
            len(files),
            sum(f.status == "indexed" for f in files),
            sum(f.status == "error" for f in files),
            sum(f.status == "pending" for f in files),
            sum(f.chunk_count for f in files),
            sum(bool(f.findings) for f in files),
            self.indexing(library.id),
        )

    def indexing(self, library_id: str) -> bool:
        """Whether a job made here is indexing the library now."""
        with self._lock:
            return any(j.library.id == library_id and j.running for j in self._jobs if not j.ended)

    def files(self, name: str) -> list[FileRecord]:
        return self.store.files(self.get(name).id)

    def rename(self, name: str, new_name: str) -> Library:
        """Give the library ``name`` another name (:class:`LibraryError` when it is empty,
        too long or taken). Conversations that use it keep using it (they keep its id),
        and a job indexing it goes on."""
        return self.store.rename_library(self.get(name).id, new_name)

    def remove(self, name: str, path: Path | str | None = None) -> None:
        """The library (or one of its files) with its passages and vectors, for good.
        A job of these libraries indexing it is stopped first (what it had not finished
        stays as it was) and waited for; then the passages are purged."""
        library = self.get(name)
        self._stop_indexing(library.id)
        if path is None:
            self.store.remove_library(library.id)
            return
        candidates = {str(path), str(Path(path).expanduser().resolve())}
        for candidate in candidates:
            if self.store.remove_file(library.id, candidate):
                return
        raise LibraryError(
            t("{path} is not in the library “{name}”.", path=path, name=library.name),
            t("See its files with: agentic-desk library show {name}", name=library.name),
        )

    def add(self, name: str, paths: Sequence[Path]) -> IndexJob:
        """A job that indexes ``paths`` into the library (run it on a worker thread)."""
        library = self.get(name)
        job = IndexJob(self.store, library, list(paths), self._embedder_or_keyword())
        return self._track(job)

    def resume(self, name: str) -> IndexJob | None:
        """A job for the library's files left pending, None when there are none."""
        library = self.get(name)
        if not any(f.status == "pending" for f in self.store.files(library.id)):
            return None
        return self._track(IndexJob.resume(self.store, library, self._embedder_or_keyword()))

    def _track(self, job: IndexJob) -> IndexJob:
        with self._lock:
            self._jobs = [j for j in self._jobs if not j.ended]
            self._jobs.append(job)
        return job

    def _stop_indexing(self, library_id: str) -> None:
        """Cancel this service's jobs on the library and wait until each has stopped at a
        safe point (between files or embedding batches; a process that does not stop is
        killed, its open transaction rolled back)."""
        with self._lock:
            jobs = [j for j in self._jobs if j.library.id == library_id and not j.ended]
        for job in jobs:
            if not job.stop_and_wait(STOP_WAIT_S):
                raise LibraryError(
                    t("The library is still being indexed and did not stop."),
                    t("Cancel the indexing, then remove it again."),
                )

    def _embedder_or_keyword(self) -> Embedder:
        embedder = self.embedder()
        return embedder if embedder is not None else _NoVectors()

    # ---- search -------------------------------------------------------------------------------

    def search(
        self, names: Sequence[str], query: str, *, limit: int = 5, mode: str = "hybrid"
    ) -> list[Hit]:
        ids = [self.get(name).id for name in names]
        vector = None
        embedder = self.embedder() if mode != "keyword" else None
        if embedder is not None and self.store.vectors_match(ids, embedder.model_id):
            vector = embedder.embed([query])[0]
        return self.store.search(ids, query, query_vector=vector, limit=limit, mode=mode)

    def retriever(self) -> Retriever:
        return Retriever(self.store, self.embedder())

    def close(self) -> None:
        with self._lock:
            embedder, self._embedder = self._embedder, None
        if isinstance(embedder, EmbeddingWorker):
            embedder.close()
        self.store.close()

    def __enter__(self) -> Libraries:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _NoVectors:
    """Keyword-only indexing: zero-width vectors (searches skip them)."""

    model_id = "none"
    dimension = 0

    def embed(self, texts: Sequence[str]) -> Any:
        import numpy as np

        return np.zeros((len(texts), 0), dtype=np.float32)


__all__ = [
    "EMBEDDING_MODEL_ENV",
    "Libraries",
    "LibrarySummary",
    "find_embedding_model",
    "is_embedding_model",
]
