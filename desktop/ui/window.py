"""Where the main window opens: maximised on screens up to 1366×768 (its status bar never
off-screen), elsewhere as the user last left it.

Geometry is window state, not a preference and never case data: it is kept with
`QSettings` (the user's config folder), apart from the encrypted desk.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SMALL_SCREEN = (1366, 768)  # the centres' usual laptops
KEY = "main_window/geometry"


def settings() -> QSettings:
    return QSettings("Caseline", "Caseline-window")


def _available(window: QWidget) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def place(window: QWidget) -> None:
    """Show `window` where it was last left if that still fits this screen; otherwise
    maximised on a small screen, or 1366×768 centred on a larger one."""
    available = _available(window)
    saved = settings().value(KEY)
    if isinstance(saved, QByteArray | bytes) and window.restoreGeometry(QByteArray(saved)):
        if window.isMaximized() or available.contains(window.frameGeometry()):
            window.show()
            return
    if available.width() <= SMALL_SCREEN[0] or available.height() <= SMALL_SCREEN[1]:
        window.showMaximized()
        return
    window.resize(*SMALL_SCREEN)
    frame = window.frameGeometry()
    frame.moveCenter(available.center())
    window.move(frame.topLeft())
    window.show()


def remember(window: QWidget) -> None:
    """Keep the window's size, place and maximised state for the next unlock."""
    store = settings()
    store.setValue(KEY, window.saveGeometry())
    store.sync()
