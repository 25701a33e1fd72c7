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
from central.tables import audit_anchors, devices
from desktop.domain import keychain
from desktop.sync import protocol as p

log = logging.getLogger("caseline.central")
GENESIS = "0" * 64
REBASE = "rebase"  # not a refusal: "ask again from my last anchor" (see receive)
RESTART_ALLOWED = "restart_allowed"  # a central admin's allowance (not an anchor)


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


def _last(conn: Any, device_id: str, *, accepted: bool = True) -> Any:
    return conn.execute(
        select(audit_anchors)
        .where(audit_anchors.c.device_id == device_id)
        .where(audit_anchors.c.accepted.is_(accepted))
        .order_by(desc(audit_anchors.c.id))
        .limit(1)
    ).first()


def _statement_used(conn: Any, device_id: str, signature: str) -> bool:
    return (
        conn.execute(
            select(audit_anchors.c.id)
            .where(audit_anchors.c.device_id == device_id)
            .where(audit_anchors.c.statement == signature)
            .where(audit_anchors.c.accepted.is_(True))
            .limit(1)
        ).first()
        is not None
    )


def _restart_allowed(conn: Any, device_id: str, last: Any) -> bool:
    """Did a central admin allow this device's next restart (`anchors --allow-restart`)
    since its last accepted anchor?"""
    query = (
        select(audit_anchors.c.id)
        .where(audit_anchors.c.device_id == device_id)
        .where(audit_anchors.c.reason == RESTART_ALLOWED)
    )
    if last is not None:
        query = query.where(audit_anchors.c.id > last.id)
    return conn.execute(query.limit(1)).first() is not None


def _judge_restart(conn: Any, device: Device, req: p.AnchorRequest, last: Any) -> str:
    """'' when a restart (a desk restored from a backup) may start a new base: it carries a
    restore statement signed by the key central last saw from the desk (or one certified
    by it), for the very point the desk's chain now starts from; or a central admin
    allowed it. Otherwise "restart_unsigned"."""
    if last is None:
        return ""
    stmt = req.restore
    known = last.signing_key or ""
    if stmt is not None and (req.base_seq, req.base_hash) == (stmt.seq, stmt.hash):
        if keychain.restore_statement_ok(stmt.model_dump(), device.device_id, known):
            return ""
    if _restart_allowed(conn, device.device_id, last):
        return ""
    return "restart_unsigned"


def _key_problem(req: p.AnchorRequest, last: Any) -> str:
    """'' when the desk's key chain still holds the key central last saw from it."""
    if last is None or not last.signing_key:
        return ""
    found = keychain.chain_keys([link.model_dump() for link in req.chain])
    return "" if found and last.signing_key in found else "signing_key_replaced"


def _chain_tail(req: p.AnchorRequest) -> str | None:
    found = keychain.chain_keys([link.model_dump() for link in req.chain])
    return found[-1] if found else None


def receive(engine: Engine, device: Device, req: p.AnchorRequest) -> p.AnchorReply:
    """Store the anchor; accepted unless it fails to extend the last accepted one, its key
    chain no longer holds the key central last saw, or it restarts without a signed
    restore statement (or a central admin's allowance)."""
    with engine.begin() as conn:
        last = _last(conn, device.device_id)
        restart = req.restart
        if restart and req.restore is not None:
            # A restart whose statement was already accepted (its reply lost): judged as
            # any other anchor from here on.
            restart = not _statement_used(conn, device.device_id, req.restore.signature)
        if restart:
            reason = _judge_restart(conn, device, req, last)
        else:
            reason = "" if last is None else _extends(last, req)
        if reason in ("base_moved", "base_missing"):
            # The desk's receipt is behind central's (the reply to its last anchor was lost,
            # or the desk was killed before it stored it): nothing to judge yet. Central
            # names its last anchor and the desk asks again with the hash its chain has at
            # that position — the check that matters; an untruthful chain fails it there.
            return p.AnchorReply(
                accepted=False, last_seq=last.seq, last_hash=last.hash, reason=REBASE
            )
        if not reason and not restart:
            reason = _key_problem(req, last)
        accepted = reason == ""
        conn.execute(
            insert(audit_anchors).values(
                device_id=device.device_id,
                province_code=device.province_code,
                seq=req.seq,
                hash=req.hash,
                base_seq=req.base_seq,
                restart=restart,
                accepted=accepted,
                reason=reason or ("restart" if restart and last is not None else ""),
                received_at=utc_now(),
                signing_key=_chain_tail(req) if accepted else None,
                statement=req.restore.signature if restart and req.restore else None,
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
        elif restart and last is not None:
            audit(
                conn,
                "audit_anchor_restarted",
                device_id=device.device_id,
                province_code=device.province_code,
                seq=req.seq,
                last_seq=last.seq,
                signed=req.restore is not None,
            )
            log.warning("audit anchor restarted device=%s", device.device_id)
    if accepted:
        return p.AnchorReply(accepted=True, last_seq=req.seq, last_hash=req.hash)
    return p.AnchorReply(accepted=False, last_seq=last.seq, last_hash=last.hash, reason=reason)


def allow_restart(engine: Engine, device_id: str, by: str = "") -> None:
    """A central admin lets this device's next restart start a new base without a signed
    restore statement (a desk restored by someone who is not its admin, e.g. over a
    damaged database, after the admin checked with the centre). Stored and audited."""
    with engine.begin() as conn:
        device = conn.execute(
            select(devices.c.device_id, devices.c.province_code).where(
                devices.c.device_id == device_id
            )
        ).first()
        if device is None:
            raise LookupError(device_id)
        conn.execute(
            insert(audit_anchors).values(
                device_id=device_id, province_code=device.province_code, seq=0, hash=GENESIS,
                base_seq=0, restart=True, accepted=False, reason=RESTART_ALLOWED,
                received_at=utc_now(),
            )
        )  # fmt: skip
        audit(conn, "audit_restart_allowed", device_id=device_id,
              province_code=device.province_code, by=by)  # fmt: skip


def list_anchors(engine: Engine, *, alerts_only: bool = False) -> list[dict[str, Any]]:
    """Every anchor (or only refusals and restarts), oldest first."""
    query = select(audit_anchors).order_by(audit_anchors.c.id)
    if alerts_only:
        query = query.where(
            (audit_anchors.c.accepted.is_(False)) | (audit_anchors.c.reason == "restart")
        )
    query = query.where(audit_anchors.c.reason != RESTART_ALLOWED)
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
