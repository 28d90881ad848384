"""What the app writes down when something goes wrong, and who hears about it.

* :func:`setup_logging` sends the ``agentic_desk`` loggers to a rotating log file in the
  data folder's ``logs/`` (``agentic-desk.log``; the inference worker writes
  ``worker.log``). The app never logs what a user typed or what a model answered, and a
  filter blanks anything shaped like a key or a token before a line is written.
* :func:`install_excepthooks` turns every exception nobody caught (on the main thread or
  any other) into :func:`report_unexpected`: the traceback goes to the log, then every
  listener added with :func:`on_unexpected` is told (the window shows its crash dialog).
* :func:`debug_info` is the text a user attaches to a bug report: versions, platform,
  the log file's path and the error, with no settings, keys or message contents.

No Qt here: the window subscribes; the CLI and the worker use the same hooks.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import platform
import re
import sys
import threading
import traceback
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import Any

from agentic_desk.core.i18n import t
from agentic_desk.core.paths import PRIVATE_DIR_MODE, make_private, private_file

LOGGER = "agentic_desk"
LOG_FILE = "agentic-desk.log"
WORKER_LOG_FILE = "worker.log"
MAX_BYTES = 1_000_000
BACKUPS = 3

log = logging.getLogger(LOGGER)

# Shapes of secrets: provider keys (sk-..., sk-ant-..., hf_..., gsk_...), bearer tokens,
# and long runs of key-like characters. Blanked in every log line and in debug info.
_SECRET = re.compile(
    r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{8,}"
    r"|\b(?:sk|pk|rk|hf|gsk|xai|ghp|gho|github_pat|AIza)[-_][A-Za-z0-9_-]{10,}"
    r"|\b[A-Za-z0-9_-]{40,}\b"
)


def redact(text: str) -> str:
    """``text`` with anything shaped like a key or a token replaced by ``[redacted]``."""

    def blank(match: re.Match[str]) -> str:
        prefix = match.group(1) or ""
        return f"{prefix}[redacted]"

    return _SECRET.sub(blank, text)


class RedactingFormatter(logging.Formatter):
    """A formatter whose every line (tracebacks included) passes through :func:`redact`."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_file(logs_dir: Path, worker: bool = False) -> Path:
    return logs_dir / (WORKER_LOG_FILE if worker else LOG_FILE)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are ``0600`` on POSIX, whatever the umask: the file is
    created private before it is opened (at first and after each rotation)."""

    def _open(self) -> Any:
        private_file(Path(self.baseFilename))
        return super()._open()


_handlers: dict[Path, logging.Handler] = {}
_handlers_lock = threading.Lock()


def setup_logging(logs_dir: Path, *, worker: bool = False, level: int = logging.INFO) -> Path:
    """Log the ``agentic_desk`` loggers to a rotating file in ``logs_dir``; returns its
    path. Calling it again for the same file changes nothing. A folder that cannot be
    written leaves logging to stderr (the app still runs)."""
    path = log_file(logs_dir, worker)
    with _handlers_lock:
        if path in _handlers:
            return path
        try:
            logs_dir.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
            make_private(logs_dir, folder=True)
            handler: logging.Handler = PrivateRotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
            )
        except OSError:
            handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(
            RedactingFormatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
        )
        _handlers[path] = handler
        log.addHandler(handler)
        log.setLevel(level)
    return path


def stop_logging() -> None:
    """Close every file :func:`setup_logging` opened (tests, and the end of the app)."""
    with _handlers_lock:
        for handler in _handlers.values():
            log.removeHandler(handler)
            handler.close()
        _handlers.clear()
        log.setLevel(logging.NOTSET)  # as before setup_logging: the root logger decides


# ---- unexpected errors -----------------------------------------------------------------

UnexpectedListener = Callable[[BaseException], None]
_listeners: list[UnexpectedListener] = []


def on_unexpected(listener: UnexpectedListener) -> Callable[[], None]:
    """Call ``listener(error)`` after an unexpected error was logged; returns the function
    that removes it. Listeners run on the thread the error happened on."""
    _listeners.append(listener)

    def remove() -> None:
        with contextlib.suppress(ValueError):
            _listeners.remove(listener)

    return remove


def report_unexpected(error: BaseException, where: str = "") -> None:
    """Log ``error`` with its traceback (a bug, not a known failure) and tell listeners.
    A listener that fails itself is logged and skipped."""
    log.error(
        "unexpected error%s: %s",
        f" in {where}" if where else "",
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__),
    )
    for listener in list(_listeners):
        try:
            listener(error)
        except Exception:  # the reporter must never raise
            log.exception("an error listener failed")


def _sys_hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    report_unexpected(error.with_traceback(tb), "the main thread")


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    name = args.thread.name if args.thread is not None else "a thread"
    report_unexpected(args.exc_value, name)


def install_excepthooks() -> None:
    """Send uncaught exceptions (main thread and every other thread) to
    :func:`report_unexpected`. Ctrl+C keeps Python's own handling."""
    sys.excepthook = _sys_hook
    threading.excepthook = _thread_hook


def uninstall_excepthooks() -> None:
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__


# ---- what to attach to a report --------------------------------------------------------


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def debug_info(error: BaseException | None = None, logs_dir: Path | None = None) -> str:
    """Versions, platform, the log file and the error's traceback: what a bug report
    needs and nothing a user wrote (keys and tokens are blanked)."""
    from agentic_desk import __version__

    genai = next(
        (
            f"{name} {_version(name)}"
            for name in (
                "onnxruntime-genai",
                "onnxruntime-genai-cuda",
                "onnxruntime-genai-directml",
            )
            if _version(name) != "not installed"
        ),
        t("onnxruntime-genai not installed"),
    )
    frozen = t("yes") if getattr(sys, "frozen", False) else t("no")
    lines = [
        f"Agentic Desk {__version__}",
        f"Python {platform.python_version()} ({platform.python_implementation()})",
        t("System: {system} ({machine})", system=platform.platform(), machine=platform.machine()),
        t("Engine: {engine}", engine=genai),
        f"Qt: PySide6 {_version('PySide6-Essentials')}",
        t("Frozen bundle: {frozen}", frozen=frozen),
    ]
    if logs_dir is not None:
        lines.append(t("Log file: {path}", path=log_file(logs_dir)))
    if error is not None:
        lines.append("")
        lines.append("".join(traceback.format_exception(error)).rstrip())
    return redact("\n".join(lines))


__all__ = [
    "LOG_FILE",
    "WORKER_LOG_FILE",
    "debug_info",
    "install_excepthooks",
    "log_file",
    "on_unexpected",
    "redact",
    "report_unexpected",
    "setup_logging",
    "stop_logging",
    "uninstall_excepthooks",
]
