"""What the store keeps: every save writes record, search, outbox and audit together."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.db import migrations, sync_store
from desktop.db.store import Store
from desktop.errors import StoreError, ValidationError, WrongPassword
from desktop.services import Workspace

PW = "admin-pass-1"


@pytest.fixture
def manager(tmp_path):
    data = tmp_path / "desk"
    Workspace.init(
        data, centre="Trung tâm CTXH", province_code="48", admin_username="admin", admin_password=PW
    )
    with Workspace.open(data, "admin", PW) as ws:
        ws.add_user("minh", "manager", "minh-pass-123", "Phạm Văn Minh")
    ws = Workspace.open(data, "minh", "minh-pass-123")
    yield ws
    ws.close()


CALL = {
    "received_at": "2026-10-03T14:05:00+07:00",
    "channel": "phone",
    "call_type": "counselling",
    "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905 123 456"},
    "children": [
        {"full_name": "Đặng Thị Hoà", "sex": "F", "birth_year": 2014, "province_code": "48"}
    ],
    "categories": ["violence.physical"],
    "services": ["counselling"],
    "risk": "high",
    "summary": "Mẹ báo con bị đánh.",
}


def _counts(ws):
    return {
        t: ws.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("contact", "child", "search_index", "outbox", "audit_event", "contact_child")
    }


def test_one_save_writes_record_search_outbox_and_audit_together(manager):
    before = _counts(manager)
    saved = manager.record_contact(CALL)
    after = _counts(manager)
    assert {k: after[k] - before[k] for k in after} == {
        "contact": 1,
        "child": 1,
        "search_index": 2,
        "outbox": 2,
        "audit_event": 2,
        "contact_child": 1,
    }
    ops = sync_store.pending_ops(manager.conn)
    contact_op = next(op for op in ops if op["entity"] == "contact")
    assert contact_op["record_id"] == saved.id and contact_op["base_rev"] == 0
    assert contact_op["fields"]["caller_name"] == "Lê Thị Hạnh"
    assert contact_op["fields"]["province_code"] == "48"
    assert contact_op["user"] == "minh" and contact_op["device"] == manager.device_code


def test_a_failing_validation_leaves_nothing_behind(manager):
    before = _counts(manager)
    bad = {**CALL, "risk": "catastrophic", "children": [{"full_name": "Trẻ A", "sex": "X"}]}
    with pytest.raises(ValidationError) as caught:
        manager.record_contact(bad)
    assert "risk" in caught.value.field_errors
    # A bad link found inside the transaction rolls back the new child written before it.
    linked = {**CALL, "children": [{"full_name": "Trẻ B", "sex": "M"}, {"id": "no-such-child"}]}
    with pytest.raises(ValidationError):
        manager.record_contact(linked)
    assert _counts(manager) == before


def test_numbers_are_made_offline_per_year_from_province_and_device(manager):
    first = manager.record_contact(CALL)
    second = manager.record_contact(CALL)
    code = manager.device_code
    assert len(code) == 3 and not set(code) & set("01258BILOSZ")
    assert first.number == f"48-{code}-2026-00001"
    assert second.number == f"48-{code}-2026-00002"
    next_year = manager.record_contact({**CALL, "received_at": "2027-01-02T08:00:00+07:00"})
    assert next_year.number == f"48-{code}-2027-00001"


def test_an_edit_sends_only_the_changed_fields_with_the_base_rev(manager):
    saved = manager.record_contact(CALL)
    sync_store.ack_ops(
        manager.conn,
        [
            {"op_id": op["op_id"], "status": "applied", "rev": 7}
            for op in sync_store.pending_ops(manager.conn)
        ],
    )
    manager.update_contact(saved.number, {"risk": "urgent", "summary": "Mẹ báo con bị đánh."})
    (op,) = sync_store.pending_ops(manager.conn)
    stamp = manager.get_contact(saved.id)["updated_at"]  # sent too: one value everywhere
    assert op["fields"] == {"risk": "urgent", "updated_at": stamp, "updated_by": "minh"}
    assert op["base_rev"] == 7
    assert sync_store.pending_fields(manager.conn, "contact", saved.id) == {
        "risk",
        "updated_at",
        "updated_by",
    }


def test_stored_text_is_nfc(manager):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Thuỷ")
    saved = manager.record_contact({**CALL, "children": [{"full_name": decomposed, "sex": "F"}]})
    child = manager.get_contact(saved.id)["children"][0]
    assert child["full_name"] == unicodedata.normalize("NFC", "Nguyễn Thị Thuỷ")
    assert child["given_name"] == "Thuỷ" and child["family_name"] == "Nguyễn"


def test_running_the_migrations_twice_is_harmless(manager):
    conn = manager.conn
    manager.record_contact(CALL)
    assert migrations.migrate(conn) == migrations.LATEST
    assert migrations.migrate(conn) == migrations.LATEST
    assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 1


def test_the_audit_chain_detects_an_edited_or_removed_row(manager):
    saved = manager.record_contact(CALL)
    manager.get_contact(saved.id)
    assert manager.verify()["ok"]
    conn = manager.conn
    conn.execute("UPDATE audit_event SET username = 'someone' WHERE action = 'view'")
    report = manager.verify()
    assert not report["ok"] and report["audit_chain"] == "broken"
    conn.execute("UPDATE audit_event SET username = 'minh' WHERE action = 'view'")
    assert manager.verify()["ok"]
    seq = conn.execute("SELECT min(seq) FROM audit_event WHERE action = 'create'").fetchone()[0]
    conn.execute("DELETE FROM audit_event WHERE seq = ?", (seq,))
    assert not manager.verify()["ok"]


def test_removing_the_newest_audit_row_is_detected(manager):
    manager.record_contact(CALL)
    manager.conn.execute("DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event)")
    assert "audit head" in " ".join(manager.verify()["problems"])


def test_audit_rows_never_hold_names_phones_or_summaries(manager):
    saved = manager.record_contact(CALL)
    manager.update_contact(saved.id, {"summary": "Đã gọi lại cho mẹ Lê Thị Hạnh."})
    manager.get_contact(saved.id)
    rows = " ".join(
        json.dumps(list(r)) for r in manager.conn.execute("SELECT * FROM audit_event").fetchall()
    )
    for secret in ("Hạnh", "Hoà", "0905", "đánh", "gọi lại"):
        assert secret not in rows and json.dumps(secret)[1:-1] not in rows


def test_the_sync_hooks_ack_reject_and_apply_pulled_records(manager):
    saved = manager.record_contact(CALL)
    ops = sync_store.pending_ops(manager.conn)
    contact_op = next(op for op in ops if op["entity"] == "contact")
    child_op = next(op for op in ops if op["entity"] == "child")
    with manager.store.transaction() as conn:
        sync_store.ack_ops(
            conn,
            [
                {"op_id": contact_op["op_id"], "status": "applied", "rev": 3},
                {"op_id": child_op["op_id"], "status": "rejected", "reason": "bad commune"},
            ],
        )
    assert sync_store.pending_ops(manager.conn) == []
    (rejected,) = sync_store.rejected_ops(manager.conn)
    assert rejected["reason"] == "bad commune" and rejected["entity"] == "child"
    manager.update_contact(saved.id, {"risk": "urgent"})
    pulled = {
        **manager.get_contact(saved.id),
        "risk": "low",
        "caller_name": "Lê Thị Hạnh B",
        "rev": 5,
    }
    pulled.pop("children")
    outbox_before = sync_store.pending_count(manager.conn)
    with manager.store.transaction() as conn:
        sync_store.upsert_remote(conn, "contact", pulled)
        sync_store.set_state(conn, "cursor", 42)
    after = manager.get_contact(saved.id)
    assert after["risk"] == "urgent"  # the unsent local edit is kept
    assert after["caller_name"] == "Lê Thị Hạnh B" and after["rev"] == 5
    assert sync_store.pending_count(manager.conn) == outbox_before
    assert sync_store.get_state(manager.conn, "cursor") == 42
    assert [h["id"] for h in manager.search("hanh b")] == [saved.id]


def test_a_pulled_page_and_its_cursor_commit_or_roll_back_together(manager):
    new_child = {
        "id": "0190aaaa-0000-7000-8000-000000000001",
        "full_name": "Võ Minh Khang",
        "rev": 9,
    }
    with pytest.raises(RuntimeError):
        with manager.store.transaction() as conn:
            sync_store.upsert_remote(conn, "child", new_child)
            sync_store.set_state(conn, "cursor", 100)
            raise RuntimeError("network dropped mid-page")
    assert sync_store.get_state(manager.conn, "cursor") is None
    assert manager.search("khang") == []


def test_backup_restores_into_a_fresh_data_dir_with_the_same_records_and_users(manager, tmp_path):
    saved = manager.record_contact(CALL)
    case = manager.open_case(saved.number)
    with Workspace.open(manager.data_dir, "admin", PW) as admin:
        admin.backup(tmp_path / "desk.clbak", "backup-phrase-1")
    raw = (tmp_path / "desk.clbak").read_bytes()
    assert "Đặng".encode() not in raw and b"SQLite format 3" not in raw
    fresh = tmp_path / "restored"
    with pytest.raises(WrongPassword):
        Workspace.restore(fresh, tmp_path / "desk.clbak", "not-the-phrase")
    Workspace.restore(fresh, tmp_path / "desk.clbak", "backup-phrase-1")
    with Workspace.open(fresh, "minh", "minh-pass-123") as again:
        assert again.get_contact(saved.number)["children"][0]["full_name"] == "Đặng Thị Hoà"
        assert again.get_case(case.number).case.number == case.number
        assert [u.username for u in again.list_users()] == ["admin", "minh"]
        assert again.verify()["ok"]
        assert [h["id"] for h in again.search("dang thi hoa") if h["kind"] == "contact"] == [
            saved.id
        ]


def test_a_damaged_backup_is_told_apart_from_a_wrong_passphrase(manager, tmp_path):
    with Workspace.open(manager.data_dir, "admin", PW) as admin:
        admin.backup(tmp_path / "b.clbak", "backup-phrase-1")
    data = bytearray((tmp_path / "b.clbak").read_bytes())
    data[-100] ^= 0xFF
    (tmp_path / "b.clbak").write_bytes(bytes(data))
    with pytest.raises(StoreError) as caught:
        Workspace.restore(tmp_path / "r", tmp_path / "b.clbak", "backup-phrase-1")
    assert "hỏng" in caught.value.message_vi
    assert not (tmp_path / "r" / "caseline.db").exists()


def test_the_store_reopens_with_its_key_and_refuses_another(tmp_path):
    import os

    key = os.urandom(32)
    store = Store.open(tmp_path / "x.db", key)
    store.set_setting("k", {"a": 1})
    store.close()
    again = Store.open(tmp_path / "x.db", key)
    assert again.get_setting("k") == {"a": 1}
    assert again.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert again.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert again.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert again.conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    again.close()
    with pytest.raises(StoreError):
        Store.open(tmp_path / "x.db", os.urandom(32))


def test_a_field_added_to_records_py_later_becomes_a_column_on_open(manager):
    conn = manager.conn
    conn.execute("ALTER TABLE child DROP COLUMN school")  # as if made before the field existed
    migrations.migrate(conn)
    assert "school" in {row[1] for row in conn.execute("PRAGMA table_info(child)")}


def test_renaming_a_child_keeps_the_search_of_its_contacts_and_cases_in_step(manager):
    saved = manager.record_contact(CALL)
    case = manager.open_case(saved.id)
    child_id = manager.get_contact(saved.id)["child_ids"][0]
    manager.update_child(child_id, {"full_name": "Đặng Thị Thu Hoài"})
    found = {(h["kind"], h["id"]) for h in manager.search("thu hoai")}
    assert found == {("child", child_id), ("contact", saved.id), ("case", case.id)}
    assert manager.get_contact(saved.id)["children"][0]["given_name"] == "Hoài"
    pulled = {**manager.get_contact(saved.id)["children"][0], "full_name": "Đặng Thị Hoa", "rev": 4}
    with manager.store.transaction() as conn:
        sync_store.upsert_remote(conn, "child", pulled)  # the unsent rename wins for now
    assert ("child", child_id) in {(h["kind"], h["id"]) for h in manager.search("thu hoai")}
    ops = sync_store.pending_ops(manager.conn)
    with manager.store.transaction() as conn:
        sync_store.ack_ops(conn, [{"op_id": op["op_id"], "status": "applied"} for op in ops])
        sync_store.upsert_remote(conn, "child", pulled)  # pushed: central's value now lands
    assert manager.search("thu hoai") == []
    assert ("contact", saved.id) in {(h["kind"], h["id"]) for h in manager.search("dang thi hoa")}


# What a `contact update --json` may put in "base_rev": any JSON value.
_CLAIMS = st.one_of(
    st.integers(-(2**70), 2**70),
    st.integers(0, 12),
    st.sampled_from([2**53, 2**53 + 1, 2**62, 2**62 + 1, 2**63, 2**64, -1]),
    st.integers(0, 12).map(str),
    st.sampled_from([None, True, False, 3.0, 1e300, "", "abc", "0x10", [], {}, [3]]),
)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(held=st.integers(0, 12), claimed=_CLAIMS)
@example(held=2, claimed=9).via("the tester's 'newer': a rev central never gave")
@example(held=2, claimed=2**62).via("the tester's 'huge': above the protocol's 2**53")
def test_an_edit_may_claim_only_the_base_the_desk_holds(manager, held, claimed):
    """The rev rule (issue 10, docs/dev-contracts.md), over any claimed `base_rev`: an edit
    is saved, with the desk's own rev as its base, only when it claims that rev (or
    claims none); any other claim — older, newer, huge, negative, not a number — is refused
    with a message naming base_rev, and nothing is saved or queued. A base the desk does not
    hold would overwrite another desk's edit with no conflict, or block the outbox."""
    saved = manager.record_contact(CALL)
    with manager.store.transaction() as conn:  # the rev a pull would have left (setup)
        conn.execute("UPDATE contact SET rev = ? WHERE id = ?", (held, saved.id))
    before = manager.get_contact(saved.id)["summary"]
    pending = manager.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    holds = claimed is None or (
        not isinstance(claimed, bool)
        and isinstance(claimed, int | str)
        and str(claimed) == str(held)
    )
    change = {"summary": "Sửa theo bản đang giữ."}
    if holds:
        manager.update_contact(saved.id, {**change, "base_rev": claimed})
        assert manager.get_contact(saved.id)["summary"] == change["summary"]
        op = sync_store.pending_ops(manager.conn)[-1]
        assert op["record_id"] == saved.id and op["base_rev"] == held
        return
    with pytest.raises(ValidationError) as refused:
        manager.update_contact(saved.id, {**change, "base_rev": claimed})
    assert "base_rev" in refused.value.message_en
    assert manager.get_contact(saved.id)["summary"] == before
    assert manager.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == pending
