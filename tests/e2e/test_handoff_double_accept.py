"""One accepted contact per handoff (issue 15, review i15 #1), on a real central (SQLite and
PostgreSQL): two desks of one province accept the same handoff before either syncs. Central
keeps the first answer; the second desk withdraws its own contact, child and case when it
pulls that answer, so the province, central and the national figures hold one accepted
contact, and the outcome the national desk receives comes from the accepted one only."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sync_harness import Central, contact
from test_national_handoffs import _close, _national_contact

from central.national import national_monthly
from central.report_cli import Comparison, count_month
from central.tables import records
from desktop.db import repository
from desktop.services.handoffs import HandoffRefused
from desktop.sync.engine import open_conflicts

A = "48"


def _live(desk: Any, entity: str, where: str = "1", params: tuple = ()) -> list[tuple]:
    sql = f"SELECT id, number FROM {repository.table(entity)} WHERE deleted = 0 AND {where}"
    return desk.ws.store.conn.execute(sql, params).fetchall()


def _double_accept(central: Any, desk_factory: Any) -> None:
    national = desk_factory(central, "00")
    first, second = desk_factory(central, A), desk_factory(central, A)
    own = first.ws.record_contact(contact(80, children=True, province=A))
    sent = national.ws.record_contact(_national_contact(7, A))
    h = national.ws.handoffs.send(sent.number, A)
    for desk in (national, first, second):
        desk.sync_until_done()

    # Both desks of province 48 accept before either has synced.
    kept = first.ws.handoffs.accept(h.id[-8:])
    second.ws.handoffs.accept(h.id[-8:], open_case=True)
    for desk in (first, second, first, second, national):
        desk.sync_until_done()

    for desk in (first, second):
        accepted = _live(desk, "contact", "handoff_id = ?", (h.id,))
        assert [n for _, n in accepted] == [kept.number], desk.data_dir
        assert _live(desk, "case") == [], "the losing desk's case is withdrawn everywhere"
        numbers = {n for _, n in _live(desk, "contact")}
        assert numbers == {kept.number, own.number}
    row = {r.id: r for r in national.ws.handoffs.list()}[h.id]
    assert row.status == "accepted" and row.accepted_number == kept.number
    audited = second.ws.store.conn.execute(
        "SELECT count(*) FROM audit_event WHERE action = 'sync' AND record_id = ?", (h.id,)
    ).fetchone()[0]
    assert audited == 1
    # Settled by itself: no desk is left with an open conflict to choose on.
    assert [open_conflicts(d.ws.store.conn) for d in (national, first, second)] == [0, 0, 0]

    # Central holds one live contact and no case for the handoff: figures count it once.
    with central.engine.connect() as conn:
        live = conn.execute(
            select(records.c.entity, records.c.doc).where(
                records.c.province_code == A, records.c.deleted.is_(False)
            )
        ).fetchall()
    handed = [d for e, d in live if e == "contact" and d.get("handoff_id") == h.id]
    assert [d["number"] for d in handed] == [kept.number]
    assert [e for e, _ in live if e == "case"] == []

    # The outcome the national desk receives comes from the accepted contact's case.
    case = first.ws.open_case(kept.id)
    _close(first.ws, case.id)
    for desk in (first, second, national):
        desk.sync_until_done()
    row = {r.id: r for r in national.ws.handoffs.list()}[h.id]
    assert (row.outcome_step, row.outcome_reason) == ("review", "no_longer_at_risk")

    # Review i15 #5: over the country, the handed-off contact made into a case counts once
    # in "contacts made into cases" as its case counts once in "cases opened".
    month = national.ws.get_contact(sent.id)["received_at"][:7]
    counts = count_month(central.engine, Comparison.of(month), None)
    assert counts.contacts["all"][0] == 2  # the national contact and province 48's own
    assert counts.files.get("files", [0])[0] == counts.cases["opened"][0] == 1
    tallies = national_monthly(central.engine, month).tallies
    assert tallies["files"].get("files", [0])[0] == tallies["cases"]["opened"][0] == 1


def test_two_desks_accepting_one_handoff_keep_one_contact_sqlite(desk_factory, tmp_path):
    central = Central(f"sqlite:///{tmp_path / 'central.db'}", tmp_path).start()
    try:
        _double_accept(central, desk_factory)
    finally:
        central.stop()


@pytest.mark.postgres
def test_two_desks_accepting_one_handoff_keep_one_contact_postgres(
    pg_databases, desk_factory, tmp_path
):
    central = Central(pg_databases.fresh(), tmp_path).start()
    try:
        _double_accept(central, desk_factory)
    finally:
        central.stop()


def test_a_declined_handoff_is_not_redirected_to_the_province_that_declined_it(
    desk_factory, tmp_path
):
    """Review i15 #2: re-sending to the province that declined is refused (the guide: a
    redirect goes to another province) and the app no longer proposes that province."""
    central = Central(f"sqlite:///{tmp_path / 'central.db'}", tmp_path).start()
    try:
        national, b = desk_factory(central, "00"), desk_factory(central, "01")
        sent = national.ws.record_contact(_national_contact(8, "01"))
        h = national.ws.handoffs.send(sent.number, "01")
        national.sync_until_done(), b.sync_until_done()
        b.ws.handoffs.decline(h.id, "Trẻ đã chuyển đi.")
        b.sync_until_done(), national.sync_until_done()
        assert national.ws.handoffs.default_province(sent.number) == ""
        with pytest.raises(HandoffRefused, match="declined|từ chối"):
            national.ws.handoffs.send(sent.number, "01")
        rows = {r.id: r.status for r in national.ws.handoffs.list()}
        assert rows == {h.id: "declined"}
        again = national.ws.handoffs.send(sent.number, A)  # a redirect: another province
        rows = {r.id: r.status for r in national.ws.handoffs.list()}
        assert rows == {h.id: "redirected", again.id: "sent"}
    finally:
        central.stop()
