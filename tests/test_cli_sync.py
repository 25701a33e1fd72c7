"""A desk is enrolled with a real central server on 127.0.0.1 and syncs from the command
line."""

from __future__ import annotations

import pytest
from test_cli_support import (
    ADMIN,
    MANAGER,
    add_contact,
    caseline,
    fails_with_one_line,
    new_desk,
    ok,
)

from desktop.demo.workspace import CentralServer


@pytest.fixture
def central(tmp_path):
    server = CentralServer.start(tmp_path / "central.db")
    yield server
    server.stop()


def test_enrol_then_sync_sends_the_desks_records_to_central(tmp_path, central):
    desk = new_desk(tmp_path / "desk")
    saved = add_contact(desk)
    fails_with_one_line(caseline(desk, "sync", user=MANAGER))  # not enrolled yet

    code = central.enrolment_code("48")
    enrolled = ok(caseline(desk, "enroll", "--server", central.url, "--code", code, "--json",
                           user=ADMIN)).json()  # fmt: skip
    assert enrolled["province_code"] == "48" and enrolled["device_code"]
    # A code works once.
    fails_with_one_line(
        caseline(desk, "enroll", "--server", central.url, "--code", code, user=ADMIN)
    )

    first = ok(caseline(desk, "sync", "--json", user=MANAGER)).json()
    assert not first.get("error")
    again = ok(caseline(desk, "sync", "--json", user=MANAGER)).json()
    assert not again.get("error")
    assert ok(caseline(desk, "conflicts", "--json", user=MANAGER)).json() == []
    hits = ok(caseline(desk, "search", "hoa", "--json", user=MANAGER)).json()
    assert saved["number"] in [h["number"] for h in hits]


def test_sync_json_prints_an_object_on_stdout_when_the_round_fails(tmp_path, central):
    """The tester's finding (review i10, 6): with the link down `caseline sync --json`
    printed nothing on stdout (one line on stderr), so a script had nothing to parse. Now
    a JSON object with ok false, the status, the error's kind and message; exit code 1."""
    import json

    desk = new_desk(tmp_path / "desk")
    run = caseline(desk, "--lang", "en", "sync", "--json", user=MANAGER)  # not enrolled
    answer = json.loads(run.stdout)
    assert run.returncode == 1 and answer["ok"] is False and answer["status"] == "failed"
    assert answer["error"]["kind"] == "auth" and "not enrolled" in answer["error"]["message"]
    assert "not enrolled" in fails_with_one_line(run)

    code = central.enrolment_code("48")
    ok(caseline(desk, "enroll", "--server", central.url, "--code", code, user=ADMIN))
    central.stop()  # the link drops
    run = caseline(desk, "sync", "--json", user=MANAGER)
    answer = json.loads(run.stdout)
    assert run.returncode == 1 and answer["ok"] is False, run
    assert answer["error"]["kind"] == "network" and answer["error"]["vi"] and answer["error"]["en"]
    assert answer["errors"] == [
        {"kind": "network", "vi": answer["error"]["vi"], "en": answer["error"]["en"]}
    ]
    assert len(run.stderr.strip().splitlines()) == 1


def test_enrolling_with_a_server_that_is_not_there_is_one_line(tmp_path):
    desk = new_desk(tmp_path / "desk")
    run = caseline(desk, "enroll", "--server", "http://127.0.0.1:9", "--code", "ABCD-EFGH",
                   user=ADMIN)  # fmt: skip
    fails_with_one_line(run)


def test_sync_lists_a_change_central_refused_with_the_way_to_fix_it(tmp_path, monkeypatch):
    from test_cli_support import CONTACT

    monkeypatch.setenv("CASELINE_CENTRAL_MAX_DECOMPRESSED", str(16 * 1024))
    server = CentralServer.start(tmp_path / "central.db")
    try:
        desk = new_desk(tmp_path / "desk")
        big = add_contact(desk, {**CONTACT, "summary": "Mẹ gọi báo nhiều lần. " * 1200})
        add_contact(desk)
        code = server.enrolment_code("48")
        ok(caseline(desk, "enroll", "--server", server.url, "--code", code, user=ADMIN))

        result = ok(caseline(desk, "sync", "--json", user=MANAGER)).json()
        text = ok(caseline(desk, "sync", user=MANAGER)).stdout
    finally:
        server.stop()
    [refused] = result["not_sent"]
    assert (refused["kind"], refused["number"]) == ("too_large", big["number"])
    assert result["parked"] == 1 and result["pushed"] == 3  # the other contact, both children
    assert f"Chưa gửi: cuộc liên hệ {big['number']} quá lớn" in text and "rút gọn" in text
