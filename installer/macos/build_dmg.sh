#!/usr/bin/env bash
# Build, sign, notarise and package Agentic Desk for macOS (run on a Mac, Python 3.11 from
# python.org or Homebrew, Xcode command line tools):
#   installer/macos/build_dmg.sh
# Produces dist/AgenticDesk-VERSION-macos-ARCH.dmg holding "Agentic Desk.app" and a link to
# /Applications. Steps:
#   1. python3 packaging/build.py --flavour cpu  -> dist/cpu/Agentic Desk.app (PyInstaller
#      BUNDLE; Intel Macs get onnxruntime-genai 0.11.4, Apple Silicon the newest: Fact 8)
#   2. the app's --self-test, from inside the .app
#   3. with APPLE_IDENTITY: every Mach-O file in the app (found by its magic bytes) signed
#      inside-out with the hardened runtime, a secure timestamp and
#      installer/macos/entitlements.plist, each .framework signed as a bundle, then the app;
#      verified with codesign --verify --strict
#   4. the .dmg (hdiutil, UDZO), signed with APPLE_IDENTITY
#   5. with APPLE_ID + APPLE_TEAM_ID + APPLE_APP_PASSWORD (an app-specific password), or
#      APPLE_NOTARY_PROFILE (a `xcrun notarytool store-credentials` profile): notarised with
#      notarytool (waits for the verdict, prints the log on rejection), the ticket stapled to
#      the .dmg, and Gatekeeper's verdict checked with spctl
# Apple Silicon Macs on macOS 13 get no .dmg: the arm64 app needs macOS 14 (onnxruntime-genai
# 0.18's floor there); on macOS 13 they install with pip, which takes genai 0.11.4 (README).
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
# Mach-O files by their magic bytes (thin 32/64-bit either byte order, universal), not by
# name or execute bit: PyInstaller leaves libraries without it and names some freely
is_macho() {
  case "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" in
    feedface | feedfacf | cefaedfe | cffaedfe | cafebabe | bebafeca) return 0 ;;
    *) return 1 ;;
  esac
}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  step "bundle (packaging/build.py --flavour cpu)"
  python3 packaging/build.py --flavour cpu
fi
[ -d "$APP" ] || { echo "error: $APP is missing" >&2; exit 1; }

step "self-test of the app (offscreen, then on the screen through Qt's cocoa plugin)"
"$APP/Contents/MacOS/agentic-desk" --version
"$APP/Contents/MacOS/agentic-desk" --self-test
out=$("$APP/Contents/MacOS/agentic-desk" --self-test desktop) || { echo "$out"; exit 1; }
echo "$out"
grep -qF "by the 'cocoa' platform plugin" <<<"$out" || { echo "error: not the cocoa plugin" >&2; exit 1; }

step "the oldest macOS the app's Mach-O files need (minos) against its LSMinimumSystemVersion"
# the macOS twin of the .deb's glibc floor: pip installs, among the lock's hashes, the wheels
# that suit the build Mac, which may need a newer macOS than the lock's target
declared=$(/usr/libexec/PlistBuddy -c 'Print :LSMinimumSystemVersion' "$APP/Contents/Info.plist")
highest=0
newer() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -1)" = "$1" ] && [ "$1" != "$2" ]; }
while IFS= read -r -d '' f; do
  is_macho "$f" || continue
  for v in $(otool -l "$f" | awk '/LC_BUILD_VERSION/ {b = 1} b && $1 == "minos" {print $2; b = 0}
                                   /LC_VERSION_MIN_MACOSX/ {m = 1} m && $1 == "version" {print $2; m = 0}'); do
    if newer "$v" "$highest"; then highest=$v; needed_by=${f#"$APP/"}; fi
  done
done < <(find "$APP/Contents" -type f -print0)
echo "the Mach-O files need macOS $highest (${needed_by:-none}); Info.plist declares $declared"
if newer "$highest" "$declared"; then
  echo "error: $needed_by needs macOS $highest, newer than LSMinimumSystemVersion $declared" >&2
  exit 1
fi

if [ -n "${APPLE_IDENTITY:-}" ]; then
  step "codesign (hardened runtime) as $APPLE_IDENTITY"
  sign() {
    codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
      --sign "$APPLE_IDENTITY" "$1"
  }
  # inside-out: (1) every Mach-O file outside frameworks and Contents/MacOS (libraries,
  # extension modules; none contains another), (2) each framework as a bundle: the Mach-O
  # files inside it other than its main binary, then the .framework itself (codesign signs
  # its main binary and seals its resources), (3) the executables, (4) the app
  while IFS= read -r -d '' f; do
    if is_macho "$f"; then sign "$f"; fi
  done < <(find "$APP/Contents" -type f ! -path '*.framework/*' ! -path "$APP/Contents/MacOS/*" -print0)
  while IFS= read -r -d '' framework; do
    main_binary=$(basename "$framework" .framework)
    while IFS= read -r -d '' f; do
      if [ "$(basename "$f")" != "$main_binary" ] && is_macho "$f"; then sign "$f"; fi
    done < <(find "$framework" -type f -print0)
    sign "$framework"
  done < <(find "$APP/Contents" -type d -name '*.framework' -prune -print0)
  while IFS= read -r -d '' f; do
    if is_macho "$f"; then sign "$f"; fi
  done < <(find "$APP/Contents/MacOS" -type f -print0)
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
