"""Documents out of the chat: a conversation or one reply as DOCX, ODT, PDF, Markdown or
JSON, and a reply's Markdown as HTML for the clipboard. No Qt.

The package, by reason to change:

* :mod:`.model` — Markdown (markdown-it-py, raw HTML as text) as blocks and styled spans;
* :mod:`.export` — what a conversation or a reply looks like as a document, the formats,
  and writing the file (atomic, 0600, errors in words);
* :mod:`.docx_writer` (python-docx), :mod:`.odt_writer` (ODF XML in a zip),
  :mod:`.pdf_writer` (fpdf2 with the DejaVu fonts in ``fonts/``) — one writer each;
* :mod:`.html` — Markdown as an HTML fragment, for a rich-text copy.
"""

from __future__ import annotations

from agentic_desk.core.documents.export import (
    FORMATS,
    TEXT_FORMATS,
    ExportError,
    ExportFormat,
    chosen_format,
    conversation_document,
    export_conversation,
    export_message,
    format_for,
    format_of_path,
    nth_message,
    render,
    reply_document,
    save_export,
)
from agentic_desk.core.documents.html import markdown_to_html
from agentic_desk.core.documents.model import Document, parse_markdown

__all__ = [
    "FORMATS",
    "TEXT_FORMATS",
    "Document",
    "ExportError",
    "ExportFormat",
    "chosen_format",
    "conversation_document",
    "export_conversation",
    "export_message",
    "format_for",
    "format_of_path",
    "markdown_to_html",
    "nth_message",
    "parse_markdown",
    "render",
    "reply_document",
    "save_export",
]
