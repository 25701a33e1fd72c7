"""Central applies the desks' retention rules (issue 12; Law 91/2025/QH15): its purge's dry
run lists exactly what the purge then removes, on SQLite and PostgreSQL, and the desks pull
the emptied records."""

from __future__ import annotations

from datetime import timedelta

from sync_harness import contact

from central import retention as central_retention
from desktop.domain import times


def test_central_purge_dry_run_lists_exactly_what_it_removes_and_desks_follow(
    central, desk_factory
):
    a = desk_factory(central)
    b = desk_factory(central)
    now = times.now_local()
    old_silent = {
        **contact(1),
        "call_type": "silent",
        "received_at": (now - timedelta(days=120)).isoformat(),
    }
    new_silent = {**old_silent, "received_at": (now - timedelta(days=10)).isoformat()}
    old = a.ws.record_contact(old_silent).number
    recent = a.ws.record_contact(new_silent).number
    a.sync_until_done()
    b.sync_until_done()

    planned = central_retention.purge(central.engine, dry_run=True)
    assert [(r.number, r.rule, r.action) for r in planned] == [
        (old, "silent_prank_caller", "clear_caller")
    ]
    assert central_retention.purge(central.engine) == planned
    assert central_retention.purge(central.engine, dry_run=True) == []

    b.sync_until_done()
    assert b.ws.get_contact(old)["caller_phone"] == ""
    assert b.ws.get_contact(recent)["caller_phone"] == "0905123456"
    # The desk that recorded it pulls the same, and its own rule finds nothing left.
    a.sync_until_done()
    assert a.ws.rights.purge(dry_run=True) == []
