"""Central authenticates before it queues (issue 11).

`DeviceGate` sits outside the overload limiter: a request to a device-only path
(`/v1/sync/…`, `/v1/devices/me`, `/v1/devices/wiped`) is checked against the device table
first, so a request with no token, an unknown token or a revoked one never takes one of
the limiter's slots and never reaches a route.

Refusals are *counted*, not written one by one: `RefusalLedger` keeps, per source address
and minute, how many refusals of each kind it saw, and writes **one audit row per source
per minute** (`auth_refused` or `revoked_device_refused`, detail
`{"source", "minute", "count", "reasons"}`), updated at most once a second while the
count grows. A source that has been refused more than `refusal_free_per_minute` times in
the current minute waits `refusal_delay_s` before each further refusal is answered (a
tarpit: a junk client's loop slows to one try a second per connection, at the cost of an
idle coroutine, while a desk with a valid token from the same address is never delayed).

Behind a reverse proxy the source is the proxy's `X-Forwarded-For` address as uvicorn
reports it (`--forwarded-allow-ips`, default 127.0.0.1).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import anyio
from sqlalchemy import Engine, insert, update
from starlette.types import ASGIApp, Receive, Scope, Send

from central.api.middleware import send_error
from central.db import utc_now
from central.devices import revoked_error, token_row, unauthorised
from central.tables import central_audit

log = logging.getLogger("caseline.central")

# Paths only an enrolled device may call; `wiped` also takes a revoked (lost) device.
DEVICE_PATHS = ("/v1/sync/", "/v1/devices/me")
LOST_DEVICE_PATHS = ("/v1/devices/wiped",)
ROW_KEY = "caseline.device_row"  # where the gate leaves the device row in scope["state"]
FLUSH_EVERY_S = 1.0


@dataclass
class _Tally:
    """Refusals of one (source, minute, action, device): the audit row that holds them."""

    count: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    row_id: int | None = None
    written_count: int = 0
    last_write: float = 0.0
    flush_pending: bool = False


class RefusalLedger:
    """Per-source, per-minute refusal counts and their audit rows (see the module doc).

    `note()` returns how many refusals the source has had in the current minute (all
    kinds), which decides the tarpit. Memory is bounded: tallies of past minutes are
    dropped once written.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.tallies: dict[tuple[str, str, str, str | None], _Tally] = {}
        self.per_source: dict[tuple[str, str], int] = {}
        self._lock = asyncio.Lock()

    @staticmethod
    def minute() -> str:
        return utc_now().strftime("%Y-%m-%dT%H:%MZ")

    async def note(
        self,
        source: str,
        action: str,
        reason: str,
        *,
        device_id: str | None = None,
        province_code: str | None = None,
    ) -> int:
        minute = self.minute()
        key = (source, minute, action, device_id)
        tally = self.tallies.setdefault(key, _Tally())
        tally.count += 1
        tally.reasons[reason] = tally.reasons.get(reason, 0) + 1
        seen = self.per_source.get((source, minute), 0) + 1
        self.per_source[(source, minute)] = seen
        self._forget_old(minute)
        now = time.monotonic()
        if now - tally.last_write >= FLUSH_EVERY_S:  # decided before any await: one writer
            tally.last_write = now
            await self._write(key, tally, province_code)
        elif not tally.flush_pending:
            tally.flush_pending = True
            asyncio.get_running_loop().call_later(
                FLUSH_EVERY_S,
                lambda: asyncio.ensure_future(self._write(key, tally, province_code)),
            )
        return seen

    async def _write(
        self, key: tuple[str, str, str, str | None], tally: _Tally, province: str | None
    ) -> None:
        async with self._lock:
            tally.flush_pending = False
            if tally.row_id is not None and tally.written_count == tally.count:
                return
            tally.written_count = tally.count
            detail = {
                "source": key[0],
                "minute": key[1],
                "count": tally.count,
                "reasons": dict(tally.reasons),
            }
            try:
                tally.row_id = await anyio.to_thread.run_sync(
                    self._store, key[2], key[3], province, detail, tally.row_id
                )
            except Exception as exc:  # the refusal stands even if the audit cannot be written
                log.error("refusal audit not written: %s", type(exc).__name__)

    def _store(
        self,
        action: str,
        device_id: str | None,
        province: str | None,
        detail: dict[str, Any],
        row_id: int | None,
    ) -> int:
        with self.engine.begin() as conn:
            if row_id is not None:
                conn.execute(
                    update(central_audit).where(central_audit.c.id == row_id).values(detail=detail)
                )
                return row_id
            done = conn.execute(
                insert(central_audit).values(
                    at=utc_now(),
                    action=action,
                    device_id=device_id,
                    province_code=province,
                    detail=detail,
                )
            )
            log.info("audit %s source-minute", action)
            return int(done.inserted_primary_key[0])

    def _forget_old(self, minute: str) -> None:
        if len(self.per_source) < 64:
            return
        for key in [k for k in self.per_source if k[1] != minute]:
            del self.per_source[key]
        for key in [k for k, t in self.tallies.items() if k[1] != minute and not t.flush_pending]:
            del self.tallies[key]


class DeviceGate:
    """Token check before the overload limiter (see the module doc).

    Leaves the device's table row in `scope["state"][ROW_KEY]` for `deps.current_device`.
    """

    def __init__(
        self,
        app: ASGIApp,
        engine: Engine,
        refusal_free_per_minute: int = 30,
        refusal_delay_s: float = 1.0,
    ) -> None:
        self.app = app
        self.engine = engine
        self.free = refusal_free_per_minute
        self.delay_s = refusal_delay_s
        self.ledger = RefusalLedger(engine)
        # Token look-ups get their own few threads: junk cannot take the pool pushes use.
        self.lookups = anyio.CapacityLimiter(4)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        lost_ok = path.startswith(LOST_DEVICE_PATHS)
        if not (lost_ok or path.startswith(DEVICE_PATHS)):
            return await self.app(scope, receive, send)
        authorization = _header(scope, b"authorization")
        row, reason = await anyio.to_thread.run_sync(
            token_row, self.engine, authorization, limiter=self.lookups
        )
        source = (scope.get("client") or ("unknown", 0))[0]
        if row is None:
            seen = await self.ledger.note(source, "auth_refused", reason)
            return await self._refuse(send, seen, unauthorised())
        if row.revoked_at is not None and not lost_ok:
            why = row.revoked_reason or "revoked"
            seen = await self.ledger.note(
                source,
                "revoked_device_refused",
                why,
                device_id=row.device_id,
                province_code=row.province_code,
            )
            return await self._refuse(send, seen, revoked_error(why))
        scope.setdefault("state", {})[ROW_KEY] = row
        return await self.app(scope, receive, send)

    async def _refuse(self, send: Send, seen: int, error: Any) -> None:
        if seen > self.free:
            await asyncio.sleep(self.delay_s)
        await send_error(send, error.status, error.body, error.headers)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None
