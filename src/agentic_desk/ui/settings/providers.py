"""Settings → Providers: add, edit and remove cloud providers, store their API keys in the
system keyring (never read back), and test a connection with the provider's own words."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.routing import config as rc
from agentic_desk.ui import errors
from agentic_desk.ui.icons import set_mark
from agentic_desk.ui.layout import FlowLayout, StackingRow
from agentic_desk.ui.settings.common import label, section_box

if TYPE_CHECKING:
    from agentic_desk.ui.settings.view import SettingsView, Snapshot

OPENROUTER_HEADERS = {"HTTP-Referer": "https://github.com/agentic-desk", "X-Title": "Agentic Desk"}

# (label, provider name, kind, extra headers); URLs come from the core's known providers.
PRESETS: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    ("Custom (OpenAI-compatible)", "", "openai", {}),
    ("OpenAI", "openai", "openai", {}),
    ("OpenRouter", "openrouter", "openai", OPENROUTER_HEADERS),
    ("Groq", "groq", "openai", {}),
    ("Mistral", "mistral", "openai", {}),
    ("Together", "together", "openai", {}),
    ("Ollama (this computer)", "ollama", "openai", {}),
    ("LM Studio (this computer)", "lmstudio", "openai", {}),
    ("llama.cpp server (this computer)", "llamacpp", "openai", {}),
    ("vLLM (this computer)", "vllm", "openai", {}),
    ("Anthropic", "anthropic", "anthropic", {}),
)
KIND_LABELS = (("OpenAI-compatible", "openai"), ("Anthropic", "anthropic"))


class ProvidersPage(QWidget):
    def __init__(self, view: SettingsView) -> None:
        super().__init__()
        self.view = view
        self.current: str | None = None  # the provider in the form; None: a new one
        self.keyring_error: AgenticDeskError | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        self.keyring_notice = label("", "noticeBox")
        self.keyring_notice.hide()
        layout.addWidget(self.keyring_notice)
        body = StackingRow(min_each=300)  # layout (issue 16): stacked when narrow
        layout.addWidget(body, 1)

        # -- the list
        left_box, left = section_box(QCoreApplication.translate("providers", "Providers"))
        self.list = QListWidget()
        self.list.setObjectName("providerList")
        self.list.setAccessibleName(QCoreApplication.translate("providers", "Providers"))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.currentItemChanged.connect(self._on_selected)
        left.addWidget(self.list, 1)
        buttons = FlowLayout()
        self.add_button = QPushButton(QCoreApplication.translate("providers", "Add"))
        self.add_button.clicked.connect(self.new_provider)
        self.remove_button = QPushButton(QCoreApplication.translate("providers", "Remove"))
        self.remove_button.clicked.connect(self.remove_provider)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left.addLayout(buttons)
        left_box.setMaximumWidth(250)
        body.add(left_box, 0)

        # -- the form
        right_part = QWidget()
        right = QVBoxLayout(right_part)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(14)
        body.add(right_part, 1)
        form_box, form_layout = section_box(QCoreApplication.translate("providers", "Connection"))
        form = QFormLayout()
        self.form = form
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.preset = QComboBox()
        for text, name, _kind, _headers in PRESETS:
            self.preset.addItem(text, name)
        self.preset.setAccessibleName(QCoreApplication.translate("providers", "Preset"))
        self.preset.activated.connect(self._apply_preset)
        self.name = QLineEdit()
        self.name.setAccessibleName(QCoreApplication.translate("providers", "Provider name"))
        self.name.setPlaceholderText(QCoreApplication.translate("providers", "e.g. openrouter"))
        self.kind = QComboBox()
        for text, kind in KIND_LABELS:
            self.kind.addItem(text, kind)
        self.kind.setAccessibleName(QCoreApplication.translate("providers", "Kind"))
        self.base_url = QLineEdit()
        self.base_url.setAccessibleName(QCoreApplication.translate("providers", "Base URL"))
        self.base_url.setPlaceholderText(QCoreApplication.translate("providers", "https://…/v1"))
        self.model = QLineEdit()
        self.model.setAccessibleName(QCoreApplication.translate("providers", "Model"))
        self.headers = QTableWidget(0, 2)
        self.headers.setObjectName("headersTable")
        self.headers.setAccessibleName(QCoreApplication.translate("providers", "Extra headers"))
        self.headers.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("providers", "Header"),
                QCoreApplication.translate("providers", "Value"),
            ]
        )
        self.headers.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.headers.verticalHeader().hide()
        self.headers.setFixedHeight(96)
        header_buttons = QHBoxLayout()
        self.add_header = QPushButton(QCoreApplication.translate("providers", "Add header"))
        self.add_header.clicked.connect(lambda: self._add_header_row("", ""))
        self.remove_header = QPushButton(QCoreApplication.translate("providers", "Remove header"))
        self.remove_header.clicked.connect(self._remove_header_row)
        header_buttons.addWidget(self.add_header)
        header_buttons.addWidget(self.remove_header)
        header_buttons.addStretch(1)
        form.addRow(QCoreApplication.translate("providers", "Preset"), self.preset)
        form.addRow(QCoreApplication.translate("providers", "Name"), self.name)
        form.addRow(QCoreApplication.translate("providers", "Kind"), self.kind)
        form.addRow(QCoreApplication.translate("providers", "Base URL"), self.base_url)
        form.addRow(QCoreApplication.translate("providers", "Model"), self.model)
        form.addRow(QCoreApplication.translate("providers", "Headers"), self.headers)
        form.addRow("", header_buttons)
        form_layout.addLayout(form)
        self.form_error = label("", "fieldError")
        self.form_error.hide()
        form_layout.addWidget(self.form_error)
        actions = FlowLayout()
        self.save_button = QPushButton(QCoreApplication.translate("providers", "Save provider"))
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save_provider)
        self.test_button = QPushButton(QCoreApplication.translate("providers", "Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        actions.addWidget(self.save_button)
        actions.addWidget(self.test_button)
        form_layout.addLayout(actions)
        self.test_result = label("", "testResult")
        self.test_result.hide()
        form_layout.addWidget(self.test_result)
        right.addWidget(form_box)

        key_box, key_layout = section_box(QCoreApplication.translate("providers", "API key"))
        self.key_state = label("", "keyState")
        key_layout.addWidget(self.key_state)
        key_row = QHBoxLayout()
        self.key_field = QLineEdit()
        self.key_field.setObjectName("apiKeyField")
        self.key_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_field.setAccessibleName(QCoreApplication.translate("providers", "API key"))
        self.key_field.setPlaceholderText(
            QCoreApplication.translate(
                "providers", "Paste the key; it goes straight to the system keyring"
            )
        )
        self.key_field.returnPressed.connect(self.save_key)
        self.save_key_button = QPushButton(QCoreApplication.translate("providers", "Save key"))
        self.save_key_button.clicked.connect(self.save_key)
        self.remove_key_button = QPushButton(QCoreApplication.translate("providers", "Remove key"))
        self.remove_key_button.clicked.connect(self.remove_key)
        key_row.addWidget(self.key_field, 1)
        key_row.addWidget(self.save_key_button)
        key_row.addWidget(self.remove_key_button)
        key_layout.addLayout(key_row)
        self.key_error = label("", "fieldError")
        self.key_error.hide()
        key_layout.addWidget(self.key_error)
        right.addWidget(key_box)
        right.addStretch(1)
        self.new_provider()

    # ---- showing ---------------------------------------------------------------------------

    def show_snapshot(self, snap: Snapshot) -> None:
        self.keyring_error = snap.keyring_error
        if snap.keyring_error is not None:
            self.keyring_notice.setText(
                f"{errors.error_text(snap.keyring_error)}\n"
                "Until then, cloud providers that need a key cannot be used: Agentic Desk "
                "never keeps keys in a file."
            )
            self.keyring_notice.show()
        else:
            self.keyring_notice.hide()
        self._fill_list(snap.router)
        self._show_key_state()

    def router_saved(self, config: rc.RouterConfig) -> None:
        self._fill_list(config)

    def _fill_list(self, config: rc.RouterConfig) -> None:
        keep = self.current
        self.list.blockSignals(True)
        self.list.clear()
        for name, entry in config.providers.items():
            if entry.is_local:
                continue
            kind = dict((k, t) for t, k in KIND_LABELS).get(entry.kind, entry.kind)
            item = QListWidgetItem(f"{name}\n{kind} · {entry.model or 'no model'}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(entry.base_url)
            self.list.addItem(item)
            if name == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if keep is not None and keep in config.providers:
            self._fill_form(config.providers[keep])
        elif keep is not None:
            self.new_provider()

    def select(self, name: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentItem(item)
                return

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_selected(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        entry = self.view.router.providers.get(name)
        if entry is not None:
            self.current = name
            self._fill_form(entry)

    def _fill_form(self, entry: rc.ProviderEntry) -> None:
        self.name.setText(entry.name)
        self.name.setReadOnly(True)
        self.form.setRowVisible(self.preset, False)  # presets are for new providers
        self.kind.setCurrentIndex(max(0, self.kind.findData(entry.kind)))
        self.base_url.setText(entry.base_url)
        self.model.setText(entry.model)
        self.headers.setRowCount(0)
        for key, value in entry.headers.items():
            self._add_header_row(key, value)
        self._clear_messages()
        self._show_key_state()

    def _clear_messages(self) -> None:
        self.form_error.hide()
        self.test_result.hide()
        self.key_error.hide()

    @Slot()
    def new_provider(self) -> None:
        """Empty the form for a new provider."""
        self.current = None
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self.name.clear()
        self.name.setReadOnly(False)
        self.form.setRowVisible(self.preset, True)
        self.preset.setCurrentIndex(0)
        self.kind.setCurrentIndex(0)
        self.base_url.clear()
        self.model.clear()
        self.headers.setRowCount(0)
        self._clear_messages()
        self._show_key_state()

    @Slot(int)
    def _apply_preset(self, index: int) -> None:
        _text, name, kind, headers = PRESETS[index]
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        if name:
            self.name.setText(name)
            self.base_url.setText(rc.KNOWN_PROVIDERS[name][1])
        self.headers.setRowCount(0)
        for key, value in headers.items():
            self._add_header_row(key, value)

    def _add_header_row(self, key: str, value: str) -> None:
        row = self.headers.rowCount()
        self.headers.insertRow(row)
        self.headers.setItem(row, 0, QTableWidgetItem(key))
        self.headers.setItem(row, 1, QTableWidgetItem(value))
        if not key:
            self.headers.setCurrentCell(row, 0)
            item = self.headers.item(row, 0)
            if item is not None:
                self.headers.editItem(item)

    @Slot()
    def _remove_header_row(self) -> None:
        row = self.headers.currentRow()
        if row < 0:
            row = self.headers.rowCount() - 1
        if row >= 0:
            self.headers.removeRow(row)

    # ---- the form --------------------------------------------------------------------------

    def _header_values(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for row in range(self.headers.rowCount()):
            key_item, value_item = self.headers.item(row, 0), self.headers.item(row, 1)
            key = key_item.text().strip() if key_item is not None else ""
            value = value_item.text().strip() if value_item is not None else ""
            if not key and not value:
                continue
            if not key:
                raise ValueError(
                    QCoreApplication.translate(
                        "providers", "Header row {row} has a value but no name."
                    ).format(row=row + 1)
                )
            if any(c.isspace() or c == ":" for c in key):
                raise ValueError(
                    QCoreApplication.translate(
                        "providers", "The header name '{key}' must not contain spaces or ':'."
                    ).format(key=key)
                )
            if key.lower() in ("authorization", "x-api-key"):
                raise ValueError(
                    QCoreApplication.translate(
                        "providers",
                        "Do not put the key in the '{key}' header: store it in the API key "
                        "field, which keeps it in the system keyring.",
                    ).format(key=key)
                )
            found[key] = value
        return found

    def entry_from_form(self) -> rc.ProviderEntry:
        """The provider the form describes; ValueError with the reason when it is not valid."""
        name = self.name.text().strip()
        if not name:
            raise ValueError("Give the provider a name (e.g. openrouter).")
        if not name.isprintable() or len(name) > 60 or any(c.isspace() for c in name):
            raise ValueError("The name must be one word of at most 60 characters, no spaces.")
        if name in rc.LOCAL_ALIASES:
            raise ValueError(f"'{name}' is the name of this computer's local model.")
        url = self.base_url.text().strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                "The base URL must start with http:// or https:// and name a server "
                "(e.g. https://openrouter.ai/api/v1)."
            )
        model = self.model.text().strip()
        if not model:
            raise ValueError("Enter the model to use (e.g. gpt-4o-mini).")
        headers = self._header_values()
        existing = self.view.router.providers.get(name) if self.current else None
        if existing is None and self.current is None and name in self.view.router.providers:
            raise ValueError(f"There is already a provider called '{name}'; pick another name.")
        entry = rc.ProviderEntry(
            name=name,
            kind=str(self.kind.currentData()),
            base_url=url,
            model=model,
            headers=headers,
            api_key=rc.KEYRING_REF,
        )
        if existing is not None:
            models = dict(existing.models)
            if models:  # the file keeps the model as models.default when there are tiers
                models["default"] = model
            entry = replace(
                existing,
                kind=entry.kind,
                base_url=url,
                model=model,
                models=models,
                headers=headers,
            )
        return entry

    def _form_error(self, text: str) -> None:
        self.form_error.setText(text)
        self.form_error.show()

    @Slot()
    def save_provider(self) -> None:
        self._clear_messages()
        try:
            entry = self.entry_from_form()
        except ValueError as exc:
            self._form_error(str(exc))
            return

        def saved(_config: rc.RouterConfig) -> None:
            self.current = entry.name
            self._fill_list(self.view.router)
            self.select(entry.name)
            self.refresh_key_state()

        self.view.save_router(
            self.view.router.with_provider(entry),
            then=saved,
            refused=lambda error: self._form_error(error.message),
        )

    @Slot()
    def remove_provider(self) -> None:
        self._clear_messages()
        name = self.current
        if name is None:
            self._form_error(
                QCoreApplication.translate("providers", "Select a provider to remove.")
            )
            return
        config = self.view.router
        users = [
            QCoreApplication.translate("providers", "rule {number}").format(number=i)
            for i, r in enumerate(config.rules, 1)
            if r.action.provider == name
        ]
        if config.default_provider == name:
            users.append(QCoreApplication.translate("providers", "the default provider"))
        if users:
            if len(users) == 1:
                text = QCoreApplication.translate(
                    "providers",
                    "'{name}' is used by {users} (Routing). Change or delete that first.",
                )
            else:
                text = QCoreApplication.translate(
                    "providers",
                    "'{name}' is used by {users} (Routing). Change or delete those first.",
                )
            self._form_error(text.format(name=name, users=", ".join(users)))
            return

        def forget_key() -> None:
            from agentic_desk.core.secrets import KeyringUnavailable

            with contextlib.suppress(KeyringUnavailable):  # nothing can be stored there
                self.view.context.secrets().delete(name)

        def saved(_config: rc.RouterConfig) -> None:
            self.new_provider()
            self.view.io("key", forget_key, then=lambda _r: None)

        self.view.save_router(
            config.without_provider(name),
            then=saved,
            refused=lambda error: self._form_error(error.message),
        )

    # ---- the key ---------------------------------------------------------------------------

    def _show_key_state(self) -> None:
        unusable = self.keyring_error is not None
        saved = self.current is not None
        self.key_field.setEnabled(saved and not unusable)
        self.save_key_button.setEnabled(saved and not unusable)
        snap = self.view.snapshot
        state = snap.key_states.get(self.current or "", "none") if snap else "none"
        self.remove_key_button.setEnabled(saved and not unusable and state == "keyring")
        if not saved:
            text = QCoreApplication.translate(
                "providers", "Save the provider first, then store its key here."
            )
        elif state == "keyring":
            text = QCoreApplication.translate(
                "providers", "Key stored in the system keyring: ••••••••"
            )
        elif state.startswith("environment"):
            variable = state.removeprefix("environment (").rstrip(")")
            text = QCoreApplication.translate(
                "providers", "Using the key in {variable} for this run (it is not stored)."
            ).format(variable=variable)
        elif unusable:
            text = (
                "No key can be stored: there is no system keyring (see above). This provider "
                "stays unusable unless it needs no key."
            )
        elif state == "not needed":
            text = QCoreApplication.translate(
                "providers",
                "No key needed: this server runs on this computer (you can still store one).",
            )
        else:
            text = QCoreApplication.translate("providers", "No key stored.")
        self.key_state.setText(text)
        self.key_state.setProperty("stored", state == "keyring")

    def refresh_key_state(self) -> None:
        from agentic_desk.ui.settings.view import read_key_states

        config = self.view.router
        self.view.keys_wanted = True
        if self.view.snapshot is not None:
            self.view.snapshot.keys_read = True  # being read: not again when shown

        def show(result: tuple[dict[str, str], AgenticDeskError | None]) -> None:
            if self.view.snapshot is not None:
                self.view.snapshot.key_states, self.view.snapshot.keyring_error = result
                self.view.snapshot.keys_read = True
                self.show_snapshot(self.view.snapshot)

        self.view.io("key", read_key_states, self.view.context, config, then=show)

    def _key_error(self, error: AgenticDeskError) -> None:
        self.key_error.setText(errors.error_text(error))
        self.key_error.show()

    @Slot()
    def save_key(self) -> None:
        self.key_error.hide()
        name = self.current
        key = self.key_field.text()
        self.key_field.clear()  # the key is not kept in the widget, whatever happens next
        if name is None:
            self._key_error(
                AgenticDeskError(
                    QCoreApplication.translate("providers", "Save the provider first.")
                )
            )
            return
        if not key.strip():
            self._key_error(
                AgenticDeskError(QCoreApplication.translate("providers", "Paste the key first."))
            )
            return

        def store() -> None:
            self.view.context.secrets().set(name, key)

        self.view.io("key", store, then=lambda _r: self.refresh_key_state(), fail=self._key_error)

    @Slot()
    def remove_key(self) -> None:
        self.key_error.hide()
        name = self.current
        if name is None:
            return

        def delete() -> bool:
            return bool(self.view.context.secrets().delete(name))

        self.view.io("key", delete, then=lambda _r: self.refresh_key_state(), fail=self._key_error)

    # ---- test connection ---------------------------------------------------------------------

    def _show_test(self, ok: bool, text: str) -> None:
        self.test_result.setText(text)  # a failure: errors.error_text
        set_mark(self.test_result, "check" if ok else "warning")
        self.test_result.setProperty("ok", ok)
        style = self.test_result.style()
        style.unpolish(self.test_result)
        style.polish(self.test_result)
        self.test_result.show()

    @Slot()
    def test_connection(self) -> None:
        """One minimal real request (a model list, or a one-token message) to the provider
        as the form describes it, with its stored key; the answer in the provider's words."""
        self._clear_messages()
        try:
            entry = self.entry_from_form()
        except ValueError as exc:
            self._form_error(str(exc))
            return
        from agentic_desk.core.providers.config import ProviderConfig
        from agentic_desk.core.providers.factory import make_provider

        config = ProviderConfig(
            name=entry.name,
            kind=entry.kind,
            base_url=entry.base_url,
            model=entry.model,
            headers=dict(entry.headers),
            timeout_s=min(entry.timeout_s, 20.0),
            max_retries=0,
        )
        if not config.is_local and not self.view.effective.cloud.enabled:
            refusal = AgenticDeskError(
                QCoreApplication.translate(
                    "providers", "Cloud is off, so nothing is sent to {hostname}."
                ).format(hostname=urlsplit(entry.base_url).hostname),
                QCoreApplication.translate(
                    "providers", "Turn cloud on under Privacy & cloud to test this provider."
                ),
            )
            self._show_test(False, errors.error_text(refusal))
            return
        lookup = self.view.context.key_lookup()

        def run() -> str:
            key = lookup(entry.name, entry.env_var())
            with make_provider(config, key) as provider:
                return provider.test_connection()

        self.test_button.setEnabled(False)
        self.test_result.setText(QCoreApplication.translate("providers", "Testing…"))
        self.test_result.setProperty("ok", None)
        self.test_result.show()

        def passed(text: str) -> None:
            self.test_button.setEnabled(True)
            self._show_test(True, text)

        def failed(error: AgenticDeskError) -> None:
            self.test_button.setEnabled(True)
            self._show_test(False, errors.error_text(error))

        self.view.io("test", run, then=passed, fail=failed)


__all__ = ["PRESETS", "ProvidersPage"]
