"""SecretStore.has / check: whether a key is stored, and whether keys can be stored at all,
without handing the key to the caller (what the settings view uses)."""

from __future__ import annotations

import uuid

import pytest
from keyring.backends import fail, null

from agentic_desk.core.secrets import KeyringUnavailable, SecretStore, unavailable_hint


def test_has_and_check_with_the_real_secret_service() -> None:
    store = SecretStore()
    if not store.available():
        pytest.skip("no Secret Service (run under scripts/with-secret-service.sh)")
    provider = f"adtest-{uuid.uuid4().hex[:12]}"
    store.check()  # returns quietly
    assert store.has(provider) is False
    store.set(provider, f"sk-test-{uuid.uuid4().hex}")
    try:
        assert store.has(provider) is True
    finally:
        store.delete(provider)
    assert store.has(provider) is False


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring])
def test_check_says_why_and_what_to_do_when_no_keyring_is_usable(backend: type) -> None:
    store = SecretStore(backend=backend())
    with pytest.raises(KeyringUnavailable) as info:
        store.check()
    assert info.value.message.startswith("No OS keyring is available to store API keys: ")
    assert info.value.hint == unavailable_hint()
    with pytest.raises(KeyringUnavailable):
        store.has("openai")
