"""Helpers shared by the UI tests (the fixtures are in conftest.py)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from desktop.services import Workspace
from desktop.ui.app import CaselineApp

PASSWORDS = {
    "admin": "quan-tri-2026",
    "hoa": "lanh-dao-2026",  # manager
    "lan": "tiep-nhan-2026",  # intake
    "minh": "cong-tac-2026",  # caseworker
}
CENTRE = "Trung tâm Công tác xã hội Đà Nẵng"
CENTRAL = str(Path(sys.executable).with_name("caseline-central"))
RECOVERY_KEYS: dict[str, str] = {}  # data dir → the recovery key shown at its set-up


def make_desk(data_dir: Path) -> Path:
    RECOVERY_KEYS[str(data_dir)] = Workspace.init(
        data_dir,
        centre=CENTRE,
        province_code="48",
        admin_username="admin",
        admin_password=PASSWORDS["admin"],
        admin_full_name="Trần Quản Trị",
    )
    ws = Workspace.open(data_dir, "admin", PASSWORDS["admin"])
    try:
        ws.add_user("hoa", "manager", PASSWORDS["hoa"], full_name="Lê Thị Hoa")
        ws.add_user("lan", "intake", PASSWORDS["lan"], full_name="Phạm Ngọc Lan")
        ws.add_user("minh", "caseworker", PASSWORDS["minh"], full_name="Võ Văn Minh")
    finally:
        ws.close()
    return data_dir


def log_in(qtbot, caseline: CaselineApp, username: str, password: str | None = None):
    """Type the user name and password into the login window; wait for the main window."""
    login = caseline.login
    login.username.setText(username)
    login.password.setText(password or PASSWORDS[username])
    login.unlock_button.click()
    qtbot.waitUntil(lambda: caseline.main is not None, timeout=15000)
    caseline.main.resize(1366, 768)
    return caseline.main


def wait_idle(qtbot, caseline_or_main) -> None:
    """Let the DB worker finish what was queued and deliver the results."""
    from desktop.ui import ops

    ops.db_worker().wait_idle()
    qtbot.wait(30)
    ops.db_worker().wait_idle()
    qtbot.wait(30)


def type_text(qtbot, widget, text: str) -> None:
    """Type like a person: one key event per character (Vietnamese letters included;
    QTest only maps ASCII characters to keys, so others are sent as text-only key events)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        target = QApplication.focusWidget() if widget is None else widget
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(target, event)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def central(db_url: str, *args: str) -> subprocess.CompletedProcess:
    """Run `caseline-central` as the central line's administrator would."""
    return subprocess.run(
        [CENTRAL, "--db", db_url, *args], capture_output=True, text=True, check=True, timeout=60
    )
