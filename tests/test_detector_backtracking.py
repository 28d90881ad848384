"""No regular expression of the sensitive-data detector backtracks catastrophically, and no
recogniser is slow on adversarial text.

Every compiled pattern of the privacy package (:func:`compiled_patterns` reads them from the
modules' globals, so a new recogniser's patterns are covered without being listed here) gets
single match attempts on long adversarial inputs: runs of digits, spaces, dots, @ signs,
hyphens and mixes, each also behind the start of one of the pattern's own matches in the
corpus (so a pattern that must see ``sk-`` or ``DOB`` first is driven past it). Each attempt
has its own budget, enforced with ``SIGALRM``; a failure names the pattern, the input and the
call. Each recogniser's whole scan and :func:`detect` itself are time-boxed the same way.

The budgets are generous (2 s for 50,000 characters, where a linear pattern needs a few
milliseconds), so they trip on catastrophic backtracking only, never on a slow shared
machine. Nothing here sleeps or measures a duration: the alarm only decides whether a call
finished within its budget.
"""

from __future__ import annotations

import ast
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType

import pytest

from agentic_desk.core.privacy.detector import detect
from agentic_desk.core.privacy.recognisers import RECOGNISERS, compiled_patterns
from privacy_corpus import build_corpus

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "setitimer"), reason="needs SIGALRM and setitimer (not on Windows)"
)

BUDGET = 2.0  # seconds for one call on one 50,000-character input
LENGTH = 50_000
MAX_HEADS = 12
PATTERNS = compiled_patterns()


def _run_of(unit: str, length: int = LENGTH) -> str:
    return (unit * (length // len(unit) + 1))[:length]


ADVERSARIAL: dict[str, str] = {
    "digits": _run_of("1"),
    "spaces": _run_of(" "),
    "dots": _run_of("."),
    "at signs": _run_of("@"),
    "hyphens": _run_of("-"),
    "letters": _run_of("a"),
    "capitals": _run_of("A"),
    "whitespace": _run_of(" \t\n"),
    "digit-space": _run_of("1 "),
    "digit-hyphen": _run_of("1-"),
    "digit-dot": _run_of("1."),
    "letter-dot": _run_of("a."),
    "letter-at": _run_of("a@"),
    "colons": _run_of(":"),
    "hex-colon": _run_of("0:"),
    "bracketed digits": _run_of("(1)"),
    "plus-one": _run_of("+1 "),
    "mixed": _run_of("1 .@-a_:/+(#=A,'\"\n"),
}

# Inputs for the whole detector (the cases earlier reports of slowness were about).
DETECTOR_INPUTS: dict[str, str] = {
    **ADVERSARIAL,
    "a@ pairs": "a@" * 5000,
    "x run then @example": "x" * 20000 + "@example",
    "digit-space then colon": "1 " * 5000 + ":",
    "letter-dot then @": "a." * 5000 + "@",
    "double colons": "::" * 5000,
    "password= repeated": "password=" * 2000,
    "PEM headers": "-----BEGIN RSA PRIVATE KEY-----\n" * 500,
    "IBAN heads": "DE89 " * 4000,
    "born 1 repeated": "born 1 " * 3000,
    "MRN repeated": "MRN " * 5000 + "1",
    "ICD cues": "ICD-10 E11 " * 2000,
    "long sk- token": "sk-" + "a" * 20000,
    "JWT head with dots": "eyJ" + "a." * 10000,
    "date then spaces": "14/03/1985" + " " * LENGTH + "x",
    "password then spaces": "password" + " " * LENGTH + "x",
    "MRN then spaces": "MRN" + " " * LENGTH + "x",
    "passport then spaces": "passport" + " " * LENGTH + "x",
    "phone word then digits": "call " + "1 " * 20000,
}


# ----------------------------------------------------------------------------------------
# The time box
# ----------------------------------------------------------------------------------------


class _OverBudget(Exception):
    pass


def finishes_within(call: Callable[[], object], seconds: float) -> bool:
    """Does ``call()`` return within ``seconds``? Interrupts it with SIGALRM if not.

    Runs on the main thread only (where Python delivers signals). An alarm that was already
    set (pytest-timeout's, say) is put back with the time it had left.
    """
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("the time box needs the main thread")

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise _OverBudget

    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        try:
            call()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _OverBudget:
        return False
    finally:
        signal.signal(
            signal.SIGALRM, signal.SIG_DFL if previous_handler is None else previous_handler
        )
        if previous_delay:
            left = previous_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), previous_interval)
    return True


def over_budget(calls: Iterable[tuple[str, Callable[[], object]]], seconds: float) -> list[str]:
    """The labels of the calls that did not finish within ``seconds`` each."""
    return [label for label, call in calls if not finishes_within(call, seconds)]


def single_attempts(
    name: str, pattern: re.Pattern[str], inputs: dict[str, str], heads: Iterable[str] = ("",)
) -> Iterator[tuple[str, Callable[[], object]]]:
    """One ``match`` and one ``fullmatch`` at the start of every head + input."""
    for head in heads:
        for label, body in inputs.items():
            text = head + body
            where = f"{head!r} + {label}" if head else label
            yield f"{name}.match({where})", lambda t=text: pattern.match(t)
            yield f"{name}.fullmatch({where})", lambda t=text: pattern.fullmatch(t)


def _heads(pattern: re.Pattern[str], sample: str) -> list[str]:
    """Starts of the pattern's first match in ``sample``, cut where a word or a run of
    punctuation ends ("passport", "passport no.", ...): what the pattern must see before
    each of its quantifiers is reached."""
    m = pattern.search(sample)
    if m is None or not m.group(0):
        return [""]
    value = m.group(0)
    cuts = [i for i in range(1, len(value)) if value[i - 1].isalnum() != value[i].isalnum()]
    return sorted({"", value, *(value[:i] for i in cuts[:MAX_HEADS])})


# Cue phrases the corpus may not hold, so that every pattern has a match to start from.
CUES = """\
Passport no. X1234567. Aadhaar: 2345 6789 0124. BSN 111222333. SIN 046 454 286.
NI number AB 12 34 56, NINO AB123456C. SSN: 123-45-6789, social security number 123456789.
MRN: 00482913, patient ID P-20931, NHS number 943 476 5919, hospital no. 12345.
ICD-9 dx 250.00, V45.81; ICD-10 E11.9, diagnosis: E11, J45 and I10 (hypertension).
Diagnosed with multiple sclerosis (G35). G35 (multiple sclerosis). Vitamin B12 tablets.
DOB: 14/03/1985, born March 14, 1985, 14 Mar 85 (DOB), geb. 01.02.1990.
Call +44 20 7946 0958 ext. 12, (555) 123-4567, Tel. 020 7946 0958. Order no. 12345.
mail jane.doe@example.com, https://user:s3cr3tPa55@db.example.com/x, git@github.com:org/r.
host 10.0.0.1, 2001:db8::1, version 1.2.3.4, section 1.2.3.4.
card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, CA 90210-2293.
password = "Tr0ub4dor&3xQ", api_key: sk-proj-abc123DEF456ghi789JKL012mno, my API key is
Authorization: Bearer eyJhbGciOi.eyJzdWIiOi.SflKxwRJSM, 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw
-----BEGIN RSA PRIVATE KEY-----
MIIEow
-----END RSA PRIVATE KEY-----
aws secret key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5
"""


@pytest.fixture(scope="module")
def sample() -> str:
    return "\n".join([CUES, *(doc.text for doc in build_corpus())])


# ----------------------------------------------------------------------------------------
# The tests
# ----------------------------------------------------------------------------------------


def test_the_registry_holds_every_recognisers_patterns() -> None:
    modules = {r.find.__module__.rsplit(".", 1)[-1] for r in RECOGNISERS}
    with_patterns = {name.split(".")[1] for name in PATTERNS if name.startswith("recognisers.")}
    assert modules <= with_patterns, modules - with_patterns
    assert "recognisers.contact._EMAIL_RE" in PATTERNS
    assert "recognisers.credentials._TOKEN_RES[0]" in PATTERNS
    assert len(PATTERNS) >= 80


def test_patterns_are_compiled_at_module_level() -> None:
    """``re.search(r"...", s)`` inside a function would escape the registry (and be compiled
    on every call): the privacy package uses module-level compiled patterns only."""
    root = Path(__file__).resolve().parents[1] / "src" / "agentic_desk" / "core" / "privacy"
    inline = {"search", "match", "fullmatch", "finditer", "findall", "split", "sub", "subn"}
    offenders = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in inline
            ):
                offenders.append(f"{path.relative_to(root)}:{node.lineno} re.{node.func.attr}")
    assert not offenders, offenders


@pytest.mark.parametrize("name", list(PATTERNS))
def test_pattern_does_not_backtrack_catastrophically(name: str, sample: str) -> None:
    pattern = PATTERNS[name]
    heads: list[str] = []
    if not finishes_within(lambda: heads.extend(_heads(pattern, sample)), BUDGET):
        pytest.fail(f"{name}.search(corpus) over the {BUDGET} s budget", pytrace=False)
    blown = over_budget(single_attempts(name, pattern, ADVERSARIAL, heads), BUDGET)
    assert not blown, f"over the {BUDGET} s budget: {blown}"


@pytest.mark.parametrize("category", [r.category for r in RECOGNISERS])
def test_recogniser_scan_finishes_on_adversarial_input(category: str) -> None:
    (recogniser,) = [r for r in RECOGNISERS if r.category == category]
    calls = (
        (f"{category} on {label}", lambda t=text: list(recogniser.find(t)))
        for label, text in ADVERSARIAL.items()
    )
    blown = over_budget(calls, BUDGET)
    assert not blown, f"over the {BUDGET} s budget: {blown}"


def test_detect_finishes_on_adversarial_input() -> None:
    calls = ((label, lambda t=text: detect(t)) for label, text in DETECTOR_INPUTS.items())
    blown = over_budget(calls, 2 * BUDGET)
    assert not blown, f"detect() over the {2 * BUDGET} s budget on: {blown}"


# ----------------------------------------------------------------------------------------
# The time box itself
# ----------------------------------------------------------------------------------------


def test_the_time_box_reports_a_catastrophic_pattern() -> None:
    """``(a+)+$`` on a run of a's that ends in "b" tries every way to split the run (2^n):
    it can never finish, so the box must trip whatever the machine's speed."""
    patterns = {"catastrophic": re.compile(r"(a+)+$"), "linear": re.compile(r"a+$")}
    inputs = {"a-run then b": "a" * 64 + "b"}
    calls = [
        call
        for name, pattern in patterns.items()
        for call in single_attempts(name, pattern, inputs)
    ]
    assert over_budget(calls, 0.2) == [
        "catastrophic.match(a-run then b)",
        "catastrophic.fullmatch(a-run then b)",
    ]


def test_the_time_box_puts_back_an_alarm_it_borrowed() -> None:
    def outer_handler(signum: int, frame: FrameType | None) -> None:
        raise AssertionError("the borrowed alarm went off")

    previous_handler = signal.signal(signal.SIGALRM, outer_handler)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, 600)
    try:
        assert finishes_within(lambda: None, BUDGET)
        assert signal.getsignal(signal.SIGALRM) is outer_handler
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 600
    finally:  # pytest-timeout's own alarm, if it set one
        signal.setitimer(signal.ITIMER_REAL, previous_delay, previous_interval)
        signal.signal(
            signal.SIGALRM, signal.SIG_DFL if previous_handler is None else previous_handler
        )
