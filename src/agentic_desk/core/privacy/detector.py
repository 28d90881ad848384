"""The sensitive-data detector's public interface, kept under its original name for the
modules that import it (``from agentic_desk.core.privacy.detector import detect,
describe``).

The code lives in :mod:`agentic_desk.core.privacy.scanning` (detect, describe, findings,
overlaps), :mod:`agentic_desk.core.privacy.checksums` (check digits) and
:mod:`agentic_desk.core.privacy.recognisers` (one module per kind of data).
"""

from __future__ import annotations

from agentic_desk.core.privacy.scanning import (
    CATEGORIES,
    CATEGORY_LABELS,
    DetectorOptions,
    Finding,
    describe,
    detect,
)

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "DetectorOptions",
    "Finding",
    "describe",
    "detect",
]
