"""`caseline self-test` checks the real app offscreen: unlock, the contacts list, the
status bar, locking again."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from ui_support import PASSWORDS

from desktop.services import Workspace
from desktop.ui.app import UiSelfTestFailed, self_test


def test_the_self_test_unlocks_the_main_window_and_finds_the_contacts(desk, qtbot):
    with Workspace.open(desk, "lan", PASSWORDS["lan"]) as ws:
        ws.record_contact(
            {
                "received_at": "2026-11-02T10:00:00+07:00",
                "channel": "phone",
                "call_type": "information",
                "caller": {"relation": "self", "phone": "0905111222"},
                "children": [],
                "categories": ["information.question"],
                "services": ["information"],
                "risk": "low",
                "summary": "Hỏi thông tin.",
            }
        )
    results = self_test(desk, "hoa", PASSWORDS["hoa"])
    assert [name for name, _ok, _note in results] == [
        "unlock",
        "contacts list",
        "sync status bar",
        "lock",
    ]
    assert all(ok for _name, ok, _note in results), results
    assert dict((n, note) for n, _ok, note in results)["contacts list"] == "1 rows"
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()], "all closed"

    with pytest.raises(UiSelfTestFailed) as failed:
        self_test(desk, "hoa", "not-her-password", timeout_s=10)
    assert "unlock" in str(failed.value)
