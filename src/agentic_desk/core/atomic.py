"""One way to replace a file on disk: all at once, durably.

Every writer of the app's own files (settings, routing config, spend ledger, download
state, manifests, catalog cache) goes through :func:`atomic_write_bytes`: a temporary
file with a unique name in the same folder, written and fsync'd, then ``os.replace``'d
over the target, then the folder fsync'd so the rename survives a power cut. A reader
(or a crash) sees the old file or the new one, never a part, and two writers never
share a temporary file.

The file written is private on POSIX (``0600``, whatever the umask and whatever mode the
file it replaces had): settings, exports and the rest are the user's alone. Windows
leaves access to the folder's ACL (the per-user profile folder).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable. Not possible on Windows (folders cannot be
    opened), where ``os.replace`` is already journalled by NTFS."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once; the new file is ``0600`` on POSIX.
    Raises OSError (the temporary file is removed)."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if os.name != "nt":
            os.fchmod(fd, 0o600)  # mkstemp's mode already; said here so it stays so
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    """:func:`atomic_write_bytes` for UTF-8 text."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: Path, data: Any, *, indent: int | None = 2) -> None:
    """:func:`atomic_write_bytes` for a JSON document (UTF-8, a final newline)."""
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    atomic_write_text(path, text + "\n")


__all__ = ["atomic_write_bytes", "atomic_write_json", "atomic_write_text", "fsync_dir"]
