"""The desk folder's build rules (build.spec, freeze/): what a desk keeps of Qt, and how a
frozen desk starts its embedded central server. The build itself runs in `make dist-test`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from freeze.qt_trim import is_linux_desktop_lib, keep_qt_file

ROOT = Path(__file__).resolve().parents[1]


def test_the_desk_keeps_the_platforms_it_runs_on_and_drops_unused_qt_plugins() -> None:
    kept = [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/Qt/plugins/imageformats/qjpeg.dll",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/translations/qtbase_vi.qm",
    ]
    dropped = [
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/platforms/libqwayland-egl.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/imageformats/libqwebp.so",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/translations/qtwebengine_vi.qm",
        "opengl32sw.dll",
    ]
    assert all(keep_qt_file(path) for path in kept)
    assert not any(keep_qt_file(path) for path in dropped)


def test_a_linux_desk_uses_the_systems_x11_but_keeps_the_wheels_own_copies() -> None:
    assert is_linux_desktop_lib("libX11.so.6")
    assert is_linux_desktop_lib("libxcb-cursor.so.0")
    assert is_linux_desktop_lib("libglib-2.0.so.0")
    assert not is_linux_desktop_lib("libxcb-9065bb12.so.1.1.0")  # Pillow's own copy
    assert not is_linux_desktop_lib("libssl.so.3")  # Python's own TLS
    assert not is_linux_desktop_lib("pillow.libs/libXau-154567c4.so.6.0.0")


def test_the_frozen_desk_answers_python_dash_m_for_its_embedded_central_server() -> None:
    # The demo and the self-test start central as `sys.executable -m central.cli ...`;
    # in a frozen desk sys.executable is `caseline`, which must run the module.
    code = (
        "import sys; from freeze.caseline_main import run_module_like_python; "
        "run_module_like_python(['caseline', '-m', 'central.cli', '--help'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: caseline-central")


def test_the_build_names_the_folder_after_the_package_version() -> None:
    from desktop import __version__
    from freeze.build import FOLDER

    assert FOLDER.name == f"caseline-{__version__}"
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "upx=False" in spec and "console=console" in spec
