"""Shared by the tests of what leaves this computer (``test_payload_privacy.py``,
``test_pseudonymise.py``; their fixtures ``openai``, ``anthropic`` and ``engine`` are in
conftest.py): the routing entries and keys that reach the loopback servers, documents
of the detector's independent corpus with the values the detector finds in them, and a
search for values in every byte a server received."""

from __future__ import annotations

import functools
import json

from agentic_desk.core.privacy.detector import detect
from agentic_desk.core.routing.config import ProviderEntry
from privacy_corpus import build_corpus
from provider_servers import AnthropicServer, OpenAIServer, RequestRecord

OA_KEY = "sk-test-openai-4242424242"
AN_KEY = "sk-ant-test-4242424242"


def entries(oa: OpenAIServer, an: AnthropicServer | None = None) -> dict[str, ProviderEntry]:
    """Routing entries for the loopback servers (keys from OA_KEY / AN_KEY)."""
    out = {
        "oa": ProviderEntry(
            "oa", "openai", oa.base_url, "gpt-4o-mini", api_key="${OA_KEY}", max_retries=0
        )
    }
    if an is not None:
        out["an"] = ProviderEntry(
            "an", "anthropic", an.base_url, "claude-test", api_key="${AN_KEY}", max_retries=0
        )
    return out


def keys(name: str, _env: str | None) -> str | None:
    """The keyring's answer for the loopback providers."""
    return {"oa": OA_KEY, "an": AN_KEY}.get(name)


@functools.cache
def sensitive_pool() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(text, values) from the detector's independent corpus: documents whose every
    labelled value the detector finds when the document stands in a message between
    other paragraphs (the detector's recall is measured elsewhere; this test is about
    what is sent once something is found)."""
    pool = []
    for doc in build_corpus(seed=13, per_category=4, n_negative=1):
        framed_at = len("Some words.\n\n")
        findings = detect(f"Some words.\n\n{doc.text}\n\nMore words.")
        spans = [(s.start + framed_at, s.end + framed_at) for s in doc.spans]
        if doc.spans and all(
            any(f.start < end and start < f.end for f in findings) for start, end in spans
        ):
            values = tuple(doc.text[s.start : s.end] for s in doc.spans)
            if all(len(v) >= 6 for v in values):
                pool.append((doc.text, values))
    assert len(pool) >= 20
    return tuple(pool)


def leaks(values: list[str], records: list[RequestRecord]) -> list[str]:
    """The values found in any byte the servers received (raw body, JSON-decoded strings,
    path and headers), in any of the forms JSON may give them."""
    leaked = []
    for record in records:
        blobs = [record.raw.decode("utf-8", "replace"), record.path, json.dumps(record.headers)]
        blobs.append(json.dumps(record.body, ensure_ascii=False))
        blobs.append(json.dumps(record.body))
        for value in values:
            forms = {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
            if any(form in blob for form in forms for blob in blobs):
                leaked.append(value)
    return leaked
