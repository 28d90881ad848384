"""Conversations: every conversation, message and draft, kept in one SQLite file.

The package, by reason to change:

* :mod:`.store` — :class:`ConversationStore`: the connection, transactions, durability,
  reading and writing conversations, messages and drafts, full-text search;
* :mod:`.schema` — the SQLite schema and its ``user_version`` migrations;
* :mod:`.values` — the records the store hands out (:class:`Conversation`,
  :class:`Message`, :class:`SearchHit`) and a reply's stored metadata;
* :mod:`.export_import` — the Markdown and JSON exports and the checks on an import;
* :mod:`.titles` — automatic titles made from the first message (sensitive data masked);
* :mod:`.sticky` — sticky privacy: when a conversation is raised to high, and why;
* :mod:`.errors` — what can go wrong, as :class:`~agentic_desk.core.errors.AgenticDeskError`.

Privacy and complexity levels are :mod:`agentic_desk.core.privacy.levels`'s (re-exported
here as ``PRIVACY_LEVELS`` and ``COMPLEXITY_LEVELS``). How conversations are grouped and
labelled in the sidebar is the UI's (:mod:`agentic_desk.ui.conversation_labels`).
"""

from __future__ import annotations

from agentic_desk.core.conversations.errors import (
    ConversationError,
    ConversationImportError,
    ConversationNotFoundError,
    DatabaseTooNewError,
    MessageNotFoundError,
    StorageError,
)
from agentic_desk.core.conversations.export_import import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    badge_line,
    render_markdown,
)
from agentic_desk.core.conversations.schema import schema_version
from agentic_desk.core.conversations.store import (
    BUSY_TIMEOUT_S,
    HIGHLIGHT_CLOSE,
    HIGHLIGHT_OPEN,
    SNIPPET_ELLIPSIS,
    SNIPPET_TOKENS,
    Clock,
    ConversationStore,
    fts_query,
)
from agentic_desk.core.conversations.titles import (
    DEFAULT_TITLE,
    TITLE_MAX_CHARS,
    TITLE_MAX_WORDS,
    make_title,
    mask_sensitive,
)
from agentic_desk.core.conversations.values import (
    FINISH_STATUSES,
    ROLES,
    STATUSES,
    Conversation,
    Message,
    PrivacyChange,
    SearchHit,
    reply_meta,
)
from agentic_desk.core.privacy.levels import COMPLEXITY_LEVELS, PRIVACY_LEVELS

__all__ = [
    "BUSY_TIMEOUT_S",
    "COMPLEXITY_LEVELS",
    "DEFAULT_TITLE",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "FINISH_STATUSES",
    "HIGHLIGHT_CLOSE",
    "HIGHLIGHT_OPEN",
    "PRIVACY_LEVELS",
    "ROLES",
    "SNIPPET_ELLIPSIS",
    "SNIPPET_TOKENS",
    "STATUSES",
    "TITLE_MAX_CHARS",
    "TITLE_MAX_WORDS",
    "Clock",
    "Conversation",
    "ConversationError",
    "ConversationImportError",
    "ConversationNotFoundError",
    "ConversationStore",
    "DatabaseTooNewError",
    "Message",
    "MessageNotFoundError",
    "PrivacyChange",
    "SearchHit",
    "StorageError",
    "badge_line",
    "fts_query",
    "make_title",
    "mask_sensitive",
    "render_markdown",
    "reply_meta",
    "schema_version",
]
