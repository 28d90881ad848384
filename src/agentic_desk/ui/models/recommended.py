"""The "Recommended for this computer" card: the catalog's best fit here, the button that
gets it, and the other ways in (import a folder, ask Hugging Face again)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout

from agentic_desk.core.models.manager import CatalogState
from agentic_desk.core.models.store import InstalledModel
from agentic_desk.ui.layout import FlowLayout
from agentic_desk.ui.models.common import size_text

if TYPE_CHECKING:
    from agentic_desk.ui.models.panel import ModelsPanel


class RecommendedCard(QFrame):
    def __init__(self, panel: ModelsPanel) -> None:
        super().__init__()
        self.panel = panel
        self.setObjectName("card")
        card = QVBoxLayout(self)
        heading = QLabel(QCoreApplication.translate("recommended", "Recommended for this computer"))
        heading.setObjectName("cardTitle")
        self.text = QLabel(QCoreApplication.translate("recommended", "Looking at this computer…"))
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        # issue 16: room for the longest message (offline), so the card does not jump
        self.text.setMinimumHeight(self.text.fontMetrics().lineSpacing() * 5)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        buttons = FlowLayout()  # wraps at 800x600 instead of cutting the words
        self.get_button = QPushButton(
            QCoreApplication.translate("recommended", "Get the recommended model")
        )
        self.get_button.setObjectName("primary")
        self.get_button.setEnabled(False)
        self.get_button.clicked.connect(panel.download_recommended)
        self.import_button = QPushButton(
            QCoreApplication.translate("recommended", "Import a model folder…")
        )
        self.import_button.clicked.connect(panel.choose_folder_to_import)
        self.refresh_button = QPushButton(
            QCoreApplication.translate("recommended", "Check Hugging Face again")
        )
        self.refresh_button.clicked.connect(self._refresh_clicked)
        buttons.addWidget(self.get_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.refresh_button)
        card.addWidget(heading)
        card.addWidget(self.text)
        card.addStretch(1)
        card.addLayout(buttons)

    @Slot()
    def _refresh_clicked(self) -> None:
        self.panel.refresh_catalog(refresh=True)

    def asking(self) -> None:
        self.text.setText(
            QCoreApplication.translate(
                "recommended", "Asking Hugging Face about the catalog's models…"
            )
        )

    def show_state(self, state: CatalogState, models: list[InstalledModel]) -> None:
        best = state.recommendation
        if best is not None:
            self.text.setText(
                QCoreApplication.translate(
                    "recommended",
                    "<b>{name}</b> · {device} · {size} download<br>{description}<br>"
                    "<span style='color:#6b7280'>{reason} Chosen as {why}.</span>",
                ).format(
                    name=best.entry.name,
                    device=best.variant.kind.upper(),
                    size=size_text(best.variant.size),
                    description=best.entry.description,
                    reason=best.fit.reason,
                    why=best.why,
                )
            )
            have = any(
                m.repo_id == best.entry.repo_id and m.variant == best.variant.folder for m in models
            )
            self.get_button.setText(
                QCoreApplication.translate("recommended", "{name} is installed").format(
                    name=best.entry.name
                )
                if have
                else QCoreApplication.translate("recommended", "Get {name} ({size})").format(
                    name=best.entry.name, size=size_text(best.variant.size)
                )
            )
            self.get_button.setEnabled(not have)
            self.get_button.show()
            return
        self.get_button.setEnabled(False)
        self.get_button.setText(
            QCoreApplication.translate("recommended", "Get the recommended model")
        )
        if state.offline:
            self.get_button.hide()
            self.text.setText(
                QCoreApplication.translate(
                    "recommended",
                    "<b>You appear to be offline.</b> Agentic Desk could not reach Hugging Face "
                    "({problem}), so it cannot show sizes or download models now. Connect and "
                    "press <i>Check Hugging Face again</i>, or import a model folder you already "
                    "have.",
                ).format(problem=html.escape(state.problems[0].split(": ", 1)[-1].rstrip(".")))
            )
        elif all(v.snapshot is None for v in state.views):
            self.text.setText(
                QCoreApplication.translate(
                    "recommended",
                    "Agentic Desk has not asked Hugging Face about the catalog yet. Press "
                    "<i>Check Hugging Face again</i> to see sizes and what fits this computer.",
                )
            )
        else:
            self.text.setText(
                QCoreApplication.translate(
                    "recommended",
                    "None of the catalog's models fits this computer as it is now (see the "
                    "reasons in the Catalog tab). Closing other apps frees memory.",
                )
            )


__all__ = ["RecommendedCard"]
