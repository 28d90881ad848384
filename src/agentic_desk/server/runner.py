"""``ApiServer``: the local API server as a Qt-free controller (the CLI and the GUI use it).

    server = ApiServer(context, engine)
    url = server.start()      # uvicorn on a background thread; returns e.g. http://127.0.0.1:8765
    server.token              # the bearer token clients need (from the keyring)
    server.rotate_token()     # new token, in the keyring and in force at once
    server.stop()             # cancels replies in progress, closes the port

Binds 127.0.0.1 unless ``api.allow_lan`` is on (then every interface, with a warning in
``server.warnings``). ``port=0`` picks a free port (tests).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import errno
import logging
import socket
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import uvicorn

from agentic_desk.core.chat import ChatService
from agentic_desk.core.context import AppContext
from agentic_desk.core.engine.client import LocalEngine
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.server.app import ApiApp, Observer
from agentic_desk.server.connection import (
    KEEP_ALIVE_S,
    MAX_HEAD_BYTES,
    REQUEST_TIMEOUT_S,
    guarded_protocol,
)
from agentic_desk.server.token import ApiTokenStore, check_token

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
log = logging.getLogger(__name__)
STOP_GRACE_S = 10.0  # how long stop() lets open connections finish before forcing

LAN_WARNING = (
    "The API server accepts connections from other computers on your network "
    "(api.allow_lan is on). Anyone there who has the access token can use your model; "
    "turn it off unless you need it."
)


class ApiServerError(AgenticDeskError):
    """The server could not start."""


def lan_names() -> list[str]:
    """This computer's names and addresses, which LAN clients may put in ``Host``."""
    import psutil

    names = {socket.gethostname(), f"{socket.gethostname()}.local"}
    with contextlib.suppress(OSError):
        names.add(socket.getfqdn())
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family in (socket.AF_INET, socket.AF_INET6):
                names.add(address.address.split("%", 1)[0])
    return sorted(n.lower() for n in names if n)


class _Uvicorn(uvicorn.Server):
    """uvicorn's server, telling a thread when it listens (no polling)."""

    def __init__(self, config: uvicorn.Config, started: threading.Event) -> None:
        super().__init__(config)
        self._started_event = started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self._started_event.set()


class ApiServer:
    """The OpenAI-compatible API server over ``engine`` and the app's ``context``.

    ``token`` supplies the access token for this run (else ``token_store``'s, made on the
    first start); ``service_factory`` builds the ChatService for each request (default:
    ``context.chat_service(engine)``, so settings and routing rules changed while it runs
    apply to the next request); ``observer`` gets :class:`ServerEvent`s from any thread;
    ``libraries`` (core.library's ``Libraries``, or None) are the document libraries
    requests may answer from (``GET /v1/libraries``, ``"agentic_desk": {"libraries": …}``).
    ``request_timeout_s`` bounds how long a request's head and body may take to arrive
    and ``keep_alive_s`` how long an idle connection stays open after a reply
    (:mod:`agentic_desk.server.connection`).
    """

    def __init__(
        self,
        context: AppContext,
        engine: LocalEngine | None,
        *,
        port: int | None = None,
        token: str | None = None,
        token_store: ApiTokenStore | None = None,
        service_factory: Callable[[], ChatService] | None = None,
        observer: Observer | None = None,
        max_threads: int = 8,
        token_refresh_s: float = 5.0,
        request_timeout_s: float = REQUEST_TIMEOUT_S,
        keep_alive_s: float = KEEP_ALIVE_S,
        libraries: Any = None,
    ) -> None:
        self.context = context
        self.libraries = libraries  # core.library's Libraries: GET /v1/libraries, agentic_desk
        self.engine = engine
        api = context.settings.api
        self.api = api.model_copy(deep=True)
        self._port_wanted = api.port if port is None else port
        self.host = "0.0.0.0" if api.allow_lan else "127.0.0.1"
        self._token = check_token(token, "the token given") if token is not None else None
        self._token_fixed = token is not None
        self._token_store = token_store or ApiTokenStore()
        self._token_refresh_s = token_refresh_s
        self._token_read_at = 0.0
        self._service_factory = service_factory or (lambda: context.chat_service(engine))
        self._observer = observer
        self._max_threads = max_threads
        self._request_timeout_s = request_timeout_s
        self._keep_alive_s = keep_alive_s
        self._port = 0
        self._thread: threading.Thread | None = None
        self._server: _Uvicorn | None = None
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._app: ApiApp | None = None
        self._hosts = list(LOCAL_HOSTS) + (lan_names() if api.allow_lan else [])
        self.warnings: list[str] = [LAN_WARNING] if api.allow_lan else []

    # ---- state ----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        """The base URL clients use (``/v1`` is appended by OpenAI clients' base_url)."""
        return f"http://127.0.0.1:{self._port}"

    @property
    def token(self) -> str:
        """The access token clients must send (made and stored on first use)."""
        if self._token is None:
            self._token = self._token_store.get_or_create()
            self._token_read_at = time.monotonic()
        return self._token

    def rotate_token(self) -> str:
        """A new token, stored and in force at once; clients with the old one are refused."""
        self._token = self._token_store.rotate()
        self._token_read_at = time.monotonic()
        return self._token

    def _current_token(self) -> str:
        """The token for the next request. A keyring token is read again every
        ``token_refresh_s`` seconds, so ``agentic-desk api token rotate`` run elsewhere
        takes effect on a running server; a failed read keeps the token in force."""
        token = self.token
        if self._token_fixed or time.monotonic() - self._token_read_at < self._token_refresh_s:
            return token
        self._token_read_at = time.monotonic()
        with contextlib.suppress(AgenticDeskError):
            fresh = self._token_store.get()
            if fresh:
                self._token = token = fresh
        return token

    @property
    def queue_waiting(self) -> int:
        return self._app.queue.waiting if self._app is not None else 0

    # ---- life -----------------------------------------------------------------------------

    def _bind(self) -> socket.socket:
        # proto=IPPROTO_TCP: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on
        # sockets that say so; without it each SSE frame on a kept-alive connection can
        # wait ~40 ms for the client's delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        if sys.platform == "win32":  # there SO_REUSEADDR would let another program take the port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:  # restart at once after a stop (connections in TIME_WAIT)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self._port_wanted))
        except OSError as exc:
            sock.close()
            if exc.errno == errno.EADDRINUSE:
                raise ApiServerError(
                    f"Port {self._port_wanted} is already in use by another program.",
                    "Choose another port with --port N or the setting api.port.",
                ) from None
            raise ApiServerError(
                f"The API server could not open port {self._port_wanted} ({exc.strerror}).",
                "Choose another port with --port N or the setting api.port.",
            ) from None
        return sock

    def start(self) -> str:
        """Start serving on a background thread; returns :attr:`url` once it listens."""
        if self.running:
            return self.url
        _ = self.token  # no token (e.g. no keyring): refuse before opening a port
        sock = self._bind()
        self._port = sock.getsockname()[1]
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=self._max_threads, thread_name_prefix="agentic-desk-api"
        )
        self._app = ApiApp(
            engine=self.engine,
            settings=lambda: self.context.settings,
            api=self.api,
            service_factory=self._service_factory,
            token=self._current_token,
            hosts=lambda: self._hosts,
            port=lambda: self._port,
            executor=self._executor,
            observer=self._observer,
            libraries=self.libraries,
        )
        config = uvicorn.Config(
            self._app.app,
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            server_header=False,
            timeout_graceful_shutdown=5,
            ws="none",
            # a request must arrive (head and body) within request_timeout_s; an idle
            # connection after a reply is closed after keep_alive_s; a request head is at
            # most MAX_HEAD_BYTES (else 400)
            http=guarded_protocol(self._request_timeout_s),
            timeout_keep_alive=self._keep_alive_s,  # type: ignore[arg-type]
            h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        )
        started = threading.Event()
        self._server = _Uvicorn(config, started)
        failure: list[BaseException] = []

        def run() -> None:
            try:
                assert self._server is not None
                asyncio.run(self._server.serve(sockets=[sock]))
            except BaseException as exc:  # reported by start()
                failure.append(exc)
            finally:
                sock.close()
                started.set()

        self._thread = threading.Thread(target=run, name="agentic-desk-api-server", daemon=True)
        self._thread.start()
        started.wait()
        if failure or not self._server.started:
            self.stop()
            why = f" ({failure[0]})" if failure else ""
            raise ApiServerError(f"The API server did not start{why}.", "See the log for details.")
        return self.url

    def stop(self) -> None:
        """Cancel every reply in progress and waiting, close the port, end the thread."""
        if self._app is not None:
            self._app.close()
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            # uvicorn's graceful shutdown waits for open connections and tasks; one that
            # never ends (a client that keeps a connection open) must not keep the app
            # from stopping: after a grace period, force it.
            self._thread.join(STOP_GRACE_S)
            if self._thread.is_alive() and self._server is not None:
                log.warning("the API server did not stop in %s s: forcing it", STOP_GRACE_S)
                self._server.force_exit = True
                self._thread.join()
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        self._thread = None
        self._server = None
        self._executor = None

    def __enter__(self) -> ApiServer:
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


__all__ = ["LAN_WARNING", "ApiServer", "ApiServerError", "lan_names"]
