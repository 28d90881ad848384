"""``agentic-desk`` with no arguments: the desktop window, on a qasync event loop."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from pathlib import Path
from typing import Any

from agentic_desk.core.context import AppContext
from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.engine import LocalEngine
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.models.store import ModelStore
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import SettingsStore

LIGHT = """
QWidget { font-size: 10.5pt; }
#sidebar { background: #f3f4f6; }
#chatTitle { font-size: 13pt; font-weight: 600; }
#userMessage { background: #e8f0fe; border-radius: 10px; }
#assistantMessage { background: #ffffff; border: 1px solid #e5e7eb; border-radius: 10px; }
#messageRole { color: #6b7280; font-weight: 600; }
#badge { color: #6b7280; font-size: 9pt; }
#messageStatus { color: #b45309; }
#codeBlock { background: #1f2430; border-radius: 6px; }
#codeBlock QPlainTextEdit { background: #1f2430; color: #e6e6e6; border: none; }
#codeLanguage { color: #c8ccd4; font-size: 9pt; }
#banner { padding: 8px; border-radius: 6px; background: #fff7ed; color: #7c2d12; }
#localOnly { color: #047857; font-weight: 600; }
#emptyState { color: #6b7280; font-size: 12pt; padding: 80px; }
QPushButton#messageAction { border: none; color: #2563eb; padding: 2px 6px; }
QListView::item { padding: 5px 4px; }
"""

DARK = """
QWidget { font-size: 10.5pt; }
#sidebar { background: #1b1d23; }
#chatTitle { font-size: 13pt; font-weight: 600; }
#userMessage { background: #1e3a5f; border-radius: 10px; }
#assistantMessage { background: #23262e; border: 1px solid #30343d; border-radius: 10px; }
#messageRole { color: #9ca3af; font-weight: 600; }
#badge { color: #9ca3af; font-size: 9pt; }
#messageStatus { color: #fbbf24; }
#codeBlock { background: #111318; border-radius: 6px; }
#codeBlock QPlainTextEdit { background: #111318; color: #e6e6e6; border: none; }
#codeLanguage { color: #9ca3af; font-size: 9pt; }
#banner { padding: 8px; border-radius: 6px; background: #3b2a14; color: #fde68a; }
#localOnly { color: #34d399; font-weight: 600; }
#emptyState { color: #9ca3af; font-size: 12pt; padding: 80px; }
QPushButton#messageAction { border: none; color: #60a5fa; padding: 2px 6px; }
QListView::item { padding: 5px 4px; }
"""


def apply_theme(app: Any, theme: str) -> str:
    """Follow the system's light/dark scheme unless the user chose one; returns the one used."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QPalette

    if theme == "system":
        scheme = app.styleHints().colorScheme()
        theme = "dark" if scheme == Qt.ColorScheme.Dark else "light"
    app.setStyle("Fusion")
    palette = QPalette()
    if theme == "dark":
        for role, colour in (
            (QPalette.ColorRole.Window, "#15171c"),
            (QPalette.ColorRole.WindowText, "#e5e7eb"),
            (QPalette.ColorRole.Base, "#1b1d23"),
            (QPalette.ColorRole.AlternateBase, "#23262e"),
            (QPalette.ColorRole.Text, "#e5e7eb"),
            (QPalette.ColorRole.Button, "#23262e"),
            (QPalette.ColorRole.ButtonText, "#e5e7eb"),
            (QPalette.ColorRole.Highlight, "#2563eb"),
            (QPalette.ColorRole.PlaceholderText, "#6b7280"),
            (QPalette.ColorRole.ToolTipBase, "#23262e"),
            (QPalette.ColorRole.ToolTipText, "#e5e7eb"),
        ):
            palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    app.setStyleSheet(DARK if theme == "dark" else LIGHT)
    return theme


def resources_dir() -> Path:
    """The app's ``resources/`` (icons, samples): inside the bundle when packaged
    (PyInstaller's ``sys._MEIPASS``), else the checkout's."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    return Path(__file__).resolve().parents[3] / "resources"


def app_icon() -> Any:
    """The window icon (``resources/icons/agentic-desk.svg``); a null QIcon when missing."""
    from PySide6.QtGui import QIcon

    return QIcon(str(resources_dir() / "icons" / "agentic-desk.svg"))


def _describe_models(store: ModelStore) -> str:
    models = store.installed()
    lines = ["Installed models", ""]
    lines += [
        f"• {m.id} — {m.kind}, {m.size_bytes / 1024**2:.0f} MB, "
        f"{'verified' if m.verified else 'not verified'}"
        for m in models
    ]
    if not models:
        lines.append(
            "None yet. Download one with 'agentic-desk models download REPO' or "
            "import a folder with 'agentic-desk models import PATH'."
        )
    lines += [
        "",
        "The full model manager (catalog, downloads, hardware) arrives in the next "
        "release of this panel.",
    ]
    return "\n".join(lines)


def build_window(loop: asyncio.AbstractEventLoop, *, model: str | None = None) -> Any:
    """Everything the window needs, from the data folder; returns (window, engine)."""
    from agentic_desk.ui.main_window import MainWindow

    paths = AppPaths.from_env().ensure()
    settings_store = SettingsStore(paths.settings_file)
    loaded = settings_store.load()
    settings = loaded.settings
    context = AppContext(paths, settings_store, settings)
    conversations = ConversationStore(paths.conversations_db)
    conversations.recover_interrupted()
    models = ModelStore(paths.models_dir)
    models.ensure()
    engine = LocalEngine(
        idle_unload_minutes=settings.engine.idle_unload_minutes,
        prefill_chunk_tokens=settings.engine.prefill_chunk_tokens,
        store=models,
    )
    choice = model or settings.engine.model_path or next((m.id for m in models.installed()), None)
    service = context.chat_service(engine, assume_local_model=choice is not None)
    load_lock = threading.Lock()

    def prepare() -> None:
        """Runs on a worker thread before each turn: load the model the first time."""
        with load_lock:
            if choice is not None and not engine.has_model:
                engine.load(
                    choice, settings.engine.execution_providers, settings.engine.max_context_tokens
                )

    settings_text = "\n".join(
        [
            "Settings",
            "",
            "Cloud providers: "
            + ("ON" if settings.cloud.enabled else "OFF — nothing leaves this computer"),
            f"Sensitive-data detector: {'on' if settings.privacy.detector_enabled else 'off'}",
            f"Default model: {choice or 'none chosen'}",
            f"Settings file: {paths.settings_file}",
            "",
            "Change settings with 'agentic-desk settings set NAME VALUE' until this view "
            "gains its editors.",
            *[f"⚠ {problem}" for problem in loaded.problems],
        ]
    )
    window = MainWindow(
        conversations,
        service,
        loop,
        state_file=paths.state_file,
        models_text=_describe_models(models),
        settings_text=settings_text,
        default_privacy=settings.privacy.default_level,
    )
    window.controller.prepare = prepare
    apply_theme_name = settings.ui.theme
    return window, engine, apply_theme_name


def run(argv: list[str] | None = None) -> int:
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1] + list(argv or []))
    app.setApplicationName("Agentic Desk")
    app.setOrganizationName("AgenticDesk")
    app.setWindowIcon(app_icon())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        window, engine, theme = build_window(loop, model=os.environ.get("AGENTIC_DESK_MODEL"))
    except AgenticDeskError as exc:
        print(f"error: {exc.message}\n  {exc.hint}", file=sys.stderr)
        return 2
    apply_theme(app, theme)
    window.show()
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    with loop:
        loop.run_until_complete(closed.wait())
    engine.close()
    return 0


__all__ = ["Path", "app_icon", "apply_theme", "build_window", "resources_dir", "run"]
