"""The Installed list's refresh with and without the folder cache (core/engine/folder.py,
FolderCache), in one run.

    python benchmarks/bench_installed_refresh.py [--models 8] [--repeats 5] [--with FOLDER ...]

Builds ``--models`` tiny models (core/engine/tiny.py), imports them into a temporary store
(and each ``--with`` folder in place, e.g. a real model), then times the model manager's
``contexts`` (what the Installed tab asks on each refresh): every folder read again (as
before the cache) against a refresh with unchanged folders. Prints the medians and their
ratio as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from agentic_desk.core.engine import tiny
from agentic_desk.core.engine.folder import FolderCache
from agentic_desk.core.models.manager import ModelManager
from agentic_desk.core.models.store import ModelStore
from agentic_desk.core.settings import SettingsStore


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--models", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--with", dest="extra", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = ModelStore(root / "models")
        store.ensure()
        built = tiny.build_scripted_model(root / "built" / "tiny")
        for n in range(args.models):
            store.import_folder(built, name=f"tiny-{n}")
        for folder in args.extra:
            store.import_folder(folder, in_place=True)
        manager = ModelManager(store, SettingsStore(root / "settings.json"), root / "cache")
        models = manager.installed()

        def timed(fresh: bool) -> float:
            if fresh:
                manager._folders = FolderCache()  # every folder read again, as before
            started = time.perf_counter()
            contexts = manager.contexts(models)
            elapsed = time.perf_counter() - started
            assert all(c is not None for c in contexts.values()), contexts
            return elapsed

        uncached, cached = [], []
        for _ in range(args.repeats):
            uncached.append(timed(True))
            cached.append(timed(False))
        manager.close()
    before, after = statistics.median(uncached), statistics.median(cached)
    print(
        json.dumps(
            {
                "installed_models": len(models),
                "refresh_ms_reading_every_folder": round(1000 * before, 2),
                "refresh_ms_unchanged_folders": round(1000 * after, 2),
                "ratio": round(before / after, 1),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
