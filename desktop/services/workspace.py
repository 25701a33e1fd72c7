"""The Workspace: one desk unlocked by one user. The only API the UI and CLI call."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from desktop.db import audit, keys
from desktop.db.connection import check_existing_file
from desktop.db.store import DB_FILE, Store
from desktop.domain import permissions, places
from desktop.domain.ids import utc_now
from desktop.domain.settings import AUTO_LOCK_MINUTES, LANGUAGE, SETTINGS, SYNC_INTERVAL_S
from desktop.domain.text import one_line
from desktop.errors import PermissionDenied, StoreError, ValidationError
from desktop.services import checks, errors
from desktop.services.base import store_errors_as_user_errors
from desktop.services.cases import CasesPart
from desktop.services.contacts import ContactsPart
from desktop.services.maintenance import MaintenancePart
from desktop.services.reports import ReportsPart
from desktop.services.syncing import SyncPart
from desktop.services.types import Preferences, UserInfo

# Device codes avoid look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B).
DEVICE_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def new_device_code() -> str:
    return "".join(secrets.choice(DEVICE_CODE_ALPHABET) for _ in range(3))


def _check_password(password: str) -> None:
    checks.password(password)


def _check_role(role: str) -> None:
    if role not in permissions.ROLES:
        raise ValidationError({"role": ("Vai trò không hợp lệ.", "Unknown role.")})


@store_errors_as_user_errors
class Workspace(ContactsPart, CasesPart, MaintenancePart):
    """An unlocked desk opened as one user; use from one thread only (the UI's DB worker)."""

    def __init__(self, data_dir: Path, store: Store, data_key: bytes, user: UserInfo) -> None:
        self.data_dir = Path(data_dir)
        self.store = store
        self._data_key = data_key
        self.user = user
        self.province_code = str(store.get_setting("province_code", ""))
        self.centre_name = str(store.get_setting("centre_name", ""))
        self.unlocked_with = "password"  # or "recovery_key"
        self._writes = Counter()

    # --- the parts (as Anki's Collection: `ws.reports.monthly(...)`) ----------------------

    @cached_property
    def reports(self) -> ReportsPart:
        """Printouts: case summary, monthly and thematic reports (PDF bytes)."""
        return ReportsPart(self)

    @cached_property
    def sync(self) -> SyncPart:
        """Enrolment with the central line, the local sync status, one sync round."""
        return SyncPart(self)

    # --- setting up and unlocking ---------------------------------------------------------

    @staticmethod
    def exists(data_dir: Path | str) -> bool:
        """Both files of a desk are there: the database and the key slots."""
        data_dir = Path(data_dir)
        return (data_dir / DB_FILE).exists() and (data_dir / keys.KEYSLOTS_FILE).exists()

    @staticmethod
    def partly_there(data_dir: Path | str) -> bool:
        """One of the desk's two files is there and the other is missing."""
        data_dir = Path(data_dir)
        return (data_dir / DB_FILE).exists() != (data_dir / keys.KEYSLOTS_FILE).exists()

    @staticmethod
    def absent_error(data_dir: Path | str) -> StoreError:
        """Why a folder holds no desk that opens: no desk at all (set one up or restore), or
        which of its two files is missing (restore; `init` would hide the rest)."""
        data_dir = Path(data_dir)
        has_db = (data_dir / DB_FILE).exists()
        has_slots = (data_dir / keys.KEYSLOTS_FILE).exists()
        if has_db and not has_slots:
            return errors.keyslots_missing(str(data_dir))
        if has_slots and not has_db:
            return errors.database_missing(str(data_dir))
        return errors.no_workspace(str(data_dir))

    @classmethod
    def init(
        cls,
        data_dir: Path | str,
        *,
        centre: str,
        province_code: str,
        admin_username: str,
        admin_password: str,
        admin_full_name: str = "",
    ) -> str:
        """Set up a new desk; returns the recovery key (show it once)."""
        data_dir = Path(data_dir)
        if cls.partly_there(data_dir):
            raise cls.absent_error(data_dir)  # restore it; a new desk would hide the rest
        if cls.exists(data_dir):
            raise errors.already_set_up(str(data_dir))
        admin_username = checks.username(admin_username)
        _check_password(admin_password)
        if not places.is_province(province_code):
            raise ValidationError(
                {"province_code": ("Mã tỉnh không hợp lệ.", "Unknown province code.")}
            )
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            return _set_up(
                data_dir, centre, province_code, admin_username, admin_password, admin_full_name
            )
        except BaseException:
            for name in (keys.KEYSLOTS_FILE, DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm"):
                (data_dir / name).unlink(missing_ok=True)
            raise

    @classmethod
    def open(cls, data_dir: Path | str, username: str, password: str) -> Workspace:
        """Unlock as `username`. WrongPassword (details['delay_s']), UnknownUser, StoreError
        (no desk, one of its files missing, an empty or foreign database file — checked
        before the password is tried — or a damaged one)."""
        data_dir = Path(data_dir)
        if not cls.exists(data_dir):
            raise cls.absent_error(data_dir)
        check_existing_file(data_dir / DB_FILE)
        data_key, failures = keys.unlock(data_dir, username, password)
        return cls._unlocked(data_dir, data_key, username, failures)

    @classmethod
    def open_with_recovery_key(
        cls, data_dir: Path | str, recovery_key: str, *, as_user: str = "admin"
    ) -> Workspace:
        """Unlock with the recovery key (shown once at set-up) as user `as_user`, to set a
        forgotten password (`set_password_after_recovery`). WrongPassword ("Wrong recovery
        key", growing delay), UnknownUser, StoreError."""
        data_dir = Path(data_dir)
        if not cls.exists(data_dir):
            raise cls.absent_error(data_dir)
        check_existing_file(data_dir / DB_FILE)
        data_key, failures = keys.unlock_with_recovery_key(data_dir, recovery_key)
        return cls._unlocked(data_dir, data_key, as_user, failures, how="recovery_key")

    @classmethod
    def _unlocked(
        cls, data_dir: Path, data_key: bytes, username: str, failures: int, how: str = "password"
    ) -> Workspace:
        store = Store.open(data_dir / DB_FILE, data_key)
        try:
            row = store.conn.execute(
                "SELECT username, full_name, role, disabled FROM app_user WHERE username = ?",
                (username,),
            ).fetchone()
            if row is None:
                raise keys.unknown_user(username)
            if row["disabled"]:
                raise errors.user_disabled(username)
            user = UserInfo(row["username"], row["full_name"], row["role"], False)
            ws = cls(data_dir, store, data_key, user)
            ws.unlocked_with = how
            with store.transaction():
                if failures:
                    ws._audit("failed_login", detail={"count": failures})
                ws._audit("login", detail={"with": how})
        except BaseException:
            store.close()
            raise
        return ws

    def close(self) -> None:
        """Lock: drop the connection and the key."""
        if self.store is not None and not self.store.closed:
            self.store.close()
        self._data_key = b""

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def batch(self, *, all_or_nothing: bool = False) -> Iterator[Workspace]:
        """Every save inside shares ONE transaction (seed-demo); still FTS + outbox + audit.
        A failing save inside undoes only itself (a savepoint); the rest commit together.
        `all_or_nothing`: no savepoint per save (faster); an error rolls back the whole
        batch, so the caller must let errors leave the `with` block."""
        begin = self.store.flat_transaction if all_or_nothing else self.store.transaction
        with begin():
            outer = self._batch_device_code
            self._batch_device_code = self.device_code
            try:
                yield self
            finally:
                self._batch_device_code = outer

    # --- settings -------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A setting's stored value; for a declared setting (desktop.domain.settings) its
        value as its type, or its declared default when none is stored and `default` is
        not given."""
        declared = SETTINGS.get(key)
        stored = self.store.get_setting(key, None)
        if declared is not None:
            return declared.read(stored) if stored is not None or default is None else default
        return default if stored is None else stored

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting; a declared one is checked against its declaration first
        (ValidationError on the key: wrong type, out of bounds, not a choice)."""
        declared = SETTINGS.get(key)
        if declared is not None:
            value = declared.check(value)
        self.store.set_setting(key, value)

    def preferences(self) -> Preferences:
        """The user-editable settings, each as its type (defaults where none is stored)."""
        return Preferences(
            auto_lock_minutes=self.get_setting(AUTO_LOCK_MINUTES.key),
            sync_interval_s=self.get_setting(SYNC_INTERVAL_S.key),
            language=self.get_setting(LANGUAGE.key),
        )

    def save_preferences(self, preferences: Preferences) -> None:
        """Store every user-editable setting at once (all checked before any is written).
        ValidationError on the first unusable value."""
        values = {
            AUTO_LOCK_MINUTES.key: AUTO_LOCK_MINUTES.check(preferences.auto_lock_minutes),
            SYNC_INTERVAL_S.key: SYNC_INTERVAL_S.check(preferences.sync_interval_s),
            LANGUAGE.key: LANGUAGE.check(preferences.language),
        }
        with self.store.transaction():
            for key, value in values.items():
                self.store.set_setting(key, value)

    # --- users ----------------------------------------------------------------------------

    def list_users(self) -> list[UserInfo]:
        """Every user of this desk, by username (`UserInfo`: username, full_name, role,
        disabled)."""
        rows = self.conn.execute(
            "SELECT username, full_name, role, disabled FROM app_user ORDER BY username"
        ).fetchall()
        return [UserInfo(r[0], r[1], r[2], bool(r[3])) for r in rows]

    def add_user(self, username: str, role: str, password: str, full_name: str = "") -> UserInfo:
        """A new user with their own key slot; returns them. PermissionDenied (admin only),
        ValidationError (username, role, password too short), an error when the username
        is taken."""
        self._require("user.manage")
        username = checks.username(username)
        _check_role(role)
        _check_password(password)
        if self.conn.execute("SELECT 1 FROM app_user WHERE username = ?", (username,)).fetchone():
            raise errors.user_exists(username)
        slots = keys.KeySlots(self.data_dir)
        with self.store.transaction() as conn:
            _insert_user(conn, username, full_name, role)
            self._audit("user_change", detail={"change": "added", "user": username, "role": role})
            slots.put(keys.KeySlot.seal(keys.USER_SLOT, username, password, self._data_key))
        return UserInfo(username, one_line(full_name), role)

    def set_role(self, username: str, role: str) -> None:
        """Give `username` another role. PermissionDenied (admin only), ValidationError on
        "role", UnknownUser."""
        self._require("user.manage")
        _check_role(role)
        self._user_row(username)
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE app_user SET role = ?, updated_at = ? WHERE username = ?",
                (role, utc_now(), username),
            )
            self._audit("user_change", detail={"change": "role", "user": username, "role": role})
        if username == self.user.username:
            self.user = UserInfo(username, self.user.full_name, role)

    def reset_password(self, username: str, new_password: str) -> None:
        """Admin sets a new password for a user (a new slot for them; others untouched)."""
        self._require("user.manage")
        _check_password(new_password)
        if self._user_row(username)["disabled"]:
            raise errors.user_disabled(username)
        with self.store.transaction():
            self._audit("user_change", detail={"change": "password_reset", "user": username})
            keys.KeySlots(self.data_dir).put(
                keys.KeySlot.seal(keys.USER_SLOT, username, new_password, self._data_key)
            )
        keys.Lockout(self.data_dir).clear(username)

    def disable_user(self, username: str) -> None:
        """The user can no longer unlock: their key slot is removed."""
        self._require("user.manage")
        self._user_row(username)
        if username == self.user.username:
            raise ValidationError(
                {
                    "username": (
                        "Không thể tự khoá tài khoản của mình.",
                        "You cannot disable yourself.",
                    )
                }
            )
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE app_user SET disabled = 1, updated_at = ? WHERE username = ?",
                (utc_now(), username),
            )
            self._audit("user_change", detail={"change": "disabled", "user": username})
            keys.KeySlots(self.data_dir).remove(keys.USER_SLOT, username)

    def change_password(self, old: str, new: str) -> None:
        """Rewrap this user's slot (atomically; the other slots are untouched)."""
        _check_password(new)
        slots = keys.KeySlots(self.data_dir)
        slot = slots.find(keys.USER_SLOT, self.user.username)
        if slot is None or slot.open(old) is None:
            raise keys.wrong_password(0, 0)
        with self.store.transaction():
            self._audit("user_change", detail={"change": "password", "user": self.user.username})
            slots.put(keys.KeySlot.seal(keys.USER_SLOT, self.user.username, new, self._data_key))

    def set_password_after_recovery(self, new_password: str) -> None:
        """A forgotten password: the desk was opened with the recovery key as this user, who
        gets a new password (their slot is rewrapped; the other slots are untouched)."""
        if self.unlocked_with != "recovery_key":
            raise PermissionDenied(
                "Chỉ đặt lại mật khẩu theo cách này sau khi mở bằng khoá khôi phục.",
                "This needs the desk to have been opened with the recovery key.",
            )
        _check_password(new_password)
        username = self.user.username
        with self.store.transaction():
            self._audit("user_change", detail={"change": "password_recovered", "user": username})
            keys.KeySlots(self.data_dir).put(
                keys.KeySlot.seal(keys.USER_SLOT, username, new_password, self._data_key)
            )
        keys.Lockout(self.data_dir).clear(username)

    def _user_row(self, username: str) -> Any:
        row = self.conn.execute(
            "SELECT username, full_name, role, disabled FROM app_user WHERE username = ?",
            (username,),
        ).fetchone()
        if row is None:
            raise keys.unknown_user(username)
        return row


def _insert_user(conn: Any, username: str, full_name: str, role: str) -> None:
    now = utc_now()
    conn.execute(
        "INSERT INTO app_user (username, full_name, role, disabled, created_at, updated_at)"
        " VALUES (?, ?, ?, 0, ?, ?)",
        (username, one_line(full_name), role, now, now),
    )


def _set_up(
    data_dir: Path,
    centre: str,
    province_code: str,
    admin_username: str,
    admin_password: str,
    admin_full_name: str,
) -> str:
    """A new database, its settings and first admin, then the key slots; the recovery key."""
    data_key = keys.new_data_key()
    recovery_key = keys.new_recovery_key()
    store = Store.open(data_dir / DB_FILE, data_key)
    try:
        with store.transaction() as conn:
            for key, value in (
                ("centre_name", one_line(centre)),
                ("province_code", str(province_code).zfill(2)),
                ("device_code", new_device_code()),
                ("created_at", utc_now()),
            ):
                conn.execute(
                    "INSERT OR REPLACE INTO setting (key, value) VALUES (?, json_quote(?))",
                    (key, value),
                )
            _insert_user(conn, admin_username, admin_full_name, permissions.ADMIN)
            audit.append(
                conn,
                username=admin_username,
                device="",
                action="user_change",
                detail={"change": "workspace_created", "user": admin_username},
            )
        keys.KeySlots(data_dir).create(data_key, admin_username, admin_password, recovery_key)
    finally:
        store.close()
    return recovery_key
