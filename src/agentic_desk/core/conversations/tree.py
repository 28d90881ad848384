"""A conversation as a tree of messages, and the one path through it the user sees.

Every message has a parent (the message it answers or follows; ``None`` for the first
message). Versions of a message are siblings: Regenerate adds a sibling reply, Edit of a
question adds a sibling question, editing a reply adds a sibling reply with the new text.
Nothing is deleted to make a version.

The path shown starts at the most recently chosen first message and goes down, at every
message, to the child chosen most recently (``chosen_at``; a new message is chosen when
it is made, switching versions chooses one again; ties go to the newer message). So a
switch back to an earlier version shows that version's own later turns, as they were.

Pure functions over :class:`~agentic_desk.core.conversations.values.Message` records;
the store reads and writes the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from agentic_desk.core.conversations.values import Message


@dataclass(frozen=True)
class Versions:
    """Where a message stands among its versions (its siblings, oldest first)."""

    ids: tuple[str, ...]
    index: int  # 0-based position of the message in ``ids``

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def previous(self) -> str | None:
        return self.ids[self.index - 1] if self.index > 0 else None

    @property
    def next(self) -> str | None:
        return self.ids[self.index + 1] if self.index + 1 < len(self.ids) else None

    def label(self) -> str:
        """``"2/3"``: the second of three versions."""
        return f"{self.index + 1}/{self.count}"


def _rank(message: Message) -> tuple[float, int]:
    return (message.chosen_at, message.seq)


def children_of(messages: Iterable[Message]) -> dict[str | None, list[Message]]:
    """Each parent's children, oldest first (``None``: the first messages)."""
    children: dict[str | None, list[Message]] = {}
    for message in sorted(messages, key=lambda m: m.seq):
        children.setdefault(message.parent_id, []).append(message)
    return children


def shown_path(messages: Iterable[Message]) -> list[Message]:
    """The messages the user sees, first to last."""
    children = children_of(messages)
    path: list[Message] = []
    seen: set[str] = set()
    parent: str | None = None
    while children.get(parent):
        chosen = max(children[parent], key=_rank)
        if chosen.id in seen:  # a cycle cannot be made by the store; never loop on one
            break
        seen.add(chosen.id)
        path.append(chosen)
        parent = chosen.id
    return path


def ancestors(messages: Iterable[Message], message_id: str) -> list[Message]:
    """The path from the first message down to ``message_id``, inclusive (``[]`` if it
    is not among ``messages``)."""
    by_id = {m.id: m for m in messages}
    chain: list[Message] = []
    current = by_id.get(message_id)
    while current is not None and len(chain) <= len(by_id):
        chain.append(current)
        current = by_id.get(current.parent_id) if current.parent_id else None
    chain.reverse()
    return chain


def versions(messages: Iterable[Message], message_id: str) -> Versions:
    """The versions of ``message_id``: it and its siblings, oldest first."""
    return all_versions(messages).get(message_id, Versions((message_id,), 0))


def all_versions(messages: Iterable[Message]) -> dict[str, Versions]:
    """Every message's versions, from one pass over the conversation (a view of many
    messages asks for all of them at once)."""
    found: dict[str, Versions] = {}
    for siblings in children_of(messages).values():
        ids = tuple(m.id for m in siblings)
        for index, message_id in enumerate(ids):
            found[message_id] = Versions(ids, index)
    return found


def descendants(messages: Iterable[Message], message_id: str) -> list[str]:
    """The ids of every message below ``message_id`` (not it)."""
    children = children_of(messages)
    found: list[str] = []
    todo = [message_id]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child.id)
            todo.append(child.id)
    return found


def leaf_id(messages: Sequence[Message]) -> str | None:
    """The last message of the shown path (where a new message goes), or None."""
    path = shown_path(messages)
    return path[-1].id if path else None


__all__ = [
    "Versions",
    "all_versions",
    "ancestors",
    "children_of",
    "descendants",
    "leaf_id",
    "shown_path",
    "versions",
]
