"""The monthly and thematic reports' tables as an Excel workbook (openpyxl): one sheet per
table, numbers stored as numbers (so a manager can sum, chart and paste them), a first
sheet saying what the workbook is, for whom and when its figures were taken.

Pure rendering like the PDFs: figures in, `.xlsx` bytes out; nothing is written here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.domain.periods import Comparison
from desktop.reports.cells import keep_text
from desktop.reports.figures import Section
from desktop.reports.monthly import MonthlyStats
from desktop.reports.pdf import VIETNAM, fmt_month, plain_text
from desktop.reports.thematic import ThematicStats, trend_by_period

_HEAD_FILL = PatternFill("solid", fgColor="E8EEF4")
_BOLD = Font(bold=True)
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


SHEET_NAME_MAX = 31  # Excel's limit on a sheet name


def _words_within(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters; otherwise its first whole words that fit,
    with "…" after them (a single word longer than the limit is cut, "…" after it)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;–-") + "…"


def _sheet_title(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook; a
    longer title is cut after a whole word ("Cuộc liên hệ theo kênh tiếp…"), never
    inside one."""
    base = " ".join(_SHEET_NAME_BAD.sub(" ", plain_text(title)).split()) or "Bảng"
    name, n = _words_within(base, SHEET_NAME_MAX), 1
    while name.lower() in used:
        n += 1
        suffix = f" ({n})"
        name = _words_within(base, SHEET_NAME_MAX - len(suffix)) + suffix
    used.add(name.lower())
    return name


def _table(
    book: Workbook,
    used: set[str],
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    note: str = "",
) -> Worksheet:
    sheet = book.create_sheet(_sheet_title(title, used))
    sheet.append([plain_text(title)])
    sheet["A1"].font = Font(bold=True, size=12)
    if note:
        sheet.append([plain_text(note)])
    sheet.append([])
    sheet.append(list(header))
    head_row = sheet.max_row
    for cell in sheet[head_row]:
        cell.font, cell.fill = _BOLD, _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([plain_text(v) if isinstance(v, str) else v for v in row])
    sheet.freeze_panes = sheet.cell(row=head_row + 1, column=2)
    sheet.column_dimensions["A"].width = 48
    for column in range(2, len(header) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16
    return sheet


def _about(book: Workbook, title: str, lines: Sequence[tuple[str, str]]) -> None:
    sheet = book.active
    sheet.title = "Thông tin"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    for label, value in lines:
        if value:
            sheet.append([label, plain_text(value)])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 80


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    keep_text(book)  # typed text is never a formula (formula injection)
    book.save(buffer)
    return buffer.getvalue()


def _taken(printed_at: datetime) -> str:
    return printed_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def monthly_xlsx(
    stats_: MonthlyStats,
    *,
    centre_name: str,
    printed_at: datetime,
    provisional_note: str = "",
) -> bytes:
    """The monthly report's tables: one sheet per section (the month, the previous
    month, the same month last year, and both differences, all integers)."""
    comparison: Comparison = stats_.comparison
    book = Workbook()
    _about(
        book,
        "BÁO CÁO ĐỊNH KỲ THÁNG",
        [
            ("Đơn vị", centre_name),
            ("Phạm vi", stats_.scope),
            ("Tháng", fmt_month(comparison.month)),
            ("Số liệu lấy lúc", _taken(printed_at)),
            ("Ghi chú", provisional_note),
        ],
    )
    header = [
        "",
        f"Tháng {fmt_month(comparison.month)}" + (" (tạm tính)" if provisional_note else ""),
        f"Tháng trước ({fmt_month(comparison.previous)})",
        f"Cùng kỳ ({fmt_month(comparison.last_year)})",
        "So với tháng trước",
        "So với cùng kỳ",
    ]
    sections: list[Section] = list(stats_.sections)
    if stats_.by_province is not None:
        sections.insert(1, stats_.by_province)
    used = {"thông tin"}
    for section in sections:
        rows = [
            [line.label, cur, prev, last, cur - prev, cur - last]
            for line in section.lines
            for cur, prev, last in [line.counts]
        ]
        _table(book, used, section.title, header, rows, section.note)
    return _bytes(book)


def thematic_xlsx(
    figures: ThematicStats,
    *,
    centre_name: str,
    printed_at: datetime,
    provisional_note: str = "",
) -> bytes:
    """The thematic report's tables: the totals, the trend month by month (and by
    quarter or year when the PDF groups it so), one sheet per breakdown. The anonymised
    case descriptions are not tables and stay in the PDF only."""
    months = figures.months
    book = Workbook()
    _about(
        book,
        "BÁO CÁO CHUYÊN ĐỀ",
        [
            ("Đơn vị", centre_name),
            ("Chủ đề", figures.theme),
            ("Kỳ báo cáo", f"{fmt_month(months[0])} – {fmt_month(months[-1])}"),
            ("Số liệu lấy lúc", _taken(printed_at)),
            ("Ghi chú", provisional_note),
        ],
    )
    used = {"thông tin"}
    cur, prev, last = figures.totals.counts
    _table(
        book,
        used,
        "Tổng quan",
        [
            "",
            "Kỳ báo cáo" + (" (tạm tính)" if provisional_note else ""),
            f"Kỳ trước ({len(months)} tháng)",
            "Cùng kỳ năm trước",
        ],
        # A period over 12 months overlaps the same months a year earlier: not compared.
        [[figures.totals.label, cur, prev, last if figures.compares_last_year else None]],
    )
    trend_header = ["", "Số cuộc liên hệ", "Cùng kỳ năm trước", "Thay đổi"]
    _table(
        book,
        used,
        "Theo tháng",
        trend_header,
        [[line.label, *line.counts, line.counts[0] - line.counts[1]] for line in figures.trend],
    )
    grouped = trend_by_period(figures.trend)
    if len(grouped) != len(figures.trend):
        title = "Theo quý" if "Q" in grouped[0].code else "Theo năm"
        rows = [[line.label, *line.counts, line.counts[0] - line.counts[1]] for line in grouped]
        _table(book, used, title, trend_header, rows)
    for section in figures.breakdowns:
        rows = [[line.label, line.counts[0]] for line in section.lines]
        _table(book, used, section.title, ["", f"Số {section.unit}"], rows)
    return _bytes(book)
