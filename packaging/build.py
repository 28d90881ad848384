"""Build the packaged app (PyInstaller, one folder) for one engine flavour.

    python packaging/build.py --flavour cpu|cuda|directml [--venv DIR] [--no-install]

1. makes (or reuses) a build environment with exactly one flavour installed, from the lock
   of this platform and flavour (``locks/PLATFORM-FLAVOUR.txt``, scripts/lock.py):
   ``.venv-build-FLAVOUR`` gets exactly its pins, hashes checked (``pip install
   --require-hashes --no-deps -r LOCK``), then the app itself (``--no-deps``). The
   environment is made again whenever the lock changes. ``--unlocked`` takes whatever
   ``pip install ".[EXTRA,build]"`` resolves today instead (cpu -> ``cpu``, cuda -> ``cuda``,
   directml -> ``default``, which is DirectML on Windows x64 only);
2. renders the icons from resources/icons/agentic-desk.svg (packaging/make_icons.py);
3. runs PyInstaller on packaging/agentic-desk.spec into ``dist/FLAVOUR/agentic-desk/``
   (``dist/FLAVOUR/Agentic Desk.app`` too on macOS);
4. prints the bundle's size.

The same command works on Linux, macOS and Windows (there, ``py -3.11 packaging\\build.py``).
Installers are made from the bundle by the scripts in ``installer/`` (see packaging/README.md).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import lock as locks  # scripts/lock.py  # noqa: E402

EXTRAS = {"cpu": "cpu", "cuda": "cuda", "directml": "default"}
FLAVOUR_PACKAGES = {
    "cpu": ("onnxruntime", "onnxruntime-genai"),
    "cuda": ("onnxruntime-gpu", "onnxruntime-genai-cuda"),
    "directml": ("onnxruntime-directml", "onnxruntime-genai-directml"),
}


def version() -> str:
    text = (ROOT / "src" / "agentic_desk" / "__init__.py").read_text("utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not match:
        raise SystemExit("error: no __version__ in src/agentic_desk/__init__.py")
    return match.group(1)


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(cmd: list[str], **kwargs: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)  # type: ignore[call-overload]


def platform_key() -> str:
    """This machine as the locks name it: linux-x86_64, windows-x86_64, macos-arm64 ..."""
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform)
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "aarch64": "aarch64" if system == "linux" else "arm64"}.get(
        machine, machine
    )
    if system == "macos" and machine == "aarch64":
        machine = "arm64"
    return f"{system or sys.platform}-{machine}"


def prepare_venv(venv: Path, flavour: str, install: bool, locked: bool = True) -> Path:
    python = venv_python(venv)
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_PROGRESS_BAR": "off"}
    if install and locked:
        lock = locks.find(platform_key(), flavour)
        if sys.version_info[:2] != tuple(int(p) for p in locks.PYTHON_VERSION.split(".")):
            raise SystemExit(
                f"error: the locks are for Python {locks.PYTHON_VERSION}; run this with it "
                f"(this is {platform.python_version()})"
            )
        digest = hashlib.sha256(lock.path.read_bytes()).hexdigest()
        stamp = venv / "agentic-desk-lock.sha256"
        if python.exists() and (not stamp.is_file() or stamp.read_text().strip() != digest):
            print(f"{lock.path.name} changed since {venv.name} was made: making it again")
            shutil.rmtree(venv)
        if not python.exists():
            run([sys.executable, "-m", "venv", venv])
            run(
                [python, "-m", "pip", "install", "-q", "--require-hashes", "--only-binary",
                 ":all:", "--no-deps", "-r", lock.path],
                cwd=ROOT, env=env,
            )  # fmt: skip
            stamp.write_text(digest + "\n")
        run([python, "-m", "pip", "install", "-q", "--no-deps", "-e", "."], cwd=ROOT, env=env)
        print(f"build environment {venv.name}: exactly {lock.path.relative_to(ROOT)}")
    elif install:
        if not python.exists():
            run([sys.executable, "-m", "venv", venv])
        run(
            [python, "-m", "pip", "install", "-q", "-e", f".[{EXTRAS[flavour]},build]"],
            cwd=ROOT,
            env=env,
        )
    check = (
        "import importlib.metadata as m, sys\n"
        f"want = {FLAVOUR_PACKAGES[flavour]!r}\n"
        "missing = [n for n in want if not any(True for _ in m.distributions(name=n))]\n"
        "sys.exit(f'the build environment lacks {missing}' if missing else 0)\n"
    )
    try:
        run([python, "-c", check])
    except subprocess.CalledProcessError:
        packages = ", ".join(FLAVOUR_PACKAGES[flavour])
        note = " (DirectML builds exist for Windows x64 only)" if flavour == "directml" else ""
        raise SystemExit(
            f"error: {venv} does not hold the {flavour} engine ({packages}){note}"
        ) from None
    return python


def windows_version_file(dest: Path, ver: str) -> Path:
    """A VERSIONINFO resource for the Windows executables (Explorer's Details tab)."""
    parts = [int(p) for p in re.findall(r"\d+", ver)[:4]]
    parts += [0] * (4 - len(parts))
    numbers = ", ".join(str(p) for p in parts)
    dest.write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers=({numbers}), prodvers=({numbers})),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'Agentic Desk'),
      StringStruct('FileDescription', 'Agentic Desk'),
      StringStruct('FileVersion', '{ver}'),
      StringStruct('ProductName', 'Agentic Desk'),
      StringStruct('ProductVersion', '{ver}')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
""",
        "utf-8",
    )
    return dest


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flavour", choices=sorted(EXTRAS), required=True)
    parser.add_argument("--venv", type=Path, help="build environment (default .venv-build-FLAVOUR)")
    parser.add_argument(
        "--no-install", action="store_true", help="use the build environment as it is"
    )
    parser.add_argument(
        "--unlocked",
        action="store_true",
        help="install what resolves today instead of the lock (not for release builds)",
    )
    args = parser.parse_args(argv)
    flavour: str = args.flavour
    if flavour == "directml" and sys.platform != "win32":
        raise SystemExit("error: the DirectML flavour is built on Windows x64 only")
    venv = (args.venv or ROOT / f".venv-build-{flavour}").resolve()
    started = time.perf_counter()
    python = prepare_venv(venv, flavour, install=not args.no_install, locked=not args.unlocked)

    build = ROOT / "build" / "pyinstaller" / flavour
    icons = ROOT / "build" / "icons"
    run([python, ROOT / "packaging" / "make_icons.py", icons])
    env = {**os.environ, "AGENTIC_DESK_ICONS": str(icons), "AGENTIC_DESK_FLAVOUR": flavour}
    if sys.platform == "win32":
        build.mkdir(parents=True, exist_ok=True)
        env["AGENTIC_DESK_WIN_VERSION_FILE"] = str(
            windows_version_file(build / "version_info.txt", version())
        )
    dist = ROOT / "dist" / flavour
    shutil.rmtree(dist / "agentic-desk", ignore_errors=True)
    run(
        [
            python,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            "--distpath",
            dist,
            "--workpath",
            build,
            ROOT / "packaging" / "agentic-desk.spec",
        ],
        cwd=ROOT,
        env=env,
    )
    bundle = dist / "agentic-desk"
    (bundle / "_internal" / "FLAVOUR").write_text(flavour + "\n", "utf-8")
    size = folder_size(bundle)
    print(
        f"built {bundle} ({flavour}, version {version()}): {size / 1024**2:.0f} MiB "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
