"""The app's wiring, shared by the CLI, the GUI and the API server: where things live and
how a ChatService is put together from settings, routing config, keys, prices and spend."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentic_desk.core.paths import AppPaths
from agentic_desk.core.routing import config as rc
from agentic_desk.core.routing.costs import PriceTable, SpendLedger
from agentic_desk.core.settings import Settings, SettingsStore


@dataclass
class AppContext:
    paths: AppPaths
    settings_store: SettingsStore
    settings: Settings

    @property
    def router_path(self) -> Path:
        return self.paths.root / "router.config.json"

    def router(self) -> rc.RouterConfig:
        return rc.load_config(self.router_path)

    def save_router(self, config: rc.RouterConfig) -> None:
        rc.save_config(self.router_path, config)

    def prices(self) -> PriceTable:
        return PriceTable(self.paths.root / "prices.json")

    def ledger(self) -> SpendLedger:
        return SpendLedger(self.paths.root / "spend.json")

    def secrets(self) -> Any:
        from agentic_desk.core.secrets import SecretStore

        return SecretStore()

    def key_lookup(self) -> Any:
        """(provider, env var) -> key or None. A missing keyring backend makes keyring keys
        unavailable (never a plaintext fallback); environment variables still work."""
        from agentic_desk.core import secrets as sec

        store: list[sec.SecretStore] = []

        def lookup(provider: str, env_var: str | None) -> str | None:
            try:
                if not store:
                    store.append(sec.SecretStore())
                return store[0].resolve(provider, env_var)
            except sec.KeyringUnavailable:
                name = env_var or sec.env_var_for(provider)
                value = os.environ.get(name, "").strip() if name else ""
                return value or None

        return lookup

    def chat_service(self, engine: Any, *, assume_local_model: bool = False) -> Any:
        from agentic_desk.core.chat import ChatService

        return ChatService(
            engine=engine,
            router_config=self.router(),
            cloud_enabled=self.settings.cloud.enabled,
            keys=self.key_lookup(),
            prices=self.prices(),
            ledger=self.ledger(),
            detector_enabled=self.settings.privacy.detector_enabled,
            assume_local_model=assume_local_model,
            api_clients_may_use_cloud=self.settings.cloud.api_clients_may_use_cloud,
        )
