"""What every probe shares: running a command (no shell, a timeout), reading its answer
leniently, and turning a failure into a one-line note."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

COMMAND_TIMEOUT_S = 5.0


class ProbeError(Exception):
    """A probe could not answer; ``str()`` is the reason, as shown in the notes."""


def error_text(exc: BaseException) -> str:
    """The first line of an exception's text (its class name when it has none)."""
    try:
        text = str(exc).strip()
    except Exception:
        text = ""
    line = text.splitlines()[0].strip() if text else ""
    return line or type(exc).__name__


def first_line(*texts: str) -> str:
    """The first non-blank line of the first text that has one ("" when none has)."""
    for text in texts:
        for line in text.splitlines():
            if line.strip():
                return line.strip()
    return ""


def parse_int(value: Any, base: int = 10) -> int | None:
    """``value`` read as an int in ``base``; ``None`` when it is not one."""
    try:
        return int(str(value).strip(), base)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class CommandResult:
    returncode: int
    stdout: str
    stderr: str


Runner = Callable[[Sequence[str]], CommandResult]
_CREATE_NO_WINDOW = 0x08000000  # Windows: no console window flashes up in the GUI app


def run_command(argv: Sequence[str]) -> CommandResult:
    """Run a command: no shell, 5 s timeout, text output. Raises what subprocess raises
    (``FileNotFoundError``, ``subprocess.TimeoutExpired``...); see :func:`run_or_note`."""
    completed = subprocess.run(
        list(argv),
        capture_output=True,
        stdin=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=COMMAND_TIMEOUT_S,
        check=False,
        shell=False,
        creationflags=_CREATE_NO_WINDOW if sys.platform == "win32" else 0,
    )
    return CommandResult(completed.returncode, completed.stdout or "", completed.stderr or "")


def run_or_note(
    runner: Runner, argv: Sequence[str], label: str
) -> tuple[CommandResult | None, str]:
    """``(result, "")``, or ``(None, note)`` when the command could not be run at all."""
    try:
        return runner(argv), ""
    except FileNotFoundError:
        return None, f"{label}: not found (not installed or not on PATH)"
    except subprocess.TimeoutExpired:
        return None, f"{label}: no answer within {COMMAND_TIMEOUT_S:g} s"
    except Exception as exc:
        return None, f"{label}: could not run ({error_text(exc)})"


def command_failure(label: str, result: CommandResult) -> str:
    """The note for a command that ran and failed: its first line of output, its exit code."""
    reason = first_line(result.stderr, result.stdout) or "no output"
    return f"{label}: {reason} (exit code {result.returncode})"
