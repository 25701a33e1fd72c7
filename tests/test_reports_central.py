"""The central line prints the same monthly report over every synced province, with a
table by province, from the record documents it holds (no desk store involved)."""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import insert

from central.cli import main as central_main
from central.db import make_engine, migrate
from central.tables import records
from desktop.db.stats import monthly_counts_of_documents
from desktop.domain.ids import uuid7
from desktop.reports.render import monthly_figures, render_monthly_pdf

sys.path.insert(0, str(Path(__file__).resolve().parent / "e2e"))
from sync_harness import PostgresDatabases  # noqa: E402  (the e2e tests' real-PostgreSQL helper)

VN = timezone(timedelta(hours=7))
PROVINCES = {"48": "Thành phố Đà Nẵng", "01": "Thành phố Hà Nội", "79": "Thành phố Hồ Chí Minh"}


def text_of(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(path).pages).split())


def figures(text: str, label: str) -> tuple[int, int, int]:
    match = re.search(rf"(?<!\w){re.escape(label)} (\d+) (\d+) (\d+) ", text)
    assert match, f"no line for {label!r}"
    return tuple(int(g) for g in match.groups())


def synced_documents(seed: int = 7) -> tuple[list[dict], list[dict]]:
    """Contacts (and their children) as desks push them: local ISO times, JSON lists."""
    rng = random.Random(seed)
    contacts, children = [], []
    for month in ("2026-10", "2026-09", "2025-10", "2026-07"):
        for _ in range(rng.randint(20, 35)):
            province = rng.choice(list(PROVINCES))
            child = {
                "id": uuid7(),
                "province_code": province,
                "sex": rng.choice("FM"),
                "birth_year": rng.choice([2010, 2013, 2018]),
                "full_name": "Trần Thị Ánh",
                "home_commune_code": "",
            }
            children.append(child)
            contacts.append(
                {
                    "id": uuid7(),
                    "province_code": province,
                    "received_at": f"{month}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00+07:00",
                    "channel": rng.choice(["phone", "chat"]),
                    "call_type": "counselling",
                    "caller_relation": "self",
                    "risk": "low",
                    "child_ids": [child["id"]],
                    "categories": [rng.choice(["violence.physical", "education"])],
                    "services": ["counselling"],
                    "case_id": None,
                    "deleted": False,
                }
            )
    return contacts, children


def expected_by_province(contacts: list[dict]) -> Counter:
    counts: Counter = Counter()
    for contact in contacts:
        month = datetime.fromisoformat(contact["received_at"]).astimezone(VN).strftime("%Y-%m")
        counts[contact["province_code"], month] += 1
        counts["all", month] += 1
    return counts


MONTHS = ("2026-10", "2026-09", "2025-10")


def test_central_monthly_report_has_a_table_by_province(tmp_path):
    contacts, children = synced_documents()
    counts = monthly_counts_of_documents(
        "2026-10", contacts=contacts, children=children, by_province=True
    )
    stats = monthly_figures(counts, scope="Toàn quốc")
    out = tmp_path / "central.pdf"
    out.write_bytes(
        render_monthly_pdf(stats, centre_name="Tổng đài 111", printed_by="central-admin")
    )
    text = text_of(out)
    expected = expected_by_province(contacts)
    assert figures(text, "Tổng số cuộc liên hệ") == tuple(expected["all", m] for m in MONTHS)
    assert "Cuộc liên hệ theo tỉnh, thành phố" in text
    for code, name in PROVINCES.items():
        assert figures(text, name) == tuple(expected[code, m] for m in MONTHS)


def _store_documents(url: str, contacts: list[dict], children: list[dict]) -> None:
    engine = make_engine(url)
    migrate(engine)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for rev, (entity, doc) in enumerate(
            [("child", c) for c in children] + [("contact", c) for c in contacts], start=1
        ):
            conn.execute(
                insert(records).values(
                    id=doc["id"],
                    entity=entity,
                    province_code=doc["province_code"],
                    number=None,
                    rev=rev,
                    deleted=False,
                    assigned_device=None,
                    echo_device=None,
                    created_rev=rev,
                    created_device="dev-1",
                    field_revs={},
                    doc={**doc, "rev": rev},
                    server_updated_at=now,
                )
            )
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def central_url(request, tmp_path):
    """The central line's database: an SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.db'}"
        return
    databases = PostgresDatabases()
    try:
        yield databases.fresh()
    finally:
        databases.drop_all()


def test_caseline_central_report_monthly_over_all_provinces_and_one(tmp_path, capsys, central_url):
    contacts, children = synced_documents(seed=11)
    url = central_url
    _store_documents(url, contacts, children)
    expected = expected_by_province(contacts)

    everyone = tmp_path / "all.pdf"
    assert central_main(["--db", url, "report", "monthly", "2026-10", "-o", str(everyone)]) == 0
    text = text_of(everyone)
    assert figures(text, "Tổng số cuộc liên hệ") == tuple(expected["all", m] for m in MONTHS)
    for code, name in PROVINCES.items():
        assert figures(text, name) == tuple(expected[code, m] for m in MONTHS)

    danang = tmp_path / "48.pdf"
    assert (
        central_main(
            ["--db", url, "report", "monthly", "2026-10", "--province", "48", "-o", str(danang)]
        )
        == 0
    )
    text = text_of(danang)
    assert figures(text, "Tổng số cuộc liên hệ") == tuple(expected["48", m] for m in MONTHS)
    assert "Cuộc liên hệ theo tỉnh, thành phố" not in text

    capsys.readouterr()
    assert (
        central_main(["--db", url, "report", "monthly", "10-2026", "-o", str(tmp_path / "bad.pdf")])
        == 1
    )
    assert "YYYY-MM" in capsys.readouterr().err
    assert not (tmp_path / "bad.pdf").exists()
    # A month still to come has no figures: refused, as on the desk (issue 14).
    assert (
        central_main(["--db", url, "report", "monthly", "2999-12", "-o", str(tmp_path / "bad.pdf")])
        == 1
    )
    assert "has not begun" in capsys.readouterr().err
    assert not (tmp_path / "bad.pdf").exists()


def test_a_case_central_marked_as_a_duplicate_counts_once():
    """Two desks opened a case each for one contact offline; central kept the first and
    marked the second `duplicate_of` it. The month's figures count one case opened."""
    contacts, children = synced_documents()
    contact = contacts[0]
    first = {
        "id": "case-first",
        "deleted": False,
        "received_at": contact["received_at"],
        "created_at": contact["received_at"],
        "status": "receiving",
        "categories": [],
    }
    second = {**first, "id": "case-second", "duplicate_of": "case-first"}
    month = contact["received_at"][:7]
    counts = monthly_counts_of_documents(
        month, contacts=contacts, children=children, cases=[first, second]
    )
    assert sum(counts.cases["opened"]) == 1
    without_marker = monthly_counts_of_documents(
        month, contacts=contacts, children=children, cases=[first, {**second, "duplicate_of": None}]
    )
    assert sum(without_marker.cases["opened"]) == 2
