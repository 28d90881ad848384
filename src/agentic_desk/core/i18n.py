"""The core's texts in the user's language, without Qt (issue 16).

Every text the core builds for a person (an error's message and hint, a setting's
description, a routing notice) is written in English and passed through :func:`t`::

    raise ModelError(t("The model folder {path} has no genai_config.json.", path=folder),
                     t("Choose the folder that holds the model's files."))

Texts kept in tables at import time are marked with :func:`N_` (returned unchanged) and
translated where they are shown, with ``t(text)``.

The translations live in ``translations/<lang>.json`` beside this module: a flat
``{"English text": "translated text"}`` catalog that ``scripts/update_translations.sh``
writes from the same ``.ts`` file the window's texts are translated in (context
``core``). :func:`set_language` picks one; the window calls it with its own language, the
command line with ``ui.language``. It also sets ``AGENTIC_DESK_LANGUAGE`` so a worker
process started afterwards speaks the same language. A missing or broken catalog leaves
the texts in English: a translation can never stop the app.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
LANGUAGE_ENV = "AGENTIC_DESK_LANGUAGE"


class _State:
    catalog: dict[str, str] = {}  # noqa: RUF012 - one per process, replaced whole
    language = "en"


# A whole number grouped by thousands: ``{tokens:,}``.
_GROUPED = re.compile(r"\{(\w+):,\}")


def _fill(text: str, values: dict[str, Any]) -> str:
    """``text.format(**values)``, with each ``{name:,}`` grouped the current language's way
    (``format_int``: "16,384" in English, "16.384" in German)."""
    if ":," in text:
        grouped = {
            name: format_int(values[name])
            for name in _GROUPED.findall(text)
            if isinstance(values.get(name), int)
        }
        if grouped:
            text = _GROUPED.sub(lambda m: "{" + m[1] + "}" if m[1] in grouped else m[0], text)
            values = {**values, **grouped}
    return text.format(**values)


def t(text: str, /, **values: Any) -> str:
    """``text`` in the current language, with ``{name}`` fields filled from ``values``
    (``str.format``; braces are left alone when no values are given). A whole number in a
    ``{name:,}`` field is grouped as the language writes it (16.384 in German)."""
    catalog = _State.catalog
    translated = catalog.get(text, text) if catalog else text
    if not values:
        return translated
    try:
        return _fill(translated, values)
    except (KeyError, IndexError, ValueError):
        # A translation with a broken field must not lose the message: use the English.
        return _fill(text, values)


def N_(text: str) -> str:
    """Marks ``text`` for translation and returns it unchanged (translate it where it is
    shown, with :func:`t`)."""
    return text


# A language's separators for numbers written for people: (thousands, decimal point).
SEPARATORS: dict[str, tuple[str, str]] = {"en": (",", "."), "de": (".", ",")}


def format_int(number: int) -> str:
    """A whole number for people, grouped as the current language writes it
    (16384 -> "16,384" in English, "16.384" in German)."""
    thousands, _point = SEPARATORS.get(_State.language, SEPARATORS["en"])
    return f"{number:,}".replace(",", thousands)


def format_decimal(number: float, digits: int = 1) -> str:
    """A number with ``digits`` decimals for people, in the current language's way
    (1234.5 -> "1,234.5" in English, "1.234,5" in German)."""
    thousands, point = SEPARATORS.get(_State.language, SEPARATORS["en"])
    text = f"{number:,.{digits}f}"
    return text.replace(",", "\0").replace(".", point).replace("\0", thousands)


def language() -> str:
    """The language the core's texts are in now ("en" when untranslated)."""
    return _State.language


def load_catalog(lang: str) -> dict[str, str]:
    """The shipped catalog for ``lang`` (empty for English, an unknown language or a
    catalog that cannot be read)."""
    if lang == "en" or not lang.isalpha():
        return {}
    try:
        data = json.loads((TRANSLATIONS_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str) and v}


def set_language(lang: str) -> str:
    """Speak ``lang`` ("en", "de", ...) from now on, in this process and in worker
    processes started later. Returns the language used ("en" when none is shipped)."""
    catalog = load_catalog(lang)
    _State.catalog = catalog
    _State.language = lang if catalog else "en"
    os.environ[LANGUAGE_ENV] = _State.language
    return _State.language


def system_language(environ: dict[str, str] | None = None) -> str:
    """The language of the user's locale, without Qt: the first of ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` that is set ("de_DE.UTF-8" -> "de"); "en" when none is
    (or it is "C" / "POSIX")."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code.isalpha() and code not in ("c", "posix") else "en"
    return "en"


def use_setting(language: str) -> str:
    """Apply the ``ui.language`` setting ("system", "en", "de", ...) to the core's texts,
    as the command line does at start; returns the language used."""
    return set_language(system_language() if language == "system" else language)


def _from_environment() -> None:
    lang = os.environ.get(LANGUAGE_ENV, "")
    if lang and lang != "en":
        set_language(lang)


_from_environment()

__all__ = [
    "LANGUAGE_ENV",
    "N_",
    "SEPARATORS",
    "format_decimal",
    "format_int",
    "language",
    "load_catalog",
    "set_language",
    "system_language",
    "t",
    "use_setting",
]
