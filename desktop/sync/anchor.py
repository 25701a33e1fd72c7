"""History anchored outside the desk (issue 11): each sync sends the audit chain's head to
central, which keeps every anchor and refuses (and alerts on) a head that does not extend
the last one it holds.

What the desk sends (`AnchorRequest`): its head (`seq` = rows in the chain, `hash` = the
newest row's hash), and `base_seq`/`base_hash`: the position of the last anchor central
accepted (from the stored receipt) with the hash the chain has *now* at that position. A
chain rewritten, cut or emptied below the last anchor no longer has that hash there (or is
shorter), so central refuses. `restart` is set once after a restore from a backup: the
history went back on purpose; central accepts it as a new base and alerts.

What the desk keeps (settings, inside the encrypted database): `audit_anchor`, the receipt
of the last accepted anchor `{"seq", "hash", "at"}`, which `verify` checks the local chain
against; `audit_anchor_refused`, set when central refused (verify then fails until the
administrators have looked); `audit_anchor_restart`, set by a restore.

Only hashes and counts leave the desk: no user names, record ids or times.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from desktop.db import audit, signing, sync_store
from desktop.errors import SyncError
from desktop.sync.host import RunDb, SyncHost
from desktop.sync.protocol import AnchorReply, AnchorRequest, RestoreStatement

RECEIPT_KEY = "audit_anchor"
REFUSED_KEY = "audit_anchor_refused"
RESTART_KEY = "audit_anchor_restart"
RESTART_UNSIGNED = "restart_unsigned"  # central: a restart with no admin's statement
REBASE = "rebase"  # central: "my last anchor is later than your receipt: ask from there"


def _setting(conn: Any, key: str) -> Any:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else None


def _put(conn: Any, key: str, value: Any) -> None:
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value)),
    )


def receipt(conn: Any) -> dict[str, Any] | None:
    """The last anchor central accepted, `{"seq", "hash", "at"}`, or None."""
    value = _setting(conn, RECEIPT_KEY)
    return value if isinstance(value, dict) else None


def request_for(ws: SyncHost, base_seq: int | None = None) -> AnchorRequest:
    """What this desk sends now (read inside one transaction); from the stored receipt,
    or from `base_seq` when central named its last anchor (a lost reply: "rebase")."""
    conn = ws.conn
    count, head_hash = audit.chain_head(conn, from_rows=True)
    last = receipt(conn) or {}
    restart = _setting(conn, RESTART_KEY)
    if restart_problem(conn):
        raise SyncError(
            "protocol",
            f"Thiết lập {RESTART_KEY} của máy này bị hỏng hoặc bị sửa ngoài Caseline: "
            "không gửi mốc lịch sử. Hãy chạy `caseline verify` và báo quản trị viên.",
            f"This desk's {RESTART_KEY} setting is malformed or was changed outside "
            "Caseline: no history anchor sent. Run `caseline verify` and tell the "
            "administrator.",
        )
    statement = restart if isinstance(restart, dict) else None
    if base_seq is None and statement is not None:
        base_seq = int(statement.get("seq", 0))  # the restore point the admin signed
    elif base_seq is None:
        base_seq = int(last.get("seq", 0) or 0)
    base_hash = audit.hash_at(conn, base_seq) or "f" * 64  # a missing row matches nothing
    return AnchorRequest(
        seq=count,
        hash=head_hash,
        base_seq=base_seq,
        base_hash=base_hash,
        restart=bool(restart),
        chain=signing.stored_chain(conn),
        restore=statement,
    )


def record_reply(ws: SyncHost, sent: AnchorRequest, reply: AnchorReply) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with ws.store.transaction() as conn:
        if reply.accepted:
            _put(conn, RECEIPT_KEY, {"seq": sent.seq, "hash": sent.hash, "at": now})
            conn.execute("DELETE FROM setting WHERE key = ?", (RESTART_KEY,))
        else:
            _put(
                conn,
                REFUSED_KEY,
                {"at": now, "seq": sent.seq, "last_seq": reply.last_seq, "reason": reply.reason},
            )


def mark_restart(conn: Any, statement: dict[str, Any] | None = None) -> None:
    """A restore put an older history in place: the next anchor starts a new base, with
    the restoring admin's signed statement (`signing.restore_statement`) when there is
    one; without it central waits for its admin's `anchors --allow-restart`."""
    _put(conn, RESTART_KEY, statement or True)
    conn.execute("DELETE FROM setting WHERE key = ?", (RECEIPT_KEY,))


def restart_problem(conn: Any) -> str:
    """'' or one line: the restart mark (`true`, or a restore statement as
    `signing.restore_statement` makes it) is neither (review i11 #4)."""
    try:
        value = _setting(conn, RESTART_KEY)
    except ValueError:  # not JSON
        value = object()
    if value is None or value is True:
        return ""
    try:
        RestoreStatement.model_validate(value)
    except ValidationError:
        return f"audit anchor: the setting {RESTART_KEY} is malformed (changed outside Caseline)"
    return ""


def problems(conn: Any) -> list[str]:
    """What `verify` reports about the chain against the last anchor central accepted."""
    found: list[str] = [p for p in [restart_problem(conn)] if p]
    refused = _setting(conn, REFUSED_KEY)
    if isinstance(refused, dict):
        found.append(
            f"audit anchor: central refused this desk's history on {refused.get('at', '?')} "
            f"(it did not extend the {refused.get('last_seq', '?')} rows central holds)"
        )
    last = receipt(conn)
    if last is None:
        return found
    seq, expected = int(last.get("seq", 0)), str(last.get("hash", ""))
    count, _head = audit.chain_head(conn, from_rows=True)
    if count < seq:
        found.append(
            f"audit anchor: central holds {seq} rows of this desk's history, the desk has "
            f"{count} (rows were removed)"
        )
    elif seq and audit.hash_at(conn, seq) != expected:
        found.append(
            f"audit anchor: row {seq} does not match the hash central holds "
            "(the history before it was rewritten)"
        )
    return found


def send(run_db: RunDb, client: Any) -> AnchorReply | None:
    """One anchor round (after push and pull); None when nothing was sent (the client
    cannot anchor, or central already holds this very head)."""
    post = getattr(client, "anchor", None)
    if post is None:
        return None
    sent = run_db(request_for)
    last = run_db(lambda ws: receipt(ws.conn)) or {}
    if not sent.restart and (last.get("seq"), last.get("hash")) == (sent.seq, sent.hash):
        return None  # central already holds this head: a quiet round stays one request
    reply = post(sent)
    if not reply.accepted and reply.reason == REBASE:
        # Central holds a later anchor than our receipt (its reply was lost): ask again
        # from there; central judges that request as any other.
        sent = run_db(lambda ws: request_for(ws, base_seq=reply.last_seq))
        reply = post(sent)
    run_db(lambda ws: record_reply(ws, sent, reply))
    return reply


def after_round(run_db: RunDb, client: Any, result: Any) -> None:
    """The engine's hook: anchor once push and pull are done. A refusal is reported in the
    round's errors (kind "audit"); the records synced in this round stay synced."""
    reply = send(run_db, client)
    if reply is not None and not reply.accepted and reply.reason == RESTART_UNSIGNED:
        device = run_db(lambda ws: ws.store.get_setting(sync_store.DEVICE_ID, ""))
        result.errors.append(
            {
                "kind": "audit",
                "vi": "Máy chủ trung tâm chưa nhận lịch sử truy cập của máy vừa khôi phục này "
                "(không có xác nhận ký của quản trị viên máy). Hãy nhờ quản trị viên trung tâm "
                f"cho phép: caseline-central anchors --allow-restart {device}",
                "en": "Central has not accepted this restored desk's access history (no restore "
                "statement signed by the desk's admin). Ask central's administrator to allow it: "
                f"caseline-central anchors --allow-restart {device}",
            }
        )
    elif reply is not None and not reply.accepted:
        result.errors.append(
            {
                "kind": "audit",
                "vi": "Máy chủ trung tâm từ chối lịch sử truy cập của máy này: nó không nối tiếp "
                "lịch sử đã gửi trước. Hãy báo quản trị viên.",
                "en": "Central refused this desk's access history: it does not extend the "
                "history sent before. Tell the administrator.",
            }
        )
