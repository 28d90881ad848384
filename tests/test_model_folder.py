"""Every broken-folder case gets its own message naming the problem and the fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tiny_models as tm
from agentic_desk.core.engine import LocalEngine
from agentic_desk.core.engine import errors as e
from agentic_desk.core.engine.folder import check_model_folder

pytestmark = pytest.mark.engine


@pytest.fixture
def folder(tmp_path: Path, scripted_model: Path) -> Path:
    """A private copy of the scripted model, its weights moved to model.onnx.data."""
    return tm.copy_with_external_weights(scripted_model, tmp_path / "model")


def edit_config(
    folder: Path, change: dict[str, object] | None = None, remove: str | None = None
) -> None:
    path = folder / "genai_config.json"
    config = json.loads(path.read_text())
    if change:
        config["model"].update(change)
    if remove:
        del config["model"][remove]
    path.write_text(json.dumps(config))


def test_a_good_folder_passes(folder: Path) -> None:
    info = check_model_folder(folder)
    assert info.model_type == "llama"
    assert info.context_length == 256
    assert info.weights_bytes > (folder / "model.onnx.data").stat().st_size
    assert info.chat_template_source == "tokenizer_config"


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(e.FolderMissing) as err:
        check_model_folder(tmp_path / "nope")
    assert err.value.message == f"The model folder {tmp_path / 'nope'} does not exist."
    assert err.value.hint == "Check the path, or choose the model again in the model manager."


def test_a_file_instead_of_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "model.gguf"
    path.write_bytes(b"GGUF")
    with pytest.raises(e.FolderMissing, match="is a file, not a folder"):
        check_model_folder(path)


def test_config_missing(folder: Path) -> None:
    (folder / "genai_config.json").unlink()
    with pytest.raises(e.ConfigMissing) as err:
        check_model_folder(folder)
    assert err.value.message == (
        f"{folder} has no genai_config.json, so it is not an ONNX Runtime GenAI model folder."
    )
    assert "per variant sub-folder" in err.value.hint


def test_config_not_json(folder: Path) -> None:
    (folder / "genai_config.json").write_text('{"model": {')
    with pytest.raises(e.ConfigInvalid) as err:
        check_model_folder(folder)
    assert err.value.message.startswith(f"genai_config.json in {folder} is not valid JSON (")
    assert "at line 1, column" in err.value.message


def test_config_and_tokenizer_nested_100000_deep(folder: Path) -> None:
    deep = '{"model": ' * 100_000 + "1" + "}" * 100_000
    tokenizer = (folder / "tokenizer.json").read_bytes()
    (folder / "tokenizer.json").write_text(deep)
    with pytest.raises(e.TokenizerUnreadable) as err:
        check_model_folder(folder)
    assert err.value.message == (
        f"tokenizer.json in {folder} cannot be read (its data is nested far too deep)."
    )
    (folder / "tokenizer.json").write_bytes(tokenizer)
    (folder / "genai_config.json").write_text(deep)
    with pytest.raises(e.ConfigInvalid) as err:
        check_model_folder(folder)
    assert err.value.message == (
        f"genai_config.json in {folder} cannot be used: its data is nested more than 64 "
        "levels deep, far more than any real file or request needs."
    )


def test_config_lacks_required_fields(folder: Path) -> None:
    edit_config(folder, remove="context_length")
    with pytest.raises(e.ConfigFieldsMissing) as err:
        check_model_folder(folder)
    assert err.value.message == (
        f"genai_config.json in {folder} lacks required fields: model.context_length."
    )


def test_unsupported_model_type_is_reported_by_the_engine(folder: Path) -> None:
    edit_config(folder, {"type": "quantum_llm"})
    with LocalEngine() as engine, pytest.raises(e.UnsupportedModelType) as err:
        engine.load(folder)
    assert "not supported" in err.value.message
    assert "quantum_llm" in err.value.message
    assert "supported family" in err.value.hint


def test_model_file_missing(folder: Path) -> None:
    (folder / "model.onnx").unlink()
    with pytest.raises(e.ModelFileMissing) as err:
        check_model_folder(folder)
    assert err.value.message == (
        f"The model file model.onnx named in genai_config.json is missing from {folder}."
    )


def test_external_weights_missing(folder: Path) -> None:
    (folder / "model.onnx.data").unlink()
    with pytest.raises(e.ExternalWeightsMissing) as err:
        check_model_folder(folder)
    assert err.value.message == (
        f"The weights file model.onnx.data that model.onnx needs is missing from {folder}."
    )


def test_external_weights_truncated(folder: Path) -> None:
    data = folder / "model.onnx.data"
    full = data.stat().st_size
    with data.open("r+b") as fh:
        fh.truncate(full // 2)
    with pytest.raises(e.ExternalWeightsTruncated) as err:
        check_model_folder(folder)
    assert err.value.message == (
        f"The weights file model.onnx.data is cut short: it holds "
        f"{full // 2:,} bytes but the model needs {full:,}."
    )
    assert err.value.hint.startswith("The download did not finish")


def test_tokenizer_missing(folder: Path) -> None:
    (folder / "tokenizer.json").unlink()
    with pytest.raises(e.TokenizerMissing) as err:
        check_model_folder(folder)
    assert err.value.message == f"{folder} has no tokenizer (tokenizer.json or tokenizer.model)."


def test_tokenizer_unreadable(folder: Path) -> None:
    (folder / "tokenizer.json").write_text("<html>rate limited</html>")
    with pytest.raises(e.TokenizerUnreadable, match=r"tokenizer.json in .* cannot be read"):
        check_model_folder(folder)


def test_requested_context_beyond_the_model(folder: Path) -> None:
    with pytest.raises(e.ContextTooLong) as err:
        check_model_folder(folder, max_length=4096)
    assert err.value.message == (
        "The requested context of 4,096 tokens is longer than this model's 256."
    )
    assert err.value.hint == "Set the maximum context to 256 tokens or less."


def test_broken_folder_errors_cross_the_pipe_typed(folder: Path) -> None:
    (folder / "model.onnx.data").unlink()
    with LocalEngine() as engine, pytest.raises(e.ExternalWeightsMissing) as err:
        engine.load(folder)
    assert "model.onnx.data" in err.value.message
    assert engine.worker_pid is None  # the failed worker is gone


def test_requested_provider_unavailable(folder: Path) -> None:
    with LocalEngine() as engine, pytest.raises(e.ProviderUnavailable) as err:
        engine.load(folder, ["cuda"])
    assert err.value.message.startswith(
        "None of the requested execution providers (cuda) can run here. CUDA is not part of "
        "this installation"
    )
    assert "engine.execution_providers" in err.value.hint


def test_gpu_provider_falls_back_to_cpu_and_says_why(folder: Path) -> None:
    with LocalEngine() as engine:
        loaded = engine.load(folder, ["cuda", "cpu"])
    assert loaded.provider == "cpu"
    assert loaded.provider_notes[0].startswith("CUDA is not part of this installation")


def test_auto_picks_a_provider_that_works(folder: Path) -> None:
    with LocalEngine() as engine:
        loaded = engine.load(folder, ["auto"])
    assert loaded.provider == "cpu"
    assert loaded.provider_notes == ()


def test_tokenizer_class_the_library_does_not_know_falls_back(folder: Path) -> None:
    """onnxruntime-genai 0.11 rejects the TokenizersBackend class recent transformers write;
    the engine then reads tokenizer.json with the tokenizers library."""
    config_path = folder / "tokenizer_config.json"
    config = json.loads(config_path.read_text())
    config["tokenizer_class"] = "TokenizersBackendOfTheFuture"
    config_path.write_text(json.dumps(config))
    from agentic_desk.core.engine import ChatMessage, GenerationParams, ReplyConsumer

    with LocalEngine() as engine:
        loaded = engine.load(folder)
        reply = ReplyConsumer().consume(
            engine.chat([ChatMessage("user", "hi")], GenerationParams(temperature=0))
        )
    assert "using the tokenizers library instead" in loaded.provider_notes[-1]
    assert reply.text == tm.SENTENCE
