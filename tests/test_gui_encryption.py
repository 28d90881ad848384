"""The Privacy page's switch for encryption at rest: it converts the window's open store
through the view's JobRunner (LiveConversionJob), and the store keeps working.

Real SQLCipher and the real keyring (the app's own entry, removed afterwards)."""

from __future__ import annotations

import asyncio
import platform
import sys
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("qasync")

from agentic_desk.core.context import AppContext
from agentic_desk.core.conversations import ConversationStore, driver
from agentic_desk.core.conversations.encryption import KEY_NAME
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.secrets import SecretStore
from agentic_desk.core.settings import SettingsStore
from agentic_desk.ui.settings_view import SettingsView
from gui_helpers import Jobs, settings_file
from keyring_helpers import missing_keyring

SECRET = "the zebra password is tangerine-4411"


@pytest.fixture
def store_and_view(
    qtbot: Any, loop: asyncio.AbstractEventLoop
) -> Iterator[tuple[ConversationStore, SettingsView, Jobs]]:
    if not driver.available():
        reason = "sqlcipher3-binary is not installed (the encryption extra)"
        if not (sys.platform == "linux" and platform.machine() == "x86_64"):
            reason = f"other platform: {reason}, which has wheels for Linux x86-64 only"
        pytest.skip(reason)
    reason = missing_keyring()
    if reason:
        pytest.skip(reason)
    paths = AppPaths.from_env().ensure()
    settings = SettingsStore(paths.settings_file)
    context = AppContext(paths, settings, settings.load().settings)
    store = context.conversation_store()
    conversation = store.create_conversation(title="Holiday plans")
    store.add_user_message(conversation.id, SECRET)
    view = SettingsView(context)
    view.conversations = store
    qtbot.addWidget(view)
    jobs = Jobs(qtbot, view)
    jobs.run(view.show, "load")
    view.show_section("Privacy & cloud")
    try:
        yield store, view, jobs
    finally:
        view.close()
        store.close()
        SecretStore().delete(KEY_NAME)


def test_the_switch_encrypts_and_decrypts_the_open_store(
    store_and_view: tuple[ConversationStore, SettingsView, Jobs],
) -> None:
    store, view, jobs = store_and_view
    page = view.privacy
    db = view.context.paths.conversations_db
    assert not page.encrypt_switch.isChecked() and page.encrypt_switch.isEnabled()
    assert "OFF" in page.encrypt_state.text()

    jobs.run(page.encrypt_switch.click, "encrypt", "load")
    assert page.encrypt_switch.isChecked(), page.encrypt_error.text()
    assert "ON" in page.encrypt_state.text()
    assert not db.read_bytes().startswith(b"SQLite format 3")
    assert settings_file()["privacy"]["encrypt_conversations"] is True
    # The window's store object keeps working, now on the encrypted file.
    assert store.encrypted
    assert [h.snippet for h in store.search("tangerine")]
    conversation = store.create_conversation(title="After")
    store.add_user_message(conversation.id, "a quokka appeared")
    assert [h.conversation_id for h in store.search("quokka")] == [conversation.id]
    assert b"quokka" not in db.read_bytes() and b"tangerine" not in db.read_bytes()

    jobs.run(page.encrypt_switch.click, "encrypt", "load")
    assert not page.encrypt_switch.isChecked(), page.encrypt_error.text()
    assert db.read_bytes().startswith(b"SQLite format 3")
    assert not store.encrypted
    assert [h.conversation_id for h in store.search("quokka")] == [conversation.id]
    assert settings_file()["privacy"]["encrypt_conversations"] is False
    assert SecretStore().get(KEY_NAME) is None


def test_no_keyring_shows_the_steps_and_changes_nothing(
    store_and_view: tuple[ConversationStore, SettingsView, Jobs],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from keyring.backends import fail

    store, view, jobs = store_and_view
    page = view.privacy
    db = view.context.paths.conversations_db
    monkeypatch.setattr(view.context, "secrets", lambda: SecretStore(fail.Keyring()))
    jobs.run(page.encrypt_switch.click, "encrypt")
    assert not page.encrypt_switch.isChecked()
    assert page.encrypt_error.isVisible()
    assert "No OS keyring is available for the conversation database key" in (
        page.encrypt_error.text()
    )
    assert db.read_bytes().startswith(b"SQLite format 3")
    assert [h.snippet for h in store.search("tangerine")]  # the store was reopened, plain
    assert not store.encrypted


def test_the_switch_converts_the_windows_open_library_index_too(
    store_and_view: tuple[ConversationStore, SettingsView, Jobs], tmp_path: Any
) -> None:
    """Issue 17: the library index beside the conversations is converted with them, and
    the window's open index object keeps working on the converted file."""
    import numpy as np

    from agentic_desk.core.library.store import ChunkRow, open_beside

    store, view, jobs = store_and_view
    library_store = open_beside(store)
    view.library_store = library_store
    try:
        library = library_store.create_library("Letters")
        file_id = library_store.add_pending(library.id, str(tmp_path / "a.txt"), "a.txt", "txt", 9)
        row = ChunkRow(0, 0, 30, None, "", "the quokka lease is confidential")
        library_store.replace_chunks(
            file_id,
            [row],
            np.zeros((1, 0), np.float32),
            sha256="x",
            kind="txt",
            pages=0,
            findings={},
        )
        index = library_store.path
        assert b"quokka" in index.read_bytes() + index.with_name("library.db-wal").read_bytes()
        jobs.run(view.privacy.encrypt_switch.click, "encrypt", "load")
        assert view.privacy.encrypt_switch.isChecked(), view.privacy.encrypt_error.text()
        assert library_store.encrypted
        assert not index.read_bytes().startswith(b"SQLite format 3")
        assert b"quokka" not in index.read_bytes()
        hits = library_store.search([library.id], "quokka", mode="keyword")
        assert [h.file for h in hits] == ["a.txt"]
        jobs.run(view.privacy.encrypt_switch.click, "encrypt", "load")
        assert not library_store.encrypted
        assert index.read_bytes().startswith(b"SQLite format 3")
        assert [h.file for h in library_store.search([library.id], "quokka")] == ["a.txt"]
    finally:
        library_store.close()
