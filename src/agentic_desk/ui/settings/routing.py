"""Settings → Routing: mode, default provider, fallback chain, rules (add, edit, reorder,
delete), budgets with what was spent, import/export of ``router.config.json``, and a
"try a prompt" box that shows where a message would run and why."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.atomic import atomic_write_text
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.privacy.levels import COMPLEXITY_LEVELS, PRIVACY_LEVELS, Privacy
from agentic_desk.core.routing import config as rc
from agentic_desk.core.validation import InvalidValuesError
from agentic_desk.ui import errors
from agentic_desk.ui.export_dialog import documents_folder
from agentic_desk.ui.i18n import QT_TRANSLATE_NOOP
from agentic_desk.ui.layout import FlowLayout, StackingRow
from agentic_desk.ui.settings.common import PRIVACY_LABELS, label, section_box, shown

if TYPE_CHECKING:
    from agentic_desk.ui.settings.view import SettingsView, Snapshot

MODE_TEXT = {  # translated where shown
    "rule-based": QT_TRANSLATE_NOOP(
        "routing", "Rule-based: the first rule that matches decides; else the default provider."
    ),
    "cost-optimized": QT_TRANSLATE_NOOP(
        "routing",
        "Cost-optimized: rules first; else the cheapest of the default provider "
        "and the fallback chain.",
    ),
    "privacy-first": QT_TRANSLATE_NOOP(
        "routing",
        "Privacy-first: the local model whenever it can answer; the cloud only as a fallback.",
    ),
    "manual": QT_TRANSLATE_NOOP(
        "routing", "Manual: rules are ignored; the default provider (or the one you pick) answers."
    ),
}
TRI = (
    (QT_TRANSLATE_NOOP("routing", "any"), None),
    (QT_TRANSLATE_NOOP("routing", "yes"), True),
    (QT_TRANSLATE_NOOP("routing", "no"), False),
)
# the privacy and complexity levels as the rule editor's check boxes say them (lupdate)
_LEVEL_WORDS = (
    QT_TRANSLATE_NOOP("routing", "low"),
    QT_TRANSLATE_NOOP("routing", "normal"),
    QT_TRANSLATE_NOOP("routing", "high"),
    QT_TRANSLATE_NOOP("routing", "local-only"),
    QT_TRANSLATE_NOOP("routing", "medium"),
)

# What the rule editor and the budgets box call the fields of router.config.json they
# edit, so the core's reason for refusing one reads as a sentence about that box.
RULE_FIELDS = {
    "condition.minTokens": QT_TRANSLATE_NOOP("routing", "The smallest prompt"),
    "condition.maxTokens": QT_TRANSLATE_NOOP("routing", "The largest prompt"),
    "condition.agentType": QT_TRANSLATE_NOOP("routing", "The task tags"),
    "action.provider": QT_TRANSLATE_NOOP("routing", "The provider"),
    "action.model": QT_TRANSLATE_NOOP("routing", "The model"),
    "action.temperature": QT_TRANSLATE_NOOP("routing", "Temperature"),
    "action.maxTokens": QT_TRANSLATE_NOOP("routing", "The longest reply"),
    "reason": QT_TRANSLATE_NOOP("routing", "The reason"),
}
BUDGET_FIELDS = {
    "maxCostPerRequest": QT_TRANSLATE_NOOP("routing", "Most per message ($)"),
    "budgetLimits.daily": QT_TRANSLATE_NOOP("routing", "Daily limit ($)"),
    "budgetLimits.monthly": QT_TRANSLATE_NOOP("routing", "Monthly limit ($)"),
}


def problems_text(error: AgenticDeskError, prefix: str, names: Mapping[str, str]) -> str:
    """The core's reasons for refusing a configuration, one sentence per field: a field
    under ``prefix`` (e.g. ``routing.rules[0].``) by the name the form gives it, any other
    by its path in the file. The error's message when it names no field."""
    if not isinstance(error, InvalidValuesError) or not error.problems:
        return error.message
    sentences = []
    for problem in error.problems:
        if problem.field.startswith(prefix):
            name = problem.field.removeprefix(prefix)
            shown_name = QCoreApplication.translate("routing", names.get(name, name))
            sentences.append(
                QCoreApplication.translate("routing", "{field} {problem}.").format(
                    field=shown_name, problem=problem.message
                )
            )
        else:
            sentences.append(f"{rc.describe_problem(problem)}.")
    return " ".join(sentences)


class RuleList(QListWidget):
    """The rules, reorderable by drag and drop. Signals: moved(int from_row, int to_row)
    when the selected rule is dropped on another place; the page saves the new order and
    shows the saved list (the drop itself does not rearrange the items)."""

    moved = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("rulesList")
        self.setAccessibleName(QCoreApplication.translate("routing", "Routing rules"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setWordWrap(True)

    def dropEvent(self, event: QDropEvent) -> None:
        source = self.currentRow()
        point = event.position().toPoint()
        index = self.indexAt(point)
        if index.isValid():
            target = index.row()
            rect = self.visualRect(index)
            if point.y() > rect.center().y() and target < source:
                target += 1  # the lower half of a rule above: just below it
            elif point.y() < rect.center().y() and target > source:
                target -= 1  # the upper half of a rule below: just above it
        else:
            target = self.count() - 1
        # A copy as far as Qt's drag is concerned, so it removes nothing itself.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if 0 <= source < self.count() and 0 <= target < self.count() and source != target:
            self.moved.emit(source, target)


def _number(text: str, what: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(
            QCoreApplication.translate(
                "routing", "{what} must be a number of 0 or more, or empty (got '{text}')."
            ).format(what=QCoreApplication.translate("routing", what), text=text)
        ) from None


def _whole(value: float | None) -> int | float | None:
    return int(value) if value is not None and value.is_integer() else value


def rule_text(index: int, rule: rc.Rule) -> str:
    target = rule.action.provider + (f" · {rule.action.model}" if rule.action.model else "")
    text = QCoreApplication.translate("routing", "{index}. If {condition} → {target}").format(
        index=index, condition=rule.condition.describe(), target=target
    )
    return text + (f"\n    {rule.reason}" if rule.reason else "")


class RoutingPage(QWidget):
    def __init__(self, view: SettingsView) -> None:
        super().__init__()
        self.view = view
        self.rule_index: int | None = None  # the rule in the editor; None: a new rule
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        self.router_notice = label("", "noticeBox")
        self.router_notice.hide()
        layout.addWidget(self.router_notice)

        # layout (issue 16): boxes side by side when there is room, else stacked; rows
        # of buttons and check boxes wrap
        top = StackingRow(min_each=300)
        layout.addWidget(top)
        # -- mode and default
        box, inner = section_box(QCoreApplication.translate("routing", "How messages are routed"))
        form = QFormLayout()
        self.mode = QComboBox()
        self.mode.setAccessibleName(QCoreApplication.translate("routing", "Routing mode"))
        for mode in rc.MODES:
            self.mode.addItem(mode, mode)
        self.mode.activated.connect(self._mode_chosen)
        self.default_provider = QComboBox()
        self.default_provider.setAccessibleName(
            QCoreApplication.translate("routing", "Default provider")
        )
        self.default_provider.activated.connect(self._default_chosen)
        form.addRow(QCoreApplication.translate("routing", "Mode"), self.mode)
        form.addRow(
            QCoreApplication.translate("routing", "Default provider"), self.default_provider
        )
        inner.addLayout(form)
        self.mode_help = label("", "fieldHelp")
        inner.addWidget(self.mode_help)
        inner.addStretch(1)
        top.add(box, 1)
        # -- fallback chain
        box, inner = section_box(QCoreApplication.translate("routing", "Fallback chain"))
        inner.addWidget(
            label(
                QCoreApplication.translate(
                    "routing",
                    "When the chosen provider fails before answering, these are tried in order.",
                ),
                "fieldHelp",
            )
        )
        self.fallback = QListWidget()
        self.fallback.setObjectName("fallbackList")
        self.fallback.setAccessibleName(QCoreApplication.translate("routing", "Fallback chain"))
        self.fallback.setFixedHeight(70)
        inner.addWidget(self.fallback)
        row = FlowLayout()
        self.fallback_choice = QComboBox()
        self.fallback_choice.setAccessibleName(
            QCoreApplication.translate("routing", "Provider to add to the fallback chain")
        )
        self.fallback_add = QPushButton(QCoreApplication.translate("routing", "Add"))
        self.fallback_add.clicked.connect(self.add_fallback)
        self.fallback_up = QPushButton("↑")
        self.fallback_up.setAccessibleName(
            QCoreApplication.translate("routing", "Move up in the fallback chain")
        )
        self.fallback_up.clicked.connect(lambda: self.move_fallback(-1))
        self.fallback_down = QPushButton("↓")
        self.fallback_down.setAccessibleName(
            QCoreApplication.translate("routing", "Move down in the fallback chain")
        )
        self.fallback_down.clicked.connect(lambda: self.move_fallback(1))
        self.fallback_remove = QPushButton(QCoreApplication.translate("routing", "Remove"))
        self.fallback_remove.clicked.connect(self.remove_fallback)
        for widget in (
            self.fallback_choice,
            self.fallback_add,
            self.fallback_up,
            self.fallback_down,
            self.fallback_remove,
        ):
            row.addWidget(widget)
        inner.addLayout(row)
        self.fallback_error = label("", "fieldError")
        self.fallback_error.hide()
        inner.addWidget(self.fallback_error)
        top.add(box, 1)

        # -- rules
        box, inner = section_box(QCoreApplication.translate("routing", "Rules"))
        inner.addWidget(
            label(
                QCoreApplication.translate(
                    "routing",
                    "Checked from the top; the first rule that matches sends the message. "
                    "Drag to reorder. Messages marked high privacy or local-only, and messages "
                    "with sensitive data, stay on this computer whatever a rule says.",
                ),
                "fieldHelp",
            )
        )
        rules_row = StackingRow(min_each=330)
        rules_part = QWidget()
        left = QVBoxLayout(rules_part)
        left.setContentsMargins(0, 0, 0, 0)
        self.rules = RuleList()
        self.rules.setMinimumHeight(220)
        self.rules.currentRowChanged.connect(self._rule_selected)
        self.rules.moved.connect(self._rule_dropped)
        left.addWidget(self.rules, 1)
        buttons = FlowLayout()
        self.add_rule_button = QPushButton(QCoreApplication.translate("routing", "Add rule"))
        self.add_rule_button.clicked.connect(self.new_rule)
        self.rule_up = QPushButton("↑")
        self.rule_up.setAccessibleName(QCoreApplication.translate("routing", "Move rule up"))
        self.rule_up.clicked.connect(lambda: self.move_rule(-1))
        self.rule_down = QPushButton("↓")
        self.rule_down.setAccessibleName(QCoreApplication.translate("routing", "Move rule down"))
        self.rule_down.clicked.connect(lambda: self.move_rule(1))
        self.delete_rule_button = QPushButton(QCoreApplication.translate("routing", "Delete"))
        self.delete_rule_button.clicked.connect(self.delete_rule)
        for widget in (self.add_rule_button, self.rule_up, self.rule_down, self.delete_rule_button):
            buttons.addWidget(widget)
        for arrow in (self.rule_up, self.rule_down, self.fallback_up, self.fallback_down):
            arrow.setFixedWidth(36)
        left.addLayout(buttons)
        rules_row.add(rules_part, 5)
        rules_row.add(self._build_editor(), 6)
        inner.addWidget(rules_row)
        layout.addWidget(box)

        bottom = StackingRow(min_each=300)
        layout.addWidget(bottom)
        bottom.add(self._build_budgets(), 1)
        bottom.add(self._build_files(), 1)
        layout.addWidget(self._build_try())
        layout.addStretch(1)

    # ---- building ----------------------------------------------------------------------------

    def _build_editor(self) -> QWidget:
        editor = QWidget()
        editor.setObjectName("ruleEditor")
        grid = QGridLayout(editor)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.editor_title = label(QCoreApplication.translate("routing", "New rule"), "fieldLabel")
        grid.addWidget(self.editor_title, 0, 0, 1, 4)
        grid.addWidget(
            label(QCoreApplication.translate("routing", "When privacy is"), "fieldHelp"), 1, 0
        )
        privacy_row = FlowLayout(spacing=10)
        self.cond_privacy: dict[str, QCheckBox] = {}
        for level in PRIVACY_LEVELS:
            box = QCheckBox(QCoreApplication.translate("routing", level.replace("_", "-")))
            box.setAccessibleName(
                QCoreApplication.translate("routing", "Privacy {level}").format(level=level)
            )
            self.cond_privacy[level] = box
            privacy_row.addWidget(box)
        grid.addLayout(privacy_row, 1, 1, 1, 3)
        grid.addWidget(
            label(QCoreApplication.translate("routing", "and complexity is"), "fieldHelp"), 2, 0
        )
        complexity_row = FlowLayout(spacing=10)
        self.cond_complexity: dict[str, QCheckBox] = {}
        for level in COMPLEXITY_LEVELS:
            box = QCheckBox(QCoreApplication.translate("routing", level))
            box.setAccessibleName(
                QCoreApplication.translate("routing", "Complexity {level}").format(level=level)
            )
            self.cond_complexity[level] = box
            complexity_row.addWidget(box)
        grid.addLayout(complexity_row, 2, 1, 1, 3)

        def tri(name: str) -> QComboBox:
            combo = QComboBox()
            combo.setAccessibleName(name)
            for text, value in TRI:
                combo.addItem(QCoreApplication.translate("routing", text), value)
            return combo

        self.cond_local_only = tri(QCoreApplication.translate("routing", "Local-only"))
        self.cond_sensitive = tri(QCoreApplication.translate("routing", "Sensitive data found"))
        self.cond_budget = QComboBox()
        self.cond_budget.setAccessibleName(QCoreApplication.translate("routing", "Budget"))
        for text, value in (
            (QCoreApplication.translate("routing", "any"), None),
            (QCoreApplication.translate("routing", "within budget"), "ok"),
            (QCoreApplication.translate("routing", "over budget"), "exceeded"),
        ):
            self.cond_budget.addItem(text, value)
        self.cond_tags = QLineEdit()
        self.cond_tags.setAccessibleName(QCoreApplication.translate("routing", "Task tags"))
        self.cond_tags.setPlaceholderText(
            QCoreApplication.translate("routing", "any; e.g. coder, research")
        )
        self.cond_min = QLineEdit()
        self.cond_min.setAccessibleName(
            QCoreApplication.translate("routing", "At least this many prompt tokens")
        )
        self.cond_min.setPlaceholderText(QCoreApplication.translate("routing", "any"))
        self.cond_max = QLineEdit()
        self.cond_max.setAccessibleName(
            QCoreApplication.translate("routing", "At most this many prompt tokens")
        )
        self.cond_max.setPlaceholderText(QCoreApplication.translate("routing", "any"))
        pairs = (
            (
                QCoreApplication.translate("routing", "local-only"),
                self.cond_local_only,
                QCoreApplication.translate("routing", "sensitive data"),
                self.cond_sensitive,
            ),
            (
                QCoreApplication.translate("routing", "budget"),
                self.cond_budget,
                QCoreApplication.translate("routing", "task tags"),
                self.cond_tags,
            ),
            (
                QCoreApplication.translate("routing", "prompt ≥ tokens"),
                self.cond_min,
                QCoreApplication.translate("routing", "prompt ≤ tokens"),
                self.cond_max,
            ),
        )
        for offset, (a, wa, b, wb) in enumerate(pairs):
            grid.addWidget(label(a, "fieldHelp"), 3 + offset, 0)
            grid.addWidget(wa, 3 + offset, 1)
            grid.addWidget(label(b, "fieldHelp"), 3 + offset, 2)
            grid.addWidget(wb, 3 + offset, 3)
        grid.addWidget(
            label(QCoreApplication.translate("routing", "then send to"), "fieldLabel"), 6, 0
        )
        self.action_provider = QComboBox()
        self.action_provider.setAccessibleName(
            QCoreApplication.translate("routing", "Send to provider")
        )
        self.action_model = QLineEdit()
        self.action_model.setAccessibleName(QCoreApplication.translate("routing", "Model"))
        self.action_model.setPlaceholderText(
            QCoreApplication.translate("routing", "the provider's model")
        )
        grid.addWidget(self.action_provider, 6, 1)
        grid.addWidget(label(QCoreApplication.translate("routing", "model"), "fieldHelp"), 6, 2)
        grid.addWidget(self.action_model, 6, 3)
        self.action_temperature = QLineEdit()
        self.action_temperature.setAccessibleName(
            QCoreApplication.translate("routing", "Temperature")
        )
        self.action_temperature.setPlaceholderText(QCoreApplication.translate("routing", "default"))
        self.action_max_tokens = QLineEdit()
        self.action_max_tokens.setAccessibleName(
            QCoreApplication.translate("routing", "Longest reply (tokens)")
        )
        self.action_max_tokens.setPlaceholderText(QCoreApplication.translate("routing", "default"))
        grid.addWidget(
            label(QCoreApplication.translate("routing", "temperature"), "fieldHelp"), 7, 0
        )
        grid.addWidget(self.action_temperature, 7, 1)
        grid.addWidget(
            label(QCoreApplication.translate("routing", "reply ≤ tokens"), "fieldHelp"), 7, 2
        )
        grid.addWidget(self.action_max_tokens, 7, 3)
        grid.addWidget(label(QCoreApplication.translate("routing", "reason"), "fieldHelp"), 8, 0)
        self.rule_reason = QLineEdit()
        self.rule_reason.setAccessibleName(QCoreApplication.translate("routing", "Reason"))
        self.rule_reason.setPlaceholderText(
            QCoreApplication.translate("routing", "shown with each reply, e.g. hard questions")
        )
        grid.addWidget(self.rule_reason, 8, 1, 1, 3)
        save_row = QHBoxLayout()
        self.save_rule_button = QPushButton(QCoreApplication.translate("routing", "Save rule"))
        self.save_rule_button.setObjectName("primaryButton")
        self.save_rule_button.clicked.connect(self.save_rule)
        save_row.addWidget(self.save_rule_button)
        save_row.addStretch(1)
        grid.addLayout(save_row, 9, 0, 1, 4)
        self.rule_error = label("", "fieldError")
        self.rule_error.hide()
        grid.addWidget(self.rule_error, 10, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return editor

    def _build_budgets(self) -> QWidget:
        box, inner = section_box(QCoreApplication.translate("routing", "Budgets"))
        inner.addWidget(
            label(
                QCoreApplication.translate(
                    "routing",
                    "Past a limit, cloud routes are refused and messages run locally. "
                    "Empty: no limit.",
                ),
                "fieldHelp",
            )
        )
        form = QFormLayout()
        self.budget_fields: dict[str, QLineEdit] = {}
        for key, text in (
            ("max_cost_per_request", QCoreApplication.translate("routing", "Most per message ($)")),
            ("daily", QCoreApplication.translate("routing", "Daily limit ($)")),
            ("monthly", QCoreApplication.translate("routing", "Monthly limit ($)")),
        ):
            edit = QLineEdit()
            edit.setAccessibleName(text)
            edit.setPlaceholderText(QCoreApplication.translate("routing", "no limit"))
            edit.editingFinished.connect(self.save_budgets)
            self.budget_fields[key] = edit
            form.addRow(text, edit)
        inner.addLayout(form)
        self.spend = label("", "spendText")
        inner.addWidget(self.spend)
        self.budget_error = label("", "fieldError")
        self.budget_error.hide()
        inner.addWidget(self.budget_error)
        return box

    def _build_files(self) -> QWidget:
        box, inner = section_box(QCoreApplication.translate("routing", "router.config.json"))
        inner.addWidget(
            label(
                QCoreApplication.translate(
                    "routing",
                    "agentic-flow's format. Keys are never written to the file; a key found in an "
                    "imported file is moved into the system keyring.",
                ),
                "fieldHelp",
            )
        )
        row = QHBoxLayout()
        self.import_button = QPushButton(QCoreApplication.translate("routing", "Import…"))
        self.import_button.clicked.connect(lambda _c=False: self.import_config())
        self.export_button = QPushButton(QCoreApplication.translate("routing", "Export…"))
        self.export_button.clicked.connect(lambda _c=False: self.export_config())
        row.addWidget(self.import_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        inner.addLayout(row)
        self.file_result = label("", "fileResult")
        self.file_result.hide()
        inner.addWidget(self.file_result)
        inner.addStretch(1)
        return box

    def _build_try(self) -> QWidget:
        box, inner = section_box(QCoreApplication.translate("routing", "Try a prompt"))
        row = QHBoxLayout()
        self.try_prompt = QPlainTextEdit()
        self.try_prompt.setObjectName("tryPrompt")
        self.try_prompt.setAccessibleName(QCoreApplication.translate("routing", "Prompt to try"))
        self.try_prompt.setPlaceholderText(
            QCoreApplication.translate(
                "routing", "Type a message to see where it would run, and why"
            )
        )
        self.try_prompt.setFixedHeight(64)
        row.addWidget(self.try_prompt, 1)
        side = QVBoxLayout()
        self.try_privacy = QComboBox()
        self.try_privacy.setAccessibleName(
            QCoreApplication.translate("routing", "Privacy of the prompt")
        )
        for privacy in Privacy:
            self.try_privacy.addItem(
                QCoreApplication.translate("routing", "Privacy: {level}").format(
                    level=shown(PRIVACY_LABELS[privacy])
                ),
                privacy.value,
            )
        self.try_privacy.setCurrentIndex(self.try_privacy.findData(Privacy.NORMAL.value))
        self.try_complexity = QComboBox()
        self.try_complexity.setAccessibleName(
            QCoreApplication.translate("routing", "Complexity of the prompt")
        )
        self.try_complexity.addItem(
            QCoreApplication.translate("routing", "Complexity: estimate"), None
        )
        for level in COMPLEXITY_LEVELS:
            self.try_complexity.addItem(
                QCoreApplication.translate("routing", "Complexity: {level}").format(
                    level=QCoreApplication.translate("routing", level)
                ),
                level,
            )
        self.try_button = QPushButton(QCoreApplication.translate("routing", "Where would it run?"))
        self.try_button.clicked.connect(self.explain_prompt)
        side.addWidget(self.try_privacy)
        side.addWidget(self.try_complexity)
        side.addWidget(self.try_button)
        row.addLayout(side)
        inner.addLayout(row)
        self.try_result = label("", "tryResult")
        self.try_result.hide()
        inner.addWidget(self.try_result)
        return box

    # ---- showing -----------------------------------------------------------------------------

    def show_snapshot(self, snap: Snapshot) -> None:
        if snap.router_error is not None:
            self.router_notice.setText(
                errors.error_text(snap.router_error)
                + "\n"
                + QCoreApplication.translate(
                    "routing",
                    "Until it is fixed, the routing shown here is the default (everything local).",
                )
            )
            self.router_notice.show()
        else:
            self.router_notice.hide()
        self.router_saved(snap.router)

    def router_saved(self, config: rc.RouterConfig) -> None:
        names = [rc.LOCAL, *[n for n, e in config.providers.items() if not e.is_local]]
        self.mode.setCurrentIndex(max(0, self.mode.findData(config.mode)))
        self.mode_help.setText(
            QCoreApplication.translate("routing", MODE_TEXT.get(config.mode, ""))
        )
        for combo, chosen in (
            (self.default_provider, config.default_provider),
            (self.action_provider, self.action_provider.currentData()),
            (self.fallback_choice, self.fallback_choice.currentData()),
        ):
            combo.blockSignals(True)
            combo.clear()
            for name in names:
                combo.addItem(name, name)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)
        row = self.fallback.currentRow()
        self.fallback.clear()
        self.fallback.addItems(list(config.fallback_chain))
        self.fallback.setCurrentRow(min(row, self.fallback.count() - 1))
        keep = self.rule_index
        self.rules.blockSignals(True)
        self.rules.clear()
        for index, rule in enumerate(config.rules):
            item = QListWidgetItem(rule_text(index + 1, rule))
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.rules.addItem(item)
        self.rules.blockSignals(False)
        if keep is not None and keep < len(config.rules):
            self.rules.setCurrentRow(keep)
            self._fill_editor(keep, config.rules[keep])
        budgets = config.budgets
        for key, edit in self.budget_fields.items():
            value = getattr(budgets, key)
            edit.setText("" if value is None else f"{value:g}")
        self._show_spend()

    def _show_spend(self) -> None:
        snap = self.view.snapshot
        if snap is None:
            return
        budgets = self.view.router.budgets

        def of(limit: float | None) -> str:
            if limit is None:
                return QCoreApplication.translate("routing", " (no limit)")
            return QCoreApplication.translate("routing", " of ${limit}").format(
                limit=f"{limit:.2f}"
            )

        self.spend.setText(
            QCoreApplication.translate(
                "routing", "Spent so far: ${today} today{of_day}, ${month} this month{of_month}."
            ).format(
                today=f"{snap.spent_today:.4f}",
                of_day=of(budgets.daily),
                month=f"{snap.spent_month:.4f}",
                of_month=of(budgets.monthly),
            )
        )

    # ---- mode, default, fallback -------------------------------------------------------------

    def _save(
        self, config: rc.RouterConfig, refused: Callable[[AgenticDeskError], None] | None = None
    ) -> None:
        self.view.save_router(config, refused=refused)

    @Slot(int)
    def _mode_chosen(self, _index: int) -> None:
        self.mode_help.setText(
            QCoreApplication.translate("routing", MODE_TEXT.get(str(self.mode.currentData()), ""))
        )
        self._save(replace(self.view.router, mode=str(self.mode.currentData())))

    @Slot(int)
    def _default_chosen(self, _index: int) -> None:
        self._save(
            replace(self.view.router, default_provider=str(self.default_provider.currentData()))
        )

    def _fallback_error(self, text: str) -> None:
        self.fallback_error.setText(text)
        self.fallback_error.show()

    @Slot()
    def add_fallback(self) -> None:
        self.fallback_error.hide()
        name = str(self.fallback_choice.currentData())
        chain = self.view.router.fallback_chain
        if name in chain:
            self._fallback_error(
                QCoreApplication.translate("routing", "{name} is already in the chain.").format(
                    name=name
                )
            )
            return
        self._save(
            replace(self.view.router, fallback_chain=(*chain, name)),
            lambda error: self._fallback_error(error.message),
        )

    @Slot()
    def remove_fallback(self) -> None:
        self.fallback_error.hide()
        row = self.fallback.currentRow()
        chain = list(self.view.router.fallback_chain)
        if not 0 <= row < len(chain):
            self._fallback_error(
                QCoreApplication.translate("routing", "Select a provider in the chain first.")
            )
            return
        del chain[row]
        self._save(replace(self.view.router, fallback_chain=tuple(chain)))

    def move_fallback(self, step: int) -> None:
        self.fallback_error.hide()
        row = self.fallback.currentRow()
        chain = list(self.view.router.fallback_chain)
        target = row + step
        if not (0 <= row < len(chain) and 0 <= target < len(chain)):
            return
        chain[row], chain[target] = chain[target], chain[row]
        self.fallback.setCurrentRow(target)
        self._save(replace(self.view.router, fallback_chain=tuple(chain)))

    # ---- rules -------------------------------------------------------------------------------

    @Slot(int)
    def _rule_selected(self, row: int) -> None:
        rules = self.view.router.rules
        if 0 <= row < len(rules):
            self._fill_editor(row, rules[row])

    def _fill_editor(self, index: int, rule: rc.Rule) -> None:
        self.rule_index = index
        self.editor_title.setText(
            QCoreApplication.translate("routing", "Rule {number}").format(number=index + 1)
        )
        self.rule_error.hide()
        c, a = rule.condition, rule.action
        for level, box in self.cond_privacy.items():
            box.setChecked(bool(c.privacy) and level in (c.privacy or ()))
        for level, box in self.cond_complexity.items():
            box.setChecked(bool(c.complexity) and level in (c.complexity or ()))
        self.cond_local_only.setCurrentIndex(self.cond_local_only.findData(c.local_only))
        self.cond_sensitive.setCurrentIndex(self.cond_sensitive.findData(c.sensitive))
        self.cond_budget.setCurrentIndex(max(0, self.cond_budget.findData(c.budget)))
        self.cond_tags.setText(", ".join(c.tags or ()))
        self.cond_min.setText("" if c.min_tokens is None else str(c.min_tokens))
        self.cond_max.setText("" if c.max_tokens is None else str(c.max_tokens))
        if self.action_provider.findData(a.provider) < 0:
            self.action_provider.addItem(a.provider, a.provider)
        self.action_provider.setCurrentIndex(self.action_provider.findData(a.provider))
        self.action_model.setText(a.model or "")
        self.action_temperature.setText("" if a.temperature is None else f"{a.temperature:g}")
        self.action_max_tokens.setText("" if a.max_tokens is None else str(a.max_tokens))
        self.rule_reason.setText(rule.reason)

    @Slot()
    def new_rule(self) -> None:
        """Empty the editor for a new rule (added at the end by Save rule)."""
        self.rule_index = None
        self.rules.setCurrentRow(-1)
        self.editor_title.setText(QCoreApplication.translate("routing", "New rule"))
        self.rule_error.hide()
        for box in (*self.cond_privacy.values(), *self.cond_complexity.values()):
            box.setChecked(False)
        for combo in (self.cond_local_only, self.cond_sensitive, self.cond_budget):
            combo.setCurrentIndex(0)
        for edit in (
            self.cond_tags,
            self.cond_min,
            self.cond_max,
            self.action_model,
            self.action_temperature,
            self.action_max_tokens,
            self.rule_reason,
        ):
            edit.clear()
        self.action_provider.setCurrentIndex(0)

    def rule_json(self) -> dict[str, Any]:
        """The editor's rule in agentic-flow's JSON; ValueError for a number that is not one."""
        cond: dict[str, Any] = {}
        privacy = [level for level, box in self.cond_privacy.items() if box.isChecked()]
        if privacy:
            cond["privacy"] = privacy
        complexity = [level for level, box in self.cond_complexity.items() if box.isChecked()]
        if complexity:
            cond["complexity"] = complexity
        for key, combo in (
            ("localOnly", self.cond_local_only),
            ("sensitive", self.cond_sensitive),
            ("budget", self.cond_budget),
        ):
            if combo.currentData() is not None:
                cond[key] = combo.currentData()
        tags = [t.strip() for t in self.cond_tags.text().split(",") if t.strip()]
        if tags:
            cond["agentType"] = tags
        for key, edit, what in (
            ("minTokens", self.cond_min, QT_TRANSLATE_NOOP("routing", "The smallest prompt")),
            ("maxTokens", self.cond_max, QT_TRANSLATE_NOOP("routing", "The largest prompt")),
        ):
            value = _number(edit.text(), what)
            if value is not None:
                cond[key] = _whole(value)
        action: dict[str, Any] = {"provider": str(self.action_provider.currentData())}
        if self.action_model.text().strip():
            action["model"] = self.action_model.text().strip()
        temperature = _number(
            self.action_temperature.text(), QT_TRANSLATE_NOOP("routing", "Temperature")
        )
        if temperature is not None:  # its limit is the core's (refused on save)
            action["temperature"] = _whole(temperature)
        max_tokens = _number(
            self.action_max_tokens.text(), QT_TRANSLATE_NOOP("routing", "The longest reply")
        )
        if max_tokens is not None:
            action["maxTokens"] = _whole(max_tokens)
        return {"condition": cond, "action": action, "reason": self.rule_reason.text().strip()}

    def _rule_error(self, text: str) -> None:
        self.rule_error.setText(text)
        self.rule_error.show()

    @Slot()
    def save_rule(self) -> None:
        """Check the rule as an import would (the core's words for a bad field) and save."""
        self.rule_error.hide()
        config = self.view.router
        try:
            raw = self.rule_json()
        except ValueError as exc:
            self._rule_error(str(exc))
            return
        data = rc.to_json(config)
        rules = data["routing"]["rules"]
        index = self.rule_index if self.rule_index is not None else len(rules)
        if index < len(rules):
            rules[index] = raw
        else:
            rules.append(raw)
        prefix = f"routing.rules[{index}]."

        def refused(error: AgenticDeskError) -> None:
            self._rule_error(problems_text(error, prefix, RULE_FIELDS))

        try:
            updated = rc.parse_config(data)
        except AgenticDeskError as exc:
            refused(exc)
            return
        self.rule_index = index
        self._save(updated, refused)

    def move_rule(self, step: int) -> None:
        row = self.rules.currentRow()
        rules = list(self.view.router.rules)
        target = row + step
        if not (0 <= row < len(rules) and 0 <= target < len(rules)):
            return
        rules[row], rules[target] = rules[target], rules[row]
        self.rule_index = target
        self._save(replace(self.view.router, rules=tuple(rules)))

    @Slot(int, int)
    def _rule_dropped(self, source: int, target: int) -> None:
        rules = list(self.view.router.rules)
        if not (0 <= source < len(rules) and 0 <= target < len(rules)):
            return
        rules.insert(target, rules.pop(source))
        self.rule_index = target
        self._save(replace(self.view.router, rules=tuple(rules)))

    @Slot()
    def delete_rule(self) -> None:
        row = self.rules.currentRow()
        rules = list(self.view.router.rules)
        if not 0 <= row < len(rules):
            self._rule_error(QCoreApplication.translate("routing", "Select a rule to delete."))
            return
        del rules[row]
        self.new_rule()
        self._save(replace(self.view.router, rules=tuple(rules)))

    # ---- budgets -----------------------------------------------------------------------------

    @Slot()
    def save_budgets(self) -> None:
        self.budget_error.hide()
        values: dict[str, float | None] = {}
        try:
            for key, edit in self.budget_fields.items():
                values[key] = _number(edit.text(), edit.accessibleName())
        except ValueError as exc:
            self.budget_error.setText(str(exc))
            self.budget_error.show()
            return
        budgets = rc.Budgets(**values)
        if budgets == self.view.router.budgets:
            return

        def refused(error: AgenticDeskError) -> None:
            self.budget_error.setText(problems_text(error, "costOptimization.", BUDGET_FIELDS))
            self.budget_error.show()

        self._save(replace(self.view.router, budgets=budgets), refused)

    # ---- import / export ---------------------------------------------------------------------

    def _file_result(self, ok: bool, text: str) -> None:
        self.file_result.setText(text)
        self.file_result.setProperty("ok", ok)
        style = self.file_result.style()
        style.unpolish(self.file_result)
        style.polish(self.file_result)
        self.file_result.show()

    def import_config(self, path: str | None = None) -> None:
        """Replace the routing configuration with a ``router.config.json`` (a file dialog
        asks when ``path`` is None). A file that is not valid changes nothing."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                QCoreApplication.translate("routing", "Import router.config.json"),
                str(documents_folder()),
                QCoreApplication.translate("routing", "Routing configuration (*.json)"),
            )
            if not path:
                return
        context = self.view.context

        def read() -> tuple[rc.RouterConfig, list[str]]:
            data = rc.read_config_file(
                Path(path),
                what=QCoreApplication.translate("routing", "The file"),
                name=Path(path).name,
                hint=QCoreApplication.translate(
                    "routing",
                    "Fix the file and import it again, or choose another. Nothing was changed.",
                ),
            )
            keys: list[tuple[str, str]] = []
            notices: list[str] = []
            # check everything first; only a file that is valid throughout stores keys
            config = rc.parse_config(
                data, store_key=lambda name, key: keys.append((name, key)), notices=notices
            )
            if keys:
                secrets = context.secrets()
                for name, key in keys:
                    secrets.set(name, key)
            context.save_router(config)
            return config, notices

        def done(result: tuple[rc.RouterConfig, list[str]]) -> None:
            config, notices = result
            self.rule_index = None
            if self.view.snapshot is not None:
                self.view.snapshot.router = config
                self.view.snapshot.router_error = None
                self.show_snapshot(self.view.snapshot)
            self.view.providers.router_saved(config)
            self.view.providers.refresh_key_state()
            self._file_result(
                True,
                " ".join(
                    [
                        QCoreApplication.translate(
                            "routing",
                            "Imported {rules} rules and {providers} providers from {file}.",
                        ).format(
                            rules=len(config.rules),
                            providers=len(config.providers),
                            file=Path(path).name,
                        ),
                        *notices,
                    ]
                ),
            )
            self.view.router_changed.emit()

        def failed(error: AgenticDeskError) -> None:
            self._file_result(False, errors.error_text(error))

        self.view.io("import", read, then=done, fail=failed)

    def export_config(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                QCoreApplication.translate("routing", "Export router.config.json"),
                str(documents_folder() / "router.config.json"),
                QCoreApplication.translate("routing", "Routing configuration (*.json)"),
            )
            if not path:
                return
        text = json.dumps(rc.to_json(self.view.router), indent=2) + "\n"

        def write() -> None:
            try:
                atomic_write_text(Path(path), text)
            except OSError as exc:
                raise AgenticDeskError(
                    QCoreApplication.translate(
                        "routing", "{path} could not be written ({reason})."
                    ).format(path=path, reason=exc.strerror or exc),
                    QCoreApplication.translate("routing", "Choose another folder."),
                ) from None

        self.view.io(
            "export",
            write,
            then=lambda _r: self._file_result(
                True,
                QCoreApplication.translate(
                    "routing",
                    "Exported to {path}. Keys are written as references, never themselves.",
                ).format(path=path),
            ),
            fail=lambda e: self._file_result(False, errors.error_text(e)),
        )

    # ---- try a prompt ------------------------------------------------------------------------

    @Slot()
    def explain_prompt(self) -> None:
        text = self.try_prompt.toPlainText().strip()
        if not text:
            self._show_try([QCoreApplication.translate("routing", "Type a message first.")], False)
            return
        view = self.view
        config = view.router
        settings = view.effective
        privacy = str(self.try_privacy.currentData())
        complexity = self.try_complexity.currentData()

        def plan() -> list[str]:
            from agentic_desk.core.chat import ChatRequest, ChatService
            from agentic_desk.core.engine.protocol import ChatMessage
            from agentic_desk.core.routing.router import explain

            service = ChatService(
                engine=None,
                router_config=config,
                cloud_enabled=settings.cloud.enabled,
                keys=view.context.key_lookup(),
                prices=view.context.prices(),
                ledger=view.context.ledger(),
                detector_enabled=settings.privacy.detector_enabled,
                assume_local_model=True,
            )
            result = service.plan(
                ChatRequest([ChatMessage("user", text)], privacy=privacy, complexity=complexity)
            )
            lines = explain(result.decision)
            return [lines[0], *([result.notice] if result.notice else []), *lines[1:]]

        view.io(
            "explain",
            plan,
            then=lambda lines: self._show_try(lines, True),
            fail=lambda e: self._show_try(errors.error_text(e).splitlines(), False),
        )

    def _show_try(self, lines: list[str], ok: bool) -> None:
        from html import escape

        head, *rest = [line for line in lines if line]
        html = f"<b>{escape(head)}</b>" + "".join(f"<br>{escape(line)}" for line in rest)
        self.try_result.setTextFormat(Qt.TextFormat.RichText)
        self.try_result.setText(html)
        self.try_result.setProperty("ok", ok)
        self.try_result.setToolTip("\n".join(lines))
        self.try_result.show()

    def try_text(self) -> str:
        return self.try_result.toolTip()


__all__ = ["RoutingPage", "rule_text"]
