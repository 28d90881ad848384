"""``agentic-desk conversations encrypt on|off|status``: encryption at rest of the
conversation database (see :mod:`agentic_desk.core.conversations.encryption`); called by
``agentic-desk conversations`` (:mod:`agentic_desk.cli_conversations`).

Progress goes to stderr; Ctrl+C cancels until the copy is swapped in, and then the
original is as it was. Close the window first: it keeps the database open.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from typing import TextIO

from agentic_desk.cli_models import _test_hooks, run_job
from agentic_desk.core.jobs import JobCancelled
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import Settings, SettingsStore

TEST_HOLD_ENV = "AGENTIC_DESK_TEST_ENCRYPT_HOLD"  # "copying": hold mid-copy until cancelled


def cmd_encrypt(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    from agentic_desk.core.context import AppContext
    from agentic_desk.core.conversations import encryption

    context = AppContext(paths, SettingsStore(paths.settings_file), settings)
    action = args.target
    if action == "status":
        report = encryption.status(paths.conversations_db, context.secrets())
        report["setting"] = settings.privacy.encrypt_conversations
        if args.json:
            print(json.dumps(report, indent=2), file=out)
        else:
            for name, value in report.items():
                print(f"{name}: {value}", file=out)
        return 0
    encrypt = action == "on"
    seams: dict[str, Callable[[], None]] = {}
    if _test_hooks() and os.environ.get(TEST_HOLD_ENV) == "copying":

        def hold() -> None:  # inside the copy, on the job's thread: until Ctrl+C
            print("(held mid-copy for a test)", file=err, flush=True)
            job.cancel_event.wait(120)

        seams["during_copy"] = hold
    job = context.conversation_encryption_job(encrypt, **seams)
    tty = err.isatty()

    def show(progress: encryption.ConversionProgress) -> None:
        if progress.stage == "verifying":
            text = (
                f"verified {progress.tables_done}/{progress.tables_total} tables, "
                f"{progress.rows_done}/{progress.rows_total} rows ({progress.table})"
            )
        elif progress.stage == "counting":
            text = f"{progress.tables_total} tables, {progress.rows_total} rows to copy"
        else:
            text = f"{progress.stage}…"
        print(f"\r{text}\033[K" if tty else text, end="" if tty else "\n", file=err, flush=True)

    job.on_progress(show)
    print(f"{job.title}…", file=err, flush=True)
    try:
        result = run_job(job, job.cancel)
    except JobCancelled:
        if tty:
            print(file=err)
        print("Cancelled: the conversations were left as they were.", file=err)
        return 130
    except encryption.AlreadyError as already:
        if tty:
            print(file=err)
        print(f"{already.message} {already.hint}", file=out)
        return 0
    if tty:
        print(file=err)
    state = "encrypted" if result.encrypted else "not encrypted"
    print(
        f"The conversations are {state} now ({result.tables} tables, {result.rows} rows).",
        file=out,
    )
    left = encryption.plain_copies(paths.conversations_db) if result.encrypted else []
    if left:
        print(
            "warning: these older copies of the conversations are not encrypted (backups "
            "from upgrades, files kept aside); delete them if you do not need them:",
            file=err,
        )
        for copy in left:
            print(f"  {copy}", file=err)
    return 0


__all__ = ["TEST_HOLD_ENV", "cmd_encrypt"]
