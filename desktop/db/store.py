"""The open encrypted store: one connection, explicit transactions, settings."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop.db import connection, migrations
from desktop.db.connection import Connection
from desktop.errors import StoreError

DB_FILE = "caseline.db"
# With checkpoints deferred (`Store.defer_checkpoints`), one is run after this many commits
# even if the app never idles (a busy line), so the WAL stays bounded.
CHECKPOINT_AT_THE_LATEST = 200
BULK_CACHE_MIB = 256  # page cache while seeding (the desk's own is 32 MB)
# Pages a rekey rewrites per second on a 2-core desk PC (measured at 100k contacts, see
# docs/security.md); only for the progress estimate.
REKEY_PAGES_PER_S = 4_000


class Store:
    """One SQLCipher connection, used from one thread.

    `transaction()` is BEGIN IMMEDIATE … COMMIT (ROLLBACK on error); nested inside another
    transaction it becomes a SAVEPOINT, so a failing save inside `batch()` undoes only
    itself.
    """

    def __init__(self, conn: Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._savepoints = 0
        self._flat = False  # set by flat_transaction(): nested saves join it as they are
        self._deferred = False  # checkpoints wait for `checkpoint_if_due` (the app's idle time)
        self._commits = 0  # commits since the last checkpoint, when deferred

    @classmethod
    def open(cls, path: Path | str, key: bytes | None, *, engine: str | None = None) -> Store:
        """Open (creating if new) and migrate."""
        path = Path(path)
        conn = connection.connect(path, key, engine=engine)
        conn.row_factory = connection.sqlcipher.Row
        try:
            migrations.migrate(conn)
        except StoreError:
            conn.close()
            raise
        except connection.DatabaseError as exc:
            conn.close()
            if connection.is_disk_error(exc):
                raise connection.disk_problem(exc) from exc
            if connection.is_busy(exc):  # it was reported as a damaged file
                raise connection.in_use(path) from exc
            raise connection.not_readable(path) from exc
        return cls(conn, path)

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except (connection.DatabaseError, StoreError):
                pass
            self.conn.close()
            self.conn = None  # type: ignore[assignment]

    @property
    def closed(self) -> bool:
        return self.conn is None

    @contextmanager
    def flat_transaction(self) -> Iterator[Connection]:
        """One transaction whose nested saves take no savepoints of their own: any error
        rolls back the whole of it. For callers that stop at the first error anyway (demo
        seeding), where a savepoint per save is pure cost."""
        with self.transaction() as conn:
            outer, self._flat = self._flat, True
            try:
                yield conn
            finally:
                self._flat = outer

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        conn = self.conn
        if conn.in_transaction and self._flat:
            yield conn
            return
        if conn.in_transaction:
            self._savepoints += 1
            name = f"sp{self._savepoints}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield conn
            except BaseException:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                raise
            else:
                conn.execute(f"RELEASE {name}")
            finally:
                self._savepoints -= 1
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except connection.DatabaseError as exc:
            _raise_disk_problem(exc)
            raise
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except (connection.DatabaseError, StoreError) as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            _raise_disk_problem(exc)
            raise
        if self._deferred:
            self._commits += 1
            if self._commits >= CHECKPOINT_AT_THE_LATEST:
                self.checkpoint_if_due()

    @contextmanager
    def bulk_writing(self, cache_mib: int = BULK_CACHE_MIB) -> Iterator[None]:
        """For long runs of saves (seed-demo): a page cache large enough for the indexes
        a save touches at random places (names, phones, search terms), so at 1M contacts
        they are not read back from disk and decrypted on every save; restored after."""
        before = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {-1024 * int(cache_mib)}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(before)}")

    # --- checkpoints (the WAL copied back into the file) ----------------------------------

    def defer_checkpoints(self) -> None:
        """Take the WAL checkpoint off the save path: SQLite's automatic one (every 1,000
        WAL frames, about every 20th save of a contact) ran inside a save's COMMIT and set
        its 95th percentile. After this the long-lived app runs `checkpoint_if_due` when
        it is idle; a desk that never idles still checkpoints every
        CHECKPOINT_AT_THE_LATEST commits. Durability is the WAL's either way."""
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        self._deferred = True

    def checkpoint_if_due(self) -> int:
        """A PASSIVE checkpoint when commits happened since the last one (never waits for
        a reader, never inside a transaction). Returns the WAL frames copied back."""
        if not self._deferred or self._commits == 0 or self.conn.in_transaction:
            return 0
        self._commits = 0
        row = self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return int(row[2]) if row is not None and row[2] is not None else 0

    # --- settings (encrypted; secrets such as the sync token live here) -------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row is not None and row[0] is not None else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    def rekey(self, new_key: bytes, pages: int, progress: Any = None) -> None:
        """`PRAGMA rekey` to `new_key` (one SQLCipher transaction: every page rewritten),
        then a checkpoint so the main file holds only pages under the new key.

        SQLCipher rewrites the pages in C, with no progress callback of its own: while it
        runs, a timer thread calls `progress(fraction)` every 0.25 s with an estimate,
        elapsed / (pages / REKEY_PAGES_PER_S) (at most 0.99), then 1.0 at the end.
        `pages` is `PRAGMA page_count`."""
        conn = self.conn
        done = threading.Event()
        expected_s = max(0.1, pages / REKEY_PAGES_PER_S)
        started = time.monotonic()

        def tell() -> None:
            while not done.wait(0.25):
                progress(min(0.99, (time.monotonic() - started) / expected_s))

        timer = threading.Thread(target=tell, name="rekey-progress", daemon=True)
        if progress is not None:
            timer.start()
        try:
            conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"").fetchall()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            done.set()
            if progress is not None:
                timer.join()
        if progress is not None:
            progress(1.0)

    def integrity_check(self) -> str:
        rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        return "; ".join(str(r[0]) for r in rows)


def _raise_disk_problem(exc: BaseException) -> None:
    if not isinstance(exc, StoreError) and connection.is_disk_error(exc):
        raise connection.disk_problem(exc) from exc
