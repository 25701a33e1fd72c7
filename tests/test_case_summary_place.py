"""The case summary names the commune where the harm happened (Decree 56: its People's
Committee is responsible) — it printed nowhere before — and an anonymous print names no
place smaller than the province (issue 12)."""

from __future__ import annotations

import pytest
from pdf_text import page_texts, squeeze

from desktop.domain import places
from desktop.services import Workspace

CALL = {
    "received_at": "2026-10-05T09:30:00+07:00",
    "channel": "phone",
    "call_type": "emergency",
    "caller": {"relation": "neighbour", "name": "Hồ Văn Tư", "phone": "0935111222"},
    "children": [{"full_name": "Võ Minh Khang", "sex": "M", "birth_year": 2016}],
    "categories": ["violence.physical"],
    "risk": "urgent",
    "summary": "Hàng xóm nghe tiếng trẻ khóc.",
}


@pytest.fixture
def desk(tmp_path):
    data = tmp_path / "desk"
    Workspace.init(
        data, centre="TT", province_code="48", admin_username="admin", admin_password="admin-pass-1"
    )
    with Workspace.open(data, "admin", "admin-pass-1") as ws:
        ws.add_user("minh", "manager", "minh-pass-123")
    with Workspace.open(data, "minh", "minh-pass-123") as ws:
        yield ws


def test_decree56_the_summary_says_where_the_harm_happened(desk):
    commune = places.communes("48")[3]
    case = desk.open_case(desk.record_contact(CALL).number, harm_commune_code=commune.code)
    full = squeeze(" ".join(page_texts(desk.reports.case_summary(case.number, "full").pdf)))
    assert squeeze(f"Nơi xảy ra sự việc {commune.name}") in full
    anonymous = squeeze(
        " ".join(page_texts(desk.reports.case_summary(case.number, "anonymous").pdf))
    )
    assert squeeze(commune.name) not in anonymous
    other = desk.open_case(desk.record_contact({**CALL, "summary": "Lần khác."}).number)
    text = squeeze(" ".join(page_texts(desk.reports.case_summary(other.number, "full").pdf)))
    assert squeeze("Nơi xảy ra sự việc Chưa ghi nhận") in text  # not asked: never "Không"
