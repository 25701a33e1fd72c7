"""The server sequence counter. Read and written only under the seq lock (central/db.py),
so seqs are handed out in commit order."""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from central.tables import server_state


def read_state(conn: Connection) -> dict[str, int]:
    return {r.key: int(r.value) for r in conn.execute(select(server_state))}


class SeqCounter:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.start = read_state(conn)["seq"]
        self.value = self.start

    def take(self) -> int:
        self.value += 1
        return self.value

    def save(self) -> None:
        if self.value != self.start:
            self.conn.execute(
                update(server_state).where(server_state.c.key == "seq").values(value=self.value)
            )
