"""Is the package index reachable? (tests that ask uv to resolve skip when it is not)."""

from __future__ import annotations

import os
import urllib.error
import urllib.request


def index_url() -> str:
    url = os.environ.get("UV_DEFAULT_INDEX") or os.environ.get("UV_INDEX_URL")
    return url or "https://pypi.org/simple/"


def unreachable_reason() -> str | None:
    """Why the index cannot be reached, or ``None`` when it answers."""
    url = index_url()
    if not url.startswith(("http://", "https://")):
        return None
    request = urllib.request.Request(url.rstrip("/") + "/pip/", method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=5):
            return None
    except urllib.error.HTTPError:
        return None  # the server answered: it is reachable
    except (OSError, ValueError) as error:
        return f"package index {url} unreachable ({error})"
