"""Pieces the settings pages share: a form row generated from the settings schema, the
"applies at once / needs a restart" facts, small label helpers, and the one place the
app's privacy and complexity levels get their user-facing names (the main window uses
them too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t
from agentic_desk.core.privacy.levels import Complexity, Privacy
from agentic_desk.core.settings import FieldInfo
from agentic_desk.core.validation import InvalidValuesError
from agentic_desk.ui.i18n import QT_TRANSLATE_NOOP
from agentic_desk.ui.layout import WrappingCheckBox

# What needs a restart, in words (everything else applies at once).
RESTART: dict[str, str] = {
    "engine.execution_providers": QT_TRANSLATE_NOOP("common", "where the model runs"),
    "engine.max_context_tokens": QT_TRANSLATE_NOOP("common", "longest conversation"),
    "engine.prefill_chunk_tokens": QT_TRANSLATE_NOOP("common", "prompt chunk size"),
    "engine.idle_unload_minutes": QT_TRANSLATE_NOOP("common", "idle-unload time"),
    "engine.cpu_int8_compute": QT_TRANSLATE_NOOP("common", "8-bit compute"),
    "models_dir": QT_TRANSLATE_NOOP("common", "models folder"),
    "ui.language": QT_TRANSLATE_NOOP("common", "language"),
}

# Settings that are an ordered list of a few values, offered as choices (issue 16):
# (what the user reads, the list saved)
ORDERED_CHOICES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "engine.execution_providers": (
        (QT_TRANSLATE_NOOP("common", "The best this computer has (automatic)"), ("auto",)),
        (QT_TRANSLATE_NOOP("common", "NVIDIA GPU, else the processor"), ("cuda", "cpu")),
        (QT_TRANSLATE_NOOP("common", "DirectML GPU (Windows), else the processor"), ("dml", "cpu")),
        (
            QT_TRANSLATE_NOOP("common", "NVIDIA GPU, else DirectML GPU, else the processor"),
            ("cuda", "dml", "cpu"),
        ),
        (QT_TRANSLATE_NOOP("common", "The processor only (CPU)"), ("cpu",)),
    ),
}

LABELS: dict[str, str] = {
    "engine.max_new_tokens": QT_TRANSLATE_NOOP("common", "Longest reply (tokens)"),
    "engine.temperature": QT_TRANSLATE_NOOP("common", "Temperature"),
    "engine.top_p": QT_TRANSLATE_NOOP("common", "Top-p"),
    "engine.top_k": QT_TRANSLATE_NOOP("common", "Top-k"),
    "engine.repetition_penalty": QT_TRANSLATE_NOOP("common", "Repetition penalty"),
    "engine.seed": QT_TRANSLATE_NOOP("common", "Seed"),
    "engine.stop": QT_TRANSLATE_NOOP("common", "Stop texts"),
    "engine.max_context_tokens": QT_TRANSLATE_NOOP("common", "Longest conversation (tokens)"),
    "engine.prefill_chunk_tokens": QT_TRANSLATE_NOOP("common", "Prompt chunk (tokens)"),
    "engine.idle_unload_minutes": QT_TRANSLATE_NOOP("common", "Unload when idle (minutes)"),
    "engine.execution_providers": QT_TRANSLATE_NOOP("common", "Run the model on"),
    "engine.cpu_int8_compute": QT_TRANSLATE_NOOP(
        "common", "Faster long prompts on the processor (8-bit compute)"
    ),
    "ui.theme": QT_TRANSLATE_NOOP("common", "Theme"),
    "ui.language": QT_TRANSLATE_NOOP("common", "Language"),
    "privacy.detector_enabled": QT_TRANSLATE_NOOP(
        "common", "Look for sensitive data before routing"
    ),
    "privacy.sensitive_terms": QT_TRANSLATE_NOOP("common", "Always sensitive (your terms)"),
    "privacy.names_model": QT_TRANSLATE_NOOP(
        "common", "Find names and addresses with the names model"
    ),
    "privacy.names_model_path": QT_TRANSLATE_NOOP("common", "Names model ('built-in' or a folder)"),
    "privacy.default_level": QT_TRANSLATE_NOOP("common", "Privacy of new conversations"),
    "privacy.trash_days": QT_TRANSLATE_NOOP(
        "common", "Keep deleted conversations in the Trash (days)"
    ),
    "privacy.lock_after_minutes": QT_TRANSLATE_NOOP(
        "common", "Lock after this many minutes without use (0: only at start)"
    ),
    "cloud.api_clients_may_use_cloud": QT_TRANSLATE_NOOP(
        "common", "Programs using the local API server may use the cloud"
    ),
    "cloud.api_clients_pseudonymise": QT_TRANSLATE_NOOP(
        "common", "Their requests go with personal details replaced"
    ),
}

PRIVACY_LABELS: dict[Privacy, str] = {
    Privacy.LOW: QT_TRANSLATE_NOOP("common", "Low"),
    Privacy.NORMAL: QT_TRANSLATE_NOOP("common", "Normal"),
    Privacy.HIGH: QT_TRANSLATE_NOOP("common", "High: stays on this computer"),
    Privacy.LOCAL_ONLY: QT_TRANSLATE_NOOP("common", "Local only"),
}
"""What each privacy level is called, wherever a user picks one."""

PRIVACY_HELP: dict[Privacy, str] = {
    Privacy.LOW: QT_TRANSLATE_NOOP(
        "common",
        "May go to a cloud provider when cloud providers are on; your routing "
        "rules may send it to the cheapest one.",
    ),
    Privacy.NORMAL: QT_TRANSLATE_NOOP(
        "common",
        "The usual level: your routing rules decide. With cloud providers off "
        "(the default) it stays on this computer.",
    ),
    Privacy.HIGH: QT_TRANSLATE_NOOP(
        "common",
        "Stays on this computer: only the local model answers. Lowering it later asks you first.",
    ),
    Privacy.LOCAL_ONLY: QT_TRANSLATE_NOOP(
        "common",
        "Never leaves this computer, whatever the rules, the fallback chain or a budget say.",
    ),
}
"""What each privacy level means, in a sentence (tooltips and the "What do these mean?"
window; issue 16)."""


def shown(text: str) -> str:
    """``text`` (one of this module's words, marked with QT_TRANSLATE_NOOP) in the window's
    language (issue 16)."""
    return QCoreApplication.translate("common", text)


def privacy_explanation() -> str:
    """All the levels, one line each: what "What do these mean?" shows; then what the
    sensitive-data detector cannot see (no names model installed), when that is so."""
    from agentic_desk.core.privacy.entities import coverage_notice
    from agentic_desk.core.privacy.scanning import configured

    lines = [f"{shown(PRIVACY_LABELS[level])}: {shown(PRIVACY_HELP[level])}" for level in Privacy]
    unseen = coverage_notice(configured()[1])  # the core's text, already translated
    if unseen:
        lines.append(unseen)
    return "\n\n".join(lines)


def explain_privacy_items(combo: QComboBox) -> None:
    """Give each privacy level in ``combo`` (its item data: the level's value) a tooltip."""
    for index in range(combo.count()):
        value = combo.itemData(index)
        if isinstance(value, str) and value in Privacy._value2member_map_:
            combo.setItemData(
                index, shown(PRIVACY_HELP[Privacy(value)]), Qt.ItemDataRole.ToolTipRole
            )


COMPLEXITY_LABELS: dict[Complexity, str] = {
    Complexity.LOW: QT_TRANSLATE_NOOP("common", "Low"),
    Complexity.MEDIUM: QT_TRANSLATE_NOOP("common", "Medium"),
    Complexity.HIGH: QT_TRANSLATE_NOOP("common", "High"),
}

CHOICE_LABELS: dict[str, str] = {
    "system": QT_TRANSLATE_NOOP("common", "Follow the system"),
    "light": QT_TRANSLATE_NOOP("common", "Light"),
    "dark": QT_TRANSLATE_NOOP("common", "Dark"),
    "high_contrast": QT_TRANSLATE_NOOP("common", "High contrast"),
    "en": QT_TRANSLATE_NOOP("common", "English"),
    "de": QT_TRANSLATE_NOOP("common", "Deutsch (German)"),
    **{level.value: text for level, text in PRIVACY_LABELS.items()},
}


def applies_text(dotted: str) -> str:
    if dotted in RESTART:
        return QCoreApplication.translate("common", "Needs a restart.")
    if dotted == "privacy.default_level":
        return QCoreApplication.translate("common", "Applies to new conversations.")
    if dotted == "privacy.trash_days":
        return QCoreApplication.translate(
            "common", "Applies when the app next starts or closes (the Trash is emptied then)."
        )
    if dotted.startswith("engine."):
        return QCoreApplication.translate("common", "Applies from the next reply.")
    return QCoreApplication.translate("common", "Applies at once.")


def label(text: str, name: str = "", *, wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def heading(text: str) -> QLabel:
    return label(text, "settingsHeading")


def section_box(title: str) -> tuple[QFrame, QVBoxLayout]:
    """A titled card holding a group of controls."""
    box = QFrame()
    box.setObjectName("settingsCard")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(16, 12, 16, 14)
    layout.setSpacing(8)
    title_label = label(title, "settingsCardTitle")
    layout.addWidget(title_label)
    return box, layout


def error_text(error: AgenticDeskError, dotted: str) -> str:
    """The core's reason for refusing the setting ``dotted``, without its name in front:
    the problem the error has for that field (the first problem, or the error's message,
    when none is about it)."""
    problems = error.problems if isinstance(error, InvalidValuesError) else ()
    mine = [p for p in problems if p.within(dotted)] or list(problems)
    text = mine[0].message if mine else error.message
    return text[:1].upper() + text[1:]


def show_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class FieldRow(QWidget):
    """One setting: its label, an editor built from its schema entry, an inline error
    (the core's reason when a value is refused) and its help text with whether it
    applies at once."""

    def __init__(
        self,
        info: FieldInfo,
        commit: Callable[[FieldRow, object], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.info = info
        self.dotted = info.name
        self._commit = commit
        self._shown = ""
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        name = shown(LABELS.get(info.name, info.name))
        self.editor: QWidget
        self.title: QLabel | None = None  # a check box is its own label
        if info.type == "bool":
            box = WrappingCheckBox(name)  # its words wrap in a narrow window
            box.toggled.connect(self._on_toggled)
            self.editor = box
            grid.addWidget(box, 0, 0, 1, 2)
        else:
            title = label(name, "fieldLabel")
            grid.addWidget(title, 0, 0)
            self.title = title
            if info.name in ORDERED_CHOICES:  # issue 16: a choice, not free text
                combo = QComboBox()
                for text, value in ORDERED_CHOICES[info.name]:
                    combo.addItem(shown(text), ",".join(value))
                combo.currentIndexChanged.connect(self._on_index)
                self.editor = combo
            elif info.choices and not info.type.startswith("list"):
                combo = QComboBox()
                for choice in info.choices:
                    combo.addItem(shown(CHOICE_LABELS.get(choice, choice)), choice)
                explain_privacy_items(combo)  # issue 16: what each level means
                combo.currentIndexChanged.connect(self._on_index)
                self.editor = combo
            else:
                edit = QLineEdit()
                edit.setClearButtonEnabled(False)
                if info.type.startswith("list"):
                    edit.setPlaceholderText(QCoreApplication.translate("common", "comma-separated"))
                elif "None" in info.type:
                    edit.setPlaceholderText(QCoreApplication.translate("common", "empty: default"))
                edit.editingFinished.connect(self._on_edited)
                self.editor = edit
            self.editor.setMinimumWidth(200)
            self.editor.setMaximumWidth(260)
            title.setBuddy(self.editor)
            grid.addWidget(self.editor, 0, 1)
        self.editor.setAccessibleName(name)
        self.editor.setToolTip(t(info.description))  # the core's text, in the core's language
        self.error = label("", "fieldError")
        self.error.hide()
        grid.addWidget(self.error, 0, 2)
        help_text = f"{t(info.description)} {applies_text(info.name)}"
        if info.name == "privacy.default_level":  # issue 16: the levels explained here too
            help_text += " " + QCoreApplication.translate(
                "common",
                "Low and Normal may use cloud providers when they are on; High and Local "
                "only stay on this computer (Local only whatever the rules say). Hover a "
                "level for more.",
            )
        self.help = label(help_text, "fieldHelp")
        grid.addWidget(self.help, 1, 0, 1, 3)
        grid.setColumnMinimumWidth(0, 230)
        grid.setColumnStretch(2, 1)
        # layout (issue 16): in a narrow window the editor goes under its label
        self.grid = grid
        self.wide = True
        grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

    WIDE_FROM = 500  # narrower than this, each editor sits under its label

    def minimumSizeHint(self) -> QSize:
        narrow = max(self.editor.minimumSizeHint().width(), self.editor.minimumWidth())
        return QSize(min(narrow, 260), super().minimumSizeHint().height())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        self._arrange(width >= self.WIDE_FROM)
        return (
            self.grid.heightForWidth(width)
            if self.grid.hasHeightForWidth()
            else (self.grid.sizeHint().height())
        )

    def resizeEvent(self, event: Any) -> None:
        self._arrange(self.width() >= self.WIDE_FROM)
        super().resizeEvent(event)

    def _arrange(self, wide: bool) -> None:
        if wide == self.wide or self.title is None:
            return
        self.wide = wide
        grid = self.grid
        for widget in (self.title, self.editor, self.error, self.help):
            grid.removeWidget(widget)
        if wide:
            grid.setColumnMinimumWidth(0, 230)
            grid.addWidget(self.title, 0, 0)
            grid.addWidget(self.editor, 0, 1)
            grid.addWidget(self.error, 0, 2)
            grid.addWidget(self.help, 1, 0, 1, 3)
        else:
            grid.setColumnMinimumWidth(0, 0)
            grid.addWidget(self.title, 0, 0, 1, 3)
            grid.addWidget(self.editor, 1, 0, 1, 3, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(self.error, 2, 0, 1, 3)
            grid.addWidget(self.help, 3, 0, 1, 3)

    # -- value in / value out

    def set_value(self, value: Any) -> None:
        self.editor.blockSignals(True)
        try:
            if isinstance(self.editor, QCheckBox):
                self.editor.setChecked(bool(value))
            elif isinstance(self.editor, QComboBox) and self.dotted in ORDERED_CHOICES:
                joined = ",".join(value or [])
                if self.editor.findData(joined) < 0:  # an order set in the file: kept
                    self.editor.addItem(f"As set in the file: {', '.join(value)}", joined)
                self.editor.setCurrentIndex(self.editor.findData(joined))
            elif isinstance(self.editor, QComboBox):
                self.editor.setCurrentIndex(max(0, self.editor.findData(value)))
            elif isinstance(self.editor, QLineEdit):
                self._shown = show_value(value)
                self.editor.setText(self._shown)
        finally:
            self.editor.blockSignals(False)

    def set_override(self, variable: str | None) -> None:
        """A setting forced by an environment variable for this run."""
        self.editor.setEnabled(variable is None)
        if variable:
            self.help.setText(
                QCoreApplication.translate(
                    "common",
                    "{description} Set by {variable} for this run; unset it to change it here.",
                ).format(description=t(self.info.description), variable=variable)
            )

    def _value_of(self, text: str) -> object:
        text = text.strip()
        if self.info.type.startswith("list"):
            return [part.strip() for part in text.split(",") if part.strip()]
        if not text and "None" in self.info.type:
            return None
        return text

    # -- errors

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.editor.setProperty("invalid", True)
        self._repolish()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()
        self.editor.setProperty("invalid", False)
        self._repolish()

    def _repolish(self) -> None:
        style = self.editor.style()
        style.unpolish(self.editor)
        style.polish(self.editor)

    # -- commits

    @Slot(bool)
    def _on_toggled(self, checked: bool) -> None:
        self._commit(self, checked)

    @Slot(int)
    def _on_index(self, _index: int) -> None:
        assert isinstance(self.editor, QComboBox)
        data = self.editor.currentData()
        if self.dotted in ORDERED_CHOICES:
            data = [part for part in str(data).split(",") if part]
        self._commit(self, data)

    @Slot()
    def _on_edited(self) -> None:
        assert isinstance(self.editor, QLineEdit)
        text = self.editor.text()
        if text == self._shown and not self.error.isVisible():
            return  # focus left without a change
        self._commit(self, self._value_of(text))

    def saved(self, value: Any) -> None:
        self.clear_error()
        self.set_value(value)
