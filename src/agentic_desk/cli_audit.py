"""``agentic-desk audit list|verify``: the record of what left this computer."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from agentic_desk.core.audit import AuditLog, empty_text, size_text
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import Settings


def cmd_audit(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    audit = AuditLog.in_folder(paths.root)
    audit.recover()  # requests of a process that stopped mid-reply: "interrupted"
    if args.action == "verify":
        result = audit.verify()
        print(result.describe(), file=out if result.ok else err)
        return 0 if result.ok else 1
    entries = list(reversed(audit.list()))  # newest first
    if args.json:
        print(json.dumps([e.fields() for e in entries], indent=2, ensure_ascii=False), file=out)
        return 0
    if not entries:
        print(empty_text(settings.cloud.enabled), file=out)
        return 0
    for e in entries:
        print(
            f"{e.time}  {e.provider} · {e.model}  {size_text(e.chars, e.tokens, e.tokens_reported)}"
            f"  {e.outcome}  {e.short_hash}",
            file=out,
        )
        print(f"    {e.reason}", file=out)
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    audit = sub.add_parser("audit", help="the record of what left this computer (cloud sends)")
    audit.add_argument("action", choices=["list", "verify"])
    audit.add_argument("--json", action="store_true", help="list: one JSON array, newest first")
    audit.set_defaults(models_func=cmd_audit)


__all__ = ["add_parsers"]
