"""ChatService end to end: detector -> router -> local engine or a real local HTTP provider."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import tiny_models as tm
from agentic_desk.core.chat import CancelToken, ChatRequest, ChatService
from agentic_desk.core.engine import ChatMessage, GenerationParams, LocalEngine
from agentic_desk.core.engine.client import TEST_HOLD_ENV
from agentic_desk.core.engine.errors import WorkerCrashed
from agentic_desk.core.engine.protocol import Held, PromptReady
from agentic_desk.core.privacy.levels import Privacy
from agentic_desk.core.routing.config import ProviderEntry, RouterConfig
from agentic_desk.core.routing.costs import PriceTable, SpendLedger
from agentic_desk.core.routing.router import RoutingError
from provider_servers import OpenAIServer, Reply

KEY = "sk-test-secret-4242424242"
CARD = "4111 1111 1111 1111"


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer(api_key=KEY, models=("gpt-4o-mini",)) as srv:
        yield srv


@pytest.fixture
def engine(scripted_model: Path) -> Iterator[LocalEngine]:
    with LocalEngine(stream_interval_ms=0) as eng:
        eng.load(scripted_model)
        yield eng


def service(
    engine: LocalEngine | None,
    server: OpenAIServer,
    tmp_path: Path,
    *,
    cloud: bool = True,
    key: str | None = KEY,
    **config: object,
) -> ChatService:
    entry = ProviderEntry(
        "testai", "openai", server.base_url, "gpt-4o-mini", api_key="${TESTAI_KEY}", max_retries=0
    )
    base: dict[str, object] = {
        "default_provider": "testai",
        "fallback_chain": ("local",),
        "providers": {"testai": entry},
    }
    base.update(config)
    return ChatService(
        engine=engine,
        router_config=RouterConfig(**base),  # type: ignore[arg-type]
        cloud_enabled=cloud,
        keys=lambda name, env: key if name == "testai" else None,
        prices=PriceTable(),
        ledger=SpendLedger(tmp_path / "spend.json"),
    )


def ask(svc: ChatService, text: str, **kw: object) -> tuple[str, object]:
    pieces: list[str] = []
    request = ChatRequest([ChatMessage("user", text)], GenerationParams(temperature=0), **kw)  # type: ignore[arg-type]
    result = svc.send(request, pieces.append)
    assert "".join(pieces) == result.text
    return result.text, result


def test_cloud_reply_records_where_why_tokens_and_cost(
    engine: LocalEngine, server: OpenAIServer, tmp_path: Path
) -> None:
    svc = service(engine, server, tmp_path)
    text, result = ask(svc, "Summarise the history of printing.")
    assert text == "Hello, world!"
    info = result.info  # type: ignore[attr-defined]
    assert info.where == "Cloud · testai · default provider"
    assert (info.provider, info.model) == ("testai", "gpt-4o-mini")
    assert (info.prompt_tokens, info.completion_tokens) == (12, 4)
    assert info.cost == pytest.approx((12 * 0.15 + 4 * 0.60) / 1_000_000)
    assert SpendLedger(tmp_path / "spend.json").today() == pytest.approx(info.cost)
    [request] = server.requests
    assert request.headers["authorization"] == f"Bearer {KEY}"


def test_private_and_sensitive_messages_never_reach_the_provider(
    engine: LocalEngine, server: OpenAIServer, tmp_path: Path
) -> None:
    svc = service(engine, server, tmp_path)
    text, result = ask(svc, "Draft a letter to my client.", privacy="high")
    assert text == tm.SENTENCE
    assert result.info.where == "Local · privacy high keeps this message on this computer"  # type: ignore[attr-defined]
    text, result = ask(svc, f"Charge card {CARD} for the invoice.")
    assert text == tm.SENTENCE
    plan = result.plan  # type: ignore[attr-defined]
    assert [f.category for f in plan.findings] == ["payment_card"]
    assert "payment card number" in plan.notice and "stays on this computer" in plan.notice
    assert server.requests == []  # not one byte went to the provider


def test_the_plan_runs_at_the_stricter_of_the_chat_and_message_levels(
    server: OpenAIServer, tmp_path: Path
) -> None:
    svc = service(None, server, tmp_path)
    svc.assume_local_model = True

    def level(privacy: str, message_privacy: str | None) -> Privacy:
        request = ChatRequest(
            [ChatMessage("user", "Hello there")], privacy=privacy, message_privacy=message_privacy
        )
        return svc.plan(request).decision.privacy

    assert level("normal", None) is Privacy.NORMAL
    assert level("low", None) is Privacy.LOW
    assert level("normal", "local_only") is Privacy.LOCAL_ONLY
    assert level("high", "low") is Privacy.HIGH  # a message cannot lower its chat's level
    assert (
        svc.plan(ChatRequest([ChatMessage("user", f"Card {CARD}")], privacy="low")).decision.privacy
        is Privacy.HIGH
    )


@pytest.mark.parametrize(
    ("privacy", "message_privacy", "unknown"),
    [("secret", None, "secret"), ("normal", "top-secret", "top-secret"), ("", None, "")],
)
def test_an_unknown_privacy_level_is_refused_and_nothing_is_sent(
    server: OpenAIServer, tmp_path: Path, privacy: str, message_privacy: str | None, unknown: str
) -> None:
    svc = service(None, server, tmp_path)  # cloud on, the cloud provider is the default
    svc.assume_local_model = True
    request = ChatRequest(
        [ChatMessage("user", "Hello there")],
        GenerationParams(temperature=0),
        privacy=privacy,
        message_privacy=message_privacy,
    )
    with pytest.raises(RoutingError) as err:
        svc.plan(request)
    assert err.value.message == (
        f"This message was not sent anywhere: {unknown!r} is not a privacy level."
    )
    pieces: list[str] = []
    with pytest.raises(RoutingError):
        svc.send(request, pieces.append)
    assert pieces == [] and server.requests == []  # never read as "normal"


def test_api_clients_stay_local_unless_opted_in_and_never_past_the_invariant(
    engine: LocalEngine, server: OpenAIServer, tmp_path: Path
) -> None:
    svc = service(engine, server, tmp_path)  # cloud on; the default provider is the cloud one
    text, result = ask(svc, "Summarise the history of printing.", from_api_client=True)
    assert text == tm.SENTENCE
    assert result.info.where == (  # type: ignore[attr-defined]
        "Local · programs using the local API server get the local model only"
    )
    text, _ = ask(
        svc, "Summarise the history of printing.", provider="testai", from_api_client=True
    )
    assert text == tm.SENTENCE  # not even when the client names the provider
    assert server.requests == []

    svc.api_clients_may_use_cloud = True  # the separate opt-in
    text, result = ask(svc, "Summarise the history of printing.", from_api_client=True)
    assert text == "Hello, world!"
    assert result.info.provider == "testai"  # type: ignore[attr-defined]
    text, _ = ask(svc, f"Charge card {CARD} for the invoice.", from_api_client=True)
    assert text == tm.SENTENCE  # the opt-in never lifts the privacy invariant
    text, _ = ask(svc, "Draft a letter.", privacy="local_only", from_api_client=True)
    assert text == tm.SENTENCE
    assert len(server.requests) == 1


def test_cloud_off_stays_local(engine: LocalEngine, server: OpenAIServer, tmp_path: Path) -> None:
    svc = service(engine, server, tmp_path, cloud=False)
    text, result = ask(svc, "Hello there")
    assert text == tm.SENTENCE
    assert result.info.where == "Local · cloud providers are off"  # type: ignore[attr-defined]
    assert server.requests == []


def test_a_failing_provider_falls_back_before_any_text(
    engine: LocalEngine, server: OpenAIServer, tmp_path: Path
) -> None:
    server.queue(Reply(status=500))
    svc = service(engine, server, tmp_path)
    text, result = ask(svc, "Hello there")
    assert text == tm.SENTENCE
    info = result.info  # type: ignore[attr-defined]
    assert info.where == "Local · fallback after testai failed"
    assert info.failed_attempts[0].startswith("testai: ")


def test_a_wrong_key_is_a_clear_error_without_the_key(server: OpenAIServer, tmp_path: Path) -> None:
    svc = service(None, server, tmp_path, key="sk-wrong-0000", fallback_chain=())
    svc.assume_local_model = False
    text, result = ask(svc, "Hello there")
    error = result.error  # type: ignore[attr-defined]
    assert text == "" and error is not None
    assert "401" in error.message and "sk-wrong" not in str(error)


def test_cancel_closes_the_cloud_stream(
    engine: LocalEngine, server: OpenAIServer, tmp_path: Path
) -> None:
    from provider_servers import Hold

    hold = Hold()
    server.queue(Reply(pieces=("one", " two", " three"), hold_at=3, hold=hold))
    svc = service(engine, server, tmp_path)
    token = CancelToken()
    pieces: list[str] = []

    def on_text(text: str) -> None:
        pieces.append(text)

    import threading

    def cancel_when_held() -> None:
        hold.reached.wait(30)
        token.cancel()

    watcher = threading.Thread(target=cancel_when_held)
    watcher.start()
    result = svc.send(ChatRequest([ChatMessage("user", "count")]), on_text, token)
    watcher.join()
    hold.release()
    assert result.text == "".join(pieces)
    assert result.info is not None and result.info.stop_reason == "cancelled"
    assert server.requests[0].client_disconnected.wait(10)


def test_local_reply_records_the_engines_own_stats_and_costs_nothing(
    engine: LocalEngine, server: OpenAIServer, scripted_model: Path, tmp_path: Path
) -> None:
    svc = service(engine, server, tmp_path)
    notes: list[object] = []
    request = ChatRequest([ChatMessage("user", "hello")], GenerationParams(temperature=0))
    request.privacy = "high"
    result = svc.send(request, lambda _text: None, on_event=notes.append)
    assert result.text == tm.SENTENCE and result.error is None
    info = result.info
    assert info is not None
    assert (info.provider, info.model, info.execution_provider) == (
        "local",
        str(scripted_model),
        "cpu",
    )
    prompt = notes[0]
    assert isinstance(prompt, PromptReady)  # the engine's progress reaches on_event
    assert (info.prompt_tokens, info.reused_tokens) == (prompt.prompt_tokens, prompt.reused_tokens)
    assert info.completion_tokens == len(tm.scripted_token_ids(scripted_model))
    assert info.ttft_ms > 0 and info.tokens_per_s > 0
    assert (info.stop_reason, info.cost, info.cost_known) == ("end_of_text", 0.0, True)
    assert SpendLedger(tmp_path / "spend.json").today() == 0.0


def test_a_cancelled_token_stops_a_local_reply_at_once(
    engine: LocalEngine, server: OpenAIServer, tmp_path: Path
) -> None:
    svc = service(engine, server, tmp_path)
    token = CancelToken()
    token.cancel()  # e.g. Stop pressed while the turn was being routed
    request = ChatRequest([ChatMessage("user", "hello")], privacy="high")
    result = svc.send(request, lambda _text: None, token)
    assert (result.text, result.error) == ("", None)
    assert result.info is not None and result.info.stop_reason == "cancelled"
    assert result.info.completion_tokens == 0


def test_the_local_model_failing_before_any_text_falls_back_to_the_cloud(
    server: OpenAIServer, tmp_path: Path
) -> None:
    with LocalEngine() as no_model:
        svc = service(
            no_model, server, tmp_path, default_provider="local", fallback_chain=("testai",)
        )
        svc.assume_local_model = True  # routed to local, which then has nothing loaded
        text, result = ask(svc, "Hello there")
    assert text == "Hello, world!"
    info = result.info  # type: ignore[attr-defined]
    assert info.where == "Cloud · testai · fallback after local failed"
    assert info.failed_attempts == ["local: No model is loaded."]


def test_a_local_failure_mid_reply_keeps_the_text_and_does_not_fall_back(
    server: OpenAIServer, scripted_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TEST_HOLD_ENV, "decode:3")  # holds after the third token
    with LocalEngine(test_hooks=True, stream_interval_ms=0) as held:
        held.load(scripted_model)
        svc = service(held, server, tmp_path, default_provider="local", fallback_chain=("testai",))

        def kill_when_held(event: object) -> None:
            if isinstance(event, Held):
                assert held.worker_pid is not None
                os.kill(held.worker_pid, signal.SIGKILL)

        pieces: list[str] = []
        request = ChatRequest([ChatMessage("user", "hello")], GenerationParams(temperature=0))
        result = svc.send(request, pieces.append, on_event=kill_when_held)
    ids = tm.scripted_token_ids(scripted_model)
    assert result.text == "".join(pieces) == tm.decode(scripted_model, ids[:3])
    assert isinstance(result.error, WorkerCrashed) and result.info is None
    assert server.requests == []  # never switches provider mid-reply


# ---- the CLI, as a user scripting their machine would use it -------------------------------


def cli(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agentic_desk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_cli_cloud_opt_in_providers_rules_and_route_explain(
    scripted_model: Path, server: OpenAIServer
) -> None:
    assert "cloud: OFF" in cli("cloud", "status").stdout
    added = cli(
        "providers",
        "add",
        "testai",
        "--kind",
        "openai",
        "--base-url",
        server.base_url,
        "--model",
        "gpt-4o-mini",
        "--key-env",
        "TESTAI_KEY",
    )
    assert added.returncode == 0, added.stderr
    rules = Path(os.environ["AGENTIC_DESK_HOME"]) / "rules.json"
    rules.write_text(
        json.dumps(
            {
                "defaultProvider": "local",
                "fallbackChain": ["local"],
                "providers": {
                    "testai": {
                        "kind": "openai",
                        "baseUrl": server.base_url,
                        "apiKey": "${TESTAI_KEY}",
                        "models": {"default": "gpt-4o-mini"},
                    }
                },
                "routing": {
                    "mode": "rule-based",
                    "rules": [
                        {
                            "condition": {"complexity": "high"},
                            "action": {"provider": "testai"},
                            "reason": "hard questions",
                        }
                    ],
                },
            }
        )
    )
    imported = cli("rules", "import", str(rules))
    assert imported.stdout == f"Imported 1 rules and 1 providers from {rules}.\n"
    assert "1. if complexity high -> testai  # hard questions" in cli("rules", "list").stdout
    env = {"TESTAI_KEY": KEY}
    off = cli("route", "explain", "Design an architecture", "--complexity", "high", env=env)
    assert off.stdout.splitlines()[0] == "Local · cloud providers are off"
    assert cli("cloud", "on").returncode == 0
    on = cli("route", "explain", "Design an architecture", "--complexity", "high", env=env)
    assert on.stdout.splitlines()[0] == "Cloud · testai · rule 1: hard questions"
    private = cli("route", "explain", f"card {CARD}", "--complexity", "high", env=env)
    assert "payment card number" in private.stdout
    assert private.stdout.splitlines()[1].startswith("Local · privacy high (sensitive data")
    chat = cli("chat", "--model", str(scripted_model), "--complexity", "high", "Hi", env=env)
    assert chat.stdout == "Hello, world!\n"
    assert "(Cloud · testai · rule 1: hard questions)" in chat.stderr
    local = cli(
        "chat",
        "--model",
        str(scripted_model),
        "--complexity",
        "high",
        "--privacy",
        "high",
        "Hi",
        env=env,
    )
    assert local.stdout == tm.SENTENCE + "\n"
    assert len(server.requests) == 1  # only the cloud-allowed turn reached the provider
    exported = cli("rules", "export", "-").stdout
    assert "${TESTAI_KEY}" in exported and KEY not in exported
    assert cli("cloud", "off").returncode == 0


def test_keys_never_appear_in_any_file_the_app_writes(
    scripted_model: Path, server: OpenAIServer
) -> None:
    env = {"TESTAI_KEY": KEY}
    cli(
        "providers",
        "add",
        "testai",
        "--base-url",
        server.base_url,
        "--model",
        "gpt-4o-mini",
        "--key-env",
        "TESTAI_KEY",
    )
    cli("cloud", "on")
    cli("chat", "--model", str(scripted_model), "--provider", "testai", "Hi", env=env)
    cli("rules", "export", str(Path(os.environ["AGENTIC_DESK_HOME"]) / "export.json"))
    home = Path(os.environ["AGENTIC_DESK_HOME"])
    written = [p for p in home.rglob("*") if p.is_file()]
    assert written
    for path in written:
        assert KEY.encode() not in path.read_bytes(), path


needs_secret_service = pytest.mark.skipif(
    not os.environ.get("DBUS_SESSION_BUS_ADDRESS"),
    reason="no D-Bus session: run under scripts/with-secret-service.sh (scripts/test.sh does)",
)


@needs_secret_service
def test_cli_keys_in_the_keyring_and_literal_keys_moved_on_import(server: OpenAIServer) -> None:
    name = f"testai{os.getpid()}"
    config = Path(os.environ["AGENTIC_DESK_HOME"]) / "incoming.json"
    config.write_text(
        json.dumps(
            {
                "defaultProvider": name,
                "providers": {
                    name: {
                        "kind": "openai",
                        "baseUrl": server.base_url,
                        "apiKey": KEY,
                        "models": {"default": "gpt-4o-mini"},
                    }
                },
            }
        )
    )
    try:
        imported = cli("rules", "import", str(config))
        assert imported.returncode == 0, imported.stderr
        assert f"The API key for '{name}' was moved into the system keyring" in imported.stderr
        stored = Path(os.environ["AGENTIC_DESK_HOME"]) / "router.config.json"
        assert KEY not in stored.read_text() and '"apiKey": "keyring"' in stored.read_text()
        assert f"{name}: keyring" in cli("keys", "list").stdout
        assert cli("providers", "test", name).stdout.startswith("Connected to")
        assert cli("keys", "delete", name).stdout == f"Deleted the key for {name}.\n"
        failed = cli("providers", "test", name)
        assert failed.returncode == 2 and "needs an API key" in failed.stderr
        assert cli("keys", "set", name, stdin=KEY + "\n").returncode == 0
        assert cli("providers", "test", name).returncode == 0
    finally:
        cli("keys", "delete", name)
