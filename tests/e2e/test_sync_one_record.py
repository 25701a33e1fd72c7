"""One record, one number, one case (issue 10, finding 8): every copy of a record is the
same on every desk and on central, numbers are never given twice by one desk, and one
contact has at most one live case."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sync_harness import PASSWORD, contact

from central.tables import records
from desktop.db import repository
from desktop.domain.records import SYNCED_ENTITIES
from desktop.services import Workspace

BACKUP_PASS = "sao-lưu-đủ-dài"


def _central_docs(central) -> dict[str, dict]:
    with central.engine.connect() as conn:
        return {r.id: dict(r.doc) for r in conn.execute(select(records.c.id, records.c.doc))}


def _desk_records(desk) -> dict[str, dict]:
    out = {}
    for entity in SYNCED_ENTITIES:
        for row in repository.select(desk.ws.store.conn, entity):
            out[row["id"]] = row
    return out


def test_records_a_desk_created_and_edited_are_identical_on_desk_and_central(central, desk_factory):
    a = desk_factory(central)
    b = desk_factory(central)
    cid = a.ws.record_contact(contact(1, children=True)).id
    case = a.ws.open_case(cid)
    a.ws.add_entry(case.id, "note", "Gọi lại cho mẹ lúc 9 giờ.")
    a.ws.update_contact(cid, {"summary": "Đã sửa tóm tắt."})
    a.sync()
    b.sync()

    at_central = _central_docs(central)
    on_a = _desk_records(a)
    assert len(on_a) == 4  # child, contact, case, entry
    for rid, row in on_a.items():
        assert at_central[rid] == row, f"{rid}: desk and central differ"
    assert _desk_records(b) == on_a


def _as_admin(desk, action) -> None:
    """Backup and restore are the admin's: lock the manager's session, act, log back in."""
    desk.ws.close()
    admin = Workspace.open(desk.data_dir, "admin", PASSWORD)
    try:
        action(admin)
    finally:
        admin.close()
    desk.ws = Workspace.open(desk.data_dir, "mai", PASSWORD)


def test_a_desk_restored_from_an_older_backup_never_gives_a_number_twice(
    central, desk_factory, tmp_path
):
    desk = desk_factory(central)
    first = [desk.ws.record_contact(contact(i)).number for i in range(2)]
    desk.sync()
    _as_admin(desk, lambda admin: admin.backup(tmp_path / "older.clbak", BACKUP_PASS))
    later = [desk.ws.record_contact(contact(i)).number for i in range(2, 4)]
    with_child = desk.ws.record_contact(contact(4, children=True))
    case_number = desk.ws.open_case(with_child.id).number
    desk.sync()
    used = {*first, *later, with_child.number, case_number}

    _as_admin(desk, lambda admin: admin.restore_over(tmp_path / "older.clbak", BACKUP_PASS))
    desk.sync_until_done()  # its own later records come back from central
    assert {r["number"] for r in repository.select(desk.ws.store.conn, "contact")} >= set(later)
    fresh = desk.ws.record_contact(contact(9)).number
    fresh_case = desk.ws.open_case(desk.ws.record_contact(contact(10, children=True)).id).number
    result = desk.sync()

    assert fresh not in used and fresh_case not in used and fresh != fresh_case
    seq = [int(n.rsplit("-", 1)[1]) for n in (*used, fresh, fresh_case)]
    assert max(seq[:-2]) < min(seq[-2:])  # moved past every number already used
    assert result.conflicts == 0 and desk.ws.list_conflicts() == []


def _older_backup_then_later_numbers(desk, tmp_path) -> set[str]:
    """A backup, then numbers given after it (synced to central): the numbers used."""
    first = [desk.ws.record_contact(contact(i)).number for i in range(2)]
    desk.sync()
    _as_admin(desk, lambda admin: admin.backup(tmp_path / "older.clbak", BACKUP_PASS))
    later = [desk.ws.record_contact(contact(i)).number for i in range(2, 4)]
    with_child = desk.ws.record_contact(contact(4, children=True))
    case_number = desk.ws.open_case(with_child.id).number
    desk.sync()
    return {*first, *later, with_child.number, case_number}


def _numbers_right_after(ws) -> list[str]:
    """A contact and a case recorded before any sync."""
    fresh = ws.record_contact(contact(9)).number
    return [fresh, ws.open_case(ws.record_contact(contact(10, children=True)).id).number]


def test_a_desk_restored_from_an_older_backup_numbers_anew_before_its_first_sync(
    central, desk_factory, tmp_path
):
    """The fresh-eyes tester's finding: restored, then a contact before the next sync got a
    number central already held (flagged as a clash)."""
    desk = desk_factory(central)
    used = _older_backup_then_later_numbers(desk, tmp_path)

    answer = {}
    _as_admin(
        desk, lambda admin: answer.update(admin.restore_over(tmp_path / "older.clbak", BACKUP_PASS))
    )
    fresh = _numbers_right_after(desk.ws)  # no sync in between
    assert fresh[0].endswith(f"-{answer['numbers_from']:05d}")  # as the restore said
    result = desk.sync_until_done()

    assert not set(fresh) & used and len(set(fresh)) == 2
    assert result.conflicts == 0 and desk.ws.list_conflicts() == []


def test_a_backup_restored_on_another_machine_numbers_anew_offline(central, desk_factory, tmp_path):
    """The desk's disk is gone: its later numbers can be read nowhere but at central, and the
    restored desk is offline — it still never gives one of them again."""
    desk = desk_factory(central)
    used = _older_backup_then_later_numbers(desk, tmp_path)
    desk.ws.close()

    elsewhere = tmp_path / "new-machine"
    Workspace.restore(elsewhere, tmp_path / "older.clbak", BACKUP_PASS)
    ws = Workspace.open(elsewhere, "mai", PASSWORD)
    try:
        fresh = _numbers_right_after(ws)
    finally:
        ws.close()
    assert not set(fresh) & used and len(set(fresh)) == 2
    desk.data_dir, desk.ws = elsewhere, Workspace.open(elsewhere, "mai", PASSWORD)
    # Restored with no admin session to sign the restore (issue 11): central's admin
    # allows the restarted history.
    central.cli("anchors", "--allow-restart", desk.ws.store.get_setting("sync.device_id"))
    result = desk.sync_until_done()  # later, online: nothing clashes at central
    assert result.conflicts == 0 and desk.ws.list_conflicts() == []


def test_two_desks_opening_a_case_for_one_contact_offline_end_with_one_live_case(
    central, desk_factory
):
    a = desk_factory(central)
    b = desk_factory(central)
    cid = a.ws.record_contact(contact(1, children=True)).id
    a.sync()
    b.sync()
    first = a.ws.open_case(cid)  # both offline: each desk opens one
    second = b.ws.open_case(cid)
    a.ws.add_entry(first.id, "note", "Bàn A: đã gọi cho mẹ.")
    b.ws.add_entry(second.id, "note", "Bàn B: đã gặp cô giáo.")

    a.sync()
    b.sync()
    a.sync()

    docs = _central_docs(central)
    live = [
        d
        for d in docs.values()
        if d.get("contact_ids") == [cid] and not d["deleted"] and not d.get("duplicate_of")
    ]
    assert [d["id"] for d in live] == [first.id]  # central keeps the first
    assert docs[second.id]["duplicate_of"] == first.id and not docs[second.id]["deleted"]
    assert docs[cid]["case_id"] == first.id
    for desk in (a, b):
        assert desk.ws.get_contact(cid)["case_id"] == first.id
        assert desk.ws.open_case(cid).id == first.id
        kept = desk.ws.get_case(first.id)
        [dup] = kept.duplicates
        assert (dup.id, dup.number) == (second.id, second.number)
        assert [e.text for e in dup.entries] == ["Bàn B: đã gặp cô giáo."]
        assert [e.text for e in kept.entries if e.kind == "note"] == ["Bàn A: đã gọi cho mẹ."]
        assert desk.ws.get_case(second.id).duplicate_of_number == first.number
        assert desk.ws.list_conflicts() == []  # marked, not a conflict to resolve
    assert _desk_records(a) == _desk_records(b)


def test_a_restore_over_a_desk_with_unsent_changes_is_refused_until_synced_or_discarded(
    central, desk_factory, tmp_path
):
    """The tester's finding (review i10, 2): `caseline restore` over a live desk dropped a
    contact recorded after the last sync, silently (it was then on neither the desk nor
    central). Now the restore is refused with the count, nothing changed; after a sync it
    goes through and the contact comes back from central; `--discard-unsent` gives the
    unsent changes up on purpose and says how many."""
    from test_cli_fuzz import run_in_process

    from desktop.errors import UnsentChanges

    desk = desk_factory(central)
    desk.ws.record_contact(contact(0))
    desk.sync()
    _as_admin(desk, lambda admin: admin.backup(tmp_path / "older.clbak", BACKUP_PASS))
    unsent = desk.ws.record_contact(contact(1))  # recorded, never sent
    refused = {}

    def restore(admin) -> None:
        try:
            admin.restore_over(tmp_path / "older.clbak", BACKUP_PASS)
        except UnsentChanges as exc:
            refused.update(exc.details, message=exc.message_en)

    _as_admin(desk, restore)
    assert refused["unsent"] >= 1 and refused["records"] >= 1, refused
    assert "not yet sent to central" in refused["message"]
    assert desk.ws.get_contact(unsent.id)["number"] == unsent.number  # nothing changed
    # the CLI says the same in one line, before asking for the backup passphrase
    desk.ws.close()
    argv = ["--data-dir", str(desk.data_dir), "--lang", "en", "restore",
            str(tmp_path / "older.clbak")]  # fmt: skip
    env = {"CASELINE_PASSWORD": PASSWORD, "CASELINE_BACKUP_PASSWORD": BACKUP_PASS}
    ran = run_in_process(argv, user="admin", env=env)
    assert ran.code != 0 and len(ran.error_lines) == 1, ran
    assert (
        "not yet sent to central" in ran.error_lines[0] and "--discard-unsent" in ran.error_lines[0]
    )
    desk.ws = Workspace.open(desk.data_dir, "mai", PASSWORD)

    desk.sync_until_done()  # sent: now the restore may go ahead, and loses nothing
    _as_admin(desk, lambda admin: admin.restore_over(tmp_path / "older.clbak", BACKUP_PASS))
    desk.sync_until_done()
    assert desk.ws.get_contact(unsent.id)["number"] == unsent.number  # back from central
    assert unsent.id in _central_docs(central)

    given_up = desk.ws.record_contact(contact(2))
    desk.ws.close()
    ran = run_in_process([*argv, "--discard-unsent"], user="admin", env=env)
    assert ran.code == 0, ran
    assert "unsent change(s) (--discard-unsent)" in ran.stdout, ran
    desk.ws = Workspace.open(desk.data_dir, "mai", PASSWORD)
    assert given_up.id not in {r["id"] for r in repository.select(desk.ws.store.conn, "contact")}


def test_a_case_marked_as_a_duplicate_refuses_further_work_and_names_the_kept_case(
    central, desk_factory
):
    """The tester's finding (review i10, 8): after central marked a case `duplicate_of`
    the first, `case remind DUP --follow-up …` was accepted and the two cases could drift
    apart. Now every kind of work on the duplicate (reminder, entry, step, assignment) is
    refused with the kept case's number; it stays readable; the kept case takes the work."""
    from desktop.errors import PermissionDenied

    a = desk_factory(central)
    b = desk_factory(central)
    cid = a.ws.record_contact(contact(1, children=True)).id
    a.sync()
    b.sync()
    first = a.ws.open_case(cid)
    second = b.ws.open_case(cid)  # both offline
    a.sync()
    b.sync()
    assert b.ws.get_case(second.id).case.duplicate_of == first.id
    attempts = [
        lambda ws: ws.set_reminders(second.id, follow_up_on="2026-12-31"),
        lambda ws: ws.add_entry(second.id, "note", "Ghi thêm vào bản trùng."),
        lambda ws: ws.move_case(second.id, "closed", {"closing_note": "x"}),
        lambda ws: ws.assign_case(second.id, ""),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as refused:
            attempt(b.ws)
        assert refused.value.details["action"] == "case.duplicate"
        assert first.number in refused.value.message_en and "duplicate" in refused.value.message_en
    assert b.ws.get_case(second.id).case.number == second.number  # still readable
    b.ws.set_reminders(first.id, follow_up_on="2026-12-31")  # the kept case takes the work
    b.ws.add_entry(first.id, "note", "Ghi vào hồ sơ giữ lại.")
