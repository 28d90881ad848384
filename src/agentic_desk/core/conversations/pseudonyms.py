"""A conversation's pseudonymised sending: the user's choice (off by default), whether
the preview of the first pseudonymised send was confirmed, and the mapping placeholder
<-> real value (:class:`~agentic_desk.core.privacy.pseudonymise.PseudonymMap`).

Kept in the conversation database's ``pseudonyms`` table (schema step 5), so it is
encrypted when the store is, goes with the conversation when it is deleted, and is never
exported or sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from agentic_desk.core.conversations.errors import ConversationNotFoundError
from agentic_desk.core.conversations.store import ConversationStore
from agentic_desk.core.privacy.pseudonymise import PseudonymMap

__all__ = ["PseudonymSettings", "Pseudonyms"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PseudonymSettings:
    enabled: bool = False  # send to the cloud with personal details replaced
    confirmed: bool = False  # the user saw and confirmed the preview once


class Pseudonyms:
    """Reads and writes the ``pseudonyms`` table of ``store``."""

    def __init__(self, store: ConversationStore) -> None:
        self.store = store

    def settings(self, conversation_id: str) -> PseudonymSettings:
        with self.store._read("read the conversation's pseudonym settings") as conn:
            row = conn.execute(
                "SELECT enabled, confirmed FROM pseudonyms WHERE conversation_id = ?",
                (conversation_id,),
            ).fetchone()
        if row is None:
            return PseudonymSettings()
        return PseudonymSettings(bool(row[0]), bool(row[1]))

    def set_enabled(self, conversation_id: str, enabled: bool) -> None:
        """Turn pseudonymised sending on or off (off again: the preview is shown again
        next time it is turned on)."""
        self._upsert(conversation_id, "enabled", int(enabled))
        if not enabled:
            self._upsert(conversation_id, "confirmed", 0)

    def confirm_preview(self, conversation_id: str) -> None:
        self._upsert(conversation_id, "confirmed", 1)

    def load(self, conversation_id: str) -> PseudonymMap:
        with self.store._read("read the conversation's placeholders") as conn:
            row = conn.execute(
                "SELECT mapping FROM pseudonyms WHERE conversation_id = ?", (conversation_id,)
            ).fetchone()
        if row is None or not row[0]:
            return PseudonymMap()
        try:
            return PseudonymMap.from_json(str(row[0]))
        except ValueError:
            # never guess: a fresh map gives new placeholders, the old replies keep their text
            log.warning("the placeholders of a conversation could not be read; starting anew")
            return PseudonymMap()

    def save(self, conversation_id: str, mapping: PseudonymMap) -> None:
        self._upsert(conversation_id, "mapping", mapping.to_json())

    def _upsert(self, conversation_id: str, column: str, value: object) -> None:
        assert column in ("enabled", "confirmed", "mapping")
        with self.store._write("save the conversation's pseudonym settings") as conn:
            exists = conn.execute(
                "SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if exists is None:
                raise ConversationNotFoundError(conversation_id)
            conn.execute(
                f"INSERT INTO pseudonyms (conversation_id, {column}) VALUES (?, ?) "
                f"ON CONFLICT (conversation_id) DO UPDATE SET {column} = excluded.{column}",
                (conversation_id, value),
            )
