"""Chat templates: the model folder's own, or a built-in one for its family.

Templates are rendered here with a sandboxed Jinja environment (as Hugging Face
does) rather than through onnxruntime-genai, whose ``apply_chat_template``
changed signature between the releases we support.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from jinja2.exceptions import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from agentic_desk.core.engine import errors as e
from agentic_desk.core.engine.folder import read_tokenizer_config
from agentic_desk.core.i18n import t

PHI3_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|' + message['role'] + '|>\n' + message['content'] + '<|end|>\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% endif %}"
)

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

LLAMA3_TEMPLATE = (
    "{{ bos_token }}"
    "{% for message in messages %}"
    "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'"
    " + message['content'] | trim + '<|eot_id|>' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}"
    "{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}"
)

# family name -> (template, a special token whose presence identifies the family)
BUILTIN_TEMPLATES: dict[str, tuple[str, str]] = {
    "phi3": (PHI3_TEMPLATE, "<|assistant|>"),
    "llama3": (LLAMA3_TEMPLATE, "<|start_header_id|>"),
    "chatml": (CHATML_TEMPLATE, "<|im_start|>"),
}


@dataclass(frozen=True)
class ChatTemplate:
    """A chat template ready to render, and where it came from."""

    source: str  # "chat_template.jinja", "tokenizer_config.json" or "built-in <family>"
    template: str
    bos_token: str
    eos_token: str

    def render(self, messages: Sequence[dict[str, str]], *, add_generation_prompt: bool) -> str:
        env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
        env.filters["tojson"] = _tojson
        env.globals["raise_exception"] = _raise_exception
        env.globals["strftime_now"] = _strftime_now
        try:
            compiled = env.from_string(self.template)
            return compiled.render(
                messages=list(messages),
                add_generation_prompt=add_generation_prompt,
                bos_token=self.bos_token,
                eos_token=self.eos_token,
            )
        except TemplateError as exc:
            raise e.GenerationFailed(
                t(
                    "The model's chat template ({source}) could not format this conversation: "
                    "{exc}",
                    source=self.source,
                    exc=exc,
                ),
                t(
                    "Check the conversation's roles (system, user, assistant alternate), or use "
                    "a model whose chat template supports them.",
                ),
            ) from None


def _tojson(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


def _raise_exception(message: str) -> NoReturn:
    raise TemplateError(message)


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


def _token_text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("content", ""))
    return value if isinstance(value, str) else ""


def _special_tokens(folder: Path) -> set[str]:
    path = folder / "tokenizer.json"
    try:
        with path.open("rb") as fh:
            data = json.load(fh)
    except (OSError, ValueError, RecursionError):
        return set()
    tokens = data.get("added_tokens", []) if isinstance(data, dict) else []
    return {str(t.get("content", "")) for t in tokens if isinstance(t, dict)}


def load_chat_template(folder: Path) -> ChatTemplate:
    """The folder's template (``chat_template.jinja``, then ``tokenizer_config.json``),
    else the built-in template of the family its special tokens identify (ChatML last)."""
    config = read_tokenizer_config(folder)
    bos = _token_text(config.get("bos_token"))
    eos = _token_text(config.get("eos_token"))
    jinja_file = folder / "chat_template.jinja"
    if jinja_file.is_file():
        return ChatTemplate("chat_template.jinja", jinja_file.read_text("utf-8"), bos, eos)
    template = config.get("chat_template")
    if isinstance(template, list):
        named = {t.get("name"): t.get("template") for t in template if isinstance(t, dict)}
        template = named.get("default")
    if isinstance(template, str) and template.strip():
        return ChatTemplate("tokenizer_config.json", template, bos, eos)
    specials = _special_tokens(folder)
    for family, (builtin, marker) in BUILTIN_TEMPLATES.items():
        if marker in specials:
            return ChatTemplate(f"built-in {family}", builtin, bos, eos)
    return ChatTemplate("built-in chatml", CHATML_TEMPLATE, bos, eos)
