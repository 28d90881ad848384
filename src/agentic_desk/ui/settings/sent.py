"""Settings → What left this computer: the record of every request sent to a cloud
provider (:mod:`agentic_desk.core.audit`), newest first, and checking its hash chain.
Reading and checking run on the view's job runner; ``work_done("audit")`` and
``work_done("verify")`` say when each is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.audit import AuditEntry, Verification, empty_text, size_text
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.ui import errors
from agentic_desk.ui.i18n import QT_TRANSLATE_NOOP, plural
from agentic_desk.ui.icons import set_mark
from agentic_desk.ui.settings.common import label, section_box

if TYPE_CHECKING:
    from agentic_desk.ui.settings.view import SettingsView, Snapshot

COLUMNS = (
    QT_TRANSLATE_NOOP("sent", "Time"),
    QT_TRANSLATE_NOOP("sent", "Provider"),
    QT_TRANSLATE_NOOP("sent", "Model"),
    QT_TRANSLATE_NOOP("sent", "Reason"),
    QT_TRANSLATE_NOOP("sent", "Size"),
    QT_TRANSLATE_NOOP("sent", "Outcome"),
    QT_TRANSLATE_NOOP("sent", "Hash"),
)


OUTCOMES = {
    "completed": QT_TRANSLATE_NOOP("sent", "completed"),
    "cancelled": QT_TRANSLATE_NOOP("sent", "cancelled"),
    "error": QT_TRANSLATE_NOOP("sent", "error"),
}


def outcome_text(outcome: str) -> str:
    """A request's outcome as written in the record ("completed", "error: timeout") in the
    window's language (the error's kind is a code word and stays as it is)."""
    word, sep, kind = outcome.partition(": ")
    if word not in OUTCOMES:
        return outcome
    return QCoreApplication.translate("sent", OUTCOMES[word]) + sep + kind


def time_text(iso: str) -> str:
    """ "2026-12-06 12:01:44 UTC" from the entry's ISO time (as written, if unusual)."""
    date, _, rest = iso.partition("T")
    return f"{date} {rest[:8]} UTC" if rest else iso


class SentPage(QWidget):
    def __init__(self, view: SettingsView) -> None:
        super().__init__()
        self.view = view
        self.cloud_enabled = view.effective.cloud.enabled
        self.entries: list[AuditEntry] = []
        self.verification: Verification | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        box, inner = section_box(QCoreApplication.translate("sent", "What left this computer"))
        inner.addWidget(
            label(
                QCoreApplication.translate(
                    "sent",
                    "Every request sent to a cloud provider is recorded here: when, to which "
                    "provider and model, why routing sent it there, how much was sent, how it "
                    "ended, and a fingerprint (sha256) of exactly the bytes sent. The text of "
                    "your messages is never recorded. Each entry includes the one before it, so "
                    "a changed, removed or reordered entry shows up when you press Verify.",
                ),
                "fieldHelp",
            )
        )
        self.summary = label("", "sentSummary")
        inner.addWidget(self.summary)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("sentTable")
        self.table.setAccessibleName(
            QCoreApplication.translate("sent", "Requests sent to cloud providers, newest first")
        )
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("sent", name) for name in COLUMNS]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(220)
        inner.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.refresh_button = QPushButton(QCoreApplication.translate("sent", "Refresh"))
        self.refresh_button.setAccessibleName(
            QCoreApplication.translate("sent", "Read the record again")
        )
        self.refresh_button.clicked.connect(self.refresh)
        self.verify_button = QPushButton(QCoreApplication.translate("sent", "Verify"))
        self.verify_button.setAccessibleName(
            QCoreApplication.translate("sent", "Check that no entry was changed or removed")
        )
        self.verify_button.clicked.connect(self.verify)
        row.addWidget(self.refresh_button)
        row.addWidget(self.verify_button)
        row.addStretch(1)
        inner.addLayout(row)
        self.result = label("", "verifyResult")
        self.result.hide()
        inner.addWidget(self.result)
        layout.addWidget(box, 1)
        layout.addStretch(0)  # takes the room instead of the card while the table is hidden
        self._layout = layout

    # ---- reading -------------------------------------------------------------------------

    def show_snapshot(self, snap: Snapshot) -> None:
        self.cloud_enabled = snap.effective.cloud.enabled
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        audit = self.view.context.audit_log()

        def read() -> list[AuditEntry]:
            audit.recover()  # requests of a process that stopped mid-reply: "interrupted"
            return audit.list()

        self.view.io("audit", read, then=self.show_entries)

    def show_entries(self, entries: list[AuditEntry]) -> None:
        self.entries = list(reversed(entries))  # newest first
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            cells = (
                time_text(e.time),
                e.provider,
                e.model,
                e.reason,
                size_text(e.chars, e.tokens, e.tokens_reported),
                outcome_text(e.outcome),
                e.short_hash,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 6:
                    item.setToolTip(
                        QCoreApplication.translate(
                            "sent", "entry hash {hash}\nbody sha256 {body}"
                        ).format(hash=e.hash, body=e.body_sha256)
                    )
                elif column == 3 and e.conversation_id:
                    item.setToolTip(
                        QCoreApplication.translate("sent", "conversation {id}").format(
                            id=e.conversation_id
                        )
                    )
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
        if self.entries:
            count = len(self.entries)
            self.summary.setText(
                plural(
                    self.tr("%n request(s) sent to cloud providers.", "", count),
                    count,
                )
            )
            self.table.show()
        else:
            self.summary.setText(empty_text(self.cloud_enabled))
            self.table.hide()
        self._layout.setStretch(0, 1 if self.entries else 0)
        self._layout.setStretch(1, 0 if self.entries else 1)

    # ---- checking ------------------------------------------------------------------------

    @Slot()
    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        audit = self.view.context.audit_log()
        self.view.io("verify", audit.verify, then=self.show_verification, fail=self._failed)

    def show_verification(self, result: Verification) -> None:
        self.verification = result
        self.verify_button.setEnabled(True)
        errors.show_message(self.result, result.describe())
        set_mark(self.result, "check" if result.ok else "warning")
        self.result.setProperty("ok", result.ok)
        style = self.result.style()
        style.unpolish(self.result)
        style.polish(self.result)

    def _failed(self, error: AgenticDeskError) -> None:
        self.verify_button.setEnabled(True)
        self.view.show_error(error)
