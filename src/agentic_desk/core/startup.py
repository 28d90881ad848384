"""Problems that stop the app from starting, found before any window opens, and the way
out of each that keeps the user's data.

A damaged ``router.config.json`` or a ``conversations.db`` that is not a database used to
stop a desktop launch with a line on stderr that nobody sees. :func:`check_startup` finds
them; :func:`keep_aside` moves a damaged file out of the way under a name that says what
happened (the old file is never deleted), so the app can start fresh and the user (or
support) can still recover the old one.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t
from agentic_desk.core.paths import AppPaths


class DamagedFile(enum.StrEnum):
    ROUTER_CONFIG = "router_config"
    CONVERSATIONS_DB = "conversations_db"


@dataclass(frozen=True)
class StartupProblem:
    """A file the app cannot start with, why, and what setting it aside means."""

    kind: DamagedFile
    path: Path
    error: AgenticDeskError

    @property
    def title(self) -> str:
        if self.kind is DamagedFile.ROUTER_CONFIG:
            return t("Your routing settings cannot be read")
        return t("Your conversation history cannot be opened")

    @property
    def way_out(self) -> str:
        """What setting the file aside does, for the button's explanation."""
        if self.kind is DamagedFile.ROUTER_CONFIG:
            return (
                "Agentic Desk can keep the damaged file aside and start with the default "
                "routing (everything stays on this computer). The Routing settings then "
                "open, where you can import a configuration or set rules again."
            )
        return (
            "Agentic Desk can keep the damaged file aside and start a new, empty history. "
            "Nothing is deleted: the old file stays in the data folder, so it can be "
            "restored or sent for recovery."
        )

    @property
    def action(self) -> str:
        if self.kind is DamagedFile.ROUTER_CONFIG:
            return t("Keep it aside and open Routing settings")
        return t("Keep it aside and start a new history")


def router_config_path(paths: AppPaths) -> Path:
    return paths.root / "router.config.json"


def check_startup(paths: AppPaths) -> list[StartupProblem]:
    """The damaged files among those the app opens at start-up (none: an empty list).
    A database from a newer version is not "damaged": it is reported when the window
    is built, with its own advice (update the app), and never moved."""
    from agentic_desk.core.applock import LockedError
    from agentic_desk.core.conversations import DatabaseTooNewError, StorageError
    from agentic_desk.core.conversations.encryption import (
        EncryptionUnavailable,
        MissingKeyError,
        WrongKeyError,
    )
    from agentic_desk.core.routing.config import RouterConfigError, load_config
    from agentic_desk.core.secrets import KeyringUnavailable

    problems: list[StartupProblem] = []
    router = router_config_path(paths)
    try:
        load_config(router)
    except RouterConfigError as exc:
        problems.append(StartupProblem(DamagedFile.ROUTER_CONFIG, router, exc))
    if paths.conversations_db.exists():
        try:
            _open_conversations(paths).close()
        except DatabaseTooNewError:
            pass
        except (
            MissingKeyError,
            WrongKeyError,
            EncryptionUnavailable,
            KeyringUnavailable,
            LockedError,  # the app lock: the key comes with the passphrase, after this
        ):
            pass  # an encrypted file without its key is not damaged: said when it is opened
        except StorageError as exc:
            problems.append(
                StartupProblem(DamagedFile.CONVERSATIONS_DB, paths.conversations_db, exc)
            )
    return problems


def _open_conversations(paths: AppPaths) -> Any:
    """The conversation store as the app opens it (encrypted when the file is)."""
    from agentic_desk.core.context import AppContext

    return AppContext.load(paths).conversation_store()


def keep_aside(path: Path, clock: Callable[[], datetime] = datetime.now) -> Path:
    """Rename ``path`` to ``<name>.damaged-<date-time>`` beside it (with an SQLite file's
    ``-wal`` and ``-shm`` companions, so they are not applied to a new database); returns
    the new path. Raises :class:`AgenticDeskError` if it cannot be moved."""
    stamp = clock().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    try:
        os.replace(path, target)
        for suffix in ("-wal", "-shm", "-journal"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, target.with_name(target.name + suffix))
    except OSError as exc:
        raise AgenticDeskError(
            t(
                "{path} could not be moved aside ({reason}).",
                path=path,
                reason=exc.strerror or exc,
            ),
            t("Check that the data folder can be written to, or move the file away yourself."),
        ) from exc
    return target


__all__ = ["DamagedFile", "StartupProblem", "check_startup", "keep_aside", "router_config_path"]
