"""Where the app keeps its files: everything a user owns lives under one root folder.

The root is ``$AGENTIC_DESK_HOME`` when that is set (portable installs, tests), else
the platform's proper per-user data folder (``platformdirs.user_data_dir``):

* Windows: ``%LOCALAPPDATA%\\AgenticDesk``
* macOS: ``~/Library/Application Support/AgenticDesk``
* Linux: ``$XDG_DATA_HOME/AgenticDesk`` (default ``~/.local/share/AgenticDesk``)

Only the models folder may live elsewhere (a setting, since models are large).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from agentic_desk.core.errors import AgenticDeskError

APP_NAME = "AgenticDesk"
ENV_HOME = "AGENTIC_DESK_HOME"


class DataFolderError(AgenticDeskError):
    """A folder the app needs cannot be created or written to."""


def data_root() -> Path:
    """The root of all user data: ``$AGENTIC_DESK_HOME`` (expanded, absolute) or the
    platform's per-user data folder. Nothing is created here; see :meth:`AppPaths.ensure`.
    An empty ``AGENTIC_DESK_HOME`` counts as unset."""
    raw = os.environ.get(ENV_HOME, "").strip()
    if raw:
        expanded = os.path.expandvars(os.path.expanduser(raw))
        return Path(os.path.abspath(expanded))
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class AppPaths:
    """Every file and folder of the app's user data. Build with :meth:`for_root` or
    :meth:`from_env`; nothing exists on disk until :meth:`ensure` is called."""

    root: Path
    settings_file: Path  # configuration the user chose
    state_file: Path  # UI state (window size, last conversation...), kept apart from config
    conversations_db: Path
    models_dir: Path
    logs_dir: Path
    cache_dir: Path

    @classmethod
    def for_root(cls, root: Path, models_dir: Path | None = None) -> AppPaths:
        """Paths under ``root``. ``models_dir`` overrides ``root/"models"`` (from the
        settings); ``~`` is expanded and a relative override is taken under ``root``."""
        root = Path(os.path.abspath(root))
        if models_dir is None:
            models = root / "models"
        else:
            models = Path(os.path.abspath(root / Path(models_dir).expanduser()))
        return cls(
            root=root,
            settings_file=root / "settings.json",
            state_file=root / "state.json",
            conversations_db=root / "conversations.db",
            models_dir=models,
            logs_dir=root / "logs",
            cache_dir=root / "cache",
        )

    @classmethod
    def from_env(cls, models_dir: Path | None = None) -> AppPaths:
        """Paths under :func:`data_root` (``$AGENTIC_DESK_HOME`` or the platform default)."""
        return cls.for_root(data_root(), models_dir)

    def models_folder(self, setting: str | os.PathLike[str] | None) -> Path:
        """Where models are kept, given the ``models_dir`` setting (None: the default)."""
        if not setting:
            return self.models_dir
        return AppPaths.for_root(self.root, Path(setting)).models_dir

    @property
    def models_dir_is_default(self) -> bool:
        return self.models_dir == self.root / "models"

    def ensure(self) -> AppPaths:
        """Create the root and its folders (existing ones are fine) and check that each
        can be written to. Raises :class:`DataFolderError` naming the folder and the fix."""
        root_fix = f"set {ENV_HOME} to a folder you can write to"
        models_fix = (
            root_fix if self.models_dir_is_default else "choose another models folder in Settings"
        )
        for path, what, fix in (
            (self.root, "data folder", root_fix),
            (self.models_dir, "models folder", models_fix),
            (self.logs_dir, "logs folder", root_fix),
            (self.cache_dir, "cache folder", root_fix),
        ):
            _make_folder(path, what, fix)
        return self


def _blocking_file(path: Path) -> Path | None:
    """The first of ``path`` and its parents that exists but is not a folder."""
    for candidate in (path, *path.parents):
        if os.path.lexists(candidate):
            return None if candidate.is_dir() else candidate
    return None


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return path


def _make_folder(path: Path, what: str, fix: str) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = _blocking_file(path)
        if blocker is not None:
            raise DataFolderError(
                f"Agentic Desk cannot create its {what} {path} because {blocker} is a file, "
                "not a folder.",
                f"Move or rename the file {blocker}, or {fix}.",
            ) from exc
        if isinstance(exc, PermissionError):
            raise DataFolderError(
                f"Agentic Desk cannot create its {what} {path}: permission denied.",
                f"Give your user account write access to {_nearest_existing(path.parent)}, "
                f"or {fix}.",
            ) from exc
        raise DataFolderError(
            f"Agentic Desk cannot create its {what} {path} ({exc.strerror or exc}).",
            f"Check that the drive is connected, not full and not read-only, or {fix}.",
        ) from exc
    try:
        with tempfile.TemporaryFile(dir=path, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise DataFolderError(
            f"Agentic Desk cannot write to its {what} {path} ({exc.strerror or exc}).",
            f"Give your user account write access to {path}, or {fix}.",
        ) from exc
