"""Local users (issue 11): signed user records, key slots of version 2, and the rekey that
disabling or removing a user (or replacing the recovery key) sets off.

Every change to a user record (role, disabled, full name) is signed with the desk's
signing key, derived from the admin key that only admin slots and the recovery slot unwrap
(`desktop.db.signing`, `desktop.db.access`): only an admin can make one that checks.

Disabling, removing, or a new recovery key **rekeys** the database (`PRAGMA rekey`, a new
random data key) and gives every remaining version-2 slot a new envelope, so an old copy of
`keyslots.json` opens nothing. Each is audited ("user_change").
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

from desktop.db import access, audit, keys, signing
from desktop.domain import permissions
from desktop.domain.ids import utc_now
from desktop.domain.text import one_line
from desktop.errors import AuthError, PermissionDenied, StoreError, ValidationError
from desktop.services import checks, errors
from desktop.services.base import WorkspaceBase
from desktop.services.types import UserInfo

Progress = Callable[[float, str], None]


def check_role(role: str) -> None:
    if role not in permissions.ROLES:
        raise ValidationError({"role": ("Vai trò không hợp lệ.", "Unknown role.")})


def check_password(password: str) -> None:
    checks.password(password)


def user_record_forged(username: str) -> AuthError:
    return AuthError(
        "Hồ sơ người dùng này đã bị sửa ngoài Caseline (chữ ký không khớp): không mở được. "
        "Hãy báo quản trị viên.",
        "This user's record was changed outside Caseline (its signature does not check): "
        "it cannot be opened. Tell the administrator.",
        username=username,
    )


def signing_key_replaced() -> AuthError:
    return AuthError(
        "Khoá ký hồ sơ người dùng của máy này đã bị thay ngoài Caseline: không mở được. "
        "Hãy báo quản trị viên.",
        "This desk's user-signing key was replaced outside Caseline: it cannot be opened. "
        "Tell the administrator.",
    )


def no_admin_key() -> PermissionDenied:
    return PermissionDenied(
        "Phiên này không có khoá quản trị của máy: hãy đăng nhập bằng tài khoản quản trị "
        "đã có khoá (hoặc bằng khoá khôi phục).",
        "This session does not hold the desk's admin key: log in as an admin who holds it "
        "(or with the recovery key).",
    )


def insert_user(conn: Any, admin_key: bytes, username: str, full_name: str, role: str) -> None:
    now = utc_now()
    row = {"username": username, "full_name": one_line(full_name), "role": role, "disabled": 0}
    conn.execute(
        "INSERT INTO app_user (username, full_name, role, disabled, created_at, updated_at,"
        " signature) VALUES (?, ?, ?, 0, ?, ?, ?)",
        (username, row["full_name"], role, now, now, signing.sign_user(admin_key, row)),
    )


def resign(conn: Any, admin_key: bytes, username: str) -> None:
    row = conn.execute(
        "SELECT username, full_name, role, disabled FROM app_user WHERE username = ?",
        (username,),
    ).fetchone()
    conn.execute(
        "UPDATE app_user SET signature = ? WHERE username = ?",
        (signing.sign_user(admin_key, row), username),
    )


def signing_public_key(conn: Any) -> str | None:
    row = conn.execute(
        "SELECT value FROM setting WHERE key = ?", (signing.SIGNING_KEY_SETTING,)
    ).fetchone()
    if row is None:
        return None
    import json

    value = json.loads(row[0])
    return str(value) if value else None


def set_signing_public_key(conn: Any, text: str) -> None:
    import json

    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (signing.SIGNING_KEY_SETTING, json.dumps(text)),
    )


def user_problems(conn: Any, pin: str | None) -> list[str]:
    """`verify`: every user record's signature, and the signing key against the one the
    checking user's slot vouches for. Names only (no content)."""
    public = signing_public_key(conn)
    problems: list[str] = []
    if pin and public != pin:
        problems.append("user records: the desk's signing key was replaced outside Caseline")
        return problems
    if public is None:
        return problems  # a desk from before signed records, not yet migrated by its admin
    for row in conn.execute(
        "SELECT username, full_name, role, disabled, signature FROM app_user ORDER BY username"
    ):
        if not signing.user_signature_ok(public, row):
            problems.append(f"user {row['username']}: record changed outside Caseline")
    return problems


class UsersPart(WorkspaceBase):
    """User management; the session's `_access` holds what its key slot gave."""

    _access: access.Access
    _data_key: bytes
    _password: str | None

    # --- reading ------------------------------------------------------------------------

    def list_users(self) -> list[UserInfo]:
        rows = self.conn.execute(
            "SELECT username, full_name, role, disabled FROM app_user ORDER BY username"
        ).fetchall()
        return [UserInfo(r[0], r[1], r[2], bool(r[3])) for r in rows]

    def _user_row(self, username: str) -> Any:
        row = self.conn.execute(
            "SELECT username, full_name, role, disabled FROM app_user WHERE username = ?",
            (username,),
        ).fetchone()
        if row is None:
            raise keys.unknown_user(username)
        return row

    def _admin_key(self) -> bytes:
        if self._access.admin_key is None:
            raise no_admin_key()
        return self._access.admin_key

    def _pin(self) -> str | None:
        return signing_public_key(self.conn)

    def _admins(self) -> set[str]:
        return {
            r[0]
            for r in self.conn.execute(
                "SELECT username FROM app_user WHERE role = 'admin' AND disabled = 0"
            )
        }

    # --- changing -----------------------------------------------------------------------

    def add_user(self, username: str, role: str, password: str, full_name: str = "") -> UserInfo:
        self._require("user.manage")
        username = checks.username(username)
        check_role(role)
        check_password(password)
        admin_key = self._admin_key()
        if self.conn.execute("SELECT 1 FROM app_user WHERE username = ?", (username,)).fetchone():
            raise errors.user_exists(username)
        slots = keys.KeySlots(self.data_dir)
        with self.store.transaction() as conn:
            insert_user(conn, admin_key, username, full_name, role)
            self._audit("user_change", detail={"change": "added", "user": username, "role": role})
            slots.put_raw(self._new_slot(username, password, role))
        return UserInfo(username, one_line(full_name), role)

    def _new_slot(self, username: str, password: str, role: str) -> dict[str, Any]:
        admin_key = self._access.admin_key if role == permissions.ADMIN else None
        return access.seal(
            keys.USER_SLOT, username, password, self._data_key, admin_key, self._pin()
        )

    def set_role(self, username: str, role: str) -> None:
        """A new role, signed; an admin's slot gets (or loses) the admin key."""
        self._require("user.manage")
        check_role(role)
        row = self._user_row(username)
        admin_key = self._admin_key()
        if row["role"] == permissions.ADMIN and role != permissions.ADMIN:
            self._keep_one_admin(username)
        slots = keys.KeySlots(self.data_dir)
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE app_user SET role = ?, updated_at = ? WHERE username = ?",
                (role, utc_now(), username),
            )
            resign(conn, admin_key, username)
            self._audit("user_change", detail={"change": "role", "user": username, "role": role})
            raw = slots.find_raw(keys.USER_SLOT, username)
            if raw is not None and raw.get("v") == access.VERSION:
                slots.put_raw(
                    access.envelope(
                        raw, self._data_key, admin_key if role == permissions.ADMIN else None
                    )
                )
        if username == self.user.username:
            self.user = UserInfo(username, self.user.full_name, role)

    def _keep_one_admin(self, username: str) -> None:
        if not (self._admins() - {username}):
            raise ValidationError(
                {
                    "username": (
                        "Máy phải còn ít nhất một quản trị viên.",
                        "The desk must keep at least one admin.",
                    )
                }
            )

    def reset_password(self, username: str, new_password: str) -> None:
        """Admin sets a new password for a user (a new slot for them; others untouched)."""
        self._require("user.manage")
        check_password(new_password)
        row = self._user_row(username)
        if row["disabled"]:
            raise errors.user_disabled(username)
        with self.store.transaction():
            self._audit("user_change", detail={"change": "password_reset", "user": username})
            keys.KeySlots(self.data_dir).put_raw(
                self._new_slot(username, new_password, row["role"])
            )
        keys.Lockout(self.data_dir).clear(username)

    def disable_user(self, username: str, progress: Progress | None = None) -> dict[str, Any]:
        """The user can no longer unlock: their slot goes and the database is rekeyed, so a
        copy of the old slot file opens nothing. Returns the rekey's report."""
        self._require("user.manage")
        row = self._user_row(username)
        self._not_myself(
            username, "Không thể tự khoá tài khoản của mình.", "You cannot disable yourself."
        )
        admin_key = self._admin_key()
        if row["role"] == permissions.ADMIN:
            self._keep_one_admin(username)
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE app_user SET disabled = 1, updated_at = ? WHERE username = ?",
                (utc_now(), username),
            )
            resign(conn, admin_key, username)
            self._audit("user_change", detail={"change": "disabled", "user": username})
        slots = keys.KeySlots(self.data_dir)
        slots.set_disabled(username, True)
        return self.rekey(drop={(keys.USER_SLOT, username)}, progress=progress, reason="disabled")

    def enable_user(self, username: str, new_password: str) -> None:
        """A disabled user may log in again, with a new password (their old slot is gone)."""
        self._require("user.manage")
        check_password(new_password)
        row = self._user_row(username)
        admin_key = self._admin_key()
        slots = keys.KeySlots(self.data_dir)
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE app_user SET disabled = 0, updated_at = ? WHERE username = ?",
                (utc_now(), username),
            )
            resign(conn, admin_key, username)
            self._audit("user_change", detail={"change": "enabled", "user": username})
            slots.put_raw(self._new_slot(username, new_password, row["role"]))
        slots.set_disabled(username, False)
        keys.Lockout(self.data_dir).clear(username)

    def remove_user(self, username: str, progress: Progress | None = None) -> dict[str, Any]:
        """The user record goes (the audit keeps their name on what they did), their slot
        goes, and the database is rekeyed. Cases still assigned to them stay so until a
        manager reassigns them."""
        self._require("user.manage")
        row = self._user_row(username)
        self._not_myself(
            username, "Không thể tự xoá tài khoản của mình.", "You cannot remove yourself."
        )
        self._admin_key()
        if row["role"] == permissions.ADMIN:
            self._keep_one_admin(username)
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM app_user WHERE username = ?", (username,))
            self._audit("user_change", detail={"change": "removed", "user": username})
        keys.KeySlots(self.data_dir).set_disabled(username, False)
        return self.rekey(drop={(keys.USER_SLOT, username)}, progress=progress, reason="removed")

    def _not_myself(self, username: str, vi: str, en: str) -> None:
        if username == self.user.username:
            raise ValidationError({"username": (vi, en)})

    def new_recovery_key(self, progress: Progress | None = None) -> str:
        """A lost recovery key: a new one (shown once), and the database rekeyed so the old
        one opens nothing."""
        self._require("user.manage")
        admin_key = self._admin_key()
        recovery_key = keys.new_recovery_key()
        fresh = access.seal(
            keys.RECOVERY_SLOT, keys.RECOVERY_NAME, recovery_key, self._data_key, admin_key,
            self._pin(),
        )  # fmt: skip
        self.rekey(
            drop={(keys.RECOVERY_SLOT, keys.RECOVERY_NAME)},
            add=[fresh],
            progress=progress,
            reason="recovery_key",
        )
        return recovery_key

    def change_password(self, old: str, new: str) -> None:
        """Reseal this user's slot (atomically; the other slots are untouched)."""
        check_password(new)
        slots = keys.KeySlots(self.data_dir)
        raw = slots.find_raw(keys.USER_SLOT, self.user.username)
        if raw is None or access.open_slot(raw, old) is None:
            raise keys.wrong_password(0, 0)
        with self.store.transaction():
            self._audit("user_change", detail={"change": "password", "user": self.user.username})
            slots.put_raw(self._new_slot(self.user.username, new, self.user.role))
        self._password = new

    def set_password_after_recovery(self, new_password: str) -> None:
        """A forgotten password: the desk was opened with the recovery key as this user, who
        gets a new password (their slot is resealed; the other slots are untouched)."""
        if self.unlocked_with != "recovery_key":
            raise PermissionDenied(
                "Chỉ đặt lại mật khẩu theo cách này sau khi mở bằng khoá khôi phục.",
                "This needs the desk to have been opened with the recovery key.",
            )
        check_password(new_password)
        username = self.user.username
        with self.store.transaction():
            self._audit("user_change", detail={"change": "password_recovered", "user": username})
            keys.KeySlots(self.data_dir).put_raw(
                self._new_slot(username, new_password, self.user.role)
            )
        keys.Lockout(self.data_dir).clear(username)

    # --- the rekey --------------------------------------------------------------------------

    def rekey(
        self,
        *,
        drop: set[tuple[str, str]],
        add: list[dict[str, Any]] | None = None,
        progress: Progress | None = None,
        reason: str = "",
    ) -> dict[str, Any]:
        """A new data key for the database (`PRAGMA rekey`) and a new envelope in every
        remaining version-2 slot; the slots in `drop` go, `add` come in.

        Crash-safe: the new slots go to `keyslots.next.json` first, then the database is
        rekeyed in one transaction, then the new file replaces the old one (opening tries
        the next file when the old one's key no longer opens the database).

        Returns {"seconds", "pages", "lost_slots"}: `lost_slots` are users whose slot was
        still version 1 (not logged in since the upgrade): they need a password reset.
        `progress(fraction, phase)` is called as the work goes on (phase "slots", "rekey",
        "done"); the rekey's fraction is an estimate from SQLite's progress ticks.
        """
        admin_key = self._admin_key()
        report = progress or (lambda _f, _p: None)
        started = time.monotonic()
        new_key = keys.new_data_key()
        slots = keys.KeySlots(self.data_dir)
        report(0.0, "slots")
        kept, lost = access.rekeyed_slots(
            slots, new_key, admin_key, drop=drop, admins=self._admins()
        )
        for raw in add or []:
            kept.append(access.envelope(raw, new_key, raw.get("admin_key") and admin_key or None))
        access.write_next(self.data_dir, slots.document_with(kept))
        pages = int(self.conn.execute("PRAGMA page_count").fetchone()[0])
        report(0.05, "rekey")
        self.store.rekey(new_key, pages, lambda f: report(0.05 + 0.9 * f, "rekey"))
        access.promote_next(self.data_dir)
        self._data_key = new_key
        self._access = access.Access(new_key, admin_key, self._access.pin, self._access.version, 0)
        seconds = time.monotonic() - started
        with self.store.transaction():
            self._audit(
                "user_change",
                detail={
                    "change": "rekeyed",
                    "reason": reason,
                    "seconds": round(seconds, 2),
                    "lost_slots": lost,
                },
            )
        report(1.0, "done")
        return {"seconds": seconds, "pages": pages, "lost_slots": lost}


def new_admin_key() -> bytes:
    return secrets.token_bytes(32)


def audit_user_change(conn: Any, username: str, device: str, detail: dict[str, Any]) -> None:
    audit.append(conn, username=username, device=device, action="user_change", detail=detail)


__all__ = ["StoreError", "UsersPart"]
