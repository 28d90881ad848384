"""The model manager panel and the first run, end to end: the real window on a qasync loop,
real downloads from a local server that speaks the Hub's protocol (with its faults), real
tiny models loaded by the real inference worker."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

import tiny_models as tm
from agentic_desk.core.models.catalog import Catalog, CatalogEntry
from agentic_desk.core.models.convert import convert_requirements_missing
from agentic_desk.core.models.downloader import DownloadOptions, Status
from agentic_desk.core.models.store import verification
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import SettingsStore
from agentic_desk.ui.app import apply_theme, build_window
from agentic_desk.ui.main_window import MainWindow
from agentic_desk.ui.models.common import size_text
from gui_helpers import send
from hub_server import HubServer
from shots import save_shot

TINY = "agentic-desk-tests/tiny-chat-onnx"
FOLDER = "cpu_and_mobile/cpu-int4-rtn-block-32"
FAST = DownloadOptions(
    backoff_first=0.001, backoff_max=0.01, read_timeout=10.0, report_interval=0.0, disk_margin=0
)
ENTRY = CatalogEntry(
    repo_id=TINY,
    name="Tiny Chat",
    family="test",
    licence="MIT",
    parameters_b=0.001,
    context_length=2048,
    rank=1,
    description="A tiny scripted model served by the tests' local Hub.",
)
BIG = 4 * 1024 * 1024  # bytes of padding so faults land mid-file
needs_convert = pytest.mark.skipif(
    convert_requirements_missing() is not None,
    reason="the convert extra is not installed: pip install -e '.[convert]'",
)


def catalog_for(paths: AppPaths) -> Catalog:
    return Catalog.load(paths.cache_dir, [ENTRY])


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hubrepo")
    model = tm.build_scripted_model(base / "model")
    (model / "padding.data").write_bytes(os.urandom(BIG))
    root = base / "repo"
    (root / FOLDER).mkdir(parents=True)
    for item in model.iterdir():
        (root / FOLDER / item.name).write_bytes(item.read_bytes())
    (root / "README.md").write_text("# tiny\n")
    return root


@pytest.fixture
def hub(repo: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer({TINY: repo}) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
        yield server


@pytest.fixture
def open_app(qtbot: Any, loop: asyncio.AbstractEventLoop) -> Iterator[Any]:
    """Build the real window from the data folder, the way ``agentic-desk`` does (no model
    given: a first run when nothing is installed)."""
    made: list[tuple[MainWindow, Any]] = []

    def make(*, wait_for: str = "installed_ready", options: DownloadOptions = FAST) -> Any:
        paths = AppPaths.from_env()
        window, engine, _theme = build_window(
            loop, catalog=catalog_for(paths), download_options=dataclasses.replace(options)
        )
        qtbot.addWidget(window)
        window.resize(1280, 800)
        made.append((window, engine))
        panel = window.models_panel
        with qtbot.waitSignal(getattr(panel, wait_for), timeout=60_000):
            window.show()
        return window

    yield make
    for window, engine in made:
        window.close()
        engine.close()


def wait_status(qtbot: Any, panel: Any, status: Status, action: Any = None) -> None:
    def matches(_job: str, value: str) -> bool:
        return value == status.value

    with qtbot.waitSignal(panel.download_changed, timeout=60_000, check_params_cb=matches):
        if action is not None:
            action()


def table_text(table: Any) -> list[list[str]]:
    return [
        [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_first_run_recommends_downloads_and_chats_without_a_restart(
    qtbot: Any, open_app: Any, hub: HubServer
) -> None:
    window = open_app(wait_for="catalog_ready")
    panel = window.models_panel
    assert window.pages.currentIndex() == 1  # the model manager opens first
    assert "No model is installed yet" in panel.banner.text()
    assert panel.get_button.isEnabled() and "Tiny Chat" in panel.get_button.text()
    assert "Tiny Chat" in panel.recommend_text.text()
    rows = table_text(panel.catalog_table)
    # The context the engine would give it here: the tiny model's whole 256 tokens.
    assert rows[0][0] == "Tiny Chat (recommended)" and rows[0][3] == "Fits · 256 context"
    assert "MB" in rows[0][2]  # a real size, from the Hub's metadata
    with qtbot.waitSignal(panel.model_ready, timeout=60_000) as ready:
        qtbot.mouseClick(panel.get_button, qtbot_left())
    model_id = ready.args[0]
    assert window.pages.currentIndex() == 0  # the chat pane, ready
    assert "ready" in window.banner.text()
    settings = SettingsStore(AppPaths.from_env().settings_file).load().settings
    assert settings.engine.model_path == model_id
    statuses: list[str] = []
    window.controller.status.connect(statuses.append)
    result = send(qtbot, window, "hello")
    assert statuses and statuses[0].startswith("Loading ")  # the first reply loads the model
    # ... and says the context it chose, and why
    assert statuses[1].endswith(
        " is loaded. Context: 256 tokens, the model's own limit: 0 MB of cache."
    )
    assert result.error is None
    assert result.text == tm.SENTENCE
    assert panel.downloads.rows[0].status == Status.COMPLETED
    assert hub.faults.requests.matching("padding.data", method="GET")


def qtbot_left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_offline_first_run_says_so_and_offers_an_import(
    qtbot: Any, open_app: Any, scripted_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    window = open_app(wait_for="catalog_ready")
    panel = window.models_panel
    assert "offline" in panel.recommend_text.text()
    assert panel.get_button.isHidden()
    assert panel.import_button.isEnabled()
    assert table_text(panel.catalog_table)[0][2] == "size unknown until online"
    with qtbot.waitSignal(panel.model_ready, timeout=60_000):
        panel.import_folder(str(scripted_model))
    assert window.pages.currentIndex() == 0
    assert send(qtbot, window, "hi").text.strip()


def test_a_download_killed_with_the_app_resumes_on_restart(
    qtbot: Any, open_app: Any, hub: HubServer
) -> None:
    """The real app in its own process downloads until half of the big file is on disk, then
    is killed (SIGKILL). The next start shows the download again and finishes it with a
    ranged request, not from zero."""
    stall = hub.faults.stall_after("padding.data", BIG // 2)
    script = f"""
import asyncio, sys
import qasync
from PySide6.QtWidgets import QApplication
app = QApplication([])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
from agentic_desk.core.models.catalog import Catalog, CatalogEntry
from agentic_desk.core.models.convert import convert_requirements_missing
from agentic_desk.core.models.downloader import DownloadOptions
from agentic_desk.core.paths import AppPaths
from agentic_desk.ui.app import build_window
entry = CatalogEntry(**{json.dumps(ENTRY.__dict__)})
catalog = Catalog.load(AppPaths.from_env().cache_dir, [entry])
window, engine, _ = build_window(loop, catalog=catalog,
    download_options=DownloadOptions(report_interval=0.0))
panel = window.models_panel
def changed(job, status):
    p = panel.downloads.progress(job)
    if p.current_file and p.current_file.endswith("padding.data") and p.file_bytes >= {BIG // 2}:
        print("HALFWAY", flush=True)
panel.download_changed.connect(changed)
panel.catalog_ready.connect(panel.download_recommended)
window.show()
with loop:
    loop.run_forever()
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen(
        [sys.executable, "-c", script],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("HALFWAY"):
                break
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    stall.release()
    hub.faults.requests.clear()
    window = open_app(wait_for="model_ready")  # the resumed download completes
    panel = window.models_panel
    assert [p.status for p in panel.downloads.rows] == [Status.COMPLETED]
    ranged = [r for r in hub.faults.requests.matching("padding.data", method="GET") if r.range]
    assert ranged, "the resumed download asked for the rest of the file, not all of it"
    assert len(panel.models) == 1 and panel.models[0].verified
    assert send(qtbot, window, "hello again").text.strip()


def test_pause_resume_cancel_and_retry(qtbot: Any, open_app: Any, hub: HubServer) -> None:
    window = open_app(wait_for="catalog_ready")
    panel = window.models_panel
    stall = hub.faults.stall_after("padding.data", BIG // 4)
    wait_status(qtbot, panel, Status.DOWNLOADING, panel.download_recommended)
    assert stall.wait_reached(30)
    panel.downloads_view.selectRow(0)
    assert panel.pause_button.isEnabled() and not panel.resume_button.isEnabled()
    wait_status(qtbot, panel, Status.PAUSED, panel.pause_button.click)
    stall.release()
    assert panel.resume_button.isEnabled()
    assert "Paused" in panel.download_detail.text()
    assert panel.downloads.data(panel.downloads.index(0, 1)) == "Paused"
    # resume, then cancel: the partial data goes away
    hub.faults.stall_after("padding.data", BIG // 4)
    wait_status(qtbot, panel, Status.DOWNLOADING, panel.resume_button.click)
    wait_status(qtbot, panel, Status.CANCELLED, panel.cancel_button.click)
    hub.faults.clear()
    staging = Path(panel.manager.store.root / ".partial")
    assert not any(staging.iterdir())
    # a server that keeps failing: the download fails with words, Retry finishes it
    hub.faults.error_burst("padding.data", 503, times=None)
    wait_status(qtbot, panel, Status.FAILED, panel.download_recommended)
    assert panel.retry_button.isEnabled()
    assert "stopped" in panel.banner.text()
    assert "Traceback" not in panel.banner.text()
    hub.faults.clear()
    with qtbot.waitSignal(panel.model_ready, timeout=60_000):
        panel.retry_button.click()
    assert panel.models and panel.models[0].verified


def test_a_lost_connection_reconnects_and_a_full_disk_says_what_to_do(
    qtbot: Any, open_app: Any, hub: HubServer
) -> None:
    window = open_app(wait_for="catalog_ready", options=FAST)
    panel = window.models_panel
    hub.faults.reset_after("padding.data", BIG // 3)
    seen: list[str] = []
    panel.download_changed.connect(lambda _j, s: seen.append(s))
    with qtbot.waitSignal(panel.model_ready, timeout=60_000):
        panel.download_recommended()
    assert Status.RETRYING.value in seen and seen[-1] == Status.COMPLETED.value
    # a disk that cannot hold the download: refused before a byte is written, with advice
    panel.manager.downloader.options.disk_margin = 10**15
    with qtbot.waitSignal(panel.failed, timeout=60_000) as failure:
        panel.manager.store.remove(panel.models[0].id)
        panel.download_recommended()
    message, hint = failure.args
    assert "disk" in (message + hint).lower()
    assert "free" in (message + hint).lower()


def test_installed_models_load_verify_default_and_remove(
    qtbot: Any, open_app: Any, scripted_model: Path, tmp_path: Path, hub: HubServer
) -> None:
    window = open_app(wait_for="catalog_ready")
    panel = window.models_panel
    # a broken folder is refused with the reason, nothing is added
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "genai_config.json").write_text("{not json")
    with qtbot.waitSignal(panel.failed, timeout=30_000) as failure:
        panel.import_folder(str(broken))
    assert "genai_config.json" in failure.args[0] + failure.args[1]
    assert panel.manager.installed() == []
    with qtbot.waitSignal(panel.model_ready, timeout=60_000) as ready:
        panel.import_folder(str(scripted_model))
    assert "It is unverified" in panel.banner.text()
    model_id = ready.args[0]
    panel.select_installed(model_id)
    assert table_text(panel.installed_table)[0][0].endswith(" (default)")
    assert table_text(panel.installed_table)[0][4] == "unverified (imported)"
    # load: the worker's memory is shown
    with qtbot.waitSignal(panel.action_done, timeout=60_000):
        panel.load_button.click()
    panel._show_worker_memory()
    assert "MB of memory (estimated " in panel.worker_memory.text()
    row = table_text(panel.installed_table)[0]
    assert "loaded" in row[6]
    # The loaded model shows the context it got (the engine's own decision).
    choice = panel.engine.context_choice
    assert choice is not None and choice.tokens == 256  # the tiny model's whole context
    assert row[3] == f"256 tokens · {size_text(choice.need_bytes)}"
    # verify: intact, then damaged after a byte changes
    with qtbot.waitSignal(panel.action_done, timeout=30_000):
        panel.verify_button.click()
    assert "unchanged since it was added. It stays unverified" in panel.banner.text()
    model = panel.manager.store.get(model_id)
    onnx = model.path / next(f.path for f in model.files if f.path.endswith(".onnx"))
    data = bytearray(onnx.read_bytes())
    data[-1] ^= 0xFF
    onnx.write_bytes(bytes(data))
    panel.select_installed(model_id)
    with qtbot.waitSignal(panel.action_done, timeout=30_000):
        panel.verify_button.click()
    assert "damaged" in panel.banner.text()
    onnx.write_bytes(bytes(data[:-1] + bytes([data[-1] ^ 0xFF])))
    # remove while loaded: refused with what to do; unload, then cancel, then confirm
    panel.confirm = lambda _title, _text: True
    panel.select_installed(model_id)
    with qtbot.waitSignal(panel.failed, timeout=30_000) as failure:
        panel.remove_button.click()
    assert "Unload" in failure.args[1]
    with qtbot.waitSignal(panel.action_done, timeout=30_000):
        panel.unload_button.click()
    assert "no memory" in panel.worker_memory.text()
    asked: list[str] = []
    panel.confirm = lambda _title, text: asked.append(text) is not None and False
    panel.select_installed(model_id)
    panel.remove_button.click()
    assert asked and "Remove" in asked[0]
    assert panel.manager.installed()
    panel.confirm = lambda _title, _text: True
    panel.select_installed(model_id)
    with qtbot.waitSignal(panel.action_done, timeout=30_000):
        panel.remove_button.click()
    assert panel.manager.installed() == []
    assert (
        SettingsStore(AppPaths.from_env().settings_file).load().settings.engine.model_path is None
    )


def test_hardware_card_and_refresh(qtbot: Any, open_app: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    window = open_app(wait_for="hardware_ready")
    panel = window.models_panel
    labels = {k: v.text() for k, v in panel.hw_labels.items()}
    assert "cores" in labels["CPU"]
    assert "free of" in labels["Memory"]
    assert "free" in labels["Disk for models"]
    assert "CPU" in labels["Runs on"]
    with qtbot.waitSignal(panel.hardware_ready, timeout=30_000):
        panel.hw_refresh.click()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots(
    qtbot: Any, open_app: Any, hub: HubServer, qapp: QApplication, theme: str
) -> None:
    """Screenshots for the README (1280x800): first run, mid-download, installed models."""
    apply_theme(qapp, theme)
    try:
        window = open_app(wait_for="catalog_ready")
        panel = window.models_panel
        panel.tabs.setCurrentIndex(2)
        save_shot(window, f"first-run-{theme}", theme)
        stall = hub.faults.stall_after("padding.data", BIG * 2 // 5)
        wait_status(qtbot, panel, Status.DOWNLOADING, panel.download_recommended)
        assert stall.wait_reached(30)
        with qtbot.waitSignal(panel.download_changed, timeout=30_000):
            pass
        save_shot(window, f"models-downloading-{theme}", theme)
        with qtbot.waitSignal(panel.model_ready, timeout=60_000):
            stall.release()
        window.show_models()
        panel.tabs.setCurrentIndex(0)
        with qtbot.waitSignal(panel.installed_ready, timeout=30_000):
            panel.refresh_installed()
        panel.select_installed(panel.models[0].id)
        save_shot(window, f"models-installed-{theme}", theme)
    finally:
        apply_theme(qapp, "light")


def test_import_a_gguf_file_without_the_extra_says_what_to_install(
    qtbot: Any, open_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    window = open_app(wait_for="catalog_ready")
    panel = window.models_panel
    panel.convert_requirements = (("no_such_module_for_tests", "no-such-package"),)
    with qtbot.waitSignal(panel.failed, timeout=10_000) as failure:
        panel.gguf_button.click()
    message, hint = failure.args
    assert "no-such-package" in message
    assert 'pip install "agentic-desk[convert]"' in hint


@needs_convert
def test_import_a_gguf_file_converts_it_with_progress_and_chats(
    qtbot: Any, open_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tiny_gguf as tg

    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    window = open_app(wait_for="catalog_ready")
    panel = window.models_panel
    tiny = tg.write_tiny_gguf(tmp_path / "tiny-llama.Q8_0.gguf", weight_type="Q8_0")
    states: list[str] = []
    panel.convert_changed.connect(states.append)
    with qtbot.waitSignal(panel.model_ready, timeout=110_000) as ready:
        panel.import_gguf(str(tiny.path), "cpu", "int4")
        assert panel.convert_row.isVisibleTo(panel)
    assert "progress" in states and not panel.convert_row.isVisibleTo(panel)
    assert "from its GGUF file (Q8_0)" in panel.banner.text()
    [model] = panel.models
    assert model.id == ready.args[0] and model.source == "gguf" and model.verified is None
    assert verification(model).label == "unverified (converted here)"
    window.show_chat()
    result = send(qtbot, window, "hello")
    assert result.error is None


@needs_convert
def test_cancel_a_gguf_conversion_removes_its_files(
    qtbot: Any, open_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tiny_gguf as tg

    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    window = open_app(wait_for="catalog_ready")
    panel = window.models_panel
    panel.convert_hold = "build"  # the worker stops before the builder runs (test seam)
    tiny = tg.write_tiny_gguf(tmp_path / "tiny.gguf")
    with qtbot.waitSignal(panel.convert_changed, timeout=30_000):  # "started"
        panel.import_gguf(str(tiny.path))
    handle = panel.conversion
    assert handle.wait_held(timeout=110) == "build"
    with qtbot.waitSignal(
        panel.convert_changed, timeout=60_000, check_params_cb=lambda s: s == "cancelled"
    ):
        panel.convert_cancel.click()
    assert not handle.work_dir.exists()
    assert "cancelled" in panel.banner.text()
    assert panel.manager.installed() == []
    assert panel.gguf_button.isEnabled()
