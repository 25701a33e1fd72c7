"""The desktop application: first-run wizard → login → main window, locking when idle.

`run_gui(data_dir)` is what `caseline gui` calls; `caseline demo` adds a banner and an
`on_unlock(ws)` callback (run on the DB worker right after the desk is unlocked, e.g. to
enrol it with the embedded central server).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

from desktop.ui import i18n, ops

log = logging.getLogger(__name__)

DEFAULT_AUTO_LOCK_MINUTES = 10.0
IDLE_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }
)


class IdleWatch(QObject):
    """Fires `idle` after `minutes` without keyboard or mouse input anywhere in the app."""

    idle = Signal()

    def __init__(self, minutes: float) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        self.minutes = float(minutes)
        self.timer.setInterval(max(50, int(self.minutes * 60_000)))

    def start(self) -> None:
        QApplication.instance().installEventFilter(self)
        self.timer.start()

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in IDLE_EVENTS and self.minutes > 0:
            self.timer.start()
        return False


class CaselineApp(QObject):
    """Owns the windows, the worker threads and the unlocked session."""

    locked = Signal()
    session_started = Signal()

    def __init__(
        self,
        data_dir: Path,
        *,
        demo_banner: str | None = None,
        on_unlock: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.demo_banner = demo_banner
        self.on_unlock = on_unlock
        self.db = ops.db_worker()
        self.net = ops.NetWorker(self.db)
        self.session: dict[str, Any] = {}
        self.wizard = None
        self.login = None
        self.main = None
        self.idle = IdleWatch(DEFAULT_AUTO_LOCK_MINUTES)
        self.idle.idle.connect(self.lock)
        if not i18n.language().code:
            i18n.language().set(i18n.DEFAULT_LANGUAGE)

    # -- start ----------------------------------------------------------------------
    def start(self) -> None:
        from desktop.services import Workspace

        if Workspace.exists(self.data_dir):
            self.show_login()
        else:
            self.show_wizard()

    def show_wizard(self) -> None:
        from desktop.ui.setup import SetupWizard

        self.wizard = SetupWizard(self.data_dir)
        self.wizard.finished_setup.connect(self._setup_done)
        self.wizard.show()

    @Slot(str)
    def _setup_done(self, admin: str) -> None:
        self.wizard.deleteLater()
        self.wizard = None
        self.show_login(admin)

    def show_login(self, username: str = "", message: str = "") -> None:
        from desktop.ui.login import LoginWindow

        if self.login is None:
            self.login = LoginWindow(self.data_dir, self.open_session, self.demo_banner)
            self.login.unlocked.connect(self._unlocked)
        self.login.prefill(username or self.session.get("username", ""), message)
        self.login.show()
        self.login.raise_()

    # -- session --------------------------------------------------------------------
    def open_session(self, username: str, password: str) -> dict[str, Any]:
        """Runs on the DB worker: open the desk, keep it there, return what the UI shows."""
        from desktop.services import Workspace

        ws = Workspace.open(self.data_dir, username, password)
        self.db.install(ws)
        if self.on_unlock is not None:
            self.on_unlock(ws)
        user = ws.user
        return {
            "username": user.username,
            "full_name": user.full_name,
            "role": user.role,
            "centre": ws.centre_name,
            "province_code": ws.province_code,
            "device_code": ws.device_code,
            "auto_lock_minutes": float(
                ws.get_setting("auto_lock_minutes", DEFAULT_AUTO_LOCK_MINUTES)
                or DEFAULT_AUTO_LOCK_MINUTES
            ),
            "sync_interval_s": int(ws.get_setting("sync_interval_s", 300) or 300),
            "language": ws.get_setting("language", "") or "",
        }

    @Slot(object)
    def _unlocked(self, session: dict[str, Any]) -> None:
        from desktop.ui.main_window import MainWindow

        self.session = session
        if session["language"]:
            i18n.language().set(session["language"])
        self.main = MainWindow(self, session)
        self.main.lock_requested.connect(self.lock)
        self.main.resize(1366, 768)
        self.main.show()
        self.login.hide()
        self.idle.set_minutes(session["auto_lock_minutes"])
        self.idle.start()
        self.session_started.emit()

    @Slot()
    def lock(self) -> None:
        """Drop every decrypted record from the screen and close the store."""
        if self.main is None:
            return
        self.idle.stop()
        main, self.main = self.main, None
        main.drop_records()
        main.hide()
        main.deleteLater()
        for widget in QApplication.topLevelWidgets():
            if widget is not self.login and widget is not main and widget.isVisible():
                widget.close()
        self.db.close_workspace()
        self.show_login(self.session.get("username", ""), self.tr("The desk is locked."))
        self.locked.emit()

    def set_auto_lock(self, minutes: float) -> None:
        self.session["auto_lock_minutes"] = minutes
        self.idle.set_minutes(minutes)
        if self.main is not None:
            self.idle.timer.start()

    def quit(self) -> None:
        if self.main is not None:
            self.main.drop_records()
        self.idle.stop()
        self.net.shutdown()
        self.db.close_workspace().result(30)


def run_gui(
    data_dir: Path | str,
    demo_banner: str | None = None,
    on_unlock: Callable[[Any], None] | None = None,
) -> int:
    """Run the desktop app until its last window closes. Returns the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from desktop.ui.qtfix import binding_problem

    if problem := binding_problem():
        log.error(problem)
        print(problem, file=sys.stderr)
    app.setApplicationName("Caseline")
    app.setOrganizationName("Caseline")
    caseline = CaselineApp(Path(data_dir), demo_banner=demo_banner, on_unlock=on_unlock)
    app.aboutToQuit.connect(caseline.quit)
    caseline.start()
    return app.exec()
