"""An intake worker records calls from the keyboard and finds them again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_support import PASSWORDS, type_text, wait_idle

from desktop.services import Workspace


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifier)


def type_here(qtbot, text: str) -> None:
    type_text(qtbot, focused(), text)


def test_a_contact_recorded_with_the_keyboard_only_is_in_the_list_and_found_by_search(
    signed_in, qtbot
):
    main = signed_in("lan")
    main.show_page("intake")  # from the home page
    intake = main.intake
    main.activateWindow()
    intake.channel.setFocus()
    qtbot.waitUntil(lambda: focused() is intake.channel)

    type_here(qtbot, "dien")  # Điện thoại
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "tu van")  # Tư vấn
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "me")  # Mẹ
    press(qtbot, Qt.Key.Key_Tab, times=2)  # past "anonymous"
    assert focused() is intake.caller_name
    type_here(qtbot, "Lê Thị Hạnh")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "0905 123 456")
    press(qtbot, Qt.Key.Key_Tab, times=2)  # past the age band
    child = intake.children_forms[0]
    assert focused() is child.name
    type_here(qtbot, "Đặng Thị Hoà")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "nu")  # Nữ
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "2014")
    press(qtbot, Qt.Key.Key_Tab, times=2)  # province stays Đà Nẵng
    assert focused() is child.commune.edit
    type_here(qtbot, "hai chau")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Tab, times=2)  # past "add another child"
    assert focused() is intake.categories.edit
    type_here(qtbot, "danh dap")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Tab, times=4)  # chosen list, 2 services, then counselling
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab, times=5)  # the other four services
    assert focused() is intake.risk
    type_here(qtbot, "cao")
    press(qtbot, Qt.Key.Key_Tab, times=2)  # past follow-up
    assert focused() is intake.summary
    type_here(qtbot, "Mẹ cho biết cháu bị cha dượng đánh nhiều lần.")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: "Đã lưu cuộc liên hệ 48-" in intake.message.text(), timeout=10000)
    number = intake.message.text().split("cuộc liên hệ ")[1].rstrip(".")
    assert intake.caller_name.text() == "" and intake.summary.toPlainText() == ""

    ws = Workspace.open(main.app.data_dir, "lan", PASSWORDS["lan"])
    try:
        saved = ws.get_contact(number)
    finally:
        ws.close()
    assert saved["channel"] == "phone" and saved["call_type"] == "counselling"
    assert saved["caller_relation"] == "mother" and saved["caller_name"] == "Lê Thị Hạnh"
    assert saved["categories"] == ["violence.physical"] and saved["services"] == ["counselling"]
    assert saved["risk"] == "high" and saved["summary"].startswith("Mẹ cho biết")
    [kid] = saved["children"]
    assert (kid["full_name"], kid["sex"], kid["birth_year"]) == ("Đặng Thị Hoà", "F", 2014)
    assert kid["home_commune_code"] == "20242"  # Phường Hải Châu

    contacts = main.page("contacts")
    main.show_page("contacts")
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 1, timeout=5000)
    assert contacts.model.rows[0]["number"] == number
    type_text(qtbot, contacts.search, "dang thi hoa")
    qtbot.waitUntil(
        lambda: contacts.model.total == 1 and "dang" in contacts.model.filters.get("text", ""),
        timeout=5000,
    )
    contacts.search.clear()
    type_text(qtbot, contacts.search, "nguyen van")
    qtbot.waitUntil(lambda: contacts.model.filters.get("text") == "nguyen van", timeout=5000)
    wait_idle(qtbot, main)
    assert contacts.model.rowCount() == 0
    contacts.search.clear()
    type_text(qtbot, contacts.search, "0905123456")
    qtbot.waitUntil(lambda: contacts.model.filters.get("text") == "0905123456", timeout=5000)
    wait_idle(qtbot, main)
    assert [r["number"] for r in contacts.model.rows] == [number]


def record(data_dir, **overrides) -> str:
    contact = {
        "received_at": "2026-10-03T14:05:00+07:00",
        "channel": "phone",
        "call_type": "counselling",
        "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905123456"},
        "children": [
            {
                "full_name": "Đặng Thị Hoà",
                "sex": "F",
                "birth_year": 2014,
                "province_code": "48",
                "commune_code": "20242",
            }
        ],
        "categories": ["violence.physical"],
        "services": ["counselling"],
        "risk": "high",
        "summary": "Lần gọi đầu.",
    }
    contact.update(overrides)
    ws = Workspace.open(data_dir, "lan", PASSWORDS["lan"])
    try:
        return ws.record_contact(contact).number
    finally:
        ws.close()


def test_a_known_phone_shows_earlier_contacts_and_a_known_child_can_be_linked(desk, app_for, qtbot):
    from ui_support import log_in

    first = record(desk)
    main = log_in(qtbot, app_for(desk), "lan")
    main.show_page("intake")  # from the home page
    intake = main.intake

    type_text(qtbot, intake.phone, "0905 123 456")
    qtbot.waitUntil(lambda: intake.phone_hits.count() == 1, timeout=5000)
    assert first in intake.phone_hits.item(0).text()
    assert "Đặng Thị Hoà" in intake.phone_hits.item(0).text()
    assert "(1)" in intake.phone_hits_label.text()

    child = intake.children_forms[0]
    type_text(qtbot, child.name, "Dang Thi Hoa")  # typed without accents
    type_text(qtbot, child.birth, "2014")
    qtbot.waitUntil(lambda: intake.child_hits.count() >= 1, timeout=5000)
    assert intake.child_hits.item(0).text().startswith("Đặng Thị Hoà · 2014")
    intake.link_button.click()
    assert child.linked is not None and not child.name.isEnabled()
    assert "Đặng Thị Hoà" in child.linked_label.text()

    intake.summary.setPlainText("Mẹ gọi lại, cháu đã đỡ hơn.")
    intake.risk.set_value("low")
    intake.save_button.click()
    qtbot.waitUntil(lambda: "Đã lưu" in intake.message.text(), timeout=10000)

    ws = Workspace.open(desk, "lan", PASSWORDS["lan"])
    try:
        children = ws.list_children({"text": "dang thi hoa"}, 0, 10)
        contacts = ws.contacts_by_phone("0905123456")
    finally:
        ws.close()
    assert children.total == 1, "the child was linked, not recorded twice"
    assert len(contacts) == 2
    assert contacts[0]["child_ids"] == contacts[1]["child_ids"]


def test_a_summary_typed_on_several_lines_is_saved_with_its_lines(signed_in, qtbot):
    """Text as typed (issue 10, finding 5): Enter in the summary makes a line break that
    the saved contact keeps, with the inner spaces and the blank line."""
    main = signed_in("lan")
    main.show_page("intake")  # from the home page
    intake = main.intake
    intake.caller_name.setText("Lê Thị Hạnh")
    intake.children_forms[0].name.setText("Đặng Thị Hoà")
    intake.summary.setFocus()
    qtbot.waitUntil(lambda: focused() is intake.summary)
    for line in ("Mẹ gọi báo:", "1. Con bị  bố đánh.", "", "2. Con ở nhà bà."):
        if focused().toPlainText():
            press(qtbot, Qt.Key.Key_Return)
        type_here(qtbot, line)
    intake._mark_dirty()
    intake.risk.set_value("medium")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: "Đã lưu cuộc liên hệ 48-" in intake.message.text(), timeout=10000)
    number = intake.message.text().split("cuộc liên hệ ")[1].rstrip(".")
    ws = Workspace.open(main.app.data_dir, "lan", PASSWORDS["lan"])
    try:
        saved = ws.get_contact(number)
    finally:
        ws.close()
    assert saved["summary"] == "Mẹ gọi báo:\n1. Con bị  bố đánh.\n\n2. Con ở nhà bà."


def test_no_risk_is_preselected_and_the_call_clock_runs_from_the_first_input_to_the_save(
    signed_in, qtbot
):
    main = signed_in("lan")
    main.show_page("intake")
    intake = main.intake
    assert intake.risk.value() == "" and intake.risk.currentText() == "— chọn —"
    qtbot.wait(1100)
    assert intake.started_at is None and "00:00" in intake.timer_label.text()
    intake.caller_name.setFocus()
    type_here(qtbot, "Lê Thị Hạnh")  # the first input starts the clock
    started = intake.started_at
    assert started is not None
    intake.children_forms[0].name.setText("Đặng Thị Hoà")
    intake.summary.setPlainText("Mẹ gọi.")
    intake.save_button.click()
    qtbot.waitUntil(lambda: "nguy cơ" in intake.message.text(), timeout=5000)
    assert intake.caller_name.text() == "Lê Thị Hạnh", "refused: nothing typed is lost"
    intake.risk.set_value("low")
    qtbot.wait(1100)
    intake.save_button.click()
    qtbot.waitUntil(lambda: "Đã lưu cuộc liên hệ 48-" in intake.message.text(), timeout=10000)
    number = intake.message.text().split("cuộc liên hệ ")[1].rstrip(".")
    assert intake.started_at is None and "Cuộc gọi vừa rồi 00:0" in intake.timer_label.text()
    with Workspace.open(main.app.data_dir, "lan", PASSWORDS["lan"]) as ws:
        saved = ws.get_contact(number)
    assert saved["risk"] == "low" and saved["duration_s"] >= 1
    assert saved["received_at"] == started.isoformat(timespec="seconds")


def test_a_contact_with_two_children_asks_which_child_the_case_is_for(signed_in, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QInputDialog

    main = signed_in("hoa")
    main.show_page("intake")
    intake = main.intake
    intake.children_forms[0].name.setText("Đặng Thị Hoà")
    intake.add_child()
    intake.children_forms[1].name.setText("Đặng Văn Nam")
    intake.categories.set_values(["violence.physical"])
    intake.risk.set_value("high")
    asked: list[str] = []

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, choose)
            return
        asked.append(dialog.labelText())
        dialog.setTextValue("Đặng Văn Nam")
        dialog.accept()

    QTimer.singleShot(20, choose)
    intake.save_case_button.click()
    view = main.case_view
    qtbot.waitUntil(lambda: view.detail is not None, timeout=10000)
    assert asked and "2 trẻ em" in asked[0]
    assert view.detail.child.full_name == "Đặng Văn Nam"


def test_save_and_open_a_case_without_a_child_saves_nothing_and_the_next_save_makes_one_contact(
    signed_in, qtbot
):
    """Review i13 #1: "save and open a case" on a contact with no child saved the contact,
    then refused the case and kept the form, so the next Ctrl+S saved it a second time.
    The case is checked before anything is saved: refused, nothing saved, text kept; then
    saving the contact alone makes exactly one contact."""
    main = signed_in("lan")
    main.show_page("intake")
    intake = main.intake
    intake.caller_name.setFocus()
    type_here(qtbot, "Duplicate Probe")
    intake.phone.setText("0911 222 333")
    intake.risk.set_value("medium")

    def probes() -> int:
        with Workspace.open(main.app.data_dir, "lan", PASSWORDS["lan"]) as ws:
            rows = ws.list_contacts({"text": "Duplicate Probe"}, limit=50).rows
        return sum(1 for row in rows if row["caller_name"] == "Duplicate Probe")

    intake.save_case_button.click()
    wait_idle(qtbot, main)
    assert "Vui lòng sửa: Trẻ em" in intake.message.text()
    assert intake.caller_name.text() == "Duplicate Probe", "refused: nothing typed is lost"
    assert probes() == 0, "nothing is saved when the case cannot be opened"

    intake.save_button.click()
    qtbot.waitUntil(lambda: "Đã lưu cuộc liên hệ 48-" in intake.message.text(), timeout=10000)
    assert probes() == 1
