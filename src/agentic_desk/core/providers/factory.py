"""The HTTP provider for a configured kind (``"openai"`` or ``"anthropic"``)."""

from __future__ import annotations

import httpx

from agentic_desk.core.providers.anthropic import AnthropicProvider
from agentic_desk.core.providers.config import PROVIDER_KINDS, ProviderConfig
from agentic_desk.core.providers.http import HTTPProvider
from agentic_desk.core.providers.openai_compat import OpenAICompatProvider
from agentic_desk.core.retry import Backoff, Waiter

__all__ = ["make_provider"]


def make_provider(
    config: ProviderConfig,
    api_key: str | None,
    *,
    client: httpx.Client | None = None,
    wait: Waiter | None = None,
    backoff: Backoff | None = None,
) -> HTTPProvider:
    """The provider for ``config.kind``. ``api_key`` may be ``None`` (local servers).
    ``client`` is used instead of the provider's own (which it then does not close);
    ``wait`` replaces the retry wait and ``backoff`` the retry policy (tests)."""
    if config.kind == "openai":
        return OpenAICompatProvider(config, api_key, client=client, wait=wait, backoff=backoff)
    if config.kind == "anthropic":
        return AnthropicProvider(config, api_key, client=client, wait=wait, backoff=backoff)
    raise ValueError(
        f"unknown provider kind {config.kind!r} (expected one of {', '.join(PROVIDER_KINDS)})"
    )
