"""The app lock (opt-in): the conversation database key behind a passphrase.

With encryption at rest on, the database key is in the OS keyring
(:mod:`agentic_desk.core.conversations.encryption`), so whoever can unlock the login
keyring can read the conversations. With the lock on, the keyring holds the key only
**wrapped**: encrypted with AES-256-GCM under a key derived from a passphrase with scrypt
(a random 16-byte salt per wrapping, ``N=2**15, r=8, p=1``), under the entry
:data:`WRAPPED_NAME`; the plain entry (:data:`~agentic_desk.core.conversations.encryption.KEY_NAME`)
is deleted. Unlocking is passphrase → scrypt → unwrap → the raw key the store is opened
with (:meth:`AppContext.conversation_store(key=...)
<agentic_desk.core.context.AppContext.conversation_store>`).

scrypt gives 64 bytes: the first 32 are the wrapping key, the last 32 make a verifier
(an HMAC-SHA256 of a fixed label) kept next to the wrapped key, so a wrong passphrase is
told apart (:class:`WrongPassphrase`) before any decryption or SQLCipher is tried; the
GCM tag checks the rest. The passphrase and the derived key are never stored.

The stored text is ``adlock1$<N>$<r>$<p>$<salt>$<nonce>$<verifier>$<ciphertext>`` (URL-safe
base64 without padding), with no spaces (the keyring entry is checked like an API key).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets as _random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t

if TYPE_CHECKING:
    from agentic_desk.core.secrets import SecretStore

log = logging.getLogger(__name__)

#: The keyring username (service ``agentic-desk``) of the wrapped database key.
WRAPPED_NAME = "conversations-db-key-locked"

_FORMAT = "adlock1"
_N, _R, _P = 2**15, 8, 1  # about 32 MiB and a tenth of a second per derivation
_MAXMEM = 256 * 1024 * 1024
_SALT_BYTES = 16
_NONCE_BYTES = 12
_VERIFY_LABEL = b"agentic-desk app lock verifier v1"
_AAD = b"agentic-desk conversations-db-key"
MIN_PASSPHRASE = 8


class AppLockError(AgenticDeskError):
    """The lock cannot do what was asked (off already, no encryption, no key...)."""


class WrongPassphrase(AppLockError):
    """The passphrase does not unwrap the key."""


class LockedError(AppLockError):
    """The conversations are locked: a passphrase is needed to open them."""


def wrong_passphrase() -> WrongPassphrase:
    return WrongPassphrase(
        t("That passphrase is not right."),
        t("Type it again (letter case matters). Without it the conversations cannot be opened."),
    )


def locked() -> LockedError:
    return LockedError(
        t("The conversations are locked with a passphrase."),
        t("Unlock them with your passphrase (in the window, or on the command line when asked)."),
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def check_passphrase(passphrase: str) -> str:
    """``passphrase`` when it may be used as a new one; else an :class:`AppLockError`."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise AppLockError(
            t(
                "The passphrase is too short: use at least {min_passphrase} characters.",
                min_passphrase=MIN_PASSPHRASE,
            ),
            t("A few unrelated words make a passphrase that is long and easy to remember."),
        )
    return passphrase


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    material = hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=64
    )
    wrapping, verifying = material[:32], material[32:]
    return wrapping, hmac.new(verifying, _VERIFY_LABEL, hashlib.sha256).digest()


def wrap(key: str, passphrase: str) -> str:
    """``key`` (the database key's text) encrypted under ``passphrase``, as stored text."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = _random.token_bytes(_SALT_BYTES)
    nonce = _random.token_bytes(_NONCE_BYTES)
    wrapping, verifier = _derive(passphrase, salt, _N, _R, _P)
    sealed = AESGCM(wrapping).encrypt(nonce, key.encode("utf-8"), _AAD)
    parts = [_FORMAT, str(_N), str(_R), str(_P), _b64(salt), _b64(nonce), _b64(verifier)]
    return "$".join([*parts, _b64(sealed)])


@dataclass(frozen=True)
class _Wrapped:
    n: int
    r: int
    p: int
    salt: bytes
    nonce: bytes
    verifier: bytes
    sealed: bytes


def _parse(text: str) -> _Wrapped:
    try:
        fmt, n, r, p, salt, nonce, verifier, sealed = text.split("$")
        if fmt != _FORMAT:
            raise ValueError(fmt)
        return _Wrapped(
            int(n), int(r), int(p), _unb64(salt), _unb64(nonce), _unb64(verifier), _unb64(sealed)
        )
    except ValueError:
        raise AppLockError(
            t(
                "The locked conversation database key in the keyring ({wrapped_name}) is damaged.",
                wrapped_name=WRAPPED_NAME,
            ),
            t(
                "Restore the keyring entry from a backup; without it the conversations cannot be "
                "read. Nothing was changed.",
            ),
        ) from None


def unwrap(text: str, passphrase: str) -> str:
    """The database key in ``text`` (from :func:`wrap`); :class:`WrongPassphrase` when the
    passphrase does not match (found by the verifier, before any decryption)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    wrapped = _parse(text)
    wrapping, verifier = _derive(passphrase, wrapped.salt, wrapped.n, wrapped.r, wrapped.p)
    if not hmac.compare_digest(verifier, wrapped.verifier):
        raise wrong_passphrase()
    try:
        return AESGCM(wrapping).decrypt(wrapped.nonce, wrapped.sealed, _AAD).decode("utf-8")
    except InvalidTag:
        raise AppLockError(
            t(
                "The locked conversation database key in the keyring does not decrypt although "
                "the passphrase is right: the entry was changed.",
            ),
            t("Restore the keyring entry from a backup. Nothing was changed."),
        ) from None


class AppLock:
    """The lock's state in the OS keyring (``secrets``, a :class:`SecretStore`). Every
    method that takes a passphrase runs scrypt (a tenth of a second): the window runs
    them as jobs, except the unlock dialog."""

    def __init__(self, secrets: SecretStore) -> None:
        from agentic_desk.core.conversations.encryption import DatabaseKey

        self._secrets = secrets
        self._keys = DatabaseKey(secrets)

    def is_on(self) -> bool:
        """Whether the keyring holds a wrapped key."""
        return self._secrets.get(WRAPPED_NAME) is not None

    def _wrapped(self) -> str:
        text = self._secrets.get(WRAPPED_NAME)
        if text is None:
            raise AppLockError(
                t("The app lock is off: the keyring holds no locked key."),
                t("Nothing to unlock; turn the lock on first if you want one."),
            )
        return text

    def unlock(self, passphrase: str) -> str:
        """The raw database key; :class:`WrongPassphrase` for a wrong passphrase."""
        return unwrap(self._wrapped(), passphrase)

    def _store_wrapped(self, key: str, passphrase: str) -> None:
        text = wrap(key, passphrase)
        self._secrets.set(WRAPPED_NAME, text)
        if self._secrets.get(WRAPPED_NAME) != text:
            raise AppLockError(
                t("The keyring did not keep the locked key."),
                t("Check that the keyring is unlocked and writable; nothing was changed."),
            )

    def turn_on(self, passphrase: str, *, encrypted: bool) -> None:
        """Wrap the key under ``passphrase`` and delete the plain entry. ``encrypted``:
        whether encryption at rest is on (the lock needs it)."""
        if not encrypted:
            raise AppLockError(
                t("The app lock needs the conversation database to be encrypted."),
                t(
                    "Turn encryption on first (agentic-desk conversations encrypt on, or "
                    "Settings → Privacy & cloud), then the lock.",
                ),
            )
        check_passphrase(passphrase)
        if self.is_on():
            raise AppLockError(t("The app lock is already on."), t("Nothing was changed."))
        key = self._keys.get()
        if key is None:
            raise AppLockError(
                t("The keyring holds no conversation database key to lock."),
                t(
                    "Open the conversations once with encryption on (so the key is made), then "
                    "turn the lock on. Nothing was changed.",
                ),
            )
        self._store_wrapped(key, passphrase)
        if unwrap(self._wrapped(), passphrase) != key:  # pragma: no cover - defensive
            self._secrets.delete(WRAPPED_NAME)
            raise AppLockError(t("The locked key did not read back."), t("Nothing was changed."))
        self._keys.delete()
        log.info("app lock turned on")

    def turn_off(self, passphrase: str) -> None:
        """Store the plain key again (after a right passphrase) and delete the wrapped one."""
        from agentic_desk.core.conversations.encryption import KEY_NAME

        key = self.unlock(passphrase)
        self._secrets.set(KEY_NAME, key)
        if self._secrets.get(KEY_NAME) != key:
            raise AppLockError(
                t("The keyring did not keep the conversation database key."),
                t("Check that the keyring is unlocked and writable; the lock is still on."),
            )
        self._secrets.delete(WRAPPED_NAME)
        log.info("app lock turned off")

    def change(self, old: str, new: str) -> None:
        """Wrap the key under ``new`` (after a right ``old``)."""
        check_passphrase(new)
        key = self.unlock(old)
        self._store_wrapped(key, new)


__all__ = [
    "MIN_PASSPHRASE",
    "WRAPPED_NAME",
    "AppLock",
    "AppLockError",
    "LockedError",
    "WrongPassphrase",
    "check_passphrase",
    "locked",
    "unwrap",
    "wrap",
    "wrong_passphrase",
]
