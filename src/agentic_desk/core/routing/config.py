"""Routing configuration, in agentic-flow's ``router.config.json`` format.

The app keeps its routing set-up in that same format (``router.config.json`` in the data
folder), so agentic-flow users can bring theirs and take it back. Keys are never stored
in it: a ``${ENV_VAR}`` placeholder stays a placeholder (resolved from the environment at
run time); a literal key found on import is moved into the OS keyring and replaced by a
reference to it.

The file is checked by the typed models of :mod:`agentic_desk.core.routing.schema`
(the app's one set of limits and privacy levels): an unknown or invalid field is a
:class:`RouterConfigError` whose ``problems`` name each field by its path in the file.
What is written is checked the same way first, and written atomically.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from agentic_desk.core import jsonload
from agentic_desk.core.atomic import atomic_write_json
from agentic_desk.core.i18n import t
from agentic_desk.core.privacy.levels import Complexity, Privacy
from agentic_desk.core.routing import schema
from agentic_desk.core.routing.schema import KINDS, MODES
from agentic_desk.core.validation import InvalidValuesError, Problem

LOCAL = "local"
LOCAL_ALIASES = {"local", "onnx", "onnx-local", "agentic-desk"}
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


# A provider's model for each complexity (its "default" model for the rest).
_TIERS: dict[str, str] = {Complexity.LOW: "fast", Complexity.HIGH: "advanced"}


class RouterConfigError(InvalidValuesError):
    """A routing configuration that cannot be used. The message names every bad field;
    ``problems`` has one entry per field, its path in the file (``routing.rules[0].action.
    temperature``) and the rest of the sentence (``must be a number between 0 and 2
    (got 7)``)."""


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
        tier = _TIERS.get(complexity or "", "default")
        return self.models.get(tier) or self.model or self.models.get("default", "")

    def env_var(self) -> str | None:
        match = PLACEHOLDER.match(self.api_key or "")
        return match.group(1) if match else None


@dataclass(frozen=True)
class Condition:
    privacy: tuple[Privacy, ...] | None = None
    local_only: bool | None = None
    complexity: tuple[Complexity, ...] | None = None
    tags: tuple[str, ...] | None = None  # task / agent type tags (agentic-flow's agentType)
    min_tokens: int | None = None
    max_tokens: int | None = None
    sensitive: bool | None = None
    budget: str | None = None  # "ok" or "exceeded"
    requires_tools: bool | None = None  # accepted for compatibility; chats never need tools

    def describe(self) -> str:
        parts = []
        if self.privacy:
            parts.append(t("privacy {privacy}", privacy="/".join(self.privacy)))
        if self.local_only is not None:
            parts.append(t("local only") if self.local_only else t("not local-only"))
        if self.complexity:
            parts.append(t("complexity {complexity}", complexity="/".join(self.complexity)))
        if self.tags:
            parts.append(t("task {tags}", tags="/".join(self.tags)))
        if self.min_tokens is not None:
            parts.append(t("≥ {min_tokens} tokens", min_tokens=self.min_tokens))
        if self.max_tokens is not None:
            parts.append(t("≤ {max_tokens} tokens", max_tokens=self.max_tokens))
        if self.sensitive is not None:
            parts.append(t("sensitive data") if self.sensitive else t("no sensitive data"))
        if self.budget:
            parts.append(t("budget {budget}", budget=self.budget))
        if self.requires_tools:
            parts.append(t("needs tools"))
        return ", ".join(parts) or t("always")


@dataclass(frozen=True)
class Action:
    provider: str
    model: str | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    # Sent with personal details replaced (core.privacy.pseudonymise); off by default.
    pseudonymise: bool = False


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


def describe_problem(problem: Problem) -> str:
    """``"routing.mode is 'random' (allowed: ...)"``; ``"the file ..."`` for the whole."""
    return t("{field} {message}", field=problem.field or t("the file"), message=problem.message)


def config_error(problems: Iterable[Problem]) -> RouterConfigError:
    """The error for ``problems``, its message naming each field."""
    found = list(problems)
    fields = t("that field") if len(found) == 1 else t("those fields")
    return RouterConfigError(
        t(
            "router.config.json: {describe_problem}.",
            describe_problem="; ".join(describe_problem(p) for p in found),
        ),
        t(
            "Fix {fields} (see the sample router.config.json in the README) and import again.",
            fields=fields,
        ),
        found,
    )


KeySink = Callable[[str, str], None]  # (provider, literal key) -> store it in the keyring


def _is_literal_key(key: str | None) -> bool:
    return bool(key) and key != KEYRING_REF and not PLACEHOLDER.match(key or "")


def _references(doc: schema.RouterConfigJson) -> list[tuple[str, str]]:
    """(field, provider name) for every place that names a provider."""
    refs = [("defaultProvider", doc.default_provider)]
    refs += [(f"fallbackChain[{i}]", name) for i, name in enumerate(doc.fallback_chain or ())]
    refs += [
        (f"routing.rules[{i}].action.provider", rule.action.provider)
        for i, rule in enumerate(doc.routing.rules)
    ]
    return refs


def _cross_checks(doc: schema.RouterConfigJson, can_store_keys: bool) -> list[Problem]:
    """What the models cannot see one field at a time."""
    problems: list[Problem] = []
    if not can_store_keys:
        problems += [
            Problem(
                f"providers.{name}.apiKey",
                t(
                    "holds a literal key, which is never kept in a file; use a ${ENV_VAR} "
                    "placeholder"
                ),
            )
            for name, raw in doc.providers.items()
            if _is_literal_key(raw.api_key)
        ]
    known = set(doc.providers) | LOCAL_ALIASES
    problems += [
        Problem(where, t("names the provider '{name}', which is not under providers", name=name))
        for where, name in _references(doc)
        if name not in known
    ]
    return problems


def check_config(data: Any, *, can_store_keys: bool = False) -> schema.RouterConfigJson:
    """``data`` (agentic-flow's JSON) checked throughout; :class:`RouterConfigError`
    names every bad field. Nothing is stored anywhere."""
    doc, problems = schema.validate(data)
    if doc is not None:
        problems = _cross_checks(doc, can_store_keys)
    if problems or doc is None:
        raise config_error(problems)
    return doc


def parse_config(
    data: Any, *, store_key: KeySink | None = None, notices: list[str] | None = None
) -> RouterConfig:
    """Build a RouterConfig from agentic-flow's JSON. A literal API key is handed to
    ``store_key`` (the keyring) and replaced by a keyring reference; without a
    ``store_key`` it is an error (keys are never kept in files). The whole document is
    checked before any key is handed over."""
    doc = check_config(data, can_store_keys=store_key is not None)
    providers = {
        name: _provider(name, raw, store_key, notices) for name, raw in doc.providers.items()
    }
    cost = doc.cost
    limits = cost.limits
    return RouterConfig(
        default_provider=doc.default_provider,
        fallback_chain=doc.fallback_chain or (),
        providers=providers,
        mode=doc.routing.mode,
        rules=tuple(_rule(raw) for raw in doc.routing.rules),
        budgets=Budgets(cost.max_cost_per_request, limits.daily, limits.monthly),
    )


def _provider(
    name: str, raw: schema.ProviderJson, store_key: KeySink | None, notices: list[str] | None
) -> ProviderEntry:
    known_kind, known_url = KNOWN_PROVIDERS.get(name, ("", ""))
    kind = raw.kind or (LOCAL if name in LOCAL_ALIASES else known_kind or "openai")
    key = raw.api_key
    if _is_literal_key(key) and store_key is not None:
        assert key is not None
        store_key(name, key)
        if notices is not None:
            notices.append(
                t(
                    "The API key for '{name}' was moved into the system keyring; the "
                    "configuration keeps only a reference to it.",
                    name=name,
                )
            )
        key = KEYRING_REF
    return ProviderEntry(
        name=name,
        kind=kind,
        base_url=raw.base_url if raw.base_url is not None else known_url,
        model=raw.model if raw.model is not None else raw.models.get("default", ""),
        models=dict(raw.models),
        headers=dict(raw.headers),
        api_key=key or None,
        timeout_s=(raw.timeout or 60000.0) / 1000.0,
        max_retries=2 if raw.max_retries is None else raw.max_retries,
    )


def _rule(raw: schema.RuleJson) -> Rule:
    cond = raw.condition
    tags = next((t for t in (cond.agent_type, cond.task_type, cond.tags) if t is not None), None)
    return Rule(
        Condition(
            privacy=cond.privacy,
            local_only=cond.local_only,
            complexity=cond.complexity,
            tags=tags,
            min_tokens=cond.min_tokens,
            max_tokens=cond.max_tokens,
            sensitive=cond.sensitive,
            budget=cond.budget,
            requires_tools=cond.requires_tools,
        ),
        Action(
            raw.action.provider,
            raw.action.model,
            raw.action.temperature,
            raw.action.max_tokens,
            bool(raw.action.pseudonymise),
        ),
        raw.reason,
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
            levels = [str(level) for level in c.privacy]
            cond["privacy"] = levels if len(levels) > 1 else levels[0]
        if c.local_only is not None:
            cond["localOnly"] = c.local_only
        if c.complexity:
            levels = [str(level) for level in c.complexity]
            cond["complexity"] = levels if len(levels) > 1 else levels[0]
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
        if rule.action.pseudonymise:
            action["pseudonymise"] = True
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
    data = read_config_file(
        path,
        what=t("The routing configuration"),
        hint=t("Fix or remove the file, or import a configuration again."),
    )
    return parse_config(data, store_key=store_key, notices=notices)


def read_config_file(path: Path, *, what: str, hint: str, name: str | None = None) -> Any:
    """The JSON in ``path`` (a routing file, or one given to import): a missing file, a
    folder, unreadable bytes, text that is not JSON or nests absurdly deep is a
    :class:`RouterConfigError` saying which, never a traceback."""
    try:
        return jsonload.load_file(path, what=what, hint=hint, name=name)
    except jsonload.JsonUnreadable as exc:
        raise RouterConfigError(exc.message, exc.hint) from None


def save_config(path: Path, config: RouterConfig) -> None:
    """Write ``config`` to ``path`` atomically. It is checked as an import would check it
    first: :class:`RouterConfigError` (nothing written) for a bad field or a literal key."""
    data = to_json(config)
    check_config(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_json(path, data)


__all__ = [
    "KEYRING_REF",
    "KINDS",
    "KNOWN_PROVIDERS",
    "LOCAL",
    "LOCAL_ALIASES",
    "MODES",
    "PLACEHOLDER",
    "Action",
    "Budgets",
    "Condition",
    "KeySink",
    "ProviderEntry",
    "RouterConfig",
    "RouterConfigError",
    "Rule",
    "check_config",
    "config_error",
    "describe_problem",
    "load_config",
    "parse_config",
    "read_config_file",
    "save_config",
    "to_json",
]
