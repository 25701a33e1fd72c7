"""An intake worker finds earlier records however the name or number is typed."""

from __future__ import annotations

import pytest

from desktop.services import Workspace

PW = "intake-pass-1"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    data = tmp_path_factory.mktemp("desk")
    Workspace.init(
        data,
        centre="Trung tâm CTXH",
        province_code="48",
        admin_username="admin",
        admin_password="admin-pass-1",
    )
    with Workspace.open(data, "admin", "admin-pass-1") as ws:
        ws.add_user("lan", "intake", PW)
    ws = Workspace.open(data, "lan", PW)
    saved = {}
    for key, child, caller, phone in (
        ("hoa_grave", "Đặng Thị Hoà", "Lê Thị Hạnh", "0905 123 456"),
        ("hoa_acute", "Trần Thị Hòa", "Phạm Văn Dũng", "+84 912 000 111"),
        ("an", "Nguyễn Văn An", "Nguyễn Văn Bình", "0236.3822.555"),
        ("anh", "Nguyễn Văn Anh", "", ""),
        ("thuy", "Lê Thị Thủy", "Lê Văn Tám", "0987654321"),
    ):
        saved[key] = ws.record_contact(
            {
                "received_at": "2026-10-03T14:05:00+07:00",
                "channel": "phone",
                "call_type": "counselling",
                "caller": {"relation": "mother", "name": caller, "phone": phone},
                "children": [{"full_name": child, "sex": "F", "birth_year": 2014}],
                "risk": "medium",
            }
        )
    yield ws, saved
    ws.close()


def _contacts(ws, text):
    return [h["id"] for h in ws.search(text) if h["kind"] == "contact"]


def test_dang_finds_dang_with_its_d_stroke(desk):
    ws, saved = desk
    hits = ws.search("dang")
    assert {h["kind"] for h in hits} == {"child", "contact"}
    assert {h["name"] for h in hits} == {"Đặng Thị Hoà"}


def test_a_full_name_typed_without_accents_finds_it(desk):
    ws, saved = desk
    hits = ws.search("nguyen van an")
    assert hits[0]["name"] == "Nguyễn Văn An"  # whole-word match first, then 'Anh'
    assert saved["an"].id in _contacts(ws, "nguyen van an")
    assert saved["an"].id in _contacts(ws, "an nguyen")  # given name first works too


def test_hoa_finds_both_tone_mark_placements(desk):
    ws, saved = desk
    found = set(_contacts(ws, "hoa"))
    assert {saved["hoa_grave"].id, saved["hoa_acute"].id} <= found
    assert set(_contacts(ws, "Hòa")) == set(_contacts(ws, "Hoà")) == found
    assert saved["thuy"].id in _contacts(ws, "thuỷ")


def test_a_phone_number_with_or_without_spaces_finds_its_contacts(desk):
    ws, saved = desk
    for typed in ("0905123456", "0905 123 456", "090-512-3456", "+84 905 123 456"):
        assert _contacts(ws, typed) == [saved["hoa_grave"].id], typed
    assert _contacts(ws, "0912000111") == [saved["hoa_acute"].id]
    assert [c["id"] for c in ws.contacts_by_phone("0236 3822 555")] == [saved["an"].id]


def test_contact_hits_carry_number_children_and_caller(desk):
    ws, saved = desk
    (hit,) = [h for h in ws.search(saved["an"].number) if h["kind"] == "contact"]
    assert hit["number"] == saved["an"].number
    assert hit["name"] == "Nguyễn Văn An" and hit["caller"] == "Nguyễn Văn Bình"
    assert ws.search("binh")[0]["id"] == saved["an"].id


def test_similar_children_puts_the_same_name_and_year_first(desk):
    ws, _ = desk
    (first, *_rest) = ws.similar_children("Nguyễn Văn An", birth_year=2014)
    assert first.child.full_name == "Nguyễn Văn An" and first.score >= 7  # name 4 + year 3


def test_list_contacts_filters_by_text_and_period(desk):
    ws, saved = desk
    page = ws.list_contacts({"text": "hoa", "period_from": "2026-10-01", "period_to": "2026-10-03"})
    assert page.total == 2
    assert ws.list_contacts({"period_from": "2026-10-04"}).total == 0
    assert ws.list_contacts({"text": "no such name"}).total == 0


def test_an_empty_or_punctuation_query_finds_nothing(desk):
    ws, _ = desk
    assert ws.search("") == [] and ws.search(" -- ") == []
    assert ws.search('"; DROP TABLE contact; --') == []
