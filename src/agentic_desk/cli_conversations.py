"""``agentic-desk conversations``: the saved conversations, headless: list, export,
import, delete (to the Trash), the Trash (list, restore, empty), and encryption at rest
(``encrypt on|off|status``, :mod:`agentic_desk.cli_encryption`) and the app lock
(``lock on|off|passphrase|status``, :mod:`agentic_desk.cli_applock`)."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import TextIO

from agentic_desk.core.atomic import atomic_write_text
from agentic_desk.core.context import AppContext
from agentic_desk.core.conversations import Conversation, ConversationStore
from agentic_desk.core.conversations.export_import import read_export_file
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import Settings, SettingsStore


class ConversationsCliError(AgenticDeskError):
    """A mistake in an ``agentic-desk conversations`` command line."""


def _when(stamp: float | None) -> str:
    return "" if stamp is None else time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp))


def _row(conv: Conversation, stamp: float | None) -> str:
    return f"{conv.id}  {_when(stamp)}  {conv.title or 'New chat'}"


def _need(value: str | None, what: str, example: str) -> str:
    if not value:
        raise ConversationsCliError(f"This needs {what}.", f"Example: agentic-desk {example}")
    return value


def cmd_conversations(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    if args.action == "encrypt":
        from agentic_desk.cli_encryption import cmd_encrypt

        if args.target not in ("on", "off", "status"):
            raise ConversationsCliError(
                "Say what to do with encryption: on, off or status.",
                "For example: agentic-desk conversations encrypt status",
            )
        return cmd_encrypt(args, paths, settings, out, err)
    context = AppContext(paths, SettingsStore(paths.settings_file), settings)
    if args.action == "lock":
        from agentic_desk.cli_applock import cmd_lock

        if args.target not in ("on", "off", "passphrase", "status"):
            raise ConversationsCliError(
                "Say what to do with the app lock: on, off, passphrase or status.",
                "For example: agentic-desk conversations lock status",
            )
        return cmd_lock(args, context, out, err)
    from agentic_desk.cli_applock import unlock_key

    key = unlock_key(context, err)  # the passphrase, when the app lock is on
    with context.conversation_store(key=key) as store:  # encrypted or not, as the file is
        if args.action == "list":
            for conv in store.list_conversations():
                print(_row(conv, conv.updated_at), file=out)
        elif args.action == "export":
            conv_id = _need(args.target, "a conversation id", "conversations export ID")
            if args.format == "md":
                text = store.export_markdown(conv_id)
            else:
                text = json.dumps(store.export_json(conv_id), indent=2, ensure_ascii=False)
            if args.output:
                atomic_write_text(Path(args.output), text)  # private (0600) on POSIX
                print(f"Exported to {args.output}", file=err)
            else:
                print(text, file=out)
        elif args.action == "import":
            source = _need(args.target, "a JSON file", "conversations import FILE.json")
            data = read_export_file(Path(source))
            conv = store.import_json(data)
            print(conv.id, file=out)
        elif args.action == "delete":
            conv_id = _need(args.target, "a conversation id", "conversations delete ID")
            store.delete_conversation(conv_id)
            print("Moved to the Trash ('conversations trash restore ID' brings it back).", file=err)
        else:
            return _trash(args, store, out, err)
    return 0


def _trash(args: argparse.Namespace, store: ConversationStore, out: TextIO, err: TextIO) -> int:
    what = args.target or "list"
    if what == "list":
        for conv in store.trash():
            print(_row(conv, conv.deleted_at), file=out)
    elif what == "restore":
        conv_id = _need(args.id, "a conversation id", "conversations trash restore ID")
        conv = store.restore(conv_id)
        print(f"Restored “{conv.title or 'New chat'}”.", file=err)
    elif what == "empty":
        erased = store.empty_trash()
        print(f"Emptied the Trash: {erased} conversation(s) erased for good.", file=err)
    else:
        raise ConversationsCliError(
            f"Unknown Trash action {what!r}.", "Use: conversations trash list|restore ID|empty"
        )
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    conversations = sub.add_parser(
        "conversations",
        help="saved conversations: list, export, import, delete, trash list|restore ID|empty, "
        "encrypt on|off|status, lock on|off|passphrase|status",
    )
    conversations.add_argument(
        "action", choices=["list", "export", "import", "delete", "trash", "encrypt", "lock"]
    )
    conversations.add_argument(
        "target",
        nargs="?",
        help="export, delete: an id; import: a file; trash: list, restore or empty; "
        "encrypt: on, off or status; lock: on, off, passphrase or status",
    )
    conversations.add_argument("id", nargs="?", help="trash restore: the conversation's id")
    conversations.add_argument("--format", choices=["md", "json"], default="md")
    conversations.add_argument("--output", help="export: write to this file (else stdout)")
    conversations.add_argument("--json", action="store_true", help="encrypt/lock status: as JSON")
    conversations.set_defaults(models_func=cmd_conversations)


__all__ = ["add_parsers", "cmd_conversations"]
