"""Cutting a parsed document into passages (chunks) for search and for the prompt.

A chunk is a span of the document's text (``text[start:end]``, so it always slices back)
that never crosses a heading or a page: a section's paragraphs are packed into chunks of at most
``size`` characters; a paragraph longer than that is cut at word boundaries. Consecutive
chunks of a section overlap by about ``overlap`` characters (the last paragraph, or the
last words, of one chunk start the next), so an answer that straddles a cut is found
whole in one of them. Each chunk records its page (PDF) and the headings it is under;
the heading text itself starts the section's first chunk.
"""

from __future__ import annotations

from dataclasses import dataclass

from agentic_desk.core.library.parsing import Block, ParsedDocument

CHUNK_CHARS = 900
OVERLAP_CHARS = 150


@dataclass(frozen=True)
class Chunk:
    index: int  # 0-based position in the document
    start: int
    end: int
    text: str
    page: int | None
    heading: str


def chunk_document(
    document: ParsedDocument, *, size: int = CHUNK_CHARS, overlap: int = OVERLAP_CHARS
) -> list[Chunk]:
    """The document's chunks, in order (see the module docs)."""
    if size <= overlap or size < 50:
        raise ValueError("size must exceed overlap (and be at least 50)")
    spans: list[tuple[int, int, Block]] = []  # (start, end, block): pieces at most `size`
    for block in document.blocks:
        first = size
        if spans and spans[-1][2].is_heading:  # the heading and the start of its text together
            first = max(size // 2, size - (block.start - spans[-1][0]))
        for start, end in _pieces(document.text, block.start, block.end, size, overlap, first):
            spans.append((start, end, block))
    chunks: list[Chunk] = []
    section: list[tuple[int, int, Block]] = []

    def flush_section() -> None:
        for start, end, block in _pack(section, size, overlap):
            chunks.append(
                Chunk(
                    len(chunks),
                    start,
                    end,
                    document.text[start:end],
                    _page_at(document, start, block),
                    block.heading,
                )
            )
        section.clear()

    for span in spans:
        if section and (span[2].is_heading or span[2].page != section[-1][2].page):
            flush_section()
        section.append(span)
    if section:
        flush_section()
    return chunks


def _page_at(document: ParsedDocument, offset: int, block: Block) -> int | None:
    if block.page is not None or not document.pages:
        return block.page
    return document.page_at(offset)


def _pieces(
    text: str, start: int, end: int, size: int, overlap: int, first: int
) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into windows of at most ``size`` (the first at most
    ``first``) at word boundaries, each overlapping the one before by about ``overlap``."""
    if end - start <= first:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    position = start
    while position < end:
        width = first if not pieces else size
        stop = min(end, position + width)
        if stop < end:
            space = text.rfind(" ", position + width // 2, stop)
            if space > position:
                stop = space
        pieces.append((position, stop))
        if stop >= end:
            break
        following = max(position + 1, stop - overlap)
        space = text.find(" ", following, stop)
        position = space + 1 if space != -1 else stop
        while position < end and text[position].isspace():
            position += 1
    return pieces


def _pack(
    spans: list[tuple[int, int, Block]], size: int, overlap: int
) -> list[tuple[int, int, Block]]:
    """Consecutive pieces of one section joined while they fit in ``size``; a new chunk
    starts with the last piece of the one before when that piece is short (overlap)."""
    out: list[tuple[int, int, Block]] = []
    index = 0
    while index < len(spans):
        first = spans[index]
        start, end, block = first
        last = index
        while last + 1 < len(spans) and spans[last + 1][1] - start <= size:
            last += 1
            end = spans[last][1]
        out.append((start, end, block))
        if last + 1 >= len(spans):
            break
        tail = spans[last]
        # overlap: begin the next chunk with this one's last piece if it is short enough
        # (and the chunk had more than one piece, so the loop moves on)
        if last > index and tail[1] - tail[0] <= overlap and spans[last + 1][1] - tail[0] <= size:
            index = last
        else:
            index = last + 1
    return out


__all__ = ["CHUNK_CHARS", "OVERLAP_CHARS", "Chunk", "chunk_document"]
