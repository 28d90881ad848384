"""Reply settings: the one list of generation fields, their limits and defaults, and the
one way to build a :class:`GenerationParams` from the settings and to change some of it.

* :data:`FIELDS` are the fields of :class:`GenerationParams` (``max_new_tokens``,
  ``temperature``, ``top_p``, ``top_k``, ``repetition_penalty``, ``seed``, ``stop``); the
  settings keep them as ``engine.<field>``.
* :data:`LIMITS` are what each numeric field allows. The settings model, routing rules
  (``action.temperature`` / ``action.maxTokens``), the local API server and the CLI all
  check against these; nothing else writes a limit down.
* :func:`params_from_settings` turns ``engine.*`` settings into a :class:`GenerationParams`;
  :func:`with_overrides` is the only way a rule, a CLI option or an API request changes
  some of its fields (each new value checked against its limit).

The defaults are :class:`GenerationParams`' own (the settings use them as theirs).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from agentic_desk.core.engine.protocol import GenerationParams
from agentic_desk.core.i18n import t
from agentic_desk.core.validation import InvalidValuesError, Limit, Problem

if TYPE_CHECKING:
    from agentic_desk.core.settings.model import EngineSettings

MAX_NEW_TOKENS = Limit(1, 32768, whole=True)
TEMPERATURE = Limit(0.0, 2.0)
TOP_P = Limit(0.0, 1.0, minimum_exclusive=True)
TOP_K = Limit(0, 1000, whole=True)
REPETITION_PENALTY = Limit(0.5, 2.0)
SEED_MAX = 2_147_483_647
SEED = Limit(0, SEED_MAX, whole=True)
MAX_STOP_TEXTS = 16

LIMITS: Mapping[str, Limit] = {
    "max_new_tokens": MAX_NEW_TOKENS,
    "temperature": TEMPERATURE,
    "top_p": TOP_P,
    "top_k": TOP_K,
    "repetition_penalty": REPETITION_PENALTY,
    "seed": SEED,
}
"""Field -> what it allows (``stop``: at most :data:`MAX_STOP_TEXTS` non-empty texts)."""

FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(GenerationParams))
"""Every generation field, in :class:`GenerationParams` order."""

DEFAULTS = GenerationParams()


class InvalidGenerationParams(InvalidValuesError):
    """A reply setting outside its limit; ``problems`` names each field."""


def check(field: str, value: object) -> str | None:
    """Why ``value`` is not allowed for ``field`` (``"must be a number between 0 and 2
    (got 5)"``), or None when it is. ``seed`` may also be None."""
    if field not in FIELDS:
        return t("is not a reply setting")
    if field == "stop":
        texts = [value] if isinstance(value, str) else value
        if not isinstance(texts, list | tuple) or not all(isinstance(t, str) and t for t in texts):
            return t("must be a list of non-empty texts")
        if len(texts) > MAX_STOP_TEXTS:
            return t("must have at most {max_stop_texts} entries", max_stop_texts=MAX_STOP_TEXTS)
        return None
    if field == "seed" and value is None:
        return None
    return LIMITS[field].refusal(value)


def params_from_settings(engine: EngineSettings) -> GenerationParams:
    """The reply settings the user chose (settings ``engine.*``)."""
    values: dict[str, Any] = {name: getattr(engine, name) for name in FIELDS}
    values["stop"] = tuple(values["stop"])
    return GenerationParams(**values)


def with_overrides(
    params: GenerationParams,
    *,
    max_new_tokens: int | None = None,
    temperature: float | None = None,
    top_p: float | None = None,
    top_k: int | None = None,
    repetition_penalty: float | None = None,
    seed: int | None = None,
    stop: Sequence[str] | None = None,
) -> GenerationParams:
    """``params`` with the given fields replaced; ``None`` keeps a field as it is. Raises
    :class:`InvalidGenerationParams` (nothing changed) when a new value is outside its
    limit."""
    given: dict[str, Any] = {
        "max_new_tokens": max_new_tokens,
        "temperature": temperature,
        "top_p": top_p,
        "top_k": top_k,
        "repetition_penalty": repetition_penalty,
        "seed": seed,
        "stop": stop,
    }
    changes = {name: value for name, value in given.items() if value is not None}
    problems = [
        Problem(name, reason)
        for name, value in changes.items()
        if (reason := check(name, list(value) if name == "stop" else value)) is not None
    ]
    if problems:
        raise InvalidGenerationParams(
            t(
                "These reply settings are not allowed: {value}.",
                value="; ".join(f"{p.field.replace('_', ' ')} {p.message}" for p in problems),
            ),
            t("Nothing was sent; use values within the limits."),
            problems,
        )
    if "stop" in changes:
        changes["stop"] = tuple(changes["stop"])
    for name in ("temperature", "top_p", "repetition_penalty"):
        if name in changes:
            changes[name] = float(changes[name])
    return dataclasses.replace(params, **changes) if changes else params


def params_as_dict(params: GenerationParams) -> dict[str, Any]:
    """The reply settings as JSON values (``stop`` as a list), e.g. to remember them."""
    data = dataclasses.asdict(params)
    data["stop"] = list(params.stop)
    return data


__all__ = [
    "DEFAULTS",
    "FIELDS",
    "LIMITS",
    "MAX_NEW_TOKENS",
    "MAX_STOP_TEXTS",
    "REPETITION_PENALTY",
    "SEED",
    "SEED_MAX",
    "TEMPERATURE",
    "TOP_K",
    "TOP_P",
    "GenerationParams",
    "InvalidGenerationParams",
    "check",
    "params_as_dict",
    "params_from_settings",
    "with_overrides",
]
