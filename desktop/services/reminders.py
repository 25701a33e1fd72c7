"""Follow-up and review dates with reminders (issue 12; Decree 56: a case is followed and
reviewed until it closes). A case carries `follow_up_on` and `review_on` (local dates,
YYYY-MM-DD); `ws.set_reminders` sets them, `ws.reminders` lists what is due. Recording a
follow-up entry clears a follow-up date that has come; moving the case to review clears
the review date (desktop.services.cases)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from desktop.db import repository
from desktop.domain import permissions, times
from desktop.domain.records import CASE, CHILD
from desktop.errors import ValidationError
from desktop.services.base import WorkspaceBase, reports_changes
from desktop.services.types import Saved

REMINDER_FIELDS = {"follow_up": "follow_up_on", "review": "review_on"}
CASE_WHAT = ("hồ sơ", "case")


@dataclass(frozen=True)
class Reminder:
    """One reminder: the case, its child's name, `kind` follow_up | review, the date
    (YYYY-MM-DD), whether it is past, and who the case is assigned to."""

    case_id: str
    number: str
    child: str
    kind: str
    on: str
    overdue: bool
    assigned_to: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class RemindersPart(WorkspaceBase):
    @reports_changes
    def set_reminders(
        self, case_id: str, *, follow_up_on: str | None = None, review_on: str | None = None
    ) -> Saved:
        """Set the case's next follow-up and/or review date ('' clears one; None leaves it).
        Dates are YYYY-MM-DD or DD/MM/YYYY, not before the case was received.
        PermissionDenied (case.update), ValidationError, NotFound."""
        case = self._case_for("case.update", case_id)  # type: ignore[attr-defined]
        changes: dict[str, Any] = {}
        received = times.to_local(case["received_at"]).date() if case.get("received_at") else None
        for key, value in (("follow_up_on", follow_up_on), ("review_on", review_on)):
            if value is None:
                continue
            changes[key] = _day(key, value, received)
        if changes:
            with self.store.transaction() as conn:
                repository.change(conn, self.actor, CASE, case["id"], changes, current=case)
        return Saved(case["id"], case["number"], CASE)

    def reminders(self, days_ahead: int = 0) -> list[Reminder]:
        """Follow-ups and reviews due by today + `days_ahead` on the live, open cases this
        user may read (a manager: all; others: their own), earliest first."""
        if (
            not isinstance(days_ahead, int)
            or isinstance(days_ahead, bool)
            or not 0 <= days_ahead <= 366
        ):
            raise ValidationError(
                {"days": ("Số ngày phải từ 0 đến 366.", "Days must be 0 to 366.")}
            )
        today = times.now_local().date()
        until = (today + timedelta(days=days_ahead)).isoformat()
        rows = repository.select(
            self.conn,
            CASE,
            "deleted = 0 AND status != 'closed' AND coalesce(duplicate_of, '') = ''"
            " AND ((follow_up_on IS NOT NULL AND follow_up_on != '' AND follow_up_on <= ?)"
            " OR (review_on IS NOT NULL AND review_on != '' AND review_on <= ?))",
            (until, until),
            "ORDER BY id",
        )
        out: list[Reminder] = []
        for case in rows:
            if not permissions.can(
                self.role,
                "case.read",
                username=self.user.username,
                assigned_to=case["assigned_to"] or None,
            ):
                continue
            child = repository.get(self.conn, CHILD, case["child_id"]) if case["child_id"] else None
            for kind, field in REMINDER_FIELDS.items():
                on = case.get(field)
                if on and on <= until:
                    out.append(
                        Reminder(
                            case["id"],
                            case["number"],
                            (child or {}).get("full_name", ""),
                            kind,
                            on,
                            on < today.isoformat(),
                            case["assigned_to"],
                        )
                    )
        return sorted(out, key=lambda r: (r.on, r.number, r.kind))


def _day(key: str, value: str, received: date | None) -> str | None:
    text = str(value).strip()
    if not text:
        return None
    parsed = None
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            parsed = datetime.strptime(text, form).date()
            break
        except ValueError:
            continue
    if parsed is None or (received is not None and parsed < received):
        raise ValidationError(
            {
                key: (
                    "Ngày không hợp lệ (dd/mm/yyyy, không trước ngày tiếp nhận hồ sơ).",
                    "Not a valid date (dd/mm/yyyy, not before the case was received).",
                )
            }
        )
    return parsed.isoformat()
