"""The core's own translation seam (issue 16): catalogs, fields, workers, fallbacks."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agentic_desk.core import i18n

ROOT = Path(__file__).resolve().parents[1]


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
    assert de, "core/translations/de.json is shipped"
    english = "No model is loaded."
    code = f"from agentic_desk.core.i18n import t; print(t({english!r}), end='')"
    env = dict(os.environ, **{i18n.LANGUAGE_ENV: "de"})
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True
    )
    assert out.stdout == de[english]


# ---- the shipped German catalog (issue 16): every core text, with the same fields -------


def _core_texts_script() -> Any:
    spec = importlib.util.spec_from_file_location("core_texts", ROOT / "scripts/core_texts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("core_texts", module)
    spec.loader.exec_module(module)
    return module


def test_every_core_text_is_a_literal_the_extraction_finds() -> None:
    """A t()/N_() call with an f-string, + or .format first could not be translated:
    write t("... {name} ...", name=value) instead."""
    texts, problems = _core_texts_script().scan()
    assert not problems, "\n".join(problems)
    assert len(texts) > 500


def test_the_check_finds_a_text_built_at_run_time(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(
        "from agentic_desk.core.i18n import N_, t\n"
        "name = 'x'\n"
        "a = t(f'Hello {name}')\n"
        "b = N_('Hello ' + name)\n"
        "c = t('Hello {name}'.format(name=name))\n"
        "d = t(LABELS[name])\n"
        "e = t('Hello {name}', name=name)\n"
    )
    texts, problems = _core_texts_script().scan(tmp_path)
    assert [p.split(": ")[0].rsplit(":", 1)[1] for p in problems] == ["3", "4", "5"]
    assert [text.text for text in texts] == ["Hello {name}"]


def test_german_has_every_core_text_with_the_same_fields() -> None:
    script = _core_texts_script()
    texts, _problems = script.scan()
    de = json.loads((i18n.TRANSLATIONS_DIR / "de.json").read_text(encoding="utf-8"))
    missing = sorted({x.text for x in texts if x.text and not de.get(x.text)})
    assert not missing, f"no German in core/translations/de.json for: {missing}"
    broken = [
        f"{english!r} -> {german!r}"
        for english, german in de.items()
        if script.fields(english) != script.fields(german)
    ]
    assert not broken, "fields differ:\n" + "\n".join(broken)


def test_no_text_is_translated_at_import_time() -> None:
    """t() in a module's or class's body runs before a language is chosen: mark such
    texts with N_ and translate them where they are shown."""
    found = []
    for path in sorted((ROOT / "src/agentic_desk/core").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        stack: list[ast.AST] = [tree]
        while stack:
            node = stack.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                    continue  # runs when called
                if (
                    isinstance(child, ast.Call)
                    and isinstance(child.func, ast.Name)
                    and child.func.id == "t"
                ):
                    found.append(f"{path.name}:{child.lineno}")
                stack.append(child)
    assert not found, found


def test_a_core_error_reads_in_german(catalog_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from agentic_desk.core import jsonload
    from agentic_desk.core.errors import AgenticDeskError

    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", ROOT / "src/agentic_desk/core/translations")
    assert i18n.set_language("de") == "de"
    with pytest.raises(AgenticDeskError) as raised:
        jsonload.load_file(catalog_dir / "missing.json")
    assert raised.value.message == f"Die Datei {catalog_dir / 'missing.json'} existiert nicht."
    assert raised.value.hint == "Prüfen Sie den Pfad und versuchen Sie es erneut."
    i18n.set_language("en")
    with pytest.raises(AgenticDeskError, match="does not exist"):
        jsonload.load_file(catalog_dir / "missing.json")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LC_ALL": "de_AT.utf8", "LANG": "en_GB.UTF-8"}, "de"),
        ({"LC_MESSAGES": "fr_FR", "LANG": "de_DE"}, "fr"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_system_language_comes_from_the_locale(environ: dict[str, str], expected: str) -> None:
    assert i18n.system_language(environ) == expected


def test_the_command_line_speaks_the_language_set(tmp_path: Path) -> None:
    """`agentic-desk` with ui.language = "de" prints its errors in German."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.json").write_text(json.dumps({"schema_version": 1, "ui": {"language": "de"}}))
    env = dict(os.environ, AGENTIC_DESK_HOME=str(home), LANG="en_US.UTF-8")
    env.pop(i18n.LANGUAGE_ENV, None)
    missing = tmp_path / "nothing.json"
    run = subprocess.run(
        [sys.executable, "-m", "agentic_desk", "conversations", "import", str(missing)],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert f"error: Die Datei {missing} existiert nicht." in run.stderr
    (home / "settings.json").write_text(json.dumps({"schema_version": 1, "ui": {"language": "en"}}))
    run = subprocess.run(
        [sys.executable, "-m", "agentic_desk", "conversations", "import", str(missing)],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "does not exist" in run.stderr


def test_numbers_for_people_use_the_languages_separators(catalog_dir: Path) -> None:
    """format_int / format_decimal, and a whole number in a ``{n:,}`` field of a t() text:
    16,384 in English, 16.384 in German (issue 16)."""
    assert i18n.format_int(16384) == "16,384"
    assert i18n.format_decimal(1234.56, 1) == "1,234.6"
    assert i18n.t("{n:,} tokens", n=16384) == "16,384 tokens"
    (catalog_dir / "de.json").write_text(json.dumps({"{n:,} tokens": "{n:,} Tokens"}))
    assert i18n.set_language("de") == "de"
    assert i18n.format_int(16384) == "16.384"
    assert i18n.format_int(512) == "512"
    assert i18n.format_decimal(1234.56, 1) == "1.234,6"
    assert i18n.format_decimal(3.5, 2) == "3,50"
    assert i18n.t("{n:,} tokens", n=16384) == "16.384 Tokens"
    assert i18n.t("{n:,} not in the catalog", n=2048) == "2.048 not in the catalog"


@pytest.fixture
def german() -> Iterator[None]:
    """The shipped German catalog."""
    assert i18n.set_language("de") == "de"
    yield
    i18n.set_language("en")


def test_the_model_fit_reasons_are_german(german: None) -> None:
    """The catalog's verdicts on this computer, in words (core/models/catalog.py,
    core/budget.py), with German numbers."""
    from agentic_desk.core.models import catalog as cat
    from agentic_desk.core.models import hub
    from agentic_desk.core.models.store import ModelFile

    gb = 1024**3

    def variant(kind: str = "cpu") -> hub.RemoteVariant:
        return hub.RemoteVariant(
            f"{kind}/{kind}-int4", kind, (ModelFile("model.onnx.data", 2 * gb),), 131072, 32, 8, 128
        )

    fits = cat.fit(variant(), cat.Machine(16 * gb, 100 * gb, ("cpu",), None))
    assert fits.reason.startswith("Passt: Unterhaltungen mit 16.384 Tokens: etwa 8,1 GB"), (
        fits.reason
    )
    assert "Arbeitsspeicher (RAM)" in fits.reason and "131.072" in fits.reason
    tight = cat.fit(variant(), cat.Machine(7 * gb, 100 * gb, ("cpu",), None))
    assert tight.reason.startswith("Knapp: nur Unterhaltungen mit 6.144 Tokens")
    gpu = cat.fit(variant("cuda"), cat.Machine(16 * gb, 100 * gb, ("cpu",), None))
    assert (
        gpu.reason == "Diese Variante braucht eine NVIDIA-GPU mit CUDA, das hier nicht nutzbar ist."
    )
    disk = cat.fit(variant(), cat.Machine(16 * gb, gb, ("cpu",), None))
    assert disk.reason.startswith("Der Download braucht 2,0 GB Speicherplatz")


def test_the_hardware_notes_are_german(german: None) -> None:
    """Why a GPU is not used (the Models page's "Runs on" note), in German."""
    from agentic_desk.core.hardware.providers import decide_providers

    mac = decide_providers(sys_platform="darwin", machine="arm64", builds=None, builds_error="x")
    assert mac.reasons == {
        "cuda": "CUDA: unter macOS nicht verfügbar",
        "dml": "DirectML: nur unter Windows verfügbar",
    }
    linux = decide_providers(sys_platform="linux", machine="x86_64", builds=None)
    assert linux.reasons["cuda"].startswith(
        "CUDA: onnxruntime-genai konnte nicht geladen werden (unbekannter Fehler); "
        "keine NVIDIA-GPU gefunden (NVML und nvidia-smi führen keine auf)"
    )


def test_the_audit_record_speaks_german(german: None, tmp_path: Path) -> None:
    """The record's summary and check (Settings → What left this computer) in German."""
    from agentic_desk.core import audit

    assert audit.empty_text(False).startswith("Nichts hat diesen Computer verlassen.")
    assert audit.size_text(3600, 900, False) == "3.600 Zeichen · ~900 Tokens"
    log = audit.AuditLog.in_folder(tmp_path)
    assert log.verify().describe() == "Das Protokoll ist leer und unversehrt."
    assert audit.Verification(True, 1).describe() == "Das Protokoll ist unversehrt: 1 Eintrag."
    assert audit.Verification(True, 1200).describe() == (
        "Das Protokoll ist unversehrt: 1.200 Einträge."
    )


TS_SAMPLE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>sent</name>
    <message>
        <source>Verify</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Saved “{name}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Broken {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left alone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SentPage</name>
    <message numerus="yes">
        <source>%n request(s) sent.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
"""


def test_apply_translations_fills_only_unfinished_messages(tmp_path: Path) -> None:
    """scripts/apply_translations.py: the JSON's German goes into unfinished messages
    (plural forms too); a finished one stays; one with other {fields} is refused."""
    ts = tmp_path / "de.ts"
    ts.write_text(TS_SAMPLE, encoding="utf-8")
    extra = tmp_path / "extra.json"
    extra.write_text(
        json.dumps(
            {
                "sent": {
                    "Verify": "Überprüfen",
                    "Saved “{name}”.": "„{name}“ gespeichert.",
                    "Broken {path}": "Kaputt {pfad}",
                    "Gone from the code": "Weg",
                },
                "SentPage": {
                    "%n request(s) sent.": ["%n Anfrage gesendet.", "%n Anfragen gesendet."]
                },
            }
        ),
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts/apply_translations.py"), str(ts), str(extra)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stdout + run.stderr  # the broken field was refused
    assert "filled 2; already translated 1" in run.stdout
    assert "'Gone from the code'" in run.stdout
    assert "Broken {path}" in run.stderr and "still unfinished in de.ts: 2" in run.stdout
    import xml.etree.ElementTree as ET

    root = ET.parse(ts).getroot()
    done = {
        m.findtext("source"): (
            m.find("translation").get("type"),
            [f.text for f in m.iter("numerusform")] or m.findtext("translation"),
        )
        for m in root.iter("message")
    }
    assert done["Verify"] == (None, "Prüfen")  # finished: kept
    assert done["Saved “{name}”."] == (None, "„{name}“ gespeichert.")
    assert done["Broken {path}"][0] == "unfinished"
    assert done["Left alone"][0] == "unfinished"
    assert done["%n request(s) sent."] == (
        None,
        ["%n Anfrage gesendet.", "%n Anfragen gesendet."],
    )
