"""The settings view under pytest-qt: every control against the real settings file,
router.config.json, the real keyring (Secret Service) and real provider servers."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")
qasync = pytest.importorskip("qasync")

from PySide6.QtCore import QMimeData, QPoint, Qt  # noqa: E402
from PySide6.QtGui import QColor, QDropEvent, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMainWindow  # noqa: E402

from agentic_desk.core.context import AppContext  # noqa: E402
from agentic_desk.core.generation import FIELDS  # noqa: E402
from agentic_desk.core.models.store import ModelStore  # noqa: E402
from agentic_desk.core.paths import AppPaths  # noqa: E402
from agentic_desk.core.routing import config as rc  # noqa: E402
from agentic_desk.core.routing.costs import SpendLedger  # noqa: E402
from agentic_desk.core.secrets import SecretStore  # noqa: E402
from agentic_desk.core.settings import SettingsStore  # noqa: E402
from agentic_desk.ui.app import apply_theme  # noqa: E402
from agentic_desk.ui.icons import mark_of  # noqa: E402
from agentic_desk.ui.settings_view import SettingsView  # noqa: E402
from gui_helpers import TIMEOUT, Jobs, open_consent, router_file, save_provider, settings_file  # noqa: E402
from provider_servers import AnthropicServer, OpenAIServer  # noqa: E402
from shots import check_theme, save_shot  # noqa: E402

# ---- fixtures and helpers -------------------------------------------------------------------


def make_context(*, ensure: bool = True) -> AppContext:
    """The app's context for the test's data folder (``ensure`` creates its folders, as
    the app does at start)."""
    paths = AppPaths.from_env()
    if ensure:
        paths.ensure()
    store = SettingsStore(paths.settings_file)
    return AppContext(paths, store, store.load().settings)


@pytest.fixture
def make_view(qtbot: Any, loop: asyncio.AbstractEventLoop) -> Iterator[Any]:
    made: list[SettingsView] = []

    def make() -> tuple[SettingsView, Jobs]:
        view = SettingsView(make_context())
        qtbot.addWidget(view)
        jobs = Jobs(qtbot, view)
        view.resize(1280, 800)
        jobs.run(view.show, "load")
        made.append(view)
        return view, jobs

    yield make
    for view in made:
        if shiboken6.isValid(view):  # a view put in a window goes when the window does
            view.close()


def edit(qtbot: Any, field: QLineEdit, text: str) -> None:
    field.selectAll()
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def keyring_or_skip() -> SecretStore:
    store = SecretStore()
    if not store.available():
        pytest.skip("no Secret Service (run under scripts/with-secret-service.sh)")
    return store


@pytest.fixture
def provider_name() -> Iterator[str]:
    """A provider name no other test uses; its keyring entry is removed afterwards."""
    name = f"lab-{uuid.uuid4().hex[:8]}"
    yield name
    store = SecretStore()
    if store.available():
        store.delete(name)


def store_key(view: SettingsView, jobs: Jobs, key: str) -> None:
    page = view.providers
    page.key_field.setText(key)
    jobs.run(page.save_key_button.click, "key", "key")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# ---- General -------------------------------------------------------------------------------


def test_generation_defaults_save_at_once_and_invalid_values_are_refused_inline(
    qtbot: Any, make_view: Any
) -> None:
    view, jobs = make_view()
    rows = view.general.rows
    assert list(rows)[: len(FIELDS)] == [f"engine.{name}" for name in FIELDS]
    changed: list[Any] = []
    view.settings_changed.connect(changed.append)

    jobs.run(lambda: edit(qtbot, rows["engine.temperature"].editor, "0.2"), "save")
    assert settings_file()["engine"]["temperature"] == 0.2
    assert changed[-1].engine.temperature == 0.2
    assert view.context.settings.engine.temperature == 0.2
    assert not rows["engine.temperature"].error.isVisibleTo(view)

    edit(qtbot, rows["engine.temperature"].editor, "5")  # refused before anything is saved
    assert rows["engine.temperature"].error.isVisibleTo(view)
    assert rows["engine.temperature"].error.text() == 'Must be between 0 and 2 (got "5")'
    assert settings_file()["engine"]["temperature"] == 0.2

    edit(qtbot, rows["engine.max_new_tokens"].editor, "lots")
    assert rows["engine.max_new_tokens"].error.text() == (
        'Must be a whole number between 1 and 32768 (got "lots")'
    )
    edit(qtbot, rows["engine.top_p"].editor, "0")
    assert rows["engine.top_p"].error.text() == ('Must be greater than 0 and at most 1 (got "0")')
    assert settings_file()["engine"]["max_new_tokens"] == 512

    jobs.run(lambda: edit(qtbot, rows["engine.max_new_tokens"].editor, "2048"), "save")
    jobs.run(lambda: edit(qtbot, rows["engine.seed"].editor, "42"), "save")
    jobs.run(lambda: edit(qtbot, rows["engine.stop"].editor, "END, ###"), "save")
    jobs.run(lambda: edit(qtbot, rows["engine.top_k"].editor, "0"), "save")
    jobs.run(lambda: edit(qtbot, rows["engine.repetition_penalty"].editor, "1.1"), "save")
    engine = settings_file()["engine"]
    assert (engine["max_new_tokens"], engine["seed"], engine["stop"]) == (2048, 42, ["END", "###"])
    assert (engine["top_k"], engine["repetition_penalty"]) == (0, 1.1)
    assert not rows["engine.max_new_tokens"].error.isVisibleTo(view)
    jobs.run(lambda: edit(qtbot, rows["engine.seed"].editor, ""), "save")
    assert settings_file()["engine"]["seed"] is None
    assert "Applies from the next reply." in rows["engine.temperature"].help.text()


def test_settings_that_need_a_restart_say_so(qtbot: Any, make_view: Any) -> None:
    view, jobs = make_view()
    rows = view.general.rows
    restarts: list[str] = []
    view.restart_needed.connect(restarts.append)
    assert not view.restart_banner.isVisibleTo(view)
    jobs.run(lambda: edit(qtbot, rows["engine.idle_unload_minutes"].editor, "5"), "save")
    where = rows["engine.execution_providers"].editor
    jobs.run(lambda: where.setCurrentIndex(where.findData("cpu")), "save")  # a choice
    jobs.run(lambda: edit(qtbot, rows["engine.max_context_tokens"].editor, "4096"), "save")
    jobs.run(lambda: edit(qtbot, rows["engine.prefill_chunk_tokens"].editor, "128"), "save")
    engine = settings_file()["engine"]
    assert (engine["idle_unload_minutes"], engine["execution_providers"]) == (5, ["cpu"])
    assert (engine["max_context_tokens"], engine["prefill_chunk_tokens"]) == (4096, 128)
    assert restarts == [
        "idle-unload time",
        "where the model runs",
        "longest conversation",
        "prompt chunk size",
    ]
    assert view.restart_banner.isVisibleTo(view)
    assert view.restart_banner.text() == (
        "Restart Agentic Desk to apply: idle-unload time, where the model runs, longest "
        "conversation, prompt chunk size."
    )
    assert "Needs a restart." in rows["engine.idle_unload_minutes"].help.text()
    edit(qtbot, rows["engine.idle_unload_minutes"].editor, "-1")
    assert rows["engine.idle_unload_minutes"].error.text() == (
        'Must be between 0 and 1440 (got "-1")'
    )
    edit(qtbot, rows["engine.max_context_tokens"].editor, "64")
    assert rows["engine.max_context_tokens"].error.text() == (
        'Must be between 128 and 1048576 (got "64")'
    )
    assert settings_file()["engine"]["execution_providers"] == ["cpu"]
    assert settings_file()["engine"]["max_context_tokens"] == 4096


def test_theme_applies_at_once(qtbot: Any, make_view: Any) -> None:
    view, jobs = make_view()
    combo = view.general.rows["ui.theme"].editor
    themes: list[str] = []
    view.theme_changed.connect(themes.append)
    jobs.run(lambda: combo.setCurrentIndex(combo.findData("dark")), "save")
    assert themes == ["dark"]
    assert settings_file()["ui"]["theme"] == "dark"
    assert combo.currentText() == "Dark"


def test_an_environment_override_is_shown_and_not_editable(
    qtbot: Any, make_view: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONNX_TEMPERATURE", "0.3")
    view, _jobs = make_view()
    row = view.general.rows["engine.temperature"]
    assert row.editor.text() == "0.3"
    assert not row.editor.isEnabled()
    assert "Set by ONNX_TEMPERATURE for this run" in row.help.text()


# ---- Privacy & cloud -----------------------------------------------------------------------


def test_turning_cloud_on_asks_first_and_cancel_leaves_it_off(qtbot: Any, make_view: Any) -> None:
    view, _jobs = make_view()
    page = view.privacy
    assert not page.cloud_switch.isChecked()
    assert page.cloud_state.text().startswith("OFF: every message stays on this computer")
    dialog = open_consent(qtbot, view)
    text = dialog.plain_text()
    for words in (
        "a message may leave this computer only when all of these hold",
        "it goes to a provider you configured under Providers (nowhere else)",
        "your routing rules, default provider or fallback chain send it there",
        "marked High privacy or Local only, and messages in which sensitive data is found",
        "The sensitive-data detector is on",
        "while it is off nothing is sent",
    ):
        assert words in text
    assert dialog.keep_off.isDefault()
    dialog.keep_off.click()
    assert not dialog.isVisible()
    assert not page.cloud_switch.isChecked()
    assert not make_context(ensure=False).paths.settings_file.exists()  # nothing was saved
    # Esc is a cancel too
    dialog = open_consent(qtbot, view)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not page.cloud_switch.isChecked()
    assert SettingsStore(make_context().paths.settings_file).load().settings.cloud.enabled is False


def test_accepting_the_consent_turns_cloud_on_and_off_needs_no_dialog(
    qtbot: Any, make_view: Any
) -> None:
    view, jobs = make_view()
    page = view.privacy
    changed: list[Any] = []
    view.settings_changed.connect(changed.append)
    dialog = open_consent(qtbot, view)
    jobs.run(dialog.turn_on.click, "save")
    assert settings_file()["cloud"]["enabled"] is True
    assert changed[-1].cloud.enabled is True
    assert page.cloud_switch.isChecked()
    assert page.cloud_state.text().startswith("ON: messages may go to the providers")
    jobs.run(page.cloud_switch.click, "save")  # off: at once, no question
    assert page.consent is None
    assert settings_file()["cloud"]["enabled"] is False
    assert not page.cloud_switch.isChecked()


def test_detector_options_and_the_consent_mentions_a_detector_that_is_off(
    qtbot: Any, make_view: Any
) -> None:
    view, jobs = make_view()
    rows = view.privacy.rows
    jobs.run(rows["privacy.detector_enabled"].editor.click, "save")
    level = rows["privacy.default_level"].editor
    jobs.run(lambda: level.setCurrentIndex(level.findData("high")), "save")
    api = rows["cloud.api_clients_may_use_cloud"].editor
    jobs.run(api.click, "save")
    replaced = rows["cloud.api_clients_pseudonymise"]
    assert replaced.isVisibleTo(view.privacy)
    jobs.run(replaced.editor.click, "save")
    saved = settings_file()
    assert saved["privacy"] == {
        "detector_enabled": False,
        "sensitive_terms": [],
        "names_model": True,
        "names_model_path": "built-in",
        "default_level": "high",
        "trash_days": 30,
        "encrypt_conversations": False,
        "app_lock": False,
        "lock_after_minutes": 0,
    }
    assert saved["cloud"]["api_clients_may_use_cloud"] is True
    assert saved["cloud"]["api_clients_pseudonymise"] is True
    dialog = open_consent(qtbot, view)
    assert "The sensitive-data detector is OFF" in dialog.plain_text()
    dialog.keep_off.click()


def test_sensitive_terms_are_edited_on_the_privacy_page(qtbot: Any, make_view: Any) -> None:
    from agentic_desk.core.privacy import scanning

    view, jobs = make_view()
    view.settings_changed.connect(view.context.apply_settings)  # as the app wires it
    row = view.privacy.rows["privacy.sensitive_terms"]
    assert row.title is not None and row.title.text() == "Always sensitive (your terms)"
    edit = row.editor
    assert isinstance(edit, QLineEdit)
    edit.setText("Acme Corp,  Project   Falcon ")
    jobs.run(edit.editingFinished.emit, "save")
    assert settings_file()["privacy"]["sensitive_terms"] == ["Acme Corp", "Project Falcon"]
    assert edit.text() == "Acme Corp, Project Falcon"
    # the detector of this process uses them at once
    assert len(scanning.configured()[0]) == 2
    edit.setText("Acme Corp, " + "Z" * 101)
    edit.editingFinished.emit()  # refused before anything is saved
    assert not row.error.isHidden()
    assert row.error.text() == "Entry 2 is longer than 100 characters"
    assert "ZZZ" not in row.error.text() and "Acme" not in row.error.text()
    assert settings_file()["privacy"]["sensitive_terms"] == ["Acme Corp", "Project Falcon"]


def test_the_privacy_explanation_says_what_the_detector_cannot_see(tmp_path: Path) -> None:
    from agentic_desk.core.privacy import scanning
    from agentic_desk.core.privacy.entities import EntityWorker
    from agentic_desk.ui.settings.common import privacy_explanation

    before = scanning.configured()
    try:
        scanning.configure(entities=None)
        text = privacy_explanation()
        assert text.startswith("Low: ")
        assert text.endswith(
            "No names model is installed. People's names, addresses and organisations are "
            "found by rules only: a name after a title or greeting (Mr, Dr, Dear), a street "
            "address or postcode, a company with its legal form (Ltd, GmbH). A name written "
            "without such a cue may not be seen; add it to your sensitive terms."
        )
        scanning.configure(entities=EntityWorker(tmp_path))  # a model is configured
        assert "names model" not in privacy_explanation()
    finally:
        scanning.configure(terms=before[0], entities=before[1])


def test_sections_and_the_hook_for_more(qtbot: Any, make_view: Any) -> None:
    view, _jobs = make_view()
    assert [view.nav.item(i).text() for i in range(view.nav.count())] == list(view.SECTIONS)
    extra = QLabel("API server switch")
    index = view.add_section("Local API server", extra)
    view.show_section("Local API server")
    assert view.pages.currentIndex() == index and view.title.text() == "Local API server"
    assert extra.isVisibleTo(view)
    assert view.api_server_box.isHidden() and view.api_server_layout.count() == 1  # its title


# ---- Providers -----------------------------------------------------------------------------


def test_providers_add_with_a_preset_edit_headers_and_remove(
    qtbot: Any, make_view: Any, provider_name: str
) -> None:
    view, jobs = make_view()
    page = view.providers
    view.show_section("Providers")
    routed: list[bool] = []
    view.router_changed.connect(lambda: routed.append(True))
    page.add_button.click()
    page.preset.setCurrentIndex(page.preset.findData("openrouter"))
    page.preset.activated.emit(page.preset.currentIndex())
    assert page.name.text() == "openrouter"
    assert page.base_url.text() == "https://openrouter.ai/api/v1"
    assert page._header_values() == {
        "HTTP-Referer": "https://github.com/agentic-desk",
        "X-Title": "Agentic Desk",
    }
    page.name.setText(provider_name)
    page.model.setText("anthropic/claude-3.5-sonnet")
    jobs.run(page.save_button.click, "router", "key")
    entry = router_file()["providers"][provider_name]
    assert entry == {
        "kind": "openai",
        "baseUrl": "https://openrouter.ai/api/v1",
        "apiKey": "keyring",
        "models": {"default": "anthropic/claude-3.5-sonnet"},
        "headers": {"HTTP-Referer": "https://github.com/agentic-desk", "X-Title": "Agentic Desk"},
        "timeout": 60000,
        "maxRetries": 2,
    }
    assert routed and page.current == provider_name and page.name.isReadOnly()
    assert page.list.currentItem().text().startswith(provider_name)

    # edit: model, one header removed, one added
    page.model.setText("openai/gpt-4o-mini")
    page.headers.setCurrentCell(1, 0)
    page.remove_header.click()
    page.add_header.click()
    page.headers.item(1, 0).setText("X-Team")
    page.headers.item(1, 1).setText("desk")
    jobs.run(page.save_button.click, "router", "key")
    entry = router_file()["providers"][provider_name]
    assert entry["models"] == {"default": "openai/gpt-4o-mini"}
    assert entry["headers"] == {"HTTP-Referer": "https://github.com/agentic-desk", "X-Team": "desk"}

    # invalid values are refused with the reason; the file is unchanged
    before = router_file()
    for field, value, reason in (
        (page.base_url, "ftp://example.org", "The base URL must start with http:// or https://"),
        (page.model, "", "Enter the model to use"),
    ):
        old = field.text()
        field.setText(value)
        page.save_button.click()
        assert page.form_error.isVisibleTo(view) and page.form_error.text().startswith(reason)
        field.setText(old)
    page.headers.item(1, 0).setText("Authorization")
    page.save_button.click()
    assert page.form_error.text().startswith("Do not put the key in the 'Authorization' header")
    assert router_file() == before

    jobs.run(page.remove_button.click, "router", "key")
    assert provider_name not in router_file()["providers"]
    assert page.list.count() == 0 and page.current is None


def test_a_provider_a_rule_uses_cannot_be_removed(
    qtbot: Any, make_view: Any, provider_name: str
) -> None:
    view, jobs = make_view()
    save_provider(qtbot, view, jobs, provider_name, "https://api.groq.com/openai/v1", "llama")
    routing = view.routing
    routing.new_rule()
    routing.action_provider.setCurrentIndex(routing.action_provider.findData(provider_name))
    jobs.run(routing.save_rule_button.click, "router")
    view.providers.select(provider_name)
    view.providers.remove_button.click()
    assert view.providers.form_error.text() == (
        f"'{provider_name}' is used by rule 1 (Routing). Change or delete that first."
    )
    assert provider_name in router_file()["providers"]
    page = view.providers
    page.add_button.click()
    page.name.setText(provider_name)
    page.base_url.setText("https://x.example/v1")
    page.model.setText("m")
    page.save_button.click()
    assert page.form_error.text().startswith(
        f"There is already a provider called '{provider_name}'"
    )


def test_the_key_goes_to_the_keyring_shows_masked_and_is_never_read_back(
    qtbot: Any, make_view: Any, provider_name: str
) -> None:
    keyring = keyring_or_skip()
    view, jobs = make_view()
    page = view.providers
    save_provider(qtbot, view, jobs, provider_name, "https://api.mistral.ai/v1", "mistral-small")
    assert page.key_state.text() == "No key stored."
    assert page.key_field.echoMode() == QLineEdit.EchoMode.Password
    assert not page.remove_key_button.isEnabled()
    key = f"sk-{uuid.uuid4().hex}"
    store_key(view, jobs, key)
    assert keyring.get(provider_name) == key  # the real Secret Service holds it
    assert page.key_field.text() == ""
    assert page.key_state.text() == "Key stored in the system keyring: ••••••••"
    shown = [w.text() for w in view.findChildren(QLineEdit)] + [
        w.text() for w in view.findChildren(QLabel)
    ]
    assert not any(key in text for text in shown)
    assert key not in make_context().router_path.read_text()
    # a new view finds it in the keyring, without reading it
    second, second_jobs = make_view()
    second_jobs.run(lambda: second.show_section("Providers"), "key")  # read when opened
    second.providers.select(provider_name)
    assert second.providers.key_state.text() == "Key stored in the system keyring: ••••••••"
    assert second.providers.key_field.text() == ""
    second.close()
    # a key with spaces inside is refused in words; the stored one stays
    page.key_field.setText("sk-abc def")
    jobs.run(page.save_key_button.click, "key")
    assert page.key_error.isVisibleTo(view)
    assert keyring.get(provider_name) == key
    jobs.run(page.remove_key_button.click, "key", "key")
    assert keyring.get(provider_name) is None
    assert page.key_state.text() == "No key stored."


def test_test_connection_success_wrong_key_wrong_model_and_server_down(
    qtbot: Any, make_view: Any, provider_name: str
) -> None:
    keyring_or_skip()
    view, jobs = make_view()
    page = view.providers
    with OpenAIServer(api_key="sk-right-key", models=("gpt-test", "other")) as server:
        save_provider(qtbot, view, jobs, provider_name, server.base_url, "gpt-test")
        assert page.key_state.text() == (
            "No key needed: this server runs on this computer (you can still store one)."
        )
        store_key(view, jobs, "sk-right-key")
        jobs.run(page.test_button.click, "test")
        assert page.test_result.text() == (
            f"Connected to {provider_name}: 2 models available, including 'gpt-test'."
        )
        [request] = server.requests
        assert (request.method, request.path) == ("GET", "/v1/models")
        assert request.headers["authorization"] == "Bearer sk-right-key"

        store_key(view, jobs, "sk-wrong-key")
        jobs.run(page.test_button.click, "test")
        text = page.test_result.text()
        assert mark_of(page.test_result) == "warning" and page.test_result.property("ok") is False
        assert text == (
            f"{provider_name} rejected the API key (HTTP 401).\nCheck the key in Settings → "
            f"Providers, or run 'agentic-desk keys set {provider_name}'."
        )
        assert "sk-wrong-key" not in text
        assert server.requests[-1].headers["authorization"] == "Bearer sk-wrong-key"

        store_key(view, jobs, "sk-right-key")
        page.model.setText("no-such-model")  # tested as typed, before it is saved
        jobs.run(page.test_button.click, "test")
        assert page.test_result.text().startswith(
            f"{provider_name} does not know the model 'no-such-model'."
        )
        assert "'gpt-test'" in page.test_result.text()
    page.model.setText("gpt-test")
    jobs.run(page.test_button.click, "test")  # the server is gone now
    down = page.test_result.text()
    assert down.startswith(f"Could not connect to {provider_name} at http://127.0.0.1:")
    assert "(connection refused).\nMake sure the server is running" in down


def test_test_connection_anthropic_wrong_model_is_the_404_in_words(
    qtbot: Any, make_view: Any, provider_name: str
) -> None:
    keyring_or_skip()
    view, jobs = make_view()
    page = view.providers
    with AnthropicServer(api_key="sk-ant-right", models=("claude-test",)) as server:
        save_provider(qtbot, view, jobs, provider_name, server.base_url, "claude-test", "anthropic")
        store_key(view, jobs, "sk-ant-right")
        jobs.run(page.test_button.click, "test")
        assert page.test_result.text() == f"Connected to {provider_name}: 'claude-test' answered."
        assert server.requests[-1].body["max_tokens"] == 1
        page.model.setText("claude-nope")
        jobs.run(page.test_button.click, "test")
        text = page.test_result.text()
        assert server.requests[-1].body["model"] == "claude-nope"
    assert text == (
        f"{provider_name} does not know the model 'claude-nope' (HTTP 404).\nCheck the model "
        f"name in Settings → Providers; it must be one that {provider_name} offers."
    )


def test_with_cloud_off_a_remote_provider_is_not_contacted(
    qtbot: Any, make_view: Any, provider_name: str
) -> None:
    view, jobs = make_view()
    page = view.providers
    save_provider(qtbot, view, jobs, provider_name, "https://api.openai.com/v1", "gpt-4o-mini")
    page.test_button.click()  # refused at once: no job, no connection
    assert page.test_result.text() == (
        "Cloud is off, so nothing is sent to api.openai.com.\nTurn cloud on under "
        "Privacy & cloud to test this provider."
    )


def test_with_no_keyring_the_view_says_what_to_install_and_stores_nothing(
    qtbot: Any, make_view: Any, provider_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """keyring's own fail backend, and no Secret Service on the bus: no store at all."""
    import keyring
    from keyring.backends import fail

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/agentic-desk-bus")
    original = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        view, jobs = make_view()
        page = view.providers
        jobs.run(lambda: view.show_section("Providers"), "key")
        assert page.keyring_notice.isVisibleTo(view)
        notice = page.keyring_notice.text()
        assert notice.startswith("No OS keyring is available to store API keys:")
        assert "sudo apt install gnome-keyring" in notice
        assert "never keeps keys in a file" in notice
        save_provider(qtbot, view, jobs, provider_name, "https://api.groq.com/openai/v1", "llama")
        assert not page.key_field.isEnabled() and not page.save_key_button.isEnabled()
        assert page.key_state.text().startswith("No key can be stored: there is no system keyring")
        files = [p for p in make_context().paths.root.rglob("*") if p.is_file()]
        assert all("sk-" not in p.read_text(errors="replace") for p in files)
    finally:
        keyring.set_keyring(original)


# ---- Routing -------------------------------------------------------------------------------


def setup_rules(qtbot: Any, view: SettingsView, jobs: Jobs, name: str) -> None:
    """Two providers, and rules: complexity high -> name; privacy high -> local."""
    save_provider(qtbot, view, jobs, name, "http://127.0.0.1:9/v1", "big-model")
    page = view.routing
    view.show_section("Routing")
    page.add_rule_button.click()
    page.cond_complexity["high"].setChecked(True)
    page.action_provider.setCurrentIndex(page.action_provider.findData(name))
    page.action_model.setText("big-model-2")
    page.action_temperature.setText("0.3")
    page.rule_reason.setText("hard questions")
    jobs.run(page.save_rule_button.click, "router")
    page.add_rule_button.click()
    page.cond_privacy["high"].setChecked(True)
    page.cond_sensitive.setCurrentIndex(page.cond_sensitive.findData(True))
    page.cond_min.setText("10")
    page.cond_tags.setText("coder, research")
    jobs.run(page.save_rule_button.click, "router")


def test_rules_add_edit_reorder_delete(qtbot: Any, make_view: Any, provider_name: str) -> None:
    view, jobs = make_view()
    page = view.routing
    setup_rules(qtbot, view, jobs, provider_name)
    rules = router_file()["routing"]["rules"]
    assert rules == [
        {
            "condition": {"complexity": "high"},
            "action": {"provider": provider_name, "model": "big-model-2", "temperature": 0.3},
            "reason": "hard questions",
        },
        {
            "condition": {
                "privacy": "high",
                "agentType": ["coder", "research"],
                "minTokens": 10,
                "sensitive": True,
            },
            "action": {"provider": "local"},
            "reason": "",
        },
    ]
    assert page.rules.count() == 2
    assert page.rules.item(0).text() == (
        f"1. If complexity high → {provider_name} · big-model-2\n    hard questions"
    )
    # edit the first
    page.rules.setCurrentRow(0)
    assert page.action_model.text() == "big-model-2" and page.editor_title.text() == "Rule 1"
    page.cond_complexity["medium"].setChecked(True)
    page.action_max_tokens.setText("300")
    jobs.run(page.save_rule_button.click, "router")
    first = router_file()["routing"]["rules"][0]
    assert first["condition"] == {"complexity": ["medium", "high"]}
    assert first["action"]["maxTokens"] == 300
    # invalid values are refused with the reason
    page.cond_min.setText("-5")
    page.save_rule_button.click()
    assert page.rule_error.text() == (  # the core's reason, by the editor's name for the field
        "The smallest prompt must be a whole number of 0 or more (got -5)."
    )
    page.cond_min.setText("lots")
    page.save_rule_button.click()
    assert page.rule_error.text() == (
        "The smallest prompt must be a number of 0 or more, or empty (got 'lots')."
    )
    page.cond_min.setText("")
    page.cond_max.setText("2000")
    page.cond_local_only.setCurrentIndex(page.cond_local_only.findData(False))
    page.cond_budget.setCurrentIndex(page.cond_budget.findData("ok"))
    jobs.run(page.save_rule_button.click, "router")
    first = router_file()["routing"]["rules"][0]
    assert first["condition"] == {
        "complexity": ["medium", "high"],
        "localOnly": False,
        "maxTokens": 2000,
        "budget": "ok",
    }
    assert (
        page.rules.item(0)
        .text()
        .startswith("1. If not local-only, complexity medium/high, ≤ 2000 tokens, budget ok →")
    )
    page.action_temperature.setText("7")
    page.save_rule_button.click()
    assert page.rule_error.text() == "Temperature must be a number between 0 and 2 (got 7)."
    page.action_temperature.setText("1")
    page.action_max_tokens.setText("0")  # refused by the core too, with its one limit
    page.save_rule_button.click()
    assert page.rule_error.text() == (
        "The longest reply must be a whole number between 1 and 32768 (got 0)."
    )
    assert router_file()["routing"]["rules"][0] == first
    # reorder with the buttons
    page.rules.setCurrentRow(0)
    jobs.run(page.rule_down.click, "router")
    assert [r["reason"] for r in router_file()["routing"]["rules"]] == ["", "hard questions"]
    assert page.rules.currentRow() == 1
    jobs.run(page.rule_up.click, "router")
    assert [r["reason"] for r in router_file()["routing"]["rules"]] == ["hard questions", ""]
    # reorder by dragging the second rule above the first (a real drop event)
    page.rules.setCurrentRow(1)
    mime = page.rules.model().mimeData([page.rules.model().index(1, 0)])
    target = page.rules.visualItemRect(page.rules.item(0)).topLeft() + QPoint(5, 2)
    drop = QDropEvent(
        target,
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    jobs.run(lambda: page.rules.dropEvent(drop), "router")
    assert [r["reason"] for r in router_file()["routing"]["rules"]] == ["", "hard questions"]
    assert page.rules.item(1).text().startswith("2. If not local-only, complexity medium/high")
    # delete
    page.rules.setCurrentRow(0)
    jobs.run(page.delete_rule_button.click, "router")
    assert [r["reason"] for r in router_file()["routing"]["rules"]] == ["hard questions"]
    assert isinstance(mime, QMimeData)


def test_mode_default_fallback_chain_and_budgets(
    qtbot: Any, make_view: Any, provider_name: str
) -> None:
    SpendLedger(make_context().paths.root / "spend.json").add(0.25)
    view, jobs = make_view()
    page = view.routing
    save_provider(qtbot, view, jobs, provider_name, "https://api.groq.com/openai/v1", "llama")
    view.show_section("Routing")
    page.mode.setCurrentIndex(page.mode.findData("privacy-first"))
    jobs.run(lambda: page.mode.activated.emit(page.mode.currentIndex()), "router")
    assert router_file()["routing"]["mode"] == "privacy-first"
    assert page.mode_help.text().startswith("Privacy-first:")
    page.default_provider.setCurrentIndex(page.default_provider.findData(provider_name))
    jobs.run(
        lambda: page.default_provider.activated.emit(page.default_provider.currentIndex()),
        "router",
    )
    assert router_file()["defaultProvider"] == provider_name
    for name in ("local", provider_name):
        page.fallback_choice.setCurrentIndex(page.fallback_choice.findData(name))
        jobs.run(page.fallback_add.click, "router")
    assert router_file()["fallbackChain"] == ["local", provider_name]
    page.fallback_add.click()
    assert page.fallback_error.text() == f"{provider_name} is already in the chain."
    page.fallback.setCurrentRow(1)
    jobs.run(page.fallback_up.click, "router")
    assert router_file()["fallbackChain"] == [provider_name, "local"]
    assert page.fallback.currentRow() == 0
    jobs.run(page.fallback_down.click, "router")
    assert router_file()["fallbackChain"] == ["local", provider_name]
    page.fallback.setCurrentRow(0)
    jobs.run(page.fallback_down.click, "router")
    assert router_file()["fallbackChain"] == [provider_name, "local"]
    page.fallback.setCurrentRow(0)
    jobs.run(page.fallback_remove.click, "router")
    assert router_file()["fallbackChain"] == ["local"]

    assert page.spend.text() == (
        "Spent so far: $0.2500 today (no limit), $0.2500 this month (no limit)."
    )
    jobs.run(lambda: edit(qtbot, page.budget_fields["daily"], "1.5"), "router")
    jobs.run(lambda: edit(qtbot, page.budget_fields["max_cost_per_request"], "0.02"), "router")
    cost = router_file()["costOptimization"]
    assert cost == {"enabled": True, "maxCostPerRequest": 0.02, "budgetLimits": {"daily": 1.5}}
    assert page.spend.text() == (
        "Spent so far: $0.2500 today of $1.50, $0.2500 this month (no limit)."
    )
    edit(qtbot, page.budget_fields["monthly"], "-3")
    assert page.budget_error.text() == "Monthly limit ($) must be a number of 0 or more (got -3)."
    edit(qtbot, page.budget_fields["monthly"], "ten")
    assert page.budget_error.text() == (
        "Monthly limit ($) must be a number of 0 or more, or empty (got 'ten')."
    )
    assert router_file()["costOptimization"] == cost


def test_import_and_export_router_config(
    qtbot: Any, make_view: Any, provider_name: str, tmp_path: Path
) -> None:
    view, jobs = make_view()
    page = view.routing
    setup_rules(qtbot, view, jobs, provider_name)
    exported = tmp_path / "out" / "router.config.json"
    exported.parent.mkdir()
    jobs.run(lambda: page.export_config(str(exported)), "export")
    assert json.loads(exported.read_text()) == router_file()
    assert page.file_result.text().startswith(f"Exported to {exported}.")

    sample = Path(__file__).resolve().parents[1] / "resources" / "router.config.sample.json"
    before = make_context().router_path.read_bytes()
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"providers": {')
    jobs.run(lambda: page.import_config(str(corrupt)), "import")
    assert page.file_result.text().startswith("corrupt.json is not valid JSON (")
    assert page.file_result.text().endswith("Nothing was changed.")
    assert make_context().router_path.read_bytes() == before
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"routing": {"mode": "fastest"}}))
    jobs.run(lambda: page.import_config(str(wrong)), "import")
    assert page.file_result.text().startswith(
        "router.config.json: routing.mode is 'fastest' (allowed: rule-based, cost-optimized, "
        "privacy-first, manual).\nFix that field"
    )
    assert make_context().router_path.read_bytes() == before

    routed: list[bool] = []
    view.router_changed.connect(lambda: routed.append(True))
    jobs.run(lambda: page.import_config(str(sample)), "import", "key")
    expected = rc.parse_config(json.loads(sample.read_text()))
    assert rc.load_config(make_context().router_path) == expected
    assert routed == [True]
    assert page.rules.count() == len(expected.rules)
    assert page.file_result.text().startswith(
        f"Imported {len(expected.rules)} rules and {len(expected.providers)} providers"
    )
    assert view.providers.list.count() == len(
        [p for p in expected.providers.values() if not p.is_local]
    )
    # editing an imported provider keeps its model tiers
    view.providers.select("openrouter")
    assert view.providers.model.text() == "anthropic/claude-3.5-sonnet"
    view.providers.model.setText("openai/gpt-4o-mini")
    jobs.run(view.providers.save_button.click, "router", "key")
    assert router_file()["providers"]["openrouter"]["models"] == {
        "default": "openai/gpt-4o-mini",
        "fast": "anthropic/claude-3-haiku",
        "advanced": "anthropic/claude-3.5-sonnet",
    }
    expected = rc.load_config(make_context(ensure=False).router_path)
    # round trip: export what was imported
    again = tmp_path / "again.json"
    jobs.run(lambda: page.export_config(str(again)), "export")
    assert rc.parse_config(json.loads(again.read_text())) == expected


def test_import_moves_a_literal_key_into_the_keyring(
    qtbot: Any, make_view: Any, provider_name: str, tmp_path: Path
) -> None:
    keyring = keyring_or_skip()
    view, jobs = make_view()
    key = f"sk-{uuid.uuid4().hex}"
    source = tmp_path / "with-key.json"
    source.write_text(
        json.dumps(
            {"providers": {provider_name: {"baseUrl": "https://x.example/v1", "apiKey": key}}}
        )
    )
    jobs.run(lambda: view.routing.import_config(str(source)), "import", "key")
    assert keyring.get(provider_name) == key
    assert key not in make_context().router_path.read_text()
    assert "was moved into the system keyring" in view.routing.file_result.text()


def test_try_a_prompt_shows_the_decision_and_why(
    qtbot: Any, make_view: Any, provider_name: str
) -> None:
    view, jobs = make_view()
    page = view.routing
    setup_rules(qtbot, view, jobs, provider_name)
    page.try_prompt.setPlainText("Design the architecture and compare the trade-offs")
    page.try_complexity.setCurrentIndex(page.try_complexity.findData("high"))
    jobs.run(page.try_button.click, "explain")
    lines = page.try_text().splitlines()
    assert lines[0] == "Local · cloud providers are off"
    assert f"not used: {provider_name}: cloud providers are off" in lines
    # with cloud on, the rule sends it to the provider (a server on this computer needs no key)
    dialog = open_consent(qtbot, view)
    jobs.run(dialog.turn_on.click, "save")
    jobs.run(page.try_button.click, "explain")
    lines = page.try_text().splitlines()
    assert lines[0] == f"Cloud · {provider_name} · rule 1: hard questions"
    assert "model: big-model-2" in lines
    # sensitive data stays local, and the notice says what was found
    page.try_prompt.setPlainText("my card is 4111 1111 1111 1111, design a plan")
    jobs.run(page.try_button.click, "explain")
    text = page.try_text()
    assert text.startswith(
        "Local · privacy high (sensitive data found in this message: a payment card number) "
        "keeps this message on this computer\n"
    )
    assert "payment card number" in text
    # the privacy chosen for the prompt counts too
    page.try_prompt.setPlainText("Design the architecture and compare the trade-offs")
    page.try_privacy.setCurrentIndex(page.try_privacy.findData("local_only"))
    jobs.run(page.try_button.click, "explain")
    assert page.try_text().splitlines() == [
        "Local · privacy local-only keeps this message on this computer",
        "privacy: local-only; complexity: high",
        f"not used: {provider_name}: privacy local-only keeps this message on this computer",
    ]
    page.try_prompt.setPlainText("")
    page.try_button.click()
    assert page.try_text() == "Type a message first."


# ---- Models folder ---------------------------------------------------------------------------


@pytest.fixture
def installed(scripted_model: Path) -> Path:
    """The scripted model in the default models folder, and a 3 MiB partial download."""
    models = make_context().paths.root / "models"
    ModelStore(models).import_folder(scripted_model, name="scripted")
    partial = models / ".partial" / "big"
    partial.mkdir(parents=True)
    (partial / "weights.part").write_bytes(os.urandom(3 * 1024 * 1024))
    return models


def test_move_the_models_folder(
    qtbot: Any, make_view: Any, installed: Path, tmp_path: Path
) -> None:
    view, jobs = make_view()
    page = view.models_folder
    view.show_section("Models folder")
    assert page.path.text() == str(installed)
    assert page.summary.text().startswith("1 installed model,")
    restarts: list[str] = []
    view.restart_needed.connect(restarts.append)
    values: list[int] = []
    page.progress.valueChanged.connect(values.append)
    target = tmp_path / "bigger-disk" / "models"
    jobs.run(lambda: page.move_to(str(target)), "move", "move")
    assert settings_file()["models_dir"] == str(target)
    assert not installed.exists()
    assert ModelStore(target).get("scripted").path == target / "scripted"
    assert ModelStore(target).verify("scripted").ok
    assert page.path.text() == str(target)
    assert page.status.text() == (
        f"Moved 1 model to {target}. Restart Agentic Desk to use the new folder."
    )
    assert restarts == ["models folder"]
    assert values and max(values) >= 500  # it reached the checking half
    assert not page.progress.isVisibleTo(view) and page.move_button.isEnabled()


def test_cancel_a_move_keeps_the_old_folder(
    qtbot: Any, make_view: Any, installed: Path, tmp_path: Path
) -> None:
    view, jobs = make_view()
    page = view.models_folder
    view.show_section("Models folder")
    before = sorted(p.relative_to(installed) for p in installed.rglob("*"))
    reached, resume = threading.Event(), threading.Event()

    def hold(progress: Any) -> None:  # worker thread: wait at the first report
        if progress.phase == "copying" and progress.done_bytes > 0 and not reached.is_set():
            reached.set()
            resume.wait(TIMEOUT / 1000)

    page.worker_hook = hold
    target = tmp_path / "new"
    jobs.run(lambda: page.move_to(str(target)), "move")  # the checks
    assert page.cancel_button.isVisibleTo(view) and page.progress.isVisibleTo(view)
    assert reached.wait(TIMEOUT / 1000)

    def cancel() -> None:
        page.cancel_button.click()
        resume.set()

    jobs.run(cancel, "move")
    assert page.status.text() == ("The move was cancelled. The models are still in the old folder.")
    assert sorted(p.relative_to(installed) for p in installed.rglob("*")) == before
    assert not target.exists()
    assert "models_dir" not in (
        settings_file() if make_context(ensure=False).paths.settings_file.exists() else {}
    )
    assert not page.cancel_button.isVisibleTo(view) and page.move_button.isEnabled()


def test_a_move_without_room_or_into_itself_is_refused(
    qtbot: Any, make_view: Any, installed: Path, tmp_path: Path
) -> None:
    view, jobs = make_view()
    page = view.models_folder
    page.free_space = lambda _folder: 2 * 1024 * 1024
    jobs.run(lambda: page.move_to(str(tmp_path / "small")), "move")
    assert page.status.text().startswith("There is not enough free space at")
    assert "only 2.0 MB is free" in page.status.text()
    page.free_space = lambda _folder: 10**12
    jobs.run(lambda: page.move_to(str(installed / "inner")), "move")
    assert page.status.text().startswith(f"{installed / 'inner'} is inside the current models")
    assert installed.is_dir() and not (tmp_path / "small").exists()
    assert page.move_button.isEnabled()


# ---- screenshots ------------------------------------------------------------------------------


def test_screenshots(
    qtbot: Any, make_view: Any, qapp: QApplication, installed: Path, tmp_path: Path
) -> None:
    """Writes settings-*-{light,dark}.png and consent-dialog-*.png (1280x800) for a person
    to look at; each is checked (written afresh, not blank, in its theme's colours)."""
    sample = Path(__file__).resolve().parents[1] / "resources" / "router.config.sample.json"
    SpendLedger(make_context().paths.root / "spend.json").add(0.1834)
    view, jobs = make_view()
    window = QMainWindow()
    window.setWindowTitle("Agentic Desk — Settings")
    window.setCentralWidget(view)
    window.resize(1280, 800)
    window.show()
    view.show()
    jobs.run(lambda: view.routing.import_config(str(sample)), "import", "key")
    routing = view.routing
    routing.rules.setCurrentRow(1)
    routing.try_prompt.setPlainText("Design a database schema for a library and compare options")
    routing.try_complexity.setCurrentIndex(routing.try_complexity.findData("high"))
    routing.try_privacy.setCurrentIndex(routing.try_privacy.findData("low"))
    jobs.run(routing.try_button.click, "explain")
    rows = view.general.rows  # an inline refusal and a restart notice, for the designer
    jobs.run(lambda: edit(qtbot, rows["engine.idle_unload_minutes"].editor, "30"), "save")
    edit(qtbot, rows["engine.temperature"].editor, "5")
    providers = view.providers
    first = providers.list.item(0).data(Qt.ItemDataRole.UserRole)
    providers.select(first)
    try:
        for theme in ("light", "dark"):
            apply_theme(qapp, theme)
            for section, name in (
                ("General", "general"),
                ("Privacy & cloud", "privacy"),
                ("Providers", "providers"),
                ("Routing", "routing"),
                ("Models folder", "models"),
            ):
                view.show_section(section)
                qapp.processEvents()
                image = window.grab()
                assert (image.width(), image.height()) == (1280, 800)
                save_shot(image, f"settings-{name}-{theme}", theme)
            view.show_section("Routing")  # its lower half: budgets, files, try a prompt
            scroll = view.pages.currentWidget().verticalScrollBar()
            scroll.setValue(scroll.maximum())
            qapp.processEvents()
            save_shot(window, f"settings-routing-try-{theme}", theme)
            scroll.setValue(0)
            dialog = open_consent(qtbot, view)
            qapp.processEvents()
            composite = window.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
            painter = QPainter(composite)
            painter.fillRect(composite.rect(), QColor(0, 0, 0, 110))  # the window, dimmed
            shot = dialog.grab()
            painter.drawPixmap(
                (composite.width() - shot.width()) // 2,
                (composite.height() - shot.height()) // 2,
                shot,
            )
            painter.end()
            check_theme(shot, theme, f"the consent dialog ({theme})")
            save_shot(composite, f"consent-dialog-{theme}")  # dimmed window: no theme check
            dialog.keep_off.click()
    finally:
        apply_theme(qapp, "light")
        window.takeCentralWidget()  # the view stays the fixture's, to close and check
        window.close()


def test_a_damaged_router_config_is_reported_and_never_written_over(
    qtbot: Any, make_view: Any, tmp_path: Path
) -> None:
    router = make_context().router_path
    router.write_text('{"routing": {"mode": "rule-based", "rules": [}')
    damaged = router.read_bytes()
    view, jobs = make_view()
    page = view.routing
    view.show_section("Routing")
    assert page.router_notice.isVisibleTo(view)
    assert page.router_notice.text().startswith(
        f"The routing configuration {router} is not valid JSON (Expecting value at line 1, "
    )
    page.new_rule()
    page.save_rule_button.click()
    assert page.rule_error.text().endswith("It is left as it is, so this change was not saved.")
    assert router.read_bytes() == damaged
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"routing": {"mode": "privacy-first"}}))
    jobs.run(lambda: page.import_config(str(good)), "import", "key")
    assert not page.router_notice.isVisibleTo(view)
    assert router_file()["routing"]["mode"] == "privacy-first"
    page.new_rule()
    jobs.run(page.save_rule_button.click, "router")
    assert router_file()["routing"]["rules"] == [
        {"condition": {}, "action": {"provider": "local"}, "reason": ""}
    ]


class GuiThreadIO:
    """Records, while on, files under the data folder opened and sockets connected by the
    GUI thread (Python audit events; an audit hook cannot be removed, so it stays inert)."""

    installed: GuiThreadIO | None = None

    def __init__(self, root: Path) -> None:
        self.root = str(root)
        self.on = False
        self.seen: list[str] = []
        self.gui = threading.get_ident()
        GuiThreadIO.installed = self

    @staticmethod
    def hook(event: str, args: tuple[Any, ...]) -> None:
        self = GuiThreadIO.installed
        if self is None or not self.on or threading.get_ident() != self.gui:
            return
        if (
            event == "open"
            and isinstance(args[0], str | Path)
            and str(args[0]).startswith(self.root)
        ):
            self.seen.append(f"open {args[0]}")
        elif event == "socket.connect":
            self.seen.append(f"connect {args[1]!r}")


def test_no_disk_keyring_or_network_work_on_the_gui_thread(
    qtbot: Any, make_view: Any, provider_name: str, installed: Path, tmp_path: Path
) -> None:
    import sys

    keyring_or_skip()
    recorder = GuiThreadIO(make_context().paths.root)
    if not getattr(sys, "_agentic_desk_settings_hook", False):
        sys.addaudithook(GuiThreadIO.hook)
        sys._agentic_desk_settings_hook = True  # type: ignore[attr-defined]
    probe = make_context().paths.root / "probe.txt"
    recorder.on = True  # control: the recorder sees the GUI thread's own file work
    probe.write_text("x")
    recorder.on = False
    assert recorder.seen == [f"open {probe}"]
    recorder.seen.clear()
    view, jobs = make_view()

    def watched(action: Callable[[], object], *names: str) -> None:
        recorder.on = True
        try:
            jobs.run(action, *names)
        finally:
            recorder.on = False

    rows = view.general.rows
    sample = Path(__file__).resolve().parents[1] / "resources" / "router.config.sample.json"
    with OpenAIServer(api_key="sk-gui-key", models=("gpt-test",)) as server:
        watched(view.reload, "load")
        watched(lambda: edit(qtbot, rows["engine.temperature"].editor, "0.4"), "save")
        watched(
            lambda: save_provider(qtbot, view, jobs, provider_name, server.base_url, "gpt-test")
        )
        view.providers.key_field.setText("sk-gui-key")
        watched(view.providers.save_key_button.click, "key", "key")
        watched(view.providers.test_button.click, "test")
        assert view.providers.test_result.text().startswith("Connected")
        view.routing.try_prompt.setPlainText("hello")
        watched(view.routing.try_button.click, "explain")
        watched(lambda: view.routing.export_config(str(tmp_path / "x.json")), "export")
        watched(lambda: view.routing.import_config(str(sample)), "import", "key")
        watched(lambda: view.models_folder.move_to(str(tmp_path / "moved")), "move", "move")
    assert (tmp_path / "moved" / "scripted").is_dir()
    assert recorder.seen == []


def test_a_header_without_a_name_is_explained_in_the_windows_language(
    qtbot: Any, qapp: Any, make_view: Any
) -> None:
    from PySide6.QtWidgets import QTableWidgetItem

    from agentic_desk.ui import i18n

    view, _jobs = make_view()
    page = view.providers
    page.headers.setRowCount(1)
    page.headers.setItem(0, 1, QTableWidgetItem("a value"))
    with pytest.raises(ValueError, match="Header row 1 has a value but no name"):
        page._header_values()
    assert i18n.install(qapp, "de") == "de"
    try:
        with pytest.raises(ValueError, match="Die Kopfzeile 1 hat einen Wert, aber keinen Namen"):
            page._header_values()
    finally:
        i18n.uninstall(qapp)
