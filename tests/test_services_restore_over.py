"""An admin restores yesterday's backup over a desk that is still in use."""

from __future__ import annotations

import pytest

from desktop.errors import PermissionDenied, StoreError, WrongPassword
from desktop.services import Workspace

ADMIN_PW = "admin-pass-1"
PHRASE = "sao-luu-bi-mat-2026"
CALL = {
    "received_at": "2026-10-03T14:05:00+07:00",
    "channel": "phone",
    "call_type": "counselling",
    "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905123456"},
    "children": [{"full_name": "Đặng Thị Hoà", "sex": "F", "birth_year": 2014}],
    "risk": "high",
}


@pytest.fixture
def desk_with_backup(tmp_path):
    """A desk with one call in its backup and a second call recorded after it."""
    desk = tmp_path / "desk"
    Workspace.init(
        desk, centre="Trung tâm CTXH", province_code="48",
        admin_username="admin", admin_password=ADMIN_PW,
    )  # fmt: skip
    backup = tmp_path / "desk.clbak"
    with Workspace.open(desk, "admin", ADMIN_PW) as admin:
        admin.add_user("lan", "intake", "lan-pass-123")
    with Workspace.open(desk, "lan", "lan-pass-123") as intake:
        first = intake.record_contact(CALL)
    with Workspace.open(desk, "admin", ADMIN_PW) as admin:
        admin.backup(backup, PHRASE)
    with Workspace.open(desk, "lan", "lan-pass-123") as intake:
        later = intake.record_contact({**CALL, "received_at": "2026-10-04T09:00:00+07:00"})
    return desk, backup, first, later


def _numbers(desk) -> set[str]:
    with Workspace.open(desk, "lan", "lan-pass-123") as ws:
        return {row["number"] for row in ws.list_contacts({}).rows}


def test_restoring_over_a_live_desk_replaces_its_data_and_keeps_the_old_files(desk_with_backup):
    desk, backup, first, later = desk_with_backup
    ws = Workspace.open(desk, "admin", ADMIN_PW)
    result = ws.restore_over(backup, PHRASE)

    assert ws.store.closed  # the admin logs in again
    assert _numbers(desk) == {first.number}
    kept = desk / result["kept"].rsplit("/", 1)[-1]
    assert kept.name.startswith("before-restore-") and kept.parent == desk
    assert not (kept / "caseline.db").read_bytes().startswith(b"SQLite format 3")
    assert not list(desk.glob("*.incoming*"))
    with Workspace.open(desk, "lan", "lan-pass-123") as intake:
        assert intake.user.role == "intake"
    with Workspace.open(desk, "admin", ADMIN_PW) as again:
        assert again.verify()["ok"]
        restore = again.conn.execute(
            "SELECT username FROM audit_event WHERE action = 'restore'"
        ).fetchall()
        assert [r[0] for r in restore] == ["admin"]

    # The old desk, set aside, still opens with its own passwords and holds both calls.
    with Workspace.open(kept, "lan", "lan-pass-123") as old:
        assert {r["number"] for r in old.list_contacts({}).rows} == {first.number, later.number}


def test_a_wrong_passphrase_changes_nothing_and_keeps_the_admin_logged_in(desk_with_backup):
    desk, backup, first, later = desk_with_backup
    ws = Workspace.open(desk, "admin", ADMIN_PW)
    slots = (desk / "keyslots.json").read_bytes()
    try:
        with pytest.raises(WrongPassword) as caught:
            ws.restore_over(backup, "not-the-passphrase")
        assert caught.value.message_vi == "Sai mật khẩu sao lưu."
        assert not ws.store.closed and ws.verify()["ok"]
    finally:
        ws.close()
    assert _numbers(desk) == {first.number, later.number}
    assert (desk / "keyslots.json").read_bytes() == slots
    assert not [p for p in desk.iterdir() if "incoming" in p.name or "before-restore" in p.name]


def test_a_damaged_backup_is_refused_before_the_desk_is_touched(desk_with_backup, tmp_path):
    desk, backup, first, later = desk_with_backup
    data = bytearray(backup.read_bytes())
    data[-100] ^= 0xFF
    damaged = tmp_path / "damaged.clbak"
    damaged.write_bytes(bytes(data))
    with Workspace.open(desk, "admin", ADMIN_PW) as ws, pytest.raises(StoreError) as caught:
        ws.restore_over(damaged, PHRASE)
    assert "hỏng" in caught.value.message_vi
    assert _numbers(desk) == {first.number, later.number}
    assert not [p for p in desk.iterdir() if "incoming" in p.name or "before-restore" in p.name]


def test_only_an_admin_may_restore_over_a_desk(desk_with_backup):
    desk, backup, first, later = desk_with_backup
    with Workspace.open(desk, "lan", "lan-pass-123") as intake, pytest.raises(PermissionDenied):
        intake.restore_over(backup, PHRASE)
    with pytest.raises(PermissionDenied):  # a desk that opens is not "too damaged"
        Workspace.restore_over_damaged(
            desk, backup, PHRASE, username="lan", password="lan-pass-123"
        )
    assert _numbers(desk) == {first.number, later.number}


def test_a_desk_too_damaged_to_open_is_replaced_and_kept_aside(desk_with_backup):
    desk, backup, first, later = desk_with_backup
    db = desk / "caseline.db"
    db.write_bytes(db.read_bytes()[:8192])
    with pytest.raises(WrongPassword):
        Workspace.restore_over_damaged(desk, backup, "wrong-phrase", username="lan",
                                       password="lan-pass-123")  # fmt: skip
    assert db.stat().st_size == 8192
    result = Workspace.restore_over_damaged(
        desk, backup, PHRASE, username="lan", password="lan-pass-123"
    )
    assert (desk / result["kept"].rsplit("/", 1)[-1] / "caseline.db").stat().st_size == 8192
    assert _numbers(desk) == {first.number}


RESTORE_WITH_NO_ROOM = """
import json, resource, signal, sys
from pathlib import Path
from desktop.errors import StoreError
from desktop.services import Workspace

desk, backup = Path(sys.argv[1]), Path(sys.argv[2])
ws = Workspace.open(desk, "admin", sys.argv[3])
# No room for a new file the size of the database: writes fail as on a full disk.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))
try:
    ws.restore_over(backup, sys.argv[4])
    print(json.dumps({"restored": True}))
except StoreError as error:
    print(json.dumps({"vi": error.message_vi, "en": error.message_en}), flush=True)
"""


def test_a_restore_with_no_room_on_the_disk_says_so_and_leaves_the_desk_as_it_was(
    desk_with_backup,
):
    import json
    import subprocess
    import sys

    desk, backup, first, later = desk_with_backup
    run = subprocess.run(
        [sys.executable, "-c", RESTORE_WITH_NO_ROOM, str(desk), str(backup), ADMIN_PW, PHRASE],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    said = json.loads(run.stdout.strip().splitlines()[-1])
    assert "disk is full" in said["en"] and "ổ đĩa đầy" in said["vi"]
    assert _numbers(desk) == {first.number, later.number}  # nothing replaced, nothing lost
    assert not list(desk.glob("*.incoming*")) and not list(desk.glob("before-restore-*"))
    with Workspace.open(desk, "admin", ADMIN_PW) as admin:
        assert admin.verify()["ok"]
