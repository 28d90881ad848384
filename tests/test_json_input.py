"""JSON from outside the app (settings.json, a routing file, `rules import`, a conversation
to import, a value on the command line) that is missing, a folder, not text, not JSON, or
nested 100,000 deep: each gets a clear error (message and hint), never "This is a bug" or
a RecursionError. (The API server's request bodies: test_server_limits.)"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from agentic_desk import cli
from agentic_desk.core import jsonload
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import SettingsStore
from agentic_desk.core.startup import DamagedFile, check_startup

DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a": ' * 100_000 + "1" + "}" * 100_000
JUST_TOO_DEEP = '{"engine": ' + "[" * 70 + "]" * 70 + "}"  # Python parses it; the limit does not
TOO_DEEP = "its data is nested more than 64 levels deep"


@pytest.fixture
def home() -> Path:
    path = Path(os.environ["AGENTIC_DESK_HOME"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_clear(code: int, err: str) -> None:
    assert code == 2, err
    assert err.startswith("error: ")
    assert "This is a bug" not in err and "Traceback" not in err and "Recursion" not in err


# ---- the helper ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason", "message"),
    [
        (DEEP, jsonload.TOO_DEEP, f"The text cannot be used: {TOO_DEEP}, far more"),
        (DEEP_OBJECT, jsonload.TOO_DEEP, f"The text cannot be used: {TOO_DEEP}, far more"),
        (JUST_TOO_DEEP, jsonload.TOO_DEEP, f"The text cannot be used: {TOO_DEEP}, far more"),
        ("{oops", jsonload.NOT_JSON, "The text is not valid JSON (Expecting property name"),
        (b"\xff\xfe{}", jsonload.NOT_TEXT, "The text is not text in UTF-8 (byte 0 is not"),
        ("1" * 5000, jsonload.NOT_JSON, "The text is not usable JSON (Exceeds the limit"),
    ],
    ids=["deep-list", "deep-object", "just-too-deep", "not-json", "not-utf8", "huge-int"],
)
def test_loads_explains_what_is_wrong(data: str | bytes, reason: str, message: str) -> None:
    with pytest.raises(jsonload.JsonUnreadable) as err:
        jsonload.loads(data, hint="Try another.")
    assert err.value.reason == reason
    assert err.value.message.startswith(message)
    assert err.value.hint == "Try another."


def test_loads_takes_what_nests_as_deep_as_the_limit() -> None:
    at_limit = "[" * 64 + "]" * 64
    assert jsonload.loads(at_limit) == json.loads(at_limit)
    assert jsonload.loads(b'\xef\xbb\xbf{"a": [1, {"b": 2}]}') == {"a": [1, {"b": 2}]}


# ---- settings.json ------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [DEEP, DEEP_OBJECT, JUST_TOO_DEEP])
def test_settings_nested_too_deep_are_kept_aside(home: Path, content: str) -> None:
    path = home / "settings.json"
    path.write_text(content)
    result = SettingsStore(path).load()
    (copy,) = home.glob("settings.corrupt-*.json")
    assert result.problems == [
        f"The settings file {path} could not be used: {TOO_DEEP}. Agentic Desk is using "
        f"default settings. A copy of the original file was kept as {copy}."
    ]
    assert result.kept_aside == copy and copy.read_text() == content


def test_a_start_with_settings_nested_100000_deep_warns_and_runs(
    home: Path, scripted_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (home / "settings.json").write_text(DEEP)
    code, out, err = run(capsys, "chat", "--model", str(scripted_model), "hello")
    assert code == 0, err
    assert err.startswith(f"warning: The settings file {home / 'settings.json'} could not be ")
    assert TOO_DEEP in err and "Traceback" not in err
    assert out.strip()  # it answered
    assert list(home.glob("settings.corrupt-*.json"))


# ---- routing: the app's own file and `rules import` ------------------------------------------


def test_a_routing_file_nested_100000_deep_is_a_damaged_file_at_start(home: Path) -> None:
    (home / "router.config.json").write_text(DEEP)
    (problem,) = check_startup(AppPaths.from_env())
    assert problem.kind == DamagedFile.ROUTER_CONFIG
    assert problem.error.message == (
        f"The routing configuration {home / 'router.config.json'} cannot be used: {TOO_DEEP}, "
        "far more than any real file or request needs."
    )
    assert problem.error.hint == "Fix or remove the file, or import a configuration again."


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p.write_text(DEEP), f"cannot be used: {TOO_DEEP}"),
        (lambda p: p.write_text("routing: yes\n"), "is not valid JSON (Expecting value at line 1,"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\xff"), "is not text in UTF-8"),
        (lambda p: None, "does not exist."),
        (lambda p: p.mkdir(), "is a folder, not a file."),
    ],
    ids=["deep", "not-json", "not-text", "missing", "folder"],
)
def test_rules_import_of_a_file_it_cannot_use_is_a_clear_error(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, says: str
) -> None:
    source = tmp_path / "rules.json"
    make(source)  # type: ignore[operator]
    code, out, err = run(capsys, "rules", "import", str(source))
    assert_clear(code, err)
    assert err.startswith(f"error: The rules file {source} {says}")
    assert "agentic-desk rules export" in err  # the hint: what to give instead
    assert out == ""
    assert not (home / "router.config.json").exists()  # nothing imported


# ---- conversations and command-line values ------------------------------------------------


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p.write_text(DEEP_OBJECT), f"cannot be used: {TOO_DEEP}"),
        (lambda p: p.mkdir(), "is a folder, not a file."),
        (lambda p: None, "does not exist."),
    ],
    ids=["deep", "folder", "missing"],
)
def test_conversation_import_of_a_file_it_cannot_use_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, says: str
) -> None:
    source = tmp_path / "conversation.json"
    make(source)  # type: ignore[operator]
    code, _out, err = run(capsys, "conversations", "import", str(source))
    assert_clear(code, err)
    assert err.startswith(f"error: The file {source} {says}")
    assert "Choose a file exported by Agentic Desk" in err


def test_settings_set_with_a_value_nested_too_deep(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "settings", "set", "api.allowed_origins", "[" * 5000 + "]" * 5000)
    assert_clear(code, err)
    assert err.startswith(f"error: The value cannot be used: {TOO_DEEP}")
    assert not (home / "settings.json").exists()
