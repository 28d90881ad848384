#!/usr/bin/env bash
# Re-extract the app's texts into the .ts files and compile them to what the app loads:
# - the window's texts (tr(), QCoreApplication.translate) from src/agentic_desk/ui, compiled
#   to ui/translations/agentic_desk_<lang>.qm (loaded by agentic_desk.ui.i18n);
# - the core's texts (t("..."), N_("...") in src/agentic_desk/core, found by
#   scripts/core_texts.py) under the context "core" of the same .ts, written as the flat
#   catalog core/translations/<lang>.json (loaded by agentic_desk.core.i18n, no Qt needed).
# Add a language: LANGS="de fr" scripts/update_translations.sh, translate the new .ts
# (pyside6-linguist or a text editor), run this again, commit the .ts, .qm and .json.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${PYSIDE_BIN:-$(dirname "$(command -v python)")}"
[ -x "$BIN/pyside6-lupdate" ] || BIN=.venv/bin
PY="$BIN/python"
OUT=src/agentic_desk/ui/translations
CORE_OUT=src/agentic_desk/core/translations
"$PY" scripts/core_texts.py extract build/core_texts.py
SOURCES="$(find src/agentic_desk/ui -name '*.py' | sort) build/core_texts.py"
for lang in ${LANGS:-de}; do
    # shellcheck disable=SC2086
    "$BIN/pyside6-lupdate" -no-obsolete -locations none $SOURCES -ts "$OUT/agentic_desk_$lang.ts"
    "$BIN/pyside6-lrelease" -silent "$OUT/agentic_desk_$lang.ts" -qm "$OUT/agentic_desk_$lang.qm"
    "$PY" scripts/core_texts.py catalog "$OUT/agentic_desk_$lang.ts" "$CORE_OUT/$lang.json"
done
