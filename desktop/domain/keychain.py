"""The desk's user-signing key chain and the statements signed with it (issue 11), as pure
functions both the desk and central check (no store, no network).

- A **chain** is a list `[{"key": K0}, {"key": K1, "sig": …}, …]` of Ed25519 public keys
  (base64 of the 32 raw bytes); each `sig` is the previous key's signature over
  `link_message(index, previous, key)`. The newest key is the desk's. A key is replaced
  when an admin is demoted, a user disabled or removed, or the recovery key replaced
  (`desktop.services.users`), so a former admin's key is an old link: it can certify
  nothing that a holder of a newer key will accept.
- A **restore statement** says "this desk's history was put back, on purpose, to the chain
  position `seq` whose hash is `hash`": signed by the desk's newest key at the time of the
  restore (held only by admins and the recovery key), with the chain that leads to that
  key. Central accepts an audit anchor that starts a new base (a restore) only with one
  (`central.anchors`), checked against the key it last saw from the desk.
"""

from __future__ import annotations

import base64
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

MAX_LINKS = 256


def public_key(text: str) -> Ed25519PublicKey:
    """ValueError when `text` is not base64 of 32 bytes."""
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))


def signature_ok(public_text: str, signature_text: str, message: bytes) -> bool:
    try:
        public_key(public_text).verify(base64.b64decode(signature_text, validate=True), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def link_message(index: int, previous: str, new: str) -> bytes:
    return f"caseline-key-rotation-v1|{int(index)}|{previous}|{new}".encode()


def chain_keys(chain: Any) -> list[str] | None:
    """The chain's public keys, oldest first, when every link checks; None otherwise."""
    if not isinstance(chain, list) or not 0 < len(chain) <= MAX_LINKS:
        return None
    if not isinstance(chain[0], dict):
        return None
    found = [str(chain[0].get("key", ""))]
    for index, link in enumerate(chain[1:], start=1):
        if not isinstance(link, dict):
            return None
        new = str(link.get("key", ""))
        if not signature_ok(
            found[-1], str(link.get("sig", "")), link_message(index, found[-1], new)
        ):
            return None
        found.append(new)
    return found


def restore_message(device_id: str, seq: int, head_hash: str) -> bytes:
    return f"caseline-restore-v1|{device_id}|{int(seq)}|{head_hash}".encode()


def restore_statement_ok(statement: Any, device_id: str, known_key: str) -> bool:
    """Is `statement` ({"seq", "hash", "chain", "signature"}) signed by the newest key of a
    chain that checks and holds `known_key` (the desk's key central last saw)?"""
    if not isinstance(statement, dict) or not known_key:
        return False
    found = chain_keys(statement.get("chain"))
    if found is None or known_key not in found:
        return False
    message = restore_message(device_id, int(statement.get("seq", -1)), str(statement.get("hash")))
    return signature_ok(found[-1], str(statement.get("signature", "")), message)
