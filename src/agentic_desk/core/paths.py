"""Where the app keeps its files: everything a user owns lives under one root folder.

The root is ``$AGENTIC_DESK_HOME`` when that is set (portable installs, tests), else
the platform's proper per-user data folder (``platformdirs.user_data_dir``):

* Windows: ``%LOCALAPPDATA%\\AgenticDesk``
* macOS: ``~/Library/Application Support/AgenticDesk``
* Linux: ``$XDG_DATA_HOME/AgenticDesk`` (default ``~/.local/share/AgenticDesk``)

Only the models folder may live elsewhere (a setting, since models are large).

On POSIX the data folder is private: folders are created (and existing ones tightened
to) ``0700`` and every file the app writes in it is ``0600``, whatever the umask
(:func:`private_folder`, :func:`private_file`; :mod:`agentic_desk.core.atomic` for the
files written whole). On Windows the per-user profile folder (``%LOCALAPPDATA%``) is the
boundary and modes are left alone.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t

APP_NAME = "AgenticDesk"
ENV_HOME = "AGENTIC_DESK_HOME"

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
PRIVATE_UMASK = 0o077
POSIX_MODES = os.name != "nt"  # Windows: the profile folder's ACL is the boundary


def make_private(path: Path, *, folder: bool = False) -> None:
    """Set ``path`` to ``0700`` (a folder) or ``0600`` (a file) on POSIX; nothing on
    Windows. A path that vanished or cannot be changed (not ours) is left as it is."""
    if not POSIX_MODES:
        return
    with contextlib.suppress(OSError):
        os.chmod(path, PRIVATE_DIR_MODE if folder else PRIVATE_FILE_MODE)


def private_folder(path: Path) -> Path:
    """Create ``path`` (and missing parents) if needed and make it ``0700``. Raises
    OSError if it cannot be created."""
    path = Path(path)
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    make_private(path, folder=True)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if it does not exist (never truncating it) and make it
    ``0600``, so whoever opens it next (SQLite, a log handler) finds a private file.
    Raises OSError if it cannot be created."""
    path = Path(path)
    if not os.path.lexists(path):
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with contextlib.suppress(FileExistsError):  # made meanwhile: only set its mode
            os.close(os.open(path, flags, PRIVATE_FILE_MODE))
    make_private(path)
    return path


def private_umask() -> None:
    """For a whole process (the window, the command, the engine worker): files and
    folders that libraries create are private too (``umask 077``). POSIX only."""
    if POSIX_MODES:
        os.umask(PRIVATE_UMASK)


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
        """Create the root and its folders (existing ones are fine, and are made ``0700``
        on POSIX, the files directly in them ``0600``) and check that each can be written
        to. A models folder elsewhere is made ``0700`` only when it is created here (it
        may be a folder the user shares).
        Raises :class:`DataFolderError` naming the folder and the fix."""
        root_fix = t("set {env_home} to a folder you can write to", env_home=ENV_HOME)
        models_fix = (
            root_fix
            if self.models_dir_is_default
            else t("choose another models folder in Settings")
        )
        models_ours = self.models_dir_is_default or not self.models_dir.exists()
        for path, what, fix, tighten in (
            (self.root, t("data folder"), root_fix, True),
            (self.models_dir, t("models folder"), models_fix, models_ours),
            (self.logs_dir, t("logs folder"), root_fix, True),
            (self.cache_dir, t("cache folder"), root_fix, True),
        ):
            _make_folder(path, what, fix)
            if tighten:
                make_private(path, folder=True)
        for folder in (self.root, self.logs_dir, self.cache_dir):
            _tighten_files(folder)
        return self


def _tighten_files(folder: Path) -> None:
    """Files an older version left readable by others (``0644``) become ``0600``. Only
    regular files directly in ``folder``; a symlink is followed by nobody here."""
    if not POSIX_MODES:
        return
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.is_file(follow_symlinks=False):
                make_private(Path(entry.path))


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
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        blocker = _blocking_file(path)
        if blocker is not None:
            raise DataFolderError(
                t(
                    "Agentic Desk cannot create its {what} {path} because {blocker} is a file, "
                    "not a folder.",
                    what=what,
                    path=path,
                    blocker=blocker,
                ),
                t(
                    "Move or rename the file {blocker}, or {fix}.",
                    blocker=blocker,
                    fix=fix,
                ),
            ) from exc
        if isinstance(exc, PermissionError):
            raise DataFolderError(
                t(
                    "Agentic Desk cannot create its {what} {path}: permission denied.",
                    what=what,
                    path=path,
                ),
                t(
                    "Give your user account write access to {nearest_existing}, or {fix}.",
                    nearest_existing=_nearest_existing(path.parent),
                    fix=fix,
                ),
            ) from exc
        raise DataFolderError(
            t(
                "Agentic Desk cannot create its {what} {path} ({reason}).",
                what=what,
                path=path,
                reason=exc.strerror or exc,
            ),
            t(
                "Check that the drive is connected, not full and not read-only, or {fix}.",
                fix=fix,
            ),
        ) from exc
    try:
        with tempfile.TemporaryFile(dir=path, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise DataFolderError(
            t(
                "Agentic Desk cannot write to its {what} {path} ({reason}).",
                what=what,
                path=path,
                reason=exc.strerror or exc,
            ),
            t(
                "Give your user account write access to {path}, or {fix}.",
                path=path,
                fix=fix,
            ),
        ) from exc
