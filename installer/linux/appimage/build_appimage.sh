#!/usr/bin/env bash
# AppImage recipe: lay out an AppDir from a Linux bundle, pack it into the AppImage's payload
# (a SquashFS image of the AppDir, made with Debian's squashfs-tools) and, given the AppImage
# runtime, join them into dist/Agentic_Desk-VERSION-ARCH.AppImage.
#   installer/linux/appimage/build_appimage.sh [BUNDLE_DIR] [APPDIR]
# (defaults: dist/cpu/agentic-desk, build/AppDir). The AppDir:
#   AppRun                       -> opt/agentic-desk/agentic-desk "$@"
#   agentic-desk.desktop, agentic-desk.png, .DirIcon   (what an AppImage's root must hold)
#   usr/share/applications, usr/share/icons/hicolor, usr/share/metainfo (AppStream)
#   opt/agentic-desk/            the bundle, plus the xcb utility libraries Qt's xcb plugin
#                                needs and that desktops often lack (libxcb-cursor0 & co.):
#                                an AppImage cannot declare dependencies as the .deb does.
#                                X11, libxcb, fontconfig, freetype, GL, D-Bus and GLib stay
#                                the system's (AppImage's exclude list: they must match it).
# An AppImage (type 2) is the runtime, a small static ELF program that mounts (FUSE) or
# extracts the payload and runs AppRun, followed by the SquashFS payload: `cat RUNTIME
# PAYLOAD`. Writes:
#   dist/Agentic_Desk-VERSION-ARCH.squashfs    the payload (always)
#   dist/Agentic_Desk-VERSION-ARCH.AppImage    with APPIMAGE_RUNTIME=FILE (the runtime of
#                                              github.com/AppImage/type2-runtime's releases),
#                                              or with appimagetool on PATH (which fetches it)
# No package registry this project's CI reaches carries the runtime or appimagetool (the
# PyPI and npm AppImage packers all download them from GitHub at build time), so CI packs and
# runs the payload as the runtime's --appimage-extract-and-run would (unsquashfs, then
# AppRun), and .github/workflows/installers.yml makes and runs the .AppImage itself.
# Environment: APPIMAGE_RUNTIME (see above), SQUASHFS_COMP (mksquashfs compression, default
# "zstd -Xcompression-level 19": 126 MiB in ~5 min here; CI uses level 3: 144 MiB in seconds).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
BUNDLE=$(cd "${1:-$ROOT/dist/cpu/agentic-desk}" && pwd)
APPDIR=${2:-$ROOT/build/AppDir}
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/src/agentic_desk/__init__.py")
ARCH=$(uname -m)
ICONS=$ROOT/build/icons
# shipped inside the AppImage (not on the AppImage exclude list; missing on many desktops)
XCB_UTILS=(libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-image.so.0 libxcb-keysyms.so.1
  libxcb-render-util.so.0 libxcb-util.so.1 libxkbcommon-x11.so.0)

[ -x "$BUNDLE/agentic-desk" ] || { echo "error: no bundle at $BUNDLE" >&2; exit 1; }
rm -rf "$APPDIR"
mkdir -p "$APPDIR/opt" "$APPDIR/usr/share/applications" "$APPDIR/usr/share/metainfo"
cp -a "$BUNDLE" "$APPDIR/opt/agentic-desk"
install -m755 "$ROOT/installer/linux/appimage/AppRun" "$APPDIR/AppRun"
install -m644 "$ROOT/installer/linux/agentic-desk.desktop" "$APPDIR/agentic-desk.desktop"
install -m644 "$ROOT/installer/linux/agentic-desk.desktop" "$APPDIR/usr/share/applications/"
install -m644 "$ICONS/png/256x256.png" "$APPDIR/agentic-desk.png"
ln -sf agentic-desk.png "$APPDIR/.DirIcon"
for size in 16 32 48 64 128 256 512; do
  install -Dm644 "$ICONS/png/${size}x${size}.png" \
    "$APPDIR/usr/share/icons/hicolor/${size}x${size}/apps/agentic-desk.png"
done
cache=$(ldconfig -p)
for lib in "${XCB_UTILS[@]}"; do
  path=$(awk -v l="$lib" '$1 == l {print $NF; exit}' <<<"$cache")
  [ -n "$path" ] || { echo "error: $lib is not installed here (apt-get install its package)" >&2; exit 1; }
  cp -L "$path" "$APPDIR/opt/agentic-desk/_internal/$lib"
done
cat > "$APPDIR/usr/share/metainfo/io.agenticdesk.AgenticDesk.appdata.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<component type="desktop-application">
  <id>io.agenticdesk.AgenticDesk</id>
  <name>Agentic Desk</name>
  <summary>Offline, privacy-first chat with local language models</summary>
  <metadata_license>CC0-1.0</metadata_license>
  <project_license>Apache-2.0</project_license>
  <launchable type="desktop-id">agentic-desk.desktop</launchable>
  <description><p>Agentic Desk runs language models on this computer with ONNX Runtime GenAI
  and reaches cloud providers only when you turn them on.</p></description>
  <releases><release version="$VERSION"/></releases>
</component>
XML
echo "AppDir: $APPDIR ($(du -sh "$APPDIR" | cut -f1))"

mkdir -p "$ROOT/dist"
payload=$ROOT/dist/Agentic_Desk-$VERSION-$ARCH.squashfs
image=$ROOT/dist/Agentic_Desk-$VERSION-$ARCH.AppImage
rm -f "$payload" "$image"
if command -v appimagetool >/dev/null 2>&1 && [ -z "${APPIMAGE_RUNTIME:-}" ]; then
  ARCH=$ARCH appimagetool --no-appstream "$APPDIR" "$image"
  echo "built $image ($(du -h "$image" | cut -f1), appimagetool)"
  exit 0
fi
command -v mksquashfs >/dev/null 2>&1 || { echo "error: mksquashfs missing (apt-get install squashfs-tools)" >&2; exit 1; }
started=$SECONDS
# as appimagetool makes it: every file owned by root, no timestamps of this machine
# shellcheck disable=SC2086  # SQUASHFS_COMP holds several options
mksquashfs "$APPDIR" "$payload" -root-owned -noappend -no-progress -quiet \
  -comp ${SQUASHFS_COMP:-zstd -Xcompression-level 19} -all-time 0 -mkfs-time 0 >/dev/null
echo "payload: $payload ($(du -h "$payload" | cut -f1), $((SECONDS - started)) s)"
if [ -n "${APPIMAGE_RUNTIME:-}" ]; then
  # the runtime is an ELF file whose 9th..11th bytes are the AppImage magic "AI" 0x02
  [ "$(head -c 11 "$APPIMAGE_RUNTIME" | tail -c 3 | od -An -tx1 | tr -d ' ')" = 414902 ] \
    || { echo "error: $APPIMAGE_RUNTIME is not an AppImage type-2 runtime" >&2; exit 1; }
  cat "$APPIMAGE_RUNTIME" "$payload" > "$image"
  chmod 755 "$image"
  echo "built $image ($(du -h "$image" | cut -f1))"
else
  echo "note: no AppImage runtime (APPIMAGE_RUNTIME) nor appimagetool here: the payload is"
  echo "  ready; the .AppImage is: cat runtime-$ARCH $payload > $image"
fi
