"""Each role starts on its own home page; every figure opens the list it counted."""

from __future__ import annotations

import pytest
from ui_support import PASSWORDS, log_in, wait_idle

from desktop.domain import times
from desktop.services import Workspace


def contact(received_at: str, *, risk: str = "medium", follow_up: bool = False) -> dict:
    return {
        "received_at": received_at,
        "channel": "phone",
        "call_type": "counselling",
        "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905 123 456"},
        "children": [{"full_name": "Đặng Thị Hoà", "sex": "F", "birth_year": 2014}],
        "categories": ["violence.physical"],
        "risk": risk,
        "summary": "Mẹ gọi.",
        "follow_up": follow_up,
    }


@pytest.fixture
def busy_desk(desk):
    """minh: one overdue case, one urgent case due within 12 h; one unassigned case; one
    contact waiting for follow-up; lan recorded one contact today."""
    now = times.local_iso(times.now_local())
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        old = ws.record_contact(contact("2026-01-05T09:00:00+07:00"))
        ws.open_case(old.id, assigned_to="minh")
        urgent = ws.record_contact(contact(now, risk="urgent"))
        ws.open_case(urgent.id, assigned_to="minh")
        ws.open_case(ws.record_contact(contact(now)).id)
        ws.record_contact(contact(now, follow_up=True))
    with Workspace.open(desk, "lan", PASSWORDS["lan"]) as ws:
        ws.record_contact(contact(now))
    return desk


EXPECTED = {
    "lan": {"contacts_today": 1, "drafts": 0, "follow_up": 1},
    "minh": {"overdue": 1, "due_24h": 1, "due_3_working_days": 1},
    "hoa": {"overdue": 1, "unassigned": 1, "plans_waiting": 0},
}


@pytest.mark.parametrize("username", ["lan", "minh", "hoa"])
def test_every_figure_on_the_home_page_opens_a_list_of_exactly_that_many(
    busy_desk, app_for, qtbot, username
):
    main = log_in(qtbot, app_for(busy_desk), username)
    home = main.page("home")
    assert main.stack.currentWidget() is home, "the home page is the first thing shown"
    qtbot.waitUntil(lambda: bool(home.data.get("figures")), timeout=10000)
    figures = {f["key"]: f for f in home.data["figures"]}
    assert {k: f["count"] for k, f in figures.items()} == EXPECTED[username]
    for key, figure in figures.items():
        assert home.buttons[key].text().startswith(str(figure["count"]))
        if figure["target"] not in ("contacts", "cases"):
            continue
        home.buttons[key].click()
        page = main.page(figure["target"])
        assert main.stack.currentWidget() is page
        qtbot.waitUntil(lambda p=page, f=figure: p.model.total == f["count"], timeout=10000)
        assert page.preset_label.isVisible()
        if key == "overdue":  # people by their full names in the list, not usernames
            assert page.model.rows[0]["assigned_to"] == "Võ Văn Minh"
        main.show_page("home")
    if username == "minh":
        numbers = [
            home.cases.topLevelItem(i).text(0) for i in range(home.cases.topLevelItemCount())
        ]
        assert len(numbers) == 2 and "-2026-" in numbers[0], "the overdue case comes first"
        assert "Quá hạn" in home.cases.topLevelItem(0).text(4)


def test_the_manager_sees_this_month_against_last_month_and_last_year(busy_desk, app_for, qtbot):
    main = log_in(qtbot, app_for(busy_desk), "hoa")
    home = main.page("home")
    qtbot.waitUntil(lambda: bool(home.data.get("months")), timeout=10000)
    months = home.data["months"]
    assert len(months) == 13 and months[-1]["contacts"] == 4
    assert "4" in home.comparison.text() and home.chart.isVisible()
    rect, month = home.chart._bars()[-1]
    assert month is months[-1] and rect.height() > 0
    home.chart.month_clicked.emit(month["filters"])
    page = main.page("contacts")
    qtbot.waitUntil(lambda: page.model.total == 4, timeout=10000)


def test_the_admin_sees_users_sync_backup_and_the_audit_chain(desk, app_for, qtbot):
    main = log_in(qtbot, app_for(desk), "admin")
    home = main.page("home")
    qtbot.waitUntil(lambda: bool(home.data.get("desk")), timeout=10000)
    assert {f["key"]: f["count"] for f in home.data["figures"]} == {
        "users": 4,
        "disabled_users": 0,
    }
    text = home.desk_label.text()
    assert "nguyên vẹn" in text and "chưa lần nào" in text
    home.buttons["users"].click()
    assert main.stack.currentWidget() is main.page("admin")
    wait_idle(qtbot, main)


def test_the_caseworkers_table_says_when_it_is_cut_and_opens_the_full_list(
    busy_desk, app_for, qtbot
):
    """Review i13 #8: the table of my open cases stopped at 15 rows without a word. It
    says how many it shows of how many, and a click opens the list of all of them."""
    now = times.local_iso(times.now_local())
    with Workspace.open(busy_desk, "hoa", PASSWORDS["hoa"]) as ws:
        for _ in range(15):  # minh: 2 + 15 = 17 open cases
            ws.open_case(ws.record_contact(contact(now)).id, assigned_to="minh")
    main = log_in(qtbot, app_for(busy_desk), "minh")
    home = main.page("home")
    qtbot.waitUntil(lambda: home.cases.topLevelItemCount() == 15, timeout=10000)
    assert home.all_cases.isVisible()
    assert "15 / 17" in home.all_cases.text() and "đầy đủ" in home.all_cases.text()
    home.all_cases.click()
    page = main.page("cases")
    assert main.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.model.total == 17, timeout=10000)
