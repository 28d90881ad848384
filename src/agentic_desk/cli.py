"""``agentic-desk``: the headless face of the core (chat, bench, settings).

Expected failures (a broken model folder, a bad setting) print what happened and
what to do, never a traceback. Ctrl+C during a reply cancels the reply, not the
program; at the prompt it leaves the chat.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from agentic_desk import __version__
from agentic_desk.cli_audit import add_parsers as add_audit_parsers
from agentic_desk.cli_cloud import add_parsers as add_cloud_parsers
from agentic_desk.cli_conversations import add_parsers as add_conversation_parsers
from agentic_desk.cli_library import add_parsers as add_library_parsers
from agentic_desk.cli_models import add_parsers as add_model_parsers
from agentic_desk.cli_serve import add_parsers as add_serve_parsers
from agentic_desk.cli_templates import add_parsers as add_template_parsers
from agentic_desk.core import jsonload
from agentic_desk.core.budget import gb
from agentic_desk.core.chat import (
    CancelToken,
    ChatRequest,
    ChatResult,
    ChatService,
    ReplyInfo,
)
from agentic_desk.core.context import AppContext
from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.engine import (
    ChatMessage,
    GenerationParams,
)
from agentic_desk.core.engine.client import DEFAULT_STREAM_INTERVAL_MS, stop_reason_label
from agentic_desk.core.engine.genai import PROVIDER_LABELS
from agentic_desk.core.engine.protocol import Held, Loaded, PromptReady, StopReason
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.flavour import check_single_flavour, describe_flavour
from agentic_desk.core.generation import params_as_dict, params_from_settings, with_overrides
from agentic_desk.core.paths import AppPaths, private_umask
from agentic_desk.core.privacy.levels import COMPLEXITY_LEVELS, PRIVACY_LEVELS, Privacy
from agentic_desk.core.privacy.pseudonymise import PseudonymMap, unknown_note
from agentic_desk.core.routing.config import LOCAL_ALIASES
from agentic_desk.core.settings import (
    EngineSettings,
    Settings,
    SettingsStore,
    apply_changes,
    normalize_provider,
)
from agentic_desk.core.turn import (
    ChatTurn,
    Continue,
    PrivacyRaised,
    Send,
    TurnEvent,
    TurnSpec,
    Waiting,
)


class CliError(AgenticDeskError):
    """A mistake on the command line."""


def _print_error(exc: AgenticDeskError, out: TextIO) -> None:
    print(f"error: {exc.message}", file=out)
    if exc.hint:
        print(f"  {exc.hint}", file=out)


def _use_language() -> None:
    """The core's messages (errors, hints, notices) in the ``ui.language`` setting's language
    ("system": the locale from LC_ALL / LC_MESSAGES / LANG), as in the window (issue 16).
    Read straight from the file: loading it here could set a damaged file aside before the
    command reports it."""
    from agentic_desk.core import i18n

    language: object = Settings().ui.language
    try:
        data = jsonload.loads(AppPaths.from_env().settings_file.read_bytes())
        ui = data.get("ui") if isinstance(data, dict) else None
        if isinstance(ui, dict) and isinstance(ui.get("language"), str):
            language = ui["language"]
    except (OSError, ValueError, AgenticDeskError):
        pass  # no file, or one the command reports: the default
    i18n.use_setting(str(language))


def _load_settings(err: TextIO) -> tuple[AppPaths, SettingsStore, Settings]:
    paths = AppPaths.from_env()
    store = SettingsStore(paths.settings_file)
    result = store.load()
    for problem in result.problems:
        print(f"warning: {problem}", file=err)
    return paths, store, result.settings


@contextlib.contextmanager
def _ctrl_c_cancels(token: CancelToken) -> Iterator[None]:
    """While a reply streams, Ctrl+C cancels it (the worker process ignores SIGINT)."""

    def cancel(_signum: int, _frame: object) -> None:
        token.cancel()

    previous = signal.signal(signal.SIGINT, cancel)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _params(engine: EngineSettings, args: argparse.Namespace) -> GenerationParams:
    """The settings' reply settings with --max-tokens / --temperature applied (checked
    against the same limits as the settings)."""
    return with_overrides(
        params_from_settings(engine), max_new_tokens=args.max_tokens, temperature=args.temperature
    )


def _providers(args: argparse.Namespace, engine: EngineSettings) -> list[str]:
    if not args.ep:
        return list(engine.execution_providers)
    names = [normalize_provider(n) for n in args.ep.split(",") if n.strip()]
    known = ("auto", "cuda", "dml", "cpu")
    bad = [n for n in names if n not in known]
    if bad or not names or ("auto" in names and len(names) > 1):
        raise CliError(
            f"--ep {args.ep!r} is not a valid list of execution providers.",
            "Use auto, or a comma-separated list of cuda, dml and cpu (e.g. --ep cuda,cpu).",
        )
    return names


def format_info(info: ReplyInfo) -> str:
    """The statistics line under a reply."""
    parts = [f"{info.completion_tokens} tokens"]
    if info.tokens_per_s > 0:
        parts.append(f"{info.tokens_per_s:.1f} tok/s")
    if info.completion_tokens:
        parts.append(f"first token {info.ttft_ms:.0f} ms")
    prompt = f"prompt {info.prompt_tokens} tokens"
    if info.reused_tokens:
        prompt += f" ({info.reused_tokens} cached)"
    parts.append(prompt)
    if info.provider == "local":
        parts.append(PROVIDER_LABELS.get(info.execution_provider or "", "local"))
    else:
        parts.append(f"${info.cost:.4f}" if info.cost_known else "cost unknown")
    reason = StopReason(info.stop_reason) if info.stop_reason in set(StopReason) else None
    parts.append(stop_reason_label(reason) if reason else info.stop_reason)
    return "[" + " · ".join(parts) + "]"


class ChatSession:
    """A conversation in the terminal over the core's :class:`ChatService`.

    With a conversation ``store`` (the default of ``agentic-desk chat``) every turn is the
    core's :class:`~agentic_desk.core.turn.ChatTurn`: the conversation is saved to the
    same history the window shows (``conversation_id``: go on with that one). Without a
    store (``--no-save``) the conversation lives in memory only."""

    def __init__(
        self,
        service: ChatService,
        params: GenerationParams,
        system: str | None,
        out: TextIO,
        err: TextIO,
        *,
        privacy: Privacy | str = Privacy.NORMAL,
        complexity: str | None = None,
        provider: str | None = None,
        store: ConversationStore | None = None,
        conversation_id: str | None = None,
        template: str | None = None,
        pseudonymise: bool = False,
        libraries: Any = None,
        library_ids: Sequence[str] = (),
        as_json: bool = False,
    ) -> None:
        self.service = service
        # chat --library: the core.library Libraries, the ids this conversation uses, and
        # --json (the reply and its citations as one JSON object instead of streamed text)
        self.libraries = libraries
        self.library_ids = list(library_ids)
        self.as_json = as_json
        self.citations: list[dict[str, Any]] = []
        # --pseudonymise: cloud requests of this run go with personal details replaced
        self.pseudonymise = pseudonymise
        self.pseudonyms: PseudonymMap | None = None  # the run's placeholders (--no-save)
        self.store = store
        self.conversation_id = conversation_id
        self.template = template  # a new saved conversation records it, with its settings
        self.params = params
        self.system = system
        self.out = out
        self.err = err
        self.privacy = privacy
        self.complexity = complexity
        self.provider = provider
        self.messages = [ChatMessage("system", self.system)] if self.system else []

    def reset(self) -> None:
        self.messages = [ChatMessage("system", self.system)] if self.system else []
        if self.store is not None:
            self.conversation_id = None  # the next message starts a new saved conversation

    def can_continue(self) -> bool:
        if self.store is not None:
            return self._last_reply() is not None
        return bool(self.messages) and self.messages[-1].role == "assistant"

    def _last_reply(self) -> str | None:
        if self.store is None or self.conversation_id is None:
            return None
        shown = self.store.messages(self.conversation_id)
        return shown[-1].id if shown and shown[-1].role == "assistant" else None

    def ask(self, text: str | None) -> ChatResult:
        """Send ``text``; ``None`` continues the last reply (``/continue``): the model goes
        on from its last word and the new text is added to that reply."""
        if self.store is not None:
            return self._ask_saved(self.store, text)
        continuing = text is None
        if text is not None:
            self.messages.append(ChatMessage("user", text))

        trimmed: list[PromptReady] = []

        def note(event: object) -> None:
            self._held(event)
            if isinstance(event, PromptReady) and event.notes():
                trimmed.append(event)

        request = ChatRequest(
            self.messages,
            self.params,
            privacy=self.privacy,
            complexity=self.complexity,
            provider=self.provider,
            continue_reply=continuing,
            pseudonymise=self.pseudonymise,
            pseudonyms=self.pseudonyms,
        )
        token = CancelToken()
        with _ctrl_c_cancels(token):
            result = self.service.send(request, self._show, token, on_event=note)
        if result.plan.sends_pseudonymised and result.plan.pseudonymised is not None:
            self.pseudonyms = result.plan.pseudonymised.mapping
        self._report(result, [line for event in trimmed for line in event.notes()])
        if result.error is not None and not result.text:
            if not continuing:
                self.messages.pop()  # nothing came back: let the user send it again
            return result
        if result.text and continuing:
            partial = self.messages.pop()
            self.messages.append(ChatMessage("assistant", partial.content + result.text))
        elif result.text:
            self.messages.append(ChatMessage("assistant", result.text))
        return result

    def _show(self, piece: str) -> None:
        if self.as_json:
            return
        self.out.write(piece)
        self.out.flush()

    def _held(self, event: object) -> None:
        if isinstance(event, Held):  # only with test hooks on
            engine = self.service.engine
            pid = engine.worker_pid if engine is not None else None
            print(
                f"test-hook: held at {event.phase} {event.index} (worker pid {pid})",
                file=self.err,
                flush=True,
            )

    def _report(self, result: ChatResult, notes: list[str]) -> None:
        """What is said after a reply: the privacy notice, context notes, how it ended."""
        if result.plan.notice:
            print(f"privacy: {result.plan.notice}", file=self.err)
        if result.text and not result.text.endswith("\n"):
            self.out.write("\n")
            self.out.flush()
        for line in notes:
            print(f"note: {line}", file=self.err)
        if result.error is not None:
            if result.text:  # said first, so the reason is the last thing on screen
                print("interrupted: the reply above is incomplete.", file=self.err)
            _print_error(result.error, self.err)
            return
        if result.info is not None:
            for failure in result.info.failed_attempts:
                print(f"note: {failure}", file=self.err)
            if result.info.pseudonymised:
                print(f"note: {unknown_note(result.info.pseudonymised)}", file=self.err)
            print(format_info(result.info), file=self.err)
            print(f"({result.info.where})", file=self.err)

    def _ask_saved(self, store: ConversationStore, text: str | None) -> ChatResult:
        """A turn of the saved conversation (see the class docs)."""
        if self.conversation_id is None:
            self.conversation_id = store.create_conversation(
                system_prompt=self.system,
                privacy=str(self.privacy),
                complexity=self.complexity,
                template=self.template,
                # a template's reply settings stay with its conversation (--conversation)
                params=params_as_dict(self.params) if self.template else None,
            ).id
        conversation = store.get_conversation(self.conversation_id)
        if self.library_ids:  # chat --library: this conversation uses these libraries too
            known = store.libraries_of(conversation.id)
            store.set_libraries(conversation.id, [*known, *self.library_ids])
        if text is None:
            last = self._last_reply()
            if last is None:
                raise CliError("There is no reply to continue.", "Send a message first.")
            action: Send | Continue = Continue(last)
        else:
            action = Send(text)
        notes: list[str] = []

        def report(event: TurnEvent) -> None:
            if isinstance(event, Waiting):
                notes.extend(event.text.splitlines())
            elif isinstance(event, PrivacyRaised):
                print(f"privacy: {event.raised.describe()}", file=self.err)

        spec = TurnSpec(
            conversation.id,
            conversation.privacy,
            None,
            self.complexity or conversation.complexity,
            self.params,
            provider=self.provider,
            pseudonymise=True if self.pseudonymise else None,
        )
        token = CancelToken()
        with _ctrl_c_cancels(token):
            outcome = ChatTurn(store, self.service, libraries=self.libraries).run(
                spec,
                action,
                on_text=self._show,
                report=report,
                cancel=token,
                engine_events=self._held,
            )
        result = outcome.result
        self.citations = list(outcome.meta.get("citations") or [])
        if self.as_json:
            from agentic_desk.cli_library import reply_json

            print(reply_json(outcome, self.conversation_id), file=self.out)
        self._report(result, notes)
        if self.citations and result.text and not self.as_json:
            from agentic_desk.cli_library import print_sources

            print_sources(self.citations, self.out)
        return result


def _describe_load(info: Loaded, err: TextIO) -> None:
    name = Path(info.model_path).name
    provider = PROVIDER_LABELS.get(info.provider, info.provider)
    for note in info.provider_notes:
        print(f"note: {note}", file=err)
    print(
        f"Loaded {name} on {provider} in {info.load_s:.2f} s "
        f"(context {info.context_length:,} tokens).",
        file=err,
    )
    if info.context_reason:
        print(
            f"Context: {info.context_reason} About {gb(info.memory_needed_bytes)} of memory "
            "in all (Settings: Longest conversation).",
            file=err,
        )


def cmd_chat(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    paths, store, settings = _load_settings(err)
    engine_settings = settings.engine
    setup = AppContext(paths, store, settings)
    model = setup.default_model(args.model)
    router = setup.router()
    cloud_can_serve = (
        settings.cloud.enabled and (args.provider or router.default_provider) not in LOCAL_ALIASES
    )
    if not model and not cloud_can_serve:
        raise CliError(
            "No model chosen.",
            "Pass --model PATH (a folder with genai_config.json), or set ONNX_MODEL_PATH, or "
            "set engine.model_path with 'agentic-desk settings set engine.model_path PATH'.",
        )
    params = _params(engine_settings, args)
    # ---- templates (chat --template NAME --field k=v): prompt, privacy, reply settings
    system_prompt = args.system or (settings.chat.default_system_prompt or None)
    privacy = args.privacy or settings.privacy.default_level
    start = None
    if args.template:
        from agentic_desk.cli_templates import template_start

        start = template_start(
            paths, settings, args.template, args.field or [], params_from_settings(engine_settings)
        )
        params = with_overrides(  # the command's own flags win over the template's
            start.params, max_new_tokens=args.max_tokens, temperature=args.temperature
        )
        system_prompt = args.system or start.system_prompt
        privacy = args.privacy or start.privacy
        if start.first_message:
            extra = " ".join(args.prompt)  # the message: the skeleton, then what was typed
            args.prompt = [start.first_message + (f"\n\n{extra}" if extra else "")]
        print(f"Template: {start.name}", file=err)
    elif args.field:
        raise CliError("--field needs --template.", 'Example: --template "Formal letter"')
    # ----
    providers = _providers(args, engine_settings)
    check_single_flavour()
    with setup.make_engine() as engine:
        if model:
            print(f"Loading {Path(model).name}…", file=err)
            info = setup.load_model(engine, model, providers)
            _describe_load(info, err)
        service = setup.chat_service(engine)
        with _history(setup, args, err) as history, _libraries(setup, args, history) as libs:
            session = ChatSession(
                service,
                params,
                system_prompt,
                out,
                err,
                privacy=privacy,
                complexity=args.complexity,
                provider=args.provider,
                store=history,
                conversation_id=args.conversation,
                template=start.name if start is not None else None,
                pseudonymise=args.pseudonymise,
                libraries=libs,
                library_ids=[libs.get(name).id for name in args.library or []] if libs else [],
                as_json=args.json,
            )
            if args.prompt:
                reply = session.ask(" ".join(args.prompt))
                code = 1 if reply.error is not None else 0  # a reply cut short by a failure too
            else:
                code = _interactive(session, err)
            if history is not None and session.conversation_id is not None:
                print(
                    f"Saved as conversation {session.conversation_id} "
                    f"(agentic-desk chat --conversation {session.conversation_id} goes on "
                    "with it).",
                    file=err,
                )
            return code


@contextlib.contextmanager
def _history(
    setup: AppContext, args: argparse.Namespace, err: TextIO
) -> Iterator[ConversationStore | None]:
    """The conversation store ``chat`` saves to (None with ``--no-save``); with
    ``--conversation ID`` that conversation must exist (its privacy and settings apply)."""
    if args.no_save:
        if args.conversation:
            raise CliError(
                "--conversation and --no-save cannot be used together.",
                "Leave out --no-save to go on with a saved conversation.",
            )
        yield None
        return
    from agentic_desk.cli_applock import unlock_key

    with setup.conversation_store(key=unlock_key(setup, err)) as store:
        if args.conversation:
            conversation = store.get_conversation(args.conversation)  # a clear error if not
            if conversation.deleted:
                raise CliError(
                    f"Conversation {args.conversation} is in the Trash.",
                    f"Restore it first: agentic-desk conversations trash restore "
                    f"{args.conversation}",
                )
            if args.system or args.privacy:
                raise CliError(
                    "--system and --privacy apply to a new conversation only.",
                    "Change them for this conversation in the window, or start a new one.",
                )
            shown = store.messages(conversation.id)
            print(
                f"Going on with “{conversation.title}” ({len(shown)} messages, privacy "
                f"{conversation.privacy}).",
                file=err,
            )
        yield store


@contextlib.contextmanager
def _libraries(
    setup: AppContext, args: argparse.Namespace, history: ConversationStore | None
) -> Iterator[Any]:
    """``chat --library NAME``: the libraries beside the conversations (core.library);
    also for ``--conversation`` with libraries attached (None when neither)."""
    if args.json and (not args.prompt or history is None):
        raise CliError(
            "--json needs a message, in a saved conversation.",
            'Example: agentic-desk chat --json "Hello" (without --no-save)',
        )
    uses = history is not None and args.conversation and history.libraries_of(args.conversation)
    if not args.library and not uses:
        yield None
        return
    if history is None:
        raise CliError(
            "--library needs a saved conversation.",
            "Leave out --no-save: the conversation remembers which libraries it uses.",
        )
    from agentic_desk.core.library.service import Libraries

    libraries = Libraries.beside(history, setup.models_folder)
    try:
        for name in args.library or []:
            libraries.get(name)  # a clear error for a library that does not exist
        if libraries.embedding_note:
            print(f"note: {libraries.embedding_note}", file=sys.stderr)
        yield libraries
    finally:
        libraries.close()


def _interactive(session: ChatSession, err: TextIO) -> int:
    print(
        "Type a message and press Enter. Ctrl+C stops a reply; /continue goes on with the "
        "last reply; /new starts over; /exit (or Ctrl+D) quits.",
        file=err,
    )
    while True:
        try:
            text = input("you> ")
        except (EOFError, KeyboardInterrupt):
            print(file=err)
            return 0
        command = text.strip()
        if not command:
            continue
        if command in ("/exit", "/quit"):
            return 0
        if command == "/new":
            session.reset()
            print("(new conversation)", file=err)
            continue
        if command == "/continue":
            if session.can_continue():
                session.ask(None)
            else:
                print("(there is no reply to continue)", file=err)
            continue
        session.ask(text)


def cmd_bench(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from agentic_desk.core.engine.folder import check_model_folder

    check_single_flavour()
    folders = [check_model_folder(model).path for model in args.model]
    results = [_bench_one(folder, args, err) for folder in folders]
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results), file=out)
        return 0
    for result in results:
        if len(results) > 1:
            print(f"{result['model']} (context {result['context_tokens']:,} tokens)", file=out)
        _print_bench(result, out)
    return 0


def _bench_one(folder: Path, args: argparse.Namespace, err: TextIO) -> dict[str, Any]:
    from agentic_desk.core.bench import run_benchmarks

    started = time.perf_counter()
    result = run_benchmarks(
        folder,
        runs=args.runs,
        decode_tokens=args.tokens,
        stream_interval_ms=args.stream_interval_ms,
        max_context_tokens=args.context,
        quick=args.quick,
        progress=lambda message: print(f"bench ({folder.name}): {message}", file=err, flush=True),
    )
    result["elapsed_s"] = round(time.perf_counter() - started, 1)
    return result


def _print_bench(result: dict[str, Any], out: TextIO) -> None:
    rows = [
        (
            "decode tok/s (raw / app)",
            f"{result['raw_decode_tps']} / {result['app_decode_tps']}",
            f"ratio {result['decode_ratio']} (target >= 0.97)",
        ),
        (
            "first token ms (raw / app)",
            f"{result['raw_ttft_ms']} / {result['app_ttft_ms']}",
            f"overhead {result['ttft_overhead_ms']} ms (target <= 15)",
        ),
    ]
    if not result["quick"]:
        rows += [
            (
                "max stall of a 5 ms timer",
                f"{result['max_stall_ms']} ms",
                f"(target <= 50; on a thread: {result['thread_baseline_stall_ms']} ms)",
            ),
            (
                "turn 6 / turn 1 first token",
                f"{result['multiturn_turn6_ttft_ms']} / {result['multiturn_turn1_ttft_ms']} ms",
                f"ratio {result['multiturn_ttft_ratio']} (target <= 1.5)",
            ),
        ]
    rows.append(("load", f"{result['load_s']} s", f"worker RSS {result['worker_rss_mb']} MB"))
    for name, value, note in rows:
        print(f"{name:<30} {value:<22} {note}", file=out)


def cmd_settings(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    paths, store, settings = _load_settings(err)
    if args.action == "path":
        print(paths.settings_file, file=out)
    elif args.action == "show":
        print(json.dumps(settings.model_dump(mode="json"), indent=2), file=out)
    elif args.action == "set":
        if len(args.values) != 2:
            raise CliError(
                "settings set needs a name and a value.",
                "Example: agentic-desk settings set engine.temperature 0.2",
            )
        name, raw = args.values
        try:
            value: object = jsonload.loads(raw, what="The value")
        except jsonload.JsonUnreadable as exc:
            if exc.reason != jsonload.NOT_JSON:
                raise
            value = raw  # a bare word is a string
        file_settings = store.load().file_settings
        store.save(apply_changes(file_settings, {name: value}))
        print(f"{name} = {json.dumps(value)}", file=out)
    return 0


def _write_crash_log(exc: BaseException) -> str:
    """Log a bug to the data folder's log file; returns where it went."""
    from agentic_desk.core import diagnostics

    logs = AppPaths.from_env().logs_dir
    path = diagnostics.setup_logging(logs)
    diagnostics.report_unexpected(exc, "the command line")
    return str(path) if path.is_file() else "(the log could not be written)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agentic-desk",
        description="Offline, privacy-first chat with local ONNX models.",
        formatter_class=argparse.RawTextHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"agentic-desk {__version__} · engine: {describe_flavour()}",
    )
    parser.add_argument(
        "--self-test",
        nargs="?",
        const="offscreen",
        choices=["offscreen", "desktop"],
        help="check this installation offline (engine, window, keyring) and exit; with\n"
        "'desktop' the window opens on the screen, on the desktop's platform plugin",
    )
    parser.add_argument(
        "--self-test-report",
        metavar="FILE",
        help="with --self-test: also write the report to FILE (a windowed program\n"
        "has no terminal to print it to)",
    )
    sub = parser.add_subparsers(dest="command")

    chat = sub.add_parser("chat", help="chat with a local model in the terminal")
    chat.add_argument("prompt", nargs="*", help="a message; none: an interactive chat")
    chat.add_argument("--model", help="model folder (default: engine.model_path / ONNX_MODEL_PATH)")
    chat.add_argument("--ep", help="execution providers: auto, or a list like cuda,cpu")
    chat.add_argument("--max-tokens", type=int, help="longest reply, in tokens")
    chat.add_argument("--temperature", type=float, help="0 = always the likeliest word")
    chat.add_argument("--system", help="system prompt")
    chat.add_argument(
        "--privacy",
        choices=list(PRIVACY_LEVELS),
        help="high and local_only never leave this computer",
    )
    chat.add_argument(
        "--complexity",
        choices=list(COMPLEXITY_LEVELS),
        help="for routing rules (default: estimated)",
    )
    chat.add_argument("--provider", help="use this provider (if routing allows it)")
    chat.add_argument(
        "--pseudonymise",
        action="store_true",
        help="this run: send to the cloud with personal details replaced by placeholders "
        "(restored in the reply; local only never leaves)",
    )
    chat.add_argument(
        "--conversation",
        metavar="ID",
        help="go on with this saved conversation (see 'agentic-desk conversations list')",
    )
    chat.add_argument(
        "--no-save", action="store_true", help="keep this chat out of the saved conversations"
    )
    chat.add_argument("--template", help="start from this template (agentic-desk templates list)")
    chat.add_argument(
        "--field",
        action="append",
        metavar="NAME=VALUE",
        help="a template's fill-in field (repeat for several)",
    )
    chat.add_argument(
        "--library",
        action="append",
        metavar="NAME",
        help="answer from this document library, with sources (repeat for several)",
    )
    chat.add_argument(
        "--json", action="store_true", help="print the reply and its citations as JSON"
    )
    chat.set_defaults(func=cmd_chat)

    bench = sub.add_parser("bench", help="measure the engine on a model")
    bench.add_argument(
        "--model", required=True, action="append", help="model folder (repeat for several)"
    )
    bench.add_argument(
        "--context", type=int, help="KV cache in tokens for both paths (default: the model's)"
    )
    bench.add_argument(
        "--quick", action="store_true", help="only decode and first token (no long prefills)"
    )
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.add_argument("--runs", type=int, default=5, help="alternating runs (median)")
    bench.add_argument("--tokens", type=int, default=200, help="tokens to decode per run")
    bench.add_argument(
        "--stream-interval-ms",
        type=float,
        default=DEFAULT_STREAM_INTERVAL_MS,
        help="coalesce tokens arriving faster than this (default: the app's)",
    )
    bench.set_defaults(func=cmd_bench)

    add_model_parsers(sub)
    add_cloud_parsers(sub)
    add_audit_parsers(sub)
    add_serve_parsers(sub)
    add_conversation_parsers(sub)
    add_template_parsers(sub)
    add_library_parsers(sub)

    settings = sub.add_parser("settings", help="show or change settings")
    settings.add_argument("action", choices=["show", "path", "set"])
    settings.add_argument("values", nargs="*", help="for set: NAME VALUE")
    settings.set_defaults(func=cmd_settings)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    private_umask()  # what this process writes in the data folder is private (POSIX)
    if args.self_test:
        from agentic_desk.selftest import run_self_test

        return run_self_test(window=args.self_test, report=args.self_test_report)
    if args.self_test_report:
        parser.error("--self-test-report goes with --self-test")
    if args.command is None:
        try:
            from agentic_desk.ui.app import run as run_window
        except ImportError as exc:  # a headless install without Qt
            print(
                f"The desktop window is not available ({exc}); starting the terminal "
                "chat. Install PySide6 and qasync for the window.",
                file=sys.stderr,
            )
            args = parser.parse_args(["chat"])
        else:
            return run_window()
    out, err = sys.stdout, sys.stderr
    _use_language()
    try:
        if hasattr(args, "models_func"):
            paths, _store, settings = _load_settings(err)
            return int(args.models_func(args, paths, settings, out, err))
        return int(args.func(args, out, err))
    except AgenticDeskError as exc:
        _print_error(exc, err)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=err)
        return 130
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (silence the flush at exit)
        return 0
    except Exception as exc:  # a bug: a short message, the details in a log file
        log = _write_crash_log(exc)
        print(f"error: something unexpected went wrong ({type(exc).__name__}: {exc}).", file=err)
        print(
            f"  This is a bug. Details were saved to {log}; please include them in a report.",
            file=err,
        )
        return 70


if __name__ == "__main__":
    sys.exit(main())
