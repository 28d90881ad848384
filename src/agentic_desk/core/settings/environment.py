"""Environment variables that override settings for one run (agentic-flow's names:
``USE_ONNX``, ``ONNX_MODEL_PATH``, ``ONNX_EXECUTION_PROVIDERS``, ``ONNX_MAX_TOKENS``,
``ONNX_TEMPERATURE``). They are never written back to the file. A bad value is an error
(:class:`EnvOverrideError`), not silently ignored; an empty variable counts as unset.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import ValidationError

from agentic_desk.core.i18n import t
from agentic_desk.core.settings.errors import EnvOverrideError
from agentic_desk.core.settings.model import PROVIDERS, EngineSettings, Settings
from agentic_desk.core.settings.wording import range_text, show
from agentic_desk.core.validation import Problem

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
        return t("one of true, false, 1, 0, yes, no")
    if var == "ONNX_EXECUTION_PROVIDERS":
        return t(
            'a comma-separated list of {providers} (for example "cuda,cpu"), with "auto" '
            "only on its own",
            providers=", ".join(PROVIDERS),
        )
    if var == "ONNX_MAX_TOKENS":
        return t("a whole number {range_text}", range_text=range_text(info))
    if var == "ONNX_TEMPERATURE":
        return t("a number {range_text}", range_text=range_text(info))
    return t("a model folder or a model-store id")


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
    :class:`EnvOverrideError` naming every bad variable and its allowed values, with a
    problem per overridden setting (``strict=False`` skips bad values instead)."""
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
        reasons = [
            t(
                "{var} is {raw}, but it must be {env_allowed}.",
                var=var,
                raw=show(raw),
                env_allowed=_env_allowed(var),
            )
            for var, raw in bad
        ]
        raise EnvOverrideError(
            " ".join(reasons),
            t(
                "Fix or unset {join_names}, then start Agentic Desk again.",
                join_names=_join_names([var for var, _ in bad]),
            ),
            [
                Problem(ENV_OVERRIDES[var], reason)
                for (var, _raw), reason in zip(bad, reasons, strict=True)
            ],
        )
    return found


def with_overrides(settings: Settings, values: Mapping[str, tuple[str, object]]) -> Settings:
    """A copy of ``settings`` with ``values`` (from :func:`read_env_overrides`) applied."""
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
    return with_overrides(settings, values), {d: var for d, (var, _v) in values.items()}


__all__ = ["ENV_OVERRIDES", "apply_env_overrides", "read_env_overrides", "with_overrides"]
