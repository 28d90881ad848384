"""Automatic conversation titles, made locally from the user's first message."""

from __future__ import annotations

import re

DEFAULT_TITLE = "New chat"
TITLE_MAX_WORDS = 8
TITLE_MAX_CHARS = 60

_FENCED_CODE = re.compile(r"(^|\n)\s*(```|~~~).*?(\n\s*\2[^\n]*(?=\n|$)|$)", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"<?\b(?:https?|ftp)://[^\s>]+>?|<?\bwww\.[^\s>]+>?", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LINE_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)+", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|~~|`+)")
_TITLE_SOURCE_CHARS = 10_000  # only the start of a long message is looked at
_TRAILING = " \t,;:.-\u2013\u2014(/\\|"


def make_title(text: str) -> str:
    """A short title from a user's first message, made locally: code blocks, URLs and
    Markdown removed, at most :data:`TITLE_MAX_WORDS` words and :data:`TITLE_MAX_CHARS`
    characters (cut at a word boundary), first letter capitalised. :data:`DEFAULT_TITLE`
    when nothing is left."""
    cleaned = _FENCED_CODE.sub("\n", text[:_TITLE_SOURCE_CHARS])
    cleaned = _IMAGE.sub(r"\1", cleaned)
    cleaned = _LINK.sub(r"\1", cleaned)
    cleaned = _URL.sub(" ", cleaned)
    cleaned = _HTML_TAG.sub(" ", cleaned)
    cleaned = _LINE_MARKUP.sub("", cleaned)
    cleaned = _EMPHASIS.sub("", cleaned)
    words = cleaned.split()
    title = ""
    for count, word in enumerate(words):
        if count >= TITLE_MAX_WORDS:
            break
        candidate = f"{title} {word}" if title else word
        if len(candidate) > TITLE_MAX_CHARS:
            if not title:  # one very long word: cut it
                title = word[:TITLE_MAX_CHARS]
            break
        title = candidate
    title = title.rstrip(_TRAILING)
    if not title.strip(_TRAILING + "?!'\"*_`[](){}<>"):
        return DEFAULT_TITLE
    return title[0].upper() + title[1:]


__all__ = ["DEFAULT_TITLE", "TITLE_MAX_CHARS", "TITLE_MAX_WORDS", "make_title"]
