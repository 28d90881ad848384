"""Common English words that start ordinary chat turns and are not names (issue 18).

A message's first word is capitalised because it starts the message: "Done.", "Sure, here
it is:", "Rewrite it shorter.", "# Summary", "- Review the contract". The names model can
read such a word as a person's name; :func:`agentic_desk.core.privacy.entities.tidy` drops a
one-word name the model found that is one of these words, and strips one from the front of a
longer one ("Compare these" is no name).

Written here by hand: replies and interjections, imperative verbs of requests to an
assistant, the nouns of headings, function words (pronouns, determiners), the nouns and
abbreviations of identifiers ("Card", "Account", "SSN"), everyday nouns ("Café 🙂") and a
few German words. Words that are also common first names or surnames
(Will, Mark, Grace, Hope, Rose, Bill, Frank, Grant, Cook, Hunt, Chase, Skip, Young, Bell,
Price, Read, Key...) are left out on purpose: a missed name costs more than a chat turn kept local.
A test checks the list against lists of first names.
"""

from __future__ import annotations

__all__ = ["COMMON_WORDS"]

_REPLIES = """
absolutely actually agreed ah alright amazing anyway apologies awesome aye basically better
brilliant bye certainly cheers cool congratulations correct definitely done excellent exactly
fab fantastic fine finished fixed gotcha got great hello hey hmm honestly hooray hurray
incorrect indeed interesting lovely makes maybe nah neat nevermind nice nope noted oh ok okay
oops perfect please precisely ready right sent seriously sorry sounds splendid sure
super superb terrific thanks thank thx totally ugh understood updated wonderful wow
wrong yeah yep yes yup no not nothing nearly almost agree approve approved confirmed
confirm alternatively also again besides finally first second third next last lastly now
then otherwise well welcome goodbye good bad awful weird funny cute
""".split()  # noqa: SIM905

_VERBS = """
act add adjust answer apply ask assume avoid bullet calculate cancel change check clarify
clean combine compare compile complete condense consider continue convert copy correct
count create cut debug decline define delete describe design double draft drop edit
elaborate emphasise emphasize estimate evaluate expand explain explore extract fill find
finish fix focus follow format generate give go group help highlight hold ignore
imagine improve include insert isolate keep label let list look make merge mention merge
move name note number omit organise organize outline paraphrase paste pick plan play polish
prepare pretend print prioritise prioritize proceed proofread provide put rank rate
recommend redo refactor refine reformat remember remind remove rename reorder repeat
rephrase replace reply rerun respond restructure resume retry review revise reword rewrite
run say schedule score select send shift shorten show simplify sort split start stop
suggest summarise summarize swap tag take tell test think tidy tighten trim try turn undo
update use verify wait write
""".split()  # noqa: SIM905

_HEADINGS = """
abstract action actions agenda answer appendix approach assumptions background benefits
budget caveats changes checklist conclusion conclusions considerations constraints context
contents costs data decision decisions definition definitions description details draft
example examples feedback findings goals highlights ideas improvements ingredients
installation instructions introduction issues lessons limitations method methods
milestones notes objectives observations options output overview points preface problem
problems process pros cons purpose questions recap recommendation recommendations
references requirements result results risks scope solution sources status steps strategy
suggestions summary takeaways tasks timeline tips todo translation usage
""".split()  # noqa: SIM905

# Words that start a sentence about an identifier or a greeting ("Card 4111 ... is mine.",
# "My SSN is ...", "hello there"): pronouns, determiners and other function words, the
# nouns and abbreviations of identifiers, and a few German ones. Surnames that are also
# such nouns (Page, Ward, Banks, Bank, Case...) are left out.
_FUNCTION = """
a an the this that these those my mine your yours our ours their theirs his her hers its
me myself we us you they them he him she it i there here all everyone everybody anyone
someone somebody nobody none both each every either neither some any many much more most
few several other another such what which who whose where why how whatever whoever and or
but if so because since while though although as at by for from in into of on to with
without about after before during through
""".split()  # noqa: SIM905

_IDENTIFIERS = """
card account number patient customer client order invoice ticket reference policy member
claim booking passport licence license phone mobile serial code room flight seat item
batch payment transfer receipt contract employee student badge unit box parcel package
tracking record file report version id ids pin ssn iban bic swift nhs vat tax dob cvv cvc
otp username password email address postcode zip balance salary loan mortgage insurance
""".split()  # noqa: SIM905

_EVERYDAY = """
cafe café coffee tea lunch dinner breakfast menu pizza weather music movie film book game
party trip holiday weekend meeting call idea project work home life food cake bread beer
wine water house car bike bus dog cat bakery bistro restaurant kitchen school class
homework exam
""".split()  # noqa: SIM905

_GERMAN = """
mein meine meinen meinem dein deine unser unsere euer eure ihr ihre es er wir sie ich
hallo danke bitte ja nein konto karte nummer kunde kundin rechnung vertrag ausweis
""".split()  # noqa: SIM905

COMMON_WORDS: frozenset[str] = frozenset(
    _REPLIES + _VERBS + _HEADINGS + _FUNCTION + _IDENTIFIERS + _EVERYDAY + _GERMAN
)
"""Lower case; compare with ``word.casefold()``."""
