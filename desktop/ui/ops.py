"""Background work for the UI: one DB worker thread, one network worker thread.

The DB worker owns the unlocked `Workspace` (the SQLCipher connection never crosses
threads). Widgets ask for work with `run_op(parent, op, success, failure)`: `op(ws)` runs
on the DB worker and its result (or error) comes back on the GUI thread by a queued
signal. The GUI thread never waits on the database or the network.

After a write, `DbWorker.operation_did_execute` fires with the names of the entities that
changed, so each view decides for itself whether to refresh (sync uses the same signal).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)

Op = Callable[[Any], Any]
Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]

ALL_ENTITIES = frozenset({"child", "contact", "case", "case_entry", "referral", "conflict"})


class Locked(Exception):
    """Raised on the DB worker when an op arrives while the desk is locked."""


class _Delivery(QObject):
    """Lives on the GUI thread; a queued signal carries finished work back to it."""

    delivered = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._run)

    @Slot(object)
    def _run(self, thunk: Callable[[], None]) -> None:
        thunk()


IDLE_CHECKPOINT_MS = 1500  # quiet time after a write before the WAL checkpoint


class DbWorker(QObject):
    """The one thread that touches the workspace."""

    operation_did_execute = Signal(object)  # frozenset of entity names that changed
    busy_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caseline-db")
        self._delivery = _Delivery()
        self._ws: Any = None
        self._pending = 0
        self._lock = threading.Lock()
        self._running_since: float | None = None  # monotonic start of the op running now
        # The WAL checkpoint runs here when saves stop for a moment, not inside a save
        # (issue 17: it set the save's 95th percentile).
        self._idle_upkeep = QTimer(self)
        self._idle_upkeep.setSingleShot(True)
        self._idle_upkeep.setInterval(IDLE_CHECKPOINT_MS)
        self._idle_upkeep.timeout.connect(self._checkpoint_when_idle)

    # -- workspace ------------------------------------------------------------------
    @property
    def unlocked(self) -> bool:
        return self._ws is not None

    def submit(self, fn: Callable[[], Any]) -> Future:
        """Run a plain function on the DB thread (no workspace). Used for open/close."""
        return self._executor.submit(fn)

    def install(self, ws: Any) -> None:
        """Called on the DB thread by the op that opened the workspace."""
        self._ws = ws
        defer = getattr(ws, "defer_checkpoints", None)
        if defer is not None:
            defer()

    def _checkpoint_when_idle(self) -> None:
        def work() -> None:
            ws = self._ws
            if ws is not None and hasattr(ws, "checkpoint_if_due"):
                ws.checkpoint_if_due()

        self._executor.submit(work)

    def _close_on_worker(self) -> None:
        ws, self._ws = self._ws, None
        if ws is not None:
            ws.close()

    def close_workspace(self) -> Future:
        return self._executor.submit(self._close_on_worker)

    # -- ops ------------------------------------------------------------------------
    def run_op(
        self,
        parent: QObject | None,
        op: Op,
        success: Success | None = None,
        failure: Failure | None = None,
        *,
        changes: Iterable[str] = (),
    ) -> Future:
        """Run `op(ws)` on the DB worker; call `success(result)` or `failure(error)` on the
        GUI thread. Never touch widgets in `op`: it runs on another thread.

        If `parent` is deleted before the op finishes, the callbacks are skipped.
        The workspace reports which entities the op wrote (`ws.take_changes()`);
        `operation_did_execute` then fires with them, so lists refresh without being told.
        `changes` adds entity names to that (only for writes the services cannot see).
        """
        extra = frozenset(changes)
        self._set_pending(+1)

        def work() -> None:
            ws = self._ws
            self._running_since = time.monotonic()
            try:
                if ws is None:
                    raise Locked()
                _forget_changes(ws)  # anything left over is not this op's
                result = op(ws)
            except BaseException as error:  # noqa: BLE001 - delivered to the GUI thread
                if ws is not None:
                    _forget_changes(ws)
                self._deliver(parent, lambda e=error: self._fail(e, failure))
                return
            finally:
                self._running_since = None
            changed = extra | _forget_changes(ws)
            self._deliver(parent, lambda: self._succeed(result, success, changed))

        return self._executor.submit(work)

    def running_for(self) -> float:
        """Seconds the op running now has taken so far (0 when the worker is idle); any
        thread may ask (the busy bar polls it)."""
        since = self._running_since
        return 0.0 if since is None else time.monotonic() - since

    def run_call(
        self,
        parent: QObject | None,
        fn: Callable[[], Any],
        success: Success | None = None,
        failure: Failure | None = None,
    ) -> Future:
        """Like `run_op` for work that needs no unlocked workspace (opening one, restore)."""
        self._set_pending(+1)

        def work() -> None:
            self._running_since = time.monotonic()
            try:
                result = fn()
            except BaseException as error:  # noqa: BLE001 - delivered to the GUI thread
                self._deliver(parent, lambda e=error: self._fail(e, failure))
                return
            finally:
                self._running_since = None
            self._deliver(parent, lambda: self._succeed(result, success, frozenset()))

        return self._executor.submit(work)

    def run_blocking(self, op: Op) -> Any:
        """For the network thread only: run `op(ws)` on the DB worker and wait for it.

        Never call this on the GUI thread."""
        if threading.current_thread() is threading.main_thread():
            raise RuntimeError("run_blocking must not be called on the GUI thread")

        def work() -> Any:
            if self._ws is None:
                raise Locked()
            return op(self._ws)

        return self._executor.submit(work).result()

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Block until everything queued so far has run (tests, shutdown)."""
        self._executor.submit(lambda: None).result(timeout)

    def shutdown(self) -> None:
        self.close_workspace()
        self._executor.shutdown(wait=True)

    # -- GUI-thread side ------------------------------------------------------------
    def _deliver(self, parent: QObject | None, thunk: Callable[[], None]) -> None:
        def guarded() -> None:
            self._set_pending(-1)
            if parent is not None and not shiboken6.isValid(parent):
                return
            thunk()

        self._delivery.delivered.emit(guarded)

    def _succeed(self, result: Any, success: Success | None, changed: frozenset[str]) -> None:
        if success is not None:
            success(result)
        if changed:
            self._idle_upkeep.start()
            self.operation_did_execute.emit(changed)

    def _fail(self, error: BaseException, failure: Failure | None) -> None:
        if isinstance(error, Locked):
            return  # the desk was locked meanwhile; nothing to show
        if failure is not None:
            failure(error)
            return
        from desktop.ui.messages import show_error

        show_error(None, error)

    def _set_pending(self, delta: int) -> None:
        with self._lock:
            before = self._pending
            self._pending += delta
            after = self._pending
        if (before == 0) != (after == 0):
            self.busy_changed.emit(after > 0)


class NetWorker:
    """The network thread: sync rounds and enrolment. Its DB access hops to the DB worker."""

    def __init__(self, db: DbWorker) -> None:
        self._db = db
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caseline-net")
        self._delivery = _Delivery()

    def run(
        self,
        parent: QObject | None,
        job: Callable[[], Any],
        success: Success | None = None,
        failure: Failure | None = None,
    ) -> Future:
        """Run `job()` on the network thread; deliver like `DbWorker.run_op`."""

        def deliver(thunk: Callable[[], None]) -> None:
            def guarded() -> None:
                if parent is not None and not shiboken6.isValid(parent):
                    return
                thunk()

            self._delivery.delivered.emit(guarded)

        def work() -> None:
            try:
                result = job()
            except BaseException as error:  # noqa: BLE001
                if failure is not None:
                    deliver(lambda e=error: failure(e))
                else:
                    log.warning("network job failed: %s", type(error).__name__)
                return
            if success is not None:
                deliver(lambda: success(result))

        return self._executor.submit(work)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


_db: DbWorker | None = None


def _forget_changes(ws: Any) -> frozenset[str]:
    """What the workspace wrote since it was last asked (nothing if it is closed now)."""
    try:
        return frozenset(ws.take_changes())
    except Exception:  # noqa: BLE001 - a workspace closed by the op (restore, wipe)
        return frozenset()


def db_worker() -> DbWorker:
    """The process-wide DB worker (made on first use, on the GUI thread)."""
    global _db
    if _db is None:
        _db = DbWorker()
    return _db


def run_op(
    parent: QObject | None,
    op: Op,
    success: Success | None = None,
    failure: Failure | None = None,
    *,
    changes: Iterable[str] = (),
) -> Future:
    """Run `op(ws)` on the DB worker thread and deliver the result on the GUI thread.

    Never touch widgets in `op`: it runs on another thread. `success(result)` and
    `failure(error)` run on the GUI thread, and only while `parent` still exists.
    """
    return db_worker().run_op(parent, op, success, failure, changes=changes)
