"""Sticky conversation privacy: once a conversation holds sensitive data, it stays private.

A conversation is raised to :attr:`Privacy.HIGH` (never lowered by this) as soon as

* the sensitive-data detector finds something in one of its messages (the user's or a
  reply), or
* one of its messages was marked high or local only,

and it stays raised: editing the message away, regenerating or importing does not lower
it. Only the user lowers it, through a dialog that lists what was found; that choice is
recorded (:meth:`~agentic_desk.core.conversations.store.ConversationStore.lower_privacy`)
with the findings it covered, so the same findings do not raise it again (new ones do).

What is listed names kinds and places ("turn 1: a payment card number"), never the
values themselves. :func:`privacy_reasons` says why a conversation must be private,
:func:`reasons_to_raise` which of those are not yet acknowledged, and
:func:`apply_sticky_privacy` does it all for a stored conversation.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agentic_desk.core.conversations.values import Message
from agentic_desk.core.i18n import N_, t
from agentic_desk.core.privacy.levels import FOUND_DATA_LEVEL, Privacy, UnknownPrivacyLevel
from agentic_desk.core.privacy.payload import detect_cached
from agentic_desk.core.privacy.payload import short_label as payload_label

if TYPE_CHECKING:
    from agentic_desk.core.conversations.store import ConversationStore

#: Short names of the kinds of sensitive data, for titles and warnings.
SHORT_LABELS: dict[str, str] = {
    "email": N_("e-mail address"),
    "phone": N_("phone number"),
    "national_id": N_("national ID number"),
    "payment_card": N_("card number"),
    "iban": N_("IBAN"),
    "ip_address": N_("IP address"),
    "date_of_birth": N_("date of birth"),
    "medical_record": N_("medical record number"),
    "icd_code": N_("diagnosis code"),
    "secret": N_("API key or secret"),
    "person": N_("person's name"),
    "address": N_("postal address"),
    "organisation": N_("organisation's name"),
    "custom_term": N_("term from your sensitive terms"),
}

RAISED_TO = FOUND_DATA_LEVEL


def short_label(category: str) -> str:
    return t(SHORT_LABELS.get(category, category.replace("_", " ")))


def with_article(category: str) -> str:
    """``"a card number"``, ``"an IBAN"``."""
    label = short_label(category)
    english = SHORT_LABELS.get(category, category)
    if english[:1].lower() in "aeiou":
        return t("an {label}", label=label)
    return t("a {label}", label=label)


def join_words(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return t("{first} and {last}", first=", ".join(words[:-1]), last=words[-1])


@dataclass(frozen=True)
class PrivacyReason:
    """Why a conversation must be private: one message, what was found in it (kinds, in
    the order found, never the values) and whether it was marked private."""

    message_id: str
    turn: int  # 1-based; a reply belongs to the turn of the message before it
    role: str
    kinds: tuple[str, ...]
    marked: str | None = None  # the message's own level, when it is high or local only

    @property
    def keys(self) -> tuple[str, ...]:
        """What a lowering acknowledges: one key per kind (and one for the mark)."""
        keys = [f"{self.message_id}:{kind}" for kind in self.kinds]
        if self.marked:
            keys.append(f"{self.message_id}:marked:{self.marked}")
        return tuple(keys)

    def describe(self) -> str:
        """E.g. ``turn 1: a national ID number`` or ``the reply in turn 2: an e-mail
        address`` (the same words as the routing decision's, payload.describe_places)."""
        if self.role == "assistant":
            where = t("the reply in turn {turn}", turn=self.turn)
        else:
            where = t("turn {turn}", turn=self.turn)
        what = [payload_label(kind) for kind in self.kinds]
        if self.marked:
            what.append(t("marked {level}", level=self.marked.replace("_", " ")))
        return t("{where}: {what}", where=where, what=join_words(what))


def privacy_reasons(
    messages: Iterable[Message], *, detect_data: bool = True
) -> list[PrivacyReason]:
    """Every reason ``messages`` (a conversation's, in order) must be private: sensitive
    data the detector finds (when ``detect_data``) and messages marked high or local only."""
    reasons: list[PrivacyReason] = []
    turn = 0
    for message in messages:
        if message.role == "user":
            turn += 1
        if message.role not in ("user", "assistant"):
            continue
        kinds: tuple[str, ...] = ()
        if detect_data and message.content:
            kinds = kinds_in(message.content)
        marked = message.privacy if _marked_private(message.privacy) else None
        if kinds or marked:
            reasons.append(PrivacyReason(message.id, max(turn, 1), message.role, kinds, marked))
    return reasons


def kinds_in(text: str) -> tuple[str, ...]:
    """The kinds of sensitive data in ``text``, in the order found. Uses the payload scan's
    cache (:func:`agentic_desk.core.privacy.payload.detect_cached`), so a conversation's
    old messages are not scanned again every turn."""
    return tuple(dict.fromkeys(f.category for f in detect_cached(text)))


def reasons_to_raise(
    reasons: Iterable[PrivacyReason], acknowledged: Collection[str]
) -> list[PrivacyReason]:
    """The reasons not yet acknowledged by a lowering the user confirmed."""
    return [r for r in reasons if not set(r.keys) <= set(acknowledged)]


def must_raise(level: str, reasons: Sequence[PrivacyReason]) -> bool:
    """Whether a conversation at ``level`` with these (unacknowledged) reasons is raised.
    An unknown level is left as it is (sending at it is refused anyway)."""
    if not reasons:
        return False
    try:
        return Privacy.parse(level).rank < RAISED_TO.rank
    except UnknownPrivacyLevel:
        return False


def stays_local(level: str) -> bool:
    """Whether ``level`` keeps a conversation on this computer (an unknown one does)."""
    try:
        return Privacy.parse(level).stays_local
    except UnknownPrivacyLevel:
        return True


@dataclass(frozen=True)
class Raised:
    """A conversation was raised: from which level, to which, and why (as listed)."""

    conversation_id: str
    from_level: str
    to_level: str
    reasons: tuple[str, ...]

    def describe(self) -> str:
        return t(
            "This conversation now stays on this computer ({reasons}). Lowering its privacy "
            "asks you first.",
            reasons="; ".join(self.reasons),
        )


def apply_sticky_privacy(
    store: ConversationStore, conversation_id: str, *, detect_data: bool = True
) -> Raised | None:
    """Raise the stored conversation to :data:`RAISED_TO` if it holds sensitive data or a
    message marked private that the user has not acknowledged; never lowers. Returns what
    was done (None: nothing to do)."""
    messages = store.messages(conversation_id)
    reasons = reasons_to_raise(
        privacy_reasons(messages, detect_data=detect_data),
        store.acknowledged_findings(conversation_id),
    )
    if not reasons:
        return None
    return store.raise_privacy(conversation_id, RAISED_TO, reasons)


def _marked_private(level: str | None) -> bool:
    if level is None:
        return False
    try:
        return Privacy.parse(level).stays_local
    except UnknownPrivacyLevel:
        return True


__all__ = [
    "RAISED_TO",
    "SHORT_LABELS",
    "PrivacyReason",
    "Raised",
    "apply_sticky_privacy",
    "join_words",
    "kinds_in",
    "must_raise",
    "privacy_reasons",
    "reasons_to_raise",
    "short_label",
    "stays_local",
    "with_article",
]
