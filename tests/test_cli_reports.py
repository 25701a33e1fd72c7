"""A manager prints the case summary, the monthly and the thematic report from the command
line; the PDFs are read back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pypdf import PdfReader
from test_cli_support import (
    INTAKE,
    MANAGER,
    add_contact,
    caseline,
    fails_with_one_line,
    new_desk,
    ok,
)


def _text(path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


@pytest.fixture(scope="module")
def desk_with_case(tmp_path_factory):
    desk = new_desk(tmp_path_factory.mktemp("desk"))
    contact = add_contact(desk)
    case = ok(caseline(desk, "case", "open", contact["number"], "--json", user=MANAGER)).json()
    return desk, case["number"]


def test_a_manager_prints_a_case_summary_and_an_anonymous_one(desk_with_case, tmp_path):
    desk, number = desk_with_case
    full, anonymous = tmp_path / "full.pdf", tmp_path / "anonymous.pdf"
    ok(caseline(desk, "report", "case", number, "-o", str(full), user=MANAGER))
    ok(caseline(desk, "report", "case", number, "--redact", "anonymous", "-o", str(anonymous),
                user=MANAGER))  # fmt: skip
    assert number in _text(full) and "Hoà" in _text(full)
    assert "Đặng Thị Hoà" not in _text(anonymous)
    # Decree 30: the number and symbol under the issuing body (the tester: the case summary
    # had none while the reports had theirs).
    for pdf in (full, anonymous):
        assert "Số: ……/BC-TTCTXHĐN" in PdfReader(str(pdf)).pages[0].extract_text()


def _month_from_now(months: int) -> str:
    today = datetime.now(UTC).astimezone(timezone(timedelta(hours=7)))
    index = today.year * 12 + today.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def test_a_month_that_has_not_begun_is_refused(desk_with_case, tmp_path):
    """The tester: next month's report printed as "chưa kết thúc" (not over) with every
    figure 0; a month still to come has no figures, so it is refused in one line."""
    desk, _ = desk_with_case
    out = tmp_path / "x.pdf"
    later = _month_from_now(1)
    line = fails_with_one_line(
        caseline(desk, "report", "monthly", later, "-o", str(out), user=MANAGER)
    )
    assert "chưa bắt đầu" in line, line
    line = fails_with_one_line(caseline(desk, "report", "thematic", "--from", later, "--to",
                                        _month_from_now(3), "-o", str(out), user=MANAGER))  # fmt: skip
    assert "chưa bắt đầu" in line, line
    assert not out.exists()
    ok(caseline(desk, "report", "monthly", _month_from_now(0), "-o", str(out), user=MANAGER))
    assert "Số liệu tạm tính" in _text(out) and "chưa kết thúc" in _text(out)


def test_monthly_report_with_csv_and_a_thematic_report(desk_with_case, tmp_path):
    desk, _ = desk_with_case
    pdf, csv = tmp_path / "monthly.pdf", tmp_path / "monthly.csv"
    ok(caseline(desk, "report", "monthly", "2026-10", "-o", str(pdf), "--csv", str(csv),
                user=MANAGER))  # fmt: skip
    assert len(PdfReader(str(pdf)).pages) >= 1 and csv.stat().st_size > 0
    thematic = tmp_path / "thematic.pdf"
    ok(caseline(desk, "report", "thematic", "--from", "2026-07", "--to", "2026-10",
                "--category", "violence", "-o", str(thematic), user=MANAGER))  # fmt: skip
    assert len(PdfReader(str(thematic)).pages) >= 1


def test_report_mistakes_are_one_line(desk_with_case, tmp_path):
    desk, number = desk_with_case
    out = tmp_path / "x.pdf"
    fails_with_one_line(caseline(desk, "report", "case", number, "-o", str(out), user=INTAKE))
    fails_with_one_line(caseline(desk, "report", "monthly", "2026-13", "-o", str(out),
                                 user=MANAGER))  # fmt: skip
    fails_with_one_line(caseline(desk, "report", "thematic", "--from", "2026-09", "--to",
                                 "2026-01", "-o", str(out), user=MANAGER))  # fmt: skip
    assert not out.exists()


@pytest.mark.parametrize(
    "outputs",
    [
        ("-o", "same.pdf", "--csv", "same.pdf"),
        ("-o", "same.pdf", "--xlsx", "./same.pdf"),
        ("-o", "a.pdf", "--csv", "same.x", "--xlsx", "same.x"),
    ],
)
def test_two_outputs_of_one_report_naming_one_file_are_refused(desk_with_case, tmp_path, outputs):
    """Issue 10 (never write over a file by mistake): -o, --csv and --xlsx at one path
    wrote both and kept only the last; now one clear line, nothing written."""
    desk, _ = desk_with_case
    args = [str(tmp_path / a) if not a.startswith("-") else a for a in outputs]
    fails_with_one_line(caseline(desk, "report", "monthly", "2026-10", *args, user=MANAGER))
    assert list(tmp_path.iterdir()) == []


def test_the_rekeys_next_slot_file_is_one_of_the_desks_own(desk_with_case):
    """`keyslots.next.json` (a rekey under way) is the desk's: no -o may land on it."""
    desk, _ = desk_with_case
    target = desk / "keyslots.next.json"
    fails_with_one_line(caseline(desk, "report", "monthly", "2026-10", "-o", str(target),
                                 user=MANAGER))  # fmt: skip
    assert not target.exists()
