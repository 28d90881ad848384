"""Moving the models folder somewhere else, safely.

:func:`plan_move` checks a destination and lists what will be copied; :func:`copy_models`
copies it there (on a worker thread, with progress and cancel) and verifies every copied
file against the sha256 computed while it was read; only then does the caller switch the
setting and call :func:`remove_old`. Until :func:`remove_old`, the old folder is left
exactly as it was, so a cancel, a crash or a failed check loses nothing: the partial copy
is removed again and the app keeps using the old folder.

:class:`MoveModelsJob` is the whole move as a :class:`~agentic_desk.core.jobs.Job` (copy,
verify, switch the setting, remove the old copies), for the window and the CLI alike.

Everything under the models folder moves (installed models, downloads in progress in
``.partial``), except the ``.in-use`` markers of running processes. Manifests of copied
models are rewritten to point at their new location; models referenced in place (a
manifest only) keep pointing where they are.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from agentic_desk.core.atomic import atomic_write_json
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t
from agentic_desk.core.jobs import Job, JobCancelled
from agentic_desk.core.models.store import IN_USE_DIR, MANIFEST, ModelStore, file_sha256

CHUNK = 1024 * 1024
MARGIN_BYTES = 16 * 1024 * 1024  # room left over on the destination after the copy

FreeSpace = Callable[[Path], int]
"""Free bytes on the file system that holds an existing folder."""


class RelocateError(AgenticDeskError):
    """The models folder cannot be moved there; nothing was changed."""


class MoveCancelled(RelocateError, JobCancelled):
    """The move was cancelled; the partial copy was removed and the old folder is intact.
    (A :class:`JobCancelled`, so a job runner treats it as a cancel, not a failure.)"""


@dataclass(frozen=True)
class MoveFile:
    path: str  # relative to the models folder, "/"-separated
    size: int


@dataclass(frozen=True)
class MovePlan:
    source: Path
    destination: Path
    files: tuple[MoveFile, ...]
    folders: tuple[str, ...]  # every folder to create (relative), parents first
    entries: tuple[str, ...]  # the top-level names that move
    models: int  # installed models among them

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)


@dataclass(frozen=True)
class MoveProgress:
    phase: str  # "copying" or "verifying"
    done_bytes: int
    total_bytes: int
    current: str  # the file being worked on (relative path)

    @property
    def permille(self) -> int:
        """How far the whole move is, 0 to 1000: copying is the first half, checking the
        copies the second."""
        half = 0 if self.phase == "copying" else 500
        return half + 500 * self.done_bytes // max(1, self.total_bytes)


def _cancelled() -> MoveCancelled:
    return MoveCancelled(t("The move was cancelled."), t("The models are still in the old folder."))


def disk_free(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(path.anchor or os.sep)


def _size_text(size: int) -> str:
    if size >= 1024**3:
        return f"{size / 1024**3:.1f} GB"
    if size >= 1024**2:
        return f"{size / 1024**2:.1f} MB"
    return f"{size / 1024:.0f} KB"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def plan_move(source: Path, destination: Path, *, free_space: FreeSpace = disk_free) -> MovePlan:
    """What moving ``source`` to ``destination`` will copy. Raises :class:`RelocateError`
    (with the reason) when the destination is the same folder, inside it, not an empty
    folder, not writable, on a disk without room for the copy, or when a model is loaded."""
    source = Path(os.path.abspath(source))
    destination = Path(os.path.abspath(destination.expanduser()))
    real_source = Path(os.path.realpath(source))
    real_destination = Path(os.path.realpath(destination))
    if real_destination == real_source:
        raise RelocateError(
            t(
                "{destination} is already the models folder.",
                destination=destination,
            ),
            t("Choose another folder."),
        )
    if _inside(real_destination, real_source):
        raise RelocateError(
            t(
                "{destination} is inside the current models folder {source}.",
                destination=destination,
                source=source,
            ),
            t("Choose a folder outside it (for example on another disk)."),
        )
    if destination.exists() and not destination.is_dir():
        raise RelocateError(
            t(
                "{destination} is a file, not a folder.",
                destination=destination,
            ),
            t("Choose a folder."),
        )
    if destination.is_dir() and any(destination.iterdir()):
        raise RelocateError(
            t(
                "{destination} is not empty.",
                destination=destination,
            ),
            t(
                "Choose an empty folder, or type the name of a new one; models are never mixed "
                "into a folder that holds other files.",
            ),
        )
    store = ModelStore(source)
    busy = [m.id for m in store.installed() if store.users_of(m.path)]
    if busy:
        raise RelocateError(
            t(
                "The model {busy} is loaded, so its files cannot be moved now.",
                busy=busy[0],
            ),
            t("Unload it (or wait for it to be unloaded when idle) and try again."),
        )
    files: list[MoveFile] = []
    folders: list[str] = []
    entries: list[str] = []
    if source.is_dir():
        for entry in sorted(source.iterdir()):
            if entry.name == IN_USE_DIR:
                continue
            entries.append(entry.name)
            if entry.is_file():
                files.append(MoveFile(entry.name, entry.stat().st_size))
                continue
            folders.append(entry.name)
            for dirpath, dirnames, filenames in os.walk(entry):
                dirnames.sort()
                rel_dir = Path(dirpath).relative_to(source)
                for name in dirnames:
                    folders.append((rel_dir / name).as_posix())
                for name in sorted(filenames):
                    path = Path(dirpath) / name
                    files.append(MoveFile((rel_dir / name).as_posix(), path.stat().st_size))
    plan = MovePlan(
        source=source,
        destination=destination,
        files=tuple(files),
        folders=tuple(folders),
        entries=tuple(entries),
        models=len(store.installed()),
    )
    where = _nearest_existing(destination)
    if not os.access(where, os.W_OK):
        raise RelocateError(
            t(
                "Agentic Desk cannot write to {where}.",
                where=where,
            ),
            t("Choose a folder you can write to."),
        )
    free = free_space(where)
    needed = plan.total_bytes + MARGIN_BYTES
    if free < needed:
        raise RelocateError(
            t(
                "There is not enough free space at {destination}: the models need {size_text} "
                "(plus {size_text2} to spare) and only {size_text3} is free.",
                destination=destination,
                size_text=_size_text(plan.total_bytes),
                size_text2=_size_text(MARGIN_BYTES),
                size_text3=_size_text(free),
            ),
            t("Free some space there, or choose a folder on another disk."),
        )
    return plan


def _copy_file(
    src: Path, dst: Path, cancel: threading.Event, advance: Callable[[int], None]
) -> str:
    """Copy one file, returning the sha256 of what was read."""
    digest = hashlib.sha256()
    with src.open("rb") as reader, dst.open("xb") as writer:
        while True:
            if cancel.is_set():
                raise _cancelled()
            block = reader.read(CHUNK)
            if not block:
                break
            digest.update(block)
            writer.write(block)
            advance(len(block))
        writer.flush()
        os.fsync(writer.fileno())
    shutil.copystat(src, dst)
    return digest.hexdigest()


def _hash_file(path: Path, cancel: threading.Event, advance: Callable[[int], None]) -> str:
    def progress(nbytes: int) -> None:
        if cancel.is_set():
            raise _cancelled()
        advance(nbytes)

    if cancel.is_set():
        raise _cancelled()
    return file_sha256(path, progress)


def _rewrite_manifests(plan: MovePlan) -> None:
    """Point each copied model's manifest at its new folder (in-place references stay)."""
    for name in plan.entries:
        manifest = plan.destination / name / MANIFEST
        if not manifest.is_file():
            continue
        data = json.loads(manifest.read_text("utf-8"))
        if data.get("in_place"):
            continue
        data["location"] = str(plan.destination / name)
        atomic_write_json(manifest, data)


def _undo(plan: MovePlan, created_root: bool) -> None:
    for name in plan.entries:
        target = plan.destination / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                target.unlink()
    if created_root:
        with contextlib.suppress(OSError):
            plan.destination.rmdir()


def copy_models(
    plan: MovePlan,
    *,
    cancel: threading.Event | None = None,
    progress: Callable[[MoveProgress], None] | None = None,
) -> None:
    """Copy everything in ``plan`` to its destination and verify it. The old folder is
    not touched. On cancel (:class:`MoveCancelled`), a failed check or any error, the copy
    is removed again and the error raised (in words: :class:`RelocateError`)."""
    cancel = cancel or threading.Event()
    total = plan.total_bytes
    done = 0
    created_root = not plan.destination.exists()

    def report(phase: str, current: str) -> Callable[[int], None]:
        def advance(count: int) -> None:
            nonlocal done
            done += count
            if progress is not None:
                progress(MoveProgress(phase, done, total, current))

        return advance

    try:
        plan.destination.mkdir(parents=True, exist_ok=True)
        for folder in plan.folders:
            (plan.destination / folder).mkdir()
        hashes: dict[str, str] = {}
        for item in plan.files:
            if progress is not None:
                progress(MoveProgress("copying", done, total, item.path))
            hashes[item.path] = _copy_file(
                plan.source / item.path,
                plan.destination / item.path,
                cancel,
                report("copying", item.path),
            )
        done = 0
        for item in plan.files:
            if progress is not None:
                progress(MoveProgress("verifying", done, total, item.path))
            copied = plan.destination / item.path
            if copied.stat().st_size != item.size or (
                _hash_file(copied, cancel, report("verifying", item.path)) != hashes[item.path]
            ):
                raise RelocateError(
                    t(
                        "The copy of {path} in {destination} does not match the original, so the "
                        "move was undone.",
                        path=item.path,
                        destination=plan.destination,
                    ),
                    t(
                        "The disk there may be failing or full; the models are still in the old "
                        "folder. Try another folder.",
                    ),
                )
        if cancel.is_set():
            raise _cancelled()
        _rewrite_manifests(plan)
    except RelocateError:
        _undo(plan, created_root)
        raise
    except OSError as exc:
        _undo(plan, created_root)
        raise RelocateError(
            t(
                "Copying the models to {destination} failed ({reason}); the partial copy was "
                "removed.",
                destination=plan.destination,
                reason=exc.strerror or exc,
            ),
            t("The models are still in the old folder. Check the destination and try again."),
        ) from exc
    except BaseException:
        _undo(plan, created_root)
        raise


def discard_copy(plan: MovePlan) -> None:
    """Remove a finished copy again (when switching to it failed); the old folder stays."""
    _undo(plan, created_root=False)
    with contextlib.suppress(OSError):
        plan.destination.rmdir()  # only when empty


def remove_old(plan: MovePlan) -> None:
    """After the setting points at the new folder: delete what was moved from the old
    one (and the old folder itself when nothing else is left in it)."""
    for name in plan.entries:
        target = plan.source / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                target.unlink()
    # markers of processes using models at the old location (a live one refused the plan)
    shutil.rmtree(plan.source / IN_USE_DIR, ignore_errors=True)
    with contextlib.suppress(OSError):
        plan.source.rmdir()  # only when empty


SwitchFolder = Callable[[Path], None]
"""Points the settings at the new models folder (raises if it cannot)."""


class MoveModelsJob(Job[MovePlan, MoveProgress]):
    """Moving the models folder as ``plan`` says: copy and verify everything
    (:func:`copy_models`, progress as :class:`MoveProgress`), ``switch(destination)`` (the
    caller's: save the ``models_dir`` setting), then :func:`remove_old`.

    A cancel before the switch raises :class:`MoveCancelled` with the partial copy removed;
    a failed switch removes the copy again and raises. Once the setting points at the new
    folder the move is finished, even if a cancel comes in meanwhile. Progress is reported
    when the phase, the file or the per-mille value changes, not for every block."""

    def __init__(self, plan: MovePlan, switch: SwitchFolder) -> None:
        super().__init__(t("Moving the models to {destination}", destination=plan.destination))
        self.plan = plan
        self._switch = switch
        self._last_report: tuple[str, int, str] | None = None

    def _copy_progress(self, progress: MoveProgress) -> None:
        key = (progress.phase, progress.permille, progress.current)
        if key != self._last_report:
            self._last_report = key
            self.report(progress)

    def work(self) -> MovePlan:
        plan = self.plan
        copy_models(plan, cancel=self.cancel_event, progress=self._copy_progress)
        if self.cancelled:  # the last moment a cancel can undo the move
            discard_copy(plan)
            raise _cancelled()
        try:
            self._switch(plan.destination)
        except BaseException:
            discard_copy(plan)
            raise
        remove_old(plan)
        return plan

    def run(self) -> MovePlan:
        """The plan, once moved; no check after :meth:`work` (the switch is the point of no
        return: a move that switched is reported as done)."""
        if self.cancelled:
            raise _cancelled()
        return self.work()


__all__ = [
    "MoveCancelled",
    "MoveFile",
    "MoveModelsJob",
    "MovePlan",
    "MoveProgress",
    "RelocateError",
    "SwitchFolder",
    "copy_models",
    "discard_copy",
    "disk_free",
    "plan_move",
    "remove_old",
]
