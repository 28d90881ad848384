"""Templates in the window (pytest-qt, the tiny scripted model, offscreen Qt): a new chat
from a template with its fields, the conversation header's template and system prompt
(open and edit it), the default system prompt, and the templates manager in Settings."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
pytest.importorskip("qasync")

from PySide6.QtWidgets import QPlainTextEdit

from agentic_desk.ui.app import apply_theme, build_window
from agentic_desk.ui.assistant_templates import (
    SystemPromptDialog,
    TemplateEditor,
    TemplatePicker,
)
from agentic_desk.ui.main_window import MainWindow
from gui_helpers import send
from shots import save_shot


@pytest.fixture
def window(qtbot: Any, loop: asyncio.AbstractEventLoop, scripted_model: Path) -> Iterator[Any]:
    made, engine, _theme = build_window(loop, model=str(scripted_model))
    qtbot.addWidget(made)
    made.resize(1280, 800)
    with qtbot.waitSignal(made.view_ready, timeout=30_000):
        made.show()
    yield made
    made.close()
    engine.close()


def open_picker(qtbot: Any, window: MainWindow) -> TemplatePicker:
    with qtbot.waitSignal(window.template_picker_ready, timeout=10_000) as shown:
        window.sidebar.from_template.click()
    picker = shown.args[0]
    assert isinstance(picker, TemplatePicker) and picker.isVisible()
    return picker


def test_new_chat_from_a_template_with_fields(qtbot: Any, window: MainWindow) -> None:
    picker = open_picker(qtbot, window)
    names = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert names[:2] == ["Formal letter", "Referral letter"]
    picker.select("Formal letter")
    assert list(picker.editors) == ["recipient", "purpose", "date", "key_points"]
    assert isinstance(picker.editors["key_points"], QPlainTextEdit)  # several lines
    picker.set_values({"recipient": "Ms Jones, Lettings Ltd"})
    picker.start()  # purpose and key points are missing
    assert picker.isVisible()
    assert picker.error.text() == (
        "The template “Formal letter” needs a value for “Purpose of the letter”, "
        "“Key points”. Fill in every field marked required, then start the conversation."
    )
    picker.set_values(
        {"purpose": "ask for the boiler to be repaired", "key_points": "- no hot water\n- 3 weeks"}
    )
    with qtbot.waitSignal(window.view_ready, timeout=10_000):
        picker.start()
    conv = window.store.get_conversation(window.current_id)
    assert conv.template == "Formal letter"
    assert conv.system_prompt is not None
    assert "The letter is to Ms Jones, Lettings Ltd. Its purpose: ask for the boiler" in (
        conv.system_prompt
    )
    assert "the date ([Date])" in conv.system_prompt  # a default fills in
    assert conv.privacy == "normal"
    assert conv.params == {"temperature": 0.4, "max_new_tokens": 1200}
    bar = window.chat.prompt_bar
    assert bar.text.text().startswith(
        "Template: Formal letter · System prompt: You help the user write a formal letter"
    )
    assert window.input.toPlainText() == (
        "Please write the letter. The points to make:\n- no hot water\n- 3 weeks"
    )
    # the reply uses the template's settings, over the settings' other ones: what the core
    # turn sent is recorded with the reply
    send(qtbot, window, "Please write the letter.")
    used = window.store.messages(window.current_id)[-1].meta["params"]
    assert (used["temperature"], used["max_new_tokens"]) == (0.4, 1200)
    assert used["top_p"] == window.generation.top_p


def test_a_private_template_starts_a_private_conversation(qtbot: Any, window: MainWindow) -> None:
    picker = open_picker(qtbot, window)
    picker.select("Referral letter")
    assert "Privacy: High: stays on this computer" in picker.facts.text()
    picker.set_values({"recipient": "Community mental health team", "notes": "Mr A, low mood"})
    with qtbot.waitSignal(window.view_ready, timeout=10_000):
        picker.start()
    conv = window.store.get_conversation(window.current_id)
    assert (conv.template, conv.privacy) == ("Referral letter", "high")
    assert window.privacy.currentData() == "high"
    assert window.local_badge.isVisibleTo(window)


def test_edit_the_system_prompt_from_the_header(qtbot: Any, window: MainWindow) -> None:
    bar = window.chat.prompt_bar
    assert bar.text.text() == "No system prompt"
    with qtbot.waitSignal(bar.dialog_opened) as opened:
        bar.button.click()
    dialog = opened.args[0]
    assert isinstance(dialog, SystemPromptDialog) and dialog.isVisible()
    assert dialog.editor.toPlainText() == ""
    dialog.editor.setPlainText("Answer like a careful solicitor.")
    with qtbot.waitSignal(bar.saved, timeout=10_000):
        dialog.accept()
    conv = window.store.get_conversation(window.current_id)
    assert conv.system_prompt == "Answer like a careful solicitor."
    assert bar.text.text() == "System prompt: Answer like a careful solicitor."
    with qtbot.waitSignal(bar.dialog_opened) as opened:
        bar.button.click()
    dialog = opened.args[0]
    assert dialog.editor.toPlainText() == "Answer like a careful solicitor."
    dialog.editor.setPlainText("   ")
    with qtbot.waitSignal(bar.saved, timeout=10_000):
        dialog.accept()
    assert window.store.get_conversation(window.current_id).system_prompt is None
    assert bar.text.text() == "No system prompt"


def test_the_default_system_prompt_applies_to_new_chats(qtbot: Any, window: MainWindow) -> None:
    page = window.settings_view.templates
    page.default_prompt.setPlainText("Use British spelling.")
    with qtbot.waitSignal(window.settings_view.settings_changed, timeout=10_000):
        page.save_default_prompt()
    assert page.status.text() == "Saved."
    with qtbot.waitSignal(window.view_ready, timeout=10_000):
        window.new_chat()
    conv = window.store.get_conversation(window.current_id)
    assert (conv.system_prompt, conv.template) == ("Use British spelling.", None)
    assert window.chat.prompt_bar.text.text() == "System prompt: Use British spelling."


def test_templates_manager_create_duplicate_delete(qtbot: Any, window: MainWindow) -> None:
    window.show_settings()
    window.settings_view.show_section("Templates")
    manager = window.settings_view.templates.manager
    with qtbot.waitSignal(manager.changed, timeout=10_000):
        manager.refresh()
    assert manager.names()[:5] == [
        "Formal letter",
        "Referral letter",
        "Meeting summary",
        "Complaint",
        "Plain-language explanation",
    ]
    manager.select("Complaint")
    assert not manager.buttons["delete"].isEnabled()  # a starter stays

    with qtbot.waitSignal(manager.dialog_opened) as opened:
        manager.buttons["new"].click()
    editor = opened.args[0]
    assert isinstance(editor, TemplateEditor)
    editor.name.setText("Tenancy notes")
    editor.description.setText("Notes for my tenancy file")
    editor.system_prompt.setPlainText("Summarise notes about {{address}} in date order.")
    editor.temperature.setText("5")
    editor.save()  # refused by the core's check, next to the form
    assert editor.isVisible()
    assert "“reply.temperature” must be a number between 0 and 2" in editor.error.text()
    editor.temperature.setText("0.2")
    editor.save()
    assert "uses {{address}} but the template has no field" in editor.error.text()
    editor.add_field(None)
    editor.fields.item(0, 0).setText("address")
    editor.fields.item(0, 1).setText("Address")
    with qtbot.waitSignal(manager.changed, timeout=10_000):
        editor.save()
    assert "Tenancy notes" in manager.names()
    assert manager.current is not None and manager.current.name == "Tenancy notes"
    assert manager.message.text() == "Created “Tenancy notes”."
    saved = window.settings_view.templates.manager.library.get("Tenancy notes")
    assert saved.reply == {"temperature": 0.2} and saved.fields[0].name == "address"
    save_shot(window.settings_view, "templates-manager-light")

    with qtbot.waitSignal(manager.changed, timeout=10_000):
        manager.buttons["duplicate"].click()
    assert manager.current is not None and manager.current.name == "Tenancy notes (copy)"
    assert manager.buttons["delete"].isEnabled()
    with qtbot.waitSignal(manager.changed, timeout=10_000):
        manager.buttons["delete"].click()
    assert "Tenancy notes (copy)" not in manager.names()
    assert manager.message.text() == "Deleted “Tenancy notes (copy)”."

    # editing a starter saves a copy; the starter is unchanged
    manager.select("Complaint")
    with qtbot.waitSignal(manager.dialog_opened) as opened:
        manager.buttons["edit"].click()
    editor = opened.args[0]
    editor.description.setText("Mine")
    with qtbot.waitSignal(manager.changed, timeout=10_000):
        editor.save()
    assert "Complaint (my version)" in manager.names()
    assert manager.library.get("complaint").description != "Mine"


def test_the_lists_system_prompt_entry_opens_the_header_editor(
    qtbot: Any, window: MainWindow
) -> None:
    first = window.current_id
    with qtbot.waitSignal(window.view_ready, timeout=10_000):
        window.new_chat()
    assert window.current_id != first
    bar = window.chat.prompt_bar
    with qtbot.waitSignal(bar.dialog_opened, timeout=10_000) as opened:
        window.sidebar.system_prompt_requested.emit(first)  # the list's context menu
    assert window.current_id == first
    dialog = opened.args[0]
    dialog.editor.setPlainText("Be kind.")
    with qtbot.waitSignal(bar.saved, timeout=10_000):
        dialog.accept()
    assert window.store.get_conversation(first).system_prompt == "Be kind."
    assert bar.text.text() == "System prompt: Be kind."


def choose(dialog: Any, path: Path) -> None:
    """Answer a file dialog as a person would: pick the file, press the button."""
    dialog.selectFile(str(path))
    dialog.accept()
    assert not dialog.isVisible()


def test_templates_manager_export_and_import(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    manager = window.settings_view.templates.manager
    with qtbot.waitSignal(manager.changed, timeout=10_000):
        manager.refresh()
    manager.select("Meeting summary")
    out = tmp_path / "meeting.json"
    with qtbot.waitSignal(manager.dialog_opened) as opened:
        manager.buttons["export"].click()
    with qtbot.waitSignal(manager.changed, timeout=10_000):
        choose(opened.args[0], out)
    assert manager.message.text() == f"Exported “Meeting summary” to {out}."
    assert out.is_file()
    with qtbot.waitSignal(manager.dialog_opened) as opened:
        manager.buttons["import"].click()
    with qtbot.waitSignal(manager.changed, timeout=10_000):
        choose(opened.args[0], out)
    assert "Meeting summary (imported)" in manager.names()
    assert manager.current is not None and manager.current.name == "Meeting summary (imported)"
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2]")
    with qtbot.waitSignal(manager.dialog_opened) as opened:
        manager.buttons["import"].click()
    with qtbot.waitSignal(manager.failed, timeout=10_000):
        choose(opened.args[0], broken)
    assert manager.message.text() == (
        "The file broken.json is not a usable template: the document must be a JSON object. "
        "Fix the file or export the template again from Agentic Desk."
    )


def test_screenshots_of_the_picker_and_a_chat_from_a_template(
    qtbot: Any, window: MainWindow, qapp: Any
) -> None:
    """build/screenshots/template-picker-{light,dark}.png and chat-from-template-*.png,
    each checked: written afresh, not blank, in its theme's colours."""
    for theme in ("light", "dark"):
        apply_theme(qapp, theme)
        picker = open_picker(qtbot, window)
        picker.select("Referral letter")
        picker.set_values(
            {"recipient": "Community mental health team", "notes": "Low mood since March."}
        )
        qapp.processEvents()
        save_shot(picker, f"template-picker-{theme}", theme)
        with qtbot.waitSignal(window.view_ready, timeout=10_000):
            picker.start()
        qapp.processEvents()
        save_shot(window, f"chat-from-template-{theme}", theme)
