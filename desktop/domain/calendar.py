"""Working days in Vietnam and legal periods counted in days (Civil Code 2015 Art. 147–148).

Weekends and public holidays come from an editable data file: the bundled
`resources/holidays/vn-holidays.json` (rows marked `"provisional": true` follow the usual
pattern but the year's Government announcement has not been checked yet), or a centre's
own copy named by the desk's `holiday_file` setting (`desktop.services` reads it;
`load_holiday_file` validates it and raises `HolidayFileError` with one clear line).
Times are local to Asia/Ho_Chi_Minh (UTC+7, no daylight saving).

A period of N days or N working days (Civil Code 2015 Art. 147.1, 148.1) does not count the
day of the event: it starts the next day and ends at the end (23:59:59 local) of its last
day; a period in calendar days whose last day is a weekly rest day or a holiday ends at the
end of the next working day (Art. 148.2). A period in hours runs from the moment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from desktop.domain.paths import resource_path
from desktop.domain.times import VN_TZ, to_local
from desktop.errors import CaselineError

# The last moment of a day counted in a legal period (Civil Code Art. 148.1: "24 giờ").
END_OF_DAY = time(23, 59, 59)


class HolidayFileError(CaselineError):
    """A holiday file that cannot be used: missing, not JSON, or with a bad row.
    The message names the file's problem (never its content); nothing is changed."""

    code = "holiday_file"


@dataclass(frozen=True)
class Holiday:
    """A day off. `provisional`: taken from the usual pattern, not yet checked against the
    year's Government announcement."""

    day: date
    vi: str
    en: str
    provisional: bool = False


class WorkingCalendar:
    """Which days are working days: Monday–Friday, minus holidays, plus swapped Saturdays."""

    def __init__(
        self,
        holidays: list[Holiday],
        working_days: list[date] | None = None,
        weekend: tuple[int, ...] = (5, 6),
    ) -> None:
        self._holidays = {h.day: h for h in holidays}
        self._extra_working = frozenset(working_days or ())
        self._weekend = frozenset(weekend)

    @classmethod
    def load(cls, path: str | Path | None = None) -> WorkingCalendar:
        """The calendar from a holiday file; the bundled Vietnamese one when `path` is None.
        HolidayFileError when the file is missing or not a valid holiday file."""
        target = Path(path) if path else BUNDLED_HOLIDAYS
        return load_holiday_file(target)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> WorkingCalendar:
        """From the parsed JSON: {"holidays": [{"date": "YYYY-MM-DD", "vi", "en",
        "provisional"?}], "working_days": [{"date", ...}], "weekend": [5, 6]} (weekday
        numbers, Monday 0). ValueError/KeyError/TypeError on a bad shape."""
        holidays = [
            Holiday(
                date.fromisoformat(row["date"]),
                str(row.get("vi", "")),
                str(row.get("en", "")),
                bool(row.get("provisional", False)),
            )
            for row in data.get("holidays", [])
        ]
        working = [date.fromisoformat(row["date"]) for row in data.get("working_days", [])]
        weekend = tuple(int(d) for d in data.get("weekend", (5, 6)))
        if any(d not in range(7) for d in weekend) or len(set(weekend)) >= 7:
            raise ValueError("weekend must be weekday numbers 0-6, not all of them")
        return cls(holidays, working, weekend)

    def is_working_day(self, day: date | datetime) -> bool:
        if isinstance(day, datetime):
            day = to_local(day).date()
        if day in self._extra_working:
            return True
        return day.weekday() not in self._weekend and day not in self._holidays

    def holiday(self, day: date) -> Holiday | None:
        return self._holidays.get(day)

    def holidays(self, year: int | None = None) -> list[Holiday]:
        rows = sorted(self._holidays.values(), key=lambda h: h.day)
        return [h for h in rows if year is None or h.day.year == year]

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (`start` itself never counts).
        An aware datetime is taken by its local (Vietnam) day; a naive one is a ValueError
        (desktop.domain.times)."""
        if n < 0:
            raise ValueError("n must not be negative")
        if isinstance(start, datetime):
            start = to_local(start).date()
        return self._nth_working_day_after(start, n)

    def working_days_end(self, start: datetime, n: int) -> datetime:
        """The end of a period of `n` working days from the event at `start` (Civil Code
        Art. 147.1, 148.1): 23:59:59 Vietnam time on the n-th working day after the event's
        local day. Received Friday 14:00, 5 working days → 23:59:59 on the fifth working
        day after that Friday (holidays skipped, swapped working Saturdays counted)."""
        day = self.add_working_days(to_local(start).date(), n)
        return datetime.combine(day, END_OF_DAY, tzinfo=VN_TZ)

    def days_end(self, start: datetime, n: int) -> datetime:
        """The end of a period of `n` calendar days from the event at `start` (Civil Code
        Art. 147.1, 148.1): 23:59:59 Vietnam time on the n-th day after the event's local
        day; a last day that is a weekly rest day or a holiday moves to the next working
        day (Art. 148.2)."""
        if n < 0:
            raise ValueError("n must not be negative")
        day = to_local(start).date() + timedelta(days=n)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return datetime.combine(day, END_OF_DAY, tzinfo=VN_TZ)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: how many have passed since `start`."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def _nth_working_day_after(self, day: date, n: int) -> date:
        counted = 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day


def hours_end(start: datetime, hours: float) -> datetime:
    """A period in hours runs from the moment (Civil Code Art. 147.2 counts hours from the
    moment; Decree 56 Art. 26.3's 12 hours): `start` + `hours`, in Vietnam time."""
    return to_local(start) + timedelta(hours=hours)


BUNDLED_HOLIDAYS = resource_path("holidays", "vn-holidays.json")


def load_holiday_file(path: str | Path) -> WorkingCalendar:
    """The calendar from the holiday file at `path` (cached per file and modification time).
    HolidayFileError (Vietnamese and English, naming the problem, not the content) when the
    file is missing, unreadable, not JSON, has a bad row, or holds no holidays at all."""
    target = Path(path).expanduser()
    try:
        stamp = target.resolve().stat().st_mtime_ns
    except OSError:
        raise _bad_file(
            "không tìm thấy hoặc không mở được tệp", "the file is missing or cannot be opened"
        ) from None
    return _load(str(target.resolve()), stamp)


def _bad_file(vi: str, en: str) -> HolidayFileError:
    return HolidayFileError(
        f"Tệp ngày nghỉ lễ không dùng được: {vi}. Hãy sửa tệp hoặc bỏ cài đặt 'holiday_file'.",
        f"The holiday file cannot be used: {en}. Fix the file or clear the 'holiday_file' setting.",
    )


@cache
def _load(path: str, stamp: int) -> WorkingCalendar:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError:
        raise _bad_file("không đọc được tệp", "the file cannot be read") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _bad_file("tệp không phải JSON hợp lệ", "it is not valid JSON") from None
    if not isinstance(data, dict):
        raise _bad_file("tệp phải là một đối tượng JSON", "it must be one JSON object")
    try:
        calendar = WorkingCalendar.from_data(data)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise _bad_file(
            "có dòng sai (ngày phải là YYYY-MM-DD, 'weekend' là số thứ trong tuần 0–6)",
            "a row is wrong (dates are YYYY-MM-DD, 'weekend' holds weekday numbers 0-6)",
        ) from None
    if not calendar.holidays():  # {"bad": 1} would make Tết a working week (review i12 #6)
        raise _bad_file(
            "tệp không có ngày nghỉ lễ nào (cần danh sách 'holidays' với ít nhất một ngày)",
            "it holds no holidays (a 'holidays' list with at least one day is needed)",
        )
    return calendar
