"""Text typed by a caller or a worker never runs as a formula in a file the desk writes
(review i13 #2, OWASP "CSV Injection"): list exports (CSV, Excel) and the reports' tables
keep `=…`, `+…`, `-…`, `@…` (and a leading tab or CR) as text."""

from __future__ import annotations

import csv
import io

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from desktop.reports.cells import FORMULA_LEADS, SafeCsvWriter, formula_like, keep_text
from desktop.services.exports import table_bytes

HYPERLINK = '=HYPERLINK("http://x.example","Xem")'


def _xlsx_cells(content: bytes) -> list[tuple[object, str]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [(cell.value, cell.data_type) for row in sheet.iter_rows(min_row=2) for cell in row]


def _csv_cells(content: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    return [value for row in rows[1:] for value in row]


def test_a_hyperlink_typed_as_a_callers_name_is_text_in_the_excel_and_csv_export():
    table = [["Người liên hệ", "Trẻ em", "Số"], [HYPERLINK, "=1+1", 3], ["@SUM(A1)", "-2+3", -4]]
    assert _xlsx_cells(table_bytes(table, "xlsx")) == [
        (HYPERLINK, "s"),
        ("=1+1", "s"),
        (3, "n"),
        ("@SUM(A1)", "s"),
        ("-2+3", "s"),
        (-4, "n"),  # numbers stay numbers
    ]
    assert _csv_cells(table_bytes(table, "csv")) == [
        "'" + HYPERLINK, "'=1+1", "3", "'@SUM(A1)", "'-2+3", "-4"
    ]  # fmt: skip


def test_the_reports_workbooks_and_csv_keep_a_formula_like_label_as_text():
    book = Workbook()
    book.active.append(["Xã", HYPERLINK, 5])
    keep_text(book)  # what desktop.reports.spreadsheet does before every save
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = openpyxl.load_workbook(buffer).active
    assert [(c.value, c.data_type) for c in sheet[1]] == [
        ("Xã", "s"), (HYPERLINK, "s"), (5, "n")
    ]  # fmt: skip
    handle = io.StringIO(newline="")
    SafeCsvWriter(handle).writerow(["commune", HYPERLINK, -1])
    assert next(csv.reader(io.StringIO(handle.getvalue()))) == ["commune", "'" + HYPERLINK, "-1"]


_TEXT = st.builds(
    str.__add__,  # a lead a spreadsheet runs (or none), then any text
    st.sampled_from((*FORMULA_LEADS, "", "Đ", " ")),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(FORMULA_LEADS),
        max_size=30,
    ),
)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(texts=st.lists(_TEXT, min_size=1, max_size=4))
def test_no_exported_text_cell_is_ever_a_formula(texts):
    table = [["Cột"] * len(texts), texts]
    for typed, (value, data_type) in zip(
        texts, _xlsx_cells(table_bytes(table, "xlsx")), strict=False
    ):
        assert data_type != "f"
        if typed and "\r" not in typed:  # XML reads a bare CR back as LF
            assert value == typed
    for typed, written in zip(texts, _csv_cells(table_bytes(table, "csv")), strict=True):
        assert not formula_like(written), "a spreadsheet would run it"
        assert written == ("'" + typed if formula_like(typed) else typed)
