"""``agentic-desk serve`` and ``agentic-desk api token show|rotate``: the local API server,
headless."""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import os
import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import Settings

if TYPE_CHECKING:  # the server package imports starlette: only when a command needs it
    from agentic_desk.core.context import AppContext
    from agentic_desk.core.library.service import Libraries
    from agentic_desk.server.token import ApiTokenStore


def _token_store(args: argparse.Namespace) -> ApiTokenStore:
    from agentic_desk.server.token import TOKEN_ENV, ApiTokenStore

    name = getattr(args, "token_env", None)
    if name and not os.environ.get(name, "").strip():
        raise AgenticDeskError(
            f"--token-env names {name}, but that environment variable is not set.",
            f"Set {name} to the token (at least 32 characters), or leave out --token-env to "
            "use the token in the system keyring.",
        )
    return ApiTokenStore(env_var=getattr(args, "token_env", None) or TOKEN_ENV)


def cmd_serve(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    from agentic_desk.core.context import AppContext
    from agentic_desk.core.flavour import check_single_flavour
    from agentic_desk.core.settings import SettingsStore
    from agentic_desk.server import ApiServer

    context = AppContext(paths, SettingsStore(paths.settings_file), settings)
    model = context.default_model(args.model)
    if not model:
        raise AgenticDeskError(
            "No model chosen for the API server.",
            "Pass --model PATH (a folder with genai_config.json, or a model-store id), or set "
            "engine.model_path with 'agentic-desk settings set engine.model_path PATH'.",
        )
    providers = args.ep.split(",") if args.ep else None
    check_single_flavour()
    store = _token_store(args)
    libraries = _libraries(context, err)
    with contextlib.ExitStack() as closing, context.make_engine() as engine:
        if libraries is not None:
            closing.callback(libraries.close)
        server = ApiServer(context, engine, port=args.port, token_store=store, libraries=libraries)
        _ = server.token  # refuse (no keyring, bad token) before loading the model
        print(f"Loading {Path(model).name}…", file=err, flush=True)
        info = context.load_model(engine, model, providers)
        url = server.start()
        stop = threading.Event()

        def on_signal(_signum: int, _frame: object) -> None:
            stop.set()

        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        if hasattr(signal, "SIGUSR1"):  # `kill -USR1 PID`: every thread's stack on stderr
            faulthandler.register(signal.SIGUSR1, all_threads=True)
        try:
            for warning in server.warnings:
                print(f"warning: {warning}", file=err)
            where = "environment" if store.from_environment else "system keyring"
            cloud = (
                "may also use cloud providers (cloud.api_clients_may_use_cloud is on)"
                if settings.cloud.api_clients_may_use_cloud and settings.cloud.enabled
                else "use the local model only"
            )
            print(f"Agentic Desk API server on {url}", file=out)
            print(f"  model: {Path(info.model_path).name}", file=out)
            print(f"  OpenAI base URL: {url}/v1 (Anthropic: {url})", file=out)
            print(
                f"  access token ({where}): 'agentic-desk api token show'; send it as "
                "'Authorization: Bearer TOKEN'",
                file=out,
            )
            print(f"  API clients {cloud}.", file=out)
            print("Press Ctrl+C to stop.", file=out, flush=True)
            stop.wait()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            server.stop()
        print("API server stopped.", file=err)
    return 0


def _libraries(context: AppContext, err: TextIO) -> Libraries | None:
    """The document libraries requests may answer from (``agentic_desk.libraries``, issue
    17): None when there is no library index yet, or when it cannot be opened (said)."""
    from agentic_desk.core.library.service import Libraries
    from agentic_desk.core.library.store import library_path

    if not library_path(context.paths.conversations_db.parent).exists():
        return None
    try:
        from agentic_desk.cli_applock import unlock_key

        with context.conversation_store(key=unlock_key(context, err)) as conversations:
            return Libraries.beside(conversations, context.models_folder)
    except AgenticDeskError as exc:
        print(f"note: document libraries are not available to API clients: {exc}", file=err)
        return None


def cmd_api(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    store = _token_store(args)
    if args.action == "rotate":
        token = store.rotate()
        print(token, file=out)
        print(
            "A new access token is in force: programs using the old one are refused from now "
            "on (a running server picks it up within a few seconds).",
            file=err,
        )
        return 0
    print(store.get_or_create(), file=out)
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="run the local OpenAI-compatible API server")
    serve.add_argument("--port", type=int, help="port (default: api.port, 8765)")
    serve.add_argument(
        "--model", help="model folder or model-store id (default: engine.model_path)"
    )
    serve.add_argument("--ep", help="execution providers: auto, or a list like cuda,cpu")
    serve.add_argument(
        "--token-env",
        metavar="VAR",
        help="take the access token from this environment variable (default "
        "AGENTIC_DESK_API_TOKEN when set, else the system keyring)",
    )
    serve.set_defaults(models_func=cmd_serve)

    api = sub.add_parser("api", help="the API server's access token")
    api.add_argument("what", choices=["token"])
    api.add_argument("action", choices=["show", "rotate"])
    api.add_argument("--token-env", metavar="VAR", help=argparse.SUPPRESS)
    api.set_defaults(models_func=cmd_api)


__all__ = ["add_parsers"]
