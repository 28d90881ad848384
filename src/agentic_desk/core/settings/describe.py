"""The schema described for building a settings UI from it: one :class:`FieldInfo` per
setting, with its type, default, bounds, choices and overriding environment variable."""

from __future__ import annotations

import copy
import enum
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from agentic_desk.core.settings.environment import ENV_OVERRIDES
from agentic_desk.core.settings.model import Settings
from agentic_desk.core.settings.wording import bounds, choices, sub_model


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
    if isinstance(annotation, type) and issubclass(annotation, enum.StrEnum):
        return "str"
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation)


def _json_default(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    return copy.deepcopy(value)


def _describe_model(model: type[BaseModel], prefix: str) -> list[FieldInfo]:
    env_by_field = {dotted: var for var, dotted in ENV_OVERRIDES.items()}
    out: list[FieldInfo] = []
    for name, info in model.model_fields.items():
        dotted = f"{prefix}{name}"
        annotation = info.annotation
        sub = sub_model(info)
        if sub is not None:
            out.extend(_describe_model(sub, f"{dotted}."))
            continue
        if dotted == "schema_version":
            continue
        lower, upper, exclusive = bounds(info)
        default = info.get_default(call_default_factory=True)
        out.append(
            FieldInfo(
                name=dotted,
                type=_type_name(annotation),
                default=_json_default(default),
                description=info.description or "",
                minimum=float(lower) if isinstance(lower, int | float) else None,
                maximum=float(upper) if isinstance(upper, int | float) else None,
                minimum_exclusive=exclusive,
                choices=choices(annotation),
                env_var=env_by_field.get(dotted),
            )
        )
    return out


def describe() -> list[FieldInfo]:
    """Every user-facing setting (not ``schema_version``), in schema order."""
    return _describe_model(Settings, "")


__all__ = ["FieldInfo", "describe"]
