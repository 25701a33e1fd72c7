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
from central.report_cli import count_month
from central.tables import records
from desktop.reports.render import CaselineError, Comparison, check_begun
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
