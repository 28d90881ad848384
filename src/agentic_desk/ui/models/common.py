"""What the model manager's sections share: sizes and times in words, the fit badges, and
read-only tables."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from agentic_desk.ui.i18n import QT_TRANSLATE_NOOP, format_decimal

FIT_STYLE = {  # verdict -> (label, colour)
    "fits": (QT_TRANSLATE_NOOP("common", "Fits"), "#15803d"),
    "tight": (QT_TRANSLATE_NOOP("common", "Tight"), "#b45309"),
    "will not fit": (QT_TRANSLATE_NOOP("common", "Will not fit"), "#b91c1c"),
    "unknown": (QT_TRANSLATE_NOOP("common", "Unknown"), "#6b7280"),
}


def size_text(nbytes: float | None) -> str:
    if nbytes is None:
        return "—"
    if nbytes >= 1024**3:
        return format_decimal(nbytes / 1024**3, 2) + " GB"
    if nbytes >= 1024**2:
        return format_decimal(nbytes / 1024**2, 1) + " MB"
    return format_decimal(nbytes / 1024, 0) + " KB"


def eta_text(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds} s"


def table(columns: tuple[str, ...], name: str, stretch: int) -> QTableWidget:
    """A read-only, single-row-selection table; column ``stretch`` takes the spare width."""
    widget = QTableWidget(0, len(columns))
    widget.setHorizontalHeaderLabels(list(columns))
    widget.setAccessibleName(name)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.verticalHeader().hide()
    widget.setAlternatingRowColors(True)
    widget.setWordWrap(False)
    header = widget.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return widget


def item(text: str, data: Any = None, tip: str | None = None) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    if data is not None:
        cell.setData(Qt.ItemDataRole.UserRole, data)
    if tip:
        cell.setToolTip(tip)
    return cell


__all__ = ["FIT_STYLE", "eta_text", "item", "size_text", "table"]
