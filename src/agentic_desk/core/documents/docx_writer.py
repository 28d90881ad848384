"""A :class:`~.model.Document` as a Word document (``.docx``), with python-docx.

Headings use Word's "Heading N" styles, lists "List Bullet"/"List Number" (levels 2 and 3
for nested lists), block quotes "Quote", tables "Table Grid"; code is set in a monospace
font. The file's properties carry the title and nothing else (python-docx's template
would otherwise name python-docx as the author).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from agentic_desk.core.documents.model import (
    Block,
    CodeBlock,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Span,
    Table,
)

MONOSPACE = "Courier New"
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def write_docx(document: Document) -> bytes:
    """The document as the bytes of a ``.docx`` file."""
    doc = new_docx()
    props = doc.core_properties
    props.title = document.title
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.subject = ""
    props.keywords = ""
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0)
    writer = _Writer(doc)
    writer.blocks(document.blocks, depth=0, quoted=False)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class _Writer:
    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc

    def blocks(self, blocks: Sequence[Block], *, depth: int, quoted: bool) -> None:
        for block in blocks:
            self.block(block, depth=depth, quoted=quoted)

    def block(self, block: Block, *, depth: int, quoted: bool) -> None:
        doc = self.doc
        if isinstance(block, Heading):
            paragraph = doc.add_heading("", level=min(block.level, 9))
            self.runs(paragraph, block.spans)
        elif isinstance(block, Paragraph):
            style = "Quote" if quoted else _continue_style(depth)
            self.runs(doc.add_paragraph(style=style), block.spans)
        elif isinstance(block, CodeBlock):
            paragraph = doc.add_paragraph(style=_continue_style(depth))
            run = paragraph.add_run(block.text)
            run.font.name = MONOSPACE
            run.font.size = Pt(9.5)
        elif isinstance(block, Quote):
            self.blocks(block.blocks, depth=depth, quoted=True)
        elif isinstance(block, ListBlock):
            self.list(block, depth=depth)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Rule):
            _bottom_border(doc.add_paragraph())

    def list(self, block: ListBlock, *, depth: int) -> None:
        level = min(depth + 1, 3)
        base = "List Number" if block.ordered else "List Bullet"
        style = base if level == 1 else f"{base} {level}"
        num_id = self.numbering(style, block.start) if block.ordered else None
        for item in block.items:
            first, rest = (item[0], item[1:]) if item else (Paragraph(()), ())
            paragraph = self.doc.add_paragraph(style=style)
            if isinstance(first, Paragraph):
                self.runs(paragraph, first.spans)
            else:
                rest = (first, *rest)
            if num_id is not None:
                paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = num_id
            self.blocks(rest, depth=depth + 1, quoted=False)

    def numbering(self, style: str, start: int) -> int:
        """A numbering of its own for one numbered list, from ``start``: Word's "List
        Number" styles share one, so a second list would go on counting from the first."""
        numbering = self.doc.part.numbering_part.element
        style_id = self.doc.styles[style].element.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(style_id).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return int(num.numId)

    def table(self, block: Table) -> None:
        columns = max([len(block.header), *(len(row) for row in block.rows)], default=0)
        if not columns:
            return
        table = self.doc.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        for index, row in enumerate([block.header, *block.rows] if block.header else block.rows):
            cells = table.add_row().cells
            for column in range(columns):
                spans = row[column] if column < len(row) else ()
                align = block.align[column] if column < len(block.align) else ""
                self.cell(cells[column], spans, header=index == 0 and bool(block.header))
                if align in _ALIGN:
                    cells[column].paragraphs[0].alignment = _ALIGN[align]

    def cell(self, cell: _Cell, spans: Sequence[Span], *, header: bool) -> None:
        paragraph = cell.paragraphs[0]
        self.runs(paragraph, spans)
        if header:
            for run in paragraph.runs:
                run.bold = True

    def runs(self, paragraph: DocxParagraph, spans: Sequence[Span]) -> None:
        for span in spans:
            if span.link:
                _hyperlink(paragraph, span)
                continue
            run = paragraph.add_run(span.text)
            run.bold = span.bold or None
            run.italic = span.italic or None
            if span.strike:
                run.font.strike = True
            if span.code:
                run.font.name = MONOSPACE


def _continue_style(depth: int) -> str | None:
    """Paragraphs inside a list item line up with its text."""
    if depth <= 0:
        return None
    return "List Continue" if depth == 1 else f"List Continue {min(depth, 3)}"


def _hyperlink(paragraph: DocxParagraph, span: Span) -> None:
    """A live link (python-docx has no call for one: the WordprocessingML is built here)."""
    assert span.link is not None
    rel_id = paragraph.part.relate_to(span.link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    for flag, on in (("w:b", span.bold), ("w:i", span.italic), ("w:strike", span.strike)):
        if on:
            props.append(OxmlElement(flag))
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(color)
    props.append(underline)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = span.text
    text.set(qn("xml:space"), "preserve")
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _bottom_border(paragraph: DocxParagraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


__all__ = ["write_docx"]
