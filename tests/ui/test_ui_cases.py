"""A manager takes a case through Decree 56's steps; late cases show red."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit
from ui_support import PASSWORDS, log_in, type_text, wait_idle

from desktop.services import Workspace
from desktop.ui.case.step_dialog import StepDialog
from desktop.ui.widgets import CodeCombo

CONTACT = {
    "received_at": "2026-01-05T09:00:00+07:00",
    "channel": "phone",
    "call_type": "emergency",
    "caller": {"relation": "teacher", "name": "Nguyễn Văn Tâm", "phone": "0236 3812 345"},
    "children": [
        {
            "full_name": "Hồ Minh Khang",
            "sex": "M",
            "birth_year": 2013,
            "province_code": "48",
            "commune_code": "20242",
        }
    ],
    "categories": ["violence.physical"],
    "services": ["counselling", "forward_authorities"],
    "risk": "urgent",
    "summary": "Cô giáo thấy cháu có nhiều vết bầm.",
}

STEP_DATA = {
    "initial_assessment": {},
    "needs_assessment": {"assessment": "Đã xác minh tại nhà; nguy cơ cao.", "risk": "high"},
    "plan": {"assessment": "Cần tách trẻ tạm thời, hỗ trợ tâm lý."},
    "intervention": {
        "plan": "Kế hoạch hỗ trợ 3 tháng.",
        "approved_by": "Ông Trần Văn Bình",
        "decision_no": "15/QĐ-UBND",
    },
    "review": {},
    # Closing is a decision: the manager moving the case decides it (approver left empty).
    "closed": {
        "review": "Trẻ ổn định, đi học lại.",
        "closure_reason": "no_longer_at_risk",
        "approved_by": "",
        "decision_no": "",
    },
}


def fill(qtbot, dialog: StepDialog, values: dict) -> None:
    assert set(dialog.fields) == set(values) | (
        {"approved_at"} if "approved_by" in values else set()
    ), "the dialog asks exactly what the step needs"
    for key, value in values.items():
        widget = dialog.fields[key]
        if isinstance(widget, CodeCombo):
            widget.set_value(value)
        elif isinstance(widget, QPlainTextEdit):
            widget.setFocus()
            type_text(qtbot, widget, value)
        else:
            widget.clear()
            type_text(qtbot, widget, value)


def test_a_case_moves_from_received_to_closed_with_each_steps_data(signed_in, qtbot):
    main = signed_in("hoa")
    main.show_page("intake")  # from the home page
    intake = main.intake
    intake.caller_name.setText("Nguyễn Văn Tâm")
    intake.children_forms[0].name.setText("Hồ Minh Khang")
    intake.children_forms[0].birth.setText("2013")
    intake.categories.set_values(["violence.physical"])
    intake.risk.set_value("urgent")
    intake.summary.setPlainText("Cô giáo thấy cháu có nhiều vết bầm.")
    intake._mark_dirty()
    intake.save_case_button.click()  # Ctrl+Shift+S
    view = main.case_view
    qtbot.waitUntil(
        lambda: view.detail is not None and main.stack.currentWidget() is view, timeout=10000
    )
    assert "Hồ Minh Khang" in view.title.text()
    assert view.step_badge.text() == "Tiếp nhận thông tin"

    for step, values in STEP_DATA.items():
        button = view.findChild(type(intake.save_button), f"move_{step}")
        assert button is not None, f"no action to move to {step}"
        button.click()
        dialog = view.findChild(StepDialog, f"step_dialog_{step}")
        fill(qtbot, dialog, values)
        dialog.ok.click()
        qtbot.waitUntil(
            lambda s=step: (view.detail.case.status if view.detail else None) == s, timeout=10000
        )
        dialog.deleteLater()

    assert view.step_badge.text() == "Kết thúc hồ sơ"
    assert view.deadline_badge.colour == "grey"
    kinds = [
        view.timeline.topLevelItem(i).text(1) for i in range(view.timeline.topLevelItemCount())
    ]
    for kind in ("Đánh giá", "Kế hoạch", "Phê duyệt kế hoạch", "Rà soát", "Kết thúc hồ sơ"):
        assert kind in kinds
    texts = " ".join(
        view.timeline.topLevelItem(i).text(3) for i in range(view.timeline.topLevelItemCount())
    )
    assert "Ông Trần Văn Bình" in texts and "Trẻ em không còn nguy cơ, đã ổn định" in texts
    assert view.findChild(type(intake.save_button), "move_plan") is not None  # reopen offered

    ws = Workspace.open(main.app.data_dir, "hoa", PASSWORDS["hoa"])
    try:
        case = ws.get_case(view.case_id).case
    finally:
        ws.close()
    assert case.status == "closed" and case.closure_reason == "no_longer_at_risk"
    assert case.plan_approved_by == "Ông Trần Văn Bình"
    assert case.plan_decision_no == "15/QĐ-UBND" and case.closure_approved_by == "hoa"


def test_a_step_without_its_data_is_refused_with_the_reason(signed_in, qtbot):
    main = signed_in("hoa")
    ws = Workspace.open(main.app.data_dir, "hoa", PASSWORDS["hoa"])
    try:
        contact = ws.record_contact(CONTACT)
        case = ws.open_case(contact.id)
        ws.move_case(case.id, "initial_assessment", {})
    finally:
        ws.close()
    view = main.case_view
    main.open_case(case.id)
    qtbot.waitUntil(lambda: view.detail is not None, timeout=5000)
    view.findChild(type(view.back_button), "move_needs_assessment").click()
    dialog = view.findChild(StepDialog, "step_dialog_needs_assessment")
    dialog.ok.click()  # nothing typed
    qtbot.waitUntil(lambda: "Đánh giá" in dialog.message.text(), timeout=5000)
    assert dialog.isVisible() and view.detail.case.status == "initial_assessment"
    dialog.discard()


def test_an_overdue_case_shows_a_red_deadline_badge_and_is_in_the_overdue_filter(
    desk, app_for, qtbot
):
    ws = Workspace.open(desk, "hoa", PASSWORDS["hoa"])
    try:
        late = ws.open_case(ws.record_contact(CONTACT).id, urgent=True)  # January: long overdue
    finally:
        ws.close()
    main = log_in(qtbot, app_for(desk), "hoa")
    view = main.case_view
    main.open_case(late.id)
    qtbot.waitUntil(lambda: view.detail is not None, timeout=5000)
    assert view.deadline_badge.colour == "red"
    assert view.deadline_badge.text().startswith("Quá hạn từ")
    assert "#c62828" in view.deadline_badge.styleSheet()

    cases = main.page("cases")
    main.show_page("cases")
    cases.overdue.setChecked(True)
    wait_idle(qtbot, main)
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1, timeout=5000)
    assert cases.model.rows[0]["number"] == late.number
    assert cases.model.data(cases.model.index(0, 6)) == "Quá hạn"


def test_an_emergency_measure_recorded_on_the_case_page_meets_the_12_hour_deadline(
    desk, app_for, qtbot
):
    """Decree 56 Art. 26.3: the urgent case's 12-hour deadline shows on the case page until
    an emergency measure (measure, who decided it, when) is recorded from it."""
    from desktop.ui.case.entry_dialog import EntryDialog

    ws = Workspace.open(desk, "hoa", PASSWORDS["hoa"])
    try:
        late = ws.open_case(ws.record_contact(CONTACT).id, urgent=True)
    finally:
        ws.close()
    main = log_in(qtbot, app_for(desk), "hoa")
    view = main.case_view
    main.open_case(late.id)
    qtbot.waitUntil(lambda: view.detail is not None, timeout=5000)
    assert view.detail.deadlines.overdue_steps[0] == "emergency_measure"
    assert "nơi xảy ra sự việc: Phường Hải Châu" in view.details.text()
    view.add_entry_button.click()
    dialog = view.findChild(EntryDialog)
    assert not dialog.measure.isVisible()
    dialog.kind.set_value("emergency_measure")
    assert dialog.measure.isVisible() and dialog.decided_by.isVisible()
    dialog.measure.set_value("temporary_separation")
    type_text(qtbot, dialog.decided_by, "Chủ tịch UBND phường Hải Châu")
    dialog.when.clear()
    type_text(qtbot, dialog.when, "05/01/2026 15:30")
    dialog.text.setPlainText("Đưa cháu về nhà bà ngoại.")
    dialog.accept()
    qtbot.waitUntil(
        lambda: (view.detail.case.emergency_measure_at if view.detail else None) is not None,
        timeout=10000,
    )
    assert view.detail.case.emergency_measure_at.startswith("2026-01-05T08:30")
    assert "emergency_measure" not in view.detail.deadlines.overdue_steps
