"""``agentic-desk --self-test`` and ``--version`` in this environment, as a user runs them.

The packaged bundle runs the same self-test in CI (scripts/package.sh, offline); here it runs
from the virtual environment, in a subprocess each time (it makes its own QApplication and
inference worker), with the real engine, Qt (offscreen) and keyring.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agentic_desk import __version__
from agentic_desk.core.engine.tiny import SENTENCE
from agentic_desk.core.flavour import describe_flavour
from agentic_desk.core.secrets import _platform_backend_name

ROOT = Path(__file__).resolve().parents[1]


def run_app(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agentic_desk", *args],
        env=env if env is not None else dict(os.environ),
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )


def lines_of(out: str) -> dict[str, str]:
    """The report's lines by check name: {"engine": "ok   engine     a tiny model ..."}."""
    found = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("ok", "note", "FAIL"):
            name = "api server" if parts[1] == "api" else parts[1]
            found[name] = line.strip()
    return found


def without_bus() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env


def test_version_names_the_version_and_the_engine() -> None:
    result = run_app("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"agentic-desk {__version__} · engine: {describe_flavour()}"


def test_self_test_passes_and_says_which_keyring_is_missing() -> None:
    result = run_app("--self-test", env=without_bus())
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert out.splitlines()[0] == f"agentic-desk {__version__} self-test"
    checks = lines_of(out)
    assert list(checks) == ["version", "engine", "window", "keyring", "api server"]
    assert checks["version"] == f"ok   version    agentic-desk {__version__} · engine: " + (
        describe_flavour()
    )
    # the first 8 tokens of the tiny model's known reply: one token per ASCII word
    assert checks["engine"].startswith("ok   engine     a tiny model loaded on CPU")
    assert f"generated 8 tokens, {' '.join(SENTENCE.split()[:8])!r}" in checks["engine"]
    assert checks["window"].startswith(
        "ok   window     main window 'Agentic Desk' with its icon opened off-screen (offscreen,"
    )
    assert checks["keyring"].startswith(
        "note keyring    no keyring for API keys: no D-Bus session bus, so no Secret Service "
        "(GNOME Keyring or KWallet) is reachable"
    )
    assert "gnome-keyring" in out  # the hint: what to install
    # the API server's stack is in every bundle; in a venv only when installed
    if importlib.util.find_spec("uvicorn") is None:
        assert checks["api server"] == (
            "note api server uvicorn is not installed in this installation"
        )
        assert out.splitlines()[-1] == "self-test passed (notes: keyring, api server)"
    else:
        assert checks["api server"].startswith("ok   api server uvicorn ")
        assert out.splitlines()[-1] == "self-test passed (notes: keyring)"
    assert "Traceback" not in out + result.stderr


@pytest.mark.skipif(
    not os.environ.get("DBUS_SESSION_BUS_ADDRESS"),
    reason="needs a Secret Service: run under scripts/with-secret-service.sh",
)
def test_self_test_finds_a_running_secret_service() -> None:
    result = run_app("--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    checks = lines_of(result.stdout)
    assert checks["keyring"] == "ok   keyring    keyring.backends.SecretService.Keyring (available)"
    assert result.stdout.splitlines()[-1] in (
        "self-test passed",
        "self-test passed (notes: api server)",  # uvicorn not installed in this venv
    )


def test_a_damaged_engine_fails_the_self_test_with_a_clear_message(tmp_path: Path) -> None:
    """A damaged installation: onnxruntime's shared library is an empty file (as after an
    interrupted copy). onnxruntime-genai finds it where it always looks
    (``onnxruntime/capi/libonnxruntime.so*``); this copy comes first on the path."""
    spec = importlib.util.find_spec("onnxruntime")
    assert spec is not None and spec.submodule_search_locations
    real = sorted(Path(spec.submodule_search_locations[0], "capi").glob("libonnxruntime.so*"))
    if not real:
        pytest.skip("other platform: onnxruntime here has no libonnxruntime.so* (not Linux)")
    damaged = tmp_path / "onnxruntime"
    (damaged / "capi").mkdir(parents=True)
    (damaged / "__init__.py").write_text("")
    (damaged / "capi" / real[0].name).write_bytes(b"")
    env = without_bus()
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), env.get("PYTHONPATH", "")])

    result = run_app("--self-test", env=env)

    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    checks = lines_of(out)
    assert checks["engine"].startswith("FAIL engine     The model could not be loaded: ")
    assert "file too short" in checks["engine"]
    assert "The inference engine of this installation does not work: install Agentic Desk " in out
    assert checks["window"].startswith("ok   window")  # the other checks still ran
    assert out.splitlines()[-1] == "self-test FAILED: engine (see above)"
    assert "Traceback" not in out + result.stderr


FROZEN_PROBE = """
import sys
import keyring
from agentic_desk.core.secrets import pin_platform_backend_when_frozen
print(pin_platform_backend_when_frozen())
sys.frozen = True
print(pin_platform_backend_when_frozen())
backend = keyring.get_keyring()
print(f"{type(backend).__module__}.{type(backend).__qualname__}")
"""


def test_frozen_apps_pin_the_platform_keyring_backend() -> None:
    """keyring finds backends through entry points, which frozen apps lack: when
    ``sys.frozen`` is set the platform's backend is pinned (and nothing happens otherwise)."""
    result = subprocess.run(
        [sys.executable, "-c", FROZEN_PROBE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    platform_backend = _platform_backend_name()  # SecretService on Linux
    assert result.stdout.splitlines() == ["None", platform_backend, platform_backend]


def test_icons_render_for_every_platform(tmp_path: Path) -> None:
    """packaging/make_icons.py turns the one SVG into PNGs, a multi-size .ico and an .icns
    that Qt reads back with every size."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "make_icons.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage, QImageReader

    for size in (16, 32, 48, 128, 256, 512):
        image = QImage(str(tmp_path / "png" / f"{size}x{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 4).alpha() == 255  # the tile is opaque
        assert image.pixelColor(0, 0).alpha() == 0  # the rounded corner is transparent
    sizes = {}
    for name in ("agentic-desk.ico", "agentic-desk.icns"):
        reader = QImageReader(str(tmp_path / name))
        found = set()
        for _ in range(reader.imageCount()):
            found.add(reader.read().width())
            reader.jumpToNextImage()
        sizes[name] = found
    assert sizes["agentic-desk.ico"] == {16, 24, 32, 48, 64, 128, 256}
    assert sizes["agentic-desk.icns"] == {16, 32, 64, 128, 256, 512, 1024}


# --- ``--self-test desktop``: the window on the desktop's own platform plugin -----------------


@pytest.fixture(scope="module")
def x_display() -> Iterator[str]:
    """A real X server (Xvfb, no window manager) on a free display number."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb; scripts/test.sh does)")
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "1280x1024x24"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    try:
        assert number.isdigit(), f"Xvfb did not start (it said {number!r})"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def desktop_env(**values: str) -> dict[str, str]:
    env = without_bus()
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    env.update(values)
    return env


def test_self_test_desktop_opens_the_window_on_the_x11_plugin(
    x_display: str, tmp_path: Path
) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("other platform: Xvfb is an X server for Linux")
    report = tmp_path / "report.txt"

    result = run_app(
        "--self-test", "desktop", "--self-test-report", str(report),
        env=desktop_env(DISPLAY=x_display),
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    window = lines_of(result.stdout)["window"]
    assert window.startswith(
        "ok   window     main window 'Agentic Desk' with its icon opened on the screen by the "
        "'xcb' platform plugin (libqxcb.so, "
    ), window
    assert report.read_text("utf-8") == result.stdout


def test_self_test_desktop_without_a_display_says_so(tmp_path: Path) -> None:
    """No DISPLAY: a clear failure, not Qt aborting the process."""
    if not sys.platform.startswith("linux"):
        pytest.skip("other platform: macOS and Windows always have their window system")
    result = run_app("--self-test", "desktop", env=desktop_env())

    assert result.returncode == 1, result.stdout + result.stderr
    checks = lines_of(result.stdout)
    assert checks["window"] == (
        "FAIL window     No desktop to open the window on: neither DISPLAY nor WAYLAND_DISPLAY "
        "is set (this is not a desktop session)."
    )
    assert "Run `agentic-desk --self-test desktop` in a terminal of your desktop" in result.stdout
    assert checks["engine"].startswith("ok   engine")  # the other checks still ran
    assert "Traceback" not in result.stdout + result.stderr


def test_self_test_desktop_refuses_the_offscreen_plugin(x_display: str) -> None:
    result = run_app(
        "--self-test", "desktop", env=desktop_env(DISPLAY=x_display, QT_QPA_PLATFORM="offscreen")
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert lines_of(result.stdout)["window"] == (
        "FAIL window     QT_QPA_PLATFORM=offscreen asks Qt for a platform that shows no window."
    )


def test_self_test_report_needs_self_test(tmp_path: Path) -> None:
    result = run_app("--self-test-report", str(tmp_path / "r.txt"), "--version")
    assert result.returncode == 0  # --version answers first
    result = run_app("--self-test-report", str(tmp_path / "r.txt"), "settings", "path")
    assert result.returncode == 2
    assert "--self-test-report goes with --self-test" in result.stderr
