"""Settings pages built from the settings schema: General, and Privacy & cloud (with the
consent dialog that turning cloud on shows)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.generation import FIELDS
from agentic_desk.core.settings import FieldInfo, Settings, describe
from agentic_desk.ui.errors import error_text
from agentic_desk.ui.i18n import QT_TRANSLATE_NOOP
from agentic_desk.ui.settings.applock import AppLockSection
from agentic_desk.ui.settings.common import FieldRow, label, section_box

if TYPE_CHECKING:
    from agentic_desk.ui.settings.view import SettingsView, Snapshot

GENERATION = tuple(f"engine.{name}" for name in FIELDS)  # the reply settings
ENGINE = (
    "engine.idle_unload_minutes",
    "engine.max_context_tokens",
    "engine.execution_providers",
    "engine.prefill_chunk_tokens",
    "engine.cpu_int8_compute",
)


def _schema() -> dict[str, FieldInfo]:
    return {info.name: info for info in describe()}


def value_of(settings: Settings, dotted: str) -> Any:
    node: Any = settings
    for part in dotted.split("."):
        node = getattr(node, part)
    return node


class SchemaPage(QWidget):
    """A page of :class:`FieldRow`s, each saved through the view as soon as it is edited."""

    def __init__(self, view: SettingsView) -> None:
        super().__init__()
        self.view = view
        self.rows: dict[str, FieldRow] = {}
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(14)
        self._schema = _schema()

    def add_group(self, title: str, names: tuple[str, ...], intro: str = "") -> QVBoxLayout:
        box, layout = section_box(title)
        if intro:
            layout.addWidget(label(intro, "fieldHelp"))
        for name in names:
            row = FieldRow(self._schema[name], self.view.commit_row)
            self.rows[name] = row
            layout.addWidget(row)
        self.layout_.addWidget(box)
        return layout

    def show_snapshot(self, snap: Snapshot) -> None:
        for name, row in self.rows.items():
            row.set_value(value_of(snap.effective, name))
            row.set_override(snap.env_overrides.get(name))


class GeneralPage(SchemaPage):
    def __init__(self, view: SettingsView) -> None:
        super().__init__(view)
        self.add_group(
            QCoreApplication.translate("general", "Replies"),
            GENERATION,
            QCoreApplication.translate(
                "general",
                "Defaults for every reply of the local model; a routing rule can set its own "
                "temperature and length.",
            ),
        )
        self.add_group(QCoreApplication.translate("general", "Local engine"), ENGINE)
        self.add_group(
            QCoreApplication.translate("general", "Appearance"), ("ui.theme", "ui.language")
        )
        self.layout_.addStretch(1)


CONSENT_TITLE = QT_TRANSLATE_NOOP("general", "Turn on cloud providers?")


def consent_text(detector_on: bool) -> str:
    detector = (
        QCoreApplication.translate(
            "general",
            "The sensitive-data detector is on: a message with card or ID numbers, keys, "
            "health or contact details is kept here.",
        )
        if detector_on
        else QCoreApplication.translate(
            "general",
            "The sensitive-data detector is OFF: turn it on below so that messages with "
            "card or ID numbers, keys, health or contact details are kept here.",
        )
    )
    return QCoreApplication.translate(
        "general",
        "<p>With cloud on, a message may leave this computer <b>only when all of these "
        "hold</b>:</p><ul>"
        "<li>it goes to a provider <b>you configured</b> under Providers (nowhere else);</li>"
        "<li>your <b>routing rules</b>, default provider or fallback chain send it there "
        "(otherwise it runs on the local model);</li>"
        "<li>it is within your <b>budgets</b>.</li></ul>"
        "<p><b>What is sent</b>, and only then: that message with the conversation's "
        "earlier messages and system prompt, to that one provider. Keys stay in the system "
        "keyring and are sent only to their own provider.</p>"
        "<p><b>What never leaves</b>, whatever the rules say: conversations or messages "
        "marked <b>High</b> privacy or <b>Local only</b>, and messages in which sensitive "
        "data is found. {detector}</p>"
        "<p>You can turn cloud off here at any time; while it is off nothing is sent.</p>",
    ).format(detector=detector)


class ConsentDialog(QDialog):
    """Says what may leave the machine, and when, before cloud is turned on. Accepting
    turns it on; anything else leaves it off."""

    def __init__(self, detector_on: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentDialog")
        self.setWindowTitle(QCoreApplication.translate("general", CONSENT_TITLE))
        self.setModal(True)
        self.setFixedWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(
            label(QCoreApplication.translate("general", CONSENT_TITLE), "consentTitle")
        )
        self.text = label(consent_text(detector_on), "consentText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        margins = layout.contentsMargins()
        width = 560 - margins.left() - margins.right()
        layout.addWidget(self.text)
        self.ensurePolished()  # the style sheet's font decides the height
        self.text.ensurePolished()
        self.text.setMinimumHeight(self.text.heightForWidth(width))  # all of it, never cut
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.keep_off = QPushButton(QCoreApplication.translate("general", "Keep cloud off"))
        self.turn_on = QPushButton(QCoreApplication.translate("general", "Turn cloud on"))
        self.turn_on.setObjectName("primaryButton")
        self.keep_off.setDefault(True)  # Enter does not send anything anywhere
        self.keep_off.setAutoDefault(True)
        self.turn_on.setAutoDefault(False)
        self.keep_off.clicked.connect(self.reject)
        self.turn_on.clicked.connect(self.accept)
        buttons.addWidget(self.keep_off)
        buttons.addWidget(self.turn_on)
        layout.addLayout(buttons)

    def plain_text(self) -> str:
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.text.text())
        return doc.toPlainText()


class PrivacyCloudPage(SchemaPage):
    """Signals: consent_shown(object) with the dialog, when turning cloud on asks first."""

    consent_shown = Signal(object)

    def __init__(self, view: SettingsView) -> None:
        super().__init__(view)
        box, layout = section_box(QCoreApplication.translate("general", "Cloud providers"))
        self.cloud_switch = QCheckBox(QCoreApplication.translate("general", "Use cloud providers"))
        self.cloud_switch.setObjectName("cloudSwitch")
        self.cloud_switch.setAccessibleName(
            QCoreApplication.translate("general", "Use cloud providers")
        )
        self.cloud_switch.toggled.connect(self._on_cloud_toggled)
        layout.addWidget(self.cloud_switch)
        self.cloud_state = label("", "cloudState")
        layout.addWidget(self.cloud_state)
        self.cloud_error = label("", "fieldError")
        self.cloud_error.hide()
        layout.addWidget(self.cloud_error)
        for name in ("cloud.api_clients_may_use_cloud", "cloud.api_clients_pseudonymise"):
            row = FieldRow(self._schema[name], self.view.commit_row)
            self.rows[row.dotted] = row
            layout.addWidget(row)
        self.layout_.addWidget(box)
        sensitive = self.add_group(
            QCoreApplication.translate("general", "Sensitive data"),
            (
                "privacy.detector_enabled",
                "privacy.sensitive_terms",
                "privacy.names_model",
                "privacy.names_model_path",
                "privacy.default_level",
            ),
        )
        self.names_in_use = label("", "namesModelInUse")  # issue 18: which names model
        # under the names model's own field, not after the rest of the section
        at = sensitive.indexOf(self.rows["privacy.names_model_path"])
        sensitive.insertWidget(at + 1 if at >= 0 else sensitive.count(), self.names_in_use)
        self.add_group(
            QCoreApplication.translate("general", "Deleted conversations"), ("privacy.trash_days",)
        )
        box, layout = section_box(
            QCoreApplication.translate("general", "Conversations on this computer")
        )
        self.encrypt_switch = QCheckBox(
            QCoreApplication.translate("general", "Encrypt the conversation database")
        )
        self.encrypt_switch.setObjectName("encryptSwitch")
        self.encrypt_switch.setAccessibleName(
            QCoreApplication.translate("general", "Encrypt the conversation database")
        )
        self.encrypt_switch.toggled.connect(self._on_encrypt_toggled)
        layout.addWidget(self.encrypt_switch)
        self.encrypt_state = label("", "encryptState")
        layout.addWidget(self.encrypt_state)
        self.encrypt_error = label("", "fieldError")
        self.encrypt_error.hide()
        layout.addWidget(self.encrypt_error)
        self.layout_.addWidget(box)
        self.encrypting: Any = None  # the running conversion
        box, layout = section_box(QCoreApplication.translate("general", "App lock"))
        minutes = FieldRow(self._schema["privacy.lock_after_minutes"], self.view.commit_row)
        self.rows[minutes.dotted] = minutes
        self.app_lock = AppLockSection(view, layout, minutes)
        self.layout_.addWidget(box)
        # The lead's hook for issue 7: the local API server's switch goes in here.
        self.api_server_box, self.api_server_layout = section_box(
            QCoreApplication.translate("general", "Local API server")
        )
        self.api_server_box.setObjectName("apiServerBox")
        self.api_server_box.hide()
        self.layout_.addWidget(self.api_server_box)
        self.layout_.addStretch(1)
        self.consent: ConsentDialog | None = None
        self._enabled = False

    def show_snapshot(self, snap: Snapshot) -> None:
        super().show_snapshot(snap)
        self._show_names_model()
        self._show_cloud(snap.effective.cloud.enabled)
        self._show_encryption()
        self.app_lock.show()

    def _show_names_model(self) -> None:
        from agentic_desk.core.privacy.entities import in_use_text
        from agentic_desk.core.privacy.scanning import configured

        self.names_in_use.setText(in_use_text(configured()[1]))  # the core's, translated

    # ---- encryption at rest -------------------------------------------------------------

    def _show_encryption(self, text: str = "") -> None:
        from agentic_desk.core.conversations import driver

        # No disk on the GUI thread: the open store knows how it was opened; without one
        # (a view on its own) the setting says.
        store = self.view.conversations
        encrypted = (
            bool(store.encrypted)
            if store is not None
            else self.view.context.settings.privacy.encrypt_conversations
        )
        self.encrypt_switch.blockSignals(True)
        self.encrypt_switch.setChecked(encrypted)
        self.encrypt_switch.blockSignals(False)
        self.encrypt_switch.setEnabled(
            self.encrypting is None
            and driver.available()
            and not self.view.context.settings.privacy.app_lock  # turn the lock off first
        )
        if not text:
            text = (
                QCoreApplication.translate(
                    "general",
                    "ON: the conversations are encrypted on disk; the key is in your OS keyring "
                    "(lose it and they cannot be read).",
                )
                if encrypted
                else QCoreApplication.translate(
                    "general", "OFF: the conversations are stored unencrypted in the data folder."
                )
            )
            if not driver.available():
                text += ' Needs SQLCipher: pip install "agentic-desk[encryption]".'
        self.encrypt_state.setText(text)

    @Slot(bool)
    def _on_encrypt_toggled(self, checked: bool) -> None:
        from agentic_desk.core.conversations.encryption import (
            ConversionProgress,
            ConversionResult,
            LiveConversionJob,
        )

        context = self.view.context
        try:
            job: Any = context.conversation_encryption_job(checked)
        except AgenticDeskError as error:  # the app lock is on: it says to turn it off first
            self.encrypt_error.setText(error_text(error))
            self.encrypt_error.show()
            self._show_encryption()
            return
        if self.view.conversations is not None:
            also = [self.view.library_store] if self.view.library_store is not None else []
            job = LiveConversionJob(self.view.conversations, job, also=also)
        self.encrypt_error.hide()
        self.encrypt_switch.setEnabled(False)

        def progress(step: ConversionProgress) -> None:
            if step.stage == "verifying":
                self._show_encryption(
                    f"Checking the copy: {step.rows_done} of {step.rows_total} rows…"
                )
            else:
                self._show_encryption(f"{job.title}: {step.stage}…")

        def done(result: ConversionResult) -> None:
            self.encrypting = None
            self.view.reload()
            self._show_encryption()

        def failed(error: AgenticDeskError) -> None:
            self.encrypting = None
            self.encrypt_error.setText(error_text(error))
            self.encrypt_error.show()
            self._show_encryption()

        def cancelled(_error: AgenticDeskError) -> None:
            self.encrypting = None
            self._show_encryption()

        self.encrypting = job
        self._show_encryption(f"{job.title}…")
        self.view.start_job(
            "encrypt",
            job,
            owner=self,
            progress=progress,
            done=done,
            failed=failed,
            cancelled=cancelled,
        )

    def _show_cloud(self, enabled: bool) -> None:
        self._enabled = enabled
        self.cloud_switch.blockSignals(True)
        self.cloud_switch.setChecked(enabled)
        self.cloud_switch.blockSignals(False)
        self.cloud_state.setProperty("on", enabled)
        self.cloud_state.setText(
            QCoreApplication.translate(
                "general",
                "ON: messages may go to the providers you configured when your rules send them "
                "there. High-privacy, local-only and sensitive messages never leave.",
            )
            if enabled
            else QCoreApplication.translate(
                "general", "OFF: every message stays on this computer, whatever the rules say."
            )
        )
        style = self.cloud_state.style()
        style.unpolish(self.cloud_state)
        style.polish(self.cloud_state)

    @Slot(bool)
    def _on_cloud_toggled(self, checked: bool) -> None:
        if not checked:
            self._save_cloud(False)
            return
        if self._enabled:
            return
        self._show_cloud(False)  # stays off unless the dialog is accepted
        detector = self.view.file_settings.privacy.detector_enabled
        self.consent = ConsentDialog(detector, self)
        self.consent.accepted.connect(lambda: self._save_cloud(True))
        self.consent.rejected.connect(self._declined)
        self.consent.finished.connect(self._dialog_closed)
        self.consent.open()
        self.consent_shown.emit(self.consent)

    @Slot()
    def _declined(self) -> None:
        self._show_cloud(False)

    @Slot(int)
    def _dialog_closed(self, _result: int) -> None:
        if self.consent is not None:
            self.consent.deleteLater()
            self.consent = None

    def _save_cloud(self, enabled: bool) -> None:
        def refused(error: AgenticDeskError) -> None:
            self.cloud_error.setText(error.message)
            self.cloud_error.show()
            self._show_cloud(self._enabled)

        def saved(settings: Settings) -> None:
            self.cloud_error.hide()
            self._show_cloud(settings.cloud.enabled)

        self.view.change({"cloud.enabled": enabled}, refused=refused, saved=saved)
