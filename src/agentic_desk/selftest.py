"""``agentic-desk --self-test``: proves that this installation (or packaged bundle) works.

Offline and in a few seconds it

1. names the version and the engine flavour, and refuses a broken mix of flavours;
2. builds a tiny real model in a temporary folder (:mod:`agentic_desk.core.engine.tiny`),
   loads it in the inference worker process and generates a few tokens, which must be the
   beginning of the model's known reply;
3. opens the main window off-screen (``QT_QPA_PLATFORM=offscreen``, a temporary data
   folder), waits until it has shown its first conversation view, and closes it;
4. reports the keyring backend API keys would use, or which one is missing (Secret Service
   on D-Bus, e.g. GNOME Keyring or KWallet, on Linux; the built-in store on Windows and
   macOS). No keyring is reported clearly but is not a failure: the app works without
   cloud keys;
5. reports whether the local API server's stack (starlette, uvicorn with its loop and
   protocol modules, which it loads by name) is present.

Each line says ``ok``, ``note`` (not a failure) or ``FAIL`` with what happened and what to do.
The exit status is 0 when nothing failed, 1 otherwise.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from agentic_desk import __version__
from agentic_desk.core.errors import AgenticDeskError

#: What the engine check asks the tiny model for.
TOKENS = 8
WINDOW_TIMEOUT_S = 60.0
ENGINE_HINT = (
    "The inference engine of this installation does not work: install Agentic Desk again "
    "(the same installer, or `pip install --force-reinstall` of its engine extra). "
    "Report it if it persists."
)
UVICORN_MODULES = (
    "uvicorn.loops.auto",
    "uvicorn.loops.asyncio",
    "uvicorn.protocols.http.auto",
    "uvicorn.protocols.http.h11_impl",
    "uvicorn.protocols.websockets.auto",
    "uvicorn.lifespan.on",
)


class SelfTestFailure(AgenticDeskError):
    """A check of the self-test failed (the message says which and why)."""


@dataclass(frozen=True)
class Outcome:
    """One line of the report: ``status`` is ``ok``, ``note`` or ``FAIL``."""

    name: str
    status: str
    detail: str
    hint: str = ""


@contextlib.contextmanager
def _environ(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def check_version() -> Outcome:
    from agentic_desk.core.flavour import check_single_flavour, describe_flavour

    check_single_flavour()
    return Outcome("version", "ok", f"agentic-desk {__version__} · engine: {describe_flavour()}")


def check_engine(workdir: Path) -> Outcome:
    """Build the tiny model, load it in a worker process, generate ``TOKENS`` tokens."""
    from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine, ReplyConsumer
    from agentic_desk.core.engine.tiny import SENTENCE, build_scripted_model

    started = time.perf_counter()
    model = build_scripted_model(workdir / "tiny-model")
    try:
        with LocalEngine() as engine:
            loaded = engine.load(model, ("auto",))
            stream = engine.chat(
                [ChatMessage("user", "Say something.")],
                GenerationParams(max_new_tokens=TOKENS, temperature=0.0),
            )
            reply = ReplyConsumer().consume(stream)
            if reply.error is not None:
                raise reply.error
    except AgenticDeskError as exc:  # the engine's own hint speaks of models; this is the app
        raise SelfTestFailure(exc.message, ENGINE_HINT) from None
    generated = reply.stats.generated_tokens if reply.stats else 0
    if not reply.text or not SENTENCE.startswith(reply.text) or generated != TOKENS:
        raise SelfTestFailure(
            f"The tiny model generated {generated} tokens, {reply.text!r}, instead of the first "
            f"{TOKENS} tokens of {SENTENCE!r}.",
            ENGINE_HINT,
        )
    notes = f" ({'; '.join(loaded.provider_notes)})" if loaded.provider_notes else ""
    return Outcome(
        "engine",
        "ok",
        f"a tiny model loaded on {loaded.provider.upper()}{notes} and generated {generated} "
        f"tokens, {reply.text!r}, in {time.perf_counter() - started:.2f} s",
    )


def _quiet_offscreen(kind: Any, context: Any, message: str) -> None:
    """Qt's messages during the window check, less the offscreen plugin's remark that it
    cannot resize windows to their size hints (harmless, and said once per window)."""
    if "propagateSizeHints" not in message:
        print(f"qt: {message}", file=sys.stderr)


def check_window(workdir: Path) -> Outcome:
    """Open the main window off-screen with a throw-away data folder, then close it."""
    home = workdir / "home"
    with _environ(QT_QPA_PLATFORM="offscreen", AGENTIC_DESK_HOME=str(home)):
        import asyncio

        import qasync
        from PySide6.QtCore import qInstallMessageHandler
        from PySide6.QtWidgets import QApplication

        from agentic_desk.ui.app import app_icon, apply_theme, build_window, resources_dir

        previous_handler = qInstallMessageHandler(_quiet_offscreen)
        started = time.perf_counter()
        app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        window: Any = None
        engine: Any = None
        try:
            icon = app_icon()
            if icon.isNull() or icon.pixmap(64, 64).isNull():
                raise SelfTestFailure(
                    f"The app icon could not be loaded from {resources_dir() / 'icons'}.",
                    "This installation is incomplete (or Qt's SVG plugins are missing): "
                    "reinstall Agentic Desk.",
                )
            app.setWindowIcon(icon)
            window, engine, theme_setting = build_window(loop, ask_hub=False)
            theme = apply_theme(app, theme_setting)
            shown: asyncio.Future[str] = loop.create_future()
            window.view_ready.connect(
                lambda conv_id: shown.done() or shown.set_result(str(conv_id))
            )
            window.resize(1000, 700)
            window.show()
            try:
                loop.run_until_complete(asyncio.wait_for(shown, WINDOW_TIMEOUT_S))
            except TimeoutError:
                raise SelfTestFailure(
                    f"The main window did not show a conversation within {WINDOW_TIMEOUT_S:.0f} s.",
                    "Run `agentic-desk` from a terminal to see what it reports.",
                ) from None
            picture = window.grab()
            size = f"{picture.width()}x{picture.height()}"
            title = window.windowTitle()
            if picture.isNull() or not window.isVisible():
                raise SelfTestFailure("The main window did not paint.", "Report this as a bug.")
        finally:
            if window is not None:
                window.close()
            if engine is not None:
                engine.close()
            loop.close()
            asyncio.set_event_loop(None)
            qInstallMessageHandler(previous_handler)
        platform = app.platformName()
    return Outcome(
        "window",
        "ok",
        f"main window {title!r} with its icon opened off-screen ({platform}, {size}, {theme} "
        f"theme) and closed in {time.perf_counter() - started:.2f} s",
    )


def _missing_keyring() -> str:
    if sys.platform == "darwin":
        return "the macOS Keychain (built in) is not usable"
    if sys.platform == "win32":
        return "Windows Credential Manager (built in) is not usable"
    if importlib.util.find_spec("secretstorage") is None:
        return "the secretstorage package is missing from this installation"
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "no D-Bus session bus, so no Secret Service (GNOME Keyring or KWallet) is reachable"
    return "a Secret Service on D-Bus (GNOME Keyring or KWallet) is not running or is locked"


def check_keyring() -> Outcome:
    """The backend keys would use; when none is usable, a ``note`` saying what is missing."""
    from agentic_desk.core.secrets import KeyringUnavailable, SecretStore

    store = SecretStore()
    try:
        store.get("__agentic-desk-self-test__")
    except KeyringUnavailable as exc:
        return Outcome(
            "keyring",
            "note",
            f"no keyring for API keys: {_missing_keyring()} (local models work; cloud "
            f"providers need a key in an environment variable). {exc.message}",
            exc.hint,
        )
    return Outcome("keyring", "ok", f"{store.backend_name()} (available)")


def check_api_server() -> Outcome:
    """starlette and uvicorn, whose loop/protocol modules are imported by name at run time."""
    if importlib.util.find_spec("uvicorn") is None:
        return Outcome("api server", "note", "uvicorn is not installed in this installation")
    for module in (*UVICORN_MODULES, "starlette.applications", "starlette.routing"):
        importlib.import_module(module)
    versions = []
    for name in ("uvicorn", "starlette"):
        versions.append(f"{name} {getattr(importlib.import_module(name), '__version__', '?')}")
    server = importlib.util.find_spec("agentic_desk.server") is not None
    if server:
        importlib.import_module("agentic_desk.server")
    where = "agentic_desk.server loads" if server else "agentic_desk.server is not in this build"
    return Outcome("api server", "ok", f"{', '.join(versions)}; {where}")


def _run(name: str, check: Callable[[], Outcome]) -> Outcome:
    try:
        return check()
    except AgenticDeskError as exc:
        return Outcome(name, "FAIL", exc.message, exc.hint)
    except Exception as exc:
        return Outcome(
            name,
            "FAIL",
            f"{type(exc).__name__}: {exc}",
            "This installation is incomplete or damaged: reinstall Agentic Desk.",
        )


def run_self_test(out: TextIO = sys.stdout) -> int:
    """Run every check, print one line each, return 0 when none failed (else 1)."""
    print(f"agentic-desk {__version__} self-test", file=out, flush=True)
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="agentic-desk-self-test-") as tmp:
        workdir = Path(tmp)
        checks: list[tuple[str, Callable[[], Outcome]]] = [
            ("version", check_version),
            ("engine", lambda: check_engine(workdir)),
            ("window", lambda: check_window(workdir)),
            ("keyring", check_keyring),
            ("api server", check_api_server),
        ]
        for name, check in checks:
            outcome = _run(name, check)
            outcomes.append(outcome)
            line = f"  {outcome.status:<4} {outcome.name:<10} {outcome.detail}"
            print(line, file=out, flush=True)
            if outcome.hint and outcome.status != "ok":
                print(f"{'':18}{outcome.hint}", file=out, flush=True)
    failed = [o.name for o in outcomes if o.status == "FAIL"]
    if failed:
        print(f"self-test FAILED: {', '.join(failed)} (see above)", file=out, flush=True)
        return 1
    notes = [o.name for o in outcomes if o.status == "note"]
    suffix = f" (notes: {', '.join(notes)})" if notes else ""
    print(f"self-test passed{suffix}", file=out, flush=True)
    return 0


__all__ = ["Outcome", "SelfTestFailure", "run_self_test"]
