"""The app's settings: a typed, versioned model, and the store that keeps it in a file.

* :class:`Settings` (pydantic v2) is the schema: every field has a default, bounds and
  a description (:func:`describe` turns it into rows a settings UI can be built from).
* :class:`SettingsStore` reads and writes ``settings.json``:

  - a missing file means defaults;
  - a damaged file (not JSON, not an object, invalid fields, a bad ``schema_version``)
    is never deleted or silently overwritten: a copy is kept beside it as
    ``settings.corrupt-YYYYmmdd-HHMMSS.json`` and a problem is reported; when only
    some fields are invalid, the valid ones are kept and only the others reset;
  - an older file is upgraded in memory by :data:`MIGRATIONS` (version N -> N+1, in
    order; a file without ``schema_version`` is version 0);
  - a file from a newer app is left alone: defaults are used and :meth:`save`
    refuses to overwrite it;
  - writes are atomic (temporary file in the same folder, fsync, ``os.replace``).

* Environment variables (agentic-flow's names, see :data:`ENV_OVERRIDES`) override
  the file for this run only; they are never written back. A bad value is an error
  (:class:`EnvOverrideError`), not silently ignored. An empty variable counts as unset.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import tempfile
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.fields import FieldInfo as PydanticFieldInfo
from pydantic_core import ErrorDetails

from agentic_desk.core.errors import AgenticDeskError

CURRENT_SCHEMA_VERSION = 1

Provider = Literal["auto", "cuda", "dml", "cpu"]
PROVIDERS: tuple[str, ...] = get_args(Provider)
Theme = Literal["system", "light", "dark"]

_PROVIDER_ALIASES = {"directml": "dml"}
_EP_SUFFIX = "executionprovider"  # onnxruntime's own names: CUDAExecutionProvider, ...


# ---- errors -------------------------------------------------------------------


class SettingsError(AgenticDeskError):
    """Base of the settings errors."""


class EnvOverrideError(SettingsError):
    """An environment variable that overrides a setting holds a value that is not allowed."""


class SettingsValueError(SettingsError):
    """A requested change to the settings is not valid; nothing was changed."""


class SettingsNewerError(SettingsError):
    """The settings file comes from a newer version of the app; it is not overwritten."""


class SettingsSaveError(SettingsError):
    """The settings could not be written."""


# ---- the schema ---------------------------------------------------------------


def normalize_provider(name: str) -> str:
    """``"CUDA"`` -> ``"cuda"``, ``"DirectML"`` / ``"DmlExecutionProvider"`` -> ``"dml"``,
    ``"CPUExecutionProvider"`` -> ``"cpu"``. Unknown names are returned lower-cased."""
    key = name.strip().lower()
    if key.endswith(_EP_SUFFIX) and key != _EP_SUFFIX:
        key = key[: -len(_EP_SUFFIX)]
    return _PROVIDER_ALIASES.get(key, key)


def _default_providers() -> list[Provider]:
    return ["auto"]


class EngineSettings(BaseModel):
    """How the local engine loads a model and generates replies."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, protected_namespaces=())

    model_path: str | None = Field(
        default=None,
        min_length=1,
        description="The model to load at start: a model folder or a model-store id. "
        "Empty: no default model.",
    )
    execution_providers: list[Provider] = Field(
        default_factory=_default_providers,
        max_length=len(PROVIDERS),
        description="Where the model runs, in order of preference: cuda (NVIDIA GPU), dml "
        "(DirectML GPU, Windows), cpu; or auto (best available) on its own.",
    )
    max_new_tokens: int = Field(
        default=512, ge=1, le=32768, description="Longest reply, in tokens."
    )
    temperature: float = Field(
        default=0.7,
        ge=0.0,
        le=2.0,
        description="Randomness of replies: 0 always picks the likeliest word; higher is "
        "more varied.",
    )
    top_p: float = Field(
        default=0.95,
        gt=0.0,
        le=1.0,
        description="Nucleus sampling: pick only from the likeliest words that together "
        "make up this share of the probability.",
    )
    top_k: int = Field(
        default=40,
        ge=0,
        le=1000,
        description="Pick only from this many likeliest words; 0 turns the limit off.",
    )
    repetition_penalty: float = Field(
        default=1.0,
        ge=0.5,
        le=2.0,
        description="Above 1 discourages repeating words already in the conversation; 1 is off.",
    )
    seed: int | None = Field(
        default=None,
        ge=0,
        le=2_147_483_647,
        description="Random seed for reproducible replies; empty: a new seed each time.",
    )
    stop: list[str] = Field(
        default_factory=list,
        max_length=16,
        description="Texts that end a reply when the model writes them.",
    )
    max_context_tokens: int | None = Field(
        default=None,
        ge=128,
        le=1_048_576,
        description="Longest conversation the model sees, in tokens; empty: the model's own limit.",
    )
    prefill_chunk_tokens: int = Field(
        default=256,
        ge=16,
        le=4096,
        description="The prompt is read in chunks of this many tokens, so a long prompt can "
        "be cancelled quickly.",
    )
    idle_unload_minutes: int = Field(
        default=15,
        ge=0,
        le=1440,
        description="Unload the model to free memory after this many idle minutes; 0: never.",
    )
    use_onnx: bool = Field(
        default=False,
        description="Send every request to the local ONNX engine (agentic-flow's USE_ONNX).",
    )

    @field_validator("execution_providers", mode="before")
    @classmethod
    def _normalize_providers(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return [normalize_provider(v) if isinstance(v, str) else v for v in value]
        return value

    @field_validator("execution_providers")
    @classmethod
    def _check_providers(cls, value: list[Provider]) -> list[Provider]:
        if not value:
            raise ValueError(f"must name at least one of {', '.join(PROVIDERS)}")
        if "auto" in value and len(value) > 1:
            raise ValueError('"auto" must be used on its own')
        for name in value:
            if value.count(name) > 1:
                raise ValueError(f'lists "{name}" more than once')
        return value

    @field_validator("stop")
    @classmethod
    def _check_stop(cls, value: list[str]) -> list[str]:
        if any(not text for text in value):
            raise ValueError("entries must not be empty")
        return value


class UiSettings(BaseModel):
    """How the window looks."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    theme: Theme = Field(
        default="system",
        description="Colour theme: follow the system, or always light or always dark.",
    )


class CloudSettings(BaseModel):
    """Whether anything may leave this computer. Off unless the user turns it on."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    enabled: bool = Field(
        default=False,
        description="Master switch for cloud providers. Off: every message stays on this "
        "computer, whatever the routing rules say.",
    )
    api_clients_may_use_cloud: bool = Field(
        default=False,
        description="Let programs using the local API server reach cloud providers too "
        "(a separate opt-in; off: they get the local model only).",
    )


class PrivacySettings(BaseModel):
    """The sensitive-data detector and default privacy level."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    detector_enabled: bool = Field(
        default=True,
        description="Look for sensitive data (cards, IDs, keys...) before routing; a hit keeps "
        "the message on this computer.",
    )
    default_level: Literal["low", "normal", "high", "local_only"] = Field(
        default="normal",
        description="Privacy level of new conversations: low, normal, high or local_only "
        "(high and local_only never leave this computer).",
    )


_ORIGIN = re.compile(r"^(https?)://([a-z0-9.-]+|\[[0-9a-f:]+\])(:[0-9]{1,5})?$")


class ApiSettings(BaseModel):
    """The local OpenAI-compatible API server. Off unless the user turns it on."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    enabled: bool = Field(
        default=False,
        description="Run the local API server, so other programs on this computer can use "
        "the local model (they need the access token).",
    )
    port: int = Field(default=8765, ge=1, le=65535, description="The port the API server uses.")
    allow_lan: bool = Field(
        default=False,
        description="Also accept connections from other computers on your network. Warning: "
        "anyone on the network who has the token can then use your model; off: this "
        "computer only.",
    )
    allowed_origins: list[str] = Field(
        default_factory=list,
        max_length=32,
        description="Web pages allowed to call the API from a browser, as origins like "
        "http://localhost:3000 (no wildcards); empty: no web page may.",
    )
    max_queue: int = Field(
        default=16,
        ge=1,
        le=1024,
        description="Requests that may wait for the local model; more get 'busy, retry later'.",
    )
    max_tokens_limit: int = Field(
        default=4096,
        ge=1,
        le=32768,
        description="Longest reply an API client may ask for, in tokens.",
    )
    max_body_bytes: int = Field(
        default=1_048_576,
        ge=1024,
        le=67_108_864,
        description="Largest request an API client may send, in bytes.",
    )

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _lower_origins(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return [v.strip().lower().rstrip("/") if isinstance(v, str) else v for v in value]
        return value

    @field_validator("allowed_origins")
    @classmethod
    def _check_origins(cls, value: list[str]) -> list[str]:
        for origin in value:
            if not _ORIGIN.match(origin):
                raise ValueError(
                    f'"{origin}" is not an origin like http://localhost:3000 '
                    "(scheme, host and port only; no wildcards or paths)"
                )
        return value


class Settings(BaseModel):
    """Everything the user can configure. Saved as ``settings.json``."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    schema_version: int = Field(
        default=CURRENT_SCHEMA_VERSION,
        description="Version of this file's layout; Agentic Desk upgrades older files.",
    )
    engine: EngineSettings = Field(
        default_factory=EngineSettings, description="The local inference engine."
    )
    ui: UiSettings = Field(default_factory=UiSettings, description="Appearance.")
    cloud: CloudSettings = Field(
        default_factory=CloudSettings, description="Cloud providers (opt-in)."
    )
    privacy: PrivacySettings = Field(
        default_factory=PrivacySettings, description="Privacy protections."
    )
    api: ApiSettings = Field(
        default_factory=ApiSettings, description="The local API server (off by default)."
    )
    models_dir: str | None = Field(
        default=None,
        min_length=1,
        description="Folder where models are stored; empty: the models folder inside the "
        "app's data folder.",
    )

    @field_validator("schema_version")
    @classmethod
    def _check_version(cls, value: int) -> int:
        if value != CURRENT_SCHEMA_VERSION:
            raise ValueError(f"must be {CURRENT_SCHEMA_VERSION}")
        return value


# ---- user-facing validation messages -------------------------------------------


def _show(value: object) -> str:
    """A value as the user would write it in the JSON file, shortened."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _num(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _bounds(info: PydanticFieldInfo) -> tuple[object, object, bool]:
    """(lower, upper, lower_is_exclusive) from the field's constraints."""
    lower: object = None
    upper: object = None
    exclusive = False
    for meta in info.metadata:
        if getattr(meta, "ge", None) is not None:
            lower = meta.ge
        if getattr(meta, "gt", None) is not None:
            lower, exclusive = meta.gt, True
        if getattr(meta, "le", None) is not None:
            upper = meta.le
    return lower, upper, exclusive


def _range_text(info: PydanticFieldInfo | None) -> str:
    """``"between 0 and 2"``, ``"greater than 0 and at most 1"``, ... or ``""``."""
    if info is None:
        return ""
    lower, upper, exclusive = _bounds(info)
    if lower is not None and upper is not None:
        if exclusive:
            return f"greater than {_num(lower)} and at most {_num(upper)}"
        return f"between {_num(lower)} and {_num(upper)}"
    if lower is not None:
        return f"greater than {_num(lower)}" if exclusive else f"at least {_num(lower)}"
    if upper is not None:
        return f"at most {_num(upper)}"
    return ""


def _members(annotation: object) -> tuple[object, ...]:
    """The non-None members of a union (or the annotation itself)."""
    if get_origin(annotation) in (typing.Union, types.UnionType):
        return tuple(a for a in get_args(annotation) if a is not type(None))
    return (annotation,)


def _is_optional(info: PydanticFieldInfo | None) -> bool:
    return info is not None and type(None) in get_args(info.annotation)


def _choices(annotation: object) -> tuple[str, ...]:
    """The allowed strings of a Literal anywhere inside ``annotation``."""
    if get_origin(annotation) is Literal:
        return tuple(str(a) for a in get_args(annotation))
    for arg in get_args(annotation):
        found = _choices(arg)
        if found:
            return found
    return ()


def _kind_text(info: PydanticFieldInfo | None, kind: str) -> str:
    """``"a whole number between 1 and 32768"``, ``"a number between 0 and 2, or null"``."""
    bounds = _range_text(info)
    text = f"{kind} {bounds}" if bounds else kind
    return f"{text}, or null" if _is_optional(info) else text


def _sub_model(info: PydanticFieldInfo | None) -> type[BaseModel] | None:
    """The nested model a field holds, if it holds one."""
    annotation = info.annotation if info is not None else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _locate(loc: tuple[int | str, ...]) -> tuple[str, PydanticFieldInfo | None, int | None]:
    """Dotted field name, its field info and the list index (if the error is in an entry)."""
    model: type[BaseModel] | None = Settings
    info: PydanticFieldInfo | None = None
    names: list[str] = []
    index: int | None = None
    for part in loc:
        if isinstance(part, int):
            if index is None:
                index = part
            model = None
            continue
        names.append(part)
        info = model.model_fields.get(part) if model is not None else None
        model = _sub_model(info)
    return ".".join(names), info, index


_BOUND_ERRORS = frozenset({"greater_than", "greater_than_equal", "less_than", "less_than_equal"})


def _error_text(err: ErrorDetails, info: PydanticFieldInfo | None, in_entry: bool) -> str:
    kind = err["type"]
    ctx = err.get("ctx", {})
    whole = None if in_entry else info  # an entry's own type has no bounds or null
    if kind in _BOUND_ERRORS:
        return f"must be {_range_text(info) or 'in range'}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be {_kind_text(whole, 'a whole number')}"
    if kind in ("float_parsing", "float_type", "finite_number"):
        return f"must be {_kind_text(whole, 'a number')}"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be {_kind_text(whole, 'true or false')}"
    if kind == "string_type":
        return f"must be {_kind_text(whole, 'text')}"
    if kind == "string_too_short":
        if _is_optional(info):
            return "must not be empty; use null for the default"
        return "must not be empty"
    if kind == "list_type":
        return "must be a list"
    if kind == "too_long":
        return f"must have at most {ctx.get('max_length')} entries"
    if kind == "too_short":
        return f"must have at least {ctx.get('min_length')} entries"
    if kind == "literal_error":
        choices = _choices(info.annotation) if info is not None else ()
        return f"must be one of: {', '.join(choices)}" if choices else f"must be {ctx['expected']}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "must be a group of settings (a JSON object)"
    if kind == "extra_forbidden":
        return "is not a known setting"
    if kind == "missing":
        return "is required"
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    return err["msg"]


def explain_error(err: ErrorDetails) -> str:
    """One pydantic error in user words: ``engine.temperature: must be between 0 and 2
    (got 5)``, ``engine.stop: entry 2 must be text (got 5)``."""
    name, info, index = _locate(err["loc"])
    text = _error_text(err, info, in_entry=index is not None)
    where = f"{name or 'settings'}: " + ("" if index is None else f"entry {index + 1} ")
    if err["type"] in ("extra_forbidden", "missing"):
        return f"{where}{text}"
    return f"{where}{text} (got {_show(err['input'])})"


def explain_validation_error(exc: ValidationError) -> list[str]:
    """Every error of ``exc`` in user words (see :func:`explain_error`)."""
    return [explain_error(err) for err in exc.errors(include_url=False)]


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
                reasons.append(explain_error(err))
                dropped = _drop(work, err["loc"]) or dropped
            if not dropped:
                break
    return Settings(), reasons


def _is_setting(dotted: str) -> bool:
    """True if ``dotted`` names one setting (not a group, not unknown)."""
    *parents, last = dotted.split(".")
    model: type[BaseModel] = Settings
    for part in parents:
        sub = _sub_model(model.model_fields.get(part))
        if sub is None:
            return False
        model = sub
    info = model.model_fields.get(last)
    return info is not None and _sub_model(info) is None


def apply_changes(settings: Settings, changes: Mapping[str, object]) -> Settings:
    """A copy of ``settings`` with ``changes`` (dotted names -> values) applied, e.g.
    ``{"engine.temperature": 0.2}``. Raises :class:`SettingsValueError` naming every
    unknown or invalid field; ``settings`` itself is never changed."""
    unknown = [f"{dotted}: is not a known setting" for dotted in changes if not _is_setting(dotted)]
    if unknown:
        raise SettingsValueError("; ".join(unknown), "Nothing was changed.")
    data = settings.model_dump()
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = data
        for part in parents:
            node = node[part]
        node[last] = value
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise SettingsValueError(
            "; ".join(explain_validation_error(exc)),
            "Nothing was changed; choose an allowed value.",
        ) from None


# ---- environment overrides -----------------------------------------------------

ENV_OVERRIDES: Mapping[str, str] = {
    "USE_ONNX": "engine.use_onnx",
    "ONNX_MODEL_PATH": "engine.model_path",
    "ONNX_EXECUTION_PROVIDERS": "engine.execution_providers",
    "ONNX_MAX_TOKENS": "engine.max_new_tokens",
    "ONNX_TEMPERATURE": "engine.temperature",
}
"""Environment variable -> the setting it overrides (dotted name)."""

_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")


def _env_allowed(var: str) -> str:
    name = ENV_OVERRIDES[var].split(".")[1]
    info = EngineSettings.model_fields[name]
    if var == "USE_ONNX":
        return "one of true, false, 1, 0, yes, no"
    if var == "ONNX_EXECUTION_PROVIDERS":
        return (
            f'a comma-separated list of {", ".join(PROVIDERS)} (for example "cuda,cpu"), '
            'with "auto" only on its own'
        )
    if var == "ONNX_MAX_TOKENS":
        return f"a whole number {_range_text(info)}"
    if var == "ONNX_TEMPERATURE":
        return f"a number {_range_text(info)}"
    return "a model folder or a model-store id"


def _env_value(var: str, text: str) -> object:
    """The typed value of one variable; ValueError when it is not allowed."""
    name = ENV_OVERRIDES[var].split(".")[1]
    candidate: object = text
    if var == "USE_ONNX":
        lowered = text.lower()
        if lowered not in _TRUE + _FALSE:
            raise ValueError(var)
        candidate = lowered in _TRUE
    elif var == "ONNX_EXECUTION_PROVIDERS":
        candidate = [part.strip() for part in text.split(",") if part.strip()]
    try:
        engine = EngineSettings.model_validate({name: candidate})
    except ValidationError:
        raise ValueError(var) from None
    return getattr(engine, name)


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def read_env_overrides(
    environ: Mapping[str, str] | None = None, *, strict: bool = True
) -> dict[str, tuple[str, object]]:
    """The overrides set in ``environ`` (default ``os.environ``): dotted setting ->
    (variable, typed value). Empty variables count as unset. A bad value raises
    :class:`EnvOverrideError` naming every bad variable and its allowed values
    (``strict=False`` skips bad values instead)."""
    env = os.environ if environ is None else environ
    found: dict[str, tuple[str, object]] = {}
    bad: list[tuple[str, str]] = []
    for var, dotted in ENV_OVERRIDES.items():
        raw = env.get(var)
        if raw is None or not raw.strip():
            continue
        try:
            found[dotted] = (var, _env_value(var, raw.strip()))
        except ValueError:
            bad.append((var, raw))
    if bad and strict:
        raise EnvOverrideError(
            " ".join(
                f"{var} is {_show(raw)}, but it must be {_env_allowed(var)}." for var, raw in bad
            ),
            f"Fix or unset {_join_names([var for var, _ in bad])}, then start Agentic Desk again.",
        )
    return found


def _with_overrides(settings: Settings, values: Mapping[str, tuple[str, object]]) -> Settings:
    data = settings.model_dump()
    for dotted, (_var, value) in values.items():
        section, name = dotted.split(".")
        data[section][name] = value
    return Settings.model_validate(data)


def apply_env_overrides(
    settings: Settings, environ: Mapping[str, str] | None = None
) -> tuple[Settings, dict[str, str]]:
    """A copy of ``settings`` with the environment's overrides applied, and which settings
    they set (dotted name -> variable). Raises :class:`EnvOverrideError` on a bad value."""
    values = read_env_overrides(environ)
    return _with_overrides(settings, values), {d: var for d, (var, _v) in values.items()}


# ---- describing the schema -----------------------------------------------------


@dataclass(frozen=True)
class FieldInfo:
    """One setting, for generating a settings UI from the schema."""

    name: str  # dotted, e.g. "engine.temperature"
    type: str  # e.g. "float", "int | None", "list[str]"
    default: Any  # JSON value
    description: str
    minimum: float | None = None
    maximum: float | None = None
    minimum_exclusive: bool = False
    choices: tuple[str, ...] = ()  # allowed strings (of the value, or of each list entry)
    env_var: str | None = None  # the environment variable that overrides it


def _type_name(annotation: object) -> str:
    if annotation is type(None):
        return "None"
    origin = get_origin(annotation)
    if origin is Literal:
        return "str"
    if origin is list:
        return f"list[{_type_name(get_args(annotation)[0])}]"
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_type_name(arg) for arg in get_args(annotation))
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation)


def _describe_model(model: type[BaseModel], prefix: str) -> list[FieldInfo]:
    env_by_field = {dotted: var for var, dotted in ENV_OVERRIDES.items()}
    out: list[FieldInfo] = []
    for name, info in model.model_fields.items():
        dotted = f"{prefix}{name}"
        annotation = info.annotation
        sub = _sub_model(info)
        if sub is not None:
            out.extend(_describe_model(sub, f"{dotted}."))
            continue
        if dotted == "schema_version":
            continue
        lower, upper, exclusive = _bounds(info)
        default = info.get_default(call_default_factory=True)
        out.append(
            FieldInfo(
                name=dotted,
                type=_type_name(annotation),
                default=copy.deepcopy(default),
                description=info.description or "",
                minimum=float(lower) if isinstance(lower, int | float) else None,
                maximum=float(upper) if isinstance(upper, int | float) else None,
                minimum_exclusive=exclusive,
                choices=_choices(annotation),
                env_var=env_by_field.get(dotted),
            )
        )
    return out


def describe() -> list[FieldInfo]:
    """Every user-facing setting (not ``schema_version``), in schema order."""
    return _describe_model(Settings, "")


# ---- migrations ----------------------------------------------------------------

Migration = Callable[[dict[str, Any]], dict[str, Any]]
"""Turns the raw dict of version N into version N+1 (``schema_version`` is set for it)."""


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    # Version 0 is a file written without a schema_version; its layout is version 1's.
    return data


MIGRATIONS: Mapping[int, Migration] = {0: _v0_to_v1}


class _Damaged(Exception):
    """The file cannot be used at all; ``args[0]`` is the reason in user words."""


class _Newer(Exception):
    """The file's ``schema_version`` (``args[0]``) is newer than this app understands."""


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    return "a number"


def _decode(raw: bytes) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Damaged("it is not a text file (UTF-8)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Damaged(
            f"it is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(data, dict):
        raise _Damaged(f"it holds {_json_kind(data)} instead of a JSON object")
    return data


def _migrate(
    data: dict[str, Any], migrations: Mapping[int, Migration]
) -> tuple[dict[str, Any], int]:
    """Upgrade ``data`` to the current version. Returns it and the version it had."""
    version = data.get("schema_version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise _Damaged(f"schema_version: must be a whole number (got {_show(version)})")
    if version > CURRENT_SCHEMA_VERSION:
        raise _Newer(version)
    start = version
    work = copy.deepcopy(data)
    while version < CURRENT_SCHEMA_VERSION:
        step = migrations.get(version)
        if step is None:
            raise _Damaged(f"no upgrade from settings version {version} is known")
        try:
            work = step(work)
        except Exception as exc:
            raise _Damaged(f"upgrading it from settings version {version} failed ({exc})") from None
        if not isinstance(work, dict):
            raise _Damaged(f"upgrading it from settings version {version} failed")
        version += 1
        work["schema_version"] = version
    return work, start


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
    migrated_from = start if start != CURRENT_SCHEMA_VERSION else None
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


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable. Not possible on Windows (folders cannot be opened)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: a reader (or a crash) sees the old file
    or the new one, never a part. Raises OSError; the temporary file is removed."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


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
                f"The settings file {self._path} could not be read ({exc.strerror or exc}). "
                "Agentic Desk is using default settings; check that you can open the file, "
                "then restart Agentic Desk."
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
            settings=_with_overrides(file_settings, env_values),
            file_settings=file_settings,
            problems=problems,
            env_overrides={dotted: var for dotted, (var, _value) in env_values.items()},
            kept_aside=kept,
            migrated_from=migrated_from,
        )

    def _env(self) -> Mapping[str, str]:
        return os.environ if self._environ is None else self._environ

    def _newer_problem(self, version: int | None) -> str:
        return (
            f"The settings file {self._path} was written by a newer version of Agentic Desk "
            f"(settings version {version}; this version understands up to "
            f"{CURRENT_SCHEMA_VERSION}). Agentic Desk is using default settings and left the "
            "file unchanged; update Agentic Desk to use your saved settings."
        )

    def _damage_problem(self, parsed: _Parsed, kept: Path | None, copy_failure: str) -> str:
        reasons = "; ".join(parsed.reasons)
        if parsed.status == "invalid":
            text = (
                f"Some settings in {self._path} were not valid and were reset to their "
                f"defaults: {reasons}. Your other settings were kept."
            )
        else:
            text = (
                f"The settings file {self._path} could not be used: {reasons}. Agentic Desk "
                "is using default settings."
            )
        if kept is not None:
            return f"{text} A copy of the original file was kept as {kept}."
        return (
            f"{text} A copy of the original file could not be kept ({copy_failure}), so it was "
            "left as it is."
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
                with open(target, "xb") as out:
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
        data["schema_version"] = CURRENT_SCHEMA_VERSION
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        target = Path(os.path.realpath(self._path))  # a symlinked file stays a symlink
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, text.encode("utf-8"))
        except OSError as exc:
            raise SettingsSaveError(
                f"Agentic Desk could not save your settings to {self._path} "
                f"({exc.strerror or exc}). The previous settings file was not changed.",
                "Check that you can write to that folder and that the disk is not full, "
                "then try again.",
            ) from exc

    def _file_settings_before_save(self) -> Settings:
        try:
            raw = self._path.read_bytes()
        except OSError:
            return Settings()  # missing or unreadable: writing reports any real problem
        parsed = _parse(raw, self._migrations)
        if parsed.status == "newer":
            raise SettingsNewerError(
                f"Agentic Desk will not overwrite {self._path}: it holds settings version "
                f"{parsed.version} from a newer version of Agentic Desk (this version "
                f"understands up to {CURRENT_SCHEMA_VERSION}).",
                "Update Agentic Desk, or move the file away to start again with new settings.",
            )
        if parsed.status in ("damaged", "invalid"):
            try:
                self._keep_aside(raw)
            except OSError as exc:
                raise SettingsSaveError(
                    f"Agentic Desk will not replace the damaged settings file {self._path}: "
                    f"a copy of it could not be kept ({exc.strerror or exc}).",
                    f"Check that you can write to {self._path.parent}, or move the file away "
                    "yourself.",
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
