"""A worker forgot her password: the recovery key on paper gets her a new one at the
login window, and a wrong key says so plainly."""

from __future__ import annotations

import pytest
from ui_support import PASSWORDS, log_in, type_text

from desktop.errors import WrongPassword
from desktop.services import Workspace
from desktop.ui.recovery import RecoveryDialog


def test_a_forgotten_password_is_replaced_with_the_recovery_key_typed_loosely(
    desk, recovery_key, app_for, qtbot
):
    caseline = app_for(desk)
    login = caseline.login
    assert login.forgot_button.text() == "Quên mật khẩu? Dùng khoá khôi phục"
    login.username.setText("lan")
    login.forgot_button.click()
    dialog = login.findChild(RecoveryDialog)
    assert dialog.isVisible() and dialog.username.text() == "lan"

    # A key from someone else's paper is refused with a clear word, and nothing changes.
    type_text(qtbot, dialog.key, "ACDEF-GHJKM-NPQRT-UVWXY-34679-ACDEF-GHJKM-NPQRT")
    type_text(qtbot, dialog.password, "mat-khau-moi-2026")
    type_text(qtbot, dialog.password2, "mat-khau-moi-2026")
    dialog.ok.click()
    qtbot.waitUntil(lambda: "không mở được" in dialog.message.text(), timeout=10000)
    assert "Khoá khôi phục này" in dialog.message.text()
    assert dialog.isVisible() and dialog.ok.isEnabled()

    # The real key, typed in lower case, in groups split by spaces instead of dashes.
    dialog.key.clear()
    type_text(qtbot, dialog.key, " ".join(recovery_key.lower().split("-")))
    dialog.ok.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert login.username.text() == "lan"
    assert "mật khẩu mới" in login.message.text()

    with pytest.raises(WrongPassword):
        Workspace.open(desk, "lan", PASSWORDS["lan"])  # the forgotten one no longer opens
    main = log_in(qtbot, caseline, "lan", "mat-khau-moi-2026")
    assert "Phạm Ngọc Lan" in main.who.text()
