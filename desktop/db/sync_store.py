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


def ack_ops(conn: Connection, answers: list[dict[str, Any]]) -> None:
    """Remove answered ops; keep rejected ones' reasons. The rev rule: this desk never
    records a rev whose content it has not applied. `applied` means central's record is
    this desk's base plus this op, so its rev is taken; any other accepted answer carries
    central's whole record (`record`), applied here like a pulled one (unsent local edits
    keep their fields); without it the record keeps its old rev until a pull brings it."""
    for answer in answers:
        status = answer.get("status")
        if status not in ANSWERS:
            continue  # an unknown answer leaves the op for the next try
        row = conn.execute(
            "SELECT entity, record_id, fields, base_rev, user, client_time FROM outbox"
            " WHERE op_id = ?",
            (answer["op_id"],),
        ).fetchone()
        if row is None:
            continue
        entity, record_id, fields_json, base_rev, user, client_time = tuple(row)
        if status == "rejected":
            conn.execute(
                "INSERT OR REPLACE INTO rejected_op (op_id, entity, record_id, fields, base_rev,"
                " user, client_time, reason, rejected_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    answer["op_id"],
                    entity,
                    record_id,
                    fields_json,
                    base_rev,
                    user,
                    client_time,
                    str(answer.get("reason") or ""),
                    utc_now(),
                ),
            )
        conn.execute("DELETE FROM outbox WHERE op_id = ?", (answer["op_id"],))
        if entity not in RECORD_TYPES or status == "rejected":
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


def pending_fields(conn: Connection, entity: str, record_id: str) -> set[str]:
    names: set[str] = set()
    for (fields_json,) in conn.execute(
        "SELECT fields FROM outbox WHERE entity = ? AND record_id = ?", (entity, record_id)
    ):
        names.update(json.loads(fields_json))
    return names


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


def rejected_ops(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT op_id, entity, record_id, fields, reason, rejected_at FROM rejected_op"
        " ORDER BY rejected_at"
    ).fetchall()
    return [
        {
            "op_id": r[0],
            "entity": r[1],
            "record_id": r[2],
            "fields": json.loads(r[3]),
            "reason": r[4],
            "rejected_at": r[5],
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
    "pending_ops",
    "record_ids_and_revs",
    "rejected_ops",
    "set_setting",
    "set_state",
    "upsert_remote",
]
