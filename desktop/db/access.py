"""Key slots, version 2 (issue 11): a data key that can change without anyone's password,
an admin key only admin slots hold, and the desk's signing key pinned in every slot.

Version 1 (`desktop.db.keys.KeySlot`) wraps the data key itself under each user's
scrypt-derived key, so changing the data key would need every user's password. Version 2
gives each slot an X25519 key pair:

- `wrapped`: AES-256-GCM under scrypt(password) of the slot's X25519 private key, followed
  by the **pin** — the desk's user-signing public key (`desktop.db.signing`) as this
  slot's owner last saw it (32 bytes, or nothing before the desk had one);
- `public`: the X25519 public key (plain);
- `envelope`: ECIES to that public key (ephemeral X25519, HKDF-SHA256, AES-256-GCM) of the
  data key, followed by the **admin key** for admin slots and the recovery slot
  (`"admin_key": true` says so, in the clear, so an admin knows which envelopes to fill).

So an admin can give every remaining slot a new envelope for a new data key (a **rekey**)
knowing only their public keys; an old copy of the slot file opens only the old data key,
which no longer opens the database. A slot whose owner has not logged in since the
upgrade is still version 1 and is converted at their next login (their password is at
hand then); a rekey cannot carry a version-1 slot over (it is dropped, and the admin is
told whose password to reset).

The file `keyslots.json` also lists `disabled` user names (no key material): such a user is
told their account is disabled, not that they do not exist.

Crash safety of a rekey: the new slots are written to `keyslots.next.json` first, then the
database is rekeyed (one SQLCipher transaction), then the new file replaces the old one.
Opening tries `keyslots.next.json` when the main file's key no longer opens the database.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desktop.db import keys
from desktop.errors import StoreError, UserDisabled

VERSION = 2
NEXT_FILE = "keyslots.next.json"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    return base64.b64decode(str(text).encode("ascii"), validate=True)


def _aad(part: str, kind: str, name: str) -> bytes:
    return f"caseline-keyslot-v2|{part}|{kind}|{name}".encode()


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _envelope_key(shared: bytes, ephemeral: bytes, public: bytes) -> bytes:
    info = b"caseline-envelope-v2|" + ephemeral + public
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def user_disabled(username: str) -> UserDisabled:
    return UserDisabled(
        "Tài khoản này đã bị khoá. Hãy liên hệ quản trị viên.",
        "This account has been disabled. Contact the administrator.",
        username=username,
    )


@dataclass(frozen=True)
class Access:
    """What one slot gave: the data key, the admin key (admin and recovery slots only), the
    signing key the slot vouches for (base64, None in a version-1 or pre-signing slot)."""

    data_key: bytes
    admin_key: bytes | None
    pin: str | None
    version: int
    failures: int = 0


def seal(
    kind: str,
    name: str,
    secret: str,
    data_key: bytes,
    admin_key: bytes | None,
    pin: str | None,
) -> dict[str, Any]:
    """A new version-2 slot (raw JSON dict) for `secret`, with a fresh X25519 key pair."""
    private = X25519PrivateKey.generate()
    params = keys.kdf_params()
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    kek = keys.derive(keys.secret_as_typed(secret), salt, params)  # NFC, as version 1
    private_raw = private.private_bytes_raw()
    pinned = _unb64(pin) if pin else b""
    wrapped = AESGCM(kek).encrypt(nonce, private_raw + pinned, _aad("wrap", kind, name))
    raw = {
        "v": VERSION,
        "kind": kind,
        "name": name,
        "kdf": "scrypt",
        "params": params,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped": _b64(wrapped),
        "public": _b64(_raw_public(private.public_key())),
    }
    return envelope(raw, data_key, admin_key)


def envelope(raw: dict[str, Any], data_key: bytes, admin_key: bytes | None) -> dict[str, Any]:
    """The slot with a new envelope of `data_key` (+ `admin_key`) to its public key."""
    public = _unb64(raw["public"])
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public))
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_envelope_key(shared, ephemeral_public, public)).encrypt(
        nonce, data_key + (admin_key or b""), _aad("envelope", raw["kind"], raw["name"])
    )
    return {
        **raw,
        "admin_key": admin_key is not None,
        "envelope": {"epk": _b64(ephemeral_public), "nonce": _b64(nonce), "ct": _b64(sealed)},
    }


def open_slot(
    raw: dict[str, Any], secret: str, path: Path = Path(keys.KEYSLOTS_FILE)
) -> Access | None:
    """Open a slot of either version; None when the secret is wrong. StoreError when its
    KDF parameters or sizes are out of bounds (checked before any KDF runs) or when the
    secret is right but the envelope is damaged."""
    if raw.get("v") != VERSION:
        try:
            slot = keys.KeySlot.from_json(raw)
        except keys.BadKdfParams as exc:
            raise keys.absurd(path) from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise _damaged() from exc
        data_key = slot.open(secret)  # every form (NFC, raw, NFD); resealed at login
        return Access(data_key, None, None, 1) if data_key is not None else None
    try:
        params = keys.checked_kdf_params(raw.get("params"))
        salt, nonce, wrapped = (_bounded(raw, k, *WRAP_BOUNDS[k]) for k in WRAP_BOUNDS)
    except keys.BadKdfParams as exc:
        raise keys.absurd(path) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise keys.damaged(path) from exc
    try:
        kek = keys.derive(keys.secret_as_typed(secret), salt, params)
        plain = AESGCM(kek).decrypt(nonce, wrapped, _aad("wrap", raw["kind"], raw["name"]))
    except InvalidTag:
        return None
    except (KeyError, TypeError, ValueError) as exc:
        raise _damaged() from exc
    private = X25519PrivateKey.from_private_bytes(plain[:32])
    pin = _b64(plain[32:]) if len(plain) > 32 else None
    try:
        env = raw["envelope"]
        ephemeral_public = _unb64(env["epk"])
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        payload = AESGCM(_envelope_key(shared, ephemeral_public, _unb64(raw["public"]))).decrypt(
            _unb64(env["nonce"]), _unb64(env["ct"]), _aad("envelope", raw["kind"], raw["name"])
        )
    except (InvalidTag, KeyError, TypeError, ValueError) as exc:
        raise _damaged() from exc
    return Access(payload[:32], payload[32:64] or None, pin, VERSION)


# Sizes of a version-2 slot's sealed part: salt, nonce, and the private key (+ the pinned
# signing key) with its 16-byte tag.
WRAP_BOUNDS = {
    "salt": keys.SALT_BYTES,
    "nonce": (keys.NONCE_BYTES, keys.NONCE_BYTES),
    "wrapped": (32 + 16, 64 + 16),
}


def _bounded(raw: dict[str, Any], key: str, low: int, high: int) -> bytes:
    text = raw.get(key)
    if not isinstance(text, str) or len(text) > 4 * high:
        raise keys.BadKdfParams(f"{key} out of bounds")
    value = _unb64(text)  # ValueError: damaged (not out of bounds)
    if not low <= len(value) <= high:
        raise keys.BadKdfParams(f"{key} out of bounds")
    return value


def _damaged() -> StoreError:
    return StoreError(
        "Khoá của tài khoản này trong tệp keyslots.json bị hỏng. Hãy mở bằng khoá khôi phục.",
        "This account's key in keyslots.json is damaged. Open the desk with the recovery key.",
    )


def _unlock(slots: keys.KeySlots, kind: str, name: str, secret: str, wrong: Any) -> Access:
    lockout = keys.Lockout(slots.path.parent)
    remaining = lockout.remaining_delay(name)
    if remaining > 0:
        raise keys.still_waiting(remaining, lockout.failures(name))
    raw = slots.find_raw(kind, name)
    if raw is None:
        raise keys.unknown_user(name)
    opened = open_slot(raw, secret, slots.path)
    if opened is None:
        delay = lockout.record_failure(name)
        raise wrong(delay, lockout.failures(name))
    failures = lockout.clear(name)
    return Access(opened.data_key, opened.admin_key, opened.pin, opened.version, failures)


def unlock(data_dir: Path, username: str, password: str, *, slots_file: str = "") -> Access:
    """Open `username`'s slot (either version). AuthError for a disabled account,
    UnknownUser, WrongPassword (with the growing wait), StoreError."""
    slots = keys.KeySlots(data_dir)
    if slots_file:
        slots.path = Path(data_dir) / slots_file
    if slots.find_raw(keys.USER_SLOT, username) is None and username in slots.disabled_names():
        raise user_disabled(username)
    return _unlock(slots, keys.USER_SLOT, username, password, keys.wrong_password)


def unlock_with_recovery_key(data_dir: Path, recovery_key: str, *, slots_file: str = "") -> Access:
    slots = keys.KeySlots(data_dir)
    if slots_file:
        slots.path = Path(data_dir) / slots_file
    if slots.find_raw(keys.RECOVERY_SLOT, keys.RECOVERY_NAME) is None:
        raise keys.damaged(slots.path)
    return _unlock(
        slots,
        keys.RECOVERY_SLOT,
        keys.RECOVERY_NAME,
        keys.normalise_recovery_key(recovery_key),
        keys.wrong_recovery_key,
    )


def next_file(data_dir: Path) -> Path:
    return Path(data_dir) / NEXT_FILE


def rekeyed_slots(
    slots: keys.KeySlots,
    data_key: bytes,
    admin_key: bytes | None,
    *,
    drop: set[tuple[str, str]],
    admins: set[str],
) -> tuple[list[dict[str, Any]], list[str]]:
    """Every slot but `drop`, each with a new envelope of `data_key` (and the admin key for
    the recovery slot and for users in `admins`). Version-1 slots cannot be carried over:
    they are left out and their names returned."""
    kept: list[dict[str, Any]] = []
    lost: list[str] = []
    for raw in slots.raw_slots():
        key = (raw.get("kind"), raw.get("name"))
        if key in drop:
            continue
        if raw.get("v") != VERSION:
            lost.append(str(raw.get("name")))
            continue
        gets_admin = raw.get("kind") == keys.RECOVERY_SLOT or raw.get("name") in admins
        kept.append(envelope(raw, data_key, admin_key if gets_admin else None))
    return kept, lost


def write_next(data_dir: Path, document: dict[str, Any]) -> Path:
    import json

    path = next_file(data_dir)
    keys.write_atomically(path, json.dumps(document, indent=1, sort_keys=True))
    return path


def write_next_text(data_dir: Path, text: str) -> Path:
    path = next_file(data_dir)
    keys.write_atomically(path, text)
    return path


def promote_next(data_dir: Path) -> None:
    """`keyslots.next.json` becomes `keyslots.json` (after the database was rekeyed)."""
    os.replace(next_file(data_dir), Path(data_dir) / keys.KEYSLOTS_FILE)
