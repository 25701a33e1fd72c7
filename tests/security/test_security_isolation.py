"""A device of one province can never read, change or learn another province's records,
and every refused attempt is in central's audit trail. Inside a desk, each role's limits
hold when the services are called directly (no UI in the way)."""

from __future__ import annotations

import time
import uuid

import pytest
from sec_support import (
    ADMIN,
    CASEWORKER,
    INTAKE,
    MANAGER,
    Api,
    audit_actions,
    central_docs,
    contact_data,
    desk_token,
    enrol_desk,
    enrolment_code,
    new_desk,
    op,
    open_as,
    sync,
)

from desktop.errors import PermissionDenied
from desktop.sync import protocol as p


@pytest.fixture
def two_provinces(tmp_path, central):
    """Đà Nẵng (48) and Hà Nội (01), each with one synced contact."""
    desks = {}
    for province in ("48", "01"):
        folder = tmp_path / f"desk{province}"
        new_desk(folder, province)
        device = enrol_desk(folder, central, province)
        with open_as(folder, INTAKE) as ws:
            saved = ws.record_contact(contact_data(province=province))
            sync(ws)
        desks[province] = {"dir": folder, "device": device, "contact": saved.id}
        desks[province]["api"] = Api(central.url, desk_token(folder))
    return desks


def refused(reply, status: int, label: str) -> dict:
    """The attempt got the refusal it should; its error body."""
    assert reply.status_code == status, (label, reply.status_code, reply.text)
    return reply.json()


def new_audit(central, since: int) -> list[dict]:
    return audit_actions(central.db_url)[since:]


def test_a_desk_pulls_only_its_own_provinces_records(central, two_provinces):
    a, b = two_provinces["48"], two_provinces["01"]
    seen = a["api"].pull_all()
    assert seen and {c["record"]["province_code"] for c in seen} == {"48"}
    assert b["contact"] not in {c["record"]["id"] for c in seen}

    # Forged cursors: from just below B's record, from the future, negative.
    b_rev = central_docs(central.db_url)[b["contact"]]["rev"]
    near = a["api"].pull_all(since=b_rev - 1)
    assert b["contact"] not in {c["record"]["id"] for c in near}
    before = len(audit_actions(central.db_url))
    refused(a["api"].get("/v1/sync/pull", since=10**12), 410, "pull from a future cursor")
    refused(a["api"].get("/v1/sync/pull", since=-1), 400, "pull from a negative cursor")
    asked = refused(a["api"].get("/v1/sync/pull", province="01"), 403, "pull another province")
    assert asked["error"] == p.ERR_FORBIDDEN
    actions = [e["action"] for e in new_audit(central, before)]
    assert "cross_province_denied" in actions
    assert "pull_cursor_refused" in actions


def test_a_desk_cannot_change_or_create_another_provinces_records(central, two_provinces):
    a, b = two_provinces["48"], two_provinces["01"]
    before_docs = central_docs(central.db_url)
    before = len(audit_actions(central.db_url))

    edit = op(b["contact"], {"summary": "sửa trộm", "risk": "low"}, base_rev=10**6)
    made = op(str(uuid.uuid4()), {"province_code": "01", "summary": "giả mạo"})
    moved = op(a["contact"], {"province_code": "01"})
    reply = a["api"].push(edit, made, moved)
    assert reply.status_code == 200
    results = {r["op_id"]: r for r in reply.json()["results"]}
    for attempt in (edit, made, moved):
        assert results[attempt["op_id"]]["status"] == p.REJECTED
    # The refusal says nothing about the record: no field of it comes back.
    assert "sửa" not in reply.text and b["contact"] not in reply.text.replace(edit["op_id"], "")

    after_docs = central_docs(central.db_url)
    assert after_docs[b["contact"]] == before_docs[b["contact"]]
    assert after_docs[a["contact"]]["province_code"] == "48"
    assert made["record_id"] not in after_docs
    denied = [e for e in new_audit(central, before) if e["action"] == "cross_province_denied"]
    assert {e["record_id"] for e in denied} >= {b["contact"], made["record_id"]}
    assert all(e["device_id"] == a["device"]["device_id"] for e in denied)


def test_a_desk_cannot_touch_another_provinces_conflicts(central, two_provinces):
    a, b = two_provinces["48"], two_provinces["01"]
    # A second Hà Nội device edits the same field offline: central stores a conflict.
    code = central.enrolment_code("01")
    second = Api(central.url, None).post(
        "/v1/devices/enroll", {"code": code, "device_code": "ZZ9", "province_code": "01"}
    )
    b2 = Api(central.url, second.json()["token"])
    with open_as(b["dir"], INTAKE) as ws:
        ws.update_contact(b["contact"], {"risk": "urgent"})
        sync(ws)
    answer = b2.push(op(b["contact"], {"risk": "low"}, base_rev=1)).json()["results"][0]
    assert answer["status"] == p.CONFLICT
    conflict_id = answer["conflict_ids"][0]

    before = len(audit_actions(central.db_url))
    resolve = op(conflict_id, {"resolved": True}, entity="conflict")
    result = a["api"].push(resolve).json()["results"][0]
    assert result["status"] == p.REJECTED
    assert conflict_id not in {c["record"]["id"] for c in a["api"].pull_all()}
    assert central_docs(central.db_url)[conflict_id]["resolved"] is False
    denied = [e for e in new_audit(central, before) if e["action"] == "cross_province_denied"]
    assert [e["record_id"] for e in denied] == [conflict_id]


def test_enrolment_codes_work_once_in_time_and_for_their_province(central, two_provinces):
    anonymous = Api(central.url, None)
    before = len(audit_actions(central.db_url))

    used = central.enrolment_code("48")
    assert anonymous.post("/v1/devices/enroll", {"code": used, "device_code": "K7Q"}).ok
    again = anonymous.post("/v1/devices/enroll", {"code": used, "device_code": "K7R"})
    assert refused(again, 401, "enrolment code reused")["error"] == p.ERR_ENROL_CODE

    short = enrolment_code(central, "48", ttl_hours=0.0003)  # about one second
    time.sleep(1.5)
    late = anonymous.post("/v1/devices/enroll", {"code": short, "device_code": "K7S"})
    refused(late, 401, "enrolment code expired")

    other = central.enrolment_code("01")
    wrong = {"code": other, "device_code": "K7T", "province_code": "48"}
    refused(anonymous.post("/v1/devices/enroll", wrong), 403, "enrolment code of another province")
    guessed = {"code": "ABCDE-FGHJK", "device_code": "K7U"}
    refused(anonymous.post("/v1/devices/enroll", guessed), 401, "enrolment code guessed")

    reasons = [e for e in new_audit(central, before) if e["action"] == "enrolment_refused"]
    assert len(reasons) == 4


def test_a_revoked_or_unknown_token_reads_nothing_and_is_audited(central, two_provinces):
    a = two_provinces["48"]
    central.revoke(a["device"]["device_id"])
    before = len(audit_actions(central.db_url))

    for path in ("/v1/sync/pull", "/v1/devices/me"):
        body = refused(a["api"].get(path), 401, "revoked token")
        assert body["error"] == p.ERR_REVOKED
    pushed = a["api"].push(op(a["contact"], {"risk": "low"}))
    refused(pushed, 401, "revoked token push")
    refused(Api(central.url, "x" * 43).get("/v1/sync/pull"), 401, "forged token")
    refused(Api(central.url, None).get("/v1/sync/pull"), 401, "no token")

    # Refusals are counted per source address and minute: one row each, with the count
    # (the count is written at most once a second while it grows).
    def counted(action: str) -> int:
        rows = [e for e in new_audit(central, before) if e["action"] == action]
        assert all(r["source"] == "127.0.0.1" for r in rows)
        return sum(r["count"] for r in rows)

    deadline = time.monotonic() + 5
    while (counted("revoked_device_refused"), counted("auth_refused")) != (3, 2):
        assert time.monotonic() < deadline, new_audit(central, before)
        time.sleep(0.1)
    revoked_rows = [
        e for e in new_audit(central, before) if e["action"] == "revoked_device_refused"
    ]
    assert {r["device_id"] for r in revoked_rows} == {a["device"]["device_id"]}
    # The desk itself stops syncing with a typed error.
    with open_as(a["dir"], INTAKE) as ws:
        with pytest.raises(Exception) as stopped:
            sync(ws)
    assert getattr(stopped.value, "kind", "") == "revoked"


# ---------------------------------------------------------------------------- roles


def test_each_role_is_held_to_its_limits_when_services_are_called_directly(tmp_path):
    folder = tmp_path / "desk"
    new_desk(folder)
    with open_as(folder, INTAKE) as ws:
        contact = ws.record_contact(contact_data())
        case = ws.open_case(contact.id)
    with open_as(folder, MANAGER) as ws:
        ws.assign_case(case.id, CASEWORKER)
        other = ws.open_case(ws.record_contact(contact_data(child="Phùng Quốc Vượng")).id)
        ws.assign_case(other.id, MANAGER)

    refusals = {
        ADMIN: [
            lambda ws: ws.get_contact(contact.id),
            lambda ws: ws.list_contacts({}),
            lambda ws: ws.get_case(case.id),
            lambda ws: ws.record_contact(contact_data()),
        ],
        INTAKE: [
            lambda ws: ws.get_case(case.id),  # assigned to someone else
            lambda ws: ws.assign_case(case.id, INTAKE),
            lambda ws: ws.add_user("x1", "admin", "mat-khau-dai"),
            lambda ws: ws.backup(tmp_path / "b.bak", "sao-luu-2026"),
        ],
        CASEWORKER: [
            lambda ws: ws.get_case(other.id),
            lambda ws: ws.add_entry(other.id, "note", "ghi chú"),
            lambda ws: ws.assign_case(case.id, CASEWORKER),
            lambda ws: ws.set_role(INTAKE, "manager"),
        ],
        MANAGER: [
            lambda ws: ws.add_user("x2", "admin", "mat-khau-dai"),
            lambda ws: ws.disable_user(INTAKE),
            lambda ws: ws.backup(tmp_path / "m.bak", "sao-luu-2026"),
        ],
    }
    for user, attempts in refusals.items():
        with open_as(folder, user) as ws:
            for attempt in attempts:
                with pytest.raises(PermissionDenied) as denied:
                    attempt(ws)
                assert denied.value.message_vi and denied.value.message_en
    # What each may do still works.
    with open_as(folder, CASEWORKER) as ws:
        assert ws.get_case(case.id).case.id == case.id
        assert {c["id"] for c in ws.list_cases({}).rows} == {case.id}
    with open_as(folder, ADMIN) as ws:
        assert {u.username for u in ws.list_users()} >= {INTAKE, CASEWORKER}
