"""The splash shown while the app starts: the desk's parts load in steps (loading the
services alone takes seconds on a centre's PC), each step named, with a progress bar, so
the screen is never blank."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSplashScreen, QWidget

SIZE = (520, 260)
# (module, what the step says): the services and, through them, the store, sync and
# reports; then the main window. Each import happens once; later imports are free.
PARTS = (
    ("desktop.services.contacts", QT_TRANSLATE_NOOP("Splash", "Loading the encrypted store…")),
    (
        "desktop.services.syncing",
        QT_TRANSLATE_NOOP("Splash", "Loading the sync with the central line…"),
    ),
    ("desktop.services.reports", QT_TRANSLATE_NOOP("Splash", "Loading the reports…")),
    ("desktop.services", QT_TRANSLATE_NOOP("Splash", "Loading the desk…")),
    ("desktop.ui.main_window", QT_TRANSLATE_NOOP("Splash", "Loading the windows…")),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Splash", text)


class Splash(QSplashScreen):
    """Name, step and progress (0..1), painted on a plain pixmap (no image file)."""

    def __init__(self) -> None:
        super().__init__(QPixmap(*SIZE))
        self.setObjectName("splash")
        self.progress = 0.0
        self.step = ""
        self.steps_seen: list[str] = []
        self._paint()

    def set_step(self, progress: float, step: str) -> None:
        self.progress = max(0.0, min(1.0, progress))
        self.step = step
        self.steps_seen.append(step)
        self._paint()
        QApplication.processEvents()

    def _paint(self) -> None:
        pixmap = QPixmap(*SIZE)
        pixmap.fill(QColor("#263238"))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor("white"))
        title = QFont(painter.font())
        title.setPointSize(26)
        title.setBold(True)
        painter.setFont(title)
        painter.drawText(QRect(32, 40, SIZE[0] - 64, 50), Qt.AlignmentFlag.AlignLeft, "Caseline")
        body = QFont(painter.font())
        body.setPointSize(11)
        body.setBold(False)
        painter.setFont(body)
        painter.setPen(QColor("#b0bec5"))
        painter.drawText(
            QRect(32, 96, SIZE[0] - 64, 24),
            Qt.AlignmentFlag.AlignLeft,
            QCoreApplication.translate("Splash", "Child protection line 111"),
        )
        painter.setPen(QColor("#eceff1"))
        painter.drawText(QRect(32, 170, SIZE[0] - 64, 24), Qt.AlignmentFlag.AlignLeft, self.step)
        painter.fillRect(QRect(32, 204, SIZE[0] - 64, 10), QColor("#455a64"))
        painter.fillRect(QRect(32, 204, int((SIZE[0] - 64) * self.progress), 10), QColor("#42a5f5"))
        painter.end()
        self.setPixmap(pixmap)

    def load_parts(self) -> None:
        """Import the desk's parts step by step, saying which (the slow part of a start)."""
        for index, (module, step) in enumerate(PARTS):
            self.set_step(index / len(PARTS), _tr(step))
            importlib.import_module(module)
        self.set_step(1.0, QCoreApplication.translate("Splash", "Ready."))

    def finish_on(self, window: QWidget | None) -> None:
        if window is not None:
            self.finish(window)
        else:
            self.close()
