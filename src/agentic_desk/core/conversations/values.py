"""What the store hands out: conversations, messages, search hits (frozen records), the
words their fields may hold, and the metadata stored with a finished reply.

Privacy and complexity levels are :mod:`agentic_desk.core.privacy.levels`'s.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agentic_desk.core.chat import ReplyInfo

ROLES: tuple[str, ...] = ("system", "user", "assistant")
STATUSES: tuple[str, ...] = ("complete", "streaming", "interrupted", "error", "cancelled")
FINISH_STATUSES: tuple[str, ...] = ("complete", "cancelled", "error", "interrupted")


@dataclass(frozen=True)
class Conversation:
    id: str
    title: str  # never empty: DEFAULT_TITLE (see .titles) until a title is made or chosen
    title_is_auto: bool  # False once the user renamed it
    system_prompt: str | None
    privacy: str  # one of PRIVACY_LEVELS (agentic_desk.core.privacy.levels)
    complexity: str | None  # None or one of COMPLEXITY_LEVELS (same module)
    model: str | None
    params: dict[str, Any]
    pinned: bool
    created_at: float
    updated_at: float  # last change to its messages (settings and renames do not count)
    deleted_at: float | None = None  # set while soft-deleted
    template: str | None = None  # the assistant template it was started from (its name)

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True)
class Message:
    id: str
    conversation_id: str
    seq: int  # order of creation within the conversation, from 1 (not a position: .tree)
    role: str  # one of ROLES
    content: str
    privacy: str | None  # this message's own level, if the user set one
    created_at: float
    updated_at: float
    status: str  # one of STATUSES
    error_message: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # ReplyInfo fields, notice, findings
    # The tree (see .tree): the message this one follows (None: a first message), and when
    # it was last chosen as the version to show.
    parent_id: str | None = None
    chosen_at: float = 0.0


@dataclass(frozen=True)
class SearchHit:
    conversation_id: str
    message_id: str | None  # None: the conversation's title matched
    title: str
    snippet: str  # matched words between HIGHLIGHT_OPEN and HIGHLIGHT_CLOSE (see .store)
    rank: float  # bm25: smaller is better; hits come best first


@dataclass(frozen=True)
class PrivacyChange:
    """A recorded change of a conversation's level (see :mod:`.sticky`): ``raised`` because
    of what it holds, or ``lowered`` by the user after the confirmation dialog."""

    conversation_id: str
    changed_at: float
    kind: str  # "raised" or "lowered"
    from_level: str
    to_level: str
    listed: tuple[str, ...]  # what was listed: kinds and places, never the values
    covers: tuple[str, ...]  # the findings' keys (message id and kind) it covers


def reply_meta(
    info: ReplyInfo | None, *, notice: str = "", findings: Sequence[Any] = ()
) -> dict[str, Any]:
    """The ``meta`` of a finished reply: the :class:`~agentic_desk.core.chat.ReplyInfo`
    fields, the routing notice and a summary of the detector's findings (categories
    only, never the sensitive text itself)."""
    meta: dict[str, Any] = dataclasses.asdict(info) if info is not None else {}
    meta["notice"] = notice
    categories = sorted({str(getattr(f, "category", f)) for f in findings})
    if categories:
        meta["findings"] = categories
    return meta


__all__ = [
    "FINISH_STATUSES",
    "ROLES",
    "STATUSES",
    "Conversation",
    "Message",
    "PrivacyChange",
    "SearchHit",
    "reply_meta",
]
