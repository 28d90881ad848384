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
from agentic_desk.core.budget import DEFAULT_CONTEXT, ContextChoice, KvGeometry, choose_context, gb
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import N_, format_int, t
from agentic_desk.core.models import hub

CACHE_FILE = "catalog-cache.json"
UNKNOWN_SIZE = N_("size unknown until online")  # translated where shown
COMFORTABLE_CONTEXT = 8_192  # a model that gets less than this here is "tight"


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
    # "embedding": for document libraries (core.library); "names": the privacy detector's
    # names model (core.privacy.entities); neither is for chat
    kind: str = "chat"


@dataclass(frozen=True)
class Fit:
    verdict: str  # "fits", "tight", "will not fit", "unknown"
    reason: str
    memory_needed: int | None = None
    memory_free: int | None = None
    disk_needed: int | None = None
    context: ContextChoice | None = None  # the context it would get here, and why


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


def geometry(variant: hub.RemoteVariant) -> KvGeometry | None:
    """The variant's KV geometry from its ``genai_config.json``: fp32 keys and values in the
    builder's CPU models (measured: 360 MB for SmolLM2 at 8k), fp16 in its GPU ones."""
    if not (variant.num_layers and variant.num_kv_heads and variant.head_size):
        return None
    return KvGeometry(
        layers=variant.num_layers,
        kv_heads=variant.num_kv_heads,
        head_size=variant.head_size,
        bytes_per_value=4 if variant.kind == "cpu" else 2,
        model_context=variant.context_length or DEFAULT_CONTEXT,
        vocab_size=variant.vocab_size or 0,
    )


def kv_cache_bytes(variant: hub.RemoteVariant, context_tokens: int) -> int | None:
    shape = geometry(variant)
    return None if shape is None else shape.kv_bytes(context_tokens)


def fit(variant: hub.RemoteVariant, machine: Machine, requested: int | None = None) -> Fit:
    """Will this variant run here, with what context? With the reason in words.

    The context is the one the engine would choose when loading it now
    (:func:`agentic_desk.core.budget.choose_context`, with the user's setting
    ``requested``): "fits" when it gets at least :data:`COMFORTABLE_CONTEXT` tokens (or
    the model's whole context, or the context the user set), "tight" when it loads with
    less, "will not fit" when even the shortest useful context does not fit."""
    if variant.kind == "embedding":  # small, runs in its own worker on the CPU
        return Fit(
            "fits",
            t("An embedding model for document libraries ({size}).", size=gb(variant.size)),
            None,
            None,
            variant.size,
        )
    if variant.kind == hub.NAMES_KIND:  # small, runs in a thread of the detector on the CPU
        return Fit(
            "fits",
            t(
                "A names model for the privacy detector ({size}): finds people's names, "
                "organisations and addresses.",
                size=gb(variant.size),
            ),
            None,
            None,
            variant.size,
        )
    shape = geometry(variant)
    if shape is None:
        return Fit("unknown", t("Memory need unknown: {size}.", size=t(UNKNOWN_SIZE)))
    disk = variant.size
    if variant.kind not in machine.usable_providers:
        label = {
            "cuda": t("an NVIDIA GPU with CUDA"),
            "dml": t("a DirectML GPU (Windows)"),
        }.get(variant.kind, variant.kind)
        return Fit(
            "will not fit",
            t("This variant needs {label}, which is not usable here.", label=label),
            None,
            None,
            disk,
        )
    if disk + 64 * 1024**2 > machine.disk_free:
        return Fit(
            "will not fit",
            t(
                "The download needs {size} of disk and only {free} is free where models are "
                "stored.",
                size=gb(disk),
                free=gb(machine.disk_free),
            ),
            None,
            None,
            disk,
        )
    on_gpu = variant.kind in ("cuda", "dml") and not machine.unified_memory
    free = machine.vram_free if on_gpu else machine.ram_available
    where = t("GPU memory") if on_gpu else t("memory (RAM)")
    choice = choose_context(shape, variant.weights_size, free, requested=requested)
    if free is None:
        return Fit(
            "unknown",
            t(
                "Needs about {need} for {tokens} tokens; the amount of free {where} is unknown.",
                need=gb(choice.need_bytes),
                tokens=format_int(choice.tokens),
                where=where,
            ),
            choice.need_bytes,
            None,
            disk,
            choice,
        )
    if not choice.fits:
        return Fit("will not fit", choice.reason, None, free, disk, choice)
    detail = t(
        "{tokens}-token conversations: about {need} ({weights} of weights, {cache} of cache, "
        "{runtime} for the runtime) of the {free} of {where} free now. {reason}",
        tokens=format_int(choice.tokens),
        need=gb(choice.need_bytes),
        weights=gb(variant.weights_size),
        cache=gb(choice.kv_bytes),
        runtime=gb(choice.overhead_bytes),
        free=gb(free),
        where=where,
        reason=choice.reason,
    )
    if choice.tokens >= min(
        COMFORTABLE_CONTEXT, shape.model_context, requested or shape.model_context
    ):
        return Fit("fits", t("Fits {detail}", detail=detail), choice.need_bytes, free, disk, choice)
    return Fit(
        "tight",
        t("Tight: only {detail} Close other apps for longer conversations.", detail=detail),
        choice.need_bytes,
        free,
        disk,
        choice,
    )


def recommend(
    views: list[CatalogView], machine: Machine, requested: int | None = None
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
            verdict = fit(variant, machine, requested)
            if verdict.verdict not in ("fits", "tight"):
                continue
            key = (
                0 if verdict.verdict == "fits" else 1,
                view.entry.rank,
                order.get(variant.kind, 9),
            )
            if best is None or key < best[0]:
                why = (
                    t(
                        "the best-ranked model that fits this machine, on {device}",
                        device=variant.kind.upper(),
                    )
                    if verdict.verdict == "fits"
                    else t(
                        "the best-ranked model that fits this machine tightly, on {device}",
                        device=variant.kind.upper(),
                    )
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
    return gb(size)
