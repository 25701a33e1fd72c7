"""Counting for the statistics reports, in SQL (json_each over the JSON list columns), never by
looping over rows in Python: the monthly report must stay within 2 s over 100k contacts.

Every function takes a DB-API connection (SQLCipher on a desk, an in-memory SQLite on the
central line) holding the local tables of docs/dev-contracts.md: `contact`, `child`,
`case_file`, `case_entry`, `referral`, with lists as JSON text.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from desktop.domain import times
from desktop.domain.counts import MonthlyCounts, Tally, ThematicCounts
from desktop.domain.periods import Comparison, month_end_utc, month_start_utc, months_between, shift
from desktop.domain.taxonomy import load_taxonomy

# The local month (Vietnam, UTC+7) of a contact's receipt time. Stored times are local
# ISO text ending "+07:00", whose first 7 characters are that month; any other offset
# goes through strftime (3x slower per row: it parses the date).
LOCAL_MONTH_SQL = (
    "CASE WHEN c0.received_at LIKE '%+07:00' THEN substr(c0.received_at, 1, 7)"
    " ELSE strftime('%Y-%m', c0.received_at, '+7 hours') END"
)


@dataclass(frozen=True)
class ContactScope:
    """Which contacts are counted: the months, and optionally one category (family or code)."""

    months: tuple[str, ...]
    category: str | None = None
    table: str | None = None  # the scope read once into a temp table (`read_once`)
    kids: str | None = None  # its children, one row per child per contact

    def cte(self) -> tuple[str, list[Any]]:
        """`WITH c AS (...)`: the scope's live contacts with their local month `ym`."""
        if self.table:
            return f"WITH c AS (SELECT * FROM temp.{self.table})", []
        ranges = []
        params: list[Any] = []
        for first, last in _runs(self.months):
            # A generous text range first (offsets are within a day) so an index on
            # received_at can help; then the exact local month. One range per run of
            # consecutive months, so the SQL stays small however long the period.
            ranges.append("(c0.received_at >= ? AND c0.received_at < ?)")
            params += [_day_before(first), _day_after_end(last)]
        where = f"c0.deleted = 0 AND ({' OR '.join(ranges)})"
        if self.category:
            code = current_code_sql("jc.value")
            where += (
                " AND EXISTS (SELECT 1 FROM json_each(c0.categories) jc"
                f" WHERE {code} = ? OR {code} LIKE ?)"
            )
            params += [self.category, f"{self.category}.%"]
        marks = ",".join("?" * len(self.months))
        sql = (
            f"WITH c0x AS (SELECT c0.*, {LOCAL_MONTH_SQL} AS ym"
            f" FROM contact c0 WHERE {where}),"
            f" c AS (SELECT * FROM c0x WHERE ym IN ({marks}))"
        )
        return sql, params + list(self.months)


# What the breakdowns read of a contact (the scope's temp table holds only these).
SCOPE_COLUMNS = (
    "id",
    "ym",
    "received_at",
    "province_code",
    "channel",
    "call_type",
    "caller_relation",
    "risk",
    "child_ids",
    "categories",
    "services",
    "case_id",
    "settings",
    "perpetrator_relation",
)
_TEMP_NAMES = itertools.count(1)


@contextmanager
def read_once(conn: Any, scope: ContactScope) -> Iterator[ContactScope]:
    """The scope's contacts read ONCE (one range of the received_at index) into an
    in-memory temp table (`temp_store = MEMORY`: nothing reaches the disk), with their
    children's sex, age group and commune beside them; every breakdown then groups those
    few columns instead of re-running the month filter with `SELECT *` (the monthly
    report at 1M contacts ran it 12 times: 25 s). Dropped on leaving."""
    number = next(_TEMP_NAMES)
    table, kids = f"scope_contact_{number}", f"scope_child_{number}"
    cte, params = scope.cte()
    conn.execute(
        f"CREATE TEMP TABLE {table} AS {cte} SELECT {', '.join(SCOPE_COLUMNS)} FROM c", params
    )
    conn.execute(
        f"CREATE TEMP TABLE {kids} AS SELECT c.ym AS ym, c.id AS contact_id,"
        " coalesce(nullif(ch.sex, ''), 'U') AS sex, coalesce(ch.home_commune_code, '') AS commune,"
        f" ({AGE_GROUP_SQL}) AS age_group"
        f" FROM temp.{table} c, json_each(c.child_ids) j JOIN child ch ON ch.id = j.value"
    )
    try:
        yield replace(scope, table=table, kids=kids)
    finally:
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
        conn.execute(f"DROP TABLE IF EXISTS temp.{kids}")


def _runs(months: Sequence[str]) -> list[tuple[str, str]]:
    """The months as (first, last) runs of consecutive months, in order."""
    runs: list[tuple[str, str]] = []
    for ym in sorted(set(months)):
        if runs and shift(runs[-1][1], 1) == ym:
            runs[-1] = (runs[-1][0], ym)
        else:
            runs.append((ym, ym))
    return runs


def _day_before(ym: str) -> str:
    # Earlier than needed is harmless: the exact local-month filter follows.
    return f"{shift(ym, -1)}-28"


def _day_after_end(ym: str) -> str:
    return f"{shift(ym, 1)}-02"


def grouped(conn: Any, months: Sequence[str], sql: str, params: Sequence[Any]) -> Tally:
    """Run `sql` returning (ym, code, n) rows; returns code → counts per month."""
    index = {ym: i for i, ym in enumerate(months)}
    result: Tally = {}
    for ym, code, n in conn.execute(sql, list(params)):
        if ym not in index:
            continue
        key = "" if code is None else str(code)
        result.setdefault(key, [0] * len(months))[index[ym]] += int(n)
    return result


# ---------------------------------------------------------------- contact breakdowns


def current_code_sql(expr: str) -> str:
    """SQL giving the code of today's taxonomy that the category code `expr` counts under:
    a code an older version retired maps forward ('violence.domestic' → 'violence',
    'exploitation.pornography' → 'sexual_abuse.pornography'); any other code is itself.
    Records keep the code they were coded with; only the counting maps."""
    retired = load_taxonomy().retired_codes()
    if not retired:
        return expr
    whens = " ".join(f"WHEN {_quoted(r.code)} THEN {_quoted(r.maps_to)}" for r in retired)
    return f"(CASE {expr} {whens} ELSE {expr} END)"


def _quoted(code: str) -> str:
    return "'" + code.replace("'", "''") + "'"


def family_sql(expr: str) -> str:
    """SQL giving the family of the category code `expr` (mapped forward first)."""
    code = current_code_sql(expr)
    return f"CASE WHEN instr({code}, '.') > 0 THEN substr({code}, 1, instr({code}, '.') - 1) ELSE {code} END"


CATEGORY_SQL = current_code_sql("j.value")
FAMILY_SQL = family_sql("j.value")

AGE_SQL = (
    "CASE"
    " WHEN ch.birth_date IS NOT NULL AND ch.birth_date != '' THEN"
    "  CAST(substr(c.ym, 1, 4) AS INTEGER) - CAST(substr(ch.birth_date, 1, 4) AS INTEGER)"
    "  - (strftime('%m-%d', c.received_at, '+7 hours') < substr(ch.birth_date, 6, 5))"
    " WHEN ch.birth_year IS NOT NULL THEN CAST(substr(c.ym, 1, 4) AS INTEGER) - ch.birth_year"
    " END"
)
SEX_SQL = "coalesce(nullif(ch.sex, ''), 'U')"
AGE_GROUP_SQL = (
    f"CASE WHEN ({AGE_SQL}) IS NULL OR ({AGE_SQL}) < 0 THEN 'unknown'"
    f" WHEN ({AGE_SQL}) <= 5 THEN '0_5' WHEN ({AGE_SQL}) <= 10 THEN '6_10'"
    f" WHEN ({AGE_SQL}) <= 15 THEN '11_15' ELSE '16_plus' END"
)


def count_contacts(conn: Any, scope: ContactScope) -> Tally:
    cte, params = scope.cte()
    return grouped(
        conn, scope.months, f"{cte} SELECT ym, 'all', count(*) FROM c GROUP BY ym", params
    )


def by_column(conn: Any, scope: ContactScope, column: str) -> Tally:
    """Contacts by a plain column (channel, call_type, caller_relation, risk, province_code)."""
    cte, params = scope.cte()
    sql = f"{cte} SELECT ym, c.{column}, count(*) FROM c GROUP BY ym, c.{column}"
    return grouped(conn, scope.months, sql, params)


def by_setting(conn: Any, scope: ContactScope) -> Tally:
    """Contacts by setting (taxonomy 2027.1: domestic, online, cross_border), a contact
    once per setting; a contact coded before 2027.1 with a code that stood for a setting
    ('violence.domestic') counts under it too."""
    cte, params = scope.cte()
    implied = [(r.code, s) for r in load_taxonomy().retired_codes() for s in r.settings]
    old = ""
    if implied:
        whens = " ".join(f"WHEN {_quoted(code)} THEN {_quoted(s)}" for code, s in implied)
        codes = ", ".join(_quoted(code) for code, _ in implied)
        old = (
            f" UNION SELECT c.ym, c.id, CASE j.value {whens} END AS code"
            f" FROM c, json_each(c.categories) j WHERE j.value IN ({codes})"
        )
    sql = (
        f"{cte} SELECT ym, code, count(*) FROM ("
        f" SELECT c.ym, c.id, j.value AS code FROM c, json_each(c.settings) j{old})"
        " GROUP BY ym, code"
    )
    return grouped(conn, scope.months, sql, params)


def by_list(conn: Any, scope: ContactScope, column: str, code_sql: str = "j.value") -> Tally:
    """Contacts by the items of a JSON list column; a contact counts once per item (or
    once per family when `code_sql` maps items to their family). Empty lists count as ''."""
    cte, params = scope.cte()
    sql = (
        f"{cte} SELECT ym, code, count(*) FROM ("
        f" SELECT DISTINCT c.ym, c.id, {code_sql} AS code FROM c, json_each(c.{column}) j)"
        " GROUP BY ym, code"
        f" UNION ALL SELECT ym, '', count(*) FROM c WHERE json_array_length(c.{column}) = 0"
        " GROUP BY ym"
    )
    return grouped(conn, scope.months, sql, params)


def by_child_sex_age(conn: Any, scope: ContactScope) -> Tally:
    """Children in contacts by sex and age group at the contact (one per child per contact)."""
    if scope.kids:
        sql = f"SELECT ym, sex || ':' || age_group, count(*) FROM temp.{scope.kids} GROUP BY 1, 2"
        return grouped(conn, scope.months, sql, [])
    cte, params = scope.cte()
    sql = (
        f"{cte} SELECT ym, coalesce(nullif(ch.sex, ''), 'U') || ':' || ({AGE_GROUP_SQL}), count(*)"
        " FROM c, json_each(c.child_ids) j JOIN child ch ON ch.id = j.value"
        " GROUP BY 1, 2"
    )
    return grouped(conn, scope.months, sql, params)


def by_child_field(conn: Any, scope: ContactScope, expression: str) -> Tally:
    """Children in contacts by an expression over `ch` (e.g. sex, age group)."""
    kept = {AGE_GROUP_SQL: "age_group", SEX_SQL: "sex"}.get(expression)
    if scope.kids and kept:
        sql = f"SELECT ym, {kept}, count(*) FROM temp.{scope.kids} GROUP BY 1, 2"
        return grouped(conn, scope.months, sql, [])
    cte, params = scope.cte()
    sql = (
        f"{cte} SELECT ym, {expression}, count(*)"
        " FROM c, json_each(c.child_ids) j JOIN child ch ON ch.id = j.value GROUP BY 1, 2"
    )
    return grouped(conn, scope.months, sql, params)


def by_commune(conn: Any, scope: ContactScope) -> Tally:
    """Contacts by the home commune of their children (a contact counts once per commune)."""
    cte, params = scope.cte()
    children = (
        f"SELECT DISTINCT ym, contact_id, commune AS code FROM temp.{scope.kids}"
        if scope.kids
        else "SELECT DISTINCT c.ym, c.id, coalesce(ch.home_commune_code, '') AS code"
        " FROM c, json_each(c.child_ids) j JOIN child ch ON ch.id = j.value"
    )
    sql = (
        f"{cte} SELECT ym, code, count(*) FROM ({children})"
        " GROUP BY ym, code"
        " UNION ALL SELECT ym, '', count(*) FROM c WHERE json_array_length(c.child_ids) = 0"
        " GROUP BY ym"
    )
    return grouped(conn, scope.months, sql, params)


def files_opened(conn: Any, scope: ContactScope) -> Tally:
    """Contacts that led to a case file (lập hồ sơ)."""
    cte, params = scope.cte()
    sql = (
        f"{cte} SELECT ym, 'files', count(*) FROM c"
        " WHERE c.case_id IS NOT NULL AND c.case_id != '' GROUP BY ym"
    )
    return grouped(conn, scope.months, sql, params)


# ---------------------------------------------------------------- cases and referrals

CASE_RECEIVED = "coalesce(nullif(cf.received_at, ''), cf.created_at)"
CASE_CLOSED = (
    "CASE WHEN cf.closed_at IS NOT NULL AND cf.closed_at != '' THEN cf.closed_at"
    " WHEN cf.status = 'closed' THEN cf.updated_at END"
)


def _case_filter(category: str | None) -> tuple[str, list[Any]]:
    if not category:
        return "", []
    code = current_code_sql("jc.value")
    return (
        f" AND EXISTS (SELECT 1 FROM json_each(cf.categories) jc WHERE {code} = ? OR {code} LIKE ?)",
        [category, f"{category}.%"],
    )


# A case central marked as the duplicate of another case of the same contact (opened on two
# desks offline) is one case in the figures; its entries and referrals still count.
LIVE_CASE = "cf.deleted = 0 AND coalesce(cf.duplicate_of, '') = ''"


def cases_opened_closed(conn: Any, months: Sequence[str], category: str | None = None) -> Tally:
    extra, params = _case_filter(category)
    sql = (
        f"SELECT strftime('%Y-%m', {CASE_RECEIVED}, '+7 hours'), 'opened', count(*)"
        f" FROM case_file cf WHERE {LIVE_CASE}{extra} GROUP BY 1"
        f" UNION ALL SELECT strftime('%Y-%m', {CASE_CLOSED}, '+7 hours'), 'closed', count(*)"
        f" FROM case_file cf WHERE {LIVE_CASE} AND ({CASE_CLOSED}) IS NOT NULL{extra} GROUP BY 1"
    )
    return grouped(conn, months, sql, params + params)


def cases_active_and_overdue(
    conn: Any, months: Sequence[str], now_utc: str, category: str | None = None
) -> Tally:
    """Cases open at each month's end (or now, for the current month) and, of those, the
    ones past a step deadline at that moment, by step.

    Deadlines of Decree 56: the emergency measure of an urgent case (12 hours from receipt,
    Art. 26.3; met by the case's `emergency_measure_at`) and the plan (5 working days).
    The services write the plan step's first entry when the case leaves the step, so a
    case is overdue at a moment when the deadline has passed and that had not happened yet.
    Older records without `emergency_due` keep their 12-hour `assessment_due`, met by
    the first assessment entry."""
    extra, extra_params = _case_filter(category)
    moments = [min(month_end_utc(ym), now_utc) for ym in months]
    values = ", ".join("(?, julianday(?))" for _ in moments)
    sql = (
        f"WITH at(i, t) AS (VALUES {values}),"
        " firsts AS MATERIALIZED (SELECT case_id,"
        "  min(CASE WHEN kind = 'assessment' THEN occurred_at END) AS assessed,"
        "  min(CASE WHEN kind = 'plan' THEN occurred_at END) AS planned"
        "  FROM case_entry WHERE deleted = 0 AND kind IN ('assessment', 'plan') GROUP BY case_id),"
        f" cases AS MATERIALIZED (SELECT julianday({CASE_RECEIVED}) AS opened,"
        f"  julianday({CASE_CLOSED}) AS closed,"
        "  julianday(coalesce(cf.emergency_due, cf.assessment_due)) AS assess_due,"
        "  julianday(cf.plan_due) AS plan_due, julianday(CASE WHEN cf.emergency_due IS NULL"
        "   THEN f.assessed ELSE cf.emergency_measure_at END) AS assessed,"
        "  julianday(f.planned) AS planned"
        "  FROM case_file cf LEFT JOIN firsts f ON f.case_id = cf.id"
        f"  WHERE {LIVE_CASE}{extra}),"
        " open_at AS (SELECT at.i, at.t, cases.* FROM at JOIN cases"
        "  ON cases.opened < at.t AND (cases.closed IS NULL OR cases.closed >= at.t))"
        " SELECT i, count(*),"
        "  sum(assess_due < t AND (assessed IS NULL OR assessed > t)),"
        "  sum(plan_due < t AND (planned IS NULL OR planned > t))"
        " FROM open_at GROUP BY i"
    )
    params: list[Any] = []
    for i, moment in enumerate(moments):
        params += [i, moment]
    result = {key: [0] * len(months) for key in ("active", *OVERDUE_KEYS)}
    for i, active, assessment, plan in conn.execute(sql, params + extra_params):
        result["active"][i] = int(active)
        result[OVERDUE_KEYS[0]][i] = int(assessment or 0)
        result[OVERDUE_KEYS[1]][i] = int(plan or 0)
    return result


OVERDUE_KEYS = ("overdue:emergency_measure", "overdue:plan")


def referrals_by(
    conn: Any, months: Sequence[str], column: str, category: str | None = None
) -> Tally:
    """Referrals sent in each month by agency or by status (their outcome so far)."""
    extra, params = _case_filter(category)
    sql = (
        f"SELECT strftime('%Y-%m', coalesce(nullif(r.sent_at, ''), r.created_at), '+7 hours'), r.{column}, count(*)"
        " FROM referral r JOIN case_file cf ON cf.id = r.case_id"
        f" WHERE r.deleted = 0 AND cf.deleted = 0{extra} GROUP BY 1, 2"
    )
    return grouped(conn, months, sql, params)


def interventions(conn: Any, months: Sequence[str], category: str | None = None) -> Tally:
    """Case timeline entries of support and intervention by month (corrections excluded)."""
    extra, params = _case_filter(category)
    sql = (
        "SELECT strftime('%Y-%m', e.occurred_at, '+7 hours'), e.kind, count(*)"
        " FROM case_entry e JOIN case_file cf ON cf.id = e.case_id"
        " WHERE e.deleted = 0 AND cf.deleted = 0 AND e.kind IN ('intervention', 'follow_up')"
        f" AND (e.corrects_id IS NULL OR e.corrects_id = ''){extra} GROUP BY 1, 2"
    )
    return grouped(conn, months, sql, params)


def month_bounds(ym: str) -> tuple[str, str]:
    return month_start_utc(ym), month_end_utc(ym)


# ---------------------------------------------------------------- the reports' counts


def monthly_counts(
    conn: Any, month: str, *, by_province: bool = False, now_utc: str | None = None
) -> MonthlyCounts:
    """Every count of the monthly report for `month` (YYYY-MM, local calendar month),
    beside the previous month and the same month last year. `now_utc` (ISO text, default
    now) is when the current month's open and overdue cases are counted.
    ValidationError when `month` is not YYYY-MM."""
    comparison = Comparison.of(month)
    months = comparison.months
    now_utc = now_utc or datetime.now(UTC).isoformat()
    with read_once(conn, ContactScope(months)) as contacts:
        return _monthly(conn, comparison, contacts, by_province, now_utc)


def _monthly(
    conn: Any, comparison: Comparison, contacts: ContactScope, by_province: bool, now_utc: str
) -> MonthlyCounts:
    months = comparison.months
    return MonthlyCounts(
        comparison=comparison,
        contacts=count_contacts(conn, contacts),
        files=files_opened(conn, contacts),
        cases=cases_opened_closed(conn, months),
        active=cases_active_and_overdue(conn, months, now_utc),
        families=by_list(conn, contacts, "categories", FAMILY_SQL),
        channel=by_column(conn, contacts, "channel"),
        call_type=by_column(conn, contacts, "call_type"),
        services=by_list(conn, contacts, "services"),
        caller_relation=by_column(conn, contacts, "caller_relation"),
        settings=by_setting(conn, contacts),
        perpetrator=by_column(conn, contacts, "perpetrator_relation"),
        risk=by_column(conn, contacts, "risk"),
        children=by_child_sex_age(conn, contacts),
        commune=by_commune(conn, contacts),
        referral_agency=referrals_by(conn, months, "agency"),
        referral_status=referrals_by(conn, months, "status"),
        province=by_column(conn, contacts, "province_code") if by_province else None,
        handoffs=handoff_counts(conn, months),
    )


HANDOFF_KEYS = ("sent", "accepted_in_time", "accepted_late", "declined", "outcome")


def handoff_counts(conn: Any, months: Sequence[str]) -> Tally | None:
    """The national handoffs this desk holds (its scope: sent by the national desk, or
    routed to this province), per month (`MonthlyCounts.handoffs`). None without a
    handoff table. Few rows: read once and sorted into months here (times compared as
    moments: answered_at is UTC text, accept_by local text with its offset)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'handoff'"
    ).fetchone()
    if not has_table:
        return None
    tally: Tally = {key: [0] * len(months) for key in HANDOFF_KEYS}
    index = {ym: i for i, ym in enumerate(months)}
    rows = conn.execute(
        "SELECT sent_at, status, answered_at, accept_by, outcome_at FROM handoff WHERE deleted = 0"
    ).fetchall()
    for sent_at, status, answered_at, accept_by, outcome_at in rows:
        _count(tally, index, "sent", _local_month(sent_at))
        if status in ("accepted", "declined", "redirected") and answered_at:
            answered = _moment(answered_at)
            key = "declined"
            if status == "accepted":
                deadline = _moment(accept_by) if accept_by else None
                late = deadline is not None and answered is not None and answered > deadline
                key = "accepted_late" if late else "accepted_in_time"
            _count(tally, index, key, _local_month(answered_at))
        if outcome_at:
            _count(tally, index, "outcome", str(outcome_at)[:7])
    return tally


def _count(tally: Tally, index: Mapping[str, int], key: str, ym: str | None) -> None:
    if ym in index:
        tally[key][index[ym]] += 1


def _moment(text: Any) -> datetime | None:
    try:
        return times.parse(str(text))
    except ValueError:
        return None


def _local_month(text: Any) -> str | None:
    moment = _moment(text) if text else None
    return times.to_local(moment).strftime("%Y-%m") if moment is not None else None


def _summed(counts: Tally) -> Tally:
    return {code: [sum(values)] for code, values in counts.items()}


def thematic_counts(
    conn: Any, from_ym: str, to_ym: str, category: str | None = None
) -> ThematicCounts:
    """Every count of a thematic report over the months `from_ym`..`to_ym` (both
    included), for one category (family or subcategory code) or all contacts.
    ValidationError when a month is not YYYY-MM or the period runs backwards."""
    months = months_between(from_ym, to_ym)
    span = len(months)
    before = [shift(m, -span) for m in months]
    last_year = [shift(m, -12) for m in months]
    all_months = tuple(dict.fromkeys(months + before + last_year))
    per_month = count_contacts(conn, ContactScope(all_months, category)).get(
        "all", [0] * len(all_months)
    )
    family = bool(category) and "." not in str(category)
    with read_once(conn, ContactScope(tuple(months), category)) as scope:
        return _thematic(conn, months, all_months, per_month, scope, category, family)


def _thematic(
    conn: Any,
    months: list[str],
    all_months: tuple[str, ...],
    per_month: list[int],
    scope: ContactScope,
    category: str | None,
    family: bool,
) -> ThematicCounts:
    return ThematicCounts(
        months=tuple(months),
        category=category,
        per_month=dict(zip(all_months, per_month, strict=True)),
        age=_summed(by_child_field(conn, scope, AGE_GROUP_SQL)),
        sex=_summed(by_child_field(conn, scope, SEX_SQL)),
        commune=_summed(by_commune(conn, scope)),
        channel=_summed(by_column(conn, scope, "channel")),
        subcategories=_summed(by_list(conn, scope, "categories", CATEGORY_SQL)) if family else None,
        interventions=_summed(interventions(conn, months, category)),
        referral_agency=_summed(referrals_by(conn, months, "agency", category)),
        referral_status=_summed(referrals_by(conn, months, "status", category)),
    )


# ---------------------------------------------------------------- counting plain records

# The columns the counts read, per local table (the record field names of
# desktop.domain.records); enough to count plain documents the same way as a desk.
DOCUMENT_TABLES: dict[str, tuple[str, ...]] = {
    "contact": (
        "id",
        "province_code",
        "deleted",
        "received_at",
        "channel",
        "call_type",
        "caller_relation",
        "risk",
        "child_ids",
        "categories",
        "services",
        "case_id",
        "settings",
        "perpetrator_relation",
    ),
    "child": ("id", "deleted", "sex", "birth_date", "birth_year", "home_commune_code"),
    "case_file": (
        "id",
        "deleted",
        "received_at",
        "created_at",
        "updated_at",
        "closed_at",
        "status",
        "categories",
        "assessment_due",
        "plan_due",
        "emergency_due",
        "emergency_measure_at",
        "duplicate_of",
    ),
    "case_entry": ("id", "case_id", "deleted", "kind", "occurred_at", "corrects_id"),
    "referral": ("id", "case_id", "deleted", "sent_at", "created_at", "agency", "status"),
}


def monthly_counts_of_documents(
    month: str,
    *,
    contacts: Iterable[Mapping[str, Any]],
    children: Iterable[Mapping[str, Any]] = (),
    cases: Iterable[Mapping[str, Any]] = (),
    case_entries: Iterable[Mapping[str, Any]] = (),
    referrals: Iterable[Mapping[str, Any]] = (),
    by_province: bool = False,
    now_utc: str | None = None,
) -> MonthlyCounts:
    """The monthly counts from plain record dicts (the synced documents, field names of
    `desktop.domain.records`), counted by the same SQL as a desk. Pass at least the
    contacts of the month, the previous month and the same month last year, with their
    children; cases/entries/referrals as known. The rows go into a private in-memory
    database, never to disk."""
    sources = {
        "contact": contacts,
        "child": children,
        "case_file": cases,
        "case_entry": case_entries,
        "referral": referrals,
    }
    with _documents_db(sources) as conn:
        return monthly_counts(conn, month, by_province=by_province, now_utc=now_utc)


def thematic_counts_of_documents(
    from_ym: str,
    to_ym: str,
    category: str | None = None,
    *,
    contacts: Iterable[Mapping[str, Any]],
    children: Iterable[Mapping[str, Any]] = (),
    cases: Iterable[Mapping[str, Any]] = (),
    case_entries: Iterable[Mapping[str, Any]] = (),
    referrals: Iterable[Mapping[str, Any]] = (),
) -> ThematicCounts:
    """The thematic counts from plain record dicts, as `monthly_counts_of_documents` (the
    national line's thematic report, issue 15). Pass the contacts of the period, of the
    period before and of the same months a year earlier, with their children."""
    sources = {
        "contact": contacts,
        "child": children,
        "case_file": cases,
        "case_entry": case_entries,
        "referral": referrals,
    }
    with _documents_db(sources) as conn:
        return thematic_counts(conn, from_ym, to_ym, category)


@contextmanager
def _documents_db(sources: Mapping[str, Iterable[Mapping[str, Any]]]) -> Iterator[Any]:
    """A private in-memory database holding the documents' counted columns."""
    conn = sqlite3.connect(":memory:")
    try:
        for table, columns in DOCUMENT_TABLES.items():
            conn.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
        for table, rows in sources.items():
            columns = DOCUMENT_TABLES[table]
            marks = ", ".join("?" * len(columns))
            conn.executemany(
                f"INSERT INTO {table} VALUES ({marks})",
                (tuple(_sql_value(row.get(c), c) for c in columns) for row in rows),
            )
        yield conn
    finally:
        conn.close()


def _sql_value(value: Any, column: str) -> Any:
    if column == "deleted":
        return 1 if value else 0
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if column in ("child_ids", "categories", "services", "settings") and value is None:
        return "[]"
    if isinstance(value, bool):
        return int(value)
    return value
