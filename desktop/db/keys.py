"""Key slots: the data key wrapped once per user (and once for the recovery key).

The 256-bit data key that opens the SQLCipher file is never typed. `keyslots.json`, beside
the database, holds one slot per local user plus one for the recovery key: scrypt
parameters and salt (stored per slot, so unwrapping always uses what the slot was made
with) and the data key sealed with AES-256-GCM. The associated data binds a slot to its
kind and name, so a slot copied under another user's name does not open.

`lockout.json` counts wrong passwords per user (counts and times only, no secrets) and
enforces a growing delay: 0, 0, 1, 2, 4, 8 ... 60 seconds.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.errors import StoreError, UnknownUser, WrongPassword

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


def new_data_key() -> bytes:
    return secrets.token_bytes(32)


def kdf_params() -> dict[str, int]:
    """Parameters for a NEW slot (existing slots keep the ones they were made with)."""
    if os.environ.get("CASELINE_TEST_FAST_KDF") == "1":
        return dict(FAST_KDF)
    return dict(PRODUCTION_KDF)


def derive(secret: str, salt: bytes, params: dict[str, int]) -> bytes:
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
    """Accept lower case, spaces or no dashes: the canonical form is upper case with dashes."""
    chars = "".join(ch for ch in text.upper() if ch.isalnum())
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
        params = kdf_params()
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        kek = derive(secret, salt, params)
        wrapped = AESGCM(kek).encrypt(nonce, data_key, _aad(kind, name))
        return cls(kind, name, params, salt, nonce, wrapped)

    def open(self, secret: str) -> bytes | None:
        """The data key, or None when the secret is wrong."""
        kek = derive(secret, self.salt, self.params)
        try:
            return AESGCM(kek).decrypt(self.nonce, self.wrapped, _aad(self.kind, self.name))
        except InvalidTag:
            return None

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
        params = {k: int(data["params"][k]) for k in ("n", "r", "p")}
        return cls(
            str(data["kind"]),
            str(data["name"]),
            params,
            _unb64(data["salt"]),
            _unb64(data["nonce"]),
            _unb64(data["wrapped"]),
        )


def _damaged(path: Path) -> StoreError:
    return StoreError(
        f"Tệp khoá {path.name} bị hỏng hoặc không đọc được. Hãy mở bằng khoá khôi phục "
        "hoặc khôi phục từ bản sao lưu.",
        f"The key-slot file {path.name} is damaged or unreadable. Open with the recovery key "
        "or restore from a backup.",
        path=str(path),
    )


def write_atomically(path: Path, text: str) -> None:
    """Temp file + fsync + os.replace: a crash leaves the old or the new file, never half."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


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
        doc = {"format": FORMAT_VERSION, "slots": raw_slots}
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
    key = slot.open(password)
    if key is None:
        delay = lockout.record_failure(username)
        raise wrong_password(delay, lockout.failures(username))
    return key, lockout.clear(username)


def unlock_with_recovery_key(data_dir: Path, recovery_key: str) -> tuple[bytes, int]:
    slots = KeySlots(data_dir)
    lockout = Lockout(data_dir)
    slot = slots.find(RECOVERY_SLOT, RECOVERY_NAME)
    if slot is None:
        raise _damaged(slots.path)
    remaining = lockout.remaining_delay(RECOVERY_NAME)
    if remaining > 0:
        raise still_waiting(remaining, lockout.failures(RECOVERY_NAME))
    key = slot.open(normalise_recovery_key(recovery_key))
    if key is None:
        delay = lockout.record_failure(RECOVERY_NAME)
        raise wrong_recovery_key(delay, lockout.failures(RECOVERY_NAME))
    return key, lockout.clear(RECOVERY_NAME)
