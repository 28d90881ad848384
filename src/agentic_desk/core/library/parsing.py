"""Reading a document into plain text with its structure: paragraphs, headings, pages.

:func:`parse` reads ``.txt``, ``.md``, ``.docx``, ``.pdf`` (its text layer, page by page),
``.odt`` and ``.html``/``.htm`` into a :class:`ParsedDocument`: one ``text`` and the
:class:`Block` s (paragraphs and headings) that make it up, each with its character span
in ``text``, its page (PDF) and the heading it sits under. For ``.txt`` and ``.md`` the
text is the file's text itself, so a chunk's offsets slice the file back.

Anything that cannot be read raises :class:`DocumentError` (an :class:`AgenticDeskError`)
in words a user understands: a format that is not supported (with the list that is), a
scanned PDF without a text layer, an encrypted or damaged PDF, a ``.docx`` that is not
one, an empty file, a file larger than :data:`MAX_FILE_BYTES`.

Libraries: ``pypdf`` (BSD-3-Clause) for PDF, ``python-docx`` (MIT) for DOCX; ODT and HTML
with the standard library (``zipfile`` + ``xml.etree``, ``html.parser``).
"""

from __future__ import annotations

import html.parser
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t

MAX_FILE_BYTES = 200 * 1024 * 1024  # larger files are refused, one by one
SUFFIXES: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf", ".odt", ".html", ".htm")
BLOCK_SEPARATOR = "\n\n"


class DocumentError(AgenticDeskError):
    """A file that could not be read into the library (the message names it)."""


@dataclass(frozen=True)
class Block:
    """A paragraph or heading: ``text[start:end]`` of its document."""

    start: int
    end: int
    page: int | None = None  # 1-based (PDF)
    heading: str = ""  # the headings it sits under, "Part > Section"
    is_heading: bool = False
    level: int = 0  # a heading's level (1 = top)


@dataclass
class ParsedDocument:
    path: Path
    kind: str  # "txt", "md", "docx", "pdf", "odt", "html"
    text: str
    blocks: list[Block] = field(default_factory=list)
    pages: int = 0  # PDF pages (0: not paged)

    def page_at(self, offset: int) -> int | None:
        """The page the character at ``offset`` is on (None: not paged)."""
        page = None
        for block in self.blocks:
            if block.start > offset:
                break
            page = block.page
        return page


def supported_list() -> str:
    return ", ".join(SUFFIXES[:-1])


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def parse(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ParsedDocument:
    """The text and structure of the document at ``path`` (see the module docs)."""
    path = Path(path)
    suffix = path.suffix.lower()
    name = path.name
    if suffix not in SUFFIXES:
        raise DocumentError(
            t(
                "{name}: files of this kind ({suffix}) cannot be added.",
                name=name,
                suffix=suffix or t("no extension"),
            ),
            t("These can: {formats}.", formats=supported_list()),
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(
            t("{name} could not be read ({reason}).", name=name, reason=exc.strerror or exc),
            t("Check that the file exists and that you may read it."),
        ) from exc
    if size == 0:
        raise DocumentError(
            t("{name} is empty (0 bytes).", name=name), t("There is nothing in it to index.")
        )
    if size > max_bytes:
        raise DocumentError(
            t(
                "{name} is too large to index ({size} MB; the limit is {limit} MB).",
                name=name,
                size=size // (1024 * 1024),
                limit=max_bytes // (1024 * 1024),
            ),
            t("Split it into smaller files, or add the parts that matter."),
        )
    kind = "htm" if suffix == ".htm" else suffix[1:]
    reader = _READERS["html" if kind == "htm" else kind]
    try:
        document = reader(path)
    except DocumentError:
        raise
    except OSError as exc:
        raise DocumentError(
            t("{name} could not be read ({reason}).", name=name, reason=exc.strerror or exc),
            t("Check that the file exists and that you may read it."),
        ) from exc
    if not document.text.strip():
        raise DocumentError(
            t("{name} has no text in it.", name=name), t("There is nothing in it to index.")
        )
    return document


# ---- building a document from blocks ------------------------------------------------------


class _Builder:
    """Joins blocks with :data:`BLOCK_SEPARATOR`, keeping their spans and headings."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []
        self.headings: list[tuple[int, str]] = []  # (level, title) from the top

    def heading(self, text: str, level: int, page: int | None = None) -> None:
        text = " ".join(text.split())
        if not text:
            return
        self.headings = [(lv, h) for lv, h in self.headings if lv < level] + [(level, text)]
        self._add(text, page, is_heading=True, level=level)

    def paragraph(self, text: str, page: int | None = None) -> None:
        text = text.strip()
        if text:
            self._add(text, page)

    def _add(
        self, text: str, page: int | None, *, is_heading: bool = False, level: int = 0
    ) -> None:
        if self.parts:
            self.parts.append(BLOCK_SEPARATOR)
            self.length += len(BLOCK_SEPARATOR)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        path = " > ".join(h for _lv, h in self.headings)
        self.blocks.append(Block(start, self.length, page, path, is_heading, level))

    def document(self, pages: int = 0) -> ParsedDocument:
        return ParsedDocument(self.path, self.kind, "".join(self.parts), self.blocks, pages)


# ---- plain text and Markdown ------------------------------------------------------------------


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(
            t("{name} is not a text file (it holds binary data).", name=path.name),
            t("Check that the file's extension matches what it is."),
        )
    for encoding in (
        ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",)
    ):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")  # older Windows text


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")


def _paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the paragraphs of ``text`` (separated by blank lines), trimmed."""
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match is not None else len(text)
        segment = text[position:end]
        stripped = segment.strip()
        if stripped:
            lead = len(segment) - len(segment.lstrip())
            yield position + lead, position + lead + len(stripped)
        if match is not None:
            position = match.end()


def _read_text(path: Path) -> ParsedDocument:
    text = _decode(path)
    kind = path.suffix.lower()[1:]
    blocks: list[Block] = []
    headings: list[tuple[int, str]] = []
    for start, end in _paragraph_spans(text):
        # A Markdown heading line starts its own block, even without a blank line after it.
        line_start = body = start
        for line in text[start:end].split("\n"):
            line_end = line_start + len(line)
            match = _MD_HEADING.match(line.strip()) if kind == "md" else None
            if match is not None:
                level = len(match.group(1))
                headings = [(lv, h) for lv, h in headings if lv < level]
                headings.append((level, match.group(2).strip()))
                path_text = " > ".join(h for _lv, h in headings)
                blocks.append(Block(line_start, line_end, None, path_text, True, level))
                body = line_end + 1
            line_start = line_end + 1
        if body < end:
            segment = text[body:end]
            lead = len(segment) - len(segment.lstrip())
            path_text = " > ".join(h for _lv, h in headings)
            blocks.append(Block(body + lead, end, None, path_text))
    return ParsedDocument(path, kind, text, blocks)


# ---- DOCX ---------------------------------------------------------------------------------------


def _read_docx(path: Path) -> ParsedDocument:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        ElementTree.ParseError,
    ) as exc:
        raise DocumentError(
            t(
                "{name} is not a Word document that can be read (it may be damaged).",
                name=path.name,
            ),
            t("Open it in a word processor and save it again as .docx."),
        ) from exc
    except Exception as exc:  # lxml's errors and others from a broken package
        raise DocumentError(
            t(
                "{name} is not a Word document that can be read (it may be damaged).",
                name=path.name,
            ),
            t("Open it in a word processor and save it again as .docx."),
        ) from exc
    builder = _Builder(path, "docx")
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level = _heading_level(style)
        if level:
            builder.heading(paragraph.text, level)
        else:
            builder.paragraph(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            builder.paragraph(" | ".join(cell.text.strip() for cell in row.cells))
    return builder.document()


def _heading_level(style: str) -> int:
    lowered = style.lower()
    if lowered == "title":
        return 1
    match = re.match(r"heading\s*(\d)", lowered)
    return int(match.group(1)) if match else 0


# ---- PDF ------------------------------------------------------------------------------------


def _read_pdf(path: Path) -> ParsedDocument:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

    damaged = DocumentError(
        t("{name} is not a PDF that can be read (it may be damaged).", name=path.name),
        t("Open it in a PDF viewer and save or print it to a new PDF."),
    )
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # an owner password only: still readable
            except (PyPdfError, NotImplementedError) as exc:
                raise _encrypted(path) from exc
            if not opened:
                raise _encrypted(path)
        pages = list(reader.pages)
    except DocumentError:
        raise
    except FileNotDecryptedError as exc:
        raise _encrypted(path) from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise damaged from exc
    builder = _Builder(path, "pdf")
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except FileNotDecryptedError as exc:
            raise _encrypted(path) from exc
        except Exception as exc:  # pypdf raises many kinds on a broken page
            raise damaged from exc
        for start, end in _paragraph_spans(text):
            builder.paragraph(text[start:end], page=number)
    if not builder.blocks:
        raise DocumentError(
            t("{name} has no text layer: it looks like a scanned PDF.", name=path.name),
            t("Text in scanned pages cannot be read yet (no OCR). Add a PDF with text in it."),
        )
    return builder.document(pages=len(pages))


def _encrypted(path: Path) -> DocumentError:
    return DocumentError(
        t("{name} is a PDF protected with a password.", name=path.name),
        t("Save a copy without the password (in a PDF viewer) and add that."),
    )


# ---- ODT --------------------------------------------------------------------------------------

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _read_odt(path: Path) -> ParsedDocument:
    try:
        with zipfile.ZipFile(path) as archive:
            content = archive.read("content.xml")
        root = ElementTree.fromstring(content)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise DocumentError(
            t(
                "{name} is not an OpenDocument text that can be read (it may be damaged).",
                name=path.name,
            ),
            t("Open it in a word processor and save it again as .odt."),
        ) from exc
    builder = _Builder(path, "odt")
    body = root.find(f"{{{_OFFICE_NS}}}body")
    for element in (body if body is not None else root).iter():
        if element.tag == f"{{{_TEXT_NS}}}h":
            level = int(element.get(f"{{{_TEXT_NS}}}outline-level", "1") or 1)
            builder.heading(_odt_text(element), level)
        elif element.tag == f"{{{_TEXT_NS}}}p":
            builder.paragraph(_odt_text(element))
    return builder.document()


def _odt_text(element: ElementTree.Element) -> str:
    parts: list[str] = []

    def walk(node: ElementTree.Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == f"{{{_TEXT_NS}}}s":
                parts.append(" " * int(child.get(f"{{{_TEXT_NS}}}c", "1") or 1))
            elif child.tag == f"{{{_TEXT_NS}}}tab":
                parts.append("\t")
            elif child.tag == f"{{{_TEXT_NS}}}line-break":
                parts.append("\n")
            elif child.tag not in (f"{{{_TEXT_NS}}}note",):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)


# ---- HTML ------------------------------------------------------------------------------------

_HEADING_TAGS = {f"h{n}": n for n in range(1, 7)}
_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "tr",
    "br",
    "section",
    "article",
    "blockquote",
    "pre",
    "td",
    "th",
    "dd",
    "dt",
    "table",
    "ul",
    "ol",
    "body",
    "main",
    "header",
    "footer",
}
_SKIPPED_TAGS = {"script", "style", "head", "noscript", "template", "svg"}


class _HtmlText(html.parser.HTMLParser):
    def __init__(self, builder: _Builder) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = builder
        self.buffer: list[str] = []
        self.heading_level = 0
        self.skipping = 0

    def flush(self) -> None:
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if not text:
            return
        if self.heading_level:
            self.builder.heading(text, self.heading_level)
        else:
            self.builder.paragraph(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _HEADING_TAGS:
            self.flush()
            self.heading_level = _HEADING_TAGS[tag]
        elif tag in _BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _HEADING_TAGS:
            self.flush()
            self.heading_level = 0
        elif tag in _BLOCK_TAGS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.buffer.append(data)


def _read_html(path: Path) -> ParsedDocument:
    builder = _Builder(path, "html")
    parser = _HtmlText(builder)
    parser.feed(_decode(path))
    parser.close()
    parser.flush()
    return builder.document()


_READERS = {
    "txt": _read_text,
    "md": _read_text,
    "docx": _read_docx,
    "pdf": _read_pdf,
    "odt": _read_odt,
    "html": _read_html,
}

__all__ = [
    "MAX_FILE_BYTES",
    "SUFFIXES",
    "Block",
    "DocumentError",
    "ParsedDocument",
    "is_supported",
    "parse",
    "supported_list",
]
