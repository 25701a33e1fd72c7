# Caseline's hook for PySide6.QtGui: PyInstaller's own, minus the Qt plugins and
# translations a desk does not use (see freeze/qt_trim.py).
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

from freeze.qt_trim import keep_hook_entry

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [entry for entry in binaries if keep_hook_entry(entry)]
datas = [entry for entry in datas if keep_hook_entry(entry)]
