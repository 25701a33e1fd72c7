"""`caseline case open|show` and `caseline conflicts`."""

from __future__ import annotations

import argparse
import json
import sys

from desktop.cli.common import EXIT_OK, say, workspace
from desktop.cli.output import case_text, one_line, print_json, print_table, saved_ref
from desktop.cli.parser import Commands


def cmd_case_open(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        saved = ws.open_case(args.contact_number, assigned_to=args.assign, urgent=args.urgent)
    result = saved_ref(saved)
    if args.json:
        print_json(result)
    else:
        sys.stdout.write(
            say(f"Đã mở hồ sơ {result['number']}.\n", f"Opened case {result['number']}.\n")
        )
    return EXIT_OK


def cmd_case_show(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        case = ws.get_case(args.number)
    if args.json:
        print_json(case)
        return EXIT_OK
    sys.stdout.write(case_text(case))
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        conflicts = ws.list_conflicts()
    if args.json:
        print_json(conflicts)
        return EXIT_OK
    if not conflicts:
        sys.stdout.write(say("Không có xung đột nào đang mở.\n", "No open conflicts.\n"))
        return EXIT_OK
    rows = [
        (
            c.get("record_entity", ""),
            c.get("record_number") or c.get("record_id", ""),
            c.get("field_name", ""),
            one_line(json.dumps(c.get("kept_value"), ensure_ascii=False)),
            one_line(json.dumps(c.get("other_value"), ensure_ascii=False)),
        )
        for c in conflicts
    ]
    print_table(rows, ("record", "id", "field", "kept", "other"))
    return EXIT_OK


def register(commands: Commands) -> None:
    cases = commands.group("case", "open and show cases", "case_command", "ACTION")
    p = cases.command("open", cmd_case_open, "open a case from a contact")
    p.add_argument("contact_number", metavar="CONTACT_NUMBER")
    p.add_argument("--assign", metavar="USER")
    p.add_argument("--urgent", action="store_true", default=None)
    p.add_argument("--json", action="store_true")
    p = cases.command("show", cmd_case_show, "show a case with its timeline")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--json", action="store_true")

    p = commands.command("conflicts", cmd_conflicts, "open sync conflicts")
    p.add_argument("--json", action="store_true")
