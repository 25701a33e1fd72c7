"""`caseline report case|monthly|thematic`: printouts to PDF (and the monthly and
thematic tables as CSV with --csv, as Excel with --xlsx)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import REDACTIONS, InputError, workspace
from desktop.cli.output import wrote
from desktop.cli.parser import Commands, month_text, text
from desktop.domain import periods


def cmd_report_case(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        ws.check_output_path(args.output)  # before printing (and auditing the print)
        ws.reports.case_summary(
            args.number, args.redact, include_sensitive=args.include_sensitive
        ).save(Path(args.output))
    return wrote(args.output)


def check_distinct(*paths: str | None) -> None:
    """-o, --csv and --xlsx name different files: InputError when two are one (each would
    be written over the other, and only the last one kept)."""
    seen: dict[Path, str] = {}
    for given in (p for p in paths if p):
        resolved = Path(given).expanduser().resolve()
        if resolved in seen:
            raise InputError(
                f"{seen[resolved]} và {given} là cùng một tệp: hãy đặt tên khác nhau.",
                f"{seen[resolved]} and {given} are the same file: give each output its own name.",
            )
        seen[resolved] = given


def cmd_report_monthly(args: argparse.Namespace) -> int:
    check_month(args.month)
    check_distinct(args.output, args.csv, args.xlsx)
    csv_path = Path(args.csv) if args.csv else None
    xlsx_path = Path(args.xlsx) if args.xlsx else None
    with workspace(args) as ws:
        for path in (args.output, args.csv, args.xlsx):
            if path:
                ws.check_output_path(path)  # before printing (and auditing the print)
        printout = ws.reports.monthly(
            args.month, csv=csv_path is not None, xlsx=xlsx_path is not None
        )
        printout.save(Path(args.output), csv_path, xlsx_path)
    return wrote(args.output, args.csv, args.xlsx)


def cmd_report_thematic(args: argparse.Namespace) -> int:
    check_period(args.from_month, args.to_month)
    check_distinct(args.output, args.csv, args.xlsx)
    csv_path = Path(args.csv) if args.csv else None
    xlsx_path = Path(args.xlsx) if args.xlsx else None
    with workspace(args) as ws:
        for path in (args.output, args.csv, args.xlsx):
            if path:
                ws.check_output_path(path)
        printout = ws.reports.thematic(
            args.from_month,
            args.to_month,
            category=args.category,
            csv=csv_path is not None,
            xlsx=xlsx_path is not None,
        )
        printout.save(Path(args.output), csv_path, xlsx_path)
    return wrote(args.output, args.csv, args.xlsx)


def check_month(value: str) -> None:
    """A month a report may be about (desktop.domain.periods), checked before the desk is
    unlocked: InputError (not YYYY-MM) or ValidationError (outside the reports' range)."""
    ok = len(value) == 7 and value[4] == "-" and value.isascii()  # after NFKC (month_text)
    ok = ok and value[:4].isdigit() and value[5:].isdigit()
    if not ok or not 1 <= int(value[5:]) <= 12:
        raise InputError(
            f"Tháng không hợp lệ: {value} (dạng YYYY-MM, ví dụ 2026-10).",
            f"Not a month: {value} (use YYYY-MM, e.g. 2026-10).",
        )
    periods.check_report_month(value)


def check_period(from_month: str, to_month: str) -> None:
    """Both ends, in order, and a period no longer than a report covers."""
    check_month(from_month)
    check_month(to_month)
    if from_month > to_month:
        raise InputError("--from phải trước hoặc bằng --to.", "--from must not be after --to.")
    periods.months_between(from_month, to_month)


def cmd_report_national(args: argparse.Namespace) -> int:
    """The country's monthly report from central's aggregate (national desk, issue 15);
    --json prints the provinces compared."""
    import dataclasses

    from desktop.cli.output import print_json

    check_month(args.month)
    check_distinct(args.output, args.csv)
    csv_path = Path(args.csv) if args.csv else None
    with workspace(args) as ws:
        for path in (args.output, args.csv):
            if path:
                ws.check_output_path(path)
        figures = ws.reports.national(args.month, csv=csv_path is not None)
        figures.printout.save(Path(args.output), csv_path)
    if args.json:
        print_json([dataclasses.asdict(row) for row in figures.provinces])
        return 0
    return wrote(args.output, args.csv)


def cmd_report_national_thematic(args: argparse.Namespace) -> int:
    """The country's thematic report from central's aggregate (national desk, issue 15)."""
    check_period(args.from_month, args.to_month)
    check_distinct(args.output, args.csv)
    csv_path = Path(args.csv) if args.csv else None
    with workspace(args) as ws:
        for path in (args.output, args.csv):
            if path:
                ws.check_output_path(path)
        printout = ws.reports.national_thematic(
            args.from_month, args.to_month, args.category, csv=csv_path is not None
        )
        printout.save(Path(args.output), csv_path)
    return wrote(args.output, args.csv)


def cmd_report_body(args: argparse.Namespace) -> int:
    """The managing body every print names first; with NAME (admin) set it, with
    --default go back to the province's default."""
    import sys

    from desktop.cli.common import print_json, say

    if args.name and args.default:
        raise InputError("Cần NAME hoặc --default, không cả hai.", "Give NAME or --default.")
    with workspace(args) as ws:
        if args.name or args.default:
            body = ws.reports.set_managing_body(None if args.default else args.name)
        else:
            body = ws.reports.managing_body()
    if args.json:
        print_json({"managing_body": body})
    else:
        sys.stdout.write(say(f"Cơ quan chủ quản: {body}\n", f"Managing body: {body}\n"))
    return 0


def register(commands: Commands) -> None:
    reports = commands.group("report", "print reports to PDF", "report_command", "KIND")
    p = reports.command("case", cmd_report_case, "case summary")
    p.add_argument("number", metavar="NUMBER", type=text)
    p.add_argument("--redact", choices=REDACTIONS, default="full")
    p.add_argument(
        "--include-sensitive",
        action="store_true",
        help="a referral or anonymous print keeps ethnicity, HIV and sexual-abuse details"
        " (Decree 356/2025; audited)",
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p = reports.command("monthly", cmd_report_monthly, "monthly report")
    p.add_argument("month", metavar="YYYY-MM", type=month_text)
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--csv", metavar="FILE.csv")
    p.add_argument("--xlsx", metavar="FILE.xlsx", help="the tables as an Excel workbook")
    p = reports.command(
        "body",
        cmd_report_body,
        "the managing body named first on every print (Decree 30); NAME sets it (admin)",
    )
    p.add_argument("name", metavar="NAME", nargs="?", type=text)
    p.add_argument("--default", action="store_true", help="print the province's default")
    p.add_argument("--json", action="store_true")
    p = reports.command(
        "national", cmd_report_national, "the country's monthly report from central (national desk)"
    )
    p.add_argument("month", metavar="YYYY-MM", type=text)
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--csv", metavar="FILE.csv")
    p.add_argument("--json", action="store_true", help="print the provinces compared")
    p = reports.command(
        "national-thematic",
        cmd_report_national_thematic,
        "the country's thematic report from central (national desk)",
    )
    p.add_argument("--from", dest="from_month", required=True, metavar="YYYY-MM", type=text)
    p.add_argument("--to", dest="to_month", required=True, metavar="YYYY-MM", type=text)
    p.add_argument("--category", metavar="CODE", type=text)
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--csv", metavar="FILE.csv")
    p = reports.command("thematic", cmd_report_thematic, "thematic report")
    p.add_argument("--from", dest="from_month", required=True, metavar="YYYY-MM", type=month_text)
    p.add_argument("--to", dest="to_month", required=True, metavar="YYYY-MM", type=month_text)
    p.add_argument("--category", metavar="CODE", type=text)
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--csv", metavar="FILE.csv", help="the tables as CSV")
    p.add_argument("--xlsx", metavar="FILE.xlsx", help="the tables as an Excel workbook")
