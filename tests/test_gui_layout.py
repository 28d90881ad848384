"""The window from 800x600 to wide screens, its themes and its marks (issue 16): every
visible control lies inside the window and its scroll area at 800x600, nothing in the
chat scrolls sideways but a code block, messages keep a reading width on a wide window,
the sidebar folds away and keeps the page buttons, text and control borders have WCAG
contrast in every theme and state (measured on rendered widgets), and no text shown holds
an emoji."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from agentic_desk.ui.app import apply_theme
from agentic_desk.ui.icons import mark_of
from agentic_desk.ui.layout import READING_CHARS
from agentic_desk.ui.theme import COLOURS, THEMES, contrast
from layout_checks import clipped_controls, horizontal_scrollbars

LONG_REPLY = (
    "Here is a long reply that goes on for a while so that it wraps over many lines. " * 12
    + "\n\n```python\ndef read(path: str) -> str:\n    return open(path).read()  # "
    + "x" * 180
    + "\n"
    + "\n".join(f"line_{n} = {n}" for n in range(60))
    + "\n```\n\n| Name | Value | A rather long column heading |\n|---|---|---|\n"
    "| alpha | 1 | some words here |\n| beta | 22 | more words in this cell |\n\n"
    "See [the guide](https://example.org/guide) for more."
)
META = {
    "where": "Local · privacy normal keeps this message on this computer",
    "model": "/models/smollm2-135m-instruct",
    "execution_provider": "cpu",
    "tokens_per_s": 31.5,
    "completion_tokens": 311,
    "provider": "local",
}


def long_conversation(window: Any, qtbot: Any, status: str = "complete") -> str:
    """A stored conversation with a question and a long reply (code, table, link);
    ``status`` "cancelled" gives the reply its Continue button too."""
    store = window.store
    conv = store.create_conversation(title="A long reply with code and a table")
    store.add_user_message(conv.id, "Please write something long")
    reply = store.begin_reply(conv.id)
    store.finish_reply(reply.id, LONG_REPLY, status=status, meta=META)
    with qtbot.waitSignal(window.view_ready, timeout=30_000):
        window.open_conversation(conv.id)
    return conv.id


def settle(qtbot: Any) -> None:
    """Let queued layout requests run (layouts settle in posted events)."""
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(1)  # one pass of the event loop, no timing assumption


def views(window: Any) -> list[tuple[str, Any]]:
    """(name, how to show it) for the chat, Models, Documents and every Settings section."""
    out: list[tuple[str, Any]] = [
        ("chat", window.show_chat),
        ("models", window.show_models),
        ("documents", window.show_documents),  # issue 17
    ]
    nav = window.settings_view.nav
    for row in range(nav.count()):

        def show(row: int = row) -> None:
            window.show_settings()
            nav.setCurrentRow(row)

        out.append((f"settings: {nav.item(row).text()}", show))
    return out


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_view_fits_800x600(qtbot: Any, make_window: Any, theme: str) -> None:
    apply_theme(QApplication.instance(), theme)
    window = make_window()
    long_conversation(window, qtbot)
    window.resize(800, 600)
    settle(qtbot)
    assert (window.width(), window.height()) == (800, 600), "the window cannot be that small"
    problems: dict[str, list[str]] = {}
    for name, show in views(window):
        show()
        settle(qtbot)
        if name == "chat":  # the end of the reply: its footer buttons and the table
            bar = window.chat.transcript_scroll.verticalScrollBar()
            bar.setValue(bar.maximum())
            settle(qtbot)
        found = clipped_controls(window) + [
            f"horizontal scroll bar: {s}" for s in horizontal_scrollbars(window)
        ]
        if found:
            problems[name] = found
    assert problems == {}


def test_reply_buttons_wrap_instead_of_clipping(qtbot: Any, make_window: Any) -> None:
    """At 800x600 the reply's footer buttons are all inside the message, on two rows if
    need be; the code block scrolls sideways on its own and never up and down."""
    window = make_window()
    long_conversation(window, qtbot, status="cancelled")
    window.resize(800, 600)
    window.splitter.setSizes([380, 420])  # a wider conversation list leaves the chat less
    settle(qtbot)
    reply = next(w for w in window.widgets.values() if w.role == "assistant")
    shown = [b for b in reply.buttons.values() if b.isVisibleTo(reply)]
    assert len(shown) == 6  # Copy, Export, Edit, Rewrite…, Regenerate, Continue
    for button in shown:
        corner = button.mapTo(reply, QPoint(button.width(), button.height()))
        assert corner.x() <= reply.width() and corner.y() <= reply.height(), button.text()
    block = reply.findChild(QWidget, "codeBlock")
    editor = block.editor
    assert editor.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert editor.verticalScrollBar().maximum() == 0, "all 62 lines are shown, no inner scroll"
    assert editor.horizontalScrollBar().maximum() > 0  # the long line scrolls in the block
    assert window.chat.transcript_scroll.horizontalScrollBar().maximum() == 0


def test_messages_keep_a_reading_width_on_a_wide_window(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    long_conversation(window, qtbot)
    window.resize(1600, 1000)
    settle(qtbot)
    assert clipped_controls(window) == []
    reply = next(w for w in window.widgets.values() if w.role == "assistant")
    chars = reply.fontMetrics().averageCharWidth()
    assert reply.width() <= chars * (READING_CHARS + 12), "lines run the full width"
    viewport = window.chat.transcript_scroll.viewport()
    left = reply.mapTo(viewport, QPoint(0, 0)).x()
    right = viewport.width() - left - reply.width()
    assert left > 100 and abs(left - right) <= 30, (left, right)  # centred


def test_sidebar_collapses_and_keeps_the_page_buttons(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    window.resize(800, 600)
    settle(qtbot)
    sidebar = window.sidebar
    wide = sidebar.width()
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert sidebar.collapsed and not sidebar.list_view.isVisibleTo(window)
    assert sidebar.width() < wide / 2
    for button in sidebar.nav_buttons:
        assert button.isVisibleTo(window)
    assert clipped_controls(window) == []
    sidebar.nav_buttons[1].click()  # Models, from the folded sidebar
    assert window.pages.currentIndex() == 1
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert not sidebar.collapsed and sidebar.list_view.isVisibleTo(window)
    # dragging the splitter all the way left does not hide the page buttons
    window.splitter.setSizes([0, 800])
    settle(qtbot)
    assert sidebar.width() > 0 and not window.splitter.isCollapsible(0)
    for button in sidebar.nav_buttons:
        assert button.isVisibleTo(window) and button.width() > 20


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_the_sidebar_button_mark_follows_the_theme(
    qtbot: Any, make_window: Any, theme: str
) -> None:
    """The fold button's SVG mark is drawn in the theme's text colour, also when the theme
    is applied after the window was built (as the app does)."""
    window = make_window()
    apply_theme(QApplication.instance(), theme)
    settle(qtbot)
    button = window.sidebar.collapse_button
    background = _background_of(button)
    assert text_contrast(button, background) >= 4.5


# ---- contrast, measured on rendered controls --------------------------------------------


HOVERED: set[int] = set()  # widgets drawn as if the pointer were over them


def _image(widget: QWidget) -> QImage:
    """``widget`` as drawn; a hovered button is drawn by the style with the mouse-over
    state (the style sheet's :hover rule), which a synthetic pointer cannot set offscreen."""
    if id(widget) in HOVERED and isinstance(widget, QPushButton):
        option = QStyleOptionButton()
        widget.initStyleOption(option)
        option.state |= QStyle.StateFlag.State_MouseOver
        image = QImage(widget.size(), QImage.Format.Format_ARGB32)
        image.fill(widget.palette().color(widget.backgroundRole()))
        painter = QPainter(image)
        widget.style().drawControl(QStyle.ControlElement.CE_PushButton, option, painter, widget)
        painter.end()
        return image
    return widget.grab().toImage()


def _colours(image: QImage) -> list[QColor]:
    return [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]


def text_contrast(widget: QWidget, background: QColor) -> float:
    """The strongest contrast between ``background`` and any pixel drawn in the text
    area (the glyphs' cores; anti-aliased edges are in between)."""
    return max(contrast(background, c) for c in _colours(_image(widget)))


def _host(theme: str, *widgets: QWidget) -> QWidget:
    host = QWidget()
    host.setAutoFillBackground(True)
    row = QHBoxLayout(host)
    row.setContentsMargins(6, 6, 6, 6)
    for widget in widgets:
        row.addWidget(widget)
    return host


def _background_of(widget: QWidget) -> QColor:
    """The colour that fills most of ``widget`` as drawn (its background)."""
    counts: dict[int, int] = {}
    for colour in _colours(_image(widget)):
        counts[colour.rgb()] = counts.get(colour.rgb(), 0) + 1
    return QColor.fromRgb(max(counts, key=lambda k: counts[k]))


def _edge(widget: QWidget, background: QColor) -> QColor:
    """The colour of ``widget``'s left border as drawn: of the pixels in its first column
    (middle half, away from rounded corners; a dashed border has gaps), the one that
    stands out most from ``background``."""
    image = _image(widget)
    column = [image.pixelColor(0, y) for y in range(image.height() // 4, 3 * image.height() // 4)]
    return max(column, key=lambda c: contrast(c, background))


def _indicator_edge(box: QCheckBox) -> tuple[QColor, QColor]:
    """(the check box's indicator border, the indicator's inside) as drawn."""
    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    image = box.grab().toImage()
    middle = rect.center().y()
    return image.pixelColor(rect.left(), middle), image.pixelColor(rect.left() + 4, middle)


@pytest.mark.parametrize("theme", THEMES)
def test_text_and_controls_have_wcag_contrast(qtbot: Any, theme: str) -> None:
    app = QApplication.instance()
    assert apply_theme(app, theme) == theme
    colours = COLOURS[theme]
    window_bg = QColor(colours.window)

    enabled, disabled, hover, checked = (QPushButton(t) for t in ("Send", "Stop", "Hover", "On"))
    disabled.setEnabled(False)
    HOVERED.add(id(hover))
    checked.setCheckable(True)
    checked.setChecked(True)
    primary, primary_off = QPushButton("Get it"), QPushButton("Get it")
    primary.setObjectName("primary")
    primary_off.setObjectName("primary")
    primary_off.setEnabled(False)
    box_on, box_off, box_disabled = QCheckBox("On"), QCheckBox("Off"), QCheckBox("Disabled")
    box_on.setChecked(True)
    box_disabled.setEnabled(False)
    link = QLabel('<a href="https://example.org">a link</a>')
    muted = QLabel("secondary words")
    muted.setObjectName("fieldHelp")
    combo = QComboBox()
    combo.addItem("A choice")
    buttons = [enabled, disabled, hover, checked, primary, primary_off]
    boxes = [box_on, box_off, box_disabled]
    host = _host(theme, *buttons, *boxes, link, muted, combo)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)

    failures: list[str] = []

    def need(what: str, ratio: float, at_least: float) -> None:
        if ratio < at_least:
            failures.append(f"{what}: {ratio:.2f} < {at_least}")

    for button in buttons:
        name = f"{button.text()} ({'enabled' if button.isEnabled() else 'disabled'})"
        background = _background_of(button)
        need(f"text of {name}", text_contrast(button, background), 4.5)
        need(f"border of {name}", contrast(_edge(button, window_bg), window_bg), 3.0)
    assert _background_of(hover) != _background_of(enabled), "hover shows"
    assert _background_of(checked) != _background_of(enabled), "checked shows"
    for box in boxes:
        border, _inside = _indicator_edge(box)
        need(f"check box '{box.text()}' border", contrast(border, window_bg), 3.0)
        need(f"check box '{box.text()}' text", text_contrast(box, window_bg), 4.5)
    _border, inside = _indicator_edge(box_on)
    need("checked box vs background", contrast(inside, window_bg), 3.0)
    need("link text", text_contrast(link, window_bg), 4.5)
    need("secondary text", text_contrast(muted, window_bg), 4.5)
    need("secondary text on a card", contrast(QColor(colours.muted), QColor(colours.base)), 4.5)
    need("input border", contrast(_edge(combo, window_bg), window_bg), 3.0)
    link_pixels = {c.name() for c in _colours(link.grab().toImage())}
    assert QColor(colours.link).name() in link_pixels, "links are drawn in the theme's link colour"
    assert failures == [], "\n".join(failures)

    # a disabled button must not look like an enabled one (the dark Stop looked like Send)
    assert _background_of(disabled) != _background_of(enabled)
    assert _background_of(disabled) == window_bg, "a disabled button has no fill"


def test_links_follow_a_theme_chosen_later(qtbot: Any) -> None:
    """A reply's link laid out in the light theme takes the dark theme's link colour once
    the theme changes (it stayed dark blue on near-black)."""
    app = QApplication.instance()
    apply_theme(app, "light")
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.MarkdownText)
    label.setText("See [the guide](https://example.org) for more.")
    qtbot.addWidget(label)
    label.show()
    apply_theme(app, "dark")
    pixels = {c.name() for c in _colours(label.grab().toImage())}
    assert COLOURS["dark"].link in pixels and COLOURS["light"].link not in pixels


def test_system_theme_follows_the_high_contrast_setting() -> None:
    """``system`` picks high contrast when the system asks for it (Qt 6.10's
    accessibility hints), else its colour scheme."""
    from agentic_desk.ui.theme import resolve

    class Hints:
        def __init__(self, contrast: Any, scheme: Any) -> None:
            self._contrast, self._scheme = contrast, scheme

        def accessibility(self) -> Any:
            outer = self

            class Accessibility:
                def contrastPreference(self) -> Any:
                    return outer._contrast

            return Accessibility()

        def colorScheme(self) -> Any:
            return self._scheme

    class App:
        def __init__(self, hints: Hints) -> None:
            self.hints = hints

        def styleHints(self) -> Hints:
            return self.hints

    high, normal = Qt.ContrastPreference.HighContrast, Qt.ContrastPreference.NoPreference
    dark, light = Qt.ColorScheme.Dark, Qt.ColorScheme.Light
    assert resolve(App(Hints(high, light)), "system") == "high_contrast"
    assert resolve(App(Hints(normal, dark)), "system") == "dark"
    assert resolve(App(Hints(normal, light)), "system") == "light"
    assert resolve(App(Hints(high, light)), "dark") == "dark"  # a chosen theme wins
    real = QApplication.instance()
    assert resolve(real, "system") in THEMES  # the real hints answer too


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#123456", "#123456") == pytest.approx(1.0)


# ---- no emoji ------------------------------------------------------------------------------

# Emoji code points (Unicode's Extended_Pictographic, without (c), (R) and TM): text a
# font may not have, drawn as boxes or in colour where it is
EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2300-\u23ff\u2194-\u2199\u21a9\u21aa"
    "\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c"
    "\u2b50\u2b55\u3030\u303d\u3297\u3299\u203c\u2049\u2139\ufe0f]"
)


def shown_texts(window: Any) -> list[str]:
    out = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            out.append(widget.text())
        if isinstance(widget, QComboBox):
            out += [widget.itemText(i) for i in range(widget.count())]
    model = window.sidebar.list_model
    out += [
        str(model.data(model.index(r), Qt.ItemDataRole.DisplayRole))
        for r in range(model.rowCount())
    ]
    return out


def test_no_emoji_in_the_main_views(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    conv_id = long_conversation(window, qtbot)
    window.store.set_pinned(conv_id, True)
    with qtbot.waitSignal(window.list_ready, timeout=30_000):
        window.refresh_list()
    window.privacy.setCurrentIndex(window.privacy.findData("local_only"))
    window.chat.show_notice("This conversation stays on this computer.", "privacy")
    reply = next(w for w in window.widgets.values() if w.role == "assistant")
    reply.set_versions((reply.message_id, "another"), 0)  # ◀ ▶ were characters
    found: dict[str, list[str]] = {}
    for name, show in views(window):
        show()
        settle(qtbot)
        bad = [text for text in shown_texts(window) if EMOJI.search(text)]
        if bad:
            found[name] = bad
    assert found == {}
    # the marks are SVG pictures beside the words
    assert window.local_badge.text() == "Local only" and mark_of(window.local_badge) == "lock"
    assert mark_of(window.banner) == "lock"
    assert not reply.previous_button.icon().isNull() and not reply.next_button.icon().isNull()
    row = window.list_model.row_of(conv_id)
    pin = window.list_model.data(window.list_model.index(row), Qt.ItemDataRole.DecorationRole)
    assert pin is not None and not pin.isNull()


def test_known_errors_carry_a_warning_mark_not_a_symbol(qtbot: Any) -> None:
    from agentic_desk.core.errors import AgenticDeskError
    from agentic_desk.ui import errors

    label = QLabel()
    qtbot.addWidget(label)
    errors.show_error(label, AgenticDeskError("The disk is full.", "Free some space."))
    assert label.text() == "The disk is full.\nFree some space."
    assert mark_of(label) == "warning"
    mark = label.findChild(QLabel, "mark")
    assert mark is not None and not mark.pixmap().isNull()
    errors.show_message(label, "All good.")
    assert mark_of(label) is None
