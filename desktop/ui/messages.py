"""Showing errors to people: their words, their language, never a traceback."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import CaselineError

log = logging.getLogger(__name__)


def error_text(error: BaseException) -> str:
    """The message a person reads for `error` (in the active language)."""
    if isinstance(error, CaselineError):
        return str(error)
    log.error("unexpected error: %s", type(error).__name__, exc_info=error)
    return QCoreApplication.translate(
        "Messages", "Something went wrong and the action was not completed. Please try again."
    )


def show_error(parent: QWidget | None, error: BaseException) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Messages", "Caseline"))
    box.setText(error_text(error))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText(QCoreApplication.translate("Messages", "OK"))
    box.open()
