"""A desk reported lost: the central line ordered it erased (desktop/sync/lost.py).

The sync engine erases the desk itself and raises a `SyncError` whose details carry
`wiped=True` and `lost_ops` (changes that never reached central). The scheduler would
swallow that error into its status, so the UI runs the engine through
`WatchedSyncEngine`, which reports the wipe the moment it happens; the app then drops
every window and goes back to the first-run set-up with one message that says why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import SyncError
from desktop.sync.engine import Progress, RunDb, SyncEngine, SyncResult


def was_wiped(error: BaseException) -> bool:
    """True when a sync round ended with this desk erased on the central line's order."""
    return isinstance(error, SyncError) and bool(error.details.get("wiped"))


def lost_changes(error: BaseException) -> int:
    """How many local changes were erased before they reached the central line."""
    details = getattr(error, "details", {}) or {}
    try:
        return int(details.get("lost_ops") or 0)
    except (TypeError, ValueError):
        return 0


class WatchedSyncEngine(SyncEngine):
    """The sync engine, calling `on_wiped(error)` as soon as a round erased the desk.

    `on_wiped` runs on the sync thread (network worker or scheduler): never touch widgets
    in it; emit a signal."""

    def __init__(self, run_db: RunDb, on_wiped: Callable[[SyncError], None]) -> None:
        super().__init__(run_db)
        self.on_wiped = on_wiped

    def sync_once(self, progress: Progress | None = None) -> SyncResult:
        try:
            return super().sync_once(progress)
        except SyncError as error:
            if was_wiped(error):
                self.on_wiped(error)
            raise


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
