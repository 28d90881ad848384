"""The window in a second language (issue 16): with German chosen, no text on the main views
is left as its English source; with English nothing changes; an unknown language is refused."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QTableView,
    QWidget,
)

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import SettingsStore, describe
from agentic_desk.ui import i18n

ROOT = Path(__file__).resolve().parents[1]
TS = i18n.TRANSLATIONS_DIR / "agentic_desk_de.ts"
QM = i18n.TRANSLATIONS_DIR / "agentic_desk_de.qm"

# Texts that are the same in English and German, or are not words at all.
SAME_IN_BOTH = {
    "Agentic Desk",
    "Chat",
    "Downloads",
    "OK",
    "CPU",
    "CUDA",
    "JSON",
    "Markdown",
    "Hugging Face",
    "Top-p",
    "Top-k",
    "Name",
    "Status",
    "Start",
    "Details",
    "Export",
    "Import",
    "Normal",
    "Budgets",
    "Hash",
    "Header",  # German for "Headers" (the providers form) and an English column
    "Passphrase",
    "normal",
    "router.config.json",
    "https://…/v1",
}
# The settings' descriptions come from the core (agentic_desk.core.settings, translated with
# agentic_desk.core.i18n): they are checked like every other text.
NOT_WORDS = re.compile(r"^[\W\d_]*$")  # numbers, marks, empty
# measured facts about this computer (the CPU's name, a folder) are not words to translate
FACTS = re.compile(r"^/|^[\w(). -]*\(R\)|^(CPU|CUDA|DirectML)\b")


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for each user-visible text of ``root``'s visible widgets."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        kind = type(widget).__name__
        texts = [widget.toolTip(), widget.windowTitle() if widget.isWindow() else ""]
        if isinstance(widget, QLabel) and "white-space: pre-wrap" not in widget.text():
            texts.append(widget.text())  # (a message's own text, rendered, is not ours)
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if hasattr(widget, "placeholderText") and not isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QMenu):
            texts += [action.text() for action in widget.actions()]
        if isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            texts += [
                str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
                for c in range(model.columnCount())
                if not widget.isColumnHidden(c)
            ]
        for text in texts:
            plain = re.sub(r"<[^>]+>", "", text or "").replace("&", "").strip()
            if plain and not NOT_WORDS.match(plain):
                yield f"{kind} {widget.objectName()}", plain


def untranslated(english: set[str], root: QWidget) -> list[str]:
    return sorted(
        f"{where}: {text!r}"
        for where, text in visible_texts(root)
        if text in english and text not in SAME_IN_BOTH and not FACTS.search(text)
    )


def set_language(language: str) -> None:
    SettingsStore(AppPaths.from_env().ensure().settings_file).update({"ui.language": language})


def texts_of(root: QWidget) -> set[str]:
    return {text for _where, text in visible_texts(root)}


def views(window: Any) -> Iterator[tuple[str, QWidget]]:
    """Each main view, shown in turn: the chat, Models, and every Settings page."""
    window.show_chat()
    yield "chat", window
    window.show_models()
    yield "models", window
    window.show_settings()
    settings = window.settings_view
    for index in range(settings.pages.count()):
        settings.nav.setCurrentRow(index)
        yield f"settings page {index}", window


VIEWS_DONE = {"chat", "models", *(f"settings page {i}" for i in range(20))}
"""The views whose every text is translated (issue 16: the Settings pages are partly done)."""


def test_german_leaves_no_english_text_on_the_main_views(make_window: Any) -> None:
    english_window = make_window()
    english = {name: texts_of(root) for name, root in views(english_window)}
    english_window.close()
    set_language("de")
    german_window = make_window()
    problems = []
    descriptions = tuple(info.description for info in describe() if info.description)
    for name, root in views(german_window):
        if name in VIEWS_DONE:
            problems += [f"{name}: {text}" for text in untranslated(english[name], root)]
            # a setting's help is its (core) description and a note: neither in English
            problems += [
                f"{name}: {where}: {text!r}"
                for where, text in visible_texts(root)
                if text.startswith(descriptions)
            ]
    assert not problems, "\n".join(problems)


def test_english_is_the_source_language(make_window: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    set_language("en")
    window = make_window()
    assert window.sidebar.findChild(QWidget) is not None
    assert QCoreApplication.translate("MainWindow", "Chat") == "Chat"
    assert "Chat" in texts_of(window)


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(AgenticDeskError, match=r"ui\.language"):
        set_language("xx")


def tool(name: str) -> str:
    found = Path(sys.executable).parent / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def sources(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_the_german_file_has_every_text_of_the_window_translated(tmp_path: Path) -> None:
    """What pyside6-lupdate finds in the code now is all in the .ts, and all translated:
    run scripts/update_translations.sh and translate what it adds when this fails."""
    fresh = tmp_path / "now.ts"
    code = sorted(str(p) for p in (ROOT / "src/agentic_desk/ui").rglob("*.py"))
    subprocess.run(
        [tool("pyside6-lupdate"), *code, "-ts", str(fresh)], check=True, capture_output=True
    )
    missing = sources(fresh) - sources(TS)
    assert not missing, f"texts not in {TS.name}: {sorted(missing)}"
    root = ET.parse(TS).getroot()
    unfinished = [
        message.findtext("source")
        for message in root.iter("message")
        if message.find("translation") is not None
        and (message.find("translation").get("type") or not message.findtext("translation"))
    ]
    assert not unfinished, f"not translated (or obsolete) in {TS.name}: {unfinished}"


def test_the_committed_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    compiled = tmp_path / "now.qm"
    subprocess.run(
        [tool("pyside6-lrelease"), str(TS), "-qm", str(compiled)], check=True, capture_output=True
    )
    assert compiled.read_bytes() == QM.read_bytes(), "run scripts/update_translations.sh"


def test_words_kept_in_tables_are_translated_where_shown(qapp: Any) -> None:
    """The sidebar's date sections and the untitled conversation's name (plain words in the
    core and in conversation_labels) are shown in the window's language."""
    from agentic_desk.ui.sidebar import section_words

    assert i18n.install(qapp, "de") == "de"
    try:
        assert section_words("Today") == "Heute"
        assert section_words("October 2026") == "Oktober 2026"
        assert i18n.conversation_title("New chat") == "Neuer Chat"
        assert i18n.conversation_title("Paris trip") == "Paris trip"
    finally:
        i18n.uninstall(qapp)
    assert section_words("Today") == "Today"
    assert i18n.install(qapp, "en") == "en"  # the source language: no translator
    assert section_words("Today") == "Today"


def test_the_shortcuts_window_is_translated(qtbot: Any, qapp: Any) -> None:
    from agentic_desk.ui.shortcuts import SHORTCUTS, ShortcutsDialog

    i18n.install(qapp, "de")
    try:
        dialog = ShortcutsDialog()
        qtbot.addWidget(dialog)
        english = {s.action for s in SHORTCUTS} | {s.where for s in SHORTCUTS}
        left = [text for _keys, what, where in dialog.rows() for text in (what, where)]
        assert not [text for text in left if text in english]
        assert dialog.windowTitle() == "Tastenkürzel"
        assert not [t for _w, t in visible_texts(dialog) if t in english]
    finally:
        i18n.uninstall(qapp)


def test_a_conversation_in_german_has_no_english_words(make_window: Any, qtbot: Any) -> None:
    """After a message and its reply: the bubbles' names, buttons and footers in German."""
    from gui_helpers import send

    english_window = make_window()
    send(qtbot, english_window, "Hello there")
    english = texts_of(english_window) - {"Hello there"}
    english_window.close()
    set_language("de")
    window = make_window()
    send(qtbot, window, "Hello there")
    left = untranslated(english, window)
    assert not [text for text in left if "chatTitle" not in text], left


def dialogs_after_actions(tmp_path: Path) -> Iterator[tuple[str, QWidget]]:
    """The windows and texts shown after an action (issue 16): the crash dialog, the cloud
    consent, the export dialog's file types, the downloads table."""
    from PySide6.QtWidgets import QComboBox

    from agentic_desk.core.models.downloader import Progress, Status
    from agentic_desk.ui.crash import CrashDialog
    from agentic_desk.ui.export_dialog import ALL_FORMATS, ExportFileChooser
    from agentic_desk.ui.models.downloads import DownloadsModel
    from agentic_desk.ui.settings.general import ConsentDialog

    crash = CrashDialog(RuntimeError("boom"), tmp_path)
    yield "crash", crash
    crash.add_error(RuntimeError("again"))
    yield "crash, twice", crash
    yield "consent (detector on)", ConsentDialog(True)
    yield "consent (detector off)", ConsentDialog(False)
    export = ExportFileChooser().make_dialog(None, "Export", "notes", ALL_FORMATS)
    filters = QComboBox()  # the dialog's file types, as a text visible_texts reads
    filters.setToolTip("\n".join(export.nameFilters()))
    export.deleteLater()
    yield "export file types", filters
    downloads = DownloadsModel()
    for status in Status:
        downloads.update(Progress(f"job-{status.value}", "org/model", "cpu", status, 10, 5, 2, 1))
    texts = [
        str(downloads.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
        for c in range(downloads.columnCount())
    ]
    texts += [
        str(downloads.data(downloads.index(row, 1), Qt.ItemDataRole.DisplayRole))
        for row in range(downloads.rowCount())
    ]
    shown = QComboBox()
    shown.setToolTip("\n".join(texts))
    yield "downloads", shown


def lines_of(root: QWidget) -> set[str]:
    return {line for _where, text in visible_texts(root) for line in text.split("\n")}


def test_the_dialogs_shown_after_actions_are_german(qtbot: Any, qapp: Any, tmp_path: Path) -> None:
    english = {}
    for name, root in dialogs_after_actions(tmp_path):
        qtbot.addWidget(root)
        english[name] = lines_of(root)
    assert "Word document (*.docx)" in english["export file types"]
    assert i18n.install(qapp, "de") == "de"
    try:
        problems = []
        german = {}
        for name, root in dialogs_after_actions(tmp_path):
            qtbot.addWidget(root)
            german[name] = lines_of(root)
            left = (
                (german[name] & english[name]) - SAME_IN_BOTH - {"PDF (*.pdf)", "Markdown (*.md)"}
            )
            problems += [f"{name}: {text!r}" for text in sorted(left) if not NOT_WORDS.match(text)]
        assert not problems, "\n".join(problems)
        assert "Word-Dokument (*.docx)" in german["export file types"]
        assert "Wird heruntergeladen" in german["downloads"]
    finally:
        i18n.uninstall(qapp)


def test_plurals_follow_the_number_in_german(qtbot: Any, qapp: Any, tmp_path: Path) -> None:
    """%n texts (self.tr(text, "", n)): one form for 1, another for more."""
    from agentic_desk.ui.crash import CrashDialog

    assert i18n.install(qapp, "de") == "de"
    try:
        dialog = CrashDialog(RuntimeError("boom"), tmp_path)
        qtbot.addWidget(dialog)
        assert dialog.what.text().startswith("Was passiert ist: ")
        dialog.add_error(RuntimeError("again"))
        assert dialog.what.text().startswith("Was passiert ist (bisher 2 Probleme): ")
        one = dialog.tr("What happened (%n problem(s) so far): {summary}", "", 1)
        assert one.startswith("Was passiert ist (bisher 1 Problem)")
    finally:
        i18n.uninstall(qapp)


def texts_shown(window: QWidget) -> str:
    return " ".join(text for _where, text in visible_texts(window))


def test_an_error_from_the_model_process_is_german_in_the_window(
    qtbot: Any, loop: Any, scripted_model: Path, tmp_path: Path
) -> None:
    """The inference worker is a process of its own: with German chosen, an error it
    writes (a model type onnxruntime-genai does not know) reaches the window in German."""
    import json

    from agentic_desk.ui.app import build_window

    broken = tmp_path / "broken"
    shutil.copytree(scripted_model, broken)
    config = json.loads((broken / "genai_config.json").read_text())
    config["model"]["type"] = "no_such_architecture"
    (broken / "genai_config.json").write_text(json.dumps(config))
    set_language("de")
    window, engine, _theme = build_window(loop, model=str(broken))
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.view_ready, timeout=30_000):
            window.show()
        window.input.setPlainText("Hallo")
        with qtbot.waitSignal(window.controller.failed, timeout=60_000) as failed:
            qtbot.keyClick(window.input, Qt.Key.Key_Return)
        error = failed.args[0]
        assert error.message.startswith("Die Architektur dieses Modells"), error.message
        qtbot.waitUntil(lambda: "Die Architektur dieses Modells" in texts_shown(window))
        shown = texts_shown(window)
        assert "Die Architektur dieses Modells wird von onnxruntime-genai" in shown, shown
        assert "architecture is not supported" not in shown
    finally:
        window.close()
        engine.close()
        i18n.uninstall(QApplication.instance())  # the next tests speak English again


def holder(*texts: str) -> QWidget:
    """A widget whose tooltip carries ``texts`` (texts shown in cells, tooltips or messages
    rather than in a widget of their own), one a line, for visible_texts."""
    widget = QWidget()
    widget.setToolTip("\n".join(texts))
    return widget


def editors_and_dialogs() -> Iterator[tuple[str, QWidget]]:
    """The template editor, the app-lock dialogs, the routing page's messages and the
    Models page's context cells (issue 16): built in the language installed now."""
    from agentic_desk.core.applock import AppLock
    from agentic_desk.core.assistants import starters
    from agentic_desk.core.budget import ContextChoice
    from agentic_desk.core.routing import config as rc
    from agentic_desk.core.secrets import SecretStore
    from agentic_desk.ui.applock import UnlockDialog
    from agentic_desk.ui.assistant_templates import SystemPromptDialog, TemplateEditor
    from agentic_desk.ui.models.installed import context_item
    from agentic_desk.ui.settings.applock import PassphraseDialog
    from agentic_desk.ui.settings.routing import _number, rule_text

    yield "new template", TemplateEditor(None)
    yield "starter template", TemplateEditor(starters()[0])
    yield "system prompt", SystemPromptDialog("Be brief.", "Formal letter")
    for current, new in ((True, True), (False, True), (True, False)):
        dialog = PassphraseDialog(current=current, new=new)
        yield f"passphrase {current} {new}", dialog
        dialog.new.setText("a long enough passphrase")
        dialog.again.setText("another long passphrase")
        dialog.check_and_accept()
        yield f"passphrase {current} {new}, differing", holder(dialog.error.text())
    lock = AppLock(SecretStore())
    yield "locked", UnlockDialog(lock)
    yield "locked again", UnlockDialog(lock, again=True)
    rule = rc.parse_config(
        {
            "routing": {
                "rules": [{"condition": {"privacy": ["normal"]}, "action": {"provider": "local"}}]
            }
        }
    ).rules[0]
    try:
        _number("lots", "The smallest prompt")
    except ValueError as error:
        refused = str(error)
    yield "routing", holder(rule_text(1, rule), refused)
    choice = ContextChoice(
        16384, 32768, 131072, 2 << 30, 1 << 30, 1 << 29, 8 << 30, 6 << 30, "default", "because"
    )
    cell = context_item(choice)
    yield "context cell", holder(cell.text(), *cell.toolTip().split("\n")[1:])


def test_the_editors_and_dialogs_are_german(qtbot: Any, qapp: Any) -> None:
    """The template editor (its fields table too), the app-lock dialogs, the routing
    page's messages and the Models page's context cell: no English line left."""
    english = {}
    for name, root in editors_and_dialogs():
        qtbot.addWidget(root)
        english[name] = lines_of(root)
    assert "Several lines" in english["new template"]  # the fields table's header
    assert "16,384 tokens · 3.50 GB" in english["context cell"]
    assert i18n.install(qapp, "de") == "de"
    try:
        problems = []
        german = {}
        for name, root in editors_and_dialogs():
            qtbot.addWidget(root)
            german[name] = lines_of(root)
            left = (german[name] & english[name]) - SAME_IN_BOTH - {"Formal letter"}
            problems += [f"{name}: {text!r}" for text in sorted(left) if not NOT_WORDS.match(text)]
        assert not problems, "\n".join(problems)
        assert "Mehrere Zeilen" in german["new template"]
        # numbers for people: German separators
        assert "16.384 Tokens · 3,50 GB" in german["context cell"]
    finally:
        i18n.uninstall(qapp)


def test_the_crash_reports_debug_info_is_german_where_a_person_reads_it(
    qtbot: Any, qapp: Any, tmp_path: Path
) -> None:
    from agentic_desk.ui.crash import CrashDialog

    english = CrashDialog(RuntimeError("boom"), tmp_path)
    qtbot.addWidget(english)
    assert "Log file: " in english.details.toPlainText()
    assert i18n.install(qapp, "de") == "de"
    try:
        dialog = CrashDialog(RuntimeError("boom"), tmp_path)
        qtbot.addWidget(dialog)
        details = dialog.details.toPlainText()
        assert "Protokolldatei: " in details and "Log file" not in details
        assert "Gebündelte App: nein" in details
    finally:
        i18n.uninstall(qapp)


def headers(table: QTableView) -> list[str]:
    model = table.model()
    return [
        str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
        for c in range(model.columnCount())
    ]


def models_and_record_texts(qtbot: Any, window: Any) -> dict[str, list[str]]:
    """The Models page's table headers and the audit record's summary ("What left this
    computer", Settings), as shown in ``window``."""
    panel = window.models_panel
    for _name, _root in views(window):  # every page once: the record is read when shown
        pass
    summary = window.findChild(QLabel, "sentSummary")
    assert summary is not None
    qtbot.waitUntil(lambda: bool(summary.text()))
    return {
        "installed": headers(panel.installed_table),
        "catalog": headers(panel.catalog_table),
        "record": [summary.text()],
    }


def test_the_models_tables_and_the_audit_summary_are_german(make_window: Any, qtbot: Any) -> None:
    english = models_and_record_texts(qtbot, make_window())
    assert english["installed"][3] == "Context here"
    assert english["record"][0].startswith("Nothing has left this computer.")
    set_language("de")
    german = models_and_record_texts(qtbot, make_window())
    for name, texts in english.items():
        left = set(texts) & set(german[name]) - SAME_IN_BOTH
        assert not left, f"{name}: {sorted(left)}"
    assert german["installed"][3] == "Kontext hier"
    assert german["record"][0].startswith("Nichts hat diesen Computer verlassen.")
