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

from sqlalchemy import Connection, Engine, and_, delete, func, or_, select, update

from central.db import take_seq_lock, utc_now
from central.devices import Device
from central.errors import CentralError
from central.seq import read_state
from central.tables import province_digest, records, server_state
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
    rows: list[Any] = []
    for scope in (mine, handed):
        query = select(records.c.entity, records.c.rev, records.c.doc).where(
            scope, records.c.rev > since
        )
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
    """The page as JSON bytes (built by hand: pages are the hot path)."""
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
        digest = None if has_more else scope_digest(conn, device)
    return _page_json(rows, next_since, has_more, digest, top)


def scope_digest(conn: Connection, device: Device) -> tuple[int, str]:
    row = conn.execute(
        select(province_digest).where(province_digest.c.province_code == device.province_code)
    ).first()
    count, acc = (int(row.live_count), int(row.digest, 16)) if row else (0, 0)
    assigned = conn.execute(  # along ix_records_assigned_rev; tombstones skipped below
        select(records.c.id, records.c.rev, records.c.deleted).where(
            records.c.assigned_device == device.device_id,
            records.c.province_code != device.province_code,
        )
    )
    for r in assigned:
        if r.deleted:
            continue
        acc ^= p.record_digest(r.id, r.rev)
        count += 1
    return count, p.digest_hex(acc)


def _page_json(
    rows: list[Any], next_since: int, has_more: bool, digest: tuple[int, str] | None, top: int
) -> bytes:
    parts = []
    for r in rows:
        doc = r.doc if isinstance(r.doc, dict) else json.loads(r.doc)
        entity = json.dumps(r.entity)
        parts.append(f'{{"entity":{entity},"record":{json.dumps(doc, ensure_ascii=False)}}}')
    head = {
        "next_since": next_since,
        "has_more": has_more,
        "server_time": utc_now().isoformat(timespec="seconds"),
        "scope_count": digest[0] if digest else None,
        "scope_hash": digest[1] if digest else None,
        "head_seq": top,
    }
    body = json.dumps(head)[:-1] + ',"changes":[' + ",".join(parts) + "]}"
    return body.encode()


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
