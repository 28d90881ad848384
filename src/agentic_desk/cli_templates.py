"""``agentic-desk templates``: the assistant templates (see
:mod:`agentic_desk.core.assistants`), headless: list, show, import, export.
``agentic-desk chat --template NAME --field key=value`` starts a chat from one
(:func:`template_start`, used by :mod:`agentic_desk.cli`)."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from agentic_desk.core import assistants
from agentic_desk.core.assistants import AssistantTemplate, TemplateLibrary
from agentic_desk.core.engine.protocol import GenerationParams
from agentic_desk.core.errors import AgenticDeskError
from agentic_desk.core.paths import AppPaths
from agentic_desk.core.settings import Settings


class TemplatesCliError(AgenticDeskError):
    """A mistake in an ``agentic-desk templates`` command line."""


def library_for(paths: AppPaths) -> TemplateLibrary:
    return TemplateLibrary.in_data_folder(paths.root)


def _summary(template: AssistantTemplate) -> dict[str, Any]:
    return {
        "id": template.id,
        "name": template.name,
        "description": template.description,
        "starter": template.starter,
        "privacy": template.privacy,
        "fields": [f.as_json() for f in template.fields],
    }


def _need(value: str | None, what: str, example: str) -> str:
    if not value:
        raise TemplatesCliError(f"This needs {what}.", f"Example: agentic-desk {example}")
    return value


def cmd_templates(
    args: argparse.Namespace, paths: AppPaths, settings: Settings, out: TextIO, err: TextIO
) -> int:
    library = library_for(paths)
    if args.action == "list":
        listing = library.listing()
        if args.json:
            print(
                json.dumps(
                    {
                        "templates": [_summary(t) for t in listing.templates],
                        "skipped": [
                            {"file": p.file, "reason": p.message} for p in listing.problems
                        ],
                    },
                    indent=2,
                    ensure_ascii=False,
                ),
                file=out,
            )
        else:
            width = max((len(t.name) for t in listing.templates), default=0)
            for t in listing.templates:
                kind = "starter" if t.starter else "yours  "
                print(f"{t.name:<{width}}  {kind}  {t.description}", file=out)
        for problem in listing.problems:
            print(f"skipped {problem.file}: {problem.message}", file=err)
        return 0
    if args.action == "show":
        name = _need(args.target, "a template's name", 'templates show "Formal letter"')
        template = library.get(name)
        if args.json:
            print(json.dumps(template.as_json(), indent=2, ensure_ascii=False), file=out)
            return 0
        print(_describe(template), file=out)
        return 0
    if args.action == "import":
        source = _need(args.target, "a template file", "templates import letter.json")
        template = library.import_file(Path(source))
        print(f"Imported “{template.name}”.", file=err)
        print(template.name, file=out)
        return 0
    name = _need(args.target, "a template's name", 'templates export "Formal letter" --out x.json')
    if not args.out:
        raise TemplatesCliError(
            "Say where to write the template with --out FILE.",
            f'Example: agentic-desk templates export "{name}" --out template.json',
        )
    template = library.export(name, Path(args.out))
    print(f"Exported “{template.name}” to {args.out}", file=err)
    return 0


def _describe(template: AssistantTemplate) -> str:
    lines = [template.name, "=" * len(template.name)]
    if template.description:
        lines += [template.description]
    lines += [
        "",
        f"Kind: {'starter (comes with the app; read-only)' if template.starter else 'yours'}",
        f"Privacy: {template.privacy}",
    ]
    if template.reply:
        settings = ", ".join(f"{k} {v}" for k, v in template.reply.items())
        lines.append(f"Reply settings: {settings}")
    if template.fields:
        lines += ["", "Fields (--field NAME=VALUE):"]
        for f in template.fields:
            need = (
                f"default: {f.default}"
                if f.default is not None
                else ("required" if f.required else "optional")
            )
            lines.append(
                f"  {f.name}: {f.label} ({need}{', several lines' if f.multiline else ''})"
            )
    lines += ["", "System prompt:", template.system_prompt or "(none)"]
    if template.first_message:
        lines += ["", "First message:", template.first_message]
    return "\n".join(lines)


@dataclass(frozen=True)
class TemplateStart:
    """What ``chat --template`` starts with."""

    system_prompt: str | None
    privacy: str
    params: GenerationParams
    first_message: str
    name: str


def template_start(
    paths: AppPaths,
    settings: Settings,
    name: str,
    field_items: list[str],
    base: GenerationParams,
) -> TemplateStart:
    """The template ``name`` filled with ``--field`` values: its system prompt (or the
    default one), privacy and reply settings over ``base``."""
    template = library_for(paths).get(name)
    filled = template.fill(assistants.parse_field_values(field_items))
    setup = assistants.conversation_setup(settings, filled)
    return TemplateStart(
        setup.system_prompt,
        setup.privacy,
        template.params(base),
        setup.first_message,
        template.name,
    )


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    templates = sub.add_parser(
        "templates",
        help="assistant templates: list, show NAME, import FILE, export NAME --out FILE",
    )
    templates.add_argument("action", choices=["list", "show", "import", "export"])
    templates.add_argument("target", nargs="?", help="show, export: a name; import: a file")
    templates.add_argument("--out", help="export: the file to write")
    templates.add_argument("--json", action="store_true", help="list, show: as JSON")
    templates.set_defaults(models_func=cmd_templates)


__all__ = ["TemplateStart", "add_parsers", "cmd_templates", "template_start"]
