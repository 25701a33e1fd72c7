"""File dialogs that open in the user's Documents folder, then in the last folder used.

The last folder is window state (QSettings, beside the window geometry), never case data:
only a folder path is kept, never a file name.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.ui import window

KEY = "files/last_folder"


def start_folder() -> Path:
    """The last folder a file was chosen in, if it is still there; else Documents."""
    last = window.settings().value(KEY)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def _remember(path: str) -> str:
    if path:
        store = window.settings()
        store.setValue(KEY, str(Path(path).parent))
        store.sync()
    return path


def save_file(parent: QWidget | None, title: str, name: str, filters: str = "") -> str:
    """Ask where to save `name`; '' when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder() / name), filters)
    return _remember(path)


def open_file(parent: QWidget | None, title: str, filters: str = "") -> str:
    """Ask which file to open; '' when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder()), filters)
    return _remember(path)
