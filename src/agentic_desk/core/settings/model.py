"""The settings schema: a typed, versioned pydantic model of everything the user can
configure. Every field has a default, bounds and a description (see
:mod:`~agentic_desk.core.settings.describe`). The reply settings (``engine.max_new_tokens``
... ``engine.stop``) take their limits and defaults from :mod:`agentic_desk.core.generation`,
the privacy level its choices from :mod:`agentic_desk.core.privacy.levels`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agentic_desk.core import generation as gen
from agentic_desk.core.i18n import N_, t
from agentic_desk.core.privacy.levels import Privacy
from agentic_desk.core.privacy.terms import MAX_TERM_LENGTH, MAX_TERMS

CURRENT_SCHEMA_VERSION = 1

Provider = Literal["auto", "cuda", "dml", "cpu"]
PROVIDERS: tuple[str, ...] = get_args(Provider)
Theme = Literal["system", "light", "dark", "high_contrast"]
Language = Literal["system", "en", "de"]

_PROVIDER_ALIASES = {"directml": "dml"}
_EP_SUFFIX = "executionprovider"  # onnxruntime's own names: CUDAExecutionProvider, ...


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
        description=N_(
            "The model to load at start: a model folder or a model-store id. "
            "Empty: no default model."
        ),
    )
    execution_providers: list[Provider] = Field(
        default_factory=_default_providers,
        max_length=len(PROVIDERS),
        description=N_(
            "Where the model runs, in order of preference: cuda (NVIDIA GPU), dml "
            "(DirectML GPU, Windows), cpu; or auto (best available) on its own."
        ),
    )
    # The reply settings: limits and defaults from core.generation (one definition).
    max_new_tokens: Annotated[int, gen.MAX_NEW_TOKENS.interval()] = Field(
        default=gen.DEFAULTS.max_new_tokens,
        description=N_("Longest reply, in tokens."),
    )
    temperature: Annotated[float, gen.TEMPERATURE.interval()] = Field(
        default=gen.DEFAULTS.temperature,
        description=N_(
            "Randomness of replies: 0 always picks the likeliest word; higher is more varied."
        ),
    )
    top_p: Annotated[float, gen.TOP_P.interval()] = Field(
        default=gen.DEFAULTS.top_p,
        description=N_(
            "Nucleus sampling: pick only from the likeliest words that together "
            "make up this share of the probability."
        ),
    )
    top_k: Annotated[int, gen.TOP_K.interval()] = Field(
        default=gen.DEFAULTS.top_k,
        description=N_("Pick only from this many likeliest words; 0 turns the limit off."),
    )
    repetition_penalty: Annotated[float, gen.REPETITION_PENALTY.interval()] = Field(
        default=gen.DEFAULTS.repetition_penalty,
        description=N_(
            "Above 1 discourages repeating words already in the conversation; 1 is off."
        ),
    )
    seed: Annotated[int | None, gen.SEED.interval()] = Field(
        default=gen.DEFAULTS.seed,
        description=N_("Random seed for reproducible replies; empty: a new seed each time."),
    )
    stop: list[str] = Field(
        default_factory=lambda: list(gen.DEFAULTS.stop),
        max_length=gen.MAX_STOP_TEXTS,
        description=N_("Texts that end a reply when the model writes them."),
    )
    max_context_tokens: int | None = Field(
        default=None,
        ge=128,
        le=1_048_576,
        description=N_(
            "Longest conversation the model sees, in tokens; empty: chosen from the "
            "memory free when the model loads (16,384 where it fits, the model's own limit if "
            "shorter; it grows when a conversation needs more and memory allows). The cache for "
            "the whole length is reserved at load."
        ),
    )
    prefill_chunk_tokens: int = Field(
        default=256,
        ge=16,
        le=4096,
        description=N_(
            "The prompt is read in chunks of this many tokens, so a long prompt can "
            "be cancelled quickly."
        ),
    )
    idle_unload_minutes: int = Field(
        default=15,
        ge=0,
        le=1440,
        description=N_("Unload the model to free memory after this many idle minutes; 0: never."),
    )
    use_onnx: bool = Field(
        default=False,
        description=N_("Send every request to the local ONNX engine (agentic-flow's USE_ONNX)."),
    )
    cpu_int8_compute: bool = Field(
        default=False,
        description=N_(
            "On the processor, compute with 8-bit instead of 4-bit weights: long prompts are "
            "read several times faster. It costs about 60% more memory and disk than the "
            "model's weights (about 1.2 GB more for a 4B model), a conversion of a few minutes "
            "the first time the model loads, and answers may differ slightly from the 4-bit "
            "model's."
        ),
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
            raise ValueError(
                t("must name at least one of {providers}", providers=", ".join(PROVIDERS))
            )
        if "auto" in value and len(value) > 1:
            raise ValueError(t('"auto" must be used on its own'))
        for name in value:
            if value.count(name) > 1:
                raise ValueError(t('lists "{name}" more than once', name=name))
        return value

    @field_validator("stop")
    @classmethod
    def _check_stop(cls, value: list[str]) -> list[str]:
        if any(not text for text in value):
            raise ValueError(t("entries must not be empty"))
        return value


class UiSettings(BaseModel):
    """How the window looks."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    theme: Theme = Field(
        default="system",
        description=N_(
            "Colour theme: follow the system (its high-contrast setting, else light or "
            "dark), or always light, dark or high contrast."
        ),
    )
    language: Language = Field(
        default="system",
        description=N_(
            "Language of the window: follow the system's language (English when it has "
            "no translation), or always English (en) or German (de). Needs a restart."
        ),
    )


class ChatSettings(BaseModel):
    """How new conversations start."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    default_system_prompt: str | None = Field(
        default=None,
        max_length=20_000,
        description=N_(
            "Instructions the model gets at the start of every new conversation "
            "that has none of its own (a template's system prompt replaces it); empty: none."
        ),
    )

    @field_validator("default_system_prompt")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value if value and value.strip() else None


class CloudSettings(BaseModel):
    """Whether anything may leave this computer. Off unless the user turns it on."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    enabled: bool = Field(
        default=False,
        description=N_(
            "Master switch for cloud providers. Off: every message stays on this "
            "computer, whatever the routing rules say."
        ),
    )
    api_clients_may_use_cloud: bool = Field(
        default=False,
        description=N_(
            "Let programs using the local API server reach cloud providers too "
            "(a separate opt-in; off: they get the local model only)."
        ),
    )
    api_clients_pseudonymise: bool = Field(
        default=False,
        description=N_(
            "Requests of programs using the local API server go to the cloud with "
            "personal details replaced by placeholders, restored in the reply (needs the "
            "setting above; local only never leaves)."
        ),
    )


class PrivacySettings(BaseModel):
    """The sensitive-data detector, default privacy level and how long the Trash keeps
    deleted conversations."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    detector_enabled: bool = Field(
        default=True,
        description=N_(
            "Look for sensitive data (cards, IDs, keys...) before routing; a hit keeps "
            "the message on this computer."
        ),
    )
    sensitive_terms: list[str] = Field(
        default_factory=list,
        max_length=MAX_TERMS,
        description=N_(
            "Words and names that are always sensitive (a client's name, a "
            "project's code name): found whatever their case, as whole words, they keep a "
            "message on this computer. Never written to a log."
        ),
    )
    names_model: bool = Field(
        default=True,
        description=N_(
            "Also look for people's names, addresses and organisations with the "
            "names model, when one is installed (Models); without it, rules find them."
        ),
    )
    names_model_path: str = Field(
        default="built-in",
        max_length=4096,
        description=N_(
            "Which names model: 'built-in' (the small one that comes with the app) or the "
            "folder of a names model downloaded in Models ('Use for names'). One that cannot "
            "be used gives way to the built-in one, and the privacy explanation says why."
        ),
    )
    default_level: Privacy = Field(
        default=Privacy.NORMAL,
        description=N_(
            "Privacy level of new conversations: low, normal, high or local_only "
            "(high and local_only never leave this computer)."
        ),
    )
    trash_days: int = Field(
        default=30,
        ge=0,
        le=3650,
        description=N_(
            "Deleted conversations stay in the Trash (restorable) this many days, "
            "then are erased for good; 0: the Trash is emptied when the app closes."
        ),
    )
    encrypt_conversations: bool = Field(
        default=False,
        description=N_(
            "Keep the conversation database encrypted on disk (SQLCipher), with its "
            "key in the OS keyring. Changed with `agentic-desk conversations encrypt on|off`, "
            "which converts the file."
        ),
    )
    app_lock: bool = Field(
        default=False,
        description=N_(
            "Keep the conversation database key in the OS keyring only encrypted "
            "with a passphrase, asked for at start (needs encrypt_conversations). Changed with "
            "`agentic-desk conversations lock on|off`."
        ),
    )
    lock_after_minutes: int = Field(
        default=0,
        ge=0,
        le=1440,
        description=N_(
            "With the app lock on, lock the window after this many minutes without "
            "input; 0: ask only at start."
        ),
    )

    @field_validator("sensitive_terms")
    @classmethod
    def _check_terms(cls, value: list[str]) -> list[str]:
        cleaned = [" ".join(term.split()) for term in value]
        for number, term in enumerate(cleaned, 1):
            # The message names the entry's position, never the term itself.
            if not term:
                raise ValueError(f"entry {number} is empty")
            if len(term) > MAX_TERM_LENGTH:
                raise ValueError(f"entry {number} is longer than {MAX_TERM_LENGTH} characters")
        return cleaned


_ORIGIN = re.compile(r"^(https?)://([a-z0-9.-]+|\[[0-9a-f:]+\])(:[0-9]{1,5})?$")


class ApiSettings(BaseModel):
    """The local OpenAI-compatible API server. Off unless the user turns it on."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    enabled: bool = Field(
        default=False,
        description=N_(
            "Run the local API server, so other programs on this computer can use "
            "the local model (they need the access token)."
        ),
    )
    port: int = Field(default=8765, ge=1, le=65535, description=N_("The port the API server uses."))
    allow_lan: bool = Field(
        default=False,
        description=N_(
            "Also accept connections from other computers on your network. Warning: "
            "anyone on the network who has the token can then use your model; off: this "
            "computer only."
        ),
    )
    allowed_origins: list[str] = Field(
        default_factory=list,
        max_length=32,
        description=N_(
            "Web pages allowed to call the API from a browser, as origins like "
            "http://localhost:3000 (no wildcards); empty: no web page may."
        ),
    )
    max_queue: int = Field(
        default=16,
        ge=1,
        le=1024,
        description=N_("Requests that may wait for the local model; more get 'busy, retry later'."),
    )
    max_tokens_limit: Annotated[int, gen.MAX_NEW_TOKENS.interval()] = Field(
        default=4096,
        description=N_("Longest reply an API client may ask for, in tokens."),
    )
    max_body_bytes: int = Field(
        default=1_048_576,
        ge=1024,
        le=67_108_864,
        description=N_("Largest request an API client may send, in bytes."),
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
                    t(
                        '"{origin}" is not an origin like http://localhost:3000 (scheme, host '
                        "and port only; no wildcards or paths)",
                        origin=origin,
                    )
                )
        return value


class Settings(BaseModel):
    """Everything the user can configure. Saved as ``settings.json``."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    schema_version: int = Field(
        default=CURRENT_SCHEMA_VERSION,
        description=N_("Version of this file's layout; Agentic Desk upgrades older files."),
    )
    engine: EngineSettings = Field(
        default_factory=EngineSettings, description=N_("The local inference engine.")
    )
    ui: UiSettings = Field(default_factory=UiSettings, description=N_("Appearance."))
    chat: ChatSettings = Field(
        default_factory=ChatSettings, description=N_("New conversations and templates.")
    )
    cloud: CloudSettings = Field(
        default_factory=CloudSettings, description=N_("Cloud providers (opt-in).")
    )
    privacy: PrivacySettings = Field(
        default_factory=PrivacySettings, description=N_("Privacy protections.")
    )
    api: ApiSettings = Field(
        default_factory=ApiSettings, description=N_("The local API server (off by default).")
    )
    models_dir: str | None = Field(
        default=None,
        min_length=1,
        description=N_(
            "Folder where models are stored; empty: the models folder inside the app's data folder."
        ),
    )

    @field_validator("schema_version")
    @classmethod
    def _check_version(cls, value: int) -> int:
        if value != CURRENT_SCHEMA_VERSION:
            raise ValueError(
                t("must be {current_schema_version}", current_schema_version=CURRENT_SCHEMA_VERSION)
            )
        return value


__all__ = [
    "CURRENT_SCHEMA_VERSION",
    "PROVIDERS",
    "ApiSettings",
    "ChatSettings",
    "CloudSettings",
    "EngineSettings",
    "PrivacySettings",
    "Provider",
    "Settings",
    "Theme",
    "UiSettings",
    "normalize_provider",
]
