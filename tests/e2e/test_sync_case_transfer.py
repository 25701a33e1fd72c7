"""A case moves to another province with its whole history (issue 12): central (SQLite
and PostgreSQL) accepts the province change only under a transfer; the new province's
desk gets the case, its timeline, referrals and child; the old desk may no longer act on it."""

from __future__ import annotations

import pytest
from sync_harness import contact

from desktop.db import repository
from desktop.errors import PermissionDenied, ValidationError


def test_a_transferred_case_reaches_the_new_province_with_its_history(central, desk_factory):
    a = desk_factory(central)  # Đà Nẵng (48)
    c = desk_factory(central, "79")  # TP.HCM
    case = a.ws.open_case(a.ws.record_contact(contact(1, children=True)).id)
    a.ws.move_case(case.id, "initial_assessment", {})
    a.ws.add_referral(case.id, "police", "Báo công an phường.", "2026-10-04T09:00:00+07:00")
    a.sync_until_done()
    with pytest.raises(ValidationError):
        a.ws.transfer_case(case.number, "48")  # its own province
    with pytest.raises(ValidationError):
        a.ws.transfer_case(case.number, "99")  # no such province

    a.ws.transfer_case(case.number, "79")
    with pytest.raises(PermissionDenied):  # the old desk reads, no longer acts
        a.ws.move_case(case.id, "needs_assessment", {"assessment": "x", "risk": "high"})
    assert a.ws.get_case(case.number).case.province_code == "79"
    a.sync_until_done()
    assert a.pending() == 0  # central took every op
    c.sync_until_done()

    there = c.ws.get_case(case.number)
    assert there.case.province_code == "79" and there.case.transfer_from == "48"
    assert there.case.assigned_to == ""
    kinds = [e.kind for e in there.entries]
    assert "transfer" in kinds and "step_change" in kinds
    moved = next(e for e in there.entries if e.kind == "transfer")
    assert moved.data["from_province"] == "48" and moved.data["source_contacts"]
    assert [r.agency for r in there.referrals] == ["police"]
    assert there.child.full_name == "Đặng Thị Hoà"
    c.ws.move_case(case.id, "needs_assessment", {"assessment": "Đã gặp trẻ.", "risk": "high"})
    c.sync_until_done()
    assert c.pending() == 0

    # Central no longer serves the case to Đà Nẵng: the old desk's copy goes at its next
    # drift check; the source contact stays (the call was received there).
    a.sync_until_done()
    assert repository.get(a.ws.conn, "case", case.id)["deleted"]
    assert a.ws.list_contacts().total == 1


def test_central_refuses_a_province_change_that_is_no_transfer(central, desk_factory):
    a = desk_factory(central)
    case = a.ws.open_case(a.ws.record_contact(contact(1, children=True)).id)
    a.sync_until_done()
    with a.ws.store.transaction() as conn:  # a hand-made op: the child alone moves
        child = repository.get(conn, "child", a.ws.get_case(case.id).case.child_id)
        repository.move_province(conn, a.ws.actor, "child", child, "79")
    a.sync()
    parked = a.ws.conn.execute("SELECT count(*) FROM rejected_op").fetchone()[0]
    assert parked == 1
    assert central.counts()["48"]["child"] == 1 and "79" not in central.counts()
