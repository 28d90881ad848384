"""The settings model, its file store, migrations and environment overrides."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.privacy.levels import PRIVACY_LEVELS, Privacy
from agentic_desk.core.settings import (
    CURRENT_SCHEMA_VERSION,
    ENV_OVERRIDES,
    ApiSettings,
    CloudSettings,
    EngineSettings,
    EnvOverrideError,
    FieldInfo,
    LoadResult,
    Migration,
    PrivacySettings,
    Settings,
    SettingsNewerError,
    SettingsSaveError,
    SettingsStore,
    SettingsValueError,
    UiSettings,
    apply_changes,
    apply_env_overrides,
    describe,
)
from agentic_desk.core.settings import model as settings_model
from agentic_desk.core.validation import Problem

NOW = datetime(2024, 5, 6, 7, 8, 9)
COPY_NAME = "settings.corrupt-20240506-070809.json"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ENV_OVERRIDES:
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "settings.json"


@pytest.fixture
def store(path: Path) -> SettingsStore:
    return SettingsStore(path, clock=lambda: NOW)


def write(path: Path, data: Any) -> bytes:
    raw = (data if isinstance(data, str) else json.dumps(data)).encode("utf-8")
    path.write_bytes(raw)
    return raw


def folder_names(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


# ---- the model -----------------------------------------------------------------


def test_defaults() -> None:
    s = Settings()
    assert s.schema_version == CURRENT_SCHEMA_VERSION == 1
    assert s.model_dump() == {
        "schema_version": 1,
        "engine": {
            "model_path": None,
            "execution_providers": ["auto"],
            "max_new_tokens": 512,
            "temperature": 0.7,
            "top_p": 0.95,
            "top_k": 40,
            "repetition_penalty": 1.0,
            "seed": None,
            "stop": [],
            "max_context_tokens": None,
            "prefill_chunk_tokens": 256,
            "idle_unload_minutes": 15,
            "use_onnx": False,
            "cpu_int8_compute": False,
        },
        "ui": {"theme": "system", "language": "system"},
        "chat": {"default_system_prompt": None},
        "cloud": {
            "enabled": False,
            "api_clients_may_use_cloud": False,
            "api_clients_pseudonymise": False,
        },
        "privacy": {
            "detector_enabled": True,
            "sensitive_terms": [],
            "names_model": True,
            "names_model_path": "built-in",
            "default_level": "normal",
            "trash_days": 30,
            "encrypt_conversations": False,
            "app_lock": False,
            "lock_after_minutes": 0,
        },
        "api": {
            "enabled": False,
            "port": 8765,
            "allow_lan": False,
            "allowed_origins": [],
            "max_queue": 16,
            "max_tokens_limit": 4096,
            "max_body_bytes": 1_048_576,
        },
        "models_dir": None,
    }


def test_every_field_has_a_description() -> None:
    models: list[type[BaseModel]] = [
        Settings,
        EngineSettings,
        UiSettings,
        CloudSettings,
        PrivacySettings,
        ApiSettings,
    ]
    for model in models:
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name}"


def test_assignment_is_validated() -> None:
    s = Settings()
    with pytest.raises(ValidationError):
        s.engine.temperature = 5
    with pytest.raises(ValidationError):
        s.ui.theme = "blue"  # type: ignore[assignment]
    s.engine.temperature = 1.5
    assert s.engine.temperature == 1.5


def test_api_origins_are_exact_origins_never_wildcards() -> None:
    api = ApiSettings(allowed_origins=["HTTP://LocalHost:3000/", "https://app.example"])
    assert api.allowed_origins == ["http://localhost:3000", "https://app.example"]
    for bad in ("*", "http://*.example", "http://localhost:3000/path", "localhost:3000", "null"):
        with pytest.raises(ValidationError, match="is not an origin"):
            ApiSettings(allowed_origins=[bad])
    assert not ApiSettings().enabled and not ApiSettings().allow_lan  # off, loopback only


def test_providers_are_normalised() -> None:
    engine = EngineSettings(execution_providers=["CUDA", "DirectML", "CPUExecutionProvider"])  # type: ignore[list-item]
    assert engine.execution_providers == ["cuda", "dml", "cpu"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"engine.temperature": 5}, "engine.temperature: must be between 0 and 2 (got 5)"),
        (
            {"engine.top_p": 0},
            "engine.top_p: must be greater than 0 and at most 1 (got 0)",
        ),
        (
            {"engine.max_new_tokens": "many"},
            'engine.max_new_tokens: must be a whole number between 1 and 32768 (got "many")',
        ),
        (
            {"engine.max_context_tokens": 1.5},
            "engine.max_context_tokens: must be a whole number between 128 and 1048576, or "
            "null (got 1.5)",
        ),
        ({"engine.seed": -1}, "engine.seed: must be between 0 and 2147483647 (got -1)"),
        (
            {"engine.execution_providers": ["auto", "cpu"]},
            'engine.execution_providers: "auto" must be used on its own (got ["auto", "cpu"])',
        ),
        (
            {"engine.execution_providers": ["cuda", "rocm"]},
            'engine.execution_providers: entry 2 must be one of: auto, cuda, dml, cpu (got "rocm")',
        ),
        (
            {"engine.execution_providers": []},
            "engine.execution_providers: must name at least one of auto, cuda, dml, cpu (got [])",
        ),
        (
            {"engine.execution_providers": ["cpu", "cpu"]},
            'engine.execution_providers: lists "cpu" more than once (got ["cpu", "cpu"])',
        ),
        ({"engine.stop": ["</s>", 5]}, "engine.stop: entry 2 must be text (got 5)"),
        ({"engine.stop": [""]}, 'engine.stop: entries must not be empty (got [""])'),
        ({"engine.use_onnx": "maybe"}, 'engine.use_onnx: must be true or false (got "maybe")'),
        (
            {"engine.model_path": ""},
            'engine.model_path: must not be empty; use null for the default (got "")',
        ),
        (
            {"ui.theme": "blue"},
            'ui.theme: must be one of: system, light, dark, high_contrast (got "blue")',
        ),
        ({"models_dir": 3}, "models_dir: must be text, or null (got 3)"),
        ({"nope": 1}, "nope: is not a known setting"),
        ({"engine": {}}, "engine: is not a known setting"),
        ({"engine.nope": 1}, "engine.nope: is not a known setting"),
    ],
)
def test_invalid_values_are_explained(changes: dict[str, object], message: str) -> None:
    original = Settings()
    with pytest.raises(SettingsValueError) as info:
        apply_changes(original, changes)
    assert info.value.message == message
    # the same reasons, each with the dotted setting it is about (no text to split)
    [problem] = info.value.problems
    assert problem.field == message.split(":", 1)[0]
    assert f"{problem.field}: {problem.message}" == message
    assert original == Settings()


def test_every_refused_setting_is_a_problem_with_its_field() -> None:
    with pytest.raises(SettingsValueError) as info:
        apply_changes(
            Settings(),
            {"engine.temperature": 5, "engine.stop": ["a; b", 3], "privacy.default_level": "x"},
        )
    assert info.value.problems == (
        Problem("engine.temperature", "must be between 0 and 2 (got 5)"),
        Problem("engine.stop", "entry 2 must be text (got 3)"),
        Problem("privacy.default_level", 'must be one of: low, normal, high, local_only (got "x")'),
    )
    assert info.value.problems_for("engine.stop") == info.value.problems[1:2]
    assert info.value.message == "; ".join(str(p) for p in info.value.problems)


def test_the_default_privacy_level_is_the_one_definition() -> None:
    assert Settings().privacy.default_level is Privacy.NORMAL
    for level in Privacy:
        settings = apply_changes(Settings(), {"privacy.default_level": level.value})
        assert settings.privacy.default_level is level
        assert settings.model_dump(mode="json")["privacy"]["default_level"] == level.value
    [info] = [f for f in describe() if f.name == "privacy.default_level"]
    assert (info.type, info.default, info.choices) == ("str", "normal", PRIVACY_LEVELS)


def test_the_package_keeps_its_public_names_and_no_writer_of_its_own() -> None:
    import agentic_desk.core.settings as package
    from agentic_desk.core.settings import environment, model, store, wording

    for name in package.__all__:
        assert getattr(package, name) is not None
    assert package.Settings is model.Settings and package.SettingsStore is store.SettingsStore
    assert package.ENV_OVERRIDES is environment.ENV_OVERRIDES
    assert package.explain_error is wording.explain_error
    assert not hasattr(package, "atomic_write_bytes") and not hasattr(store, "_fsync_dir")


def test_apply_changes_returns_a_new_copy() -> None:
    original = Settings()
    changed = apply_changes(original, {"engine.temperature": 0.2, "ui.theme": "dark"})
    assert (changed.engine.temperature, changed.ui.theme) == (0.2, "dark")
    assert original == Settings()


def test_describe() -> None:
    fields = describe()
    assert [f.name for f in fields] == [
        "engine.model_path",
        "engine.execution_providers",
        "engine.max_new_tokens",
        "engine.temperature",
        "engine.top_p",
        "engine.top_k",
        "engine.repetition_penalty",
        "engine.seed",
        "engine.stop",
        "engine.max_context_tokens",
        "engine.prefill_chunk_tokens",
        "engine.idle_unload_minutes",
        "engine.use_onnx",
        "engine.cpu_int8_compute",
        "ui.theme",
        "ui.language",
        "chat.default_system_prompt",
        "cloud.enabled",
        "cloud.api_clients_may_use_cloud",
        "cloud.api_clients_pseudonymise",
        "privacy.detector_enabled",
        "privacy.sensitive_terms",
        "privacy.names_model",
        "privacy.names_model_path",
        "privacy.default_level",
        "privacy.trash_days",
        "privacy.encrypt_conversations",
        "privacy.app_lock",
        "privacy.lock_after_minutes",
        "api.enabled",
        "api.port",
        "api.allow_lan",
        "api.allowed_origins",
        "api.max_queue",
        "api.max_tokens_limit",
        "api.max_body_bytes",
        "models_dir",
    ]
    by_name = {f.name: f for f in fields}
    assert by_name["engine.temperature"] == FieldInfo(
        name="engine.temperature",
        type="float",
        default=0.7,
        description="Randomness of replies: 0 always picks the likeliest word; higher is more "
        "varied.",
        minimum=0.0,
        maximum=2.0,
        env_var="ONNX_TEMPERATURE",
    )
    assert by_name["engine.top_p"].minimum_exclusive
    assert by_name["engine.seed"].type == "int | None"
    assert by_name["engine.execution_providers"].type == "list[str]"
    assert by_name["engine.execution_providers"].default == ["auto"]
    assert by_name["engine.execution_providers"].choices == ("auto", "cuda", "dml", "cpu")
    assert by_name["ui.language"].choices == ("system", "en", "de")
    assert by_name["ui.theme"].choices == ("system", "light", "dark", "high_contrast")
    assert all(f.description for f in fields)
    assert SettingsStore.describe() == fields


# ---- load and save -------------------------------------------------------------


def test_missing_file_gives_defaults(store: SettingsStore, path: Path) -> None:
    result = store.load()
    assert result == LoadResult(settings=Settings(), file_settings=Settings())
    assert not path.exists()


def test_round_trip(store: SettingsStore, path: Path) -> None:
    s = Settings()
    s.engine.temperature = 0.25
    s.engine.execution_providers = ["cuda", "cpu"]
    s.engine.stop = ["</s>", "\nUser:"]
    s.engine.seed = 42
    s.ui.theme = "dark"
    s.models_dir = "D:\\Models"
    store.save(s)
    result = store.load()
    assert result.settings == s
    assert result.file_settings == s
    assert result.problems == []
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(s.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"
    assert text.startswith('{\n  "api": {\n    "allow_lan": false,\n')


def test_save_creates_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "settings.json"
    SettingsStore(path).save(Settings())
    assert json.loads(path.read_text())["schema_version"] == 1


def test_save_leaves_no_temporary_files(store: SettingsStore, path: Path) -> None:
    store.save(Settings())
    store.save(Settings(models_dir="elsewhere"))
    assert folder_names(path) == ["settings.json"]


def test_crash_before_replace_keeps_the_old_file(
    store: SettingsStore, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(Settings())
    before = path.read_bytes()

    def crash(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(SettingsSaveError) as info:
        store.save(apply_changes(Settings(), {"engine.temperature": 1.9}))
    assert str(info.value) == (
        f"Agentic Desk could not save your settings to {path} (No space left on device). The "
        "previous settings file was not changed. Check that you can write to that folder and "
        "that the disk is not full, then try again."
    )
    assert isinstance(info.value, AgenticDeskError)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert folder_names(path) == ["settings.json"]
    assert store.load().settings.engine.temperature == 0.7


def test_crash_during_write_keeps_the_old_file(
    store: SettingsStore, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(Settings())
    before = path.read_bytes()

    def crash(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(SettingsSaveError):
        store.save(Settings(models_dir="x"))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert folder_names(path) == ["settings.json"]


def test_symlinked_file_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "agentic.json"
    real.parent.mkdir()
    real.write_text("{}")
    link = tmp_path / "settings.json"
    try:
        link.symlink_to(real)
    except OSError:
        pytest.skip("symlinks not available")
    SettingsStore(link).save(Settings(models_dir="m"))
    assert link.is_symlink()
    assert json.loads(real.read_text())["models_dir"] == "m"


@given(
    temperature=st.floats(0, 2),
    top_p=st.floats(0.01, 1),
    max_new_tokens=st.integers(1, 32768),
    stop=st.lists(st.text(min_size=1), max_size=4),
    model_path=st.none() | st.text(min_size=1),
)
@hyp_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_valid_settings_round_trip(
    temperature: float, top_p: float, max_new_tokens: int, stop: list[str], model_path: str | None
) -> None:
    s = apply_changes(
        Settings(),
        {
            "engine.temperature": temperature,
            "engine.top_p": top_p,
            "engine.max_new_tokens": max_new_tokens,
            "engine.stop": stop,
            "engine.model_path": model_path,
        },
    )
    with tempfile.TemporaryDirectory() as folder:
        store = SettingsStore(Path(folder) / "settings.json", environ={})
        store.save(s)
        result = store.load()
    assert result.problems == []
    assert result.settings == s


# ---- damaged files -----------------------------------------------------------------


def test_corrupt_json_is_kept_aside(store: SettingsStore, path: Path) -> None:
    raw = write(path, '{"engine": {"temperature": 0.5,}')
    result = store.load()
    copy = path.parent / COPY_NAME
    assert result.problems == [
        f"The settings file {path} could not be used: it is not valid JSON (Expecting property "
        "name enclosed in double quotes at line 1, column 32). Agentic Desk is using default "
        f"settings. A copy of the original file was kept as {copy}."
    ]
    assert result.settings == result.file_settings == Settings()
    assert result.kept_aside == copy
    assert copy.read_bytes() == raw
    assert path.read_bytes() == raw  # untouched until the user saves


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[1, 2]", "it holds a list instead of a JSON object"),
        ('"text"', "it holds text instead of a JSON object"),
        ("null", "it holds null instead of a JSON object"),
        ("", "it is not valid JSON (Expecting value at line 1, column 1)"),
        ('{"schema_version": "one"}', 'schema_version: must be a whole number (got "one")'),
        ('{"schema_version": true}', "schema_version: must be a whole number (got true)"),
        ('{"schema_version": -1}', "schema_version: must be a whole number (got -1)"),
    ],
)
def test_unusable_files_are_kept_aside(
    store: SettingsStore, path: Path, content: str, reason: str
) -> None:
    raw = write(path, content)
    result = store.load()
    assert result.problems == [
        f"The settings file {path} could not be used: {reason}. Agentic Desk is using default "
        f"settings. A copy of the original file was kept as {path.parent / COPY_NAME}."
    ]
    assert result.file_settings == Settings()
    assert (path.parent / COPY_NAME).read_bytes() == raw


def test_file_that_is_not_text(store: SettingsStore, path: Path) -> None:
    path.write_bytes(b"\xff\xfe{\x00}\x00")
    assert store.load().problems == [
        f"The settings file {path} could not be used: it is not a text file (UTF-8). Agentic "
        "Desk is using default settings. A copy of the original file was kept as "
        f"{path.parent / COPY_NAME}."
    ]


def test_byte_order_mark_is_accepted(store: SettingsStore, path: Path) -> None:
    path.write_bytes(b'\xef\xbb\xbf{"ui": {"theme": "dark"}}')
    result = store.load()
    assert result.problems == []
    assert result.settings.ui.theme == "dark"


def test_invalid_fields_reset_and_others_kept(store: SettingsStore, path: Path) -> None:
    raw = write(
        path,
        {
            "schema_version": 1,
            "engine": {"temperature": 5, "top_k": 7, "stop": ["</s>"], "colour": "red"},
            "ui": {"theme": "blue"},
            "models_dir": "/data/models",
        },
    )
    result = store.load()
    copy = path.parent / COPY_NAME
    assert result.problems == [
        f"Some settings in {path} were not valid and were reset to their defaults: "
        "engine.temperature: must be between 0 and 2 (got 5); engine.colour: is not a known "
        "setting; ui.theme: must be one of: system, light, dark, high_contrast "
        '(got "blue"). Your other '
        f"settings were kept. A copy of the original file was kept as {copy}."
    ]
    s = result.file_settings
    assert s.engine.temperature == 0.7  # default
    assert s.ui.theme == "system"  # default
    assert s.engine.top_k == 7
    assert s.engine.stop == ["</s>"]
    assert s.models_dir == "/data/models"
    assert result.settings == s
    assert copy.read_bytes() == raw


def test_a_wrong_group_resets_only_that_group(store: SettingsStore, path: Path) -> None:
    write(path, {"engine": [1], "ui": {"theme": "light"}})
    result = store.load()
    assert result.problems[0].startswith(
        f"Some settings in {path} were not valid and were reset to their defaults: engine: "
        "must be a group of settings (a JSON object) (got [1]). Your other settings were kept."
    )
    assert result.file_settings.engine == EngineSettings()
    assert result.file_settings.ui.theme == "light"


def test_same_damage_is_kept_aside_once(tmp_path: Path, path: Path) -> None:
    write(path, "{oops")
    SettingsStore(path, clock=lambda: NOW).load()
    again = SettingsStore(path, clock=lambda: datetime(2024, 5, 7, 0, 0, 0)).load()
    assert again.kept_aside == path.parent / COPY_NAME
    assert folder_names(path) == [COPY_NAME, "settings.json"]


def test_copies_never_overwrite_each_other(store: SettingsStore, path: Path) -> None:
    write(path, "{first")
    store.load()
    write(path, "{second")
    second = store.load()
    assert second.kept_aside == path.parent / "settings.corrupt-20240506-070809-2.json"
    assert (path.parent / COPY_NAME).read_text() == "{first"
    assert second.kept_aside.read_text() == "{second"


def test_saving_over_a_damaged_file(store: SettingsStore, path: Path) -> None:
    raw = write(path, "{oops")
    store.load()
    store.save(Settings())
    assert folder_names(path) == [COPY_NAME, "settings.json"]  # no second copy
    assert (path.parent / COPY_NAME).read_bytes() == raw
    assert store.load().problems == []


def test_saving_over_a_damaged_file_without_loading(store: SettingsStore, path: Path) -> None:
    raw = write(path, {"engine": {"temperature": "hot"}})
    store.save(Settings())
    assert (path.parent / COPY_NAME).read_bytes() == raw


def test_damaged_file_that_cannot_be_copied(
    store: SettingsStore, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = write(path, "{oops")

    def refuse(self: SettingsStore, raw: bytes) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(SettingsStore, "_keep_aside", refuse)
    result = store.load()
    assert result.problems == [
        f"The settings file {path} could not be used: it is not valid JSON (Expecting property "
        "name enclosed in double quotes at line 1, column 2). Agentic Desk is using default "
        "settings. A copy of the original file could not be kept (Permission denied), so it "
        "was left as it is."
    ]
    assert result.kept_aside is None
    with pytest.raises(SettingsSaveError) as info:
        store.save(Settings())
    assert str(info.value) == (
        f"Agentic Desk will not replace the damaged settings file {path}: a copy of it could "
        f"not be kept (Permission denied). Check that you can write to {path.parent}, or move "
        "the file away yourself."
    )
    assert path.read_bytes() == raw


def test_unreadable_file(store: SettingsStore, path: Path) -> None:
    path.mkdir()  # a folder where the file should be
    result = store.load()
    assert len(result.problems) == 1
    assert result.problems[0].startswith(f"The settings file {path} could not be read (")
    assert result.problems[0].endswith(
        "). Agentic Desk is using default settings; check that you can open the file, then "
        "restart Agentic Desk."
    )
    assert result.settings == Settings()


# ---- versions and migrations --------------------------------------------------------


def test_newer_file_is_left_alone(store: SettingsStore, path: Path) -> None:
    raw = write(path, {"schema_version": 2, "engine": {"temperature": 0.1}, "future": True})
    result = store.load()
    assert result.problems == [
        f"The settings file {path} was written by a newer version of Agentic Desk (settings "
        "version 2; this version understands up to 1). Agentic Desk is using default settings "
        "and left the file unchanged; update Agentic Desk to use your saved settings."
    ]
    assert result.settings == result.file_settings == Settings()
    assert result.kept_aside is None
    with pytest.raises(SettingsNewerError) as info:
        store.save(Settings())
    assert str(info.value) == (
        f"Agentic Desk will not overwrite {path}: it holds settings version 2 from a newer "
        "version of Agentic Desk (this version understands up to 1). Update Agentic Desk, or "
        "move the file away to start again with new settings."
    )
    with pytest.raises(SettingsNewerError):
        store.update(engine__temperature=0.3)
    assert path.read_bytes() == raw
    assert folder_names(path) == ["settings.json"]


def test_file_without_version_is_version_0(store: SettingsStore, path: Path) -> None:
    write(path, {"engine": {"top_k": 7}})
    result = store.load()
    assert result.problems == []
    assert result.migrated_from == 0
    assert result.settings.engine.top_k == 7
    assert store.load().file_settings.schema_version == 1


def test_current_file_is_not_migrated(store: SettingsStore, path: Path) -> None:
    store.save(Settings())
    assert store.load().migrated_from is None


def _v0_flat_temperature(data: dict[str, Any]) -> dict[str, Any]:
    """A fake old layout: version 0 kept ``temperature`` at the top level."""
    out = dict(data)
    if "temperature" in out:
        engine = dict(out.get("engine", {}))
        engine["temperature"] = out.pop("temperature")
        out["engine"] = engine
    return out


def test_migration_v0_to_v1(path: Path) -> None:
    write(path, {"temperature": 0.3, "ui": {"theme": "dark"}})
    store = SettingsStore(path, migrations={0: _v0_flat_temperature})
    result = store.load()
    assert result.problems == []
    assert result.migrated_from == 0
    assert result.file_settings.engine.temperature == 0.3
    assert result.file_settings.ui.theme == "dark"
    assert json.loads(path.read_text()) == {"temperature": 0.3, "ui": {"theme": "dark"}}
    store.save(result.file_settings)
    saved = json.loads(path.read_text())
    assert saved["schema_version"] == 1
    assert saved["engine"]["temperature"] == 0.3
    assert "temperature" not in saved


def test_trash_days_is_added_without_a_migration(path: Path) -> None:
    """A version-1 file from before privacy.trash_days loads with its default (a new
    field with a default needs no new schema version: older apps would refuse the file)."""
    write(path, {"schema_version": 1, "privacy": {"detector_enabled": False}})
    result = SettingsStore(path).load()
    assert result.problems == []
    assert result.migrated_from is None
    assert result.settings.privacy.trash_days == 30
    assert not result.settings.privacy.detector_enabled
    for bad in (-1, 3651, "soon"):
        with pytest.raises(ValidationError):
            Settings.model_validate({"privacy": {"trash_days": bad}})
    assert Settings.model_validate({"privacy": {"trash_days": 0}}).privacy.trash_days == 0


def test_migrations_run_in_order(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_model, "CURRENT_SCHEMA_VERSION", 3)
    seen: list[tuple[int, object]] = []

    def step(n: int) -> Migration:
        def migrate(data: dict[str, Any]) -> dict[str, Any]:
            seen.append((n, data.get("schema_version")))
            return data

        return migrate

    write(path, {"schema_version": 1})
    result = SettingsStore(path, migrations={0: step(0), 1: step(1), 2: step(2)}).load()
    assert seen == [(1, 1), (2, 2)]
    assert result.migrated_from == 1
    assert result.file_settings.schema_version == 3


def test_missing_migration_step(store: SettingsStore, path: Path) -> None:
    write(path, {"ui": {"theme": "dark"}})
    result = SettingsStore(path, migrations={}, clock=lambda: NOW).load()
    assert result.problems == [
        f"The settings file {path} could not be used: no upgrade from settings version 0 is "
        "known. Agentic Desk is using default settings. A copy of the original file was kept "
        f"as {path.parent / COPY_NAME}."
    ]


def test_failing_migration(path: Path) -> None:
    def broken(data: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("engine")

    write(path, {})
    result = SettingsStore(path, migrations={0: broken}, clock=lambda: NOW).load()
    assert result.problems == [
        f"The settings file {path} could not be used: upgrading it from settings version 0 "
        "failed ('engine'). Agentic Desk is using default settings. A copy of the original "
        f"file was kept as {path.parent / COPY_NAME}."
    ]


# ---- environment overrides -----------------------------------------------------------


@pytest.mark.parametrize(
    ("var", "value", "expected"),
    [
        ("USE_ONNX", "true", True),
        ("USE_ONNX", "TRUE", True),
        ("USE_ONNX", "1", True),
        ("USE_ONNX", " yes ", True),
        ("USE_ONNX", "false", False),
        ("USE_ONNX", "0", False),
        ("USE_ONNX", "No", False),
        ("ONNX_MODEL_PATH", "/models/phi-4-mini", "/models/phi-4-mini"),
        ("ONNX_EXECUTION_PROVIDERS", "cuda,cpu", ["cuda", "cpu"]),
        ("ONNX_EXECUTION_PROVIDERS", " CUDA , CPU ", ["cuda", "cpu"]),
        ("ONNX_EXECUTION_PROVIDERS", "DirectML", ["dml"]),
        ("ONNX_EXECUTION_PROVIDERS", "dml,", ["dml"]),
        (
            "ONNX_EXECUTION_PROVIDERS",
            "CUDAExecutionProvider,CPUExecutionProvider",
            ["cuda", "cpu"],
        ),
        ("ONNX_EXECUTION_PROVIDERS", "auto", ["auto"]),
        ("ONNX_MAX_TOKENS", "256", 256),
        ("ONNX_TEMPERATURE", "0.2", 0.2),
        ("ONNX_TEMPERATURE", "0", 0.0),
    ],
)
def test_env_override(
    store: SettingsStore, monkeypatch: pytest.MonkeyPatch, var: str, value: str, expected: object
) -> None:
    dotted = ENV_OVERRIDES[var]
    field = dotted.removeprefix("engine.")
    store.save(apply_changes(Settings(), {"engine.top_k": 7}))
    monkeypatch.setenv(var, value)
    result = store.load()
    assert getattr(result.settings.engine, field) == expected
    assert result.settings.engine.top_k == 7  # the file still counts
    assert getattr(result.file_settings.engine, field) == getattr(EngineSettings(), field)
    assert result.env_overrides == {dotted: var}
    assert result.problems == []


def test_all_env_overrides_together(store: SettingsStore, monkeypatch: pytest.MonkeyPatch) -> None:
    env = {
        "USE_ONNX": "yes",
        "ONNX_MODEL_PATH": "phi",
        "ONNX_EXECUTION_PROVIDERS": "dml",
        "ONNX_MAX_TOKENS": "100",
        "ONNX_TEMPERATURE": "1.5",
    }
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    result = store.load()
    e = result.settings.engine
    assert (e.use_onnx, e.model_path, e.execution_providers) == (True, "phi", ["dml"])
    assert (e.max_new_tokens, e.temperature) == (100, 1.5)
    assert result.env_overrides == {
        "engine.use_onnx": "USE_ONNX",
        "engine.model_path": "ONNX_MODEL_PATH",
        "engine.execution_providers": "ONNX_EXECUTION_PROVIDERS",
        "engine.max_new_tokens": "ONNX_MAX_TOKENS",
        "engine.temperature": "ONNX_TEMPERATURE",
    }
    assert result.file_settings == Settings()


def test_empty_env_variables_count_as_unset(
    store: SettingsStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ENV_OVERRIDES:
        monkeypatch.setenv(var, " ")
    result = store.load()
    assert result.env_overrides == {}
    assert result.settings == Settings()


def test_explicit_environ_mapping(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONNX_TEMPERATURE", "1.1")
    result = SettingsStore(path, environ={"ONNX_MAX_TOKENS": "9"}).load()
    assert result.env_overrides == {"engine.max_new_tokens": "ONNX_MAX_TOKENS"}
    assert result.settings.engine.temperature == 0.7


@pytest.mark.parametrize(
    ("var", "value", "message"),
    [
        (
            "USE_ONNX",
            "maybe",
            'USE_ONNX is "maybe", but it must be one of true, false, 1, 0, yes, no.',
        ),
        (
            "ONNX_EXECUTION_PROVIDERS",
            "rocm",
            'ONNX_EXECUTION_PROVIDERS is "rocm", but it must be a comma-separated list of '
            'auto, cuda, dml, cpu (for example "cuda,cpu"), with "auto" only on its own.',
        ),
        (
            "ONNX_EXECUTION_PROVIDERS",
            "auto,cpu",
            'ONNX_EXECUTION_PROVIDERS is "auto,cpu", but it must be a comma-separated list of '
            'auto, cuda, dml, cpu (for example "cuda,cpu"), with "auto" only on its own.',
        ),
        (
            "ONNX_EXECUTION_PROVIDERS",
            ",",
            'ONNX_EXECUTION_PROVIDERS is ",", but it must be a comma-separated list of '
            'auto, cuda, dml, cpu (for example "cuda,cpu"), with "auto" only on its own.',
        ),
        (
            "ONNX_MAX_TOKENS",
            "0",
            'ONNX_MAX_TOKENS is "0", but it must be a whole number between 1 and 32768.',
        ),
        (
            "ONNX_MAX_TOKENS",
            "lots",
            'ONNX_MAX_TOKENS is "lots", but it must be a whole number between 1 and 32768.',
        ),
        (
            "ONNX_MAX_TOKENS",
            "1.5",
            'ONNX_MAX_TOKENS is "1.5", but it must be a whole number between 1 and 32768.',
        ),
        (
            "ONNX_TEMPERATURE",
            "hot",
            'ONNX_TEMPERATURE is "hot", but it must be a number between 0 and 2.',
        ),
        (
            "ONNX_TEMPERATURE",
            "5",
            'ONNX_TEMPERATURE is "5", but it must be a number between 0 and 2.',
        ),
        (
            "ONNX_TEMPERATURE",
            "nan",
            'ONNX_TEMPERATURE is "nan", but it must be a number between 0 and 2.',
        ),
    ],
)
def test_bad_env_value_is_an_error(
    store: SettingsStore, monkeypatch: pytest.MonkeyPatch, var: str, value: str, message: str
) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(EnvOverrideError) as info:
        store.load()
    assert info.value.message == message
    assert info.value.hint == f"Fix or unset {var}, then start Agentic Desk again."
    assert isinstance(info.value, AgenticDeskError)
    assert info.value.problems == (Problem(ENV_OVERRIDES[var], message),)


def test_several_bad_env_values_are_reported_together(
    store: SettingsStore, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = write(path, "{oops")
    monkeypatch.setenv("USE_ONNX", "sure")
    monkeypatch.setenv("ONNX_MAX_TOKENS", "-1")
    monkeypatch.setenv("ONNX_TEMPERATURE", "0.5")  # fine
    with pytest.raises(EnvOverrideError) as info:
        store.load()
    assert str(info.value) == (
        'USE_ONNX is "sure", but it must be one of true, false, 1, 0, yes, no. '
        'ONNX_MAX_TOKENS is "-1", but it must be a whole number between 1 and 32768. '
        "Fix or unset USE_ONNX and ONNX_MAX_TOKENS, then start Agentic Desk again."
    )
    assert path.read_bytes() == raw
    assert folder_names(path) == ["settings.json"]  # the file was not touched yet


def test_env_overrides_are_not_written_back(
    store: SettingsStore, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(apply_changes(Settings(), {"engine.temperature": 0.3}))
    monkeypatch.setenv("ONNX_TEMPERATURE", "1.5")
    monkeypatch.setenv("USE_ONNX", "true")
    monkeypatch.setenv("ONNX_EXECUTION_PROVIDERS", "cuda,cpu")
    result = store.load()
    assert result.settings.engine.temperature == 1.5

    effective = result.settings
    effective.engine.top_k = 5  # a real change made in the UI
    store.save(effective)
    saved = json.loads(path.read_text())["engine"]
    assert saved["temperature"] == 0.3
    assert saved["use_onnx"] is False
    assert saved["execution_providers"] == ["auto"]
    assert saved["top_k"] == 5

    again = store.load()
    assert again.file_settings.engine.temperature == 0.3
    assert again.settings.engine.temperature == 1.5


def test_a_value_changed_away_from_the_env_value_is_saved(
    store: SettingsStore, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONNX_TEMPERATURE", "1.5")
    s = store.load().settings
    s.engine.temperature = 0.9
    store.save(s)
    assert json.loads(path.read_text())["engine"]["temperature"] == 0.9


# ---- update ---------------------------------------------------------------------------


def test_update(store: SettingsStore, path: Path) -> None:
    updated = store.update({"ui.theme": "dark"}, engine__temperature=0.2)
    assert (updated.ui.theme, updated.engine.temperature) == ("dark", 0.2)
    assert store.load().file_settings == updated
    assert json.loads(path.read_text())["ui"] == {"theme": "dark", "language": "system"}


def test_update_with_an_invalid_value_changes_nothing(store: SettingsStore, path: Path) -> None:
    store.update(engine__top_k=3)
    before = path.read_bytes()
    with pytest.raises(SettingsValueError) as info:
        store.update(engine__temperature=5, engine__top_k=4)
    assert str(info.value) == (
        "engine.temperature: must be between 0 and 2 (got 5) Nothing was changed; choose an "
        "allowed value."
    )
    with pytest.raises(SettingsValueError) as unknown:
        store.update(engine__colour="red")
    assert str(unknown.value) == "engine.colour: is not a known setting Nothing was changed."
    assert path.read_bytes() == before


def test_update_keeps_env_values_out_of_the_file(
    store: SettingsStore, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONNX_MAX_TOKENS", "64")
    store.update(engine__top_k=3)
    assert json.loads(path.read_text())["engine"]["max_new_tokens"] == 512


def test_apply_env_overrides_function() -> None:
    base = Settings()
    effective, applied = apply_env_overrides(base, {"ONNX_TEMPERATURE": "0.1"})
    assert effective.engine.temperature == 0.1
    assert applied == {"engine.temperature": "ONNX_TEMPERATURE"}
    assert base == Settings()
