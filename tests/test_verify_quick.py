"""Long checks that scale (issue 17): `verify --quick` walks only the audit chain written
since the last full check (and still catches a rewrite before it), `verify` and `backup`
report their progress."""

from __future__ import annotations

import pytest
from test_cli_support import (
    ADMIN,
    ADMIN_PASSWORD,
    MANAGER,
    PASSWORDS,
    caseline,
    ok,
    open_workspace,
)

from desktop.db import audit

BACKUP_PASSPHRASE = "sao-luu-bi-mat-2026"


CALL = {
    "received_at": "2026-10-03T14:05:00+07:00",
    "channel": "phone",
    "call_type": "counselling",
    "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905123456"},
    "children": [{"full_name": "Đặng Thị Hoà", "sex": "F", "birth_year": 2014}],
    "risk": "medium",
}


@pytest.fixture
def desk(tmp_path):
    """Made in-process (the CLI's own init costs seconds a test); the CLI test runs the
    command on it."""
    from desktop.services import Workspace

    data = tmp_path / "desk"
    Workspace.init(
        data, centre="Trung tâm CTXH", province_code="48",
        admin_username=ADMIN, admin_password=ADMIN_PASSWORD,
    )  # fmt: skip
    with Workspace.open(data, ADMIN, ADMIN_PASSWORD) as admin:
        admin.add_user(MANAGER, "manager", PASSWORDS[MANAGER])
    ws = open_workspace(data)  # a manager: any user may verify
    ws.record_contact(CALL)
    yield data, ws
    ws.close()


def _walked(ws, **kwargs) -> tuple[dict, list[tuple[str, int, int]]]:
    seen: list[tuple[str, int, int]] = []
    report = ws.verify(progress=lambda *a: seen.append(a), **kwargs)
    return report, seen


def test_quick_verify_walks_only_what_was_written_since_the_last_full_check(desk):
    _, ws = desk
    report, seen = _walked(ws)
    assert report["ok"] and report["integrity"] == "ok"
    whole = ws.conn.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    assert seen[0] == ("integrity", 0, 1) and seen[-1] == ("audit", whole, whole)
    for _ in range(3):
        ws.get_contact(ws.list_contacts({}, limit=1).rows[0]["id"])  # audited views
    report, seen = _walked(ws, quick=True)
    added = ws.conn.execute("SELECT count(*) FROM audit_event").fetchone()[0] - whole
    assert report["ok"] and report["integrity"] == "skipped"
    assert seen == [("audit", added, added)] and 3 <= added < whole


@pytest.mark.parametrize("where", ["before", "after"])
def test_quick_verify_catches_a_rewrite_before_or_after_the_last_full_check(desk, where):
    _, ws = desk
    assert ws.verify()["ok"]
    mark = ws.conn.execute(
        "SELECT value FROM setting WHERE key = ?", (audit.VERIFIED_KEY,)
    ).fetchone()[0]
    ws.get_contact(ws.list_contacts({}, limit=1).rows[0]["id"])
    last_checked = int(__import__("json").loads(mark)["seq"])
    seq = last_checked if where == "before" else last_checked + 1
    with ws.store.transaction() as conn:
        conn.execute("UPDATE audit_event SET hash = ? WHERE seq = ?", ("f" * 64, seq))
    report = ws.verify(quick=True)
    assert not report["ok"] and report["audit_chain"] == "broken"
    assert any(f"audit row {seq}" in p for p in report["problems"]), report["problems"]


def test_backup_reports_progress_to_the_whole(desk, tmp_path):
    data, ws = desk
    ws.close()
    seen: list[tuple[str, int, int]] = []
    with open_workspace(data, ADMIN) as admin:
        admin.backup(tmp_path / "d.backup", BACKUP_PASSPHRASE, progress=lambda *a: seen.append(a))
    stage, done, total = seen[-1]
    assert stage == "backup" and done == total >= 1
    assert all(d <= t for _, d, t in seen)


def test_the_cli_verify_quick(desk):
    data, ws = desk
    assert ws.verify()["ok"]  # the full check, in-process (a second command costs seconds)
    ws.close()
    report = ok(caseline(data, "verify", "--quick", "--json", user=ADMIN)).json()
    assert report["ok"] is True and report["integrity"] == "skipped"
