"""Fair sharing of the one local model between API clients.

One reply is generated at a time (the worker process serves one model). Each client has
its own first-in-first-out line; when the model is free the next client in turn is
served (round-robin), so one client with many requests cannot starve the others. The
number of waiting requests is bounded: past it, :class:`QueueFull` says when to retry.

Everything here runs on the server's event loop thread; a generation that ends on
another thread hands its release back with ``loop.call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable


class QueueFull(Exception):
    """Too many requests are waiting. ``retry_after`` is a suggested wait in seconds."""

    def __init__(self, waiting: int, retry_after: int) -> None:
        super().__init__(f"{waiting} requests are waiting")
        self.waiting = waiting
        self.retry_after = retry_after


class Ticket:
    """One request's place in line. ``await wait()`` until it is this request's turn, then
    ``release()`` exactly when the generation has ended (idempotent)."""

    def __init__(self, queue: FairQueue, client: str, request_id: str = "") -> None:
        self._queue = queue
        self.client = client
        self.request_id = request_id
        self._future: asyncio.Future[None] | None = None
        self.granted = False
        self.released = False
        self.granted_at = 0.0

    def _grant(self) -> bool:
        if self._future is not None and self._future.done():  # its waiter was cancelled
            return False
        self.granted = True
        self.granted_at = time.monotonic()
        if self._future is not None:
            self._future.set_result(None)
        return True

    async def wait(self) -> None:
        if self.granted:
            return
        assert self._future is not None
        try:
            await self._future
        except asyncio.CancelledError:
            if self.granted:
                self.release()
            else:
                self._queue._abandon(self)
            raise

    def release(self) -> None:
        if self.granted and not self.released:
            self.released = True
            self._queue._release(self)


class FairQueue:
    """``slots`` requests run at once (1: the local model); up to ``max_waiting`` wait."""

    def __init__(
        self,
        max_waiting: int,
        *,
        slots: int = 1,
        on_change: Callable[[str, Ticket], None] | None = None,
    ) -> None:
        self.max_waiting = max_waiting
        self._free = slots
        self._slots = slots
        self._lines: dict[str, deque[Ticket]] = {}
        self._turns: deque[str] = deque()  # clients with someone waiting, in serving order
        self._waiting = 0
        self._recent: deque[float] = deque(maxlen=8)  # seconds of the last generations
        self._on_change = on_change

    @property
    def waiting(self) -> int:
        return self._waiting

    @property
    def running(self) -> int:
        return self._slots - self._free

    def retry_after(self) -> int:
        """Seconds until a place is likely free: the recent mean generation time times the
        requests ahead, between 1 and 120."""
        mean = sum(self._recent) / len(self._recent) if self._recent else 1.0
        return max(1, min(120, math.ceil(mean * (self._waiting + 1) / self._slots)))

    def admit(self, client: str, request_id: str = "") -> Ticket:
        """A ticket for ``client``: granted at once if the model is free and nobody waits,
        else in line. Raises :class:`QueueFull` when the line is full."""
        ticket = Ticket(self, client, request_id)
        if self._free > 0 and self._waiting == 0:
            self._free -= 1
            ticket._grant()
            self._notify("started", ticket)
            return ticket
        if self._waiting >= self.max_waiting:
            raise QueueFull(self._waiting, self.retry_after())
        ticket._future = asyncio.get_running_loop().create_future()
        line = self._lines.get(client)
        if line is None:
            line = self._lines[client] = deque()
            self._turns.append(client)
        line.append(ticket)
        self._waiting += 1
        self._notify("queued", ticket)
        return ticket

    def _notify(self, what: str, ticket: Ticket) -> None:
        if self._on_change is not None:
            self._on_change(what, ticket)

    def _release(self, ticket: Ticket) -> None:
        self._free += 1
        self._recent.append(time.monotonic() - ticket.granted_at)
        self._grant_next()

    def _grant_next(self) -> None:
        while self._free > 0 and self._turns:
            client = self._turns.popleft()
            line = self._lines[client]
            ticket = line.popleft()
            self._waiting -= 1
            if line:
                self._turns.append(client)  # its next request waits for the others' turns
            else:
                del self._lines[client]
            if ticket._grant():
                self._free -= 1
                self._notify("started", ticket)

    def _abandon(self, ticket: Ticket) -> None:
        line = self._lines.get(ticket.client)
        if line is None or ticket not in line:
            return
        line.remove(ticket)
        self._waiting -= 1
        if not line:
            del self._lines[ticket.client]
            self._turns.remove(ticket.client)
        self._notify("abandoned", ticket)


__all__ = ["FairQueue", "QueueFull", "Ticket"]
