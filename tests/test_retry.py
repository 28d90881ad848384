"""The one retry policy (agentic_desk.core.retry): Retry-After in both forms, the cap,
deterministic back-off, and a wait that a cancel cuts short. Nothing here sleeps: the
loops that use the policy are tested with an injected wait in test_providers.py and
test_downloads.py."""

from __future__ import annotations

import random
import threading
from email.utils import format_datetime, parsedate_to_datetime

import httpx
import pytest

from agentic_desk.core.retry import (
    MAX_RETRY_AFTER_S,
    Backoff,
    parse_retry_after,
    retry_after_from_headers,
    wait_unless_cancelled,
)

DATE = "Wed, 21 Oct 2015 07:28:00 GMT"
WHEN = parsedate_to_datetime(DATE).timestamp()


def test_retry_after_in_seconds() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 120 ") == 120.0
    assert parse_retry_after("2.5") == 2.5  # not the standard's form, but servers send it
    assert parse_retry_after("0") == 0.0
    assert parse_retry_after("-3") == 0.0


def test_retry_after_as_an_http_date() -> None:
    assert parse_retry_after(DATE, now=lambda: WHEN - 90) == 90.0
    assert parse_retry_after(DATE, now=lambda: WHEN + 5) == 0.0  # already past
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 -0000", now=lambda: WHEN - 1) == 1.0
    when = parsedate_to_datetime(DATE)
    assert parse_retry_after(format_datetime(when, usegmt=True), now=lambda: WHEN) == 0.0


@pytest.mark.parametrize("value", [None, "", "soon", "nan", "inf", "Someday, 99 Foo 20xx"])
def test_unreadable_retry_after_is_none(value: str | None) -> None:
    assert parse_retry_after(value) is None


def test_retry_after_from_headers() -> None:
    def headers(**values: str) -> httpx.Headers:
        return httpx.Headers({k.replace("_", "-"): v for k, v in values.items()})

    assert retry_after_from_headers(headers(retry_after_ms="1500", retry_after="9")) == 1.5
    assert retry_after_from_headers(headers(retry_after_ms="x", retry_after="9")) == 9.0
    assert retry_after_from_headers(headers(retry_after=DATE), now=lambda: WHEN - 4) == 4.0
    assert retry_after_from_headers(httpx.Headers({"Retry-After": "3"})) == 3.0
    assert retry_after_from_headers(headers(retry_after="soon")) is None
    assert retry_after_from_headers(httpx.Headers()) is None


def test_backoff_doubles_up_to_the_cap_and_is_exact_without_jitter() -> None:
    policy = Backoff(first_s=1.0, cap_s=16.0, jitter=False)
    assert [policy.delay(n) for n in range(6)] == [1.0, 2.0, 4.0, 8.0, 16.0, 16.0]
    assert [Backoff(first_s=0.5, cap_s=30.0, jitter=False).delay(n) for n in range(8)] == [
        0.5,
        1.0,
        2.0,
        4.0,
        8.0,
        16.0,
        30.0,
        30.0,
    ]


def test_jitter_waits_between_half_and_all_of_the_backoff() -> None:
    policy = Backoff(first_s=1.0, cap_s=16.0)
    rng = random.Random(1234)
    for attempt in range(6):
        full = policy.backoff(attempt)
        for _ in range(50):
            assert full / 2 <= policy.delay(attempt, rng=rng) <= full


def test_retry_after_wins_over_backoff_and_is_capped() -> None:
    policy = Backoff(jitter=False)
    assert policy.delay(3, retry_after=7.0) == 7.0  # exactly what the server asked
    assert policy.delay(0, retry_after=0.0) == 0.0
    assert policy.delay(0, retry_after=3600.0) == MAX_RETRY_AFTER_S == 60.0
    assert policy.honours(60.0) and not policy.honours(61.0)
    short = Backoff(max_retry_after_s=5.0)
    assert short.delay(0, retry_after=7.0) == 5.0 and not short.honours(7.0)


def test_the_real_wait_returns_at_once_when_cancelled() -> None:
    cancel = threading.Event()
    assert wait_unless_cancelled(cancel, 0.0) is False  # not cancelled: waited it out
    cancel.set()
    assert wait_unless_cancelled(cancel, 3600.0) is True  # returns at once, cancelled
