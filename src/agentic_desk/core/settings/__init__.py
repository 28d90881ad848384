"""The app's settings, split by reason to change:

* :mod:`.model`: the typed, versioned schema (:class:`Settings` and its sections);
* :mod:`.wording`: pydantic errors turned into sentences and
  :class:`~agentic_desk.core.validation.Problem` entries naming their field;
* :mod:`.changes`: changing settings by dotted name (:func:`apply_changes`);
* :mod:`.environment`: the ``ONNX_*`` / ``USE_ONNX`` variables that override settings
  for one run;
* :mod:`.describe`: the schema described for building a settings UI;
* :mod:`.store`: ``settings.json`` on disk (load, save, migrations, keeping a damaged
  file aside).

Everything public is re-exported here: ``from agentic_desk.core.settings import X``.
"""

from agentic_desk.core.settings.changes import apply_changes
from agentic_desk.core.settings.describe import FieldInfo, describe
from agentic_desk.core.settings.environment import (
    ENV_OVERRIDES,
    apply_env_overrides,
    read_env_overrides,
)
from agentic_desk.core.settings.errors import (
    EnvOverrideError,
    SettingsError,
    SettingsNewerError,
    SettingsSaveError,
    SettingsValueError,
)
from agentic_desk.core.settings.model import (
    CURRENT_SCHEMA_VERSION,
    PROVIDERS,
    ApiSettings,
    CloudSettings,
    EngineSettings,
    PrivacySettings,
    Provider,
    Settings,
    Theme,
    UiSettings,
    normalize_provider,
)
from agentic_desk.core.settings.store import MIGRATIONS, LoadResult, Migration, SettingsStore
from agentic_desk.core.settings.wording import explain_error, explain_validation_error

__all__ = [
    "CURRENT_SCHEMA_VERSION",
    "ENV_OVERRIDES",
    "MIGRATIONS",
    "PROVIDERS",
    "ApiSettings",
    "CloudSettings",
    "EngineSettings",
    "EnvOverrideError",
    "FieldInfo",
    "LoadResult",
    "Migration",
    "PrivacySettings",
    "Provider",
    "Settings",
    "SettingsError",
    "SettingsNewerError",
    "SettingsSaveError",
    "SettingsStore",
    "SettingsValueError",
    "Theme",
    "UiSettings",
    "apply_changes",
    "apply_env_overrides",
    "describe",
    "explain_error",
    "explain_validation_error",
    "normalize_provider",
    "read_env_overrides",
]
