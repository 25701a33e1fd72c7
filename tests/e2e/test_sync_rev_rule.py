"""The rev rule (issue 10, finding 1): a desk never records a base rev whose content it
has not applied, so an edit made after a merged push whose pull failed can never overwrite
another desk's change unseen — it was either shown on the desk before the edit, or it
ends in a stored conflict."""

from __future__ import annotations

import pytest
from sync_harness import FaultProxy, contact

from desktop.errors import SyncError
from desktop.sync.client import SyncClient

A_SUMMARY = "Bàn A: đã gọi lại cho mẹ."
B_SUMMARY = "Bàn B: cô giáo xác nhận."


def _through(proxy: FaultProxy):
    return lambda _url, token, ca: SyncClient(proxy.url, token, ca_file=ca, timeout=(2.0, 5.0))


def _drop_the_pull_reply(proxy: FaultProxy):
    """Progress callback: once the push is answered, the pull's reply never arrives."""

    def on_progress(_value: float, phase: str) -> None:
        if phase == "push":
            proxy.drop_next_reply = True

    return on_progress


@pytest.mark.parametrize("answer", ["merged", "duplicate"])
def test_an_edit_after_a_merged_push_whose_pull_failed_overwrites_nothing_unseen(
    central, desk_factory, answer
):
    a = desk_factory(central)
    proxy = FaultProxy(central.port)
    b = desk_factory(central, client_factory=_through(proxy))
    cid = a.ws.record_contact(contact(1)).id
    a.sync()
    b.sync()
    a.ws.update_contact(cid, {"summary": A_SUMMARY})
    a.sync()
    b.ws.update_contact(cid, {"risk": "urgent"})  # another field: central answers merged
    if answer == "duplicate":  # central merged it, but the desk never heard: a retry
        proxy.drop_next_reply = True  # is answered `duplicate`
        with pytest.raises(SyncError):
            b.sync()

    with pytest.raises(SyncError) as cut:
        b.sync(progress=_drop_the_pull_reply(proxy))
    assert cut.value.kind == "network" and b.pending() == 0
    seen_by_b = b.ws.get_contact(cid)["summary"]
    b.ws.update_contact(cid, {"summary": B_SUMMARY})
    b.sync()
    a.sync()
    b.sync()

    kept = [
        v
        for c in (o.conflict for o in a.ws.list_conflicts())
        if c.record_id == cid and c.field_name == "summary"
        for v in (c.kept_value, c.other_value)
    ]
    assert seen_by_b == A_SUMMARY or A_SUMMARY in kept, "desk A's summary was overwritten unseen"
    for desk in (a, b):
        record = desk.ws.get_contact(cid)
        assert record["risk"] == "urgent"
        assert record["summary"] in (A_SUMMARY, B_SUMMARY)
        assert B_SUMMARY in (record["summary"], *kept)
    assert a.scope() == b.scope()
    proxy.close()


def test_without_the_record_in_the_answer_the_desk_keeps_its_base_and_the_edit_conflicts(
    central, desk_factory
):
    """A central that answers `merged` without the record (an older server): the desk keeps
    its old base rev, so its next edit of a field another desk changed is a conflict."""
    a = desk_factory(central)
    proxy = FaultProxy(central.port)

    def bare_answers(url, token, ca):
        client = _through(proxy)(url, token, ca)
        real_push = client.push

        def push(ops):
            reply = real_push(ops)
            for result in reply.results:
                result.record = None
            return reply

        client.push = push
        return client

    b = desk_factory(central, client_factory=bare_answers)
    cid = a.ws.record_contact(contact(1)).id
    a.sync()
    b.sync()
    base = b.ws.get_contact(cid)["rev"]
    a.ws.update_contact(cid, {"summary": A_SUMMARY})
    a.sync()
    b.ws.update_contact(cid, {"risk": "urgent"})
    with pytest.raises(SyncError):
        b.sync(progress=_drop_the_pull_reply(proxy))

    assert b.ws.get_contact(cid)["rev"] == base  # content of the merged rev not applied
    b.ws.update_contact(cid, {"summary": B_SUMMARY})
    assert b.sync().conflicts == 1
    a.sync()
    for desk in (a, b):
        assert desk.ws.get_contact(cid)["summary"] == A_SUMMARY
        [flag] = desk.ws.list_conflicts()
        assert {flag.conflict.kept_value, flag.conflict.other_value} == {A_SUMMARY, B_SUMMARY}
    proxy.close()
