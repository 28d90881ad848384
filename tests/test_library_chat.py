"""Chat with local documents: the chat turn with libraries (passages in the prompt within
the context budget, citations in the reply's meta, privacy raised by a library's
findings, the passages in the routing payload) and the CLI end to end.

Real parts: the engine worker with the scripted tiny model, the real ChatService, the
conversation store, the library index and the tiny ONNX embedding model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tiny_models as tm
from agentic_desk.core.chat import ChatService
from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.engine import GenerationParams, LocalEngine
from agentic_desk.core.library.embedding import OnnxEmbedder
from agentic_desk.core.library.service import Libraries
from agentic_desk.core.library.store import open_beside
from agentic_desk.core.library.tiny_embedder import build_tiny_embedder
from agentic_desk.core.privacy.levels import Privacy
from agentic_desk.core.turn import ChatTurn, PrivacyRaised, Retrieved, Send, TurnEvent, TurnSpec
from conversation_helpers import local_service

pytestmark = pytest.mark.engine

TENANCY = (
    "# Tenancy\n\nThe deposit of 1200 pounds is returned within 10 days of the end of the "
    "tenancy.\n\n# Repairs\n\nThe landlord repairs the boiler within 48 hours.\n"
)
CONTACT = "# Contact\n\nFor the results write to jane.doe@example.com or call the ward.\n"


@pytest.fixture(scope="module")
def model_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_embedder(tmp_path_factory.mktemp("embedder") / "tiny-embedder")


@pytest.fixture(scope="module")
def roomy_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scripted model with 1024 tokens of context (its tokenizer is a test's: about
    1.6 characters a token, so 256 leave little room for passages)."""
    return tm.build_scripted_model(tmp_path_factory.mktemp("models") / "roomy", context_length=1024)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    with ConversationStore(tmp_path / "conversations.db") as s:
        yield s


@pytest.fixture
def libraries(store: ConversationStore, model_folder: Path) -> Iterator[Libraries]:
    with Libraries(open_beside(store), None) as libs:
        libs.set_embedder(OnnxEmbedder(model_folder, threads=1))
        yield libs


class SpyService(ChatService):
    """The real ChatService, remembering each request it was given."""

    requests: list[Any]

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.requests.append(request)
        return super().send(request, *args, **kwargs)


def spy(engine: LocalEngine, tmp_path: Path) -> SpyService:
    service = local_service(engine, tmp_path)
    service.__class__ = SpyService
    service.requests = []
    return service  # type: ignore[no-any-return]


def library_with(libraries: Libraries, tmp_path: Path, name: str, files: dict[str, str]) -> str:
    folder = tmp_path / name
    folder.mkdir()
    for file_name, text in files.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    library = libraries.create(name)
    libraries.add(name, [folder]).run()
    return library.id


def turn(
    chat: ChatTurn, conversation_id: str, text: str, max_new_tokens: int = 24
) -> tuple[Any, list[TurnEvent]]:
    events: list[TurnEvent] = []
    privacy = chat.store.get_conversation(conversation_id).privacy
    spec = TurnSpec(
        conversation_id,
        privacy,
        None,
        None,
        GenerationParams(temperature=0.0, max_new_tokens=max_new_tokens),
    )
    outcome = chat.run(spec, Send(text), report=events.append)
    return outcome, events


def test_passages_go_into_the_prompt_and_the_reply_cites_them(
    engine: LocalEngine,
    roomy_model: Path,
    store: ConversationStore,
    libraries: Libraries,
    tmp_path: Path,
) -> None:
    engine.load(roomy_model)
    library_id = library_with(libraries, tmp_path, "Home", {"tenancy.md": TENANCY})
    conversation = store.create_conversation()
    store.set_libraries(conversation.id, [library_id])
    service = spy(engine, tmp_path)
    chat = ChatTurn(store, service, libraries=libraries)
    outcome, events = turn(chat, conversation.id, "When is the deposit returned?")
    assert outcome.status == "complete" and outcome.text == tm.SENTENCE, outcome.meta
    first = outcome.meta["citations"][0]
    assert (first["file"], first["heading"], first["n"]) == ("tenancy.md", "Tenancy", 1)
    assert TENANCY[first["start"] : first["end"]] == first["text"]
    assert "returned within 10 days" in first["text"]
    assert libraries.store.chunk(first["chunk_id"]).text == first["text"]  # type: ignore[union-attr]
    sent = service.requests[0].messages[-1]
    assert sent.role == "user"
    assert "[1] tenancy.md, Tenancy\n# Tenancy" in sent.content
    assert sent.content.endswith("Question: When is the deposit returned?")
    # what is stored is the user's question alone
    question = store.messages(conversation.id)[0]
    assert question.content == "When is the deposit returned?"
    # the reply's meta and the event say how much room the passages took
    (retrieved,) = [e for e in events if isinstance(e, Retrieved)]
    assert retrieved.tokens == outcome.meta["library_context"]["tokens"] > 0
    assert retrieved.tokens <= retrieved.budget_tokens
    # the conversation's privacy was left alone: nothing sensitive in the library
    assert store.get_conversation(conversation.id).privacy == Privacy.NORMAL.value


def test_a_library_with_findings_makes_the_conversation_private_and_is_scanned(
    engine: LocalEngine,
    roomy_model: Path,
    store: ConversationStore,
    libraries: Libraries,
    tmp_path: Path,
) -> None:
    engine.load(roomy_model)
    library_id = library_with(libraries, tmp_path, "Ward", {"contact.md": CONTACT})
    conversation = store.create_conversation()
    store.set_libraries(conversation.id, [library_id])
    service = spy(engine, tmp_path)
    outcome, events = turn(
        ChatTurn(store, service, libraries=libraries), conversation.id, "Who do I write to?"
    )
    assert store.get_conversation(conversation.id).privacy == Privacy.HIGH.value
    raised = [e for e in events if isinstance(e, PrivacyRaised)]
    assert raised and "the document contact.md: an e-mail address" in raised[0].raised.describe()
    request = service.requests[0]
    assert request.privacy == Privacy.HIGH.value
    # the passage is in the payload the routing decision scans
    plan = service.plan(request)
    assert [(f.where, f.category) for f in plan.findings] == [("this message", "email")]
    assert outcome.meta["citations"][0]["file"] == "contact.md"


def test_passages_stay_within_the_models_context(
    engine: LocalEngine,
    scripted_model: Path,
    store: ConversationStore,
    libraries: Libraries,
    tmp_path: Path,
) -> None:
    """The scripted model has 256 tokens of context: with 128 kept for the reply, only
    what fits in a share of the rest goes in, and the reply still runs."""
    engine.load(scripted_model)
    long_text = "\n\n".join(
        f"# Section {i}\n\n" + " ".join(f"The deposit rule {i}.{j} applies." for j in range(30))
        for i in range(6)
    )
    library_id = library_with(
        libraries,
        tmp_path,
        "Long",
        {"rules.md": long_text, "short.md": "# Short\n\nThe deposit rule: ten days."},
    )
    conversation = store.create_conversation()
    store.set_libraries(conversation.id, [library_id])
    service = spy(engine, tmp_path)
    chat = ChatTurn(store, service, libraries=libraries)
    outcome, events = turn(chat, conversation.id, "deposit rule", max_new_tokens=128)
    (retrieved,) = [e for e in events if isinstance(e, Retrieved)]
    assert retrieved.budget_tokens < 64  # (256 - 128 - the question) x 50%
    assert retrieved.tokens <= retrieved.budget_tokens
    assert outcome.status == "complete", outcome.meta
    # with room for passages, they go in (and still fit)
    again = store.create_conversation()
    store.set_libraries(again.id, [library_id])
    outcome, events = turn(chat, again.id, "deposit rule", max_new_tokens=16)
    (retrieved,) = [e for e in events if isinstance(e, Retrieved)]
    assert 0 < retrieved.tokens <= retrieved.budget_tokens
    # the long sections did not fit; the short passage did
    assert {c["file"] for c in retrieved.citations} == {"short.md"}
    assert outcome.status == "complete", outcome.meta


def test_the_conversations_libraries_are_stored_and_purged_with_it(
    store: ConversationStore,
) -> None:
    conversation = store.create_conversation()
    store.set_libraries(conversation.id, ["a", "b", "a"])
    assert store.libraries_of(conversation.id) == ["a", "b"]
    store.delete_conversation(conversation.id)
    store.empty_trash()
    rows = store._conn.execute("SELECT COUNT(*) FROM conversation_libraries").fetchone()
    assert rows[0] == 0


# ---- the CLI, as a user runs it ---------------------------------------------------------------


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agentic_desk", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=180,
        check=False,
    )


def test_cli_library_commands_and_chat_with_sources(
    tmp_path: Path, model_folder: Path, roomy_model: Path
) -> None:
    env = {
        "AGENTIC_DESK_HOME": str(tmp_path / "home"),
        "AGENTIC_DESK_EMBEDDING_MODEL": str(model_folder),
    }
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "tenancy.md").write_text(TENANCY)
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    (docs / "sheet.xlsx").write_bytes(b"PK")  # not a supported kind: left out of a folder
    assert run_cli("library", "create", "Home", env=env).returncode == 0
    added = run_cli("library", "add", "Home", str(docs), env=env)
    assert added.returncode == 0, added.stderr
    assert "broken.pdf: not indexed — broken.pdf is not a PDF that can be read" in added.stderr
    assert "tenancy.md: indexed" in added.stderr
    listed = json.loads(run_cli("library", "list", "--json", env=env).stdout)
    assert [(x["name"], x["indexed"], x["failed"]) for x in listed] == [("Home", 1, 1)]
    shown = run_cli("library", "show", "Home", env=env).stdout
    assert "tenancy.md: 2 passages" in shown and "✗" in shown
    found = json.loads(
        run_cli("library", "search", "Home", "boiler repairs", "--json", env=env).stdout
    )
    assert (found[0]["file"], found[0]["heading"]) == ("tenancy.md", "Repairs")
    chat = run_cli(
        "chat",
        "--model",
        str(roomy_model),
        "--temperature",
        "0",
        "--max-tokens",
        "16",
        "--library",
        "Home",
        "--json",
        "When is the deposit returned?",
        env=env,
    )
    assert chat.returncode == 0, chat.stderr
    reply = json.loads(chat.stdout)
    assert reply["citations"][0]["file"] == "tenancy.md"
    assert set(reply["citations"][0]) == {"file", "page", "heading", "text", "chunk_id"}
    plain = run_cli(
        "chat",
        "--model",
        str(roomy_model),
        "--temperature",
        "0",
        "--max-tokens",
        "16",
        "--library",
        "Home",
        "When is the deposit returned?",
        env=env,
    )
    assert plain.stdout.startswith("The quick")
    assert "\nSources:\n[1] tenancy.md — Tenancy\n" in plain.stdout
    missing = run_cli("library", "search", "Nope", "x", env=env)
    assert missing.returncode == 2 and "There is no library called “Nope”." in missing.stderr
    removed = run_cli("library", "remove", "Home", str(docs / "tenancy.md"), env=env)
    assert removed.returncode == 0, removed.stderr
    assert (
        json.loads(run_cli("library", "search", "Home", "deposit", "--json", env=env).stdout) == []
    )


def test_cli_ctrl_c_cancels_indexing_cleanly_and_add_goes_on(
    tmp_path: Path, model_folder: Path
) -> None:
    """Ctrl+C reaches the process group, as in a terminal: the embedding worker ignores
    it, the job stops between files, what was indexed stays and the next add goes on."""
    import signal

    env = {
        **os.environ,
        "AGENTIC_DESK_HOME": str(tmp_path / "home"),
        "AGENTIC_DESK_EMBEDDING_MODEL": str(model_folder),
    }
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(400):
        (docs / f"note-{i:03d}.txt").write_text(f"Note {i} about the boiler and topic{i}.")
    assert run_cli("library", "create", "Notes", env=env).returncode == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "agentic_desk", "library", "add", "Notes", str(docs)],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("[1/400]"):
            os.killpg(proc.pid, signal.SIGINT)
            break
    rest = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 130, rest
    assert "Cancelled. What was indexed is kept; add again to go on where it stopped." in rest
    shown = json.loads(run_cli("library", "show", "Notes", "--json", env=env).stdout)
    states = [f["status"] for f in shown["files"]]
    assert states.count("indexed") >= 1 and states.count("pending") >= 1
    again = run_cli("library", "add", "Notes", str(docs), env=env)
    assert again.returncode == 0, again.stderr
    shown = json.loads(run_cli("library", "show", "Notes", "--json", env=env).stdout)
    assert {f["status"] for f in shown["files"]} == {"indexed"}
