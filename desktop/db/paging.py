"""Keyset paging: a page starts after the last row of the page before, by its sort key.

A list is ordered by a few columns and the table's rowid last (unique, so no row is shown
twice or skipped when values tie); the next page is `WHERE (k1, k2, rowid) < (?, ?, ?)`
(or `>` ascending), which SQLite answers along the index of that order. The cost of a page
is then the cost of its own rows, wherever it is in the list (OFFSET walks every row
before it: at 1M contacts the last page took 3.5 s).

The cursor handed to the caller is opaque text (JSON of the last row's key values); a
cursor that is not one of ours is refused with ValidationError, never put in SQL text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop.errors import ValidationError


@dataclass(frozen=True)
class Order:
    """An order of a list: SQL column expressions (the last one unique, e.g. the rowid),
    all ascending or all descending (an index serves both directions, not a mix)."""

    columns: tuple[str, ...]
    descending: bool = True

    @property
    def sql(self) -> str:
        direction = " DESC" if self.descending else ""
        return ", ".join(f"{c}{direction}" for c in self.columns)

    @property
    def select(self) -> str:
        """The key columns to read beside each row (the last row's make the cursor)."""
        return ", ".join(self.columns)


def after_clause(order: Order, cursor: str | None) -> tuple[str, list[Any]]:
    """('(a, b) < (?, ?)', values) for rows after `cursor`, or ('1', []) for the first page."""
    if cursor is None:
        return "1", []
    values = decode(cursor, len(order.columns))
    sign = "<" if order.descending else ">"
    marks = ", ".join("?" * len(values))
    return f"({', '.join(order.columns)}) {sign} ({marks})", values


def encode(values: Sequence[Any]) -> str:
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


def decode(cursor: Any, width: int) -> list[Any]:
    """The key values in a cursor of `width` columns; ValidationError for anything else."""
    try:
        values = json.loads(cursor) if isinstance(cursor, str) else None
    except ValueError:
        values = None
    if (
        not isinstance(values, list)
        or len(values) != width
        or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values)
    ):
        raise ValidationError(
            {
                "after": (
                    "Vị trí trang không hợp lệ: tải lại danh sách.",
                    "Not a page position of this list: load the list again.",
                )
            }
        )
    return values


def next_cursor(rows: Sequence[Sequence[Any]], width: int, limit: int) -> str | None:
    """The cursor after the last of `rows` (each ending with its `width` key values), or
    None when the page was not full (nothing after it)."""
    if len(rows) < limit or not rows:
        return None
    return encode(list(rows[-1][-width:]))


def order_of(sort: str, sorts: dict[str, tuple[str, ...]]) -> Order:
    """The Order for a sort name ("x" ascending, "-x" descending) among `sorts`;
    ValidationError naming the choices for any other."""
    name = sort[1:] if isinstance(sort, str) and sort.startswith("-") else sort
    if not isinstance(name, str) or name not in sorts:
        choices = ", ".join(sorted(sorts))
        raise ValidationError(
            {
                "sort": (
                    f"Không sắp xếp được theo {sort!r}: chọn một trong {choices}.",
                    f"Cannot sort by {sort!r}: choose one of {choices}.",
                )
            }
        )
    return Order(sorts[name], descending=sort.startswith("-"))


def page_rows(
    conn: Any,
    *,
    select: str,
    source: str,
    where: str,
    params: Sequence[Any],
    order: Order,
    after: str | None,
    limit: int,
    offset: int = 0,
) -> tuple[list[Any], str | None]:
    """One page of `SELECT select FROM source WHERE where` in `order`, after the cursor
    `after` (the first page: from `offset`, for callers that still jump by position), and the
    cursor of the next page. Each row ends with the order's key values. ValidationError for
    a cursor that is not ours."""
    clause, values = after_clause(order, after)
    tail = " OFFSET ?" if after is None and offset else ""
    rows = conn.execute(
        f"SELECT {select}, {order.select} FROM {source} WHERE {where} AND {clause}"
        f" ORDER BY {order.sql} LIMIT ?{tail}",
        [*params, *values, int(limit), *([int(offset)] if tail else [])],
    ).fetchall()
    return rows, next_cursor(rows, len(order.columns), limit)
