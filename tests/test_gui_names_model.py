"""A names model in the model manager window (issue 18): downloaded from the local Hub
server, shown as a names model (no Load, no "Use for new chats"), "Use for names" makes the
privacy detector use it at once, and the settings page says which names model is in use."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest.importorskip("PySide6")
pytest.importorskip("qasync")

from agentic_desk.core.models.catalog import Catalog
from agentic_desk.core.models.convert import convert_requirements_missing
from agentic_desk.core.models.downloader import DownloadOptions, ModelDownloader, Status
from agentic_desk.core.models.store import ModelStore
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.privacy.scanning import configured
from agentic_desk.core.settings import SettingsStore
from agentic_desk.ui.app import build_window
from hub_server import HubServer

pytestmark = pytest.mark.skipif(
    convert_requirements_missing() is not None,
    reason="building the tiny BERT needs the convert extra (torch, transformers)",
)

REPO = "agentic-desk-tests/tiny-ner"
FAST = DownloadOptions(
    backoff_first=0.001, backoff_max=0.01, read_timeout=10.0, report_interval=0.0, disk_margin=0
)


@pytest.fixture(scope="module")
def tiny_ner(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import tiny_ner

    return tiny_ner.build(tmp_path_factory.mktemp("tiny-ner") / "model")


@pytest.fixture
def installed(tiny_ner: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The tiny names model downloaded into the app's models folder; its model id."""
    repo = tmp_path / "repo"
    shutil.copytree(tiny_ner, repo)
    with HubServer({REPO: repo}) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
        store = ModelStore(AppPaths.from_env().models_folder(None))
        store.ensure()
        with ModelDownloader(store, options=FAST) as downloader:
            job = downloader.download(REPO, "names")
            assert job.wait(60)
        assert job.progress.status == Status.COMPLETED, job.progress
        [model] = store.installed()
        yield model.id


def cells(table: Any, row: int) -> list[str]:
    return [
        table.item(row, c).text() if table.item(row, c) else "" for c in range(table.columnCount())
    ]


def test_use_for_names(qtbot: Any, loop: asyncio.AbstractEventLoop, installed: str) -> None:
    paths = AppPaths.from_env()
    window, engine, _theme = build_window(
        loop, catalog=Catalog.load(paths.cache_dir, []), download_options=dataclasses.replace(FAST)
    )
    qtbot.addWidget(window)
    try:
        panel = window.models_panel
        with qtbot.waitSignal(panel.installed_ready, timeout=60_000):
            window.show()
        panel.select_installed(installed)
        row = cells(panel.installed_table, 0)
        assert row[1] == "NAMES" and row[6] == ""
        names = panel.installed.names_button
        assert names.isEnabled()
        assert not panel.load_button.isEnabled()  # a names model cannot chat
        assert not panel.installed.default_button.isEnabled()
        view = window.settings_view
        with qtbot.waitSignal(view.settings_changed, timeout=30_000):
            names.click()
        with qtbot.waitSignal(panel.installed_ready, timeout=30_000):
            pass
        model = panel.manager.store.get(installed)
        saved = SettingsStore(paths.settings_file).load().settings.privacy
        assert saved.names_model_path == model.location and saved.names_model
        assert cells(panel.installed_table, 0)[6] == "names"
        finder = configured()[1]
        assert finder is not None and getattr(finder, "folder", None) == model.path
        assert "Zoë Ångström" in [text for *_r, text in _found(finder)]
        view.privacy._show_names_model()
        assert view.privacy.names_in_use.text() == (
            f"Names model: {model.path.name} ({model.path})."
        )
        # said under the names model's field, not at the end of the section
        field = view.privacy.rows["privacy.names_model_path"]
        layout = field.parentWidget().layout()
        assert layout.indexOf(view.privacy.names_in_use) == layout.indexOf(field) + 1
    finally:
        window.close()
        engine.close()


def _found(finder: Any) -> list[tuple[str, str]]:
    text = "Priyanka Chaudhary met Zoë Ångström."
    return [(c, text[s:e]) for c, s, e, _p in finder.find(text)]
