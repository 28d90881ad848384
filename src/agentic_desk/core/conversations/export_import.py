"""A conversation out of the store and back in: the Markdown document, the versioned
JSON document (:data:`EXPORT_FORMAT`, :data:`EXPORT_VERSION`) and the checks an imported
JSON document must pass.

Nothing here touches the database, and only :func:`read_export_file` the disk: the store
reads and writes the rows
(:meth:`~agentic_desk.core.conversations.store.ConversationStore.export_json`,
:meth:`~agentic_desk.core.conversations.store.ConversationStore.import_json`), and whoever
saves a document to a file uses :mod:`agentic_desk.core.atomic`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from agentic_desk.core import jsonload
from agentic_desk.core.conversations.errors import ConversationImportError
from agentic_desk.core.conversations.titles import DEFAULT_TITLE
from agentic_desk.core.conversations.values import ROLES, STATUSES, Conversation, Message
from agentic_desk.core.i18n import t
from agentic_desk.core.privacy.levels import COMPLEXITY_LEVELS, PRIVACY_LEVELS, Privacy

EXPORT_FORMAT = "agentic-desk-conversation"
# 2: every version of every message, each with its parent's id (``parent``, null for a
# first message) and ``chosen_at`` (see .tree). Version 1 documents (a plain list) are
# read as one path.
EXPORT_VERSION = 2


# ---- JSON export ----------------------------------------------------------------------------


def export_document(
    conversation: Conversation, messages: Sequence[Message], *, exported_at: float
) -> dict[str, Any]:
    """The conversation as a versioned, JSON-ready dict (read back by :func:`parse_export`)."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": exported_at,
        "conversation": {
            "id": conversation.id,
            "title": conversation.title,
            "title_is_auto": conversation.title_is_auto,
            "system_prompt": conversation.system_prompt,
            "template": conversation.template,
            "privacy": conversation.privacy,
            "complexity": conversation.complexity,
            "model": model_name(conversation.model) or None,  # no folder path in an export
            "params": conversation.params,
            "pinned": conversation.pinned,
            "created_at": conversation.created_at,
            "updated_at": conversation.updated_at,
        },
        "messages": [
            {
                "id": m.id,
                "seq": m.seq,
                "role": m.role,
                "content": m.content,
                "privacy": m.privacy,
                "created_at": m.created_at,
                "updated_at": m.updated_at,
                "status": m.status,
                "error_message": m.error_message,
                "meta": _without_paths(m.meta),
                "parent": m.parent_id,
                "chosen_at": m.chosen_at,
            }
            for m in messages
        ],
    }


# ---- Markdown export ----------------------------------------------------------------------

_ROLE_HEADINGS = {"user": "You", "assistant": "Assistant", "system": "System"}
_STATUS_NOTES = {
    "streaming": "still being written",
    "interrupted": "interrupted: the app closed before this reply was finished",  # no reason kept
    "cancelled": "stopped",
    "error": "failed",
}


def _format_time(timestamp: float, tz: tzinfo | None) -> str:
    moment = datetime.fromtimestamp(timestamp, tz=UTC).astimezone(tz)
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip()


def _italic(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("_", "\\_").replace("*", "\\*")
    return f"_{escaped}_"


def render_markdown(
    conversation: Conversation, messages: Sequence[Message], *, tz: tzinfo | None = None
) -> str:
    """A conversation as Markdown: title, settings, system prompt, then each message
    under a role heading, replies followed by their badge line."""
    lines = [f"# {conversation.title}", ""]
    lines.append(f"- Created: {_format_time(conversation.created_at, tz)}")
    lines.append(f"- Updated: {_format_time(conversation.updated_at, tz)}")
    lines.append(f"- Privacy: {conversation.privacy}")
    if conversation.complexity:
        lines.append(f"- Complexity: {conversation.complexity}")
    if conversation.model:
        lines.append(f"- Model: {model_name(conversation.model)}")
    if conversation.pinned:
        lines.append("- Pinned")
    lines.append("")
    if conversation.system_prompt:
        lines += ["## System prompt", ""]
        lines += [f"> {line}".rstrip() for line in conversation.system_prompt.splitlines()]
        lines.append("")
    for message in messages:
        lines += ["---", "", f"### {_ROLE_HEADINGS.get(message.role, message.role.title())}", ""]
        if message.privacy:
            lines += [_italic(f"Privacy for this message: {message.privacy}"), ""]
        notice = message.meta.get("notice")
        if notice:
            lines += [f"> {line}".rstrip() for line in str(notice).splitlines()]
            lines.append("")
        if message.content:
            lines += [message.content.rstrip("\n"), ""]
        note = status_note(message)
        if note:
            lines += [f"({_italic(note)})", ""]
        badge = badge_line(message.meta) if message.role == "assistant" else ""
        if badge:
            lines += [_italic(badge), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def status_note(message: Message) -> str:
    """How a message that is not ``complete`` ended, in words (``""`` when it is)."""
    note = _STATUS_NOTES.get(message.status, "")
    if message.status == "error" and message.error_message:
        note = f"failed: {message.error_message}"
    elif message.status == "interrupted" and message.error_message:
        note = f"interrupted: {message.error_message}"
    return note


def model_name(model: object) -> str:
    """A model's name for an export: the last part of a local model's folder path (an
    export carries no paths of this machine), a cloud model's name as it is."""
    if not model:
        return ""
    return str(model).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _without_paths(meta: Mapping[str, Any]) -> dict[str, Any]:
    if not meta.get("model"):
        return dict(meta)
    return {**meta, "model": model_name(meta["model"])}


def badge_line(meta: Mapping[str, Any]) -> str:
    """The one-line summary of a reply in the Markdown export, e.g. ``Local · rule 2:
    privacy high · 42 tokens · 120 tok/s``; ``""`` when the metadata says nothing about
    where it ran."""
    where = meta.get("where")
    if not where:
        return ""
    parts = [str(where)]
    model = model_name(meta.get("model"))
    if model:
        parts.append(model)
    parts.append(f"{_as_int(meta.get('completion_tokens'))} tokens")
    speed = _as_float(meta.get("tokens_per_s"))
    if speed > 0:
        parts.append(f"{speed:.0f} tok/s")
    provider = meta.get("provider")
    if provider and provider != "local":
        if meta.get("cost_known", True):
            parts.append(f"${_as_float(meta.get('cost')):.4f}")
        else:
            parts.append("cost unknown")
    return " · ".join(parts)


def _as_int(value: object) -> int:
    return int(_as_float(value))


def _as_float(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return 0.0
    try:
        number = float(value)
    except ValueError:
        return 0.0
    return number if math.isfinite(number) else 0.0


# ---- JSON import ------------------------------------------------------------------------------


def parse_export(data: object, now: float) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The conversation's columns and its messages' columns (in order) from a document
    made by :func:`export_document`; each message's ``parent`` is the index of its parent
    in the list (None: a first message; always an earlier message, so no cycle can be
    imported; a version 1 document is one path); fields left out get defaults (``now``
    for times, the normal privacy level, ...), a reply caught ``streaming`` becomes ``interrupted``.
    :class:`ConversationImportError` names the first field that is wrong, e.g. a privacy
    or complexity level this app does not know (an unknown level is never read as
    another one)."""
    if not isinstance(data, Mapping):
        raise _bad("the file", t("must be a JSON object"))
    if data.get("format") != EXPORT_FORMAT:
        raise _bad("format", t("must be {export_format!r}", export_format=EXPORT_FORMAT))
    version = _get(data, "version", "", (int,))
    if version > EXPORT_VERSION:
        raise ConversationImportError(
            t(
                "This conversation was exported by a newer version of Agentic Desk (format "
                "version {version}; this version reads up to {export_version}).",
                version=version,
                export_version=EXPORT_VERSION,
            ),
            t("Update Agentic Desk to import it."),
        )
    if version < 1:
        raise _bad("version", t("must be at least 1, not {version}", version=version))
    raw = _get(data, "conversation", "", (dict,))
    where = "conversation"
    created = _get_time(raw, "created_at", where, now)
    title = " ".join(_get(raw, "title", where, (str, type(None)), "").split())
    title_is_auto = _get(raw, "title_is_auto", where, (bool,), title in ("", DEFAULT_TITLE))
    if title_is_auto and title == DEFAULT_TITLE:
        title = ""
    conv: dict[str, Any] = {
        "title": title,
        "title_is_auto": title_is_auto or not title,
        "system_prompt": _get(raw, "system_prompt", where, (str, type(None)), None),
        "template": _get(raw, "template", where, (str, type(None)), None) or None,
        "privacy": _get_choice(raw, "privacy", where, PRIVACY_LEVELS, Privacy.NORMAL.value),
        "complexity": _get_choice(raw, "complexity", where, COMPLEXITY_LEVELS, None),
        "model": _get(raw, "model", where, (str, type(None)), None),
        "params": _get(raw, "params", where, (dict,), {}),
        "pinned": _get(raw, "pinned", where, (bool,), False),
        "created_at": created,
        "updated_at": _get_time(raw, "updated_at", where, created),
    }
    raw_messages = _get(data, "messages", "", (list,))
    messages: list[dict[str, Any]] = []
    seen: dict[str, int] = {}  # a message's id in the document -> its index
    for index, item in enumerate(raw_messages):
        where = f"messages[{index}]"
        if not isinstance(item, dict):
            raise _bad(where, t("must be an object"))
        status = _get_choice(item, "status", where, STATUSES, "complete")
        message_created = _get_time(item, "created_at", where, created)
        own_id = _get(item, "id", where, (str, type(None)), None)
        if version < 2:  # one path: each message follows the one before
            parent: int | None = index - 1 if index else None
        else:
            parent_ref = _get(item, "parent", where, (str, type(None)), None)
            if parent_ref is not None and parent_ref not in seen:
                raise _bad(f"{where}.parent", t("must be the id of a message earlier in the list"))
            parent = None if parent_ref is None else seen[parent_ref]
        if own_id is not None:
            seen[own_id] = index
        messages.append(
            {
                "role": _get_choice(item, "role", where, ROLES, ...),
                "content": _get(item, "content", where, (str,)),
                "privacy": _get_choice(item, "privacy", where, PRIVACY_LEVELS, None),
                "status": "interrupted" if status == "streaming" else status,
                "error_message": _get(item, "error_message", where, (str, type(None)), None),
                "meta": _get(item, "meta", where, (dict,), {}),
                "created_at": message_created,
                "updated_at": _get_time(item, "updated_at", where, message_created),
                "parent": parent,
                "chosen_at": _get_time(item, "chosen_at", where, message_created),
            }
        )
    return conv, messages


IMPORT_HINT = "Choose a file exported by Agentic Desk as JSON (Export…, file type JSON)."


def read_export_file(path: Path) -> Any:
    """The JSON of a file to import (checked by ``import_json``): a missing file, a folder,
    bytes that are not JSON or JSON nested absurdly deep is a
    :class:`ConversationImportError` saying which."""
    try:
        return jsonload.load_file(path, what="The file", hint=IMPORT_HINT)
    except jsonload.JsonUnreadable as exc:
        raise ConversationImportError(exc.message, exc.hint) from None


def _bad(field_name: str, problem: str) -> ConversationImportError:
    return ConversationImportError(
        t(
            "This is not a conversation that can be imported: {field_name} {problem}.",
            field_name=field_name,
            problem=problem,
        ),
        t("Choose a file exported by Agentic Desk as JSON (Export…, file type JSON)."),
    )


def _get(
    obj: Mapping[str, Any],
    key: str,
    where: str,
    kinds: tuple[type, ...],
    default: object = ...,
) -> Any:
    name = f"{where}.{key}" if where else key
    if key not in obj:
        if default is ...:
            raise _bad(name, t("is missing"))
        return default
    value = obj[key]
    if value is None and type(None) in kinds:
        return None
    if isinstance(value, bool) and bool not in kinds:
        raise _bad(
            name,
            t("must be {kind_names}, not {value!r}", kind_names=_kind_names(kinds), value=value),
        )
    if not isinstance(value, kinds):
        raise _bad(
            name,
            t(
                "must be {kind_names}, not {name}",
                kind_names=_kind_names(kinds),
                name=type(value).__name__,
            ),
        )
    return value


def _kind_names(kinds: tuple[type, ...]) -> str:
    names = {
        str: "text",
        bool: t("true or false"),
        int: t("a number"),
        float: t("a number"),
        dict: t("an object"),
        list: t("a list"),
        type(None): "null",
    }
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


def _get_choice(
    obj: Mapping[str, Any], key: str, where: str, choices: Sequence[str], default: object
) -> Any:
    """``obj[key]`` if it is one of ``choices``; ``default`` only when the key is missing
    (``...``: required; ``None``: null is allowed too). Any other value (an unknown word,
    another type) is refused with an error naming the field and the allowed values."""
    name = f"{where}.{key}"
    if key not in obj:
        if default is ...:
            raise _bad(name, t("is missing"))
        return default
    value = obj[key]
    nullable = default is None
    if value is None and nullable:
        return None
    if not isinstance(value, str) or value not in choices:
        allowed = ", ".join(choices) + (" (or null)" if nullable else "")
        raise _bad(name, t("must be one of {allowed}, not {value!r}", allowed=allowed, value=value))
    return value


def _get_time(obj: Mapping[str, Any], key: str, where: str, default: float) -> float:
    value = _get(obj, key, where, (int, float), default)
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise _bad(f"{where}.{key}", t("must be a time (seconds since 1970)"))
    return number


__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "IMPORT_HINT",
    "badge_line",
    "export_document",
    "model_name",
    "parse_export",
    "read_export_file",
    "render_markdown",
    "status_note",
]
