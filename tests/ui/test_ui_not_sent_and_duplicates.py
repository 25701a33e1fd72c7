"""What sync could not settle, shown on the desk: changes central refused (the status bar's
"not sent" button and its list, each with the way to fix it), and a case opened twice
offline (a banner on both cases; the duplicate's entries in the first case's timeline)."""

from __future__ import annotations

from test_ui_cases import CONTACT
from ui_support import PASSWORDS, log_in

from desktop.db import sync_store
from desktop.domain.ids import uuid7
from desktop.services import Workspace
from desktop.ui.status import NotSentDialog


def test_a_change_central_refused_shows_in_the_status_bar_with_the_way_to_fix_it(
    desk, app_for, qtbot
):
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        saved = ws.record_contact({**CONTACT, "children": []})
        with ws.store.transaction() as conn:  # as the engine does after a 413 for it alone
            (op_id,) = conn.execute(
                "SELECT op_id FROM outbox WHERE record_id = ?", (saved.id,)
            ).fetchone()
            sync_store.park_op(conn, op_id, sync_store.TOO_LARGE, "too_large")
    main = log_in(qtbot, app_for(desk), "hoa")
    bar = main.sync_bar

    qtbot.waitUntil(lambda: bar.not_sent.isVisible(), timeout=5000)
    assert bar.not_sent.text() == "1 thay đổi chưa gửi được"
    assert bar.pending.text() == "0 thay đổi chờ gửi"
    bar.not_sent.click()
    dialog = bar.findChild(NotSentDialog)
    assert dialog is not None and dialog.items.count() == 1
    line = dialog.items.item(0).text()
    assert line.startswith("Chưa gửi") and saved.number in line and "rút gọn" in line
    assert "Cô giáo" not in line  # numbers only, never the record's text


def test_a_case_opened_twice_offline_shows_on_both_cases(desk, app_for, qtbot):
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        contact = ws.record_contact(CONTACT)
        first = ws.open_case(contact.id)
        case = ws.get_case(first.id).case.to_dict()
        other_id, number = uuid7(), "48-QXY-2026-00007"
        with ws.store.transaction() as conn:  # what central sends after marking it
            sync_store.upsert_remote(
                conn,
                "case",
                {
                    **{k: case[k] for k in ("child_id", "contact_ids", "received_at")},
                    "id": other_id,
                    "number": number,
                    "province_code": "48",
                    "rev": 40,
                    "duplicate_of": first.id,
                },
            )
            sync_store.upsert_remote(
                conn,
                "case_entry",
                {
                    "id": uuid7(),
                    "case_id": other_id,
                    "kind": "note",
                    "text": "Bàn B: đã gặp cô giáo.",
                    "occurred_at": "2026-01-05T03:00:00.000000+00:00",
                    "province_code": "48",
                    "rev": 41,
                },
            )
    main = log_in(qtbot, app_for(desk), "hoa")
    view = main.case_view

    main.open_case(first.id)
    qtbot.waitUntil(
        lambda: view.detail is not None and view.detail.case.id == first.id, timeout=5000
    )
    assert view.duplicate_banner.isVisible() and number in view.duplicate_banner.text()
    texts = [
        view.timeline.topLevelItem(i).text(3) for i in range(view.timeline.topLevelItemCount())
    ]
    assert f"[{number}] Bàn B: đã gặp cô giáo." in texts

    main.open_case(other_id)
    qtbot.waitUntil(
        lambda: view.detail is not None and view.detail.case.id == other_id, timeout=5000
    )
    assert view.duplicate_banner.isVisible() and first.number in view.duplicate_banner.text()
