"""`caseline report case|monthly|thematic`: printouts to PDF (and the monthly CSV, the
monthly and thematic tables as Excel with --xlsx)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import REDACTIONS, InputError, workspace
from desktop.cli.output import wrote
from desktop.cli.parser import Commands


def cmd_report_case(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        ws.reports.case_summary(args.number, args.redact).save(Path(args.output))
    return wrote(args.output)


def cmd_report_monthly(args: argparse.Namespace) -> int:
    check_month(args.month)
    csv_path = Path(args.csv) if args.csv else None
    xlsx_path = Path(args.xlsx) if args.xlsx else None
    with workspace(args) as ws:
        printout = ws.reports.monthly(
            args.month, csv=csv_path is not None, xlsx=xlsx_path is not None
        )
        printout.save(Path(args.output), csv_path, xlsx_path)
    return wrote(args.output, args.csv, args.xlsx)


def cmd_report_thematic(args: argparse.Namespace) -> int:
    check_month(args.from_month)
    check_month(args.to_month)
    if args.from_month > args.to_month:
        raise InputError("--from phải trước hoặc bằng --to.", "--from must not be after --to.")
    with workspace(args) as ws:
        printout = ws.reports.thematic(
            args.from_month, args.to_month, category=args.category, xlsx=bool(args.xlsx)
        )
        printout.save(Path(args.output), xlsx_path=Path(args.xlsx) if args.xlsx else None)
    return wrote(args.output, args.xlsx)


def check_month(value: str) -> None:
    ok = len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit()
    if not ok or not 1 <= int(value[5:]) <= 12:
        raise InputError(
            f"Tháng không hợp lệ: {value} (dạng YYYY-MM, ví dụ 2026-10).",
            f"Not a month: {value} (use YYYY-MM, e.g. 2026-10).",
        )


def register(commands: Commands) -> None:
    reports = commands.group("report", "print reports to PDF", "report_command", "KIND")
    p = reports.command("case", cmd_report_case, "case summary")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--redact", choices=REDACTIONS, default="full")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p = reports.command("monthly", cmd_report_monthly, "monthly report")
    p.add_argument("month", metavar="YYYY-MM")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--csv", metavar="FILE.csv")
    p.add_argument("--xlsx", metavar="FILE.xlsx", help="the tables as an Excel workbook")
    p = reports.command("thematic", cmd_report_thematic, "thematic report")
    p.add_argument("--from", dest="from_month", required=True, metavar="YYYY-MM")
    p.add_argument("--to", dest="to_month", required=True, metavar="YYYY-MM")
    p.add_argument("--category", metavar="CODE")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--xlsx", metavar="FILE.xlsx", help="the tables as an Excel workbook")
