"""The local API server and document libraries (issue 17): ``GET /v1/libraries`` and a
chat completion answered from libraries named in ``"agentic_desk": {"libraries": [...]}``,
with the citations in the reply (``agentic_desk.citations``, and a last SSE chunk when
streaming), a library with sensitive data making the request private, and an unknown
library refused with a 400.

Real parts: uvicorn on 127.0.0.1, the real ChatService over the engine worker with the
scripted tiny model, the library index and the tiny ONNX embedding model; real HTTP
(httpx and the OpenAI client library)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openai import OpenAI

import tiny_models as tm
from agentic_desk.core.chat import ChatService
from agentic_desk.core.conversations import ConversationStore
from agentic_desk.core.library.embedding import OnnxEmbedder
from agentic_desk.core.library.retrieval import PROMPT_HEADER
from agentic_desk.core.library.service import Libraries
from agentic_desk.core.library.store import open_beside
from agentic_desk.core.library.tiny_embedder import build_tiny_embedder
from agentic_desk.server import ApiServer
from conversation_helpers import local_service
from server_helpers import TOKEN, serve, sse_events

pytestmark = pytest.mark.engine

TENANCY = (
    "# Tenancy\n\nThe deposit of 1200 pounds is returned within 10 days of the end of the "
    "tenancy.\n\n# Repairs\n\nThe landlord repairs the boiler within 48 hours.\n"
)
CONTACT = "# Contact\n\nFor the deposit write to jane.doe@example.com or call the agent.\n"
QUESTION = [{"role": "user", "content": "When is the deposit returned?"}]


class SpyService(ChatService):
    """The real ChatService, remembering each request it was given."""

    requests: list[Any]

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.requests.append(request)
        return super().send(request, *args, **kwargs)


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ApiServer, list[Any]]]:
    home = tmp_path_factory.mktemp("home")
    model = tm.build_scripted_model(home / "models" / "roomy", context_length=1024)
    embedder = build_tiny_embedder(home / "embedder")
    docs = home / "docs"
    for name, files in {
        "Case notes": {"tenancy.md": TENANCY},
        "Contacts": {"contact.md": CONTACT},
    }.items():
        (docs / name).mkdir(parents=True)
        for file_name, text in files.items():
            (docs / name / file_name).write_text(text, encoding="utf-8")
    requests: list[Any] = []
    with (
        pytest.MonkeyPatch.context() as patch,
        ConversationStore(home / "data" / "conversations.db") as conversations,
        Libraries(open_beside(conversations), None) as libraries,
    ):
        patch.setenv("AGENTIC_DESK_HOME", str(home / "app"))
        libraries.set_embedder(OnnxEmbedder(embedder, threads=1))
        for name in ("Case notes", "Contacts"):
            libraries.create(name)
            libraries.add(name, [docs / name]).run()
        libraries.create("Empty")
        services: list[SpyService] = []

        def factory() -> ChatService:
            service = local_service(engine_box[0], home)
            service.__class__ = SpyService
            service.requests = requests
            services.append(service)
            return service  # type: ignore[no-any-return]

        engine_box: list[Any] = []
        with serve(model, service_factory=factory, libraries=libraries) as (server, engine, _r):
            engine_box.append(engine)
            yield server, requests


@pytest.fixture(autouse=True)
def _no_leaked_processes() -> Iterator[None]:
    """The module's server (and its worker) live across tests."""
    yield


def post(server: ApiServer, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(
        f"{server.url}/v1/chat/completions",
        json=body,
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=120,
    )


def test_the_libraries_are_listed(served: tuple[ApiServer, list[Any]]) -> None:
    server, _requests = served
    reply = httpx.get(
        f"{server.url}/v1/libraries", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60
    )
    assert reply.status_code == 200
    rows = {row["name"]: row for row in reply.json()["data"]}
    assert list(rows) == ["Case notes", "Contacts", "Empty"]
    assert (rows["Case notes"]["files"], rows["Case notes"]["status"]) == (1, "ready")
    assert rows["Case notes"]["passages"] == 2
    assert rows["Contacts"]["files_with_findings"] == 1
    assert (rows["Empty"]["files"], rows["Empty"]["status"]) == (0, "empty")
    assert set(rows["Empty"]) >= {"object", "id", "indexed", "pending", "failed"}
    refused = httpx.get(f"{server.url}/v1/libraries", timeout=60)
    assert refused.status_code == 401  # the token is needed, as for every endpoint


def test_a_question_is_answered_from_the_library_with_citations(
    served: tuple[ApiServer, list[Any]],
) -> None:
    server, requests = served
    before = len(requests)
    reply = post(
        server,
        {"model": "local", "messages": QUESTION, "agentic_desk": {"libraries": ["Case notes"]}},
    )
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["choices"][0]["message"]["content"] == tm.SENTENCE
    extension = body["agentic_desk"]
    first = extension["citations"][0]
    assert (first["n"], first["library"], first["file"]) == (1, "Case notes", "tenancy.md")
    assert first["heading"] == "Tenancy" and "1200 pounds" in first["text"]
    assert set(first) == {"n", "library", "file", "page", "heading", "text", "chunk_id"}
    assert extension["privacy"] == requests[before].privacy
    assert extension["privacy_reasons"] == []
    # the model was given the passages before the question (the client's messages were not)
    sent = requests[before].messages[-1].content
    assert sent.startswith(PROMPT_HEADER) and "[1] tenancy.md, Tenancy" in sent
    assert sent.endswith("Question: When is the deposit returned?")
    # without the field: no passages, no agentic_desk field
    plain = post(server, {"model": "local", "messages": QUESTION})
    assert plain.status_code == 200 and "agentic_desk" not in plain.json()
    assert requests[-1].messages[-1].content == "When is the deposit returned?"


def test_a_library_with_sensitive_data_makes_the_request_private(
    served: tuple[ApiServer, list[Any]],
) -> None:
    server, requests = served
    before = len(requests)
    reply = post(
        server,
        {"model": "local", "messages": QUESTION, "agentic_desk": {"libraries": ["Contacts"]}},
    )
    assert reply.status_code == 200, reply.text
    extension = reply.json()["agentic_desk"]
    assert extension["privacy"] == "high"
    assert requests[before].privacy == "high"
    assert extension["privacy_reasons"] == ["the document contact.md: an e-mail address"]
    assert reply.headers["x-agentic-desk-route"].startswith("Local - privacy high")


def test_streaming_ends_with_the_citations(served: tuple[ApiServer, list[Any]]) -> None:
    server, _requests = served
    with httpx.stream(
        "POST",
        f"{server.url}/v1/chat/completions",
        json={
            "messages": QUESTION,
            "stream": True,
            "agentic_desk": {"libraries": ["Case notes"]},
        },
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=120,
    ) as response:
        assert response.status_code == 200
        text = response.read().decode()
    events = [data for _event, data in sse_events(text)]
    assert events[-1] == "[DONE]"
    last = json.loads(events[-2])
    assert last["choices"] == [] and last["object"] == "chat.completion.chunk"
    assert last["agentic_desk"]["citations"][0]["file"] == "tenancy.md"
    # the OpenAI client library reads the same stream (the extra chunk has no choices)
    client = OpenAI(base_url=f"{server.url}/v1", api_key=TOKEN, max_retries=0)
    pieces = []
    for chunk in client.chat.completions.create(
        model="local",
        messages=QUESTION,  # type: ignore[arg-type]
        stream=True,
        extra_body={"agentic_desk": {"libraries": ["Case notes"]}},
    ):
        pieces += [c.delta.content or "" for c in chunk.choices]
    assert "".join(pieces) == tm.SENTENCE


@pytest.mark.parametrize(
    ("extension", "message"),
    [
        (
            {"libraries": ["Nope"]},
            "There is no library called “Nope”. GET /v1/libraries lists them.",
        ),
        ({"libraries": "Case notes"}, "'agentic_desk.libraries' must be a list of up to 8"),
        ({"librarys": ["Case notes"]}, "'agentic_desk' has fields this server does not know"),
        ("Case notes", "'agentic_desk' must be an object"),
    ],
)
def test_a_bad_library_request_is_a_400_in_words(
    served: tuple[ApiServer, list[Any]], extension: object, message: str
) -> None:
    server, _requests = served
    reply = post(server, {"messages": QUESTION, "agentic_desk": extension})
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["message"].startswith(message)
    assert error["type"] == "invalid_request_error"


def test_cli_serve_answers_from_the_libraries_beside_the_conversations(
    tmp_path: Path,
) -> None:
    """``agentic-desk serve`` opens the libraries the CLI made, and a request uses them."""
    import os
    import re
    import signal
    import subprocess
    import sys

    home = tmp_path / "home"
    model = tm.build_scripted_model(tmp_path / "models" / "roomy", context_length=1024)
    env = {
        **os.environ,
        "AGENTIC_DESK_HOME": str(home),
        "AGENTIC_DESK_EMBEDDING_MODEL": str(build_tiny_embedder(tmp_path / "embedder")),
        "MY_DESK_TOKEN": TOKEN,
    }
    (tmp_path / "tenancy.md").write_text(TENANCY, encoding="utf-8")
    for args in (("create", "Case notes"), ("add", "Case notes", str(tmp_path / "tenancy.md"))):
        done = subprocess.run(
            [sys.executable, "-m", "agentic_desk", "library", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    process = subprocess.Popen(
        [sys.executable, "-m", "agentic_desk", "serve", "--model", str(model), "--port", "0",
         "--token-env", "MY_DESK_TOKEN"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Press Ctrl+C"):
                break
        match = re.search(r"API server on (http://127\.0\.0\.1:\d+)", "".join(lines))
        assert match, "".join(lines)
        url = match.group(1)
        headers = {"Authorization": f"Bearer {TOKEN}"}
        listed = httpx.get(f"{url}/v1/libraries", headers=headers, timeout=60).json()
        assert [(r["name"], r["files"], r["status"]) for r in listed["data"]] == [
            ("Case notes", 1, "ready")
        ]
        reply = httpx.post(
            f"{url}/v1/chat/completions",
            json={"messages": QUESTION, "agentic_desk": {"libraries": ["Case notes"]}},
            headers=headers,
            timeout=120,
        )
        assert reply.status_code == 200, reply.text
        assert reply.json()["agentic_desk"]["citations"][0]["file"] == "tenancy.md"
        process.send_signal(signal.SIGINT)
        assert process.wait(60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
