#!/usr/bin/env bash
# Refresh the README's screenshots (docs/screenshots/) from the GUI tests' screenshot tests.
# A normal test run writes them to build/screenshots/ and leaves the checkout clean.
set -euo pipefail
cd "$(dirname "$0")/.."
export AGENTIC_DESK_SCREENSHOTS="$PWD/docs/screenshots" QT_QPA_PLATFORM=offscreen
scripts/with-secret-service.sh .venv/bin/python -m pytest -q -p no:cacheprovider \
  -k "screenshot" tests/test_gui.py tests/test_gui_settings.py tests/test_gui_models.py \
  tests/test_gui_e2e.py "$@"
