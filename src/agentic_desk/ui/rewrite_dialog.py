"""The rewrite of a reply, shown as a difference from the version before it: removed
words struck through in red, added words underlined in green (colour is never the only
sign), with Keep and Discard."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.textdiff import changed_words, word_diff


def diff_html(old: str, new: str) -> str:
    """The difference as HTML (the texts are escaped: nothing in them is markup)."""
    parts: list[str] = []
    for kind, text in word_diff(old, new):
        escaped = html.escape(text).replace("\n", "<br>")
        if kind == "removed":
            parts.append(f'<s style="color:#b91c1c; background:#fee2e2">{escaped}</s>')
        elif kind == "added":
            parts.append(f'<u style="color:#15803d; background:#dcfce7">{escaped}</u>')
        else:
            parts.append(escaped)
    return "<div style='white-space: pre-wrap'>" + "".join(parts) + "</div>"


def _words(count: int) -> str:
    if count == 0:
        return QCoreApplication.translate("rewrite_dialog", "no words")
    if count == 1:
        return QCoreApplication.translate("rewrite_dialog", "1 word")
    return QCoreApplication.translate("rewrite_dialog", "{count} words").format(count=count)


class RewriteDialog(QDialog):
    """Accepted: keep the new version (it is already saved and shown). Rejected: discard it."""

    def __init__(self, old: str, new: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("rewrite_dialog", "Rewritten reply"))
        self.setObjectName("rewriteDialog")
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        removed, added = changed_words(word_diff(old, new))
        self.summary = QLabel(
            QCoreApplication.translate(
                "rewrite_dialog",
                "{added} added (underlined), {removed} removed (struck "
                "through). Keep the new version? If you keep it, the earlier one stays one click "
                "away (the arrows on the reply).",
            ).format(added=_words(added), removed=_words(removed))
        )
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.view = QTextBrowser()
        self.view.setAccessibleName(QCoreApplication.translate("rewrite_dialog", "Changes"))
        self.view.setOpenLinks(False)
        self.view.setHtml(diff_html(old, new))
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox()
        self.keep = buttons.addButton(
            QCoreApplication.translate("rewrite_dialog", "Keep the new version"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.discard = buttons.addButton(
            QCoreApplication.translate("rewrite_dialog", "Discard it"),
            QDialogButtonBox.ButtonRole.RejectRole,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.keep.setDefault(True)


__all__ = ["RewriteDialog", "diff_html"]
