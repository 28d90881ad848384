"""The curated catalog, what the Hub says about each entry, and whether it fits here.

What never changes (repo ids, names, licences, context lengths) ships with the app
in ``catalog.json``. Variant folders, file sizes and hashes are fetched from the
Hub and cached; offline, the last fetched state is shown, and an entry never
fetched says "size unknown until online" rather than a made-up number.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from agentic_desk.core.atomic import atomic_write_json
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.models import hub

CACHE_FILE = "catalog-cache.json"
UNKNOWN_SIZE = "size unknown until online"
RUNTIME_OVERHEAD = 300 * 1024 * 1024  # onnxruntime, tokenizer, buffers (measured ~250 MB)
TIGHT_SHARE = 0.8  # more than this share of what is free is "tight"


@dataclass(frozen=True)
class CatalogEntry:
    repo_id: str
    name: str
    family: str
    licence: str
    parameters_b: float
    context_length: int
    rank: int
    description: str


@dataclass(frozen=True)
class Fit:
    verdict: str  # "fits", "tight", "will not fit", "unknown"
    reason: str
    memory_needed: int | None = None
    memory_free: int | None = None
    disk_needed: int | None = None


@dataclass(frozen=True)
class Machine:
    """What the fit verdict needs to know of the machine (from the hardware report)."""

    ram_available: int
    disk_free: int
    usable_providers: tuple[str, ...]  # e.g. ("cuda", "cpu")
    vram_free: int | None = None  # the best GPU's free (or total) memory
    unified_memory: bool = False  # Apple silicon: the GPU uses system RAM


@dataclass
class CatalogView:
    entry: CatalogEntry
    snapshot: hub.RepoSnapshot | None
    error: str | None = None  # why the last refresh failed, if it did

    @property
    def sizes_known(self) -> bool:
        return self.snapshot is not None


@dataclass
class Recommendation:
    entry: CatalogEntry
    variant: hub.RemoteVariant
    fit: Fit
    why: str


@dataclass
class Catalog:
    """The shipped catalog plus the Hub metadata cached under ``cache_dir``."""

    cache_dir: Path
    entries: list[CatalogEntry] = field(default_factory=list)

    @classmethod
    def load(cls, cache_dir: Path, entries: list[CatalogEntry] | None = None) -> Catalog:
        return cls(cache_dir, entries if entries is not None else shipped_entries())

    def _cache(self) -> dict[str, Any]:
        try:
            data = json.loads((self.cache_dir / CACHE_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def views(self) -> list[CatalogView]:
        cache = self._cache()
        out = []
        for entry in self.entries:
            cached = cache.get(entry.repo_id, {})
            snap = cached.get("snapshot")
            out.append(
                CatalogView(
                    entry,
                    hub.RepoSnapshot.from_json(snap) if snap else None,
                    cached.get("error"),
                )
            )
        return out

    def refresh(self, fetch: Callable[[str], hub.RepoSnapshot] = hub.fetch_snapshot) -> list[str]:
        """Ask the Hub about every entry; keep the last good state of those that fail.
        Returns the problems, one line per entry that could not be refreshed."""
        cache = self._cache()
        problems = []
        for entry in self.entries:
            slot = cache.setdefault(entry.repo_id, {})
            try:
                slot["snapshot"] = fetch(entry.repo_id).to_json()
                slot["error"] = None
            except AgenticDeskError as exc:
                slot["error"] = exc.message
                problems.append(f"{entry.name}: {exc.message}")
        self.cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write_json(self.cache_dir / CACHE_FILE, cache, indent=None)
        return problems


def shipped_entries() -> list[CatalogEntry]:
    text = resources.files("agentic_desk.core.models").joinpath("catalog.json").read_text("utf-8")
    return [CatalogEntry(**item) for item in json.loads(text)["models"]]


# ---- fit ----------------------------------------------------------------------------------


def kv_cache_bytes(variant: hub.RemoteVariant, context_tokens: int) -> int | None:
    """Keys and values for every layer at the given context: fp32 on CPU (what the
    onnxruntime-genai builder's CPU models use; measured: 377 MB for SmolLM2 at 8k),
    fp16 on GPUs."""
    if not (variant.num_layers and variant.num_kv_heads and variant.head_size):
        return None
    element = 4 if variant.kind == "cpu" else 2
    return (
        2 * variant.num_layers * variant.num_kv_heads * variant.head_size * context_tokens * element
    )


def _gb(nbytes: int) -> str:
    return f"{nbytes / 1024**3:.1f} GB"


def fit(variant: hub.RemoteVariant, machine: Machine, context_tokens: int) -> Fit:
    """Will this variant run here at this context length? With the reason in words."""
    context = min(context_tokens, variant.context_length or context_tokens)
    kv = kv_cache_bytes(variant, context)
    if kv is None:
        return Fit("unknown", f"Memory need unknown: {UNKNOWN_SIZE}.")
    need = variant.weights_size + kv + RUNTIME_OVERHEAD
    disk = variant.size
    if variant.kind not in machine.usable_providers:
        label = {"cuda": "an NVIDIA GPU with CUDA", "dml": "a DirectML GPU (Windows)"}.get(
            variant.kind, variant.kind
        )
        return Fit(
            "will not fit",
            f"This variant needs {label}, which is not usable here.",
            need,
            None,
            disk,
        )
    if disk + 64 * 1024**2 > machine.disk_free:
        return Fit(
            "will not fit",
            f"The download needs {_gb(disk)} of disk and only "
            f"{_gb(machine.disk_free)} is free where models are stored.",
            need,
            None,
            disk,
        )
    on_gpu = variant.kind in ("cuda", "dml") and not machine.unified_memory
    free = machine.vram_free if on_gpu else machine.ram_available
    where = "GPU memory" if on_gpu else "free memory (RAM)"
    if free is None:
        return Fit(
            "unknown",
            f"Needs about {_gb(need)}; the amount of {where} is unknown.",
            need,
            None,
            disk,
        )
    detail = (
        f"about {_gb(need)} ({_gb(variant.weights_size)} of weights + {_gb(kv)} of cache "
        f"for {context:,} tokens) against {_gb(free)} of {where}"
    )
    if need <= free * TIGHT_SHARE:
        return Fit("fits", f"Needs {detail}.", need, free, disk)
    if need <= free:
        return Fit(
            "tight", f"Needs {detail}: close other apps or use a shorter context.", need, free, disk
        )
    return Fit("will not fit", f"Needs {detail}.", need, free, disk)


def recommend(
    views: list[CatalogView], machine: Machine, context_tokens: int = 4096
) -> Recommendation | None:
    """The best-ranked model whose best variant for this machine fits (GPU first)."""
    order = {"cuda": 0, "dml": 1, "cpu": 2}
    best: tuple[tuple[int, int, int], Recommendation] | None = None
    for view in views:
        if view.snapshot is None:
            continue
        for variant in view.snapshot.variants:
            if variant.kind not in machine.usable_providers:
                continue
            verdict = fit(variant, machine, context_tokens)
            if verdict.verdict not in ("fits", "tight"):
                continue
            key = (
                0 if verdict.verdict == "fits" else 1,
                view.entry.rank,
                order.get(variant.kind, 9),
            )
            if best is None or key < best[0]:
                why = (
                    f"the best-ranked model that {verdict.verdict} this machine, on "
                    f"{variant.kind.upper()}"
                )
                best = (key, Recommendation(view.entry, variant, verdict, why))
    return best[1] if best else None


def size_text(view: CatalogView, variant: hub.RemoteVariant | None = None) -> str:
    if view.snapshot is None:
        return UNKNOWN_SIZE
    size = (
        variant.size
        if variant is not None
        else min((v.size for v in view.snapshot.variants), default=0)
    )
    return _gb(size)
