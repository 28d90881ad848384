"""The model manager as one object: hardware, catalog with fit, downloads, installed models and
the default model. The desktop panel and the CLI sit on top of it; nothing here knows Qt.

Every method may block (disk, the Hub, hardware probes): callers with a UI run them on a worker
thread. Download progress arrives on the downloader's threads through ``add_listener``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from agentic_desk.core.budget import (
    PREFILL_CHUNK,
    ContextChoice,
    available_memory,
    choose_context,
)
from agentic_desk.core.engine import lastlogits
from agentic_desk.core.engine.folder import FolderCache, check_model_folder
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.models import catalog as cat
from agentic_desk.core.models import hub
from agentic_desk.core.models.downloader import (
    DownloadJob,
    DownloadOptions,
    Listener,
    ModelDownloader,
)
from agentic_desk.core.models.store import NOT_FOR_CHAT, InstalledModel, ModelStore, VerifyResult
from agentic_desk.core.settings import SettingsStore


@dataclass(frozen=True)
class CatalogState:
    """What the catalog looks like for this machine right now."""

    views: list[cat.CatalogView]
    machine: cat.Machine
    recommendation: cat.Recommendation | None
    problems: list[str]  # entries the last refresh could not reach, in words
    requested_context: int | None  # the user's context setting (None: chosen from memory)

    @property
    def offline(self) -> bool:
        """Nothing is known about any entry, and the last attempt to ask the Hub failed."""
        return bool(self.problems) and all(v.snapshot is None for v in self.views)

    def fit(self, variant: hub.RemoteVariant) -> cat.Fit:
        return cat.fit(variant, self.machine, self.requested_context)


def machine_from_report(report: Any) -> cat.Machine:
    vram = [g.vram_free_bytes or g.vram_total_bytes for g in report.gpus]
    known = [v for v in vram if v]
    return cat.Machine(
        ram_available=report.memory.available_bytes,
        disk_free=report.disk.free_bytes,
        usable_providers=tuple(report.providers.usable),
        vram_free=max(known) if known else None,
        unified_memory=any(g.vendor == "Apple" for g in report.gpus),
    )


def installed_context(
    model: InstalledModel,
    requested: int | None,
    available: int | None = None,
    *,
    prefill_chunk: int = PREFILL_CHUNK,
    folders: FolderCache | None = None,
) -> ContextChoice | None:
    """The context ``model`` would get if loaded now (the engine's own decision, see
    :func:`agentic_desk.core.budget.choose_context`, counting the logits of the graph the
    engine will run: :func:`agentic_desk.core.engine.lastlogits.plan`); None when its folder
    cannot be read (the model manager shows that problem on its own). ``folders`` remembers
    the folders already read (the Installed list refreshes often)."""
    try:
        info = folders.check(model.path) if folders is not None else check_model_folder(model.path)
    except AgenticDeskError:
        return None
    graph = lastlogits.plan(info.path, info.decoder_file, info.graph_shape)
    free = available if available is not None else available_memory()
    return choose_context(
        info.kv,
        info.weights_bytes,
        free,
        requested=requested,
        prefill_chunk=prefill_chunk,
        last_logits=graph.pruned,
        last_logits_note=graph.note,
    )


class ModelManager:
    def __init__(
        self,
        store: ModelStore,
        settings_store: SettingsStore,
        cache_dir: Path,
        *,
        catalog: cat.Catalog | None = None,
        options: DownloadOptions | None = None,
        fetch: Callable[[str], hub.RepoSnapshot] = hub.fetch_snapshot,
        requested_context: int | Literal["settings"] | None = "settings",
    ) -> None:
        self.store = store
        self.settings_store = settings_store
        self.catalog = catalog or cat.Catalog.load(cache_dir)
        self.fetch = fetch
        self._requested_context = requested_context
        self.downloader = ModelDownloader(store, options=options)
        self._report: Any = None
        self._lock = threading.Lock()
        self._folders = FolderCache()  # installed folders as last read (see contexts)

    def close(self) -> None:
        """Pause running downloads (kept for resume on the next start)."""
        self.downloader.close()

    def add_listener(self, listener: Listener) -> None:
        self.downloader.add_listener(listener)

    # ---- hardware ------------------------------------------------------------------------

    def hardware(self, *, refresh: bool = False) -> Any:
        """The hardware report (probed once, again on ``refresh``)."""
        from agentic_desk.core.hardware import detect_hardware

        with self._lock:
            if self._report is None or refresh:
                self._report = detect_hardware(self.store.root)
            return self._report

    # ---- catalog -------------------------------------------------------------------------

    def catalog_state(self, *, refresh: bool = False) -> CatalogState:
        """Catalog entries with what the Hub last said about them; ``refresh`` asks again."""
        if refresh:
            self.catalog.refresh(self.fetch)
        views = self.catalog.views()
        problems = [f"{v.entry.name}: {v.error}" for v in views if v.error]
        machine = machine_from_report(self.hardware(refresh=refresh))
        requested = self.requested_context()
        best = cat.recommend(views, machine, requested)
        return CatalogState(views, machine, best, problems, requested)

    def contexts(self, models: list[InstalledModel]) -> dict[str, ContextChoice | None]:
        """The context each model would get if loaded now, by model id (each folder is
        read once, and again only when one of its files changes: :class:`FolderCache`)."""
        requested, free, chunk = self.requested_context(), available_memory(), self._chunk()
        return {
            model.id: installed_context(
                model, requested, free, prefill_chunk=chunk, folders=self._folders
            )
            for model in models
        }

    def _chunk(self) -> int:
        """The prompt chunk the engine will use (``engine.prefill_chunk_tokens``)."""
        try:
            return self.settings_store.load().settings.engine.prefill_chunk_tokens
        except Exception:  # a damaged settings file is reported where it is opened
            return PREFILL_CHUNK

    def requested_context(self) -> int | None:
        """The user's context setting (``engine.max_context_tokens``; None: automatic)."""
        if self._requested_context == "settings":
            try:
                return self.settings_store.load().settings.engine.max_context_tokens
            except Exception:  # a damaged settings file is reported where it is opened
                return None
        return self._requested_context

    def needs_first_refresh(self) -> bool:
        """Nothing was ever fetched: the first run asks the Hub once for sizes and variants."""
        return all(v.snapshot is None and not v.error for v in self.catalog.views())

    # ---- downloads -----------------------------------------------------------------------

    def download(self, repo_id: str, variant: str) -> DownloadJob:
        """Queue a download (asks the Hub for the repo's files first)."""
        snapshot = next(
            (v.snapshot for v in self.catalog.views() if v.entry.repo_id == repo_id), None
        )
        fresh = self.fetch(repo_id) if snapshot is None else snapshot
        return self.downloader.download(repo_id, variant, fresh)

    def resume_unfinished(self) -> list[DownloadJob]:
        """Downloads an earlier run left unfinished, resumed where they stopped."""
        jobs = []
        for job_id in self.downloader.pending():
            try:
                jobs.append(self.downloader.resume(job_id))
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a damaged staging state: the user can start that model afresh
        return jobs

    # ---- installed models ----------------------------------------------------------------

    def installed(self) -> list[InstalledModel]:
        return self.store.installed()

    def default_model(self) -> str | None:
        """The model the chat uses: the setting, else the only/first installed model."""
        chosen = self.settings_store.load().settings.engine.model_path
        if chosen:
            return chosen
        models = [m for m in self.store.installed() if m.kind not in NOT_FOR_CHAT]
        return models[0].id if models else None

    def set_default(self, model_id: str) -> None:
        self.settings_store.update({"engine.model_path": model_id})

    def names_model(self) -> str:
        """The names model the privacy detector is set to use (issue 18): a folder, or
        "built-in"."""
        return self.settings_store.load().settings.privacy.names_model_path

    def verify(self, model_id: str) -> VerifyResult:
        return self.store.verify(model_id)

    def remove(self, model_id: str) -> None:
        self.store.remove(model_id)
        if self.settings_store.load().file_settings.engine.model_path == model_id:
            self.settings_store.update({"engine.model_path": None})

    def import_folder(self, folder: Path) -> InstalledModel:
        return self.store.import_folder(folder)


__all__ = ["CatalogState", "ModelManager", "machine_from_report"]
