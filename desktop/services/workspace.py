"""The Workspace: one desk unlocked by one user. The only API the UI and CLI call."""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from desktop.db import access, keyed_chain, keys, signing
from desktop.db.connection import check_existing_file
from desktop.db.store import DB_FILE, Store
from desktop.domain import permissions, places
from desktop.domain.ids import utc_now
from desktop.domain.records import NATIONAL_PROVINCE
from desktop.domain.settings import (
    ATTACHMENT_DOWNLOAD,
    AUTO_LOCK_MINUTES,
    LANGUAGE,
    SETTINGS,
    SYNC_INTERVAL_S,
    SettingValue,
)
from desktop.domain.text import one_line
from desktop.errors import StoreError, ValidationError
from desktop.services import checks, errors, users
from desktop.services.attachments import AttachmentsPart
from desktop.services.audit_log import AuditLogPart
from desktop.services.base import store_errors_as_user_errors
from desktop.services.cases import CasesPart
from desktop.services.contacts import ContactsPart
from desktop.services.exports import ExportsPart
from desktop.services.handoffs import HandoffsPart
from desktop.services.history import HistoryPart
from desktop.services.home import HomePart
from desktop.services.maintenance import MaintenancePart
from desktop.services.reminders import RemindersPart
from desktop.services.reports import ReportsPart
from desktop.services.rights import RightsPart
from desktop.services.syncing import SyncPart
from desktop.services.transfer import TransferPart
from desktop.services.types import Preferences, UserInfo
from desktop.services.users import UsersPart

# Device codes avoid look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B).
DEVICE_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def new_device_code() -> str:
    return "".join(secrets.choice(DEVICE_CODE_ALPHABET) for _ in range(3))


def _check_password(password: str) -> None:
    checks.password(password)


@store_errors_as_user_errors
class Workspace(
    UsersPart,
    ContactsPart,
    CasesPart,
    TransferPart,
    RemindersPart,
    MaintenancePart,
    HomePart,
    HistoryPart,
    ExportsPart,
    AuditLogPart,
):
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
        self._access = access.Access(data_key, None, None, 1)  # set by _unlocked
        self._secret: str | None = None  # this session's password (re-pins its own slot)
        self._foreign_admin_key = False  # the slot's admin key is not the desk's (see _upkeep)

    # --- the parts (as Anki's Collection: `ws.reports.monthly(...)`) ----------------------

    @cached_property
    def reports(self) -> ReportsPart:
        """Printouts: case summary, monthly and thematic reports (PDF bytes)."""
        return ReportsPart(self)

    @cached_property
    def attachments(self) -> AttachmentsPart:
        """Letters, scans and photos on contacts and cases, encrypted in the store."""
        return AttachmentsPart(self)

    @cached_property
    def handoffs(self) -> HandoffsPart:
        """National handoffs (issue 15): send, list, accept, decline; outcome back."""
        return HandoffsPart(self)

    @cached_property
    def rights(self) -> RightsPart:
        """A person's rights (export, erase) and the retention purge (issue 12)."""
        return RightsPart(self)

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
        if not places.is_province(province_code) and province_code != NATIONAL_PROVINCE:
            raise ValidationError(
                {"province_code": ("Mã tỉnh không hợp lệ.", "Unknown province code.")}
            )
        if places.is_province(province_code):  # '４８' or '048' is stored (and numbered) '48'
            province_code = places.province_code_text(province_code)
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
        """Unlock as `username`. WrongPassword (details['delay_s']), UnknownUser, AuthError
        (a disabled account; a user record changed outside Caseline), StoreError
        (no desk, one of its files missing, an empty or foreign database file — checked
        before the password is tried — or a damaged one)."""
        data_dir = Path(data_dir)
        if not cls.exists(data_dir):
            raise cls.absent_error(data_dir)
        check_existing_file(data_dir / DB_FILE)
        return cls._open_with(
            data_dir,
            username,
            password,
            lambda f: access.unlock(data_dir, username, password, slots_file=f),
        )

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
        secret = keys.normalise_recovery_key(recovery_key)
        return cls._open_with(
            data_dir,
            as_user,
            None,
            lambda f: access.unlock_with_recovery_key(data_dir, recovery_key, slots_file=f),
            recovery=secret,
        )

    @classmethod
    def _open_with(
        cls,
        data_dir: Path,
        username: str,
        password: str | None,
        unlock: Any,
        recovery: str | None = None,
    ) -> Workspace:
        """Unlock with the key-slot file, or with `keyslots.next.json` when a rekey was cut
        short after the database took its new key (the next file is then made the file)."""
        got = unlock("")
        try:
            store = Store.open(data_dir / DB_FILE, got.data_key)
        except StoreError:
            if not access.next_file(data_dir).exists():
                raise
            got = unlock(access.NEXT_FILE)
            store = Store.open(data_dir / DB_FILE, got.data_key)
            access.promote_next(data_dir)
        if access.next_file(data_dir).exists():
            try:
                got = cls._finish_user_change(data_dir, store, got, unlock)
            except BaseException:
                store.close()
                raise
        how = "recovery_key" if recovery is not None else "password"
        return cls._unlocked(data_dir, store, got, username, how, password or recovery)

    @staticmethod
    def _finish_user_change(
        data_dir: Path, store: Store, got: access.Access, unlock: Any
    ) -> access.Access:
        """The database opened with the old slot file while `keyslots.next.json` is there:
        a user change (disable, remove, demotion, new recovery key) was cut short. If its
        records were committed (the setting `keyslots_pending` is the next file's SHA-256),
        finish it: rekey to the next file's data key and make it the slot file. Otherwise
        the change never happened: forget the next file."""
        path = access.next_file(data_dir)
        text = path.read_bytes()
        if store.get_setting(users.PENDING_SETTING, "") != hashlib.sha256(text).hexdigest():
            path.unlink(missing_ok=True)
            return got
        fresh = unlock(access.NEXT_FILE)  # a user the change removed: refused here
        if fresh.data_key != got.data_key:
            pages = int(store.conn.execute("PRAGMA page_count").fetchone()[0])
            store.rekey(fresh.data_key, pages)
        access.promote_next(data_dir)
        return fresh

    @classmethod
    def _unlocked(
        cls,
        data_dir: Path,
        store: Store,
        got: access.Access,
        username: str,
        how: str,
        secret: str | None,
    ) -> Workspace:
        try:
            row = users.check_login(store, got.pin, username, got.admin_key)
            if row["disabled"]:
                raise errors.user_disabled(username)
            user = UserInfo(row["username"], row["full_name"], row["role"], False)
            ws = cls(data_dir, store, got.data_key, user)
            ws._access = got
            ws.unlocked_with = how
            with store.transaction():
                if got.failures:
                    ws._audit("failed_login", detail={"count": got.failures})
                ws._audit("login", detail={"with": how})
            ws._upkeep(secret)
        except BaseException:
            store.close()
            raise
        return ws

    def _upkeep(self, secret: str | None) -> None:
        """At login (issue 11): an admin migrates a desk from before signed user records
        (a new admin key, every user record signed); the user's own slot becomes version 2
        pinned to the desk's signing key (their secret is at hand now); an admin who holds
        the admin key hands it to admin slots that lack it."""
        conn = self.conn
        self._secret = secret  # re-pins this slot at once after a key rotation
        kind = keys.RECOVERY_SLOT if self.unlocked_with == "recovery_key" else keys.USER_SLOT
        name = keys.RECOVERY_NAME if kind == keys.RECOVERY_SLOT else self.user.username
        is_admin = self.user.role == permissions.ADMIN
        if users.signing_public_key(conn) is None and is_admin:
            admin_key = self._access.admin_key or users.new_admin_key()
            with self.store.transaction():
                users.set_signing_public_key(conn, signing.public_key_text(admin_key))
                for (username,) in conn.execute("SELECT username FROM app_user").fetchall():
                    users.resign(conn, admin_key, username)
                self._audit("user_change", detail={"change": "user_records_signed"})
            self._access = access.Access(
                self._access.data_key, admin_key, None, self._access.version, 0
            )
        pin = users.signing_public_key(conn)
        admin_key = self._access.admin_key
        if admin_key is not None and pin is not None and signing.public_key_text(admin_key) != pin:
            # An admin key that is not the desk's (an envelope written by someone else, or
            # one from before a rotation): this session signs nothing with it, and its
            # `verify` fails (the list of users was put back to an older copy: review i11 #2).
            self._foreign_admin_key = True
            self._access = access.Access(
                self._data_key, None, self._access.pin, self._access.version, 0
            )
        elif admin_key is not None and pin is not None:
            self._check_keyed_chain(admin_key)
            if users.roster(conn) is None:
                with self.store.transaction() as tx:  # a signed desk from before the roster
                    self._roster(tx, admin_key, {"change": "user_list_signed"})
        slots = keys.KeySlots(self.data_dir)
        own_admin_key = self._access.admin_key if (is_admin or kind == keys.RECOVERY_SLOT) else None
        if secret and (self._access.version != access.VERSION or self._access.pin != pin):
            slots.put_raw(access.seal(kind, name, secret, self._data_key, own_admin_key, pin))
            self._access = access.Access(
                self._data_key, self._access.admin_key, pin, access.VERSION, 0
            )
        if self._access.admin_key is not None and pin is not None:
            admins = self._admins()
            for raw in slots.raw_slots():
                wants = raw.get("kind") == keys.RECOVERY_SLOT or raw.get("name") in admins
                if raw.get("v") == access.VERSION and wants and not raw.get("admin_key"):
                    slots.put_raw(access.envelope(raw, self._data_key, self._access.admin_key))

    def _check_keyed_chain(self, admin_key: bytes) -> None:
        """An admin's login checks the offline keyed chain since the last admin login and,
        when whole, starts a new epoch (so what is checked stays checked). When broken, it
        is left as found: `verify` names it until the administrators have looked."""
        with self.store.transaction() as conn:
            if keyed_chain.problems(conn, admin_key):
                return
            users.start_keyed_epoch(
                conn, admin_key, username=self.user.username, device=self.device_code,
                why="admin_login",
            )  # fmt: skip

    def close(self) -> None:
        """Lock: drop the connection and the key."""
        if self.store is not None and not self.store.closed:
            self.store.close()
        self._data_key = b""
        self._secret = None

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

    def get_setting(self, key: str, default: SettingValue = None) -> SettingValue:
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
            attachment_download=self.get_setting(ATTACHMENT_DOWNLOAD.key),
        )

    def save_preferences(self, preferences: Preferences) -> None:
        """Store every user-editable setting at once (all checked before any is written).
        ValidationError on the first unusable value."""
        values = {
            AUTO_LOCK_MINUTES.key: AUTO_LOCK_MINUTES.check(preferences.auto_lock_minutes),
            SYNC_INTERVAL_S.key: SYNC_INTERVAL_S.check(preferences.sync_interval_s),
            LANGUAGE.key: LANGUAGE.check(preferences.language),
            ATTACHMENT_DOWNLOAD.key: ATTACHMENT_DOWNLOAD.check(preferences.attachment_download),
        }
        with self.store.transaction():
            for key, value in values.items():
                self.store.set_setting(key, value)


def _set_up(
    data_dir: Path,
    centre: str,
    province_code: str,
    admin_username: str,
    admin_password: str,
    admin_full_name: str,
) -> str:
    """A new database, its settings and first admin (signed), then the key slots
    (version 2: the admin's and the recovery key's hold the admin key); the recovery key."""
    data_key = keys.new_data_key()
    admin_key = users.new_admin_key()
    pin = signing.public_key_text(admin_key)
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
            users.set_signing_public_key(conn, pin)
            users.insert_user(conn, admin_key, admin_username, admin_full_name, permissions.ADMIN)
            users.start_keyed_epoch(
                conn, admin_key, username=admin_username, device="", why="workspace_created"
            )
            users.write_roster(  # after the keyed chain: the signed list says it is kept
                conn,
                admin_key,
                username=admin_username,
                device="",
                detail={"change": "workspace_created", "user": admin_username},
            )
        slots = keys.KeySlots(data_dir)
        slots.save([])
        slots.put_raw(
            access.seal(keys.USER_SLOT, admin_username, admin_password, data_key, admin_key, pin)
        )
        slots.put_raw(
            access.seal(
                keys.RECOVERY_SLOT, keys.RECOVERY_NAME, recovery_key, data_key, admin_key, pin
            )
        )
    finally:
        store.close()
    return recovery_key
