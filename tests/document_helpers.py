"""Shared by the export tests (``tests/test_documents.py``, ``tests/test_cli_conversations.py``,
``tests/test_gui_documents.py``): what an exported file holds, read by a reader other than
the writer."""

from __future__ import annotations

import io
import zipfile

import pypdf


def readable(data: bytes) -> str:
    """Everything a file holds, as a reader gets at it: each part of a zip (DOCX, ODT)
    unpacked, a PDF's text and metadata; other files as they are."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    if data.startswith(b"%PDF"):
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = [page.extract_text() for page in reader.pages]
        return "\n".join([*pages, repr(dict(reader.metadata or {}))])
    return data.decode("utf-8")
