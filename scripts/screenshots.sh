#!/usr/bin/env bash
# Screenshots of every view of the real app (chat, Models, Documents, each Settings section) at 800x600
# and 1600x1000 in light, dark and high contrast, to build/screenshots/; see
# scripts/screenshots.py. Under Xvfb (a real X display, no window manager) when it is
# installed; otherwise Qt's offscreen platform, after saying what to install.
# Extra arguments go to screenshots.py (--model PATH, --out DIR, --themes light,dark).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
if command -v xvfb-run >/dev/null 2>&1; then
  exec xvfb-run --auto-servernum --server-args="-screen 0 1920x1200x24" \
    env QT_QPA_PLATFORM=xcb "$PY" scripts/screenshots.py "$@"
fi
echo "Xvfb is not installed, so the screenshots are drawn offscreen instead of on a real" >&2
echo "X display. To install it: sudo apt-get install -y xvfb (Debian/Ubuntu)," >&2
echo "sudo dnf install xorg-x11-server-Xvfb (Fedora)." >&2
QT_QPA_PLATFORM=offscreen exec "$PY" scripts/screenshots.py "$@"
