"""What a library's sensitive-data findings mean for a conversation that uses it.

The indexer stores, per file, how many of each kind of sensitive data the detector found
(:meth:`~.store.LibraryStore.findings`). A conversation that uses a library with any
finding is raised to private (high) before its question is routed, like a conversation
whose messages hold such data (:mod:`agentic_desk.core.conversations.sticky`); each
file's finding is a :class:`LibraryReason`, recorded with the raise, and a lowering the
user confirms acknowledges it (it then no longer raises the conversation).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agentic_desk.core.conversations.sticky import (
    RAISED_TO,
    PrivacyReason,
    Raised,
    join_words,
    must_raise,
    reasons_to_raise,
)
from agentic_desk.core.i18n import t
from agentic_desk.core.privacy.payload import short_label

if TYPE_CHECKING:
    from agentic_desk.core.conversations import ConversationStore


@dataclass(frozen=True)
class LibraryReason(PrivacyReason):
    """A library file with sensitive data (``message_id`` holds ``library:<file>``)."""

    file: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f"{self.message_id}:{kind}" for kind in self.kinds)

    def describe(self) -> str:
        return t(
            "the document {file}: {what}",
            file=self.file,
            what=join_words([short_label(k) for k in self.kinds]),
        )


def library_reasons(findings: Mapping[str, Mapping[str, int]]) -> list[LibraryReason]:
    """One reason per file with findings (``{file: {kind: count}}``)."""
    return [
        LibraryReason(f"library:{name}", 0, "document", tuple(sorted(kinds)), None, name)
        for name, kinds in sorted(findings.items())
        if kinds
    ]


def library_privacy(
    level: str,
    findings: Mapping[str, Mapping[str, int]],
    acknowledged: Collection[str] = (),
) -> tuple[str, list[PrivacyReason]]:
    """The privacy a question answered from libraries with these ``findings`` is sent at,
    and why: private (high) when a file holds sensitive data not ``acknowledged`` (the
    keys of a lowering the user confirmed) and ``level`` is lower; ``level`` otherwise.
    The one rule behind :func:`raise_for_libraries` (a saved conversation: the chat turn
    of the CLI and the window, the window's library picker) and the API server (a
    request with no conversation)."""
    reasons = reasons_to_raise(library_reasons(findings), acknowledged)
    if not must_raise(level, reasons):
        return level, []
    return str(RAISED_TO), reasons


def raise_for_libraries(
    store: ConversationStore, conversation_id: str, findings: Mapping[str, Mapping[str, int]]
) -> Raised | None:
    """Raise the saved conversation as :func:`library_privacy` says and record why (None:
    nothing to raise). Any thread (the store is thread-safe)."""
    if not findings:
        return None
    current = store.get_conversation(conversation_id).privacy
    _level, reasons = library_privacy(
        current, findings, store.acknowledged_findings(conversation_id)
    )
    if not reasons:
        return None
    return store.raise_privacy(conversation_id, RAISED_TO, reasons)


def describe_findings(findings: Mapping[str, int]) -> str:
    """``e-mail address (2), phone number (1)`` for one file's findings."""
    return ", ".join(
        f"{short_label(kind).split(' ', 1)[-1]} ({count})"
        for kind, count in sorted(findings.items())
    )


__all__ = [
    "LibraryReason",
    "describe_findings",
    "library_privacy",
    "library_reasons",
    "raise_for_libraries",
]
