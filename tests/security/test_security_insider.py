"""A desk that guards itself against its own users (issue 11), attacked as the intake user
through the real files: their own password unwraps their own key slot, sqlcipher3 opens
the database outside Caseline.

- Role grants only an admin can make: `UPDATE app_user SET role='manager'` → the login is
  refused and `caseline verify` fails; replacing the desk's signing key with one's own is
  caught by every other user's key slot.
- A desk from before signed records is signed at its admin's next login.
- Rekey on removal: after `caseline user disable`/`remove` (or a new recovery key), a copy
  of the old key-slot file opens nothing; everyone else still opens, data intact.
"""

from __future__ import annotations

import base64
import json
import shutil

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sec_support import (
    ADMIN,
    CASEWORKER,
    INTAKE,
    MANAGER,
    PASSWORDS,
    contact_data,
    insider_connection,
    new_desk,
    open_as,
)
from test_cli_support import caseline, fails_with_one_line, ok
from test_security_audit_history import _recompute

from desktop.db import access, keys, signing
from desktop.errors import AuthError, UserDisabled, WrongPassword
from desktop.services import Workspace


@pytest.fixture
def desk(tmp_path):
    folder = tmp_path / "desk"
    recovery = new_desk(folder)
    with open_as(folder, INTAKE) as ws:
        saved = ws.record_contact(contact_data())
    return folder, recovery, saved.number


def _as_insider(folder, user, *statements):
    conn = insider_connection(folder, user)
    try:
        for sql, params in statements:
            conn.execute(sql, params)
    finally:
        conn.close()


# ------------------------------------------------------------------ forged roles


def test_an_intake_user_who_makes_themselves_manager_is_refused_and_verify_fails(desk):
    folder, _recovery, number = desk
    _as_insider(
        folder, INTAKE, ("UPDATE app_user SET role = 'manager' WHERE username = ?", (INTAKE,))
    )

    with pytest.raises(AuthError) as refused:
        open_as(folder, INTAKE)
    assert "signature" in refused.value.message_en
    # The same through the console script, then `caseline verify` as the admin.
    line = fails_with_one_line(
        caseline(folder, "--lang", "en", "contact", "show", number, user=INTAKE,
                 password=PASSWORDS[INTAKE])
    )  # fmt: skip
    assert "changed outside Caseline" in line, line
    run = caseline(folder, "verify", user=ADMIN, password=PASSWORDS[ADMIN])
    assert run.returncode != 0
    assert f"user {INTAKE}: record changed outside Caseline" in run.stdout + run.stderr
    # The other users are not affected.
    with open_as(folder, MANAGER) as ws:
        assert ws.get_contact(number)["number"] == number


def test_replacing_the_signing_key_is_caught_by_every_other_users_key_slot(desk):
    """The smarter insider: their own signing key in the settings, their row re-signed."""
    folder, _recovery, _number = desk
    mine = Ed25519PrivateKey.generate()
    public = base64.b64encode(mine.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    row = {"username": INTAKE, "full_name": "Vũ Thị Hoa", "role": "manager", "disabled": False}
    forged = base64.b64encode(mine.sign(signing.user_message(row))).decode()
    _as_insider(
        folder,
        INTAKE,
        ("UPDATE setting SET value = ? WHERE key = ?", (json.dumps(public.decode()), signing.SIGNING_KEY_SETTING)),
        ("UPDATE app_user SET role = 'manager', signature = ? WHERE username = ?", (forged, INTAKE)),
    )  # fmt: skip
    for user in (ADMIN, MANAGER, CASEWORKER):
        with pytest.raises(AuthError) as refused:
            open_as(folder, user)
        assert "signing key was replaced" in refused.value.message_en
    # (The insider's own slot still vouches for the old key too: they are refused as well
    # until they also rewrite their own slot — which fools only their own sessions.)
    with pytest.raises(AuthError):
        open_as(folder, INTAKE)


def test_only_an_admin_changes_roles_and_each_change_is_signed_and_audited(desk):
    folder, _recovery, _number = desk
    with open_as(folder, MANAGER) as ws, pytest.raises(Exception) as refused:
        ws.set_role(INTAKE, "manager")
    assert "permission" in type(refused.value).__name__.lower() or "allowed" in str(
        refused.value.message_en
    )
    ok(
        caseline(
            folder, "user", "role", INTAKE, "caseworker", user=ADMIN, password=PASSWORDS[ADMIN]
        )
    )
    with open_as(folder, INTAKE) as ws:
        assert ws.user.role == "caseworker"
        assert ws.verify()["ok"]
    with open_as(folder, ADMIN) as ws:
        changes = [
            json.loads(d)
            for (d,) in ws.conn.execute(
                "SELECT detail FROM audit_event WHERE action = 'user_change'"
            )
        ]
    assert any(
        {"change": "role", "user": INTAKE, "role": "caseworker"}.items() <= c.items()
        for c in changes
    )


def test_a_desk_from_before_signed_records_is_signed_at_its_admins_next_login(desk):
    """The old format: version-1 slots, no signatures, no signing key (migration 4 adds
    the column). Users log in as before; the admin's login signs every record."""
    folder, recovery, _number = desk
    with open_as(folder, ADMIN) as ws:
        data_key = ws._data_key
    _as_insider(
        folder,
        ADMIN,
        ("UPDATE app_user SET signature = ''", ()),
        ("DELETE FROM setting WHERE key IN (?, ?, ?, 'audit_keyed')",
         (signing.SIGNING_KEY_SETTING, signing.ROSTER_SETTING, signing.CHAIN_SETTING)),
        ("DELETE FROM audit_event WHERE record_id LIKE 'roster-%' OR record_id LIKE 'keyed-%'",
         ()),
    )  # fmt: skip
    conn = insider_connection(folder, ADMIN)  # (such a desk never wrote a signed list)
    try:
        _recompute(conn)
    finally:
        conn.close()
    old = [keys.KeySlot.seal(keys.USER_SLOT, u, PASSWORDS[u], data_key) for u in PASSWORDS]
    old.append(keys.KeySlot.seal(keys.RECOVERY_SLOT, keys.RECOVERY_NAME, recovery, data_key))
    keys.KeySlots(folder).save(old)

    with open_as(folder, INTAKE) as ws:  # before the admin: as before (and slot upgraded)
        assert ws.user.role == "intake"
    with open_as(folder, ADMIN) as ws:
        assert ws._access.admin_key is not None
        assert ws.verify()["ok"], ws.verify()
    raw = keys.KeySlots(folder).find_raw(keys.USER_SLOT, ADMIN)
    assert raw["v"] == access.VERSION and raw["admin_key"] is True
    _as_insider(
        folder, INTAKE, ("UPDATE app_user SET role = 'manager' WHERE username = ?", (INTAKE,))
    )
    with pytest.raises(AuthError):
        open_as(folder, INTAKE)


# ------------------------------------------------------------------ rekey on removal


def _opens_with(folder, slots_text: str, user: str) -> bool:
    """Does `user`'s slot in this copy of the key-slot file open the live database?"""
    from sqlcipher3 import dbapi2 as sqlcipher

    copy = folder.parent / "stolen"
    copy.mkdir(exist_ok=True)
    (copy / keys.KEYSLOTS_FILE).write_text(slots_text, encoding="utf-8")
    got = access.unlock(copy, user, PASSWORDS[user])
    conn = sqlcipher.connect(str(folder / "caseline.db"))
    try:
        conn.execute(f"PRAGMA key = \"x'{got.data_key.hex()}'\"")
        conn.execute("SELECT count(*) FROM contact").fetchone()
        return True
    except sqlcipher.DatabaseError:
        return False
    finally:
        conn.close()


@pytest.mark.parametrize("how", ["disable", "remove"])
def test_a_copy_of_the_old_key_slot_file_opens_nothing_after_a_user_goes(desk, how):
    folder, recovery, number = desk
    stolen = (folder / keys.KEYSLOTS_FILE).read_text(encoding="utf-8")
    assert _opens_with(folder, stolen, INTAKE)

    run = ok(caseline(folder, "--lang", "en", "user", how, INTAKE, user=ADMIN,
                      password=PASSWORDS[ADMIN]))  # fmt: skip
    assert "Rekeyed the database" in run.stdout

    assert not _opens_with(folder, stolen, INTAKE)
    assert not _opens_with(folder, stolen, MANAGER)  # every slot of the old file
    for user in (ADMIN, MANAGER, CASEWORKER):
        with open_as(folder, user) as ws:
            if user != ADMIN:
                assert ws.get_contact(number)["number"] == number
            assert ws.verify()["ok"]
    with Workspace.open_with_recovery_key(folder, recovery) as ws:
        assert ws.user.username == ADMIN
    if how == "disable":
        with pytest.raises(UserDisabled):
            open_as(folder, INTAKE)
        line = fails_with_one_line(caseline(folder, "--lang", "en", "verify", user=INTAKE,
                                            password=PASSWORDS[INTAKE]))  # fmt: skip
        assert "disabled" in line
        ok(caseline(folder, "user", "enable", INTAKE, user=ADMIN, password=PASSWORDS[ADMIN],
                    env={"CASELINE_NEW_PASSWORD": "hoa-lai-lan-nua-2026"}))  # fmt: skip
        with Workspace.open(folder, INTAKE, "hoa-lai-lan-nua-2026") as ws:
            assert ws.get_contact(number)["number"] == number


def test_user_commands_are_for_the_admin_only(desk):
    folder, _recovery, _number = desk
    for args in (("disable", CASEWORKER), ("enable", CASEWORKER), ("role", CASEWORKER, "admin"),
                 ("remove", CASEWORKER)):  # fmt: skip
        line = fails_with_one_line(
            caseline(folder, "--lang", "en", "user", *args, user=MANAGER,
                     password=PASSWORDS[MANAGER], env={"CASELINE_NEW_PASSWORD": "x" * 12})
        )  # fmt: skip
        assert "not allowed" in line, line


def test_a_new_recovery_key_makes_the_old_one_open_nothing(desk):
    folder, recovery, _number = desk
    stolen = (folder / keys.KEYSLOTS_FILE).read_text(encoding="utf-8")
    with open_as(folder, ADMIN) as ws:
        fresh = ws.new_recovery_key()
    with Workspace.open_with_recovery_key(folder, fresh) as ws:
        assert ws.verify()["ok"]
    with pytest.raises(WrongPassword):
        Workspace.open_with_recovery_key(folder, recovery)
    copy = folder.parent / "old-recovery"
    copy.mkdir()
    (copy / keys.KEYSLOTS_FILE).write_text(stolen, encoding="utf-8")
    old_key = access.unlock_with_recovery_key(copy, recovery).data_key
    with open_as(folder, ADMIN) as ws:
        assert ws._data_key != old_key


def test_a_new_recovery_key_made_in_a_recovery_key_session_replaces_the_old_one(desk):
    folder, recovery, _number = desk
    with Workspace.open_with_recovery_key(folder, recovery) as ws:
        fresh = ws.new_recovery_key()
    with Workspace.open_with_recovery_key(folder, fresh) as ws:
        assert ws.verify()["ok"]
    with pytest.raises(WrongPassword):
        Workspace.open_with_recovery_key(folder, recovery)


def test_a_rekey_cut_short_before_the_new_slot_file_is_in_place_still_opens(desk, monkeypatch):
    folder, _recovery, number = desk

    def crash(_data_dir):
        raise KeyboardInterrupt  # the power goes: the database has its new key already

    with open_as(folder, ADMIN) as ws:
        monkeypatch.setattr(access, "promote_next", crash)
        with pytest.raises(KeyboardInterrupt):
            ws.disable_user(INTAKE)
    monkeypatch.undo()
    assert access.next_file(folder).exists()
    with open_as(folder, MANAGER) as ws:
        assert ws.get_contact(number)["number"] == number
    assert not access.next_file(folder).exists()
    shutil.rmtree(folder.parent / "stolen", ignore_errors=True)


def test_a_disable_cut_short_after_its_records_committed_is_finished_at_the_next_opening(
    desk, monkeypatch
):
    """The power goes after the records (disabled, new key) committed and before the
    database took its new key: the next opening finishes the rekey, so the disabled
    user's old slot still opens nothing."""
    folder, _recovery, number = desk
    stolen = (folder / keys.KEYSLOTS_FILE).read_text(encoding="utf-8")
    from desktop.db.store import Store

    def crash(*_args, **_kwargs):
        raise KeyboardInterrupt

    with open_as(folder, ADMIN) as ws:
        monkeypatch.setattr(Store, "rekey", crash)
        with pytest.raises(KeyboardInterrupt):
            ws.disable_user(INTAKE)
    monkeypatch.undo()
    assert access.next_file(folder).exists()
    with open_as(folder, MANAGER) as ws:  # finishes the change
        assert ws.get_contact(number)["number"] == number
        assert ws.verify()["ok"], ws.verify()
    assert not access.next_file(folder).exists()
    assert not _opens_with(folder, stolen, INTAKE)
    with pytest.raises(UserDisabled):
        open_as(folder, INTAKE)


def test_a_slot_file_left_by_a_change_that_never_committed_is_forgotten(desk):
    folder, _recovery, number = desk
    text = (folder / keys.KEYSLOTS_FILE).read_text(encoding="utf-8")
    access.write_next_text(folder, text.replace('"slots"', '"slots" ', 1))
    with open_as(folder, MANAGER) as ws:
        assert ws.get_contact(number)["number"] == number
    assert not access.next_file(folder).exists()
    assert (folder / keys.KEYSLOTS_FILE).read_text(encoding="utf-8") == text
