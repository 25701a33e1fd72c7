"""A desk meets central: enrolment with a one-time code, and the errors a worker sees."""

from __future__ import annotations

import pytest
from sync_harness import PASSWORD, DbWorker, add_contacts, make_desk, wait_for

from desktop.db import sync_store
from desktop.errors import PermissionDenied, SyncError
from desktop.services import Workspace
from desktop.sync import SyncEngine, SyncScheduler, enroll
from desktop.sync.client import SyncClient


@pytest.fixture
def backend() -> str:
    return "sqlite"  # these are the desk's stories; central's storage does not matter


def test_enrolment_keeps_the_token_in_the_encrypted_store_and_confirms_the_code(central, tmp_path):
    desk = make_desk(tmp_path / "desk", central, enrol=False)
    desk.ws.close()
    with Workspace.open(desk.data_dir, "admin", PASSWORD) as admin:
        asked = admin.device_code
        made = enroll(admin, central.url, central.enrolment_code("48"))
        conn = admin.store.conn
        assert sync_store.get_setting(conn, sync_store.DEVICE_ID) == made["device_id"]
        assert sync_store.get_setting(conn, sync_store.SERVER_URL) == central.url
        assert len(sync_store.get_setting(conn, sync_store.DEVICE_TOKEN)) >= 43
        assert made["device_code"] == asked == admin.device_code
    token = None
    with Workspace.open(desk.data_dir, "admin", PASSWORD) as admin:
        token = sync_store.get_setting(admin.store.conn, sync_store.DEVICE_TOKEN)
    for path in desk.data_dir.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes()


def test_a_wrong_code_and_a_worker_without_rights_get_clear_messages(central, tmp_path):
    desk = make_desk(tmp_path / "desk", central, enrol=False)
    with pytest.raises(PermissionDenied):
        enroll(desk.ws, central.url, central.enrolment_code("48"))
    desk.ws.close()
    with Workspace.open(desk.data_dir, "admin", PASSWORD) as admin:
        with pytest.raises(SyncError) as wrong:
            enroll(admin, central.url, "AAAAA-BBBBB")
    assert wrong.value.kind == "auth" and "Mã đăng ký không đúng" in str(wrong.value)


def test_a_desk_that_never_enrolled_says_so_when_asked_to_sync(central, tmp_path):
    desk = make_desk(tmp_path / "desk", central, enrol=False)
    add_contacts(desk, 2)
    with pytest.raises(SyncError) as not_yet:
        desk.sync()
    assert not_yet.value.kind == "auth" and "chưa đăng ký" in not_yet.value.message_vi
    assert desk.pending() == 2
    desk.close()


def test_a_desk_too_old_for_central_stops_syncing_and_asks_for_an_update(central, desk_factory):
    desk = desk_factory(central)
    add_contacts(desk, 2)
    old = SyncEngine(
        lambda fn: fn(desk.ws),
        lambda url, token, ca: SyncClient(url, token, ca_file=ca, app_version="0.0.1"),
    )
    with pytest.raises(SyncError) as upgrade:
        old.sync_once()
    assert upgrade.value.kind == "upgrade" and "cập nhật" in str(upgrade.value)
    assert desk.pending() == 2

    desk.ws.close()
    worker = DbWorker(desk.data_dir)  # the timer thread hands database work to its owner
    old_on_a_timer = SyncEngine(worker.run, old.client_factory)
    scheduler = SyncScheduler(old_on_a_timer, interval_s=3600)
    try:
        scheduler.sync_now()
        wait_for(lambda: scheduler.stopped_reason == "upgrade" and not scheduler.running, 20)
    finally:
        scheduler.stop()
        worker.close()
        desk.reopen()
    assert old_on_a_timer.status.stopped == "upgrade"


def test_sync_results_and_status_read_well_as_json(central, desk_factory):
    desk = desk_factory(central)
    add_contacts(desk, 3)
    result = desk.sync().to_dict()
    status = desk.engine.refresh_status().to_dict()

    assert {"pushed", "pulled", "conflicts", "duration", "errors", "ok"} <= set(result)
    assert result["pushed"] == 3 and result["ok"] is True
    assert status["pending_ops"] == 0 and status["open_conflicts"] == 0
    assert status["last_success"] and status["last_error"] is None
    assert abs(status["server_time_skew"]) < 5
