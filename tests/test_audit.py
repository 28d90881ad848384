"""The record of what left this computer: real loopback cloud servers, the exact bytes
they received, the hash chain and its tamper checks, two writing processes, the CLI."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import tiny_models as tm
from agentic_desk.core.audit import AUDIT_FILE, AuditLog, SendRecord
from agentic_desk.core.chat import CancelToken, ChatRequest, ChatResult, ChatService
from agentic_desk.core.context import AppContext
from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.providers.config import ProviderConfig
from agentic_desk.core.providers.events import ChatProvider
from agentic_desk.core.providers.factory import make_provider
from agentic_desk.core.routing.config import ProviderEntry, RouterConfig
from agentic_desk.core.routing.costs import PriceTable, SpendLedger
from provider_servers import AnthropicServer, OpenAIServer, Reply

KEY = "sk-test-secret-4242424242"
SECRET_TEXT = "Summarise the history of printing, please."


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer(api_key=KEY, models=("gpt-4o-mini",)) as srv:
        yield srv


@pytest.fixture
def engine(scripted_model: Path) -> Iterator[LocalEngine]:
    with LocalEngine(stream_interval_ms=0) as eng:
        eng.load(scripted_model)
        yield eng


def no_wait(_event: object, _seconds: float) -> bool:
    return False


def factory(config: ProviderConfig, key: str | None) -> ChatProvider:
    return make_provider(config, key, wait=no_wait)


def service(
    tmp_path: Path,
    providers: dict[str, ProviderEntry],
    *,
    engine: LocalEngine | None = None,
    cloud: bool = True,
    **config: object,
) -> tuple[ChatService, AuditLog]:
    audit = AuditLog(tmp_path / AUDIT_FILE)
    base: dict[str, object] = {
        "default_provider": next(iter(providers)),
        "fallback_chain": ("local",),
        "providers": providers,
    }
    base.update(config)
    svc = ChatService(
        engine=engine,
        router_config=RouterConfig(**base),  # type: ignore[arg-type]
        cloud_enabled=cloud,
        keys=lambda name, env: KEY,
        prices=PriceTable(),
        ledger=SpendLedger(tmp_path / "spend.json"),
        provider_factory=factory,
        audit=audit,
    )
    return svc, audit


def openai_entry(server: OpenAIServer, retries: int = 0) -> ProviderEntry:
    return ProviderEntry(
        "testai",
        "openai",
        server.base_url,
        "gpt-4o-mini",
        api_key="${TESTAI_KEY}",
        max_retries=retries,
    )


def ask(
    svc: ChatService,
    text: str = SECRET_TEXT,
    on_text: Callable[[str], None] | None = None,
    cancel: CancelToken | None = None,
    **kw: object,
) -> ChatResult:
    request = ChatRequest([ChatMessage("user", text)], GenerationParams(temperature=0), **kw)  # type: ignore[arg-type]
    return svc.send(request, on_text or (lambda _t: None), cancel)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---- what is recorded ------------------------------------------------------------------------


def test_a_cloud_send_is_recorded_with_the_hash_of_the_exact_bytes_received(
    server: OpenAIServer, tmp_path: Path
) -> None:
    svc, audit = service(tmp_path, {"testai": openai_entry(server)})
    result = ask(svc, conversation_id="conv-1")
    assert result.text == "Hello, world!" and result.info is not None
    [request] = server.requests
    [entry] = audit.list()
    assert entry.body_sha256 == sha(request.raw) and request.raw
    assert entry.body_bytes == len(request.raw)
    assert (entry.provider, entry.model, entry.host) == ("testai", "gpt-4o-mini", "127.0.0.1")
    assert entry.reason == result.info.where == "Cloud · testai · default provider"
    assert (entry.chars, entry.tokens, entry.tokens_reported) == (len(SECRET_TEXT), 12, True)
    assert (entry.outcome, entry.conversation_id, entry.seq) == ("completed", "conv-1", 1)
    assert audit.verify().ok
    # never the message text, nor the key
    stored = audit.path.read_text("utf-8")
    assert "printing" not in stored and KEY not in stored


def test_the_app_s_chat_service_records_in_the_data_folder(
    server: OpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TESTAI_KEY", KEY)
    ctx = AppContext.load()
    ctx.paths.ensure()
    ctx.save_router(
        RouterConfig(
            default_provider="testai",
            fallback_chain=("local",),
            providers={"testai": openai_entry(server)},
        )
    )
    ctx.settings.cloud.enabled = True
    assert ask(ctx.chat_service(None), conversation_id="conv-9").text == "Hello, world!"
    [request] = server.requests
    [entry] = ctx.audit_log().list()
    assert ctx.audit_log().path == AppPaths.from_env().root / "cloud-sends.jsonl"
    assert entry.body_sha256 == sha(request.raw)
    [listed] = json.loads(cli("audit", "list", "--json").stdout)
    assert listed["conversation_id"] == "conv-9" and listed["hash"] == entry.hash


def test_an_anthropic_send_is_recorded_too(tmp_path: Path) -> None:
    with AnthropicServer(api_key=KEY, models=("claude-test",)) as srv:
        entry = ProviderEntry(
            "claude", "anthropic", srv.base_url, "claude-test", api_key="${X}", max_retries=0
        )
        svc, audit = service(tmp_path, {"claude": entry})
        result = ask(svc)
        assert result.error is None, result.error
        [request] = srv.requests
    [recorded] = audit.list()
    assert recorded.body_sha256 == sha(request.raw)
    assert (recorded.provider, recorded.model, recorded.outcome) == (
        "claude",
        "claude-test",
        "completed",
    )


def test_a_local_reply_records_nothing(
    engine: LocalEngine, server: OpenAIServer, tmp_path: Path
) -> None:
    svc, audit = service(tmp_path, {"testai": openai_entry(server)}, engine=engine)
    result = ask(svc, privacy="high")
    assert result.text == tm.SENTENCE
    assert server.requests == [] and audit.list() == []
    assert not audit.path.exists()


def test_with_cloud_off_the_record_stays_empty_and_says_so(
    engine: LocalEngine, server: OpenAIServer, tmp_path: Path
) -> None:
    svc, audit = service(tmp_path, {"testai": openai_entry(server)}, engine=engine, cloud=False)
    assert ask(svc).text == tm.SENTENCE
    assert server.requests == [] and audit.list() == [] and audit.verify().ok
    listed = cli("audit", "list")
    assert listed.returncode == 0, listed.stderr
    assert "Nothing has left this computer." in listed.stdout
    assert "Cloud providers are off" in listed.stdout
    assert json.loads(cli("audit", "list", "--json").stdout) == []
    assert cli("audit", "verify").returncode == 0


def test_a_fallback_records_both_attempts_with_their_outcomes(tmp_path: Path) -> None:
    with (
        OpenAIServer(api_key=KEY, models=("gpt-4o-mini",)) as bad,
        OpenAIServer(api_key=KEY, models=("gpt-4o-mini",)) as good,
    ):
        bad.queue(Reply(status=500))
        providers = {"bad": openai_entry(bad), "good": openai_entry(good)}
        svc, audit = service(tmp_path, providers, fallback_chain=("good",))
        result = ask(svc, conversation_id="conv-2")
        assert result.text == "Hello, world!" and result.info is not None
        [first_request], [second_request] = bad.requests, good.requests
    first, second = audit.list()
    assert (first.provider, first.outcome, first.tokens_reported) == ("bad", "error: server", False)
    assert first.body_sha256 == sha(first_request.raw)
    assert first.reason == "Cloud · bad · default provider"
    assert (second.provider, second.outcome) == ("good", "completed")
    assert second.body_sha256 == sha(second_request.raw)
    assert second.reason == result.info.where == "Cloud · good · fallback after bad failed"
    assert second.prev == first.hash and {first.conversation_id, second.conversation_id} == {
        "conv-2"
    }
    assert audit.verify().ok


def test_a_retried_request_is_recorded_each_time_it_left(
    server: OpenAIServer, tmp_path: Path
) -> None:
    server.queue(Reply(status=503))
    svc, audit = service(tmp_path, {"testai": openai_entry(server, retries=1)})
    assert ask(svc).text == "Hello, world!"
    first, second = audit.list()
    assert [r.raw for r in server.requests] and len(server.requests) == 2
    assert [first.body_sha256, second.body_sha256] == [sha(r.raw) for r in server.requests]
    assert (first.outcome, second.outcome) == ("retried", "completed")


def test_a_cancelled_reply_is_recorded_as_cancelled(server: OpenAIServer, tmp_path: Path) -> None:
    svc, audit = service(tmp_path, {"testai": openai_entry(server)})
    token = CancelToken()
    result = ask(svc, on_text=lambda _t: token.cancel(), cancel=token)
    assert result.info is not None and result.info.stop_reason == "cancelled"
    [entry] = audit.list()
    assert entry.outcome == "cancelled" and entry.body_sha256 == sha(server.requests[0].raw)


def test_a_reply_killed_mid_stream_is_recorded_as_interrupted(server: OpenAIServer) -> None:
    from provider_servers import Hold

    home = AppPaths.from_env().root
    home.mkdir(parents=True, exist_ok=True)
    (home / "router.config.json").write_text(
        json.dumps(
            {
                "defaultProvider": "testai",
                "fallbackChain": ["local"],
                "providers": {
                    "testai": {
                        "kind": "openai",
                        "baseUrl": server.base_url,
                        "apiKey": "${TESTAI_KEY}",
                        "models": {"default": "gpt-4o-mini"},
                    }
                },
            }
        )
    )
    assert cli("cloud", "on").returncode == 0
    hold = Hold()
    server.queue(Reply(hold_at=1, hold=hold))
    chat = subprocess.Popen(
        [sys.executable, "-m", "agentic_desk", "chat", SECRET_TEXT],
        env={**os.environ, "TESTAI_KEY": KEY},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert hold.reached.wait(60)  # the request has arrived, the reply has begun
        chat.kill()
        chat.wait(timeout=60)
    finally:
        hold.release()
        hold.close()
    [request] = server.requests
    listed = cli("audit", "list", "--json")
    [entry] = json.loads(listed.stdout)
    assert entry["outcome"] == "interrupted" and entry["provider"] == "testai"
    assert entry["body_sha256"] == sha(request.raw)
    assert cli("audit", "verify").returncode == 0
    assert not list((home / "cloud-sends.pending").glob("*.json"))


def test_a_request_still_under_way_is_not_taken_for_interrupted(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / AUDIT_FILE)
    note = audit.begin(record(1))
    assert audit.recover() == 0 and audit.list() == []  # this process is alive
    audit.append(replace(record(1), outcome="completed"), pending=note)
    assert not note.exists() and [e.outcome for e in audit.list()] == ["completed"]
    assert audit.recover() == 0 and len(audit.list()) == 1


# ---- the chain -------------------------------------------------------------------------------


def record(n: int) -> SendRecord:
    return SendRecord(
        provider=f"p{n}",
        model="m",
        host="example.com",
        reason="Cloud · p · default provider",
        chars=10 * n,
        tokens=n,
        tokens_reported=False,
        body_bytes=100 + n,
        body_sha256=sha(str(n).encode()),
        outcome="completed",
    )


def filled(count: int = 4) -> AuditLog:
    audit = AuditLog(AppPaths.from_env().root / AUDIT_FILE)
    for n in range(1, count + 1):
        audit.append(record(n))
    return audit


def lines_of(audit: AuditLog) -> list[bytes]:
    return audit.path.read_bytes().splitlines(keepends=True)


def edit_field(lines: list[bytes]) -> list[bytes]:
    entry = json.loads(lines[1])
    entry["provider"] = "somewhere-else"
    return [lines[0], json.dumps(entry).encode() + b"\n", *lines[2:]]


def edit_and_rehash(lines: list[bytes]) -> list[bytes]:
    from agentic_desk.core.audit import entry_hash

    entry = json.loads(lines[1])
    entry["outcome"] = "cancelled"
    entry["hash"] = entry_hash(entry)
    return [lines[0], json.dumps(entry).encode() + b"\n", *lines[2:]]


TAMPERING: dict[str, tuple[Callable[[list[bytes]], list[bytes]], str, int]] = {
    "edit a field": (edit_field, "edited", 2),
    "edit a field and its hash": (edit_and_rehash, "edited", 3),
    "delete a middle entry": (lambda ls: [ls[0], *ls[2:]], "removed", 2),
    "reorder two": (lambda ls: [ls[0], ls[2], ls[1], ls[3]], "reordered", 2),
    "truncate the tail": (lambda ls: ls[:2], "truncated", 3),
    "cut the last line short": (lambda ls: [*ls[:3], ls[3][:40]], "truncated", 4),
}


@pytest.mark.parametrize("how", list(TAMPERING))
def test_tampering_is_found_by_verify_and_the_command(how: str) -> None:
    tamper, problem, position = TAMPERING[how]
    audit = filled()
    assert audit.verify().ok and audit.verify().count == 4
    audit.path.write_bytes(b"".join(tamper(lines_of(audit))))
    result = audit.verify()
    assert not result.ok
    assert (result.problem, result.position) == (problem, position), result.detail
    checked = cli("audit", "verify")
    assert checked.returncode == 1, checked.stdout
    assert result.detail in checked.stderr


def test_an_intact_record_verifies_and_lists_newest_first() -> None:
    filled(3)
    checked = cli("audit", "verify")
    assert checked.returncode == 0 and "intact: 3 entries" in checked.stdout
    listed = json.loads(cli("audit", "list", "--json").stdout)
    assert [e["provider"] for e in listed] == ["p3", "p2", "p1"]
    text = cli("audit", "list").stdout
    assert text.index("p3 · m") < text.index("p1 · m")


def test_appending_after_a_torn_line_keeps_the_damage_visible() -> None:
    audit = filled(2)
    with audit.path.open("ab") as f:
        f.write(b'{"seq": 3, "ti')  # a crash part-way through a line
    audit.append(record(9))
    result = audit.verify()
    assert (result.ok, result.problem, result.position) == (False, "damaged", 3)
    assert [e.provider for e in audit.list()] == ["p1", "p2", "p9"]  # the new entry is whole


WRITER = """
import sys
from pathlib import Path
from agentic_desk.core.audit import AuditLog, SendRecord
audit = AuditLog(Path(sys.argv[1]))
for n in range(int(sys.argv[2])):
    audit.append(SendRecord(sys.argv[3], "m", "h", "r", n, n, False, n, "0" * 64, "completed"))
"""


def test_two_processes_appending_at_once_keep_one_valid_chain(tmp_path: Path) -> None:
    path = tmp_path / AUDIT_FILE
    count = 150
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(count), name])
        for name in ("window", "serve")
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    audit = AuditLog(path)
    result = audit.verify()
    assert result.ok, result.detail
    entries = audit.list()
    assert len(entries) == 2 * count
    assert [e.seq for e in entries] == list(range(1, 2 * count + 1))
    assert {e.provider for e in entries} == {"window", "serve"}


# ---- the command -----------------------------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agentic_desk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=dict(os.environ),
    )
