"""What the sync engine reads and writes in the local store (names fixed by contract).

Push: `pending_ops` (oldest first) and `ack_ops` (per-op answers). Pull: `upsert_remote`
writes a pulled record WITHOUT an outbox row, keeping the search index and contact_child
in step and keeping local values for fields with unsent edits. `get_state`/`set_state`
hold the cursor etc. Apply a pulled page and its cursor inside ONE `Store.transaction()`.
"""

from __future__ import annotations

import json
from typing import Any

from desktop.db import repository
from desktop.db.connection import Connection
from desktop.domain.ids import utc_now
from desktop.domain.records import META_FIELDS, RECORD_TYPES

ANSWERS = frozenset({"applied", "duplicate", "merged", "conflict", "rejected"})

# Settings the sync engine needs (in `setting`, inside the encrypted database).
SERVER_URL = "sync.server_url"
DEVICE_ID = "sync.device_id"
DEVICE_TOKEN = "sync.token"
DEVICE_CODE = "device_code"


def pending_ops(conn: Connection, limit: int = 200) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT op_id, entity, record_id, fields, base_rev, user, device, client_time"
        " FROM outbox ORDER BY seq LIMIT ?",
        (limit,),
    ).fetchall()
    return [
        {
            "op_id": r[0],
            "entity": r[1],
            "record_id": r[2],
            "fields": json.loads(r[3]),
            "base_rev": r[4],
            "user": r[5],
            "device": r[6],
            "client_time": r[7],
        }
        for r in rows
    ]


def pending_count(conn: Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM outbox").fetchone()[0])


def ack_ops(conn: Connection, answers: list[dict[str, Any]]) -> int:
    """Remove answered ops; park refused ones with their reason (`park_op`).

    The rev rule: this desk never records a rev whose content it has not applied.
    `applied` means central's record is this desk's base plus this op, so its rev is
    taken; any other accepted answer carries central's whole record (`record`), applied
    here like a pulled one (unsent local edits keep their fields); without it the record
    keeps its old rev until a pull brings it. Returns how many ops were parked."""
    # Refused ops are parked last: an op answered in the same batch is never parked as
    # `held` behind one that was refused before it.
    answers = sorted(answers, key=lambda a: a.get("status") == "rejected")
    parked = 0
    for answer in answers:
        status = answer.get("status")
        if status not in ANSWERS:
            continue  # an unknown answer leaves the op for the next try
        row = conn.execute(
            "SELECT entity, record_id FROM outbox WHERE op_id = ?", (answer["op_id"],)
        ).fetchone()
        if row is None:
            continue  # answered before, or held behind a refused op of its record
        entity, record_id = row[0], row[1]
        if status == "rejected":
            parked += park_op(conn, answer["op_id"], REJECTED, str(answer.get("reason") or ""))
            continue
        conn.execute("DELETE FROM outbox WHERE op_id = ?", (answer["op_id"],))
        if entity not in RECORD_TYPES:
            continue
        rev = answer.get("rev")
        record = answer.get("record")
        if status == "applied" and rev is not None:
            conn.execute(
                f"UPDATE {repository.table(entity)} SET rev = max(rev, ?) WHERE id = ?",
                (int(rev), record_id),
            )
        elif isinstance(record, dict) and record.get("id") == record_id:
            upsert_remote(conn, entity, record)
    return parked


def pending_fields(conn: Connection, entity: str, record_id: str) -> set[str]:
    """Fields of the record this desk changed and central has not taken yet: unsent ops
    and parked ones alike (a pull never writes over a value still waiting to go)."""
    names: set[str] = set()
    for (fields_json,) in conn.execute(
        "SELECT fields FROM outbox WHERE entity = ? AND record_id = ?"
        " UNION ALL SELECT fields FROM rejected_op WHERE entity = ? AND record_id = ?",
        (entity, record_id, entity, record_id),
    ):
        names.update(json.loads(fields_json))
    return names


# ------------------------------------------------------------------ parked ops
# An op central keeps refusing (answered `rejected`, or 413 even alone) must never block
# the ops behind it: it is moved aside into `rejected_op` with its outbox place (`seq`),
# and so is every later op of the same record (`held`: they build on it). The record's
# next local edit puts them back where they were, with its current values
# (`repository.requeue_parked`); the desk shows them as "not sent: reason" meanwhile.
REJECTED = "rejected"
TOO_LARGE = "too_large"
HELD = "held"


def park_op(conn: Connection, op_id: str, kind: str, reason: str) -> int:
    """Move one outbox op, and the later ops of its record, aside; returns how many."""
    row = conn.execute(
        "SELECT seq, entity, record_id FROM outbox WHERE op_id = ?", (op_id,)
    ).fetchone()
    if row is None:
        return 0
    seq, entity, record_id = int(row[0]), row[1], row[2]
    later = conn.execute(
        "SELECT op_id FROM outbox WHERE entity = ? AND record_id = ? AND seq > ? ORDER BY seq",
        (entity, record_id, seq),
    ).fetchall()
    moves = [(op_id, kind, reason)] + [(r[0], HELD, "") for r in later]
    now = utc_now()
    for moved_id, moved_kind, moved_reason in moves:
        conn.execute(
            "INSERT OR REPLACE INTO rejected_op (op_id, entity, record_id, fields, base_rev,"
            " user, client_time, reason, rejected_at, seq, device, kind)"
            " SELECT op_id, entity, record_id, fields, base_rev, user, client_time, ?, ?, seq,"
            " device, ? FROM outbox WHERE op_id = ?",
            (moved_reason, now, moved_kind, moved_id),
        )
        conn.execute("DELETE FROM outbox WHERE op_id = ?", (moved_id,))
    return len(moves)


def parked_count(conn: Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM rejected_op").fetchone()[0])


def upsert_remote(conn: Connection, entity: str, record: dict[str, Any]) -> None:
    """Write a pulled record; local unsent edits win for their fields until pushed."""
    if entity not in RECORD_TYPES:
        raise ValueError(f"unknown entity {entity!r}")
    current = repository.get(conn, entity, record["id"])
    merged = repository.defaults(entity) if current is None else dict(current)
    known = set(repository.ALL_FIELDS[entity])
    keep_local = pending_fields(conn, entity, record["id"]) if current is not None else set()
    for name, value in record.items():
        if name in known and name not in keep_local:
            merged[name] = repository.clean(value)
    if current is not None and int(record.get("rev") or 0) < int(current.get("rev") or 0):
        merged["rev"] = current["rev"]
    repository.write_row(conn, entity, merged)
    if entity in repository.NUMBERED and merged.get("number"):
        repository.note_number(conn, get_setting(conn, DEVICE_CODE, ""), merged["number"])


def rejected_ops(conn: Connection, limit: int = -1) -> list[dict[str, Any]]:
    """The parked ops, in outbox order: op_id, entity, record_id, fields, reason,
    rejected_at, kind (rejected | too_large | held)."""
    rows = conn.execute(
        "SELECT op_id, entity, record_id, fields, reason, rejected_at, kind FROM rejected_op"
        " ORDER BY seq IS NULL, seq, rejected_at LIMIT ?",
        (limit,),
    ).fetchall()
    return [
        {
            "op_id": r[0],
            "entity": r[1],
            "record_id": r[2],
            "fields": json.loads(r[3]),
            "reason": r[4],
            "rejected_at": r[5],
            "kind": r[6],
        }
        for r in rows
    ]


def get_state(conn: Connection, key: str, default: Any = None) -> Any:
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row is not None and row[0] is not None else default


def set_state(conn: Connection, key: str, value: Any) -> None:
    conn.execute(
        "INSERT INTO sync_state (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, ensure_ascii=False)),
    )


def get_setting(conn: Connection, key: str, default: Any = None) -> Any:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row is not None and row[0] is not None else default


def set_setting(conn: Connection, key: str, value: Any) -> None:
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, ensure_ascii=False)),
    )


def record_ids_and_revs(conn: Connection, entity: str) -> list[tuple[str, int]]:
    """(id, rev) of every record of a kind — for the drift check."""
    return [
        (r[0], int(r[1]))
        for r in conn.execute(f"SELECT id, rev FROM {repository.table(entity)} ORDER BY id")
    ]


__all__ = [
    "META_FIELDS",
    "ack_ops",
    "get_setting",
    "get_state",
    "pending_count",
    "pending_fields",
    "park_op",
    "parked_count",
    "pending_ops",
    "record_ids_and_revs",
    "rejected_ops",
    "set_setting",
    "set_state",
    "upsert_remote",
]
