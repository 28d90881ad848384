"""Contact details: e-mail addresses and phone numbers.

Phone numbers are looked for last, in the text with every other finding blanked out (see
:func:`agentic_desk.core.privacy.scanning.detect`), so a number written right after a card
number or an IBAN is not read as part of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from agentic_desk.core.privacy.masking import BULLET
from agentic_desk.core.privacy.recognisers.payment import IBAN_HEAD_BEFORE_RE
from agentic_desk.core.privacy.recognisers.text import (
    DASH,
    SPACE,
    Span,
    digits,
    looks_like_date,
    window_before,
)

__all__ = ["find_emails", "find_phones", "mask_email", "mask_phone"]

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


def find_emails(text: str) -> Iterator[Span]:
    """``local@domain.tld`` with a letters-only top-level domain; not file names
    (``icon@2x.png``), SSH remotes (``git@host:org/repo``) or URL passwords."""
    for m in _EMAIL_RE.finditer(text):
        if m.group("tld").lower() in _FILE_EXTENSIONS:
            continue
        end = m.end()
        if text.startswith(":", end) and end + 1 < len(text) and not text[end + 1].isspace():
            continue  # git@github.com:org/repo.git (an SSH remote, not an address)
        if _URL_USERINFO_BEFORE.search(window_before(text, m.start(), 200)):
            continue  # https://user:password@host: the password is a secret, not an e-mail
        yield m.start(), end


def mask_email(text: str) -> str:
    """The first character of the local part and the whole domain."""
    local, _, domain = text.rpartition("@")
    return f"{local[:1]}{BULLET * 3}@{domain}"


# ----------------------------------------------------------------------------- phone


def _phone_pattern(separator: str) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w+.,/\-])"
        rf"(?:\(\+[0-9]{{1,3}}\){SPACE}?|\+{SPACE}?)?"  # +44 or (+44)
        rf"(?:\({SPACE}?[0-9]{{1,5}}{SPACE}?\){SPACE}?)?"
        r"[0-9]+"
        rf"(?:(?:{separator})(?:\([0-9]{{1,4}}\){SPACE}?)?[0-9]+){{0,7}}"
        rf"(?:{SPACE}?(?:x|ext\.?|extension){SPACE}?[0-9]{{1,6}})?"
        r"(?![\w@])"
    )


# Groups separated by spaces, dashes or slashes; or by dots alone (01.23.45.67.89): a
# number never mixes dots with spaces, so "IP 10.1.2.3 07700 900123" splits correctly.
_PHONE_RES = (_phone_pattern(rf"{SPACE}?{DASH}{SPACE}?|{SPACE}"), _phone_pattern(r"\."))
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
_PHONE_GROUP_RE = re.compile(r"\(?[0-9]+\)?")
_PHONE_SEPARATOR_RE = re.compile(r"[^\d()+\s]")
_DECIMAL_AFTER_RE = re.compile(r"[:.,]\d")  # "12:30", "3.5", "1,000" go on after the digits
_US_STATE_BEFORE_RE = re.compile(r"\b[A-Z]{2},?[ \u00a0]+$")  # "CA 90210-2293"
_DIGIT_RUN_RE = re.compile(r"[0-9]+")
_GROUP_SEPARATOR_RE = re.compile(r"(?<=[0-9)])[^0-9()]+(?=[0-9(])")
_GROUP_CUT_RE = re.compile(r"(?<=[0-9)])[ \u00a0\-./]")
_NOT_A_NUMBER_START_RE = re.compile(r"[^0-9(+]*")


def _last_sentence(window: str) -> str:
    cut = 0
    for m in _SENTENCE_BREAK_RE.finditer(window):
        if m.group(1).lower() not in _ABBREVIATIONS:
            cut = m.end()
    return window[cut:]


def _label_then_value(gap: str) -> bool:
    return _LABEL_GAP_RE.fullmatch(gap) is not None


def _phone_cue(text: str, start: int) -> str | None:
    """'pos' after a phone word, 'neg' right after another label, else None."""
    window = _last_sentence(window_before(text, start, 48))
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


def _national_length_ok(groups: list[str], number: str) -> bool:
    """Does a "+CC ..." number have the right length for its country code (if known)?"""
    if len(groups[0]) <= 3 and len(groups) > 1:
        code = groups[0]
    else:  # written without a space after the country code: the longest known prefix
        code = next((number[:k] for k in (3, 2, 1) if number[:k] in _NSN_LENGTHS), "")
    lengths = _NSN_LENGTHS.get(code)
    national = number[len(code) :]
    if len(groups) > 1 and groups[1] == "0" and code:  # +44 (0)20 ...: the trunk 0 is extra
        national = national[1:]
    return lengths is None or len(national) in lengths


def _phone_ok(text: str, start: int, end: int) -> bool:
    raw = text[start:end]
    core = _PHONE_EXT_RE.sub("", raw)
    number = digits(core)
    n = len(number)
    if not 7 <= n <= 15:
        return False
    before = text[start - 1] if start > 0 else ""
    if before and before in "#$€£¥[<%&*^|\\":
        return False
    if before == ":" and start > 1 and text[start - 2].isdigit():
        return False  # the minutes of a time
    if IBAN_HEAD_BEFORE_RE.search(text, max(0, start - 40), start):
        return False
    after = text[end : end + 2]
    if after[:1] in {"%", "€", "$", "£", "]"} or _DECIMAL_AFTER_RE.match(after):
        return False
    if before == " " and start > 1 and text[start - 2] in "$€£¥":
        return False
    plus = core.startswith(("+", "(+"))
    tokens = _PHONE_GROUP_RE.findall(core)
    groups = [t.strip("()") for t in tokens]
    parens = [t.startswith("(") for t in tokens]
    seps = set(_PHONE_SEPARATOR_RE.findall(core))
    if sum(len(g) == 1 for g in groups) > 2:
        return False  # "1 2 3 4 5 6 7", a list or a version, not a phone number
    if looks_like_date(groups):
        return False
    if not plus and len(groups) == 4 and seps == {"."} and all(len(g) <= 3 for g in groups):
        return False  # an IPv4 address or a version
    if not plus and n == 13 and number[:3] in {"978", "979"}:
        return False  # an ISBN-13
    shape = [len(g) for g in groups]
    if not plus and shape == [3, 2, 4]:
        return False  # the shape of a US SSN, never a phone number
    if seps == {"."} and (min(shape) < 2 or len(shape) < 3):
        return False  # a version (115.0.5042.71) or a decimal, never a dotted phone number
    if (
        shape == [5, 4]
        and seps == {"-"}
        and (number[0] != "0" or _US_STATE_BEFORE_RE.search(text, max(0, start - 8), start))
    ):
        return False  # a US ZIP+4 code ("CA 90210-2293"), even after a phone word
    cue = _phone_cue(text, start)
    if cue == "neg":
        return False
    if cue is None and not plus and _CODE_BEFORE_RE.search(text, max(0, start - 12), start):
        return False  # the tail of a longer code: "1Z 999 AA1 01 2345 6784"
    # International: "+CC ..." or "00CC ...".
    if plus:
        return n >= 8 and number[0] != "0" and _national_length_ok(groups, number)
    if groups[0].startswith("00") and not parens[0]:
        return len(groups[0]) in (4, 5) and n >= 10 and number[2] != "0"
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
    digit_runs = list(_DIGIT_RUN_RE.finditer(run))
    if len(digit_runs) > 3 and looks_like_date([r.group(0) for r in digit_runs[:3]]):
        points.append(digit_runs[3].start())
    previous = ""
    for sep in _GROUP_SEPARATOR_RE.finditer(run):
        kind = "space" if sep.group(0).isspace() else "mark"
        opens = run.startswith("(", sep.end())
        if kind == "space" and (previous == "mark" or opens):
            points.append(sep.end())  # "... 4049 0160 3117010", "VIC 3169 (07) 7835 8538"
        previous = kind
    return sorted(set(points))


def _phones_in_run(text: str, m: re.Match[str]) -> Iterator[Span]:
    """The phone numbers in one run of digit groups (usually the whole run, or none)."""
    start, end = m.start(), m.end()
    if end - start < 7 or sum(ch.isdigit() for ch in m.group(0)) < 7:
        return  # too short for a phone number (most runs: "12", "2024")
    if _phone_ok(text, start, end):
        yield start, end
        return
    found: Span | None = None
    # Another number run into this one: "DOB 1978-06-09 480-477-1346" (after a date),
    # "card 4914-2018-2160-4049 0160 3117010" (where dashes give way to a space).
    for split in _phone_split_points(m.group(0)):
        inner = m.re.match(text, start + split)
        if inner is not None and _phone_ok(text, inner.start(), inner.end()):
            found = inner.start(), inner.end()
            break
    # A strong number followed by a neighbour ("+44 7890 334738 030 51768086"): trim it.
    if found is None and (text[start] == "+" or _phone_cue(text, start) == "pos"):
        cuts = [c.start() for c in _GROUP_CUT_RE.finditer(m.group(0))]
        for cut in reversed(cuts):
            stop = start + cut
            if len(digits(text[start:stop])) < 7:
                break
            if _phone_ok(text, start, stop):
                found = start, stop
                break
    if found is None:
        return
    yield found
    found_start, found_end = found
    if found_end < end:  # and whatever follows it in the run
        rest = _NOT_A_NUMBER_START_RE.match(text, found_end, end)
        after = m.re.match(text, rest.end() if rest else found_end)
        if after is not None and after.start() > found_start:
            yield from _phones_in_run(text, after)


def find_phones(text: str) -> Iterator[Span]:
    """7-15 digits laid out like a phone number: international, North-American, national
    with a trunk 0 in groups, or any such number after a phone word in the same sentence."""
    for pattern in _PHONE_RES:
        for m in pattern.finditer(text):
            yield from _phones_in_run(text, m)


def mask_phone(text: str) -> str:
    """Every digit hidden but the number's last two (an extension is hidden too)."""
    main = _PHONE_EXT_RE.sub("", text)
    positions = [i for i, ch in enumerate(main) if ch.isdigit()]
    keep = set(positions[-2:]) if len(positions) > 4 else set()
    return "".join(ch if (i in keep or not ch.isdigit()) else BULLET for i, ch in enumerate(text))
