"""The access log: hash-chained rows, so an edited or removed row is detectable.

Each row stores the previous row's hash and its own: SHA-256 over prev_hash plus the
canonical JSON of its content. The head (last hash and row count) is also kept in
`setting`, so removing the newest rows shows too. `detail` says what happened, never who
the record is about: no names, phones, notes or summaries.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from desktop.db.connection import Connection
from desktop.domain.ids import utc_now, uuid7

ACTIONS = frozenset(
    {
        "view",
        "print",
        "export",
        "edit",
        "assign",  # a case given to a worker: detail {"to": username} (the case timeline)
        "create",
        "login",
        "failed_login",
        "sync",
        "user_change",
        "backup",
        "restore",
        # issue 12: a person's erasure, the retention purge, a retention period set
        "erase",
        "purge",
        "settings",
    }
)
GENESIS = "0" * 64
HEAD_KEY = "audit_head"

# Detail keys that could carry personal data are refused outright.
_FORBIDDEN_DETAIL = frozenset(
    {"name", "full_name", "caller_name", "phone", "caller_phone", "summary", "text", "notes"}
)


canonical = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode


def row_hash(prev_hash: str, content: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(content)).encode("utf-8")).hexdigest()


def _head(conn: Connection) -> tuple[str, int]:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (HEAD_KEY,)).fetchone()
    if row is None:
        return GENESIS, 0
    head = json.loads(row[0])
    return str(head["hash"]), int(head["count"])


def append(
    conn: Connection,
    *,
    username: str,
    device: str,
    action: str,
    entity: str = "",
    record_id: str = "",
    detail: dict[str, Any] | None = None,
) -> str:
    """Add one event (inside the caller's transaction); returns its hash."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    detail = detail or {}
    leaked = _FORBIDDEN_DETAIL.intersection(detail)
    if leaked:
        raise ValueError(f"audit detail must not carry personal data: {sorted(leaked)}")
    prev_hash, count = _head(conn)
    content = {
        "id": uuid7(),
        "at": utc_now(),
        "username": username,
        "device": device,
        "action": action,
        "entity": entity,
        "record_id": record_id,
        "detail": detail,
    }
    digest = row_hash(prev_hash, content)
    conn.execute(
        "INSERT INTO audit_event (id, at, username, device, action, entity, record_id, detail,"
        " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            content["id"],
            content["at"],
            username,
            device,
            action,
            entity,
            record_id,
            canonical(detail),
            prev_hash,
            digest,
        ),
    )
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (HEAD_KEY, json.dumps({"hash": digest, "count": count + 1})),
    )
    return digest


def chain_head(conn: Connection, *, from_rows: bool = False) -> tuple[int, str]:
    """(rows in the chain, newest hash): from the stored head, or counted from the rows."""
    if not from_rows:
        digest, count = _head(conn)
        return count, digest
    row = conn.execute("SELECT count(*), max(seq) FROM audit_event").fetchone()
    if not row[0]:
        return 0, GENESIS
    last = conn.execute("SELECT hash FROM audit_event WHERE seq = ?", (row[1],)).fetchone()
    return int(row[0]), str(last[0])


def hash_at(conn: Connection, position: int) -> str | None:
    """The hash of the `position`-th row of the chain (1-based; 0 is the genesis), or None
    when the chain is shorter."""
    if position <= 0:
        return GENESIS
    row = conn.execute(
        "SELECT hash FROM audit_event ORDER BY seq LIMIT 1 OFFSET ?", (position - 1,)
    ).fetchone()
    return str(row[0]) if row else None


def verify_chain(conn: Connection) -> list[str]:
    """Problems found walking the chain (empty when intact)."""
    problems: list[str] = []
    prev = GENESIS
    count = 0
    rows = conn.execute(
        "SELECT seq, id, at, username, device, action, entity, record_id, detail, prev_hash, hash"
        " FROM audit_event ORDER BY seq"
    )
    for seq, id_, at, user, device, action, entity, record_id, detail, prev_hash, digest in rows:
        count += 1
        if prev_hash != prev:
            problems.append(
                f"audit row {seq}: chain broken (a row before it was removed or edited)"
            )
        try:
            detail_obj = json.loads(detail)
        except ValueError:
            detail_obj = detail
        content = {
            "id": id_,
            "at": at,
            "username": user,
            "device": device,
            "action": action,
            "entity": entity,
            "record_id": record_id,
            "detail": detail_obj,
        }
        if row_hash(prev_hash, content) != digest:
            problems.append(f"audit row {seq}: content does not match its hash (edited)")
        prev = digest
    head_hash, head_count = _head(conn)
    if (head_hash, head_count) != (prev, count):
        problems.append(
            f"audit head: expected {head_count} rows ending in {head_hash[:12]}, "
            f"found {count} ending in {prev[:12]} (newest rows removed or added)"
        )
    return problems


def events_for(conn: Connection, record_id: str, limit: int = 200) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT at, username, action, entity, detail FROM audit_event WHERE record_id = ?"
        " ORDER BY seq DESC LIMIT ?",
        (record_id, limit),
    ).fetchall()
    return [
        {"at": at, "username": u, "action": a, "entity": e, "detail": json.loads(d)}
        for at, u, a, e, d in rows
    ]
