"""Sync conflicts resolved side by side; the language switches without a restart."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from ui_support import PASSWORDS, log_in, wait_idle

from desktop.db import sync_store
from desktop.domain.ids import utc_now, uuid7
from desktop.services import Workspace
from desktop.ui.case.conflict_dialog import ConflictDialog

CONTACT = {
    "received_at": "2026-11-20T09:00:00+07:00",
    "channel": "phone",
    "call_type": "counselling",
    "caller": {"relation": "self", "name": "", "phone": "0912000111"},
    "children": [{"full_name": "Phan Gia Bảo", "sex": "M", "birth_year": 2012}],
    "categories": ["family_relationships"],
    "services": ["counselling"],
    "risk": "medium",
    "summary": "Cháu cãi nhau với bố mẹ.",
}


def case_with_a_pulled_conflict(desk) -> tuple[str, str]:
    """A case whose risk two desks changed at once, as central sends it back in a pull."""
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        case = ws.open_case(ws.record_contact(CONTACT).id)
        ws.move_case(case.id, "initial_assessment", {})
        conflict_id = uuid7()
        with ws.store.transaction() as conn:
            sync_store.upsert_remote(
                conn,
                "conflict",
                {
                    "id": conflict_id,
                    "province_code": "48",
                    "rev": 7,
                    "created_at": utc_now(),
                    "updated_at": utc_now(),
                    "record_entity": "case",
                    "record_id": case.id,
                    "field_name": "risk",
                    "kept_value": "medium",
                    "other_value": "urgent",
                    "kept_by": "hoa",
                    "other_by": "tuan",
                    "other_device": "Q7M",
                    "other_at": "2026-11-21T02:30:00+00:00",
                },
            )
    return case.id, conflict_id


def test_a_sync_conflict_shows_on_the_case_and_is_resolved_side_by_side(desk, app_for, qtbot):
    case_id, _conflict_id = case_with_a_pulled_conflict(desk)
    main = log_in(qtbot, app_for(desk), "hoa")
    view = main.case_view
    main.open_case(case_id)
    qtbot.waitUntil(lambda: view.detail is not None, timeout=5000)
    assert view.conflict_banner.isVisibleTo(view)
    assert "1 xung đột" in view.conflict_text.text()

    view.resolve_button.click()
    dialog = view.findChild(ConflictDialog)
    [box] = dialog.rows.values()
    assert box.title() == f"{view.detail.case.number} — trường “Nguy cơ”"
    assert dialog.findChild(type(view.title), "kept_value").text() == "Trung bình"
    assert dialog.findChild(type(view.title), "other_value").text() == "Khẩn cấp"
    assert any("Q7M" in label.text() for label in dialog.findChildren(QLabel)), "which desk"
    dialog.findChild(QPushButton, "keep_other").click()

    qtbot.waitUntil(lambda: not view.conflict_banner.isVisibleTo(view), timeout=5000)
    assert view.detail.case.risk == "urgent"
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        assert ws.list_conflicts() == []
        assert ws.get_case(case_id).case.risk == "urgent"


def test_switching_to_english_and_back_needs_no_restart(signed_in, qtbot):
    main = signed_in("hoa")
    main.show_page("intake")  # from the home page
    intake = main.intake
    intake.caller_name.setText("Nguyễn Thị Mai")
    assert main.nav.item(1).text() == "Tiếp nhận mới"
    assert intake.form_labels["channel"].text() == "Kênh"
    assert intake.channel.currentText() == "Điện thoại"

    main.language.setCurrentIndex(1)  # English
    qtbot.waitUntil(lambda: main.nav.item(1).text() == "New contact")
    assert intake.form_labels["channel"].text() == "Channel"
    assert intake.channel.currentText() == "Phone" and intake.channel.value() == "phone"
    assert main.sync_bar.sync_button.text() == "Sync now"
    contacts = main.page("contacts").model
    assert contacts.headerData(0, Qt.Orientation.Horizontal) == "Number"
    assert intake.caller_name.text() == "Nguyễn Thị Mai", "typing survives the switch"

    main.language.setCurrentIndex(0)
    qtbot.waitUntil(lambda: main.nav.item(1).text() == "Tiếp nhận mới")
    assert contacts.headerData(0, Qt.Orientation.Horizontal) == "Số"
    assert intake.channel.currentText() == "Điện thoại"
    assert main.sync_bar.sync_button.text() == "Đồng bộ ngay"


def test_english_errors_come_from_the_services_in_english(signed_in, qtbot):
    main = signed_in("lan")
    main.language.setCurrentIndex(1)
    main.show_page("intake")  # from the home page
    intake = main.intake
    intake.children_forms[0].name.setText("Lý Văn Tú")
    intake.children_forms[0].birth.setText("1990")  # an adult, not a child
    intake.risk.set_value("low")
    intake.save_button.click()
    qtbot.waitUntil(lambda: "Please correct" in intake.message.text(), timeout=5000)
    assert "Child 1" in intake.message.text()
    wait_idle(qtbot, main)
