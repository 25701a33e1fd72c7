#!/usr/bin/env bash
# Qt's X11 platform plugin needs a few system libraries that a bare Linux machine may lack
# (libxcb-cursor0, libxcb-icccm4, …). Before `make run` opens a window, find what is missing;
# as root on Debian/Ubuntu install it, otherwise print the one command that does.
# Windows/macOS and offscreen runs need nothing here.
set -u
python=${1:-.venv/bin/python}
[ "$(uname -s)" = Linux ] || exit 0
[ "${QT_QPA_PLATFORM:-}" = offscreen ] && exit 0
[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || exit 0
plugin=$("$python" -c 'import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent / "Qt/plugins/platforms/libqxcb.so")' 2>/dev/null) || exit 0
[ -f "$plugin" ] || exit 0
qtlib=$(dirname "$(dirname "$(dirname "$plugin")")")/lib
missing=$(LD_LIBRARY_PATH="$qtlib" ldd "$plugin" "$qtlib"/libQt6XcbQpa.so.6 2>/dev/null | awk '/not found/ {print $1}' | sort -u)
# Qt loads libxcb-cursor at run time (dlopen), so ldd cannot see it: check it by name.
ldconfig -p 2>/dev/null | grep -q 'libxcb-cursor.so.0' || missing="$missing libxcb-cursor.so.0"
[ -n "${missing// /}" ] || exit 0
declare -A pkg=(
  [libxcb-cursor.so.0]=libxcb-cursor0 [libxcb-icccm.so.4]=libxcb-icccm4
  [libxcb-keysyms.so.1]=libxcb-keysyms1 [libxcb-image.so.0]=libxcb-image0
  [libxcb-render-util.so.0]=libxcb-render-util0 [libxcb-xkb.so.1]=libxcb-xkb1
  [libxkbcommon-x11.so.0]=libxkbcommon-x11-0 [libxcb-shape.so.0]=libxcb-shape0
  [libxcb-randr.so.0]=libxcb-randr0 [libxcb-xinerama.so.0]=libxcb-xinerama0
  [libxkbcommon.so.0]=libxkbcommon0 [libEGL.so.1]=libegl1 [libGL.so.1]=libgl1
  [libfontconfig.so.1]=libfontconfig1 [libdbus-1.so.3]=libdbus-1-3
)
packages=""
for lib in $missing; do packages="$packages ${pkg[$lib]:-}"; done
packages=$(echo $packages | tr ' ' '\n' | sort -u | tr '\n' ' ')
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ -n "${packages// /}" ]; then
  echo "Qt needs system libraries for its window: installing $packages"
  apt-get install -y -qq $packages >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $packages >/dev/null; }
else
  echo "Qt cannot open a window: missing $missing" >&2
  echo "On Debian/Ubuntu: sudo apt-get install $packages" >&2
  exit 1
fi
