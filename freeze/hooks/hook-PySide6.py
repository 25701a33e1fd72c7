# Caseline's hook for PySide6: PyInstaller's own, minus the Windows OpenGL extras a
# widgets-only app never loads (see freeze/qt_trim.py).
from PyInstaller.utils.hooks import check_requirement
from PyInstaller.utils.hooks.qt import ensure_single_qt_bindings_package, pyside6_library_info

from freeze.qt_trim import keep_hook_entry

ensure_single_qt_bindings_package("PySide6")

if pyside6_library_info.version is not None:
    hiddenimports = ["shiboken6", "inspect"]
    if check_requirement("PySide6 >= 6.4.0"):
        hiddenimports += ["PySide6.support.deprecated"]
    binaries = [e for e in pyside6_library_info.collect_extra_binaries() if keep_hook_entry(e)]
