"""The app's wiring, shared by the CLI, the GUI and the API server: where things live, the
one place that builds the local engine and picks and loads the default model, how a
ChatService is put together from settings, routing config, keys, prices and spend, and who
hears about a settings change (observers, no Qt)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agentic_desk.core.i18n import t
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.routing import config as rc
from agentic_desk.core.routing.costs import PriceTable, SpendLedger
from agentic_desk.core.settings import Settings, SettingsStore

if TYPE_CHECKING:
    from agentic_desk.core.applock import AppLock
    from agentic_desk.core.audit import AuditLog
    from agentic_desk.core.conversations import ConversationStore
    from agentic_desk.core.conversations.encryption import ConversionJob
    from agentic_desk.core.engine.client import LocalEngine
    from agentic_desk.core.engine.protocol import Loaded
    from agentic_desk.core.models.store import ModelStore

SettingsObserver = Callable[[Settings], None]


@dataclass
class AppContext:
    """Everything a face of the app (window, CLI, API server) shares: the data folder, the
    settings and their store, and what is built from them."""

    paths: AppPaths
    settings_store: SettingsStore
    settings: Settings
    problems: list[str] = field(default_factory=list)  # reported while loading settings
    _observers: list[SettingsObserver] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._configure_detector(self.settings)

    @classmethod
    def load(cls, paths: AppPaths | None = None) -> AppContext:
        """The context for ``paths`` (default: the data folder from the environment), with
        the settings read from their file (``problems`` says what was wrong with it)."""
        paths = paths or AppPaths.from_env()
        store = SettingsStore(paths.settings_file)
        loaded = store.load()
        return cls(paths, store, loaded.settings, list(loaded.problems))

    # ---- settings observers ----------------------------------------------------------------

    def subscribe(self, observer: SettingsObserver) -> Callable[[], None]:
        """Call ``observer(settings)`` after every :meth:`apply_settings`; returns the
        function that unsubscribes it."""
        self._observers.append(observer)

        def unsubscribe() -> None:
            if observer in self._observers:
                self._observers.remove(observer)

        return unsubscribe

    def apply_settings(self, settings: Settings) -> None:
        """Make ``settings`` the ones in force (already saved by the caller) and tell every
        observer, in the order they subscribed."""
        self.settings = settings
        self._configure_detector(settings)
        for observer in list(self._observers):
            observer(settings)

    def _configure_detector(self, settings: Settings) -> None:
        """The detector of this process gets the user's sensitive terms and, when one is
        installed and wanted, the names model (loaded on first use, in its own thread)."""
        from agentic_desk.core.privacy import entities
        from agentic_desk.core.privacy.scanning import configure
        from agentic_desk.core.privacy.terms import TermList

        finder = (
            entities.configured_finder(self.models_folder, settings.privacy.names_model_path)
            if settings.privacy.names_model
            else None
        )
        configure(terms=TermList(settings.privacy.sensitive_terms), entities=finder)

    # ---- models and the engine ---------------------------------------------------------

    @property
    def models_folder(self) -> Path:
        return self.paths.models_folder(self.settings.models_dir)

    def model_store(self) -> ModelStore:
        """The model store in the models folder the settings name (created if missing)."""
        from agentic_desk.core.models.store import ModelStore

        store = ModelStore(self.models_folder)
        store.ensure()
        return store

    def make_engine(self, store: ModelStore | None = None) -> LocalEngine:
        """The local engine with the user's engine settings. Nothing is loaded yet; the
        caller closes it (it is a context manager)."""
        from agentic_desk.core.engine.client import LocalEngine

        engine = self.settings.engine
        store = store if store is not None else self.model_store()
        return LocalEngine(
            idle_unload_minutes=engine.idle_unload_minutes,
            prefill_chunk_tokens=engine.prefill_chunk_tokens,
            store=store,
            gpu_memory=lambda: gpu_free_memory(store.root),
            cpu_int8=engine.cpu_int8_compute,
            cache_dir=self.paths.cache_dir,
        )

    def default_model(
        self, requested: str | None = None, store: ModelStore | None = None
    ) -> str | None:
        """The model to load: ``requested`` (a command-line flag), else ``engine.model_path``
        (settings or ``ONNX_MODEL_PATH``), else the first installed model (only when a
        ``store`` is given: the window offers its installed models, the CLI does not guess)."""
        chosen = requested or self.settings.engine.model_path
        if chosen:
            return str(chosen)
        if store is not None:
            # an embedding model (document libraries) or a names model cannot chat
            from agentic_desk.core.models.store import NOT_FOR_CHAT

            chat = (m for m in store.installed() if m.kind not in NOT_FOR_CHAT)
            return next((model.id for model in chat), None)
        return None

    def load_model(
        self,
        engine: LocalEngine,
        model: str,
        providers: Sequence[str] | None = None,
    ) -> Loaded:
        """Load ``model`` (a folder or a store id) with the user's execution providers (or
        ``providers``) and context limit. Raises the engine's typed errors."""
        engine_settings = self.settings.engine
        chosen = list(providers) if providers else list(engine_settings.execution_providers)
        return engine.load(model, chosen, engine_settings.max_context_tokens)

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

    def audit_log(self) -> AuditLog:
        """The record of what left this computer (``cloud-sends.jsonl`` in the data folder)."""
        from agentic_desk.core.audit import AuditLog

        return AuditLog.in_folder(self.paths.root)

    def secrets(self) -> Any:
        from agentic_desk.core.secrets import SecretStore

        return SecretStore()

    def conversation_store(self, secrets: Any = None, key: str | None = None) -> ConversationStore:
        """The conversation store, encrypted when the file is (or, for a new one, when
        ``privacy.encrypt_conversations`` is on) with the key from the OS keyring.
        A missing or wrong key, or no keyring, is an :class:`AgenticDeskError` saying
        what to do (see :mod:`agentic_desk.core.conversations.encryption`). With the app
        lock on (``privacy.app_lock``) ``key`` is the key :meth:`app_lock` unwrapped, and
        without it :class:`~agentic_desk.core.applock.LockedError` is raised."""
        from agentic_desk.core.conversations.encryption import open_store

        if key is None and self.settings.privacy.app_lock:
            from agentic_desk.core.applock import locked

            raise locked()
        return open_store(
            self.paths.conversations_db,
            encrypt=self.settings.privacy.encrypt_conversations,
            secrets=secrets if secrets is not None else self.secrets(),
            key=key,
        )

    def app_lock(self, secrets: Any = None) -> AppLock:
        """The app lock over the keyring (``secrets``: a SecretStore, default the app's)."""
        from agentic_desk.core.applock import AppLock

        return AppLock(secrets if secrets is not None else self.secrets())

    def set_app_lock(self, on: bool) -> None:
        """Save ``privacy.app_lock`` (in the file and in :attr:`settings`)."""
        self.settings_store.update({"privacy.app_lock": on})
        updated = self.settings.model_copy(deep=True)
        updated.privacy.app_lock = on
        self.settings = updated

    def conversation_encryption_job(
        self, encrypt: bool, secrets: Any = None, **seams: Any
    ) -> ConversionJob:
        """The job that encrypts (or decrypts) the conversation database and then saves
        ``privacy.encrypt_conversations`` (in the file and in :attr:`settings`; observers
        are not called from the job's thread: the window reloads its settings after).
        Run it with the store closed, or wrap it in ``LiveConversionJob``."""
        from agentic_desk.core.conversations.encryption import ConversionJob

        if self.settings.privacy.app_lock:
            from agentic_desk.core.applock import AppLockError

            raise AppLockError(
                t("The app lock is on: the conversations cannot be converted while it is."),
                t(
                    "Turn the app lock off first (agentic-desk conversations lock off), then try "
                    "again. Nothing was changed.",
                ),
            )

        def commit(encrypted: bool) -> None:
            if self.settings.privacy.encrypt_conversations == encrypted:
                return
            self.settings_store.update({"privacy.encrypt_conversations": encrypted})
            updated = self.settings.model_copy(deep=True)
            updated.privacy.encrypt_conversations = encrypted
            self.settings = updated

        return ConversionJob(
            self.paths.conversations_db,
            encrypt=encrypt,
            secrets=secrets if secrets is not None else self.secrets(),
            commit_setting=commit,
            **seams,
        )

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

    def chat_service(
        self, engine: Any, *, assume_local_model: bool = False, follow_settings: bool = False
    ) -> Any:
        """A ChatService over ``engine`` with the current settings and routing config.
        ``follow_settings``: it takes later :meth:`apply_settings` changes (cloud switch,
        detector, API clients' cloud use) at once, for a long-lived window."""
        from agentic_desk.core.chat import ChatService

        service = ChatService(
            engine=engine,
            router_config=self.router(),
            cloud_enabled=self.settings.cloud.enabled,
            keys=self.key_lookup(),
            prices=self.prices(),
            ledger=self.ledger(),
            detector_enabled=self.settings.privacy.detector_enabled,
            assume_local_model=assume_local_model,
            api_clients_may_use_cloud=self.settings.cloud.api_clients_may_use_cloud,
            audit=self.audit_log(),
        )
        if follow_settings:

            def follow(new: Settings) -> None:
                service.cloud_enabled = new.cloud.enabled
                service.detector_enabled = new.privacy.detector_enabled
                service.api_clients_may_use_cloud = new.cloud.api_clients_may_use_cloud

            self.subscribe(follow)
        return service


def gpu_free_memory(models_dir: Path) -> int | None:
    """The best GPU's free (else total) memory from the hardware probe; None without one.
    Asked only when a GPU build of a model is loaded."""
    from agentic_desk.core.hardware import detect_hardware

    report = detect_hardware(models_dir)
    known = [g.vram_free_bytes or g.vram_total_bytes for g in report.gpus]
    sizes = [v for v in known if v]
    return max(sizes) if sizes else None
