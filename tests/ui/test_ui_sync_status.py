"""The status bar during a real sync with the central server (uvicorn on 127.0.0.1)."""

from __future__ import annotations

import json

from ui_support import PASSWORDS, central, log_in

from desktop.services import Workspace
from desktop.ui.status import EnrolDialog


def test_the_status_bar_follows_enrolment_and_a_sync_round_against_central(
    desk, app_for, qtbot, central_server
):
    with Workspace.open(desk, "lan", PASSWORDS["lan"]) as ws:
        for phone in ("0905111222", "0905333444", "0905555666"):
            ws.record_contact(
                {
                    "received_at": "2026-11-02T10:00:00+07:00",
                    "channel": "phone",
                    "call_type": "information",
                    "caller": {"relation": "self", "phone": phone},
                    "children": [],
                    "categories": ["information.question"],
                    "services": ["information"],
                    "risk": "low",
                    "summary": "Hỏi thông tin.",
                }
            )
    main = log_in(qtbot, app_for(desk), "admin")
    bar = main.sync_bar
    qtbot.waitUntil(lambda: bar.online.text() == "Chưa đăng ký với trung ương", timeout=5000)
    qtbot.waitUntil(lambda: bar.pending.text() == "3 thay đổi chờ gửi", timeout=5000)
    assert bar.enroll_button.isVisible() and not bar.sync_button.isEnabled()

    code = json.loads(
        central(central_server["db"], "enroll-code", "--province", "48", "--json").stdout
    )["code"]
    bar.enroll_button.click()
    dialog = bar.findChild(EnrolDialog)
    dialog.url.setText(central_server["url"])
    dialog.code.setText(code)
    seen: list[dict] = []
    bar.controller.status_changed.connect(lambda status: seen.append(dict(status)))
    dialog.ok.click()
    qtbot.waitUntil(lambda: bar.controller.enrolled, timeout=10000)

    bar.sync_button.click()
    qtbot.waitUntil(
        lambda: (
            bar.pending.text() == "0 thay đổi chờ gửi" and bar.online.text().endswith("Trực tuyến")
        ),
        timeout=20000,
    )
    assert any(s.get("in_progress") for s in seen), "progress was shown during the round"
    assert "chưa lần nào" not in bar.last_sync.text()
    assert bar.error.text() == ""
    assert not bar.progress.isVisible()
    counts = json.loads(central(central_server["db"], "counts", "--json").stdout)
    assert counts["48"]["contact"] == 3

    central_server["process"].kill()  # the line goes down
    central_server["process"].wait(10)
    qtbot.waitUntil(bar.sync_button.isEnabled, timeout=10000)
    bar.sync_button.click()
    qtbot.waitUntil(lambda: bar.online.text().endswith("Ngoại tuyến"), timeout=20000)
    assert bar.error.text() != "" and "Traceback" not in bar.error.text()
