"""A lost or stolen desk wipes itself (docs/security.md "A lost laptop").

The central administrator runs `caseline-central revoke DEVICE_ID --lost`. On the desk's
next contact central answers 401 `revoked` with reason `lost`; the sync engine then:

1. counts the changes still in the outbox (they never reached central and are now lost),
   by kind — counts only, never content;
2. reports that count to central (`POST /v1/devices/wiped`; a lost device's token is
   still accepted for this one call), best effort;
3. closes the workspace and erases the desk's files: the key slots first (without them
   the encrypted database can never be opened again), then the database with its WAL,
   the wrong-password counts and any copies kept aside by a restore. Drafts live inside
   the database, so they go with it;
4. raises a `SyncError(kind="revoked", wiped=True)` that says so in both languages.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.db import layout
from desktop.db.keys import KEYSLOTS_FILE, LOCKOUT_FILE
from desktop.db.store import DB_FILE
from desktop.errors import SyncError
from desktop.sync import protocol as p
from desktop.sync.host import SyncHost

log = logging.getLogger("caseline.sync")

LOST_REASON = "lost"
KEY_FILES = (KEYSLOTS_FILE, KEYSLOTS_FILE + ".tmp")
DATA_FILES = (DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm", LOCKOUT_FILE, LOCKOUT_FILE + ".tmp")
SET_ASIDE = "before-restore-*"  # whole desks kept aside by `caseline restore`


def is_lost(error: SyncError) -> bool:
    """Central says this device was revoked because it was lost or stolen."""
    return error.kind == "revoked" and error.details.get("reason") == LOST_REASON


def unsent_changes(ws: SyncHost) -> p.WipeReport:
    rows = ws.store.conn.execute(  # parked ops (central refused them) never reached it either
        "SELECT entity, count(*) FROM (SELECT entity FROM outbox"
        " UNION ALL SELECT entity FROM rejected_op) GROUP BY entity"
    )
    by_entity = {str(entity): int(n) for entity, n in rows if entity in p.SYNCED_ENTITIES}
    return p.WipeReport(sum(by_entity.values()), by_entity)


def _overwrite_and_remove(path: Path) -> None:
    """Random bytes over the file, flushed, then unlinked (on SSDs old blocks may
    survive; they hold only ciphertext, and the key slots are gone first)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b", buffering=0) as fh:
            for start in range(0, size, 1 << 20):
                fh.write(os.urandom(min(1 << 20, size - start)))
            os.fsync(fh.fileno())
    except OSError:
        pass  # unreadable or vanishing: removing it is what matters
    path.unlink(missing_ok=True)


def erase_desk(data_dir: Path) -> int:
    """Remove the desk's key slots, database and kept-aside copies; returns files erased."""
    data_dir = Path(data_dir)
    erased = 0
    for name in KEY_FILES + DATA_FILES:
        if (data_dir / name).exists():
            _overwrite_and_remove(data_dir / name)
            erased += 1
        for leftover in layout.temp_leftovers(data_dir, name):  # an interrupted write
            _overwrite_and_remove(leftover)
            erased += 1
    for folder in sorted(data_dir.glob(SET_ASIDE)):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                _overwrite_and_remove(path)
                erased += 1
        shutil.rmtree(folder, ignore_errors=True)
    return erased


def wiped_error(report: p.WipeReport, reported: bool) -> SyncError:
    return SyncError(
        "revoked",
        "Máy này đã được báo mất: toàn bộ dữ liệu, khoá và bản nháp trên máy đã bị xoá. "
        f"{report.pending_ops} thay đổi chưa gửi lên máy chủ đã mất.",
        "This desk was reported lost: all its data, keys and drafts have been erased. "
        f"{report.pending_ops} changes never sent to central are lost.",
        reason=LOST_REASON,
        wiped=True,
        lost_ops=report.pending_ops,
        reported=reported,
    )


def wipe_lost_desk(run_db: Callable[[Callable[[Any], Any]], Any], client: Any) -> SyncError:
    """Report the unsent changes, close the workspace, erase the desk; the error to raise."""
    report = run_db(unsent_changes)
    data_dir = Path(run_db(lambda ws: ws.data_dir))
    reported = True
    try:
        client.report_wiped(report)
    except SyncError as exc:  # central unreachable now: wipe anyway, the count is logged
        reported = False
        log.info("could not report the wipe to central (%s)", exc.kind)
    run_db(lambda ws: ws.close())
    erased = erase_desk(data_dir)
    log.info(
        "desk reported lost: %d files erased, %d unsent changes lost", erased, report.pending_ops
    )
    return wiped_error(report, reported)
