"""Opening the SQLCipher file: raw 256-bit key, WAL, FULL sync, no plaintext temp files.

`ENGINE` can be switched to "plain" (the same SQLite build without encryption) so the
bench can measure what encryption costs with exactly the same code.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from desktop import files
from desktop.errors import StoreError

DatabaseError = sqlcipher.DatabaseError
OperationalError = sqlcipher.OperationalError
IntegrityError = sqlcipher.IntegrityError

ENCRYPTED = "sqlcipher"
PLAIN = "plain"
ENGINE = ENCRYPTED  # the bench flips this to PLAIN for the comparison run


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def not_readable(path: Path) -> StoreError:
    return StoreError(
        "Cơ sở dữ liệu bị hỏng, bị cắt cụt hoặc không khớp với khoá. Hãy khôi phục từ bản "
        "sao lưu (caseline restore); nếu chỉ tệp khoá bị hỏng, hãy mở bằng khoá khôi phục.",
        "The database file is damaged, truncated or does not match the key. Restore it from a "
        "backup (caseline restore); if only the key file is damaged, open it with the recovery "
        "key.",
        path=str(path),
    )


BUSY_TIMEOUT_MS = 5000  # how long a statement waits for another process's write lock


def in_use(path: Path) -> StoreError:
    return StoreError(
        "Cơ sở dữ liệu đang được một tiến trình Caseline khác ghi (ví dụ seed-demo hay ứng dụng"
        " đang nâng cấp dữ liệu). Dữ liệu vẫn nguyên vẹn: thử lại sau khi tiến trình đó xong.",
        "The database is being written by another Caseline process (e.g. seed-demo, or the"
        " app upgrading it). The data is intact: try again when that process is done.",
        path=str(path),
    )


def is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text


SQLITE_HEADER = b"SQLite format 3\x00"  # a plain (unencrypted) SQLite file starts so


def empty_file(path: Path) -> StoreError:
    return StoreError(
        f"Tệp cơ sở dữ liệu {path.name} rỗng (0 byte): dữ liệu của máy này không còn trong "
        "tệp. Hãy khôi phục từ bản sao lưu (caseline restore TỆP).",
        f"The database file {path.name} is empty (0 bytes): this desk's data is no longer in "
        "it. Restore it from a backup (caseline restore FILE).",
        path=str(path),
        why="empty",
    )


def foreign_file(path: Path) -> StoreError:
    return StoreError(
        f"Tệp {path.name} là một cơ sở dữ liệu SQLite thường (không mã hoá), không phải cơ sở"
        " dữ liệu Caseline. Hãy khôi phục từ bản sao lưu (caseline restore TỆP).",
        f"The file {path.name} is a plain SQLite database (not encrypted), not a Caseline "
        "database. Restore it from a backup (caseline restore FILE).",
        path=str(path),
        why="foreign",
    )


def not_a_desk_file(path: Path, kind: str) -> StoreError:
    """A file of a kind `files.sniff` can name (a PDF, text, a zip/xlsx, an image, a
    Caseline backup…) where the desk's encrypted database belongs."""
    vi_kind, en_kind = files.KIND_NAMES.get(kind, files.KIND_NAMES["other"])
    return StoreError(
        f"Tệp {path.name} không phải tệp dữ liệu của bàn làm việc Caseline: đó là {vi_kind}. "
        "Hãy khôi phục từ bản sao lưu (caseline restore TỆP).",
        f"The file {path.name} is not a Caseline desk file: it is {en_kind}. Restore it from "
        "a backup (caseline restore FILE).",
        path=str(path),
        why="foreign",
        kind=kind,
    )


def check_existing_file(path: Path, engine: str | None = None) -> None:
    """Refuse an existing database file that cannot be a desk's, before anything opens it
    (SQLite would take a 0-byte file for a new database and build an empty desk in it).

    A missing file passes (a new desk creates it). Errors: `empty_file` (0 bytes),
    `foreign_file` (a plain SQLite file where an encrypted one belongs), `not_a_desk_file`
    (a file `files.sniff` names: a PDF, text, a zip, an image, a backup). Bytes of unknown
    kind (what an SQLCipher file looks like) are left to the key check, which names them
    damaged or not matching the key."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise not_readable(path) from exc
    if not head:
        raise empty_file(path)
    if (engine or ENGINE) != ENCRYPTED:
        return
    kind = files.sniff(head)
    if kind == "sqlite":
        raise foreign_file(path)
    if kind != "other":
        raise not_a_desk_file(path, kind)


def disk_problem(exc: BaseException) -> StoreError:
    return StoreError(
        "Không ghi được dữ liệu: ổ đĩa đầy hoặc không ghi được. Dữ liệu cũ vẫn nguyên vẹn.",
        "Cannot write: the disk is full or not writable. The existing data is intact.",
        reason=type(exc).__name__,
    )


def is_disk_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return (
        "disk is full" in text
        or "database or disk is full" in text
        or "disk i/o" in text
        or "readonly" in text
        or getattr(exc, "errno", None) == errno.ENOSPC
    )


_DAMAGE_SIGNS = ("not a database", "malformed", "hmac", "corrupt", "decrypt")


def store_error_for(exc: BaseException, path: Path | str = "") -> StoreError | None:
    """The user-facing error for a damaged file or a full disk met mid-operation; None for
    anything else (a programming error, which should fail loudly)."""
    if is_disk_error(exc):
        return disk_problem(exc)
    text = str(exc).lower()
    if any(sign in text for sign in _DAMAGE_SIGNS):
        return not_readable(Path(path))
    return None


def _guarded(exc: DatabaseError, conn: Any) -> BaseException:
    """A damaged file or a full disk met by any statement becomes the store's StoreError
    (what happened and the way out); anything else is re-raised as it was."""
    return store_error_for(exc, getattr(conn, "path", "")) or exc


class GuardedCursor(sqlcipher.Cursor):
    """A cursor whose damage and disk errors, met while running or while reading rows (a
    damaged page is often first read by a fetch), are StoreErrors."""

    def execute(self, sql: str, parameters: Any = ()) -> GuardedCursor:
        try:
            return super().execute(sql, parameters)
        except DatabaseError as exc:
            raise _guarded(exc, self.connection) from exc

    def executemany(self, sql: str, seq_of_parameters: Any) -> GuardedCursor:
        try:
            return super().executemany(sql, seq_of_parameters)
        except DatabaseError as exc:
            raise _guarded(exc, self.connection) from exc

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except DatabaseError as exc:
            raise _guarded(exc, self.connection) from exc

    def fetchmany(self, size: int | None = None) -> list[Any]:
        try:
            return super().fetchmany(self.arraysize if size is None else size)
        except DatabaseError as exc:
            raise _guarded(exc, self.connection) from exc

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except DatabaseError as exc:
            raise _guarded(exc, self.connection) from exc

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except DatabaseError as exc:
            raise _guarded(exc, self.connection) from exc


class Connection(sqlcipher.Connection):
    """The store's connection: every statement runs through a `GuardedCursor`, so wherever
    SQL runs (services, reports, sync) a damaged file reads as the StoreError that says
    to restore from a backup, never as an internal error."""

    path: str = ""

    def cursor(self, factory: Any = GuardedCursor) -> Any:  # type: ignore[override]
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = ()) -> GuardedCursor:  # type: ignore[override]
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any) -> GuardedCursor:  # type: ignore[override]
        return self.cursor().executemany(sql, seq_of_parameters)

    def executescript(self, sql_script: str) -> Any:  # type: ignore[override]
        try:
            return super().executescript(sql_script)
        except DatabaseError as exc:
            raise _guarded(exc, self) from exc


def connect(path: Path | str, key: bytes | None, *, engine: str | None = None) -> Connection:
    """An open, checked connection in autocommit mode (transactions are explicit)."""
    path = Path(path)
    engine = engine or ENGINE
    check_existing_file(path, engine)
    try:
        conn = sqlcipher.connect(
            str(path), isolation_level=None, check_same_thread=True, factory=Connection
        )
        conn.path = str(path)
    except sqlcipher.Error as exc:
        raise not_readable(path) from exc
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if engine == ENCRYPTED:
            if key is None:
                raise ValueError("an encrypted store needs its key")
            conn.execute(key_pragma(key))
            # Wiping every freed buffer (memory security ON) made saves 5-8x slower here;
            # the key is dropped with the connection when the desk locks instead.
            conn.execute("PRAGMA cipher_memory_security = OFF")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _configure(conn)
    except StoreError:
        conn.close()
        raise
    except sqlcipher.DatabaseError as exc:
        conn.close()
        if is_disk_error(exc):
            raise disk_problem(exc) from exc
        raise not_readable(path) from exc
    return conn


def _configure(conn: Connection) -> None:
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA cache_size = -32000")
