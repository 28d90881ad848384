"""The app's side of the local engine: starts the worker, sends requests, reads events.

``LocalEngine`` is used the same way by the CLI, the GUI and the API server: their
chats go through :class:`~agentic_desk.core.providers.local.LocalProvider`, which turns
a :class:`ReplyStream`'s wire events into the events every provider yields.
``ReplyConsumer`` turns a stream of wire events into text handed to a callback and a
final :class:`Reply`, for the benchmarks, the self-test and the engine's own tests.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Protocol

from agentic_desk.core.budget import (
    DEFAULT_CONTEXT,
    ContextChoice,
    KvGeometry,
    available_memory,
    choose_context,
)
from agentic_desk.core.engine import errors as e
from agentic_desk.core.engine import int8graph, lastlogits
from agentic_desk.core.engine.folder import ModelFolderInfo, check_model_folder
from agentic_desk.core.engine.protocol import (
    ChatCommand,
    ChatMessage,
    Failed,
    Finished,
    GenerationParams,
    HoldPoint,
    LoadCommand,
    Loaded,
    LoadProgress,
    PromptReady,
    ReleaseCommand,
    Reply,
    StopReason,
    TokenText,
    UnloadCommand,
    Unloaded,
)
from agentic_desk.core.engine.worker import worker_main
from agentic_desk.core.i18n import t


class ModelResolver(Protocol):
    """What the engine needs of a model store (``core.models.store.ModelStore`` is one):
    a folder for a store id or a path, and a mark that a model is loaded, so the store
    refuses to delete it meanwhile. The engine never imports the store itself."""

    def resolve(self, spec: str) -> Path: ...

    def mark_in_use(self, location: Path) -> AbstractContextManager[None]: ...


# Tokens that arrive faster than this are sent to the app together (see _TokenSender).
DEFAULT_STREAM_INTERVAL_MS = 16.0

TEST_HOOKS_ENV = "AGENTIC_DESK_TEST_HOOKS"
TEST_HOLD_ENV = "AGENTIC_DESK_TEST_HOLD"  # e.g. "decode:3:cancel", applied to every chat


def crash_error(exitcode: int | None) -> e.WorkerCrashed:
    """What to tell the user when the worker process is gone. Killed by the system
    (SIGKILL, what Linux's out-of-memory killer sends; Windows' TerminateProcess exit
    code 1 is indistinguishable from an error) most likely means memory ran out."""
    if exitcode is not None and exitcode == -getattr(signal, "SIGKILL", 9):
        return e.WorkerCrashed(
            t(
                "The model's process was stopped by the system, most likely because the computer "
                "ran out of memory.",
            ),
            t(
                "Close other apps, or set a shorter context in Settings (Longest conversation), "
                "or choose a smaller model. Whatever it had written is kept: Continue goes on "
                "from there, and the model is reloaded automatically.",
            ),
        )
    return e.WorkerCrashed(
        t(
            "The model process stopped unexpectedly (exit code {exitcode}).",
            exitcode=exitcode,
        ),
        t(
            "Whatever it had written is kept: Continue goes on from there (or send again), and "
            "the model is reloaded automatically.",
        ),
    )


class _WorkerHandle:
    """One running worker process and its two pipes."""

    def __init__(self, process: BaseProcess, commands: Connection, events: Connection) -> None:
        self.process = process
        self.commands = commands
        self.events = events

    def alive(self) -> bool:
        return self.process.is_alive()

    def send(self, command: object) -> None:
        self.commands.send(command)

    def recv(self, timeout: float | None = None) -> object | None:
        """The next event; ``None`` on timeout. Raises WorkerCrashed if the process died."""
        if self.events.poll(0):
            with contextlib.suppress(EOFError):  # readable because the worker is gone
                event: object = self.events.recv()
                return event
        ready = wait([self.events, self.process.sentinel], timeout)
        if not ready:
            return None
        if self.events.poll(0):
            try:
                event = self.events.recv()
                return event
            except EOFError:
                pass
        self.process.join(1)
        raise crash_error(self.process.exitcode)

    def stop(self, timeout: float = 5.0) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.commands.send(UnloadCommand())
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout)
        for conn in (self.commands, self.events):
            conn.close()


class LocalEngine:
    """Owns the inference worker process; one model loaded at a time.

    ``load`` starts a fresh worker for the model (switching models replaces the
    worker, so memory is really given back). If the worker dies, mid-reply or
    idle, the next request starts a new one and reloads the same model.
    """

    def __init__(
        self,
        *,
        idle_unload_minutes: float = 0.0,
        prefill_chunk_tokens: int = 256,
        stream_interval_ms: float = DEFAULT_STREAM_INTERVAL_MS,
        test_hooks: bool | None = None,
        store: ModelResolver | None = None,
        default_context: int = DEFAULT_CONTEXT,
        gpu_memory: Callable[[], int | None] | None = None,
        last_logits: bool = True,
        cpu_int8: bool = False,
        cache_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self._store = store
        # Load the graph that computes the last prompt position's logits only (a copy made
        # beside the weights once: core/engine/lastlogits.py); False: the model's own graph.
        self.last_logits = last_logits
        # int8 compute on the CPU (engine.cpu_int8_compute: core/engine/int8graph.py): the
        # copy is made at first load, in ``cache_dir`` when the model's folder is read-only.
        self.cpu_int8 = cpu_int8
        self.cache_dir = os.fspath(cache_dir) if cache_dir is not None else None
        # Called (on the loading thread) with each LoadProgress of a load (the int8 copy).
        self.on_load_progress: Callable[[LoadProgress], None] | None = None
        self._load_cancelled = False
        self.default_context = default_context  # see core/budget.py (benchmarks lower it)
        # Free memory of the best GPU (None: unknown), asked when a GPU build is loaded
        # with a GPU provider allowed: its cache then lives in GPU memory, not in RAM.
        self._gpu_memory = gpu_memory
        self._in_use = contextlib.ExitStack()
        self._ctx = multiprocessing.get_context("spawn")
        self._cancel: Any = self._ctx.Value("q", 0, lock=False)
        self._idle_seconds = max(0.0, idle_unload_minutes * 60.0)
        self.prefill_chunk_tokens = prefill_chunk_tokens
        self.stream_interval_ms = stream_interval_ms
        self._test_hooks = (
            (os.environ.get(TEST_HOOKS_ENV) == "1") if test_hooks is None else test_hooks
        )
        # Test seam: where every chat holds (AGENTIC_DESK_TEST_HOLD); tests may change it.
        self.default_hold = (
            HoldPoint.parse(os.environ[TEST_HOLD_ENV])
            if self._test_hooks and os.environ.get(TEST_HOLD_ENV)
            else None
        )
        self._worker: _WorkerHandle | None = None
        self._load_command: LoadCommand | None = None
        self._next_id = 0
        self._lock = threading.Lock()
        self.loaded: Loaded | None = None
        self.context_choice: ContextChoice | None = None  # how the loaded model's was chosen
        self.restarts = 0

    # ---- worker lifecycle -----------------------------------------------------

    def _start_worker(self) -> _WorkerHandle:
        cmd_recv, cmd_send = self._ctx.Pipe(duplex=False)
        evt_recv, evt_send = self._ctx.Pipe(duplex=False)
        process = self._ctx.Process(
            target=worker_main,
            args=(cmd_recv, evt_send, self._cancel, self._idle_seconds, self._test_hooks),
            name="agentic-desk-inference",
            daemon=True,
        )
        # Start with SIGINT ignored so the new process is never killed by a Ctrl+C
        # meant for the app (the disposition survives exec); it also ignores it itself.
        in_main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main else None
        try:
            process.start()
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        cmd_recv.close()
        evt_send.close()
        return _WorkerHandle(process, cmd_send, evt_recv)

    @property
    def has_model(self) -> bool:
        """A model is chosen (it may be idle-unloaded; the next request reloads it)."""
        return self._load_command is not None

    @property
    def model_path(self) -> Path | None:
        """The folder of the chosen model (None when none is)."""
        command = self._load_command
        return Path(command.model_path) if command is not None else None

    @property
    def worker_pid(self) -> int | None:
        return self._worker.process.pid if self._worker is not None else None

    def load(
        self,
        model_path: str | os.PathLike[str],
        providers: Sequence[str] = ("auto",),
        max_context_tokens: int | None = None,
    ) -> Loaded:
        """Load a model (a folder, or an id of the model store) in a fresh worker.

        The context is decided by :func:`agentic_desk.core.budget.choose_context` from the
        model's KV geometry, its weights and the memory free once the previous model is
        gone; ``max_context_tokens`` (the user's setting) is honoured up to the model's
        limit when it fits. A model that does not fit raises :class:`NotEnoughMemory`
        with the numbers, before any worker allocates anything. Raises a typed EngineError
        on failure. While loaded, the store sees the model as in use and refuses to
        remove it."""
        path = self._store.resolve(os.fspath(model_path)) if self._store else Path(model_path)
        with self._lock:
            self._shutdown_worker()
            self._release_in_use()
            info = check_model_folder(os.fspath(path))
            choice = self._choose_context(info, max_context_tokens, providers)
            command = LoadCommand(
                os.fspath(path),
                tuple(providers),
                choice.tokens,
                0 if max_context_tokens is not None else choice.ceiling,
                folder=info,
                last_logits=self.last_logits,
                cpu_int8=self.cpu_int8,
                cache_dir=self.cache_dir,
            )
            self.context_choice = choice
            loaded = self._load_in_new_worker(command)
            self._load_command = command
            if self._store is not None:
                self._in_use.enter_context(self._store.mark_in_use(path))
            return loaded

    def _choose_context(
        self,
        info: ModelFolderInfo,
        max_context_tokens: int | None = None,
        providers: Sequence[str] = ("auto",),
    ) -> ContextChoice:
        """The context the checked folder ``info`` gets now (raises NotEnoughMemory when
        none fits). The logits it counts are those of the graph the worker will load
        (:func:`agentic_desk.core.engine.lastlogits.plan`, which the worker's ``prepare``
        follows)."""
        graph = lastlogits.plan(
            info.path, info.decoder_file, info.graph_shape, enabled=self.last_logits
        )
        choice = choose_context(
            info.kv,
            info.weights_bytes + self._int8_extra_bytes(info, providers),
            self._free_memory(info.kv, providers),
            requested=max_context_tokens,
            prefill_chunk=self.prefill_chunk_tokens,
            default=self.default_context,
            last_logits=graph.pruned,
            last_logits_note=graph.note,
        )
        if not choice.fits:
            raise e.NotEnoughMemory(
                choice.reason,
                t(
                    "Close other apps to free memory{value}or choose a smaller model.",
                    value=t(", or set a shorter context in Settings (Longest conversation), ")
                    if max_context_tokens is not None
                    else ", ",
                ),
            )
        return choice

    # ---- int8 compute (engine.cpu_int8_compute) -------------------------------------------
    def _int8_extra_bytes(self, info: ModelFolderInfo, providers: Sequence[str]) -> int:
        """The memory the int8 copy of the graph needs beyond the int4 weights it replaces
        (0 when int8 compute is off or the model runs elsewhere than on the CPU)."""
        if not self.cpu_int8 or not int8graph.uses_cpu(providers):
            return 0
        return int8graph.extra_memory_bytes(info.decoder_file)

    def cancel_load(self) -> None:
        """Stop a load in progress (e.g. the int8 conversion) from any thread: its worker
        is ended and ``load`` raises LoadCancelled. The conversion writes under temporary
        names, so nothing half-made is used next time."""
        worker = self._worker
        if worker is not None and self.loaded is None:
            self._load_cancelled = True
            worker.process.kill()

    # --------------------------------------------------------------------------------------

    def _free_memory(self, kv: KvGeometry | None, providers: Sequence[str]) -> int | None:
        """RAM available now; for a GPU build (fp16 cache) that may run on a GPU, the GPU's
        free memory when it is known."""
        gpu_build = kv is not None and kv.bytes_per_value == 2
        may_use_gpu = any(p in ("auto", "cuda", "dml") for p in providers)
        if gpu_build and may_use_gpu and self._gpu_memory is not None:
            try:
                free = self._gpu_memory()
            except Exception:  # a failed probe: judge by RAM, as for a CPU model
                free = None
            if free is not None:
                return free
        return available_memory(self._test_hooks)

    def _release_in_use(self) -> None:
        self._in_use.close()
        self._in_use = contextlib.ExitStack()

    def _load_in_new_worker(self, command: LoadCommand) -> Loaded:
        self._load_cancelled = False
        worker = self._start_worker()
        self._worker = worker
        try:
            worker.send(command)
            while True:
                try:
                    event = worker.recv()
                except e.WorkerCrashed:
                    if self._load_cancelled:
                        raise e.LoadCancelled(
                            t("Loading the model was cancelled."), t("Load it again when ready.")
                        ) from None
                    raise
                if isinstance(event, LoadProgress):
                    if self.on_load_progress is not None:
                        self.on_load_progress(event)
                    continue
                if isinstance(event, Loaded):
                    choice = self.context_choice
                    if choice is not None:
                        event = dataclasses.replace(
                            event,
                            context_reason=choice.reason,
                            memory_needed_bytes=choice.need_bytes,
                            kv_cache_bytes=choice.kv_bytes,
                        )
                    self.loaded = event
                    return event
                if isinstance(event, Failed):
                    raise e.error_from_kind(event.kind, event.message, event.hint)
        except BaseException:
            self._shutdown_worker()
            raise

    def _shutdown_worker(self) -> None:
        if self._worker is not None:
            self._worker.stop()
        self._worker = None
        self.loaded = None

    def unload(self) -> None:
        """Drop the model and stop the worker (memory is returned to the system)."""
        with self._lock:
            self._shutdown_worker()
            self._release_in_use()
            self._load_command = None

    def close(self) -> None:
        self.unload()

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ensure_worker(self) -> _WorkerHandle:
        if self._worker is not None and self._worker.alive():
            return self._worker
        if self._load_command is None:
            raise e.NoModelLoaded(t("No model is loaded."), t("Choose a model first."))
        self._shutdown_worker()
        self.restarts += 1  # the worker crashed, was killed, or unloaded itself when idle
        self._load_in_new_worker(self._load_command)
        assert self._worker is not None
        return self._worker

    # ---- requests -------------------------------------------------------------

    def chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams | None = None,
        *,
        prefill_chunk_tokens: int | None = None,
        hold: HoldPoint | None = None,
        reuse_cache: bool = True,
        continue_last: bool = False,
    ) -> ReplyStream:
        """Start a reply; iterate the returned stream for its events. ``continue_last``:
        the last message is an assistant reply cut short, which the model goes on
        writing (the stream carries only the new text)."""
        if not messages:
            raise ValueError("a chat needs at least one message")
        if continue_last and messages[-1].role != "assistant":
            raise ValueError("continue_last needs an assistant message last")
        self._lock.acquire()
        try:
            worker = self._ensure_worker()
            self._next_id += 1
            command = ChatCommand(
                request_id=self._next_id,
                messages=tuple(messages),
                params=params or GenerationParams(),
                prefill_chunk_tokens=prefill_chunk_tokens or self.prefill_chunk_tokens,
                hold=hold or self.default_hold,
                reuse_cache=reuse_cache,
                stream_interval_ms=self.stream_interval_ms,
                continue_last=continue_last,
            )
            worker.send(command)
        except BaseException:
            self._lock.release()
            raise
        return ReplyStream(self, worker, command)

    def _cancel_up_to(self, request_id: int) -> None:
        if int(self._cancel.value) < request_id:
            self._cancel.value = request_id

    def _finished(self) -> None:
        self._lock.release()

    def _worker_died(self, worker: _WorkerHandle) -> None:
        if self._worker is worker:
            worker.stop(timeout=1.0)
            self._worker = None
            self.loaded = None

    def _resend_after_idle_exit(self, command: ChatCommand) -> _WorkerHandle:
        """The worker unloaded for idleness just as a request arrived: start again."""
        assert self._load_command is not None
        self._shutdown_worker()
        self.restarts += 1
        self._load_in_new_worker(self._load_command)
        assert self._worker is not None
        self._worker.send(command)
        return self._worker


class ReplyStream:
    """The events of one reply, in order. Ends after ``Finished`` or ``Failed``.

    A dead worker ends the stream with a ``Failed`` of kind ``worker_crashed``.
    ``cancel()`` may be called from any thread (or a signal handler).
    """

    def __init__(self, engine: LocalEngine, worker: _WorkerHandle, command: ChatCommand) -> None:
        self._engine = engine
        self._worker = worker
        self.command = command
        self.request_id = command.request_id
        self._open = True
        self._ended = False  # Finished or Failed was seen

    def cancel(self) -> None:
        self._engine._cancel_up_to(self.request_id)

    def release(self) -> None:
        """Test seam: let a worker held at a :class:`HoldPoint` continue."""
        self._worker.send(ReleaseCommand())

    def __iter__(self) -> Iterator[object]:
        try:
            while self._open:
                try:
                    event = self._worker.recv()
                except e.WorkerCrashed as crash:
                    self._engine._worker_died(self._worker)
                    yield Failed(self.request_id, crash.kind, crash.message, crash.hint)
                    return
                if isinstance(event, Unloaded):
                    self._worker = self._engine._resend_after_idle_exit(self.command)
                    continue
                if isinstance(event, Loaded):
                    continue
                if getattr(event, "request_id", self.request_id) != self.request_id:
                    continue  # a late event of an earlier, abandoned request
                if isinstance(event, Finished | Failed):
                    self._ended = True
                yield event
                if self._ended:
                    return
        finally:
            self.close()

    def close(self) -> None:
        """End the stream early (cancels the reply and waits for the worker to stop it)."""
        if not self._open:
            return
        self._open = False
        try:
            if not self._ended and self._worker.alive():
                self.cancel()
                self._drain()
        finally:
            self._engine._finished()

    def _drain(self) -> None:
        with contextlib.suppress(e.WorkerCrashed, OSError, EOFError):
            while True:
                event = self._worker.recv(timeout=30)
                if event is None:
                    self._engine._worker_died(self._worker)
                    return
                if isinstance(event, Finished | Failed) and event.request_id == self.request_id:
                    return


class ReplyConsumer:
    """Reads a reply's events, hands each piece of text to ``on_text`` and builds the Reply
    (the benchmarks, the self-test; chats use the local provider instead)."""

    def __init__(
        self,
        on_text: Callable[[str], None] | None = None,
        on_event: Callable[[object], None] | None = None,
    ) -> None:
        self._on_text = on_text
        self._on_event = on_event

    def consume(self, stream: ReplyStream, *, started: float | None = None) -> Reply:
        reply = Reply()
        start = time.perf_counter() if started is None else started
        pieces: list[str] = []
        for event in stream:
            if self._on_event is not None:
                self._on_event(event)
            if isinstance(event, TokenText):
                if event.text:
                    now = time.perf_counter()
                    if reply.first_token_s is None:
                        reply.first_token_s = now - start
                    pieces.append(event.text)
                    if self._on_text is not None:
                        self._on_text(event.text)
            elif isinstance(event, PromptReady):
                reply.prompt = event
            elif isinstance(event, Finished):
                reply.stats = event.stats
            elif isinstance(event, Failed):
                reply.error = e.error_from_kind(event.kind, event.message, event.hint)
        reply.text = "".join(pieces)
        return reply


def stop_reason_label(reason: StopReason) -> str:
    return {
        StopReason.END_OF_TEXT: t("end of text"),
        StopReason.LENGTH: t("length limit"),
        StopReason.STOP_STRING: t("stop string"),
        StopReason.CANCELLED: t("cancelled"),
        StopReason.ERROR: t("error"),
    }[reason]
