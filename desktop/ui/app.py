"""The desktop application: first-run wizard → login → main window, locking when idle.

`run_gui(data_dir)` is what `caseline gui` calls; `caseline demo` adds a banner and an
`on_unlock(ws)` callback (run on the DB worker right after the desk is unlocked, e.g. to
enrol it with the embedded central server). `self_test(data_dir, username, password)`
is the UI step of `caseline self-test`.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QObject,
    QTimer,
    Signal,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from desktop.domain.settings import AUTO_LOCK_MINUTES
from desktop.errors import CaselineError
from desktop.ui import i18n, ops

log = logging.getLogger(__name__)

DEFAULT_AUTO_LOCK_MINUTES = AUTO_LOCK_MINUTES.default  # until a desk is unlocked
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
    desk_wiped = Signal()  # central ordered this desk erased; the set-up wizard is showing

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

        if Workspace.exists(self.data_dir) or Workspace.partly_there(self.data_dir):
            self.show_login()  # a desk missing one of its files: login names which
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
        user, preferences = ws.user, ws.preferences()
        return {
            "username": user.username,
            "full_name": user.full_name,
            "role": user.role,
            "centre": ws.centre_name,
            "province_code": ws.province_code,
            "device_code": ws.device_code,
            "auto_lock_minutes": preferences.auto_lock_minutes,
            "sync_interval_s": preferences.sync_interval_s,
            "language": preferences.language,
            "attachment_download": preferences.attachment_download,
        }

    @Slot(object)
    def _unlocked(self, session: dict[str, Any]) -> None:
        from desktop.ui.main_window import MainWindow

        self.session = session
        if session["language"]:
            i18n.language().set(session["language"])
        self.main = MainWindow(self, session)
        self.main.lock_requested.connect(self.lock)
        from desktop.ui import window

        window.place(self.main)
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
        from desktop.ui import window

        window.remember(main)
        main.drop_records()
        self._close_windows(main)
        self.db.close_workspace()
        self.show_login(self.session.get("username", ""), self.tr("The desk is locked."))
        self.locked.emit()

    def _close_windows(self, main: Any) -> None:
        """Hide the main window and close every other window but the login."""
        main.hide()
        main.deleteLater()
        for widget in QApplication.topLevelWidgets():
            if widget is not self.login and widget is not main and widget.isVisible():
                widget.close()

    @Slot(object)
    def desk_was_wiped(self, error: Any) -> None:
        """Central ordered this desk erased (it was reported lost) and the sync engine has
        done so: drop every window's data, say what happened, start again at set-up."""
        from desktop.ui.wipe import wiped_message

        if self.wizard is not None:
            return  # already handled (a second report of the same wipe)
        log.warning("the desk was erased on the central line's order")
        self.idle.stop()
        self.db.close_workspace()
        main, self.main = self.main, None
        if main is not None:
            main.drop_records(keep_draft=False)
            self._close_windows(main)
        if self.login is not None:
            login, self.login = self.login, None
            login.hide()
            login.deleteLater()
        self.session = {}
        self.show_wizard()
        wiped_message(self.wizard, error)
        self.desk_wiped.emit()

    def set_auto_lock(self, minutes: float) -> None:
        self.session["auto_lock_minutes"] = minutes
        self.idle.set_minutes(minutes)
        if self.main is not None:
            self.idle.timer.start()

    def quit(self) -> None:
        if self.main is not None:
            from desktop.ui import window

            window.remember(self.main)
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
    if not i18n.language().code:
        i18n.language().set(i18n.DEFAULT_LANGUAGE)
    from desktop.ui.splash import Splash

    splash = Splash()  # never a blank screen while the parts load (seconds on a desk PC)
    splash.show()
    splash.load_parts()
    caseline = CaselineApp(Path(data_dir), demo_banner=demo_banner, on_unlock=on_unlock)
    app.aboutToQuit.connect(caseline.quit)
    caseline.start()
    splash.finish_on(caseline.login or caseline.wizard)
    return app.exec()


class UiSelfTestFailed(CaselineError):
    """`caseline self-test`'s UI step found the app not working as it should."""

    code = "self_test"

    def __init__(self, failed: list[tuple[str, bool, str]]) -> None:
        what = "; ".join(f"{name}: {note}" for name, _ok, note in failed)
        super().__init__(
            f"Giao diện không đạt khi tự kiểm tra — {what}",
            f"The desktop app failed its self-test — {what}",
        )


def _qt_message_to_log(_kind: Any, _context: Any, message: str) -> None:
    log.debug("qt: %s", message)


def _wait_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    """Run the Qt event loop until `condition()` holds or the time is up."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    while not condition():
        if time.monotonic() > deadline:
            return False
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    return True


def self_test(
    data_dir: Path | str, username: str, password: str, timeout_s: float = 30.0
) -> list[tuple[str, bool, str]]:
    """Offscreen: unlock the real main window over `data_dir`, check that the contacts list
    shows rows and the sync status bar is there, then lock and close everything.

    Returns one (check, passed, note) per step; raises `UiSelfTestFailed` if any failed
    (`caseline self-test` calls this and reports the error as its UI step's FAIL)."""
    app = QApplication.instance() or QApplication(["caseline-self-test"])
    previous = qInstallMessageHandler(_qt_message_to_log)  # keep OK/FAIL lines clean
    caseline = CaselineApp(Path(data_dir))
    results: list[tuple[str, bool, str]] = []
    try:
        caseline.start()
        results.append(_unlock_check(caseline, username, password, timeout_s))
        if caseline.main is not None:
            results.append(_contacts_check(caseline.main, timeout_s))
            results.append(_status_bar_check(caseline.main))
        caseline.lock()
        results.append(("lock", caseline.main is None, ""))
    finally:
        caseline.quit()
        for widget in app.topLevelWidgets():
            widget.close()
            widget.deleteLater()
        app.processEvents()
        qInstallMessageHandler(previous)
    failed = [result for result in results if not result[1]]
    if failed:
        raise UiSelfTestFailed(failed)
    return results


def _unlock_check(
    caseline: CaselineApp, username: str, password: str, timeout_s: float
) -> tuple[str, bool, str]:
    login = caseline.login
    if login is None:
        return ("unlock", False, "no login window (the desk is not set up)")
    login.username.setText(username)
    login.password.setText(password)
    login.submit()
    opened = _wait_until(
        lambda: caseline.main is not None or login.unlock_button.isEnabled(), timeout_s
    )
    if caseline.main is None:
        return ("unlock", False, login.message.text() if opened else "timed out")
    return ("unlock", caseline.main.isVisible(), caseline.main.windowTitle())


def _contacts_check(main: Any, timeout_s: float) -> tuple[str, bool, str]:
    from desktop.ui.lists import CONTACTS

    if CONTACTS not in main.pages:
        return ("contacts list", False, f"no contacts list for the role {main.role}")
    main.show_page(CONTACTS)
    view = main.page(CONTACTS).table
    shown = _wait_until(lambda: view.model().rowCount() > 0, timeout_s)
    return ("contacts list", shown, f"{view.model().rowCount()} rows")


def _status_bar_check(main: Any) -> tuple[str, bool, str]:
    bar = main.sync_bar
    there = bar.isVisible() and bool(bar.online.text()) and bool(bar.pending.text())
    return ("sync status bar", there, bar.online.text())
