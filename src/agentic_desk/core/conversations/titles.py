"""Automatic conversation titles, made locally from the user's first message.

A title never holds sensitive data: whatever the detector finds is replaced by its kind
("Letter about [card number]") before the title is made, and the finished title is
checked again (removing Markdown can join a value the detector did not see before).
"""

from __future__ import annotations

import re

from agentic_desk.core.conversations.sticky import short_label
from agentic_desk.core.i18n import t
from agentic_desk.core.privacy.scanning import CATEGORIES, detect

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
# A finding becomes one word of its own while the title is made: _MARK, the kind's index
# as a private-use character, _MARK (nothing in the cleaning steps touches these).
_MARK = "\ue000"
_KIND_BASE = 0xE100
_PLACEHOLDER = re.compile(f"{_MARK}(.){_MARK}")


def mask_sensitive(text: str) -> str:
    """``text`` with each piece of sensitive data replaced by its kind in brackets (with
    a space either side)."""
    return _expand(_mark_findings(text))


def _mark_findings(text: str) -> str:
    parts: list[str] = []
    position = 0
    for finding in detect(text):
        index = CATEGORIES.index(finding.category) if finding.category in CATEGORIES else 0
        parts += [text[position : finding.start], f" {_MARK}{chr(_KIND_BASE + index)}{_MARK} "]
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def _expand(text: str) -> str:
    def label(match: re.Match[str]) -> str:
        index = ord(match.group(1)) - _KIND_BASE
        kind = CATEGORIES[index] if 0 <= index < len(CATEGORIES) else t("sensitive data")
        return f"[{short_label(kind)}]"

    return _PLACEHOLDER.sub(label, text)


def make_title(text: str) -> str:
    """A short title from a user's first message, made locally: code blocks, URLs and
    Markdown removed, at most :data:`TITLE_MAX_WORDS` words and :data:`TITLE_MAX_CHARS`
    characters (cut at a word boundary), first letter capitalised, sensitive data replaced
    by its kind (:func:`mask_sensitive`). :data:`DEFAULT_TITLE` when nothing is left."""
    cleaned = _FENCED_CODE.sub("\n", _mark_findings(text[:_TITLE_SOURCE_CHARS]))
    cleaned = _IMAGE.sub(r"\1", cleaned)
    cleaned = _LINK.sub(r"\1", cleaned)
    cleaned = _URL.sub(" ", cleaned)
    cleaned = _HTML_TAG.sub(" ", cleaned)
    cleaned = _LINE_MARKUP.sub("", cleaned)
    cleaned = _EMPHASIS.sub("", cleaned)
    words = [_expand(word) for word in cleaned.split()]
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
    title = " ".join(mask_sensitive(title.rstrip(_TRAILING)).split()).rstrip(_TRAILING)
    if not title.strip(_TRAILING + "?!'\"*_`[](){}<>"):
        return DEFAULT_TITLE
    return title[0].upper() + title[1:]


__all__ = ["DEFAULT_TITLE", "TITLE_MAX_CHARS", "TITLE_MAX_WORDS", "make_title", "mask_sensitive"]
