#!/usr/bin/env bash
# CI's packaging stage (after scripts/test.sh): proves the Linux bundle, .deb and AppImage work.
#   1. system packages: what the bundle takes from the system (the .deb's Depends, which
#      installer/linux/build_deb.sh checks against the bundle), readelf, D-Bus + gnome-keyring,
#      Xvfb (a real X server), squashfs-tools
#   2. the locks match pyproject.toml (scripts/lock.py --check); the CPU bundle is built from
#      locks/linux-ARCH-cpu.txt (packaging/build.py --flavour cpu, its own .venv-build-cpu)
#   3. with no network at all (unshare -n, loopback up) and a fresh HOME: --version, then
#      --self-test without a keyring (must pass and say what is missing) and with a real
#      Secret Service (must find it); onnxruntime must not have written telemetry; then
#      --self-test desktop on Xvfb: the window on the screen through Qt's xcb plugin
#   4. the .deb: control data and contents checked, Depends: libc6 (>= X) equal to the highest
#      GLIBC_x.y its ELF files need (packaging/glibc_floor.py --check-deb), the payload
#      unpacked and run; on CI (CI=true, root) also installed with apt-get, self-tested from
#      /usr/bin (offscreen and desktop) and purged, leaving none of its files behind
#   5. the AppImage: AppDir, its SquashFS payload (build_appimage.sh), unpacked as the runtime's
#      --appimage-extract-and-run does and self-tested on Xvfb (the runtime itself is not to be
#      had from the registries here: .github/workflows/installers.yml packs and runs the file)
#   6. scripts/check_flavours.py: every lock holds exactly one onnxruntime flavour, with wheels
# Environment: PYTHON (default python3), DEB_COMPRESS (dpkg-deb options, default a fast xz),
# SQUASHFS_COMP (default a fast zstd).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_PROGRESS_BAR=off
started=$SECONDS
step() { printf '\n==> [%ds] %s\n' "$((SECONDS - started))" "$*"; }
fail() { echo "package.sh: FAILED: $*" >&2; exit 1; }
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' src/agentic_desk/__init__.py)
BUNDLE=dist/cpu/agentic-desk

step "system packages (the libraries the bundle leaves to the desktop, readelf, D-Bus, keyring, Xvfb)"
deb_depends=$(sed -n '/^DEPENDS=(/,/^)/p' installer/linux/build_deb.sh | sed '1d;$d' | tr -s ' \n' ' ')
need=()
for pkg in $deb_depends binutils iproute2 dbus gnome-keyring desktop-file-utils xvfb xauth \
  squashfs-tools; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need+=("$pkg")
done
if ((${#need[@]})); then
  [ "$(id -u)" = 0 ] || fail "install these packages first: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

step "the locks match pyproject.toml (scripts/lock.py --check)"
"$PYTHON" scripts/lock.py --check || fail "the locks are out of date: run scripts/lock.sh"

step "the CPU bundle, from the lock (packaging/build.py --flavour cpu)"
built=$SECONDS
"$PYTHON" packaging/build.py --flavour cpu
[ -x "$BUNDLE/agentic-desk" ] || fail "no bundle at $BUNDLE"
echo "bundle size: $(du -sh "$BUNDLE" | cut -f1), built in $((SECONDS - built)) s"
floor=$("$PYTHON" packaging/glibc_floor.py "$BUNDLE" --explain)
echo "the bundle needs glibc >= $floor"

# offline CMD...: run CMD with no network but loopback, a fresh HOME and no display
# (on_screen CMD...: the same on the Xvfb display started below)
home=$(mktemp -d)
xvfb_pid=
unpacked=
cleanup() {
  [ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$home" ${unpacked:+"$unpacked"}
}
trap cleanup EXIT
offline() {
  env -i PATH="$PATH" HOME="$home" LANG=C.UTF-8 ${DISPLAY_FOR_APP:+DISPLAY=$DISPLAY_FOR_APP} \
    ${APPIMAGE_EXTRACT_AND_RUN:+APPIMAGE_EXTRACT_AND_RUN=$APPIMAGE_EXTRACT_AND_RUN} \
    unshare -n sh -c 'ip link set lo up && exec "$@"' offline "$@"
}
on_screen() { DISPLAY_FOR_APP=$display offline "$@"; }
# desktop_self_test WHAT CMD...: `CMD --self-test desktop` must open the window through xcb
desktop_self_test() {
  local what=$1 out
  shift
  out=$(on_screen "$@" --self-test desktop 2>&1) || { echo "$out"; fail "$what: --self-test desktop failed"; }
  grep -F "ok   window" <<<"$out"
  grep -qF "opened on the screen by the 'xcb' platform plugin (libqxcb.so," <<<"$out" \
    || { echo "$out"; fail "$what: the window did not open through Qt's xcb plugin"; }
  tail -1 <<<"$out"
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

step "--self-test desktop, offline, on a real X server (Xvfb): the xcb platform plugin"
exec {fd}< <(Xvfb -displayfd 1 -nolisten tcp -screen 0 1280x1024x24 2>/dev/null & echo "pid $!")
read -r _ xvfb_pid <&"$fd"
read -r number <&"$fd" || fail "Xvfb did not start"
display=:$number
echo "Xvfb on $display"
desktop_self_test "the bundle" "$BUNDLE/agentic-desk"

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
dpkg-deb -x "$deb" "$unpacked"
"$PYTHON" packaging/glibc_floor.py "$unpacked" --check-deb "$deb" \
  || fail "the .deb's Depends: libc6 does not match what its ELF files need"
desktop-file-validate "$unpacked/usr/share/applications/agentic-desk.desktop"
out=$(offline "$unpacked/usr/bin/../../opt/agentic-desk/agentic-desk" --version)
[[ "$out" == "agentic-desk $VERSION"* ]] || fail "the unpacked .deb's agentic-desk said: $out"
echo "unpacked .deb runs: $out"
echo ".deb: $deb ($(du -h "$deb" | cut -f1)), installed size $(field Installed-Size) KiB"
if [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ]; then  # CI's machine is throw-away: install it
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./$deb" >/dev/null
  out=$(cd / && offline agentic-desk --self-test 2>&1) || { echo "$out"; fail "the installed .deb's --self-test failed"; }
  tail -1 <<<"$out"
  (cd / && desktop_self_test "the installed .deb" agentic-desk)
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq agentic-desk >/dev/null
  ! dpkg-query -W -f='${Status}' agentic-desk 2>/dev/null | grep -q installed \
    || fail "dpkg still lists agentic-desk after apt-get purge"
  left=$(sed -n 's/^[^ ]* [^ ]* *[0-9]* [0-9-]* [0-9:]* \.\(.*[^/]\)$/\1/p' <<<"$contents" \
    | sed 's/ -> .*//' | while IFS= read -r path; do [ ! -e "$path" ] && [ ! -L "$path" ] || echo "$path"; done)
  [ -z "$left" ] || { echo "$left" | head; fail "apt-get purge left $(wc -l <<<"$left") files behind"; }
  [ ! -e /opt/agentic-desk ] || fail "apt-get purge left /opt/agentic-desk"
  echo "the .deb installs with apt-get, runs from /usr/bin/agentic-desk (offscreen and on X11)"
  echo "and apt-get purge leaves none of its $(grep -vc '/$' <<<"$contents") files behind"
fi

step "the AppImage: AppDir and SquashFS payload (installer/linux/appimage/build_appimage.sh)"
SQUASHFS_COMP=${SQUASHFS_COMP:-zstd -Xcompression-level 3} \
  installer/linux/appimage/build_appimage.sh "$BUNDLE" build/AppDir
payload=dist/Agentic_Desk-$VERSION-$(uname -m).squashfs
echo "the AppDir needs glibc >= $("$PYTHON" packaging/glibc_floor.py build/AppDir)"
# what the runtime's --appimage-extract-and-run does: unpack the payload, run AppRun
extracted=$home/appimage-extracted
unsquashfs -q -n -d "$extracted" "$payload" >/dev/null
out=$(offline "$extracted/AppRun" --version)
[[ "$out" == "agentic-desk $VERSION"* ]] || fail "the AppImage payload's AppRun said: $out"
echo "AppImage payload runs: $out"
desktop_self_test "the AppImage payload" "$extracted/AppRun"
image=dist/Agentic_Desk-$VERSION-$(uname -m).AppImage
if [ -x "$image" ]; then  # with APPIMAGE_RUNTIME set: the real file, without FUSE
  APPIMAGE_EXTRACT_AND_RUN=1 desktop_self_test "the AppImage" "$image"
fi

step "every lock holds exactly one onnxruntime flavour, with wheels (check_flavours.py)"
[ -x .venv/bin/python ] || fail "no .venv (run scripts/test.sh first)"
.venv/bin/python scripts/check_flavours.py

step "packaging stage passed in $((SECONDS - started)) s"
