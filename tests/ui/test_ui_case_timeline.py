"""A case's timeline tells its whole story: opening, steps, assignment, referrals sent and
updated, printouts, with full names; a long entry is shown whole on demand."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QPlainTextEdit
from test_ui_cases import CONTACT
from ui_support import PASSWORDS

from desktop.errors import ValidationError
from desktop.services import Workspace

LONG_NOTE = "Thăm nhà lần hai: " + "cháu ăn uống bình thường, đi học đều. " * 120


def test_the_timeline_shows_the_whole_history_with_full_names(desk, signed_in, qtbot):
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        case = ws.open_case(ws.record_contact(CONTACT).id)
        ws.assign_case(case.id, "minh")
        ws.move_case(case.id, "initial_assessment", {})
        referral = ws.add_referral(case.id, "police", "Báo công an phường.")
        ws.update_referral(referral.id, "accepted", "Công an đã tiếp nhận.")
        ws.add_entry(case.id, "note", LONG_NOTE)
        ws.reports.case_summary(case.number, "full")
    main = signed_in("hoa")
    main.open_case(case.id)
    view = main.case_view
    qtbot.waitUntil(lambda: view.timeline.topLevelItemCount() >= 7, timeout=10000)
    rows = [
        [view.timeline.topLevelItem(i).text(c) for c in range(4)]
        for i in range(view.timeline.topLevelItemCount())
    ]
    kinds = [r[1] for r in rows]
    assert kinds[0] == "Mở hồ sơ", kinds
    for kind in ("Phân công", "Chuyển gửi", "In"):
        assert kind in kinds, kinds
    details = " | ".join(r[3] for r in rows)
    assert "Phân công cho Võ Văn Minh" in details
    assert "Chuyển gửi đến" in details and "Công an đã tiếp nhận." in details
    assert {r[2] for r in rows} == {"Lê Thị Hoa"}, "full names, not usernames"

    note = [
        view.timeline.topLevelItem(i)
        for i in range(view.timeline.topLevelItemCount())
        if view.timeline.topLevelItem(i).text(3).startswith("Thăm nhà lần hai")
    ][0]
    assert LONG_NOTE.strip()[-40:] in note.toolTip(3)
    view.timeline.itemActivated.emit(note, 3)
    whole = view.findChild(QDialog, "entry_whole")
    assert whole.findChild(QPlainTextEdit).toPlainText() == LONG_NOTE


@pytest.mark.parametrize("username", ["lan", "admin"])
def test_a_case_is_assigned_to_caseworkers_and_managers_only(desk, username):
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        case = ws.open_case(ws.record_contact(CONTACT).id)
        with pytest.raises(ValidationError) as refused:
            ws.assign_case(case.id, username)
        assert "assigned_to" in refused.value.field_errors
        assert ws.get_case(case.id).case.assigned_to == ""
