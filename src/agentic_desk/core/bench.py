"""Benchmarks of the local engine: the app's path against the library used directly.

"raw" is onnxruntime-genai driven in this process, the way its examples do it.
"app" is the engine path every face uses: the worker process, the pipe, and
:class:`ReplyConsumer` handing every token to a callback that records it (the window, CLI
and server reach it through ``core/providers/local.py``, a thin mapping to events).
Compared runs alternate and report medians, because numbers on shared machines
swing by ±15% between runs; only same-run ratios mean anything.
"""

from __future__ import annotations

import gc
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from agentic_desk.core.engine import genai, lastlogits
from agentic_desk.core.engine.client import (
    DEFAULT_STREAM_INTERVAL_MS,
    LocalEngine,
    ReplyConsumer,
)
from agentic_desk.core.engine.folder import check_model_folder
from agentic_desk.core.engine.protocol import ChatMessage, GenerationParams, Reply, TokenText
from agentic_desk.core.engine.templates import load_chat_template

DECODE_PROMPT = (
    "Write a long, detailed story about a lighthouse keeper who finds a message in a bottle. "
    "Describe each day of his week, the weather, the sea and the people he meets."
)
SHORT_PROMPT = "Give me three tips for writing a clear and friendly email to a new colleague."
FILLER = (
    "The harbour town wakes early. Fishing boats leave before dawn, gulls circle the market, "
    "and the baker on Quay Street sells out of rolls by seven. In winter the ferry runs twice "
    "a day; in summer, every hour, and the cafes put tables on the cobbles. Old Mrs Penrose "
    "keeps the tide tables pinned in her window, and children check them before they swim. "
)

TARGETS = {
    "decode_ratio": ">= 0.97",
    "ttft_overhead_ms": "<= 15",
    "max_stall_ms": "<= 50",
    "multiturn_ttft_ratio": "<= 1.5",
}


@dataclass
class Samples:
    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        self.values.setdefault(name, []).append(value)

    def median(self, name: str) -> float:
        return statistics.median(self.values[name])


class RawPath:
    """onnxruntime-genai used directly in this process (the baseline), with the settings
    the app's worker loads the model with (one compute thread per core, the graph that
    computes the last prompt position's logits only), so the ratio measures the app's path
    (worker process, pipe, chunks, streaming), not its settings."""

    def __init__(self, model_path: Path, max_length: int | None = None) -> None:
        self.og = genai.module()
        info = check_model_folder(model_path)
        graph = lastlogits.prepare(info.path, info.decoder_file)
        decoder = graph.graph.relative_to(info.path).as_posix() if graph.pruned else None
        self.model = genai.open_model(info.path, ("auto",), decoder).model
        self.tokenizer = self.og.Tokenizer(self.model)
        self.template = load_chat_template(model_path)
        params = self.og.GeneratorParams(self.model)
        # The same KV cache size as the app's worker (it allocates max_length up front).
        max_length = max_length or loaded_context(model_path)
        params.set_search_options(do_sample=False, max_length=max_length)
        # One generator, rewound to empty for each run: creating one allocates the
        # whole KV cache, which the app path avoids the same way.
        self.generator = self.og.Generator(self.model, params)

    def prompt_ids(self, text: str) -> Any:
        rendered = self.template.render(
            [{"role": "user", "content": text}], add_generation_prompt=True
        )
        return self.tokenizer.encode(rendered)

    def _generator(self) -> Any:
        self.generator.rewind_to(0)
        return self.generator

    def decode_tps(self, text: str, tokens: int) -> tuple[float, int]:
        generator = self._generator()
        generator.append_tokens(self.prompt_ids(text))
        stream = self.tokenizer.create_stream()
        times: list[float] = []
        while len(times) < tokens and not generator.is_done():
            generator.generate_next_token()
            stream.decode(int(generator.get_next_tokens()[0]))
            times.append(time.perf_counter())
        return (len(times) - 1) / (times[-1] - times[0]), len(times)

    def ttft_ms(self, text: str) -> float:
        started = time.perf_counter()
        generator = self._generator()
        generator.append_tokens(self.prompt_ids(text))
        generator.generate_next_token()
        generator.get_next_tokens()
        return (time.perf_counter() - started) * 1000


def loaded_context(model_path: Path) -> int:
    return check_model_folder(model_path).context_length


def _greedy(max_new_tokens: int) -> GenerationParams:
    return GenerationParams(temperature=0.0, max_new_tokens=max_new_tokens)


def _app_reply(
    engine: LocalEngine,
    messages: list[ChatMessage],
    max_new_tokens: int,
    times: list[tuple[float, int]],
    *,
    reuse: bool,
) -> Reply:
    """One reply through the app path; ``times`` gets (arrival time, tokens so far) of
    every token event."""

    def record(event: object) -> None:
        if isinstance(event, TokenText):
            times.append((time.perf_counter(), event.tokens))

    stream = engine.chat(messages, _greedy(max_new_tokens), reuse_cache=reuse)
    return ReplyConsumer(on_text=lambda _text: None, on_event=record).consume(stream)


def app_decode_tps(engine: LocalEngine, text: str, tokens: int) -> tuple[float, int]:
    times: list[tuple[float, int]] = []
    _app_reply(engine, [ChatMessage("user", text)], tokens, times, reuse=False)
    (t_first, n_first), (t_last, n_last) = times[0], times[-1]
    return (n_last - n_first) / (t_last - t_first), n_last


def app_ttft_ms(engine: LocalEngine, messages: list[ChatMessage], *, reuse: bool) -> float:
    times: list[tuple[float, int]] = []
    started = time.perf_counter()
    _app_reply(engine, messages, 1, times, reuse=reuse)
    return (times[0][0] - started) * 1000


def max_stall_ms(consume: Callable[[], object]) -> float:
    """Largest lateness of a 5 ms timer on this thread while ``consume`` runs on another."""
    worst = 0.0
    thread = threading.Thread(target=consume, name="bench-consumer")
    thread.start()
    while thread.is_alive():
        target = time.perf_counter() + 0.005
        time.sleep(0.005)
        worst = max(worst, time.perf_counter() - target)
    thread.join()
    return worst * 1000


def long_text(raw: RawPath, tokens: int) -> str:
    text = FILLER
    while len(raw.prompt_ids(text)) < tokens:
        text += FILLER
    return text


def build_conversation(engine: LocalEngine, turn_texts: list[str]) -> list[ChatMessage]:
    messages: list[ChatMessage] = []
    for text in turn_texts:
        messages.append(ChatMessage("user", text))
        reply = _app_reply(engine, messages, 40, [], reuse=True)
        messages.append(ChatMessage("assistant", reply.text))
    return messages


def run_benchmarks(
    model_path: Path,
    *,
    runs: int = 5,
    decode_tokens: int = 200,
    stream_interval_ms: float = DEFAULT_STREAM_INTERVAL_MS,
    max_context_tokens: int | None = None,
    quick: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """App against raw: decode and first token; unless ``quick``, also the GUI-thread
    stall during a long prefill and multi-turn reuse (each of those pre-fills ~1,500
    tokens: minutes per run for a 3.8B model on 2 cores). ``max_context_tokens`` is the
    KV cache both paths allocate (default: the model's context)."""
    say = progress or (lambda _msg: None)
    samples = Samples()
    say("loading the model (app path: worker process)")
    with LocalEngine(stream_interval_ms=stream_interval_ms) as engine:
        started = time.perf_counter()
        loaded = engine.load(model_path, max_context_tokens=max_context_tokens)
        load_s = time.perf_counter() - started
        pid = engine.worker_pid
        rss = psutil.Process(pid).memory_info().rss / 2**20 if pid else float("nan")
        context = loaded.context_length

        # One copy of the model in memory at a time, loaded afresh for each side of each
        # run: with two copies alive, the one loaded second decoded 10-20% faster here
        # whichever path held it (bench_convert.py saw it too), which skewed the ratio.
        def raw_side() -> None:
            raw = RawPath(model_path, context)
            tps, n = raw.decode_tps(DECODE_PROMPT, decode_tokens)
            samples.add("raw_decode_tps", tps)
            samples.add("decode_tokens", n)
            samples.add("raw_ttft_ms", raw.ttft_ms(SHORT_PROMPT))
            del raw
            gc.collect()

        def app_side() -> None:
            if not engine.has_model:
                engine.load(model_path, max_context_tokens=max_context_tokens)
            tps, _ = app_decode_tps(engine, DECODE_PROMPT, decode_tokens)
            samples.add("app_decode_tps", tps)
            message = [ChatMessage("user", SHORT_PROMPT)]
            samples.add("app_ttft_ms", app_ttft_ms(engine, message, reuse=False))
            engine.unload()

        for run in range(1, runs + 1):
            # ABBA: which side goes first alternates
            sides = [app_side, raw_side] if run % 2 else [raw_side, app_side]
            say(f"run {run}/{runs}: decode and first token ({'app' if run % 2 else 'raw'} first)")
            for side in sides:
                side()
        extra: dict[str, Any] = {}
        if not quick:
            engine.load(model_path, max_context_tokens=max_context_tokens)
            raw = RawPath(model_path, context)
            extra = _stall_and_multiturn(engine, raw, runs, decode_tokens, samples, say)
    if not quick:
        say("baseline: the same prefill on a thread of this process (GIL held)")
        prefill_text = long_text(raw, 1500)
        thread_stall = max_stall_ms(lambda: raw.decode_tps(prefill_text, decode_tokens))
        extra["thread_baseline_stall_ms"] = round(thread_stall, 1)

    raw_tps = samples.median("raw_decode_tps")
    app_tps = samples.median("app_decode_tps")
    result: dict[str, Any] = {
        "model": str(model_path),
        "provider": loaded.provider,
        "onnxruntime_genai": genai.version(),
        "runs": runs,
        "quick": quick,
        "context_tokens": loaded.context_length,
        "stream_interval_ms": stream_interval_ms,
        "raw_decode_tps": round(raw_tps, 1),
        "app_decode_tps": round(app_tps, 1),
        "decode_ratio": round(app_tps / raw_tps, 3),
        "decode_tokens": int(samples.median("decode_tokens")),
        "raw_ttft_ms": round(samples.median("raw_ttft_ms"), 1),
        "app_ttft_ms": round(samples.median("app_ttft_ms"), 1),
        "ttft_overhead_ms": round(samples.median("app_ttft_ms") - samples.median("raw_ttft_ms"), 1),
        **extra,
        "load_s": round(load_s, 3),
        "model_load_s": round(loaded.load_s, 3),
        "worker_rss_mb": round(rss, 1),
        "targets": TARGETS,
        "samples": {k: [round(v, 2) for v in vs] for k, vs in samples.values.items()},
    }
    return result


def _stall_and_multiturn(
    engine: LocalEngine,
    raw: RawPath,
    runs: int,
    decode_tokens: int,
    samples: Samples,
    say: Callable[[str], None],
) -> dict[str, Any]:
    prefill_text = long_text(raw, 1500)
    turn_text = long_text(raw, 300)
    turns = [f"Part {i + 1}. {turn_text}" for i in range(5)]
    history: list[ChatMessage] = []
    for run in range(1, runs + 1):
        say(f"run {run}/{runs}: multi-turn")
        history = build_conversation(engine, turns)
        samples.add(
            "multiturn_turn6_ttft_ms",
            app_ttft_ms(engine, [*history, ChatMessage("user", SHORT_PROMPT)], reuse=True),
        )
        samples.add(
            "multiturn_turn1_ttft_ms",
            app_ttft_ms(engine, [ChatMessage("user", SHORT_PROMPT)], reuse=False),
        )
        say(f"run {run}/{runs}: GUI-thread stall during a long prefill")
        samples.add(
            "max_stall_ms",
            max_stall_ms(
                lambda: _app_reply(
                    engine, [ChatMessage("user", prefill_text)], decode_tokens, [], reuse=False
                )
            ),
        )
    turn6 = samples.median("multiturn_turn6_ttft_ms")
    turn1 = samples.median("multiturn_turn1_ttft_ms")
    return {
        "max_stall_ms": round(max(samples.values["max_stall_ms"]), 1),
        "max_stall_ms_median": round(samples.median("max_stall_ms"), 1),
        "multiturn_turn6_ttft_ms": round(turn6, 1),
        "multiturn_turn1_ttft_ms": round(turn1, 1),
        "multiturn_ttft_ratio": round(turn6 / turn1, 3),
        "multiturn_history_tokens": len(raw.prompt_ids("\n".join(m.content for m in history))),
        "prefill_prompt_tokens": len(raw.prompt_ids(prefill_text)),
    }
