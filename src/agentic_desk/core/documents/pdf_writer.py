"""A :class:`~.model.Document` as a PDF, with fpdf2 (pure Python).

PDF's built-in fonts cover Latin-1 only, so the text is set in DejaVu Sans (and DejaVu
Sans Mono for code), shipped in ``fonts/`` beside this module with its licence: €,
curly quotes, accented letters, Greek and Cyrillic all have glyphs. Characters DejaVu
lacks (e.g. emoji) come out as a blank box.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

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
    plain_text,
)

FONTS = Path(__file__).resolve().parent / "fonts"
SANS = "DejaVuSans"
MONO = "DejaVuSansMono"
BODY_SIZE = 11.0
LINE = 6.0  # mm per line of body text
INDENT = 7.0  # mm per list level or quote
_HEADING_SIZES = {1: 20.0, 2: 16.0, 3: 14.0, 4: 13.0, 5: 12.0}
_ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}

# fpdf2 logs each glyph a font lacks; the export still succeeds (the box is drawn).
logging.getLogger("fpdf").setLevel(logging.ERROR)


def write_pdf(document: Document) -> bytes:
    """The document as the bytes of a PDF file (A4)."""
    pdf = FPDF(format="A4")
    pdf.set_title(document.title)
    pdf.set_creator("Agentic Desk")
    pdf.set_author("")
    pdf.add_font(SANS, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(SANS, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_font(SANS, "I", str(FONTS / "DejaVuSans-Oblique.ttf"))
    pdf.add_font(SANS, "BI", str(FONTS / "DejaVuSans-BoldOblique.ttf"))
    pdf.add_font(MONO, "", str(FONTS / "DejaVuSansMono.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(20, 18, 20)
    pdf.add_page()
    _Writer(pdf).blocks(document.blocks)
    return bytes(pdf.output())


class _Writer:
    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.quoted = 0

    @contextmanager
    def indented(self, by: float) -> Iterator[None]:
        self.pdf.set_left_margin(self.pdf.l_margin + by)
        try:
            yield
        finally:
            self.pdf.set_left_margin(self.pdf.l_margin - by)

    def text_colour(self) -> None:
        if self.quoted:
            self.pdf.set_text_color(90, 90, 90)
        else:
            self.pdf.set_text_color(0, 0, 0)

    def blocks(self, blocks: Sequence[Block]) -> None:
        for block in blocks:
            self.block(block)

    def block(self, block: Block) -> None:
        pdf = self.pdf
        if isinstance(block, Heading):
            size = _HEADING_SIZES.get(block.level, BODY_SIZE)
            pdf.ln(2)
            self.spans(block.spans, size=size, bold=True, line=size * 0.5)
            pdf.ln(2)
        elif isinstance(block, Paragraph):
            self.spans(block.spans)
            pdf.ln(2)
        elif isinstance(block, CodeBlock):
            pdf.set_x(pdf.l_margin)
            pdf.set_font(MONO, "", 9)
            pdf.set_fill_color(242, 242, 242)
            pdf.multi_cell(
                0, 4.6, block.text or " ", fill=True, align="L", padding=(1, 2),
                new_x=XPos.LMARGIN, new_y=YPos.NEXT,
            )  # fmt: skip
            pdf.ln(2)
        elif isinstance(block, Quote):
            self.quoted += 1
            self.text_colour()
            with self.indented(INDENT):
                self.blocks(block.blocks)
            self.quoted -= 1
            self.text_colour()
        elif isinstance(block, ListBlock):
            self.list(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Rule):
            y = pdf.get_y() + 2
            pdf.set_draw_color(150, 150, 150)
            pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
            pdf.set_y(y + 4)

    def list(self, block: ListBlock) -> None:
        pdf = self.pdf
        for number, item in enumerate(block.items, start=block.start):
            marker = f"{number}." if block.ordered else "•"
            pdf.set_x(pdf.l_margin)
            pdf.set_font(SANS, "", BODY_SIZE)
            pdf.cell(INDENT, LINE, marker)
            with self.indented(INDENT):
                if item and isinstance(item[0], Paragraph):
                    self.spans(item[0].spans, start_x=pdf.get_x())
                    pdf.ln(1)
                    self.blocks(item[1:])
                else:
                    pdf.ln(LINE)
                    self.blocks(item)
        pdf.ln(1)

    def table(self, block: Table) -> None:
        pdf = self.pdf
        columns = max([len(block.header), *(len(row) for row in block.rows)], default=0)
        if not columns:
            return
        pdf.ln(1)
        pdf.set_x(pdf.l_margin)
        pdf.set_font(SANS, "", 10)
        align = tuple(_ALIGN.get(a, "LEFT") for a in block.align) or ("LEFT",) * columns
        align = (align + ("LEFT",) * columns)[:columns]
        with pdf.table(
            width=pdf.w - pdf.l_margin - pdf.r_margin,
            align="LEFT",
            text_align=align,
            first_row_as_headings=bool(block.header),
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
            line_height=5.5,
        ) as table:
            for cells in [block.header, *block.rows] if block.header else block.rows:
                row = table.row()
                for column in range(columns):
                    row.cell(plain_text(cells[column]) if column < len(cells) else "")
        pdf.ln(3)

    def spans(
        self,
        spans: Sequence[Span],
        *,
        size: float = BODY_SIZE,
        bold: bool = False,
        line: float = LINE,
        start_x: float | None = None,
    ) -> None:
        """Styled runs that wrap at the right margin and continue at the left one."""
        pdf = self.pdf
        pdf.set_x(start_x if start_x is not None else pdf.l_margin)
        italic_always = self.quoted > 0
        for span in spans:
            strike = "S" if span.strike else ""
            if span.code:
                pdf.set_font(MONO, strike, size * 0.9)
            else:
                style = "B" if bold or span.bold else ""
                style += "I" if span.italic or italic_always else ""
                pdf.set_font(SANS, style + strike, size)
            if span.link:
                pdf.set_text_color(5, 99, 193)
                pdf.write(line, span.text, link=span.link)
                self.text_colour()
            else:
                pdf.write(line, span.text)
        pdf.ln(line)


__all__ = ["write_pdf"]
