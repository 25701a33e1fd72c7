"""Role grants only an admin can make (issue 11): user records are signed.

Every desk has an **admin key** (32 random bytes) that only admin key slots and the
recovery slot unwrap (`desktop.db.keys`). From it, with HKDF-SHA256:

- the desk's **Ed25519 signing key**: every `app_user` row (username, full name, role,
  disabled) carries its signature (`app_user.signature`, base64); the public half is the
  setting `user_signing_key` and is also pinned inside every version-2 key slot, where a
  user with the data key cannot change it for anyone but themselves;
- the **audit seal key** (HMAC-SHA256) for the offline audit seals (`desktop.db.audit`).

A user who opens the database with their own key can still run `UPDATE app_user …`, but
without the admin key they cannot make a signature that checks: the app refuses to open
as that user and `caseline verify` fails.

Two more pieces close what a signature per row leaves open:

- the **signed roster** (setting `user_roster`): every user record at once, with a
  `generation` that grows by one at each user change, signed by the current key. An old
  signed record written back no longer matches the roster; a deleted row is still named
  in it (and is put back from it at login); the generation of each roster is also written
  in the audit chain (`record_id` "roster-…"), so writing back a whole older roster is
  seen as a roll-back unless the audit rows after it are cut too (which the anchor at
  central and the keyed chain catch);
- the **key chain** (setting `user_signing_chain`): the admin key is replaced when an admin
  is demoted, or when anyone is disabled or removed, or the recovery key is replaced; each
  new signing key is certified by the one before (`link`). A key slot pins the key its
  owner last saw; a login accepts the desk's key when the chain leads from the pinned key
  to it, and then pins the newest. So a demoted admin's old key signs nothing that counts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desktop.domain import keychain

SIGNING_KEY_SETTING = "user_signing_key"
CHAIN_SETTING = "user_signing_chain"
ROSTER_SETTING = "user_roster"
ROSTER_RECORD = "roster-{:012d}"  # audit record_id of a roster generation (indexed)
ROSTER_RECORD_RANGE = ("roster-", "roster.")
USER_FIELDS = ("username", "full_name", "role", "disabled")


def _derive(admin_key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(admin_key)


def signing_key(admin_key: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_derive(admin_key, b"caseline user records v1"))


def seal_key(admin_key: bytes) -> bytes:
    """The HMAC key of the audit seals."""
    return _derive(admin_key, b"caseline audit seals v1")


def public_key_text(admin_key: bytes) -> str:
    raw = signing_key(admin_key).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def user_message(row: Any) -> bytes:
    """The signed bytes of one user record: canonical JSON of USER_FIELDS."""
    data = {
        "username": str(row["username"]),
        "full_name": str(row["full_name"]),
        "role": str(row["role"]),
        "disabled": bool(row["disabled"]),
    }
    return b"caseline-user-v1|" + json.dumps(data, sort_keys=True, ensure_ascii=False).encode()


def sign_user(admin_key: bytes, row: Any) -> str:
    return base64.b64encode(signing_key(admin_key).sign(user_message(row))).decode("ascii")


def user_signature_ok(public_text: str, row: Any) -> bool:
    """Does the row's `signature` check under the desk's public key (base64)?"""
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_text, validate=True))
        public.verify(
            base64.b64decode(str(row["signature"] or ""), validate=True), user_message(row)
        )
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def seal(admin_key: bytes, count: int, head_hash: str) -> str:
    """The audit seal: HMAC over the chain position and its hash."""
    msg = f"caseline-audit-seal-v1|{int(count)}|{head_hash}".encode()
    return hmac.new(seal_key(admin_key), msg, hashlib.sha256).hexdigest()


def seal_ok(admin_key: bytes, count: int, head_hash: str, mac: str) -> bool:
    return hmac.compare_digest(seal(admin_key, count, head_hash), str(mac))


# --- the key chain (checked by desktop.domain.keychain, on the desk and at central) -----

link_message = keychain.link_message
chain_keys = keychain.chain_keys


def chain_link(old_admin_key: bytes, new_admin_key: bytes, index: int) -> dict[str, str]:
    """The chain's entry number `index` (>= 1): the new public key, signed by the old key."""
    previous, new = public_key_text(old_admin_key), public_key_text(new_admin_key)
    signature = signing_key(old_admin_key).sign(link_message(index, previous, new))
    return {"key": new, "sig": base64.b64encode(signature).decode("ascii")}


def chain_leads_from(chain_keys_: list[str] | None, pin: str | None) -> bool:
    """Does a checked chain hold the pinned key (the newest key is then the desk's)?"""
    return pin is None or (chain_keys_ is not None and pin in chain_keys_)


def stored_chain(conn: Any) -> list[dict[str, Any]]:
    """The desk's key chain; a desk signed before the chain existed has its one key; a
    desk from before signed records has none."""
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (CHAIN_SETTING,)).fetchone()
    if row is not None:
        chain = json.loads(row[0])
        return chain if isinstance(chain, list) else []
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (SIGNING_KEY_SETTING,)).fetchone()
    public = json.loads(row[0]) if row is not None else None
    return [{"key": str(public)}] if public else []


def restore_statement(
    admin_key: bytes, chain: list[dict[str, Any]], device_id: str, seq: int, head_hash: str
) -> dict[str, Any]:
    """An admin's signed "this desk's history was put back to (seq, hash) on purpose"."""
    signature = signing_key(admin_key).sign(keychain.restore_message(device_id, seq, head_hash))
    return {
        "seq": int(seq),
        "hash": head_hash,
        "chain": chain,
        "signature": base64.b64encode(signature).decode("ascii"),
    }


# --- the signed roster -----------------------------------------------------------------


def roster_entry(row: Any) -> dict[str, Any]:
    return {
        "full_name": str(row["full_name"]),
        "role": str(row["role"]),
        "disabled": bool(row["disabled"]),
        "signature": str(row["signature"] or ""),
    }


def roster_message(generation: int, users: dict[str, Any], key: str, keyed: bool = False) -> bytes:
    body: dict[str, Any] = {"generation": int(generation), "users": users, "key": key}
    if keyed:  # the desk keeps the offline keyed chain (desktop.db.keyed_chain)
        body["keyed"] = True
    return b"caseline-roster-v1|" + json.dumps(
        body, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def sign_roster(
    admin_key: bytes, generation: int, users: dict[str, Any], *, keyed: bool = False
) -> dict[str, Any]:
    """The roster document: {"generation", "users": {name: entry}, "key", "signature"}
    and "keyed" once the desk keeps the offline keyed chain (so it cannot be made to look
    like a desk from before it)."""
    key = public_key_text(admin_key)
    signature = signing_key(admin_key).sign(roster_message(generation, users, key, keyed))
    document = {
        "generation": int(generation),
        "users": users,
        "key": key,
        "signature": base64.b64encode(signature).decode("ascii"),
    }
    if keyed:
        document["keyed"] = True
    return document


def roster_ok(roster: Any, public_text: str) -> bool:
    """Is `roster` a document signed by the desk's current key?"""
    if not isinstance(roster, dict) or roster.get("key") != public_text:
        return False
    users = roster.get("users")
    generation = roster.get("generation")
    if not isinstance(users, dict) or type(generation) is not int:
        return False
    return keychain.signature_ok(
        public_text,
        str(roster.get("signature", "")),
        roster_message(generation, users, public_text, roster.get("keyed") is True),
    )
