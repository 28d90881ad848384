"""Indexing files into a library: a :class:`~agentic_desk.core.jobs.Job` with progress.

:class:`IndexJob` takes files and folders (folders are walked for the supported
formats), records each as ``pending`` first — so a job cancelled or killed part-way is
resumed by the next one (:meth:`IndexJob.resume`, or adding anything to that library) —
then for each file, in order:

1. refuses it with a clear per-file error if it is too large or not a supported format
   (the rest go on);
2. hashes its bytes; a file whose hash matches what was indexed is skipped;
3. parses it (:mod:`.parsing`), scans its text with the sensitive-data detector (what was
   found is stored per file: a conversation that uses the library is then private),
   chunks it (:mod:`.chunking`) and embeds the chunks in batches (cancel is checked
   between batches);
4. replaces the file's chunks and vectors in one transaction.

Progress (:class:`IndexProgress`) is reported per file and overall (bytes done of bytes
to do). The result (:class:`IndexResult`) counts what was indexed, skipped and refused,
with each refusal's message.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t
from agentic_desk.core.jobs import Job
from agentic_desk.core.library.chunking import chunk_document
from agentic_desk.core.library.embedding import Embedder
from agentic_desk.core.library.parsing import (
    MAX_FILE_BYTES,
    DocumentError,
    ParsedDocument,
    is_supported,
    parse,
)
from agentic_desk.core.library.store import ChunkRow, Library, LibraryError, LibraryStore

EMBED_BATCH = 32
SCAN_PIECE = 8000  # characters the detector reads at a time (see IndexJob._scan)
HASH_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class IndexProgress:
    """Where indexing is. ``stage``: "reading", "embedding", "indexed", "skipped",
    "error" (``message`` says why) or "done" (the last event)."""

    file: str  # the file's path
    file_index: int  # 0-based
    files_total: int
    stage: str
    file_fraction: float  # of this file
    bytes_done: int  # of every file, finished ones
    bytes_total: int
    message: str = ""

    @property
    def overall(self) -> float:
        if self.files_total == 0:
            return 1.0
        return min(1.0, (self.file_index + self.file_fraction) / self.files_total)


@dataclass
class IndexResult:
    indexed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unchanged since last time
    failed: dict[str, str] = field(default_factory=dict)  # path: the message
    chunks: int = 0
    pages: int = 0
    bytes: int = 0


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the supported files under folders named (sorted, no duplicates)."""
    found: dict[str, Path] = {}
    for named in paths:
        path = Path(named).expanduser()
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    child = Path(root) / name
                    if not name.startswith(".") and is_supported(child):
                        found.setdefault(str(child.resolve()), child.resolve())
        else:
            resolved = path.resolve()
            found.setdefault(str(resolved), resolved)
    return list(found.values())


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


class IndexJob(Job[IndexResult, IndexProgress]):
    """Index ``paths`` into ``library`` with ``embedder`` (see the module docs); with no
    paths, the library's files still pending (a resume)."""

    def __init__(
        self,
        store: LibraryStore,
        library: Library,
        paths: Sequence[Path],
        embedder: Embedder,
        *,
        max_bytes: int = MAX_FILE_BYTES,
        detect_data: bool = True,
    ) -> None:
        super().__init__(t("Indexing {name}", name=library.name))
        self.store = store
        self.library = library
        self.paths = list(paths)
        self.embedder = embedder
        self.max_bytes = max_bytes
        self.detect_data = detect_data

    @classmethod
    def resume(cls, store: LibraryStore, library: Library, embedder: Embedder) -> IndexJob:
        """A job for the library's files left pending (cancelled, or the app stopped)."""
        return cls(store, library, [], embedder)

    def work(self) -> IndexResult:
        store, library = self.store, self.library
        store.set_model(library.id, self.embedder.model_id)
        for path in expand(self.paths):
            size = _size(path)
            store.add_pending(library.id, str(path), path.name, path.suffix.lower()[1:], size)
        todo = [Path(f.path) for f in store.files(library.id) if f.status == "pending"]
        # named files already indexed are checked again (a changed file is re-indexed)
        named = {str(p) for p in expand(self.paths)}
        todo += [
            Path(f.path)
            for f in store.files(library.id)
            if f.status != "pending" and f.path in named
        ]
        sizes = [_size(p) for p in todo]
        total = sum(s for s in sizes if s <= self.max_bytes)
        result = IndexResult()
        done_bytes = 0
        for index, path in enumerate(todo):
            self.check()

            def report(
                stage: str,
                fraction: float,
                message: str = "",
                *,
                i: int = index,
                p: Path = path,
                done: int = done_bytes,
            ) -> None:
                self.report(
                    IndexProgress(str(p), i, len(todo), stage, fraction, done, total, message)
                )

            self._index_one(path, report, result)
            if sizes[index] <= self.max_bytes:
                done_bytes += sizes[index]
        self.report(IndexProgress("", len(todo), len(todo), "done", 1.0, done_bytes, total))
        return result

    def _scan(self, text: str) -> dict[str, int]:
        """The detector's findings in ``text``, counted by kind. The text is scanned in
        pieces of at most :data:`SCAN_PIECE` characters cut at line ends: a regular
        expression holds the GIL for as long as it runs, and the window's thread must not
        wait that long (a cue word and its value stay on one line)."""
        from agentic_desk.core.privacy.detector import detect

        counts: Counter[str] = Counter()
        start = 0
        while start < len(text):
            end = min(len(text), start + SCAN_PIECE)
            if end < len(text):
                cut = text.rfind("\n", start + SCAN_PIECE // 2, end)
                end = cut + 1 if cut != -1 else end
            counts.update(f.category for f in detect(text[start:end]))
            self.check()
            start = end
        return dict(counts)

    def _index_one(self, path: Path, report: Callable[..., None], result: IndexResult) -> None:
        store, library = self.store, self.library
        record = store.file(library.id, str(path))
        file_id = (
            record.id
            if record is not None
            else store.add_pending(
                library.id, str(path), path.name, path.suffix.lower()[1:], _size(path)
            )
        )
        report("reading", 0.0)
        digest: str | None = None
        try:
            size = _size(path)
            if is_supported(path) and 0 < size <= self.max_bytes and path.is_file():
                digest = file_hash(path)
                if (
                    record is not None
                    and record.sha256 == digest
                    and record.status in ("indexed", "error")
                ):
                    result.skipped.append(str(path))
                    report("skipped", 1.0)
                    return
            document = parse(path, max_bytes=self.max_bytes)
            self.check()
            findings: dict[str, int] = {}
            if self.detect_data:
                findings = self._scan(document.text)
            chunks = chunk_document(document)
            title = document_title(document)
            rows = [
                ChunkRow(
                    c.index,
                    c.start,
                    c.end,
                    c.page,
                    c.heading,
                    c.text,
                    chunk_context(path, title, c.heading),
                )
                for c in chunks
            ]
            report("embedding", 0.1)
            vectors = []
            for begin in range(0, len(rows), EMBED_BATCH):
                self.check()
                batch = rows[begin : begin + EMBED_BATCH]
                vectors.append(self.embedder.embed([_embedded_text(r) for r in batch]))
                report("embedding", 0.1 + 0.85 * min(1.0, (begin + len(batch)) / len(rows)))
            import numpy as np

            matrix = np.concatenate(vectors) if vectors else np.zeros((0, 1), np.float32)
            self.check()
            store.replace_chunks(
                file_id,
                rows,
                matrix,
                sha256=digest or file_hash(path),
                kind=document.kind,
                pages=document.pages,
                findings=findings,
            )
        except (DocumentError, LibraryError) as exc:
            if isinstance(exc, LibraryError):
                raise
            store.record_error(file_id, exc.message, exc.hint, digest)
            result.failed[str(path)] = str(exc)
            report("error", 1.0, str(exc))
            return
        except AgenticDeskError:
            raise  # the embedder failed, or the job was cancelled: the file stays pending
        except OSError as exc:
            message = t(
                "{name} could not be read ({reason}).", name=path.name, reason=exc.strerror or exc
            )
            store.record_error(file_id, message, "", digest)
            result.failed[str(path)] = message
            report("error", 1.0, message)
            return
        result.indexed.append(str(path))
        result.chunks += len(rows)
        result.pages += document.pages
        result.bytes += _size(path)
        report("indexed", 1.0)


def document_title(document: ParsedDocument) -> str:
    """The document's first heading, else its first line (at most 120 characters)."""
    for block in document.blocks:
        if block.is_heading:
            return document.text[block.start : block.end].lstrip("# ").strip()[:120]
    first = document.text.strip().split("\n", 1)[0]
    return first.strip()[:120]


def chunk_context(path: Path, title: str, heading: str) -> str:
    """What situates a passage that does not name its subject (a "Medication" section of
    a letter about someone): the file's name, the document's title and the headings."""
    parts = [path.stem.replace("_", " ").replace("-", " "), title, *heading.split(" > ")]
    return " > ".join(p for p in dict.fromkeys(p.strip() for p in parts) if p)


def _embedded_text(row: ChunkRow) -> str:
    """What is embedded for a chunk: its context, then its text."""
    return f"{row.context}\n{row.text}" if row.context else row.text


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


__all__ = [
    "EMBED_BATCH",
    "IndexJob",
    "IndexProgress",
    "IndexResult",
    "chunk_context",
    "document_title",
    "expand",
    "file_hash",
]
