"""packaging/glibc_floor.py: the oldest glibc a bundle runs on, and the .deb declaring it.

Real ELF files of this machine (the Python interpreter's library and a coreutils program)
are copied into a folder, one without its execute bit and under a name that says nothing;
the floor is checked against an independent reading (objdump's version references). A real
.deb is packed with dpkg-deb and checked with the right, a lower and no libc6 version.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "packaging" / "glibc_floor.py"


def needs(*tools: str) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("other platform: glibc and ELF files are Linux's")
    for name in tools:
        if shutil.which(name) is None:
            pytest.skip(f"{name} is not installed (binutils / dpkg; scripts/test.sh installs them)")


def objdump_glibc(path: Path) -> tuple[int, ...]:
    out = subprocess.run(
        ["objdump", "-p", str(path)], capture_output=True, text=True, check=True
    ).stdout
    refs = out.partition("Version References:")[2]
    found = [tuple(int(p) for p in v.split(".")) for v in re.findall(r"\bGLIBC_([\d.]+)\b", refs)]
    assert found, f"objdump sees no glibc version in {path}"
    return max(found)


@pytest.fixture
def bundle(tmp_path: Path) -> tuple[Path, str]:
    needs("readelf", "objdump")
    libdir = Path(sysconfig.get_config_var("LIBDIR") or "/usr/lib")
    library = libdir / str(sysconfig.get_config_var("INSTSONAME") or "")
    if not library.is_file():
        library = Path(sys.executable).resolve()
    root = tmp_path / "bundle"
    (root / "_internal").mkdir(parents=True)
    shutil.copy(library, root / "_internal" / "blob")  # an ELF file by content only
    (root / "_internal" / "blob").chmod(0o644)
    shutil.copy(shutil.which("ls") or "/bin/ls", root / "tool")
    (root / "README.txt").write_text("not an ELF file\n")
    (root / "link").symlink_to("tool")
    expected = max(objdump_glibc(root / "_internal" / "blob"), objdump_glibc(root / "tool"))
    return root, ".".join(str(p) for p in expected)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def test_the_floor_is_the_highest_glibc_version_any_elf_file_needs(
    bundle: tuple[Path, str],
) -> None:
    root, expected = bundle
    done = run(str(root), "--explain")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected
    assert "2 ELF files need glibc" in done.stderr  # the symlink and the text file are not


def make_deb(root: Path, where: Path, depends: str) -> Path:
    needs("dpkg-deb")
    package = where / "pkg"
    (package / "DEBIAN").mkdir(parents=True)
    shutil.copytree(root, package / "opt" / "x", symlinks=True)
    (package / "DEBIAN" / "control").write_text(
        "Package: x\nVersion: 1\nArchitecture: all\nMaintainer: t <t@t.invalid>\n"
        f"Depends: {depends}\nDescription: test\n test\n"
    )
    # dpkg-deb wants DEBIAN 0755..0775, whatever umask the test run has (the suite's is 077)
    (package / "DEBIAN").chmod(0o755)
    (package / "DEBIAN" / "control").chmod(0o644)
    deb = where / "x.deb"
    done = subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Znone", "--build", str(package), str(deb)],
        check=False, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return deb


def test_check_deb_accepts_exactly_the_floor(bundle: tuple[Path, str], tmp_path: Path) -> None:
    root, floor = bundle
    deb = make_deb(root, tmp_path, f"libc6 (>= {floor}), libx11-6")
    done = run(str(root), "--check-deb", str(deb))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"x.deb: Depends libc6 (>= {floor}) = what its ELF files need"


@pytest.mark.parametrize(
    ("depends", "said"),
    [
        ("libx11-6, libc6 (>= 2.17)", "libc6 (>= 2.17)"),
        ("libc6, libx11-6", "libc6 with no version"),
    ],
)
def test_check_deb_refuses_another_declaration(
    bundle: tuple[Path, str], tmp_path: Path, depends: str, said: str
) -> None:
    root, floor = bundle
    deb = make_deb(root, tmp_path, depends)
    done = run(str(root), "--check-deb", str(deb))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"error: x.deb declares {said}, but its ELF files need glibc {floor} "
        "(run with --explain to see which)"
    )
