"""Central refuses hand-made decision entries (issue 12): a closure, plan approval,
reopening or step change is written by the step service with the case change it records;
a desk that writes one by hand (a modified desk, a crafted push) has it refused by central
(SQLite and PostgreSQL) while the real ones, pushed with their case change, go through."""

from __future__ import annotations

import pytest
from sync_harness import contact

from desktop.db import repository

HAND_MADE = [
    ("closure", {"closure_reason": "no_longer_at_risk", "approved_by": "mai"}),
    ("plan_approval", {"approved_by": "Chủ tịch UBND", "decision_no": "1/QĐ"}),
    ("step_change", {"from": "received", "to": "closed"}),
    ("transfer", {"from_province": "48", "to_province": "79"}),
]


@pytest.mark.parametrize(("kind", "data"), HAND_MADE, ids=[k for k, _ in HAND_MADE])
def test_central_refuses_a_hand_made_decision_entry(central, desk_factory, kind, data):
    a = desk_factory(central)
    case = a.ws.open_case(a.ws.record_contact(contact(1, children=True)).id)
    a.ws.move_case(case.id, "initial_assessment", {})  # a real step change: taken
    a.sync_until_done()
    with a.ws.store.transaction() as conn:  # what the step service never writes
        repository.create(
            conn,
            a.ws.actor,
            "case_entry",
            {"case_id": case.id, "kind": kind, "occurred_at": "2026-10-04T02:00:00+00:00",
             "text": "", "data": data},
        )  # fmt: skip
    a.sync()
    parked = a.ws.conn.execute("SELECT reason FROM rejected_op").fetchall()
    assert len(parked) == 1 and "not by hand" in parked[0][0]
    assert central.counts()["48"]["case_entry"] == 1  # the real step change only
