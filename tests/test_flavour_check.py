"""agentic_desk.core.flavour: which onnxruntime flavour is installed, and is it usable."""

from __future__ import annotations

import importlib.metadata

import pytest

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.flavour import (
    ALL_PACKAGES,
    FLAVOURS,
    VersionLookup,
    check_single_flavour,
    describe_flavour,
    installed_flavours,
    installed_version,
)

UNINSTALL_ALL = (
    "python -m pip uninstall -y onnxruntime onnxruntime-gpu onnxruntime-directml "
    "onnxruntime-genai onnxruntime-genai-cuda onnxruntime-genai-directml"
)


def lookup(**installed: str) -> VersionLookup:
    """A metadata lookup that sees exactly ``installed`` (keyword ``onnxruntime_gpu`` is
    the distribution ``onnxruntime-gpu``)."""
    versions = {name.replace("_", "-"): version for name, version in installed.items()}
    return versions.get


def failure(version_of: VersionLookup) -> AgenticDeskError:
    with pytest.raises(AgenticDeskError) as caught:
        check_single_flavour(version_of)
    return caught.value


# --- the environment the tests run in -------------------------------------------------------


def test_this_environment_has_exactly_one_flavour() -> None:
    check_single_flavour()
    pins = installed_flavours()
    assert len(pins) == 2
    for pin in pins:
        name, version = pin.split("==")
        assert version == importlib.metadata.version(name)


def test_describe_this_environment_names_the_installed_packages() -> None:
    (flavour,) = (f for f in FLAVOURS if installed_version(f.genai) is not None)
    genai = importlib.metadata.version(flavour.genai)
    runtime = importlib.metadata.version(flavour.runtime)
    assert (
        describe_flavour()
        == f"{flavour.label} ({flavour.genai} {genai}, {flavour.runtime} {runtime})"
    )


def test_installed_version_of_a_missing_distribution_is_none() -> None:
    assert installed_version("agentic-desk-no-such-distribution") is None


# --- healthy installations ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("installed", "description"),
    [
        (
            {"onnxruntime": "1.31.1", "onnxruntime_genai": "0.18.0"},
            "CPU (onnxruntime-genai 0.18.0, onnxruntime 1.31.1)",
        ),
        (
            {"onnxruntime_gpu": "1.31.1", "onnxruntime_genai_cuda": "0.18.0"},
            "CUDA (onnxruntime-genai-cuda 0.18.0, onnxruntime-gpu 1.31.1)",
        ),
        (
            {"onnxruntime_directml": "1.24.4", "onnxruntime_genai_directml": "0.13.1"},
            "DirectML (onnxruntime-genai-directml 0.13.1, onnxruntime-directml 1.24.4)",
        ),
    ],
)
def test_one_matching_flavour_passes(installed: dict[str, str], description: str) -> None:
    version_of = lookup(**installed)
    check_single_flavour(version_of)
    assert describe_flavour(version_of) == description


def test_installed_flavours_lists_runtimes_then_genai_packages() -> None:
    version_of = lookup(
        onnxruntime_genai_cuda="0.18.0",
        onnxruntime="1.31.1",
        onnxruntime_genai="0.18.0",
        onnxruntime_gpu="1.31.1",
    )
    assert installed_flavours(version_of) == [
        "onnxruntime==1.31.1",
        "onnxruntime-gpu==1.31.1",
        "onnxruntime-genai==0.18.0",
        "onnxruntime-genai-cuda==0.18.0",
    ]
    assert installed_flavours(lookup()) == []


def test_only_the_six_flavour_packages_are_looked_up() -> None:
    asked: list[str] = []

    def version_of(name: str) -> str | None:
        asked.append(name)
        return None

    installed_flavours(version_of)
    assert asked == list(ALL_PACKAGES)


# --- none --------------------------------------------------------------------------------------


def test_no_flavour_at_all() -> None:
    error = failure(lookup())
    assert error.message == (
        "No local inference engine is installed (none of onnxruntime-genai, "
        "onnxruntime-genai-cuda, onnxruntime-genai-directml)."
    )
    assert 'python -m pip install "agentic-desk[default]"' in error.hint
    assert "uninstall" not in error.hint
    assert describe_flavour(lookup()) == "no inference engine installed"


def test_runtime_without_genai_is_incomplete() -> None:
    error = failure(lookup(onnxruntime_gpu="1.31.1"))
    assert error.message == (
        "The local inference engine is incomplete: no onnxruntime-genai package is installed "
        "(found: onnxruntime-gpu 1.31.1)."
    )
    assert 'python -m pip install "agentic-desk[cuda]"' in error.hint


def test_genai_without_runtime_is_incomplete() -> None:
    error = failure(lookup(onnxruntime_genai="0.18.0"))
    assert "no onnxruntime package is installed" in error.message
    assert UNINSTALL_ALL in error.hint
    assert 'python -m pip install "agentic-desk[cpu]"' in error.hint


# --- collisions --------------------------------------------------------------------------------


def test_two_genai_flavours_collide() -> None:
    version_of = lookup(
        onnxruntime="1.31.1",
        onnxruntime_genai="0.18.0",
        onnxruntime_gpu="1.31.1",
        onnxruntime_genai_cuda="0.18.0",
    )
    error = failure(version_of)
    assert error.message == (
        "More than one onnxruntime flavour is installed in this environment (onnxruntime-genai "
        "0.18.0, onnxruntime-genai-cuda 0.18.0, onnxruntime 1.31.1, onnxruntime-gpu 1.31.1); "
        "they overwrite each other's files."
    )
    # Uninstall everything first, then reinstall the GPU flavour the user chose on purpose.
    lines = error.hint.splitlines()
    assert lines[1].strip() == UNINSTALL_ALL
    assert lines[2].strip() == 'python -m pip install "agentic-desk[cuda]"'
    assert describe_flavour(version_of) == (
        "broken installation (onnxruntime-genai 0.18.0, onnxruntime-genai-cuda 0.18.0, "
        "onnxruntime 1.31.1, onnxruntime-gpu 1.31.1)"
    )


def test_second_runtime_next_to_one_genai_collides() -> None:
    # e.g. another tool in the environment depends on plain onnxruntime
    version_of = lookup(
        onnxruntime_directml="1.24.4",
        onnxruntime_genai_directml="0.13.1",
        onnxruntime="1.31.1",
    )
    error = failure(version_of)
    assert error.message.startswith("More than one onnxruntime flavour is installed")
    assert "onnxruntime-directml 1.24.4" in error.message
    assert "onnxruntime 1.31.1" in error.message
    assert UNINSTALL_ALL in error.hint
    assert 'python -m pip install "agentic-desk[default]"' in error.hint


def test_three_genai_flavours_fall_back_to_the_default_extra() -> None:
    version_of = lookup(
        onnxruntime_genai="0.18.0",
        onnxruntime_genai_cuda="0.18.0",
        onnxruntime_genai_directml="0.13.1",
        onnxruntime="1.31.1",
    )
    error = failure(version_of)
    assert 'python -m pip install "agentic-desk[default]"' in error.hint


def test_genai_with_the_wrong_runtime() -> None:
    error = failure(lookup(onnxruntime_genai_cuda="0.18.0", onnxruntime="1.31.1"))
    assert error.message == (
        "onnxruntime-genai-cuda needs onnxruntime-gpu, but onnxruntime 1.31.1 is installed."
    )
    assert 'python -m pip install "agentic-desk[cuda]"' in error.hint


def test_error_text_is_message_then_hint() -> None:
    error = failure(lookup())
    assert str(error) == f"{error.message} {error.hint}"
