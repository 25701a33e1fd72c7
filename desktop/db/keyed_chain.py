"""The offline keyed chain (issue 11): history an insider cannot cut or rewrite after the
fact between two syncs without an admin's next login or `verify` seeing it.

The audit chain (`desktop.db.audit`) has no secret: anyone who holds the data key can
rewrite rows and recompute every hash. Central's anchor catches that for history it has
seen (`desktop.sync.anchor`); this covers the rows written since, offline:

- A **ratchet key** lives in the audit head (`audit_head.key`): every appended row moves
  it on, `k' = SHA-256("caseline-audit-ratchet" | k | row hash)`, and the old value is
  overwritten (secure_delete). The key after row n is thus a keyed digest of every row
  since the epoch's start, and it cannot be run backwards.
- An **epoch** starts with a random key k0 at `init`, at every admin login (after the
  check below) and at every admin-key rotation. The list of epoch starts (row count and
  hash there) and the current k0 are sealed (AES-256-GCM) under a key derived from the
  admin key (`signing.seal_key`), in the setting `audit_keyed`: only admin sessions (and
  the recovery key) can read or write it.
- The **check** (an admin's login and `verify`): every epoch start still has its hash in
  the chain; from the last start, k0 run over the rows after it gives the head's key.

What it catches: rows cut, rewritten or recomputed after the last admin login by someone
who did not keep a copy of the ratchet key from *before* the rows they hide were written
(an after-the-fact cover-up), and anything below an epoch start. What it cannot: an
insider who copied the head (with its key) at row m and later puts the chain back to
row m — no local secret can tell that state from the real one at m, since every byte of
it was once real and the insider could read it. That window closes at the next admin
login (a new epoch start past m) or the next sync (the anchor at central).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.db import signing

SETTING = "audit_keyed"
EPOCH_RECORD = "keyed-{:012d}"  # audit record_id of an epoch start (indexed)
EPOCH_RANGE = ("keyed-", "keyed.")
_AAD = b"caseline-audit-keyed-v1"


def ratchet(key_hex: str, row_hash: str) -> str:
    """The next ratchet key after a row whose hash is `row_hash` (hex in, hex out)."""
    return hashlib.sha256(
        b"caseline-audit-ratchet|" + key_hex.encode() + b"|" + row_hash.encode()
    ).hexdigest()


def _seal(admin_key: bytes, document: dict[str, Any]) -> dict[str, str]:
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(signing.seal_key(admin_key)).encrypt(
        nonce, json.dumps(document, sort_keys=True).encode(), _AAD
    )
    return {"nonce": base64.b64encode(nonce).decode(), "sealed": base64.b64encode(sealed).decode()}


def _unseal(admin_key: bytes, stored: Any) -> dict[str, Any] | None:
    try:
        plain = AESGCM(signing.seal_key(admin_key)).decrypt(
            base64.b64decode(stored["nonce"]), base64.b64decode(stored["sealed"]), _AAD
        )
        document = json.loads(plain)
    except (InvalidTag, KeyError, TypeError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def _setting(conn: Any, key: str) -> Any:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row is not None else None


def _put(conn: Any, key: str, value: Any) -> None:
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value)),
    )


def started(conn: Any) -> bool:
    """Has this desk ever had a keyed chain (the setting, the signed list of users saying
    so, or an epoch start in the log)?"""
    if _setting(conn, SETTING) is not None:
        return True
    listed = _setting(conn, signing.ROSTER_SETTING)
    if isinstance(listed, dict) and listed.get("keyed") is True:
        return True
    low, high = EPOCH_RANGE
    return (
        conn.execute(
            "SELECT 1 FROM audit_event WHERE record_id >= ? AND record_id < ? LIMIT 1", (low, high)
        ).fetchone()
        is not None
    )


def start_epoch(conn: Any, admin_key: bytes, old_admin_key: bytes | None = None) -> int:
    """A new epoch at the chain's current head (inside the caller's transaction): the
    starts so far (read with `old_admin_key` after a rotation) plus this one, sealed under
    `admin_key`, and a fresh k0 in the head. Returns the start's row count; the caller
    appends the epoch's audit row (`EPOCH_RECORD`) right after, as the epoch's first row."""
    from desktop.db import audit

    previous = _setting(conn, SETTING)
    starts: list[list[Any]] = []
    if previous is not None:
        document = _unseal(old_admin_key or admin_key, previous)
        starts = list(document.get("starts", [])) if document else []
    count, head = audit.chain_head(conn)
    k0 = secrets.token_hex(32)
    starts.append([count, head])
    _put(conn, SETTING, _seal(admin_key, {"starts": starts, "k0": k0}))
    audit.set_head_key(conn, k0)
    return count


def problems(conn: Any, admin_key: bytes) -> list[str]:
    """What the check finds (names and positions only); [] when whole or never started."""
    from desktop.db import audit

    stored = _setting(conn, SETTING)
    if stored is None:
        if started(conn):
            return ["audit keyed chain: its sealed start was deleted outside Caseline"]
        return []
    document = _unseal(admin_key, stored)
    if document is None:
        return ["audit keyed chain: its sealed start was replaced outside Caseline"]
    starts = document.get("starts") or []
    for count, head in starts:
        if audit.hash_at(conn, int(count)) != head:
            return [
                f"audit keyed chain: row {count} (checked at an admin's login) is gone or rewritten"
            ]
    last_count = int(starts[-1][0]) if starts else 0
    key = str(document.get("k0", ""))
    walked = last_count
    rows = conn.execute(
        "SELECT hash FROM audit_event ORDER BY seq LIMIT -1 OFFSET ?", (last_count,)
    )
    for (row_hash,) in rows:
        key = ratchet(key, str(row_hash))
        walked += 1
    head = audit.head_state(conn)
    if head.get("key") != key or int(head.get("count", -1)) != walked:
        return [
            f"audit keyed chain: the rows after row {last_count} (since the last admin "
            "login) were cut or rewritten outside Caseline"
        ]
    return []
