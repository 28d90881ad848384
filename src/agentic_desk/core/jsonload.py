"""The one safe way to read JSON that came from outside the app's own code.

A user's file (settings, routing rules, a conversation export) or a client's request body
can be anything: missing, a folder, not text, not JSON, or JSON nested so deep that
Python's parser (and any code that walks the result) runs out of recursion. Each case
becomes a :class:`JsonUnreadable` (``message`` + ``hint``; ``reason`` says which case),
never a ``RecursionError`` or a traceback.

Nesting is bounded at :data:`MAX_DEPTH` levels: far more than any file the app writes or
any API request needs (messages, content parts), far less than the recursion limit, so
code that walks the result recursively is safe too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import N_, t

MAX_DEPTH = 64

# the reasons a JsonUnreadable gives, for callers that treat them differently
MISSING = "missing"
FOLDER = "folder"
UNREADABLE = "unreadable"
NOT_TEXT = "not_text"
NOT_JSON = "not_json"
TOO_DEEP = "too_deep"


class JsonUnreadable(AgenticDeskError):
    """JSON that cannot be used; ``reason`` is one of the module's reason constants and
    ``detail`` the short why (e.g. "Expecting ',' delimiter at line 3, column 5")."""

    def __init__(self, message: str, hint: str = "", reason: str = NOT_JSON, detail: str = ""):
        super().__init__(message, hint)
        self.args = (message, hint, reason, detail)  # pickles with every field
        self.reason = reason
        self.detail = detail


def _depth(value: Any) -> int:
    """How deep ``value`` nests (a scalar: 0, ``[]``: 1), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def loads(
    data: str | bytes,
    *,
    what: str = N_("The text"),
    hint: str = "",
    max_depth: int = MAX_DEPTH,
) -> Any:
    """Parse ``data`` (bytes are read as UTF-8, a byte-order mark allowed). ``what`` starts
    the message ("The request body", "The file /x/rules.json")."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonUnreadable(
                t(
                    "{what} is not text in UTF-8 (byte {start:,} is not valid UTF-8), so it "
                    "cannot be JSON.",
                    what=t(what),
                    start=exc.start,
                ),
                hint,
                NOT_TEXT,
                "it is not a text file (UTF-8)",
            ) from None
    try:
        value = json.loads(data)
    except json.JSONDecodeError as exc:
        detail = t(
            "{msg} at line {lineno}, column {colno}",
            msg=exc.msg,
            lineno=exc.lineno,
            colno=exc.colno,
        )
        raise JsonUnreadable(
            t(
                "{what} is not valid JSON ({detail}).",
                what=t(what),
                detail=detail,
            ),
            hint,
            NOT_JSON,
            detail,
        ) from None
    except RecursionError:
        value = None
        too_deep = True
    except ValueError as exc:  # e.g. an integer with too many digits
        raise JsonUnreadable(
            t(
                "{what} is not usable JSON ({exc}).",
                what=t(what),
                exc=exc,
            ),
            hint,
            NOT_JSON,
            str(exc),
        ) from None
    else:
        too_deep = _depth(value) > max_depth
    if too_deep:
        detail = t("its data is nested more than {max_depth} levels deep", max_depth=max_depth)
        raise JsonUnreadable(
            t(
                "{what} cannot be used: {detail}, far more than any real file or request needs.",
                what=t(what),
                detail=detail,
            ),
            hint,
            TOO_DEEP,
            detail,
        )
    return value


def load_file(
    path: Path,
    *,
    what: str = N_("The file"),
    hint: str = "",
    name: str | None = None,
    max_depth: int = MAX_DEPTH,
) -> Any:
    """Read and parse the JSON file at ``path``; ``what`` names it for the user ("The
    routing rules file") before its path, or ``name`` replaces both (e.g. the file's name
    alone). Every failure is a :class:`JsonUnreadable` naming the file."""
    name = name or t("{what} {path}", what=t(what), path=path)
    if path.is_dir():
        raise JsonUnreadable(
            t(
                "{name} is a folder, not a file.",
                name=name,
            ),
            hint or t("Give the path of a JSON file."),
            FOLDER,
        )
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise JsonUnreadable(
            t(
                "{name} does not exist.",
                name=name,
            ),
            hint or t("Check the path and try again."),
            MISSING,
        ) from None
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise JsonUnreadable(
            t(
                "{name} cannot be read ({why}).",
                name=name,
                why=why,
            ),
            hint or t("Check that the file exists and that you may read it."),
            UNREADABLE,
            why,
        ) from None
    return loads(raw, what=name, hint=hint, max_depth=max_depth)


__all__ = [
    "FOLDER",
    "MAX_DEPTH",
    "MISSING",
    "NOT_JSON",
    "NOT_TEXT",
    "TOO_DEEP",
    "UNREADABLE",
    "JsonUnreadable",
    "load_file",
    "loads",
]
