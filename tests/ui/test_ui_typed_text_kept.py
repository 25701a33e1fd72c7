"""Nothing typed is lost: a refused save keeps every dialog open with its text, names the
field by its Vietnamese label; actions a role may not take are disabled before typing; an
impossible date is refused on the spot; leaving typed text asks first."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit
from test_ui_cases import CONTACT
from ui_support import PASSWORDS, type_text, wait_idle

from desktop.services import Workspace
from desktop.ui.case.entry_dialog import EntryDialog
from desktop.ui.case.referral_dialog import ReferralDialog
from desktop.ui.case.step_dialog import StepDialog


def a_case(desk, *, to: str = "", assigned_to: str = "") -> str:
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        case = ws.open_case(ws.record_contact(CONTACT).id, assigned_to=assigned_to or None)
        path = {
            "plan": [
                ("initial_assessment", {}),
                ("needs_assessment", {"assessment": "Đã xác minh.", "risk": "high"}),
                ("plan", {"assessment": "Cần hỗ trợ."}),
            ]
        }.get(to, [])
        for step, data in path:
            ws.move_case(case.id, step, data)
        ws.add_referral(case.id, "police", "Báo công an.")
    return case.id


def open_case(qtbot, main, case_id):
    main.open_case(case_id)
    view = main.case_view
    qtbot.waitUntil(
        lambda: view.detail is not None and view.detail.case.id == case_id, timeout=10000
    )
    return view


def answer_next_question(button_text: str) -> list[str]:
    """Click `button_text` on the next message box that opens; returns what it asked."""
    asked: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        asked.append(box.text())
        for button in box.buttons():
            if button.text() == button_text:
                button.click()

    QTimer.singleShot(20, click)
    return asked


# Each dialog: how to open it, what to type, and how its save is made to fail. The failure
# comes from the services (a ValidationError) or from the dialog's own date check.
def step_with_a_bad_date(view, qtbot):
    view.findChild(type(view.back_button), "move_intervention").click()
    dialog = view.findChild(StepDialog, "step_dialog_intervention")
    typed = {"plan": "Kế hoạch hỗ trợ ba tháng: thăm nhà mỗi tuần.", "decision_no": "15/QĐ"}
    for key, text in typed.items():
        dialog.fields[key].setFocus()
        type_text(qtbot, dialog.fields[key], text)
    dialog.fields["approved_by"].setText("Ông Trần Văn Bình")
    dialog.fields["approved_at"].setText("31/02/2026 10:00")
    return dialog, typed, "Thời điểm phê duyệt"


def step_without_its_assessment(view, qtbot):
    view.findChild(type(view.back_button), "move_intervention").click()
    dialog = view.findChild(StepDialog, "step_dialog_intervention")
    typed = {"plan": "Kế hoạch hỗ trợ ba tháng."}
    type_text(qtbot, dialog.fields["plan"], typed["plan"])
    return dialog, typed, "Người phê duyệt kế hoạch"  # approved_by empty: the service refuses


def entry_without_who_decided(view, qtbot):
    view.add_entry_button.click()
    dialog = view.findChild(EntryDialog)
    dialog.kind.set_value("emergency_measure")
    typed = {"text": "Đưa cháu đến nhà tạm lánh lúc 22 giờ."}
    type_text(qtbot, dialog.text, typed["text"])
    return dialog, typed, "Người quyết định"


def referral_without_reason(view, qtbot):
    view.refer_button.click()
    dialog = view.findChild(ReferralDialog)
    typed = {"agency_name": "UBND phường Hải Châu"}
    type_text(qtbot, dialog.agency_name, typed["agency_name"])
    return dialog, typed, "Lý do"


def referral_update_with_a_nul(view, qtbot):
    view.referrals.setCurrentItem(view.referrals.topLevelItem(0))
    view.referral_status_button.click()
    dialog = [d for d in view.findChildren(ReferralDialog) if d.referral is not None][0]
    typed = {"outcome": "Công an phường đã tiếp nhận\x00"}
    dialog.outcome.setPlainText(typed["outcome"])
    return dialog, typed, "Kết quả"


DIALOGS = {
    "step_bad_date": step_with_a_bad_date,
    "step_refused_by_services": step_without_its_assessment,
    "entry": entry_without_who_decided,
    "referral": referral_without_reason,
    "referral_update": referral_update_with_a_nul,
}


def test_a_refused_save_keeps_every_dialog_open_with_every_word_typed(desk, signed_in, qtbot):
    """One desk and one sign-in for all the dialogs (each opened on the same case)."""
    case_id = a_case(desk, to="plan")
    main = signed_in("hoa")
    view = open_case(qtbot, main, case_id)
    for name, open_and_fill in DIALOGS.items():
        dialog, typed, label = open_and_fill(view, qtbot)
        entries_before = view.timeline.topLevelItemCount()
        dialog.ok.click()
        wait_idle(qtbot, main)
        assert dialog.isVisible(), f"{name}: a refused save keeps the dialog open"
        for key, text in typed.items():
            widget = dialog.widgets[key]
            kept = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            assert kept == text, f"{name}: {key} lost what was typed"
        said = dialog.message.text()
        assert label in said, (name, said)
        for internal in ("approved_at", "approved_by", "data.", "reason:", "outcome:"):
            assert internal not in said, f"{name}: the message names an internal key: {said}"
        assert "Dữ liệu không hợp lệ" not in said, name
        assert any(w.property("problem") for w in dialog.widgets.values()), name
        assert view.timeline.topLevelItemCount() == entries_before, name
        dialog.discard()
        dialog.deleteLater()
        qtbot.wait(10)


def test_a_corrected_save_closes_the_dialog_and_says_so_on_this_case_only(desk, signed_in, qtbot):
    case_id = a_case(desk, to="plan")
    other = a_case(desk)
    main = signed_in("hoa")
    view = open_case(qtbot, main, case_id)
    dialog, _typed, _label = step_with_a_bad_date(view, qtbot)
    dialog.ok.click()
    wait_idle(qtbot, main)
    dialog.fields["approved_at"].setText("27/02/2026 10:00")
    dialog.ok.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: view.detail.case.status == "intervention", timeout=10000)
    assert "Tổ chức thực hiện kế hoạch" in view.message.text()
    open_case(qtbot, main, other)
    assert view.message.text() == "", "a message belongs to the case it was about"


def test_an_impossible_date_is_refused_as_soon_as_the_field_is_left(desk, signed_in, qtbot):
    case_id = a_case(desk, to="plan")
    main = signed_in("hoa")
    view = open_case(qtbot, main, case_id)
    dialog, _typed, _label = step_with_a_bad_date(view, qtbot)
    when = dialog.fields["approved_at"]
    when.setFocus()
    when.editingFinished.emit()  # leaving the field
    assert when.property("problem") and "31/02/2026" in dialog.message.text()
    dialog.discard()


def test_actions_a_role_may_not_take_are_disabled_with_the_reason(desk, signed_in, qtbot):
    unassigned = a_case(desk)
    at_plan = a_case(desk, to="plan", assigned_to="minh")
    main = signed_in("lan")  # intake: may read an unassigned case, not work on it
    view = open_case(qtbot, main, unassigned)
    for button in (view.add_entry_button, view.refer_button, view.print_button):
        assert not button.isEnabled() and button.toolTip().startswith("Bạn không có quyền")
    main.app.lock()
    wait_idle(qtbot, main)
    from ui_support import log_in

    main = log_in(qtbot, main.app, "minh")  # caseworker: only a manager approves a plan
    view = open_case(qtbot, main, at_plan)
    approve = view.findChild(type(view.back_button), "move_intervention")
    assert not approve.isEnabled() and "phê duyệt kế hoạch" in approve.toolTip()
    assert view.add_entry_button.isEnabled()


def test_cancelling_a_dialog_with_typed_text_asks_first(desk, signed_in, qtbot):
    case_id = a_case(desk, assigned_to="minh")
    main = signed_in("minh")
    view = open_case(qtbot, main, case_id)
    view.add_entry_button.click()
    dialog = view.findChild(EntryDialog)
    type_text(qtbot, dialog.text, "Gọi lại cho mẹ cháu.")
    asked = answer_next_question("Tiếp tục nhập")
    dialog.reject()
    assert asked and dialog.isVisible() and dialog.text.toPlainText() == "Gọi lại cho mẹ cháu."
    answer_next_question("Bỏ nội dung đã nhập")
    dialog.reject()
    assert not dialog.isVisible()


def test_a_new_contact_over_a_half_filled_form_asks_and_a_bad_birth_date_is_refused(
    signed_in, qtbot
):
    main = signed_in("lan")
    main.show_page("intake")
    intake = main.intake
    child = intake.children_forms[0]
    type_text(qtbot, child.name, "Đặng Thị Hoà")
    child.birth.setText("32/13/2020")
    child.birth.editingFinished.emit()
    assert child.birth.property("problem"), "the impossible birth date is marked at once"
    intake.save_button.click()
    wait_idle(qtbot, main)
    assert "32/13/2020" in intake.message.text() and child.birth.text() == "32/13/2020"
    asked = answer_next_question("Tiếp tục nhập")
    intake.new_button.click()
    assert asked and child.name.text() == "Đặng Thị Hoà", "the form was kept"
    answer_next_question("Bỏ nội dung đã nhập")
    intake.new_button.click()
    assert intake.children_forms[0].name.text() == ""
