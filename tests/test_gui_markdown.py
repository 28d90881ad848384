"""Markdown in replies (issue 16): a set of tricky replies and what the widgets show for
each (the text in the labels and code blocks), raw HTML shown as text, tables with their
header aligned like their column, ``~~~`` fences, task lists, and links that ask first."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl

from agentic_desk.ui.messages import CodeBlock, MessageWidget, markdown_document, shown_text


def shown(qtbot: Any, text: str) -> list[tuple[str, str]]:
    """[(kind, what it shows)] for a reply with ``text``: ("text", label text) or
    ("code:<language>", the code block's text)."""
    widget = MessageWidget("m1", "assistant", text)
    qtbot.addWidget(widget)
    out: list[tuple[str, str]] = []
    for _kind, _lang, part in widget._segments:
        if isinstance(part, CodeBlock):
            out.append((f"code:{part.language.text()}", part.editor.toPlainText()))
        else:
            out.append(("text", shown_text(part).strip()))
    return out


# (name, reply, what the widgets show)
TRICKY: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "raw html is text",
        "Use <b>bold</b> and <img src=x onerror=alert(1)> or <a href='http://evil'>here</a>.",
        [
            (
                "text",
                "Use <b>bold</b> and <img src=x onerror=alert(1)> or "
                "<a href='http://evil'>here</a>.",
            )
        ],
    ),
    (
        "script",
        "<script>alert('x')</script>\nafter",
        [("text", "<script>alert('x')</script> after")],
    ),
    ("html comment", "before <!-- hidden --> after", [("text", "before <!-- hidden --> after")]),
    (
        "html block",
        "<div>\n<p>para</p>\n</div>",
        [("text", "<div> <p>para</p> </div>")],
    ),
    (
        "tilde fence",
        "Run:\n~~~bash\nls -l\n~~~\nDone.",
        [("text", "Run:"), ("code:bash", "ls -l"), ("text", "Done.")],
    ),
    ("long fence holds a short one", "````md\n```py\nx\n```\n````", [("code:md", "```py\nx\n```")]),
    (
        "backtick fence closed by tildes is not closed",
        "```\na\n~~~\nb",
        [("code:code", "a\n~~~\nb")],
    ),
    (
        "unclosed fence while streaming",
        "Here:\n```python\ndef f():\n    return",
        [("text", "Here:"), ("code:python", "def f():\n    return")],
    ),
    (
        "fence inside a list",
        "1. Install:\n   ```sh\n   pip install x\n   ```\n2. Run it",
        [("text", "Install:"), ("code:sh", "pip install x"), ("text", "Run it")],
    ),
    (
        "crlf line ends",
        "Hi\r\n```py\r\nx = 1\r\ny = 2\r\n```\r\n**bye**\r\n",
        [("text", "Hi"), ("code:py", "x = 1\ny = 2"), ("text", "bye")],
    ),
    (
        "task list",
        "- [ ] write tests\n- [x] fix it\n- plain",
        [("text", "☐ write tests\n☑ fix it\nplain")],
    ),
    ("nested lists", "- a\n  - b\n    - c\n- d", [("text", "a\nb\nc\nd")]),
    (
        "table with a pipe in code",
        "| cmd | what |\n|---|---|\n| `a \\| b` | pipe |",
        [("text", "cmd\nwhat\na | b\npipe")],
    ),
    ("inline code keeps its html", "Type `<br>` here", [("text", "Type <br> here")]),
    ("entities", "a &amp; b &lt;c&gt;", [("text", "a & b <c>")]),
]


@pytest.mark.parametrize(("name", "reply", "expected"), TRICKY, ids=[t[0] for t in TRICKY])
def test_tricky_replies_show_what_they_say(
    qtbot: Any, name: str, reply: str, expected: list[tuple[str, str]]
) -> None:
    assert shown(qtbot, reply) == expected, name


def test_raw_html_makes_no_element(qtbot: Any) -> None:
    """No image, link or bold comes out of HTML in a reply; Markdown's own still do."""
    doc = markdown_document("<b>x</b> <img src=y> <a href='http://evil'>l</a> **real**")
    html = doc.toHtml()
    assert "<img" not in html and 'http://evil"' not in html
    assert 'href="http://evil' not in html
    assert "font-weight:700" in html  # **real** is bold


def test_a_table_header_takes_its_columns_alignment(qtbot: Any) -> None:
    doc = markdown_document("| left | mid | right |\n|:--|:-:|--:|\n| 1 | 2 | 3 |")
    table = doc.rootFrame().childFrames()[0]
    align = [
        [
            table.cellAt(row, col).firstCursorPosition().blockFormat().alignment()  # type: ignore[attr-defined]
            for col in range(3)
        ]
        for row in range(2)
    ]
    flag = Qt.AlignmentFlag
    assert [a & flag.AlignHorizontal_Mask for a in align[1]] == [
        flag.AlignLeft,
        flag.AlignHCenter,
        flag.AlignRight,
    ]
    assert align[0] == align[1]


def test_streaming_keeps_the_code_block_and_fills_it(qtbot: Any) -> None:
    widget = MessageWidget("m1", "assistant", "", status="streaming")
    qtbot.addWidget(widget)
    for piece in ["Look:\n", "~~~", "py\n", "a = 1\n", "b = 2\n", "~~~\n", "end"]:
        widget.append(piece)
    blocks = [w for _k, _l, w in widget._segments if isinstance(w, CodeBlock)]
    assert len(blocks) == 1 and blocks[0].editor.toPlainText() == "a = 1\nb = 2"
    assert shown_text(widget._segments[-1][2]).strip() == "end"  # type: ignore[arg-type]


def test_a_markdown_link_opens_only_after_asking(make_window: Any) -> None:
    window = make_window()
    pane = window.chat
    asked: list[str] = []
    opened: list[QUrl] = []
    answer = [False]
    pane.confirm_link = lambda url: asked.append(url) or answer[0]
    pane.open_url = opened.append
    widget = pane._add_message("m-link", "assistant", "See [the docs](https://example.com/d).")
    label = widget._segments[0][2]
    assert 'href="https://example.com/d"' in label.text()  # type: ignore[union-attr]
    label.linkActivated.emit("https://example.com/d")  # type: ignore[union-attr]
    assert asked == ["https://example.com/d"] and opened == []  # said no: nothing opens
    answer[0] = True
    label.linkActivated.emit("https://example.com/d")  # type: ignore[union-attr]
    assert opened == [QUrl("https://example.com/d")]
    label.linkActivated.emit("file:///etc/passwd")  # type: ignore[union-attr]
    assert len(asked) == 2 and len(opened) == 1  # never asked, never opened
    assert "not opened" in pane.banner.text()
