"""ChatService: one turn of a conversation, from the user's text to a recorded reply.

detector -> router -> provider (local engine or a cloud provider, with the fallback
chain) -> streamed text -> a reply that records where it ran and why, tokens, speed and
cost. Used by the CLI, the GUI and the local API server alike.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agentic_desk.core.engine.client import LocalEngine
from agentic_desk.core.engine.protocol import ChatMessage, GenerationParams
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.generation import with_overrides
from agentic_desk.core.i18n import N_, t
from agentic_desk.core.privacy.levels import Privacy
from agentic_desk.core.privacy.payload import (
    STOP_SEQUENCES,
    Located,
    Part,
    describe_payload,
    parts_of,
    scan_parts,
)
from agentic_desk.core.providers.config import ProviderConfig
from agentic_desk.core.providers.events import ChatProvider, Finished, TextDelta
from agentic_desk.core.providers.local import LocalProvider
from agentic_desk.core.routing.config import LOCAL, RouterConfig
from agentic_desk.core.routing.costs import PriceTable, SpendLedger
from agentic_desk.core.routing.router import (
    RouteContext,
    RouteRequest,
    RoutingDecision,
    request_privacy,
    route,
)

if TYPE_CHECKING:
    from agentic_desk.core.audit import AuditLog, SendRecord
    from agentic_desk.core.privacy.pseudonymise import Pseudonymised, PseudonymMap
    from agentic_desk.core.providers.http import SentRequest

log = logging.getLogger(__name__)

KeyLookup = Callable[[str, str | None], str | None]  # (provider, env var) -> key
ProviderFactory = Callable[[ProviderConfig, str | None], ChatProvider]  # (config, key)


@dataclass
class ChatRequest:
    messages: Sequence[ChatMessage]
    params: GenerationParams = field(default_factory=GenerationParams)
    privacy: str = Privacy.NORMAL  # the conversation's level (a Privacy value; unknown: refused)
    message_privacy: str | None = None  # this message's own level, if set
    # Each message's own level (a Privacy value or None), index for index with
    # ``messages`` (may be shorter): a message marked high or local-only anywhere in the
    # history keeps the whole request local, because the whole history is sent.
    message_levels: Sequence[str | None] = ()
    complexity: str | None = None
    tags: tuple[str, ...] = ()
    provider: str | None = None
    from_api_client: bool = False  # a program using the local API server, not the user
    conversation_id: str | None = None  # for the record of what left this computer
    # The last message is an assistant reply cut short (Stop, the length limit, a crash):
    # the provider goes on writing it and ``on_text`` gets only the new text.
    continue_reply: bool = False
    # Send to the cloud with personal details replaced (the user's choice for this
    # conversation or run; see core.privacy.pseudonymise). ``pseudonyms``: the
    # conversation's mapping so far (not changed: the plan holds the extended copy).
    pseudonymise: bool = False
    pseudonyms: PseudonymMap | None = None


@dataclass
class Plan:
    decision: RoutingDecision
    # Detector findings anywhere in the payload (every message, the system prompt, the
    # stop sequences), each with where it is (``.where``) and its ``.category``.
    findings: list[Located]
    notice: str  # what the user is told about sensitive data ("" if none)
    # The payload with personal details replaced, when pseudonymised sending may apply
    # (on for the request, or in a routing rule): exactly the messages a cloud provider
    # of this decision is sent when ``decision.pseudonymise``; ``.mapping`` is the
    # conversation's map with any new values added.
    pseudonymised: Pseudonymised | None = None

    @property
    def sends_pseudonymised(self) -> bool:
        """The reply is asked of a cloud provider with personal details replaced."""
        return (
            self.pseudonymised is not None
            and self.decision.pseudonymise
            and not self.decision.is_local
        )


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
    # Sent with personal details replaced: {"placeholders": n sent, "restored": n put
    # back in the reply, "unknown": placeholder names shown marked}; never real values.
    pseudonymised: dict[str, object] | None = None


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


def rule_params(params: GenerationParams, decision: RoutingDecision) -> GenerationParams:
    """The reply settings, with a routing rule's temperature and length applied."""
    return with_overrides(
        params, max_new_tokens=decision.max_tokens, temperature=decision.temperature
    )


def payload_extras(params: GenerationParams) -> list[Part]:
    """What a provider is sent besides the messages that could carry text: the stop
    sequences."""
    stops = [s for s in params.stop if s]
    return [Part(STOP_SEQUENCES, "\n".join(stops))] if stops else []


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
        audit: AuditLog | None = None,
    ) -> None:
        self.engine = engine
        self.audit = audit  # every request sent to a cloud provider is recorded here
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
        """Detector and router only: no network, no model. Safe to call for a preview.

        The detector reads the whole payload a provider would get (every message, the
        system prompt, the stop sequences), not just the newest message: a finding
        anywhere, or a message marked high or local-only anywhere, keeps the request
        local, and the decision says where."""
        # The stricter of the two levels; an unknown one is refused (RoutingError), so
        # the request goes nowhere. The router raises it for marked history messages and
        # sensitive data, in the same one computation (effective_privacy).
        privacy = request_privacy(request.privacy, request.message_privacy)
        if len(request.message_levels) > len(request.messages):
            raise ValueError("message_levels has more entries than messages")
        parts = parts_of(request.messages, payload_extras(request.params))
        found: list[Located] = []
        notice = ""
        if self.detector_enabled:
            scan = scan_parts(parts)
            found = list(scan.found)
            notice = describe_payload(scan)
        marked = tuple(
            (part.where, level)
            for part, level in zip(parts, request.message_levels, strict=False)
            if level is not None
        )
        newest = request.messages[-1].content if request.messages else ""
        pseudonymised: Pseudonymised | None = None
        if request.pseudonymise or any(rule.action.pseudonymise for rule in self.config.rules):
            from agentic_desk.core.privacy.pseudonymise import (
                PseudonymMap,
                pseudonymise_messages,
            )

            mapping = request.pseudonyms.copy() if request.pseudonyms else PseudonymMap()
            pseudonymised = pseudonymise_messages(
                request.messages, mapping, stop=[s for s in request.params.stop if s]
            )
        route_request = RouteRequest(
            privacy=privacy,
            complexity=request.complexity,
            tags=request.tags,
            prompt_tokens=estimate_tokens(request.messages),
            max_new_tokens=request.params.max_new_tokens,
            sensitive=tuple(sorted({f.category for f in found})),
            findings=tuple((f.where, f.category) for f in found),
            marked=marked,
            provider=request.provider,
            text=newest,
            pseudonymise=request.pseudonymise,
            pseudonymised_clean=pseudonymised is not None and pseudonymised.clean,
        )
        cloud_enabled = self.cloud_enabled
        cloud_off_reason = N_("cloud providers are off")
        if request.from_api_client and not self.api_clients_may_use_cloud:
            cloud_enabled = False
            cloud_off_reason = N_("programs using the local API server get the local model only")
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
        plan = Plan(route(self.config, route_request, context), found, notice, pseudonymised)
        if plan.sends_pseudonymised and notice:
            from agentic_desk.core.i18n import t

            # the detector's notice ends with this sentence, in the user's language
            found_words = notice.removesuffix(t("This message stays on this computer.")).rstrip()
            plan.notice = (
                f"{found_words} "
                + t(
                    "It was replaced by placeholders before the request left this "
                    "computer; the reply shows the real values."
                )
            ).strip()
        return plan

    # ---- doing ---------------------------------------------------------------------------

    def send(
        self,
        request: ChatRequest,
        on_text: Callable[[str], None],
        cancel: CancelToken | None = None,
        on_event: Callable[[object], None] | None = None,
    ) -> ChatResult:
        """Route and run one reply, streaming text to ``on_text`` (and what a provider
        notes along the way, such as the local engine's prompt and prefill progress, to
        ``on_event``). Falls back along the chain when a provider fails before writing
        anything."""
        if request.continue_reply and (
            not request.messages or request.messages[-1].role != "assistant"
        ):
            raise ValueError("continue_reply needs the assistant's partial reply last")
        plan = self.plan(request)
        cancel = cancel or CancelToken()
        decision = plan.decision
        attempts = [(decision.provider, decision.model), *decision.fallbacks]
        params = rule_params(request.params, decision)
        failed: list[str] = []
        error: AgenticDeskError | None = None
        for index, (name, model) in enumerate(attempts):
            where = decision.label if index == 0 else self._fallback_label(name, failed)
            pieces: list[str] = []
            # A cloud request of a pseudonymised decision is sent the payload with
            # personal details replaced; its reply is restored here as it streams.
            pseudo = plan.pseudonymised if decision.pseudonymise and name != LOCAL else None
            restorer = None
            if pseudo is not None:
                from agentic_desk.core.privacy.pseudonymise import Restorer

                restorer = Restorer(pseudo.mapping)

            def collect(text: str, pieces: list[str] = pieces, restorer: Any = restorer) -> None:
                shown = restorer.feed(text) if restorer is not None else text
                if shown:
                    pieces.append(shown)
                    on_text(shown)

            try:
                provider = self._provider(name, model, decision)
                if pseudo is not None:  # the boundary refuses a body with a real value
                    provider.pseudonyms = pseudo.mapping  # type: ignore[attr-defined]
                try:
                    info = self._run(
                        provider,
                        pseudo.messages if pseudo is not None else request.messages,
                        params,
                        collect,
                        on_event,
                        cancel,
                        where,
                        conversation_id=request.conversation_id,
                        continue_last=request.continue_reply,
                    )
                finally:
                    provider.close()
                    if restorer is not None:  # what was held back at the end
                        tail = restorer.flush()
                        if tail:
                            pieces.append(tail)
                            on_text(tail)
                if pseudo is not None and restorer is not None:
                    info.pseudonymised = {
                        "placeholders": len(pseudo.used),
                        "restored": restorer.stats.restored,
                        "unknown": list(restorer.stats.unknown),
                    }
            except AgenticDeskError as exc:
                error = exc
                if pieces or cancel.cancelled:  # never switch provider mid-reply
                    return ChatResult("".join(pieces), None, plan, exc)
                failed.append(f"{name}: {exc.message}")
                from agentic_desk.core.providers.errors import SensitiveDataBlocked

                if isinstance(exc, SensitiveDataBlocked):  # no other cloud provider either
                    attempts[index + 1 :] = [a for a in attempts[index + 1 :] if a[0] == LOCAL]
                continue
            info.failed_attempts = failed
            return ChatResult("".join(pieces), info, plan, None)
        return ChatResult("", None, plan, error)

    def _fallback_label(self, provider: str, failed: list[str]) -> str:
        why = t("fallback after {provider} failed", provider=failed[-1].split(":", 1)[0])
        if provider == LOCAL:
            return t("Local · {reason}", reason=why)
        return t("Cloud · {provider} · {reason}", provider=provider, reason=why)

    def _provider(self, name: str, model: str | None, decision: RoutingDecision) -> ChatProvider:
        """The provider routing chose: the local engine, or a configured HTTP provider."""
        if name == LOCAL:
            if self.engine is None:
                raise AgenticDeskError(
                    t("No local model is available."), t("Choose a local model.")
                )
            return LocalProvider(self.engine, name=LOCAL)
        from agentic_desk.core.providers.factory import make_provider  # the HTTP stack

        entry = self.config.provider(name)
        assert entry is not None
        config = ProviderConfig(
            name=name,
            kind=entry.kind,
            base_url=entry.base_url,
            model=model or entry.model_for(decision.complexity),
            headers=dict(entry.headers),
            timeout_s=entry.timeout_s,
            max_retries=entry.max_retries,
        )
        factory = self._factory or make_provider
        return factory(config, self.keys(name, entry.env_var()))

    def _run(
        self,
        provider: ChatProvider,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        on_text: Callable[[str], None],
        on_event: Callable[[object], None] | None,
        cancel: CancelToken,
        where: str,
        *,
        conversation_id: str | None = None,
        continue_last: bool = False,
    ) -> ReplyInfo:
        """One reply from one provider. Raises the provider's typed error when it fails
        (a cancelled reply is not a failure: it finishes with stop reason "cancelled").
        Every request a cloud provider sends is recorded in :attr:`audit` when it ends."""
        started = time.perf_counter()
        sent: list[tuple[SendRecord, Path | None]] = []  # each request that left, noted
        if self.audit is not None and getattr(provider, "on_request_sent", False) is None:
            audit, name = self.audit, provider.name

            def note(request: SentRequest) -> None:
                sent.append(_note_sent(audit, name, request, messages, where, conversation_id))

            provider.on_request_sent = note  # type: ignore[attr-defined]
        stream = (
            provider.start(messages, params, continue_last=True)
            if continue_last
            else provider.start(messages, params)
        )
        cancel.attach(stream.cancel)
        first: float | None = None
        finished: Finished | None = None
        try:
            for event in stream:
                if isinstance(event, TextDelta):
                    if first is None:
                        first = time.perf_counter()
                    on_text(event.text)
                elif isinstance(event, Finished):
                    finished = event
                elif on_event is not None:
                    on_event(event.detail)
        except BaseException as exc:
            self._record(sent, None, exc)
            raise
        self._record(sent, finished, None)
        end = time.perf_counter()
        model = provider.model
        usage = finished.usage if finished is not None else None
        prompt_tokens = usage.prompt_tokens if usage else estimate_tokens(messages)
        completion = usage.completion_tokens if usage else 0
        # What the local engine measured itself beats what this side can see.
        local = finished.local if finished is not None else None
        if local is not None:
            tokens_per_s, ttft_ms = local.decode_tps, local.ttft_ms
        else:
            tokens_per_s = completion / (end - first) if first and end > first else 0.0
            ttft_ms = ((first or end) - started) * 1000
        price = self.prices.price(model) if provider.billed and model else None
        cost = price.cost(prompt_tokens, completion) if price else 0.0
        if provider.billed:
            self.ledger.add(cost)
        return ReplyInfo(
            where=where,
            provider=provider.name,
            model=model,
            execution_provider=local.execution_provider if local else None,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion,
            tokens_per_s=tokens_per_s,
            ttft_ms=ttft_ms,
            reused_tokens=local.reused_tokens if local else 0,
            cost=cost,
            cost_known=price is not None or not provider.billed,
            stop_reason=finished.stop_reason if finished is not None else "end_of_text",
        )

    def _record(
        self,
        sent: Sequence[tuple[SendRecord, Path | None]],
        finished: Finished | None,
        error: BaseException | None,
    ) -> None:
        """Append one entry per request that left (earlier ones were sent again:
        "retried"; the last one has the reply's outcome and reported tokens)."""
        if self.audit is None or not sent:
            return
        from agentic_desk.core.audit import outcome_of

        usage = finished.usage if finished is not None else None
        cancelled = finished is not None and finished.stop_reason == "cancelled"
        for index, (noted, pending) in enumerate(sent):
            record = noted
            if index < len(sent) - 1:
                record = replace(noted, outcome="retried")
            else:
                record = replace(noted, outcome=outcome_of(error, cancelled=cancelled))
                if usage is not None and usage.prompt_tokens > 0:
                    record = replace(record, tokens=usage.prompt_tokens, tokens_reported=True)
            try:
                self.audit.append(record, pending=pending)
            except Exception:  # the reply went through; say the record could not be kept
                log.exception("could not add a request to the record of what left")


def _note_sent(
    audit: AuditLog,
    provider: str,
    request: SentRequest,
    messages: Sequence[ChatMessage],
    reason: str,
    conversation_id: str | None,
) -> tuple[SendRecord, Path | None]:
    """What the record will say about ``request`` (no message text), noted durably as
    it leaves: if this process dies before the reply ends, the next writer records it
    as "interrupted"."""
    from agentic_desk.core.audit import SendRecord, body_sha256, utc_now

    record = SendRecord(
        provider=provider,
        model=request.model,
        host=request.host,
        reason=reason,
        chars=sum(len(m.content) for m in messages),
        tokens=estimate_tokens(messages),
        tokens_reported=False,
        body_bytes=len(request.body),
        body_sha256=body_sha256(request.body),
        outcome="interrupted",
        conversation_id=conversation_id,
        time=utc_now(),
    )
    try:
        return record, audit.begin(record)
    except Exception:  # recorded when the reply ends all the same
        log.exception("could not note a request in the record of what left")
        return record, None
