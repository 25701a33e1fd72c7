"""Follow-up and review dates with reminders (issue 12; Decree 56: a case is followed up
and reviewed until it closes). Before, a case had no date for either and nothing said one
was due."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_cli_support import caseline, fails_with_one_line, ok

from desktop.domain import times
from desktop.errors import ValidationError
from desktop.services import Workspace

CALL = {
    "received_at": "2026-10-05T09:30:00+07:00",
    "channel": "phone",
    "call_type": "counselling",
    "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905123456"},
    "children": [{"full_name": "Đặng Thị Hoà", "sex": "F", "birth_year": 2014}],
    "categories": ["violence.physical"],
    "risk": "high",
}


@pytest.fixture
def desk(tmp_path):
    data = tmp_path / "desk"
    Workspace.init(
        data, centre="TT", province_code="48", admin_username="admin", admin_password="admin-pass-1"
    )
    with Workspace.open(data, "admin", "admin-pass-1") as ws:
        ws.add_user("minh", "manager", "minh-pass-123")
        ws.add_user("hung", "caseworker", "hung-pass-123")
    return data


def test_decree56_follow_up_and_review_reminders_come_due_and_clear_when_done(desk):
    today = times.now_local().date()
    with Workspace.open(desk, "minh", "minh-pass-123") as ws:
        mine = ws.open_case(ws.record_contact(CALL).number, assigned_to="hung")
        other = ws.open_case(ws.record_contact({**CALL, "summary": "Khác."}).number)
        ws.set_reminders(mine.id, follow_up_on=today.strftime("%d/%m/%Y"))
        ws.set_reminders(mine.id, review_on=(today + timedelta(days=3)).isoformat())
        ws.set_reminders(other.id, follow_up_on=(today - timedelta(days=1)).isoformat())
        with pytest.raises(ValidationError):
            ws.set_reminders(mine.id, review_on="2026-10-01")  # before receipt
        due = ws.reminders()
        assert [(r.number, r.kind, r.overdue) for r in due] == [
            (other.number, "follow_up", True),
            (mine.number, "follow_up", False),
        ]
        assert [r.kind for r in ws.reminders(days_ahead=3) if r.number == mine.number] == [
            "follow_up",
            "review",
        ]
    with Workspace.open(desk, "hung", "hung-pass-123") as ws:  # a worker: their own only
        assert [r.number for r in ws.reminders(days_ahead=3)] == [mine.number] * 2
        ws.add_entry(mine.id, "follow_up", "Đã gọi điện cho mẹ, trẻ ổn.")
        assert [r.kind for r in ws.reminders(days_ahead=3)] == ["review"]


def test_the_reminder_commands(desk):
    with Workspace.open(desk, "minh", "minh-pass-123") as ws:
        case = ws.open_case(ws.record_contact(CALL).number)
    env = {"user": "minh", "password": "minh-pass-123"}
    today = times.now_local().date().isoformat()
    shown = ok(caseline(desk, "case", "remind", case.number, "--review", today, "--json", **env))
    assert shown.json()["review_on"] == today
    due = ok(caseline(desk, "reminders", "--json", **env)).json()
    assert [(d["number"], d["kind"]) for d in due] == [(case.number, "review")]
    line = fails_with_one_line(
        caseline(desk, "case", "remind", case.number, "--review", "31/02/2027", **env)
    )
    assert "review_on" in line
