"""The status bar tells the truth: the pending count moves the moment a change is saved,
and "online" is known from the first probe, never "offline" while central is up."""

from __future__ import annotations

import json

import pytest
from test_ui_home import contact
from ui_support import PASSWORDS, central, log_in

from desktop.domain import times
from desktop.services import Workspace


def test_the_pending_count_changes_the_moment_a_contact_is_saved(signed_in, qtbot):
    main = signed_in("lan")
    bar = main.sync_bar
    qtbot.waitUntil(lambda: bar.pending.text() == "0 thay đổi chờ gửi", timeout=5000)
    main.show_page("intake")
    intake = main.intake
    intake.caller_name.setText("Lê Thị Hạnh")
    intake.children_forms[0].name.setText("Đặng Thị Hoà")
    intake.categories.set_values(["violence.physical"])
    intake.summary.setPlainText("Mẹ gọi.")
    intake.risk.set_value("low")
    intake.save_button.click()
    # No sync round runs on this desk (not enrolled): only the save can move the count.
    qtbot.waitUntil(lambda: bar.pending.text() != "0 thay đổi chờ gửi", timeout=5000)
    assert int(bar.pending.text().split()[0]) >= 1


def test_online_is_known_from_the_first_probe_not_offline_while_central_is_up(
    desk, app_for, qtbot, central_server
):
    code = json.loads(
        central(central_server["db"], "enroll-code", "--province", "48", "--json").stdout
    )["code"]
    with Workspace.open(desk, "admin", PASSWORDS["admin"]) as ws:
        ws.sync.enroll(central_server["url"], code)
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        for _ in range(3):
            ws.record_contact(contact(times.local_iso(times.now_local())))
    caseline = app_for(desk)
    shown: list[str] = []
    caseline.session_started.connect(
        lambda: caseline.main.sync_bar.controller.status_changed.connect(
            lambda _s: shown.append(caseline.main.sync_bar.online.text())
        )
    )
    main = log_in(qtbot, caseline, "hoa")
    shown.append(main.sync_bar.online.text())
    qtbot.waitUntil(lambda: main.sync_bar.online.text().endswith("Trực tuyến"), timeout=20000)
    assert not any(text.endswith("Ngoại tuyến") for text in shown), shown


def test_the_window_fits_a_small_screen_and_reopens_where_it_was_left(desk, app_for, qtbot):
    from PySide6.QtCore import QRect

    from desktop.ui import window

    window.settings().clear()
    caseline = app_for(desk)

    def unlock():
        caseline.login.username.setText("hoa")
        caseline.login.password.setText(PASSWORDS["hoa"])
        caseline.login.unlock_button.click()
        qtbot.waitUntil(lambda: caseline.main is not None, timeout=15000)
        return caseline.main

    main = unlock()
    available = main.screen().availableGeometry()
    assert (available.width(), available.height()) == (1366, 768), "tests/conftest.py's screen"
    assert main.isMaximized() and available.contains(main.frameGeometry())
    assert main.minimumSizeHint().height() <= 768 - 40  # the status bar stays on screen

    main.showNormal()
    main.setGeometry(QRect(40, 30, 1250, 600))
    qtbot.wait(50)
    left = main.geometry()
    caseline.lock()
    main = unlock()
    assert not main.isMaximized() and main.geometry() == left


@pytest.mark.parametrize("username", ["lan", "minh", "hoa", "admin"])
def test_every_page_of_every_role_fits_a_1366_by_768_screen(desk, signed_in, qtbot, username):
    main = signed_in(username)
    available = main.screen().availableGeometry()
    for name in main.nav_order:
        main.show_page(name)
        page = main.page(name)
        if hasattr(page, "show_preset"):  # the longest state a list shows
            page.show_preset({"overdue": True, "unassigned": True, "assigned_to": "minh"})
        qtbot.wait(20)
        hint = main.minimumSizeHint()
        assert hint.width() <= available.width(), (name, hint.width())
        assert hint.height() <= available.height() - 40, (name, hint.height())


def test_the_splash_names_each_step_while_the_parts_load(qapp, qtbot):
    from desktop.ui import i18n
    from desktop.ui.splash import PARTS, Splash

    i18n.language().set("vi")
    splash = Splash()
    splash.show()
    splash.load_parts()
    assert splash.progress == 1.0
    assert splash.steps_seen[0] == "Đang nạp kho dữ liệu mã hoá…"
    assert len(splash.steps_seen) == len(PARTS) + 1 and splash.steps_seen[-1] == "Sẵn sàng."
    splash.close()


def test_long_work_shows_a_busy_bar_and_it_goes_away(signed_in, qtbot):
    import time

    from desktop.ui import ops

    main = signed_in("hoa")
    assert not main.busy.isVisible()
    ops.run_op(main, lambda ws: time.sleep(1.0))
    qtbot.waitUntil(lambda: main.busy.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: not main.busy.isVisible(), timeout=5000)
