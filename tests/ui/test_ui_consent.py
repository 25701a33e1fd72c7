"""The intake screen asks for consent and the legal basis per purpose (issue 12; Law
91/2025/QH15, Law on Children Art. 33) and the contact keeps what was answered."""

from __future__ import annotations

from pathlib import Path

from ui_support import PASSWORDS, type_text

from desktop.services import Workspace

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_the_consent_block_is_asked_on_intake_and_saved_with_the_contact(signed_in, qtbot):
    main = signed_in("lan")
    main.show_page("intake")
    intake = main.intake
    consent = intake.consent
    assert consent.title() == "Sự đồng ý và căn cứ pháp lý"
    assert [consent.rows[p][0].text() for p in consent.rows] == [
        "Tư vấn",
        "Chuyển gửi",
        "Chia sẻ với Tổng đài quốc gia",
        "In ấn",
    ]
    type_text(qtbot, intake.children_forms[0].name, "Đặng Thị Hoà")
    details = intake.children_forms[0].details  # issue 12: more about the child
    details.toggle.click()
    type_text(qtbot, details.address, "Tổ 5, phường Thạch Thang cũ")
    details.ethnicity.set_value("08")
    details.groups.set_values(["i"])
    intake.harm.settings["domestic"].setChecked(True)  # taxonomy 2027.1
    intake.harm.perpetrator.set_value("stepparent")
    type_text(qtbot, consent.representative_name, "Lê Thị Hạnh")
    consent.representative_relation.set_value("mother")
    _label, child, representative, _basis = consent.rows["counselling"]
    child.set_value("yes")
    representative.set_value("yes")
    _label, child, representative, basis = consent.rows["referral"]
    child.set_value("no")
    basis.set_value("emergency_life_health")
    intake.resize(1366, 1400)
    intake.scroll.ensureWidgetVisible(consent)
    SHOTS.mkdir(parents=True, exist_ok=True)
    consent.grab().save(str(SHOTS / "ui-intake-consent.png"))
    intake.concerns_group.grab().save(str(SHOTS / "ui-intake-harm.png"))
    intake.children_forms[0].grab().save(str(SHOTS / "ui-intake-child-details.png"))

    intake.risk.set_value("medium")  # never preselected (issue 13)
    intake.save(open_case=False)
    qtbot.waitUntil(lambda: "Đã lưu cuộc liên hệ 48-" in intake.message.text(), timeout=10000)
    number = intake.message.text().split("cuộc liên hệ ")[1].rstrip(".")
    assert consent.representative_name.text() == ""  # a fresh form for the next call

    ws = Workspace.open(main.app.data_dir, "lan", PASSWORDS["lan"])
    try:
        saved = ws.get_contact(number)["consent"]
    finally:
        ws.close()
    assert saved["purposes"] == {
        "counselling": {"child": True, "representative": True, "basis": "consent"},
        "referral": {"child": False, "representative": None, "basis": "emergency_life_health"},
    }
    assert saved["representative_name"] == "Lê Thị Hạnh"
    assert saved["representative_relation"] == "mother"
    assert saved["by"] == "lan" and saved["at"]
    with Workspace.open(main.app.data_dir, "lan", PASSWORDS["lan"]) as ws:
        contact = ws.get_contact(number)
    assert contact["settings"] == ["domestic"]
    assert contact["perpetrator_relation"] == "stepparent"
    with Workspace.open(main.app.data_dir, "lan", PASSWORDS["lan"]) as ws:
        child = ws.get_child(contact["child_ids"][0]).child
    assert child.ethnicity == "08" and child.special_groups == ["i"]
    assert child.address_text == "Tổ 5, phường Thạch Thang cũ"
