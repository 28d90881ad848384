"""Privacy levels: the one definition of what a level is, how levels order, and which
level a request ends up with.

Every module that names a level uses :class:`Privacy`; nothing else spells the strings.
An unknown level is refused (:class:`UnknownPrivacyLevel`), never read as "normal": a
level we cannot understand must not let data leave.

What the detector finds raises a request to :data:`FOUND_DATA_LEVEL` (high: it stays on
this computer unless the user lowers it), whatever the kind. That includes the kinds that
identify someone without a number (issue 18):

* a person's name: a draft naming a person is about that person (a letter, a clinical
  note); where the name is public (a politician in a news quote) the user lowers the level,
  and the dialog says why it was raised;
* a postal address: it locates a person or a household as surely as a phone number;
* an organisation's name: in the drafts this is for (a client's employer, the counterparty
  of a dispute, a patient's school) it identifies the person too; the rules only report
  names with a legal form or a kind (Ltd, GmbH, Hospital), so prose about "Amazon" stays
  normal;
* a term from the user's list: the user said so.

None of them is *local only*: that level is the user's to choose (the pseudonymised
sending of issue 18 may send such a request with the values replaced, when the user opts
in; a local-only one never leaves).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t


class UnknownPrivacyLevel(AgenticDeskError, ValueError):
    """A privacy level that is not one of :class:`Privacy`."""

    def __init__(self, value: object) -> None:
        names = ", ".join(level.value for level in Privacy)
        super().__init__(
            t(
                "{value!r} is not a privacy level.",
                value=value,
            ),
            t(
                "Use one of: {names}.",
                names=names,
            ),
        )
        self.value = value


class Privacy(enum.StrEnum):
    """How private a conversation or a message is, from least to most private."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"  # stays on this computer unless the user lowers it
    LOCAL_ONLY = "local_only"  # never leaves, whatever the rules say

    @property
    def rank(self) -> int:
        return _ORDER.index(self)

    @property
    def stays_local(self) -> bool:
        """High and above never go to a cloud provider by default."""
        return self.rank >= Privacy.HIGH.rank

    @classmethod
    def parse(cls, value: object) -> Privacy:
        """``value`` as a level; :class:`UnknownPrivacyLevel` when it is none."""
        if isinstance(value, Privacy):
            return value
        if isinstance(value, str):
            try:
                return cls(value.strip().lower())
            except ValueError:
                pass
        raise UnknownPrivacyLevel(value)


_ORDER: tuple[Privacy, ...] = (Privacy.LOW, Privacy.NORMAL, Privacy.HIGH, Privacy.LOCAL_ONLY)

#: The level sensitive data of any kind raises a request to (see the module's docstring).
FOUND_DATA_LEVEL = Privacy.HIGH

#: The level names in order, for choices in the CLI, forms and validators.
PRIVACY_LEVELS: tuple[str, ...] = tuple(level.value for level in _ORDER)


def effective_privacy(*levels: Privacy | str | None, sensitive: bool = False) -> Privacy:
    """The level a request runs at: the most private of ``levels`` (``None`` entries are
    ignored; none at all means :attr:`Privacy.NORMAL`), raised to at least
    :attr:`Privacy.HIGH` when sensitive data was found. Unknown levels raise
    :class:`UnknownPrivacyLevel`."""
    parsed = [Privacy.parse(level) for level in levels if level is not None]
    result = max(parsed, key=lambda level: level.rank, default=Privacy.NORMAL)
    if sensitive and result.rank < FOUND_DATA_LEVEL.rank:
        result = FOUND_DATA_LEVEL
    return result


def most_private(levels: Iterable[Privacy | str]) -> Privacy:
    """The most private of ``levels`` (:attr:`Privacy.NORMAL` for none)."""
    return effective_privacy(*levels)


class Complexity(enum.StrEnum):
    """How hard a request is, as routing rules and model tiers see it."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


COMPLEXITY_LEVELS: tuple[str, ...] = tuple(level.value for level in Complexity)


__all__ = [
    "COMPLEXITY_LEVELS",
    "FOUND_DATA_LEVEL",
    "PRIVACY_LEVELS",
    "Complexity",
    "Privacy",
    "UnknownPrivacyLevel",
    "effective_privacy",
    "most_private",
]
