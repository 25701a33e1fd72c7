"""The offline keyed chain (issue 11, the tester's hole 5): on a desk that has not synced
since, an insider cut or rewrote the audit history after the fact and nothing noticed
until the next sync. Now the admin's next login and `verify` catch it
(`desktop.db.keyed_chain`); what stays out of reach offline is shown here too: an insider
who copied the head (with its ratchet key) *before* acting can put the chain back to that
copy, until the next admin login or sync."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sec_support import (
    ADMIN,
    INTAKE,
    PASSWORDS,
    contact_data,
    insider_connection,
    new_desk,
    open_as,
)
from test_security_audit_history import ATTACKS, _recompute

from desktop.db import access, audit, keyed_chain


def _insider(folder, attack) -> None:
    conn = insider_connection(folder, INTAKE)
    try:
        conn.execute("BEGIN")
        attack(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _head(folder) -> str:
    conn = insider_connection(folder, INTAKE)
    try:
        return conn.execute("SELECT value FROM setting WHERE key = 'audit_head'").fetchone()[0]
    finally:
        conn.close()


def _read_contacts(folder, n: int = 3) -> None:
    with open_as(folder, INTAKE) as ws:
        for contact in [ws.record_contact(contact_data()) for _ in range(n)]:
            ws.get_contact(contact.id)  # "view" rows by the intake worker


@pytest.fixture
def offline_desk(tmp_path):
    """Never enrolled: no anchor at central can help. The admin logged in last at set-up."""
    folder = tmp_path / "desk"
    new_desk(folder)
    _read_contacts(folder)
    return folder


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_an_unsynced_desks_history_cut_after_the_fact_fails_the_admins_verify(offline_desk, attack):
    _insider(offline_desk, ATTACKS[attack])
    with open_as(offline_desk, ADMIN) as ws:  # the admin's login checks it too
        report = ws.verify()
    assert not report["ok"], (attack, report)
    assert any("audit keyed chain" in p for p in report["problems"]), report
    assert report["keyed_chain"] == "broken"
    with open_as(offline_desk, ADMIN) as ws:  # and it stays found (no new epoch blesses it)
        assert not ws.verify()["ok"]
    with open_as(offline_desk, INTAKE) as ws:  # a non-admin's verify says it did not look
        assert ws.verify()["keyed_chain"] == "not checked (admin only)"


def test_a_desk_made_to_look_as_if_it_never_kept_the_keyed_chain_is_caught(offline_desk):
    """The downgrade: the sealed start deleted, every epoch row removed and the whole chain
    recomputed, the views gone. The signed list of users says the desk keeps the chain."""

    def downgrade(conn) -> None:
        ATTACKS["delete the view rows and recompute"](conn)
        conn.execute("DELETE FROM setting WHERE key = 'audit_keyed'")
        conn.execute("DELETE FROM audit_event WHERE record_id LIKE 'keyed-%'")
        _recompute(conn)

    _insider(offline_desk, downgrade)
    with open_as(offline_desk, ADMIN) as ws:
        report = ws.verify()
    assert (
        "audit keyed chain: its sealed start was deleted outside Caseline" in (report["problems"])
    ), report


def test_what_the_keyed_chain_cannot_catch_and_what_closes_it(offline_desk):
    """The prepared insider: a copy of the head taken before acting, put back after cutting
    the chain to that point — indistinguishable offline from the real state then. An
    admin login in between starts a new epoch past that point: then it is caught."""
    kept = _head(offline_desk)
    count_then = int(__import__("json").loads(kept)["count"])

    def back_to_the_copy(conn) -> None:
        conn.execute("DELETE FROM audit_event WHERE seq > (SELECT seq FROM audit_event"
                     " ORDER BY seq LIMIT 1 OFFSET ?)", (count_then - 1,))  # fmt: skip
        conn.execute("UPDATE setting SET value = ? WHERE key = 'audit_head'", (kept,))

    _read_contacts(offline_desk, 1)
    copy = offline_desk.parent / "copy"
    shutil.copytree(offline_desk, copy)
    _insider(copy, back_to_the_copy)
    with open_as(copy, ADMIN) as ws:
        assert ws.verify()["ok"]  # not caught offline (the anchor catches it at the next sync)

    with open_as(offline_desk, ADMIN):
        pass  # an admin login: a new epoch starts past the copy
    _read_contacts(offline_desk, 1)
    _insider(offline_desk, back_to_the_copy)
    with open_as(offline_desk, ADMIN) as ws:
        report = ws.verify()
    assert any("checked at an admin's login" in p for p in report["problems"]), report


@pytest.fixture(scope="module")
def base_desk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keyed") / "desk"
    new_desk(folder)
    _read_contacts(folder, 4)
    admin_key = access.unlock(folder, ADMIN, PASSWORDS[ADMIN]).admin_key
    return folder, admin_key


@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    cut=st.sets(st.integers(0, 40), max_size=6),
    edit=st.sets(st.integers(0, 40), max_size=3),
    keep_head=st.booleans(),
)
def test_any_after_the_fact_rewrite_of_an_unsynced_history_is_caught(
    base_desk, tmp_path_factory, cut, edit, keep_head
):
    """Any set of rows removed and any rows re-attributed, with the chain recomputed (or
    the head left as it was), is named by an admin's `verify` (the chain walk and the
    keyed check) — unless nothing changed. Without the keyed check, every recomputed
    example passes."""
    folder, admin_key = base_desk
    copy = tmp_path_factory.mktemp("attempt") / "desk"
    shutil.copytree(folder, copy)
    conn = insider_connection(copy, INTAKE)
    try:
        seqs = [s for (s,) in conn.execute("SELECT seq FROM audit_event ORDER BY seq")]
        gone = {seqs[i % len(seqs)] for i in cut}
        changed = {seqs[i % len(seqs)] for i in edit} - gone
        conn.execute("BEGIN")
        for seq in gone:
            conn.execute("DELETE FROM audit_event WHERE seq = ?", (seq,))
        for seq in changed:
            conn.execute("UPDATE audit_event SET username = username || '-x' WHERE seq = ?", (seq,))
        if not keep_head:
            _recompute(conn)
        conn.execute("COMMIT")
        conn.row_factory = None
        found = audit.verify_chain(conn) + keyed_chain.problems(conn, admin_key)
    finally:
        conn.close()
    assert found or not (gone or changed), (gone, changed, keep_head)
