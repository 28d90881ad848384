"""Pseudonymised sending (issue 18): personal details replaced by placeholders before a
request leaves, restored in the reply while it streams, the mapping kept with the
conversation, and the privacy invariant intact.

Real parts: ChatService and ChatTurn against loopback OpenAI and Anthropic servers
(``provider_servers``), a real conversation store (also encrypted), the real audit
record, the real detector.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentic_desk.core.audit import AuditLog
from agentic_desk.core.chat import ChatRequest, ChatService
from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.conversations.pseudonyms import Pseudonyms
from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine
from agentic_desk.core.privacy.pseudonymise import (
    MARK_CLOSE,
    MARK_OPEN,
    Pseudonym,
    PseudonymMap,
    Restorer,
    pseudonymise_messages,
    pseudonymise_text,
    restore_text,
)
from agentic_desk.core.privacy.scanning import Finding
from agentic_desk.core.providers.config import ProviderConfig
from agentic_desk.core.providers.errors import SensitiveDataBlocked
from agentic_desk.core.providers.openai_compat import OpenAICompatProvider
from agentic_desk.core.routing.config import Action, Condition, ProviderEntry, RouterConfig, Rule
from agentic_desk.core.routing.costs import PriceTable, SpendLedger
from agentic_desk.core.routing.router import RouteContext, RouteRequest, route
from agentic_desk.core.turn import ChatTurn, Send, TurnSpec
from payload_helpers import (
    OA_KEY,
    entries,
    keys,
    leaks,
    sensitive_pool,
)
from provider_servers import AnthropicServer, OpenAIServer, Reply, RequestRecord

EMAIL = "jane.doe@example.org"
NHS = "943 476 5919"  # a valid NHS number (mod 11)
PERSON = "Ada Lovelace"


@pytest.fixture
def engine(scripted_model: Path) -> Iterator[LocalEngine]:
    """The scripted model, loaded (this module's local model)."""
    with LocalEngine(stream_interval_ms=0) as eng:
        eng.load(scripted_model)
        yield eng


def make_service(
    engine: LocalEngine | None,
    oa: OpenAIServer,
    tmp: Path,
    an: AnthropicServer | None = None,
    *,
    audit: AuditLog | None = None,
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
        ledger=SpendLedger(tmp / "spend.json"),
        assume_local_model=engine is None,
        audit=audit,
    )


def sent_messages(record: RequestRecord) -> list[tuple[str, str]]:
    """(role, text) of every message in an OpenAI or Anthropic request body."""
    body = record.body
    out: list[tuple[str, str]] = []
    system = body.get("system")
    if isinstance(system, str):
        out.append(("system", system))
    elif isinstance(system, list):
        out.append(("system", "".join(block["text"] for block in system)))
    for message in body["messages"]:
        content = message["content"]
        if isinstance(content, list):
            content = "".join(block.get("text", "") for block in content)
        out.append((message["role"], content))
    return out


# ---- the pseudonymiser ------------------------------------------------------------------------


def test_each_finding_gets_a_placeholder_of_its_kind_and_variants_share_one() -> None:
    mapping = PseudonymMap()
    result = pseudonymise_messages(
        [
            ChatMessage("system", f"Write to {EMAIL} about the patient."),
            ChatMessage("user", f"NHS number {NHS}; e-mail {EMAIL.upper()}"),
            ChatMessage("assistant", "Noted."),
            ChatMessage("user", "Her NHS number is 9434765919, e-mail bob@example.net."),
        ],
        mapping,
    )
    texts = [m.content for m in result.messages]
    assert texts[0] == "Write to [EMAIL_1] about the patient."
    assert texts[1] == "NHS number [NHS_NUMBER_1]; e-mail [EMAIL_1]"
    assert texts[3] == "Her NHS number is [NHS_NUMBER_1], e-mail [EMAIL_2]."
    assert result.clean and result.used == ("[EMAIL_1]", "[NHS_NUMBER_1]", "[EMAIL_2]")
    assert mapping.get("EMAIL_1") == Pseudonym("EMAIL_1", "EMAIL", "email", EMAIL)


def test_the_same_map_gives_the_same_placeholders_in_later_turns_and_after_a_round_trip() -> None:
    mapping = PseudonymMap()
    pseudonymise_messages([ChatMessage("user", f"{EMAIL} and bob@example.net")], mapping)
    again = PseudonymMap.from_json(mapping.to_json())
    later = pseudonymise_messages(
        [ChatMessage("user", f"Only bob@example.net, then carol@example.com, then {EMAIL}")],
        again,
    )
    assert later.messages[0].content == "Only [EMAIL_2], then [EMAIL_3], then [EMAIL_1]"


def test_a_value_known_from_the_map_is_replaced_where_the_detector_does_not_see_it() -> None:
    mapping = PseudonymMap([Pseudonym("PERSON_1", "PERSON", "person", PERSON)])
    text, unsure = pseudonymise_text(f"Dear {PERSON.lower()}, thanks.", (), mapping)
    assert (text, unsure) == ("Dear [PERSON_1], thanks.", 0)
    assert pseudonymise_text("Adam Lovelaces", (), mapping)[0] == "Adam Lovelaces"


@dataclass(frozen=True)
class ScoredFinding(Finding):
    confidence: float = 1.0


def test_a_finding_without_confidence_makes_the_payload_not_clean() -> None:
    text = "Meet Alex at noon"
    unsure = ScoredFinding("person", 5, 9, "Alex", confidence=0.4)
    sure = ScoredFinding("person", 5, 9, "Alex", confidence=0.95)
    assert pseudonymise_text(text, [unsure], PseudonymMap()) == ("Meet [PERSON_1] at noon", 1)
    assert pseudonymise_text(text, [sure], PseudonymMap()) == ("Meet [PERSON_1] at noon", 0)


def test_a_map_in_a_form_this_version_does_not_know_is_refused() -> None:
    for bad in ('{"version": 9, "entries": []}', '{"version": 1, "entries": [{"name": "x"}]}'):
        with pytest.raises(ValueError):
            PseudonymMap.from_json(bad)


# ---- the restorer ----------------------------------------------------------------------------

MAP = PseudonymMap(
    [
        Pseudonym("PERSON_1", "PERSON", "person", PERSON),
        Pseudonym("EMAIL_1", "EMAIL", "email", EMAIL),
        Pseudonym("NHS_NUMBER_1", "NHS_NUMBER", "medical_record", NHS),
        Pseudonym("PERSON_12", "PERSON", "person", "Grace Hopper"),
    ]
)

VARIANTS = [
    ("[PERSON_1]", PERSON),
    ("[person_1]", PERSON),
    ("[ PERSON_1 ]", PERSON),
    ("[Person 1]", PERSON),
    ("PERSON_1", PERSON),
    ("PERSON\\_1", PERSON),
    ("\\[PERSON\\_1\\]", PERSON),
    ("**[PERSON_1]**", f"**{PERSON}**"),
    ("*PERSON_1*", f"*{PERSON}*"),
    ("`[EMAIL_1]`", f"`{EMAIL}`"),
    ("[nhs number_1]", NHS),
    ("[NHS_NUMBER_1].", f"{NHS}."),
    ("[PERSON_12]", "Grace Hopper"),
    ("PERSON_12,", "Grace Hopper,"),
]


@pytest.mark.parametrize(("written", "restored"), VARIANTS)
def test_case_spacing_escapes_and_markdown_around_a_placeholder_are_restored(
    written: str, restored: str
) -> None:
    reply = f"Dear {written} — see you soon."
    expected = f"Dear {restored} — see you soon."
    assert restore_text(reply, MAP) == expected
    # and at every split into two stream chunks, and one character at a time
    for cut in range(len(reply) + 1):
        restorer = Restorer(MAP)
        assert restorer.feed(reply[:cut]) + restorer.feed(reply[cut:]) + restorer.flush() == (
            expected
        ), cut
    restorer = Restorer(MAP)
    assert "".join(restorer.feed(ch) for ch in reply) + restorer.flush() == expected


def test_invented_or_mangled_placeholders_are_marked_never_guessed() -> None:
    reply = "To [PERSON_9], PERSON_7 and [PERSN_1] about [EMAIL_2]; [Step 1], MAX_SIZE_2, [1]."
    restorer = Restorer(MAP)
    out = "".join(restorer.feed(ch) for ch in reply) + restorer.flush()
    m = f"{MARK_OPEN}{{}}{MARK_CLOSE}"
    assert out == (
        f"To {m.format('PERSON_9')}, {m.format('PERSON_7')} and {m.format('PERSN_1')} about "
        f"{m.format('EMAIL_2')}; [Step 1], MAX_SIZE_2, [1]."
    )
    assert restorer.stats.unknown == ["PERSON_9", "PERSON_7", "PERSN_1", "EMAIL_2"]
    assert restorer.stats.restored == 0


def test_text_that_cannot_start_a_placeholder_is_never_held_back() -> None:
    restorer = Restorer(MAP)
    for chunk in ("Hello world", ", Paris is", " lovely. ", "see [the note]", " (1) ", "done!"):
        assert restorer.feed(chunk) == chunk
    # only what could still be a placeholder's start waits for the next chunk
    assert restorer.feed("Dear [PERS") == "Dear "
    assert restorer.feed("ON_1] and P") == f"{PERSON} and "
    assert restorer.feed("aris") == "Paris"
    assert restorer.feed("EMAIL_1") == ""  # could become EMAIL_12
    assert restorer.feed(" ok") == f"{EMAIL} ok"
    assert restorer.flush() == ""


@given(
    st.lists(
        st.sampled_from([w for w, _ in VARIANTS] + ["plain words ", "[", "P", "\\", " ", "_1"]),
        max_size=12,
    ),
    st.randoms(use_true_random=False),
)
@settings(max_examples=300, deadline=None, database=None, derandomize=True)
def test_streaming_restores_exactly_what_restoring_the_whole_text_does(
    parts: list[str], rnd: random.Random
) -> None:
    text = " ".join(parts)
    cuts = sorted(rnd.sample(range(len(text) + 1), min(len(text) + 1, rnd.randint(0, 6))))
    chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    restorer = Restorer(MAP)
    streamed = "".join(restorer.feed(c) for c in chunks) + restorer.flush()
    assert streamed == restore_text(text, MAP)


# ---- the router: the invariant --------------------------------------------------------------

CLOUD = RouterConfig(
    default_provider="oa",
    fallback_chain=("local",),
    providers={"oa": ProviderEntry("oa", "openai", "http://127.0.0.1:9/v1", "m")},
)
CONTEXT = RouteContext(cloud_enabled=True, configured=lambda _n: True)


def _route(config: RouterConfig = CLOUD, **kw: Any) -> Any:
    base: dict[str, Any] = {"findings": (("this message", "email"),), "pseudonymised_clean": True}
    base.update(kw)
    return route(config, RouteRequest(**base), CONTEXT)


def test_opted_in_a_request_with_findings_goes_to_the_cloud_pseudonymised() -> None:
    decision = _route(pseudonymise=True)
    assert (decision.provider, decision.pseudonymise) == ("oa", True)
    assert decision.label == "Cloud · oa · default provider · personal details replaced"


def test_without_the_choice_sensitive_data_stays_local_as_before() -> None:
    decision = _route(pseudonymise=False)
    assert decision.is_local and not decision.pseudonymise


def test_local_only_is_never_sent_even_pseudonymised() -> None:
    for kw in (
        {"privacy": "local_only"},
        {"marked": (("turn 1", "local_only"),)},
        {"privacy": "local_only", "findings": ()},
    ):
        decision = _route(pseudonymise=True, **kw)
        assert decision.is_local, kw
        assert "local only never leaves, even with personal details replaced" in " ".join(
            decision.refused
        )


def test_high_goes_pseudonymised_only_when_the_conversation_opted_in() -> None:
    rule = Rule(Condition(sensitive=True), Action("oa", pseudonymise=True))
    config = RouterConfig(**{**vars(CLOUD), "rules": (rule,)})
    # a routing rule that pseudonymises lifts what the detector raised...
    assert _route(config, privacy="normal").provider == "oa"
    # ...but not a user's "high": that needs the conversation's own choice
    high = _route(config, privacy="high")
    assert high.is_local
    assert "only when you turn that on" in " ".join(high.refused)
    assert _route(config, privacy="high", pseudonymise=True).provider == "oa"
    assert _route(privacy="high", pseudonymise=True, findings=()).provider == "oa"


def test_a_payload_not_clean_after_replacing_stays_local() -> None:
    decision = _route(pseudonymise=True, pseudonymised_clean=False)
    assert decision.is_local
    assert "not every personal detail could be replaced with confidence" in decision.refused[0]


# ---- through the real service and a loopback cloud -------------------------------------------


def _variant(placeholder: str, rnd: random.Random) -> str:
    name = placeholder[1:-1]
    forms = [
        placeholder,
        placeholder.lower(),
        f"[ {name} ]",
        f"**{placeholder}**",
        name,
        f"_{name}_",
        placeholder.replace("_", "\\_"),
    ]
    return rnd.choice(forms)


def test_generated_conversations_never_send_a_real_value_and_replies_are_restored(
    engine: LocalEngine, openai: OpenAIServer, anthropic: AnthropicServer, tmp_path: Path
) -> None:
    stats: Counter[str] = Counter()
    pool = sensitive_pool()
    filler = ["please", "draft", "a", "short", "letter", "about", "the", "visit", "next", "week"]

    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        data=st.data(),
        provider=st.sampled_from(["oa", "an"]),
        privacy=st.sampled_from(["normal", "high", "local_only"]),
        seed=st.integers(0, 10**6),
    )
    def run(data: st.DataObject, provider: str, privacy: str, seed: int) -> None:
        rnd = random.Random(seed)
        roles = ["system"] if data.draw(st.booleans()) else []
        turns = data.draw(st.integers(1, 4))
        for turn in range(turns):
            roles += ["user", "assistant"] if turn < turns - 1 else ["user"]
        paragraphs = [[" ".join(rnd.choices(filler, k=6))] for _ in roles]
        values: list[str] = []
        for _ in range(data.draw(st.integers(1, 3))):
            text, found = data.draw(st.sampled_from(pool))
            paragraphs[rnd.randrange(len(roles))].append(text)
            values += found
        messages = [ChatMessage(r, "\n\n".join(p)) for r, p in zip(roles, paragraphs, strict=True)]
        svc = make_service(engine, openai, tmp_path, anthropic, default_provider=provider)
        request = ChatRequest(
            messages,
            GenerationParams(temperature=0, max_new_tokens=8),
            privacy=privacy,
            pseudonymise=True,
        )
        plan = svc.plan(request)
        assert plan.pseudonymised is not None
        used = list(plan.pseudonymised.used)
        # The model's reply: kept placeholders (in varied forms), one it invented, in
        # stream chunks cut at random places (through placeholders too).
        written = " and ".join(_variant(p, rnd) for p in used) + " and [PERSON_99]."
        cuts = sorted(rnd.sample(range(1, len(written)), min(len(written) - 1, 8)))
        pieces = [written[a:b] for a, b in zip([0, *cuts], [*cuts, len(written)], strict=True)]
        server = openai if provider == "oa" else anthropic
        goes = privacy != "local_only" and plan.pseudonymised.clean
        assert plan.sends_pseudonymised == goes
        if goes:
            server.queue(Reply(pieces=pieces))
        seen = (len(openai.requests), len(anthropic.requests))
        shown: list[str] = []
        result = svc.send(request, shown.append)
        records = openai.requests[seen[0] :] + anthropic.requests[seen[1] :]
        assert leaks(values, records) == []
        if not goes:
            assert records == [] and result.plan.decision.is_local
            stats["kept local"] += 1
            return
        assert len(records) == 1
        stats["sent pseudonymised"] += 1
        # every byte of history and system prompt went pseudonymised, as planned
        assert sent_messages(records[0]) == [
            (m.role, m.content) for m in plan.pseudonymised.messages
        ]
        mapping = plan.pseudonymised.mapping
        restored = []
        for p in used:
            entry = mapping.get(p[1:-1])
            assert entry is not None
            restored.append(entry.value)
        # restored exactly where the model kept a placeholder (Markdown around it kept)
        expected = restore_text(written, mapping)
        assert result.text == expected
        for value in restored:
            assert value in result.text
        assert result.text.endswith(f" and {MARK_OPEN}PERSON_99{MARK_CLOSE}.")
        assert "".join(shown) == result.text
        assert result.info is not None and result.info.pseudonymised is not None
        assert result.info.pseudonymised["unknown"] == ["PERSON_99"]
        assert result.info.pseudonymised["restored"] == len(used)

    run()
    assert stats["sent pseudonymised"] >= 10, stats
    assert stats["kept local"] >= 5, stats


def test_the_boundary_refuses_a_body_holding_a_real_value_of_the_map(
    openai: OpenAIServer,
) -> None:
    config = ProviderConfig(
        name="oa", kind="openai", base_url=openai.base_url, model="gpt-4o-mini", max_retries=0
    )
    provider = OpenAICompatProvider(config, OA_KEY)
    provider.pseudonyms = PseudonymMap([Pseudonym("PERSON_1", "PERSON", "person", PERSON)])
    with pytest.raises(SensitiveDataBlocked):
        list(provider.start([ChatMessage("user", f"Write to {PERSON}")], GenerationParams()))
    assert openai.requests == []
    # control: the same request with the placeholder does leave
    list(provider.start([ChatMessage("user", "Write to [PERSON_1]")], GenerationParams()))
    assert len(openai.requests) == 1
    provider.close()


# ---- a saved conversation: the turn, the preview, the store and the audit record --------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    with ConversationStore(tmp_path / "conversations.db", key="ab" * 32) as s:
        yield s


def _spec(conversation_id: str, privacy: str = "normal", **kw: Any) -> TurnSpec:
    return TurnSpec(conversation_id, privacy, None, None, GenerationParams(max_new_tokens=16), **kw)


def test_a_conversation_pseudonymised_turn_by_turn_preview_audit_and_store(
    engine: LocalEngine, openai: OpenAIServer, store: ConversationStore, tmp_path: Path
) -> None:
    audit = AuditLog(tmp_path / "cloud-sends.jsonl")
    svc = make_service(engine, openai, tmp_path, audit=audit)
    turn = ChatTurn(store, svc)
    conv = store.create_conversation(system_prompt=f"You write letters for {EMAIL}.")
    Pseudonyms(store).set_enabled(conv.id, True)
    first = f"Patient NHS number {NHS}; reply to {EMAIL}."

    preview = turn.preview(_spec(conv.id), first)
    assert preview.sends_pseudonymised and preview.pseudonymised is not None
    openai.queue(Reply(pieces=["Dear [email", "_1], about ", "**NHS\\_NUMBER\\_1** ok"]))
    outcome = turn.run(_spec(conv.id), Send(first))
    body = openai.requests[-1]
    # the preview is exactly what was sent
    assert sent_messages(body) == [(m.role, m.content) for m in preview.pseudonymised.messages]
    assert sent_messages(body) == [
        ("system", "You write letters for [EMAIL_1]."),
        ("user", "Patient NHS number [NHS_NUMBER_1]; reply to [EMAIL_1]."),
    ]
    # the stored reply holds the real values; the cloud saw none
    assert outcome.text == f"Dear {EMAIL}, about **{NHS}** ok"
    assert store.get_message(outcome.message_id).content == outcome.text
    assert EMAIL not in body.raw.decode() and "9434765919" not in body.raw.decode().replace(" ", "")
    assert outcome.meta["pseudonymised"] == {"placeholders": 2, "restored": 2, "unknown": []}
    # the audit record: the hash of exactly the pseudonymised bytes, no real value
    entry = audit.list()[0]
    assert entry.body_sha256 == hashlib.sha256(body.raw).hexdigest()
    assert "personal details replaced" in entry.reason
    record = (tmp_path / "cloud-sends.jsonl").read_text()
    assert EMAIL not in record and NHS not in record
    # the mapping is kept with the conversation, in the encrypted file only
    assert Pseudonyms(store).load(conv.id).get("EMAIL_1") is not None
    raw = (tmp_path / "conversations.db").read_bytes()
    assert EMAIL.encode() not in raw

    # Turn 2: the history (with the restored reply) keeps its placeholders, also when a
    # new value now comes first (the system prompt changed): the map is the conversation's.
    store.set_system_prompt(conv.id, f"You write letters for carol@example.com and {EMAIL}.")
    openai.queue(Reply(pieces=["Sent to [EMAIL_3] and [EMAIL_1]."]))
    second = turn.run(_spec(conv.id, privacy="high"), Send("Copy bob@example.net too."))
    assert sent_messages(openai.requests[-1]) == [
        ("system", "You write letters for [EMAIL_2] and [EMAIL_1]."),
        ("user", "Patient NHS number [NHS_NUMBER_1]; reply to [EMAIL_1]."),
        ("assistant", "Dear [EMAIL_1], about **[NHS_NUMBER_1]** ok"),
        ("user", "Copy [EMAIL_3] too."),
    ]
    assert second.text == f"Sent to bob@example.net and {EMAIL}."
    assert json.dumps(openai.requests[-1].body).count("example") == 0


def test_a_turn_without_the_choice_keeps_sensitive_data_local(
    engine: LocalEngine, openai: OpenAIServer, store: ConversationStore, tmp_path: Path
) -> None:
    turn = ChatTurn(store, make_service(engine, openai, tmp_path))
    conv = store.create_conversation()
    outcome = turn.run(_spec(conv.id), Send(f"Write to {EMAIL}"))
    assert openai.requests == [] and outcome.result.plan.decision.is_local
    # and a one-off choice for this turn (chat --pseudonymise) sends it
    openai.queue(Reply(pieces=["ok [EMAIL_1]"]))
    outcome = turn.run(_spec(conv.id, privacy="high", pseudonymise=True), Send("Again please"))
    assert len(openai.requests) == 1 and outcome.text == f"ok {EMAIL}"


# ---- the command line and the local API server ------------------------------------------------


def test_route_explain_shows_the_text_that_would_leave_and_chat_restores_the_reply(
    scripted_model: Path,
    openai: OpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import os
    import subprocess

    from agentic_desk.cli import main

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        code = main(list(args))
        out = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out.out, out.err)

    monkeypatch.setenv("TESTAI_KEY", OA_KEY)
    rules = Path(os.environ["AGENTIC_DESK_HOME"]) / "rules.json"
    rules.write_text(
        json.dumps(
            {
                "defaultProvider": "testai",
                "fallbackChain": ["local"],
                "providers": {
                    "testai": {
                        "kind": "openai",
                        "baseUrl": openai.base_url,
                        "apiKey": "${TESTAI_KEY}",
                        "models": {"default": "gpt-4o-mini"},
                    }
                },
                "routing": {"mode": "rule-based", "rules": []},
            }
        )
    )
    assert cli("rules", "import", str(rules)).returncode == 0
    assert cli("cloud", "on").returncode == 0
    prompt = f"Write to {EMAIL} about NHS number {NHS}."
    plain = cli("route", "explain", prompt)
    assert plain.stdout.splitlines()[1].startswith("Local · privacy high")
    explained = cli("route", "explain", prompt, "--pseudonymise")
    lines = explained.stdout.splitlines()
    assert "Cloud · testai · default provider · personal details replaced" in lines
    assert lines[-3:] == [
        "What would be sent (2 placeholders; the real values stay here):",
        "--- this message ---",
        "Write to [EMAIL_1] about NHS number [NHS_NUMBER_1].",
    ]
    assert EMAIL not in explained.stdout and NHS not in explained.stdout
    assert openai.requests == []  # explaining sends nothing

    openai.queue(Reply(pieces=["Dear [EMAIL", "_1], re ", "[nhs_number_1] and [PERSON_3]."]))
    chat = cli("chat", "--model", str(scripted_model), "--no-save", "--pseudonymise", prompt)
    assert chat.stdout == f"Dear {EMAIL}, re {NHS} and {MARK_OPEN}PERSON_3{MARK_CLOSE}.\n"
    assert "personal details replaced" in chat.stderr
    assert f"{MARK_OPEN}PERSON_3{MARK_CLOSE}" in chat.stderr  # said, not guessed
    [request] = openai.requests
    assert request.body["messages"][-1]["content"] == (
        "Write to [EMAIL_1] about NHS number [NHS_NUMBER_1]."
    )
    # without --pseudonymise the same message stays here
    again = cli("chat", "--model", str(scripted_model), "--no-save", prompt)
    assert again.returncode == 0 and len(openai.requests) == 1


def test_api_server_pseudonymises_only_when_configured(
    scripted_model: Path, openai: OpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import httpx

    import tiny_models as tm
    from agentic_desk.core.settings import apply_changes
    from server_helpers import TOKEN, serve

    monkeypatch.setenv("OA_KEY", OA_KEY)
    changes: dict[str, Any] = {"cloud.enabled": True, "cloud.api_clients_may_use_cloud": True}
    with serve(scripted_model, changes=changes) as (server, _engine, _recorder):
        server.context.save_router(
            RouterConfig(
                default_provider="oa", fallback_chain=("local",), providers=entries(openai)
            )
        )
        server.context.settings = apply_changes(server.context.settings, changes)
        messages = [{"role": "user", "content": f"Write to {EMAIL}, please."}]

        def ask() -> httpx.Response:
            return httpx.post(
                f"{server.url}/v1/chat/completions",
                json={"model": "auto", "messages": messages},
                headers={"Authorization": f"Bearer {TOKEN}"},
                timeout=60,
            )

        off = ask()  # not configured: sensitive data stays local, as before
        assert off.json()["choices"][0]["message"]["content"] == tm.SENTENCE
        assert openai.requests == []
        server.context.settings = apply_changes(
            server.context.settings, {"cloud.api_clients_pseudonymise": True}
        )
        openai.queue(Reply(pieces=["Hi [EMAIL_1]", "!"]))
        on = ask()
        assert on.json()["choices"][0]["message"]["content"] == f"Hi {EMAIL}!"
        assert "personal details replaced" in on.headers["x-agentic-desk-route"]
        [request] = openai.requests
        assert request.body["messages"] == [
            {"role": "user", "content": "Write to [EMAIL_1], please."}
        ]


def test_a_routing_rule_says_pseudonymise_in_the_routing_file_and_keeps_it() -> None:
    from agentic_desk.core.routing.config import RouterConfigError, parse_config, to_json

    rule = Rule(Condition(sensitive=True), Action("oa", pseudonymise=True), "letters")
    config = RouterConfig(**{**vars(CLOUD), "rules": (rule, Rule(Condition(), Action("oa")))})
    data = to_json(config)
    assert data["routing"]["rules"][0]["action"] == {"provider": "oa", "pseudonymise": True}
    assert "pseudonymise" not in data["routing"]["rules"][1]["action"]  # off by default
    again = parse_config(data)
    assert [r.action.pseudonymise for r in again.rules] == [True, False]
    data["routing"]["rules"][0]["action"]["pseudonymise"] = "yes"
    with pytest.raises(RouterConfigError):
        parse_config(data)


def test_placeholders_are_not_read_as_personal_data_by_the_names_model() -> None:
    """With the names model the app ships, "[EMAIL_1], please" read as an address kept
    every such request local; placeholders are read as plain words, in the pseudonymiser's
    check and in the boundary's, while a real name beside one is still seen."""
    from agentic_desk.core.privacy import entities, scanning
    from agentic_desk.core.privacy.payload import clear_cache
    from agentic_desk.core.providers.http import refuse_sensitive_body

    before = scanning.configured()
    worker = entities.EntityWorker(entities.SHIPPED_FOLDER)
    try:
        scanning.configure(entities=worker)
        clear_cache()
        done = pseudonymise_messages(
            [ChatMessage("user", f"Write to {EMAIL}, please.")], PseudonymMap()
        )
        assert done.clean and done.leftover == ()
        body = json.dumps({"messages": [{"role": "user", "content": done.messages[0].content}]})
        refuse_sensitive_body("OA", body.encode(), done.mapping)  # nothing refused
        beside = json.dumps(
            {"messages": [{"role": "user", "content": "[EMAIL_1] and 4111 1111 1111 1111"}]}
        )
        with pytest.raises(SensitiveDataBlocked):
            refuse_sensitive_body("OA", beside.encode(), done.mapping)
    finally:
        scanning.configure(terms=before[0], entities=before[1])
        clear_cache()
        worker.close()
