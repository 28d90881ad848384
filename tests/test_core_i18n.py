"""The core's own translation seam (issue 16): catalogs, fields, workers, fallbacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agentic_desk.core import i18n


@pytest.fixture
def catalog_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "en")
    yield tmp_path
    i18n.set_language("en")


def test_english_is_the_text_itself_with_fields_filled(catalog_dir: Path) -> None:
    assert i18n.set_language("en") == "en"
    assert i18n.t("Hello {name}.", name="Ada") == "Hello Ada."
    assert i18n.t("Braces {stay} without values") == "Braces {stay} without values"


def test_a_shipped_catalog_translates_and_sets_the_worker_language(catalog_dir: Path) -> None:
    (catalog_dir / "xx.json").write_text(json.dumps({"Hello {name}.": "Hallo {name}."}))
    assert i18n.set_language("xx") == "xx"
    assert i18n.t("Hello {name}.", name="Ada") == "Hallo Ada."
    assert i18n.t("Not in the catalog.") == "Not in the catalog."
    assert os.environ[i18n.LANGUAGE_ENV] == "xx"


def test_a_broken_translation_falls_back_to_english(catalog_dir: Path) -> None:
    (catalog_dir / "xx.json").write_text(json.dumps({"Hello {name}.": "Hallo {nme}."}))
    i18n.set_language("xx")
    assert i18n.t("Hello {name}.", name="Ada") == "Hello Ada."


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", ""])
def test_an_unreadable_catalog_leaves_english(catalog_dir: Path, content: str) -> None:
    (catalog_dir / "xx.json").write_text(content)
    assert i18n.set_language("xx") == "en"
    assert i18n.t("Hello.") == "Hello."


def test_an_unknown_language_is_english(catalog_dir: Path) -> None:
    assert i18n.set_language("../../etc") == "en"
    assert i18n.set_language("zz") == "en"


def test_a_worker_process_starts_in_the_language_it_was_given() -> None:
    de = i18n.load_catalog("de")
    if not de:
        pytest.skip("no German catalog shipped yet")
    english = next(iter(de))
    code = f"from agentic_desk.core.i18n import t; print(t({english!r}), end='')"
    env = dict(os.environ, **{i18n.LANGUAGE_ENV: "de"})
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True
    )
    assert out.stdout == de[english]
