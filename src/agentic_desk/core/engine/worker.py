"""The inference worker: a separate process that owns the model.

onnxruntime-genai holds the GIL for the whole of a prefill or a decode step
(ARCHITECTURE Fact 1), so it runs here and never in the app's process. The
worker reads commands from one pipe and writes events to another; cancel is a
shared counter it checks between prefill chunks and between tokens.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from agentic_desk.core.budget import STEP, KvGeometry, available_memory, fits_now
from agentic_desk.core.engine import errors as e
from agentic_desk.core.engine import genai, int8graph, lastlogits
from agentic_desk.core.engine.folder import CONFIG_NAME, check_model_folder
from agentic_desk.core.engine.protocol import (
    ChatCommand,
    ChatMessage,
    Failed,
    Finished,
    GenerationParams,
    Held,
    LoadCommand,
    Loaded,
    LoadProgress,
    PrefillProgress,
    PromptReady,
    ReleaseCommand,
    ReplyStats,
    StopReason,
    TokenText,
    UnloadCommand,
    Unloaded,
)
from agentic_desk.core.engine.templates import ChatTemplate, load_chat_template
from agentic_desk.core.engine.textstream import IncrementalDecoder, StopStringFilter
from agentic_desk.core.i18n import t

Send = Callable[[object], None]
# Tokens per call when a finished reply is pre-filled again between requests (measured on
# SmolLM2 here: as many tokens a second as calls of 16, and half the wait, ~35 ms).
SETTLE_CHUNK_TOKENS = 8
# ... and only once no command came this long after the reply ended (a person takes longer
# to answer; a client sending requests back to back does not then wait for a call to end)
SETTLE_AFTER_S = 0.05


class CancelFlag:
    """Reads the shared 'cancel every request up to id N' counter."""

    def __init__(self, shared: Any) -> None:
        self._shared = shared

    def is_set_for(self, request_id: int) -> bool:
        return int(self._shared.value) >= request_id


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / (1024 * 1024)


def _cache_facts(folder: Path) -> tuple[set[int], bool]:
    """End-of-text token ids, and whether the KV cache is one shared buffer."""
    config = json.loads((folder / CONFIG_NAME).read_text("utf-8"))
    eos = config["model"]["eos_token_id"]
    eos_ids = {int(x) for x in eos} if isinstance(eos, list) else {int(eos)}
    share = bool(config.get("search", {}).get("past_present_share_buffer", True))
    return eos_ids, share


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def prefill_chunks(start: int, end: int, chunk: int) -> list[tuple[int, int]]:
    """The slices ``[a, b)`` that pre-fill positions ``start..end``: boundaries at absolute
    multiples of ``chunk`` (and at ``start`` and ``end``), so a prefill that starts from a
    reused prefix runs the same chunks as a fresh prefill from 0, the first one cut short."""
    chunk = max(1, chunk)
    bounds = [start, *range((start // chunk + 1) * chunk, end, chunk), end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def fresh_shaped_start(start: int, end: int, chunk: int) -> int:
    """Move a reuse point back by one token where the first chunk would otherwise be a
    single token while a fresh prefill runs that position in a longer chunk.

    onnxruntime-genai computes a one-token call differently from a longer one
    (GroupQueryAttention's one-token path; measured on SmolLM2 int4, 0.11.4 and 0.18.0:
    the last prompt position's logits differ by up to 0.5 and the greedy token flips),
    while calls of two or more tokens give every position the same result whatever the
    split. A fresh prefill's only one-token call is a last chunk of one token."""
    chunk = max(1, chunk)
    if start <= 0:
        return start
    fresh_from = start // chunk * chunk
    fresh_to = min(end, fresh_from + chunk)
    if fresh_to - start == 1 and fresh_to - fresh_from > 1:
        return start - 1
    return start


@dataclass
class PromptPlan:
    ids: list[int]
    trimmed_messages: int
    trimmed_tokens: int
    grown_from: int = 0  # the context before this prompt grew it (0: it did not grow)


class ModelSession:
    """A loaded model, its tokenizer and template, and the KV cache kept between turns."""

    def __init__(
        self,
        opened: genai.OpenedModel,
        template: ChatTemplate,
        context_limit: int,
        eos_ids: set[int],
        *,
        share_buffer: bool = True,
        kv: KvGeometry | None = None,
        context_ceiling: int = 0,
        available_memory: Callable[[], int | None] = lambda: None,
    ) -> None:
        self.opened = opened
        self.template = template
        self.context_limit = context_limit
        self.eos_ids = eos_ids
        self.kv = kv
        self.context_ceiling = context_ceiling
        self._available_memory = available_memory
        self._generator: Any = None
        self._generator_key: tuple[object, ...] | None = None
        self._sequence: list[int] = []  # tokens the generator holds
        # How many leading tokens of the sequence have exactly the KV a fresh prefill
        # would compute: those appended in calls of two or more tokens. A generated token
        # is run through the model on its own (a one-token call, computed differently:
        # see fresh_shaped_start), so a reply is never reused as it is: between requests
        # the worker pre-fills it again (settle_step), as a fresh start would.
        self._exact = 0
        self._unsettled: list[int] = []  # taken off the sequence, to be pre-filled again
        # Tokens at the end of the sequence whose KV is not in the cache yet. After a
        # reply that stops before end-of-text, the last generated token has not been run
        # through the model; with a non-shared KV buffer onnxruntime-genai can only rewind
        # to two tokens before the end (measured on 0.11.4 and 0.18.0; the tiny-model
        # tests pin it). After end-of-text everything is cached (EOS is not appended).
        self._uncached = 0
        self._uncached_after_generate = 1 if share_buffer else 2

    # ---- prompt ---------------------------------------------------------------

    def _encode_messages(
        self, messages: Sequence[ChatMessage], *, continue_last: bool = False
    ) -> list[int]:
        """The prompt's tokens. With ``continue_last`` the last message is an assistant
        reply to go on with: the history before it is rendered with the generation
        prompt, then the reply's text follows as the start of the model's answer."""
        prefix = ""
        if continue_last:
            if not messages or messages[-1].role != "assistant":
                raise ValueError("continue_last needs an assistant message last")
            prefix = messages[-1].content
            messages = messages[:-1]
        text = self.template.render(
            [{"role": m.role, "content": m.content} for m in messages],
            add_generation_prompt=True,
        )
        return self.opened.encode(text + prefix)

    def plan_prompt(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        *,
        continue_last: bool = False,
    ) -> PromptPlan:
        """Render and tokenise; drop the oldest turns (never the system prompt or the
        newest message, nor the message a continued reply answers) until the prompt
        leaves room for the reply; first, grow the context if it can (``_grow_for``)."""
        system = list(messages[:1]) if messages and messages[0].role == "system" else []
        rest = list(messages[len(system) :])
        ids = self._encode_messages(system + rest, continue_last=continue_last)
        full = len(ids)
        grown_from = self._grow_for(len(ids), params.max_new_tokens)
        reserve = min(params.max_new_tokens, self.context_limit // 2)
        budget = self.context_limit - reserve
        dropped = 0
        keep = 2 if continue_last else 1
        while len(ids) > budget:
            if len(rest) <= keep:
                raise e.PromptTooLong(
                    t(
                        "This message is too long for the model: with the conversation's "
                        "instructions it takes {count:,} tokens, and the model can read at most "
                        "{budget:,} while leaving room for a reply ({context_limit:,} in all).",
                        count=len(ids),
                        budget=budget,
                        context_limit=self.context_limit,
                    ),
                    t(
                        "Shorten the message or split it into parts, lower the reply length, or "
                        "choose a model with a longer context.",
                    ),
                )
            drop = (
                2 if len(rest) > 2 and rest[0].role == "user" and rest[1].role == "assistant" else 1
            )
            drop = min(drop, len(rest) - keep)
            rest = rest[drop:]
            dropped += drop
            ids = self._encode_messages(system + rest, continue_last=continue_last)
        return PromptPlan(ids, dropped, full - len(ids) if dropped else 0, grown_from)

    def _grow_for(self, prompt_tokens: int, max_new_tokens: int) -> int:
        """Give the conversation a longer context when it has outgrown this one, the model
        allows more and the memory free now holds the bigger cache (doubling, up to the
        ceiling decided at load). The next generator is made at the new length, so the
        whole conversation is read again once. Returns the old context, or 0."""
        old = self.context_limit
        if self.kv is None or self.context_ceiling <= old:
            return 0
        if prompt_tokens <= old - min(max_new_tokens, old // 2):
            return 0
        wanted = prompt_tokens + max_new_tokens
        new = min(self.context_ceiling, max(2 * old, -(-wanted // STEP) * STEP))
        available = self._available_memory()
        extra = self.kv.kv_bytes(new) - self.kv.kv_bytes(old)
        if available is not None and not fits_now(extra, available):
            return 0
        self.context_limit = new
        return old

    # ---- generator and KV cache ----------------------------------------------

    def _search_options(self, params: GenerationParams) -> dict[str, Any]:
        options: dict[str, Any] = {
            "max_length": self.context_limit,
            "repetition_penalty": params.repetition_penalty,
        }
        if params.greedy:
            options["do_sample"] = False
        else:
            options.update(
                do_sample=True,
                temperature=params.temperature,
                top_p=params.top_p,
                top_k=params.top_k if params.top_k > 0 else 0,
            )
            if params.seed is not None:
                options["random_seed"] = params.seed
        return options

    def prepare(
        self, prompt: list[int], params: GenerationParams, *, reuse: bool = True, chunk: int = 256
    ) -> int:
        """Make the generator hold the longest reusable prefix of ``prompt``; return its length.

        The cache is reused across turns by common token prefix, so regenerating or
        editing an earlier turn simply rewinds further back. Only what a fresh start
        would compute bit for bit is reused (``_exact``), and the caller pre-fills the
        rest in ``prefill_chunks(reused, len(prompt), chunk)``: the reply is then the one
        a fresh start gives, token for token (tests/test_kv_reuse_real.py on SmolLM2).
        Creating a generator is costly (tens to hundreds of ms: it allocates the whole
        KV cache), so one is kept and rewound, even to zero; a new one is made only when
        the search options change, or for a seeded sampled reply (so the same seed gives
        the same text).
        """
        self._unsettled = []
        search = self._search_options(params)
        key = tuple(sorted(search.items()))
        if (
            self._generator is None
            or key != self._generator_key
            or (not params.greedy and params.seed is not None)
        ):
            self._generator = None  # free the old cache before allocating a new one
            self._generator = genai.new_generator(self.opened, search)
            self._generator_key = key
            self._sequence = []
            self._uncached = 0
            self._exact = 0
            return 0
        reusable = 0
        if reuse:
            cached = len(self._sequence) - self._uncached
            reusable = min(common_prefix(self._sequence, prompt), cached, self._exact)
            reusable = max(0, min(reusable, len(prompt) - 1))  # the last token gives the logits
            reusable = fresh_shaped_start(reusable, len(prompt), chunk)
        if reusable < len(self._sequence):
            genai.rewind(self._generator, reusable)
            del self._sequence[reusable:]
        self._uncached = 0
        self._exact = min(self._exact, reusable)
        return reusable

    def append(self, ids: list[int]) -> None:
        genai.append_tokens(self._generator, ids)
        if len(ids) > 1 and self._exact == len(self._sequence):
            self._exact += len(ids)
        self._sequence.extend(ids)
        self._uncached = 0

    def generate(self) -> int:
        token = genai.next_token(self._generator)
        if token in self.eos_ids:
            self._uncached = 0  # the library does not append EOS; all before it is cached
        else:
            self._sequence.append(token)
            self._uncached = min(len(self._sequence), self._uncached_after_generate)
        return token

    def settle_step(self, most: int = SETTLE_CHUNK_TOKENS) -> bool:
        """Pre-fill again, in one call of two to ``most`` tokens, the next part of the
        sequence whose KV is not what a fresh prefill computes (a reply, run through the
        model one token at a time), so the next turn can reuse it. Returns whether there
        is more to do. Stopping at any point is safe: the sequence then ends earlier."""
        if self._generator is None:
            return False
        if not self._unsettled:
            start = min(self._exact, len(self._sequence) - self._uncached)
            if len(self._sequence) - start == 1 and start > 0:
                start -= 1  # never a one-token call
            if len(self._sequence) - start < 2:
                return False
            self._unsettled = self._sequence[start:]
            genai.rewind(self._generator, start)
            del self._sequence[start:]
            self._uncached = 0
            self._exact = min(self._exact, start)
        take = min(max(3, most), len(self._unsettled))
        if len(self._unsettled) - take == 1:
            take -= 1  # leave two, not one, for the last call
        ids, self._unsettled = self._unsettled[:take], self._unsettled[take:]
        self.append(ids)
        return bool(self._unsettled)

    def done(self) -> bool:
        return genai.is_done(self._generator)

    @property
    def sequence_length(self) -> int:
        return len(self._sequence)

    def warm_up(self) -> None:
        """Run one token so the first real request does not pay for first-run
        allocations (measured: ~0.6 s for the first generator of an 8k-context model)."""
        try:
            prompt = self.opened.encode(
                self.template.render(
                    [{"role": "user", "content": "Hi"}], add_generation_prompt=True
                )
            )
            params = GenerationParams(temperature=0.0, max_new_tokens=1)
            self.prepare(prompt, params, reuse=False)
            self.append(prompt)
            self.generate()
        except Exception:
            self.reset()  # warming up is an optimisation; the real request will say what is wrong

    def reset(self) -> None:
        self._generator = None
        self._generator_key = None
        self._sequence = []
        self._uncached = 0
        self._exact = 0
        self._unsettled = []


class _TokenSender:
    """Sends generated text to the app, coalescing tokens that come faster than
    ``interval`` (the first one always goes at once). Each message wakes the app's
    reader; on a machine with two cores that costs the worker's compute threads a few
    percent of decode speed at one message per token, for no visible gain (a screen
    shows ~60 frames a second)."""

    def __init__(self, send: Send, request_id: int, interval: float) -> None:
        self._send = send
        self._request_id = request_id
        self._interval = interval
        self._text = ""
        self._tokens = 0
        self._unsent = False
        self._last_sent = -1e9

    def add(self, text: str, tokens: int, *, force: bool = False) -> None:
        if not text and tokens == self._tokens:
            return  # nothing new (e.g. an empty tail at the end)
        self._text += text
        self._tokens = tokens
        self._unsent = True
        now = time.perf_counter()
        if force or now - self._last_sent >= self._interval:
            self._last_sent = now
            self.flush()

    def flush(self) -> None:
        if self._unsent and (self._text or self._tokens):
            self._send(TokenText(self._request_id, self._text, self._tokens))
        self._text = ""
        self._unsent = False


class Worker:
    """Runs commands from the app, one at a time, and reports events."""

    def __init__(
        self, send: Send, commands: Connection, cancel: CancelFlag, test_hooks: bool
    ) -> None:
        self._send = send
        self._commands = commands
        self._cancel = cancel
        self._test_hooks = test_hooks
        self.session: ModelSession | None = None
        self._provider = "cpu"

    # ---- load -----------------------------------------------------------------

    def load(self, cmd: LoadCommand) -> None:
        started = time.perf_counter()
        self.session = None
        try:
            info = cmd.folder or check_model_folder(
                cmd.model_path, max_length=cmd.max_context_tokens
            )
            graph = lastlogits.prepare(
                info.path, info.decoder_file, info.graph_shape, enabled=cmd.last_logits
            )
            # int8 compute (engine.cpu_int8_compute): a copy of the graph that would run
            int8 = int8graph.Int8Graph(graph.graph, False)
            if cmd.cpu_int8:
                int8 = int8graph.prepare(
                    info.path,
                    graph.graph,
                    providers=cmd.providers,
                    cache_dir=Path(cmd.cache_dir) if cmd.cache_dir else None,
                    progress=lambda done, total: self._send(LoadProgress("int8", done, total)),
                )
            chosen = int8.graph
            opened = genai.open_model(
                info.path,
                cmd.providers,
                Path(os.path.relpath(chosen, info.path)).as_posix()
                if chosen != info.decoder_file
                else None,
            )
            template = load_chat_template(info.path)
            context = cmd.max_context_tokens or info.context_length
            eos_ids, share_buffer = _cache_facts(info.path)
            session = ModelSession(
                opened,
                template,
                context,
                eos_ids,
                share_buffer=share_buffer,
                kv=info.kv,
                context_ceiling=cmd.context_ceiling,
                available_memory=self._available_memory,
            )
            session.warm_up()
            self.session = session
        except e.EngineError as exc:
            self._send(Failed(0, exc.kind, exc.message, exc.hint))
            return
        except Exception as exc:
            self._send(
                Failed(
                    0,
                    e.ModelLoadFailed.kind,
                    t("The model could not be loaded: {exc}", exc=exc),
                    t("Download or import the model again."),
                )
            )
            return
        self._provider = opened.provider
        self._send(
            Loaded(
                model_path=str(info.path),
                model_type=info.model_type,
                provider=opened.provider,
                provider_notes=tuple(opened.notes),
                context_length=context,
                load_s=time.perf_counter() - started,
                worker_rss_mb=_rss_mb(),
                chat_template_source=template.source,
                last_logits=graph.pruned,
                last_logits_note=graph.note,
                cpu_int8=int8.int8,
                cpu_int8_note=int8.note,
            )
        )

    def _available_memory(self) -> int | None:
        return available_memory(self._test_hooks)

    # ---- chat -----------------------------------------------------------------

    def _hold(self, cmd: ChatCommand, phase: str, index: int) -> None:
        hold = cmd.hold
        if not self._test_hooks or hold is None or hold.phase != phase or hold.index != index:
            return
        self._send(Held(cmd.request_id, phase, index))
        if hold.until_cancel:
            while not self._cancel.is_set_for(cmd.request_id):
                if self._commands.poll(0.005):
                    self._commands.recv()  # EOFError (the app is gone) ends the worker
            return
        while not isinstance(self._commands.recv(), ReleaseCommand):
            pass

    def chat(self, cmd: ChatCommand) -> None:
        session = self.session
        if session is None:
            self._send(
                Failed(
                    cmd.request_id,
                    e.NoModelLoaded.kind,
                    "No model is loaded.",
                    "Choose a model first.",
                )
            )
            return
        try:
            self._chat(session, cmd)
        except e.EngineError as exc:
            self._send(Failed(cmd.request_id, exc.kind, exc.message, exc.hint))
        except Exception as exc:
            session.reset()  # the cache may be inconsistent after a native error
            self._send(
                Failed(
                    cmd.request_id,
                    e.GenerationFailed.kind,
                    t("The model stopped with an error while writing the reply: {exc}", exc=exc),
                    "Try again; if it keeps failing, reload the model or choose another one.",
                )
            )

    def _chat(self, session: ModelSession, cmd: ChatCommand) -> None:
        rid = cmd.request_id
        params = cmd.params
        started = time.perf_counter()
        plan = session.plan_prompt(cmd.messages, params, continue_last=cmd.continue_last)
        chunk = max(1, cmd.prefill_chunk_tokens)
        reused = session.prepare(plan.ids, params, reuse=cmd.reuse_cache, chunk=chunk)
        self._send(
            PromptReady(
                rid,
                len(plan.ids),
                reused,
                plan.trimmed_messages,
                plan.trimmed_tokens,
                session.context_limit,
                plan.grown_from,
            )
        )

        def finish(
            reason: StopReason,
            generated: int,
            first: float | None,
            last: float | None,
            stop: str | None = None,
        ) -> None:
            now = time.perf_counter()
            ttft = ((first or now) - started) * 1000
            decode_tps = (
                (generated - 1) / (last - first) if first and last and last > first else 0.0
            )
            self._send(
                Finished(
                    rid,
                    ReplyStats(
                        prompt_tokens=len(plan.ids),
                        generated_tokens=generated,
                        reused_tokens=reused,
                        ttft_ms=ttft,
                        prefill_ms=prefill_ms,
                        decode_tps=decode_tps,
                        total_ms=(now - started) * 1000,
                        provider=self._provider,
                        stop_reason=reason,
                        stop_string=stop,
                    ),
                )
            )

        # Prefill in chunks: progress, and a chance to cancel between chunks. The chunk
        # boundaries are at absolute positions, the same as a fresh start's.
        prefill_ms = 0.0
        chunks = prefill_chunks(reused, len(plan.ids), chunk)
        for index, (start, done) in enumerate(chunks, start=1):
            session.append(plan.ids[start:done])
            self._send(PrefillProgress(rid, done, len(plan.ids)))
            self._hold(cmd, "prefill", index)
            if self._cancel.is_set_for(rid):
                prefill_ms = (time.perf_counter() - started) * 1000
                finish(StopReason.CANCELLED, 0, None, None)
                return
        prefill_ms = (time.perf_counter() - started) * 1000

        sender = _TokenSender(self._send, rid, cmd.stream_interval_ms / 1000)
        decoder = IncrementalDecoder(session.opened.decode)
        stops = StopStringFilter(params.stop)
        generated = 0
        first: float | None = None
        last: float | None = None
        reason = StopReason.LENGTH
        while True:
            if session.done() or session.sequence_length >= session.context_limit:
                reason = StopReason.LENGTH
                break
            token = session.generate()
            last = time.perf_counter()
            if first is None:
                first = last
            if token in session.eos_ids:
                reason = StopReason.END_OF_TEXT
                break
            generated += 1
            sender.add(stops.push(decoder.push(token)), generated)
            if stops.matched is not None:
                reason = StopReason.STOP_STRING
                break
            if cmd.hold is not None and cmd.hold.phase == "decode":
                sender.flush()  # the test seam sees every token before the hold
            self._hold(cmd, "decode", generated)
            if generated >= params.max_new_tokens:
                reason = StopReason.LENGTH
                break
            if self._cancel.is_set_for(rid):
                reason = StopReason.CANCELLED
                break
        if stops.matched is None:
            tail = stops.push(decoder.flush())
            tail += "" if stops.matched is not None else stops.flush()
            if stops.matched is not None:
                reason = StopReason.STOP_STRING
            sender.add(tail, generated, force=False)
        sender.flush()
        finish(reason, generated, first, last, stops.matched)
        # not for a request that asked for a fresh start (benchmarks), nor after a seeded
        # reply (the next one gets a new generator anyway)
        if cmd.reuse_cache and (params.greedy or params.seed is None):
            self._settle(session)

    def _settle(self, session: ModelSession) -> None:
        """After a reply, until a command arrives: pre-fill the reply again the way a fresh
        start would (ModelSession.settle_step), so the next turn reuses it and still gets
        the reply a fresh start gives. A command waits for one step at most, and not at
        all if it comes within SETTLE_AFTER_S."""
        if self._commands.poll(SETTLE_AFTER_S):
            return  # a client sending requests back to back: do not make it wait
        try:
            while not self._commands.poll(0) and session.settle_step(SETTLE_CHUNK_TOKENS):
                pass
        except Exception:
            session.reset()  # an optimisation: the next request starts from an empty cache


def worker_main(
    commands: Connection,
    events: Connection,
    cancel_shared: Any,
    idle_seconds: float,
    test_hooks: bool,
) -> None:
    """Entry point of the worker process (spawned by :class:`LocalEngine`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the app's to turn into a cancel
    worker = Worker(events.send, commands, CancelFlag(cancel_shared), test_hooks)
    try:
        while True:
            timeout = idle_seconds if worker.session is not None and idle_seconds > 0 else None
            if not commands.poll(timeout):
                events.send(Unloaded("idle"))
                return
            cmd = commands.recv()
            if isinstance(cmd, LoadCommand):
                worker.load(cmd)
            elif isinstance(cmd, ChatCommand):
                worker.chat(cmd)
            elif isinstance(cmd, UnloadCommand):
                events.send(Unloaded("requested"))
                return
            # a stray ReleaseCommand (hold already passed) is ignored
    except (EOFError, BrokenPipeError, ConnectionResetError):
        return  # the app went away: nothing left to serve
    except Exception as exc:  # a bug in the worker: into the data folder's worker.log
        from agentic_desk.core import diagnostics
        from agentic_desk.core.paths import AppPaths

        diagnostics.setup_logging(AppPaths.from_env().logs_dir, worker=True)
        diagnostics.report_unexpected(exc, "the inference worker")
        raise
