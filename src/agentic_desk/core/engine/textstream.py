"""Turning a stream of token ids into a stream of safe text deltas.

Two problems, solved separately and composed by the worker:

* A token may carry only part of a multi-byte character (an emoji is often
  several byte tokens). :class:`IncrementalDecoder` only releases text once it
  decodes cleanly, and decodes a small window so leading spaces are kept.
* A stop string may arrive split over several tokens. :class:`StopStringFilter`
  holds back any tail that could still become a stop string and releases it as
  soon as it cannot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

_REPLACEMENT = "\ufffd"


class IncrementalDecoder:
    """Decodes token ids one at a time into text deltas that never split a character."""

    def __init__(self, decode: Callable[[Sequence[int]], str]) -> None:
        self._decode = decode
        self._ids: list[int] = []
        self._prefix_offset = 0  # start of the window decoded for context
        self._read_offset = 0  # ids before this have been released as text
        self._prefix_text = ""  # decode of ids[prefix_offset:read_offset], kept to halve work

    def push(self, token_id: int) -> str:
        """Add one token; return the text it completes (possibly empty)."""
        self._ids.append(token_id)
        prefix_text = self._prefix_text
        new_text = self._decode(self._ids[self._prefix_offset :])
        if len(new_text) > len(prefix_text) and not new_text.endswith(_REPLACEMENT):
            delta = new_text[len(prefix_text) :]
            self._prefix_offset = self._read_offset
            self._read_offset = len(self._ids)
            self._prefix_text = self._decode(self._ids[self._prefix_offset : self._read_offset])
            return delta
        return ""

    def flush(self) -> str:
        """Text still held at the end of the stream (an incomplete character is dropped)."""
        prefix_text = self._prefix_text
        new_text = self._decode(self._ids[self._prefix_offset :])
        self._prefix_offset = self._read_offset = len(self._ids)
        self._prefix_text = ""
        tail = new_text[len(prefix_text) :] if len(new_text) > len(prefix_text) else ""
        return tail.rstrip(_REPLACEMENT)


class StopStringFilter:
    """Releases text unless it is, or may become, one of the stop strings."""

    def __init__(self, stops: Sequence[str]) -> None:
        self._stops = [s for s in stops if s]
        self._held = ""
        self.matched: str | None = None

    def push(self, text: str) -> str:
        """Add text; return what is safe to show. After a match, :attr:`matched` is set."""
        if self.matched is not None:
            return ""
        buffer = self._held + text
        first: tuple[int, str] | None = None
        for stop in self._stops:
            index = buffer.find(stop)
            if index >= 0 and (first is None or index < first[0]):
                first = (index, stop)
        if first is not None:
            self.matched = first[1]
            self._held = ""
            return buffer[: first[0]]
        hold = 0
        for stop in self._stops:
            for size in range(min(len(stop) - 1, len(buffer)), hold, -1):
                if buffer.endswith(stop[:size]):
                    hold = size
                    break
        self._held = buffer[len(buffer) - hold :] if hold else ""
        return buffer[: len(buffer) - hold]

    def flush(self) -> str:
        """Release whatever is held (the stream ended without completing a stop string)."""
        held, self._held = self._held, ""
        return held
