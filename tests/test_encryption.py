"""Encryption at rest of the conversation database (core.conversations.encryption).

Real SQLCipher (``sqlcipher3-binary``) and the real OS keyring (a Secret Service under
``scripts/with-secret-service.sh``); every test keeps its key under a service name of its
own, removed afterwards. "No keyring" is keyring's own ``fail`` backend.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail

from agentic_desk.core.context import AppContext
from agentic_desk.core.conversations import ConversationStore, StorageError, driver
from agentic_desk.core.conversations import schema as schema_mod
from agentic_desk.core.conversations.encryption import (
    KEY_NAME,
    AlreadyError,
    ConversionJob,
    ConversionProgress,
    DatabaseInUseError,
    DatabaseKey,
    MissingKeyError,
    WrongKeyError,
    open_store,
    shred,
)
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.jobs import JobCancelled
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.secrets import KeyringUnavailable, SecretStore
from agentic_desk.core.settings import SettingsStore
from keyring_helpers import missing_keyring, sqlcipher_missing_reason, subprocess_env

SECRET_TEXT = "the zebra password is tangerine-4411"
HEADER = b"SQLite format 3"

pytestmark = pytest.mark.skipif(not driver.available(), reason=sqlcipher_missing_reason())


@pytest.fixture
def secrets() -> Iterator[SecretStore]:
    reason = missing_keyring()
    if reason:
        pytest.skip(reason)
    store = SecretStore(service=f"agentic-desk-test-{uuid.uuid4().hex[:12]}")
    yield store
    store.delete(KEY_NAME)


@pytest.fixture
def context(tmp_path: Path) -> AppContext:
    return AppContext.load(AppPaths.for_root(tmp_path / "data").ensure())


def fill(path: Path, conversations: int = 3, key: str | None = None) -> None:
    with ConversationStore(path, key=key) as store:
        for n in range(conversations):
            conversation = store.create_conversation(title=f"Holiday plans {n}")
            store.add_user_message(conversation.id, f"{SECRET_TEXT} number {n}")
            reply = store.begin_reply(conversation.id)
            store.finish_reply(reply.id, f"Noted, item {n}.", status="complete")


def snapshot(store: ConversationStore) -> dict[str, Any]:
    """What a user sees: titles, every message, and what search finds."""
    listing = store.list_conversations()
    return {
        "titles": sorted(c.title for c in listing),
        "messages": sorted(m.content for c in listing for m in store.messages(c.id)),
        "search": sorted(h.conversation_id for h in store.search("tangerine")),
        "title search": sorted(h.conversation_id for h in store.search("holiday")),
    }


def raw_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name))


def job(context: AppContext, secrets: SecretStore, encrypt: bool, **seams: Any) -> ConversionJob:
    return context.conversation_encryption_job(encrypt, secrets, **seams)


# ---- the engine: FTS5 and WAL under SQLCipher -------------------------------------------


def test_sqlcipher_has_fts5_and_wal(tmp_path: Path) -> None:
    conn = driver.connect(tmp_path / "x.db", "ab" * 32, isolation_level=None)
    assert str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower() == "wal"
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    conn.execute("INSERT INTO t (body) VALUES ('a secret zebra')")
    assert conn.execute("SELECT body FROM t WHERE t MATCH 'zebra'").fetchall()[0][0] == (
        "a secret zebra"
    )
    conn.close()
    assert not (tmp_path / "x.db").read_bytes().startswith(HEADER)


# ---- the round trip ---------------------------------------------------------------------


def test_on_then_off_keeps_everything_and_search(context: AppContext, secrets: SecretStore) -> None:
    db = context.paths.conversations_db
    fill(db)
    with context.conversation_store(secrets) as store:
        before = snapshot(store)
        assert not store.encrypted
    assert len(before["search"]) == 3 and len(before["title search"]) == 3

    events: list[ConversionProgress] = []
    on = job(context, secrets, True)
    on.on_progress(events.append)
    result = on.run()
    assert result.encrypted and result.rows > 0
    assert events[-1].stage == "swapping"
    verified = [e for e in events if e.stage == "verifying"]
    assert verified[-1].rows_done == verified[-1].rows_total == result.rows
    assert verified[-1].tables_done == verified[-1].tables_total == result.tables

    # The file is encrypted: no SQLite header, no message text; the plain file is gone.
    data = raw_bytes(db)
    assert not db.read_bytes().startswith(HEADER)
    assert SECRET_TEXT.encode() not in data and b"tangerine" not in data
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name)) == [db.name]
    assert context.settings.privacy.encrypt_conversations is True
    assert SettingsStore(context.paths.settings_file).load().settings.privacy.encrypt_conversations
    assert DatabaseKey(secrets).get() is not None
    with pytest.raises(StorageError):  # plain SQLite cannot read it
        ConversationStore(db).close()

    with context.conversation_store(secrets) as store:
        assert store.encrypted
        assert snapshot(store) == before
        # It keeps working encrypted: a new message is found by search.
        conversation = store.create_conversation(title="Encrypted now")
        store.add_user_message(conversation.id, "a quokka appeared")
        assert [h.conversation_id for h in store.search("quokka")] == [conversation.id]
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
        after_on = snapshot(store)
    assert b"quokka" not in raw_bytes(db)

    result = job(context, secrets, False).run()
    assert not result.encrypted
    assert db.read_bytes().startswith(HEADER)
    assert context.settings.privacy.encrypt_conversations is False
    assert DatabaseKey(secrets).get() is None  # deleted after the swap
    with ConversationStore(db) as store:  # plain sqlite3 again
        assert not store.encrypted
        assert snapshot(store) == after_on
        assert [h.conversation_id for h in store.search("quokka")] == [conversation.id]


def test_a_new_database_with_the_setting_on_is_encrypted(
    context: AppContext, secrets: SecretStore
) -> None:
    job(context, secrets, True).run()  # no database yet: a key and the setting
    assert context.settings.privacy.encrypt_conversations
    with context.conversation_store(secrets) as store:
        assert store.encrypted
        conversation = store.create_conversation()
        store.add_user_message(conversation.id, SECRET_TEXT)
    db = context.paths.conversations_db
    assert not db.read_bytes().startswith(HEADER)
    assert SECRET_TEXT.encode() not in raw_bytes(db)


def test_turning_on_twice_says_so(context: AppContext, secrets: SecretStore) -> None:
    fill(context.paths.conversations_db)
    job(context, secrets, True).run()
    with pytest.raises(AlreadyError):
        job(context, secrets, True).run()


# ---- keys ---------------------------------------------------------------------------------


def test_a_wrong_key_is_a_clear_error(context: AppContext, secrets: SecretStore) -> None:
    db = context.paths.conversations_db
    fill(db)
    job(context, secrets, True).run()
    digest = db.read_bytes()
    secrets.set(KEY_NAME, "cd" * 32)
    with pytest.raises(WrongKeyError) as caught:
        context.conversation_store(secrets)
    assert "cannot be read with the key" in caught.value.message
    assert caught.value.hint
    with pytest.raises(WrongKeyError):
        job(context, secrets, False).run()
    assert db.read_bytes() == digest


def test_a_missing_key_is_a_clear_error(context: AppContext, secrets: SecretStore) -> None:
    db = context.paths.conversations_db
    fill(db)
    job(context, secrets, True).run()
    DatabaseKey(secrets).delete()
    with pytest.raises(MissingKeyError) as caught:
        context.conversation_store(secrets)
    assert "holds no key" in caught.value.message


def test_no_keyring_refuses_and_changes_nothing(context: AppContext, tmp_path: Path) -> None:
    db = context.paths.conversations_db
    fill(db)
    before = db.read_bytes()
    no_keyring = SecretStore(fail.Keyring())
    with pytest.raises(KeyringUnavailable) as caught:
        job(context, no_keyring, True).run()
    assert "conversation database key" in caught.value.message
    assert "install and unlock one" in caught.value.hint
    assert db.read_bytes() == before
    assert context.settings.privacy.encrypt_conversations is False
    assert not SettingsStore(context.paths.settings_file).path.exists() or not (
        SettingsStore(context.paths.settings_file).load().settings.privacy.encrypt_conversations
    )
    assert not db.with_name(db.name + ".converting").exists()
    with context.conversation_store(no_keyring) as store:  # a plain file needs no keyring
        assert len(store.list_conversations()) == 3


# ---- cancel and failure -------------------------------------------------------------------


@pytest.mark.parametrize("encrypt", [True, False])
def test_cancel_midway_leaves_the_original(
    context: AppContext, secrets: SecretStore, encrypt: bool
) -> None:
    db = context.paths.conversations_db
    fill(db, conversations=40)
    if not encrypt:
        job(context, secrets, True).run()
    before = db.read_bytes()
    key_before = DatabaseKey(secrets).get()
    held, release = threading.Event(), threading.Event()
    partial = db.with_name(db.name + ".converting")
    seen_partial: list[bool] = []

    def hold() -> None:  # inside sqlcipher_export, on the worker thread
        seen_partial.append(partial.exists())
        held.set()
        release.wait(60)

    running = job(context, secrets, encrypt, during_copy=hold)
    outcome: dict[str, BaseException] = {}

    def work() -> None:
        try:
            running.run()
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=work)
    worker.start()
    assert held.wait(60)
    running.cancel()
    release.set()
    worker.join(60)
    assert isinstance(outcome.get("error"), JobCancelled)
    assert seen_partial == [True]  # the copy had been started
    assert db.read_bytes() == before
    assert not [p for p in db.parent.iterdir() if ".converting" in p.name or ".replaced" in p.name]
    assert context.settings.privacy.encrypt_conversations is (not encrypt)
    assert DatabaseKey(secrets).get() == key_before  # a key made for this run is removed
    with context.conversation_store(secrets) as store:
        assert len(store.list_conversations()) == 40


def test_a_copy_that_differs_is_refused(
    context: AppContext, secrets: SecretStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = context.paths.conversations_db
    fill(db)
    before = db.read_bytes()
    running = job(context, secrets, True)
    real_export = running._export

    def export_then_damage(*args: Any) -> Any:
        counts, probes = real_export(*args)
        return {**counts, "messages": counts["messages"] + 1}, probes

    monkeypatch.setattr(running, "_export", export_then_damage)
    with pytest.raises(StorageError, match="not the same"):
        running.run()
    assert db.read_bytes() == before
    assert not db.with_name(db.name + ".converting").exists()
    assert DatabaseKey(secrets).get() is None
    assert context.settings.privacy.encrypt_conversations is False


def test_shred_overwrites_before_unlinking(tmp_path: Path) -> None:
    target = tmp_path / "plain.db"
    target.write_bytes(SECRET_TEXT.encode() * 100)
    fd = os.open(target, os.O_RDONLY)  # the same inode, still readable after the unlink
    try:
        shred(target)
        assert not target.exists()
        assert os.pread(fd, 10_000, 0) == b"\0" * len(SECRET_TEXT.encode() * 100)
    finally:
        os.close(fd)


# ---- the store's other paths under encryption ---------------------------------------------


def test_a_migration_backup_of_an_encrypted_database_is_encrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "c.db"
    key = "ef" * 32
    fill(db, key=key)

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE conversations ADD COLUMN colour TEXT")

    current = len(schema_mod.MIGRATIONS)
    monkeypatch.setattr(schema_mod, "MIGRATIONS", [*schema_mod.MIGRATIONS, add_column])
    with ConversationStore(db, key=key) as store:
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == current + 1
    backup = db.with_name(db.name + f".v{current}.bak")
    assert not backup.read_bytes().startswith(HEADER)
    assert SECRET_TEXT.encode() not in backup.read_bytes()
    with ConversationStore(backup, key=key) as old:  # opens (and upgrades) with the key
        assert len(old.list_conversations()) == 3


def test_storage_errors_of_sqlcipher_are_known_errors(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    fill(db, key="ab" * 32)
    with ConversationStore(db, key="ab" * 32) as store:
        store._conn.execute("PRAGMA query_only = ON")
        with pytest.raises(StorageError):
            store.create_conversation()


def test_open_store_follows_the_file(tmp_path: Path, secrets: SecretStore) -> None:
    db = tmp_path / "c.db"
    fill(db)
    with open_store(db, encrypt=True, secrets=secrets) as store:
        assert not store.encrypted  # a plain file stays readable (a switch half done)
    assert DatabaseKey(secrets).get() is None


# ---- the command ----------------------------------------------------------------------------


def run_cli(
    tmp_path: Path, *args: str, service_env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agentic_desk", "conversations", "encrypt", *args],
        capture_output=True,
        text=True,
        env=service_env,
        timeout=120,
        check=False,
    )


def test_the_command_turns_it_on_and_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    reason = missing_keyring()
    if reason:
        pytest.skip(reason)
    from agentic_desk import cli

    data = tmp_path / "data"
    monkeypatch.setenv("AGENTIC_DESK_HOME", str(data))
    paths = AppPaths.from_env().ensure()
    fill(paths.conversations_db)
    try:
        old = paths.conversations_db.with_name("conversations.db.v1.bak")
        old.write_bytes(paths.conversations_db.read_bytes())  # a plain backup from an upgrade
        assert cli.main(["conversations", "encrypt", "on"]) == 0
        assert not paths.conversations_db.read_bytes().startswith(HEADER)
        captured = capsys.readouterr()
        assert "The conversations are encrypted now" in captured.out
        assert "not encrypted" in captured.err and str(old) in captured.err
        assert cli.main(["conversations", "encrypt", "status", "--json"]) == 0
        shown = json.loads(capsys.readouterr().out)
        assert shown["database"] == "encrypted" and shown["key"] == "in the keyring"
        assert shown["setting"] is True and shown["plain copies"] == [str(old)]
        assert AppContext.load(paths).settings.privacy.encrypt_conversations
        assert cli.main(["conversations", "encrypt", "off"]) == 0
        assert paths.conversations_db.read_bytes().startswith(HEADER)
    finally:
        SecretStore().delete(KEY_NAME)


def test_the_command_without_a_keyring_explains(tmp_path: Path) -> None:
    env = subprocess_env(
        tmp_path,
        DBUS_SESSION_BUS_ADDRESS=None,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    env["AGENTIC_DESK_HOME"] = str(tmp_path / "data")
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    paths = AppPaths.for_root(tmp_path / "data").ensure()
    fill(paths.conversations_db)
    before = paths.conversations_db.read_bytes()
    done = run_cli(tmp_path, "on", service_env=env)
    assert done.returncode == 2, done.stderr
    assert "error: No OS keyring is available for the conversation database key" in done.stderr
    assert "gnome-keyring" in done.stderr  # the steps to fix it
    assert "Traceback" not in done.stderr
    assert paths.conversations_db.read_bytes() == before


def test_known_errors_are_agentic_desk_errors() -> None:
    for error in (WrongKeyError, MissingKeyError, AlreadyError, KeyringUnavailable):
        assert issubclass(error, AgenticDeskError)


def test_ctrl_c_in_the_command_cancels_and_keeps_the_original(tmp_path: Path) -> None:
    """The copy is held inside sqlcipher_export (test hook) until Ctrl+C arrives, so the
    test does not depend on timing; SIGINT reaches the process group, as in a terminal."""
    reason = missing_keyring()
    if reason:
        pytest.skip(reason)
    paths = AppPaths.for_root(tmp_path / "data").ensure()
    fill(paths.conversations_db, conversations=40)
    before = paths.conversations_db.read_bytes()
    env = {
        **os.environ,
        "AGENTIC_DESK_HOME": str(paths.root),
        "AGENTIC_DESK_TEST_HOOKS": "1",
        "AGENTIC_DESK_TEST_ENCRYPT_HOLD": "copying",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    with subprocess.Popen(
        [sys.executable, "-m", "agentic_desk", "conversations", "encrypt", "on"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as proc:
        assert proc.stderr is not None and proc.stdout is not None
        lines = []
        for line in proc.stderr:
            lines.append(line)
            if "held mid-copy" in line:
                os.killpg(proc.pid, signal.SIGINT)
                break
        rest = proc.stderr.read()
        assert proc.wait(60) == 130, "".join(lines) + rest
    assert "Cancelled: the conversations were left as they were." in rest
    assert "Traceback" not in rest
    assert paths.conversations_db.read_bytes() == before
    assert not [p for p in paths.root.iterdir() if ".converting" in p.name]
    assert not AppContext.load(paths).settings.privacy.encrypt_conversations
    assert SecretStore().get(KEY_NAME) is None


def test_an_encrypted_file_without_its_key_is_not_offered_as_damaged(
    context: AppContext, secrets: SecretStore
) -> None:
    """The start-up check opens the store as the app does: an encrypted database whose key
    is not in the keyring is an error to explain, never a file to keep aside."""
    from agentic_desk.core.startup import check_startup

    fill(context.paths.conversations_db)
    job(context, secrets, True).run()  # the key is under the test's own service name
    assert SecretStore().get(KEY_NAME) is None  # so the app's keyring entry has none
    assert check_startup(context.paths) == []
    with pytest.raises(MissingKeyError):
        AppContext.load(context.paths).conversation_store()


def test_a_database_open_in_another_process_is_refused(
    context: AppContext, secrets: SecretStore
) -> None:
    """The window (another process) keeps the database open: converting under it would lose
    what it writes next, so the job refuses and changes nothing."""
    db = context.paths.conversations_db
    fill(db)
    before = db.read_bytes()
    script = (
        "import sys; from pathlib import Path; "
        "from agentic_desk.core.conversations import ConversationStore; "
        "s = ConversationStore(Path(sys.argv[1])); s.list_conversations(); "
        "print('open', flush=True); sys.stdin.read(); s.close()"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    with subprocess.Popen(
        [sys.executable, "-c", script, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    ) as other:
        assert other.stdout is not None and other.stdin is not None
        assert other.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseInUseError, match="open in another program"):
            job(context, secrets, True).run()
        assert db.read_bytes() == before  # (closing the other store optimises the file)
        other.stdin.close()
        assert other.wait(60) == 0
    assert DatabaseKey(secrets).get() is None
    assert not context.settings.privacy.encrypt_conversations
    job(context, secrets, True).run()  # once it is closed, it works


def test_a_damaged_file_without_a_keyring_is_still_a_damaged_file(tmp_path: Path) -> None:
    """Setting off, no keyring, a file that is not SQLite: the store's own error (the
    start-up offers to keep it aside), not a keyring error."""
    db = tmp_path / "conversations.db"
    db.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StorageError, match="not a conversation database"):
        open_store(db, encrypt=False, secrets=SecretStore(fail.Keyring()))
    with pytest.raises(KeyringUnavailable):
        open_store(db, encrypt=True, secrets=SecretStore(fail.Keyring()))


def test_a_failure_after_the_swap_keeps_the_key(
    context: AppContext, secrets: SecretStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the encrypted file is in place nothing is undone: if the old file cannot be
    removed, the key stays (else the conversations could never be read) and it is said."""
    from agentic_desk.core.conversations import encryption

    db = context.paths.conversations_db
    fill(db)
    real_shred = encryption.shred

    def failing_shred(path: Path) -> None:
        if path.name.endswith(".replaced") and path.exists():
            raise OSError(13, "Permission denied")
        real_shred(path)

    monkeypatch.setattr(encryption, "shred", failing_shred)
    with pytest.raises(StorageError, match="were converted, but the old file"):
        job(context, secrets, True).run()
    assert DatabaseKey(secrets).get() is not None
    assert context.settings.privacy.encrypt_conversations
    with context.conversation_store(secrets) as store:
        assert store.encrypted and len(store.list_conversations()) == 3


def test_a_copy_whose_search_answers_differently_is_refused(
    context: AppContext, secrets: SecretStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = context.paths.conversations_db
    fill(db)
    before = db.read_bytes()
    running = job(context, secrets, True)
    real_export = running._export

    def export_with_other_answers(*args: Any) -> Any:
        counts, probes = real_export(*args)
        assert {table for table, _query, _rows in probes} == {"messages_fts", "titles_fts"}
        return counts, [(table, query, [*rows, 999]) for table, query, rows in probes]

    monkeypatch.setattr(running, "_export", export_with_other_answers)
    with pytest.raises(StorageError, match="answers differently"):
        running.run()
    assert db.read_bytes() == before
    assert not db.with_name(db.name + ".converting").exists()
