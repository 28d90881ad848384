"""Connection limits uvicorn does not have: a deadline for a request to arrive.

uvicorn (0.55, h11) times out only an idle kept-alive connection *after* a reply
(``timeout_keep_alive``); a connection that opens and sends nothing, or half its headers,
or half its body, is kept for ever, and enough of them use up the server's file handles
(slowloris). :class:`GuardedH11Protocol` closes a connection whose request (head and
body) has not fully arrived within ``request_timeout_s`` of the connection opening or of
the previous reply ending. The clock stops once the whole request is in: a reply may take
as long as it needs.

Closing is quiet: the app sees the client leave (``http.disconnect``), as when a client
gives up by itself, and nothing is logged above DEBUG.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger(__name__)

REQUEST_TIMEOUT_S = 30.0  # head and body of one request (the body is at most 1 MiB)
KEEP_ALIVE_S = 5  # an idle connection after a reply (uvicorn's timeout_keep_alive)
MAX_HEAD_BYTES = 16 * 1024  # request line and headers (h11_max_incomplete_event_size)

_ARRIVED = (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request to arrive (module doc)."""

    request_timeout_s: float = REQUEST_TIMEOUT_S

    _request_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._stop_if_arrived()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():  # waiting for the next request on this connection
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._request_timer = self.loop.call_later(self.request_timeout_s, self._timed_out)
        self._stop_if_arrived()  # a pipelined request may already be complete

    def _disarm(self) -> None:
        if self._request_timer is not None:
            self._request_timer.cancel()
            self._request_timer = None

    def _stop_if_arrived(self) -> None:
        if self._request_timer is not None and self.conn.their_state in _ARRIVED:
            self._disarm()

    def _timed_out(self) -> None:
        self._request_timer = None
        if self.transport.is_closing():
            return
        log.debug(
            "closed a connection whose request did not arrive within %s s",
            self.request_timeout_s,
        )
        with contextlib.suppress(h11.LocalProtocolError):
            self.conn.send(h11.ConnectionClosed())
        self.transport.close()


def guarded_protocol(request_timeout_s: float) -> type[GuardedH11Protocol]:
    """The protocol class for one server, with its deadline."""
    return type(
        "GuardedH11Protocol", (GuardedH11Protocol,), {"request_timeout_s": request_timeout_s}
    )


__all__ = [
    "KEEP_ALIVE_S",
    "MAX_HEAD_BYTES",
    "REQUEST_TIMEOUT_S",
    "GuardedH11Protocol",
    "guarded_protocol",
]
