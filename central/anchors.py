"""Audit anchors (issue 11): central keeps every audit head a desk sends and refuses, and
alerts on, a head that does not extend the last one it accepted from that desk.

"Extends" means: the desk says its chain *now* has, at the position of the last accepted
anchor (`base_seq`), the hash central holds for it (`base_hash`), and its new head is at
or after that position. A desk whose history was cut, emptied or rewritten below the last
anchor cannot say so truthfully. A refusal is stored (accepted = false), audited
`audit_anchor_refused` and logged at WARNING; `caseline-central anchors --refused` lists
them. A desk restored from a backup sends `restart` once: accepted as a new base, audited
`audit_anchor_restarted` (listed too).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, desc, insert, select

from central.audit import audit
from central.db import iso, utc_now
from central.devices import Device
from central.tables import audit_anchors
from desktop.sync import protocol as p

log = logging.getLogger("caseline.central")
GENESIS = "0" * 64
REBASE = "rebase"  # not a refusal: "ask again from my last anchor" (see receive)


def _extends(last: Any, req: p.AnchorRequest) -> str:
    """'' when `req` extends the accepted anchor `last`, else the reason it does not."""
    if req.base_seq != last.seq:
        return "base_moved" if req.base_seq else "base_missing"
    if req.base_hash != last.hash:
        return "history_rewritten"
    if req.seq < req.base_seq:
        return "history_shorter"
    if req.seq == req.base_seq and req.hash != req.base_hash:
        return "history_rewritten"
    return ""


def receive(engine: Engine, device: Device, req: p.AnchorRequest) -> p.AnchorReply:
    """Store the anchor; accepted unless it fails to extend the last accepted one."""
    with engine.begin() as conn:
        last = conn.execute(
            select(audit_anchors)
            .where(audit_anchors.c.device_id == device.device_id)
            .where(audit_anchors.c.accepted.is_(True))
            .order_by(desc(audit_anchors.c.id))
            .limit(1)
        ).first()
        reason = "" if last is None or req.restart else _extends(last, req)
        if reason in ("base_moved", "base_missing"):
            # The desk's receipt is behind central's (the reply to its last anchor was lost,
            # or the desk was killed before it stored it): nothing to judge yet. Central
            # names its last anchor and the desk asks again with the hash its chain has at
            # that position — the check that matters; an untruthful chain fails it there.
            return p.AnchorReply(
                accepted=False, last_seq=last.seq, last_hash=last.hash, reason=REBASE
            )
        accepted = reason == ""
        conn.execute(
            insert(audit_anchors).values(
                device_id=device.device_id,
                province_code=device.province_code,
                seq=req.seq,
                hash=req.hash,
                base_seq=req.base_seq,
                restart=req.restart,
                accepted=accepted,
                reason=reason or ("restart" if req.restart and last is not None else ""),
                received_at=utc_now(),
            )
        )
        if not accepted:
            audit(
                conn,
                "audit_anchor_refused",
                device_id=device.device_id,
                province_code=device.province_code,
                reason=reason,
                seq=req.seq,
                last_seq=last.seq,
            )
            log.warning("audit anchor refused device=%s reason=%s", device.device_id, reason)
        elif req.restart and last is not None:
            audit(
                conn,
                "audit_anchor_restarted",
                device_id=device.device_id,
                province_code=device.province_code,
                seq=req.seq,
                last_seq=last.seq,
            )
            log.warning("audit anchor restarted device=%s", device.device_id)
    if accepted:
        return p.AnchorReply(accepted=True, last_seq=req.seq, last_hash=req.hash)
    return p.AnchorReply(accepted=False, last_seq=last.seq, last_hash=last.hash, reason=reason)


def list_anchors(engine: Engine, *, alerts_only: bool = False) -> list[dict[str, Any]]:
    """Every anchor (or only refusals and restarts), oldest first."""
    query = select(audit_anchors).order_by(audit_anchors.c.id)
    if alerts_only:
        query = query.where(
            (audit_anchors.c.accepted.is_(False)) | (audit_anchors.c.reason == "restart")
        )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        {
            "device_id": r.device_id,
            "province_code": r.province_code,
            "seq": int(r.seq),
            "hash": r.hash,
            "base_seq": int(r.base_seq),
            "accepted": bool(r.accepted),
            "reason": r.reason,
            "received_at": iso(r.received_at),
        }
        for r in rows
    ]
