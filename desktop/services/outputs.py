"""Where an output may be written: the rule every `-o` of the CLI and every save dialog of
the app goes through (backups, printouts, CSV), so no command can destroy the desk.

An output path is refused (`OutputRefused`, one line in Vietnamese and English, nothing
written) when, after following symbolic links:
- it is one of the desk's own files in its data folder (`desktop.db.layout`: the
  database and its -wal/-shm/-journal, the key slots, the lock-out counts, their
  temporary files, a desk kept aside by restore) or the data folder itself;
- it exists and is the same file as one of those (a hard link elsewhere);
- it exists and is not a regular file (a folder, a FIFO, a device);
- it exists and holds other data: anything but an empty file or a replaceable output
  (PDF, text/CSV, xlsx, a Caseline backup, an image: `files.check_replaceable`), so never
  an SQLite/SQLCipher database (another desk's `caseline.db`, central's `central.db`) or a
  file of unknown kind; and at write time, a file of another kind than the one written;
- it is named as a desk's own file in a folder that holds another desk (its
  `keyslots.json`, `lockout.json`: text, but another desk's);
- its folder does not exist (never created: a mistyped folder would hide the file).
Everything else is written by `desktop.files.write_atomically` (temporary file beside the
target, fsync, rename, fsync of the folder), so a failed write leaves the old file whole.
"""

from __future__ import annotations

import os
from pathlib import Path

from desktop import files
from desktop.db import layout
from desktop.errors import OutputRefused


def desk_file_refused(target: str | os.PathLike[str]) -> OutputRefused:
    shown = os.fspath(target)
    return OutputRefused(
        f"Không ghi vào {shown}: đó là tệp dữ liệu của chính bàn làm việc Caseline này "
        "(cơ sở dữ liệu, tệp khoá hoặc tệp khoá tạm). Hãy chọn một tệp khác.",
        f"Will not write to {shown}: it is one of this Caseline desk's own files (the "
        "database, the key slots or the lock-out file). Choose another file.",
        path=shown,
        why="desk_file",
    )


def other_desk_refused(target: str | os.PathLike[str]) -> OutputRefused:
    shown = os.fspath(target)
    return OutputRefused(
        f"Không ghi vào {shown}: đó là tệp dữ liệu của một bàn làm việc Caseline khác. "
        "Hãy chọn một tệp khác.",
        f"Will not write to {shown}: it is another Caseline desk's own file. Choose another file.",
        path=shown,
        why="desk_file",
    )


def check_output_path(data_dir: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """The path `target` resolves to, when an output may be written there; OutputRefused
    otherwise (see the module's docstring). `data_dir` is the desk's data folder."""
    final = files.resolve(target)
    desk = files.resolve(data_dir)
    if layout.owned_by_desk(desk, final):
        raise desk_file_refused(target)
    try:
        written = os.stat(final)
    except OSError:
        files.check_folder(final, target)
        return final  # not there yet (or unreadable: the write reports why)
    if desk.is_dir():
        for own in layout.desk_files(desk):
            try:
                mine = os.stat(own)
            except OSError:
                continue
            if (mine.st_dev, mine.st_ino) == (written.st_dev, written.st_ino):
                raise desk_file_refused(target)
    files.check_regular_or_absent(final)
    if layout.is_desk_name(final.name) and any(
        (final.parent / name).exists() for name in layout.STEMS[:2]
    ):
        raise other_desk_refused(target)
    files.check_replaceable(final, target)
    return final


def save_output(
    data_dir: str | os.PathLike[str], target: str | os.PathLike[str], content: files.Content
) -> Path:
    """Check `target` against the rule, then write `content` there atomically; returns
    `target`. OutputRefused, OSError (nothing half-written is left)."""
    check_output_path(data_dir, target)
    return files.write_atomically(target, content, same_kind=True)
