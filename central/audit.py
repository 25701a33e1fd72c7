"""Central's audit trail: what happened, by which device, in which province — no names,
phone numbers, notes or summaries ever go here."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Connection, insert

from central.db import utc_now
from central.tables import central_audit

log = logging.getLogger("caseline.central")


def audit(
    conn: Connection,
    action: str,
    *,
    device_id: str | None = None,
    province_code: str | None = None,
    **detail: Any,
) -> None:
    conn.execute(
        insert(central_audit).values(
            at=utc_now(),
            action=action,
            device_id=device_id,
            province_code=province_code,
            detail=detail,
        )
    )
    log.info("audit %s device=%s province=%s", action, device_id, province_code)
