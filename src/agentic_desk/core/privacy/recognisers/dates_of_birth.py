"""Dates of birth: a date in a common written form, only after a birth cue ("born", "DOB",
"date of birth", "geb.", "né le", ...) with no other date in between, or right before
"(DOB)". Any other date is not sensitive on its own."""

from __future__ import annotations

import re
from collections.abc import Iterator

from agentic_desk.core.privacy.masking import BULLET
from agentic_desk.core.privacy.recognisers.text import (
    CUE_START,
    CUE_WORD_GAP,
    Span,
    plausible_date,
)

__all__ = ["find_dates_of_birth", "mask_date_of_birth"]

_MONTHS = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|"
    r"aug(?:ust|\.)?|sep(?:t|tember)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?|"
    r"januar|februar|m[äa]rz|mai|juni|juli|oktober|dezember|"
    r"janvier|f[ée]vrier|mars|avril|juin|juillet|ao[uû]t|septembre|octobre|novembre|"
    r"d[ée]cembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    r"noviembre|diciembre"
)
_ORDINAL_WORDS = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
    r"twentieth|twenty[\s\-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    r"thirtieth|thirty[\s\-]first"
)
_DATE_RE = re.compile(
    r"(?<![\w/.\-])(?:"
    r"(?P<iso>(?P<iy>[0-9]{4})[\-/.](?P<im>[0-9]{1,2})[\-/.](?P<id>[0-9]{1,2}))"
    r"|(?P<num>(?P<na>[0-9]{1,2})(?P<ns>[\-/.])(?P<nb>[0-9]{1,2})(?P=ns)"
    r"(?P<ny>[0-9]{4}|[0-9]{2}))"
    rf"|(?P<dmy>(?:[0-9]{{1,2}}(?:st|nd|rd|th)?\.?|(?:{_ORDINAL_WORDS}))(?:\s+(?:of|de))?[\s\-]+"
    rf"(?:{_MONTHS})[\s\-,]+(?:de\s+)?(?:[0-9]{{4}}|'?[0-9]{{2}}))"
    rf"|(?P<my>(?:{_MONTHS})\s+(?:of\s+)?[0-9]{{4}})"
    rf"|(?P<mdy>(?:{_MONTHS})\s+(?:the\s+)?[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+(?:[0-9]{{4}}|'?[0-9]{{2}}))"
    r")(?![\w/\-]|\.[0-9])",
    re.IGNORECASE,
)
_BIRTH_CUE_RE = re.compile(
    rf"{CUE_START}(?:born|b\.|DOB|D\.O\.B\.?|date{CUE_WORD_GAP}of{CUE_WORD_GAP}birth"
    rf"|birth[\s_\-]*date|birthday|birth"
    rf"|geb\.|geboren|geburtsdatum|n[ée]e?(?:\s*\(e\))?\s+le"
    rf"|date{CUE_WORD_GAP}de{CUE_WORD_GAP}naissance"
    rf"|fecha{CUE_WORD_GAP}de{CUE_WORD_GAP}nacimiento|nacid[oa](?:\s+el)?|nat[oa]\s+il"
    rf"|data{CUE_WORD_GAP}di{CUE_WORD_GAP}nascita"
    rf"|geboortedatum|f\.\s*nac\.?)(?![^\W_])",
    re.IGNORECASE,
)
# "\s*[(,-]?\s*" would try every split of a long run of spaces between its two "\s*" (a date
# followed by 50,000 spaces took a minute); possessive runs around the optional sign match
# the same texts in linear time.
_BIRTH_CUE_AFTER_RE = re.compile(
    r"\s*+(?:[(\[,\-\u2013]\s*+)?"
    r"(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|birthday|born)\b",
    re.IGNORECASE,
)
_DOB_GAP = 40
_YEAR_RE = re.compile(r"(?<![0-9])(?:18|19|20)[0-9]{2}(?![0-9])")


def _date_is_plausible(m: re.Match[str]) -> bool:
    if m.group("iso"):
        year, month, day = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        return 1850 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31
    if m.group("num"):
        ny = m.group("ny")
        return plausible_date(int(m.group("na")), int(m.group("nb")), int(ny), len(ny))
    return True


def find_dates_of_birth(text: str) -> Iterator[Span]:
    """Dates (``1985-03-14``, ``14/03/1985``, ``March 14, 1985``, ``14 Mar 85``, ...) that
    a birth cue marks as someone's date of birth."""
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
        yield start, end


def mask_date_of_birth(text: str) -> str:
    """Only the year."""
    years = list(_YEAR_RE.finditer(text))
    keep = range(years[-1].start(), years[-1].end()) if years else range(0)
    return "".join(ch if (i in keep or not ch.isalnum()) else BULLET for i, ch in enumerate(text))
