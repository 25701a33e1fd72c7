"""Lists without limits (issues 13 and 17): an intake worker pages through every contact,
in any order the list offers, sees the true total, and finds a caller by a piece of their
number; search results come best first and never stop at a cap."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.db import repository, search_index
from desktop.domain.records import CONTACT
from desktop.errors import ValidationError
from desktop.services import Workspace
from desktop.services.contacts import CONTACT_SORTS

PW = "intake-pass-1"
CHANNELS = ("phone", "chat", "walk_in")
RISKS = ("low", "medium", "high")
WORKERS = ("lan", "mai")
MANY = 230  # more than the 200 rows the list and the search used to stop at


def _call(i: int, name: str, phone: str = "") -> dict:
    return {
        # A few contacts share a receipt time: the order must still be total.
        "received_at": f"2026-{9 + i % 2:02d}-{1 + (i // 2) % 28:02d}T{8 + i % 3:02d}:05:00+07:00",
        "channel": CHANNELS[i % 3],
        "call_type": "counselling",
        "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": phone},
        "children": [{"full_name": name, "sex": "F", "birth_year": 2014}],
        "categories": ["violence.physical"] if i % 4 == 0 else ["education"],
        "risk": RISKS[i % 3],
    }


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    data = tmp_path_factory.mktemp("desk")
    Workspace.init(
        data, centre="Trung tâm CTXH", province_code="48",
        admin_username="admin", admin_password="admin-pass-1",
    )  # fmt: skip
    with Workspace.open(data, "admin", "admin-pass-1") as ws:
        ws.add_user("lan", "intake", PW)
    ws = Workspace.open(data, "lan", PW)
    saved: dict[str, str] = {}
    with ws.batch(all_or_nothing=True):
        for i in range(MANY):
            ws.record_contact(_call(i, f"Nguyễn Văn Tùng {i}"))
        for key, i, name, phone in (
            ("hoang", MANY + 1, "Lê Văn Hoàng", ""),
            ("hoa", MANY + 2, "Đặng Thị Hoà", "0905 123 456"),
            ("hoai", MANY + 3, "Trần Thu Hoài", "+84 912 000 111"),
        ):
            saved[key] = ws.record_contact(_call(i, name, phone)).id
    yield ws, saved
    ws.close()


def _every_page(ws, filters, limit, sort=None) -> tuple[list[dict], int]:
    first = ws.list_contacts(filters, limit=limit, sort=sort)
    rows, after = list(first.rows), first.after
    while after is not None:
        page = ws.list_contacts(filters, limit=limit, after=after, sort=sort)
        assert page.total is None  # counted once, on the first page
        rows += page.rows
        after = page.after
    return rows, first.total


def _reference(ws, sort: str) -> list[str]:
    """The order the list promises, computed in Python from every live contact."""
    name = sort.lstrip("-")
    rows = ws.conn.execute(
        f"SELECT id, rowid, {', '.join(c.split('.')[1] for c in CONTACT_SORTS[name][:-1])}"
        " FROM contact WHERE deleted = 0"
    ).fetchall()
    keyed = sorted(rows, key=lambda r: (*r[2:], r[1]), reverse=sort.startswith("-"))
    return [r[0] for r in keyed]


@settings(
    max_examples=12, derandomize=True, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)  # fmt: skip
@given(
    sort=st.sampled_from(sorted(CONTACT_SORTS)).flatmap(lambda s: st.sampled_from([s, "-" + s])),
    limit=st.integers(min_value=1, max_value=97),
)
def test_every_page_in_any_offered_order_shows_each_contact_once_in_that_order(desk, sort, limit):
    ws, _ = desk
    rows, total = _every_page(ws, {}, limit, sort)
    assert [r["id"] for r in rows] == _reference(ws, sort)
    assert total == len(rows) == MANY + 3


def test_the_list_no_longer_stops_at_200_and_its_total_is_true(desk):
    ws, _ = desk
    rows, total = _every_page(ws, {}, 200)
    assert len(rows) == total == MANY + 3
    filtered, total = _every_page(ws, {"channel": "chat", "period_from": "2026-10-01"}, 40)
    expected = ws.conn.execute(
        "SELECT count(*) FROM contact WHERE deleted = 0 AND channel = 'chat'"
        " AND received_at >= '2026-10-01'"
    ).fetchone()[0]
    assert total == len(filtered) == expected > 0
    assert {r["channel"] for r in filtered} == {"chat"}
    by_category, total = _every_page(ws, {"category": "violence"}, 25)
    assert total == len(by_category) == len(range(0, MANY, 4)) + 1  # MANY + 1 is filed too


def test_search_results_page_past_200_best_first(desk):
    ws, _ = desk
    rows, total = _every_page(ws, {"text": "nguyen van tung"}, 60)
    assert total == len(rows) == MANY  # the old list cut the search at 200
    assert len({r["id"] for r in rows}) == MANY


def test_hoa_lists_hoa_before_hoang_and_hoai(desk):
    """Regression (issue 13): "hoa" listed Hoàng and Hoài before Hoà."""
    ws, saved = desk
    page = ws.list_contacts({"text": "hoa"})
    ids = [r["id"] for r in page.rows]
    assert ids[0] == saved["hoa"]
    assert ids[1:] == [saved["hoai"], saved["hoang"]]  # prefixes, newest first
    assert page.total == 3


@pytest.mark.parametrize(
    "typed", ["123456", "05123456", "0905 123", "512345", "905-123-456", "+84 905 123 456"]
)
def test_any_six_or_more_consecutive_digits_find_the_phone(desk, typed):
    """Regression (issue 13): a phone number's last digits ("123456") found nothing."""
    ws, saved = desk
    assert [r["id"] for r in ws.list_contacts({"text": typed}).rows] == [saved["hoa"]]
    assert saved["hoa"] in {h["id"] for h in ws.search(typed)}


def test_the_whole_number_ranks_before_a_number_it_is_inside_of(desk):
    ws, saved = desk
    assert [r["id"] for r in ws.list_contacts({"text": "0912000111"}).rows] == [saved["hoai"]]
    assert ws.list_contacts({"text": "12345"}).total == 0  # five digits are not a phone piece
    assert ws.list_contacts({"text": "000111"}).rows[0]["id"] == saved["hoai"]


def test_a_cursor_that_is_not_the_lists_own_is_refused(desk):
    ws, _ = desk
    for bad in ("[1]", "not json", '["a", {"x": 1}]', "[true, 1]"):
        with pytest.raises(ValidationError):
            ws.list_contacts({}, after=bad)
    with pytest.raises(ValidationError):
        ws.list_contacts({}, sort="summary")


def test_the_live_count_follows_tombstones_and_records_that_come_back(desk):
    """The unfiltered total is a kept counter (triggers in the writer's transaction):
    it must equal a count over the table whatever path wrote the row."""
    ws, _ = desk
    conn = ws.conn

    def real() -> int:
        return conn.execute("SELECT count(*) FROM contact WHERE deleted = 0").fetchone()[0]

    first = ws.list_contacts({}, limit=1).rows[0]
    record = repository.get(conn, CONTACT, first["id"])
    with ws.store.transaction():
        repository.write_row(conn, CONTACT, {**record, "deleted": True})  # a pulled tombstone
    assert ws.list_contacts({}, limit=1).total == real() == MANY + 2
    with ws.store.transaction():
        repository.write_row(conn, CONTACT, {**record, "deleted": False})
    assert ws.list_contacts({}, limit=1).total == real() == MANY + 3


def test_rebuilding_the_search_index_finds_the_same(desk):
    ws, saved = desk
    before = [ws.list_contacts({"text": t}).rows for t in ("hoa", "123456", "tung 7")]
    with ws.store.transaction() as conn:
        conn.execute("INSERT INTO search_index (search_index) VALUES ('delete-all')")
        assert search_index.rebuild(conn) > MANY
    after = [ws.list_contacts({"text": t}).rows for t in ("hoa", "123456", "tung 7")]
    assert [[r["id"] for r in rows] for rows in after] == [
        [r["id"] for r in rows] for rows in before
    ]


def test_cases_and_children_page_by_keyset_too(desk):
    ws, _ = desk
    first = ws.list_children({}, limit=50)
    rows, after = list(first.rows), first.after
    while after:
        page = ws.list_children({}, limit=50, after=after)
        rows += page.rows
        after = page.after
    assert len(rows) == first.total == MANY + 3
    names = [r["sort_name"] if "sort_name" in r else r["full_name"] for r in rows]
    assert len(names) == len(set(r["id"] for r in rows))
    hits = ws.list_children({"text": "hoa"})
    assert hits.rows[0]["full_name"] == "Đặng Thị Hoà" and hits.total == 3


WORDS = ["nguyen", "van", "tung", "hoa", "le", "thi", "t", "n", "1", "2", "22", "0905", "123456"]


@settings(max_examples=15, derandomize=True, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(WORDS) | st.text(alphabet="aehnotu", min_size=1, max_size=3),
        min_size=1,
        max_size=3,
    )
)
def test_a_searchs_total_is_the_number_of_rows_its_pages_hold(desk, words):
    """The total of a search is counted apart from its pages (one FTS5 count): for any
    query both must agree, and no row may come twice across ranks and pages."""
    ws, _ = desk
    rows, total = _every_page(ws, {"text": " ".join(words)}, 37)
    assert total == len(rows) == len({r["id"] for r in rows})
