"""Pull: the newest state of records in a device's scope, in rev (= seq) order, by pages.

The page and the cursor are read in one snapshot; seqs are handed out under the seq lock
in commit order, so everything at or below the counter read in that snapshot is visible
and the cursor can never pass a change that commits later. The last page carries the
scope digest (count + hash of live (id, rev)) for the desk's drift check.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from central.audit import audit
from central.db import iso, take_seq_lock, utc_now
from central.devices import Device
from central.errors import CentralError
from central.seq import read_state
from central.tables import province_digest, quarantine, records, server_state
from desktop.sync import protocol as p

log = logging.getLogger("caseline.central.pull")
TOMBSTONE_KEEP_DAYS = 365


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A consistent read-only view (REPEATABLE READ on PostgreSQL; SQLite reads are)."""
    options: dict[str, Any] = {"caseline_read": True}
    if engine.dialect.name == "postgresql":
        options["isolation_level"] = "REPEATABLE READ"
    with engine.connect().execution_options(**options) as conn:
        with conn.begin():
            yield conn


def _changed_rows(
    conn: Connection, device: Device, since: int, n: int, include_own: bool
) -> list[Any]:
    """The first `n` changed records in scope, in rev order. The province's records and
    those central assigned to this device are read apart, each along its own index."""
    mine = records.c.province_code == device.province_code
    handed = and_(
        records.c.assigned_device == device.device_id,
        records.c.province_code != device.province_code,
    )
    routed = and_(  # national handoffs to this province (issue 15)
        records.c.routed_to == device.province_code,
        records.c.province_code != device.province_code,
    )
    rows: list[Any] = []
    for scope in (mine, handed, routed):
        query = select(
            records.c.id,
            records.c.entity,
            records.c.province_code,
            records.c.rev,
            records.c.deleted,
            records.c.doc,
        ).where(scope, records.c.rev > since)
        if not include_own:
            query = query.where(
                or_(records.c.echo_device.is_(None), records.c.echo_device != device.device_id)
            )
        rows += conn.execute(query.order_by(records.c.rev).limit(n)).all()
    rows.sort(key=lambda r: r.rev)
    return rows[:n]


def pull_page(
    engine: Engine, device: Device, since: int, limit: int, *, include_own: bool = False
) -> bytes:
    """The page as JSON bytes (built by hand: pages are the hot path). A stored record the
    value contract says cannot be served (`protocol.stored_record_problems`: a lone
    surrogate, a wrong type, stored before the contract existed) is quarantined: left out
    of the page and of the scope digest, recorded in `quarantine` and audited once; the
    cursor still moves past it, so the rest of the province's pulls go on."""
    limit = max(1, min(limit, p.MAX_PULL_LIMIT))
    with snapshot(engine) as conn:
        state = read_state(conn)
        top, horizon = state["seq"], state["tombstone_horizon"]
        if since > top or 0 < since < horizon:
            raise CentralError(
                410,
                p.ERR_REBASELINE,
                "Dữ liệu trên máy đã quá cũ, cần tải lại từ đầu.",
                "This desk's copy is too old and must be pulled again from the start.",
                horizon=horizon,
            )
        rows = _changed_rows(conn, device, since, limit + 1, include_own)
        has_more = len(rows) > limit
        rows = rows[:limit]
        if has_more:
            next_since = rows[-1].rev
        else:
            next_since = max([since, top] + [r.rev for r in rows[-1:]])
        parts, skipped = _serialise(rows)
        digest = None if has_more else scope_digest(conn, device, skipped)
    if skipped:
        quarantine_records(engine, device, skipped)
    return _page_json(parts, next_since, has_more, digest, top)


def _serialise(rows: list[Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """Each row as a change's JSON text, and the rows that cannot be served."""
    parts: list[str] = []
    skipped: list[dict[str, Any]] = []
    for r in rows:
        doc = r.doc if isinstance(r.doc, dict) else json.loads(r.doc)
        why = p.stored_record_problems(r.entity, doc)
        if not why:
            try:
                text = json.dumps(doc, ensure_ascii=False)
                text.encode("utf-8")
            except (TypeError, ValueError):
                why = "cannot be written as JSON"
        if why:
            skipped.append(
                {
                    "record_id": r.id,
                    "rev": r.rev,
                    "entity": r.entity,
                    "province_code": r.province_code,
                    "deleted": bool(r.deleted),
                    "reason": why[:1000],
                }
            )
            continue
        parts.append(f'{{"entity":{json.dumps(r.entity)},"record":{text}}}')
    return parts, skipped


def quarantine_records(engine: Engine, device: Device, skipped: list[dict[str, Any]]) -> None:
    """Record (once per record and rev) and audit what a pull left out; no values."""
    for item in skipped:
        row = {k: item[k] for k in ("record_id", "rev", "entity", "province_code", "reason")}
        try:
            with engine.begin() as conn:
                seen = conn.execute(
                    select(quarantine.c.rev).where(
                        quarantine.c.record_id == item["record_id"],
                        quarantine.c.rev == item["rev"],
                    )
                ).first()
                if seen is not None:
                    continue
                conn.execute(insert(quarantine).values(**row, found_at=utc_now()))
                audit(
                    conn,
                    "record_quarantined",
                    device_id=device.device_id,
                    province_code=item["province_code"],
                    entity=item["entity"],
                    record_id=item["record_id"],
                    rev=item["rev"],
                    reason=item["reason"],
                )
        except IntegrityError:  # another pull recorded it at the same moment
            continue
        log.warning(
            "quarantined %s %s rev %s: %s",
            item["entity"],
            item["record_id"],
            item["rev"],
            item["reason"],
        )


def quarantined(engine: Engine, *, current_only: bool = True) -> list[dict[str, Any]]:
    """Quarantined records for the admin, oldest first; by default only those whose
    quarantined rev is still the record's current one (a later valid edit frees it)."""
    query = select(quarantine, records.c.rev.label("current_rev")).join(
        records, records.c.id == quarantine.c.record_id, isouter=True
    )
    if current_only:
        query = query.where(records.c.rev == quarantine.c.rev)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(quarantine.c.found_at)).all()
    return [
        {
            "record_id": r.record_id,
            "entity": r.entity,
            "province_code": r.province_code,
            "rev": int(r.rev),
            "reason": r.reason,
            "found_at": iso(r.found_at),
        }
        for r in rows
    ]


def scope_digest(
    conn: Connection, device: Device, skipped: list[dict[str, Any]] | None = None
) -> tuple[int, str, list[str]]:
    """(count, hash) of the live records in the device's scope that central serves:
    quarantined records (current rev) and those this page just left out are not counted,
    so a desk that has all it can get matches and does not re-pull for ever. Returns
    (count, hash, ids withheld)."""
    row = conn.execute(
        select(province_digest).where(province_digest.c.province_code == device.province_code)
    ).first()
    count, acc = (int(row.live_count), int(row.digest, 16)) if row else (0, 0)
    excluded = _excluded(conn, device, skipped or [])
    for (record_id, rev), province in excluded.items():
        if province == device.province_code:
            acc ^= p.record_digest(record_id, rev)
            count -= 1
    assigned = conn.execute(  # along ix_records_assigned_rev; tombstones skipped below
        select(records.c.id, records.c.rev, records.c.deleted).where(
            records.c.assigned_device == device.device_id,
            records.c.province_code != device.province_code,
        )
    )
    routed = conn.execute(  # along ix_records_routed_rev (issue 15)
        select(records.c.id, records.c.rev, records.c.deleted).where(
            records.c.routed_to == device.province_code,
            records.c.province_code != device.province_code,
            or_(
                records.c.assigned_device.is_(None),
                records.c.assigned_device != device.device_id,
            ),
        )
    )
    for r in [*assigned, *routed]:
        if r.deleted or (r.id, r.rev) in excluded:
            continue
        acc ^= p.record_digest(r.id, r.rev)
        count += 1
    return count, p.digest_hex(acc), sorted({rid for rid, _rev in excluded})


def _excluded(
    conn: Connection, device: Device, skipped: list[dict[str, Any]]
) -> dict[tuple[str, int], str]:
    """(id, rev) -> province of live records in scope that central does not serve."""
    mine = records.c.province_code == device.province_code
    handed = or_(
        records.c.assigned_device == device.device_id,
        records.c.routed_to == device.province_code,
    )
    rows = conn.execute(
        select(records.c.id, records.c.rev, records.c.province_code)
        .join(
            quarantine,
            and_(quarantine.c.record_id == records.c.id, quarantine.c.rev == records.c.rev),
        )
        .where(or_(mine, handed), records.c.deleted.is_(False))
    )
    out = {(r.id, int(r.rev)): r.province_code for r in rows}
    for item in skipped:
        if not item["deleted"]:
            out[(item["record_id"], int(item["rev"]))] = item["province_code"]
    return out


def _page_json(
    parts: list[str],
    next_since: int,
    has_more: bool,
    digest: tuple[int, str, list[str]] | None,
    top: int,
) -> bytes:
    head = {
        "next_since": next_since,
        "has_more": has_more,
        "server_time": utc_now().isoformat(timespec="seconds"),
        "scope_count": digest[0] if digest else None,
        "scope_hash": digest[1] if digest else None,
        "head_seq": top,
    }
    if digest and digest[2]:
        head["withheld"] = digest[2]
    body = json.dumps(head)[:-1] + ',"changes":[' + ",".join(parts) + "]}"
    return body.encode("utf-8")


def purge_tombstones(engine: Engine, keep_days: int = TOMBSTONE_KEEP_DAYS, now: Any = None) -> int:
    """Drop tombstones older than `keep_days` (never less than a year); desks whose cursor
    is older than the newest dropped one must re-baseline (410)."""
    keep_days = max(keep_days, TOMBSTONE_KEEP_DAYS)
    cutoff = (now or utc_now()) - timedelta(days=keep_days)
    with engine.begin() as conn:
        take_seq_lock(conn)
        old = and_(records.c.deleted.is_(True), records.c.server_updated_at < cutoff)
        newest = conn.execute(select(func.max(records.c.rev)).where(old)).scalar()
        if newest is None:
            return 0
        gone = conn.execute(delete(records).where(old)).rowcount
        conn.execute(
            update(server_state)
            .where(server_state.c.key == "tombstone_horizon", server_state.c.value < newest)
            .values(value=newest)
        )
    log.info("purged %d tombstones up to rev %d", gone, newest)
    return gone
