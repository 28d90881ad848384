"""The app lock (core.applock): the conversation database key wrapped by a passphrase.

Real SQLCipher and the real OS keyring (under ``scripts/with-secret-service.sh``), each
test under a keyring service of its own; the window's dialogs with pytest-qt."""

from __future__ import annotations

import io
import json
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agentic_desk.core import applock
from agentic_desk.core.applock import (
    WRAPPED_NAME,
    AppLock,
    AppLockError,
    LockedError,
    WrongPassphrase,
)
from agentic_desk.core.context import AppContext
from agentic_desk.core.conversations import ConversationStore, driver
from agentic_desk.core.conversations.encryption import KEY_NAME, WrongKeyError
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.secrets import SecretStore
from keyring_helpers import missing_keyring, sqlcipher_missing_reason

PASS = "correct horse battery"
OTHER = "another long passphrase"
SECRET_TEXT = "the zebra password is tangerine-4411"

pytestmark = pytest.mark.skipif(not driver.available(), reason=sqlcipher_missing_reason())


@pytest.fixture
def secrets() -> Iterator[SecretStore]:
    reason = missing_keyring()
    if reason:
        pytest.skip(reason)
    store = SecretStore(service=f"agentic-desk-test-{uuid.uuid4().hex[:12]}")
    yield store
    store.delete(KEY_NAME)
    store.delete(WRAPPED_NAME)


@pytest.fixture
def context(tmp_path: Path) -> AppContext:
    return AppContext.load(AppPaths.for_root(tmp_path / "data").ensure())


def encrypted_store(context: AppContext, secrets: SecretStore) -> str:
    """An encrypted database with one conversation; its key (from the keyring)."""
    context.conversation_encryption_job(True, secrets).run()
    with context.conversation_store(secrets) as store:
        conv = store.create_conversation(title="Holiday plans")
        store.add_user_message(conv.id, SECRET_TEXT)
        assert store.encrypted
    key = secrets.get(KEY_NAME)
    assert key
    return key


def locked(context: AppContext, secrets: SecretStore) -> tuple[AppLock, str]:
    key = encrypted_store(context, secrets)
    lock = context.app_lock(secrets)
    lock.turn_on(PASS, encrypted=context.settings.privacy.encrypt_conversations)
    context.set_app_lock(True)
    return lock, key


def messages(store: ConversationStore) -> list[str]:
    return [m.content for c in store.list_conversations() for m in store.messages(c.id)]


# ---- wrapping ----------------------------------------------------------------------------


def test_wrap_and_unwrap_round_trip() -> None:
    key = "ab" * 32
    first, second = applock.wrap(key, PASS), applock.wrap(key, PASS)
    assert first != second  # a random salt and nonce each time
    assert applock.unwrap(first, PASS) == applock.unwrap(second, PASS) == key
    for text in (first, second):
        assert key not in text and PASS not in text and " " not in text
    with pytest.raises(WrongPassphrase) as wrong:
        applock.unwrap(first, PASS + "!")
    assert wrong.value.message == "That passphrase is not right."
    assert wrong.value.hint


def test_the_verifier_refuses_before_any_decryption(monkeypatch: pytest.MonkeyPatch) -> None:
    text = applock.wrap("cd" * 32, PASS)
    from cryptography.hazmat.primitives.ciphers import aead

    def no_decrypt(*args: Any) -> bytes:
        raise AssertionError("decryption was tried with a wrong passphrase")

    monkeypatch.setattr(aead.AESGCM, "decrypt", no_decrypt)
    with pytest.raises(WrongPassphrase):
        applock.unwrap(text, "not the passphrase")


def test_a_tampered_entry_is_a_known_error() -> None:
    text = applock.wrap("ef" * 32, PASS)
    head, sealed = text.rsplit("$", 1)
    flipped = ("A" if sealed[0] != "A" else "B") + sealed[1:]
    with pytest.raises(AppLockError, match="does not decrypt"):
        applock.unwrap(f"{head}${flipped}", PASS)
    with pytest.raises(AppLockError, match="damaged"):
        applock.unwrap("not a wrapped key", PASS)


def test_a_short_passphrase_is_refused() -> None:
    with pytest.raises(AppLockError, match="too short"):
        applock.check_passphrase("short")


# ---- the lock in the keyring -----------------------------------------------------------------


def test_locked_the_keyring_holds_no_usable_plain_key(
    context: AppContext, secrets: SecretStore
) -> None:
    _lock, key = locked(context, secrets)
    assert secrets.get(KEY_NAME) is None  # the plain entry is gone
    wrapped = secrets.get(WRAPPED_NAME)
    assert wrapped and key not in wrapped
    with pytest.raises(WrongKeyError):  # what the keyring holds does not open the database
        driver.connect(context.paths.conversations_db, wrapped).close()
    with pytest.raises(LockedError):  # nor does the app without the passphrase
        context.conversation_store(secrets)
    with pytest.raises(AppLockError):  # no decryption job either while locked
        context.conversation_encryption_job(False, secrets)
    assert SECRET_TEXT.encode() not in context.paths.conversations_db.read_bytes()


def test_unlocking_opens_the_store(context: AppContext, secrets: SecretStore) -> None:
    lock, key = locked(context, secrets)
    unwrapped = lock.unlock(PASS)
    assert unwrapped == key
    with context.conversation_store(secrets, key=unwrapped) as store:
        assert store.encrypted and messages(store) == [SECRET_TEXT]


def test_a_wrong_passphrase_is_refused_before_sqlcipher(
    context: AppContext, secrets: SecretStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock, _key = locked(context, secrets)

    def no_sqlcipher(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("SQLCipher was tried with a wrong passphrase")

    monkeypatch.setattr(driver, "connect", no_sqlcipher)
    monkeypatch.setattr(driver, "sqlcipher", no_sqlcipher)
    with pytest.raises(WrongPassphrase):
        lock.unlock("not the passphrase at all")
    assert lock.is_on() and secrets.get(KEY_NAME) is None  # nothing changed


def test_turning_it_off_restores_the_plain_key(context: AppContext, secrets: SecretStore) -> None:
    lock, key = locked(context, secrets)
    with pytest.raises(WrongPassphrase):
        lock.turn_off(OTHER)
    assert lock.is_on() and secrets.get(KEY_NAME) is None
    lock.turn_off(PASS)
    context.set_app_lock(False)
    assert not lock.is_on() and secrets.get(WRAPPED_NAME) is None
    assert secrets.get(KEY_NAME) == key
    with context.conversation_store(secrets) as store:
        assert messages(store) == [SECRET_TEXT]
    assert not AppContext.load(context.paths).settings.privacy.app_lock


def test_changing_the_passphrase(context: AppContext, secrets: SecretStore) -> None:
    lock, key = locked(context, secrets)
    before = secrets.get(WRAPPED_NAME)
    with pytest.raises(WrongPassphrase):
        lock.change(OTHER, "whatever else it is")
    with pytest.raises(AppLockError, match="too short"):
        lock.change(PASS, "tiny")
    assert secrets.get(WRAPPED_NAME) == before
    lock.change(PASS, OTHER)
    with pytest.raises(WrongPassphrase):
        lock.unlock(PASS)
    assert lock.unlock(OTHER) == key
    assert secrets.get(KEY_NAME) is None


def test_the_lock_needs_encryption(context: AppContext, secrets: SecretStore) -> None:
    with ConversationStore(context.paths.conversations_db) as store:
        store.create_conversation(title="plain")
    lock = context.app_lock(secrets)
    with pytest.raises(AppLockError, match="needs the conversation database to be encrypted"):
        lock.turn_on(PASS, encrypted=context.settings.privacy.encrypt_conversations)
    assert not lock.is_on() and secrets.get(KEY_NAME) is None


def test_turning_it_on_twice_says_so(context: AppContext, secrets: SecretStore) -> None:
    lock, _key = locked(context, secrets)
    with pytest.raises(AppLockError, match="already on"):
        lock.turn_on(OTHER, encrypted=True)
    assert lock.unlock(PASS)


# ---- the command -----------------------------------------------------------------------------


def test_the_command_with_a_passphrase_on_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    reason = missing_keyring()
    if reason:
        pytest.skip(reason)
    from agentic_desk import cli

    monkeypatch.setenv("AGENTIC_DESK_HOME", str(tmp_path / "data"))
    paths = AppPaths.from_env().ensure()

    def run(*args: str, stdin: str = "") -> int:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        return cli.main(["conversations", *args])

    try:
        assert run("lock", "on", stdin=f"{PASS}\n") == 2  # not encrypted yet
        assert "needs the conversation database to be encrypted" in capsys.readouterr().err
        with ConversationStore(paths.conversations_db) as store:
            conv = store.create_conversation(title="Holiday plans")
            store.add_user_message(conv.id, SECRET_TEXT)
        assert run("encrypt", "on") == 0
        assert run("lock", "on", stdin=f"{PASS}\n") == 0
        assert "The app lock is on" in capsys.readouterr().out
        assert SecretStore().get(KEY_NAME) is None
        assert run("lock", "status", "--json") == 0
        status = json.loads(capsys.readouterr().out)
        assert status["setting"] is True and status["locked_key_in_keyring"] is True
        assert run("encrypt", "status", "--json") == 0
        assert "locked with a passphrase" in json.loads(capsys.readouterr().out)["key"]

        assert run("list", stdin="wrong passphrase\n") == 2
        captured = capsys.readouterr()
        assert "That passphrase is not right." in captured.err and "Traceback" not in captured.err
        assert "Holiday plans" not in captured.out
        assert run("list", stdin=f"{PASS}\n") == 0
        assert "Holiday plans" in capsys.readouterr().out
        assert run("export", conv.id, stdin=f"{PASS}\n") == 0
        assert SECRET_TEXT in capsys.readouterr().out
        assert run("encrypt", "off") == 2  # refused while locked
        assert "Turn the app lock off first" in capsys.readouterr().err

        assert run("lock", "passphrase", stdin=f"{PASS}\n{OTHER}\n") == 0
        assert run("list", stdin=f"{PASS}\n") == 2
        assert run("lock", "off", stdin=f"{OTHER}\n") == 0
        capsys.readouterr()
        assert SecretStore().get(KEY_NAME) and SecretStore().get(WRAPPED_NAME) is None
        assert run("list") == 0  # no passphrase asked for
        assert "Holiday plans" in capsys.readouterr().out
        assert run("lock", "off") == 0  # already off: nothing asked, nothing changed
        assert "already" not in capsys.readouterr().err and SecretStore().get(KEY_NAME)
    finally:
        SecretStore().delete(WRAPPED_NAME)
        SecretStore().delete(KEY_NAME)


# ---- the window ------------------------------------------------------------------------------


@pytest.fixture
def locked_home() -> Iterator[AppContext]:
    """The app's own data folder (AGENTIC_DESK_HOME) and keyring service, locked with
    :data:`PASS`; the keyring entries are removed afterwards."""
    reason = missing_keyring()
    if reason:
        pytest.skip(reason)
    pytest.importorskip("PySide6")
    context = AppContext.load(AppPaths.from_env().ensure())
    secrets = SecretStore()
    try:
        locked(context, secrets)
        yield context
    finally:
        secrets.delete(WRAPPED_NAME)
        secrets.delete(KEY_NAME)


def type_and_unlock(qtbot: Any, dialog: Any, text: str) -> None:
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(text)
    qtbot.mouseClick(dialog.unlock_button, _left())


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_the_unlock_dialog_says_a_wrong_passphrase_inline(
    qtbot: Any, locked_home: AppContext
) -> None:
    from agentic_desk.ui.applock import MAX_TRIES, UnlockDialog

    dialog = UnlockDialog(locked_home.app_lock())
    dialog.show()
    type_and_unlock(qtbot, dialog, "not the passphrase")
    assert dialog.error.isVisible() and "That passphrase is not right." in dialog.error.text()
    assert dialog.key is None and dialog.isVisible()
    assert dialog.passphrase.text() == ""  # cleared for the next try
    dialog.grab().save("/tmp/lock.png")
    for _ in range(MAX_TRIES - 1):
        type_and_unlock(qtbot, dialog, "still not it")
    assert "Too many wrong tries" in dialog.error.text()
    assert not dialog.unlock_button.isEnabled()  # resting; the timer gives it back
    assert dialog.cool_down.isActive()
    dialog.passphrase.setText(PASS)
    dialog.try_unlock()  # not even the right one while it rests
    assert dialog.key is None
    dialog.end_cool_down()
    type_and_unlock(qtbot, dialog, PASS)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.key


def _opened_with(qtbot: Any, text: str | None, seen: list[Any]) -> Any:
    from agentic_desk.ui.applock import UnlockDialog

    def unlock(lock: AppLock) -> str | None:
        dialog = UnlockDialog(lock)
        seen.append(dialog)
        dialog.show()
        if text is None:
            qtbot.mouseClick(dialog.quit_button, _left())
        else:
            type_and_unlock(qtbot, dialog, text)
        return dialog.key

    return unlock


def test_quit_at_the_start_dialog_opens_nothing(
    qtbot: Any, loop: Any, locked_home: AppContext
) -> None:
    from agentic_desk.ui.app import open_window

    seen: list[Any] = []
    assert open_window(loop, unlock=_opened_with(qtbot, None, seen), ask_hub=False) is None
    assert seen and seen[0].result() == seen[0].DialogCode.Rejected


def test_the_window_opens_with_the_passphrase_and_locks_when_idle(
    qtbot: Any, loop: Any, locked_home: AppContext
) -> None:
    from agentic_desk.ui.app import open_window

    locked_home.settings_store.update({"privacy.lock_after_minutes": 5})
    seen: list[Any] = []
    result = open_window(loop, unlock=_opened_with(qtbot, PASS, seen), ask_hub=False)
    assert result is not None
    window, engine, _theme = result
    qtbot.addWidget(window)
    try:
        window.show()
        assert window.store.encrypted
        assert "Holiday plans" in [c.title for c in window.store.list_conversations()]
        idle = window.idle_lock
        assert idle is not None and idle.timer.isActive()
        assert idle.timer.interval() == 5 * 60_000
        with qtbot.waitSignal(idle.locked, timeout=5000):
            idle.timer.timeout.emit()  # as if five minutes passed without input
        assert not window.centralWidget().isVisible() and not window.menuBar().isVisible()
        dialog = idle.dialog
        assert dialog is not None and dialog.isVisible()
        type_and_unlock(qtbot, dialog, "wrong passphrase")
        assert "That passphrase is not right." in dialog.error.text()
        assert not window.centralWidget().isVisible()
        with qtbot.waitSignal(idle.unlocked, timeout=5000):
            type_and_unlock(qtbot, dialog, PASS)
        assert window.centralWidget().isVisible() and idle.timer.isActive()
        idle.timer.stop()
        qtbot.keyClick(window.input, "a")  # any input starts the idle time again
        assert idle.timer.isActive()
        context = window.settings_view.context
        changed = context.settings.model_copy(deep=True)
        changed.privacy.lock_after_minutes = 1
        context.apply_settings(changed)  # applies at once
        assert idle.timer.interval() == 60_000
        changed = changed.model_copy(deep=True)
        changed.privacy.lock_after_minutes = 0
        context.apply_settings(changed)
        assert not idle.timer.isActive()
    finally:
        window.close()
        engine.close()


def test_the_settings_switch_sets_changes_and_removes_the_lock(
    qtbot: Any, loop: Any, locked_home: AppContext
) -> None:
    from agentic_desk.core.settings import SettingsStore
    from agentic_desk.ui.settings.applock import PassphraseDialog
    from agentic_desk.ui.settings_view import SettingsView
    from gui_helpers import Jobs

    paths = locked_home.paths
    secrets = SecretStore()
    locked_home.app_lock().turn_off(PASS)  # start from an encrypted store without the lock
    locked_home.set_app_lock(False)
    settings = SettingsStore(paths.settings_file)
    context = AppContext(paths, settings, settings.load().settings)
    store = context.conversation_store()
    view = SettingsView(context)
    view.conversations = store
    qtbot.addWidget(view)
    jobs = Jobs(qtbot, view)
    answers: list[dict[str, str]] = []

    def answer(*, current: bool, new: bool) -> PassphraseDialog | None:
        dialog = PassphraseDialog(current=current, new=new)
        qtbot.addWidget(dialog)
        given = answers.pop(0)
        dialog.current.setText(given.get("current", ""))
        dialog.new.setText(given.get("new", ""))
        dialog.again.setText(given.get("again", given.get("new", "")))
        dialog.check_and_accept()
        return dialog if dialog.result() == dialog.DialogCode.Accepted else None

    try:
        jobs.run(view.show, "load")
        view.show_section("Privacy & cloud")
        section = view.privacy.app_lock
        section.ask = answer
        assert not section.switch.isChecked() and section.switch.isEnabled()

        answers.append({"new": PASS, "again": "something different"})  # refused inline
        section.switch.click()
        assert not section.switch.isChecked() and secrets.get(WRAPPED_NAME) is None

        answers.append({"new": PASS})
        jobs.run(section.switch.click, "applock", "load")
        assert section.switch.isChecked(), section.error.text()
        assert context.settings.privacy.app_lock and secrets.get(KEY_NAME) is None
        assert not view.privacy.encrypt_switch.isEnabled()  # lock off before decrypting

        answers.append({"current": "wrong passphrase", "new": OTHER})
        jobs.run(section.change_button.click, "applock")
        assert "That passphrase is not right." in section.error.text()
        answers.append({"current": PASS, "new": OTHER})
        jobs.run(section.change_button.click, "applock")
        assert context.app_lock().unlock(OTHER)

        answers.append({"current": OTHER})
        jobs.run(section.switch.click, "applock", "load")
        assert not section.switch.isChecked(), section.error.text()
        assert secrets.get(KEY_NAME) and secrets.get(WRAPPED_NAME) is None
        assert not AppContext.load(paths).settings.privacy.app_lock
    finally:
        view.close()
        store.close()
