"""Postal addresses, by rules: a street line in one of several countries' forms, with the
parts that follow it (flat, town, region, postcode) up to where the address ends.

Street lines recognised (the house number is required, so "Station Road roadworks" is not an
address):

* English-speaking countries: ``14 Larkspur Close``, ``41B Caledonian Road``, ``1600
  Grandview Avenue, Apt 12B`` (a street type from a fixed list: Street, Road, Avenue, Lane,
  Close, Crescent, Drive, Way, Mews, Terrace...), optionally after ``Flat 3,`` / ``Unit 5,``
  / a building name; ``PO Box 4471``;
* German, Dutch, Scandinavian: a street word ending in -straße, -str., -weg, -allee, -platz,
  -gracht, -straat..., or ``Am``/``An der`` + name, then the number (``Schillerstraße 45``);
* French: number + ``rue``/``avenue``/``boulevard``/``place``/``chemin``/``allée`` + name;
* Spanish, Italian, Portuguese, Polish: ``Calle``/``Avenida``/``Paseo``/``Via``/``Corso``/
  ``Piazza``/``Rua``/``ul.`` + name + number.

The address goes on over commas and line breaks while the next part is a postcode (UK,
US ZIP, Canadian, Dutch, Portuguese, Polish, Irish Eircode, four- or five-digit), a town
(capitalised words) followed by a postcode or state, or a state/province code. A UK
postcode on its own line after a street is included. What the address is followed by
(", next to the station") is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from agentic_desk.core.privacy.masking import BULLET
from agentic_desk.core.privacy.recognisers.text import Span

__all__ = ["find_addresses", "mask_address"]

_WORD = r"[^\W\d_][\w'\u2019\-]*"
_CAP = r"(?=[A-ZÀ-ÖØ-ÞĀ-\u017f])" + _WORD  # a word starting with a capital letter
_NUMBER = r"[0-9]{1,5}[A-Za-z]?(?:[\-/][0-9]{1,4}[A-Za-z]?)?"
_STREET_TYPES = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Crescent|Cres|Way|Place|Pl|"
    r"Boulevard|Blvd|Court|Ct|Terrace|Terr|Gardens|Gdns|Square|Sq|Mews|Grove|Brae|Row|"
    r"Parkway|Pkwy|Highway|Hwy|Walk|Rise|View|Hill|Park|Green|Quay|Wynd|Vale|Circle|Cir|"
    r"Trail|Loop|Alley|Esplanade|Parade|Broadway"
)
_EN_STREET = (
    rf"(?:(?:Flat|Apartment|Apt|Unit|Suite)\.?\s?[0-9A-Z]{{1,5}},?\s+)?"
    rf"(?:{_CAP}(?:\s{_CAP}){{0,2}}\s(?:House|Court|Building|Lodge|Hall),\s+)?"
    rf"{_NUMBER}\s+{_CAP}(?:\s{_CAP}){{0,3}}\s(?:{_STREET_TYPES})\b\.?"
)
_EU_SUFFIXES = (
    r"stra(?:ß|ss)e|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|"
    r"gracht|straat|laan|kade|plein|singel|dijk|vej|gatan|gata|veien|väg|vägen|tie|katu"
)
_EU_STREET = (
    rf"(?:(?:Am|An\sder|Auf\sdem|Im|Zum|Zur)\s+{_CAP}"
    rf"|[A-ZÄÖÜÅØÆ][\w\-]*(?:{_EU_SUFFIXES})|{_CAP}[\s\-](?:Stra(?:ß|ss)e|Weg|Allee|Platz))"
    rf"\s+{_NUMBER}"
)
_FR_STREET = (
    rf"{_NUMBER}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|chemin|"
    rf"all[ée]e|impasse|quai|route|cours|square)\s+(?:(?:(?:des|de|du|la|le|aux|au)(?!\w)|l'|d'|"
    rf"{_CAP})[\s\-']*){{1,6}}"
)
_SOUTH_STREET = (
    rf"(?:Calle|C/|Avenida|Avda\.|Av\.|Paseo|Plaza|Carrer|Camino|Rambla|Ronda|Via|Viale|"
    rf"Corso|Piazza|Piazzale|Largo|Vicolo|Rua|Travessa|Praça|Ul\.|ul\.|ulica|Al\.|aleja)"
    rf"\s+(?:(?:de|del|la|las|los|dei|della|delle|degli|di|do|da|dos|das|{_CAP})\s+){{0,5}}"
    rf"{_CAP}(?:,)?\s+{_NUMBER}"
)
_PO_BOX = r"P\.?\s?O\.?\s+Box\s+[0-9]{1,6}"
_STREET_RE = re.compile(
    rf"(?<![\w\-])(?:{_EN_STREET}|{_EU_STREET}|{_FR_STREET}|{_SOUTH_STREET}|{_PO_BOX})"
)

_UK_POSTCODE = r"[A-Z]{1,2}[0-9][A-Z0-9]?\s?[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODES = (
    rf"{_UK_POSTCODE}"
    r"|[A-Z][0-9][A-Z]\s?[0-9][A-Z][0-9]"  # Canada
    r"|[A-Z][0-9]{2}\s?[A-Z0-9]{4}"  # Ireland (Eircode)
    r"|[0-9]{4}\s?[A-Z]{2}(?![\w])"  # Netherlands
    r"|[0-9]{4}-[0-9]{3}|[0-9]{2}-[0-9]{3}"  # Portugal, Poland
    r"|[0-9]{5}(?:-[0-9]{4})?|[0-9]{4}"  # US ZIP, most of Europe, Australia
)
_REGION = r"[A-Z]{2,3}"  # a US state, an Australian state, a Canadian province
_TOWN = rf"{_CAP}(?:[\s\-](?:{_CAP}|upon|on|sur|am|an|de|del|di|la|le)){{0,3}}"
# One part after the street: what may follow a comma or a line break.
_PART_RE = re.compile(
    rf"(?:(?:Apt|Apartment|Suite|Unit|Flat)\.?\s?[0-9A-Z]{{1,5}}"
    rf"|(?:{_POSTCODES})\s+{_TOWN}"  # 70173 Stuttgart, 1016 BR Amsterdam
    rf"|{_TOWN}(?:,?\s+{_REGION})?\s+(?:{_POSTCODES})"  # Ann Arbor, MI 48103; Bath BA1 2AB
    rf"|{_TOWN}(?:,\s*{_REGION}(?:\s+(?:{_POSTCODES}))?)"  # Columbus, OH 43212
    rf"|{_REGION}\s+(?:{_POSTCODES})"  # MI 48103 after "Ann Arbor,"
    rf"|{_UK_POSTCODE}"  # a postcode on its own line
    rf"|{_TOWN}(?=\s*(?:\n|$)))(?![\w])"  # a town that ends the line
)
_SEPARATOR_RE = re.compile(r"(?:,[ \t]*|[ \t]*\n[ \t]*|\s+)")
_MAX_PARTS = 4
# What may follow a street line after only a space: a postcode, or a region and ZIP.
_BARE_TAIL_RE = re.compile(rf"(?:{_POSTCODES})|{_REGION}\s+(?:{_POSTCODES})")


def _extend(text: str, end: int) -> int:
    """Where the address that has a street line ending at ``end`` ends."""
    for _ in range(_MAX_PARTS):
        sep = _SEPARATOR_RE.match(text, end)
        if sep is None:
            break
        if text.count("\n", sep.start(), sep.end()) > 1:
            break  # a blank line ends it
        part = _PART_RE.match(text, sep.end())
        if part is None or part.end() == sep.end():
            break
        spaced = sep.group(0).strip() == "" and "\n" not in sep.group(0)
        if spaced and not _BARE_TAIL_RE.fullmatch(part.group(0)):
            break  # after only a space, just a postcode or a region and ZIP may follow
        end = part.end()
    return end


def find_addresses(text: str) -> Iterator[Span]:
    """Postal addresses from their street line (or PO box) to their postcode or town."""
    position = 0
    for m in _STREET_RE.finditer(text):
        if m.start() < position:
            continue
        start, end = m.start(), _extend(text, m.end())
        street = m.group(0)
        # A bare "12 Main Street" with no town or postcode after it still counts: the house
        # number and the street type together are an address.
        position = end
        yield start, end if end > m.end() else start + len(street.rstrip(" ,"))


def mask_address(text: str) -> str:
    """Only the first letter or digit."""
    return "".join(ch if i == 0 or not ch.isalnum() else BULLET for i, ch in enumerate(text))
