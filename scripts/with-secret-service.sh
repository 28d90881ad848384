#!/usr/bin/env bash
# Run a command with a real, unlocked Secret Service (GNOME Keyring) on a private D-Bus
# session bus, e.g. the tests on a headless Linux machine or CI:
#
#   scripts/with-secret-service.sh .venv/bin/python -m pytest -q
#
# Needs (Debian/Ubuntu): apt-get install -y dbus gnome-keyring
# The keyring lives in a throw-away folder (never your own ~/.local/share/keyrings) and is
# unlocked with a fixed password; the daemon is stopped when the command ends.
# Exit status: the command's; 127 when dbus-run-session or gnome-keyring-daemon is missing.
set -euo pipefail

if [ "${1:-}" != "--inside-bus" ]; then
  [ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
  for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || {
      echo "$0: $tool not found (apt-get install -y dbus gnome-keyring)" >&2
      exit 127
    }
  done
  exec dbus-run-session -- "$0" --inside-bus "$@"
fi
shift

keyrings=$(mktemp -d "${TMPDIR:-/tmp}/agentic-desk-keyring.XXXXXX")
daemon=
cleanup() {
  # The daemon must be stopped by hand: when the command ends quickly, one started with
  # a plain `gnome-keyring-daemon --unlock` outlives dbus-run-session (seen with 42.1).
  if [ -n "$daemon" ]; then kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; fi
  rm -rf "$keyrings"
}
trap cleanup EXIT
# Only the daemon sees the throw-away data folder. It reads the password from stdin,
# creates/unlocks the "login" collection with it, then serves org.freedesktop.secrets.
printf '%s' "agentic-desk-ci" \
  | XDG_DATA_HOME="$keyrings" gnome-keyring-daemon --foreground --unlock --components=secrets \
    >/dev/null &
daemon=$!
for _ in $(seq 200); do  # up to ~10 s for the daemon to own the Secret Service name
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
    | grep -q 'boolean true'; then
    break
  fi
  kill -0 "$daemon" 2>/dev/null || { echo "$0: gnome-keyring-daemon exited early" >&2; exit 1; }
  sleep 0.05
done
"$@"
