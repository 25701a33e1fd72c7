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

import hashlib
import json
import secrets
import time
from collections.abc import Callable
from typing import Any

from desktop.db import access, audit, keyed_chain, keys, signing
from desktop.domain import permissions
from desktop.domain.ids import utc_now
from desktop.domain.text import one_line
from desktop.errors import AuthError, PermissionDenied, StoreError, ValidationError
from desktop.services import checks, errors
from desktop.services.base import WorkspaceBase
from desktop.services.types import Rekeyed, UserInfo

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


def user_record_written_back(username: str) -> AuthError:
    """An earlier, properly signed record of this user put back in place of the current one
    (the words `verify` uses too: review i11 #6)."""
    return AuthError(
        "Hồ sơ người dùng này khác với danh sách người dùng đã ký (một hồ sơ cũ bị chép đè "
        "ngoài Caseline): không mở được. Hãy báo quản trị viên.",
        "This user's record differs from the signed list of users (an old record written "
        "back outside Caseline): it cannot be opened. Tell the administrator.",
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


def users_rolled_back(generation: int, high: int) -> AuthError:
    return AuthError(
        f"Danh sách người dùng đã bị đưa về bản cũ ngoài Caseline (bản {generation}, nhật ký "
        f"truy cập đã ghi bản {high}): không mở được. Hãy báo quản trị viên.",
        f"This desk's list of users was put back to an older one outside Caseline (list "
        f"{generation}; the access log has recorded list {high}): it cannot be opened. "
        "Tell the administrator.",
    )


def _setting(conn: Any, key: str) -> Any:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row is not None and row[0] is not None else None


def _put_setting(conn: Any, key: str, value: Any) -> None:
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, ensure_ascii=False)),
    )


def signing_chain(conn: Any) -> list[dict[str, Any]]:
    """The stored key chain; a desk signed before the chain existed has its one key."""
    return signing.stored_chain(conn)


def roster(conn: Any) -> dict[str, Any] | None:
    value = _setting(conn, signing.ROSTER_SETTING)
    return value if isinstance(value, dict) else None


def audit_roster(conn: Any) -> tuple[int, set[str]]:
    """(the highest roster generation the audit chain has recorded, 0 for none; every
    signing key a recorded roster was signed with), found by the record_id index. Rows
    appended outside Caseline can only add to these (which refuses more, not less)."""
    low, high = signing.ROSTER_RECORD_RANGE
    generation, found = 0, set()
    for record_id, detail in conn.execute(
        "SELECT record_id, detail FROM audit_event WHERE record_id >= ? AND record_id < ?",
        (low, high),
    ):
        try:
            generation = max(generation, int(str(record_id)[len(low) :]))
            key = json.loads(detail).get("key", "")
        except (ValueError, AttributeError):
            return 2**62, found  # not written by Caseline: nothing older is acceptable
        if key:
            found.add(str(key))
    return generation, found


def audit_roster_generation(conn: Any) -> int:
    return audit_roster(conn)[0]


def write_roster(
    conn: Any, admin_key: bytes, *, username: str, device: str, detail: dict[str, Any]
) -> int:
    """Sign every user record at once as the next roster generation, and record that
    generation in the audit chain (the user change's audit row). Returns the generation."""
    current = roster(conn) or {}
    generation = max(int(current.get("generation", 0) or 0), audit_roster_generation(conn)) + 1
    users = {
        r["username"]: signing.roster_entry(r)
        for r in conn.execute(
            "SELECT username, full_name, role, disabled, signature FROM app_user"
        ).fetchall()
    }
    keyed = keyed_chain.started(conn)
    _put_setting(
        conn, signing.ROSTER_SETTING, signing.sign_roster(admin_key, generation, users, keyed=keyed)
    )
    audit.append(
        conn,
        username=username,
        device=device,
        action="user_change",
        entity="user_roster",
        record_id=signing.ROSTER_RECORD.format(generation),
        detail={**detail, "roster": generation, "key": signing.public_key_text(admin_key)},
    )
    return generation


def start_keyed_epoch(
    conn: Any,
    admin_key: bytes,
    *,
    username: str,
    device: str,
    why: str,
    old_admin_key: bytes | None = None,
) -> None:
    """A new epoch of the offline keyed chain (`desktop.db.keyed_chain`) at the current
    head, with its audit row (the epoch's first row)."""
    count = keyed_chain.start_epoch(conn, admin_key, old_admin_key)
    audit.append(
        conn, username=username, device=device, action="user_change", entity="audit",
        record_id=keyed_chain.EPOCH_RECORD.format(count),
        detail={"change": "keyed_chain_epoch", "why": why},
    )  # fmt: skip


def rotate_signing_key(conn: Any, old_admin_key: bytes, new_admin_key: bytes) -> None:
    """The next key in the chain (certified by the old one); every record signed again."""
    chain = signing_chain(conn) or [{"key": signing.public_key_text(old_admin_key)}]
    chain = [*chain, signing.chain_link(old_admin_key, new_admin_key, len(chain))]
    _put_setting(conn, signing.CHAIN_SETTING, chain)
    set_signing_public_key(conn, signing.public_key_text(new_admin_key))
    for (name,) in conn.execute("SELECT username FROM app_user").fetchall():
        resign(conn, new_admin_key, name)


def key_problem(conn: Any, pin: str | None) -> str:
    """'' when the desk's signing key is one the checking slot can trust: the chain's links
    check, it ends at the desk's key, and it holds the slot's pinned key."""
    public = signing_public_key(conn)
    if public is None:
        return "replaced" if pin else ""
    found = signing.chain_keys(signing_chain(conn))
    if found is None or found[-1] != public or not signing.chain_leads_from(found, pin):
        return "replaced"
    return ""


def roster_problems(conn: Any, public: str) -> tuple[dict[str, Any] | None, list[str]]:
    """(the checked roster or None, problems): its signature, and its generation against the
    highest the audit chain recorded."""
    listed = roster(conn)
    high, logged_keys = audit_roster(conn)
    found = signing.chain_keys(signing_chain(conn)) or []
    if logged_keys - set(found):
        return None, [f"user records: put back to an older signing key (the access log "
                      f"recorded list {high} signed by a key the desk no longer has)"]  # fmt: skip
    if listed is None:
        if high:
            return None, [f"user records: the signed list of users is missing (list {high} "
                          "was recorded in the access log)"]  # fmt: skip
        return None, []
    if not signing.roster_ok(listed, public):
        return None, ["user records: the signed list of users was changed outside Caseline"]
    if listed["generation"] < high:
        return None, [f"user records: put back to an older signed list (list "
                      f"{listed['generation']}; the access log recorded list {high})"]  # fmt: skip
    return listed, []


def check_login(store: Any, pin: str | None, username: str, admin_key: bytes | None) -> Any:
    """The user's record as the signed list of users has it, or AuthError/UnknownUser.
    A record deleted outside Caseline is put back from the signed list (audited). When the
    list itself is not to be trusted, only an admin whose slot holds the desk's current
    admin key may log in (to see `verify` and sign the list again with a user change)."""
    conn = store.conn
    if key_problem(conn, pin):
        raise signing_key_replaced()
    public = signing_public_key(conn)
    query = "SELECT username, full_name, role, disabled, signature FROM app_user WHERE username = ?"
    row = conn.execute(query, (username,)).fetchone()
    if public is None:  # a desk from before signed records, not yet migrated by its admin
        if row is None:
            raise keys.unknown_user(username)
        return row
    listed, problems = roster_problems(conn, public)
    true_admin = admin_key is not None and signing.public_key_text(admin_key) == public
    if problems and true_admin and "older signing key" not in problems[0]:
        listed, problems = None, []  # the admin may log in to sign the list again
    if problems and "older signing key" in problems[0]:
        raise signing_key_replaced()
    if problems and "older" in problems[0]:
        raise users_rolled_back(listed_generation(conn), audit_roster_generation(conn))
    if problems:
        raise user_record_forged(username)
    entry = listed["users"].get(username) if listed else None
    if row is None and entry is not None:
        with store.transaction() as tx:
            tx.execute(
                "INSERT INTO app_user (username, full_name, role, disabled, created_at,"
                " updated_at, signature) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (username, entry["full_name"], entry["role"], int(entry["disabled"]),
                 utc_now(), utc_now(), entry["signature"]),
            )  # fmt: skip
            audit.append(
                tx, username=username, device="", action="user_change",
                detail={"change": "restored_from_signed_list", "user": username},
            )  # fmt: skip
        row = conn.execute(query, (username,)).fetchone()
    if row is None:
        raise keys.unknown_user(username)
    if not signing.user_signature_ok(public, row):
        raise user_record_forged(username)
    if listed is not None and signing.roster_entry(row) != entry:
        raise user_record_written_back(username)
    return row


def listed_generation(conn: Any) -> int:
    listed = roster(conn) or {}
    return int(listed.get("generation", 0) or 0)


def user_problems(conn: Any, pin: str | None) -> list[str]:
    """`verify`: the key chain against the checking user's pinned key, the signed list of
    users (every record there and as signed, nothing more, not older than the access log
    says), and every record's own signature. Names only (no content)."""
    if key_problem(conn, pin):
        return ["user records: the desk's signing key was replaced outside Caseline"]
    public = signing_public_key(conn)
    if public is None:
        return []  # a desk from before signed records, not yet migrated by its admin
    listed, problems = roster_problems(conn, public)
    rows = {
        r["username"]: r
        for r in conn.execute(
            "SELECT username, full_name, role, disabled, signature FROM app_user ORDER BY username"
        )
    }
    for name, row in rows.items():
        if not signing.user_signature_ok(public, row):
            problems.append(f"user {name}: record changed outside Caseline")
        elif listed is not None and name not in listed["users"]:
            problems.append(f"user {name}: not in the signed list of users (added outside "
                            "Caseline, or an old record written back)")  # fmt: skip
        elif listed is not None and signing.roster_entry(row) != listed["users"][name]:
            problems.append(f"user {name}: record differs from the signed list of users "
                            "(an old record written back)")  # fmt: skip
    for name in sorted(set(listed["users"]) - set(rows) if listed else ()):
        problems.append(f"user {name}: in the signed list of users but missing from the "
                        "database (deleted outside Caseline; put back at their next login)")  # fmt: skip
    return problems


class UsersPart(WorkspaceBase):
    """User management; the session's `_access` holds what its key slot gave."""

    _access: access.Access
    _data_key: bytes
    _password: str | None

    # --- reading ------------------------------------------------------------------------

    def list_users(self) -> list[UserInfo]:
        """Every user of this desk, disabled ones too, by username."""
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

    def _require_user_admin(self, attempt: str, username: str) -> None:
        """Only an admin (holding the desk's admin key) changes users; a refusal is
        audited ("user_change" with change "refused"), then raised (PermissionDenied)."""
        try:
            self._require("user.manage")
            self._admin_key()
        except PermissionDenied:
            self._audit(
                "user_change",
                detail={"change": "refused", "attempt": attempt, "user": username},
            )
            raise

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

    def _roster(self, conn: Any, admin_key: bytes, detail: dict[str, Any]) -> int:
        """The change's audit row, with the next signed roster (same transaction)."""
        return write_roster(
            conn, admin_key, username=self.user.username, device=self.device_code, detail=detail
        )

    def add_user(self, username: str, role: str, password: str, full_name: str = "") -> UserInfo:
        """A new user with `role` and `password` (signed into the list of users, a key slot
        of their own). Admin only: PermissionDenied; ValidationError (username, role,
        password too weak); a user already named so: ValidationError."""
        self._require_user_admin("add", username)
        username = checks.username(username)
        check_role(role)
        check_password(password)
        admin_key = self._admin_key()
        if self.conn.execute("SELECT 1 FROM app_user WHERE username = ?", (username,)).fetchone():
            raise errors.user_exists(username)
        slots = keys.KeySlots(self.data_dir)
        with self.store.transaction() as conn:
            insert_user(conn, admin_key, username, full_name, role)
            self._roster(conn, admin_key, {"change": "added", "user": username, "role": role})
            slots.put_raw(self._new_slot(username, password, role))
        return UserInfo(username, one_line(full_name), role)

    def _new_slot(self, username: str, password: str, role: str) -> dict[str, Any]:
        admin_key = self._access.admin_key if role == permissions.ADMIN else None
        return access.seal(
            keys.USER_SLOT, username, password, self._data_key, admin_key, self._pin()
        )

    def set_role(self, username: str, role: str, progress: Progress | None = None) -> None:
        """A new role, signed. Taking the admin role away replaces the admin key (the
        former admin's copy signs nothing that counts any more); giving it hands the key
        to the user's slot."""
        self._require_user_admin("role", username)
        check_role(role)
        row = self._user_row(username)
        admin_key = self._admin_key()
        detail = {"change": "role", "user": username, "role": role}

        def change(conn: Any) -> None:
            conn.execute(
                "UPDATE app_user SET role = ?, updated_at = ? WHERE username = ?",
                (role, utc_now(), username),
            )

        if row["role"] == permissions.ADMIN and role != permissions.ADMIN:
            self._keep_one_admin(username)
            self.rekey(
                drop=set(), change=change, detail=detail, new_data_key=False,
                progress=progress, reason="admin_demoted",
            )  # fmt: skip
        else:
            slots = keys.KeySlots(self.data_dir)
            with self.store.transaction() as conn:
                change(conn)
                resign(conn, admin_key, username)
                self._roster(conn, admin_key, detail)
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
        self._require_user_admin("password_reset", username)
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

    def disable_user(self, username: str, progress: Progress | None = None) -> Rekeyed:
        """The user can no longer unlock: their slot goes, the database is rekeyed and the
        admin key replaced, so a copy of the old slot file opens nothing and an old signed
        record or list of users counts for nothing. Returns the rekey's report (Rekeyed).
        PermissionDenied (not an admin), UnknownUser (no such user), ValidationError (yourself,
        or the last admin)."""
        self._require_user_admin("disable", username)
        row = self._user_row(username)
        self._not_myself(
            username, "Không thể tự khoá tài khoản của mình.", "You cannot disable yourself."
        )
        self._admin_key()
        if row["role"] == permissions.ADMIN:
            self._keep_one_admin(username)

        def change(conn: Any) -> None:
            conn.execute(
                "UPDATE app_user SET disabled = 1, updated_at = ? WHERE username = ?",
                (utc_now(), username),
            )

        return self.rekey(
            drop={(keys.USER_SLOT, username)}, change=change, progress=progress,
            detail={"change": "disabled", "user": username}, reason="disabled",
            disabled=(username, True),
        )  # fmt: skip

    def enable_user(self, username: str, new_password: str) -> None:
        """A disabled user may log in again, with a new password (their old slot is gone)."""
        self._require_user_admin("enable", username)
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
            self._roster(conn, admin_key, {"change": "enabled", "user": username})
            slots.put_raw(self._new_slot(username, new_password, row["role"]))
        slots.set_disabled(username, False)
        keys.Lockout(self.data_dir).clear(username)

    def remove_user(self, username: str, progress: Progress | None = None) -> Rekeyed:
        """The user record goes (the audit keeps their name on what they did), their slot
        goes, the database is rekeyed and the admin key replaced. Cases still assigned to
        them stay so until a manager reassigns them. Returns the rekey's report (Rekeyed).
        PermissionDenied (not an admin), UnknownUser (no such user), ValidationError (yourself,
        or the last admin)."""
        self._require_user_admin("remove", username)
        row = self._user_row(username)
        self._not_myself(
            username, "Không thể tự xoá tài khoản của mình.", "You cannot remove yourself."
        )
        self._admin_key()
        if row["role"] == permissions.ADMIN:
            self._keep_one_admin(username)
        return self.rekey(
            drop={(keys.USER_SLOT, username)},
            change=lambda conn: conn.execute("DELETE FROM app_user WHERE username = ?", (username,)),
            detail={"change": "removed", "user": username}, progress=progress,
            reason="removed", disabled=(username, False),
        )  # fmt: skip

    def _not_myself(self, username: str, vi: str, en: str) -> None:
        if username == self.user.username:
            raise ValidationError({"username": (vi, en)})

    def new_recovery_key(self, progress: Progress | None = None) -> str:
        """A lost recovery key: a new one (shown once), the database rekeyed and the admin
        key replaced, so the old one opens nothing and its admin key signs nothing."""
        self._require_user_admin("recovery_key", "")
        self._admin_key()
        recovery_key = keys.new_recovery_key()
        self.rekey(
            drop={(keys.RECOVERY_SLOT, keys.RECOVERY_NAME)},
            add=[(keys.RECOVERY_SLOT, keys.RECOVERY_NAME, recovery_key)],
            detail={"change": "recovery_key"}, progress=progress, reason="recovery_key",
        )  # fmt: skip
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
        self._secret = new

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
        add: list[tuple[str, str, str]] | None = None,
        change: Callable[[Any], Any] | None = None,
        detail: dict[str, Any] | None = None,
        new_data_key: bool = True,
        progress: Progress | None = None,
        reason: str = "",
        disabled: tuple[str, bool] | None = None,
    ) -> Rekeyed:
        """A user change that replaces the admin key (and, with `new_data_key`, the data
        key: `PRAGMA rekey`): `change(conn)` edits the user records; the next key of the
        chain is certified by the old one, every record and the list of users are signed
        with it; every remaining slot gets a new envelope (the admin key only in the slots
        of the admins left and the recovery slot); the slots in `drop` go, `add`
        (kind, name, secret) come in; `disabled` lists or unlists a name.

        Crash-safe: the new slot file is written to `keyslots.next.json` and its SHA-256
        committed in the same transaction as the records (`keyslots_pending`); then the
        database is rekeyed; then the new file replaces the old one. Opening finishes a
        change cut short after its commit (`desktop.services.workspace`) and forgets one
        cut short before it.

        Returns Rekeyed(seconds, pages, lost_slots): `lost_slots` are users whose slot was
        still version 1 (not logged in since the upgrade): they need a password reset.
        `progress(fraction, phase)` is called as the work goes on (phase "slots", "rekey",
        "done"); the rekey's fraction is an estimate from the page count.
        """
        old_admin_key = self._admin_key()
        admin_key = new_admin_key()
        pin = signing.public_key_text(admin_key)
        report = progress or (lambda _f, _p: None)
        started = time.monotonic()
        data_key = keys.new_data_key() if new_data_key else self._data_key
        slots = keys.KeySlots(self.data_dir)
        report(0.0, "slots")
        with self.store.transaction() as conn:
            if change is not None:
                change(conn)
            rotate_signing_key(conn, old_admin_key, admin_key)
            self._roster(conn, admin_key, {**(detail or {"change": reason}), "key_rotated": True})
            if not keyed_chain.problems(conn, old_admin_key):  # (a broken one stays as found)
                start_keyed_epoch(
                    conn, admin_key, username=self.user.username, device=self.device_code,
                    why="admin_key_replaced", old_admin_key=old_admin_key,
                )  # fmt: skip
            kept, lost = access.rekeyed_slots(
                slots, data_key, admin_key, drop=drop, admins=self._admins()
            )
            for kind, name, secret in add or []:
                kept.append(access.seal(kind, name, secret, data_key, admin_key, pin))
            document = slots.document_with(kept)
            if disabled is not None:
                name, on = disabled
                names = [n for n in document.get("disabled", []) if n != name]
                document["disabled"] = sorted(names + ([name] if on else []))
            text = json.dumps(document, indent=1, sort_keys=True)
            _put_setting(conn, PENDING_SETTING, hashlib.sha256(text.encode()).hexdigest())
            access.write_next_text(self.data_dir, text)
        pages = int(self.conn.execute("PRAGMA page_count").fetchone()[0])
        if new_data_key:
            report(0.05, "rekey")
            self.store.rekey(data_key, pages, lambda f: report(0.05 + 0.9 * f, "rekey"))
        access.promote_next(self.data_dir)
        self._data_key = data_key
        self._access = access.Access(data_key, admin_key, pin, access.VERSION, 0)
        self._repin_own_slot(drop)
        seconds = time.monotonic() - started
        with self.store.transaction():
            self._audit(
                "user_change",
                detail={
                    "change": "rekeyed" if new_data_key else "admin_key_replaced",
                    "reason": reason,
                    "seconds": round(seconds, 2),
                    "lost_slots": lost,
                },
            )
        report(1.0, "done")
        return Rekeyed(seconds, pages, tuple(lost))

    def _repin_own_slot(self, dropped: set[tuple[str, str]]) -> None:
        """This session's own slot vouches for the new key at once (its secret is at hand),
        so a fork of the chain by a former admin's old key is refused at this user's next
        login. (Other users' slots follow at their own next login.)"""
        secret = getattr(self, "_secret", None)
        if not secret:
            return
        recovery = self.unlocked_with == "recovery_key"
        kind = keys.RECOVERY_SLOT if recovery else keys.USER_SLOT
        name = keys.RECOVERY_NAME if recovery else self.user.username
        if (kind, name) in dropped:  # (a new recovery key replaced the one this session used)
            return
        keeps_admin = recovery or self.user.username in self._admins()  # (after the change)
        keys.KeySlots(self.data_dir).put_raw(
            access.seal(
                kind, name, secret, self._data_key,
                self._access.admin_key if keeps_admin else None, self._access.pin,
            )
        )  # fmt: skip


PENDING_SETTING = "keyslots_pending"


def new_admin_key() -> bytes:
    return secrets.token_bytes(32)


def audit_user_change(conn: Any, username: str, device: str, detail: dict[str, Any]) -> None:
    audit.append(conn, username=username, device=device, action="user_change", detail=detail)


__all__ = ["StoreError", "UsersPart"]
