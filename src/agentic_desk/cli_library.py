"""``agentic-desk library``: document libraries, headless.

``library create NAME``, ``library add NAME PATH…`` (files and folders; progress on
stderr; Ctrl+C cancels cleanly and the next ``add`` resumes), ``library list [--json]``,
``library show NAME [--json]``, ``library rename NAME NEW [--json]`` (conversations
that use it keep it), ``library remove NAME [PATH]`` (an indexing job of it is stopped
first) and
``library search NAME "query" [--json]`` (ranked passages with file, page, heading and
score). The index lives beside the conversations (same folder, same encryption); see
:mod:`agentic_desk.core.library`.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from agentic_desk.core.context import AppContext
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t
from agentic_desk.core.jobs import JobCancelled
from agentic_desk.core.library.indexer import IndexJob, IndexProgress, IndexResult, LibraryRemoved
from agentic_desk.core.library.privacy import describe_findings
from agentic_desk.core.library.service import Libraries
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import Settings, SettingsStore

TEST_HOLD_ENV = "AGENTIC_DESK_TEST_INDEX_HOLD"  # "embedding": see _test_hold


class LibraryCliError(AgenticDeskError):
    """A mistake in an ``agentic-desk library`` command line."""


@contextmanager
def open_libraries(paths: AppPaths, settings: Settings, err: TextIO) -> Iterator[Libraries]:
    """The libraries beside the conversation store (unlocked like ``chat``)."""
    from agentic_desk.cli_applock import unlock_key

    context = AppContext(paths, SettingsStore(paths.settings_file), settings)
    with context.conversation_store(key=unlock_key(context, err)) as conversations:
        libraries = Libraries.beside(conversations, context.models_folder)
        try:
            yield libraries
        finally:
            libraries.close()


def cmd_library(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    with open_libraries(paths, settings, err) as libraries:
        if args.action == "create":
            library = libraries.create(_need(args.name, "a name", 'library create "Case notes"'))
            print(t("Created the library “{name}”.", name=library.name), file=err)
            return 0
        if args.action == "list":
            return _list(libraries, out, as_json=args.json)
        name = _need(args.name, "a library name", f"library {args.action} NAME")
        if args.action == "show":
            return _show(libraries, name, out, as_json=args.json)
        if args.action == "rename":
            new_name = " ".join(args.rest)
            if not new_name.strip():
                raise LibraryCliError(
                    t("Say the library's new name."),
                    t('Example: agentic-desk library rename {name} "Case notes 2026"', name=name),
                )
            renamed = libraries.rename(name, new_name)
            if args.json:
                summary = libraries.summary(renamed).as_dict()
                print(json.dumps(summary, ensure_ascii=False, indent=2), file=out)
            else:
                print(
                    t("Renamed “{old}” to “{new}”.", old=name, new=renamed.name),
                    file=err,
                )
            return 0
        if args.action == "remove":
            target = args.rest[0] if args.rest else None
            libraries.remove(name, target)
            if target is None:
                print(t("Removed the library “{name}” and its index.", name=name), file=err)
            else:
                print(t("Removed {path} from “{name}”.", path=target, name=name), file=err)
            return 0
        if args.action == "add":
            if not args.rest:
                raise LibraryCliError(
                    t("Say which files or folders to add."),
                    t("Example: agentic-desk library add {name} ~/Documents/letters", name=name),
                )
            if libraries.embedding_note:
                print(f"note: {libraries.embedding_note}", file=err)
            job = libraries.add(name, [Path(p) for p in args.rest])
            return _run_index(job, err)
        if args.action == "search":
            query = " ".join(args.rest)
            if not query.strip():
                raise LibraryCliError(
                    t("Say what to search for."),
                    t('Example: agentic-desk library search {name} "notice period"', name=name),
                )
            hits = libraries.search([name], query, limit=args.limit, mode=args.mode)
            if args.json:
                print(
                    json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=2), file=out
                )
                return 0
            if not hits:
                print(t("Nothing found."), file=err)
            for rank, hit in enumerate(hits, start=1):
                where = hit.file + (f", page {hit.page}" if hit.page is not None else "")
                heading = f" — {hit.heading}" if hit.heading else ""
                print(f"{rank}. {where}{heading}  (score {hit.score:.4f})", file=out)
                print("   " + " ".join(hit.text.split())[:300], file=out)
            return 0
    raise LibraryCliError(f"Unknown action {args.action}.")  # pragma: no cover - argparse


def _need(value: str | None, what: str, example: str) -> str:
    if not value:
        raise LibraryCliError(
            t("This needs {what}.", what=what),
            t("Example: agentic-desk {example}", example=example),
        )
    return value


def _list(libraries: Libraries, out: TextIO, *, as_json: bool) -> int:
    summaries = libraries.summaries()
    if as_json:
        print(json.dumps([s.as_dict() for s in summaries], ensure_ascii=False, indent=2), file=out)
        return 0
    for summary in summaries:
        extra = []
        if summary.failed:
            extra.append(f"{summary.failed} could not be read")
        if summary.pending:
            extra.append(f"{summary.pending} waiting")
        if summary.with_findings:
            extra.append(f"{summary.with_findings} with sensitive data: private")
        tail = f" ({'; '.join(extra)})" if extra else ""
        print(
            f"{summary.library.name}: {summary.indexed} files, {summary.chunks} passages{tail}",
            file=out,
        )
    return 0


def _show(libraries: Libraries, name: str, out: TextIO, *, as_json: bool) -> int:
    library = libraries.get(name)
    files = libraries.files(name)
    if as_json:
        rows = [
            {
                "path": f.path,
                "status": f.status,
                "passages": f.chunk_count,
                "pages": f.pages,
                "findings": f.findings,
                "error": f.error,
                "hint": f.hint,
            }
            for f in files
        ]
        print(json.dumps({"name": library.name, "files": rows}, indent=2), file=out)
        return 0
    print(f"{library.name} ({len(files)} files)", file=out)
    for f in files:
        if f.status == "error":
            print(f"  ✗ {f.path}: {f.error}" + (f" {f.hint}" if f.hint else ""), file=out)
            continue
        pages = f", {f.pages} pages" if f.pages else ""
        state = "" if f.status == "indexed" else f" [{f.status}]"
        print(f"  {f.path}: {f.chunk_count} passages{pages}{state}", file=out)
        if f.findings:
            print(f"    sensitive data: {describe_findings(f.findings)}", file=out)
    return 0


def _run_index(job: IndexJob, err: TextIO) -> int:
    """Run ``job`` here, with per-file progress on ``err``; Ctrl+C cancels it cleanly."""
    last = [0.0]

    def show(progress: IndexProgress) -> None:
        percent = int(progress.overall * 100)
        name = Path(progress.file).name
        if progress.stage in ("indexed", "skipped", "error"):
            word = {"indexed": "indexed", "skipped": "unchanged", "error": "not indexed"}
            line = f"[{progress.file_index + 1}/{progress.files_total}] {percent:3d}% {name}: "
            line += word[progress.stage]
            if progress.message:
                line += f" — {progress.message}"
            print(line, file=err, flush=True)
        elif progress.stage == "embedding" and time.monotonic() - last[0] > 1.0:
            last[0] = time.monotonic()
            print(f"  {percent:3d}% {name}…", file=err, flush=True)

    job.on_progress(show)
    _test_hold(job, err)

    def cancel(_signum: int, _frame: object) -> None:
        job.cancel()

    previous = signal.signal(signal.SIGINT, cancel)
    try:
        result = job.run()
    except LibraryRemoved as removed:
        print(f"{removed.message} {removed.hint}", file=err)
        return 1
    except JobCancelled:
        print(
            t("Cancelled. What was indexed is kept; add again to go on where it stopped."),
            file=err,
        )
        return 130
    finally:
        signal.signal(signal.SIGINT, previous)
    _summary(result, err)
    return 1 if result.failed and not (result.indexed or result.skipped) else 0


def _test_hold(job: IndexJob, err: TextIO) -> None:
    """Tests (``AGENTIC_DESK_TEST_HOOKS=1`` and :data:`TEST_HOLD_ENV` = ``embedding``):
    hold the indexing at its last file's first embedding step — the indexing process
    waits for this one's answer — until a line arrives on stdin (a deterministic point
    to remove the library from another process)."""
    if os.environ.get("AGENTIC_DESK_TEST_HOOKS") != "1" or os.environ.get(TEST_HOLD_ENV) != (
        "embedding"
    ):
        return
    held = [False]

    def hold(progress: IndexProgress) -> None:
        last = progress.file_index == progress.files_total - 1
        if not held[0] and last and progress.stage == "embedding":
            held[0] = True
            print("(held for a test)", file=err, flush=True)
            sys.stdin.readline()

    job.on_progress(hold)


def _summary(result: IndexResult, err: TextIO) -> None:
    parts = [f"{len(result.indexed)} indexed ({result.chunks} passages)"]
    if result.skipped:
        parts.append(f"{len(result.skipped)} unchanged")
    if result.failed:
        parts.append(f"{len(result.failed)} could not be read")
    print("Done: " + ", ".join(parts) + ".", file=err)


def print_sources(citations: list[dict[str, Any]], out: TextIO) -> None:
    """``chat --library``: the reply's sources after it, numbered as the reply cites them."""
    print("\nSources:", file=out)
    for citation in citations:
        where = str(citation["file"])
        if citation.get("page") is not None:
            where += f", page {citation['page']}"
        if citation.get("heading"):
            where += f" — {citation['heading']}"
        quote = " ".join(str(citation["text"]).split())
        if len(quote) > 240:
            quote = quote[:239] + "…"
        print(f"[{citation['n']}] {where}\n    “{quote}”", file=out)


def reply_json(outcome: Any, conversation_id: str | None) -> str:
    """``chat --json``: the reply, how it ended and its citations, as one JSON object."""
    citations = [
        {
            "file": c["file"],
            "page": c.get("page"),
            "heading": c.get("heading"),
            "text": c["text"],
            "chunk_id": c.get("chunk_id"),
        }
        for c in outcome.meta.get("citations") or []
    ]
    return json.dumps(
        {
            "reply": outcome.text,
            "status": outcome.status,
            "conversation_id": conversation_id,
            "message_id": outcome.message_id,
            "citations": citations,
        },
        ensure_ascii=False,
        indent=2,
    )


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    library = sub.add_parser(
        "library",
        help="document libraries to chat with: create NAME, add NAME PATH…, list, show NAME, "
        "rename NAME NEW, remove NAME [PATH], search NAME QUERY",
    )
    library.add_argument(
        "action", choices=["create", "add", "list", "show", "rename", "remove", "search"]
    )
    library.add_argument("name", nargs="?", help="the library's name")
    library.add_argument(
        "rest",
        nargs="*",
        help="add: files and folders; rename: the new name; remove: a file; search: the query",
    )
    library.add_argument("--json", action="store_true", help="list, show, rename, search: as JSON")
    library.add_argument("--limit", type=int, default=5, help="search: how many passages")
    library.add_argument(
        "--mode",
        choices=["hybrid", "keyword", "vector"],
        default="hybrid",
        help="search: keyword, vector or both fused (default)",
    )
    library.set_defaults(models_func=cmd_library)


__all__ = ["add_parsers", "cmd_library", "open_libraries", "print_sources", "reply_json"]
