"""The oldest glibc a Linux bundle runs on, read from its ELF files' symbol versions.

    python packaging/glibc_floor.py DIR                 # prints e.g. 2.36
    python packaging/glibc_floor.py DIR --explain       # and which files need it
    python packaging/glibc_floor.py DIR --check-deb PKG.deb

Every ELF file under DIR (found by its magic bytes, not its name or execute bit) lists the
symbol versions it needs from the C library in its ``.gnu.version_r`` section
(``readelf --version-info``): ``GLIBC_2.34`` for ``__libc_start_main`` and so on. A program
starts only on a glibc that defines every version any of its files needs, so the bundle's
floor is the highest ``GLIBC_x.y`` over all of them. ``installer/linux/build_deb.sh`` writes
it into the .deb's ``Depends: libc6 (>= X)``; ``--check-deb`` proves that the .deb declares
exactly that (exit 1 with both numbers when it does not), as CI runs it (scripts/package.sh).

Needs ``readelf`` (binutils).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
#: A needed version of glibc (``GLIBC_PRIVATE`` and ``GLIBCXX_*`` are not glibc releases).
GLIBC_VERSION = re.compile(r"\bName: GLIBC_(\d+(?:\.\d+)+)\b")
LIBC6_DEPENDS = re.compile(r"(?:^|,)\s*libc6\s*(?:\(\s*>=\s*([0-9.]+)\s*\))?\s*(?=,|\||$)")

Version = tuple[int, ...]


def parse_version(text: str) -> Version:
    return tuple(int(part) for part in text.split("."))


def show(version: Version) -> str:
    return ".".join(str(part) for part in version)


def elf_files(root: Path) -> Iterator[Path]:
    """Regular files under ``root`` that start with the ELF magic (symbolic links skipped)."""
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) == ELF_MAGIC:
                yield path


def needed_glibc(path: Path, readelf: str = "readelf") -> set[Version]:
    """The glibc versions ``path`` needs (its ``.gnu.version_r`` entries)."""
    done = subprocess.run(
        [readelf, "--version-info", "--wide", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    # only the "needs" section: the "definitions" one (.gnu.version_d) of libc itself would
    # count versions it provides
    needs = done.stdout.partition("Version needs section")[2]
    return {parse_version(m.group(1)) for m in GLIBC_VERSION.finditer(needs)}


def floor(files: Iterable[Path], readelf: str = "readelf") -> tuple[Version, dict[Path, Version]]:
    """The highest glibc version any of ``files`` needs, and each file's own highest."""
    per_file: dict[Path, Version] = {}
    for path in files:
        versions = needed_glibc(path, readelf)
        if versions:
            per_file[path] = max(versions)
    if not per_file:
        raise SystemExit("error: no ELF file needing glibc was found")
    return max(per_file.values()), per_file


def declared_floor(depends: str) -> Version | None:
    """The ``X`` of ``libc6 (>= X)`` in a Depends field; ``None`` when libc6 has no version.

    Raises SystemExit when libc6 is not in the field at all.
    """
    match = LIBC6_DEPENDS.search(depends)
    if match is None:
        raise SystemExit(f"error: libc6 is not in Depends: {depends}")
    return parse_version(match.group(1)) if match.group(1) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="a bundle, AppDir or unpacked package")
    parser.add_argument("--explain", action="store_true", help="name the files needing it")
    parser.add_argument(
        "--check-deb", type=Path, metavar="DEB", help="check DEB's Depends: libc6 (>= floor)"
    )
    args = parser.parse_args(argv)
    readelf = shutil.which("readelf")
    if readelf is None:
        raise SystemExit("error: readelf not found (install binutils)")
    highest, per_file = floor(elf_files(args.root), readelf)
    if args.explain:
        top = sorted(per_file.items(), key=lambda item: (item[1], str(item[0])), reverse=True)
        print(f"{len(per_file)} ELF files need glibc; the highest needs:", file=sys.stderr)
        for path, version in top[:8]:
            print(f"  GLIBC_{show(version):<6} {path.relative_to(args.root)}", file=sys.stderr)
    if args.check_deb is None:
        print(show(highest))
        return 0
    depends = subprocess.run(
        ["dpkg-deb", "--field", str(args.check_deb), "Depends"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    declared = declared_floor(depends)
    if declared != highest:
        said = f"libc6 (>= {show(declared)})" if declared else "libc6 with no version"
        print(
            f"error: {args.check_deb.name} declares {said}, but its ELF files need glibc "
            f"{show(highest)} (run with --explain to see which)",
            file=sys.stderr,
        )
        return 1
    print(f"{args.check_deb.name}: Depends libc6 (>= {show(highest)}) = what its ELF files need")
    return 0


if __name__ == "__main__":
    sys.exit(main())
