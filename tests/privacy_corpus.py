"""Labelled corpus for an independent evaluation of the sensitive-data detector.

Built from the documented formats of each kind of value, never from the detector's own
patterns: every value is generated here from its specification (check digits included) and
re-validated by separate checkers before the corpus is returned.

``build_corpus(seed, per_category)`` returns ``Doc(text, spans, kind)`` objects:

* ``per_category`` labelled values for each of the ten categories, embedded one to three per
  document (often several categories per document) in realistic frames: e-mails, clinical
  notes, legal letters, support tickets, chat logs, plain sentences, Python snippets, ``.env``
  files, YAML configs, JSON lines, log files and key files. Values appear at the very start or
  end of a document, in parentheses, in quotes and followed by punctuation.
* ``n_negative`` (default 360) hard-negative documents whose ``spans`` list is empty, and hard
  negative sentences mixed into about a third of the positive documents.

Span conventions (the test counts a finding as a match when it overlaps >= 50 % of the span,
so a finding that also covers the cue word still matches):

* a span covers the sensitive value only, never the cue: ``DOB: <14/03/1987>``,
  ``MRN: <00482913>``, ``password: <value>``, ``Authorization: Bearer <jwt>``;
* a PEM private key is one span from ``-----BEGIN`` to the end of the ``-----END ...-----``
  line (the body is the secret, so a finding on the header line alone is a miss);
* an IPv4 address with a port (``10.0.3.17:8080``) is labelled without the port, an IPv6
  address in brackets (``[2a00:1450::1]:443``) without the brackets.

Decisions worth knowing:

* Generic ``password: <value>`` assignments are held to the same precision target as every
  other category. The labelled passwords are unambiguous (a password cue followed by 16-28
  random characters) and the password-shaped negatives are clearly not secrets (masked
  ``********`` values, ``${DB_PASSWORD}`` / ``os.environ[...]`` references, empty assignments,
  prose like "Forgot your password?", ``sshd: Failed password for root``), so a careful
  detector can be precise here and there is no reason to exempt it.
* Short or dictionary passwords ("hunter2") are in neither set: they are real secrets, but
  the brief defines the generic password format as 16+ random characters.
* Loopback addresses (127.0.0.1, ::1) are in neither set.
* "QQ 12 34 56 C" is HMRC's specimen layout, but QQ is not an allocatable prefix, so the
  National Insurance numbers use allocatable prefixes in that layout and in compact form.
* Two hard negatives are format-identical to positives and are only negative by context:
  four-part version strings (``version 1.2.3.4``, an IPv4 shape) and ``Vitamin B12`` /
  ``Galaxy S23`` (ICD-10 category shape). They are kept because the brief names them; each
  negative document's ``kind`` says which negative families it contains, so a false
  positive can be traced to its family. Ambiguous shapes the brief only floated (``3.2.1.0``)
  are left out.

Run ``python tests/privacy_corpus.py`` for a summary of the corpus.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import random
import re
import string
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

CATEGORIES = (
    "email",
    "phone",
    "national_id",
    "payment_card",
    "iban",
    "ip_address",
    "date_of_birth",
    "medical_record",
    "icd_code",
    "secret",
)

__all__ = ["CATEGORIES", "Doc", "Span", "build_corpus"]


@dataclass(frozen=True)
class Span:
    category: str
    start: int
    end: int
    kind: str = ""  # the value's format, e.g. "payment_card/amex_spaced" (diagnostics only)


@dataclass
class Doc:
    text: str
    spans: list[Span] = field(default_factory=list)
    kind: str = ""  # "<frame>: <categories>" or "negative/<frame>: <negative families>"
    # (family, start, end) of every hard-negative line, in negative and positive documents
    negatives: list[tuple[str, int, int]] = field(default_factory=list)


# ----------------------------------------------------------------------------------------
# Shared vocabulary
# ----------------------------------------------------------------------------------------

FIRST = [
    "James",
    "Maria",
    "Wei",
    "Aisha",
    "Oliver",
    "Sofia",
    "Liam",
    "Chloe",
    "Mateo",
    "Priya",
    "Noah",
    "Emma",
    "Lucas",
    "Fatima",
    "Hugo",
    "Ingrid",
    "Kenji",
    "Amara",
    "Elena",
    "Tomasz",
    "Sean",
    "Lea",
    "Ravi",
    "Nora",
    "Jonas",
    "Camille",
    "Diego",
    "Hannah",
    "Yusuf",
    "Freya",
]
LAST = [
    "Smith",
    "Garcia",
    "Chen",
    "Khan",
    "Mueller",
    "Dubois",
    "Rossi",
    "Nakamura",
    "Okafor",
    "Novak",
    "OBrien",
    "Fernandez",
    "Patel",
    "Schmidt",
    "Martin",
    "Jansen",
    "Kowalski",
    "Andersson",
    "Murphy",
    "Silva",
    "Nguyen",
    "Haddad",
    "Brown",
    "Moreau",
    "Weber",
    "Costa",
    "Ivanova",
    "Taylor",
    "Singh",
    "Lopez",
]
COMPANIES = (
    "Acme Corp",
    "Northwind Traders",
    "Globex",
    "Initech",
    "Helix Bio",
    "Bluewater Logistics",
    "Kestrel Legal",
    "Orchard Health",
    "Meridian Labs",
    "Tidewater Insurance",
)
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _rand(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _digits(rng: random.Random, n: int) -> str:
    return _rand(rng, string.digits, n)


# ----------------------------------------------------------------------------------------
# Check-digit algorithms used by the GENERATORS (the validators further down are separate)
# ----------------------------------------------------------------------------------------


def _luhn_check_digit(payload: str) -> str:
    """Check digit to append to ``payload`` (ISO/IEC 7812-1 Annex B)."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:  # these digits sit at odd positions once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def _iban_numeric(s: str) -> int:
    return int("".join(str(int(ch, 36)) for ch in s))


def _iban_from_bban(country: str, bban: str) -> str:
    """ISO 13616: check digits = 98 - (BBAN + country + "00" as digits) mod 97."""
    check = 98 - _iban_numeric(bban + country + "00") % 97
    return f"{country}{check:02d}{bban}"


def _nhs_check_digit(nine: str) -> int | None:
    """NHS Data Dictionary: weights 10..2, 11 - (sum mod 11); 11 -> 0, 10 -> no number."""
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def _isbn10_check(nine: str) -> str:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    c = (11 - total % 11) % 11
    return "X" if c == 10 else str(c)


def _isbn13_check(twelve: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(twelve))
    return str((10 - total % 10) % 10)


_FR_LETTERS = {
    c: str(v)
    for v, group in enumerate(
        ("AJ", "BKS", "CLT", "DMU", "ENV", "FOW", "GPX", "HQY", "IRZ"), start=1
    )
    for c in group
}


def _fr_rib_key(bank: str, branch: str, account: str) -> str:
    """French RIB key: 97 - (89*bank + 15*branch + 3*account) mod 97, letters -> digits."""
    acct = int("".join(_FR_LETTERS.get(c, c) for c in account))
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * acct) % 97:02d}"


_ES_WEIGHTS = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)


def _es_dc_digit(ten: str) -> str:
    r = 11 - sum(int(d) * w for d, w in zip(ten, _ES_WEIGHTS, strict=True)) % 11
    return "0" if r == 11 else "1" if r == 10 else str(r)


# Italian CIN: odd positions (1-based) map through this table, even positions use the value.
_CIN_ODD = (
    1,
    0,
    5,
    7,
    9,
    13,
    15,
    17,
    19,
    21,
    2,
    4,
    18,
    20,
    11,
    3,
    6,
    8,
    12,
    14,
    16,
    10,
    22,
    25,
    24,
    23,
)


def _it_cin(abi: str, cab: str, account: str) -> str:
    total = 0
    for i, ch in enumerate(abi + cab + account):
        v = int(ch) if ch.isdigit() else ord(ch) - ord("A")
        total += _CIN_ODD[v] if i % 2 == 0 else v
    return chr(ord("A") + total % 26)


_B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def _b62(n: int, width: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = _B62[r] + out
    return out.rjust(width, "0")


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


# ----------------------------------------------------------------------------------------
# Value generators: gen(rng, style) -> _Value
# ----------------------------------------------------------------------------------------


@dataclass
class _Value:
    text: str
    kind: str  # "<category>/<format>"
    group: str = ""  # template group ("" -> the category's templates)
    meta: dict[str, str] = field(default_factory=dict)


def _pick(rng: random.Random, options: list[tuple[str, str]]) -> tuple[str, str]:
    return rng.choice(options)


def _gen_email(rng: random.Random, style: str) -> _Value:
    first, last = rng.choice(FIRST).lower(), rng.choice(LAST).lower()
    tag = rng.choice(["billing", "work", "news", "receipts", "2024", "legal", "github"])
    local = rng.choice(
        [
            f"{first}.{last}",
            f"{first[0]}.{last}",
            f"{first}+{tag}",
            f"{first}.{last}+{tag}",
            f"{first}-{last}",
            f"{first}_{last}",
            f"{first}{rng.randint(1, 99)}",
            f"{last}.{first[0]}.{rng.choice(FIRST)[0].lower()}",
            f"{first}.{last}-{rng.choice(['ext', 'contractor', 'admin'])}",
        ]
    )
    org = rng.choice(
        [
            "acme-corp",
            "northwind",
            "globex",
            "initech",
            "helix-bio",
            "bluewater",
            "kestrel-legal",
            "orchard-health",
            "meridian-labs",
            "tidewater",
        ]
    )
    tld = rng.choice(
        [
            "com",
            "org",
            "net",
            "io",
            "co.uk",
            "de",
            "fr",
            "com.au",
            "nl",
            "ch",
            "es",
            "it",
            "co.jp",
            "in",
            "ie",
            "ca",
            "be",
            "org.uk",
            "co.nz",
            "at",
        ]
    )
    r = rng.random()
    if r < 0.3:
        domain = rng.choice(
            [
                "gmail.com",
                "outlook.com",
                "yahoo.co.uk",
                "web.de",
                "gmx.de",
                "orange.fr",
                "laposte.net",
                "t-online.de",
                "bigpond.com.au",
                "btinternet.com",
                "proton.me",
                "icloud.com",
                "hotmail.fr",
                "libero.it",
                "nhs.net",
            ]
        )
        kind = "freemail"
    elif r < 0.65:
        sub = rng.choice(["mail", "eu", "corp", "research", "support", "uk", "dept.finance"])
        domain = f"{sub}.{org}.{tld}"
        kind = "subdomain"
    elif r < 0.75:
        domain = rng.choice(
            [
                "cs.ox.ac.uk",
                "student.unimelb.edu.au",
                "tu-berlin.de",
                "ens.fr",
                "ethz.ch",
                "med.stanford.edu",
                "uva.nl",
            ]
        )
        kind = "academic"
    else:
        domain = f"{org}.{tld}"
        kind = "corporate"
    text = f"{local}@{domain}"
    if rng.random() < 0.07:
        text = f"{local.title()}@{domain.upper()}"
        kind = "mixed_case"
    return _Value(text, f"email/{kind}")


_US_AREAS = [
    "212",
    "213",
    "312",
    "415",
    "617",
    "646",
    "702",
    "713",
    "206",
    "303",
    "404",
    "503",
    "512",
    "602",
    "718",
    "773",
    "818",
    "917",
    "929",
    "972",
    "305",
    "480",
    "619",
    "720",
    "857",
]


def _gen_phone(rng: random.Random, style: str) -> _Value:
    country = rng.choice(["us", "us", "us", "uk", "uk", "de", "de", "fr", "fr", "au", "in", "intl"])
    opts: list[tuple[str, str]]
    if country == "us":
        a = rng.choice(_US_AREAS)
        e = str(rng.randint(2, 9)) + _digits(rng, 2)
        while e[1:] == "11":
            e = str(rng.randint(2, 9)) + _digits(rng, 2)
        n = _digits(rng, 4)
        opts = [
            ("us_paren", f"({a}) {e}-{n}"),
            ("us_dash", f"{a}-{e}-{n}"),
            ("us_dot", f"{a}.{e}.{n}"),
            ("e164_us_spaced", f"+1 {a} {e} {n}"),
            ("e164_us_dashed", f"+1-{a}-{e}-{n}"),
            ("e164_us", f"+1{a}{e}{n}"),
            ("us_paren_intl", f"+1 ({a}) {e}-{n}"),
        ]
        compact = f"+1{a}{e}{n}"
    elif country == "uk":
        if rng.random() < 0.5:
            sub = rng.choice("378") + _digits(rng, 7)
            opts = [
                ("uk_london", f"020 {sub[:4]} {sub[4:]}"),
                ("e164_uk_london", f"+44 20 {sub[:4]} {sub[4:]}"),
                ("e164_uk_london_0", f"+44 (0)20 {sub[:4]} {sub[4:]}"),
            ]
            compact = f"+4420{sub}"
        else:
            mob = "7" + rng.choice("4589") + _digits(rng, 8)
            opts = [
                ("uk_mobile", f"0{mob[:4]} {mob[4:]}"),
                ("e164_uk_mobile", f"+44 {mob[:4]} {mob[4:]}"),
                ("e164_uk_compact", f"+44{mob}"),
            ]
            compact = f"+44{mob}"
    elif country == "de":
        if rng.random() < 0.6:
            area = rng.choice(["30", "40", "89", "69"])
            sub = str(rng.randint(2, 9)) + _digits(rng, 7)
            opts = [
                ("de_landline", f"0{area} {sub}"),
                ("de_landline_slash", f"0{area}/{sub}"),
                ("e164_de", f"+49 {area} {sub}"),
                ("e164_de_0", f"+49 (0){area} {sub}"),
            ]
            compact = f"+49{area}{sub}"
        else:
            pre = rng.choice(["151", "152", "160", "162", "170", "171", "172", "176", "177"])
            sub = _digits(rng, 8 if pre.startswith("15") else 7)
            opts = [
                ("de_mobile", f"0{pre} {sub}"),
                ("e164_de_mobile", f"+49 {pre} {sub}"),
                ("e164_de_compact", f"+49{pre}{sub}"),
            ]
            compact = f"+49{pre}{sub}"
    elif country == "fr":
        d = rng.choice("1234567679") + _digits(rng, 8)
        pairs = " ".join(d[i : i + 2] for i in range(1, 9, 2))
        opts = [
            ("fr_spaced", f"0{d[0]} {pairs}"),
            ("fr_dotted", f"0{d[0]}." + pairs.replace(" ", ".")),
            ("e164_fr", f"+33 {d[0]} {pairs}"),
            ("e164_fr_compact", f"+33{d}"),
        ]
        compact = f"+33{d}"
    elif country == "au":
        if rng.random() < 0.5:
            d = rng.choice("2378") + rng.choice("6789") + _digits(rng, 7)
            opts = [
                ("au_landline", f"(0{d[0]}) {d[1:5]} {d[5:]}"),
                ("e164_au", f"+61 {d[0]} {d[1:5]} {d[5:]}"),
            ]
        else:
            d = "4" + _digits(rng, 8)
            opts = [
                ("au_mobile", f"0{d[:3]} {d[3:6]} {d[6:]}"),
                ("e164_au_mobile", f"+61 {d[:3]} {d[3:6]} {d[6:]}"),
            ]
        compact = f"+61{d}"
    elif country == "in":
        d = rng.choice("6789") + _digits(rng, 9)
        opts = [
            ("e164_in", f"+91 {d[:5]} {d[5:]}"),
            ("e164_in_dash", f"+91-{d}"),
            ("e164_in_compact", f"+91{d}"),
        ]
        compact = f"+91{d}"
    else:
        which = rng.choice(["ie", "nl", "es", "it", "ch"])
        if which == "ie":
            d = "8" + rng.choice("35679") + _digits(rng, 7)
            opts = [("e164_ie", f"+353 {d[:2]} {d[2:5]} {d[5:]}")]
            compact = f"+353{d}"
        elif which == "nl":
            d = "6" + _digits(rng, 8)
            opts = [("e164_nl", f"+31 6 {d[1:]}")]
            compact = f"+31{d}"
        elif which == "es":
            d = "6" + _digits(rng, 8)
            opts = [("e164_es", f"+34 {d[:3]} {d[3:6]} {d[6:]}")]
            compact = f"+34{d}"
        elif which == "it":
            d = "3" + rng.choice("234") + _digits(rng, 8)
            opts = [("e164_it", f"+39 {d[:3]} {d[3:6]} {d[6:]}")]
            compact = f"+39{d}"
        else:
            d = "7" + rng.choice("5689") + _digits(rng, 7)
            opts = [("e164_ch", f"+41 {d[:2]} {d[2:5]} {d[5:7]} {d[7:]}")]
            compact = f"+41{d}"
    if style == "env":
        return _Value(compact, f"phone/e164_compact_{country}")
    kind, text = _pick(rng, opts)
    return _Value(text, f"phone/{kind}")


_NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"  # not D F I Q U V
_NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"  # not D F I O Q U V
_NI_BANNED = ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ")


def _gen_national_id(rng: random.Random, style: str) -> _Value:
    if rng.random() < 0.55:
        area = rng.randint(1, 899)
        while area == 666:
            area = rng.randint(1, 899)
        text = f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
        return _Value(text, "national_id/us_ssn", "ssn")
    prefix = rng.choice(_NI_FIRST) + rng.choice(_NI_SECOND)
    while prefix in _NI_BANNED:
        prefix = rng.choice(_NI_FIRST) + rng.choice(_NI_SECOND)
    d, suffix = _digits(rng, 6), rng.choice("ABCD")
    if rng.random() < 0.5:
        return _Value(
            f"{prefix} {d[:2]} {d[2:4]} {d[4:]} {suffix}", "national_id/uk_nino_spaced", "nino"
        )
    return _Value(f"{prefix}{d}{suffix}", "national_id/uk_nino_compact", "nino")


def _card_number(rng: random.Random, brand: str) -> str:
    if brand == "Visa":
        prefix, length = "4", 16
    elif brand == "Mastercard":
        prefix = str(rng.randint(51, 55)) if rng.random() < 0.6 else str(rng.randint(2221, 2720))
        length = 16
    elif brand == "Amex":
        prefix, length = rng.choice(["34", "37"]), 15
    else:
        prefix = rng.choice(["6011", "65", str(rng.randint(644, 649))])
        length = 16
    payload = prefix + _digits(rng, length - len(prefix) - 1)
    return payload + _luhn_check_digit(payload)


def _gen_card(rng: random.Random, style: str) -> _Value:
    brand = rng.choice(["Visa", "Visa", "Mastercard", "Mastercard", "Amex", "Discover"])
    num = _card_number(rng, brand)
    if brand == "Amex":
        opts = [
            ("amex_plain", num),
            ("amex_spaced", f"{num[:4]} {num[4:10]} {num[10:]}"),
            ("amex_dashed", f"{num[:4]}-{num[4:10]}-{num[10:]}"),
        ]
    else:
        groups = [num[i : i + 4] for i in range(0, 16, 4)]
        opts = [("plain", num), ("spaced", " ".join(groups)), ("dashed", "-".join(groups))]
    kind, text = _pick(rng, opts)
    return _Value(text, f"payment_card/{brand.lower()}_{kind}", meta={"BRAND": brand})


_IBAN_LENGTHS = {"DE": 22, "GB": 22, "FR": 27, "NL": 18, "ES": 24, "IT": 27, "CH": 21, "BE": 16}
_BIC = {
    "DE": "COBADEFFXXX",
    "GB": "NWBKGB2L",
    "FR": "BNPAFRPP",
    "NL": "ABNANL2A",
    "ES": "CAIXESBB",
    "IT": "BCITITMM",
    "CH": "UBSWCHZH80A",
    "BE": "GEBABEBB",
}


def _bban(rng: random.Random, country: str) -> str:
    if country == "DE":
        blz = rng.choice(
            [
                "37040044",
                "10070000",
                "50010517",
                "20041133",
                "12030000",
                "43060967",
                "70150000",
                "60050101",
            ]
        )
        return blz + _digits(rng, 10)
    if country == "GB":
        return rng.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "SRLG"]) + _digits(rng, 14)
    if country == "FR":
        bank = rng.choice(["30004", "30003", "20041", "30002", "11315", "10278"])
        branch = _digits(rng, 5)
        account = _digits(rng, 11)
        if rng.random() < 0.2:  # alphanumeric account numbers exist (e.g. "0500013M026")
            i = rng.randint(6, 8)
            account = account[:i] + rng.choice(string.ascii_uppercase) + account[i + 1 :]
        return bank + branch + account + _fr_rib_key(bank, branch, account)
    if country == "NL":
        bank = rng.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB", "BUNQ"])
        while True:  # the "elfproef": weighted sum 10..1 divisible by 11
            acct = _digits(rng, 10)
            if sum(int(d) * w for d, w in zip(acct, range(10, 0, -1), strict=True)) % 11 == 0:
                return bank + acct
    if country == "ES":
        bank = rng.choice(["2100", "0049", "0182", "2038", "0081", "1465"])
        branch, account = _digits(rng, 4), _digits(rng, 10)
        dc = _es_dc_digit("00" + bank + branch) + _es_dc_digit(account)
        return bank + branch + dc + account
    if country == "IT":
        abi = rng.choice(["03069", "02008", "05034", "01030", "05428", "03062"])
        cab, account = _digits(rng, 5), _digits(rng, 12)
        return _it_cin(abi, cab, account) + abi + cab + account
    if country == "CH":
        return rng.choice(["00762", "00230", "04835", "80808", "09000"]) + _digits(rng, 12)
    # BE: bank (3) + account (7) + national check = first ten digits mod 97 (0 -> 97)
    ten = rng.choice(["539", "001", "310", "735", "068", "363"]) + _digits(rng, 7)
    return ten + f"{int(ten) % 97 or 97:02d}"


def _group4(s: str) -> str:
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def _gen_iban(rng: random.Random, style: str) -> _Value:
    country = rng.choice(list(_IBAN_LENGTHS))
    iban = _iban_from_bban(country, _bban(rng, country))
    grouped = rng.random() < 0.6 and style in ("prose", "json", "py")
    text = _group4(iban) if grouped else iban
    kind = f"iban/{country.lower()}_{'grouped' if grouped else 'compact'}"
    return _Value(text, kind, meta={"BIC": _BIC[country]})


_V6_PREFIXES = (
    "2a00:1450",
    "2606:4700",
    "2a03:2880",
    "2001:4860",
    "2400:cb00",
    "2a02:c7c",
    "2600:1f18",
    "2a01:4f8",
    "2804:14c",
    "2001:67c",
)


def _v6_compress(groups: list[int]) -> str:
    """RFC 5952 text form: lowercase, no leading zeros, longest run (>= 2) of zeros -> '::'."""
    best_start, best_len, i = -1, 0, 0
    while i < 8:
        if groups[i] == 0:
            j = i
            while j < 8 and groups[j] == 0:
                j += 1
            if j - i > best_len:
                best_start, best_len = i, j - i
            i = j
        else:
            i += 1
    parts = [f"{g:x}" for g in groups]
    if best_len < 2:
        return ":".join(parts)
    head = ":".join(parts[:best_start])
    tail = ":".join(parts[best_start + best_len :])
    return f"{head}::{tail}"


def _gen_ip(rng: random.Random, style: str) -> _Value:
    r = rng.random()
    if r < 0.35:
        while True:
            text = ".".join(
                str(x)
                for x in (
                    rng.randint(1, 223),
                    rng.randint(0, 255),
                    rng.randint(0, 255),
                    rng.randint(1, 254),
                )
            )
            if ipaddress.IPv4Address(text).is_global:
                return _Value(text, "ip_address/ipv4_public", "ipv4")
    if r < 0.65:
        text = rng.choice(
            [
                f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            ]
        )
        return _Value(text, "ip_address/ipv4_private", "ipv4")
    kind = rng.choice(["global", "global", "link_local", "ula"])
    if kind == "global":
        head = [int(x, 16) for x in rng.choice(_V6_PREFIXES).split(":")]
    elif kind == "link_local":
        head = [0xFE80, 0, 0, 0]
    else:
        head = [0xFD00 | rng.randint(0, 255), rng.randint(0, 0xFFFF), rng.randint(0, 0xFFFF)]
    rest = [rng.randint(0, 0xFFFF) for _ in range(8 - len(head))]
    if rng.random() < 0.6:  # a run of zero groups, as in most real addresses
        start = rng.randint(0, len(rest) - 2)
        for k in range(start, min(len(rest) - 1, start + rng.randint(2, 4))):
            rest[k] = 0
    groups = head + rest
    if rng.random() < 0.35:
        text = ":".join(f"{g:04x}" for g in groups)
        return _Value(text, f"ip_address/ipv6_full_{kind}", "ipv6")
    text = _v6_compress(groups)
    return _Value(text, f"ip_address/ipv6_compressed_{kind}", "ipv6")


_DOB_FORMATS = {
    "dmy_slash": "%d/%m/%Y",
    "mdy_slash": "%m/%d/%Y",
    "iso": "%Y-%m-%d",
    "d_month_y": "%d %B %Y",
    "month_d_y": "%B %d, %Y",
    "dmy_dot": "%d.%m.%Y",
    "d_mon_y": "%d-%b-%Y",
    "mon_d_y": "%b %d, %Y",
    "mdy_short": "%m/%d/%y",
}


def _gen_dob(rng: random.Random, style: str) -> _Value:
    born = date.fromordinal(
        rng.randint(date(1931, 1, 1).toordinal(), date(2012, 12, 31).toordinal())
    )
    names = list(_DOB_FORMATS)
    if style != "prose":
        names = ["iso", "iso", "dmy_slash", "mdy_slash"]
    fmt = rng.choice(names)
    text = born.strftime(_DOB_FORMATS[fmt])
    if fmt in ("d_month_y", "month_d_y", "mon_d_y") and rng.random() < 0.7:
        text = re.sub(r"\b0(\d)\b", r"\1", text)  # "March 4, 1987" more often than "04"
    if fmt == "mdy_short":  # US writes 3/4/87 as often as 03/04/87
        m, d, y = text.split("/")
        text = f"{int(m)}/{int(d)}/{y}"
    return _Value(text, f"date_of_birth/{fmt}")


def _gen_medical(rng: random.Random, style: str) -> _Value:
    r = rng.random()
    if r < 0.4:
        while True:
            nine = rng.choice("467") + _digits(rng, 8)
            check = _nhs_check_digit(nine)
            if check is not None:
                break
        num = nine + str(check)
        kind, text = _pick(
            rng,
            [("nhs_spaced", f"{num[:3]} {num[3:6]} {num[6:]}"), ("nhs_compact", num)]
            + ([("nhs_dashed", f"{num[:3]}-{num[3:6]}-{num[6:]}")] if style == "prose" else []),
        )
        return _Value(text, f"medical_record/{kind}", "nhs", {"KEY": "nhs_number"})
    if r < 0.6:
        text = rng.choice(["P-", "PT-", "P"]) + _digits(rng, rng.choice([6, 7]))
        return _Value(text, "medical_record/patient_id", "patient_id", {"KEY": "patient_id"})
    text = rng.choice(
        [f"{rng.randint(0, 9_999_999):08d}", _digits(rng, 7), str(rng.randint(100_000, 9_999_999))]
    )
    return _Value(text, "medical_record/mrn", "mrn", {"KEY": "mrn"})


ICD10 = {
    "E11.9": "type 2 diabetes mellitus without complications",
    "E11.65": "type 2 diabetes mellitus with hyperglycemia",
    "E10.9": "type 1 diabetes mellitus without complications",
    "I10": "essential (primary) hypertension",
    "I25.10": "atherosclerotic heart disease of native coronary artery",
    "I48.91": "unspecified atrial fibrillation",
    "I50.9": "heart failure, unspecified",
    "I63.9": "cerebral infarction, unspecified",
    "I21.4": "non-ST elevation myocardial infarction",
    "J45.909": "unspecified asthma, uncomplicated",
    "J44.9": "chronic obstructive pulmonary disease, unspecified",
    "J18.9": "pneumonia, unspecified organism",
    "J06.9": "acute upper respiratory infection",
    "J30.9": "allergic rhinitis, unspecified",
    "F32.A": "depression, unspecified",
    "F32.9": "major depressive disorder, single episode",
    "F41.1": "generalized anxiety disorder",
    "F43.10": "post-traumatic stress disorder, unspecified",
    "F90.0": "ADHD, predominantly inattentive type",
    "F10.20": "alcohol dependence, uncomplicated",
    "F17.210": "nicotine dependence, cigarettes",
    "F31.9": "bipolar disorder, unspecified",
    "F20.9": "schizophrenia, unspecified",
    "S72.001A": "fracture of neck of right femur, initial encounter",
    "S06.0X0A": "concussion without loss of consciousness, initial encounter",
    "S93.401A": "sprain of right ankle ligament, initial encounter",
    "W19.XXXA": "unspecified fall, initial encounter",
    "T78.40XA": "allergy, unspecified, initial encounter",
    "M54.5": "low back pain",
    "M54.50": "low back pain, unspecified",
    "M17.11": "unilateral primary osteoarthritis, right knee",
    "M81.0": "age-related osteoporosis",
    "M10.9": "gout, unspecified",
    "M25.561": "pain in right knee",
    "K21.9": "gastro-esophageal reflux disease without esophagitis",
    "K57.30": "diverticulosis of large intestine",
    "K58.9": "irritable bowel syndrome without diarrhea",
    "K29.70": "gastritis, unspecified",
    "N18.3": "chronic kidney disease, stage 3",
    "N39.0": "urinary tract infection, site not specified",
    "N40.0": "benign prostatic hyperplasia",
    "E78.5": "hyperlipidemia, unspecified",
    "E78.00": "pure hypercholesterolemia",
    "E03.9": "hypothyroidism, unspecified",
    "E66.9": "obesity, unspecified",
    "E55.9": "vitamin D deficiency",
    "E87.1": "hyponatremia",
    "D50.9": "iron deficiency anemia",
    "G43.909": "migraine, unspecified, not intractable",
    "G47.33": "obstructive sleep apnea",
    "G30.9": "Alzheimer's disease, unspecified",
    "G35": "multiple sclerosis",
    "C34.90": "malignant neoplasm of lung",
    "C50.911": "malignant neoplasm of right female breast",
    "C61": "malignant neoplasm of prostate",
    "B20": "HIV disease",
    "A41.9": "sepsis, unspecified organism",
    "A09": "infectious gastroenteritis and colitis",
    "U07.1": "COVID-19",
    "R07.9": "chest pain, unspecified",
    "R10.9": "unspecified abdominal pain",
    "R73.03": "prediabetes",
    "L40.0": "psoriasis vulgaris",
    "L20.9": "atopic dermatitis",
    "H66.90": "otitis media, unspecified",
    "O24.419": "gestational diabetes mellitus in pregnancy",
    "Z79.4": "long term (current) use of insulin",
    "Z87.891": "personal history of nicotine dependence",
}


def _gen_icd(rng: random.Random, style: str) -> _Value:
    code = rng.choice(list(ICD10))
    desc = ICD10[code]
    kind = "category" if "." not in code else f"ext{len(code.split('.')[1])}"
    return _Value(code, f"icd_code/{kind}", meta={"DESC": desc[0].upper() + desc[1:], "desc": desc})


# Secret kinds: (kind, label, ENV_VAR, generator)
def _openai(rng: random.Random) -> str:
    return f"sk-{_rand(rng, ALNUM, 20)}T3BlbkFJ{_rand(rng, ALNUM, 20)}"


def _openai_proj(rng: random.Random) -> str:
    return f"sk-proj-{_rand(rng, URLSAFE, 74)}T3BlbkFJ{_rand(rng, URLSAFE, 74)}"


def _anthropic(rng: random.Random) -> str:
    return f"sk-ant-api03-{_rand(rng, URLSAFE, 93)}AA"


def _github(rng: random.Random) -> str:
    """ghp_ + 30 random base62 + 6-char base62 CRC32 of the 30 characters (36 after prefix)."""
    body = _rand(rng, ALNUM, 30)
    return f"ghp_{body}{_b62(zlib.crc32(body.encode()), 6)}"


def _github_pat(rng: random.Random) -> str:
    head = _rand(rng, string.ascii_uppercase + string.digits, 20)
    return f"github_pat_11{head}_{_rand(rng, ALNUM, 59)}"


def _aws_id(rng: random.Random) -> str:
    return rng.choice(["AKIA", "AKIA", "ASIA"]) + _rand(rng, string.ascii_uppercase + "234567", 16)


def _aws_secret(rng: random.Random) -> str:
    return _rand(rng, ALNUM + "/+", 40)


def _google(rng: random.Random) -> str:
    return "AIza" + _rand(rng, URLSAFE, 35)


def _slack(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return f"xoxb-{_digits(rng, 12)}-{_digits(rng, 13)}-{_rand(rng, ALNUM, 24)}"
    return f"xoxp-{_digits(rng, 12)}-{_digits(rng, 12)}-{_digits(rng, 13)}-{_rand(rng, HEX, 32)}"


def _stripe(rng: random.Random) -> str:
    prefix = rng.choice(["sk_live_", "sk_live_", "rk_live_"])
    return prefix + (_rand(rng, ALNUM, 24) if rng.random() < 0.5 else "51" + _rand(rng, ALNUM, 97))


def _hf(rng: random.Random) -> str:
    return "hf_" + _rand(rng, string.ascii_letters, 34)


_SECRET_TOKENS: tuple[tuple[str, str, str, Callable[[random.Random], str]], ...] = (
    ("openai", "OpenAI API key", "OPENAI_API_KEY", _openai),
    ("openai_project", "OpenAI API key", "OPENAI_API_KEY", _openai_proj),
    ("anthropic", "Anthropic API key", "ANTHROPIC_API_KEY", _anthropic),
    ("github_pat_classic", "GitHub token", "GITHUB_TOKEN", _github),
    ("github_pat_fine_grained", "GitHub token", "GH_TOKEN", _github_pat),
    ("aws_access_key_id", "AWS access key ID", "AWS_ACCESS_KEY_ID", _aws_id),
    ("aws_secret_access_key", "AWS secret access key", "AWS_SECRET_ACCESS_KEY", _aws_secret),
    ("google_api_key", "Google API key", "GOOGLE_API_KEY", _google),
    ("slack_token", "Slack bot token", "SLACK_BOT_TOKEN", _slack),
    ("stripe_live_key", "Stripe secret key", "STRIPE_SECRET_KEY", _stripe),
    ("huggingface", "Hugging Face token", "HF_TOKEN", _hf),
)


def _password(rng: random.Random) -> str:
    symbols = "!#%&*+-=?@^_~"
    while True:
        n = rng.randint(16, 28)
        pw = (
            rng.choice(string.ascii_letters)
            + _rand(rng, ALNUM + symbols, n - 2)
            + rng.choice(ALNUM)
        )
        if (
            any(c.isupper() for c in pw)
            and any(c.islower() for c in pw)
            and any(c.isdigit() for c in pw)
            and any(c in symbols for c in pw)
        ):
            return pw


def _jwt(rng: random.Random) -> str:
    header = {"alg": "HS256", "typ": "JWT"}
    now = rng.randint(1_700_000_000, 1_720_000_000)
    payload = {
        "sub": str(rng.randint(10**6, 10**9)),
        "name": _name(rng),
        "iat": now,
        "exp": now + 3600,
        "scope": rng.choice(["read", "read write", "admin"]),
    }
    signing_input = (
        _b64url(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + _b64url(json.dumps(payload, separators=(",", ":")).encode())
    )
    key = bytes(rng.randrange(256) for _ in range(32))
    sig = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64url(sig)


def _pem_block(label: str, der: bytes, width: int = 64) -> str:
    b64 = base64.b64encode(der).decode()
    lines = [b64[i : i + width] for i in range(0, len(b64), width)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"


def _rand_bytes(rng: random.Random, n: int) -> bytes:
    return bytes(rng.randrange(256) for _ in range(n))


def _pem_private(rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(["rsa", "pkcs8", "ec", "openssh"])
    if kind == "rsa":  # SEQUENCE { INTEGER 0, ... } as in PKCS#1
        body = b"\x02\x01\x00" + _rand_bytes(rng, rng.choice([600, 1180]))
        der = b"\x30\x82" + len(body).to_bytes(2, "big") + body
        return "pem_rsa", _pem_block("RSA PRIVATE KEY", der)
    if kind == "pkcs8":
        body = (
            b"\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00"
            + _rand_bytes(rng, 620)
        )
        der = b"\x30\x82" + len(body).to_bytes(2, "big") + body
        return "pem_pkcs8", _pem_block("PRIVATE KEY", der)
    if kind == "ec":
        der = (
            b"\x30\x77\x02\x01\x01\x04\x20"
            + _rand_bytes(rng, 32)
            + b"\xa0\x0a\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07\xa1\x44\x03\x42\x00\x04"
            + _rand_bytes(rng, 64)
        )
        return "pem_ec", _pem_block("EC PRIVATE KEY", der)
    der = b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none" + _rand_bytes(rng, 360)
    return "pem_openssh", _pem_block("OPENSSH PRIVATE KEY", der, width=70)


def _gen_secret(rng: random.Random, style: str) -> _Value:
    if style == "file":
        kind, text = _pem_private(rng)
        return _Value(text, f"secret/{kind}", "pem")
    r = rng.random()
    if r < 0.12:
        return _Value(_password(rng), "secret/password", "password")
    if r < 0.2:
        return _Value(_jwt(rng), "secret/jwt", "jwt")
    if r < 0.27 and style in ("prose", "py"):
        kind, text = _pem_private(rng)
        return _Value(text, f"secret/{kind}", "pem")
    kind, label, var, gen = rng.choice(_SECRET_TOKENS)
    return _Value(
        gen(rng), f"secret/{kind}", "token", {"LABEL": label, "VAR": var, "var": var.lower()}
    )


GENERATORS: dict[str, Callable[[random.Random, str], _Value]] = {
    "email": _gen_email,
    "phone": _gen_phone,
    "national_id": _gen_national_id,
    "payment_card": _gen_card,
    "iban": _gen_iban,
    "ip_address": _gen_ip,
    "date_of_birth": _gen_dob,
    "medical_record": _gen_medical,
    "icd_code": _gen_icd,
    "secret": _gen_secret,
}


# ----------------------------------------------------------------------------------------
# Templates. <<V>> is the labelled value (several <<V>> = several values of the category);
# <<NAME>> is a person, other <<X>> come from the value's meta.
# Styles: prose | py | env | yaml | json | log | file
# ----------------------------------------------------------------------------------------

T: dict[tuple[str, str], list[str]] = {
    ("email", "prose"): [
        "You can reach me at <<V>>.",
        "<<V>> is my new address, please update your records.",
        "Please send the signed copy to <<V>> by Friday.",
        "Contact: <<NAME>> <<<V>>>",
        "I have copied in our finance team (<<V>>).",
        "Reply-To: <<V>>",
        "I forwarded the thread to <<V>>, who handles billing.",
        "If this bounces, try <<V>>; the old mailbox is closed.",
        "my email is <<V>>",
        'Could you add "<<V>>" to the distribution list?',
        "Invitations went to <<V>> and <<V>>.",
    ],
    ("email", "py"): ['ADMIN_EMAIL = "<<V>>"', 'send_mail(to=["<<V>>"], subject="Weekly report")'],
    ("email", "env"): ["SMTP_USER=<<V>>", "ALERT_EMAIL=<<V>>"],
    ("email", "yaml"): ["contact_email: <<V>>", 'owner: "<<V>>"'],
    ("email", "json"): ['{"id": 48213, "email": "<<V>>", "active": true}'],
    ("email", "log"): [
        "<<TS>> INFO login ok user=<<V>> method=sso",
        "<<TS>> WARN bounce from <<V>> (mailbox full)",
    ],
    ("phone", "prose"): [
        "Call me on <<V>> after 5pm.",
        "<<V>> is the best number to reach me.",
        "Tel: <<V>>",
        "Mobile: <<V>>, office hours only.",
        "Please phone the clinic (<<V>>) to reschedule.",
        "You can text me at <<V>>!",
        "Our hotline is <<V>>; lines open from 9am to 5pm.",
        "Leave a voicemail at <<V>>",
        "My number changed from <<V>> to <<V>>.",
    ],
    ("phone", "py"): ['SUPPORT_PHONE = "<<V>>"'],
    ("phone", "env"): ["TWILIO_FROM_NUMBER=<<V>>", "ONCALL_PHONE=<<V>>"],
    ("phone", "yaml"): ['phone: "<<V>>"'],
    ("phone", "json"): ['{"name": "<<NAME>>", "phone": "<<V>>"}'],
    ("phone", "log"): ["<<TS>> INFO sms sent to=<<V>> status=delivered"],
    ("ssn", "prose"): [
        "SSN: <<V>>",
        "Social Security number <<V>> was provided on the W-4.",
        "My SSN is <<V>>, can you update the tax form?",
        "SS# <<V>> (employee)",
        "Applicant <<NAME>>, social security no. <<V>>.",
        "<<V>> is the SSN on file for <<NAME>>.",
        "Taxpayer ID (SSN): <<V>>",
        "Employee: <<NAME>> | <<V>> | Payroll group B",
    ],
    ("ssn", "py"): ['employee["ssn"] = "<<V>>"'],
    ("ssn", "yaml"): ["ssn: <<V>>"],
    ("ssn", "json"): ['{"name": "<<NAME>>", "ssn": "<<V>>"}'],
    ("ssn", "log"): ["<<TS>> ERROR w2 export failed for ssn=<<V>>"],
    ("nino", "prose"): [
        "National Insurance number: <<V>>",
        "NI number <<V>>",
        "My NINO is <<V>>.",
        "<<V>> is the NI number on the P45.",
        "Please quote your NI no. (<<V>>) on the form.",
        "HMRC has <<NAME>>'s National Insurance number as <<V>>; please check.",
    ],
    ("nino", "py"): ['employee["ni_number"] = "<<V>>"'],
    ("nino", "yaml"): ["nino: <<V>>"],
    ("nino", "json"): ['{"employee": "<<NAME>>", "ni_number": "<<V>>"}'],
    ("nino", "log"): ["<<TS>> INFO payroll record updated nino=<<V>>"],
    ("payment_card", "prose"): [
        "Card number: <<V>>",
        "Please charge <<V>>, exp 09/27.",
        "<<V>> is the card I used for the order.",
        "I paid with my <<BRAND>> (<<V>>) but was charged twice.",
        "The <<BRAND>> card <<V>> was declined again!",
        "PAN <<V>>; the CVV will follow by phone.",
        "Refund to card <<V>>, please.",
        "Card on file: <<V>>",
    ],
    ("payment_card", "py"): ['card = "<<V>>"  # customer card for the retry'],
    ("payment_card", "yaml"): ['card_number: "<<V>>"'],
    ("payment_card", "json"): ['{"card_number": "<<V>>", "exp_month": 9, "exp_year": 2027}'],
    ("payment_card", "log"): ["<<TS>> ERROR payment declined pan=<<V>> code=05"],
    ("iban", "prose"): [
        "IBAN: <<V>>",
        "Please transfer the deposit to <<V>> (BIC <<BIC>>).",
        "<<V>> is my account for the refund.",
        "Bank details: <<NAME>>, <<V>>.",
        "Kindly remit the outstanding balance to account <<V>>; reference INV-2024-00042.",
        "My IBAN changed to <<V>>!",
        "Payee: <<NAME>>\nIBAN <<V>>\nBIC <<BIC>>",
    ],
    ("iban", "py"): ['payout = Transfer(iban="<<V>>", amount_cents=125000)'],
    ("iban", "env"): ["PAYOUT_IBAN=<<V>>"],
    ("iban", "yaml"): ["iban: <<V>>"],
    ("iban", "json"): ['{"beneficiary": "<<NAME>>", "iban": "<<V>>"}'],
    ("ip_address", "prose"): [
        "Login from <<V>> was blocked.",
        "The VPN assigned me <<V>>.",
        "<<V>> keeps hammering our API.",
        "Can you whitelist <<V>>? It's our office.",
        "The server (<<V>>) is down.",
        "Requests from <<V>> and <<V>> were flagged.",
        "My IP is <<V>>",
    ],
    ("ipv4", "prose"): [
        "SSH into the box at <<V>> and restart nginx.",
        "The admin panel is on <<V>>:8443, internal only.",
    ],
    ("ipv6", "prose"): ["Open https://[<<V>>]:8443/ to reach the admin panel."],
    ("ip_address", "py"): ['HOST = "<<V>>"', 'client.connect(("<<V>>", 5432))'],
    ("ip_address", "env"): ["DB_HOST=<<V>>", "REDIS_HOST=<<V>>"],
    ("ip_address", "yaml"): ['bind_address: "<<V>>"', 'allowed_ips: ["<<V>>", "<<V>>"]'],
    ("ip_address", "json"): ['{"event": "login", "user": "jdoe", "ip": "<<V>>"}'],
    ("ipv4", "log"): [
        '<<V>> - - [<<CLF>>] "GET /api/v1/orders HTTP/1.1" 200 512',
        "sshd[4821]: Failed password for root from <<V>> port 52814 ssh2",
        "<<TS>> WARN upstream <<V>>:8080 timed out after 30s",
    ],
    ("ipv6", "log"): [
        '<<V>> - - [<<CLF>>] "GET /healthz HTTP/2.0" 200 2',
        "sshd[4821]: Failed password for root from <<V>> port 52814 ssh2",
    ],
    ("date_of_birth", "prose"): [
        "DOB: <<V>>",
        "Patient <<NAME>>, D.O.B. <<V>>, presented with chest pain.",
        "Date of birth: <<V>>",
        "The claimant's date of birth is <<V>>.",
        "I was born on <<V>>, if you need it for verification.",
        "<<NAME>> (born on <<V>>) is the policy holder.",
        "Birthday: <<V>>",
        "My birthday is <<V>>!",
        "Verify identity: DOB <<V>>; last four digits of the phone on file.",
    ],
    ("date_of_birth", "py"): ['patient = Patient(name="<<NAME>>", dob="<<V>>")'],
    ("date_of_birth", "yaml"): ["date_of_birth: <<V>>"],
    ("date_of_birth", "json"): ['{"name": "<<NAME>>", "dob": "<<V>>"}'],
    ("date_of_birth", "log"): ["<<TS>> INFO kyc check dob=<<V>> result=pass"],
    ("mrn", "prose"): [
        "MRN: <<V>>",
        "MRN <<V>> - please attach the imaging.",
        "Medical Record Number: <<V>>",
        "medical record number <<V>> was merged in error.",
        "Please pull the chart for medical record no. <<V>>.",
        "Pt MRN#<<V>>, bed 12.",
    ],
    ("patient_id", "prose"): [
        "Patient ID: <<V>>",
        "patient ID <<V>> has two open orders.",
        "Results for Patient ID <<V>> are back.",
    ],
    ("nhs", "prose"): [
        "NHS number <<V>>",
        "NHS No: <<V>>",
        "NHS no. <<V>>, GP: Dr Patel.",
        "<<NAME>>'s NHS number is <<V>>.",
    ],
    ("medical_record", "json"): ['{"<<KEY>>": "<<V>>", "ward": "7B"}'],
    ("medical_record", "yaml"): ['<<KEY>>: "<<V>>"'],
    ("medical_record", "log"): ["<<TS>> INFO chart opened <<KEY>>=<<V>> user=jdoe"],
    ("icd_code", "prose"): [
        "dx: <<V>>",
        "Dx: <<DESC>> (<<V>>)",
        "ICD-10 code <<V>> was added to the problem list.",
        "Diagnosed with <<desc>> (<<V>>) in 2019.",
        "Assessment: <<V>> <<DESC>>.",
        "Billing: ICD-10 <<V>>; follow-up in 6 weeks.",
        "Problem list: <<V>>, <<V>>.",
        "Primary diagnosis <<V>> - <<desc>>",
        "<<V>> (<<desc>>) confirmed by the specialist.",
    ],
    ("icd_code", "json"): ['{"icd10": "<<V>>", "description": "<<desc>>"}'],
    ("icd_code", "yaml"): ["diagnosis_code: <<V>>"],
    ("icd_code", "log"): ["<<TS>> INFO claim submitted icd10=<<V>> status=queued"],
    ("token", "prose"): [
        "Here's the <<LABEL>>: <<V>>",
        "I accidentally pasted my <<LABEL>> <<V>> in #general, can you revoke it?",
        "<<V>> is the <<LABEL>> for staging.",
        "Use this key (<<V>>) for the demo.",
        'The CI job failed because <<LABEL>> "<<V>>" expired.',
    ],
    ("token", "env"): ["<<VAR>>=<<V>>", 'export <<VAR>>="<<V>>"'],
    ("token", "py"): ['<<var>> = "<<V>>"', 'client = Client(api_key="<<V>>")'],
    ("token", "yaml"): ["<<var>>: <<V>>", '<<var>>: "<<V>>"'],
    ("token", "json"): ['{"<<var>>": "<<V>>"}'],
    ("token", "log"): ["<<TS>> DEBUG config loaded <<var>>=<<V>>"],
    ("password", "prose"): [
        "The admin password is <<V>>",
        "password: <<V>>",
        "Login: jdoe / Password: <<V>>",
        "The new wifi password is <<V>> (changed this morning).",
    ],
    ("password", "env"): ["DB_PASSWORD=<<V>>", "POSTGRES_PASSWORD=<<V>>"],
    ("password", "py"): ['conn = connect(host=db_host, user="app", password="<<V>>")'],
    ("password", "yaml"): ['password: "<<V>>"'],
    ("password", "json"): ['{"username": "svc-backup", "password": "<<V>>"}'],
    ("password", "log"): ["<<TS>> DEBUG connecting as app with password=<<V>>"],
    ("jwt", "prose"): [
        "my session token is <<V>>, it expires tomorrow",
        "Authorization: Bearer <<V>>",
    ],
    ("jwt", "env"): ["SESSION_TOKEN=<<V>>"],
    ("jwt", "py"): ['headers = {"Authorization": "Bearer <<V>>"}'],
    ("jwt", "yaml"): ["token: <<V>>"],
    ("jwt", "json"): ['{"access_token": "<<V>>", "token_type": "Bearer"}'],
    ("jwt", "log"): ["<<TS>> DEBUG > Authorization: Bearer <<V>>"],
    ("pem", "prose"): ["Here is the deploy key, keep it safe:\n<<V>>"],
    ("pem", "py"): ['PRIVATE_KEY = """<<V>>"""'],
    ("pem", "file"): ["<<V>>"],
}


def _templates(value: _Value, category: str, style: str) -> list[str]:
    own = T.get((value.group, style), []) if value.group else []
    return own + T.get((category, style), [])


# ----------------------------------------------------------------------------------------
# Hard negatives: gen(rng) -> text (one line/sentence), per style, each with a family name
# ----------------------------------------------------------------------------------------


def _luhn_invalid(rng: random.Random) -> str:
    num = _card_number(rng, rng.choice(["Visa", "Mastercard", "Discover"]))
    bad = str((int(num[-1]) + rng.randint(1, 9)) % 10)
    return num[:-1] + bad


def _grouped(number: str, sep: str) -> str:
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))


def _bad_iban(rng: random.Random) -> str:
    country = rng.choice(list(_IBAN_LENGTHS))
    iban = _iban_from_bban(country, _bban(rng, country))
    wrong = rng.choice([c for c in range(2, 99) if c != int(iban[2:4])])
    return iban[:2] + f"{wrong:02d}" + iban[4:]


def _isbn(rng: random.Random) -> str:
    group, pub_len = rng.choice("01"), rng.randint(2, 5)
    pub, title = _digits(rng, pub_len), _digits(rng, 8 - pub_len)
    if rng.random() < 0.5:
        nine = group + pub + title
        c = _isbn10_check(nine)
        return rng.choice([f"{group}-{pub}-{title}-{c}", nine + c])
    twelve = "978" + group + pub + title
    c = _isbn13_check(twelve)
    return rng.choice([f"978-{group}-{pub}-{title}-{c}", twelve + c])


def _version4(rng: random.Random) -> str:
    return ".".join(str(rng.randint(0, 20)) for _ in range(4))


def _ts(rng: random.Random, style: str = "any") -> str:
    d = date(2024, 1, 1).toordinal() + rng.randint(0, 700)
    day = date.fromordinal(d).isoformat()
    hms = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    if style == "log":
        return f"{day} {hms}"
    return rng.choice([f"{day} {hms}", f"{day}T{hms}Z", f"{day}T{hms}.{_digits(rng, 3)}+01:00"])


def _plain_date(rng: random.Random) -> str:
    d = date.fromordinal(date(2019, 1, 1).toordinal() + rng.randint(0, 2500))
    fmt = rng.choice(["%d %B %Y", "%Y-%m-%d", "%m/%d/%Y", "%B %d, %Y", "%d.%m.%Y", "%d/%m/%Y"])
    return d.strftime(fmt)


def _sha(rng: random.Random, n: int) -> str:
    return _rand(rng, HEX, n)


def _uuid(rng: random.Random) -> str:
    h = _sha(rng, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


def _amount(rng: random.Random) -> str:
    return rng.choice(
        [
            f"${rng.randint(1, 9)},{_digits(rng, 3)},{_digits(rng, 3)}.{_digits(rng, 2)}",
            f"€ {rng.randint(10, 99)} {rng.randint(0, 999):03d},00",
            f"£{rng.randint(1, 99)},{rng.randint(0, 999):03d}.00",
            f"{rng.randint(1, 99)}.{rng.randint(0, 999):03d},{rng.randint(0, 99):02d} EUR",
            f"USD {rng.randint(10_000, 999_999)}",
            f"¥{rng.randint(1, 9)},{rng.randint(0, 999):03d},000",
            f"CHF {rng.randint(1, 9)}'{rng.randint(0, 999):03d}.50",
        ]
    )


def _public_pem(rng: random.Random) -> str:
    if rng.random() < 0.5:
        der = (
            b"\x30\x82\x01\x22\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00"
            + _rand_bytes(rng, 276)
        )
        return _pem_block("PUBLIC KEY", der)
    return _pem_block("CERTIFICATE", b"\x30\x82\x03\x55\x30\x82\x02\x3d" + _rand_bytes(rng, 850))


def _ssh_pub(rng: random.Random) -> str:
    key = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + _rand_bytes(rng, 32))
    return f"ssh-ed25519 {key.decode()} ci-deploy-key"


NegGen = Callable[[random.Random], str]

NEG: dict[str, dict[str, list[NegGen]]] = {
    "order_number": {
        "prose": [
            lambda r: f"Order #{r.randint(2019, 2025)}-{r.randint(1, 999_999):06d} has shipped.",
            lambda r: f"Your order {_digits(r, 3)}-{_digits(r, 7)}-{_digits(r, 7)} was delivered.",
            lambda r: (
                f"Invoice INV-{r.randint(2019, 2025)}-{r.randint(1, 99_999):05d} is attached."
            ),
            lambda r: f"PO number 45000{_digits(r, 5)} was approved by procurement.",
        ],
        "json": [
            lambda r: f'{{"order": "{r.randint(2019, 2025)}-{_digits(r, 6)}", "status": "shipped"}}'
        ],
        "log": [
            lambda r: (
                f"{_ts(r, 'log')} INFO GET /api/v1/orders/{r.randint(2019, 2025)}-{_digits(r, 6)}"
                " 200 12ms"
            )
        ],
    },
    "case_number": {
        "prose": [
            lambda r: (
                f"Case No. {r.randint(1, 9)}:{r.randint(15, 24)}-cv-{_digits(r, 5)}"
                " was transferred."
            ),
            lambda r: f"Claim reference CLM-{_digits(r, 7)} is under review.",
            lambda r: f"Ticket #{r.randint(10_000, 99_999)} has been closed.",
            lambda r: f"Our ref: KL/{r.randint(2019, 2025)}/{_digits(r, 4)}.",
        ],
    },
    "version": {
        "prose": [
            lambda r: (
                f"We upgraded to v{r.randint(1, 5)}.{r.randint(0, 30)}.{r.randint(0, 20)}"
                " last night."
            ),
            lambda r: f"Please install version {_version4(r)} of the client.",
            lambda r: f"The image uses Python 3.{r.randint(8, 13)}.{r.randint(0, 12)}.",
            lambda r: (
                f"Fixed in Chrome {r.randint(110, 125)}.0.{r.randint(5000, 6500)}"
                f".{r.randint(10, 200)}."
            ),
            lambda r: f"Firmware {_version4(r)} is rolling out this week.",
            lambda r: (
                f"See section {r.randint(1, 9)}.{r.randint(1, 9)}.{r.randint(1, 9)} of the spec."
            ),
        ],
        "py": [
            lambda r: f'__version__ = "{r.randint(0, 4)}.{r.randint(0, 30)}.{r.randint(0, 20)}"'
        ],
        "env": [lambda r: f"APP_VERSION={r.randint(0, 4)}.{r.randint(0, 30)}.{r.randint(0, 20)}"],
        "yaml": [lambda r: f"image: postgres:{r.randint(12, 16)}.{r.randint(0, 9)}"],
        "log": [
            lambda r: (
                f"{_ts(r, 'log')} INFO build 10.0.{r.randint(19_000, 26_000)}"
                f".{r.randint(100, 4000)} started"
            )
        ],
    },
    "timestamp": {
        "prose": [
            lambda r: f"The job ran at {_ts(r)} and exited cleanly.",
            lambda r: (
                f"Last heartbeat: {_ts(r)} (epoch {r.randint(1_600_000_000, 1_750_000_000)})."
            ),
        ],
        "json": [lambda r: f'{{"created_at": "{_ts(r)}", "retries": 3}}'],
        "log": [
            lambda r: (
                f"{_ts(r, 'log')},{_digits(r, 3)} INFO worker-3 pid={r.randint(1000, 99999)}"
                f" processed {r.randint(1000, 999_999)} rows"
            )
        ],
    },
    "ordinary_date": {
        "prose": [
            lambda r: f"The contract was signed on {_plain_date(r)}.",
            lambda r: f"Invoice date: {_plain_date(r)}.",
            lambda r: f"The hearing is set for {_plain_date(r)} at 9:30 am.",
            lambda r: f"Last updated {_plain_date(r)}.",
            lambda r: f"Seen in clinic on {_plain_date(r)}; next review in 6 weeks.",
            lambda r: f"Delivery expected {_plain_date(r)}.",
            lambda r: f"Happy birthday, {r.choice(FIRST)}! Cake is at 3pm in the kitchen.",
        ],
        "yaml": [lambda r: f"release_date: {_plain_date(r)}"],
    },
    "isbn": {
        "prose": [
            lambda r: f"See ISBN {_isbn(r)} for the second edition.",
            lambda r: f"Order the textbook (ISBN {_isbn(r)}) before term starts.",
        ],
    },
    "code_number": {
        "py": [
            lambda r: f"port = {r.choice([5432, 3306, 6379, 8080, 27017])}",
            lambda r: f"timeout={r.choice([300000, 120000, 86400])}",
            lambda r: f"value = arr[{_digits(r, 8)}]",
            lambda r: f"ptr = 0x7fff{_sha(r, 8)}",
            lambda r: f"BUFFER_SIZE = {r.choice([1048576, 4194304, 65536])}",
            lambda r: (
                f"random.seed({r.randint(2019, 2025)}{r.randint(1, 12):02d}{r.randint(1, 28):02d})"
            ),
            lambda r: f"MAX_ROWS = {r.randint(100_000_000, 999_999_999)}",
        ],
        "env": [
            lambda r: f"PORT={r.choice([5432, 8000, 8080])}",
            lambda r: f"TIMEOUT_MS={r.choice([300000, 120000])}",
            lambda r: f"WORKERS={r.randint(2, 16)}",
        ],
        "yaml": [
            lambda r: f"port: {r.choice([5432, 6379, 9200])}",
            lambda r: f"timeout: {r.choice([300000, 120000])}",
            lambda r: f"replicas: {r.randint(1, 9)}",
        ],
        "log": [
            lambda r: f"{_ts(r, 'log')} DEBUG segfault at 0x7fff{_sha(r, 8)} ip 0x{_sha(r, 12)}"
        ],
    },
    "hash": {
        "prose": [
            lambda r: f"Fixed in commit {_sha(r, 40)}.",
            lambda r: f"Checksum (SHA-256): {_sha(r, 64)}",
            lambda r: f"Request ID {_uuid(r)} - please quote it when you reply.",
            lambda r: f"MD5 of the upload: {_sha(r, 32)}",
            lambda r: f"Merged as {_sha(r, 7)} on main.",
        ],
        "py": [lambda r: f'EXPECTED_SHA256 = "{_sha(r, 64)}"', lambda r: f'job_id = "{_uuid(r)}"'],
        "env": [lambda r: f"GIT_SHA={_sha(r, 40)}"],
        "yaml": [lambda r: f"digest: sha256:{_sha(r, 64)}"],
        "json": [
            lambda r: f'{{"id": "{_uuid(r)}", "etag": "{_sha(r, 32)}"}}',
            lambda r: f'{{"integrity": "sha512-{base64.b64encode(_rand_bytes(r, 64)).decode()}"}}',
        ],
        "log": [lambda r: f"commit {_sha(r, 40)} (HEAD -> main, origin/main)"],
    },
    "amount": {
        "prose": [
            lambda r: f"The settlement was {_amount(r)}.",
            lambda r: f"Total due: {_amount(r)} by end of month.",
        ],
        "json": [
            lambda r: (
                f'{{"amount": {r.randint(1000, 9_999_999)}.{_digits(r, 2)}, "currency": "USD"}}'
            )
        ],
    },
    "postcode": {
        "prose": [
            lambda r: f"Ship to Beverly Hills, CA 90210-{_digits(r, 4)}.",
            lambda r: (
                "Our office is at 10 Downing St, London SW1A 2AA; deliveries to "
                f"{r.choice(['EC1A 1BB', 'M1 1AE', 'B33 8TH'])}."
            ),
            lambda r: f"Postanschrift: {r.randint(10115, 14199)} Berlin.",
            lambda r: f"Le bureau est au 75008 Paris, code {r.randint(75001, 75020)}.",
            lambda r: f"Sydney NSW 2000 / Melbourne VIC {r.randint(3000, 3207)}",
        ],
    },
    "coordinates": {
        "prose": [
            lambda r: f"Meet at {r.uniform(-60, 60):.4f}, {r.uniform(-150, 150):.4f}.",
            lambda r: f"GPS: {r.uniform(0, 60):.4f}° N, {r.uniform(0, 120):.4f}° W",
        ],
        "py": [lambda r: f"LAT, LON = {r.uniform(-60, 60):.4f}, {r.uniform(-150, 150):.4f}"],
        "json": [
            lambda r: f'{{"lat": {r.uniform(-60, 60):.6f}, "lon": {r.uniform(-150, 150):.6f}}}'
        ],
    },
    "luhn_invalid_number": {
        "prose": [
            lambda r: f"Tracking number {_luhn_invalid(r)} is out for delivery.",
            lambda r: f"Serial: {_grouped(_luhn_invalid(r), '-')}",
            lambda r: f"Loyalty ID {_grouped(_luhn_invalid(r), ' ')} expires next year.",
        ],
        "json": [lambda r: f'{{"shipment_id": "{_luhn_invalid(r)}"}}'],
    },
    "bad_iban": {
        "prose": [
            lambda r: f"Batch reference {_group4(_bad_iban(r))} (internal only).",
            lambda r: f"Test fixture with a broken checksum: {_bad_iban(r)}",
        ],
    },
    "nine_digit_number": {
        "prose": [
            lambda r: f"Tracking ID {r.randint(100_000_000, 999_999_999)} is in transit.",
            lambda r: f"Customer no. {r.randint(100_000_000, 999_999_999)} renewed today.",
            lambda r: f"Job {r.randint(100_000_000, 999_999_999)} completed in 42 s.",
        ],
    },
    "alnum_lookalike": {
        "prose": [
            lambda r: "Take one B12 vitamin daily with food.",
            lambda r: "Print the handout on A4 paper.",
            lambda r: f"Vitamin D3 {r.choice([400, 1000, 2000])} IU once a day.",
            lambda r: "Traffic on the M25 was terrible this morning.",
            lambda r: "I dropped my Galaxy S23 and the screen cracked.",
            lambda r: f"Seat {r.choice('ABCDEF')}{r.randint(10, 40)} by the window, please.",
        ],
    },
    "lab_values": {
        "prose": [
            lambda r: (
                f"HbA1c {r.uniform(5, 10):.1f}%, BP {r.randint(100, 160)}/{r.randint(60, 100)},"
                f" HR {r.randint(55, 110)}."
            ),
            lambda r: (
                f"eGFR {r.randint(30, 110)} mL/min/1.73m2; LDL {r.uniform(1.5, 5):.1f} mmol/L."
            ),
            lambda r: f"Temp {r.uniform(36, 39.5):.1f} C, SpO2 {r.randint(90, 100)}% on room air.",
        ],
    },
    "room_number": {
        "prose": [
            lambda r: (
                f"Room {r.randint(1000, 4999)}, Ward {r.randint(1, 9)}B, bed {r.randint(1, 30)}."
            ),
            lambda r: (
                f"The meeting moved to Room {r.randint(1, 9)}.{r.randint(10, 40)}"
                f" on floor {r.randint(1, 9)}."
            ),
            lambda r: f"Suite {r.randint(100, 900)}, {r.randint(100, 2000)} Market Street.",
        ],
    },
    "model_number": {
        "prose": [
            lambda r: f"The workstation has an RTX {r.choice([3090, 4070, 4080, 4090])}.",
            lambda r: f"I'm on an iPhone {r.randint(12, 16)} Pro running iOS 17.4.",
            lambda r: "It happens on a ThinkPad X1 Carbon Gen 11 and a Dell XPS 13 9310.",
            lambda r: "The Samsung SM-S911B reboots when charging.",
        ],
    },
    "mac_and_scope": {
        "prose": [
            lambda r: f"The printer's MAC is {':'.join(_sha(r, 2).upper() for _ in range(6))}."
        ],
        "log": [
            lambda r: (
                f"{_ts(r, 'log')} INFO dhcp lease for {':'.join(_sha(r, 2) for _ in range(6))}"
            )
        ],
        "py": [lambda r: "elapsed = std::chrono::seconds(30)  # ported from the C++ version"],
    },
    "password_like": {
        "prose": [
            lambda r: "Forgot your password? Use the reset link on the sign-in page.",
            lambda r: "Never share your password with anyone, including support staff.",
            lambda r: "password: ********",
            lambda r: "Your password must be at least 12 characters long.",
        ],
        "py": [
            lambda r: 'api_key = os.environ["OPENAI_API_KEY"]',
            lambda r: 'password = os.getenv("DB_PASSWORD")',
        ],
        "env": [lambda r: "OPENAI_API_KEY=", lambda r: "DB_PASSWORD=${DB_PASSWORD}"],
        "yaml": [
            lambda r: "password: ${DB_PASSWORD}",
            lambda r: 'api_key: "<your-api-key-here>"',
        ],
        "json": [lambda r: '{"password": "********", "api_key": null}'],
    },
    "at_sign": {
        "prose": [
            lambda r: f"Tag @{r.choice(FIRST).lower()}_{r.choice(LAST).lower()} in the PR.",
            lambda r: f"Run npm install react@18.{r.randint(0, 3)}.{r.randint(0, 9)} first.",
        ],
        "py": [lambda r: '@app.route("/health")'],
        "json": [lambda r: '{"devDependencies": {"@types/node": "^20.11.0"}}'],
    },
    "public_key": {
        "prose": [lambda r: f"My public SSH key: {_ssh_pub(r)}"],
        "file": [_public_pem, _ssh_pub],
    },
}


# ----------------------------------------------------------------------------------------
# Frames
# ----------------------------------------------------------------------------------------

Piece = tuple[str, str | None, str]  # (text, category or None, kind)
Line = list[Piece]

PROSE_FRAMES = ("email", "clinical_note", "legal_letter", "support_ticket", "chat", "bare")
CODE_FRAMES = {
    "py": "python",
    "env": "env",
    "yaml": "yaml",
    "json": "jsonl",
    "log": "log",
    "file": "key_file",
}
FRAME_STYLE = {**{f: "prose" for f in PROSE_FRAMES}, **{v: k for k, v in CODE_FRAMES.items()}}
FRAME_ALLOWS = {
    "clinical_note": {
        "date_of_birth",
        "medical_record",
        "icd_code",
        "phone",
        "email",
        "national_id",
    },
    "legal_letter": {
        "email",
        "phone",
        "national_id",
        "payment_card",
        "iban",
        "date_of_birth",
        "ip_address",
    },
    "key_file": set(),
}
FRAME_WEIGHTS: dict[str, dict[str, int]] = {
    "email": {
        "email": 3,
        "support_ticket": 2,
        "chat": 2,
        "legal_letter": 1,
        "bare": 2,
        "python": 1,
        "env": 1,
        "yaml": 1,
        "jsonl": 1,
        "log": 1,
    },
    "phone": {
        "email": 3,
        "support_ticket": 2,
        "chat": 2,
        "legal_letter": 1,
        "clinical_note": 1,
        "bare": 2,
        "python": 1,
        "env": 1,
        "yaml": 1,
        "jsonl": 1,
        "log": 1,
    },
    "national_id": {
        "legal_letter": 3,
        "email": 2,
        "support_ticket": 2,
        "chat": 1,
        "bare": 2,
        "python": 1,
        "yaml": 1,
        "jsonl": 1,
        "log": 1,
    },
    "payment_card": {
        "support_ticket": 3,
        "chat": 2,
        "email": 2,
        "bare": 2,
        "python": 1,
        "yaml": 1,
        "jsonl": 1,
        "log": 1,
    },
    "iban": {
        "legal_letter": 3,
        "email": 3,
        "support_ticket": 2,
        "chat": 1,
        "bare": 2,
        "python": 1,
        "env": 1,
        "yaml": 1,
        "jsonl": 1,
    },
    "ip_address": {
        "support_ticket": 3,
        "chat": 2,
        "email": 1,
        "bare": 2,
        "python": 1,
        "env": 1,
        "yaml": 1,
        "jsonl": 1,
        "log": 3,
    },
    "date_of_birth": {
        "clinical_note": 3,
        "legal_letter": 2,
        "email": 2,
        "support_ticket": 1,
        "chat": 1,
        "bare": 2,
        "python": 1,
        "yaml": 1,
        "jsonl": 1,
        "log": 1,
    },
    "medical_record": {
        "clinical_note": 4,
        "email": 2,
        "chat": 1,
        "bare": 2,
        "yaml": 1,
        "jsonl": 1,
        "log": 1,
    },
    "icd_code": {"clinical_note": 4, "email": 1, "bare": 2, "yaml": 1, "jsonl": 1, "log": 1},
    "secret": {
        "env": 3,
        "python": 2,
        "yaml": 2,
        "jsonl": 1,
        "log": 1,
        "key_file": 1,
        "chat": 2,
        "support_ticket": 2,
        "email": 1,
        "bare": 1,
    },
}


def _wrap(rng: random.Random, frame: str, lines: list[Line]) -> Line:
    """Surround the body lines with the frame's own (unlabelled) text."""
    out: Line = []

    def add(text: str) -> None:
        out.append((text, None, ""))

    def body(sep: str, prefix: Callable[[], str] | None = None) -> None:
        for i, line in enumerate(lines):
            if i:
                add(sep)
            if prefix is not None:
                add(prefix())
            out.extend(line)

    first, last = rng.choice(FIRST), rng.choice(LAST)
    if frame == "email":
        subject = rng.choice(
            [
                "Re: your account",
                "Updated details",
                "Follow-up",
                "Quick question",
                "Fwd: paperwork",
                "Re: refund request",
            ]
        )
        add(f"Subject: {subject}\n\nHi {first},\n\n")
        body(rng.choice([" ", "\n\n"]))
        add(f"\n\nBest regards,\n{_name(rng)}\n{rng.choice(COMPANIES)}")
    elif frame == "clinical_note":
        add(
            "CLINIC NOTE - "
            + rng.choice(["Cardiology", "Endocrinology", "General Practice", "A&E", "Orthopaedics"])
            + "\n"
        )
        add(f"Encounter: {_plain_date(rng)}\nClinician: Dr {last}\n\n")
        body("\n")
        add(rng.choice(["\n\nPlan: review in 6 weeks.", "\n\nPlan: bloods, then follow up.", ""]))
    elif frame == "legal_letter":
        add(f"Dear {rng.choice(['Mr', 'Ms', 'Dr'])} {last},\n\n")
        add(
            rng.choice(
                [
                    f"Re: Our ref KL/{rng.randint(2019, 2025)}/{_digits(rng, 4)}\n\n",
                    f"Re: Case No. {rng.randint(1, 9)}:{rng.randint(15, 24)}-cv-"
                    f"{_digits(rng, 5)}\n\n",
                    "",
                ]
            )
        )
        body(" ")
        add(
            f"\n\nYours sincerely,\n\n{_name(rng)}\n"
            f"{rng.choice(['Kestrel', 'Harrow', 'Lindqvist'])} LLP"
        )
    elif frame == "support_ticket":
        add(
            f"[Ticket #{rng.randint(10_000, 99_999)}] "
            f"{rng.choice(['Billing', 'Login', 'Outage', 'Account'])}\n"
        )
        add(
            f"Priority: {rng.choice(['low', 'normal', 'high'])} | Opened: {_ts(rng)}\n\n"
            "Customer wrote:\n"
        )
        body(" ")
    elif frame == "chat":
        clock = [rng.randint(8, 17), rng.randint(0, 59)]
        people = [rng.choice(FIRST).lower(), rng.choice(FIRST).lower()]

        def stamp() -> str:
            clock[1] += rng.randint(0, 3)
            return f"[{clock[0]:02d}:{clock[1] % 60:02d}] {rng.choice(people)}: "

        if rng.random() < 0.3:
            add(f"{stamp()}{rng.choice(['hey', 'got a sec?', 'morning!'])}\n")
        body("\n", stamp)
    elif frame == "bare":
        body(rng.choice([" ", "\n"]))
    elif frame == "python":
        add(rng.choice(["```python\n", "# settings.py\n", ""]))
        body("\n")
        add("\n```" if out[0][0].startswith("```") else "")
    elif frame == "env":
        add(rng.choice(["# .env\n", ""]))
        body("\n")
    elif frame == "yaml":
        add(rng.choice(["```yaml\n", "# config.yaml\n", ""]))
        body("\n")
        add("\n```" if out[0][0].startswith("```") else "")
    elif frame == "jsonl":
        add(rng.choice(["records.jsonl:\n", ""]))
        body("\n")
    elif frame == "log":
        body("\n")
    elif frame == "key_file":
        add(rng.choice(["$ cat ~/.ssh/id_deploy\n", "server.key:\n", ""]))
        body("\n")
    else:  # pragma: no cover
        raise ValueError(frame)
    return out


def _render(rng: random.Random, template: str, values: list[_Value], category: str) -> Line:
    meta = values[0].meta
    out: Line = []
    it = iter(values)
    for part in re.split(r"(<<[A-Za-z0-9]+>>)", template):
        if part == "<<V>>":
            v = next(it)
            out.append((v.text, category, v.kind))
        elif part == "<<NAME>>":
            out.append((_name(rng), None, ""))
        elif part == "<<TS>>":
            out.append((_ts(rng, "log"), None, ""))
        elif part == "<<CLF>>":  # Common Log Format time
            out.append(
                (
                    datetime.strptime(_ts(rng, "log"), "%Y-%m-%d %H:%M:%S").strftime(
                        "%d/%b/%Y:%H:%M:%S +0000"
                    ),
                    None,
                    "",
                )
            )
        elif part.startswith("<<") and part.endswith(">>") and part[2:-2] in meta:
            out.append((meta[part[2:-2]], None, ""))
        elif part:
            assert not part.startswith("<<"), f"unfilled marker {part} in {template!r}"
            out.append((part, None, ""))
    return out


def _negative_line(rng: random.Random, style: str) -> tuple[Line, str]:
    families = [f for f, by_style in NEG.items() if by_style.get(style)]
    family = rng.choice(families)
    text = rng.choice(NEG[family][style])(rng)
    return [(text, None, f"neg:{family}")], family


def _choose_frame(rng: random.Random, category: str) -> str:
    weights = FRAME_WEIGHTS[category]
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _positive_line(
    rng: random.Random, category: str, style: str, remaining: Counter[str]
) -> Line | None:
    """One line with 1+ labelled values of ``category`` in ``style``; None if impossible."""
    for _ in range(50):
        value = GENERATORS[category](rng, style)
        templates = [
            t for t in _templates(value, category, style) if t.count("<<V>>") <= remaining[category]
        ]
        if templates:
            break
    else:
        return None
    template = rng.choice(templates)
    values = [value]
    for _ in range(template.count("<<V>>") - 1):
        while True:  # the extra values must fit the same template group
            extra = GENERATORS[category](rng, style)
            if extra.group == value.group:
                values.append(extra)
                break
    remaining[category] -= len(values)
    return _render(rng, template, values, category)


def _assemble(pieces: Line, kind: str) -> Doc:
    parts: list[str] = []
    spans: list[Span] = []
    negatives: list[tuple[str, int, int]] = []
    pos = 0
    for text, category, vkind in pieces:
        if category is not None:
            spans.append(Span(category, pos, pos + len(text), vkind))
        elif vkind.startswith("neg:"):
            negatives.append((vkind[4:], pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    return Doc("".join(parts), spans, kind, negatives)


def build_corpus(seed: int = 1234, per_category: int = 60, n_negative: int = 360) -> list[Doc]:
    """``per_category`` labelled values per category plus ``n_negative`` hard-negative docs."""
    rng = random.Random(seed)
    remaining: Counter[str] = Counter({c: per_category for c in CATEGORIES})
    docs: list[Doc] = []
    while sum(remaining.values()):
        cats = [c for c in CATEGORIES if remaining[c]]
        category = rng.choices(cats, weights=[remaining[c] for c in cats])[0]
        frame = _choose_frame(rng, category)
        style = FRAME_STYLE[frame]
        first = _positive_line(rng, category, style, remaining)
        if first is None:
            continue
        lines = [first]
        used = [category]
        allowed = FRAME_ALLOWS.get(frame, set(CATEGORIES))
        for _ in range(rng.choices([0, 1, 2], weights=[5, 3, 2])[0]):
            options = [c for c in CATEGORIES if remaining[c] and c in allowed]
            if not options:
                break
            extra_cat = rng.choice(options)
            line = _positive_line(rng, extra_cat, style, remaining)
            if line is not None:
                lines.append(line)
                used.append(extra_cat)
        rng.shuffle(lines)
        negs: list[str] = []
        if frame != "key_file" and rng.random() < 0.35:
            neg, family = _negative_line(rng, style)
            lines.insert(rng.randint(0, len(lines)), neg)
            negs.append(family)
        kind = f"{frame}: {'+'.join(used)}" + (f" (+negative {negs[0]})" if negs else "")
        docs.append(_assemble(_wrap(rng, frame, lines), kind))

    neg_frames = [*PROSE_FRAMES, "python", "env", "yaml", "jsonl", "log", "key_file"]
    neg_weights = [3, 2, 2, 3, 3, 3, 2, 1, 1, 1, 2, 1]
    for _ in range(n_negative):
        frame = rng.choices(neg_frames, weights=neg_weights)[0]
        style = FRAME_STYLE[frame]
        count = 1 if frame == "key_file" else rng.choices([1, 2, 3], weights=[3, 3, 2])[0]
        pairs = [_negative_line(rng, style) for _ in range(count)]
        kind = f"negative/{frame}: {'+'.join(f for _, f in pairs)}"
        docs.append(_assemble(_wrap(rng, frame, [line for line, _ in pairs]), kind))

    rng.shuffle(docs)
    _self_check(docs, per_category)
    return docs


# ----------------------------------------------------------------------------------------
# Independent validators (written separately from the generators above)
# ----------------------------------------------------------------------------------------


def luhn_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    doubled = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)
    return (sum(digits[-1::-2]) + sum(doubled[d] for d in digits[-2::-2])) % 10 == 0


def iban_valid(iban: str) -> bool:
    s = iban.replace(" ", "")
    if _IBAN_LENGTHS.get(s[:2]) != len(s) or not s.isalnum() or not s[2:4].isdigit():
        return False
    rem = 0
    for ch in s[4:] + s[:4]:  # piecewise mod 97 (ISO 7064 MOD 97-10), letters A=10..Z=35
        for d in str(ord(ch) - 55) if ch.isalpha() else ch:
            rem = (rem * 10 + int(d)) % 97
    return rem == 1


def bban_national_check_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    country, bban = s[:2], s[4:]
    if country == "BE":
        return int(bban[10:]) == (int(bban[:10]) % 97 or 97)
    if country == "NL":
        return sum((10 - i) * int(d) for i, d in enumerate(bban[4:])) % 11 == 0
    if country == "ES":
        w = _ES_WEIGHTS

        def dc(ten: str) -> int:
            v = 11 - sum(a * int(b) for a, b in zip(w, ten, strict=True)) % 11
            return {11: 0, 10: 1}.get(v, v)

        return f"{dc('00' + bban[:8])}{dc(bban[10:])}" == bban[8:10]
    if country == "FR":
        conv = "".join(
            str(((ord(c) - 65) % 9) + 1 + ((ord(c) - 65) >= 18)) if c.isalpha() else c for c in bban
        )
        total = 89 * int(conv[:5]) + 15 * int(conv[5:10]) + 3 * int(conv[10:21]) + int(conv[21:])
        return total % 97 == 0
    if country == "IT":
        odd = dict(zip(string.digits, (1, 0, 5, 7, 9, 13, 15, 17, 19, 21), strict=True))
        odd.update(zip(string.ascii_uppercase, _CIN_ODD, strict=True))
        even = {
            c: (int(c) if c.isdigit() else ord(c) - 65)
            for c in string.digits + string.ascii_uppercase
        }
        total = sum(odd[c] if i % 2 == 0 else even[c] for i, c in enumerate(bban[1:]))
        return chr(65 + total % 26) == bban[0]
    return True  # DE, GB, CH: bank-specific account checks are not public in one algorithm


def nhs_valid(number: str) -> bool:
    d = [int(c) for c in number if c.isdigit()]
    if len(d) != 10:
        return False
    r = sum(x * (10 - i) for i, x in enumerate(d[:9])) % 11
    return (11 - r) % 11 == d[9] and r != 1


def isbn_valid(isbn: str) -> bool:
    s = isbn.replace("-", "")
    if len(s) == 10:
        return sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(s)) % 11 == 0
    return len(s) == 13 and sum((1, 3)[i % 2] * int(c) for i, c in enumerate(s)) % 10 == 0


_EMAIL_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")
_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?")


def _email_ok(v: str) -> bool:
    local, _, domain = v.rpartition("@")
    labels = domain.split(".")
    return (
        0 < len(local) <= 64
        and all(_EMAIL_ATOM.fullmatch(a) for a in local.split("."))
        and len(labels) >= 2
        and all(_LABEL.fullmatch(x) for x in labels)
        and labels[-1].isalpha()
        and len(labels[-1]) >= 2
    )


def _phone_ok(v: str, kind: str) -> bool:
    digits = re.sub(r"\D", "", v.replace("(0)", ""))
    country = {
        "+1": "us",
        "+44": "uk",
        "+49": "de",
        "+33": "fr",
        "+61": "au",
        "+91": "in",
        "+353": "ie",
        "+31": "nl",
        "+34": "es",
        "+39": "it",
        "+41": "ch",
    }
    if v.startswith("+"):
        cc = next(p for p in sorted(country, key=len, reverse=True) if v.startswith(p))
        national = digits[len(cc) - 1 :]
        where = country[cc]
    else:
        national = digits[1:] if digits.startswith("0") else digits
        where = kind.split("/")[1].split("_", maxsplit=1)[0]
    if where == "us":
        return len(national) == 10 and national[0] in "23456789" and national[3] in "23456789"
    lengths = {
        "uk": (10,),
        "de": (9, 10, 11),
        "fr": (9,),
        "au": (9,),
        "in": (10,),
        "ie": (9,),
        "nl": (9,),
        "es": (9,),
        "it": (9, 10),
        "ch": (9,),
    }
    return len(national) in lengths[where] and national[0] != "0"


def _national_id_ok(v: str, kind: str) -> bool:
    if kind.endswith("us_ssn"):
        m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", v)
        return (
            bool(m)
            and m[1] not in ("000", "666")
            and m[1][0] != "9"
            and m[2] != "00"
            and (m[3] != "0000")
        )
    compact = v.replace(" ", "")
    return bool(re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", compact)) and (
        compact[:2] not in _NI_BANNED
    )


def _card_ok(v: str, kind: str) -> bool:
    d = re.sub(r"[ -]", "", v)
    brand = kind.split("/")[1].split("_", maxsplit=1)[0]
    prefix_ok = {
        "visa": d[0] == "4" and len(d) == 16,
        "mastercard": len(d) == 16 and (51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720),
        "amex": d[:2] in ("34", "37") and len(d) == 15,
        "discover": len(d) == 16 and (d.startswith(("6011", "65")) or 644 <= int(d[:3]) <= 649),
    }[brand]
    return d.isdigit() and prefix_ok and luhn_valid(d)


def _ip_ok(v: str, kind: str) -> bool:
    addr = ipaddress.ip_address(v)
    if "ipv4_public" in kind:
        return addr.version == 4 and addr.is_global
    if "ipv4_private" in kind:
        return addr.version == 4 and addr.is_private
    if "compressed" in kind:  # exactly the RFC 5952 canonical text
        return addr.version == 6 and str(addr) == v
    return addr.version == 6 and addr.exploded == v


def _secret_ok(v: str, kind: str) -> bool:
    k = kind.split("/")[1]
    if k.startswith("pem_"):
        m = re.fullmatch(r"-----BEGIN ([A-Z ]+)-----\n([A-Za-z0-9+/=\n]+)\n-----END \1-----", v)
        return bool(m) and "PRIVATE KEY" in m[1] and len(base64.b64decode(m[2])) > 100
    if k == "jwt":
        head, payload, sig = v.split(".")
        pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
        return (
            json.loads(base64.urlsafe_b64decode(pad(head)))["alg"] == "HS256"
            and "sub" in json.loads(base64.urlsafe_b64decode(pad(payload)))
            and len(base64.urlsafe_b64decode(pad(sig))) == 32
        )
    if k == "github_pat_classic":
        body, check = v[4:34], v[34:]
        n = 0
        for c in check:
            n = n * 62 + _B62.index(c)
        return v.startswith("ghp_") and len(v) == 40 and n == zlib.crc32(body.encode())
    if k == "password":
        return len(v) >= 16 and not re.search(r"[\s\"'`$\\]", v)
    patterns = {
        "openai": r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}",
        "openai_project": r"sk-proj-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}",
        "anthropic": r"sk-ant-api03-[A-Za-z0-9_-]{93}AA",
        "github_pat_fine_grained": r"github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}",
        "aws_access_key_id": r"(AKIA|ASIA)[A-Z2-7]{16}",
        "aws_secret_access_key": r"[A-Za-z0-9/+]{40}",
        "google_api_key": r"AIza[A-Za-z0-9_-]{35}",
        "slack_token": r"xox[bp]-\d{12}-\d{12,13}-(\d{13}-[0-9a-f]{32}|[A-Za-z0-9]{24})",
        "stripe_live_key": r"[sr]k_live_([A-Za-z0-9]{24}|51[A-Za-z0-9]{97})",
        "huggingface": r"hf_[A-Za-z]{34}",
    }
    return bool(re.fullmatch(patterns[k], v))


def _value_ok(category: str, v: str, kind: str) -> bool:
    if category == "email":
        return _email_ok(v)
    if category == "phone":
        return _phone_ok(v, kind)
    if category == "national_id":
        return _national_id_ok(v, kind)
    if category == "payment_card":
        return _card_ok(v, kind)
    if category == "iban":
        return (
            iban_valid(v)
            and bban_national_check_ok(v)
            and (" " not in v or all(len(g) == 4 for g in v.split(" ")[:-1]))
        )
    if category == "ip_address":
        return _ip_ok(v, kind)
    if category == "date_of_birth":
        fmt = _DOB_FORMATS[kind.split("/")[1]]
        year = datetime.strptime(v, fmt).year
        if fmt.endswith("%y") and year > 2012:  # two-digit years: 31..68 mean 1931..1968
            year -= 100
        return 1930 <= year <= 2012
    if category == "medical_record":
        k = kind.split("/")[1]
        if k.startswith("nhs"):
            return nhs_valid(v) and v[0] in "467"
        if k == "patient_id":
            return bool(re.fullmatch(r"(P-|PT-|P)\d{6,7}", v))
        return v.isdigit() and 6 <= len(v) <= 8
    if category == "icd_code":
        return v in ICD10 and bool(re.fullmatch(r"[A-Z]\d{2}(\.[0-9A-Z]{1,4})?", v))
    if category == "secret":
        return _secret_ok(v, kind)
    raise AssertionError(category)


_REFERENCE_IBANS = (  # published examples (ECBS/SWIFT registry, national banking associations)
    "DE89 3704 0044 0532 0130 00",
    "GB29 NWBK 6016 1331 9268 19",
    "FR14 2004 1010 0505 0001 3M02 606",
    "NL91 ABNA 0417 1643 00",
    "ES91 2100 0418 4502 0005 1332",
    "IT60 X054 2811 1010 0000 0123 456",
    "CH93 0076 2011 6238 5295 7",
    "BE68 5390 0754 7034",
)


def _check_algorithms() -> None:
    """Generators and validators agree with published reference values."""
    for ref in _REFERENCE_IBANS:
        compact = ref.replace(" ", "")
        assert iban_valid(ref) and bban_national_check_ok(ref), ref
        assert _iban_from_bban(compact[:2], compact[4:]) == compact, ref
    assert _fr_rib_key("20041", "01005", "0500013M026") == "06"
    assert _es_dc_digit("0021000418") + _es_dc_digit("0200051332") == "45"
    assert _it_cin("05428", "11101", "000000123456") == "X"
    assert not iban_valid("DE88 3704 0044 0532 0130 00")
    for good in (
        "4111111111111111",
        "378282246310005",
        "6011111111111117",
        "5555555555554444",
        "2223003122003222",
        "79927398713",
    ):
        assert luhn_valid(good) and _luhn_check_digit(good[:-1]) == good[-1], good
    assert not luhn_valid("4111111111111112")
    assert nhs_valid("943 476 5919") and _nhs_check_digit("943476591") == 9
    assert not nhs_valid("943 476 5918")
    assert isbn_valid("0-306-40615-2") and isbn_valid("978-0-306-40615-7")
    assert _isbn10_check("030640615") == "2" and _isbn13_check("978030640615") == "7"
    assert _v6_compress([0x2001, 0xDB8, 0, 0, 0, 0, 2, 1]) == "2001:db8::2:1"
    assert _v6_compress([0x2001, 0xDB8, 0, 1, 1, 1, 1, 1]) == "2001:db8:0:1:1:1:1:1"


def _self_check(docs: list[Doc], per_category: int) -> None:
    _check_algorithms()
    counts: Counter[str] = Counter()
    for doc in docs:
        prev_end = 0
        for span in sorted(doc.spans, key=lambda s: s.start):
            assert span.start >= prev_end, f"overlapping spans in {doc.kind}"
            prev_end = span.end
            value = doc.text[span.start : span.end]
            assert value and value == value.strip(), (span, value)
            assert span.kind.startswith(span.category + "/"), span
            assert _value_ok(span.category, value, span.kind), (span.kind, value)
            counts[span.category] += 1
        _check_unlabelled_text(doc)
    assert all(counts[c] == per_category for c in CATEGORIES), counts
    assert sum(not d.spans for d in docs) >= 1


_NEG_CHECKS = (
    # a free-standing 16-digit number (not a run of 4-digit groups inside an IBAN)
    (
        re.compile(r"(?<![\w-])(?<![\dA-Z][ -])\d{4}([ -]?)\d{4}\1\d{4}\1\d{4}(?![\w-]|[ -]\w)"),
        luhn_valid,
    ),
    (re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b"), iban_valid),
)


def _check_unlabelled_text(doc: Doc) -> None:
    """Outside the labelled spans there is no real card number or IBAN (the Luhn-invalid and
    bad-check-digit negatives really are invalid), and every ISBN has a valid check digit."""
    text = doc.text
    for s in doc.spans:
        text = text[: s.start] + "#" * (s.end - s.start) + text[s.end :]
    for pattern, validator in _NEG_CHECKS:
        for m in pattern.finditer(text):
            assert not validator(m[0]), (doc.kind, m[0])
    for m in re.finditer(r"ISBN (\S+?)[)]?(?= |$)", text):
        assert isbn_valid(m[1]), m[1]


def describe(docs: list[Doc]) -> str:
    by_cat = Counter(s.category for d in docs for s in d.spans)
    kinds = Counter(s.kind for d in docs for s in d.spans)
    negatives = [d for d in docs if not d.spans]
    families = Counter(f for d in negatives for f in d.kind.split(": ", 1)[1].split("+"))
    frames = Counter(d.kind.split(":")[0] for d in docs)
    multi = sum(len({s.category for s in d.spans}) > 1 for d in docs)
    lines = [
        f"{len(docs)} documents: {len(docs) - len(negatives)} with labels "
        f"({multi} with several categories), {len(negatives)} hard negatives",
        "labels per category: " + ", ".join(f"{c}={by_cat[c]}" for c in CATEGORIES),
        f"value formats: {len(kinds)}",
        "frames: " + ", ".join(f"{k}={v}" for k, v in sorted(frames.items())),
        "negative families: " + ", ".join(f"{k}={v}" for k, v in sorted(families.items())),
    ]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    corpus = build_corpus()
    print(describe(corpus))
