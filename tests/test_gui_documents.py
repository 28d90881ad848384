"""From chat to document in the window: Export (the whole conversation from the sidebar, one
reply from its Export button) through the save dialog, and Copy as rich text and Markdown.

The dialog is the real one, configured by the app; only showing it is replaced
(``ExportFileChooser.run``): the test fills in a file name and a filter where a person
would. The export itself is the real one, read back with python-docx and pypdf."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

import docx
import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.paths import AppPaths
from agentic_desk.ui.app import build_window
from agentic_desk.ui.export_dialog import (
    documents_folder,
    name_filter,
    resolve_choice,
    safe_file_name,
)
from agentic_desk.ui.main_window import MainWindow
from gui_helpers import replies

REPLY = (
    "# Letter\n\nDear **landlord**, the rent is 950 €.\n\n- heating\n- windows\n\n"
    "| Item | Cost |\n|---|---|\n| Boiler | 300 € |\n\n<b>not bold</b>"
)


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder with a Documents folder, as the user's."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home / "Documents"


@pytest.fixture
def window(
    qtbot: Any, loop: asyncio.AbstractEventLoop, scripted_model: Path, documents: Path
) -> Iterator[MainWindow]:
    with ConversationStore(AppPaths.from_env().ensure().conversations_db) as store:
        conv = store.create_conversation(title="Rent: a letter", model=str(scripted_model))
        store.add_user_message(conv.id, "Write to my landlord")
        reply = store.begin_reply(conv.id)
        store.finish_reply(reply.id, REPLY, meta={"model": str(scripted_model), "where": "Local"})
    made, engine, _theme = build_window(loop, model=str(scripted_model))
    qtbot.addWidget(made)
    with qtbot.waitSignal(made.view_ready, timeout=30_000):
        made.show()
    yield made
    made.close()
    engine.close()


class Person:
    """Fills in the save dialog as a person would, and keeps what the dialog offered."""

    def __init__(self, name: str | None, file_filter: str = "") -> None:
        self.name = name
        self.file_filter = file_filter
        self.offered: dict[str, Any] = {}

    def __call__(self, dialog: QFileDialog) -> bool:
        self.offered = {
            "folder": Path(dialog.directory().absolutePath()),
            "filters": dialog.nameFilters(),
            "selected": dialog.selectedNameFilter(),
            "name": Path(dialog.selectedFiles()[0]).name,
            "saving": dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave,
        }
        if self.name is None:
            return False  # Cancel
        if self.file_filter:
            dialog.selectNameFilter(self.file_filter)
        dialog.selectFile(self.name)  # typed after choosing the type, as a person does
        return True


def test_export_a_conversation_through_the_dialog(
    qtbot: Any, window: MainWindow, documents: Path, scripted_model: Path
) -> None:
    person = Person(str(documents / "letter"), name_filter("pdf"))
    window.sidebar.file_chooser.run = person  # type: ignore[method-assign]
    file_menu = window.menuBar().actions()[0].menu()
    [export] = [a for a in file_menu.actions() if a.text() == "Export conversation…"]
    with qtbot.waitSignal(window.exported, timeout=30_000) as written:
        export.trigger()  # File → Export conversation… (the sidebar's Export… is the same)
    assert person.offered == {
        "folder": documents,
        "filters": [
            "Word document (*.docx)",
            "OpenDocument text (*.odt)",
            "PDF (*.pdf)",
            "Markdown (*.md)",
            "JSON (for importing again) (*.json)",
        ],
        "selected": "Word document (*.docx)",
        "name": "Rent a letter",  # the title, without the colon Windows refuses
        "saving": True,
    }
    target = documents / "letter.pdf"  # the suffix of the chosen filter added
    assert written.args == [str(target)]
    assert window.banner.text() == "Saved to letter.pdf."
    if os.name != "nt":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = pypdf.PdfReader(str(target)).pages[0].extract_text()
    assert "Rent: a letter" in text and "Dear landlord, the rent is 950 €." in text
    assert "<b>not bold</b>" in text
    assert str(scripted_model) not in text and "Model: scripted" in text


def test_export_one_reply_from_its_button(qtbot: Any, window: MainWindow, documents: Path) -> None:
    person = Person(str(documents / "reply.docx"), name_filter("pdf"))  # a typed suffix wins
    window.sidebar.file_chooser.run = person  # type: ignore[method-assign]
    [reply] = replies(window)
    with qtbot.waitSignal(window.exported, timeout=30_000):
        qtbot.mouseClick(reply.buttons["export"], Qt.MouseButton.LeftButton)
    assert "JSON (for importing again) (*.json)" not in person.offered["filters"]
    assert person.offered["name"] == "Rent a letter - reply"
    assert window.banner.text() == "Saved to reply.docx."
    document = docx.Document(str(documents / "reply.docx"))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[:4] == [
        ("Heading 1", "Letter"),
        ("Normal", "Dear landlord, the rent is 950 €."),
        ("List Bullet", "heating"),
        ("List Bullet", "windows"),
    ]
    assert [c.text for c in document.tables[0].rows[1].cells] == ["Boiler", "300 €"]
    assert "Write to my landlord" not in "".join(text for _s, text in paragraphs)


def test_cancel_writes_nothing(window: MainWindow, documents: Path) -> None:
    chooser = window.sidebar.file_chooser
    chooser.run = Person(None)  # type: ignore[method-assign]
    banner = window.banner.text()
    window.export_conversation(window.current_id)
    [reply] = replies(window)
    reply.buttons["export"].click()
    assert chooser.last_dialog is not None
    assert list(documents.iterdir()) == [] and window.banner.text() == banner


def test_an_export_that_cannot_be_written_says_why(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    target = tmp_path / "gone" / "letter.odt"
    with qtbot.waitSignal(window.sidebar.failed, timeout=30_000):
        window.export_conversation(window.current_id, path=str(target))
    assert window.banner.text() == (
        f"The folder {target.parent} does not exist.\nChoose a folder that exists."
    )


def test_copy_puts_rich_text_and_markdown_on_the_clipboard(qtbot: Any, window: MainWindow) -> None:
    [reply] = replies(window)
    qtbot.mouseClick(reply.buttons["copy"], Qt.MouseButton.LeftButton)
    mime = QApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.hasText()
    rich = mime.html()
    assert "<h1>Letter</h1>" in rich and "<strong>landlord</strong>" in rich
    assert "<li>heating</li>" in rich and "<td>Boiler</td>" in rich
    assert "&lt;b&gt;not bold&lt;/b&gt;" in rich and "<b>" not in rich
    assert mime.text() == REPLY
    assert bytes(mime.data("text/markdown").data()).decode() == REPLY
    assert window.banner.text() == "Copied"
    mine = next(w for w in window.widgets.values() if w.role == "user")
    qtbot.mouseClick(mine.buttons["copy"], Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "Write to my landlord"


def test_an_app_that_copied_still_exits_cleanly(tmp_path: Path) -> None:
    """A rich copy stays on the clipboard until the app ends; ending must not crash (a
    QMimeData made in Python did, with a segmentation fault, after Python's shutdown)."""
    script = (
        "from PySide6.QtWidgets import QApplication\n"
        "from agentic_desk.ui.export_dialog import copy_message\n"
        "app = QApplication([])\n"
        "copy_message('**bold** and <b>raw</b>')\n"
        "copy_message('plain', markdown=False)\n"
        "print(app.clipboard().mimeData().formats())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['text/html', 'text/plain', 'text/markdown']"


def test_the_chosen_name_and_filter_make_the_file() -> None:
    keys = ("docx", "odt", "pdf", "md")
    assert resolve_choice("/d/a", name_filter("odt"), keys).path == Path("/d/a.odt")
    assert resolve_choice("/d/a.PDF", name_filter("odt"), keys).key == "pdf"
    choice = resolve_choice("/d/notes.v2", name_filter("md"), keys)
    assert (choice.path, choice.key) == (Path("/d/notes.v2.md"), "md")
    assert resolve_choice("/d/a.json", name_filter("md"), keys).path == Path("/d/a.json.md")
    assert safe_file_name('a/b\\c:d*e?"f<g>h|') == "a b c d e f g h"
    assert safe_file_name("...") == "conversation"
    assert documents_folder().is_dir()
