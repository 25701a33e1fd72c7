"""Decree 56/2017/NĐ-CP as it reads, and its deadlines counted by the Civil Code 2015.

Each test names the rule (article) it checks. Real SQLCipher desks, no mocks.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain import calendar as cal
from desktop.domain import steps
from desktop.domain.calendar import VN_TZ, WorkingCalendar, to_local
from desktop.errors import PermissionDenied, ValidationError
from desktop.services import Workspace

CALL = {
    "received_at": "2026-10-05T09:30:00+07:00",
    "channel": "phone",
    "call_type": "emergency",
    "caller": {"relation": "neighbour", "name": "Hồ Văn Tư", "phone": "0935111222"},
    "children": [
        {"full_name": "Võ Minh Khang", "sex": "M", "birth_year": 2016, "province_code": "48"}
    ],
    "categories": ["violence.physical"],
    "services": ["support_intervention"],
    "risk": "urgent",
    "summary": "Hàng xóm nghe tiếng trẻ khóc, bị đánh.",
}
APPROVAL = {
    "plan": "Kế hoạch hỗ trợ",
    "approved_by": "Chủ tịch UBND xã Hoà Vang",
    "approved_at": "2026-10-08T10:00:00+07:00",
    "decision_no": "12/QĐ-UBND",
}


def vn(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


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
        for name, role in (("lan", "intake"), ("hung", "caseworker"), ("minh", "manager")):
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


def _to_review(hung: Workspace, minh: Workspace, case_id: str) -> None:
    hung.move_case(case_id, "initial_assessment", {}, occurred_at="2026-10-05T10:00:00+07:00")
    hung.move_case(
        case_id,
        "needs_assessment",
        {"assessment": "Đã xác minh.", "risk": "high"},
        occurred_at="2026-10-05T11:00:00+07:00",
    )
    hung.move_case(
        case_id, "plan", {"assessment": "Cần hỗ trợ."}, occurred_at="2026-10-06T09:00:00+07:00"
    )
    minh.move_case(case_id, "intervention", APPROVAL, occurred_at="2026-10-08T11:00:00+07:00")
    hung.move_case(case_id, "review", {}, occurred_at="2026-10-20T09:00:00+07:00")


# --- Art. 30.1(c): a new plan is approved again ------------------------------------------


def test_decree56_art30_1c_replan_after_review_needs_a_new_approval(desk):
    """Decree 56 Art. 30.1(c): review → plan clears the old approval, so the new plan
    cannot go into intervention without its own approval; its deadline counts again
    from the review (5 working days, Civil Code Art. 147–148)."""
    lan, hung, minh = desk("lan"), desk("hung"), desk("minh")
    case = minh.open_case(lan.record_contact(CALL).number, assigned_to="hung")
    _to_review(hung, minh, case.id)
    back = hung.move_case(
        case.id, "plan", {"review": "Còn nguy cơ."}, occurred_at="2026-10-23T16:00:00+07:00"
    )
    assert back.case.plan_approved_by == "" and back.case.plan_approved_at is None
    assert back.case.plan_decision_no == ""
    # Friday 23 Oct 2026 → the fifth working day after it is Friday 30 Oct.
    assert back.case.plan_due == "2026-10-30T23:59:59+07:00"
    three_days_on = steps.deadline_state(back.case, "2026-10-26T10:00:00+07:00")
    assert "plan" not in three_days_on["overdue_steps"]  # not overdue at once
    with pytest.raises(ValidationError) as refused:
        minh.move_case(case.id, "intervention", {"plan": "Kế hoạch mới"})
    assert set(refused.value.field_errors) == {"approved_by", "approved_at", "decision_no"}
    assert minh.get_case(case.id).case.status == "plan"
    again = minh.move_case(
        case.id,
        "intervention",
        {**APPROVAL, "plan": "Kế hoạch mới", "approved_at": "2026-10-26T10:00:00+07:00",
         "decision_no": "31/QĐ-UBND"},
        occurred_at="2026-10-26T11:00:00+07:00",
    )  # fmt: skip
    assert again.case.plan_decision_no == "31/QĐ-UBND"
    approvals = [e.data for e in minh.get_case(case.id).entries if e.kind == "plan_approval"]
    assert [a["decision_no"] for a in approvals] == ["12/QĐ-UBND", "31/QĐ-UBND"]


def test_decree56_art30_1c_a_replan_needs_a_new_decision_dated_after_the_replan(
    desk,
):
    """Review i12 #4 (Decree 56 Art. 30.1(c)): after review → plan, the second plan cannot
    go ahead on the first decision's number or date, nor on a decision dated before the
    re-plan."""
    lan, hung, minh = desk("lan"), desk("hung"), desk("minh")
    case = minh.open_case(lan.record_contact(CALL).number, assigned_to="hung")
    hung.move_case(case.id, "initial_assessment", {}, occurred_at="2026-10-05T10:00:00+07:00")
    hung.move_case(
        case.id,
        "needs_assessment",
        {"assessment": "Đã xác minh.", "risk": "high"},
        occurred_at="2026-10-05T11:00:00+07:00",
    )
    hung.move_case(
        case.id, "plan", {"assessment": "Cần hỗ trợ."}, occurred_at="2026-10-06T09:00:00+07:00"
    )
    minh.move_case(case.id, "intervention", APPROVAL, occurred_at="2026-10-08T11:00:00+07:00")
    hung.move_case(case.id, "review", {}, occurred_at="2026-10-20T09:00:00+07:00")
    hung.move_case(
        case.id, "plan", {"review": "Còn nguy cơ."}, occurred_at="2026-10-23T16:00:00+07:00"
    )
    second = {**APPROVAL, "plan": "Kế hoạch 2"}
    for reused in (
        second,  # the first plan's decision, number and date
        {**second, "approved_at": "2026-10-26T10:00:00+07:00"},  # same number
        {**second, "decision_no": " 31/qđ-ubnd ", "approved_at": "2026-10-22T10:00:00+07:00"},
    ):
        with pytest.raises(ValidationError) as refused:
            minh.move_case(case.id, "intervention", reused, occurred_at="2026-10-26T11:00:00+07:00")
        assert set(refused.value.field_errors) & {"approved_at", "decision_no"}
    assert minh.get_case(case.id).case.status == "plan"
    minh.move_case(
        case.id,
        "intervention",
        {**second, "decision_no": "31/QĐ-UBND", "approved_at": "2026-10-26T10:00:00+07:00"},
        occurred_at="2026-10-26T11:00:00+07:00",
    )


def test_decree56_art30_a_caseworker_records_a_closure_only_with_the_signed_decision(desk):
    """Review i12 #5: a caseworker cannot close a case alone by typing a manager's
    username. The design records decisions taken on paper: the decision number is
    required, its date cannot be before the case's last step, and the closure entry keeps
    who typed it (created_by) beside who decided (approved_by)."""
    lan, hung, minh = desk("lan"), desk("hung"), desk("minh")
    case = minh.open_case(lan.record_contact(CALL).number, assigned_to="hung")
    hung.move_case(case.id, "initial_assessment", {}, occurred_at="2026-10-05T10:00:00+07:00")
    typed = {"closure_reason": "no_longer_at_risk", "approved_by": "minh"}
    with pytest.raises(ValidationError) as refused:  # no decision number
        hung.move_case(case.id, "closed", {**typed, "approved_at": "2026-10-06T08:00:00+07:00"})
    assert set(refused.value.field_errors) == {"decision_no"}
    with pytest.raises(ValidationError) as refused:  # dated before the last step
        hung.move_case(
            case.id,
            "closed",
            {**typed, "approved_at": "2026-10-05T09:31:00+07:00", "decision_no": "05/QĐ"},
        )
    assert set(refused.value.field_errors) == {"approved_at"}
    assert hung.get_case(case.id).case.status == "initial_assessment"
    closed = hung.move_case(
        case.id,
        "closed",
        {**typed, "approved_at": "2026-10-06T08:00:00+07:00", "decision_no": "05/QĐ"},
    )
    closure = next(e for e in closed.added_entries if e.kind == "closure")
    assert (closure.created_by, closure.data["approved_by"]) == ("hung", "minh")


def test_decree56_intervention_needs_approver_decision_number_and_date(desk):
    """Decree 56 Art. 30 (Mẫu số 05): the plan goes into intervention only with its
    approval decision — approver, decision number and date, a real past moment."""
    lan, hung, minh = desk("lan"), desk("hung"), desk("minh")
    case = minh.open_case(lan.record_contact(CALL).number, assigned_to="hung")
    at = {"occurred_at": "2026-10-06T09:00:00+07:00"}  # the approval follows the plan step
    hung.move_case(case.id, "initial_assessment", {}, **at)
    hung.move_case(case.id, "needs_assessment", {"assessment": "x", "risk": "high"}, **at)
    hung.move_case(case.id, "plan", {"assessment": "y"}, **at)
    no_number = {k: v for k, v in APPROVAL.items() if k != "decision_no"}
    with pytest.raises(ValidationError) as refused:
        minh.move_case(case.id, "intervention", no_number)
    assert set(refused.value.field_errors) == {"decision_no"}
    with pytest.raises(ValidationError) as refused:
        minh.move_case(
            case.id, "intervention", {**APPROVAL, "approved_at": "2099-01-01T08:00+07:00"}
        )
    assert set(refused.value.field_errors) == {"approved_at"}
    moved = minh.move_case(case.id, "intervention", APPROVAL)
    assert (moved.case.plan_approved_by, moved.case.plan_decision_no) == (
        "Chủ tịch UBND xã Hoà Vang",
        "12/QĐ-UBND",
    )
    assert moved.case.plan_approved_at == "2026-10-08T10:00:00+07:00"


# --- Art. 26.3: the 12-hour emergency measure -------------------------------------------


def test_decree56_art26_3_urgent_emergency_deadline_is_12_hours_from_the_moment(desk):
    """Decree 56 Art. 26.3: an urgent case needs an emergency measure or temporary
    separation within 12 hours of receipt, counted from the moment (not to the end of a
    day); an `emergency_measure` entry (measure, who, when) meets it."""
    lan, hung, minh = desk("lan"), desk("hung"), desk("minh")
    received = {**CALL, "received_at": "2026-10-02T20:15:00+07:00"}  # Friday evening
    case = minh.open_case(lan.record_contact(received).number, assigned_to="hung")
    opened = hung.get_case(case.id)
    assert opened.case.emergency_due == "2026-10-03T08:15:00+07:00"
    assert opened.deadlines.emergency_due == "2026-10-03T08:15:00+07:00"
    assert "emergency_measure" in opened.deadlines.overdue_steps  # long past
    with pytest.raises(ValidationError) as refused:
        hung.add_entry(case.id, "emergency_measure", "Đưa trẻ đến nơi an toàn", {})
    assert set(refused.value.field_errors) == {"data.measure", "data.decided_by"}
    hung.add_entry(
        case.id,
        "emergency_measure",
        "Đưa trẻ đến nhà bà ngoại",
        {"measure": "temporary_separation", "decided_by": "Chủ tịch UBND xã"},
        occurred_at="2026-10-03T02:00:00+07:00",
    )
    met = hung.get_case(case.id)
    assert met.case.emergency_measure_at == "2026-10-02T19:00:00.000000+00:00"
    assert "emergency_measure" not in met.deadlines.overdue_steps
    (row,) = hung.list_cases().rows
    assert row["emergency_measure_at"] and row["deadlines"]["overdue_steps"] == ["plan"]
    not_urgent = minh.open_case(
        lan.record_contact({**CALL, "risk": "medium"}).number, assigned_to="hung"
    )
    assert hung.get_case(not_urgent.id).case.emergency_due is None


def test_decree56_art26_3_emergency_due_is_exactly_12_hours_for_any_moment():
    """Decree 56 Art. 26.3: hours run from the moment, whatever the day or hour."""
    start = datetime(2026, 1, 1, tzinfo=VN_TZ)

    @settings(max_examples=60, deadline=None)
    @given(st.integers(min_value=0, max_value=3 * 366 * 24 * 3600))
    def check(offset_s: int) -> None:
        received = start + timedelta(seconds=offset_s)
        due = steps.emergency_due(received.isoformat(), urgent=True)
        assert due - received == timedelta(hours=12)
        assert due.utcoffset() == timedelta(hours=7)

    check()


# --- closure and reopening are decisions ------------------------------------------------


def test_decree56_closure_without_a_managers_decision_is_refused(desk):
    """Decree 56 Art. 30: a case is closed by decision — a caseworker closes only with a
    manager's approval (who and when); nothing is written without it."""
    lan, hung, minh = desk("lan"), desk("hung"), desk("minh")
    case = minh.open_case(lan.record_contact(CALL).number, assigned_to="hung")
    hung.move_case(case.id, "initial_assessment", {}, occurred_at="2026-10-05T10:00:00+07:00")
    with pytest.raises(ValidationError) as refused:
        hung.move_case(case.id, "closed", {"closure_reason": "duplicate"})
    assert set(refused.value.field_errors) == {"approved_by", "approved_at"}
    with pytest.raises(ValidationError) as refused:  # the approver must be a manager
        hung.move_case(
            case.id,
            "closed",
            {"closure_reason": "duplicate", "approved_by": "lan", "approved_at": "2026-10-06T08:00:00+07:00"},
        )  # fmt: skip
    assert set(refused.value.field_errors) == {"approved_by"}
    assert hung.get_case(case.id).case.status == "initial_assessment"
    closed = hung.move_case(
        case.id,
        "closed",
        {"closure_reason": "duplicate", "approved_by": "minh",
         "approved_at": "2026-10-06T08:00:00+07:00", "decision_no": "05/QĐ-TTCTXH"},
    )  # fmt: skip
    assert (closed.case.closure_approved_by, closed.case.closure_decision_no) == (
        "minh",
        "05/QĐ-TTCTXH",
    )
    closure = next(e for e in closed.added_entries if e.kind == "closure")
    assert closure.data["approved_at"] == "2026-10-06T08:00:00+07:00"
    # Reopening is a decision too; a manager moving the case is the decision-maker.
    with pytest.raises(ValidationError) as refused:
        hung.move_case(case.id, "plan", {"reason": "Tái diễn"})
    assert set(refused.value.field_errors) == {"approved_by", "approved_at"}
    reopened = minh.move_case(case.id, "plan", {"reason": "Tái diễn"})
    assert reopened.case.closure_approved_by == "" and reopened.case.closed_at is None
    entry = next(e for e in reopened.added_entries if e.kind == "reopen")
    assert entry.data["approved_by"] == "minh" and entry.text == "Tái diễn"


def test_intake_cannot_close_an_unassigned_case_even_with_a_decision(desk):
    lan, minh = desk("lan"), desk("minh")
    case = minh.open_case(lan.record_contact(CALL).number)
    with pytest.raises(PermissionDenied):
        lan.move_case(
            case.id,
            "closed",
            {"closure_reason": "duplicate", "approved_by": "minh", "approved_at": "2026-10-06T08:00:00+07:00"},
        )  # fmt: skip


# --- system entry kinds and corrections -----------------------------------------------


@pytest.mark.parametrize("kind", ["closure", "plan_approval", "reopen", "step_change"])
def test_decree56_a_hand_made_closure_or_approval_entry_is_refused(desk, kind):
    """Decree 56 Art. 30: closures, plan approvals, reopenings and step changes are
    decisions the step service records with the move; a hand-made one is refused."""
    lan, minh = desk("lan"), desk("minh")
    case = minh.open_case(lan.record_contact(CALL).number)
    with pytest.raises(ValidationError) as refused:
        minh.add_entry(case.id, kind, "Đã kết thúc", {"closure_reason": "duplicate"})
    assert "kind" in refused.value.field_errors
    assert [e.kind for e in minh.get_case(case.id).entries] == []


def test_a_correction_pointing_at_another_case_is_refused(desk):
    """DESIGN.md case_entry (append-only; a correction points at the entry it corrects):
    a correction stays within its own case."""
    lan, minh = desk("lan"), desk("minh")
    first = minh.open_case(lan.record_contact(CALL).number)
    second = minh.open_case(lan.record_contact(CALL).number)
    note = minh.add_entry(first.id, "note", "Ghi chú sai")
    with pytest.raises(ValidationError) as refused:
        minh.add_entry(second.id, "note", "Sửa lại", corrects_id=note.id)
    assert "corrects_id" in refused.value.field_errors
    fixed = minh.add_entry(first.id, "note", "Sửa lại", corrects_id=note.id)
    entries = minh.get_case(first.id).entries
    assert [e.corrects_id for e in entries if e.id == fixed.id] == [note.id]
    assert minh.get_case(second.id).entries == ()


# --- the commune where the harm happened ----------------------------------------------


def test_the_case_records_the_commune_where_the_harm_happened(desk):
    """Decree 56: the People's Committee of the commune where the harm happened is the one
    responsible; the case carries that commune (2025 code), by default the child's."""
    lan, minh = desk("lan"), desk("minh")
    call = {**CALL, "children": [{**CALL["children"][0], "commune_code": "20242"}]}
    case = minh.open_case(lan.record_contact(call).number)
    assert minh.get_case(case.id).case.harm_commune_code == "20242"
    minh.set_harm_commune(case.id, "20275")
    assert minh.get_case(case.id).case.harm_commune_code == "20275"
    with pytest.raises(ValidationError):
        minh.set_harm_commune(case.id, "99999")
    other = minh.open_case(lan.record_contact(CALL).number, harm_commune_code="20275")
    assert minh.get_case(other.id).case.harm_commune_code == "20275"


# --- Civil Code Art. 147–148: periods in days end at the end of their last day -----------


def test_civil_code_147_148_friday_1400_plan_due_end_of_fifth_working_day_over_tet():
    """Civil Code 2015 Art. 147–148 with Decree 56's 5 working days: received Friday
    13 Feb 2026 at 14:00, the period starts the next day, skips Tết Bính Ngọ (16–20 Feb)
    and the weekends, and ends at 23:59:59 on Friday 27 Feb — not at 14:00."""
    assert steps.plan_due("2026-02-13T14:00:00+07:00") == vn("2026-02-27T23:59:59")


def test_civil_code_147_148_plan_due_counts_a_swapped_working_saturday():
    """Civil Code Art. 147–148: Saturday 22 Aug 2026 is worked in exchange for Monday
    31 Aug, so a Friday 21 Aug 14:00 receipt's plan is due at 23:59:59 on Thu 27 Aug."""
    assert steps.plan_due("2026-08-21T14:00:00+07:00") == vn("2026-08-27T23:59:59")
    # The swapped day off (Mon 31 Aug) and National Day (1–2 Sep) are skipped:
    # Fri 28 Aug 14:00 → Thu 3, Fri 4, Mon 7, Tue 8, Wed 9 Sep.
    assert steps.plan_due("2026-08-28T14:00:00+07:00") == vn("2026-09-09T23:59:59")


def test_civil_code_147_148_tet_and_a_swapped_saturday_in_one_period(tmp_path):
    """Civil Code Art. 147–148 over a centre's own calendar with both Tết and a swapped
    working Saturday in the same five working days."""
    path = tmp_path / "holidays.json"
    path.write_text(
        json.dumps(
            {
                "holidays": [
                    {"date": f"2027-02-{d:02d}", "vi": "Tết", "en": "Tết"} for d in range(4, 11)
                ],
                "working_days": [{"date": "2027-02-13", "vi": "Làm bù", "en": "Swap"}],
            }
        ),
        "utf-8",
    )
    calendar = WorkingCalendar.load(path)
    # Fri 29 Jan 14:00 → Mon 1, Tue 2, Wed 3 Feb, (Tết 4–10), Thu 11, Fri 12 → due Fri 12.
    assert steps.plan_due("2027-01-29T14:00:00+07:00", calendar) == vn("2027-02-12T23:59:59")
    # Wed 3 Feb 09:00 → Thu 11, Fri 12, Sat 13 (worked), Mon 15, Tue 16.
    assert steps.plan_due("2027-02-03T09:00:00+07:00", calendar) == vn("2027-02-16T23:59:59")


@settings(max_examples=60, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 6, 30)),
    n=st.integers(min_value=1, max_value=12),
)
def test_civil_code_147_148_any_working_day_period_ends_at_2359_of_its_nth_working_day(moment, n):
    """Civil Code Art. 147–148, for any receipt moment and length: the day of receipt never
    counts; exactly n working days lie in (receipt day, last day]; the last day is a
    working day; the period ends at 23:59:59 local on it."""
    calendar = WorkingCalendar.load()
    received = moment.replace(tzinfo=VN_TZ)
    due = calendar.working_days_end(received, n)
    assert (due.hour, due.minute, due.second) == (23, 59, 59)
    assert due.utcoffset() == timedelta(hours=7)
    assert calendar.is_working_day(due.date())
    assert calendar.working_days_between(to_local(received).date(), due.date()) == n
    assert due > received


def test_civil_code_148_2_a_period_in_days_ending_on_a_holiday_moves_to_the_next_working_day():
    """Civil Code Art. 148.2: a period of N calendar days whose last day is a rest day or a
    holiday ends at the end of the next working day."""
    calendar = WorkingCalendar.load()
    # Thu 1 Oct 2026 + 2 days = Sat 3 Oct → Mon 5 Oct 23:59:59.
    assert calendar.days_end(vn("2026-10-01T14:00:00"), 2) == vn("2026-10-05T23:59:59")
    assert calendar.days_end(vn("2026-10-01T14:00:00"), 1) == vn("2026-10-02T23:59:59")


# --- holiday files ---------------------------------------------------------------------


def test_the_bundled_holiday_file_marks_provisional_days():
    calendar = WorkingCalendar.load()
    assert not calendar.holiday(date(2026, 2, 17)).provisional
    assert calendar.holiday(date(2027, 2, 6)).provisional


@pytest.mark.parametrize(
    "content, problem",
    [
        (None, "missing"),
        ("{not json", "not valid JSON"),
        ('{"holidays": [{"date": "30/04/2026"}]}', "row is wrong"),
        ('{"weekend": [9]}', "row is wrong"),
        ("[1, 2]", "one JSON object"),
        ('{"bad": 1}', "holds no holidays"),  # review i12 #6: Tết counted as working days
        ('{"holidays": []}', "holds no holidays"),
    ],
)
def test_a_centres_holiday_file_is_validated_with_one_clear_line(desk, tmp_path, content, problem):
    admin, minh = desk("admin"), desk("minh")
    path = tmp_path / "ours.json"
    if content is not None:
        path.write_text(content, "utf-8")
    with pytest.raises(cal.HolidayFileError) as refused:
        admin.set_holiday_file(str(path))
    assert problem in refused.value.message_en and "\n" not in str(refused.value)
    assert admin.get_setting("holiday_file", "") == ""
    with pytest.raises(PermissionDenied):
        minh.set_holiday_file(str(path))


def test_a_centres_own_holiday_file_moves_the_plan_deadline(desk, tmp_path):
    admin, lan, minh = desk("admin"), desk("lan"), desk("minh")
    path = tmp_path / "ours.json"
    path.write_text(
        json.dumps({"holidays": [{"date": "2026-10-12", "vi": "Nghỉ", "en": "Off"}]}), "utf-8"
    )
    assert admin.set_holiday_file(str(path)).holidays == 1
    case = minh.open_case(lan.record_contact(CALL).number)
    # Mon 5 Oct → Tue 6 … Fri 9, (12 off), Tue 13.
    assert minh.get_case(case.id).case.plan_due == "2026-10-13T23:59:59+07:00"
    path.unlink()
    with pytest.raises(cal.HolidayFileError):
        minh.open_case(lan.record_contact(CALL).number)
    admin.set_holiday_file(None)
    assert minh.open_case(lan.record_contact(CALL).number).number


def test_civil_code_148_an_older_records_plan_deadline_ends_at_the_end_of_its_day(desk):
    """Civil Code Art. 148: older records stored the plan deadline at the receipt's clock
    time (09:30); the period still ends at 23:59:59 of that day — in the case's deadlines
    and in the overdue filter alike."""
    old = {"status": "plan", "received_at": "2026-10-05T09:30:00+07:00",
           "plan_due": "2026-10-12T09:30:00+07:00"}  # fmt: skip
    assert steps.deadline_state(old, "2026-10-12T20:00:00+07:00")["overdue"] is False
    assert steps.deadline_state(old, "2026-10-13T00:00:00+07:00")["overdue_steps"] == ["plan"]
    lan, minh = desk("lan"), desk("minh")
    case = minh.open_case(lan.record_contact({**CALL, "risk": "medium"}).number)
    from desktop.services.cases import now_local

    today = now_local()[:10]
    with minh.store.transaction() as conn:  # an older record: due today, at 00:01
        conn.execute(
            "UPDATE case_file SET plan_due = ? WHERE id = ?", (f"{today}T00:01:00+07:00", case.id)
        )
    assert minh.list_cases({"overdue": True}).total == 0
    assert minh.get_case(case.id).deadlines.plan_due == f"{today}T23:59:59+07:00"
