"""An intake worker's contacts list without limits (issue 13): scrolling reaches the last
row with the true total, a column header sorts, a date range filters, and a search ranks
Hoà before Hoàng and finds a caller by the last digits of their number. Screenshot: into
docs/screenshots/ with CASELINE_SCREENSHOTS=1 (else the test's tmp folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from ui_support import PASSWORDS, type_text, wait_idle

from desktop.services import Workspace
from desktop.ui.lists import CONTACTS

MANY = 260  # the list stopped at 200 rows ("200 / 3.001")


def _call(i: int, name: str, phone: str = "") -> dict:
    return {
        "received_at": f"2026-{9 + i % 2:02d}-{1 + (i // 2) % 28:02d}T09:{i % 60:02d}:00+07:00",
        "channel": ("phone", "chat", "walk_in")[i % 3],
        "call_type": "counselling",
        "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": phone},
        "children": [{"full_name": name, "sex": "F", "birth_year": 2014}],
        "risk": "medium",
    }


@pytest.fixture
def busy_desk(desk: Path) -> Path:
    with Workspace.open(desk, "lan", PASSWORDS["lan"]) as ws, ws.batch(all_or_nothing=True):
        for i in range(MANY):
            ws.record_contact(_call(i, f"Nguyễn Văn Tùng {i}"))
        ws.record_contact(_call(MANY, "Lê Văn Hoàng"))
        ws.record_contact(_call(MANY + 1, "Đặng Thị Hoà", "0905 123 456"))
    return desk


def _scroll_to_the_end(qtbot, page) -> None:
    model = page.model
    while model.canFetchMore():
        model.fetchMore()
        qtbot.waitUntil(lambda: not model.loading, timeout=10000)


def test_the_contacts_list_scrolls_sorts_and_filters_without_a_cap(
    busy_desk, app_for, qtbot, tmp_path
):
    from ui_support import log_in

    main = log_in(qtbot, app_for(busy_desk), "lan")
    page = main.page(CONTACTS)
    main.show_page(CONTACTS)
    qtbot.waitUntil(lambda: page.model.total == MANY + 2, timeout=10000)
    _scroll_to_the_end(qtbot, page)
    assert page.model.rowCount() == MANY + 2
    assert page.count.text() == f"{MANY + 2} / {MANY + 2}"  # shown of total, both true
    every_number = sorted(r["number"] for r in page.model.rows)

    # A click on "Số" sorts by number ascending, then descending; "Trẻ em" cannot sort.
    header = page.table.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    wait_idle(qtbot, main)
    assert page.model.sort_name == "number"
    assert [r["number"] for r in page.model.rows] == every_number[: page.model.rowCount()]
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    wait_idle(qtbot, main)
    _scroll_to_the_end(qtbot, page)
    assert [r["number"] for r in page.model.rows] == every_number[::-1]
    header.setSortIndicator(4, Qt.SortOrder.AscendingOrder)  # children's names
    wait_idle(qtbot, main)
    assert header.sortIndicatorSection() == 0 and page.model.sort_name == "-number"

    # A date range: 1–3 October 2026, both days included.
    page.period.setCurrentIndex(page.period.findData("range"))
    assert page.range_from.isVisible() and page.range_to.isVisible()
    page.range_from.setDate(QDate(2026, 10, 1))
    page.range_to.setDate(QDate(2026, 10, 3))
    wait_idle(qtbot, main)
    _scroll_to_the_end(qtbot, page)
    days = {r["received_at"][:10] for r in page.model.rows}
    assert days <= {"2026-10-01", "2026-10-02", "2026-10-03"} and days
    assert page.model.total == len(page.model.rows)
    shots = Path(__file__).parents[2] / "docs/screenshots"
    folder = shots if os.environ.get("CASELINE_SCREENSHOTS") else tmp_path
    main.grab().save(str(folder / "ui-contacts-list.png"))
    page.clear_filters()
    wait_idle(qtbot, main)

    # Search: Hoà first, Hoàng after; the last six digits of a number find it.
    type_text(qtbot, page.search, "hoa")
    qtbot.waitUntil(lambda: page.model.filters.get("text") == "hoa", timeout=5000)
    wait_idle(qtbot, main)
    names = [r["children"][0]["full_name"] for r in page.model.rows]
    assert names == ["Đặng Thị Hoà", "Lê Văn Hoàng"]
    assert not header.isSortIndicatorShown()  # ranked, not sorted by a column
    page.search.clear()
    type_text(qtbot, page.search, "123456")
    qtbot.waitUntil(lambda: page.model.filters.get("text") == "123456", timeout=5000)
    wait_idle(qtbot, main)
    assert [r["caller_phone"] for r in page.model.rows] == ["0905 123 456"]
