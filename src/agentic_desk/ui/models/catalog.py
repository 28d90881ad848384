"""The Catalog tab: every curated model's variants, their download sizes and whether they
fit this computer (the recommended one marked), and Download."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from agentic_desk.core.budget import short_tokens
from agentic_desk.core.i18n import t
from agentic_desk.core.models import catalog as cat
from agentic_desk.core.models.manager import CatalogState
from agentic_desk.ui.models.common import FIT_STYLE, item, size_text, table

if TYPE_CHECKING:
    from agentic_desk.ui.models.panel import ModelsPanel


class CatalogTab(QWidget):
    def __init__(self, panel: ModelsPanel) -> None:
        super().__init__()
        self.panel = panel
        layout = QVBoxLayout(self)
        self.table = table(
            (
                QCoreApplication.translate("catalog", "Model"),
                QCoreApplication.translate("catalog", "Variant"),
                QCoreApplication.translate("catalog", "Download size"),
                QCoreApplication.translate("catalog", "Fit"),
                QCoreApplication.translate("catalog", "Why"),
                QCoreApplication.translate("catalog", "Licence"),
            ),
            QCoreApplication.translate("catalog", "Model catalog"),
            stretch=4,
        )
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._double_clicked)
        row = QHBoxLayout()
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.download_button = QPushButton(QCoreApplication.translate("catalog", "Download"))
        self.download_button.setEnabled(False)
        self.download_button.clicked.connect(self.download_selected)
        row.addWidget(self.note, 1)
        row.addWidget(self.download_button)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def show_state(self, state: CatalogState) -> None:
        table = self.table
        table.setRowCount(0)
        best = state.recommendation
        for view in state.views:
            entry = view.entry
            variants = view.snapshot.variants if view.snapshot else ()
            if not variants:
                row = table.rowCount()
                table.insertRow(row)
                table.setItem(row, 0, item(entry.name, None, entry.description))
                table.setItem(row, 1, item("—"))
                table.setItem(row, 2, item(t(cat.UNKNOWN_SIZE)))
                table.setItem(
                    row, 3, item(QCoreApplication.translate("common", FIT_STYLE["unknown"][0]))
                )
                why = (
                    QCoreApplication.translate("catalog", "Hugging Face could not be reached.")
                    if view.error
                    else QCoreApplication.translate("catalog", "Not asked yet.")
                )
                table.setItem(row, 4, item(why, None, view.error))
                table.setItem(row, 5, item(entry.licence))
                continue
            for variant in variants:
                verdict = state.fit(variant)
                label, colour = FIT_STYLE.get(verdict.verdict, FIT_STYLE["unknown"])
                label = QCoreApplication.translate("common", label)
                row = table.rowCount()
                table.insertRow(row)
                recommended = (
                    best is not None
                    and best.entry.repo_id == entry.repo_id
                    and best.variant.folder == variant.folder
                )
                name = item(
                    QCoreApplication.translate("catalog", "{name} (recommended)").format(
                        name=entry.name
                    )
                    if recommended
                    else entry.name,
                    (entry.repo_id, variant.folder),
                    f"{entry.description}\n{entry.repo_id}/{variant.folder}",
                )
                table.setItem(row, 0, name)
                table.setItem(row, 1, item(f"{variant.kind.upper()}  {variant.folder}"))
                table.setItem(row, 2, item(size_text(variant.size)))
                if verdict.context is not None and verdict.context.fits:
                    label = QCoreApplication.translate(
                        "catalog", "{fit} · {tokens} context"
                    ).format(fit=label, tokens=short_tokens(verdict.context.tokens))
                badge = item(label, None, verdict.reason)
                badge.setForeground(QColor(colour))
                table.setItem(row, 3, badge)
                table.setItem(row, 4, item(verdict.reason, None, verdict.reason))
                table.setItem(row, 5, item(entry.licence))

    def show_note(self, state: CatalogState) -> None:
        """What the table's marks and sizes mean, as the catalog stands."""
        if state.recommendation is not None:
            self.note.setText(
                QCoreApplication.translate(
                    "catalog", '"(recommended)" marks the model chosen for this computer.'
                )
            )
        elif state.offline or all(v.snapshot is None for v in state.views):
            self.note.setText(
                QCoreApplication.translate("catalog", "Sizes: {unknown_size}.").format(
                    unknown_size=t(cat.UNKNOWN_SIZE)
                )
            )

    @Slot()
    def _selection_changed(self) -> None:
        self.download_button.setEnabled(self.selected_variant() is not None)

    @Slot(QModelIndex)
    def _double_clicked(self, _index: QModelIndex) -> None:
        self.download_selected()

    def selected_variant(self) -> tuple[str, str] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        cell = self.table.item(rows[0].row(), 0)
        data = cell.data(Qt.ItemDataRole.UserRole) if cell else None
        return (str(data[0]), str(data[1])) if data else None

    @Slot()
    def download_selected(self) -> None:
        chosen = self.selected_variant()
        if chosen is not None:
            self.panel.download(*chosen)


__all__ = ["CatalogTab"]
