"""Administration, the reports page and a case's referrals and assignment."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtWidgets import QPushButton
from ui_support import PASSWORDS, log_in, wait_idle

from desktop.services import Workspace
from desktop.ui.admin import RestoreDialog, UserDialog
from desktop.ui.case.referral_dialog import ReferralDialog

CONTACT = {
    "received_at": "2026-11-10T08:30:00+07:00",
    "channel": "walk_in",
    "call_type": "counselling",
    "caller": {"relation": "grandparent", "name": "Võ Thị Lài", "phone": "0935777888"},
    "children": [{"full_name": "Võ Minh Nhật", "sex": "M", "birth_year": 2015}],
    "categories": ["neglect"],
    "services": ["connect_services"],
    "risk": "medium",
    "summary": "Bà nội xin hỗ trợ cho cháu.",
}


def test_the_admin_adds_a_user_changes_settings_and_backs_up(signed_in, qtbot, tmp_path):
    main = signed_in("admin")
    admin = main.page("admin")
    qtbot.waitUntil(lambda: admin.users.topLevelItemCount() == 4, timeout=5000)

    admin.add_user_button.click()
    dialog = admin.findChild(UserDialog)
    dialog.username.setText("thu")
    dialog.full_name.setText("Đỗ Minh Thư")
    dialog.role.set_value("caseworker")
    dialog.password.setText("mat-khau-cua-thu")
    dialog.accept()
    qtbot.waitUntil(lambda: admin.users.topLevelItemCount() == 5, timeout=10000)
    assert "Đã thêm người dùng thu." == admin.message.text()

    admin.users.setCurrentItem(admin.users.topLevelItem(4))
    admin.disable_button.click()
    qtbot.waitUntil(lambda: "không thể đăng nhập" in admin.message.text(), timeout=5000)

    admin.auto_lock.setValue(3)
    admin.sync_minutes.setValue(15)
    admin.save_settings_button.click()
    qtbot.waitUntil(lambda: admin.message.text() == "Đã lưu cài đặt.", timeout=5000)
    assert main.app.idle.minutes == 3

    backup = tmp_path / "sao-luu.clbak"
    admin.back_up(backup, "cum-tu-sao-luu-dai")
    qtbot.waitUntil(lambda: admin.message.text().startswith("Đã lưu bản sao lưu"), timeout=20000)
    assert backup.stat().st_size > 0
    wait_idle(qtbot, main)
    with Workspace.open(main.app.data_dir, "admin", PASSWORDS["admin"]) as ws:
        assert ws.get_setting("auto_lock_minutes") == 3
        assert ws.get_setting("sync_interval_s") == 900
        users = {u.username: u for u in ws.list_users()}
    assert users["thu"].role == "caseworker" and users["thu"].disabled


def _contact_numbers(desk) -> set[str]:
    with Workspace.open(desk, "lan", PASSWORDS["lan"]) as ws:
        return {row["number"] for row in ws.list_contacts({}).rows}


def _restore_through_the_dialog(admin, backup, passphrase: str) -> None:
    admin.restore_button.click()
    dialog = [d for d in admin.findChildren(RestoreDialog) if d.isVisible()][0]
    assert "sẽ được thay bằng dữ liệu của bản sao lưu" in dialog.warning.text()
    assert "vẫn được mã hoá" in dialog.warning.text()
    assert not dialog.replace_button.isEnabled()  # a file and a passphrase first
    dialog.path.setText(str(backup))
    dialog.passphrase.setText(passphrase)
    dialog.replace_button.click()


def test_the_admin_restores_a_backup_over_the_desk_and_everyone_signs_in_again(
    signed_in, qtbot, tmp_path
):
    main = signed_in("admin")
    caseline, admin = main.app, main.page("admin")
    desk = caseline.data_dir
    with Workspace.open(desk, "lan", PASSWORDS["lan"]) as ws:
        in_backup = ws.record_contact(CONTACT)
    backup = tmp_path / "sao-luu.clbak"
    admin.back_up(backup, "cum-tu-sao-luu-dai")
    qtbot.waitUntil(lambda: admin.message.text().startswith("Đã lưu bản sao lưu"), timeout=20000)
    with Workspace.open(desk, "lan", PASSWORDS["lan"]) as ws:
        later = ws.record_contact({**CONTACT, "received_at": "2026-11-12T09:00:00+07:00"})

    _restore_through_the_dialog(admin, backup, "khong-phai-cum-tu-nay")
    qtbot.waitUntil(lambda: admin.message.text() == "Sai mật khẩu sao lưu.", timeout=20000)
    assert caseline.main is main and admin.restore_button.isEnabled()
    assert _contact_numbers(desk) == {in_backup.number, later.number}
    assert not [p for p in desk.iterdir() if p.name.startswith("before-restore-")]

    _restore_through_the_dialog(admin, backup, "cum-tu-sao-luu-dai")
    qtbot.waitUntil(lambda: caseline.main is None, timeout=20000)
    wait_idle(qtbot, caseline)
    assert caseline.login.isVisible()
    told = caseline.login.message.text()
    assert told.startswith("Đã khôi phục bản sao lưu") and "before-restore-" in told
    assert _contact_numbers(desk) == {in_backup.number}
    kept = [p for p in desk.iterdir() if p.name.startswith("before-restore-")]
    assert len(kept) == 1 and str(kept[0]) in told

    again = log_in(qtbot, caseline, "admin")
    qtbot.waitUntil(lambda: again.page("admin").users.topLevelItemCount() == 4, timeout=5000)


def test_a_manager_saves_the_monthly_report_as_pdf_in_the_background(signed_in, qtbot, tmp_path):
    main = signed_in("hoa")
    with Workspace.open(main.app.data_dir, "hoa", PASSWORDS["hoa"]) as ws:
        ws.record_contact(CONTACT)
    reports = main.page("reports")
    main.show_page("reports")
    reports.kind.set_value("monthly")
    reports.month.setDate(reports.month.date().fromString("01/11/2026", "dd/MM/yyyy"))
    out = tmp_path / "bao-cao-thang-11.pdf"
    reports.save_pdf(out)
    assert reports.progress.isVisible() or out.exists()
    qtbot.waitUntil(lambda: reports.message.text().startswith("Đã lưu"), timeout=30000)
    assert not reports.progress.isVisible()
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "11/2026" in text or "2026-11" in text


def test_a_manager_refers_a_case_follows_the_referral_and_assigns_the_case(signed_in, qtbot):
    main = signed_in("hoa")
    with Workspace.open(main.app.data_dir, "hoa", PASSWORDS["hoa"]) as ws:
        case = ws.open_case(ws.record_contact(CONTACT).id)
    view = main.case_view
    main.open_case(case.id)
    qtbot.waitUntil(lambda: view.detail is not None, timeout=5000)

    view.refer_button.click()
    dialog = view.findChild(ReferralDialog)
    dialog.agency.set_value("commune_committee")
    dialog.agency_name.setText("UBND phường Hải Châu")
    dialog.reason.setPlainText("Đề nghị hỗ trợ chính sách cho gia đình.")
    dialog.accept()
    qtbot.waitUntil(lambda: view.referrals.topLevelItemCount() == 1, timeout=5000)
    item = view.referrals.topLevelItem(0)
    assert item.text(1) == "UBND phường Hải Châu" and item.text(3) == "Đã gửi"
    dialog.deleteLater()

    view.referrals.setCurrentItem(item)
    view.referral_status_button.click()
    update = [d for d in view.findChildren(ReferralDialog) if d.referral is not None][0]
    update.status.set_value("accepted")
    update.outcome.setPlainText("Phường đã tiếp nhận.")
    update.accept()
    qtbot.waitUntil(
        lambda: (
            view.referrals.topLevelItemCount() == 1
            and view.referrals.topLevelItem(0).text(3) == "Đã tiếp nhận"
        ),
        timeout=5000,
    )

    assert view.assign_button.isVisibleTo(view)
    qtbot.waitUntil(lambda: view.assignee.count() == 2, timeout=5000)  # hoa and minh only
    assert [view.assignee.itemData(i) for i in range(2)] == ["hoa", "minh"]
    view.assignee.setCurrentIndex(view.assignee.findData("minh"))
    view.findChild(QPushButton, "assign").click()
    qtbot.waitUntil(lambda: view.detail.case.assigned_to == "minh", timeout=5000)
    assert "phụ trách: Võ Văn Minh" in view.details.text()


def test_a_restore_over_a_desk_with_unsent_changes_is_refused_in_the_app_too(
    desk, app_for, qtbot, central_server, tmp_path
):
    """The UI shares `ws.restore_over` (review i10, 2): an enrolled desk whose last
    contact never reached central (the link is down) is not restored over; the admin reads
    how many changes are unsent and the desk keeps them."""
    import json

    from ui_support import central

    from desktop.sync.engine import enroll

    code = json.loads(
        central(central_server["db"], "enroll-code", "--province", "48", "--json").stdout
    )["code"]
    with Workspace.open(desk, "admin", PASSWORDS["admin"]) as ws:
        enroll(ws, central_server["url"], code)
        ws.backup(tmp_path / "sao-luu.clbak", "cum-tu-sao-luu-dai")
    with Workspace.open(desk, "lan", PASSWORDS["lan"]) as ws:
        unsent = ws.record_contact(CONTACT)
    central_server["process"].kill()  # the link is down: nothing can be sent
    central_server["process"].wait(10)

    caseline = app_for(desk)
    main = log_in(qtbot, caseline, "admin")
    admin = main.page("admin")
    main.show_page("admin")
    _restore_through_the_dialog(admin, tmp_path / "sao-luu.clbak", "cum-tu-sao-luu-dai")
    qtbot.waitUntil(lambda: "chưa gửi" in admin.message.text(), timeout=20000)
    assert "thay đổi" in admin.message.text() and admin.restore_button.isEnabled()
    assert caseline.main is main
    assert not [p for p in desk.iterdir() if p.name.startswith("before-restore-")]
    assert unsent.number in _contact_numbers(desk)
