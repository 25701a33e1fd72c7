"""The WAL checkpoint stays off the save path (issue 17): SQLite's automatic checkpoint
(every 1,000 WAL frames) ran inside every ~20th save's COMMIT and set the save's 95th
percentile. With checkpoints deferred, saves only append to the WAL; the app copies it
back when idle, and a desk that never idles still does so every CHECKPOINT_AT_THE_LATEST
commits."""

from __future__ import annotations

import pytest

from desktop.db import store as store_module
from desktop.services import Workspace

PW = "intake-pass-1"
FRAME = 4096 + 24  # a WAL frame: one page and its header


def _call(i: int) -> dict:
    return {
        "received_at": "2026-10-03T14:05:00+07:00",
        "channel": "phone",
        "call_type": "counselling",
        "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": f"0905{i:06d}"},
        "children": [{"full_name": f"Đặng Thị Hoà {i}", "sex": "F", "birth_year": 2014}],
        "risk": "medium",
    }


@pytest.fixture
def desk(tmp_path):
    data = tmp_path / "desk"
    Workspace.init(
        data, centre="Trung tâm CTXH", province_code="48",
        admin_username="admin", admin_password="admin-pass-1",
    )  # fmt: skip
    with Workspace.open(data, "admin", "admin-pass-1") as ws:
        ws.add_user("lan", "intake", PW)
    ws = Workspace.open(data, "lan", PW)
    yield data, ws
    ws.close()


def _wal_frames(data) -> int:
    return (data / "caseline.db-wal").stat().st_size // FRAME


def test_deferred_saves_never_checkpoint_and_the_idle_checkpoint_copies_them_all(desk):
    data, ws = desk
    ws.checkpoint_if_due()
    ws.defer_checkpoints()
    for i in range(45):
        ws.record_contact(_call(i))
    grown = _wal_frames(data)
    assert grown > 1100  # the automatic checkpoint would have restarted the WAL by now
    copied = ws.checkpoint_if_due()
    assert copied >= 1000
    assert ws.checkpoint_if_due() == 0  # nothing saved since
    ws.record_contact(_call(99))
    assert _wal_frames(data) == grown  # the WAL is reused from its start, not grown
    assert ws.list_contacts({}, limit=1).total == 46


def test_a_desk_that_never_idles_still_checkpoints(desk, monkeypatch):
    data, ws = desk
    monkeypatch.setattr(store_module, "CHECKPOINT_AT_THE_LATEST", 5)
    ws.defer_checkpoints()
    for i in range(12):
        ws.record_contact(_call(i))
    assert ws.store._commits < 5
