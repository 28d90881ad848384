"""What a library's sensitive-data findings mean for a conversation that uses it.

The indexer stores, per file, how many of each kind of sensitive data the detector found
(:meth:`~.store.LibraryStore.findings`). A conversation that uses a library with any
finding is raised to private (high) before its question is routed, like a conversation
whose messages hold such data (:mod:`agentic_desk.core.conversations.sticky`); each
file's finding is a :class:`LibraryReason`, recorded with the raise, and a lowering the
user confirms acknowledges it (it then no longer raises the conversation).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from agentic_desk.core.conversations.sticky import PrivacyReason, join_words
from agentic_desk.core.i18n import t
from agentic_desk.core.privacy.payload import short_label


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


def describe_findings(findings: Mapping[str, int]) -> str:
    """``e-mail address (2), phone number (1)`` for one file's findings."""
    return ", ".join(
        f"{short_label(kind).split(' ', 1)[-1]} ({count})"
        for kind, count in sorted(findings.items())
    )


__all__ = ["LibraryReason", "describe_findings", "library_reasons"]
