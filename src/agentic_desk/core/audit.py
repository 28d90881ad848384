"""The record of what left this computer: one entry per request sent to a cloud provider.

Each entry says when, which conversation (when known), provider, host, model, why routing
sent it there, how many characters and tokens (reported by the provider, or estimated)
and bytes were sent, the sha256 of the exact body bytes, and how it ended ("completed",
"cancelled", "retried" (failed and sent again), "error: <kind>", or "interrupted" (the
app stopped before the reply ended)). Never the text itself.

An entry is appended when its request's outcome is known; as the request leaves, a note
(``cloud-sends.pending/<pid>-<id>.json``, written atomically) says so, and a note whose
process is gone is recorded as "interrupted" by the next writer or reader
(:meth:`AuditLog.recover`), so a crash mid-reply leaves no gap.

Stored as JSON Lines (``cloud-sends.jsonl`` in the data folder): an append-only log is
what this is, one line a request is easy to read with any tool, appending a line is
cheap and durable (``O_APPEND``, flush, fsync), and nothing needs a schema or a
migration. Entries are hash-chained: each holds ``prev`` (the previous entry's
``hash``) and ``seq`` (its position, from 1), and its ``hash`` is the sha256 of all its
other fields. A small head file (``cloud-sends.head.json``, written atomically) keeps
the count and the last hash, so a removed tail is found too. Appends hold a
process lock (``cloud-sends.jsonl.lock``): the window and ``agentic-desk serve`` may
both write, and the chain stays one chain.

:meth:`AuditLog.verify` finds the first entry that is edited, removed, reordered,
damaged, or a truncated tail. This makes a change evident, not impossible: whoever can
rewrite the whole file and its head can forge a consistent record.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock

from agentic_desk.core.atomic import atomic_write_json, fsync_dir
from agentic_desk.core.i18n import format_int, t

__all__ = [
    "AUDIT_FILE",
    "GENESIS",
    "AuditEntry",
    "AuditLog",
    "SendRecord",
    "Verification",
    "body_sha256",
    "empty_text",
    "outcome_of",
    "size_text",
    "utc_now",
]

log = logging.getLogger(__name__)

AUDIT_FILE = "cloud-sends.jsonl"
GENESIS = "0" * 64  # the "previous hash" of the first entry
_LOCK_TIMEOUT_S = 30.0


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _this_process() -> dict[str, Any]:
    import psutil

    return {"pid": os.getpid(), "started": psutil.Process().create_time()}


def _alive(owner: Mapping[str, Any]) -> bool:
    """Is the process that noted a request still running (the same one, not a reused pid)?"""
    import psutil

    try:
        return bool(psutil.Process(int(owner["pid"])).create_time() == owner["started"])
    except (psutil.Error, KeyError, TypeError, ValueError):
        return False


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def outcome_of(error: BaseException | None, *, cancelled: bool = False) -> str:
    """The outcome words for a request: "completed", "cancelled" or "error: <kind>"."""
    if cancelled:
        return "cancelled"
    if error is None:
        return "completed"
    kind = getattr(error, "kind", None)
    return f"error: {kind}" if isinstance(kind, str) and kind else "error"


def empty_text(cloud_enabled: bool) -> str:
    """What the window and the command say when the record is empty."""
    if cloud_enabled:
        return t(
            "Nothing has left this computer. Cloud providers are on: a message the routing "
            "rules send to one will be listed here."
        )
    return t(
        "Nothing has left this computer. Cloud providers are off, so every message stays here."
    )


def size_text(chars: int, tokens: int, reported: bool) -> str:
    """ "1,234 chars · ~310 tokens" (``~``: estimated, not reported by the provider)."""
    if reported:
        return t(
            "{chars} chars · {tokens} tokens", chars=format_int(chars), tokens=format_int(tokens)
        )
    return t("{chars} chars · ~{tokens} tokens", chars=format_int(chars), tokens=format_int(tokens))


@dataclass(frozen=True)
class SendRecord:
    """What the caller knows about one request that left: no message text, ever."""

    provider: str
    model: str
    host: str
    reason: str  # the routing decision's label ("Cloud · openai · rule 2: ...")
    chars: int  # characters of message text in the request
    tokens: int  # prompt tokens: reported by the provider, or estimated
    tokens_reported: bool
    body_bytes: int
    body_sha256: str
    outcome: str
    conversation_id: str | None = None
    time: str = ""  # UTC, ISO 8601; filled in when appended if empty


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    time: str
    conversation_id: str | None
    provider: str
    model: str
    host: str
    reason: str
    chars: int
    tokens: int
    tokens_reported: bool
    body_bytes: int
    body_sha256: str
    outcome: str
    prev: str
    hash: str

    def fields(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def short_hash(self) -> str:
        return self.hash[:12]


_FIELDS = tuple(AuditEntry.__dataclass_fields__)


def entry_hash(fields: Mapping[str, Any]) -> str:
    """sha256 over every field but ``hash``, as canonical JSON."""
    payload = {k: v for k, v in fields.items() if k != "hash"}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Verification:
    """``ok``, or the first bad entry (``position``: its line, from 1) and why."""

    ok: bool
    count: int  # entries read
    position: int | None = None
    problem: str | None = None  # "edited", "removed", "reordered", "damaged", "truncated"
    detail: str = ""

    def describe(self) -> str:
        if self.ok:
            if not self.count:
                return t("The record is empty and intact.")
            if self.count == 1:
                return t("The record is intact: 1 entry.")
            return t("The record is intact: {count} entries.", count=format_int(self.count))
        return t("The record is broken: {detail}", detail=self.detail)


class AuditLog:
    """The append-only, hash-chained record in ``path`` (``<data folder>/cloud-sends.jsonl``)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.head_path = self.path.with_name(self.path.stem + ".head.json")
        self.pending_dir = self.path.with_name(self.path.stem + ".pending")
        self._lock = FileLock(str(self.path) + ".lock", timeout=_LOCK_TIMEOUT_S)
        self._thread_lock = threading.Lock()

    @classmethod
    def in_folder(cls, folder: Path) -> AuditLog:
        return cls(Path(folder) / AUDIT_FILE)

    # ---- writing -----------------------------------------------------------------------

    def begin(self, record: SendRecord) -> Path:
        """Note, durably, a request that is leaving now (``record``'s outcome is what it
        will say if this process dies first: "interrupted"). :meth:`append` with the
        returned ``pending`` ends the note; :meth:`recover` records a dead process's."""
        self.pending_dir.mkdir(parents=True, exist_ok=True)
        note = self.pending_dir / f"{os.getpid()}-{uuid.uuid4().hex}.json"
        if not record.time:
            record = replace(record, time=utc_now())
        atomic_write_json(note, {"owner": _this_process(), "record": asdict(record)})
        return note

    def recover(self) -> int:
        """Record the requests noted by processes that ended before their reply did;
        how many."""
        if not self.pending_dir.is_dir():
            return 0
        with self._thread_lock, self._lock:
            return self._recover_locked()

    def _recover_locked(self) -> int:
        recovered = 0
        for note in sorted(self.pending_dir.glob("*.json")):
            try:
                data = json.loads(note.read_text(encoding="utf-8"))
                owner, fields = data["owner"], data["record"]
                record = SendRecord(**fields)
            except FileNotFoundError:
                continue  # its writer just finished it
            except (OSError, ValueError, KeyError, TypeError):
                log.warning("unreadable note of a sent request kept aside: %s", note.name)
                note.replace(note.with_suffix(".damaged"))
                continue
            if _alive(owner):
                continue
            self._append_locked(record)
            note.unlink(missing_ok=True)
            recovered += 1
        return recovered

    def append(self, record: SendRecord, *, pending: Path | None = None) -> AuditEntry:
        """Add ``record`` at the end of the chain, durably (and end its ``pending`` note
        from :meth:`begin`). Raises OSError (or filelock's Timeout) when it cannot be
        written."""
        with self._thread_lock, self._lock:
            if self.pending_dir.is_dir():
                self._recover_locked()
            entry = self._append_locked(record)
            if pending is not None:
                pending.unlink(missing_ok=True)
            return entry

    def _append_locked(self, record: SendRecord) -> AuditEntry:
        seq, prev = self._tail()
        fields: dict[str, Any] = {
            "seq": seq + 1,
            "time": record.time or utc_now(),
            "conversation_id": record.conversation_id,
            "provider": record.provider,
            "model": record.model,
            "host": record.host,
            "reason": record.reason,
            "chars": int(record.chars),
            "tokens": int(record.tokens),
            "tokens_reported": bool(record.tokens_reported),
            "body_bytes": int(record.body_bytes),
            "body_sha256": record.body_sha256,
            "outcome": record.outcome,
            "prev": prev,
        }
        fields["hash"] = entry_hash(fields)
        line = json.dumps(fields, ensure_ascii=False, separators=(",", ":")) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        created = not self.path.exists()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if not created and not self._ends_with_newline():
                os.write(fd, b"\n")  # a torn line stays a (damaged) line of its own
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            fsync_dir(self.path.parent)
        atomic_write_json(self.head_path, {"count": seq + 1, "last": fields["hash"]})
        return AuditEntry(**fields)

    def _ends_with_newline(self) -> bool:
        with self.path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            if f.tell() == 0:
                return True
            f.seek(-1, os.SEEK_END)
            return f.read(1) == b"\n"

    def _tail(self) -> tuple[int, str]:
        """(seq, hash) of the chain's end: from the head file, else the last good line."""
        head = self._head()
        if head is not None:
            return head
        seq, prev = 0, GENESIS
        for entry in self._entries_lenient():
            seq, prev = entry.seq, entry.hash
        return seq, prev

    def _head(self) -> tuple[int, str] | None:
        try:
            data = json.loads(self.head_path.read_text(encoding="utf-8"))
            return int(data["count"]), str(data["last"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    # ---- reading -----------------------------------------------------------------------

    def _lines(self) -> list[bytes]:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return []
        return data.splitlines()

    def _entries_lenient(self) -> list[AuditEntry]:
        entries = []
        for raw in self._lines():
            entry = _parse(raw)
            if entry is not None:
                entries.append(entry)
        return entries

    def list(self) -> list[AuditEntry]:
        """Every readable entry, in the order written (a damaged line is left out:
        :meth:`verify` says what is wrong)."""
        return self._entries_lenient()

    def verify(self) -> Verification:
        """Walk the chain; the first entry that does not fit, and why."""
        lines = self._lines()
        entries: list[AuditEntry | None] = [_parse(raw) for raw in lines]
        torn_tail = bool(lines) and not self.path.read_bytes().endswith(b"\n")
        prev, expected = GENESIS, 1
        for index, entry in enumerate(entries):
            position = index + 1
            if entry is None:
                if torn_tail and position == len(entries):
                    return _bad(
                        index,
                        "truncated",
                        t(
                            "entry {position} was cut off part-way (the file's tail is missing).",
                            position=position,
                        ),
                    )
                return _bad(
                    index,
                    "damaged",
                    t("line {position} is not a readable entry.", position=position),
                )
            if entry_hash(entry.fields()) != entry.hash:
                return _bad(
                    index,
                    "edited",
                    t(
                        "entry {position} (#{seq}) was changed after it was written "
                        "(its hash does not match its contents).",
                        position=position,
                        seq=entry.seq,
                    ),
                )
            if entry.seq != expected:
                later = {e.seq for e in entries[index + 1 :] if e is not None}
                if entry.seq < expected or expected in later:
                    return _bad(
                        index,
                        "reordered",
                        t(
                            "entry {position} is #{seq}, expected #{expected}: entries were "
                            "reordered.",
                            position=position,
                            seq=entry.seq,
                            expected=expected,
                        ),
                    )
                missing = (
                    f"#{expected}"
                    if entry.seq == expected + 1
                    else t("#{first} to #{last}", first=expected, last=entry.seq - 1)
                )
                return _bad(
                    index,
                    "removed",
                    t(
                        "entry {missing} is missing before entry {position} (#{seq}).",
                        missing=missing,
                        position=position,
                        seq=entry.seq,
                    ),
                )
            if entry.prev != prev:
                return _bad(
                    index,
                    "edited",
                    t(
                        "entry {position} (#{seq}) does not follow the entry before it: an "
                        "earlier entry was changed or replaced.",
                        position=position,
                        seq=entry.seq,
                    ),
                )
            prev, expected = entry.hash, expected + 1
        count = len(entries)
        head = self._head()
        if head is not None:
            head_count, head_last = head
            if count < head_count:
                return Verification(
                    False,
                    count,
                    count + 1,
                    "truncated",
                    (
                        t(
                            "the record ends after 1 entry, but {written} were written: the "
                            "last {removed} were removed.",
                            written=head_count,
                            removed=head_count - count,
                        )
                        if count == 1
                        else t(
                            "the record ends after {count} entries, but {written} were written: "
                            "the last {removed} were removed.",
                            count=count,
                            written=head_count,
                            removed=head_count - count,
                        )
                    ),
                )
            if count == head_count and prev != head_last:
                return Verification(
                    False,
                    count,
                    count,
                    "edited",
                    t("entry {count} (the last) is not the one that was written.", count=count),
                )
        elif self.head_path.exists():
            return Verification(
                False, count, None, "damaged", t("the record's head is unreadable.")
            )
        return Verification(True, count)


def _bad(index: int, problem: str, detail: str) -> Verification:
    return Verification(False, index, index + 1, problem, detail)


def _parse(raw: bytes) -> AuditEntry | None:
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or set(data) != set(_FIELDS):
        return None
    try:
        return AuditEntry(**data)
    except TypeError:
        return None
