"""Store errors that name their cause (issue 10, finding 9, the store's part), met at the
command line as a user meets them: an emptied or foreign database file, a missing key-slot
file, a key-slot file with absurd scrypt parameters. Each is one clear line, the files are
left as they were, and `caseline restore` puts a backup in their place."""

from __future__ import annotations

import base64
import json
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cli_support import (
    ADMIN,
    INTAKE,
    add_contact,
    caseline,
    contact_count,
    fails_with_one_line,
    new_desk,
    ok,
)

BACKUP_ENV = {"CASELINE_BACKUP_PASSWORD": "sao-luu-bi-mat-2026"}


def _desk_with_a_backup(tmp_path: Path) -> tuple[Path, Path]:
    desk = new_desk(tmp_path / "desk")
    add_contact(desk)
    backup = tmp_path / "desk.clbak"
    ok(caseline(desk, "backup", "-o", str(backup), user=ADMIN, env=BACKUP_ENV))
    return desk, backup


def _en(desk: Path, *args: str, **kw) -> str:
    return fails_with_one_line(caseline(desk, "--lang", "en", *args, **kw))


def _restore(desk: Path, backup: Path, **kw) -> None:
    ok(caseline(desk, "restore", str(backup), env=BACKUP_ENV, **kw))
    assert contact_count(desk) == 1


def test_a_database_file_emptied_to_0_bytes_is_named_not_rebuilt_and_restore_replaces_it(
    tmp_path,
):
    """Regression: a 0-byte caseline.db was silently rebuilt empty ("no such user on this
    desk"), and `restore` refused to replace it."""
    desk, backup = _desk_with_a_backup(tmp_path)
    db = desk / "caseline.db"
    db.write_bytes(b"")

    line = _en(desk, "search", "Hoà", user=INTAKE)

    assert "empty (0 bytes)" in line and "caseline restore" in line
    assert "no such user" not in line.lower()
    assert db.stat().st_size == 0  # never rebuilt
    assert "không có dữ liệu" not in line
    vi = fails_with_one_line(caseline(desk, "search", "Hoà", user=INTAKE))
    assert "rỗng (0 byte)" in vi
    _restore(desk, backup, user=ADMIN)


def test_a_plain_sqlite_file_in_place_of_the_database_is_named_as_foreign(tmp_path):
    desk, backup = _desk_with_a_backup(tmp_path)
    db = desk / "caseline.db"
    db.unlink()
    plain = sqlite3.connect(db)
    plain.execute("CREATE TABLE t (x)")
    plain.commit()
    plain.close()
    before = db.read_bytes()

    line = _en(desk, "search", "Hoà", user=INTAKE)

    assert "plain SQLite" in line and "not a Caseline" in line and "caseline restore" in line
    assert db.read_bytes() == before
    _restore(desk, backup, user=ADMIN)


def test_a_pdf_in_place_of_the_database_is_named_not_a_caseline_desk_file(tmp_path):
    """The tester's finding (review i10, 3): `cp report.pdf caseline.db`, then every
    command said "damaged, truncated or does not match the key". Now it names the file as
    not a Caseline desk file (a PDF), leaves it as it is, and restore replaces it."""
    from reportlab.pdfgen import canvas

    from desktop.db.connection import check_existing_file
    from desktop.errors import StoreError

    desk, backup = _desk_with_a_backup(tmp_path)
    report = tmp_path / "report.pdf"
    page = canvas.Canvas(str(report))
    page.drawString(72, 720, "Báo cáo tháng 10/2026")
    page.save()
    db = desk / "caseline.db"
    db.unlink()
    db.write_bytes(report.read_bytes())

    line = _en(desk, "search", "Hoà", user=INTAKE)

    assert "not a Caseline desk file" in line and "a PDF file" in line, line
    assert "damaged" not in line and "caseline restore" in line
    assert db.read_bytes() == report.read_bytes()
    with pytest.raises(StoreError) as refused:
        check_existing_file(db)
    assert "không phải tệp dữ liệu của bàn làm việc Caseline" in refused.value.message_vi
    _restore(desk, backup, user=ADMIN)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(
    head=st.sampled_from(
        [
            b"%PDF-1.7\n",
            b"PK\x03\x04",
            b"\x89PNG\r\n\x1a\n",
            b"\xff\xd8\xff",
            b"CASELINE-BACKUP\n",
            b"\xef\xbb\xbf",
            b"",
        ]
    ),
    body=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200),
)
def test_any_file_of_a_known_kind_in_place_of_the_database_is_named_foreign(
    tmp_path_factory, head, body
):
    """Whatever `files.sniff` can name (a PDF, a zip/xlsx, an image, a backup, text) in
    place of caseline.db is refused as "not a Caseline desk file" before anything opens
    it; bytes of unknown kind (what SQLCipher writes) go on to the key check."""
    from desktop.db.connection import check_existing_file
    from desktop.errors import StoreError

    db = tmp_path_factory.mktemp("d") / "caseline.db"
    content = head + body.encode("utf-8")
    db.write_bytes(content)
    with pytest.raises(StoreError) as refused:
        check_existing_file(db)
    assert refused.value.details["why"] == "foreign"
    assert "not a Caseline" in refused.value.message_en
    assert db.read_bytes() == content
    db.write_bytes(bytes(range(256)) * 16)  # random-looking: left to the key check
    check_existing_file(db)


def test_with_the_key_slot_file_gone_commands_init_and_restore_say_so(tmp_path):
    """Regression: commands said "run caseline init", then init and restore both said the
    folder already holds a desk."""
    desk, backup = _desk_with_a_backup(tmp_path)
    (desk / "keyslots.json").unlink()

    line = _en(desk, "search", "Hoà", user=INTAKE)
    assert "keyslots.json" in line and "missing" in line and "caseline restore" in line
    assert "caseline init" not in line

    init = _en(
        desk, "init", "--centre", "X", "--province", "48", "--admin", ADMIN,
        env={"CASELINE_PASSWORD": "quan-tri-2026"},
    )  # fmt: skip
    assert "keyslots.json" in init and "caseline restore" in init
    assert "already holds" not in init

    ok(caseline(desk, "restore", str(backup), env=BACKUP_ENV))
    assert contact_count(desk) == 1
    kept = [p for p in desk.iterdir() if p.name.startswith("before-restore-")]
    assert len(kept) == 1 and (kept[0] / "caseline.db").exists()  # the old file kept aside


def _slot_file_with(desk: Path, change) -> None:
    path = desk / "keyslots.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    for slot in doc["slots"]:
        if slot["name"] == INTAKE:
            change(slot)
    path.write_text(json.dumps(doc), encoding="utf-8")


def _params(**values):
    def change(slot):
        slot["params"].update(values)

    return change


def _salt(size: int):
    def change(slot):
        slot["salt"] = base64.b64encode(bytes(size)).decode()

    return change


ABSURD = {
    "n=2**40": _params(n=2**40),
    "r=0": _params(r=0),
    "n negative": _params(n=-(2**14)),
    "p huge": _params(p=2**30),
    "n not a power of two": _params(n=3 * 2**12),
    "n as text": _params(n="4096"),
    "r true": _params(r=True),
    "n a float": _params(n=4096.0),
    "params null": lambda slot: slot.update(params=None),
    "salt 8 MB": _salt(8 * 2**20),
    "salt a number": lambda slot: slot.update(salt=12),
}


@pytest.mark.parametrize("absurd", list(ABSURD))
def test_a_key_slot_with_absurd_scrypt_parameters_is_refused_before_any_kdf_runs(tmp_path, absurd):
    """Regression: such a slot ended in "Internal error (…)", exit 70, or a hang."""
    desk = new_desk(tmp_path / "desk")
    _slot_file_with(desk, ABSURD[absurd])

    started = time.monotonic()
    run = caseline(desk, "--lang", "en", "search", "Hoà", user=INTAKE, timeout=60)
    line = fails_with_one_line(run)

    assert run.returncode == 1, line
    assert "keyslots.json" in line and "Internal error" not in line
    assert time.monotonic() - started < 30


def test_a_key_slot_file_with_absurd_parameters_can_be_restored_over(tmp_path):
    desk, backup = _desk_with_a_backup(tmp_path)
    _slot_file_with(desk, _params(n=2**40))

    line = _en(desk, "search", "Hoà", user=INTAKE)
    assert "out of bounds" in line

    _restore(desk, backup, user=INTAKE)
