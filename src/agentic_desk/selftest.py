"""``agentic-desk --self-test``: proves that this installation (or packaged bundle) works.

Offline and in a few seconds it

1. names the version and the engine flavour, and refuses a broken mix of flavours;
2. builds a tiny real model in a temporary folder (:mod:`agentic_desk.core.engine.tiny`),
   loads it in the inference worker process and generates a few tokens, which must be the
   beginning of the model's known reply;
3. opens the main window off-screen (``QT_QPA_PLATFORM=offscreen``, a temporary data
   folder), waits until it has shown its first conversation view, and closes it; with
   ``--self-test desktop`` on the desktop's own platform plugin instead (xcb or wayland,
   cocoa, windows), which must put the window on the screen, and names the plugin;
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


#: Qt platform plugins that draw on no desktop: the ``desktop`` window check refuses them.
HEADLESS_PLATFORMS = (
    "offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay",
)  # fmt: skip
#: What the window check can open the window on (``--self-test`` / ``--self-test desktop``).
WINDOW_MODES = ("offscreen", "desktop")


def _display_problem() -> str | None:
    """Why no desktop display can be reached on Linux (``None``: one can).

    Qt aborts the whole process when its platform plugin cannot connect to a display, so the
    ``desktop`` check looks for the display's socket first and says what is missing instead.
    """
    if not sys.platform.startswith("linux"):
        return None
    wayland = os.environ.get("WAYLAND_DISPLAY", "")
    if wayland:
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        socket = Path(wayland) if wayland.startswith("/") else Path(runtime, wayland)
        if socket.exists():
            return None
    display = os.environ.get("DISPLAY", "")
    if display:
        host, _, number = display.rpartition(":")
        if host not in ("", "unix"):
            return None  # an X server over TCP: Qt will try it
        if Path(f"/tmp/.X11-unix/X{number.split('.')[0]}").exists():
            return None
        return f"the X display {display} is not running (no /tmp/.X11-unix/X{number})"
    if wayland:
        return f"the Wayland display {wayland} is not running (no socket in XDG_RUNTIME_DIR)"
    return "neither DISPLAY nor WAYLAND_DISPLAY is set (this is not a desktop session)"


def _platform_plugin_file(name: str) -> str:
    """The plugin file Qt loaded for platform ``name`` (its file name), or ``"?"``."""
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath), "platforms")
    base = name.split("-", maxsplit=1)[0]
    for pattern in (f"libq{name}.*", f"q{name}.dll", f"libq{base}*.*", f"q{base}*.dll"):
        found = sorted(folder.glob(pattern))
        if found:
            return found[0].name
    return "?"


def _wait_until(loop: Any, condition: Callable[[], bool], timeout: float) -> bool:
    import asyncio

    async def poll() -> bool:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    return bool(loop.run_until_complete(poll()))


def check_window(workdir: Path, mode: str = "offscreen") -> Outcome:
    """Open the main window with a throw-away data folder, then close it.

    ``offscreen``: on Qt's offscreen platform (no display needed). ``desktop``: on the
    platform plugin the desktop gives (xcb or wayland on Linux, cocoa on macOS, windows on
    Windows), which must then put the window on the screen; the line names the plugin.
    """
    home = workdir / "home"
    desktop = mode == "desktop"
    if desktop:
        asked = os.environ.get("QT_QPA_PLATFORM", "")
        if asked.split(":")[0] in HEADLESS_PLATFORMS:
            raise SelfTestFailure(
                f"QT_QPA_PLATFORM={asked} asks Qt for a platform that shows no window.",
                "Unset QT_QPA_PLATFORM to check the desktop's own platform plugin.",
            )
        problem = _display_problem()
        if problem is not None:
            raise SelfTestFailure(
                f"No desktop to open the window on: {problem}.",
                "Run `agentic-desk --self-test desktop` in a terminal of your desktop session "
                "(or `agentic-desk --self-test` to check without a window on the screen).",
            )
        forced: dict[str, str] = {}
    else:
        forced = {"QT_QPA_PLATFORM": "offscreen"}
    with _environ(**forced, AGENTIC_DESK_HOME=str(home)):
        import asyncio

        import qasync
        from PySide6.QtCore import qInstallMessageHandler
        from PySide6.QtWidgets import QApplication

        from agentic_desk.ui.app import app_icon, apply_theme, build_window, resources_dir

        previous_handler = qInstallMessageHandler(_quiet_offscreen)
        started = time.perf_counter()
        argv = [sys.argv[0]] if desktop else [sys.argv[0], "-platform", "offscreen"]
        app = QApplication.instance() or QApplication(argv)
        platform = app.platformName()
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        window: Any = None
        engine: Any = None
        try:
            if desktop and platform in HEADLESS_PLATFORMS:
                raise SelfTestFailure(
                    f"Qt loaded the {platform!r} platform plugin, which shows no window.",
                    "Unset QT_QPA_PLATFORM and run this in a desktop session.",
                )
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
            if desktop and not _wait_until(
                loop, lambda: window.windowHandle().isExposed(), WINDOW_TIMEOUT_S
            ):
                raise SelfTestFailure(
                    f"The {platform} platform did not put the main window on the screen "
                    f"within {WINDOW_TIMEOUT_S:.0f} s.",
                    "Run `agentic-desk` from a terminal to see what Qt reports.",
                )
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
        where = (
            f"on the screen by the {platform!r} platform plugin "
            f"({_platform_plugin_file(platform)}, "
            if desktop
            else f"off-screen ({platform}, "
        )
    return Outcome(
        "window",
        "ok",
        f"main window {title!r} with its icon opened {where}{size}, {theme} theme) and "
        f"closed in {time.perf_counter() - started:.2f} s",
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


def run_self_test(
    out: TextIO | None = None, window: str = "offscreen", report: str | Path | None = None
) -> int:
    """Run every check, print one line each, return 0 when none failed (else 1).

    ``out``: standard output unless given (a windowed executable on Windows has none: the
    exit status still tells). ``window``: ``offscreen`` or ``desktop`` (see
    :func:`check_window`). ``report``: a file that gets the same lines.
    """
    if window not in WINDOW_MODES:
        raise ValueError(f"window must be one of {WINDOW_MODES}, not {window!r}")
    with contextlib.ExitStack() as stack:
        streams = [out if out is not None else sys.stdout]
        if report is not None:
            streams.append(stack.enter_context(Path(report).open("w", encoding="utf-8")))
        return _run_checks(_Lines(streams), window)


class _Lines:
    """Where the report's lines go (``None`` streams, as in a windowed program, are skipped)."""

    def __init__(self, streams: list[TextIO | None]) -> None:
        self._streams = [stream for stream in streams if stream is not None]

    def say(self, text: str) -> None:
        for stream in self._streams:
            print(text, file=stream, flush=True)


def _run_checks(lines: _Lines, window: str) -> int:
    lines.say(f"agentic-desk {__version__} self-test")
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="agentic-desk-self-test-") as tmp:
        workdir = Path(tmp)
        checks: list[tuple[str, Callable[[], Outcome]]] = [
            ("version", check_version),
            ("engine", lambda: check_engine(workdir)),
            ("window", lambda: check_window(workdir, window)),
            ("keyring", check_keyring),
            ("api server", check_api_server),
        ]
        for name, check in checks:
            outcome = _run(name, check)
            outcomes.append(outcome)
            line = f"  {outcome.status:<4} {outcome.name:<10} {outcome.detail}"
            lines.say(line)
            if outcome.hint and outcome.status != "ok":
                lines.say(f"{'':18}{outcome.hint}")
    failed = [o.name for o in outcomes if o.status == "FAIL"]
    if failed:
        lines.say(f"self-test FAILED: {', '.join(failed)} (see above)")
        return 1
    notes = [o.name for o in outcomes if o.status == "note"]
    suffix = f" (notes: {', '.join(notes)})" if notes else ""
    lines.say(f"self-test passed{suffix}")
    return 0


__all__ = ["Outcome", "SelfTestFailure", "run_self_test"]
