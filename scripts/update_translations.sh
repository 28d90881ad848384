#!/usr/bin/env bash
# Re-extract the window's texts into the .ts files and compile them to the .qm files the
# app loads (agentic_desk.ui.i18n). Add a language: LANGS="de fr" scripts/update_translations.sh,
# translate the new .ts (pyside6-linguist or a text editor), run this again, commit both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${PYSIDE_BIN:-$(dirname "$(command -v python)")}"
[ -x "$BIN/pyside6-lupdate" ] || BIN=.venv/bin
OUT=src/agentic_desk/ui/translations
SOURCES=$(find src/agentic_desk/ui -name '*.py' | sort)
for lang in ${LANGS:-de}; do
    # shellcheck disable=SC2086
    "$BIN/pyside6-lupdate" -no-obsolete -locations none $SOURCES -ts "$OUT/agentic_desk_$lang.ts"
    "$BIN/pyside6-lrelease" -silent "$OUT/agentic_desk_$lang.ts" -qm "$OUT/agentic_desk_$lang.qm"
done
