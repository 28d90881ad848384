#!/usr/bin/env bash
# CI's packaging stage (after scripts/test.sh): proves the Linux bundle and .deb work.
#   1. system packages: what the bundle takes from the system (the .deb's Depends, which
#      installer/linux/build_deb.sh checks against the bundle), readelf, D-Bus + gnome-keyring
#   2. the CPU bundle: python packaging/build.py --flavour cpu (its own .venv-build-cpu)
#   3. with no network at all (unshare -n, loopback up) and a fresh HOME: --version, then
#      --self-test without a keyring (must pass and say what is missing) and with a real
#      Secret Service (must find it); onnxruntime must not have written telemetry
#   4. the .deb: control data and contents checked, the payload unpacked and run; on CI
#      (CI=true, root) also installed with apt-get, self-tested from /usr/bin and removed
#   5. the AppImage's AppDir laid out and run (packing it needs appimagetool, not available)
#   6. scripts/check_flavours.py: every target resolves to one onnxruntime flavour, with wheels
# Environment: PYTHON (default python3), DEB_COMPRESS (dpkg-deb options, default a fast xz).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_PROGRESS_BAR=off
started=$SECONDS
step() { printf '\n==> [%ds] %s\n' "$((SECONDS - started))" "$*"; }
fail() { echo "package.sh: FAILED: $*" >&2; exit 1; }
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' src/agentic_desk/__init__.py)
BUNDLE=dist/cpu/agentic-desk

step "system packages (the libraries the bundle leaves to the desktop, readelf, D-Bus, keyring)"
deb_depends=$(sed -n '/^DEPENDS=(/,/^)/p' installer/linux/build_deb.sh | sed '1d;$d' | tr -s ' \n' ' ')
need=()
for pkg in $deb_depends binutils iproute2 dbus gnome-keyring desktop-file-utils; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need+=("$pkg")
done
if ((${#need[@]})); then
  [ "$(id -u)" = 0 ] || fail "install these packages first: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

step "the CPU bundle (packaging/build.py --flavour cpu)"
"$PYTHON" packaging/build.py --flavour cpu
[ -x "$BUNDLE/agentic-desk" ] || fail "no bundle at $BUNDLE"
echo "bundle size: $(du -sh "$BUNDLE" | cut -f1)"

# offline CMD...: run CMD with no network but loopback, a fresh HOME and no display
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
offline() {
  env -i PATH="$PATH" HOME="$home" LANG=C.UTF-8 \
    unshare -n sh -c 'ip link set lo up && exec "$@"' offline "$@"
}

step "--version, offline"
out=$(offline "$BUNDLE/agentic-desk" --version)
echo "$out"
[[ "$out" == "agentic-desk $VERSION · engine: CPU (onnxruntime-genai "* ]] || fail "--version said: $out"

step "--self-test, offline, no keyring"
set +e
out=$(offline "$BUNDLE/agentic-desk" --self-test 2>&1)
rc=$?
set -e
echo "$out"
[ "$rc" = 0 ] || fail "--self-test exited $rc"
for line in "ok   version" "ok   engine     a tiny model loaded on CPU" "ok   window" \
  "note keyring    no keyring for API keys: no D-Bus session bus" "ok   api server uvicorn" \
  "self-test passed (notes: keyring)"; do
  grep -qF -- "$line" <<<"$out" || fail "--self-test output lacks: $line"
done

step "--self-test, offline, with a Secret Service (gnome-keyring on a private D-Bus)"
out=$(offline scripts/with-secret-service.sh "$BUNDLE/agentic-desk" --self-test 2>&1)
echo "$out"
grep -qF "ok   keyring    keyring.backends.SecretService.Keyring (available)" <<<"$out" \
  || fail "the bundle did not find the Secret Service"
grep -qxF "self-test passed" <<<"$out" || fail "--self-test with a keyring did not pass cleanly"
[ ! -e "$home/.cache/Microsoft" ] || fail "onnxruntime wrote telemetry under \$HOME/.cache/Microsoft"

step "hw, offline (the hardware probe's modules are in the bundle)"
out=$(offline "$BUNDLE/agentic-desk" hw 2>&1)
echo "$out"
if grep -F "is not installed" <<<"$out"; then fail "the bundle lacks a module the hardware probe uses"; fi

step "the .deb (installer/linux/build_deb.sh)"
DEB_COMPRESS=${DEB_COMPRESS:--Zxz -z1} installer/linux/build_deb.sh "$BUNDLE" dist
deb=dist/agentic-desk_${VERSION}_$(dpkg --print-architecture).deb
dpkg-deb -I "$deb"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = agentic-desk ] || fail "Package is $(field Package)"
[ "$(field Version)" = "$VERSION" ] || fail "Version is $(field Version), not $VERSION"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is wrong"
for dep in libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxkbcommon-x11-0 \
  libfontconfig1 libdbus-1-3 libegl1 libgl1; do
  field Depends | tr ',' '\n' | grep -qw -- "$dep" || fail "Depends lacks $dep"
done
contents=$(dpkg-deb -c "$deb")
for path in ./opt/agentic-desk/agentic-desk \
  ./opt/agentic-desk/_internal/onnxruntime/capi/libonnxruntime.so \
  ./opt/agentic-desk/_internal/onnxruntime_genai/libonnxruntime-genai.so \
  ./opt/agentic-desk/_internal/PySide6/Qt/plugins/platforms/libqxcb.so \
  ./opt/agentic-desk/_internal/PySide6/Qt/plugins/platforms/libqwayland.so \
  ./opt/agentic-desk/_internal/PySide6/Qt/plugins/iconengines/libqsvgicon.so \
  ./opt/agentic-desk/_internal/resources/icons/agentic-desk.svg \
  "./usr/bin/agentic-desk -> /opt/agentic-desk/agentic-desk" \
  ./usr/share/applications/agentic-desk.desktop \
  ./usr/share/icons/hicolor/48x48/apps/agentic-desk.png \
  ./usr/share/icons/hicolor/256x256/apps/agentic-desk.png \
  ./usr/share/icons/hicolor/scalable/apps/agentic-desk.svg \
  ./usr/share/doc/agentic-desk/copyright; do
  grep -qF -- "$path" <<<"$contents" || fail "the .deb lacks $path"
done
if grep -E 'libqgtk3|libQt6(Pdf|Qml|Quick|Network)|onnxruntime_pybind11_state|/tkinter/' <<<"$contents"; then
  fail "the .deb carries files the bundle should have dropped (above)"
fi
unpacked=$(mktemp -d)
trap 'rm -rf "$home" "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked"
desktop-file-validate "$unpacked/usr/share/applications/agentic-desk.desktop"
out=$(offline "$unpacked/usr/bin/../../opt/agentic-desk/agentic-desk" --version)
[[ "$out" == "agentic-desk $VERSION"* ]] || fail "the unpacked .deb's agentic-desk said: $out"
echo "unpacked .deb runs: $out"
echo ".deb: $deb ($(du -h "$deb" | cut -f1)), installed size $(field Installed-Size) KiB"
if [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ]; then  # CI's machine is throw-away: install it
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./$deb" >/dev/null
  out=$(cd / && offline agentic-desk --self-test 2>&1) || { echo "$out"; fail "the installed .deb's --self-test failed"; }
  tail -1 <<<"$out"
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq agentic-desk >/dev/null
  [ ! -e /opt/agentic-desk ] && [ ! -e /usr/bin/agentic-desk ] || fail "apt-get remove left files behind"
  echo "the .deb installs with apt-get, runs from /usr/bin/agentic-desk and is removed cleanly"
fi

step "the AppImage's AppDir (installer/linux/appimage/build_appimage.sh; appimagetool is not to be had here)"
installer/linux/appimage/build_appimage.sh "$BUNDLE" build/AppDir
out=$(offline build/AppDir/AppRun --version)
[[ "$out" == "agentic-desk $VERSION"* ]] || fail "the AppDir's AppRun said: $out"
echo "AppDir runs: $out"

step "every target resolves to exactly one onnxruntime flavour, with wheels (check_flavours.py)"
[ -x .venv/bin/python ] || fail "no .venv (run scripts/test.sh first)"
.venv/bin/python scripts/check_flavours.py

step "packaging stage passed in $((SECONDS - started)) s"
