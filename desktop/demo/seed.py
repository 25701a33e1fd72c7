"""Fill a desk with synthetic data through the services, as its users would have.

Contacts go through `ws.record_contact` (search index, outbox and audit kept in step)
inside `ws.batch()`, one transaction per chunk; cases are opened from the contacts that
would become cases and taken through the Decree 56 steps with timeline entries and
referrals. The same seed gives the same data (ids and device codes excepted).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from desktop.demo.cases import CaseWalker
from desktop.demo.contacts import VIETNAM, ContactMaker, Place
from desktop.errors import CaselineError

if TYPE_CHECKING:
    from desktop.services import Workspace

CHUNK = 5000
Progress = Callable[[str, int, int], None]


@dataclass
class SeedSummary:
    contacts: int = 0
    children: int = 0
    cases: int = 0
    entries: int = 0
    referrals: int = 0
    first_number: str = ""
    last_number: str = ""
    contacts_seconds: float = 0.0
    cases_seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Candidate:
    contact_id: str
    received_at: datetime
    weight: float
    urgent: bool


def seed_demo(
    ws: Workspace,
    *,
    contacts: int,
    cases: int = 0,
    seed: int = 1,
    progress: Progress | None = None,
    end: datetime | None = None,
    chunk: int = CHUNK,
    assignees: list[str] | None = None,
) -> SeedSummary:
    """Add `contacts` contacts over the last 18 months and open `cases` cases from them.

    `assignees`: case workers to share the cases between (none: cases stay unassigned).
    """
    if cases and ws.user.role != "manager":
        raise CaselineError(
            "Tạo hồ sơ mẫu cần tài khoản quản lý (phê duyệt kế hoạch): dùng --user của một quản lý.",
            "Demo cases need a manager's account (plans are approved): use a manager's --user.",
        )
    with ws.store.bulk_writing():
        return _seed(ws, contacts, cases, seed, progress, end, chunk, assignees)


def _seed(
    ws: Workspace,
    contacts: int,
    cases: int,
    seed: int,
    progress: Progress | None,
    end: datetime | None,
    chunk: int,
    assignees: list[str] | None,
) -> SeedSummary:
    rng = random.Random(seed)
    maker = _maker(ws, rng)
    end = end or _today_vietnam()
    times = maker.times(contacts, end)
    summary = SeedSummary()
    candidates: list[_Candidate] = []
    started = time.perf_counter()
    for start in range(0, len(times), chunk):
        with ws.batch(all_or_nothing=True):
            for received in times[start : start + chunk]:
                _add_contact(ws, maker, received, summary, candidates)
        if progress:
            progress("contacts", summary.contacts, contacts)
    summary.contacts_seconds = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    chosen = _choose_cases(rng, candidates, cases)
    now = min(end, datetime.now(VIETNAM))  # no step is recorded in the future
    walker = CaseWalker(ws, rng, maker.communes, now=now, assignees=assignees)
    case_chunk = max(1, chunk // 4)
    for start in range(0, len(chosen), case_chunk):
        with ws.batch(all_or_nothing=True):
            for candidate in chosen[start : start + case_chunk]:
                walker.walk(candidate.contact_id, candidate.urgent, candidate.received_at)
        if progress:
            progress("cases", min(start + case_chunk, len(chosen)), len(chosen))
    summary.cases_seconds = round(time.perf_counter() - started, 2)
    summary.cases = walker.cases
    summary.entries = walker.entries
    summary.referrals = walker.referrals
    return summary


def _maker(ws: Workspace, rng: random.Random) -> ContactMaker:
    from desktop.domain import places
    from desktop.domain.records import NATIONAL_PROVINCE
    from desktop.domain.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    subs = {f.code: [c.code for c in f.children] for f in taxonomy.categories()}
    # The national line (scope "00", issue 15) takes calls from the whole country: its demo
    # children live in every province's communes.
    scope = (
        [p.code for p in places.provinces()]
        if ws.province_code == NATIONAL_PROVINCE
        else [ws.province_code]
    )
    communes = [Place(p.code, p.name) for code in scope for p in places.communes(code)]
    if not communes:
        raise ValueError(f"no communes for province {ws.province_code}")
    return ContactMaker(rng, ws.province_code, communes, subs)


def _today_vietnam() -> datetime:
    """Midnight starting today in Vietnam: the same seed gives the same data all day."""
    now = datetime.now(VIETNAM)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def _add_contact(
    ws: Workspace,
    maker: ContactMaker,
    received: datetime,
    summary: SeedSummary,
    candidates: list[_Candidate],
) -> None:
    data = maker.contact(received)
    new_children = [c for c in data["children"] if "id" not in c]
    saved = ws.record_contact(data)
    summary.contacts += 1
    summary.children += len(new_children)
    summary.first_number = summary.first_number or saved.number
    summary.last_number = saved.number
    if new_children and maker.rng.random() < 0.25:  # some children come back later
        maker.known_children.extend(_child_ids(ws, saved.id)[:1])
    if data["children"] and data["call_type"] in ("counselling", "emergency", "other"):
        weight = {"low": 0.2, "medium": 1.0, "high": 4.0, "urgent": 8.0}[data["risk"]]
        urgent = data["risk"] == "urgent"
        candidates.append(_Candidate(saved.id, received, weight, urgent))


def _child_ids(ws: Workspace, contact_id: str) -> list[str]:
    """The ids of a contact's children. Read from the store, not `get_contact`, so that
    seeding does not fill the access log with views nobody made."""
    row = ws.store.conn.execute("SELECT child_ids FROM contact WHERE id = ?", (contact_id,))
    found = row.fetchone()
    return json.loads(found[0]) if found and found[0] else []


def _choose_cases(rng: random.Random, candidates: list[_Candidate], count: int) -> list[_Candidate]:
    """The riskiest contacts become cases first (weighted draw without replacement)."""
    if count >= len(candidates):
        return list(candidates)
    # Efraimidis–Spirakis: key u^(1/w), keep the largest keys.
    keyed = sorted(candidates, key=lambda c: rng.random() ** (1.0 / c.weight), reverse=True)
    chosen = keyed[:count]
    chosen.sort(key=lambda c: c.received_at)
    return chosen


def age_days(received: datetime, now: datetime) -> float:
    return (now - received) / timedelta(days=1)
