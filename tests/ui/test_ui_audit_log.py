"""The audit-log viewer: admin and managers read who did what, filter it, and see at once
whether the log's chain is intact; reading the log is itself in the log."""

from __future__ import annotations

import pytest
from test_ui_home import contact
from ui_support import PASSWORDS, log_in

from desktop.errors import PermissionDenied
from desktop.services import Workspace


@pytest.fixture
def logged(desk):
    with Workspace.open(desk, "lan", PASSWORDS["lan"]) as ws:
        ws.record_contact(contact("2026-11-02T10:00:00+07:00"))
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        ws.record_contact(contact("2026-11-03T10:00:00+07:00"))
    return desk


def audit_page(qtbot, main):
    main.show_page("audit")
    page = main.page("audit")
    qtbot.waitUntil(
        lambda: page.total > 0 and page.chain.text().startswith(("✔", "✘")), timeout=15000
    )
    return page


@pytest.mark.parametrize("username", ["hoa", "admin"])
def test_the_log_filters_by_user_and_action_and_shows_the_chain_intact(
    logged, app_for, qtbot, username
):
    main = log_in(qtbot, app_for(logged), username)
    page = audit_page(qtbot, main)
    assert "nguyên vẹn" in page.chain.text()
    page.user.setCurrentIndex(page.user.findData("lan"))
    page.user.activated.emit(page.user.currentIndex())
    qtbot.waitUntil(
        lambda: bool(page.rows) and {r["username"] for r in page.rows} == {"lan"}, timeout=10000
    )
    texts = {page.table.topLevelItem(i).text(2) for i in range(page.table.topLevelItemCount())}
    assert "Tạo mới" in texts and "Đăng nhập" in texts
    created = [r for r in page.rows if r["action"] == "create" and r["entity"] == "contact"]
    assert created and created[0]["number"].startswith("48-"), "the record's number is shown"
    page.action.setCurrentIndex(page.action.findData("login"))
    page.action.activated.emit(page.action.currentIndex())
    qtbot.waitUntil(lambda: {r["action"] for r in page.rows} == {"login"}, timeout=10000)
    with Workspace.open(logged, "admin", PASSWORDS["admin"]) as ws:
        views = ws.audit_log({"username": username, "action": "view"}).rows
    assert any(r["detail"].get("report") == "audit_log" for r in views), "reading is audited"


def test_a_tampered_log_shows_red(logged, app_for, qtbot):
    with Workspace.open(logged, "admin", PASSWORDS["admin"]) as ws:
        with ws.store.transaction() as conn:
            conn.execute("UPDATE audit_event SET username = 'ai-do' WHERE seq = 3")
    main = log_in(qtbot, app_for(logged), "hoa")
    page = audit_page(qtbot, main)
    assert page.chain.text().startswith("✘") and "c62828" in page.chain.styleSheet()


def test_workers_have_no_audit_log(logged, signed_in):
    for username in ("lan", "minh"):
        with Workspace.open(logged, username, PASSWORDS[username]) as ws:
            with pytest.raises(PermissionDenied):
                ws.audit_log()
    assert "audit" not in signed_in("minh").nav_order
