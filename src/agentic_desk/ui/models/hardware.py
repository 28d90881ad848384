"""The "This computer" card: CPU, memory, the disk for models, GPUs, and what models run on
here (read on a worker thread)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from agentic_desk.ui.i18n import QT_TRANSLATE_NOOP
from agentic_desk.ui.models.common import size_text

if TYPE_CHECKING:
    from agentic_desk.ui.models.panel import ModelsPanel

ROWS = ("CPU", "Memory", "Disk for models", "GPUs", "Runs on")
_ROW_WORDS = (  # for pyside6-lupdate: ROWS are translated where they are shown
    QT_TRANSLATE_NOOP("hardware", "Memory"),
    QT_TRANSLATE_NOOP("hardware", "Disk for models"),
    QT_TRANSLATE_NOOP("hardware", "GPUs"),
    QT_TRANSLATE_NOOP("hardware", "Runs on"),
)
PROVIDER_NAMES = {"cpu": "CPU", "cuda": "NVIDIA CUDA", "dml": "DirectML"}


class HardwareCard(QFrame):
    def __init__(self, panel: ModelsPanel) -> None:
        super().__init__()
        self.panel = panel
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        title = QLabel(QCoreApplication.translate("hardware", "This computer"))
        title.setObjectName("cardTitle")
        self.refresh_button = QPushButton(QCoreApplication.translate("hardware", "Refresh"))
        self.refresh_button.setAccessibleName(
            QCoreApplication.translate("hardware", "Refresh hardware")
        )
        self.refresh_button.clicked.connect(self._refresh_clicked)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.refresh_button)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.labels: dict[str, QLabel] = {}
        for row, name in enumerate(ROWS):
            key = QLabel(QCoreApplication.translate("hardware", name))
            key.setObjectName("fieldName")
            value = QLabel("…")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(key, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self.labels[name] = value
        layout.addLayout(head)
        layout.addLayout(grid)

    @Slot()
    def _refresh_clicked(self) -> None:
        self.refresh(refresh=True)

    def refresh(self, *, refresh: bool = False) -> None:
        """Read the hardware (again, with ``refresh``) on a worker thread."""
        self.refresh_button.setEnabled(False)
        manager = self.panel.manager
        self.panel.io(
            lambda: manager.hardware(refresh=refresh),
            then=self.show_report,
            owner=self,
            after=lambda: self.refresh_button.setEnabled(True),
        )

    def show_report(self, report: Any) -> None:
        cpu = report.cpu
        features = [n for n in ("avx2", "avx512", "neon") if getattr(cpu, n, False)]
        self.labels["CPU"].setText(
            QCoreApplication.translate(
                "hardware", "{name} · {cores} cores, {threads} threads"
            ).format(name=cpu.name, cores=cpu.physical_cores, threads=cpu.logical_cores)
            + (f" · {', '.join(f.upper() for f in features)}" if features else "")
        )
        mem = report.memory
        self.labels["Memory"].setText(
            QCoreApplication.translate("hardware", "{free} free of {total}").format(
                free=size_text(mem.available_bytes), total=size_text(mem.total_bytes)
            )
        )
        self.labels["Disk for models"].setText(
            QCoreApplication.translate("hardware", "{free} free ({path})").format(
                free=size_text(report.disk.free_bytes), path=report.disk.path
            )
        )
        gpus = [
            f"{g.name} ({g.vendor}"
            + (f", {size_text(g.vram_total_bytes)} VRAM" if g.vram_total_bytes else "")
            + (
                QCoreApplication.translate("hardware", ", {free} free").format(
                    free=size_text(g.vram_free_bytes)
                )
                if g.vram_free_bytes
                else ""
            )
            + ")"
            for g in report.gpus
        ]
        self.labels["GPUs"].setText(
            "\n".join(gpus)
            or QCoreApplication.translate("hardware", "None found (models run on the CPU)")
        )
        providers = report.providers
        usable = ", ".join(PROVIDER_NAMES.get(p, p) for p in providers.usable)
        pick = PROVIDER_NAMES.get(providers.engine_pick, providers.engine_pick)
        self.labels["Runs on"].setText(
            QCoreApplication.translate("hardware", "{usable} (in use: {pick})").format(
                usable=usable, pick=pick
            )
        )
        self.labels["Runs on"].setToolTip("\n".join(providers.reasons.values()))
        self.panel.hardware_ready.emit()


__all__ = ["HardwareCard"]
