"""The headless CLI end to end, as a user runs it (a real subprocess)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import tiny_models as tm

pytestmark = pytest.mark.engine


def run_cli(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agentic_desk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def test_one_shot_chat_streams_to_stdout_and_stats_to_stderr(scripted_model: Path) -> None:
    result = run_cli("chat", "--model", str(scripted_model), "--temperature", "0", "hello")
    assert result.returncode == 0, result.stderr
    assert result.stdout == tm.SENTENCE + "\n"
    n = len(tm.scripted_token_ids(scripted_model))
    assert f"[{n} tokens · " in result.stderr
    assert "· CPU · end of text]" in result.stderr
    assert "Loaded scripted on CPU" in result.stderr


def test_flags_max_tokens_and_system(scripted_model: Path) -> None:
    result = run_cli(
        "chat",
        "--model",
        str(scripted_model),
        "--temperature",
        "0",
        "--max-tokens",
        "2",
        "--system",
        "Be brief.",
        "--ep",
        "cpu",
        "hello",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "The quick\n"
    assert "length limit]" in result.stderr


def test_interactive_multi_turn(scripted_model: Path) -> None:
    result = run_cli(
        "chat",
        "--model",
        str(scripted_model),
        "--temperature",
        "0",
        stdin="hello\nagain\n/new\nhi\n/exit\n",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(tm.SENTENCE) == 3
    assert "(new conversation)" in result.stderr
    assert "cached)" in result.stderr  # the second turn reused the first turn's cache


def test_ctrl_c_cancels_the_reply_not_the_program(scripted_model: Path) -> None:
    """Ctrl+C reaches the whole process group, as in a terminal; the worker ignores it and
    the CLI turns it into a cancel. The test hook holds the worker after token 3 until
    the cancel arrives, so the test does not depend on timing."""
    env = {
        **os.environ,
        "AGENTIC_DESK_TEST_HOOKS": "1",
        "AGENTIC_DESK_TEST_HOLD": "decode:3:cancel",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "agentic_desk",
            "chat",
            "--model",
            str(scripted_model),
            "--temperature",
            "0",
            "hello",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith("test-hook: held at decode 3"):
            os.killpg(proc.pid, signal.SIGINT)
            break
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, "".join(seen) + err
    assert out == tm.decode(scripted_model, tm.scripted_token_ids(scripted_model)[:3]) + "\n"
    assert "· cancelled]" in err


def test_agentic_flow_environment_variables(scripted_model: Path) -> None:
    result = run_cli(
        "chat",
        "hello",
        env={
            "ONNX_MODEL_PATH": str(scripted_model),
            "ONNX_MAX_TOKENS": "3",
            "ONNX_TEMPERATURE": "0",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "The quick brown\n"
    forced = run_cli(
        "chat",
        "hello",
        env={"ONNX_MODEL_PATH": str(scripted_model), "ONNX_EXECUTION_PROVIDERS": "cuda"},
    )
    assert forced.returncode == 2
    assert forced.stderr.splitlines()[-2].startswith(
        "error: None of the requested execution providers (cuda) can run here."
    )
    fallback = run_cli(
        "chat",
        "hello",
        env={
            "ONNX_MODEL_PATH": str(scripted_model),
            "ONNX_EXECUTION_PROVIDERS": "CUDAExecutionProvider,cpu",
        },
    )
    assert fallback.returncode == 0, fallback.stderr
    assert "note: CUDA is not part of this installation" in fallback.stderr
    shown = run_cli("settings", "show", env={"USE_ONNX": "true"})
    assert '"use_onnx": true' in shown.stdout


def test_bad_environment_value_is_named(scripted_model: Path) -> None:
    result = run_cli("chat", "--model", str(scripted_model), "hi", env={"ONNX_TEMPERATURE": "hot"})
    assert result.returncode == 2
    assert "ONNX_TEMPERATURE" in result.stderr and "Traceback" not in result.stderr


def test_no_model_is_a_clear_error() -> None:
    result = run_cli("chat", "hi")
    assert result.returncode == 2
    assert result.stderr.startswith("error: No model chosen.\n  Pass --model PATH")


def test_broken_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "genai_config.json").write_text("{oops")
    result = run_cli("chat", "--model", str(tmp_path), "hi")
    assert result.returncode == 2
    assert "is not valid JSON" in result.stderr and "Traceback" not in result.stderr


def test_settings_set_and_show(scripted_model: Path) -> None:
    assert run_cli("settings", "set", "engine.model_path", str(scripted_model)).returncode == 0
    assert run_cli("settings", "set", "engine.max_new_tokens", "2").returncode == 0
    result = run_cli("chat", "--temperature", "0", "hello")
    assert result.stdout == "The quick\n"
    bad = run_cli("settings", "set", "engine.temperature", "5")
    assert bad.returncode == 2
    assert "engine.temperature: must be between 0 and 2 (got 5)" in bad.stderr


def test_corrupt_settings_file_is_kept_aside_and_reported(scripted_model: Path) -> None:
    home = Path(os.environ["AGENTIC_DESK_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.json").write_text("{ not json")
    result = run_cli("chat", "--model", str(scripted_model), "--temperature", "0", "hello")
    assert result.returncode == 0
    assert result.stderr.startswith("warning: ")
    assert list(home.glob("settings.corrupt-*.json"))
    assert (home / "settings.json").read_text() == "{ not json"


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("agentic-desk ")


# ---- chat saves to the same history as the window ------------------------------------------


def _saved(home_db: Path) -> list[tuple[str, list[str]]]:
    from agentic_desk.core.conversations import ConversationStore

    with ConversationStore(home_db) as store:
        return [
            (conv.id, [m.content for m in store.messages(conv.id)])
            for conv in store.list_conversations()
        ]


def _db() -> Path:
    from agentic_desk.core.paths import AppPaths

    return AppPaths.from_env().conversations_db


def test_chat_saves_the_conversation_and_goes_on_with_it(scripted_model: Path) -> None:
    first = run_cli("chat", "--model", str(scripted_model), "--temperature", "0", "hello")
    assert first.returncode == 0, first.stderr
    [(conv_id, texts)] = _saved(_db())
    assert texts == ["hello", tm.SENTENCE]
    assert f"Saved as conversation {conv_id}" in first.stderr
    again = run_cli("chat", "--model", str(scripted_model), "--conversation", conv_id, "and again")
    assert again.returncode == 0, again.stderr
    assert "Going on with “Hello” (2 messages" in again.stderr
    [(same_id, texts)] = _saved(_db())
    assert same_id == conv_id
    assert texts == ["hello", tm.SENTENCE, "and again", tm.SENTENCE]
    # the model saw the earlier turns: the prompt is the whole history
    history = [
        {"role": "user", "content": "hello"},
        {"role": "assistant", "content": tm.SENTENCE},
        {"role": "user", "content": "and again"},
    ]
    tokens = len(tm.encode(scripted_model, tm.chatml_prompt(history)))
    assert f"prompt {tokens} tokens" in again.stderr


def test_chat_no_save_keeps_nothing_and_a_wrong_id_is_explained(scripted_model: Path) -> None:
    result = run_cli("chat", "--model", str(scripted_model), "--no-save", "hello")
    assert result.returncode == 0, result.stderr
    assert "Saved as" not in result.stderr
    assert not _db().exists() or _saved(_db()) == []
    wrong = run_cli("chat", "--model", str(scripted_model), "--conversation", "nope", "hi")
    assert wrong.returncode == 2
    assert "Traceback" not in wrong.stderr and "nope" in wrong.stderr


def test_interactive_continue_goes_on_with_the_saved_reply(scripted_model: Path) -> None:
    result = run_cli(
        "chat",
        "--model",
        str(scripted_model),
        "--max-tokens",
        "2",
        stdin="hello\n/continue\n/exit\n",
    )
    assert result.returncode == 0, result.stderr
    [(_conv, texts)] = _saved(_db())
    assert texts[0] == "hello"
    assert len(texts) == 2  # Continue wrote into the same reply
    assert tm.SENTENCE.startswith(texts[1]) and len(texts[1]) > len("The quick")
