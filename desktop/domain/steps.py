"""The case steps of Decree 56/2017/NĐ-CP and their deadlines.

received → initial_assessment → needs_assessment → plan → intervention → review → closed.
Review leads back to plan or on to closed; a closed case may be reopened (→ plan).
A case may be closed early (duplicate, no risk found) from the first three steps.

A move needs what the step being left produced (the `data` keys):
- → needs_assessment: `assessment` (initial assessment text) and `risk`;
- needs_assessment → plan: `assessment` (needs assessment text);
- → intervention: `plan` text and the plan's approval — `approved_by` (the commune
  chairperson or whoever signed), `approved_at` (ISO-8601 with offset) and `decision_no`
  (the approval decision's number, Mẫu số 05) — unless the case already holds an approval
  of this plan (Art. 30.1(c): the approved plan is what is carried out);
- review → plan / closed: `review` text; review → plan clears the old approval and
  counts a new plan deadline from the review (Art. 30.1(c): a new plan is approved again);
- → closed: `closure_reason` (taxonomy closure_reasons) and the decision to close:
  `approved_by` (a manager's username; a manager closing is the decision-maker and may
  leave it out), `approved_at`, optional `decision_no`;
- closed → plan (reopen): `reason` text and the decision to reopen (`approved_by`,
  `approved_at`, optional `decision_no`, as for closing); the plan deadline counts again.

Deadlines (Civil Code 2015 Art. 147–148 for periods in days, see desktop.domain.calendar):
- `emergency_due`: urgent cases (life, health or dignity at serious risk) — an emergency
  measure or temporary separation within 12 hours of receipt, from the moment (Decree 56
  Art. 26.3); met by an `emergency_measure` entry;
- `plan_due`: the plan within 5 working days after receipt (or after the review/reopen
  that sent the case back to planning), ending 23:59:59 local on the last day;
- `assessment_due`: no deadline of its own in the decree (the 12 hours are the emergency
  measure's); older records carry the old 12-hour value, shown but never flagged overdue.

Timeline entry kinds the step service alone writes (`SYSTEM_ENTRY_KINDS`): step changes,
plan approvals, closures and reopenings; `check_entry` refuses them by hand.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.domain import times
from desktop.domain.calendar import END_OF_DAY, WorkingCalendar, hours_end
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

EMERGENCY_HOURS = 12  # Decree 56 Art. 26.3, from the moment of receipt
ASSESSMENT_HOURS_URGENT = EMERGENCY_HOURS  # old name, kept for callers
PLAN_WORKING_DAYS = 5  # Decree 56: the plan within 5 working days

EMERGENCY_MEASURE = "emergency_measure"
# Timeline kinds only the step service writes (a hand-made one would fake a decision).
SYSTEM_ENTRY_KINDS = frozenset({"step_change", "plan_approval", "closure", "reopen", "transfer"})

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
    "approved_by": ("Cần ghi người phê duyệt.", "Who approved is required."),
    "approved_at": ("Cần ghi ngày giờ phê duyệt.", "When it was approved is required."),
    "decision_no": (
        "Cần ghi số quyết định phê duyệt kế hoạch.",
        "The approval decision's number is required.",
    ),
    "review": ("Cần nhập kết quả rà soát.", "The review text is required."),
    "closure_reason": ("Cần chọn lý do kết thúc.", "The closure reason is required."),
    "reason": ("Cần ghi lý do mở lại hồ sơ.", "The reason for reopening is required."),
}
_DECISION_MISSING: dict[str, tuple[str, str]] = {
    "approved_by": (
        "Cần quyết định của quản lý: ghi tên đăng nhập của người quản lý đã đồng ý.",
        "A manager's decision is required: give the username of the manager who agreed.",
    ),
    "approved_at": ("Cần ghi ngày giờ quyết định.", "When it was decided is required."),
}
# The keys of a decision (plan approval, closure, reopening) in a move's `data`.
DECISION_KEYS = ("approved_by", "approved_at", "decision_no")


def allowed_next(step: str) -> tuple[str, ...]:
    """The steps a case at `step` may move to."""
    return _NEXT.get(step, ())


def step_name(step: str, lang: str = "vi") -> str:
    """The step's one name (docs/glossary.md): the taxonomy's `case_steps` label, as the
    screens show it; the built-in name only for a code the taxonomy lacks."""
    taxonomy = load_taxonomy()
    if taxonomy.has("case_steps", step):
        return taxonomy.label("case_steps", step, lang)
    vi, en = _STEP_NAMES.get(step, (step, step))
    return en if lang == "en" else vi


def required_for(to_step: str, from_step: str | None = None) -> tuple[str, ...]:
    """The `data` keys a move to `to_step` needs (from the usual predecessor by default)."""
    if from_step == CLOSED:
        return ("reason", "approved_by", "approved_at")
    needed: list[str] = []
    if from_step == REVIEW:
        needed.append("review")
    if to_step == NEEDS_ASSESSMENT:
        needed += ["assessment", "risk"]
    elif to_step == PLAN and from_step in (None, NEEDS_ASSESSMENT):
        needed.append("assessment")
    elif to_step == INTERVENTION:
        needed += ["plan", "approved_by", "approved_at", "decision_no"]
    elif to_step == CLOSED:
        needed += ["closure_reason", "approved_by", "approved_at"]
    return tuple(needed)


def is_decision(from_step: str, to_step: str) -> bool:
    """Closing and reopening are decisions (approver and date) — not plan approvals."""
    return to_step == CLOSED or from_step == CLOSED


def has_plan_approval(case: Any) -> bool:
    """Does the case hold an approval of its current plan (approver, date, number)?"""
    return all(_filled(_get(case, f"plan_{k}")) for k in DECISION_KEYS)


def needed_for(case: Any, to_step: str) -> tuple[str, ...]:
    """The `data` keys this case must be given to move to `to_step` (what `required_for`
    asks, less an approval of the current plan the case already holds)."""
    from_step = str(_get(case, "status") or RECEIVED)
    keys = required_for(to_step, from_step)
    if to_step == INTERVENTION and has_plan_approval(case):
        keys = tuple(k for k in keys if k not in DECISION_KEYS)
    return keys


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

    `case` is a `Case` or a dict with at least `status` (and the plan approval fields).
    Who may decide a closure or reopening (a manager) is checked by the services, which
    know the users.
    """
    taxonomy = taxonomy or load_taxonomy()
    from_step = str(_get(case, "status") or RECEIVED)
    if to_step not in allowed_next(from_step):
        raise ValidationError({"status": _not_allowed(from_step, to_step)})
    errors: dict[str, tuple[str, str]] = {}
    decision = is_decision(from_step, to_step)
    for key in needed_for(case, to_step):
        if not _filled(data.get(key)):
            errors[key] = (_DECISION_MISSING.get(key) if decision else None) or _MISSING[key]
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
        except (ValueError, TypeError):
            errors["approved_at"] = (
                "Thời điểm phê duyệt không đúng định dạng (cần ngày giờ kèm múi giờ).",
                "The approval time is not a valid date and time with its offset.",
            )
    for key in ("approved_by", "decision_no"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            errors[key] = ("Cần là văn bản.", "Must be text.")


def _not_allowed(from_step: str, to_step: str) -> tuple[str, str]:
    if to_step not in STEPS:
        return (f"Bước “{to_step}” không tồn tại.", f"There is no step “{to_step}”.")
    return (
        f"Không thể chuyển từ bước “{step_name(from_step)}” sang “{step_name(to_step)}”.",
        f"A case cannot move from “{step_name(from_step, 'en')}” to “{step_name(to_step, 'en')}”.",
    )


# --- timeline entries ------------------------------------------------------------------


def check_entry(kind: str, text: str, data: dict[str, Any] | None, taxonomy: Taxonomy) -> None:
    """Raise ValidationError unless a hand-made timeline entry of `kind` may be written.

    Refused: unknown kinds; the system kinds (`SYSTEM_ENTRY_KINDS`: a closure, plan
    approval, reopening or step change is only ever written by a move, with its
    decision); an empty entry. An `emergency_measure` (Decree 56 Art. 26.3) needs
    data {"measure": taxonomy emergency_measures code, "decided_by": who decided it};
    its time is the entry's `occurred_at`.
    """
    if not taxonomy.has("case_entry_kinds", kind):
        raise ValidationError({"kind": ("Loại ghi chép không hợp lệ.", "Unknown entry kind.")})
    if kind in SYSTEM_ENTRY_KINDS:
        raise ValidationError(
            {
                "kind": (
                    "Loại ghi chép này chỉ được ghi khi chuyển bước hồ sơ (kèm quyết định).",
                    "This kind of entry is only written by moving the case through its "
                    "steps (with its decision).",
                )
            }
        )
    data = data or {}
    if kind == EMERGENCY_MEASURE:
        errors: dict[str, tuple[str, str]] = {}
        measure = data.get("measure")
        if not _filled(measure):
            errors["data.measure"] = (
                "Cần chọn biện pháp khẩn cấp đã áp dụng.",
                "The emergency measure taken is required.",
            )
        elif not taxonomy.has("emergency_measures", str(measure)):
            errors["data.measure"] = ("Biện pháp không hợp lệ.", "Unknown emergency measure.")
        if not _filled(data.get("decided_by")) or not isinstance(data.get("decided_by"), str):
            errors["data.decided_by"] = (
                "Cần ghi người quyết định áp dụng biện pháp.",
                "Who decided the measure is required.",
            )
        if errors:
            raise ValidationError(errors)
        return
    if not (text or "").strip() and not data:
        raise ValidationError({"text": ("Cần nhập nội dung.", "The text is required.")})


# --- deadlines ------------------------------------------------------------------------


def emergency_due(received_at: str | datetime, urgent: bool) -> datetime | None:
    """Urgent cases: an emergency measure or temporary separation within 12 hours of the
    moment of receipt (Decree 56 Art. 26.3; hours run from the moment). Else None."""
    if not urgent:
        return None
    return hours_end(_moment(received_at), EMERGENCY_HOURS)


def assessment_due(received_at: str | datetime, urgent: bool) -> datetime | None:
    """No deadline of its own: the decree's 12 hours are the emergency measure's
    (`emergency_due`). Kept so callers need not change; always None."""
    return None


def plan_due(received_at: str | datetime, calendar: WorkingCalendar | None = None) -> datetime:
    """The plan's deadline: 5 working days counted from the day after `received_at` (the
    receipt, or the review or reopening that sent the case back to planning), ending at
    23:59:59 Vietnam time of the fifth working day (Civil Code Art. 147–148)."""
    calendar = calendar or WorkingCalendar.load()
    return calendar.working_days_end(_moment(received_at), PLAN_WORKING_DAYS)


def deadline_state(
    case: Any, now: str | datetime, calendar: WorkingCalendar | None = None
) -> dict[str, Any]:
    """{"assessment_due", "plan_due", "emergency_due" (ISO text or None), "overdue": bool,
    "overdue_steps": [...]} — steps among "emergency_measure" and "plan".

    Stored deadlines on the case win (a stored plan deadline ends at 23:59:59 of its day,
    as older records kept the receipt's clock time); a missing plan/emergency deadline is
    computed from `received_at`. The emergency measure is overdue for an urgent case with none recorded
    (`emergency_measure_at`) after its deadline; the plan while the case has not reached
    intervention. `assessment_due` is only shown (older records). Closed cases are never
    overdue.
    """
    status = str(_get(case, "status") or RECEIVED)
    received = _get(case, "received_at")
    urgent = bool(_get(case, "urgent"))
    assess = _get(case, "assessment_due")
    emergency = _get(case, "emergency_due") or (
        emergency_due(received, urgent) if received else None
    )
    plan = _get(case, "plan_due") or (plan_due(received, calendar) if received else None)
    if plan:  # older records stored the receipt's clock time: the period ends at 24:00
        plan = datetime.combine(times.local_date(plan), END_OF_DAY, tzinfo=times.VN_TZ)
    moment = _moment(now)
    overdue_steps = []
    if status != CLOSED:
        if (
            emergency
            and urgent
            and not _get(case, "emergency_measure_at")
            and moment > _moment(emergency)
        ):
            overdue_steps.append(EMERGENCY_MEASURE)
        if plan and status in STEPS[:4] and moment > _moment(plan):
            overdue_steps.append(PLAN)
    return {
        "assessment_due": _iso(assess),
        "plan_due": _iso(plan),
        "emergency_due": _iso(emergency),
        "overdue": bool(overdue_steps),
        "overdue_steps": overdue_steps,
    }


def _moment(value: str | datetime) -> datetime:
    """An aware moment (desktop.domain.times: a naive one is a ValueError, not a guess)."""
    return times.parse(value)


def _iso(value: str | datetime | None) -> str | None:
    if value is None:
        return None
    return times.local_iso(value, timespec="auto")


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
