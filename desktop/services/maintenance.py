"""Search, sync conflicts, drafts, backup/restore and integrity checks."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.db import (
    audit,
    backup,
    keyed_chain,
    keys,
    repository,
    search_index,
    signing,
    sync_store,
)
from desktop.db.store import DB_FILE
from desktop.domain.ids import utc_now
from desktop.domain.records import CASE, CHILD, CONFLICT, CONTACT, Conflict
from desktop.errors import StoreError
from desktop.services import errors, outputs, restoring, users
from desktop.services.base import WorkspaceBase, reports_changes
from desktop.services.types import (
    BackupManifest,
    DraftFields,
    OpenConflict,
    RestoredDesk,
    RestoreResult,
    Saved,
    SearchHit,
    Verification,
)
from desktop.sync import anchor

CONFLICT_WHAT = ("xung đột", "conflict")
Progress = Callable[[str, int, int], None]  # (stage, done, total)


# The most hits one search returns (`caseline search --limit`).
SEARCH_LIMIT_MAX = 1000


class MaintenancePart(WorkspaceBase):
    # --- search ----------------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Children, contacts and cases matching folded text or a phone number, that this
        user may read (at most `limit`, best first). Each hit: a `SearchHit` (kind, id,
        number, name, and a few fields of its kind for the list). No permission error:
        what this user may not read is left out. ValidationError when `limit` is not
        1…SEARCH_LIMIT_MAX."""
        if not 1 <= limit <= SEARCH_LIMIT_MAX:
            raise errors.bad_field(
                "limit",
                f"Số kết quả phải từ 1 đến {SEARCH_LIMIT_MAX}.",
                f"The number of results must be 1 to {SEARCH_LIMIT_MAX}.",
            )
        hits: list[dict[str, Any]] = []
        can_contacts = self._can("contact.read")
        for kind, record_id in search_index.find(self.conn, text, limit=limit * 2):
            if kind in (CHILD, CONTACT) and not can_contacts:
                continue
            hit = self._hit(kind, record_id)
            if hit is not None:
                hits.append(hit)
            if len(hits) >= limit:
                break
        return hits

    def _hit(self, kind: str, record_id: str) -> SearchHit | None:
        conn = self.conn
        if kind == CHILD:
            row = conn.execute(
                "SELECT full_name, birth_year, sex FROM child WHERE id = ?", (record_id,)
            ).fetchone()
            if row is None:
                return None
            return {
                "kind": kind,
                "id": record_id,
                "number": "",
                "name": row[0],
                "birth_year": row[1],
                "sex": row[2],
            }
        if kind == CONTACT:
            row = conn.execute(
                "SELECT number, caller_name, caller_phone, received_at, child_ids, case_id"
                " FROM contact WHERE id = ?",
                (record_id,),
            ).fetchone()
            if row is None:
                return None
            names = [c["full_name"] for c in repository.get_many(conn, CHILD, json.loads(row[4]))]
            return {
                "kind": kind,
                "id": record_id,
                "number": row[0],
                "name": ", ".join(names),
                "caller": row[1],
                "caller_phone": row[2],
                "received_at": row[3],
                "case_id": row[5],
            }
        row = conn.execute(
            "SELECT c.number, c.assigned_to, c.status, ch.full_name FROM case_file c"
            " LEFT JOIN child ch ON ch.id = c.child_id WHERE c.id = ?",
            (record_id,),
        ).fetchone()
        if row is None or not self._can("case.read", assigned_to=row[1] or None):
            return None
        return {
            "kind": CASE,
            "id": record_id,
            "number": row[0],
            "name": row[3] or "",
            "status": row[2],
            "assigned_to": row[1],
        }

    # --- the store's upkeep ----------------------------------------------------------------

    def defer_checkpoints(self) -> None:
        """Keep WAL checkpoints out of saves (`Store.defer_checkpoints`); the caller (the
        app's DB worker) runs `checkpoint_if_due` when idle."""
        self.store.defer_checkpoints()

    def checkpoint_if_due(self) -> int:
        """Copy the WAL back into the file if anything was saved since the last time
        (PASSIVE: never waits). Returns the frames copied."""
        return self.store.checkpoint_if_due()

    # --- sync conflicts ----------------------------------------------------------------------

    def list_conflicts(self) -> list[OpenConflict]:
        """Open sync conflicts this user may resolve (a case's owner, or a manager), oldest
        first, each with the number of the record it is about (OpenConflict). Not
        audited (conflict records hold field values the user sees on the record)."""
        found = []
        for conflict in repository.select(
            self.conn, CONFLICT, "resolved = 0 AND deleted = 0", (), "ORDER BY created_at"
        ):
            if self._can("conflict.resolve", assigned_to=self._owner_of(conflict) or None):
                record = repository.get(self.conn, conflict["record_entity"], conflict["record_id"])
                number = str((record or {}).get("number") or "")
                found.append(OpenConflict(Conflict.from_row(conflict), number))
        return found

    def _owner_of(self, conflict: dict[str, Any]) -> str:
        entity, record_id = conflict["record_entity"], conflict["record_id"]
        if entity == CASE:
            case = repository.get(self.conn, CASE, record_id)
            return case["assigned_to"] if case else ""
        if entity in ("case_entry", "referral"):
            row = self.conn.execute(
                f"SELECT c.assigned_to FROM {repository.table(entity)} r JOIN case_file c"
                " ON c.id = r.case_id WHERE r.id = ?",
                (record_id,),
            ).fetchone()
            return row[0] if row else ""
        return ""

    @reports_changes
    def resolve_conflict(self, conflict_id: str, chosen_value: Any) -> Saved:
        """Resolving is an ordinary edit of the record (its field set to `chosen_value`),
        and the conflict is marked resolved; returns the conflict (`changed`: "conflict"
        and the record's entity). NotFound, PermissionDenied (not the case's owner or a
        manager)."""
        conflict = self._find(CONFLICT, conflict_id, CONFLICT_WHAT)
        self._require("conflict.resolve", assigned_to=self._owner_of(conflict) or None)
        if chosen_value not in (conflict["kept_value"], conflict["other_value"]):
            raise errors.bad_field(
                "chosen_value",
                "Chỉ được chọn một trong hai giá trị đang xung đột.",
                "Choose one of the two values in conflict.",
            )
        if conflict["record_entity"] == CASE and conflict["field_name"] == "assigned_to":
            # Assignment belongs to its step: resolving it is assigning the case.
            self._require("case.assign", assigned_to=self._owner_of(conflict) or None)
        with self.store.transaction() as conn:
            if repository.get(conn, conflict["record_entity"], conflict["record_id"]) is not None:
                repository.change(
                    conn,
                    self.actor,
                    conflict["record_entity"],
                    conflict["record_id"],
                    {conflict["field_name"]: chosen_value},
                )
            repository.change(
                conn,
                self.actor,
                CONFLICT,
                conflict["id"],
                {"resolved": True, "resolved_by": self.user.username, "resolved_at": utc_now()},
            )
        return Saved(conflict["id"], "", CONFLICT)

    # --- drafts (inside the encrypted database) -----------------------------------------------

    def save_draft(self, key: str, data: DraftFields) -> None:
        """Keep an unfinished form (`data`, any JSON object) under `key` for this user,
        inside the encrypted store (replaces an earlier draft of that key)."""
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO draft (username, key, data, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(username, key) DO UPDATE SET data = excluded.data,"
                " updated_at = excluded.updated_at",
                (self.user.username, key, json.dumps(data, ensure_ascii=False), utc_now()),
            )

    def load_draft(self, key: str) -> DraftFields | None:
        """This user's draft under `key` as saved (the JSON object `save_draft` kept), or
        None when there is none."""
        row = self.conn.execute(
            "SELECT data FROM draft WHERE username = ? AND key = ?", (self.user.username, key)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def discard_draft(self, key: str) -> None:
        """Forget this user's draft under `key` (nothing happens when there is none)."""
        with self.store.transaction() as conn:
            conn.execute(
                "DELETE FROM draft WHERE username = ? AND key = ?", (self.user.username, key)
            )

    # --- backup, restore, verify ------------------------------------------------------------

    def backup(
        self, path: Path | str, passphrase: str, *, progress: Progress | None = None
    ) -> BackupManifest:
        """An encrypted copy of the whole desk (records, key slots) at `path`, readable only
        with `passphrase` (8+ characters); returns its manifest. PermissionDenied (admin
        only), ValidationError on "passphrase", StoreError (disk full: nothing left),
        OutputRefused when `path` is one of the desk's own files or not a regular file
        (`desktop.services.outputs`); an old file at `path` stays whole if writing fails.
        `progress(stage, done, total)`: stage "backup", MB written of the desk's MB."""
        self._require("backup")
        outputs.check_output_path(self.data_dir, path)
        if len(passphrase or "") < 8:
            raise errors.bad_field(
                "passphrase",
                "Mật khẩu sao lưu cần ít nhất 8 ký tự.",
                "The backup passphrase needs at least 8 characters.",
            )
        self._audit("backup", detail={"file": Path(path).name})
        header = backup.write_backup(
            self.conn,
            Path(path),
            passphrase,
            slots_text=keys.KeySlots(self.data_dir).raw_text(),
            data_key=self._data_key,
            manifest={
                "centre": self.centre_name,
                "province_code": self.province_code,
                "device_code": self.device_code,
                "schema": int(self.conn.execute("PRAGMA user_version").fetchone()[0]),
            },
            progress=progress,
        )
        return {k: header[k] for k in ("created_at", "centre", "province_code", "device_code")}

    def check_output_path(self, path: Path | str) -> Path:
        """Before building an output: OutputRefused when `path` is one of the desk's own
        files or is not a regular file (`desktop.services.outputs`); returns the path it
        resolves to."""
        return outputs.check_output_path(self.data_dir, path)

    def save_output(self, path: Path | str, content: bytes | str) -> Path:
        """Write a printout or an export (`content`) to `path` chosen by the user: refused
        (OutputRefused) on the desk's own files and on what is not a regular file, written
        atomically otherwise. Returns `path`. OSError when the folder cannot be written."""
        return outputs.save_output(self.data_dir, path, content)

    @classmethod
    def restore(
        cls, data_dir: Path | str, path: Path | str, passphrase: str
    ) -> RestoredDesk | RestoreResult:
        """Restore a backup into a data dir with no desk; the same users and passwords work
        after. A folder holding only part of a desk (the key-slot file or the database
        missing: it cannot open, so anyone at the keyboard may) gets the backup too, its
        remaining files kept aside as `restore_over` does ("kept" in the answer). Returns the
        backup's manifest. WrongPassword (passphrase), StoreError (damaged backup, disk
        full), an error when the folder already holds a whole desk."""
        data_dir = Path(data_dir)
        if cls.partly_there(data_dir):  # type: ignore[attr-defined]
            checked = restoring.check_backup(Path(path), passphrase, data_dir)
            return restoring.replace_desk(checked, data_dir)
        if (data_dir / DB_FILE).exists() or (data_dir / keys.KEYSLOTS_FILE).exists():
            raise errors.already_set_up(str(data_dir))
        data_dir.mkdir(parents=True, exist_ok=True)
        checked = restoring.check_backup(Path(path), passphrase, data_dir)
        try:
            return restoring.install(checked, data_dir)
        except BaseException:
            checked.discard()
            for name in restoring.DESK_FILES:
                (data_dir / name).unlink(missing_ok=True)
            raise

    def unsent_changes(self) -> tuple[int, int]:
        """(ops, records): the changes this desk holds that central has not taken yet — its
        outbox and the ops central refused that it keeps aside (`rejected_op`). (0, 0) for a
        desk never enrolled with central: there is no central copy to come back from, and
        every change since the backup is replaced by the restore the admin asked for."""
        if not self.store.get_setting(sync_store.DEVICE_ID, ""):
            return 0, 0
        row = self.conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT entity || ':' || record_id) FROM ("
            " SELECT entity, record_id FROM outbox"
            " UNION ALL SELECT entity, record_id FROM rejected_op)"
        ).fetchone()
        return int(row[0]), int(row[1])

    def restore_over(
        self, path: Path | str, passphrase: str, *, discard_unsent: bool = False
    ) -> RestoreResult:
        """Replace this desk's data with a backup's (admin). Refused with UnsentChanges
        (nothing changed) while the desk holds changes central has not taken
        (`unsent_changes`), unless `discard_unsent`: sync first, or give them up on purpose
        (they then stay only in the encrypted folder kept aside). The backup is checked in
        full first: a wrong passphrase or a damaged file changes nothing. Then this
        workspace is locked (log in again after), the live files move to
        data_dir/before-restore-<time>/ (still encrypted) and come back if the restore
        fails. Returns the backup's manifest plus "kept", the folder holding the old files
        and "discarded", the number of unsent ops given up."""
        self._require("backup")
        unsent, records = self.unsent_changes()
        if unsent and not discard_unsent:
            raise errors.unsent_changes(unsent, records)
        checked = restoring.check_backup(Path(path), passphrase, self.data_dir)
        restored_by = self.user.username
        carried = repository.number_sequences(self.store.conn)  # its numbers stay given
        sign_restore = self._restore_signer()
        self.close()
        result = restoring.replace_desk(
            checked, self.data_dir, restored_by=restored_by, carried=carried,
            sign_restore=sign_restore,
        )  # fmt: skip
        result["discarded"] = unsent
        return result

    def _restore_signer(self) -> Callable[[int, str], dict[str, Any]] | None:
        """The restoring admin signs "put back on purpose" with the desk's current key (which
        central last saw), for central to accept the restored history as a new base."""
        admin_key = getattr(self, "_access", None) and self._access.admin_key
        device_id = str(self.store.get_setting(sync_store.DEVICE_ID, "") or "")
        if not admin_key or not device_id:
            return None
        chain = signing.stored_chain(self.conn)
        return lambda seq, head: signing.restore_statement(admin_key, chain, device_id, seq, head)

    @classmethod
    def restore_over_damaged(
        cls,
        data_dir: Path | str,
        path: Path | str,
        passphrase: str,
        *,
        username: str,
        password: str,
    ) -> RestoreResult:
        """Replace a desk too damaged to open (StoreError on open). Anyone at the keyboard
        may, as they could delete it anyway; its files are kept aside like `restore_over`.
        A desk that still opens must be restored by its admin through `restore_over`."""
        data_dir = Path(data_dir)
        if not cls.exists(data_dir):  # type: ignore[attr-defined]
            raise errors.no_workspace(str(data_dir))
        try:
            cls.open(data_dir, username, password).close()  # type: ignore[attr-defined]
        except StoreError:
            pass  # too damaged to open: the case this is for
        else:
            raise errors.desk_still_opens()
        checked = restoring.check_backup(Path(path), passphrase, data_dir)
        return restoring.replace_desk(checked, data_dir, restored_by=username)

    def admin_key_problem(self) -> str:
        """'' or one line: this session's key slot (an admin's or the recovery slot) holds an
        admin key that is not the desk's signing key. Every user change replaces the admin
        key in every admin slot and the recovery slot at once, so this means the list of
        users (and its signing key) was put back to an older copy inside the database, or
        the slot was rewritten (review i11 #1, #2; docs/security.md §12d)."""
        if not getattr(self, "_foreign_admin_key", False):
            return ""
        return (
            "admin key: this session's key slot holds an admin key that is not the desk's "
            "signing key: the list of users was put back to an older copy (or the slot was "
            "rewritten); user changes are refused; restore the last good backup "
            "(docs/security.md §12d)"
        )

    def verify(self, *, quick: bool = False, progress: Progress | None = None) -> Verification:
        """PRAGMA integrity_check and the audit hash chain (any user may run it: it shows
        no record content).

        `quick` (`caseline verify --quick`): no page-by-page integrity check (integrity
        says "skipped"; SQLCipher still checks each page's HMAC whenever it is read), and
        the chain only from the last row a full check found whole — its cost follows the
        rows added since, not the desk's size. `progress(stage, done, total)`: stage
        "integrity" (0 of 1, then 1 of 1) and "audit" (rows of the chain walked)."""
        if quick:
            integrity = "skipped"
        else:
            if progress is not None:
                progress("integrity", 0, 1)
            integrity = self.store.integrity_check()
            if progress is not None:
                progress("integrity", 1, 1)
        walk = None if progress is None else (lambda done, total: progress("audit", done, total))
        problems = audit.verify_chain(self.conn, since_verified=quick, progress=walk)
        problems += anchor.problems(self.conn)  # against the last anchor central accepted
        admin_key = getattr(self, "_access", None) and self._access.admin_key
        keyed = "not checked (admin only)"
        foreign = self.admin_key_problem()
        if foreign:
            keyed = "not checked (this slot's admin key is not the desk's)"
        elif admin_key:  # the offline keyed chain: only an admin session can check it
            keyed_problems = keyed_chain.problems(self.conn, admin_key)
            problems += keyed_problems
            keyed = "broken" if keyed_problems else "ok"
        chain_broken = bool(problems)  # the audit rows, the anchor, the keyed chain
        user_found = ([foreign] if foreign else []) + users.user_problems(
            self.conn, getattr(self, "_access", None) and self._access.pin
        )
        problems += user_found
        if integrity not in ("ok", "skipped"):
            problems.insert(0, f"integrity_check: {integrity}")
        return {
            "ok": integrity in ("ok", "skipped") and not problems,
            "integrity": integrity,
            "audit_chain": "broken" if chain_broken else "ok",
            "keyed_chain": keyed,
            "user_records": "broken" if user_found else "ok",
            "problems": problems,
        }


__all__ = ["MaintenancePart"]
