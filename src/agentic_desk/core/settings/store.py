"""The store that keeps the settings in ``settings.json``.

* a missing file means defaults;
* a damaged file (not JSON, not an object, invalid fields, a bad ``schema_version``) is
  never deleted or silently overwritten: a copy is kept beside it as
  ``settings.corrupt-YYYYmmdd-HHMMSS.json`` and a problem is reported; when only some
  fields are invalid, the valid ones are kept and only the others reset;
* an older file is upgraded in memory by :data:`MIGRATIONS` (version N -> N+1, in order; a
  file without ``schema_version`` is version 0);
* a file from a newer app is left alone: defaults are used and :meth:`SettingsStore.save`
  refuses to overwrite it;
* writes are atomic (:func:`agentic_desk.core.atomic.atomic_write_bytes`);
* the environment's overrides (:mod:`~agentic_desk.core.settings.environment`) apply to
  what is loaded, and are never written back.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from agentic_desk.core import jsonload
from agentic_desk.core.atomic import atomic_write_bytes
from agentic_desk.core.i18n import t
from agentic_desk.core.settings import model as _model
from agentic_desk.core.settings.changes import apply_changes
from agentic_desk.core.settings.describe import FieldInfo, describe
from agentic_desk.core.settings.environment import read_env_overrides, with_overrides
from agentic_desk.core.settings.errors import SettingsNewerError, SettingsSaveError
from agentic_desk.core.settings.model import Settings
from agentic_desk.core.settings.wording import problem_of, sentence, show

# ---- migrations ----------------------------------------------------------------

Migration = Callable[[dict[str, Any]], dict[str, Any]]
"""Turns the raw dict of version N into version N+1 (``schema_version`` is set for it)."""


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    # Version 0 is a file written without a schema_version; its layout is version 1's.
    return data


MIGRATIONS: Mapping[int, Migration] = {0: _v0_to_v1}

_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


class _Damaged(Exception):
    """The file cannot be used at all; ``args[0]`` is the reason in user words."""


class _Newer(Exception):
    """The file's ``schema_version`` (``args[0]``) is newer than this app understands."""


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return t("a list")
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    return t("a number")


def _decode(raw: bytes) -> dict[str, Any]:
    try:
        data = jsonload.loads(raw)
    except jsonload.JsonUnreadable as exc:
        if exc.reason == jsonload.NOT_JSON:
            raise _Damaged(t("it is not valid JSON ({detail})", detail=exc.detail)) from None
        raise _Damaged(exc.detail) from None
    if not isinstance(data, dict):
        raise _Damaged(
            t("it holds {json_kind} instead of a JSON object", json_kind=_json_kind(data))
        )
    return data


def _migrate(
    data: dict[str, Any], migrations: Mapping[int, Migration]
) -> tuple[dict[str, Any], int]:
    """Upgrade ``data`` to the current version. Returns it and the version it had."""
    version = data.get("schema_version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise _Damaged(
            t("schema_version: must be a whole number (got {version})", version=show(version))
        )
    if version > _model.CURRENT_SCHEMA_VERSION:
        raise _Newer(version)
    start = version
    work = copy.deepcopy(data)
    while version < _model.CURRENT_SCHEMA_VERSION:
        step = migrations.get(version)
        if step is None:
            raise _Damaged(
                t("no upgrade from settings version {version} is known", version=version)
            )
        try:
            work = step(work)
        except Exception as exc:
            raise _Damaged(
                t(
                    "upgrading it from settings version {version} failed ({exc})",
                    version=version,
                    exc=exc,
                )
            ) from None
        if not isinstance(work, dict):
            raise _Damaged(
                t("upgrading it from settings version {version} failed", version=version)
            )
        version += 1
        work["schema_version"] = version
    return work, start


def _drop(data: dict[str, Any], loc: tuple[int | str, ...]) -> bool:
    """Remove the invalid field at ``loc`` (a whole list for an invalid entry), so its
    default is used. False if nothing could be removed."""
    keys: list[str] = []
    for part in loc:
        if isinstance(part, int):
            break
        keys.append(part)
    if not keys:
        return False
    node: Any = data
    for key in keys[:-1]:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    if isinstance(node, dict) and keys[-1] in node:
        del node[keys[-1]]
        return True
    return False


def _validate_keeping_valid(data: dict[str, Any]) -> tuple[Settings, list[str]]:
    """Validate ``data``; invalid fields fall back to their defaults, valid ones are kept.
    Returns the settings and one user-facing reason per invalid field."""
    work = copy.deepcopy(data)
    reasons: list[str] = []
    for _ in range(100):
        try:
            return Settings.model_validate(work), reasons
        except ValidationError as exc:
            dropped = False
            for err in exc.errors(include_url=False):
                reasons.append(sentence(problem_of(err)))
                dropped = _drop(work, err["loc"]) or dropped
            if not dropped:
                break
    return Settings(), reasons


@dataclass
class _Parsed:
    settings: Settings
    status: Literal["ok", "invalid", "damaged", "newer"]
    reasons: list[str] = field(default_factory=list)
    version: int | None = None  # the newer version, for status "newer"
    migrated_from: int | None = None


def _parse(raw: bytes, migrations: Mapping[int, Migration]) -> _Parsed:
    try:
        data, start = _migrate(_decode(raw), migrations)
    except _Damaged as exc:
        return _Parsed(Settings(), "damaged", [str(exc.args[0])])
    except _Newer as exc:
        return _Parsed(Settings(), "newer", version=int(exc.args[0]))
    migrated_from = start if start != _model.CURRENT_SCHEMA_VERSION else None
    settings, reasons = _validate_keeping_valid(data)
    status: Literal["ok", "invalid"] = "invalid" if reasons else "ok"
    return _Parsed(settings, status, reasons, migrated_from=migrated_from)


# ---- the store -----------------------------------------------------------------


@dataclass(frozen=True)
class LoadResult:
    """What :meth:`SettingsStore.load` found."""

    settings: Settings  # effective: the file's settings with the environment's overrides
    file_settings: Settings  # what the file holds (defaults where missing or invalid)
    problems: list[str] = field(default_factory=list)  # user-facing reports
    env_overrides: dict[str, str] = field(default_factory=dict)  # dotted setting -> variable
    kept_aside: Path | None = None  # the copy of a damaged file
    migrated_from: int | None = None  # the file's older schema_version, if upgraded


class SettingsStore:
    """Loads and saves the settings file at ``path``.

    ``environ`` (default: ``os.environ``, read at each call), ``migrations`` (default
    :data:`MIGRATIONS`) and ``clock`` (names kept-aside copies; default local time) are
    for tests.
    """

    def __init__(
        self,
        path: Path,
        *,
        environ: Mapping[str, str] | None = None,
        migrations: Mapping[int, Migration] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._path = Path(path)
        self._environ = environ
        self._migrations = MIGRATIONS if migrations is None else migrations
        self._clock = datetime.now if clock is None else clock

    @property
    def path(self) -> Path:
        return self._path

    @staticmethod
    def describe() -> list[FieldInfo]:
        """See :func:`describe`."""
        return describe()

    # -- loading

    def load(self) -> LoadResult:
        """Read the file and apply the environment's overrides. Problems with the file are
        reported in ``problems`` (never raised); a bad environment variable raises
        :class:`EnvOverrideError` (before the file is touched)."""
        env_values = read_env_overrides(self._env())
        problems: list[str] = []
        kept: Path | None = None
        migrated_from: int | None = None
        try:
            raw = self._path.read_bytes()
        except FileNotFoundError:
            file_settings = Settings()
        except OSError as exc:
            file_settings = Settings()
            problems.append(
                t(
                    "The settings file {path} could not be read ({reason}). Agentic Desk is "
                    "using default settings; check that you can open the file, then restart "
                    "Agentic Desk.",
                    path=self._path,
                    reason=exc.strerror or exc,
                )
            )
        else:
            parsed = _parse(raw, self._migrations)
            file_settings = parsed.settings
            migrated_from = parsed.migrated_from
            if parsed.status == "newer":
                problems.append(self._newer_problem(parsed.version))
            elif parsed.status in ("damaged", "invalid"):
                kept, copy_failure = self._try_keep_aside(raw)
                problems.append(self._damage_problem(parsed, kept, copy_failure))
        return LoadResult(
            settings=with_overrides(file_settings, env_values),
            file_settings=file_settings,
            problems=problems,
            env_overrides={dotted: var for dotted, (var, _value) in env_values.items()},
            kept_aside=kept,
            migrated_from=migrated_from,
        )

    def _env(self) -> Mapping[str, str]:
        return os.environ if self._environ is None else self._environ

    def _newer_problem(self, version: int | None) -> str:
        return t(
            "The settings file {path} was written by a newer version of Agentic Desk "
            "(settings version {version}; this version understands up to "
            "{current_schema_version}). Agentic Desk is using default settings and left the "
            "file unchanged; update Agentic Desk to use your saved settings.",
            path=self._path,
            version=version,
            current_schema_version=_model.CURRENT_SCHEMA_VERSION,
        )

    def _damage_problem(self, parsed: _Parsed, kept: Path | None, copy_failure: str) -> str:
        reasons = "; ".join(parsed.reasons)
        if parsed.status == "invalid":
            text = t(
                "Some settings in {path} were not valid and were reset to their defaults: "
                "{reasons}. Your other settings were kept.",
                path=self._path,
                reasons=reasons,
            )
        else:
            text = t(
                "The settings file {path} could not be used: {reasons}. Agentic Desk is "
                "using default settings.",
                path=self._path,
                reasons=reasons,
            )
        if kept is not None:
            return t("{text} A copy of the original file was kept as {kept}.", text=text, kept=kept)
        return t(
            "{text} A copy of the original file could not be kept ({copy_failure}), so it "
            "was left as it is.",
            text=text,
            copy_failure=copy_failure,
        )

    # -- keeping a damaged file aside

    def _try_keep_aside(self, raw: bytes) -> tuple[Path | None, str]:
        try:
            return self._keep_aside(raw), ""
        except OSError as exc:
            return None, str(exc.strerror or exc)

    def _keep_aside(self, raw: bytes) -> Path:
        """Copy ``raw`` beside the file as ``<stem>.corrupt-YYYYmmdd-HHMMSS<suffix>`` (or
        return an existing copy with the same content). Never overwrites anything."""
        folder, stem, suffix = self._path.parent, self._path.stem, self._path.suffix
        for existing in sorted(folder.glob(f"{stem}.corrupt-*{suffix}")):
            with contextlib.suppress(OSError):
                if existing.stat().st_size == len(raw) and existing.read_bytes() == raw:
                    return existing
        base = f"{stem}.corrupt-{self._clock():%Y%m%d-%H%M%S}"
        for attempt in range(1, 1000):
            target = folder / (f"{base}{suffix}" if attempt == 1 else f"{base}-{attempt}{suffix}")
            try:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o600)
                with os.fdopen(fd, "wb") as out:  # private, like the file it copies
                    out.write(raw)
                    out.flush()
                    os.fsync(out.fileno())
            except FileExistsError:
                continue
            return target
        raise FileExistsError(f"too many copies named {base}*{suffix} in {folder}")

    # -- saving

    def save(self, settings: Settings) -> None:
        """Write ``settings`` to the file atomically (JSON, indent 2, sorted keys).

        Values forced by the environment are not written: a setting whose value equals
        its environment override keeps the file's value. Raises
        :class:`SettingsNewerError` if the file is from a newer app (it is left alone),
        :class:`SettingsSaveError` if it cannot be written (the old file is intact).
        A damaged file is kept aside first, as :meth:`load` does.
        """
        base = self._file_settings_before_save()
        data = settings.model_dump(mode="json")
        base_data = base.model_dump(mode="json")
        for dotted, (_var, value) in read_env_overrides(self._env(), strict=False).items():
            section, name = dotted.split(".")
            if getattr(getattr(settings, section), name) == value:
                data[section][name] = base_data[section][name]
        data["schema_version"] = _model.CURRENT_SCHEMA_VERSION
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        target = Path(os.path.realpath(self._path))  # a symlinked file stays a symlink
        try:
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic_write_bytes(target, text.encode("utf-8"))
        except OSError as exc:
            raise SettingsSaveError(
                t(
                    "Agentic Desk could not save your settings to {path} ({reason}). The "
                    "previous settings file was not changed.",
                    path=self._path,
                    reason=exc.strerror or exc,
                ),
                t(
                    "Check that you can write to that folder and that the disk is not full, then "
                    "try again.",
                ),
            ) from exc

    def _file_settings_before_save(self) -> Settings:
        try:
            raw = self._path.read_bytes()
        except OSError:
            return Settings()  # missing or unreadable: writing reports any real problem
        parsed = _parse(raw, self._migrations)
        if parsed.status == "newer":
            raise SettingsNewerError(
                t(
                    "Agentic Desk will not overwrite {path}: it holds settings version {version} "
                    "from a newer version of Agentic Desk (this version understands up to "
                    "{current_schema_version}).",
                    path=self._path,
                    version=parsed.version,
                    current_schema_version=_model.CURRENT_SCHEMA_VERSION,
                ),
                t("Update Agentic Desk, or move the file away to start again with new settings."),
            )
        if parsed.status in ("damaged", "invalid"):
            try:
                self._keep_aside(raw)
            except OSError as exc:
                raise SettingsSaveError(
                    t(
                        "Agentic Desk will not replace the damaged settings file {path}: a copy "
                        "of it could not be kept ({reason}).",
                        path=self._path,
                        reason=exc.strerror or exc,
                    ),
                    t(
                        "Check that you can write to {parent}, or move the file away yourself.",
                        parent=self._path.parent,
                    ),
                ) from exc
        return parsed.settings

    def update(self, changes: Mapping[str, object] | None = None, /, **fields: object) -> Settings:
        """Change some settings in the file and save it; returns the new file settings.

        Names are dotted in ``changes`` (``{"engine.temperature": 0.2}``) or use ``__``
        as keywords (``engine__temperature=0.2``). Raises :class:`SettingsValueError`
        (nothing saved) for unknown names or invalid values.
        """
        merged: dict[str, object] = dict(changes or {})
        merged.update({key.replace("__", "."): value for key, value in fields.items()})
        current = self.load().file_settings
        updated = apply_changes(current, merged)
        self.save(updated)
        return updated


__all__ = ["MIGRATIONS", "LoadResult", "Migration", "SettingsStore"]
