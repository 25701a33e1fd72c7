"""Contacts and children in the app: a contact page shows every field whole, a correction
is saved (audited, queued for central) and keeps its text when refused; a child's page
lists every contact and case of that child; an earlier call from the same number opens."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from test_ui_home import contact
from ui_support import PASSWORDS, type_text, wait_idle

from desktop.services import Workspace
from desktop.ui.contact_view import ChildDialog, ContactDialog, ContactEditDialog

LONG = "Người gọi kể lại sự việc. " * 150  # ~3,900 characters: shown whole, never cut


def seeded(desk):
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        first = ws.record_contact({**contact("2026-11-02T10:00:00+07:00"), "summary": LONG})
        child_id = ws.get_contact(first.id)["child_ids"][0]
        second = ws.record_contact(
            {**contact("2026-11-20T09:00:00+07:00"), "children": [{"id": child_id}]}
        )
        case = ws.open_case(second.id)
        pending = ws.sync.state().pending_ops
    return first, child_id, case, pending


def open_contact(qtbot, main, contact_id) -> ContactDialog:
    main.open_record("contacts", contact_id)
    dialog = main.findChild(ContactDialog)
    qtbot.waitUntil(lambda: bool(dialog.contact), timeout=10000)
    return dialog


def test_an_intake_worker_corrects_a_contact_in_the_app(desk, signed_in, qtbot):
    first, _child, _case, pending = seeded(desk)
    main = signed_in("lan")
    page = open_contact(qtbot, main, first.id)
    shown = [label.text() for label in page.body.findChildren(QLabel)]
    assert LONG in shown, "the summary is shown whole"
    assert page.edit_button.isEnabled()
    page.edit_button.click()
    edit = page.findChild(ContactEditDialog)
    edit.phone.clear()
    type_text(qtbot, edit.phone, "0236 3812 999")
    edit.summary.setPlainText("Đã gọi lại: mẹ cháu xác nhận.")
    edit.ok.click()
    qtbot.waitUntil(lambda: not edit.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: page.contact.get("caller_phone") == "0236 3812 999", timeout=10000)
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        saved = ws.get_contact(first.id)
        assert saved["summary"] == "Đã gọi lại: mẹ cháu xác nhận."
        assert saved["caller_name"] == "Lê Thị Hạnh", "fields not touched stay"
        assert ws.sync.state().pending_ops > pending, "the correction is queued for central"
        actions = ws.conn.execute(
            "SELECT action FROM audit_event WHERE record_id = ? AND username = 'lan'",
            (first.id,),
        ).fetchall()
    assert any(a[0] != "view" for a in actions), "the edit is in the audit log"


def test_a_refused_correction_keeps_the_text_and_a_stale_one_is_refused(desk, signed_in, qtbot):
    first, _child, _case, _pending = seeded(desk)
    main = signed_in("lan")
    page = open_contact(qtbot, main, first.id)
    page.edit_button.click()
    edit = page.findChild(ContactEditDialog)
    edit.summary.setPlainText("Ghi chú mới\x00")
    edit.ok.click()
    wait_idle(qtbot, main)
    assert edit.isVisible() and edit.summary.toPlainText() == "Ghi chú mới\x00"
    assert "Tóm tắt" in edit.message.text() and "summary" not in edit.message.text()

    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:  # a sync brings a newer version
        with ws.store.transaction() as conn:
            conn.execute("UPDATE contact SET rev = rev + 1 WHERE id = ?", (first.id,))
    edit.summary.setPlainText("Ghi chú mới")
    edit.ok.click()
    wait_idle(qtbot, main)
    assert edit.isVisible() and edit.summary.toPlainText() == "Ghi chú mới"
    assert "đã thay đổi" in edit.message.text()
    edit.discard()


def test_a_refused_phone_or_name_in_a_correction_is_named_by_its_label_and_marked(
    desk, signed_in, qtbot
):
    """Review i13 #5: the service refuses 'caller.phone' / 'caller.name'; the dialog said
    "Mục này: …" and marked nothing. Each refused caller field is named and marked."""
    first, _child, _case, _pending = seeded(desk)
    main = signed_in("lan")
    page = open_contact(qtbot, main, first.id)
    page.edit_button.click()
    edit = page.findChild(ContactEditDialog)
    edit.phone.clear()
    type_text(qtbot, edit.phone, "abc")
    edit.ok.click()
    wait_idle(qtbot, main)
    text, phone = edit.message.text(), edit.phone.property("problem")
    visible, typed = edit.isVisible(), edit.phone.text()
    # every caller field the service can refuse ("caller.<field>") is found on the form
    found = {key: edit._widget_for(key)[1] for key in ("caller.name", "caller.relation")}
    edit.discard()
    assert visible and typed == "abc"
    assert text.startswith("Điện thoại:") and "Mục này" not in text, text
    assert phone, "the phone box is marked"
    assert found == {"caller.name": edit.caller_name, "caller.relation": edit.relation}


def test_a_childs_page_lists_every_contact_and_case_and_opens_them(desk, signed_in, qtbot):
    first, child_id, case, _pending = seeded(desk)
    main = signed_in("hoa")
    main.open_record("children", child_id)
    page = main.findChild(ChildDialog)
    qtbot.waitUntil(lambda: page.contacts.topLevelItemCount() == 2, timeout=10000)
    assert page.case_list.topLevelItemCount() == 1
    assert "Đặng Thị Hoà" in page.details.text()
    page.case_list.itemActivated.emit(page.case_list.topLevelItem(0), 0)
    qtbot.waitUntil(
        lambda: (main.case_view.detail.case.id if main.case_view.detail else None) == case.id,
        timeout=10000,
    )


def test_an_earlier_call_from_the_same_number_opens_that_contact(desk, signed_in, qtbot):
    first, _child, _case, _pending = seeded(desk)
    main = signed_in("lan")
    main.show_page("intake")
    intake = main.intake
    intake.phone.setText("0905 123 456")
    intake.look_up_phone()
    qtbot.waitUntil(lambda: intake.phone_hits.count() == 2, timeout=10000)
    intake.phone_hits.itemActivated.emit(intake.phone_hits.item(1))
    dialog = main.findChild(ContactDialog)
    qtbot.waitUntil(lambda: dialog.contact.get("id") == first.id, timeout=10000)
    assert intake.phone.text() == "0905 123 456", "the form keeps what was typed"
