"""Unattended sync on a timer (DESIGN.md "Schedule"): an APScheduler 3 interval job with
jitter, `max_instances=1`, `coalesce=True`, plus "sync now". Failures back off
exponentially with jitter, a 429's Retry-After is honoured, and a revoked device, a
required upgrade or a TLS certificate problem stops the schedule and says so in the status.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from desktop.domain import times
from desktop.errors import SyncError
from desktop.sync.engine import SyncEngine, SyncStatus

log = logging.getLogger("caseline.sync")

INTERVAL_JOB = "caseline-sync"
RETRY_JOB = "caseline-sync-retry"
NOW_JOB = "caseline-sync-now"
# Not retried on the timer: only a person can fix them (a TLS certificate: `--ca-file`,
# the server's admin; see client.TlsError). "Sync now" starts the schedule again.
FATAL_KINDS = ("revoked", "upgrade", "tls")


class SyncScheduler:
    def __init__(
        self,
        engine: SyncEngine,
        interval_s: float = 300,
        on_status: Callable[[SyncStatus], None] | None = None,
        *,
        backoff_base_s: float = 15.0,
        backoff_max_s: float = 1800.0,
    ) -> None:
        self.engine = engine
        self.interval_s = interval_s
        self.on_status = on_status
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.failures = 0
        self.stopped_reason: str | None = None
        self._scheduler: BackgroundScheduler | None = None
        self._not_before: datetime | None = None
        self._guard = threading.Lock()

    @property
    def running(self) -> bool:
        return self._scheduler is not None and self._scheduler.running

    def start(self) -> None:
        with self._guard:
            if self.running:
                return
            self.stopped_reason = None
            self.engine.mark_stopped(None)
            scheduler = BackgroundScheduler(daemon=True)
            scheduler.add_job(
                self._tick,
                "interval",
                seconds=self.interval_s,
                jitter=max(1, int(self.interval_s * 0.1)),
                id=INTERVAL_JOB,
                max_instances=1,
                coalesce=True,
                next_run_time=times.now_utc() + timedelta(seconds=1),
            )
            scheduler.start()
            self._scheduler = scheduler

    def stop(self, wait: bool = True) -> None:
        with self._guard:
            scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None and scheduler.running:
            scheduler.shutdown(wait=wait)

    def sync_now(self) -> None:
        """Run a round as soon as possible, in the background (never blocks the caller)."""
        self._not_before = None
        if not self.running:
            self.start()
        assert self._scheduler is not None
        self._scheduler.add_job(
            self._tick, id=NOW_JOB, replace_existing=True, max_instances=1, coalesce=True
        )

    # ------------------------------------------------------------------ one attempt

    def _tick(self) -> None:
        now = times.now_utc()
        if self._not_before is not None and now < self._not_before:
            return  # backing off; the retry job comes at _not_before
        try:
            self.engine.sync_once()
        except SyncError as exc:
            self._failed(exc)
        except Exception as exc:  # never let the timer thread die silently
            log.exception("sync round crashed")
            self._failed(SyncError("server", "Lỗi đồng bộ.", "Sync failed.", cause=str(exc)))
        else:
            self.failures = 0
            self._not_before = None
        self._report()

    def _failed(self, exc: SyncError) -> None:
        if exc.kind in FATAL_KINDS:
            self.stopped_reason = exc.kind
            self.engine.mark_stopped(exc.kind)
            log.warning("sync stopped: %s", exc.kind)
            threading.Thread(target=self.stop, kwargs={"wait": False}, daemon=True).start()
            return
        self.failures += 1
        delay = self.next_delay(exc)
        self._not_before = times.now_utc() + timedelta(seconds=delay)
        if self._scheduler is not None and self.running:
            self._scheduler.add_job(
                self._tick,
                "date",
                run_date=self._not_before,
                id=RETRY_JOB,
                replace_existing=True,
            )
        log.info("sync failed (%s); next try in %.0fs", exc.kind, delay)

    def next_delay(self, exc: SyncError | None = None) -> float:
        """Exponential backoff with full jitter; a server's Retry-After is a floor."""
        ceiling = min(self.backoff_max_s, self.backoff_base_s * 2 ** max(0, self.failures - 1))
        delay = random.uniform(ceiling / 2, ceiling)
        retry_after: Any = exc.details.get("retry_after") if exc is not None else None
        if isinstance(retry_after, int | float):
            delay = max(delay, float(retry_after))
        return delay

    def _report(self) -> None:
        status = self.engine.status
        if self.on_status is not None:
            try:
                self.on_status(status)
            except Exception:
                log.exception("on_status callback failed")
