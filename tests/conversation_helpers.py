"""Shared by the conversation tests (``tests/test_conversations_*.py``): a fake clock, a
store in a temporary folder, and small white-box helpers.

A test module gets the fixtures ``clock``, ``db_path`` and ``store`` by importing
``clock_fixture``, ``db_path_fixture`` and ``store_fixture`` (each is registered under
its short name, so a test's argument does not shadow the import).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from agentic_desk.core.conversations import Conversation, ConversationStore

T0 = datetime(2026, 10, 20, 12, 0, tzinfo=UTC).timestamp()
DAY = 86400.0
LOCAL_META: dict[str, Any] = {
    "where": "Local · rule 2: privacy high",
    "provider": "local",
    "model": None,
    "completion_tokens": 42,
    "tokens_per_s": 120.4,
    "notice": "",
}


class FakeClock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


@pytest.fixture(name="clock")
def clock_fixture() -> FakeClock:
    return FakeClock()


@pytest.fixture(name="db_path")
def db_path_fixture(tmp_path: Path) -> Path:
    return tmp_path / "data" / "conversations.sqlite3"


@pytest.fixture(name="store")
def store_fixture(db_path: Path, clock: FakeClock) -> Iterator[ConversationStore]:
    with ConversationStore(db_path, clock=clock) as s:
        yield s


def pragma(store: ConversationStore, name: str) -> Any:
    # White box: the store's own connection (foreign_keys and synchronous are per connection).
    return store._conn.execute(f"PRAGMA {name}").fetchone()[0]


def fts_ok(store: ConversationStore) -> None:
    """The external-content search indexes agree with their tables."""
    for table in ("messages_fts", "titles_fts"):
        store._conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def chat(store: ConversationStore, question: str, answer: str, **kwargs: Any) -> Conversation:
    """A conversation with one finished exchange."""
    conversation = store.create_conversation(**kwargs)
    store.add_user_message(conversation.id, question)
    reply = store.begin_reply(conversation.id)
    store.finish_reply(reply.id, answer, meta=LOCAL_META)
    return store.get_conversation(conversation.id)


def local_service(engine: Any, tmp_path: Path) -> Any:
    """A ChatService over ``engine`` alone: routing local, no fallback, cloud off."""
    from agentic_desk.core.chat import ChatService
    from agentic_desk.core.routing.config import RouterConfig
    from agentic_desk.core.routing.costs import PriceTable, SpendLedger

    return ChatService(
        engine=engine,
        router_config=RouterConfig(default_provider="local", fallback_chain=()),
        cloud_enabled=False,
        keys=lambda _name, _env: None,
        prices=PriceTable(),
        ledger=SpendLedger(tmp_path / "spend.json"),
    )
