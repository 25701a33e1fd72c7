"""Months as the reports count them: local (Vietnam) calendar months, compared with the
previous month and the same month a year earlier (so với cùng kỳ)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from desktop.domain import times
from desktop.errors import ValidationError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)  # digits 0-9 (the CLI applies NFKC first)

# The months a report can be about; the months around them it compares with (the month
# before, the same month a year before, the period before) stay inside what a datetime
# holds, so no month a user can type overflows the arithmetic below.
FIRST_MONTH, LAST_MONTH = "1900-01", "2999-12"
# The longest period of a thematic report: 30 years, so its trend chart (a column per
# year beyond eight years, `group_months`) keeps at most 31 columns.
MAX_PERIOD_MONTHS = 360
_SAFE_YEARS = (1000, 9000)  # what the arithmetic accepts (well around the above)


def parse_month(value: str) -> tuple[int, int]:
    """'2026-10' → (2026, 10). ValidationError when not YYYY-MM or far outside any report."""
    match = _MONTH.match(value or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationError(
            {
                "month": (
                    "Tháng phải có dạng YYYY-MM, ví dụ 2026-10",
                    "Month must be YYYY-MM, e.g. 2026-10",
                )
            }
        )
    if not _SAFE_YEARS[0] <= int(match.group(1)) <= _SAFE_YEARS[1]:
        raise _outside(value)
    return int(match.group(1)), int(match.group(2))


def check_report_month(value: str) -> str:
    """A month a report may be about: YYYY-MM from FIRST_MONTH to LAST_MONTH.
    ValidationError otherwise."""
    parse_month(value)
    if not FIRST_MONTH <= value <= LAST_MONTH:
        raise _outside(value)
    return value


def _outside(value: str) -> ValidationError:
    return ValidationError(
        {
            "month": (
                f"Tháng {value} nằm ngoài khoảng {FIRST_MONTH} … {LAST_MONTH}",
                f"The month {value} is outside {FIRST_MONTH} … {LAST_MONTH}",
            )
        }
    )


def shift(ym: str, months: int) -> str:
    year, month = parse_month(ym)
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last`, both included: a report's period, each end
    from FIRST_MONTH to LAST_MONTH, at most MAX_PERIOD_MONTHS long. ValidationError
    otherwise."""
    check_report_month(first)
    check_report_month(last)
    span = _index(last) - _index(first) + 1
    if span > MAX_PERIOD_MONTHS:
        raise ValidationError(
            {
                "to": (
                    f"Một kỳ báo cáo dài tối đa {MAX_PERIOD_MONTHS} tháng "
                    f"({MAX_PERIOD_MONTHS // 12} năm); kỳ đã chọn dài {span} tháng",
                    f"A report's period is at most {MAX_PERIOD_MONTHS} months "
                    f"({MAX_PERIOD_MONTHS // 12} years); this one has {span}",
                )
            }
        )
    if shift(first, 0) > shift(last, 0):
        raise ValidationError(
            {
                "to": (
                    "Tháng kết thúc phải sau tháng bắt đầu",
                    "The end month must not precede the start month",
                )
            }
        )
    months = [first]
    while months[-1] != last:
        months.append(shift(months[-1], 1))
    return months


def _index(ym: str) -> int:
    year, month = parse_month(ym)
    return year * 12 + month - 1


def month_start_utc(ym: str) -> str:
    """The instant the local month starts, as UTC ISO text (for comparisons in SQL)."""
    year, month = parse_month(ym)
    return times.month_start(year, month).astimezone(times.UTC).isoformat()


def month_end_utc(ym: str) -> str:
    return month_start_utc(shift(ym, 1))


def check_begun(ym: str, now: datetime, field: str = "month") -> str:
    """`ym` if the local month has begun at `now` (aware); ValidationError on `field`
    otherwise: a month still to come has no figures, provisional or not. (A month under
    way prints, marked provisional: `desktop.reports.monthly.provisional_note`.)"""
    if times.parse(month_start_utc(ym)) > now:
        year, month = parse_month(ym)
        raise ValidationError(
            {
                field: (
                    f"Tháng {month:02d}/{year} chưa bắt đầu: chưa có số liệu để báo cáo",
                    f"The month {ym} has not begun: there are no figures to report yet",
                )
            }
        )
    return ym


def running_month(now: datetime) -> str:
    """The local (Vietnam) month under way at `now` (aware), as YYYY-MM."""
    return f"{times.to_local(now):%Y-%m}"


@dataclass(frozen=True)
class Comparison:
    """The month reported on and the two it is compared with."""

    month: str
    previous: str
    last_year: str

    @classmethod
    def of(cls, month: str) -> Comparison:
        """ValidationError when `month` is not a month a report may be about."""
        check_report_month(month)
        return cls(month, shift(month, -1), shift(month, -12))

    @property
    def months(self) -> tuple[str, str, str]:
        return (self.month, self.previous, self.last_year)


# ---------------------------------------------------------------- long periods

MONTHS_BY_MONTH = 24  # up to two years a chart shows each month
MONTHS_BY_QUARTER = 96  # up to eight years each quarter; beyond that each year
_ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Period:
    """A span of a report's months shown as one line and one column: a month, a quarter
    or a year. `months` are the report's own months in it (the first and last may be
    partial quarters or years; the label then says which months)."""

    key: str  # "2026-10", "2026-Q4" or "2026"
    label: str  # "Tháng 10/2026", "Quý IV/2026", "Năm 2026 (tháng 03–12)"
    months: tuple[str, ...]


def group_months(months: list[str]) -> list[Period]:
    """The months of a report as the periods to show: each month up to 24 months, each
    quarter up to 96 months (8 years), each year beyond, so a trend chart has at most 32
    columns and fits a page."""
    if len(months) <= MONTHS_BY_MONTH:
        return [Period(m, f"Tháng {m[5:]}/{m[:4]}", (m,)) for m in months]
    by_quarter = len(months) <= MONTHS_BY_QUARTER
    groups: dict[str, list[str]] = {}
    for month in months:
        year, number = parse_month(month)
        key = f"{year}-Q{(number - 1) // 3 + 1}" if by_quarter else str(year)
        groups.setdefault(key, []).append(month)
    periods = []
    for key, members in groups.items():
        year = key[:4]
        if by_quarter:
            quarter = int(key[-1])
            label, full = f"Quý {_ROMAN[quarter - 1]}/{year}", 3
        else:
            label, full = f"Năm {year}", 12
        if len(members) < full:
            first, last = members[0][5:], members[-1][5:]
            label += f" (tháng {first})" if first == last else f" (tháng {first}–{last})"
        periods.append(Period(key, label, tuple(members)))
    return periods
