"""Settings errors in user words: a pydantic error becomes a
:class:`~agentic_desk.core.validation.Problem` (the dotted setting and a sentence such as
``must be between 0 and 2 (got 5)``), read from the field's own bounds, choices and
type, so the wording follows the schema.
"""

from __future__ import annotations

import enum
import json
from typing import Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo as PydanticFieldInfo
from pydantic_core import ErrorDetails

from agentic_desk.core.i18n import t
from agentic_desk.core.settings.model import Settings
from agentic_desk.core.validation import Problem


def show(value: object) -> str:
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


def bounds(info: PydanticFieldInfo) -> tuple[object, object, bool]:
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


def range_text(info: PydanticFieldInfo | None) -> str:
    """``"between 0 and 2"``, ``"greater than 0 and at most 1"``, ... or ``""``."""
    if info is None:
        return ""
    lower, upper, exclusive = bounds(info)
    if lower is not None and upper is not None:
        if exclusive:
            return t(
                "greater than {lower} and at most {upper}",
                lower=_num(lower),
                upper=_num(upper),
            )
        return t(
            "between {lower} and {upper}",
            lower=_num(lower),
            upper=_num(upper),
        )
    if lower is not None:
        return (
            t(
                "greater than {lower}",
                lower=_num(lower),
            )
            if exclusive
            else t(
                "at least {lower}",
                lower=_num(lower),
            )
        )
    if upper is not None:
        return t(
            "at most {upper}",
            upper=_num(upper),
        )
    return ""


def _is_optional(info: PydanticFieldInfo | None) -> bool:
    return info is not None and type(None) in get_args(info.annotation)


def choices(annotation: object) -> tuple[str, ...]:
    """The allowed strings of a Literal or a string enum anywhere inside ``annotation``."""
    if get_origin(annotation) is Literal:
        return tuple(str(a) for a in get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return tuple(str(member.value) for member in annotation)
    for arg in get_args(annotation):
        found = choices(arg)
        if found:
            return found
    return ()


def _kind_text(info: PydanticFieldInfo | None, kind: str) -> str:
    """``"a whole number between 1 and 32768"``, ``"a number between 0 and 2, or null"``."""
    allowed = range_text(info)
    text = (
        t(
            "{kind} {allowed}",
            kind=kind,
            allowed=allowed,
        )
        if allowed
        else kind
    )
    return (
        t(
            "{text}, or null",
            text=text,
        )
        if _is_optional(info)
        else text
    )


def sub_model(info: PydanticFieldInfo | None) -> type[BaseModel] | None:
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
        model = sub_model(info)
    return ".".join(names), info, index


_BOUND_ERRORS = frozenset({"greater_than", "greater_than_equal", "less_than", "less_than_equal"})


def _error_text(err: ErrorDetails, info: PydanticFieldInfo | None, in_entry: bool) -> str:
    kind = err["type"]
    ctx = err.get("ctx", {})
    whole = None if in_entry else info  # an entry's own type has no bounds or null
    if kind in _BOUND_ERRORS:
        return t(
            "must be {range_text}",
            range_text=range_text(info) or t("in range"),
        )
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return t(
            "must be {kind_text}",
            kind_text=_kind_text(whole, t("a whole number")),
        )
    if kind in ("float_parsing", "float_type", "finite_number"):
        return t(
            "must be {kind_text}",
            kind_text=_kind_text(whole, t("a number")),
        )
    if kind in ("bool_parsing", "bool_type"):
        return t(
            "must be {kind_text}",
            kind_text=_kind_text(whole, t("true or false")),
        )
    if kind == "string_type":
        return t(
            "must be {kind_text}",
            kind_text=_kind_text(whole, t("text")),
        )
    if kind == "string_too_short":
        if _is_optional(info):
            return t("must not be empty; use null for the default")
        return t("must not be empty")
    if kind == "list_type":
        return t("must be a list")
    if kind == "too_long":
        return t(
            "must have at most {max_length} entries",
            max_length=ctx.get("max_length"),
        )
    if kind == "too_short":
        return t(
            "must have at least {min_length} entries",
            min_length=ctx.get("min_length"),
        )
    if kind in ("literal_error", "enum"):
        names = choices(info.annotation) if info is not None else ()
        return (
            t(
                "must be one of: {names}",
                names=", ".join(names),
            )
            if names
            else t(
                "must be {expected}",
                expected=ctx["expected"],
            )
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return t("must be a group of settings (a JSON object)")
    if kind == "extra_forbidden":
        return t("is not a known setting")
    if kind == "missing":
        return t("is required")
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    return err["msg"]


def problem_of(err: ErrorDetails) -> Problem:
    """One pydantic error as a :class:`Problem`: field ``engine.temperature``, message
    ``must be between 0 and 2 (got 5)``; field ``engine.stop``, message ``entry 2 must
    be text (got 5)``."""
    name, info, index = _locate(err["loc"])
    text = _error_text(err, info, in_entry=index is not None)
    if index is not None:
        text = t(
            "entry {index} {text}",
            index=index + 1,
            text=text,
        )
    if err["type"] not in ("extra_forbidden", "missing") and name not in SECRET_VALUES:
        text = t(
            "{text} (got {input})",
            text=text,
            input=show(err["input"]),
        )
    return Problem(name, text)


#: Settings whose values are never repeated in a message (the user's sensitive terms).
SECRET_VALUES = frozenset({"privacy.sensitive_terms"})


def problems_of(exc: ValidationError) -> list[Problem]:
    """Every error of ``exc`` as a :class:`Problem` (see :func:`problem_of`)."""
    return [problem_of(err) for err in exc.errors(include_url=False)]


def sentence(problem: Problem) -> str:
    """A problem as the settings say it: ``engine.temperature: must be between 0 and 2
    (got 5)`` (``settings: ...`` for the whole file)."""
    return f"{problem.field or 'settings'}: {problem.message}"


def explain_error(err: ErrorDetails) -> str:
    """One pydantic error in user words (see :func:`sentence`)."""
    return sentence(problem_of(err))


def explain_validation_error(exc: ValidationError) -> list[str]:
    """Every error of ``exc`` in user words (see :func:`explain_error`)."""
    return [sentence(problem) for problem in problems_of(exc)]


def unknown_setting(dotted: str) -> Problem:
    return Problem(dotted, t("is not a known setting"))


def is_setting(dotted: str) -> bool:
    """True if ``dotted`` names one setting (not a group, not unknown)."""
    *parents, last = dotted.split(".")
    model: type[BaseModel] = Settings
    for part in parents:
        sub = sub_model(model.model_fields.get(part))
        if sub is None:
            return False
        model = sub
    info = model.model_fields.get(last)
    return info is not None and sub_model(info) is None


__all__ = [
    "bounds",
    "choices",
    "explain_error",
    "explain_validation_error",
    "is_setting",
    "problem_of",
    "problems_of",
    "range_text",
    "sentence",
    "show",
    "sub_model",
    "unknown_setting",
]
