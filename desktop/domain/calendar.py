"""Working days in Vietnam: weekends and public holidays from an editable data file.

The bundled file is `resources/holidays/vn-holidays.json`; a centre can point a setting at
its own copy. Times are local to Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path
from typing import Any

from desktop.domain.paths import resource_path


def _vietnam_tz() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Ho_Chi_Minh")
    except Exception:  # no tzdata (bare Windows): Vietnam has no DST, a fixed offset is exact
        return timezone(timedelta(hours=7), "ICT")


VN_TZ: tzinfo = _vietnam_tz()


def to_local(moment: datetime) -> datetime:
    """The moment in Vietnam time. A naive datetime is taken as already local."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ)


def parse_moment(text: str) -> datetime:
    """ISO-8601 text ('2026-10-03T14:05:00+07:00', '...Z') to an aware datetime.
    ValueError when unparsable or without an offset."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError("time without an offset")
    return value


@dataclass(frozen=True)
class Holiday:
    day: date
    vi: str
    en: str


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
        """The calendar from a holiday file; the bundled Vietnamese one when `path` is None."""
        target = Path(path) if path else resource_path("holidays", "vn-holidays.json")
        return _load(str(target.resolve()))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> WorkingCalendar:
        holidays = [
            Holiday(date.fromisoformat(row["date"]), row.get("vi", ""), row.get("en", ""))
            for row in data.get("holidays", [])
        ]
        working = [date.fromisoformat(row["date"]) for row in data.get("working_days", [])]
        weekend = tuple(int(d) for d in data.get("weekend", (5, 6)))
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

    def add_working_days(self, start: datetime | date, n: int) -> datetime | date:
        """The same local clock time on the n-th working day after `start`'s day.

        Received Friday 14:00 + 5 → next Friday 14:00; received on a Saturday + 5 → the
        fifth working day after it. Aware datetimes come back in Vietnam time; a date
        gives a date.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        if isinstance(start, datetime):
            local = to_local(start)
            day = self._nth_working_day_after(local.date(), n)
            return datetime.combine(day, local.timetz()).replace(tzinfo=VN_TZ)
        return self._nth_working_day_after(start, n)

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


@cache
def _load(path: str) -> WorkingCalendar:
    with open(path, encoding="utf-8") as handle:
        return WorkingCalendar.from_data(json.load(handle))
