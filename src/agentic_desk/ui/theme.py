"""The colour themes: light, dark and high contrast, each one set of colours from which
the Qt palette and the style sheet's states (hover, checked, disabled, check boxes, links)
are made. Every pair a person must tell apart has a WCAG 2 contrast of at least 4.5:1 for
text and 3:1 for control borders and states (``tests/test_gui_layout.py`` measures it on
rendered widgets). A disabled button is not just dimmer: it loses its fill and its border
is dashed, so it never looks like an enabled one (the old dark Stop looked like Send).

``system`` follows the system: its high-contrast setting where Qt can read it
(``QStyleHints.accessibility().contrastPreference()``, Qt 6.10+), else its light or dark
colour scheme."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

THEMES = ("light", "dark", "high_contrast")


@dataclass(frozen=True)
class Colours:
    window: str
    base: str
    text: str
    muted: str  # secondary text (help, badges, headers) on window or base
    button: str
    button_border: str
    hover: str
    checked: str
    checked_text: str
    checked_border: str
    disabled_text: str
    disabled_border: str
    link: str
    highlight: str
    highlighted_text: str
    indicator_border: str
    indicator_checked: str
    tick: str  # resources/icons/<tick>.svg, drawn on indicator_checked
    input_border: str


COLOURS: dict[str, Colours] = {
    "light": Colours(
        window="#f5f5f6",
        base="#ffffff",
        text="#111827",
        muted="#4b5563",
        button="#ffffff",
        button_border="#6b7280",
        hover="#e5e7eb",
        checked="#dbeafe",
        checked_text="#1e3a8a",
        checked_border="#1d4ed8",
        disabled_text="#4b5563",
        disabled_border="#6b7280",
        link="#1d4ed8",
        highlight="#1d4ed8",
        highlighted_text="#ffffff",
        indicator_border="#4b5563",
        indicator_checked="#1d4ed8",
        tick="tick-white",
        input_border="#6b7280",
    ),
    "dark": Colours(
        window="#15171c",
        base="#1b1d23",
        text="#e5e7eb",
        muted="#a3abb8",
        button="#2b303b",
        button_border="#8b93a1",
        hover="#3b4252",
        checked="#1e3a5f",
        checked_text="#f3f4f6",
        checked_border="#93c5fd",
        disabled_text="#a3abb8",
        disabled_border="#6b7280",
        link="#93c5fd",
        highlight="#2563eb",
        highlighted_text="#ffffff",
        indicator_border="#a3abb8",
        indicator_checked="#3b82f6",
        tick="tick-white",
        input_border="#8b93a1",
    ),
    "high_contrast": Colours(
        window="#000000",
        base="#000000",
        text="#ffffff",
        muted="#e6e6e6",
        button="#1f1f1f",
        button_border="#ffffff",
        hover="#404040",
        checked="#ffff00",
        checked_text="#000000",
        checked_border="#ffff00",
        disabled_text="#c0c0c0",
        disabled_border="#c0c0c0",
        link="#ffff00",
        highlight="#ffff00",
        highlighted_text="#000000",
        indicator_border="#ffffff",
        indicator_checked="#ffff00",
        tick="tick-black",
        input_border="#ffffff",
    ),
}


def resolve(app: Any, theme: str) -> str:
    """The theme to use for the setting ``theme`` (``system``: the system's high-contrast
    setting, else its colour scheme)."""
    from PySide6.QtCore import Qt

    if theme in THEMES:
        return theme
    hints = app.styleHints()
    accessibility = getattr(hints, "accessibility", None)  # Qt 6.10+
    preference = getattr(Qt, "ContrastPreference", None)
    if (
        accessibility is not None
        and preference is not None
        and accessibility().contrastPreference() == preference.HighContrast
    ):
        return "high_contrast"
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def palette(theme: str) -> Any:
    from PySide6.QtGui import QColor, QPalette

    c = COLOURS[theme]
    result = QPalette()
    role = QPalette.ColorRole
    for r, colour in (
        (role.Window, c.window),
        (role.WindowText, c.text),
        (role.Base, c.base),
        (role.AlternateBase, c.hover),
        (role.Text, c.text),
        (role.Button, c.button),
        (role.ButtonText, c.text),
        (role.BrightText, c.text),
        (role.Highlight, c.highlight),
        (role.HighlightedText, c.highlighted_text),
        (role.PlaceholderText, c.muted),
        (role.Link, c.link),
        (role.LinkVisited, c.link),
        (role.ToolTipBase, c.base),
        (role.ToolTipText, c.text),
    ):
        result.setColor(r, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        result.setColor(disabled, r, QColor(c.disabled_text))
    result.setColor(disabled, role.Button, QColor(c.window))
    return result


def state_rules(theme: str) -> str:
    """The style sheet for the controls' states, appended after the theme's own sheet."""
    from agentic_desk.ui.app import resources_dir

    c = COLOURS[theme]
    tick = (resources_dir() / "icons" / f"{c.tick}.svg").as_posix()
    return f"""
QPushButton, QToolButton {{
    background: {c.button}; color: {c.text}; border: 1px solid {c.button_border};
    border-radius: 4px; padding: 4px 12px; }}
QToolButton {{ padding: 3px; }}
QPushButton:hover, QToolButton:hover {{ background: {c.hover}; }}
QPushButton:checked, QToolButton:checked {{
    background: {c.checked}; color: {c.checked_text}; border: 1px solid {c.checked_border}; }}
QPushButton:disabled, QToolButton:disabled {{
    background: {c.window}; color: {c.disabled_text}; border: 2px dashed {c.disabled_border}; }}
QPushButton#navButton:checked {{
    background: {c.checked}; color: {c.checked_text}; border: 1px solid {c.checked_border}; }}
QPushButton#primary, QPushButton#primaryButton {{
    background: {c.highlight}; color: {c.highlighted_text}; border: 1px solid {c.highlight}; }}
QPushButton#primary:hover, QPushButton#primaryButton:hover {{
    border: 2px solid {c.text}; }}
QPushButton#primary:disabled, QPushButton#primaryButton:disabled {{
    background: {c.window}; color: {c.disabled_text}; border: 2px dashed {c.disabled_border}; }}
QPushButton#messageAction {{
    background: transparent; color: {c.link}; border: 1px solid transparent; padding: 2px 6px; }}
QPushButton#messageAction:hover {{ border: 1px solid {c.link}; }}
QPushButton#messageAction:disabled {{ color: {c.disabled_text}; border: 1px solid transparent; }}
QCheckBox::indicator {{
    width: 14px; height: 14px; border: 1px solid {c.indicator_border}; border-radius: 3px;
    background: {c.base}; }}
QCheckBox::indicator:hover {{ border: 2px solid {c.indicator_checked}; }}
QCheckBox::indicator:checked {{
    background: {c.indicator_checked}; border: 1px solid {c.indicator_checked};
    image: url("{tick}"); }}
QCheckBox::indicator:disabled {{ border: 2px dashed {c.disabled_border}; background: {c.window}; }}
QCheckBox:disabled {{ color: {c.disabled_text}; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDoubleSpinBox {{
    border: 1px solid {c.input_border}; border-radius: 3px; background: {c.base};
    color: {c.text}; padding: 2px 4px; }}
QLineEdit:disabled, QComboBox:disabled, QSpinBox:disabled, QDoubleSpinBox:disabled {{
    border: 2px dashed {c.disabled_border}; color: {c.disabled_text}; background: {c.window}; }}
#codeBlock QPlainTextEdit {{ border: none; padding: 0; }}
#muted, #fieldHelp, #fieldName, #badge, #messageRole, #emptyState, #codeLanguage {{
    color: {c.muted}; }}
"""


HIGH_CONTRAST_SHEET = """
QWidget { font-size: 10.5pt; }
#sidebar, #settingsNav { background: #000000; }
#chatTitle { font-size: 13pt; font-weight: 600; }
#userMessage { background: #000000; border: 2px solid #ffff00; border-radius: 10px; }
#assistantMessage { background: #000000; border: 2px solid #ffffff; border-radius: 10px; }
#messageRole, #cardTitle, #cloudSwitch, #consentTitle, #settingsCardTitle { font-weight: 600; }
#badge, #codeLanguage { font-size: 9pt; }
#messageStatus, #cloudState[on="true"] { color: #ffff00; }
#codeBlock { background: #000000; border: 1px solid #ffffff; border-radius: 6px; }
#codeBlock QPlainTextEdit { background: #000000; color: #ffffff; }
#banner, #noticeBox, #restartBanner, #settingsBanner, #draftWarning, #tryResult {
    padding: 8px; border-radius: 6px; background: #000000; color: #ffffff;
    border: 2px solid #ffff00; }
#banner[error="true"], #settingsBanner[error="true"] { border: 2px solid #ff8080; }
#localOnly, #cloudState[on="false"], #spendText, #keyState[stored="true"],
#testResult[ok="true"], #fileResult[ok="true"], #moveStatus[ok="true"] { color: #7cff7c; }
QLabel[error="true"], #fieldError, #testResult[ok="false"], #fileResult[ok="false"],
#moveStatus[ok="false"] { color: #ff9b9b; }
QLineEdit[invalid="true"] { border: 2px solid #ff9b9b; }
#emptyState { font-size: 12pt; padding: 80px; }
#pageTitle, #settingsTitle { font-size: 15pt; font-weight: 600; }
#card, #settingsCard { background: #000000; border: 1px solid #ffffff; border-radius: 8px; }
#settingsNav { border: none; padding-top: 8px; }
#settingsNav::item { padding: 8px 14px; }
#settingsNav::item:selected { background: #ffff00; color: #000000; }
QListView::item { padding: 5px 4px; }
QListView::item:selected { background: #ffff00; color: #000000; }
"""


def redraw_rich_text(app: Any) -> None:
    """Rich-text labels keep the link colour of the palette they were laid out with: lay
    them out again so links take the new theme's colour (a theme chosen in Settings)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    for widget in app.allWidgets():
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText:
            text = widget.text()
            if "<a " in text or "](" in text or "http" in text:
                widget.setText("")
                widget.setText(text)


def contrast(first: Any, second: Any) -> float:
    """WCAG 2 contrast ratio of two colours (QColor or "#rrggbb"), 1 to 21."""
    from PySide6.QtGui import QColor

    def luminance(colour: Any) -> float:
        col = QColor(colour)
        channels = []
        for value in (col.redF(), col.greenF(), col.blueF()):
            channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
        red, green, blue = channels
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
