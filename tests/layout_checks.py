"""Geometry and contrast checks on real widgets: what a person would see clipped, cut off
or unreadable. Used by tests/test_gui_layout.py and scripts/screenshots.py."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

CHECKED = (QAbstractButton, QLabel, QLineEdit, QComboBox)


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, (QAbstractButton, QLabel)):
        text = widget.text()[:40]
    return f"{type(widget).__name__}({widget.objectName() or widget.accessibleName()!s}: {text!r})"


def clipped_controls(window: QWidget) -> list[str]:
    """Every visible button, label, line edit and combo box in ``window`` that lies (partly)
    outside the window, outside the visible area of a scroll area it is in (sideways: a
    vertical scroll is how a long page is read), or is narrower than its text needs."""
    problems: list[str] = []
    win_rect = window.rect()
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CHECKED) or not widget.isVisibleTo(window):
            continue
        if widget.width() <= 0 or widget.height() <= 0:
            continue
        top_left = widget.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, widget.size())
        # inside the nearest scroll area's viewport, sideways
        scroller = widget.parentWidget()
        in_scroll = False
        while scroller is not None and scroller is not window:
            if isinstance(scroller, QAbstractScrollArea) and scroller is not widget:
                viewport = scroller.viewport()
                if viewport.isAncestorOf(widget):
                    in_scroll = True
                    vp = QRect(viewport.mapTo(window, QPoint(0, 0)), viewport.size())
                    if rect.left() < vp.left() - 1 or rect.right() > vp.right() + 1:
                        problems.append(
                            f"{_name(widget)} {rect} sticks out of its scroll area {vp}"
                        )
                    break
            scroller = scroller.parentWidget()
        if not in_scroll and not win_rect.contains(rect):
            problems.append(f"{_name(widget)} {rect} is outside the window {win_rect}")
        if isinstance(widget, QAbstractButton) and widget.text():
            need = widget.fontMetrics().horizontalAdvance(widget.text().replace("&", "")) + 8
            if not widget.icon().isNull():
                need += widget.iconSize().width() + 4
            if widget.width() < need:
                problems.append(
                    f"{_name(widget)} is {widget.width()} px wide, its text needs {need}"
                )
        if widget.hasHeightForWidth() and isinstance(widget, (QLabel, QAbstractButton)):
            need = widget.heightForWidth(widget.width())
            if widget.height() + 1 < need:
                problems.append(
                    f"{_name(widget)} is {widget.height()} px high, its words need {need}"
                )
        if isinstance(widget, QAbstractButton) and widget.property("boldWhenChecked"):
            bold = widget.font()
            bold.setBold(True)
            need = QFontMetrics(bold).horizontalAdvance(widget.text()) + 8
            if widget.width() < need:
                problems.append(f"{_name(widget)} is {widget.width()} px wide, bold needs {need}")
        if isinstance(widget, QLabel) and widget.text() and not widget.wordWrap():
            need = widget.minimumSizeHint().width()
            if widget.width() + 2 < need:
                problems.append(
                    f"{_name(widget)} is {widget.width()} px wide, its text needs {need}"
                )
    return problems


def horizontal_scrollbars(window: QWidget) -> list[str]:
    """The scroll areas in ``window`` that show a horizontal scroll bar (a code block's
    own is allowed: long code lines scroll inside the block, not the chat)."""
    out = []
    for area in window.findChildren(QAbstractScrollArea):
        block = area.parentWidget()
        if block is not None and block.objectName() == "codeBlock":
            continue
        if area.isVisibleTo(window) and area.horizontalScrollBar().isVisibleTo(window):
            out.append(f"{type(area).__name__}({area.objectName() or area.accessibleName()})")
    return out
