"""Routing decisions, the privacy invariant (property-based), budgets, config round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentic_desk.core.privacy.levels import COMPLEXITY_LEVELS, PRIVACY_LEVELS, Privacy
from agentic_desk.core.routing.config import (
    MODES,
    Action,
    Budgets,
    Condition,
    ProviderEntry,
    RouterConfig,
    RouterConfigError,
    Rule,
    check_config,
    load_config,
    parse_config,
    save_config,
    to_json,
)
from agentic_desk.core.routing.costs import PriceTable, SpendLedger
from agentic_desk.core.routing.router import (
    RouteContext,
    RouteRequest,
    RoutingError,
    estimate_complexity,
    explain,
    request_privacy,
    route,
)
from agentic_desk.core.validation import Problem

CLOUD = {
    "openrouter": ProviderEntry(
        "openrouter",
        "openai",
        "https://openrouter.ai/api/v1",
        "anthropic/claude-3.5-sonnet",
        api_key="${OPENROUTER_API_KEY}",
    ),
    "anthropic": ProviderEntry(
        "anthropic",
        "anthropic",
        "https://api.anthropic.com",
        "claude-3-5-haiku-latest",
        api_key="keyring",
    ),
    "ollama": ProviderEntry("ollama", "openai", "http://localhost:11434/v1", "llama3:8b"),
}
ALL_ON = RouteContext(cloud_enabled=True, configured=lambda _n: True, estimate_cost=lambda *_: 0.01)


def config(**kw: object) -> RouterConfig:
    base: dict[str, object] = {"default_provider": "local", "providers": CLOUD}
    base.update(kw)
    return RouterConfig(**base)  # type: ignore[arg-type]


def rule(provider: str, reason: str = "", **cond: object) -> Rule:
    return Rule(Condition(**cond), Action(provider), reason)  # type: ignore[arg-type]


def test_default_is_local_and_cloud_is_off_by_default() -> None:
    decision = route(config(default_provider="openrouter"), RouteRequest(), RouteContext())
    assert decision.is_local
    assert decision.label == "Local · cloud providers are off"
    assert decision.refused == ("openrouter: cloud providers are off",)


def test_rules_route_to_the_cloud_when_allowed() -> None:
    cfg = config(
        rules=(
            rule("local", "private stays home", privacy=("high",)),
            rule("openrouter", "complexity high", complexity=("high",)),
        )
    )
    decision = route(cfg, RouteRequest(complexity="high"), ALL_ON)
    assert decision.label == "Cloud · openrouter · rule 2: complexity high"
    assert decision.model == "anthropic/claude-3.5-sonnet"
    low = route(cfg, RouteRequest(complexity="low"), ALL_ON)
    assert low.label == "Local · default provider"


def test_high_privacy_stays_local_whatever_the_rules_say() -> None:
    cfg = config(
        default_provider="openrouter",
        fallback_chain=("anthropic",),
        rules=(rule("openrouter", "everything to the cloud"),),
    )
    decision = route(cfg, RouteRequest(privacy="high"), ALL_ON)
    assert decision.is_local and decision.fallbacks == ()
    assert decision.label == "Local · privacy high keeps this message on this computer"
    chosen = route(cfg, RouteRequest(privacy="local_only", provider="anthropic"), ALL_ON)
    assert chosen.is_local


def test_sensitive_data_raises_privacy() -> None:
    cfg = config(default_provider="openrouter")
    decision = route(cfg, RouteRequest(sensitive=("payment_card",)), ALL_ON)
    assert decision.is_local and decision.privacy == "high"
    assert "sensitive data found" in decision.reason


def test_fallback_chain_skips_what_cannot_serve() -> None:
    ctx = RouteContext(
        cloud_enabled=True, configured=lambda n: n == "anthropic", estimate_cost=lambda *_: 0.0
    )
    cfg = config(default_provider="openrouter", fallback_chain=("anthropic", "local"))
    decision = route(cfg, RouteRequest(), ctx)
    assert decision.provider == "anthropic"
    assert decision.fallbacks == (("local", None),)
    assert decision.refused == ("openrouter: no API key set",)


def test_local_servers_need_no_key() -> None:
    assert not CLOUD["ollama"].needs_key and CLOUD["openrouter"].needs_key


def test_budgets() -> None:
    cfg = config(
        default_provider="openrouter",
        budgets=Budgets(max_cost_per_request=0.005, daily=1.0, monthly=10.0),
    )
    pricey = route(cfg, RouteRequest(), ALL_ON)  # every request costs $0.01 here
    assert pricey.is_local
    assert "over the $0.005 per-request limit" in pricey.refused[0]
    cheap_ctx = RouteContext(
        cloud_enabled=True,
        configured=lambda _n: True,
        estimate_cost=lambda *_: 0.001,
        spent_today=1.5,
    )
    spent = route(cfg, RouteRequest(), cheap_ctx)
    assert spent.is_local and spent.refused == ("openrouter: the daily budget is used up",)
    budget_rule = config(
        default_provider="openrouter",
        budgets=Budgets(daily=1.0),
        rules=(rule("anthropic", "budget left", budget="ok"),),
    )
    assert (
        route(
            budget_rule,
            RouteRequest(),
            RouteContext(cloud_enabled=True, configured=lambda _n: True),
        ).provider
        == "anthropic"
    )


def test_no_local_model_and_no_cloud_is_a_clear_error() -> None:
    with pytest.raises(RoutingError) as err:
        route(config(), RouteRequest(privacy="high"), RouteContext(local_available=False))
    assert err.value.message == "No model is ready to answer yet."
    assert "Models page" in err.value.hint


@pytest.mark.parametrize("level", ["secret", "", "NORMAL-ish", "very high"])
def test_an_unknown_privacy_level_is_refused_not_routed(level: str) -> None:
    # Not read as "normal": not to the cloud, not even to the local model.
    cfg = config(default_provider="openrouter", rules=(rule("openrouter", "all to the cloud"),))
    for sensitive in ((), ("email",)):
        with pytest.raises(RoutingError) as err:
            route(cfg, RouteRequest(privacy=level, sensitive=sensitive), ALL_ON)
        assert err.value.message == (
            f"This message was not sent anywhere: {level!r} is not a privacy level."
        )
        assert "Use one of: low, normal, high, local_only." in err.value.hint


def test_the_effective_level_is_the_strictest_and_sensitive_raises_it() -> None:
    assert request_privacy() is Privacy.NORMAL
    assert request_privacy("low", None) is Privacy.LOW
    assert request_privacy("normal", "local_only") is Privacy.LOCAL_ONLY
    assert request_privacy("high", "low") is Privacy.HIGH
    assert request_privacy("low", sensitive=True) is Privacy.HIGH
    assert request_privacy("local_only", sensitive=True) is Privacy.LOCAL_ONLY
    with pytest.raises(RoutingError):
        request_privacy("normal", "top-secret")
    decision = route(config(), RouteRequest(privacy="low", sensitive=("iban",)), ALL_ON)
    assert decision.privacy is Privacy.HIGH


def test_modes() -> None:
    prices = {"openrouter": 0.02, "anthropic": 0.001}
    ctx = RouteContext(
        cloud_enabled=True,
        configured=lambda _n: True,
        estimate_cost=lambda name, *_: prices.get(name, 0.0),
    )
    cost = config(
        mode="cost-optimized", default_provider="openrouter", fallback_chain=("anthropic",)
    )
    assert route(cost, RouteRequest(), ctx).provider == "anthropic"
    first = config(mode="privacy-first", default_provider="openrouter")
    assert route(first, RouteRequest(privacy="low"), ctx).is_local


def test_complexity_estimate() -> None:
    assert estimate_complexity("What time is it in Paris?") == "low"
    assert (
        estimate_complexity(
            "Compare the trade-offs and design an architecture, step by step, then evaluate it."
        )
        == "high"
    )
    decision = route(config(), RouteRequest(text="hi"), RouteContext())
    assert decision.complexity_estimated
    assert "complexity: low (estimated)" in explain(decision)[1]


# ---- the invariant, over generated rule sets ---------------------------------------------

providers = st.sampled_from(["local", "openrouter", "anthropic", "ollama", "onnx"])
conditions = st.builds(
    Condition,
    privacy=st.none() | st.lists(st.sampled_from(PRIVACY_LEVELS), min_size=1).map(tuple),
    local_only=st.none() | st.booleans(),
    complexity=st.none() | st.lists(st.sampled_from(COMPLEXITY_LEVELS), min_size=1).map(tuple),
    sensitive=st.none() | st.booleans(),
    budget=st.none() | st.sampled_from(["ok", "exceeded"]),
)
rules = st.builds(Rule, conditions, st.builds(Action, providers), st.text(max_size=10))
configs = st.builds(
    RouterConfig,
    default_provider=providers,
    fallback_chain=st.lists(providers, max_size=4).map(tuple),
    providers=st.just(CLOUD),
    mode=st.sampled_from(MODES),
    rules=st.lists(rules, max_size=6).map(tuple),
    budgets=st.builds(
        Budgets,
        st.none() | st.floats(0, 1),
        st.none() | st.floats(0, 5),
        st.none() | st.floats(0, 50),
    ),
)
contexts = st.builds(
    RouteContext,
    cloud_enabled=st.booleans(),
    local_available=st.booleans(),
    configured=st.sampled_from([lambda _n: True, lambda _n: False, lambda n: n != "anthropic"]),
    estimate_cost=st.sampled_from([lambda *_: 0.0, lambda *_: 0.2, lambda *_: 3.0]),
    spent_today=st.floats(0, 10),
    spent_month=st.floats(0, 100),
)


@settings(max_examples=400, deadline=None)
@given(
    cfg=configs,
    ctx=contexts,
    privacy=st.sampled_from(PRIVACY_LEVELS),
    sensitive=st.lists(st.sampled_from(["email", "iban", "secret"]), max_size=2).map(tuple),
    override=st.none() | providers,
    complexity=st.none() | st.sampled_from(COMPLEXITY_LEVELS),
)
def test_private_messages_never_reach_the_cloud(
    cfg: RouterConfig,
    ctx: RouteContext,
    privacy: str,
    sensitive: tuple[str, ...],
    override: str | None,
    complexity: str | None,
) -> None:
    request = RouteRequest(
        privacy=privacy, sensitive=sensitive, provider=override, complexity=complexity, text="hello"
    )
    must_stay = privacy in ("high", "local_only") or bool(sensitive)
    try:
        decision = route(cfg, request, ctx)
    except RoutingError:
        assert not ctx.local_available  # the local model can always serve when it is loaded
        return
    if must_stay:
        assert decision.is_local
        assert all(provider == "local" for provider, _ in decision.fallbacks)
    if not ctx.cloud_enabled:
        assert decision.is_local and all(p == "local" for p, _ in decision.fallbacks)


# ---- agentic-flow's router.config.json ----------------------------------------------------

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "router.config.sample.json"


def test_sample_config_imports_and_round_trips(tmp_path: Path) -> None:
    data = json.loads(SAMPLE.read_text())
    cfg = parse_config(data)
    assert cfg.default_provider == "local"
    assert cfg.providers["openrouter"].headers["X-Title"] == "Agentic Desk"
    assert cfg.providers["openrouter"].api_key == "${OPENROUTER_API_KEY}"
    path = tmp_path / "router.config.json"
    save_config(path, cfg)
    assert load_config(path) == cfg
    assert "sk-" not in path.read_text()


def test_literal_keys_move_to_the_keyring_and_never_to_files(tmp_path: Path) -> None:
    stored: dict[str, str] = {}
    notices: list[str] = []
    data = {
        "defaultProvider": "openai",
        "providers": {
            "openai": {"apiKey": "sk-live-abcdef0123456789", "models": {"default": "gpt-4o-mini"}}
        },
    }
    cfg = parse_config(data, store_key=stored.__setitem__, notices=notices)
    assert stored == {"openai": "sk-live-abcdef0123456789"}
    assert cfg.providers["openai"].api_key == "keyring"
    assert notices == [
        "The API key for 'openai' was moved into the system keyring; the "
        "configuration keeps only a reference to it."
    ]
    exported = json.dumps(to_json(cfg))
    assert "sk-live" not in exported
    with pytest.raises(RouterConfigError, match="holds a literal key"):
        parse_config(data)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"defaultProvidr": "local"}, "defaultProvidr is not a known field"),
        ({"routing": {"mode": "random"}}, "routing.mode is 'random'"),
        (
            {
                "routing": {
                    "rules": [{"condition": {"privacy": "secret"}, "action": {"provider": "local"}}]
                }
            },
            "routing.rules[0].condition.privacy has 'secret'",
        ),
        (
            {
                "routing": {
                    "rules": [{"condition": {"colour": "red"}, "action": {"provider": "local"}}]
                }
            },
            "routing.rules[0].condition.colour is not a known field",
        ),
        ({"routing": {"rules": [{"action": {}}]}}, "routing.rules[0].action.provider is required"),
        ({"fallbackChain": ["nowhere"]}, "names the provider 'nowhere'"),
        (
            {"costOptimization": {"maxCostPerRequest": -1}},
            "costOptimization.maxCostPerRequest must",
        ),
    ],
)
def test_invalid_fields_are_named(data: dict[str, object], field: str) -> None:
    with pytest.raises(RouterConfigError) as err:
        parse_config(data)
    assert field in err.value.message


def _with_rule(**action: object) -> dict[str, object]:
    return {"routing": {"rules": [{"action": {"provider": "local", **action}}]}}


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        # a rule's reply settings use the app's one set of limits (core.generation)
        (
            _with_rule(temperature=7),
            Problem(
                "routing.rules[0].action.temperature", "must be a number between 0 and 2 (got 7)"
            ),
        ),
        (
            _with_rule(temperature=-0.5),
            Problem(
                "routing.rules[0].action.temperature",
                "must be a number between 0 and 2 (got -0.5)",
            ),
        ),
        (
            _with_rule(temperature="hot"),
            Problem(
                "routing.rules[0].action.temperature",
                "must be a number between 0 and 2 (got 'hot')",
            ),
        ),
        (
            _with_rule(maxTokens=-5),
            Problem(
                "routing.rules[0].action.maxTokens",
                "must be a whole number between 1 and 32768 (got -5)",
            ),
        ),
        (
            _with_rule(maxTokens=0),
            Problem(
                "routing.rules[0].action.maxTokens",
                "must be a whole number between 1 and 32768 (got 0)",
            ),
        ),
        (
            _with_rule(maxTokens=40000),
            Problem(
                "routing.rules[0].action.maxTokens",
                "must be a whole number between 1 and 32768 (got 40000)",
            ),
        ),
        (
            _with_rule(maxTokens=12.5),
            Problem(
                "routing.rules[0].action.maxTokens",
                "must be a whole number between 1 and 32768 (got 12.5)",
            ),
        ),
        (
            {
                "routing": {
                    "rules": [
                        {"condition": {"minTokens": -1}, "action": {"provider": "local"}},
                    ]
                }
            },
            Problem(
                "routing.rules[0].condition.minTokens",
                "must be a whole number of 0 or more (got -1)",
            ),
        ),
        (
            {
                "routing": {
                    "rules": [
                        {"condition": {"privacy": ["high", "top"]}, "action": {"provider": "local"}}
                    ]
                }
            },
            Problem(
                "routing.rules[0].condition.privacy",
                "has 'top' (allowed: low, normal, high, local_only)",
            ),
        ),
        (
            {
                "routing": {
                    "rules": [{"condition": {"localOnly": "yes"}, "action": {"provider": "local"}}]
                }
            },
            Problem("routing.rules[0].condition.localOnly", "must be true or false"),
        ),
        (
            {"routing": {"rules": [{"condition": {"budget": "low"}, "action": {"provider": "x"}}]}},
            Problem("routing.rules[0].condition.budget", "is 'low' (allowed: ok, exceeded)"),
        ),
        (
            {"providers": {"a": {"kind": "grpc"}}},
            Problem("providers.a.kind", "is 'grpc' (allowed: openai, anthropic, local)"),
        ),
        (
            {"providers": {"a": {"maxRetries": -1}}},
            Problem("providers.a.maxRetries", "must be a whole number of 0 or more (got -1)"),
        ),
        (
            {"providers": {"a": {"models": {"default": 4}}}},
            Problem("providers.a.models.default", "must be text"),
        ),
        ({"routing": {"rules": ["local"]}}, Problem("routing.rules[0]", "must be an object")),
        ({"fallbackChain": [3]}, Problem("fallbackChain", "must be a text or a list of texts")),
        (["not", "an", "object"], Problem("", "must be an object")),
    ],
)
def test_the_core_refuses_bad_values_with_their_field(data: object, problem: Problem) -> None:
    with pytest.raises(RouterConfigError) as err:
        parse_config(data)
    assert err.value.problems == (problem,)
    where = problem.field or "the file"
    assert err.value.message == f"router.config.json: {where} {problem.message}."


def test_every_bad_field_is_reported_at_once() -> None:
    data = {
        "defaultProvider": "nowhere",
        "routing": {
            "mode": "random",
            "rules": [{"action": {"provider": "local", "temperature": 3, "maxTokens": -1}}],
        },
    }
    with pytest.raises(RouterConfigError) as err:
        parse_config(data)
    fields = [p.field for p in err.value.problems]
    assert fields == [
        "routing.mode",
        "routing.rules[0].action.temperature",
        "routing.rules[0].action.maxTokens",
    ]
    assert err.value.message.startswith("router.config.json: routing.mode is 'random' (allowed: ")
    assert "; routing.rules[0].action.temperature must be" in err.value.message
    assert err.value.hint.startswith("Fix those fields")
    # once the fields are valid, the references between them are checked
    data["routing"] = {"rules": [{"action": {"provider": "elsewhere"}}]}
    with pytest.raises(RouterConfigError) as refs:
        check_config(data)
    assert [str(p) for p in refs.value.problems] == [
        "defaultProvider: names the provider 'nowhere', which is not under providers",
        "routing.rules[0].action.provider: names the provider 'elsewhere', which is not under "
        "providers",
    ]


def test_null_means_not_given_where_it_did_before() -> None:
    data = {
        "fallbackChain": None,
        "providers": {"ollama": {"kind": None, "timeout": None, "maxRetries": None}},
        "routing": {
            "rules": [
                {
                    "condition": {"privacy": None, "complexity": None, "budget": None},
                    "action": {"provider": "ollama", "temperature": None, "maxTokens": None},
                }
            ]
        },
    }
    cfg = parse_config(data)
    assert cfg.fallback_chain == () and cfg.rules[0].condition == Condition()
    assert cfg.rules[0].action == Action("ollama")
    assert cfg.providers["ollama"] == ProviderEntry(
        "ollama", "openai", "http://localhost:11434/v1", timeout_s=60.0, max_retries=2
    )
    with pytest.raises(RouterConfigError, match=r"routing\.mode is null"):
        parse_config({"routing": {"mode": None}})


def test_levels_in_rules_are_the_one_definition() -> None:
    data = {
        "routing": {
            "rules": [
                {
                    "condition": {"privacy": ["Local-Only", "high"], "complexity": "HIGH"},
                    "action": {"provider": "local", "temperature": 2, "maxTokens": 32768},
                }
            ]
        }
    }
    cfg = parse_config(data)
    cond = cfg.rules[0].condition
    assert cond.privacy == (Privacy.LOCAL_ONLY, Privacy.HIGH)
    assert all(isinstance(level, Privacy) for level in cond.privacy or ())
    assert cond.complexity == ("high",)
    assert cfg.rules[0].action.temperature == 2.0 and cfg.rules[0].action.max_tokens == 32768
    written = to_json(cfg)["routing"]["rules"][0]
    assert written["condition"] == {"privacy": ["local_only", "high"], "complexity": "high"}
    assert json.loads(json.dumps(written)) == written


def test_saving_checks_first_and_replaces_the_file_atomically(tmp_path: Path) -> None:
    path = tmp_path / "router.config.json"
    good = parse_config(json.loads(SAMPLE.read_text()))
    # the old writer's fixed temporary name is taken: a unique one is used instead
    (tmp_path / "router.config.json.tmp").mkdir()
    save_config(path, good)
    assert load_config(path) == good
    before = path.read_bytes()
    bad_rule = Rule(Condition(), Action("local", temperature=5.0))
    with pytest.raises(RouterConfigError) as err:
        save_config(path, RouterConfig(rules=(bad_rule,)))
    assert err.value.problems == (
        Problem("routing.rules[0].action.temperature", "must be a number between 0 and 2 (got 5)"),
    )
    leaked = RouterConfig(
        providers={"x": ProviderEntry("x", "openai", "https://x", api_key="sk-1")}
    )
    with pytest.raises(RouterConfigError, match="holds a literal key"):
        save_config(path, leaked)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "router.config.json",
        "router.config.json.tmp",
    ]


def test_prices_and_spend(tmp_path: Path) -> None:
    (tmp_path / "prices.json").write_text(json.dumps({"my-model": [1.0, 2.0]}))
    table = PriceTable(tmp_path / "prices.json")
    assert table.estimate("my-model", 1_000_000, 500_000) == pytest.approx(2.0)
    assert table.estimate("openrouter/gpt-4o-mini", 0, 0) == 0.0
    assert table.price("unknown-model") is None
    (tmp_path / "spend.json.tmp").mkdir()  # the old writer's fixed temporary name is taken
    ledger = SpendLedger(tmp_path / "spend.json")
    ledger.add(0.25)
    ledger.add(0.5)
    assert ledger.today() == pytest.approx(0.75) and ledger.month() == pytest.approx(0.75)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "prices.json",
        "spend.json",
        "spend.json.tmp",
    ]
