"""The access log: hash-chained rows, so an edited or removed row is detectable.

Each row stores the previous row's hash and its own: SHA-256 over prev_hash plus the
canonical JSON of its content. The head (last hash and row count) is also kept in
`setting`, so removing the newest rows shows too. `detail` says what happened, never who
the record is about: no names, phones, notes or summaries.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from desktop.db import keyed_chain
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


def head_state(conn: Connection) -> dict[str, Any]:
    """The stored head: {"hash", "count"} and, once the keyed chain started, "key" (the
    ratchet key after the newest row, `desktop.db.keyed_chain`)."""
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (HEAD_KEY,)).fetchone()
    head = json.loads(row[0]) if row is not None else None
    return head if isinstance(head, dict) else {"hash": GENESIS, "count": 0}


def _head(conn: Connection) -> tuple[str, int]:
    head = head_state(conn)
    return str(head["hash"]), int(head["count"])


def set_head_key(conn: Connection, key: str) -> None:
    """A new epoch of the keyed chain: the next row ratchets from `key`."""
    _put_head(conn, {**head_state(conn), "key": key})


def _put_head(conn: Connection, head: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (HEAD_KEY, json.dumps(head)),
    )


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
    head = head_state(conn)
    prev_hash, count = str(head["hash"]), int(head["count"])
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
    moved: dict[str, Any] = {"hash": digest, "count": count + 1}
    if head.get("key"):
        moved["key"] = keyed_chain.ratchet(str(head["key"]), digest)
    _put_head(conn, moved)
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


VERIFIED_KEY = "audit_verified"  # {seq, hash, count}: the chain was whole up to here
PROGRESS_EVERY = 20_000  # rows between two progress calls


def verify_chain(
    conn: Connection,
    *,
    since_verified: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Problems found walking the chain (empty when intact).

    `since_verified` (`caseline verify --quick`): start at the last row a full walk found
    whole (`VERIFIED_KEY`), after checking that row still has the hash it had then, so
    the cost is the rows added since, not the whole history. `progress(done, total)` is
    called every PROGRESS_EVERY rows and at the end. A whole full walk records where it
    ended."""
    problems: list[str] = []
    prev, count, start = GENESIS, 0, 0
    if since_verified:
        mark = conn.execute("SELECT value FROM setting WHERE key = ?", (VERIFIED_KEY,)).fetchone()
        if mark is not None:
            verified = json.loads(mark[0])
            row = conn.execute(
                "SELECT hash FROM audit_event WHERE seq = ?", (int(verified["seq"]),)
            ).fetchone()
            if row is None or row[0] != verified["hash"]:
                problems.append(
                    f"audit row {verified['seq']}: not as the last full check found it"
                    " (the history before it was rewritten)"
                )
                return problems
            prev, count, start = str(verified["hash"]), int(verified["count"]), int(verified["seq"])
    total = int(
        conn.execute("SELECT count(*) FROM audit_event WHERE seq > ?", (start,)).fetchone()[0]
    )
    rows = conn.execute(
        "SELECT seq, id, at, username, device, action, entity, record_id, detail, prev_hash, hash"
        " FROM audit_event WHERE seq > ? ORDER BY seq",
        (start,),
    )
    walked, last_seq = 0, start
    for seq, id_, at, user, device, action, entity, record_id, detail, prev_hash, digest in rows:
        count += 1
        walked += 1
        last_seq = seq
        if progress is not None and walked % PROGRESS_EVERY == 0:
            progress(walked, total)
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
    if progress is not None:
        progress(walked, total)
    head_hash, head_count = _head(conn)
    if (head_hash, head_count) != (prev, count):
        problems.append(
            f"audit head: expected {head_count} rows ending in {head_hash[:12]}, "
            f"found {count} ending in {prev[:12]} (newest rows removed or added)"
        )
    mark = json.dumps({"seq": last_seq, "hash": prev, "count": count})
    if not problems and not since_verified and count and _stored_mark(conn) != mark:
        conn.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (VERIFIED_KEY, mark),
        )
    return problems


def _stored_mark(conn: Connection) -> str | None:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (VERIFIED_KEY,)).fetchone()
    return None if row is None else str(row[0])


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
