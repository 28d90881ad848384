"""Routing configuration, in agentic-flow's ``router.config.json`` format.

The app keeps its routing set-up in that same format (``router.config.json`` in the data
folder), so agentic-flow users can bring theirs and take it back. Keys are never stored
in it: a ``${ENV_VAR}`` placeholder stays a placeholder (resolved from the environment at
run time); a literal key found on import is moved into the OS keyring and replaced by a
reference to it. Unknown or invalid fields are errors that name the field.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from agentic_desk.core.errors import AgenticDeskError

LOCAL = "local"
LOCAL_ALIASES = {"local", "onnx", "onnx-local", "agentic-desk"}
PRIVACY_LEVELS = ("low", "normal", "high", "local_only")
COMPLEXITY_LEVELS = ("low", "medium", "high")
MODES = ("rule-based", "cost-optimized", "privacy-first", "manual")
KINDS = ("openai", "anthropic", "local")
PLACEHOLDER = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$")
KEYRING_REF = "keyring"

# Known provider names -> kind and default base URL (used when a config omits them).
KNOWN_PROVIDERS: dict[str, tuple[str, str]] = {
    "openai": ("openai", "https://api.openai.com/v1"),
    "openrouter": ("openai", "https://openrouter.ai/api/v1"),
    "groq": ("openai", "https://api.groq.com/openai/v1"),
    "mistral": ("openai", "https://api.mistral.ai/v1"),
    "together": ("openai", "https://api.together.xyz/v1"),
    "ollama": ("openai", "http://localhost:11434/v1"),
    "lmstudio": ("openai", "http://localhost:1234/v1"),
    "llamacpp": ("openai", "http://localhost:8080/v1"),
    "vllm": ("openai", "http://localhost:8000/v1"),
    "anthropic": ("anthropic", "https://api.anthropic.com"),
}


class RouterConfigError(AgenticDeskError):
    """A routing configuration that cannot be used; the message names the field."""


@dataclass(frozen=True)
class ProviderEntry:
    name: str
    kind: str  # openai | anthropic | local
    base_url: str = ""
    model: str = ""
    models: Mapping[str, str] = field(default_factory=dict)  # default / fast / advanced
    headers: Mapping[str, str] = field(default_factory=dict)
    api_key: str | None = None  # "${ENV_VAR}" or "keyring" (never a literal key)
    timeout_s: float = 60.0
    max_retries: int = 2

    @property
    def is_local(self) -> bool:
        return self.kind == LOCAL

    @property
    def needs_key(self) -> bool:
        """Self-hosted servers on this machine need no key."""
        if self.is_local:
            return False
        host = re.sub(r"^https?://", "", self.base_url).split("/")[0].split(":")[0]
        return host not in ("localhost", "127.0.0.1", "::1", "[::1]")

    def model_for(self, complexity: str | None) -> str:
        tier = {"low": "fast", "high": "advanced"}.get(complexity or "", "default")
        return self.models.get(tier) or self.model or self.models.get("default", "")

    def env_var(self) -> str | None:
        match = PLACEHOLDER.match(self.api_key or "")
        return match.group(1) if match else None


@dataclass(frozen=True)
class Condition:
    privacy: tuple[str, ...] | None = None
    local_only: bool | None = None
    complexity: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None  # task / agent type tags (agentic-flow's agentType)
    min_tokens: int | None = None
    max_tokens: int | None = None
    sensitive: bool | None = None
    budget: str | None = None  # "ok" or "exceeded"
    requires_tools: bool | None = None  # accepted for compatibility; chats never need tools

    def describe(self) -> str:
        parts = []
        if self.privacy:
            parts.append(f"privacy {'/'.join(self.privacy)}")
        if self.local_only is not None:
            parts.append("local only" if self.local_only else "not local-only")
        if self.complexity:
            parts.append(f"complexity {'/'.join(self.complexity)}")
        if self.tags:
            parts.append(f"task {'/'.join(self.tags)}")
        if self.min_tokens is not None:
            parts.append(f"≥ {self.min_tokens} tokens")
        if self.max_tokens is not None:
            parts.append(f"≤ {self.max_tokens} tokens")
        if self.sensitive is not None:
            parts.append("sensitive data" if self.sensitive else "no sensitive data")
        if self.budget:
            parts.append(f"budget {self.budget}")
        if self.requires_tools:
            parts.append("needs tools")
        return ", ".join(parts) or "always"


@dataclass(frozen=True)
class Action:
    provider: str
    model: str | None = None
    temperature: float | None = None
    max_tokens: int | None = None


@dataclass(frozen=True)
class Rule:
    condition: Condition
    action: Action
    reason: str = ""


@dataclass(frozen=True)
class Budgets:
    max_cost_per_request: float | None = None
    daily: float | None = None
    monthly: float | None = None


@dataclass(frozen=True)
class RouterConfig:
    default_provider: str = LOCAL
    fallback_chain: tuple[str, ...] = ()
    providers: Mapping[str, ProviderEntry] = field(default_factory=dict)
    mode: str = "rule-based"
    rules: tuple[Rule, ...] = ()
    budgets: Budgets = field(default_factory=Budgets)

    def provider(self, name: str) -> ProviderEntry | None:
        if name in LOCAL_ALIASES:
            return ProviderEntry(LOCAL, LOCAL)
        return self.providers.get(name)

    def with_provider(self, entry: ProviderEntry) -> RouterConfig:
        return replace(self, providers={**self.providers, entry.name: entry})

    def without_provider(self, name: str) -> RouterConfig:
        return replace(
            self,
            providers={k: v for k, v in self.providers.items() if k != name},
            fallback_chain=tuple(p for p in self.fallback_chain if p != name),
        )


# ---- parsing ------------------------------------------------------------------------------


def _fail(where: str, problem: str) -> RouterConfigError:
    return RouterConfigError(
        f"router.config.json: {where} {problem}.",
        "Fix that field (see the sample router.config.json in the README) and import again.",
    )


_TOP = {
    "version",
    "defaultProvider",
    "fallbackChain",
    "providers",
    "routing",
    "costOptimization",
    "toolCalling",
    "monitoring",
    "cache",
}
_PROVIDER = {
    "apiKey",
    "baseUrl",
    "models",
    "model",
    "timeout",
    "maxRetries",
    "retryDelay",
    "rateLimit",
    "organization",
    "preferences",
    "headers",
    "kind",
    "enabled",
    "fallbackModels",
    "gpuLayers",
    "contextWindow",
    "numPredict",
    "modelPath",
    "executionProviders",
}
_ROUTING = {"mode", "rules", "costOptimization", "performance"}
_CONDITION = {
    "privacy",
    "localOnly",
    "complexity",
    "agentType",
    "taskType",
    "tags",
    "requiresTools",
    "minTokens",
    "maxTokens",
    "sensitive",
    "budget",
}
_ACTION = {"provider", "model", "temperature", "maxTokens"}
_COST = {
    "enabled",
    "maxCostPerRequest",
    "budgetLimits",
    "budgetAlerts",
    "preferCheaper",
    "costThreshold",
}


def _check_keys(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _fail(f"{where}.{unknown[0]}" if where else unknown[0], "is not a known field")


def _obj(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "must be an object")
    return value


def _str_list(
    value: Any, where: str, choices: tuple[str, ...] | None = None
) -> tuple[str, ...] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise _fail(where, "must be a text or a list of texts")
    if choices is not None:
        bad = [i for i in items if i not in choices]
        if bad:
            raise _fail(where, f"has '{bad[0]}'; allowed: {', '.join(choices)}")
    return tuple(items)


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise _fail(where, "must be a number of 0 or more")
    return float(value)


def _bool(value: Any, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise _fail(where, "must be true or false")


def _privacy(value: Any, where: str) -> tuple[str, ...] | None:
    levels = _str_list(value, where)
    if levels is None:
        return None
    normal = tuple(level.replace("-", "_").lower() for level in levels)
    return _str_list(list(normal), where, PRIVACY_LEVELS)


KeySink = Callable[[str, str], None]  # (provider, literal key) -> store it in the keyring


def parse_config(
    data: Any, *, store_key: KeySink | None = None, notices: list[str] | None = None
) -> RouterConfig:
    """Build a RouterConfig from agentic-flow's JSON. A literal API key is handed to
    ``store_key`` (the keyring) and replaced by a keyring reference; without a
    ``store_key`` it is an error (keys are never kept in files)."""
    top = _obj(data, "the file")
    _check_keys(top, _TOP, "")
    providers: dict[str, ProviderEntry] = {}
    for name, raw in _obj(top.get("providers", {}), "providers").items():
        providers[name] = _parse_provider(name, _obj(raw, f"providers.{name}"), store_key, notices)
    routing = _obj(top.get("routing", {}), "routing")
    _check_keys(routing, _ROUTING, "routing")
    mode = routing.get("mode", "rule-based")
    if mode not in MODES:
        raise _fail("routing.mode", f"is '{mode}'; allowed: {', '.join(MODES)}")
    rules = []
    raw_rules = routing.get("rules", [])
    if not isinstance(raw_rules, list):
        raise _fail("routing.rules", "must be a list")
    for index, raw in enumerate(raw_rules):
        rules.append(_parse_rule(_obj(raw, f"routing.rules[{index}]"), f"routing.rules[{index}]"))
    cost = top.get("costOptimization", routing.get("costOptimization", {}))
    where = "costOptimization" if "costOptimization" in top else "routing.costOptimization"
    cost = _obj(cost, where)
    _check_keys(cost, _COST, where)
    limits = _obj(cost.get("budgetLimits", cost.get("budgetAlerts", {})), f"{where}.budgetLimits")
    _check_keys(limits, {"daily", "monthly"}, f"{where}.budgetLimits")
    budgets = Budgets(
        _number(cost.get("maxCostPerRequest"), f"{where}.maxCostPerRequest"),
        _number(limits.get("daily"), f"{where}.budgetLimits.daily"),
        _number(limits.get("monthly"), f"{where}.budgetLimits.monthly"),
    )
    default = top.get("defaultProvider", LOCAL)
    chain = _str_list(top.get("fallbackChain", []), "fallbackChain") or ()
    config = RouterConfig(default, chain, providers, mode, tuple(rules), budgets)
    for name in (default, *chain, *(r.action.provider for r in rules)):
        if config.provider(name) is None:
            raise _fail(
                "a rule, defaultProvider or fallbackChain",
                f"names the provider '{name}', which is not under providers",
            )
    return config


def _parse_provider(
    name: str, raw: Mapping[str, Any], store_key: KeySink | None, notices: list[str] | None
) -> ProviderEntry:
    where = f"providers.{name}"
    _check_keys(raw, _PROVIDER, where)
    known_kind, known_url = KNOWN_PROVIDERS.get(name, ("", ""))
    kind = raw.get("kind") or (LOCAL if name in LOCAL_ALIASES else known_kind or "openai")
    if kind not in KINDS:
        raise _fail(f"{where}.kind", f"is '{kind}'; allowed: {', '.join(KINDS)}")
    models = _obj(raw.get("models", {}), f"{where}.models")
    if not all(isinstance(v, str) for v in models.values()):
        raise _fail(f"{where}.models", "must map names to model ids")
    headers = _obj(raw.get("headers", {}), f"{where}.headers")
    key = raw.get("apiKey")
    if key is not None:
        if not isinstance(key, str):
            raise _fail(f"{where}.apiKey", "must be text")
        if not PLACEHOLDER.match(key) and key != KEYRING_REF and key:
            if store_key is None:
                raise _fail(
                    f"{where}.apiKey",
                    "holds a literal key, which is never kept in a "
                    "file; use a ${ENV_VAR} placeholder",
                )
            store_key(name, key)
            if notices is not None:
                notices.append(
                    f"The API key for '{name}' was moved into the system keyring; "
                    "the configuration keeps only a reference to it."
                )
            key = KEYRING_REF
    timeout = raw.get("timeout", 60000)
    return ProviderEntry(
        name=name,
        kind=kind,
        base_url=str(raw.get("baseUrl", known_url)),
        model=str(raw.get("model", models.get("default", ""))),
        models=dict(models),
        headers={str(k): str(v) for k, v in headers.items()},
        api_key=key or None,
        timeout_s=(_number(timeout, f"{where}.timeout") or 60000.0) / 1000.0,
        max_retries=int(_number(raw.get("maxRetries", 2), f"{where}.maxRetries") or 0),
    )


def _parse_rule(raw: Mapping[str, Any], where: str) -> Rule:
    _check_keys(raw, {"condition", "action", "reason", "name"}, where)
    cond = _obj(raw.get("condition", {}), f"{where}.condition")
    _check_keys(cond, _CONDITION, f"{where}.condition")
    action = _obj(raw.get("action"), f"{where}.action")
    _check_keys(action, _ACTION, f"{where}.action")
    if not isinstance(action.get("provider"), str):
        raise _fail(f"{where}.action.provider", "is required")
    tags = cond.get("agentType", cond.get("taskType", cond.get("tags")))
    budget = cond.get("budget")
    if budget not in (None, "ok", "exceeded"):
        raise _fail(f"{where}.condition.budget", "must be 'ok' or 'exceeded'")
    min_tokens = _number(cond.get("minTokens"), f"{where}.condition.minTokens")
    max_tokens = _number(cond.get("maxTokens"), f"{where}.condition.maxTokens")
    temperature = _number(action.get("temperature"), f"{where}.action.temperature")
    action_max = _number(action.get("maxTokens"), f"{where}.action.maxTokens")
    return Rule(
        Condition(
            privacy=_privacy(cond.get("privacy"), f"{where}.condition.privacy"),
            local_only=_bool(cond.get("localOnly"), f"{where}.condition.localOnly"),
            complexity=_str_list(
                cond.get("complexity"), f"{where}.condition.complexity", COMPLEXITY_LEVELS
            ),
            tags=_str_list(tags, f"{where}.condition.agentType"),
            min_tokens=int(min_tokens) if min_tokens is not None else None,
            max_tokens=int(max_tokens) if max_tokens is not None else None,
            sensitive=_bool(cond.get("sensitive"), f"{where}.condition.sensitive"),
            budget=budget,
            requires_tools=_bool(cond.get("requiresTools"), f"{where}.condition.requiresTools"),
        ),
        Action(
            action["provider"],
            action.get("model"),
            temperature,
            int(action_max) if action_max is not None else None,
        ),
        str(raw.get("reason", "")),
    )


# ---- writing ------------------------------------------------------------------------------


def to_json(config: RouterConfig) -> dict[str, Any]:
    """agentic-flow's format. Keys are never written: only placeholders or references."""
    providers: dict[str, Any] = {}
    for name, entry in config.providers.items():
        item: dict[str, Any] = {"kind": entry.kind, "baseUrl": entry.base_url}
        if entry.api_key:
            item["apiKey"] = entry.api_key
        if entry.models:
            item["models"] = dict(entry.models)
        elif entry.model:
            item["models"] = {"default": entry.model}
        if entry.headers:
            item["headers"] = dict(entry.headers)
        item["timeout"] = int(entry.timeout_s * 1000)
        item["maxRetries"] = entry.max_retries
        providers[name] = item
    rules = []
    for rule in config.rules:
        c = rule.condition
        cond: dict[str, Any] = {}
        if c.privacy:
            cond["privacy"] = list(c.privacy) if len(c.privacy) > 1 else c.privacy[0]
        if c.local_only is not None:
            cond["localOnly"] = c.local_only
        if c.complexity:
            cond["complexity"] = list(c.complexity) if len(c.complexity) > 1 else c.complexity[0]
        if c.tags:
            cond["agentType"] = list(c.tags)
        if c.min_tokens is not None:
            cond["minTokens"] = c.min_tokens
        if c.max_tokens is not None:
            cond["maxTokens"] = c.max_tokens
        if c.sensitive is not None:
            cond["sensitive"] = c.sensitive
        if c.budget:
            cond["budget"] = c.budget
        if c.requires_tools is not None:
            cond["requiresTools"] = c.requires_tools
        action: dict[str, Any] = {"provider": rule.action.provider}
        for key, value in (
            ("model", rule.action.model),
            ("temperature", rule.action.temperature),
            ("maxTokens", rule.action.max_tokens),
        ):
            if value is not None:
                action[key] = value
        rules.append({"condition": cond, "action": action, "reason": rule.reason})
    limits = {
        k: v
        for k, v in (("daily", config.budgets.daily), ("monthly", config.budgets.monthly))
        if v is not None
    }
    cost: dict[str, Any] = {"enabled": bool(limits or config.budgets.max_cost_per_request)}
    if config.budgets.max_cost_per_request is not None:
        cost["maxCostPerRequest"] = config.budgets.max_cost_per_request
    if limits:
        cost["budgetLimits"] = limits
    return {
        "version": "1.0",
        "defaultProvider": config.default_provider,
        "fallbackChain": list(config.fallback_chain),
        "providers": providers,
        "routing": {"mode": config.mode, "rules": rules},
        "costOptimization": cost,
    }


def load_config(
    path: Path, *, store_key: KeySink | None = None, notices: list[str] | None = None
) -> RouterConfig:
    if not path.is_file():
        return RouterConfig()
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise RouterConfigError(
            f"The routing configuration {path} cannot be read ({exc}).",
            "Fix or remove the file, or import a configuration again.",
        ) from None
    return parse_config(data, store_key=store_key, notices=notices)


def save_config(path: Path, config: RouterConfig) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(to_json(config), indent=2), "utf-8")
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    tmp.replace(path)
