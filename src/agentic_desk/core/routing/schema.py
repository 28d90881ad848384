"""agentic-flow's ``router.config.json`` as typed pydantic models, and its errors in user
words.

The models mirror the JSON (camelCase names, every known field; an unknown field is an
error). Values are checked here, in the core, with the app's one set of limits: a rule's
``temperature`` and ``maxTokens`` use :mod:`agentic_desk.core.generation`'s, its privacy
levels :class:`~agentic_desk.core.privacy.levels.Privacy`. Each refused value becomes a
:class:`~agentic_desk.core.validation.Problem` whose field is its path in the file
(``routing.rules[0].action.temperature``) and whose message finishes the sentence
(``must be a number between 0 and 2 (got 7)``).

:mod:`agentic_desk.core.routing.config` turns a validated document into the router's
:class:`~agentic_desk.core.routing.config.RouterConfig`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from agentic_desk.core import generation as gen
from agentic_desk.core.i18n import t
from agentic_desk.core.privacy.levels import COMPLEXITY_LEVELS, PRIVACY_LEVELS, Complexity, Privacy
from agentic_desk.core.validation import Limit, Problem, shown

MODES = ("rule-based", "cost-optimized", "privacy-first", "manual")
KINDS = ("openai", "anthropic", "local")
BUDGET_STATES = ("ok", "exceeded")

Mode = Literal["rule-based", "cost-optimized", "privacy-first", "manual"]
Kind = Literal["openai", "anthropic", "local"]
BudgetState = Literal["ok", "exceeded"]

NON_NEGATIVE = Limit(0)
NON_NEGATIVE_WHOLE = Limit(0, whole=True)


# ---- value types that say what is wrong in the file's words ---------------------------------


def _number(limit: Limit) -> Callable[[object], object]:
    def check(value: object) -> object:
        if value is None:
            return None
        refusal = limit.refusal(value)
        if refusal is not None:
            raise PydanticCustomError("limit", "{refusal}", {"refusal": refusal})
        assert isinstance(value, int | float)
        return int(value) if limit.whole else float(value)

    return check


def _choice(choices: Sequence[str], *, optional: bool = False) -> Callable[[object], object]:
    def check(value: object) -> object:
        if value is None and optional:
            return None
        if not isinstance(value, str) or value not in choices:
            raise PydanticCustomError(
                "choice",
                t("is {got} (allowed: {allowed})"),
                {"got": shown(value), "allowed": ", ".join(choices)},
            )
        return value

    return check


def _texts(value: object) -> object:
    """A text or a list of texts, as a tuple (null: not given)."""
    if value is None:
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise PydanticCustomError("texts", t("must be a text or a list of texts"))
    return tuple(items)


E = TypeVar("E", Privacy, Complexity)


def _levels(
    parse: Callable[[str], E], names: Sequence[str], *, dashes: bool
) -> Callable[[object], object]:
    def check(value: object) -> object:
        items = _texts(value)
        if items is None:
            return None
        assert isinstance(items, tuple)
        out: list[E] = []
        for item in items:
            key = item.strip().lower()
            if dashes:
                key = key.replace("-", "_")
            try:
                out.append(parse(key))
            except ValueError:
                raise PydanticCustomError(
                    "choice",
                    t("has {got} (allowed: {allowed})"),
                    {"got": shown(item), "allowed": ", ".join(names)},
                ) from None
        return tuple(out)

    return check


def _scalar_texts(value: object) -> object:
    """Header values: numbers and true/false are taken as text."""
    if isinstance(value, dict):
        return {k: str(v) if isinstance(v, int | float) else v for k, v in value.items()}
    return value


Count = Annotated[int | None, BeforeValidator(_number(NON_NEGATIVE_WHOLE))]
Amount = Annotated[float | None, BeforeValidator(_number(NON_NEGATIVE))]
Temperature = Annotated[float | None, BeforeValidator(_number(gen.TEMPERATURE))]
ReplyTokens = Annotated[int | None, BeforeValidator(_number(gen.MAX_NEW_TOKENS))]
Texts = Annotated[tuple[str, ...] | None, BeforeValidator(_texts)]
PrivacyLevels = Annotated[
    tuple[Privacy, ...] | None,
    BeforeValidator(_levels(Privacy.parse, PRIVACY_LEVELS, dashes=True)),
]
ComplexityLevels = Annotated[
    tuple[Complexity, ...] | None,
    BeforeValidator(_levels(Complexity, COMPLEXITY_LEVELS, dashes=False)),
]
Flag = Annotated[bool | None, Field(strict=True)]


class _Json(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


# ---- the document -----------------------------------------------------------------------


class ProviderJson(_Json):
    kind: Annotated[Kind | None, BeforeValidator(_choice(KINDS, optional=True))] = None
    api_key: str | None = Field(None, alias="apiKey")
    base_url: str | None = Field(None, alias="baseUrl")
    model: str | None = None
    models: dict[str, str] = Field(default_factory=dict)
    headers: Annotated[dict[str, str], BeforeValidator(_scalar_texts)] = Field(default_factory=dict)
    timeout: Amount = None  # milliseconds
    max_retries: Count = Field(None, alias="maxRetries")
    # accepted for compatibility with agentic-flow; the app does not use them
    retry_delay: Any = Field(None, alias="retryDelay")
    rate_limit: Any = Field(None, alias="rateLimit")
    organization: Any = None
    preferences: Any = None
    enabled: Any = None
    fallback_models: Any = Field(None, alias="fallbackModels")
    gpu_layers: Any = Field(None, alias="gpuLayers")
    context_window: Any = Field(None, alias="contextWindow")
    num_predict: Any = Field(None, alias="numPredict")
    model_path: Any = Field(None, alias="modelPath")
    execution_providers: Any = Field(None, alias="executionProviders")


class ConditionJson(_Json):
    privacy: PrivacyLevels = None
    local_only: Flag = Field(None, alias="localOnly")
    complexity: ComplexityLevels = None
    agent_type: Texts = Field(None, alias="agentType")
    task_type: Texts = Field(None, alias="taskType")
    tags: Texts = None
    requires_tools: Flag = Field(None, alias="requiresTools")
    min_tokens: Count = Field(None, alias="minTokens")
    max_tokens: Count = Field(None, alias="maxTokens")
    sensitive: Flag = None
    budget: Annotated[
        BudgetState | None, BeforeValidator(_choice(BUDGET_STATES, optional=True))
    ] = None


class ActionJson(_Json):
    provider: str
    model: str | None = None
    temperature: Temperature = None
    max_tokens: ReplyTokens = Field(None, alias="maxTokens")
    # Send with personal details replaced by placeholders (see core.privacy.pseudonymise).
    pseudonymise: Flag = None


class RuleJson(_Json):
    condition: ConditionJson = Field(default_factory=lambda: ConditionJson.model_validate({}))
    action: ActionJson
    reason: str = ""
    name: str | None = None


class BudgetLimitsJson(_Json):
    daily: Amount = None
    monthly: Amount = None


class CostJson(_Json):
    enabled: Any = None
    max_cost_per_request: Amount = Field(None, alias="maxCostPerRequest")
    budget_limits: BudgetLimitsJson | None = Field(None, alias="budgetLimits")
    budget_alerts: BudgetLimitsJson | None = Field(None, alias="budgetAlerts")
    prefer_cheaper: Any = Field(None, alias="preferCheaper")
    cost_threshold: Any = Field(None, alias="costThreshold")

    @property
    def limits(self) -> BudgetLimitsJson:
        return self.budget_limits or self.budget_alerts or BudgetLimitsJson()


class RoutingJson(_Json):
    mode: Annotated[Mode, BeforeValidator(_choice(MODES))] = "rule-based"
    rules: list[RuleJson] = Field(default_factory=list)
    cost_optimization: CostJson | None = Field(None, alias="costOptimization")
    performance: Any = None


class RouterConfigJson(_Json):
    """The whole ``router.config.json``."""

    version: Any = None
    default_provider: str = Field("local", alias="defaultProvider")
    fallback_chain: Texts = Field(None, alias="fallbackChain")
    providers: dict[str, ProviderJson] = Field(default_factory=dict)
    routing: RoutingJson = Field(default_factory=lambda: RoutingJson.model_validate({}))
    cost_optimization: CostJson | None = Field(None, alias="costOptimization")
    tool_calling: Any = Field(None, alias="toolCalling")
    monitoring: Any = None
    cache: Any = None

    @property
    def cost(self) -> CostJson:
        """The cost section: at the top level, or in agentic-flow's older place (under
        ``routing``)."""
        if self.cost_optimization is not None:
            return self.cost_optimization
        if self.routing.cost_optimization is not None:
            return self.routing.cost_optimization
        return CostJson.model_validate({})


# ---- errors in the file's words -----------------------------------------------------------


def field_path(loc: Sequence[int | str]) -> str:
    """``("routing", "rules", 0, "action")`` -> ``"routing.rules[0].action"``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _message(err: ErrorDetails) -> str:
    kind = err["type"]
    ctx = err.get("ctx", {})
    if kind in ("limit", "choice", "texts"):
        return err["msg"]
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind == "missing":
        return "is required"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "must be an object"
    if kind in ("list_type", "tuple_type"):
        return "must be a list"
    if kind == "string_type":
        return "must be text"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false"
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    return err["msg"][:1].lower() + err["msg"][1:]


def problems_of(exc: ValidationError) -> list[Problem]:
    """Every error of ``exc`` as a problem with its path in the file."""
    return [Problem(field_path(err["loc"]), _message(err)) for err in exc.errors(include_url=False)]


def validate(data: Any) -> tuple[RouterConfigJson | None, list[Problem]]:
    """``data`` (parsed JSON) as a document, or None and what is wrong with it."""
    if not isinstance(data, dict):
        return None, [Problem("", "must be an object")]
    try:
        return RouterConfigJson.model_validate(data), []
    except ValidationError as exc:
        return None, problems_of(exc)


__all__ = [
    "BUDGET_STATES",
    "KINDS",
    "MODES",
    "ActionJson",
    "BudgetState",
    "ConditionJson",
    "CostJson",
    "Kind",
    "Mode",
    "ProviderJson",
    "RouterConfigJson",
    "RuleJson",
    "field_path",
    "problems_of",
    "validate",
]
