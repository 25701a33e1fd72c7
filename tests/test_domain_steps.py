from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from desktop.domain.calendar import VN_TZ, WorkingCalendar
from desktop.domain.records import Case
from desktop.domain.steps import (
    STEPS,
    allowed_next,
    assessment_due,
    check_transition,
    deadline_state,
    emergency_due,
    plan_due,
    required_for,
    transition_action,
)
from desktop.errors import ValidationError


def vn(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def refused_fields(case, to_step, data) -> dict[str, tuple[str, str]]:
    with pytest.raises(ValidationError) as refused:
        check_transition(case, to_step, data)
    return refused.value.field_errors


def test_a_case_walks_the_decree_56_steps_in_order():
    assert STEPS[0] == "received" and STEPS[-1] == "closed"
    assert "initial_assessment" in allowed_next("received")
    assert allowed_next("plan") == ("intervention",)
    assert allowed_next("intervention") == ("review",)
    assert set(allowed_next("review")) == {"plan", "closed"}
    assert allowed_next("closed") == ("plan",)
    assert transition_action("closed", "plan") == "case.reopen"
    assert transition_action("review", "closed") == "case.close"


def test_each_move_names_what_it_needs():
    assert required_for("initial_assessment") == ()
    assert required_for("needs_assessment") == ("assessment", "risk")
    assert required_for("intervention") == ("plan", "approved_by", "approved_at", "decision_no")
    assert required_for("closed", "review") == (
        "review",
        "closure_reason",
        "approved_by",
        "approved_at",
    )
    assert required_for("plan", "review") == ("review",)
    assert required_for("plan", "closed") == ("reason", "approved_by", "approved_at")


def test_a_worker_cannot_skip_from_received_to_the_plan():
    errors = refused_fields({"status": "received"}, "plan", {"assessment": "x"})
    vi, en = errors["status"]
    assert "Tiếp nhận thông tin" in vi and "cannot move" in en


def test_the_initial_assessment_needs_text_and_a_known_risk_level():
    case = Case(status="initial_assessment")
    errors = refused_fields(case, "needs_assessment", {"assessment": "  ", "risk": "extreme"})
    assert set(errors) == {"assessment", "risk"}
    assert errors["assessment"][0] == "Cần nhập nội dung đánh giá."
    check_transition(case, "needs_assessment", {"assessment": "Trẻ bị đánh", "risk": "high"})


def test_the_plan_must_be_approved_before_the_intervention_starts():
    case = {"status": "plan", "plan_approved_by": "", "plan_approved_at": None}
    errors = refused_fields(case, "intervention", {"plan": "Kế hoạch hỗ trợ"})
    assert set(errors) == {"approved_by", "approved_at", "decision_no"}
    assert errors["approved_by"][1] == "Who approved is required."
    errors = refused_fields(
        case,
        "intervention",
        {"plan": "x", "approved_by": "Chủ tịch UBND", "approved_at": "hôm qua", "decision_no": "1"},
    )
    assert set(errors) == {"approved_at"}
    approval = {
        "approved_by": "Chủ tịch UBND xã",
        "approved_at": "2026-10-09T09:00:00+07:00",
        "decision_no": "12/QĐ-UBND",
    }
    check_transition(case, "intervention", {"plan": "Kế hoạch", **approval})
    # An approval of this plan already on the case: only the plan text is needed.
    approved = {
        **case,
        "plan_approved_by": "Chủ tịch",
        "plan_approved_at": approval["approved_at"],
        "plan_decision_no": "12/QĐ-UBND",
    }
    check_transition(approved, "intervention", {"plan": "Kế hoạch"})


def test_closing_needs_a_review_and_a_known_reason_and_reopening_goes_back_to_plan():
    errors = refused_fields({"status": "review"}, "closed", {"closure_reason": "bored"})
    assert set(errors) == {"review", "closure_reason", "approved_by", "approved_at"}
    decision = {"approved_by": "minh", "approved_at": "2026-10-09T09:00:00+07:00"}
    check_transition(
        {"status": "review"},
        "closed",
        {"review": "Ổn định", "closure_reason": "no_longer_at_risk", **decision},
    )
    check_transition({"status": "review"}, "plan", {"review": "Còn nguy cơ"})
    errors = refused_fields({"status": "closed"}, "plan", {})
    assert set(errors) == {"reason", "approved_by", "approved_at"}
    assert "manager" in errors["approved_by"][1]
    check_transition({"status": "closed"}, "plan", {"reason": "Tái diễn bạo lực", **decision})
    assert set(refused_fields({"status": "closed"}, "review", {})) == {"status"}


def test_an_urgent_case_needs_its_emergency_measure_within_12_hours_even_at_the_weekend():
    """Decree 56 Art. 26.3: 12 hours from the moment of receipt, weekend or not."""
    due = emergency_due("2026-10-02T13:00:00Z", urgent=True)  # Friday 20:00 in Vietnam
    assert due == vn("2026-10-03T08:00:00")
    assert due.utcoffset().total_seconds() == 7 * 3600
    assert emergency_due("2026-10-02T13:00:00Z", urgent=False) is None
    assert assessment_due("2026-10-02T13:00:00Z", urgent=True) is None  # no deadline of its own


def test_the_plan_is_due_at_the_end_of_the_fifth_working_day_skipping_the_weekend():
    """Civil Code Art. 147–148: the day of receipt does not count; the last day ends at 24:00."""
    assert plan_due("2026-10-01T09:00:00+07:00") == vn("2026-10-08T23:59:59")  # Thu → Thu
    assert plan_due("2026-10-03T14:05:00+07:00") == vn("2026-10-09T23:59:59")  # Sat → Fri


def test_the_plan_deadline_skips_tet():
    # Tết Bính Ngọ: Monday 16 to Friday 20 February 2026 are public holidays.
    assert plan_due("2026-02-13T10:00:00+07:00") == vn("2026-02-27T23:59:59")
    calendar = WorkingCalendar.load()
    assert not calendar.is_working_day(date(2026, 2, 17))
    assert calendar.holiday(date(2026, 2, 17)).vi == "Tết Nguyên Đán (Mùng 1)"
    assert calendar.is_working_day(date(2026, 2, 23))
    assert calendar.is_working_day(date(2025, 4, 26))  # Saturday worked to bridge 30/4–1/5


def test_a_centre_can_use_its_own_holiday_file(tmp_path):
    path = tmp_path / "holidays.json"
    path.write_text(
        json.dumps({"holidays": [{"date": "2026-10-05", "vi": "Nghỉ", "en": "Off"}]}), "utf-8"
    )
    calendar = WorkingCalendar.load(path)
    assert plan_due("2026-10-01T09:00:00+07:00", calendar) == vn("2026-10-09T23:59:59")
    assert calendar.add_working_days(date(2026, 10, 2), 1) == date(2026, 10, 6)


def test_deadline_state_flags_overdue_steps_until_the_work_is_done():
    case = {
        "status": "initial_assessment",
        "urgent": True,
        "received_at": "2026-10-01T09:00:00+07:00",
    }
    early = deadline_state(case, "2026-10-01T20:00:00+07:00")
    assert early == {
        "assessment_due": None,
        "plan_due": "2026-10-08T23:59:59+07:00",
        "emergency_due": "2026-10-01T21:00:00+07:00",
        "overdue": False,
        "overdue_steps": [],
    }
    assert deadline_state(case, "2026-10-08T23:59:59+07:00")["overdue_steps"] == [
        "emergency_measure"
    ]
    late = deadline_state(case, "2026-10-09T00:00:00+07:00")
    assert late["overdue_steps"] == ["emergency_measure", "plan"]
    measured = {**case, "emergency_measure_at": "2026-10-01T05:00:00+00:00"}
    assert deadline_state(measured, "2026-10-09T00:00:00+07:00")["overdue_steps"] == ["plan"]
    acting = deadline_state({**measured, "status": "intervention"}, "2026-11-01T00:00:00+07:00")
    assert acting["overdue"] is False
    closed = deadline_state({**case, "status": "closed"}, "2026-11-01T00:00:00+07:00")
    assert closed["overdue"] is False
    not_urgent = deadline_state(
        Case(received_at="2026-10-01T09:00:00+07:00"), vn("2026-10-02T00:00")
    )
    assert not_urgent["emergency_due"] is None and not not_urgent["overdue"]
    # An older record's stored 12-hour assessment deadline is shown, never flagged.
    old = {**measured, "assessment_due": "2026-10-01T21:00:00+07:00"}
    assert deadline_state(old, "2026-10-05T00:00:00+07:00")["overdue"] is False
