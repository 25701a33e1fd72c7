"""A case's whole history for its timeline: the opening, every entry (steps, approvals,
notes…), assignments, referrals sent and updated, and printouts.

Entries and referrals are synced records, so every desk shows them; assignments and
prints come from this desk's audit log (what was done here).
"""

from __future__ import annotations

import json
from typing import Any

from desktop.db import repository
from desktop.domain import times
from desktop.domain.records import CASE, REFERRAL
from desktop.services.base import WorkspaceBase


class HistoryPart(WorkspaceBase):
    """`case_history(case_id)`: the events a case's timeline shows beside its entries."""

    def case_history(self, case_id: str) -> list[dict[str, Any]]:
        """[{"at" (ISO-8601), "who" (username), "kind", "data"}], oldest first, for case
        `case_id` (id or number). kind: "opened" {number, received_at}; "assigned" {to};
        "referral_sent" {agency, agency_name, reason}; "referral_updated" {agency,
        agency_name, status, outcome}; "printed" {report, redact}. The timeline entries
        themselves are `get_case(...).entries`. Not audited (the reader audits the
        view with `get_case`). PermissionDenied, NotFound."""
        case = self._case_for("case.read", case_id)
        events: list[dict[str, Any]] = [
            {  # Decree 56's process starts at receipt (a case opened later says so)
                "at": case.get("received_at") or case.get("created_at"),
                "who": case.get("created_by", ""),
                "kind": "opened",
                "data": {"number": case["number"], "received_at": case.get("received_at")},
            }
        ]
        referrals = repository.select(
            self.conn, REFERRAL, "case_id = ? AND deleted = 0", (case["id"],), "ORDER BY id"
        )
        updated_here: set[str] = set()
        for referral in referrals:
            about = {k: referral.get(k, "") for k in ("agency", "agency_name")}
            events.append(
                {
                    "at": referral.get("sent_at") or referral.get("created_at"),
                    "who": referral.get("created_by", ""),
                    "kind": "referral_sent",
                    "data": {**about, "reason": referral.get("reason", "")},
                }
            )
            for at, who, detail in self._audit_rows(referral["id"], ("edit",)):
                if {"status", "outcome"} & set(detail.get("fields") or []):
                    updated_here.add(referral["id"])
                    at = _not_before(at, referral.get("sent_at"))
                    events.append(self._referral_update(at, who, about, referral))
            if (
                referral["id"] not in updated_here
                and referral.get("rev", 0)
                and (referral.get("updated_at") != referral.get("created_at"))
            ):  # updated on another desk: its latest state
                events.append(
                    self._referral_update(
                        referral.get("updated_at"), referral.get("updated_by", ""), about, referral
                    )
                )
        for at, who, action, detail in self._case_audit(case["id"]):
            if action == "assign":
                events.append({"at": at, "who": who, "kind": "assigned", "data": detail})
            elif action in ("print", "export"):
                events.append({"at": at, "who": who, "kind": "printed", "data": detail})
        events.sort(key=_in_time)
        return events

    @staticmethod
    def _referral_update(
        at: Any, who: str, about: dict[str, Any], referral: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "at": at,
            "who": who,
            "kind": "referral_updated",
            "data": {
                **about,
                "status": referral.get("status", ""),
                "outcome": referral.get("outcome", ""),
            },
        }

    def _audit_rows(self, record_id: str, actions: tuple[str, ...]) -> list[tuple[str, str, dict]]:
        marks = ",".join("?" * len(actions))
        rows = self.conn.execute(
            f"SELECT at, username, detail FROM audit_event WHERE record_id = ?"  # noqa: S608
            f" AND action IN ({marks}) ORDER BY seq",
            (record_id, *actions),
        ).fetchall()
        return [(at, who, _detail(detail)) for at, who, detail in rows]

    def _case_audit(self, case_id: str) -> list[tuple[str, str, str, dict]]:
        rows = self.conn.execute(
            "SELECT at, username, action, detail FROM audit_event WHERE record_id = ?"
            " AND entity = ? AND action IN ('assign', 'print', 'export') ORDER BY seq",
            (case_id, CASE),
        ).fetchall()
        return [(at, who, action, _detail(detail)) for at, who, action, detail in rows]


_RANK = {"opened": 0, "referral_sent": 1}


def _in_time(event: dict[str, Any]) -> tuple:
    """By the second it happened (stored times mix UTC with microseconds and Vietnam time
    in seconds); within a second, an opening or a sending before what follows it."""
    try:
        moment = times.parse(event["at"]).replace(microsecond=0)
    except (TypeError, ValueError):
        moment = times.parse("1970-01-01T00:00:00+00:00")
    return (moment, _RANK.get(event["kind"], 2))


def _not_before(at: str, earliest: str | None) -> str:
    """`at`, or `earliest` when `at` falls before it (second-precision sent times)."""
    try:
        if earliest and times.parse(at) < times.parse(earliest):
            return earliest
    except ValueError:
        pass
    return at


def _detail(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


__all__ = ["HistoryPart"]
