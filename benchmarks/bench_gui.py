"""Desktop-window benchmarks (offscreen Qt, the real model, alternating runs, medians).

    python benchmarks/bench_gui.py [--runs 5] [--json]

* max GUI-thread stall (lateness of a 5 ms QTimer on the GUI thread) while a long reply
  streams into the window, and while a ~1,500-token prompt prefills;
* tokens/s as the text reaches the window (tokens / time from first to last text update)
  vs the engine alone in this process (onnxruntime-genai driven directly);
* launch to first painted window, with a model installed but not loaded (a fresh process
  each run);
* max GUI-thread stall while the model manager downloads a 256 MB model at full speed from a
  local server that speaks the Hub's protocol, and that download's speed vs the same download
  by the core alone (no window) in this process.

    python benchmarks/bench_gui.py --only download   # just the download part
    python benchmarks/bench_gui.py --only indexing --runs 1 [--size-mb 100]  # Documents
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT.parent / "shared/models/smollm2-135m-instruct-cpu-int4"

LAUNCH = r"""
import time, sys, os
t0 = float(sys.argv[1])
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import asyncio, qasync
from PySide6.QtCore import QObject, QEvent, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
loop = qasync.QEventLoop(app); asyncio.set_event_loop(loop)
from agentic_desk.ui.app import apply_theme, build_window
window, engine, theme = build_window(loop)
apply_theme(app, theme)
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(f"{time.time() - t0:.4f}", flush=True)
            os._exit(0)
        return False
f = Painted(); window.installEventFilter(f)
window.show()
with loop:
    loop.run_forever()
"""


class StallMeter:
    """A 5 ms QTimer on the GUI thread; records how late each tick is."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.worst = 0.0
        self._expected = 0.0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.worst = 0.0
        self._expected = time.perf_counter() + 0.005
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self._expected)
        self._expected = now + 0.005

    def stop(self) -> float:
        self.timer.stop()
        return self.worst * 1000


def window_runs(runs: int) -> dict[str, Any]:
    import qasync
    from PySide6.QtWidgets import QApplication

    from agentic_desk.core.bench import DECODE_PROMPT, FILLER, RawPath
    from agentic_desk.core.engine.protocol import GenerationParams
    from agentic_desk.ui.app import build_window

    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    window, engine, _theme = build_window(loop, model=str(MODEL))
    window.resize(1280, 800)
    window.show()
    raw = RawPath(MODEL)
    meter = StallMeter()
    results: dict[str, list[float]] = {
        "stream_stall_ms": [],
        "prefill_stall_ms": [],
        "window_tps": [],
        "engine_tps": [],
    }
    long_prompt = FILLER * 20

    def turn(text: str, tokens: int) -> tuple[float, list[float], Any]:
        arrivals: list[float] = []
        done: dict[str, Any] = {}

        def on_text(_mid: str, _text: str) -> None:
            arrivals.append(time.perf_counter())

        def on_done(_mid: str, result: Any) -> None:
            done["result"] = result
            loop.stop()

        window.controller.text_appended.connect(on_text)
        window.controller.reply_finished.connect(on_done)
        window.new_chat()
        make_spec = type(window.chat)._spec

        def spec() -> Any:  # the window's own path, with greedy settings for the benchmark
            turn_spec = make_spec(window.chat)
            turn_spec.params = GenerationParams(temperature=0.0, max_new_tokens=tokens)
            return turn_spec

        window.chat._spec = spec  # type: ignore[method-assign]
        window.input.setPlainText(text)
        meter.start()
        window.send_current()  # as a user does: the message appears, the reply streams
        loop.run_forever()
        stall = meter.stop()
        window.controller.text_appended.disconnect(on_text)
        window.controller.reply_finished.disconnect(on_done)
        return stall, arrivals, done["result"]

    turn("Hi", 4)  # loads the model (not measured)
    for _ in range(runs):
        tps, _n = raw.decode_tps(DECODE_PROMPT, 200)
        results["engine_tps"].append(tps)
        stall, arrivals, result = turn(DECODE_PROMPT, 200)
        results["stream_stall_ms"].append(stall)
        tokens = result.info.completion_tokens if result.info else 0
        if len(arrivals) > 1:
            results["window_tps"].append((tokens - 1) / (arrivals[-1] - arrivals[0]))
        stall, _arrivals, _result = turn(long_prompt, 8)
        results["prefill_stall_ms"].append(stall)
    window.close()
    engine.close()
    return {
        "max_stream_stall_ms": round(max(results["stream_stall_ms"]), 1),
        "max_prefill_stall_ms": round(max(results["prefill_stall_ms"]), 1),
        "window_tps": round(statistics.median(results["window_tps"]), 1),
        "engine_tps": round(statistics.median(results["engine_tps"]), 1),
        "window_engine_ratio": round(
            statistics.median(results["window_tps"]) / statistics.median(results["engine_tps"]), 3
        ),
        "samples": {k: [round(v, 1) for v in vs] for k, vs in results.items()},
    }


def launch_runs(runs: int) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="bench-gui-home-"))
    env = {**os.environ, "AGENTIC_DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "agentic_desk",
            "models",
            "import",
            str(MODEL),
            "--in-place",
            "--name",
            "smollm2",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", LAUNCH, repr(time.time())],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return {
        "launch_to_paint_s": round(statistics.median(times), 3),
        "launch_samples_s": [round(t, 3) for t in times],
    }


def settled_window(loop: Any, **build: Any) -> tuple[Any, Any]:
    """The real window at 1280x800, shown, once the Models panel has its hardware and
    catalog (what is measured next is not the window's start-up)."""
    from agentic_desk.ui.app import build_window

    window, engine, _theme = build_window(loop, **build)
    window.resize(1280, 800)
    panel = window.models_panel
    pending = {"hardware", "catalog"}

    def settled(name: str) -> None:
        pending.discard(name)
        if not pending:
            loop.stop()

    panel.hardware_ready.connect(lambda: settled("hardware"))
    panel.catalog_ready.connect(lambda: settled("catalog"))
    window.show()
    loop.run_forever()
    return window, engine


def download_runs(runs: int, size_mb: int = 256) -> dict[str, Any]:
    """The model manager panel downloading at full speed: how long the GUI thread stalls."""
    import qasync
    from PySide6.QtWidgets import QApplication

    sys.path.insert(0, str(ROOT / "tests"))
    import tiny_models as tm
    from agentic_desk.core.models.catalog import Catalog, CatalogEntry
    from agentic_desk.core.models.downloader import ModelDownloader, Status
    from agentic_desk.core.models.store import ModelStore
    from agentic_desk.core.paths import AppPaths
    from hub_server import HubServer

    work = Path(tempfile.mkdtemp(prefix="bench-gui-download-"))
    repo = work / "repo" / "cpu-int4"
    model = tm.build_scripted_model(work / "model")
    repo.mkdir(parents=True)
    for item in model.iterdir():
        (repo / item.name).write_bytes(item.read_bytes())
    with (repo / "weights.data").open("wb") as fh:
        for _ in range(size_mb):
            fh.write(os.urandom(1024 * 1024))
    repo_id = "bench/big-onnx"
    entry = CatalogEntry(repo_id, "Big", "bench", "MIT", 0.1, 2048, 1, "benchmark")
    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    meter = StallMeter()
    stalls: list[float] = []
    gui_mbps: list[float] = []
    core_mbps: list[float] = []
    with HubServer({repo_id: work / "repo"}) as hub:
        os.environ["HF_ENDPOINT"] = hub.endpoint
        for run in range(runs):
            # the core alone, no window
            store = ModelStore(work / f"core-{run}")
            store.ensure()
            started = time.perf_counter()
            with ModelDownloader(store) as downloader:
                job = downloader.download(repo_id, "cpu-int4")
                job.wait()
            core_mbps.append(size_mb / (time.perf_counter() - started))
            # the window's model manager, in a fresh data folder each run
            os.environ["AGENTIC_DESK_HOME"] = str(work / f"home-{run}")
            # measure the download, not the panel's start-up
            window, engine = settled_window(
                loop, catalog=Catalog.load(AppPaths.from_env().cache_dir, [entry])
            )
            panel = window.models_panel

            def changed(_job: str, status: str) -> None:
                if status in (Status.COMPLETED.value, Status.FAILED.value):
                    loop.stop()

            panel.download_changed.connect(changed)
            panel.tabs.setCurrentIndex(1)  # the live list on screen, repainting
            meter.start()
            started = time.perf_counter()
            panel.download(repo_id, "cpu-int4")
            loop.run_forever()
            gui_mbps.append(size_mb / (time.perf_counter() - started))
            stalls.append(meter.stop())
            window.close()
            engine.close()
    return {
        "download_max_stall_ms": round(max(stalls), 1),
        "download_stall_median_ms": round(statistics.median(stalls), 1),
        "download_gui_mb_s": round(statistics.median(gui_mbps), 1),
        "download_core_mb_s": round(statistics.median(core_mbps), 1),
        "download_gui_core_ratio": round(
            statistics.median(gui_mbps) / statistics.median(core_mbps), 3
        ),
        "download_samples": {
            "stall_ms": [round(v, 1) for v in stalls],
            "gui_mb_s": [round(v, 1) for v in gui_mbps],
            "core_mb_s": [round(v, 1) for v in core_mbps],
        },
    }


def indexing_runs(runs: int, size_mb: int = 100) -> dict[str, Any]:
    """Issue 17: the Documents page indexing ``size_mb`` of documents (Markdown files of
    about 100 KB, with headings, as a long report is) with the tests' tiny embedding model
    in its worker process: how long the GUI thread stalls, and the indexing speed."""
    import qasync
    from PySide6.QtWidgets import QApplication

    from agentic_desk.core.library.tiny_embedder import build_tiny_embedder

    work = Path(tempfile.mkdtemp(prefix="bench-gui-indexing-"))
    os.environ["AGENTIC_DESK_EMBEDDING_MODEL"] = str(build_tiny_embedder(work / "embedder"))
    folder = work / "documents"
    folder.mkdir()
    sentence = (
        "the tenant pays the deposit before the tenancy starts and the landlord repairs the "
        "boiler within two days of a report while the agent keeps the inventory up to date "
    )
    words = sentence.split(" ")[:-1]
    rng = random.Random(17)
    paragraph_bytes = 800
    for n in range(size_mb * 10):  # about 100 KB each
        parts = [f"# Report {n}\n"]
        size = 0
        section = 0
        while size < 100 * 1024:
            if size // 8000 >= section:
                section += 1
                parts.append(f"\n## Section {section}\n")
            text = " ".join(rng.choice(words) for _ in range(paragraph_bytes // 6))
            parts.append(text[:paragraph_bytes] + ".\n")
            size += len(parts[-1])
        (folder / f"report-{n:04}.md").write_text("\n".join(parts), encoding="utf-8")
    total_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1024**2
    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    meter = StallMeter()
    steady = StallMeter()  # from the first file indexed on (the worker process is up)
    stalls: list[float] = []
    steady_stalls: list[float] = []
    mb_s: list[float] = []
    for run in range(runs):
        os.environ["AGENTIC_DESK_HOME"] = str(work / f"home-{run}")
        window, engine = settled_window(loop)  # measure the indexing, not the start-up
        hub = window.library_hub
        window.show_documents()  # the page on screen, repainting its progress
        created = lambda _rows: loop.stop()  # noqa: E731
        hub.changed.connect(created)
        hub.create("Bench")
        loop.run_forever()
        hub.changed.disconnect(created)  # only this: the page and the picker keep theirs
        hub.idle.connect(loop.stop)

        def first_file(_name: str, event: Any) -> None:
            if event.stage == "indexed" and not steady.timer.isActive():
                steady.start()

        hub.progress.connect(first_file)
        meter.start()
        started = time.perf_counter()
        hub.add("Bench", [folder])
        loop.run_forever()
        mb_s.append(total_mb / (time.perf_counter() - started))
        stalls.append(meter.stop())
        steady_stalls.append(steady.stop())
        window.close()
        engine.close()
    return {
        "indexing_mb": round(total_mb, 1),
        "indexing_steady_max_stall_ms": round(max(steady_stalls), 1),
        "indexing_max_stall_ms": round(max(stalls), 1),
        "indexing_stall_median_ms": round(statistics.median(stalls), 1),
        "indexing_mb_s": round(statistics.median(mb_s), 2),
        "indexing_samples": {
            "stall_ms": [round(v, 1) for v in stalls],
            "steady_stall_ms": [round(v, 1) for v in steady_stalls],
            "mb_s": [round(v, 2) for v in mb_s],
        },
        "target": "max stall <= 50 ms",
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", choices=["download", "indexing"], default=None)
    parser.add_argument("--size-mb", type=int, default=100, help="indexing: MB of documents")
    args = parser.parse_args()
    if args.only == "indexing":
        measured = indexing_runs(args.runs, args.size_mb)
        print(json.dumps(measured, indent=None if args.json else 1), flush=True)
        os._exit(0)
    if args.only == "download":
        print(json.dumps(download_runs(args.runs), indent=None if args.json else 1), flush=True)
        os._exit(0)  # skip interpreter teardown of the qasync loop's Qt objects
    # never touch the user's own conversations: a throw-away data folder
    os.environ["AGENTIC_DESK_HOME"] = tempfile.mkdtemp(prefix="bench-gui-window-")
    result = {
        **launch_runs(args.runs),
        **window_runs(args.runs),
        "targets": {
            "stalls": "<= 50 ms",
            "window_engine_ratio": ">= 0.97",
            "launch_to_paint_s": "<= 1.5",
        },
    }
    print(json.dumps(result, indent=None if args.json else 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
