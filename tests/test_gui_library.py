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


def index(
    qtbot: Any, view: Any, action: Any, *, state: str = "done", events: list[Any] | None = None
) -> list[Any]:
    """Run ``action`` (it starts indexing) and wait until that ends in ``state``; the
    progress the page showed (at most one event per PROGRESS_MS, the latest: ``events``
    gets every one), with the page's words and bars at each."""
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

    def every(_name: str, event: Any) -> None:
        if events is not None:
            events.append(event)

    view.progress_shown.connect(keep)
    view.hub.progress.connect(every)
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
        view.progress_shown.disconnect(keep)
        view.hub.progress.disconnect(every)
    return seen


def cells(view: Any, row: int) -> list[str]:
    """A row of the Files table as the view shows it (what its model gives the view)."""
    model = view.files.model()
    return [model.index(row, c).data() for c in range(model.columnCount())]


def table(view: Any) -> dict[str, list[str]]:
    model = view.files.model()
    return {cells(view, row)[0]: cells(view, row) for row in range(model.rowCount())}


def test_a_library_indexes_every_format_with_progress_and_says_what_failed(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    view = documents(qtbot, window)
    assert view.empty.isVisible() and not view.add_files_button.isEnabled()
    new_library(qtbot, view, "Case notes")
    files = every_format(tmp_path / "docs")
    person = Person(tmp_path / "docs", list(files))
    view.chooser.run = person  # type: ignore[method-assign]
    events: list[Any] = []
    seen = index(qtbot, view, view.add_files_button.click, events=events)

    mode, filters, started = person.asked[0]
    assert mode == QFileDialog.FileMode.ExistingFiles
    assert "*.pdf" in filters[0] and "*.docx" in filters[0] and "*.odt" in filters[0]
    assert started == str(documents_folder())
    # progress per file and overall, shown while it ran
    stages = {event.stage for event in events}
    assert {"reading", "embedding", "indexed", "error", "done"} <= stages
    assert seen[0][0] is events[0] and seen[-1][0] is events[-1]  # the first and the last
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


# ---- the Files table of a big library (the GUI thread's work per change) ----------------------


def record(n: int, status: str = "pending", **fields: Any) -> Any:
    from agentic_desk.core.library.store import FileRecord

    values: dict[str, Any] = {
        "id": n,
        "library_id": "lib",
        "path": f"/docs/report-{n:04}.md",
        "name": f"report-{n:04}.md",
        "kind": "md",
        "size": 100 * 1024,
        "sha256": None,
        "status": status,
        "error": None,
        "hint": None,
        "findings": {},
        "pages": 0,
        "chunk_count": 0,
        "indexed_at": None,
    }
    values.update(fields)
    return FileRecord(**values)


def test_a_change_to_one_file_redraws_only_its_row(qtbot: Any) -> None:
    from agentic_desk.ui.library.view import FilesModel

    model = FilesModel()
    records = [record(n) for n in range(1000)]
    with qtbot.waitSignal(model.modelReset):
        model.show("Reports", records, True, "")
    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda first, last, _roles: changed.append(
            (first.row(), first.column(), last.row(), last.column())
        )
    )
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    # the file being indexed: its row says so; then the next one (and the first no more)
    assert model.set_indexing(records[7].path) == [7]
    assert changed == [(7, 1, 7, 1)] and model.index(7, 1).data() == "Indexing…"
    changed.clear()
    model.set_indexing(records[8].path)
    assert changed == [(7, 1, 7, 1), (8, 1, 8, 1)]
    assert model.index(7, 1).data() == "Waiting to be indexed"
    changed.clear()
    # the files read again, one of them now indexed: that row alone
    records[8] = record(8, "indexed", chunk_count=12, findings={"email": 2})
    assert model.show("Reports", records, True, records[9].path) == [8, 9]
    assert changed == [(8, 0, 8, 4), (9, 1, 9, 1)] and not resets
    assert model.index(8, 1).data() == "Indexed" and model.index(8, 2).data() == "12"
    assert model.index(8, 4).data() == "e-mail address (2)"
    assert model.index(9, 1).data() == "Indexing…"
    # a file added at the end: one row inserted, no other row touched
    changed.clear()
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.show("Reports", [*records, record(1000)], True, records[9].path)
    assert inserted == [(1000, 1000)] and changed == [] and not resets
    assert model.rowCount() == 1001
    # another library: built again
    model.show("Letters", records[:3], False, "")
    assert resets and model.rowCount() == 3 and model.index(0, 1).data() == "Waiting to be indexed"


def test_a_file_that_ended_is_put_in_place_without_reading_the_rest() -> None:
    from agentic_desk.core.library.store import Library
    from agentic_desk.ui.library.hub import LibraryRow, patch_rows

    library = Library("lib", "Reports", None, 0.0)
    rows = [LibraryRow(library, tuple(record(n) for n in range(5)))]
    patched = patch_rows(rows, [record(3, "indexed", chunk_count=4)])
    assert patched is not None
    assert [f.status for f in patched[0].files] == ["pending"] * 3 + ["indexed", "pending"]
    assert patched[0].files[0] is rows[0].files[0]  # the others as they were
    assert patch_rows(rows, [record(9, "indexed")]) is None  # not listed yet: read them all


def test_a_library_of_many_files_shows_every_row_with_its_status(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    view = documents(qtbot, window)
    new_library(qtbot, view, "Many")
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(150):
        (folder / f"note-{n:03}.txt").write_text(f"Note {n} about the boiler.\n" * 5)
    write_pdf(folder / "scan.pdf", [""])  # no text: an error in its row
    index(qtbot, view, lambda: view.add_paths("Many", [folder]))
    rows = table(view)
    assert len(rows) == 151 and view.files_model.rowCount() == 151
    assert rows["scan.pdf"][1] == "Has no text layer: it looks like a scanned PDF."
    assert all(
        cells_[1] == "Indexed" and cells_[2] == "1" and cells_[4] == "None found"
        for name, cells_ in rows.items()
        if name != "scan.pdf"
    )
    # a file being indexed (an event as the hub passes it on): its row says so, no other
    from agentic_desk.core.library.indexer import IndexProgress

    later = folder / "note-200.txt"  # put in the library, not indexed yet
    later.write_text("Later.\n")
    library = view.current.library
    view.hub.libraries.store.add_pending(library.id, str(later), later.name, "txt", 7)
    path = str(later)
    view.hub.refresh()
    qtbot.waitUntil(lambda: view.files_model.row_of(path) >= 0, timeout=TIMEOUT)
    at = view.files_model.row_of(path)
    assert cells(view, at)[1] == "Waiting to be indexed"
    changed: list[tuple[int, int]] = []
    view.files_model.dataChanged.connect(
        lambda first, last, _roles: changed.append((first.row(), last.row()))
    )
    with qtbot.waitSignal(view.progress_shown):
        view.hub.progress.emit("Many", IndexProgress(path, 0, 1, "reading", 0.0, 0, 1))
    assert changed == [(at, at)] and cells(view, at)[1] == "Indexing…"
    assert sum(c[1] == "Indexing…" for c in table(view).values()) == 1


def test_a_burst_of_progress_is_drawn_once_then_the_latest(qtbot: Any, window: Any) -> None:
    from agentic_desk.core.library.indexer import IndexProgress

    view = documents(qtbot, window)
    shown: list[Any] = []
    view.progress_shown.connect(lambda _name, event: shown.append(event))
    events = [
        IndexProgress(f"/docs/report-{n}.md", n, 50, "reading", 0.0, 0, 50) for n in range(50)
    ]
    for event in events:  # as they arrive when the GUI thread was busy: one after another
        view.hub.progress.emit("Reports", event)
    assert shown == [events[0]]  # at once, the first
    with qtbot.waitSignal(view.progress_shown, timeout=TIMEOUT):
        pass  # PROGRESS_MS later: the latest, once
    assert shown == [events[0], events[-1]]
    assert view.progress_label.text() == "Reading report-49.md (50 of 50) in “Reports”"
    assert view.overall_bar.value() == 980
