"""Settings → Models folder: where models are kept, and moving them elsewhere (the core's
:class:`~agentic_desk.core.models.relocate.MoveModelsJob`, run by the view's job runner:
copied and verified on a worker thread, with progress and cancel; the old folder is kept
until the copy is verified and the setting points at the new one)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.jobs import JobCancelled, call_job
from agentic_desk.core.models import relocate
from agentic_desk.core.models.relocate import MovePlan, MoveProgress
from agentic_desk.core.settings import Settings
from agentic_desk.ui import errors
from agentic_desk.ui.i18n import format_decimal, plural
from agentic_desk.ui.settings.common import label, section_box

if TYPE_CHECKING:
    from collections.abc import Callable

    from agentic_desk.ui.jobs import Run
    from agentic_desk.ui.settings.view import SettingsView, Snapshot


def size_text(size: int) -> str:
    if size >= 1024**3:
        return format_decimal(size / 1024**3, 1) + " GB"
    if size >= 1024**2:
        return format_decimal(size / 1024**2, 0) + " MB"
    return format_decimal(size / 1024, 0) + " KB"


class ModelsFolderPage(QWidget):
    def __init__(self, view: SettingsView) -> None:
        super().__init__()
        self.view = view
        self.free_space: relocate.FreeSpace = relocate.disk_free  # tests pass their own
        # Test hook: called on the worker thread with each progress report, before the
        # copy goes on (tests hold the copy there to cancel it at a known point).
        self.worker_hook: Callable[[MoveProgress], None] | None = None
        self.running_move: Run[MovePlan, MoveProgress] | None = None  # the move under way
        self._checking = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        box, inner = section_box(QCoreApplication.translate("models_folder", "Models folder"))
        inner.addWidget(
            label(
                QCoreApplication.translate(
                    "models_folder",
                    "Downloaded and imported models are kept here. Moving them copies every file, "
                    "checks each copy, and only then switches to the new folder and deletes the "
                    "old copies.",
                ),
                "fieldHelp",
            )
        )
        self.path = label("", "modelsPath")
        inner.addWidget(self.path)
        self.summary = label("", "fieldHelp")
        inner.addWidget(self.summary)
        row = QHBoxLayout()
        self.move_button = QPushButton(QCoreApplication.translate("models_folder", "Move…"))
        self.move_button.setAccessibleName(
            QCoreApplication.translate("models_folder", "Move the models folder")
        )
        self.move_button.clicked.connect(self.choose_destination)
        self.cancel_button = QPushButton(QCoreApplication.translate("models_folder", "Cancel move"))
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
            (
                QCoreApplication.translate("models_folder", "1 installed model, {size} in all.")
                if count == 1
                else QCoreApplication.translate(
                    "models_folder", "{count} installed models, {size} in all."
                )
            ).format(count=count, size=size_text(size))
            if count
            else QCoreApplication.translate("models_folder", "No models installed yet.")
        )

    def _status(self, text: str, ok: bool | None = None) -> None:
        errors.show_message(self.status, text)
        self.status.setProperty("ok", ok)
        style = self.status.style()
        style.unpolish(self.status)
        style.polish(self.status)

    @Slot()
    def choose_destination(self) -> None:
        self.move_to()

    def move_to(self, destination: str | None = None) -> None:
        """Move every model to ``destination`` (a folder dialog asks when it is None)."""
        if self.running_move is not None or self._checking:
            return  # a move is running
        if destination is None:
            destination = QFileDialog.getExistingDirectory(self, "Move models to")
            if not destination:
                return
        snap = self.view.snapshot
        source = snap.models_dir if snap is not None else self.view.context.paths.models_dir
        target = Path(destination)
        free_space = self.free_space

        def plan() -> MovePlan:
            return relocate.plan_move(source, target, free_space=free_space)

        self._checking = True
        self.move_button.setEnabled(False)
        self._status(QCoreApplication.translate("models_folder", "Checking the destination…"))
        self.view.start_job(
            "move",
            call_job("Checking the destination", plan),
            owner=self,
            done=self._start_copy,
            failed=self._failed,
            after=self._checked,
        )

    def _checked(self) -> None:
        """After the checks, whatever happened (a bug in them too): ready again unless
        the copy is under way."""
        self._checking = False
        if self.running_move is None:
            self.move_button.setEnabled(True)

    def _start_copy(self, plan: MovePlan) -> None:
        self._checking = False
        store = self.view.context.settings_store
        reloaded: list[tuple[Settings, Settings]] = []

        def switch(destination: Path) -> None:  # worker thread: the point of no return
            store.update({"models_dir": str(destination)})
            try:
                loaded = store.load()
            except AgenticDeskError:
                return  # moved all the same; the view reads the settings again after
            reloaded.append((loaded.file_settings, loaded.settings))

        job = relocate.MoveModelsJob(plan, switch)
        if self.worker_hook is not None:
            job.on_progress(self.worker_hook)  # before the runner's: it may hold the copy
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self._status(
            QCoreApplication.translate(
                "models_folder", "Copying {total_bytes} to {destination}…"
            ).format(total_bytes=size_text(plan.total_bytes), destination=plan.destination)
        )
        self.running_move = self.view.start_job(
            "move",
            job,
            owner=self,
            progress=self._progress,
            done=lambda moved: self._moved(moved, reloaded),
            failed=self._failed,
            cancelled=self._cancelled,
            after=lambda: self._finish() if self.running_move is not None else None,  # after a bug
        )

    def _moved(self, plan: MovePlan, reloaded: list[tuple[Settings, Settings]]) -> None:
        self._finish()
        if reloaded:
            self.view.settings_saved({"models_dir": str(plan.destination)}, reloaded[0], None)
        else:
            self.view.reload()
        if self.view.snapshot is not None:
            self.view.snapshot.models_dir = plan.destination
        self.path.setText(str(plan.destination))
        self._status(
            plural(
                self.tr("Moved %n model(s) to {destination}.", "", plan.models), plan.models
            ).format(destination=plan.destination)
            + " "
            + (
                QCoreApplication.translate("models_folder", "They are in use from there now.")
                if "models_dir" in self.view.live
                else QCoreApplication.translate(
                    "models_folder", "Restart Agentic Desk to use the new folder."
                )
            ),
            True,
        )

    @Slot()
    def cancel_move(self) -> None:
        if self.running_move is not None:
            self.running_move.cancel()
            self._status(QCoreApplication.translate("models_folder", "Cancelling…"))

    def _progress(self, progress: MoveProgress) -> None:
        if self.running_move is None:
            return
        value = progress.permille
        self.progress.setValue(value)
        if progress.phase == "copying":
            text = QCoreApplication.translate("models_folder", "Copying {current} ({percent}%)")
        else:
            text = QCoreApplication.translate(
                "models_folder", "Checking the copy of {current} ({percent}%)"
            )
        self._status(text.format(current=progress.current, percent=value // 10))

    def _finish(self) -> None:
        self.running_move = None
        self._checking = False
        self.progress.hide()
        self.cancel_button.hide()
        self.move_button.setEnabled(True)

    def _cancelled(self, error: JobCancelled) -> None:
        self._finish()
        self._status(f"{error.message} {error.hint}".strip())  # not a failure: no ⚠

    def _failed(self, error: AgenticDeskError) -> None:
        self._finish()
        self.status.setProperty("ok", None)
        errors.show_error(self.status, error)


__all__ = ["ModelsFolderPage", "size_text"]
