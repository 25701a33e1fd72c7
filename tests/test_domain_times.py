"""One time module (issue 18): parse, to local (Asia/Ho_Chi_Minh), format — naive times are
an error, never a guess — and the desk's screens, CLI and prints agree on every moment.
Parse once: a contact's receipt time is parsed one time on the write path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cli_support import CONTACT, INTAKE, caseline, fails_with_one_line, new_desk

from desktop.cli.output import when
from desktop.domain import steps, times
from desktop.domain.calendar import WorkingCalendar
from desktop.domain.validation import validate_contact
from desktop.errors import ValidationError
from desktop.reports.pdf import local_time
from desktop.services import Workspace
from desktop.ui import fmt

NAIVE = "2026-10-03T14:05:00"


def test_a_naive_time_is_an_error_everywhere_not_a_guess():
    """Regression: calendar.to_local took a naive time as Vietnam time, the UI and the prints
    as UTC: the same text meant moments 7 hours apart."""
    with pytest.raises(ValueError):
        times.parse(NAIVE)
    with pytest.raises(ValueError):
        times.to_local(datetime(2026, 10, 3, 14, 5))
    with pytest.raises(ValueError):
        steps.emergency_due(datetime(2026, 10, 3, 14, 5), urgent=True)
    with pytest.raises(ValueError):
        WorkingCalendar.load().add_working_days(datetime(2026, 10, 3, 14, 5), 5)
    assert fmt.date_time(NAIVE) == "" and local_time(NAIVE) is None and when(NAIVE) == NAIVE
    with pytest.raises(ValidationError) as refused:
        validate_contact({"received_at": NAIVE})
    assert set(refused.value.field_errors) == {"received_at"}


def test_parse_reads_offsets_and_z_and_refuses_what_is_not_a_time():
    assert times.parse("2026-10-03T07:05:00Z") == datetime(2026, 10, 3, 7, 5, tzinfo=UTC)
    assert times.local_iso("2026-10-03T07:05:00Z") == "2026-10-03T14:05:00+07:00"
    assert times.utc_iso("2026-10-03T14:05:00+07:00") == "2026-10-03T07:05:00.000000+00:00"
    for bad in ("", "soon", "2026-13-01T00:00:00+07:00", None, 12, ["2026"]):
        with pytest.raises(ValueError):
            times.parse(bad)  # type: ignore[arg-type]


def test_a_moment_beyond_the_calendar_in_local_time_is_a_field_error_not_internal(tmp_path):
    """Regression: a receipt time of 9999-12-31T23:59:59-12:00 ended in "Internal error"."""
    edge = "9999-12-31T23:59:59-12:00"
    with pytest.raises(ValueError):
        times.parse_local(edge)
    with pytest.raises(ValidationError) as refused:
        validate_contact({**CONTACT, "received_at": edge})
    assert set(refused.value.field_errors) == {"received_at"}

    desk = new_desk(tmp_path / "desk")
    import json

    run = caseline(
        desk, "--lang", "en", "contact", "add", "--json", "-", user=INTAKE,
        stdin=json.dumps({**CONTACT, "received_at": edge}, ensure_ascii=False),
    )  # fmt: skip
    line = fails_with_one_line(run)
    assert run.returncode == 1 and "received_at" in line and "Internal error" not in line


def test_a_well_formed_time_beyond_the_calendar_is_called_out_of_range_not_malformed():
    """The tester's finding (review i10, 5): '9999-12-31T23:59:59-12:00' is ISO-8601 with an
    offset, yet the refusal said "Not a valid time (ISO-8601 with an offset…)"."""
    with pytest.raises(ValidationError) as refused:
        validate_contact({**CONTACT, "received_at": "9999-12-31T23:59:59-12:00"})
    vi, en = refused.value.field_errors["received_at"]
    assert "out of range" in en and "ISO-8601" not in en
    assert "ngoài lịch" in vi


EDGES = st.tuples(
    st.sampled_from([datetime(9999, 12, 31, 23, 59, 59), datetime(1, 1, 1, 0, 0, 1)]),
    st.integers(-14 * 60, 14 * 60),
    st.integers(0, 24 * 60),
)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(edge=EDGES)
def test_near_the_calendar_edges_out_of_range_and_malformed_are_told_apart(edge):
    """Any well-formed moment with an offset near year 1 or year 9999: refused as out of
    range exactly when its UTC or Vietnam time leaves the calendar; never as malformed."""
    base, offset, shift = edge
    shifted = (
        base - timedelta(minutes=shift) if base.year == 9999 else base + timedelta(minutes=shift)
    )
    text = shifted.replace(tzinfo=timezone(timedelta(minutes=offset))).isoformat()
    try:
        datetime.fromisoformat(text).astimezone(UTC)
        datetime.fromisoformat(text).astimezone(times.VN_TZ)
        overflows = False
    except OverflowError:
        overflows = True
    try:
        validate_contact({**CONTACT, "received_at": text})
        errors = {}
    except ValidationError as refused:
        errors = refused.field_errors
    en = errors.get("received_at", ("", ""))[1]
    assert ("out of range" in en) == overflows, (text, errors)
    assert "ISO-8601" not in en, (text, errors)


MOMENTS = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(UTC)
).flatmap(
    lambda m: st.integers(-12 * 60, 14 * 60).map(
        lambda minutes: m.astimezone(timezone(timedelta(minutes=minutes)))
    )
)


@settings(max_examples=200, deadline=None)
@given(moment=MOMENTS)
def test_screens_cli_and_prints_show_every_moment_alike(moment):
    text = moment.isoformat()
    local = times.to_local(text)
    assert local == moment and local.utcoffset() == timedelta(hours=7)
    assert times.parse(times.local_iso(text, timespec="auto")) == moment
    assert times.parse(times.utc_iso(text)) == moment
    shown = times.format_local(text)
    assert fmt.date_time(text) == shown == when(text)
    assert local_time(text).strftime("%d/%m/%Y %H:%M") == shown


def test_a_contacts_receipt_time_is_parsed_once_on_the_write_path(tmp_path, monkeypatch):
    """Parse once: validation → services → repository used to parse and convert it three
    times (validation, flatten_contact, year_of)."""
    Workspace.init(
        tmp_path, centre="CTXH", province_code="48", admin_username="admin",
        admin_password="quan-tri-2026",
    )  # fmt: skip
    with Workspace.open(tmp_path, "admin", "quan-tri-2026") as admin:
        admin.add_user("hoa", "intake", "hoa-tiep-nhan-2026")
    ws = Workspace.open(tmp_path, "hoa", "hoa-tiep-nhan-2026")
    parsed: list[object] = []
    real_parse = times.parse

    def counting_parse(value):
        parsed.append(value)
        return real_parse(value)

    monkeypatch.setattr(times, "parse", counting_parse)
    try:
        saved = ws.record_contact({**CONTACT, "received_at": "2026-10-03T07:05:00Z"})
        monkeypatch.setattr(times, "parse", real_parse)
        stored = ws.get_contact(saved.id)
    finally:
        ws.close()

    assert parsed == ["2026-10-03T07:05:00Z"]
    assert stored["received_at"] == "2026-10-03T14:05:00+07:00"
    assert saved.number.split("-")[2] == "2026"
