"""Importing a GGUF file: the options dialog (where it runs, the precision) and the row
under the installed models that shows the conversion's progress, with Cancel. The whole
conversion is the core's :class:`~agentic_desk.core.models.convert.ConversionJob` on the
panel's runner: it starts the converter's worker process, reports its progress and waits
for the installed model; Cancel is the job's cancel (also before the worker started)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.jobs import JobCancelled
from agentic_desk.core.models.store import InstalledModel
from agentic_desk.ui.export_dialog import documents_folder

if TYPE_CHECKING:
    from agentic_desk.core.models.convert import ConversionHandle, ConversionJob, ConvertProgress
    from agentic_desk.ui.models.panel import ModelsPanel


class ConvertRow(QWidget):
    """Signals: ``busy_changed(bool)`` when a conversion starts or ends."""

    busy_changed = Signal(bool)

    def __init__(self, panel: ModelsPanel) -> None:
        super().__init__()
        self.panel = panel
        self.job: ConversionJob | None = None  # the conversion under way
        self._reported = False  # its first progress event arrived
        self.running = False  # from the click to the end, whatever the end
        self._source = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton(QCoreApplication.translate("convert", "Cancel conversion"))
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.label, 2)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.hide()

    @Slot()
    def choose_file(self) -> None:
        from agentic_desk.core.models import convert

        missing = convert.convert_requirements_missing(self.panel.convert_requirements)
        if missing:
            self.panel.fail(convert.requirements_error(missing))
            return
        path, _filter = QFileDialog.getOpenFileName(
            self,
            QCoreApplication.translate("convert", "Import a GGUF file"),
            str(documents_folder()),
            QCoreApplication.translate("convert", "GGUF models (*.gguf);;All files (*)"),
        )
        if not path:
            return
        dialog = GgufOptionsDialog(self, self.panel.usable_kinds())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start(path, dialog.variant(), dialog.precision())

    def start(self, path: str, variant: str = "cpu", precision: str = "int4") -> None:
        """Convert a GGUF file into an installed model in a worker process, with progress
        and Cancel; the result is checked like any imported folder."""
        from agentic_desk.core.models.convert import GgufConverter

        panel = self.panel
        if self.running:
            panel.fail(
                AgenticDeskError(
                    QCoreApplication.translate(
                        "convert", "A GGUF file is already being converted."
                    ),
                    QCoreApplication.translate("convert", "Wait for it, or cancel it."),
                )
            )
            return
        panel.tabs.setCurrentIndex(0)
        panel.show_banner("")
        self._source = Path(path).name
        self.label.setText(
            QCoreApplication.translate("convert", "Converting {source}: starting…").format(
                source=self._source
            )
        )
        self.bar.setValue(0)
        self.running = True
        self.show()
        self.busy_changed.emit(True)
        converter = GgufConverter(
            panel.manager.store,
            hold=panel.convert_hold,
            requirements=panel.convert_requirements,
        )
        self.job = converter.job(path, variant, precision)
        self._reported = False
        panel.jobs.start(
            self.job,
            owner=self,
            progress=self._on_event,
            done=self._converted,
            failed=self._failed,
            cancelled=self._cancelled,
            after=self._ended,
        )

    @property
    def conversion(self) -> ConversionHandle | None:
        """The running conversion (its handle), once its worker process was started."""
        return self.job.handle if self.job is not None else None

    def _on_event(self, event: ConvertProgress) -> None:
        if not self._reported:  # the worker process runs and has said so
            self._reported = True
            self.panel.convert_changed.emit("started")
        self.bar.setValue(int(1000 * event.fraction))
        detail = f" ({event.detail})" if event.detail else ""
        self.label.setText(
            QCoreApplication.translate(
                "convert", "Converting {source}: {label}{detail} · {value:.0f}%"
            ).format(
                source=self._source, label=event.label, detail=detail, value=100 * event.fraction
            )
        )
        self.panel.convert_changed.emit("progress")

    def _converted(self, model: InstalledModel) -> None:
        handle = self.conversion
        self._end()
        seconds = handle.report.seconds if handle is not None else 0.0
        quant = (model.origin or {}).get("quant_type")
        self.panel.show_banner(
            QCoreApplication.translate(
                "convert",
                "Imported {name} from its GGUF file{value} in {seconds:.0f} "
                "s. It runs like any other model here.",
            ).format(name=model.name, value=f" ({quant})" if quant else "", seconds=seconds)
        )
        self.panel.refresh_installed(
            then_default=self.panel.default_id is None,
            then=lambda: self.panel.convert_changed.emit("done"),
        )

    def _failed(self, error: AgenticDeskError) -> None:
        self._end()
        self.panel.fail(error)
        self.panel.convert_changed.emit("failed")

    def _cancelled(self, _error: JobCancelled) -> None:
        self._end()
        self.panel.show_banner(
            QCoreApplication.translate(
                "convert", "Conversion cancelled; its temporary files were removed."
            )
        )
        self.panel.convert_changed.emit("cancelled")

    def _ended(self) -> None:
        """After any ending (a bug too, already reported): the row goes, Import comes back."""
        if self.running:
            self._end()
            self.panel.convert_changed.emit("failed")

    def _end(self) -> None:
        self.job = None
        self.running = False
        self.hide()
        self.busy_changed.emit(False)

    @Slot()
    def cancel(self) -> None:
        if self.job is not None:
            self.label.setText(QCoreApplication.translate("convert", "Cancelling…"))
            self.job.cancel()


class GgufOptionsDialog(QDialog):
    """What to build from a GGUF file: the variant (where it will run) and the precision."""

    def __init__(self, parent: QWidget | None, usable: tuple[str, ...]) -> None:
        from agentic_desk.core.models.convert import VALID_COMBINATIONS

        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("convert", "Import a GGUF file"))
        self.combinations = VALID_COMBINATIONS
        form = QFormLayout(self)
        self.variant_box = QComboBox()
        names = {
            "cpu": "CPU",
            "cuda": QCoreApplication.translate("convert", "NVIDIA GPU (CUDA)"),
            "dml": QCoreApplication.translate("convert", "GPU on Windows (DirectML)"),
        }
        for kind in VALID_COMBINATIONS:
            note = (
                ""
                if kind in usable
                else " " + QCoreApplication.translate("convert", "(not usable on this computer)")
            )
            self.variant_box.addItem(names.get(kind, kind) + note, kind)
        self.precision_box = QComboBox()
        self.variant_box.currentIndexChanged.connect(self._fill_precisions)
        self._fill_precisions()
        form.addRow(QCoreApplication.translate("convert", "Run on"), self.variant_box)
        form.addRow(QCoreApplication.translate("convert", "Precision"), self.precision_box)
        explain = QLabel(
            QCoreApplication.translate(
                "convert",
                "int4 is smallest and fastest; fp16/fp32 keep more of the original quality. "
                "Converting takes a few minutes and needs free disk and memory of a few times "
                "the model's size: it is checked before anything is written.",
            )
        )
        explain.setWordWrap(True)
        explain.setObjectName("muted")
        form.addRow(explain)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            QCoreApplication.translate("convert", "Convert")
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @Slot()
    def _fill_precisions(self) -> None:
        self.precision_box.clear()
        for precision in self.combinations[self.variant()]:
            self.precision_box.addItem(precision, precision)

    def variant(self) -> str:
        return str(self.variant_box.currentData() or "cpu")

    def precision(self) -> str:
        return str(self.precision_box.currentData() or "int4")


__all__ = ["ConvertRow", "GgufOptionsDialog"]
