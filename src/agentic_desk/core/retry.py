"""One retry policy for everything that asks a server again: the chat providers' request
loop and the model downloader's transfer loop.

* :func:`parse_retry_after` reads a ``Retry-After`` value in both of its forms,
  delta-seconds (``"120"``, also ``"2.5"``) and an HTTP date (``"Wed, 21 Oct 2015
  07:28:00 GMT"``); :func:`retry_after_from_headers` also knows ``retry-after-ms``.
* :class:`Backoff` says how long retry number ``n`` waits: what the server asked for,
  capped at ``max_retry_after_s``, or else exponential back-off (``first_s * 2**n``, at
  most ``cap_s``), by default with jitter (between half and all of that); with
  ``jitter=False`` the delays are exact, for tests.
* A :data:`Waiter` does the waiting and returns early when the work is cancelled; the
  loops take one as a parameter, so tests wait without sleeping.
"""

from __future__ import annotations

import contextlib
import datetime
import email.utils
import math
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = [
    "MAX_RETRY_AFTER_S",
    "Backoff",
    "Waiter",
    "parse_retry_after",
    "retry_after_from_headers",
    "wait_unless_cancelled",
]

MAX_RETRY_AFTER_S = 60.0  # a server's Retry-After is honoured up to this long

Waiter = Callable[[threading.Event, float], bool]
"""``wait(cancel_event, seconds) -> cancelled``: waits ``seconds``, or less when
``cancel_event`` is set (then returns True)."""


def wait_unless_cancelled(cancel: threading.Event, seconds: float) -> bool:
    """The real :data:`Waiter`: returns at once when ``cancel`` is (or becomes) set."""
    return cancel.wait(max(0.0, seconds))


def parse_retry_after(value: str | None, *, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a ``Retry-After`` value: delta-seconds, or an HTTP date
    (one in the past means 0). ``None`` when there is none or it cannot be read.
    ``now`` gives the current Unix time (tests pass a fixed one)."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    with contextlib.suppress(ValueError):
        seconds = float(text)
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": HTTP dates are always GMT
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, when.timestamp() - now())


def retry_after_from_headers(
    headers: Mapping[str, str], *, now: Callable[[], float] = time.time
) -> float | None:
    """Seconds to wait from response headers (a case-insensitive mapping such as
    ``httpx.Headers``): ``retry-after-ms`` (OpenAI's, in milliseconds) when readable,
    else ``retry-after``."""
    millis = headers.get("retry-after-ms")
    if millis:
        with contextlib.suppress(ValueError):
            value = float(millis) / 1000
            if math.isfinite(value):
                return max(0.0, value)
    return parse_retry_after(headers.get("retry-after"), now=now)


@dataclass(frozen=True)
class Backoff:
    """How long each retry waits. ``attempt`` counts retries from 0."""

    first_s: float = 1.0  # the back-off of the first retry (before jitter)
    cap_s: float = 16.0  # no back-off is longer
    max_retry_after_s: float = MAX_RETRY_AFTER_S  # a server's Retry-After, honoured up to this
    jitter: bool = True  # wait between half and all of the back-off (False: all of it)

    def backoff(self, attempt: int) -> float:
        """The back-off of retry ``attempt`` before jitter: ``first_s * 2**attempt``,
        at most ``cap_s``."""
        return min(self.cap_s, self.first_s * 2.0 ** max(0, attempt))

    def honours(self, retry_after: float) -> bool:
        """Whether a server's wait is short enough to wait it out (longer ones: give up,
        or wait only ``max_retry_after_s``, as the caller decides)."""
        return retry_after <= self.max_retry_after_s

    def delay(
        self,
        attempt: int,
        retry_after: float | None = None,
        *,
        rng: random.Random | None = None,
    ) -> float:
        """Seconds before retry ``attempt``: the server's ``retry_after`` (capped at
        ``max_retry_after_s``), else the back-off, with jitter unless turned off."""
        if retry_after is not None:
            return min(max(0.0, retry_after), self.max_retry_after_s)
        delay = self.backoff(attempt)
        if not self.jitter:
            return delay
        return delay / 2 + (rng or _random).uniform(0, delay / 2)


_random = random.Random()
