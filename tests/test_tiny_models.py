"""The tiny model folders of ``tiny_models`` load and behave as promised in onnxruntime-genai."""

from __future__ import annotations

import json
import os

os.environ["ORT_DISABLE_TELEMETRY"] = "1"  # before onnxruntime_genai is imported (ARCHITECTURE 6)

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import onnxruntime_genai as og
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

import tiny_models as tm

pytestmark = pytest.mark.engine  # also run against the oldest allowed genai (scripts/test.sh)

CHAT_A = [{"role": "user", "content": "Hello there, how are you today?"}]
CHAT_B = [{"role": "user", "content": "What is the capital of France?"}]


def _ids(values: Sequence[int]) -> npt.NDArray[np.int32]:
    return np.asarray(values, dtype=np.int32)


def _generator(model: og.Model, max_length: int) -> og.Generator:
    params = og.GeneratorParams(model)
    params.set_search_options(max_length=max_length)
    return og.Generator(model, params)


def _run(generator: og.Generator, limit: int) -> list[int]:
    """Greedy-generate until genai says done (or ``limit`` tokens); the tokens as reported."""
    out: list[int] = []
    while not generator.is_done() and len(out) < limit:
        generator.generate_next_token()
        out.append(int(generator.get_next_tokens()[0]))
    return out


def _fresh(model: og.Model, prompt: Sequence[int], new_tokens: int) -> list[int]:
    generator = _generator(model, len(prompt) + new_tokens)
    generator.append_tokens(_ids(prompt))
    return _run(generator, new_tokens)


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


# --------------------------------------------------------------------------------------------
# scripted model
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "chat",
    [
        CHAT_A,
        [{"role": "system", "content": "You are a helpful assistant."}, *CHAT_B],
        [*CHAT_A, {"role": "assistant", "content": "Fine, thanks."}, *CHAT_B],
    ],
    ids=["one-message", "system", "multi-turn"],
)
def test_scripted_model_says_its_sentence_then_eos(
    tmp_path: Path, chat: list[dict[str, str]]
) -> None:
    folder = tm.build_scripted_model(tmp_path / "m")
    model = og.Model(str(folder))
    tokenizer = og.Tokenizer(model)
    prompt = tokenizer.encode(tm.chatml_prompt(chat))
    assert list(prompt) == tm.encode(folder, tm.chatml_prompt(chat))

    generator = _generator(model, len(prompt) + 100)
    generator.append_tokens(prompt)
    out = _run(generator, 100)

    expected = tm.scripted_token_ids(folder)
    assert out == [*expected, tm.EOS_TOKEN_ID]
    assert generator.is_done()
    assert expected == tm.encode(folder, tm.SENTENCE)
    assert tokenizer.decode(_ids(expected)) == tm.SENTENCE
    assert list(tokenizer.eos_token_ids) == [tm.EOS_TOKEN_ID]
    stream = tokenizer.create_stream()
    assert "".join(stream.decode(t) for t in expected) == tm.SENTENCE
    assert tm.reference_generate(folder, list(prompt), 100) == out


def test_scripted_sentence_words_are_single_tokens_and_non_ascii_is_split_into_bytes(
    tmp_path: Path,
) -> None:
    folder = tm.build_scripted_model(tmp_path / "m")
    ids = tm.scripted_token_ids(folder)
    assert len(ids) == len(set(ids))
    pieces = [tm.decode(folder, [i]) for i in ids]
    assert pieces[:10] == [
        "The",
        " quick",
        " brown",
        " fox",
        " jumps",
        " over",
        " the",
        " lazy",
        " dog",
        ".",
    ]
    assert pieces[10] == " Caf" and pieces[-1] == " done"
    # é is 2 byte tokens, " " one, 🙂 4 byte tokens: none decodes to text on its own
    assert len(ids) == 10 + 1 + 2 + 1 + 4 + 1
    for i in [*ids[11:13], *ids[14:18]]:
        assert tm.decode(folder, [i]) == "\ufffd"
    assert tm.decode(folder, ids[11:13]) == "é"
    assert tm.decode(folder, ids[14:18]) == "🙂"
    assert tm.encode(folder, tm.GENERATION_PROMPT)[-1] not in ids


def test_scripted_model_takes_any_sentence_without_repeated_tokens(tmp_path: Path) -> None:
    sentence = "Hello naïve world Ω!"  # ï = C3 AF, Ω = CE A9: four distinct byte tokens
    folder = tm.build_scripted_model(tmp_path / "m", sentence=sentence, context_length=128)
    model = og.Model(str(folder))
    tokenizer = og.Tokenizer(model)
    out = _fresh(model, tokenizer.encode(tm.chatml_prompt(CHAT_B)), 64)
    assert out[-1] == tm.EOS_TOKEN_ID
    assert tokenizer.decode(_ids(out[:-1])) == sentence
    assert out[:-1] == tm.scripted_token_ids(folder)


@pytest.mark.parametrize(
    "sentence", ["the cat saw the cat", "Café crème", "two\nlines", "", "a <|im_end|>"]
)
def test_scripted_model_refuses_sentences_it_cannot_script(tmp_path: Path, sentence: str) -> None:
    with pytest.raises(ValueError, match="sentence"):
        tm.build_scripted_model(tmp_path / "m", sentence=sentence)


def test_scripted_model_stops_at_max_length_when_the_sentence_is_longer(tmp_path: Path) -> None:
    folder = tm.build_scripted_model(tmp_path / "m")
    model = og.Model(str(folder))
    prompt = tm.encode(folder, tm.chatml_prompt(CHAT_A))
    generator = _generator(model, len(prompt) + 5)
    generator.append_tokens(_ids(prompt))
    out = _run(generator, 100)
    assert out == tm.scripted_token_ids(folder)[:5]
    assert generator.is_done()
    # the sequence holds the prompt and every generated token
    assert list(generator.get_sequence(0)) == [*prompt, *out]


def test_scripted_model_writes_a_complete_genai_config(tmp_path: Path) -> None:
    folder = tm.build_scripted_model(tmp_path / "m", context_length=128)
    config = tm.read_genai_config(folder)
    model, search = config["model"], config["search"]
    assert model["type"] == "llama"
    assert model["context_length"] == search["max_length"] == 128
    vocab = json.loads((folder / "tokenizer.json").read_text("utf-8"))["model"]["vocab"]
    assert model["vocab_size"] == len(vocab) == tm.VOCAB_SIZE
    assert (model["bos_token_id"], model["eos_token_id"], model["pad_token_id"]) == (1, 2, 2)
    decoder = model["decoder"]
    assert decoder["filename"] == "model.onnx" and (folder / "model.onnx").is_file()
    assert decoder["inputs"] == {
        "input_ids": "input_ids",
        "past_key_names": "past_key_values.%d.key",
        "past_value_names": "past_key_values.%d.value",
    }
    assert decoder["outputs"] == {
        "logits": "logits",
        "present_key_names": "present.%d.key",
        "present_value_names": "present.%d.value",
    }
    assert search["past_present_share_buffer"] is False
    assert search["do_sample"] is False
    tokenizer_config = json.loads((folder / "tokenizer_config.json").read_text("utf-8"))
    assert tokenizer_config["bos_token"] == "<|im_start|>"
    assert tokenizer_config["eos_token"] == "<|im_end|>"
    assert tokenizer_config["tokenizer_class"]
    assert (folder / "special_tokens_map.json").is_file()


def test_template_in_tokenizer_config(tmp_path: Path) -> None:
    folder = tm.build_scripted_model(tmp_path / "m", template_file="tokenizer_config")
    config = json.loads((folder / "tokenizer_config.json").read_text("utf-8"))
    assert config["chat_template"] == tm.CHATML_TEMPLATE
    assert not (folder / "chat_template.jinja").exists()


def test_template_in_jinja_file(tmp_path: Path) -> None:
    folder = tm.build_scripted_model(tmp_path / "m", template_file="jinja")
    config = json.loads((folder / "tokenizer_config.json").read_text("utf-8"))
    assert "chat_template" not in config
    assert (folder / "chat_template.jinja").read_text("utf-8") == tm.CHATML_TEMPLATE


def test_no_template_anywhere(tmp_path: Path) -> None:
    folder = tm.build_scripted_model(tmp_path / "m", template_file="none", chat_template=None)
    config = json.loads((folder / "tokenizer_config.json").read_text("utf-8"))
    assert "chat_template" not in config
    assert not (folder / "chat_template.jinja").exists()
    # the model still loads and answers
    model = og.Model(str(folder))
    out = _fresh(model, tm.encode(folder, tm.chatml_prompt(CHAT_A)), 40)
    assert out == [*tm.scripted_token_ids(folder), tm.EOS_TOKEN_ID]


def test_template_file_mistakes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="chat_template=None"):
        tm.build_scripted_model(tmp_path / "a", template_file="none")
    with pytest.raises(ValueError, match="template_file"):
        tm.build_scripted_model(tmp_path / "b", template_file="yaml")  # type: ignore[arg-type]


def test_chatml_template_renders_like_chatml_prompt() -> None:
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    chat = [*CHAT_A, {"role": "assistant", "content": "Fine."}, *CHAT_B]
    for add in (True, False):
        rendered = env.from_string(tm.CHATML_TEMPLATE).render(
            messages=chat, add_generation_prompt=add
        )
        assert rendered == tm.chatml_prompt(chat, add_generation_prompt=add)
    assert tm.chatml_prompt(CHAT_A).endswith(tm.GENERATION_PROMPT)


def test_unsupported_model_type_is_written_and_refused_by_genai(tmp_path: Path) -> None:
    folder = tm.build_scripted_model(tmp_path / "m", model_type="not_a_model")
    assert tm.read_genai_config(folder)["model"]["type"] == "not_a_model"
    with pytest.raises(RuntimeError, match=r"Unsupported model_type in config\.json: not_a_model"):
        og.Model(str(folder))


# --------------------------------------------------------------------------------------------
# history model
# --------------------------------------------------------------------------------------------

share_buffer_modes = pytest.mark.parametrize(
    "share_buffer", [False, True], ids=["concat", "shared"]
)
NEW = 16  # tokens generated per turn


@pytest.fixture
def history(tmp_path: Path, share_buffer: bool) -> tuple[Path, og.Model]:
    folder = tm.build_history_model(tmp_path / "h", share_buffer=share_buffer)
    return folder, og.Model(str(folder))


@share_buffer_modes
def test_history_model_config_matches_the_graph(
    history: tuple[Path, og.Model], share_buffer: bool
) -> None:
    folder, _model = history
    config = tm.read_genai_config(folder)
    assert config["search"]["past_present_share_buffer"] is share_buffer
    assert ("attention_mask" in config["model"]["decoder"]["inputs"]) is share_buffer
    assert config["model"]["context_length"] == config["search"]["max_length"] == 512


@share_buffer_modes
def test_history_model_output_depends_on_earlier_tokens(history: tuple[Path, og.Model]) -> None:
    folder, model = history
    prompt_a = tm.encode(folder, tm.chatml_prompt(CHAT_A))
    prompt_b = tm.encode(folder, tm.chatml_prompt(CHAT_B))
    assert prompt_a[-1] == prompt_b[-1]  # same last token, different history
    out_a, out_b = _fresh(model, prompt_a, NEW), _fresh(model, prompt_b, NEW)
    assert out_a != out_b
    for out in (out_a, out_b):
        assert len(out) == NEW  # never stops by itself
        assert len(set(out)) >= 5  # not stuck on one token
        assert all(t >= len(tm.SPECIAL_TOKENS) for t in out)
    # genai with its KV cache == plain onnxruntime recomputing everything
    assert out_a == tm.reference_generate(folder, prompt_a, NEW)
    assert out_b == tm.reference_generate(folder, prompt_b, NEW)
    assert all(c.isprintable() or c == "\n" for c in tm.decode(folder, out_a + out_b))


QUESTION_C = {"role": "user", "content": "Tell me a story about the old owl."}


def _turn_1(model: og.Model, prompt: Sequence[int]) -> tuple[og.Generator, list[int]]:
    """A generator that has answered ``prompt`` (up to NEW tokens, or EOS), and its sequence."""
    generator = _generator(model, 400)
    generator.append_tokens(_ids(prompt))
    reply = _run(generator, NEW)
    sequence = [int(t) for t in generator.get_sequence(0)]
    reply_without_eos = [t for t in reply if t != tm.EOS_TOKEN_ID]
    assert sequence == [*prompt, *reply_without_eos]  # get_sequence never holds the EOS
    return generator, sequence


def _turn_2(folder: Path, scenario: str, reply: Sequence[int]) -> list[int]:
    """The second prompt: the same chat continued, with its reply cut short, or edited."""
    if scenario == "edited-question":
        chat = [{"role": "user", "content": "Hello there, how are you doing?"}, QUESTION_C]
    else:
        kept = reply if scenario == "continued" else reply[: len(reply) // 2]
        chat = [*CHAT_A, {"role": "assistant", "content": tm.decode(folder, kept)}, QUESTION_C]
    return tm.encode(folder, tm.chatml_prompt(chat))


@share_buffer_modes
@pytest.mark.parametrize("scenario", ["edited-question", "reply-cut-short"])
def test_rewind_then_append_matches_a_fresh_generator(
    history: tuple[Path, og.Model], scenario: str
) -> None:
    folder, model = history
    prompt_1 = tm.encode(folder, tm.chatml_prompt(CHAT_A))
    generator, sequence = _turn_1(model, prompt_1)
    prompt_2 = _turn_2(folder, scenario, sequence[len(prompt_1) :])
    keep = _common_prefix(sequence, prompt_2)
    if scenario == "edited-question":
        assert 0 < keep < len(prompt_1)  # rewinds into the first prompt
    else:
        assert len(prompt_1) < keep < len(sequence) - 1  # rewinds into the first reply

    generator.rewind_to(keep)
    assert [int(t) for t in generator.get_sequence(0)] == prompt_2[:keep]
    generator.append_tokens(_ids(prompt_2[keep:]))
    reused = _run(generator, NEW)

    fresh = _fresh(model, prompt_2, NEW)
    assert reused == fresh
    assert fresh == tm.reference_generate(folder, prompt_2, NEW)


def _stopping_model(tmp_path: Path, share_buffer: bool, prompt_text: str) -> Path:
    """A history model that, after ``prompt_text``, stops by itself (EOS) after a few tokens."""
    plain = tm.build_history_model(tmp_path / "plain", share_buffer=share_buffer)
    prompt = tm.encode(plain, prompt_text)
    reply = tm.reference_generate(plain, prompt, NEW)
    for token in reply[3:]:
        text = tm.decode(plain, [token])
        if tm.encode(plain, text) == [token]:
            return tm.build_history_model(
                tmp_path / "stops", share_buffer=share_buffer, stop_after=text
            )
    raise AssertionError(f"no usable stop token in {reply}")


@share_buffer_modes
def test_next_turn_after_eos_reuses_the_whole_sequence(tmp_path: Path, share_buffer: bool) -> None:
    """After an EOS every token of get_sequence is cached: no rewind is needed."""
    folder = _stopping_model(tmp_path, share_buffer, tm.chatml_prompt(CHAT_A))
    model = og.Model(str(folder))
    prompt_1 = tm.encode(folder, tm.chatml_prompt(CHAT_A))
    generator, sequence = _turn_1(model, prompt_1)
    assert generator.is_done() and int(generator.get_next_tokens()[0]) == tm.EOS_TOKEN_ID
    assert len(sequence) < len(prompt_1) + NEW

    prompt_2 = _turn_2(folder, "continued", sequence[len(prompt_1) :])
    assert prompt_2[: len(sequence)] == sequence
    generator.append_tokens(_ids(prompt_2[len(sequence) :]))
    assert _run(generator, NEW) == _fresh(model, prompt_2, NEW)


@share_buffer_modes
def test_after_a_caller_stop_the_last_generated_token_is_not_cached(
    history: tuple[Path, og.Model], share_buffer: bool
) -> None:
    """Documents genai 0.11-0.18: a reply stopped by the caller (not by EOS or max_length) has its
    last token in get_sequence but not yet in the KV cache. A next turn must rewind to at most
    len(sequence) - 1 with a shared buffer, len(sequence) - 2 without one."""
    folder, model = history
    prompt_1 = tm.encode(folder, tm.chatml_prompt(CHAT_A))
    _, sequence = _turn_1(model, prompt_1)
    prompt_2 = _turn_2(folder, "continued", sequence[len(prompt_1) :])
    assert prompt_2[: len(sequence)] == sequence
    fresh = _fresh(model, prompt_2, NEW)

    def next_turn(rewind: int | None) -> list[int]:
        generator, _ = _turn_1(model, prompt_1)
        if rewind is not None:
            generator.rewind_to(rewind)
        generator.append_tokens(_ids(prompt_2[len(generator.get_sequence(0)) :]))
        return _run(generator, NEW)

    n = len(sequence)
    assert next_turn(rewind=n - 2) == fresh
    if share_buffer:
        assert next_turn(rewind=n - 1) == fresh
        assert next_turn(rewind=None) != fresh  # silently wrong: slot n - 1 was never written
    else:
        with pytest.raises(RuntimeError, match="Requested length of rewind is greater"):
            next_turn(rewind=n - 1)
        with pytest.raises(RuntimeError, match="has shape"):
            next_turn(rewind=None)  # the cache is one token shorter than genai expects


@share_buffer_modes
def test_appending_in_chunks_matches_one_append(history: tuple[Path, og.Model]) -> None:
    folder, model = history
    first_reply = _fresh(model, tm.encode(folder, tm.chatml_prompt(CHAT_A)), NEW)
    prompt = _turn_2(folder, "continued", first_reply)
    generator = _generator(model, len(prompt) + NEW)
    for start in range(0, len(prompt), 3):
        generator.append_tokens(_ids(prompt[start : start + 3]))
    assert [int(t) for t in generator.get_sequence(0)] == prompt
    assert _run(generator, NEW) == _fresh(model, prompt, NEW)


@share_buffer_modes
def test_a_wrong_cache_changes_the_output(tmp_path: Path, share_buffer: bool) -> None:
    """The checks above can fail: skipping or misplacing the rewind gives another answer."""
    folder = _stopping_model(tmp_path, share_buffer, tm.chatml_prompt(CHAT_A))
    model = og.Model(str(folder))
    prompt_1 = tm.encode(folder, tm.chatml_prompt(CHAT_A))
    prompt_2 = _turn_2(folder, "edited-question", [])
    fresh = _fresh(model, prompt_2, NEW)

    def next_turn(rewind: int | None) -> list[int]:
        generator, sequence = _turn_1(model, prompt_1)  # ends with EOS: everything cached
        keep = _common_prefix(sequence, prompt_2)
        if rewind is not None:
            generator.rewind_to(keep + rewind)
        generator.append_tokens(_ids(prompt_2[keep:]))
        return _run(generator, NEW)

    assert next_turn(rewind=0) == fresh  # control: the right rewind
    assert next_turn(rewind=None) != fresh  # no rewind: the old question and reply stay cached
    assert next_turn(rewind=-1) != fresh  # one token too far: a prompt token goes missing
