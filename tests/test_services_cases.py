"""Who may do what, and a case's path through the Decree 56 steps."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.db import sync_store
from desktop.domain import times
from desktop.domain.records import Conflict
from desktop.errors import NotFound, PermissionDenied, ValidationError
from desktop.services import Workspace

CALL = {
    "received_at": "2026-10-05T09:30:00+07:00",
    "channel": "phone",
    "call_type": "emergency",
    "caller": {"relation": "neighbour", "name": "Hồ Văn Tư", "phone": "0935111222"},
    "children": [{"full_name": "Võ Minh Khang", "sex": "M", "birth_year": 2016}],
    "categories": ["violence.physical"],
    "services": ["support_intervention"],
    "risk": "urgent",
    "summary": "Hàng xóm nghe tiếng trẻ khóc, bị đánh.",
}


@pytest.fixture
def desk(tmp_path):
    data = tmp_path / "desk"
    Workspace.init(
        data,
        centre="Trung tâm CTXH",
        province_code="48",
        admin_username="admin",
        admin_password="admin-pass-1",
    )
    with Workspace.open(data, "admin", "admin-pass-1") as ws:
        for name, role in (
            ("lan", "intake"),
            ("hung", "caseworker"),
            ("mai", "caseworker"),
            ("minh", "manager"),
        ):
            ws.add_user(name, role, f"{name}-pass-123")
    opened: list[Workspace] = []

    def as_user(name: str) -> Workspace:
        pw = "admin-pass-1" if name == "admin" else f"{name}-pass-123"
        ws = Workspace.open(data, name, pw)
        opened.append(ws)
        return ws

    yield as_user
    for ws in opened:
        ws.close()


def test_an_intake_worker_cannot_read_a_case_assigned_to_someone_else(desk):
    lan, minh = desk("lan"), desk("minh")
    contact = lan.record_contact(CALL)
    case = minh.open_case(contact.number, assigned_to="hung")
    with pytest.raises(PermissionDenied):
        lan.get_case(case.number)
    assert lan.list_cases().total == 0
    assert [h["kind"] for h in lan.search("khang")] == ["contact", "child"]
    assert lan.get_contact(contact.number)["case_id"] == case.id


def test_a_caseworker_sees_only_their_own_cases_and_a_manager_all(desk):
    lan, hung, mai, minh = desk("lan"), desk("hung"), desk("mai"), desk("minh")
    first = minh.open_case(lan.record_contact(CALL).number, assigned_to="hung")
    second = minh.open_case(lan.record_contact(CALL).number, assigned_to="mai")
    assert [c["id"] for c in hung.list_cases().rows] == [first.id]
    assert hung.get_case(first.id).case.assigned_to == "hung"
    with pytest.raises(PermissionDenied):
        hung.get_case(second.id)
    assert {h["id"] for h in hung.search("khang") if h["kind"] == "case"} == {first.id}
    assert minh.list_cases().total == 2
    with pytest.raises(PermissionDenied):
        hung.assign_case(first.id, "mai")
    minh.assign_case(first.id, "mai")
    assert mai.list_cases().total == 2 and hung.list_cases().total == 0


def test_the_admin_manages_users_but_reads_no_case_or_contact_content(desk):
    lan, admin = desk("lan"), desk("admin")
    contact = lan.record_contact(CALL)
    with pytest.raises(PermissionDenied):
        admin.get_contact(contact.number)
    assert admin.search("khang") == []
    with pytest.raises(PermissionDenied):
        lan.add_user("eve", "manager", "eve-pass-123")
    admin.set_role("lan", "caseworker")
    assert {u.username: u.role for u in admin.list_users()}["lan"] == "caseworker"


def test_every_read_of_a_case_and_every_change_is_audited(desk):
    lan, minh = desk("lan"), desk("minh")
    case = minh.open_case(lan.record_contact(CALL).number, assigned_to="hung")
    minh.get_case(case.id)
    events = minh.conn.execute(
        "SELECT action, entity FROM audit_event WHERE record_id = ? ORDER BY seq", (case.id,)
    ).fetchall()
    assert [tuple(e) for e in events] == [("create", "case"), ("view", "case")]


def test_an_urgent_case_goes_from_report_to_closure(desk):
    lan, hung, minh = desk("lan"), desk("hung"), desk("minh")
    case = minh.open_case(lan.record_contact(CALL).number, assigned_to="hung")
    opened = hung.get_case(case.id)
    assert opened.case.urgent and opened.deadlines.emergency_due.startswith("2026-10-05T21:30")
    assert opened.child.full_name == "Võ Minh Khang"
    with pytest.raises(ValidationError) as caught:
        hung.move_case(case.id, "plan", {})
    assert "status" in caught.value.field_errors
    hung.move_case(case.id, "initial_assessment", {})
    with pytest.raises(ValidationError) as caught:
        hung.move_case(case.id, "needs_assessment", {"assessment": "Đã xác minh."})
    assert "risk" in caught.value.field_errors
    hung.move_case(case.id, "needs_assessment", {"assessment": "Đã xác minh.", "risk": "high"})
    hung.move_case(case.id, "plan", {"assessment": "Cần tách khỏi người gây hại."})
    with pytest.raises(PermissionDenied):  # the plan approval is recorded by a manager
        hung.move_case(
            case.id,
            "intervention",
            {
                "plan": "Kế hoạch hỗ trợ",
                "approved_by": "Chủ tịch UBND xã",
                "approved_at": "2026-10-08T10:00:00+07:00",
            },
        )
    minh.move_case(
        case.id,
        "intervention",
        {
            "plan": "Kế hoạch hỗ trợ",
            "approved_by": "Chủ tịch UBND xã",
            "approved_at": "2026-10-08T10:00:00+07:00",
            "decision_no": "12/QĐ-UBND",
        },
    )
    ref = hung.add_referral(case.id, "health", "Khám thương tích")
    hung.update_referral(ref.id, "done", "Đã khám")
    hung.add_entry(case.id, "follow_up", "Đã thăm nhà.")
    hung.move_case(case.id, "review", {})
    done = hung.move_case(
        case.id,
        "closed",
        {
            "review": "Trẻ an toàn.",
            "closure_reason": "no_longer_at_risk",
            "approved_by": "minh",  # closing needs a manager's signed decision
            "approved_at": times.local_iso(times.now_utc(), timespec="minutes"),
            "decision_no": "05/QĐ-TTCTXH",
        },
    )
    assert done.case.status == "closed" and done.case.closed_at
    assert done.case.plan_approved_by == "Chủ tịch UBND xã" and done.case.risk == "high"
    assert done.changed == (
        "closed_at",
        "closure_approved_at",
        "closure_approved_by",
        "closure_decision_no",
        "closure_reason",
        "status",
    )
    assert [e.kind for e in done.added_entries] == ["review", "closure", "step_change"]
    assert not done.deadlines.overdue
    whole = hung.get_case(case.id)
    kinds = [e.kind for e in whole.entries]
    for kind in ("assessment", "plan", "plan_approval", "follow_up", "review", "closure"):
        assert kind in kinds
    assert whole.referrals[0].status == "done"
    with pytest.raises(ValidationError):  # reopening is a manager's decision too
        hung.move_case(case.id, "plan", {"reason": "Tái diễn"})
    reopened = minh.move_case(case.id, "plan", {"reason": "Tái diễn"})
    assert reopened.case.status == "plan" and reopened.case.closed_at is None


def test_opening_a_case_twice_from_one_contact_gives_the_same_case(desk):
    lan = desk("lan")
    contact = lan.record_contact(CALL)
    first = lan.open_case(contact.number)
    assert lan.open_case(contact.id) == first
    with pytest.raises(NotFound):
        lan.open_case("48-XXX-2026-99999")


def test_a_conflict_is_resolved_by_an_ordinary_edit(desk):
    lan, minh = desk("lan"), desk("minh")
    contact = lan.record_contact(CALL)
    with minh.store.transaction() as conn:
        sync_store.upsert_remote(
            conn,
            "conflict",
            {
                "id": "0190bbbb-0000-7000-8000-000000000001",
                "record_entity": "contact",
                "record_id": contact.id,
                "field_name": "risk",
                "kept_value": "urgent",
                "other_value": "high",
                "kept_by": "lan",
                "other_by": "tu",
                "rev": 3,
            },
        )
    (open_one,) = minh.list_conflicts()
    assert open_one.record_number == contact.number
    assert open_one.conflict.field_name == "risk"  # a typed Conflict record (a dict before)
    as_json = open_one.to_dict()  # one item of `case conflicts --json`, the shape it had
    assert list(as_json) == [f.name for f in dataclasses.fields(Conflict)] + ["record_number"]
    assert (as_json["kept_value"], as_json["record_number"]) == ("urgent", contact.number)
    before = sync_store.pending_count(minh.conn)
    minh.resolve_conflict(open_one.conflict.id, "high")
    assert minh.get_contact(contact.id)["risk"] == "high"
    assert minh.list_conflicts() == []
    assert sync_store.pending_count(minh.conn) == before + 2  # the record edit + the resolution


def test_drafts_stay_per_user_inside_the_encrypted_store(desk):
    lan, hung = desk("lan"), desk("hung")
    lan.save_draft("new-contact", {"summary": "Đang nghe máy…"})
    assert lan.load_draft("new-contact") == {"summary": "Đang nghe máy…"}
    assert hung.load_draft("new-contact") is None
    lan.discard_draft("new-contact")
    assert lan.load_draft("new-contact") is None


def test_a_batch_shares_one_transaction_and_a_failure_inside_undoes_only_itself(desk):
    lan = desk("lan")
    with lan.batch():
        for _ in range(5):
            lan.record_contact(CALL)
        with pytest.raises(ValidationError):
            lan.record_contact({**CALL, "children": [{"id": "missing"}]})
        assert lan.conn.in_transaction
    assert lan.list_contacts().total == 5
    assert lan.verify()["ok"]


def test_steps_done_on_paper_are_recorded_with_their_real_times(desk):
    lan, hung, minh = desk("lan"), desk("hung"), desk("minh")
    case = minh.open_case(lan.record_contact(CALL).number, assigned_to="hung")
    moved = hung.move_case(case.id, "initial_assessment", occurred_at="2026-10-05T15:00:00+07:00")
    assert [e.occurred_at for e in moved.added_entries] == ["2026-10-05T08:00:00.000000+00:00"]
    hung.add_entry(case.id, "follow_up", "Đã thăm nhà.", occurred_at="2026-10-06T08:00:00+07:00")
    referral = hung.add_referral(
        case.id, "health", "Khám thương tích", occurred_at="2026-10-06T09:00:00+07:00"
    )
    hung.update_referral(referral.id, "done", "Đã khám", occurred_at="2026-10-08T16:00:00+07:00")
    closed = minh.move_case(
        case.id,
        "closed",
        {"closure_reason": "duplicate", "occurred_at": "2026-10-09T10:00:00+07:00"},
    )
    assert closed.case.closed_at == "2026-10-09T03:00:00.000000+00:00"
    whole = minh.get_case(case.id)
    timeline = [(e.kind, e.occurred_at[:16]) for e in whole.entries]
    assert timeline == [
        ("step_change", "2026-10-05T08:00"),
        ("follow_up", "2026-10-06T01:00"),
        ("note", "2026-10-08T09:00"),  # the agency's answer, on the day it came
        ("closure", "2026-10-09T03:00"),
        ("step_change", "2026-10-09T03:00"),
    ]
    assert whole.referrals[0].sent_at == "2026-10-06T09:00:00+07:00"


@pytest.mark.parametrize(
    "when, field_text",
    [
        ("2099-01-01T08:00:00+07:00", "future"),
        ("2026-10-05T09:00:00+07:00", "before the case was received"),
        ("yesterday", "offset"),
    ],
)
def test_a_step_time_in_the_future_or_before_the_report_is_refused(desk, when, field_text):
    lan, minh = desk("lan"), desk("minh")
    case = minh.open_case(lan.record_contact(CALL).number)
    with pytest.raises(ValidationError) as caught:
        minh.move_case(case.id, "initial_assessment", occurred_at=when)
    assert field_text in caught.value.message_en
    with pytest.raises(ValidationError):
        minh.add_entry(case.id, "note", "Ghi chú", occurred_at=when)
    assert minh.get_case(case.id).case.status == "received"  # nothing was written


def test_a_case_read_is_typed_and_its_json_keeps_the_public_shape(desk):
    """`ws.get_case` returns a frozen CaseDetail of records; `to_dict()` — what `caseline
    case show --json` prints, a public contract — is the case's fields in record order,
    then the eleven parts the page shows, as before the typed result."""
    from desktop.domain.records import Case, CaseEntry

    lan, minh = desk("lan"), desk("minh")
    case = minh.open_case(lan.record_contact(CALL).number, assigned_to="hung")
    minh.add_entry(case.id, "note", "Đã gọi cho mẹ.")
    shown = minh.get_case(case.number)
    assert isinstance(shown.case, Case) and all(isinstance(e, CaseEntry) for e in shown.entries)
    with pytest.raises(dataclasses.FrozenInstanceError):
        shown.deadlines = None  # type: ignore[misc]
    as_json = shown.to_dict()
    extras = ["child", "contacts", "entries", "referrals", "duplicates", "duplicate_of_number",
              "open_conflicts", "deadlines", "approval", "closure_decision", "consent"]  # fmt: skip
    assert list(as_json) == [f.name for f in dataclasses.fields(Case)] + extras
    assert as_json["entries"][0]["text"] == "Đã gọi cho mẹ."
    assert list(as_json["deadlines"]) == [
        "assessment_due", "plan_due", "emergency_due", "overdue", "overdue_steps"
    ]  # fmt: skip
    assert isinstance(as_json["deadlines"]["overdue_steps"], list)
    assert set(as_json["consent"]) == {"records", "decisions"}
