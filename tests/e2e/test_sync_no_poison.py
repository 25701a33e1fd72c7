"""No poison in the outbox (issue 10, finding 3): a change central refuses even alone is
moved aside — kept, shown as "not sent: reason" with the way to fix it — and never blocks
the changes behind it; it goes again once the user edits the record."""

from __future__ import annotations

from sync_harness import add_contacts, contact

from desktop.db import sync_store

LONG = "Mẹ gọi báo: con bị bạn cùng lớp đánh nhiều lần ở trường, cô giáo chưa biết. " * 300


def test_a_contact_too_large_for_central_does_not_stop_later_contacts(
    central_factory, desk_factory
):
    central = central_factory(max_decompressed_bytes=16 * 1024)  # a 24 KB summary: 413
    desk = desk_factory(central)
    big = desk.ws.record_contact({**contact(0), "summary": LONG})
    later = add_contacts(desk, 5)
    desk.ws.update_contact(big.id, {"risk": "urgent"})  # builds on the big one: waits too

    result = desk.sync()

    assert result.ok and result.parked == 2
    assert central.counts() == {"48": {"contact": 5}}  # the five behind it went
    assert desk.pending() == 0
    status = desk.engine.status
    assert status.not_sent_ops == 2 and status.pending_ops == 0
    too_large, held = status.not_sent
    assert (too_large["kind"], too_large["number"]) == ("too_large", big.number)
    assert too_large["vi"].startswith("Chưa gửi") and "rút gọn" in too_large["vi"]
    assert "shorten" in too_large["en"] and LONG[:20] not in too_large["en"]
    assert held["kind"] == "held" and held["record_id"] == big.id
    assert result.to_dict()["not_sent"] == status.not_sent  # `caseline sync --json`
    assert desk.ws.get_contact(big.id)["summary"] == LONG  # kept on the desk

    desk.ws.update_contact(big.id, {"summary": "Mẹ gọi báo: con bị đánh ở trường."})
    again = desk.sync()

    assert again.ok and again.parked == 0 and desk.engine.status.not_sent_ops == 0
    assert central.counts() == {"48": {"contact": 6}}
    other = desk_factory(central)
    other.sync()
    record = other.ws.get_contact(big.id)
    assert (record["summary"], record["risk"]) == ("Mẹ gọi báo: con bị đánh ở trường.", "urgent")
    assert {other.ws.get_contact(cid)["id"] for cid in later} == set(later)
    assert sync_store.rejected_ops(desk.ws.store.conn) == []


def test_a_change_central_rejects_waits_with_its_later_ones_and_goes_after_an_edit(
    central, desk_factory
):
    import json

    desk = desk_factory(central)
    bad, good = add_contacts(desk, 2)
    with desk.ws.store.transaction() as conn:  # a value central refuses (wrong type)
        (fields,) = conn.execute("SELECT fields FROM outbox WHERE record_id = ?", (bad,)).fetchone()
        conn.execute(
            "UPDATE outbox SET fields = ? WHERE record_id = ?",
            (json.dumps({**json.loads(fields), "risk": 5}), bad),
        )
    desk.ws.update_contact(bad, {"follow_up": True})
    extra = add_contacts(desk, 1)

    first = desk.sync()

    # central refused both ops of `bad` (the edit lacks the record it edits): one parked
    # with central's reason, the other held behind it
    assert (first.rejected, first.parked) == (2, 2) and desk.pending() == 0
    assert central.counts() == {"48": {"contact": 2}}  # `good` and the one made after
    [refused, held] = first.not_sent
    assert refused["kind"] == "rejected" and "risk" in refused["reason"]
    assert "Cách sửa" in refused["vi"] and held["kind"] == "held"

    desk.ws.update_contact(bad, {"summary": "Đã sửa lại."})
    second = desk.sync()

    assert second.ok and second.not_sent == [] and desk.pending() == 0
    assert central.counts() == {"48": {"contact": 3}}
    other = desk_factory(central)
    other.sync()
    record = other.ws.get_contact(bad)
    assert (record["risk"], record["follow_up"], record["summary"]) == ("high", True, "Đã sửa lại.")
    assert {other.ws.get_contact(c)["id"] for c in (good, *extra)} == {good, *extra}
