"""Markdown as HTML for the clipboard: a paste into a word processor keeps the formatting.

The same parser as the documents (:func:`~.model.markdown_parser`), with raw HTML off: a
``<script>`` or ``<b>`` in a reply is escaped and pasted as the text it is.
"""

from __future__ import annotations

from agentic_desk.core.documents.model import markdown_parser


def markdown_to_html(text: str) -> str:
    """A fragment of HTML (no ``<html>``/``<body>``) for ``text``."""
    return str(markdown_parser().render(text))


__all__ = ["markdown_to_html"]
