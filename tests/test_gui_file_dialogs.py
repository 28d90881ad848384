"""Every file dialog of the window starts in the user's Documents folder (not the
process's working folder). The native dialog is the one boundary replaced: each static
call is recorded with the folder it was asked to start in, and answered "cancelled"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from agentic_desk.ui.export_dialog import documents_folder


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    calls: list[tuple[str, str]] = []

    def record(kind: str) -> Any:
        def dialog(_parent: Any, caption: str, start: str = "", *_a: Any, **_k: Any) -> Any:
            calls.append((caption, start))
            return "" if kind == "dir" else ("", "")

        return staticmethod(dialog)

    monkeypatch.setattr(QFileDialog, "getOpenFileName", record("file"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", record("file"))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", record("dir"))
    return calls


def test_file_dialogs_start_in_documents(asked: list[tuple[str, str]], make_window: Any) -> None:
    window = make_window()
    window.sidebar.import_conversation()
    window.settings_view.routing.import_config()
    window.settings_view.routing.export_config()
    window.models_panel.installed.choose_folder_to_import()
    documents = documents_folder()
    assert len(asked) == 4, asked
    for caption, start in asked:
        assert start, f"{caption} starts in the working folder"
        assert Path(start) == documents or Path(start).parent == documents, (caption, start)
