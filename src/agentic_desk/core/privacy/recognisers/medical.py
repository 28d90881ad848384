"""Medical identifiers: medical record numbers (after a cue such as "MRN", "patient ID" or
"NHS number"; NHS and CHI numbers must pass their mod-11 check) and ICD-9/ICD-10 diagnosis
codes (dotted codes unless the word before makes them something else; bare codes only with a
clinical cue)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from agentic_desk.core.privacy.checksums import nhs_mod11_ok
from agentic_desk.core.privacy.masking import mask_alnum
from agentic_desk.core.privacy.recognisers.text import (
    CUE_END,
    CUE_START,
    CUE_WORD_GAP,
    Span,
    digits,
    window_before,
)

__all__ = ["find_icd_codes", "find_medical_records", "mask_icd_code", "mask_medical_record"]

# -------------------------------------------------------------------- medical record

_MRN_RE = re.compile(
    rf"(?P<cue>{CUE_START}(?i:MRN|M\.R\.N\.?"
    rf"|medical{CUE_WORD_GAP}record(?:{CUE_WORD_GAP}(?:number|no\.?|num|nr|\#))?"
    rf"|med\.?[\s_]*rec\.?(?:[\s_]*(?:number|no\.?|\#))?"
    rf"|patient[\s_\-]*(?:id|identifier|number|no\.?|nr|\#|record{CUE_WORD_GAP}(?:number|no\.?))"
    rf"|pt\.?[\s_]*(?:id|\#)|hosp(?:ital|\.)?{CUE_WORD_GAP}(?:number|no\.?|id|\#)"
    rf"|unit{CUE_WORD_GAP}number"
    r"|MR[ \t]*(?:\#|no\.?|number)"
    rf"|(?:chart|health{CUE_WORD_GAP}record|case{CUE_WORD_GAP}record|EHR|EMR)"
    rf"[\s_\-]*(?:number|no\.?|id|\#)"
    rf"|(?P<nhs>NHS|CHI)(?:[\s_\-]*(?:number|no\.?|num|nr|\#))?){CUE_END})"
    # Possessive space runs: with plain "[ \t]*" a cue followed by a few thousand spaces took
    # minutes (every split of the run between the three quantifiers was tried).
    r"(?P<gap>[\"']?[ \t]*+(?:[:#=\-\u2013(]|(?i:is|was))?[ \t]*+(?:(?i:no\.?|#|number)[ \t]*+)?"
    r"[:#]?[ \t]*+[\"']?)"
    r"(?P<val>[0-9]{3}[ \u00a0\-][0-9]{3}[ \u00a0\-][0-9]{4}"
    r"|(?:[A-Z]{1,4}[\-/]?)?[0-9](?:[0-9]|[\-/](?=[0-9])){2,18}[A-Z]?)"
    r"(?![\w\-]|[.,][0-9])"
)


def find_medical_records(text: str) -> Iterator[Span]:
    """A record number after a medical-record cue (the span is the number, not the cue)."""
    for m in _MRN_RE.finditer(text):
        number = digits(m.group("val"))
        if len(number) < 4:
            continue
        if m.group("nhs") is not None and not nhs_mod11_ok(number):
            continue
        yield m.start("val"), m.end("val")


def mask_medical_record(text: str) -> str:
    """Only the last three characters."""
    return mask_alnum(text, 0, 3)


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
    rf"{CUE_START}(?:ICD(?:[\- _]?1[01])?(?:[\- _]?CM)?"
    r"|diagnos(?:is|es|ed(?:\s+with)?|tic(?:\s+codes?)?)"
    r"|dx|cod(?:e|es|ed(?:\s+as)?)|primary|secondary|principal|assessment|impression"
    rf"|problems?(?:{CUE_WORD_GAP}list)?|comorbidit(?:y|ies))"
)
_ICD_CONNECT = r"(?:codes?|is|was|of|as|with|primary|secondary|principal|diagnosis|list)"
_ICD_SEP = r"(?:[^\w\n]|_)"
_ICD_CUE_RE = re.compile(
    rf"{_ICD_CUE}{_ICD_SEP}{{0,4}}(?:{_ICD_CONNECT}{_ICD_SEP}{{1,4}}){{0,3}}$", re.IGNORECASE
)
# A clinical word earlier in the sentence, the code in brackets: "Diagnosed with multiple
# sclerosis (G35)".
_ICD_CONTEXT_RE = re.compile(
    rf"{CUE_START}(?:ICD(?:[\- _]?1[01])?|diagnos\w*|dx|assessment|impression"
    rf"|problem{CUE_WORD_GAP}list){CUE_END}",
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
    rf"{CUE_START}(?:ICD[\- _]?9(?:[\- _]?CM)?|dx|diagnos(?:is|tic){CUE_WORD_GAP}codes?)"
    rf"{_ICD_SEP}{{0,4}}(?:{_ICD_CONNECT}{_ICD_SEP}{{1,4}}){{0,3}}$",
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


def find_icd_codes(text: str) -> Iterator[Span]:
    """ICD-10 codes (dotted, or bare with a clinical cue, in a list after one, in brackets
    after a clinical word, or followed by their description) and ICD-9 codes after a cue."""
    found: list[Span] = []

    def follows_list(start: int) -> bool:
        return bool(found) and _ICD_LIST_GAP_RE.fullmatch(text, found[-1][1], start) is not None

    for m in _ICD10_RE.finditer(text):
        start, end = m.start(), m.end()
        window = window_before(text, start, 60)
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
            yield start, end
    found.clear()
    for m in _ICD9_RE.finditer(text):
        start, end = m.start(), m.end()
        if _ICD9_CUE_RE.search(window_before(text, start, 60)) or follows_list(start):
            found.append((start, end))
            yield start, end


def mask_icd_code(text: str) -> str:
    """Only the chapter letter (or first digit)."""
    return mask_alnum(text, 1, 0)
