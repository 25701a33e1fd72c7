"""A desk set up and used from the command line, as a centre's admin and workers would."""

from __future__ import annotations

import json
import time

from test_cli_support import (
    ADMIN,
    ADMIN_PASSWORD,
    CASELINE,
    CONTACT,
    INTAKE,
    MANAGER,
    add_contact,
    caseline,
    fails_with_one_line,
    new_desk,
    ok,
    open_workspace,
)


def test_help_is_quick_and_lists_the_public_commands():
    import subprocess

    started = time.perf_counter()
    done = subprocess.run([CASELINE, "--help"], capture_output=True, text=True, check=True)
    assert time.perf_counter() - started < 5
    for command in ("init", "user", "seed-demo", "contact", "search", "case", "conflicts",
                    "enroll", "sync", "report", "backup", "restore", "verify", "self-test",
                    "gui", "demo"):  # fmt: skip
        assert command in done.stdout


def test_init_prints_the_recovery_key_once_and_refuses_a_second_set_up(tmp_path):
    run = ok(
        caseline(
            tmp_path, "init", "--centre", "Trung tâm CTXH Đà Nẵng", "--province", "48",
            "--admin", ADMIN, env={"CASELINE_PASSWORD": ADMIN_PASSWORD},
        )
    )  # fmt: skip
    assert "KHÓA KHÔI PHỤC" in run.stdout
    key_lines = [line.strip() for line in run.stdout.splitlines() if line.startswith("    ")]
    assert len(key_lines) == 1 and len(key_lines[0]) >= 20
    again = caseline(
        tmp_path, "init", "--centre", "X", "--province", "48", "--admin", "other",
        env={"CASELINE_PASSWORD": ADMIN_PASSWORD},
    )  # fmt: skip
    fails_with_one_line(again)
    ws = open_workspace(tmp_path, ADMIN)
    try:
        assert ws.centre_name == "Trung tâm CTXH Đà Nẵng" and ws.province_code == "48"
        assert [u.username for u in ws.list_users()] == [ADMIN]
    finally:
        ws.close()


def test_an_intake_worker_records_a_call_finds_the_child_without_tones_and_opens_a_case(tmp_path):
    desk = new_desk(tmp_path)
    saved = add_contact(desk)
    assert saved["id"] and saved["number"].startswith("48-")

    hits = ok(caseline(desk, "search", "dang thi hoa", "--json", user=INTAKE)).json()
    kinds = {h["kind"]: h for h in hits}
    assert kinds["child"]["name"] == "Đặng Thị Hoà"
    assert kinds["contact"]["number"] == saved["number"]
    assert kinds["contact"]["caller"] == "Lê Thị Hạnh"
    # Tone-mark placement differs (hòa / hoà) and đ folds to d: same child.
    hits = ok(caseline(desk, "search", "Hòa", "--json", "--limit", "5", user=INTAKE)).json()
    assert any(h["kind"] == "child" and h["name"] == "Đặng Thị Hoà" for h in hits)
    table = ok(caseline(desk, "search", "đặng", user=INTAKE)).stdout
    assert saved["number"] in table and "Đặng Thị Hoà" in table

    case = ok(caseline(desk, "case", "open", saved["number"], "--json", user=INTAKE)).json()
    assert case["number"].startswith("48-") and case["id"]
    shown = ok(caseline(desk, "case", "show", case["number"], "--json", user=INTAKE)).json()
    assert shown["number"] == case["number"]
    assert shown["status"] == "received"
    assert shown["child"]["full_name"] == "Đặng Thị Hoà"
    assert saved["number"] in [c["number"] for c in shown["contacts"]]
    text = ok(caseline(desk, "case", "show", case["number"], user=INTAKE)).stdout
    assert case["number"] in text and "Đặng Thị Hoà" in text and "Tiếp nhận" in text


def test_a_contact_update_changes_only_the_given_fields(tmp_path):
    desk = new_desk(tmp_path)
    saved = add_contact(desk)
    changes = json.dumps({"risk": "urgent", "summary": "Đã gọi lại, trẻ an toàn."})
    ok(caseline(desk, "contact", "update", saved["number"], "--json", "-", user=INTAKE,
                stdin=changes))  # fmt: skip
    ws = open_workspace(desk)
    try:
        contact = ws.get_contact(saved["number"])
    finally:
        ws.close()
    assert contact["risk"] == "urgent"
    assert contact["summary"] == "Đã gọi lại, trẻ an toàn."
    assert contact["caller_name"] == CONTACT["caller"]["name"]
    assert contact["categories"] == ["violence.physical"]


def test_a_user_added_by_the_admin_can_log_in_and_the_admin_cannot_read_contacts(tmp_path):
    desk = new_desk(tmp_path)
    users = ok(caseline(desk, "user", "list", "--json", user=ADMIN)).json()
    assert {(u["username"], u["role"]) for u in users} == {
        (ADMIN, "admin"), (MANAGER, "manager"), (INTAKE, "intake"),
    }  # fmt: skip
    line = fails_with_one_line(
        caseline(desk, "contact", "add", "--json", "-", user=ADMIN, stdin=json.dumps(CONTACT))
    )
    assert "quyền" in line  # "Bạn không có quyền ghi nhận cuộc liên hệ."
    line = fails_with_one_line(
        caseline(desk, "user", "add", "nam", "--role", "intake", user=INTAKE,
                 env={"CASELINE_NEW_PASSWORD": "nam-2026-mat-khau"})
    )  # fmt: skip
    assert "quyền" in line


def test_messages_follow_the_chosen_language(tmp_path):
    desk = new_desk(tmp_path)
    vi = fails_with_one_line(caseline(desk, "case", "show", "48-XXX-2026-99999", user=MANAGER))
    en = fails_with_one_line(
        caseline(desk, "--lang", "en", "case", "show", "48-XXX-2026-99999", user=MANAGER)
    )
    env_en = fails_with_one_line(
        caseline(desk, "case", "show", "48-XXX-2026-99999", user=MANAGER,
                 env={"CASELINE_LANG": "en"})
    )  # fmt: skip
    assert "Không tìm thấy" in vi
    assert "No such" in en and en == env_en


def test_no_open_conflicts_on_a_desk_that_never_synced(tmp_path):
    desk = new_desk(tmp_path)
    assert ok(caseline(desk, "conflicts", "--json", user=MANAGER)).json() == []
    assert ok(caseline(desk, "conflicts", user=MANAGER)).stdout.strip()


def test_init_in_a_folder_whose_name_is_not_utf8_shows_the_recovery_key(tmp_path):
    """Issue 10 (fresh-eyes finding): a data folder named with bytes that are not UTF-8
    made `init` create the desk, then fail with Internal error before printing the
    one-time recovery key. Names print as escapes; the key is shown."""
    import os
    import subprocess

    from test_cli_support import ADMIN_PASSWORD, CASELINE

    folder = os.fsencode(tmp_path) + b"/new\xff"
    run = subprocess.run(
        [os.fsencode(CASELINE), b"--lang", b"en", b"--data-dir", folder, b"init",
         b"--centre", b"X", b"--province", b"48", b"--admin", b"admin"],
        env={**{k: v for k, v in os.environ.items() if not k.startswith("CASELINE_")},
             "CASELINE_TEST_FAST_KDF": "1", "CASELINE_PASSWORD": ADMIN_PASSWORD},
        capture_output=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert b"Internal error" not in run.stderr
    assert b"recovery" in (run.stdout + run.stderr).lower()
