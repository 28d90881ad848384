"""National identity numbers: US SSN, UK National Insurance number, Spanish DNI/NIE, Italian
codice fiscale, French NIR, Dutch BSN, Canadian SIN, Indian Aadhaar and passport numbers.

A value needs a self-validating format (a check digit or letter, a strict layout) or, where
the format alone would match ordinary numbers, a cue word right before it ("SSN", "BSN",
"SIN", "Aadhaar", "passport").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from agentic_desk.core.privacy.checksums import (
    bsn_ok,
    codice_fiscale_ok,
    dni_ok,
    luhn_ok,
    nir_key_ok,
    verhoeff_ok,
)
from agentic_desk.core.privacy.masking import mask_alnum
from agentic_desk.core.privacy.recognisers.text import (
    CUE_START,
    CUE_WORD_GAP,
    NON_WORD,
    Span,
    digits,
    window_before,
)

__all__ = ["find_national_ids", "mask_national_id"]

_SSN_RE = re.compile(
    r"(?P<a>[0-9](?<![\w\-.][0-9])[0-9]{2})(?P<sep>[\- \u00a0])(?P<g>[0-9]{2})(?P=sep)"
    r"(?P<s>[0-9]{4})"
    r"(?![\w\-@]|[.,][0-9])"
)
_NINE_DIGITS_RE = re.compile(
    r"[0-9](?<![\w\-.][0-9])(?:[0-9]{8}|[0-9]{2}[ \-][0-9]{3}[ \-][0-9]{3}"
    r"|[0-9]{3}\.[0-9]{2}\.[0-9]{3}"
    r"|[0-9]{3} [0-9]{2} [0-9]{4})(?![\w\-@]|[.,][0-9])"
)
# A label right before the value ("SSN: ", "ssn_number=", "social security number is ").
_SSN_CUE_RE = re.compile(
    rf"{CUE_START}(?:SSNs?|SS\#|SS{NON_WORD}?No|social{CUE_WORD_GAP}security|soc\.?\s*sec\.?)"
    rf"{NON_WORD}{{0,6}}(?:(?:is|was|number|no|num|\#){NON_WORD}{{1,4}}){{0,2}}$",
    re.IGNORECASE,
)
_BSN_CUE_RE = re.compile(
    rf"{CUE_START}(?:BSN|burgerservicenummer|sofi-?nummer)"
    rf"{NON_WORD}{{0,6}}(?:(?:is|nummer|nr|number){NON_WORD}{{1,4}}){{0,2}}$",
    re.IGNORECASE,
)
_SIN_CUE_RE = re.compile(
    rf"{CUE_START}(?:SIN|social{CUE_WORD_GAP}insurance|NAS)"
    rf"{NON_WORD}{{0,6}}(?:(?:is|was|number|no|num|\#){NON_WORD}{{1,4}}){{0,2}}$",
    re.IGNORECASE,
)
_NINO_RE = re.compile(
    r"(?P<p>[A-CEGHJ-PR-TW-Z](?<![\w\-][A-Z])[A-CEGHJ-NPR-TW-Z])[ \u00a0]?"
    r"(?P<d>[0-9]{2}[ \u00a0]?[0-9]{2}[ \u00a0]?[0-9]{2})(?:[ \u00a0]?(?P<s>[A-D]))?(?![\w\-])"
)
_NINO_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_NINO_CUE_RE = re.compile(
    rf"{CUE_START}(?:NI|NINO|national{CUE_WORD_GAP}insurance)"
    rf"{NON_WORD}{{0,6}}(?:(?:is|was|number|no|num|\#){NON_WORD}{{1,4}}){{0,2}}$",
    re.IGNORECASE,
)
_DNI_RE = re.compile(r"(?P<n>[0-9](?<![\w\-][0-9])[0-9]{7})[ \-]?(?P<l>[A-Z])(?![\w\-])")
_NIE_RE = re.compile(
    r"(?P<x>[XYZ](?<![\w\-][XYZ]))[ \-]?(?P<n>[0-9]{7})[ \-]?(?P<l>[A-Z])(?![\w\-])"
)
_CF_RE = re.compile(
    r"[A-Z](?<![\w\-][A-Z])[A-Z]{5}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z]"
    r"[0-9LMNPQRSTUV]{3}[A-Z](?![\w\-])"
)
_NIR_RE = re.compile(
    r"(?P<sex>[1-478](?<![\w\-][0-9]))[ \u00a0]?(?P<yy>[0-9]{2})[ \u00a0]?(?P<mm>[0-9]{2})"
    r"[ \u00a0]?(?P<dep>2[AB]|[0-9]{2})[ \u00a0]?(?P<com>[0-9]{3})[ \u00a0]?(?P<ord>[0-9]{3})"
    r"[ \u00a0]?(?P<key>[0-9]{2})(?![\w\-]|[.,][0-9])"
)
_AADHAAR_RE = re.compile(
    r"[2-9](?<![\w\-.][0-9])[0-9]{3}([ \-]?)[0-9]{4}\1[0-9]{4}(?![\w\-]|[.,][0-9])"
)
_AADHAAR_CUE_RE = re.compile(r"\b(?:aadhaar|aadhar|UIDAI|UID)\b", re.IGNORECASE)
_PASSPORT_RE = re.compile(  # possessive space runs: linear after "passport" + many spaces
    r"(?i:\bpassport)(?:[ \t_\-]*+(?i:number|no\.?|num|nr\.?|\#))?[\"']?[ \t]*+"
    r"(?:[:#=]|(?i:is))?[ \t]*+[\"']?(?P<v>[A-Z0-9]{6,9})(?![\w\-])"
)


def _ssn_valid(area: str, group: str, serial: str) -> bool:
    """Issued SSNs: area not 000, 666 or 9xx, group not 00, serial not 0000."""
    return (
        area not in {"000", "666"}
        and not area.startswith("9")
        and group != "00"
        and serial != "0000"
    )


def _nir_ok(m: re.Match[str]) -> bool:
    mm = int(m.group("mm"))
    if not (1 <= mm <= 12 or 20 <= mm <= 42 or 50 <= mm <= 99):
        return False
    body = "".join(m.group(part) for part in ("sex", "yy", "mm", "dep", "com", "ord"))
    return nir_key_ok(body, m.group("key"))


def find_national_ids(text: str) -> Iterator[Span]:
    """Every national ID number in ``text`` (see the module's docstring for the kinds)."""
    for m in _SSN_RE.finditer(text):
        if _ssn_valid(m.group("a"), m.group("g"), m.group("s")):
            yield m.start(), m.end()
    for m in _NINE_DIGITS_RE.finditer(text):
        number = digits(m.group(0))
        window = window_before(text, m.start(), 48)
        if _SSN_CUE_RE.search(window):
            ok = _ssn_valid(number[:3], number[3:5], number[5:])
        elif _BSN_CUE_RE.search(window):
            ok = bsn_ok(number)
        elif _SIN_CUE_RE.search(window):
            ok = luhn_ok(number)
        else:
            ok = False
        if ok:
            yield m.start(), m.end()
    for m in _NINO_RE.finditer(text):
        if m.group("p") in _NINO_BAD_PREFIXES:
            continue
        if m.group("s") is None and not _NINO_CUE_RE.search(window_before(text, m.start(), 40)):
            continue
        yield m.start(), m.end()
    for m in _DNI_RE.finditer(text):
        if dni_ok(m.group("n"), m.group("l")):
            yield m.start(), m.end()
    for m in _NIE_RE.finditer(text):
        if dni_ok(str("XYZ".index(m.group("x"))) + m.group("n"), m.group("l")):
            yield m.start(), m.end()
    for m in _CF_RE.finditer(text):
        if codice_fiscale_ok(m.group(0)):
            yield m.start(), m.end()
    for m in _NIR_RE.finditer(text):
        if _nir_ok(m):
            yield m.start(), m.end()
    for m in _AADHAAR_RE.finditer(text):
        if verhoeff_ok(digits(m.group(0))) and _AADHAAR_CUE_RE.search(
            window_before(text, m.start(), 48)
        ):
            yield m.start(), m.end()
    for m in _PASSPORT_RE.finditer(text):
        value = m.group("v")
        if sum(ch.isdigit() for ch in value) >= 4 and not value.isalpha():
            yield m.start("v"), m.end("v")


def mask_national_id(text: str) -> str:
    """Only the last four characters (two of a short number)."""
    count = sum(ch.isalnum() for ch in text)
    return mask_alnum(text, 0, 4 if count >= 9 else 2)
