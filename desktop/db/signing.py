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

SIGNING_KEY_SETTING = "user_signing_key"
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
