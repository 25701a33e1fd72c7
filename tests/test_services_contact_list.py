"""The contact list an intake worker pages through: caller's phone on every row, and the
category filter (family or subcategory) answered from its own index."""

from __future__ import annotations

import pytest

from desktop.db import repository
from desktop.domain.records import CONTACT
from desktop.services import Workspace

PW = "intake-pass-1"


def _call(day: int, categories: list[str], phone: str = "0905123456") -> dict:
    return {
        "received_at": f"2026-10-{day:02d}T14:05:00+07:00",
        "channel": "phone",
        "call_type": "counselling",
        "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": phone},
        "children": [{"full_name": "Đặng Thị Hoà", "sex": "F", "birth_year": 2014}],
        "categories": categories,
        "risk": "medium",
    }


@pytest.fixture
def desk(tmp_path):
    data = tmp_path / "desk"
    Workspace.init(
        data, centre="Trung tâm CTXH", province_code="48",
        admin_username="admin", admin_password="admin-pass-1",
    )  # fmt: skip
    with Workspace.open(data, "admin", "admin-pass-1") as ws:
        ws.add_user("lan", "intake", PW)
    ws = Workspace.open(data, "lan", PW)
    yield data, ws
    ws.close()


def _numbers(ws: Workspace, **filters) -> list[str]:
    return [r["number"] for r in ws.list_contacts(filters).rows]


def test_the_category_filter_finds_a_family_and_its_subcategories_newest_first(desk):
    _, ws = desk
    bullied = ws.record_contact(_call(1, ["violence.bullying"], phone="0912000111")).number
    beaten = ws.record_contact(_call(2, ["violence.physical", "education"])).number
    school = ws.record_contact(_call(3, ["education"])).number
    assert _numbers(ws, category="violence") == [beaten, bullied]
    assert _numbers(ws, category="violence.bullying") == [bullied]
    assert _numbers(ws, category="education") == [school, beaten]
    assert _numbers(ws, category="education", period_to="2026-10-02") == [beaten]
    assert _numbers(ws, category="violence", period_from="2026-10-02") == [beaten]
    page = ws.list_contacts({"category": "violence"}, 0, 1)
    assert page.total == 2 and len(page.rows) == 1
    assert ws.list_contacts({"category": "violence.bullying"}).rows[0]["caller_phone"] == (
        "0912000111"
    )

    ws.update_contact(bullied, {"categories": ["peer_relationships"]})  # recoded
    assert _numbers(ws, category="violence") == [beaten]
    with ws.store.transaction() as conn:  # a tombstone (as sync would apply it)
        repository.change(conn, ws.actor, CONTACT, ws.get_contact(beaten)["id"], {"deleted": True})
    assert _numbers(ws, category="violence") == []
    assert _numbers(ws, category="education") == [school]


def test_a_desk_from_before_the_category_index_gets_it_filled_when_opened(desk):
    data, ws = desk
    number = ws.record_contact(_call(4, ["sexual_abuse.molestation"])).number
    with ws.store.transaction() as conn:
        conn.execute("DROP TABLE contact_category")
        conn.execute("PRAGMA user_version = 2")
    ws.close()
    with Workspace.open(data, "lan", PW) as again:
        assert _numbers(again, category="sexual_abuse") == [number]
        assert _numbers(again, category="sexual_abuse.molestation") == [number]
