"""API keys for online providers: kept only in the operating system's keyring.

Keys live under the service name ``agentic-desk`` with the provider's name as the
username (Secret Service on Linux, the login Keychain on macOS, Credential Manager on
Windows). There is no other place: when no secure store is usable the app says so
(:class:`KeyringUnavailable`) and never falls back to a file. The ``keyrings.alt``
backends (plain-text and "encrypted" files, cloud stores) are refused even when installed.

For one run a key may also come from an environment variable (``OPENAI_API_KEY`` and
friends, see :data:`DEFAULT_ENV_VARS`); it wins over the keyring and is never written
anywhere.

Keys never appear in exceptions, reprs or log records: error details coming from a
backend are passed through with the key replaced, and only provider and backend names
are logged.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
import threading
from collections.abc import Iterable, Mapping

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t

__all__ = [
    "DEFAULT_ENV_VARS",
    "SERVICE_NAME",
    "InvalidApiKey",
    "KeyringUnavailable",
    "SecretStore",
    "env_var_for",
    "pin_platform_backend_when_frozen",
    "resolve",
    "unavailable_hint",
]

log = logging.getLogger(__name__)

SERVICE_NAME = "agentic-desk"

#: Environment variables that may supply a provider's key for one run.
DEFAULT_ENV_VARS: Mapping[str, str] = {
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "openrouter": "OPENROUTER_API_KEY",
    "groq": "GROQ_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "together": "TOGETHER_API_KEY",
}

_PROBE_USER = "__agentic-desk-availability-probe__"
_REDACTED = "[redacted]"
_MAX_DETAIL = 300
_MAX_DELETE_ROUNDS = 5

# Backends that never count as a secure store.
_FAIL_BACKEND = "keyring.backends.fail.Keyring"
_NULL_BACKEND = "keyring.backends.null.Keyring"
_CHAINER_BACKEND = "keyring.backends.chainer.ChainerBackend"
_ALT_PACKAGE = "keyrings.alt"
_ALT_FILE_MODULES = ("keyrings.alt.file", "keyrings.alt.file_base", "keyrings.alt.pyfs")


class KeyringUnavailable(AgenticDeskError):
    """No secure OS keyring can be used: none installed, not running, locked, or refused."""


class InvalidApiKey(AgenticDeskError):
    """The key given to :meth:`SecretStore.set` is empty or has spaces/control characters."""


def _backend_errors() -> tuple[type[BaseException], ...]:
    """Exceptions a backend raises when the store behind it cannot be used.

    ``OSError`` covers refused/missing D-Bus sockets; ``RuntimeError`` covers
    ``NoKeyringError`` and viability checks. The optional packages add their own.
    """
    errors: list[type[BaseException]] = [keyring.errors.KeyringError, OSError, RuntimeError]
    try:
        from secretstorage.exceptions import SecretStorageException

        errors.append(SecretStorageException)
    except ImportError:
        pass
    # jeepney (under secretstorage) and pywin32-ctypes ship no type information: by name
    optional = [("jeepney.wrappers", "DBusErrorResponse")]
    if sys.platform == "win32":  # pragma: no cover - Windows only
        optional.append(("win32ctypes.pywin32.pywintypes", "error"))
    for module, name in optional:
        with contextlib.suppress(ImportError, AttributeError):
            errors.append(getattr(importlib.import_module(module), name))
    if sys.platform == "darwin":  # pragma: no cover - macOS only
        try:
            from keyring.backends.macOS import api as mac_api

            errors.append(mac_api.Error)
        except Exception:
            pass
    return tuple(errors)


_BACKEND_ERRORS = _backend_errors()


def env_var_for(provider: str) -> str | None:
    """The default environment variable for ``provider`` (case-insensitive), if any."""
    return DEFAULT_ENV_VARS.get(provider.strip().lower())


def unavailable_hint(platform: str | None = None) -> str:
    """What a user can do when no keyring is usable, for ``platform`` (``sys.platform``)."""
    platform = sys.platform if platform is None else platform
    if platform == "darwin":
        steps = (
            "Agentic Desk keeps API keys in your login Keychain: open Keychain Access and "
            "make sure the login keychain exists and is unlocked."
        )
    elif platform == "win32":
        steps = (
            "Agentic Desk keeps API keys in Windows Credential Manager: make sure the "
            "Credential Manager service is running and you are signed in to your user account."
        )
    else:
        steps = (
            "Agentic Desk keeps API keys in a Secret Service keyring: install and unlock one "
            "such as GNOME Keyring or KWallet (for example `sudo apt install gnome-keyring`) "
            "and use it from your desktop session. On a headless machine, run the app under "
            "`dbus-run-session` and unlock the keyring first with "
            "`gnome-keyring-daemon --unlock --components=secrets` (it reads the keyring "
            "password from standard input)."
        )
    return (
        f"{steps} Alternatively, set the provider's environment variable (for example "
        "OPENAI_API_KEY) to supply a key for one run; it is never saved."
    )


def _unavailable(reason: str) -> KeyringUnavailable:
    return KeyringUnavailable(
        t(
            "No OS keyring is available to store API keys: {reason}.",
            reason=reason,
        ),
        unavailable_hint(),
    )


def _class_path(obj: object) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def _describe(exc: BaseException, secret: str | None = None) -> str:
    """``Type: message`` of a backend error, with ``secret`` removed and kept short."""
    text = str(exc).strip()
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    if secret:
        detail = detail.replace(secret, _REDACTED)
    if len(detail) > _MAX_DETAIL:
        detail = detail[: _MAX_DETAIL - 3] + "..."
    return detail.rstrip(".")


def _explain(exc: BaseException, secret: str | None = None) -> str:
    """:func:`_describe`, saying so when a socket error means the D-Bus bus is unreachable."""
    detail = _describe(exc, secret)
    if not isinstance(exc, OSError) or sys.platform in ("darwin", "win32"):
        return detail
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address:
        return t("no D-Bus session bus, DBUS_SESSION_BUS_ADDRESS is unset: {detail}", detail=detail)
    return t(
        "the D-Bus session bus {address!r} cannot be reached: {detail}",
        address=address,
        detail=detail,
    )


def _refusal(backend: KeyringBackend) -> str | None:
    """Why ``backend`` is not a secure store (or None when it is one)."""
    path = _class_path(backend)
    mro_modules = {cls.__module__ for cls in type(backend).__mro__}
    if any(m.startswith(_ALT_FILE_MODULES) for m in mro_modules):
        return t("{path} keeps keys in a file, which Agentic Desk refuses to use", path=path)
    if any(m == _ALT_PACKAGE or m.startswith(_ALT_PACKAGE + ".") for m in mro_modules):
        return t(
            "{path} (from keyrings.alt) is not an OS keyring, which Agentic Desk requires",
            path=path,
        )
    if path == _FAIL_BACKEND:
        return t("the keyring library found no usable backend ({path})", path=path)
    if path == _NULL_BACKEND:
        return t(
            "keyring is disabled in its configuration ({path}); remove that setting "
            "(`keyring diagnose` shows where the configuration file is)",
            path=path,
        )
    return None


def _is_chainer(backend: KeyringBackend) -> bool:
    return any(
        f"{cls.__module__}.{cls.__qualname__}" == _CHAINER_BACKEND for cls in type(backend).__mro__
    )


def _usable(backend: KeyringBackend) -> tuple[KeyringBackend | None, str]:
    """The secure backend to use for ``backend`` (a chainer's best acceptable member),
    or None and the reason."""
    if _is_chainer(backend):
        try:
            members: list[KeyringBackend] = list(getattr(backend, "backends", []))
        except Exception as exc:
            return None, t(
                "the keyring chainer failed to list its backends ({describe})",
                describe=_describe(exc),
            )
        refused = []
        for member in members:  # sorted by priority, best first
            inner, why = _usable(member)
            if inner is not None:
                return inner, ""
            refused.append(why)
        detail = f" ({'; '.join(refused)})" if refused else ""
        return None, t("the keyring chainer has no usable backends{detail}", detail=detail)
    reason = _refusal(backend)
    if reason is not None:
        return None, reason
    return backend, ""


def _platform_backend_name() -> str:
    if sys.platform == "darwin":
        return "keyring.backends.macOS.Keyring"
    if sys.platform == "win32":
        return "keyring.backends.Windows.WinVaultKeyring"
    return "keyring.backends.SecretService.Keyring"


def _platform_backend() -> KeyringBackend:
    """The OS store, constructed explicitly (entry-point discovery fails in frozen apps)."""
    # keyring's backend constructors are unannotated (hence the ignores)
    if sys.platform == "darwin":  # pragma: no cover - macOS only
        from keyring.backends import macOS

        return macOS.Keyring()  # type: ignore[no-untyped-call,unused-ignore]
    if sys.platform == "win32":  # pragma: no cover - Windows only
        from keyring.backends import Windows

        return Windows.WinVaultKeyring()  # type: ignore[no-untyped-call,unused-ignore]
    from keyring.backends import SecretService

    return SecretService.Keyring()  # type: ignore[no-untyped-call,unused-ignore]


def pin_platform_backend_when_frozen() -> str | None:
    """In a packaged (frozen) app, make the platform's store keyring's backend.

    keyring finds its backends through package entry points, which a frozen app does not
    carry, so it would settle on ``fail.Keyring``. Called once at start by the packaged
    app's entry script; returns the backend's name, or None when not frozen. Whether the
    store is usable is found out on first use (and reported then, see :class:`SecretStore`).
    """
    if not getattr(sys, "frozen", False):
        return None
    backend = _platform_backend()
    keyring.set_keyring(backend)
    return _class_path(backend)


def _check_provider(provider: str) -> str:
    if (
        not isinstance(provider, str)
        or not provider
        or provider != provider.strip()
        or not provider.isprintable()
        or len(provider) > 200
    ):
        raise ValueError(f"invalid provider name: {provider!r}")
    return provider


def _clean_key(key: str) -> str:
    if not isinstance(key, str):
        raise InvalidApiKey(t("The API key must be text."), t("Paste the key again."))
    cleaned = key.strip()
    if not cleaned:
        raise InvalidApiKey(
            t("The API key is empty."),
            t(
                "Paste the key from your provider's site.",
            ),
        )
    if any(ch.isspace() or not ch.isprintable() for ch in cleaned):
        raise InvalidApiKey(
            t("The API key contains spaces or control characters."),
            t("Copy the key again from your provider's site; only the key itself is needed."),
        )
    return cleaned


class SecretStore:
    """Provider API keys in the OS keyring (service ``agentic-desk``, username = provider).

    ``backend`` pins a keyring backend (packaged apps, where keyring's entry-point
    discovery breaks, pass e.g. ``keyring.backends.SecretService.Keyring()``). By default
    ``keyring.get_keyring()`` is used; when that finds nothing usable, the platform's store
    is tried explicitly. Refused backends (see module doc) count as no backend. Every
    operation raises :class:`KeyringUnavailable` when no store can be used. The store
    holds no key itself; each call goes to the keyring.
    """

    def __init__(
        self, backend: KeyringBackend | None = None, *, service: str = SERVICE_NAME
    ) -> None:
        if backend is not None and not isinstance(backend, KeyringBackend):
            raise TypeError("backend must be a keyring.backend.KeyringBackend instance")
        if not service:
            raise ValueError("service name must not be empty")
        self._explicit = backend
        self._service = service
        self._chosen: KeyringBackend | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        pinned = "auto" if self._explicit is None else _class_path(self._explicit)
        return f"SecretStore(service={self._service!r}, backend={pinned!r})"

    @property
    def service(self) -> str:
        return self._service

    # -- backend selection -------------------------------------------------------------

    def _backend(self) -> KeyringBackend:
        """The usable backend, chosen once; raises :class:`KeyringUnavailable`."""
        with self._lock:
            if self._chosen is None:
                self._chosen = self._choose()
                log.debug("keyring backend: %s", _class_path(self._chosen))
            return self._chosen

    def _choose(self) -> KeyringBackend:
        if self._explicit is not None:
            chosen, reason = _usable(self._explicit)
            if chosen is None:
                raise _unavailable(reason)
            return chosen
        try:
            default: KeyringBackend | None = keyring.get_keyring()
            default_reason = ""
        except Exception as exc:  # a broken keyringrc.cfg, a failing plugin
            default, default_reason = (
                None,
                t("keyring failed to start ({describe})", describe=_describe(exc)),
            )
        if default is not None:
            chosen, default_reason = _usable(default)
            if chosen is not None:
                return chosen
            if _class_path(default) == _NULL_BACKEND:  # the user disabled keyring: respect it
                raise _unavailable(default_reason)
        try:
            fallback = _platform_backend()
            type(fallback).priority  # noqa: B018  (viability check; raises with the cause)
        except Exception as exc:
            why = t(
                "{default_reason}, and {platform_backend_name} cannot be used",
                default_reason=default_reason,
                platform_backend_name=_platform_backend_name(),
            )
            raise _unavailable(f"{why} ({_explain(exc)})") from None
        chosen, reason = _usable(fallback)
        if chosen is None:  # pragma: no cover - the platform stores are never refused
            raise _unavailable(reason)
        return chosen

    def backend_name(self) -> str:
        """The backend in use, e.g. ``keyring.backends.SecretService.Keyring``, or
        ``"none"`` when no secure store is usable."""
        try:
            return _class_path(self._backend())
        except KeyringUnavailable:
            return "none"

    def available(self) -> bool:
        """Whether keys can be stored and read now (asks the store; on a desktop this
        may show the OS prompt to unlock the keyring)."""
        try:
            self._read(_PROBE_USER)
        except KeyringUnavailable:
            return False
        return True

    # -- operations --------------------------------------------------------------------

    def _read(self, username: str) -> str | None:
        backend = self._backend()
        failure: KeyringUnavailable | None = None
        try:
            value = backend.get_password(self._service, username)
        except _BACKEND_ERRORS as exc:
            failure = self._failure(backend, exc, "reading from")
        if failure is not None:
            raise failure
        return value

    def _failure(
        self,
        backend: KeyringBackend,
        exc: BaseException,
        action: str,
        secret: str | None = None,
    ) -> KeyringUnavailable:
        """The error for a backend failure. Callers raise it outside their ``except``
        block, so the original (whose traceback holds the key's frame) is not chained."""
        detail = _explain(exc, secret)
        if isinstance(exc, keyring.errors.KeyringLocked):
            why = t("the keyring is locked and was not unlocked ({detail})", detail=detail)
        else:
            why = f"{action} {_class_path(backend)} failed ({detail})"
        with self._lock:
            self._chosen = None  # choose again next time: the store may come back
        log.debug("keyring: %s %s failed: %s", action, _class_path(backend), type(exc).__name__)
        return _unavailable(why)

    def get(self, provider: str) -> str | None:
        """The key stored for ``provider``, or None."""
        return self._read(_check_provider(provider))

    def has(self, provider: str) -> bool:
        """Whether the keyring holds a key for ``provider`` (the key is not returned)."""
        return self._read(_check_provider(provider)) is not None

    def check(self) -> None:
        """Raise :class:`KeyringUnavailable` (with the reason and what to install) when
        keys cannot be stored or read now; return quietly when they can."""
        self._read(_PROBE_USER)

    def set(self, provider: str, key: str) -> None:
        """Store ``key`` (surrounding whitespace removed) for ``provider``, replacing any."""
        provider = _check_provider(provider)
        cleaned = _clean_key(key)
        backend = self._backend()
        failure: KeyringUnavailable | None = None
        try:
            backend.set_password(self._service, provider, cleaned)
        except _BACKEND_ERRORS as exc:
            failure = self._failure(backend, exc, "writing to", secret=cleaned)
        if failure is not None:
            raise failure
        log.debug("stored a key for provider %r", provider)

    def delete(self, provider: str) -> bool:
        """Remove ``provider``'s key; False when there was none."""
        provider = _check_provider(provider)
        if self._read(provider) is None:
            return False
        backend = self._backend()
        for _ in range(_MAX_DELETE_ROUNDS):  # a store may hold duplicates; delete them all
            failure: KeyringUnavailable | None = None
            try:
                backend.delete_password(self._service, provider)
            except keyring.errors.PasswordDeleteError:
                pass  # already gone (another process) or refused: the read below tells
            except _BACKEND_ERRORS as exc:
                failure = self._failure(backend, exc, "deleting from")
            if failure is not None:
                raise failure
            if self._read(provider) is None:
                log.debug("deleted the key for provider %r", provider)
                return True
        raise _unavailable(
            t(
                "{class_path} did not delete the key for {provider!r}",
                class_path=_class_path(backend),
                provider=provider,
            )
        )

    def resolve(self, provider: str, env_var: str | None = None) -> str | None:
        """The key to use for ``provider`` in this run: the environment variable
        (``env_var``, else :data:`DEFAULT_ENV_VARS`) when set and not blank, else the
        keyring. The environment's key is never stored. The keyring is not touched when
        the environment supplies the key."""
        provider = _check_provider(provider)
        from_env = _from_env(provider, env_var)
        if from_env is not None:
            return from_env[1]
        return self.get(provider)

    def list_providers(self, known: Iterable[str] | Mapping[str, str | None]) -> dict[str, str]:
        """Which of the ``known`` providers have a key, and from where:
        ``"environment (OPENAI_API_KEY)"`` (wins for this run) or ``"keyring"``. Never the
        key. Keyrings cannot enumerate entries, so only the given names are checked.
        A mapping gives each provider's environment variable (None: the default one).
        Raises :class:`KeyringUnavailable` only if a provider not covered by the
        environment has to be looked up in an unusable keyring."""
        pairs: list[tuple[str, str | None]] = (
            list(known.items()) if isinstance(known, Mapping) else [(p, None) for p in known]
        )
        found: dict[str, str] = {}
        for provider, env_var in pairs:
            _check_provider(provider)
            from_env = _from_env(provider, env_var)
            if from_env is not None:
                found[provider] = f"environment ({from_env[0]})"
            elif self.get(provider) is not None:
                found[provider] = "keyring"
        return found


def _from_env(provider: str, env_var: str | None) -> tuple[str, str] | None:
    """``(variable, key)`` when the provider's environment variable holds a key."""
    name = env_var if env_var else env_var_for(provider)
    if not name:
        return None
    value = os.environ.get(name, "").strip()
    return (name, value) if value else None


def resolve(
    provider: str, env_var: str | None = None, *, store: SecretStore | None = None
) -> str | None:
    """:meth:`SecretStore.resolve` with ``store`` (default: a new default store)."""
    return (store or SecretStore()).resolve(provider, env_var)


def main(argv: list[str] | None = None) -> int:
    """``python -m agentic_desk.core.secrets``: report which keyring would be used."""
    del argv
    store = SecretStore()
    try:
        store._read(_PROBE_USER)
    except KeyringUnavailable as exc:
        print(f"agentic-desk: {exc}", file=sys.stderr)
        return 1
    print(f"keyring: {store.backend_name()} (available)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
