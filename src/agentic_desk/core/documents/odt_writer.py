"""A :class:`~.model.Document` as an OpenDocument text file (``.odt``), written directly.

An ``.odt`` is a zip of a few XML files (ODF 1.2+): ``mimetype`` (first, uncompressed),
``META-INF/manifest.xml``, ``content.xml``, ``styles.xml`` and ``meta.xml``. The XML is
built with :mod:`xml.etree.ElementTree` (so every text is escaped), using ODF's standard
style names ("Heading 1", "Quotations", "Preformatted Text", "Table Contents"…) that
LibreOffice and Word know. odfpy would do the same with a dependency that has had no
release since 2020.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.etree import ElementTree as ET

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

MIMETYPE = "application/vnd.oasis.opendocument.text"
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)

MONOSPACE = "DejaVu Sans Mono"
_HEADING_SIZES = {1: "20pt", 2: "16pt", 3: "14pt", 4: "13pt", 5: "12pt"}


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _el(parent: ET.Element | None, name: str, attrs: dict[str, str] | None = None) -> ET.Element:
    qualified = {_q(k): v for k, v in (attrs or {}).items()}
    if parent is None:
        return ET.Element(_q(name), qualified)
    return ET.SubElement(parent, _q(name), qualified)


def _xml(root: ET.Element) -> bytes:
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def write_odt(document: Document) -> bytes:
    """The document as the bytes of an ``.odt`` file."""
    content = _Content()
    content.blocks(document.blocks)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as odt:
        odt.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        deflate = zipfile.ZIP_DEFLATED
        odt.writestr("META-INF/manifest.xml", _manifest(), compress_type=deflate)
        odt.writestr("content.xml", _xml(content.root), compress_type=deflate)
        odt.writestr("styles.xml", _styles(), compress_type=deflate)
        odt.writestr("meta.xml", _meta(document.title), compress_type=deflate)
    return out.getvalue()


def _manifest() -> bytes:
    root = _el(None, "manifest:manifest", {"manifest:version": "1.2"})
    for path, media in (
        ("/", MIMETYPE),
        ("content.xml", "text/xml"),
        ("styles.xml", "text/xml"),
        ("meta.xml", "text/xml"),
    ):
        attrs = {"manifest:full-path": path, "manifest:media-type": media}
        if path == "/":
            attrs["manifest:version"] = "1.2"
        _el(root, "manifest:file-entry", attrs)
    return _xml(root)


def _meta(title: str) -> bytes:
    root = _el(None, "office:document-meta", {"office:version": "1.2"})
    meta = _el(root, "office:meta")
    _el(meta, "meta:generator").text = "Agentic Desk"
    _el(meta, "dc:title").text = title
    return _xml(root)


def _paragraph_style(
    parent: ET.Element,
    name: str,
    display: str,
    *,
    parent_style: str = "Standard",
    paragraph: dict[str, str] | None = None,
    text: dict[str, str] | None = None,
    extra: dict[str, str] | None = None,
) -> None:
    attrs = {"style:name": name, "style:display-name": display, "style:family": "paragraph"}
    if name != "Standard":
        attrs["style:parent-style-name"] = parent_style
    style = _el(parent, "style:style", {**attrs, **(extra or {})})
    if paragraph:
        _el(style, "style:paragraph-properties", paragraph)
    if text:
        _el(style, "style:text-properties", text)


def _styles() -> bytes:
    root = _el(None, "office:document-styles", {"office:version": "1.2"})
    fonts = _el(root, "office:font-face-decls")
    _el(
        fonts,
        "style:font-face",
        {"style:name": MONOSPACE, "svg:font-family": f"'{MONOSPACE}'", "style:font-pitch": "fixed"},
    )
    styles = _el(root, "office:styles")
    _paragraph_style(
        styles, "Standard", "Default Paragraph Style", paragraph={"fo:margin-bottom": "0.2cm"}
    )
    _paragraph_style(styles, "Text_20_body", "Text Body")
    _paragraph_style(
        styles,
        "Heading",
        "Heading",
        paragraph={"fo:margin-top": "0.4cm", "fo:keep-with-next": "always"},
        text={"fo:font-weight": "bold"},
    )
    for level in range(1, 10):
        _paragraph_style(
            styles,
            f"Heading_20_{level}",
            f"Heading {level}",
            parent_style="Heading",
            text={"fo:font-size": _HEADING_SIZES.get(level, "11pt"), "fo:font-weight": "bold"},
            extra={"style:default-outline-level": str(level)},
        )
    _paragraph_style(
        styles,
        "Quotations",
        "Quotations",
        paragraph={"fo:margin-left": "1cm", "fo:margin-right": "1cm"},
        text={"fo:font-style": "italic"},
    )
    _paragraph_style(
        styles,
        "Preformatted_20_Text",
        "Preformatted Text",
        paragraph={"fo:background-color": "#f2f2f2"},
        text={"style:font-name": MONOSPACE, "fo:font-size": "9.5pt"},
    )
    _paragraph_style(styles, "Table_20_Contents", "Table Contents")
    _paragraph_style(
        styles,
        "Table_20_Heading",
        "Table Heading",
        parent_style="Table_20_Contents",
        text={"fo:font-weight": "bold"},
    )
    _paragraph_style(
        styles,
        "Horizontal_20_Line",
        "Horizontal Line",
        paragraph={"fo:border-bottom": "0.5pt solid #808080", "fo:padding-bottom": "0.1cm"},
    )
    _el(
        styles,
        "style:style",
        {
            "style:name": "Source_20_Text",
            "style:display-name": "Source Text",
            "style:family": "text",
        },
    ).append(ET.Element(_q("style:text-properties"), {_q("style:font-name"): MONOSPACE}))
    link = _el(
        styles,
        "style:style",
        {
            "style:name": "Internet_20_link",
            "style:display-name": "Internet Link",
            "style:family": "text",
        },
    )
    _el(
        link,
        "style:text-properties",
        {
            "fo:color": "#0563c1",
            "style:text-underline-style": "solid",
            "style:text-underline-width": "auto",
            "style:text-underline-color": "font-color",
        },
    )
    return _xml(root)


class _Content:
    """content.xml, with the automatic styles its spans and lists need made on demand."""

    def __init__(self) -> None:
        self.root = _el(None, "office:document-content", {"office:version": "1.2"})
        fonts = _el(self.root, "office:font-face-decls")
        _el(
            fonts,
            "style:font-face",
            {
                "style:name": MONOSPACE,
                "svg:font-family": f"'{MONOSPACE}'",
                "style:font-pitch": "fixed",
            },
        )
        self.automatic = _el(self.root, "office:automatic-styles")
        self.body = _el(_el(self.root, "office:body"), "office:text")
        self._span_styles: dict[tuple[bool, bool, bool, bool], str] = {}
        self._list_styles: dict[bool, str] = {}
        self._tables = 0

    # ---- styles ----

    def span_style(self, span: Span) -> str | None:
        key = (span.bold, span.italic, span.code, span.strike)
        if not any(key):
            return None
        if key == (False, False, True, False):
            return "Source_20_Text"  # the standard style for inline code
        if key not in self._span_styles:
            name = f"T{len(self._span_styles) + 1}"
            style = _el(self.automatic, "style:style", {"style:name": name, "style:family": "text"})
            props: dict[str, str] = {}
            if span.bold:
                props["fo:font-weight"] = "bold"
            if span.italic:
                props["fo:font-style"] = "italic"
            if span.code:
                props["style:font-name"] = MONOSPACE
            if span.strike:
                props["style:text-line-through-style"] = "solid"
            _el(style, "style:text-properties", props)
            self._span_styles[key] = name
        return self._span_styles[key]

    def list_style(self, ordered: bool) -> str:
        if ordered not in self._list_styles:
            name = "LNumbers" if ordered else "LBullets"
            style = _el(self.automatic, "text:list-style", {"style:name": name})
            for level in range(1, 11):
                indent = f"{0.635 * level:.3f}cm"
                if ordered:
                    item = _el(
                        style,
                        "text:list-level-style-number",
                        {
                            "text:level": str(level),
                            "style:num-format": "1",
                            "style:num-suffix": ".",
                        },
                    )
                else:
                    bullet = "•◦▪"[(level - 1) % 3]
                    item = _el(
                        style,
                        "text:list-level-style-bullet",
                        {"text:level": str(level), "text:bullet-char": bullet},
                    )
                props = _el(
                    item,
                    "style:list-level-properties",
                    {"text:list-level-position-and-space-mode": "label-alignment"},
                )
                _el(
                    props,
                    "style:list-level-label-alignment",
                    {
                        "text:label-followed-by": "listtab",
                        "text:list-tab-stop-position": indent,
                        "fo:text-indent": "-0.635cm",
                        "fo:margin-left": indent,
                    },
                )
            self._list_styles[ordered] = name
        return self._list_styles[ordered]

    # ---- blocks ----

    def blocks(self, blocks: Sequence[Block]) -> None:
        for block in blocks:
            self.block(block, self.body, quoted=False)

    def block(self, block: Block, parent: ET.Element, *, quoted: bool) -> None:
        if isinstance(block, Heading):
            heading = _el(
                parent,
                "text:h",
                {
                    "text:style-name": f"Heading_20_{block.level}",
                    "text:outline-level": str(block.level),
                },
            )
            self.spans(heading, block.spans)
        elif isinstance(block, Paragraph):
            style = "Quotations" if quoted else "Text_20_body"
            self.spans(_el(parent, "text:p", {"text:style-name": style}), block.spans)
        elif isinstance(block, CodeBlock):
            code = _el(parent, "text:p", {"text:style-name": "Preformatted_20_Text"})
            _add_text(code, block.text)
        elif isinstance(block, Quote):
            for inner in block.blocks:
                self.block(inner, parent, quoted=True)
        elif isinstance(block, ListBlock):
            self.list(block, parent, quoted=quoted)
        elif isinstance(block, Table):
            self.table(block, parent)
        elif isinstance(block, Rule):
            _el(parent, "text:p", {"text:style-name": "Horizontal_20_Line"})

    def list(self, block: ListBlock, parent: ET.Element, *, quoted: bool) -> None:
        attrs = {"text:style-name": self.list_style(block.ordered)}
        listing = _el(parent, "text:list", attrs)
        for index, item in enumerate(block.items):
            item_attrs = {}
            if block.ordered and index == 0 and block.start != 1:
                item_attrs["text:start-value"] = str(block.start)
            element = _el(listing, "text:list-item", item_attrs)
            if not item:
                _el(element, "text:p")
            for inner in item:
                self.block(inner, element, quoted=quoted)

    def table(self, block: Table, parent: ET.Element) -> None:
        columns = max([len(block.header), *(len(row) for row in block.rows)], default=0)
        if not columns:
            return
        self._tables += 1
        table = _el(parent, "table:table", {"table:name": f"Table{self._tables}"})
        _el(table, "table:table-column", {"table:number-columns-repeated": str(columns)})

        def row(container: ET.Element, cells: Sequence[Sequence[Span]], style: str) -> None:
            element = _el(container, "table:table-row")
            for column in range(columns):
                cell = _el(element, "table:table-cell", {"office:value-type": "string"})
                spans = cells[column] if column < len(cells) else ()
                self.spans(_el(cell, "text:p", {"text:style-name": style}), spans)

        if block.header:
            row(_el(table, "table:table-header-rows"), block.header, "Table_20_Heading")
        for cells in block.rows:
            row(table, cells, "Table_20_Contents")

    def spans(self, parent: ET.Element, spans: Sequence[Span]) -> None:
        for span in spans:
            target = parent
            if span.link:
                target = _el(
                    parent,
                    "text:a",
                    {
                        "xlink:type": "simple",
                        "xlink:href": span.link,
                        "text:style-name": "Internet_20_link",
                    },
                )
            style = self.span_style(span)
            if style:
                target = _el(target, "text:span", {"text:style-name": style})
            _add_text(target, span.text)


def _add_text(parent: ET.Element, text: str) -> None:
    """Append ``text`` to ``parent`` the ODF way: runs of spaces as ``text:s``, tabs as
    ``text:tab``, line breaks as ``text:line-break`` (a reader collapses plain white space)."""
    last: ET.Element | None = parent[-1] if len(parent) else None

    def put(chars: str) -> None:
        if not chars:
            return
        if last is None:
            parent.text = (parent.text or "") + chars
        else:
            last.tail = (last.tail or "") + chars

    def element(name: str, attrs: dict[str, str] | None = None) -> None:
        nonlocal last
        last = _el(parent, name, attrs)

    at_start = not parent.text and not len(parent)
    buffer = ""
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\n":
            put(buffer)
            buffer = ""
            element("text:line-break")
            at_start = True
        elif char == "\t":
            put(buffer)
            buffer = ""
            element("text:tab")
            at_start = False
        elif char == " ":
            end = index
            while end < len(text) and text[end] == " ":
                end += 1
            count = end - index
            keep = 0 if at_start else 1  # one space is kept as it is, except at the start
            buffer += " " * keep
            if count - keep:
                put(buffer)
                buffer = ""
                attrs = {"text:c": str(count - keep)} if count - keep > 1 else {}
                element("text:s", attrs)
            index = end
            at_start = False
            continue
        else:
            buffer += char
            at_start = False
        index += 1
    put(buffer)


__all__ = ["MIMETYPE", "write_odt"]
