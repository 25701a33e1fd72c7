"""`caseline person export|erase` and `caseline purge`: a person's rights and retention
(issue 12; Law 91/2025/QH15). Public contract: see README.md and docs/admin-guide.md."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from desktop.cli.common import EXIT_OK, say, say_all, workspace
from desktop.cli.output import print_json, print_table, when
from desktop.cli.parser import Commands, text, whole_number
from desktop.domain import retention

_ACTIONS = {
    "erase": ("xoá", "erase"),
    "clear_caller": ("xoá thông tin người gọi", "clear the caller"),
    "anonymise": ("ẩn danh", "anonymise"),
    "unlink": ("bỏ liên kết trẻ em", "unlink the child"),
}


def cmd_person_export(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        export = ws.rights.export(args.number)
        written = export.save(args.output)
    if args.json:
        print_json(
            {
                "subject": export.subject,
                "key": export.key,
                "due": export.data["request"]["due"],
                "files": [str(p) for p in written],
            }
        )
    else:
        for path in written:
            sys.stdout.write(say(f"Đã ghi {path}\n", f"Wrote {path}\n"))
    return EXIT_OK


def cmd_person_withdraw(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        changed = ws.rights.withdraw_consent(args.number, args.purpose or None)
    if args.json:
        print_json({"contacts": changed, "purposes": args.purpose or "all"})
    else:
        sys.stdout.write(
            say(
                f"Đã ghi nhận rút lại sự đồng ý ở {len(changed)} cuộc liên hệ.\n",
                f"Consent withdrawn on {len(changed)} contact(s).\n",
            )
        )
    return EXIT_OK


def cmd_person_restrict(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        child_id = ws.rights.restrict(args.number, lift=args.lift)
    if args.json:
        print_json({"child": child_id, "restricted": not args.lift})
    else:
        sys.stdout.write(
            say(
                "Đã gỡ hạn chế xử lý.\n" if args.lift else "Đã hạn chế xử lý dữ liệu của trẻ em.\n",
                "Restriction lifted.\n" if args.lift else "The child's data is restricted.\n",
            )
        )
    return EXIT_OK


def cmd_person_erase(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        plan = ws.rights.erase(args.number, dry_run=args.dry_run)
    if args.json:
        print_json(plan.to_dict())
        return EXIT_OK
    _print_removals(plan.removals)
    sys.stdout.write(
        say(
            f"{'Sẽ xoá' if args.dry_run else 'Đã xoá'} {len(plan.removals)} bản ghi"
            f" (hạn trả lời yêu cầu {when(plan.due)}).\n",
            f"{'Would remove' if args.dry_run else 'Removed'} {len(plan.removals)} records"
            f" (request due {when(plan.due)}).\n",
        )
    )
    return EXIT_OK


def cmd_purge(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        removed = ws.rights.purge(dry_run=args.dry_run)
    if args.json:
        print_json({"dry_run": args.dry_run, "removals": [asdict(r) for r in removed]})
        return EXIT_OK
    _print_removals(removed)
    sys.stdout.write(
        say(
            f"{'Sẽ xoá' if args.dry_run else 'Đã xoá'} {len(removed)} bản ghi hết thời hạn lưu giữ.\n",
            f"{'Would remove' if args.dry_run else 'Removed'} {len(removed)} records past"
            " their retention.\n",
        )
    )
    return EXIT_OK


def cmd_retention_show(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        rules = ws.rights.retention()["rules"]
    if args.json:
        print_json(rules)
        return EXIT_OK
    rows = [
        (r["code"], str(r["days"]), str(r["default_days"]), say(r["vi"], r["en"])) for r in rules
    ]
    print_table(
        rows,
        say_all(("quy tắc", "ngày", "mặc định", "nội dung"), ("rule", "days", "default", "what")),
    )
    return EXIT_OK


def cmd_retention_set(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        ws.rights.set_retention(args.rule, args.days)
    sys.stdout.write(
        say(
            f"Thời hạn lưu giữ {args.rule}: {args.days} ngày.\n",
            f"Retention {args.rule}: {args.days} days.\n",
        )
    )
    return EXIT_OK


def cmd_reminders(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        due = ws.reminders(args.days)
    if args.json:
        print_json([r.to_dict() for r in due])
        return EXIT_OK
    if not due:
        sys.stdout.write(say("Không có việc cần nhắc.\n", "Nothing due.\n"))
        return EXIT_OK
    kinds = {"follow_up": ("theo dõi", "follow-up"), "review": ("rà soát", "review")}
    rows = [
        (
            r.on,
            say(*kinds[r.kind]) + (say(" (quá hạn)", " (overdue)") if r.overdue else ""),
            r.number,
            r.child,
            r.assigned_to,
        )
        for r in due
    ]
    print_table(
        rows,
        say_all(
            ("ngày", "việc", "hồ sơ", "trẻ em", "phụ trách"),
            ("date", "what", "case", "child", "assigned to"),
        ),
    )
    return EXIT_OK


def _print_removals(removals) -> None:
    if not removals:
        return
    rows = [
        (r.entity, r.number or r.id, say(*_ACTIONS.get(r.action, (r.action, r.action))), r.rule)
        for r in removals
    ]
    print_table(
        rows,
        say_all(("loại", "số / mã", "việc", "quy tắc"), ("kind", "number / id", "action", "rule")),
    )


def register(commands: Commands) -> None:
    group = commands.group(
        "person", "a person's data: export or erase (Law 91/2025)", "person_command", "ACTION"
    )
    p = group.command(
        "export",
        cmd_person_export,
        "everything about a caller (contact number) or a child (case number or child id),"
        " as JSON and PDF in DIR",
    )
    p.add_argument("number", metavar="CHILD_OR_CONTACT_NUMBER", type=text)
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.add_argument("--json", action="store_true")
    p = group.command(
        "withdraw",
        cmd_person_withdraw,
        "the person withdraws consent (all purposes, or each --purpose given)",
    )
    p.add_argument("number", metavar="CHILD_OR_CONTACT_NUMBER", type=text)
    p.add_argument(
        "--purpose", action="append", choices=("counselling", "referral", "sharing", "printing")
    )
    p.add_argument("--json", action="store_true")
    p = group.command(
        "restrict",
        cmd_person_restrict,
        "restrict a child's data (case number or child id): no print, referral or transfer",
    )
    p.add_argument("number", metavar="CASE_NUMBER_OR_CHILD_ID", type=text)
    p.add_argument("--lift", action="store_true", help="lift the restriction")
    p.add_argument("--json", action="store_true")
    p = group.command(
        "erase",
        cmd_person_erase,
        "erase a caller (contact number) or a child (case number or child id); an open"
        " case stops it",
    )
    p.add_argument("number", metavar="CHILD_OR_CONTACT_NUMBER", type=text)
    p.add_argument("--dry-run", action="store_true", help="list what would go, change nothing")
    p.add_argument("--json", action="store_true")
    group = commands.group(
        "retention", "retention periods per kind of record", "retention_command", "ACTION"
    )
    p = group.command("show", cmd_retention_show, "the retention rules and their periods")
    p.add_argument("--json", action="store_true")
    p = group.command("set", cmd_retention_set, "admin: set one rule's period in days")
    p.add_argument("rule", choices=[r.code for r in retention.RULES])
    p.add_argument("days", type=whole_number)
    p = commands.command("reminders", cmd_reminders, "follow-ups and reviews due")
    p.add_argument(
        "--days", type=whole_number, default=0, help="also what is due in the next N days"
    )
    p.add_argument("--json", action="store_true")
    p = commands.command("purge", cmd_purge, "remove what is past its retention period")
    p.add_argument("--dry-run", action="store_true", help="list what would go, change nothing")
    p.add_argument("--json", action="store_true")
