"""What a configured chat provider is: its name, wire protocol, address and model.

The API key is not part of it: it is handed to the provider on its own (see
:func:`agentic_desk.core.providers.factory.make_provider`) and never stored here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from agentic_desk.core.i18n import t

__all__ = ["PROVIDER_KINDS", "ProviderConfig"]

PROVIDER_KINDS = ("openai", "anthropic")
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})

_DISPLAY_NAMES = {
    "openai": "OpenAI",
    "openrouter": "OpenRouter",
    "anthropic": "Anthropic",
    "ollama": "Ollama",
    "lmstudio": "LM Studio",
    "lm-studio": "LM Studio",
    "llamacpp": "llama.cpp",
    "llama.cpp": "llama.cpp",
    "vllm": "vLLM",
    "groq": "Groq",
    "mistral": "Mistral",
    "deepseek": "DeepSeek",
    "together": "Together AI",
    "fireworks": "Fireworks AI",
    "xai": "xAI",
    "gemini": "Gemini",
}


@dataclass(frozen=True)
class ProviderConfig:
    """One configured provider. The API key is not part of it (see ``make_provider``)."""

    name: str  # the user's name for it, e.g. "openrouter"
    kind: str  # "openai" (any OpenAI-compatible server) or "anthropic"
    base_url: str  # e.g. "https://openrouter.ai/api/v1", "http://localhost:11434/v1"
    model: str
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)  # extra headers
    timeout_s: float = 60.0  # connect and read timeout
    max_retries: int = 2  # for 429/5xx/connection errors before any text arrived

    @property
    def display_name(self) -> str:
        """How messages name the provider: "OpenRouter" for "openrouter", else the name."""
        name = self.name.strip()
        return _DISPLAY_NAMES.get(name.lower(), name or t("The provider"))

    @property
    def is_local(self) -> bool:
        """True when the server runs on this computer (e.g. Ollama, LM Studio)."""
        return (urlsplit(self.base_url).hostname or "").lower() in _LOCAL_HOSTS
