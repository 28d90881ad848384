"""Where a message runs, and why.

The privacy invariant is enforced here, last, over every candidate: a message whose
privacy is high or local-only (set by the user, or raised by the sensitive-data
detector) is never sent to, or fallen back to, a cloud provider: not by a rule, not by
the fallback chain, not by a budget mode, not by an explicit provider choice.

The level a request runs at comes from :func:`~agentic_desk.core.privacy.levels.
effective_privacy` alone; a level it does not know is refused (:class:`RoutingError`):
such a request is routed nowhere, never treated as "normal".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import N_, t
from agentic_desk.core.privacy.levels import (
    Complexity,
    Privacy,
    UnknownPrivacyLevel,
    effective_privacy,
)
from agentic_desk.core.routing.config import LOCAL, LOCAL_ALIASES, Condition, RouterConfig


class RoutingError(AgenticDeskError):
    """No provider can serve the request."""


@dataclass(frozen=True)
class RouteRequest:
    privacy: Privacy | str = Privacy.NORMAL  # the stricter of the conversation's and message's
    complexity: str | None = None  # set by the user; None: estimated
    tags: tuple[str, ...] = ()
    prompt_tokens: int = 0
    max_new_tokens: int = 512
    sensitive: tuple[str, ...] = ()  # categories the detector found
    # Where in the payload the detector found what: (place, category), e.g.
    # ("turn 1", "national_id"); their categories count as ``sensitive`` too.
    findings: tuple[tuple[str, str], ...] = ()
    # Messages of the history whose own level was set: (place, level), e.g.
    # ("turn 3", "local_only"); the request runs at least at each of them.
    marked: tuple[tuple[str, Privacy | str], ...] = ()
    provider: str | None = None  # the user asked for this provider
    text: str = ""  # for the complexity estimate
    # Pseudonymised sending (core.privacy.pseudonymise): the user turned it on for this
    # conversation (or this run): cloud requests go with personal details replaced, and
    # a conversation at "high" may then go too. Never "local only".
    pseudonymise: bool = False
    # The payload with its findings replaced holds nothing the detector finds, no real
    # value, and every finding was classified with confidence: only then may it leave.
    pseudonymised_clean: bool = False


@dataclass(frozen=True)
class RouteContext:
    cloud_enabled: bool = False
    local_available: bool = True
    configured: Callable[[str], bool] = lambda _name: False  # has its key, or needs none
    estimate_cost: Callable[[str, str, int, int], float] = lambda *_: 0.0
    spent_today: float = 0.0
    spent_month: float = 0.0
    cloud_off_reason: str = N_("cloud providers are off")  # said when cloud_enabled is False


@dataclass(frozen=True)
class RoutingDecision:
    provider: str  # "local" or a provider name
    model: str | None
    reason: str
    rule_index: int | None = None  # 1-based, as shown to users
    fallbacks: tuple[tuple[str, str | None], ...] = ()  # (provider, model) to try next
    refused: tuple[str, ...] = ()  # why cloud routes were not taken
    privacy: Privacy = Privacy.NORMAL  # the effective level
    complexity: str = Complexity.MEDIUM
    complexity_estimated: bool = False
    estimated_cost: float = 0.0
    temperature: float | None = None
    max_tokens: int | None = None
    # Cloud requests of this decision go with personal details replaced by placeholders.
    pseudonymise: bool = False

    @property
    def is_local(self) -> bool:
        return self.provider == LOCAL

    @property
    def label(self) -> str:
        """E.g. "Local · rule 2: privacy high" or "Cloud · openrouter · rule 3: complexity high"."""
        if self.is_local:
            return t("Local · {reason}", reason=t(self.reason))
        if self.pseudonymise:
            return t(
                "Cloud · {provider} · {reason} · {replaced}",
                provider=self.provider,
                reason=t(self.reason),
                replaced=t(PSEUDONYMISED),
            )
        return t("Cloud · {provider} · {reason}", provider=self.provider, reason=t(self.reason))


_CODE = re.compile(
    r"```|\bdef \w+\(|\bclass \w+|[{};]\s*$|#include|\bSELECT\b.*\bFROM\b",
    re.MULTILINE | re.IGNORECASE,
)
_REASONING = re.compile(
    r"\b(prove|derive|analy[sz]e|compare|trade-?offs?|step by step|explain why|design|"
    r"architecture|optimi[sz]e|evaluate|critique|plan)\b",
    re.IGNORECASE,
)


NO_LOCAL_MODEL = N_("local: no model is installed or loaded yet")
PSEUDONYMISED = N_("personal details replaced")


def estimate_complexity(text: str, prompt_tokens: int = 0) -> Complexity:
    """A rough guess, shown to the user as "estimated": long prompts, code and
    reasoning cues raise it."""
    score = 0
    tokens = prompt_tokens or len(text.split()) * 4 // 3
    if tokens > 1500:
        score += 2
    elif tokens > 300:
        score += 1
    if _CODE.search(text):
        score += 1
    score += min(3, len(_REASONING.findall(text)))
    if score >= 3:
        return Complexity.HIGH
    return Complexity.MEDIUM if score >= 1 else Complexity.LOW


@dataclass
class _Candidate:
    provider: str
    model: str | None
    why: str
    rule_index: int | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    notes: list[str] = field(default_factory=list)
    pseudonymise: bool = False


def request_privacy(*levels: Privacy | str | None, sensitive: bool = False) -> Privacy:
    """The level a request runs at (:func:`effective_privacy`), with an unknown level
    refused as a :class:`RoutingError`: the request goes nowhere."""
    try:
        return effective_privacy(*levels, sensitive=sensitive)
    except UnknownPrivacyLevel as exc:
        raise RoutingError(
            t(
                "This message was not sent anywhere: {message}",
                message=exc.message,
            ),
            t(
                "{hint} A privacy level that is not known is never treated as normal.",
                hint=exc.hint,
            ),
        ) from exc


def _categories(request: RouteRequest) -> tuple[str, ...]:
    """Every category found anywhere in the payload."""
    return tuple(sorted({*request.sensitive, *(category for _, category in request.findings)}))


def _why_private(privacy: Privacy, request: RouteRequest) -> str:
    """E.g. "privacy high (sensitive data found in turn 1: a national ID number)"."""
    what = t("privacy {level}", level=privacy.replace("_", "-"))
    details = [
        t(
            "{where} is marked {level}",
            where=where,
            level=Privacy.parse(level).replace("_", "-"),
        )
        for where, level in request.marked
        if Privacy.parse(level).stays_local
    ]
    if request.findings:
        from agentic_desk.core.privacy.payload import describe_places

        details.append(
            t(
                "sensitive data found in {places}",
                places=describe_places(request.findings),
            )
        )
    elif request.sensitive:
        details.append(t("sensitive data found"))
    return f"{what} ({'; '.join(details)})" if details else what


def _matches(
    cond: Condition, request: RouteRequest, privacy: Privacy, complexity: str, budget_state: str
) -> bool:
    local_only = privacy is Privacy.LOCAL_ONLY
    checks = [
        cond.privacy is None
        or privacy in cond.privacy
        or (local_only and Privacy.HIGH in cond.privacy),
        cond.local_only is None or cond.local_only == local_only,
        cond.complexity is None or complexity in cond.complexity,
        cond.tags is None or bool(set(cond.tags) & set(request.tags)),
        cond.min_tokens is None or request.prompt_tokens >= cond.min_tokens,
        cond.max_tokens is None or request.prompt_tokens <= cond.max_tokens,
        cond.sensitive is None or cond.sensitive == bool(_categories(request)),
        cond.budget is None or cond.budget == budget_state,
        not cond.requires_tools,
    ]
    return all(checks)


def route(config: RouterConfig, request: RouteRequest, context: RouteContext) -> RoutingDecision:
    """Decide where the request runs. Raises RoutingError when nothing can serve it, or
    when the request's privacy level is not one of :class:`Privacy`."""
    # The one computation of the level: the request's, every marked message's, raised
    # by sensitive data found anywhere in the payload.
    privacy = request_privacy(
        request.privacy,
        *(level for _, level in request.marked),
        sensitive=bool(_categories(request)),
    )
    estimated = request.complexity is None
    complexity = request.complexity or estimate_complexity(request.text, request.prompt_tokens)
    budgets = config.budgets
    over_daily = budgets.daily is not None and context.spent_today >= budgets.daily
    over_monthly = budgets.monthly is not None and context.spent_month >= budgets.monthly
    budget_state = "exceeded" if over_daily or over_monthly else "ok"

    candidates: list[_Candidate] = []
    if request.provider:
        candidates.append(_Candidate(request.provider, None, N_("chosen by you")))
    matched: _Candidate | None = None
    if config.mode != "manual":
        for index, rule in enumerate(config.rules, start=1):
            if _matches(rule.condition, request, privacy, complexity, budget_state):
                why = t(
                    "rule {index}: {reason}",
                    index=index,
                    reason=rule.reason or rule.condition.describe(),
                )
                matched = _Candidate(
                    rule.action.provider,
                    rule.action.model,
                    why,
                    index,
                    rule.action.temperature,
                    rule.action.max_tokens,
                    pseudonymise=rule.action.pseudonymise,
                )
                break
    if config.mode == "privacy-first":
        candidates.append(_Candidate(LOCAL, None, N_("privacy-first mode")))
    if matched is not None:
        candidates.append(matched)
    elif config.mode == "cost-optimized":
        pool = [config.default_provider, *config.fallback_chain]
        cheapest = min(pool, key=lambda n: _cost(config, context, n, complexity, request))
        candidates.append(_Candidate(cheapest, None, "cost-optimized: cheapest"))
    candidates.append(_Candidate(config.default_provider, None, N_("default provider")))
    candidates += [_Candidate(name, None, N_("fallback chain")) for name in config.fallback_chain]
    # The app is local-first: when nothing else may or can serve, the local model does.
    candidates.append(_Candidate(LOCAL, None, N_("local fallback")))

    # Pseudonymised sending: on for the conversation, or by the rule that matched. It may
    # carry a request the sensitive-data detector raised to high to the cloud, with every
    # finding replaced; a user's "high" only when the conversation opted in; "local only"
    # never. A payload that is not clean after replacing stays here.
    pseudo_on = request.pseudonymise or (matched is not None and matched.pseudonymise)
    user_privacy = request_privacy(request.privacy, *(level for _, level in request.marked))
    may_pseudonymise = (
        pseudo_on
        and request.pseudonymised_clean
        and user_privacy is not Privacy.LOCAL_ONLY
        and (request.pseudonymise or not user_privacy.stays_local)
    )

    allowed: list[_Candidate] = []
    refused: list[str] = []
    seen: set[str] = set()
    for cand in candidates:
        entry = config.provider(cand.provider)
        name = LOCAL if cand.provider in LOCAL_ALIASES else cand.provider
        if name in seen:
            continue
        seen.add(name)
        if entry is None:
            refused.append(t("{provider}: not a configured provider", provider=cand.provider))
            continue
        if entry.is_local:
            if context.local_available:
                allowed.append(
                    _Candidate(
                        LOCAL,
                        cand.model,
                        cand.why,
                        cand.rule_index,
                        cand.temperature,
                        cand.max_tokens,
                    )
                )
            else:
                refused.append(t(NO_LOCAL_MODEL))
            continue
        # --- cloud: every guard, the privacy invariant first -----------------------------
        if privacy.stays_local and not may_pseudonymise:
            what = _why_private(privacy, request)
            refused.append(
                t("{name}: {what} keeps this message on this computer", name=name, what=what)
                + _why_not_pseudonymised(pseudo_on, user_privacy, request)
            )
            continue
        if not context.cloud_enabled:
            refused.append(t("{name}: {reason}", name=name, reason=t(context.cloud_off_reason)))
            continue
        if not context.configured(name):
            refused.append(t("{name}: no API key set", name=name))
            continue
        model = cand.model or entry.model_for(complexity)
        cost = context.estimate_cost(name, model, request.prompt_tokens, request.max_new_tokens)
        if budgets.max_cost_per_request is not None and cost > budgets.max_cost_per_request:
            refused.append(
                t(
                    "{name}: about ${cost:.4f} is over the ${max_cost_per_request} per-request "
                    "limit",
                    name=name,
                    cost=cost,
                    max_cost_per_request=budgets.max_cost_per_request,
                )
            )
            continue
        if budget_state == "exceeded":
            refused.append(
                t("{name}: the daily budget is used up", name=name)
                if over_daily
                else t("{name}: the monthly budget is used up", name=name)
            )
            continue
        allowed.append(
            _Candidate(name, model, cand.why, cand.rule_index, cand.temperature, cand.max_tokens)
        )

    if not allowed and refused == [t(NO_LOCAL_MODEL)]:  # the first run: say it plainly
        raise RoutingError(
            t("No model is ready to answer yet."),
            t(
                "Download or import one on the Models page (or with agentic-desk models "
                "download); it runs on this computer. Or turn cloud providers on and add a key.",
            ),
        )
    if not allowed:
        raise RoutingError(
            t(
                "No provider can take this message: {refused}.",
                refused="; ".join(refused),
            ),
            t(
                "Load a local model (it can always serve you), or turn cloud providers on and "
                "add a key.",
            ),
        )
    first = allowed[0]
    reason = first.why
    if (
        first.provider == LOCAL
        and refused
        and first.why in ("fallback chain", "default provider", "local fallback")
    ):
        reason = refused[0].split(": ", 1)[1]
    elif first.provider == LOCAL and privacy.stays_local and first.rule_index is None:
        reason = _why_private(privacy, request)
    cost = (
        0.0
        if first.provider == LOCAL
        else context.estimate_cost(
            first.provider, first.model or "", request.prompt_tokens, request.max_new_tokens
        )
    )
    return RoutingDecision(
        provider=first.provider,
        model=first.model,
        reason=reason,
        rule_index=first.rule_index,
        fallbacks=tuple((c.provider, c.model) for c in allowed[1:]),
        refused=tuple(refused),
        privacy=privacy,
        complexity=complexity,
        complexity_estimated=estimated,
        estimated_cost=cost,
        temperature=first.temperature,
        max_tokens=first.max_tokens,
        pseudonymise=pseudo_on,
    )


def _why_not_pseudonymised(pseudo_on: bool, user_privacy: Privacy, request: RouteRequest) -> str:
    if not pseudo_on:
        return ""
    if user_privacy is Privacy.LOCAL_ONLY:
        return " " + t("(local only never leaves, even with personal details replaced)")
    if not request.pseudonymised_clean:
        return " " + t("(not every personal detail could be replaced with confidence)")
    return " " + t(
        "(a conversation at high goes with personal details replaced only when you "
        "turn that on for it)"
    )


def _cost(
    config: RouterConfig, context: RouteContext, name: str, complexity: str, request: RouteRequest
) -> float:
    entry = config.provider(name)
    if entry is None or entry.is_local:
        return 0.0
    return context.estimate_cost(
        name, entry.model_for(complexity), request.prompt_tokens, request.max_new_tokens
    )


def explain(decision: RoutingDecision) -> list[str]:
    """The decision in lines a user can read."""
    lines = [decision.label]
    if decision.model:
        lines.append(t("model: {model}", model=decision.model))
    est = t(" (estimated)") if decision.complexity_estimated else ""
    lines.append(
        t(
            "privacy: {level}; complexity: {complexity}{estimated}",
            level=decision.privacy.replace("_", "-"),
            complexity=decision.complexity,
            estimated=est,
        )
    )
    if not decision.is_local:
        lines.append(
            t("estimated cost: ${estimated_cost:.4f}", estimated_cost=decision.estimated_cost)
        )
        if decision.pseudonymise:
            lines.append(t("sent with personal details replaced by placeholders"))
    for provider, model in decision.fallbacks:
        lines.append(
            t(
                "if it fails: {provider}{model}",
                provider=provider,
                model=f" ({model})" if model else "",
            )
        )
    lines += [t("not used: {why}", why=why) for why in decision.refused]
    return lines


__all__: Sequence[str] = [
    "PSEUDONYMISED",
    "RouteContext",
    "RouteRequest",
    "RoutingDecision",
    "RoutingError",
    "estimate_complexity",
    "explain",
    "request_privacy",
    "route",
]
