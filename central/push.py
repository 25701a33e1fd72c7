"""Applying a push: each op in its own savepoint, idempotent per op_id, field-level merge
with stored conflicts (DESIGN.md "Push first", "Merge, never lose").

Rules, per field the op sets:
- nobody else set it since the op's `base_rev` (or this same device did): applied;
- someone else set it since, to the same value: nothing to do;
- someone else set it since, to another value: central keeps its value and stores a
  `conflict` record with both (append-only entities and conflicts themselves never conflict).
A delete and an edit that cross each other: the delete stands, the edit is kept inside the
tombstone, and a conflict on `deleted` tells a manager (restoring is an ordinary edit).
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from central import handoffs
from central.audit import audit
from central.db import take_seq_lock, utc_now
from central.devices import Device, check_province
from central.digest import DigestBook
from central.errors import CentralError
from central.seq import SeqCounter
from central.tables import changes, records
from desktop.sync import protocol as p

log = logging.getLogger("caseline.central.push")

# Informational fields: always taken from the newest op, never a conflict.
INFO_FIELDS = frozenset({"created_at", "created_by", "updated_at", "updated_by"})
NUMBERED = frozenset({"contact", "case"})
CASE, CONTACT, HANDOFF = "case", "contact", "handoff"
# Timeline kinds only the step service writes, with the case change (desktop.domain.steps).
SYSTEM_ENTRY_KINDS = frozenset({"step_change", "plan_approval", "closure", "reopen", "transfer"})
# the records that move with a case transfer (issue 12)
CASE_ENTRY_ENTITY, REFERRAL_ENTITY, ATTACHMENT_ENTITY, CHILD_ENTITY = (
    "case_entry",
    "referral",
    "attachment",
    "child",
)


# Built once: per-op statements are the hot path of a first sync.
_INSERT_RECORD = insert(records)
_UPDATE_RECORD = update(records).where(records.c.id == bindparam("record_key"))
_INSERT_CHANGE = insert(changes)


class OpRejected(Exception):
    def __init__(self, reason: str, *, forbidden: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.forbidden = forbidden


@dataclass
class StoredRecord:
    id: str
    entity: str
    province_code: str
    rev: int
    deleted: bool
    assigned_device: str | None
    created_rev: int
    created_device: str
    field_revs: dict[str, list[Any]]
    doc: dict[str, Any]
    routed_to: str | None = None  # a national handoff: the province it is routed to

    def last_set(self, name: str) -> tuple[int, str, str]:
        """(rev, device, user) of the change that last set a field."""
        entry = self.field_revs.get(name)
        if entry:
            return int(entry[0]), str(entry[1]), str(entry[2]) if len(entry) > 2 else ""
        return self.created_rev, self.created_device, str(self.doc.get("created_by", ""))


@dataclass
class Outcome:
    result: p.OpResult
    record: StoredRecord
    old: StoredRecord | None
    extra: list[StoredRecord] = field(default_factory=list)  # conflict records made
    # Other records central changed for this op: (new, old) — a case marked duplicate.
    side: list[tuple[StoredRecord, StoredRecord]] = field(default_factory=list)


def server_id() -> str:
    """A time-ordered UUIDv7 for records central makes itself (conflicts)."""
    ms = time.time_ns() // 1_000_000
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76
    value |= int.from_bytes(os.urandom(10), "big") & ((1 << 76) - 1)
    value = (value & ~(0b11 << 62)) | (0b10 << 62)
    return str(uuid.UUID(int=value))


def apply_push(
    engine: Engine,
    device: Device,
    raw_ops: list[Any],
    deadlines: handoffs.Deadlines | None = None,
) -> p.PushResponse:
    """One transaction under the seq lock.

    Fast path: ops are checked and merged in memory, and their rows written together in one
    savepoint. If the database refuses anything, that savepoint is rolled back and the
    batch is replayed with one savepoint per op, so a bad op is answered `rejected` and
    never blocks the rest.
    """
    now = utc_now()
    with engine.begin() as conn:
        take_seq_lock(conn)
        results = _all_at_once(conn, device, now, raw_ops, deadlines)
        if results is None:
            results = PushBatch(conn, device, now, deadlines=deadlines).run(raw_ops)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    log.info("push device=%s ops=%d %s", device.device_id, len(results), counts)
    return p.PushResponse(results=results, server_time=now.isoformat(timespec="seconds"))


def _all_at_once(
    conn: Connection,
    device: Device,
    now: datetime,
    raw_ops: list[Any],
    deadlines: handoffs.Deadlines | None,
) -> list[p.OpResult] | None:
    savepoint = conn.begin_nested()
    try:
        results = PushBatch(conn, device, now, deferred=True, deadlines=deadlines).run(raw_ops)
    except (SQLAlchemyError, TypeError, ValueError) as exc:
        savepoint.rollback()
        log.info("batch replayed op by op (%s)", type(exc).__name__)
        return None
    savepoint.commit()
    return results


class PushBatch:
    def __init__(
        self,
        conn: Connection,
        device: Device,
        now: datetime,
        *,
        deferred: bool = False,
        deadlines: handoffs.Deadlines | None = None,
    ) -> None:
        self.conn = conn
        self.deadlines = deadlines or _default_deadlines()
        self.deferred = deferred
        self.in_db: set[str] = set()
        self.record_writes: dict[str, dict[str, Any]] = {}
        self.change_writes: list[dict[str, Any]] = []
        self.device = device
        self.now = now
        self.now_iso = now.isoformat(timespec="microseconds")
        self.seq = SeqCounter(conn)
        self.digests = DigestBook(conn)
        self.seen: dict[str, int] = {}
        self.stored: dict[str, StoredRecord] = {}
        self.numbers: dict[tuple[str, str], set[str]] = {}  # (entity, number) -> ids

    def run(self, raw_ops: list[Any]) -> list[p.OpResult]:
        parsed: list[p.Op | p.OpResult] = [self._parse(raw) for raw in raw_ops]
        ops = [op for op in parsed if isinstance(op, p.Op)]
        self.batch = ops  # a system entry may come before its case's op (older desks)
        self._load_seen([op.op_id for op in ops])
        self._load_records([op.record_id for op in ops])
        self._load_numbers(ops)
        results = []
        for item in parsed:
            results.append(item if isinstance(item, p.OpResult) else self._one(item))
        if self.deferred:
            self._flush()
        self.seq.save()
        self.digests.save()
        return results

    def _flush(self) -> None:
        inserts = [v for rid, v in self.record_writes.items() if rid not in self.in_db]
        updates = [
            {"record_key": rid, **{k: v for k, v in values.items() if k != "id"}}
            for rid, values in self.record_writes.items()
            if rid in self.in_db
        ]
        if inserts:
            self.conn.execute(_INSERT_RECORD, inserts)
        if updates:
            self.conn.execute(_UPDATE_RECORD, updates)
        if self.change_writes:
            self.conn.execute(_INSERT_CHANGE, self.change_writes)

    def _parse(self, raw: Any) -> p.Op | p.OpResult:
        if isinstance(raw, p.Op):  # read by the route's model
            return raw
        try:
            return p.Op.from_dict(raw)
        except p.ProtocolViolation as exc:
            op_id = raw.get("op_id") if isinstance(raw, dict) else None
            op_id = op_id if isinstance(op_id, str) and not p.values.bad_char(op_id) else ""
            return p.OpResult(op_id[:64], p.REJECTED, 0, str(exc)[:1000])

    def _load_seen(self, op_ids: list[str]) -> None:
        for chunk in _chunks(op_ids, 500):
            rows = self.conn.execute(
                select(changes.c.op_id, changes.c.rev).where(changes.c.op_id.in_(chunk))
            )
            self.seen.update({r.op_id: r.rev for r in rows})

    def _load_records(self, ids: list[str]) -> None:
        for chunk in _chunks(sorted(set(ids)), 500):
            rows = self.conn.execute(select(records).where(records.c.id.in_(chunk)))
            for r in rows:
                self.stored[r.id] = _stored(r)
                self.in_db.add(r.id)

    def _load_numbers(self, ops: list[p.Op]) -> None:
        """Who already holds the numbers this batch uses (one indexed query per kind)."""
        for entity in sorted(NUMBERED):
            wanted = sorted(
                {
                    op.fields["number"]
                    for op in ops
                    if op.entity == entity and isinstance(op.fields.get("number"), str)
                }
            )
            for chunk in _chunks(wanted, 500):
                rows = self.conn.execute(
                    select(records.c.id, records.c.number).where(
                        records.c.province_code == self.device.province_code,
                        records.c.entity == entity,
                        records.c.number.in_(chunk),
                    )
                )
                for r in rows:
                    self.numbers.setdefault((entity, r.number), set()).add(r.id)

    def _one(self, op: p.Op) -> p.OpResult:
        if op.op_id in self.seen:
            return p.OpResult(
                op.op_id, p.DUPLICATE, self.seen[op.op_id], record=self._echo(op.record_id)
            )
        if self.deferred:
            return self._one_deferred(op)
        savepoint = self.conn.begin_nested()
        try:
            outcome = self._apply(op)
            savepoint.commit()
        except OpRejected as exc:
            savepoint.rollback()
            if exc.forbidden:
                self._audit_forbidden(op)
            return p.OpResult(op.op_id, p.REJECTED, 0, exc.reason)
        except (SQLAlchemyError, TypeError, ValueError) as exc:
            savepoint.rollback()
            log.warning("op rejected device=%s: %s", self.device.device_id, type(exc).__name__)
            return p.OpResult(op.op_id, p.REJECTED, 0, "could not store this change")
        self._remember(outcome)
        return outcome.result

    def _one_deferred(self, op: p.Op) -> p.OpResult:
        """Memory only; rows are written by `_flush` (any other error: replay op by op)."""
        try:
            outcome = self._apply(op)
        except OpRejected as exc:
            if exc.forbidden:
                self._audit_forbidden(op)
            return p.OpResult(op.op_id, p.REJECTED, 0, exc.reason)
        self._remember(outcome)
        return outcome.result

    def _audit_forbidden(self, op: p.Op) -> None:
        audit(
            self.conn,
            "cross_province_denied",
            device_id=self.device.device_id,
            province_code=self.device.province_code,
            entity=op.entity,
            record_id=op.record_id,
        )

    def _remember(self, outcome: Outcome) -> None:
        changed = [(outcome.record, outcome.old)] + [(x, None) for x in outcome.extra]
        for rec, old in changed + outcome.side:
            self.stored[rec.id] = rec
            self.digests.replace(old, rec)
            number = rec.doc.get("number") if rec.entity in NUMBERED else None
            if isinstance(number, str) and number:
                self.numbers.setdefault((rec.entity, number), set()).add(rec.id)
        self.seen[outcome.result.op_id] = outcome.result.rev

    # ------------------------------------------------------------------ one op

    def _apply(self, op: p.Op) -> Outcome:
        # The value contract (desktop.domain.values): types, characters, lengths, nesting.
        reason = p.check_op_fields(op.entity, op.fields)
        if reason:
            raise OpRejected(reason)
        number = op.fields.get("number")
        if isinstance(number, str) and len(number) > 40:
            raise OpRejected("number: too long")
        old = self.stored.get(op.record_id)
        if old is not None:
            self._check_update_scope(op, old)
        else:
            self._check_create_scope(op)
        rev = self.seq.take()
        self._side: list[tuple[StoredRecord, StoredRecord]] = []
        if old is None:
            record, status, extra = self._create(op, rev), p.APPLIED, []
            if op.entity == CASE and self._duplicate_at_birth(record):
                status = p.MERGED
            if op.entity == HANDOFF:
                self._route(record)
                status = p.MERGED  # central set the deadline: the desk gets it all
        else:
            record, status, extra = self._update(op, old, rev)
        if old is None or old.doc.get("number") != record.doc.get("number"):
            extra += self._number_clash(op, record)
        if extra:
            status = p.CONFLICT
        record.doc["rev"] = rev
        if status != p.APPLIED:
            echo = None
        else:
            echo = self.device.device_id
        self._write(record, echo, exists=old is not None)
        self._log_change(op.op_id, op.entity, op.record_id, rev, status)
        if op.entity == HANDOFF:
            self._audit_handoff(old, record)
        result = p.OpResult(op.op_id, status, rev, "", [x.id for x in extra])
        if status != p.APPLIED:  # the desk has not seen all of it: send it whole
            result.record = dict(record.doc)
        return Outcome(result, record, old, extra, self._side)

    # ------------------------------------------------------------------ one live case

    def _load(self, record_id: str) -> StoredRecord | None:
        rec = self.stored.get(record_id)
        if rec is None and record_id:
            row = self.conn.execute(select(records).where(records.c.id == record_id)).first()
            if row is not None:
                rec = self.stored[row.id] = _stored(row)
                self.in_db.add(row.id)
        return rec

    def _live_case(self, case_id: Any) -> bool:
        """A case that counts as the contact's one case: not deleted, not a duplicate."""
        rec = self._load(case_id) if isinstance(case_id, str) else None
        return (
            rec is not None
            and rec.entity == CASE
            and rec.province_code == self.device.province_code
            and not rec.deleted
            and not rec.doc.get("duplicate_of")
        )

    def _duplicate_at_birth(self, case: StoredRecord) -> bool:
        """A new case for a contact that already has a live case is born its duplicate."""
        for contact_id in case.doc.get("contact_ids") or []:
            contact = self._load(contact_id) if isinstance(contact_id, str) else None
            if contact is None or contact.entity != CONTACT:
                continue
            first = contact.doc.get("case_id")
            if first and first != case.id and self._live_case(first):
                case.doc["duplicate_of"] = first
                case.field_revs["duplicate_of"] = [case.rev, "central", "central"]
                return True
        return False

    def _case_taken(self, op: p.Op, old: StoredRecord, value: Any) -> bool:
        """One contact, one live case: a contact op linking another case while the contact
        already has a live one keeps the first link, and the other case is marked as its
        duplicate (kept, with its entries, shown on every desk)."""
        first = old.doc.get("case_id")
        if op.entity != CONTACT or not value or not first or value == first:
            return False
        if not self._live_case(first):
            return False
        self._mark_duplicate(value, first)
        return True

    def _mark_duplicate(self, case_id: Any, first: str) -> None:
        old = self._load(case_id) if isinstance(case_id, str) else None
        if old is None or old.entity != CASE or old.doc.get("duplicate_of") == first:
            return
        if old.province_code != self.device.province_code:
            return
        rev = self.seq.take()
        doc = {**old.doc, "duplicate_of": first}
        revs = {**old.field_revs, "duplicate_of": [rev, "central", "central"]}
        new = StoredRecord(**{**old.__dict__, "rev": rev, "doc": doc, "field_revs": revs})
        audit(
            self.conn,
            "duplicate_case",
            device_id=self.device.device_id,
            province_code=old.province_code,
            entity=CASE,
            record_id=old.id,
            other_record_id=first,
        )
        self._write(new, None, exists=True)
        self._log_change(None, CASE, old.id, rev, "server")
        self._side.append((new, old))

    def _echo(self, record_id: str) -> dict[str, Any] | None:
        """The record as central now holds it, for an answer that is not `applied` — only
        when it is in this device's scope (an op_id is no key to another province)."""
        rec = self.stored.get(record_id)
        if rec is None or not self._in_scope(rec):
            return None
        return dict(rec.doc)

    def _in_scope(self, rec: StoredRecord) -> bool:
        """The device's province's record, one central assigned to it, or a national
        handoff routed to its province."""
        return (
            rec.province_code == self.device.province_code
            or rec.assigned_device == self.device.device_id
            or (rec.routed_to is not None and rec.routed_to == self.device.province_code)
        )

    def _route(self, record: StoredRecord) -> None:
        """A new handoff: routed to its province, with the acceptance deadline."""
        record.routed_to = str(record.doc["to_province"])
        record.doc["status"] = handoffs.HANDOFF_SENT
        record.doc["routed_at"] = self.now_iso
        record.doc["accept_by"] = self.deadlines.accept_by(self.now, bool(record.doc.get("urgent")))
        for name in ("routed_at", "accept_by"):
            record.field_revs[name] = [record.rev, "central", "central"]

    def _audit_handoff(self, old: StoredRecord | None, record: StoredRecord) -> None:
        action = handoffs.audit_action(old.doc if old else None, record.doc)
        if not action:
            return
        audit(
            self.conn,
            action,
            device_id=self.device.device_id,
            province_code=self.device.province_code,
            entity=HANDOFF,
            record_id=record.id,
            to_province=record.routed_to,
            urgent=bool(record.doc.get("urgent")),
        )

    def _check_create_scope(self, op: p.Op) -> None:
        province = op.fields.get("province_code")
        if not province:
            raise OpRejected("a new record needs its province_code")
        if op.entity == HANDOFF:
            why = handoffs.create_problem(self.device.province_code, op.fields, _is_province)
            if why:
                raise OpRejected(why, forbidden=province != self.device.province_code)
            return
        if province != self.device.province_code:
            raise OpRejected("record of another province", forbidden=True)
        if op.entity == CASE_ENTRY_ENTITY and op.fields.get("kind") in SYSTEM_ENTRY_KINDS:
            why = self._system_entry_problem(op)
            if why:
                raise OpRejected(why)

    def _system_entry_problem(self, op: p.Op) -> str:
        """A closure, plan approval, reopening, step change or transfer entry is written by
        the step service with the case change it records (issue 12: never by hand). Central
        takes one only when its case, as central holds it or as an op of the same push
        sets it, shows that change; '' when it does, the reason otherwise."""
        kind = op.fields.get("kind")
        case_id = op.fields.get("case_id")
        case = self._load(case_id) if isinstance(case_id, str) else None
        data = op.fields.get("data") if isinstance(op.fields.get("data"), dict) else {}
        states = [dict(case.doc)] if case is not None and case.entity == CASE else []
        # The case's ops in this push count as they were sent: one that lost a race to
        # another desk's edit (a conflict, central kept the other value) still recorded
        # this desk's step, and an older desk sent its entries before the case op.
        for other in getattr(self, "batch", []):
            if other.entity == CASE and other.record_id == case_id:
                base = states[-1] if states else {}
                states.append({**base, **other.fields})
        if not states:
            return f"a {kind} entry needs its case"
        if any(_shows(kind, data, state) for state in states):
            return ""
        return f"a {kind} entry is written only with its case's change (not by hand)"

    def _check_update_scope(self, op: p.Op, old: StoredRecord) -> None:
        mine = old.province_code == self.device.province_code
        if not self._in_scope(old):
            raise OpRejected("record of another province", forbidden=True)
        if old.entity != op.entity:
            raise OpRejected("record id used by another entity")
        if old.entity == HANDOFF:
            if mine:
                why = handoffs.national_edit_problem(old.doc, op.fields)
            else:
                why = handoffs.province_edit_problem(op.fields)
            if why:
                raise OpRejected(why)
        moved = op.fields.get("province_code")
        if moved is not None and moved != old.province_code:
            why = self._transfer_problem(op, old, moved, mine)
            if why:
                raise OpRejected(why)

    def _transfer_problem(self, op: p.Op, old: StoredRecord, moved: Any, mine: bool) -> str:
        """A record's province changes only under a case transfer (issue 12): the case op
        names the province it leaves (`transfer_from`), from a desk of that province, to
        another real province; its timeline, referrals, attachments and child follow once
        their case has moved. '' when allowed, the reason otherwise."""
        if not mine or not isinstance(moved, str) or not _is_province(moved):
            return "province_code cannot change"
        if op.entity == CASE:
            if op.fields.get("transfer_from") != old.province_code:
                return "province_code changes only with a case transfer (transfer_from)"
            return ""
        case = self._case_of(old)
        if (
            case is None
            or case.province_code != moved
            or case.doc.get("transfer_from") != old.province_code
        ):
            return "province_code changes only with its case's transfer"
        return ""

    def _case_of(self, rec: StoredRecord) -> StoredRecord | None:
        """The case a record moves with: an entry's or referral's case, an attachment's
        owner case, the case of a child (by `child_id`)."""
        doc = rec.doc
        if rec.entity in (CASE_ENTRY_ENTITY, REFERRAL_ENTITY):
            case_id = doc.get("case_id")
        elif rec.entity == ATTACHMENT_ENTITY and doc.get("owner_entity") == CASE:
            case_id = doc.get("owner_id")
        elif rec.entity == CHILD_ENTITY:
            for known in self.stored.values():
                if known.entity == CASE and known.doc.get("child_id") == rec.id:
                    if known.doc.get("transfer_from"):
                        return known
            row = self.conn.execute(
                select(records.c.id).where(
                    records.c.entity == CASE,
                    records.c.doc["child_id"].as_string() == rec.id,
                    records.c.deleted.is_(False),
                )
            ).first()
            case_id = row.id if row is not None else None
        else:
            return None
        found = self._load(case_id) if isinstance(case_id, str) else None
        return found if found is not None and found.entity == CASE else None

    def _create(self, op: p.Op, rev: int) -> StoredRecord:
        doc = p.blank_record(op.entity)
        doc.update(op.fields)
        doc["id"] = op.record_id
        stamp = op.client_time or self.now_iso
        for name, value in (("created_at", stamp), ("updated_at", stamp)):
            doc[name] = doc.get(name) or value
        for name in ("created_by", "updated_by"):
            doc[name] = doc.get(name) or op.user
        return StoredRecord(
            id=op.record_id,
            entity=op.entity,
            province_code=str(doc["province_code"]),
            rev=rev,
            deleted=bool(doc.get("deleted")),
            assigned_device=None,
            created_rev=rev,
            created_device=self.device.device_id,
            field_revs={},
            doc=doc,
        )

    def _update(
        self, op: p.Op, old: StoredRecord, rev: int
    ) -> tuple[StoredRecord, str, list[StoredRecord]]:
        me = self.device.device_id
        doc = dict(old.doc)
        field_revs = dict(old.field_revs)
        stamp = [rev, me, op.user]
        lost: list[tuple[str, Any]] = []
        free_merge = op.entity in p.APPEND_ONLY or op.entity == p.CONFLICT_ENTITY
        overruled = False
        for name, value in handoffs.without_central_fields(op.entity, op.fields).items():
            if name == "case_id" and self._case_taken(op, old, value):
                overruled = True  # the contact keeps its first case
                continue
            last_rev, last_dev, _ = old.last_set(name)
            if name in INFO_FIELDS or last_rev <= op.base_rev or last_dev == me or free_merge:
                doc[name] = value
                field_revs[name] = stamp
            elif doc.get(name) != value:
                lost.append((name, value))
        doc["updated_at"] = op.fields.get("updated_at") or op.client_time or self.now_iso
        doc["updated_by"] = op.fields.get("updated_by") or op.user
        others = _changed_by_others(old, op.base_rev, me)
        extra = [self._conflict(old, name, value, op) for name, value in lost]
        if not free_merge:
            extra += self._delete_crossing_edit(op, old, doc, others)
        record = StoredRecord(
            id=old.id,
            entity=old.entity,
            # changes only under a case transfer (`_transfer_problem`)
            province_code=str(doc.get("province_code") or old.province_code),
            rev=rev,
            deleted=bool(doc.get("deleted")),
            assigned_device=old.assigned_device,
            created_rev=old.created_rev,
            created_device=old.created_device,
            field_revs=field_revs,
            doc=doc,
            routed_to=old.routed_to,
        )
        status = p.CONFLICT if extra else (p.MERGED if others or overruled else p.APPLIED)
        return record, status, extra

    def _delete_crossing_edit(
        self, op: p.Op, old: StoredRecord, doc: dict[str, Any], others: bool
    ) -> list[StoredRecord]:
        """The delete stands either way; the crossing is flagged once as a conflict."""
        if not others:
            return []
        deleted_before = bool(old.doc.get("deleted"))
        deletes_now = op.fields.get("deleted") is True and not deleted_before
        del_rev, del_dev, _ = old.last_set("deleted")
        if deleted_before and "deleted" not in op.fields and del_rev > op.base_rev:
            if del_dev != self.device.device_id:
                return [self._conflict(old, "deleted", False, op)]
        if deletes_now:
            doc["deleted"] = True
            return [self._conflict(old, "deleted", True, op, kept=False, swap=True)]
        return []

    def _conflict(
        self,
        old: StoredRecord,
        name: str,
        other_value: Any,
        op: p.Op,
        *,
        kept: Any = None,
        swap: bool = False,
    ) -> StoredRecord:
        """A conflict record: the value central kept, the one that lost, who and when."""
        _, last_dev, last_user = old.last_set(name if not swap else "updated_at")
        kept_value = old.doc.get(name) if kept is None else kept
        rev = self.seq.take()
        cid = server_id()
        doc = p.blank_record(p.CONFLICT_ENTITY)
        doc.update(
            id=cid,
            province_code=old.province_code,
            rev=rev,
            created_at=self.now_iso,
            updated_at=self.now_iso,
            created_by="central",
            updated_by="central",
            record_entity=old.entity,
            record_id=old.id,
            field_name=name,
            kept_value=other_value if swap else kept_value,
            other_value=kept_value if swap else other_value,
            kept_by=op.user if swap else last_user,
            other_by=last_user if swap else op.user,
            other_device=last_dev if swap else self.device.device_id,
            other_at=op.client_time,
        )
        record = StoredRecord(
            cid,
            p.CONFLICT_ENTITY,
            old.province_code,
            rev,
            False,
            old.assigned_device,
            rev,
            "central",
            {},
            doc,
        )
        self._write(record, None, exists=False)
        self._log_change(None, p.CONFLICT_ENTITY, cid, rev, "server")
        return record

    def _number_clash(self, op: p.Op, record: StoredRecord) -> list[StoredRecord]:
        """Numbers are made offline: the same number on two ids is flagged, never fixed."""
        number = op.fields.get("number")
        if op.entity not in NUMBERED or not number:
            return []
        holders = self.numbers.get((op.entity, number), set()) - {record.id}
        if record.province_code != self.device.province_code:
            holders = set()  # numbers are per province; an assigned record keeps its own
        if not holders:
            return []
        clash_id = min(holders)
        audit(
            self.conn,
            "number_clash",
            device_id=self.device.device_id,
            province_code=record.province_code,
            entity=op.entity,
            record_id=record.id,
            other_record_id=clash_id,
        )
        temp = StoredRecord(**{**record.__dict__, "doc": dict(record.doc)})
        return [self._conflict(temp, "number", {"clashes_with": clash_id}, op)]

    # ------------------------------------------------------------------ writing

    def _write(self, rec: StoredRecord, echo: str | None, *, exists: bool) -> None:
        rec.doc["rev"] = rec.rev
        rec.doc["deleted"] = rec.deleted
        number = rec.doc.get("number") if rec.entity in NUMBERED else None
        values = {
            "entity": rec.entity,
            "province_code": rec.province_code,
            "number": (number or None) if isinstance(number, str) else None,
            "rev": rec.rev,
            "deleted": rec.deleted,
            "assigned_device": rec.assigned_device,
            "routed_to": rec.routed_to,
            "echo_device": echo,
            "created_rev": rec.created_rev,
            "created_device": rec.created_device,
            "field_revs": rec.field_revs,
            "doc": rec.doc,
            "server_updated_at": self.now,
        }
        if self.deferred:
            self.record_writes[rec.id] = {"id": rec.id, **values}
        elif exists:
            self.conn.execute(_UPDATE_RECORD, {"record_key": rec.id, **values})
        else:
            self.conn.execute(_INSERT_RECORD, {"id": rec.id, **values})

    def _log_change(
        self, op_id: str | None, entity: str, record_id: str, rev: int, status: str
    ) -> None:
        row = {
            "seq": rev,
            "op_id": op_id,
            "entity": entity,
            "record_id": record_id,
            "rev": rev,
            "status": status,
            "device_id": self.device.device_id,
            "at": self.now,
        }
        if self.deferred:
            self.change_writes.append(row)
        else:
            self.conn.execute(_INSERT_CHANGE, row)


def _changed_by_others(old: StoredRecord, base_rev: int, me: str) -> bool:
    if old.rev <= base_rev:
        return False
    if old.created_rev > base_rev and old.created_device != me:
        return True
    return any(int(e[0]) > base_rev and e[1] != me for e in old.field_revs.values())


def _stored(row: Any) -> StoredRecord:
    return StoredRecord(
        id=row.id,
        entity=row.entity,
        province_code=row.province_code,
        rev=row.rev,
        deleted=bool(row.deleted),
        assigned_device=row.assigned_device,
        created_rev=row.created_rev,
        created_device=row.created_device,
        field_revs=dict(row.field_revs or {}),
        doc=dict(row.doc),
        routed_to=row.routed_to,
    )


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _shows(kind: Any, data: dict[str, Any], case: dict[str, Any]) -> bool:
    """Does the case state `case` show the change a system entry of `kind` records?"""
    if kind == "step_change":
        return case.get("status") == data.get("to")
    if kind == "plan_approval":
        return bool(case.get("plan_approved_by")) and (
            case.get("plan_approved_by") == data.get("approved_by")
        )
    if kind == "closure":
        return case.get("status") == "closed" and bool(case.get("closure_approved_by"))
    if kind == "reopen":
        return case.get("status") != "closed"
    if kind == "transfer":
        return bool(case.get("transfer_from"))
    return True


def _is_province(code: str) -> bool:
    try:
        return check_province(code) == code
    except (ValueError, CentralError):
        return False


_DEADLINES: list[handoffs.Deadlines] = []


def _default_deadlines() -> handoffs.Deadlines:
    """The defaults (12 h urgent, 1 working day, bundled holidays) when the caller gives
    none (central's app passes its settings' `Deadlines`)."""
    if not _DEADLINES:
        _DEADLINES.append(handoffs.Deadlines())
    return _DEADLINES[0]
