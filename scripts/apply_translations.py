"""Fill translations kept in a JSON file into a Qt ``.ts`` file (issue 16).

    python scripts/apply_translations.py TS_FILE JSON_FILE

``JSON_FILE`` holds ``{"<context>": {"<English source>": "<translation>"}}``: the context
is the class name or the ``QCoreApplication.translate`` context of a window text, or
``core`` for the core's ``t()`` / ``N_()`` texts. A ``%n`` text (``tr(text, "", n)``) takes
a list of its forms (German: ``[singular, plural]``).

Each message of ``TS_FILE`` whose translation is unfinished (or empty) and that the JSON
file has is filled in and marked finished; every other message is left as it is (a
translation already finished stays, even when the JSON file says otherwise). A
translation whose ``{fields}`` differ from its source's is refused: it could not be
filled in at run time. Afterwards run ``scripts/update_translations.sh`` to compile the
``.qm`` and the core's catalog.

Prints what was filled, what the JSON file has that the ``.ts`` does not (a text changed
or removed in the code), and the messages still unfinished. Exits with 1 when a
translation was refused.
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

FIELD = re.compile(r"(?<!\{)\{[^{}]*\}")


def fields(text: str) -> list[str]:
    """The ``{fields}`` of a text, sorted (``{{`` and ``}}`` are literal braces)."""
    return sorted(FIELD.findall(text.replace("{{", "").replace("}}", "")))


@dataclass
class Result:
    filled: list[tuple[str, str]] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # finished already
    unknown: list[tuple[str, str]] = field(default_factory=list)  # not in the .ts
    refused: list[str] = field(default_factory=list)
    unfinished: list[tuple[str, str]] = field(default_factory=list)


def _forms(wanted: str | list[str]) -> list[str]:
    return [wanted] if isinstance(wanted, str) else list(wanted)


def _problem(source: str, forms: list[str], plural: bool) -> str | None:
    if not forms or not all(isinstance(f, str) and f for f in forms):
        return "an empty translation"
    if plural and len(forms) < 2:
        return "a %n text needs its forms as a list [singular, plural]"
    if not plural and len(forms) != 1:
        return "not a %n text: one translation, not a list"
    for form in forms:
        if fields(form) != fields(source):
            return f"fields {fields(form)} differ from the source's {fields(source)}"
    return None


def apply(ts: Path, translations: dict[str, dict[str, str | list[str]]]) -> Result:
    """Fills ``translations`` into ``ts`` (rewritten in place when anything was filled)."""
    tree = ET.parse(ts)
    result = Result()
    seen: set[tuple[str, str]] = set()
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        wanted_here = translations.get(name, {})
        for message in context.findall("message"):
            source = message.findtext("source") or ""
            seen.add((name, source))
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation", {"type": "unfinished"})
            plural = message.get("numerus") == "yes"
            done = translation.get("type") not in ("unfinished", "obsolete", "vanished") and (
                bool(translation.text) or any(f.text for f in translation.iter("numerusform"))
            )
            if source not in wanted_here:
                if not done:
                    result.unfinished.append((name, source))
                continue
            if done:
                result.kept.append((name, source))
                continue
            forms = _forms(wanted_here[source])
            problem = _problem(source, forms, plural)
            if problem:
                result.refused.append(f"{name}: {source!r}: {problem}")
                result.unfinished.append((name, source))
                continue
            translation.attrib.pop("type", None)
            if plural:
                for old in list(translation):
                    translation.remove(old)
                translation.text = None
                for form in forms:
                    ET.SubElement(translation, "numerusform").text = form
            else:
                translation.text = forms[0]
            result.filled.append((name, source))
    for name, texts in translations.items():
        result.unknown += [(name, s) for s in texts if (name, s) not in seen]
    if result.filled:
        body = ET.tostring(tree.getroot(), encoding="unicode")
        ts.write_text(
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
            encoding="utf-8",
        )
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    ts, source = Path(argv[0]), Path(argv[1])
    try:
        translations = json.loads(source.read_text(encoding="utf-8"))
        result = apply(ts, translations)
    except (OSError, ValueError, ET.ParseError) as exc:
        print(f"Could not read the files: {exc}", file=sys.stderr)
        return 2
    print(f"filled {len(result.filled)}; already translated {len(result.kept)}")
    for name, text in result.unknown:
        print(f"  not in {ts.name} (changed or removed in the code?): {name}: {text!r}")
    for problem in result.refused:
        print(f"  refused: {problem}", file=sys.stderr)
    print(f"still unfinished in {ts.name}: {len(result.unfinished)}")
    return 1 if result.refused else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
