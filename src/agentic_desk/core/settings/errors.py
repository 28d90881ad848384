"""The settings' errors. Those about values carry :class:`~agentic_desk.core.validation.Problem`
entries (``problems``), each naming its dotted field."""

from __future__ import annotations

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.validation import InvalidValuesError


class SettingsError(AgenticDeskError):
    """Base of the settings errors."""


class EnvOverrideError(SettingsError, InvalidValuesError):
    """An environment variable that overrides a setting holds a value that is not allowed.
    Each problem's field is the setting the variable overrides."""


class SettingsValueError(SettingsError, InvalidValuesError):
    """A requested change to the settings is not valid; nothing was changed. Each problem
    names the dotted setting it is about."""


class SettingsNewerError(SettingsError):
    """The settings file comes from a newer version of the app; it is not overwritten."""


class SettingsSaveError(SettingsError):
    """The settings could not be written."""


__all__ = [
    "EnvOverrideError",
    "SettingsError",
    "SettingsNewerError",
    "SettingsSaveError",
    "SettingsValueError",
]
