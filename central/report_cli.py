"""`caseline-central report monthly YYYY-MM [--province CODE] -o FILE.pdf`: the monthly
report over every synced province (with a by-province table), or over one province.

It reads the record documents through SQLAlchemy and hands them to the desk's pure
counting (`desktop.db.stats`, on a private in-memory database) and rendering
(`desktop.reports.render`), so both lines print the same report.
Nothing but the PDF is written: the rows are counted in a private in-memory database.
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, or_, select

from central.devices import UserInputError
from central.tables import records
from desktop import files
from desktop.db.stats import MonthlyCounts, monthly_counts_of_documents
from desktop.reports.render import (
    CaselineError,
    Comparison,
    check_begun,
    monthly_figures,
    province_name,
    render_monthly_pdf,
    shift,
)

CENTRAL_NAME = "Tổng đài điện thoại quốc gia bảo vệ trẻ em 111"
ALL_PROVINCES = "Tất cả các tỉnh, thành phố đã đồng bộ"
ENTRY_KINDS = ("assessment", "plan", "intervention", "follow_up")


def register(sub: Any) -> None:
    report = sub.add_parser("report", help="reports over the synced records")
    kinds = report.add_subparsers(dest="report", required=True)
    monthly = kinds.add_parser("monthly", help="the monthly report (PDF)")
    monthly.add_argument("month", help="YYYY-MM")
    monthly.add_argument("--province", default=None, help="one province code (default: all)")
    monthly.add_argument("-o", "--output", required=True, help="the PDF to write")
    monthly.set_defaults(handler=monthly_report)


def monthly_report(args: argparse.Namespace, engine: Engine) -> int:
    try:
        comparison = Comparison.of(args.month)
        check_begun(comparison.month, datetime.now(UTC))
    except CaselineError as exc:
        raise UserInputError(exc.message_en) from exc
    province = f"{int(args.province):02d}" if args.province else None
    counts = count_month(engine, comparison, province)
    stats = monthly_figures(counts, scope=province_name(province) if province else ALL_PROVINCES)
    pdf = render_monthly_pdf(
        stats,
        centre_name=CENTRAL_NAME,
        province_name=province_name(province) if province else "Toàn quốc",
        printed_by=getpass.getuser(),
        printed_at=datetime.now(UTC),
    )
    path = _save(Path(args.output), pdf)
    print(path)
    return 0


def count_month(engine: Engine, comparison: Comparison, province: str | None) -> MonthlyCounts:
    """The monthly counts over one province, or over all (with the by-province tally).
    Over all provinces, a contact a province made by accepting a national handoff
    (`handoff_id`) is not counted again: it is the national line's contact, counted once
    (issue 15), and made into a case when the province opened one from its copy
    (`fold_handoff_copies`); the province's own report counts it as its work."""
    with engine.connect() as conn:
        contacts = list(_contacts(conn, comparison, province))
        if province is None:
            contacts = fold_handoff_copies(conn, contacts)
        child_ids = sorted({cid for c in contacts for cid in c.get("child_ids") or []})
        return monthly_counts_of_documents(
            comparison.month,
            contacts=contacts,
            children=_by_ids(conn, "child", child_ids),
            cases=_docs(conn, "case", province),
            case_entries=_docs(conn, "case_entry", province, kinds=ENTRY_KINDS),
            referrals=_docs(conn, "referral", province),
            by_province=province is None,
        )


def fold_handoff_copies(conn: Any, contacts: list[dict]) -> list[dict]:
    """Country-wide counting of national handoffs (issue 15, review i15 #5): a province's
    copy of an accepted handoff (`handoff_id`) is dropped — it is the national line's
    contact, counted once — and when that accepted copy was made into a case, the national
    contact counts as made into a case (it takes the copy's `case_id`), so "Cuộc liên hệ
    được lập hồ sơ" and "Hồ sơ mới mở" count the same handoff case once each. A case the
    national desk itself opened before handing it off keeps its own `case_id`."""
    copies = {c["handoff_id"]: c for c in contacts if c.get("handoff_id") and c.get("case_id")}
    kept = [c for c in contacts if not c.get("handoff_id")]
    if not copies:
        return kept
    cased: dict[str, str] = {}  # national contact id -> the province's case id
    for handoff in _by_ids(conn, "handoff", sorted(copies)):
        copy = copies.get(str(handoff.get("id")))
        if (
            copy is not None
            and handoff.get("source_entity") == "contact"
            and handoff.get("accepted_contact_id") == copy.get("id")
        ):
            cased[str(handoff.get("source_id"))] = str(copy["case_id"])
    return [
        {**c, "case_id": cased[c["id"]]} if c.get("id") in cased and not c.get("case_id") else c
        for c in kept
    ]


def _save(target: Path, data: bytes) -> Path:
    """The PDF into a temporary file beside `target`, then renamed over it (the desk's one
    atomic writer: fsync, rename, fsync of the folder; never into a FIFO or a device)."""
    try:
        return files.write_atomically(target, data, same_kind=True)
    except CaselineError as exc:
        raise UserInputError(exc.message_en) from exc


def _live(entity: str, province: str | None) -> list[Any]:
    clauses = [records.c.entity == entity, records.c.deleted.is_(False)]
    if province:
        clauses.append(records.c.province_code == province)
    return clauses


def _contacts(conn: Any, comparison: Comparison, province: str | None) -> Iterator[dict]:
    """The contacts of the three compared months (a generous text range on received_at,
    which is stored in Vietnam time; the exact local month is counted afterwards)."""
    received = records.c.doc["received_at"].as_string()
    ranges = [
        and_(received >= f"{shift(m, -1)}-28", received < f"{shift(m, 1)}-02")
        for m in comparison.months
    ]
    query = select(records.c.doc).where(*_live("contact", province), or_(*ranges))
    for (doc,) in conn.execute(query):
        yield doc


def _docs(
    conn: Any, entity: str, province: str | None, kinds: Sequence[str] | None = None
) -> list[dict]:
    query = select(records.c.doc).where(*_live(entity, province))
    if kinds:
        query = query.where(records.c.doc["kind"].as_string().in_(kinds))
    return [doc for (doc,) in conn.execute(query)]


def _by_ids(conn: Any, entity: str, ids: Sequence[str]) -> list[dict]:
    found: list[dict] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(records.c.doc).where(records.c.entity == entity, records.c.id.in_(chunk))
        found += [doc for (doc,) in conn.execute(query)]
    return found
