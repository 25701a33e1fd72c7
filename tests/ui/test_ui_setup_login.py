"""First run and signing in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_support import PASSWORDS, log_in, type_text

from desktop.services import Workspace


def test_first_run_wizard_sets_up_the_desk_and_shows_the_recovery_key_once(
    tmp_path, app_for, qtbot
):
    data_dir = tmp_path / "new-desk"
    caseline = app_for(data_dir)
    wizard = caseline.wizard
    assert wizard is not None and caseline.login is None

    type_text(qtbot, wizard.centre, "Trung tâm Công tác xã hội Đà Nẵng")
    type_text(qtbot, wizard.province.edit, "da nang")
    qtbot.keyClick(wizard.province.edit, Qt.Key.Key_Return)
    assert wizard.province.value() == "48"
    wizard.next_button.click()
    wizard.admin_user.setText("admin")
    type_text(qtbot, wizard.admin_name, "Trần Quản Trị")
    type_text(qtbot, wizard.password, "mat-khau-dai-2026")
    type_text(qtbot, wizard.password2, "mat-khau-dai-2026")
    wizard.next_button.click()

    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=20000)
    key = wizard.recovery_key.text()
    assert len(key.replace("-", "").replace(" ", "")) >= 20
    assert Workspace.exists(data_dir)
    assert not wizard.next_button.isEnabled(), "finish needs 'I have written it down'"
    wizard.written_down.setChecked(True)
    wizard.next_button.click()

    qtbot.waitUntil(lambda: caseline.login is not None and caseline.login.isVisible())
    assert caseline.login.username.text() == "admin"
    Workspace.open_with_recovery_key(data_dir, key).close()  # the key shown really opens it
    main = log_in(qtbot, caseline, "admin", "mat-khau-dai-2026")
    assert "Trung tâm Công tác xã hội Đà Nẵng" in main.windowTitle()


def test_mismatched_passwords_are_refused_before_anything_is_written(tmp_path, app_for, qtbot):
    data_dir = tmp_path / "new-desk"
    wizard = app_for(data_dir).wizard
    wizard.centre.setText("Trung tâm Huế")
    type_text(qtbot, wizard.province.edit, "hue")
    qtbot.keyClick(wizard.province.edit, Qt.Key.Key_Return)
    wizard.next_button.click()
    wizard.password.setText("mot-mat-khau")
    wizard.password2.setText("mat-khau-khac")
    wizard.next_button.click()
    assert "không giống nhau" in wizard.message.text()
    assert not Workspace.exists(data_dir)


def test_the_right_password_unlocks_and_a_wrong_one_is_refused_with_a_growing_delay(
    desk, app_for, qtbot
):
    caseline = app_for(desk)
    login = caseline.login
    for attempt in range(3):
        login.username.setText("lan")
        login.password.setText(f"sai-mat-khau-{attempt}")
        login.unlock_button.click()
        qtbot.waitUntil(lambda: "Sai mật khẩu" in login.message.text(), timeout=10000)
        assert caseline.main is None
        if attempt < 2:
            login.message.clear()
    # the third wrong password starts a wait, shown and enforced by the button
    assert "đợi" in login.message.text()
    assert not login.unlock_button.isEnabled()
    assert "thử lại sau" in login.wait_label.text().lower()
    qtbot.waitUntil(login.unlock_button.isEnabled, timeout=5000)

    main = log_in(qtbot, caseline, "lan", PASSWORDS["lan"])
    assert main.isVisible() and not login.isVisible()
    assert "Phạm Ngọc Lan" in main.who.text()


def test_an_unknown_user_gets_a_clear_message(desk, app_for, qtbot):
    caseline = app_for(desk)
    caseline.login.username.setText("khong-co")
    caseline.login.password.setText("bat-ky-mat-khau")
    caseline.login.unlock_button.click()
    qtbot.waitUntil(lambda: caseline.login.message.text() not in ("", "Đang mở khoá…"))
    assert (
        "khong-co" in caseline.login.message.text() or "người dùng" in caseline.login.message.text()
    )
    assert caseline.main is None


def test_a_new_computer_restores_the_centres_backup_from_the_first_run_wizard(
    desk, tmp_path, app_for, qtbot
):
    backup = tmp_path / "trung-tam.clbak"
    with Workspace.open(desk, "lan", PASSWORDS["lan"]) as ws:
        number = ws.record_contact(
            {
                "received_at": "2026-11-03T08:00:00+07:00",
                "channel": "phone",
                "call_type": "counselling",
                "caller": {"relation": "mother", "name": "Lê Thị Hạnh"},
                "children": [{"full_name": "Đặng Thị Hoà", "sex": "F", "birth_year": 2014}],
                "categories": ["violence.physical"],
                "services": ["counselling"],
                "risk": "high",
                "summary": "Cháu bị đánh.",
            }
        ).number
    with Workspace.open(desk, "admin", PASSWORDS["admin"]) as ws:
        ws.backup(backup, "cum-tu-sao-luu-dai")

    caseline = app_for(tmp_path / "new-computer")
    wizard = caseline.wizard
    wizard.restore_from(backup, "sai-cum-tu")
    qtbot.waitUntil(lambda: "Sai mật khẩu sao lưu" in wizard.message.text(), timeout=20000)
    wizard.restore_from(backup, "cum-tu-sao-luu-dai")
    qtbot.waitUntil(
        lambda: caseline.login is not None and caseline.login.isVisible(), timeout=20000
    )
    main = log_in(qtbot, caseline, "lan")
    contacts = main.page("contacts")
    main.show_page("contacts")
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 1, timeout=5000)
    assert contacts.model.rows[0]["number"] == number
