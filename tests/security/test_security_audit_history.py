"""History anchored outside the desk (issue 11): the four rewrites of the audit chain that
passed `caseline verify` — each done by the intake user with their own key on the real
files — now fail `verify` against the last anchor central accepted, and the next sync's
anchor is refused by central, audited and listed (`caseline-central anchors --refused`).
"""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sec_support import (
    ADMIN,
    INTAKE,
    MANAGER,
    Api,
    audit_actions,
    contact_data,
    desk_token,
    enrol_desk,
    insider_connection,
    new_desk,
    open_as,
    sync,
)

from central.anchors import list_anchors
from desktop.db.audit import GENESIS, row_hash
from desktop.sync import anchor


def _recompute(conn) -> None:
    """Rehash every row in order and move the head: what `verify` checked before."""
    prev, count = GENESIS, 0
    rows = conn.execute(
        "SELECT seq, id, at, username, device, action, entity, record_id, detail"
        " FROM audit_event ORDER BY seq"
    ).fetchall()
    for seq, id_, at, user, device, action, entity, record_id, detail in rows:
        content = {
            "id": id_,
            "at": at,
            "username": user,
            "device": device,
            "action": action,
            "entity": entity,
            "record_id": record_id,
            "detail": json.loads(detail),
        }
        digest = row_hash(prev, content)
        conn.execute(
            "UPDATE audit_event SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, seq)
        )
        prev, count = digest, count + 1
    conn.execute(
        "INSERT OR REPLACE INTO setting (key, value) VALUES ('audit_head', ?)",
        (json.dumps({"hash": prev, "count": count}),),
    )


def cut_last_rows(conn) -> None:
    last = conn.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
    conn.execute("DELETE FROM audit_event WHERE seq > ?", (last - 4,))
    _recompute(conn)  # only moves the head: the rows left are untouched


def delete_everything(conn) -> None:
    conn.execute("DELETE FROM audit_event")
    conn.execute("DELETE FROM setting WHERE key = 'audit_head'")


def reattribute_views(conn) -> None:
    conn.execute(
        "UPDATE audit_event SET username = ? WHERE action = 'view' AND username = ?",
        (MANAGER, INTAKE),
    )
    _recompute(conn)


def delete_views(conn) -> None:
    conn.execute("DELETE FROM audit_event WHERE action = 'view'")
    _recompute(conn)


ATTACKS = {
    "cut the last rows and move the head": cut_last_rows,
    "delete every row and the head": delete_everything,
    "re-attribute the view rows and recompute": reattribute_views,
    "delete the view rows and recompute": delete_views,
}


@pytest.fixture
def anchored_desk(tmp_path, central):
    """A desk whose intake worker read contacts, synced twice (two anchors accepted)."""
    folder = tmp_path / "desk"
    new_desk(folder)
    enrol_desk(folder, central)
    with open_as(folder, INTAKE) as ws:
        saved = [ws.record_contact(contact_data()) for _ in range(3)]
        sync(ws)
        for contact in saved:
            ws.get_contact(contact.id)  # "view" rows by the intake worker
        sync(ws)
    with open_as(folder, ADMIN) as ws:
        assert ws.verify()["ok"], ws.verify()
    return folder


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_rewritten_audit_history_fails_verify_and_central_refuses_it(
    anchored_desk, central, attack
):
    conn = insider_connection(anchored_desk, INTAKE)
    try:
        conn.execute("BEGIN")
        ATTACKS[attack](conn)
        conn.execute("COMMIT")
    finally:
        conn.close()

    with open_as(anchored_desk, ADMIN) as ws:
        report = ws.verify()
    assert not report["ok"], (attack, report)
    assert any("audit anchor" in problem for problem in report["problems"]), report

    with open_as(anchored_desk, MANAGER) as ws:
        result = sync(ws)
    assert any(e["kind"] == "audit" for e in result.errors), result
    refused = [a for a in audit_actions(central.db_url) if a["action"] == "audit_anchor_refused"]
    assert len(refused) == 1, refused
    listed = json.loads(central.cli("anchors", "--refused", "--json"))
    assert [a["accepted"] for a in listed] == [False]


def test_an_untouched_desk_keeps_anchoring_and_verifying(anchored_desk, central):
    with open_as(anchored_desk, INTAKE) as ws:
        ws.record_contact(contact_data())
        assert sync(ws).ok
    with open_as(anchored_desk, ADMIN) as ws:
        assert ws.verify()["ok"]
    listed = json.loads(central.cli("anchors", "--json"))
    assert len(listed) == 3 and all(a["accepted"] for a in listed)
    assert listed[-1]["seq"] > listed[0]["seq"]
    assert json.loads(central.cli("anchors", "--refused", "--json")) == []


def test_a_lost_anchor_reply_is_not_taken_for_a_rewritten_history(anchored_desk, central):
    """Sync survives a lost reply (issue 10's rule, applied to issue 11's anchors): central
    accepted an anchor whose answer never reached the desk (or the desk was killed before
    storing it), so the desk's receipt is older than central's last anchor. The next round
    is accepted, nothing is refused or alerted, and `verify` stays OK."""
    with open_as(anchored_desk, ADMIN) as ws:
        older = ws.store.get_setting("audit_anchor")
    with open_as(anchored_desk, INTAKE) as ws:
        ws.record_contact(contact_data())
        assert sync(ws).ok
        ws.store.set_setting("audit_anchor", older)  # the reply to that anchor was lost
        ws.record_contact(contact_data())
        result = sync(ws)
    assert result.ok and not any(e["kind"] == "audit" for e in result.errors), result.errors
    with open_as(anchored_desk, ADMIN) as ws:
        assert ws.verify()["ok"], ws.verify()
    assert json.loads(central.cli("anchors", "--refused", "--json")) == []


def test_a_desk_that_lost_its_receipt_and_rewrote_history_is_still_refused(anchored_desk, central):
    """Forgetting the receipt does not buy a rewrite: central names its last anchor, and the
    rewritten chain does not have its hash there."""
    conn = insider_connection(anchored_desk, INTAKE)
    try:
        conn.execute("BEGIN")
        delete_views(conn)
        conn.execute("DELETE FROM setting WHERE key = 'audit_anchor'")
        conn.execute("COMMIT")
    finally:
        conn.close()
    with open_as(anchored_desk, MANAGER) as ws:
        result = sync(ws)
    assert any(e["kind"] == "audit" for e in result.errors), result
    assert len(json.loads(central.cli("anchors", "--refused", "--json"))) == 1


# ------------------------------------------------------------------ restarts (a restore)

BACKUP_PASS = "sao-lưu-đủ-dài-2026"


def _as_insider(folder, *statements) -> None:
    conn = insider_connection(folder, INTAKE)
    try:
        conn.execute("BEGIN")
        for statement in statements:
            statement(conn) if callable(statement) else conn.execute(*statement)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _restart_with(value):
    return (
        "INSERT OR REPLACE INTO setting (key, value) VALUES ('audit_anchor_restart', ?)",
        (json.dumps(value),),
    )


def _anchor_errors(folder) -> list:
    with open_as(folder, MANAGER) as ws:
        return [e for e in sync(ws).errors if e["kind"] == "audit"]


def test_a_faked_restart_cannot_rewrite_anchored_history(anchored_desk, central):
    """The tester's attack: the views deleted, the chain recomputed, and the desk made to
    say "I was restored" (which central took as a new base)."""
    _as_insider(
        anchored_desk,
        delete_views,
        ("DELETE FROM setting WHERE key = 'audit_anchor'", ()),
        _restart_with(True),
    )
    assert _anchor_errors(anchored_desk)
    assert _alerts(central) == [(False, "restart_unsigned")]


def _alerts(central) -> list[tuple[bool, str]]:
    return [(a["accepted"], a["reason"]) for a in list_anchors(central.engine, alerts_only=True)]


def test_a_real_restore_by_the_admin_starts_a_new_base_and_its_statement_works_once(
    anchored_desk, central, tmp_path
):
    with open_as(anchored_desk, ADMIN) as ws:
        ws.backup(tmp_path / "older.clbak", BACKUP_PASS)
    with open_as(anchored_desk, INTAKE) as ws:
        ws.record_contact(contact_data())
        assert sync(ws).ok
    with open_as(anchored_desk, ADMIN) as ws:
        ws.restore_over(tmp_path / "older.clbak", BACKUP_PASS)
    with open_as(anchored_desk, ADMIN) as ws:
        statement = ws.store.get_setting("audit_anchor_restart")
    assert isinstance(statement, dict) and statement["signature"]  # the admin signed it
    assert _anchor_errors(anchored_desk) == []
    with open_as(anchored_desk, ADMIN) as ws:
        assert ws.verify()["ok"], ws.verify()
        assert ws.store.get_setting("audit_anchor_restart") is None  # accepted
    assert _alerts(central) == [(True, "restart")]

    # Anchoring goes on from the new base; a copy of the statement kept by an insider buys
    # no second restart: judged as any anchor, the rewrite below it is refused.
    with open_as(anchored_desk, INTAKE) as ws:
        for contact in [ws.record_contact(contact_data()) for _ in range(2)]:
            ws.get_contact(contact.id)
        assert sync(ws).ok
    _as_insider(
        anchored_desk,
        delete_views,
        ("DELETE FROM setting WHERE key = 'audit_anchor'", ()),
        _restart_with(statement),
    )
    assert _anchor_errors(anchored_desk)
    assert _alerts(central) == [(True, "restart"), (False, "history_rewritten")]


def test_an_unsigned_restart_waits_for_centrals_admin(anchored_desk, central):
    """A desk restored by someone who is not its admin (over a damaged database) has no
    statement: refused until central's admin allows that device's next restart."""
    _as_insider(
        anchored_desk, _restart_with(True), ("DELETE FROM setting WHERE key = 'audit_anchor'", ())
    )
    assert _anchor_errors(anchored_desk)
    with open_as(anchored_desk, ADMIN) as ws:
        device_id = ws.store.get_setting("sync.device_id")
        ws.store.set_setting("audit_anchor_refused", None)
    central.cli("anchors", "--allow-restart", device_id)
    assert _anchor_errors(anchored_desk) == []
    assert _alerts(central) == [(False, "restart_unsigned"), (True, "restart")]


def test_a_desk_whose_key_chain_drops_the_key_central_saw_is_refused(anchored_desk, central):
    """Central follows the desk's key chain: an anchor that extends the history but comes
    with a chain that no longer holds the key of the last anchor (a former admin's fork,
    or any key put in its place) is refused. Sent raw, as the desk's token holder could."""
    with open_as(anchored_desk, INTAKE) as ws:
        ws.record_contact(contact_data())
        request = anchor.request_for(ws).model_dump()
    other = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    api = Api(central.url, desk_token(anchored_desk))
    forked = {**request, "chain": [{"key": base64.b64encode(other).decode(), "sig": ""}]}
    reply = api.post("/v1/sync/anchor", forked)
    assert reply.status_code == 200 and reply.json()["reason"] == "signing_key_replaced"
    reply = api.post("/v1/sync/anchor", request)  # the true chain: accepted
    assert reply.json()["accepted"], reply.json()
