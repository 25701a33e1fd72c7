"""The holes the fresh-eyes tester found in signed user records (issue 11), attacked as an
insider through the real files (their own key slot, sqlcipher3 outside Caseline):

1. a demoted admin kept the admin key and could sign themselves admin again → the admin key
   (and so the signing key) is replaced on a demotion, a disable, a removal and a new
   recovery key; each new key is certified by the one before (the key chain);
2. an old signed user record written back (re-promotes a demoted user; with a slot sealed
   to the new data key, re-enables a disabled one) → the signed list of users with a
   generation, recorded in the audit chain;
3. deleting a user row locked the admin out and `verify` said OK → the signed list names
   every user: the row is put back from it at login, `verify` names what is missing.

Plus the class: any change to the user records made outside Caseline is refused at the
affected user's login or named by `verify` (hypothesis over sequences of such changes).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sec_support import (
    ADMIN,
    CASEWORKER,
    INTAKE,
    MANAGER,
    PASSWORDS,
    insider_connection,
    new_desk,
    open_as,
)
from test_cli_support import caseline

from desktop.db import access, signing
from desktop.errors import AuthError, UserDisabled
from desktop.services import users as users_service

USER_COLUMNS = "username, full_name, role, disabled, created_at, updated_at, signature"
STATE_KEYS = ("user_roster", "user_signing_chain", "user_signing_key")  # as signing names them


class Insider:
    """`user` with their own password, the database opened outside Caseline."""

    def __init__(self, folder: Path, user: str) -> None:
        self.conn = insider_connection(folder, user)

    def __enter__(self) -> Insider:
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.close()

    def rows(self) -> dict[str, tuple]:
        return {r[0]: tuple(r) for r in self.conn.execute(f"SELECT {USER_COLUMNS} FROM app_user")}

    def settings(self) -> dict[str, str | None]:
        found = dict(
            self.conn.execute(
                "SELECT key, value FROM setting WHERE key IN (?, ?, ?)", STATE_KEYS
            ).fetchall()
        )
        return {k: found.get(k) for k in STATE_KEYS}

    def write_row(self, row: tuple) -> None:
        self.conn.execute("DELETE FROM app_user WHERE username = ?", (row[0],))
        self.conn.execute(f"INSERT INTO app_user ({USER_COLUMNS}) VALUES (?,?,?,?,?,?,?)", row)

    def write_settings(self, values: dict[str, str | None]) -> None:
        for key, value in values.items():
            self.conn.execute("DELETE FROM setting WHERE key = ?", (key,))
            if value is not None:
                self.conn.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (key, value))


def _role(folder: Path, name: str, role: str) -> None:
    with open_as(folder, ADMIN) as ws:
        ws.set_role(name, role)


def _verify_as(folder: Path, user: str) -> list[str]:
    with open_as(folder, user) as ws:
        return ws.verify()["problems"]


def _signed_as_admin(admin_key: bytes, row: tuple, role: str = "admin") -> tuple:
    fields = {"username": row[0], "full_name": row[1], "role": role, "disabled": 0}
    return (*row[:2], role, 0, *row[4:6], signing.sign_user(admin_key, fields))


@pytest.fixture
def desk(tmp_path):
    folder = tmp_path / "desk"
    recovery = new_desk(folder)
    return folder, recovery


# ------------------------------------------------------------------ 1. demoted admin


def test_a_demoted_admin_cannot_sign_themselves_admin_again_with_the_old_admin_key(desk):
    folder, _recovery = desk
    _role(folder, MANAGER, "admin")
    old_admin_key = access.unlock(folder, MANAGER, PASSWORDS[MANAGER]).admin_key
    assert old_admin_key is not None  # lan held the admin key while admin
    _role(folder, MANAGER, "manager")
    assert access.unlock(folder, MANAGER, PASSWORDS[MANAGER]).admin_key is None

    # lan, now a manager, signs his own record and a whole new list of users as admin with
    # the key he kept (the best he can do without the new key).
    with Insider(folder, MANAGER) as lan:
        row = _signed_as_admin(old_admin_key, lan.rows()[MANAGER])
        lan.write_row(row)
        names = ("username", "full_name", "role", "disabled", "c", "u", "signature")
        entries = {
            name: {k: r[i] for i, k in enumerate(names) if k in ("full_name", "role", "signature")}
            | {"disabled": bool(r[3])}
            for name, r in lan.rows().items()
        }
        if hasattr(signing, "sign_roster"):  # (the code before had no list to forge)
            high = json.loads(lan.settings()["user_roster"])["generation"] + 1
            forged = signing.sign_roster(old_admin_key, high, entries)
            lan.write_settings({"user_roster": json.dumps(forged)})

    for user in (MANAGER, INTAKE, CASEWORKER):
        with pytest.raises(AuthError):
            open_as(folder, user)
    # The real admin (the desk's admin key in their slot) still logs in and is told.
    assert "user records: the signed list of users was changed outside Caseline" in (
        _verify_as(folder, ADMIN)
    )


def test_a_demoted_admin_forking_the_key_chain_is_refused_by_the_admin_who_demoted_them(desk):
    """The smarter demoted admin: the chain cut back to his old key and a new key of his
    own certified by it, every record and the list signed with it, a generation above the
    audit's. The admin who demoted him pinned the new key at once: refused."""
    folder, _recovery = desk
    _role(folder, MANAGER, "admin")
    old_admin_key = access.unlock(folder, MANAGER, PASSWORDS[MANAGER]).admin_key
    _role(folder, MANAGER, "manager")
    with Insider(folder, MANAGER) as lan:
        chain = json.loads(lan.settings()[signing.CHAIN_SETTING])
        old_public = signing.public_key_text(old_admin_key)
        index = [link["key"] for link in chain].index(old_public)
        mine = b"\x07" * 32
        forked = [*chain[: index + 1], signing.chain_link(old_admin_key, mine, index + 1)]
        rows = lan.rows()
        rows[MANAGER] = _signed_as_admin(mine, rows[MANAGER])
        entries = {}
        for name, r in rows.items():
            fields = dict(zip(("username", "full_name", "role", "disabled"), r[:4], strict=True))
            r = (*r[:6], signing.sign_user(mine, fields))
            lan.write_row(r)
            entries[name] = signing.roster_entry({**fields, "signature": r[6]})
        lan.write_settings(
            {
                signing.CHAIN_SETTING: json.dumps(forked),
                signing.SIGNING_KEY_SETTING: json.dumps(signing.public_key_text(mine)),
                signing.ROSTER_SETTING: json.dumps(signing.sign_roster(mine, 10**6, entries)),
            }
        )
    with pytest.raises(AuthError) as refused:
        open_as(folder, ADMIN)
    assert "signing key was replaced" in refused.value.message_en
    # The audit chain recorded the real key: anyone's verify (or login) catches it.
    with pytest.raises(AuthError):
        open_as(folder, CASEWORKER)


def test_an_admin_who_demotes_themselves_keeps_no_admin_key(desk):
    folder, _recovery = desk
    _role(folder, MANAGER, "admin")
    with open_as(folder, MANAGER) as ws:
        ws.set_role(MANAGER, "manager")  # lan steps down (admin stays the admin)
    assert access.unlock(folder, MANAGER, PASSWORDS[MANAGER]).admin_key is None
    with open_as(folder, MANAGER) as ws:
        assert ws.user.role == "manager" and ws.verify()["ok"]
    with open_as(folder, ADMIN) as ws:
        assert ws._access.admin_key is not None and ws.verify()["ok"]


# ------------------------------------------------------------------ 2. replay


def test_an_old_signed_user_record_written_back_is_refused(desk):
    folder, _recovery = desk
    _role(folder, INTAKE, "manager")
    with Insider(folder, INTAKE) as hoa:
        as_manager = hoa.rows()[INTAKE]
    _role(folder, INTAKE, "intake")
    with Insider(folder, INTAKE) as hoa:
        hoa.write_row(as_manager)  # signed by the desk's own key, once true
    with pytest.raises(AuthError):
        open_as(folder, INTAKE)
    problems = _verify_as(folder, ADMIN)
    assert any(f"user {INTAKE}: record differs from the signed list" in p for p in problems)


def test_an_older_signed_list_of_users_written_back_is_refused_as_a_roll_back(desk):
    folder, _recovery = desk
    _role(folder, INTAKE, "manager")
    with Insider(folder, INTAKE) as hoa:
        saved_row, saved = hoa.rows()[INTAKE], hoa.settings()
    _role(folder, INTAKE, "intake")
    with Insider(folder, INTAKE) as hoa:
        hoa.write_row(saved_row)
        hoa.write_settings(saved)  # the whole list as it was, signature and all
    with pytest.raises(AuthError) as refused:
        open_as(folder, INTAKE)
    assert "older one" in refused.value.message_en
    # Only an admin whose slot holds the desk's admin key still logs in: verify names it,
    # and the next user change signs a newer list (the admin's way out).
    run = caseline(folder, "--lang", "en", "verify", user=ADMIN, password=PASSWORDS[ADMIN])
    assert run.returncode != 0
    assert "put back to an older signed list" in run.stdout, run.stdout + run.stderr
    with pytest.raises(AuthError):
        open_as(folder, MANAGER)
    _role(folder, INTAKE, "intake")
    with open_as(folder, INTAKE) as ws:
        assert ws.user.role == "intake"
        assert ws.verify()["ok"]


def test_a_disabled_user_is_not_enabled_again_by_an_old_record_and_a_new_slot(desk):
    """hoa is disabled; minh (another insider, with the live data key) writes back hoa's
    old enabled record and list, and seals a slot for hoa to the new data key."""
    folder, _recovery = desk
    with Insider(folder, INTAKE) as hoa:
        saved_row, saved = hoa.rows()[INTAKE], hoa.settings()
    with open_as(folder, ADMIN) as ws:
        ws.disable_user(INTAKE)
    minh_access = access.unlock(folder, CASEWORKER, PASSWORDS[CASEWORKER])
    with Insider(folder, CASEWORKER) as minh:
        minh.write_row(saved_row)
        minh.write_settings({"user_roster": saved["user_roster"]})
    from desktop.db import keys

    slots = keys.KeySlots(folder)
    slots.put_raw(access.seal(keys.USER_SLOT, INTAKE, PASSWORDS[INTAKE], minh_access.data_key,
                              None, minh_access.pin))  # fmt: skip
    slots.set_disabled(INTAKE, False)
    with pytest.raises(AuthError):
        open_as(folder, INTAKE)
    assert _verify_as(folder, ADMIN)


# ------------------------------------------------------------------ 3. deleted rows


def test_deleting_the_admins_user_row_neither_locks_them_out_nor_passes_verify(desk):
    folder, _recovery = desk
    with Insider(folder, INTAKE) as hoa:
        hoa.conn.execute("DELETE FROM app_user WHERE username = ?", (ADMIN,))
    run = caseline(folder, "--lang", "en", "verify", user=MANAGER, password=PASSWORDS[MANAGER])
    assert run.returncode != 0
    assert f"user {ADMIN}: in the signed list of users but missing from the database" in (
        run.stdout
    )
    with open_as(folder, ADMIN) as ws:  # put back from the signed list, audited
        assert ws.user.role == "admin"
        assert ws.verify()["ok"], ws.verify()
        details = [json.loads(d) for (d,) in ws.conn.execute("SELECT detail FROM audit_event")]
    assert {"change": "restored_from_signed_list", "user": ADMIN} in details


def test_a_disabled_users_deleted_row_comes_back_disabled(desk):
    folder, _recovery = desk
    with open_as(folder, ADMIN) as ws:
        ws.disable_user(INTAKE)
    with Insider(folder, CASEWORKER) as minh:
        minh.conn.execute("DELETE FROM app_user WHERE username = ?", (INTAKE,))
    with pytest.raises(UserDisabled):
        open_as(folder, INTAKE)


# ------------------------------------------------------------------ the class


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A desk whose user records went through promotions, demotions (an admin's too), a
    disable and an enable; every state of the records and settings kept (what an insider
    who watched could write back)."""
    folder = tmp_path_factory.mktemp("users") / "desk"
    new_desk(folder)
    seen_rows: list[tuple] = []
    seen_settings: list[dict] = []

    def keep() -> None:
        with Insider(folder, INTAKE) as hoa:
            seen_rows.extend(hoa.rows().values())
            seen_settings.append(hoa.settings())

    keep()
    with open_as(folder, ADMIN) as ws:
        for step in (
            lambda: ws.set_role(CASEWORKER, "manager"),
            lambda: ws.set_role(MANAGER, "admin"),
            lambda: ws.set_role(CASEWORKER, "caseworker"),
            lambda: ws.set_role(MANAGER, "manager"),
            lambda: ws.disable_user(CASEWORKER),
            lambda: ws.enable_user(CASEWORKER, PASSWORDS[CASEWORKER]),
        ):
            step()
            keep()
    with Insider(folder, INTAKE) as hoa:
        now = hoa.rows()
    pin = access.unlock(folder, ADMIN, PASSWORDS[ADMIN]).pin
    return folder, sorted(set(seen_rows)), seen_settings, now, pin


NAMES = (ADMIN, MANAGER, INTAKE, CASEWORKER)
edits = st.one_of(
    st.tuples(st.just("field"), st.sampled_from(NAMES),
              st.sampled_from(("role", "full_name", "disabled")), st.integers(0, 3)),
    st.tuples(st.just("delete"), st.sampled_from(NAMES)),
    st.tuples(st.just("old_row"), st.integers(0, 10**6)),
    st.tuples(st.just("old_settings"), st.integers(0, 10**6)),
)  # fmt: skip


@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(changes=st.lists(edits, min_size=1, max_size=4))
def test_any_change_to_the_users_made_outside_caseline_is_refused_or_named(
    history, tmp_path_factory, changes
):
    """Oracle: after the insider's changes, either the user records are exactly the signed
    ones (nothing changed in effect), or `verify`'s user checks (with the admin's pinned
    key) name a problem; and every user who can still log in gets the record the admins
    signed last (a deleted one is put back)."""
    base, old_rows, old_settings, signed_now, admin_pin = history
    folder = tmp_path_factory.mktemp("insider") / "desk"
    shutil.copytree(base, folder)
    with Insider(folder, INTAKE) as hoa:
        before = (hoa.rows(), hoa.settings())
        for change in changes:
            if change[0] == "field":
                _kind, name, column, pick = change
                value = {"role": ["admin", "manager", "caseworker", "intake"][pick],
                         "full_name": f"Tên khác {pick}", "disabled": pick % 2}[column]  # fmt: skip
                hoa.conn.execute(
                    f"UPDATE app_user SET {column} = ? WHERE username = ?", (value, name)
                )
            elif change[0] == "delete":
                hoa.conn.execute("DELETE FROM app_user WHERE username = ?", (change[1],))
            elif change[0] == "old_row":
                hoa.write_row(old_rows[change[1] % len(old_rows)])
            else:
                hoa.write_settings(old_settings[change[1] % len(old_settings)])
        after = (hoa.rows(), hoa.settings())
        hoa.conn.row_factory = __import__("sqlcipher3").dbapi2.Row
        problems = users_service.user_problems(hoa.conn, admin_pin)
    if after == before:
        return
    only_deleted = after[1] == before[1] and all(
        before[0][name] == row for name, row in after[0].items()
    )
    assert problems or only_deleted, (changes, problems)
    for name in NAMES:
        try:
            ws = open_as(folder, name)
        except (AuthError, UserDisabled):
            continue
        with ws:
            got = ws.conn.execute(
                "SELECT username, full_name, role, disabled FROM app_user WHERE username = ?",
                (name,),
            ).fetchone()
            assert tuple(got) == signed_now[name][:4], (changes, name)
