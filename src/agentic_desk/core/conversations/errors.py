"""What can go wrong with the conversation store, as errors the app can show the user."""

from __future__ import annotations

from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.i18n import t


class ConversationError(AgenticDeskError):
    """Base of the conversation store's errors."""


class ConversationNotFoundError(ConversationError):
    def __init__(self, conversation_id: str) -> None:
        super().__init__(
            t(
                "The conversation {conversation_id!r} does not exist.",
                conversation_id=conversation_id,
            ),
            t("It may have been deleted for good; choose another conversation."),
        )


class MessageNotFoundError(ConversationError):
    def __init__(self, message_id: str) -> None:
        super().__init__(
            t(
                "The message {message_id!r} does not exist.",
                message_id=message_id,
            ),
            t("It may have been removed by a regenerate or an edit."),
        )


class DatabaseTooNewError(ConversationError):
    """The database was written by a newer version of the app; it is left untouched."""


class StorageError(ConversationError):
    """SQLite could not read or write the database (disk full, locked, damaged...)."""


class ConversationImportError(ConversationError):
    """An exported conversation could not be imported; the message names the field."""


__all__ = [
    "ConversationError",
    "ConversationImportError",
    "ConversationNotFoundError",
    "DatabaseTooNewError",
    "MessageNotFoundError",
    "StorageError",
]
