"""Never write over the desk's own files (issue 10, item 6): every output path — `backup -o`,
`report … -o`, `--csv`, a save dialog — is refused with one clear line when it is, or
resolves through links to, the database, its -wal/-shm, the key slots, the lock-out file
or another file the desk owns, or when it exists and is not a regular file; everything
else is written atomically, so a failed write leaves the old file whole."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli_fuzz import run_in_process
from test_cli_support import (
    ADMIN,
    MANAGER,
    PASSWORDS,
    add_contact,
    caseline,
    fails_with_one_line,
    new_desk,
    ok,
    open_workspace,
)

from desktop import files
from desktop.errors import OutputRefused
from desktop.services import Workspace

BACKUP_ENV = {"CASELINE_BACKUP_PASSWORD": "sao-luu-an-toan-2026"}


def _fingerprint(desk: Path) -> dict[str, object]:
    """What must not change: the key slots' bytes and the database FILE (its inode: the
    desk may write to it, e.g. the audit of a refused command, but never replace it)."""
    return {
        "keyslots": hashlib.sha256((desk / "keyslots.json").read_bytes()).hexdigest(),
        "database": (desk / "caseline.db").stat().st_ino,
        "names": sorted(p.name for p in desk.iterdir()),
    }


@pytest.fixture(scope="module")
def desk_with_case(tmp_path_factory):
    desk = new_desk(tmp_path_factory.mktemp("desk"))
    contact = add_contact(desk)
    case = ok(caseline(desk, "case", "open", contact["number"], "--json", user=MANAGER)).json()
    return desk, contact["number"], case["number"]


def _the_desk_still_opens_with_its_data(desk: Path, contact_number: str) -> None:
    shown = ok(caseline(desk, "contact", "show", contact_number, "--json", user=MANAGER)).json()
    assert shown["number"] == contact_number
    assert shown["children"][0]["full_name"] == "Đặng Thị Hoà"
    ok(caseline(desk, "verify", user=ADMIN))


def test_backup_and_reports_pointed_at_the_desks_database_are_refused(desk_with_case, tmp_path):
    """The named regression: `caseline backup -o <desk>/caseline.db` used to exit 0 and
    replace the live encrypted database."""
    desk, contact_number, case_number = desk_with_case
    before = _fingerprint(desk)
    link = tmp_path / "innocent.pdf"
    link.symlink_to(desk / "caseline.db")
    attempts = [
        ("backup", "-o", str(desk / "caseline.db")),
        ("backup", "-o", str(desk / "keyslots.json")),
        ("backup", "-o", str(link)),
        ("report", "case", case_number, "-o", str(desk / "caseline.db")),
        ("report", "monthly", "2026-10", "-o", str(desk / "caseline.db-wal")),
        ("report", "monthly", "2026-10", "-o", str(tmp_path / "m.pdf"),
         "--csv", str(desk / "lockout.json")),
        ("report", "monthly", "2026-10", "-o", str(tmp_path / "m.pdf"),
         "--xlsx", str(desk / "keyslots.json")),
        ("report", "thematic", "--from", "2026-01", "--to", "2026-10",
         "-o", str(tmp_path / ".." / tmp_path.name / "innocent.pdf")),
    ]  # fmt: skip
    for args in attempts:
        user = ADMIN if args[0] == "backup" else MANAGER
        env = BACKUP_ENV if args[0] == "backup" else None
        line = fails_with_one_line(caseline(desk, *args, user=user, env=env))
        assert "Caseline" in line and "caseline.db" not in line.split(":", 1)[0], line
        english = caseline(desk, "--lang", "en", *args, user=user, env=env)
        assert "this Caseline desk's own files" in fails_with_one_line(english)
    assert link.is_symlink() and not (tmp_path / "m.pdf").exists()
    assert _fingerprint(desk) == before, "the desk's files are untouched"
    _the_desk_still_opens_with_its_data(desk, contact_number)


def test_a_fifo_or_a_folder_as_output_is_refused_at_once(desk_with_case, tmp_path):
    desk, contact_number, _ = desk_with_case
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path):
        run = caseline(desk, "--lang", "en", "backup", "-o", str(target), user=ADMIN,
                       env=BACKUP_ENV, timeout=60)  # fmt: skip
        assert "not a regular file" in fails_with_one_line(run)
        run = caseline(desk, "report", "monthly", "2026-10", "-o", str(target), user=MANAGER,
                       timeout=60)  # fmt: skip
        fails_with_one_line(run)
    assert fifo.exists() and not fifo.is_file()
    _the_desk_still_opens_with_its_data(desk, contact_number)


def test_an_output_into_a_missing_folder_is_refused_and_no_folder_is_made(desk_with_case, tmp_path):
    """The fresh-eyes tester's finding: `-o` into a folder that does not exist created it
    (a mistyped folder hides the file). One rule for -o, --csv, --xlsx and backup."""
    desk, contact_number, case_number = desk_with_case
    missing = tmp_path / "khong-co" / "sub"
    attempts = [
        ("backup", "-o", str(missing / "b.clbak")),
        ("report", "case", case_number, "-o", str(missing / "c.pdf")),
        ("report", "monthly", "2026-10", "-o", str(missing / "m.pdf")),
        ("report", "monthly", "2026-10", "-o", str(tmp_path / "m.pdf"),
         "--csv", str(missing / "m.csv")),
        ("report", "monthly", "2026-10", "-o", str(tmp_path / "m.pdf"),
         "--xlsx", str(missing / "m.xlsx")),
    ]  # fmt: skip
    for args in attempts:  # in-process: the same `main` the console script runs
        user = ADMIN if args[0] == "backup" else MANAGER
        env = BACKUP_ENV if args[0] == "backup" else None
        ran = run_in_process(["--data-dir", str(desk), *args], user=user, env=env)
        assert ran.code == 1 and len(ran.error_lines) == 1, ran
        assert "không tồn tại" in ran.error_lines[0], ran
    english = run_in_process(["--data-dir", str(desk), "--lang", "en", *attempts[0]],
                             user=ADMIN, env=BACKUP_ENV)  # fmt: skip
    assert "does not exist" in english.error_lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "no folder, no file made"
    _the_desk_still_opens_with_its_data(desk, contact_number)


def test_a_backup_beside_the_desk_under_another_name_is_still_allowed(desk_with_case):
    desk, _, _ = desk_with_case
    target = desk / "desk-2026-10.clbak"
    ok(caseline(desk, "backup", "-o", str(target), user=ADMIN, env=BACKUP_ENV))
    assert target.read_bytes().startswith(b"CASELINE-BACKUP\n")
    assert not list(desk.glob(".*.part*")), "no temporary file left"
    target.unlink()


def test_a_failed_write_leaves_the_old_file_whole(tmp_path):
    old = tmp_path / "report.pdf"
    old.write_bytes(b"%PDF-old")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_bytes(b"%PDF-ne")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        files.write_atomically(old, half_then_fail)
    assert old.read_bytes() == b"%PDF-old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]
    files.write_atomically(old, b"%PDF-new")
    assert old.read_bytes() == b"%PDF-new"
    assert old.stat().st_mode & 0o077 == 0, "readable by its owner only"


# ---------------------------------------------------------------- the rule, as a property

DESK_NAMES = [
    "caseline.db", "caseline.db-wal", "caseline.db-shm", "caseline.db-journal",
    "caseline.db.incoming", "keyslots.json", "lockout.json", "CASELINE.DB",
    "Keyslots.JSON", ".keyslots.json.x1y2.part", ".caseline.db.abc.part",
]  # fmt: skip
OTHER_NAMES = ["report.pdf", "caseline.pdf", "desk.clbak", "keyslots-copy.json", "db"]


@st.composite
def output_targets(draw):
    """(how the path is made, the name involved, link depth, whether it must be refused)."""
    kind = draw(
        st.sampled_from(
            [
                "desk file",
                "symlink to desk file",
                "hard link to desk file",
                "through a linked folder",
                "dot-dot into the desk",
                "desk folder itself",
                "kept-aside desk",
                "fifo",
                "folder",
                "other name in the desk",
                "new file elsewhere",
                "new file in a missing folder",
                "a file taken for a folder",
                "existing file elsewhere",
                "symlink to a file elsewhere",
            ]
        )
    )
    desk_name = draw(st.sampled_from(DESK_NAMES))
    other = draw(st.sampled_from(OTHER_NAMES))
    depth = draw(st.integers(1, 3))
    return kind, desk_name, other, depth


REFUSED = {
    "desk file",
    "symlink to desk file",
    "hard link to desk file",
    "through a linked folder",
    "dot-dot into the desk",
    "desk folder itself",
    "kept-aside desk",
    "fifo",
    "folder",
    "new file in a missing folder",
    "a file taken for a folder",
}


@pytest.fixture(scope="module")
def open_desk(desk_with_case):
    desk, contact_number, _ = desk_with_case
    ws = open_workspace(desk, ADMIN)
    (desk / "before-restore-20260101T000000Z").mkdir(exist_ok=True)
    (desk / "before-restore-20260101T000000Z" / "caseline.db").write_bytes(b"kept aside")
    yield ws, desk, contact_number
    ws.close()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(case=output_targets())
def test_every_output_path_is_refused_on_the_desks_files_and_written_whole_elsewhere(
    open_desk, tmp_path_factory, case
):
    ws, desk, _ = open_desk
    kind, desk_name, other, depth = case
    scratch = tmp_path_factory.mktemp("out")
    payload = b"%PDF-1.4 printout"
    desk_file = desk / ("caseline.db" if desk_name.startswith(".") else desk_name)
    if not desk_file.exists() and kind in ("symlink to desk file", "hard link to desk file"):
        desk_file = desk / "keyslots.json"
    before = {p: p.read_bytes() for p in desk.rglob("*") if p.is_file() and "-wal" not in p.name
              and "-shm" not in p.name}  # fmt: skip

    if kind == "desk file":
        target = desk / desk_name
    elif kind == "symlink to desk file":
        target = desk_file
        for i in range(depth):
            link = scratch / f"link{i}.pdf"
            link.symlink_to(target)
            target = link
    elif kind == "hard link to desk file":
        target = scratch / other
        os.link(desk_file, target)
    elif kind == "through a linked folder":
        (scratch / "folder").symlink_to(desk, target_is_directory=True)
        target = scratch / "folder" / desk_name
    elif kind == "dot-dot into the desk":
        target = scratch / ".." / ".." / desk.parent.name / desk.name / desk_name
    elif kind == "desk folder itself":
        target = desk
    elif kind == "kept-aside desk":
        target = desk / "before-restore-20260101T000000Z" / "caseline.db"
    elif kind == "fifo":
        target = scratch / other
        os.mkfifo(target)
    elif kind == "folder":
        target = scratch / other
        target.mkdir()
    elif kind == "other name in the desk":
        target = desk / other
    elif kind == "new file elsewhere":
        target = scratch / other
    elif kind == "new file in a missing folder":
        target = scratch / "missing" / "sub"[:depth] / other
    elif kind == "a file taken for a folder":
        (scratch / "plain.txt").write_bytes(b"old content")
        target = scratch / "plain.txt" / other
    elif kind == "existing file elsewhere":
        target = scratch / other
        target.write_bytes(b"%PDF-1.4 old printout")
    else:  # symlink to a file elsewhere
        real = scratch / "real.pdf"
        real.write_bytes(b"%PDF-1.4 old printout")
        target = scratch / other
        target.symlink_to(real)

    if kind in REFUSED:
        with pytest.raises(OutputRefused):
            ws.save_output(target, payload)
        assert not (scratch / "missing").exists(), "no folder made on the way"
    else:
        assert ws.save_output(target, payload) == target
        assert Path(target).read_bytes() == payload
        if kind == "symlink to a file elsewhere":
            assert Path(target).is_symlink(), "a link stays a link"
        if kind == "other name in the desk":
            Path(target).unlink()
    after = {p: p.read_bytes() for p in before}
    assert after == before, f"{kind}: the desk's files changed"
    assert not [p for p in list(desk.iterdir()) + list(scratch.rglob("*"))
                if p.name.endswith(files.TEMP_SUFFIX)], "no temporary file left"  # fmt: skip


def test_the_desk_opens_after_the_property_run(open_desk):
    ws, desk, contact_number = open_desk
    again = Workspace.open(desk, MANAGER, PASSWORDS[MANAGER])
    try:
        assert again.get_contact(contact_number)["number"] == contact_number
    finally:
        again.close()


# ------------------------------------------- never over a file that holds other data (loss2)

SQLITE_HEAD = b"SQLite format 3\x00" + bytes(range(84))
PAYLOADS = {  # what each output writes: its kind, and a small real-looking content
    "pdf": b"%PDF-1.4 new printout",
    "text": "Mã,Ngày\n48-K7Q-2026-00001,2026-10-01\n".encode("utf-8-sig"),
    "zip": b"PK\x03\x04 workbook",
    "caseline-backup": b"CASELINE-BACKUP\n\x00\x00\x00\x02{}",
}


def test_an_output_over_another_desks_database_or_centrals_is_refused(desk_with_case, tmp_path):
    """The tester's finding (review i10, 1): `report monthly … -o <other desk>/caseline.db`
    and `-o central.db` exited 0 and replaced another desk's SQLCipher database and
    central's live SQLite database. Now one line, and both files are byte-for-byte whole."""
    import shutil
    import sqlite3

    desk, contact_number, case_number = desk_with_case
    other = tmp_path / "other-desk"
    shutil.copytree(desk, other, ignore=shutil.ignore_patterns("before-restore-*"))
    central_db = tmp_path / "central.db"
    with sqlite3.connect(central_db) as conn:
        conn.execute("CREATE TABLE record (id TEXT PRIMARY KEY, doc TEXT)")
        conn.execute("INSERT INTO record VALUES ('79-EXK-2026-10001', '{}')")
    conn.close()
    watched = [other / "caseline.db", other / "keyslots.json", central_db]
    before = {p: p.read_bytes() for p in watched}
    attempts = [
        ("report", "monthly", "2026-10", "-o", str(other / "caseline.db")),
        ("report", "monthly", "2026-10", "-o", str(central_db)),
        ("report", "case", case_number, "-o", str(central_db)),
        ("report", "monthly", "2026-10", "-o", str(tmp_path / "m.pdf"), "--csv", str(central_db)),
        ("report", "monthly", "2026-10", "-o", str(tmp_path / "m.pdf"),
         "--xlsx", str(other / "caseline.db")),
        ("report", "monthly", "2026-10", "-o", str(tmp_path / "m.pdf"),
         "--csv", str(other / "keyslots.json")),
        ("backup", "-o", str(other / "caseline.db")),
        ("backup", "-o", str(central_db)),
    ]  # fmt: skip
    for args in attempts:
        user = ADMIN if args[0] == "backup" else MANAGER
        env = BACKUP_ENV if args[0] == "backup" else None
        ran = run_in_process(["--data-dir", str(desk), "--lang", "en", *args], user=user, env=env)
        assert ran.code == 1 and len(ran.error_lines) == 1, (args, ran)
        assert "Will not write" in ran.error_lines[0], ran
    assert {p: p.read_bytes() for p in watched} == before, "other desk and central untouched"
    assert not (tmp_path / "m.pdf").exists(), "refused before anything is written"
    with sqlite3.connect(central_db) as conn:
        assert conn.execute("SELECT id FROM record").fetchall() == [("79-EXK-2026-10001",)]
    conn.close()
    # central's own `report -o` follows the same rule
    from central.report_cli import _save

    with pytest.raises(Exception, match="SQLite database"):
        _save(central_db, PAYLOADS["pdf"])
    assert central_db.read_bytes() == before[central_db]
    _the_desk_still_opens_with_its_data(desk, contact_number)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    old=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from(sorted(PAYLOADS.values()) + [SQLITE_HEAD, b""]),
        st.tuples(
            st.sampled_from([b"%PDF-", b"PK\x03\x04", b"SQLite format 3\x00"]),
            st.binary(max_size=64),
        ).map(lambda t: t[0] + t[1]),
    ),
    new=st.sampled_from(sorted(PAYLOADS)),
)
def test_an_existing_file_is_replaced_only_by_an_output_of_its_own_kind(
    open_desk, tmp_path_factory, old, new
):
    """For any existing content: the output replaces it only when it is empty or already
    the same kind of file as the one written; otherwise OutputRefused and the old bytes
    stay. An SQLite header or bytes of unknown kind (an SQLCipher database is random
    bytes) are never replaced."""
    ws, _, _ = open_desk
    target = tmp_path_factory.mktemp("over") / "out.dat"
    target.write_bytes(old)
    payload = PAYLOADS[new]
    was = files.sniff(old)
    allowed = was == "empty" or was == new
    if allowed:
        assert ws.save_output(target, payload) == target
        assert target.read_bytes() == payload
    else:
        with pytest.raises(OutputRefused) as refused:
            ws.save_output(target, payload)
        assert refused.value.details["why"] == "holds_other_data"
        assert target.read_bytes() == old
    assert was not in ("sqlite", "other") or not allowed or was == "empty"
    assert [p.name for p in target.parent.iterdir()] == ["out.dat"], "no temporary file left"


def test_a_real_sqlcipher_database_is_of_unknown_kind_and_never_replaced(desk_with_case):
    desk, _, _ = desk_with_case
    assert files.sniff((desk / "caseline.db").read_bytes()[:8192]) == "other"


def test_an_output_name_too_long_is_reported_with_the_users_path(
    open_desk, desk_with_case, tmp_path
):
    """The tester's finding (review i10, 4): `-o <300×a>.pdf` said "File name too long:
    /tmp/…/.aaaa….1_s4ci4v.part", the hidden temporary name. Now the path the user typed."""
    ws, _, _ = open_desk
    desk, _, _ = desk_with_case
    target = tmp_path / ("a" * 300 + ".pdf")
    with pytest.raises(OSError) as failed:
        ws.save_output(target, b"%PDF-1.4 printout")
    assert failed.value.filename == str(target) and failed.value.filename2 is None
    ran = run_in_process(
        [
            "--data-dir",
            str(desk),
            "--lang",
            "en",
            "report",
            "monthly",
            "2026-10",
            "-o",
            str(target),
        ],
        user=MANAGER,
    )
    assert ran.code == 1 and len(ran.error_lines) == 1, ran
    assert str(target) in ran.error_lines[0] and ".part" not in ran.error_lines[0], ran
    assert list(tmp_path.iterdir()) == [], "no temporary file left"
