"""The window's language (issue 16): installs Qt translators for the language chosen in
``ui.language`` ("system": the system's locale). The app's own messages come from
``translations/agentic_desk_<lang>.qm`` inside this package (made from the ``.ts`` by
``scripts/update_translations.sh``); Qt's standard buttons and dialogs from PySide6's
``qtbase_<lang>.qm``. English is the source language: it needs no file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from agentic_desk.core import i18n as core_i18n
from agentic_desk.core.conversations import DEFAULT_TITLE
from agentic_desk.core.i18n import (
    format_decimal,
    format_int,
)  # numbers for people, in the language installed here

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
SHIPPED: tuple[str, ...] = ("de",)
"""The languages with a complete translation (English is the source)."""

_installed: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for pyside6-lupdate under ``context`` and returns it as it is (Qt's
    own returns ``object`` to the type checker): for words kept in tables and translated
    where they are shown, with ``QCoreApplication.translate(context, text)``."""
    return text


def resolve(language: str) -> str:
    """``"system"`` -> the system locale's language when one is shipped, else ``"en"``."""
    if language == "system":
        name = QLocale.system().name().split("_")[0]
        return name if name in SHIPPED else "en"
    return language if language in SHIPPED else "en"


def install(app: QCoreApplication, language: str) -> str:
    """Translate the window into ``language`` ("system", "en", "de"); returns the one used.
    Call before the widgets are built. Replaces what an earlier call installed. The core's
    texts (errors, setting descriptions, notices; also in worker processes started later)
    follow: :func:`agentic_desk.core.i18n.set_language`."""
    uninstall(app)
    used = resolve(language)
    if used == "en":
        return used
    own = QTranslator(app)
    if not own.load(str(TRANSLATIONS_DIR / f"agentic_desk_{used}.qm")):
        return "en"  # a broken bundle: the window stays in English
    core_i18n.set_language(used)
    app.installTranslator(own)
    _installed.append(own)
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{used}", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    return used


def plural(text: str, count: int) -> str:
    """A ``%n`` text after ``self.tr(text, "", count)``: a language's own plural forms come
    from its ``.qm``; English, the source, has none, so its "(s)" is settled here
    ("Moved 1 model(s)" -> "Moved 1 model", "Moved 2 model(s)" -> "Moved 2 models")."""
    return text.replace("(s)", "" if count == 1 else "s")


def conversation_title(title: str | None) -> str:
    """A conversation's title as shown: the core's untitled "New chat" in the window's
    language; a title the user or the model gave, as it is."""
    if not title or title == DEFAULT_TITLE:
        return QCoreApplication.translate("i18n", "New chat")
    return title


def uninstall(app: QCoreApplication) -> None:
    """Back to English (tests; a window closed)."""
    core_i18n.set_language("en")
    while _installed:
        app.removeTranslator(_installed.pop())


__all__ = [
    "QT_TRANSLATE_NOOP",
    "SHIPPED",
    "TRANSLATIONS_DIR",
    "conversation_title",
    "format_decimal",
    "format_int",
    "install",
    "plural",
    "resolve",
    "uninstall",
]
