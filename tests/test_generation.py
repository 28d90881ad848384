"""The one set of reply settings: fields, limits, building them from the settings and
overriding some (rules, CLI options, API requests), and the wire formats' use of them."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from agentic_desk import cli
from agentic_desk.core import generation as gen
from agentic_desk.core.chat import rule_params
from agentic_desk.core.engine.protocol import GenerationParams
from agentic_desk.core.routing.router import RoutingDecision
from agentic_desk.core.settings import EngineSettings, Settings, SettingsValueError, apply_changes
from agentic_desk.core.validation import InvalidValuesError, Limit, Problem
from agentic_desk.server import formats

HELLO = [{"role": "user", "content": "Hello"}]


def test_the_fields_are_generation_params_and_the_settings_use_their_limits_and_defaults() -> None:
    assert gen.FIELDS == (
        "max_new_tokens",
        "temperature",
        "top_p",
        "top_k",
        "repetition_penalty",
        "seed",
        "stop",
    )
    engine = EngineSettings()
    for name in gen.FIELDS:
        default = getattr(gen.DEFAULTS, name)
        assert getattr(engine, name) == (list(default) if name == "stop" else default)
    for name, limit in gen.LIMITS.items():
        [interval] = EngineSettings.model_fields[name].metadata
        assert interval == limit.interval()
    assert gen.params_from_settings(engine) == GenerationParams()


def test_params_from_settings() -> None:
    engine = apply_changes(
        Settings(),
        {
            "engine.max_new_tokens": 64,
            "engine.temperature": 0.1,
            "engine.top_p": 0.5,
            "engine.top_k": 3,
            "engine.repetition_penalty": 1.2,
            "engine.seed": 9,
            "engine.stop": ["END"],
        },
    ).engine
    assert gen.params_from_settings(engine) == GenerationParams(64, 0.1, 0.5, 3, 1.2, 9, ("END",))


def test_overrides_replace_only_what_is_given_and_are_checked() -> None:
    base = GenerationParams(seed=5, stop=("x",))
    assert gen.with_overrides(base) is base
    changed = gen.with_overrides(base, temperature=0, max_new_tokens=10, stop=["a", "b"])
    assert changed == GenerationParams(10, 0.0, 0.95, 40, 1.0, 5, ("a", "b"))
    assert isinstance(changed.temperature, float)
    with pytest.raises(gen.InvalidGenerationParams) as err:
        gen.with_overrides(base, temperature=2.5, max_new_tokens=0, top_k=4)
    assert err.value.problems == (
        Problem("max_new_tokens", "must be a whole number between 1 and 32768 (got 0)"),
        Problem("temperature", "must be a number between 0 and 2 (got 2.5)"),
    )
    assert err.value.message == (
        "These reply settings are not allowed: max new tokens must be a whole number between "
        "1 and 32768 (got 0); temperature must be a number between 0 and 2 (got 2.5)."
    )
    with pytest.raises(gen.InvalidGenerationParams):
        gen.with_overrides(base, top_p=0.0)  # top_p must be greater than 0
    with pytest.raises(gen.InvalidGenerationParams):
        gen.with_overrides(base, stop=[""])


def test_a_rule_applies_its_reply_settings_through_the_one_override() -> None:
    base = GenerationParams(max_new_tokens=512, temperature=0.7)
    decision = RoutingDecision("local", None, "rule 1", temperature=0.2, max_tokens=100)
    assert rule_params(base, decision) == GenerationParams(max_new_tokens=100, temperature=0.2)
    assert rule_params(base, RoutingDecision("local", None, "default provider")) is base
    with pytest.raises(gen.InvalidGenerationParams):
        rule_params(base, RoutingDecision("local", None, "rule 1", temperature=9.0))


def test_params_as_dict_is_every_field() -> None:
    params = GenerationParams(stop=("END",), seed=3)
    data = gen.params_as_dict(params)
    assert list(data) == list(gen.FIELDS)
    assert data["stop"] == ["END"] and data["seed"] == 3


def test_one_limit_one_wording() -> None:
    """Settings, routing rules, the API server and the CLI say the same limit."""
    assert gen.TEMPERATURE.describe() == "a number between 0 and 2"
    assert gen.TOP_P.describe() == "a number greater than 0 and at most 1"
    assert gen.MAX_NEW_TOKENS.describe() == "a whole number between 1 and 32768"
    assert Limit(0).describe() == "a number of 0 or more"
    assert Limit(0, whole=True).describe() == "a whole number of 0 or more"
    assert not gen.TEMPERATURE.allows(True) and not gen.TEMPERATURE.allows(float("nan"))
    assert gen.TOP_K.allows(3.0) and not gen.TOP_K.allows(3.5)
    with pytest.raises(SettingsValueError) as refused:
        apply_changes(Settings(), {"engine.temperature": 2.5})
    assert refused.value.problems == (
        Problem("engine.temperature", "must be between 0 and 2 (got 2.5)"),
    )
    with pytest.raises(formats.ApiError) as api:
        formats.parse_chat({"messages": HELLO, "temperature": 2.5}, GenerationParams(), 64)
    assert api.value.message == "'temperature' must be a number between 0 and 2."


def test_invalid_values_errors_pickle_with_their_problems() -> None:
    error = InvalidValuesError("bad", "fix it", [Problem("a.b", "must be text")])
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.hint, copy.problems) == ("bad", "fix it", error.problems)
    assert copy.problems_for("a") == error.problems and copy.problems_for("a.c") == ()
    assert str(Problem("", "whole")) == "whole" and str(Problem("x", "y")) == "x: y"


# ---- the API server's wire formats --------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"temperature": 2.01}, "'temperature' must be a number between 0 and 2."),
        ({"temperature": True}, "'temperature' must be a number between 0 and 2."),
        ({"top_p": 1.5}, "'top_p' must be a number between 0 and 1."),
        ({"top_k": 1001}, "'top_k' must be a whole number between 0 and 1000."),
        ({"top_k": 2.0}, "'top_k' must be a whole number between 0 and 1000."),
        (
            {"seed": 2**64},
            "'seed' must be a whole number between -9223372036854775808 and 9223372036854775807.",
        ),
        ({"max_tokens": 65}, "'max_tokens' is 65, but this server allows at most 64 tokens"),
        ({"max_tokens": 0}, "'max_tokens' must be a whole number of at least 1."),
    ],
)
def test_api_requests_are_checked_against_the_limits(extra: dict[str, Any], message: str) -> None:
    with pytest.raises(formats.ApiError) as err:
        formats.parse_chat({"messages": HELLO, **extra}, GenerationParams(), 64)
    assert err.value.status == 400
    assert err.value.message.startswith(message)
    assert err.value.param == next(iter(extra))


def test_api_requests_override_the_settings_defaults() -> None:
    defaults = GenerationParams(max_new_tokens=512, temperature=0.7, top_k=40, stop=("x",))
    plain = formats.parse_chat({"messages": HELLO}, defaults, 64).params
    assert plain == GenerationParams(max_new_tokens=64, temperature=0.7, top_k=40, stop=("x",))
    parsed = formats.parse_chat(
        {
            "messages": HELLO,
            "max_tokens": 10,
            "temperature": 0,
            "top_p": 0,  # OpenAI allows 0: the smallest value the engine takes
            "top_k": 5,
            "seed": -1,  # any 64-bit seed, folded into the engine's range
            "stop": "END",
        },
        defaults,
        64,
    ).params
    assert parsed == GenerationParams(10, 0.0, 1e-6, 5, 1.0, gen.SEED_MAX, ("END",))
    anthropic = formats.parse_messages(
        {"messages": HELLO, "max_tokens": 7, "stop_sequences": ["a", "b"]}, defaults, 64
    ).params
    assert (anthropic.max_new_tokens, anthropic.stop) == (7, ("a", "b"))


# ---- the CLI --------------------------------------------------------------------------------


def test_cli_options_are_checked_against_the_same_limits(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = cli.main(["chat", "--model", "no-such-model", "--temperature", "5", "hi"])
    assert code == 2
    err = capsys.readouterr().err
    assert "temperature must be a number between 0 and 2 (got 5)" in err
    assert "Traceback" not in err
