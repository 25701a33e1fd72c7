"""A person's rights and retention (issue 12; Law 91/2025/QH15, Decree 356/2025): export
everything about a child or a caller, erase them (an open case holds the data), and the
retention purge whose dry run lists exactly what the purge then removes. Real SQLCipher
desks, the real console script, PDFs read back."""

from __future__ import annotations

import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdf_text import page_texts, squeeze
from test_cli_support import caseline, fails_with_one_line, ok

from central import retention as central_retention
from central.cli import main as central_main
from desktop.db import repository
from desktop.domain import retention, times
from desktop.domain.records import CASE, CHILD, CONTACT
from desktop.errors import NotFound, PermissionDenied
from desktop.services import Workspace
from desktop.services.rights import LegalHold

CHILD_NAME = "Võ Minh Khang"
CALLER = "Hồ Văn Tư"
CALL = {
    "received_at": "2026-10-05T09:30:00+07:00",
    "channel": "phone",
    "call_type": "counselling",
    "caller": {"relation": "neighbour", "name": CALLER, "phone": "0935111222"},
    "children": [{"full_name": CHILD_NAME, "sex": "M", "birth_year": 2016}],
    "categories": ["violence.physical"],
    "risk": "high",
    "summary": "Hàng xóm nghe tiếng trẻ khóc.",
}
PASSWORD = "minh-pass-123"


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
        ws.add_user("minh", "manager", PASSWORD)
    ws = Workspace.open(data, "minh", PASSWORD)
    yield data, ws
    ws.close()


def _close(ws: Workspace, case_id: str) -> None:
    ws.move_case(case_id, "initial_assessment", {})
    ws.move_case(
        case_id,
        "closed",
        {"closure_reason": "no_longer_at_risk", "decision_no": "07/QĐ", "reason": "Ổn định."},
    )


def test_law91_an_open_case_holds_its_child_and_stops_the_erasure(desk):
    """Decree 56 work in progress needs the data: erasing the child (or the caller of its
    source contact) is refused with one clear line naming the case, nothing changed."""
    _data, ws = desk
    contact = ws.record_contact(CALL)
    case = ws.open_case(contact.number)
    for key in (case.number, contact.number):
        with pytest.raises(LegalHold) as held:
            ws.rights.erase(key)
        assert case.number in held.value.message_vi and "đang mở" in held.value.message_vi
        with pytest.raises(LegalHold):
            ws.rights.erase(key, dry_run=True)
    assert ws.search(CHILD_NAME)  # still there
    with pytest.raises(NotFound):
        ws.rights.erase("48-XXX-2026-99999")


def test_law91_an_erased_child_is_gone_from_search_and_prints_and_the_dry_run_said_so(
    desk, tmp_path
):
    data, ws = desk
    contact = ws.record_contact(CALL)
    case = ws.open_case(contact.number)
    _close(ws, case.id)
    export = ws.rights.export(case.number)
    assert export.data["child"]["full_name"] == CHILD_NAME
    assert CALLER not in json.dumps(export.data, ensure_ascii=False)  # another person
    written = export.save(tmp_path)
    assert {p.suffix for p in written} == {".json", ".pdf"}
    assert squeeze(CHILD_NAME) in squeeze(" ".join(page_texts(written[1])))

    planned = ws.rights.erase(case.number, dry_run=True)
    assert ws.search(CHILD_NAME)  # a dry run changes nothing
    done = ws.rights.erase(case.number)
    assert done.removals == planned.removals and done.done
    assert {(r.entity, r.action) for r in done.removals} >= {
        (CHILD, "erase"),
        (CASE, "erase"),
        (CONTACT, "anonymise"),
    }
    assert not ws.search(CHILD_NAME) and not ws.search("0935111222")
    child = repository.get(ws.conn, CHILD, export.data["cases"][0]["child_id"])
    assert child["deleted"] and child["full_name"] == ""
    kept = ws.get_contact(contact.number)  # the call still counts, about no one
    assert kept["caller_phone"] == "" and kept["summary"] == "" and kept["child_ids"] == []
    assert kept["categories"] == ["violence.physical"]
    with pytest.raises(NotFound):
        ws.reports.case_summary(case.number)
    # The request is audited with its due date (2 working days).
    row = ws.conn.execute(
        "SELECT detail FROM audit_event WHERE action = 'erase' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert json.loads(row[0])["due"] == done.due


def test_the_person_commands_are_one_line_each_and_json(desk, tmp_path):
    data, ws = desk
    contact = ws.record_contact(CALL)
    ws.close()
    env = {"user": "minh", "password": PASSWORD}
    out = ok(
        caseline(data, "person", "export", contact.number, "-o", str(tmp_path), "--json", **env)
    )
    shown = out.json()
    assert shown["subject"] == "caller" and len(shown["files"]) == 2
    caller = json.loads((tmp_path / f"person-{contact.number}.json").read_text("utf-8"))
    assert caller["caller"]["name"] == CALLER
    assert "Hàng xóm nghe" not in json.dumps(caller, ensure_ascii=False)  # the child's story
    line = fails_with_one_line(
        caseline(data, "person", "export", contact.number, "-o", str(tmp_path / "nope"), **env)
    )
    assert "nope" in line
    dry = ok(caseline(data, "person", "erase", contact.number, "--dry-run", "--json", **env))
    assert [r["action"] for r in dry.json()["removals"]] == ["clear_caller"]
    gone = ok(caseline(data, "person", "erase", contact.number, "--json", **env)).json()
    assert gone["removals"] == dry.json()["removals"] and gone["done"]


# --- retention ---------------------------------------------------------------------------

SILENT = {**CALL, "call_type": "silent", "children": [], "summary": "Im lặng."}


@settings(max_examples=12, derandomize=True, deadline=None)
@given(st.lists(st.integers(0, 200), min_size=1, max_size=12), st.integers(30, 150))
def test_retention_the_dry_run_names_exactly_the_silent_calls_past_their_period(
    tmp_path_factory, ages, period
):
    """Property over any set of silent-call ages and any period: the purge's dry run
    names exactly the calls older than the period, and the purge then removes exactly
    those (and a second dry run finds nothing)."""
    data = tmp_path_factory.mktemp("purge") / "desk"
    Workspace.init(
        data, centre="TT", province_code="48", admin_username="admin", admin_password="admin-pass-1"
    )
    with Workspace.open(data, "admin", "admin-pass-1") as admin:
        admin.add_user("minh", "manager", PASSWORD)
        admin.rights.set_retention(retention.SILENT_PRANK, period)
    now = times.parse_local("2026-11-01T12:00:00+07:00")
    with Workspace.open(data, "minh", PASSWORD) as ws:
        expected = set()
        with ws.batch():
            for i, age in enumerate(ages):
                at = (now - timedelta(days=age, minutes=i + 1)).isoformat()
                number = ws.record_contact({**SILENT, "received_at": at}).number
                if age >= period:
                    expected.add(number)
        planned = ws.rights.purge(dry_run=True, now=now)
        assert {r.number for r in planned} == expected
        assert all(r.rule == retention.SILENT_PRANK for r in planned)
        assert ws.rights.purge(now=now) == planned
        assert ws.rights.purge(dry_run=True, now=now) == []
        for number in expected:
            assert ws.get_contact(number)["caller_phone"] == ""


def test_retention_a_closed_case_past_its_period_goes_with_its_child(desk):
    _data, ws = desk
    contact = ws.record_contact(CALL)
    case = ws.open_case(contact.number)
    _close(ws, case.id)
    soon = times.now_local() + timedelta(days=30)
    assert ws.rights.purge(dry_run=True, now=soon) == []
    later = times.now_local() + timedelta(days=retention.BY_CODE["closed_case"].default_days + 1)
    planned = ws.rights.purge(dry_run=True, now=later)
    assert (CASE, case.number) in {(r.entity, r.number) for r in planned}
    assert CHILD in {r.entity for r in planned}
    assert ws.rights.purge(now=later) == planned
    assert not ws.search(CHILD_NAME)
    with pytest.raises(NotFound):
        ws.get_case(case.number)


def test_law91_a_restricted_child_is_kept_and_worked_on_but_never_disclosed(desk):
    """Law 91/2025: restriction at the person's request — the case work Decree 56 requires
    goes on, but no print, referral or transfer discloses the child until it is lifted.
    Before, there was no way to restrict anything."""
    _data, ws = desk
    case = ws.open_case(ws.record_contact(CALL).number)
    ws.rights.restrict(case.number)
    ws.move_case(case.id, "initial_assessment", {})  # the work goes on
    with pytest.raises(PermissionDenied) as refused:
        ws.reports.case_summary(case.number)
    assert "hạn chế xử lý" in refused.value.message_vi
    with pytest.raises(PermissionDenied):
        ws.add_referral(case.id, "police", "Báo công an.")
    with pytest.raises(PermissionDenied):
        ws.transfer_case(case.number, "79")
    assert ws.rights.export(case.number).data["child"]["processing_restricted"] is True
    ws.rights.restrict(case.number, lift=True)
    assert ws.reports.case_summary(case.number).pdf


def test_law91_a_childs_export_blanks_the_reporter_in_free_text_as_the_referral_print_does(
    desk, tmp_path
):
    """Review i12 #2: the child's rights are exercised by a representative, perhaps the
    father the neighbour reported. The contact's summary, the notes and the plan pass
    through the referral print's redaction: the caller's name and phone are blanked in the
    JSON and in the PDF."""
    _data, ws = desk
    told = "Bé Bình bị cha đánh, chị Ánh gọi 0905123456"
    call = {
        **CALL,
        "caller": {"relation": "neighbour", "name": "Trần Thị Ngọc Ánh", "phone": "0905123456"},
        "children": [{"full_name": "Nguyễn Văn Bình", "sex": "M", "birth_year": 2016}],
        "summary": told,
    }
    contact = ws.record_contact(call)
    case = ws.open_case(contact.number)
    ws.add_entry(case.id, "note", "Chị Ngọc Ánh (0905 123 456) gọi lại, bé còn sợ.")
    export = ws.rights.export(case.number)
    text = json.dumps(export.data, ensure_ascii=False)
    pdf = squeeze(" ".join(page_texts(export.pdf)))
    for leak in ("0905123456", "0905 123 456", "Ánh", "Ngọc"):
        assert leak not in text
        assert squeeze(leak) not in pdf
    assert "bị cha đánh" in text  # what happened to the child is still there
    assert "Bình" in text


def test_retention_never_purges_a_contact_still_marked_for_follow_up(tmp_path, capsys):
    """Review i12 #7: with contact_without_case at its minimum (30 days) an urgent child's
    contact still waiting for its follow-up is held, on the desk and on central; central's
    --days below a rule's minimum is refused with one line instead of silently ignored."""
    data = tmp_path / "desk"
    Workspace.init(
        data, centre="TT", province_code="48", admin_username="admin", admin_password="admin-pass-1"
    )
    with Workspace.open(data, "admin", "admin-pass-1") as admin:
        admin.add_user("minh", "manager", PASSWORD)
        admin.rights.set_retention(retention.CONTACT_WITHOUT_CASE, 30)
    urgent = {**CALL, "received_at": "2026-10-01T10:00:00+07:00", "risk": "urgent"}
    now = times.parse_local("2026-11-20T12:00:00+07:00")
    with Workspace.open(data, "minh", PASSWORD) as ws:
        held = ws.record_contact({**urgent, "follow_up": True}).number
        done = ws.record_contact({**urgent, "follow_up": False}).number
        planned = ws.rights.purge(dry_run=True, now=now)
        assert {r.number for r in planned} == {done}
        assert ws.rights.purge(now=now) == planned
        assert ws.get_contact(held)["caller_phone"] == "0935111222"
        rows = {
            c["id"]: SimpleNamespace(id=c["id"], entity="contact", province_code="48", doc=c)
            for c in (ws.get_contact(held), {**ws.get_contact(held), "id": "x", "follow_up": 0})
        }
    on_central = central_retention._plan(
        rows, now, {**retention.periods({}), "contact_without_case": 30}
    )
    assert [r.id for r in on_central] == ["x"]
    url = f"sqlite:///{tmp_path / 'central.db'}"
    assert central_main(["--db", url, "purge", "--dry-run", "--days", "silent_prank_caller=1"]) == 1
    err = capsys.readouterr().err
    assert "silent_prank_caller" in err and "30" in err and len(err.strip().splitlines()) == 1
