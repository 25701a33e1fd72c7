"""A desk reported lost: the central line ordered it erased (desktop/sync/lost.py).

The sync engine erases the desk itself and raises a `SyncError` whose details carry
`wiped=True` and `lost_ops` (changes that never reached central). The scheduler would
swallow that error into its status, so the UI's `SyncSession` (desktop/services/syncing.py)
reports the wipe the moment it happens; the app then drops every window and goes back to
the first-run set-up with one message that says why.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.services.syncing import lost_changes


def wiped_message(parent: QWidget | None, error: Any) -> QMessageBox:
    """The one message a person sees after the wipe (shown window-modal, not blocking)."""
    box = QMessageBox(parent)
    box.setObjectName("desk_wiped_message")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("DeskWiped", "This desk was erased"))
    box.setText(
        QCoreApplication.translate(
            "DeskWiped",
            "The central line ordered this desk erased because it was reported lost or "
            "stolen. Every record, key and draft on this computer has been deleted.",
        )
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "DeskWiped",
            "{count} changes made on this desk had not reached the central line and are "
            "lost. To work on this computer again, set it up as a new desk and enrol it "
            "with the central line.",
        ).format(count=lost_changes(error))
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText(QCoreApplication.translate("DeskWiped", "OK"))
    box.open()
    return box
