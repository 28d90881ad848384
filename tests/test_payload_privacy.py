"""What is decided is what is sent (issue 13): the detector reads the whole outgoing
payload, the router names where it found what, the HTTP providers check the exact body
once more before it leaves, and the local API server follows the same rule.

Everything runs for real: ChatService against loopback OpenAI/Anthropic servers and a
tiny local model in its worker process.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tiny_models as tm
from agentic_desk.core.chat import ChatRequest, ChatService
from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine
from agentic_desk.core.privacy.detector import detect
from agentic_desk.core.privacy.levels import PRIVACY_LEVELS, Privacy
from agentic_desk.core.privacy.payload import (
    clear_cache,
    describe_payload,
    detect_cached,
    parts_of,
    scan_parts,
)
from agentic_desk.core.providers.anthropic import AnthropicProvider
from agentic_desk.core.providers.config import ProviderConfig
from agentic_desk.core.providers.errors import SensitiveDataBlocked
from agentic_desk.core.providers.factory import make_provider
from agentic_desk.core.providers.openai_compat import OpenAICompatProvider
from agentic_desk.core.routing.config import (
    Action,
    Budgets,
    Condition,
    ProviderEntry,
    RouterConfig,
    Rule,
)
from agentic_desk.core.routing.costs import PriceTable, SpendLedger
from agentic_desk.core.routing.schema import MODES
from agentic_desk.core.settings import apply_changes
from payload_helpers import (
    AN_KEY,
    OA_KEY,
    entries,
    keys,
    leaks,
    sensitive_pool,
)
from provider_servers import AnthropicServer, OpenAIServer, ProviderServer, RequestRecord
from server_helpers import TOKEN, serve

NHS = "943 476 5919"  # a valid NHS number (mod 11)
SSN = "078-05-1120"
CARD = "4111 1111 1111 1111"


@pytest.fixture
def engine(scripted_model: Path) -> Iterator[LocalEngine]:
    """The scripted model, loaded (this module's local model)."""
    with LocalEngine(stream_interval_ms=0) as eng:
        eng.load(scripted_model)
        yield eng


def service(
    engine: LocalEngine | None,
    oa: OpenAIServer,
    ledger: Path,
    an: AnthropicServer | None = None,
    **config: Any,
) -> ChatService:
    base: dict[str, Any] = {
        "default_provider": "oa",
        "fallback_chain": ("local",),
        "providers": entries(oa, an),
    }
    base.update(config)
    return ChatService(
        engine=engine,
        router_config=RouterConfig(**base),
        cloud_enabled=True,
        keys=keys,
        prices=PriceTable(),
        ledger=SpendLedger(ledger),
        assume_local_model=engine is None,
    )


def send(svc: ChatService, messages: list[ChatMessage], **kw: Any) -> Any:
    pieces: list[str] = []
    request = ChatRequest(messages, GenerationParams(temperature=0), **kw)
    result = svc.send(request, pieces.append)
    assert "".join(pieces) == result.text
    return result


def received(server: ProviderServer, since: int = 0) -> list[RequestRecord]:
    return server.requests[since:]


# ---- the payload, its places and the notice --------------------------------------------------


def test_every_part_of_the_payload_is_named_and_scanned() -> None:
    messages = [
        ChatMessage("system", "Reply to ops@example.com only."),
        ChatMessage("user", f"My NHS number is {NHS}."),
        ChatMessage("assistant", "Noted."),
        ChatMessage("user", "Thanks, now make it shorter."),
    ]
    parts = parts_of(messages)
    assert [p.where for p in parts] == [
        "the system prompt",
        "turn 1",
        "the reply in turn 1",
        "this message",
    ]
    scan = scan_parts(parts)
    assert [(f.where, f.category) for f in scan.found] == [
        ("the system prompt", "email"),
        ("turn 1", "medical_record"),
    ]
    notice = describe_payload(scan)
    assert notice == (
        "Found 2 kinds of sensitive data in this conversation: an e-mail address (the "
        "system prompt, line 1) and a medical record number (turn 1, line 1). This message "
        "stays on this computer."
    )
    assert NHS not in notice and "ops@example.com" not in notice


def test_findings_only_in_the_newest_message_keep_the_detectors_own_words() -> None:
    from agentic_desk.core.privacy.detector import describe

    text = f"Charge card {CARD} please."
    scan = scan_parts(parts_of([ChatMessage("user", "Hello"), ChatMessage("user", text)]))
    assert describe_payload(scan) == describe(detect(text), text)


def test_the_cache_returns_what_the_detector_finds_and_is_keyed_by_options() -> None:
    from agentic_desk.core.privacy.detector import DetectorOptions

    clear_cache()
    text = f"card {CARD}, mail a@example.com"
    assert list(detect_cached(text)) == detect(text)
    assert detect_cached(text) is detect_cached(text)  # the second one came from the cache
    only_email = DetectorOptions(frozenset({"email"}))
    assert [f.category for f in detect_cached(text, only_email)] == ["email"]
    assert detect_cached("") == ()


def test_the_router_names_the_places_and_counts_their_categories_as_sensitive() -> None:
    from agentic_desk.core.routing.router import RouteContext, RouteRequest, route

    cfg = RouterConfig(
        default_provider="oa",
        providers={"oa": ProviderEntry("oa", "openai", "https://x.example/v1", "m")},
        rules=(Rule(Condition(sensitive=True), Action("local"), "sensitive stays"),),
    )
    ctx = RouteContext(cloud_enabled=True, configured=lambda _n: True)
    places = tuple((f"turn {n}", "iban") for n in range(1, 6))
    decision = route(cfg, RouteRequest(findings=places), ctx)
    assert decision.is_local and decision.rule_index == 1  # the rule saw the findings
    assert decision.privacy is Privacy.HIGH
    assert "turn 1: an IBAN; turn 2: an IBAN; turn 3: an IBAN; and 2 more places" in " ".join(
        decision.refused
    )
    marked = route(cfg, RouteRequest(marked=(("turn 2", "high"),)), ctx)
    assert marked.is_local and marked.privacy is Privacy.HIGH
    assert route(cfg, RouteRequest(marked=(("turn 2", "low"),)), ctx).provider == "oa"


def test_a_blocked_request_error_survives_pickling_and_names_no_value() -> None:
    import pickle

    error = SensitiveDataBlocked("OpenAI", ("payment_card", "secret"))
    again = pickle.loads(pickle.dumps(error))
    assert (again.message, again.hint, again.categories) == (
        error.message,
        error.hint,
        error.categories,
    )
    assert error.message == (
        "Nothing was sent to OpenAI: the request held sensitive data (a payment card "
        "number, an API key or secret)."
    )


# ---- the bug: ChatService ----------------------------------------------------------------------


def test_an_nhs_number_in_turn_1_keeps_turn_2_local_and_the_reason_names_turn_1(
    engine: LocalEngine, openai: OpenAIServer, tmp_path: Path
) -> None:
    svc = service(engine, openai, tmp_path / "spend.json")
    first = [ChatMessage("user", f"Patient NHS number {NHS}: draft a referral letter.")]
    result = send(svc, first)
    assert result.info.provider == "local" and result.text == tm.SENTENCE
    second = [
        *first,
        ChatMessage("assistant", f"Referral letter for NHS number {NHS} ..."),
        ChatMessage("user", "Thanks, now make it shorter."),
    ]
    result = send(svc, second)
    assert result.info.provider == "local"
    assert result.info.where == (
        "Local · privacy high (sensitive data found in turn 1: a medical record number; "
        "the reply in turn 1: a medical record number) keeps this message on this computer"
    )
    assert "turn 1, line 1" in result.plan.notice
    assert {f.where for f in result.plan.findings} == {"turn 1", "the reply in turn 1"}
    assert received(openai) == []  # not one byte


def test_control_the_same_conversation_without_sensitive_data_goes_to_the_cloud(
    engine: LocalEngine, openai: OpenAIServer, tmp_path: Path
) -> None:
    svc = service(engine, openai, tmp_path / "spend.json")
    messages = [
        ChatMessage("user", "Draft a referral letter for my patient."),
        ChatMessage("assistant", "Referral letter ..."),
        ChatMessage("user", "Thanks, now make it shorter."),
    ]
    result = send(svc, messages)
    assert result.info.where == "Cloud · oa · default provider"
    [request] = received(openai)
    assert [m["content"] for m in request.body["messages"]] == [m.content for m in messages]


def test_sensitive_data_in_the_system_prompt_or_a_stop_sequence_keeps_it_local(
    openai: OpenAIServer, tmp_path: Path
) -> None:
    svc = service(None, openai, tmp_path / "spend.json")
    system = [ChatMessage("system", f"The user's SSN is {SSN}."), ChatMessage("user", "Hi")]
    plan = svc.plan(ChatRequest(system))
    assert plan.decision.is_local
    assert "the system prompt: a national ID number" in plan.decision.reason
    stops = GenerationParams(stop=(f"card {CARD}",))
    plan = svc.plan(ChatRequest([ChatMessage("user", "Hi")], stops))
    assert plan.decision.is_local
    assert "the stop sequences: a payment card number" in plan.decision.reason


def test_a_message_marked_local_only_anywhere_in_the_history_keeps_the_request_local(
    openai: OpenAIServer, tmp_path: Path
) -> None:
    svc = service(None, openai, tmp_path / "spend.json")
    messages = [
        ChatMessage("system", "Be brief."),
        ChatMessage("user", "About my divorce."),
        ChatMessage("assistant", "I see."),
        ChatMessage("user", "Now the weather."),
    ]
    plan = svc.plan(ChatRequest(messages, message_levels=[None, "local_only", None, None]))
    assert plan.decision.is_local and plan.decision.privacy is Privacy.LOCAL_ONLY
    assert plan.decision.reason == (
        "privacy local-only (turn 1 is marked local-only) keeps this message on this computer"
    )
    assert all(p == "local" for p, _ in plan.decision.fallbacks)
    # a level that is not known is refused, wherever it is
    with pytest.raises(Exception, match="not a privacy level"):
        svc.plan(ChatRequest(messages, message_levels=[None, "secretish"]))
    # and a lower level in the history does not lower the conversation's
    plan = svc.plan(ChatRequest(messages, privacy="high", message_levels=[None, "low"]))
    assert plan.decision.privacy is Privacy.HIGH
    # control: unmarked, the same request goes to the cloud
    assert not svc.plan(ChatRequest(messages)).decision.is_local


# ---- the last check at the HTTP boundary -------------------------------------------------------


def _openai_provider(server: OpenAIServer, **kw: Any) -> OpenAICompatProvider:
    config = ProviderConfig("oa", "openai", server.base_url, "gpt-4o-mini", max_retries=0)
    return OpenAICompatProvider(config, OA_KEY, **kw)


def _anthropic_provider(server: AnthropicServer, **kw: Any) -> AnthropicProvider:
    config = ProviderConfig("an", "anthropic", server.base_url, "claude-test", max_retries=0)
    return AnthropicProvider(config, AN_KEY, **kw)


def test_the_boundary_check_refuses_a_card_number_when_routing_is_bypassed(
    openai: OpenAIServer, anthropic: AnthropicServer
) -> None:
    params = GenerationParams(max_new_tokens=8)
    messages = [ChatMessage("user", "Hello"), ChatMessage("user", f"Charge {CARD} today.")]
    for provider, server in (
        (_openai_provider(openai), openai),
        (_anthropic_provider(anthropic), anthropic),
    ):
        with provider, pytest.raises(SensitiveDataBlocked) as blocked:
            list(provider.start(messages, params))
        assert received(server) == []  # nothing was sent
        assert blocked.value.message.startswith("Nothing was sent to ")
        assert "a payment card number" in blocked.value.message
        assert CARD not in blocked.value.message + blocked.value.hint
    # Anthropic's system field is checked too
    with _anthropic_provider(anthropic) as provider, pytest.raises(SensitiveDataBlocked):
        list(
            provider.start([ChatMessage("system", f"SSN {SSN}"), ChatMessage("user", "Hi")], params)
        )
    assert received(anthropic) == []
    # the factory (what the app uses) builds providers with the check on
    config = ProviderConfig("oa", "openai", openai.base_url, "gpt-4o-mini", max_retries=0)
    with make_provider(config, OA_KEY) as made, pytest.raises(SensitiveDataBlocked):
        list(made.start(messages, params))
    assert received(openai) == []


def test_control_without_the_check_the_same_request_does_reach_the_server(
    openai: OpenAIServer,
) -> None:
    messages = [ChatMessage("user", f"Charge {CARD} today.")]
    with _openai_provider(openai, unsafe_skip_sensitive_data_check=True) as provider:
        events = list(provider.start(messages, GenerationParams(max_new_tokens=8)))
    assert events[-1].stop_reason == "end_of_text"  # type: ignore[union-attr]
    [request] = received(openai)
    assert CARD.encode() in request.raw


def test_no_app_code_switches_the_boundary_check_off() -> None:
    src = Path(__file__).resolve().parents[1] / "src"
    users = [
        path.relative_to(src).as_posix()
        for path in src.rglob("*.py")
        if "unsafe_skip_sensitive_data_check" in path.read_text("utf-8")
    ]
    assert users == ["agentic_desk/core/providers/http.py"]


def test_when_the_plan_misses_it_the_boundary_check_still_stops_it_and_the_reply_is_local(
    engine: LocalEngine, openai: OpenAIServer, anthropic: AnthropicServer, tmp_path: Path
) -> None:
    svc = service(
        engine, openai, tmp_path / "spend.json", anthropic, fallback_chain=("an", "local")
    )
    svc.detector_enabled = False  # the plan sees nothing...
    result = send(svc, [ChatMessage("user", f"Charge {CARD} today.")])
    assert result.plan.decision.provider == "oa"  # ...and routes it to the cloud
    assert result.info.provider == "local" and result.text == tm.SENTENCE
    assert result.info.failed_attempts[0].startswith("oa: Nothing was sent to oa")
    assert received(openai) == [] and received(anthropic) == []


# ---- the local API server ------------------------------------------------------------------


def test_api_server_keeps_a_request_local_when_an_earlier_turn_holds_an_ssn(
    scripted_model: Path, openai: OpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OA_KEY", OA_KEY)
    changes = {"cloud.enabled": True, "cloud.api_clients_may_use_cloud": True}
    with serve(scripted_model, changes=changes) as (server, _engine, _recorder):
        server.context.save_router(
            RouterConfig(
                default_provider="oa", fallback_chain=("local",), providers=entries(openai)
            )
        )
        server.context.settings = apply_changes(server.context.settings, changes)

        def ask(messages: list[dict[str, str]]) -> httpx.Response:
            return httpx.post(
                f"{server.url}/v1/chat/completions",
                json={"model": "auto", "messages": messages},
                headers={"Authorization": f"Bearer {TOKEN}"},
                timeout=60,
            )

        history = [
            {"role": "system", "content": "You are a tax assistant."},
            {"role": "user", "content": f"My SSN is {SSN}; fill in the form."},
            {"role": "assistant", "content": "Done."},
            {"role": "user", "content": "Thanks, now make it shorter."},
        ]
        reply = ask(history)
        assert reply.json()["choices"][0]["message"]["content"] == tm.SENTENCE
        route = reply.headers["x-agentic-desk-route"]
        assert route.startswith("Local - privacy high (sensitive data found in turn 1")
        assert "turn 1, line 1" in reply.headers["x-agentic-desk-privacy"]
        assert received(openai) == []
        # control: the same conversation without the SSN goes to the cloud, whole
        clean = [dict(m, content=m["content"].replace(f"My SSN is {SSN}; ", "")) for m in history]
        reply = ask(clean)
        assert reply.json()["choices"][0]["message"]["content"] == "Hello, world!"
        [request] = received(openai)
        assert request.body["messages"] == clean
        # Anthropic's format: the system prompt is part of what is checked
        reply = httpx.post(
            f"{server.url}/v1/messages",
            json={
                "model": "auto",
                "max_tokens": 256,
                "system": f"The customer's SSN is {SSN}.",
                "messages": [{"role": "user", "content": "Write a short greeting."}],
            },
            headers={"x-api-key": TOKEN},
            timeout=60,
        )
        assert reply.json()["content"][0]["text"] == tm.SENTENCE
        assert "the system prompt: a national ID number" in reply.headers["x-agentic-desk-route"]
        assert len(received(openai)) == 1


# ---- the CLI: route explain over a whole conversation --------------------------------------


def test_route_explain_names_where_the_findings_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from agentic_desk.cli import main
    from agentic_desk.core.conversations import ConversationStore
    from agentic_desk.core.paths import AppPaths

    convo = tmp_path / "convo.json"
    convo.write_text(
        json.dumps(
            [
                {"role": "user", "content": f"My NHS number is {NHS}."},
                {"role": "assistant", "content": "Noted."},
                {"role": "user", "content": "Thanks, now make it shorter."},
            ]
        )
    )
    assert main(["route", "explain", "--messages", str(convo)]) == 0
    out = capsys.readouterr().out
    assert "a medical record number (turn 1, line 1)" in out
    assert "Local · privacy high (sensitive data found in turn 1: a medical record number)" in out
    assert NHS not in out
    # the app ships a names model, so nothing is said about what the detector cannot see
    assert "No names model is installed." not in out

    store = ConversationStore(AppPaths.from_env().conversations_db)
    try:
        conv = store.create_conversation(system_prompt="Be brief.")
        store.add_user_message(conv.id, "About the divorce.", privacy="local_only")
        store.add_user_message(conv.id, "Card 4111 1111 1111 1111 is mine.")
    finally:
        store.close()
    assert main(["route", "explain", "And the weather?", "--conversation", conv.id]) == 0
    out = capsys.readouterr().out
    assert (
        "Local · privacy local-only (turn 1 is marked local-only; sensitive data found in "
        "turn 2: a payment card number)"
    ) in out
    assert main(["route", "explain", "--conversation", "nope"]) != 0


# ---- the property: no generated sensitive value ever reaches a cloud server -----------------

FILLER = (
    "please",
    "summarise",
    "the",
    "meeting",
    "notes",
    "and",
    "keep",
    "the",
    "tone",
    "friendly",
    "while",
    "listing",
    "open",
    "questions",
    "about",
    "the",
    "schedule",
    "budget",
    "design",
    "review",
    "next",
    "steps",
    "for",
    "team",
)  # no digits: no value by chance


words = st.lists(st.sampled_from(FILLER), min_size=1, max_size=12).map(" ".join)


@st.composite
def conversations(draw: st.DrawFn) -> dict[str, Any]:
    """A system prompt (or none), 1-4 turns of filler paragraphs; in about half of them,
    1-3 sensitive documents placed in random messages (user turns, replies, the system
    prompt) at random paragraph positions."""
    roles: list[str] = ["system"] if draw(st.booleans()) else []
    turns = draw(st.integers(1, 4))
    for turn in range(turns):
        roles += ["user", "assistant"] if turn < turns - 1 else ["user"]
    paragraphs = [draw(st.lists(words, min_size=1, max_size=3)) for _ in roles]
    values: list[str] = []
    if draw(st.booleans()):
        for _ in range(draw(st.integers(1, 3))):
            text, found = draw(st.sampled_from(sensitive_pool()))
            where = paragraphs[draw(st.integers(0, len(roles) - 1))]
            where.insert(draw(st.integers(0, len(where))), text)
            values += found
    messages = [ChatMessage(r, "\n\n".join(p)) for r, p in zip(roles, paragraphs, strict=True)]
    # mostly unmarked messages; now and then one marked (high or local-only among them)
    levels = st.one_of(*[st.none()] * 5, st.sampled_from(PRIVACY_LEVELS))
    return {
        "messages": messages,
        "values": values,
        "privacy": draw(st.sampled_from(["low", "normal", "normal", "normal", "high"])),
        "message_privacy": draw(st.none() | st.sampled_from(["low", "normal"])),
        "message_levels": draw(st.lists(levels, max_size=len(messages))),
        "complexity": draw(st.none() | st.sampled_from(["low", "medium", "high"])),
        "provider": draw(st.none() | st.sampled_from(["oa", "an"])),
    }


names = st.sampled_from(["oa", "an", "local"])
rules = st.builds(
    Rule,
    st.builds(
        Condition,
        privacy=st.none() | st.lists(st.sampled_from(PRIVACY_LEVELS), min_size=1).map(tuple),
        complexity=st.none() | st.lists(st.sampled_from(["low", "high"]), min_size=1).map(tuple),
        sensitive=st.none() | st.booleans(),
        budget=st.none() | st.sampled_from(["ok", "exceeded"]),
    ),
    st.builds(Action, names),
)
routing = st.fixed_dictionaries(
    {
        "default_provider": names,
        "fallback_chain": st.lists(names, max_size=3, unique=True).map(tuple),
        "mode": st.sampled_from([m for m in MODES if m != "privacy-first"]),
        "rules": st.lists(rules, max_size=4).map(tuple),
        "budgets": st.builds(
            Budgets, st.none() | st.sampled_from([0.0, 1.0]), st.none() | st.just(100.0)
        ),
    }
)


def test_no_generated_sensitive_value_ever_reaches_a_cloud_server(
    engine: LocalEngine,
    openai: OpenAIServer,
    anthropic: AnthropicServer,
    tmp_path: Path,
) -> None:
    stats: Counter[str] = Counter()
    sensitive_pool()  # built once, before the examples run

    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        derandomize=True,  # the same examples on every run (CI), nothing written to disk
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(convo=conversations(), config=routing, cloud=st.sampled_from([True, True, True, False]))
    def run(convo: dict[str, Any], config: dict[str, Any], cloud: bool) -> None:
        stats["examples"] += 1
        svc = service(engine, openai, tmp_path / f"spend-{stats['examples']}.json", anthropic)
        svc.config = RouterConfig(providers=entries(openai, anthropic), **config)
        svc.cloud_enabled = cloud
        seen = (len(openai.requests), len(anthropic.requests))
        request = ChatRequest(
            convo["messages"],
            GenerationParams(temperature=0, max_new_tokens=16),
            privacy=convo["privacy"],
            message_privacy=convo["message_privacy"],
            message_levels=convo["message_levels"],
            complexity=convo["complexity"],
            provider=convo["provider"],
        )
        result = svc.send(request, lambda _text: None)
        records = received(openai, seen[0]) + received(anthropic, seen[1])
        assert leaks(convo["values"], records) == []
        marked = [lv for lv in convo["message_levels"] if lv in ("high", "local_only")]
        if convo["values"] or marked or convo["privacy"] == "high":
            assert records == []  # nothing at all left, not just no sensitive value
            assert result.plan.decision.is_local
            stats["kept local"] += 1
        if convo["values"]:
            stats["sensitive"] += 1
            assert result.plan.findings
        if records:
            stats["reached the cloud"] += 1

    run()
    # the property was exercised both ways: sensitive conversations, and the cloud in use
    assert stats["sensitive"] >= 10, stats
    assert stats["reached the cloud"] >= 5, stats
    assert stats["kept local"] >= 10, stats
