"""Conversations and replies out of the store as files: Markdown, JSON, DOCX, ODT, PDF.

Two shapes: a whole conversation (the path the user sees: a title, the model's name, the
system prompt if set, then each message under a "You" or "Assistant" heading, a reply's
own headings below that) or one reply (its Markdown as a document, nothing added). The
bytes are made here; :func:`save_export` writes them all at once, private (0600) on
POSIX, and says in words when the disk is full or the folder cannot be written.

No export carries a path of this machine: a local model is named by its folder's name.
"""

from __future__ import annotations

import errno
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from agentic_desk.core.atomic import atomic_write_bytes
from agentic_desk.core.conversations.export_import import model_name, status_note
from agentic_desk.core.conversations.values import Conversation, Message
from agentic_desk.core.documents.model import (
    Block,
    Document,
    Heading,
    Paragraph,
    Quote,
    Span,
    parse_markdown,
    shift_headings,
)
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import N_, t


@dataclass(frozen=True)
class ExportFormat:
    key: str  # what the CLI's --format takes
    label: str  # what a save dialog's filter says
    suffix: str
    whole_conversation_only: bool = False  # JSON: the conversation's document, to import


FORMATS: dict[str, ExportFormat] = {
    f.key: f
    for f in (
        ExportFormat("docx", N_("Word document"), ".docx"),
        ExportFormat("odt", N_("OpenDocument text"), ".odt"),
        ExportFormat("pdf", "PDF", ".pdf"),
        ExportFormat("md", "Markdown", ".md"),
        ExportFormat(
            "json", N_("JSON (for importing again)"), ".json", whole_conversation_only=True
        ),
    )
}
TEXT_FORMATS = ("md", "json")  # the ones that can be printed to a terminal


class ExportError(AgenticDeskError):
    """An export could not be made or written."""


class ConversationSource(Protocol):
    """What an export reads from :class:`~agentic_desk.core.conversations.ConversationStore`."""

    def get_conversation(self, conversation_id: str) -> Conversation: ...
    def messages(self, conversation_id: str) -> list[Message]: ...
    def export_markdown(self, conversation_id: str) -> str: ...
    def export_json(self, conversation_id: str) -> dict[str, object]: ...


_ROLE_HEADINGS = {"user": "You", "assistant": "Assistant", "system": "System"}


def format_for(key: str) -> ExportFormat:
    try:
        return FORMATS[key]
    except KeyError:
        raise ExportError(
            t(
                "Unknown export format {key!r}.",
                key=key,
            ),
            t(
                "Use one of: {formats}.",
                formats=", ".join(FORMATS),
            ),
        ) from None


def format_of_path(path: Path) -> ExportFormat | None:
    """The format a file name's suffix names (``None`` for another suffix)."""
    for fmt in FORMATS.values():
        if path.suffix.lower() == fmt.suffix:
            return fmt
    return None


def chosen_format(key: str | None, path: Path | None) -> ExportFormat:
    """The format asked for; when none was, the one the file's suffix names, else Markdown."""
    if key is not None:
        return format_for(key)
    found = format_of_path(path) if path is not None else None
    return found if found is not None else FORMATS["md"]


def _plain_paragraphs(text: str) -> tuple[Block, ...]:
    """Text that is not Markdown (the user's messages, a system prompt): a paragraph per
    blank-line-separated part, its line breaks kept."""
    parts = [part.strip("\n") for part in text.replace("\r\n", "\n").split("\n\n")]
    return tuple(Paragraph((Span(part),)) for part in parts if part.strip())


def conversation_document(conversation: Conversation, messages: Sequence[Message]) -> Document:
    """A whole conversation as a :class:`~.model.Document`."""
    blocks: list[Block] = [Heading(1, (Span(conversation.title),))]
    about = [f"Privacy: {conversation.privacy}"]
    if conversation.model:
        about.append(f"Model: {model_name(conversation.model)}")
    blocks.append(Paragraph((Span(" · ".join(about), italic=True),)))
    if conversation.system_prompt:
        blocks.append(Heading(2, (Span(t("System prompt")),)))
        blocks.append(Quote(_plain_paragraphs(conversation.system_prompt)))
    for message in messages:
        blocks.append(Heading(2, (Span(_ROLE_HEADINGS.get(message.role, message.role)),)))
        if message.role == "assistant":
            blocks.extend(shift_headings(parse_markdown(message.content), 2))
        else:
            blocks.extend(_plain_paragraphs(message.content))
        note = status_note(message)
        if note:
            blocks.append(Paragraph((Span(f"({note})", italic=True),)))
    return Document(conversation.title, tuple(blocks))


def reply_document(conversation: Conversation, message: Message) -> Document:
    """One message as a :class:`~.model.Document`: its text, nothing added."""
    if message.role == "assistant":
        blocks = parse_markdown(message.content)
    else:
        blocks = _plain_paragraphs(message.content)
    return Document(conversation.title, blocks)


def render(document: Document, key: str) -> bytes:
    """The bytes of ``document`` as a DOCX, ODT or PDF file."""
    writer: Callable[[Document], bytes]
    if key == "docx":
        from agentic_desk.core.documents.docx_writer import write_docx as writer
    elif key == "odt":
        from agentic_desk.core.documents.odt_writer import write_odt as writer
    elif key == "pdf":
        from agentic_desk.core.documents.pdf_writer import write_pdf as writer
    else:
        raise ExportError(
            t(
                "{label} is not a document format.",
                label=t(format_for(key).label),
            )
        )
    return writer(document)


def export_conversation(store: ConversationSource, conversation_id: str, key: str) -> bytes:
    """A whole conversation (the path shown) as the bytes of a file in format ``key``."""
    format_for(key)
    if key == "md":
        return store.export_markdown(conversation_id).encode("utf-8")
    if key == "json":
        text = json.dumps(store.export_json(conversation_id), indent=2, ensure_ascii=False)
        return (text + "\n").encode("utf-8")
    conversation = store.get_conversation(conversation_id)
    return render(conversation_document(conversation, store.messages(conversation_id)), key)


def export_message(conversation: Conversation, message: Message, key: str) -> bytes:
    """One message as the bytes of a file in format ``key`` (not JSON)."""
    fmt = format_for(key)
    if fmt.whole_conversation_only:
        raise ExportError(
            t(
                "{label} exports a whole conversation, not one message.",
                label=t(fmt.label),
            ),
            t("Choose Markdown, Word, OpenDocument or PDF for one message."),
        )
    if key == "md":
        return (message.content.rstrip("\n") + "\n").encode("utf-8")
    return render(reply_document(conversation, message), key)


def nth_message(messages: Sequence[Message], number: int) -> Message:
    """The ``number``-th message (from 1, as ``conversations show`` numbers them)."""
    if not 1 <= number <= len(messages):
        raise ExportError(
            t(
                "This conversation has no message {number}: it has {count}.",
                number=number,
                count=len(messages),
            ),
            t("'agentic-desk conversations show ID' lists them with their numbers."),
        )
    return messages[number - 1]


def save_export(path: Path, data: bytes) -> None:
    """Write an export all at once (0600 on POSIX); a failure is an :class:`ExportError`."""
    path = Path(path)
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise _write_error(path, exc) from exc


def _write_error(path: Path, exc: OSError) -> ExportError:
    where = f"“{path.name}” in {path.parent}"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ExportError(
            t(
                "The disk is full: {where} could not be written.",
                where=where,
            ),
            t("Free some space or choose another place, then export again."),
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ExportError(
            t(
                "This app may not write {where}.",
                where=where,
            ),
            t("Choose a folder you can write to, such as your Documents folder."),
        )
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return ExportError(
            t(
                "The folder {parent} does not exist.",
                parent=path.parent,
            ),
            t("Choose a folder that exists."),
        )
    if exc.errno == errno.EISDIR or path.is_dir():
        return ExportError(
            t(
                "{path} is a folder.",
                path=path,
            ),
            t("Give the export a file name."),
        )
    return ExportError(
        t(
            "{where} could not be written ({reason}).",
            where=where,
            reason=exc.strerror or exc,
        ),
        t("Choose another place and export again."),
    )


__all__ = [
    "FORMATS",
    "TEXT_FORMATS",
    "ConversationSource",
    "ExportError",
    "ExportFormat",
    "chosen_format",
    "conversation_document",
    "export_conversation",
    "export_message",
    "format_for",
    "format_of_path",
    "nth_message",
    "render",
    "reply_document",
    "save_export",
]
