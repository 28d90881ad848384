"""A small, strict parser for Server-Sent Events (the ``text/event-stream`` format).

It follows the WHATWG event-stream rules: lines end in CRLF, LF or CR; a line starting
with ``:`` is a comment; ``field: value`` lines fill an event (several ``data`` lines
are joined with newlines; unknown fields are ignored); a blank line dispatches it.

It is strict where the rules are forgiving, because a chat reply must not be silently
truncated: when the stream ends inside an event (a line without its line break, or
fields without the blank line that dispatches them) :func:`iter_events` raises
:class:`SSECutShort` instead of dropping the event; a line that is not UTF-8 raises
:class:`SSEDecodeError` instead of being patched with replacement characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = ["SSECutShort", "SSEDecodeError", "SSEError", "SSEEvent", "SSEParser", "iter_events"]

_LINE_END = re.compile(rb"[\r\n]")
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class SSEEvent:
    event: str = "message"  # the ``event:`` field, or "message" when there was none
    data: str = ""
    id: str | None = None  # the last event id seen so far in the stream


class SSEError(Exception):
    """The byte stream is not a complete, well-formed event stream."""


class SSECutShort(SSEError):
    """The stream ended inside an event. ``pending`` is the event that was being
    built (``None`` when it had no ``data`` yet); its last line may be incomplete."""

    def __init__(self, pending: SSEEvent | None) -> None:
        super().__init__("the event stream ended inside an event")
        self.pending = pending


class SSEDecodeError(SSEError):
    """A line of the stream is not valid UTF-8."""


class SSEParser:
    """Incremental parser: :meth:`feed` raw pieces of the stream (of any size, split
    anywhere), then :meth:`close` at the end of the stream."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._started = False  # the optional byte-order mark has been dealt with
        self._event = ""
        self._data: list[str] = []
        self._last_id: str | None = None
        self._in_event = False  # a field line was seen since the last blank line

    def feed(self, chunk: bytes | str) -> list[SSEEvent]:
        """Add a piece of the stream; returns the events it completed."""
        self._buffer += chunk.encode("utf-8") if isinstance(chunk, str) else chunk
        if not self._started:
            if len(self._buffer) < len(_BOM) and _BOM.startswith(self._buffer):
                return []  # maybe the start of a byte-order mark: wait for more
            if self._buffer.startswith(_BOM):
                del self._buffer[: len(_BOM)]
            self._started = True
        events: list[SSEEvent] = []
        start = 0
        size = len(self._buffer)
        while True:
            match = _LINE_END.search(self._buffer, start)
            if match is None:
                break
            end = match.start()
            if self._buffer[end] == 0x0D:  # CR: alone, or the first half of CRLF
                if end + 1 == size:
                    break  # the LF may be in the next piece
                after = end + 2 if self._buffer[end + 1] == 0x0A else end + 1
            else:
                after = end + 1
            event = self._line(bytes(self._buffer[start:end]))
            if event is not None:
                events.append(event)
            start = after
        del self._buffer[:start]
        return events

    def close(self) -> list[SSEEvent]:
        """End of the stream. Returns a last event completed by a trailing CR, or
        raises :class:`SSECutShort` if the stream stopped inside an event."""
        events: list[SSEEvent] = []
        if self._buffer.endswith(b"\r"):
            events = self.feed(b"\n")  # a final lone CR is a complete line end
        if self._buffer:
            self._line_fields(self._decode(bytes(self._buffer)))  # the partial line counts
            self._buffer.clear()
            raise SSECutShort(self._pending())
        if self._in_event:
            raise SSECutShort(self._pending())
        return events

    def _pending(self) -> SSEEvent | None:
        if not self._data:
            return None
        return SSEEvent(self._event or "message", "\n".join(self._data), self._last_id)

    def _decode(self, raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SSEDecodeError(f"a line of the event stream is not UTF-8: {exc}") from None

    def _line(self, raw: bytes) -> SSEEvent | None:
        if not raw:
            return self._dispatch()
        self._line_fields(self._decode(raw))
        return None

    def _line_fields(self, line: str) -> None:
        if line.startswith(":"):
            return  # a comment (e.g. a keep-alive)
        self._in_event = True
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._last_id = value
        # "retry" and unknown fields are ignored, as the format says

    def _dispatch(self) -> SSEEvent | None:
        event = self._pending()
        self._event = ""
        self._data = []
        self._in_event = False
        return event


def iter_events(chunks: Iterable[bytes | str]) -> Iterator[SSEEvent]:
    """The events of a stream given as raw pieces (line breaks included), each
    yielded as soon as its blank line arrives. Raises :class:`SSECutShort` if the
    stream ends inside an event and :class:`SSEDecodeError` on a non-UTF-8 line."""
    parser = SSEParser()
    for chunk in chunks:
        yield from parser.feed(chunk)
    yield from parser.close()
