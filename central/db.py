"""Central's database: engine set-up for SQLite and PostgreSQL, migrations, the seq lock.

The seq lock is what keeps the pull cursor honest (DESIGN.md "Cursor"): every transaction
that assigns server sequence numbers holds it until commit, so seqs become visible in
order and a reader can never pass a change that commits later with a smaller seq. On
PostgreSQL it is a transaction-scoped advisory lock; on SQLite every transaction starts
with BEGIN IMMEDIATE, which takes the database's one write lock.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, create_engine, event, text

SEQ_LOCK_KEY = 0x43A5E11E  # any constant, the same in every server process
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_url() -> str:
    """`CASELINE_CENTRAL_DB`, else an SQLite file in the user's data dir."""
    env = os.environ.get("CASELINE_CENTRAL_DB")
    if env:
        return env
    folder = Path(user_data_dir("caseline-central", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'central.db'}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (savepoints need it)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Reads take a snapshot (WAL); writes take the write lock up front, which is also
        # the seq lock, so two writers never deadlock upgrading a read lock.
        read = conn.get_execution_options().get("caseline_read")
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")

    return engine


def take_seq_lock(conn: Connection) -> None:
    """Hold the seq lock until this transaction ends (SQLite already holds it)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SEQ_LOCK_KEY})


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (run before serving)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two servers starting at once must not both create the tables.
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SEQ_LOCK_KEY + 1})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def iso(value: datetime | None) -> str | None:
    value = as_utc(value)
    return value.isoformat(timespec="seconds") if value else None
