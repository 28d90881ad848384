"""``agentic-desk conversations``: the saved conversations, headless: list (``--json``),
show (numbered messages), export (Markdown, JSON, DOCX, ODT, PDF; one message with
``--message N``), import, delete (to the Trash), the Trash (list, restore, empty), and
encryption at rest (``encrypt on|off|status``, :mod:`agentic_desk.cli_encryption`) and the app lock
(``lock on|off|passphrase|status``, :mod:`agentic_desk.cli_applock`)."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import TextIO

from agentic_desk.core.context import AppContext
from agentic_desk.core.conversations import Conversation, ConversationStore
from agentic_desk.core.conversations.export_import import (
    model_name,
    read_export_file,
    status_note,
)
from agentic_desk.core.documents import (
    FORMATS,
    TEXT_FORMATS,
    chosen_format,
    export_conversation,
    export_message,
    nth_message,
    save_export,
)
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
            _list(store, out, as_json=args.json)
        elif args.action == "show":
            conv_id = _need(args.target, "a conversation id", "conversations show ID")
            _show(store, conv_id, out)
        elif args.action == "export":
            conv_id = _need(args.target, "a conversation id", "conversations export ID")
            _export(args, store, conv_id, out, err)
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


def _list(store: ConversationStore, out: TextIO, *, as_json: bool) -> None:
    conversations = store.list_conversations()
    if not as_json:
        for conv in conversations:
            print(_row(conv, conv.updated_at), file=out)
        return
    rows = [
        {
            "id": conv.id,
            "title": conv.title,
            "privacy": conv.privacy,
            "model": model_name(conv.model) or None,
            "pinned": conv.pinned,
            "created_at": conv.created_at,
            "updated_at": conv.updated_at,
        }
        for conv in conversations
    ]
    print(json.dumps(rows, indent=2, ensure_ascii=False), file=out)


def _show(store: ConversationStore, conv_id: str, out: TextIO) -> None:
    """The conversation as text, its messages numbered as ``export --message N`` takes them."""
    conv = store.get_conversation(conv_id)
    print(conv.title, file=out)
    about = [f"privacy {conv.privacy}"]
    if conv.model:
        about.append(f"model {model_name(conv.model)}")
    print(f"{conv.id}  {_when(conv.updated_at)}  {', '.join(about)}", file=out)
    if conv.system_prompt:
        print("\nSystem prompt:", file=out)
        for line in conv.system_prompt.splitlines():
            print(f"  {line}", file=out)
    for number, message in enumerate(store.messages(conv_id), start=1):
        who = {"user": "You", "assistant": "Assistant"}.get(message.role, message.role.title())
        note = status_note(message)
        print(f"\n[{number}] {who}" + (f" ({note})" if note else ""), file=out)
        print(message.content.rstrip("\n"), file=out)


def _export(
    args: argparse.Namespace, store: ConversationStore, conv_id: str, out: TextIO, err: TextIO
) -> None:
    target = Path(args.out) if args.out else None
    fmt = chosen_format(args.format, target)  # by default the file's suffix says, else md
    key = fmt.key
    if target is None and key not in TEXT_FORMATS:
        raise ConversationsCliError(
            f"A {fmt.label} is a file, not text for the terminal.",
            f"Say where to write it: agentic-desk conversations export {conv_id} "
            f"--format {key} --out FILE{fmt.suffix}",
        )
    if args.message is not None:
        message = nth_message(store.messages(conv_id), args.message)
        data = export_message(store.get_conversation(conv_id), message, key)
    else:
        data = export_conversation(store, conv_id, key)
    if target is None:
        out.write(data.decode("utf-8"))
        return
    save_export(target, data)  # all at once, private (0600) on POSIX
    print(f"Exported to {target}", file=err)


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
        help="saved conversations: list, show ID, export ID, import, delete, "
        "trash list|restore ID|empty, encrypt on|off|status, lock on|off|passphrase|status",
    )
    conversations.add_argument(
        "action", choices=["list", "show", "export", "import", "delete", "trash", "encrypt", "lock"]
    )
    conversations.add_argument(
        "target",
        nargs="?",
        help="show, export, delete: an id; import: a file; trash: list, restore or empty; "
        "encrypt: on, off or status; lock: on, off, passphrase or status",
    )
    conversations.add_argument("id", nargs="?", help="trash restore: the conversation's id")
    conversations.add_argument(
        "--format",
        choices=list(FORMATS),
        help="export: md, json, docx, odt or pdf (default: the --out file's suffix, else md)",
    )
    conversations.add_argument(
        "--out",
        "--output",
        dest="out",
        metavar="FILE",
        help="export: write to this file (md and json: else to stdout)",
    )
    conversations.add_argument(
        "--message",
        type=int,
        metavar="N",
        help="export: only the Nth message (from 1, as 'conversations show' numbers them)",
    )
    conversations.add_argument(
        "--json", action="store_true", help="list, encrypt/lock status: as JSON"
    )
    conversations.set_defaults(models_func=cmd_conversations)


__all__ = ["add_parsers", "cmd_conversations"]
