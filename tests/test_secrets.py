"""API keys in the OS keyring (agentic_desk.core.secrets).

The round-trip tests use the REAL keyring: on Linux a Secret Service such as GNOME Keyring
on a D-Bus session bus. They are skipped, naming the missing piece, when it is not
reachable; CI runs them under ``scripts/with-secret-service.sh`` (a private bus and an
unlocked gnome-keyring-daemon). Every test key goes under a fresh, random provider name
and is deleted afterwards, so a developer's own keys are never touched.

The failure paths (no backend, refused plain-text backend, unreachable or locked Secret
Service) use real keyring backends and real processes, never mocks.
"""

from __future__ import annotations

import logging
import pickle
import shutil
import subprocess
import sys
import traceback
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.compat import properties

from agentic_desk.core.secrets import (
    SERVICE_NAME,
    InvalidApiKey,
    KeyringUnavailable,
    SecretStore,
    resolve,
    unavailable_hint,
)
from keyring_helpers import (
    LINUX,
    MESSAGE_START,
    missing_keyring,
    new_provider,
    subprocess_env,
)


def new_key() -> str:
    return f"sk-test-{uuid.uuid4().hex}"


@pytest.fixture
def real_store() -> SecretStore:
    reason = missing_keyring()
    if reason is not None:
        pytest.skip(reason)
    return SecretStore()


@pytest.fixture
def provider(real_store: SecretStore) -> Iterator[str]:
    """A provider name no one else uses; its key is removed after the test."""
    name = new_provider()
    yield name
    real_store.delete(name)


def run_python(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


# -- the real keyring ------------------------------------------------------------------


def test_set_get_delete_round_trip(real_store: SecretStore, provider: str) -> None:
    key, other = new_key(), new_key()
    assert real_store.available()
    assert real_store.get(provider) is None
    real_store.set(provider, f"  {key}\n")  # pasted with whitespace: stored without it
    assert real_store.get(provider) == key
    # Really in the OS keyring, under service "agentic-desk" and username = provider.
    assert keyring.get_password(SERVICE_NAME, provider) == key
    assert SecretStore().get(provider) == key  # another store (another window) sees it
    real_store.set(provider, other)  # replaces
    assert real_store.get(provider) == other
    assert real_store.delete(provider) is True
    assert real_store.get(provider) is None
    assert keyring.get_password(SERVICE_NAME, provider) is None
    assert real_store.delete(provider) is False


@pytest.mark.skipif(not LINUX, reason="other platform: the Secret Service is the Linux keyring")
def test_the_key_is_an_item_of_the_secret_service(real_store: SecretStore, provider: str) -> None:
    import secretstorage

    key = new_key()
    real_store.set(provider, key)
    assert real_store.backend_name() == "keyring.backends.SecretService.Keyring"
    with closing(secretstorage.dbus_init()) as bus:
        collection = secretstorage.get_default_collection(bus)
        items = list(collection.search_items({"service": SERVICE_NAME, "username": provider}))
        assert len(items) == 1
        assert items[0].get_secret() == key.encode()


def test_list_providers_says_where_a_key_comes_from_never_the_key(
    real_store: SecretStore, provider: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_env, nowhere = new_provider(), new_provider()
    key, env_key = new_key(), new_key()
    real_store.set(provider, key)
    monkeypatch.setenv("ADTEST_ENV_KEY", env_key)
    found = real_store.list_providers({provider: None, in_env: "ADTEST_ENV_KEY", nowhere: None})
    assert found == {provider: "keyring", in_env: "environment (ADTEST_ENV_KEY)"}
    assert real_store.list_providers([provider, nowhere]) == {provider: "keyring"}
    # The default variables: OPENAI_API_KEY covers "openai" without a keyring lookup.
    monkeypatch.setenv("OPENAI_API_KEY", env_key)
    assert real_store.list_providers(["openai"]) == {"openai": "environment (OPENAI_API_KEY)"}
    assert key not in repr(found) and env_key not in repr(found)


def test_an_environment_variable_wins_for_one_run_and_is_never_stored(
    real_store: SecretStore, provider: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored, from_env = new_key(), new_key()
    real_store.set(provider, stored)
    monkeypatch.setenv("ADTEST_ENV_KEY", f"{from_env}\n")
    assert real_store.resolve(provider, "ADTEST_ENV_KEY") == from_env
    assert resolve(provider, "ADTEST_ENV_KEY", store=real_store) == from_env
    assert real_store.get(provider) == stored  # the keyring still holds its own key
    monkeypatch.setenv("ADTEST_ENV_KEY", "   ")  # blank counts as unset
    assert real_store.resolve(provider, "ADTEST_ENV_KEY") == stored
    monkeypatch.delenv("ADTEST_ENV_KEY")
    assert real_store.resolve(provider, "ADTEST_ENV_KEY") == stored
    assert resolve(provider, "ADTEST_ENV_KEY") == stored  # a default store finds it too

    # The default variable of a known provider; nothing is written for it.
    monkeypatch.setenv("OPENAI_API_KEY", from_env)
    assert real_store.resolve("openai") == from_env
    assert real_store.get("openai") != from_env
    fresh = new_provider()
    monkeypatch.setenv("ADTEST_ENV_KEY", from_env)
    assert real_store.resolve(fresh, "ADTEST_ENV_KEY") == from_env
    assert real_store.get(fresh) is None


def test_no_key_anywhere_resolves_to_none(real_store: SecretStore) -> None:
    assert real_store.resolve(new_provider(), "ADTEST_UNSET_VARIABLE") is None


def test_the_key_is_never_in_reprs_or_logs(
    real_store: SecretStore, provider: str, caplog: pytest.LogCaptureFixture
) -> None:
    key = new_key()
    caplog.set_level(logging.DEBUG)  # every logger, keyring's and secretstorage's too
    real_store.set(provider, key)
    assert real_store.get(provider) == key
    real_store.list_providers([provider])
    real_store.delete(provider)
    assert caplog.records  # the store does log (names only)
    assert key not in caplog.text
    assert key not in repr(real_store)


def test_a_chainer_uses_its_secure_member(real_store: SecretStore, provider: str) -> None:
    store = SecretStore(backend=chainer.ChainerBackend())
    assert "chainer" not in store.backend_name()
    key = new_key()
    store.set(provider, key)
    assert real_store.get(provider) == key


# -- no keyring: the environment still works -------------------------------------------


def test_an_environment_key_needs_no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    store = SecretStore(backend=fail.Keyring())
    key = new_key()
    monkeypatch.setenv("ADTEST_ENV_KEY", key)
    assert store.resolve("anything", "ADTEST_ENV_KEY") == key
    monkeypatch.setenv("GROQ_API_KEY", key)
    assert store.resolve("groq") == key
    assert store.list_providers(["groq"]) == {"groq": "environment (GROQ_API_KEY)"}
    with pytest.raises(KeyringUnavailable):  # a provider the environment does not cover
        store.list_providers(["groq", "adtest-no-env"])


# -- no usable backend ------------------------------------------------------------------


def test_no_backend_is_a_clear_known_error() -> None:
    store = SecretStore(backend=fail.Keyring())
    expected = (
        "No OS keyring is available to store API keys: the keyring library found no "
        "usable backend (keyring.backends.fail.Keyring)."
    )
    assert store.available() is False
    assert store.backend_name() == "none"
    for call in (
        lambda: store.get("openai"),
        lambda: store.set("openai", new_key()),
        lambda: store.delete("openai"),
        lambda: store.resolve("adtest-no-env", "ADTEST_UNSET_VARIABLE"),
    ):
        with pytest.raises(KeyringUnavailable) as info:
            call()
        assert info.value.message == expected
        assert info.value.hint == unavailable_hint()
        assert str(info.value) == f"{expected} {unavailable_hint()}"
    error = pickle.loads(pickle.dumps(info.value))  # crosses a worker pipe intact
    assert (type(error), error.message, error.hint) == (
        KeyringUnavailable,
        expected,
        info.value.hint,
    )


def test_the_hint_gives_steps_per_platform_and_the_environment_way() -> None:
    linux = unavailable_hint("linux")
    for text in ("GNOME Keyring", "KWallet", "sudo apt install gnome-keyring", "dbus-run-session"):
        assert text in linux
    assert "gnome-keyring-daemon --unlock --components=secrets" in linux
    assert "login Keychain" in unavailable_hint("darwin")
    assert "Credential Manager" in unavailable_hint("win32")
    for platform in ("linux", "darwin", "win32"):
        assert "OPENAI_API_KEY" in unavailable_hint(platform)
        assert "one run" in unavailable_hint(platform)


def test_a_disabled_keyring_is_no_keyring() -> None:
    store = SecretStore(backend=null.Keyring())
    with pytest.raises(KeyringUnavailable, match=r"keyring is disabled in its configuration"):
        store.set("openai", new_key())
    assert not store.available()


class _EchoingBackend(KeyringBackend):
    """A (badly behaved) backend whose errors quote the password."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("a test backend, never chosen automatically")

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.InitError(f"cannot read {username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError(f"cannot store {password!r} for {username}")


def test_a_key_quoted_by_a_backend_error_is_redacted() -> None:
    key = new_key()
    store = SecretStore(backend=_EchoingBackend())
    with pytest.raises(KeyringUnavailable) as info:
        store.set("openai", key)
    error = info.value
    shown = "".join(traceback.format_exception(error))
    for text in (str(error), repr(error), repr(error.args), shown):
        assert key not in text
    assert "[redacted]" in error.message
    assert error.__cause__ is None and error.__context__ is None  # the original is not kept


def test_bad_keys_and_provider_names_are_refused_before_the_keyring() -> None:
    store = SecretStore(backend=fail.Keyring())
    for bad in ("", "   \n", "sk-abc def", "sk-abc\x00def"):
        with pytest.raises(InvalidApiKey) as info:
            store.set("openai", bad)
        assert not bad.strip() or bad.strip() not in str(info.value)
    for name in ("", " openai", "open\nai"):
        with pytest.raises(ValueError, match="invalid provider name"):
            store.get(name)


# -- the keyrings.alt backends are refused ------------------------------------------------


def test_plaintext_backends_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alt = pytest.importorskip(
        "keyrings.alt.file",
        reason="keyrings.alt is not installed, so its plain-text backends cannot be offered",
    )
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # where keyrings.alt would write
    # Built without __init__: EncryptedKeyring's needs pycryptodome, and the refusal must
    # not depend on whether a backend could work.
    for backend in (
        alt.PlaintextKeyring.__new__(alt.PlaintextKeyring),
        alt.EncryptedKeyring.__new__(alt.EncryptedKeyring),
    ):
        store = SecretStore(backend=backend)
        assert not store.available()
        with pytest.raises(KeyringUnavailable) as info:
            store.set("openai", new_key())
        name = f"keyrings.alt.file.{type(backend).__name__}"
        assert info.value.message == (
            f"{MESSAGE_START}{name} keeps keys in a file, which Agentic Desk refuses to use."
        )
    assert list(tmp_path.rglob("*")) == []


def test_a_configured_plaintext_default_is_refused_in_favour_of_the_os_store(
    tmp_path: Path,
) -> None:
    """keyring configured (PYTHON_KEYRING_BACKEND) to use the plain-text file: refused;
    the platform store is used when it works, else the known error. No file is written."""
    pytest.importorskip(
        "keyrings.alt.file",
        reason="keyrings.alt is not installed, so its plain-text backends cannot be offered",
    )
    code = (
        "import sys\n"
        "from agentic_desk.core.secrets import SecretStore, KeyringUnavailable\n"
        "s = SecretStore()\n"
        "try:\n"
        "    s.set('adtest-plaintext', 'sk-test-not-in-a-file'); s.delete('adtest-plaintext')\n"
        "except KeyringUnavailable as e:\n"
        "    print(e.message); sys.exit(3)\n"
        "print(s.backend_name())\n"
    )
    env = subprocess_env(tmp_path, PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring")
    result = run_python(["-c", code], env)
    if missing_keyring() is None:
        assert result.returncode == 0, result.stderr
        assert "keyrings.alt" not in result.stdout
        if LINUX:
            assert result.stdout.strip() == "keyring.backends.SecretService.Keyring"
    else:
        assert result.returncode == 3, result.stderr
        assert result.stdout.startswith(
            f"{MESSAGE_START}keyrings.alt.file.PlaintextKeyring keeps keys in a file"
        )
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


# -- an unreachable or locked Secret Service: a clear error, not a traceback ---------------


@pytest.mark.skipif(not LINUX, reason="other platform: D-Bus and the Secret Service are Linux's")
def test_an_unreachable_session_bus_gives_the_clear_error(tmp_path: Path) -> None:
    address = f"unix:path={tmp_path}/no-such-bus"
    env = subprocess_env(tmp_path, DBUS_SESSION_BUS_ADDRESS=address)
    result = run_python(["-m", "agentic_desk.core.secrets"], env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"agentic-desk: {MESSAGE_START}")
    assert f"the D-Bus session bus {address!r} cannot be reached" in result.stderr
    assert "dbus-run-session" in result.stderr and "OPENAI_API_KEY" in result.stderr

    # Writing a key fails the same way, and the key is nowhere in the output.
    key = new_key()
    code = (
        "from agentic_desk.core.secrets import SecretStore, KeyringUnavailable\n"
        "try:\n"
        f"    SecretStore().set('openai', {key!r})\n"
        "except KeyringUnavailable as e:\n"
        "    print(e)\n"
    )
    result = run_python(["-c", code], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(MESSAGE_START)
    assert key not in result.stdout + result.stderr

    # No bus at all.
    result = run_python(
        ["-m", "agentic_desk.core.secrets"],
        subprocess_env(tmp_path, DBUS_SESSION_BUS_ADDRESS=None),
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "DBUS_SESSION_BUS_ADDRESS is unset" in result.stderr


WAIT_FOR_SECRET_SERVICE = (
    "for i in $(seq 200); do dbus-send --session --print-reply --dest=org.freedesktop.DBus"
    " /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets"
    " 2>/dev/null | grep -q 'boolean true' && break; sleep 0.05; done"
)


def _in_new_session(tmp_path: Path, command: str) -> subprocess.CompletedProcess[str]:
    """``command`` (sh) on a fresh private D-Bus session whose keyring data is tmp_path."""
    env = subprocess_env(tmp_path, XDG_DATA_HOME=str(tmp_path / "keyrings"))
    return subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", command],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(
    not (
        LINUX
        and shutil.which("dbus-run-session")
        and shutil.which("dbus-send")
        and shutil.which("gnome-keyring-daemon")
    ),
    reason="needs dbus-run-session, dbus-send and gnome-keyring-daemon"
    " (apt-get install dbus gnome-keyring)",
)
def test_a_locked_or_missing_keyring_gives_the_clear_error(tmp_path: Path) -> None:
    """Real gnome-keyring-daemon, started by D-Bus activation and never unlocked; with no
    display its unlock prompt cannot appear, as on a headless machine."""
    probe = f"{sys.executable} -m agentic_desk.core.secrets"
    # No keyring yet: creating the default collection needs a prompt.
    result = _in_new_session(tmp_path, probe)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"agentic-desk: {MESSAGE_START}" in result.stderr
    assert "Prompt dismissed" in result.stderr

    # A keyring that exists but is locked (made once with a password, then not unlocked).
    made = _in_new_session(
        tmp_path,
        "printf pw | gnome-keyring-daemon --foreground --unlock --components=secrets"
        f" >/dev/null 2>&1 & d=$!; {WAIT_FOR_SECRET_SERVICE}; {probe}; r=$?;"
        " kill $d; wait $d; exit $r",
    )
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "keyrings/keyrings/login.keyring").is_file()
    result = _in_new_session(tmp_path, probe)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"agentic-desk: {MESSAGE_START}the keyring is locked and was not unlocked" in (
        result.stderr
    )
