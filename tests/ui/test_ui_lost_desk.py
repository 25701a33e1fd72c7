"""A laptop reported lost: the central line orders it erased on its next sync, and the
person at it sees why their records vanished and how many changes never reached central."""

from __future__ import annotations

import json

import shiboken6
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_support import PASSWORDS, central, log_in, type_text

from desktop.services import Workspace
from desktop.sync.engine import enroll
from desktop.ui.setup import SetupWizard


def offline_contact(phone: str) -> dict:
    return {
        "received_at": "2026-11-02T10:00:00+07:00",
        "channel": "phone",
        "call_type": "counselling",
        "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": phone},
        "children": [{"full_name": "Đặng Thị Hoà", "sex": "F", "birth_year": 2014}],
        "categories": ["violence.physical"],
        "services": ["counselling"],
        "risk": "high",
        "summary": "Mẹ báo con bị đánh.",
    }


def test_a_desk_reported_lost_is_erased_on_its_next_sync_and_the_app_starts_over(
    desk, app_for, qtbot, central_server
):
    db = central_server["db"]
    code = json.loads(central(db, "enroll-code", "--province", "48", "--json").stdout)["code"]
    with Workspace.open(desk, "admin", PASSWORDS["admin"]) as ws:
        device = enroll(ws, central_server["url"], code)
    with Workspace.open(desk, "lan", PASSWORDS["lan"]) as ws:
        for phone in ("0905111222", "0905333444"):  # written after the laptop left the office
            ws.record_contact(offline_contact(phone))
        unsent = ws.store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    assert unsent >= 2
    central(db, "revoke", device["device_id"], "--lost")

    caseline = app_for(desk)
    main = log_in(qtbot, caseline, "lan")
    type_text(qtbot, main.intake.summary, "Đang ghi dở")
    contacts = main.page("contacts")

    # The scheduler's first round (a second after unlocking) meets the lost order.
    qtbot.waitUntil(lambda: caseline.wizard is not None, timeout=20000)
    assert not Workspace.exists(desk)
    assert caseline.main is None and caseline.login is None
    qtbot.waitUntil(lambda: not shiboken6.isValid(contacts), timeout=5000)
    assert not shiboken6.isValid(main), "the main window and its records are gone"

    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    shown = [b for b in boxes if b.objectName() == "desk_wiped_message" and b.isVisible()]
    assert len(shown) == 1, "one clear message, not a cascade of errors"
    message = shown[0].text() + " " + shown[0].informativeText()
    assert "trung ương" in message and "xoá" in message
    assert f"{unsent} thay đổi" in message, "it says how many unsent changes were lost"
    others = [b for b in boxes if b.isVisible() and b is not shown[0]]
    assert not others, [b.text() for b in others]

    wizard = caseline.wizard
    assert isinstance(wizard, SetupWizard) and wizard.isVisible()
    assert wizard.pages.currentIndex() == 0, "back at the first-run set-up"
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert set(visible) <= {wizard, shown[0]}
