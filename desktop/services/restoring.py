"""Putting a backup in place of a desk's files, keeping the old ones aside until it worked.

Everything here works on files: the backup is checked in full (passphrase, checksum,
contents) into a file next to the live database BEFORE the live files are touched, so a
wrong passphrase or a damaged backup changes nothing. The files set aside stay encrypted.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.db import audit, backup, keys, repository
from desktop.db.connection import disk_problem
from desktop.db.store import DB_FILE, Store
from desktop.sync import anchor

INCOMING_FILE = DB_FILE + ".incoming"
# What makes a desk: the database (with its WAL files) and the key slots.
DESK_FILES = (DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm", keys.KEYSLOTS_FILE)
MANIFEST_KEYS = ("created_at", "centre", "province_code", "device_code")
# A full disk, a quota, or a file-size limit: the unpacked copy could not be written.
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


@dataclass
class CheckedBackup:
    """A backup unpacked (still encrypted, with the desk's data key) next to the desk."""

    db_file: Path
    data_key: bytes
    slots_text: str
    header: dict[str, Any]

    def discard(self) -> None:
        self.db_file.unlink(missing_ok=True)


def check_backup(path: Path, passphrase: str, data_dir: Path) -> CheckedBackup:
    """Unpack and check the whole backup into data_dir/caseline.db.incoming.
    WrongPassword or StoreError (damaged) with nothing left behind."""
    path, data_dir = Path(path), Path(data_dir)
    header, _ = backup.read_header(path)
    db_file = data_dir / INCOMING_FILE
    try:
        data_key, slots_text, _ = backup.unpack_backup(path, passphrase, db_file)
    except BaseException as exc:
        db_file.unlink(missing_ok=True)  # (the unpacking's temporary file is already gone)
        if isinstance(exc, OSError) and exc.errno in _NO_SPACE:
            raise disk_problem(exc) from exc
        raise
    return CheckedBackup(db_file, data_key, slots_text, header)


def install(
    checked: CheckedBackup,
    data_dir: Path,
    *,
    restored_by: str = "",
    carried: dict[int, int] | None = None,
    sign_restore: Callable[[int, str], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Make the checked backup the desk in data_dir (which holds no desk files now), audit
    the restore inside it, start a new block of numbers (above `carried`, {year: last
    sequence} of the desk it replaced when that one could be read); returns the backup's
    manifest. `sign_restore(seq, hash)`: the restoring admin's signed restore statement
    for the restored chain's head, which central needs to accept the restart (without it,
    central's admin must allow it: `caseline-central anchors --allow-restart`)."""
    data_dir = Path(data_dir)
    os.replace(checked.db_file, data_dir / DB_FILE)
    store = Store.open(data_dir / DB_FILE, checked.data_key)
    try:
        with store.transaction() as conn:
            audit.append(
                conn,
                username=restored_by,
                device=str(checked.header.get("device_code", "")),
                action="restore",
                detail={"backup_created_at": checked.header.get("created_at", "")},
            )
            count, head = audit.chain_head(conn, from_rows=True)
            statement = sign_restore(count, head) if sign_restore else None
            anchor.mark_restart(conn, statement)  # the history went back on purpose
            # numbers given after the backup may be out of sight: never give them again
            floor = repository.start_block_after_restore(conn, datetime.now(UTC), carried)
    finally:
        store.close()
    keys.KeySlots(data_dir).restore_text(checked.slots_text)
    return {**{k: checked.header.get(k) for k in MANIFEST_KEYS}, "numbers_from": floor + 1}


def set_aside(data_dir: Path) -> Path:
    """Move the desk's files into data_dir/before-restore-<UTC time>/ (still encrypted)."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    kept = data_dir / f"before-restore-{stamp}"
    suffix = 1
    while kept.exists():  # two restores in the same second
        suffix += 1
        kept = data_dir / f"before-restore-{stamp}-{suffix}"
    kept.mkdir()
    try:
        for name in DESK_FILES:
            if (data_dir / name).exists():
                (data_dir / name).rename(kept / name)
    except BaseException:
        put_back(kept, data_dir)
        raise
    return kept


def put_back(kept: Path, data_dir: Path) -> None:
    """Undo `set_aside`: whatever a failed restore left is removed, the old files return."""
    for name in DESK_FILES:
        if (data_dir / name).exists():
            (data_dir / name).unlink()
        if (kept / name).exists():
            (kept / name).rename(data_dir / name)
    kept.rmdir()


def replace_desk(
    checked: CheckedBackup,
    data_dir: Path,
    *,
    restored_by: str = "",
    carried: dict[int, int] | None = None,
    sign_restore: Callable[[int, str], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Set the live (closed) desk's files aside, install the backup, put the old files back
    if anything fails. Returns the manifest plus "kept": the folder holding the old files."""
    try:
        kept = set_aside(data_dir)
    except BaseException:
        checked.discard()
        raise
    try:
        manifest = install(
            checked, data_dir, restored_by=restored_by, carried=carried, sign_restore=sign_restore
        )
    except BaseException:
        checked.discard()
        put_back(kept, data_dir)
        raise
    return {**manifest, "kept": str(kept)}
