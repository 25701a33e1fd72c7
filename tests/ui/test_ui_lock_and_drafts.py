"""Locking drops what is on screen; typing survives a lock and a crash as an encrypted draft."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QLineEdit, QPlainTextEdit
from ui_support import PASSWORDS, log_in, wait_idle

from desktop.services import Workspace
from desktop.ui import ops

CHILD = "Đặng Thị Hoà"
CONTACT = {
    "received_at": "2026-10-03T14:05:00+07:00",
    "channel": "phone",
    "call_type": "counselling",
    "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905123456"},
    "children": [{"full_name": CHILD, "sex": "F", "birth_year": 2014}],
    "categories": ["violence.physical"],
    "services": ["counselling"],
    "risk": "high",
    "summary": "Cháu bị đánh.",
}


def texts_on_screen() -> str:
    """Every text any live widget holds, including the rows of every list and table."""
    QApplication.processEvents()
    parts = []
    for widget in QApplication.allWidgets():
        if isinstance(widget, (QLabel, QLineEdit)):
            parts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount(QModelIndex())):
                column = 0
                while model.index(row, column).isValid():
                    parts.append(str(model.data(model.index(row, column)) or ""))
                    column += 1
    return "\n".join(parts)


def test_auto_lock_after_idle_minutes_clears_every_view_and_keeps_the_typing(desk, app_for, qtbot):
    with Workspace.open(desk, "lan", PASSWORDS["lan"]) as ws:
        ws.record_contact(CONTACT)
    caseline = app_for(desk)
    main = log_in(qtbot, caseline, "lan")
    contacts = main.page("contacts")
    main.show_page("contacts")
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 1, timeout=5000)
    main.show_page("intake")
    main.intake.caller_name.setText("Trần Văn Bảo")
    main.intake._mark_dirty()
    assert CHILD in texts_on_screen()

    caseline.set_auto_lock(0.01)  # the admin's setting, in minutes: 0.6 s here
    qtbot.waitUntil(lambda: caseline.main is None, timeout=5000)
    assert caseline.login.isVisible()
    assert "khoá" in caseline.login.message.text()
    qtbot.wait(50)
    screen = texts_on_screen()
    assert CHILD not in screen and "Trần Văn Bảo" not in screen and "Lê Thị Hạnh" not in screen
    ops.db_worker().wait_idle()
    assert not ops.db_worker().unlocked, "the store is closed while locked"

    main = log_in(qtbot, caseline, "lan")
    qtbot.waitUntil(lambda: main.intake.caller_name.text() == "Trần Văn Bảo", timeout=5000)


def test_the_lock_button_locks_at_once(signed_in, qtbot):
    main = signed_in("lan")
    caseline = main.app
    main.lock_button.click()
    assert caseline.main is None and caseline.login.isVisible()


def test_a_crash_while_typing_loses_nothing_but_the_last_seconds(desk, app_for, qtbot):
    script = Path(__file__).with_name("typing_desk.py")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen(
        [sys.executable, str(script), str(desk), "lan", PASSWORDS["lan"]],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "DRAFT-SAVED"
    finally:
        os.kill(child.pid, signal.SIGKILL)  # the desk dies mid-typing
        child.wait(10)
    assert child.returncode == -signal.SIGKILL

    main = log_in(qtbot, app_for(desk), "lan")
    main.show_page("intake")  # from the home page
    intake = main.intake
    qtbot.waitUntil(lambda: intake.caller_name.text() == "Lê Thị Hạnh", timeout=5000)
    assert intake.children_forms[0].name.text() == CHILD
    assert intake.categories.values() == ["violence.physical"]
    assert intake.risk.value() == "high"
    assert intake.summary.toPlainText().startswith("Cháu bị")
    assert "Đã khôi phục" in intake.message.text()

    intake.save_button.click()  # saving the restored contact clears the draft
    qtbot.waitUntil(lambda: "Đã lưu" in intake.message.text(), timeout=5000)
    wait_idle(qtbot, main)
    with Workspace.open(desk, "lan", PASSWORDS["lan"]) as ws:
        assert ws.load_draft("intake") is None
        assert ws.list_contacts({}, 0, 10).total == 1


def test_the_draft_file_is_inside_the_encrypted_store(desk, app_for, qtbot):
    main = log_in(qtbot, app_for(desk), "lan")
    main.intake.caller_name.setText("Lê Thị Hạnh")
    main.intake._mark_dirty()
    main.intake.save_draft_now()
    wait_idle(qtbot, main)
    for path in desk.rglob("*"):
        if path.is_file():
            assert "Hạnh".encode() not in path.read_bytes(), path.name
