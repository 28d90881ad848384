"""The window's small marks (lock, pin, warning, tick, sidebar) as SVG files shipped in
``resources/icons/``, never emoji: an emoji needs a font that has it and shows as a box
where none is installed. ``currentColor`` in a file is drawn in the text colour of the
widget it marks, so the same file suits the light, dark and high-contrast themes."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QWidget

MARKS = ("lock", "pin", "warning", "check", "sidebar")  # resources/icons/<name>.svg
MARK_PX = 16  # a mark's size in device-independent pixels
GAP = 6  # between a mark and the words after it


@cache
def _svg(name: str) -> str:
    from agentic_desk.ui.app import resources_dir

    path = resources_dir() / "icons" / f"{name}.svg"
    return path.read_text("utf-8")


def pixmap(name: str, colour: QColor | str, size: int = MARK_PX) -> QPixmap:
    """``resources/icons/<name>.svg`` drawn ``size`` pixels square (sharp on high-DPI
    screens), ``currentColor`` in ``colour``."""
    svg = _svg(name).replace("currentColor", QColor(colour).name())
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    ratio = max(1.0, QGuiApplication.primaryScreen().devicePixelRatio())
    image = QImage(int(size * ratio), int(size * ratio), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    out = QPixmap.fromImage(image)
    out.setDevicePixelRatio(ratio)
    return out


def icon(name: str, colour: QColor | str | None = None) -> QIcon:
    """An icon from ``resources/icons/<name>.svg`` (in the palette's text colour when
    ``colour`` is None), with a dimmed variant for disabled buttons."""
    palette = QGuiApplication.palette()
    shown = QColor(colour) if colour is not None else palette.color(QPalette.ColorRole.ButtonText)
    result = QIcon()
    for size in (16, 24, 32):
        result.addPixmap(pixmap(name, shown, size), QIcon.Mode.Normal)
        result.addPixmap(
            pixmap(
                name,
                palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText),
                size,
            ),
            QIcon.Mode.Disabled,
        )
    return result


class _Mark(QLabel):
    """The picture a :func:`set_mark` puts before a label's words (follows the label's
    text colour when the theme changes)."""

    def __init__(self, owner: QLabel, name: str) -> None:
        super().__init__(owner)
        self.setObjectName("mark")
        self.name = name
        self.setAccessibleName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        owner.installEventFilter(self)
        self.redraw()

    def redraw(self) -> None:
        owner = self.parentWidget()
        assert isinstance(owner, QLabel)
        self.setPixmap(pixmap(self.name, owner.palette().color(owner.foregroundRole())))
        self.setFixedSize(MARK_PX, MARK_PX)
        self._place()

    def _place(self) -> None:
        owner = self.parentWidget()
        assert isinstance(owner, QLabel)
        inner = owner.contentsRect()
        line = owner.fontMetrics().lineSpacing()
        self.move(inner.left() - MARK_PX - GAP, inner.top() + max(0, (line - MARK_PX) // 2))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.Resize, QEvent.Type.LayoutRequest, QEvent.Type.Show):
            self._place()
        elif kind in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.redraw()
        return False


def set_mark(label: QLabel, name: str | None) -> None:
    """Put the mark ``name`` (see :data:`MARKS`) before ``label``'s words, or take it
    away (None). The words stay the label's text, so they read and translate as before."""
    current = label.findChild(_Mark, "mark", Qt.FindChildOption.FindDirectChildrenOnly)
    margins = label.contentsMargins()
    if current is not None:
        if current.name == name:
            return
        label.removeEventFilter(current)
        current.deleteLater()
        current.setParent(None)
        margins.setLeft(max(0, margins.left() - MARK_PX - GAP))
        label.setContentsMargins(margins)
    if name is not None:
        margins.setLeft(margins.left() + MARK_PX + GAP)
        label.setContentsMargins(margins)
        mark = _Mark(label, name)
        mark.show()


def mark_of(label: QWidget) -> str | None:
    """The name of the mark before ``label``'s words, or None."""
    current = label.findChild(_Mark, "mark", Qt.FindChildOption.FindDirectChildrenOnly)
    return current.name if current is not None else None
