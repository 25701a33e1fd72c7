"""`caseline contact add|update|show` and `caseline search`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop.cli.common import (
    EXIT_OK,
    InputError,
    save_from_json,
    say,
    say_all,
    show_record,
    workspace,
)
from desktop.cli.output import (
    contact_text,
    label,
    one_line,
    print_json,
    print_table,
    when,
)
from desktop.cli.parser import Commands, text, whole_number


def cmd_contact_add(args: argparse.Namespace) -> int:
    return save_from_json(args, lambda ws, document: ws.record_contact(document))


def cmd_contact_update(args: argparse.Namespace) -> int:
    return save_from_json(args, lambda ws, changes: ws.update_contact(args.number, changes))


def cmd_contact_show(args: argparse.Namespace) -> int:
    return show_record(args, lambda ws: ws.get_contact(args.number), contact_text)


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise InputError("--limit phải lớn hơn 0.", "--limit must be at least 1.")
    with workspace(args) as ws:
        hits = ws.search(args.text, limit=args.limit)
    if args.json:
        print_json(hits)
        return EXIT_OK
    rows = [
        (
            label("kinds", h.get("kind")),
            h.get("number") or "",
            one_line(h.get("name") or ""),
            one_line(h.get("caller") or ""),
            _hit_detail(h),
        )
        for h in hits
    ]
    if not rows:
        sys.stdout.write(say("Không tìm thấy.\n", "Nothing found.\n"))
        return EXIT_OK
    print_table(
        rows,
        say_all(
            ("loại", "số", "tên", "người gọi", "chi tiết"),
            ("kind", "number", "name", "caller", "detail"),
        ),
    )
    return EXIT_OK


def _hit_detail(hit: dict[str, Any]) -> str:
    if hit.get("kind") == "contact":
        return when(hit.get("received_at"))
    if hit.get("kind") == "case":
        return label("case_steps", hit.get("status"))
    return str(hit.get("birth_year") or "")


def register(commands: Commands) -> None:
    contacts = commands.group("contact", "record and change contacts", "contact_command", "ACTION")
    p = contacts.command("add", cmd_contact_add, "record a contact from JSON")
    p.add_argument("--json", required=True, metavar="FILE|-")
    p = contacts.command("update", cmd_contact_update, "change the given fields")
    p.add_argument("number", metavar="NUMBER", type=text)
    p.add_argument("--json", required=True, metavar="FILE|-")
    p = contacts.command("show", cmd_contact_show, "show one contact")
    p.add_argument("number", metavar="NUMBER", type=text)
    p.add_argument("--json", action="store_true")

    p = commands.command("search", cmd_search, "search children, contacts and cases")
    p.add_argument("text", metavar="TEXT", type=text)
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=whole_number, default=20, metavar="N")
