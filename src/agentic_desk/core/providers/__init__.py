"""Chat over HTTP: cloud APIs (OpenAI, OpenRouter, Anthropic...) and local servers
(Ollama, LM Studio...). See :mod:`.base` for the shared API."""

from agentic_desk.core.providers.base import (
    ERROR_KINDS,
    PROVIDER_KINDS,
    ChatProvider,
    CloudStream,
    Finished,
    ProviderConfig,
    ProviderError,
    StreamEvent,
    TextDelta,
    Usage,
    make_provider,
)

__all__ = [
    "ERROR_KINDS",
    "PROVIDER_KINDS",
    "ChatProvider",
    "CloudStream",
    "Finished",
    "ProviderConfig",
    "ProviderError",
    "StreamEvent",
    "TextDelta",
    "Usage",
    "make_provider",
]
