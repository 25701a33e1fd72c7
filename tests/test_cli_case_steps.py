"""`caseline case move|entry|show --json` and `caseline holidays use`: a case taken through
the Decree 56 steps from the command line (the public contract), one clear line on refusal."""

from __future__ import annotations

import json

from test_cli_support import (
    ADMIN,
    CONTACT,
    INTAKE,
    MANAGER,
    add_contact,
    caseline,
    fails_with_one_line,
    new_desk,
    ok,
)


def move(desk, number: str, step: str, data: dict | None = None, user: str = MANAGER):
    args = ["case", "move", number, "--to", step]
    stdin = None
    if data is not None:
        args += ["--json", "-"]
        stdin = json.dumps(data, ensure_ascii=False)
    return caseline(desk, *args, user=user, stdin=stdin)


def test_a_case_goes_through_the_decree_56_steps_from_the_command_line(tmp_path):
    desk = new_desk(tmp_path)
    urgent = {**CONTACT, "risk": "urgent"}
    contact = add_contact(desk, urgent)
    case = ok(caseline(desk, "case", "open", contact["number"], "--json", user=MANAGER)).json()
    number = case["number"]
    shown = ok(caseline(desk, "case", "show", number, "--json", user=MANAGER)).json()
    # Received Saturday 3 Oct 2026 14:05: plan due at the end of Friday 9 Oct; the emergency
    # measure 12 hours from the moment (Decree 56 Art. 26.3).
    assert shown["plan_due"] == "2026-10-09T23:59:59+07:00"
    assert shown["emergency_due"] == "2026-10-04T02:05:00+07:00"
    assert shown["assessment_due"] is None
    assert shown["approval"] is None and shown["harm_commune_code"] == "20242"

    entry = ok(
        caseline(
            desk, "case", "entry", number, "--kind", "emergency_measure", "--json", "-",
            user=MANAGER,
            stdin=json.dumps({"text": "Đưa trẻ đến nhà bà ngoại", "occurred_at": "2026-10-03T20:00:00+07:00",
                              "data": {"measure": "temporary_separation", "decided_by": "Chủ tịch UBND phường"}}),
        )
    ).json()  # fmt: skip
    assert entry["id"] and entry["kind"] == "emergency_measure"

    ok(move(desk, number, "initial_assessment"))
    ok(move(desk, number, "needs_assessment", {"assessment": "Đã xác minh.", "risk": "high"}))
    ok(move(desk, number, "plan", {"assessment": "Cần hỗ trợ tâm lý."}))
    refused = fails_with_one_line(
        move(desk, number, "intervention", {"plan": "Kế hoạch", "approved_by": "Chủ tịch UBND"})
    )
    assert "approved_at" in refused and "decision_no" in refused
    moved = ok(
        move(
            desk, number, "intervention",
            {"plan": "Kế hoạch hỗ trợ", "approved_by": "Chủ tịch UBND phường Hải Châu",
             "approved_at": "2026-10-08T10:00:00+07:00", "decision_no": "12/QĐ-UBND"},
        )
    ).json()  # fmt: skip
    assert moved["status"] == "intervention"
    assert moved["approval"] == {
        "approved_by": "Chủ tịch UBND phường Hải Châu",
        "approved_at": "2026-10-08T10:00:00+07:00",
        "decision_no": "12/QĐ-UBND",
    }
    assert [e["kind"] for e in moved["entries"]] == ["plan", "plan_approval", "step_change"]
    ok(move(desk, number, "review"))
    closed = ok(
        move(
            desk, number, "closed",
            {"review": "Trẻ an toàn.", "closure_reason": "no_longer_at_risk",
             "decision_no": "07/QĐ-TTCTXH", "occurred_at": "2026-10-30T09:00:00+07:00"},
        )
    ).json()  # fmt: skip
    assert closed["closure_decision"]["approved_by"] == MANAGER
    assert closed["closure_decision"]["decision_no"] == "07/QĐ-TTCTXH"

    shown = ok(caseline(desk, "case", "show", number, "--json", user=MANAGER)).json()
    assert shown["status"] == "closed" and shown["emergency_measure_at"]
    assert shown["approval"]["decision_no"] == "12/QĐ-UBND"
    text = ok(caseline(desk, "case", "show", number, "--lang", "en", user=MANAGER)).stdout
    assert "no. 12/QĐ-UBND" in text and "Phường Hải Châu" in text


def test_case_entry_refuses_a_hand_made_closure_with_one_line(tmp_path):
    """Decree 56 Art. 30: a closure is written by the move, with its decision."""
    desk = new_desk(tmp_path)
    contact = add_contact(desk)
    number = ok(caseline(desk, "case", "open", contact["number"], "--json", user=MANAGER)).json()[
        "number"
    ]
    line = fails_with_one_line(
        caseline(
            desk, "case", "entry", number, "--kind", "closure", "--json", "-", "--lang", "en",
            user=MANAGER, stdin=json.dumps({"data": {"closure_reason": "duplicate"}}),
        )
    )  # fmt: skip
    assert "moving the case" in line
    line = fails_with_one_line(
        caseline(
            desk, "case", "entry", number, "--kind", "note", "--json", "-", "--lang", "en",
            user=MANAGER, stdin=json.dumps({"text": "x", "author": "someone"}),
        )
    )  # fmt: skip
    assert "author" in line
    line = fails_with_one_line(move(desk, number, "closed", {"closure_reason": "x"}, user=INTAKE))
    assert line


def test_holidays_use_validates_the_file_and_is_for_the_admin(tmp_path):
    desk = new_desk(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    line = fails_with_one_line(
        caseline(desk, "holidays", "use", str(bad), "--lang", "en", user=ADMIN)
    )
    assert "not valid JSON" in line
    good = tmp_path / "ours.json"
    good.write_text(
        json.dumps({"holidays": [{"date": "2026-10-05", "vi": "Nghỉ", "en": "Off"}]}), "utf-8"
    )
    used = ok(caseline(desk, "holidays", "use", str(good), "--json", user=ADMIN)).json()
    assert used["holidays"] == 1 and used["holiday_file"].endswith("ours.json")
    fails_with_one_line(caseline(desk, "holidays", "use", str(good), user=MANAGER))
    contact = add_contact(desk)
    number = ok(caseline(desk, "case", "open", contact["number"], "--json", user=MANAGER)).json()[
        "number"
    ]
    shown = ok(caseline(desk, "case", "show", number, "--json", user=MANAGER)).json()
    assert shown["plan_due"] == "2026-10-12T23:59:59+07:00"  # Mon 5 Oct is off here
    ok(caseline(desk, "holidays", "use", "--bundled", user=ADMIN))
