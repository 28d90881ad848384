"""Precision and recall of the detector on people's names, postal addresses, organisations
and free-text dates of birth, on the hand-labelled set ``tests/data/names_eval.txt``: with
the rules alone, with the small names model built here (``build_entity_model.py``), and
with a names model folder you give (``--model DIR``: one of the built-in kind, or a token
classifier downloaded in Models such as Xenova/bert-base-NER, or the tiny one the tests
build: ``python tests/tiny_ner.py DIR``). Also the time a scan takes per document.

    python benchmarks/bench_recogniser.py [--model DIR] [--no-built-model]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "benchmarks")]

import names_eval  # noqa: E402
from agentic_desk.core.privacy.entities import EntityWorker  # noqa: E402
from agentic_desk.core.privacy.scanning import DetectorOptions, detect  # noqa: E402


def run(title: str, worker: EntityWorker | None) -> None:
    docs = names_eval.load()
    options = DetectorOptions(entities=worker if worker else False)
    times: list[float] = []

    def find(text: str) -> list[tuple[str, int, int]]:
        started = time.perf_counter()
        found = detect(text, options)
        times.append(time.perf_counter() - started)
        return [(f.category, f.start, f.end) for f in found]

    find("warm-up: Dear Ms Example,")
    times.clear()
    scores = names_eval.score(docs, find)
    print(names_eval.table(title, scores))
    chat = [doc for doc in docs if doc.group == names_eval.CHAT]
    wrong = names_eval.group_findings(chat, find)
    print(
        f"ordinary chat turns: {len(chat)}, people or organisations found in them: "
        f"{len(wrong)}" + "".join(f"\n  {w}" for w in wrong)
    )
    print(
        f"scan per document: median {statistics.median(times) * 1000:.2f} ms, "
        f"max {max(times) * 1000:.2f} ms ({len(docs)} documents)\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="a names model folder to measure too")
    parser.add_argument("--no-built-model", action="store_true", help="skip the built model")
    args = parser.parse_args()
    run("Rules only", None)
    folders: list[tuple[str, Path]] = []
    if not args.no_built_model:
        import build_entity_model

        folders.append(
            ("Rules + the small names model (built here)", build_entity_model.cached_model())
        )
    if args.model:
        folders.append((f"Rules + {args.model}", args.model))
    for title, folder in folders:
        worker = EntityWorker(folder)
        try:
            run(title, worker)
            if worker.error:  # the rules alone were measured: say so
                print(f"the names model was NOT used: {worker.error}\n")
        finally:
            worker.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
