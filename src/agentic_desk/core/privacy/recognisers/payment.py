"""Payment data: card numbers (Luhn check, issuer prefix and length, printed layout) and
IBANs (the country's registered length, mod-97 check)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from agentic_desk.core.privacy.checksums import iban_mod97_ok, luhn_ok
from agentic_desk.core.privacy.masking import BULLET, mask_alnum
from agentic_desk.core.privacy.recognisers.text import Span, digits

__all__ = ["IBAN_HEAD_BEFORE_RE", "find_cards", "find_ibans", "mask_card", "mask_iban"]

# "DE89 ", "CH90 0023 ": the start of an IBAN (a broken one, or it would have been found).
IBAN_HEAD_BEFORE_RE = re.compile(r"(?<![\w\-])[A-Z]{2}[0-9]{2}(?:[ \-][0-9A-Z]{4})*[ \-]$")

# ------------------------------------------------------------------------------ cards

_CARD_RUN_RE = re.compile(
    r"[0-9](?<![\w+.,\-][0-9])[0-9]*(?:[ \u00a0\-][0-9]+)*(?![\w]|[.,\-]?[0-9])"
)
_DIGIT_GROUP_RE = re.compile(r"[0-9]+")
_CARD_SEPARATOR_RE = re.compile(r"[ \u00a0\-]")


def _card_brand_ok(d: str) -> bool:
    n = len(d)
    p2, p3, p4, p6 = int(d[:2]), int(d[:3]), int(d[:4]), int(d[:6])
    if d[0] == "4":
        return n in (13, 16, 19)  # Visa
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:
        return n == 16  # Mastercard
    if p2 in (34, 37):
        return n == 15  # American Express
    if p4 == 6011 or 644 <= p3 <= 649 or p2 == 65:
        return 16 <= n <= 19  # Discover
    if 622126 <= p6 <= 622925 or p2 in {62, 81}:
        return 16 <= n <= 19  # UnionPay
    if 3528 <= p4 <= 3589:
        return 16 <= n <= 19  # JCB
    if 300 <= p3 <= 305 or p4 == 3095 or p2 in (36, 38, 39):
        return 14 <= n <= 19  # Diners Club
    if 2200 <= p4 <= 2204:
        return 16 <= n <= 19  # Mir
    if p2 == 50 or 56 <= p2 <= 69:
        return 12 <= n <= 19  # Maestro
    return False


def _card_at(text: str, start: int, end: int) -> bool:
    raw = text[start:end]
    shape = [len(g) for g in _CARD_SEPARATOR_RE.split(raw)]
    if (
        len(shape) > 1
        and not (
            (all(n == 4 for n in shape[:-1]) and 1 <= shape[-1] <= 4)  # 4111 1111 1111 1111
            or (len(shape) == 3 and shape[:2] == [4, 6] and shape[2] in (4, 5))  # 3782 822463 10005
        )
    ):
        return False  # not how card numbers are written
    if len(set(_CARD_SEPARATOR_RE.findall(raw))) > 1:
        return False  # mixed separators
    if text[end : end + 1] == "-" or text[start - 1 : start] == "-":
        return False  # part of a longer dashed number
    number = digits(raw)
    if not 13 <= len(number) <= 19:
        return False
    if IBAN_HEAD_BEFORE_RE.search(text, max(0, start - 40), start):
        return False
    return _card_brand_ok(number) and luhn_ok(number)


def find_cards(text: str) -> Iterator[Span]:
    """Payment card numbers: 13-19 digits, bare or grouped as printed, with a valid Luhn
    check digit and a known issuer prefix and length."""
    for run in _CARD_RUN_RE.finditer(text):
        groups = list(_DIGIT_GROUP_RE.finditer(text, run.start(), run.end()))
        if run.end() - run.start() < 13:
            continue
        # Usually the run is one card; "Card: 3408 146470 47029 01 39 26 35 49" holds a card
        # and then something else, so cards may also start after a space inside the run.
        i = 0
        while i < len(groups):
            first = groups[i]
            found = False
            width = first.end() - first.start()
            if (i == 0 or text[first.start() - 1] in " \u00a0") and (width == 4 or width >= 13):
                total = 0
                ends = []
                for j in range(i, len(groups)):
                    total += groups[j].end() - groups[j].start()
                    if total > 19:
                        break
                    if total >= 13:
                        ends.append(j)
                for j in reversed(ends):
                    if _card_at(text, first.start(), groups[j].end()):
                        found = True
                        yield first.start(), groups[j].end()
                        i = j + 1
                        break
            if not found:
                i += 1


def mask_card(text: str) -> str:
    """The first four and last four digits, the rest as groups of bullets."""
    number = digits(text)
    middle = len(number) - 8
    chunks = [BULLET * 4] * (middle // 4) + ([BULLET * (middle % 4)] if middle % 4 else [])
    return " ".join([number[:4], *chunks, number[-4:]])


# ------------------------------------------------------------------------------- IBAN

_IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
    "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
    "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
    "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
    "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27,
    "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28,
    "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip
_IBAN_START_RE = re.compile(r"(?P<cc>[A-Z](?<![\w\-][A-Z])[A-Z])[0-9]{2}(?=[ \u00a0\-]?[0-9A-Z])")
_IBAN_SEPARATORS = frozenset(" \u00a0-")


def find_ibans(text: str) -> Iterator[Span]:
    """IBANs: country code, check digits and a BBAN of that country's registered length,
    optionally in groups, passing the mod-97 check."""
    for m in _IBAN_START_RE.finditer(text):
        length = _IBAN_LENGTHS.get(m.group("cc"))
        if length is None:
            continue
        chars = [m.group(0)]
        need = length - 4
        pos = m.end()
        while need > 0 and pos < len(text):
            ch = text[pos]
            if ch.isascii() and (ch.isdigit() or ch.isupper()):
                chars.append(ch)
                need -= 1
                pos += 1
            elif (
                ch in _IBAN_SEPARATORS
                and pos + 1 < len(text)
                and text[pos + 1].isascii()
                and text[pos + 1].isalnum()
                and text[pos - 1] not in _IBAN_SEPARATORS
            ):
                pos += 1
            else:
                break
        if need or (pos < len(text) and (text[pos].isalnum() or text[pos] == "_")):
            continue
        if iban_mod97_ok("".join(chars)):
            yield m.start(), pos


def mask_iban(text: str) -> str:
    """The country code and check digits, and the last four characters."""
    return mask_alnum(text, 4, 4)
