"""People's names and organisations, by rules: a name is found where a cue says one
follows; the names model (:mod:`agentic_desk.core.privacy.entities`) finds the others.

People (``person``), the span being the name without its title:

* after a title: ``Mr``, ``Mrs``, ``Ms``, ``Miss``, ``Mx``, ``Dr``, ``Prof.``, ``Sir``,
  ``Dame``, ``Herr``, ``Frau``, ``Madame``, ``Mme``, ``Monsieur``, ``Señor(a)``, ``Sr(a).``,
  ``Dott.``, ``dottoressa``, ``Signor(a)``: one to three capitalised words;
* in a greeting ending in a comma, colon or "!" (``Dear Eleanor Whitcombe,``, ``Hi Leilani,``,
  ``Thanks, Ottilie!``, ``Bonjour``, ``Estimado``, ``Gentile``, ``Sehr geehrte Frau``...);
  "Dear Sir or Madam" and "Dear team" are not names;
* on the line after a sign-off (``Kind regards,``, ``Best,``, ``Sincerely,``, ``Mit
  freundlichen Grüßen``, ``Cordialement``...), when the line is two to four capitalised words
  (or one);
* after a field label (``Name:``, ``Patient:``, ``From:``, ``To:``, ``cc:``, ``Signed:``,
  ``Witness:``, ``Attendees:``...), a comma-separated list of capitalised names;
* after a word for someone's role (``my client``, ``the patient``, ``tenant``, ``colleague``,
  ``husband``, ``aunt``...): two or three capitalised words.

Organisations (``organisation``): capitalised words ending in a legal form (``Ltd``,
``LLP``, ``plc``, ``GmbH``, ``S.A.``, ``SARL``, ``B.V.``, ``Pty Ltd``, ``Inc.``...) or a
kind of body that is always someone's (``Solicitors``, ``Building Society``, ``Housing
Association``, ``Primary School``, ``Hospital``), and ``University of`` + name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from agentic_desk.core.privacy.masking import BULLET
from agentic_desk.core.privacy.recognisers.text import Span

__all__ = ["COMMON_CAPITALISED", "find_organisations", "find_people", "mask_name"]

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĜĞĠĢĤĦĪĮİĴĶĹĻĽŁŃŅŇŌŐŒŔŖŘŚŜŞŠŢŤŪŮŰŲŴŶŸŹŻŽ"
# A capitalised word of a name: "O'Brien", "Lemaire-Vasseur", "McAllister", "Ní".
_NAME_WORD = rf"[{_UPPER}][\w'\u2019]*(?:-[{_UPPER}a-z][\w'\u2019]*)*"
_PARTICLE = r"(?:van|von|der|den|de|del|della|di|da|du|le|la|ap|ab|bin|binti|al|el|ten|ter)"
_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_NAME_WORD}){{0,3}}"
_LOWER_NAME = r"[a-z][a-z'\-]+(?:[ \t]+[a-z][a-z'\-]+){0,2}"

_TITLES = (
    r"Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord|Herr|Frau|Madame|Mme|"
    r"Mademoiselle|Mlle|Monsieur|M\.|Señor|Señora|Sr|Sra|Srta|Dott|Dottor|Dottoressa|"
    r"dottoressa|dottore|Signor|Signora|Sig|Sig\.ra"
)
_TITLE_RE = re.compile(rf"(?<![\w.])(?:{_TITLES})\.?[ \t]+(?P<name>{_NAME})")

_GREETINGS = (
    r"Dear|Hi|Hello|Hey|Morning|Thanks|Thank\s+you|Bonjour|Cher|Chère|Estimad[oa]|"
    r"Querid[oa]|Hola|Gentile|Caro|Cara|Liebe|Lieber|Hallo|Sehr\s+geehrte[r]?|Beste|Hej|Olá"
)
_GREETING_RE = re.compile(
    rf"(?<![\w])(?i:{_GREETINGS}),?[ \t]+(?:(?:{_TITLES})\.?[ \t]+)?"
    rf"(?P<name>{_NAME}|{_LOWER_NAME})(?=[ \t]*+(?:[,:!\n]|$))"
)
_NOT_NAMES = frozenset(
    """sir madam madame sirs all team everyone everybody colleagues friends there you guys
    folks both customer customers client clients members partners committee board manager
    managers doctor colleague mum mom dad friend again so much for very aunt auntie uncle
    grandma granny grandpa grandad nan sis bro darling love dear honey sweetie world
    neighbour neighbours parents""".split()  # noqa: SIM905
)
_SIGN_OFFS = (
    r"Kind\s+regards|Best\s+regards|Warm\s+regards|Regards|Best\s+wishes|Best|Sincerely|"
    r"Yours\s+sincerely|Yours\s+faithfully|Yours\s+truly|Many\s+thanks|Thanks|Cheers|"
    r"Mit\s+freundlichen\s+Grüßen|Viele\s+Grüße|Cordialement|Bien\s+à\s+vous|Saludos|"
    r"Atentamente|Cordiali\s+saluti|Met\s+vriendelijke\s+groet"
)
_SIGN_OFF_RE = re.compile(
    rf"(?im:^[ \t]*+(?:{_SIGN_OFFS})[ \t]*+(?:[,!.][ \t]*+)?\n[ \t]*+)(?P<name>{_NAME})"
    r"(?=[ \t]*+(?:\n|$))"
)
_FIELDS = (
    r"Name|Full\s+name|Patient|Patient\s+name|Client|Witness|Claimant|Defendant|Tenant|"
    r"Landlord|Applicant|Employee|Signed|Signature|From|To|Cc|Attendees|Present|Contact|"
    r"Referral|Nom|Nombre|Nome|Vorname|Nachname"
)
_FIELD_RE = re.compile(
    rf"(?im:(?<![\w])(?:{_FIELDS})[ \t]*:[ \t]*)"
    rf"(?P<names>{_NAME}(?:[ \t]*,[ \t]*{_NAME}){{0,7}})"
)
_ROLES = (
    r"client|patient|tenant|landlord|colleague|claimant|defendant|neighbour|neighbor|"
    r"aunt|uncle|mother|father|son|daughter|wife|husband|partner|brother|sister|friend|"
    r"boss|witness|executor|starter|employee|applicant|grandmother|grandfather|cousin|"
    r"niece|nephew|fiancée?|girlfriend|boyfriend|manager|therapist|lawyer|solicitor"
)
_ROLE_RE = re.compile(
    rf"(?<![\w])(?i:{_ROLES}),?[ \t]+(?P<name>{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?"
    rf"{_NAME_WORD}){{1,2}})"
)
# Words that start a capitalised run but are not a name: a name never begins with them.
_STOP_WORDS = frozenset(
    """The A An This That These Those It He She We They I You His Her Their Our My Your And Or
    But If When Then Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
    February March April May June July August September October November December Street
    Road Team Customer Service Department Office Please Thanks Thank Regards""".split()  # noqa: SIM905
)
#: Capitalised words that are never a name on their own (the names model's lone finds are
#: checked against them): function words, days, months, greetings in several languages.
COMMON_CAPITALISED = _STOP_WORDS | frozenset(
    """Hi Hello Hey Dear Dearest Best Kind Cher Chère Liebe Lieber Hallo Hola Ciao Bonjour
    Estimado Estimada Gentile Ihre Ihr Sie Ich Wir Der Die Das Le La Les El Los Las Il Lo
    Mon Ma Mes Votre Nous Vous Can Could Would Should Is Are Was Were Do Does Did Yes No
    Ok Okay Sorry Also However Today Tomorrow Yesterday Morning Evening Name Date Subject
    Re Fwd Cc""".split()  # noqa: SIM905
)

_LEGAL_FORMS = (
    r"Ltd\.?|Limited|LLP|LLC|L\.L\.C\.|Inc\.?|Incorporated|plc|PLC|GmbH|gGmbH|AG|KG|"
    r"GmbH\s+&\s+Co\.\s+KG|S\.?A\.?S?|SARL|S\.à\s+r\.l\.|S\.r\.l\.|S\.p\.A\.|SpA|S\.L\.|"
    r"B\.V\.|BV|N\.V\.|NV|Pty\s+Ltd|Pty|Oy|AB|ASA|A/S|ApS|Sp\.\s+z\s+o\.o\.|Corp\.?|"
    r"Corporation|&\s+Co\.?|Solicitors|Building\s+Society|Housing\s+Association|"
    r"Primary\s+School|Secondary\s+School|High\s+School|Academy|Hospital|Medical\s+Centre|"
    r"Surgery|Clinic"
)
_ORG_WORD = rf"(?:[{_UPPER}][\w'\u2019\-]*|&|and|of|de|du|des|la|le|[0-9]+)"
_ORG_RE = re.compile(
    rf"(?<![\w])(?P<org>[{_UPPER}][\w'\u2019\-]*(?:[ \t]+{_ORG_WORD}){{0,5}}[ \t]+"
    rf"(?:{_LEGAL_FORMS}))(?![\w])"
    rf"|(?<![\w])(?P<uni>University[ \t]+of[ \t]+[{_UPPER}][\w\-]*(?:[ \t]+[{_UPPER}][\w\-]*)?)"
)


_FIRST_WORD_RE = re.compile(r"\S+")
_LIST_ITEM_RE = re.compile(r"[^,]+")


def _trim_start(text: str, start: int, end: int) -> int:
    """Leave out leading stop words ("The Hollins Park Primary School" keeps "The" out)."""
    while True:
        word = _FIRST_WORD_RE.match(text[start:end])
        if word is None or word.group(0) not in _STOP_WORDS:
            return start
        nxt = start + word.end()
        while nxt < end and text[nxt] in " \t":
            nxt += 1
        if nxt >= end:
            return start
        start = nxt


def _name_ok(value: str) -> bool:
    words = value.split()
    return bool(words) and words[0] not in _STOP_WORDS and words[0].lower() not in _NOT_NAMES


def find_people(text: str) -> Iterator[Span]:
    """Names that a title, greeting, sign-off, field label or role word announces."""
    for regex in (_TITLE_RE, _GREETING_RE, _SIGN_OFF_RE, _ROLE_RE):
        for m in regex.finditer(text):
            name = m.group("name")
            if regex is _GREETING_RE and name.islower() and not m.group(0)[:1].islower():
                continue  # "Dear aunt,": a lower-case name only where all is lower case
            if _name_ok(name):
                yield m.start("name"), m.end("name")
    for m in _FIELD_RE.finditer(text):
        position = m.start("names")
        for part in _LIST_ITEM_RE.finditer(m.group("names")):
            value = part.group(0).strip()
            start = position + part.start() + (len(part.group(0)) - len(part.group(0).lstrip()))
            if _name_ok(value) and len(value.split()) >= 1:
                yield start, start + len(value)


def find_organisations(text: str) -> Iterator[Span]:
    """Companies and bodies named with their legal form or kind."""
    for m in _ORG_RE.finditer(text):
        group = "org" if m.group("org") else "uni"
        start = _trim_start(text, m.start(group), m.end(group))
        yield start, m.end(group)


def mask_name(text: str) -> str:
    """The first letter of each word."""
    out = []
    first = True
    for ch in text:
        if ch.isalnum():
            out.append(ch if first else BULLET)
            first = False
        else:
            out.append(ch)
            first = True
    return "".join(out)
