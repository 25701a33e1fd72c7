"""Disk trouble: a full disk, a damaged or truncated database file and a damaged key-slot
file each give one clear message with the way out, and never damage what was saved."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sec_support import (
    ADMIN,
    HERE,
    INTAKE,
    INTAKE_PASSWORD,
    MANAGER,
    PASSWORDS,
    child_env,
    contact_data,
    new_desk,
    open_as,
)

from desktop.db.keys import KEYSLOTS_FILE
from desktop.db.store import DB_FILE
from desktop.errors import StoreError, WrongPassword
from desktop.services import Workspace

CASELINE = str(Path(sys.executable).with_name("caseline"))


def caseline(data_dir: Path, *args: str, user: str = MANAGER) -> subprocess.CompletedProcess:
    env = child_env(CASELINE_USER=user, CASELINE_PASSWORD=PASSWORDS[user], CASELINE_LANG="vi")
    return subprocess.run(
        [CASELINE, "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def one_clear_line(run: subprocess.CompletedProcess) -> str:
    assert run.returncode != 0
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    return lines[0]


@pytest.fixture(scope="module")
def saved_desk(tmp_path_factory):
    """A desk with 150 contacts and a backup, made once and copied per test."""
    folder = tmp_path_factory.mktemp("base") / "desk"
    recovery = new_desk(folder)
    with open_as(folder, INTAKE) as ws:
        with ws.batch():
            for n in range(150):
                ws.record_contact(contact_data(child=f"Trẻ số {n}"))
    with open_as(folder, ADMIN) as ws:
        ws.backup(folder.parent / "desk.bak", "sao-luu-an-toan-2026")
    return folder, recovery


@pytest.fixture
def desk(saved_desk, tmp_path):
    folder = tmp_path / "desk"
    shutil.copytree(saved_desk[0], folder)
    return folder


def test_a_full_disk_gives_a_clear_message_and_keeps_every_saved_contact(desk):
    run = subprocess.run(
        [sys.executable, str(HERE / "child_disk_full.py"), str(desk), "150000"],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    events = [json.loads(line) for line in run.stdout.splitlines()]
    failure = next(e for e in events if "error_en" in e)
    assert "disk is full" in failure["error_en"] and "intact" in failure["error_en"]
    assert "ổ đĩa đầy" in failure["error_vi"]
    saved = events[-1]["saved"]
    assert events[-1]["after_space_freed"]
    with open_as(desk, MANAGER) as ws:
        assert ws.verify()["ok"]
        assert ws.list_contacts({}).total == 150 + saved


def damage(path: Path, offset: int, length: int = 32) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        chunk = fh.read(length)
        fh.seek(offset)
        fh.write(bytes(b ^ 0xA5 for b in chunk))


@pytest.mark.parametrize(
    "how",
    ["first page damaged", "middle page damaged", "truncated to half", "truncated mid-page"],
)
def test_a_damaged_database_file_is_reported_with_the_way_out(desk, saved_desk, how):
    db = desk / DB_FILE
    size = db.stat().st_size
    if how == "first page damaged":
        damage(db, 200)
    elif how == "middle page damaged":
        damage(db, size // 2)
    elif how == "truncated to half":
        os.truncate(db, size // 2)
    else:
        os.truncate(db, size // 2 + 777)

    verify = caseline(desk, "verify")
    line = one_clear_line(verify)
    assert "sao lưu" in line  # "restore from a backup"
    # Other commands either work around the damage or fail with one line, never a trace.
    search = caseline(desk, "search", "hoa")
    assert "Traceback" not in search.stderr and len(search.stderr.splitlines()) <= 1

    # The way out: restore the backup into a fresh folder; everything is back.
    restored = desk.parent / "restored"
    Workspace.restore(restored, saved_desk[0].parent / "desk.bak", "sao-luu-an-toan-2026")
    with open_as(restored, MANAGER) as ws:
        assert ws.verify()["ok"] and ws.list_contacts({}).total == 150


def test_a_destroyed_key_slot_file_points_to_the_backup(desk):
    slots = desk / KEYSLOTS_FILE
    slots.write_text(slots.read_text()[:300])
    with pytest.raises(StoreError) as damaged:
        Workspace.open(desk, INTAKE, INTAKE_PASSWORD)
    assert "backup" in damaged.value.message_en and "sao lưu" in damaged.value.message_vi
    assert "keyslots.json" in one_clear_line(caseline(desk, "verify"))


def test_one_damaged_slot_still_opens_with_the_recovery_key(desk, saved_desk):
    slots = desk / KEYSLOTS_FILE
    doc = json.loads(slots.read_text())
    mine = next(s for s in doc["slots"] if s["name"] == INTAKE)
    mine["salt"] = "%%% not base64 %%%"
    slots.write_text(json.dumps(doc))

    with pytest.raises(StoreError) as damaged:
        Workspace.open(desk, INTAKE, INTAKE_PASSWORD)
    assert "recovery key" in damaged.value.message_en
    # Others are not locked out, and the recovery key lets the admin give a new password.
    with open_as(desk, MANAGER) as ws:
        assert ws.list_contacts({}).total == 150
    with Workspace.open_with_recovery_key(desk, saved_desk[1]) as ws:
        ws.reset_password(INTAKE, "mat-khau-moi-2026")
    with Workspace.open(desk, INTAKE, "mat-khau-moi-2026") as ws:
        assert ws.verify()["ok"]


def test_a_slot_with_flipped_key_bytes_cannot_be_told_from_a_wrong_password(desk, saved_desk):
    """AES-GCM only says 'does not open': the user sees 'wrong password', the recovery
    key still works (documented in docs/security.md)."""
    slots = desk / KEYSLOTS_FILE
    doc = json.loads(slots.read_text())
    mine = next(s for s in doc["slots"] if s["name"] == INTAKE)
    mine["wrapped"] = ("A" if mine["wrapped"][0] != "A" else "B") + mine["wrapped"][1:]
    slots.write_text(json.dumps(doc))
    with pytest.raises(WrongPassword):
        Workspace.open(desk, INTAKE, INTAKE_PASSWORD)
    with Workspace.open_with_recovery_key(desk, saved_desk[1]) as ws:
        assert ws.verify()["ok"]
