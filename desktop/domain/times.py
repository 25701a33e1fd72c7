"""The one time module of the desk: parse, convert to local, format.

Rules (docs/dev-contracts.md "Times"):
- A moment is an AWARE `datetime`. Text is ISO-8601 with an offset ('…+07:00' or '…Z').
  A naive time (no offset) is an error, never a guess: `parse` and `to_local` raise
  `ValueError` (validation turns it into the field's message).
- Local time is Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving since 1975), from the
  tz database when it is there, else the exact fixed offset (bare Windows has no tzdata).
- Stored forms: record meta times and step times in UTC (`utc_iso`: microseconds,
  '+00:00', so text order is time order); times a worker gives (a contact's
  `received_at`, a referral's `sent_at`, a plan's approval) in local time with their offset
  (`local_iso`, seconds). Display: `format_local` (dd/mm/yyyy hh:mm by default).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

__all__ = [
    "UTC",
    "VN_TZ",
    "format_local",
    "local_date",
    "local_iso",
    "month_start",
    "now_local",
    "now_utc",
    "parse",
    "to_local",
    "utc_iso",
]


def _vietnam_tz() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Ho_Chi_Minh")
    except Exception:  # no tzdata (bare Windows): Vietnam has no DST, a fixed offset is exact
        return timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")


VN_TZ: tzinfo = _vietnam_tz()


class OutOfRange(ValueError):
    """A well-formed moment beyond the calendar a datetime holds (years 1–9999) once
    converted to UTC or Vietnam time, e.g. '9999-12-31T23:59:59-12:00'."""


def parse(value: str | datetime) -> datetime:
    """ISO-8601 text with an offset ('2026-10-03T14:05:00+07:00', '…Z') → aware datetime.

    An aware datetime is returned as it is. ValueError when unparsable, out of range or
    naive (no offset); OutOfRange (a ValueError) when well-formed but beyond the calendar
    once converted; TypeError never (any other type is a ValueError too)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        moment = datetime.fromisoformat(text)
    else:
        raise ValueError("a time must be ISO-8601 text")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("time without an offset")
    try:  # '9999-12-31T23:59:59-12:00' is after the last instant a datetime holds in UTC
        moment.astimezone(UTC)
        moment.astimezone(VN_TZ)
    except OverflowError as exc:
        raise OutOfRange("time out of range") from exc
    return moment


def to_local(moment: str | datetime) -> datetime:
    """The moment in Vietnam time. ValueError for a naive time (never taken as local) and
    for one beyond the calendar once converted ('9999-12-31T23:59:59-12:00')."""
    return parse(moment).astimezone(VN_TZ)


def parse_local(value: str | datetime) -> datetime:
    """`to_local(value)` with every failure as ValueError (kept for callers that read
    user input; `parse` already refuses an out-of-range moment)."""
    try:
        return to_local(value)
    except OverflowError as exc:
        raise OutOfRange("time out of range") from exc


def local_date(moment: str | datetime) -> date:
    """The calendar day of the moment in Vietnam."""
    return to_local(moment).date()


def local_iso(moment: str | datetime, timespec: str = "seconds") -> str:
    """The stored form of a time a worker gives: Vietnam time with its offset."""
    return to_local(moment).isoformat(timespec=timespec)


def utc_iso(moment: str | datetime) -> str:
    """The stored form of meta and step times: UTC, microseconds, '+00:00'."""
    return parse(moment).astimezone(UTC).isoformat(timespec="microseconds")


def format_local(moment: str | datetime | None, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """For people: the moment in Vietnam time as `pattern`; '' for None or ''."""
    if moment in (None, ""):
        return ""
    return to_local(moment).strftime(pattern)


def now_utc() -> datetime:
    return datetime.now(UTC)


def now_local() -> datetime:
    return datetime.now(VN_TZ)


def month_start(year: int, month: int) -> datetime:
    """Midnight on the first of the month, Vietnam time."""
    return datetime(year, month, 1, tzinfo=VN_TZ)
