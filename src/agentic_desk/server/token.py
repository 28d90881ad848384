"""The API server's access token: random, kept in the OS keyring, shown and rotatable.

The token is made on the server's first start (32 random bytes, URL-safe) and stored in
the keyring under the service ``agentic-desk-api``. There is no file fallback: without a
usable keyring the server refuses to start, unless the token comes from an environment
variable for this run (``AGENTIC_DESK_API_TOKEN``, or another named with ``--token-env``),
which is never written anywhere.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.secrets import KeyringUnavailable, SecretStore

TOKEN_ENV = "AGENTIC_DESK_API_TOKEN"
TOKEN_SERVICE = "agentic-desk-api"
TOKEN_USER = "bearer-token"
TOKEN_PREFIX = "adk-"
MIN_TOKEN_CHARS = 32


class ApiTokenError(AgenticDeskError):
    """The access token cannot be read, made or used."""


def new_token() -> str:
    """A fresh random token (256 bits)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def check_token(token: str, source: str) -> str:
    """``token`` stripped, or ApiTokenError when it is too short to be safe or has spaces."""
    token = token.strip()
    if len(token) < MIN_TOKEN_CHARS or any(ch.isspace() or not ch.isprintable() for ch in token):
        raise ApiTokenError(
            f"The access token in {source} is not usable: it must be at least "
            f"{MIN_TOKEN_CHARS} characters with no spaces.",
            "Make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'",
        )
    return token


class ApiTokenStore:
    """Where the server's token lives. ``env_var`` names the variable that may supply it
    for one run (default ``AGENTIC_DESK_API_TOKEN``); ``secrets`` is the keyring store."""

    def __init__(
        self,
        secrets_store: SecretStore | None = None,
        *,
        env_var: str = TOKEN_ENV,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._store = secrets_store or SecretStore(service=TOKEN_SERVICE)
        self._env_var = env_var
        self._environ = environ

    def _from_env(self) -> str | None:
        env = os.environ if self._environ is None else self._environ
        value = env.get(self._env_var, "")
        if not value.strip():
            return None
        return check_token(value, f"the environment variable {self._env_var}")

    @property
    def from_environment(self) -> bool:
        return self._from_env() is not None

    def _unavailable(self, exc: KeyringUnavailable) -> ApiTokenError:
        return ApiTokenError(
            "The API server needs a safe place for its access token, and no system keyring "
            f"can be used: {exc.message}",
            f"{exc.hint + ' ' if exc.hint else ''}Or give a token for this run in the "
            f"environment variable {self._env_var} (at least {MIN_TOKEN_CHARS} characters); "
            "it is never written anywhere.",
        )

    def get(self) -> str | None:
        """The token in use (environment first, then the keyring), or None if none yet."""
        env = self._from_env()
        if env is not None:
            return env
        try:
            return self._store.get(TOKEN_USER)
        except KeyringUnavailable as exc:
            raise self._unavailable(exc) from None

    def get_or_create(self) -> str:
        """The token, made and stored in the keyring on first use."""
        token = self.get()
        if token is not None:
            return token
        return self.rotate()

    def rotate(self) -> str:
        """Replace the keyring's token with a new one and return it. Clients using the old
        token are refused from then on."""
        if self._from_env() is not None:
            raise ApiTokenError(
                f"The access token comes from the environment variable {self._env_var}, "
                "so it cannot be rotated here.",
                f"Set a new value in {self._env_var}, or unset it to use the keyring's token.",
            )
        token = new_token()
        try:
            self._store.set(TOKEN_USER, token)
        except KeyringUnavailable as exc:
            raise self._unavailable(exc) from None
        return token


__all__ = ["TOKEN_ENV", "ApiTokenError", "ApiTokenStore", "check_token", "new_token"]
