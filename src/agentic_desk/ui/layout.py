"""Layout pieces that keep the window usable from 800x600 to 4K: a row of buttons that
wraps onto more rows when narrow (:class:`FlowLayout`), a column that stops growing at a
comfortable reading width and stays centred (:class:`ReadingColumn`), and a row that
stacks its parts when there is no room side by side (:class:`StackingRow`)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStyleOptionFocusRect,
    QStylePainter,
    QWidget,
)

READING_CHARS = 88  # the widest a message gets, in average characters of the body font


class FlowLayout(QLayout):
    """Items left to right; an item that does not fit starts a new row. Its height
    follows its width (like word-wrapped text), so it never forces the window wider than
    its widest item."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """All items on one row."""
        width = sum(i.sizeHint().width() for i in self._visible())
        width += self._spacing * max(0, len(self._visible()) - 1)
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:
        """The widest item alone on a row."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size.grownBy(self.contentsMargins())

    def _visible(self) -> list[QLayoutItem]:
        shown = []
        for item in self._items:
            widget = item.widget()
            if widget is None or not widget.isHidden():
                shown.append(item)
        return shown

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        x, y, row_height = area.x(), area.y(), 0
        for item in self._visible():
            hint = item.sizeHint()
            width = min(hint.width(), area.width())
            if x > area.x() and x + width > area.right() + 1:
                x, y = area.x(), y + row_height + self._spacing
                row_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + margins.bottom()


class ReadingColumn(QWidget):
    """A column centred in its parent that grows up to :data:`READING_CHARS` average
    characters of its font (plus ``extra`` pixels for frames and padding); wider windows
    get margins instead of longer lines. Put it in a layout of its own with
    :func:`centred`."""

    def __init__(self, extra: int = 60, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._extra = extra
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._fit()

    def reading_width(self) -> int:
        return self.fontMetrics().averageCharWidth() * READING_CHARS + self._extra

    def _fit(self) -> None:
        self.setMaximumWidth(self.reading_width())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()


def centred(host: QWidget, column: QWidget) -> QHBoxLayout:
    """Lay ``column`` out in ``host``, centred, the space either side shared equally."""
    row = QHBoxLayout(host)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(0)
    row.addStretch(1)
    row.addWidget(column, 1000)
    row.addStretch(1)
    return row


class StackingRow(QWidget):
    """Widgets side by side while each gets at least ``min_each`` pixels, otherwise one
    above the other (e.g. the Models page's cards at 800x600)."""

    def __init__(self, min_each: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._min_each = min_each
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(12)
        # the row's own minimum (below), not the sum of its parts side by side
        self.box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

    def add(self, widget: QWidget, stretch: int = 1) -> None:
        self.box.addWidget(widget, stretch)

    def minimumSizeHint(self) -> QSize:
        items = [self.box.itemAt(i) for i in range(self.box.count())]
        widest = max((i.minimumSize().width() for i in items if i is not None), default=0)
        return QSize(widest, super().minimumSizeHint().height())

    def resizeEvent(self, event: object) -> None:
        side_by_side = self.width() >= self._min_each * max(1, self.box.count())
        wanted = (
            QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        )
        if self.box.direction() != wanted:
            self.box.setDirection(wanted)
        super().resizeEvent(event)  # type: ignore[arg-type]


class WrappingCheckBox(QCheckBox):
    """A check box whose words wrap onto more lines when it is narrow (Qt's own keeps
    them on one line and so forces the page wider than an 800x600 window)."""

    MIN_CHARS = 14  # the narrowest it gets, in average characters

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)  # Qt's Fixed would cap it at a line
        self.setSizePolicy(policy)

    def _indent(self) -> int:
        style = self.style()
        return style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self) + (
            style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, self)
        )

    def _text_rect(self, width: int) -> QRect:
        flags = int(Qt.TextFlag.TextWordWrap)
        return self.fontMetrics().boundingRect(
            QRect(0, 0, max(1, width - self._indent() - 4), 100_000), flags, self.text()
        )

    def minimumSizeHint(self) -> QSize:
        width = self._indent() + self.fontMetrics().averageCharWidth() * self.MIN_CHARS
        return QSize(width, super().minimumSizeHint().height())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(super().sizeHint().height(), self._text_rect(width).height() + 4)

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)

    def paintEvent(self, event: object) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        indicator = self.style().subElementRect(
            QStyle.SubElement.SE_CheckBoxIndicator, option, self
        )
        line = self.fontMetrics().lineSpacing()
        option.rect = QRect(0, max(0, (line + 4 - indicator.height()) // 2), self.width(), line + 4)
        painter.drawControl(QStyle.ControlElement.CE_CheckBox, option)
        group = QPalette.ColorGroup.Normal if self.isEnabled() else QPalette.ColorGroup.Disabled
        painter.setPen(self.palette().color(group, QPalette.ColorRole.WindowText))
        area = QRect(self._indent(), 2, self.width() - self._indent() - 4, self.height() - 2)
        painter.drawText(area, int(Qt.TextFlag.TextWordWrap), self.text())
        if self.hasFocus():
            focus = QStyleOptionFocusRect()
            focus.initFrom(self)
            focus.rect = area.adjusted(-2, -1, 2, 1)
            painter.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus)
