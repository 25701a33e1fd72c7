"""Demo data, backups and the integrity check, through the `caseline` command."""

from __future__ import annotations

import collections
import time
import unicodedata

from test_cli_support import (
    ADMIN,
    INTAKE,
    MANAGER,
    add_contact,
    caseline,
    contact_count,
    fails_with_one_line,
    new_desk,
    ok,
    open_workspace,
)

from desktop.demo.names import MOBILE_PREFIXES as PREFIX_WEIGHTS

MOBILE_PREFIXES = {prefix for prefix, _ in PREFIX_WEIGHTS}
BACKUP_ENV = {"CASELINE_BACKUP_PASSWORD": "sao-luu-bi-mat-2026"}


def _seed(data_dir, seed: int, contacts: int = 250, cases: int = 15) -> dict:
    run = caseline(
        data_dir, "seed-demo", "--contacts", str(contacts), "--cases", str(cases),
        "--seed", str(seed), "--json", user=MANAGER,
    )  # fmt: skip
    return ok(run).json()


def _contacts(data_dir) -> list[dict]:
    ws = open_workspace(data_dir)
    try:
        return ws.list_contacts({}, 0, 100_000).rows
    finally:
        ws.close()


def _fingerprint(rows: list[dict]) -> list[tuple]:
    """What a seed decides: number sequence, time, coding, people (not ids)."""
    return sorted(
        (
            r["number"].rsplit("-", 1)[1], r["received_at"], r["channel"], r["call_type"],
            tuple(r["categories"]), r["risk"], r["caller_relation"], r["caller_name"],
            tuple(c["full_name"] for c in r["children"]),
        )
        for r in rows
    )  # fmt: skip


def test_seed_demo_is_deterministic_for_a_seed_and_quick(tmp_path):
    first, second, other = (new_desk(tmp_path / name) for name in ("a", "b", "c"))
    started = time.perf_counter()
    summary = _seed(first, seed=7)
    assert time.perf_counter() - started < 30
    assert summary["contacts"] == 250 and summary["cases"] == 15
    assert summary["children"] > 25 and summary["entries"] > 0

    again = _seed(second, seed=7)
    assert _without_timing(again) == _without_timing(summary)
    rows_a, rows_b = _contacts(first), _contacts(second)
    assert len(rows_a) == 250
    assert _fingerprint(rows_a) == _fingerprint(rows_b)

    _seed(other, seed=8)
    assert _fingerprint(_contacts(other)) != _fingerprint(rows_a)


def _without_timing(summary: dict) -> dict:
    """Counts and number sequences; the device code in the numbers differs per desk."""
    out = {k: v for k, v in summary.items() if "seconds" not in k}
    for key in ("first_number", "last_number"):
        out[key] = out[key].rsplit("-", 2)[-2:]  # year and sequence
    return out


def test_seeded_data_looks_like_a_provincial_line(tmp_path):
    desk = new_desk(tmp_path)
    ok(caseline(desk, "user", "add", "minh", "--role", "caseworker", user=ADMIN,
                env={"CASELINE_NEW_PASSWORD": "minh-can-bo-2026"}))  # fmt: skip
    _seed(desk, seed=3, contacts=600, cases=40)
    rows = _contacts(desk)
    channels = collections.Counter(r["channel"] for r in rows)
    call_types = collections.Counter(r["call_type"] for r in rows)
    assert channels["phone"] > 0.75 * len(rows)
    short = call_types["information"] + call_types["silent"] + call_types["prank"]
    assert short > 0.5 * len(rows) and call_types["emergency"] < 0.05 * len(rows)
    children_calling = sum(r["caller_relation"] == "self" for r in rows)
    assert children_calling > 0.45 * len(rows)

    ws = open_workspace(desk)
    try:
        sample = [ws.get_contact(r["number"]) for r in rows[::30]]
        children = ws.list_children({}, 0, 100_000).rows
        cases = ws.list_cases({}, 0, 1000).rows
    finally:
        ws.close()
    for contact in sample:  # Vietnamese mobiles (10 digits) or none; Vietnamese NFC summaries
        phone = contact["caller_phone"]
        assert phone == "" or (len(phone) == 10 and phone[:3] in MOBILE_PREFIXES)
        assert contact["summary"] == unicodedata.normalize("NFC", contact["summary"])
    assert any("em " in c["summary"] or "Em " in c["summary"] for c in sample)
    families = collections.Counter(c["family_name"] for c in children)
    assert families.most_common(1)[0][0] == "Nguyễn"
    assert all(c["home_province_code"] == "48" for c in children)
    assert len(cases) == 40
    assert {c["assigned_to"] for c in cases} == {"minh"}  # the desk's case worker
    assert len({c["status"] for c in cases}) >= 4  # spread over the Decree 56 steps


def test_backup_and_restore_round_trip_through_the_command_line(tmp_path):
    desk = new_desk(tmp_path / "desk")
    saved = add_contact(desk)
    backup = tmp_path / "desk.backup"
    ok(caseline(desk, "backup", "-o", str(backup), user=ADMIN, env=BACKUP_ENV))
    assert backup.is_file() and not backup.read_bytes().startswith(b"SQLite format 3")
    add_contact(desk)  # after the backup: not in it
    assert contact_count(desk) == 2

    wrong = caseline(desk, "restore", str(backup), user=ADMIN,
                     env={"CASELINE_BACKUP_PASSWORD": "not-the-passphrase"})  # fmt: skip
    fails_with_one_line(wrong)
    assert contact_count(desk) == 2

    run = ok(caseline(desk, "restore", str(backup), user=ADMIN, env=BACKUP_ENV))
    assert contact_count(desk) == 1
    assert "-…-10001" in run.stdout  # the new block of numbers is said (a restore jumps)
    after = add_contact(desk)
    assert after["number"].endswith("-10001") and after["number"] != saved["number"]
    hits = ok(caseline(desk, "search", "dang thi hoa", "--json", user=INTAKE)).json()
    assert saved["number"] in [h["number"] for h in hits]
    ok(caseline(desk, "verify", user=ADMIN))


def test_a_desk_too_damaged_to_open_is_restored_from_its_backup(tmp_path):
    desk = new_desk(tmp_path / "desk")
    saved = add_contact(desk)
    backup = tmp_path / "desk.backup"
    ok(caseline(desk, "backup", "-o", str(backup), user=ADMIN, env=BACKUP_ENV))
    db = desk / "caseline.db"
    db.write_bytes(db.read_bytes()[:8192])  # the disk lost most of the file
    fails_with_one_line(caseline(desk, "search", "hoa", user=INTAKE))

    fails_with_one_line(caseline(desk, "restore", str(backup), user=INTAKE,
                                 env={"CASELINE_BACKUP_PASSWORD": "wrong-passphrase"}))  # fmt: skip
    assert len(db.read_bytes()) == 8192  # a failed restore puts the damaged file back

    run = ok(caseline(desk, "restore", str(backup), user=INTAKE, env=BACKUP_ENV))
    kept = [p for p in desk.iterdir() if p.name.startswith("before-restore-")]
    assert len(kept) == 1 and (kept[0] / "caseline.db").stat().st_size == 8192
    assert str(kept[0]) in run.stdout
    hits = ok(caseline(desk, "search", "dang thi hoa", "--json", user=INTAKE)).json()
    assert saved["number"] in [h["number"] for h in hits]


def test_verify_passes_then_detects_a_tampered_audit_row(tmp_path):
    desk = new_desk(tmp_path)
    add_contact(desk)
    run = ok(caseline(desk, "verify", user=ADMIN))
    assert "OK" in run.stdout
    assert ok(caseline(desk, "verify", "--json", user=ADMIN)).json()["ok"] is True

    ws = open_workspace(desk, ADMIN)
    try:
        with ws.store.transaction() as conn:
            conn.execute(
                "UPDATE audit_event SET action = 'view' "
                "WHERE rowid = (SELECT rowid FROM audit_event ORDER BY rowid LIMIT 1 OFFSET 2)"
            )
    finally:
        ws.close()
    run = caseline(desk, "verify", user=ADMIN)
    line = fails_with_one_line(run)
    assert "audit" in line.lower() or "nhật ký" in line.lower()
