"""End to end as a user, in the real window: add a cloud provider and its key, add a rule,
turn cloud on through the consent dialog; a prompt the rule routes goes to the (local,
OpenAI-protocol) cloud server, a prompt with sensitive data stays on the local model; both
replies carry their badge."""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import tiny_models as tm
from agentic_desk.core.secrets import SecretStore
from agentic_desk.ui.app import apply_theme, build_window
from agentic_desk.ui.main_window import MainWindow
from gui_helpers import Jobs, open_consent, replies, router_file, save_provider, send, settings_file
from provider_servers import OpenAIServer
from shots import save_shot


@pytest.fixture
def window(
    qtbot: Any, loop: asyncio.AbstractEventLoop, scripted_model: Path
) -> Iterator[MainWindow]:
    if not SecretStore().available():
        pytest.skip("no Secret Service (run under scripts/with-secret-service.sh)")
    win, engine, _theme = build_window(loop, model=str(scripted_model))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    with qtbot.waitSignal(win.view_ready, timeout=30_000):
        win.show()
    yield win
    win.close()
    engine.close()


def test_a_rule_sends_one_prompt_to_the_cloud_and_sensitive_data_stays_local(
    qtbot: Any, window: MainWindow
) -> None:
    name = f"cloud-{uuid.uuid4().hex[:8]}"
    view = window.settings_view
    jobs = Jobs(qtbot, view)
    window.show_settings()
    try:
        with OpenAIServer(api_key="sk-e2e-key", models=("gpt-e2e",)) as cloud:
            cloud.default.pieces = ("From", " the", " cloud", ".")
            # the provider and its key (to the keyring, never back into a widget)
            save_provider(qtbot, view, jobs, name, cloud.base_url, "gpt-e2e")
            view.providers.key_field.setText("sk-e2e-key")
            jobs.run(view.providers.save_key_button.click, "key", "key")
            assert view.providers.key_field.text() == ""
            assert SecretStore().get(name) == "sk-e2e-key"
            # a rule: normal-privacy messages go to that provider
            page = view.routing
            view.show_section("Routing")
            page.add_rule_button.click()
            page.cond_privacy["normal"].setChecked(True)
            page.action_provider.setCurrentIndex(page.action_provider.findData(name))
            page.rule_reason.setText("everyday drafts may use the cloud")
            jobs.run(page.save_rule_button.click, "router")
            assert router_file()["routing"]["rules"][0]["action"]["provider"] == name
            # nothing has gone out yet: cloud is off until the consent is accepted
            assert cloud.requests == []
            dialog = open_consent(qtbot, view)
            jobs.run(dialog.turn_on.click, "save")
            assert settings_file()["cloud"]["enabled"] is True

            window.show_chat()
            routed = send(qtbot, window, "Please tidy up this paragraph for me")
            assert routed.error is None, routed.error
            assert routed.text == "From the cloud."
            [request] = [r for r in cloud.requests if r.path.endswith("/chat/completions")]
            assert request.headers["authorization"] == "Bearer sk-e2e-key"
            assert "tidy up" in str(request.body["messages"])

            secret = send(qtbot, window, "My card number is 4111 1111 1111 1111, draft a letter")
            assert secret.text == tm.SENTENCE  # the local model answered
            assert len([r for r in cloud.requests if r.path.endswith("/completions")]) == 1
            assert "4111" not in str([r.body for r in cloud.requests])
            first, second = replies(window)
            assert first.badge.text().startswith(f"Cloud · {name} · rule 1")
            assert "cost unknown" in first.badge.text()  # no price for this model: not $0
            assert second.badge.text().startswith("Local")
            assert "sensitive" in window.banner.text().lower()
            apply_theme(QApplication.instance(), "light")
            save_shot(window, "chat-cloud-and-local-light", "light")
            # the record of what left: the one routed request, its exact bytes, its chat
            [entry] = view.context.audit_log().list()
            assert entry.body_sha256 == hashlib.sha256(request.raw).hexdigest()
            assert (entry.provider, entry.outcome) == (name, "completed")
            assert entry.conversation_id == window.current_id
            assert entry.reason.startswith(f"Cloud · {name} · rule 1")
            window.show_settings()
            jobs.run(lambda: view.show_section("What left this computer"), "audit")
            assert view.sent.table.rowCount() == 1
            assert view.sent.table.item(0, 6).text() == entry.short_hash
            window.show_chat()

            # the follow-up carries the history (the card number) with it: it stays local,
            # and the reason names the earlier turn
            follow = send(qtbot, window, "Thanks, now make it shorter.")
            assert follow.text == tm.SENTENCE
            assert len([r for r in cloud.requests if r.path.endswith("/completions")]) == 1
            third = replies(window)[-1]
            assert third.badge.text().startswith("Local")
            assert "turn 2" in third.badge.text(), third.badge.text()

            # a message marked local-only keeps every later request of its conversation local
            with qtbot.waitSignal(window.view_ready, timeout=30_000):
                window.new_chat()
            combo = window.chat.message_private
            combo.setCurrentIndex(combo.findData("local_only"))
            send(qtbot, window, "Notes on my own health, just for me")
            combo.setCurrentIndex(combo.findData(None))
            later = send(qtbot, window, "Now a haiku about spring")
            assert later.text == tm.SENTENCE
            assert len([r for r in cloud.requests if r.path.endswith("/completions")]) == 1
            assert "local-only" in replies(window)[-1].badge.text()
    finally:
        SecretStore().delete(name)


def test_moving_the_models_folder_applies_at_once_in_the_window(
    qtbot: Any, window: MainWindow, scripted_model: Path, tmp_path: Path
) -> None:
    panel = window.models_panel
    with qtbot.waitSignal(panel.action_done, timeout=60_000):
        panel.import_folder(str(scripted_model))
    view = window.settings_view
    jobs = Jobs(qtbot, view)
    window.show_settings()
    view.show_section("Models folder")
    restarts: list[str] = []
    view.restart_needed.connect(restarts.append)
    target = tmp_path / "other-disk" / "models"
    jobs.run(lambda: view.models_folder.move_to(str(target)), "move", "move")

    def moved() -> bool:
        return bool(panel.models) and Path(panel.models[0].location).parent == target

    while not moved():  # the panel re-reads the store (on a worker thread) after the move
        with qtbot.waitSignal(panel.installed_ready, timeout=60_000):
            pass
    assert restarts == []
    assert "in use from there now" in view.models_folder.status.text()
    [model] = panel.models
    assert Path(model.location).parent == target
    window.show_chat()
    assert send(qtbot, window, "hello").text == tm.SENTENCE
