#!/usr/bin/env bash
# Regenerate the bundles' locks (locks/*.txt, locks/inputs.txt) from pyproject.toml: the one
# command to run after changing dependencies (scripts/lock.py; needs uv next to PYTHON or on
# PATH). `scripts/lock.sh --check` only checks, offline.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$([ -x .venv/bin/python ] && echo .venv/bin/python || echo python3)}
exec "$PYTHON" scripts/lock.py "$@"
