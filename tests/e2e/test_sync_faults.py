"""Nothing acknowledged is lost and nothing is duplicated, whatever breaks mid-sync
(DESIGN.md "Reliability and security bar"): real processes killed with SIGKILL, a
fault-injecting proxy, a revoked token, thirty desks at once."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sync_harness import (
    PASSWORD,
    ROOT,
    DbWorker,
    Desk,
    FaultProxy,
    add_contacts,
    json_lines,
    sync_until_done,
    wait_for,
)

from desktop.db import sync_store
from desktop.errors import SyncError
from desktop.services import Workspace
from desktop.sync import SyncEngine, SyncScheduler
from desktop.sync.client import SyncClient

CHILD = Path(__file__).resolve().parent / "desk_child.py"


def _through(proxy: FaultProxy, timeout: tuple[float, float] = (2.0, 5.0)):
    return lambda _url, token, ca: SyncClient(proxy.url, token, ca_file=ca, timeout=timeout)


def test_a_reply_lost_after_central_committed_gives_one_record_on_retry(central, desk_factory):
    proxy = FaultProxy(central.port)
    desk = desk_factory(central, client_factory=_through(proxy))
    add_contacts(desk, 120)
    proxy.drop_next_reply = True

    with pytest.raises(SyncError) as lost:
        desk.sync()
    assert lost.value.kind == "network" and desk.pending() == 120
    assert central.counts() == {"48": {"contact": 120}}  # central did commit

    retry = desk.sync()

    assert retry.pushed == 120 and desk.pending() == 0
    assert central.counts() == {"48": {"contact": 120}}
    proxy.close()


def test_one_bad_op_among_two_hundred_does_not_block_the_rest(central, desk_factory):
    desk = desk_factory(central)
    ids = add_contacts(desk, 200)
    with desk.ws.store.transaction() as conn:
        conn.execute(
            "UPDATE outbox SET fields = ? WHERE record_id = ?",
            ('{"no_such_field": 1, "province_code": "48"}', ids[57]),
        )

    result = desk.sync()

    assert (result.pushed, result.rejected) == (199, 1)
    assert desk.pending() == 0
    [bad] = sync_store.rejected_ops(desk.ws.store.conn)
    assert bad["record_id"] == ids[57] and "no_such_field" in bad["reason"]
    assert central.counts() == {"48": {"contact": 199}}


def _spawn_sync(desk: Desk) -> subprocess.Popen[bytes]:
    desk.ws.close()
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(desk.data_dir), "mai", PASSWORD],
        cwd=ROOT,
        stdout=subprocess.PIPE,
    )


def _kill_when(child: subprocess.Popen[bytes], phase: str) -> None:
    for line in json_lines(child.stdout):
        if line.get("phase") == phase:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(30)


def test_a_desk_killed_mid_push_resumes_without_gap_or_duplicate(central, desk_factory):
    desk = desk_factory(central)
    add_contacts(desk, 1000)

    child = _spawn_sync(desk)
    _kill_when(child, "push")
    assert child.returncode == -signal.SIGKILL

    desk.ws = Workspace.open(desk.data_dir, "mai", PASSWORD)  # the file still opens
    assert 0 < desk.pending() < 1000
    desk.sync()
    assert desk.pending() == 0
    assert central.counts() == {"48": {"contact": 1000}}
    assert desk.ws.verify()["ok"]


def test_a_desk_killed_mid_pull_resumes_without_gap_or_duplicate(central, desk_factory):
    source = desk_factory(central)
    add_contacts(source, 1500)
    source.sync()
    desk = desk_factory(central)

    child = _spawn_sync(desk)
    _kill_when(child, "pull")
    assert child.returncode == -signal.SIGKILL

    desk.ws = Workspace.open(desk.data_dir, "mai", PASSWORD)
    cursor = sync_store.get_state(desk.ws.store.conn, "pull_cursor", 0)
    assert 0 < cursor
    result = desk.sync()
    assert result.ok and not result.rebaselined
    assert desk.scope() == source.scope()
    assert desk.live_counts() == {"contact": 1500}


def test_central_killed_mid_batch_loses_and_duplicates_nothing(central_factory, desk_factory):
    central = central_factory(process=True)
    desk = desk_factory(central)
    add_contacts(desk, 1000, children=True)
    client = desk.engine.client_factory(desk.server_url, _token(desk), None)
    real_push = client.push
    pushes = []

    def push_and_kill_central_meanwhile(ops):
        pushes.append(len(ops))
        if len(pushes) == 3:
            threading.Timer(0.01, central.kill).start()
        return real_push(ops)

    client.push = push_and_kill_central_meanwhile
    desk.engine.client_factory = lambda *_: client
    with pytest.raises(SyncError) as down:
        desk.sync()
    assert down.value.kind == "network"

    central.start()
    desk.engine.client_factory = lambda url, token, ca: SyncClient(url, token, ca_file=ca)
    desk.sync()

    assert desk.pending() == 0
    assert central.counts() == {"48": {"contact": 1000, "child": 1000}}


def _token(desk: Desk) -> str:
    return sync_store.get_setting(desk.ws.store.conn, sync_store.DEVICE_TOKEN)


def test_a_token_revoked_mid_sync_stops_the_desk_and_keeps_its_outbox(central, desk_factory):
    desk = desk_factory(central)
    add_contacts(desk, 600)
    revoked_once = []

    def revoke_after_first_batch(value, phase):
        if phase == "push" and not revoked_once:
            revoked_once.append(value)
            central.revoke(desk.device_id)

    with pytest.raises(SyncError) as stopped:
        desk.sync(progress=revoke_after_first_batch)

    assert stopped.value.kind == "revoked" and stopped.value.details["reason"] == "revoked"
    assert desk.pending() == 400  # the rest stays safe on the desk
    status = desk.engine.status
    assert status.last_error["kind"] == "revoked" and "thu hồi" in status.last_error["vi"]

    desk.ws.close()
    worker = DbWorker(desk.data_dir)  # as in the app: the timer thread hops to the DB thread
    seen = []
    scheduler = SyncScheduler(SyncEngine(worker.run), interval_s=3600, on_status=seen.append)
    try:
        scheduler.sync_now()
        wait_for(lambda: scheduler.stopped_reason == "revoked" and not scheduler.running, 20)
    finally:
        scheduler.stop()
        worker.close()
        desk.ws = Workspace.open(desk.data_dir, "mai", PASSWORD)
    assert seen[-1].stopped == "revoked" and seen[-1].pending_ops == 400


def test_thirty_desks_syncing_at_once_leave_exact_counts(central_factory, desk_factory):
    central = central_factory(max_concurrent=8, retry_after_s=1)
    desks = [desk_factory(central, "48" if i % 2 else "01") for i in range(30)]
    for desk in desks:
        add_contacts(desk, 15, children=True)
        desk.ws.close()
    errors: list[BaseException] = []

    def run(desk: Desk) -> None:
        worker = DbWorker(desk.data_dir)
        try:
            sync_until_done(SyncEngine(worker.run))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            worker.close()

    threads = [threading.Thread(target=run, args=(d,)) for d in desks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)

    assert errors == []
    assert central.counts() == {
        "48": {"contact": 225, "child": 225},
        "01": {"contact": 225, "child": 225},
    }
    for desk in desks:
        desk.reopen()
        assert desk.pending() == 0


def test_a_slow_lossy_link_during_a_large_first_sync_completes_by_resuming(central, desk_factory):
    proxy = FaultProxy(central.port)
    upload = desk_factory(central, client_factory=_through(proxy))
    add_contacts(upload, 10_000)
    proxy.latency_s, proxy.cut_rate = 0.002, 0.25

    upload.sync_until_done(tries=200)
    fresh = desk_factory(central, client_factory=_through(proxy))
    fresh.sync_until_done(tries=200)

    assert proxy.cuts > 0
    assert central.counts() == {"48": {"contact": 10_000}}
    assert fresh.scope() == upload.scope()
    proxy.close()


def test_a_desk_behind_the_tombstone_horizon_rebaselines(central, desk_factory):
    from datetime import timedelta

    from central.db import utc_now
    from central.pull import purge_tombstones
    from desktop.db import repository

    a = desk_factory(central)
    b = desk_factory(central)
    ids = add_contacts(a, 3)
    a.sync()
    b.sync()
    with a.ws.store.transaction() as conn:
        repository.change(conn, a.ws.actor, "contact", ids[0], {"deleted": True})
    a.ws.record_contact({"received_at": "2026-10-04T08:00:00+07:00", "call_type": "silent"})
    a.sync()
    purge_tombstones(central.engine, now=utc_now() + timedelta(days=400))

    result = b.sync()

    assert result.rebaselined and result.ok
    assert b.live_counts() == {"contact": 3}
    assert central.counts() == {"48": {"contact": 3}}
