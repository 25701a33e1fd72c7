"""`caseline case open|show|move|entry`, `caseline holidays use` and `caseline conflicts`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.cli.common import (
    EXIT_OK,
    InputError,
    json_given,
    regular_file,
    say,
    show_record,
    workspace,
)
from desktop.cli.output import case_text, one_line, print_json, print_table, saved_ref
from desktop.cli.parser import Commands, text
from desktop.services.types import CaseDetail


def cmd_case_open(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        saved = ws.open_case(
            args.contact_number,
            assigned_to=args.assign,
            urgent=args.urgent,
            harm_commune_code=args.harm_commune,
        )
    result = saved_ref(saved)
    if args.json:
        print_json(result)
    else:
        sys.stdout.write(
            say(f"Đã mở hồ sơ {result['number']}.\n", f"Opened case {result['number']}.\n")
        )
    return EXIT_OK


def cmd_case_show(args: argparse.Namespace) -> int:
    return show_record(args, lambda ws: ws.get_case(args.number), case_text, CaseDetail.to_dict)


def cmd_case_move(args: argparse.Namespace) -> int:
    """The step's data (keys as desktop.domain.steps documents, `occurred_at` allowed) from
    --json FILE|-; prints {"id","number","status","changed","entries","deadlines",
    "approval","closure_decision"}."""
    data = json_given(args)
    with workspace(args) as ws:
        moved = ws.move_case(args.number, args.to, data)
    print_json(
        {
            "id": moved.case.id,
            "number": moved.case.number,
            "status": moved.case.status,
            "changed": list(moved.changed),
            "entries": [{"id": e.id, "kind": e.kind} for e in moved.added_entries],
            "deadlines": moved.deadlines.to_dict(),
            "approval": moved.approval.to_dict() if moved.approval else None,
            "closure_decision": (
                moved.closure_decision.to_dict() if moved.closure_decision else None
            ),
        }
    )
    return EXIT_OK


ENTRY_KEYS = frozenset({"text", "data", "occurred_at", "corrects_id"})


def cmd_case_entry(args: argparse.Namespace) -> int:
    """One timeline entry from --json FILE|-: {"text", "data": {...}, "occurred_at",
    "corrects_id"} (all optional; other keys refused); prints {"id","case","kind"}."""
    given = json_given(args)
    unknown = sorted(set(given) - ENTRY_KEYS)
    if unknown:
        raise InputError(
            f"Khoá không dùng được: {', '.join(unknown)} (dùng text, data, occurred_at, "
            "corrects_id).",
            f"Unknown keys: {', '.join(unknown)} (use text, data, occurred_at, corrects_id).",
        )
    text = given.get("text") or ""
    if not isinstance(text, str):
        raise InputError("'text' phải là văn bản.", "'text' must be text.")
    data = given.get("data")
    if data is not None and not isinstance(data, dict):
        raise InputError("'data' phải là một đối tượng JSON.", "'data' must be a JSON object.")
    with workspace(args) as ws:
        saved = ws.add_entry(
            args.number,
            args.kind,
            text,
            data,
            _text_or_none(given.get("corrects_id"), "corrects_id"),
            occurred_at=_text_or_none(given.get("occurred_at"), "occurred_at"),
        )
    print_json({"id": saved.id, "case": args.number, "kind": args.kind})
    return EXIT_OK


def _text_or_none(value: Any, key: str) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    raise InputError(f"'{key}' phải là văn bản.", f"'{key}' must be text.")


def cmd_holidays_use(args: argparse.Namespace) -> int:
    """Admin: point the desk at a centre's own holiday file (validated), or --bundled."""
    if bool(args.file) == bool(args.bundled):
        raise InputError(
            "Cần đúng một trong hai: FILE hoặc --bundled.", "Give exactly one of FILE or --bundled."
        )
    if args.file:
        regular_file(Path(args.file), "tệp ngày nghỉ lễ", "Holiday file")  # a FIFO would hang
    with workspace(args) as ws:
        result = ws.set_holiday_file(None if args.bundled else args.file).to_dict()
    if args.json:
        print_json(result)
    else:
        sys.stdout.write(
            say(
                f"Dùng tệp ngày nghỉ {result['holiday_file']}: {result['holidays']} ngày nghỉ, "
                f"{result['provisional']} ngày chưa chính thức.\n",
                f"Using the holiday file {result['holiday_file']}: {result['holidays']} days "
                f"off, {result['provisional']} provisional.\n",
            )
        )
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        conflicts = ws.list_conflicts()
    if args.json:
        print_json([c.to_dict() for c in conflicts])
        return EXIT_OK
    if not conflicts:
        sys.stdout.write(say("Không có xung đột nào đang mở.\n", "No open conflicts.\n"))
        return EXIT_OK
    rows = [
        (
            c.conflict.record_entity,
            c.record_number or c.conflict.record_id,
            c.conflict.field_name,
            one_line(json.dumps(c.conflict.kept_value, ensure_ascii=False)),
            one_line(json.dumps(c.conflict.other_value, ensure_ascii=False)),
        )
        for c in conflicts
    ]
    print_table(rows, ("record", "id", "field", "kept", "other"))
    return EXIT_OK


def cmd_case_transfer(args: argparse.Namespace) -> int:
    """The case moves to another province with its history (issue 12)."""
    with workspace(args) as ws:
        saved = ws.transfer_case(args.number, args.province)
    if args.json:
        print_json({**saved_ref(saved), "province": args.province})
    else:
        sys.stdout.write(
            say(
                f"Đã chuyển hồ sơ {saved.number} sang tỉnh, thành phố {args.province}.\n",
                f"Case {saved.number} transferred to province {args.province}.\n",
            )
        )
    return EXIT_OK


def cmd_case_remind(args: argparse.Namespace) -> int:
    """Set a case's next follow-up and/or review date (issue 12)."""
    with workspace(args) as ws:
        saved = ws.set_reminders(args.number, follow_up_on=args.follow_up, review_on=args.review)
        case = ws.get_case(saved.id).case
    shown = {
        "number": saved.number,
        "follow_up_on": case.follow_up_on,
        "review_on": case.review_on,
    }
    if args.json:
        print_json(shown)
    else:
        sys.stdout.write(
            say(
                f"Hồ sơ {saved.number}: theo dõi {case.follow_up_on or '—'},"
                f" rà soát {case.review_on or '—'}.\n",
                f"Case {saved.number}: follow-up {case.follow_up_on or '—'},"
                f" review {case.review_on or '—'}.\n",
            )
        )
    return EXIT_OK


def register(commands: Commands) -> None:
    cases = commands.group("case", "open and show cases", "case_command", "ACTION")
    p = cases.command("open", cmd_case_open, "open a case from a contact")
    p.add_argument("contact_number", metavar="CONTACT_NUMBER", type=text)
    p.add_argument("--assign", metavar="USER", type=text)
    p.add_argument("--urgent", action="store_true", default=None)
    p.add_argument(
        "--harm-commune", metavar="CODE", default=None,
        help="2025 code of the commune where the harm happened (default: the child's)",
    )  # fmt: skip
    p.add_argument("--json", action="store_true")
    p = cases.command("show", cmd_case_show, "show a case with its timeline")
    p.add_argument("number", metavar="NUMBER", type=text)
    p.add_argument("--json", action="store_true")
    p = cases.command("move", cmd_case_move, "move a case to its next Decree 56 step")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--to", required=True, metavar="STEP")
    p.add_argument(
        "--json", metavar="FILE|-", default=None,
        help="the step's data: assessment, risk, plan, approved_by, approved_at, decision_no,"
        " review, closure_reason, reason, occurred_at",
    )  # fmt: skip
    p = cases.command("entry", cmd_case_entry, "add a timeline entry to a case")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--kind", required=True, metavar="KIND")
    p.add_argument(
        "--json", metavar="FILE|-", default=None,
        help='{"text", "data", "occurred_at", "corrects_id"}',
    )  # fmt: skip
    p = cases.command("remind", cmd_case_remind, "set the next follow-up and review dates")
    p.add_argument("number", metavar="NUMBER", type=text)
    p.add_argument("--follow-up", metavar="DATE", type=text, help="dd/mm/yyyy; '' clears it")
    p.add_argument("--review", metavar="DATE", type=text, help="dd/mm/yyyy; '' clears it")
    p.add_argument("--json", action="store_true")
    p = cases.command(
        "transfer", cmd_case_transfer, "move a case with its history to another province"
    )
    p.add_argument("number", metavar="NUMBER", type=text)
    p.add_argument("--province", required=True, metavar="CODE", type=text)
    p.add_argument("--json", action="store_true")

    holidays = commands.group("holidays", "the working-day calendar", "holidays_command", "ACTION")
    p = holidays.command("use", cmd_holidays_use, "use a centre's own holiday file (admin)")
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument("--bundled", action="store_true", help="go back to the bundled file")
    p.add_argument("--json", action="store_true")

    p = commands.command("conflicts", cmd_conflicts, "open sync conflicts")
    p.add_argument("--json", action="store_true")
