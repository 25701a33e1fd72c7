"""The case steps of Decree 56/2017/NĐ-CP and their deadlines.

received → initial_assessment → needs_assessment → plan → intervention → review → closed.
Review leads back to plan or on to closed; a manager may reopen a closed case (→ plan).
A case may be closed early (duplicate, no risk found) from the first three steps.

A move needs what the step being left produced (the `data` keys):
- → needs_assessment: `assessment` (initial assessment text) and `risk`;
- needs_assessment → plan: `assessment` (needs assessment text);
- → intervention: `plan` text, and `approved_by` + `approved_at` unless the case has them;
- review → plan / closed: `review` text;
- → closed: `closure_reason` (taxonomy closure_reasons);
- closed → plan (reopen): `reason` text.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from desktop.domain.calendar import VN_TZ, WorkingCalendar, parse_moment, to_local
from desktop.domain.taxonomy import Taxonomy, load_taxonomy
from desktop.errors import ValidationError

RECEIVED = "received"
INITIAL_ASSESSMENT = "initial_assessment"
NEEDS_ASSESSMENT = "needs_assessment"
PLAN = "plan"
INTERVENTION = "intervention"
REVIEW = "review"
CLOSED = "closed"
STEPS = (RECEIVED, INITIAL_ASSESSMENT, NEEDS_ASSESSMENT, PLAN, INTERVENTION, REVIEW, CLOSED)
OPEN_STEPS = STEPS[:-1]

ASSESSMENT_HOURS_URGENT = 12
PLAN_WORKING_DAYS = 5

_NEXT: dict[str, tuple[str, ...]] = {
    RECEIVED: (INITIAL_ASSESSMENT, CLOSED),
    INITIAL_ASSESSMENT: (NEEDS_ASSESSMENT, CLOSED),
    NEEDS_ASSESSMENT: (PLAN, CLOSED),
    PLAN: (INTERVENTION,),
    INTERVENTION: (REVIEW,),
    REVIEW: (PLAN, CLOSED),
    CLOSED: (PLAN,),
}

_STEP_NAMES = {
    RECEIVED: ("Tiếp nhận thông tin", "Report received"),
    INITIAL_ASSESSMENT: ("Kiểm tra, xác minh, đánh giá ban đầu", "Initial assessment"),
    NEEDS_ASSESSMENT: ("Đánh giá nguy cơ, xác định nhu cầu", "Risk and needs assessment"),
    PLAN: ("Xây dựng, phê duyệt kế hoạch", "Support and intervention plan"),
    INTERVENTION: ("Thực hiện kế hoạch", "Carrying out the plan"),
    REVIEW: ("Rà soát, đánh giá", "Review"),
    CLOSED: ("Kết thúc hồ sơ", "Closed"),
}

_MISSING: dict[str, tuple[str, str]] = {
    "assessment": ("Cần nhập nội dung đánh giá.", "The assessment text is required."),
    "risk": ("Cần chọn mức độ nguy cơ.", "The risk level is required."),
    "plan": ("Cần nhập nội dung kế hoạch.", "The plan text is required."),
    "approved_by": (
        "Cần ghi người phê duyệt kế hoạch.",
        "Who approved the plan is required.",
    ),
    "approved_at": (
        "Cần ghi thời điểm phê duyệt kế hoạch.",
        "When the plan was approved is required.",
    ),
    "review": ("Cần nhập kết quả rà soát.", "The review text is required."),
    "closure_reason": ("Cần chọn lý do kết thúc.", "The closure reason is required."),
    "reason": ("Cần ghi lý do mở lại hồ sơ.", "The reason for reopening is required."),
}


def allowed_next(step: str) -> tuple[str, ...]:
    """The steps a case at `step` may move to."""
    return _NEXT.get(step, ())


def step_name(step: str, lang: str = "vi") -> str:
    vi, en = _STEP_NAMES.get(step, (step, step))
    return en if lang == "en" else vi


def required_for(to_step: str, from_step: str | None = None) -> tuple[str, ...]:
    """The `data` keys a move to `to_step` needs (from the usual predecessor by default)."""
    if from_step == CLOSED:
        return ("reason",)
    needed: list[str] = []
    if from_step == REVIEW:
        needed.append("review")
    if to_step == NEEDS_ASSESSMENT:
        needed += ["assessment", "risk"]
    elif to_step == PLAN and from_step in (None, NEEDS_ASSESSMENT):
        needed.append("assessment")
    elif to_step == INTERVENTION:
        needed += ["plan", "approved_by", "approved_at"]
    elif to_step == CLOSED:
        needed.append("closure_reason")
    return tuple(needed)


def transition_action(from_step: str, to_step: str) -> str:
    """The permission action (desktop.domain.permissions) a move needs."""
    if from_step == CLOSED:
        return "case.reopen"
    if to_step == CLOSED:
        return "case.close"
    if to_step == INTERVENTION:
        return "case.approve_plan"
    return "case.update"


def check_transition(
    case: Any,
    to_step: str,
    data: dict[str, Any],
    taxonomy: Taxonomy | None = None,
) -> None:
    """Raise ValidationError naming every missing or bad field when the move is not allowed.

    `case` is a `Case` or a dict with at least `status` (and `plan_approved_by`/`_at`).
    """
    taxonomy = taxonomy or load_taxonomy()
    from_step = str(_get(case, "status") or RECEIVED)
    if to_step not in allowed_next(from_step):
        raise ValidationError({"status": _not_allowed(from_step, to_step)})
    errors: dict[str, tuple[str, str]] = {}
    for key in required_for(to_step, from_step):
        if key in ("approved_by", "approved_at") and _get(case, f"plan_{key}"):
            continue  # approval already recorded on the case
        if not _filled(data.get(key)):
            errors[key] = _MISSING[key]
    _check_codes(data, taxonomy, errors)
    if errors:
        raise ValidationError(errors)


def _check_codes(data: dict[str, Any], taxonomy: Taxonomy, errors: dict) -> None:
    risk = data.get("risk")
    if _filled(risk) and not taxonomy.has("risk_levels", str(risk)):
        errors["risk"] = ("Mức độ nguy cơ không hợp lệ.", "Unknown risk level.")
    reason = data.get("closure_reason")
    if _filled(reason) and not taxonomy.has("closure_reasons", str(reason)):
        errors["closure_reason"] = ("Lý do kết thúc không hợp lệ.", "Unknown closure reason.")
    approved_at = data.get("approved_at")
    if _filled(approved_at):
        try:
            _moment(approved_at)
        except ValueError:
            errors["approved_at"] = (
                "Thời điểm phê duyệt không đúng định dạng.",
                "The approval time is not a valid date and time.",
            )


def _not_allowed(from_step: str, to_step: str) -> tuple[str, str]:
    if to_step not in STEPS:
        return (f"Bước “{to_step}” không tồn tại.", f"There is no step “{to_step}”.")
    return (
        f"Không thể chuyển từ bước “{step_name(from_step)}” sang “{step_name(to_step)}”.",
        f"A case cannot move from “{step_name(from_step, 'en')}” to “{step_name(to_step, 'en')}”.",
    )


# --- deadlines ------------------------------------------------------------------------


def assessment_due(received_at: str | datetime, urgent: bool) -> datetime | None:
    """12 hours after receipt when the child is at serious risk; otherwise no deadline."""
    if not urgent:
        return None
    return to_local(_moment(received_at)) + timedelta(hours=ASSESSMENT_HOURS_URGENT)


def plan_due(received_at: str | datetime, calendar: WorkingCalendar | None = None) -> datetime:
    """5 working days after receipt (weekends and public holidays skipped)."""
    calendar = calendar or WorkingCalendar.load()
    due = calendar.add_working_days(_moment(received_at), PLAN_WORKING_DAYS)
    assert isinstance(due, datetime)
    return due


def deadline_state(
    case: Any, now: str | datetime, calendar: WorkingCalendar | None = None
) -> dict[str, Any]:
    """{"assessment_due", "plan_due" (ISO text or None), "overdue": bool, "overdue_steps": [...]}.

    Stored deadlines on the case win; otherwise they are computed from `received_at`.
    Closed cases are never overdue.
    """
    status = str(_get(case, "status") or RECEIVED)
    received = _get(case, "received_at")
    assess = _get(case, "assessment_due") or (
        assessment_due(received, bool(_get(case, "urgent"))) if received else None
    )
    plan = _get(case, "plan_due") or (plan_due(received, calendar) if received else None)
    moment = _moment(now)
    overdue_steps = []
    if assess and status in (RECEIVED, INITIAL_ASSESSMENT) and moment > _moment(assess):
        overdue_steps.append(INITIAL_ASSESSMENT)
    if plan and status in STEPS[:4] and moment > _moment(plan):
        overdue_steps.append(PLAN)
    return {
        "assessment_due": _iso(assess),
        "plan_due": _iso(plan),
        "overdue": bool(overdue_steps),
        "overdue_steps": overdue_steps,
    }


def _moment(value: str | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=VN_TZ)
    return parse_moment(str(value))


def _iso(value: str | datetime | None) -> str | None:
    if value is None:
        return None
    return to_local(_moment(value)).isoformat()


def _get(case: Any, name: str) -> Any:
    if isinstance(case, dict):
        return case.get(name)
    return getattr(case, name, None)


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True
