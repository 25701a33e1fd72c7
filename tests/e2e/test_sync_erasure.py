"""An erased child is gone everywhere (issue 12; Law 91/2025/QH15 right to erasure): the
tombstones and emptied fields one desk writes reach central (SQLite and PostgreSQL) and
the other desk of the province; search finds nothing there either."""

from __future__ import annotations

from sync_harness import contact

from desktop.db import repository
from desktop.domain.records import CASE, CHILD


def test_an_erased_child_is_gone_from_central_and_the_other_desk(central, desk_factory):
    a = desk_factory(central)
    b = desk_factory(central)
    call = contact(1, children=True)
    case = a.ws.open_case(a.ws.record_contact(call).id)
    a.ws.move_case(case.id, "initial_assessment", {})
    a.ws.move_case(
        case.id,
        "closed",
        {"closure_reason": "no_longer_at_risk", "decision_no": "07/QĐ", "reason": "Ổn định."},
    )
    a.sync_until_done()
    b.sync_until_done()
    name = call["children"][0]["full_name"]
    assert b.ws.search(name)
    before = central.counts()["48"]

    child_id = a.ws.get_case(case.id).case.child_id
    a.ws.rights.erase(case.number)
    a.sync_until_done()
    b.sync_until_done()

    after = central.counts()["48"]
    assert after.get("child", 0) == before["child"] - 1
    assert after.get("case", 0) == before["case"] - 1
    assert not b.ws.search(name) and not b.ws.search("0905123456")
    there = repository.get(b.ws.conn, CHILD, child_id)
    assert there["deleted"] and there["full_name"] == "" and there["birth_year"] is None
    assert repository.get(b.ws.conn, CASE, case.id)["deleted"]
