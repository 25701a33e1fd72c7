"""The national line's figures (issue 15): the country's monthly counts exactly as
`caseline-central report monthly` counts them (`central.report_cli.count_month`), and a
province-by-province comparison — contacts, contacts per 100,000 children where the child
population is known (`CASELINE_CENTRAL_CHILD_POPULATION`, a JSON file {"48": 250000, …}),
and the national handoffs routed to each province (received, accepted within the
deadline, declined, waiting, median minutes to accept). Counts only, never a name."""

from __future__ import annotations

import json
import statistics
from dataclasses import fields
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from central.devices import UserInputError
from central.report_cli import ENTRY_KINDS, count_month, fold_handoff_copies
from central.tables import records
from desktop.db.stats import thematic_counts_of_documents
from desktop.reports.render import CaselineError, Comparison, check_begun, shift
from desktop.sync import protocol as p

VN = timezone(timedelta(hours=7))  # Asia/Ho_Chi_Minh, no daylight saving


def load_population(path: str) -> dict[str, int]:
    """The child population per province code from a JSON file ({} without one).
    UserInputError naming the file when it is not such a file."""
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return {f"{int(k):02d}": int(v) for k, v in data.items() if int(v) > 0}
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise UserInputError(f"child population file {path}: {type(exc).__name__}") from None


def national_monthly(
    engine: Engine, month: str, population: dict[str, int] | None = None
) -> p.NationalMonthly:
    """The country's figures for `month` (YYYY-MM). UserInputError for a month that is
    not one or has not begun."""
    try:
        comparison = Comparison.of(month)
        check_begun(comparison.month, datetime.now(VN))
    except CaselineError as exc:
        raise UserInputError(exc.message_en) from exc
    counts = count_month(engine, comparison, None)
    tallies = {
        f.name: getattr(counts, f.name)
        for f in fields(counts)
        if f.name != "comparison" and getattr(counts, f.name) is not None
    }
    return p.NationalMonthly(
        month=comparison.month,
        tallies=tallies,
        provinces=_provinces(engine, comparison.month, counts.province or {}, population or {}),
    )


def _provinces(
    engine: Engine, month: str, contacts: dict[str, list[int]], population: dict[str, int]
) -> list[p.ProvinceFigures]:
    handed = _handoffs_by_province(engine, month)
    codes = sorted((set(contacts) | set(handed) | set(population)) - {"", "00"})
    out = []
    for code in codes:
        h = handed.get(code, {})
        minutes = h.get("minutes") or []
        out.append(
            p.ProvinceFigures(
                province_code=code,
                contacts=int((contacts.get(code) or [0])[0]),
                children_population=population.get(code),
                handoffs_received=h.get("received", 0),
                handoffs_accepted=h.get("accepted", 0),
                handoffs_accepted_in_time=h.get("in_time", 0),
                handoffs_declined=h.get("declined", 0),
                handoffs_waiting=h.get("waiting", 0),
                median_accept_minutes=int(statistics.median(minutes)) if minutes else None,
            )
        )
    return out


def _moment(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


def _handoffs_by_province(engine: Engine, month: str) -> dict[str, dict[str, Any]]:
    """Handoffs routed in `month` (Vietnam time), per receiving province."""
    query = select(records.c.routed_to, records.c.doc).where(
        records.c.entity == "handoff",
        records.c.deleted.is_(False),
        records.c.routed_to.is_not(None),
    )
    out: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    for province, doc in rows:
        routed = _moment(doc.get("routed_at"))
        if routed is None or routed.astimezone(VN).strftime("%Y-%m") != month:
            continue
        h = out.setdefault(province, {"minutes": []})
        h["received"] = h.get("received", 0) + 1
        status = doc.get("status")
        if status == "accepted":
            answered, deadline = _moment(doc.get("answered_at")), _moment(doc.get("accept_by"))
            h["accepted"] = h.get("accepted", 0) + 1
            if answered is not None:
                h["minutes"].append(max(0, int((answered - routed).total_seconds() // 60)))
                if deadline is None or answered <= deadline:
                    h["in_time"] = h.get("in_time", 0) + 1
        elif status in ("declined", "redirected"):
            h["declined"] = h.get("declined", 0) + 1
        elif status == "sent":
            h["waiting"] = h.get("waiting", 0) + 1
    return out


def national_thematic(
    engine: Engine, from_month: str, to_month: str, category: str | None = None
) -> p.NationalThematic:
    """The country's thematic counts over `from_month`..`to_month` for one category (or
    all contacts), counted as a desk counts its own (`thematic_counts_of_documents`);
    handoff copies are not counted twice. UserInputError for a bad period or category."""
    try:
        first = Comparison.of(from_month).month
        last = Comparison.of(to_month).month
        check_begun(first, datetime.now(VN))
        span = _months(first, last)
    except CaselineError as exc:
        raise UserInputError(exc.message_en) from exc
    if span < 1:
        raise UserInputError("the period runs backwards")
    earliest, latest = shift(first, -max(span, 12) - 1), shift(last, 1)
    with engine.connect() as conn:
        received = records.c.doc["received_at"].as_string()
        contacts = fold_handoff_copies(
            conn,
            [
                doc
                for (doc,) in conn.execute(
                    select(records.c.doc).where(
                        records.c.entity == "contact",
                        records.c.deleted.is_(False),
                        received >= f"{earliest}-01",
                        received < f"{latest}-32",
                    )
                )
            ],
        )
        child_ids = sorted({cid for c in contacts for cid in c.get("child_ids") or []})
        children = _by_ids(conn, "child", child_ids)
        cases = _all(conn, "case")
        entries = [e for e in _all(conn, "case_entry") if e.get("kind") in ENTRY_KINDS]
        referrals = _all(conn, "referral")
    try:
        counts = thematic_counts_of_documents(
            first,
            last,
            category or None,
            contacts=contacts,
            children=children,
            cases=cases,
            case_entries=entries,
            referrals=referrals,
        )
    except CaselineError as exc:
        raise UserInputError(exc.message_en) from exc
    tallies = {
        name: value
        for name in (
            "age",
            "sex",
            "commune",
            "channel",
            "subcategories",
            "interventions",
            "referral_agency",
            "referral_status",
        )
        if (value := getattr(counts, name)) is not None
    }
    return p.NationalThematic(
        months=list(counts.months),
        category=category or "",
        per_month=dict(counts.per_month),
        tallies=tallies,
    )


def _months(first: str, last: str) -> int:
    return (int(last[:4]) * 12 + int(last[5:])) - (int(first[:4]) * 12 + int(first[5:])) + 1


def _all(conn: Any, entity: str) -> list[dict]:
    query = select(records.c.doc).where(records.c.entity == entity, records.c.deleted.is_(False))
    return [doc for (doc,) in conn.execute(query)]


def _by_ids(conn: Any, entity: str, ids: list[str]) -> list[dict]:
    found: list[dict] = []
    for start in range(0, len(ids), 500):
        query = select(records.c.doc).where(
            records.c.entity == entity, records.c.id.in_(ids[start : start + 500])
        )
        found += [doc for (doc,) in conn.execute(query)]
    return found
