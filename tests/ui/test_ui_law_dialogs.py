"""A manager records where the harm happened, sees what erasing the child's data would
remove (an open case holds it), and transfers the case to another province — from the case
page (issue 12). Screenshots in docs/screenshots/."""

from __future__ import annotations

from pathlib import Path

from test_ui_cases import CONTACT
from ui_support import PASSWORDS

from desktop.domain import places
from desktop.services import Workspace
from desktop.ui.case.law_dialogs import (
    HarmCommuneDialog,
    PersonRightsDialog,
    ReminderDialog,
    TransferDialog,
)

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_the_case_page_records_the_place_shows_the_rights_and_transfers(signed_in, qtbot):
    main = signed_in("hoa")
    ws = Workspace.open(main.app.data_dir, "hoa", PASSWORDS["hoa"])
    try:
        case = ws.open_case(ws.record_contact(CONTACT).id, harm_commune_code="")
    finally:
        ws.close()
    view = main.case_view
    main.open_case(case.id)
    qtbot.waitUntil(lambda: view.detail is not None, timeout=5000)
    for button in (view.harm_button, view.transfer_button, view.rights_button):
        assert button.isEnabled() and button.isVisible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    main.resize(1366, 768)
    qtbot.wait(200)
    main.grab().save(str(SHOTS / "ui-case-law-actions.png"))

    view.harm_button.click()
    harm = view.findChild(HarmCommuneDialog, "harm_commune_dialog")
    commune = places.communes("48")[0]
    harm.commune.set_value(commune.code)
    harm.accept()
    qtbot.waitUntil(lambda: commune.name in view.details.text(), timeout=5000)

    view.remind_button.click()
    remind = view.findChild(ReminderDialog, "reminder_dialog")
    remind.follow_up.setText("10/12/2026")
    qtbot.wait(100)
    remind.grab().save(str(SHOTS / "ui-case-reminders.png"))
    remind.accept()
    qtbot.waitUntil(lambda: "theo dõi tiếp theo 10/12/2026" in view.details.text(), timeout=5000)

    view.rights_button.click()
    rights = view.findChild(PersonRightsDialog, "person_rights_dialog")
    rights.preview_button.click()
    qtbot.waitUntil(lambda: "đang mở" in rights.message.text(), timeout=5000)  # legal hold
    assert not rights.erase_button.isEnabled()
    qtbot.wait(200)
    rights.grab().save(str(SHOTS / "ui-person-rights-held.png"))
    with Workspace.open(main.app.data_dir, "hoa", PASSWORDS["hoa"]) as other:
        other.move_case(case.id, "initial_assessment", {})
        other.move_case(
            case.id,
            "closed",
            {"closure_reason": "moved_away", "reason": "Gia đình chuyển vào TP.HCM."},
        )
    rights.preview_button.click()
    qtbot.waitUntil(lambda: rights.removals.topLevelItemCount() > 3, timeout=5000)
    assert rights.erase_button.isEnabled()
    assert "Xoá sẽ tác động" in rights.message.text()
    qtbot.wait(200)
    rights.grab().save(str(SHOTS / "ui-person-rights.png"))
    rights.reject()
    main.open_case(case.id)
    qtbot.waitUntil(lambda: view.detail and view.detail.case.status == "closed", timeout=5000)

    view.transfer_button.click()
    transfer = view.findChild(TransferDialog, "transfer_dialog")
    assert transfer.province.findData("48") < 0  # not to itself
    transfer.province.set_value("79")
    qtbot.wait(200)
    transfer.grab().save(str(SHOTS / "ui-case-transfer.png"))
    transfer.accept()
    qtbot.waitUntil(lambda: view.detail and view.detail.case.province_code == "79", timeout=5000)
    assert view.detail.case.transfer_from == "48"
    assert [e.kind for e in view.detail.entries][-1] == "transfer"
