"""The lists refresh after a write because the workspace says what the op wrote: `run_op`
needs no `changes=` from its caller."""

from __future__ import annotations

from desktop.errors import ValidationError
from desktop.ui import ops
from desktop.ui.lists import CONTACTS

CALL = {
    "received_at": "2026-10-05T09:30:00+07:00",
    "channel": "phone",
    "call_type": "counselling",
    "caller": {"relation": "mother", "name": "Hồ Thị Tư", "phone": "0935111222"},
    "children": [{"full_name": "Võ Minh Khang", "sex": "M", "birth_year": 2016}],
    "categories": ["violence.physical"],
    "risk": "high",
}


def test_run_op_reports_what_the_op_wrote_and_nothing_for_a_failed_or_read_op(signed_in, qtbot):
    main = signed_in("hoa")
    heard: list[frozenset[str]] = []
    ops.db_worker().operation_did_execute.connect(heard.append)
    results: list[object] = []

    def run(op) -> None:
        ops.run_op(main, op, results.append, results.append)
        qtbot.waitUntil(lambda: len(results) == 1, timeout=10000)
        ops.db_worker().wait_idle()
        qtbot.wait(20)

    run(lambda ws: ws.record_contact(CALL))
    assert heard == [frozenset({"contact", "child"})]
    saved = results.pop()
    run(lambda ws: ws.open_case(saved.number))
    assert heard[-1] == frozenset({"case", "contact"})
    results.pop()
    run(lambda ws: ws.get_contact(saved.id))  # a read changes nothing
    results.pop()
    run(lambda ws: ws.record_contact({**CALL, "channel": "pigeon"}))  # refused
    assert isinstance(results.pop(), ValidationError)
    assert len(heard) == 2
    # The contacts page heard it (it was hidden: it reloads when shown).
    contacts = main.pages[CONTACTS]
    assert contacts._stale
    main.show_page(CONTACTS)
    qtbot.waitUntil(lambda: contacts.model.total == 1, timeout=10000)
