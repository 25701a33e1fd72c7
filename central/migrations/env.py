"""Alembic environment: runs on the connection central/db.py hands over, or on `-x db=URL`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

connection = context.config.attributes.get("connection")


def _run(conn) -> None:
    context.configure(connection=conn, render_as_batch=conn.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True)["db"]
    with create_engine(url).connect() as conn:
        _run(conn)
        conn.commit()
