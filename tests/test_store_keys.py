"""The desk's data is locked: only a user's own password or the recovery key opens it."""

from __future__ import annotations

import json
import os
import sqlite3
import time

import pytest

from desktop.db import keys
from desktop.errors import StoreError, UnknownUser, UserDisabled, WrongPassword
from desktop.services import Workspace
from desktop.services.types import Rekeyed

ADMIN_PW = "admin-pass-1"


@pytest.fixture
def desk(tmp_path):
    data = tmp_path / "desk"
    recovery = Workspace.init(
        data,
        centre="Trung tâm Công tác xã hội Đà Nẵng",
        province_code="48",
        admin_username="admin",
        admin_password=ADMIN_PW,
    )
    with Workspace.open(data, "admin", ADMIN_PW) as ws:
        ws.add_user("lan", "intake", "lan-pass-123", "Trần Thị Lan")
        ws.add_user("hung", "caseworker", "hung-pass-123", "Lê Văn Hùng")
    return data, recovery


def _a_contact(ws):
    return ws.record_contact(
        {
            "received_at": "2026-10-03T14:05:00+07:00",
            "channel": "phone",
            "call_type": "counselling",
            "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905123456"},
            "children": [{"full_name": "Đặng Thị Hoà", "sex": "F", "birth_year": 2014}],
            "categories": ["violence.physical"],
            "services": ["counselling"],
            "risk": "high",
            "summary": "Mẹ báo con bị đánh ở trường.",
        }
    )


def test_the_database_file_is_unreadable_without_the_key(desk):
    data, _ = desk
    with Workspace.open(data, "lan", "lan-pass-123") as ws:
        _a_contact(ws)
    raw = (data / "caseline.db").read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert "Đặng".encode() not in raw and b"0905123456" not in raw
    plain = sqlite3.connect(data / "caseline.db")
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchall()
    plain.close()


def test_each_user_unlocks_with_their_own_password_and_not_another_users(desk):
    data, _ = desk
    with Workspace.open(data, "lan", "lan-pass-123") as ws:
        assert ws.user.role == "intake" and ws.user.full_name == "Trần Thị Lan"
    with Workspace.open(data, "hung", "hung-pass-123") as ws:
        assert ws.user.role == "caseworker"
    with pytest.raises(WrongPassword):
        Workspace.open(data, "lan", "hung-pass-123")
    with pytest.raises(UnknownUser):
        Workspace.open(data, "nobody", "whatever-123")


def test_a_slot_copied_under_another_users_name_does_not_open(desk):
    data, _ = desk
    doc = json.loads((data / "keyslots.json").read_text())
    lan = next(s for s in doc["slots"] if s["name"] == "lan")
    hung = next(s for s in doc["slots"] if s["name"] == "hung")
    hung.update({k: lan[k] for k in ("salt", "nonce", "wrapped", "params")})
    (data / "keyslots.json").write_text(json.dumps(doc))
    with pytest.raises(WrongPassword):
        Workspace.open(data, "hung", "lan-pass-123")


def test_the_recovery_key_unlocks_even_typed_in_lower_case_without_dashes(desk):
    data, recovery = desk
    typed = recovery.replace("-", " ").lower()
    with Workspace.open_with_recovery_key(data, typed) as ws:
        assert ws.user.username == "admin"
        ws.reset_password("lan", "lan-new-pass-1")
    with Workspace.open(data, "lan", "lan-new-pass-1") as ws:
        assert ws.user.username == "lan"


def test_changing_a_password_keeps_the_data_and_the_old_password_stops_working(desk):
    data, _ = desk
    with Workspace.open(data, "lan", "lan-pass-123") as ws:
        saved = _a_contact(ws)
        ws.change_password("lan-pass-123", "lan-pass-456")
    assert not list(data.glob(".keyslots.json.*")), "no temporary file left"
    with pytest.raises(WrongPassword):
        Workspace.open(data, "lan", "lan-pass-123")
    with Workspace.open(data, "lan", "lan-pass-456") as ws:
        assert ws.get_contact(saved.number)["caller_name"] == "Lê Thị Hạnh"
    with Workspace.open(data, "hung", "hung-pass-123") as ws:  # other slots untouched
        assert ws.user.username == "hung"


def test_wrong_passwords_slow_down_and_are_audited_at_the_next_unlock(desk):
    data, _ = desk
    delays = []
    for _ in range(3):
        with pytest.raises(WrongPassword) as caught:
            Workspace.open(data, "lan", "not-my-password")
        delays.append(caught.value.details["delay_s"])
    assert delays == [0, 0, 1]
    # While the delay runs even the right password is refused, without trying the KDF.
    started = time.perf_counter()
    with pytest.raises(WrongPassword) as caught:
        Workspace.open(data, "lan", "lan-pass-123")
    assert caught.value.details["delay_s"] >= 1
    assert time.perf_counter() - started < 0.05
    assert keys.delay_after(4) == 2 and keys.delay_after(5) == 4 and keys.delay_after(40) == 60
    lockout = json.loads((data / "lockout.json").read_text())
    lockout["lan"]["last"] -= 5  # the delay has passed
    (data / "lockout.json").write_text(json.dumps(lockout))
    assert "pass" not in (data / "lockout.json").read_text()
    with Workspace.open(data, "lan", "lan-pass-123") as ws:
        failed = ws.conn.execute(
            "SELECT detail FROM audit_event WHERE action = 'failed_login' AND username = 'lan'"
        ).fetchall()
    assert [json.loads(r[0]) for r in failed] == [{"count": 3}]


def test_a_damaged_key_slot_file_says_how_to_get_back_in(desk):
    data, _ = desk
    (data / "keyslots.json").write_text('{"slots": [ {"kind": "user", trunc')
    with pytest.raises(StoreError) as caught:
        Workspace.open(data, "lan", "lan-pass-123")
    assert "khoá khôi phục" in caught.value.message_vi
    assert "recovery key" in caught.value.message_en


def test_a_damaged_database_file_is_a_clear_store_error(desk):
    data, _ = desk
    db = data / "caseline.db"
    size = db.stat().st_size
    with open(db, "r+b") as fh:
        fh.seek(0)
        fh.write(os.urandom(64))
        fh.truncate(size // 2)
    with pytest.raises(StoreError) as caught:
        Workspace.open(data, "lan", "lan-pass-123")
    assert "sao lưu" in caught.value.message_vi


def test_a_disabled_user_can_no_longer_unlock_and_is_told_so(desk):
    """issue 11: a disabled user was told "there is no such user on this desk"."""
    data, _ = desk
    with Workspace.open(data, "admin", ADMIN_PW) as ws:
        report = ws.disable_user("hung")
    assert isinstance(report, Rekeyed)  # typed: seconds, pages, lost_slots (a dict before)
    assert report.seconds > 0 and report.pages > 0 and report.lost_slots == ()
    with pytest.raises(UserDisabled) as refused:
        Workspace.open(data, "hung", "hung-pass-123")
    assert "disabled" in refused.value.message_en and "khoá" in refused.value.message_vi
    with pytest.raises(UnknownUser):
        Workspace.open(data, "nobody", "hung-pass-123")


def test_the_production_key_slot_cost_is_at_least_100_ms_per_try(monkeypatch):
    monkeypatch.delenv("CASELINE_TEST_FAST_KDF", raising=False)
    slot = keys.KeySlot.seal(keys.USER_SLOT, "admin", "a-password", os.urandom(32))
    assert slot.params == keys.PRODUCTION_KDF
    started = time.perf_counter()
    assert slot.open("wrong-password") is None
    assert time.perf_counter() - started >= 0.100
