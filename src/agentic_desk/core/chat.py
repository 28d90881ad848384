"""ChatService: one turn of a conversation, from the user's text to a recorded reply.

detector -> router -> provider (local engine or a cloud provider, with the fallback
chain) -> streamed text -> a reply that records where it ran and why, tokens, speed and
cost. Used by the CLI, the GUI and the local API server alike.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from agentic_desk.core.engine.client import LocalEngine, ReplyConsumer, ReplyStream
from agentic_desk.core.engine.protocol import ChatMessage, GenerationParams, StopReason
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.generation import params_from_settings, with_overrides
from agentic_desk.core.routing.config import LOCAL, RouterConfig
from agentic_desk.core.routing.costs import PriceTable, SpendLedger
from agentic_desk.core.routing.router import (
    RouteContext,
    RouteRequest,
    RoutingDecision,
    request_privacy,
    route,
)
from agentic_desk.core.settings import EngineSettings

KeyLookup = Callable[[str, str | None], str | None]  # (provider, env var) -> key
ProviderFactory = Callable[..., Any]


@dataclass
class ChatRequest:
    messages: Sequence[ChatMessage]
    params: GenerationParams = field(default_factory=GenerationParams)
    privacy: str = "normal"  # the conversation's level
    message_privacy: str | None = None  # this message's own level, if set
    complexity: str | None = None
    tags: tuple[str, ...] = ()
    provider: str | None = None
    from_api_client: bool = False  # a program using the local API server, not the user


@dataclass
class Plan:
    decision: RoutingDecision
    findings: list[Any]  # detector findings in the newest message
    notice: str  # what the user is told about sensitive data ("" if none)


@dataclass
class ReplyInfo:
    where: str  # "Local · rule 2: privacy high"
    provider: str
    model: str | None
    execution_provider: str | None = None  # cpu / cuda / dml for local replies
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tokens_per_s: float = 0.0
    ttft_ms: float = 0.0
    reused_tokens: int = 0  # local: prompt tokens whose KV cache was kept from the last turn
    cost: float = 0.0
    cost_known: bool = True
    stop_reason: str = "end_of_text"
    failed_attempts: list[str] = field(default_factory=list)  # fallbacks taken, and why


@dataclass
class ChatResult:
    text: str
    info: ReplyInfo | None
    plan: Plan
    error: AgenticDeskError | None = None


class CancelToken:
    """Cancels whatever is producing the reply right now (local or cloud), from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._target: Callable[[], None] | None = None

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            target = self._target
        if target is not None:
            target()

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def attach(self, target: Callable[[], None]) -> None:
        with self._lock:
            self._target = target
            cancelled = self._cancelled
        if cancelled:
            target()


def default_params(engine: EngineSettings) -> GenerationParams:
    """The generation defaults the user set (settings ``engine.*``); see
    :func:`agentic_desk.core.generation.params_from_settings`."""
    return params_from_settings(engine)


def rule_params(params: GenerationParams, decision: RoutingDecision) -> GenerationParams:
    """The reply settings, with a routing rule's temperature and length applied."""
    return with_overrides(
        params, max_new_tokens=decision.max_tokens, temperature=decision.temperature
    )


def estimate_tokens(messages: Sequence[ChatMessage]) -> int:
    """A quick token estimate for routing and cost (about 4 characters a token)."""
    return sum(len(m.content) for m in messages) // 4 + 4 * len(messages)


class ChatService:
    def __init__(
        self,
        *,
        engine: LocalEngine | None,
        router_config: RouterConfig,
        cloud_enabled: bool,
        keys: KeyLookup,
        prices: PriceTable,
        ledger: SpendLedger,
        detector_enabled: bool = True,
        provider_factory: ProviderFactory | None = None,
        assume_local_model: bool = False,
        api_clients_may_use_cloud: bool = False,
    ) -> None:
        self.engine = engine
        self.assume_local_model = assume_local_model  # plan as if a local model were loaded
        self.config = router_config
        self.cloud_enabled = cloud_enabled
        # API clients get the local model only, unless the user opted them in separately.
        self.api_clients_may_use_cloud = api_clients_may_use_cloud
        self.keys = keys
        self.prices = prices
        self.ledger = ledger
        self.detector_enabled = detector_enabled
        self._factory = provider_factory

    # ---- deciding ------------------------------------------------------------------------

    def _configured(self, name: str) -> bool:
        entry = self.config.provider(name)
        if entry is None:
            return False
        return not entry.needs_key or self.keys(name, entry.env_var()) is not None

    def plan(self, request: ChatRequest) -> Plan:
        """Detector and router only: no network, no model. Safe to call for a preview."""
        # The stricter of the two levels; an unknown one is refused (RoutingError), so
        # the request goes nowhere.
        privacy = request_privacy(request.privacy, request.message_privacy)
        newest = request.messages[-1].content if request.messages else ""
        findings: list[Any] = []
        notice = ""
        if self.detector_enabled:
            from agentic_desk.core.privacy.detector import describe, detect

            findings = detect(newest)
            if findings:
                notice = describe(findings, newest)
        route_request = RouteRequest(
            privacy=privacy,
            complexity=request.complexity,
            tags=request.tags,
            prompt_tokens=estimate_tokens(request.messages),
            max_new_tokens=request.params.max_new_tokens,
            sensitive=tuple(sorted({f.category for f in findings})),
            provider=request.provider,
            text=newest,
        )
        cloud_enabled = self.cloud_enabled
        cloud_off_reason = "cloud providers are off"
        if request.from_api_client and not self.api_clients_may_use_cloud:
            cloud_enabled = False
            cloud_off_reason = "programs using the local API server get the local model only"
        context = RouteContext(
            cloud_enabled=cloud_enabled,
            cloud_off_reason=cloud_off_reason,
            local_available=self.assume_local_model
            or (self.engine is not None and self.engine.has_model),
            configured=self._configured,
            estimate_cost=lambda _p, model, tin, tout: self.prices.estimate(model, tin, tout),
            spent_today=self.ledger.today(),
            spent_month=self.ledger.month(),
        )
        return Plan(route(self.config, route_request, context), findings, notice)

    # ---- doing ---------------------------------------------------------------------------

    def send(
        self,
        request: ChatRequest,
        on_text: Callable[[str], None],
        cancel: CancelToken | None = None,
        on_event: Callable[[object], None] | None = None,
    ) -> ChatResult:
        """Route and run one reply, streaming text to ``on_text``. Falls back along the
        chain when a provider fails before writing anything."""
        plan = self.plan(request)
        cancel = cancel or CancelToken()
        decision = plan.decision
        attempts = [(decision.provider, decision.model), *decision.fallbacks]
        failed: list[str] = []
        error: AgenticDeskError | None = None
        for index, (provider, model) in enumerate(attempts):
            where = decision.label if index == 0 else self._fallback_label(provider, failed)
            pieces: list[str] = []

            def collect(text: str, pieces: list[str] = pieces) -> None:
                pieces.append(text)
                on_text(text)

            try:
                if provider == LOCAL:
                    info = self._run_local(request, decision, collect, cancel, where, on_event)
                else:
                    info = self._run_cloud(
                        request, decision, provider, model, collect, cancel, where
                    )
            except AgenticDeskError as exc:
                error = exc
                if pieces or cancel.cancelled:  # never switch provider mid-reply
                    return ChatResult("".join(pieces), None, plan, exc)
                failed.append(f"{provider}: {exc.message}")
                continue
            info.failed_attempts = failed
            return ChatResult("".join(pieces), info, plan, None)
        return ChatResult("", None, plan, error)

    def _fallback_label(self, provider: str, failed: list[str]) -> str:
        why = f"fallback after {failed[-1].split(':', 1)[0]} failed"
        return f"Local · {why}" if provider == LOCAL else f"Cloud · {provider} · {why}"

    def _run_local(
        self,
        request: ChatRequest,
        decision: RoutingDecision,
        on_text: Callable[[str], None],
        cancel: CancelToken,
        where: str,
        on_event: Callable[[object], None] | None = None,
    ) -> ReplyInfo:
        if self.engine is None:
            raise AgenticDeskError("No local model is available.", "Choose a local model.")
        params = rule_params(request.params, decision)
        stream: ReplyStream = self.engine.chat(request.messages, params)
        cancel.attach(stream.cancel)
        reply = ReplyConsumer(on_text=on_text, on_event=on_event).consume(stream)
        if reply.error is not None and not reply.text:
            if isinstance(reply.error, AgenticDeskError):
                raise reply.error
            raise AgenticDeskError(str(reply.error), "")
        stats = reply.stats
        info = ReplyInfo(
            where=where,
            provider=LOCAL,
            model=self.engine.loaded.model_path if self.engine.loaded else None,
            execution_provider=stats.provider if stats else None,
            prompt_tokens=stats.prompt_tokens if stats else 0,
            completion_tokens=stats.generated_tokens if stats else 0,
            tokens_per_s=stats.decode_tps if stats else 0.0,
            ttft_ms=stats.ttft_ms if stats else 0.0,
            reused_tokens=stats.reused_tokens if stats else 0,
            cost=0.0,
            stop_reason=str(reply.stop_reason),
        )
        if reply.error is not None and isinstance(reply.error, AgenticDeskError):
            info.stop_reason = StopReason.ERROR
        return info

    def _run_cloud(
        self,
        request: ChatRequest,
        decision: RoutingDecision,
        provider: str,
        model: str | None,
        on_text: Callable[[str], None],
        cancel: CancelToken,
        where: str,
    ) -> ReplyInfo:
        from agentic_desk.core.providers.base import (
            Finished,
            ProviderConfig,
            TextDelta,
            make_provider,
        )

        entry = self.config.provider(provider)
        assert entry is not None
        model = model or entry.model_for(decision.complexity)
        config = ProviderConfig(
            name=provider,
            kind=entry.kind,
            base_url=entry.base_url,
            model=model,
            headers=dict(entry.headers),
            timeout_s=entry.timeout_s,
            max_retries=entry.max_retries,
        )
        key = self.keys(provider, entry.env_var())
        factory = self._factory or make_provider
        client = factory(config, key)
        params = rule_params(request.params, decision)
        started = time.perf_counter()
        stream = client.start(request.messages, params)
        cancel.attach(stream.cancel)
        first: float | None = None
        finished: Any = None
        for event in stream:
            if isinstance(event, TextDelta):
                if first is None:
                    first = time.perf_counter()
                on_text(event.text)
            elif isinstance(event, Finished):
                finished = event
        end = time.perf_counter()
        usage = finished.usage if finished is not None else None
        prompt_tokens = usage.prompt_tokens if usage else estimate_tokens(request.messages)
        completion = usage.completion_tokens if usage else 0
        price = self.prices.price(model)
        cost = price.cost(prompt_tokens, completion) if price else 0.0
        self.ledger.add(cost)
        return ReplyInfo(
            where=where,
            provider=provider,
            model=model,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion,
            tokens_per_s=completion / (end - first) if first and end > first else 0.0,
            ttft_ms=((first or end) - started) * 1000,
            cost=cost,
            cost_known=price is not None,
            stop_reason=finished.stop_reason if finished is not None else "end_of_text",
        )
