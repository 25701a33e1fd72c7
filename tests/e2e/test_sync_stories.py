"""Desks and the central line syncing: merges, conflicts, deletes, scope (DESIGN.md "Sync")."""

from __future__ import annotations

from datetime import timedelta

from sync_harness import add_contacts, contact

from desktop.db import repository
from desktop.domain import ids
from desktop.domain.records import CONFLICT, CONTACT


def test_a_new_desk_pushes_its_contacts_once_and_a_quiet_round_is_one_request(
    central, desk_factory
):
    desk = desk_factory(central)
    add_contacts(desk, 250, children=True)

    first = desk.sync()
    quiet = desk.sync()

    assert first.pushed == 500 and first.rejected == 0 and desk.pending() == 0
    assert central.counts() == {"48": {"contact": 250, "child": 250}}
    assert quiet.requests == 1 and quiet.pushed == 0 and quiet.pulled == 0
    assert desk.engine.status.last_success and desk.engine.status.pending_ops == 0


def test_two_desks_of_a_province_and_one_of_another_end_a_cycle_with_the_same_records(
    central, desk_factory
):
    hue_a = desk_factory(central, "48")
    hue_b = desk_factory(central, "48")
    hanoi = desk_factory(central, "01")
    add_contacts(hue_a, 30, children=True)
    add_contacts(hue_b, 20)
    add_contacts(hanoi, 10, children=True)

    for _ in range(2):
        for desk in (hue_a, hue_b, hanoi):
            desk.sync()

    assert hue_a.scope() == hue_b.scope()
    assert hue_a.live_counts() == {"contact": 50, "child": 30}
    assert hanoi.live_counts() == {"contact": 10, "child": 10}
    assert central.counts() == {
        "48": {"contact": 50, "child": 30},
        "01": {"contact": 10, "child": 10},
    }


def _shared_contact(central, desk_factory):
    a = desk_factory(central)
    b = desk_factory(central)
    cid = a.ws.record_contact(contact(1)).id
    a.sync()
    b.sync()
    return a, b, cid


def test_two_desks_editing_different_fields_offline_both_keep_both_changes(central, desk_factory):
    a, b, cid = _shared_contact(central, desk_factory)
    a.ws.update_contact(cid, {"summary": "Đã gọi lại cho mẹ."})
    b.ws.update_contact(cid, {"risk": "urgent"})

    a.sync()
    merged = b.sync()
    a.sync()

    assert merged.conflicts == 0
    for desk in (a, b):
        record = desk.ws.get_contact(cid)
        assert (record["summary"], record["risk"]) == ("Đã gọi lại cho mẹ.", "urgent")
        assert desk.ws.list_conflicts() == []
    assert a.scope() == b.scope()


def test_two_desks_editing_the_same_field_keep_both_values(central, desk_factory):
    a, b, cid = _shared_contact(central, desk_factory)
    a.ws.update_contact(cid, {"summary": "Bản của bàn A."})
    b.ws.update_contact(cid, {"summary": "Bản của bàn B."})

    a.sync()
    second = b.sync()
    a.sync()

    assert second.conflicts == 1
    for desk in (a, b):
        assert desk.ws.get_contact(cid)["summary"] == "Bản của bàn A."
        [conflict] = (c.conflict for c in desk.ws.list_conflicts())
        assert conflict.record_id == cid and conflict.field_name == "summary"
        assert {conflict.kept_value, conflict.other_value} == {
            "Bản của bàn A.",
            "Bản của bàn B.",
        }
    assert a.scope() == b.scope()


def test_an_edit_made_during_an_upload_stays_pending_and_goes_next(central, desk_factory):
    desk = desk_factory(central)
    cid = desk.ws.record_contact(contact(1)).id
    desk.sync()
    desk.ws.update_contact(cid, {"summary": "Lần sửa thứ nhất."})
    uploads: list[list[dict]] = []
    client = desk.engine.client_factory(desk.server_url, _token(desk), None)
    real_push = client.push

    def push_while_the_worker_types(ops):
        uploads.append(ops)
        if len(uploads) == 1:  # the worker saves again while the first upload is in flight
            desk.ws.update_contact(cid, {"summary": "Sửa trong lúc đang gửi."})
        return real_push(ops)

    client.push = push_while_the_worker_types
    desk.engine.client_factory = lambda *_: client
    desk.sync()

    assert [[op["fields"]["summary"] for op in ops] for ops in uploads] == [
        ["Lần sửa thứ nhất."],
        ["Sửa trong lúc đang gửi."],
    ]
    assert desk.pending() == 0
    assert desk.ws.get_contact(cid)["summary"] == "Sửa trong lúc đang gửi."
    other = desk_factory(central)
    other.sync()
    assert other.ws.get_contact(cid)["summary"] == "Sửa trong lúc đang gửi."


def _token(desk):
    from desktop.db import sync_store

    return sync_store.get_setting(desk.ws.store.conn, sync_store.DEVICE_TOKEN)


def _delete(desk, cid):
    with desk.ws.store.transaction() as conn:
        repository.change(conn, desk.ws.actor, CONTACT, cid, {"deleted": True})


def test_a_delete_and_an_offline_edit_crossing_keep_the_delete_and_flag_it(central, desk_factory):
    a, b, cid = _shared_contact(central, desk_factory)
    _delete(a, cid)
    b.ws.update_contact(cid, {"summary": "Sửa khi chưa biết đã xoá."})

    a.sync()
    crossing = b.sync()
    a.sync()

    assert crossing.conflicts == 1
    for desk in (a, b):
        assert repository.get(desk.ws.store.conn, CONTACT, cid)["deleted"]
        [flag] = (c.conflict for c in desk.ws.list_conflicts())
        assert flag.field_name == "deleted" and flag.record_id == cid
    assert central.counts() == {"48": {CONFLICT: 1}}
    assert a.scope() == b.scope()


def test_an_edit_then_a_crossing_delete_also_keeps_the_delete_and_flags_it(central, desk_factory):
    a, b, cid = _shared_contact(central, desk_factory)
    b.ws.update_contact(cid, {"summary": "Sửa trước."})
    _delete(a, cid)

    b.sync()
    crossing = a.sync()
    b.sync()

    assert crossing.conflicts == 1
    for desk in (a, b):
        assert repository.get(desk.ws.store.conn, CONTACT, cid)["deleted"]
        assert [c.conflict.field_name for c in desk.ws.list_conflicts()] == ["deleted"]


def test_a_desk_clock_a_day_off_changes_nothing(central, desk_factory, monkeypatch):
    a, b, cid = _shared_contact(central, desk_factory)
    real_now = ids.utc_now

    def shifted(days):
        def now():
            from datetime import datetime

            return (datetime.fromisoformat(real_now()) + timedelta(days=days)).isoformat()

        return now

    # A's clock runs a day ahead and edits first; B's runs a day behind and edits later.
    monkeypatch.setattr(repository, "utc_now", shifted(+1))
    a.ws.update_contact(cid, {"summary": "Sửa trước (đồng hồ nhanh)."})
    a.sync()
    b.sync()
    monkeypatch.setattr(repository, "utc_now", shifted(-1))
    b.ws.update_contact(cid, {"summary": "Sửa sau (đồng hồ chậm)."})
    b.sync()
    a.sync()

    for desk in (a, b):
        assert desk.ws.get_contact(cid)["summary"] == "Sửa sau (đồng hồ chậm)."
        assert desk.ws.list_conflicts() == []
    assert a.scope() == b.scope()


def test_a_desk_that_lost_a_record_gets_it_back_through_the_drift_check(central, desk_factory):
    a = desk_factory(central)
    b = desk_factory(central)
    [lost, *_] = add_contacts(a, 5)
    a.sync()
    b.sync()
    with b.ws.store.transaction() as conn:
        conn.execute(f"DELETE FROM {repository.table(CONTACT)} WHERE id = ?", (lost,))
    a.ws.record_contact(contact(6))  # central's digest moves on: b checks its own again
    a.sync()

    healed = b.sync()

    assert healed.rebaselined and healed.ok
    assert b.ws.get_contact(lost)["id"] == lost
    assert a.scope() == b.scope()


def test_a_quiet_round_rechecks_the_whole_desk_once_the_check_is_due(central, desk_factory):
    from desktop.sync import SyncEngine

    a = desk_factory(central)
    [lost, *_] = add_contacts(a, 3)
    a.sync()
    with a.ws.store.transaction() as conn:
        conn.execute(f"DELETE FROM {repository.table(CONTACT)} WHERE id = ?", (lost,))

    assert not a.sync().rebaselined  # central's digest unchanged and checked a moment ago
    due = SyncEngine(lambda fn: fn(a.ws), drift_check_every_s=0).sync_once()

    assert due.rebaselined and a.ws.get_contact(lost)["id"] == lost


def test_central_conflict_records_reach_every_desk_of_the_province(central, desk_factory):
    a, b, cid = _shared_contact(central, desk_factory)
    c = desk_factory(central)
    a.ws.update_contact(cid, {"risk": "urgent"})
    b.ws.update_contact(cid, {"risk": "medium"})
    a.sync()
    b.sync()

    c.sync()

    assert central.counts()["48"][CONFLICT] == 1
    assert [x.conflict.field_name for x in c.ws.list_conflicts()] == ["risk"]
