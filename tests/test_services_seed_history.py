"""Demo data has a history: steps done over past months, deadlines met and missed, so
the reports for past months show cases closed and work done."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop.db import stats
from desktop.demo import seed_demo
from desktop.domain.times import parse as parse_moment
from desktop.services import Workspace


@pytest.fixture
def seeded(tmp_path):
    def seed(name: str, seed: int) -> Workspace:
        data = tmp_path / name
        Workspace.init(
            data, centre="Trung tâm CTXH", province_code="48",
            admin_username="admin", admin_password="admin-pass-1",
        )  # fmt: skip
        with Workspace.open(data, "admin", "admin-pass-1") as ws:
            ws.add_user("lan", "manager", "lan-pass-123")
            ws.add_user("hung", "caseworker", "hung-pass-123")
        ws = Workspace.open(data, "lan", "lan-pass-123")
        seed_demo(ws, contacts=500, cases=60, seed=seed, assignees=["hung"])
        opened.append(ws)
        return ws

    opened: list[Workspace] = []
    yield seed
    for ws in opened:
        ws.close()


def _history(ws: Workspace) -> list[tuple]:
    return ws.conn.execute(
        "SELECT c.number, c.status, c.closed_at, e.kind, e.occurred_at FROM case_entry e"
        " JOIN case_file c ON c.id = e.case_id ORDER BY c.number, e.occurred_at, e.kind"
    ).fetchall()


def test_demo_cases_were_worked_on_over_past_months_and_the_reports_show_it(seeded):
    ws = seeded("desk", 5)
    cases = ws.conn.execute(
        "SELECT received_at, closed_at, plan_due, id FROM case_file WHERE deleted = 0"
    ).fetchall()
    now = datetime.now(UTC)
    closed = [(parse_moment(r[0]), parse_moment(r[1])) for r in cases if r[1]]
    assert len(closed) >= 10
    assert all(received < done <= now for received, done in closed)
    this_month = now.strftime("%Y-%m")
    closing_months = {done.strftime("%Y-%m") for _, done in closed}
    assert len(closing_months) >= 3 and min(closing_months) < this_month

    # The monthly report's figures for a past month: cases closed, interventions done.
    month = sorted(closing_months)[len(closing_months) // 2]
    assert stats.cases_opened_closed(ws.conn, [month])["closed"][0] > 0
    entries = ws.conn.execute("SELECT occurred_at FROM case_entry").fetchall()
    assert len({e[0][:7] for e in entries}) >= 6  # entries spread over many months

    # Five working days for the plan: sometimes met, sometimes missed.
    planned = ws.conn.execute(
        "SELECT c.plan_due, min(e.occurred_at) FROM case_file c JOIN case_entry e"
        " ON e.case_id = c.id AND e.kind = 'plan' GROUP BY c.id"
    ).fetchall()
    on_time = [parse_moment(at) <= parse_moment(due) for due, at in planned]
    assert any(on_time) and not all(on_time)


def test_the_same_seed_gives_the_same_history(seeded):
    first, second = seeded("a", 9), seeded("b", 9)
    history = _history(first)
    assert history and [tuple(r)[1:] for r in history] == [tuple(r)[1:] for r in _history(second)]


def test_every_demo_case_prints_in_every_profile(seeded):
    """The demo is where a new manager first tries "print for referral": its callers
    agreed to referral (consent per purpose, Law 91/2025), so no profile is refused for
    any demo case (the referral print of every one was refused before)."""
    ws = seeded("consent", 5)
    numbers = [r[0] for r in ws.conn.execute("SELECT number FROM case_file ORDER BY number")]
    assert numbers
    for number in numbers:
        for profile in ("full", "referral", "anonymous"):
            assert ws.reports.case_summary(number, profile).pdf.startswith(b"%PDF")
