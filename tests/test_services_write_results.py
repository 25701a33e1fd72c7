"""A write says what it changed (docs/dev-contracts.md "Typed results"): `Saved.changed`
names the entities of every record the call wrote, and `ws.take_changes()` what an
operation wrote, so the UI's `run_op` refreshes the right lists without being told."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.services import Saved, Workspace

CALL = {
    "received_at": "2026-10-05T09:30:00+07:00",
    "channel": "phone",
    "call_type": "counselling",
    "caller": {"relation": "mother", "name": "Hồ Thị Tư", "phone": "0935111222"},
    "children": [{"full_name": "Võ Minh Khang", "sex": "M", "birth_year": 2016}],
    "categories": ["violence.physical"],
    "risk": "high",
    "summary": "Mẹ gọi vì con bị bạn đánh.",
}


@pytest.fixture(scope="module")
def manager(tmp_path_factory):
    data = tmp_path_factory.mktemp("desk")
    Workspace.init(
        data, centre="Trung tâm", province_code="48", admin_username="admin",
        admin_password="admin-pass-1",
    )  # fmt: skip
    with Workspace.open(data, "admin", "admin-pass-1") as ws:
        ws.add_user("minh", "manager", "minh-pass-123")
    ws = Workspace.open(data, "minh", "minh-pass-123")
    yield ws
    ws.close()


def now_text() -> str:
    return datetime.now(UTC).isoformat()


def outbox_by_entity(ws: Workspace) -> Counter[str]:
    rows = ws.conn.execute("SELECT entity, count(*) FROM outbox GROUP BY entity").fetchall()
    return Counter({entity: n for entity, n in rows})


def written(ws: Workspace, call) -> tuple[Saved, frozenset[str]]:
    """Run one write; the entities whose records reached the outbox meanwhile (read from
    the outbox itself, not from the services' own counting)."""
    before = outbox_by_entity(ws)
    saved = call()
    after = outbox_by_entity(ws)
    return saved, frozenset(e for e in after if after[e] > before.get(e, 0))


def test_each_write_returns_its_record_and_what_it_changed(manager):
    ws = manager
    ws.take_changes()
    contact = ws.record_contact(CALL)
    assert (contact.entity, contact.changed) == ("contact", {"contact", "child"})
    assert contact.number.startswith("48-") and contact.to_dict() == {
        "id": contact.id,
        "number": contact.number,
    }
    unchanged = ws.update_contact(contact.id, {"risk": "high"})
    assert unchanged.changed == frozenset()
    case = ws.open_case(contact.number)
    assert (case.entity, case.changed) == ("case", {"case", "contact"})
    again = ws.open_case(contact.number)  # the contact's case already exists
    assert (again.id, again.changed) == (case.id, frozenset())
    entry = ws.add_entry(case.id, "note", "Gọi lại cho mẹ.")
    assert (entry.entity, entry.changed) == ("case_entry", {"case_entry"})
    referral = ws.add_referral(case.id, "police", "Cần xác minh.")
    assert (referral.entity, referral.changed) == ("referral", {"referral"})
    answered = ws.update_referral(referral.id, "accepted", occurred_at=now_text())
    assert answered.changed == {"referral", "case_entry"}
    assigned = ws.assign_case(case.id, "minh")
    assert (assigned.entity, assigned.changed) == ("case", {"case"})
    child_id = ws.get_contact(contact.id)["child_ids"][0]
    assert ws.update_child(child_id, {"birth_year": 2015}).changed == {"child"}
    assert ws.take_changes() == {"contact", "child", "case", "case_entry", "referral"}
    assert ws.take_changes() == frozenset()


KINDS = st.sampled_from(["contact", "contact_two_children", "edit", "case", "entry", "nothing"])


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(KINDS, min_size=1, max_size=6))
def test_changed_is_exactly_what_reached_the_outbox(manager, kinds):
    """Whatever the writes, `changed` is the set of entities the outbox grew by."""
    ws = manager
    last: Saved | None = None
    for kind in kinds:
        if kind == "contact":
            call = lambda: ws.record_contact(CALL)  # noqa: E731
        elif kind == "contact_two_children":
            two = {**CALL, "children": [*CALL["children"], {"full_name": "Võ Thị Na"}]}
            call = lambda two=two: ws.record_contact(two)  # noqa: E731
        elif kind in ("edit", "nothing") and last is not None and last.entity == "contact":
            risk = "medium" if kind == "edit" else ws.get_contact(last.id)["risk"]
            call = lambda c=last, r=risk: ws.update_contact(c.id, {"risk": r})  # noqa: E731
        elif kind == "case" and last is not None and last.entity == "contact":
            call = lambda c=last: ws.open_case(c.number)  # noqa: E731
        elif kind == "entry" and last is not None and last.entity == "case":
            call = lambda c=last: ws.add_entry(c.id, "note", "Ghi chú.")  # noqa: E731
        else:
            call = lambda: ws.record_contact(CALL)  # noqa: E731
        saved, grew = written(ws, call)
        assert saved.changed == grew
        last = saved if saved.entity in ("contact", "case") else last


def test_an_unlocked_desk_is_what_the_sync_engine_runs_on(manager):
    """The engine names what it uses of a desk (desktop.sync.host.SyncHost); a workspace
    that lost one of those would fail only mid-sync, so check it here."""
    from desktop.sync.host import SyncHost

    assert isinstance(manager, SyncHost)
    assert manager.user.role == "manager" and manager.province_code
