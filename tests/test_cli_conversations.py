"""``agentic-desk conversations list --json | show ID | export ID --format … --out FILE
[--message N]``: the saved conversations as a user reaches them from a terminal."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import docx
import pypdf
import pytest

from agentic_desk import cli
from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.paths import AppPaths
from document_helpers import readable

MODEL_FOLDER = "/home/ada/models/phi-4-mini-instruct-onnx"
REPLY = "# Draft\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<b>raw</b> € Ελληνικά"


@pytest.fixture(name="conv_id")
def conv_id_fixture() -> str:
    paths = AppPaths.from_env().ensure()
    with ConversationStore(paths.conversations_db) as store:
        conv = store.create_conversation(
            title="Letter", system_prompt="Be formal.", model=MODEL_FOLDER
        )
        store.add_user_message(conv.id, "Write a letter")
        reply = store.begin_reply(conv.id)
        store.finish_reply(reply.id, REPLY, meta={"model": MODEL_FOLDER, "where": "Local"})
        return conv.id


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["conversations", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_as_json(conv_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "list", "--json")
    assert code == 0
    (row,) = json.loads(out)
    assert row["id"] == conv_id and row["title"] == "Letter"
    assert row["model"] == "phi-4-mini-instruct-onnx"  # the name, not the folder
    code, out, _err = run(capsys, "list")
    assert out.startswith(conv_id) and out.rstrip().endswith("Letter")


def test_show_numbers_the_messages(conv_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "show", conv_id)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Letter"
    assert "model phi-4-mini-instruct-onnx" in lines[1] and "/home/ada" not in out
    assert lines[2:6] == ["", "System prompt:", "  Be formal.", ""]
    assert lines[6:8] == ["[1] You", "Write a letter"]
    assert lines[9] == "[2] Assistant"
    assert "\n".join(lines[10:]) == REPLY


@pytest.mark.parametrize("fmt", ["docx", "odt", "pdf"])
def test_export_binary_formats_need_a_file(
    fmt: str, conv_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "export", conv_id, "--format", fmt)
    assert code == 2 and out == ""
    assert "is a file, not text for the terminal" in err
    assert f"--format {fmt} --out FILE.{fmt}" in err


def test_export_each_format_to_a_file(
    conv_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt in ("md", "json", "docx", "odt", "pdf"):
        target = tmp_path / f"letter.{fmt}"
        code, _out, err = run(capsys, "export", conv_id, "--format", fmt, "--out", str(target))
        assert code == 0, err
        assert err == f"Exported to {target}\n"
        if os.name != "nt":
            assert stat.S_IMODE(target.stat().st_mode) == 0o600
        content = readable(target.read_bytes())
        assert "phi-4-mini-instruct-onnx" in content and "/home/ada" not in content
    headings = [p.text for p in docx.Document(str(tmp_path / "letter.docx")).paragraphs
                if p.style.name.startswith("Heading")]  # fmt: skip
    assert headings == ["Letter", "System prompt", "You", "Assistant", "Draft"]
    assert json.loads((tmp_path / "letter.json").read_text())["format"] == (
        "agentic-desk-conversation"
    )
    # --output still works, and the suffix chooses the format when --format is left out
    target = tmp_path / "by-suffix.pdf"
    assert run(capsys, "export", conv_id, "--output", str(target))[0] == 0
    assert "<b>raw</b> € Ελληνικά" in pypdf.PdfReader(str(target)).pages[0].extract_text()


def test_export_one_message(
    conv_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "export", conv_id, "--message", "2")
    assert code == 0 and out == REPLY + "\n"
    target = tmp_path / "reply.docx"
    code, _out, err = run(
        capsys, "export", conv_id, "--format", "docx", "--message", "2", "--out", str(target)
    )
    assert code == 0, err
    document = docx.Document(str(target))
    assert [(p.style.name, p.text) for p in document.paragraphs][:3] == [
        ("Heading 1", "Draft"),
        ("List Bullet", "one"),
        ("List Bullet", "two"),
    ]
    assert [c.text for c in document.tables[0].rows[1].cells] == ["1", "2"]
    code, _out, err = run(capsys, "export", conv_id, "--message", "3")
    assert code == 2 and "This conversation has no message 3: it has 2." in err
    code, _out, err = run(capsys, "export", conv_id, "--format", "json", "--message", "1")
    assert code == 2 and "exports a whole conversation, not one message" in err


def test_export_to_a_missing_folder_says_so(
    conv_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nowhere" / "letter.odt"
    code, _out, err = run(capsys, "export", conv_id, "--out", str(target))
    assert code == 2
    assert err.startswith(f"error: The folder {target.parent} does not exist.")
    assert "Traceback" not in err


def test_export_from_a_real_process(conv_id: str, tmp_path: Path) -> None:
    target = tmp_path / "letter.odt"
    result = subprocess.run(
        [sys.executable, "-m", "agentic_desk", "conversations", "export", conv_id,
         "--format", "odt", "--out", str(target)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert target.read_bytes()[:2] == b"PK"
