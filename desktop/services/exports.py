"""Exports of the lists a manager sees (contacts, cases, children) as CSV or Excel,
audited like a print: who, when, which list, how many rows (never the rows themselves)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop.reports import cells as cells_
from desktop.services import errors
from desktop.services.base import WorkspaceBase

LISTS = ("contacts", "cases", "children")
FORMATS = ("csv", "xlsx")


def table_bytes(table: Sequence[Sequence[Any]], fmt: str, sheet: str = "Danh sách") -> bytes:
    """A header row and data rows as CSV (UTF-8 with a BOM, so Excel reads Vietnamese
    right) or an Excel workbook (openpyxl, write-only); text stays text: a cell typed as
    `=…`, `+…`, `-…`, `@…` is never run as a formula (desktop.reports.cells)."""
    if fmt == "csv":
        out = io.StringIO(newline="")
        csv.writer(out).writerows(cells_.csv_rows(table))
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet_ = book.create_sheet(sheet[:31])
    for index, row in enumerate(table):
        if index == 0:
            cells = []
            for value in row:
                cell = cells_.xlsx_cell(sheet_, value)
                cell.font = Font(bold=True)
                cells.append(cell)
            sheet_.append(cells)
        else:
            sheet_.append([cells_.xlsx_cell(sheet_, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class ExportsPart(WorkspaceBase):
    """`export_list(...)`: a list, as shown, to a file the manager chose."""

    def export_list(
        self, kind: str, table: Sequence[Sequence[Any]], path: Path | str, fmt: str = "csv"
    ) -> Path:
        """Write `table` (a header row, then one row per record, as the list shows them)
        to `path` as `fmt` ("csv" | "xlsx"). Permission report.export (managers);
        audited as "export" {list, rows, format}. ValidationError for an unknown list or
        format, OutputRefused for the desk's own files, OSError when it cannot be written."""
        self._require("report.export")
        if kind not in LISTS or fmt not in FORMATS:
            raise errors.bad_field(
                "format", "Không xuất được danh sách này.", "This list cannot be exported."
            )
        self.check_output_path(path)
        content = table_bytes(table, fmt)
        written = self.save_output(path, content)
        self.record_event("export", report=f"{kind}_list", rows=max(0, len(table) - 1), format=fmt)
        return written


__all__ = ["ExportsPart", "table_bytes"]
