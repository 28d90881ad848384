"""Shared fixtures: tiny real models, an isolated data root, engines that are always closed."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

import agentic_desk  # noqa: F401  (sets ORT_DISABLE_TELEMETRY before anything imports onnxruntime)
import tiny_models
from agentic_desk.core.engine import LocalEngine

REAL_MODEL = Path(__file__).resolve().parents[2] / "shared/models/smollm2-135m-instruct-cpu-int4"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets its own data root and no agentic-flow variables from the caller."""
    monkeypatch.setenv("AGENTIC_DESK_HOME", str(tmp_path_factory.mktemp("desk-home")))
    for name in (
        "USE_ONNX",
        "ONNX_MODEL_PATH",
        "ONNX_EXECUTION_PROVIDERS",
        "ONNX_MAX_TOKENS",
        "ONNX_TEMPERATURE",
        "AGENTIC_DESK_TEST_HOLD",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _detector_as_it_was() -> Iterator[None]:
    """The detector's process-wide terms and names model (set by any AppContext, e.g. a
    window) do not carry over to the next test."""
    from agentic_desk.core.privacy import entities, scanning
    from agentic_desk.core.privacy.payload import clear_cache

    terms, finder = scanning.configured()
    yield
    scanning.configure(terms=terms, entities=finder)
    entities.close_all()
    clear_cache()


@pytest.fixture(autouse=True)
def _no_leaked_processes() -> Iterator[None]:
    """A test must not leave a worker process behind (multiprocessing's own resource
    tracker, started once per test session, is not a leak)."""
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    yield

    def left_running(proc: psutil.Process) -> bool:
        try:
            return (
                proc.pid not in before
                and proc.is_running()
                and proc.status() != psutil.STATUS_ZOMBIE
                and "resource_tracker" not in " ".join(proc.cmdline())
            )
        except psutil.NoSuchProcess:  # it ended while being looked at: not a leak
            return False

    leaked = [p for p in psutil.Process().children(recursive=True) if left_running(p)]
    # a short-lived helper a library started (e.g. ctypes running ld) may still be exiting
    _gone, leaked = psutil.wait_procs(leaked, timeout=5)
    for proc in leaked:
        proc.kill()
    assert not leaked, f"test leaked processes: {[p.cmdline()[:3] for p in leaked]}"


@pytest.fixture(scope="session")
def scripted_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_models.build_scripted_model(tmp_path_factory.mktemp("models") / "scripted")


@pytest.fixture(scope="session")
def history_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_models.build_history_model(tmp_path_factory.mktemp("models") / "history")


@pytest.fixture
def engine() -> Iterator[LocalEngine]:
    """An engine with test hooks on (hold points); closed after the test."""
    eng = LocalEngine(test_hooks=True, prefill_chunk_tokens=8, stream_interval_ms=0)
    try:
        yield eng
    finally:
        eng.close()


@pytest.fixture(scope="session")
def real_model() -> Path:
    if not (REAL_MODEL / "genai_config.json").is_file():
        pytest.skip(f"the real model is not at {REAL_MODEL} (../shared/models)")
    return REAL_MODEL


SCALE_TESTS_ENV = "AGENTIC_DESK_SCALE_TESTS"
SCALE_SHAPE = "phi4-mini-2l"


@pytest.fixture(scope="session")
def scale_model() -> Path:
    """The random-weight model with Phi-4-mini's per-layer geometry and vocabulary and two
    layers (``benchmarks/build_scale_model.py``), built on first use (a few minutes; needs
    the convert extra: torch, transformers) and reused from its cache afterwards. Tests that
    use it run only with AGENTIC_DESK_SCALE_TESTS=1 (.ci/run's scale stage); otherwise they
    are deselected, not skipped."""
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "benchmarks/build_scale_model.py"
    spec = importlib.util.spec_from_file_location("build_scale_model", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    built = module.build(SCALE_SHAPE)
    return Path(built.genai)


def worker_env() -> dict[str, str]:
    """Environment for a CLI subprocess: the package importable, telemetry state untouched."""
    env = dict(os.environ)
    env.pop("ORT_DISABLE_TELEMETRY", None)
    return env


@pytest.fixture
def loop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop per test; afterwards no thread and no visible window may be left."""
    import threading

    import qasync

    before = {t.ident for t in threading.enumerate()}
    event_loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(event_loop)
    yield event_loop
    event_loop.close()
    asyncio.set_event_loop(None)
    from agentic_desk.core.privacy import entities

    entities.close_all()  # the window's names model is the app's, not a leak of the test
    # QThreads of qasync's executor show up as threading._DummyThread (always "alive" to
    # Python); loop.close() has joined them. Any other new thread is a leak.
    leaked = [
        t.name
        for t in threading.enumerate()
        if t.ident not in before
        and t.is_alive()
        and not isinstance(t, threading._DummyThread)
        # a test server's handler for a connection the app just closed (not the app's)
        and "process_request_thread" not in t.name
    ]
    assert leaked == [], f"threads left running: {leaked}"
    visible = [w for w in qapp.topLevelWidgets() if w.isVisible()]
    assert visible == [], f"windows left open: {visible}"


# ---- markers for a fast inner loop, and skips that CI does not accept -------------------------

# Whole files that take long (subprocesses, conversions, network namespaces, bundles).
SLOW_FILES = {
    "test_convert.py",
    "test_flavours.py",
    "test_offline_proof.py",
    "test_selftest.py",
    "test_server_cli.py",
    "test_real_model.py",
    "test_gui_e2e.py",
    "test_gui_models.py",
    "test_data_at_rest.py",
}
GUI_FIXTURES = {"qtbot", "qapp", "loop"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``gui``: the test drives Qt widgets; ``slow``: its file is in SLOW_FILES;
    ``scale``: it loads a real-size model (``real_model``). ``-m "not gui and not slow and
    not scale"`` is the fast inner loop (README, "Running the tests")."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & GUI_FIXTURES or item.path.name.startswith("test_gui"):
            item.add_marker(pytest.mark.gui)
        if item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
        if "real_model" in fixtures or item.get_closest_marker("real_model"):
            item.add_marker(pytest.mark.scale)
        if "scale_model" in fixtures:
            item.add_marker(pytest.mark.scale)
            item.add_marker(pytest.mark.scale_model)
    if os.environ.get(SCALE_TESTS_ENV) != "1":
        # building the scale model takes minutes: only the scale stage of .ci/run asks for it
        keep = [i for i in items if not i.get_closest_marker("scale_model")]
        if len(keep) != len(items):
            config.hook.pytest_deselected(items=[i for i in items if i not in keep])
            items[:] = keep


# A skip because this machine lacks something the project installs (a tool, a package, a
# Secret Service) hides a test that CI must run: with AGENTIC_DESK_NO_SKIPS=1 (.ci/run
# sets it) such a skip fails the test. Only a skip whose reason starts with
# OTHER_PLATFORM (the test is for another operating system or architecture) is accepted.
OTHER_PLATFORM = "other platform: "


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    if os.environ.get("AGENTIC_DESK_NO_SKIPS") != "1":
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    reason = reason.removeprefix("Skipped: ")
    if reason.startswith(OTHER_PLATFORM):
        return
    report.outcome = "failed"
    report.longrepr = (
        f"skipped, and AGENTIC_DESK_NO_SKIPS=1 does not accept it: {reason}\n"
        "Install what the test needs (scripts/test.sh does), or, if the test is for another "
        f"platform, start the reason with {OTHER_PLATFORM!r}."
    )


@pytest.fixture(autouse=True)
def unexpected() -> Iterator[list[BaseException]]:
    """Bugs reported through agentic_desk.core.diagnostics (the crash dialog's path) fail
    the test, unless the test takes them out of this list itself."""
    from agentic_desk.core import diagnostics

    seen: list[BaseException] = []
    remove = diagnostics.on_unexpected(seen.append)
    yield seen
    remove()
    assert seen == [], f"unexpected errors were reported: {seen!r}"


@pytest.fixture
def make_window(qtbot: Any, loop: asyncio.AbstractEventLoop, scripted_model: Path) -> Iterator[Any]:
    """Builds windows over the scripted model (as the app does), closes them afterwards."""
    from agentic_desk.ui.app import build_window

    made: list[tuple[Any, Any]] = []

    def make() -> Any:
        window, engine, _theme = build_window(loop, model=str(scripted_model))
        qtbot.addWidget(window)
        window.resize(1280, 800)
        made.append((window, engine))
        with qtbot.waitSignal(window.view_ready, timeout=30_000):  # read on a worker thread
            window.show()
        return window

    yield make
    for window, engine in made:
        window.close()
        engine.close()
    from PySide6.QtWidgets import QApplication

    from agentic_desk.ui import i18n

    i18n.uninstall(QApplication.instance())  # a window built in German leaves no translator


# ---- the loopback cloud servers (test_payload_privacy, test_pseudonymise)


@pytest.fixture
def openai() -> Iterator[Any]:
    from payload_helpers import OA_KEY
    from provider_servers import OpenAIServer

    with OpenAIServer(api_key=OA_KEY, models=("gpt-4o-mini",)) as srv:
        yield srv


@pytest.fixture
def anthropic() -> Iterator[Any]:
    from payload_helpers import AN_KEY
    from provider_servers import AnthropicServer

    with AnthropicServer(api_key=AN_KEY, models=("claude-test",)) as srv:
        yield srv
