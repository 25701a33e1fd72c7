"""Replacing a file so that a failure leaves the old one whole: the one way Caseline writes
a file it hands over or keeps (key slots, lock-out counts, backups, printouts, CSV).

`write_atomically(target, content)`:

1. follows symbolic links: the file replaced is the one `target` names in the end (a link
   stays a link and now points at the new content);
2. refuses, with `OutputRefused`, a target that exists and is not a regular file (a
   folder, a FIFO, a device, a socket): writing there would block, or reach a device;
   and a target whose folder does not exist (never created on the way: see `check_folder`);
3. writes the content into a new temporary file beside the target (same folder, so the
   same file system; created with O_EXCL and mode 0600, named `.<name>.<random>.part`),
   flushes and fsyncs it;
4. renames it over the target (`os.replace`, atomic on POSIX and Windows), then fsyncs the
   folder so the rename itself survives a power cut (POSIX; Windows has no folder fsync).

With `same_kind=True` (every output a user names: `-o`, `--csv`, `--xlsx`, `backup -o`,
`attach get -o`, `person export`, central's `report -o`) an existing target is replaced
only when it is empty or already holds the same kind of file as the one written (a PDF
over a PDF, text over text, an xlsx over an xlsx, a Caseline backup over a Caseline
backup; `sniff`); anything else, in particular an SQLite or SQLCipher database (another
desk's `caseline.db`, central's `central.db`) or a file of unknown kind, is refused with
`OutputRefused` (`why="holds_other_data"`) and left whole (`check_replaceable`).

On any failure (disk full, interrupted, an error in the writer) the temporary file is
removed and the old target is untouched. The caller's own rules about WHICH paths may be
written (never the desk's own files) live in `desktop.services.outputs`.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from desktop.errors import OutputRefused

TEMP_SUFFIX = ".part"
# A long target name still leaves room for the random part in a 255-byte file name.
_PREFIX_MAX = 120

Content = bytes | str | Callable[[Path], object]


def temp_prefix(name: str) -> str:
    """The start of the temporary files' names for a target called `name`."""
    return f".{name[:_PREFIX_MAX]}."


def resolve(target: str | os.PathLike[str]) -> Path:
    """The absolute path `target` names once every symbolic link is followed (the target
    itself need not exist)."""
    return Path(os.path.realpath(os.fspath(target)))


def not_a_file(path: str | os.PathLike[str]) -> OutputRefused:
    return OutputRefused(
        f"Không ghi vào {os.fspath(path)}: đó không phải là một tệp thường (thư mục, FIFO "
        "hay thiết bị). Hãy chọn một tệp khác.",
        f"Will not write to {os.fspath(path)}: it is not a regular file (a folder, a FIFO "
        "or a device). Choose another file.",
        path=os.fspath(path),
        why="not_a_regular_file",
    )


def no_folder(path: str | os.PathLike[str], folder: Path, *, exists: bool) -> OutputRefused:
    shown = os.fspath(path)
    if exists:
        vi = f"Không ghi vào {shown}: {folder} không phải là thư mục. Hãy chọn thư mục khác."
        en = f"Will not write to {shown}: {folder} is not a folder. Choose another folder."
    else:
        vi = (
            f"Không ghi vào {shown}: thư mục {folder} không tồn tại. Hãy tạo thư mục trước "
            "hoặc chọn thư mục khác."
        )
        en = (
            f"Will not write to {shown}: the folder {folder} does not exist. Create it first "
            "or choose another folder."
        )
    return OutputRefused(vi, en, path=shown, why="no_folder")


def check_folder(path: Path, shown: str | os.PathLike[str] | None = None) -> None:
    """OutputRefused when the folder `path` is to be written in is missing or is not a
    folder. A missing folder is never created: a mistyped `-o` would otherwise leave the
    file somewhere the user does not look (one rule for every output, backups included)."""
    folder = path.parent
    if not folder.is_dir():
        raise no_folder(path if shown is None else shown, folder, exists=folder.exists())


def check_regular_or_absent(path: Path) -> None:
    """OutputRefused when `path` exists (after links) and is not a regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError:
        return  # unreadable: the write below reports the real reason
    if not stat.S_ISREG(mode):
        raise not_a_file(path)


# What a file holds, told by its first bytes (`sniff`). Only these kinds are ever replaced
# by an output of the same kind; "sqlite" and "other" (an SQLCipher database is random
# bytes, as is any file we cannot name) never are.
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),  # xlsx, docx, odt…
    (b"CASELINE-BACKUP\n", "caseline-backup"),
    (b"SQLite format 3\x00", "sqlite"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"\x1f\x8b", "gzip"),
)
REPLACEABLE = frozenset({"pdf", "zip", "caseline-backup", "png", "jpeg", "gif", "gzip", "text"})
_SNIFF_BYTES = 8192
KIND_NAMES = {  # (Vietnamese, English) for the refusal
    "pdf": ("tệp PDF", "a PDF file"),
    "zip": ("tệp nén/xlsx", "a zip/xlsx file"),
    "caseline-backup": ("bản sao lưu Caseline", "a Caseline backup"),
    "sqlite": ("cơ sở dữ liệu SQLite", "an SQLite database"),
    "png": ("ảnh PNG", "a PNG image"),
    "jpeg": ("ảnh JPEG", "a JPEG image"),
    "gif": ("ảnh GIF", "a GIF image"),
    "gzip": ("tệp gzip", "a gzip file"),
    "text": ("tệp văn bản", "a text file"),
    "other": (
        "dữ liệu không rõ loại (có thể là cơ sở dữ liệu mã hoá)",
        "data of unknown kind (possibly an encrypted database)",
    ),
}


def sniff(head: bytes) -> str:
    """The kind of a file whose first bytes are `head` (up to 8 KiB): "empty", one of the
    `_MAGIC` kinds, "text" (UTF-8, BOM allowed, no NUL; a character cut at the end of
    `head` allowed) or "other"."""
    if not head:
        return "empty"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "other"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data" or exc.start < len(head) - 3:
            return "other"
    return "text"


def sniff_file(path: Path) -> str:
    """`sniff` of the file at `path` (after links); "absent" when there is none."""
    try:
        with open(path, "rb") as fh:
            return sniff(fh.read(_SNIFF_BYTES))
    except FileNotFoundError:
        return "absent"


def holds_other_data(
    shown: str | os.PathLike[str], old: str, new: str | None = None
) -> OutputRefused:
    vi_old, en_old = KIND_NAMES.get(old, KIND_NAMES["other"])
    if new is None or old not in REPLACEABLE:
        vi = (
            f"Không ghi đè {os.fspath(shown)}: tệp này đang chứa {vi_old}, không phải một "
            "tệp xuất ra. Hãy chọn tên khác."
        )
        en = (
            f"Will not write over {os.fspath(shown)}: it holds {en_old}, not an output. "
            "Choose another name."
        )
    else:
        vi_new, en_new = KIND_NAMES.get(new, KIND_NAMES["other"])
        vi = (
            f"Không ghi đè {os.fspath(shown)}: tệp này đang chứa {vi_old}, còn tệp sắp ghi là "
            f"{vi_new}. Hãy chọn tên khác."
        )
        en = (
            f"Will not write over {os.fspath(shown)}: it holds {en_old} and this output is "
            f"{en_new}. Choose another name."
        )
    return OutputRefused(vi, en, path=os.fspath(shown), why="holds_other_data", holds=old)


def check_replaceable(
    final: Path, shown: str | os.PathLike[str] | None = None, new: str | None = None
) -> None:
    """OutputRefused when the file at `final` (links followed) exists, is not empty and
    holds data an output must not replace: a kind outside `REPLACEABLE` (a database, data
    of unknown kind), or, when `new` (the kind about to be written) is given, another kind.
    An unreadable file passes: the write reports the real reason."""
    try:
        old = sniff_file(final)
    except OSError:
        return
    if old in ("absent", "empty"):
        return
    if old not in REPLACEABLE or (new is not None and new != old):
        raise holds_other_data(final if shown is None else shown, old, new)


def write_atomically(
    target: str | os.PathLike[str],
    content: Content,
    *,
    encoding: str = "utf-8",
    same_kind: bool = False,
) -> Path:
    """Replace `target` with `content` (bytes; str, encoded with `encoding`; or a function
    that writes the whole file at the temporary path it is given). Returns `target` as
    given. With `same_kind` (a user's output), an existing non-empty target is replaced
    only by the same kind of file (`check_replaceable`). OutputRefused (not a regular
    file, no such folder, holds other data); OSError (folder not writable, disk full…,
    reported with the path as given, never the temporary name) with the old file whole and
    no temporary file left."""
    final = resolve(target)
    check_regular_or_absent(final)
    check_folder(final, target)
    if same_kind:
        check_replaceable(final, target)
    folder = final.parent
    try:
        handle, tmp_name = tempfile.mkstemp(
            prefix=temp_prefix(final.name), suffix=TEMP_SUFFIX, dir=folder
        )
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, os.fspath(target)) from None
    tmp = Path(tmp_name)
    try:
        if callable(content):
            os.close(handle)
            content(tmp)
            fsync_file(tmp)
        else:
            data = content.encode(encoding) if isinstance(content, str) else bytes(content)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        check_regular_or_absent(final)  # replaced by a FIFO meanwhile?
        if same_kind:
            check_replaceable(final, target, sniff_file(tmp))
        os.replace(tmp, final)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if str(tmp) in (str(exc.filename), str(exc.filename2)):  # name the user's path
            raise OSError(exc.errno, exc.strerror, os.fspath(target)) from None
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(folder)
    return Path(target)


def fsync_file(path: Path) -> None:
    """Flush a file written through another handle (a writer, SQLite) to the disk."""
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (no-op where folders cannot be opened: Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
