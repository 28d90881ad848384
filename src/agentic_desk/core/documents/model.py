"""Markdown as a small tree of blocks and styled spans, the one shape every writer reads.

The app stores replies as Markdown; :func:`parse_markdown` reads it with markdown-it-py
(CommonMark, plus tables and strikethrough) with raw HTML switched off, so ``<b>`` in a
reply is text, never markup. The writers (:mod:`.docx`, :mod:`.odt`, :mod:`.pdf`) only see
the blocks below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Link targets a document may make live; anything else is shown as text only.
LINK_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Span:
    """A run of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    link: str | None = None  # a live link's target (http, https or mailto only)


@dataclass(frozen=True)
class Heading:
    level: int  # 1 (the largest) to 9
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class CodeBlock:
    text: str
    language: str = ""


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]  # each item: its blocks (paragraphs, nested lists)
    start: int = 1


@dataclass(frozen=True)
class Table:
    header: tuple[tuple[Span, ...], ...]  # one cell's spans per column
    rows: tuple[tuple[tuple[Span, ...], ...], ...]
    align: tuple[str, ...] = ()  # per column: "", "left", "center" or "right"


@dataclass(frozen=True)
class Rule:
    """A thematic break (``---``)."""


Block = Heading | Paragraph | CodeBlock | Quote | ListBlock | Table | Rule


@dataclass(frozen=True)
class Document:
    """What is written: a title (the file's metadata) and the blocks."""

    title: str
    blocks: tuple[Block, ...]


def markdown_parser() -> MarkdownIt:
    """CommonMark with tables and strikethrough; raw HTML is text (``html`` off)."""
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def parse_markdown(text: str) -> tuple[Block, ...]:
    """The blocks of a Markdown text."""
    tokens = markdown_parser().parse(text)
    blocks, _ = _blocks(tokens, 0, None)
    return tuple(blocks)


def plain_text(spans: Sequence[Span]) -> str:
    return "".join(span.text for span in spans)


def shift_headings(blocks: Sequence[Block], by: int) -> tuple[Block, ...]:
    """The same blocks with every heading ``by`` levels deeper (at most level 9): a reply's
    own headings sit under the conversation's."""
    shifted: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            shifted.append(replace(block, level=min(9, block.level + by)))
        elif isinstance(block, Quote):
            shifted.append(Quote(shift_headings(block.blocks, by)))
        elif isinstance(block, ListBlock):
            items = tuple(shift_headings(item, by) for item in block.items)
            shifted.append(replace(block, items=items))
        else:
            shifted.append(block)
    return tuple(shifted)


# ---- from markdown-it's tokens ---------------------------------------------------------------


def _blocks(tokens: list[Token], i: int, close: str | None) -> tuple[list[Block], int]:
    """The blocks from ``tokens[i]`` up to the token of type ``close`` (or the end); returns
    them and the index after ``close``."""
    blocks: list[Block] = []
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if close is not None and kind == close:
            return blocks, i + 1
        if kind == "heading_open":
            blocks.append(Heading(int(token.tag[1:]), _spans(tokens[i + 1])))
            i += 3
        elif kind == "paragraph_open":
            spans = _spans(tokens[i + 1])
            if spans:
                blocks.append(Paragraph(spans))
            i += 3
        elif kind in ("fence", "code_block"):
            language = token.info.split()[0] if token.info.strip() else ""
            blocks.append(CodeBlock(token.content.rstrip("\n"), language))
            i += 1
        elif kind == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, "blockquote_close")
            blocks.append(Quote(tuple(inner)))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            start = int(str(token.attrs.get("start", 1))) if ordered else 1
            closing = kind.replace("_open", "_close")
            items: list[tuple[Block, ...]] = []
            i += 1
            while tokens[i].type != closing:  # list_item_open
                item, i = _blocks(tokens, i + 1, "list_item_close")
                items.append(tuple(item))
            blocks.append(ListBlock(ordered, tuple(items), start))
            i += 1
        elif kind == "table_open":
            table, i = _table(tokens, i + 1)
            blocks.append(table)
        elif kind == "hr":
            blocks.append(Rule())
            i += 1
        elif kind in ("html_block", "inline"):  # not produced with html off; text if it is
            text = token.content.rstrip("\n")
            if text:
                blocks.append(Paragraph((Span(text),)))
            i += 1
        else:
            i += 1
    return blocks, i


def _table(tokens: list[Token], i: int) -> tuple[Table, int]:
    header: list[tuple[Span, ...]] = []
    rows: list[tuple[tuple[Span, ...], ...]] = []
    align: list[str] = []
    row: list[tuple[Span, ...]] = []
    in_head = False
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            if in_head:
                style = str(token.attrs.get("style", ""))
                align.append(style.removeprefix("text-align:").strip())
            row.append(_spans(tokens[i + 1]))
        elif token.type == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(tuple(row))
        i += 1
    return Table(tuple(header), tuple(rows), tuple(align)), i + 1


def _spans(inline: Token) -> tuple[Span, ...]:
    """The styled runs of an ``inline`` token; line breaks become ``\\n``, soft ones a space."""
    spans: list[Span] = []
    bold = italic = strike = 0
    links: list[str | None] = []

    def add(text: str, *, code: bool = False) -> None:
        if not text:
            return
        span = Span(text, bold > 0, italic > 0, code, strike > 0, links[-1] if links else None)
        last = spans[-1] if spans else None
        if last is not None and replace(last, text="") == replace(span, text=""):
            spans[-1] = replace(last, text=last.text + text)
        else:
            spans.append(span)

    for child in inline.children or []:
        kind = child.type
        if kind == "text":
            add(child.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            add(child.content, code=True)
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "s_open":
            strike += 1
        elif kind == "s_close":
            strike -= 1
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            links.append(href if href.lower().startswith(LINK_SCHEMES) else None)
        elif kind == "link_close":
            if links:
                links.pop()
        elif kind == "image":
            add(f"[{child.content or 'image'}]")
        elif kind == "html_inline":  # not produced with html off; text if it is
            add(child.content)
    return tuple(spans)


__all__ = [
    "LINK_SCHEMES",
    "Block",
    "CodeBlock",
    "Document",
    "Heading",
    "ListBlock",
    "Paragraph",
    "Quote",
    "Rule",
    "Span",
    "Table",
    "markdown_parser",
    "parse_markdown",
    "plain_text",
    "shift_headings",
]
