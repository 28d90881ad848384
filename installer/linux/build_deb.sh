#!/usr/bin/env bash
# Build the Debian/Ubuntu package from a Linux bundle (packaging/build.py):
#   installer/linux/build_deb.sh [BUNDLE_DIR] [OUT_DIR]
# (defaults: dist/cpu/agentic-desk, dist); DEB_COMPRESS: dpkg-deb's compression options
# (default "-Zxz -z6"; CI uses "-Zxz -z1", ~3x faster). Writes OUT_DIR/agentic-desk_VERSION_ARCH.deb:
#   /opt/agentic-desk/                       the bundle
#   /usr/bin/agentic-desk                    -> /opt/agentic-desk/agentic-desk
#   /usr/share/applications/agentic-desk.desktop
#   /usr/share/icons/hicolor/{16..512}/apps/agentic-desk.png, scalable/apps/agentic-desk.svg
#   /usr/share/doc/agentic-desk/copyright
# Depends: libc6 (>= X), X the highest GLIBC_x.y symbol version any ELF file of the bundle
# needs (packaging/glibc_floor.py, computed here, never typed by hand); and the system
# libraries the bundle leaves to the desktop (X11/xcb, xkbcommon,
# fontconfig, freetype, D-Bus, GLib, EGL/GL; see packaging/agentic-desk.spec). Before packing,
# every ELF file of the bundle is read (readelf NEEDED): each library it needs must be in the
# bundle or come from a package in Depends (resolved with ldconfig and dpkg -S on this
# machine), else the build stops and names the library and its package. Recommends: a Secret
# Service for API keys (GNOME Keyring or KWallet) and an emoji font (replies carry emoji).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUNDLE=$(cd "${1:-$ROOT/dist/cpu/agentic-desk}" && pwd)
OUT=${2:-$ROOT/dist}
NAME=agentic-desk
PACKAGE=agentic-desk
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/src/agentic_desk/__init__.py")
ARCH=$(dpkg --print-architecture)
FLAVOUR=$(cat "$BUNDLE/_internal/FLAVOUR" 2>/dev/null || echo cpu)
ICONS=$ROOT/build/icons
# The CUDA flavour's GPU libraries come from NVIDIA's driver and CUDA 13 runtime + cuDNN 9,
# which are not Debian packages: the package says so instead of depending on them, and is
# named agentic-desk-cuda (it replaces the CPU package: both install /opt/agentic-desk).
NVIDIA_LIBS='^lib(cuda|cudart|cublas|cublasLt|cudnn[a-z_]*|cufft|curand|cusparse|cusolver|nvrtc|nvJitLink)\.so'
if [ "$FLAVOUR" = cuda ]; then PACKAGE=agentic-desk-cuda; fi

# Packages of the libraries the bundle takes from the system (Debian 12 / Ubuntu 22.04+ names).
DEPENDS=(
  libc6
  libx11-6 libx11-xcb1 libxcb1
  libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
  libxcb-xfixes0 libxcb-xkb1
  libxkbcommon0 libxkbcommon-x11-0
  libfontconfig1 libfreetype6
  libdbus-1-3 libglib2.0-0
  libegl1 libgl1
  libwayland-client0 libwayland-cursor0 libwayland-egl1
)
# Alternatives for packages renamed by Debian's 64-bit time_t transition (Ubuntu 24.04+,
# Debian 13): "old | new".
alt() { case "$1" in
  libc6) echo "libc6 (>= $GLIBC_FLOOR)" ;;
  libglib2.0-0) echo "libglib2.0-0 | libglib2.0-0t64" ;;
  *) echo "$1" ;;
esac; }

[ -x "$BUNDLE/$NAME" ] || { echo "error: $BUNDLE/$NAME is not a bundle (run packaging/build.py)" >&2; exit 1; }
[ -f "$ICONS/png/256x256.png" ] || { echo "error: no icons in $ICONS (run packaging/build.py)" >&2; exit 1; }

echo "==> checking the bundle's system libraries against Depends"
declare -A in_bundle=() wanted=() needed_by=() used=()
while IFS= read -r -d '' f; do in_bundle[$(basename "$f")]=1; done < <(find "$BUNDLE" \( -type f -o -type l \) -print0)
for p in "${DEPENDS[@]}"; do wanted[$p]=1; done
mapfile -t elves < <(find "$BUNDLE" -type f \( -name '*.so*' -o -perm -u+x \) -exec sh -c 'head -c4 "$1" | grep -q "ELF" && echo "$1"' _ {} \;)
for elf in "${elves[@]}"; do
  for lib in $(readelf -d "$elf" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    [ -n "${in_bundle[$lib]:-}" ] && continue
    needed_by[$lib]="${needed_by[$lib]:-${elf#"$BUNDLE"/}}"
  done
done
problems=0
nvidia=()
cache=$(ldconfig -p)
owner() { dpkg -S "$1" 2>/dev/null | sed -n '1s/:.*//p' || true; }
for lib in $(printf '%s\n' "${!needed_by[@]}" | sort); do
  if [ "$FLAVOUR" = cuda ] && [[ "$lib" =~ $NVIDIA_LIBS ]]; then
    nvidia+=("$lib"); printf '  %-28s %s\n' "$lib" "NVIDIA driver / CUDA runtime (not a Debian package)"
    continue
  fi
  path=$(awk -v l="$lib" '$1 == l && /x86-64|AArch64/ {print $NF; exit}' <<<"$cache")
  [ -n "$path" ] || path=$(awk -v l="$lib" '$1 == l {print $NF; exit}' <<<"$cache")
  if [ -z "$path" ]; then
    echo "  $lib (needed by ${needed_by[$lib]}): not installed here, cannot tell its package" >&2
    problems=1; continue
  fi
  pkg=$(owner "$(readlink -f "$path")")
  [ -n "$pkg" ] || pkg=$(owner "$path")
  if [ -z "$pkg" ]; then
    echo "  $lib ($path): no Debian package owns it" >&2; problems=1; continue
  fi
  base=${pkg%t64}
  if [ -z "${wanted[$pkg]:-}" ] && [ -z "${wanted[$base]:-}" ]; then
    echo "  $lib (needed by ${needed_by[$lib]}) comes from $pkg, which is not in Depends" >&2
    problems=1
  else
    used[$pkg]=1; used[$base]=1
    printf '  %-28s %s\n' "$lib" "$pkg"
  fi
done
for p in "${DEPENDS[@]}"; do
  [ -n "${used[$p]:-}" ] || { echo "  $p is in Depends but no file of the bundle needs it" >&2; problems=1; }
done
[ "$problems" = 0 ] || { echo "error: Depends does not match the bundle (see above)" >&2; exit 1; }

echo "==> the oldest glibc the bundle runs on (symbol versions of its ELF files)"
GLIBC_FLOOR=$(python3 "$ROOT/packaging/glibc_floor.py" "$BUNDLE" --explain)
echo "  Depends: libc6 (>= $GLIBC_FLOOR)"

echo "==> laying out the package"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
PKG=$STAGE/root
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
  "$PKG/usr/share/doc/$NAME" "$PKG/usr/share/icons/hicolor/scalable/apps"
cp -a "$BUNDLE" "$PKG/opt/$NAME"
ln -s "/opt/$NAME/$NAME" "$PKG/usr/bin/$NAME"
install -m644 "$ROOT/installer/linux/agentic-desk.desktop" "$PKG/usr/share/applications/$NAME.desktop"
for size in 16 24 32 48 64 128 256 512; do
  install -Dm644 "$ICONS/png/${size}x${size}.png" "$PKG/usr/share/icons/hicolor/${size}x${size}/apps/$NAME.png"
done
install -m644 "$ROOT/resources/icons/agentic-desk.svg" "$PKG/usr/share/icons/hicolor/scalable/apps/$NAME.svg"
cat > "$PKG/usr/share/doc/$NAME/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Agentic Desk
License: Apache-2.0

Files: *
License: Apache-2.0
 On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0.
 The bundle in /opt/agentic-desk carries third-party components under their own
 licenses (Python, Qt for Python under LGPL-3.0, ONNX Runtime under MIT, and others).
COPYRIGHT
chmod -R u=rwX,go=rX "$PKG"
depends=$(for p in "${DEPENDS[@]}"; do alt "$p"; done | paste -sd, - | sed 's/,/, /g')
installed_kb=$(du -sk --apparent-size "$PKG" | cut -f1)
extra_fields=""
gpu_note=""
if [ "$FLAVOUR" = cuda ]; then
  extra_fields=$'Conflicts: agentic-desk\nReplaces: agentic-desk\nProvides: agentic-desk'
  gpu_note=$'\n NVIDIA GPUs need the NVIDIA driver, the CUDA 13 runtime and cuDNN 9 ('
  gpu_note+="$(printf '%s ' "${nvidia[@]}" | sed 's/ $//'));"$'\n without them it runs on the CPU.'
fi
cat > "$PKG/DEBIAN/control" <<CONTROL
Package: $PACKAGE
Version: $VERSION
Architecture: $ARCH
Maintainer: Agentic Desk maintainers <maintainers@agentic-desk.invalid>
Installed-Size: $installed_kb
Depends: $depends
${extra_fields:+$extra_fields
}Recommends: gnome-keyring | libkf5wallet-bin | kwalletd6, fonts-noto-color-emoji
Section: utils
Priority: optional
Homepage: https://agentic-desk.invalid
Description: offline, privacy-first desktop chat with local language models
 Agentic Desk runs language models on this computer with ONNX Runtime GenAI
 ($FLAVOUR engine) and reaches cloud providers only when the user turns them on.
 Run "agentic-desk --self-test" to check the installation.$gpu_note
CONTROL

mkdir -p "$OUT"
DEB=$OUT/${PACKAGE}_${VERSION}_${ARCH}.deb
echo "==> dpkg-deb --build"
# shellcheck disable=SC2086  # DEB_COMPRESS holds several options
dpkg-deb --root-owner-group ${DEB_COMPRESS:--Zxz -z6} --build "$PKG" "$DEB" >/dev/null
echo "built $DEB ($(du -h "$DEB" | cut -f1))"
