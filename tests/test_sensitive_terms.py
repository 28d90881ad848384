"""The user's own always-sensitive terms: matching (case, Unicode word boundaries, white
space, longest first), the setting (validation that never repeats a term), the detector's
process-wide configuration from the settings, the command line, and that no term is
written to a log."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agentic_desk.core.context import AppContext
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.privacy import scanning
from agentic_desk.core.privacy.payload import clear_cache, detect_cached
from agentic_desk.core.privacy.scanning import DetectorOptions, describe, detect
from agentic_desk.core.privacy.terms import TermList, clean_terms
from agentic_desk.core.settings import Settings, SettingsStore, apply_changes


def terms_in(text: str, *terms: str) -> list[str]:
    options = DetectorOptions(terms=TermList(terms), entities=False)
    return [f.text for f in detect(text, options) if f.category == "custom_term"]


@pytest.fixture(autouse=True)
def _no_configured_terms() -> object:
    before = scanning.configured()
    scanning.configure(terms=TermList(), entities=None)
    clear_cache()
    yield
    scanning.configure(terms=before[0], entities=before[1])
    clear_cache()


def test_terms_match_whatever_their_case_on_word_boundaries() -> None:
    text = "PROJECT FALCON's budget; falconry is a hobby; Falcon-9 is a rocket."
    assert terms_in(text, "Project Falcon") == ["PROJECT FALCON"]
    assert terms_in(text, "falcon") == ["FALCON", "Falcon"]  # not inside "falconry"


def test_word_boundaries_hold_in_any_script() -> None:
    assert terms_in("Frau MÜLLER schrieb", "müller") == ["MÜLLER"]
    assert terms_in("die Müllerstraße", "Müller") == []  # a longer word, not the term
    assert terms_in("Письмо от Иванова и Иванов", "Иванов") == ["Иванов"]
    assert terms_in("顧客は山田商事です", "山田商事") == []  # no word boundary in the run


def test_white_space_inside_a_term_matches_any_run_of_it() -> None:
    assert terms_in("the Acme\n  Holdings file", "Acme Holdings") == ["Acme\n  Holdings"]


def test_the_longer_of_two_overlapping_terms_wins() -> None:
    assert terms_in("Acme Holdings wrote to Acme", "Acme", "Acme Holdings") == [
        "Acme Holdings",
        "Acme",
    ]


def test_terms_are_cleaned_and_never_shown_by_repr() -> None:
    assert clean_terms(["  Acme  Corp ", "acme corp", "", "Falcon"]) == ("Acme Corp", "Falcon")
    terms = TermList(["Acme Corp", "Falcon"])
    assert repr(terms) == "TermList(2 terms)"
    assert "Acme" not in terms.fingerprint and TermList(["falcon", "ACME CORP"]) == terms
    assert not TermList([]) and TermList(["x"])


def test_a_term_is_a_finding_the_summary_names_and_masks() -> None:
    text = "Draft a letter to Brightwater about the merger."
    options = DetectorOptions(terms=TermList(["brightwater"]), entities=False)
    (finding,) = [f for f in detect(text, options) if f.category == "custom_term"]
    assert finding.masked() == "B\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022"
    assert describe([finding], text) == (
        "Found 1 kind of sensitive data: a term from your list of sensitive terms (line 1). "
        "This message stays on this computer."
    )


def test_configured_terms_apply_to_every_scan_and_to_the_cache() -> None:
    text = "Notes on Project Nightjar for Tuesday."
    assert [f.category for f in detect_cached(text)] == []
    scanning.configure(terms=TermList(["nightjar"]))
    # The cache is keyed by the term list's digest: the same text is scanned again.
    assert [f.category for f in detect_cached(text)] == ["custom_term"]
    scanning.configure(terms=TermList())
    assert [f.category for f in detect_cached(text)] == []


def test_the_app_context_configures_the_detector_from_the_settings(tmp_path: Path) -> None:
    paths = AppPaths.for_root(tmp_path)
    settings = Settings()
    settings.privacy.sensitive_terms = ["Harwood Trust"]
    context = AppContext(paths, SettingsStore(paths.settings_file), settings)
    assert scanning.configured()[0] == TermList(["harwood trust"])
    assert [f.text for f in detect("Re: the harwood trust deed") if f.category == "custom_term"]
    changed = settings.model_copy(deep=True)
    changed.privacy.sensitive_terms = []
    context.apply_settings(changed)
    assert not scanning.configured()[0]
    assert detect("Re: the harwood trust deed") == []


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (["Acme", "  "], "entry 2 is empty"),
        (["Z" * 101], "entry 1 is longer than 100 characters"),
    ],
)
def test_bad_terms_are_refused_without_repeating_them(terms: list[str], message: str) -> None:
    with pytest.raises(AgenticDeskError) as caught:
        apply_changes(Settings(), {"privacy.sensitive_terms": terms})
    text = f"{caught.value.message} {caught.value.hint}"
    assert message in text
    assert "Acme" not in text and "ZZZ" not in text


def test_terms_are_stored_cleaned(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.save(apply_changes(Settings(), {"privacy.sensitive_terms": ["  Acme   Corp "]}))
    assert store.load().settings.privacy.sensitive_terms == ["Acme Corp"]


def test_no_term_is_ever_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    paths = AppPaths.for_root(tmp_path)
    store = SettingsStore(paths.settings_file)
    store.save(apply_changes(Settings(), {"privacy.sensitive_terms": ["Quillfeather"]}))
    context = AppContext(paths, store, store.load().settings)
    detect("a note for quillfeather")
    context.apply_settings(store.load().settings)
    assert "quillfeather" not in caplog.text.lower()


def test_the_command_line_sets_the_terms(tmp_path: Path) -> None:
    env = {**os.environ, "AGENTIC_DESK_HOME": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "agentic_desk",
            "settings",
            "set",
            "privacy.sensitive_terms",
            '["Acme Corp", "Project Falcon"]',
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert saved["privacy"]["sensitive_terms"] == ["Acme Corp", "Project Falcon"]
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "agentic_desk",
            "settings",
            "set",
            "privacy.sensitive_terms",
            '["Acme Corp", ""]',
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert bad.returncode != 0
    assert "entry 2 is empty" in bad.stderr and "Acme" not in bad.stderr
