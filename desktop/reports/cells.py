"""Spreadsheet cells that stay text: the one guard against formula injection (CSV
injection, OWASP "CSV Injection") for every CSV and Excel file the desk writes — list
exports (desktop.services.exports) and the monthly and thematic reports' tables.

A caller's name, a child's name or a summary is typed by people outside the centre; a
spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` (and, after a tab or
carriage return, what follows) as a formula, e.g. `=HYPERLINK("http://x.example","Xem")`.
- CSV: such a text cell gets a leading apostrophe (`'=HYPERLINK(...)`), as OWASP advises;
  Excel and LibreOffice show the rest as text.
- Excel (openpyxl): such a cell is written with data type "s" (a string), never "f"; the
  workbook shows exactly what was typed and runs nothing.
Numbers (int, float) are left alone: a negative difference stays a number."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    """True when `value` is text a spreadsheet program would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def csv_cell(value: Any) -> Any:
    """`value` for a CSV cell: formula-like text prefixed with `'`; anything else as is."""
    return "'" + value if formula_like(value) else value


def csv_rows(rows: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """Rows for `csv.writer(...).writerows`, every cell through `csv_cell`."""
    return [[csv_cell(value) for value in row] for row in rows]


class SafeCsvWriter:
    """`csv.writer(handle)` whose rows go through `csv_cell` (same writerow/writerows)."""

    def __init__(self, handle: Any) -> None:
        import csv

        self._out = csv.writer(handle)

    def writerow(self, row: Sequence[Any]) -> Any:
        return self._out.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """An openpyxl cell for `sheet` (write-only or not) holding `value`; text is always a
    string cell (data type "s"), never a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def keep_text(book: Any) -> None:
    """Every cell of an openpyxl workbook (not write-only) that openpyxl took for a formula
    becomes a string cell again: the desk never writes formulas, so any "=…" is text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


__all__ = [
    "FORMULA_LEADS",
    "SafeCsvWriter",
    "csv_cell",
    "csv_rows",
    "formula_like",
    "keep_text",
    "xlsx_cell",
]
