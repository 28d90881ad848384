"""The one way a conversation's sticky privacy is lowered: a dialog that lists what the
conversation holds (kinds and places, never the values), says what could then leave this
computer, and asks to confirm (see :mod:`agentic_desk.core.conversations.sticky`)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.privacy.levels import Privacy
from agentic_desk.ui.settings.common import PRIVACY_LABELS

LOWER_TITLE = "Lower this conversation's privacy?"


def lowering_text(listed: Sequence[str], earlier: Sequence[str], level: str) -> str:
    """The dialog's text (HTML): what was found, where, and what lowering means."""
    try:
        name = PRIVACY_LABELS[Privacy.parse(level)]
    except (KeyError, ValueError):
        name = level
    items = "".join(f"<li>{escape(line)}</li>" for line in listed)
    parts = ["<p>This conversation stays on this computer because of what it holds:</p>"]
    if items:
        parts.append(f"<ul>{items}</ul>")
    if earlier:
        old = "".join(f"<li>{escape(line)}</li>" for line in earlier)
        parts.append(f"<p>Found earlier (since edited or removed):</p><ul>{old}</ul>")
    parts.append(
        f"<p><b>At “{escape(name)}”, the whole conversation — these messages included — "
        "can leave this computer:</b> when cloud providers are on, your next message and the "
        "conversation before it may be sent to a cloud provider a routing rule picks.</p>"
        "<p>Your choice is recorded. New sensitive data raises the privacy again.</p>"
    )
    return "".join(parts)


class LowerPrivacyDialog(QDialog):
    """Accept: lower the level; anything else keeps it."""

    def __init__(
        self,
        listed: Sequence[str],
        earlier: Sequence[str],
        level: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lowerPrivacyDialog")
        self.setWindowTitle(LOWER_TITLE)
        self.setModal(True)
        self.setFixedWidth(560)
        self.listed = list(listed)
        self.earlier = list(earlier)
        self.level = level
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        heading = QLabel(LOWER_TITLE)
        heading.setObjectName("consentTitle")
        layout.addWidget(heading)
        self.text = QLabel(lowering_text(listed, earlier, level))
        self.text.setObjectName("consentText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.text)
        self.ensurePolished()  # the style sheet's font decides the height
        self.text.ensurePolished()
        margins = layout.contentsMargins()
        self.text.setMinimumHeight(self.text.heightForWidth(560 - margins.left() - margins.right()))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.keep_button = QPushButton(
            QCoreApplication.translate("privacy_dialog", "Keep it on this computer")
        )
        self.lower_button = QPushButton(
            QCoreApplication.translate("privacy_dialog", "Lower privacy")
        )
        self.lower_button.setObjectName("primaryButton")
        self.keep_button.setDefault(True)  # Enter lowers nothing
        self.keep_button.setAutoDefault(True)
        self.lower_button.setAutoDefault(False)
        self.keep_button.clicked.connect(self.reject)
        self.lower_button.clicked.connect(self.accept)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.lower_button)
        layout.addLayout(buttons)

    def plain_text(self) -> str:
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.text.text())
        return doc.toPlainText()


__all__ = ["LOWER_TITLE", "LowerPrivacyDialog", "lowering_text"]
