"""Which Qt files the frozen desk keeps (used by build.spec and freeze/hooks).

The app uses QtCore, QtGui and QtWidgets only. PyInstaller's Qt hooks would bring every
plugin of those modules and their system libraries (GTK themes, Wayland, EGL devices,
TLS, print support); we keep the plugins a desk needs, before PyInstaller follows their
library dependencies, so nothing unused is pulled in.
"""

from __future__ import annotations

import re
from pathlib import Path

# plugin group -> file-name stems kept (without a "lib" prefix); a group not listed is kept
PLUGINS_KEPT: dict[str, tuple[str, ...]] = {
    "platforms": ("qoffscreen", "qminimal", "qxcb", "qwindows", "qdirect2d", "qcocoa"),
    "platformthemes": (),
    "imageformats": ("qico", "qjpeg", "qgif"),  # no SVG: the app draws none
    "styles": ("qwindowsvistastyle", "qmodernwindowsstyle"),
    "platforminputcontexts": ("composeplatforminputcontextplugin",),
    "xcbglintegrations": ("qxcb-glx",),
    "iconengines": (),
    "generic": (),
    "egldeviceintegrations": (),
    "networkinformation": (),
    "tls": (),
    "printsupport": (),
    "sqldrivers": (),
    "wayland-decoration-client": (),
    "wayland-graphics-integration-client": (),
    "wayland-shell-integration": (),
}
# Qt's own dialogs in the two languages the app speaks (Qt ships no qtbase_vi yet).
TRANSLATIONS_KEPT = ("qtbase_vi.qm", "qtbase_en.qm", "qt_vi.qm", "qt_en.qm")
# Windows extras that a widgets-only app never loads: the software OpenGL renderer and ANGLE.
WINDOWS_EXTRAS_DROPPED = ("opengl32sw.dll", "libegl.dll", "libglesv2.dll", "d3dcompiler_47.dll")


def _inside_qt(dest: str) -> tuple[str, ...] | None:
    parts = Path(dest).parts
    for start in range(len(parts) - 1):
        if parts[start] == "PySide6" and parts[start + 1] == "Qt":
            return parts[start + 2 :]
    return None


def keep_qt_file(dest: str) -> bool:
    """True when the file at bundle path `dest` (file name included) belongs in the desk."""
    if Path(dest).name.lower() in WINDOWS_EXTRAS_DROPPED:
        return False
    inside = _inside_qt(dest)
    if not inside:
        return True
    if inside[0] == "translations":
        return inside[-1] in TRANSLATIONS_KEPT
    if inside[0] == "qml":
        return False
    if inside[0] == "plugins" and len(inside) >= 3:
        kept = PLUGINS_KEPT.get(inside[1])
        if kept is None:
            return True
        stem = inside[-1].split(".")[0].removeprefix("lib")
        return any(stem == name or stem.startswith(name + "-") for name in kept)
    return True


def keep_hook_entry(entry: tuple[str, str]) -> bool:
    """A hook's (source, destination folder) entry: judged by where the file lands."""
    source, dest_dir = entry
    return keep_qt_file(str(Path(dest_dir) / Path(source).name))


# Linux: system libraries that Qt's own libraries link to and that the PySide6 wheel does
# not ship either (it expects them from the desktop, as `pip install PySide6` does): X11 and
# xcb, xkbcommon, fontconfig/freetype, GLib, D-Bus and the C++ runtime. Python's own
# libraries (OpenSSL, SQLite, libffi, zlib, ...) stay in the bundle.
LINUX_DESKTOP_LIBS = (
    "libX11", "libXau", "libXdmcp", "libxcb", "libxkbcommon", "libfontconfig",
    "libfreetype", "libexpat", "libpng16", "libbrotlicommon", "libbrotlidec", "libglib-2.0", "libgthread-2.0",
    "libgobject-2.0", "libgio-2.0", "libgmodule-2.0", "libpcre2", "libdbus-1",
    "libsystemd", "libgcrypt", "libgpg-error", "liblz4", "libcap", "libbsd", "libmd",
    "libstdc++",
    # QtPrintSupport links CUPS, the desktop's print system, and CUPS its TLS, Kerberos and
    # Avahi stack: a Linux desk that prints has them; the PySide6 wheel does not ship them.
    "libcups", "libavahi-client", "libavahi-common", "libgnutls", "libgssapi_krb5", "libkrb5",
    "libkrb5support", "libk5crypto", "libcom_err", "libkeyutils", "libgmp", "libhogweed",
    "libnettle", "libidn2", "libp11-kit", "libtasn1", "libunistring",
)  # fmt: skip


_WHEEL_COPY = re.compile(r"-[0-9a-f]{8}$")


def is_linux_desktop_lib(dest: str) -> bool:
    """True for a top-level system library of LINUX_DESKTOP_LIBS (not a wheel's own copy)."""
    path = Path(dest)
    if len(path.parts) != 1 or ".so" not in path.name:
        return False
    stem = path.name.split(".so")[0]
    if _WHEEL_COPY.search(stem):
        return False  # auditwheel's renamed copy (libxcb-9065bb12): the wheel needs it
    return any(stem == name or stem.startswith(name + "-") for name in LINUX_DESKTOP_LIBS)
