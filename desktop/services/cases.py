"""Cases: open from a contact, read, list, move through the Decree 56 steps, entries,
referrals, assignment. Every read of a case and every change is audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from desktop.db import paging, repository, search_index
from desktop.domain import consent, permissions, places, sensitive, steps, times
from desktop.domain.calendar import BUNDLED_HOLIDAYS, WorkingCalendar, load_holiday_file
from desktop.domain.ids import utc_now
from desktop.domain.records import (
    CASE,
    CASE_ENTRY,
    CHILD,
    CONTACT,
    MULTI_LINE_STEP_DATA,
    REFERRAL,
    Case,
    CaseEntry,
    Child,
    Conflict,
    Contact,
    RecordMeta,
    Referral,
)
from desktop.domain.settings import HOLIDAY_FILE
from desktop.domain.taxonomy import code_label
from desktop.domain.text import nfc, one_line
from desktop.errors import PermissionDenied
from desktop.services import checks, errors
from desktop.services.base import WorkspaceBase, reports_changes
from desktop.services.contacts import CONTACT_WHAT, year_of
from desktop.services.rights import check_not_restricted
from desktop.services.transfer import moved_away
from desktop.services.types import (
    CaseConsent,
    CaseDetail,
    CaseMoved,
    ConsentDecision,
    Deadlines,
    Decision,
    DuplicateCase,
    Page,
    Saved,
)

CASE_WHAT = ("hồ sơ trường hợp", "case")
REFERRAL_WHAT = ("chuyển gửi", "referral")
# A deadline still to meet falls before `due_by`: the emergency measure (an urgent case
# with none recorded) or the plan (before intervention; its period ends with its day).
_DUE_BY = (
    "(status <> 'closed' AND ((urgent = 1 AND emergency_measure_at IS NULL"
    " AND emergency_due >= ? AND emergency_due < ?) OR (status IN"
    " ('received','initial_assessment','needs_assessment','plan')"
    " AND substr(plan_due, 1, 10) >= ? AND substr(plan_due, 1, 10) < substr(?, 1, 10))))"
)
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
    "emergency_due",
    "emergency_measure_at",
    "closed_at",
    "updated_at",
    "duplicate_of",
)
# The orders the case list offers (ties newest first in the same direction, then rowid).
CASE_SORTS = {
    "received_at": ("case_file.received_at", "case_file.rowid"),
    "number": ("case_file.number", "case_file.rowid"),
    "status": ("case_file.status", "case_file.received_at", "case_file.rowid"),
    "risk": ("case_file.risk", "case_file.received_at", "case_file.rowid"),
    "assigned_to": ("case_file.assigned_to", "case_file.received_at", "case_file.rowid"),
}
# What a move writes to the timeline: data key → entry kind.
STEP_TEXTS = (
    ("assessment", "assessment"),
    ("plan", "plan"),
    ("review", "review"),
    ("reason", "reopen"),  # written with its decision by _step_entries
)


# The desk setting naming a centre's own holiday file (desktop.domain.calendar).
HOLIDAY_FILE_SETTING = HOLIDAY_FILE.key


# A step time a few minutes ahead of this desk's clock is the dialog's clock, not the future.
CLOCK_SLACK = timedelta(minutes=5)


def now_local() -> str:
    return times.local_iso(times.now_local())


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _local_text(value: Any) -> str:
    """An ISO-8601 moment with its offset, as Vietnam-time text (checked before)."""
    return times.local_iso(str(value), timespec="auto")


def _utc_text(moment: datetime) -> str:
    """The form of every stored UTC time (as `utc_now`), so text order is time order."""
    return times.utc_iso(moment)


@dataclass(frozen=True)
class HolidayFileUse:
    """The holiday file a desk now counts working days with: `holiday_file` (absolute
    path; the bundled file's path when none is set), `holidays` (days off in it) and
    `provisional` (of those, days not yet checked against the Government's announcement)."""

    holiday_file: str
    holidays: int
    provisional: int

    def to_dict(self) -> dict[str, Any]:
        """The `caseline holidays use --json` shape."""
        return asdict(self)


def _commune(code: str | None) -> str:
    """A 2025 commune code as stored ('' when none); ValidationError when unknown."""
    if code in (None, ""):
        return ""
    if not places.is_commune(code):
        raise errors.bad_field(
            "harm_commune_code",
            "Mã xã, phường nơi xảy ra sự việc không có trong danh mục 2025.",
            "The commune where the harm happened is not a 2025 commune code.",
        )
    return places.commune_code_text(str(code))


R = TypeVar("R", bound=RecordMeta)


def _decision_of(case: dict[str, Any], prefix: str) -> Decision | None:
    """The case's plan approval (`prefix` "plan") or closure decision ("closure"); None
    when there is none."""
    if not case.get(f"{prefix}_approved_by"):
        return None
    return Decision(**{key: case.get(f"{prefix}_{key}") for key in steps.DECISION_KEYS})


def _referral_note(status: str) -> str:
    """The timeline line for an agency's answer (stored text, in the centre's language)."""
    return f"Chuyển gửi: {code_label('referral_statuses', status, 'vi')}."


class CasesPart(WorkspaceBase):
    # --- the working-day calendar ----------------------------------------------------------

    def calendar(self) -> WorkingCalendar:
        """The desk's working-day calendar: the holiday file the `holiday_file` setting
        names, else the bundled one. HolidayFileError (one clear line) when the named file
        has gone or is broken: deadlines are never counted on a calendar nobody chose."""
        path = self.store.get_setting(HOLIDAY_FILE_SETTING, "") or ""
        return load_holiday_file(path) if path else WorkingCalendar.load()

    def set_holiday_file(self, path: str | None) -> HolidayFileUse:
        """Admin: use the centre's own holiday file at `path` (validated first: a bad file
        raises HolidayFileError and changes nothing; PermissionDenied unless admin); None
        or "" goes back to the bundled file."""
        self._require("settings")
        text = str(path or "").strip()
        calendar = load_holiday_file(text) if text else WorkingCalendar.load()
        if text:
            text = str(Path(text).expanduser().resolve())
        self.store.set_setting(HOLIDAY_FILE_SETTING, text)
        self._audit("edit", detail={"setting": HOLIDAY_FILE_SETTING, "bundled": not text})
        rows = calendar.holidays()
        return HolidayFileUse(
            text or str(BUNDLED_HOLIDAYS), len(rows), sum(h.provisional for h in rows)
        )

    def _case_for(self, action: str, id_or_number: str) -> dict[str, Any]:
        case = self._find(CASE, id_or_number, CASE_WHAT)
        self._require(action, assigned_to=case["assigned_to"] or None)
        if action != "case.read" and case["province_code"] != self.province_code:
            raise moved_away(case)  # transferred: read only here
        if action != "case.read":
            self._not_a_duplicate(case)
        return case

    def _not_a_duplicate(self, case: dict[str, Any]) -> None:
        """PermissionDenied (action "case.duplicate") for work on a case central marked as
        a duplicate (`duplicate_of`: two desks opened one each for the same contact while
        offline; central keeps the first). It stays readable with its entries, shown on
        the kept case; new work goes to the kept case, so the two never drift apart."""
        if not case.get("duplicate_of"):
            return
        first = repository.get(self.conn, CASE, case["duplicate_of"])
        kept = first["number"] if first else case["duplicate_of"]
        raise PermissionDenied(
            f"Hồ sơ {case['number']} là bản trùng của hồ sơ {kept} (hai máy cùng mở hồ sơ cho "
            f"một cuộc gọi khi mất mạng): chỉ xem; hãy cập nhật trên hồ sơ {kept}.",
            f"Case {case['number']} is a duplicate of case {kept} (two desks opened one for "
            f"the same contact while offline): read only; record the work on case {kept}.",
            action="case.duplicate",
            kept=kept,
        )

    # --- opening and reading ------------------------------------------------------------

    @reports_changes
    def open_case(
        self,
        contact_id_or_number: str,
        *,
        assigned_to: str | None = None,
        urgent: bool | None = None,
        harm_commune_code: str | None = None,
        child_id: str | None = None,
    ) -> Saved:
        """A case for the contact's child `child_id` (one of its children; default the
        first); a contact that has a case returns it (one live case per contact).

        `urgent` (default: the contact's risk is urgent) sets the 12-hour emergency deadline
        (Decree 56 Art. 26.3); the plan is due 5 working days after receipt (23:59:59 local,
        Civil Code Art. 147-148). `harm_commune_code`: the 2025 code of the commune where
        the harm happened (its People's Committee is responsible); default the child's
        home commune. ValidationError on an unknown code."""
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
        if child_id is not None and child_id not in contact["child_ids"]:
            raise errors.bad_field(
                "child_id",
                "Trẻ em này không có trong cuộc liên hệ.",
                "This child is not one of the contact's children.",
            )
        child_of_case = child_id or contact["child_ids"][0]
        if assigned_to is None and self.role == "caseworker":
            assigned_to = self.user.username
        self._check_assignee(assigned_to or "")
        urgent = contact["risk"] == "urgent" if urgent is None else bool(urgent)
        received = contact["received_at"] or now_local()
        if harm_commune_code is None:
            child = repository.get(self.conn, CHILD, child_of_case) or {}
            harm_commune_code = child.get("home_commune_code") or ""
        fields = {
            "child_id": child_of_case,
            "contact_ids": [contact["id"]],
            "status": steps.RECEIVED,
            "risk": contact["risk"],
            "urgent": urgent,
            "assigned_to": assigned_to or "",
            "categories": contact["categories"],
            "received_at": received,
            "assessment_due": None,
            "emergency_due": _iso(steps.emergency_due(received, urgent)),
            "plan_due": _iso(steps.plan_due(received, self.calendar())),
            "harm_commune_code": _commune(harm_commune_code),
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

    def get_case(self, id_or_number: str) -> CaseDetail:
        """The case `id_or_number` with its child, source contacts, timeline (oldest first),
        referrals, duplicates, open conflicts, deadlines now, Decree 56 decisions and what
        its consent allows today (CaseDetail; `to_dict()` is `case show --json`). Audited as
        a view. PermissionDenied (not this user's case), NotFound."""
        row = self._case_for("case.read", id_or_number)
        conn = self.conn
        child = repository.get(conn, CHILD, row["child_id"])
        contacts = repository.get_many(conn, CONTACT, row["contact_ids"])
        now = times.now_local()
        detail = CaseDetail(
            case=Case.from_row(row),
            child=Child.from_row(child) if child is not None else None,
            contacts=tuple(Contact.from_row(c) for c in contacts),
            entries=self._timeline(row["id"]),
            referrals=self._records(
                Referral, "case_id = ? AND deleted = 0", (row["id"],), "ORDER BY sent_at, id"
            ),
            duplicates=tuple(
                DuplicateCase(d["id"], d["number"], self._timeline(d["id"]))
                for d in repository.select(
                    conn, CASE, "duplicate_of = ? AND deleted = 0", (row["id"],), "ORDER BY id"
                )
            ),
            duplicate_of_number=self._number_of_first(row),
            open_conflicts=self._records(
                Conflict, "record_id = ? AND resolved = 0 AND deleted = 0", (row["id"],)
            ),
            deadlines=Deadlines.of(steps.deadline_state(row, now, self.calendar())),
            approval=_decision_of(row, "plan"),
            closure_decision=_decision_of(row, "closure"),
            consent=consent_view({**row, "child": child, "contacts": contacts}, now.date()),
        )
        marked = sensitive.holds_sensitive(child, row.get("categories"))
        self._audit("view", CASE, row["id"], {"sensitive": True} if marked else None)
        return detail

    def _timeline(self, case_id: str) -> tuple[CaseEntry, ...]:
        """The case's timeline entries, oldest first."""
        return self._records(
            CaseEntry, "case_id = ? AND deleted = 0", (case_id,), "ORDER BY occurred_at, id"
        )

    def _records(self, kind: type[R], where: str, params: tuple, tail: str = "") -> tuple[R, ...]:
        """The stored records of type `kind` matching the SQL `where` (with `params`), in
        the order `tail` gives."""
        rows = repository.select(self.conn, kind.entity, where, params, tail)
        return tuple(kind.from_row(r) for r in rows)

    def _number_of_first(self, case: dict[str, Any]) -> str:
        """One contact, one live case: a case two desks opened offline for one contact is
        marked by central as the duplicate of the first (`duplicate_of`); both show it —
        the first lists its duplicates, the duplicate names the first's number ('' when
        this case is no duplicate)."""
        if not case["duplicate_of"]:
            return ""
        first = repository.get(self.conn, CASE, case["duplicate_of"])
        return first["number"] if first else ""

    def list_cases(
        self,
        filters: dict[str, Any] | None = None,
        offset: int = 0,
        limit: int = 100,
        *,
        after: str | None = None,
        sort: str | None = None,
    ) -> Page:
        """One page of the cases this user may read (managers: all; caseworkers: theirs;
        intake: theirs and unassigned), and how many match.

        filters: step/status, risk, assigned_to, unassigned, child_id, open_only, overdue, due_by
        (local ISO moment: a Decree 56 deadline not yet passed falls before it; the plan's
        period ends with its day), period (YYYY-MM-DD or {from, to}) or
        period_from/period_to, text. Order: `sort`, one of CASE_SORTS
        ("-received_at", newest first, by default); with text, ranked (as
        `list_contacts`). Paging and total as `list_contacts` (`after`, keyset).
        Rows: the list columns (id, number, child_id, status, risk, urgent, assigned_to,
        categories, received_at, due times, closed_at, updated_at, …) plus child_name
        and deadlines. PermissionDenied; ValidationError (sort, cursor)."""
        filters = filters or {}
        limit = max(0, int(limit))
        where, params = self._case_scope()
        clauses, more = self._case_filters({k: v for k, v in filters.items() if k != "text"})
        where = " AND ".join([where, *clauses])
        params += more
        select = ", ".join(f"case_file.{c}" for c in LIST_COLUMNS)
        text = filters.get("text")
        if text:
            rows, cursor = search_index.ranked_rows(
                self.conn, text, CASE, table="case_file", select=select, where=where,
                params=params, limit=limit, after=after, offset=offset,
            )  # fmt: skip
        else:
            order = paging.order_of(sort or "-received_at", CASE_SORTS)
            rows, cursor = paging.page_rows(
                self.conn, select=select, source="case_file", where=where, params=params,
                order=order, after=after, limit=limit, offset=offset,
            )  # fmt: skip
        total = None
        if after is None and text:
            total = search_index.count_hits(
                self.conn, text, CASE, table="case_file", where=where, params=params
            )
        elif after is None:
            total = self.conn.execute(
                f"SELECT count(*) FROM case_file WHERE {where}", params
            ).fetchone()[0]
        now = times.now_local()
        calendar = self.calendar()
        cases = [
            repository.decode_row(CASE, dict(zip(LIST_COLUMNS, row, strict=False))) for row in rows
        ]
        children = repository.get_many(
            self.conn, CHILD, list(dict.fromkeys(c["child_id"] for c in cases))
        )
        names = {c["id"]: c["full_name"] for c in children}
        for case in cases:
            case["child_name"] = names.get(case["child_id"], "")
            case["deadlines"] = steps.deadline_state(case, now, calendar)
        return Page(cases, None if total is None else int(total), cursor)

    def _case_scope(self) -> tuple[str, list[Any]]:
        """The cases this user may list: all (managers), their own, and for intake also
        unassigned ones (desktop.domain.permissions decides who may read what)."""
        me = self.user.username
        scope = permissions.readable_cases(self.role)
        if scope == permissions.ALL_CASES:
            return "deleted = 0", []
        if scope == permissions.OWN_AND_UNASSIGNED:
            return "deleted = 0 AND (assigned_to = ? OR assigned_to = '')", [me]
        if scope == permissions.OWN_CASES:
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
        if filters.get("child_id"):
            clauses.append("child_id = ?")
            params.append(str(filters["child_id"]))
        if filters.get("unassigned"):
            clauses.append("assigned_to = ''")
        if filters.get("due_by"):
            clauses += [_DUE_BY]
            now = now_local()
            params += [now, str(filters["due_by"]), now[:10], str(filters["due_by"])[:10]]
        period = filters.get("period") or {}
        if isinstance(period, str):
            period = {"from": period, "to": period}
        start = filters.get("period_from") or period.get("from")
        end = filters.get("period_to") or period.get("to")
        if start:
            clauses.append("received_at >= ?")
            params.append(str(start)[:10])
        if end:  # '~' sorts after any time of that day
            clauses.append("received_at < ?")
            params.append(str(end)[:10] + "~")
        if filters.get("overdue"):
            now = now_local()
            # Stored due times are local ISO text (+07:00): text order is time order, and
            # the first 10 characters are the local day. The plan's period ends at the end
            # of its day (Civil Code Art. 148; older records kept the clock time).
            clauses.append(
                "((status <> 'closed' AND urgent = 1 AND emergency_measure_at IS NULL"
                " AND emergency_due IS NOT NULL AND emergency_due < ?) OR (status IN"
                " ('received','initial_assessment','needs_assessment','plan')"
                " AND plan_due IS NOT NULL AND substr(plan_due, 1, 10) < ?))"
            )
            params += [now, now[:10]]
        return clauses, params

    # --- moving through the steps ----------------------------------------------------------

    def move_case(
        self,
        case_id: str,
        to_step: str,
        data: dict[str, Any] | None = None,
        *,
        occurred_at: str | None = None,
    ) -> CaseMoved:
        """Move to the next Decree 56 step; `data` holds what the step being left produced.

        `occurred_at` (ISO-8601 with offset; also accepted as data["occurred_at"]): when the
        step was really done, for work done on paper first; not in the future, not before
        the case was received. Its timeline entries and `closed_at` carry that time.

        Returns CaseMoved (the case as it now is, the fields set, the entries written,
        deadlines, decisions). PermissionDenied (the step is not this user's, a transferred
        or duplicate case), ValidationError (what the step needs is missing or wrong;
        `occurred_at` in the future or before receipt), NotFound.
        """
        data = {
            k: (nfc(v) if k in MULTI_LINE_STEP_DATA else one_line(v)) if isinstance(v, str) else v
            for k, v in (data or {}).items()
        }
        occurred_at = occurred_at or data.pop("occurred_at", None)
        case = self._find(CASE, case_id, CASE_WHAT)
        if case["province_code"] != self.province_code:
            raise moved_away(case)  # transferred: read only here
        self._not_a_duplicate(case)
        from_step = case["status"]
        if to_step in steps.allowed_next(from_step):
            self._require(steps.transition_action(from_step, to_step), case["assigned_to"] or None)
        else:
            self._require("case.update", case["assigned_to"] or None)
        at = self._done_at(case, occurred_at)
        if steps.is_decision(from_step, to_step) and to_step in steps.allowed_next(from_step):
            data = self._decision(case, data, at)
        steps.check_transition(case, to_step, data, checks.taxonomy())
        self._check_approval_time(case, data)
        if (steps.is_decision(from_step, to_step) and self.role != "manager") or (
            to_step == steps.INTERVENTION and not steps.has_plan_approval(case)
        ):
            self._check_decision_is_new(case, data, to_step)
        changes = self._step_changes(case, to_step, data, at)
        if to_step == steps.REVIEW and case.get("review_on"):
            changes["review_on"] = None  # the review that was due is under way (issue 12)
        with self.store.transaction() as conn:
            # The case change first: central takes a system entry (closure, approval, step
            # change) only when its case shows the change (central/push.py).
            record, changed = repository.change(
                conn, self.actor, CASE, case["id"], changes, current=case
            )
            added = [
                self._entry(conn, case["id"], kind, text, entry_data, at=at)
                for kind, text, entry_data in self._step_entries(from_step, to_step, data, changes)
            ]
            if steps.CLOSED in (from_step, to_step):  # a national handoff hears the outcome
                self.handoffs.note_outcome(conn, case, record)  # type: ignore[attr-defined]
        return CaseMoved(
            case=Case.from_row(record),
            changed=tuple(sorted(changed)),
            added_entries=tuple(CaseEntry.from_row(e) for e in added),
            deadlines=Deadlines.of(
                steps.deadline_state(record, times.now_local(), self.calendar())
            ),
            approval=_decision_of(record, "plan"),
            closure_decision=_decision_of(record, "closure"),
        )

    def _decision(self, case: dict[str, Any], data: dict[str, Any], at: str) -> dict[str, Any]:
        """A closure or reopening is a manager's decision (Decree 56 Art. 30): a manager
        moving the case decides it (approver and date default to them and the move's time);
        anyone else names the manager who agreed (`approved_by`, a manager's username on
        this desk), when (`approved_at`) and the signed paper decision's number
        (`decision_no`): the design records decisions taken on paper; the closure or
        reopen entry's `created_by` keeps who typed it (docs/glossary.md). ValidationError
        when the approver is not a manager of this desk or the number is missing."""
        data = dict(data)
        if self.role == "manager":
            data.setdefault("approved_by", self.user.username)
            if not data.get("approved_by"):
                data["approved_by"] = self.user.username
            if not data.get("approved_at"):
                data["approved_at"] = times.local_iso(times.parse_local(at), timespec="auto")
        approver = data.get("approved_by")
        if isinstance(approver, str) and approver.strip():
            row = self.conn.execute(
                "SELECT role, disabled FROM app_user WHERE username = ?", (approver.strip(),)
            ).fetchone()
            if row is None or row["disabled"] or row["role"] != "manager":
                raise errors.bad_field(
                    "approved_by",
                    "Người đồng ý phải là một người quản lý (tên đăng nhập) của trung tâm.",
                    "The approver must be one of the centre's managers (their username).",
                )
            data["approved_by"] = approver.strip()
            if self.role != "manager" and not str(data.get("decision_no") or "").strip():
                # Recorded by someone else for a manager: the signed paper decision, by its
                # number; the entry's created_by says who typed it (review i12 #5).
                raise errors.bad_field(
                    "decision_no",
                    "Ghi quyết định của người quản lý thay họ thì cần số quyết định đã ký.",
                    "Recording a manager's decision for them needs the signed decision's number.",
                )
        return data

    def _check_approval_time(self, case: dict[str, Any], data: dict[str, Any]) -> None:
        """An approval or decision time is a real moment: not in the future, not before
        the case was received (ValidationError on `approved_at`)."""
        value = data.get("approved_at")
        if isinstance(value, str) and value.strip():
            self._done_moment(case, value, "approved_at")

    def _check_decision_is_new(
        self, case: dict[str, Any], data: dict[str, Any], to_step: str
    ) -> None:
        """A decision recorded for someone else (a closure or reopening a manager signed
        on paper) and a second plan's approval (Decree 56 Art. 30, 30.1(c)) are taken on
        what the step before them produced: `approved_at` is not before the case entered
        its current step (the last step change; for a second plan, the re-plan after the
        review). A second plan needs a decision of its own: a
        `decision_no` or `approved_at` an earlier plan approval of the case already used is
        refused (review i12 #4). ValidationError on the field."""
        value = data.get("approved_at")
        if not (isinstance(value, str) and value.strip()):
            return
        moment = times.parse_local(value.strip())
        earlier_plans = repository.select(
            self.conn,
            CASE_ENTRY,
            "case_id = ? AND deleted = 0 AND kind = 'plan_approval'",
            (case["id"],),
        )
        if to_step == steps.INTERVENTION and not earlier_plans:
            # The first plan's approval date against the plan step is not checked yet
            # (docs/glossary.md "Phê duyệt kế hoạch"; report-law2.md).
            return
        last = self.conn.execute(
            "SELECT occurred_at FROM case_entry WHERE case_id = ? AND deleted = 0"
            " AND kind = 'step_change' ORDER BY occurred_at DESC LIMIT 1",
            (case["id"],),
        ).fetchone()
        if last and moment < times.parse(last[0]).replace(second=0, microsecond=0):
            raise errors.bad_field(
                "approved_at",
                "Quyết định không được trước lúc hồ sơ chuyển sang bước hiện tại "
                f"({times.local_iso(last[0], timespec='minutes')}).",
                "The decision cannot be dated before the case entered its current step "
                f"({times.local_iso(last[0], timespec='minutes')}).",
            )
        if to_step != steps.INTERVENTION:
            return
        number = " ".join(str(data.get("decision_no") or "").split()).casefold()
        for earlier in earlier_plans:
            old = earlier.get("data") or {}
            old_number = " ".join(str(old.get("decision_no") or "").split()).casefold()
            old_at = old.get("approved_at")
            same_at = bool(old_at) and times.parse_local(str(old_at)) == moment
            if (number and number == old_number) or same_at:
                raise errors.bad_field(
                    "decision_no",
                    "Kế hoạch mới cần quyết định phê duyệt mới: số quyết định hoặc ngày "
                    "này đã dùng cho kế hoạch trước (Nghị định 56, Điều 30.1(c)).",
                    "A new plan needs a new approval decision: this decision number or "
                    "date was used for an earlier plan (Decree 56 Art. 30.1(c)).",
                )

    @staticmethod
    def _step_entries(
        from_step: str, to_step: str, data: dict[str, Any], changes: dict[str, Any]
    ) -> list[tuple[str, str, dict[str, Any]]]:
        """What a move writes to the timeline, in order: (kind, text, data)."""
        entries: list[tuple[str, str, dict[str, Any]]] = []
        reopening = from_step == steps.CLOSED
        for key, kind in STEP_TEXTS:
            if data.get(key) and kind != "reopen":
                entries.append((kind, str(data[key]), {"step": from_step}))
        if to_step == steps.INTERVENTION and "plan_approved_by" in changes:
            approval = {
                "approved_by": changes["plan_approved_by"],
                "approved_at": changes["plan_approved_at"],
                "decision_no": changes["plan_decision_no"],
            }
            entries.append(("plan_approval", "", approval))
        if to_step == steps.CLOSED:
            decision = {
                "closure_reason": data["closure_reason"],
                "approved_by": changes["closure_approved_by"],
                "approved_at": changes["closure_approved_at"],
                "decision_no": changes["closure_decision_no"],
            }
            entries.append(("closure", "", decision))
        if reopening:
            decision = {
                "step": from_step,
                "approved_by": str(data["approved_by"]),
                "approved_at": _local_text(data["approved_at"]),
                "decision_no": nfc(str(data.get("decision_no") or "")),
            }
            entries.append(("reopen", str(data["reason"]), decision))
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
            return times.now_utc()
        try:
            moment = times.parse_local(str(occurred_at))
        except ValueError:
            raise errors.bad_field(
                field,
                "Thời điểm không đúng định dạng (cần ngày giờ kèm múi giờ, ví dụ "
                "2026-10-03T14:05:00+07:00).",
                "Not a valid time (give the date and time with its offset, e.g. "
                "2026-10-03T14:05:00+07:00).",
            ) from None
        if moment > times.now_utc() + CLOCK_SLACK:
            raise errors.bad_field(
                field, "Thời điểm không được ở tương lai.", "The time cannot be in the future."
            )
        received = case.get("received_at")
        # Times are typed to the minute: the minute of receipt itself is not "before" it.
        if received and moment < times.parse(received).replace(second=0, microsecond=0):
            raise errors.bad_field(
                field,
                "Thời điểm không được trước lúc tiếp nhận hồ sơ.",
                "The time cannot be before the case was received.",
            )
        return moment

    def _step_changes(
        self, case: dict[str, Any], to_step: str, data: dict[str, Any], at: str
    ) -> dict[str, Any]:
        """The case fields a move sets. Back to planning (review → plan, or reopening)
        clears the old plan approval — a new plan needs its own (Decree 56 Art. 30.1(c)) —
        and counts the plan deadline again from the move (Civil Code Art. 147-148)."""
        changes: dict[str, Any] = {"status": to_step}
        if data.get("risk"):
            changes["risk"] = data["risk"]
        if data.get("urgent") is not None and "urgent" in data:
            changes["urgent"] = bool(data["urgent"])
            due = steps.emergency_due(case["received_at"], changes["urgent"])
            changes["emergency_due"] = _iso(due)
        if to_step == steps.INTERVENTION and not steps.has_plan_approval(case):
            changes["plan_approved_by"] = one_line(str(data["approved_by"]))
            changes["plan_approved_at"] = _local_text(data["approved_at"])
            changes["plan_decision_no"] = one_line(str(data["decision_no"]))
        if to_step == steps.CLOSED:
            changes["closure_reason"] = data["closure_reason"]
            changes["closed_at"] = at
            changes["closure_approved_by"] = str(data["approved_by"])
            changes["closure_approved_at"] = _local_text(data["approved_at"])
            changes["closure_decision_no"] = nfc(str(data.get("decision_no") or ""))
        if to_step == steps.PLAN and case["status"] in (steps.REVIEW, steps.CLOSED):
            changes.update(
                plan_approved_by="",
                plan_approved_at=None,
                plan_decision_no="",
                plan_due=_iso(steps.plan_due(at, self.calendar())),
            )
        if case["status"] == steps.CLOSED:
            changes.update(
                closed_at=None,
                closure_reason="",
                closure_approved_by="",
                closure_approved_at=None,
                closure_decision_no="",
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
        """Append to the timeline (never edited: a correction points at the entry it
        corrects, which must be on the same case). `occurred_at`: when it really happened
        (as for `move_case`); default now.

        Kinds a move writes (step change, plan approval, closure, reopening) are refused
        here (`steps.SYSTEM_ENTRY_KINDS`). An `emergency_measure` (Decree 56 Art. 26.3)
        carries data {"measure": code, "decided_by": who}; the first one meets the urgent
        case's 12-hour deadline (`emergency_measure_at`). ValidationError otherwise."""
        case = self._case_for("case.update", case_id)
        at = self._done_at(case, occurred_at)
        if data is not None and not isinstance(data, dict):
            raise errors.bad_field("data", "Cần là một đối tượng JSON.", "Must be a JSON object.")
        text = nfc(text) if isinstance(text, str) else ""
        data = {k: nfc(v) if isinstance(v, str) else v for k, v in (data or {}).items()}
        steps.check_entry(kind, text, data, checks.taxonomy())
        if corrects_id:
            corrected = repository.get(self.conn, CASE_ENTRY, str(corrects_id))
            if corrected is None or corrected["deleted"] or corrected["case_id"] != case["id"]:
                raise errors.bad_field(
                    "corrects_id",
                    "Không tìm thấy ghi chép cần sửa trong hồ sơ này.",
                    "No such entry on this case: a correction stays within its own case.",
                )
        with self.store.transaction() as conn:
            entry = self._entry(conn, case["id"], kind, text, data, corrects_id, at=at)
            due = case.get("follow_up_on")
            if kind == "follow_up" and due and due <= times.to_local(at).date().isoformat():
                # the follow-up that was due is done: its reminder goes (issue 12)
                case = repository.change(
                    conn, self.actor, CASE, case["id"], {"follow_up_on": None}, current=case
                )[0]
            if kind == steps.EMERGENCY_MEASURE and not case.get("emergency_measure_at"):
                repository.change(
                    conn, self.actor, CASE, case["id"], {"emergency_measure_at": at}, current=case
                )
        return Saved(entry["id"], "", CASE_ENTRY)

    @reports_changes
    def set_harm_commune(self, case_id: str, commune_code: str) -> Saved:
        """Record the commune where the harm happened (2025 code; '' clears it): its
        People's Committee is the one responsible (Decree 56). ValidationError on an
        unknown code."""
        case = self._case_for("case.update", case_id)
        code = _commune(commune_code)
        with self.store.transaction() as conn:
            repository.change(
                conn, self.actor, CASE, case["id"], {"harm_commune_code": code}, current=case
            )
        return Saved(case["id"], case["number"], CASE)

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
        check_not_restricted(
            repository.get(self.conn, CHILD, case["child_id"]) if case["child_id"] else None,
            "chuyển gửi",
            "refer the case",
        )
        if occurred_at and not sent_at:
            moment = self._done_moment(case, occurred_at, "occurred_at")
            sent_at = times.local_iso(moment)
        fields = checks.referral(
            {
                "case_id": case["id"],
                "agency": agency,
                "agency_name": agency_name,
                "reason": reason,
                "sent_at": sent_at or now_local(),
                "status": "sent",
            }
        ).fields
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
        changes = checks.referral(given, partial=True).fields
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
        """Assign case `case_id` to `username` ('' to unassign); returns the case
        (`changed`: {"case"}). PermissionDenied (managers assign), ValidationError on
        "assigned_to" (no such active user, or not a caseworker or manager), NotFound.
        Audited as "assign" with the assignee (the case's timeline shows it)."""
        case = self._find(CASE, case_id, CASE_WHAT)
        self._require("case.assign", case["assigned_to"] or None)
        if case["province_code"] != self.province_code:
            raise moved_away(case)
        self._not_a_duplicate(case)
        self._check_assignee(username)
        role = self.conn.execute(
            "SELECT role FROM app_user WHERE username = ?", (username,)
        ).fetchone()
        if username and role[0] not in (permissions.CASEWORKER, permissions.MANAGER):
            raise errors.bad_field(
                "assigned_to",
                "Chỉ giao hồ sơ cho nhân viên quản lý trường hợp hoặc lãnh đạo trung tâm.",
                "A case is assigned to a caseworker or a manager only.",
            )
        with self.store.transaction() as conn:
            _, changed = repository.change(
                conn, self.actor, CASE, case["id"], {"assigned_to": username}
            )
            if changed:  # who it went to, for the case's timeline (desktop.services.history)
                self._audit("assign", CASE, case["id"], {"to": username})
        return Saved(case["id"], case["number"], CASE)


def consent_view(case: dict[str, Any], on: date) -> CaseConsent:
    """The case's consent records and what they allow today (issue 12, Law 91/2025), for
    every purpose of desktop.domain.consent. `case`: the case's fields with "child" and
    "contacts" (records as stored dicts)."""
    contacts = [c for c in case.get("contacts") or [] if isinstance(c, dict)]
    records = tuple({"contact": c.get("number", ""), **(c.get("consent") or {})} for c in contacts)
    decisions = {}
    for purpose in consent.PURPOSES:
        decision = consent.decide_for_case(contacts, purpose, case.get("child"), on)
        enforced = purpose in consent.ENFORCED
        vi, en = decision.vi, decision.en
        if not decision.allowed and not enforced:
            vi += " Phần mềm chỉ ghi nhận, không chặn việc này (in, đồng bộ vẫn thực hiện)."
            en += " The desk records this but does not check it (prints and sync go ahead)."
        decisions[purpose] = ConsentDecision(
            allowed=decision.allowed, basis=decision.basis, vi=vi, en=en, enforced=enforced
        )
    return CaseConsent(records, decisions)
