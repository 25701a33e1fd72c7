"""National handoffs on central (issue 15): who may send, answer and read a handoff, and
the acceptance deadline central sets when one reaches it.

A handoff record belongs to the national scope (`province_code` "00", made by a national
desk) and is routed to the desks of `to_province` (`records.routed_to`): they pull it like
their own records and may set only their answer and the outcome
(`records.HANDOFF_PROVINCE_FIELDS`). Nobody else sees it. The deadline: `urgent` →
`handoff_urgent_hours` (default 12) from the moment central stored it; otherwise the end
(23:59:59 Vietnam time) of the `handoff_working_days`-th working day (default 1) after that
day — Civil Code 2015 Art. 147–148, holidays from the bundled file or
`CASELINE_CENTRAL_HOLIDAY_FILE`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop.domain.calendar import WorkingCalendar, hours_end
from desktop.domain.records import (
    HANDOFF,
    HANDOFF_ACCEPTED,
    HANDOFF_CENTRAL_FIELDS,
    HANDOFF_DECLINED,
    HANDOFF_PROVINCE_FIELDS,
    HANDOFF_REDIRECTED,
    HANDOFF_SENT,
    NATIONAL_PROVINCE,
)

PROVINCE_ANSWERS = frozenset({HANDOFF_ACCEPTED, HANDOFF_DECLINED})
NATIONAL_MOVES = frozenset({HANDOFF_SENT, HANDOFF_REDIRECTED})
# Fields any op may carry whatever it changes (push.INFO_FIELDS).
_STAMPS = frozenset({"created_at", "created_by", "updated_at", "updated_by"})


@dataclass(frozen=True)
class Deadlines:
    """How long a province has to accept a handoff (central's settings)."""

    urgent_hours: float = 12.0
    working_days: int = 1
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar.load)

    @classmethod
    def from_settings(cls, settings: Any) -> Deadlines:
        return cls(
            float(settings.handoff_urgent_hours),
            int(settings.handoff_working_days),
            WorkingCalendar.load(settings.holiday_file or None),
        )

    def accept_by(self, routed_at: datetime, urgent: bool) -> str:
        """The deadline as local ISO-8601 text with +07:00 (seconds)."""
        if urgent:
            end = hours_end(routed_at, self.urgent_hours)
        else:
            end = self.calendar.working_days_end(routed_at, self.working_days)
        return end.isoformat(timespec="seconds")


def is_national(province_code: str) -> bool:
    return province_code == NATIONAL_PROVINCE


def create_problem(device_province: str, fields: dict[str, Any], known: Any) -> str:
    """Why a device may not create this handoff ('' when it may). `known(code)` says
    whether a province code is one of the 34."""
    if not is_national(device_province):
        return "only the national line sends handoffs"
    if fields.get("province_code") != NATIONAL_PROVINCE:
        return "a handoff belongs to the national scope"
    target = fields.get("to_province")
    if not isinstance(target, str) or target == NATIONAL_PROVINCE or not known(target):
        return "to_province: not a province code"
    if fields.get("status", HANDOFF_SENT) != HANDOFF_SENT:
        return "status: a new handoff is sent"
    return ""


def province_edit_problem(fields: dict[str, Any]) -> str:
    """Why a province desk may not make this edit to a handoff routed to it."""
    other = sorted(set(fields) - HANDOFF_PROVINCE_FIELDS - _STAMPS)
    if other:
        return f"a province answers a handoff, it does not edit {other[0]}"
    if "status" in fields and fields["status"] not in PROVINCE_ANSWERS:
        return "status: a province accepts or declines"
    return ""


def national_edit_problem(old_doc: dict[str, Any], fields: dict[str, Any]) -> str:
    """Why the national desk may not make this edit to its own handoff."""
    for name in ("to_province", "source_entity", "source_id"):
        if name in fields and fields[name] != old_doc.get(name):
            return f"{name} cannot change: redirect with a new handoff"
    status = fields.get("status")
    if status is not None and status != old_doc.get("status") and status not in NATIONAL_MOVES:
        return "status: the national line sends or redirects"
    return ""


def without_central_fields(entity: str, fields: dict[str, Any]) -> dict[str, Any]:
    if entity != HANDOFF:
        return fields
    return {k: v for k, v in fields.items() if k not in HANDOFF_CENTRAL_FIELDS}


def audit_action(old_doc: dict[str, Any] | None, new_doc: dict[str, Any]) -> str:
    """The audit action of a handoff move ('' when nothing a person would call a move)."""
    if old_doc is None:
        return "handoff_sent"
    before, after = old_doc.get("status"), new_doc.get("status")
    if after != before:
        return {
            HANDOFF_ACCEPTED: "handoff_accepted",
            HANDOFF_DECLINED: "handoff_declined",
            HANDOFF_REDIRECTED: "handoff_redirected",
        }.get(str(after), "handoff_changed")
    if new_doc.get("outcome_at") and new_doc.get("outcome_at") != old_doc.get("outcome_at"):
        return "handoff_outcome"
    return ""
