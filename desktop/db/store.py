"""The open encrypted store: one connection, explicit transactions, settings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop.db import connection, migrations
from desktop.db.connection import Connection
from desktop.errors import StoreError

DB_FILE = "caseline.db"


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

    def integrity_check(self) -> str:
        rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        return "; ".join(str(r[0]) for r in rows)


def _raise_disk_problem(exc: BaseException) -> None:
    if not isinstance(exc, StoreError) and connection.is_disk_error(exc):
        raise connection.disk_problem(exc) from exc
