"""The data root, the app's folders, and the base error."""

from __future__ import annotations

import errno
import pickle
import sys
import tempfile
from pathlib import Path

import platformdirs
import pytest

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.paths import ENV_HOME, AppPaths, DataFolderError, data_root

# ---- AgenticDeskError --------------------------------------------------------


def test_error_str_is_message_then_hint() -> None:
    err = AgenticDeskError("The file is missing.", "Download it again.")
    assert err.message == "The file is missing."
    assert err.hint == "Download it again."
    assert str(err) == "The file is missing. Download it again."


def test_error_without_hint_is_just_the_message() -> None:
    assert str(AgenticDeskError("Something happened.")) == "Something happened."


def test_error_subclass_survives_pickling() -> None:
    err = DataFolderError("Cannot create it.", "Do this.")
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is DataFolderError
    assert (copy.message, copy.hint, str(copy)) == (err.message, err.hint, str(err))


# ---- data_root ---------------------------------------------------------------


def test_home_variable_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "desk"))
    assert data_root() == tmp_path / "desk"
    assert AppPaths.from_env().root == tmp_path / "desk"


def test_home_variable_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    monkeypatch.setenv(ENV_HOME, "~/desk")
    assert data_root() == tmp_path / "desk"


def test_relative_home_variable_is_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(ENV_HOME, "portable/../data")
    assert data_root() == tmp_path / "data"
    assert data_root().is_absolute()


@pytest.mark.parametrize("value", [None, "", "   "])
def test_without_home_variable_the_platform_folder_is_used(
    value: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is None:
        monkeypatch.delenv(ENV_HOME, raising=False)
    else:
        monkeypatch.setenv(ENV_HOME, value)
    assert data_root() == Path(platformdirs.user_data_dir("AgenticDesk", appauthor=False))


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="other platform: XDG is Linux's convention"
)
def test_linux_default_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_HOME, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_root() == tmp_path / "xdg" / "AgenticDesk"


# ---- AppPaths ----------------------------------------------------------------


def test_layout_under_the_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_HOME, str(tmp_path))
    p = AppPaths.from_env()
    assert p == AppPaths(
        root=tmp_path,
        settings_file=tmp_path / "settings.json",
        state_file=tmp_path / "state.json",
        conversations_db=tmp_path / "conversations.db",
        models_dir=tmp_path / "models",
        logs_dir=tmp_path / "logs",
        cache_dir=tmp_path / "cache",
    )
    assert p.models_dir_is_default
    assert list(tmp_path.iterdir()) == []  # nothing is created before ensure()


def test_paths_are_frozen(tmp_path: Path) -> None:
    p = AppPaths.for_root(tmp_path)
    with pytest.raises(AttributeError):
        p.root = tmp_path / "other"  # type: ignore[misc]


def test_models_dir_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "home"))
    p = AppPaths.from_env(models_dir=tmp_path / "big-disk" / "models")
    assert p.models_dir == tmp_path / "big-disk" / "models"
    assert not p.models_dir_is_default
    assert p.settings_file == tmp_path / "home" / "settings.json"


def test_relative_models_dir_is_under_the_root(tmp_path: Path) -> None:
    assert AppPaths.for_root(tmp_path, Path("store")).models_dir == tmp_path / "store"


def test_models_dir_expands_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "me"))
    p = AppPaths.for_root(tmp_path / "root", Path("~/Models"))
    assert p.models_dir == tmp_path / "me" / "Models"


def test_ensure_creates_the_folders(tmp_path: Path) -> None:
    p = AppPaths.for_root(tmp_path / "a" / "b", tmp_path / "models")
    assert p.ensure() is p
    for folder in (p.root, p.models_dir, p.logs_dir, p.cache_dir):
        assert folder.is_dir()
    assert not p.settings_file.exists()
    assert sorted(x.name for x in p.root.iterdir()) == ["cache", "logs"]  # no probe left
    p.ensure()  # again: existing folders are fine


def test_a_file_in_place_of_the_root(tmp_path: Path) -> None:
    root = tmp_path / "desk"
    root.write_text("not a folder")
    with pytest.raises(DataFolderError) as info:
        AppPaths.for_root(root).ensure()
    assert str(info.value) == (
        f"Agentic Desk cannot create its data folder {root} because {root} is a file, not a "
        f"folder. Move or rename the file {root}, or set AGENTIC_DESK_HOME to a folder you "
        "can write to."
    )
    assert root.read_text() == "not a folder"


def test_a_file_in_place_of_a_parent(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    root = blocker / "inner" / "desk"
    with pytest.raises(DataFolderError) as info:
        AppPaths.for_root(root).ensure()
    assert info.value.message == (
        f"Agentic Desk cannot create its data folder {root} because {blocker} is a file, not "
        "a folder."
    )
    assert info.value.hint == (
        f"Move or rename the file {blocker}, or set AGENTIC_DESK_HOME to a folder you can write to."
    )


def test_a_file_in_place_of_the_models_override(tmp_path: Path) -> None:
    models = tmp_path / "models.txt"
    models.write_text("x")
    with pytest.raises(DataFolderError) as info:
        AppPaths.for_root(tmp_path / "root", models).ensure()
    assert str(info.value) == (
        f"Agentic Desk cannot create its models folder {models} because {models} is a file, "
        f"not a folder. Move or rename the file {models}, or choose another models folder in "
        "Settings."
    )


def _fail_mkdir_for(monkeypatch: pytest.MonkeyPatch, target: Path, error: OSError) -> None:
    original = Path.mkdir

    def mkdir(self: Path, mode: int = 0o777, parents: bool = False, exist_ok: bool = False) -> None:
        if self == target:
            raise error
        original(self, mode, parents, exist_ok)

    monkeypatch.setattr(Path, "mkdir", mkdir)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "locked" / "desk"
    _fail_mkdir_for(monkeypatch, root, PermissionError(errno.EACCES, "Permission denied"))
    with pytest.raises(DataFolderError) as info:
        AppPaths.for_root(root).ensure()
    assert str(info.value) == (
        f"Agentic Desk cannot create its data folder {root}: permission denied. Give your "
        f"user account write access to {tmp_path}, or set AGENTIC_DESK_HOME to a folder you "
        "can write to."
    )
    assert isinstance(info.value, AgenticDeskError)
    assert isinstance(info.value.__cause__, PermissionError)


def test_other_creation_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "desk"
    _fail_mkdir_for(monkeypatch, root, OSError(errno.EROFS, "Read-only file system"))
    with pytest.raises(DataFolderError) as info:
        AppPaths.for_root(root).ensure()
    assert str(info.value) == (
        f"Agentic Desk cannot create its data folder {root} (Read-only file system). Check "
        "that the drive is connected, not full and not read-only, or set AGENTIC_DESK_HOME "
        "to a folder you can write to."
    )


def test_folder_that_cannot_be_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    root = tmp_path / "desk"
    with pytest.raises(DataFolderError) as info:
        AppPaths.for_root(root).ensure()
    assert str(info.value) == (
        f"Agentic Desk cannot write to its data folder {root} (Permission denied). Give your "
        f"user account write access to {root}, or set AGENTIC_DESK_HOME to a folder you can "
        "write to."
    )
