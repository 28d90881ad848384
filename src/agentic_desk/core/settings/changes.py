"""Changing settings by dotted name (``{"engine.temperature": 0.2}``), checked by the
schema: every refused value is a :class:`~agentic_desk.core.validation.Problem` naming
its setting."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from agentic_desk.core.i18n import t
from agentic_desk.core.settings.errors import SettingsValueError
from agentic_desk.core.settings.model import Settings
from agentic_desk.core.settings.wording import is_setting, problems_of, sentence, unknown_setting
from agentic_desk.core.validation import Problem


def _refuse(problems: list[Problem], hint: str) -> SettingsValueError:
    return SettingsValueError("; ".join(sentence(p) for p in problems), hint, problems)


def apply_changes(settings: Settings, changes: Mapping[str, object]) -> Settings:
    """A copy of ``settings`` with ``changes`` (dotted names -> values) applied, e.g.
    ``{"engine.temperature": 0.2}``. Raises :class:`SettingsValueError` naming every
    unknown or invalid field (``problems``: one per field); ``settings`` itself is never
    changed."""
    unknown = [unknown_setting(dotted) for dotted in changes if not is_setting(dotted)]
    if unknown:
        raise _refuse(unknown, t("Nothing was changed."))
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
        raise _refuse(
            problems_of(exc), t("Nothing was changed; choose an allowed value.")
        ) from None


__all__ = ["apply_changes"]
