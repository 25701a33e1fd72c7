"""Decree 56 decisions travel: a plan approval with its number, an emergency measure, a
closure decided by a manager and the commune where the harm happened reach the other desk
of the province through central (SQLite and PostgreSQL), unchanged."""

from __future__ import annotations

from sync_harness import contact


def test_a_closure_decision_and_an_emergency_measure_reach_the_other_desk(central, desk_factory):
    a = desk_factory(central)
    b = desk_factory(central)
    urgent = {**contact(1, children=True), "risk": "urgent"}
    case = a.ws.open_case(a.ws.record_contact(urgent).id)
    a.ws.add_entry(
        case.id,
        "emergency_measure",
        "Đưa trẻ đến nhà bà ngoại",
        {"measure": "temporary_separation", "decided_by": "Chủ tịch UBND phường"},
        occurred_at="2026-10-03T20:00:00+07:00",
    )
    a.ws.move_case(case.id, "initial_assessment", {})
    a.ws.move_case(case.id, "needs_assessment", {"assessment": "Đã xác minh.", "risk": "high"})
    a.ws.move_case(case.id, "plan", {"assessment": "Cần hỗ trợ."})
    a.ws.move_case(
        case.id,
        "intervention",
        {"plan": "Kế hoạch", "approved_by": "Chủ tịch UBND phường", "approved_at":
         "2026-10-08T10:00:00+07:00", "decision_no": "12/QĐ-UBND"},
    )  # fmt: skip
    a.ws.move_case(case.id, "review", {})
    a.ws.move_case(
        case.id,
        "closed",
        {"review": "Trẻ an toàn.", "closure_reason": "no_longer_at_risk", "decision_no": "07/QĐ"},
    )
    a.sync_until_done()
    b.sync_until_done()

    here, there = a.ws.get_case(case.id), b.ws.get_case(case.id)
    assert (there.approval, there.closure_decision) == (here.approval, here.closure_decision)
    for key in ("emergency_due", "emergency_measure_at", "plan_due", "harm_commune_code",
                "status"):  # fmt: skip
        assert getattr(there.case, key) == getattr(here.case, key), key
    assert there.approval.decision_no == "12/QĐ-UBND"
    assert there.closure_decision.approved_by == "mai"
    assert there.case.harm_commune_code
    kinds = [e.kind for e in there.entries]
    assert kinds.count("emergency_measure") == 1 and "closure" in kinds
