"""Every mistake a user can make on the command line gives one clear line on stderr, a
non-zero exit, and leaves the desk exactly as it was."""

from __future__ import annotations

import hashlib
import json

import pytest
from test_cli_support import (
    CONTACT,
    INTAKE,
    INTAKE_PASSWORD,
    MANAGER,
    add_contact,
    caseline,
    contact_count,
    fails_with_one_line,
    new_desk,
    ok,
)


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """One desk with one contact, shared by the cases below (none of them may change it)."""
    data_dir = new_desk(tmp_path_factory.mktemp("desk"))
    add_contact(data_dir)
    return data_dir


def _with(**changes):
    return json.dumps({**CONTACT, **changes}, ensure_ascii=False)


BAD_CONTACTS = {
    "malformed JSON": '{"channel": "phone", "call_type": ',
    "a list instead of an object": "[1, 2, 3]",
    "unknown category code": _with(categories=["violence.kicking"]),
    "unknown channel": _with(channel="carrier_pigeon"),
    "unknown service": _with(services=["magic"]),
    "commune outside the 2025 list": _with(
        children=[{**CONTACT["children"][0], "commune_code": "99999"}]
    ),
    "not UTF-8 JSON": None,
}


@pytest.mark.parametrize("mistake", list(BAD_CONTACTS))
def test_a_bad_contact_file_is_refused_and_nothing_is_saved(desk, tmp_path, mistake):
    before = contact_count(desk)
    path = tmp_path / "contact.json"
    if BAD_CONTACTS[mistake] is None:
        path.write_bytes('{"summary": "Mẹ báo"}'.encode("utf-16"))
    else:
        path.write_text(BAD_CONTACTS[mistake], encoding="utf-8")
    fails_with_one_line(caseline(desk, "contact", "add", "--json", str(path), user=INTAKE))
    assert contact_count(desk) == before


def test_a_missing_json_file_is_one_line(desk, tmp_path):
    line = fails_with_one_line(
        caseline(desk, "contact", "add", "--json", str(tmp_path / "nope.json"), user=INTAKE)
    )
    assert "nope.json" in line


def test_a_wrong_password_is_refused_and_the_desk_still_opens(desk):
    before = contact_count(desk)
    run = caseline(desk, "contact", "add", "--json", "-", user=INTAKE, password="not-it-at-all",
                   stdin=_with())  # fmt: skip
    assert "mật khẩu" in fails_with_one_line(run).lower()
    assert contact_count(desk) == before
    # The right password still works (the first failure carries no delay).
    ok(caseline(desk, "search", "hoa", "--json", user=INTAKE, password=INTAKE_PASSWORD))


def test_an_unknown_user_is_refused(desk):
    before = contact_count(desk)
    run = caseline(desk, "contact", "add", "--json", "-", user="ghost", password="whatever-123",
                   stdin=_with())  # fmt: skip
    fails_with_one_line(run)
    assert contact_count(desk) == before


def test_no_password_and_no_terminal_is_one_line(desk):
    run = caseline(desk, "search", "hoa", env={"CASELINE_USER": INTAKE})
    assert "CASELINE_PASSWORD" in fails_with_one_line(run)


def test_usage_errors_are_one_line_with_exit_code_2(desk):
    for args in (("contact",), ("user", "add", "x", "--role", "boss"), ("search",),
                 ("report", "monthly", "2026-13", "-o", "x.pdf"), ("frobnicate",)):  # fmt: skip
        run = caseline(desk, *args, user=MANAGER)
        fails_with_one_line(run)
        assert run.returncode in (1, 2)


def test_a_desk_folder_that_does_not_exist_is_one_line(tmp_path):
    line = fails_with_one_line(caseline(tmp_path / "nowhere", "search", "hoa", user=INTAKE))
    assert "caseline init" in line


@pytest.mark.parametrize("damage", ["not a database", "truncated"])
def test_a_damaged_or_foreign_database_is_one_line_and_left_as_it_was(tmp_path, damage):
    desk = new_desk(tmp_path / "desk")
    add_contact(desk)
    db = desk / "caseline.db"
    data = db.read_bytes()
    if damage == "not a database":
        db.write_bytes(b"SQLite format 3\x00" + bytes(4096))
    else:
        db.write_bytes(data[: len(data) // 3])
    damaged = hashlib.sha256(db.read_bytes()).hexdigest()
    run = caseline(desk, "contact", "add", "--json", "-", user=INTAKE, stdin=_with())
    fails_with_one_line(run)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == damaged


def test_verify_finds_pages_damaged_on_disk(tmp_path):
    """A flipped page the day's work never reads still shows up in `caseline verify`."""
    desk = new_desk(tmp_path / "desk")
    for _ in range(3):
        add_contact(desk)
    db = desk / "caseline.db"
    data = bytearray(db.read_bytes())
    page = 4096
    for start in range(page, len(data) - page, page):  # every page but the first: its HMAC
        data[start + 100 : start + 164] = bytes(64)
    db.write_bytes(bytes(data))
    run = caseline(desk, "verify", user=INTAKE)
    fails_with_one_line(run)
