"""`caseline init --national` and `caseline handoff …` as a user types them (issue 15).
The whole journey through central (accept, decline, redirect, outcome) is in
tests/e2e/test_national_handoffs.py; here: the public commands, their JSON and their
one-line refusals."""

from __future__ import annotations

import json

from test_cli_fuzz import run_in_process
from test_cli_support import (
    ADMIN,
    ADMIN_PASSWORD,
    CONTACT,
    INTAKE,
    MANAGER,
    PASSWORDS,
    open_workspace,
)


def _run(desk, *argv, **kw):
    """`caseline --data-dir DESK ARGV…` in this process (the console script's `main`)."""
    return run_in_process(["--data-dir", str(desk), *argv], **kw)


def ok(ran):
    assert ran.code == 0, ran.stderr
    return ran


def fails_with_one_line(ran) -> str:
    assert ran.code != 0 and "Traceback" not in ran.stderr, ran
    assert len(ran.error_lines) == 1, ran.stderr
    return ran.error_lines[0]


def _national_desk(data_dir):
    ok(
        _run(
            data_dir, "init", "--centre", "Tổng đài quốc gia 111", "--national",
            "--admin", ADMIN, "--json", env={"CASELINE_PASSWORD": ADMIN_PASSWORD},
        )
    )  # fmt: skip
    ok(
        _run(
            data_dir, "user", "add", INTAKE, "--role", "intake", user=ADMIN,
            env={"CASELINE_NEW_PASSWORD": PASSWORDS[INTAKE]},
        )
    )  # fmt: skip
    return data_dir


def test_the_national_desk_hands_a_contact_to_a_province_from_the_command_line(tmp_path):
    desk = _national_desk(tmp_path / "national")
    added = _run(desk, "contact", "add", "--json", "-", user=INTAKE, stdin=json.dumps(CONTACT))
    number = json.loads(ok(added).stdout)["number"]
    assert number.startswith("00-")

    sent = ok(
        _run(
            desk, "handoff", "send", number, "--province", "48", "--urgent",
            "--note", "Trẻ ở phường Hải Châu", "--json", user=INTAKE,
        )
    ).stdout  # fmt: skip
    sent = json.loads(sent)
    assert (sent["source_number"], sent["to_province"], sent["urgent"]) == (number, "48", True)
    assert sent["status"] == "sent" and sent["direction"] == "outgoing"
    assert sent["accept_by"] is None  # central sets it when the handoff reaches it

    listed = json.loads(
        ok(_run(desk, "handoff", "list", "--outgoing", "--json", user=INTAKE)).stdout
    )
    assert [h["id"] for h in listed] == [sent["id"]]
    assert listed[0]["child_name"] == "Đặng Thị Hoà" and listed[0]["to_province_name"]
    incoming = ok(_run(desk, "handoff", "list", "--incoming", "--json", user=INTAKE)).stdout
    assert json.loads(incoming) == []

    again = fails_with_one_line(
        _run(desk, "handoff", "send", number, "--province", "01", user=INTAKE)
    )
    assert sent["short_id"] in again
    nowhere = fails_with_one_line(
        _run(desk, "--lang", "en", "handoff", "send", number, "--province", "00", user=INTAKE)
    )
    assert "province" in nowhere
    not_here = fails_with_one_line(
        _run(desk, "--lang", "en", "handoff", "accept", sent["short_id"], user=INTAKE)
    )
    assert "not for this desk" in not_here


def test_seed_demo_on_the_national_desk_seeds_calls_from_the_whole_country(tmp_path):
    """Review i15 #3: `seed-demo` on a national desk crashed ('no communes for province
    00', exit 70); it now seeds national contacts whose children live across the country."""
    desk = _national_desk(tmp_path / "national")
    ok(
        _run(
            desk, "user", "add", MANAGER, "--role", "manager", user=ADMIN,
            env={"CASELINE_NEW_PASSWORD": PASSWORDS[MANAGER]},
        )
    )  # fmt: skip
    made = ok(_run(desk, "seed-demo", "--contacts", "12", "--cases", "2", "--json", user=MANAGER))
    summary = json.loads(made.stdout)
    assert summary["contacts"] == 12 and 1 <= summary["cases"] <= 2
    ws = open_workspace(desk, MANAGER)
    try:
        numbers = [r[0] for r in ws.store.conn.execute("SELECT number FROM contact")]
        homes = {r[0] for r in ws.store.conn.execute("SELECT home_province_code FROM child")}
    finally:
        ws.close()
    assert len(numbers) == 12 and all(n.startswith("00-") for n in numbers)
    assert len(homes) > 1 and "00" not in homes  # children from across the country


def test_handoff_list_text_speaks_one_language_with_labels_not_codes():
    """Review i15 #4: the text list read 'accepted → initial_assessment/no_longer_at_risk
    2026-11-30' and 'sent QUÁ HẠN/OVERDUE' whatever --lang said."""
    from desktop.cli.handoffs import handoff_table
    from desktop.domain import times
    from desktop.errors import language, set_language
    from desktop.services.handoffs import row_of

    base = {"id": "0192f0aa-0000-7000-8000-00000000abcd", "to_province": "48"}
    done = {
        **base, "status": "accepted", "accept_by": "2026-11-30T23:59:59+07:00",
        "answered_at": "2026-11-30T01:00:00+00:00", "accepted_number": "48-VVA-2026-00007",
        "outcome_step": "initial_assessment", "outcome_reason": "no_longer_at_risk",
        "outcome_at": "2026-11-30",
    }  # fmt: skip
    late = {**base, "status": "sent", "accept_by": "2026-01-01T00:00:00+07:00"}
    rows = [row_of(r, "00", times.now_local()) for r in (done, late)]
    before = language()
    try:
        set_language("en")
        en = handoff_table(rows)
        set_language("vi")
        vi = handoff_table(rows)
    finally:
        set_language(before)
    for table in (en, vi):
        text = " ".join(" ".join(r) for r in table)
        assert "initial_assessment" not in text and "no_longer_at_risk" not in text
        assert "2026-11-30" not in text and "30/11/2026" in text
    assert en[1][5] == "waiting OVERDUE" and vi[1][5] == "chờ nhận QUÁ HẠN"
    assert en[0][5].startswith("accepted → outcome: ") and vi[0][5].startswith("đã nhận → kết quả")
    assert "QUÁ HẠN" not in " ".join(en[1]) and "OVERDUE" not in " ".join(vi[1])
