"""Key slots: the data key wrapped once per user (and once for the recovery key).

The 256-bit data key that opens the SQLCipher file is never typed. `keyslots.json`, beside
the database, holds one slot per local user plus one for the recovery key: scrypt
parameters and salt (stored per slot, so unwrapping always uses what the slot was made
with) and the data key sealed with AES-256-GCM. The associated data binds a slot to its
kind and name, so a slot copied under another user's name does not open.

`lockout.json` counts wrong passwords per user (counts and times only, no secrets) and
enforces a growing delay: 0, 0, 1, 2, 4, 8 ... 60 seconds; one wrong try counts once.

Passwords as seen: a password (and a recovery key as typed) is NFC-normalised before the
key derivation, so "Hoà" typed composed (NFC) or decomposed (NFD: Unikey's "Unicode tổ
hợp", macOS) opens the same slot. A slot sealed before this rule (from the raw text) still
opens: the raw and the NFD forms are tried after the NFC one, and a slot that opened only
that way is sealed again under the NFC form.

A slot's scrypt parameters, salt, nonce and sealed key are checked against fixed bounds
(`KDF_BOUNDS`) before any key derivation runs: a file holding n=2**40, r=0 or a 1 MB salt
is refused as damaged, never run (memory, hours) and never an internal error.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.errors import StoreError, UnknownUser, WrongPassword
from desktop.files import write_atomically

KEYSLOTS_FILE = "keyslots.json"
LOCKOUT_FILE = "lockout.json"
FORMAT_VERSION = 1

USER_SLOT = "user"
RECOVERY_SLOT = "recovery"
RECOVERY_NAME = "recovery"

# Production cost: n=2**16, r=8 takes ~250 ms per try on a 2-core desk PC (>= 100 ms).
PRODUCTION_KDF = {"n": 2**16, "r": 8, "p": 1}
# Tests set CASELINE_TEST_FAST_KDF=1: new slots use a cheaper, still real, scrypt.
FAST_KDF = {"n": 2**12, "r": 8, "p": 1}

# Recovery keys avoid look-alike characters (0/O, 1/I/L, 2/Z, 5/S, 8/B).
RECOVERY_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
RECOVERY_GROUPS = 8
RECOVERY_GROUP_LEN = 5

MAX_DELAY_S = 60

# What a slot's (or a backup's) KDF may ask for: scrypt n a power of two in [2**10, 2**20],
# r in [1, 32], p in [1, 16], and at most 256 MiB of scrypt memory (128·n·r·p bytes; ours
# is 64 MiB); salt 16–64 bytes, nonce 12 bytes, the sealed data key 48 bytes (32 + the
# 16-byte GCM tag). Anything else was not written by Caseline.
KDF_BOUNDS = {"n": (2**10, 2**20), "r": (1, 32), "p": (1, 16)}
KDF_MAX_MEMORY = 256 * 2**20
SALT_BYTES = (16, 64)
NONCE_BYTES = 12
WRAPPED_BYTES = 48


class BadKdfParams(ValueError):
    """A slot's or a backup's KDF parameters are outside `KDF_BOUNDS` (or not numbers)."""


def checked_kdf_params(raw: Any) -> dict[str, int]:
    """{"n", "r", "p"} as ints within `KDF_BOUNDS`, or BadKdfParams. Runs no KDF.

    Booleans, floats, text and missing keys are refused: the file is JSON written by us."""
    if not isinstance(raw, dict):
        raise BadKdfParams("params is not an object")
    params: dict[str, int] = {}
    for name, (low, high) in KDF_BOUNDS.items():
        value = raw.get(name)
        if type(value) is not int or not low <= value <= high:
            raise BadKdfParams(f"scrypt {name} out of bounds")
        params[name] = value
    if params["n"] & (params["n"] - 1):
        raise BadKdfParams("scrypt n is not a power of two")
    if 128 * params["n"] * params["r"] * params["p"] > KDF_MAX_MEMORY:
        raise BadKdfParams("scrypt needs too much memory")
    return params


def secret_as_typed(secret: str) -> str:
    """The form a password or recovery key is derived from: NFC (nothing trimmed)."""
    return unicodedata.normalize("NFC", secret)


def secret_forms(secret: str) -> tuple[str, ...]:
    """The forms to try, in order: NFC, then the raw text and NFD (slots sealed before the
    NFC rule); each once, so an ASCII password costs one derivation."""
    forms = (secret_as_typed(secret), secret, unicodedata.normalize("NFD", secret))
    return tuple(dict.fromkeys(forms))


def new_data_key() -> bytes:
    return secrets.token_bytes(32)


def kdf_params() -> dict[str, int]:
    """Parameters for a NEW slot (existing slots keep the ones they were made with)."""
    if os.environ.get("CASELINE_TEST_FAST_KDF") == "1":
        return dict(FAST_KDF)
    return dict(PRODUCTION_KDF)


def derive(secret: str, salt: bytes, params: dict[str, int]) -> bytes:
    """scrypt → 32 bytes. `params` must have passed `checked_kdf_params` (or be ours)."""
    n, r, p = int(params["n"]), int(params["r"]), int(params["p"])
    return hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20, dklen=32
    )


def new_recovery_key() -> str:
    """Eight groups of five characters, e.g. 'K7Q4M-...'; typable, ~186 bits."""
    groups = (
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUP_LEN))
        for _ in range(RECOVERY_GROUPS)
    )
    return "-".join(groups)


def normalise_recovery_key(text: str) -> str:
    """Accept lower case, spaces or no dashes: the canonical form is upper case with dashes.

    The key's alphabet is ASCII, so the text typed is NFKC-normalised first (NFC, and a
    full-width 'Ａ' from an East Asian input method is the 'A' it looks like)."""
    typed = unicodedata.normalize("NFKC", text)
    chars = "".join(ch for ch in typed.upper() if ch.isascii() and ch.isalnum())
    size = RECOVERY_GROUP_LEN
    return "-".join(chars[i : i + size] for i in range(0, len(chars), size))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _aad(kind: str, name: str) -> bytes:
    return f"caseline-keyslot-v1|{kind}|{name}".encode()


@dataclass(frozen=True)
class KeySlot:
    kind: str  # user | recovery
    name: str  # username, or "recovery"
    params: dict[str, int]
    salt: bytes
    nonce: bytes
    wrapped: bytes

    @classmethod
    def seal(cls, kind: str, name: str, secret: str, data_key: bytes) -> KeySlot:
        """A new slot for `secret` as typed (derived from its NFC form)."""
        params = kdf_params()
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        kek = derive(secret_as_typed(secret), salt, params)
        wrapped = AESGCM(kek).encrypt(nonce, data_key, _aad(kind, name))
        return cls(kind, name, params, salt, nonce, wrapped)

    def open(self, secret: str) -> bytes | None:
        """The data key, or None when the secret is wrong (every form tried: one try)."""
        return self.unwrap(secret)[0]

    def unwrap(self, secret: str) -> tuple[bytes | None, bool]:
        """(data key or None, True when only a pre-NFC form opened it: seal it again)."""
        for index, form in enumerate(secret_forms(secret)):
            kek = derive(form, self.salt, self.params)
            try:
                key = AESGCM(kek).decrypt(self.nonce, self.wrapped, _aad(self.kind, self.name))
            except InvalidTag:
                continue
            return key, index > 0
        return None, False

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "kdf": "scrypt",
            "params": self.params,
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeySlot:
        if data.get("kdf") != "scrypt":
            raise ValueError("unknown kdf")
        params = checked_kdf_params(data.get("params"))
        parts = {}
        for key, (low, high) in (
            ("salt", SALT_BYTES),
            ("nonce", (NONCE_BYTES, NONCE_BYTES)),
            ("wrapped", (WRAPPED_BYTES, WRAPPED_BYTES)),
        ):
            text = data[key]
            if not isinstance(text, str) or len(text) > 4 * high:  # base64 of `high` bytes
                raise BadKdfParams(f"{key} out of bounds")
            parts[key] = _unb64(text)
            if not low <= len(parts[key]) <= high:
                raise BadKdfParams(f"{key} out of bounds")
        if not isinstance(data["kind"], str) or not isinstance(data["name"], str):
            raise ValueError("kind and name must be text")
        return cls(
            data["kind"], data["name"], params, parts["salt"], parts["nonce"], parts["wrapped"]
        )


def _absurd(path: Path) -> StoreError:
    return StoreError(
        f"Tệp khoá {path.name} có tham số dẫn xuất khoá không hợp lệ (không do Caseline tạo"
        " hoặc đã bị sửa); không thử mở. Hãy khôi phục từ bản sao lưu.",
        f"The key-slot file {path.name} holds key-derivation parameters out of bounds (not"
        " made by Caseline, or altered); nothing was tried. Restore from a backup.",
        path=str(path),
        why="kdf parameters",
    )


def _damaged(path: Path) -> StoreError:
    return StoreError(
        f"Tệp khoá {path.name} bị hỏng hoặc không đọc được. Hãy mở bằng khoá khôi phục "
        "hoặc khôi phục từ bản sao lưu.",
        f"The key-slot file {path.name} is damaged or unreadable. Open with the recovery key "
        "or restore from a backup.",
        path=str(path),
    )


class KeySlots:
    """The slots file beside the database."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / KEYSLOTS_FILE

    def exists(self) -> bool:
        return self.path.exists()

    def _document(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise _damaged(self.path) from None
        except (OSError, ValueError) as exc:
            raise _damaged(self.path) from exc
        if not isinstance(data, dict) or not isinstance(data.get("slots"), list):
            raise _damaged(self.path)
        return data

    def _raw_slots(self) -> list[dict[str, Any]]:
        return [s for s in self._document()["slots"] if isinstance(s, dict)]

    def load(self) -> list[KeySlot]:
        """Every readable slot (one damaged slot does not lock the other users out)."""
        slots = []
        for raw in self._raw_slots():
            try:
                slots.append(KeySlot.from_json(raw))
            except (ValueError, KeyError, TypeError):
                continue
        return slots

    def save(self, slots: list[KeySlot]) -> None:
        doc = {"format": FORMAT_VERSION, "slots": [s.to_json() for s in slots]}
        write_atomically(self.path, json.dumps(doc, indent=1, sort_keys=True))

    def _save_raw(self, raw_slots: list[dict[str, Any]]) -> None:
        write_atomically(
            self.path, json.dumps(self.document_with(raw_slots), indent=1, sort_keys=True)
        )

    def document_with(self, raw_slots: list[dict[str, Any]]) -> dict[str, Any]:
        """The file's document with these slots (the other top-level keys kept)."""
        try:
            doc = self._document()
        except StoreError:
            doc = {}
        return {**doc, "format": FORMAT_VERSION, "slots": raw_slots}

    # --- issue 11: raw slots of either version (desktop.db.access), disabled names -------

    def raw_slots(self) -> list[dict[str, Any]]:
        return self._raw_slots()

    def find_raw(self, kind: str, name: str) -> dict[str, Any] | None:
        for raw in self._raw_slots():
            if raw.get("kind") == kind and raw.get("name") == name:
                return raw
        return None

    def put_raw(self, raw: dict[str, Any]) -> None:
        """Add or replace one slot given as its JSON dict (the others kept byte for byte)."""
        key = (raw.get("kind"), raw.get("name"))
        kept = [s for s in self._raw_slots() if (s.get("kind"), s.get("name")) != key]
        self._save_raw([*kept, raw])

    def disabled_names(self) -> list[str]:
        try:
            names = self._document().get("disabled", [])
        except StoreError:
            return []
        return [str(n) for n in names] if isinstance(names, list) else []

    def set_disabled(self, name: str, disabled: bool) -> None:
        """List (or unlist) a user as disabled: told so at login, not "no such user"."""
        doc = self._document()
        names = [n for n in self.disabled_names() if n != name] + ([name] if disabled else [])
        doc["disabled"] = sorted(names)
        write_atomically(self.path, json.dumps(doc, indent=1, sort_keys=True))

    def raw_text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def restore_text(self, text: str) -> None:
        json.loads(text)  # must be JSON
        write_atomically(self.path, text)

    def find(self, kind: str, name: str) -> KeySlot | None:
        """The slot, None if there is none; StoreError if it is there but damaged."""
        for raw in self._raw_slots():
            if raw.get("kind") == kind and raw.get("name") == name:
                try:
                    return KeySlot.from_json(raw)
                except BadKdfParams as exc:
                    raise _absurd(self.path) from exc
                except (ValueError, KeyError, TypeError) as exc:
                    raise _damaged(self.path) from exc
        return None

    def put(self, slot: KeySlot) -> None:
        """Add or replace one slot; the others are kept byte for byte (even damaged ones)."""
        raw = [
            s for s in self._raw_slots() if (s.get("kind"), s.get("name")) != (slot.kind, slot.name)
        ]
        self._save_raw([*raw, slot.to_json()])

    def remove(self, kind: str, name: str) -> None:
        raw = [s for s in self._raw_slots() if (s.get("kind"), s.get("name")) != (kind, name)]
        self._save_raw(raw)

    def create(self, data_key: bytes, admin: str, password: str, recovery_key: str) -> None:
        self.save(
            [
                KeySlot.seal(USER_SLOT, admin, password, data_key),
                KeySlot.seal(RECOVERY_SLOT, RECOVERY_NAME, recovery_key, data_key),
            ]
        )


def damaged(path: Path) -> StoreError:
    return _damaged(path)


def absurd(path: Path) -> StoreError:
    return _absurd(path)


def delay_after(failures: int) -> int:
    """Seconds to wait after `failures` wrong passwords in a row: 0, 0, 1, 2, 4 ... 60."""
    if failures < 3:
        return 0
    return min(MAX_DELAY_S, 2 ** (failures - 3))


class Lockout:
    """Counts of wrong passwords per user: no secrets, only counts and times."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCKOUT_FILE

    def _load(self) -> dict[str, dict[str, float]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (FileNotFoundError, ValueError):
            return {}

    def _save(self, data: dict[str, dict[str, float]]) -> None:
        write_atomically(self.path, json.dumps(data, sort_keys=True))

    def failures(self, name: str) -> int:
        return int(self._load().get(name, {}).get("failures", 0))

    def remaining_delay(self, name: str, now: float | None = None) -> float:
        entry = self._load().get(name)
        if not entry:
            return 0.0
        now = time.time() if now is None else now
        until = float(entry.get("last", 0)) + delay_after(int(entry.get("failures", 0)))
        return max(0.0, until - now)

    def record_failure(self, name: str) -> int:
        """Count one more wrong password; returns the delay now in force (seconds)."""
        data = self._load()
        entry = data.get(name, {})
        failures = int(entry.get("failures", 0)) + 1
        data[name] = {"failures": failures, "last": time.time()}
        self._save(data)
        return delay_after(failures)

    def clear(self, name: str) -> int:
        """Forget the count after a good password; returns how many failures there were."""
        data = self._load()
        entry = data.pop(name, None)
        if entry is not None:
            self._save(data)
        return int(entry.get("failures", 0)) if entry else 0


def wrong_password(delay_s: float, failures: int) -> WrongPassword:
    wait = int(round(delay_s + 0.4999))
    if wait > 0:
        return WrongPassword(
            f"Sai mật khẩu. Vui lòng đợi {wait} giây rồi thử lại.",
            f"Wrong password. Please wait {wait} seconds before trying again.",
            delay_s=wait,
            failures=failures,
        )
    return WrongPassword("Sai mật khẩu.", "Wrong password.", delay_s=0, failures=failures)


def wrong_recovery_key(delay_s: float, failures: int) -> WrongPassword:
    wait = int(round(delay_s + 0.4999))
    later_vi = f" Vui lòng đợi {wait} giây rồi thử lại." if wait > 0 else ""
    later_en = f" Please wait {wait} seconds before trying again." if wait > 0 else ""
    return WrongPassword(
        "Khoá khôi phục không đúng: không có gì thay đổi." + later_vi,
        "Wrong recovery key: nothing was changed." + later_en,
        delay_s=wait,
        failures=failures,
    )


def still_waiting(delay_s: float, failures: int) -> WrongPassword:
    wait = int(round(delay_s + 0.4999))
    return WrongPassword(
        f"Đã nhập sai mật khẩu nhiều lần. Vui lòng đợi {wait} giây rồi thử lại.",
        f"Too many wrong passwords. Please wait {wait} seconds before trying again.",
        delay_s=wait,
        failures=failures,
    )


def unknown_user(name: str) -> UnknownUser:
    return UnknownUser(
        "Không có người dùng này trên máy.",
        "There is no such user on this desk.",
        username=name,
    )


def unlock(data_dir: Path, username: str, password: str) -> tuple[bytes, int]:
    """(data key, wrong passwords before this one) or WrongPassword/UnknownUser/StoreError.

    While a delay is running the password is refused without trying the KDF.
    """
    slots = KeySlots(data_dir)
    lockout = Lockout(data_dir)
    slot = slots.find(USER_SLOT, username)
    if slot is None:
        raise unknown_user(username)
    remaining = lockout.remaining_delay(username)
    if remaining > 0:
        raise still_waiting(remaining, lockout.failures(username))
    key, reseal = slot.unwrap(password)
    if key is None:  # every form tried, one failure counted
        delay = lockout.record_failure(username)
        raise wrong_password(delay, lockout.failures(username))
    if reseal:
        _reseal(slots, KeySlot.seal(USER_SLOT, username, password, key))
    return key, lockout.clear(username)


def _reseal(slots: KeySlots, slot: KeySlot) -> None:
    """Seal a slot again under the NFC form; a read-only folder keeps the old slot."""
    try:
        slots.put(slot)
    except (OSError, StoreError):
        pass


def unlock_with_recovery_key(data_dir: Path, recovery_key: str) -> tuple[bytes, int]:
    slots = KeySlots(data_dir)
    lockout = Lockout(data_dir)
    slot = slots.find(RECOVERY_SLOT, RECOVERY_NAME)
    if slot is None:
        raise _damaged(slots.path)
    remaining = lockout.remaining_delay(RECOVERY_NAME)
    if remaining > 0:
        raise still_waiting(remaining, lockout.failures(RECOVERY_NAME))
    typed = normalise_recovery_key(recovery_key)
    key, reseal = slot.unwrap(typed)
    if key is None:
        delay = lockout.record_failure(RECOVERY_NAME)
        raise wrong_recovery_key(delay, lockout.failures(RECOVERY_NAME))
    if reseal:
        _reseal(slots, KeySlot.seal(RECOVERY_SLOT, RECOVERY_NAME, typed, key))
    return key, lockout.clear(RECOVERY_NAME)
