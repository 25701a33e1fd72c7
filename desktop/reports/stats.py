"""Counting for the reports, in SQL (json_each over the JSON list columns), never by
looping over rows in Python: the monthly report must stay within 2 s over 100k contacts.

Every function takes a DB-API connection (SQLCipher on a desk, an in-memory SQLite on the
central line) holding the local tables of docs/dev-contracts.md: `contact`, `child`,
`case_file`, `case_entry`, `referral`, with lists as JSON text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.reports import labels
from desktop.reports.periods import month_end_utc, month_start_utc, shift

Counts = tuple[int, ...]


@dataclass
class Line:
    code: str
    label: str
    counts: Counts  # one per month, in the order of the report's months


@dataclass
class Section:
    key: str
    title: str
    unit: str
    lines: list[Line] = field(default_factory=list)
    chart: str | None = None  # "bar" | "pie" | None
    note: str = ""

    def line(self, code: str) -> Line | None:
        return next((line for line in self.lines if line.code == code), None)


@dataclass(frozen=True)
class ContactScope:
    """Which contacts are counted: the months, and optionally one category (family or code)."""

    months: tuple[str, ...]
    category: str | None = None

    def cte(self) -> tuple[str, list[Any]]:
        """`WITH c AS (...)`: the scope's live contacts with their local month `ym`."""
        ranges = []
        params: list[Any] = []
        for ym in sorted(set(self.months)):
            # A generous text range first (offsets are within a day) so an index on
            # received_at can help; then the exact local month.
            ranges.append("(c0.received_at >= ? AND c0.received_at < ?)")
            params += [_day_before(ym), _day_after_end(ym)]
        where = f"c0.deleted = 0 AND ({' OR '.join(ranges)})"
        if self.category:
            where += (
                " AND EXISTS (SELECT 1 FROM json_each(c0.categories) jc"
                " WHERE jc.value = ? OR jc.value LIKE ?)"
            )
            params += [self.category, f"{self.category}.%"]
        marks = ",".join("?" * len(self.months))
        sql = (
            "WITH c0x AS (SELECT c0.*, strftime('%Y-%m', c0.received_at, '+7 hours') AS ym"
            f" FROM contact c0 WHERE {where}),"
            f" c AS (SELECT * FROM c0x WHERE ym IN ({marks}))"
        )
        return sql, params + list(self.months)


def _day_before(ym: str) -> str:
    # Earlier than needed is harmless: the exact local-month filter follows.
    return f"{shift(ym, -1)}-28"


def _day_after_end(ym: str) -> str:
    return f"{shift(ym, 1)}-02"


def grouped(
    conn: Any, months: Sequence[str], sql: str, params: Sequence[Any]
) -> dict[str, list[int]]:
    """Run `sql` returning (ym, code, n) rows; returns code → counts per month."""
    index = {ym: i for i, ym in enumerate(months)}
    result: dict[str, list[int]] = {}
    for ym, code, n in conn.execute(sql, list(params)):
        if ym not in index:
            continue
        key = "" if code is None else str(code)
        result.setdefault(key, [0] * len(months))[index[ym]] += int(n)
    return result


def lines_from(
    counts: dict[str, list[int]],
    label_of: Callable[[str], str],
    width: int,
    always: Sequence[str] = (),
    top: int | None = None,
    other_label: str = "Khác",
) -> list[Line]:
    """Lines in a stable order: `always` codes first (even when zero), then the rest by
    the size of the first month; past `top`, the remainder is summed into one line."""
    ordered = [code for code in always]
    rest = sorted(
        (c for c in counts if c not in always), key=lambda c: (-counts[c][0], -sum(counts[c]), c)
    )
    ordered += rest
    lines = []
    for code in ordered:
        values = counts.get(code) or [0] * width
        lines.append(Line(code, label_of(code), tuple(values)))
    if top is not None and len(lines) > top:
        kept, dropped = lines[:top], lines[top:]
        summed = tuple(sum(line.counts[i] for line in dropped) for i in range(width))
        kept.append(Line("_other", other_label, summed))
        lines = kept
    return lines


def zero_lines(codes: Sequence[str], label_of: Callable[[str], str], width: int) -> list[Line]:
    return [Line(code, label_of(code), (0,) * width) for code in codes]


# ---------------------------------------------------------------- contact breakdowns

FAMILY_SQL = "CASE WHEN instr(j.value, '.') > 0 THEN substr(j.value, 1, instr(j.value, '.') - 1) ELSE j.value END"

AGE_SQL = (
    "CASE"
    " WHEN ch.birth_date IS NOT NULL AND ch.birth_date != '' THEN"
    "  CAST(substr(c.ym, 1, 4) AS INTEGER) - CAST(substr(ch.birth_date, 1, 4) AS INTEGER)"
    "  - (strftime('%m-%d', c.received_at, '+7 hours') < substr(ch.birth_date, 6, 5))"
    " WHEN ch.birth_year IS NOT NULL THEN CAST(substr(c.ym, 1, 4) AS INTEGER) - ch.birth_year"
    " END"
)
AGE_GROUP_SQL = (
    f"CASE WHEN ({AGE_SQL}) IS NULL OR ({AGE_SQL}) < 0 THEN 'unknown'"
    f" WHEN ({AGE_SQL}) <= 5 THEN '0_5' WHEN ({AGE_SQL}) <= 10 THEN '6_10'"
    f" WHEN ({AGE_SQL}) <= 15 THEN '11_15' ELSE '16_plus' END"
)


def count_contacts(conn: Any, scope: ContactScope) -> dict[str, list[int]]:
    cte, params = scope.cte()
    return grouped(
        conn, scope.months, f"{cte} SELECT ym, 'all', count(*) FROM c GROUP BY ym", params
    )


def by_column(conn: Any, scope: ContactScope, column: str) -> dict[str, list[int]]:
    """Contacts by a plain column (channel, call_type, caller_relation, risk, province_code)."""
    cte, params = scope.cte()
    sql = f"{cte} SELECT ym, c.{column}, count(*) FROM c GROUP BY ym, c.{column}"
    return grouped(conn, scope.months, sql, params)


def by_list(
    conn: Any, scope: ContactScope, column: str, code_sql: str = "j.value"
) -> dict[str, list[int]]:
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


def by_child_sex_age(conn: Any, scope: ContactScope) -> dict[str, list[int]]:
    """Children in contacts by sex and age group at the contact (one per child per contact)."""
    cte, params = scope.cte()
    sql = (
        f"{cte} SELECT ym, coalesce(nullif(ch.sex, ''), 'U') || ':' || ({AGE_GROUP_SQL}), count(*)"
        " FROM c, json_each(c.child_ids) j JOIN child ch ON ch.id = j.value"
        " GROUP BY 1, 2"
    )
    return grouped(conn, scope.months, sql, params)


def by_child_field(conn: Any, scope: ContactScope, expression: str) -> dict[str, list[int]]:
    """Children in contacts by an expression over `ch` (e.g. sex, age group)."""
    cte, params = scope.cte()
    sql = (
        f"{cte} SELECT ym, {expression}, count(*)"
        " FROM c, json_each(c.child_ids) j JOIN child ch ON ch.id = j.value GROUP BY 1, 2"
    )
    return grouped(conn, scope.months, sql, params)


def by_commune(conn: Any, scope: ContactScope) -> dict[str, list[int]]:
    """Contacts by the home commune of their children (a contact counts once per commune)."""
    cte, params = scope.cte()
    sql = (
        f"{cte} SELECT ym, code, count(*) FROM ("
        " SELECT DISTINCT c.ym, c.id, coalesce(ch.home_commune_code, '') AS code"
        " FROM c, json_each(c.child_ids) j JOIN child ch ON ch.id = j.value)"
        " GROUP BY ym, code"
        " UNION ALL SELECT ym, '', count(*) FROM c WHERE json_array_length(c.child_ids) = 0"
        " GROUP BY ym"
    )
    return grouped(conn, scope.months, sql, params)


def files_opened(conn: Any, scope: ContactScope) -> dict[str, list[int]]:
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
    return (
        " AND EXISTS (SELECT 1 FROM json_each(cf.categories) jc WHERE jc.value = ? OR jc.value LIKE ?)",
        [category, f"{category}.%"],
    )


def cases_opened_closed(
    conn: Any, months: Sequence[str], category: str | None = None
) -> dict[str, list[int]]:
    extra, params = _case_filter(category)
    sql = (
        f"SELECT strftime('%Y-%m', {CASE_RECEIVED}, '+7 hours'), 'opened', count(*)"
        f" FROM case_file cf WHERE cf.deleted = 0{extra} GROUP BY 1"
        f" UNION ALL SELECT strftime('%Y-%m', {CASE_CLOSED}, '+7 hours'), 'closed', count(*)"
        f" FROM case_file cf WHERE cf.deleted = 0 AND ({CASE_CLOSED}) IS NOT NULL{extra} GROUP BY 1"
    )
    return grouped(conn, months, sql, params + params)


def cases_active_and_overdue(
    conn: Any, months: Sequence[str], now_utc: str, category: str | None = None
) -> dict[str, list[int]]:
    """Cases open at each month's end (or now, for the current month) and, of those, the
    ones past a step deadline at that moment, by step.

    Deadlines of Decree 56: the initial assessment (12 hours when urgent) and the plan
    (5 working days). The services write the step's first entry (assessment / plan) when
    the case leaves the step, so a case is overdue at a moment when the deadline has
    passed and that entry had not been written yet."""
    extra, extra_params = _case_filter(category)
    moments = [min(month_end_utc(ym), now_utc) for ym in months]
    values = ", ".join("(?, julianday(?))" for _ in moments)
    sql = (
        f"WITH at(i, t) AS (VALUES {values}),"
        " firsts AS (SELECT case_id,"
        "  min(CASE WHEN kind = 'assessment' THEN occurred_at END) AS assessed,"
        "  min(CASE WHEN kind = 'plan' THEN occurred_at END) AS planned"
        "  FROM case_entry WHERE deleted = 0 AND kind IN ('assessment', 'plan') GROUP BY case_id),"
        f" cases AS (SELECT julianday({CASE_RECEIVED}) AS opened,"
        f"  julianday({CASE_CLOSED}) AS closed, julianday(cf.assessment_due) AS assess_due,"
        "  julianday(cf.plan_due) AS plan_due, julianday(f.assessed) AS assessed,"
        "  julianday(f.planned) AS planned"
        "  FROM case_file cf LEFT JOIN firsts f ON f.case_id = cf.id"
        f"  WHERE cf.deleted = 0{extra}),"
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


OVERDUE_KEYS = ("overdue:initial_assessment", "overdue:plan")


def referrals_by(
    conn: Any, months: Sequence[str], column: str, category: str | None = None
) -> dict[str, list[int]]:
    """Referrals sent in each month by agency or by status (their outcome so far)."""
    extra, params = _case_filter(category)
    sql = (
        f"SELECT strftime('%Y-%m', coalesce(nullif(r.sent_at, ''), r.created_at), '+7 hours'), r.{column}, count(*)"
        " FROM referral r JOIN case_file cf ON cf.id = r.case_id"
        f" WHERE r.deleted = 0 AND cf.deleted = 0{extra} GROUP BY 1, 2"
    )
    return grouped(conn, months, sql, params)


def interventions(
    conn: Any, months: Sequence[str], category: str | None = None
) -> dict[str, list[int]]:
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


def sex_age_label(code: str) -> str:
    sex, _, group = code.partition(":")
    return f"{labels.SEX.get(sex, labels.UNKNOWN)}, {labels.AGE_GROUP_LABEL.get(group, labels.UNKNOWN).lower()}"


SEX_AGE_ORDER = tuple(
    f"{sex}:{group}" for sex in ("F", "M") for group, _ in labels.AGE_GROUPS if group != "unknown"
)
