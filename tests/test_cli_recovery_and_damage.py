"""A forgotten password and a damaged database, met at the command line."""

from __future__ import annotations

from test_cli_support import (
    ADMIN,
    ADMIN_PASSWORD,
    INTAKE,
    INTAKE_PASSWORD,
    MANAGER,
    caseline,
    fails_with_one_line,
    ok,
    open_workspace,
)

from desktop.domain.times import now_local


def _desk_with_recovery_key(data_dir):
    run = ok(
        caseline(
            data_dir, "init", "--centre", "Trung tâm CTXH Đà Nẵng", "--province", "48",
            "--admin", ADMIN, "--json", env={"CASELINE_PASSWORD": ADMIN_PASSWORD},
        )
    )  # fmt: skip
    ok(caseline(data_dir, "user", "add", INTAKE, "--role", "intake", user=ADMIN,
                env={"CASELINE_NEW_PASSWORD": INTAKE_PASSWORD}))  # fmt: skip
    return run.json()["recovery_key"]


def _recover(desk, user, key, new_password="hoa-mat-khau-moi-2026"):
    return caseline(
        desk, "recover", "--user", user,
        env={"CASELINE_RECOVERY_KEY": key, "CASELINE_NEW_PASSWORD": new_password},
    )  # fmt: skip


def test_a_worker_who_forgot_her_password_gets_a_new_one_with_the_recovery_key(tmp_path):
    key = _desk_with_recovery_key(tmp_path)
    typed = key.replace("-", " ").lower()  # read out over the phone, typed loosely
    run = ok(_recover(tmp_path, INTAKE, typed))
    assert len(run.stdout.strip().splitlines()) == 1 and INTAKE in run.stdout

    old = caseline(tmp_path, "search", "hoa", user=INTAKE)
    assert "mật khẩu" in fails_with_one_line(old).lower()
    ok(caseline(tmp_path, "search", "hoa", user=INTAKE, password="hoa-mat-khau-moi-2026"))
    ok(caseline(tmp_path, "user", "list", user=ADMIN))  # the admin's password still works

    ws = open_workspace(tmp_path, ADMIN)
    try:
        details = [
            r[0]
            for r in ws.conn.execute(
                "SELECT detail FROM audit_event WHERE action = 'user_change'"
            ).fetchall()
        ]
    finally:
        ws.close()
    assert any('"password_recovered"' in d and f'"{INTAKE}"' in d for d in details)


def test_a_wrong_recovery_key_is_one_line_and_changes_nothing(tmp_path):
    key = _desk_with_recovery_key(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name != "lockout.json"}
    wrong = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    line = fails_with_one_line(_recover(tmp_path, INTAKE, wrong))
    assert "khoá khôi phục" in line.lower()
    assert (tmp_path / "keyslots.json").read_bytes() == before["keyslots.json"]
    ok(caseline(tmp_path, "search", "hoa", user=INTAKE, password=INTAKE_PASSWORD))


def test_a_damaged_page_in_the_middle_of_the_database_is_the_stores_message(tmp_path):
    _desk_with_recovery_key(tmp_path)
    ok(caseline(tmp_path, "user", "add", MANAGER, "--role", "manager", user=ADMIN,
                env={"CASELINE_NEW_PASSWORD": "lan-quan-ly-2026"}))  # fmt: skip
    ok(caseline(tmp_path, "seed-demo", "--contacts", "300", user=MANAGER))
    db = tmp_path / "caseline.db"
    data = bytearray(db.read_bytes())
    page, middle = 4096, len(data) // 4096 // 2
    for number in range(middle - 10, middle + 10):  # pages the day's work reads, not page 1
        data[number * page + 200 : number * page + 264] = bytes(64)
    db.write_bytes(bytes(data))

    for command in (
        (
            "report",
            "thematic",
            "--from",
            "2024-01",
            "--to",
            now_local().strftime(
                "%Y-%m"
            ),  # a month not yet begun is refused before any page is read
            "-o",
            str(tmp_path / "t.pdf"),
        ),
        ("verify",),
    ):
        run = caseline(tmp_path, *command, user=MANAGER)
        line = fails_with_one_line(run)
        assert run.returncode == 1, line
        assert "sao lưu" in line and "khoá khôi phục" in line and "nội bộ" not in line
