"""`caseline handoff send|list|accept|decline` (issue 15): the national line hands a
contact or case to a province; the province accepts or declines it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop.cli.common import EXIT_OK, say, say_all, workspace
from desktop.cli.output import label, one_line, print_json, print_table, when
from desktop.cli.parser import Commands, text


def cmd_handoff_send(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        saved = ws.handoffs.send(
            args.number, args.province, urgent=args.urgent, note=args.note or ""
        )
        row = next(r for r in ws.handoffs.list() if r.id == saved.id)
    if args.json:
        print_json(row.to_dict())
        return EXIT_OK
    sys.stdout.write(
        say(
            f"Đã chuyển tuyến {saved.number} cho tỉnh/thành {row.to_province} (mã {row.short_id})."
            " Hạn nhận được tính khi máy chủ trung tâm nhận được (đồng bộ).\n",
            f"Handed {saved.number} to province {row.to_province} (id {row.short_id})."
            " The deadline to accept starts when central receives it (sync).\n",
        )
    )
    return EXIT_OK


# `handoff list` in one language (--lang / CASELINE_LANG): labels, never raw codes.
_HEADERS_VI = ("mã", "số", "tỉnh nhận", "khẩn", "hạn nhận", "trạng thái", "trả lời")
_HEADERS_EN = ("id", "number", "to", "urgent", "accept by", "status", "answer")
_STATUS = {
    "sent": ("chờ nhận", "waiting"),
    "accepted": ("đã nhận", "accepted"),
    "declined": ("bị từ chối", "declined"),
    "redirected": ("đã chuyển hướng", "redirected"),
}


def handoff_state(row: Any) -> str:
    """The status cell: the status, OVERDUE, and the outcome as step and closure-reason
    labels with the date (dd/mm/yyyy), in the CLI's language."""
    vi, en = _STATUS.get(row.status, (row.status, row.status))
    state = say(vi, en) + (say(" QUÁ HẠN", " OVERDUE") if row.overdue else "")
    if row.outcome_at:
        step = label("case_steps", row.outcome_step)
        reason = label("closure_reasons", row.outcome_reason)
        state += say(" → kết quả: ", " → outcome: ") + f"{step}, {reason}, {when(row.outcome_at)}"
    return one_line(state)


def handoff_table(rows: list[Any]) -> list[list[str]]:
    """The rows of `handoff list` (text) for `HandoffRow`s."""
    return [
        [
            r.short_id,
            r.source_number,
            r.to_province,
            "!" if r.urgent else "",
            r.accept_by.strftime("%d/%m/%Y %H:%M") if r.accept_by else "-",
            handoff_state(r),
            r.accepted_number or one_line(r.decline_reason),
        ]
        for r in rows
    ]


def cmd_handoff_list(args: argparse.Namespace) -> int:
    direction = "incoming" if args.incoming else "outgoing" if args.outgoing else None
    with workspace(args) as ws:
        rows = ws.handoffs.list(direction)
    if args.json:
        print_json([r.to_dict() for r in rows])
        return EXIT_OK
    if not rows:
        sys.stdout.write(say("Không có yêu cầu chuyển tuyến nào.\n", "No handoffs.\n"))
        return EXIT_OK
    print_table(handoff_table(rows), say_all(_HEADERS_VI, _HEADERS_EN))
    return EXIT_OK


def cmd_handoff_accept(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        saved = ws.handoffs.accept(args.handoff_id, open_case=args.open_case)
    if args.json:
        print_json({**saved.to_dict(), "entity": saved.entity})
        return EXIT_OK
    sys.stdout.write(
        say(
            f"Đã nhận chuyển tuyến: {saved.number}.\n",
            f"Handoff accepted: {saved.number}.\n",
        )
    )
    return EXIT_OK


def cmd_handoff_decline(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        saved = ws.handoffs.decline(args.handoff_id, args.reason)
    sys.stdout.write(
        say(
            f"Đã từ chối chuyển tuyến {saved.number}; tổng đài quốc gia sẽ thấy lý do.\n",
            f"Declined the handoff of {saved.number}; the national line will see the reason.\n",
        )
    )
    return EXIT_OK


def register(commands: Commands) -> None:
    handoffs = commands.group(
        "handoff", "national handoffs: send, list, accept, decline", "handoff_command", "ACTION"
    )
    p = handoffs.command(
        "send", cmd_handoff_send, "hand a national contact or case to a province (national desk)"
    )
    p.add_argument("number", metavar="CONTACT_OR_CASE_NUMBER", type=text)
    p.add_argument(
        "--province", required=True, metavar="CODE", type=text,
        help="2025 code of the receiving province (e.g. 48)",
    )  # fmt: skip
    p.add_argument(
        "--urgent", action="store_true", help="12 hours to accept (default 1 working day)"
    )
    p.add_argument("--note", metavar="TEXT", type=text, default="")
    p.add_argument("--json", action="store_true")
    p = handoffs.command("list", cmd_handoff_list, "handoffs sent (national) or received")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--incoming", action="store_true", help="handed to this province")
    which.add_argument("--outgoing", action="store_true", help="sent by this national desk")
    p.add_argument("--json", action="store_true")
    p = handoffs.command(
        "accept", cmd_handoff_accept, "accept a handoff: it becomes this desk's contact"
    )
    p.add_argument("handoff_id", metavar="HANDOFF_ID", type=text)
    p.add_argument("--open-case", action="store_true", help="also open a case from it")
    p.add_argument("--json", action="store_true")
    p = handoffs.command("decline", cmd_handoff_decline, "decline a handoff, with the reason")
    p.add_argument("handoff_id", metavar="HANDOFF_ID", type=text)
    p.add_argument("--reason", required=True, metavar="TEXT", type=text)
