"""Background work for the window: disk, network and hardware probes off the GUI thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any


def run_in_background(
    loop: asyncio.AbstractEventLoop,
    work: Callable[..., Any],
    *args: Any,
    then: Callable[[Any], None],
    fail: Callable[[BaseException], None],
) -> None:
    """Run ``work(*args)`` on the loop's executor; ``then(result)`` or ``fail(error)`` runs
    back on the GUI thread (the loop's thread) when it ends."""
    future = loop.run_in_executor(None, work, *args)

    def done(fut: Any) -> None:
        if fut.cancelled():
            return
        error = fut.exception()
        if error is None:
            then(fut.result())
        else:
            fail(error)

    future.add_done_callback(done)


__all__ = ["run_in_background"]
