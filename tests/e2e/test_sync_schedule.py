"""Sync on a timer: it runs unattended, backs off when central cannot be reached, and
honours a busy server's Retry-After (DESIGN.md "Schedule")."""

from __future__ import annotations

import pytest
from sync_harness import DbWorker, add_contacts, contact, free_port, wait_for

from desktop.db import sync_store
from desktop.errors import SyncError
from desktop.sync import SyncEngine, SyncScheduler


@pytest.fixture
def backend() -> str:
    return "sqlite"  # the timer is the desk's; one central backend is enough here


def test_the_timer_sends_new_contacts_without_anyone_pressing_sync(central, desk_factory):
    desk = desk_factory(central)
    add_contacts(desk, 5)
    desk.ws.close()
    worker = DbWorker(desk.data_dir)
    statuses = []
    scheduler = SyncScheduler(SyncEngine(worker.run), interval_s=1, on_status=statuses.append)
    try:
        scheduler.start()
        wait_for(lambda: any(s.last_success and s.pending_ops == 0 for s in statuses), 20)
        worker.run(lambda ws: ws.record_contact(contact(99)))
        scheduler.sync_now()
        wait_for(lambda: central.counts().get("48", {}).get("contact") == 6, 20)
    finally:
        scheduler.stop()
        worker.close()
    desk.reopen()
    assert desk.pending() == 0
    assert statuses[-1].online and statuses[-1].last_error is None


def test_an_unreachable_central_makes_the_desk_back_off_and_say_it_is_offline(
    central, desk_factory
):
    desk = desk_factory(central)
    with desk.ws.store.transaction() as conn:  # central moved away: nothing listens there
        sync_store.set_setting(conn, sync_store.SERVER_URL, f"http://127.0.0.1:{free_port()}")
    add_contacts(desk, 3)
    scheduler = SyncScheduler(desk.engine, interval_s=3600, backoff_base_s=10)
    delays = []
    for _ in range(4):
        with pytest.raises(SyncError) as failed:
            desk.sync()
        scheduler.failures += 1
        delays.append(scheduler.next_delay(failed.value))

    status = desk.engine.status
    assert status.online is False and status.pending_ops == 3
    assert status.last_error["kind"] == "network" and status.last_error["vi"]
    assert [5 <= d <= 10 for d in delays[:1]] == [True]
    assert 40 <= delays[3] <= 80  # doubles each time, with jitter


def test_a_busy_centrals_retry_after_is_a_floor_for_the_next_try():
    scheduler = SyncScheduler(SyncEngine(lambda fn: None), backoff_base_s=1)
    scheduler.failures = 1
    busy = SyncError("server", "bận", "busy", status=429, retry_after=120.0)

    assert scheduler.next_delay(busy) >= 120.0
    assert scheduler.next_delay(None) <= 1.0
