"""The admin page's user buttons (issue 11): disable, enable with a new password, remove
after a confirmation; each button only when it applies. Screenshots into docs/screenshots/
with CASELINE_SCREENSHOTS=1 (else the test's temporary folder)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QMessageBox
from ui_support import PASSWORDS, wait_idle

from desktop.services import Workspace

DOCS_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shoot(widget, name: str, tmp_path: Path) -> Path:
    folder = DOCS_SHOTS if os.environ.get("CASELINE_SCREENSHOTS") else tmp_path
    path = folder / f"ui-{name}.png"
    assert widget.grab().save(str(path))
    return path


def _state(admin, username: str) -> str:
    for i in range(admin.users.topLevelItemCount()):
        item = admin.users.topLevelItem(i)
        if item.text(0) == username:
            return item.text(3)
    return ""


def _select(admin, username: str) -> None:
    for i in range(admin.users.topLevelItemCount()):
        item = admin.users.topLevelItem(i)
        if item.text(0) == username:
            admin.users.setCurrentItem(item)
            return
    raise AssertionError(username)


def test_the_admin_disables_enables_and_removes_a_user(signed_in, qtbot, tmp_path):
    main = signed_in("admin")
    admin = main.page("admin")
    qtbot.waitUntil(lambda: admin.users.topLevelItemCount() == 4, timeout=5000)
    admin.users.setCurrentItem(None)
    assert not admin.enable_button.isEnabled() and not admin.remove_button.isEnabled()
    assert admin.remove_button.toolTip() == "Hãy chọn một người dùng trong danh sách trước."

    _select(admin, "hoa")  # intake, active
    assert admin.disable_button.isEnabled() and not admin.enable_button.isEnabled()
    admin.disable_button.click()
    qtbot.waitUntil(lambda: "không thể đăng nhập" in admin.message.text(), timeout=20000)
    qtbot.waitUntil(lambda: _state(admin, "hoa") == "đã khoá", timeout=10000)  # (refreshed)
    _select(admin, "hoa")
    assert admin.enable_button.isEnabled() and not admin.disable_button.isEnabled()
    main.show_page("admin")
    qtbot.wait(200)
    shoot(main, "admin-users", tmp_path)

    admin.enable_button.click()
    asked = admin.findChild(QInputDialog, "enable_password")
    assert asked is not None and asked.isVisible()
    assert "hoa sẽ đăng nhập bằng mật khẩu mới" in asked.labelText()
    asked.setTextValue("hoa-mat-khau-moi-2026")
    asked.accept()
    qtbot.waitUntil(lambda: "đăng nhập lại được" in admin.message.text(), timeout=10000)
    qtbot.waitUntil(lambda: _state(admin, "hoa") == "đang hoạt động", timeout=10000)

    _select(admin, "minh")
    admin.remove_button.click()
    box = admin.findChild(QMessageBox, "confirm_remove")
    assert box is not None and "Xoá minh?" in box.text()
    shoot(box, "admin-remove-user", tmp_path)
    [remove] = [b for b in box.buttons() if b.text() == "Xoá"]
    remove.click()
    qtbot.waitUntil(lambda: "Đã xoá minh" in admin.message.text(), timeout=30000)
    qtbot.waitUntil(lambda: admin.users.topLevelItemCount() == 3, timeout=5000)
    wait_idle(qtbot, main)

    with Workspace.open(main.app.data_dir, "hoa", "hoa-mat-khau-moi-2026") as ws:
        assert ws.user.username == "hoa"  # enabled again, with the new password
    with Workspace.open(main.app.data_dir, "lan", PASSWORDS["lan"]) as ws:
        changes = [
            json.loads(d).get("change")
            for (d,) in ws.conn.execute(
                "SELECT detail FROM audit_event WHERE action = 'user_change'"
            )
        ]
        assert {"disabled", "enabled", "removed"} <= set(changes)
        assert [u.username for u in ws.list_users()] == ["admin", "hoa", "lan"]


def test_a_refused_user_command_is_audited(signed_in, qtbot):
    main = signed_in("admin")
    with Workspace.open(main.app.data_dir, "lan", PASSWORDS["lan"]) as ws:
        try:
            ws.disable_user("hoa")
        except Exception as exc:  # PermissionDenied
            assert "permission" in type(exc).__name__.lower()
        else:
            raise AssertionError("a manager disabled a user")
        refused = [
            json.loads(d)
            for (d,) in ws.conn.execute(
                "SELECT detail FROM audit_event WHERE action = 'user_change'"
            )
        ]
    assert {"change": "refused", "attempt": "disable", "user": "hoa"} in refused
