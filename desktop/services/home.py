"""The home page's figures: what each role looks at first after unlocking.

Every figure names the list it counts (`target` and `filters`), so the UI can open that
list with exactly those filters: a figure and its list never disagree.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from desktop.db import repository
from desktop.domain import permissions, steps, times
from desktop.domain.records import CASE, CHILD
from desktop.services.base import WorkspaceBase

DRAFTS = "drafts"  # the intake form (its draft), not a list
ADMIN_PAGE = "admin"
MONTHS_SHOWN = 13  # the same month last year … this month


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _figure(key: str, count: int, target: str, filters: dict[str, Any] | None = None) -> dict:
    return {"key": key, "count": int(count), "target": target, "filters": filters or {}}


class HomePart(WorkspaceBase):
    """`home()`: the figures of this user's home page."""

    def home(self) -> dict[str, Any]:
        """{"role", "figures": [{"key", "count", "target", "filters"}], …} for this user.

        target is "contacts" | "cases" | "children" (a list; `filters` as that list's
        service takes them), "drafts" (the intake form) or "admin". Per role:
        intake — contacts_today (mine, today), drafts (mine), follow_up (contacts marked
        for follow-up with no case yet); caseworker — overdue, due_24h, due_3_working_days
        (my open cases; Decree 56 deadlines, desktop.domain.steps) and "next_cases" (my
        open cases by next deadline, at most 15), "open_cases" (how many there are in all)
        and "open_cases_filters" (the cases list's filters for all of them); manager — overdue, unassigned,
        plans_waiting (cases at the plan step: approval by the commune chairperson, Decree
        56 Art. 28) and "months" ([{month "YYYY-MM", contacts, cases}], 13 months, oldest
        first); admin — users, disabled_users, and "desk" {device_code, enrolled,
        last_sync, pending_ops, last_backup, chain_ok, chain_problems}. No audit event: it
        shows counts only."""
        role = self.user.role
        out: dict[str, Any] = {"role": role, "figures": []}
        if role == permissions.INTAKE:
            out["figures"] = self._intake_figures()
        elif role == permissions.CASEWORKER:
            out["figures"] = self._deadline_figures(self.user.username)
            out["next_cases"], out["open_cases"] = self._next_cases(self.user.username)
            out["open_cases_filters"] = {"assigned_to": self.user.username, "open_only": True}
        elif role == permissions.MANAGER:
            out["figures"] = self._manager_figures()
            out["months"] = self._months()
        elif role == permissions.ADMIN:
            out.update(self._admin_home())
        if role != permissions.ADMIN:  # national handoffs (issue 15), target "handoffs"
            out["figures"] += self.handoffs.home_figures()  # type: ignore[attr-defined]
        return out

    # --- intake -----------------------------------------------------------------------------
    def _intake_figures(self) -> list[dict[str, Any]]:
        me, today = self.user.username, times.now_local().date().isoformat()
        today_filters = {"period_from": today, "period_to": today, "worker": me}
        mine_today = self.conn.execute(
            "SELECT count(*) FROM contact WHERE deleted = 0 AND worker = ?"
            " AND received_at >= ? AND substr(received_at, 1, 10) <= ?",
            (me, today, today),
        ).fetchone()[0]
        drafts = self.conn.execute(
            "SELECT count(*) FROM draft WHERE username = ?", (me,)
        ).fetchone()[0]
        waiting = self.conn.execute(
            "SELECT count(*) FROM contact WHERE deleted = 0 AND follow_up = 1"
            " AND (case_id IS NULL OR case_id = '')"
        ).fetchone()[0]
        return [
            _figure("contacts_today", mine_today, "contacts", today_filters),
            _figure("drafts", drafts, DRAFTS),
            _figure("follow_up", waiting, "contacts", {"follow_up": True}),
        ]

    # --- deadlines --------------------------------------------------------------------------
    def due_by_24h(self) -> str:
        """The moment 24 hours from now (local ISO text): the "within 24 h" bound."""
        return times.local_iso(times.now_local() + timedelta(hours=24))

    def due_by_working_days(self, n: int = 3) -> str:
        """The end of the n-th working day from today (local ISO text, the next day 00:00)."""
        day = self.calendar().add_working_days(times.now_local().date(), n)
        return datetime.combine(
            day + timedelta(days=1), datetime.min.time(), times.VN_TZ
        ).isoformat()

    def _deadline_figures(self, assigned_to: str | None) -> list[dict[str, Any]]:
        mine = {"assigned_to": assigned_to} if assigned_to else {}
        figures = []
        for key, filters in (
            ("overdue", {**mine, "overdue": True}),
            ("due_24h", {**mine, "due_by": self.due_by_24h()}),
            ("due_3_working_days", {**mine, "due_by": self.due_by_working_days(3)}),
        ):
            figures.append(_figure(key, self.list_cases(filters, 0, 0).total, "cases", filters))
        return figures

    def _next_cases(self, username: str, limit: int = 15) -> tuple[list[dict[str, Any]], int]:
        """My open cases, the nearest deadline first (overdue ones first of all): the
        first `limit` of them and how many there are in all (the page says when it is cut)."""
        rows = self.conn.execute(
            "SELECT id FROM case_file WHERE deleted = 0 AND assigned_to = ? AND status <> 'closed'",
            (username,),
        ).fetchall()
        now, calendar = times.now_local(), self.calendar()
        cases = []
        for (case_id,) in rows:
            case = repository.get(self.conn, CASE, case_id)
            state = steps.deadline_state(case, now, calendar)
            due = _next_due(case, state)
            child = repository.get(self.conn, CHILD, case["child_id"]) or {}
            cases.append(
                {
                    "id": case["id"],
                    "number": case["number"],
                    "child_name": child.get("full_name", ""),
                    "status": case["status"],
                    "risk": case["risk"],
                    "next_due": due,
                    "overdue": state["overdue"],
                }
            )
        cases.sort(key=lambda c: (not c["overdue"], c["next_due"] or "9999", c["number"]))
        return cases[:limit], len(cases)

    # --- manager ----------------------------------------------------------------------------
    def _manager_figures(self) -> list[dict[str, Any]]:
        figures = [
            _figure(
                "overdue",
                self.list_cases({"overdue": True}, 0, 0).total,
                "cases",
                {"overdue": True},
            )
        ]
        unassigned = {"unassigned": True, "open_only": True}
        figures.append(
            _figure("unassigned", self.list_cases(unassigned, 0, 0).total, "cases", unassigned)
        )
        plans = {"step": steps.PLAN}
        figures.append(_figure("plans_waiting", self.list_cases(plans, 0, 0).total, "cases", plans))
        return figures

    def _months(self) -> list[dict[str, Any]]:
        """Contacts and cases received per month, the same month last year … this month."""
        this_month = _month_start(times.now_local().date())
        first = _add_months(this_month, -(MONTHS_SHOWN - 1))
        counts: dict[str, dict[str, int]] = {}
        for key, query in (
            (
                "contacts",
                "SELECT substr(received_at, 1, 7), count(*) FROM contact"
                " WHERE deleted = 0 AND received_at >= ? GROUP BY 1",
            ),
            (
                "cases",
                "SELECT substr(received_at, 1, 7), count(*) FROM case_file"
                " WHERE deleted = 0 AND coalesce(duplicate_of, '') = '' AND received_at >= ?"
                " GROUP BY 1",
            ),
        ):
            for month, count in self.conn.execute(query, (first.isoformat(),)):
                counts.setdefault(month, {})[key] = int(count)
        months = []
        for step in range(MONTHS_SHOWN):
            month = _add_months(first, step)
            label = f"{month.year:04d}-{month.month:02d}"
            got = counts.get(label, {})
            end = _add_months(month, 1) - timedelta(days=1)
            months.append(
                {
                    "month": label,
                    "contacts": got.get("contacts", 0),
                    "cases": got.get("cases", 0),
                    "filters": {"period_from": month.isoformat(), "period_to": end.isoformat()},
                }
            )
        return months

    # --- admin ------------------------------------------------------------------------------
    def _admin_home(self) -> dict[str, Any]:
        users = self.list_users()
        state = self.sync.state()
        backup = self.conn.execute(
            "SELECT at FROM audit_event WHERE action = 'backup' ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        verification = self.verify()
        return {
            "figures": [
                _figure("users", sum(not u.disabled for u in users), ADMIN_PAGE),
                _figure("disabled_users", sum(u.disabled for u in users), ADMIN_PAGE),
            ],
            "desk": {
                "device_code": self.device_code,
                "enrolled": bool(state.enrolled),
                "last_sync": state.last_success or "",
                "pending_ops": int(state.pending_ops or 0),
                "last_backup": backup[0] if backup else "",
                "chain_ok": bool(verification["ok"]),
                "chain_problems": len(verification["problems"]),
            },
        }


def _next_due(case: dict[str, Any], state: dict[str, Any]) -> str | None:
    """The nearest deadline still to meet: the emergency measure (urgent, none recorded)
    or the plan (before intervention); None when neither applies."""
    dues = []
    if case.get("urgent") and not case.get("emergency_measure_at") and state["emergency_due"]:
        dues.append(state["emergency_due"])
    if case.get("status") in steps.STEPS[:4] and state["plan_due"]:
        dues.append(state["plan_due"])
    return min(dues) if dues else None


__all__ = ["HomePart"]
