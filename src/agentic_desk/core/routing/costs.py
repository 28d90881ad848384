"""Prices per model (a table the user can edit) and what has been spent (per day, month).

Prices are US dollars per million tokens, input and output. The shipped table is a
starting point, dated; ``prices.json`` in the data folder overrides it. Local replies
cost $0.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from agentic_desk.core.atomic import atomic_write_json

PRICES_DATE = "2026-11"
DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "claude-3-5-haiku-latest": (0.80, 4.00),
    "claude-3-5-sonnet-latest": (3.00, 15.00),
    "claude-sonnet-4-20250514": (3.00, 15.00),
    "claude-opus-4-20250514": (15.00, 75.00),
    "anthropic/claude-3.5-sonnet": (3.00, 15.00),
    "anthropic/claude-3-haiku": (0.25, 1.25),
    "openai/gpt-4o-mini": (0.15, 0.60),
    "mistral-large-latest": (2.00, 6.00),
    "mistral-small-latest": (0.20, 0.60),
    "llama-3.1-8b-instant": (0.05, 0.08),
}


@dataclass(frozen=True)
class Price:
    input_per_mtok: float
    output_per_mtok: float

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (
            prompt_tokens * self.input_per_mtok + completion_tokens * self.output_per_mtok
        ) / 1_000_000


class PriceTable:
    """Shipped prices, overridden by the user's ``prices.json`` ({"model": [in, out]})."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._prices = {k: Price(*v) for k, v in DEFAULT_PRICES.items()}
        if path is not None and path.is_file():
            data = json.loads(path.read_text("utf-8"))
            for model, pair in data.items():
                self._prices[model] = Price(float(pair[0]), float(pair[1]))

    def price(self, model: str) -> Price | None:
        if model in self._prices:
            return self._prices[model]
        short = model.rsplit("/", 1)[-1]
        return self._prices.get(short)

    def estimate(self, model: str, prompt_tokens: int, completion_tokens: int) -> float:
        """A cost estimate; a model with no price counts as $0 (and says so elsewhere)."""
        price = self.price(model)
        return price.cost(prompt_tokens, completion_tokens) if price else 0.0


class SpendLedger:
    """Money spent on cloud replies, per day, in ``spend.json`` (replaced atomically on
    each addition, so a crash never leaves half a ledger)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def _read(self) -> dict[str, float]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return {k: float(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def add(self, cost: float, day: date | None = None) -> None:
        if cost <= 0:
            return
        key = (day or date.today()).isoformat()
        with self._lock:
            data = self._read()
            data[key] = round(data.get(key, 0.0) + cost, 8)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_json(self.path, data, indent=1)

    def today(self, day: date | None = None) -> float:
        return self._read().get((day or date.today()).isoformat(), 0.0)

    def month(self, day: date | None = None) -> float:
        prefix = (day or date.today()).isoformat()[:7]
        return sum(v for k, v in self._read().items() if k.startswith(prefix))
