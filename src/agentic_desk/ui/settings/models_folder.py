"""Settings → Models folder: where models are kept, and moving them elsewhere (copied and
verified on a worker thread, with progress and cancel; the old folder is kept until the
copy is verified and the setting points at the new one)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.models import relocate
from agentic_desk.core.models.relocate import MovePlan, MoveProgress
from agentic_desk.core.settings import Settings
from agentic_desk.ui.settings.common import label, section_box

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from agentic_desk.ui.settings.view import SettingsView, Snapshot


def size_text(size: int) -> str:
    if size >= 1024**3:
        return f"{size / 1024**3:.1f} GB"
    if size >= 1024**2:
        return f"{size / 1024**2:.0f} MB"
    return f"{size / 1024:.0f} KB"


class ModelsFolderPage(QWidget):
    def __init__(self, view: SettingsView) -> None:
        super().__init__()
        self.view = view
        self.free_space: relocate.FreeSpace = relocate.disk_free  # tests pass their own
        # Test hook: called on the worker thread with each progress report, before the
        # copy goes on (tests hold the copy there to cancel it at a known point).
        self.worker_hook: Callable[[MoveProgress], None] | None = None
        self.cancel_event: threading.Event | None = None
        self._last_percent = -1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        box, inner = section_box("Models folder")
        inner.addWidget(
            label(
                "Downloaded and imported models are kept here. Moving them copies every file, "
                "checks each copy, and only then switches to the new folder and deletes the "
                "old copies.",
                "fieldHelp",
            )
        )
        self.path = label("", "modelsPath")
        inner.addWidget(self.path)
        self.summary = label("", "fieldHelp")
        inner.addWidget(self.summary)
        row = QHBoxLayout()
        self.move_button = QPushButton("Move…")
        self.move_button.setAccessibleName("Move the models folder")
        self.move_button.clicked.connect(lambda _c=False: self.move_to())
        self.cancel_button = QPushButton("Cancel move")
        self.cancel_button.clicked.connect(self.cancel_move)
        self.cancel_button.hide()
        row.addWidget(self.move_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        inner.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.hide()
        inner.addWidget(self.progress)
        self.status = label("", "moveStatus")
        self.status.hide()
        inner.addWidget(self.status)
        layout.addWidget(box)
        layout.addStretch(1)

    def show_snapshot(self, snap: Snapshot) -> None:
        self.show_folder(snap.models_dir, snap.models_count, snap.models_bytes)

    def show_folder(self, folder: Path, count: int, size: int) -> None:
        self.path.setText(str(folder))
        self.summary.setText(
            f"{count} installed model{'s' if count != 1 else ''}, {size_text(size)} in all."
            if count
            else "No models installed yet."
        )

    def _status(self, text: str, ok: bool | None = None) -> None:
        self.status.setText(text)
        self.status.setProperty("ok", ok)
        style = self.status.style()
        style.unpolish(self.status)
        style.polish(self.status)
        self.status.show()

    def move_to(self, destination: str | None = None) -> None:
        """Move every model to ``destination`` (a folder dialog asks when it is None)."""
        if self.cancel_event is not None:
            return  # a move is running
        if destination is None:
            destination = QFileDialog.getExistingDirectory(self, "Move models to")
            if not destination:
                return
        from pathlib import Path

        snap = self.view.snapshot
        source = snap.models_dir if snap is not None else self.view.context.paths.models_dir
        target = Path(destination)
        free_space = self.free_space
        self.move_button.setEnabled(False)
        self._status("Checking the destination…")
        self.view.io(
            "move",
            lambda: relocate.plan_move(source, target, free_space=free_space),
            then=self._start_copy,
            fail=self._failed,
        )

    def _start_copy(self, plan: MovePlan) -> None:
        cancel = threading.Event()
        self.cancel_event = cancel
        self._last_percent = -1
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self._status(f"Copying {size_text(plan.total_bytes)} to {plan.destination}…")
        loop = self.view.loop
        store = self.view.context.settings_store

        hook = self.worker_hook

        def report(progress: MoveProgress) -> None:
            if hook is not None:
                hook(progress)
            # worker thread: only hand the numbers to the GUI thread, and not too often
            total = max(1, progress.total_bytes)
            half = 0 if progress.phase == "copying" else 500
            value = half + int(500 * progress.done_bytes / total)
            if value != self._last_percent:
                self._last_percent = value
                loop.call_soon_threadsafe(self._progress, progress, value)

        def work() -> tuple[Settings, Settings]:
            relocate.copy_models(plan, cancel=cancel, progress=report)
            try:
                store.update({"models_dir": str(plan.destination)})
            except BaseException:
                relocate.discard_copy(plan)
                raise
            relocate.remove_old(plan)
            loaded = store.load()
            return loaded.file_settings, loaded.settings

        def moved(result: tuple[Settings, Settings]) -> None:
            self._finish()
            self.view.settings_saved({"models_dir": str(plan.destination)}, result, None)
            if self.view.snapshot is not None:
                self.view.snapshot.models_dir = plan.destination
            self.path.setText(str(plan.destination))
            self._status(
                f"Moved {plan.models} model{'s' if plan.models != 1 else ''} to "
                f"{plan.destination}. "
                + (
                    "They are in use from there now."
                    if "models_dir" in self.view.live
                    else "Restart Agentic Desk to use the new folder."
                ),
                True,
            )

        def failed(error: AgenticDeskError) -> None:
            self._finish()
            self._failed(error)

        self.view.io("move", work, then=moved, fail=failed)

    @Slot()
    def cancel_move(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()
            self._status("Cancelling…")

    def _progress(self, progress: MoveProgress, value: int) -> None:
        if self.cancel_event is None:
            return
        self.progress.setValue(value)
        verb = "Copying" if progress.phase == "copying" else "Checking the copy of"
        self._status(f"{verb} {progress.current} ({value // 10}%)")

    def _finish(self) -> None:
        self.cancel_event = None
        self.progress.hide()
        self.cancel_button.hide()
        self.move_button.setEnabled(True)

    def _failed(self, error: AgenticDeskError) -> None:
        self.move_button.setEnabled(True)
        self._status(f"{error.message} {error.hint}".strip(), False)


__all__ = ["ModelsFolderPage", "size_text"]
