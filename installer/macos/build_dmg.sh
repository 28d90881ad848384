#!/usr/bin/env bash
# Build, sign, notarise and package Agentic Desk for macOS (run on a Mac, Python 3.11 from
# python.org or Homebrew, Xcode command line tools):
#   installer/macos/build_dmg.sh
# Produces dist/AgenticDesk-VERSION-macos-ARCH.dmg holding "Agentic Desk.app" and a link to
# /Applications. Steps:
#   1. python3 packaging/build.py --flavour cpu  -> dist/cpu/Agentic Desk.app (PyInstaller
#      BUNDLE; Intel Macs get onnxruntime-genai 0.11.4, Apple Silicon the newest: Fact 8)
#   2. the app's --self-test, from inside the .app
#   3. with APPLE_IDENTITY: every Mach-O file in the app signed inside-out with the hardened
#      runtime, a secure timestamp and installer/macos/entitlements.plist, then the app;
#      verified with codesign --verify --strict
#   4. the .dmg (hdiutil, UDZO), signed with APPLE_IDENTITY
#   5. with APPLE_ID + APPLE_TEAM_ID + APPLE_APP_PASSWORD (an app-specific password), or
#      APPLE_NOTARY_PROFILE (a `xcrun notarytool store-credentials` profile): notarised with
#      notarytool (waits for the verdict, prints the log on rejection), the ticket stapled to
#      the .dmg, and Gatekeeper's verdict checked with spctl
# Without APPLE_IDENTITY the result is unsigned (for local testing only: Gatekeeper blocks it).
# Environment:
#   APPLE_IDENTITY       "Developer ID Application: Name (TEAMID)" (in the login keychain)
#   APPLE_TEAM_ID        the 10-character team id
#   APPLE_ID             the Apple ID e-mail used for notarisation
#   APPLE_APP_PASSWORD   an app-specific password of that Apple ID
#   APPLE_NOTARY_PROFILE instead of the three above: a notarytool keychain profile
#   SKIP_BUILD=1         reuse dist/cpu/Agentic Desk.app
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
[ "$(uname)" = Darwin ] || { echo "error: run this on macOS" >&2; exit 1; }
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' src/agentic_desk/__init__.py)
ARCH=$(uname -m)
APP="dist/cpu/Agentic Desk.app"
DMG="dist/AgenticDesk-$VERSION-macos-$ARCH.dmg"
ENTITLEMENTS=installer/macos/entitlements.plist
step() { printf '\n==> %s\n' "$*"; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  step "bundle (packaging/build.py --flavour cpu)"
  python3 packaging/build.py --flavour cpu
fi
[ -d "$APP" ] || { echo "error: $APP is missing" >&2; exit 1; }

step "self-test of the app"
"$APP/Contents/MacOS/agentic-desk" --version
"$APP/Contents/MacOS/agentic-desk" --self-test

if [ -n "${APPLE_IDENTITY:-}" ]; then
  step "codesign (hardened runtime) as $APPLE_IDENTITY"
  sign() {
    codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
      --sign "$APPLE_IDENTITY" "$1"
  }
  # inside-out: libraries and extension modules, then the executables, then the bundle
  while IFS= read -r -d '' f; do
    if file -b "$f" | grep -q "Mach-O"; then sign "$f"; fi
  done < <(find "$APP/Contents" -type f \( -name '*.so' -o -name '*.dylib' -o -perm -u+x \) -print0)
  sign "$APP"
  codesign --verify --strict --deep --verbose=2 "$APP"
else
  echo "note: APPLE_IDENTITY is not set: the app and the .dmg stay unsigned (local testing only)"
fi

step "disk image $DMG"
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$APP" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$DMG"
hdiutil create -volname "Agentic Desk $VERSION" -srcfolder "$staging" -fs HFS+ -format UDZO \
  -imagekey zlib-level=9 -ov "$DMG"
[ -z "${APPLE_IDENTITY:-}" ] || codesign --force --timestamp --sign "$APPLE_IDENTITY" "$DMG"

if [ -n "${APPLE_IDENTITY:-}" ] && { [ -n "${APPLE_NOTARY_PROFILE:-}" ] || [ -n "${APPLE_ID:-}" ]; }; then
  step "notarisation (notarytool, waits for Apple's verdict)"
  if [ -n "${APPLE_NOTARY_PROFILE:-}" ]; then
    auth=(--keychain-profile "$APPLE_NOTARY_PROFILE")
  else
    : "${APPLE_TEAM_ID:?set APPLE_TEAM_ID}" "${APPLE_APP_PASSWORD:?set APPLE_APP_PASSWORD}"
    auth=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
  fi
  result=$(xcrun notarytool submit "$DMG" "${auth[@]}" --wait --output-format json)
  echo "$result"
  id=$(plutil -extract id raw - <<<"$result")
  status=$(plutil -extract status raw - <<<"$result")
  if [ "$status" != Accepted ]; then
    xcrun notarytool log "$id" "${auth[@]}" || true
    echo "error: notarisation finished with status $status (log above)" >&2
    exit 1
  fi
  xcrun stapler staple "$DMG"
  xcrun stapler validate "$DMG"
  spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
else
  echo "note: not notarised (needs APPLE_IDENTITY and APPLE_ID/APPLE_TEAM_ID/APPLE_APP_PASSWORD or APPLE_NOTARY_PROFILE)"
fi
echo "built $DMG"
