"""Cases: open from a contact, read, list, move through the Decree 56 steps, entries,
referrals, assignment. Every read of a case and every change is audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from desktop.db import repository, search_index
from desktop.domain import steps
from desktop.domain.calendar import VN_TZ, parse_moment, to_local
from desktop.domain.ids import utc_now
from desktop.domain.records import (
    CASE,
    CASE_ENTRY,
    CHILD,
    CONFLICT,
    CONTACT,
    MULTI_LINE_STEP_DATA,
    REFERRAL,
)
from desktop.domain.text import nfc, one_line
from desktop.errors import PermissionDenied, ValidationError
from desktop.services import checks, errors
from desktop.services.base import WorkspaceBase, reports_changes
from desktop.services.contacts import CONTACT_WHAT, year_of
from desktop.services.types import Page, Saved

CASE_WHAT = ("hồ sơ trường hợp", "case")
REFERRAL_WHAT = ("chuyển gửi", "referral")
LIST_COLUMNS = (
    "id",
    "number",
    "child_id",
    "status",
    "risk",
    "urgent",
    "assigned_to",
    "categories",
    "received_at",
    "assessment_due",
    "plan_due",
    "closed_at",
    "updated_at",
    "duplicate_of",
)
# A username no real user has: "may this role read a case assigned to another worker?"
SOMEONE_ELSE = "\x00another-worker"
# What a move writes to the timeline: data key → entry kind.
STEP_TEXTS = (
    ("assessment", "assessment"),
    ("plan", "plan"),
    ("review", "review"),
    ("reason", "reopen"),
)


# A step time a few minutes ahead of this desk's clock is the dialog's clock, not the future.
CLOCK_SLACK = timedelta(minutes=5)


def now_local() -> str:
    return datetime.now(VN_TZ).isoformat(timespec="seconds")


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _utc_text(moment: datetime) -> str:
    """The form of every stored UTC time (as `utc_now`), so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _referral_note(status: str) -> str:
    """The timeline line for an agency's answer (stored text, in the centre's language)."""
    return f"Chuyển gửi: {checks.taxonomy().label('referral_statuses', status, 'vi')}."


class CasesPart(WorkspaceBase):
    def _case_for(self, action: str, id_or_number: str) -> dict[str, Any]:
        case = self._find(CASE, id_or_number, CASE_WHAT)
        self._require(action, assigned_to=case["assigned_to"] or None)
        return case

    # --- opening and reading ------------------------------------------------------------

    @reports_changes
    def open_case(
        self,
        contact_id_or_number: str,
        *,
        assigned_to: str | None = None,
        urgent: bool | None = None,
    ) -> Saved:
        """A case for the contact's (first) child; a contact that has a case returns it."""
        self._require("case.open")
        contact = self._find(CONTACT, contact_id_or_number, CONTACT_WHAT)
        if contact.get("case_id"):
            existing = repository.get(self.conn, CASE, contact["case_id"])
            if existing is not None and not existing["deleted"]:
                return Saved(existing["id"], existing["number"], CASE)
        if not contact["child_ids"]:
            raise errors.bad_field(
                "children",
                "Cuộc liên hệ chưa có trẻ em nào để mở hồ sơ.",
                "The contact names no child to open a case for.",
            )
        if assigned_to is None and self.role == "caseworker":
            assigned_to = self.user.username
        self._check_assignee(assigned_to or "")
        urgent = contact["risk"] == "urgent" if urgent is None else bool(urgent)
        received = contact["received_at"] or now_local()
        fields = {
            "child_id": contact["child_ids"][0],
            "contact_ids": [contact["id"]],
            "status": steps.RECEIVED,
            "risk": contact["risk"],
            "urgent": urgent,
            "assigned_to": assigned_to or "",
            "categories": contact["categories"],
            "received_at": received,
            "assessment_due": _iso(steps.assessment_due(received, urgent)),
            "plan_due": _iso(steps.plan_due(received)),
        }
        with self.store.transaction() as conn:
            fields["number"] = repository.next_number(
                conn, self.province_code, self.device_code, year_of(received)
            )
            case = repository.create(conn, self.actor, CASE, fields)
            repository.change(conn, self.actor, CONTACT, contact["id"], {"case_id": case["id"]})
        return Saved(case["id"], case["number"], CASE)

    def _check_assignee(self, username: str) -> None:
        from desktop.domain.permissions import may_open_case_for

        if not may_open_case_for(self.role, self.user.username, username or None):
            self._require("case.assign")
        if username:
            row = self.conn.execute(
                "SELECT role, disabled FROM app_user WHERE username = ?", (username,)
            ).fetchone()
            if row is None or row["disabled"]:
                raise errors.bad_field(
                    "assigned_to", "Không có người dùng này.", "There is no such user."
                )

    def get_case(self, id_or_number: str) -> dict[str, Any]:
        case = self._case_for("case.read", id_or_number)
        conn = self.conn
        case["child"] = repository.get(conn, CHILD, case["child_id"])
        case["contacts"] = repository.get_many(conn, CONTACT, case["contact_ids"])
        case["entries"] = repository.select(
            conn,
            CASE_ENTRY,
            "case_id = ? AND deleted = 0",
            (case["id"],),
            "ORDER BY occurred_at, id",
        )
        case["referrals"] = repository.select(
            conn, REFERRAL, "case_id = ? AND deleted = 0", (case["id"],), "ORDER BY sent_at, id"
        )
        case.update(self._duplicates(case))
        case["open_conflicts"] = repository.select(
            conn, CONFLICT, "record_id = ? AND resolved = 0 AND deleted = 0", (case["id"],)
        )
        case["deadlines"] = steps.deadline_state(case, datetime.now(VN_TZ))
        self._audit("view", CASE, case["id"])
        return case

    def _duplicates(self, case: dict[str, Any]) -> dict[str, Any]:
        """One contact, one live case: a case two desks opened offline for one contact is
        marked by central as the duplicate of the first. Both show it: the first lists its
        duplicates with their entries ("duplicates": [{id, number, entries}]), the duplicate
        names the first ("duplicate_of_number")."""
        conn = self.conn
        duplicates = [
            {
                "id": d["id"],
                "number": d["number"],
                "entries": repository.select(
                    conn,
                    CASE_ENTRY,
                    "case_id = ? AND deleted = 0",
                    (d["id"],),
                    "ORDER BY occurred_at, id",
                ),
            }
            for d in repository.select(
                conn, CASE, "duplicate_of = ? AND deleted = 0", (case["id"],), "ORDER BY id"
            )
        ]
        first = repository.get(conn, CASE, case["duplicate_of"]) if case["duplicate_of"] else None
        return {"duplicates": duplicates, "duplicate_of_number": first["number"] if first else ""}

    def list_cases(
        self, filters: dict[str, Any] | None = None, offset: int = 0, limit: int = 100
    ) -> Page:
        """Managers see the centre's cases; others the cases assigned to them
        (and intake also unassigned ones)."""
        filters = filters or {}
        where, params = self._case_scope()
        clauses, more = self._case_filters(filters)
        where = " AND ".join([where, *clauses])
        params += more
        total = self.conn.execute(
            f"SELECT count(*) FROM case_file WHERE {where}", params
        ).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT {', '.join(LIST_COLUMNS)} FROM case_file WHERE {where}"
            " ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?",
            [*params, int(limit), int(offset)],
        ).fetchall()
        now = datetime.now(VN_TZ)
        result = []
        for row in rows:
            case = repository.decode_row(CASE, row)
            child = repository.get(self.conn, CHILD, case["child_id"])
            case["child_name"] = child["full_name"] if child else ""
            case["deadlines"] = steps.deadline_state(case, now)
            result.append(case)
        return Page(result, int(total))

    def _case_scope(self) -> tuple[str, list[Any]]:
        """The cases this user may list: all (managers), their own, and for intake also
        unassigned ones (desktop.domain.permissions decides who may read what)."""
        me = self.user.username
        if self._can("case.read", assigned_to=SOMEONE_ELSE):
            return "deleted = 0", []
        if self._can("case.read", assigned_to=None):
            return "deleted = 0 AND (assigned_to = ? OR assigned_to = '')", [me]
        if self._can("case.read", assigned_to=me):
            return "deleted = 0 AND assigned_to = ?", [me]
        raise PermissionDenied(
            "Bạn không có quyền xem hồ sơ trường hợp.", "You are not allowed to read cases."
        )

    def _case_filters(self, filters: dict[str, Any]) -> tuple[list[str], list[Any]]:
        clauses, params = [], []
        for key, column in (
            ("step", "status"),
            ("status", "status"),
            ("risk", "risk"),
            ("assigned_to", "assigned_to"),
        ):
            if filters.get(key):
                clauses.append(f"{column} = ?")
                params.append(filters[key])
        if filters.get("open_only"):
            clauses.append("status <> 'closed'")
        period = filters.get("period") or {}
        if isinstance(period, str):
            period = {"from": period, "to": period}
        start = filters.get("period_from") or period.get("from")
        end = filters.get("period_to") or period.get("to")
        if start:
            clauses.append("received_at >= ?")
            params.append(str(start)[:10])
        if end:
            clauses.append("substr(received_at, 1, 10) <= ?")
            params.append(str(end)[:10])
        if filters.get("overdue"):
            now = now_local()
            clauses.append(
                "((status IN ('received','initial_assessment') AND assessment_due IS NOT NULL"
                " AND assessment_due < ?) OR (status IN ('received','initial_assessment',"
                "'needs_assessment','plan') AND plan_due IS NOT NULL AND plan_due < ?))"
            )
            params += [now, now]
        if filters.get("text"):
            ids = [
                rid
                for _, rid in search_index.find(
                    self.conn, filters["text"], limit=200, kinds=("case",)
                )
            ]
            clauses.append(f"id IN ({','.join('?' * len(ids)) or 'NULL'})")
            params += ids
        return clauses, params

    # --- moving through the steps ----------------------------------------------------------

    def move_case(
        self,
        case_id: str,
        to_step: str,
        data: dict[str, Any] | None = None,
        *,
        occurred_at: str | None = None,
    ) -> dict[str, Any]:
        """Move to the next Decree 56 step; `data` holds what the step being left produced.

        `occurred_at` (ISO-8601 with offset; also accepted as data["occurred_at"]): when the
        step was really done, for work done on paper first; not in the future, not before
        the case was received. Its timeline entries and `closed_at` carry that time.

        Returns the case record as it now is, plus "changed" (the fields this move set),
        "added_entries" (the timeline entries it wrote) and "deadlines"; `get_case` reads
        the whole case (child, contacts, timeline) and audits the view.
        """
        data = {
            k: (nfc(v) if k in MULTI_LINE_STEP_DATA else one_line(v)) if isinstance(v, str) else v
            for k, v in (data or {}).items()
        }
        occurred_at = occurred_at or data.pop("occurred_at", None)
        case = self._find(CASE, case_id, CASE_WHAT)
        from_step = case["status"]
        if to_step in steps.allowed_next(from_step):
            self._require(steps.transition_action(from_step, to_step), case["assigned_to"] or None)
        else:
            self._require("case.update", case["assigned_to"] or None)
        steps.check_transition(case, to_step, data, checks.taxonomy())
        at = self._done_at(case, occurred_at)
        changes = self._step_changes(case, to_step, data, at)
        with self.store.transaction() as conn:
            added = [
                self._entry(conn, case["id"], kind, text, entry_data, at=at)
                for kind, text, entry_data in self._step_entries(from_step, to_step, data, changes)
            ]
            record, changed = repository.change(
                conn, self.actor, CASE, case["id"], changes, current=case
            )
        record["changed"] = sorted(changed)
        record["added_entries"] = added
        record["deadlines"] = steps.deadline_state(record, datetime.now(VN_TZ))
        return record

    @staticmethod
    def _step_entries(
        from_step: str, to_step: str, data: dict[str, Any], changes: dict[str, Any]
    ) -> list[tuple[str, str, dict[str, Any]]]:
        """What a move writes to the timeline, in order: (kind, text, data)."""
        entries: list[tuple[str, str, dict[str, Any]]] = []
        for key, kind in STEP_TEXTS:
            if data.get(key) and (kind != "reopen" or from_step == steps.CLOSED):
                entries.append((kind, str(data[key]), {"step": from_step}))
        if to_step == steps.INTERVENTION and data.get("approved_by"):
            approval = {
                "approved_by": changes["plan_approved_by"],
                "approved_at": changes["plan_approved_at"],
            }
            entries.append(("plan_approval", "", approval))
        if to_step == steps.CLOSED:
            entries.append(("closure", "", {"closure_reason": data["closure_reason"]}))
        entries.append(("step_change", "", {"from": from_step, "to": to_step}))
        return entries

    def _done_at(
        self, case: dict[str, Any], occurred_at: str | None, field: str = "occurred_at"
    ) -> str:
        """When a step was done, as UTC text like every stored time: now, or `occurred_at`
        checked (a real moment with its offset, not in the future, not before receipt)."""
        return _utc_text(self._done_moment(case, occurred_at, field))

    @staticmethod
    def _done_moment(case: dict[str, Any], occurred_at: str | None, field: str) -> datetime:
        if occurred_at in (None, ""):
            return datetime.now(UTC)
        try:
            moment = parse_moment(str(occurred_at))
        except ValueError:
            raise errors.bad_field(
                field,
                "Thời điểm không đúng định dạng (cần ngày giờ kèm múi giờ, ví dụ "
                "2026-10-03T14:05:00+07:00).",
                "Not a valid time (give the date and time with its offset, e.g. "
                "2026-10-03T14:05:00+07:00).",
            ) from None
        if moment > datetime.now(UTC) + CLOCK_SLACK:
            raise errors.bad_field(
                field, "Thời điểm không được ở tương lai.", "The time cannot be in the future."
            )
        received = case.get("received_at")
        if received and moment < parse_moment(received):
            raise errors.bad_field(
                field,
                "Thời điểm không được trước lúc tiếp nhận hồ sơ.",
                "The time cannot be before the case was received.",
            )
        return moment

    def _step_changes(
        self, case: dict[str, Any], to_step: str, data: dict[str, Any], at: str
    ) -> dict[str, Any]:
        changes: dict[str, Any] = {"status": to_step}
        if data.get("risk"):
            changes["risk"] = data["risk"]
        if data.get("urgent") is not None and "urgent" in data:
            changes["urgent"] = bool(data["urgent"])
        if to_step == steps.INTERVENTION and data.get("approved_by"):
            changes["plan_approved_by"] = one_line(str(data["approved_by"]))
            changes["plan_approved_at"] = to_local(
                parse_moment(str(data["approved_at"]))
            ).isoformat()
        if to_step == steps.CLOSED:
            changes["closure_reason"] = data["closure_reason"]
            changes["closed_at"] = at
        if case["status"] == steps.CLOSED:
            changes.update(
                closed_at=None, closure_reason="", plan_approved_by="", plan_approved_at=None
            )
        return changes

    def _entry(
        self,
        conn: Any,
        case_id: str,
        kind: str,
        text: str,
        data: dict[str, Any] | None,
        corrects_id: str | None = None,
        *,
        at: str | None = None,
    ) -> dict[str, Any]:
        return repository.create(
            conn,
            self.actor,
            CASE_ENTRY,
            {
                "case_id": case_id,
                "kind": kind,
                "occurred_at": at or utc_now(),
                "text": text,
                "data": data or {},
                "corrects_id": corrects_id,
            },
        )

    @reports_changes
    def add_entry(
        self,
        case_id: str,
        kind: str,
        text: str,
        data: dict[str, Any] | None = None,
        corrects_id: str | None = None,
        *,
        occurred_at: str | None = None,
    ) -> Saved:
        """Append to the timeline (never edited: a correction points at the entry it corrects).
        `occurred_at`: when it really happened (as for `move_case`); default now."""
        case = self._case_for("case.update", case_id)
        at = self._done_at(case, occurred_at)
        if not checks.taxonomy().has("case_entry_kinds", kind):
            raise ValidationError({"kind": ("Loại ghi chép không hợp lệ.", "Unknown entry kind.")})
        if not (text or "").strip() and not data:
            raise ValidationError({"text": ("Cần nhập nội dung.", "The text is required.")})
        corrected = repository.get(self.conn, CASE_ENTRY, corrects_id) if corrects_id else None
        if corrects_id and (corrected is None or corrected["case_id"] != case["id"]):
            raise errors.bad_field(
                "corrects_id", "Không tìm thấy ghi chép cần sửa.", "No such entry."
            )
        with self.store.transaction() as conn:
            entry = self._entry(conn, case["id"], kind, text, data, corrects_id, at=at)
        return Saved(entry["id"], "", CASE_ENTRY)

    # --- referrals and assignment -----------------------------------------------------------

    @reports_changes
    def add_referral(
        self,
        case_id: str,
        agency: str,
        reason: str,
        sent_at: str | None = None,
        agency_name: str = "",
        *,
        occurred_at: str | None = None,
    ) -> Saved:
        """A referral sent now, at `sent_at`, or at `occurred_at` (checked as for
        `move_case`: not in the future, not before the case was received)."""
        case = self._case_for("referral.create", case_id)
        if occurred_at and not sent_at:
            moment = self._done_moment(case, occurred_at, "occurred_at")
            sent_at = to_local(moment).isoformat(timespec="seconds")
        fields = checks.referral(
            {
                "case_id": case["id"],
                "agency": agency,
                "agency_name": agency_name,
                "reason": reason,
                "sent_at": sent_at or now_local(),
                "status": "sent",
            }
        )
        with self.store.transaction() as conn:
            referral = repository.create(conn, self.actor, REFERRAL, fields)
        return Saved(referral["id"], "", REFERRAL)

    @reports_changes
    def update_referral(
        self,
        referral_id: str,
        status: str,
        outcome: str = "",
        *,
        occurred_at: str | None = None,
    ) -> Saved:
        """New status (and outcome). With `occurred_at` (checked as for `move_case`, and
        not before the referral was sent) the case timeline also gets a note saying when
        the agency answered; without it the edit time is the status time."""
        referral = self._find(REFERRAL, referral_id, REFERRAL_WHAT)
        case = self._case_for("referral.update", referral["case_id"])
        given: dict[str, Any] = {"status": status}
        if outcome:
            given["outcome"] = outcome
        changes = checks.referral(given, partial=True)
        at = None
        if occurred_at:  # not before the referral was sent (itself not before receipt)
            sent = referral.get("sent_at") or case["received_at"]
            at = self._done_at({"received_at": sent}, occurred_at)
        with self.store.transaction() as conn:
            repository.change(conn, self.actor, REFERRAL, referral["id"], changes, current=referral)
            if at is not None:
                note = {"referral_id": referral["id"], "status": changes["status"]}
                self._entry(
                    conn, case["id"], "note", _referral_note(changes["status"]), note, at=at
                )
        return Saved(referral["id"], "", REFERRAL)

    @reports_changes
    def assign_case(self, case_id: str, username: str) -> Saved:
        case = self._find(CASE, case_id, CASE_WHAT)
        self._require("case.assign", case["assigned_to"] or None)
        self._check_assignee(username)
        with self.store.transaction() as conn:
            repository.change(conn, self.actor, CASE, case["id"], {"assigned_to": username})
        return Saved(case["id"], case["number"], CASE)
