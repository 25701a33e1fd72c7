"""Central applies the desks' retention rules (issue 12; desktop.domain.retention, Law
91/2025/QH15): silent and prank calls lose the caller's details after their period,
contacts that never became a case are anonymised, closed cases are erased.

Central's changes go through the same push path as a desk's (`PushBatch`, one op per
record with the record's current rev as its base), so they get new revs, the change log
and the province digest, and every desk of the province pulls the emptied records.
`purge(dry_run=True)` lists exactly what `purge()` then removes. Runs under the seq lock.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from central.audit import audit
from central.db import take_seq_lock, utc_now
from central.devices import Device
from central.push import PushBatch, server_id
from central.tables import records
from desktop.domain import retention
from desktop.domain.records import RECORD_TYPES
from desktop.sync import protocol as p

CALLER_FIELDS = ("caller_name", "caller_phone", "caller_location")


@dataclass(frozen=True)
class Removal:
    """One record the purge changes: its province, entity, id, number, rule and action
    (clear_caller | anonymise | erase)."""

    province_code: str
    entity: str
    id: str
    number: str
    rule: str
    action: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def purge(
    engine: Engine,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
    days: dict[str, int] | None = None,
) -> list[Removal]:
    """Apply the retention rules at `now` with the periods `days` (rule code → days;
    the rules' defaults otherwise). Returns what is (or, with `dry_run`, would be) removed."""
    now = now or utc_now()
    periods = retention.periods(days or {})
    with engine.begin() as conn:
        take_seq_lock(conn)
        rows = {r.id: r for r in conn.execute(select(records).where(records.c.deleted.is_(False)))}
        plan = _plan(rows, now, periods)
        if dry_run or not plan:
            return plan
        by_province: dict[str, list[dict[str, Any]]] = {}
        for removal in plan:
            row = rows[removal.id]
            by_province.setdefault(removal.province_code, []).append(
                {
                    "op_id": server_id(),
                    "entity": removal.entity,
                    "record_id": removal.id,
                    "fields": _fields(removal, row.doc),
                    "base_rev": row.rev,
                    "user": "central",
                    "client_time": now.isoformat(),
                }
            )
        for province, ops in by_province.items():
            device = Device("central", province, "", None)
            results = PushBatch(conn, device, now).run(ops)
            refused = [r for r in results if r.status == p.REJECTED]
            if refused:
                raise RuntimeError(f"retention purge refused: {refused[0].reason}")
        for rule in retention.RULES:
            count = sum(1 for r in plan if r.rule == rule.code)
            if count:
                audit(
                    conn, "retention_purge", rule=rule.code, days=periods[rule.code], records=count
                )
    return plan


def _plan(rows: dict[str, Any], now: datetime, periods: dict[str, int]) -> list[Removal]:
    limits = {
        code: datetime.fromisoformat(retention.cutoff(now, days)) for code, days in periods.items()
    }

    def before(value: Any, rule: str) -> bool:
        """Is the stored time `value` (any offset) older than the rule's period?"""
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return False
        return moment.tzinfo is not None and moment < limits[rule]

    plan: list[Removal] = []
    taken: set[str] = set()
    contacts = sorted(
        (r for r in rows.values() if r.entity == "contact"),
        key=lambda r: (str(r.doc.get("received_at") or ""), r.id),
    )
    for row in contacts:
        doc = row.doc
        personal = any(doc.get(k) for k in (*CALLER_FIELDS, "summary"))
        if (
            doc.get("call_type") in ("silent", "prank")
            and personal
            and before(doc.get("received_at"), retention.SILENT_PRANK)
        ):
            plan.append(_removal(row, retention.SILENT_PRANK, "clear_caller"))
            taken.add(row.id)
    for row in contacts:
        doc = row.doc
        if row.id in taken or doc.get("case_id") or doc.get("follow_up"):
            continue  # a contact still marked for follow-up is held, as on the desk
        if any(doc.get(k) for k in (*CALLER_FIELDS, "summary", "child_ids")) and before(
            doc.get("received_at"), retention.CONTACT_WITHOUT_CASE
        ):
            plan.append(_removal(row, retention.CONTACT_WITHOUT_CASE, "anonymise"))
            taken.add(row.id)
    cases = sorted(
        (r for r in rows.values() if r.entity == "case"),
        key=lambda r: (str(r.doc.get("closed_at") or ""), r.id),
    )
    for case in cases:
        doc = case.doc
        if doc.get("status") != "closed" or not before(doc.get("closed_at"), retention.CLOSED_CASE):
            continue
        rule = retention.CLOSED_CASE
        plan.append(_removal(case, rule, "erase"))
        for row in rows.values():
            linked = row.doc.get("case_id") == case.id or row.doc.get("owner_id") == case.id
            if row.entity in ("case_entry", "referral", "attachment") and linked:
                plan.append(_removal(row, rule, "erase"))
            elif (
                row.entity == "contact"
                and row.doc.get("case_id") == case.id
                and row.id not in taken
            ):
                plan.append(_removal(row, rule, "anonymise"))
                taken.add(row.id)
        child_id = doc.get("child_id")
        others = [
            r
            for r in rows.values()
            if r.id != case.id
            and r.id not in taken
            and (
                (r.entity == "case" and r.doc.get("child_id") == child_id)
                or (r.entity == "contact" and child_id in (r.doc.get("child_ids") or []))
            )
        ]
        if child_id in rows and not others:
            plan.append(_removal(rows[child_id], rule, "erase"))
    return plan


def _removal(row: Any, rule: str, action: str) -> Removal:
    return Removal(
        row.province_code, row.entity, row.id, str(row.doc.get("number") or ""), rule, action
    )


def _fields(removal: Removal, doc: dict[str, Any]) -> dict[str, Any]:
    if removal.action == "clear_caller":
        return {**dict.fromkeys(CALLER_FIELDS, ""), "summary": "", "consent": {}}
    if removal.action == "anonymise":
        return {**dict.fromkeys(CALLER_FIELDS, ""), "summary": "", "consent": {}, "child_ids": []}
    blank = p.blank_record(removal.entity)
    keep = {"number", "case_id", "owner_entity", "owner_id", "kind", "status"}
    fields = {
        name: blank.get(name)
        for name in RECORD_TYPES[removal.entity].content_fields()
        if name not in keep
    }
    return {**fields, "deleted": True}
