"""The Starlette application: endpoints, and how a request becomes a reply.

A generation request is parsed and bounded (:mod:`formats`), planned by the same
:class:`ChatService` the chat pane uses (detector, router, privacy invariant; marked as
coming from an API client, so it stays local unless ``cloud.api_clients_may_use_cloud``),
then, when it runs on the local model, it takes its turn in the :class:`FairQueue`.
:class:`GenerationResponse` streams the reply while it watches the connection: a client
that goes away (while waiting or while its reply is written) cancels it at once.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from agentic_desk.core.chat import (
    CancelToken,
    ChatRequest,
    ChatResult,
    ChatService,
)
from agentic_desk.core.engine.client import LocalEngine
from agentic_desk.core.engine.errors import NoModelLoaded, PromptTooLong
from agentic_desk.core.engine.protocol import ChatMessage
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.generation import params_from_settings
from agentic_desk.core.routing.config import LOCAL_ALIASES
from agentic_desk.core.routing.router import RoutingError
from agentic_desk.core.settings import ApiSettings, Settings
from agentic_desk.server import formats as f
from agentic_desk.server.queue import FairQueue, QueueFull, Ticket
from agentic_desk.server.security import BearerAuth, RequestGuard

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerEvent:
    """What the server is doing, for observers (the GUI, tests). ``kind`` is one of
    "queued", "started", "abandoned" (left the line), "engine" (an engine event in
    ``detail``), "finished" (``detail``: the ChatResult) or "failed" (``detail``: the
    error). Observers are called from the server's threads and must be thread-safe."""

    kind: str
    request_id: str
    client: str
    detail: object = None


Observer = Callable[[ServerEvent], None]


def _ascii(text: str) -> str:
    return text.replace(" · ", " - ").encode("ascii", "replace").decode("ascii")


class Job:
    """One reply being generated on a worker thread, its text handed to the event loop."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        service: ChatService,
        request: ChatRequest,
        ticket: Ticket | None,
        request_id: str,
        client: str,
        observer: Observer | None,
    ) -> None:
        self.loop = loop
        self.service = service
        self.request = request
        self.ticket = ticket
        self.request_id = request_id
        self.client = client
        self.observer = observer
        self.cancel = CancelToken()
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self.future: concurrent.futures.Future[None] | None = None
        self.ended = False

    def _tell(self, kind: str, detail: object = None) -> None:
        if self.observer is not None:
            self.observer(ServerEvent(kind, self.request_id, self.client, detail))

    def _post(self, item: tuple[str, Any]) -> None:
        try:
            self.loop.call_soon_threadsafe(self.events.put_nowait, item)
        except RuntimeError:  # the loop is gone (server stopped): nobody reads any more
            self.cancel.cancel()

    def start(self, executor: concurrent.futures.Executor) -> None:
        self.future = executor.submit(self._run)
        self.future.add_done_callback(self._done)

    def _done(self, _future: object) -> None:
        if self.ticket is not None:
            with contextlib.suppress(RuntimeError):  # the loop is gone: nothing to release
                self.loop.call_soon_threadsafe(self.ticket.release)

    def _run(self) -> None:
        def on_text(text: str) -> None:
            self._post(("text", text))

        def on_event(event: object) -> None:
            self._tell("engine", event)

        try:
            result = self.service.send(self.request, on_text, self.cancel, on_event=on_event)
        except AgenticDeskError as exc:
            self._tell("failed", exc)
            self._post(("error", exc))
            return
        except Exception as exc:  # a bug: the client gets a 500, the log the details
            log.exception("the API server's generation failed")
            self._tell("failed", exc)
            self._post(("error", exc))
            return
        self._tell("finished", result)
        self._post(("done", result))


def _api_error(error: BaseException) -> f.ApiError:
    if isinstance(error, PromptTooLong):  # the client's request: 400, with the numbers
        return f.ApiError(
            400,
            f"{error.message} {error.hint}".strip(),
            "invalid_request_error",
            param="messages",
            code="context_length_exceeded",
        )
    if isinstance(error, AgenticDeskError):
        text = f"{error.message} {error.hint}".strip()
        status = 503 if isinstance(error, RoutingError | NoModelLoaded) else 500
        return f.ApiError(status, text, "server_error")
    return f.ApiError(500, "Something unexpected went wrong in the server.", "server_error")


def _outcome(kind: str, value: Any) -> ChatResult | f.ApiError:
    """A finished job's result, or the error the client is told."""
    if kind != "done":
        return _api_error(value)
    result: ChatResult = value
    if result.error is not None:
        return _api_error(result.error)
    if result.info is not None and result.info.stop_reason == "cancelled":
        # a client that left sees nothing; one that is still here was stopped by the server
        return f.ApiError(
            503, "The reply was cancelled: the API server is stopping.", "server_error"
        )
    return result


class GenerationResponse(Response):
    """Waits for the request's turn, runs it and writes the reply (SSE or one JSON body),
    while a second task watches the connection: ``http.disconnect`` cancels the reply
    (or the place in line) at once."""

    def __init__(
        self,
        owner: ApiApp,
        job: Job,
        renderer: f.Renderer,
        stream: bool,
        headers: dict[str, str],
    ) -> None:
        self.owner = owner  # Response.__init__ is not used: this class writes its own body
        self.job = job
        self.renderer = renderer
        self.stream = stream
        self.extra_headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.owner.jobs.add(self.job)
        try:
            await self._run(receive, send)
        finally:
            self.owner.jobs.discard(self.job)

    async def _run(self, receive: Receive, send: Send) -> None:
        async with anyio.create_task_group() as group:

            async def watch() -> None:
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        if not self.job.ended:
                            self.job.cancel.cancel()
                        group.cancel_scope.cancel()
                        return

            group.start_soon(watch)
            try:
                await self._respond(send)
            finally:
                if not self.job.ended:  # the client left, or the server is stopping
                    self.job.cancel.cancel()
                self.job.ended = True
                group.cancel_scope.cancel()

    def _head(self, status: int, content_type: str) -> dict[str, Any]:
        headers = [(b"content-type", content_type.encode())]
        headers += [(k.encode(), _ascii(v).encode()) for k, v in self.extra_headers.items()]
        if self.stream and status == 200:
            headers += [(b"cache-control", b"no-cache"), (b"x-accel-buffering", b"no")]
        return {"type": "http.response.start", "status": status, "headers": headers}

    async def _respond(self, send: Send) -> None:
        job = self.job
        if job.ticket is not None:
            await job.ticket.wait()
        if self.owner.closing:
            error = f.ApiError(503, "The API server is stopping.", "server_error")
            data = json.dumps(f.error_body(error, self.renderer.anthropic)).encode()
            await send(self._head(503, "application/json"))
            await send({"type": "http.response.body", "body": data})
            job.ended = True
            if job.ticket is not None:
                job.ticket.release()
            return
        job.start(self.owner.executor)
        if not self.stream:
            await self._whole(send)
            return
        # the head waits for the first event: a request refused before any text (a prompt
        # longer than the context) gets its error status, as a non-streaming one does
        first: tuple[str, Any] | None = await job.events.get()
        if first is not None and first[0] != "text":
            early = _outcome(*first)
            if isinstance(early, f.ApiError) and early.status < 500:
                job.ended = True
                await self._error(send, early)
                return
        await send(self._head(200, "text/event-stream; charset=utf-8"))
        frames = self.renderer.start()
        while True:
            kind, value = first if first is not None else await job.events.get()
            first = None
            items = [(kind, value)]
            while not job.events.empty():  # write whatever else has arrived in one go
                items.append(job.events.get_nowait())
            last = False
            for kind, value in items:
                if kind == "text":
                    frames.append(self.renderer.delta(value))
                    continue
                last = True
                outcome = _outcome(kind, value)
                if isinstance(outcome, f.ApiError):
                    frames.append(self.renderer.failure(outcome))
                else:
                    frames += self.renderer.finished(outcome)
                break
            if frames:
                await send(
                    {"type": "http.response.body", "body": b"".join(frames), "more_body": True}
                )
                frames = []
            if last:
                job.ended = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return

    async def _error(self, send: Send, error: f.ApiError) -> None:
        data = json.dumps(f.error_body(error, self.renderer.anthropic), ensure_ascii=False).encode()
        head = self._head(error.status, "application/json")
        head["headers"].append((b"content-length", str(len(data)).encode()))
        await send(head)
        await send({"type": "http.response.body", "body": data})

    async def _whole(self, send: Send) -> None:
        while True:
            kind, value = await self.job.events.get()
            if kind != "text":
                break
        self.job.ended = True
        outcome = _outcome(kind, value)
        if isinstance(outcome, f.ApiError):
            status, body = outcome.status, f.error_body(outcome, self.renderer.anthropic)
        else:
            status, body = 200, self.renderer.whole_body(outcome)
        data = json.dumps(body, ensure_ascii=False).encode()
        head = self._head(status, "application/json")
        head["headers"].append((b"content-length", str(len(data)).encode()))
        await send(head)
        await send({"type": "http.response.body", "body": data})


class ApiApp:
    """The endpoints and what they share. ``settings`` is read at each request (the GUI
    may change it); ``api`` (limits, origins) is fixed for the server's life."""

    def __init__(
        self,
        *,
        engine: LocalEngine | None,
        settings: Callable[[], Settings],
        api: ApiSettings,
        service_factory: Callable[[], ChatService],
        token: Callable[[], str],
        hosts: Callable[[], list[str]],
        port: Callable[[], int],
        executor: concurrent.futures.Executor,
        observer: Observer | None = None,
        libraries: Any = None,
    ) -> None:
        self.engine = engine
        # core.library.service.Libraries (the documents requests may answer from), or None
        self.libraries = libraries
        self._settings = settings
        self.api = api
        self._service_factory = service_factory
        self.executor = executor
        self.observer = observer
        self.queue = FairQueue(api.max_queue, on_change=self._queue_changed)
        self._model_id = "local"
        self.jobs: set[Job] = set()  # replies waiting or in progress
        self.closing = False
        self.app = Starlette(
            routes=[
                Route("/health", self.health, methods=["GET"]),
                Route("/v1/models", self.models, methods=["GET"]),
                Route("/v1/libraries", self.library_list, methods=["GET"]),
                Route("/v1/chat/completions", self.chat_completions, methods=["POST"]),
                Route("/v1/completions", self.completions, methods=["POST"]),
                Route("/v1/messages", self.messages, methods=["POST"]),
            ],
            middleware=[
                Middleware(
                    RequestGuard,
                    hosts=hosts,
                    port=port,
                    origins=api.allowed_origins,
                    max_body_bytes=api.max_body_bytes,
                ),
                Middleware(
                    CORSMiddleware,
                    allow_origins=list(api.allowed_origins),
                    allow_methods=["GET", "POST"],
                    allow_headers=["authorization", "content-type", "x-api-key", "*"],
                ),
                Middleware(BearerAuth, token=token),
            ],
        )

    def close(self) -> None:
        """Refuse what waits and cancel what runs (the server is stopping). Any thread."""
        self.closing = True
        for job in list(self.jobs):
            job.cancel.cancel()

    def _queue_changed(self, what: str, ticket: Ticket) -> None:
        if self.observer is not None:
            self.observer(ServerEvent(what, ticket.request_id, ticket.client))

    def model_id(self) -> str:
        loaded = self.engine.loaded if self.engine is not None else None
        if loaded is not None:
            self._model_id = Path(loaded.model_path).name
        return self._model_id

    # ---- endpoints ------------------------------------------------------------------------

    async def health(self, _request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def models(self, _request: Request) -> Response:
        data = []
        if self.engine is not None and self.engine.has_model:
            local: dict[str, object] = {
                "id": self.model_id(),
                "object": "model",
                "created": 0,
                "owned_by": "local",
            }
            loaded = self.engine.loaded
            if loaded is not None:  # the context the engine chose here (as OpenRouter names it)
                local["context_length"] = loaded.context_length
            data.append(local)
        settings = self._settings()
        if settings.cloud.enabled and settings.cloud.api_clients_may_use_cloud:
            service = self._service_factory()
            for name, entry in service.config.providers.items():
                if not entry.is_local:
                    data.append({"id": name, "object": "model", "created": 0, "owned_by": name})
        return JSONResponse({"object": "list", "data": data})

    async def library_list(self, _request: Request) -> Response:
        """The document libraries a request may name in ``agentic_desk.libraries``."""
        data: list[dict[str, Any]] = []
        if self.libraries is not None:
            try:
                summaries = await anyio.to_thread.run_sync(self.libraries.summaries)
            except AgenticDeskError as exc:
                error = _api_error(exc)
                return JSONResponse(f.error_body(error, False), status_code=error.status)
            for summary in summaries:
                row = summary.as_dict()
                data.append(
                    {
                        "object": "library",
                        **{k: row[k] for k in LIBRARY_FIELDS},
                    }
                )
        return JSONResponse({"object": "list", "data": data})

    async def chat_completions(self, request: Request) -> Response:
        return await self._generate(request, f.parse_chat, f.ChatRenderer)

    async def completions(self, request: Request) -> Response:
        return await self._generate(request, f.parse_completion, f.CompletionRenderer)

    async def messages(self, request: Request) -> Response:
        return await self._generate(request, f.parse_messages, f.MessagesRenderer)

    # ---- generation -----------------------------------------------------------------------

    async def _generate(
        self, request: Request, parse: Callable[..., f.Parsed], renderer_type: type[f.Renderer]
    ) -> Response:
        anthropic = renderer_type.anthropic
        try:
            return await self._prepare(request, parse, renderer_type)
        except ClientDisconnect:  # it left while sending its request: nobody to answer
            log.debug("a client disconnected before its request had arrived")
            return Response(status_code=400)
        except f.ApiError as error:
            return JSONResponse(
                f.error_body(error, anthropic), status_code=error.status, headers=error.headers
            )

    async def _prepare(
        self, request: Request, parse: Callable[..., f.Parsed], renderer_type: type[f.Renderer]
    ) -> GenerationResponse:
        data = f.parse_json(await request.body())
        settings = self._settings()
        parsed = parse(data, params_from_settings(settings.engine), self.api.max_tokens_limit)
        service = self._service_factory()
        messages: list[ChatMessage] = parsed.messages
        privacy: str = str(settings.privacy.default_level)
        extension: dict[str, Any] | None = None
        if parsed.libraries:
            messages, privacy, extension = await anyio.to_thread.run_sync(
                self._answer_from_libraries, parsed, privacy
            )
        provider = None
        if parsed.model and parsed.model not in LOCAL_ALIASES:
            entry = service.config.provider(parsed.model)
            if entry is not None and not entry.is_local:
                provider = parsed.model  # routing still applies every guard
        chat_request = ChatRequest(
            messages,
            parsed.params,
            privacy=privacy,
            provider=provider,
            from_api_client=True,
            # personal details replaced before a cloud request (off unless configured)
            pseudonymise=settings.cloud.api_clients_pseudonymise,
        )
        try:
            plan = await anyio.to_thread.run_sync(service.plan, chat_request)
        except AgenticDeskError as exc:
            raise _api_error(exc) from None
        decision = plan.decision
        client = parsed.user or (request.client.host if request.client else "unknown")
        request_id = secrets.token_hex(8)
        ticket: Ticket | None = None
        if decision.is_local:
            try:
                ticket = self.queue.admit(client, request_id)
            except QueueFull as full:
                raise f.ApiError(
                    429,
                    f"The local model is busy: {full.waiting} requests are already waiting. "
                    f"Try again in {full.retry_after} s.",
                    "rate_limit_error",
                    headers={"Retry-After": str(full.retry_after)},
                ) from None
        model = self.model_id() if decision.is_local else (decision.model or decision.provider)
        renderer = renderer_type(model, parsed.include_usage)
        renderer.extension = extension
        job = Job(
            asyncio.get_running_loop(),
            service,
            chat_request,
            ticket,
            request_id,
            client,
            self.observer,
        )
        headers = {"x-agentic-desk-route": decision.label, "x-request-id": request_id}
        if plan.notice:
            headers["x-agentic-desk-privacy"] = plan.notice[:300]
        return GenerationResponse(self, job, renderer, parsed.stream, headers)

    def _answer_from_libraries(
        self, parsed: f.Parsed, privacy: str
    ) -> tuple[list[ChatMessage], str, dict[str, Any]]:
        """Worker thread: the request's messages with the passages of its libraries for
        its newest question, the privacy it is sent at, and the reply's ``agentic_desk``
        field. The same core path as ``chat --library``: retrieval within the model's
        context (:func:`retrieve_for_prompt`, :func:`with_passages`) and a library with
        sensitive data making the request private (:func:`library_privacy`)."""
        from agentic_desk.core.library.privacy import library_privacy
        from agentic_desk.core.library.retrieval import retrieve_for_prompt, with_passages
        from agentic_desk.core.library.store import LibraryNotFound

        libraries = self.libraries
        param = f"{f.EXTENSION}.libraries"
        if libraries is None:
            raise f.ApiError(
                400,
                "This server has no document libraries (start it from Agentic Desk or with "
                "`agentic-desk serve`).",
                param=param,
            )
        ids: list[str] = []
        for name in parsed.libraries:
            try:
                ids.append(libraries.get(name).id)
            except LibraryNotFound:
                raise f.ApiError(
                    400,
                    f"There is no library called “{name}”. GET /v1/libraries lists them.",
                    param=param,
                    code="library_not_found",
                ) from None
        question = next((m.content for m in reversed(parsed.messages) if m.role == "user"), "")
        try:
            retrieval = retrieve_for_prompt(
                libraries.retriever(),
                ids,
                question,
                engine=self.engine,
                texts=[m.content for m in parsed.messages],
                reply_tokens=parsed.params.max_new_tokens,
            )
        except AgenticDeskError as exc:
            raise _api_error(exc) from None
        level, reasons = library_privacy(privacy, retrieval.findings)
        citations = [
            {k: c[k] for k in ("n", "library", "file", "page", "heading", "text", "chunk_id")}
            for c in retrieval.citations()
        ]
        extension = {
            "citations": citations,
            "privacy": level,
            "privacy_reasons": [reason.describe() for reason in reasons],
        }
        return with_passages(parsed.messages, retrieval), level, extension


#: What ``GET /v1/libraries`` says of each library (core.library's LibrarySummary).
LIBRARY_FIELDS = (
    "id",
    "name",
    "status",
    "files",
    "indexed",
    "pending",
    "failed",
    "passages",
    "files_with_findings",
)
