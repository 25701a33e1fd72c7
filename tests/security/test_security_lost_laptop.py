"""A lost laptop: the central administrator revokes the device and marks it lost; on its
next contact the desk wipes its database, key slots and drafts, says so, and central learns
how many changes never reached it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sec_support import (
    ADMIN,
    INTAKE,
    PASSWORDS,
    audit_actions,
    child_env,
    contact_data,
    disk_files,
    enrol_desk,
    new_desk,
    open_as,
    sync,
)

from desktop.db.keys import KEYSLOTS_FILE
from desktop.db.store import DB_FILE
from desktop.errors import CaselineError
from desktop.services import Workspace

CASELINE = str(Path(sys.executable).with_name("caseline"))


def test_a_desk_marked_lost_wipes_itself_and_central_counts_what_was_lost(tmp_path, central):
    desk = tmp_path / "desk"
    new_desk(desk)
    device = enrol_desk(desk, central)
    with open_as(desk, INTAKE) as ws:
        sent = ws.record_contact(contact_data())
        sync(ws)
        for n in range(3):  # written offline after the laptop left the office
            ws.record_contact(contact_data(child=f"Trẻ chưa gửi {n}"))
        ws.save_draft("intake", {"caller": {"name": "Lê Thị Hạnh"}})
        unsent = ws.store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    assert unsent >= 3
    (desk / "before-restore-20261001T000000Z").mkdir()  # an older copy kept by a restore
    (desk / "before-restore-20261001T000000Z" / KEYSLOTS_FILE).write_text("{}")

    central.cli("revoke", device["device_id"], "--lost")
    run = subprocess.run(
        [CASELINE, "--data-dir", str(desk), "sync"],
        capture_output=True,
        text=True,
        env=child_env(CASELINE_USER=INTAKE, CASELINE_PASSWORD=PASSWORDS[INTAKE]),
        timeout=60,
    )
    assert run.returncode != 0
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "đã bị xoá" in lines[0] and str(unsent) in lines[0]

    # Nothing of the desk is left: no database, no key slots, no kept-aside copies.
    assert not (desk / DB_FILE).exists() and not (desk / KEYSLOTS_FILE).exists()
    assert disk_files(desk) == []
    assert not Workspace.exists(desk)
    try:
        Workspace.open(desk, ADMIN, PASSWORDS[ADMIN])
    except CaselineError as error:
        assert error.message_en and error.message_vi
    else:
        raise AssertionError("a wiped desk opened")

    # Central: what was sent before is kept; what was not is counted for the administrator.
    listed = {d["device_id"]: d for d in json.loads(central.cli("devices", "--json"))}
    mine = listed[device["device_id"]]
    assert mine["revoked_reason"] == "lost" and mine["wiped_at"]
    assert mine["lost_ops"] == unsent
    wiped = [e for e in audit_actions(central.db_url) if e["action"] == "lost_device_wiped"]
    assert wiped[0]["lost_by_entity"]["contact"] == 3
    assert "wiped" in central.cli("devices")
    assert sent.id in central_record_ids(central)


def central_record_ids(central) -> set[str]:
    from sec_support import central_docs

    return set(central_docs(central.db_url))


def test_a_desk_revoked_but_not_lost_keeps_its_data(tmp_path, central):
    desk = tmp_path / "desk"
    new_desk(desk)
    device = enrol_desk(desk, central)
    with open_as(desk, INTAKE) as ws:
        ws.record_contact(contact_data())
    central.cli("revoke", device["device_id"])
    with open_as(desk, INTAKE) as ws:
        try:
            sync(ws)
        except CaselineError as error:
            assert error.kind == "revoked" and not error.details.get("wiped")
        assert ws.list_contacts({}).total == 1
    assert Workspace.exists(desk)
