"""The audit log for the people who answer for it (admin and managers): its events, newest
first, with filters, and whether the hash chain is intact. Reading it is itself audited."""

from __future__ import annotations

import json
from typing import Any

from desktop.services.base import WorkspaceBase
from desktop.services.types import Page

NUMBERED = {"contact": "contact", "case": "case_file"}  # entity → table with a number


class AuditLogPart(WorkspaceBase):
    """`audit_log(filters, offset, limit)` and `audit_users()`."""

    def audit_log(
        self, filters: dict[str, Any] | None = None, offset: int = 0, limit: int = 200
    ) -> Page:
        """One page of audit events, newest first, and how many match. filters: username,
        action (desktop.db.audit.ACTIONS), entity, date_from / date_to (ISO dates, UTC
        day of the event's time, both included). Rows: seq, at (ISO-8601 UTC), username,
        device, action, entity, record_id, number (the contact's or case's, else ''),
        detail (dict; never names or case text: the log refuses them). Permission
        audit.read (admin, managers); the first page's reading is audited as a "view" of
        the log. PermissionDenied."""
        self._require("audit.read")
        filters = filters or {}
        clauses, params = ["1"], []
        for key in ("username", "action", "entity"):
            if filters.get(key):
                clauses.append(f"{key} = ?")
                params.append(str(filters[key]))
        if filters.get("date_from"):
            clauses.append("at >= ?")
            params.append(str(filters["date_from"])[:10])
        if filters.get("date_to"):
            clauses.append("substr(at, 1, 10) <= ?")
            params.append(str(filters["date_to"])[:10])
        where = " AND ".join(clauses)
        total = self.conn.execute(
            f"SELECT count(*) FROM audit_event WHERE {where}",
            params,  # noqa: S608
        ).fetchone()[0]
        rows = self.conn.execute(
            "SELECT seq, at, username, device, action, entity, record_id, detail"
            f" FROM audit_event WHERE {where} ORDER BY seq DESC LIMIT ? OFFSET ?",  # noqa: S608
            [*params, max(0, int(limit)), max(0, int(offset))],
        ).fetchall()
        out = []
        for seq, at, username, device, action, entity, record_id, detail in rows:
            try:
                parsed = json.loads(detail)
            except ValueError:
                parsed = {}
            out.append(
                {
                    "seq": seq,
                    "at": at,
                    "username": username,
                    "device": device,
                    "action": action,
                    "entity": entity,
                    "record_id": record_id,
                    "number": self._number_of(entity, record_id),
                    "detail": parsed if isinstance(parsed, dict) else {},
                }
            )
        if not offset:
            self._audit("view", detail={"report": "audit_log"})
        return Page(out, int(total))

    def audit_users(self) -> list[str]:
        """The usernames that appear in the log (for its filter), sorted. audit.read."""
        self._require("audit.read")
        rows = self.conn.execute(
            "SELECT DISTINCT username FROM audit_event WHERE username <> '' ORDER BY 1"
        ).fetchall()
        return [r[0] for r in rows]

    def _number_of(self, entity: str, record_id: str) -> str:
        table = NUMBERED.get(entity)
        if not table or not record_id:
            return ""
        row = self.conn.execute(
            f"SELECT number FROM {table} WHERE id = ?",
            (record_id,),  # noqa: S608
        ).fetchone()
        return row[0] if row else ""


__all__ = ["AuditLogPart"]
