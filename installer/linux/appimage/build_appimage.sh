#!/usr/bin/env bash
# AppImage recipe: lay out an AppDir from a Linux bundle and, when appimagetool is on PATH,
# pack it into dist/Agentic_Desk-VERSION-ARCH.AppImage.
#   installer/linux/appimage/build_appimage.sh [BUNDLE_DIR] [APPDIR]
# (defaults: dist/cpu/agentic-desk, build/AppDir). The AppDir:
#   AppRun                       -> opt/agentic-desk/agentic-desk "$@"
#   agentic-desk.desktop, agentic-desk.png, .DirIcon   (what appimagetool requires)
#   usr/share/applications, usr/share/icons/hicolor, usr/share/metainfo (AppStream)
#   opt/agentic-desk/            the bundle, plus the xcb utility libraries Qt's xcb plugin
#                                needs and that desktops often lack (libxcb-cursor0 & co.):
#                                an AppImage cannot declare dependencies as the .deb does.
#                                X11, libxcb, fontconfig, freetype, GL, D-Bus and GLib stay
#                                the system's (AppImage's exclude list: they must match it).
# appimagetool is not available from the package registries this project's CI reaches, so CI
# builds and runs the AppDir (AppRun --version) but does not pack it; a release engineer
# runs this script with appimagetool installed (see packaging/README.md).
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
echo "AppDir: $APPDIR"
if command -v appimagetool >/dev/null 2>&1; then
  out=$ROOT/dist/Agentic_Desk-$VERSION-$ARCH.AppImage
  ARCH=$ARCH appimagetool --no-appstream "$APPDIR" "$out"
  echo "built $out"
else
  echo "note: appimagetool is not installed: the AppDir is ready; pack it with"
  echo "  ARCH=$ARCH appimagetool $APPDIR dist/Agentic_Desk-$VERSION-$ARCH.AppImage"
fi
