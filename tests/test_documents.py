"""Documents out of the chat (agentic_desk.core.documents): each exported file is opened
with a reader that is not the writer (python-docx for DOCX, the ODF XML with
xml.etree for ODT, pypdf for PDF) and checked for headings, lists, tables, code,
Unicode, raw HTML kept as text, no path of this machine and a private file mode."""

from __future__ import annotations

import errno
import io
import json
import os
import re
import stat
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import pypdf
import pytest

from agentic_desk.core.conversations import Conversation, ConversationStore
from agentic_desk.core.documents import (
    ExportError,
    export_conversation,
    export_message,
    markdown_to_html,
    nth_message,
    save_export,
)
from conversation_helpers import clock_fixture, db_path_fixture, store_fixture
from document_helpers import readable

__all__ = ["clock_fixture", "db_path_fixture", "store_fixture"]

MODEL_FOLDER = "/home/ada/.local/share/agentic-desk/models/phi-4-mini-instruct-onnx"
UNICODE = "Price 5 € — “quoted” café naïve Ελληνικά Привет"
REPLY = f"""# Plan for the letter

Some **bold words**, *an aside*, `inline_code()` and [the guide](https://example.org/guide).
{UNICODE}

<script>alert("x")</script> and <b>not bold</b>

## Steps

- First point
  - Nested point
    1. Deep numbered
- Second point

3. Third
4. Fourth

| Name | Amount |
|:-----|-------:|
| Rent | **950 €** |
| Ωmega | `42` |

```python
def greet(name):
    return f"hi {{name}}"
```

> A quoted line
"""
QUESTION = "Draft a letter to my landlord.\n\nKeep it <i>short</i>."
ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}


@pytest.fixture(name="conv")
def conv_fixture(store: ConversationStore) -> Conversation:
    conv = store.create_conversation(
        title="Letter to the landlord", system_prompt="Write formally.", model=MODEL_FOLDER
    )
    store.add_user_message(conv.id, QUESTION)
    reply = store.begin_reply(conv.id)
    meta = {"where": "Local", "provider": "local", "model": MODEL_FOLDER, "notice": ""}
    store.finish_reply(reply.id, REPLY, meta=meta)
    return store.get_conversation(conv.id)


def _write(tmp_path: Path, name: str, data: bytes, *, names_the_model: bool = True) -> Path:
    path = tmp_path / name
    save_export(path, data)
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    content = readable(path.read_bytes())
    if names_the_model:  # a whole conversation names it; one reply is its text alone
        assert "phi-4-mini-instruct-onnx" in content
    assert "/home/ada" not in content and ".local/share" not in content  # never its folder
    return path


def _odt_text(element: ET.Element) -> str:
    """The text of an ODF element as a reader shows it: in plain text a run of spaces is one
    space, and spaces at the start of a line are dropped (ODF 1.2, 6.1.2); text:s, text:tab
    and text:line-break are the spaces, tabs and breaks that stay."""
    parts: list[str] = []

    def plain(chunk: str | None) -> None:
        chunk = re.sub(r"[ \n\t]+", " ", chunk or "")
        if not parts or parts[-1].endswith("\n"):
            chunk = chunk.lstrip(" ")
        parts.append(chunk)

    plain(element.text)
    for child in element:
        tag = child.tag.split("}")[1]
        if tag == "s":
            parts.append(" " * int(child.get(f"{{{ODF['text']}}}c", "1")))
        elif tag == "tab":
            parts.append("\t")
        elif tag == "line-break":
            parts.append("\n")
        else:
            parts.append(_odt_text(child))
        plain(child.tail)
    return "".join(parts)


# ---- DOCX -----------------------------------------------------------------------------------


def test_docx_of_a_conversation_keeps_its_structure(
    store: ConversationStore, conv: Conversation, tmp_path: Path
) -> None:
    path = _write(tmp_path, "letter.docx", export_conversation(store, conv.id, "docx"))
    document = docx.Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Letter to the landlord"),
        ("Heading 2", "System prompt"),
        ("Heading 2", "You"),
        ("Heading 2", "Assistant"),
        ("Heading 3", "Plan for the letter"),  # the reply's own headings sit below
        ("Heading 4", "Steps"),
    ]
    assert ("Quote", "Write formally.") in paragraphs
    assert ("Normal", "Keep it <i>short</i>.") in paragraphs  # the user's text, as typed
    assert ("List Bullet", "First point") in paragraphs
    assert ("List Bullet 2", "Nested point") in paragraphs
    assert ("List Number 3", "Deep numbered") in paragraphs
    assert ("List Number", "Fourth") in paragraphs
    body = "\n".join(text for _style, text in paragraphs)
    assert UNICODE in body
    assert '<script>alert("x")</script> and <b>not bold</b>' in body
    assert "Model: phi-4-mini-instruct-onnx" in body
    # each numbered list counts on its own, from its first number (Word's "List Number"
    # styles share one numbering, which would make "Third" the second item of "Deep…")
    num_ids = {
        p.text: p._p.pPr.numPr.numId.val
        for p in document.paragraphs
        if p.text in ("Deep numbered", "Third", "Fourth")
    }
    assert num_ids["Third"] == num_ids["Fourth"] != num_ids["Deep numbered"]
    numbering = document.part.numbering_part.element
    starts = numbering.xpath(f'w:num[@w:numId="{num_ids["Third"]}"]//w:startOverride/@w:val')
    assert starts == ["3"]
    (table,) = document.tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Name", "Amount"],
        ["Rent", "950 €"],
        ["Ωmega", "42"],
    ]
    code = next(p for p in document.paragraphs if p.text.startswith("def greet"))
    assert code.text == 'def greet(name):\n    return f"hi {name}"'
    assert code.runs[0].font.name == "Courier New"
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "bold words" in bold
    assert document.core_properties.title == "Letter to the landlord"
    assert document.core_properties.author == ""  # not python-docx's "python-docx"
    links = [r.target_ref for r in document.part.rels.values() if "hyperlink" in r.reltype]
    assert links == ["https://example.org/guide"]


def test_docx_of_one_reply_is_the_reply_alone(
    store: ConversationStore, conv: Conversation, tmp_path: Path
) -> None:
    reply = nth_message(store.messages(conv.id), 2)
    path = _write(
        tmp_path, "reply.docx", export_message(conv, reply, "docx"), names_the_model=False
    )
    document = docx.Document(str(path))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name[:7] == "Heading"
    ]
    assert headings == [("Heading 1", "Plan for the letter"), ("Heading 2", "Steps")]
    assert "Draft a letter" not in "\n".join(p.text for p in document.paragraphs)


# ---- ODT --------------------------------------------------------------------------------------


def test_odt_of_a_conversation_keeps_its_structure(
    store: ConversationStore, conv: Conversation, tmp_path: Path
) -> None:
    path = _write(tmp_path, "letter.odt", export_conversation(store, conv.id, "odt"))
    with zipfile.ZipFile(path) as odt:
        first = odt.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = ET.fromstring(odt.read("content.xml"))
        styles = ET.fromstring(odt.read("styles.xml"))
        ET.fromstring(odt.read("META-INF/manifest.xml"))
        meta = odt.read("meta.xml").decode()
    assert "<dc:title>Letter to the landlord</dc:title>" in meta
    text = content.find("office:body/office:text", ODF)
    assert text is not None
    headings = [
        (int(h.get(f"{{{ODF['text']}}}outline-level", "0")), _odt_text(h))
        for h in text.iter(f"{{{ODF['text']}}}h")
    ]
    assert headings == [
        (1, "Letter to the landlord"),
        (2, "System prompt"),
        (2, "You"),
        (2, "Assistant"),
        (3, "Plan for the letter"),
        (4, "Steps"),
    ]
    style_names = {
        s.get(f"{{{ODF['style']}}}name") for s in styles.iter(f"{{{ODF['style']}}}style")
    }
    assert {"Heading_20_1", "Heading_20_4", "Preformatted_20_Text"} <= style_names
    items = [
        _odt_text(item.find("text:p", ODF))  # type: ignore[arg-type]
        for item in text.iter(f"{{{ODF['text']}}}list-item")
    ]
    assert items == ["First point", "Nested point", "Deep numbered", "Second point", "Third",
                     "Fourth"]  # fmt: skip
    nested = text.find("text:list/text:list-item/text:list/text:list-item/text:list", ODF)
    assert nested is not None and nested.get(f"{{{ODF['text']}}}style-name") == "LNumbers"
    (table,) = text.iter(f"{{{ODF['table']}}}table")
    cells = [
        [_odt_text(c) for c in row.iter(f"{{{ODF['table']}}}table-cell")]
        for row in table.iter(f"{{{ODF['table']}}}table-row")
    ]
    assert cells == [["Name", "Amount"], ["Rent", "950 €"], ["Ωmega", "42"]]
    paragraphs = {
        (p.get(f"{{{ODF['text']}}}style-name"), _odt_text(p))
        for p in text.iter(f"{{{ODF['text']}}}p")
    }
    assert ("Preformatted_20_Text", 'def greet(name):\n    return f"hi {name}"') in paragraphs
    assert ("Quotations", "Write formally.") in paragraphs
    body = "\n".join(t for _s, t in paragraphs)
    assert UNICODE in body
    assert '<script>alert("x")</script> and <b>not bold</b>' in body
    assert "Keep it <i>short</i>." in body
    code_spans = [
        _odt_text(span)
        for span in text.iter(f"{{{ODF['text']}}}span")
        if span.get(f"{{{ODF['text']}}}style-name") == "Source_20_Text"
    ]
    assert code_spans == ["inline_code()", "42"]
    links = [a.get("{http://www.w3.org/1999/xlink}href") for a in text.iter(f"{{{ODF['text']}}}a")]
    assert links == ["https://example.org/guide"]


# ---- PDF --------------------------------------------------------------------------------------


def test_pdf_of_a_conversation_has_its_text_in_order(
    store: ConversationStore, conv: Conversation, tmp_path: Path
) -> None:
    path = _write(tmp_path, "letter.pdf", export_conversation(store, conv.id, "pdf"))
    reader = pypdf.PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    in_order = ["Letter to the landlord", "System prompt", "Write formally.", "You",
                "Assistant", "Plan for the letter", "Steps", "• First point",
                "• Nested point", "1. Deep numbered", "• Second point", "3. Third",
                "4. Fourth", "Name Amount", "Rent 950 €", "Ωmega 42", "def greet(name):",
                "A quoted line"]  # fmt: skip
    positions = [lines.index(line) for line in in_order]
    assert positions == sorted(positions)
    flat = " ".join(" ".join(text.split()).split())
    assert UNICODE in flat
    assert '<script>alert("x")</script> and <b>not bold</b>' in flat
    assert 'return f"hi {name}"' in text
    assert "Model: phi-4-mini-instruct-onnx" in flat
    assert reader.metadata is not None and reader.metadata.title == "Letter to the landlord"
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index]
    }
    assert any("DejaVuSansMono" in f for f in fonts) and any("Bold" in f for f in fonts)


def test_pdf_of_one_reply(store: ConversationStore, conv: Conversation, tmp_path: Path) -> None:
    reply = nth_message(store.messages(conv.id), 2)
    path = _write(tmp_path, "reply.pdf", export_message(conv, reply, "pdf"), names_the_model=False)
    text = pypdf.PdfReader(str(path)).pages[0].extract_text()
    assert text.splitlines()[0] == "Plan for the letter"
    assert "Draft a letter" not in text and "Assistant" not in text


# ---- Markdown, JSON -------------------------------------------------------------------------


def test_markdown_and_json_carry_no_model_folder(
    store: ConversationStore, conv: Conversation, tmp_path: Path
) -> None:
    markdown = _write(tmp_path, "c.md", export_conversation(store, conv.id, "md")).read_text()
    assert "- Model: phi-4-mini-instruct-onnx" in markdown
    assert REPLY.strip() in markdown
    document = json.loads(
        _write(tmp_path, "c.json", export_conversation(store, conv.id, "json")).read_text()
    )
    assert document["conversation"]["model"] == "phi-4-mini-instruct-onnx"
    assert document["messages"][1]["meta"]["model"] == "phi-4-mini-instruct-onnx"
    imported = store.import_json(document)  # still a document the app imports
    assert store.messages(imported.id)[1].content == REPLY
    reply = nth_message(store.messages(conv.id), 2)
    assert export_message(conv, reply, "md").decode() == REPLY


def test_one_message_as_json_or_a_missing_number_is_refused(
    store: ConversationStore, conv: Conversation
) -> None:
    reply = nth_message(store.messages(conv.id), 2)
    with pytest.raises(ExportError, match="exports a whole conversation"):
        export_message(conv, reply, "json")
    with pytest.raises(ExportError, match="has no message 3: it has 2"):
        nth_message(store.messages(conv.id), 3)


# ---- writing the file ---------------------------------------------------------------------


def test_an_unwritable_folder_is_a_known_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        save_export(tmp_path / "missing" / "a.pdf", b"%PDF")
    if os.name != "nt" and os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(ExportError, match="may not write"):
            save_export(locked / "a.pdf", b"%PDF")


def test_a_full_disk_is_a_known_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk is made full for this one write: the real writer, an ENOSPC from below it."""
    from agentic_desk.core import atomic

    real_fdopen = os.fdopen

    class FullDisk:
        """The file as the real one, except that the disk has no room for its bytes."""

        def __init__(self, handle: io.BufferedWriter) -> None:
            self.handle = handle

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fdopen(fd: int, mode: str = "r") -> FullDisk:
        return FullDisk(real_fdopen(fd, mode))

    monkeypatch.setattr(atomic.os, "fdopen", fdopen)
    with pytest.raises(ExportError, match="The disk is full"):
        save_export(tmp_path / "a.docx", b"data")
    assert list(tmp_path.iterdir()) == []  # no half-written file left


# ---- HTML for the clipboard -----------------------------------------------------------------


def test_html_for_the_clipboard_escapes_raw_html() -> None:
    html = markdown_to_html('**Bold** and <script>alert("x")</script>\n\n| a |\n|---|\n| 1 |')
    assert "<strong>Bold</strong>" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "<table>" in html and "<td>1</td>" in html
