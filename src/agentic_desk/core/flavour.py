"""Which onnxruntime flavour is installed, and whether the installation is usable.

onnxruntime ships as three packages (``onnxruntime`` for CPU, ``onnxruntime-gpu`` for CUDA,
``onnxruntime-directml`` for DirectML) and so does onnxruntime-genai (``onnxruntime-genai``,
``onnxruntime-genai-cuda``, ``onnxruntime-genai-directml``). Each flavour installs into the same
import package (``onnxruntime`` / ``onnxruntime_genai``), so two flavours in one environment
overwrite each other's files and the result is whichever was unpacked last, or a broken mix.
uv refuses such a combination of extras; pip does not, so the app checks at start-up with
:func:`check_single_flavour` and shows :func:`describe_flavour` in its debug info.

Every function takes the metadata lookup as a parameter (``version_of``: distribution name to
version, or ``None`` when not installed), so the logic can be tested without installing anything.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from dataclasses import dataclass

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t

VersionLookup = Callable[[str], str | None]


@dataclass(frozen=True)
class Flavour:
    """One build of the engine: the genai package, the onnxruntime it needs, and its extra."""

    label: str
    genai: str
    runtime: str
    extra: str


CPU = Flavour("CPU", "onnxruntime-genai", "onnxruntime", "cpu")
CUDA = Flavour("CUDA", "onnxruntime-genai-cuda", "onnxruntime-gpu", "cuda")
DIRECTML = Flavour("DirectML", "onnxruntime-genai-directml", "onnxruntime-directml", "default")
FLAVOURS: tuple[Flavour, ...] = (CPU, CUDA, DIRECTML)

RUNTIME_PACKAGES: tuple[str, ...] = tuple(f.runtime for f in FLAVOURS)
GENAI_PACKAGES: tuple[str, ...] = tuple(f.genai for f in FLAVOURS)
ALL_PACKAGES: tuple[str, ...] = RUNTIME_PACKAGES + GENAI_PACKAGES
EXTRAS_HELP = (
    'Extras: "default" = DirectML on Windows x64, CPU elsewhere; "cpu"; '
    '"cuda" = NVIDIA GPUs on Linux and Windows x64.'
)


def installed_version(distribution: str) -> str | None:
    """The installed version of ``distribution`` in this environment, or ``None``."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _installed(packages: tuple[str, ...], version_of: VersionLookup) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in packages:
        version = version_of(name)
        if version is not None:
            found[name] = version
    return found


def installed_flavours(version_of: VersionLookup = installed_version) -> list[str]:
    """Every onnxruntime / onnxruntime-genai flavour package installed, as ``name==version``.

    Runtime packages come first, then genai packages, each in the order CPU, CUDA, DirectML.
    A healthy environment has exactly two entries, e.g.
    ``["onnxruntime==1.31.1", "onnxruntime-genai==0.18.0"]``.
    """
    return [f"{name}=={version}" for name, version in _installed(ALL_PACKAGES, version_of).items()]


def install_command(extra: str) -> str:
    """The pip command that installs Agentic Desk with one engine flavour."""
    return f'python -m pip install "agentic-desk[{extra}]"'


def _fix_commands(extra: str) -> str:
    return (
        "Remove every flavour, then install one (they share files, so removing only the extra "
        "one breaks the one that stays):\n"
        f"  python -m pip uninstall -y {' '.join(ALL_PACKAGES)}\n"
        f"  {install_command(extra)}\n"
        f'(from a source checkout: python -m pip install -e ".[{extra}]"). '
        f"{EXTRAS_HELP}"
    )


def _listing(found: dict[str, str]) -> str:
    return ", ".join(f"{name} {version}" for name, version in found.items())


def _intended_extra(candidates: list[Flavour]) -> str:
    """The extra to reinstall: the flavour the user evidently chose.

    A GPU flavour is only ever installed on purpose, while the CPU packages also arrive as
    dependencies of other tools, so a single GPU flavour wins over CPU.
    """
    gpu = [f for f in candidates if f is not CPU]
    if len(gpu) == 1:
        return gpu[0].extra
    if len(candidates) == 1:
        return candidates[0].extra
    return "default"


def check_single_flavour(version_of: VersionLookup = installed_version) -> None:
    """Raise :class:`AgenticDeskError` unless exactly one matching flavour is installed.

    Exactly one onnxruntime-genai package and exactly one onnxruntime package must be installed,
    and they must belong together (``onnxruntime-genai-cuda`` needs ``onnxruntime-gpu``, ...).
    The error names what is installed; its hint gives the pip commands that repair it.
    """
    genai = _installed(GENAI_PACKAGES, version_of)
    runtime = _installed(RUNTIME_PACKAGES, version_of)
    everything = {**genai, **runtime}
    genai_flavours = [f for f in FLAVOURS if f.genai in genai]
    extra = _intended_extra(genai_flavours or [f for f in FLAVOURS if f.runtime in runtime])

    if not genai and not runtime:
        raise AgenticDeskError(
            t(
                "No local inference engine is installed (none of onnxruntime-genai, "
                "onnxruntime-genai-cuda, onnxruntime-genai-directml).",
            ),
            t(
                "Install one flavour:\n  {install_command}\n{extras_help}",
                install_command=install_command("default"),
                extras_help=EXTRAS_HELP,
            ),
        )
    if len(genai) > 1 or len(runtime) > 1:
        raise AgenticDeskError(
            t(
                "More than one onnxruntime flavour is installed in this environment ({listing}); "
                "they overwrite each other's files.",
                listing=_listing(everything),
            ),
            _fix_commands(extra),
        )
    if not genai or not runtime:
        missing = "onnxruntime-genai" if not genai else "onnxruntime"
        raise AgenticDeskError(
            t(
                "The local inference engine is incomplete: no {missing} package is installed "
                "(found: {listing}).",
                missing=missing,
                listing=_listing(everything),
            ),
            _fix_commands(extra),
        )
    flavour = genai_flavours[0]
    if flavour.runtime not in runtime:
        raise AgenticDeskError(
            t(
                "{genai} needs {runtime}, but {listing} is installed.",
                genai=flavour.genai,
                runtime=flavour.runtime,
                listing=_listing(runtime),
            ),
            _fix_commands(extra),
        )


def describe_flavour(version_of: VersionLookup = installed_version) -> str:
    """A one-line description for the about box and debug info; never raises.

    E.g. ``"CPU (onnxruntime-genai 0.18.0, onnxruntime 1.31.1)"``.
    """
    genai = _installed(GENAI_PACKAGES, version_of)
    runtime = _installed(RUNTIME_PACKAGES, version_of)
    everything = {**genai, **runtime}
    if not everything:
        return t("no inference engine installed")
    try:
        check_single_flavour(version_of)
    except AgenticDeskError:
        return t("broken installation ({listing})", listing=_listing(everything))
    (flavour,) = (f for f in FLAVOURS if f.genai in genai)
    return f"{flavour.label} ({_listing(everything)})"
