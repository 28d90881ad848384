"""Retrieval quality and speed of document libraries (issue 17).

    python benchmarks/bench_library.py [--model DIR] [--corpus DIR] [--threads N] [--json]

Builds the corpus of ``benchmarks/library_corpus.py`` (54 fictional clinic letters,
contracts and reports in .txt, .md, .docx, .pdf, .odt and .html; 108 questions with the
file and a phrase of the passage that answers them), indexes it with the library's
indexer and the embedding model in its worker process, then asks every question:

* **recall@5** and **MRR** for keyword-only (FTS5 BM25), vector-only (exact cosine) and
  hybrid (reciprocal rank fusion) search: a question is answered when a passage of the
  right file holding the answer phrase is among the first five;
* **indexing throughput**: pages/s (PDF pages, and 3,000 characters of text as a page for
  the other formats) and MB/s of files, on the threads given to the worker;
* **query latency** p50/p95 of hybrid search, question embedding included;
* **embedding worker memory**: its resident memory (RSS) after indexing.

``--stall-mb N`` measures instead how late a 5 ms timer on this process's main thread
(where the window's event loop runs) gets while ``N`` MB of documents are indexed on
another thread (the window's job runner): parsing, the detector and SQLite run in this
process, the embedding model in its worker. Target: the worst lateness ≤ 50 ms.

``--model``: an ONNX sentence-embedding folder (``model.onnx`` + ``tokenizer.json``, e.g.
all-MiniLM-L6-v2); default ``AGENTIC_DESK_EMBEDDING_MODEL``, else the tiny test model
(random word vectors: its vector numbers say nothing about meaning).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from library_corpus import build

from agentic_desk.core.library.embedding import EmbeddingWorker
from agentic_desk.core.library.indexer import IndexJob, IndexProgress
from agentic_desk.core.library.parsing import parse
from agentic_desk.core.library.store import LibraryStore
from agentic_desk.core.library.tiny_embedder import build_tiny_embedder

K = 5
CHARS_PER_PAGE = 3000


def rank_of(hits: list[Any], question: dict[str, str]) -> int | None:
    for rank, hit in enumerate(hits, start=1):
        if hit.file == question["file"] and question["answer"] in " ".join(hit.text.split()):
            return rank
    return None


def stall(model: Path, megabytes: float, threads: int, tmp: Path) -> dict[str, Any]:
    """Index ``megabytes`` of text (the corpus's documents joined into ~2 MB .txt and
    .md files) on a thread; the worst lateness of a 5 ms timer on this one."""
    from agentic_desk.core.bench import max_stall_ms

    root = tmp / "stall"
    build(root)
    texts = [parse(p).text for p in sorted((root / "docs").iterdir())]
    big = tmp / "big"
    big.mkdir()
    written = 0
    index = 0
    while written < megabytes * 1e6:
        parts: list[str] = []
        size = 0
        while size < 2e6:
            text = texts[(index + len(parts)) % len(texts)]
            parts.append(f"Copy {index}-{len(parts)}\n\n{text}")
            size += len(parts[-1])
        path = big / f"bundle-{index:03d}.{'md' if index % 2 else 'txt'}"
        path.write_text("\n\n".join(parts), encoding="utf-8")
        written += path.stat().st_size
        index += 1
    with LibraryStore(tmp / "stall.db") as store, EmbeddingWorker(model, threads=threads) as worker:
        library = store.create_library("stall")
        job = IndexJob(store, library, [big], worker)
        results: list[Any] = []
        start = time.perf_counter()
        worst = max_stall_ms(lambda: results.append(job.run()))
        elapsed = time.perf_counter() - start

    def busy() -> None:  # pure Python on a thread for 5 s: what the GIL alone costs here
        until = time.perf_counter() + 5
        while time.perf_counter() < until:
            sum(range(1000))

    return {
        "stall_mb": round(written / 1e6, 1),
        "stall_files": index,
        "stall_passages": results[0].chunks if results else None,
        "stall_index_s": round(elapsed, 1),
        "max_stall_ms": round(worst, 1),
        # the same timer with nothing else running, and beside a pure-Python thread: what
        # this machine's load and the GIL alone cost
        "idle_stall_ms": round(max_stall_ms(lambda: time.sleep(5)), 1),
        "pure_python_thread_stall_ms": round(max_stall_ms(busy), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--model", type=Path, default=os.environ.get("AGENTIC_DESK_EMBEDDING_MODEL")
    )
    parser.add_argument("--corpus", type=Path, help="build the corpus here (default: a temp dir)")
    parser.add_argument("--threads", type=int, default=2, help="the embedding worker's threads")
    parser.add_argument("--stall-mb", type=float, help="measure the main thread's stall instead")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.stall_mb:
        with tempfile.TemporaryDirectory() as tmp:
            model = args.model or build_tiny_embedder(Path(tmp) / "tiny-embedder")
            result = stall(Path(model), args.stall_mb, args.threads, Path(tmp))
        print(json.dumps(result, indent=2))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        root = args.corpus or Path(tmp) / "corpus"
        questions = build(root)
        docs = sorted((root / "docs").iterdir())
        model = args.model or build_tiny_embedder(Path(tmp) / "tiny-embedder")
        pages = 0
        for path in docs:
            document = parse(path)
            pages += document.pages or max(1, round(len(document.text) / CHARS_PER_PAGE))
        size = sum(p.stat().st_size for p in docs)
        with (
            LibraryStore(Path(tmp) / "library.db") as store,
            EmbeddingWorker(Path(model), threads=args.threads) as worker,
        ):
            library = store.create_library("bench")
            peak = [worker.memory_bytes() or 0]

            def sample(_progress: IndexProgress) -> None:
                peak[0] = max(peak[0], worker.memory_bytes() or 0)

            job = IndexJob(store, library, [root / "docs"], worker)
            job.on_progress(sample)
            start = time.perf_counter()
            result = job.run()
            index_s = time.perf_counter() - start
            assert not result.failed, result.failed
            quality: dict[str, dict[str, float]] = {}
            latencies: list[float] = []
            for mode in ("keyword", "vector", "hybrid"):
                found = 0
                reciprocal = 0.0
                for question in questions:
                    begin = time.perf_counter()
                    vector = worker.embed([question["question"]])[0] if mode != "keyword" else None
                    hits = store.search(
                        [library.id], question["question"], query_vector=vector, limit=K, mode=mode
                    )
                    if mode == "hybrid":
                        latencies.append(time.perf_counter() - begin)
                    rank = rank_of(hits, question)
                    if rank is not None:
                        found += 1
                        reciprocal += 1.0 / rank
                quality[mode] = {
                    "recall@5": round(found / len(questions), 3),
                    "mrr": round(reciprocal / len(questions), 3),
                }
            memory = worker.memory_bytes() or 0
            report = {
                "model": worker.model_id,
                "documents": len(docs),
                "questions": len(questions),
                "passages": result.chunks,
                "pages": pages,
                "megabytes": round(size / 1e6, 2),
                "index_s": round(index_s, 2),
                "pages_per_s": round(pages / index_s, 1),
                "mb_per_s": round(size / 1e6 / index_s, 3),
                "query_p50_ms": round(statistics.median(latencies) * 1000, 1),
                "query_p95_ms": round(statistics.quantiles(latencies, n=20)[18] * 1000, 1),
                "worker_rss_mb": round(max(memory, peak[0]) / 1e6, 1),
                "threads": args.threads,
                "quality": quality,
            }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(
        f"model {report['model']}: {report['documents']} documents, {report['passages']} passages, "
        f"{report['questions']} questions"
    )
    print("| search | recall@5 | MRR |\n|---|---|---|")
    for mode, values in report["quality"].items():
        print(f"| {mode} | {values['recall@5']:.3f} | {values['mrr']:.3f} |")
    print(
        f"indexing: {report['pages']} pages, {report['megabytes']} MB in {report['index_s']} s "
        f"({report['pages_per_s']} pages/s, {report['mb_per_s']} MB/s, {args.threads} threads)"
    )
    print(
        f"query (hybrid, embedding included): p50 {report['query_p50_ms']} ms, "
        f"p95 {report['query_p95_ms']} ms"
    )
    print(f"embedding worker memory: {report['worker_rss_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
