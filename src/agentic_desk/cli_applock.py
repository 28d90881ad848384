"""``agentic-desk conversations lock on|off|passphrase|status``: the app lock (see
:mod:`agentic_desk.core.applock`); called by ``agentic-desk conversations``
(:mod:`agentic_desk.cli_conversations`), which also asks for the passphrase before it
opens a locked store.

Passphrases are read with :func:`getpass.getpass` on a terminal, and one a line from
stdin otherwise (scripts and tests)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import TextIO

from agentic_desk.core.applock import AppLockError
from agentic_desk.core.context import AppContext


def read_passphrase(prompt: str, err: TextIO, stdin: TextIO | None = None) -> str:
    """One passphrase: hidden on a terminal, else the next line of stdin."""
    source = stdin if stdin is not None else sys.stdin
    if source.isatty():
        return getpass.getpass(prompt, stream=err)
    line = source.readline()
    if not line:
        raise AppLockError(
            "No passphrase was given.", "Type it when asked (or one a line on stdin)."
        )
    return line.rstrip("\r\n")


def _new_passphrase(err: TextIO) -> str:
    first = read_passphrase("New passphrase: ", err)
    if sys.stdin.isatty() and read_passphrase("Again: ", err) != first:
        raise AppLockError("The two passphrases differ.", "Nothing was changed; try again.")
    return first


def unlock_key(context: AppContext, err: TextIO) -> str | None:
    """The unwrapped database key when the lock is on (the passphrase asked for), else None."""
    if not context.settings.privacy.app_lock:
        return None
    return context.app_lock().unlock(read_passphrase("Passphrase: ", err))


def cmd_lock(args: argparse.Namespace, context: AppContext, out: TextIO, err: TextIO) -> int:
    lock = context.app_lock()
    action = args.target
    if action == "status":
        report = {
            "setting": context.settings.privacy.app_lock,
            "locked_key_in_keyring": lock.is_on(),
            "encrypted": context.settings.privacy.encrypt_conversations,
            "lock_after_minutes": context.settings.privacy.lock_after_minutes,
        }
        if args.json:
            print(json.dumps(report, indent=2), file=out)
        else:
            for name, value in report.items():
                print(f"{name}: {value}", file=out)
        return 0
    if action == "on":
        encrypted = context.settings.privacy.encrypt_conversations
        if not encrypted:  # refuse before asking for anything
            lock.turn_on("", encrypted=False)
        lock.turn_on(_new_passphrase(err), encrypted=encrypted)
        context.set_app_lock(True)
        print(
            "The app lock is on: the conversations need your passphrase to be opened.",
            file=out,
        )
    elif action == "off":
        if not lock.is_on():  # the setting outlived the keyring entry: just say it is off
            context.set_app_lock(False)
            print("The app lock is off (the keyring holds no locked key).", file=out)
            return 0
        lock.turn_off(read_passphrase("Passphrase: ", err))
        context.set_app_lock(False)
        print("The app lock is off: the keyring holds the plain key again.", file=out)
    else:  # passphrase
        old = read_passphrase("Current passphrase: ", err)
        lock.change(old, _new_passphrase(err))
        print("The passphrase was changed.", file=out)
    return 0


__all__ = ["cmd_lock", "read_passphrase", "unlock_key"]
