"""``agentic-desk cloud|providers|rules|keys|route``: cloud opt-in, headless."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from agentic_desk.core import jsonload
from agentic_desk.core.atomic import atomic_write_text
from agentic_desk.core.context import AppContext
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.privacy.levels import COMPLEXITY_LEVELS, PRIVACY_LEVELS
from agentic_desk.core.routing import config as rc
from agentic_desk.core.settings import Settings, SettingsStore

if TYPE_CHECKING:
    from agentic_desk.core.conversations import Conversation
    from agentic_desk.core.engine.protocol import ChatMessage
    from agentic_desk.core.privacy.pseudonymise import Pseudonymised, PseudonymMap


def _setup(paths: AppPaths, settings: Settings) -> AppContext:
    return AppContext(paths, SettingsStore(paths.settings_file), settings)


def cmd_cloud(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    setup = _setup(paths, settings)
    if args.action in ("on", "off"):
        file_settings = setup.settings_store.load().file_settings
        file_settings.cloud.enabled = args.action == "on"
        setup.settings_store.save(file_settings)
        if args.action == "on":
            print(
                "Cloud providers are ON. Messages may now go to the providers you configured, "
                "when the routing rules send them there. Messages marked high privacy or "
                "local-only, and messages with sensitive data, still never leave this "
                "computer.",
                file=out,
            )
        else:
            print("Cloud providers are OFF: every message stays on this computer.", file=out)
        return 0
    state = "ON" if settings.cloud.enabled else "OFF (nothing leaves this computer)"
    config = setup.router()
    ledger = setup.ledger()
    print(f"cloud: {state}", file=out)
    print(f"default provider: {config.default_provider}; mode: {config.mode}", file=out)
    budgets = config.budgets
    print(
        f"spent: ${ledger.today():.4f} today (limit {budgets.daily}), "
        f"${ledger.month():.4f} this month (limit {budgets.monthly})",
        file=out,
    )
    return 0


def cmd_providers(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    setup = _setup(paths, settings)
    config = setup.router()
    if args.action == "list":
        lookup = setup.key_lookup()
        if not config.providers:
            print(
                "No cloud providers. Add one with 'agentic-desk providers add NAME ...'.", file=out
            )
        for name, entry in config.providers.items():
            if entry.is_local:
                print(f"{name}: this computer's local model (always available)", file=out)
                continue
            has_key = (
                "no key needed"
                if not entry.needs_key
                else ("key set" if lookup(name, entry.env_var()) else "NO KEY")
            )
            print(
                f"{name}: {entry.kind}, {entry.base_url}, model {entry.model or '-'} ({has_key})",
                file=out,
            )
        return 0
    if args.action == "add":
        known_kind, known_url = rc.KNOWN_PROVIDERS.get(args.name, ("openai", ""))
        headers = dict(h.split("=", 1) for h in args.header or [])
        entry = rc.ProviderEntry(
            name=args.name,
            kind=args.kind or known_kind,
            base_url=args.base_url or known_url,
            model=args.model or "",
            headers=headers,
            api_key=f"${{{args.key_env}}}" if args.key_env else rc.KEYRING_REF,
        )
        if not entry.base_url:
            raise AgenticDeskError(
                f"Provider '{args.name}' needs a base URL.",
                "Add --base-url https://... (the OpenAI-compatible /v1 URL).",
            )
        setup.save_router(config.with_provider(entry))
        print(
            f"Added {args.name}. Store its key with 'agentic-desk keys set {args.name}'.", file=out
        )
        return 0
    if args.action == "remove":
        if args.name not in config.providers:
            raise AgenticDeskError(
                f"There is no provider called '{args.name}'.", "See 'agentic-desk providers list'."
            )
        setup.save_router(config.without_provider(args.name))
        print(f"Removed {args.name}.", file=out)
        return 0
    # test
    from agentic_desk.core.providers.config import ProviderConfig
    from agentic_desk.core.providers.factory import make_provider

    entry = config.provider(args.name)
    if entry is None or entry.is_local:
        raise AgenticDeskError(
            f"There is no cloud provider called '{args.name}'.",
            "See 'agentic-desk providers list'.",
        )
    key = setup.key_lookup()(args.name, entry.env_var())
    provider = make_provider(
        ProviderConfig(
            name=entry.name,
            kind=entry.kind,
            base_url=entry.base_url,
            model=entry.model,
            headers=dict(entry.headers),
            timeout_s=entry.timeout_s,
            max_retries=0,
        ),
        key,
    )
    print(provider.test_connection(), file=out)
    return 0


def cmd_rules(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    setup = _setup(paths, settings)
    if args.action == "import":
        notices: list[str] = []
        secrets = setup.secrets()
        data = rc.read_config_file(
            Path(args.file),
            what="The rules file",
            hint="Give a routing configuration exported with 'agentic-desk rules export' "
            "(or agentic-flow's router.config.json).",
        )
        config = rc.parse_config(data, store_key=secrets.set, notices=notices)
        setup.save_router(config)
        for notice in notices:
            print(notice, file=err)
        print(
            f"Imported {len(config.rules)} rules and {len(config.providers)} providers "
            f"from {args.file}.",
            file=out,
        )
        return 0
    config = setup.router()
    if args.action == "export":
        text = json.dumps(rc.to_json(config), indent=2)
        if args.file and args.file != "-":
            atomic_write_text(Path(args.file), text + "\n")
            print(
                f"Exported to {args.file} (keys are written as placeholders, never themselves).",
                file=err,
            )
        else:
            print(text, file=out)
        return 0
    print(
        f"mode: {config.mode}; default: {config.default_provider}; fallback chain: "
        f"{', '.join(config.fallback_chain) or '-'}",
        file=out,
    )
    for index, rule in enumerate(config.rules, start=1):
        target = rule.action.provider + (f" ({rule.action.model})" if rule.action.model else "")
        print(
            f"{index}. if {rule.condition.describe()} -> {target}"
            f"{f'  # {rule.reason}' if rule.reason else ''}",
            file=out,
        )
    return 0


def cmd_keys(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    setup = _setup(paths, settings)
    secrets = setup.secrets()
    if args.action == "set":
        if args.name is None:
            raise AgenticDeskError(
                "keys set needs a provider name.", "Example: agentic-desk keys set openrouter"
            )
        key = (
            sys.stdin.readline().strip()
            if not sys.stdin.isatty()
            else getpass.getpass(f"API key for {args.name} (not shown): ")
        )
        if not key:
            raise AgenticDeskError("No key was given.", "Paste the key, then press Enter.")
        secrets.set(args.name, key)
        print(
            f"Stored the key for {args.name} in the system keyring ({secrets.backend_name()}).",
            file=out,
        )
        return 0
    if args.action == "delete":
        removed = secrets.delete(args.name)
        print(
            f"Deleted the key for {args.name}."
            if removed
            else f"There was no key for {args.name}.",
            file=out,
        )
        return 0
    names = sorted(set(setup.router().providers) | {"openai", "anthropic", "openrouter"})
    found = secrets.list_providers(names)
    if not found:
        print("No keys stored.", file=out)
    for name, where in sorted(found.items()):
        print(f"{name}: {where}", file=out)
    return 0


def cmd_route(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    from agentic_desk.core.chat import ChatRequest, ChatService
    from agentic_desk.core.engine.protocol import ChatMessage
    from agentic_desk.core.routing.router import explain

    setup = _setup(paths, settings)
    service = ChatService(
        engine=None,
        router_config=setup.router(),
        cloud_enabled=settings.cloud.enabled,
        keys=setup.key_lookup(),
        prices=setup.prices(),
        ledger=setup.ledger(),
        detector_enabled=settings.privacy.detector_enabled,
        assume_local_model=True,
    )
    messages: list[ChatMessage] = []
    levels: list[str | None] = []
    pseudonyms: PseudonymMap | None = None
    pseudonymise_stored = False
    privacy = args.privacy or settings.privacy.default_level
    complexity = args.complexity
    if args.messages and args.conversation:
        raise AgenticDeskError(
            "Give --messages or --conversation, not both.", "Explain one conversation at a time."
        )
    if args.messages:
        messages = _messages_file(Path(args.messages))
        levels = [None] * len(messages)
    elif args.conversation:
        conversation, messages, levels, pseudonyms = _stored_conversation(paths, args.conversation)
        privacy = args.privacy or conversation.privacy
        complexity = complexity or conversation.complexity
        pseudonymise_stored = pseudonyms is not None
    if args.prompt:
        messages.append(ChatMessage("user", " ".join(args.prompt)))
        levels.append(None)
    if not messages:
        raise AgenticDeskError(
            "There is nothing to explain.",
            "Give a prompt, --messages FILE (a JSON list of {role, content}) or --conversation ID.",
        )
    request = ChatRequest(
        messages,
        privacy=privacy,
        complexity=complexity,
        tags=tuple(args.tag or []),
        provider=args.provider,
        message_levels=levels,
        pseudonymise=bool(args.pseudonymise) or pseudonymise_stored,
        pseudonyms=pseudonyms,
    )
    plan = service.plan(request)
    if plan.notice:
        print(plan.notice, file=out)
    for line in explain(plan.decision):
        print(line, file=out)
    if plan.sends_pseudonymised and plan.pseudonymised is not None:
        _print_pseudonymised(plan.pseudonymised, out)
    if settings.privacy.detector_enabled:  # what the detector cannot see (issue 18)
        from agentic_desk.core.privacy.entities import coverage_notice
        from agentic_desk.core.privacy.scanning import configured

        unseen = coverage_notice(configured()[1])
        if unseen:
            print(unseen, file=out)
    return 0


def _print_pseudonymised(pseudonymised: Pseudonymised, out: TextIO) -> None:
    """Exactly the text that would leave, message by message (placeholders, no value)."""
    from agentic_desk.core.i18n import t
    from agentic_desk.core.privacy.payload import parts_of

    print("", file=out)
    print(
        t(
            "What would be sent ({count} placeholders; the real values stay here):",
            count=len(pseudonymised.used),
        ),
        file=out,
    )
    for part in parts_of(pseudonymised.messages):
        print(f"--- {part.where} ---", file=out)
        print(part.text, file=out)


def _messages_file(path: Path) -> list[ChatMessage]:
    """A JSON list of {"role": "system"|"user"|"assistant", "content": "..."}."""
    from agentic_desk.core.engine.protocol import ChatMessage

    hint = 'It must be a JSON list of {"role": ..., "content": ...} objects.'
    raw = jsonload.load_file(path, what="The messages file", hint=hint)
    if not isinstance(raw, list):
        raise AgenticDeskError(f"{path} is not a list of messages.", hint)
    out: list[ChatMessage] = []
    for index, item in enumerate(raw, start=1):
        role = item.get("role") if isinstance(item, dict) else None
        content = item.get("content") if isinstance(item, dict) else None
        if role not in ("system", "user", "assistant") or not isinstance(content, str):
            raise AgenticDeskError(
                f"Message {index} in {path} needs a role (system, user or assistant) and a "
                "text content.",
                hint,
            )
        out.append(ChatMessage(role, content))
    return out


def _stored_conversation(
    paths: AppPaths, conversation_id: str
) -> tuple[Conversation, list[ChatMessage], list[str | None], PseudonymMap | None]:
    """What the window would send for the conversation's next turn: its system prompt and
    messages, with each message's own privacy level, and its placeholders when it is
    sent with personal details replaced (None: it is not)."""
    from agentic_desk.core.conversations import ConversationStore
    from agentic_desk.core.conversations.pseudonyms import Pseudonyms
    from agentic_desk.core.engine.protocol import ChatMessage

    if not paths.conversations_db.exists():
        raise AgenticDeskError(
            f"There is no conversation {conversation_id!r}: no conversations are stored yet.",
            "Conversation IDs are in the window's export (JSON) of a conversation.",
        )
    store = ConversationStore(paths.conversations_db)
    try:
        conversation = store.get_conversation(conversation_id)
        stored = [
            m
            for m in store.messages(conversation_id)
            if m.role in ("system", "user", "assistant") and (m.content or m.role == "user")
        ]
        records = Pseudonyms(store)
        pseudonyms = (
            records.load(conversation_id) if records.settings(conversation_id).enabled else None
        )
    finally:
        store.close()
    messages = [ChatMessage(m.role, m.content) for m in stored]
    levels: list[str | None] = [m.privacy for m in stored]
    if conversation.system_prompt:
        messages.insert(0, ChatMessage("system", conversation.system_prompt))
        levels.insert(0, None)
    return conversation, messages, levels, pseudonyms


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cloud = sub.add_parser("cloud", help="turn cloud providers on or off (off by default)")
    cloud.add_argument("action", choices=["on", "off", "status"])
    cloud.set_defaults(models_func=cmd_cloud)

    providers = sub.add_parser("providers", help="cloud providers")
    providers.add_argument("action", choices=["list", "add", "remove", "test"])
    providers.add_argument("name", nargs="?")
    providers.add_argument("--kind", choices=["openai", "anthropic"])
    providers.add_argument("--base-url")
    providers.add_argument("--model")
    providers.add_argument("--header", action="append", help="NAME=VALUE (repeatable)")
    providers.add_argument(
        "--key-env", help="read the key from this environment variable instead of the keyring"
    )
    providers.set_defaults(models_func=cmd_providers)

    rules = sub.add_parser("rules", help="routing rules (agentic-flow router.config.json)")
    rules.add_argument("action", choices=["list", "import", "export"])
    rules.add_argument("file", nargs="?")
    rules.set_defaults(models_func=cmd_rules)

    keys = sub.add_parser("keys", help="API keys in the system keyring")
    keys.add_argument("action", choices=["set", "delete", "list"])
    keys.add_argument("name", nargs="?")
    keys.set_defaults(models_func=cmd_keys)

    route = sub.add_parser(
        "route", help="show where a prompt (or a whole conversation) would run, and why"
    )
    route.add_argument("action", choices=["explain"])
    route.add_argument("prompt", nargs="*", help="the next message (optional with the options)")
    route.add_argument(
        "--messages",
        metavar="FILE",
        help='a conversation to explain: a JSON list of {"role", "content"} objects',
    )
    route.add_argument(
        "--conversation", metavar="ID", help="a stored conversation to explain, by its ID"
    )
    route.add_argument("--privacy", choices=list(PRIVACY_LEVELS))
    route.add_argument("--complexity", choices=list(COMPLEXITY_LEVELS))
    route.add_argument("--provider")
    route.add_argument("--tag", action="append")
    route.add_argument(
        "--pseudonymise",
        action="store_true",
        help="as if sent with personal details replaced (shows the text that would leave)",
    )
    route.set_defaults(models_func=cmd_route)


__all__ = ["add_parsers"]
