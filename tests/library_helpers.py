"""Documents of every format the library reads, written on the spot (no fixtures on disk),
and the tiny embedding model, built once per session."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from fpdf import FPDF

ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"


def write_pdf(path: Path, pages: list[str]) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 6, text)
        else:  # a "scanned" page: a picture-like shape and no text
            pdf.rect(20, 20, 100, 100, style="F")
    path.write_bytes(bytes(pdf.output()))
    return path


def write_encrypted_pdf(path: Path, text: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = write_pdf(path.with_suffix(".plain.pdf"), [text])
    writer = PdfWriter()
    for page in PdfReader(str(plain)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    plain.unlink()
    path.write_bytes(buffer.getvalue())
    return path


def write_docx(path: Path, blocks: list[tuple[str, str]]) -> Path:
    """``blocks``: (style, text) with style "h1", "h2" or "p"."""
    import docx

    document = docx.Document()
    for style, text in blocks:
        if style.startswith("h"):
            document.add_heading(text, level=int(style[1:]))
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def write_odt(path: Path, blocks: list[tuple[str, str]]) -> Path:
    body = []
    for style, text in blocks:
        if style.startswith("h"):
            body.append(f'<text:h text:outline-level="{style[1:]}">{_xml(text)}</text:h>')
        else:
            body.append(f"<text:p>{_xml(text)}</text:p>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:text>" + "".join(body) + "</office:text></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
    return path


def write_html(path: Path, blocks: list[tuple[str, str]]) -> Path:
    body = []
    for style, text in blocks:
        tag = style if style.startswith("h") else "p"
        body.append(f"<{tag}>{_xml(text)}</{tag}>")
    path.write_text(
        "<html><head><title>t</title><style>p {color: red}</style></head><body>"
        + "".join(body)
        + "<script>var hidden = 'never indexed';</script></body></html>",
        encoding="utf-8",
    )
    return path


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
