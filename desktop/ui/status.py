"""Sync in the status bar: online/offline, last sync, pending changes, open conflicts,
a progress bar during a round, the last error in plain words, "Sync now" and enrolment.

The sync engine runs on the network worker; its database work hops to the DB worker
(`DbWorker.run_blocking`). Status reaches the GUI thread only through queued signals.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import fmt, i18n, ops
from desktop.ui.messages import error_text

log = logging.getLogger(__name__)


def status_dict(status: Any) -> dict[str, Any]:
    """A SyncStatus (dataclass or dict) as a plain dict the GUI can keep."""
    if status is None:
        return {}
    if isinstance(status, dict):
        return dict(status)
    if hasattr(status, "to_dict"):
        return status.to_dict()
    names = (
        "online",
        "last_success",
        "pending_ops",
        "not_sent_ops",
        "not_sent",
        "open_conflicts",
        "last_error",
        "in_progress",
        "progress",
        "enrolled",
        "stopped",
        "server_time_skew",
    )
    return {name: getattr(status, name, None) for name in names}


class SyncController(QObject):
    """Owns the engine and the scheduler for one unlocked session."""

    status_changed = Signal(object)  # dict
    round_finished = Signal(object)  # SyncResult or error
    desk_wiped = Signal(object)  # the SyncError: central ordered this desk erased

    def __init__(self, db: ops.DbWorker, net: ops.NetWorker, interval_s: int) -> None:
        super().__init__()
        self.db, self.net = db, net
        self.interval_s = interval_s
        self.session: Any = None  # desktop.services.syncing.SyncSession while started
        self.engine: Any = None  # its engine (status, rounds)
        self.enrolled = False
        self.last: dict[str, Any] = {}
        self._poll = QTimer(self)
        self._poll.setInterval(1000)
        self._poll.timeout.connect(self.poll)

    def start(self) -> None:
        from desktop.services.syncing import SyncSession

        self.session = SyncSession(self.db.run_blocking, self._wiped_on_worker)
        self.engine = self.session.engine
        self._poll.start()
        ops.run_op(self, lambda ws: ws.sync.is_enrolled(), self._enrolment_known, lambda e: None)

    def _enrolment_known(self, enrolled: bool) -> None:
        self.enrolled = bool(enrolled)
        session = self.session
        if self.enrolled and session is not None:
            # "Online" from the first probe, not after the first scheduled round.
            self.net.run(self, session.probe, lambda _online: self.poll(), lambda e: None)
            session.start_schedule(self.interval_s, on_status=self._from_worker)
        self.refresh()

    def refresh_pending(self) -> None:
        """After a save: re-read the pending count on the DB worker (right after the write,
        without waiting for a sync round), then show it."""
        session = self.session
        if session is not None:
            ops.run_op(
                self,
                lambda ws: session.read_local_status(ws),
                lambda _s: self.poll(),
                lambda e: None,
            )

    def stop(self) -> None:
        self._poll.stop()
        session, self.session = self.session, None
        if session is not None:
            try:
                session.stop_schedule(wait=False)
            except Exception:  # noqa: BLE001 - stopping must never block locking
                log.warning("scheduler stop failed")
        self.engine = None

    def _wiped_on_worker(self, error: Any) -> None:
        """Called on the sync thread right after the engine erased the desk: nothing may
        touch the closed store any more, then the GUI thread hears of it."""
        self.db.close_workspace()
        self.desk_wiped.emit(error)

    def _from_worker(self, status: Any) -> None:
        """Called on the scheduler's thread: hand the status to the GUI thread."""
        self.status_changed.emit({**status_dict(status), "enrolled": self.enrolled})
        self.db.operation_did_execute.emit(ops.ALL_ENTITIES)

    @Slot()
    def poll(self) -> None:
        """The engine keeps its status in memory: cheap to read on the GUI thread."""
        if self.engine is not None:
            self.status_changed.emit({**status_dict(self.engine.status), "enrolled": self.enrolled})

    def refresh(self) -> None:
        """Re-read pending changes and open conflicts from the store (network thread)."""
        engine = self.engine
        if engine is not None:
            self.net.run(self, engine.refresh_status, lambda _s: self.poll(), lambda e: None)

    def sync_now(self) -> None:
        engine = self.engine
        if engine is None or not self.enrolled:
            return

        def progress(value: float, phase: str = "") -> None:
            self.status_changed.emit(
                {
                    **status_dict(engine.status),
                    "in_progress": True,
                    "progress": float(value),
                    "enrolled": True,
                },
            )

        self.status_changed.emit({**self.last, "in_progress": True, "progress": 0.0})
        self.net.run(
            self, lambda: engine.sync_once(progress=progress), self._finished, self._finished
        )

    def _finished(self, result: Any) -> None:
        self.round_finished.emit(result)
        self.db.operation_did_execute.emit(ops.ALL_ENTITIES)
        self.poll()

    def enroll(self, url: str, code: str, done, failed) -> None:
        def job() -> Any:
            return self.db.run_blocking(lambda ws: ws.sync.enroll(url, code))

        def enrolled(result: Any) -> None:
            self._enrolment_known(True)
            done(result)

        self.net.run(self, job, enrolled, failed)


class SyncStatusBar(i18n.RetranslatedOnLanguageChange, QWidget):
    """The permanent widget on the main window's status bar."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status")
        self.controller = controller
        self.status: dict[str, Any] = {}
        self.online = QLabel(self)
        self.online.setObjectName("sync_online")
        self.last_sync = QLabel(self)
        self.last_sync.setObjectName("sync_last")
        self.pending = QLabel(self)
        self.pending.setObjectName("sync_pending")
        self.conflicts = QPushButton(self)
        self.conflicts.setObjectName("sync_conflicts")
        self.conflicts.setFlat(True)
        self.not_sent = QPushButton(self)
        self.not_sent.setObjectName("sync_not_sent")
        self.not_sent.setFlat(True)
        self.not_sent.setStyleSheet("color: #c62828; font-weight: bold;")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("sync_progress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        self.error = QLabel(self)
        self.error.setObjectName("sync_error")
        self.error.setStyleSheet("color: #c62828;")
        self.sync_button = QPushButton(self)
        self.sync_button.setObjectName("sync_now")
        self.enroll_button = QPushButton(self)
        self.enroll_button.setObjectName("enroll")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        for widget in (
            self.online,
            self.last_sync,
            self.pending,
            self.not_sent,
            self.conflicts,
            self.progress,
            self.error,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.enroll_button)
        layout.addWidget(self.sync_button)
        self.sync_button.clicked.connect(self.controller.sync_now)
        self.enroll_button.clicked.connect(self.open_enrolment)
        self.conflicts.clicked.connect(self.open_conflicts)
        self.not_sent.clicked.connect(self.open_not_sent)
        controller.status_changed.connect(self.show_status)
        self.retranslate_ui()

    @Slot(object)
    def show_status(self, status: dict[str, Any]) -> None:
        self.controller.last = {**self.controller.last, **status}
        self.status = self.controller.last
        self._render()

    def _render(self) -> None:
        s = self.status
        available = self.controller.engine is not None
        enrolled = s.get("enrolled", True)
        if not enrolled:
            self.online.setText(self.tr("Not enrolled"))
        elif s.get("online") is None:  # the first probe has not answered yet
            self.online.setText("● " + self.tr("Checking the connection…"))
            self.online.setStyleSheet("color: #757575;")
        elif s.get("online"):
            self.online.setText("● " + self.tr("Online"))
            self.online.setStyleSheet("color: #2e7d32; font-weight: bold;")
        else:
            self.online.setText("● " + self.tr("Offline"))
            self.online.setStyleSheet("color: #757575; font-weight: bold;")
        last = s.get("last_success")
        self.last_sync.setText(
            self.tr("Last sync: {when}").format(
                when=fmt.date_time(last) if last else self.tr("never")
            )
        )
        self.pending.setText(
            self.tr("{count} changes to send").format(count=int(s.get("pending_ops") or 0))
        )
        not_sent = int(s.get("not_sent_ops") or 0)
        self.not_sent.setText(self.tr("{count} changes not sent").format(count=not_sent))
        self.not_sent.setVisible(not_sent > 0)
        conflicts = int(s.get("open_conflicts") or 0)
        self.conflicts.setText(self.tr("{count} conflicts to resolve").format(count=conflicts))
        self.conflicts.setVisible(conflicts > 0)
        self.conflicts.setStyleSheet("color: #c62828; font-weight: bold;" if conflicts else "")
        busy = bool(s.get("in_progress"))
        self.progress.setVisible(busy)
        self.progress.setValue(int(float(s.get("progress") or 0) * 100))
        self.sync_button.setEnabled(available and bool(enrolled) and not busy)
        self.enroll_button.setVisible(available and not enrolled)
        self.error.setText(_plain_error(s.get("last_error")))

    @Slot()
    def open_enrolment(self) -> None:
        EnrolDialog(self.controller, self).open()

    @Slot()
    def open_not_sent(self) -> None:
        NotSentDialog(self.status, self).open()

    @Slot()
    def open_conflicts(self) -> None:
        from desktop.ui.case.conflict_dialog import open_conflicts_dialog

        open_conflicts_dialog(self.window())

    def retranslate_ui(self) -> None:
        self.sync_button.setText(self.tr("Sync now"))
        self.enroll_button.setText(self.tr("Connect to the central line…"))
        self.progress.setFormat(self.tr("Syncing %p%"))
        self._render()


def _plain_error(error: Any) -> str:
    """The last sync error in the active language (engine gives vi/en or an error)."""
    if not error:
        return ""
    if isinstance(error, BaseException):
        return error_text(error)
    if isinstance(error, dict):
        return str(error.get(i18n.current()) or error.get("en") or error.get("vi") or "")
    if isinstance(error, (list, tuple)) and len(error) == 2:
        return str(error[1] if i18n.current() == "en" else error[0])
    return str(error)


class NotSentDialog(QDialog):
    """The changes central refused (kept on this desk): each says why and how to fix it;
    editing the record sends it again at the next sync."""

    def __init__(self, status: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("not_sent_dialog")
        self.setWindowTitle(self.tr("Changes not sent"))
        layout = QVBoxLayout(self)
        count = int(status.get("not_sent_ops") or 0)
        intro = QLabel(
            self.tr(
                "{count} changes were refused by the central server. They are kept on this"
                " desk and do not hold up the others."
            ).format(count=count),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.items = QListWidget(self)
        self.items.setObjectName("not_sent_items")
        self.items.setWordWrap(True)
        for item in status.get("not_sent") or []:
            self.items.addItem(_plain_error(item))
        layout.addWidget(self.items)
        shown = self.items.count()
        if count > shown:
            layout.addWidget(QLabel(self.tr("… and {more} more.").format(more=count - shown), self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 320)


class EnrolDialog(QDialog):
    """Enrol this desk with the central line: the server address and a one-time code."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("enrol_dialog")
        self.controller = controller
        self.url = QLineEdit(self)
        self.url.setObjectName("server_url")
        self.url.setPlaceholderText("https://111.example.gov.vn")
        self.code = QLineEdit(self)
        self.code.setObjectName("code")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        intro = QLabel(
            self.tr("The central line's administrator gives you the address and a one-time code."),
            self,
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        form.addRow(self.tr("Server address"), self.url)
        form.addRow(self.tr("Enrolment code"), self.code)
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton(self.tr("Enrol"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.setWindowTitle(self.tr("Connect to the central line"))
        self.setMinimumWidth(480)

    @Slot()
    def submit(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url or not code:
            self.message.setText(self.tr("Enter the server address and the code."))
            return
        self.ok.setEnabled(False)
        self.message.setText(self.tr("Enrolling…"))
        self.controller.enroll(url, code, self._done, self._failed)

    def _done(self, result: Any) -> None:
        self.ok.setEnabled(True)
        self.controller.poll()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.ok.setEnabled(True)
        self.message.setText(error_text(error))
