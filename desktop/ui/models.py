"""Table models over the services' paged lists: rows page in as the view scrolls.

A `PagedTableModel` never holds the whole list: it asks the DB worker for `page_size` rows
at a time (`canFetchMore`/`fetchMore`), so 100k contacts scroll smoothly.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from desktop.ui import fmt, ops

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str  # English source text, translated in the "Columns" context
    value: Callable[[dict[str, Any]], str]
    sort: str | None = None  # the services' sort name for this column; None: not sortable


def _children_names(row: dict[str, Any]) -> str:
    children = row.get("children")
    if isinstance(children, (list, tuple)) and children:
        return ", ".join(c.get("full_name", "") for c in children if isinstance(c, dict))
    names = row.get("child_names") or row.get("name") or ""
    if isinstance(names, list):
        return ", ".join(str(n) for n in names)
    return str(names)


def _caller(row: dict[str, Any]) -> str:
    if row.get("caller_anonymous"):
        return QCoreApplication.translate("Columns", "Anonymous")
    return " ".join(p for p in (row.get("caller_name", ""), row.get("caller_phone", "")) if p)


def _overdue(row: dict[str, Any]) -> bool:
    return bool(row.get("overdue") or (row.get("deadlines") or {}).get("overdue"))


def _deadline(row: dict[str, Any]) -> str:
    if _overdue(row):
        return QCoreApplication.translate("Columns", "Overdue")
    deadlines = row.get("deadlines") or row
    status = row.get("status")
    due = None
    if status in ("received", "initial_assessment"):
        due = deadlines.get("assessment_due") or deadlines.get("plan_due")
    elif status in ("needs_assessment", "plan"):
        due = deadlines.get("plan_due")
    return fmt.date_time(due) if due else ""


CONTACT_KEEP = frozenset(
    {
        "id",
        "number",
        "received_at",
        "channel",
        "call_type",
        "caller_name",
        "caller_phone",
        "caller_anonymous",
        "categories",
        "risk",
        "worker",
        "case_id",
    }
)
CASE_KEEP = frozenset(
    {"id", "number", "child_name", "status", "risk", "assigned_to", "received_at", "overdue"}
)
CHILD_KEEP = frozenset(
    {
        "id",
        "full_name",
        "sex",
        "birth_date",
        "birth_year",
        "home_commune_code",
        "home_province_code",
    }
)

CONTACT_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("Columns", "Number"), lambda r: r.get("number", ""), "number"),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Received"),
        lambda r: fmt.date_time(r.get("received_at")),
        "received_at",
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Channel"),
        lambda r: fmt.label("channels", r.get("channel")),
        "channel",
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Call type"),
        lambda r: fmt.label("call_types", r.get("call_type")),
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Children"), _children_names),
    Column(QT_TRANSLATE_NOOP("Columns", "Caller"), _caller),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Categories"),
        lambda r: ", ".join(fmt.category_label(c) for c in r.get("categories") or []),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Risk"),
        lambda r: fmt.label("risk_levels", r.get("risk")),
        "risk",
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Worker"), lambda r: r.get("worker", ""), "worker"),
)

CASE_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("Columns", "Number"), lambda r: r.get("number", ""), "number"),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Child"), lambda r: r.get("child_name") or _children_names(r)
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Step"),
        lambda r: fmt.label("case_steps", r.get("status")),
        "status",
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Risk"),
        lambda r: fmt.label("risk_levels", r.get("risk")),
        "risk",
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Assigned to"),
        lambda r: r.get("assigned_to", ""),
        "assigned_to",
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Received"),
        lambda r: fmt.date_time(r.get("received_at")),
        "received_at",
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Deadline"), _deadline),
)

CHILD_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("Columns", "Name"), lambda r: r.get("full_name", ""), "full_name"),
    Column(QT_TRANSLATE_NOOP("Columns", "Sex"), lambda r: fmt.label("sexes", r.get("sex"))),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Born"),
        lambda r: fmt.date(r.get("birth_date")) or str(r.get("birth_year") or ""),
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Commune"), lambda r: _commune(r.get("home_commune_code"))),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Province"), lambda r: _province(r.get("home_province_code"))
    ),
)


def _commune(code: str | None) -> str:
    if not code:
        return ""
    from desktop.domain import places

    try:
        return places.commune_name(code)
    except (KeyError, ValueError):
        return code


def _province(code: str | None) -> str:
    if not code:
        return ""
    from desktop.domain import places

    try:
        return places.province_name(code)
    except (KeyError, ValueError):
        return code


class SlimRow(tuple):
    """A row as a tuple with dict-style `get` (the columns' value functions use `get`)."""

    keys: tuple[str, ...] = ()
    index: dict[str, int] = {}

    @classmethod
    def kind(cls, keys: tuple[str, ...]) -> type[SlimRow]:
        return type(
            "SlimRow",
            (cls,),
            {"keys": keys, "index": {k: i for i, k in enumerate(keys)}, "__slots__": ()},
        )

    __slots__ = ()

    def get(self, key: str, default: Any = None) -> Any:
        position = self.index.get(key)
        if position is None:
            return default
        value = self[position]
        return default if value is None else value

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self.index[key])
        return tuple.__getitem__(self, key)


# (ws, filters, position, limit) -> Page. position: None for the first page, then the
# Page.after cursor of the page before (keyset); a fetch whose pages carry no cursor is
# given the row offset instead. filters carry "sort" when the user sorted by a column.
Fetch = Callable[[Any, dict[str, Any], Any, int], Any]


class PagedTableModel(QAbstractTableModel):
    """Rows from a services `list_*` call, fetched page by page on the DB worker."""

    loaded = Signal(int)  # total rows known after the first page arrives

    def __init__(
        self,
        columns: tuple[Column, ...],
        fetch: Fetch,
        page_size: int = 200,
        more_size: int = 1000,
        keep: frozenset[str] | None = None,
    ) -> None:
        super().__init__()
        self.columns = columns
        self.fetch = fetch
        self.page_size = page_size  # the first page: small, so it shows at once
        self.more_size = more_size  # later pages: larger, fewer round trips when scrolling
        self.keep = keep
        self._row_type: type[SlimRow] | None = None
        self.filters: dict[str, Any] = {}
        self.rows: list[dict[str, Any]] = []
        self.total = 0
        self.sort_name: str | None = None  # e.g. "-received_at"; None: the list's own order
        self._next: Any = None  # where the next page starts (cursor or offset); None: end
        self._generation = 0
        self._loading = False

    # -- loading --------------------------------------------------------------------
    def reload(self, filters: dict[str, Any] | None = None) -> None:
        """Start again from the first page (new filters, or data changed)."""
        if filters is not None:
            self.filters = dict(filters)
        self._generation += 1
        self._loading = False
        self._request(None, replace=True)

    def clear(self) -> None:
        """Drop every row (the desk is locking)."""
        self._generation += 1
        self.beginResetModel()
        self.rows = []
        self.total = 0
        self._next = None
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column the services can order by (others keep the current order)."""
        if not 0 <= column < len(self.columns) or self.columns[column].sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.sort_name = ("-" if descending else "") + str(self.columns[column].sort)
        self.reload()

    def sort_column(self) -> int:
        """The column the list is sorted by, or -1 (the list's own order)."""
        name = (self.sort_name or "").lstrip("-")
        return next((i for i, c in enumerate(self.columns) if c.sort and c.sort == name), -1)

    def _request(self, position: Any, *, replace: bool) -> None:
        generation, filters = self._generation, dict(self.filters)
        if self.sort_name:
            filters["sort"] = self.sort_name
        limit = self.page_size if replace else self.more_size
        self._loading = True
        ops.run_op(
            self,
            lambda ws: self.fetch(ws, filters, position, limit),
            lambda page: self._arrived(generation, page, replace, limit),
            lambda error: self._failed(generation, error),
        )

    def _arrived(self, generation: int, page: Any, replace: bool, limit: int = 0) -> None:
        if generation != self._generation:
            return
        self._loading = False
        rows = [self._slim(row) for row in page.rows]
        if page.total is not None:
            self.total = int(page.total)
        shown = len(self.rows) * (not replace) + len(rows)
        cursor = getattr(page, "after", None)
        if cursor is not None:
            self._next = cursor
        else:  # the last page (not full), or a full page of a fetch that pages by offset
            self._next = shown if len(rows) >= limit > 0 and shown < self.total else None
        if replace:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()
            self.loaded.emit(self.total)
            return
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def _slim(self, row: dict[str, Any]) -> Any:
        """Keep only what the columns show, as a compact row: 100k rows must fit in a
        desk PC's memory. Codes repeat on every row, so they are interned."""
        if self.keep is None:
            return row
        if self._row_type is None:
            self._row_type = SlimRow.kind(tuple(sorted(self.keep | {"children", "deadlines"})))
        values = []
        for key in self._row_type.keys:
            value = row.get(key)
            if key == "children" and isinstance(value, list):
                value = tuple({"full_name": c.get("full_name", "")} for c in value)
            elif key == "deadlines" and isinstance(value, dict):
                value = {k: value.get(k) for k in ("overdue", "assessment_due", "plan_due")}
            elif isinstance(value, str) and len(value) <= 24:
                value = sys.intern(value)
            elif isinstance(value, list):
                value = tuple(sys.intern(v) if isinstance(v, str) else v for v in value)
            values.append(value)
        return self._row_type(values)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        from desktop.ui.messages import show_error

        show_error(None, error)

    @property
    def loading(self) -> bool:
        return self._loading

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._loading and self._next is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if self.canFetchMore(parent):
            self._request(self._next, replace=False)

    # -- the model ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()].value(row)
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return row.get("id")
        if role == Qt.ItemDataRole.ForegroundRole and _overdue(row):
            return QBrush(QColor("#c62828"))
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and section < len(self.columns):
            return QCoreApplication.translate("Columns", self.columns[section].title)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self.rows) - 1, len(self.columns) - 1),
            )
