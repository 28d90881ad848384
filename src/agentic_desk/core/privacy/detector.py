"""Find sensitive data in a chat message before the message is routed.

If :func:`detect` finds anything, the message is kept on the local model and the user is
told what was found and where (:func:`describe`). Precision matters as much as recall: a
clinician's or a lawyer's drafts are full of numbers that are not sensitive, so every
category needs either a self-validating format (a check digit, a known prefix, a strict
layout) or a cue word next to the value. A :class:`Finding` spans the value only, never
its cue word. Cue words are also recognised inside identifiers (``ONCALL_PHONE=``,
``date_of_birth:``, ``"nhs_number":``), so configs, JSON and logs are covered.

What each category accepts (and, as important, what it rejects):

``email``
    ``local@domain.tld`` with a letters-only top-level domain. Not ``user@host`` (no
    TLD), package specifiers (``pkg@1.2.3``), retina assets (``icon@2x.png``), the user
    part of ``git@github.com:org/repo`` or the password of ``https://user:pw@host``.
``phone``
    7-15 digits laid out like a phone number: a leading ``+``/``(+44)``/``00`` country
    code (with the right national length for common country codes); North-American
    ``(555) 123-4567`` / ``555-123-4567`` / ``555.123.4567`` / ``1-800-555-0199``;
    national numbers with a trunk ``0`` written in groups (``020 7946 0958``,
    ``030 1234567``, ``01 23 45 67 89``, ``06.12.34.56.78``, ``(02) 9876 5432``); any
    other 7-15 digit number only after a phone word in the same sentence (tel, phone,
    call, mobile, cell, fax, ...). Rejected: dates and timestamps, IP addresses,
    versions, ISBNs, prices, US ZIP+4 codes, drug codes, numbers labelled as something
    else ("Order #", "Invoice no.", "Ref", "Case", "ISBN", "PO number", ...), the tail of
    a broken IBAN or of an alphanumeric code, numbers glued to letters, ``0x``, ``[``,
    ``$``. Phone numbers are looked for last, after every other finding is blanked out,
    so a number written right after a card number is not read as part of it.
``national_id``
    US SSN ``AAA-GG-SSSS`` (or with spaces; area not 000/666/9xx, group not 00, serial
    not 0000; nine bare digits only after "SSN"/"social security"); UK National
    Insurance number ``AB123456C`` / ``AB 12 34 56 C`` (allocatable prefix letters,
    suffix A-D; without the suffix only after "NI number"/"NINO"); Spanish DNI/NIE
    (check letter); Italian codice fiscale (check letter); French NIR (mod-97 key); Dutch
    BSN (11-check, after "BSN"); Canadian SIN (Luhn, after "SIN"/"social insurance");
    Indian Aadhaar (Verhoeff, after "Aadhaar"); a passport number after "passport".
``payment_card``
    13-19 digits, bare or grouped as cards are printed (4-4-4-4[-3], Amex 4-6-5, Diners
    4-6-4) with one kind of separator, a valid Luhn check digit AND a known issuer prefix
    and length (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro, Mir).
``iban``
    Country code, 2 check digits and a BBAN of that country's registered length
    (``_IBAN_LENGTHS``), optionally in groups of 4; the mod-97 check must give 1.
``ip_address``
    IPv4 dotted quads with 0-255 octets (no leading zeros; a port or a prefix length
    is not part of the span) and IPv6 in full or compressed form (validated with
    :mod:`ipaddress`). Not versions (``v1.2.3.4``, "version 1.2.3.4", "build ..."),
    section numbers ("section 1.2.3.4"), longer dotted sequences (OIDs), MAC addresses,
    times, nor code paths like ``a::b``. Loopback addresses are reported too.
``date_of_birth``
    A date (``1985-03-14``, ``14/03/1985``, ``03/14/1985``, ``14.03.1985``,
    ``March 14, 1985``, ``14 March 1985``, ``14-Mar-1985``, ``14 Mar 85``, ...) only after
    a birth cue ("born", "DOB", "D.O.B.", "date of birth", "birthday", "geb.",
    "né(e) le", ...) with no other date in between, or right before "(DOB)".
``medical_record``
    A number after "MRN", "MR#", "medical record number", "patient ID", "hospital
    number", "chart number", "NHS number" or "CHI number"; NHS and CHI numbers must pass
    their mod-11 check.
``icd_code``
    ICD-10 codes in dotted form (``E11.9``, ``J45.909``, ``F32.A``, ``S72.001A``) unless
    the word before them makes them something else (section, table, version, model,
    vitamin, Galaxy, ...). The bare 3-character form (``E11``) only right after a cue
    ("ICD-10", "diagnosis", "dx", "code", "assessment", "problem list"), in a list that
    follows one, in brackets after a clinical word in the same sentence ("diagnosed with
    multiple sclerosis (G35)"), or followed by its description in brackets
    ("G35 (multiple sclerosis)"). ICD-9 codes (``250.00``, ``V45.81``) only after
    "ICD-9" or "dx".
``secret``
    Known token formats (OpenAI ``sk-``/``sk-proj-``, Anthropic ``sk-ant-``, OpenRouter
    ``sk-or-``, GitHub ``ghp_``/``gho_``/``ghu_``/``ghs_``/``ghr_``/``github_pat_``, AWS
    ``AKIA...``, Google ``AIza...``, Slack ``xox?-``, Stripe ``sk_live_``/``rk_live_``,
    Hugging Face ``hf_``, GitLab, npm, PyPI, SendGrid, Telegram bot tokens, JWTs, PEM
    private key blocks up to their END line), passwords in URLs, ``Authorization:`` /
    ``Bearer`` values, ``password=``/``api_key:``/``secret=``/``token:``-style assignments
    (any identifier containing such a word, "my API key is ...") whose value looks random
    (letters with digits or symbols, enough entropy, not a placeholder, a variable or a
    word slug), and long random tokens (an AWS secret access key) next to the word "key",
    "secret", "token" or "password". Not SSH public keys; hex digests, git SHAs and UUIDs
    only with such a cue.

Overlaps are resolved by preferring the more specific category (the order of
``_PRIORITY``), then the longer match. All patterns are precompiled, bounded and free of
nested quantifiers, so the scan is linear in the text's length (about 10-20 ms for 20 KB).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import itertools
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "DetectorOptions",
    "Finding",
    "describe",
    "detect",
]

CATEGORIES: tuple[str, ...] = (
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

CATEGORY_LABELS: dict[str, str] = {
    "email": "e-mail address",
    "phone": "phone number",
    "national_id": "national ID number (e.g. US SSN)",
    "payment_card": "payment card number",
    "iban": "IBAN",
    "ip_address": "IP address",
    "date_of_birth": "date of birth",
    "medical_record": "medical record number",
    "icd_code": "diagnosis code (ICD)",
    "secret": "API key or secret",
}

_PLURAL_LABELS: dict[str, str] = {
    "email": "e-mail addresses",
    "phone": "phone numbers",
    "national_id": "national ID numbers (e.g. US SSN)",
    "payment_card": "payment card numbers",
    "iban": "IBANs",
    "ip_address": "IP addresses",
    "date_of_birth": "dates of birth",
    "medical_record": "medical record numbers",
    "icd_code": "diagnosis codes (ICD)",
    "secret": "API keys or secrets",
}

_AN_LABELS = frozenset({"email", "iban", "ip_address", "secret"})

# Most specific first: decides overlaps, and the order of describe()'s summary (the
# most sensitive kinds are named first).
_PRIORITY: tuple[str, ...] = (
    "secret",
    "iban",
    "payment_card",
    "medical_record",
    "national_id",
    "date_of_birth",
    "email",
    "ip_address",
    "icd_code",
    "phone",
)
_RANK = {category: rank for rank, category in enumerate(_PRIORITY)}

_BULLET = "\u2022"
_BLANK = "\ue000"  # stands in for text already found: not a word character, digit or space
# Word boundaries for cue words that also split identifiers: ONCALL_PHONE, date_of_birth.
_B = r"(?<![^\W_])"
_E = r"(?![^\W_])"
_WS = r"[\s_\-]+"
_MAX_LINES_LISTED = 5


@dataclass(frozen=True)
class Finding:
    """One piece of sensitive data: its category and where it is (``text[start:end]``)."""

    category: str
    start: int
    end: int
    text: str

    def masked(self) -> str:
        """The finding with most of it hidden, safe to show on screen or in a log."""
        masker = _MASKERS.get(self.category, _mask_default)
        return masker(self.text)


@dataclass(frozen=True)
class DetectorOptions:
    """Which categories :func:`detect` reports (all by default; an unknown name in
    ``enabled`` is a :class:`ValueError`, so a typo cannot switch a check off)."""

    enabled: frozenset[str] = frozenset(CATEGORIES)

    def __post_init__(self) -> None:
        unknown = set(self.enabled) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown sensitive-data categories: {sorted(unknown)}")


def detect(text: str, options: DetectorOptions | None = None) -> list[Finding]:
    """Every piece of sensitive data in ``text``, sorted by start, never overlapping.

    All categories are looked for and overlaps resolved first (so a number recognised as
    an IBAN is not reported as a phone number when IBANs are disabled); then only the
    enabled categories are kept.
    """
    enabled = (options or DetectorOptions()).enabled
    if not text or not enabled:
        return []
    candidates: list[Finding] = []
    for scanner in _SCANNERS:
        candidates.extend(scanner(text))
    kept = _resolve_overlaps(candidates)
    # Phone numbers last, with everything found so far blanked out: a number written right
    # after a card number or an IBAN must not be read as part of it.
    blanked = _blank_out(text, kept)
    kept = _resolve_overlaps([*kept, *_scan_phone(blanked)])
    return [_with_text(f, text) for f in kept if f.category in enabled]


def _blank_out(text: str, findings: list[Finding]) -> str:
    parts = []
    position = 0
    for f in findings:
        parts.append(text[position : f.start])
        parts.append(_BLANK * (f.end - f.start))
        position = f.end
    parts.append(text[position:])
    return "".join(parts)


def _with_text(finding: Finding, text: str) -> Finding:
    value = text[finding.start : finding.end]
    return finding if value == finding.text else dataclasses.replace(finding, text=value)


def describe(findings: list[Finding], text: str) -> str:
    """A summary for the user: what kinds of data were found, on which lines (1-based).

    Kinds are named most sensitive first, e.g. "Found 2 kinds of sensitive data: a
    payment card number (line 3) and an e-mail address (line 1). This message stays on
    this computer."
    """
    if not findings:
        return "No sensitive data found."
    by_category: dict[str, list[Finding]] = {}
    for finding in findings:
        by_category.setdefault(finding.category, []).append(finding)
    order = sorted(by_category, key=lambda c: (_RANK.get(c, len(_RANK)), c))
    parts = []
    for category in order:
        items = by_category[category]
        lines = sorted({text.count("\n", 0, f.start) + 1 for f in items})
        if len(items) == 1:
            label = CATEGORY_LABELS.get(category, category)
            article = "an" if category in _AN_LABELS else "a"
            what = f"{article} {label}"
        else:
            what = f"{len(items)} {_PLURAL_LABELS.get(category, category)}"
        parts.append(f"{what} ({_lines_phrase(lines)})")
    kinds = len(order)
    noun = "kind" if kinds == 1 else "kinds"
    return (
        f"Found {kinds} {noun} of sensitive data: {_join_words(parts)}. "
        "This message stays on this computer."
    )


def _lines_phrase(lines: list[int]) -> str:
    if len(lines) == 1:
        return f"line {lines[0]}"
    words = [str(n) for n in lines]
    if len(words) > _MAX_LINES_LISTED:
        shown = words[:_MAX_LINES_LISTED]
        return f"lines {', '.join(shown)} and {len(words) - len(shown)} more"
    return f"lines {_join_words(words)}"


def _join_words(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _resolve_overlaps(candidates: list[Finding]) -> list[Finding]:
    """Keep the most specific, then the longest, candidates that do not overlap."""
    ordered = sorted(
        set(candidates),
        key=lambda f: (_RANK.get(f.category, len(_RANK)), f.start - f.end, f.start),
    )
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Finding] = []
    for finding in ordered:
        i = bisect_right(starts, finding.start)
        if i > 0 and ends[i - 1] > finding.start:
            continue
        if i < len(starts) and starts[i] < finding.end:
            continue
        starts.insert(i, finding.start)
        ends.insert(i, finding.end)
        kept.insert(i, finding)
    return kept


# --------------------------------------------------------------------------- helpers


def _window_before(text: str, start: int, size: int, *, lines: int = 1) -> str:
    """Up to ``size`` characters before ``start``, within the last ``lines`` lines."""
    window = text[max(0, start - size) : start]
    cut = len(window)
    for _ in range(lines):
        cut = window.rfind("\n", 0, cut)
        if cut < 0:
            return window
    return window[cut + 1 :]


def _digits(s: str) -> str:
    return "".join(ch for ch in s if "0" <= ch <= "9")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def _verhoeff_ok(digits: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[i % 8][ord(ch) - 48]]
    return c == 0


def _mod11_nhs_ok(digits: str) -> bool:
    """NHS (England, Wales) and CHI (Scotland) numbers: 10 digits, weights 10..2."""
    if len(digits) != 10:
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _plausible_date(a: int, b: int, year: int, year_digits: int) -> bool:
    """Is (a, b, year) a date as day-month or month-day?"""
    if year_digits == 4 and not 1850 <= year <= 2100:
        return False
    return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)


def _looks_like_date(groups: list[str]) -> bool:
    """Do the first three digit groups of a number read as a date?"""
    if len(groups) < 3:
        return False
    g0, g1, g2 = groups[0], groups[1], groups[2]
    if not (g0.isdigit() and g1.isdigit() and g2.isdigit()):
        return False
    if len(g0) == 4 and len(g1) <= 2 and len(g2) <= 2:
        return 1850 <= int(g0) <= 2100 and 1 <= int(g1) <= 12 and 1 <= int(g2) <= 31
    if len(g0) <= 2 and len(g1) <= 2 and len(g2) == 4:
        return _plausible_date(int(g0), int(g1), int(g2), 4)
    return False


# ----------------------------------------------------------------------------- email

_FILE_EXTENSIONS = frozenset(
    {
        "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "heic", "pdf",
        "txt", "css", "js", "mjs", "ts", "tsx", "jsx", "json", "html", "htm", "xml", "yml",
        "yaml", "toml", "ini", "cfg", "lock", "exe", "dll", "so", "dylib", "zip", "tar", "gz",
        "tgz", "whl", "py", "pyc", "rs", "go", "java", "kt", "rb", "php", "sh", "bat", "ps1",
        "md", "rst", "csv", "tsv", "log", "mp3", "mp4", "wav", "mov", "avi", "woff", "woff2",
        "ttf", "otf", "map", "onnx", "bin",
    }
)  # fmt: skip

_EMAIL_RE = re.compile(
    r"(?<![\w.%+\-@])"
    r"(?P<local>[\w%+\-]+(?:\.[\w%+\-]+)*)"
    r"@"
    r"(?P<domain>(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+(?P<tld>[^\W\d_]{2,63}))"
    r"(?![\w\-@]|\.[^\W_])"
)
_URL_USERINFO_BEFORE = re.compile(r"[A-Za-z][\w+.\-]{0,30}://[^\s/@]{0,64}:$")


def _scan_email(text: str) -> Iterator[Finding]:
    for m in _EMAIL_RE.finditer(text):
        if m.group("tld").lower() in _FILE_EXTENSIONS:
            continue
        end = m.end()
        if text.startswith(":", end) and end + 1 < len(text) and not text[end + 1].isspace():
            continue  # git@github.com:org/repo.git (an SSH remote, not an address)
        if _URL_USERINFO_BEFORE.search(_window_before(text, m.start(), 200)):
            continue  # https://user:password@host: the password is a secret, not an e-mail
        yield Finding("email", m.start(), end, m.group(0))


# ----------------------------------------------------------------------------- phone

_SP = "[ \u00a0]"
_DASH = "[\\-/\u2010\u2011\u2012\u2013]"


def _phone_pattern(separator: str) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w+.,/\-])"
        rf"(?:\(\+[0-9]{{1,3}}\){_SP}?|\+{_SP}?)?"  # +44 or (+44)
        rf"(?:\({_SP}?[0-9]{{1,5}}{_SP}?\){_SP}?)?"
        r"[0-9]+"
        rf"(?:(?:{separator})(?:\([0-9]{{1,4}}\){_SP}?)?[0-9]+){{0,7}}"
        rf"(?:{_SP}?(?:x|ext\.?|extension){_SP}?[0-9]{{1,6}})?"
        r"(?![\w@])"
    )


# Groups separated by spaces, dashes or slashes; or by dots alone (01.23.45.67.89): a
# number never mixes dots with spaces, so "IP 10.1.2.3 07700 900123" splits correctly.
_PHONE_RES = (_phone_pattern(rf"{_SP}?{_DASH}{_SP}?|{_SP}"), _phone_pattern(r"\."))
_PHONE_EXT_RE = re.compile(r"\s?(?:x|ext\.?|extension)\s?[0-9]{1,6}$")
# Words before a number that say it is a phone number, or that it is something else.
_PHONE_WORDS = frozenset(
    {
        "tel", "telephone", "telefon", "telefono", "teléfono", "téléphone", "tél", "tlf", "phone",
        "phones", "cellphone", "mobile", "mobil", "mob", "cell", "cellular", "celular", "móvil",
        "movil", "fax", "telefax", "call", "called", "calling", "ring", "text", "sms", "whatsapp",
        "signal", "contact", "reach", "hotline", "helpline", "landline", "handy", "portable",
        "dial", "rufnummer",
    }
)  # fmt: skip
_NOT_PHONE_WORDS = frozenset(
    {
        "order", "orders", "invoice", "inv", "receipt", "ref", "reference", "ticket", "case",
        "claim", "policy", "account", "acct", "docket", "matter", "file", "reg", "registration",
        "patent", "serial", "sku", "item", "art", "article", "part", "model", "isbn", "issn",
        "doi", "pmid", "version", "ver", "build", "release", "rev", "revision", "id",
        "transaction", "txn", "tracking", "parcel", "shipment", "booking", "confirmation",
        "reservation", "batch", "lot", "specimen", "sample", "accession", "catalog", "catalogue",
        "ndc", "mrn", "nhs", "ssn", "sin", "nino", "passport", "license", "licence", "vat", "tax",
        "ein", "tin", "iban", "bic", "swift", "routing", "aba", "sort", "zip", "postcode",
        "postal", "page", "pages", "pp", "vol", "volume", "section", "sec", "clause", "para",
        "paragraph", "figure", "fig", "table", "chapter", "appendix", "record", "chart",
        "employee", "badge", "voucher", "coupon", "promo", "pin", "otp", "code", "customer",
        "client", "member", "membership", "po", "purchase", "contract", "agreement", "loan",
        "mortgage", "subscriber", "user", "job", "run", "request", "req", "task", "issue", "bug",
        "pr", "report", "quote", "quotation", "estimate", "bill", "statement", "check", "cheque",
        "payment", "transfer", "wire", "§", "№",
    }
)  # fmt: skip
_WORD_OR_SIGN_RE = re.compile(r"[^\W_]+|[§№]")
_CODE_BEFORE_RE = re.compile(r"(?<![\w\-])(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*[0-9])[A-Z0-9]{2,8} $")
# "DE89 ", "CH90 0023 ": the start of an IBAN (a broken one, or it would have been found).
_IBAN_HEAD_BEFORE_RE = re.compile(r"(?<![\w\-])[A-Z]{2}[0-9]{2}(?:[ \-][0-9A-Z]{4})*[ \-]$")
# What may stand between a label and the value it labels ("Order no. ", "Invoice #").
_LABEL_GAP_RE = re.compile(
    r"[\s:#=.\-\u2013(\[]*(?:(?:no|nr|num|number|n°|nº|#|is|was|id|code|ref)"
    r"[\s:#=.\-\u2013(\[]*){0,3}",
    re.IGNORECASE,
)
# The end of a sentence (not of "Tel." or "No."): cues do not reach across it.
_ABBREVIATIONS = frozenset(
    {"tel", "no", "nr", "mob", "fax", "ext", "ref", "inv", "acct", "reg", "vol"}
)
_SENTENCE_BREAK_RE = re.compile(r"(\w*)[.!?;]\s+(?=[A-Z(+]|$)")


def _last_sentence(window: str) -> str:
    cut = 0
    for m in _SENTENCE_BREAK_RE.finditer(window):
        if m.group(1).lower() not in _ABBREVIATIONS:
            cut = m.end()
    return window[cut:]


_PHONE_GROUP_RE = re.compile(r"\(?[0-9]+\)?")


def _label_then_value(gap: str) -> bool:
    return _LABEL_GAP_RE.fullmatch(gap) is not None


def _phone_cue(text: str, start: int) -> str | None:
    """'pos' after a phone word, 'neg' right after another label, else None."""
    window = _last_sentence(_window_before(text, start, 48))
    cue = None
    for m in _WORD_OR_SIGN_RE.finditer(window):
        word = m.group(0).lower()
        if word in _PHONE_WORDS:
            cue = "pos"
        elif word in _NOT_PHONE_WORDS and _label_then_value(window[m.end() :]):
            return "neg"
    if cue is None and window.rstrip().endswith("#"):
        return "neg"
    return cue


# National significant number lengths for common country calling codes (E.164 plans);
# numbers for other codes only need 8-15 digits in all.
_NSN_LENGTHS: dict[str, range] = {
    "1": range(10, 11), "7": range(10, 11), "20": range(8, 11), "27": range(9, 10),
    "30": range(10, 11), "31": range(9, 10), "32": range(8, 10), "33": range(9, 10),
    "34": range(9, 10), "36": range(8, 10), "39": range(6, 12), "40": range(9, 10),
    "41": range(9, 10), "43": range(4, 14), "44": range(7, 11), "45": range(8, 9),
    "46": range(7, 14), "47": range(8, 9), "48": range(9, 10), "49": range(6, 14),
    "52": range(10, 11), "55": range(10, 12), "61": range(9, 10), "62": range(8, 13),
    "63": range(8, 11), "64": range(8, 11), "65": range(8, 9), "81": range(9, 11),
    "82": range(8, 11), "86": range(10, 12), "90": range(10, 11), "91": range(10, 11),
    "351": range(9, 10), "352": range(6, 12), "353": range(7, 10), "358": range(5, 13),
    "852": range(8, 9), "966": range(9, 10), "971": range(8, 10), "972": range(8, 10),
}  # fmt: skip


def _national_length_ok(groups: list[str], digits: str) -> bool:
    """Does a "+CC ..." number have the right length for its country code (if known)?"""
    if len(groups[0]) <= 3 and len(groups) > 1:
        code = groups[0]
    else:  # written without a space after the country code: the longest known prefix
        code = next((digits[:k] for k in (3, 2, 1) if digits[:k] in _NSN_LENGTHS), "")
    lengths = _NSN_LENGTHS.get(code)
    national = digits[len(code) :]
    if len(groups) > 1 and groups[1] == "0" and code:  # +44 (0)20 ...: the trunk 0 is extra
        national = national[1:]
    return lengths is None or len(national) in lengths


def _phone_ok(text: str, start: int, end: int) -> bool:
    raw = text[start:end]
    core = _PHONE_EXT_RE.sub("", raw)
    digits = _digits(core)
    n = len(digits)
    if not 7 <= n <= 15:
        return False
    before = text[start - 1] if start > 0 else ""
    if before and before in "#$€£¥[<%&*^|\\":
        return False
    if before == ":" and start > 1 and text[start - 2].isdigit():
        return False  # the minutes of a time
    if _IBAN_HEAD_BEFORE_RE.search(text, max(0, start - 40), start):
        return False
    after = text[end : end + 2]
    if after[:1] in {"%", "€", "$", "£", "]"} or re.match(r"[:.,]\d", after):
        return False
    if before == " " and start > 1 and text[start - 2] in "$€£¥":
        return False
    plus = core.startswith(("+", "(+"))
    tokens = _PHONE_GROUP_RE.findall(core)
    groups = [t.strip("()") for t in tokens]
    parens = [t.startswith("(") for t in tokens]
    seps = set(re.findall(r"[^\d()+\s]", core))
    if sum(len(g) == 1 for g in groups) > 2:
        return False  # "1 2 3 4 5 6 7", a list or a version, not a phone number
    if _looks_like_date(groups):
        return False
    if not plus and len(groups) == 4 and seps == {"."} and all(len(g) <= 3 for g in groups):
        return False  # an IPv4 address or a version
    if not plus and n == 13 and digits[:3] in {"978", "979"}:
        return False  # an ISBN-13
    shape = [len(g) for g in groups]
    if not plus and shape == [3, 2, 4]:
        return False  # the shape of a US SSN, never a phone number
    if seps == {"."} and (min(shape) < 2 or len(shape) < 3):
        return False  # a version (115.0.5042.71) or a decimal, never a dotted phone number
    if (
        shape == [5, 4]
        and seps == {"-"}
        and (
            digits[0] != "0"
            or re.search(r"\b[A-Z]{2},?[ \u00a0]+$", text[max(0, start - 8) : start])
        )
    ):
        return False  # a US ZIP+4 code ("CA 90210-2293"), even after a phone word
    cue = _phone_cue(text, start)
    if cue == "neg":
        return False
    if cue is None and not plus and _CODE_BEFORE_RE.search(text, max(0, start - 12), start):
        return False  # the tail of a longer code: "1Z 999 AA1 01 2345 6784"
    # International: "+CC ..." or "00CC ...".
    if plus:
        return n >= 8 and digits[0] != "0" and _national_length_ok(groups, digits)
    if groups[0].startswith("00") and not parens[0]:
        return len(groups[0]) in (4, 5) and n >= 10 and digits[2] != "0"
    if cue == "pos":
        return True
    short_inner = any(len(g) == 1 and not p for g, p in zip(groups[1:], parens[1:], strict=True))
    if short_inner:
        return False
    # North American: (555) 123-4567, 555-123-4567, 555.123.4567, 1-800-555-0199.
    if shape in ([3, 3, 4], [1, 3, 3, 4]) and (shape[0] == 3 or groups[0] == "1"):
        return True
    if parens[0] and len(groups) >= 2 and 2 <= shape[0] <= 5 and 6 <= n - shape[0] <= 10:
        return True  # (555) 1234567, (02) 9876 5432, (030) 1234567
    # National numbers with a trunk 0, written in groups.
    if groups[0].startswith("0") and len(groups) >= 2 and 9 <= n <= 12 and shape[0] <= 5:
        if min(shape) < 2:
            return False
        if shape == [5, 4] and "-" in seps:
            return False  # a US ZIP+4 code
        # A short last group only in pairs (01 23 45 67 89); not a drug code 0002-3227-30.
        return shape[-1] >= 3 or all(s == 2 for s in shape)
    return False


def _phone_split_points(run: str) -> list[int]:
    """Where a failed number run may hold a second number: after a leading date, where a
    space follows groups joined by dashes or dots, and before a bracketed area code."""
    points = []
    digit_runs = list(re.finditer(r"[0-9]+", run))
    if len(digit_runs) > 3 and _looks_like_date([r.group(0) for r in digit_runs[:3]]):
        points.append(digit_runs[3].start())
    previous = ""
    for sep in re.finditer(r"(?<=[0-9)])[^0-9()]+(?=[0-9(])", run):
        kind = "space" if sep.group(0).isspace() else "mark"
        opens = run.startswith("(", sep.end())
        if kind == "space" and (previous == "mark" or opens):
            points.append(sep.end())  # "... 4049 0160 3117010", "VIC 3169 (07) 7835 8538"
        previous = kind
    return sorted(set(points))


_NOT_A_NUMBER_START_RE = re.compile(r"[^0-9(+]*")


def _phones_in_run(text: str, m: re.Match[str]) -> Iterator[Finding]:
    """The phone numbers in one run of digit groups (usually the whole run, or none)."""
    start, end = m.start(), m.end()
    if end - start < 7 or sum(ch.isdigit() for ch in m.group(0)) < 7:
        return  # too short for a phone number (most runs: "12", "2024")
    if _phone_ok(text, start, end):
        yield Finding("phone", start, end, m.group(0))
        return
    found: Finding | None = None
    # Another number run into this one: "DOB 1978-06-09 480-477-1346" (after a date),
    # "card 4914-2018-2160-4049 0160 3117010" (where dashes give way to a space).
    for split in _phone_split_points(m.group(0)):
        inner = m.re.match(text, start + split)
        if inner is not None and _phone_ok(text, inner.start(), inner.end()):
            found = Finding("phone", inner.start(), inner.end(), inner.group(0))
            break
    # A strong number followed by a neighbour ("+44 7890 334738 030 51768086"): trim it.
    if found is None and (text[start] == "+" or _phone_cue(text, start) == "pos"):
        cuts = [c.start() for c in re.finditer(r"(?<=[0-9)])[ \u00a0\-./]", m.group(0))]
        for cut in reversed(cuts):
            stop = start + cut
            if len(_digits(text[start:stop])) < 7:
                break
            if _phone_ok(text, start, stop):
                found = Finding("phone", start, stop, text[start:stop])
                break
    if found is None:
        return
    yield found
    if found.end < end:  # and whatever follows it in the run
        rest = _NOT_A_NUMBER_START_RE.match(text, found.end, end)
        after = m.re.match(text, rest.end() if rest else found.end)
        if after is not None and after.start() > found.start:
            yield from _phones_in_run(text, after)


def _scan_phone(text: str) -> Iterator[Finding]:
    for pattern in _PHONE_RES:
        for m in pattern.finditer(text):
            yield from _phones_in_run(text, m)


# ----------------------------------------------------------------------- national ID

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
_NW = r"[\W_]"
_SSN_CUE_RE = re.compile(
    rf"{_B}(?:SSNs?|SS\#|SS{_NW}?No|social{_WS}security|soc\.?\s*sec\.?)"
    rf"{_NW}{{0,6}}(?:(?:is|was|number|no|num|\#){_NW}{{1,4}}){{0,2}}$",
    re.IGNORECASE,
)
_BSN_CUE_RE = re.compile(
    rf"{_B}(?:BSN|burgerservicenummer|sofi-?nummer)"
    rf"{_NW}{{0,6}}(?:(?:is|nummer|nr|number){_NW}{{1,4}}){{0,2}}$",
    re.IGNORECASE,
)
_SIN_CUE_RE = re.compile(
    rf"{_B}(?:SIN|social{_WS}insurance|NAS)"
    rf"{_NW}{{0,6}}(?:(?:is|was|number|no|num|\#){_NW}{{1,4}}){{0,2}}$",
    re.IGNORECASE,
)
_NINO_RE = re.compile(
    r"(?P<p>[A-CEGHJ-PR-TW-Z](?<![\w\-][A-Z])[A-CEGHJ-NPR-TW-Z])[ \u00a0]?"
    r"(?P<d>[0-9]{2}[ \u00a0]?[0-9]{2}[ \u00a0]?[0-9]{2})(?:[ \u00a0]?(?P<s>[A-D]))?(?![\w\-])"
)
_NINO_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_NINO_CUE_RE = re.compile(
    rf"{_B}(?:NI|NINO|national{_WS}insurance)"
    rf"{_NW}{{0,6}}(?:(?:is|was|number|no|num|\#){_NW}{{1,4}}){{0,2}}$",
    re.IGNORECASE,
)
_DNI_RE = re.compile(r"(?P<n>[0-9](?<![\w\-][0-9])[0-9]{7})[ \-]?(?P<l>[A-Z])(?![\w\-])")
_NIE_RE = re.compile(
    r"(?P<x>[XYZ](?<![\w\-][XYZ]))[ \-]?(?P<n>[0-9]{7})[ \-]?(?P<l>[A-Z])(?![\w\-])"
)
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_CF_RE = re.compile(
    r"[A-Z](?<![\w\-][A-Z])[A-Z]{5}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z]"
    r"[0-9LMNPQRSTUV]{3}[A-Z](?![\w\-])"
)
# Codice fiscale: values of the characters in odd positions (1st, 3rd, ...), digits then A-Z.
_CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20,
         11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23),
        strict=True,
    )
)  # fmt: skip
_NIR_RE = re.compile(
    r"(?P<sex>[1-478](?<![\w\-][0-9]))[ \u00a0]?(?P<yy>[0-9]{2})[ \u00a0]?(?P<mm>[0-9]{2})"
    r"[ \u00a0]?(?P<dep>2[AB]|[0-9]{2})[ \u00a0]?(?P<com>[0-9]{3})[ \u00a0]?(?P<ord>[0-9]{3})"
    r"[ \u00a0]?(?P<key>[0-9]{2})(?![\w\-]|[.,][0-9])"
)
_AADHAAR_RE = re.compile(
    r"[2-9](?<![\w\-.][0-9])[0-9]{3}([ \-]?)[0-9]{4}\1[0-9]{4}(?![\w\-]|[.,][0-9])"
)
_AADHAAR_CUE_RE = re.compile(r"\b(?:aadhaar|aadhar|UIDAI|UID)\b", re.IGNORECASE)
_PASSPORT_RE = re.compile(
    r"(?i:\bpassport)(?:[ \t_\-]*(?i:number|no\.?|num|nr\.?|\#))?[\"']?[ \t]*"
    r"(?:[:#=]|(?i:is))?[ \t]*[\"']?(?P<v>[A-Z0-9]{6,9})(?![\w\-])"
)


def _ssn_valid(area: str, group: str, serial: str) -> bool:
    return (
        area not in {"000", "666"}
        and not area.startswith("9")
        and group != "00"
        and serial != "0000"
    )


def _dni_ok(number: str, letter: str) -> bool:
    return _DNI_LETTERS[int(number) % 23] == letter


def _cf_ok(code: str) -> bool:
    total = 0
    for i, ch in enumerate(code[:15]):
        if i % 2 == 0:
            total += _CF_ODD[ch]
        else:
            total += int(ch) if ch.isdigit() else ord(ch) - 65
    return chr(65 + total % 26) == code[15]


def _bsn_ok(digits: str) -> bool:
    if len(digits) != 9 or digits == "000000000":
        return False
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits[:8])) - int(digits[8])
    return total % 11 == 0


def _nir_ok(m: re.Match[str]) -> bool:
    mm = int(m.group("mm"))
    if not (1 <= mm <= 12 or 20 <= mm <= 42 or 50 <= mm <= 99):
        return False
    dep = m.group("dep")
    dep_num = {"2A": "19", "2B": "18"}.get(dep, dep)
    body = m.group("sex") + m.group("yy") + m.group("mm") + dep_num + m.group("com")
    body += m.group("ord")
    number = int(body)
    if dep == "2A":
        number -= 1000000
    elif dep == "2B":
        number -= 2000000
    return 97 - number % 97 == int(m.group("key"))


def _scan_national_id(text: str) -> Iterator[Finding]:
    for m in _SSN_RE.finditer(text):
        if _ssn_valid(m.group("a"), m.group("g"), m.group("s")):
            yield Finding("national_id", m.start(), m.end(), m.group(0))
    for m in _NINE_DIGITS_RE.finditer(text):
        digits = _digits(m.group(0))
        window = _window_before(text, m.start(), 48)
        if _SSN_CUE_RE.search(window):
            ok = _ssn_valid(digits[:3], digits[3:5], digits[5:])
        elif _BSN_CUE_RE.search(window):
            ok = _bsn_ok(digits)
        elif _SIN_CUE_RE.search(window):
            ok = _luhn_ok(digits)
        else:
            ok = False
        if ok:
            yield Finding("national_id", m.start(), m.end(), m.group(0))
    for m in _NINO_RE.finditer(text):
        if m.group("p") in _NINO_BAD_PREFIXES:
            continue
        if m.group("s") is None and not _NINO_CUE_RE.search(_window_before(text, m.start(), 40)):
            continue
        yield Finding("national_id", m.start(), m.end(), m.group(0))
    for m in _DNI_RE.finditer(text):
        if _dni_ok(m.group("n"), m.group("l")):
            yield Finding("national_id", m.start(), m.end(), m.group(0))
    for m in _NIE_RE.finditer(text):
        if _dni_ok(str("XYZ".index(m.group("x"))) + m.group("n"), m.group("l")):
            yield Finding("national_id", m.start(), m.end(), m.group(0))
    for m in _CF_RE.finditer(text):
        if _cf_ok(m.group(0)):
            yield Finding("national_id", m.start(), m.end(), m.group(0))
    for m in _NIR_RE.finditer(text):
        if _nir_ok(m):
            yield Finding("national_id", m.start(), m.end(), m.group(0))
    for m in _AADHAAR_RE.finditer(text):
        if _verhoeff_ok(_digits(m.group(0))) and _AADHAAR_CUE_RE.search(
            _window_before(text, m.start(), 48)
        ):
            yield Finding("national_id", m.start(), m.end(), m.group(0))
    for m in _PASSPORT_RE.finditer(text):
        value = m.group("v")
        if sum(ch.isdigit() for ch in value) >= 4 and not value.isalpha():
            yield Finding("national_id", m.start("v"), m.end("v"), value)


# ---------------------------------------------------------------------- payment card

_CARD_RUN_RE = re.compile(
    r"[0-9](?<![\w+.,\-][0-9])[0-9]*(?:[ \u00a0\-][0-9]+)*(?![\w]|[.,\-]?[0-9])"
)
_DIGIT_GROUP_RE = re.compile(r"[0-9]+")


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


def _card_at(text: str, start: int, end: int) -> Finding | None:
    raw = text[start:end]
    shape = [len(g) for g in re.split(r"[ \u00a0\-]", raw)]
    if (
        len(shape) > 1
        and not (
            (all(n == 4 for n in shape[:-1]) and 1 <= shape[-1] <= 4)  # 4111 1111 1111 1111
            or (len(shape) == 3 and shape[:2] == [4, 6] and shape[2] in (4, 5))  # 3782 822463 10005
        )
    ):
        return None  # not how card numbers are written
    if len(set(re.findall(r"[ \u00a0\-]", raw))) > 1:
        return None  # mixed separators
    if text[end : end + 1] == "-" or text[start - 1 : start] == "-":
        return None  # part of a longer dashed number
    digits = _digits(raw)
    if not 13 <= len(digits) <= 19:
        return None
    if _IBAN_HEAD_BEFORE_RE.search(text, max(0, start - 40), start):
        return None
    if _card_brand_ok(digits) and _luhn_ok(digits):
        return Finding("payment_card", start, end, raw)
    return None


def _scan_payment_card(text: str) -> Iterator[Finding]:
    for run in _CARD_RUN_RE.finditer(text):
        groups = list(_DIGIT_GROUP_RE.finditer(text, run.start(), run.end()))
        if run.end() - run.start() < 13:
            continue
        # Usually the run is one card; "Card: 3408 146470 47029 01 39 26 35 49" holds a card
        # and then something else, so cards may also start after a space inside the run.
        i = 0
        while i < len(groups):
            first = groups[i]
            found = None
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
                    found = _card_at(text, first.start(), groups[j].end())
                    if found is not None:
                        yield found
                        i = j + 1
                        break
            if found is None:
                i += 1


# ------------------------------------------------------------------------------ IBAN

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


def _iban_mod97_ok(iban: str) -> bool:
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _scan_iban(text: str) -> Iterator[Finding]:
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
        if _iban_mod97_ok("".join(chars)):
            yield Finding("iban", m.start(), pos, text[m.start() : pos])


# ------------------------------------------------------------------------ IP address

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IPV4_RE = re.compile(rf"(?=[0-9])(?<![\w.\-])({_OCTET}(?:\.{_OCTET}){{3}})(?![\w\-]|\.[0-9])")
_IPV6_RE = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:[0-9]{1,3}\.){3}[0-9]{1,3})?"
    r"(?![\w:]|\.[0-9])"
)
_VERSION_CUE_RE = re.compile(
    r"(?:(?<![\w.@\-])(?:v|ver|version|versions|release|released|build|rev|revision|update|upgrade|"
    r"upgraded|patch|firmware|software|kernel|python|node|java|chrome|firefox|ios|android|"
    r"macos|windows|sdk|library|package|pkg|section|sec|sect|clause|para|paragraph|article|"
    r"art|rule|chapter|ch|item|figure|fig|table|step|appendix|schedule|part)\b|§§?)",
    re.IGNORECASE,
)
_VERSION_GAP_RE = re.compile(
    r"[\s:#=.\-(]*(?:(?:is|was|to|of|number|no|nr|#|now|from)[\s:#=.\-(]+){0,2}", re.IGNORECASE
)


def _ipv4_is_version(text: str, start: int) -> bool:
    """Is the dotted quad right after a version or section label ("version 1.2.3.4")?"""
    window = _window_before(text, start, 32)
    return any(_VERSION_GAP_RE.fullmatch(window, m.end()) for m in _VERSION_CUE_RE.finditer(window))


def _scan_ip(text: str) -> Iterator[Finding]:
    for m in _IPV4_RE.finditer(text):
        if not _ipv4_is_version(text, m.start()):
            yield Finding("ip_address", m.start(), m.end(), m.group(0))
    for m in _IPV6_RE.finditer(text):
        candidate = m.group(0)
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        hexgroups = [g for g in re.split(r"[:.]", candidate) if g]
        if (
            "::" in candidate
            and candidate != "::1"
            and (not hexgroups or (len(hexgroups) < 3 and max(len(g) for g in hexgroups) < 3))
        ):
            continue  # a::b, Foo::Bar-like code, not an address
        yield Finding("ip_address", m.start(), m.end(), candidate)


# --------------------------------------------------------------------- date of birth

_MONTHS = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|"
    r"aug(?:ust|\.)?|sep(?:t|tember)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?|"
    r"januar|februar|m[äa]rz|mai|juni|juli|oktober|dezember|"
    r"janvier|f[ée]vrier|mars|avril|juin|juillet|ao[uû]t|septembre|octobre|novembre|"
    r"d[ée]cembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    r"noviembre|diciembre"
)
_DATE_RE = re.compile(
    r"(?<![\w/.\-])(?:"
    r"(?P<iso>(?P<iy>[0-9]{4})[\-/.](?P<im>[0-9]{1,2})[\-/.](?P<id>[0-9]{1,2}))"
    r"|(?P<num>(?P<na>[0-9]{1,2})(?P<ns>[\-/.])(?P<nb>[0-9]{1,2})(?P=ns)"
    r"(?P<ny>[0-9]{4}|[0-9]{2}))"
    rf"|(?P<dmy>[0-9]{{1,2}}(?:st|nd|rd|th)?\.?(?:\s+of)?[\s\-]+(?:{_MONTHS})[\s\-,]+"
    r"(?:[0-9]{4}|'?[0-9]{2}))"
    rf"|(?P<mdy>(?:{_MONTHS})\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+(?:[0-9]{{4}}|'?[0-9]{{2}}))"
    r")(?![\w/\-]|\.[0-9])",
    re.IGNORECASE,
)
_BIRTH_CUE_RE = re.compile(
    rf"{_B}(?:born|b\.|DOB|D\.O\.B\.?|date{_WS}of{_WS}birth|birth[\s_\-]*date|birthday|birth"
    rf"|geb\.|geboren|geburtsdatum|n[ée]e?(?:\s*\(e\))?\s+le|date{_WS}de{_WS}naissance"
    rf"|fecha{_WS}de{_WS}nacimiento|nacid[oa](?:\s+el)?|nat[oa]\s+il|data{_WS}di{_WS}nascita"
    rf"|geboortedatum|f\.\s*nac\.?)(?![^\W_])",
    re.IGNORECASE,
)
_BIRTH_CUE_AFTER_RE = re.compile(
    r"\s*[(\[,\-\u2013]?\s*(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|birthday|born)\b",
    re.IGNORECASE,
)
_DOB_GAP = 40


def _date_is_plausible(m: re.Match[str]) -> bool:
    if m.group("iso"):
        year, month, day = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        return 1850 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31
    if m.group("num"):
        ny = m.group("ny")
        return _plausible_date(int(m.group("na")), int(m.group("nb")), int(ny), len(ny))
    return True


def _scan_date_of_birth(text: str) -> Iterator[Finding]:
    previous_end = 0
    for m in _DATE_RE.finditer(text):
        start, end = m.start(), m.end()
        prior_end, previous_end = previous_end, end
        if not _date_is_plausible(m):
            continue
        window_start = max(prior_end, start - _DOB_GAP - 30)
        window = text[window_start:start]
        cue_ok = False
        for cue in _BIRTH_CUE_RE.finditer(window):
            gap = window[cue.end() :]
            limit = 3 if cue.group(0).lower() == "b." else _DOB_GAP
            cue_ok = len(gap) <= limit and "\n\n" not in gap
        if not cue_ok and not _BIRTH_CUE_AFTER_RE.match(text, end):
            continue
        yield Finding("date_of_birth", start, end, m.group(0))


# -------------------------------------------------------------------- medical record

_MRN_RE = re.compile(
    rf"(?P<cue>{_B}(?i:MRN|M\.R\.N\.?|medical{_WS}record(?:{_WS}(?:number|no\.?|num|nr|\#))?"
    rf"|med\.?[\s_]*rec\.?(?:[\s_]*(?:number|no\.?|\#))?"
    rf"|patient[\s_\-]*(?:id|identifier|number|no\.?|nr|\#|record{_WS}(?:number|no\.?))"
    rf"|pt\.?[\s_]*(?:id|\#)|hosp(?:ital|\.)?{_WS}(?:number|no\.?|id|\#)|unit{_WS}number"
    r"|MR[ \t]*(?:\#|no\.?|number)"
    rf"|(?:chart|health{_WS}record|case{_WS}record|EHR|EMR)[\s_\-]*(?:number|no\.?|id|\#)"
    rf"|(?P<nhs>NHS|CHI)(?:[\s_\-]*(?:number|no\.?|num|nr|\#))?){_E})"
    r"(?P<gap>[\"']?[ \t]*(?:[:#=\-\u2013(]|(?i:is|was))?[ \t]*(?:(?i:no\.?|#|number)[ \t]*)?"
    r"[:#]?[ \t]*[\"']?)"
    r"(?P<val>[0-9]{3}[ \u00a0\-][0-9]{3}[ \u00a0\-][0-9]{4}"
    r"|(?:[A-Z]{1,4}[\-/]?)?[0-9](?:[0-9]|[\-/](?=[0-9])){2,18}[A-Z]?)"
    r"(?![\w\-]|[.,][0-9])"
)


def _scan_medical_record(text: str) -> Iterator[Finding]:
    for m in _MRN_RE.finditer(text):
        value = m.group("val")
        digits = _digits(value)
        if len(digits) < 4:
            continue
        if m.group("nhs") is not None and not _mod11_nhs_ok(digits):
            continue
        yield Finding("medical_record", m.start("val"), m.end("val"), value)


# -------------------------------------------------------------------------- ICD code

_ICD10_RE = re.compile(
    r"(?P<code>[A-Z](?<![\w.\-/][A-Z])[0-9][0-9AB])(?:\.(?P<ext>[0-9A-Z]{1,4}))?"
    r"(?![\w\-/]|\.[0-9A-Za-z])"
)
_ICD9_RE = re.compile(
    r"(?<![\w.\-/])(?:V[0-9]{2}(?:\.[0-9]{1,2})?|E[0-9]{3}(?:\.[0-9])?|[0-9]{3}(?:\.[0-9]{1,2})?)"
    r"(?![\w\-/]|\.[0-9])"
)
_ICD_CUE = (
    rf"{_B}(?:ICD(?:[\- _]?1[01])?(?:[\- _]?CM)?|diagnos(?:is|es|ed(?:\s+with)?|tic(?:\s+codes?)?)"
    r"|dx|cod(?:e|es|ed(?:\s+as)?)|primary|secondary|principal|assessment|impression"
    rf"|problems?(?:{_WS}list)?|comorbidit(?:y|ies))"
)
_ICD_CONNECT = r"(?:codes?|is|was|of|as|with|primary|secondary|principal|diagnosis|list)"
_ICD_SEP = r"(?:[^\w\n]|_)"
_ICD_CUE_RE = re.compile(
    rf"{_ICD_CUE}{_ICD_SEP}{{0,4}}(?:{_ICD_CONNECT}{_ICD_SEP}{{1,4}}){{0,3}}$", re.IGNORECASE
)
# A clinical word earlier in the sentence, the code in brackets: "Diagnosed with multiple
# sclerosis (G35)".
_ICD_CONTEXT_RE = re.compile(
    rf"{_B}(?:ICD(?:[\- _]?1[01])?|diagnos\w*|dx|assessment|impression|problem{_WS}list)"
    rf"{_E}",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[.!?;](?:\s+|$)")
# Words after which a bare code is a product, a size or a nutrient ("B12 vitamin", "A4 paper").
_ICD_NOT_AFTER_RE = re.compile(
    r"[ \t]*(?:vitamin|tablet|pill|supplement|injection|shot|paper|sheet|size|format|model|"
    r"series|phone|smartphone|processor|chip|engine|bus|road|motorway|highway|camera|lens|"
    r"battery|cable|connector|socket|room|gate|seat|ticket)s?\b",
    re.IGNORECASE,
)
# A description in brackets right after the code: "G35 (multiple sclerosis)".
_ICD_DESCRIPTION_AFTER_RE = re.compile(
    r"[ \t]*\((?=[A-Za-z][^()\n]* )(?:[^()\n]|\([^()\n]*\)){3,80}\)"
)
_ICD9_CUE_RE = re.compile(
    rf"{_B}(?:ICD[\- _]?9(?:[\- _]?CM)?|dx|diagnos(?:is|tic){_WS}codes?){_ICD_SEP}{{0,4}}"
    rf"(?:{_ICD_CONNECT}{_ICD_SEP}{{1,4}}){{0,3}}$",
    re.IGNORECASE,
)
_ICD_LIST_GAP_RE = re.compile(r"\s*(?:[,;/&+]|\band\b|\bor\b)\s*(?:\band\b\s*)?", re.IGNORECASE)
# Words after which a letter-and-digits code is something else (a product, a place, a rule).
_ICD_NOT_CUE_RE = re.compile(
    r"(?:\b(?:section|table|figure|rule|article|clause|paragraph|chapter|exhibit|appendix|"
    r"schedule|item|part|model|version|room|gate|seat|flight|platform|grid|cell|sheet|step|"
    r"lot|bus|route|road|highway|motorway|size|paper|format|vitamin|galaxy|iphone|pixel|"
    r"series|class|type|mark|engine|camera|lens|chip|processor|cpu|gpu|reference|sku|unit|"
    r"bay|stand|level|zone|block)|(?<![\w.])(?:sec|sect|tab|fig|art|para|ch|ver|v|ref|mk)\.?|§)"
    r"[ \t]*$",
    re.IGNORECASE,
)


def _scan_icd(text: str) -> Iterator[Finding]:
    found: list[tuple[int, int]] = []

    def follows_list(start: int) -> bool:
        return bool(found) and _ICD_LIST_GAP_RE.fullmatch(text, found[-1][1], start) is not None

    for m in _ICD10_RE.finditer(text):
        start, end = m.start(), m.end()
        window = _window_before(text, start, 60)
        if _ICD_NOT_CUE_RE.search(window):
            ok = False
        elif m.group("ext") is not None:
            ok = True
        else:
            sentence = _SENTENCE_END_RE.split(window)[-1]
            in_brackets = window.endswith("(") and text.startswith(")", end)
            ok = not _ICD_NOT_AFTER_RE.match(text, end) and (
                _ICD_CUE_RE.search(window) is not None
                or (in_brackets and _ICD_CONTEXT_RE.search(sentence) is not None)
                or follows_list(start)
                or _ICD_DESCRIPTION_AFTER_RE.match(text, end) is not None
            )
        if ok:
            found.append((start, end))
            yield Finding("icd_code", start, end, m.group(0))
    found.clear()
    for m in _ICD9_RE.finditer(text):
        start, end = m.start(), m.end()
        if _ICD9_CUE_RE.search(_window_before(text, start, 60)) or follows_list(start):
            found.append((start, end))
            yield Finding("icd_code", start, end, m.group(0))


# ---------------------------------------------------------------------------- secret

# Each pattern starts with its literal prefix (so the regex engine can skip ahead to it),
# and a lookbehind that includes the prefix checks the token is not glued to a word.
_TOKEN_RES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"sk-(?<![\w\-]sk-)(?:ant-|or-|proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}",
        r"gh(?<![\w\-]gh)[pousr]_[A-Za-z0-9]{30,}",
        r"github_pat_(?<![\w\-]github_pat_)[A-Za-z0-9_]{20,}",
        r"A(?<![\w\-]A)(?:KIA|SIA|BIA|CCA)[0-9A-Z]{16}(?![0-9A-Za-z])",
        r"AIza(?<![\w\-]AIza)[0-9A-Za-z_\-]{30,}",
        r"ya29\.(?<![\w\-]ya29\.)[0-9A-Za-z_\-]{20,}",
        r"xox(?<![\w\-]xox)[abposre]-[0-9A-Za-z\-]{10,}",
        r"xapp-(?<![\w\-]xapp-)[0-9]-[0-9A-Za-z\-]{10,}",
        r"https://hooks\.slack\.com/services/[A-Za-z0-9_/]{20,}",
        r"sk_(?<![\w\-]sk_)(?:live|test)_[0-9A-Za-z]{10,}",
        r"rk_(?<![\w\-]rk_)(?:live|test)_[0-9A-Za-z]{10,}",
        r"whsec_(?<![\w\-]whsec_)[0-9A-Za-z]{20,}",
        r"hf_(?<![\w\-]hf_)[A-Za-z0-9]{30,}",
        r"glpat-(?<![\w\-]glpat-)[A-Za-z0-9_\-]{20,}",
        r"npm_(?<![\w\-]npm_)[A-Za-z0-9]{36}(?![\w])",
        r"pypi-(?<![\w\-]pypi-)[A-Za-z0-9_\-]{50,}",
        r"dop_v1_(?<![\w\-]dop_v1_)[a-f0-9]{64}",
        r"SG\.(?<![\w\-.]SG\.)[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}",
        r":AA[A-Za-z0-9_\-]{30,}",  # a Telegram bot token; the digits before it: see below
        r"eyJ(?<![\w\-]eyJ)[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}",
    )
)
_TELEGRAM_BOT_ID_RE = re.compile(r"(?<![\w:])[0-9]{8,10}$")
_TOKEN_PREFIXES = (  # shown by Finding.masked(): longest first where one extends another
    "sk-ant-", "sk-or-", "sk-proj-", "sk-svcacct-", "sk-admin-", "sk-", "ghp_", "gho_",
    "ghu_", "ghs_", "ghr_", "github_pat_", "AKIA", "ASIA", "AIza", "ya29.", "xoxb-", "xoxp-",
    "xoxa-", "xoxo-", "xoxs-", "xoxr-", "xoxe-", "xapp-", "https://hooks.slack.com/",
    "sk_live_", "rk_live_", "sk_test_", "rk_test_", "whsec_", "hf_", "glpat-", "npm_",
    "pypi-", "dop_v1_", "SG.", "eyJ",
)  # fmt: skip
_PEM_BEGIN_RE = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
_PEM_END_RE = re.compile(r"-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
_URL_PASSWORD_RE = re.compile(  # bounded parts: no quadratic backtracking on long runs
    r"://(?<=[A-Za-z0-9+.\-]://)[^\s/:@]{1,64}:(?P<pw>[^\s/@]{3,128})@[\w\-\[]"
)
_SECRET_WORD_RE = re.compile(  # first letter as a class: lets the engine skip ahead
    r"[pPsStTkKcCbB](?:(?<=[pP])(?i:ass|wd)|(?<=[sS])(?i:ecret)|(?<=[tT])(?i:oken)"
    r"|(?<=[kK])(?i:ey)|(?<=[cC])(?i:redential)|(?<=[bB])(?i:earer))"
)
_ASSIGN_RE = re.compile(
    r"""(?:["']?[ \t]*(?::=|=>|->|[:=])[ \t]*|[ \t]+(?:is|was|=|:)[ \t]+)"""
    r"""(?:(?P<q>["'`])(?P<qval>[^"'`\n]{1,200})(?P=q)|(?P<val>[^\s"'`,;<>(){}\[\]]{1,200}))"""
)
_AUTH_RE = re.compile(
    r"(?i:\bauthorization)[\"']?[ \t]*[:=][ \t]*[\"']?(?i:(?:bearer|basic|token|digest)[ \t]+)?"
    r"(?P<v>[A-Za-z0-9._~+/=\-]{12,})|(?i:\bbearer)[ \t]+(?P<b>[A-Za-z0-9._~+/=\-]{16,})"
)
# A long random token (an AWS secret access key, a signing key) next to a word like "key".
_RANDOM_TOKEN_RE = re.compile(
    r"[A-Za-z0-9/+_\-](?<![\w/+=\-].)[A-Za-z0-9/+_\-]{31,127}={0,2}(?![\w/+=\-])"
)
_TOKEN_CUE_RE = re.compile(
    rf"{_B}(?:keys?|secrets?|tokens?|passwords?|passwd|credentials?|aws){_E}", re.IGNORECASE
)
_PUBLIC_KEY_CUE_RE = re.compile(
    r"\b(?:public|pub|ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-\S+|sk-ssh-\S+|certificate|cert)\b",
    re.IGNORECASE,
)
_WORD_SPLIT_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_SECRET_SEGMENTS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "pass",
        "passphrase",
        "passcode",
        "secret",
        "secrets",
        "token",
        "apikey",
        "credential",
        "credentials",
        "privatekey",
        "accesskey",
        "secretkey",
    }
)
_KEY_QUALIFIERS = frozenset(
    {"api", "access", "private", "secret", "signing", "encryption", "master", "auth", "client"}
)
_PLACEHOLDER_RE = re.compile(
    r"(?:x{3,}|\*{3,}|\u2022{3,}|\.{3,}|<[^>]*>|\$\{?\w+\}?|\{\{.*\}\}|%\w+%|your[\w\-]*"
    r"|(?:my|the|some|new|old)?[_\-]?(?:api[_\-]?key|token|secret|password|passwd)s?"
    r"|changeme|redacted|placeholder|example|dummy|null|none|undefined|true|false)",
    re.IGNORECASE,
)
_IDENTIFIER_RE = re.compile(
    r"[A-Za-z_\-]+|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|[a-z]+(?:[\-_][a-z0-9]+)+"
)


def _shannon_entropy(value: str) -> float:
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _is_secret_key_name(name: str) -> bool:
    segments = [s.lower() for s in _WORD_SPLIT_RE.findall(name)]
    if any(s in _SECRET_SEGMENTS for s in segments):
        return True
    return any(
        a in _KEY_QUALIFIERS and b in {"key", "keys"} for a, b in itertools.pairwise(segments)
    )


def _looks_secret(value: str) -> bool:
    if not 8 <= len(value) <= 200 or " " in value.strip():
        return False
    if _PLACEHOLDER_RE.fullmatch(value) or _IDENTIFIER_RE.fullmatch(value):
        return False
    lowered = value.lower()
    if "://" in value or lowered.startswith(
        ("os.", "$", "%", "process.", "env.", "env[", "env(", "getenv", "import.meta")
    ):
        return False
    has_letter = any(ch.isalpha() for ch in value)
    has_other = any(ch.isdigit() or not (ch.isalnum() or ch in "_-") for ch in value)
    return has_letter and has_other and _shannon_entropy(value) >= 2.5


_PREVIOUS_WORD_RE = re.compile(r"([A-Za-z]+)[ \t]+$")


def _scan_assignments(text: str) -> Iterator[Finding]:
    seen: set[int] = set()
    n = len(text)
    for m in _SECRET_WORD_RE.finditer(text):
        left = m.start()
        while left > 0 and (text[left - 1].isalnum() or text[left - 1] in "_.-"):
            left -= 1
            if m.start() - left > 64:
                break
        right = m.end()
        while right < n and (text[right].isalnum() or text[right] in "_.-"):
            right += 1
            if right - m.end() > 64:
                break
        if right in seen or m.start() - left > 64 or right - m.end() > 64:
            continue
        seen.add(right)
        if not _is_secret_key_name(text[left:right]):
            # "my API key is ...", "the access token: ...": the word before may qualify it.
            previous = _PREVIOUS_WORD_RE.search(text, max(0, left - 24), left)
            if previous is None or not _is_secret_key_name(
                f"{previous.group(1)}_{text[left:right]}"
            ):
                continue
        a = _ASSIGN_RE.match(text, right)
        if a is None:
            continue
        group = "qval" if a.group("qval") is not None else "val"
        value = a.group(group)
        start, end = a.start(group), a.end(group)
        if group == "val":  # an unquoted value ends before the sentence's punctuation
            value = value.rstrip(".,:;?")
            end = start + len(value)
        if _looks_secret(value):
            yield Finding("secret", start, end, value)


def _is_random_token(token: str) -> bool:
    upper = sum(ch.isupper() for ch in token)
    lower = sum(ch.islower() for ch in token)
    other = sum(ch.isdigit() or ch in "+/" for ch in token)
    if min(upper, lower) < 2 or _shannon_entropy(token.rstrip("=")) < 4.2:
        return False
    if other:
        return True
    # Letters only: random case (WLdkcFyhwl...), not a camelCase name (getUserAccountSettings).
    words = _WORD_SPLIT_RE.findall(token)
    return len(token) / max(1, len(words)) < 3


def _scan_cued_tokens(text: str) -> Iterator[Finding]:
    for m in _RANDOM_TOKEN_RE.finditer(text):
        token = m.group(0)
        if not _is_random_token(token):
            continue
        before = _window_before(text, m.start(), 48)
        after = text[m.end() : m.end() + 40].split("\n", 1)[0]
        if token.startswith("AAAA") or _PUBLIC_KEY_CUE_RE.search(before):
            continue  # an SSH public key ("ssh-ed25519 AAAAC3...") is meant to be shared
        if _TOKEN_CUE_RE.search(before) or _TOKEN_CUE_RE.search(after):
            yield Finding("secret", m.start(), m.end(), token)


def _scan_secret(text: str) -> Iterator[Finding]:
    for pattern in _TOKEN_RES:
        for m in pattern.finditer(text):
            token = m.group(0)
            start = m.start()
            if token.startswith(":AA"):
                bot = _TELEGRAM_BOT_ID_RE.search(text, max(0, start - 11), start)
                if bot is None:
                    continue
                start, token = bot.start(), text[bot.start() : m.end()]
            if token.startswith("sk-") and not (
                any(ch.isdigit() for ch in token[3:]) and any(ch.isalpha() for ch in token[3:])
            ):
                continue  # "sk-this-is-a-long-hyphenated-word", not a key
            yield Finding("secret", start, m.end(), token)
    ends = [m.end() for m in _PEM_END_RE.finditer(text)]
    for m in _PEM_BEGIN_RE.finditer(text):
        i = bisect_left(ends, m.end())
        if i < len(ends):
            end = ends[i]
        else:  # a truncated key: up to the first blank line
            blank = text.find("\n\n", m.end())
            end = len(text) if blank < 0 else blank
        yield Finding("secret", m.start(), end, text[m.start() : end])
    for m in _URL_PASSWORD_RE.finditer(text):
        pw = m.group("pw")
        if not _PLACEHOLDER_RE.fullmatch(pw):
            yield Finding("secret", m.start("pw"), m.end("pw"), pw)
    for m in _AUTH_RE.finditer(text):
        group = "v" if m.group("v") is not None else "b"
        value = m.group(group)
        if any(ch.isdigit() for ch in value) and any(ch.isalpha() for ch in value):
            yield Finding("secret", m.start(group), m.end(group), value)
    yield from _scan_assignments(text)
    yield from _scan_cued_tokens(text)


_SCANNERS: tuple[Callable[[str], Iterator[Finding]], ...] = (  # phone numbers: see detect()
    _scan_secret,
    _scan_payment_card,
    _scan_iban,
    _scan_medical_record,
    _scan_national_id,
    _scan_date_of_birth,
    _scan_email,
    _scan_ip,
    _scan_icd,
)


# --------------------------------------------------------------------------- masking


def _mask_alnum(text: str, keep_head: int, keep_tail: int) -> str:
    """Hide every letter and digit except the first ``keep_head`` and last ``keep_tail``."""
    positions = [i for i, ch in enumerate(text) if ch.isalnum()]
    total = len(positions)
    if keep_head + keep_tail >= total:  # never show all of it
        keep_head, keep_tail = 0, min(keep_tail, total // 3)
    hidden = set(positions[keep_head : total - keep_tail])
    return "".join(_BULLET if i in hidden else ch for i, ch in enumerate(text))


def _mask_default(text: str) -> str:
    return _mask_alnum(text, 0, 2)


def _mask_email(text: str) -> str:
    local, _, domain = text.rpartition("@")
    return f"{local[:1]}{_BULLET * 3}@{domain}"


def _mask_phone(text: str) -> str:
    """Every digit hidden but the number's last two (an extension is hidden too)."""
    main = _PHONE_EXT_RE.sub("", text)
    digits = [i for i, ch in enumerate(main) if ch.isdigit()]
    keep = set(digits[-2:]) if len(digits) > 4 else set()
    return "".join(ch if (i in keep or not ch.isdigit()) else _BULLET for i, ch in enumerate(text))


def _mask_national_id(text: str) -> str:
    count = sum(ch.isalnum() for ch in text)
    return _mask_alnum(text, 0, 4 if count >= 9 else 2)


def _mask_card(text: str) -> str:
    digits = _digits(text)
    middle = len(digits) - 8
    chunks = [_BULLET * 4] * (middle // 4) + ([_BULLET * (middle % 4)] if middle % 4 else [])
    return " ".join([digits[:4], *chunks, digits[-4:]])


def _mask_iban(text: str) -> str:
    return _mask_alnum(text, 4, 4)


def _mask_ip(text: str) -> str:
    if ":" in text:
        head = text.split(":", 1)[0]
        return f"{head}:{_BULLET * 4}" if head else f"::{_BULLET * 4}"
    first = text.split(".", 1)[0]
    return f"{first}.{_BULLET * 3}.{_BULLET * 3}.{_BULLET * 3}"


def _mask_date(text: str) -> str:
    years = list(re.finditer(r"(?<![0-9])(?:18|19|20)[0-9]{2}(?![0-9])", text))
    keep = range(years[-1].start(), years[-1].end()) if years else range(0)
    return "".join(ch if (i in keep or not ch.isalnum()) else _BULLET for i, ch in enumerate(text))


def _mask_medical_record(text: str) -> str:
    return _mask_alnum(text, 0, 3)


def _mask_icd(text: str) -> str:
    return _mask_alnum(text, 1, 0)


def _mask_secret(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    if first_line.startswith("-----BEGIN"):
        return f"{first_line} {_BULLET * 8}"
    prefix = next((p for p in _TOKEN_PREFIXES if text.startswith(p)), text[:1])
    if len(prefix) * 2 > len(text):
        prefix = ""
    return f"{prefix}{_BULLET * 8}"


_MASKERS: dict[str, Callable[[str], str]] = {
    "email": _mask_email,
    "phone": _mask_phone,
    "national_id": _mask_national_id,
    "payment_card": _mask_card,
    "iban": _mask_iban,
    "ip_address": _mask_ip,
    "date_of_birth": _mask_date,
    "medical_record": _mask_medical_record,
    "icd_code": _mask_icd,
    "secret": _mask_secret,
}
