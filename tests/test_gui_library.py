"""Chat with local documents in the window (issue 17): the Documents page (create a
library, add files with progress to done, a bad file's error while the rest index, what
the detector found, cancel and resume, also after a restart, remove), a conversation
that uses a library (the reply's sources, the passage dialog and Open file), and a library
with findings raising the conversation to private (high).

Real parts: the window as the app builds it, the library index in the test's data folder,
the embedding worker process running the tiny ONNX embedding model the core's tests use
(``AGENTIC_DESK_EMBEDDING_MODEL``), files of every format written on the spot, and the
scripted model answering."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QFileDialog

import tiny_models
from agentic_desk.core.engine import GenerationParams
from agentic_desk.core.library.service import EMBEDDING_MODEL_ENV
from agentic_desk.core.library.tiny_embedder import build_tiny_embedder
from agentic_desk.ui.export_dialog import documents_folder
from gui_helpers import replies, send
from library_helpers import write_docx, write_html, write_odt, write_pdf

TIMEOUT = 60_000
TENANCY = (
    "# Tenancy\n\nThe deposit of 1200 pounds is returned within 10 days of the end of the "
    "tenancy.\n\n# Repairs\n\nThe landlord repairs the boiler within 48 hours.\n"
)
CONTACT = "# Contact\n\nFor the results write to jane.doe@example.com or call the ward.\n"
BLOCKS = [
    ("h1", "Discharge summary"),
    ("p", "The patient was admitted with chest pain on 3 March."),
    ("h2", "Medication"),
    ("p", "Atorvastatin 20 mg once daily at night."),
]


@pytest.fixture(scope="module")
def embedder_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_embedder(tmp_path_factory.mktemp("embedder") / "tiny-embedder")


@pytest.fixture(scope="module")
def scripted_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scripted model with room for passages (1024 tokens of context)."""
    return tiny_models.build_scripted_model(
        tmp_path_factory.mktemp("models") / "roomy", context_length=1024
    )


@pytest.fixture
def window(make_window: Any, embedder_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv(EMBEDDING_MODEL_ENV, str(embedder_folder))
    window = make_window()
    window.generation = GenerationParams(temperature=0.0, max_new_tokens=24)
    return window


def every_format(folder: Path) -> dict[str, Path]:
    """One file of each format, a scanned PDF (no text) and a file with an e-mail address."""
    folder.mkdir(exist_ok=True)
    (folder / "tenancy.md").write_text(TENANCY, encoding="utf-8")
    (folder / "notes.txt").write_text("Call the plumber about the boiler.\n", encoding="utf-8")
    (folder / "contact.md").write_text(CONTACT, encoding="utf-8")
    files = {
        "tenancy.md": folder / "tenancy.md",
        "notes.txt": folder / "notes.txt",
        "contact.md": folder / "contact.md",
        "summary.docx": write_docx(folder / "summary.docx", BLOCKS),
        "summary.odt": write_odt(folder / "summary.odt", BLOCKS),
        "summary.html": write_html(folder / "summary.html", BLOCKS),
        "report.pdf": write_pdf(folder / "report.pdf", ["Budgets for the year.", "Risks."]),
        "scan.pdf": write_pdf(folder / "scan.pdf", [""]),
    }
    return files


class Person:
    """Fills in the real file dialog: goes to a folder and picks files there."""

    def __init__(self, folder: Path, names: list[str] | None) -> None:
        self.folder = folder
        self.names = names  # None: the folder itself
        self.asked: list[tuple[Any, list[str], str]] = []  # mode, filters, where it started

    def __call__(self, dialog: QFileDialog) -> bool:
        self.asked.append((dialog.fileMode(), dialog.nameFilters(), dialog.directory().path()))
        if self.names is None:
            dialog.setDirectory(str(self.folder.parent))
            dialog.selectFile(str(self.folder))
        else:
            dialog.setDirectory(str(self.folder))
            dialog.selectFile(" ".join(f'"{name}"' for name in self.names))
        return True


def documents(qtbot: Any, window: Any) -> Any:
    """Show the Documents page with the keys, once the libraries have been read."""
    qtbot.keyClick(
        window,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.pages.currentWidget() is window.documents_view
    return window.documents_view


def new_library(qtbot: Any, view: Any, name: str) -> None:
    view.ask_name = lambda: name
    with qtbot.waitSignal(
        view.hub.changed,
        timeout=TIMEOUT,
        check_params_cb=lambda rows: any(r.name == name for r in rows),
    ):
        view.new_button.click()
    assert view.current is not None and view.current.name == name


def index(qtbot: Any, view: Any, action: Any, *, state: str = "done") -> list[Any]:
    """Run ``action`` (it starts indexing) and wait until that ends in ``state``; the
    progress events seen, with the page's words and bars at each."""
    seen: list[Any] = []

    def keep(_name: str, event: Any) -> None:
        seen.append(
            (
                event,
                view.progress_label.text(),
                view.file_bar.value(),
                view.overall_bar.value(),
                view.progress_box.isVisible(),
            )
        )

    view.hub.progress.connect(keep)
    try:
        with qtbot.waitSignal(
            view.hub.indexing_ended,
            timeout=TIMEOUT,
            check_params_cb=lambda _n, s, _r: s == state,
        ):
            action()
        qtbot.waitUntil(lambda: not view.hub.busy, timeout=TIMEOUT)
        with qtbot.waitSignal(view.hub.changed, timeout=TIMEOUT):
            view.hub.refresh()  # the rows as stored once the job is over
    finally:
        view.hub.progress.disconnect(keep)
    return seen


def table(view: Any) -> dict[str, list[str]]:
    files = view.files
    return {
        files.item(row, 0).text(): [files.item(row, c).text() for c in range(files.columnCount())]
        for row in range(files.rowCount())
    }


def test_a_library_indexes_every_format_with_progress_and_says_what_failed(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    view = documents(qtbot, window)
    assert view.empty.isVisible() and not view.add_files_button.isEnabled()
    new_library(qtbot, view, "Case notes")
    files = every_format(tmp_path / "docs")
    person = Person(tmp_path / "docs", list(files))
    view.chooser.run = person  # type: ignore[method-assign]
    seen = index(qtbot, view, view.add_files_button.click)

    mode, filters, started = person.asked[0]
    assert mode == QFileDialog.FileMode.ExistingFiles
    assert "*.pdf" in filters[0] and "*.docx" in filters[0] and "*.odt" in filters[0]
    assert started == str(documents_folder())
    # progress per file and overall, shown while it ran
    stages = {event.stage for event, *_ in seen}
    assert {"reading", "embedding", "indexed", "error", "done"} <= stages
    shown = [(label, file_bar, overall, visible) for _e, label, file_bar, overall, visible in seen]
    assert any("of 8" in label and visible for label, _f, _o, visible in shown)
    overall = [o for _l, _f, o, _v in shown]
    assert overall == sorted(overall) and overall[-1] == 1000
    assert any(0 < o < 1000 for o in overall)  # part-way, not only at the end
    assert any(0 < f < 1000 for _l, f, _o, _v in shown)  # within a file too
    assert not view.progress_box.isVisible()  # gone once it is over
    # each file: indexed, or what went wrong in words; the scanned PDF does not stop the rest
    rows = table(view)
    assert set(rows) == set(files)
    for name, cells in rows.items():
        if name == "scan.pdf":
            assert cells[1] == "Has no text layer: it looks like a scanned PDF."
            assert cells[2] == ""
        else:
            assert cells[1].startswith("Indexed"), (name, cells)
            assert int(cells[2]) >= 1
    assert rows["report.pdf"][1] == "Indexed (2 pages)"
    # what the detector found: the kind and how many, never the value
    assert rows["contact.md"][4] == "e-mail address (1)"
    assert rows["tenancy.md"][4] == "None found"
    assert not any("jane.doe" in text for cells in rows.values() for text in cells)
    # the library's line: files, passages, size, findings, failures
    line = view.library_list.item(0).text()
    assert line.startswith("Case notes\n8 files · ")
    assert "1 with sensitive data" in line and "1 could not be read" in line
    # the first problem is spelled out with what to do
    assert "scan.pdf has no text layer" in view.details.text()
    assert "no OCR" in view.details.text()
    assert "finished" not in view.banner.text()
    assert "7 indexed, 0 unchanged, 1 not read" in view.banner.text()


def test_cancel_resume_after_a_restart_and_remove(
    qtbot: Any,
    make_window: Any,
    embedder_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv(EMBEDDING_MODEL_ENV, str(embedder_folder))
    window = make_window()
    view = documents(qtbot, window)
    new_library(qtbot, view, "Letters")
    folder = tmp_path / "letters"
    folder.mkdir()
    for n in range(40):
        (folder / f"letter-{n:02}.txt").write_text(f"Letter {n} about the boiler repair.\n" * 20)
    view.chooser.run = Person(folder, None)  # type: ignore[method-assign]

    def cancel_at_once(_name: str, event: Any) -> None:
        if event.stage == "indexed" and view.cancel_button.isEnabled():
            view.cancel_button.click()  # as a person does, while it runs
            view.cancel_button.setEnabled(False)

    view.hub.progress.connect(cancel_at_once)
    index(qtbot, view, view.add_folder_button.click, state="cancelled")
    view.hub.progress.disconnect(cancel_at_once)
    view.cancel_button.setEnabled(True)
    rows = table(view)
    assert len(rows) == 40  # the folder was walked for its documents
    waiting = [name for name, cells in rows.items() if cells[1] == "Waiting to be indexed"]
    assert 0 < len(waiting) < 40
    assert "was cancelled" in view.banner.text()
    assert view.resume_button.isVisible()

    # the app is closed and started again: the files left waiting are indexed
    window.close()
    again = make_window()
    hub = again.library_hub
    qtbot.waitUntil(
        lambda: (
            bool(hub.rows)
            and not hub.busy
            and all(f.status == "indexed" for f in hub.rows[0].files)
        ),
        timeout=TIMEOUT,
    )
    view = documents(qtbot, again)
    assert view.current.name == "Letters" and len(view.current.files) == 40

    # remove a file (asks first: No keeps it), then the library
    asked: list[str] = []
    view.confirm = lambda _title, question: asked.append(question) or False
    view.files.selectRow(0)
    view.remove_file_button.click()
    assert "letter-00.txt" in asked[0] and len(view.current.files) == 40
    view.confirm = lambda _title, _question: True
    with qtbot.waitSignal(
        hub.changed, timeout=TIMEOUT, check_params_cb=lambda rows: len(rows[0].files) == 39
    ):
        view.remove_file_button.click()
    assert "letter-00.txt" not in table(view) and len(table(view)) == 39
    with qtbot.waitSignal(hub.changed, timeout=TIMEOUT, check_params_cb=lambda rows: not rows):
        view.remove_library_button.click()
    assert view.rows == [] and view.empty.isVisible()


def use_library(qtbot: Any, window: Any, name: str) -> None:
    """Tick ``name`` in the chat header's Documents menu, as a person does."""
    picker = window.chat.library_picker
    action = next(a for a in picker.actions_shown() if a.text().startswith(name))
    with qtbot.waitSignal(picker.libraries_saved, timeout=TIMEOUT):
        action.trigger()


def test_a_conversation_answers_from_a_library_with_sources(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    view = documents(qtbot, window)
    new_library(qtbot, view, "Flat")
    folder = tmp_path / "flat"
    folder.mkdir()
    (folder / "tenancy.md").write_text(TENANCY, encoding="utf-8")
    write_pdf(folder / "inventory.pdf", ["Kitchen: a fridge and an oven.", "Garden: a shed."])
    index(qtbot, view, lambda: view.add_paths("Flat", [folder]))
    window.show_chat()
    picker = window.chat.library_picker
    assert picker.text() == "Documents: none"
    use_library(qtbot, window, "Flat")
    assert picker.text() == "Documents: Flat"
    assert window.store.libraries_of(window.current_id) == [view.rows[0].library.id]
    assert window.privacy.currentData() == "normal"  # nothing sensitive in it

    send(qtbot, window, "When is the deposit returned at the end of the tenancy?")
    reply = replies(window)[-1]
    sources = reply.sources
    assert sources.isVisible() and sources.links
    first = sources.citations[0]
    assert first["file"] == "tenancy.md" and "deposit" in first["text"]
    assert "[1] tenancy.md, Tenancy</a> — “The deposit of 1200" in sources.links[0].text()
    assert "put into the prompt" in sources.context.text()
    used = window.store.get_message(reply.message_id).meta["library_context"]
    assert f": {used['tokens']} tokens (" in sources.context.text()
    assert f"of the {used['budget_tokens']:,} the model" in sources.context.text()

    opened: list[QUrl] = []
    window.chat.open_url = opened.append
    with qtbot.waitSignal(window.chat.passage_shown, timeout=TIMEOUT) as shown:
        sources.links[0].linkActivated.emit("0")  # what a click on the link sends
    dialog = shown.args[0]
    assert "deposit of 1200 pounds" in dialog.passage.toPlainText()
    assert dialog.windowTitle() == "Source: tenancy.md"
    dialog.open_button.click()
    assert opened == [QUrl.fromLocalFile(str((folder / "tenancy.md").resolve()))]
    dialog.close()

    # the reply read back from the store shows the same sources (after a switch)
    conv_id = window.current_id
    with qtbot.waitSignal(window.view_ready, timeout=TIMEOUT):
        window.new_chat()
    assert window.chat.library_picker.text() == "Documents: none"
    with qtbot.waitSignal(window.view_ready, timeout=TIMEOUT):
        window.open_conversation(conv_id)
    qtbot.waitUntil(lambda: window.chat.library_picker.text() == "Documents: Flat")
    assert replies(window)[-1].sources.citations == sources.citations


def test_a_library_with_sensitive_data_makes_the_conversation_private(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    view = documents(qtbot, window)
    folder = tmp_path / "ward"
    folder.mkdir()
    contact = folder / "contact.md"
    contact.write_text(CONTACT, encoding="utf-8")
    window.show_chat()
    picker = window.chat.library_picker
    picker.chooser.run = Person(folder, ["contact.md"])  # type: ignore[method-assign]
    attach = next(a for a in picker.actions_shown() if a.text() == "Attach a file…")
    with qtbot.waitSignal(view.hub.indexing_ended, timeout=TIMEOUT):
        attach.trigger()  # a library of its own for this conversation, then indexed
    qtbot.waitUntil(lambda: window.privacy.currentData() == "high", timeout=TIMEOUT)
    assert picker.text() == "Documents: contact.md (attached)"
    assert window.store.get_conversation(window.current_id).privacy == "high"
    assert "contact.md" in window.banner.text() and window.banner.isVisible()
    assert "stays on this computer" in picker.toolTip()
    assert view.rows[0].name == "contact.md (attached)"
    assert view.rows[0].files[0].findings == {"email": 1}

    # lowering asks first and names the document; once confirmed, a question about the
    # documents does not raise it again (the finding was acknowledged)
    with qtbot.waitSignal(window.chat.lowering_asked, timeout=TIMEOUT) as asked:
        window.privacy.setCurrentIndex(window.privacy.findData("normal"))
    dialog = asked.args[0]
    assert "the document contact.md: an e-mail address" in dialog.plain_text()
    assert "jane.doe" not in dialog.plain_text()
    with qtbot.waitSignal(window.chat.privacy_saved, timeout=TIMEOUT):
        dialog.lower_button.click()
    send(qtbot, window, "Where do the results go?")
    assert window.store.get_conversation(window.current_id).privacy == "normal"
    assert replies(window)[-1].sources.citations[0]["file"] == "contact.md"


def test_rename_a_library_with_its_name_checked_as_it_is_typed(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    from agentic_desk.ui.library.rename import RenameLibraryDialog, library_menu

    view = documents(qtbot, window)
    new_library(qtbot, view, "Letters")
    new_library(qtbot, view, "Bills")
    assert [row.name for row in view.rows] == ["Bills", "Letters"]
    # the dialog: what is wrong is said under the field, and Rename waits for a good name
    dialog = RenameLibraryDialog("Letters", [row.name for row in view.rows], view)
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled() and dialog.error.isHidden()  # the same name
    dialog.field.setText("bills")
    assert dialog.error.text() == "There is already a library called “Bills”."
    assert not dialog.error.isHidden() and not dialog.ok.isEnabled()
    dialog.field.setText("   ")
    assert dialog.error.text() == "A library needs a name."
    dialog.field.setText("x" * 121)
    assert dialog.error.text() == "A library's name can be at most 120 characters."
    dialog.field.setText("  Letters   2026 ")
    assert dialog.error.isHidden() and dialog.ok.isEnabled()
    assert dialog.new_name() == "Letters 2026"
    # the page: the chosen library renamed off the GUI thread, still chosen
    view.library_list.setCurrentRow(1)
    assert view.current.name == "Letters" and view.rename_button.isEnabled()
    assert [a.text() for a in library_menu(view).actions()] == ["Rename…", "Remove library…"]
    view.ask_new_name = lambda row: "Letters 2026" if row.name == "Letters" else None
    with qtbot.waitSignal(
        view.hub.changed,
        timeout=TIMEOUT,
        check_params_cb=lambda rows: [r.name for r in rows] == ["Bills", "Letters 2026"],
    ):
        view.rename_button.click()
    assert view.current.name == "Letters 2026"
    # a name taken meanwhile is refused by the core and said in the banner
    view.ask_new_name = lambda _row: "Bills"
    with qtbot.waitSignal(view.hub.failed, timeout=TIMEOUT):
        view.rename_button.click()
    assert "There is already a library called “Bills”." in view.banner.text()
