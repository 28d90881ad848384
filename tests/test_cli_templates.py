"""``agentic-desk templates`` and ``chat --template``, as a user runs them (a real
subprocess, the data folder a fresh one per test)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import tiny_models as tm

TEMPLATE = {
    "format": "agentic-desk-template",
    "version": 1,
    "name": "Two words",
    "description": "Short replies to someone",
    "system_prompt": "Write to {{recipient}} in the voice of a helpful clerk.",
    "reply": {"max_new_tokens": 2, "temperature": 0},
    "privacy": "local_only",
    "fields": [{"name": "recipient", "label": "Recipient"}],
}


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agentic_desk", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
        check=False,
        cwd=cwd,
    )


def test_list_show_import_export(tmp_path: Path) -> None:
    listed = run_cli("templates", "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[0].startswith("Formal letter")
    assert "starter" in listed.stdout

    source = tmp_path / "two.json"
    source.write_text(json.dumps(TEMPLATE))
    imported = run_cli("templates", "import", str(source))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == "Two words\n"

    as_json = json.loads(run_cli("templates", "list", "--json").stdout)
    names = {t["name"]: t for t in as_json["templates"]}
    assert names["Two words"]["starter"] is False
    assert names["Complaint"]["starter"] is True
    assert as_json["skipped"] == []

    shown = run_cli("templates", "show", "two WORDS")
    assert shown.returncode == 0, shown.stderr
    assert "recipient: Recipient (required)" in shown.stdout
    assert "Privacy: local_only" in shown.stdout
    assert "Write to {{recipient}}" in shown.stdout

    out = tmp_path / "out.json"
    exported = run_cli("templates", "export", "Two words", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    written = json.loads(out.read_text())
    assert written["fields"] == [
        {"name": "recipient", "label": "Recipient", "multiline": False, "required": True}
    ]
    assert {k: v for k, v in written.items() if k != "fields"} == {
        **{k: v for k, v in TEMPLATE.items() if k != "fields"},
        "first_message": "",
    }
    if os.name != "nt":
        assert out.stat().st_mode & 0o777 == 0o600


def test_errors_are_said_in_words(tmp_path: Path) -> None:
    missing = run_cli("templates", "show", "Sonnet")
    assert missing.returncode == 2
    assert "There is no template called “Sonnet”." in missing.stderr
    assert "Traceback" not in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "agentic-desk-template", "version": 1, "name": ')
    refused = run_cli("templates", "import", str(broken))
    assert refused.returncode == 2
    assert "The file broken.json is not valid JSON" in refused.stderr
    no_out = run_cli("templates", "export", "Complaint")
    assert no_out.returncode == 2 and "--out FILE" in no_out.stderr


def test_a_corrupt_user_template_is_skipped_and_named(tmp_path: Path) -> None:
    home = Path(os.environ["AGENTIC_DESK_HOME"])
    (home / "templates").mkdir(parents=True, exist_ok=True)
    (home / "templates" / "half.json").write_text("{")
    listed = run_cli("templates", "list")
    assert listed.returncode == 0
    assert "Complaint" in listed.stdout
    assert "skipped half.json: The file half.json is not valid JSON" in listed.stderr


def _prompt_tokens(stderr: str) -> int:
    found = re.search(r"prompt (\d+) tokens", stderr)
    assert found, stderr
    return int(found.group(1))


@pytest.mark.engine
def test_chat_from_a_template(scripted_model: Path, tmp_path: Path) -> None:
    source = tmp_path / "two.json"
    source.write_text(json.dumps(TEMPLATE))
    assert run_cli("templates", "import", str(source)).returncode == 0
    model = str(scripted_model)
    result = run_cli(
        "chat", "--model", model, "--template", "Two words", "--field", "recipient=Ms Jones", "hi"
    )
    assert result.returncode == 0, result.stderr
    assert "Template: Two words" in result.stderr
    assert result.stdout == "The quick\n"  # the template's reply length (2 tokens)
    assert "length limit]" in result.stderr
    same = run_cli(
        "chat",
        "--model",
        model,
        "--temperature",
        "0",
        "--max-tokens",
        "2",
        "--system",
        "Write to Ms Jones in the voice of a helpful clerk.",
        "hi",
    )
    assert same.returncode == 0, same.stderr
    # the filled-in system prompt is what the model read
    assert _prompt_tokens(result.stderr) == _prompt_tokens(same.stderr)
    plain = run_cli("chat", "--model", model, "--max-tokens", "2", "hi")
    assert _prompt_tokens(plain.stderr) < _prompt_tokens(result.stderr)
    assert tm.SENTENCE.startswith("The quick")

    missing = run_cli("chat", "--model", model, "--template", "Two words", "hi")
    assert missing.returncode == 2
    assert "needs a value for “Recipient”" in missing.stderr
