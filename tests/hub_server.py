"""A local stand-in for the Hugging Face Hub, for tests that must not touch the network.

`HubServer` serves model repos from local folders over plain HTTP on 127.0.0.1 and speaks the
subset of the Hub protocol that `huggingface_hub` (2.x) uses to inspect and download a repo:

* ``GET /api/models/{repo_id}`` and ``GET /api/models/{repo_id}/revision/{revision}``: model info
  (``?blobs=true`` adds ``size``/``blobId``/``lfs`` to every sibling, as ``files_metadata=True``
  asks for; ``?expand=...`` keeps only the named fields).
* ``GET /api/models/{repo_id}/tree/{revision}[/{path}]?recursive=..&expand=..``: tree listing
  (one page, or ``tree_page_size`` entries per page chained with a ``Link: <..>; rel="next"``).
* ``GET|HEAD /{repo_id}/resolve/{revision}/{path}``: a regular (git) file is served directly with
  ``ETag: "<git blob sha1>"``; an LFS file answers ``302`` with ``X-Linked-Etag: "<sha256>"``,
  ``X-Linked-Size`` and an absolute ``Location`` on a second port (the "CDN"), so the client
  treats it like the real Hub's off-site storage: it does not follow the redirect on its metadata
  ``HEAD`` and drops the ``Authorization`` header when it downloads.
* ``GET|HEAD /cdn/{sha256}``: LFS content with ``ETag: "<sha256>"`` and byte ranges
  (``206``/``416``), served on the CDN port (and on the main port, for convenience).

Every ``/resolve`` answer carries ``X-Repo-Commit``. Revisions ``main`` and the repo's (fake,
deterministic) commit sha are known, anything else is ``404 RevisionNotFound``. Unknown repos are
``404 RepoNotFound``, missing files ``404 EntryNotFound``; gated repos answer ``401 GatedRepo``
without a token and ``403 GatedRepo`` with a wrong one - the ``X-Error-Code`` / ``X-Error-Message``
headers ``huggingface_hub.utils.hf_raise_for_status`` maps to its typed errors.

A file is LFS when it is larger than 1 MiB or its name ends in ``.onnx``, ``.onnx.data`` or
``.data``. Digests are computed lazily and cached per inode for the whole process, so a big file
is hashed once per test session however many servers serve it.

``server.faults`` injects network faults into matching responses (see `Faults`), and
``server.requests`` is the log of what was served (see `RequestRecord`). Nothing here sleeps:
blocking faults wait on `threading.Event` objects that the test (or `HubServer.stop`) sets.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mimetypes
import os
import re
import socket
import socketserver
import struct
import sys
import threading
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, NamedTuple, NoReturn, Self, cast
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

__all__ = [
    "FAKE_DATE",
    "LFS_SIZE_THRESHOLD",
    "LFS_SUFFIXES",
    "Fault",
    "Faults",
    "HubFile",
    "HubRepo",
    "HubServer",
    "RequestLog",
    "RequestRecord",
    "git_blob_oid",
    "is_lfs_path",
    "lfs_pointer",
    "sha256_of",
]

LFS_SIZE_THRESHOLD = 1024 * 1024
LFS_SUFFIXES = (".onnx", ".onnx.data", ".data")
FAKE_DATE = "2025-01-01T00:00:00.000Z"
_HTTP_DATE = "Wed, 01 Jan 2025 00:00:00 GMT"
_CHUNK = 64 * 1024
_FLIP = bytes(b ^ 0xFF for b in range(256))
_TRUTHY = frozenset({"1", "true", "True", "yes"})
_RANGE_RE = re.compile(r"bytes=(\d*)-(\d*)")
_POLL_INTERVAL = 0.02  # serve_forever's shutdown check; bounds how long stop() takes


# --------------------------------------------------------------------------- digests


class _DigestCache:
    """Process-wide cache of file digests keyed by inode, so each file is read once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[tuple[str, int, int, int, int], str] = {}
        self._busy: dict[tuple[str, int, int, int, int], threading.Lock] = {}

    def get(self, kind: Literal["sha256", "git"], path: Path) -> str:
        st = path.stat()
        key = (kind, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                return value
            key_lock = self._busy.setdefault(key, threading.Lock())
        with key_lock:  # two threads asking for the same file hash it once
            with self._lock:
                value = self._values.get(key)
            if value is None:
                value = _hash_file(path, kind, st.st_size)
                with self._lock:
                    self._values[key] = value
        return value


def _hash_file(path: Path, kind: Literal["sha256", "git"], size: int) -> str:
    digest = hashlib.sha256() if kind == "sha256" else hashlib.sha1(usedforsecurity=False)
    if kind == "git":
        digest.update(b"blob %d\0" % size)
    with path.open("rb") as fh:
        while block := fh.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


_DIGESTS = _DigestCache()


def sha256_of(path: Path | str) -> str:
    """sha256 of a file's content (cached per inode for the whole process)."""
    return _DIGESTS.get("sha256", Path(path))


def git_blob_oid(data: bytes) -> str:
    """The git object id of a blob with this content: ``sha1(b"blob <size>\\0" + data)``."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def lfs_pointer(sha256: str, size: int) -> bytes:
    """The git-lfs pointer file git stores in place of an LFS file."""
    return (
        f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n".encode()
    )


def is_lfs_path(path: str, size: int) -> bool:
    """Whether the Hub would store this file in LFS (by size or by extension)."""
    return size > LFS_SIZE_THRESHOLD or path.endswith(LFS_SUFFIXES)


# --------------------------------------------------------------------------- repos


@dataclass(frozen=True)
class HubFile:
    """One file of a repo. Digests are computed on first use and cached."""

    path: str  # repo-relative, "/"-separated
    source: Path
    size: int
    lfs: bool

    @property
    def sha256(self) -> str:
        return sha256_of(self.source)

    @property
    def pointer(self) -> bytes:
        return lfs_pointer(self.sha256, self.size)

    @property
    def pointer_size(self) -> int:
        return len(self.pointer)

    @property
    def oid(self) -> str:
        """Git blob id: of the content for a regular file, of the LFS pointer for an LFS file."""
        return git_blob_oid(self.pointer) if self.lfs else _DIGESTS.get("git", self.source)


class HubRepo:
    """A repo backed by a local folder, scanned once (sub-folders and symlinks included)."""

    def __init__(self, repo_id: str, root: Path) -> None:
        self.repo_id = repo_id
        self.root = Path(root)
        if not self.root.is_dir():
            raise ValueError(f"repo {repo_id!r}: {self.root} is not a directory")
        files: dict[str, HubFile] = {}
        for dirpath, dirnames, filenames in os.walk(self.root, followlinks=True):
            dirnames[:] = sorted(d for d in dirnames if d != ".git")
            for name in filenames:
                source = Path(dirpath) / name
                if not source.is_file():
                    continue
                rel = source.relative_to(self.root).as_posix()
                size = source.stat().st_size
                files[rel] = HubFile(rel, source, size, is_lfs_path(rel, size))
        self.files: dict[str, HubFile] = dict(sorted(files.items()))
        self.dirs: list[str] = sorted({d for path in self.files for d in _parent_dirs(path)})
        listing = "\n".join(f"{path}\t{f.size}" for path, f in self.files.items())
        self.sha = hashlib.sha1(f"{repo_id}\n{listing}".encode(), usedforsecurity=False).hexdigest()

    def resolve(self, revision: str) -> str | None:
        """The commit sha for a revision ("main" or the sha itself), or None if unknown."""
        return self.sha if revision in ("main", self.sha) else None

    def tree_oid(self, directory: str) -> str:
        return hashlib.sha1(
            f"tree {self.repo_id} {directory}".encode(), usedforsecurity=False
        ).hexdigest()


def _parent_dirs(path: str) -> Iterator[str]:
    parts = path.split("/")[:-1]
    for i in range(1, len(parts) + 1):
        yield "/".join(parts[:i])


# --------------------------------------------------------------------------- request log


class RequestRecord(NamedTuple):
    """One served request. ``path`` is the raw request target (path and query string),
    ``range`` the request's ``Range`` header, ``bytes_sent`` the body bytes written."""

    method: str
    path: str
    range: str | None
    status: int
    bytes_sent: int


class RequestLog:
    """Thread-safe log of served requests.

    A record is appended when its handler is done with the response, which can be a moment after
    the client has read the last byte; `snapshot` therefore first waits (at most ``settle``
    seconds) for in-flight responses to finish, not counting handlers parked on a fault.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._records: list[RequestRecord] = []
        self._active = 0
        self._parked = 0

    def snapshot(self, *, settle: float = 5.0) -> list[RequestRecord]:
        with self._cond:
            self._cond.wait_for(lambda: self._active <= self._parked, timeout=settle)
            return list(self._records)

    def matching(self, substring: str, *, method: str | None = None) -> list[RequestRecord]:
        """Records whose target contains ``substring`` (raw or percent-decoded)."""
        return [
            r
            for r in self.snapshot()
            if (method is None or r.method == method)
            and (substring in r.path or substring in unquote(r.path))
        ]

    def clear(self) -> None:
        with self._cond:
            self._records.clear()

    def __iter__(self) -> Iterator[RequestRecord]:
        return iter(self.snapshot())

    def __len__(self) -> int:
        return len(self.snapshot())

    def __getitem__(self, index: int) -> RequestRecord:
        return self.snapshot()[index]

    # -- used by the handlers
    def _begin(self) -> None:
        with self._cond:
            self._active += 1

    def _end(self, record: RequestRecord) -> None:
        with self._cond:
            self._records.append(record)
            self._active -= 1
            self._cond.notify_all()

    def _park(self, delta: int) -> None:
        with self._cond:
            self._parked += delta
            self._cond.notify_all()

    def _wait_idle(self, timeout: float) -> None:
        with self._cond:
            self._cond.wait_for(lambda: self._active == 0, timeout=timeout)


# --------------------------------------------------------------------------- faults

FaultKind = Literal["drop", "reset", "error", "stall", "corrupt", "wait"]
_ERRORS: tuple[FaultKind, ...] = ("error",)
_CORRUPTS: tuple[FaultKind, ...] = ("corrupt",)
_CUTS: tuple[FaultKind, ...] = ("drop", "reset")
_PAUSES: tuple[FaultKind, ...] = ("stall", "wait")


class Fault:
    """One armed fault. It fires on the next ``times`` matching requests (None: on all of them).

    ``fired`` counts the responses it was applied to; ``reached`` is set once a response got to
    the fault's byte offset (for stalls and waits: the moment the handler parks). Blocking faults
    hold their handlers until `release` (or `Faults.release_stalls`, or the server stops); a
    release is permanent, so releasing before the handler gets there simply means no pause.
    """

    def __init__(
        self,
        kind: FaultKind,
        pattern: str,
        *,
        times: int | None,
        method: str | None,
        nbytes: int = 0,
        status: int = 0,
        retry_after: int | None = None,
    ) -> None:
        if times is not None and times < 1:
            raise ValueError("times must be >= 1 (or None for every request)")
        if nbytes < 0:
            raise ValueError("nbytes must be >= 0")
        self.kind: FaultKind = kind
        self.pattern = pattern
        self.times = times
        self.method = method
        self.nbytes = nbytes
        self.status = status
        self.retry_after = retry_after
        self.fired = 0
        self.reached = threading.Event()
        self._released = threading.Event()

    @property
    def remaining(self) -> int | None:
        return None if self.times is None else max(self.times - self.fired, 0)

    @property
    def released(self) -> bool:
        return self._released.is_set()

    def release(self) -> None:
        """Let parked handlers (and future hits of this fault) carry on."""
        self._released.set()

    def wait_reached(self, timeout: float = 5.0) -> bool:
        """Block until a response reached this fault's offset; False on timeout."""
        return self.reached.wait(timeout)

    def _matches(self, method: str, target: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self.times is not None and self.fired >= self.times:
            return False
        return self.pattern in target or self.pattern in unquote(target)

    def __repr__(self) -> str:
        return (
            f"Fault({self.kind!r}, {self.pattern!r}, nbytes={self.nbytes}, "
            f"fired={self.fired}, times={self.times})"
        )


class Faults:
    """Thread-safe registry of faults, matched against each request's method and raw target
    (path + query, also tried percent-decoded). A CDN target carries the repo and file path in
    its query, so ``"model.onnx.data"`` matches the file's ``/resolve`` and its ``/cdn`` URL.

    Body faults (drop, reset, stall, corrupt, wait) only apply to responses that carry file
    content (``200``/``206`` from ``/resolve`` or ``/cdn``) and default to ``GET``;
    `error_burst` applies to any matching request, before routing.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self.requests = RequestLog()

    def drop_after(
        self, path_substring: str, nbytes: int, times: int | None = 1, *, method: str | None = "GET"
    ) -> Fault:
        """Send the headers and the first ``nbytes`` of the body, then close the connection
        (FIN): the client sees a body shorter than its ``Content-Length``. (With ``nbytes`` >= the
        body length the whole body goes out before the close.)"""
        return self._add(Fault("drop", path_substring, times=times, method=method, nbytes=nbytes))

    def reset_after(
        self, path_substring: str, nbytes: int, times: int | None = 1, *, method: str | None = "GET"
    ) -> Fault:
        """Like `drop_after` but abort with a TCP RST (``SO_LINGER`` 0), like a network change."""
        return self._add(Fault("reset", path_substring, times=times, method=method, nbytes=nbytes))

    def error_burst(
        self,
        path_substring: str,
        status: int = 503,
        times: int | None = 3,
        *,
        retry_after: int | None = None,
        method: str | None = None,
    ) -> Fault:
        """Answer the next ``times`` matching requests with ``status`` (Hub-style JSON error,
        plus ``Retry-After`` if given)."""
        return self._add(
            Fault(
                "error",
                path_substring,
                times=times,
                method=method,
                status=status,
                retry_after=retry_after,
            )
        )

    def stall_after(
        self, path_substring: str, nbytes: int, times: int | None = 1, *, method: str | None = "GET"
    ) -> Fault:
        """Send ``nbytes`` of the body, then keep the connection open sending nothing until
        released; the rest of the body follows (or, if the server stops, the connection is
        reset)."""
        return self._add(Fault("stall", path_substring, times=times, method=method, nbytes=nbytes))

    def corrupt(
        self, path_substring: str, times: int | None = 1, *, method: str | None = "GET"
    ) -> Fault:
        """Serve the body with every byte inverted (same length, same headers)."""
        return self._add(Fault("corrupt", path_substring, times=times, method=method))

    def wait_before_body(
        self, path_substring: str, times: int | None = 1, *, method: str | None = "GET"
    ) -> Fault:
        """Send the headers, then hold the body until released: a seam for a test to act while
        a client is mid-download (``fault.wait_reached()`` tells when the handler is parked)."""
        return self._add(Fault("wait", path_substring, times=times, method=method))

    def release_stalls(self) -> None:
        """Release every stall and wait_before_body fault (parked handlers carry on)."""
        with self._lock:
            faults = [f for f in self._faults if f.kind in _PAUSES]
        for fault in faults:
            fault.release()

    def clear(self) -> None:
        """Disarm all faults (and release their parked handlers)."""
        with self._lock:
            faults, self._faults = self._faults, []
        for fault in faults:
            fault.release()

    @property
    def armed(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def _add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def _claim(self, kinds: Collection[FaultKind], method: str, target: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.kind in kinds and fault._matches(method, target):
                    fault.fired += 1
                    return fault
        return None


# --------------------------------------------------------------------------- HTTP plumbing


class _Abort(Exception):
    """The response was cut on purpose (a fault, or the server stopping)."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, hub: HubServer, role: Literal["hub", "cdn"], host: str) -> None:
        self.hub = hub
        self.role = role
        super().__init__((host, 0), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS lookup we don't need.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # a client went away: not interesting
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "HubServer/1.0"
    sys_version = ""
    timeout = 120  # idle keep-alive connections give up eventually
    _status = 0
    _sent = 0

    @property
    def hub(self) -> HubServer:
        return cast(_HTTPServer, self.server).hub

    @property
    def role(self) -> str:
        return cast(_HTTPServer, self.server).role

    def setup(self) -> None:
        super().setup()
        self.hub._track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.hub._track(self.connection, add=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the request log is `HubServer.requests`

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    # -- dispatch

    def _handle(self, method: str) -> None:
        self._status = 0
        self._sent = 0
        log = self.hub.faults.requests
        log._begin()
        try:
            self._route(method == "HEAD")
        except _Abort:
            self.close_connection = True
        except OSError:  # the client went away mid-response
            self.close_connection = True
        except Exception:
            self.close_connection = True
            if self._status == 0:
                self._send_error(500, "Internal error in HubServer", head=method == "HEAD")
            raise
        finally:
            log._end(
                RequestRecord(
                    method, self.path, self.headers.get("Range"), self._status, self._sent
                )
            )

    def _route(self, head: bool) -> None:
        method = "HEAD" if head else "GET"
        fault = self.hub.faults._claim(_ERRORS, method, self.path)
        if fault is not None:
            extra = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            self._send_error(fault.status, "Injected error", head=head, extra=extra)
            return
        split = urlsplit(self.path)
        segments = split.path.split("/")[1:]
        query = parse_qs(split.query)
        if len(segments) == 2 and segments[0] == "cdn":
            self._serve_cdn(unquote(segments[1]), query, head)
        elif self.role == "cdn":
            self._send_error(404, "Not found", head=head)
        elif segments[:2] == ["api", "models"]:
            self._serve_api(segments[2:], query, head)
        else:
            self._serve_resolve(segments, head)

    # -- endpoints

    def _serve_api(self, segments: list[str], query: dict[str, list[str]], head: bool) -> None:
        repo_id, rest = _split_repo_id(segments, ("revision", "tree"))
        if repo_id is None:
            self._send_error(404, "Not found", head=head)
            return
        repo = self._open_repo(repo_id, head)
        if repo is None:
            return
        if not rest:
            kind, revision, path = "info", "main", ""
        elif rest[0] == "revision" and len(rest) >= 2:
            kind, revision, path = "info", unquote("/".join(rest[1:])), ""
        elif rest[0] == "tree" and len(rest) >= 2:
            kind, revision, path = "tree", unquote(rest[1]), unquote("/".join(rest[2:])).strip("/")
        else:
            self._send_error(404, "Not found", head=head)
            return
        sha = repo.resolve(revision)
        if sha is None:
            self._send_error(404, f"Invalid rev id: {revision}", code="RevisionNotFound", head=head)
            return
        if kind == "info":
            payload: Any = self.hub._model_info(
                repo,
                sha,
                blobs=_flag(query, "blobs"),
                security=_flag(query, "securityStatus"),
                expand=query.get("expand"),
            )
            self._send_json(200, payload, head=head)
            return
        entries = self.hub._tree(
            repo, sha, path, recursive=_flag(query, "recursive"), expand=_flag(query, "expand")
        )
        if entries is None:
            self._send_error(
                404,
                f'{path} does not exist on "{revision}"',
                code="EntryNotFound",
                head=head,
                extra={"X-Repo-Commit": sha},
            )
            return
        extra: dict[str, str] = {}
        page_size = self.hub.tree_page_size
        if page_size is not None:
            cursor = int(query.get("cursor", ["0"])[0])
            if cursor + page_size < len(entries):
                next_query = {k: v[-1] for k, v in query.items()} | {
                    "cursor": str(cursor + page_size)
                }
                next_url = f"{self.hub.endpoint}{urlsplit(self.path).path}?{urlencode(next_query)}"
                extra["Link"] = f'<{next_url}>; rel="next"'
            entries = entries[cursor : cursor + page_size]
        self._send_json(200, entries, head=head, extra=extra)

    def _serve_resolve(self, segments: list[str], head: bool) -> None:
        if len(segments) >= 5 and segments[2] == "resolve":
            repo_id, rev, path_segments = f"{segments[0]}/{segments[1]}", segments[3], segments[4:]
        elif len(segments) >= 4 and segments[1] == "resolve":
            repo_id, rev, path_segments = segments[0], segments[2], segments[3:]
        else:
            self._send_error(404, "Not found", head=head)
            return
        repo = self._open_repo(unquote(repo_id), head)
        if repo is None:
            return
        revision = unquote(rev)
        sha = repo.resolve(revision)
        if sha is None:
            self._send_error(404, f"Invalid rev id: {revision}", code="RevisionNotFound", head=head)
            return
        path = unquote("/".join(path_segments))
        hub_file = repo.files.get(path)
        if hub_file is None:
            self._send_error(
                404,
                "Entry not found",
                code="EntryNotFound",
                head=head,
                extra={"X-Repo-Commit": sha},
            )
            return
        if hub_file.lfs:
            location = self.hub._cdn_url(repo, hub_file)
            self._send_bytes(
                302,
                {
                    "Content-Type": "text/plain; charset=utf-8",
                    "Location": location,
                    "X-Repo-Commit": sha,
                    "ETag": f'"{hub_file.oid}"',
                    "X-Linked-Etag": f'"{hub_file.sha256}"',
                    "X-Linked-Size": str(hub_file.size),
                    "Accept-Ranges": "bytes",
                },
                f"Found. Redirecting to {location}".encode(),
                head=head,
            )
            return
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        self._send_content(
            hub_file,
            {
                "Content-Type": content_type,
                "X-Repo-Commit": sha,
                "ETag": f'"{hub_file.oid}"',
                "Content-Disposition": _disposition(path),
            },
            head,
        )

    def _serve_cdn(self, sha256: str, query: dict[str, list[str]], head: bool) -> None:
        hub_file = self.hub._blob(sha256)
        if hub_file is None:
            self._send_error(404, "NoSuchKey", head=head)
            return
        name = query.get("path", [hub_file.path])[-1]
        self._send_content(
            hub_file,
            {
                "Content-Type": "application/octet-stream",
                "ETag": f'"{sha256}"',
                "Last-Modified": _HTTP_DATE,
                "Content-Disposition": _disposition(name),
            },
            head,
        )

    # -- auth

    def _open_repo(self, repo_id: str, head: bool) -> HubRepo | None:
        hub = self.hub
        repo = hub._repos.get(repo_id)
        if repo is None:
            self._send_error(404, "Repository not found", code="RepoNotFound", head=head)
            return None
        if repo_id in hub._gated:
            auth = self.headers.get("Authorization")
            if auth is None:
                message = (
                    f"Access to model {repo_id} is restricted. You must have access to it and"
                    " be authenticated to access it. Please log in."
                )
                self._send_error(401, message, code="GatedRepo", head=head)
                return None
            if hub._token is None or auth != f"Bearer {hub._token}":
                message = (
                    f"Access to model {repo_id} is restricted and you are not in the authorized"
                    " list."
                )
                self._send_error(403, message, code="GatedRepo", head=head)
                return None
        return repo

    # -- responses

    def _common_headers(self) -> dict[str, str]:
        request_id = self.headers.get("X-Amzn-Trace-Id") or self.headers.get("X-Request-Id")
        return {"X-Request-Id": request_id} if request_id else {}

    def _send_bytes(
        self,
        status: int,
        headers: Mapping[str, str],
        body: bytes,
        *,
        head: bool,
        extra: Mapping[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        for name, value in (self._common_headers() | dict(headers) | dict(extra or {})).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)
            self._sent = len(body)

    def _send_json(
        self, status: int, payload: Any, *, head: bool, extra: Mapping[str, str] | None = None
    ) -> None:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        self._send_bytes(status, headers, body, head=head, extra=extra)

    def _send_error(
        self,
        status: int,
        message: str,
        *,
        head: bool,
        code: str | None = None,
        extra: Mapping[str, str] | None = None,
    ) -> None:
        headers = {"Content-Type": "application/json; charset=utf-8", "X-Error-Message": message}
        if code is not None:
            headers["X-Error-Code"] = code
        body = json.dumps({"error": message}).encode()
        self._send_bytes(status, headers, body, head=head, extra=extra)

    def _send_content(self, hub_file: HubFile, headers: Mapping[str, str], head: bool) -> None:
        size = hub_file.size
        all_headers = dict(headers) | {"Accept-Ranges": "bytes"}
        range_header = self.headers.get("Range")
        span = _parse_range(range_header, size) if range_header else None
        if span == "unsatisfiable":
            all_headers |= {"Content-Range": f"bytes */{size}", "Content-Type": "text/plain"}
            self._send_bytes(416, all_headers, b"Requested Range Not Satisfiable", head=head)
            return
        if span is None:
            status, start, length = 200, 0, size
        else:
            start, end = span
            status, length = 206, end - start + 1
            all_headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        self.send_response(status)
        for name, value in (self._common_headers() | all_headers).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if not head:
            self._write_body(hub_file.source, start, length)

    def _write_body(self, source: Path, start: int, length: int) -> None:
        faults = self.hub.faults
        target = self.path
        corrupt = faults._claim(_CORRUPTS, "GET", target)
        cut = faults._claim(_CUTS, "GET", target)
        pause = faults._claim(_PAUSES, "GET", target)
        if corrupt is not None:
            corrupt.reached.set()
        cut_at = min(cut.nbytes, length) if cut is not None else None
        pause_at = min(pause.nbytes, length) if pause is not None else None
        with source.open("rb") as fh:
            fh.seek(start)
            while True:
                if pause is not None and pause_at is not None and self._sent >= pause_at:
                    self._park(pause)
                    pause = pause_at = None
                    continue
                if cut is not None and cut_at is not None and self._sent >= cut_at:
                    cut.reached.set()
                    self._cut(rst=cut.kind == "reset")
                limit = min(x for x in (length, cut_at, pause_at) if x is not None)
                if self._sent >= length:
                    return
                chunk = fh.read(min(_CHUNK, limit - self._sent))
                if not chunk:
                    raise OSError(f"{source} shrank while being served")
                if corrupt is not None:
                    chunk = chunk.translate(_FLIP)
                self.wfile.write(chunk)
                self._sent += len(chunk)

    def _park(self, fault: Fault) -> None:
        log = self.hub.faults.requests
        log._park(+1)
        fault.reached.set()
        try:
            fault._released.wait()
        finally:
            log._park(-1)
        if self.hub._stopping.is_set():
            self._cut(rst=True)

    def _cut(self, *, rst: bool) -> NoReturn:
        self.close_connection = True
        sock = self.connection
        try:
            if rst:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.rfile.close()  # drop the makefile() reference so close() is a real close
                sock.close()
            else:
                sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        raise _Abort


def _split_repo_id(segments: list[str], keywords: Collection[str]) -> tuple[str | None, list[str]]:
    """Split raw path segments after ``/api/models/`` into (repo_id, rest)."""
    if not segments or not segments[0]:
        return None, []
    if len(segments) >= 2 and segments[1] and unquote(segments[1]) not in keywords:
        return f"{unquote(segments[0])}/{unquote(segments[1])}", segments[2:]
    return unquote(segments[0]), segments[1:]


def _flag(query: Mapping[str, list[str]], name: str) -> bool:
    values = query.get(name)
    return values is not None and len(values) > 0 and values[-1] in _TRUTHY


def _parse_range(header: str, size: int) -> tuple[int, int] | Literal["unsatisfiable"] | None:
    """Parse a single ``bytes=`` range; None means "ignore it and send everything"."""
    match = _RANGE_RE.fullmatch(header.strip())
    if match is None:
        return None  # multi-range or another unit: allowed to ignore
    first, last = match.groups()
    if not first:
        if not last:
            return None
        suffix = int(last)
        if suffix == 0 or size == 0:
            return "unsatisfiable"
        return max(size - suffix, 0), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None  # syntactically invalid: ignore
    if start >= size:
        return "unsatisfiable"
    return start, min(end, size - 1)


def _disposition(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "")
    return f"inline; filename*=UTF-8''{quote(name)}; filename=\"{ascii_name}\";"


# --------------------------------------------------------------------------- server


class HubServer:
    """A threaded fake Hub on 127.0.0.1 (ephemeral ports) serving ``repos`` from local folders.

    ``gated`` repos need ``Authorization: Bearer <token>``. ``tree_page_size`` splits tree
    listings into pages chained by a ``Link`` header (default: one page). Use as a context
    manager, or call `start` / `stop`.
    """

    def __init__(
        self,
        repos: Mapping[str, Path | str],
        *,
        gated: Collection[str] = frozenset(),
        token: str | None = None,
        tree_page_size: int | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        unknown = set(gated) - set(repos)
        if unknown:
            raise ValueError(f"gated repos not in repos: {sorted(unknown)}")
        if tree_page_size is not None and tree_page_size < 1:
            raise ValueError("tree_page_size must be >= 1")
        self._repos = {repo_id: HubRepo(repo_id, Path(root)) for repo_id, root in repos.items()}
        self._gated = frozenset(gated)
        self._token = token
        self.tree_page_size = tree_page_size
        self.faults = Faults()
        self._host = host
        self._servers: list[_HTTPServer] = []
        self._threads: list[threading.Thread] = []
        self._conns: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._blobs: dict[str, HubFile] = {}
        self._stopping = threading.Event()

    # -- lifecycle

    def start(self) -> Self:
        if self._servers or self._stopping.is_set():
            raise RuntimeError("a HubServer can be started once")
        roles: tuple[Literal["hub", "cdn"], ...] = ("hub", "cdn")
        for role in roles:
            server = _HTTPServer(self, role, self._host)
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": _POLL_INTERVAL},
                name=f"HubServer-{role}-{server.server_port}",
                daemon=True,
            )
            self._servers.append(server)
            self._threads.append(thread)
            thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: parked handlers are released and reset, open connections closed."""
        if not self._servers or self._stopping.is_set():
            return
        self._stopping.set()
        for fault in self.faults.armed:
            fault.release()
        stoppers = [threading.Thread(target=s.shutdown, daemon=True) for s in self._servers]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for server in self._servers:
            server.server_close()
        for thread in self._threads:
            thread.join()
        self.faults.requests._wait_idle(timeout=5.0)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- public helpers

    @property
    def endpoint(self) -> str:
        """``http://127.0.0.1:PORT``: what ``HF_ENDPOINT`` / ``endpoint=`` should be."""
        return self._origin(0)

    @property
    def cdn_endpoint(self) -> str:
        """Origin of the LFS "CDN" (another port, so the client treats it as off-Hub)."""
        return self._origin(1)

    @property
    def requests(self) -> list[RequestRecord]:
        """Snapshot of the request log (see `RequestLog.snapshot`)."""
        return self.faults.requests.snapshot()

    @property
    def repos(self) -> Mapping[str, HubRepo]:
        return dict(self._repos)

    def repo(self, repo_id: str) -> HubRepo:
        return self._repos[repo_id]

    def resolve_url(self, repo_id: str, path: str, revision: str = "main") -> str:
        return f"{self.endpoint}/{repo_id}/resolve/{quote(revision, safe='')}/{quote(path)}"

    def cdn_url(self, repo_id: str, path: str) -> str:
        """The ``Location`` the ``/resolve`` of an LFS file redirects to."""
        repo = self._repos[repo_id]
        return self._cdn_url(repo, repo.files[path])

    # -- internals used by the handlers

    def _origin(self, index: int) -> str:
        if not self._servers:
            raise RuntimeError("HubServer is not started")
        return f"http://{self._host}:{self._servers[index].server_port}"

    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._conns.add(conn)
            else:
                self._conns.discard(conn)

    def _cdn_url(self, repo: HubRepo, hub_file: HubFile) -> str:
        sha256 = hub_file.sha256
        with self._lock:
            self._blobs.setdefault(sha256, hub_file)
        query = urlencode({"repo": repo.repo_id, "path": hub_file.path})
        return f"{self.cdn_endpoint}/cdn/{sha256}?{query}"

    def _blob(self, sha256: str) -> HubFile | None:
        with self._lock:
            found = self._blobs.get(sha256)
        if found is not None:
            return found
        for repo in self._repos.values():  # slow path: a URL built without a /resolve first
            for hub_file in repo.files.values():
                if hub_file.lfs and hub_file.sha256 == sha256:
                    with self._lock:
                        self._blobs.setdefault(sha256, hub_file)
                    return hub_file
        return None

    def _model_info(
        self,
        repo: HubRepo,
        sha: str,
        *,
        blobs: bool,
        security: bool,
        expand: list[str] | None,
    ) -> dict[str, Any]:
        siblings: list[dict[str, Any]] = []
        for hub_file in repo.files.values():
            sibling: dict[str, Any] = {"rfilename": hub_file.path}
            if blobs:
                sibling["blobId"] = hub_file.oid
                sibling["size"] = hub_file.size
                if hub_file.lfs:
                    sibling["lfs"] = {
                        "sha256": hub_file.sha256,
                        "size": hub_file.size,
                        "pointerSize": hub_file.pointer_size,
                    }
            siblings.append(sibling)
        author = repo.repo_id.split("/")[0] if "/" in repo.repo_id else None
        info: dict[str, Any] = {
            "_id": repo.tree_oid("")[:24],
            "id": repo.repo_id,
            "modelId": repo.repo_id,
            "author": author,
            "sha": sha,
            "lastModified": FAKE_DATE,
            "createdAt": FAKE_DATE,
            "private": False,
            "gated": "auto" if repo.repo_id in self._gated else False,
            "disabled": False,
            "downloads": 0,
            "likes": 0,
            "library_name": "onnxruntime-genai",
            "pipeline_tag": "text-generation",
            "tags": ["onnxruntime-genai", "onnx", "text-generation"],
            "siblings": siblings,
            "spaces": [],
            "usedStorage": sum(f.size for f in repo.files.values()),
        }
        if security:
            info["securityRepoStatus"] = {"scansDone": True, "filesWithIssues": []}
        if expand:
            info = {k: v for k, v in info.items() if k in {"_id", "id", *expand}}
        return info

    def _tree(
        self, repo: HubRepo, sha: str, path: str, *, recursive: bool, expand: bool
    ) -> list[dict[str, Any]] | None:
        if path and path not in repo.dirs:
            return None
        prefix = f"{path}/" if path else ""

        def listed(entry_path: str) -> bool:
            return entry_path.startswith(prefix) and (
                recursive or "/" not in entry_path[len(prefix) :]
            )

        last_commit = {"id": sha, "title": "Upload folder using huggingface_hub", "date": FAKE_DATE}
        entries: list[dict[str, Any]] = []
        for directory in repo.dirs:
            if listed(directory):
                entry: dict[str, Any] = {
                    "type": "directory",
                    "oid": repo.tree_oid(directory),
                    "size": 0,
                    "path": directory,
                }
                if expand:
                    entry["lastCommit"] = last_commit
                entries.append(entry)
        for hub_file in repo.files.values():
            if not listed(hub_file.path):
                continue
            entry = {
                "type": "file",
                "oid": hub_file.oid,
                "size": hub_file.size,
                "path": hub_file.path,
            }
            if hub_file.lfs:
                entry["lfs"] = {
                    "oid": hub_file.sha256,
                    "size": hub_file.size,
                    "pointerSize": hub_file.pointer_size,
                }
            if expand:
                entry["lastCommit"] = last_commit
                entry["securityFileStatus"] = {
                    "status": "safe",
                    "avScan": {"virusFound": False, "virusNames": None},
                    "pickleImportScan": None,
                }
            entries.append(entry)
        entries.sort(key=lambda e: str(e["path"]))
        return entries


def download_verified(models: Path, repo_id: str, variant: str) -> Any:
    """Download ``variant`` of ``repo_id`` from the server ``HF_ENDPOINT`` names into a
    fresh model store at ``models`` with short retry waits; return the (store, installed
    model) once the download completed. For the embedding and names models' tests."""
    from agentic_desk.core.models.downloader import DownloadOptions, ModelDownloader, Status
    from agentic_desk.core.models.store import ModelStore

    fast = DownloadOptions(
        backoff_first=0.001, backoff_max=0.01, read_timeout=5.0, report_interval=0.0, disk_margin=0
    )
    store = ModelStore(models)
    store.ensure()
    with ModelDownloader(store, options=fast) as downloader:
        job = downloader.download(repo_id, variant)
        assert job.wait(60)
    assert job.progress.status == Status.COMPLETED, job.progress
    [model] = store.installed()
    return store, model
