"""Central's rules for national handoffs (issue 15), on the push itself (in-process, a
real SQLite central database): only a national desk sends; a handoff reaches only the
province it is routed to; that province may answer it and report the outcome, nothing
else; another province neither reads nor touches it (refused and audited)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from central.db import make_engine, migrate
from central.devices import authenticate, enrol, new_enrolment_code
from central.handoffs import Deadlines
from central.pull import pull_page
from central.push import apply_push
from central.tables import central_audit
from desktop.domain.calendar import WorkingCalendar
from desktop.domain.records import HANDOFF_PROVINCE_FIELDS, Handoff
from desktop.sync import protocol as p

STAMPS = ("updated_at", "updated_by")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('central') / 'c.db'}")
    migrate(engine)

    def device(province: str):
        code = new_enrolment_code(engine, province, national=province == "00")["code"]
        reply = enrol(engine, p.EnrolRequest(code, "ABC", province, "0.1.0"))
        return authenticate(engine, f"Bearer {reply.token}")

    yield engine, device("00"), device("48"), device("01")
    engine.dispose()


def _op(record_id: str, fields: dict, base_rev: int = 0) -> dict:
    return {
        "op_id": str(uuid.uuid4()),
        "entity": "handoff",
        "record_id": record_id,
        "fields": fields,
        "base_rev": base_rev,
        "user": "mai",
        "client_time": "2026-11-30T02:00:00+00:00",
    }


def _new_handoff(to: str = "48", **extra) -> tuple[str, dict]:
    fields = {k: v for k, v in Handoff().to_dict().items() if k not in ("id", "rev", "deleted")}
    fields.update(province_code="00", to_province=to, source_entity="contact", status="sent")
    fields.update(source_id=str(uuid.uuid4()), source_number="00-ABC-2026-00001", **extra)
    return str(uuid.uuid4()), fields


def _send(engine, device, op) -> p.OpResult:
    return apply_push(engine, device, [op]).results[0]


def test_only_the_national_desk_sends_and_central_sets_the_deadline(world):
    engine, national, a, _b = world
    rid, fields = _new_handoff(urgent=True, accept_by="2099-01-01T00:00:00+07:00")
    assert _send(engine, a, _op(rid, {**fields, "province_code": "48"})).status == "rejected"
    assert _send(engine, national, _op(rid, {**fields, "to_province": "00"})).status == "rejected"
    sent = _send(engine, national, _op(rid, fields))
    assert sent.status == "merged"  # the desk gets central's deadline at once
    accept_by = datetime.fromisoformat(sent.record["accept_by"])
    routed = datetime.fromisoformat(sent.record["routed_at"])
    assert accept_by.utcoffset().total_seconds() == 7 * 3600
    assert abs((accept_by - routed).total_seconds() - 12 * 3600) < 2  # urgent: 12 hours


def test_a_working_day_deadline_ends_at_the_end_of_the_next_working_day():
    """Received Friday 27/11/2026 15:00 Vietnam time: not urgent → Monday 30/11 23:59:59
    (the weekend skipped, Civil Code 147-148); urgent → Saturday 03:00 (12 hours)."""
    deadlines = Deadlines(12.0, 1, WorkingCalendar.load())
    friday = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    assert deadlines.accept_by(friday, False) == "2026-11-30T23:59:59+07:00"
    assert deadlines.accept_by(friday, True) == "2026-11-28T03:00:00+07:00"
    assert (
        Deadlines(6.0, 2, WorkingCalendar.load()).accept_by(friday, True).endswith("21:00:00+07:00")
    )


def test_another_province_neither_reads_nor_touches_a_handoff(world):
    engine, national, a, b = world
    rid, fields = _new_handoff("48")
    rev = _send(engine, national, _op(rid, fields)).rev
    with engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(central_audit)).scalar()
    answer = _send(engine, b, _op(rid, {"status": "accepted"}, rev))
    assert answer.status == "rejected" and answer.record is None
    pulled_b = json.loads(pull_page(engine, b, 0, 500, include_own=True))
    pulled_a = json.loads(pull_page(engine, a, 0, 500, include_own=True))
    assert rid not in {c["record"]["id"] for c in pulled_b["changes"]}
    assert rid in {c["record"]["id"] for c in pulled_a["changes"]}
    with engine.connect() as conn:
        denied = conn.execute(
            select(central_audit.c.action).where(central_audit.c.id > before)
        ).scalars()
        assert "cross_province_denied" in list(denied)


# Any edit a province desk could send: some handoff fields with some values.
_FIELDS = sorted(set(Handoff.content_fields()) | {"province_code"})
_VALUES = st.one_of(
    st.sampled_from(["accepted", "declined", "sent", "redirected", "48", "01", "x"]),
    st.none(),
    st.booleans(),
)


@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edit=st.dictionaries(st.sampled_from(_FIELDS), _VALUES, min_size=1, max_size=4))
def test_the_province_may_only_answer_and_report_the_outcome(world, edit):
    """The class: whatever fields a province desk sends on a handoff routed to it, central
    applies the edit only when every field is its answer or the outcome (and a status it
    sets is accepted or declined); anything else is refused whole and nothing changes."""
    engine, national, a, _b = world
    rid, fields = _new_handoff("48")
    sent = _send(engine, national, _op(rid, fields))
    answer = _send(engine, a, _op(rid, edit, sent.rev))
    allowed = set(edit) <= HANDOFF_PROVINCE_FIELDS and edit.get("status", "accepted") in (
        "accepted",
        "declined",
    )
    storable = not p.check_op_fields("handoff", edit)
    if allowed and storable:
        assert answer.status in ("applied", "merged"), answer
    else:
        assert answer.status == "rejected", (edit, answer)
        after = json.loads(pull_page(engine, national, 0, 5000, include_own=True))
        doc = next(c["record"] for c in after["changes"] if c["record"]["id"] == rid)
        assert doc["rev"] == sent.rev and doc["to_province"] == "48"


def test_the_national_desk_cannot_move_a_handoff_to_another_province(world):
    engine, national, _a, _b = world
    rid, fields = _new_handoff("48")
    rev = _send(engine, national, _op(rid, fields)).rev
    moved = _send(engine, national, _op(rid, {"to_province": "01"}, rev))
    assert moved.status == "rejected" and "redirect" in moved.reason
    redirected = _send(engine, national, _op(rid, {"status": "redirected"}, rev))
    assert redirected.status == "applied"
