"""Helpers for tests that use the real OS keyring (a Secret Service on Linux) or run the
app in a subprocess with keyring's folders isolated."""

from __future__ import annotations

import os
import platform
import sys
import uuid
from functools import cache
from pathlib import Path

from agentic_desk.core.secrets import KeyringUnavailable, SecretStore

LINUX = sys.platform.startswith("linux")
HINT_TOOLS = "scripts/with-secret-service.sh (dbus-run-session + an unlocked gnome-keyring-daemon)"
MESSAGE_START = "No OS keyring is available to store API keys: "


def new_provider() -> str:
    return f"adtest-{uuid.uuid4().hex[:12]}"


@cache
def missing_keyring() -> str | None:
    """Why the real OS keyring cannot be used here, naming the missing piece (None: usable)."""
    if LINUX:
        try:
            import secretstorage  # noqa: F401
        except ImportError:
            return "the secretstorage package is not installed"
        if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            return (
                "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset); "
                f"run the tests under {HINT_TOOLS}"
            )
    try:
        SecretStore().get(new_provider())
    except KeyringUnavailable as exc:
        return f"the OS keyring (Secret Service) is not usable: {exc.message}"
    return None


def subprocess_env(tmp_path: Path, **changes: str | None) -> dict[str, str]:
    """The caller's environment with keyring's config and data folders isolated, no
    display (so no unlock prompt can appear) and ``changes`` applied (None removes)."""
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "PYTHON_KEYRING_BACKEND"):
        env.pop(name, None)
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "data").mkdir(exist_ok=True)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def sqlcipher_missing_reason() -> str:
    """Why the encryption tests skip without sqlcipher3-binary: a missing extra here, or
    (prefixed "other platform: ", which CI accepts) a platform PyPI has no wheel for."""
    reason = "sqlcipher3-binary is not installed (the encryption extra)"
    if not (sys.platform == "linux" and platform.machine() == "x86_64"):
        reason = "other platform: " + reason + ", which has wheels for Linux x86-64 only"
    return reason
