"""Chat templates (folder's own or built-in) and trimming history to the context."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tiny_models as tm
from agentic_desk.core.engine import (
    ChatMessage,
    GenerationParams,
    LocalEngine,
    ReplyConsumer,
    genai,
)
from agentic_desk.core.engine import errors as e
from agentic_desk.core.engine.templates import load_chat_template
from agentic_desk.core.engine.worker import ModelSession

pytestmark = pytest.mark.engine

MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]


@pytest.mark.parametrize(
    ("template_file", "source"),
    [
        ("tokenizer_config", "tokenizer_config.json"),
        ("jinja", "chat_template.jinja"),
        ("none", "built-in chatml"),
    ],
)
def test_template_sources_all_chat_the_same(
    tmp_path: Path, template_file: str, source: str
) -> None:
    folder = tm.build_scripted_model(
        tmp_path / template_file,
        template_file=template_file,  # type: ignore[arg-type]
        chat_template=None if template_file == "none" else tm.CHATML_TEMPLATE,
    )
    template = load_chat_template(folder)
    assert template.source == source
    assert template.render(MESSAGES, add_generation_prompt=True) == tm.chatml_prompt(MESSAGES)
    with LocalEngine() as engine:
        loaded = engine.load(folder)
        reply = ReplyConsumer().consume(
            engine.chat([ChatMessage("user", "Hi")], GenerationParams(temperature=0))
        )
    assert loaded.chat_template_source == source
    assert reply.text == tm.SENTENCE


def write_tokenizer_with(folder: Path, specials: list[str], bos: str = "") -> Path:
    folder.mkdir()
    added = [{"id": i, "content": t, "special": True} for i, t in enumerate(specials)]
    (folder / "tokenizer.json").write_text(json.dumps({"added_tokens": added, "model": {}}))
    (folder / "tokenizer_config.json").write_text(json.dumps({"bos_token": bos}))
    return folder


def test_builtin_phi3_template(tmp_path: Path) -> None:
    folder = write_tokenizer_with(tmp_path / "phi", ["<|user|>", "<|assistant|>", "<|end|>"])
    template = load_chat_template(folder)
    assert template.source == "built-in phi3"
    assert template.render(MESSAGES, add_generation_prompt=True) == (
        "<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\n"
    )


def test_builtin_llama3_template(tmp_path: Path) -> None:
    folder = write_tokenizer_with(
        tmp_path / "llama",
        ["<|begin_of_text|>", "<|start_header_id|>", "<|eot_id|>"],
        bos="<|begin_of_text|>",
    )
    template = load_chat_template(folder)
    assert template.source == "built-in llama3"
    assert template.render(MESSAGES, add_generation_prompt=True) == (
        "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
        "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\n"
    )


def test_template_errors_are_user_facing(tmp_path: Path) -> None:
    folder = tm.build_scripted_model(
        tmp_path / "strict",
        chat_template=(
            "{% if messages[0]['role'] == 'system' %}"
            "{{ raise_exception('System role not supported') }}{% endif %}"
            "{% for m in messages %}{{ m['content'] }}{% endfor %}"
        ),
    )
    with pytest.raises(e.GenerationFailed) as err:
        load_chat_template(folder).render(MESSAGES, add_generation_prompt=True)
    assert err.value.message == (
        "The model's chat template (tokenizer_config.json) could not "
        "format this conversation: System role not supported"
    )


@pytest.fixture
def session(scripted_model: Path) -> ModelSession:
    opened = genai.open_model(scripted_model, ["cpu"])
    return ModelSession(
        opened, load_chat_template(scripted_model), 128, {tm.EOS_TOKEN_ID}, share_buffer=False
    )


def test_history_is_trimmed_oldest_turn_first(session: ModelSession, scripted_model: Path) -> None:
    messages = [ChatMessage("system", "RULES")]
    for turn in range(6):
        messages += [
            ChatMessage("user", f"question {turn} " + "fox " * 8),
            ChatMessage("assistant", f"answer {turn} " + "dog " * 8),
        ]
    messages.append(ChatMessage("user", "newest question"))
    params = GenerationParams(max_new_tokens=32)
    plan = session.plan_prompt(messages, params)
    text = tm.decode(scripted_model, plan.ids, skip_special_tokens=False)
    assert len(plan.ids) <= 128 - 32
    assert plan.trimmed_messages > 0 and plan.trimmed_messages % 2 == 0  # whole turns
    assert text.startswith("<|im_start|>system\nRULES<|im_end|>")
    assert text.endswith("newest question<|im_end|>\n<|im_start|>assistant\n")
    assert "question 0" not in text and "answer 0" not in text
    kept = 6 - plan.trimmed_messages // 2
    assert f"question {6 - kept}" in text  # the newest turns are the ones kept
    full = tm.encode(
        scripted_model, tm.chatml_prompt([{"role": m.role, "content": m.content} for m in messages])
    )
    assert plan.trimmed_tokens == len(full) - len(plan.ids)


def test_nothing_is_trimmed_when_it_fits(session: ModelSession) -> None:
    plan = session.plan_prompt([ChatMessage("user", "hi")], GenerationParams(max_new_tokens=32))
    assert (plan.trimmed_messages, plan.trimmed_tokens) == (0, 0)


def test_a_single_message_too_long_is_a_clear_error(session: ModelSession) -> None:
    with pytest.raises(e.PromptTooLong) as err:
        session.plan_prompt(
            [ChatMessage("system", "RULES"), ChatMessage("user", "fox " * 200)],
            GenerationParams(max_new_tokens=32),
        )
    assert err.value.message.startswith(
        "This message is too long for the model: with the conversation's instructions it takes "
    )
    assert "the model can read at most 96 while leaving room for a reply (128 in all)" in (
        err.value.message
    )
    assert err.value.hint.startswith("Shorten the message or split it into parts")


def test_engine_reports_trimming(scripted_model: Path) -> None:
    messages = []
    for turn in range(8):
        messages += [
            ChatMessage("user", f"question {turn} " + "fox " * 8),
            ChatMessage("assistant", "dog " * 8),
        ]
    messages.append(ChatMessage("user", "hello"))
    with LocalEngine() as engine:
        engine.load(scripted_model, max_context_tokens=128)
        reply = ReplyConsumer().consume(
            engine.chat(messages, GenerationParams(temperature=0, max_new_tokens=32))
        )
    assert reply.prompt is not None and reply.prompt.trimmed_messages >= 2
    assert reply.text == tm.SENTENCE


def test_a_continued_reply_keeps_its_question_when_history_is_trimmed(
    session: ModelSession, scripted_model: Path
) -> None:
    """Continue: the partial reply follows the generation prompt (no end of turn), and
    trimming never drops it or the question it answers."""
    messages = [ChatMessage("system", "RULES")]
    for turn in range(6):
        messages += [
            ChatMessage("user", f"question {turn} " + "fox " * 8),
            ChatMessage("assistant", f"answer {turn} " + "dog " * 8),
        ]
    messages += [ChatMessage("user", "newest question"), ChatMessage("assistant", "The quick")]
    plan = session.plan_prompt(messages, GenerationParams(max_new_tokens=32), continue_last=True)
    text = tm.decode(scripted_model, plan.ids, skip_special_tokens=False)
    assert len(plan.ids) <= 128 - 32 and plan.trimmed_messages > 0
    assert text.startswith("<|im_start|>system\nRULES<|im_end|>")
    assert text.endswith(
        "newest question<|im_end|>\n<|im_start|>assistant\nThe quick"
    )  # the reply goes on: no <|im_end|> after it
    assert "question 0" not in text

    with pytest.raises(e.PromptTooLong):  # the question and the partial reply are kept whole
        session.plan_prompt(
            [ChatMessage("user", "fox " * 60), ChatMessage("assistant", "dog " * 60)],
            GenerationParams(max_new_tokens=32),
            continue_last=True,
        )
