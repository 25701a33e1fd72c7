"""The files a desk keeps in its data folder: one list for the lost-desk wipe, the restore
and the rule that no output (`-o`, a save dialog) may land on one of them.

    caseline.db  caseline.db-wal  caseline.db-shm  caseline.db-journal   the SQLCipher store
    caseline.db.incoming                                                  a backup being restored
    keyslots.json                                                         the key slots
    keyslots.next.json                                                    the slots of a rekey under way
    lockout.json                                                          wrong-password counts
    .<one of the above>.<random>.part                                     an atomic write under way
    before-restore-<UTC time>[-n]/…                                       a desk kept aside by restore
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

from desktop.db.access import NEXT_FILE
from desktop.db.keys import KEYSLOTS_FILE, LOCKOUT_FILE
from desktop.db.store import DB_FILE
from desktop.files import TEMP_SUFFIX, temp_prefix

# The names the desk's own files start with (the database's -wal/-shm/-journal and
# .incoming companions, the temporary files of an atomic write of each).
STEMS = (DB_FILE, KEYSLOTS_FILE, NEXT_FILE, LOCKOUT_FILE)
SET_ASIDE = "before-restore-*"  # whole desks kept aside by `caseline restore`


def is_desk_name(name: str) -> bool:
    """Is a file called `name`, directly in a data folder, one of the desk's own? (Compared
    without case: on Windows and macOS `CASELINE.DB` is the database.)"""
    folded = name.casefold()
    for stem in (s.casefold() for s in STEMS):
        if folded == stem or folded.startswith((stem + "-", stem + ".", "." + stem + ".")):
            return True
    return False


def owned_by_desk(data_dir: Path, path: Path) -> bool:
    """Is `path` the data folder itself, one of the desk's files in it, or inside a desk
    kept aside? Both paths absolute with links already followed."""
    try:
        parts = path.relative_to(data_dir).parts
    except ValueError:
        return False
    if not parts:
        return True
    if fnmatch.fnmatch(parts[0], SET_ASIDE):
        return True
    return len(parts) == 1 and is_desk_name(parts[0])


def desk_files(data_dir: Path) -> list[Path]:
    """The desk's own files that exist now in `data_dir` (those kept aside included)."""
    found = [p for p in data_dir.iterdir() if p.is_file() and is_desk_name(p.name)]
    for folder in sorted(data_dir.glob(SET_ASIDE)):
        found += [p for p in folder.rglob("*") if p.is_file()]
    return found


def temp_leftovers(data_dir: Path, name: str) -> list[Path]:
    """Temporary files an interrupted atomic write of `data_dir/name` may have left."""
    return sorted(data_dir.glob(f"{glob_escape(temp_prefix(name))}*{TEMP_SUFFIX}*"))


def glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)
