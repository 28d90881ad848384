"""``agentic-desk models ...`` and ``agentic-desk hw``: the model manager, headless."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from agentic_desk.core.budget import available_memory
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.jobs import Job, JobCancelled
from agentic_desk.core.models import catalog as cat
from agentic_desk.core.models.downloader import (
    DownloadOptions,
    DownloadPaused,
    ModelDownloader,
    Progress,
    Status,
)
from agentic_desk.core.models.manager import installed_context
from agentic_desk.core.models.store import InstalledModel, ModelStore, verification
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import Settings

if TYPE_CHECKING:
    from agentic_desk.core.models.convert import ConvertProgress


TEST_CONVERT_HOLD_ENV = "AGENTIC_DESK_TEST_CONVERT_HOLD"  # e.g. "build" (with test hooks on)
TEST_MOVE_HOLD_ENV = "AGENTIC_DESK_TEST_MOVE_HOLD"  # "copying": hold mid-copy until cancelled

T = TypeVar("T")


def run_job(
    job: Job[T, Any],
    on_ctrl_c: Callable[[], None],
    *,
    meanwhile: Callable[[], None] | None = None,
) -> T:
    """``job.run()`` on a thread of its own while Ctrl+C calls ``on_ctrl_c`` (the job's
    cancel, or a download's pause): its result, or what it raised. The main thread waits in
    short steps, so Ctrl+C is handled at once (a blocking wait is not interrupted by a
    signal on Windows). ``meanwhile`` runs on the main thread once the job has started,
    with Ctrl+C already caught (a test seam that waits for a hold point)."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = job.run()
        except BaseException as exc:  # handed over to the caller's thread
            outcome["error"] = exc

    def interrupt(_signum: int, _frame: object) -> None:
        on_ctrl_c()

    worker = threading.Thread(target=work, name=job.title, daemon=True)
    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        worker.start()
        if meanwhile is not None:
            meanwhile()
        while worker.is_alive():
            worker.join(0.2)
    finally:
        signal.signal(signal.SIGINT, previous)
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["result"]
    return result


@contextlib.contextmanager
def _progress_line(err: TextIO, tty: bool) -> Iterator[None]:
    """End the progress line of a terminal (however the job ended) before what follows."""
    try:
        yield
    finally:
        if tty:
            print(file=err)


def _gb(nbytes: float) -> str:
    return f"{nbytes / 1024**3:.2f} GB" if nbytes >= 1024**3 else f"{nbytes / 1024**2:.1f} MB"


def open_store(paths: AppPaths, settings: Settings) -> ModelStore:
    store = ModelStore(paths.models_folder(settings.models_dir))
    store.ensure()
    return store


def machine_from_hardware(paths: AppPaths, store: ModelStore) -> cat.Machine:
    from agentic_desk.core.hardware import detect_hardware
    from agentic_desk.core.models.manager import machine_from_report

    return machine_from_report(detect_hardware(store.root))


def cmd_hw(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    from agentic_desk.core.hardware import detect_hardware, format_report

    report = detect_hardware(open_store(paths, settings).root)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2), file=out)
    else:
        print(format_report(report), file=out)
    return 0


def cmd_catalog(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    store = open_store(paths, settings)
    catalog = cat.Catalog.load(paths.cache_dir)
    if args.refresh:
        for problem in catalog.refresh():
            print(f"warning: could not refresh {problem}", file=err)
    machine = machine_from_hardware(paths, store)
    views = catalog.views()
    context = args.context if args.context is not None else settings.engine.max_context_tokens
    best = cat.recommend(views, machine, context)
    rows = []
    for view in views:
        entry = view.entry
        variants = []
        for variant in view.snapshot.variants if view.snapshot else []:
            verdict = cat.fit(variant, machine, context)
            variants.append(
                {
                    "folder": variant.folder,
                    "kind": variant.kind,
                    "size_bytes": variant.size,
                    "fit": verdict.verdict,
                    "reason": verdict.reason,
                    "context": verdict.context.to_json() if verdict.context else None,
                }
            )
        rows.append(
            {
                "repo_id": entry.repo_id,
                "name": entry.name,
                "licence": entry.licence,
                "context_length": entry.context_length,
                "description": entry.description,
                "sizes_known": view.sizes_known,
                "variants": variants,
                "fetched_at": view.snapshot.fetched_at if view.snapshot else None,
                "refresh_error": view.error,
            }
        )
    recommended = (
        None
        if best is None
        else {
            "repo_id": best.entry.repo_id,
            "variant": best.variant.folder,
            "kind": best.variant.kind,
            "fit": best.fit.verdict,
            "reason": best.fit.reason,
            "why": best.why,
        }
    )
    if args.json:
        print(
            json.dumps(
                {"requested_context": context, "models": rows, "recommended": recommended},
                indent=2,
            ),
            file=out,
        )
        return 0
    for row, view in zip(rows, views, strict=True):
        print(
            f"{row['name']}  ({row['repo_id']}, {row['licence']}, "
            f"{row['context_length']:,}-token context)",
            file=out,
        )
        if not view.sizes_known:
            print(f"    {cat.UNKNOWN_SIZE} (run with --refresh when online)", file=out)
        for variant in row["variants"]:
            print(
                f"    {variant['kind']:<5} {_gb(variant['size_bytes']):>9}  {variant['fit']:<12} "
                f"{variant['folder']}",
                file=out,
            )
            print(f"          {variant['reason']}", file=out)
    if recommended:
        print(
            f"\nRecommended here: {best.entry.name if best else ''}, {recommended['variant']} "
            f"({recommended['kind']}): {recommended['reason']}",
            file=out,
        )
    else:
        print("\nNo recommendation yet: refresh the catalog when online (--refresh).", file=out)
    return 0


def _model_row(model: InstalledModel) -> str:
    state = verification(model).label
    if model.verified is False:
        state = state.upper()
    where = f" (in place: {model.location})" if model.in_place else ""
    origin = model.origin or {}
    if origin.get("format") == "gguf":
        source = f"GGUF {origin.get('file_name')} ({origin.get('quant_type')})"
    else:
        source = model.repo_id or "imported"
    return f"{model.id}\n    {model.kind}, {_gb(model.size_bytes)}, {state}, from {source}{where}"


def cmd_list(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    store = open_store(paths, settings)
    models = store.installed()
    requested = settings.engine.max_context_tokens
    free = available_memory()
    chunk = settings.engine.prefill_chunk_tokens
    contexts = [installed_context(model, requested, free, prefill_chunk=chunk) for model in models]
    if args.json:
        rows = [
            {**m.to_json(), "context": c.to_json() if c else None}
            for m, c in zip(models, contexts, strict=True)
        ]
        print(json.dumps(rows, indent=2), file=out)
        return 0
    if not models:
        print("No models installed. Try 'agentic-desk models catalog'.", file=out)
    for model, context in zip(models, contexts, strict=True):
        print(_model_row(model), file=out)
        if context is not None:
            print(f"    context here: {context.reason}", file=out)
            if context.memory_reason:
                print(f"    memory: {context.memory_reason}", file=out)
    for job_id in ModelDownloader(store).pending():
        print(
            f"{job_id}\n    unfinished download (resume with 'agentic-desk models download')",
            file=out,
        )
    return 0


def cmd_download(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    store = open_store(paths, settings)

    def show(progress: Progress) -> None:
        if args.json_progress:
            print(json.dumps(progress.to_json()), file=out, flush=True)
            return
        if progress.status in (Status.DOWNLOADING, Status.RETRYING, Status.VERIFYING):
            pct = 100 * progress.done_bytes / progress.total_bytes if progress.total_bytes else 0
            eta = f", {progress.eta_s:.0f} s left" if progress.eta_s else ""
            note = f"  {progress.message}" if progress.message else ""
            print(
                f"\r{pct:5.1f}%  {_gb(progress.done_bytes)} of {_gb(progress.total_bytes)}"
                f"  {progress.speed_bps / 1024**2:.1f} MB/s{eta}  "
                f"{progress.current_file or ''}{note}\033[K",
                end="",
                file=err,
                flush=True,
            )

    options = DownloadOptions(report_interval=args.progress_interval)
    # The downloader's listener (not the job's): it hears the job's very first event too.
    with ModelDownloader(store, listener=show, options=options) as downloader:
        job_id = args.repo if args.repo in downloader.pending() else None
        job = downloader.resume(job_id) if job_id else downloader.download(args.repo, args.variant)
        model: InstalledModel | None
        try:
            with _progress_line(err, not args.json_progress):
                model = run_job(job, job.pause)  # Ctrl+C pauses; the data is kept
        except DownloadPaused:
            model = None
    if model is None:
        print(
            "Paused. Run the same command again to resume; what was downloaded is kept.", file=err
        )
        return 130
    print(f"Installed {model.id} ({_gb(model.size_bytes)}, verified).", file=err)
    return 0


def cmd_remove(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    store = open_store(paths, settings)
    model = store.get(args.id)
    if not args.yes:
        if not sys.stdin.isatty():
            raise AgenticDeskError(
                f"Removing {model.id} needs confirmation.", "Add --yes to remove it without asking."
            )
        answer = input(f"Remove {model.id} ({_gb(model.size_bytes)})? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            return 1
    store.remove(args.id)
    kept = " (its folder was left in place)" if model.in_place else ""
    print(f"Removed {model.id}{kept}.", file=out)
    return 0


def _is_gguf(path: str) -> bool:
    file = Path(path).expanduser()
    if file.suffix.lower() == ".gguf":
        return True
    try:
        with file.open("rb") as fh:
            return fh.read(4) == b"GGUF"
    except OSError:
        return False


def cmd_import(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    store = open_store(paths, settings)
    if _is_gguf(args.path):
        return _import_gguf(args, store, out, err)
    if args.variant or args.precision:
        raise AgenticDeskError(
            "--variant and --precision apply to GGUF files only.",
            "A model folder is imported as it was built.",
        )
    model = store.import_folder(args.path, in_place=args.in_place, name=args.name)
    print(f"Imported {model.id} ({model.kind}, {_gb(model.size_bytes)}), unverified.", file=out)
    print(f"  {verification(model).note}", file=out)
    return 0


def _import_gguf(args: argparse.Namespace, store: ModelStore, out: TextIO, err: TextIO) -> int:
    from agentic_desk.core.models.convert import GgufConverter

    if args.in_place:
        raise AgenticDeskError(
            "--in-place does not apply to a GGUF file: it is converted into a new folder.",
            "Leave out --in-place.",
        )
    variant, precision = args.variant or "cpu", args.precision or "int4"
    tty = err.isatty()
    stages: set[str] = set()

    def show(progress: ConvertProgress) -> None:
        if tty:
            print(f"\r{progress.line()}\033[K", end="", file=err, flush=True)
        elif progress.stage not in stages:  # a log or a pipe: one line per stage
            stages.add(progress.stage)
            print(f"{100 * progress.fraction:5.1f}%  {progress.label}", file=err, flush=True)

    # Test seam (as the engine's AGENTIC_DESK_TEST_HOLD): stop the worker at a stage.
    hold = (
        os.environ.get(TEST_CONVERT_HOLD_ENV)
        if os.environ.get("AGENTIC_DESK_TEST_HOOKS") == "1"
        else None
    )
    job = GgufConverter(store, hold=hold).job(args.path, variant, precision, name=args.name)
    job.on_progress(show)
    handle = job.start()  # what can be refused at once is, before anything is printed
    print(f"Converting {Path(args.path).name} to {variant} {precision}…", file=err, flush=True)

    def held() -> None:
        with contextlib.suppress(RuntimeError):
            print(f"\n(held at {handle.wait_held()} for a test)", file=err, flush=True)

    try:
        with _progress_line(err, tty):
            model = run_job(job, job.cancel, meanwhile=held if hold else None)
    except JobCancelled:
        print("Cancelled; the temporary files were removed.", file=err)
        return 130
    except AgenticDeskError:
        if handle.log_file is not None:
            print(f"(the conversion's log is in {handle.log_file})", file=err)
        raise
    origin = model.origin or {}
    print(
        f"Imported {model.id} ({model.kind}, {_gb(model.size_bytes)}), converted from "
        f"{origin.get('file_name')} ({origin.get('architecture')}, "
        f"{origin.get('quant_type')}) in {origin.get('conversion_seconds')} s.",
        file=out,
    )
    return 0


def cmd_verify(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    store = open_store(paths, settings)
    result = store.verify(args.id)
    if result.ok and result.against_source:
        print(f"{args.id}: all files verified.", file=out)
        return 0
    if result.ok:
        print(
            f"{args.id}: its files are unchanged since it was added. It stays unverified: "
            "there are no checksums from its source to check it against.",
            file=out,
        )
        return 0
    print(f"{args.id}: damaged:", file=out)
    for problem in result.problems:
        print(f"  - {problem}", file=out)
    if result.against_source:
        print("Download the model again (remove it, then download).", file=out)
    else:
        print("Import or convert the model again (remove it first).", file=out)
    return 1


def _test_hooks() -> bool:
    return os.environ.get("AGENTIC_DESK_TEST_HOOKS") == "1"


def cmd_move(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    """Move every model to DEST (copied, verified, the setting switched, the old copies
    deleted): what Settings → Models folder → Move… does. Ctrl+C cancels until the copy is
    verified; the models then stay where they were."""
    from agentic_desk.core.models import relocate
    from agentic_desk.core.settings import SettingsStore

    source = paths.models_folder(settings.models_dir)
    plan = relocate.plan_move(source, Path(args.destination), free_space=relocate.disk_free)
    store = SettingsStore(paths.settings_file)

    def switch(destination: Path) -> None:
        store.update({"models_dir": str(destination)})

    job = relocate.MoveModelsJob(plan, switch)
    tty = err.isatty()
    shown: set[tuple[str, int]] = set()

    def show(progress: relocate.MoveProgress) -> None:
        verb = "Copying" if progress.phase == "copying" else "Checking"
        percent = progress.permille // 10
        if tty:
            print(f"\r{percent:3d}%  {verb} {progress.current}\033[K", end="", file=err, flush=True)
        elif (progress.phase, percent // 10) not in shown:  # a log or a pipe: every 10%
            shown.add((progress.phase, percent // 10))
            print(f"{percent:3d}%  {verb} {progress.current}", file=err, flush=True)

    job.on_progress(show)
    if _test_hooks() and os.environ.get(TEST_MOVE_HOLD_ENV) == "copying":
        held = threading.Event()

        def hold(progress: relocate.MoveProgress) -> None:  # worker thread
            if progress.phase == "copying" and progress.done_bytes and not held.is_set():
                held.set()
                print("\n(held mid-copy for a test)", file=err, flush=True)
                job.cancel_event.wait(120)

        job.on_progress(hold)
    count = f"{plan.models} model{'s' if plan.models != 1 else ''}"
    print(
        f"Moving {count} ({_gb(plan.total_bytes)}) from {plan.source} to {plan.destination}…",
        file=err,
        flush=True,
    )
    try:
        with _progress_line(err, tty):
            run_job(job, job.cancel)
    except JobCancelled as cancelled:
        print(f"{cancelled.message} {cancelled.hint}".strip(), file=err)
        return 130
    print(f"Moved {count} to {plan.destination}; the settings point there now.", file=out)
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hw = sub.add_parser("hw", help="show this machine's hardware and usable providers")
    hw.add_argument("--json", action="store_true")
    hw.set_defaults(models_func=cmd_hw)

    models = sub.add_parser("models", help="catalog, downloads and installed models")
    msub = models.add_subparsers(dest="models_command", required=True)
    catalog = msub.add_parser("catalog", help="curated models, sizes and whether they fit")
    catalog.add_argument("--refresh", action="store_true", help="ask the Hub for sizes")
    catalog.add_argument("--json", action="store_true")
    catalog.add_argument(
        "--context",
        type=int,
        default=None,
        help="judge the fit at this context (tokens); default: your setting "
        "(engine.max_context_tokens), else what memory allows",
    )
    catalog.set_defaults(models_func=cmd_catalog)
    listing = msub.add_parser("list", help="installed models")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(models_func=cmd_list)
    download = msub.add_parser("download", help="download a model variant (resumable)")
    download.add_argument("repo", help="Hub repo id, e.g. microsoft/Phi-3-mini-4k-instruct-onnx")
    download.add_argument(
        "--variant", default="cpu", help="cpu, cuda, dml, or a variant folder of the repo"
    )
    download.add_argument(
        "--json-progress", action="store_true", help="print progress as JSON lines on stdout"
    )
    download.add_argument(
        "--progress-interval",
        type=float,
        default=0.1,
        help="seconds between progress reports (0: every write)",
    )
    download.set_defaults(models_func=cmd_download)
    remove = msub.add_parser("remove", help="remove an installed model")
    remove.add_argument("id")
    remove.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    remove.set_defaults(models_func=cmd_remove)
    imp = msub.add_parser(
        "import",
        help="add a local onnxruntime-genai model folder, or convert a GGUF file",
        description="A folder is checked and copied; a .gguf file (LM Studio, Ollama, Jan) "
        "is converted into an ONNX Runtime GenAI model first (needs the 'convert' extra).",
    )
    imp.add_argument("path", help="a genai model folder or a .gguf file")
    imp.add_argument(
        "--variant",
        choices=["cpu", "cuda", "dml"],
        help="GGUF only: the execution provider to build for (default cpu)",
    )
    imp.add_argument(
        "--precision",
        choices=["int4", "fp16", "fp32"],
        help="GGUF only: int4 (default; cpu, cuda, dml), fp16 (cuda, dml), fp32 (cpu, cuda)",
    )
    imp.add_argument(
        "--in-place", action="store_true", help="use the folder where it is instead of copying it"
    )
    imp.add_argument("--name", help="id to give it")
    imp.set_defaults(models_func=cmd_import)
    verify = msub.add_parser("verify", help="check an installed model's files")
    verify.add_argument("id")
    verify.set_defaults(models_func=cmd_verify)
    move = msub.add_parser(
        "move",
        help="move the models folder (copied and checked first; Ctrl+C cancels)",
        description="Copies every model to DEST, checks each copy, points the settings at "
        "DEST and only then deletes the old copies. DEST must be an empty or new folder.",
    )
    move.add_argument("destination", metavar="DEST", help="the new models folder")
    move.set_defaults(models_func=cmd_move)
