"""Review i11 (after issue 11 landed): a copy of the user state taken before a user change,
written back into the live database by an insider who has the data key (their own slot).

1. (#2) an intake worker puts the list of users back to before the admin disabled a case
   worker (settings, rows, the audit rows after the copy cut) and seals the disabled user a
   new slot: every admin slot and the recovery slot got the new admin key at the disable,
   so an admin's `verify` (and one opened with the recovery key) now fails and names it,
   and `recover` says why user changes will be refused. Before: "keyed_chain: not checked
   (admin only)" and OK.
2. (#4) a malformed `audit_anchor_restart` setting: `verify` names it, sync says one line.
3. (#6) a forged user record is a user-record problem, not a broken audit chain; login and
   `verify` use the same words for an old record written back.

What stays open offline (docs/security.md §12d): the disabled user's own login and the
non-admins' `verify` still see a consistent older world until an admin logs in or the desk
syncs; a demoted admin holding the old admin key can re-sign every envelope.
"""

from __future__ import annotations

import json

import pytest
from sec_support import (
    ADMIN,
    CASEWORKER,
    INTAKE,
    PASSWORDS,
    enrol_desk,
    insider_connection,
    new_desk,
    open_as,
    sync,
)
from test_cli_support import caseline

from desktop.db import access, keys
from desktop.errors import AuthError, SyncError
from desktop.services import Workspace
from desktop.sync import anchor

ADMIN2, ADMIN2_PASSWORD = "boss2", "boss2-quan-tri-2026"
STATE_KEYS = (
    "user_signing_key", "user_roster", "user_signing_chain", "audit_keyed", "audit_head",
    "audit_anchor", "audit_verified",
)  # fmt: skip


@pytest.fixture
def desk(tmp_path):
    folder = tmp_path / "desk"
    recovery = new_desk(folder)
    return folder, recovery


def _copy_user_state(folder):
    """What an insider copies beforehand: the settings, every user row, the chain length."""
    conn = insider_connection(folder, INTAKE)
    try:
        marks = ",".join("?" * len(STATE_KEYS))
        settings = conn.execute(
            f"SELECT key, value FROM setting WHERE key IN ({marks})", STATE_KEYS
        ).fetchall()
        rows = conn.execute("SELECT * FROM app_user").fetchall()
        last = conn.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
    finally:
        conn.close()
    return [tuple(s) for s in settings], [tuple(r) for r in rows], last


def _write_back(folder, saved):
    settings, rows, last = saved
    conn = insider_connection(folder, INTAKE)
    try:
        conn.execute("BEGIN")
        marks = ",".join("?" * len(STATE_KEYS))
        conn.execute(f"DELETE FROM setting WHERE key IN ({marks})", STATE_KEYS)
        conn.execute("DELETE FROM setting WHERE key = 'keyslots_pending'")
        conn.executemany("INSERT INTO setting (key, value) VALUES (?, ?)", settings)
        conn.execute("DELETE FROM app_user")
        marks = ",".join("?" * len(rows[0]))
        conn.executemany(f"INSERT INTO app_user VALUES ({marks})", rows)
        conn.execute("DELETE FROM audit_event WHERE seq > ?", (last,))
        conn.execute("COMMIT")
    finally:
        conn.close()


def test_a_user_list_put_back_after_a_disable_fails_every_admin_key_holders_verify(desk):
    """Review i11 #2: before the fix, the second admin's and the recovery key's `verify`
    printed "keyed_chain: not checked (admin only)" and OK; `recover` said nothing."""
    folder, recovery = desk
    with open_as(folder, ADMIN) as ws:
        ws.add_user(ADMIN2, "admin", ADMIN2_PASSWORD)
    with Workspace.open(folder, ADMIN2, ADMIN2_PASSWORD):
        pass  # boss2 has logged in once (their slot is pinned)
    saved = _copy_user_state(folder)
    old_pin = access.unlock(folder, INTAKE, PASSWORDS[INTAKE]).pin
    with open_as(folder, ADMIN) as ws:
        ws.disable_user(CASEWORKER)
    _write_back(folder, saved)
    live = access.unlock(folder, INTAKE, PASSWORDS[INTAKE])  # the rekeyed data key
    slots = keys.KeySlots(folder)
    slots.put_raw(access.seal(keys.USER_SLOT, CASEWORKER, PASSWORDS[CASEWORKER],
                              live.data_key, None, old_pin))  # fmt: skip
    slots.set_disabled(CASEWORKER, False)

    with pytest.raises(AuthError):  # the admin who disabled minh: already refused before
        open_as(folder, ADMIN)
    with Workspace.open(folder, ADMIN2, ADMIN2_PASSWORD) as ws:
        report = ws.verify()
    assert not report["ok"] and report["user_records"] == "broken"
    assert any(p.startswith("admin key: ") for p in report["problems"])
    assert report["keyed_chain"].startswith("not checked (this slot's admin key")
    with Workspace.open_with_recovery_key(folder, recovery, as_user=ADMIN) as ws:
        assert ws.admin_key_problem()
        assert not ws.verify()["ok"]

    run = caseline(folder, "verify", user=ADMIN2, password=ADMIN2_PASSWORD)
    assert (
        run.returncode != 0 and "user_records: broken" in run.stdout and "admin key" in run.stderr
    )
    run = caseline(
        folder, "recover", "--user", ADMIN,
        env={"CASELINE_RECOVERY_KEY": recovery, "CASELINE_NEW_PASSWORD": "admin-moi-2026-x",
             "CASELINE_LANG": "en"},
    )  # fmt: skip
    assert "the list of users was put back to an older copy" in run.stderr


def test_a_malformed_anchor_restart_setting_is_named_not_an_internal_error(desk):
    """Review i11 #4: `{"seq":1,"hash":"x","sig":"y"}` made sync fail with "Internal error
    (ValidationError)"; now verify names the setting and sync refuses with one line."""
    folder, _recovery = desk
    conn = insider_connection(folder, INTAKE)
    bad = json.dumps({"seq": 1, "hash": "x", "sig": "y"})
    conn.execute("INSERT OR REPLACE INTO setting VALUES ('audit_anchor_restart', ?)", (bad,))
    conn.commit()
    conn.close()
    with open_as(folder, INTAKE) as ws:
        report = ws.verify()
        assert not report["ok"]
        assert any("audit_anchor_restart is malformed" in p for p in report["problems"])
        with pytest.raises(SyncError) as raised:
            anchor.request_for(ws)
    assert "audit_anchor_restart" in raised.value.message_en


def test_a_forged_user_record_is_a_user_record_problem_and_old_records_share_one_wording(desk):
    """Review i11 #6: a forged role printed `audit_chain: broken`; an old record written
    back was "its signature does not check" at login but "an old record written back" in
    verify."""
    folder, _recovery = desk
    with open_as(folder, ADMIN) as ws:
        ws.set_role(INTAKE, "manager")
    conn = insider_connection(folder, INTAKE)
    as_manager = conn.execute("SELECT * FROM app_user WHERE username = ?", (INTAKE,)).fetchone()
    conn.close()
    with open_as(folder, ADMIN) as ws:
        ws.set_role(INTAKE, "intake")
    conn = insider_connection(folder, INTAKE)
    conn.execute("DELETE FROM app_user WHERE username = ?", (INTAKE,))
    conn.execute(f"INSERT INTO app_user VALUES ({','.join('?' * len(as_manager))})", as_manager)
    conn.execute("UPDATE app_user SET role = 'manager' WHERE username = ?", (CASEWORKER,))
    conn.commit()
    conn.close()
    with pytest.raises(AuthError) as raised:
        open_as(folder, INTAKE)
    assert "an old record written back" in raised.value.message_en
    with open_as(folder, ADMIN) as ws:
        report = ws.verify()
    assert report["audit_chain"] == "ok" and report["user_records"] == "broken"
    assert any(f"user {INTAKE}:" in p and "an old record written back" in p
               for p in report["problems"])  # fmt: skip
    assert any(f"user {CASEWORKER}: record changed" in p for p in report["problems"])


def test_a_demoted_admins_write_back_is_refused_at_the_next_sync_because_the_demotion_synced(
    tmp_path, central
):
    """Review i11 #1: boss2 (admin) copies the user state and their own slot, is demoted,
    writes both back and is admin again. Before, the demotion stayed on the desk until the
    next timer round, so boss2's sync was accepted (`ok=True`). Now `caseline user role`
    syncs at once: central holds the history with the demotion, and boss2's written-back
    desk is refused (`history_rewritten`) and fails `verify` from then on."""
    folder = tmp_path / "desk"
    new_desk(folder)
    enrol_desk(folder, central)
    with open_as(folder, ADMIN) as ws:
        ws.add_user(ADMIN2, "admin", ADMIN2_PASSWORD)
        sync(ws)
    saved = _copy_user_state(folder)
    old_slot = keys.KeySlots(folder).find_raw(keys.USER_SLOT, ADMIN2)

    run = caseline(folder, "user", "role", ADMIN2, "intake", user=ADMIN,
                   env={"CASELINE_LANG": "en"})  # fmt: skip
    assert run.returncode == 0, run

    _write_back(folder, saved)
    keys.KeySlots(folder).put_raw(old_slot)
    with Workspace.open(folder, ADMIN2, ADMIN2_PASSWORD) as ws:
        assert ws.user.role == "admin"  # offline, the copy is consistent (§12d)
        result = sync(ws)
        assert any(e.get("kind") == "audit" for e in result.errors), result
        assert not ws.verify()["ok"]
    refused = json.loads(central.cli("anchors", "--refused", "--json"))
    assert refused and refused[-1]["reason"] == "history_rewritten"
    assert "Central has this change's history" in run.stdout


def test_a_non_admins_ok_says_what_it_did_not_check(desk):
    """Review i11 #3: a non-admin's `verify` printed "keyed_chain: not checked (admin
    only)" and then a bare OK; now the OK line says the keyed chain was not checked."""
    folder, _recovery = desk
    run = caseline(folder, "--lang", "en", "verify", user=INTAKE)
    assert run.returncode == 0
    assert run.stdout.splitlines()[-1].startswith("OK — except the keyed chain (not checked)")
    run = caseline(folder, "--lang", "en", "verify", user=ADMIN)
    assert run.stdout.splitlines()[-1] == "OK"
